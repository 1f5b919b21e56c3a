"""The corpus store: ingest once, keep adding, ask for any timeline.

An embedded SQLite database (stdlib `sqlite3`, WAL mode; the default) or a PostgreSQL
database (`postgresql://USER@HOST/DB`, psycopg 3, the `postgres` extra) holding
articles, sentences and time mentions, with a full-text index (FTS5, or tsvector/GIN)
for ranked retrieval and MinHash bands for near-duplicate detection. One store, two
backends (`sqlite.py`, `postgres.py`). See docs/store.md for the schema and guarantees.

    from dateline.read import read_paths
    from dateline.store import Store, timeline_from_store
    from dateline.timeline import TimelineOptions

    with Store("news.db") as store:
        print(store.ingest(read_paths(["articles/"]), workers=2).summary())
    timeline = timeline_from_store("news.db", TimelineOptions(query="Kim Jong Un"))
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

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
)

if TYPE_CHECKING:
    from dateline.model import Timeline
    from dateline.timeline import TimelineOptions

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
    "is_url",
    "timeline_from_store",
]


def timeline_from_store(
    db_path: str | os.PathLike[str],
    options: TimelineOptions | None = None,
    *,
    limit: int = QUERY_LIMIT,
    max_sentences: int | None = SENTENCE_BUDGET,
    prune: bool = True,
) -> Timeline:
    """The timeline of `options.query` (and/or keywords) from a dateline database.

    Retrieves the `limit` most relevant articles in the date window (FTS5 BM25), fewer
    if their sentences pass `max_sentences` (None: no bound), and
    builds the timeline with the same core as the file-based command. With `prune`
    (the default), only the sentences the timeline may quote are loaded. Raises
    `StoreError` (one line) for a missing or foreign file, `QueryError` for a query with
    no words, `NoMatchError` when nothing matches.
    """
    # The select stage comes after the store; imported here so that the store itself
    # never depends on it (the file-based path does not need the store at all).
    from dateline.timeline import TimelineOptions, build_timeline, query_terms

    options = options or TimelineOptions()
    # The timeline step counts and quotes only sentences that contain a keyword or a
    # query word (case-insensitive substring); loading just those makes a 1000-article
    # timeline several times faster. The dates are the same; the TF-IDF statistics and
    # each date's vector (drawn from all its sentences when they are there) see fewer.
    terms = [*options.keywords, *query_terms(options.query)] if prune else []
    with Store(db_path, create=False) as store:
        name = store.path
        articles = store.articles_for_query(
            options.query,
            options.start,
            options.end,
            limit,
            keywords=options.keywords,
            sentence_terms=terms,
            max_sentences=max_sentences,
        )
    if not articles:
        what = f"the query {options.query!r}" if options.query else "the keywords"
        if not options.query and not options.keywords:
            what = "the date window"
        raise NoMatchError(f"no article in {name} matches {what}")
    return build_timeline(articles, options)
