"""Beyond one machine: Dask ingest speed-up, the single writer's ceiling, PostgreSQL queries.

    python benchmarks/scaling_bench.py dask --repeat 3        # pool vs Dask, 1 and 2 workers
    python benchmarks/scaling_bench.py writer --copies 4      # articles/s a writer absorbs
    python benchmarks/scaling_bench.py pgquery --articles 100000 --runs 5

`dask`: the 2,602 T17 development files ingested into a fresh SQLite store, by the
process pool (`--workers N`) and by a Dask LocalCluster of N worker processes (started
once per N, before the timed runs; its start-up is reported apart), for N = 1, 2; the
configurations take turns within each repeat so that the machine's load falls on all of
them alike. The time is the ingest's own (`IngestReport.seconds`: first document to last
commit, date inference included).

`writer`: the T17 records are annotated once (pool, 2 workers) and kept in memory as the
store's `Prepared` records; then `Store.ingest_prepared` writes `--copies` copies of them
(each copy with fresh ids and hashes, so each is stored, and linked as a near-duplicate
of the first) into a fresh SQLite file and a fresh PostgreSQL database: the rate at which
one writer absorbs records that arrive ready, which bounds how many workers it can feed.

`pgquery`: the same records copied up to `--articles` are written into PostgreSQL (and,
with `--sqlite-too`, into SQLite the same way), then `store_bench.query_latency` (the 15
queries of store_bench.py, `timeline_from_store` end to end) runs on them. Unlike
store_bench's `replicated` corpus, the copies' texts carry no "Copy N" prefix (they are
written, not re-annotated); as there, every copy is linked as a near-duplicate.

PostgreSQL: a throw-away server (tests/pg_server.py: initdb + pg_ctl from Debian's
`postgresql` package, on a free local port, fsync on) unless `--pg-url` names one.
Every figure comes with the reference loop (`dateline.bench.reference_loop_ms`) and the
load average before and after it: this machine is shared, and speeds measured on it
move with the other jobs. Reports: benchmarks/reports/scaling_<name>.json and .md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from dateline import cluster
from dateline.bench import reference_loop_ms
from dateline.model import Problem
from dateline.read import read_paths
from dateline.store import Store
from dateline.store._prepare import Prepared, prepared
from dateline.store.postgres import display_name

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "benchmarks")]
from pg_server import running_server  # noqa: E402
from store_bench import query_latency  # noqa: E402

DATA = Path(os.environ.get("DATELINE_SHARED_DATA", REPO.parent / "shared" / "data"))
REPORTS = REPO / "benchmarks" / "reports"
WORK = Path("/tmp/dateline-scaling")


def machine_state() -> dict[str, Any]:
    return {"reference_loop_ms": round(reference_loop_ms(), 1), "loadavg_1m": os.getloadavg()[0]}


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _cluster_cpu(lc: Any) -> float:
    """CPU seconds used so far by a LocalCluster's worker processes."""
    from distributed import Client

    with Client(lc) as c:
        return float(sum(c.run(lambda: sum(os.times()[:2])).values()))


def _fresh_sqlite(name: str) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    for p in WORK.glob(name + "*"):
        p.unlink()
    return str(WORK / name)


# --------------------------------------------------------------------------- dask


