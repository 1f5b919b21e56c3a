"""The timeline-summarisation benchmark protocol, as news-tls runs it.

For each reference timeline of a topic: the articles of the topic published from the
reference's first to its last date, and no later (see `window_articles`); as many dates
as the reference has; round(mean sentences per reference date) sentences per date; the
topic's keywords as the filter. With `fit_dates`, a date model is fitted
leave-one-topic-out (a topic is never scored with weights that saw it) instead of using
the default, unfitted weights.

Works on any directory in either layout the public datasets come in:
- Timeline17's: `<Collection>/InputDocs/<date>/*`,
  `<Collection>/timelines/*.txt`, and `topics.json` mapping topics to collections and
  keywords (without it, every collection is its own topic, with no keywords);
- news-tls's (Timeline17, Crisis and Entities as news-tls distributes them):
  `<topic>/articles*.jsonl[.gz]`, `<topic>/timelines.jsonl` (one reference timeline a
  line) and `<topic>/keywords.json` (a list of words).
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import resource
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from dateline import __version__
from dateline.evaluate import Scores, TimelineWarning, average, evaluate, read_timelines
from dateline.model import Article, Problem
from dateline.pipeline import load_articles
from dateline.timeline import Corpus, TimelineOptions, build_timeline, candidate_dates
from dateline.timeline.dates import DateStats, fit_date_weights

METRICS = (
    "concat_r1_f",
    "concat_r2_f",
    "agreement_r1_f",
    "agreement_r2_f",
    "align_m1_r1_f",
    "align_m1_r2_f",
    "date_f1",
)

# Published numbers, for comparison in the report (see ../shared/data/README.md).
REFERENCE_ROWS = [
    {
        "system": "news-tls Datewise, re-run on the T17 development split (11 timelines)",
        "align_m1_r1_f": 0.148,
        "align_m1_r2_f": 0.042,
        "date_f1": 0.651,
        "concat_r1_f": 0.374,
        "concat_r2_f": 0.103,
        "agreement_r1_f": 0.130,
        "agreement_r2_f": 0.038,
    },
    {
        "system": "Datewise (all of T17, published)",
        "align_m1_r1_f": 0.120,
        "align_m1_r2_f": 0.035,
        "date_f1": 0.544,
    },
    {
        "system": "Clust (all of T17, published)",
        "align_m1_r1_f": 0.082,
        "align_m1_r2_f": 0.020,
        "date_f1": 0.407,
    },
    {
        "system": "Martschat & Markert 2018 (all of T17)",
        "align_m1_r1_f": 0.105,
        "align_m1_r2_f": 0.030,
        "date_f1": 0.544,
    },
    {
        "system": "Qwen-72B LLM system (all of T17)",
        "align_m1_r1_f": 0.136,
        "align_m1_r2_f": 0.044,
        "date_f1": 0.576,
    },
]


class BenchError(Exception):
    """The benchmark directory is not usable (one line, for the CLI)."""


@dataclass(slots=True)
class Topic:
    name: str
    inputs: list[Path]  # article files and folders; none: the topic cannot be run
    timeline_files: list[tuple[str, Path]]  # (collection, file) of each reference file
    keywords: tuple[str, ...]


@dataclass(slots=True)
class Reference:
    topic: str
    collection: str
    file: str
    timeline: dict[dt.date, list[str]]

    @property
    def start(self) -> dt.date:
        return min(self.timeline)

    @property
    def end(self) -> dt.date:
        return max(self.timeline)

    @property
    def sentences_per_date(self) -> int:
        n = sum(len(v) for v in self.timeline.values()) / max(1, len(self.timeline))
        return max(1, round(n))


@dataclass(slots=True)
class TopicRun:
    topic: Topic
    articles: list[Article]
    problems: list[Problem]
    references: list[Reference]
    read_seconds: float
    # per reference: the articles of its input window, indexed (see `window_articles`)
    windows: list[tuple[list[Article], Corpus]] = field(default_factory=list)
    prep_seconds: float = 0.0  # building the corpus indexes and date statistics
    stats: list[dict[dt.date, DateStats]] = field(default_factory=list)


def discover_topics(dataset: Path) -> list[Topic]:
    """The topics of a benchmark directory, in either layout (see the module docstring)."""
    if not dataset.is_dir():
        raise BenchError(f"{dataset}: not a directory")
    collections = {p.parent.name: p.parent for p in sorted(dataset.glob("*/InputDocs"))}
    if collections:
        return _t17_topics(dataset, collections)
    topic_dirs = sorted(p.parent for p in dataset.glob("*/timelines.jsonl"))
    if topic_dirs:
        return [_newstls_topic(d) for d in topic_dirs]
    raise BenchError(
        f"{dataset}: neither <Collection>/InputDocs folders (Timeline17 layout) nor"
        " <topic>/timelines.jsonl files (news-tls layout)"
    )


def _t17_topics(dataset: Path, collections: dict[str, Path]) -> list[Topic]:
    def topic(name: str, paths: list[Path], keywords: tuple[str, ...]) -> Topic:
        timeline_files = [
            (c.name, f) for c in paths for f in sorted((c / "timelines").glob("*.txt"))
        ]
        return Topic(name, [c / "InputDocs" for c in paths], timeline_files, keywords)

    topics_file = dataset / "topics.json"
    if not topics_file.exists():
        return [topic(name, [path], ()) for name, path in collections.items()]
    spec = _read_json(topics_file)
    topics = []
    for name, entry in spec.items():
        paths = []
        for c in entry.get("collections", []):
            if c not in collections:
                raise BenchError(f"{topics_file}: topic {name} names missing collection {c}")
            paths.append(collections[c])
        topics.append(topic(name, paths, tuple(entry.get("keywords", ()))))
    return topics


def _newstls_topic(folder: Path) -> Topic:
    keywords_file = folder / "keywords.json"
    keywords = tuple(_read_json(keywords_file)) if keywords_file.exists() else ()
    articles = sorted(folder.glob("articles*.jsonl")) + sorted(folder.glob("articles*.jsonl.gz"))
    return Topic(folder.name, articles, [(folder.name, folder / "timelines.jsonl")], keywords)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BenchError(f"{path}: not readable JSON ({exc})") from exc


def read_references(
    topic: Topic, log: Callable[[str], None] = lambda _msg: None
) -> list[Reference]:
    """The topic's reference timelines; a damaged block in one is skipped and logged. A
    file with several (news-tls) names each by its line: `timelines.jsonl#2`."""
    refs = []
    for collection, path in topic.timeline_files:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TimelineWarning)
            timelines = read_timelines(path)
        for warning in caught:
            log(f"warning: {warning.message}")
        for i, timeline in enumerate(timelines, 1):
            if timeline:
                name = path.name if len(timelines) == 1 else f"{path.name}#{i}"
                refs.append(Reference(topic.name, collection, name, timeline))
    return refs


def input_window(ref: Reference, extension: int = 0) -> tuple[dt.date, dt.date]:
    """The days whose articles a reference's timeline is built from: its first to its
    last date, `extension` days wider on each side (news-tls: 7 for Entities, else 0)."""
    days = dt.timedelta(days=extension)
    return ref.start - days, ref.end + days


def window_articles(articles: list[Article], first: dt.date, last: dt.date) -> list[Article]:
    """The articles published from `first` to `last`, the only ones news-tls reads.

    (A timeline asked for with `end` also reads articles published the day after, for
    the reports of its last day; the protocol does not, and one of them can be the very
    chronology a reference timeline was written from: BBC's "Dr Conrad Murray: Trial
    timeline", published the day after the last date of the Michael Jackson reference.)
    """
    return [a for a in articles if a.published is not None and first <= a.published <= last]


def _timeline_options(
    ref: Reference, topic: Topic, weights: dict[str, float] | None, extension: int = 0
) -> TimelineOptions:
    first, last = input_window(ref, extension)
    return TimelineOptions(
        max_dates=len(ref.timeline),
        sentences_per_date=ref.sentences_per_date,
        start=first,
        end=last,
        keywords=topic.keywords,
        date_weights=weights,
    )


def run(
    dataset: Path,
    *,
    topics: list[str] | None = None,
    workers: int | None = None,
    fit_dates: bool = False,
    extension: int | None = None,
    log: Callable[[str], None] = lambda _msg: None,
    dask: str | None = None,
) -> dict:
    """Run the protocol; returns the report as a JSON-able dict.

    `extension` widens each reference's input window by that many days on each side;
    None does what news-tls does: 7 for a dataset directory named `entities`, else 0.
    """
    if extension is None:
        extension = 7 if dataset.name.lower() == "entities" else 0
    all_topics = discover_topics(dataset)
    chosen = [t for t in all_topics if topics is None or t.name in topics]
    if not chosen:
        raise BenchError(f"{dataset}: none of the topics {topics} is in topics.json")
    runs: list[TopicRun] = []
    skipped = [t.name for t in chosen if not t.inputs]
    for name in skipped:
        log(f"warning: {name}: no articles file (articles*.jsonl[.gz]), topic skipped")
    reference_before = reference_loop_ms()
    # Reading and annotation on a Dask cluster (`dateline.cluster`), or the process pool.
    load: Any = partial(load_articles, workers=workers)
    if dask is not None:
        from dateline.cluster import ClusterLoader

        load = ClusterLoader(dask)
    for topic in chosen:
        if not topic.inputs:
            continue
        t0 = time.perf_counter()
        loaded = load(topic.inputs)
        read_s = time.perf_counter() - t0
        refs = read_references(topic, log)
        run_ = TopicRun(topic, loaded.articles, loaded.problems, refs, read_s)
        log(f"{topic.name}: {len(loaded.articles)} articles read in {read_s:.1f}s")
        runs.append(run_)
    if dask is not None:
        load.close()

    for run_ in runs:
        t0 = time.perf_counter()
        by_window: dict[tuple[dt.date, dt.date], tuple[list[Article], Corpus]] = {}
        for ref in run_.references:
            window = input_window(ref, extension)
            if window not in by_window:
                articles = window_articles(run_.articles, *window)
                by_window[window] = (articles, Corpus.of(articles))
            run_.windows.append(by_window[window])
        if fit_dates:  # every reference window's date statistics, to fit the date model
            run_.stats = [
                candidate_dates(corpus, _timeline_options(ref, run_.topic, None, extension))[1]
                for ref, (_, corpus) in zip(run_.references, run_.windows, strict=True)
            ]
        run_.prep_seconds = time.perf_counter() - t0

    rows = []
    timings = []
    all_scores: list[Scores] = []
    for run_ in runs:
        t0 = time.perf_counter()
        weights = None
        if fit_dates:
            examples = [
                (stats, set(ref.timeline))
                for other in runs
                if other is not run_
                for stats, ref in zip(other.stats, other.references, strict=True)
            ]
            if examples:
                weights = fit_date_weights(examples)
        for ref, (articles, corpus) in zip(run_.references, run_.windows, strict=True):
            options = _timeline_options(ref, run_.topic, weights, extension)
            predicted = build_timeline(articles, options, corpus=corpus)
            pred = {e.date: [s.text for s in e.sentences] for e in predicted.entries}
            scores = evaluate(pred, [ref.timeline])
            all_scores.append(scores)
            row = {
                "topic": ref.topic,
                "collection": ref.collection,
                "timeline": ref.file,
                "dates": len(ref.timeline),
                "sentences_per_date": ref.sentences_per_date,
            }
            row.update(scores.as_dict())
            rows.append(row)
            log(
                f"  {ref.collection}/{ref.file}: R1 {scores.align_m1_r1_f:.3f} "
                f"R2 {scores.align_m1_r2_f:.3f} dateF1 {scores.date_f1:.3f}"
            )
        build_s = time.perf_counter() - t0 + run_.prep_seconds
        timings.append(
            {
                "topic": run_.topic.name,
                "articles": len(run_.articles),
                "problems": len(run_.problems),
                "read_annotate_seconds": round(run_.read_seconds, 2),
                "timeline_seconds": round(build_s, 2),
            }
        )
    mean = average(all_scores).as_dict() if all_scores else {}
    return {
        "dateline_version": __version__,
        "dataset": str(dataset),
        "window_extension_days": extension,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine_info(),
        "date_model": "fitted leave-one-topic-out" if fit_dates else "default weights",
        "rows": rows,
        "average": mean,
        "timings": timings,
        "total_seconds": round(
            sum(t["read_annotate_seconds"] + t["timeline_seconds"] for t in timings), 2
        ),
        "peak_memory_mb": peak_memory_mb(),
        # How fast the machine ran Python just before and after: compare the times of
        # two runs only when their reference loops agree.
        "reference_loop_ms": [reference_before, reference_loop_ms()],
        "skipped_topics": skipped,
        "references": REFERENCE_ROWS,
    }


def machine_info() -> dict:
    import os

    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }


def reference_loop_ms() -> float:
    """CPU milliseconds for a fixed pure-Python loop that no dateline code touches: how
    fast this machine runs Python at the moment. On a shared machine it moves by a
    quarter or more from minute to minute, and every timing moves with it."""
    started = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i * i % 7
    return round((time.process_time() - started) * 1000, 1)


def peak_memory_mb() -> float:
    """Peak resident memory of this process and its (finished) workers, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def write_report(report: dict, report_dir: Path, command: str) -> tuple[Path, Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    report = dict(report, command=command)
    json_path = report_dir / "report.json"
    json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    md_path = report_dir / "report.md"
    md_path.write_text(report_markdown(report), encoding="utf-8")
    return json_path, md_path


def _fmt(x: object) -> str:
    return f"{x:.3f}" if isinstance(x, float) else ("" if x is None else str(x))


def report_markdown(report: dict) -> str:
    cols = list(METRICS)
    lines = [
        "# Timeline benchmark",
        "",
        f"Dataset `{report['dataset']}`, dateline {report['dateline_version']}, "
        f"{report['date']}. Command: `{report.get('command', '')}`.",
        f"Machine: {report['machine']}.",
        f"Date model: {report['date_model']}. Averages as news-tls computes them: "
        "F1 of the mean precision and mean recall.",
        "",
        "| topic | collection | timeline | " + " | ".join(cols) + " |",
        "|---" * (3 + len(cols)) + "|",
    ]
    for row in report["rows"]:
        cells = [row["topic"], row["collection"], row["timeline"]]
        cells += [_fmt(row[c]) for c in cols]
        lines.append("| " + " | ".join(cells) + " |")
    avg = report["average"]
    lines.append(
        "| **average** | | | " + " | ".join(f"**{_fmt(avg.get(c))}**" for c in cols) + " |"
    )
    lines += [
        "",
        "## Published systems",
        "",
        "| system | " + " | ".join(cols) + " |",
        "|---" * (1 + len(cols)) + "|",
    ]
    for ref in report["references"]:
        lines.append(
            "| " + ref["system"] + " | " + " | ".join(_fmt(ref.get(c)) for c in cols) + " |"
        )
    lines += [
        "",
        "## Time and memory",
        "",
        "| topic | articles | skipped | read + annotate (s) | timelines (s) |",
        "|---|---|---|---|---|",
    ]
    for t in report["timings"]:
        lines.append(
            f"| {t['topic']} | {t['articles']} | {t['problems']} | "
            f"{t['read_annotate_seconds']} | {t['timeline_seconds']} |"
        )
    lines += [
        "",
        f"Total: {report['total_seconds']} s; peak memory {report['peak_memory_mb']} MB;"
        " reference loop (CPU ms for a fixed pure-Python loop, before and after: how fast"
        f" the machine was) {' / '.join(map(str, report['reference_loop_ms']))}.",
        "",
    ]
    if report["skipped_topics"]:
        lines += [f"Skipped (no articles file): {', '.join(report['skipped_topics'])}.", ""]
    return "\n".join(lines)
