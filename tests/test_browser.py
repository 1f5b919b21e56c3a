"""The web page in a real browser: Playwright driving Debian's chromium against the real
server (uvicorn on a free port) over the seeds, a Timeline17 collection and one hostile
article.

Skipped when chromium or Playwright is missing, unless DATELINE_REQUIRE_BROWSER=1 (set by
`.ci/run`), which turns the skip into a failure: in CI these tests must run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

pytest.importorskip("fastapi")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
REQUIRED = os.environ.get("DATELINE_REQUIRE_BROWSER") == "1"


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason}, and DATELINE_REQUIRE_BROWSER=1 says the browser tests must run")
    pytest.skip(reason)


try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None

pytestmark = pytest.mark.shared

HOSTILE = {
    "id": "hostile",
    "title": "<script>window.__xss = 'title'</script> Zanzibar port <img src=x onerror=alert(1)>",
    "url": "javascript:window.__xss='url'",
    "source": "<b onmouseover=alert(1)>Evil Wire</b>",
    "date": "2019-03-04",
    "text": (
        "The Zanzibar harbour flooded on 3 March 2019 <script>window.__xss = 'text'</script>. "
        "Officials said the Zanzibar quay <img src=x onerror=\"window.__xss='img'\"> "
        "reopened on 4 March 2019 after pumps ran all night.\n\n"
        "A report on Zanzibar trade is due on 11 March 2019, "
        "<a href=\"javascript:window.__xss='link'\">click here</a>."
    ),
}


@pytest.fixture(scope="module")
def served(seeds_dir: Path, t17_dir: Path, tmp_path_factory) -> Iterator[str]:
    import dateline
    from dateline.web import create_app
    from dateline.web_pages import RunningServer

    extra = tmp_path_factory.mktemp("hostile") / "hostile.jsonl"
    extra.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    source = dateline.open([seeds_dir, t17_dir / "H1N1_bbc", t17_dir / "H1N1_guardian", extra])
    assert source.article("hostile") is not None, source.problems
    app = create_app(source)
    with RunningServer(app) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if sync_playwright is None:
        _unavailable("Playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page with everything that went wrong on it: console errors, uncaught errors,
    failed requests, requests to anywhere but the server, and dialogs (an alert() would
    mean injected script ran)."""

    def __init__(self, page: Page, base: str) -> None:
        self.page, self.base = page, base
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

        def outside(route) -> None:
            self.errors.append(f"external request: {route.request.url}")
            route.abort()

        page.route(re.compile(rf"^(?!{re.escape(base)}/).*"), outside)

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, (path, response and response.status)

    def quotes(self) -> list[str]:
        return self.page.locator(".quote a").all_inner_texts()

    def dates(self) -> list[dt.date]:
        values = self.page.locator(".entry .when time").evaluate_all(
            "els => els.map(e => e.getAttribute('datetime'))"
        )
        return [dt.date.fromisoformat(v) for v in values]

    def published(self) -> list[dt.date]:
        """The publication dates in the attributions of the quoted sentences."""
        values = self.page.locator(".sentences .by time").evaluate_all(
            "els => els.map(e => e.getAttribute('datetime'))"
        )
        return [dt.date.fromisoformat(v) for v in values]


@pytest.fixture
def page(browser: Browser, served: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page(), served)
    yield watched
    context.close()
    assert watched.errors == []


def test_page_loads_with_chart_timeline_and_exports(page: Watched):
    page.goto("/")
    p = page.page
    assert p.locator("h1").inner_text().startswith("Timeline")
    assert p.locator("main#main").count() == 1
    assert p.get_by_role("search").count() == 1
    assert p.locator("svg.chart a.bar").count() > 10
    assert len(page.dates()) >= 5
    exports = p.locator("nav.exports a").evaluate_all("els => els.map(e => e.href)")
    assert [urlparse(u).path for u in exports] == [
        "/api/timeline", "/export/timeline.md", "/export/timeline.html", "/api/timelinejs",
    ]  # fmt: skip


def test_search_narrows_to_the_query(page: Watched):
    page.goto("/")
    before = page.quotes()
    page.page.get_by_label("Search", exact=True).fill("vaccine")
    page.page.get_by_role("button", name="Show").click()
    page.page.wait_for_url("**/?q=vaccine*")
    after = page.quotes()
    assert after and after != before
    assert all("vaccine" in q.lower() for q in after)
    # The export links carry exactly this view.
    href = page.page.get_by_role("link", name="JSON").get_attribute("href")
    assert parse_qs(urlparse(href).query) == {"q": ["vaccine"]}
    doc = page.page.request.get(page.base + href).json()
    assert [e["date"] for e in doc["entries"]] == [d.isoformat() for d in page.dates()]


