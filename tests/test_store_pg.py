"""The PostgreSQL store under stress, on a real server: SIGKILL of the client mid-ingest
(the twin of test_store_kill.py), several ingests writing at once (on both backends), and
bad addresses (no server, wrong password, no such database, unreachable scheduler)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BACKENDS
from dateline.cli import app
from dateline.read import read_paths
from dateline.store import Store
from store_checks import count_articles, sigkill_mid_ingest, snapshot

pytestmark = pytest.mark.shared

KILL_COLLECTIONS = ("H1N1_bbc", "MJ_bbc", "haiti_bbc")  # 560 files, as test_store_kill.py


def _ingest_cmd(db: str, inputs: list[Path], *extra: str) -> list[str]:
    script = "import sys; from dateline.cli import main; sys.argv[0] = 'dateline'; main()"
    return [
        sys.executable, "-c", script, "ingest", *map(str, inputs), "--db", db,
        "--batch-size", "25", *extra,
    ]  # fmt: skip


def test_sigkill_mid_ingest_into_postgres_then_rerun_equals_a_clean_ingest(
    t17_dir: Path, tmp_path: Path, postgres: object
) -> None:
    inputs = [t17_dir / c for c in KILL_COLLECTIONS]
    clean = str(tmp_path / "clean.db")
    with Store(clean) as store:
        store.ingest(read_paths(inputs), workers=2, batch_size=25)
    expected = snapshot(clean)  # the same rows as a clean ingest into PostgreSQL would give
    total = len(expected["articles"])  # type: ignore[arg-type]

    db = postgres.new_database()  # type: ignore[attr-defined]
    # Readers work while the ingest writes (MVCC); only before it made the tables is the
    # database "empty".
    sigkill_mid_ingest(
        _ingest_cmd(db, inputs, "--workers", "2"), db, after=100, not_yet=("is empty",)
    )

    # The server rolled the open batch back: every stored article is whole.
    with Store(db, create=False) as store:
        conn = store.connection
        partial, sentences = conn.execute(
            "SELECT count(*), sum(sentence_count) FROM articles"
        ).fetchone()
        assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == partial
        assert conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == sentences
    assert 0 < partial < total

    rerun = subprocess.run(
        _ingest_cmd(db, inputs, "--workers", "2"), capture_output=True, text=True, timeout=600
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"added {total - partial}," in rerun.stderr.strip().splitlines()[-1]
    assert snapshot(db) == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrent_ingests_lose_and_double_nothing(
    backend: str, new_db: Callable[[str], str], t17_dir: Path, tmp_path: Path
) -> None:
    # Two ingests of the same two collections at once, in opposite orders, so that both
    # write from the start and then meet on the same articles.
    a, b = t17_dir / "H1N1_bbc", t17_dir / "haiti_bbc"
    clean = str(tmp_path / "clean.db")
    with Store(clean) as store:
        store.ingest(read_paths([a, b]), workers=1)
    expected = snapshot(clean)
    db = new_db("shared")
    Store(db).close()  # created before, so that neither run is the one creating it
    procs = [
        subprocess.Popen(
            _ingest_cmd(db, order, "--workers", "1"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for order in ([a, b], [b, a])
    ]
    added = []
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        last = err.strip().splitlines()[-1]
        added.append(int(last.split("added ")[1].split(",")[0]))
    got = snapshot(db)
    assert all(n > 0 for n in added), added  # both wrote
    assert sum(added) == len(expected["articles"]) == count_articles(db)  # type: ignore[arg-type]

    # The same articles, each once, with whole rows; which copy of a near-duplicate
    # group came first may differ (the two runs met in different orders).
    def unlinked(snap: dict[str, object]) -> list[tuple[object, ...]]:
        return [row[:4] + row[5:] for row in snap["articles"]]  # type: ignore[attr-defined, index]

    assert unlinked(got) == unlinked(expected)
    for key in ("sentences", "mentions", "fts_rows", "fts_haiti"):
        assert got[key] == expected[key], key


# ------------------------------------------------------------------- bad addresses

runner = CliRunner()


def _one_line_error(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code != 0
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err + result.stdout, err
    return err


def test_no_server_wrong_password_and_no_database_are_one_line(postgres: object) -> None:
    server = postgres
    nothing = "postgresql://dateline@127.0.0.1:1/news"  # nobody listens on port 1
    err = _one_line_error("stats", "--db", nothing)
    assert err.startswith(f"dateline: {nothing}: cannot connect (") and "refused" in err
    wrong = server.url("postgres", password="not-the-password")  # type: ignore[attr-defined]
    err = _one_line_error("ingest", "/nonexistent", "--db", wrong)
    assert "password authentication failed" in err and "not-the-password" not in err
    missing = server.url("no_such_db")  # type: ignore[attr-defined]
    err = _one_line_error("search", "kim", "--db", missing)
    assert 'database "no_such_db" does not exist' in err
    err = _one_line_error("timeline", "--db", nothing, "--query", "kim")
    assert "cannot connect" in err


def test_unreachable_scheduler_and_bad_dask_spec_are_one_line(
    seeds_dir: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "n.db")
    err = _one_line_error("ingest", str(seeds_dir), "--db", db, "--dask", "tcp://127.0.0.1:1")
    assert "tcp://127.0.0.1:1: cannot reach the Dask scheduler" in err
    for spec in ("local:0", "local:two", "127.0.0.1:8786"):
        err = _one_line_error("ingest", str(seeds_dir), "--db", db, "--dask", spec)
        assert f"--dask {spec!r}: give local:N" in err


def test_a_database_that_is_not_a_dateline_store_is_refused_by_every_command(
    postgres: object, seeds_dir: Path
) -> None:
    # PostgreSQL's counterpart of "a non-database file is refused by every command": a
    # database holding someone else's tables is never read, written or migrated.
    import psycopg

    import dateline
    from dateline.store import StoreError

    url = postgres.new_database()  # type: ignore[attr-defined]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id integer PRIMARY KEY, total numeric)")
    for args in (
        ("ingest", str(seeds_dir), "--db", url),
        ("stats", "--db", url),
        ("search", "Kim", "--db", url),
        ("timeline", "--db", url, "--query", "Kim"),
        ("serve", "--db", url),
    ):
        err = _one_line_error(*args)
        assert err.endswith("is not a dateline database"), (args, err)
    with pytest.raises(StoreError, match="is not a dateline database"):
        dateline.open(url)
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
    assert tables == ["invoices"]  # nothing was created beside them


def test_open_takes_a_postgresql_url(postgres: object, seeds_dir: Path) -> None:
    import dateline
    from dateline.request import TimelineRequest
    from dateline.source import DatabaseSource

    url = postgres.new_database()  # type: ignore[attr-defined]
    with Store(url) as store:
        store.ingest(read_paths([seeds_dir]))
    source = dateline.open(url)
    assert isinstance(source, DatabaseSource) and source.path == url
    timeline = source.timeline(TimelineRequest(query="Kim Jong Un"))
    assert timeline.entries
    assert source.volume(TimelineRequest(query="Kim Jong Un")).article_count == 3
    hit = source.search(TimelineRequest(query="Hanoi summit"))[0]
    assert source.article(hit.article.id) is not None
