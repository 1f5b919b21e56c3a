"""The FastAPI app: the HTML page and the JSON API over a timeline provider."""

from __future__ import annotations

import datetime as dt
import html
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from dateline.model import ArticleRef, Timeline, TimelineEntry, TimelineSentence
from dateline.render import timeline_from_dict
from dateline.request import RequestError, TimelineRequest
from dateline.web import create_app

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "dateline-timeline-1.schema.json"


def _timeline(query: str | None) -> Timeline:
    ref = ArticleRef(
        "a1", "Talks end", "corpus/a1.txt", "https://example.org/a1", "Harbor Gazette",
        dt.date(2019, 2, 28), "metadata",
    )  # fmt: skip
    return Timeline(
        entries=[
            TimelineEntry(
                dt.date(2019, 2, 28),
                [TimelineSentence("Talks ended early <b>without</b> a deal.", "a1", 3)],
                score=1.5,
            )
        ],
        articles=[ref],
        query=query,
        keywords=("talks",),
        article_count=1,
    )


class Provider:
    """A source that records every request it is asked (query, start, end, max_dates)."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def timeline(self, request: TimelineRequest) -> Timeline:
        query = request.query
        self.calls.append((query, request.start, request.end, request.max_dates))
        if query == "bad":
            raise RequestError("cannot search for that")
        if query == "nothing":
            return Timeline(entries=[], articles=[], query=query)
        return _timeline(query)


@pytest.fixture
def provider() -> Provider:
    return Provider()


def local_client(app) -> TestClient:
    # The Host header a browser on this machine sends (the app refuses other names).
    return TestClient(app, base_url="http://localhost:8000")


@pytest.fixture
def client(provider) -> TestClient:
    return local_client(create_app(provider))


def test_page_serves_the_html_timeline(client, provider):
    r = client.get("/", params={"q": "talks", "start": "2019-02-01", "max_dates": "5"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert provider.calls == [("talks", dt.date(2019, 2, 1), None, 5)]
    page = r.text
    assert "Talks ended early &lt;b&gt;without&lt;/b&gt; a deal." in page
    assert '<time datetime="2019-02-28"' in page
    # The search form echoes the current values.
    assert 'name="q" value="talks"' in page and 'name="start" value="2019-02-01"' in page
    assert 'name="max_dates" value="5"' in page


def test_empty_form_fields_mean_not_set(client, provider):
    # What the page's form submits when only the search box is filled in.
    r = client.get("/?q=&start=&end=&max_dates=")
    assert r.status_code == 200
    assert provider.calls == [(None, None, None, None)]


def test_search_text_is_escaped_in_the_page(client):
    r = client.get("/", params={"q": '"><script>x</script>'})
    assert r.status_code == 200
    assert "<script>x</script>" not in r.text
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in r.text


def test_page_with_no_results(client):
    r = client.get("/", params={"q": "nothing"})
    assert r.status_code == 200 and "No dated events found for “nothing”." in r.text


def test_api_returns_the_versioned_document(client, provider):
    r = client.get(
        "/api/timeline",
        params={"q": " talks ", "start": "2019-02-01", "end": "2019-03-31", "max_dates": 2},
    )
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert provider.calls == [("talks", dt.date(2019, 2, 1), dt.date(2019, 3, 31), 2)]
    doc = r.json()
    jsonschema.validate(doc, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert timeline_from_dict(doc) == _timeline("talks")


def test_api_timelinejs(client):
    r = client.get("/api/timelinejs")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    doc = r.json()
    assert doc["events"][0]["start_date"] == {"year": "2019", "month": "2", "day": "28"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "28/02/2019"}, "start must be a date like 2019-02-28"),
        ({"end": "soon"}, "end must be a date"),
        ({"start": "2019-03-01", "end": "2019-02-01"}, "start (2019-03-01) is after end"),
        ({"max_dates": "0"}, "max_dates must be a positive integer"),
        ({"max_dates": "many"}, "max_dates must be a positive integer"),
        ({"q": "bad"}, "cannot search for that"),
    ],
)
def test_bad_requests_are_400_with_a_reason(client, params, message):
    r = client.get("/api/timeline", params=params)
    assert r.status_code == 400, r.text
    assert message in r.json()["detail"]
    # The page answers the same request with an HTML page carrying the search form.
    r = client.get("/", params=params)
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert html.escape(message, quote=True) in r.text and 'role="search"' in r.text


def test_core_does_not_import_fastapi():
    # fastapi is an optional extra: rendering must work without it.
    code = "import sys, dateline.render; assert 'fastapi' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.shared
def test_served_store_answers_a_search_that_finds_nothing(seeds_dir: Path, tmp_path: Path):
    # `dateline serve --db`: before, a query matching nothing (or with no words) was a 500.
    import dateline
    from dateline.read import read_paths
    from dateline.store import Store

    db = tmp_path / "news.db"
    with Store(db) as store:
        store.ingest(read_paths([seeds_dir]))
    client = local_client(create_app(dateline.open(db)))
    found = client.get("/api/timeline", params={"q": "Kim Jong Un"})
    assert found.status_code == 200 and "2019-02-28" in found.text
    nothing = client.get("/api/timeline", params={"q": "zzyzx"})
    assert nothing.status_code == 200 and nothing.json()["entries"] == []
    assert client.get("/", params={"q": "zzyzx"}).status_code == 200
    no_words = client.get("/api/timeline", params={"q": "!!!"})
    assert no_words.status_code == 400 and "has no words" in no_words.text


def test_downloads_refuse_an_unknown_parameter(client, provider):
    # `query=` for `q=`: before, the whole timeline came back as if it had been asked for.
    for path in ("/api/timeline", "/api/timelinejs"):
        r = client.get(path, params={"query": "talks"})
        assert r.status_code == 400 and "unknown parameter 'query'" in r.json()["detail"]
    r = client.get("/export/timeline.md", params={"q": "talks", "maxdates": "2"})
    assert r.status_code == 400 and "unknown parameter &#x27;maxdates&#x27;" in r.text
    assert provider.calls == []
    # Every parameter the page's own download links carry is known.
    r = client.get("/api/timeline", params=[("q", "talks"), ("start", ""), ("source", "X")])
    assert r.status_code == 200
