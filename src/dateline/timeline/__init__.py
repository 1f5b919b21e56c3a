"""Select the dates that matter and summarise each: `Article`s in, a `Timeline` out."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from dateline.model import (
    Article,
    ArticleRef,
    Event,
    Problem,
    Timeline,
    TimelineEntry,
    TimelineSentence,
)
from dateline.request import in_window, query_words
from dateline.timeline.corpus import Corpus
from dateline.timeline.dates import (
    DEFAULT_WEIGHTS,
    DateStats,
    date_statistics,
    rank_dates,
    select_dates,
)
from dateline.timeline.events import (
    SAME_EVENT_SEMANTIC,
    SAME_EVENT_SIMILARITY,
    EventGroup,
    event_of,
    group_events,
)
from dateline.timeline.quotable import stands_alone, strip_dateline
from dateline.timeline.summarise import (
    MAX_TOKENS,
    MIN_TOKENS,
    REDUNDANT_SIMILARITY,
    CandidateIndex,
    SummaryParams,
    date_centroid,
    focus,
    knee_index,
    select_sentences,
)
from dateline.timeline.volume import about_query
from dateline.words import Terms

__all__ = [
    "Corpus",
    "MethodParams",
    "Prepared",
    "TimelineOptions",
    "build_timeline",
    "candidate_dates",
    "choose_length",
]


# A collection this small is read as a whole: every well-evidenced date is kept, and a
# date named by its weekday only counts as evidence (set a priori: a few articles cannot
# afford to discard any mention).
SMALL_COLLECTION = 30
SPARE_SENTENCES = 3  # summaries keep this many more, in case another date says them


@dataclass(frozen=True, slots=True)
class MethodParams:
    """The switches of the method that the benchmark chooses leave-one-topic-out
    (`dateline.bench.GRID_AXES`; docs/benchmarks.md says which values were chosen)."""

    # The defaults are the configuration chosen on all five development topics.
    evidence: str = "topic"  # which sentences count as date evidence: "topic" or "all"
    weekdays: bool = True  # weekday-only mentions count as evidence (always when small)
    volume: float = 0.5  # w in mentions / volume ** w: importance relative to publishing
    sources: float = 0.0  # weight of the number of distinct outlets naming the date
    coverage: float = 0.0  # share of the dates taken as the best of equal stretches of time
    summary: str = "events"  # "centroid" (Datewise-like) or "events" (best reported)
    semantic: bool = False  # group events by WordLlama vectors instead of TF-IDF

    def __post_init__(self) -> None:
        if self.evidence not in ("topic", "all"):
            raise ValueError(f"evidence must be 'topic' or 'all', not {self.evidence!r}")
        if self.summary not in ("centroid", "events"):
            raise ValueError(f"summary must be 'centroid' or 'events', not {self.summary!r}")
        if not 0.0 <= self.coverage <= 1.0:
            raise ValueError(f"coverage must be between 0 and 1, not {self.coverage}")


@dataclass(slots=True)
class TimelineOptions:
    max_dates: int | None = None  # None: choose from the data
    sentences_per_date: int = 2
    start: dt.date | None = None
    end: dt.date | None = None  # last date; articles published the day after count too
    keywords: tuple[str, ...] = ()  # a sentence must contain one of them
    query: str | None = None  # free text: its words become keywords, articles must match all
    sources: tuple[str, ...] = ()  # only articles from these outlets (`Article.source`)
    date_weights: dict[str, float] | None = None  # None: the defaults
    summary: SummaryParams = field(default_factory=SummaryParams)
    method: MethodParams = field(default_factory=MethodParams)


# The one definition of a query word (dateline.request), under its older name.
query_terms = query_words


def choose_length(scores: Sequence[float], minimum: int = 5, maximum: int = 60) -> int:
    """How many dates to keep when the user did not say: the knee of the sorted score
    curve (the point farthest from the chord joining its ends), within bounds."""
    n = len(scores)
    if n <= minimum:
        return n
    knee = knee_index(sorted(scores, reverse=True))  # the dates above the knee point
    return max(minimum, min(maximum, knee, n))


def _window_sentences(corpus: Corpus, options: TimelineOptions) -> np.ndarray:
    """Sentences of the articles inside the date window (undated articles stay in, for
    their absolute dates) that are about the query, when there is one."""
    inside = _window_articles(corpus, options)
    return inside[corpus.sentence_article] if len(corpus) else np.zeros(0, dtype=bool)


def _window_articles(corpus: Corpus, options: TimelineOptions) -> np.ndarray:
    """`_window_sentences`, per article."""
    n_articles = len(corpus.articles)
    inside = np.fromiter(
        (in_window(art.published, options.start, options.end) for art in corpus.articles),
        dtype=bool,
        count=n_articles,
    )
    terms = Terms(query_terms(options.query))
    sources = set(options.sources)
    if terms or sources:
        for a, art in enumerate(corpus.articles):
            if inside[a]:
                inside[a] = about_query(art, terms) and (not sources or art.source in sources)
    return inside


def _usable_sentences(corpus: Corpus, options: TimelineOptions, window: np.ndarray) -> np.ndarray:
    """The `window` sentences about the topic (with a keyword or a query word in them)."""
    keywords = tuple(options.keywords) + tuple(query_terms(options.query))
    return window & corpus.keyword_mask(keywords) if keywords else window


def is_small(corpus: Corpus) -> bool:
    return len(corpus.articles) <= SMALL_COLLECTION


class Prepared:
    """What a timeline needs from a corpus that does not depend on the method's
    parameters: which sentences are in the window, about the topic and quotable, each
    date's candidates, and each date's summary once computed. The benchmark shares one
    per reference window across every configuration it scores."""

    def __init__(self, corpus: Corpus, options: TimelineOptions) -> None:
        self.corpus = corpus
        self.window = _window_sentences(corpus, options)
        self.usable = _usable_sentences(corpus, options, self.window)
        self.quotable = self.usable & np.fromiter(
            (
                stands_alone(corpus.sentence_text[s], len(corpus.sentence_days[s]))
                for s in range(len(corpus))
            ),
            dtype=bool,
            count=len(corpus),
        )
        # A date's picture (its vector, the focus on what its sentences share) is drawn
        # from every sentence naming it or leading that day's reports; only the sentences
        # about the topic that stand alone may be quoted. Datewise does the same: its
        # keyword filter is on the output.
        self.index = CandidateIndex(corpus, self.window, options.summary)
        self._stats: dict[tuple[bool, bool], dict[dt.date, DateStats]] = {}
        self._summaries: dict[tuple[dt.date, int, str, bool], list[list[int]]] = {}
        self._events: dict[tuple[dt.date, bool], list[EventGroup]] = {}

    def stats(self, options: TimelineOptions, method: MethodParams) -> dict[dt.date, DateStats]:
        weekdays = method.weekdays or is_small(self.corpus)
        key = (method.evidence == "all", weekdays)
        if key not in self._stats:
            relevant = self.window if key[0] else self.usable
            self._stats[key] = date_statistics(
                self.corpus, options.start, options.end, relevant, weekdays=weekdays
            )
        return self._stats[key]

    def events(self, day: dt.date, semantic: bool = False) -> list[EventGroup]:
        key = (day, semantic)
        if key not in self._events:
            mentioned, published = self.index.candidates(day)
            self._events[key] = group_events(
                self.corpus,
                day,
                mentioned + published,
                self.quotable,
                threshold=SAME_EVENT_SEMANTIC if semantic else SAME_EVENT_SIMILARITY,
                semantic=semantic,
            )
        return self._events[key]

    def quotable_count(self, day: dt.date) -> int:
        """How many of the date's candidate sentences may be quoted."""
        mentioned, published = self.index.candidates(day)
        return int(self.quotable[mentioned].sum() + self.quotable[published].sum())

    def summary(self, day: dt.date, k: int, method: MethodParams) -> list[list[int]]:
        """The date's quotable sentences, best first, in groups that say one thing (an
        event's members, closest first): its summary (a few more than `k`, so the caller
        can skip those another date already says), then the rest, one group each."""
        key = (day, k, method.summary, method.semantic)
        if key not in self._summaries:
            self._summaries[key] = self._summarise(day, k + SPARE_SENTENCES, method)
        return self._summaries[key]

    def _summarise(self, day: dt.date, k: int, method: MethodParams) -> list[list[int]]:
        corpus = self.corpus
        mentioned, published = self.index.candidates(day)
        centroid = date_centroid(corpus.vectors, mentioned, published)
        if centroid is None:
            return []
        candidates = mentioned + published
        focused, focus_centroid = focus(corpus, candidates, centroid)
        quotable = self.quotable
        if method.summary == "events":
            best = self._event_summary(self.events(day, method.semantic), focus_centroid, k)
        else:
            chosen = select_sentences(
                corpus,
                [c for c in candidates if quotable[c]],
                focus_centroid,
                k,
                preferred=[c for c in focused if quotable[c]],
            )
            best = [[c] for c in chosen]
        taken = [c for group in best for c in group]
        return best + [[c] for c in self._rest(candidates, taken, focus_centroid)]

    def _rest(self, candidates: list[int], best: list[int], centroid: np.ndarray) -> list[int]:
        """The date's other quotable candidates, closest to its focus first: the date
        still has something to say when another date already said its best sentences
        (so whether a date appears does not hang on which of its sentences ranked first)."""
        corpus = self.corpus
        taken = set(best)
        rest = [
            c
            for c in dict.fromkeys(candidates)
            if c not in taken and self.quotable[c] and _quotable_length(corpus, c)
        ]
        if not rest:
            return []
        sims = np.asarray(corpus.vectors[rest] @ centroid).ravel()
        return [rest[i] for i in np.argsort(-sims, kind="stable")]

    def _event_summary(
        self, events: list[EventGroup], centroid: np.ndarray, k: int
    ) -> list[list[int]]:
        """The date's events, each by its member closest to the date's focus, ranked by
        that closeness times how many articles report the event (1 + log n): what the
        day's reports share, said the way most of them say it."""
        corpus = self.corpus
        # Plain sums, not BLAS (see summarise.select_sentences).
        c = centroid / (float(np.sqrt(np.sum(centroid * centroid))) or 1.0)
        if not events:
            return []
        members = np.concatenate([np.asarray(e.members, dtype=np.int64) for e in events])
        owner = np.repeat(np.arange(len(events)), [len(e.members) for e in events])
        tokens = corpus.token_counts[members]
        ok = self.quotable[members] & (tokens >= MIN_TOKENS) & (tokens <= MAX_TOKENS)
        members, owner = members[ok], owner[ok]
        if members.size == 0:
            return []
        sims = np.asarray(corpus.vectors[members] @ c).ravel()
        order = np.lexsort((-sims, owner))  # by event, closest member first
        _, first = np.unique(owner[order], return_index=True)
        best = order[first]  # each event's closest member
        support = np.asarray([1 + math.log(len(events[e].articles)) for e in owner[best]])
        ranked = owner[best[np.argsort(-(sims[best] * support), kind="stable")]]
        # Each event's members, closest first: when another date already quotes the
        # best one (a sentence naming two days), the event still speaks for this day.
        groups = []
        for e in ranked[:k]:
            mine = order[owner[order] == e]
            groups.append([int(members[i]) for i in mine])
        return groups


