"""Publication dates in the forms outlets print them (issue 13), each as the first lines
of a one-article text file read through the whole pipeline, and the rule for ambiguous
numeric dates (docs/pubdate.md)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dateline.pipeline import load_articles

REPO = Path(__file__).resolve().parent.parent
BODY = """
The two leaders left the summit venue hours earlier than planned after talks on
sanctions relief broke down, officials on both sides said.
A signing ceremony and a working lunch were cancelled, and the motorcade was seen
leaving the hotel shortly after noon.
The foreign minister told reporters that the talks had been constructive but that
no date had been set for another meeting.
"""
FEB_28 = dt.date(2019, 2, 28)

# (first lines of the file, where the date comes from)
FORMS = [
    ("HANOI, Feb. 28, 2019 -- The summit ended without an agreement.", "dateline"),
    ("Summit ends early\n28 February 2019 Last updated at 10:12 GMT", "header"),
    ("Summit ends early\nPosted on 02/28/2019", "byline"),
    ("Summit ends early\nThu Feb 28, 2019 10:12am EST", "header"),
    ("Summit ends early\nFebruary 28, 2019 / 10:12 AM / Updated 2 hours ago", "header"),
    ("Summit ends early\n2019-02-28T10:12:00Z", "header"),
    ("Summit ends early\nPublished: 28.02.2019", "byline"),
    ("Summit ends early\nBy Jane Doe, Associated Press | Feb 28, 2019", "byline"),
]


def _article(tmp_path: Path, head: str, name: str = "article.txt"):
    path = tmp_path / name
    path.write_text(head + "\n" + BODY, encoding="utf-8")
    result = load_articles([path], workers=1)
    assert not [p for p in result.problems if p.skipped], result.problems
    (article,) = result.articles
    return article


@pytest.mark.parametrize(("head", "where"), FORMS, ids=[f[0].split("\n")[-1] for f in FORMS])
def test_outlet_forms_date_the_article(tmp_path: Path, head: str, where: str) -> None:
    article = _article(tmp_path, head)
    assert (article.published, article.published_from) == (FEB_28, where)


def test_forms_are_documented() -> None:
    doc = (REPO / "docs" / "pubdate.md").read_text(encoding="utf-8").replace("\\|", "|")
    for head, _ in FORMS:
        assert head.split("\n")[-1].split(" -- ")[0] in doc, head


def test_ambiguous_numeric_date_without_a_locale_is_refused(tmp_path: Path) -> None:
    # 02/03/2019 is 3 February in the United States and 2 March almost everywhere else.
    article = _article(tmp_path, "Summit ends early\nPosted on 02/03/2019")
    assert article.published is None  # not guessed (nor inferred: nothing else is dated)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.bbc.co.uk/news/world-asia-47398974", dt.date(2019, 3, 2)),
        ("https://www.abc.net.au/news/2019-03-02/summit/1", dt.date(2019, 3, 2)),
        ("https://apnews.com/article/8d5f1c", dt.date(2019, 2, 3)),
        ("https://www.nytimes.com/2019/02/03/world/asia/summit.html", dt.date(2019, 2, 3)),
    ],
)
def test_ambiguous_numeric_date_follows_the_outlets_locale(
    tmp_path: Path, url: str, expected: dt.date
) -> None:
    article = _article(tmp_path, f"Summit ends early\n{url}\nPosted on 02/03/2019")
    assert (article.published, article.published_from) == (expected, "byline")


def test_locale_from_a_json_records_url(tmp_path: Path) -> None:
    record = {"url": "https://www.theguardian.co.uk/world/1", "title": "Summit ends early",
              "text": "Posted on 02/03/2019\n" + BODY}
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = load_articles([path], workers=1).articles
    assert (article.published, article.published_from) == (dt.date(2019, 3, 2), "byline")


@pytest.mark.parametrize(
    "line", ["Posted on 02/28/2019", "Posted on 28/02/2019", "Posted on 2/28/2019"]
)
def test_unambiguous_numeric_dates_need_no_locale(tmp_path: Path, line: str) -> None:
    article = _article(tmp_path, f"Summit ends early\n{line}")
    assert (article.published, article.published_from) == (FEB_28, "byline")


def test_a_date_later_in_the_header_line_is_not_a_header(tmp_path: Path) -> None:
    # A sentence that starts with a date is text, not a header line.
    article = _article(tmp_path, "February 28, 2019 was the day the talks collapsed.")
    assert article.published is None
