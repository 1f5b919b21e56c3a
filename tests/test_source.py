"""One way to ask for a timeline (issue 15, section 1): a request validated once, the same
refusal in every shell, and two sources (files, database) answering the same requests."""

from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dateline
from conftest import BACKENDS, make_db_factory
from dateline.cli import app
from dateline.request import RequestError, TimelineRequest, in_window, query_words
from dateline.source import DatabaseSource, FileSource, is_database

SRC = Path(dateline.__file__).resolve().parent
runner = CliRunner()


def _cli(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def files(seeds_dir: Path) -> FileSource:
    source = dateline.open(seeds_dir, workers=1)
    assert isinstance(source, FileSource)
    return source


@pytest.fixture(scope="module", params=BACKENDS)
def database(
    seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> DatabaseSource:
    # Each test that takes it runs on an SQLite file and on PostgreSQL (a URL).
    backend = str(request.param)
    db = make_db_factory(request, backend, tmp_path_factory.mktemp("source"))("seeds")
    code, err = _cli("ingest", seeds_dir, "--db", db, "--workers", "1")
    assert code == 0, err
    source = dateline.open(db)
    assert isinstance(source, DatabaseSource)
    return source


# ------------------------------------------------------------------ the request


def test_request_normalises_once() -> None:
    r = TimelineRequest(query="  Kim Jong Un ", start="2019-02-01", end="", max_dates="3")
    assert (r.query, r.start, r.end, r.max_dates) == ("Kim Jong Un", dt.date(2019, 2, 1), None, 3)
    assert r.words == ("kim", "jong", "un") and r.terms == ["kim", "jong", "un"]
    assert TimelineRequest(query="   ").query is None
    assert TimelineRequest(keywords=(" putin ", "", "kim")).keywords == ("putin", "kim")
    # As the CLI spells them (before: one keyword "bp, oil", which no sentence contains).
    assert TimelineRequest(keywords="bp, oil,,spill").keywords == ("bp", "oil", "spill")


@pytest.mark.shared
def test_keywords_as_one_string_from_python(seeds_dir: Path) -> None:
    timeline = dateline.build_timeline([seeds_dir], keywords="putin,vladivostok")
    assert timeline.entries and timeline.keywords == ("putin", "vladivostok")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start": "2019-03-01", "end": "2019-02-01"}, "start (2019-03-01) is after end"),
        ({"query": "Kim", "keywords": ("putin",)}, "give keywords or a query, not both"),
        ({"start": "28/02/2019"}, "start must be a date like 2019-02-28"),
        ({"max_dates": 0}, "max_dates must be a positive integer"),
        ({"sentences_per_date": "none"}, "sentences_per_date must be a positive integer"),
        ({"query": "!!! ?"}, "has no words to search for"),
        ({"keywords": tuple(f"k{i}" for i in range(40))}, "at most 32 are used"),
    ],
)
def test_bad_requests_are_refused_with_one_line(fields: dict, message: str) -> None:
    with pytest.raises(RequestError, match=re.escape(message)):
        TimelineRequest(**fields)


@pytest.mark.shared
def test_the_same_refusal_in_every_shell(seeds_dir: Path, database: DatabaseSource) -> None:
    message = "start (2019-03-01) is after end (2019-02-01)"
    # Python API (before: an empty timeline, silently)
    with pytest.raises(RequestError, match=re.escape(message)):
        dateline.build_timeline([seeds_dir], start="2019-03-01", end="2019-02-01")
    # CLI, from files and from a database
    for source in ((seeds_dir,), ("--db", database.path)):
        code, err = _cli("timeline", *source, "--start", "2019-03-01", "--end", "2019-02-01")
        assert code == 2 and err.strip() == f"dateline: --start: {message}"
    # web
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dateline.web import create_app

    client = TestClient(create_app(database), base_url="http://localhost")
    r = client.get("/api/timeline", params={"start": "2019-03-01", "end": "2019-02-01"})
    assert r.status_code == 400 and r.json()["detail"] == message
    # Keywords and a query together (before: refused by the CLI, accepted by the API).
    both = "give keywords or a query, not both"
    with pytest.raises(RequestError, match=both):
        dateline.build_timeline([seeds_dir], keywords=["putin"], query="Kim")
    code, err = _cli("timeline", seeds_dir, "--keywords", "putin", "--query", "Kim")
    assert code == 2 and both in err


# ------------------------------------------------------------------ the sources


def test_open_tells_files_from_a_database(tmp_path: Path, seeds_dir: Path) -> None:
    assert isinstance(dateline.open(seeds_dir), FileSource)
    assert isinstance(dateline.open([seeds_dir, seeds_dir]), FileSource)
    assert is_database(tmp_path / "news.db") and is_database(tmp_path / "x.SQLITE")
    (tmp_path / "story.txt").write_text("Not a database.")
    assert not is_database(tmp_path / "story.txt") and not is_database(tmp_path)
    from dateline.store import StoreError

    with pytest.raises(StoreError, match="no such database"):
        dateline.open(tmp_path / "missing.db")
    (tmp_path / "empty.db").write_bytes(b"")
    with pytest.raises(StoreError, match="empty file, not a dateline database"):
        dateline.open(tmp_path / "empty.db")


