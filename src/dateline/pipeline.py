"""From raw documents to annotated articles: clean, date, split and tag each document,
then, over the whole set, mark near-duplicates and infer missing publication dates.

`annotate` streams one document at a time (optionally on several processes);
`load_articles` is the convenience that reads paths and does everything.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import signal
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any

from dateline.attribution import attribute
from dateline.clean import clean_text
from dateline.model import Article, Problem, RawDocument, Sentence, TimeMention, distinct_days
from dateline.pubdate import find_publication_date
from dateline.read import read_paths
from dateline.sentences import split_lines, split_sentences
from dateline.timex import default_tagger, tag_document

if TYPE_CHECKING:
    from dateline.timex.tagger import DocumentTagging

# Evidence from a neighbour is trusted only when the two articles are this similar
# (TF-IDF cosine); below it they are probably about different events.
NEIGHBOUR_SIMILARITY = 0.1
NEIGHBOURS = 5
# Dated articles an undated one is compared with (its most similar by a cheap measure
# first: TF-IDF over the corpus from files, BM25 in the store), so that inferring a date
# costs the same whatever the size of the corpus.
CANDIDATES = 20
# A relative date is corroborated by a neighbour's sentence naming the same day only when
# the two sentences are at least this similar (TF-IDF cosine).
MIN_SUPPORT = 0.15


def annotate_document(doc: RawDocument) -> Article:
    """Clean, attribute, date, split and tag one document."""
    cleaned = clean_text(doc.text, ptb=doc.one_sentence_per_line)
    # Outlet and title; a headline that becomes the title leaves the text.
    found = attribute(doc, cleaned.text, cleaned.stripped)
    published, published_from = doc.published, doc.published_from
    if published is None:
        published, published_from = find_publication_date(doc)
    texts = (
        split_lines(found.text) if doc.one_sentence_per_line else split_sentences(found.text)
    )
    sentences = _tagged(texts, published)
    return Article(
        id=doc.id,
        text="\n".join(texts),
        sentences=sentences,
        title=found.title,
        path=doc.path,
        url=doc.url,
        source=found.source,
        published=published,
        published_from=published_from,
        original=doc.text,
        removed_lines=cleaned.removed_lines,
    )


def _tagged(texts: list[str], dct: dt.date | None) -> list[Sentence]:
    """Sentences with their time mentions, tagged as one document so that "the next day"
    counts from the date mentioned before it."""
    mentions = tag_document(texts, dct)
    return [
        Sentence(text=t, index=i, mentions=tuple(m))
        for i, (t, m) in enumerate(zip(texts, mentions, strict=True))
    ]


def _annotate_batch(
    batch: list[RawDocument], finish: Callable[[RawDocument, Article], Any] | None = None
) -> list[Any]:
    out: list[Any] = []
    for doc in batch:
        try:
            article = annotate_document(doc)
            out.append(article if finish is None else finish(doc, article))
        except Exception as exc:  # one bad document must not stop the corpus
            out.append(Problem(doc.path or doc.id, f"could not be processed: {exc}"))
    return out


def _batches(
    items: Iterable[RawDocument | Problem], size: int
) -> Iterator[list[RawDocument] | Problem]:
    batch: list[RawDocument] = []
    for item in items:
        if isinstance(item, Problem):
            yield item
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _ignore_sigint() -> None:
    # Ctrl-C is the parent's to handle; workers printing their own KeyboardInterrupt
    # tracebacks would only be noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def annotate(
    items: Iterable[RawDocument | Problem],
    *,
    workers: int = 1,
    batch_size: int = 32,
    finish: Callable[[RawDocument, Article], Any] | None = None,
) -> Iterator[Any]:
    """Annotate documents as they stream in, in input order; problems pass through.

    `finish(document, article)`, when given, runs beside the annotation (in the worker)
    and its result is yielded instead of the article: the store hashes and fingerprints
    articles there. With workers > 1, batches go to a process pool; memory stays bounded
    because at most two batches per worker are in flight (a Pool's `imap` would read the
    whole input ahead of the workers).
    """
    if workers <= 1:
        for item in _batches(items, batch_size):
            if isinstance(item, Problem):
                yield item
            else:
                yield from _annotate_batch(item, finish)
        return
    # fork: workers start at once and inherit the loaded modules; when the parent dies
    # (even by SIGKILL) their task pipe closes and they exit on their own.
    default_tagger().compile_all()  # once here, shared by the forked workers
    ctx = get_context("fork") if hasattr(os, "fork") else get_context()
    with ctx.Pool(workers, initializer=_ignore_sigint) as pool:
        pending: deque[Any] = deque()
        for item in _batches(items, batch_size):
            if isinstance(item, Problem):
                yield item
                continue
            pending.append(pool.apply_async(_annotate_batch, (item, finish)))
            while len(pending) > workers * 2:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


# --- corpus-level steps ---------------------------------------------------------------


def read_dates_only(articles: Iterable[Article]) -> list[Article]:
    """The articles whose date was read (from metadata, the path or the text): the only
    evidence inference uses, so that its answer never rests on an earlier guess."""
    return [a for a in articles if a.published is not None and a.published_from != "inferred"]


def infer_missing_dates(
    undated: Sequence[Article],
    dated: Sequence[Article],
    *,
    work: Counter[str] | None = None,
) -> list[Article]:
    """Give undated articles a publication date from dated articles that report the same
    event. Returns updated copies (`published_from="inferred"`) for the ones it could date,
    and the others unchanged. Only the dates in `dated` that were read count (inferred
    ones are ignored), so the answer is the same however often it is asked.

    Each undated article is dated on its own, from its `CANDIDATES` most similar dated
    articles (all of them when there are no more), by `date_from_candidates`; the store
    does the same with candidates from its full-text index, so files and store agree.
    `work`, when given, counts what was done ("articles", "comparisons", "days").
    """
    read = read_dates_only(dated)
    if not undated or not read:
        return list(undated)
    terms = Terms()
    return [
        date_from_candidates(article, candidates, work=work, terms=terms)
        for article, candidates in zip(undated, _candidates(undated, read), strict=True)
    ]


def _candidates(undated: Sequence[Article], dated: list[Article]) -> Iterator[list[Article]]:
    """Each undated article's `CANDIDATES` most similar dated ones (TF-IDF cosine)."""
    if len(dated) <= CANDIDATES:
        for _ in undated:
            yield dated
        return
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        dated_m = vec.fit_transform([a.text for a in dated])
    except ValueError:  # no words at all: nothing is similar
        for _ in undated:
            yield []
        return
    for start in range(0, len(undated), 256):  # bounded memory: 256 rows of similarities
        part = undated[start : start + 256]
        sims = (vec.transform([a.text for a in part]) @ dated_m.T).toarray()
        for row in sims:
            best = np.argpartition(-row, CANDIDATES - 1)[:CANDIDATES]  # len(dated) > this
            top = sorted(best, key=lambda j: (-row[j], dated[j].id))
            yield [dated[j] for j in top if row[j] > 0]


