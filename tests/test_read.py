"""Readers on real inputs: seeds (text), Timeline17, news-tls JSON Lines, HTML, demo corpus."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from dateline.demo import corpus_path
from dateline.model import Problem, RawDocument
from dateline.read import read_paths


def docs_and_problems(paths, **kw) -> tuple[list[RawDocument], list[Problem]]:
    items = list(read_paths(paths, **kw))
    return (
        [i for i in items if isinstance(i, RawDocument)],
        [i for i in items if isinstance(i, Problem)],
    )


def test_seeds_are_plain_text(seeds_dir: Path) -> None:
    docs, problems = docs_and_problems([seeds_dir])
    assert problems == []
    assert [d.id for d in docs] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    for d in docs:
        assert d.format == "text" and d.published is None and not d.one_sentence_per_line
        assert d.path is not None and Path(d.path).exists()
    assert docs[0].text.lstrip().startswith("date 2019-03-02 NATIONAL")


def test_excluded_files_are_passed_over(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for seed in seeds_dir.iterdir():
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "news.db").write_bytes(b"SQLite format 3\x00" + bytes(100))
    docs, problems = docs_and_problems([tmp_path])
    assert len(docs) == 3 and [Path(p.path).name for p in problems] == ["news.db"]
    # named relative to the working directory, found through the absolute folder
    monkeypatch.chdir(tmp_path)
    docs, problems = docs_and_problems([tmp_path], exclude=["news.db", "news.db-wal"])
    assert len(docs) == 3 and problems == []


def test_timeline17_collection(t17_dir: Path) -> None:
    collection = t17_dir / "bpoil_bbc"
    docs, problems = docs_and_problems([collection])
    n_files = sum(1 for _ in (collection / "InputDocs").rglob("*.txt"))
    empty = sum(1 for p in (collection / "InputDocs").rglob("*.txt") if p.stat().st_size == 0)
    # Every file is accounted for: an article, or a problem (the gold timelines are skipped).
    assert len(docs) == n_files - empty
    assert any("gold timelines" in p.message for p in problems)
    assert all("InputDocs" not in p.path or "empty" in p.message for p in problems)
    d = next(d for d in docs if d.id == "bpoil_bbc/2010-04-29/1971")
    assert d.format == "t17" and d.source == "bpoil_bbc" and d.one_sentence_per_line
    assert d.published == dt.date(2010, 4, 29) and d.published_from == "path"
    assert "-LRB-" in d.text  # the reader keeps the text as is; cleaning undoes PTB
    assert len({d.id for d in docs}) == len(docs)


def test_timeline17_all_collections_stream(t17_dir: Path) -> None:
    stream = read_paths([t17_dir])
    first = next(stream)  # a generator: the first article comes before the walk ends
    assert isinstance(first, RawDocument | Problem)
    docs, problems = docs_and_problems([t17_dir])
    assert len(docs) == 2583  # 2,602 files, 19 of them empty
    assert sum(p.message.startswith("empty file") for p in problems) == 19
    ids = [d.id for d in docs]
    assert len(set(ids)) == len(ids)
    assert ids == [d.id for d in docs_and_problems([t17_dir])[0]]  # stable order


def test_newstls_jsonl_gz(newstls_dir: Path) -> None:
    path = newstls_dir / "mj" / "articles.preprocessed.jsonl.gz"
    docs, problems = docs_and_problems([path])
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    assert problems == []
    assert len(docs) == len(records) == 121
    first, rec = docs[0], records[0]
    assert first.id == str(rec["id"]) and first.format == "jsonl"
    assert first.published == dt.date.fromisoformat(rec["time"][:10])
    assert first.published_from == "metadata" and first.title is None  # "None" in the data
    assert first.path == f"{path}:1"
    # news-tls text is PTB-tokenised, one sentence a line: detected.
    assert sum(d.one_sentence_per_line for d in docs) >= 115


def test_newstls_topics_do_not_collide(newstls_dir: Path) -> None:
    docs, _ = docs_and_problems(
        [newstls_dir / "h1n1" / "articles.preprocessed.jsonl.gz",
         newstls_dir / "mj" / "articles.preprocessed.jsonl.gz"]
    )
    ids = [d.id for d in docs]
    assert len(set(ids)) == len(ids)
    assert any(i.startswith("articles.preprocessed:") for i in ids)  # prefixed on a repeat


HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Ferry service resumes after storm | Harbour Gazette</title>
<meta property="article:published_time" content="2021-03-14T09:00:00Z">
</head><body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Ferry service resumes after storm</h1>
<p>The island ferry returned to its normal timetable on Sunday, three days after a winter
storm forced the operator to cancel every crossing and tie the boats up in the harbour.</p>
<p>Harbour staff spent Saturday clearing debris from the slipway and checking the ramps,
and engineers inspected both vessels before passengers were allowed back on board.</p>
<p>The operator said extra sailings would run on Monday for travellers whose trips had been
cancelled, and that tickets for the lost crossings would be refunded in full.</p>
</article><footer>Share this | Copyright 2021</footer></body></html>"""


