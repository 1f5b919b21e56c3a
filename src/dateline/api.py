"""The Python API: the same core as the CLI, returning plain data objects.

>>> import dateline
>>> timeline = dateline.build_timeline(["articles/"], max_dates=10)
>>> for entry in timeline.entries:
...     print(entry.date, entry.sentences[0].text)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence

from dateline.model import Article, Problem, Timeline
from dateline.pipeline import LoadResult, load_articles
from dateline.timeline import TimelineOptions
from dateline.timeline import build_timeline as _build

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
    """Build a timeline from paths (files or folders, any supported format) or from
    already annotated `Article`s. Inputs that cannot be read are listed in
    `timeline.problems`; nothing is dropped silently."""
    options = TimelineOptions(
        max_dates=max_dates,
        sentences_per_date=sentences_per_date,
        start=_as_date(start),
        end=_as_date(end),
        keywords=tuple(k.strip() for k in keywords if k.strip()),
        query=query,
    )
    if isinstance(source, (str, os.PathLike)):
        source = [source]
    items = list(source)
    if items and all(isinstance(a, Article) for a in items):
        return _build(items, options)  # type: ignore[arg-type]
    loaded = read(items, format=format, workers=workers, on_item=on_item)  # type: ignore[arg-type]
    return _build(loaded.articles, options, problems=loaded.problems)


def read(
    paths: Iterable[PathLike],
    *,
    format: str | None = None,
    workers: int | None = None,
    on_item: Callable[[Article | Problem], None] | None = None,
) -> LoadResult:
    """Read, clean, date and tag articles: `LoadResult(articles, problems)`."""
    return load_articles(paths, format=format, workers=workers, on_article=on_item)


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)
