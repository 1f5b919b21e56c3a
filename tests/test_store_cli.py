"""`dateline ingest`, `search`, `stats`, `timeline --db` and `serve --db` on the seeds, on
an SQLite file and on a PostgreSQL server (the `db` fixture's two parameters)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BACKENDS, make_db_factory
from dateline.cli import app

pytestmark = pytest.mark.shared

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module", params=BACKENDS)
def db(
    request: pytest.FixtureRequest, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> str:
    path = make_db_factory(request, request.param, tmp_path_factory.mktemp("cli"))("news")
    code, _, err = _run("ingest", str(seeds_dir), "--db", path, "--workers", "1")
    assert code == 0, err
    shown = path.replace(":dateline-test-pw@", "@")  # never the password
    assert (
        err.strip()
        .splitlines()[-1]
        .startswith(
            f"dateline: {shown}: added 3, unchanged 0, duplicates 0, problems 0, dates inferred 1"
        )
    )
    return path


def test_ingest_again_changes_nothing(db: str, seeds_dir: Path) -> None:
    code, _, err = _run("ingest", str(seeds_dir), "--db", str(db))
    assert code == 0
    assert "added 0, unchanged 3, duplicates 0, problems 0" in err


def test_ingest_reports_problems_one_line_each(db: str, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    code, _, err = _run("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "nope.txt"),
                        "--db", str(db))  # fmt: skip
    # Nothing usable was read: non-zero, as `timeline` exits (before: 0).
    assert code == 1
    lines = err.strip().splitlines()
    assert any(ln.startswith("dateline: skipped: ") and "empty.txt" in ln for ln in lines)
    assert any("nope.txt: no such file or directory" in ln for ln in lines)
    assert "problems 2" in lines[-2] and lines[-1] == "dateline: no usable article was read"
    # One usable article among the bad inputs: the run succeeded.
    (tmp_path / "good.txt").write_text("Published: 28.02.2019\n\nThe talks collapsed on Thursday.")
    other = str(tmp_path / "other.db")
    code, _, err = _run("ingest", str(tmp_path), str(tmp_path / "nope.txt"), "--db", other)
    assert code == 0, err


def test_ingest_does_not_read_its_own_database(seeds_dir: Path, tmp_path: Path) -> None:
    # The database (and its -wal/-shm) inside the folder being ingested is not an article:
    # before, ingesting the folder again reported it as three "binary file" problems.
    folder = tmp_path / "news"
    folder.mkdir()
    for seed in seeds_dir.iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    db = folder / "news.db"
    for expected in ("added 3, unchanged 0", "added 0, unchanged 3"):
        code, _, err = _run("ingest", str(folder), "--db", str(db), "--workers", "1")
        assert code == 0, err
        assert f"{expected}, duplicates 0, problems 0" in err.strip().splitlines()[-1]
        assert "news.db" not in err.replace(f"dateline: {db}:", "")


def test_stats(db: str) -> None:
    code, out, _ = _run("stats", "--db", str(db))
    assert code == 0
    assert "articles    3 (" in out
    assert "undated     0 (and 1 dated by inference)" in out
    code, out, _ = _run("stats", "--db", str(db), "--format", "json")
    record = json.loads(out)
    assert record["articles"] == 3 and record["inferred"] == 1 and record["duplicates"] == 0


def test_search(db: str) -> None:
    code, out, _ = _run("search", "Vladivostok", "--db", str(db))
    assert code == 0
    assert out.startswith("2019-04-26  ")
    assert "(2019-04-26)" in out  # the sentence's date mention
    code, out, _ = _run("search", "Hanoi summit", "--db", str(db), "--format", "json")
    hits = [json.loads(line) for line in out.splitlines()]
    assert hits and all("sentences" in h and h["published"] for h in hits)


def test_timeline_from_db(db: str) -> None:
    code, out, err = _run("timeline", "--db", str(db), "--query", "Kim Jong Un", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["query"] == "Kim Jong Un"
    assert "2019-02-28" in [e["date"] for e in doc["entries"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("stats", "--db", "{tmp}/missing.db"), "no such database"),
        (("search", "kim", "--db", "{tmp}/notes.txt"), "is not a dateline database"),
        (("ingest", "{tmp}/notes.txt", "--db", "{tmp}/notes.txt"), "is not a dateline database"),
        (("search", "zzyzx", "--db", "{db}"), "no article in"),
        (("timeline", "--db", "{tmp}/notes.txt", "--query", "kim"), "is not a dateline database"),
    ],
)
def test_errors_are_one_line(db: str, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    (tmp_path / "notes.txt").write_text("Not a database.\n" * 100)
    argv = [a.format(tmp=tmp_path, db=db) for a in args]
    code, out, err = _run(*argv)
    assert code == 1
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err + out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", "kim", "--start", "2020-02-01", "--end", "2020-01-31"),
         "--start: start (2020-02-01) is after end (2020-01-31)"),
        (("search", "!!!"), "--query: the query '!!!' has no words to search for"),
        (("search", ""), "the query is empty: give the words to search for"),
        (("timeline", "{seeds}", "--query", "kim"),
         "give article files or folders, or --db, not both"),
    ],
)  # fmt: skip
def test_contradictory_options_are_usage_errors(
    db: str, seeds_dir: Path, args: tuple[str, ...], message: str
) -> None:
    # (before: the dates gave "no article matches", the folder was silently ignored)
    code, out, err = _run(*[a.format(seeds=seeds_dir) for a in args], "--db", str(db))
    assert code == 2
    assert err.strip() == f"dateline: {message}" and not out


def test_format_in_with_a_database_is_refused(db: str) -> None:
    # Before: ignored, even when it named no format ("--format-in xml").
    for value in ("xml", "html"):
        code, out, err = _run("timeline", "--db", db, "--format-in", value)
        assert code == 2 and not out
        assert err.strip() == (
            "dateline: --format-in applies to article files and folders, not to --db"
        )


def test_serve_db_answers_and_a_search_that_finds_nothing_is_empty(db: str) -> None:
    from fastapi.testclient import TestClient

    from dateline.cli import _source
    from dateline.web import create_app

    # What `dateline serve --db DB` serves (DB: a file or a postgresql:// URL).
    client = TestClient(create_app(_source(None, db)), base_url="http://localhost:8000")
    found = client.get("/api/timeline", params={"q": "Kim Jong Un"})
    assert found.status_code == 200 and "2019-02-28" in found.text
    nothing = client.get("/api/timeline", params={"q": "zzyzx"})
    assert nothing.status_code == 200 and nothing.json()["entries"] == []