def _quotable_length(corpus: Corpus, s: int) -> bool:
    return MIN_TOKENS <= int(corpus.token_counts[s]) <= MAX_TOKENS


def candidate_dates(
    corpus: Corpus, options: TimelineOptions
) -> tuple[np.ndarray, dict[dt.date, DateStats]]:
    """The sentences that may be quoted, and the statistics of every date they mention."""
    prepared = Prepared(corpus, options)
    return prepared.usable, prepared.stats(options, options.method)


def rank_candidate_dates(
    stats: dict[dt.date, DateStats], method: MethodParams, weights: dict[str, float] | None
) -> list[tuple[dt.date, float]]:
    """Dates by descending score: under `weights` when given (a fitted date model has its
    own volume and outlet weights), else the hand weights with the method's two."""
    if weights is not None:
        return rank_dates(stats, weights)
    w = dict(DEFAULT_WEIGHTS, published_around=-method.volume, mention_sources=method.sources)
    return rank_dates(stats, w)


def build_timeline(
    articles: Sequence[Article],
    options: TimelineOptions | None = None,
    *,
    corpus: Corpus | None = None,
    prepared: Prepared | None = None,
    problems: Sequence[Problem] = (),
) -> Timeline:
    """Rank dates, then summarise the best ones. Pass a prebuilt `corpus` (or `prepared`
    view of it, for the same options' window and keywords) to reuse its sentence vectors
    across several timelines of the same articles."""
    options = options or TimelineOptions()
    method = options.method
    if prepared is None:
        prepared = Prepared(corpus or Corpus.of(articles), options)
    corpus = prepared.corpus
    ranked = rank_candidate_dates(prepared.stats(options, method), method, options.date_weights)
    length = options.max_dates
    if length is None:
        length = (
            len(well_evidenced(ranked, prepared.stats(options, method)))
            if is_small(corpus)
            else choose_length([score for _, score in ranked])
        )
    k = options.sentences_per_date
    order = select_dates(ranked, len(ranked), method.coverage)
    chosen = _assign(
        corpus,
        lambda i: prepared.summary(order[i][0], k, method),
        # Only a date with fewer candidates than a summary's worth goes ahead of its
        # rank: the big dates keep their rank order.
        lambda i: min(prepared.quotable_count(order[i][0]), k + SPARE_SENTENCES),
        len(order),
        length,
        k,
    )
    entries: list[TimelineEntry] = []
    for i, sentences in chosen.items():
        if not sentences:
            continue
        day, score = order[i]
        events = prepared.events(day, method.semantic)
        entries.append(
            TimelineEntry(
                date=day,
                sentences=[_cite(corpus, s) for s in sentences],
                score=_finite(score),
                events=[_event(corpus, day, s, event_of(events, s)) for s in sentences],
            )
        )
    entries.sort(key=lambda e: e.date)
    cited = {s.article_id for e in entries for s in e.sentences}
    cited |= {a for e in entries for ev in e.events for a in ev.article_ids}
    return Timeline(
        entries=entries,
        articles=[ArticleRef.of(a) for a in corpus.articles if a.id in cited],
        undated=[ArticleRef.of(a) for a in corpus.articles if a.published is None],
        problems=list(problems),
        query=options.query,
        keywords=tuple(options.keywords),
        article_count=about_count(corpus, options),
    )


