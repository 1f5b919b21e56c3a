"""The `dateline` command: a thin shell over the library. No logic lives here."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from dateline.model import Article, Problem
from dateline.read import FORMATS as INPUT_FORMATS
from dateline.read import count_inputs
from dateline.render._common import one_line, printable
from dateline.request import RequestError, TimelineRequest, parse_date, split_keywords
from dateline.source import DatabaseSource, FileSource
from dateline.store import StoreError
from dateline.version import __version__

T = TypeVar("T")

app = typer.Typer(
    name="dateline",
    help="Turn a pile of news articles into a dated, source-attributed timeline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _plain(text: str) -> str:
    """Text for one line of a terminal: no control sequence, no line break."""
    return one_line(printable(text))


def fail(message: str, code: int = 1) -> None:
    """Print one clear line on stderr and exit; never a traceback."""
    typer.echo(f"dateline: {_plain(message)}", err=True)
    raise typer.Exit(code)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"dateline {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn a pile of news articles into a dated, source-attributed timeline."""


# --- options shared by several commands: declared once, used alike everywhere ---

Paths = Annotated[list[Path] | None, typer.Argument(help="Article files or folders.")]
# A database is a str, not a Path: a PostgreSQL URL (postgresql://USER@HOST/DB) is one too.
DbIn = Annotated[
    str | None,
    typer.Option(
        "--db", help="Read the articles from this dateline database (a file or postgresql://...)."
    ),
]
DbFile = Annotated[
    str, typer.Option("--db", help="The dateline database: a file or postgresql://...")
]
DbNew = Annotated[
    str,
    typer.Option("--db", help="The database: a file (created if missing) or postgresql://..."),
]
Dask = Annotated[
    str | None,
    typer.Option(help="Read and annotate on a Dask cluster: local:N or tcp://HOST:8786."),
]
FormatIn = Annotated[
    str | None,
    typer.Option("--format-in", help="Force the input format: text, t17, jsonl, html."),
]
Workers = Annotated[
    int | None, typer.Option(min=1, help="Processes for annotation (default: the CPUs).")
]
Out = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", help="Write to this file (its extension sets the format if not given)."
    ),
]
TimelineFormat = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", help="terminal, json, markdown, html or timelinejs (default: terminal)."
    ),
]
TextOrJson = Annotated[str, typer.Option("--format", "-f", help="text or json.")]
Query = Annotated[
    str | None,
    typer.Option(help="Free-text topic, e.g. 'Kim Jong Un': articles must have every word."),
]
Keywords = Annotated[str | None, typer.Option(help="Comma-separated; sentences must contain one.")]
# Numbers and dates of a request are read as text and parsed by TimelineRequest, so that
# every shell refuses a bad one with the same words.
MaxDates = Annotated[
    str | None,
    typer.Option(metavar="N", help="Number of dates (default: chosen from the data)."),
]
SentencesPerDate = Annotated[str, typer.Option(metavar="N", help="Sentences quoted for each date.")]
Start = Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="First date.")]
End = Annotated[
    str | None,
    typer.Option(
        metavar="YYYY-MM-DD",
        help="Last date (articles published the day after are read too, for that day's reports).",
    ),
]


def _request(**fields: Any) -> TimelineRequest:
    """The request the options make, validated once by the core (exit 2 if refused)."""
    keywords = fields.pop("keywords", None)
    try:
        return TimelineRequest(keywords=split_keywords(keywords), **fields)
    except RequestError as exc:
        _refuse(exc)
        raise  # unreachable: _refuse exits


def _refuse(exc: RequestError) -> None:
    """A refused request: the core's message, after the option it is about (exit 2)."""
    option = f"--{exc.field.replace('_', '-')}: " if exc.field else ""
    fail(f"{option}{exc}", 2)


