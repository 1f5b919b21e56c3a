"""Requests and output that cannot hurt (issue 13, section 4): bounded queries, HTML error
pages, no control sequences in terminal or Markdown output, no external request, a Host
check, no server paths, --out inferring the format, one style of options, and database
paths that are not databases refused by every command."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import ArticleRef, Problem, Timeline, TimelineEntry, TimelineSentence
from dateline.render import output_format, render
from dateline.render._common import printable
from dateline.request import MAX_QUERY_CHARS, MAX_QUERY_WORDS, RequestError, TimelineRequest

runner = CliRunner()

# 1,000 words: the query that was a 500 ("Expression tree is too large") on the web.
LONG_QUERY = " ".join(["korea"] * 1000)
MANY_WORDS = " ".join(f"word{i}" for i in range(MAX_QUERY_WORDS + 1))


def _run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def seeds_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("safe") / "seeds.db"
    code, _, err = _run("ingest", seeds_dir, "--db", db, "--workers", "1")
    assert code == 0, err
    return db


# ---------------------------------------------------------------------- query bounds


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (LONG_QUERY, f"at most {MAX_QUERY_CHARS} are searched"),
        ("x" * (MAX_QUERY_CHARS + 1), f"at most {MAX_QUERY_CHARS} are searched"),
        (MANY_WORDS, f"has {MAX_QUERY_WORDS + 1} words; at most {MAX_QUERY_WORDS}"),
    ],
)
def test_query_bounds_are_checked_in_the_request(query: str, message: str) -> None:
    with pytest.raises(RequestError, match=re.escape(message)):
        TimelineRequest(query=query)
    TimelineRequest(query=" ".join(MANY_WORDS.split()[:MAX_QUERY_WORDS]))  # at the bound: fine


@pytest.mark.shared
def test_long_query_is_a_one_line_usage_error_in_the_cli(seeds_db: Path, seeds_dir: Path) -> None:
    for args in (
        ("timeline", "--db", seeds_db, "--query", LONG_QUERY),
        ("timeline", seeds_dir, "--query", LONG_QUERY),
        ("search", LONG_QUERY, "--db", seeds_db),
    ):
        code, out, err = _run(*args)
        assert code == 2, (args[:2], err)
        assert err.startswith("dateline: --query: the query is ") and "at most" in err
        assert len(err.strip().splitlines()) == 1 and not out


@pytest.mark.shared
def test_long_query_is_a_400_on_the_web(seeds_db: Path) -> None:
    import dateline
    from dateline.web import create_app

    client = _client(create_app(dateline.open(seeds_db)))
    r = client.get("/api/timeline", params={"q": LONG_QUERY})
    assert r.status_code == 400 and "at most" in r.json()["detail"]
    r = client.get("/", params={"q": LONG_QUERY})
    assert r.status_code == 400 and 'role="search"' in r.text and "at most" in r.text


@pytest.mark.shared
def test_the_store_bounds_queries_too(seeds_db: Path) -> None:
    # Callers of the store's own methods get the same bound, as a one-line QueryError.
    from dateline.store import QueryError, Store

    with Store(seeds_db, create=False) as store:
        with pytest.raises(QueryError, match="at most"):
            store.articles_for_query(LONG_QUERY)
        with pytest.raises(QueryError, match="at most"):
            store.search(MANY_WORDS)
        # A long list of sentence terms no longer makes SQLite's expression tree too deep.
        arts = store.articles_for_query("Kim", sentence_terms=["kim"] * 1000)
        assert arts and all("kim" in s.text.lower() for a in arts for s in a.sentences)


# ------------------------------------------------------------------ web: HTML errors


def _client(app):
    from fastapi.testclient import TestClient

    return TestClient(app, base_url="http://localhost:8000", raise_server_exceptions=False)


def _timeline() -> Timeline:
    ref = ArticleRef(
        "a1", "Talks end", "/srv/news/corpus/a1.txt", None, "Harbor Gazette", None, None
    )
    return Timeline(
        entries=[
            TimelineEntry(
                __import__("datetime").date(2019, 2, 28),
                [TimelineSentence("Talks ended early.", "a1", 0)],
            )
        ],
        articles=[ref],
        undated=[ref],
        problems=[Problem("/srv/news/corpus/bad.txt", "cannot read /srv/news/corpus/bad.txt")],
        article_count=1,
    )


class _Fixed:
    def __init__(self) -> None:
        self.roots = [Path("/srv/news/corpus")]

    def timeline(self, request: TimelineRequest) -> Timeline:
        return _timeline()


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/?start=2019-03-01&end=2019-02-01", 400, "start (2019-03-01) is after end (2019-02-01)"),
        ("/?start=28/02/2019", 400, "start must be a date like 2019-02-28"),
        ("/?max_dates=0", 400, "max_dates must be a positive integer"),
        ("/no/such/page", 404, "There is no page at /no/such/page"),
        ("/docs", 404, "There is no page at /docs"),
        ("/redoc", 404, "There is no page at /redoc"),
    ],
)
def test_every_page_error_is_an_html_page_with_the_search_form(
    path: str, status: int, text: str
) -> None:
    pytest.importorskip("fastapi")
    from dateline.web import create_app

    r = _client(create_app(_Fixed())).get(path)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert html.escape(text, quote=True) in r.text
    assert 'method="get" action="/" role="search"' in r.text


def test_api_errors_stay_json() -> None:
    pytest.importorskip("fastapi")
    from dateline.web import create_app

    client = _client(create_app(_Fixed()))
    r = client.get("/api/timeline?start=2019-03-01&end=2019-02-01")
    assert r.status_code == 400 and r.json()["detail"].startswith("start (2019-03-01)")
    r = client.get("/api/nothing")
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}


@pytest.mark.shared
def test_landing_page_of_a_big_database_is_a_search_page(seeds_db: Path) -> None:
    pytest.importorskip("fastapi")
    from dateline.source import DatabaseSource
    from dateline.web import create_app

    # Three articles over a limit of two: the store refuses a timeline of everything.
    client = _client(create_app(DatabaseSource(seeds_db, limit=2)))
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'role="search"' in r.text and "type the words to look for" in r.text
    assert str(seeds_db.parent) not in r.text  # and no server path in the message
    assert client.get("/", params={"q": "Kim Jong Un"}).status_code == 200
    r = client.get("/api/timeline")
    assert r.status_code == 400 and "give a query" in r.json()["detail"]
    assert str(seeds_db.parent) not in r.text


# ------------------------------------------------- web: no external request, Host, paths


def test_no_page_makes_an_external_request() -> None:
    pytest.importorskip("fastapi")
    from dateline.web import create_app

    client = _client(create_app(_Fixed()))
    for path in ("/", "/?start=x", "/nope", "/docs", "/redoc", "/docs/oauth2-redirect"):
        page = client.get(path).text
        # Nothing the browser would fetch by itself from elsewhere: every src= and <link>
        # is a path on this server (the page's own CSS and script), no CSS import or
        # url(). (Links the reader may click, <a href>, are not requests.)
        fetched = re.findall(r"\ssrc\s*=\s*\"([^\"]*)\"|<link\b[^>]*href=\"([^\"]*)\"", page, re.I)
        assert all(u.startswith("/static/") for pair in fetched for u in pair if u), path
        assert len(re.findall(r"\ssrc\s*=|<link\b", page, re.I)) == len(fetched), path
        assert not re.search(r"@import|url\(", page, re.I), path
        assert "swagger-ui" not in page.lower() and "redoc.standalone" not in page.lower(), path
    r = client.get("/")
    assert r.headers["content-security-policy"].startswith("default-src 'none'")


def test_host_header_must_name_this_machine() -> None:
    pytest.importorskip("fastapi")
    from dateline.web import allowed_hosts, create_app

    client = _client(create_app(_Fixed()))
    for host in ("localhost:8000", "127.0.0.1:8000", "[::1]:8000", "localhost"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    # A rebinding page's own name pointed at 127.0.0.1: refused.
    for host in ("evil.example", "evil.example:8000", "localhost.evil.example", ""):
        r = client.get("/api/timeline", headers={"Host": host})
        assert r.status_code == 400 and "unknown Host header" in r.text, host
    # `--host` names another address: it is answered too; a wildcard bind answers any name.
    assert allowed_hosts("192.168.1.5") == {"localhost", "127.0.0.1", "::1", "192.168.1.5"}
    assert allowed_hosts("0.0.0.0") is None and allowed_hosts("::") is None
    lan = _client(create_app(_Fixed(), hosts=allowed_hosts("192.168.1.5")))
    assert lan.get("/", headers={"Host": "192.168.1.5:8000"}).status_code == 200
    assert lan.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_no_absolute_server_path_in_the_page_or_errors() -> None:
    pytest.importorskip("fastapi")
    from dateline.web import create_app

    client = _client(create_app(_Fixed()))
    for path in ("/", "/api/timeline"):
        r = client.get(path)
        assert r.status_code == 200 and "/srv/news" not in r.text, path
    assert "corpus/a1.txt" in client.get("/").text  # the path below the served folder

    class Broken:
        def timeline(self, request: TimelineRequest) -> Timeline:
            raise RequestError("cannot read /srv/secret/place/news.db (locked)")

    client = _client(create_app(Broken()))
    for path in ("/", "/api/timeline"):
        r = client.get(path)
        assert r.status_code == 400 and "/srv/secret" not in r.text
        assert "news.db" in r.text

    class Crashing:
        def timeline(self, request: TimelineRequest) -> Timeline:
            raise OSError("/srv/secret/place/news.db: disk I/O error")

    client = _client(create_app(Crashing()))
    for path in ("/", "/api/timeline"):
        r = client.get(path)
        assert r.status_code == 500 and "/srv/secret" not in r.text and "Traceback" not in r.text


def test_head_answers() -> None:
    pytest.importorskip("fastapi")
    from dateline.web import create_app

    r = _client(create_app(_Fixed())).head("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")


# ------------------------------------------------------------- terminal and Markdown


ESCAPES = (
    "\x1b[2J",  # clear the screen
    "\x1b]8;;http://evil.example/\x1b\\",  # an OSC-8 hyperlink, opened...
    "\x1b]8;;\x1b\\",  # ... and closed
    "\x1b]0;owned\x07",  # a window title
    "\x9b31m",  # a C1 CSI
    "\x07\x08\x7f\x85",  # BEL, BS, DEL, NEL
)


def test_printable_strips_control_sequences() -> None:
    dirty = "Talks " + ESCAPES[0] + "ended " + ESCAPES[1] + "here" + ESCAPES[2] + " early"
    assert printable(dirty) == "Talks ended here early"
    assert printable("a" + "".join(ESCAPES) + "b\tc\nd ü 日本") == "ab\tc\nd ü 日本"


def _dirty_timeline() -> Timeline:
    bad = "".join(ESCAPES)
    ref = ArticleRef(f"a{bad}1", f"Title{bad}", f"dir/a{bad}.txt", None, f"Out{bad}let", None, None)
    return Timeline(
        entries=[
            TimelineEntry(
                __import__("datetime").date(2019, 2, 28),
                [TimelineSentence(f"Talks {bad}ended.", ref.id, 0)],
            )
        ],
        articles=[ref],
        undated=[ref],
        problems=[Problem(f"x{bad}.txt", f"cannot read{bad}")],
        query=f"talks{bad}",
        keywords=(f"kw{bad}",),
        article_count=1,
    )


@pytest.mark.parametrize("fmt", ["terminal", "markdown"])
def test_terminal_and_markdown_output_carry_no_control_character(fmt: str) -> None:
    text = render(_dirty_timeline(), fmt)
    assert "Talks ended." in text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), repr(text)


def test_coloured_terminal_output_has_only_its_own_escapes() -> None:
    from dateline.render.terminal import render_terminal_text

    text = render_terminal_text(_dirty_timeline(), color=True)
    for seq in ("\x1b[2J", "\x1b]", "\x9b", "\x07"):
        assert seq not in text
    assert "\x1b[" in text  # rich's own colours are still there


def test_escape_sequences_in_articles_do_not_reach_the_terminal(tmp_path: Path) -> None:
    bad = "".join(ESCAPES)
    (tmp_path / "talks.txt").write_text(
        "Talks end in Hanoi\n\nHANOI - On February 28, 2019 the talks ended early "
        f"{bad}and Kim left. About the summit on February 28, 2019.\n",
        encoding="utf-8",
    )
    (tmp_path / "bad\x1b[31mname.bin").write_bytes(b"\x00\x01")
    code, out, err = _run("timeline", tmp_path, "--format", "terminal")
    assert code == 0, err
    assert "talks ended early and Kim left" in out
    for stream in (out, err):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", stream), repr(stream)


@pytest.mark.shared
def test_search_output_carries_no_control_character(tmp_path: Path) -> None:
    bad = "".join(ESCAPES)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        f"Zebra talks\n\nOn February 28, 2019 the zebra {bad}talks ended.\n", encoding="utf-8"
    )
    db = tmp_path / "a.db"
    assert _run("ingest", tmp_path / "in", "--db", db, "--workers", "1")[0] == 0
    code, out, err = _run("search", "zebra", "--db", db)
    assert code == 0, err
    assert "zebra talks ended" in out
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), repr(out)


# ------------------------------------------------------------- --out and the options


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("t.html", "html"), ("t.HTM", "html"), ("t.md", "markdown"), ("t.markdown", "markdown"),
        ("t.json", "json"), ("t.txt", "terminal"),
    ],
)  # fmt: skip
def test_output_format_follows_the_extension(name: str, expected: str) -> None:
    assert output_format(None, name) == expected
    assert output_format("timelinejs", name) == "timelinejs"  # a given format wins
    assert output_format(None, None) == "terminal"
    with pytest.raises(ValueError, match="give --format"):
        output_format(None, "t.pdf")


@pytest.mark.shared
def test_out_without_format_writes_the_extensions_format(seeds_dir: Path, tmp_path: Path) -> None:
    for name, check in (
        ("t.html", lambda t: t.startswith("<!DOCTYPE html>")),
        ("t.md", lambda t: t.startswith("# Timeline")),
        ("t.json", lambda t: json.loads(t)["schema"] == "dateline.timeline/1"),
    ):
        code, _, err = _run("timeline", seeds_dir, "--out", tmp_path / name, "--workers", "1")
        assert code == 0, err
        assert check((tmp_path / name).read_text(encoding="utf-8")), name
    code, _, err = _run("timeline", seeds_dir, "--out", tmp_path / "t.pdf")
    assert code == 2 and "give --format" in err and not (tmp_path / "t.pdf").exists()


def _commands():
    import typer.main

    group = typer.main.get_command(app)
    return group.commands  # type: ignore[attr-defined]


def test_every_option_has_help_text() -> None:
    missing = [
        f"{name} {param.opts[0]}"
        for name, command in _commands().items()
        for param in command.params
        if param.param_type_name == "option" and not (param.help or "").strip()
    ]
    assert not missing


def test_one_style_of_options() -> None:
    commands = _commands()

    def opts(command: str) -> set[str]:
        return {o for p in commands[command].params for o in p.opts}

    for command in ("timeline", "search", "stats", "evaluate"):
        assert "--format" in opts(command), command
    for command in ("search", "stats"):
        assert "--json" not in opts(command)
    assert {"--query", "--keywords", "--max-dates", "--host", "--port", "--db"} <= opts("serve")
    # The shared options mean the same everywhere: one help text per option name.
    helps: dict[str, set[str]] = {}
    for command in ("timeline", "serve"):
        for p in commands[command].params:
            helps.setdefault(p.opts[0], set()).add(p.help or "")
    for name in ("--query", "--keywords", "--max-dates", "--db", "--format-in", "--workers"):
        assert len(helps[name]) == 1, name


@pytest.mark.shared
def test_search_and_stats_take_format_json(seeds_db: Path) -> None:
    code, out, err = _run("search", "Kim Jong Un", "--db", seeds_db, "--format", "json")
    assert code == 0, err
    assert all(json.loads(line)["sentences"] for line in out.splitlines())
    code, out, err = _run("stats", "--db", seeds_db, "--format", "json")
    assert code == 0 and json.loads(out)["articles"] == 3
    code, _, err = _run("stats", "--db", seeds_db, "--format", "yaml")
    assert code == 2 and "choose text or json" in err


@pytest.mark.shared
def test_serve_query_and_max_dates_are_the_first_page(seeds_db: Path) -> None:
    pytest.importorskip("fastapi")
    import dateline
    from dateline.web import create_app

    defaults = TimelineRequest(query="Kim Jong Un", max_dates=1)
    client = _client(create_app(dateline.open(seeds_db), defaults=defaults))
    doc = client.get("/api/timeline").json()
    assert doc["query"] == "Kim Jong Un" and len(doc["entries"]) == 1
    page = client.get("/").text
    assert 'name="q" value="Kim Jong Un"' in page and 'name="max_dates" value="1"' in page
    # A search on the page replaces the query; an empty one asks for everything.
    assert client.get("/api/timeline", params={"q": "Vladivostok"}).json()["query"] == (
        "Vladivostok"
    )
    assert client.get("/api/timeline", params={"q": ""}).json()["query"] is None
    code, _, err = _run("serve", "--db", seeds_db, "--query", "x", "--keywords", "y")
    assert code == 2 and "give keywords or a query, not both" in err


# ---------------------------------------------------- paths that are not databases


@pytest.mark.parametrize("content", [b"", b"Not a database.\n" * 50, b"\x00\xff" * 100])
def test_a_non_database_is_refused_by_every_command(
    tmp_path: Path, seeds_dir: Path, content: bytes
) -> None:
    pytest.importorskip("fastapi")  # serve is one of the commands
    db = tmp_path / "news.db"
    db.write_bytes(content)
    for args in (
        ("ingest", seeds_dir, "--db", db, "--workers", "1"),
        ("timeline", "--db", db, "--query", "Kim"),
        ("search", "Kim", "--db", db),
        ("stats", "--db", db),
        ("serve", "--db", db),
    ):
        code, out, err = _run(*args)
        assert code == 1, (args[0], err)
        assert err.startswith(f"dateline: {db}") and "not a dateline database" in err, err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err + out
    assert db.read_bytes() == content  # ingest did not turn it into a database


@pytest.mark.shared
def test_served_files_show_paths_below_the_served_folder(seeds_dir: Path) -> None:
    pytest.importorskip("fastapi")
    import dateline
    from dateline.web import create_app

    folder = seeds_dir.absolute()
    source = dateline.open([folder, folder.parent / "no-such-file.txt"], workers=1)
    client = _client(create_app(source))
    page = client.get("/").text
    doc = client.get("/api/timeline").text
    assert "seeds/000_349dc3cbae1acd01.txt" in page  # where it is, below what was served
    assert "no-such-file.txt" in page  # the problem is still listed, by name
    for text in (page, doc):
        assert str(folder.parent) not in text


def test_path_hider_keeps_urls_and_relative_paths() -> None:
    pytest.importorskip("fastapi")
    from dateline.web import PathHider

    hide = PathHider([Path("/srv/news/corpus")])
    assert hide.text("cannot read /srv/news/corpus/a/b.txt (locked)") == (
        "cannot read corpus/a/b.txt (locked)"
    )
    assert hide.text("'/etc/passwd': no such file") == "'passwd': no such file"
    for kept in ("see https://example.org/a/b.html", "a/b/c.txt is relative"):
        assert hide.text(kept) == kept


def test_a_new_database_is_never_seen_empty(tmp_path: Path) -> None:
    # Made under a temporary name and linked into place: a reader or a second writer
    # racing the first ingest never meets the empty file that every command refuses.
    import threading

    from dateline.store import Store, StoreError

    db = tmp_path / "new.db"
    errors: list[str] = []
    start = threading.Barrier(9)

    def write() -> None:
        start.wait()
        try:
            Store(db).close()
        except StoreError as exc:
            errors.append(str(exc))

    def read() -> None:
        start.wait()
        for _ in range(200):
            try:
                Store(db, create=False).close()
            except StoreError as exc:
                if "no such database" not in str(exc):
                    errors.append(str(exc))

    threads = [threading.Thread(target=write) for _ in range(8)] + [threading.Thread(target=read)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert [f.name for f in tmp_path.iterdir() if f.name.endswith(".new")] == []
    with Store(db, create=False) as store:
        assert store.stats().articles == 0
