"""The corpus store: ingest once, keep adding, ask for any timeline.

An embedded SQLite database (stdlib `sqlite3`, WAL mode; the default) or a PostgreSQL
database (`postgresql://USER@HOST/DB`, psycopg 3, the `postgres` extra) holding
articles, sentences and time mentions, with a full-text index (FTS5, or tsvector/GIN)
for ranked retrieval and MinHash bands for near-duplicate detection. One store, two
backends (`sqlite.py`, `postgres.py`). See docs/store.md for the schema and guarantees.

    from dateline.read import read_paths
    from dateline.store import Store

    with Store("news.db") as store:
        print(store.ingest(read_paths(["articles/"]), workers=2).summary())
        articles = store.articles_for_query("Kim Jong Un")

Timelines from a database are built by `dateline.open("news.db")` (`dateline.source`):
the store comes before the timeline stage and never imports it.
"""

from __future__ import annotations

from dateline.store.backend import is_url
from dateline.store.core import (
    DEFAULT_BATCH,
    DEFAULT_DB,
    QUERY_LIMIT,
    SENTENCE_BUDGET,
    IngestReport,
    SearchHit,
    Store,
    StoreStats,
)
from dateline.store.schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    NoMatchError,
    QueryError,
    StoreError,
    TooManyArticlesError,
)

__all__ = [
    "APPLICATION_ID",
    "DEFAULT_BATCH",
    "DEFAULT_DB",
    "QUERY_LIMIT",
    "SCHEMA_VERSION",
    "SENTENCE_BUDGET",
    "IngestReport",
    "NoMatchError",
    "QueryError",
    "SearchHit",
    "Store",
    "StoreError",
    "StoreStats",
    "TooManyArticlesError",
    "is_url",
]
