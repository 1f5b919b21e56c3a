"""Throughput of `dateline.timex.tag` on the Timeline17 development articles, one core.

    .venv/bin/python benchmarks/timex_speed.py [--sample N] [--repeat R]

Every `t17/*/InputDocs/<date>/*.htm.txt` file: one sentence a line, PTB escapes undone
as the pipeline does, the folder date as the DCT; `tag` is called once per sentence.
Reading and un-escaping are not timed. Writes benchmarks/reports/timex_speed.md / .json.
The reference: HeidelTime tags about 800 words/s in a warm JVM, so 100x is 80,000 words/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

from dateline.timex import tag
from timex_common import DATA, REPORTS, command, machine

_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
        "``": '"', "''": '"'}  # fmt: skip


def load(files: list[Path]) -> list[tuple[dt.date, list[str]]]:
    docs = []
    for f in files:
        try:
            day = dt.date.fromisoformat(f.parent.name)
            raw = f.read_text(encoding="utf-8", errors="replace")
        except (ValueError, OSError) as exc:
            print(f"{f}: skipped ({exc})", file=sys.stderr)
            continue
        lines = []
        for line in raw.splitlines():
            if line.strip():
                for k, v in _PTB.items():
                    line = line.replace(k, v)
                lines.append(line)
        docs.append((day, lines))
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sample", type=int, default=1, help="use every N-th article (default all)")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    args = ap.parse_args()
    files = sorted((DATA / "t17").glob("*/InputDocs/*/*.htm.txt"))[:: max(1, args.sample)]
    if not files:
        print(f"timex_speed: no Timeline17 articles under {DATA / 't17'}", file=sys.stderr)
        return 1
    docs = load(files)
    words = sum(len(line.split()) for _, lines in docs for line in lines)
    sentences = sum(len(lines) for _, lines in docs)
    # the machine is shared: the load when timing starts says how much to trust the numbers
    load_before = round(os.getloadavg()[0], 2)
    passes = []
    mentions = 0
    per_article: list[float] = []
    for r in range(max(1, args.repeat)):
        mentions = 0
        times = []
        t_all = time.perf_counter()
        for day, lines in docs:
            t0 = time.perf_counter()
            for line in lines:
                mentions += len(tag(line, day))
            times.append(time.perf_counter() - t0)
        passes.append(time.perf_counter() - t_all)
        if r == 0 or passes[-1] == min(passes):
            per_article = times
    best = min(passes)
    report = {
        "date": dt.date.today().isoformat(),
        "command": command(),
        "machine": machine(),
        "articles": len(docs),
        "sentences": sentences,
        "words": words,
        "mentions": mentions,
        "passes_seconds": [round(p, 3) for p in passes],
        "best_seconds": round(best, 3),
        "words_per_second": round(words / best),
        "sentences_per_second": round(sentences / best),
        "ms_per_article_mean": round(1000 * best / len(docs), 3),
        "ms_per_article_median": round(1000 * statistics.median(per_article), 3),
        "ms_per_article_p99": round(1000 * sorted(per_article)[int(0.99 * (len(docs) - 1))], 3),
        "heideltime_words_per_second": 800,
        "speedup_vs_heideltime": round(words / best / 800, 1),
        "load_average_1m": {"before": load_before, "after": round(os.getloadavg()[0], 2)},
    }
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "timex_speed.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    md = [
        "# dateline.timex speed on Timeline17 (development topics)",
        "",
        f"Command: `{command()}` ({report['date']}); one process, one core.",
        "",
        "| articles | sentences | words | mentions | best pass s | words/s | ms/article "
        "(mean / median / p99) | vs HeidelTime (800 w/s) |",
        "|---|---|---|---|---|---|---|---|",
        f"| {len(docs)} | {sentences} | {words} | {mentions} | {best:.2f} | "
        f"{report['words_per_second']:,} | {report['ms_per_article_mean']} / "
        f"{report['ms_per_article_median']} / {report['ms_per_article_p99']} | "
        f"{report['speedup_vs_heideltime']}x |",
        "",
        f"All passes (s): {report['passes_seconds']}. The machine is shared with other jobs, "
        "so the best pass is reported; reading files is not timed. Load average (1 min) "
        f"before / after timing: {report['load_average_1m']['before']} / "
        f"{report['load_average_1m']['after']}.",
        "",
        f"Machine: {json.dumps(report['machine'])}",
        "",
    ]
    (REPORTS / "timex_speed.md").write_text("\n".join(md), "utf-8")
    print("\n".join(md[4:7]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
