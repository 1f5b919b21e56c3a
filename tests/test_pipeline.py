"""The annotate stage on the seeds: publication dates, their sources, and the inferred one."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from dateline.model import Article
from dateline.pipeline import annotate, infer_missing_dates, load_articles
from dateline.read import read_paths

YONHAP = "000_349dc3cbae1acd01"
UPI = "001_80b8b9a4e1252133"
UNDATED = "002_d9abbd723f83a54d"


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Article]:
    loaded = load_articles([seeds_dir], workers=1)
    assert loaded.problems == []
    return {a.id: a for a in loaded.articles}


def test_publication_dates_and_their_sources(seeds: dict[str, Article]) -> None:
    assert (seeds[YONHAP].published, seeds[YONHAP].published_from) == (
        dt.date(2019, 3, 2),
        "header",
    )
    assert (seeds[UPI].published, seeds[UPI].published_from) == (dt.date(2019, 4, 26), "byline")


def test_undated_seed_is_inferred_from_the_article_that_reports_the_same_talks(
    seeds: dict[str, Article],
) -> None:
    article = seeds[UNDATED]
    assert article.published == dt.date(2019, 2, 28)
    assert article.published_from == "inferred"
    # Its "collapsed Thursday" now resolves against the inferred date.
    collapsed = next(s for s in article.sentences if "collapsed Thursday" in s.text)
    assert dt.date(2019, 2, 28) in collapsed.days


def test_relative_dates_resolve_against_the_publication_date(seeds: dict[str, Article]) -> None:
    days = {d for s in seeds[YONHAP].sentences for d in s.days}
    assert {dt.date(2019, 2, 26), dt.date(2019, 2, 27), dt.date(2019, 2, 28)} <= days
    assert {dt.date(2019, 3, 1), dt.date(2019, 3, 2)} <= days
    upi = {d for s in seeds[UPI].sentences for d in s.days}
    assert {dt.date(2019, 4, 24), dt.date(2019, 4, 25), dt.date(2019, 4, 26)} <= upi


def test_cleaning_removes_chrome_but_keeps_the_original(seeds: dict[str, Article]) -> None:
    upi = seeds[UPI]
    assert "Advertising" not in upi.text
    assert "Photo by" not in upi.text
    assert "Advertising" in (upi.original or "")
    assert upi.removed_lines > 0


def test_an_undated_article_alone_stays_undated_but_is_kept(
    seeds_dir: Path, tmp_path: Path
) -> None:
    shutil.copy(seeds_dir / f"{UNDATED}.txt", tmp_path / "alone.txt")
    loaded = load_articles([tmp_path], workers=1)
    assert len(loaded.articles) == 1
    assert loaded.articles[0].published is None
    assert loaded.articles[0].published_from is None


def test_inference_needs_a_similar_article(seeds: dict[str, Article]) -> None:
    undated = seeds[UNDATED]
    unrelated = seeds[UPI]  # the Vladivostok story says nothing of the Hanoi talks
    blank = Article(**{**_fields(undated), "published": None, "published_from": None})
    (result,) = infer_missing_dates([blank], [unrelated])
    assert result.published is None


def test_parallel_annotation_equals_serial(seeds_dir: Path) -> None:
    serial = [a for a in annotate(read_paths([seeds_dir]), workers=1)]
    parallel = [a for a in annotate(read_paths([seeds_dir]), workers=2, batch_size=1)]
    assert serial == parallel


def _fields(article: Article) -> dict:
    return {name: getattr(article, name) for name in Article.__slots__}
