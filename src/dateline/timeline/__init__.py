"""Select the dates that matter and summarise each: `Article`s in, a `Timeline` out."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from dateline.model import Article, ArticleRef, Problem, Timeline, TimelineEntry, TimelineSentence
from dateline.request import in_window, query_words
from dateline.timeline.corpus import Corpus
from dateline.timeline.dates import DateStats, date_statistics, rank_dates
from dateline.timeline.summarise import (
    CandidateIndex,
    SummaryParams,
    date_centroid,
    focus,
    knee_index,
    select_sentences,
)

__all__ = [
    "Corpus",
    "TimelineOptions",
    "build_timeline",
    "candidate_dates",
    "choose_length",
]


@dataclass(slots=True)
class TimelineOptions:
    max_dates: int | None = None  # None: choose from the data
    sentences_per_date: int = 2
    start: dt.date | None = None
    end: dt.date | None = None  # last date; articles published the day after count too
    keywords: tuple[str, ...] = ()  # a sentence must contain one of them
    query: str | None = None  # free text: its words become keywords, articles must match all
    date_weights: dict[str, float] | None = None  # None: the defaults
    summary: SummaryParams = field(default_factory=SummaryParams)


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
    n_articles = len(corpus.articles)
    inside = np.fromiter(
        (in_window(art.published, options.start, options.end) for art in corpus.articles),
        dtype=bool,
        count=n_articles,
    )
    terms = query_terms(options.query)
    if terms:
        # An article is about the query when its text contains every query word.
        for a, art in enumerate(corpus.articles):
            if inside[a]:
                low = art.text.lower()
                inside[a] = all(t in low for t in terms)
    return inside[corpus.sentence_article] if len(corpus) else np.zeros(0, dtype=bool)


def _usable_sentences(corpus: Corpus, options: TimelineOptions, window: np.ndarray) -> np.ndarray:
    """The `window` sentences allowed to count and to be quoted: about the topic (with a
    keyword or a query word in them)."""
    keywords = tuple(options.keywords) + tuple(query_terms(options.query))
    return window & corpus.keyword_mask(keywords) if keywords else window


def _selection(
    corpus: Corpus, options: TimelineOptions
) -> tuple[np.ndarray, np.ndarray, dict[dt.date, DateStats]]:
    window = _window_sentences(corpus, options)
    usable = _usable_sentences(corpus, options, window)
    return window, usable, date_statistics(corpus, options.start, options.end, usable)


def candidate_dates(
    corpus: Corpus, options: TimelineOptions
) -> tuple[np.ndarray, dict[dt.date, DateStats]]:
    """The sentences that may be counted and quoted, and the statistics of every date
    they mention."""
    _, usable, stats = _selection(corpus, options)
    return usable, stats


def build_timeline(
    articles: Sequence[Article],
    options: TimelineOptions | None = None,
    *,
    corpus: Corpus | None = None,
    problems: Sequence[Problem] = (),
) -> Timeline:
    """Rank dates, then summarise the best ones. Pass a prebuilt `corpus` to reuse its
    sentence vectors across several timelines of the same articles."""
    options = options or TimelineOptions()
    corpus = corpus or Corpus.of(articles)
    window, usable, stats = _selection(corpus, options)
    ranked = rank_dates(stats, options.date_weights)
    length = options.max_dates
    if length is None:
        length = choose_length([score for _, score in ranked])
    # A date's picture (its vector, the focus on what its sentences share) is drawn from
    # every sentence naming it or leading that day's reports; only the sentences about the
    # topic may be quoted. Datewise does the same: its keyword filter is on the output.
    # (Drawing the picture from the topic's sentences alone: R1 .144 against .150 on
    # Timeline17, docs/benchmarks.md.)
    index = CandidateIndex(corpus, window, options.summary)
    vectors = corpus.vectors
    entries: list[TimelineEntry] = []
    used: list[int] = []
    for day, score in ranked:
        if len(entries) >= length:
            break
        mentioned, published = index.candidates(day)
        centroid = date_centroid(vectors, mentioned, published)
        if centroid is None:
            continue
        candidates = mentioned + published
        focused, focus_centroid = focus(corpus, candidates, centroid)
        chosen = select_sentences(
            corpus,
            [c for c in candidates if usable[c]],
            focus_centroid,
            options.sentences_per_date,
            already=used,
            preferred=[c for c in focused if usable[c]],
        )
        if not chosen:
            continue
        used.extend(chosen)
        entries.append(
            TimelineEntry(
                date=day, sentences=[_cite(corpus, s) for s in chosen], score=_finite(score)
            )
        )
    entries.sort(key=lambda e: e.date)
    cited = {s.article_id for e in entries for s in e.sentences}
    return Timeline(
        entries=entries,
        articles=[ArticleRef.of(a) for a in corpus.articles if a.id in cited],
        undated=[ArticleRef.of(a) for a in corpus.articles if a.published is None],
        problems=list(problems),
        query=options.query,
        keywords=tuple(options.keywords),
        article_count=len(corpus.articles),
    )


def _cite(corpus: Corpus, s: int) -> TimelineSentence:
    article = corpus.articles[int(corpus.sentence_article[s])]
    return TimelineSentence(
        text=corpus.sentence_text[s], article_id=article.id, sentence_index=corpus.sentence_index[s]
    )


def _finite(x: float) -> float:
    return float(x) if math.isfinite(x) else 0.0
