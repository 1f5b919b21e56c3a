"""Plain data objects passed between the pipeline stages.

read -> clean -> date -> tag -> store -> select -> summarise -> render

Every stage takes and returns these dataclasses; none of them does I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

# Where an article's publication date came from, strongest first.
PUBLISHED_FROM = ("metadata", "path", "header", "byline", "dateline", "inferred")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that could not be read or used, reported to the user in one line."""

    path: str
    message: str
    skipped: bool = True  # False: a warning, the input was still used

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(slots=True)
class RawDocument:
    """One article as a reader found it, before cleaning.

    `published` is set only when the container says it (JSON metadata, HTML metadata,
    the Timeline17 date folder); dates written in the text are found by `dateline.pubdate`.
    """

    id: str
    text: str
    path: str | None = None  # file the article came from ("file.jsonl:12" for a JSON line)
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    published_from: str | None = None  # "metadata" or "path" when `published` is set
    source: str | None = None  # outlet or collection name, when known
    format: str = "text"  # "text" | "t17" | "jsonl" | "html"
    # True when the text already has one sentence per line (Timeline17, news-tls).
    one_sentence_per_line: bool = False


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A temporal expression found in a text, normalised TIMEX3-style.

    Offsets are character offsets into the text that was tagged (a sentence).
    """

    start: int
    end: int
    text: str
    type: str  # "DATE" | "TIME" | "DURATION" | "SET"
    value: str  # "2019-02-28", "2019-02", "2019-W09", "2019-Q1", "2019", "201", "P2D", ...
    # "day" | "week" | "month" | "quarter" | "season" | "year" | "decade" | "century" | None
    granularity: str | None = None

    @property
    def day(self) -> dt.date | None:
        """The calendar day this mention points to, when it is day-precise (or finer)."""
        if self.type not in ("DATE", "TIME") or len(self.value) < 10:
            return None
        try:
            return dt.date.fromisoformat(self.value[:10])
        except ValueError:
            return None

    @property
    def month(self) -> tuple[int, int] | None:
        """(year, month) for a mention that is month-precise or finer."""
        v = self.value
        if self.type not in ("DATE", "TIME") or len(v) < 7 or v[4] != "-" or not v[:4].isdigit():
            return None
        if not v[5:7].isdigit():
            return None
        m = int(v[5:7])
        return (int(v[:4]), m) if 1 <= m <= 12 else None


def distinct_days(mentions: Iterable[TimeMention]) -> list[dt.date]:
    """The distinct calendar days that day-precise `mentions` point to, in order."""
    days = (m.day for m in mentions)
    return list(dict.fromkeys(d for d in days if d is not None))


@dataclass(slots=True)
class Sentence:
    text: str
    index: int  # position of the sentence in its article, from 0
    mentions: tuple[TimeMention, ...] = ()

    @property
    def days(self) -> list[dt.date]:
        """Distinct day-precise dates this sentence mentions, in order of appearance."""
        return distinct_days(self.mentions)


@dataclass(slots=True)
class Article:
    """A cleaned, dated, sentence-split and time-tagged article."""

    id: str
    text: str  # cleaned body text
    sentences: list[Sentence]
    title: str | None = None
    path: str | None = None
    url: str | None = None
    source: str | None = None  # the outlet, named by `dateline.attribution`
    published: dt.date | None = None
    published_from: str | None = None  # one of PUBLISHED_FROM, or None when undated
    original: str | None = None  # the text as read, kept for provenance
    removed_lines: int = 0  # boilerplate lines dropped by cleaning
    # Id of an earlier article this one nearly duplicates (the same wire story in two
    # outlets); duplicates are counted once when dates are ranked.
    duplicate_of: str | None = None

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)


@dataclass(frozen=True, slots=True)
class TimelineSentence:
    text: str
    article_id: str
    sentence_index: int


@dataclass(slots=True)
class Event:
    """One happening on one date, as the collection reports it: the sentences (across
    articles and outlets) that say the same thing, and the one that says it best."""

    date: dt.date
    representative: TimelineSentence
    sentences: list[TimelineSentence]  # every report grouped into the event
    article_ids: list[str]  # distinct articles reporting it (near-duplicates once)
    sources: list[str]  # distinct outlets reporting it


@dataclass(slots=True)
class TimelineEntry:
    date: dt.date
    sentences: list[TimelineSentence]
    score: float = 0.0
    # The events the entry's sentences report, one per sentence, in the same order.
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """What a timeline says about an article it cites or lists."""

    id: str
    title: str | None
    path: str | None
    url: str | None
    source: str | None
    published: dt.date | None
    published_from: str | None

    @classmethod
    def of(cls, article: Article) -> ArticleRef:
        return cls(
            id=article.id,
            title=article.title,
            path=article.path,
            url=article.url,
            source=article.source,
            published=article.published,
            published_from=article.published_from,
        )


@dataclass(slots=True)
class Timeline:
    entries: list[TimelineEntry]
    articles: list[ArticleRef]  # every article the entries cite
    undated: list[ArticleRef] = field(default_factory=list)  # articles with no publication date
    problems: list[Problem] = field(default_factory=list)  # inputs skipped, with why
    query: str | None = None
    keywords: tuple[str, ...] = ()
    article_count: int = 0  # articles in the window about the request, near-duplicates not


@dataclass(slots=True)
class SearchHit:
    """One article found by a search, with the sentences that match, best first."""

    article: ArticleRef
    score: float  # higher is more relevant (BM25 from a database)
    sentences: list[Sentence]
    duplicate_of: str | None = None


@dataclass(slots=True)
class StoryVolume:
    """How a story unfolded: articles published per day and day-precise date mentions per
    day, over the articles of one query, and how many of them each outlet published.

    Built by `dateline.timeline.volume.story_volume` from articles and by
    `Store.volume` from SQL, with the same counts."""

    published: dict[dt.date, int] = field(default_factory=dict)
    mentions: dict[dt.date, int] = field(default_factory=dict)
    outlets: dict[str, int] = field(default_factory=dict)  # every outlet, whatever the filter
    article_count: int = 0  # articles counted (undated ones included, near-duplicates not)
