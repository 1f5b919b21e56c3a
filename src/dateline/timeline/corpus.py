"""A flat, array-backed view of a set of articles, built once and shared by the selection
steps (date ranking, candidate collection, summarisation)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
from scipy import sparse

from dateline.model import Article, Sentence, distinct_days
from dateline.timex import names_weekday_only
from dateline.words import Terms, indexed

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
    # The days a sentence names by a bare weekday only ("on Thursday"), not otherwise.
    sentence_weekday_days: list[tuple[dt.date, ...]] = field(init=False)
    article_offsets: np.ndarray = field(init=False)  # sentences of article a: [off[a], off[a+1])
    is_duplicate: list[bool] = field(init=False)

    def __post_init__(self) -> None:
        art_of: list[int] = []
        self.sentence_index = []
        self.sentence_text = []
        self.sentence_days = []
        self.sentence_counted_days = []
        self.sentence_weekday_days = []
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
                self.sentence_weekday_days.append(
                    tuple(d for d in days if d not in counted) if len(counted) < len(days) else ()
                )
            offsets.append(len(art_of))
        self.sentence_article = np.asarray(art_of, dtype=np.int64)
        self.article_offsets = np.asarray(offsets, dtype=np.int64)
        self.is_duplicate = [a.duplicate_of is not None for a in self.articles]

    @classmethod
    def of(cls, articles: Sequence[Article]) -> Corpus:
        return cls(list(articles))

    @cached_property
    def article_sources(self) -> list[str]:
        """Each article's outlet (see `source_of`)."""
        return [source_of(a) for a in self.articles]

    def sentences_of(self, a: int) -> range:
        return range(int(self.article_offsets[a]), int(self.article_offsets[a + 1]))

    def __len__(self) -> int:
        return len(self.sentence_text)

    @cached_property
    def indexed(self) -> list[str]:
        """The sentences as the full-text index holds them (`dateline.words.indexed`),
        made only when a keyword filter asks for them (a second copy of every sentence)."""
        return [indexed(t) for t in self.sentence_text]

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

    @cached_property
    def embeddings(self) -> np.ndarray:
        """WordLlama sentence vectors (256-d, L2-normalised), one row per sentence. Needs
        the optional `wordllama` package; its vectors ship inside its wheel."""
        return embed_sentences(self.sentence_text)

    def keyword_mask(self, keywords: Sequence[str]) -> np.ndarray:
        """True for sentences containing any keyword, by the rule of `dateline.words`
        (whole words, stemmed, as the store's index matches)."""
        terms = Terms(keywords)
        if not terms:
            return np.ones(len(self), dtype=bool)
        return np.fromiter(terms.any_in_indexed(self.indexed), dtype=bool, count=len(self))


_EMBEDDED: dict[str, np.ndarray] = {}  # text -> vector: windows of one collection share most
_EMBEDDED_MAX = 1 << 19


def embed_sentences(texts: Sequence[str]) -> np.ndarray:
    """WordLlama vectors of `texts`, loaded from the files its wheel bundles (no
    download; a clear error when the package is missing)."""
    model = _wordllama()
    todo = [t for t in dict.fromkeys(texts) if t not in _EMBEDDED]
    if todo:
        if len(_EMBEDDED) + len(todo) > _EMBEDDED_MAX:
            _EMBEDDED.clear()
        for t, row in zip(todo, model.embed(todo, norm=True), strict=True):
            _EMBEDDED[t] = row
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    return np.vstack([_EMBEDDED[t] for t in texts])


_MODEL: list = []


def _wordllama():
    if not _MODEL:
        try:
            import wordllama
            from wordllama import WordLlama
        except ImportError as exc:
            raise RuntimeError(
                "semantic similarity needs the optional package wordllama"
                " (pip install 'dateline[semantic]')"
            ) from exc
        # Its own lookup misses the tokenizer its wheel bundles; point it at the package.
        _MODEL.append(
            WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        )
    return _MODEL[0]


_T17_INPUT = re.compile(r"([^/\\]+)[/\\]InputDocs[/\\]")


def source_of(article: Article) -> str:
    """The outlet an article comes from: its `source` when the reader found one, else the
    domain of its URL, else the Timeline17 collection its path lies in, else the article
    itself (an unknown outlet is counted once per article, never merged with another)."""
    if article.source and article.source.strip():
        return article.source.strip()
    if article.url:
        host = urlsplit(article.url).hostname
        if host:
            return host.removeprefix("www.")
    if article.path:
        found = _T17_INPUT.search(article.path)
        if found:
            return found.group(1)
    return f"article {article.id}"


def counted_days(sentence: Sentence) -> list[dt.date]:
    """The days a sentence names in a way that says the day mattered: every day-precise
    mention but bare weekday names. "On Thursday" is how a report points into its own
    news week; it repeats the publication-date signal (counted separately) and is the
    least certain resolution (last or next Thursday?). Leaving these out of date ranking
    raised align R1 on Timeline17 from .157 to .163 (docs/benchmarks.md); the sentences
    still serve as summary candidates for the day they name."""
    return distinct_days(m for m in sentence.mentions if not names_weekday_only(m.text))