def test_date_range_narrows_to_the_window(page: Watched):
    page.goto("/")
    page.page.get_by_label("From", exact=True).fill("2009-05-01")
    page.page.get_by_label("To", exact=True).fill("2009-05-31")
    page.page.get_by_role("button", name="Show").click()
    page.page.wait_for_url("**start=2009-05-01*")
    published = page.published()
    assert published
    # Articles count when published in the window or the day after its end.
    assert all(dt.date(2009, 5, 1) <= d <= dt.date(2009, 6, 1) for d in published)
    assert 2019 not in {d.year for d in page.dates()}


def test_outlet_filter_keeps_only_that_outlet(page: Watched):
    page.goto("/?q=vaccine")
    before = set(page.page.locator(".sentences .by .outlet").all_inner_texts())
    assert before == {"BBC", "The Guardian"}
    page.page.get_by_role("checkbox", name=re.compile("The Guardian")).check()
    page.page.get_by_role("button", name="Show").click()
    page.page.wait_for_url("**source=The+Guardian*")
    shown = page.page.locator(".sentences .by .outlet").all_inner_texts()
    assert shown and set(shown) == {"The Guardian"}
    assert all("vaccine" in q.lower() for q in page.quotes())
    assert page.page.get_by_role("checkbox", name=re.compile("The Guardian")).is_checked()
    # A chip says the filter is on; removing it brings the other outlet back.
    page.page.get_by_role("link", name="Remove The Guardian").click()
    page.page.wait_for_url("**/?q=vaccine")
    assert set(page.page.locator(".sentences .by .outlet").all_inner_texts()) == before


def test_clicking_a_sentence_opens_its_article_with_it_highlighted(page: Watched):
    page.goto("/?q=flu")
    # (a visible one: since issue 14 a date's further reports sit in a closed <details>)
    link = page.page.locator(".quote a:visible").nth(3)
    text = link.inner_text()
    link.click()
    page.page.wait_for_url("**/articles/**")
    url = urlparse(page.page.url)
    assert url.fragment.startswith("s-")
    assert parse_qs(url.query) == {"q": ["flu"], "s": [url.fragment[2:]]}
    target = page.page.locator(f"#{url.fragment}")
    assert target.inner_text() == text
    assert target.evaluate("e => e.matches(':target')")
    background = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert target.is_visible() and target.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    # Only this sentence is highlighted, and marked for a screen reader.
    assert page.page.locator(".s:target").count() == 1
    assert page.page.locator("article mark").all_inner_texts() == [text]
    assert page.page.locator("dl.article-meta").inner_text().count("Published") == 1
    # Back to the same view.
    page.page.get_by_role("link", name="Back to the timeline").click()
    page.page.wait_for_url("**/?q=flu")


def _bars_with_articles(page: Watched) -> list[int]:
    return page.page.locator("svg.chart a.bar").evaluate_all(
        "els => els.map((e, i) => [i, parseFloat(e.querySelector('.pub').getAttribute('height'))])"
        ".filter(x => x[1] > 0).map(x => x[0])"
    )


