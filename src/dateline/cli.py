"""The `dateline` command: a thin shell over the library. No logic lives here."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from dateline.model import Article, Problem, Timeline
from dateline.pipeline import load_articles
from dateline.read import FORMATS as INPUT_FORMATS
from dateline.timeline import Corpus, TimelineOptions, build_timeline

app = typer.Typer(
    name="dateline",
    help="Turn a pile of news articles into a dated, source-attributed timeline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 1) -> None:
    """Print one clear line on stderr and exit; never a traceback."""
    typer.echo(f"dateline: {message}", err=True)
    raise typer.Exit(code)


# --- commands are added below, one thin function each ---


def _parse_day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date (YYYY-MM-DD)", 2)
    return None


def _date_range(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    """--start and --end as dates, in order."""
    first, last = _parse_day(start, "--start"), _parse_day(end, "--end")
    if first is not None and last is not None and first > last:
        fail(f"--start {start} is after --end {end}", 2)
    return first, last


def _split_keywords(value: str | None) -> tuple[str, ...]:
    return tuple(k.strip() for k in (value or "").split(",") if k.strip())


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{out}: cannot write ({exc.strerror or exc})")
    typer.echo(f"dateline: wrote {out}", err=True)


class _Reporter:
    """Prints each skipped input as one line on stderr, and a progress bar on a terminal."""

    def __init__(self) -> None:
        self.articles = 0
        self.problems: list[Problem] = []
        self.console = Console(stderr=True)
        self.progress: Progress | None = None
        if self.console.is_terminal:
            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("reading articles"),
                TextColumn("{task.completed} read"),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self.task = self.progress.add_task("read", total=None)
            self.progress.start()

    def __call__(self, item: Article | Problem) -> None:
        if isinstance(item, Problem):
            self.problems.append(item)
            kind = "skipped" if item.skipped else "warning"
            self.console.print(
                f"dateline: {kind}: {item}", markup=False, highlight=False, soft_wrap=True
            )
        else:
            self.articles += 1
            if self.progress is not None:
                self.progress.update(self.task, completed=self.articles)

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
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)


@app.command()
def timeline(
    paths: Annotated[list[Path] | None, typer.Argument(help="Article files or folders.")] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="terminal, json, markdown, html, timelinejs")
    ] = "terminal",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    max_dates: Annotated[
        int | None, typer.Option(min=1, help="Number of dates (default: chosen from the data).")
    ] = None,
    sentences_per_date: Annotated[int, typer.Option(min=1)] = 2,
    start: Annotated[str | None, typer.Option(help="First date, YYYY-MM-DD.")] = None,
    end: Annotated[
        str | None,
        typer.Option(
            help="Last date, YYYY-MM-DD (articles published the day after are read too, "
            "for that day's reports)."
        ),
    ] = None,
    keywords: Annotated[
        str | None, typer.Option(help="Comma-separated; sentences must contain one.")
    ] = None,
    query: Annotated[str | None, typer.Option(help="Free-text topic, e.g. 'Kim Jong Un'.")] = None,
    format_in: Annotated[
        str | None,
        typer.Option("--format-in", help="Force the input format: text, t17, jsonl, html."),
    ] = None,
    db: Annotated[str | None, typer.Option(help="Build from a dateline database instead.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Processes for annotation.")] = None,
) -> None:
    """Build the timeline of a set of articles."""
    from dateline.render import FORMATS, render

    if format not in FORMATS:
        fail(f"--format {format!r}: choose one of {', '.join(FORMATS)}", 2)
    if keywords and query:
        fail("give --keywords or --query, not both", 2)
    if format_in is not None and format_in not in INPUT_FORMATS:
        fail(f"--format-in {format_in!r}: choose one of {', '.join(INPUT_FORMATS)}", 2)
    if db is not None and paths:
        fail("give article files or folders, or --db, not both", 2)
    first, last = _date_range(start, end)
    options = TimelineOptions(
        max_dates=max_dates,
        sentences_per_date=sentences_per_date,
        start=first,
        end=last,
        keywords=_split_keywords(keywords),
        query=query,
    )
    if db is not None:
        from dateline.store import StoreError, timeline_from_store

        try:
            result = timeline_from_store(db, options)
        except StoreError as exc:
            fail(str(exc))
    else:
        if not paths:
            fail("give article files or folders, or --db", 2)
        reporter = _Reporter()
        try:
            loaded = load_articles(paths, format=format_in, workers=workers, on_article=reporter)
        finally:
            reporter.close()
        if not loaded.articles:
            fail("no usable article was read")
        result = build_timeline(loaded.articles, options, problems=loaded.problems)
    if format == "terminal" and out is None:
        from dateline.render.terminal import render_terminal

        render_terminal(result, Console())
        return
    _emit(render(result, format), out)


@app.command()
def demo(
    format: Annotated[str, typer.Option("--format", "-f")] = "terminal",
    out: Annotated[Path | None, typer.Option("--out", "-o")] = None,
) -> None:
    """Build and show the timeline of the bundled demo corpus."""
    from dateline.demo import corpus_path

    timeline(
        paths=[corpus_path()],
        format=format,
        out=out,
        max_dates=None,
        sentences_per_date=2,
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
    paths: Annotated[list[Path] | None, typer.Argument(help="Article files or folders.")] = None,
    db: Annotated[str | None, typer.Option(help="Serve timelines from this database.")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    keywords: Annotated[str | None, typer.Option(help="Comma-separated topic filter.")] = None,
) -> None:
    """Browse timelines in a web page (needs the `web` extra: fastapi, uvicorn)."""
    try:
        import uvicorn

        from dateline.web import create_app
    except ImportError:
        fail("the web page needs fastapi and uvicorn: pip install 'dateline[web]'")
    base = TimelineOptions(keywords=_split_keywords(keywords))
    if db is not None:
        if paths:
            fail("give article files or folders, or --db, not both", 2)
        provider = _store_provider(db, base)
    else:
        if not paths:
            fail("give article files or folders, or --db", 2)
        reporter = _Reporter()
        try:
            loaded = load_articles(paths, on_article=reporter)
        finally:
            reporter.close()
        if not loaded.articles:
            fail("no usable article was read")
        corpus = Corpus.of(loaded.articles)

        def provider(
            query: str | None, start: dt.date | None, end: dt.date | None, max_dates: int | None
        ) -> Timeline:
            options = _request_options(base, query, start, end, max_dates)
            return build_timeline(loaded.articles, options, corpus=corpus, problems=loaded.problems)

    typer.echo(f"dateline: serving on http://{host}:{port}/", err=True)
    uvicorn.run(create_app(provider), host=host, port=port, log_level="warning")


def _request_options(
    base: TimelineOptions,
    query: str | None,
    start: dt.date | None,
    end: dt.date | None,
    max_dates: int | None,
) -> TimelineOptions:
    """The options of one web request: the served ones with the request's search."""
    return replace(base, query=query, start=start, end=end, max_dates=max_dates)


