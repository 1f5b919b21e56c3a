"""One rule for what a query word or keyword matches (`dateline.words`), the same from
files and from a database: the rule reproduces SQLite FTS5's `porter unicode61
remove_diacritics 2` tokenizer, and both sources give the same timelines and searches."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

import dateline
from dateline.read import read_paths
from dateline.request import RequestError, TimelineRequest
from dateline.source import DatabaseSource, FileSource
from dateline.store import QueryError, Store
from dateline.words import Terms, fold, porter_fts5, stem_prefix, tokens

_WORDS = re.compile(r"[^\W_]+")


def _fts5_tokens(texts: list[str]) -> list[list[str]]:
    """Each text's tokens as SQLite's FTS5 index holds them, in order."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE f USING fts5(t, tokenize='porter unicode61 remove_diacritics 2')"
    )
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, instance)")
    db.executemany("INSERT INTO f (rowid, t) VALUES (?, ?)", enumerate(texts, 1))
    got: dict[int, list[tuple[int, str]]] = {}
    for term, doc, offset in db.execute("SELECT term, doc, offset FROM v"):
        got.setdefault(doc, []).append((offset, term))
    return [[t for _, t in sorted(got.get(i, []))] for i in range(1, len(texts) + 1)]


SMALL = [
    "Rescuers rescued 14 people; the rescue goes on.",
    "Préval said the UN was under pressure in Port-au-Prince.",
    "The 1990s documentation of agreements, internationally and additionally.",
    "Ça y est: ÉLYSÉE, naïve coöperation, Zürich's façade",
    "happy hopping ponies caresses feed agreed plastered sized",
    "a ab abc abcs x1 42s",
]


def test_tokens_are_the_fts5_porter_tokens_on_small_strings() -> None:
    assert [tokens(t) for t in SMALL] == _fts5_tokens(SMALL)
    # Where it differs from ROUGE's Porter variant (dateline.evaluate.porter).
    assert porter_fts5("documentation") == "document"
    assert porter_fts5("1990s") == "1990"
    assert tokens("Préval PREVAL") == ["preval", "preval"]


@pytest.mark.parametrize("sub", ["t17/haiti_bbc", "seeds"])
def test_tokens_are_the_fts5_porter_tokens_on_real_text(shared_data: Path, sub: str) -> None:
    lines = sorted(
        {
            line
            for p in (shared_data / sub).rglob("*")
            if p.is_file()
            for line in p.read_text(encoding="utf-8", errors="replace").splitlines()
            if line.strip()
        }
    )
    assert len(lines) > 20
    expected = _fts5_tokens(lines)
    differ = [line for line, want in zip(lines, expected, strict=True) if tokens(line) != want]
    assert differ == []


def test_whole_words_stemmed_case_and_diacritics_ignored() -> None:
    un = Terms(["un"])
    assert un.any_in("The UN said so.") and not un.any_in("It was under way.")
    assert Terms(["rescue"]).all_in("Rescuers arrived; the rescued man smiled.")
    assert Terms(["rescued"]).any_in("a rescue")
    assert not Terms(["rescue"]).any_in("rescuer")  # "rescuer" stems to itself
    assert Terms(["préval"]).any_in("President Preval") and Terms(["Preval"]).any_in("PRÉVAL")
    city = Terms(["Port-au-Prince"])  # a phrase of its parts
    assert city.any_in("in Port au Prince today") and not city.any_in("Prince Port au")
    # A phrase does not run from a title into the text.
    assert not city.all_in("Port", "au Prince") and city.all_in("x", "Port-au-Prince")


def test_stopword_keywords_are_refused_everywhere(tmp_path: Path) -> None:
    for keywords in (("the",), ("quake", "the"), ("U.S.",)):
        with pytest.raises(RequestError, match="has no words to search for"):
            TimelineRequest(keywords=keywords)
    with Store(tmp_path / "x.db") as store, pytest.raises(QueryError, match="no words"):
        store.articles_for_query(keywords=("the",))
    with pytest.raises(RequestError, match="no words to search for"):
        TimelineRequest(query="the of '-'")


QUERIES = ["rescue", "US", "un", "quake", "Port-au-Prince", "Préval", "Preval"]


