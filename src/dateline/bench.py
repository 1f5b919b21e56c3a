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
import hashlib
import itertools
import json
import os
import pickle
import platform
import resource
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from dateline import __version__
from dateline.evaluate import Scores, TimelineWarning, average, evaluate, read_timelines
from dateline.model import Article, Problem
from dateline.pipeline import LoadResult, load_articles
from dateline.timeline import (
    Corpus,
    MethodParams,
    Prepared,
    TimelineOptions,
    build_timeline,
)
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


# The configurations model selection chooses among (nested leave-one-topic-out, see
# `nested_selection`): every switch of the method's date evidence, date ranking, date
# coverage and summaries. The shipped default (`MethodParams()`) is the one this
# selection picks on all development topics; docs/benchmarks.md records which.
GRID_AXES: dict[str, tuple[Any, ...]] = {
    "evidence": ("topic", "all"),
    "weekdays": (False, True),
    "volume": (0.0, 0.5, 1.0),
    "sources": (0.0, 0.5),
    "coverage": (0.0, 0.5),
    "summary": ("centroid", "events"),
}
# WordLlama event grouping, tried and not adopted (docs/benchmarks.md): `grid(semantic=True)`
# adds it back (with summary=events only; needs the optional wordllama package).
SEMANTIC_AXIS = {"semantic": (False, True)}
# What a configuration is chosen by, set a priori: the ROUGE the field reports first.
SELECT_BY = ("align_m1_r1_f", "align_m1_r2_f")


def grid(
    axes: dict[str, tuple[Any, ...]] | None = None, semantic: bool = False
) -> list[MethodParams]:
    """Every combination of the axes, the shipped default first."""
    axes = dict(GRID_AXES if axes is None else axes)
    if semantic:
        if not _semantic():
            raise BenchError("semantic grouping needs the optional package wordllama")
        axes |= SEMANTIC_AXIS
    names = list(axes)
    configs = [
        MethodParams(**dict(zip(names, v, strict=True)))
        for v in itertools.product(*(axes[n] for n in names))
    ]
    # Semantic grouping changes nothing a benchmark scores unless events are summarised.
    configs = [c for c in configs if not c.semantic or c.summary == "events"]
    default = MethodParams()
    return [default] + [c for c in configs if c != default]


def fitted_configs(configs: list[MethodParams]) -> list[MethodParams]:
    """The configurations that differ under a fitted date model, in order: it has its own
    volume, outlet and weekday weights, so those axes collapse (weekday mentions are
    counted, and the model's weekday features set their discount)."""
    default = MethodParams()
    out = [
        replace(c, weekdays=True, volume=default.volume, sources=default.sources) for c in configs
    ]
    return list(dict.fromkeys(out))