def _ask(method: Callable[[TimelineRequest], T], request: TimelineRequest) -> T:
    """A source's answer; a refused request exits 2, a database problem 1 (one line)."""
    try:
        return method(request)
    except RequestError as exc:  # (before StoreError: a QueryError is both)
        _refuse(exc)
    except StoreError as exc:
        fail(str(exc))
    raise AssertionError("unreachable: both handlers exit")


def _text_or_json(format: str) -> None:
    if format not in ("text", "json"):
        fail(f"--format {format!r}: choose text or json", 2)


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{out}: cannot write ({exc.strerror or exc})")
    typer.echo(f"dateline: wrote {out}", err=True)


def _say(console: Console, line: str) -> None:
    """One line on stderr, with no control sequence from a file name or a message."""
    console.print(printable(line), markup=False, highlight=False, soft_wrap=True)


def _progress_bar(console: Console, what: str) -> Progress:
    """A bar over the inputs (records of JSON Lines files, other files), for a terminal."""
    return Progress(
        SpinnerColumn(),
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[line]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


class _Reporter:
    """Prints each skipped input as one line on stderr, and a progress bar on a terminal."""

    def __init__(self, paths: list[Path] | None = None, format_in: str | None = None) -> None:
        self.articles = 0
        self.problems: list[Problem] = []
        self.console = Console(stderr=True)
        self.progress: Progress | None = None
        if self.console.is_terminal:
            self.progress = _progress_bar(self.console, "reading articles")
            total = count_inputs(paths, format_in) if paths else None
            self.task = self.progress.add_task("read", total=total, line="")
            self.progress.start()

    def __call__(self, item: Article | Problem) -> None:
        if isinstance(item, Problem):
            self.problems.append(item)
            _say(self.console, f"dateline: {'skipped' if item.skipped else 'warning'}: {item}")
        else:
            self.articles += 1
        if self.progress is not None:
            done = self.articles + sum(p.skipped for p in self.problems)
            self.progress.update(self.task, completed=done, line=f"{self.articles} read")

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
        skipped = sum(p.skipped for p in self.problems)
        warned = len(self.problems) - skipped
        line = f"dateline: read {self.articles} article{'s' * (self.articles != 1)}"
        if skipped:
            line += f", skipped {skipped} input{'s' * (skipped != 1)}"
        if warned:
            line += f", {warned} warning{'s' * (warned != 1)}"
        _say(self.console, line)


def _database(db: str) -> DatabaseSource:
    """The database `--db` names (a file or a PostgreSQL URL), checked now (one line)."""
    try:
        return DatabaseSource(db)
    except StoreError as exc:
        fail(str(exc))
        raise  # unreachable: fail exits


def _source(
    paths: list[Path] | None,
    db: str | None,
    format_in: str | None = None,
    workers: int | None = None,
) -> FileSource | DatabaseSource:
    """The articles asked for: files and folders, or a database (checked now), never both.
    Files are read here, with a line per skipped input and a progress bar."""
    if db is not None and paths:
        fail("give article files or folders, or --db, not both", 2)
    if db is not None and format_in is not None:
        # (a database's articles were read when ingested; the option would be ignored)
        fail("--format-in applies to article files and folders, not to --db", 2)
    if db is not None:
        return _database(db)
    if not paths:
        fail("give article files or folders, or --db", 2)
    if format_in is not None and format_in not in INPUT_FORMATS:
        fail(f"--format-in {format_in!r}: choose one of {', '.join(INPUT_FORMATS)}", 2)
    reporter = _Reporter(paths, format_in)
    source = FileSource(paths or [], format=format_in, workers=workers, on_item=reporter)
    try:
        source.load()
    finally:
        reporter.close()
    if not source.articles:
        fail("no usable article was read")
    return source


@app.command()
def timeline(
    paths: Paths = None,
    format: TimelineFormat = None,
    out: Out = None,
    max_dates: MaxDates = None,
    sentences_per_date: SentencesPerDate = "2",
    start: Start = None,
    end: End = None,
    keywords: Keywords = None,
    query: Query = None,
    format_in: FormatIn = None,
    db: DbIn = None,
    workers: Workers = None,
) -> None:
    """Build the timeline of a set of articles."""
    from dateline.render import output_format, render

    try:
        fmt = output_format(format, out)
    except ValueError as exc:
        fail(str(exc), 2)
    request = _request(
        query=query,
        keywords=keywords,
        start=start,
        end=end,
        max_dates=max_dates,
        sentences_per_date=sentences_per_date,
    )
    result = _ask(_source(paths, db, format_in, workers).timeline, request)
    if fmt == "terminal" and out is None:
        from dateline.render.terminal import render_terminal

        render_terminal(result, Console())
        return
    _emit(render(result, fmt), out)


@app.command()
def demo(format: TimelineFormat = None, out: Out = None) -> None:
    """Build and show the timeline of the bundled demo corpus."""
    from dateline.demo import corpus_path

    timeline(
        paths=[corpus_path()],
        format=format,
        out=out,
        max_dates=None,
        sentences_per_date="2",
        start=None,
        end=None,
        keywords=None,
        query=None,
        format_in=None,
        db=None,
        workers=1,
    )


@app.command()
def serve(
    paths: Paths = None,
    db: DbIn = None,
    host: Annotated[
        str | None,
        typer.Option(
            help="Address to listen on (default 127.0.0.1). Requests must name a local host "
            "(localhost, 127.0.0.1, ::1) or this address; after 0.0.0.0 or ::, any name."
        ),
    ] = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    query: Query = None,
    keywords: Keywords = None,
    max_dates: MaxDates = None,
    format_in: FormatIn = None,
    workers: Workers = None,
) -> None:
    """Browse timelines in a web page (needs the `web` extra: fastapi, uvicorn).

    --query, --keywords and --max-dates are what the page shows first; a search on the
    page replaces the query and keywords."""
    try:
        import uvicorn

        from dateline.web import allowed_hosts, create_app
    except ImportError:
        fail("the web page needs fastapi and uvicorn: pip install 'dateline[web]'")
    defaults = _request(query=query, keywords=keywords, max_dates=max_dates)
    source = _source(paths, db, format_in, workers)
    bind = host or "127.0.0.1"
    shown = f"[{bind}]" if ":" in bind else bind
    # Bound here, before saying so: a port in use or an unknown host is one line, not
    # "serving on ..." followed by uvicorn's error.
    try:
        sock = _listen(bind, port)
    except OSError as exc:
        fail(f"cannot listen on {shown}:{port}: {exc.strerror or exc}")
    typer.echo(f"dateline: serving on http://{shown}:{port}/", err=True)
    app_ = create_app(source, defaults=defaults, hosts=allowed_hosts(host))
    uvicorn.Server(uvicorn.Config(app_, log_level="warning")).run(sockets=[sock])


def _listen(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)  # uvicorn's default backlog
    except OSError:
        sock.close()
        raise
    return sock


_SELECT_HELP = (
    "Choose the method's configuration by nested leave-one-topic-out (the headline);"
    " --no-select scores the shipped method alone."
)


@app.command()
def bench(
    dataset: Annotated[
        Path, typer.Argument(help="A directory in the Timeline17 or the news-tls layout.")
    ],
    report: Annotated[Path, typer.Option(help="Folder for report.json and report.md.")] = Path(
        "bench-report"
    ),
    topic: Annotated[list[str] | None, typer.Option(help="Only these topics.")] = None,
    workers: Workers = None,
    fit_dates: Annotated[
        bool, typer.Option(help="Fit the date model leave-one-topic-out instead.")
    ] = False,
    extension: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Widen each input window by this many days on each side "
            "(default as news-tls: 7 for a folder named entities, else 0).",
        ),
    ] = None,
    select: Annotated[bool, typer.Option(help=_SELECT_HELP)] = True,
    cache: Annotated[
        Path | None, typer.Option(help="Keep each topic's annotated articles in this folder.")
    ] = None,
    dask: Dask = None,
) -> None:
    """Run the timeline benchmark protocol (news-tls style) and write a report."""
    from dateline.bench import BenchError, grid, run, write_report
    from dateline.evaluate import EvaluationError

    def cannot_write(exc: OSError) -> None:
        fail(f"{report}: cannot write the report ({exc.strerror or exc})")

    # The folder is made first: a run takes minutes, and its report must have a place.
    try:
        report.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        cannot_write(exc)

    errors: tuple[type[Exception], ...] = (BenchError, EvaluationError)
    if dask is not None:
        from dateline.cluster import ClusterError

        errors = (*errors, ClusterError)
    try:
        result = run(
            dataset,
            topics=topic,
            workers=workers,
            fit_dates=fit_dates,
            extension=extension,
            configs=grid() if select else None,
            cache=cache,
            log=lambda m: typer.echo(m, err=True),
            dask=dask,
        )
    except errors as exc:
        fail(str(exc))
    command = "dateline bench " + " ".join(sys.argv[2:])
    try:
        json_path, md_path = write_report(result, report, command)
    except OSError as exc:
        cannot_write(exc)
    avg = result["average"]
    typer.echo(
        f"{result['headline']}: "
        f"align+ m:1 R1 F {avg['align_m1_r1_f']:.3f}, R2 F {avg['align_m1_r2_f']:.3f}, "
        f"date F1 {avg['date_f1']:.3f}; {result['total_seconds']} s; wrote {json_path}, {md_path}"
    )