@pytest.mark.shared
def test_files_and_database_answer_the_same_timeline(
    files: FileSource, database: DatabaseSource
) -> None:
    request = TimelineRequest(query="Kim Jong Un")
    from_files = files.timeline(request)
    from_db = database.timeline(request)
    assert from_files.entries
    # Both build from the articles about the query, with their usable sentences.
    assert [(e.date, e.sentences) for e in from_db.entries] == [
        (e.date, e.sentences) for e in from_files.entries
    ]
    assert from_db.article_count == from_files.article_count == len(from_files.articles) > 0
    # With whole articles loaded from the database, the same dates.
    whole = DatabaseSource(database.path, prune=False).timeline(request)
    assert [e.date for e in whole.entries] == [e.date for e in from_files.entries]
    # Nothing matches: an empty timeline from both (before: a NoMatchError from the store).
    for source in (files, database):
        assert source.timeline(TimelineRequest(query="zzyzx quetzalcoatl")).entries == []


@pytest.mark.shared
def test_files_and_database_answer_the_same_search(
    files: FileSource, database: DatabaseSource
) -> None:
    request = TimelineRequest(query="Vladivostok", limit=5)
    hits = {s: src.search(request) for s, src in (("files", files), ("db", database))}
    assert {h.article.id for h in hits["files"]} == {h.article.id for h in hits["db"]}
    for found in hits.values():
        assert found and all(h.sentences for h in found)
        assert all("vladivostok" in s.text.lower() for h in found for s in h.sentences)
    window = TimelineRequest(query="Kim", start="2019-04-01", end="2019-04-30")
    for source in (files, database):
        got = source.search(window)
        assert got and all(in_window(h.article.published, window.start, window.end) for h in got)
    for source in (files, database):
        with pytest.raises(RequestError, match="the query is empty"):
            source.search(TimelineRequest())


@pytest.mark.shared
def test_one_date_window(files: FileSource, database: DatabaseSource) -> None:
    # The store's SQL window keeps exactly the articles `in_window` keeps.
    start, end = dt.date(2019, 2, 28), dt.date(2019, 3, 1)
    expected = {a.id for a in files.articles if in_window(a.published, start, end)}
    with database.open_store() as store:
        got = {a.id for a in store.articles_for_query(None, start, end, limit=100)}
    assert got == expected and 0 < len(got) < len(files.articles)


def test_one_query_word() -> None:
    from dateline.store import fts
    from dateline.timeline import query_terms

    assert query_terms is query_words
    q = "The Kim Jong-un summit, Kim's train and the UN"
    assert query_words(q) == ["kim", "jong-un", "summit", "kim's", "train", "un"]
    # The store's FTS5 terms are those words split into its tokens.
    assert fts.terms(q) == ["kim", "jong un", "summit", "kim s", "train", "un"]


# ---------------------------------------------------------- layout and import cost


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_the_store_never_imports_a_later_stage() -> None:
    later = ("dateline.timeline", "dateline.render", "dateline.source", "dateline.web")
    for path in (SRC / "store").glob("*.py"):
        bad = [m for m in _imports(path) if m.startswith(later)]
        assert not bad, (path.name, bad)


def test_importing_the_model_is_light() -> None:
    code = (
        "import sys, dateline.model; "
        "heavy = [m for m in ('sklearn', 'numpy', 'scipy', 'dateline.timeline', "
        "'dateline.pipeline', 'dateline.store', 'rich') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    # ... and the package root still offers the API, loaded on first use.
    code = (
        "import dateline, sys; assert 'dateline.api' not in sys.modules; "
        "assert callable(dateline.build_timeline) and callable(dateline.open); "
        "assert dateline.TimelineRequest and dateline.Store and dateline.Timeline"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    with pytest.raises(AttributeError):
        _ = dateline.no_such_name  # type: ignore[attr-defined]


@pytest.mark.shared
def test_the_database_source_reaches_the_store_only_through_its_opener(
    database: DatabaseSource,
) -> None:
    # How a second store backend fits: the source asks `opener` for a store each time.
    from dateline.store import Store

    opened: list[Store] = []

    def opener() -> Store:
        opened.append(Store(database.path, create=False))
        return opened[-1]

    source = DatabaseSource(database.path, opener=opener)
    assert source.timeline(TimelineRequest(query="Kim Jong Un")).entries
    assert source.search(TimelineRequest(query="Kim"))
    assert len(opened) == 3  # checked when made, then one per request


@pytest.mark.shared
def test_the_last_representable_day_as_end(
    seeds_dir: Path, files: FileSource, database: DatabaseSource
) -> None:
    # Before: OverflowError (a traceback on the CLI, a 500 on the web): the window reads
    # the day after `end`, and 9999-12-31 has none.
    request = TimelineRequest(start="0001-01-01", end="9999-12-31")
    assert files.timeline(request).entries
    assert database.timeline(request).entries
    code, err = _cli("timeline", seeds_dir, "--end", "9999-12-31", "--format", "json")
    assert code == 0 and "Traceback" not in err


@pytest.mark.shared
def test_a_single_letter_is_no_query_word(files: FileSource, database: DatabaseSource) -> None:
    # Before: `--query w` gave every article from files (a substring of every text) and
    # none from the database (no such word): neither is about "w".
    assert query_words("U.S. sanctions on Plan B") == ["sanctions", "plan"]
    assert query_words("金 正恩") == ["金", "正恩"]
    for source in (files, database):
        with pytest.raises(RequestError, match="has no words to search for"):
            source.timeline(TimelineRequest(query="w"))
    request = TimelineRequest(query="U.S. sanctions")
    assert [e.date for e in files.timeline(request).entries] == [
        e.date for e in database.timeline(request).entries
    ]