def _store_provider(
    db: str, base: TimelineOptions
) -> Callable[[str | None, dt.date | None, dt.date | None, int | None], Timeline]:
    """The web app's timelines from a database (checked now: a missing or foreign file is
    the user's to hear at start-up, not a page's 500)."""
    from dateline.store import NoMatchError, Store, StoreError, timeline_from_store

    try:
        Store(db, create=False).close()
    except StoreError as exc:
        fail(str(exc))

    def provider(
        query: str | None, start: dt.date | None, end: dt.date | None, max_dates: int | None
    ) -> Timeline:
        options = _request_options(base, query, start, end, max_dates)
        try:
            return timeline_from_store(db, options)
        except NoMatchError:
            # A search that finds nothing is an answer, an empty timeline, as it is when
            # serving files. (A QueryError is a ValueError: the page shows it as a 400.)
            return Timeline(entries=[], articles=[], query=query, keywords=base.keywords)

    return provider


@app.command()
def bench(
    dataset: Annotated[
        Path, typer.Argument(help="A directory in the Timeline17 or the news-tls layout.")
    ],
    report: Annotated[Path, typer.Option(help="Folder for report.json and report.md.")] = Path(
        "bench-report"
    ),
    topic: Annotated[list[str] | None, typer.Option(help="Only these topics.")] = None,
    workers: Annotated[int | None, typer.Option(min=1)] = None,
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
    dask: Annotated[
        str | None,
        typer.Option(help="Read and annotate on a Dask cluster: local:N or tcp://HOST:8786."),
    ] = None,
) -> None:
    """Run the timeline benchmark protocol (news-tls style) and write a report."""
    from dateline.bench import BenchError, run, write_report
    from dateline.evaluate import EvaluationError

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
            log=lambda m: typer.echo(m, err=True),
            dask=dask,
        )
    except errors as exc:
        fail(str(exc))
    command = "dateline bench " + " ".join(sys.argv[2:])
    json_path, md_path = write_report(result, report, command)
    avg = result["average"]
    typer.echo(
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

    if format not in ("text", "json"):
        fail(f"--format {format!r}: choose text or json", 2)
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
    # A str, not a Path: a PostgreSQL URL (postgresql://USER@HOST/DB) is a database too.
    db: Annotated[
        str, typer.Option(help="The database: a file (created if missing) or postgresql://...")
    ] = "dateline.db",
    format_in: Annotated[
        str | None,
        typer.Option("--format-in", help="Force the input format: text, t17, jsonl, html."),
    ] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Processes for annotation.")] = None,
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
    from dateline.store import IngestReport, Store, StoreError

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
        progress = Progress(
            SpinnerColumn(),
            TextColumn("ingesting"),
            TextColumn("{task.fields[line]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        task = progress.add_task("ingest", total=None, line="")
    shown = 0

    def tick(report: IngestReport) -> None:
        nonlocal shown
        for problem in report.problems[shown:]:
            kind = "skipped" if problem.skipped else "warning"
            console.print(
                f"dateline: {kind}: {problem}", markup=False, highlight=False, soft_wrap=True
            )
        shown = len(report.problems)
        if progress is not None:
            line = f"{report.added} added, {report.unchanged} unchanged"
            progress.update(task, line=line)

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
    console.print(
        f"dateline: {shown_db}: {report.summary()}", markup=False, highlight=False, soft_wrap=True
    )


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words that must all occur, e.g. 'Kim Jong Un'.")],
    db: Annotated[str, typer.Option(help="The database file or postgresql://...")] = "dateline.db",
    limit: Annotated[int, typer.Option(min=1, help="Number of articles.")] = 20,
    start: Annotated[str | None, typer.Option(help="Published on or after, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option(help="Published by, YYYY-MM-DD.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per article.")] = False,
) -> None:
    """Find the articles (and their sentences, with dates) that match a query."""
    import json

    from dateline.store import Store, StoreError

    first, last = _date_range(start, end)
    try:
        with Store(db, create=False) as store:
            hits = store.search(query, limit, start=first, end=last)
            shown_db = store.path
    except StoreError as exc:
        fail(str(exc))
        return
    if not hits:
        fail(f"no article in {shown_db} matches {query!r}")
    for hit in hits:
        a = hit.article
        if json_out:
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
        head = f"{when}  {a.source or '-'}  {a.id}"
        if a.title:
            head += f"  {a.title}"
        if hit.duplicate_of:
            head += f"  [near-duplicate of {hit.duplicate_of}]"
        typer.echo(head)
        for s in hit.sentences:
            days = ", ".join(d.isoformat() for d in s.days)
            typer.echo(f"    [{s.index}] {s.text}" + (f"  ({days})" if days else ""))


@app.command()
def stats(
    db: Annotated[str, typer.Option(help="The database file or postgresql://...")] = "dateline.db",
    json_out: Annotated[bool, typer.Option("--json", help="As one JSON object.")] = False,
) -> None:
    """What a database holds: articles, sources, date range, undated, duplicates."""
    import dataclasses
    import json

    from dateline.store import Store, StoreError

    try:
        with Store(db, create=False) as store:
            st = store.stats()
    except StoreError as exc:
        fail(str(exc))
        return
    if json_out:
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
        typer.echo(f"{label:<11} {value}")


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
        tagger = commands.make_tagger(_split_keywords(disable))
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
    _emit(commands.tag_text(text, _parse_day(dct, "--dct"), tagger), None)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("dateline: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