def _semantic() -> bool:
    import importlib.util

    return importlib.util.find_spec("wordllama") is not None


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
    prepared: list[Prepared] = field(default_factory=list)  # per reference
    weights: dict[str, float] | None = None  # the date model fitted without this topic
    cached: bool = False  # the annotated articles came from the cache


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
    ref: Reference,
    topic: Topic,
    weights: dict[str, float] | None,
    extension: int = 0,
    method: MethodParams | None = None,
) -> TimelineOptions:
    first, last = input_window(ref, extension)
    return TimelineOptions(
        method=method or MethodParams(),
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
    configs: list[MethodParams] | None = None,
    cache: Path | None = None,
    log: Callable[[str], None] = lambda _msg: None,
    dask: str | None = None,
) -> dict:
    """Run the protocol; returns the report as a JSON-able dict.

    Every configuration in `configs` (default: only the shipped method) is scored on
    every reference timeline; with more than one, the headline is the nested
    leave-one-topic-out figure (`nested_selection`). `cache`, a folder, keeps each
    topic's annotated articles between runs (reading and tagging dominate the time).
    `extension` widens each reference's input window by that many days on each side;
    None does what news-tls does: 7 for a dataset directory named `entities`, else 0.
    """
    run_started = time.perf_counter()
    if extension is None:
        extension = 7 if dataset.name.lower() == "entities" else 0
    configs = configs or [MethodParams()]
    if fit_dates:
        configs = fitted_configs(configs)
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
        loaded, cached = _load_topic(topic, workers, cache, load)
        read_s = time.perf_counter() - t0
        refs = read_references(topic, log)
        run_ = TopicRun(topic, loaded.articles, loaded.problems, refs, read_s, cached=cached)
        how = "from the cache" if cached else "read"
        log(f"{topic.name}: {len(loaded.articles)} articles {how} in {read_s:.1f}s")
        runs.append(run_)
    if dask is not None:
        load.close()

    if len(runs) < 2:  # nothing to select on without a second topic
        configs = configs[:1]
    for run_ in runs:
        t0 = time.perf_counter()
        by_window: dict[tuple[dt.date, dt.date], tuple[list[Article], Corpus, Prepared]] = {}
        for ref in run_.references:
            window = input_window(ref, extension)
            if window not in by_window:
                articles = window_articles(run_.articles, *window)
                corpus = Corpus.of(articles)
                options = _timeline_options(ref, run_.topic, None, extension)
                by_window[window] = (articles, corpus, Prepared(corpus, options))
            articles, corpus, prepared = by_window[window]
            run_.windows.append((articles, corpus))
            run_.prepared.append(prepared)
        if fit_dates:  # every reference window's date statistics, to fit the date model
            run_.stats = [
                prepared.stats(_timeline_options(ref, run_.topic, None, extension), configs[0])
                for ref, prepared in zip(run_.references, run_.prepared, strict=True)
            ]
        run_.prep_seconds = time.perf_counter() - t0
    if fit_dates:  # one date model per held-out topic, fitted on the others
        for run_ in runs:
            t0 = time.perf_counter()
            run_.weights = _fitted_weights(run_, runs)
            run_.prep_seconds += time.perf_counter() - t0

    # scores[c][t] = the Scores of configuration c on every reference of topic t. The
    # shipped configuration runs here first (its time is the protocol's); the others, on
    # `workers` forked processes sharing the prepared windows.
    started = time.perf_counter()
    first, topic_seconds = _score_config(runs, configs[0], extension, fit_dates)
    timings = [
        {
            "topic": run_.topic.name,
            "articles": len(run_.articles),
            "problems": len(run_.problems),
            "read_annotate_seconds": round(run_.read_seconds, 2),
            "read_from_cache": run_.cached,
            "timeline_seconds": round(seconds + run_.prep_seconds, 2),
        }
        for run_, seconds in zip(runs, topic_seconds, strict=True)
    ]
    scores = [first, *_score_configs(runs, configs[1:], extension, fit_dates, workers)]
    config_seconds = [time.perf_counter() - started]
    if len(configs) > 1:
        for c, (method, per_topic) in enumerate(zip(configs, scores, strict=True)):
            mean = average([x for t in per_topic for x in t])
            log(
                f"config {c + 1}/{len(configs)} {describe(method)}: R1 {mean.align_m1_r1_f:.3f} "
                f"R2 {mean.align_m1_r2_f:.3f} dateF1 {mean.date_f1:.3f}"
            )

    selection = nested_selection(scores) if len(configs) > 1 and len(runs) > 1 else None
    rows = []
    for t, run_ in enumerate(runs):
        c = selection["chosen"][t] if selection else 0
        for ref, sc in zip(run_.references, scores[c][t], strict=True):
            row = {
                "topic": ref.topic,
                "collection": ref.collection,
                "timeline": ref.file,
                "dates": len(ref.timeline),
                "sentences_per_date": ref.sentences_per_date,
                "config": describe(configs[c]),
            }
            row.update(sc.as_dict())
            rows.append(row)
            log(
                f"  {ref.collection}/{ref.file}: R1 {sc.align_m1_r1_f:.3f} "
                f"R2 {sc.align_m1_r2_f:.3f} dateF1 {sc.date_f1:.3f}"
            )
    all_scores = [sc for t in (selection["held_out"] if selection else scores[0]) for sc in t]
    mean = average(all_scores).as_dict() if all_scores else {}
    report: dict[str, Any] = {
        "dateline_version": __version__,
        "dataset": str(dataset),
        "window_extension_days": extension,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine_info(),
        "date_model": "fitted leave-one-topic-out" if fit_dates else "default weights",
        "headline": (
            "nested leave-one-topic-out: each topic scored with the configuration best on"
            " the others"
            if selection
            else "the shipped method (no selection)"
        ),
        "rows": rows,
        "average": mean,
        "timings": timings,
        "total_seconds": round(
            sum(t["read_annotate_seconds"] + t["timeline_seconds"] for t in timings), 2
        ),
        "configs_seconds": round(sum(config_seconds), 2),  # every configuration, wall clock
        "run_seconds": round(time.perf_counter() - run_started, 2),  # the whole run
        "peak_memory_mb": peak_memory_mb(),
        "cpu_seconds": cpu_seconds(),
        # How fast the machine ran Python just before and after: compare the times of
        # two runs only when their reference loops agree.
        "reference_loop_ms": [reference_before, reference_loop_ms()],
        "skipped_topics": skipped,
        "references": REFERENCE_ROWS,
    }
    if len(configs) > 1:
        report["selection"] = {
            "select_by": list(SELECT_BY),
            "chosen_per_held_out_topic": {
                run_.topic.name: describe(configs[c])
                for run_, c in zip(runs, selection["chosen"] if selection else [], strict=False)
            },
            "chosen_on_all_topics": describe(configs[_best(scores, range(len(runs)))]),
            "shipped_default": describe(configs[0]),
            "shipped_default_average": average([x for t in scores[0] for x in t]).as_dict(),
            # Development numbers: chosen and scored on the same topics (optimistic).
            "configs": [
                {"config": describe(m)}
                | _headline(average([x for t in per_topic for x in t]))
                | {
                    "per_topic": {
                        run_.topic.name: _headline(average(t))
                        for run_, t in zip(runs, per_topic, strict=True)
                    }
                }
                for m, per_topic in zip(configs, scores, strict=True)
            ],
        }
    return report


