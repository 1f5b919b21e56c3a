"""Opening a dateline database: recognising it, versioning its schema, migrating it.

A dateline database is an SQLite file whose header carries our `application_id` and
whose `user_version` is the schema version it was written with. Anything else (a text
file, another program's SQLite database, a database from a newer dateline) is refused
with one clear `StoreError` line, before any table is touched.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from dateline.request import RequestError

# "DTLN" in ASCII, written into the SQLite header (offset 68) so `file(1)` and we can
# tell a dateline database from any other SQLite file without reading a table.
APPLICATION_ID = 0x44544C4E
SQLITE_MAGIC = b"SQLite format 3\x00"
# How long a statement waits for another process's write lock before failing. An ingest
# holds the lock for one batch at a time (well under a second), so this is generous.
BUSY_TIMEOUT_MS = 30_000


class StoreError(Exception):
    """A problem with a dateline database, explained in one line for the user."""


class QueryError(StoreError, RequestError):
    """A request the store cannot answer as asked (no words to search for, a query too
    long, a window too big without a query): the asker's to fix, so also a RequestError
    (a ValueError)."""


class TooManyArticlesError(QueryError):
    """A request without a query or keywords over a window holding more articles than a
    timeline is built from: the asker must say what to look for."""


class NoMatchError(StoreError):
    """Nothing in the store matches the request."""


_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per stored article. Small columns first: SQLite reads a row's columns in
-- order, so the date filter of a query never has to page through the big blobs.
CREATE TABLE articles (
    rowid          INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    published      TEXT,              -- ISO date, NULL when undated
    published_from TEXT,
    duplicate_of   TEXT,              -- id of the first article of its near-duplicate group
    similarity     REAL,              -- estimated Jaccard similarity to that article
    source         TEXT,
    title          TEXT,
    path           TEXT,
    url            TEXT,
    removed_lines  INTEGER NOT NULL DEFAULT 0,
    first_sentence INTEGER NOT NULL,  -- its sentences are rowids first_sentence ..
    sentence_count INTEGER NOT NULL,  -- .. first_sentence + sentence_count - 1
    content_hash   BLOB NOT NULL UNIQUE,  -- of the cleaned text: the idempotency key
    raw_hash       BLOB NOT NULL,         -- of the text as read: skips re-annotation
    shingles       INTEGER NOT NULL,
    minhash        BLOB,                  -- dedup signature (NULL: too short to link)
    added          TEXT NOT NULL,
    text           TEXT,  -- NULL when it is the sentences joined by newlines (the usual case)
    original       BLOB   -- zlib-compressed text as read, only with keep_original
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_raw_hash ON articles(raw_hash);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;

-- Sentence rowids are assigned by the writer in one block per article, so an article's
-- sentences (and their mentions) are a rowid range: no index on article needed.
CREATE TABLE sentences (
    id      INTEGER PRIMARY KEY,
    article INTEGER NOT NULL,
    idx     INTEGER NOT NULL,
    text    TEXT NOT NULL
);

CREATE TABLE mentions (
    sentence    INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    type        TEXT NOT NULL,
    value       TEXT NOT NULL,
    granularity TEXT,
    day         TEXT,   -- ISO date when day-precise
    text        TEXT,   -- NULL when it is sentence.text[start:end]
    PRIMARY KEY (sentence, seq)
) WITHOUT ROWID;
CREATE INDEX mentions_day ON mentions(day) WHERE day IS NOT NULL;

-- LSH bands of the MinHash signatures (dateline.dedup): a near-duplicate shares a key.
CREATE TABLE lsh (
    key     INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (key, article)
) WITHOUT ROWID;

-- Full-text index over titles and bodies, one row per article (rowid = articles.rowid).
-- Contentless: the text lives once, in `sentences`; the index holds only terms, which
-- keeps the file about a third smaller than an external-content copy would.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content='', tokenize='porter unicode61 remove_diacritics 2'
);
"""

# The full-text index merges its segments 16 at a time rather than FTS5's default 4: an
# ingest rewrites each term about half as often (the writer's CPU per article fell by a
# fifth at 30k articles), and a query reads a few more segments (docs/store.md).
_V2 = """
INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 16);
"""