def bench_dask(repeat: int, workers: list[int]) -> dict[str, Any]:
    inputs = [DATA / "t17"]
    clusters: dict[int, Any] = {}
    startup: dict[int, float] = {}
    with contextlib.ExitStack() as stack:
        from distributed import LocalCluster

        for n in workers:
            t0 = time.perf_counter()
            clusters[n] = stack.enter_context(
                LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                    silence_logs=logging.ERROR,
                )
            )
            startup[n] = round(time.perf_counter() - t0, 2)
        runs: list[dict[str, Any]] = []
        for r in range(repeat):
            for n in workers:
                for how in ("pool", "dask"):
                    db = _fresh_sqlite("ingest.db")
                    before = machine_state()
                    workers_cpu0 = _cluster_cpu(clusters[n]) if how == "dask" else _children_cpu()
                    cpu0 = time.process_time()
                    with Store(db) as store:
                        if how == "pool":
                            report = store.ingest(
                                read_paths(inputs, exclude=store.files), workers=n
                            )
                        else:
                            report = cluster.ingest(store, inputs, clusters[n].scheduler_address)
                    client_cpu = time.process_time() - cpu0
                    workers_cpu = (
                        _cluster_cpu(clusters[n]) if how == "dask" else _children_cpu()
                    ) - workers_cpu0
                    after = machine_state()
                    row = {
                        "repeat": r + 1,
                        "how": how,
                        "workers": n,
                        "seconds": round(report.seconds, 2),
                        "client_cpu_s": round(client_cpu, 2),
                        "workers_cpu_s": round(workers_cpu, 2),
                        "added": report.added,
                        "articles_per_second": round(report.added / report.seconds, 1),
                        "before": before,
                        "after": after,
                    }
                    print(json.dumps(row), file=sys.stderr, flush=True)
                    runs.append(row)
    med = {
        f"{how}:{n}": statistics.median(
            r["seconds"] for r in runs if r["how"] == how and r["workers"] == n
        )
        for how in ("pool", "dask")
        for n in workers
    }
    cpu = {
        f"{how}:{n}": {
            k: statistics.median(r[k] for r in runs if r["how"] == how and r["workers"] == n)
            for k in ("client_cpu_s", "workers_cpu_s")
        }
        for how in ("pool", "dask")
        for n in workers
    }
    summary: dict[str, Any] = {
        "median_seconds": med,
        "median_cpu_seconds": cpu,
        "cluster_startup_seconds": startup,
    }
    # What the measured CPU seconds allow on 2 free cores (a bound, not a measurement):
    # the client (reading or partitioning, writing) and the workers overlap, N workers
    # share the worker CPU, and no more than 2 processes run at once.
    free: dict[str, float] = {}
    for key, c in cpu.items():
        n = int(key.split(":")[1])
        total = c["client_cpu_s"] + c["workers_cpu_s"]
        if key == "pool:1":  # no pool: one process reads, annotates and writes
            free[key] = round(total, 2)
        else:
            free[key] = round(max(total / 2, c["client_cpu_s"], c["workers_cpu_s"] / n), 2)
    summary["free_cores_wall_s"] = free
    if 1 in workers and 2 in workers:
        summary["dask_speedup_1_to_2"] = round(med["dask:1"] / med["dask:2"], 2)
        summary["pool_speedup_1_to_2"] = round(med["pool:1"] / med["pool:2"], 2)
        summary["dask_overhead_vs_pool_at_2"] = round(med["dask:2"] / med["pool:2"] - 1, 3)
        summary["dask_overhead_vs_pool_at_1"] = round(med["dask:1"] / med["pool:1"] - 1, 3)
        summary["free_cores_dask_speedup_1_to_2"] = round(free["dask:1"] / free["dask:2"], 2)
        summary["free_cores_dask_overhead_vs_pool_at_2"] = round(
            free["dask:2"] / free["pool:2"] - 1, 3
        )
        summary["cpu_overhead_dask_vs_pool_at_2"] = round(
            sum(cpu["dask:2"].values()) / sum(cpu["pool:2"].values()) - 1, 3
        )
    return {"inputs": "t17 (2,602 files)", "runs": runs, "summary": summary}


# ------------------------------------------------------------------------- writer


def t17_records() -> tuple[list[Prepared], float]:
    t0 = time.perf_counter()
    docs = (d for d in read_paths([DATA / "t17"]) if not isinstance(d, Problem))
    records = [p for p in prepared(docs, workers=2, keep_original=False) if isinstance(p, Prepared)]
    return records, time.perf_counter() - t0


def _salted(value: bytes, n: int) -> bytes:
    return hashlib.blake2b(value + n.to_bytes(4, "big"), digest_size=16).digest()


