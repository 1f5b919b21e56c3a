"""The CPU-heavy half of an ingest: annotation, hashing, MinHash. Runs in worker processes.

The store has a single writer (SQLite allows one), so the main process only reads the
input and writes rows; everything that costs CPU per article happens here, in parallel,
and comes back as a picklable `Prepared` record.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial

from dateline import dedup
from dateline.model import Article, Problem, RawDocument, Sentence

# A sentence as stored: (index in its article, text).
SentenceRow = tuple[int, str]
# A mention as stored, but for the sentence id: (position of its sentence among the
# article's, seq, start, end, type, value, granularity, day, text when it is not
# sentence.text[start:end]).
MentionRow = tuple[int, int, int, int, str, str, str | None, str | None, str | None]


@dataclass(slots=True)
class Prepared:
    """An annotated article, ready to be written.

    Sentences and mentions travel as plain tuples, already in the form of their rows:
    pickled as the model's slotted dataclasses (some 70 objects per article) they cost
    more to send to the writer than everything else, and the writer only needs rows.
    """

    article: Article  # metadata and text; no sentences (see below), no `original`
    sentences: list[SentenceRow]
    mentions: list[MentionRow]
    joined: bool  # the text is the sentences joined by newlines (then it is not stored)
    raw_hash: bytes
    content_hash: bytes
    minhash: bytes | None  # None when the text is too short to be linked as a duplicate
    shingles: int
    band_keys: list[int]  # the MinHash LSH keys (`dedup.Signature.band_keys`), when linkable
    original: bytes | None  # zlib-compressed text as read, when kept


def text_hash(text: str) -> bytes:
    # 128 bits: collisions between different articles are out of the question, and the
    # key stays small in the UNIQUE index.
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def sentence_rows(sentences: Sequence[Sentence]) -> tuple[list[SentenceRow], list[MentionRow]]:
    """The rows of the `sentences` and `mentions` tables for an article's sentences."""
    mentions: list[MentionRow] = []
    for i, s in enumerate(sentences):
        for seq, m in enumerate(s.mentions):
            day = m.day
            mentions.append((
                i, seq, m.start, m.end, m.type, m.value, m.granularity,
                day.isoformat() if day else None,
                None if s.text[m.start : m.end] == m.text else m.text,
            ))  # fmt: skip
    return [(s.index, s.text) for s in sentences], mentions


def prepare_article(article: Article, raw_hash: bytes, keep_original: bool) -> Prepared:
    sig = dedup.signature(article.text)
    original = article.original
    sentences, mentions = sentence_rows(article.sentences)
    return Prepared(
        article=replace(article, sentences=[], original=None),
        sentences=sentences,
        mentions=mentions,
        joined=article.text == "\n".join(s.text for s in article.sentences),
        raw_hash=raw_hash,
        content_hash=text_hash(article.text),
        minhash=sig.to_bytes() if sig.linkable else None,
        shingles=sig.shingles,
        band_keys=sig.band_keys() if sig.linkable else [],
        original=zlib.compress(original.encode("utf-8", "surrogatepass"), 6)
        if keep_original and original is not None
        else None,
    )


def _finish(doc: RawDocument, article: Article, *, keep_original: bool) -> Prepared:
    return prepare_article(article, text_hash(doc.text), keep_original)


def prepared(
    docs: Iterable[RawDocument], *, workers: int, keep_original: bool, chunk: int = 32
) -> Iterator[Prepared | Problem]:
    """`Prepared` records for the documents, in input order, on `workers` processes (the
    pipeline's own annotation, with hashing and MinHash done in the workers too).

    `chunk` documents travel per task. While the main process writes a batch (about
    0.1 s for 200 articles) it hands out no new tasks, so the tasks in flight (2 per
    worker) must hold more work than that: at 8 documents per task they held ~75 ms and
    the workers waited at every write. Fewer tasks also cost the main process's pool
    threads less (pickling, wake-ups, the GIL)."""
    from dateline.pipeline import annotate

    yield from annotate(
        docs,
        workers=workers,
        batch_size=chunk,
        finish=partial(_finish, keep_original=keep_original),
    )