@app.command("evaluate")
def evaluate_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="PRED then GOLD...: a predicted timeline and its gold timeline(s)."),
    ] = None,
    pairs: Annotated[
        Path | None,
        typer.Option(help="A folder of X.pred.* and X.gold.* files: score each pair, average."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """Score a timeline against gold timelines with tilse's metrics (ROUGE, date F1)."""
    import warnings

    from dateline.evaluate import (
        EvaluationError,
        TimelineWarning,
        evaluate_files,
        evaluate_pairs,
    )
    from dateline.evaluate.report import pairs_json, pairs_text, scores_json, scores_text

    _text_or_json(format)
    if pairs is not None and paths:
        fail("give PRED GOLD... or --pairs FOLDER, not both", 2)
    if pairs is None and (not paths or len(paths) < 2):
        fail("give a predicted timeline and at least one gold timeline (or --pairs FOLDER)", 2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TimelineWarning)
        try:
            if pairs is not None:
                results = evaluate_pairs(pairs)
                text = pairs_json(results) if format == "json" else pairs_text(results)
            else:
                assert paths is not None
                scores = evaluate_files(paths[0], paths[1:])
                text = scores_json(scores) if format == "json" else scores_text(scores)
        except EvaluationError as exc:
            fail(str(exc))
    for warning in caught:
        typer.echo(f"dateline: warning: {warning.message}", err=True)
    sys.stdout.write(text)


# --- the corpus store: ingest, search, stats (timeline --db reads it too) ---


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    db: DbNew = "dateline.db",
    format_in: FormatIn = None,
    workers: Workers = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per transaction.")] = 200,
    keep_original: Annotated[
        bool, typer.Option(help="Also store each article's text as read (compressed).")
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(help="Read and annotate on a Dask cluster: local:N or tcp://HOST:8786."),
    ] = None,
) -> None:
    """Read, clean, date and tag articles and add them to a database (incremental).

    The database's own files are never read as articles, even inside PATHS.
    """
    from dateline.pipeline import default_workers
    from dateline.read import read_paths
    from dateline.store import IngestReport, Store

    if format_in is not None and format_in not in INPUT_FORMATS:
        fail(f"--format-in {format_in!r}: choose one of {', '.join(INPUT_FORMATS)}", 2)
    if dask is not None:
        from dateline.cluster import ClusterError, parse_address

        try:
            parse_address(dask)
        except ClusterError as exc:
            fail(str(exc), 2)
    console = Console(stderr=True)
    progress: Progress | None = None
    if console.is_terminal:
        progress = _progress_bar(console, "ingesting")
        task = progress.add_task("ingest", total=count_inputs(paths, format_in), line="")
    shown = 0

    def tick(report: IngestReport) -> None:
        nonlocal shown
        for problem in report.problems[shown:]:
            _say(console, f"dateline: {'skipped' if problem.skipped else 'warning'}: {problem}")
        shown = len(report.problems)
        if progress is not None:
            line = f"{report.added} added, {report.unchanged} unchanged"
            progress.update(task, completed=report.seen, line=line)

    try:
        with Store(db) as store:
            shown_db = store.path
            if progress is not None:
                progress.start()
            try:
                if dask is not None:
                    from dateline import cluster

                    try:
                        report = cluster.ingest(
                            store, paths, dask, format=format_in, batch_size=batch_size,
                            keep_original=keep_original, progress=tick,
                        )  # fmt: skip
                    except cluster.ClusterError as exc:
                        raise StoreError(str(exc)) from None
                else:
                    report = store.ingest(
                        read_paths(paths, format_in, exclude=store.files),
                        batch_size=batch_size,
                        workers=workers or default_workers(),
                        keep_original=keep_original,
                        progress=tick,
                    )
            finally:
                if progress is not None:
                    progress.stop()
    except StoreError as exc:
        fail(str(exc))
        return
    tick(report)
    _say(console, f"dateline: {shown_db}: {report.summary()}")
    if not report.added and not report.unchanged and report.problems:
        # As `timeline` does: a script must see that none of its inputs could be used.
        fail("no usable article was read")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words that must all occur, e.g. 'Kim Jong Un'.")],
    db: DbFile = "dateline.db",
    limit: Annotated[str, typer.Option(metavar="N", help="Number of articles.")] = "20",
    start: Start = None,
    end: End = None,
    format: TextOrJson = "text",
) -> None:
    """Find the articles (and their sentences, with dates) that match a query."""
    import json

    _text_or_json(format)
    request = _request(query=query, start=start, end=end, limit=limit)
    source = _database(db)
    hits = _ask(source.search, request)
    shown_db = source.name
    if not hits:
        fail(f"no article in {shown_db} matches {query!r}")
    for hit in hits:
        a = hit.article
        if format == "json":
            record = {
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "published": a.published.isoformat() if a.published else None,
                "published_from": a.published_from,
                "path": a.path,
                "url": a.url,
                "duplicate_of": hit.duplicate_of,
                "score": round(hit.score, 4),
                "sentences": [
                    {"index": s.index, "text": s.text, "days": [d.isoformat() for d in s.days]}
                    for s in hit.sentences
                ],
            }
            typer.echo(json.dumps(record, ensure_ascii=False))
            continue
        when = a.published.isoformat() if a.published else "undated"
        if a.published_from == "inferred":
            when += " (inferred)"
        head = f"{when}  {_plain(a.source or '-')}  {_plain(a.id)}"
        if a.title:
            head += f"  {_plain(a.title)}"
        if hit.duplicate_of:
            head += f"  [near-duplicate of {_plain(hit.duplicate_of)}]"
        typer.echo(head)
        for s in hit.sentences:
            days = ", ".join(d.isoformat() for d in s.days)
            typer.echo(f"    [{s.index}] {_plain(s.text)}" + (f"  ({days})" if days else ""))