Vector = dict[str, float]


class Terms:
    """Word counts of texts, each text analysed once (an article is the candidate of many
    undated ones), and TF-IDF over a few documents: what scikit-learn's
    `TfidfVectorizer(stop_words="english", sublinear_tf=True)` computes (same words, smooth
    IDF, 1 + log tf, unit length), without its fixed cost per call, which for the few
    documents compared here was most of the time."""

    LIMIT = 200_000  # texts remembered; then forgotten, so memory stays bounded

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._analyse = TfidfVectorizer(stop_words="english").build_analyzer()
        self._counts: dict[str, Counter[str]] = {}

    def counts(self, text: str) -> Counter[str]:
        got = self._counts.get(text)
        if got is None:
            if len(self._counts) >= self.LIMIT:
                self._counts.clear()
            got = self._counts[text] = Counter(self._analyse(text))
        return got

    def idf(self, texts: Iterable[str]) -> dict[str, float]:
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            df.update(self.counts(text).keys())
            n += 1
        return {t: math.log((1 + n) / (1 + f)) + 1 for t, f in df.items()}

    def vector(self, text: str, idf: dict[str, float]) -> Vector:
        v = {t: (1 + math.log(c)) * idf[t] for t, c in self.counts(text).items() if t in idf}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {t: x / norm for t, x in v.items()} if norm else {}


