"""Checks shared by the store tests. `snapshot`: everything an ingest writes, on either
backend, in a form that does not depend on rowids (two stores with equal snapshots hold
the same articles, sentences, mentions, links, LSH bands and full-text rows)."""

from __future__ import annotations

import signal
import subprocess
import time

from dateline.store import Store, StoreError, is_url


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


def sigkill_mid_ingest(cmd: list[str], db: str, *, after: int, not_yet: tuple[str, ...]) -> int:
    """Run the ingest `cmd` into `db`, reading the store (stats, search) while it writes,
    and SIGKILL it once `after` articles are stored; the number of successful reads.
    `not_yet`: the errors a reader may get before the ingest has made the store."""
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the caller can check its workers
    )
    try:
        seen, reads = 0, 0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                # Readers work while the ingest writes: never "database locked".
                with Store(db, create=False) as reader:
                    seen = reader.stats().articles
                    if seen:
                        reader.search("disease quake", limit=5)
                        reads += 1
            except StoreError as exc:
                if not any(s in str(exc) for s in not_yet):
                    raise
            if seen >= after:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert reads > 0
    return proc.pid
