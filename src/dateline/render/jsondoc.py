"""The versioned JSON document of a timeline (schema "dateline.timeline/1").

The document is the one stable, machine-readable output of dateline; `docs/json-schema.md`
describes every field and `docs/dateline-timeline-1.schema.json` is its JSON Schema. Keep
the three in step: additive changes keep "/1", anything else bumps the version.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from dateline import __version__
from dateline.model import ArticleRef, Event, Problem, Timeline, TimelineEntry, TimelineSentence

SCHEMA = "dateline.timeline/1"
_SCHEMA_FAMILY = "dateline.timeline/"


def timeline_to_dict(timeline: Timeline) -> dict[str, Any]:
    """The timeline as a JSON-ready dict (only str, int, float, bool, None, list, dict)."""
    return {
        "schema": SCHEMA,
        "generated_by": f"dateline {__version__}",
        "query": timeline.query,
        "keywords": list(timeline.keywords),
        "entries": [
            {
                "date": e.date.isoformat(),
                "score": float(e.score),
                "sentences": [_sentence_to_dict(s) for s in e.sentences],
                "events": [_event_to_dict(ev) for ev in e.events],
            }
            for e in timeline.entries
        ],
        "articles": [_article_to_dict(a) for a in timeline.articles],
        "undated": [_article_to_dict(a) for a in timeline.undated],
        "problems": [
            {"path": p.path, "message": p.message, "skipped": p.skipped} for p in timeline.problems
        ],
        "article_count": timeline.article_count,
    }


def render_json(timeline: Timeline) -> str:
    # ensure_ascii=False keeps non-English text readable; the output is UTF-8.
    return json.dumps(timeline_to_dict(timeline), ensure_ascii=False, indent=2) + "\n"


def timeline_from_dict(data: dict[str, Any]) -> Timeline:
    """Read a document written by `timeline_to_dict` (any "dateline.timeline/1").

    Unknown keys are ignored, so documents from a newer dateline that only added fields
    still load. A missing or different major schema raises ValueError.
    """
    if not isinstance(data, dict):
        raise ValueError("a dateline timeline document must be a JSON object")
    schema = data.get("schema")
    if schema != SCHEMA:
        if isinstance(schema, str) and schema.startswith(_SCHEMA_FAMILY):
            raise ValueError(
                f"unsupported timeline schema {schema!r} (this dateline reads {SCHEMA!r})"
            )
        raise ValueError(
            f"not a dateline timeline document (schema is {schema!r}, expected {SCHEMA!r})"
        )
    try:
        return Timeline(
            entries=[
                TimelineEntry(
                    date=_date(e["date"]),
                    score=float(e.get("score", 0.0)),
                    sentences=[_sentence_from_dict(s) for s in e.get("sentences", [])],
                    events=[_event_from_dict(e["date"], ev) for ev in e.get("events", [])],
                )
                for e in data.get("entries", [])
            ],
            articles=[_article_from_dict(a) for a in data.get("articles", [])],
            undated=[_article_from_dict(a) for a in data.get("undated", [])],
            problems=[
                Problem(
                    path=str(p["path"]),
                    message=str(p["message"]),
                    skipped=bool(p.get("skipped", True)),
                )
                for p in data.get("problems", [])
            ],
            query=data.get("query"),
            keywords=tuple(str(k) for k in data.get("keywords", [])),
            article_count=int(data.get("article_count", 0)),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        # One clear message instead of a KeyError deep in a comprehension.
        raise ValueError(
            f"malformed dateline timeline document: {type(exc).__name__}: {exc}"
        ) from exc


def _sentence_to_dict(s: TimelineSentence) -> dict[str, Any]:
    return {"text": s.text, "article_id": s.article_id, "sentence_index": s.sentence_index}


def _sentence_from_dict(s: dict[str, Any]) -> TimelineSentence:
    return TimelineSentence(
        text=str(s["text"]),
        article_id=str(s["article_id"]),
        sentence_index=int(s["sentence_index"]),
    )


def _event_to_dict(ev: Event) -> dict[str, Any]:
    return {
        "representative": _sentence_to_dict(ev.representative),
        "sources": list(ev.sources),
        "article_ids": list(ev.article_ids),
        "sentences": [_sentence_to_dict(s) for s in ev.sentences],
    }


def _event_from_dict(day: Any, ev: dict[str, Any]) -> Event:
    return Event(
        date=_date(day),
        representative=_sentence_from_dict(ev["representative"]),
        sentences=[_sentence_from_dict(s) for s in ev.get("sentences", [])],
        article_ids=[str(a) for a in ev.get("article_ids", [])],
        sources=[str(x) for x in ev.get("sources", [])],
    )


def _article_to_dict(a: ArticleRef) -> dict[str, Any]:
    return {
        "id": a.id,
        "path": a.path,
        "url": a.url,
        "title": a.title,
        "source": a.source,
        "published": a.published.isoformat() if a.published else None,
        "published_from": a.published_from,
    }


def _article_from_dict(a: dict[str, Any]) -> ArticleRef:
    published = a.get("published")
    return ArticleRef(
        id=str(a["id"]),
        title=a.get("title"),
        path=a.get("path"),
        url=a.get("url"),
        source=a.get("source"),
        published=_date(published) if published else None,
        published_from=a.get("published_from"),
    )


def _date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"malformed dateline timeline document: bad date {value!r}") from exc
