"""A small FastAPI app for browsing a timeline in the browser.

    app = create_app(dateline.open("news.db"))     # any source: .timeline(TimelineRequest)

`GET /` is the same self-contained HTML page `dateline timeline --format html` writes, with
a search form added; every error it meets (a bad date, start after end, a query too long,
an unknown address) is an HTML page with the form too. `GET /api/timeline` is the
versioned JSON document, `GET /api/timelinejs` the TimelineJS3 one; their errors are JSON.
The request is parsed and validated by `dateline.request.TimelineRequest`, as the CLI's
is. FastAPI is an optional extra ("web"), so it is imported here only.

The app makes no external request: no Swagger UI or ReDoc (they load from a CDN), and
the page has no external resource. It answers only requests whose `Host` header names an
allowed host (by default the local names), against DNS rebinding; and it shows no
absolute server path, in the page or in an error.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Protocol

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline import __version__
from dateline.model import Timeline
from dateline.render import render_timelinejs, timeline_to_dict
from dateline.render.html import CONTENT_SECURITY_POLICY, render_html
from dateline.request import RequestError, TimelineRequest
from dateline.store import TooManyArticlesError


class TimelineSource(Protocol):
    def timeline(self, request: TimelineRequest) -> Timeline: ...


# The names a browser uses for this machine. A page on another site can point its own
# name at 127.0.0.1 (DNS rebinding) and then read the app as same-origin; its requests
# carry that other name in `Host`, and are refused.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# Addresses that mean "every interface": any Host header may be right then.
_WILDCARDS = frozenset({"0.0.0.0", "::", ""})

# Parameters arrive as strings and are parsed by TimelineRequest, not by FastAPI: the
# page's form (which must work without JavaScript) submits empty fields as
# "start=&max_dates=", and an empty field means "not set", not a 422.
_Q = Annotated[str | None, Query(description="words to look for; empty means everything")]
_START = Annotated[str | None, Query(description="first day to include (YYYY-MM-DD)")]
_END = Annotated[str | None, Query(description="last day to include (YYYY-MM-DD)")]
_MAX = Annotated[str | None, Query(description="at most this many dates (a positive integer)")]

# An absolute POSIX path in a message (after a space, a quote or a bracket, or at the
# start; not the "//host/path" of a URL).
_ABSOLUTE = re.compile(r"(?<![\w.~:/-])/[^\s'\"`<>()\[\],;]+")


def allowed_hosts(host: str | None) -> frozenset[str] | None:
    """The Host names to answer for a server bound to `host` (None: the default bind,
    127.0.0.1): the local names, and `host` itself; None (any) for a wildcard bind."""
    if host is None:
        return LOCAL_HOSTS
    name = host.strip().strip("[]").lower()
    if name in _WILDCARDS:
        return None
    return LOCAL_HOSTS | {name}


def _host_name(header: str) -> str:
    """'localhost:8000' -> 'localhost', '[::1]:8000' -> '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header.rstrip(".")


class PathHider:
    """Turns absolute server paths into what a reader may see: the path below the parent
    of the served folder (or file) that holds it, else the file name."""

    def __init__(self, roots: Iterable[Path] = ()) -> None:
        self.parents = sorted(
            (PurePosixPath(str(Path(r).absolute())).parent for r in roots),
            key=lambda p: len(p.parts),
            reverse=True,
        )

    def path(self, value: str | None) -> str | None:
        if not value or not value.startswith("/"):
            return value
        p = PurePosixPath(value)
        for parent in self.parents:
            if p.is_relative_to(parent) and p != parent:
                return str(p.relative_to(parent))
        return p.name or "."

    def text(self, message: str) -> str:
        return _ABSOLUTE.sub(lambda m: self.path(m.group(0)) or "", message)

    def timeline(self, timeline: Timeline) -> Timeline:
        def ref(r: Any) -> Any:
            return replace(r, path=self.path(r.path))

        return replace(
            timeline,
            articles=[ref(a) for a in timeline.articles],
            undated=[ref(a) for a in timeline.undated],
            problems=[
                replace(p, path=self.path(p.path) or "", message=self.text(p.message))
                for p in timeline.problems
            ],
        )


