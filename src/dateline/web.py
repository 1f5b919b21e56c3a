"""A small FastAPI app for browsing a timeline in the browser.

    app = create_app(dateline.open("news.db"))     # any source: .timeline(TimelineRequest)

`GET /` is the timeline page (search, date range and outlet filters, a chart of the whole
story, export links; `dateline.render.page`); `GET /articles/{id}` one article with the
quoted sentence highlighted (`dateline.web_pages`); every error the page meets (a bad date,
start after end, a query too long, an unknown address) is an HTML page with the form too.
`GET /api/timeline` is the versioned JSON document, `GET /api/timelinejs` the TimelineJS3
one (their errors are JSON); `/export/timeline.md` and `/export/timeline.html` downloads.
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
from dateline.render.page import View, render_page
from dateline.request import RequestError, TimelineRequest, parse_date
from dateline.store import TooManyArticlesError
from dateline.web_pages import SECURITY_HEADERS, html_download, markdown_download, register


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
_SOURCE = Annotated[
    list[str] | None, Query(description="only articles from this outlet (repeatable)")
]
_PICK = Annotated[str | None, Query(description="the chart's first chosen day (the page only)")]
# What the downloads (`/api/...`, `/export/...`) take.
_EXPORT_PARAMS = frozenset({"q", "start", "end", "max_dates", "source"})

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
    source_ = source  # the routes' `source` parameter is the outlet filter
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
        q: str | None,
        start: str | None,
        end: str | None,
        max_dates: str | None,
        outlets: list[str] | None = None,
    ) -> TimelineRequest:
        max_given = max_dates is not None and bool(max_dates.strip())
        return TimelineRequest(
            query=defaults.query if q is None else q,
            keywords=defaults.keywords if q is None else (),
            start=start,
            end=end,
            max_dates=max_dates if max_given else defaults.max_dates,
            sentences_per_date=defaults.sentences_per_date,
            sources=tuple(outlets or ()),
        )

    def get_timeline(
        q: str | None,
        start: str | None,
        end: str | None,
        max_dates: str | None,
        outlets: list[str] | None = None,
    ) -> Timeline:
        return hide.timeline(source_.timeline(make_request(q, start, end, max_dates, outlets)))

    def view_of(request: TimelineRequest, q: str | None, pick: str | None = None) -> View:
        """What the page shows and its links carry: the request, with the search box as
        typed (or the served defaults)."""
        text = form_values(q, None, None, None)["q"]
        return View(
            q=text.strip() if isinstance(text, str) and text.strip() else None,
            start=request.start,
            end=request.end,
            max_dates=request.max_dates,
            sources=request.sources,
            pick=parse_date(pick, "pick"),
        )

    def form_values(q: str | None, start: str | None, end: str | None, max_dates: str | None):
        # (Served keywords are not shown as a query: submitted, they would become one.)
        return {
            "q": defaults.query if q is None else q,
            "start": start,
            "end": end,
            "max_dates": max_dates if max_dates is not None else defaults.max_dates,
        }

    def error_page(status: int, message: str, view: View | None = None) -> Response:
        """An HTML page with the search form and `message` (already free of server paths)."""
        if view is None:
            view = View(q=form_values(None, None, None, None)["q"])
        page = render_page(Timeline(entries=[], articles=[]), view, error=message)
        return HTMLResponse(page, status_code=status)

    def typed_view(request: Request) -> View:
        """The view of a request that could not be parsed: what was typed that still makes
        sense (the words, the outlets), for the form to show again."""
        p = request.query_params
        q = form_values(p.get("q"), None, None, None)["q"]
        return View(q=(q or "").strip() or None, sources=tuple(p.getlist("source")))

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
        for name, value in SECURITY_HEADERS.items():
            # setdefault: the HTML download sends its own policy (its inline style and
            # script allowed by hash).
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(RequestError)
    async def bad_request(request: Request, exc: RequestError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": hide.text(str(exc))}, status_code=400)
        return error_page(400, hide.text(str(exc)), typed_view(request))

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
    def page(
        q: _Q = None,
        start: _START = None,
        end: _END = None,
        max_dates: _MAX = None,
        source: _SOURCE = None,
        pick: _PICK = None,
    ):
        request = make_request(q, start, end, max_dates, source)
        view = view_of(request, q, pick)  # echoed: the form shows the search
        try:
            timeline = hide.timeline(source_.timeline(request))
        except TooManyArticlesError as exc:
            # A big database without a query: the landing page is a search page.
            what = hide.text(str(exc)).split(";", 1)[0]
            return error_page(200, f"{what}: type the words to look for above.", view)
        # The chart's counts, when the source can give them (files and databases can).
        volume = source_.volume(request) if hasattr(source_, "volume") else None
        return HTMLResponse(render_page(timeline, view, volume))

    def export(respond: Callable[[Timeline], Response]) -> Callable[..., Response]:
        def endpoint(
            http: Request,
            q: _Q = None,
            start: _START = None,
            end: _END = None,
            max_dates: _MAX = None,
            source: _SOURCE = None,
        ) -> Response:
            # A program's request: a misspelt parameter (`query=` for `q=`) would be
            # ignored and the whole timeline sent, as if it had been asked for.
            unknown = sorted(set(http.query_params) - _EXPORT_PARAMS)
            if unknown:
                raise RequestError(
                    f"unknown parameter {unknown[0]!r}; the parameters are "
                    + ", ".join(sorted(_EXPORT_PARAMS)),
                    unknown[0],
                )
            return respond(get_timeline(q, start, end, max_dates, source))

        return endpoint

    # The same view in every format: the page's download links point here.
    for path, summary, respond in (
        (
            "/api/timeline",
            "the timeline as a dateline.timeline/1 JSON document",
            lambda t: JSONResponse(timeline_to_dict(t)),
        ),
        (
            "/api/timelinejs",
            "the timeline as Knight Lab TimelineJS3 JSON",
            lambda t: Response(render_timelinejs(t), media_type="application/json"),
        ),
        ("/export/timeline.md", "the timeline as a Markdown download", markdown_download),
        ("/export/timeline.html", "the timeline as a standalone HTML download", html_download),
    ):
        app.get(path, summary=summary)(export(respond))

    register(app, source_, hide)

    return app