@app.command()
def stats(db: DbFile = "dateline.db", format: TextOrJson = "text") -> None:
    """What a database holds: articles, sources, date range, undated, duplicates."""
    import dataclasses
    import json

    _text_or_json(format)
    source = _database(db)
    try:
        with source.open_store() as store:
            st = store.stats()
    except StoreError as exc:
        fail(str(exc))
    if format == "json":
        record = dataclasses.asdict(st)
        record["first"] = st.first.isoformat() if st.first else None
        record["last"] = st.last.isoformat() if st.last else None
        typer.echo(json.dumps(record, ensure_ascii=False))
        return
    span = f"{st.first} .. {st.last}" if st.first else "none"
    sources = ", ".join(f"{name or '(unknown)'} {n}" for name, n in st.sources.items())
    for label, value in (
        ("database", f"{st.path} ({st.size_bytes / 1e6:.1f} MB, schema {st.schema_version})"),
        ("articles", f"{st.articles} ({st.sentences} sentences, {st.mentions} time mentions)"),
        ("sources", sources or "none"),
        ("published", span),
        ("undated", f"{st.undated} (and {st.inferred} dated by inference)"),
        ("duplicates", f"{st.duplicates} linked to an earlier near-copy"),
    ):
        typer.echo(printable(f"{label:<11} {value}"))