def _score_config(
    runs: list[TopicRun], method: MethodParams, extension: int, fit_dates: bool
) -> tuple[list[list[Scores]], list[float]]:
    """One configuration's Scores on every reference of every topic, and the seconds
    each topic took."""
    per_topic: list[list[Scores]] = []
    seconds: list[float] = []
    for run_ in runs:
        t0 = time.perf_counter()
        weights = run_.weights if fit_dates else None
        topic_scores = []
        for ref, (articles, _), prepared in zip(
            run_.references, run_.windows, run_.prepared, strict=True
        ):
            options = _timeline_options(ref, run_.topic, weights, extension, method)
            predicted = build_timeline(articles, options, prepared=prepared)
            pred = {e.date: [s.text for s in e.sentences] for e in predicted.entries}
            topic_scores.append(evaluate(pred, [ref.timeline]))
        per_topic.append(topic_scores)
        seconds.append(time.perf_counter() - t0)
    return per_topic, seconds


# What forked workers score configurations with (set before the fork, read after it).
_FORKED: dict[str, Any] = {}


def _score_forked(method: MethodParams) -> list[list[Scores]]:
    return _score_config(_FORKED["runs"], method, _FORKED["extension"], _FORKED["fit"])[0]


def _score_configs(
    runs: list[TopicRun],
    configs: list[MethodParams],
    extension: int,
    fit_dates: bool,
    workers: int | None,
) -> list[list[list[Scores]]]:
    import multiprocessing

    from dateline.pipeline import default_workers

    n = min(default_workers() if workers is None else workers, len(configs))
    if n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_score_config(runs, m, extension, fit_dates)[0] for m in configs]
    _FORKED.update(runs=runs, extension=extension, fit=fit_dates)
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            return pool.map(_score_forked, configs, chunksize=max(1, len(configs) // (4 * n)))
    finally:
        _FORKED.clear()


def describe(method: MethodParams) -> str:
    """A configuration as one short line, its fields in order."""
    return " ".join(f"{k}={getattr(method, k)}" for k in MethodParams.__slots__)


def _headline(s: Scores) -> dict[str, float]:
    return {k: round(getattr(s, k), 4) for k in ("align_m1_r1_f", "align_m1_r2_f", "date_f1")}


def _objective(s: Scores) -> float:
    return sum(getattr(s, k) for k in SELECT_BY)


def _best(scores: list[list[list[Scores]]], topics: Any) -> int:
    """The configuration with the best news-tls average over `topics` (ties: the first,
    which puts the shipped default ahead of an equal alternative)."""
    topics = list(topics)
    values = [_objective(average([x for t in topics for x in per[t]])) for per in scores]
    return max(range(len(values)), key=lambda c: (values[c], -c))


def nested_selection(scores: list[list[list[Scores]]]) -> dict[str, Any]:
    """Leave one topic out: for each topic, the configuration best on the other topics,
    and that configuration's scores on the topic left out. Model selection never sees
    the topic it is scored on; the average of these held-out scores is the honest
    figure for what the selection procedure gives on a new topic."""
    n = len(scores[0])
    chosen = [_best(scores, [u for u in range(n) if u != t]) for t in range(n)]
    return {"chosen": chosen, "held_out": [scores[c][t] for t, c in enumerate(chosen)]}


def _fitted_weights(run_: TopicRun, runs: list[TopicRun]) -> dict[str, float] | None:
    others = [
        (stats, set(ref.timeline), other.topic.name)
        for other in runs
        if other is not run_
        for stats, ref in zip(other.stats, other.references, strict=True)
    ]
    if not others:
        return None
    examples = [(stats, gold) for stats, gold, _ in others]
    return fit_date_weights(examples, groups=[name for _, _, name in others])


def _load_topic(
    topic: Topic,
    workers: int | None,
    cache: Path | None,
    load: Callable[[list[Path]], LoadResult] | None = None,
) -> tuple[LoadResult, bool]:
    """The topic's annotated articles (read by `load`: by default `load_articles` on
    `workers` processes), from `cache` when an earlier run of this very code on these very
    files stored them."""
    load = load or partial(load_articles, workers=workers)
    if cache is None:
        return load(topic.inputs), False
    path = cache / f"{topic.name}-{_cache_key(topic)}.pickle"
    if path.exists():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh), True
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a damaged or stale cache entry: read again
    loaded = load(topic.inputs)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(loaded, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return loaded, False


# The code that turns raw files into annotated articles: what a cached topic depends on.
_ANNOTATING = (
    "read/",
    "timex/",
    "model.py",
    "clean.py",
    "pipeline.py",
    "attribution.py",
    "pubdate.py",
    "dedup.py",
    "sentences.py",
)


def _cache_key(topic: Topic) -> str:
    """Changes when an input file or the code of a stage before the timeline changes."""
    h = hashlib.sha1(__version__.encode())
    src = Path(__file__).parent
    for f in sorted(src.rglob("*.py")):
        rel = f.relative_to(src).as_posix()
        if not rel.startswith(_ANNOTATING):
            continue
        h.update(rel.encode() + f.read_bytes())
    for p in topic.inputs:
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.is_file():
                st = f.stat()
                h.update(f"{f}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


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


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and its finished workers: on a shared
    machine the wall-clock figures include waiting for a core, this does not."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round(own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime, 2)


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
    sel = report.get("selection")
    if sel:
        lines += [
            "",
            f"**Headline: {report['headline']}** (chosen by {' + '.join(sel['select_by'])}).",
            "",
            "| held-out topic | configuration chosen on the other topics |",
            "|---|---|",
        ]
        lines += [f"| {t} | {c} |" for t, c in sel["chosen_per_held_out_topic"].items()]
        d = sel["shipped_default_average"]
        lines += [
            "",
            f"Chosen on all these topics: {sel['chosen_on_all_topics']}.",
            f"The shipped default ({sel['shipped_default']}) on these topics (a development"
            f" number when it was chosen on them): R1 {_fmt(d['align_m1_r1_f'])},"
            f" R2 {_fmt(d['align_m1_r2_f'])}, date F1 {_fmt(d['date_f1'])}.",
            "",
            "### Every configuration on all topics (development numbers, best first)",
            "",
            "| configuration | align+ m:1 R1 F | R2 F | date F1 |",
            "|---|---|---|---|",
        ]
        ranked = sorted(sel["configs"], key=lambda c: -sum(c[k] for k in sel["select_by"]))
        lines += [
            f"| {c['config']} | {c['align_m1_r1_f']:.4f} | {c['align_m1_r2_f']:.4f} |"
            f" {c['date_f1']:.4f} |"
            for c in ranked
        ]
    else:
        lines += ["", f"Headline: {report.get('headline', 'the shipped method')}."]
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
        f"Total: {report['total_seconds']} s for the shipped method (wall clock); the whole"
        f" run, every configuration included: {report.get('run_seconds', '?')} s wall clock,"
        f" {report.get('cpu_seconds', '?')} s CPU (workers included); peak memory of one"
        f" process {report['peak_memory_mb']} MB;"
        " reference loop (CPU ms for a fixed pure-Python loop, before and after: how fast"
        f" the machine was) {' / '.join(map(str, report['reference_loop_ms']))}.",
        "",
    ]
    if report["skipped_topics"]:
        lines += [f"Skipped (no articles file): {', '.join(report['skipped_topics'])}.", ""]
    return "\n".join(lines)
