"""From raw documents to annotated articles: clean, date, split and tag each document,
then, over the whole set, mark near-duplicates and infer missing publication dates.

`annotate` streams one document at a time (optionally on several processes);
`load_articles` is the convenience that reads paths and does everything.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any

from dateline.clean import clean_text
from dateline.model import Article, Problem, RawDocument, Sentence
from dateline.pubdate import find_publication_date
from dateline.read import read_paths
from dateline.sentences import split_lines, split_sentences
from dateline.timex import default_tagger, tag_document

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

# Evidence from a neighbour is trusted only when the two articles are this similar
# (TF-IDF cosine); below it they are probably about different events.
NEIGHBOUR_SIMILARITY = 0.1
NEIGHBOURS = 5
# A relative date is corroborated by a neighbour's sentence naming the same day only when
# the two sentences are at least this similar (TF-IDF cosine).
MIN_SUPPORT = 0.15


def annotate_document(doc: RawDocument) -> Article:
    """Clean, date, split and tag one document."""
    cleaned = clean_text(doc.text, ptb=doc.one_sentence_per_line)
    published, published_from = doc.published, doc.published_from
    if published is None:
        published, published_from = find_publication_date(doc)
    texts = (
        split_lines(cleaned.text) if doc.one_sentence_per_line else split_sentences(cleaned.text)
    )
    sentences = _tagged(texts, published)
    return Article(
        id=doc.id,
        text="\n".join(texts),
        sentences=sentences,
        title=doc.title,
        path=doc.path,
        url=doc.url,
        source=doc.source,
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


def _retag(article: Article, dct: dt.date) -> list[dt.date]:
    return [d for s in _tagged([s.text for s in article.sentences], dct) for d in s.days]


def infer_missing_dates(undated: Sequence[Article], dated: Sequence[Article]) -> list[Article]:
    """Give undated articles a publication date from dated articles that report the same
    event. Returns updated copies (`published_from="inferred"`) for the ones it could date,
    and the others unchanged.

    Each candidate publication date is tried: the article's relative expressions
    ("collapsed Thursday") are resolved against it, and each day they give is checked
    against the most similar dated articles: a sentence there that names that day and
    says something similar ("held their summit ... on Wednesday and Thursday ... ended
    without an agreement") corroborates it. The best-corroborated candidate wins; among
    equals the earliest (news is published as soon as it happens). With no relative
    expressions to check, the closest neighbour's date is used when it is clearly the same
    story.
    """
    if not undated or not dated:
        return list(undated)
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vec.fit_transform([a.text for a in dated] + [a.text for a in undated])
    dated_m, undated_m = matrix[: len(dated)], matrix[len(dated) :]
    sims = (undated_m @ dated_m.T).toarray()
    result: list[Article] = []
    for i, article in enumerate(undated):
        order = sims[i].argsort()[::-1][:NEIGHBOURS]
        neighbours = [
            (dated[j], float(sims[i, j])) for j in order if sims[i, j] >= NEIGHBOUR_SIMILARITY
        ]
        guess = _vote(article, neighbours, vec)
        if guess is None:
            result.append(article)
            continue
        retagged = _tagged([s.text for s in article.sentences], guess)
        result.append(
            replace(article, published=guess, published_from="inferred", sentences=retagged)
        )
    return result


def _vote(
    article: Article, neighbours: list[tuple[Article, float]], vec: TfidfVectorizer
) -> dt.date | None:
    if not neighbours or not article.sentences:
        return None
    # Sentences of the neighbours that name each day (their leads name their own day).
    by_day: dict[dt.date, list[str]] = {}
    for other, _ in neighbours:
        for s in other.sentences:
            days = s.days or ([other.published] if s.index < 3 and other.published else [])
            for d in days:
                by_day.setdefault(d, []).append(s.text)
    texts = [s.text for s in article.sentences]
    own = vec.transform(texts)
    # Absolute dates do not move with the candidate, so they cannot tell candidates apart:
    # they are the days that come out the same against two distant reference dates.
    fixed = set(_retag(article, dt.date(1950, 6, 15))) & set(_retag(article, dt.date(2050, 6, 15)))
    pubs = sorted(o.published for o, _ in neighbours if o.published is not None)
    first, last = pubs[0] - dt.timedelta(days=7), pubs[-1] + dt.timedelta(days=1)
    support: dict[tuple[int, dt.date], float] = {}
    day_vectors: dict[dt.date, Any] = {}  # by_day's sentences, vectorised once per day
    best: tuple[float, dt.date] | None = None
    day = first
    while day <= last:
        score = 0.0
        for k, sentence in enumerate(_tagged(texts, day)):
            for d in set(sentence.days) - fixed:
                if (k, d) not in support:
                    others = by_day.get(d)
                    if others and d not in day_vectors:
                        day_vectors[d] = vec.transform(others)
                    support[(k, d)] = float((day_vectors[d] @ own[k].T).max()) if others else 0.0
                score += support[(k, d)]
        if score >= MIN_SUPPORT and (best is None or score > best[0]):
            best = (score, day)
        day += dt.timedelta(days=1)
    if best is not None:
        return best[1]
    top, weight = neighbours[0]
    return top.published if weight >= 3 * NEIGHBOUR_SIMILARITY else None


def mark_duplicates(articles: Sequence[Article]) -> list[Article]:
    """Link near-duplicate articles to the first copy (see `dateline.dedup`)."""
    from dateline.dedup import find_duplicates

    links = find_duplicates(articles)
    return [replace(a, duplicate_of=links[a.id]) if a.id in links else a for a in articles]


@dataclass(slots=True)
class LoadResult:
    articles: list[Article]
    problems: list[Problem]


def load_articles(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,
    workers: int | None = None,
    on_article: Callable[[Article | Problem], None] | None = None,
) -> LoadResult:
    """Read, annotate, de-duplicate and date a set of paths."""
    n = default_workers() if workers is None else workers
    return corpus_steps(annotate(read_paths(paths, format), workers=n), on_article)


def corpus_steps(
    items: Iterable[Article | Problem],
    on_article: Callable[[Article | Problem], None] | None = None,
) -> LoadResult:
    """The corpus-level steps over annotated articles (however they were annotated: here,
    or on a cluster): mark near-duplicates, infer missing publication dates."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
        else:
            articles.append(item)
        if on_article is not None:
            on_article(item)
    articles = mark_duplicates(articles)
    undated = [a for a in articles if a.published is None]
    if undated:
        dated = [a for a in articles if a.published is not None]
        inferred = {a.id: a for a in infer_missing_dates(undated, dated)}
        articles = [inferred.get(a.id, a) for a in articles]
    return LoadResult(articles, problems)
