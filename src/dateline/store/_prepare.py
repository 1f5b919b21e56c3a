"""The CPU-heavy half of an ingest: annotation, hashing, MinHash. Runs in worker processes.

The store has a single writer (SQLite allows one), so the main process only reads the
input and writes rows; everything that costs CPU per article happens here, in parallel,
and comes back as a picklable `Prepared` record.
"""

from __future__ import annotations

import hashlib
import signal
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from multiprocessing import get_context

from dateline import dedup
from dateline.model import Article, Problem, RawDocument


@dataclass(slots=True)
class Prepared:
    article: Article  # `original` is dropped here; it travels compressed below
    raw_hash: bytes
    content_hash: bytes
    minhash: bytes | None  # None when the text is too short to be linked as a duplicate
    shingles: int
    original: bytes | None  # zlib-compressed text as read, when kept


def text_hash(text: str) -> bytes:
    # 128 bits: collisions between different articles are out of the question, and the
    # key stays small in the UNIQUE index.
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def prepare_batch(docs: list[RawDocument], keep_original: bool) -> list[Prepared | Problem]:
    from dateline.pipeline import annotate

    out: list[Prepared | Problem] = []
    for doc in docs:
        raw = text_hash(doc.text)
        # One document at a time, so each result is tied to its own raw hash even if
        # annotate reports a warning beside the article.
        for item in annotate([doc]):
            if isinstance(item, Problem):
                out.append(item)
                continue
            out.append(prepare_article(item, raw, keep_original))
    return out


def prepare_article(article: Article, raw_hash: bytes, keep_original: bool) -> Prepared:
    sig = dedup.signature(article.text)
    original = article.original
    return Prepared(
        article=replace(article, original=None),
        raw_hash=raw_hash,
        content_hash=text_hash(article.text),
        minhash=sig.to_bytes() if sig.linkable else None,
        shingles=sig.shingles,
        original=zlib.compress(original.encode("utf-8", "surrogatepass"), 6)
        if keep_original and original is not None
        else None,
    )


def _chunks(items: Iterable[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    chunk: list[RawDocument] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ignore_sigint() -> None:
    # Ctrl-C is the parent's to handle (it rolls back the open batch and stops the
    # pool); workers printing their own KeyboardInterrupt tracebacks would only be noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def prepared(
    docs: Iterable[RawDocument], *, workers: int, keep_original: bool, chunk: int = 8
) -> Iterator[Prepared | Problem]:
    """`Prepared` records for the documents, in input order, on `workers` processes.

    Memory stays bounded: at most 2 chunks per worker are in flight (a Pool's `imap`
    would read the whole input ahead of the workers).
    """
    if workers <= 1:
        for part in _chunks(docs, chunk):
            yield from prepare_batch(part, keep_original)
        return
    # fork: workers start at once and inherit the loaded modules (spawn would re-import
    # the pipeline in each). When the parent dies (even by SIGKILL) the workers' task
    # pipe closes and they exit on their own.
    import dateline.pipeline  # noqa: F401  (loaded once here, shared by the forked workers)

    with get_context("fork").Pool(workers, initializer=_ignore_sigint) as pool:
        pending: deque = deque()
        for part in _chunks(docs, chunk):
            pending.append(pool.apply_async(prepare_batch, (part, keep_original)))
            while len(pending) > 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
