"""The render stage: every format of a Timeline, the JSON schema and its round trip."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from dateline import __version__
from dateline.model import ArticleRef, Problem, Timeline, TimelineEntry, TimelineSentence
from dateline.render import (
    FORMATS,
    SCHEMA,
    render,
    render_terminal,
    timeline_from_dict,
    timeline_to_dict,
    timeline_to_timelinejs,
)

REPO = Path(__file__).resolve().parent.parent
SCHEMA_FILE = REPO / "docs" / "dateline-timeline-1.schema.json"

D1, D2, D3 = dt.date(2019, 2, 28), dt.date(2019, 3, 2), dt.date(2019, 4, 26)
EVIL = "Officials said <script>alert('x')</script> & the *lunch* [was](cancelled) early."


def _sample() -> Timeline:
    """A small timeline of our own sentences, with every optional part filled in."""
    a1 = ArticleRef(
        "a1", "Talks end without a deal", "corpus/2019-02-28/a1.txt",
        "https://example.org/news/a1", "Harbor Gazette", D1, "metadata",
    )  # fmt: skip
    a2 = ArticleRef(
        "a2", "Leader heads home <by train>", "corpus/a2.html", None, "Valley Times", D2, "path"
    )
    a3 = ArticleRef("a3", None, "corpus/untitled.txt", "javascript:alert(1)", None, D3, "inferred")
    return Timeline(
        entries=[
            TimelineEntry(
                D1,
                [
                    TimelineSentence("The two delegations met for a second day of talks.", "a1", 0),
                    TimelineSentence(EVIL, "a2", 4),
                ],
                score=2.5,
            ),
            TimelineEntry(
                D2, [TimelineSentence("The leader left by train on Saturday.", "a2", 0)], 1.25
            ),
            TimelineEntry(
                D3,
                [
                    TimelineSentence("A follow-up meeting was held in a port city.", "a3", 2),
                    TimelineSentence("Analysts said the process had stalled.", "a1", 9),
                ],
                score=0.5,
            ),
        ],
        articles=[a1, a2, a3],
        undated=[ArticleRef("u1", "An undated explainer", "corpus/u1.txt", None, None, None, None)],
        problems=[
            Problem("corpus/broken.bin", "not a text file"),
            Problem("corpus/odd.html", "no title found", skipped=False),
        ],
        query="summit talks",
        keywords=("summit", "talks"),
        article_count=5,
    )


def _empty() -> Timeline:
    return Timeline(entries=[], articles=[])


@pytest.fixture
def sample() -> Timeline:
    return _sample()


@pytest.fixture(scope="module")
def seed_timeline(seeds_dir: Path) -> Timeline:
    """A timeline whose sentences are lines of the real seed articles (read at test time)."""
    files = sorted(p for p in seeds_dir.iterdir() if p.suffix == ".txt")[:3]
    assert len(files) == 3
    entries, articles = [], []
    for path, day in zip(files, (D1, D2, D3), strict=True):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        body = lines[1:3]  # the first line is a "date ..." header, not a sentence
        assert body
        entries.append(
            TimelineEntry(day, [TimelineSentence(t, path.stem, i) for i, t in enumerate(body)], 1.0)
        )
        articles.append(ArticleRef(path.stem, None, str(path), None, "seeds", day, "header"))
    return Timeline(entries=entries, articles=articles, article_count=len(files))


def _all(seed_timeline: Timeline) -> list[Timeline]:
    return [_sample(), seed_timeline, _empty()]


def _sentences(t: Timeline) -> list[str]:
    return [s.text for e in t.entries for s in e.sentences]


# --- dispatch ---------------------------------------------------------------------------


def test_every_format_renders_every_timeline(seed_timeline):
    assert FORMATS == ("terminal", "json", "markdown", "html", "timelinejs")
    for t in _all(seed_timeline):
        for fmt in FORMATS:
            out = render(t, fmt)
            assert isinstance(out, str) and out.endswith("\n"), fmt


def test_unknown_format_is_a_clear_error(sample):
    with pytest.raises(ValueError, match=r"unknown format 'pdf'.*terminal, json"):
        render(sample, "pdf")


def test_cited_article_missing_from_articles_still_renders():
    orphan = TimelineSentence("Orphan sentence.", "ghost", 0)
    t = Timeline(entries=[TimelineEntry(D1, [orphan])], articles=[])
    for fmt in FORMATS:
        assert "Orphan sentence." in render(t, fmt), fmt
    assert "ghost" in render(t, "markdown")


# --- json -------------------------------------------------------------------------------


def test_json_document_fields(sample):
    doc = json.loads(render(sample, "json"))
    assert doc == timeline_to_dict(sample)
    assert doc["schema"] == SCHEMA == "dateline.timeline/1"
    assert doc["generated_by"] == f"dateline {__version__}"
    assert doc["query"] == "summit talks" and doc["keywords"] == ["summit", "talks"]
    assert [e["date"] for e in doc["entries"]] == ["2019-02-28", "2019-03-02", "2019-04-26"]
    assert doc["entries"][0]["score"] == 2.5
    assert doc["entries"][0]["sentences"][1] == {
        "text": EVIL,
        "article_id": "a2",
        "sentence_index": 4,
    }
    a1 = doc["articles"][0]
    assert a1 == {
        "id": "a1", "path": "corpus/2019-02-28/a1.txt", "url": "https://example.org/news/a1",
        "title": "Talks end without a deal", "source": "Harbor Gazette",
        "published": "2019-02-28", "published_from": "metadata",
    }  # fmt: skip
    assert doc["undated"][0]["published"] is None
    assert doc["problems"][1] == {
        "path": "corpus/odd.html",
        "message": "no title found",
        "skipped": False,
    }
    assert doc["article_count"] == 5


def test_json_round_trips(seed_timeline):
    for t in _all(seed_timeline):
        assert timeline_from_dict(timeline_to_dict(t)) == t
        assert timeline_from_dict(json.loads(render(t, "json"))) == t


def test_json_output_validates_against_the_published_schema(seed_timeline):
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for t in _all(seed_timeline):
        validator.validate(json.loads(render(t, "json")))
    # The schema is not vacuous: a wrong date shape and a missing field are rejected.
    bad = timeline_to_dict(_sample())
    bad["entries"][0]["date"] = "28/02/2019"
    assert not validator.is_valid(bad)
    del bad["article_count"]
    assert not validator.is_valid(bad)


def test_json_schema_doc_explains_every_field():
    doc = (REPO / "docs" / "json-schema.md").read_text(encoding="utf-8")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    names = set(schema["properties"]) | set(schema["$defs"]["article"]["properties"])
    names |= {"date", "score", "sentences", "text", "article_id", "sentence_index", "skipped"}
    for name in names:
        assert f"| `{name}` |" in doc, name
    assert "Versioning" in doc and "dateline.timeline/2" in doc


def test_json_reader_accepts_additions_and_rejects_other_versions(sample):
    doc = timeline_to_dict(sample)
    doc["future_field"] = {"x": 1}
    doc["entries"][0]["future"] = True
    assert timeline_from_dict(doc) == sample
    with pytest.raises(ValueError, match=r"unsupported timeline schema 'dateline\.timeline/2'"):
        timeline_from_dict({**doc, "schema": "dateline.timeline/2"})
    with pytest.raises(ValueError, match="not a dateline timeline document"):
        timeline_from_dict({"events": []})
    broken = timeline_to_dict(sample)
    del broken["entries"][0]["sentences"][0]["article_id"]
    with pytest.raises(ValueError, match="malformed"):
        timeline_from_dict(broken)
    with pytest.raises(ValueError, match="bad date"):
        timeline_from_dict({**doc, "entries": [{"date": "yesterday", "sentences": []}]})


# --- markdown ---------------------------------------------------------------------------


def test_markdown_structure(sample):
    md = render(sample, "markdown")
    lines = md.splitlines()
    assert lines[0] == "# Timeline: summit talks"
    headings = [ln for ln in lines if ln.startswith("## ")]
    assert headings[:3] == [
        "## 2019-02-28 (Thursday)",
        "## 2019-03-02 (Saturday)",
        "## 2019-04-26 (Friday)",
    ]
    assert "## Sources" in headings
    assert "## Undated articles (1)" in headings
    assert "## Skipped inputs and warnings (2)" in headings
    bullets = [ln for ln in lines[: lines.index("## Sources")] if ln.startswith("- ")]
    assert len(bullets) == 5
    # Each sentence ends with [n]; n is the article's line in the Sources list.
    sources = {
        int(m.group(1)): ln
        for ln in lines[lines.index("## Sources") :]
        if (m := re.match(r"- \\\[(\d+)\\\] ", ln))
    }
    numbers = [int(re.search(r" \[(\d+)\]$", b).group(1)) for b in bullets]
    assert numbers == [1, 2, 2, 3, 1]  # numbered in order of first citation
    # outlet, title and date beside each sentence
    assert bullets[0].endswith(" — *Harbor Gazette, “Talks end without a deal”, 28 Feb 2019* [1]")
    assert (
        "**Talks end without a deal** — Harbor Gazette — published 2019-02-28 (from metadata)"
        in sources[1]
    )
    assert (
        "`corpus/2019-02-28/a1.txt`" in sources[1] and "<https://example.org/news/a1>" in sources[1]
    )
    assert "published 2019-04-26 (inferred from similar articles)" in sources[3]
    assert "<javascript:" not in md  # shown as text, never an autolink


def test_markdown_escapes_article_text(sample):
    html = MarkdownIt("commonmark").render(render(sample, "markdown"))
    assert "<script>" not in html and "&lt;script&gt;alert" in html
    assert "<em>lunch</em>" not in html and "*lunch*" in html
    assert 'href="cancelled"' not in html
    assert html.count("<h2>") == 6 and html.count("<h1>") == 1


def test_markdown_of_seed_and_empty_timelines(seed_timeline):
    md = render(seed_timeline, "markdown")
    assert md.startswith("# Timeline\n")
    for text in _sentences(seed_timeline)[:1]:
        # Escaping may add backslashes; compare with them removed.
        assert text.split()[0] in md.replace("\\", "")
    empty = render(_empty(), "markdown")
    assert empty.startswith("# Timeline\n") and "No dated events found." in empty
    assert "## Sources" not in empty


# --- html -------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


def test_html_is_a_timeline_page(sample):
    html = render(sample, "html")
    doc = _parse(html)
    classes = [a.get("class") for _, a in doc.tags]
    assert classes.count("entry") == 3
    assert [a["datetime"] for t, a in doc.tags if t == "time"] == [
        "2019-02-28",
        "2019-03-02",
        "2019-04-26",
    ]
    text = " ".join(doc.text)
    assert "The leader left by train on Saturday." in text and "Harbor Gazette" in text
    cites = [a for t, a in doc.tags if t == "a" and a.get("class") == "cite"]
    assert [c["href"] for c in cites] == ["#src-1", "#src-2", "#src-2", "#src-3", "#src-1"]
    assert "published 2019-02-28 (from metadata)" in cites[0]["title"]  # the tooltip
    ids = {a.get("id") for _, a in doc.tags}
    assert {"src-1", "src-2", "src-3", "d-2019-02-28"} <= ids
    hrefs = [a.get("href") for t, a in doc.tags if t == "a"]
    assert "https://example.org/news/a1" in hrefs
    assert not any(h and h.lower().startswith("javascript:") for h in hrefs)
    assert "1 undated article" in text and "1 skipped input, 1 warning" in text


def test_html_escapes_all_text(sample):
    html = render(sample, "html")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; the *lunch*" in html
    assert "Leader heads home &lt;by train&gt;" in html
    # Our single inline filter script is the only script element.
    assert len([t for t, _ in _parse(html).tags if t == "script"]) == 1


def test_html_is_self_contained_and_responsive(seed_timeline):
    for t in _all(seed_timeline):
        html = render(t, "html")
        assert "<link" not in html and "@import" not in html
        assert not re.search(r"""<script[^>]*\bsrc\s*=""", html)
        assert not re.search(r"""\bsrc\s*=\s*["']?\s*(https?:)?//""", html)
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert "prefers-color-scheme: dark" in html and "@media (max-width" in html
        assert "default-src 'none'" in html  # the CSP forbids loading anything else