def copies(records: list[Prepared], total: int) -> Iterator[Prepared]:
    """`total` records: the originals, then copies with fresh ids and hashes."""
    n = 0
    while True:
        for p in records:
            if n >= total:
                return
            copy = n // len(records)
            if copy == 0:
                yield p
            else:
                yield replace(
                    p,
                    article=replace(p.article, id=f"copy{copy:03d}/{p.article.id}"),
                    content_hash=_salted(p.content_hash, copy),
                    raw_hash=_salted(p.raw_hash, copy),
                )
            n += 1


def write_rate(db: str, records: list[Prepared], total: int) -> dict[str, Any]:
    before = machine_state()
    with Store(db) as store:
        t0 = time.perf_counter()
        report = store.ingest_prepared(copies(records, total), infer_dates=False)
        seconds = time.perf_counter() - t0
        size = store.stats().size_bytes
    after = machine_state()
    return {
        "records": total,
        "added": report.added,
        "linked": report.duplicates,
        "seconds": round(seconds, 2),
        "articles_per_second": round(report.added / seconds, 1),
        "store_bytes": size,
        "bytes_per_article": round(size / max(1, report.added)),
        "before": before,
        "after": after,
    }


@contextlib.contextmanager
def postgres_url(given: str | None) -> Iterator[tuple[Any, str]]:
    if given:
        yield None, given
        return
    with running_server() as server:
        yield server, server.url()


def bench_writer(copies_n: int, pg_url: str | None) -> dict[str, Any]:
    records, annotate_s = t17_records()
    total = copies_n * len(records)
    result: dict[str, Any] = {
        "records_annotated": len(records),
        "annotate_seconds": round(annotate_s, 2),
    }
    result["sqlite"] = write_rate(_fresh_sqlite("writer.db"), records, total)
    print("sqlite", result["sqlite"], file=sys.stderr, flush=True)
    with postgres_url(pg_url) as (server, _):
        url = server.new_database() if server else pg_url
        result["postgres"] = write_rate(url, records, total)
    print("postgres", result["postgres"], file=sys.stderr, flush=True)
    return result


def _stored(db: str) -> int:
    """How many articles a store holds (0 when it does not exist yet)."""
    if not db.startswith("postgresql:") and not Path(db).exists():
        return 0
    with Store(db) as store:
        return store.stats().articles


def bench_pgquery(
    articles: int, runs: int, pg_url: str | None, sqlite_too: bool, reuse: bool = False
) -> dict[str, Any]:
    result: dict[str, Any] = {"articles": articles}
    records: list[Prepared] = []

    def build(db: str, key: str) -> None:
        # With --reuse, a store already filled (by an earlier run of this command) is
        # queried as it is: building the 100k PostgreSQL store takes minutes.
        held = _stored(db) if reuse else 0
        if held:
            result[key + "_reused"] = held
            print(f"reusing {key}: {held} articles", file=sys.stderr, flush=True)
            return
        if not records:
            records[:], annotate_s = t17_records()
            result["annotate_seconds"] = round(annotate_s, 2)
        result[key] = write_rate(db, records, articles)
        print("built", result[key], file=sys.stderr, flush=True)

    with postgres_url(pg_url) as (server, _):
        url = server.new_database() if server else pg_url
        build(url, "postgres_build")  # type: ignore[arg-type]
        before = machine_state()
        result["postgres_query"] = query_latency(url, runs)  # type: ignore[arg-type]
        result["postgres_query"]["before"], result["postgres_query"]["after"] = (
            before,
            machine_state(),
        )
    if sqlite_too:
        db = str(WORK / "query.db") if reuse else _fresh_sqlite("query.db")
        build(db, "sqlite_build")
        before = machine_state()
        result["sqlite_query"] = query_latency(db, runs)  # type: ignore[arg-type]
        result["sqlite_query"]["before"], result["sqlite_query"]["after"] = (
            before,
            machine_state(),
        )
    return result


# ------------------------------------------------------------------------- report


