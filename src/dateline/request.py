"""What is asked of a timeline or a search, validated once for every shell.

    from dateline.request import TimelineRequest
    request = TimelineRequest(query="Kim Jong Un", start="2019-02-01", max_dates=10)

The CLI, the web app and the Python API build a `TimelineRequest` and hand it to a source
(`dateline.open`); whatever is wrong with it (a start after the end, keywords and a query
together, a query too long to search) is one `RequestError` line, the same in every
shell. This module also holds the one definition of a query word and of the date window
that the timeline stage and the store share. It imports nothing but the standard library,
so every stage may use it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# A query is a topic ("Kim Jong Un", "BP oil spill"), a few words. The bounds are set a
# priori, far above any topic, and well below what costs real work: every word becomes a
# term of the full-text expression (SQLite refuses trees deeper than 1000) and a phrase
# test on every sentence of the corpus.
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 32
MAX_KEYWORDS = 32
MAX_SOURCES = 100  # outlets to filter by: a page's checkboxes, not a list of every outlet
# Number of articles a search lists at most (a page of results, not an export).
MAX_SEARCH_LIMIT = 1000

# A query word: letters, digits, apostrophes and hyphens ("jong-un", "o'brien").
QUERY_WORD = re.compile(r"[\w'-]+")
_HAS_TOKEN = re.compile(r"[^\W_]")
STOPWORDS = frozenset(
    "a an and the of in on at to for by with from about as is are was were be what who".split()
)


class RequestError(ValueError):
    """A request that cannot be answered as asked, explained in one line: the asker's to
    fix (exit status 2 on the command line, 400 on the web). `field` names the parameter
    at fault, when one is (the CLI shows it as its option)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def query_words(query: str | None) -> list[str]:
    """The words of a query, lower case, stopwords and single Latin letters or digits
    dropped, each once, in order. An article is about the query when its title or text
    contains every one of them, by the rule of `dateline.words` (whole words, case and
    diacritics ignored, Porter-stemmed: what the store's full-text index matches)."""
    if not query:
        return []
    # A single "w" (or the "u" and "s" of "U.S.") picks out nothing: it is a word of
    # almost no text. A single CJK character is a word; it stays.
    # A "word" of only apostrophes, hyphens or underscores has no token to search for.
    words = (
        w
        for w in QUERY_WORD.findall(query.lower())
        if w not in STOPWORDS and (len(w) > 1 or not w.isascii()) and _HAS_TOKEN.search(w)
    )
    return list(dict.fromkeys(words))


def check_query(query: str | None, what: str = "the query", field: str = "query") -> None:
    """Raise `RequestError` for a query too long to search (characters or words)."""
    if not query:
        return
    if len(query) > MAX_QUERY_CHARS:
        raise RequestError(
            f"{what} is {len(query)} characters long; at most {MAX_QUERY_CHARS} are searched",
            field,
        )
    n = len(query_words(query))
    if n > MAX_QUERY_WORDS:
        raise RequestError(f"{what} has {n} words; at most {MAX_QUERY_WORDS} are searched", field)


def check_keywords(keywords: tuple[str, ...]) -> None:
    """Raise `RequestError` for too many keywords, too long a list, or a keyword with no
    query word in it ("the", "U.S."): it would pick out nearly every sentence, or none."""
    for keyword in keywords:
        if not query_words(keyword):
            raise RequestError(
                f"the keyword {keyword!r} has no words to search for"
                " (stopwords and single letters are not searched)",
                "keywords",
            )
    if len(keywords) > MAX_KEYWORDS:
        raise RequestError(
            f"{len(keywords)} keywords given; at most {MAX_KEYWORDS} are used", "keywords"
        )
    check_query(",".join(keywords), "the keyword list", "keywords")


def window_end(end: dt.date | None) -> dt.date | None:
    """The last publication day read for a window ending on `end`: the day after, for that
    day's reports."""
    if end is None or end == dt.date.max:  # (9999-12-31 has no day after)
        return end
    return end + dt.timedelta(days=1)


