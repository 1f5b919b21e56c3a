"""The web app's pages beyond the timeline and the JSON API: one page per article, the
page's CSS and script, the Markdown and HTML downloads, and the security headers every
response carries.

`dateline.web.create_app` registers these. An article comes from the source
(`FileSource.article`: the articles the server loaded; `DatabaseSource.article`: the
store, by id): it is looked up, never opened, so no path from a request reaches the file
system.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from typing import Protocol

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from dateline.model import Article, Timeline
from dateline.render import render_html, render_markdown
from dateline.render.page import PAGE_ASSETS, View, asset, render_article, render_message
from dateline.request import RequestError, TimelineRequest

# Every response: nothing but this server's own files, no framing, no referrer leaks.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _hashes(page: str, tag: str) -> str:
    """CSP source expressions allowing exactly the inline <tag> blocks of `page`."""
    blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.S)
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() + "'"
        for b in blocks
    )


def html_download(timeline: Timeline) -> Response:
    """The standalone HTML file, as a download. Its own inline style and script are
    allowed by hash, nothing else: it works when opened from the server too."""
    page = render_html(timeline)
    csp = (
        f"default-src 'none'; style-src {_hashes(page, 'style') or chr(39) + 'none' + chr(39)};"
        f" script-src {_hashes(page, 'script') or chr(39) + 'none' + chr(39)}; img-src data:;"
        " base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return Response(
        page,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="timeline.html"',
            "Content-Security-Policy": csp,
        },
    )


def markdown_download(timeline: Timeline) -> Response:
    return Response(
        render_markdown(timeline),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="timeline.md"'},
    )


class ArticleSource(Protocol):
    """A source that can give one article by id (`dateline.source` sources can)."""

    def article(self, article_id: str) -> Article | None: ...


class PathHiding(Protocol):
    def path(self, value: str | None) -> str | None: ...

    def text(self, message: str) -> str: ...


def _view(request: Request) -> View:
    """The timeline view an article's URL carries, for its way back; a view that does not
    parse is dropped (the article does not depend on it)."""
    p = request.query_params
    try:
        req = TimelineRequest(
            query=p.get("q"),
            start=p.get("start"),
            end=p.get("end"),
            max_dates=p.get("max_dates"),
            sources=tuple(p.getlist("source")),
        )
    except RequestError:
        return View()
    return View(
        q=req.query, start=req.start, end=req.end, max_dates=req.max_dates, sources=req.sources
    )


def register(app: FastAPI, source: object, hide: PathHiding) -> None:
    """The page's assets and the article pages. Articles come from `source.article(id)`
    when the source has it; their paths are shown as `hide` makes them."""

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        # A fixed list of names served from the package: never a path.
        media = PAGE_ASSETS.get(name)
        if media is None:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response(
            asset(name), media_type=media, headers={"Cache-Control": "public, max-age=3600"}
        )

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, summary="one article")
    def article_page(article_id: str, request: Request) -> HTMLResponse:
        view = _view(request)
        lookup = getattr(source, "article", None)
        found = lookup(article_id) if lookup is not None else None
        if found is None:
            message = hide.text(f"No article has the id {article_id!r}.")
            page = render_message("Article not found", message, view, status=404)
            return HTMLResponse(page, status_code=404)
        quoted = request.query_params.get("s", "")
        index = int(quoted) if quoted.isdigit() and len(quoted) < 9 else None
        article = replace(found, path=hide.path(found.path))
        return HTMLResponse(render_article(article, view, index))


class RunningServer:
    """The app served by uvicorn on a free port of 127.0.0.1, in a background thread: for
    the browser tests, the screenshots and the page benchmark, which all need the real
    server (headers, routing, static files) rather than a test client.

        with RunningServer(app) as server:
            fetch(server.url + "/")
    """

    def __init__(self, app: FastAPI) -> None:
        import socket
        import threading

        import uvicorn

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> RunningServer:
        import time

        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