@app.command("tag")
def tag_command(
    file: Annotated[
        str | None, typer.Argument(help="Plain text file to tag, or - for standard input.")
    ] = None,
    dct: Annotated[
        str | None, typer.Option("--dct", help="Document date YYYY-MM-DD for plain text.")
    ] = None,
    timeml_dir: Annotated[
        Path | None,
        typer.Option("--timeml", help="Directory of TimeML (.tml / .TE3input) files to tag."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Output directory for tagged TimeML.")
    ] = None,
    score: Annotated[
        bool,
        typer.Option("--score", help="With --timeml: score OUT against the TIMEX3s in IN."),
    ] = False,
    disable: Annotated[
        str | None, typer.Option("--disable", help="Rule groups to switch off (comma list).")
    ] = None,
) -> None:
    """Tag temporal expressions (TIMEX3): TimeML in and out, or text in and JSON spans out."""
    from dateline.timex import commands

    try:
        tagger = commands.make_tagger(split_keywords(disable))
    except ValueError as exc:
        fail(str(exc), 2)
        return
    if timeml_dir is not None:
        if out is None:
            fail("--timeml needs --out OUT_DIR", 2)
            return
        if not timeml_dir.is_dir():
            fail(f"{timeml_dir}: not a directory", 2)
        try:
            written, problems, result = commands.tag_timeml(timeml_dir, out, tagger, score)
        except OSError as exc:
            fail(f"{out}: cannot write ({exc.strerror or exc})")
            return
        for problem in problems:
            typer.echo(f"dateline: {problem}", err=True)
        typer.echo(f"dateline: tagged {written} file(s) into {out}", err=True)
        if result is not None:
            typer.echo(commands.score_table(result))
        return
    if file is None:
        fail("give a text FILE (or -) with --dct, or --timeml IN_DIR --out OUT_DIR", 2)
        return
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror
        fail(f"{file}: cannot read ({reason or exc})")
        return
    try:
        day = parse_date(dct, "dct")
    except RequestError as exc:
        _refuse(exc)
    _emit(commands.tag_text(text, day, tagger), None)


try:  # Typer 0.2x raises the exceptions of its own copy of click; older ones click's
    from typer._click import exceptions as _click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as _click_errors  # type: ignore[no-redef]


def main() -> None:
    # Click's own errors (a bad option value, an unknown option) are caught here rather
    # than printed by click, which draws a box over several lines: a bad request is one
    # line on stderr and exit status 2, like every other refusal.
    try:
        result = app(standalone_mode=False)
    except _click_errors.NoArgsIsHelpError as exc:  # bare `dateline`: the help, shown
        sys.exit(exc.exit_code)
    except _click_errors.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "dateline"
        typer.echo(f"dateline: {_plain(exc.format_message())} (see '{where} --help')", err=True)
        sys.exit(2)
    except _click_errors.ClickException as exc:
        typer.echo(f"dateline: {_plain(exc.format_message())}", err=True)
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, _click_errors.Abort, typer.Abort):
        typer.echo("dateline: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    # Without standalone mode, click returns an `Exit`'s status instead of exiting.
    if isinstance(result, int) and not isinstance(result, bool):
        sys.exit(result)
