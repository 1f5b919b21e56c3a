"""Date selection: which dates of a corpus matter.

Each candidate date gets a few counts (how many sentences and articles mention it, how many
articles were published on it or the day after, how early in their articles the mentions
are, how long after it is still mentioned, ...). A linear score over the log-counts,
each relative to the corpus's top date, ranks the dates.

The default weights are set by hand from what the counts mean, not fitted. A logistic
regression over the same features (`fit_date_weights`: each timeline weighs the same, the
regularisation chosen by inner leave-one-topic-out) can take their place; fitted
leave-one-topic-out on the Timeline17 development topics (`dateline bench --fit-dates`) it
ranks dates about as well as the hand weights on the held-out topics, not better (see
docs/benchmarks.md), so no fitted model ships.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from dateline.timeline.corpus import Corpus

FEATURES = (
    "mention_docs",  # articles that mention the date
    "mention_sents",  # sentences that mention the date
    "mention_lead_docs",  # articles that mention it in their first sentences
    "mention_later_docs",  # articles published on or after the date that mention it (reports)
    "mention_retro_docs",  # articles published two or more days after the date that mention it
    "mention_before_docs",  # articles published before the date that mention it (previews)
    "published_docs",  # articles published on the date
    "published_next_docs",  # articles published the day after
    "mention_docs_window",  # articles mentioning the date or its neighbours (+-1 day)
    "mention_span_days",  # how long after the date it is still mentioned (log days)
    "mention_sources",  # distinct outlets whose articles mention the date
    # Articles published within VOLUME_DAYS of the date: how much was being written at
    # the time. A negative weight judges the other counts relative to it (log-linear:
    # mentions / volume ** w), so a busy month does not crowd out a quiet one.
    "published_around",
    # Articles and sentences that name the date by a bare weekday only ("on Thursday"),
    # counted whether or not weekday mentions count among the mentions above: a fitted
    # model weighs them itself (a discount learned, not an on/off switch).
    "weekday_docs",
    "weekday_sents",
    # Where the date falls in the window, 0 (its start) to 1 (its end), not a count: the
    # log1p of it is monotone, and its column is shifted like the others.
    "window_position",
)

# Mentions by distinct articles dominate; reports after the fact, mentions in leads and
# publication counts add evidence; previews (mentions before the date) add none.
DEFAULT_WEIGHTS: dict[str, float] = {
    "mention_docs": 1.0,
    "mention_sents": 0.3,
    "mention_lead_docs": 0.5,
    "mention_later_docs": 0.3,
    "mention_retro_docs": 0.0,
    "mention_before_docs": 0.0,
    "published_docs": 0.3,
    "published_next_docs": 0.2,
    "mention_docs_window": 0.2,
    "mention_span_days": 0.2,
    "mention_sources": 0.0,
    "published_around": 0.0,
    "weekday_docs": 0.0,
    "weekday_sents": 0.0,
    "window_position": 0.0,
}

VOLUME_DAYS = 3  # the publishing volume around a date: d - 3 .. d + 3 (a week)

LEAD_SENTENCES = 5


@dataclass(slots=True)
class DateStats:
    date: dt.date
    counts: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FEATURES, 0.0))

    def vector(self) -> list[float]:
        return [math.log1p(self.counts[name]) for name in FEATURES]


def date_statistics(
    corpus: Corpus,
    start: dt.date | None = None,
    end: dt.date | None = None,
    relevant: Sequence[bool] | None = None,
    weekdays: bool = False,
) -> dict[dt.date, DateStats]:
    """Counts for every day-precise date mentioned or published in [start, end].

    `relevant[i]` says whether sentence i may count (the topic filter); duplicate articles
    count once. With `weekdays`, days named by a bare weekday count as mentions too.
    """
    mention_docs: dict[dt.date, set[int]] = defaultdict(set)
    mention_sents: dict[dt.date, int] = defaultdict(int)
    lead_docs: dict[dt.date, set[int]] = defaultdict(set)
    later_docs: dict[dt.date, set[int]] = defaultdict(set)
    retro_docs: dict[dt.date, set[int]] = defaultdict(set)
    before_docs: dict[dt.date, set[int]] = defaultdict(set)
    last_mention: dict[dt.date, dt.date] = {}
    weekday_docs: dict[dt.date, set[int]] = defaultdict(set)
    weekday_sents: dict[dt.date, int] = defaultdict(int)
    published: dict[dt.date, set[int]] = defaultdict(set)

    def in_range(d: dt.date) -> bool:
        return (start is None or d >= start) and (end is None or d <= end)

    for a, art in enumerate(corpus.articles):
        if corpus.is_duplicate[a]:
            continue
        pub = art.published
        if pub is not None and in_range(pub):
            published[pub].add(a)
        for s in corpus.sentences_of(a):
            if relevant is not None and not relevant[s]:
                continue
            days = corpus.sentence_counted_days[s]
            weekday_only = corpus.sentence_weekday_days[s]
            for d in weekday_only:
                if in_range(d):
                    weekday_docs[d].add(a)
                    weekday_sents[d] += 1
            if weekdays and weekday_only:
                days = days + weekday_only
            for d in days:
                if not in_range(d):
                    continue
                mention_docs[d].add(a)
                mention_sents[d] += 1
                if corpus.sentence_index[s] < LEAD_SENTENCES:
                    lead_docs[d].add(a)
                if pub is not None:
                    if pub >= d:
                        later_docs[d].add(a)
                        if (pub - d).days >= 2:
                            retro_docs[d].add(a)
                        if last_mention.get(d, d) < pub:
                            last_mention[d] = pub
                    else:
                        before_docs[d].add(a)

    stats: dict[dt.date, DateStats] = {}
    first_day = start or min(set(mention_docs) | set(published), default=None)
    last_day = end or max(set(mention_docs) | set(published), default=None)
    for d in set(mention_docs) | set(published):
        st = DateStats(d)
        c = st.counts
        c["mention_docs"] = len(mention_docs.get(d, ()))
        c["mention_sents"] = mention_sents.get(d, 0)
        c["mention_lead_docs"] = len(lead_docs.get(d, ()))
        c["mention_later_docs"] = len(later_docs.get(d, ()))
        c["mention_retro_docs"] = len(retro_docs.get(d, ()))
        c["mention_before_docs"] = len(before_docs.get(d, ()))
        c["published_docs"] = len(published.get(d, ()))
        c["published_next_docs"] = len(published.get(d + dt.timedelta(days=1), ()))
        c["mention_span_days"] = (last_mention[d] - d).days if d in last_mention else 0
        c["weekday_docs"] = len(weekday_docs.get(d, ()))
        c["weekday_sents"] = weekday_sents.get(d, 0)
        if first_day is not None and last_day is not None and last_day > first_day:
            c["window_position"] = (d - first_day).days / (last_day - first_day).days
        stats[d] = st
    one = dt.timedelta(days=1)
    volume = {d: len(a) for d, a in published.items()}
    # The volume is smoothed by the collection's own average week, so that a quiet week
    # is not judged on a handful of articles (nor a day with none on zero): busy stretches
    # are marked down, a quiet one is not marked up beyond its average.
    average_week = 0.0
    if volume:
        first, last = start or min(volume), end or max(volume)
        days = max(1, (last - first).days + 1)
        average_week = sum(volume.values()) * (2 * VOLUME_DAYS + 1) / days
    sources = corpus.article_sources
    for d, st in stats.items():
        window: set[int] = set()
        for n in (d - one, d, d + one):
            window |= mention_docs.get(n, set())
        st.counts["mention_docs_window"] = len(window)
        st.counts["mention_sources"] = len({sources[a] for a in mention_docs.get(d, ())})
        st.counts["published_around"] = average_week + sum(
            volume.get(d + dt.timedelta(days=k), 0) for k in range(-VOLUME_DAYS, VOLUME_DAYS + 1)
        )
    return stats


def select_dates(
    ranked: Sequence[tuple[dt.date, float]], length: int, coverage: float = 0.0
) -> list[tuple[dt.date, float]]:
    """The `length` dates to summarise, best first. With `coverage` > 0, the span of the
    candidate dates is cut into round(coverage * length) equal stretches of time and the
    best date of each stretch is taken first (best stretch first), so a quiet stretch of
    the story still gets its turning point; the rest go by rank."""
    if length <= 0 or not ranked:
        return []
    segments = round(coverage * length)
    if segments < 2:
        return list(ranked[:length])
    first = min(d for d, _ in ranked)
    span = (max(d for d, _ in ranked) - first).days + 1
    best: dict[int, tuple[dt.date, float]] = {}
    for d, score in ranked:  # ranked best first: the first seen in a stretch is its best
        best.setdefault(min(segments - 1, (d - first).days * segments // span), (d, score))
    chosen = sorted(best.values(), key=lambda item: (-item[1], item[0]))[:length]
    taken = {d for d, _ in chosen}
    rest = [item for item in ranked if item[0] not in taken]
    return chosen + rest[: length - len(chosen)]


def feature_matrix(stats: dict[dt.date, DateStats]) -> tuple[list[dt.date], np.ndarray]:
    """Rows of log-counts, each column shifted so the corpus's top date is 0: the model sees
    how a date compares with the best in its own corpus, whatever the corpus size."""
    dates = sorted(stats)
    if not dates:
        return dates, np.zeros((0, len(FEATURES)))
    X = np.asarray([stats[d].vector() for d in dates], dtype=float)
    return dates, X - X.max(axis=0)


def score_dates(
    stats: dict[dt.date, DateStats], weights: dict[str, float] | None = None
) -> dict[dt.date, float]:
    """A linear score over the normalised log-counts; higher means more important."""
    w = weights or DEFAULT_WEIGHTS
    dates, X = feature_matrix(stats)
    if not dates:
        return {}
    scores = X @ np.asarray([w.get(name, 0.0) for name in FEATURES])
    return dict(zip(dates, scores.tolist(), strict=True))


def rank_dates(
    stats: dict[dt.date, DateStats], weights: dict[str, float] | None = None
) -> list[tuple[dt.date, float]]:
    """Dates by descending score; ties go to the earlier date, so the order is stable."""
    scores = score_dates(stats, weights)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


# The regularisation strengths the fit chooses among, by inner leave-one-topic-out.
FIT_C = (0.01, 0.1, 1.0)


def fit_date_weights(
    examples: Sequence[tuple[dict[dt.date, DateStats], set[dt.date]]],
    groups: Sequence[str] | None = None,
    c: float | None = None,
) -> dict[str, float]:
    """Logistic regression: is a date in the reference timeline? One example per reference
    timeline (its candidate dates' statistics and its gold dates). Each timeline weighs
    the same whatever its number of candidate dates (a long topic does not outvote the
    others). `c`, the inverse regularisation strength: None chooses it among `FIT_C` by
    leave-one-group-out over `groups` (the examples' topics), scoring the top dates the
    way the benchmark does (as many as the reference has); without two groups, 1."""
    if c is None:
        distinct = list(dict.fromkeys(groups or ()))
        if len(distinct) < 2 or groups is None:
            c = 1.0
        else:

            def inner(value: float) -> float:
                hits = []
                for g in distinct:
                    train = [e for e, h in zip(examples, groups, strict=True) if h != g]
                    w = fit_date_weights(train, c=value)
                    for (stats, gold), h in zip(examples, groups, strict=True):
                        if h == g:
                            top = [d for d, _ in rank_dates(stats, w)[: len(gold)]]
                            hits.append(len(set(top) & gold) / max(1, len(gold)))
                return float(np.mean(hits))

            c = max(FIT_C, key=lambda value: (inner(value), -value))
    from sklearn.linear_model import LogisticRegression

    rows, labels, weights = [], [], []
    for stats, gold in examples:
        dates, X = feature_matrix(stats)
        rows.append(X)
        labels.extend(d in gold for d in dates)
        weights.extend([1.0 / max(1, len(dates))] * len(dates))
    X = np.vstack(rows)
    y = np.asarray(labels, dtype=int)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    sw = np.asarray(weights) * len(examples)
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit((X - X.mean(axis=0)) / scale, y, sample_weight=sw)
    # Back to the raw feature scale: the same ranking without the standardisation.
    coef = model.coef_[0] / scale
    return {name: float(w) for name, w in zip(FEATURES, coef, strict=True)}
