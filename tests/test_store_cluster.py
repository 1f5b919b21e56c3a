"""`dateline ingest --dask`: reading and annotation on a real Dask cluster (a LocalCluster of
two worker processes, reached by its tcp:// address as a remote one would be), into both
backends; a worker SIGKILLed mid-task; Dask never imported without --dask."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import BACKENDS
from dateline import cluster
from dateline.read import read_paths
from dateline.store import IngestReport, Store
from store_checks import snapshot

pytestmark = pytest.mark.shared
distributed = pytest.importorskip("distributed", reason="needs dask and distributed (dev extra)")

COLLECTIONS = ("H1N1_bbc", "haiti_bbc")


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as lc:
        yield lc


@pytest.fixture(scope="module")
def pool_snapshot(t17_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What the process pool (the default ingest) stores for COLLECTIONS."""
    db = str(tmp_path_factory.mktemp("pool") / "pool.db")
    with Store(db) as store:
        store.ingest(read_paths([t17_dir / c for c in COLLECTIONS]), workers=2, batch_size=25)
    return snapshot(db)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_without_dask_nothing_of_dask_or_psycopg_is_imported(seeds_dir: Path, tmp_path: Path):
    code = (
        "import sys\n"
        "from dateline.cli import main\n"
        f"sys.argv = ['dateline', 'ingest', {str(seeds_dir)!r}, '--db',"
        f" {str(tmp_path / 'n.db')!r}, '--workers', '2']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('dask', 'distributed', 'psycopg', 'dateline.cluster'))\n"
        "print('imported:', bad)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "added 3," in run.stderr
    assert run.stdout.strip() == "imported: []"


def test_dask_ingest_stores_what_the_process_pool_stores(
    backend: str,
    new_db: Callable[[str], str],
    t17_dir: Path,
    dask_cluster: distributed.LocalCluster,
    pool_snapshot: dict[str, object],
) -> None:
    db = new_db("dask")
    inputs = [t17_dir / c for c in COLLECTIONS]
    with Store(db) as store:
        report = cluster.ingest(store, inputs, dask_cluster.scheduler_address, batch_size=25)
    # The same articles, ids, dates, links, sentences, mentions, bands and index rows as
    # the pool's ingest into SQLite, on either backend.
    assert snapshot(db) == pool_snapshot
    assert report.added == len(pool_snapshot["articles"])  # type: ignore[arg-type]
    with Store(db) as store:  # a re-run: everything is there already
        again = cluster.ingest(store, inputs, dask_cluster.scheduler_address)
    assert (again.added, again.unchanged) == (0, report.added + report.unchanged)


def test_big_json_lines_are_split_into_line_ranges(
    t17_dir: Path,
    tmp_path: Path,
    dask_cluster: distributed.LocalCluster,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A JSON Lines corpus built from real articles (in tmp, never in the repository);
    # every third record has no id, so its id is its line number: a range that starts
    # at the wrong line would give wrong ids.
    corpus = tmp_path / "corpus.jsonl"
    files = sorted((t17_dir / "H1N1_bbc" / "InputDocs").rglob("*.txt"))
    with corpus.open("w", encoding="utf-8") as fh:
        for n, f in enumerate(files):
            record = {"text": f.read_text(encoding="utf-8"), "date": f.parent.name}
            if n % 3:
                record["id"] = f"a{n}"
            fh.write(json.dumps(record) + "\n")
            if n == 40:
                fh.write("{not json\n")  # a bad line in the middle of a range
    monkeypatch.setattr(cluster, "SPLIT_BYTES", 1000)
    parts = list(cluster.partitions([corpus]))
    assert len(parts) == -(-(len(files) + 1) // cluster.LINES_PER_TASK) > 2
    with Store(tmp_path / "local.db") as store:
        local = store.ingest(read_paths([corpus]), workers=1)
        expected = sorted(store.connection.execute("SELECT id, path, content_hash FROM articles"))
    with Store(tmp_path / "dask.db") as store:
        report = cluster.ingest(store, [corpus], dask_cluster.scheduler_address)
        got = sorted(store.connection.execute("SELECT id, path, content_hash FROM articles"))
    assert got == expected and len(got) == local.added > 100
    assert [str(p) for p in report.problems] == [str(p) for p in local.problems]
    assert any(f"corpus.jsonl:{42}" in str(p) for p in report.problems)  # the bad line


def test_a_worker_killed_mid_task_loses_and_doubles_nothing(
    t17_dir: Path, tmp_path: Path, pool_snapshot: dict[str, object]
) -> None:
    inputs = [t17_dir / c for c in COLLECTIONS]
    db = str(tmp_path / "k.db")
    killed: list[int] = []
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ) as lc,
        distributed.Client(lc) as watcher,
    ):
        before = watcher.run(os.getpid)

        def kill_a_busy_worker(report: IngestReport) -> None:
            if killed or report.added < 25:
                return
            # A worker with tasks running or queued on it: its task is lost mid-way.
            busy = [ws.address for ws in lc.scheduler.workers.values() if ws.processing]
            assert busy, "no worker was busy"
            killed.append(before[busy[0]])
            os.kill(before[busy[0]], signal.SIGKILL)

        with Store(db) as store:
            report = cluster.ingest(
                store, inputs, lc.scheduler_address, batch_size=25, progress=kill_a_busy_worker
            )
        assert killed, "the ingest ended before a worker could be killed"
        # The nanny started a new worker process in place of the killed one.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(watcher.run(os.getpid)) < 2:
            time.sleep(0.2)
        assert killed[0] not in watcher.run(os.getpid).values()
    assert snapshot(db) == pool_snapshot
    assert report.added == len(pool_snapshot["articles"])  # type: ignore[arg-type]


def test_bench_with_dask_scores_what_the_process_pool_scores(
    t17_dir: Path, tmp_path: Path, dask_cluster: distributed.LocalCluster
) -> None:
    from typer.testing import CliRunner

    from dateline.cli import app

    reports = {}
    for name, how in (
        ("pool", ["--workers", "1"]),
        ("dask", ["--dask", dask_cluster.scheduler_address]),
    ):
        out = tmp_path / name
        result = CliRunner().invoke(
            app, ["bench", str(t17_dir), "--topic", "mj", "--report", str(out), *how]
        )
        assert result.exit_code == 0, result.stderr
        reports[name] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    # The same articles in the same order: the very same timeline and scores.
    assert reports["dask"]["rows"] == reports["pool"]["rows"]
    assert reports["dask"]["timings"][0]["articles"] == reports["pool"]["timings"][0]["articles"]