def test_choosing_a_range_on_the_chart_narrows_the_list(page: Watched):
    page.goto("/?q=flu")
    before = page.dates()
    bars = page.page.locator("svg.chart a.bar")
    full = _bars_with_articles(page)
    assert len(full) > 4
    a, b = full[1], full[len(full) // 2]
    first = bars.nth(a).get_attribute("data-first")
    last = bars.nth(b).get_attribute("data-last")
    # No JavaScript needed: one bar, then another (keyboard: focus and Enter).
    bars.nth(a).focus()
    page.page.keyboard.press("Enter")
    page.page.wait_for_url("**pick=*")
    assert page.page.get_by_role("status").inner_text().startswith("From ")
    page.page.locator("svg.chart a.bar").nth(b).click()
    page.page.wait_for_url("**end=*")
    query = parse_qs(urlparse(page.page.url).query)
    assert query == {"q": ["flu"], "start": [first], "end": [last]}
    after = page.dates()
    assert after and after != before and len(after) <= len(before)
    lo, hi = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    assert all(lo <= d <= hi + dt.timedelta(days=1) for d in page.published())
    assert page.page.locator("svg.chart a.bar.out").count() > 0


def test_dragging_across_the_chart_chooses_a_range(page: Watched):
    page.goto("/?q=flu")
    full = _bars_with_articles(page)
    bars = page.page.locator("svg.chart a.bar")
    a, b = full[0], full[len(full) // 3]
    start, end = bars.nth(a).bounding_box(), bars.nth(b).bounding_box()
    y = start["y"] + start["height"] / 2
    page.page.mouse.move(start["x"] + start["width"] / 2, y)
    page.page.mouse.down()
    page.page.mouse.move(end["x"] + end["width"] / 2, y, steps=8)
    page.page.mouse.up()
    page.page.wait_for_url("**end=*")
    query = parse_qs(urlparse(page.page.url).query)
    assert query["start"] == [bars.nth(a).get_attribute("data-first")]
    assert query["end"] == [bars.nth(b).get_attribute("data-last")]


@pytest.mark.parametrize("path", ["/", "/?q=vaccine&source=The+Guardian", "/?q=Zanzibar"])
def test_nothing_scrolls_sideways_on_a_phone(browser: Browser, served: str, path: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = Watched(context.new_page(), served)
    page.goto(path)
    widths = "() => [document.documentElement.scrollWidth, window.innerWidth]"
    scroll, inner = page.page.evaluate(widths)
    assert inner == 390 and scroll <= inner
    page.page.locator(".quote a").first.click()
    page.page.wait_for_url("**/articles/**")
    scroll, inner = page.page.evaluate(widths)
    assert scroll <= inner
    context.close()
    assert page.errors == []


def test_hostile_article_shows_its_payloads_as_text_and_links_nowhere(page: Watched):
    page.goto("/?q=Zanzibar")
    p = page.page
    quotes = page.quotes()
    assert any("<script>window.__xss = 'text'</script>" in q for q in quotes), quotes
    assert p.evaluate("() => window.__xss") is None
    assert p.locator("main img, main script, main [onerror], main [onmouseover]").count() == 0
    assert "<b onmouseover=alert(1)>Evil Wire</b>" in p.locator(".by .outlet").first.inner_text()
    assert p.locator("a[href^='javascript' i]").count() == 0
    p.locator(".quote a").first.click()
    p.wait_for_url("**/articles/hostile**")
    assert p.locator("h1").inner_text().startswith("<script>window.__xss = 'title'</script>")
    assert "onerror=\"window.__xss='img'\"" in p.locator("article.text").inner_text()
    # The URL is shown, as text: not a link.
    meta = p.locator("dl.article-meta")
    assert "javascript:window.__xss='url'" in meta.inner_text()
    assert meta.locator("a").count() == 0
    assert p.locator("a[href^='javascript' i]").count() == 0
    assert p.locator("main img, main script, main [onerror], main a[href*='xss']").count() == 0
    assert p.evaluate("() => window.__xss") is None


def test_keyboard_skip_link_and_labels(page: Watched):
    page.goto("/")
    p = page.page
    p.keyboard.press("Tab")
    assert p.evaluate("() => document.activeElement.textContent") == "Skip to content"
    p.keyboard.press("Enter")
    assert p.evaluate("() => location.hash") == "#main"
    # The chart's bars are many links: one more Tab past the form offers to skip them.
    p.get_by_role("button", name="Show").focus()
    for _ in range(12):
        p.keyboard.press("Tab")
        if p.evaluate("() => document.activeElement.className") == "skip-chart":
            break
    assert p.evaluate("() => document.activeElement.textContent") == "Skip the chart"
    p.keyboard.press("Enter")
    assert p.evaluate("() => location.hash") == "#timeline"
    # Every form control has a label a screen reader announces.
    unlabeled = p.locator("form input").evaluate_all(
        "els => els.filter(e => !(e.labels && e.labels.length)).map(e => e.name)"
    )
    assert unlabeled == []
    headings = p.locator("h1, h2").all_inner_texts()
    assert "The story at a glance" in headings and "Sources" in headings


def test_dark_mode_follows_the_system(browser: Browser, served: str):
    colours = []
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = Watched(context.new_page(), served)
        page.goto("/")
        colours.append(page.page.evaluate("() => getComputedStyle(document.body).backgroundColor"))
        context.close()
        assert page.errors == []
    light, dark = (sum(map(int, re.findall(r"\d+", c)[:3])) for c in colours)
    assert light > 600 and dark < 150
