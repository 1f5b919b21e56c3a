"""The corpus store on real articles: the three seeds and Timeline17 collections.

The tests that take `backend` run twice: on an SQLite file and on a real PostgreSQL
server (conftest.py); the schema tests at the end are each backend's own.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BACKENDS, make_db_factory
from dateline.model import Problem
from dateline.pipeline import load_articles
from dateline.read import read_paths
from dateline.request import TimelineRequest
from dateline.source import timeline_from_store
from dateline.store import (
    SCHEMA_VERSION,
    IngestReport,
    Store,
    StoreError,
)
from dateline.store import schema as store_schema
from dateline.timeline import TimelineOptions, build_timeline
from dateline.timeline.quotable import strip_dateline

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def module_db(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    return make_db_factory(request, backend, tmp_path_factory.mktemp(backend))


@pytest.fixture(scope="module")
def seeds_db(seeds_dir: Path, module_db: Callable[[str], str]) -> str:
    db = module_db("seeds")
    with Store(db) as store:
        report = store.ingest(read_paths([seeds_dir]))
    assert (report.added, report.unchanged, report.problems) == (3, 0, [])
    return db


H1N1 = ("H1N1_bbc", "H1N1_guardian")
_reports: dict[str, IngestReport] = {}


@pytest.fixture(scope="module")
def h1n1_db(t17_dir: Path, module_db: Callable[[str], str], backend: str) -> str:
    db = module_db("h1n1")
    with Store(db) as store:
        _reports[backend] = store.ingest(read_paths([t17_dir / c for c in H1N1]), workers=2)
    return db


# ----------------------------------------------------------------------------- ingest


def test_seeds_are_stored_with_sentences_and_mentions(seeds_db: str, seeds_dir: Path) -> None:
    loaded = {a.id: a for a in load_articles([seeds_dir], workers=1).articles}
    with Store(seeds_db, create=False) as store:
        st = store.stats()
        assert st.articles == 3 and st.undated == 0
        for art_id, expected in loaded.items():
            got = store.get(art_id)
            assert got is not None
            # Round trip: what comes out is what the pipeline produced.
            assert got.text == expected.text
            assert [s.text for s in got.sentences] == [s.text for s in expected.sentences]
            assert [s.mentions for s in got.sentences] == [s.mentions for s in expected.sentences]
            assert (got.published, got.published_from) == (
                expected.published,
                expected.published_from,
            )
        assert st.mentions == sum(len(s.mentions) for a in loaded.values() for s in a.sentences)


def test_undated_seed_gets_an_inferred_date_in_the_store(seeds_db: str) -> None:
    # The third seed has no date anywhere; the store infers it from the other two, as the
    # file-based command does (checked above: same published and published_from).
    with Store(seeds_db, create=False) as store:
        undated = [a for a in store.articles_for_query("Kim") if a.published_from == "inferred"]
        assert len(undated) == 1
        assert "collapsed Thursday" in undated[0].text
        assert dt.date(2019, 2, 25) <= undated[0].published <= dt.date(2019, 3, 3)
        # Its relative mentions were re-resolved against the inferred date.
        days = {d for s in undated[0].sentences for d in s.days}
        assert dt.date(2019, 2, 28) in days
        assert store.stats().inferred == 1


def test_reingest_is_a_no_op(seeds_db: str, seeds_dir: Path) -> None:
    with Store(seeds_db) as store:
        before = store.stats()
        report = store.ingest(read_paths([seeds_dir]))
        assert (report.added, report.unchanged, report.duplicates) == (0, 3, 0)
        assert store.stats() == before


def test_same_text_under_another_path_is_not_stored_twice(
    backend: str, new_db: Callable[[str], str], seeds_dir: Path, tmp_path: Path
) -> None:
    # Ids depend on how the folder was named on the command line; identity is content.
    copy = tmp_path / "elsewhere"
    copy.mkdir()
    for f in seeds_dir.iterdir():
        (copy / f"renamed-{f.name}").write_bytes(f.read_bytes())
    with Store(new_db("s")) as store:
        store.ingest(read_paths([seeds_dir]), infer_dates=False)
        report = store.ingest(read_paths([copy]))
        assert (report.added, report.unchanged) == (0, 3)


def test_an_edited_article_is_added_and_linked_as_near_duplicate(
    backend: str, new_db: Callable[[str], str], seeds_dir: Path, tmp_path: Path
) -> None:
    src = sorted(seeds_dir.iterdir())[1]
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    text = src.read_text(encoding="utf-8")
    (first / "story.txt").write_text(text, encoding="utf-8")
    # The same wire story in another outlet: a different last paragraph and a credit line.
    lines = text.rstrip().splitlines()
    edited = "\n".join([*lines[:-1], "Reporting by our correspondent; editing by the desk."])
    (second / "story.txt").write_text(edited, encoding="utf-8")
    with Store(new_db("d")) as store:
        store.ingest(read_paths([first]))
        report = store.ingest(read_paths([second]))
        assert (report.added, report.duplicates, report.renamed) == (1, 1, 1)
        copy = store.get("story~2")
        assert copy is not None and copy.duplicate_of == "story"
        # A query timeline counts the story once: the copy is not retrieved.
        ids = [a.id for a in store.articles_for_query("Kim")]
        assert ids == ["story"]
        assert {a.id for a in store.articles_for_query("Kim", include_duplicates=True)} == {
            "story",
            "story~2",
        }


def test_copies_link_to_the_first_article_and_only_it_is_a_candidate(
    backend: str, new_db: Callable[[str], str], seeds_dir: Path, tmp_path: Path
) -> None:
    src = sorted(seeds_dir.iterdir())[1]
    lines = src.read_text(encoding="utf-8").rstrip().splitlines()
    folders = []
    for n, ending in enumerate(["", "Reporting by the desk.", "Editing by the night desk."]):
        folder = tmp_path / f"outlet{n}"
        folder.mkdir()
        (folder / "story.txt").write_text("\n".join([*lines[:-1], ending]), encoding="utf-8")
        folders.append(folder)
    with Store(new_db("d")) as store:
        for folder in folders:
            store.ingest(read_paths([folder]))
        links = dict(
            store.connection.execute("SELECT id, duplicate_of FROM articles WHERE rowid > 1")
        )
        assert links == {"story~2": "story", "story~3": "story"}
        # The LSH bands hold the group's first article alone: a later copy is compared
        # with the groups, not with every copy stored before it.
        banded = {r[0] for r in store.connection.execute("SELECT DISTINCT article FROM lsh")}
        assert banded == {1}


def test_t17_ingest_accounts_for_every_file(h1n1_db: str, t17_dir: Path, backend: str) -> None:
    items = list(read_paths([t17_dir / c for c in H1N1]))
    docs = [d for d in items if not isinstance(d, Problem)]
    report = _reports[backend]
    skipped = [p for p in report.problems if p.skipped]
    # Every document is added, recognised as already stored (the same text twice in the
    # collection), or reported; none is lost.
    assert report.added + report.unchanged + len(skipped) == len(docs) + sum(
        isinstance(i, Problem) and i.skipped for i in items
    )
    with Store(h1n1_db, create=False) as store:
        st = store.stats()
        n_sentences = store.connection.execute("SELECT count(*) FROM sentences").fetchone()[0]
    assert st.articles == report.added > 150
    assert st.sentences == n_sentences
    assert set(st.sources) == {"BBC", "The Guardian"}  # the collections' outlets
    assert st.first is not None and st.first.year == 2009
    assert st.undated == 0  # Timeline17 dates every article by its folder


# ------------------------------------------------------------------------- retrieval


def test_query_timeline_equals_the_file_based_one(seeds_db: str, seeds_dir: Path) -> None:
    request = TimelineRequest(query="Kim Jong Un")
    loaded = load_articles([seeds_dir], workers=1)
    from_files = build_timeline(loaded.articles, TimelineOptions(query="Kim Jong Un"))
    # With whole articles, the very same timeline.
    whole = timeline_from_store(seeds_db, request, prune=False)
    assert whole.entries, "the seeds make a timeline"
    assert [(e.date, e.sentences) for e in whole.entries] == [
        (e.date, e.sentences) for e in from_files.entries
    ]
    # With only the usable sentences loaded (the default), the same dates, and every
    # quoted sentence cites its true position in its article.
    pruned = timeline_from_store(seeds_db, request)
    assert [e.date for e in pruned.entries] == [e.date for e in from_files.entries]
    by_id = {a.id: a for a in loaded.articles}
    for entry in pruned.entries:
        for s in entry.sentences:
            # (as in the article, a wire dateline in front left out of the quote)
            original = by_id[s.article_id].sentences[s.sentence_index].text
            assert strip_dateline(original) == s.text
            assert any(w in s.text.lower() for w in ("kim", "jong", "un"))


def test_query_timeline_on_t17_is_about_the_query(h1n1_db: str) -> None:
    tl = timeline_from_store(h1n1_db, TimelineRequest(query="swine flu", max_dates=5))
    assert 1 <= len(tl.entries) <= 5
    assert all(dt.date(2009, 1, 1) <= e.date <= dt.date(2010, 12, 31) for e in tl.entries)
    with Store(h1n1_db, create=False) as store:
        arts = store.articles_for_query("swine flu", limit=50)
        assert len(arts) == 50
        assert all("swine" in a.text.lower() and "flu" in a.text.lower() for a in arts)
        # The date window is applied in SQL, with the timeline's one day of slack.
        start, end = dt.date(2009, 5, 1), dt.date(2009, 5, 31)
        window = store.articles_for_query("swine flu", start, end, limit=2000)
        assert window and all(start <= a.published <= end + dt.timedelta(days=1) for a in window)


def test_keywords_match_any(h1n1_db: str) -> None:
    with Store(h1n1_db, create=False) as store:
        both = store.articles_for_query(keywords=("tamiflu", "vaccine"), limit=5000)
        one = store.articles_for_query(keywords=("tamiflu",), limit=5000)
        assert one and len(both) > len(one)


def test_search_returns_matching_sentences_with_dates(h1n1_db: str) -> None:
    with Store(h1n1_db, create=False) as store:
        hits = store.search("Mexico City", limit=5)
    assert len(hits) == 5
    assert hits[0].score >= hits[-1].score
    for hit in hits:
        assert hit.sentences
        # A sentence matches when it has any query word; those with all of them first.
        assert all(("mexico" in s.text.lower() or "city" in s.text.lower()) for s in hit.sentences)
        first = hit.sentences[0].text.lower()
        assert "mexico" in first and "city" in first
    assert any(s.days for hit in hits for s in hit.sentences)


@pytest.mark.parametrize(
    "query", ['"unbalanced', "AND OR NOT", "flu*", "title:flu", "NEAR(a b)", "^flu", "a-b-c)"]
)
def test_user_queries_cannot_break_fts(h1n1_db: str, query: str) -> None:
    with Store(h1n1_db, create=False) as store:
        store.search(query)  # no FTS5 syntax error, whatever the user typed
        store.articles_for_query(query)


def test_query_without_words_is_a_clear_error(h1n1_db: str) -> None:
    with Store(h1n1_db, create=False) as store, pytest.raises(StoreError, match="no words"):
        store.search("the of !!!")


def test_timeline_without_query_on_a_big_window_is_refused(h1n1_db: str) -> None:
    with pytest.raises(StoreError, match="give a query"):
        timeline_from_store(h1n1_db, TimelineRequest(), limit=10)


def test_query_that_matches_nothing(h1n1_db: str) -> None:
    with pytest.raises(StoreError, match="no article"):
        timeline_from_store(h1n1_db, TimelineRequest(query="zzyzx quetzalcoatl"))


# --------------------------------------------------------------------- schema, errors


def test_not_a_database(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("These are my notes, not a database.\n" * 50)
    with pytest.raises(StoreError, match=r"notes.txt is not a dateline database"):
        Store(text)
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="is not a dateline database"):
        Store(other)
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path)
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    Store(db).close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 2}")
    con.close()
    with pytest.raises(StoreError) as err:
        Store(db)
    assert str(err.value) == (
        f"{db} was written by a newer dateline (schema {SCHEMA_VERSION + 2} > "
        f"{SCHEMA_VERSION}); upgrade dateline"
    )


def test_new_database_is_marked_and_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    Store(db).close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA application_id").fetchone()[0] == store_schema.APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_migrations_run_in_order_and_are_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds_dir: Path
) -> None:
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.ingest(read_paths([seeds_dir]))

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE articles ADD COLUMN language TEXT")

    monkeypatch.setattr(store_schema, "MIGRATIONS", [*store_schema.MIGRATIONS, add_column])
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Store(db) as store:
        cols = [r[1] for r in store.connection.execute("PRAGMA table_info(articles)")]
        assert "language" in cols
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert store.stats().articles == 3  # data kept


def test_failed_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds_dir: Path
) -> None:
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.ingest(read_paths([seeds_dir]))

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE articles ADD COLUMN language TEXT")
        conn.execute("SELECT no_such_function()")

    monkeypatch.setattr(store_schema, "MIGRATIONS", [*store_schema.MIGRATIONS, broken])
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError):
        Store(db)
    monkeypatch.undo()
    with Store(db) as store:
        cols = [r[1] for r in store.connection.execute("PRAGMA table_info(articles)")]
        assert "language" not in cols
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_version_1_database_is_migrated_with_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds_dir: Path
) -> None:
    db = tmp_path / "v1.db"
    # a database as the first schema wrote it, with the seeds in it
    monkeypatch.setattr(store_schema, "MIGRATIONS", store_schema.MIGRATIONS[:1])
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", 1)
    with Store(db) as store:
        store.ingest(read_paths([seeds_dir]))
    monkeypatch.undo()
    with Store(db) as store:
        conn = store.connection
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        assert dict(conn.execute("SELECT k, v FROM articles_fts_config"))["automerge"] == 16
        assert store.stats().articles == 3
        assert store.search("Kim")  # the full-text index still answers


# ------------------------------------------------------------- PostgreSQL's own schema


def test_postgres_has_the_same_schema_versions() -> None:
    from dateline.store import postgres

    assert len(postgres.MIGRATIONS) == SCHEMA_VERSION == len(store_schema.MIGRATIONS)


def test_postgres_database_is_marked_and_refuses_foreign_and_newer(postgres: object) -> None:
    import psycopg

    url = postgres.new_database()  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="is empty, not yet a dateline database"):
        Store(url, create=False)
    Store(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        assert meta["application"] == "dateline"
        assert meta["schema_version"] == str(SCHEMA_VERSION)
        conn.execute(
            "UPDATE meta SET value = %s WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 2),)
        )
    shown = url.replace(":dateline-test-pw@", "@")  # messages never show the password
    with pytest.raises(StoreError) as err:
        Store(url)
    assert str(err.value) == (
        f"{shown} was written by a newer dateline (schema {SCHEMA_VERSION + 2} > "
        f"{SCHEMA_VERSION}); upgrade dateline"
    )
    other = postgres.new_database()  # type: ignore[attr-defined]
    with psycopg.connect(other, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (x int)")
    with pytest.raises(StoreError, match="is not a dateline database"):
        Store(other)


def test_postgres_failed_migration_leaves_the_database_as_it_was(
    postgres: object, monkeypatch: pytest.MonkeyPatch, seeds_dir: Path
) -> None:
    from dateline.store import postgres as pg

    url = postgres.new_database()  # type: ignore[attr-defined]
    with Store(url) as store:
        store.ingest(read_paths([seeds_dir]))

    def broken(conn: object) -> None:
        conn.execute("ALTER TABLE articles ADD COLUMN language TEXT")  # type: ignore[attr-defined]
        conn.execute("SELECT no_such_function()")  # type: ignore[attr-defined]

    monkeypatch.setattr(pg, "MIGRATIONS", [*pg.MIGRATIONS, broken])
    with pytest.raises(StoreError, match="no_such_function"):
        Store(url)
    monkeypatch.undo()
    with Store(url) as store:
        cols = [
            r[0]
            for r in store.connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'articles'"
            )
        ]
        assert "language" not in cols
        assert store.stats().articles == 3


def test_postgres_version_2_database_gets_the_originals_index(
    postgres: object, seeds_dir: Path, tmp_path: Path
) -> None:
    # A store written before version 3 (its index rows without the duplicate flag) is
    # migrated: the flags come from the articles' links, and a query leaving the copies
    # out retrieves what it did before, through the index of the originals.
    src = sorted(seeds_dir.iterdir())[1]
    lines = src.read_text(encoding="utf-8").rstrip().splitlines()
    folders = [seeds_dir]
    for n, ending in enumerate(["Reporting by the desk.", "Editing by the night desk."]):
        folder = tmp_path / f"outlet{n}"
        folder.mkdir()
        (folder / "story.txt").write_text("\n".join([*lines[:-1], ending]), encoding="utf-8")
        folders.append(folder)
    url = postgres.new_database()  # type: ignore[attr-defined]
    with Store(url) as store:
        for folder in folders:
            assert not store.ingest(read_paths([folder])).problems
        conn = store.connection
        flags = dict(conn.execute("SELECT rowid, duplicate FROM articles_fts"))
        links = dict(conn.execute("SELECT rowid, duplicate_of IS NOT NULL FROM articles"))
        assert flags == links and sum(flags.values()) == 2
        before = [a.id for a in store.articles_for_query("Kim")]
        with_copies = [a.id for a in store.articles_for_query("Kim", include_duplicates=True)]
        assert len(with_copies) == len(before) + 2
        # Back to version 2's schema, as an older dateline left it.
        conn.execute("DROP INDEX articles_fts_originals")
        conn.execute("ALTER TABLE articles_fts DROP COLUMN duplicate")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with Store(url) as store:
        conn = store.connection
        assert dict(conn.execute("SELECT key, value FROM meta"))["schema_version"] == "3"
        assert dict(conn.execute("SELECT rowid, duplicate FROM articles_fts")) == links
        assert [a.id for a in store.articles_for_query("Kim")] == before
        assert [
            a.id for a in store.articles_for_query("Kim", include_duplicates=True)
        ] == with_copies
        # The plan reads the originals' index when it must choose (no sequential scan).
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(
            r[0]
            for r in conn.execute(
                "EXPLAIN SELECT f.rowid FROM articles_fts f, to_tsquery('english', 'kim') q"
                " WHERE f.doc @@ q AND NOT f.duplicate"
            )
        )
        assert "articles_fts_originals" in plan
