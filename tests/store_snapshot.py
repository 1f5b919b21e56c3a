"""Everything an ingest writes, on either backend, in a form that does not depend on rowids:
two stores with equal snapshots hold the same articles, sentences, mentions, links, LSH
bands and full-text rows."""

from __future__ import annotations

from dateline.store import Store, is_url


def snapshot(db: str) -> dict[str, object]:
    with Store(db, create=False) as store:
        conn = store.connection
        articles = sorted(
            tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
            for row in conn.execute(
                "SELECT id, content_hash, published, published_from, duplicate_of,"
                " sentence_count FROM articles"
            )
        )
        mentions = sorted(
            conn.execute(
                "SELECT a.id, s.idx, m.seq, m.value, m.day FROM mentions m"
                " JOIN sentences s ON s.id = m.sentence"
                " JOIN articles a ON a.rowid = s.article"
            )
        )
        if is_url(db):
            fts_rows = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
            fts_haiti = conn.execute(
                "SELECT count(*) FROM articles_fts WHERE doc @@ to_tsquery('english', 'haiti')"
            ).fetchone()[0]
        else:
            fts_rows = conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
            fts_haiti = conn.execute(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'haiti'"
            ).fetchone()[0]
        return {
            "articles": articles,
            "sentences": conn.execute("SELECT count(*) FROM sentences").fetchone()[0],
            "mentions": [tuple(m) for m in mentions],
            "lsh": conn.execute("SELECT count(*) FROM lsh").fetchone()[0],
            "fts_rows": fts_rows,  # exactly one full-text entry per article
            "fts_haiti": fts_haiti,
        }


def count_articles(db: str) -> int:
    with Store(db, create=False) as store:
        return store.stats().articles
