"""dateline: turn a pile of news articles into a dated, source-attributed timeline.

    import dateline
    timeline = dateline.build_timeline(["articles/"], max_dates=10)

The stages are importable on their own: `dateline.read`, `dateline.clean`,
`dateline.pubdate`, `dateline.sentences`, `dateline.timex`, `dateline.pipeline`,
`dateline.store`, `dateline.timeline`, `dateline.render`, `dateline.evaluate`.
"""

from dateline.api import build_timeline, read
from dateline.model import (
    Article,
    ArticleRef,
    Problem,
    RawDocument,
    Sentence,
    Timeline,
    TimelineEntry,
    TimelineSentence,
    TimeMention,
)
from dateline.store import Store, StoreError, timeline_from_store
from dateline.version import __version__

__all__ = [
    "Article",
    "ArticleRef",
    "Problem",
    "RawDocument",
    "Sentence",
    "Store",
    "StoreError",
    "TimeMention",
    "Timeline",
    "TimelineEntry",
    "TimelineSentence",
    "__version__",
    "build_timeline",
    "read",
    "timeline_from_store",
]
