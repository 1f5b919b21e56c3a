"""Benchmark of the corpus store: ingest throughput and memory, query-timeline latency.

    python benchmarks/store_bench.py t17 --repeat 5           # the 2,602 T17 dev articles
    python benchmarks/store_bench.py replicated --articles 100000
    python benchmarks/store_bench.py query --db /tmp/dateline-bench/replicated.db

`replicated` builds a corpus for scale only: the T17 development articles copied over
and over with fresh ids (each copy's first line gets a "Copy N :" prefix so its text,
hence its content hash, differs), written as JSON Lines under /tmp, never in the repo.
Every copy is therefore a near-duplicate of its original and is linked as one.

`--repeat N` ingests N times into a fresh store and reports the median run (by articles
per second per core) with every run listed: on a shared machine one run can be 20% off.

Reports go to benchmarks/reports/store_<name>.json and .md. Data come from
../shared/data (DATELINE_SHARED_DATA overrides).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from dateline.bench import reference_loop_ms
from dateline.model import Problem
from dateline.read import read_paths
from dateline.request import TimelineRequest, query_words
from dateline.source import timeline_from_store
from dateline.store import (
    QUERY_LIMIT,
    SENTENCE_BUDGET,
    IngestReport,
    Store,
)

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("DATELINE_SHARED_DATA", REPO.parent / "shared" / "data"))
REPORTS = REPO / "benchmarks" / "reports"
WORK = Path("/tmp/dateline-bench")

# Topics of the T17 dev set and people or places in them; each query runs `--runs` times.
QUERIES = [
    "BP oil spill",
    "Tony Hayward",
    "Deepwater Horizon",
    "swine flu",
    "H1N1 vaccine",
    "World Health Organization",
    "Haiti earthquake",
    "Port-au-Prince",
    "Michael Jackson",
    "Conrad Murray",
    "financial crisis",
    "Lehman Brothers",
    "Obama",
    "Mexico",
    "oil",
]


def _rss_kb(pid: int | str = "self") -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children() -> list[int]:
    pids: list[int] = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _cpu_jiffies() -> tuple[int, int] | None:
    """(steal, total) CPU time of the whole machine since boot, from /proc/stat (Linux):
    "steal" is time the hypervisor gave this VM's CPUs to someone else."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return (fields[7] if len(fields) > 7 else 0), sum(fields)


def _steal_percent(before: tuple[int, int] | None) -> float | None:
    after = _cpu_jiffies()
    if before is None or after is None or after[1] == before[1]:
        return None
    return round(100 * (after[0] - before[0]) / (after[1] - before[1]), 1)


def _db_size(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())


def ingest(db: Path, inputs: list[Path], workers: int, every: int) -> dict[str, Any]:
    """Ingest `inputs` into a fresh `db`, sampling memory as it goes."""
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    samples: list[dict[str, Any]] = []
    reference_before = reference_loop_ms()
    jiffies = _cpu_jiffies()
    started = time.perf_counter()
    cpu0 = _cpu_seconds()
    mark = [0]

    def progress(report: IngestReport) -> None:
        done = report.added + report.unchanged
        if done - mark[0] >= every:
            mark[0] = done
            kids = [_rss_kb(p) for p in _children()]
            samples.append(
                {
                    "articles": done,
                    "seconds": round(time.perf_counter() - started, 1),
                    "main_rss_mb": round(_rss_kb() / 1024, 1),
                    "worker_rss_mb": round(max(kids, default=0) / 1024, 1),
                }
            )
            print(json.dumps(samples[-1]), file=sys.stderr, flush=True)

    with Store(db) as store:
        report = store.ingest(read_paths(inputs), workers=workers, progress=progress)
        stats = store.stats()
    wall = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu0
    steal = _steal_percent(jiffies)
    reference_after = reference_loop_ms()
    processed = report.added + report.unchanged
    cores = min(workers, os.cpu_count() or 1)
    return {
        "articles_added": report.added,
        "unchanged": report.unchanged,
        "duplicates_linked": report.duplicates,
        "dates_inferred": report.inferred,
        "problems": sum(p.skipped for p in report.problems),
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),
        "workers": workers,
        "articles_per_second": round(processed / wall, 1),
        # Two ways to say "per core": wall rate over the cores used, and articles per
        # CPU-second actually spent (main process and workers together).
        "articles_per_second_per_core": round(processed / wall / cores, 1),
        "articles_per_cpu_second": round(processed / cpu, 1),
        # How busy the machine was elsewhere: CPU time taken by the hypervisor during the
        # run, and the reference loop's time just before and after it.
        "steal_percent": steal,
        "reference_loop_ms": [reference_before, reference_after],
        "peak_rss_main_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_worker_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
        "rss_samples": samples,
        "db_bytes": _db_size(db),
        "stats": {
            "articles": stats.articles,
            "sentences": stats.sentences,
            "mentions": stats.mentions,
            "duplicates": stats.duplicates,
            "undated": stats.undated,
            "first": str(stats.first),
            "last": str(stats.last),
        },
    }


