"""Knight Lab TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

One slide per timeline date. TimelineJS inserts `text` fields as HTML, so the sentences
are escaped here and only our own tags (<p>, <a>, <small>) are left live.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from dateline.model import Timeline
from dateline.render._common import Citations, long_date, one_line, safe_url, summary_line

_HEADLINE_CHARS = 90


def _e(text: str) -> str:
    return escape(text, quote=True)


def _shorten(text: str, limit: int = _HEADLINE_CHARS) -> str:
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(",;:") + "…"


def timeline_to_timelinejs(timeline: Timeline) -> dict[str, Any]:
    cites = Citations(timeline)
    headline = f"Timeline: {timeline.query}" if timeline.query else "Timeline"
    intro = summary_line(timeline)
    if timeline.keywords:
        intro += " · keywords: " + ", ".join(timeline.keywords)
    events: list[dict[str, Any]] = []
    for entry in timeline.entries:
        paragraphs = []
        for s in entry.sentences:
            src = cites[s.article_id]
            url = safe_url(src.ref.url if src.ref else None)
            label = _e(src.label)
            attribution = (
                f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{label}</a>'
                if url
                else label
            )
            paragraphs.append(f"<p>{_e(one_line(s.text))}<br><small>— {attribution}</small></p>")
        first = entry.sentences[0].text if entry.sentences else long_date(entry.date)
        events.append(
            {
                # Strings, as in Knight Lab's own examples; TimelineJS parses them as numbers.
                "start_date": {
                    "year": str(entry.date.year),
                    "month": str(entry.date.month),
                    "day": str(entry.date.day),
                },
                "display_date": long_date(entry.date),
                "text": {"headline": _e(_shorten(first)), "text": "".join(paragraphs)},
                "unique_id": f"d-{entry.date.isoformat()}",
                # Without this TimelineJS would turn URLs inside sentences into links.
                "autolink": False,
            }
        )
    return {
        "title": {"text": {"headline": _e(headline), "text": f"<p>{_e(intro)}</p>"}},
        "events": events,
    }


def render_timelinejs(timeline: Timeline) -> str:
    return json.dumps(timeline_to_timelinejs(timeline), ensure_ascii=False, indent=2) + "\n"
