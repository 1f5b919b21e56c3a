"""Find an article's publication date: container metadata, then the top of the text.

Only the first lines are searched (`HEAD_CHARS`, `HEAD_LINES`): a date deep in the
body is a date the article talks about, not the day it was published. An article with
no date in its head stays undated here; inferring one from other articles is a later
stage's job.
"""

from __future__ import annotations

import contextlib
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

# A full calendar date, in the spellings news sites use. Named groups: y, mon|m, d, or
# a, b for the two numbers of a slashed date whose order depends on the outlet (`_order`).
_DATES = [
    re.compile(r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)"),
    re.compile(rf"{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<y>(?:19|20)\d\d)/(?P<m>\d\d)/(?P<d>\d\d)\b"),
    # 28.02.2019: dotted dates are day first wherever they are written.
    re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)\b"),
    # 02/28/2019 (United States) or 28/02/2019 (most other places).
    re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)\b"),
]
_WEEKDAY = re.compile(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+")
# What may follow the date on a header line: a time and zone ("10:12am EST",
# "T10:12:00Z", "/ 10:12 AM"), then a note of an update ("Last updated at 10:12 GMT",
# "/ Updated 2 hours ago").
_TIME = (
    r"(?:T|\s*(?:[/|,·•–—-]\s*)?(?:at\s+)?)\d{1,2}[:.]\d\d(?::\d\d(?:\.\d+)?)?"
    r"\s*(?:[ap]\.?m\.?)?\s*(?:Z|[+-]\d\d:?\d\d|(?:GMT|UTC|BST|CES?T|[ECMP][SD]T|AE[SD]T)\b)?"
)
_UPDATED = r"\s*(?:[/|,·•–—-]\s*)?(?:Last\s+)?(?:updated|modified)\b[^\n]{0,40}"
_HEADER_REST = re.compile(rf"(?:{_TIME})?(?:{_UPDATED})?\s*", re.IGNORECASE)
# Where numeric dates are written day first (28/02/2019): the outlet's country code.
# Month first (02/28/2019): .us and the United States outlets on .com/.org below.
_DAY_FIRST_TLDS = frozenset(
    "uk ie au nz in za sg my pk ng ke fr de es it nl be pt ch at dk se no fi pl ru br ar".split()
)
_MONTH_FIRST_HOSTS = frozenset(
    """apnews.com nytimes.com washingtonpost.com wsj.com usatoday.com latimes.com cnn.com
    foxnews.com nbcnews.com cbsnews.com abcnews.go.com npr.org politico.com bloomberg.com
    chicagotribune.com nypost.com huffpost.com thehill.com axios.com""".split()
)
_URL = re.compile(r"https?://(?:www\.)?(?P<host>[\w.-]+)", re.IGNORECASE)
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
# "VLADIVOSTOK, Russia, April 26 (UPI) --": month and day, usually no year
# ("HANOI, Feb. 28, 2019 --" has one).
_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Z .'/-]+(?:,\s*[A-Z][\w .'-]*){{0,2}},?\s+{_MONTH}\s+(?P<d>\d{{1,2}})"
    r"(?:,\s*(?P<y>(?:19|20)\d\d))?\s*(?:\((?P<agency>[^)\n]{1,30})\)\s*)?(?:--|—|–|-)",
    re.MULTILINE,
)


def _day_first(doc: RawDocument, head: str) -> bool | None:
    """Whether the outlet writes numeric dates day first (True), month first (False), or
    unknown (None): from its address, the document's or one written in its first lines."""
    m = _URL.search(doc.url or "") or _URL.search(head)
    if not m:
        return None
    host = m.group("host").lower().rstrip(".")
    if host.rsplit(".", 1)[-1] == "us" or any(
        host == h or host.endswith("." + h) for h in _MONTH_FIRST_HOSTS
    ):
        return False
    return True if host.rsplit(".", 1)[-1] in _DAY_FIRST_TLDS else None


def _parse(text: str, day_first: bool | None = None) -> dt.date | None:
    """The first full calendar date in `text`."""
    best: tuple[int, dt.date] | None = None
    for pattern in _DATES:
        m = pattern.search(text)
        if not m:
            continue
        day = _to_date(m, day_first)
        if day and (best is None or m.start() < best[0]):
            best = (m.start(), day)
    return best[1] if best else None


def _order(a: int, b: int, day_first: bool | None) -> tuple[int, int] | None:
    """(month, day) of a slashed date a/b: a number over 12 can only be the day; when
    both could be months, the outlet's convention decides, and with none known there is
    no answer (a wrong date is worse than none)."""
    if a > 12 or b > 12 or a == b:
        return (b, a) if a > 12 or a == b else (a, b)
    if day_first is None:
        return None
    return (b, a) if day_first else (a, b)


def _to_date(m: re.Match[str], day_first: bool | None = None) -> dt.date | None:
    g = m.groupdict()
    if g.get("a"):
        order = _order(int(g["a"]), int(g["b"]), day_first)
        if order is None:
            return None
        month, day = order
    else:
        month = _MONTHS[g["mon"][:3].lower()] if g.get("mon") else int(g["m"])
        day = int(g["d"])
    try:
        return dt.date(int(g["y"]), month, day)
    except ValueError:
        return None


def _header_date(line: str, day_first: bool | None) -> dt.date | None:
    line = _HEADER_LABEL.sub("", line.strip(), count=1)
    line = _WEEKDAY.sub("", line, count=1)
    for pattern in _DATES:
        m = pattern.match(line)
        if m:
            tail = _HEADER_REST.match(line, m.end())
            rest = line[tail.end() if tail else m.end() :].strip(" ,")
            if not rest or (rest.isupper() and len(rest.split()) <= 3):
                return _to_date(m, day_first)
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
    day_first = _day_first(doc, head)
    for line in head.splitlines():
        day = _header_date(line, day_first)
        if day:
            return day, "header"
    for m in _BYLINE.finditer(head):
        day = _parse(m.group("date"), day_first)
        if day:
            return day, "byline"
    m = _DATELINE.search(head)
    if m and m.group("y"):
        with contextlib.suppress(ValueError):
            month = _MONTHS[m.group("mon")[:3].lower()]
            return dt.date(int(m.group("y")), month, int(m.group("d"))), "dateline"
    if m:
        # A dateline has no year; borrow it from another full date near the top, if any.
        # Only a date written above the dateline (a header or byline) lends its year; a
        # date later in the first paragraph is usually an event's date, not this year.
        other = _parse(head[: m.start()], day_first)
        if other is not None:
            try:
                return dt.date(
                    other.year, _MONTHS[m.group("mon")[:3].lower()], int(m.group("d"))
                ), "dateline"
            except ValueError:
                pass
    return None, None