def _cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b[t] for t, x in a.items() if t in b)


def date_from_candidates(
    article: Article,
    candidates: Sequence[Article],
    *,
    work: Counter[str] | None = None,
    terms: Terms | None = None,
) -> Article:
    """`article` with a date inferred from `candidates` (dated articles), or unchanged.

    Each candidate publication date is tried: the article's relative expressions
    ("collapsed Thursday") are resolved against it, and each day they give is checked
    against the most similar candidates: a sentence there that names that day and says
    something similar ("held their summit ... on Wednesday and Thursday ... ended without
    an agreement") corroborates it. The best-corroborated candidate wins; among equals the
    earliest (news is published as soon as it happens). With no relative expressions to
    check, the closest neighbour's date is used when it is clearly the same story.

    The answer depends only on the article and the set of candidates (not their order):
    similarity is TF-IDF with the IDF of just these documents, ties go to the smaller id.
    `terms` keeps word counts between calls.
    """
    candidates = sorted(read_dates_only(candidates), key=lambda a: a.id)
    if work is not None:
        work["articles"] += 1
        work["comparisons"] += len(candidates)
    if not candidates or not article.sentences:
        return article
    terms = terms or Terms()
    idf = terms.idf([a.text for a in candidates] + [article.text])
    mine = terms.vector(article.text, idf)
    sims = [_cosine(mine, terms.vector(a.text, idf)) for a in candidates]
    order = sorted(range(len(candidates)), key=lambda j: (-sims[j], candidates[j].id))
    neighbours = [
        (candidates[j], sims[j]) for j in order[:NEIGHBOURS] if sims[j] >= NEIGHBOUR_SIMILARITY
    ]
    if not neighbours:
        return article
    tagging = default_tagger().tag_document_at([s.text for s in article.sentences])
    guess = _vote(article, neighbours, terms, idf, tagging, work)
    if guess is None:
        return article
    sentences = [
        Sentence(text=s.text, index=s.index, mentions=tuple(m))
        for s, m in zip(article.sentences, tagging(guess), strict=True)
    ]
    return replace(article, published=guess, published_from="inferred", sentences=sentences)


def _vote(
    article: Article,
    neighbours: list[tuple[Article, float]],
    terms: Terms,
    idf: dict[str, float],
    tagging: DocumentTagging,
    work: Counter[str] | None,
) -> dt.date | None:
    # Sentences of the neighbours that name each day (their leads name their own day).
    by_day: dict[dt.date, list[str]] = {}
    for other, _ in neighbours:
        for s in other.sentences:
            days = s.days or ([other.published] if s.index < 3 and other.published else [])
            for d in days:
                by_day.setdefault(d, []).append(s.text)
    own = [terms.vector(s.text, idf) for s in article.sentences]

    def days_at(dct: dt.date) -> list[list[dt.date]]:
        return [distinct_days(m) for m in tagging(dct)]

    # Absolute dates do not move with the candidate, so they cannot tell candidates apart:
    # they are the days that come out the same against two distant reference dates.
    far = [set(d for ds in days_at(ref) for d in ds) for ref in _FAR_REFERENCES]
    fixed = far[0] & far[1]
    pubs = sorted(o.published for o, _ in neighbours if o.published is not None)
    first, last = pubs[0] - dt.timedelta(days=7), pubs[-1] + dt.timedelta(days=1)
    support: dict[tuple[int, dt.date], float] = {}
    day_vectors: dict[dt.date, list[Vector]] = {}  # by_day's sentences, once per day
    best: tuple[float, dt.date] | None = None
    day = first
    while day <= last:
        if work is not None:
            work["days"] += 1
        score = 0.0
        for k, sentence_days in enumerate(days_at(day)):
            for d in set(sentence_days) - fixed:
                if (k, d) not in support:
                    others = by_day.get(d)
                    if others and d not in day_vectors:
                        day_vectors[d] = [terms.vector(t, idf) for t in others]
                    support[(k, d)] = (
                        max(_cosine(own[k], v) for v in day_vectors[d]) if others else 0.0
                    )
                score += support[(k, d)]
        if score >= MIN_SUPPORT and (best is None or score > best[0]):
            best = (score, day)
        day += dt.timedelta(days=1)
    if best is not None:
        return best[1]
    top, weight = neighbours[0]
    return top.published if weight >= 3 * NEIGHBOUR_SIMILARITY else None