def test_html_empty_and_search_form(sample):
    html = render(_empty(), "html")
    assert "No dated events found." in html and 'class="timeline"' not in html
    from dateline.render import render_html

    page = render_html(sample, search={"q": 'a "quoted" <b>', "start": "2019-02-01"})
    inputs = {
        a["name"]: a.get("value") for t, a in _parse(page).tags if t == "input" and "name" in a
    }
    assert inputs == {"q": 'a "quoted" <b>', "start": "2019-02-01", "end": "", "max_dates": ""}
    assert "<form" not in render(sample, "html")  # a saved file has nowhere to submit to


# --- timelinejs -------------------------------------------------------------------------


def test_timelinejs_structure(sample):
    doc = json.loads(render(sample, "timelinejs"))
    assert doc == timeline_to_timelinejs(sample)
    assert doc["title"]["text"]["headline"] == "Timeline: summit talks"
    events = doc["events"]
    assert [e["start_date"] for e in events] == [
        {"year": "2019", "month": "2", "day": "28"},
        {"year": "2019", "month": "3", "day": "2"},
        {"year": "2019", "month": "4", "day": "26"},
    ]
    first = events[0]["text"]
    assert first["headline"] == "The two delegations met for a second day of talks."
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in first["text"]
    assert "<script" not in first["text"]
    assert '<a href="https://example.org/news/a1"' in first["text"]
    assert "Harbor Gazette, “Talks end without a deal”, 28 Feb 2019" in first["text"]
    assert "Valley Times, “Leader heads home &lt;by train&gt;”, 2 Mar 2019" in first["text"]
    third = events[2]["text"]["text"]
    assert "javascript:" not in third and "untitled.txt" in third


