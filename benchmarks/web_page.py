"""Benchmark of the web page: server time per page and page weight, on a database.

    python benchmarks/web_page.py build --articles 100000      # /tmp/dateline-web-bench/
    python benchmarks/web_page.py run --db /tmp/dateline-web-bench/replicated.db --name replicated
    python benchmarks/web_page.py build --t17 && \
        python benchmarks/web_page.py run --db /tmp/dateline-web-bench/t17.db --name t17

`build` makes the store: the T17 development articles (`--t17`), or those copied over and
over with fresh ids up to `--articles` (as `store_bench.py replicated` does, for scale only).
`run` serves the store with the real app (uvicorn on 127.0.0.1, in a thread) and asks for
the page of each query of `store_bench.QUERIES` `--runs` times, timing each request from
send to last byte over the loopback (the server's time: nothing else is on that path);
the first request of each query is reported apart (cold caches), the rest give the p50 and
p95. Page weight is the page's HTML plus the CSS and script it loads (it loads nothing
else). The machine's state (load average, `reference_loop_ms`) is recorded with the
figures. Reports: benchmarks/reports/web_page_<name>.json and .md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import store_bench
from dateline.bench import reference_loop_ms

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "benchmarks" / "reports"
WORK = Path("/tmp/dateline-web-bench")


def build(articles: int | None, workers: int) -> Path:
    from dateline.read import read_paths
    from dateline.store import Store

    WORK.mkdir(parents=True, exist_ok=True)
    if articles is None:
        inputs, db = [store_bench.DATA / "t17"], WORK / "t17.db"
    else:
        corpus = WORK / "replicated"
        n = store_bench.make_replicated(articles, corpus)
        print(f"wrote {n} replicated articles under {corpus}", file=sys.stderr)
        inputs, db = [corpus], WORK / "replicated.db"
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    started = time.perf_counter()
    with Store(db) as store:
        report = store.ingest(read_paths(inputs), workers=workers)
    print(f"{report.summary()} in {time.perf_counter() - started:.0f} s: {db}", file=sys.stderr)
    return db


def _get(url: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
        status = response.status
    return time.perf_counter() - started, status, len(body)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def run(db: Path, runs: int) -> dict[str, Any]:
    import dateline
    from dateline.web import create_app
    from dateline.web_pages import RunningServer

    before = reference_loop_ms()
    load_before = os.getloadavg()
    source = dateline.open(db)
    with dateline.store.Store(db, create=False) as store:
        stats = store.stats()
    rows = []
    warm: list[float] = []
    with RunningServer(create_app(source)) as server:
        assets = sum(_get(f"{server.url}/static/{n}")[2] for n in ("page.css", "page.js"))
        # The landing page: on a big store, a search page (no query, no timeline).
        landing = _get(server.url + "/")
        for query in store_bench.QUERIES:
            url = f"{server.url}/?{urllib.parse.urlencode({'q': query})}"
            times, sizes = [], []
            for _ in range(runs):
                seconds, status, size = _get(url)
                if status != 200:
                    raise SystemExit(f"{url}: HTTP {status}")
                times.append(seconds)
                sizes.append(size)
            warm.extend(times[1:])
            rows.append({
                "query": query,
                "first_s": round(times[0], 3),
                "median_warm_s": round(statistics.median(times[1:]), 3) if runs > 1 else None,
                "html_bytes": sizes[-1],
                "page_bytes": sizes[-1] + assets,
            })  # fmt: skip
    return {
        "db": str(db),
        "store": {
            "articles": stats.articles,
            "sentences": stats.sentences,
            "mentions": stats.mentions,
            "duplicates": stats.duplicates,
        },
        "runs_per_query": runs,
        "p50_s": round(_percentile(warm, 0.5), 3),
        "p95_s": round(_percentile(warm, 0.95), 3),
        "max_s": round(max(warm), 3) if warm else None,
        "first_p95_s": round(_percentile([r["first_s"] for r in rows], 0.95), 3),
        "landing_s": round(landing[0], 3),
        "max_page_bytes": max(r["page_bytes"] for r in rows),
        "asset_bytes": assets,
        "queries": rows,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
            "reference_loop_ms": [before, reference_loop_ms()],
        },
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def write_report(name: str, result: dict[str, Any], command: str) -> Path:
    REPORTS.mkdir(parents=True, exist_ok=True)
    result = {"command": command, **result}
    (REPORTS / f"web_page_{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# Web page benchmark: {name}",
        "",
        f"`{command}`",
        "",
        f"Store: {json.dumps(result['store'])}",
        "",
        f"Page server time over {len(result['queries'])} queries, {result['runs_per_query']} "
        f"requests each (first request of each apart): p50 {result['p50_s']} s, "
        f"p95 {result['p95_s']} s, max {result['max_s']} s; first requests p95 "
        f"{result['first_p95_s']} s; landing page {result['landing_s']} s.",
        "",
        f"Page weight (HTML + CSS + script, nothing else is loaded): at most "
        f"{result['max_page_bytes']} bytes ({result['asset_bytes']} of them CSS and script).",
        "",
        f"Machine: {json.dumps(result['machine'])}",
        "",
        "| query | first s | median warm s | page bytes |",
        "|---|---|---|---|",
    ]
    for r in result["queries"]:
        lines.append(
            f"| {r['query']} | {r['first_s']} | {r['median_warm_s']} | {r['page_bytes']} |"
        )
    path = REPORTS / f"web_page_{name}.md"
    path.write_text("\n".join(lines) + "\n")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    what = b.add_mutually_exclusive_group(required=True)
    what.add_argument("--articles", type=int)
    what.add_argument("--t17", action="store_true")
    b.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    r = sub.add_parser("run")
    r.add_argument("--db", type=Path, required=True)
    r.add_argument("--name", required=True)
    r.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if args.cmd == "build":
        build(None if args.t17 else args.articles, args.workers)
        return
    command = "python benchmarks/web_page.py " + " ".join(sys.argv[1:])
    result = run(args.db, args.runs)
    print(write_report(args.name, result, command).read_text())


if __name__ == "__main__":
    main()
