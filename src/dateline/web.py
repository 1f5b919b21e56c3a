"""A small FastAPI app for browsing a timeline in the browser.

    app = create_app(provider)        # provider(query, start, end, max_dates) -> Timeline

`GET /` is the same self-contained HTML page `dateline render --format html` writes, with a
search form added; `GET /api/timeline` is the versioned JSON document. FastAPI is an
optional extra ("web"), so it is imported here only: nothing else in dateline needs it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response

from dateline import __version__
from dateline.model import Timeline
from dateline.render import render_timelinejs, timeline_to_dict
from dateline.render.html import render_html

TimelineProvider = Callable[[str | None, dt.date | None, dt.date | None, int | None], Timeline]

# Parameters arrive as strings and are parsed here, not by FastAPI: the page's search form
# (which must work without JavaScript) submits empty fields as "start=&max_dates=", and an
# empty field means "not set", not a 422.
_Q = Annotated[str | None, Query(description="words to look for; empty means everything")]
_START = Annotated[str | None, Query(description="first day to include (YYYY-MM-DD)")]
_END = Annotated[str | None, Query(description="last day to include (YYYY-MM-DD)")]
_MAX = Annotated[str | None, Query(description="at most this many dates (a positive integer)")]


def _parse_date(name: str, value: str | None) -> dt.date | None:
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(400, f"{name} must be a date like 2019-02-28, not {value!r}") from None


def _parse_max(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        n = int(value.strip())
    except ValueError:
        n = 0
    if n < 1:
        raise HTTPException(400, f"max_dates must be a positive integer, not {value!r}")
    return n


def create_app(timeline_provider: TimelineProvider) -> FastAPI:
    """The web app over `timeline_provider`, which the caller wires to the core."""
    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Browse a dated, source-attributed timeline built from news articles.",
    )

    def get_timeline(
        q: str | None, start: str | None, end: str | None, max_dates: str | None
    ) -> Timeline:
        query = q.strip() if q else None
        first, last = _parse_date("start", start), _parse_date("end", end)
        if first and last and first > last:
            raise HTTPException(400, f"start ({first}) is after end ({last})")
        try:
            return timeline_provider(query or None, first, last, _parse_max(max_dates))
        except ValueError as exc:
            # The core reports bad requests (an unparsable query, ...) as ValueError: the
            # user's fault, so a 400 with the message rather than a 500.
            raise HTTPException(400, str(exc)) from exc

    @app.get("/", response_class=HTMLResponse, summary="the timeline as a web page")
    def page(q: _Q = None, start: _START = None, end: _END = None, max_dates: _MAX = None):
        timeline = get_timeline(q, start, end, max_dates)
        # Echo what the user typed so the form shows the current search.
        search: dict[str, Any] = {"q": q, "start": start, "end": end, "max_dates": max_dates}
        return HTMLResponse(render_html(timeline, search=search))

    @app.get("/api/timeline", summary="the timeline as a dateline.timeline/1 JSON document")
    def api_timeline(q: _Q = None, start: _START = None, end: _END = None, max_dates: _MAX = None):
        return JSONResponse(timeline_to_dict(get_timeline(q, start, end, max_dates)))

    @app.get("/api/timelinejs", summary="the timeline as Knight Lab TimelineJS3 JSON")
    def api_timelinejs(
        q: _Q = None, start: _START = None, end: _END = None, max_dates: _MAX = None
    ):
        body = render_timelinejs(get_timeline(q, start, end, max_dates))
        return Response(body, media_type="application/json")

    return app