def about_count(corpus: Corpus, options: TimelineOptions) -> int:
    """The "N articles" of a timeline, the same from files and from a database: the
    articles in the window about the query and from the chosen outlets, near-duplicates
    not counted."""
    inside = _window_articles(corpus, options)
    return int(sum(1 for a, dup in enumerate(corpus.is_duplicate) if inside[a] and not dup))


def well_evidenced(
    ranked: Sequence[tuple[dt.date, float]], stats: dict[dt.date, DateStats]
) -> list[dt.date]:
    """In a small collection, the dates reported as having happened: named by two
    articles, or by one not known to be a preview (published on or after the date, or
    undated)."""
    out = []
    for day, _ in ranked:
        c = stats[day].counts
        if c["mention_docs"] >= 2 or c["mention_docs"] > c["mention_before_docs"]:
            out.append(day)
    return out


def _assign(
    corpus: Corpus,
    summary: Callable[[int], Sequence[Sequence[int]]],
    candidates: Callable[[int], int],
    n: int,
    length: int,
    k: int,
) -> dict[int, list[int]]:
    """The sentences of the first `length` of `n` dates (in order) that can say something
    no other date says; `summary(i)` gives date i's ranked sentences (computed only for
    the dates it comes to), `candidates(i)` how many quotable sentences it has. Dates with
    the fewest choose first, so a sentence naming two days ("on Wednesday and Thursday")
    goes to the day that has nothing else; a date left with nothing gives its place to
    the next one."""
    taken: list[int] = []
    nxt = 0
    while True:
        while len(taken) < length and nxt < n:
            if summary(nxt):
                taken.append(nxt)
            nxt += 1
        out: dict[int, list[int]] = {}
        used: list[int] = []
        for i in sorted(taken, key=lambda i: (candidates(i), i)):
            out[i] = _fresh(corpus, summary(i), used, k)
            used.extend(out[i])
        if all(out.values()) or nxt >= n:
            return out
        taken = [i for i in taken if out[i]]


