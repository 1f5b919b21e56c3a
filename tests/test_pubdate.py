"""Publication dates: seeds, Timeline17 bylines, and each rule on its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dateline.model import RawDocument
from dateline.pubdate import find_publication_date
from dateline.read import read_paths


def doc(text: str, **kw) -> RawDocument:
    return RawDocument(id="x", text=text, **kw)


def test_seeds(seeds_dir: Path) -> None:
    got = {d.id[:3]: find_publication_date(d) for d in read_paths([seeds_dir])}
    assert got == {
        "000": (dt.date(2019, 3, 2), "header"),
        "001": (dt.date(2019, 4, 26), "byline"),
        "002": (None, None),  # "collapsed Thursday": dating it is a later stage's job
    }


def test_container_date_wins() -> None:
    d = doc("date 2019-03-02 NATIONAL\nText.", published=dt.date(2019, 3, 1),
            published_from="path")
    assert find_publication_date(d) == (dt.date(2019, 3, 1), "path")


def test_byline_forms() -> None:
    for text in ("Updated April 26, 2019 at 3:43 PM\nBody.",
                 "Published 3:43 PM EDT Apr 26, 2019\nBody.",
                 "Posted on 2019-04-26\nBody.",
                 "By Ann Lee | Last updated: 26 April 2019\nBody."):
        assert find_publication_date(doc(text)) == (dt.date(2019, 4, 26), "byline"), text


def test_dateline_needs_a_year() -> None:
    assert find_publication_date(doc("VLADIVOSTOK, Russia, April 26 (UPI) -- Kim left.")) == (
        None, None)
    text = "Summit coverage, April 2019 edition 2019-04-01 index\n" \
           "VLADIVOSTOK, Russia, April 26 (UPI) -- Kim left."
    assert find_publication_date(doc(text)) == (dt.date(2019, 4, 26), "dateline")


def test_date_deep_in_body_is_not_a_publication_date() -> None:
    text = "A long story without a header.\n" + "More words here.\n" * 60
    text += "Updated April 26, 2019 at 3:43 PM\n"
    assert find_publication_date(doc(text)) == (None, None)


def test_timeline17_reuters_bylines_agree_with_folders(t17_dir: Path) -> None:
    agree = found = 0
    for d in read_paths([t17_dir / "bpoil_reuters"]):
        if not isinstance(d, RawDocument):
            continue
        folder = d.published
        d.published = d.published_from = None  # hide the path date: find it in the text
        day, _ = find_publication_date(d)
        if day is not None:
            found += 1
            agree += abs((day - folder).days) <= 1  # time zones: EDT stamp vs UK folder
    assert found > 100
    assert agree / found > 0.97
