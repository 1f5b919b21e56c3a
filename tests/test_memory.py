"""What keeps a large input's memory down (issue 13 §3): a file source keeps no text as
read, the process pool holds a bounded number of documents, a store ingest of dated
articles sets up no inference. The figures are in benchmarks/jsonl_bench.py's report."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline import dedup
from dateline.model import Article, Problem, RawDocument
from dateline.pipeline import annotate, load_articles
from dateline.source import FileSource
from dateline.store import Store


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_source_keeps_no_original_text(seeds_dir: Path, workers: int) -> None:
    kept = load_articles([seeds_dir], workers=workers).articles
    source = FileSource([seeds_dir], workers=workers)
    assert len(source.articles) == len(kept) == 3
    assert all(a.original for a in kept)  # load_articles keeps it by default
    assert [a.original for a in source.articles] == [None, None, None]
    # Everything else is the same.
    for a, b in zip(kept, source.articles, strict=True):
        assert dataclasses.replace(a, original=None) == b


def _documents(seeds_dir: Path, n: int, pulled: list[int]) -> Iterator[RawDocument | Problem]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    for i in range(n):
        pulled[0] += 1
        if i % 25 == 0:
            yield Problem(f"bad{i}", "unreadable")  # problems pass through in order
        yield RawDocument(id=f"d{i}", text=texts[i % len(texts)])


@pytest.mark.parametrize("workers", [1, 2])
def test_the_pool_holds_a_bounded_number_of_documents(seeds_dir: Path, workers: int) -> None:
    batch, n = 4, 120
    pulled = [0]
    seen: list[str] = []
    ahead = 0
    for item in annotate(_documents(seeds_dir, n, pulled), workers=workers, batch_size=batch):
        if isinstance(item, Article):
            seen.append(item.id)
        ahead = max(ahead, pulled[0] - len(seen))
    assert seen == [f"d{i}" for i in range(n)]  # all of them, in input order
    # At most two batches per worker in flight, one more being handed out, one being read.
    assert ahead <= batch * (2 * workers + 2)
    assert ahead < n // 2


def test_ingesting_dated_articles_sets_up_no_inference(tmp_path: Path) -> None:
    # Dating nothing must cost nothing: no scikit-learn import (tens of MB) at the end
    # of an ingest where every article has a date.
    lines = [
        '{"id": "a", "time": "2019-02-28", "text": "Talks ended on Thursday in Hanoi."}',
        '{"id": "b", "time": "2019-03-01", "text": "The summit collapsed a day earlier."}',
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    code = (
        "import sys; from dateline.store import Store; from dateline.read import read_paths\n"
        f"s = Store({str(tmp_path / 'x.db')!r})\n"
        f"r = s.ingest(read_paths([{str(tmp_path / 'in.jsonl')!r}]), workers=1)\n"
        "s.close(); print(r.added, r.inferred, 'sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2", "0", "False"]
    with Store(tmp_path / "x.db", create=False) as store:
        assert store.infer_dates() == 0


def test_batch_duplicate_links_are_the_incremental_index_s(seeds_dir: Path) -> None:
    # find_duplicates groups band keys by a sort instead of a dict per key: the links
    # must be the DedupIndex's, with many copies of one story and edited copies.
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    articles = []
    for i in range(40):
        text = texts[i % 3]
        lines = text.splitlines()
        if i % 4 == 1:  # an outlet's edit: credit line, last lines trimmed
            text = "\n".join(["By Staff Reporters", *lines[: -(1 + i % 3)]])
        articles.append(Article(id=f"a{i}", text=text, sentences=[]))
    links = dedup.find_duplicates(articles)
    incremental = {a.id: a.duplicate_of for a in dedup.mark_duplicates(articles) if a.duplicate_of}
    assert links == incremental
    assert len(links) >= 30
    assert not set(links.values()) & set(links)  # stars: a group's first is no copy


def test_the_indexed_sentences_are_made_only_for_a_keyword_filter(seeds_dir: Path) -> None:
    from dateline.timeline import Corpus, TimelineOptions, build_timeline

    articles = load_articles([seeds_dir], workers=1).articles
    corpus = Corpus.of(articles)
    plain = build_timeline(articles, corpus=corpus)
    assert plain.entries and "indexed" not in corpus.__dict__
    about = build_timeline(articles, TimelineOptions(query="summit"), corpus=corpus)
    assert about.entries and "indexed" in corpus.__dict__
    # The same timeline as from a corpus that had them from the start.
    fresh = Corpus.of(articles)
    assert fresh.indexed and build_timeline(articles, corpus=fresh) == plain