def test_html_page(tmp_path: Path) -> None:
    (tmp_path / "ferry.html").write_text(HTML_PAGE, encoding="utf-8")
    # The same page without the extension is sniffed as HTML.
    (tmp_path / "ferry_copy").write_text(HTML_PAGE, encoding="utf-8")
    docs, problems = docs_and_problems([tmp_path])
    assert problems == []
    assert [d.id for d in docs] == ["ferry", "ferry_copy"]
    for d in docs:
        assert d.format == "html"
        assert d.title == "Ferry service resumes after storm"
        assert d.published == dt.date(2021, 3, 14) and d.published_from == "metadata"
        assert "winter storm" in d.text.replace("\n", " ") and "<p>" not in d.text
        assert "Home" not in d.text.split()  # navigation is not article text


def test_format_forcing(tmp_path: Path, seeds_dir: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    [as_text] = read_paths([page], format="text")
    assert isinstance(as_text, RawDocument) and as_text.format == "text"
    assert as_text.text.startswith("<!DOCTYPE html>")  # raw, not extracted
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    [as_t17] = read_paths([seed], format="t17")
    assert as_t17.format == "t17" and as_t17.one_sentence_per_line and as_t17.published is None
    lines = tmp_path / "a.txt"
    lines.write_text('{"id": "x1", "text": "Hello there.", "date": "2020-01-02"}\n')
    [as_jsonl] = read_paths([lines], format="jsonl")
    assert as_jsonl.id == "x1" and as_jsonl.published == dt.date(2020, 1, 2)
    with pytest.raises(ValueError, match="unknown format"):
        read_paths([lines], format="pdf")


def test_json_list_file(tmp_path: Path) -> None:
    (tmp_path / "batch.json").write_text(
        json.dumps([
            {"title": "One", "text": "First text.", "published": "2020-05-01", "url": "u1"},
            {"id": 7, "text": "Second text.", "publish_date": "May 2, 2020", "source": "X"},
        ]),
        encoding="utf-8",
    )
    docs, problems = docs_and_problems([tmp_path])
    assert problems == []
    assert [d.id for d in docs] == ["batch:0", "7"]
    assert docs[0].url == "u1" and docs[0].title == "One"
    assert docs[1].published == dt.date(2020, 5, 2) and docs[1].source == "X"


def test_demo_corpus_reads_cleanly() -> None:
    from dateline.pubdate import find_publication_date

    docs, problems = docs_and_problems([corpus_path()])
    assert problems == []
    assert len(docs) == 9
    assert {d.format for d in docs} == {"text", "html", "jsonl"}
    dates = {d.id: find_publication_date(d) for d in docs}
    undated = [i for i, (day, _) in dates.items() if day is None]
    assert undated == ["08_looking_back"]
    assert dates["01_collapse"] == (dt.date(2010, 8, 6), "header")
    assert dates["03_contact"] == (dt.date(2010, 8, 23), "byline")
    assert dates["04_drilling_plans"] == (dt.date(2010, 9, 6), "metadata")
    assert dates["07_last_miner"] == (dt.date(2010, 10, 14), "byline")
    for d in docs:
        words = len(d.text.split())
        assert 120 <= words <= 420, (d.id, words)
