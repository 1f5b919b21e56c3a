"""dateline: turn a pile of news articles into a dated, source-attributed timeline.

    import dateline
    timeline = dateline.build_timeline(["articles/"], max_dates=10)

    source = dateline.open("news.db")            # or a list of files and folders
    timeline = source.timeline(dateline.TimelineRequest(query="Kim Jong Un"))

The stages are importable on their own: `dateline.read`, `dateline.clean`,
`dateline.pubdate`, `dateline.sentences`, `dateline.timex`, `dateline.pipeline`,
`dateline.store`, `dateline.timeline`, `dateline.render`, `dateline.evaluate`
(`dateline.read` is the read stage; `dateline.api.read` reads and annotates paths).

The names below are loaded on first use (module `__getattr__`), so `import
dateline.model` does not import the whole pipeline (scikit-learn, numpy, ...).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from dateline.version import __version__

# public name -> module that defines it
_LAZY = {
    "build_timeline": "dateline.api",
    "open": "dateline.source",
    "timeline_from_store": "dateline.source",
    "DatabaseSource": "dateline.source",
    "FileSource": "dateline.source",
    "RequestError": "dateline.request",
    "TimelineRequest": "dateline.request",
    "Store": "dateline.store",
    "StoreError": "dateline.store",
    **{
        name: "dateline.model"
        for name in (
            "Article",
            "ArticleRef",
            "Problem",
            "RawDocument",
            "SearchHit",
            "Sentence",
            "Timeline",
            "TimelineEntry",
            "TimelineSentence",
            "TimeMention",
        )
    },
}

if TYPE_CHECKING:
    from dateline.api import build_timeline
    from dateline.model import (
        Article,
        ArticleRef,
        Problem,
        RawDocument,
        SearchHit,
        Sentence,
        Timeline,
        TimelineEntry,
        TimelineSentence,
        TimeMention,
    )
    from dateline.request import RequestError, TimelineRequest
    from dateline.source import DatabaseSource, FileSource, open, timeline_from_store
    from dateline.store import Store, StoreError


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dateline' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # next time, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "Article",
    "ArticleRef",
    "DatabaseSource",
    "FileSource",
    "Problem",
    "RawDocument",
    "RequestError",
    "SearchHit",
    "Sentence",
    "Store",
    "StoreError",
    "TimeMention",
    "Timeline",
    "TimelineEntry",
    "TimelineRequest",
    "TimelineSentence",
    "__version__",
    "build_timeline",
    "open",
    "timeline_from_store",
]
