"""Find an article's publication date: container metadata, then the top of the text.

Only the first lines are searched (`HEAD_CHARS`, `HEAD_LINES`): a date deep in the
body is a date the article talks about, not the day it was published. An article with
no date in its head stays undated here; inferring one from other articles is a later
stage's job.
"""

from __future__ import annotations

import datetime as dt
import re

from dateline.clean import undo_ptb
from dateline.model import RawDocument
from dateline.read import looks_ptb

__all__ = ["HEAD_CHARS", "HEAD_LINES", "find_publication_date"]

HEAD_CHARS = 600
HEAD_LINES = 8

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)

# A full calendar date, in the spellings news sites use. Named groups: y, mon|m, d.
_DATES = [
    re.compile(r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)"),
    re.compile(rf"{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<y>(?:19|20)\d\d)/(?P<m>\d\d)/(?P<d>\d\d)\b"),
]
# " date 2019-03-02 NATIONAL": a header line that is only a date, perhaps with a label
# before it and a section name (in capitals) after it.
_HEADER_LABEL = re.compile(r"^(?:date[d]?|dateline)\s*:?\s*", re.IGNORECASE)
# "Updated April 26, 2019 at 3:43 PM", "Published 3:43 PM EDT Apr 26, 2019",
# "Posted on 2019-04-26", "WASHINGTON | Tue Apr 21, 2009 10:19 pm BST", "By X | May 28, 2009".
_BYLINE = re.compile(
    r"(?:\b(?:Last\s+)?(?:Updated|Published|Posted|Modified|First\s+published)"
    r"(?:\s+(?:on|at))?:?|\|)\s*(?P<date>[^\n|]{6,60})",
    re.IGNORECASE,
)
# "VLADIVOSTOK, Russia, April 26 (UPI) --": month and day, no year.
_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Z .'/-]+(?:,\s*[A-Z][\w .'-]*){{0,2}},?\s+{_MONTH}\s+(?P<d>\d{{1,2}})"
    r"\s*(?:\((?P<agency>[^)\n]{1,30})\)\s*)?(?:--|—|–|-)",
    re.MULTILINE,
)


def _parse(text: str) -> dt.date | None:
    """The first full calendar date in `text`."""
    best: tuple[int, dt.date] | None = None
    for pattern in _DATES:
        m = pattern.search(text)
        if not m:
            continue
        day = _to_date(m)
        if day and (best is None or m.start() < best[0]):
            best = (m.start(), day)
    return best[1] if best else None


def _to_date(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    month = _MONTHS[g["mon"][:3].lower()] if g.get("mon") else int(g["m"])
    try:
        return dt.date(int(g["y"]), month, int(g["d"]))
    except ValueError:
        return None


def _header_date(line: str) -> dt.date | None:
    line = _HEADER_LABEL.sub("", line.strip(), count=1)
    for pattern in _DATES:
        m = pattern.match(line)
        if m:
            rest = line[m.end() :].strip(" ,")
            if not rest or (rest.isupper() and len(rest.split()) <= 3):
                return _to_date(m)
    return None


def _head(text: str) -> str:
    head = "\n".join(text[:HEAD_CHARS].splitlines()[:HEAD_LINES])
    if looks_ptb(head):
        head = undo_ptb(head)
    return head


def find_publication_date(doc: RawDocument) -> tuple[dt.date | None, str | None]:
    """(date, where it came from): "metadata" or "path" as read, else "header",
    "byline" or "dateline" from the first lines of the text; (None, None) when none."""
    if doc.published is not None:
        return doc.published, doc.published_from or "metadata"
    head = _head(doc.text)
    if not head.strip():
        return None, None
    for line in head.splitlines():
        day = _header_date(line)
        if day:
            return day, "header"
    for m in _BYLINE.finditer(head):
        day = _parse(m.group("date"))
        if day:
            return day, "byline"
    m = _DATELINE.search(head)
    if m:
        # A dateline has no year; borrow it from another full date near the top, if any.
        # Only a date written above the dateline (a header or byline) lends its year; a
        # date later in the first paragraph is usually an event's date, not this year.
        other = _parse(head[: m.start()])
        if other is not None:
            try:
                return dt.date(
                    other.year, _MONTHS[m.group("mon")[:3].lower()], int(m.group("d"))
                ), "dateline"
            except ValueError:
                pass
    return None, None
