"""SIGKILL in the middle of `dateline ingest`: the database stays consistent, readers keep
working while it runs, and running the ingest again completes it exactly."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.read import read_paths
from dateline.store import Store
from store_checks import sigkill_mid_ingest

pytestmark = pytest.mark.shared

COLLECTIONS = ("H1N1_bbc", "MJ_bbc", "haiti_bbc")  # 560 files


def _ingest_cmd(db: Path, inputs: list[Path]) -> list[str]:
    script = "import sys; from dateline.cli import main; sys.argv[0] = 'dateline'; main()"
    return [
        sys.executable, "-c", script, "ingest", *map(str, inputs),
        "--db", str(db), "--batch-size", "25", "--workers", "2",
    ]  # fmt: skip


def _snapshot(db: Path) -> dict[str, object]:
    """Everything an ingest writes, in a form that does not depend on rowids."""
    con = sqlite3.connect(db)
    try:
        articles = sorted(
            con.execute(
                "SELECT id, content_hash, published, published_from, duplicate_of,"
                " sentence_count FROM articles"
            )
        )
        mentions = sorted(
            con.execute(
                "SELECT a.id, s.idx, m.seq, m.value, m.day FROM mentions m"
                " JOIN sentences s ON s.id = m.sentence"
                " JOIN articles a ON a.rowid = s.article"
            )
        )
        return {
            "articles": articles,
            "sentences": con.execute("SELECT count(*) FROM sentences").fetchone()[0],
            "mentions": mentions,
            "lsh": con.execute("SELECT count(*) FROM lsh").fetchone()[0],
            # The full-text index has exactly one entry per article.
            "fts_haiti": con.execute(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'haiti'"
            ).fetchone()[0],
            "fts_rows": con.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0],
        }
    finally:
        con.close()


def test_sigkill_mid_ingest_then_rerun_equals_a_clean_ingest(t17_dir: Path, tmp_path: Path) -> None:
    inputs = [t17_dir / c for c in COLLECTIONS]
    clean = tmp_path / "clean.db"
    with Store(clean) as store:
        store.ingest(read_paths(inputs), workers=2, batch_size=25)
    expected = _snapshot(clean)
    total = len(expected["articles"])  # type: ignore[arg-type]
    assert total > 400

    db = tmp_path / "killed.db"
    # Only before the ingest has created the file and its tables may a reader fail.
    pid = sigkill_mid_ingest(
        _ingest_cmd(db, inputs), str(db), after=100, not_yet=("no such database", "is empty")
    )

    # Its worker processes notice the parent is gone and exit by themselves.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.killpg(pid, signal.SIGKILL)
        pytest.fail("worker processes outlived the killed ingest")

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    partial = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    assert 0 < partial < total  # killed mid-way

    rerun = subprocess.run(_ingest_cmd(db, inputs), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    summary = rerun.stderr.strip().splitlines()[-1]
    assert f"added {total - partial}," in summary
    assert _snapshot(db) == expected
