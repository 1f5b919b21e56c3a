"""The page's server side without a browser: article pages from files and from a database,
the chart's counts (the same from articles and from SQL), the outlet filter, the downloads,
the security headers, and that no request path reaches the file system."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

import dateline
from conftest import BACKENDS, make_db_factory
from dateline.model import ArticleRef, Event, Timeline, TimelineEntry, TimelineSentence
from dateline.render.chart import periods, unit_for
from dateline.render.page import EVENT_REPORTS_SHOWN, View, render_page
from dateline.request import RequestError, TimelineRequest
from dateline.web import create_app
from dateline.web_pages import CSP


def client_for(source) -> TestClient:
    return TestClient(create_app(source), base_url="http://localhost:8000")


@pytest.fixture(scope="module")
def corpus_paths(seeds_dir: Path, t17_dir: Path) -> list[Path]:
    return [seeds_dir, t17_dir / "H1N1_guardian"]


@pytest.fixture(scope="module")
def files(corpus_paths):
    source = dateline.open(corpus_paths)
    source.load()
    return source


@pytest.fixture(scope="module", params=BACKENDS)
def database(corpus_paths, tmp_path_factory, request):
    # Each test that takes it runs on an SQLite file and on PostgreSQL (a URL).
    from dateline.read import read_paths
    from dateline.store import Store

    db = make_db_factory(request, str(request.param), tmp_path_factory.mktemp("db"))("news")
    with Store(db) as store:
        store.ingest(read_paths(corpus_paths))
    return dateline.open(db)


@pytest.mark.shared
def test_chart_counts_are_the_same_from_articles_and_from_sql(files, database):
    for sources in ((), ("The Guardian",)):
        request = TimelineRequest(sources=sources)
        a, b = files.volume(request), database.volume(request)
        assert a.published and a.mentions
        assert (a.published, a.mentions, a.article_count) == (
            b.published, b.mentions, b.article_count,
        )  # fmt: skip
        assert a.outlets == b.outlets == {"The Guardian": 75, "UPI": 1, "Yonhap": 1}
    # The seeds are from other outlets (or none): choosing the Guardian leaves them out.
    everything = files.volume(TimelineRequest())
    guardian = files.volume(TimelineRequest(sources=("The Guardian",)))
    assert everything.article_count == guardian.article_count + 3
    assert everything.published[dt.date(2019, 2, 28)] == 1
    assert dt.date(2019, 2, 28) not in guardian.published
    # By hand: every day-precise mention of every article, a near-duplicate's not again.
    by_hand: dict[dt.date, int] = {}
    for art in files.articles:
        if art.duplicate_of is not None:
            continue
        for s in art.sentences:
            for m in s.mentions:
                if m.day:
                    by_hand[m.day] = by_hand.get(m.day, 0) + 1
    assert everything.mentions == dict(sorted(by_hand.items()))
    # A query: only the articles with its words.
    kim = files.volume(TimelineRequest(query="Kim Jong Un"))
    assert kim.article_count == 3 and kim.outlets == {"UPI": 1, "Yonhap": 1}


@pytest.mark.shared
@pytest.mark.parametrize("kind", ["files", "database"])
def test_article_page_highlights_the_quoted_sentence(kind, files, database):
    source = files if kind == "files" else database
    client = client_for(source)
    page = client.get("/", params={"q": "Kim Jong Un"})
    assert page.status_code == 200
    links = re.findall(r'<p class="quote"><a href="(/articles/[^"]+)">([^<]+)</a>', page.text)
    assert links
    href, text = links[0]
    path, fragment = href.split("#")
    assert fragment.startswith("s-")
    article = client.get(path.replace("&amp;", "&"))
    assert article.status_code == 200
    # The sentence the timeline quoted is the one the anchor names.
    match = re.search(rf'<mark class="s" id="{fragment}">([^<]*)</mark>', article.text)
    assert match and match.group(1) == text
    assert article.text.count("<mark") == 1
    assert f'<a href="#{fragment}">Go to the sentence the timeline quotes</a>' in article.text
    # Without s=, nothing is marked (the #s-N fragment alone still highlights it).
    plain = client.get(path.replace("&amp;", "&").split("?")[0])
    assert plain.status_code == 200 and "<mark" not in plain.text
    assert f'<span class="s" id="{fragment}">' in plain.text
    assert "Back to the timeline" in article.text and 'href="/?q=Kim+Jong+Un"' in article.text
    assert "Published" in article.text
    # No absolute server path on the page.
    assert str(Path(__file__).resolve().parents[2]) not in article.text


@pytest.mark.shared
def test_outlet_filter_reaches_every_format(files, database):
    for source in (files, database):
        client = client_for(source)
        doc = client.get("/api/timeline", params={"q": "flu", "source": "The Guardian"}).json()
        assert doc["entries"] and {a["source"] for a in doc["articles"]} == {"The Guardian"}
        none = client.get("/api/timeline", params={"q": "flu", "source": "Nobody"}).json()
        assert none["entries"] == []
    client = client_for(files)
    page = client.get("/", params=[("q", "flu"), ("source", "The Guardian")])
    assert 'value="The Guardian" checked' in page.text
    # The export links carry exactly this view.
    for link in ("/api/timeline", "/export/timeline.md", "/export/timeline.html"):
        assert f'href="{link}?q=flu&amp;source=The+Guardian"' in page.text


def test_request_sources_are_validated_once():
    assert TimelineRequest(sources=(" BBC ", "", "BBC", "UPI")).sources == ("BBC", "UPI")
    with pytest.raises(RequestError, match="outlets given"):
        TimelineRequest(sources=tuple(f"o{i}" for i in range(101)))


@pytest.mark.shared
def test_downloads(files):
    client = client_for(files)
    md = client.get("/export/timeline.md", params={"q": "Kim Jong Un"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert 'filename="timeline.md"' in md.headers["content-disposition"]
    assert "2019-02-28" in md.text
    page = client.get("/export/timeline.html", params={"q": "Kim Jong Un"})
    assert 'filename="timeline.html"' in page.headers["content-disposition"]
    # Its own inline style and script are allowed by hash, and nothing else is.
    csp = page.headers["content-security-policy"]
    assert "unsafe-inline" not in csp
    for tag in ("style", "script"):
        for block in re.findall(rf"<{tag}>(.*?)</{tag}>", page.text, flags=re.S):
            digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in csp


def test_every_response_has_the_security_headers_and_no_path_is_opened(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not serve me", encoding="utf-8")
    source = dateline.open([])  # no article at all
    client = client_for(source)
    for path in (
        "/", "/static/page.css", "/static/page.js", "/static/../web.py", "/static/x.html",
        "/articles/nope", f"/articles/{secret}", f"/articles/..%2F..%2F{secret.name}",
        "/api/timeline", "/nowhere",
    ):  # fmt: skip
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "do not serve me" not in r.text
    assert client.get("/static/page.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/../web.py").status_code == 404
    missing = client.get(f"/articles/{secret}")
    assert missing.status_code == 404 and "Article not found" in missing.text
    assert str(tmp_path) not in missing.text
    # The page loads only its own CSS and script, no inline script or style at all.
    page = client.get("/").text
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/page.js" defer>']
    assert "<style" not in page and " style=" not in page
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


def test_chart_periods_and_links():
    from dateline.model import StoryVolume

    volume = StoryVolume(
        published={dt.date(2010, 1, 12): 3, dt.date(2010, 1, 14): 1},
        mentions={dt.date(2010, 1, 12): 5, dt.date(2009, 1, 1): 9},
        article_count=4,
    )
    # Over the coverage (the days published), whatever the marks and mentions say.
    unit, bars = periods(volume, [dt.date(2010, 1, 15), dt.date(1929, 10, 24)])
    assert unit == "day" and [b.first.day for b in bars] == [12, 13, 14]
    assert [b.published for b in bars] == [3, 0, 1]
    assert [b.mentions for b in bars] == [5, 0, 0]  # 2009 is outside the coverage
    # At most MAX_BARS bars, whatever the span.
    assert unit_for(dt.date(2010, 1, 1), dt.date(2010, 5, 10)) == "day"
    assert unit_for(dt.date(2010, 1, 1), dt.date(2010, 12, 31)) == "week"
    assert unit_for(dt.date(2008, 1, 1), dt.date(2010, 12, 31)) == "month"
    assert unit_for(dt.date(1900, 1, 1), dt.date(2010, 12, 31)) == "year"
    long = StoryVolume(published={dt.date(1990, 5, 5): 1, dt.date(2010, 3, 3): 2})
    unit, bars = periods(long)
    assert unit == "year" and len(bars) == 21 and sum(b.published for b in bars) == 3
    timeline = Timeline(
        entries=[TimelineEntry(dt.date(2010, 1, 12), [TimelineSentence("Quake.", "a", 0)])],
        articles=[ArticleRef("a", None, None, None, None, dt.date(2010, 1, 12), "path")],
    )
    # First choice: the bar links keep the view and add pick=.
    page = render_page(timeline, View(q="quake"), volume)
    assert 'href="/?q=quake&amp;pick=2010-01-13"' in page
    # Second choice: each bar makes the range from the picked day to itself.
    picked = render_page(timeline, View(q="quake", pick=dt.date(2010, 1, 13)), volume)
    assert 'href="/?q=quake&amp;start=2010-01-12&amp;end=2010-01-13"' in picked
    assert 'href="/?q=quake&amp;start=2010-01-13&amp;end=2010-01-14"' in picked
    assert 'role="status"' in picked and "now choose where the range ends" in picked
    # The chosen range is shaded, the rest dimmed.
    narrowed = render_page(
        timeline, View(start=dt.date(2010, 1, 12), end=dt.date(2010, 1, 12)), volume
    )
    assert narrowed.count('class="bar in"') == 1 and narrowed.count('class="bar out"') == 2


def test_events_show_how_many_sources_reported_them_and_nothing_when_absent():
    refs = [
        ArticleRef("a", "A", None, None, "BBC", dt.date(2010, 1, 12), "path"),
        ArticleRef("b", "B", None, None, "Reuters", dt.date(2010, 1, 12), "path"),
    ]
    quoted = TimelineSentence("Quake hits.", "a", 0)
    entry = TimelineEntry(dt.date(2010, 1, 12), [quoted])
    plain = render_page(Timeline(entries=[entry], articles=refs), View())
    assert "reported by" not in plain and "<details" not in plain
    other = TimelineSentence("A quake hit the capital.", "b", 2)
    unknown = TimelineSentence("Not listed.", "zzz", 1)  # an article the timeline lacks
    event = Event(entry.date, quoted, [quoted, other, unknown], ["a", "b"], ["BBC", "Reuters"])
    with_events = TimelineEntry(entry.date, [quoted], events=[event])
    page = render_page(Timeline(entries=[with_events], articles=refs), View())
    assert '<details class="event"><summary>reported by 2 sources</summary>' in page
    assert page.count('href="/articles/b?s=2#s-2"') == 1 and "Not listed." not in page
    # One report only: said, with nothing to open.
    alone = Event(entry.date, quoted, [quoted], ["a"], ["BBC"])
    with_events.events = [alone]
    page = render_page(Timeline(entries=[with_events], articles=refs), View())
    assert '<p class="event">reported by 1 source</p>' in page and "<details" not in page


def test_a_big_event_folds_out_a_few_reports_and_lists_only_what_it_shows():
    # A wire story copied across a big store: one event, forty articles.
    day = dt.date(2010, 1, 12)
    refs = [ArticleRef(f"a{i}", f"T{i}", None, None, "AP", day, "path") for i in range(40)]
    reports = [TimelineSentence(f"Quake hits, report {i}.", f"a{i}", 0) for i in range(40)]
    event = Event(day, reports[0], reports, [r.article_id for r in reports], ["AP"])
    entry = TimelineEntry(day, [reports[0]], events=[event])
    page = render_page(Timeline(entries=[entry], articles=refs, article_count=40), View())
    assert "reported by 1 source" in page
    shown = [i for i in range(40) if f"report {i}." in page]
    assert shown == list(range(EVENT_REPORTS_SHOWN + 1))
    assert page.count('id="src-') == EVENT_REPORTS_SHOWN + 1


@pytest.mark.shared
def test_page_weight_is_small(files):
    client = client_for(files)
    page = client.get("/", params={"q": "flu"})
    total = len(page.content) + sum(
        len(client.get(f"/static/{n}").content) for n in ("page.css", "page.js")
    )
    assert total < 300_000  # bytes: the page and everything it loads


def test_a_near_duplicate_counts_for_its_outlet_but_the_story_once(tmp_path: Path):
    from dateline.read import read_paths
    from dateline.store import Store

    story = (
        "The harbour authority said on 3 March 2019 that the northern quay would close for "
        "repairs after storms damaged its pilings, and that ferries would use the southern "
        "berths until 20 March 2019. Shipping firms said delays of a day were likely. "
    ) * 4
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"id": i, "text": story + tail, "source": outlet, "date": day})
            for i, outlet, day, tail in (
                ("w1", "Wire", "2019-03-03", ""),
                ("w2", "Daily", "2019-03-04", "The Daily adds: the quay is old."),
            )
        )
        + "\n",
        encoding="utf-8",
    )
    files = dateline.open([corpus])
    assert [a.duplicate_of for a in files.articles] == [None, "w1"]
    db = tmp_path / "news.db"
    with Store(db) as store:
        store.ingest(read_paths([corpus]))
    for source in (files, dateline.open(db)):
        v = source.volume(TimelineRequest())
        assert v.outlets == {"Daily": 1, "Wire": 1}
        assert v.published == {dt.date(2019, 3, 3): 1} and v.article_count == 1
        assert v.mentions == {dt.date(2019, 3, 3): 4, dt.date(2019, 3, 20): 4}


def test_outlet_filter_offers_the_biggest_outlets_and_every_chosen_one():
    from dateline.model import StoryVolume
    from dateline.render.page import MAX_OUTLETS

    outlets = {f"Outlet {i}": 1000 - i for i in range(MAX_OUTLETS + 20)}
    volume = StoryVolume(published={dt.date(2010, 1, 1): 1}, outlets=outlets)
    chosen = (f"Outlet {MAX_OUTLETS + 5}", "Gone")  # a small one, and one with no article
    page = render_page(Timeline([], []), View(sources=chosen), volume)
    assert page.count('type="checkbox"') == MAX_OUTLETS + 2
    assert f'value="Outlet {MAX_OUTLETS + 5}" checked' in page and 'value="Gone" checked' in page
    assert 'value="Outlet 0">' in page and f'value="Outlet {MAX_OUTLETS + 6}"' not in page
    assert "and 19 smaller outlets" in page


def test_the_app_is_read_only():
    client = client_for(dateline.open([]))
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for path in ("/", "/api/timeline", "/articles/x", "/static/page.css"):
            r = client.request(method, path)
            assert r.status_code == 405, (method, path, r.status_code)
    routes = {(m, r.path) for r in client.app.routes for m in getattr(r, "methods", ()) or ()}
    assert {m for m, _ in routes} <= {"GET", "HEAD"}


def test_database_chart_counts_are_reused_until_the_database_changes(tmp_path: Path):
    from dateline.read import read_paths
    from dateline.store import Store

    def write(name: str, day: str) -> Path:
        path = tmp_path / f"{name}.jsonl"
        text = f"The {name} council met on {day} and agreed a budget for the new bridge."
        path.write_text(json.dumps({"id": name, "text": text, "date": day}) + "\n")
        return path

    db = tmp_path / "news.db"
    with Store(db) as store:
        store.ingest(read_paths([write("north", "2019-03-03")]))
    source = dateline.open(db)
    request = TimelineRequest(query="council")
    first = source.volume(request)
    assert first.published == {dt.date(2019, 3, 3): 1}
    # Another window of the same view: the same counts, computed once.
    assert source.volume(TimelineRequest(query="council", start="2019-03-03")) is first
    with Store(db) as store:
        store.ingest(read_paths([write("south", "2019-03-05")]))
    after = source.volume(request)
    assert after.published == {dt.date(2019, 3, 3): 1, dt.date(2019, 3, 5): 1}