def repeated_ingest(
    db: Path, inputs: list[Path], workers: int, every: int, repeat: int
) -> dict[str, Any]:
    """`ingest` `repeat` times into a fresh `db`: the median run, with all runs listed
    (peak memory: the first run's)."""
    runs = [ingest(db, inputs, workers, every) for _ in range(repeat)]
    median = dict(sorted(runs, key=lambda r: r["articles_per_second_per_core"])[(repeat - 1) // 2])
    if repeat > 1:
        # Peak RSS is a process-lifetime figure, and later runs fork their workers from a
        # parent that earlier runs have grown: the first run is the one a user sees.
        for key in ("peak_rss_main_mb", "peak_rss_worker_mb"):
            median[key] = runs[0][key]
        median["runs"] = [
            {k: r[k] for k in ("wall_seconds", "articles_per_second_per_core",
                               "articles_per_cpu_second", "steal_percent",
                               "reference_loop_ms")}
            for r in runs
        ]  # fmt: skip
    return median


def query_latency(db: Path, runs: int, limit: int = QUERY_LIMIT) -> dict[str, Any]:
    """Wall time of `timeline_from_store` (open, retrieve, build: what `dateline timeline
    --db` runs) per query, warm cache; retrieval alone is timed separately."""
    per_query: dict[str, Any] = {}
    times: list[float] = []
    for q in QUERIES:
        request = TimelineRequest(query=q)
        samples, retrieve = [], []
        n_articles = n_sentences = n_dates = 0
        for _ in range(runs):
            t0 = time.perf_counter()
            tl = timeline_from_store(db, request, limit=limit)
            samples.append(time.perf_counter() - t0)
            n_dates = len(tl.entries)
            t0 = time.perf_counter()
            # The same retrieval timeline_from_store does, without building the timeline.
            with Store(db, create=False) as store:
                articles = store.articles_for_query(
                    q, limit=limit, sentence_terms=query_words(q), max_sentences=SENTENCE_BUDGET
                )
            retrieve.append(time.perf_counter() - t0)
            n_articles = len(articles)
            n_sentences = sum(len(a.sentences) for a in articles)
        times += samples
        per_query[q] = {
            "articles": n_articles,
            "sentences": n_sentences,
            "dates": n_dates,
            "median_s": round(statistics.median(samples), 3),
            "retrieve_median_s": round(statistics.median(retrieve), 3),
        }
        print(q, per_query[q], file=sys.stderr, flush=True)
    times.sort()
    return {
        "limit": limit,
        "sentence_budget": SENTENCE_BUDGET,
        "runs_per_query": runs,
        "p50_s": round(times[len(times) // 2], 3),
        "p95_s": round(times[min(len(times) - 1, int(len(times) * 0.95))], 3),
        "max_s": round(times[-1], 3),
        "queries": per_query,
    }


def make_replicated(target: int, out: Path) -> int:
    """Write about `target` articles as JSON Lines: T17 dev articles, copied with new ids."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    originals = [d for d in read_paths([DATA / "t17"]) if not isinstance(d, Problem)]
    written, copy = 0, 0
    while written < target:
        with (out / f"copy-{copy:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for doc in originals:
                if written >= target:
                    break
                record = {
                    "id": f"copy{copy:03d}/{doc.id}",
                    "text": f"Copy {copy} : {doc.text}",
                    "title": doc.title,
                    "time": doc.published.isoformat() if doc.published else None,
                    "source": doc.source,
                }
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
        copy += 1
    return written


def _write_report(name: str, result: dict[str, Any]) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    result["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": __import__("sqlite3").sqlite_version,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    result["command"] = "python benchmarks/store_bench.py " + " ".join(sys.argv[1:])
    (REPORTS / f"store_{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [f"# Store benchmark: {name}", "", f"`{result['command']}`", ""]
    if "ingest" in result:
        ing = result["ingest"]
        lines += [
            "| ingest | value |",
            "|---|---|",
            *(
                f"| {k} | {v} |"
                for k, v in ing.items()
                if k not in ("rss_samples", "stats", "runs")
            ),
            "",
            f"Store: {json.dumps(ing['stats'])}",
            "",
        ]
        if "runs" in ing:
            lines += [
                f"The median of {len(ing['runs'])} ingest runs, by articles/s per core. The"
                " last two columns say how busy the machine was: the hypervisor's steal"
                " time during the run, and the reference loop's CPU time before and after"
                " it (`reference_loop_ms`: lower is a faster machine).",
                "",
                "| run | per core | per CPU-second | wall s | steal % | reference loop ms |",
                "|---|---|---|---|---|---|",
                *(
                    f"| {i} | {r['articles_per_second_per_core']} |"
                    f" {r['articles_per_cpu_second']} | {r['wall_seconds']} |"
                    f" {r['steal_percent']} |"
                    f" {' / '.join(str(x) for x in r['reference_loop_ms'])} |"
                    for i, r in enumerate(ing["runs"], 1)
                ),
                "",
            ]
    if "query" in result:
        q = result["query"]
        lines += [
            f"Query timeline latency (top {q['limit']} articles by BM25, at most "
            f"{q['sentence_budget']} of their sentences with a query word, "
            f"{q['runs_per_query']} runs per query): p50 {q['p50_s']} s, "
            f"p95 {q['p95_s']} s, max {q['max_s']} s",
            "",
            "| query | articles | sentences | dates | median s | retrieval median s |",
            "|---|---|---|---|---|---|",
            *(
                f"| {k} | {v['articles']} | {v['sentences']} | {v['dates']} | "
                f"{v['median_s']} | {v['retrieve_median_s']} |"
                for k, v in q["queries"].items()
            ),
            "",
        ]
    if "note" in result:
        lines += [result["note"], ""]
    (REPORTS / f"store_{name}.md").write_text("\n".join(lines))
    print(f"wrote {REPORTS / f'store_{name}.md'}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t17 = sub.add_parser("t17")
    rep = sub.add_parser("replicated")
    rep.add_argument("--articles", type=int, default=100_000)
    qry = sub.add_parser("query")
    qry.add_argument("--db", type=Path, required=True)
    qry.add_argument("--name", default="query")
    for p in (t17, rep, qry):
        p.add_argument("--runs", type=int, default=5)
        p.add_argument("--limit", type=int, default=QUERY_LIMIT)
    for p in (t17, rep):
        p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
        p.add_argument("--repeat", type=int, default=1, help="ingest runs; the median is reported")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.cmd == "t17":
        db = WORK / "t17.db"
        result = {"ingest": repeated_ingest(db, [DATA / "t17"], args.workers, 250, args.repeat)}
        _write_report("t17", result)  # kept even if the query part fails
        result["query"] = query_latency(db, args.runs, args.limit)
        _write_report("t17", result)
    elif args.cmd == "replicated":
        corpus = WORK / "replicated"
        n = make_replicated(args.articles, corpus)
        print(f"wrote {n} replicated articles under {corpus}", file=sys.stderr)
        db = WORK / "replicated.db"
        result = {
            "note": (
                f"Corpus: {n} articles made by copying the {DATA / 't17'} development "
                "articles with fresh ids (for scale only); every copy is a near-duplicate "
                "of its original and is linked as one, so query retrieval (which skips "
                "linked copies) ranks the originals among the full 100k-row index."
            ),
            "ingest": repeated_ingest(db, [corpus], args.workers, 5000, args.repeat),
        }
        _write_report("replicated", result)  # kept even if the query part fails
        result["query"] = query_latency(db, args.runs, args.limit)
        _write_report("replicated", result)
    else:
        _write_report(args.name, {"query": query_latency(args.db, args.runs, args.limit)})


if __name__ == "__main__":
    main()