def create_app(
    source: TimelineSource,
    *,
    defaults: TimelineRequest | None = None,
    hosts: frozenset[str] | None = LOCAL_HOSTS,
    roots: Iterable[Path] | None = None,
) -> FastAPI:
    """The web app over `source` (`dateline.open(...)`, or anything with
    `.timeline(request)`).

    `defaults` is what the page shows before any search (`dateline serve --query ...`);
    a request that gives `q` (even empty) replaces its query and keywords. `hosts` are the
    Host names answered (None: any; see `allowed_hosts`). `roots` are the served folders,
    for showing article paths relative to them (default: the source's `roots`)."""
    defaults = defaults or TimelineRequest()
    hide = PathHider(roots if roots is not None else getattr(source, "roots", ()))
    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Browse a dated, source-attributed timeline built from news articles.",
        # Swagger UI and ReDoc load their scripts from a CDN: no page may do that.
        docs_url=None,
        redoc_url=None,
    )

    def make_request(
        q: str | None, start: str | None, end: str | None, max_dates: str | None
    ) -> TimelineRequest:
        max_given = max_dates is not None and bool(max_dates.strip())
        return TimelineRequest(
            query=defaults.query if q is None else q,
            keywords=defaults.keywords if q is None else (),
            start=start,
            end=end,
            max_dates=max_dates if max_given else defaults.max_dates,
            sentences_per_date=defaults.sentences_per_date,
        )

    def get_timeline(
        q: str | None, start: str | None, end: str | None, max_dates: str | None
    ) -> Timeline:
        return hide.timeline(source.timeline(make_request(q, start, end, max_dates)))

    def form_values(q: str | None, start: str | None, end: str | None, max_dates: str | None):
        # (Served keywords are not shown as a query: submitted, they would become one.)
        return {
            "q": defaults.query if q is None else q,
            "start": start,
            "end": end,
            "max_dates": max_dates if max_dates is not None else defaults.max_dates,
        }

    def error_page(status: int, message: str, search: dict[str, Any] | None = None) -> Response:
        """An HTML page with the search form and `message` (already free of server paths)."""
        page = render_html(
            Timeline(entries=[], articles=[]),
            search=search if search is not None else form_values(None, None, None, None),
            message=message,
        )
        return HTMLResponse(page, status_code=status)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api")

    @app.middleware("http")
    async def check_host(request: Request, call_next: Callable[[Request], Any]) -> Response:
        if hosts is not None and _host_name(request.headers.get("host", "")) not in hosts:
            return PlainTextResponse(
                "dateline: unknown Host header; this server answers only for "
                + ", ".join(sorted(hosts)),
                status_code=400,
            )
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(RequestError)
    async def bad_request(request: Request, exc: RequestError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": hide.text(str(exc))}, status_code=400)
        p = request.query_params
        search = form_values(p.get("q"), p.get("start"), p.get("end"), p.get("max_dates"))
        return error_page(400, hide.text(str(exc)), search)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = hide.text(str(exc.detail))
        if wants_json(request):
            return JSONResponse({"detail": detail}, status_code=exc.status_code)
        if exc.status_code == 404:
            # (The address is the reader's own, not a server path: shown as typed.)
            detail = f"There is no page at {request.url.path}; search the timeline instead."
        return error_page(exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message = "the request's parameters are not valid"
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=400)
        return error_page(400, message)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        # The details (and their paths) are for the server's log, not for the page.
        print(f"dateline: error answering {request.url.path}: {exc!r}", file=sys.stderr)
        message = "internal error; the server's log says more"
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=500)
        return error_page(500, message)

    @app.head("/", include_in_schema=False)
    def page_head() -> Response:
        # What a monitor or a link checker asks; building a timeline would be wasted.
        return Response(media_type="text/html; charset=utf-8")

    @app.get("/", response_class=HTMLResponse, summary="the timeline as a web page")
    def page(q: _Q = None, start: _START = None, end: _END = None, max_dates: _MAX = None):
        search = form_values(q, start, end, max_dates)  # echoed: the form shows the search
        try:
            timeline = get_timeline(q, start, end, max_dates)
        except TooManyArticlesError as exc:
            # A big database without a query: the landing page is a search page.
            what = hide.text(str(exc)).split(";", 1)[0]
            return error_page(200, f"{what}: type the words to look for above.", search)
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