def _fresh(
    corpus: Corpus, groups: Sequence[Sequence[int]], used: Sequence[int], k: int
) -> list[int]:
    """Up to `k` sentences that no earlier date already says: the first fresh one of
    each group, in order (one per event)."""
    flat = [s for group in groups for s in group]
    if not flat:
        return []
    if used:
        X = corpus.vectors[flat]
        sims = np.asarray((X @ corpus.vectors[list(used)].T).todense())
        ok = dict(zip(flat, (sims <= REDUNDANT_SIMILARITY).all(axis=1).tolist(), strict=True))
    else:
        ok = dict.fromkeys(flat, True)
    chosen: list[int] = []
    for group in groups:
        first = next((s for s in group if ok[s] and s not in chosen), None)
        if first is not None:
            chosen.append(first)
            if len(chosen) == k:
                break
    return chosen


def _event(corpus: Corpus, day: dt.date, s: int, group: EventGroup | None) -> Event:
    """The event a quoted sentence reports, with that sentence as its representative."""
    members = group.members if group is not None else [s]
    articles = group.articles if group is not None else [int(corpus.sentence_article[s])]
    sources = group.sources if group is not None else [corpus.article_sources[articles[0]]]
    return Event(
        date=day,
        representative=_cite(corpus, s),
        sentences=[_cite(corpus, m) for m in sorted(members)],
        article_ids=[corpus.articles[a].id for a in articles],
        sources=list(sources),
    )


def _cite(corpus: Corpus, s: int) -> TimelineSentence:
    article = corpus.articles[int(corpus.sentence_article[s])]
    return TimelineSentence(
        text=strip_dateline(corpus.sentence_text[s]),
        article_id=article.id,
        sentence_index=corpus.sentence_index[s],
    )


def _finite(x: float) -> float:
    return float(x) if math.isfinite(x) else 0.0
