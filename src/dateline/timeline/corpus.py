"""A flat, array-backed view of a set of articles, built once and shared by the selection
steps (date ranking, candidate collection, summarisation)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from scipy import sparse

from dateline.model import Article, Sentence, distinct_days
from dateline.timex import names_weekday_only

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(eq=False)
class Corpus:
    articles: list[Article]
    # Per sentence (flat index s): its article, its position, its text, its mentioned days.
    sentence_article: np.ndarray = field(init=False)
    sentence_index: list[int] = field(init=False)
    sentence_text: list[str] = field(init=False)
    # (Tuples, one shared when two are equal and () when empty, as most are: a list per
    # sentence was a good part of a large corpus's memory.)
    sentence_days: list[tuple[dt.date, ...]] = field(init=False)
    # The days that count as evidence that a date matters (see `counted_days`).
    sentence_counted_days: list[tuple[dt.date, ...]] = field(init=False)
    article_offsets: np.ndarray = field(init=False)  # sentences of article a: [off[a], off[a+1])
    is_duplicate: list[bool] = field(init=False)

    def __post_init__(self) -> None:
        art_of: list[int] = []
        self.sentence_index = []
        self.sentence_text = []
        self.sentence_days = []
        self.sentence_counted_days = []
        offsets = [0]
        for a, article in enumerate(self.articles):
            for sent in article.sentences:
                art_of.append(a)
                self.sentence_index.append(sent.index)
                self.sentence_text.append(sent.text)
                days = tuple(sent.days)
                counted = tuple(counted_days(sent)) if days else days
                self.sentence_days.append(days)
                self.sentence_counted_days.append(days if counted == days else counted)
            offsets.append(len(art_of))
        self.sentence_article = np.asarray(art_of, dtype=np.int64)
        self.article_offsets = np.asarray(offsets, dtype=np.int64)
        self.is_duplicate = [a.duplicate_of is not None for a in self.articles]

    @classmethod
    def of(cls, articles: Sequence[Article]) -> Corpus:
        return cls(list(articles))

    def sentences_of(self, a: int) -> range:
        return range(int(self.article_offsets[a]), int(self.article_offsets[a + 1]))

    def __len__(self) -> int:
        return len(self.sentence_text)

    @cached_property
    def lowered(self) -> list[str]:
        """The sentences lower-cased, made only when a keyword filter asks for them (a
        second copy of every sentence)."""
        return [t.lower() for t in self.sentence_text]

    @cached_property
    def token_counts(self) -> np.ndarray:
        counts = (len(_WORD.findall(t.lower())) for t in self.sentence_text)
        return np.fromiter(counts, dtype=np.int64, count=len(self))

    @cached_property
    def vectors(self) -> sparse.csr_matrix:
        """TF-IDF rows, L2-normalised, one per sentence (fitted and transformed in one
        pass: tokenising is most of the cost)."""
        # Imported here: scikit-learn takes a second to import, and commands that never
        # build a timeline (help, tag, evaluate) should not pay for it.
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not self.sentence_text:
            return sparse.csr_matrix((0, 1))
        vec = TfidfVectorizer(stop_words="english", lowercase=True, sublinear_tf=True)
        try:
            return sparse.csr_matrix(vec.fit_transform(self.sentence_text))
        except ValueError:  # no sentence has a word that is not a stop word
            return sparse.csr_matrix((len(self), 1))

    def keyword_mask(self, keywords: Sequence[str]) -> np.ndarray:
        """True for sentences containing any keyword (case-insensitive substring, as
        news-tls filters)."""
        kws = [k.lower() for k in keywords if k.strip()]
        if not kws:
            return np.ones(len(self), dtype=bool)
        return np.fromiter(
            (any(k in t for k in kws) for t in self.lowered), dtype=bool, count=len(self)
        )


def counted_days(sentence: Sentence) -> list[dt.date]:
    """The days a sentence names in a way that says the day mattered: every day-precise
    mention but bare weekday names. "On Thursday" is how a report points into its own
    news week; it repeats the publication-date signal (counted separately) and is the
    least certain resolution (last or next Thursday?). Leaving these out of date ranking
    raised align R1 on Timeline17 from .157 to .163 (docs/benchmarks.md); the sentences
    still serve as summary candidates for the day they name."""
    return distinct_days(m for m in sentence.mentions if not names_weekday_only(m.text))
