"""The Python API: the same core as the CLI, returning plain data objects.

>>> import dateline
>>> timeline = dateline.build_timeline(["articles/"], max_dates=10)
>>> for entry in timeline.entries:
...     print(entry.date, entry.sentences[0].text)

`build_timeline` is a shortcut for `dateline.open(source).timeline(TimelineRequest(...))`
(`dateline.source`); a bad request raises `dateline.RequestError` (a ValueError) with the
same message the CLI and the web app give.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence

from dateline.model import Article, Problem, Timeline
from dateline.pipeline import LoadResult, load_articles
from dateline.request import TimelineRequest
from dateline.source import open as open_source

PathLike = str | os.PathLike[str]


def build_timeline(
    source: Iterable[PathLike] | PathLike | Sequence[Article],
    *,
    max_dates: int | None = None,
    sentences_per_date: int = 2,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    keywords: Iterable[str] = (),
    query: str | None = None,
    format: str | None = None,
    workers: int | None = None,
    on_item: Callable[[Article | Problem], None] | None = None,
) -> Timeline:
    """Build a timeline from paths (files or folders, any supported format), a dateline
    database, or already annotated `Article`s. Inputs that cannot be read are listed in
    `timeline.problems`; nothing is dropped silently."""
    request = TimelineRequest(
        query=query,
        keywords=keywords if isinstance(keywords, str) else tuple(keywords),
        start=start,
        end=end,
        max_dates=max_dates,
        sentences_per_date=sentences_per_date,
    )
    return open_source(source, format=format, workers=workers, on_item=on_item).timeline(request)


def read(
    paths: Iterable[PathLike],
    *,
    format: str | None = None,
    workers: int | None = None,
    on_item: Callable[[Article | Problem], None] | None = None,
) -> LoadResult:
    """Read, clean, date and tag articles: `LoadResult(articles, problems)`."""
    return load_articles(paths, format=format, workers=workers, on_article=on_item)
