"""The web app's pages beyond the JSON API: the timeline page with its chart and filters,
one page per article, the page's CSS and script, the Markdown and HTML downloads, and the
security headers every response carries.

`dateline.web.create_app` registers these; the article lookups and the chart's counts come
from a `PageLibrary`: `FileLibrary` over the articles the server loaded, `StoreLibrary`
over a database. An article is looked up by id, never opened: no path from a request
reaches the file system.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from dateline.model import Article, StoryVolume, Timeline
from dateline.render import render_html, render_markdown
from dateline.render.page import PAGE_ASSETS, View, asset, render_article, render_message

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


class PageLibrary(Protocol):
    """What the pages need besides timelines: one article by id, and a story's counts."""

    def article(self, article_id: str) -> Article | None: ...

    def volume(self, query: str | None, sources: Sequence[str]) -> StoryVolume: ...


class FileLibrary:
    """The articles the server loaded from files, by id."""

    def __init__(self, articles: Sequence[Article], keywords: Sequence[str] = ()) -> None:
        self._articles = list(articles)
        self._by_id = {a.id: a for a in self._articles}
        self._keywords = tuple(keywords)
        self._volume = lru_cache(maxsize=64)(self._compute)

    def article(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def volume(self, query: str | None, sources: Sequence[str]) -> StoryVolume:
        return self._volume(query, tuple(sources))

    def _compute(self, query: str | None, sources: tuple[str, ...]) -> StoryVolume:
        from dateline.timeline import query_terms
        from dateline.timeline.volume import story_volume

        return story_volume(self._articles, query_terms(query), sources, keywords=self._keywords)


class StoreLibrary:
    """A dateline database: articles by id and the counts from SQL."""

    def __init__(self, db: str | os.PathLike[str], keywords: Sequence[str] = ()) -> None:
        self._db = db
        self._keywords = tuple(keywords)
        self._volume = lru_cache(maxsize=64)(self._compute)

    def article(self, article_id: str) -> Article | None:
        from dateline.store import Store

        with Store(self._db, create=False) as store:
            return store.get(article_id)

    def volume(self, query: str | None, sources: Sequence[str]) -> StoryVolume:
        return self._volume(query, tuple(sources))

    def _compute(self, query: str | None, sources: tuple[str, ...]) -> StoryVolume:
        from dateline.store import Store

        with Store(self._db, create=False) as store:
            return store.volume(query, keywords=self._keywords, sources=sources)


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


def register(app: FastAPI, library: PageLibrary | None, parse_view: ViewParser) -> None:
    """The security headers, the assets and the article pages."""

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

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
        view = parse_view(request)
        found = library.article(article_id) if library is not None else None
        if found is None:
            message = f"No article has the id {article_id!r}."
            return HTMLResponse(
                render_message("Article not found", message, view, status=404), status_code=404
            )
        return HTMLResponse(render_article(found, view))


class ViewParser(Protocol):
    def __call__(self, request: Request) -> View: ...


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
