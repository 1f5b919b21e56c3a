"""A small FastAPI app for browsing a timeline in the browser.

    app = create_app(provider, library)  # provider(query, start, end, max_dates, sources)

`GET /` is the timeline page (search, date range and outlet filters, a chart of the whole
story, export links; `dateline.render.page`), `GET /articles/{id}` one article with the
quoted sentence highlighted (`dateline.web_pages`); `GET /api/timeline` is the versioned
JSON document, `/api/timelinejs`, `/export/timeline.md` and `/export/timeline.html` the
other formats of the same view. FastAPI is an
optional extra ("web"), so it is imported here only: nothing else in dateline needs it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from dateline import __version__
from dateline.model import Timeline
from dateline.render import render_timelinejs, timeline_to_dict
from dateline.render.page import View, render_page
from dateline.web_pages import PageLibrary, html_download, markdown_download, register

# provider(query, start, end, max_dates, sources) -> Timeline; `sources`: outlets, () for all
TimelineProvider = Callable[
    [str | None, dt.date | None, dt.date | None, int | None, tuple[str, ...]], Timeline
]

# Parameters arrive as strings and are parsed here, not by FastAPI: the page's search form
# (which must work without JavaScript) submits empty fields as "start=&max_dates=", and an
# empty field means "not set", not a 422.
_Q = Annotated[str | None, Query(description="words to look for; empty means everything")]
_START = Annotated[str | None, Query(description="first day to include (YYYY-MM-DD)")]
_END = Annotated[str | None, Query(description="last day to include (YYYY-MM-DD)")]
_MAX = Annotated[str | None, Query(description="at most this many dates (a positive integer)")]
_SOURCE = Annotated[
    list[str] | None, Query(description="only articles from this outlet (repeatable)")
]
_PICK = Annotated[str | None, Query(description="the chart's first chosen day (the page only)")]


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


def _parse_view(
    q: str | None,
    start: str | None,
    end: str | None,
    max_dates: str | None,
    source: list[str] | None = None,
    pick: str | None = None,
) -> View:
    """One request's parameters, checked once for every route."""
    query = q.strip() if q else None
    first, last = _parse_date("start", start), _parse_date("end", end)
    if first and last and first > last:
        raise HTTPException(400, f"start ({first}) is after end ({last})")
    sources = tuple(dict.fromkeys(s.strip() for s in source or () if s.strip()))
    return View(
        q=query or None,
        start=first,
        end=last,
        max_dates=_parse_max(max_dates),
        sources=sources,
        pick=_parse_date("pick", pick),
    )


def _view_of(request: Request) -> View:
    """The view in a request's URL, or the default one if it is not valid (an article's
    page does not depend on it; it only carries it back to the timeline)."""
    p = request.query_params
    try:
        return _parse_view(
            p.get("q"), p.get("start"), p.get("end"), p.get("max_dates"), p.getlist("source")
        )
    except HTTPException:
        return View()


def _error_page(view: View, exc: HTTPException) -> HTMLResponse:
    empty = Timeline(entries=[], articles=[], query=view.q)
    page = render_page(empty, view, error=str(exc.detail))
    return HTMLResponse(page, status_code=exc.status_code)


def create_app(timeline_provider: TimelineProvider, library: PageLibrary | None = None) -> FastAPI:
    """The web app over `timeline_provider`, which the caller wires to the core.
    `library` (the served articles) adds the article pages, the chart and the outlet filter."""
    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Browse a dated, source-attributed timeline built from news articles.",
    )
    register(app, library, _view_of)

    def timeline_of(view: View) -> Timeline:
        try:
            return timeline_provider(view.q, view.start, view.end, view.max_dates, view.sources)
        except ValueError as exc:
            # The core reports bad requests (an unparsable query, ...) as ValueError: the
            # user's fault, so a 400 with the message rather than a 500.
            raise HTTPException(400, str(exc)) from exc

    def get_timeline(
        q: str | None,
        start: str | None,
        end: str | None,
        max_dates: str | None,
        source: list[str] | None = None,
    ) -> Timeline:
        return timeline_of(_parse_view(q, start, end, max_dates, source))

    @app.get("/", response_class=HTMLResponse, summary="the timeline as a web page")
    def page(
        q: _Q = None,
        start: _START = None,
        end: _END = None,
        max_dates: _MAX = None,
        source: _SOURCE = None,
        pick: _PICK = None,
    ):
        try:
            view = _parse_view(q, start, end, max_dates, source, pick)
        except HTTPException as exc:
            # The form again, with what was typed, and the reason.
            typed = View(q=(q or "").strip() or None, sources=tuple(source or ()))
            return _error_page(typed, exc)
        try:
            timeline = timeline_of(view)
            volume = library.volume(view.q, view.sources) if library is not None else None
        except HTTPException as exc:
            return _error_page(view, exc)
        except ValueError as exc:
            return _error_page(view, HTTPException(400, str(exc)))
        return HTMLResponse(render_page(timeline, view, volume))

    @app.get("/api/timeline", summary="the timeline as a dateline.timeline/1 JSON document")
    def api_timeline(
        q: _Q = None,
        start: _START = None,
        end: _END = None,
        max_dates: _MAX = None,
        source: _SOURCE = None,
    ):
        return JSONResponse(timeline_to_dict(get_timeline(q, start, end, max_dates, source)))

    @app.get("/api/timelinejs", summary="the timeline as Knight Lab TimelineJS3 JSON")
    def api_timelinejs(
        q: _Q = None,
        start: _START = None,
        end: _END = None,
        max_dates: _MAX = None,
        source: _SOURCE = None,
    ):
        body = render_timelinejs(get_timeline(q, start, end, max_dates, source))
        return Response(body, media_type="application/json")

    @app.get("/export/timeline.md", summary="the timeline as a Markdown download")
    def export_markdown(
        q: _Q = None,
        start: _START = None,
        end: _END = None,
        max_dates: _MAX = None,
        source: _SOURCE = None,
    ):
        return markdown_download(get_timeline(q, start, end, max_dates, source))

    @app.get("/export/timeline.html", summary="the timeline as a standalone HTML download")
    def export_html(
        q: _Q = None,
        start: _START = None,
        end: _END = None,
        max_dates: _MAX = None,
        source: _SOURCE = None,
    ):
        return html_download(get_timeline(q, start, end, max_dates, source))

    return app