def _state(s: dict[str, Any]) -> str:
    return f"{s['reference_loop_ms']} ms, load {s['loadavg_1m']:.2f}"


def write_report(name: str, result: dict[str, Any]) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    result["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "note": "shared with other jobs: speeds move with their load (reference loop, load)",
    }
    args = [display_name(a) if a.startswith("postgresql:") else a for a in sys.argv[1:]]
    result["command"] = "python benchmarks/scaling_bench.py " + " ".join(args)
    (REPORTS / f"scaling_{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [f"# Scaling benchmark: {name}", "", f"`{result['command']}`", ""]
    lines += [f"Machine: {json.dumps(result['machine'])}", ""]
    if name == "dask":
        lines += [
            f"Summary: {json.dumps(result['summary'])}",
            "",
            "| repeat | how | workers | seconds | articles/s | client CPU s | workers CPU s |"
            " ref. loop, load before | after |",
            "|---|---|---|---|---|---|---|---|---|",
            *(
                f"| {r['repeat']} | {r['how']} | {r['workers']} | {r['seconds']} |"
                f" {r['articles_per_second']} | {r['client_cpu_s']} | {r['workers_cpu_s']} |"
                f" {_state(r['before'])} | {_state(r['after'])} |"
                for r in result["runs"]
            ),
        ]
    for key in ("sqlite", "postgres", "postgres_build", "sqlite_build"):
        if key in result:
            w = result[key]
            lines += [
                f"Writer, {key}: {w['added']} articles ({w['linked']} linked) in {w['seconds']} s"
                f" = **{w['articles_per_second']} articles/s**; {w['bytes_per_article']} bytes"
                f" per article; reference loop, load before {_state(w['before'])}, after"
                f" {_state(w['after'])}",
                "",
            ]
    for key in ("postgres_build_reused", "sqlite_build_reused"):
        if key in result:
            lines += [f"{key}: {result[key]} articles, written by an earlier run (--reuse)", ""]
    for key in ("postgres_query", "sqlite_query"):
        if key in result:
            q = result[key]
            lines += [
                f"Query timeline, {key}: p50 {q['p50_s']} s, **p95 {q['p95_s']} s**, max"
                f" {q['max_s']} s ({q['runs_per_query']} runs of 15 queries); reference loop,"
                f" load before {_state(q['before'])}, after {_state(q['after'])}",
                "",
                "| query | articles | sentences | dates | median s | retrieval median s |",
                "|---|---|---|---|---|---|",
                *(
                    f"| {k} | {v['articles']} | {v['sentences']} | {v['dates']} |"
                    f" {v['median_s']} | {v['retrieve_median_s']} |"
                    for k, v in q["queries"].items()
                ),
                "",
            ]
    (REPORTS / f"scaling_{name}.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {REPORTS / f'scaling_{name}.md'}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dask")
    d.add_argument("--repeat", type=int, default=3)
    d.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    w = sub.add_parser("writer")
    w.add_argument("--copies", type=int, default=4)
    q = sub.add_parser("pgquery")
    q.add_argument("--articles", type=int, default=100_000)
    q.add_argument("--runs", type=int, default=5)
    q.add_argument("--sqlite-too", action="store_true")
    q.add_argument(
        "--reuse",
        action="store_true",
        help="query the stores an earlier run filled (--pg-url's database, the SQLite file)",
    )
    for p in (w, q):
        p.add_argument("--pg-url", default=None, help="a PostgreSQL server to use instead")
    args = ap.parse_args()
    if args.cmd == "dask":
        write_report("dask", bench_dask(args.repeat, args.workers))
    elif args.cmd == "writer":
        write_report("writer", bench_writer(args.copies, args.pg_url))
    else:
        name = "pgquery" if args.articles >= 100_000 else f"pgquery_{args.articles}"
        write_report(
            name,
            bench_pgquery(args.articles, args.runs, args.pg_url, args.sqlite_too, args.reuse),
        )


if __name__ == "__main__":
    main()