@pytest.fixture(scope="module")
def haiti(
    t17_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[FileSource, DatabaseSource]:
    folder = t17_dir / "haiti_bbc"
    db = tmp_path_factory.mktemp("words") / "haiti.db"
    with Store(db) as store:
        store.ingest(read_paths([folder]), workers=1)
    files, database = dateline.open([folder], workers=1), dateline.open(db)
    assert isinstance(files, FileSource) and isinstance(database, DatabaseSource)
    return files, database


def _same(files: FileSource, database: DatabaseSource, request: TimelineRequest) -> int:
    a, b = files.timeline(request), database.timeline(request)
    assert a.entries, request
    assert [(e.date, e.sentences) for e in a.entries] == [(e.date, e.sentences) for e in b.entries]
    assert a.article_count == b.article_count == len(files.articles_for(request))
    assert files.volume(request) == database.volume(request)  # the story chart's counts
    if request.words:
        wide = TimelineRequest(query=request.query, limit=1000)
        found = {h.article.id for h in files.search(wide)}
        assert found == {h.article.id for h in database.search(wide)}
        assert len(found) >= a.article_count  # the search lists near-duplicates too
    return a.article_count


@pytest.mark.parametrize("query", QUERIES)
def test_haiti_files_and_database_agree(haiti: tuple, query: str) -> None:
    files, database = haiti
    n = _same(files, database, TimelineRequest(query=query))
    assert 0 < n < len(files.articles)


def test_haiti_counts_whole_words(haiti: tuple) -> None:
    files, _ = haiti
    # "un" is no longer found inside "under"; "Préval" and "Preval" are one word.
    n_un = files.timeline(TimelineRequest(query="un")).article_count
    n_under = files.timeline(TimelineRequest(query="under")).article_count
    substring = sum("un" in f"{a.title or ''}\n{a.text}".lower() for a in files.articles)
    assert n_un < substring and n_under > 0
    accents = [files.timeline(TimelineRequest(query=q)) for q in ("Préval", "Preval")]
    assert accents[0].entries and accents[0].entries == accents[1].entries


def test_haiti_keywords_agree(haiti: tuple) -> None:
    files, database = haiti
    _same(files, database, TimelineRequest(keywords=("quake", "rescue")))
    _same(files, database, TimelineRequest(keywords=("Port-au-Prince",), start="2010-01-12"))


@pytest.mark.parametrize("query", ["Kim", "summit", "Kim Jong-un", "Trump", "Hanoi"])
def test_seeds_files_and_database_agree(
    seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory, query: str
) -> None:
    db = tmp_path_factory.getbasetemp() / "words-seeds.db"
    if not db.exists():
        with Store(db) as store:
            store.ingest(read_paths([seeds_dir]), workers=1)
    files, database = dateline.open([seeds_dir], workers=1), dateline.open(db)
    _same(files, database, TimelineRequest(query=query))  # type: ignore[arg-type]


def test_article_count_means_the_same_without_a_query(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"
    with Store(db) as store:
        store.ingest(read_paths([seeds_dir]), workers=1)
    files, database = dateline.open([seeds_dir], workers=1), dateline.open(db)
    for request in (TimelineRequest(), TimelineRequest(start="2019-03-01", end="2019-04-30")):
        n = files.timeline(request).article_count
        assert n == database.timeline(request).article_count
        assert 0 < n <= len(files.articles)
    narrow = TimelineRequest(start="2019-03-01", end="2019-03-03")
    assert files.timeline(narrow).article_count < files.timeline(TimelineRequest()).article_count


def test_the_stores_sql_prefilter_never_drops_a_match(shared_data: Path) -> None:
    # The store passes on, before the exact rule, only sentences holding a stem's start
    # (`stem_prefix`): every word stemming to a stem must begin with it.
    assert porter_fts5("gullibility") == "gullibl"  # "biliti" -> "ble", then "e" dropped
    assert stem_prefix("gullibl") == "gullib"  # the "l" was not in the word there
    assert stem_prefix(porter_fts5("relational")) == "relat"  # -> "relate"
    raws: set[str] = set()
    for sub in ("t17/haiti_bbc", "seeds"):
        for p in (shared_data / sub).rglob("*"):
            if p.is_file():
                raws.update(_WORDS.findall(p.read_text(encoding="utf-8", errors="replace")))
    folded = [fold(r) for r in raws if fold(r).isascii()]
    assert len(folded) > 10_000
    assert [w for w in folded if not w.startswith(stem_prefix(porter_fts5(w)))] == []