def test_timelinejs_headline_is_shortened():
    long = "word " * 60
    t = Timeline(entries=[TimelineEntry(D1, [TimelineSentence(long, "x", 0)])], articles=[])
    headline = timeline_to_timelinejs(t)["events"][0]["text"]["headline"]
    assert len(headline) <= 91 and headline.endswith("…")


def test_timelinejs_empty(seed_timeline):
    assert timeline_to_timelinejs(_empty()) == {
        "title": {
            "text": {"headline": "Timeline", "text": "<p>0 dates · 0 sentences · 0 articles</p>"}
        },
        "events": [],
    }
    assert len(timeline_to_timelinejs(seed_timeline)["events"]) == 3


# --- terminal ---------------------------------------------------------------------------


def test_terminal_text(sample):
    out = render(sample, "terminal", width=80)
    assert "\x1b[" not in out  # no colour codes in the string form
    assert all(len(line) <= 80 for line in out.splitlines())
    assert out.splitlines()[0] == "Timeline: summit talks"
    for day in ("2019-02-28  Thursday", "2019-03-02  Saturday", "2019-04-26  Friday"):
        assert day in out
    flat = " ".join(out.split())
    for text in _sentences(sample):
        assert " ".join(text.split()) in flat
    # outlet, title and date beside each sentence
    assert "[1] Harbor Gazette, “Talks end without a deal”, 28 Feb 2019" in out
    assert "1 undated article" in out and "An undated explainer" in out
    assert "1 skipped input" in out and "corpus/broken.bin: not a text file" in out
    assert "1 warning" in out


def test_terminal_prints_rich_markup_literally():
    sentence = TimelineSentence("A [bold]tag[/bold] and [/] here.", "x", 0)
    t = Timeline(entries=[TimelineEntry(D1, [sentence])], articles=[])
    assert "A [bold]tag[/bold] and [/] here." in render(t, "terminal")


def test_terminal_seed_and_empty(seed_timeline):
    out = render(seed_timeline, "terminal", width=120)
    flat = " ".join(out.split())
    for text in _sentences(seed_timeline):
        assert " ".join(text.split()) in flat
    assert "No dated events found." in render(_empty(), "terminal")


def test_render_terminal_on_a_colour_console(sample):
    console = Console(record=True, width=100, force_terminal=True, color_system="truecolor")
    render_terminal(sample, console)
    assert "2019-03-02" in console.export_text(clear=False)
    assert "\x1b[" in console.export_text(styles=True)
