"""Helpers shared by the renderers: citation numbers, labels and date wording.

Every format numbers sources the same way, so "[2]" in the Markdown and the HTML of one
timeline points at the same article.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from dateline.model import ArticleRef, Timeline, TimelineEntry, TimelineSentence

# Fixed English names: strftime("%A") follows the process locale, which would make the
# output (and the tests) depend on the machine.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def weekday(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


def long_date(day: dt.date) -> str:
    """'Thursday 28 February 2019'."""
    return f"{weekday(day)} {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """'13 Jan 2010'."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


# Terminal control sequences: CSI (ESC [ ... or the C1 byte 0x9b), OSC (ESC ] ... ended
# by BEL or ST: how OSC-8 links and window titles are written), the other ESC sequences
# (DCS, PM, APC strings, two-byte escapes), then any C0 or C1 control left, and DEL.
# Tab and newline stay: they are layout, not commands.
_CONTROL = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]P^_X]|[\x90\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def printable(text: str) -> str:
    """`text` without terminal control characters or escape sequences (an article saying
    "\\033[2J" must not clear the reader's screen, nor an OSC-8 link hide its target)."""
    return _CONTROL.sub("", text) if text else text


def _ref(ref: ArticleRef) -> ArticleRef:
    return replace(
        ref,
        id=printable(ref.id),
        title=ref.title and printable(ref.title),
        path=ref.path and printable(ref.path),
        url=ref.url and printable(ref.url),
        source=ref.source and printable(ref.source),
    )


def _sentence(s: TimelineSentence) -> TimelineSentence:
    return replace(s, text=printable(s.text), article_id=printable(s.article_id))


def printable_timeline(timeline: Timeline) -> Timeline:
    """A copy of `timeline` with every text through `printable`: what the terminal and
    Markdown renderers draw from (and the CLI, for whatever else it prints)."""
    return replace(
        timeline,
        entries=[
            replace(
                e,
                sentences=[_sentence(s) for s in e.sentences],
                events=[
                    replace(
                        ev,
                        representative=_sentence(ev.representative),
                        sentences=[_sentence(s) for s in ev.sentences],
                        article_ids=[printable(a) for a in ev.article_ids],
                        sources=[printable(x) for x in ev.sources],
                    )
                    for ev in e.events
                ],
            )
            for e in timeline.entries
        ],
        articles=[_ref(a) for a in timeline.articles],
        undated=[_ref(a) for a in timeline.undated],
        problems=[
            replace(p, path=printable(p.path), message=printable(p.message))
            for p in timeline.problems
        ],
        query=timeline.query and printable(timeline.query),
        keywords=tuple(printable(k) for k in timeline.keywords),
    )


def reported_by(entry: TimelineEntry, i: int) -> str | None:
    """'reported by 3 sources' for the event of the entry's i-th sentence, when known."""
    if i >= len(entry.events):
        return None
    return "reported by " + plural(len(entry.events[i].sources), "source")


def one_line(text: str) -> str:
    """Collapse newlines and runs of spaces: every format shows a sentence on one line."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Source:
    """An article as the renderers cite it: its number and the reference, if known."""

    number: int
    id: str
    ref: ArticleRef | None  # None when an entry cites an id missing from `articles`

    @property
    def name(self) -> str:
        """What to call the article: its title, else its file name, URL or id."""
        ref = self.ref
        if ref is None:
            return self.id
        if ref.title and ref.title.strip():
            return one_line(ref.title)
        if ref.path:
            return ref.path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or ref.path
        return ref.url or ref.id

    @property
    def outlet(self) -> str | None:
        ref = self.ref
        return one_line(ref.source) if ref is not None and ref.source else None

    @property
    def label(self) -> str:
        """The attribution beside a sentence: 'BBC, “Many feared dead in Haiti quake”,
        13 Jan 2010' (outlet, title, publication date), with whatever of them is known; a
        file name, URL or id only when there is no title."""
        ref = self.ref
        title = ref.title.strip() if ref is not None and ref.title else ""
        parts = [self.outlet] if self.outlet else []
        parts.append(f"“{one_line(title)}”" if title else self.name)
        if ref is not None and ref.published is not None:
            parts.append(short_date(ref.published))
        return ", ".join(parts)


def published_text(ref: ArticleRef | None) -> str:
    """'published 2019-03-02 (from metadata)', '... (inferred)' or 'publication date
    unknown'."""
    if ref is None or ref.published is None:
        return "publication date unknown"
    if ref.published_from == "inferred":
        where = " (inferred from similar articles)"
    else:
        where = f" (from {ref.published_from})" if ref.published_from else ""
    return f"published {ref.published.isoformat()}{where}"


def safe_url(url: str | None) -> str | None:
    """The URL if it is safe to link to, else None.

    Only web links are made clickable: a `javascript:` or `data:` URL from a scraped page
    must never become a link in a rendered timeline.
    """
    if not url:
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) else None


class Citations:
    """Numbers every article of a timeline, in order of first citation.

    Articles that are listed but never cited come after the cited ones, in list order, so
    the Sources list still shows them; an id cited but missing from `articles` still gets a
    number (with no details) rather than breaking the render.
    """

    def __init__(self, timeline: Timeline) -> None:
        by_id = {a.id: a for a in timeline.articles}
        self._sources: dict[str, Source] = {}
        for entry in timeline.entries:
            for s in entry.sentences:
                self._add(s.article_id, by_id.get(s.article_id))
        for ref in timeline.articles:
            self._add(ref.id, ref)

    def _add(self, article_id: str, ref: ArticleRef | None) -> None:
        if article_id not in self._sources:
            self._sources[article_id] = Source(len(self._sources) + 1, article_id, ref)

    def __getitem__(self, article_id: str) -> Source:
        return self._sources[article_id]

    def __iter__(self) -> Iterator[Source]:
        return iter(self._sources.values())

    def __len__(self) -> int:
        return len(self._sources)


def summary_line(timeline: Timeline) -> str:
    """'3 dates · 7 sentences · 12 articles'."""
    sentences = sum(len(e.sentences) for e in timeline.entries)
    articles = timeline.article_count or len(timeline.articles)
    return " · ".join(
        (plural(len(timeline.entries), "date"), plural(sentences, "sentence"),
         plural(articles, "article"))
    )  # fmt: skip