def in_window(published: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether an article published on `published` is read for the window [start, end]:
    published on or after `start` and at most a day after `end`; an undated article is
    always read (for the absolute dates it names)."""
    if published is None:
        return True
    if start is not None and published < start:
        return False
    last = window_end(end)
    return last is None or published <= last


def parse_date(value: str | dt.date | None, name: str) -> dt.date | None:
    """A date given as a `date` or as 'YYYY-MM-DD' text; empty text means not set."""
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RequestError(f"{name} must be a date like 2019-02-28, not {value!r}", name) from None


def parse_count(value: str | int | None, name: str) -> int | None:
    """A positive integer given as an `int` or as text; empty text means not set."""
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            number = int(value.strip())
        except ValueError:
            number = 0
    else:
        number = value
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise RequestError(f"{name} must be a positive integer, not {value!r}", name)
    return number


def split_keywords(value: str | None) -> tuple[str, ...]:
    """'a, b,,c' -> ('a', 'b', 'c')."""
    return tuple(k.strip() for k in (value or "").split(",") if k.strip())


@dataclass(frozen=True, slots=True)
class TimelineRequest:
    """One request for a timeline or a search. Construction normalises and validates:
    dates may be given as 'YYYY-MM-DD', an empty query is no query, keywords are stripped;
    anything contradictory or too big raises `RequestError`."""

    query: str | None = None  # free text: an article must contain all its words
    keywords: tuple[str, ...] = ()  # a sentence must contain one of them
    start: dt.date | None = None  # first date
    end: dt.date | None = None  # last date; articles published the day after are read too
    max_dates: int | None = None  # None: chosen from the data
    sentences_per_date: int = 2
    limit: int = 20  # articles listed by a search
    sources: tuple[str, ...] = ()  # only articles from these outlets (`Article.source`)
    words: tuple[str, ...] = field(init=False, default=())  # the query's words

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalised values are set once, here
        query = self.query.strip() if isinstance(self.query, str) else self.query
        set_(self, "query", query or None)
        # A string is the CLI's and the page's spelling, "bp,oil,spill": split it the same
        # way (as one keyword it would match no sentence, silently).
        keywords = (
            split_keywords(self.keywords) if isinstance(self.keywords, str) else self.keywords
        )
        set_(self, "keywords", tuple(k.strip() for k in keywords if k and k.strip()))
        sources = (self.sources,) if isinstance(self.sources, str) else self.sources
        set_(self, "sources", tuple(dict.fromkeys(s.strip() for s in sources if s and s.strip())))
        set_(self, "start", parse_date(self.start, "start"))
        set_(self, "end", parse_date(self.end, "end"))
        set_(self, "max_dates", parse_count(self.max_dates, "max_dates"))
        set_(self, "sentences_per_date", parse_count(self.sentences_per_date, "sentences_per_date"))
        set_(self, "limit", parse_count(self.limit, "limit"))
        if self.sentences_per_date is None:
            raise RequestError(
                "sentences_per_date must be a positive integer", "sentences_per_date"
            )
        if self.limit is None or self.limit > MAX_SEARCH_LIMIT:
            raise RequestError(f"limit must be 1 to {MAX_SEARCH_LIMIT}, not {self.limit}", "limit")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise RequestError(f"start ({self.start}) is after end ({self.end})", "start")
        if self.query and self.keywords:
            raise RequestError("give keywords or a query, not both", "query")
        check_query(self.query)
        check_keywords(self.keywords)
        if len(self.sources) > MAX_SOURCES:
            raise RequestError(
                f"{len(self.sources)} outlets given; at most {MAX_SOURCES} are used", "sources"
            )
        set_(self, "words", tuple(query_words(self.query)))
        if self.query and not self.words:
            raise RequestError(f"the query {self.query!r} has no words to search for", "query")

    @property
    def terms(self) -> list[str]:
        """What a sentence must contain one of to be counted and quoted: the keywords
        and the query's words."""
        return [*self.keywords, *self.words]