# MIGRATIONS[i] takes a database at schema version i to version i + 1, inside one
# transaction. Append to this list; never edit an entry that has shipped.
Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = [
    lambda conn: run_script(conn, _V1),
    lambda conn: run_script(conn, _V2),
    # Version 3 is the PostgreSQL backend's (an index of the originals, postgres._V3);
    # SQLite's schema is unchanged, its version kept equal to PostgreSQL's.
    lambda conn: None,
]
SCHEMA_VERSION = len(MIGRATIONS)


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute statements one by one inside the caller's transaction.

    (`executescript` would COMMIT first, and a migration must be all or nothing.)
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        conn.execute(statement)


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def connect(path: str | Path, *, create: bool) -> sqlite3.Connection:
    """An open connection to a dateline database at the current schema version.

    With `create`, a missing file becomes a new database; without it, a missing file is
    an error (readers never create databases by accident). An existing file that is
    empty, or not a dateline database, is refused either way.
    """
    p = Path(path)
    if p.is_dir():
        raise StoreError(f"{p} is a directory, not a dateline database")
    if not p.exists():
        if not create:
            raise StoreError(f"{p}: no such database; create it with `dateline ingest`")
        if not p.parent.exists():
            raise StoreError(f"{p}: folder {p.parent} does not exist")
        _create(p)
    try:
        size, ok = p.stat().st_size, _looks_like_sqlite(p)
    except OSError as exc:
        raise StoreError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if size == 0:
        # Never made into a database: an empty file at that path is someone's, or a
        # mistake (a shell redirect, a failed download), not a database to fill.
        raise StoreError(f"{p} is an empty file, not a dateline database")
    if not ok:
        raise StoreError(f"{p} is not a dateline database")
    return _open(p, p, create)


def _create(p: Path) -> None:
    """Make a new database at `p`, built under a temporary name and linked into place, so
    no process ever sees `p` as an empty file (which every command refuses)."""
    fd, name = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".new", dir=p.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        _open(tmp, p, create=True).close()
        try:
            os.link(tmp, p)
        except FileExistsError:
            pass  # another process made it meanwhile: theirs is used
        except OSError:  # no hard links on this file system
            if not p.exists():
                os.replace(tmp, p)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def _open(file: Path, p: Path, create: bool) -> sqlite3.Connection:
    """Connect to `file` and bring it to the current schema (`p` is the name told)."""
    try:
        # Autocommit mode: the store opens its own transactions (BEGIN IMMEDIATE), so
        # Python's implicit transaction handling cannot hold a lock behind its back.
        conn = sqlite3.connect(file, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"{p}: cannot open ({exc})") from None
    try:
        _prepare(conn, p, create)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise StoreError(f"{p} is not a dateline database ({exc})") from None
        raise StoreError(f"{p}: {exc}") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare(conn: sqlite3.Connection, p: Path, create: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    app_id, version = _header(conn)
    if app_id != APPLICATION_ID and not (app_id == 0 and version == 0 and _is_empty(conn)):
        raise StoreError(f"{p} is not a dateline database")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{p} was written by a newer dateline (schema {version} > {SCHEMA_VERSION}); "
            "upgrade dateline"
        )
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        # WAL lets readers (timeline, search) run while an ingest writes. It is a
        # property of the file, set once; it needs a write, so not on a read-only file.
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if version == SCHEMA_VERSION:
                pass  # read-only file at the current version: still readable
            else:
                raise StoreError(f"{p}: cannot write ({exc})") from None
    # In WAL mode NORMAL loses no committed transaction when the process is killed (only
    # on power loss may the last ones roll back), and saves an fsync per commit.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MB page cache per connection
    if version < SCHEMA_VERSION:
        if version == 0 and not create:
            raise StoreError(f"{p} is empty, not yet a dateline database")
        migrate(conn, p)


def _header(conn: sqlite3.Connection) -> tuple[int, int]:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return int(app_id), int(version)


def _is_empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] == 0


def migrate(conn: sqlite3.Connection, p: Path) -> None:
    """Bring the schema up to SCHEMA_VERSION, one migration per transaction."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            app_id, version = _header(conn)
            if version >= SCHEMA_VERSION:
                conn.execute("COMMIT")
                return
            if app_id not in (0, APPLICATION_ID) or (app_id == 0 and not _is_empty(conn)):
                raise StoreError(f"{p} is not a dateline database")
            MIGRATIONS[version](conn)
            if version == 0:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES ('created_by', 'dateline ' || ?)",
                    (_dateline_version(),),
                )
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _dateline_version() -> str:
    from dateline import __version__

    return __version__