_FAR_REFERENCES = (dt.date(1950, 6, 15), dt.date(2050, 6, 15))


def mark_duplicates(articles: Sequence[Article]) -> list[Article]:
    """Link near-duplicate articles to the first copy (see `dateline.dedup`)."""
    from dateline.dedup import find_duplicates

    links = find_duplicates(articles)
    return [replace(a, duplicate_of=links[a.id]) if a.id in links else a for a in articles]


@dataclass(slots=True)
class LoadResult:
    articles: list[Article]
    problems: list[Problem]


def _without_original(doc: RawDocument, article: Article) -> Article:
    # In the worker: the text as read is then neither sent back nor kept.
    article.original = None
    return article


def _shared(article: Article, values: dict[Any, Any]) -> Article:
    """`article` holding one object per distinct value (date, outlet, mention text and
    value) across the corpus, and its sentences in an exact-size list: from worker
    processes each batch arrives with its own copies, which a large corpus pays for."""
    one = values.setdefault
    article.published = one(article.published, article.published)
    article.published_from = one(article.published_from, article.published_from)
    article.source = one(article.source, article.source)
    for s in article.sentences:
        if s.mentions:
            s.mentions = tuple(
                TimeMention(
                    m.start,
                    m.end,
                    one(m.text, m.text),
                    one(m.type, m.type),
                    one(m.value, m.value),
                    one(m.granularity, m.granularity),
                )
                for m in s.mentions
            )
    article.sentences = list(article.sentences)
    return article


def load_articles(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,
    workers: int | None = None,
    on_article: Callable[[Article | Problem], None] | None = None,
    keep_original: bool = True,
) -> LoadResult:
    """Read, annotate, de-duplicate and date a set of paths. Without `keep_original`
    the articles' `original` (the text as read, as large as the text) is None."""
    n = default_workers() if workers is None else workers
    finish = None if keep_original else _without_original
    return corpus_steps(annotate(read_paths(paths, format), workers=n, finish=finish), on_article)


def corpus_steps(
    items: Iterable[Article | Problem],
    on_article: Callable[[Article | Problem], None] | None = None,
) -> LoadResult:
    """The corpus-level steps over annotated articles (however they were annotated: here,
    or on a cluster): mark near-duplicates, infer missing publication dates."""
    articles: list[Article] = []
    problems: list[Problem] = []
    values: dict[Any, Any] = {}
    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
        else:
            articles.append(_shared(item, values))
        if on_article is not None:
            on_article(item)
    articles = mark_duplicates(articles)
    undated = [a for a in articles if a.published is None]
    if undated:
        dated = read_dates_only(articles)
        inferred = {a.id: a for a in infer_missing_dates(undated, dated)}
        articles = [inferred.get(a.id, a) for a in articles]
    return LoadResult(articles, problems)
