"""The CPU-heavy half of an ingest: annotation, hashing, MinHash. Runs in worker processes.

The store has a single writer (SQLite allows one), so the main process only reads the
input and writes rows; everything that costs CPU per article happens here, in parallel,
and comes back as a picklable `Prepared` record.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial

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


def _finish(doc: RawDocument, article: Article, *, keep_original: bool) -> Prepared:
    return prepare_article(article, text_hash(doc.text), keep_original)


def prepared(
    docs: Iterable[RawDocument], *, workers: int, keep_original: bool, chunk: int = 8
) -> Iterator[Prepared | Problem]:
    """`Prepared` records for the documents, in input order, on `workers` processes (the
    pipeline's own annotation, with hashing and MinHash done in the workers too)."""
    from dateline.pipeline import annotate

    yield from annotate(
        docs,
        workers=workers,
        batch_size=chunk,
        finish=partial(_finish, keep_original=keep_original),
    )
