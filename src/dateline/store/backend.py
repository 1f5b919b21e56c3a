"""What differs between the store's two databases, and how a `--db` value picks one.

The store's logic (`core.Store`) is written once, in SQL both SQLite and PostgreSQL
accept (`?` placeholders, `RETURNING`, `ON CONFLICT DO NOTHING`, `count(*) FILTER`).
A backend supplies the rest: opening and versioning the database, the write
transaction and its lock, and full-text search (FTS5 or tsvector/GIN).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(db: str | os.PathLike[str]) -> bool:
    """Whether a `--db` value names a PostgreSQL database rather than an SQLite file."""
    return isinstance(db, str) and db.startswith(URL_SCHEMES)


class Backend(Protocol):
    name: str  # how messages name the database (a path, or a URL without its password)
    errors: tuple[type[BaseException], ...]  # the driver's errors, shown as one line
    conn: Any  # the driver's connection (read-only SQL for callers; see docs/store.md)
    files: list[Path]  # files that are the database itself, never articles to ingest
    contains: str  # SQL: column `text` lower-cased contains the parameter
    non_ascii: str  # SQL: column `text` holds a character outside ASCII
    matches: str  # SQL: article `a` matches the full-text expression given as the parameter

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    def write(self) -> AbstractContextManager[None]:
        """One write transaction, holding the store's write lock (one writer at a time:
        sentence ids are allocated under it and content hashes re-checked)."""
        ...

    def all_of(self, words: list[str]) -> str: ...

    def any_of(self, words: list[str]) -> str: ...

    def both(self, a: str, b: str) -> str: ...

    def ranked(
        self,
        expr: str,
        where: str,
        params: Sequence[Any],
        limit: int,
        *,
        originals_only: bool = False,
    ) -> list[tuple[int, float]]:
        """(article rowid, relevance: higher is better) matching `expr`, best first,
        among articles `a` satisfying `where` (which, when `originals_only`, already
        leaves near-duplicates out: a backend may use an index of the originals)."""
        ...

    def insert_rows(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Many rows into a table, in bulk (nothing reads them back in this transaction)."""
        ...

    def mentions(self, spans: list[tuple[int, int]], rowids: list[int]) -> Iterable[Any]:
        """Mention rows (sentence, start, end, type, value, granularity, text) of the
        sentence id ranges `spans` (those of the articles `rowids`), by sentence, seq.
        (Each database needs its own form to search the primary key, not scan.)"""
        ...

    def add_bands(self, rowid: int, keys: list[int]) -> None:
        """An article's LSH band keys (duplicates ignored)."""
        ...

    def index_texts(self, rows: list[tuple[int, str, str]]) -> None:
        """(rowid, title, body) of articles into the full-text index."""
        ...

    def matching(self, texts: Sequence[tuple[int, str]], words: list[str]) -> Iterator[int]:
        """Keys of the texts that contain any of `words` (the index's own tokens and
        stemming), best first."""
        ...

    def size_bytes(self) -> int: ...

    def optimize(self) -> None: ...

    def close(self, wrote: bool) -> None: ...


def open_backend(db: str | os.PathLike[str], *, create: bool) -> Backend:
    if is_url(db):
        from dateline.store.postgres import PostgresBackend

        return PostgresBackend(str(db), create=create)
    from dateline.store.sqlite import SqliteBackend

    return SqliteBackend(Path(db), create=create)
