"""The embedded backend: one SQLite file (WAL mode), full-text search by FTS5.

The schema and its migrations are in `schema.py`; the store's logic in `core.py`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from dateline.store import fts
from dateline.store.schema import connect

# Title matches count three times a body match: a headline naming the topic is about it.
_BM25 = "bm25(articles_fts, 3.0, 1.0)"
_COMPANIONS = ("-wal", "-shm", "-journal")


class SqliteBackend:
    errors = (sqlite3.Error,)
    # SQLite's lower() folds ASCII only; the store filters non-ASCII terms in Python.
    contains = "instr(lower(text), ?) > 0"
    non_ascii = "length(text) != length(CAST(text AS BLOB))"
    matches = "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"

    def __init__(self, path: Path, *, create: bool) -> None:
        self.path = path
        self.name = str(path)
        self.conn = connect(path, create=create)

    @property
    def files(self) -> list[Path]:
        """The database file and the companions SQLite keeps beside it (write-ahead log,
        shared memory, rollback journal)."""
        return [self.path] + [self.path.with_name(self.path.name + s) for s in _COMPANIONS]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        # IMMEDIATE takes the file's write lock now: a second writer waits here (busy
        # timeout), not midway through a batch.
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    all_of = staticmethod(fts.match_all)
    any_of = staticmethod(fts.match_any)

    @staticmethod
    def both(a: str, b: str) -> str:
        return f"({a}) AND ({b})"

    def ranked(
        self,
        expr: str,
        where: str,
        params: Sequence[Any],
        limit: int,
        *,
        originals_only: bool = False,
    ) -> list[tuple[int, float]]:
        return [
            (rowid, -score)
            for rowid, score in self.conn.execute(
                f"SELECT a.rowid, f.score FROM (SELECT rowid, {_BM25} AS score"
                " FROM articles_fts WHERE articles_fts MATCH ?) f"
                f" JOIN articles a ON a.rowid = f.rowid WHERE {where}"
                " ORDER BY f.score, a.rowid LIMIT ?",
                [expr, *params, limit],
            )
        ]

    def insert_rows(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if rows:
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            self.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def mentions(self, spans: list[tuple[int, int]], rowids: list[int]) -> Iterable[Any]:
        # A join on the articles: with OR-ed ranges SQLite scans the whole (WITHOUT
        # ROWID) mentions table.
        return self.conn.execute(
            'SELECT m.sentence, m.start, m."end", m.type, m.value, m.granularity, m.text'
            " FROM articles a JOIN mentions m ON m.sentence BETWEEN a.first_sentence"
            " AND a.first_sentence + a.sentence_count - 1"
            f" WHERE a.rowid IN ({','.join('?' * len(rowids))}) ORDER BY m.sentence, m.seq",
            rowids,
        )

    def add_bands(self, rowid: int, keys: list[int]) -> None:
        self.conn.executemany(
            "INSERT INTO lsh (key, article) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(k, rowid) for k in keys],
        )

    def index_texts(self, rows: list[tuple[int, str, str]]) -> None:
        self.conn.executemany(
            "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)", rows
        )

    def matching(self, texts: Sequence[tuple[int, str]], words: list[str]) -> Iterator[int]:
        # FTS5 itself decides (same tokenizer and stemmer as the index), on a small
        # temporary index of just these texts.
        conn = self.conn
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.hits USING fts5(text,"
            " tokenize='porter unicode61 remove_diacritics 2')"
        )
        conn.execute("DELETE FROM temp.hits")
        conn.executemany("INSERT INTO temp.hits (rowid, text) VALUES (?, ?)", texts)
        keys = [
            key
            for (key,) in conn.execute(
                "SELECT rowid FROM temp.hits WHERE hits MATCH ? ORDER BY rank",
                (fts.match_any(words),),
            )
        ]
        conn.execute("DELETE FROM temp.hits")
        return iter(keys)

    def size_bytes(self) -> int:
        page_size = self.conn.execute("PRAGMA page_size").fetchone()[0]
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        return int(page_size * pages)

    def optimize(self) -> None:
        """Merge the full-text index into one segment."""
        self.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")

    def close(self, wrote: bool) -> None:
        if wrote:
            # Refresh planner statistics after writing. Only writers do it: it may need
            # the write lock, and a reader must never wait on an ingest.
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA optimize")
        self.conn.close()
