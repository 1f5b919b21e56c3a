"""The Timeline17 protocol, end to end from raw text: quality (tilse metrics) with model
selection by nested leave-one-topic-out, time per topic split into reading+annotation
and timeline building, and peak memory.

    .venv/bin/python benchmarks/timeline_t17.py [--newstls] [--no-grid] [--no-cache]
                                                [--semantic] [--fit-dates] [--workers N]

Writes benchmarks/reports/timeline_t17.json and .md (the same report as
`dateline bench ../shared/data/t17 --report DIR`). The headline is the nested
leave-one-topic-out figure over `dateline.bench.GRID_AXES`: for each topic, the
configuration best on the other four, scored on it. `--no-grid` scores the shipped
method alone (timeline_t17_default.*): with `--no-cache`, that is the from-raw-text
speed figure. `--semantic` adds WordLlama event grouping to the grid
(timeline_t17_semantic.*; needs `pip install -e '.[semantic]'`). The annotated
articles are cached in /tmp/dateline-bench-cache (the key changes with the input files
and the reading/tagging code). With `--newstls`, the same topics in the news-tls layout
(`../shared/data/t17-newstls`: the articles as news-tls preprocessed them, the ones its
Datewise read), into timeline_t17_newstls.*. `--fit-dates` ranks dates with a logistic
regression fitted for each held-out topic on the others (`dateline.bench.fitted_configs`:
8 configurations), into timeline_t17[_newstls]_fitted.*.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from dateline.bench import grid, run, write_report
from timex_common import DATA, REPORTS, command

CACHE = Path("/tmp/dateline-bench-cache")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit-dates", action="store_true", help="fit the date model LOO")
    parser.add_argument("--newstls", action="store_true", help="the news-tls layout")
    parser.add_argument("--no-grid", action="store_true", help="the shipped method only")
    parser.add_argument("--no-cache", action="store_true", help="read and tag from raw text")
    parser.add_argument(
        "--semantic", action="store_true", help="add WordLlama event grouping to the grid"
    )
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    dataset = DATA / ("t17-newstls" if args.newstls else "t17")
    report = run(
        dataset,
        workers=args.workers,
        fit_dates=args.fit_dates,
        configs=None if args.no_grid else grid(semantic=args.semantic),
        cache=None if args.no_cache else CACHE,
        log=lambda m: print(m),
    )
    name = (
        "timeline_t17"
        + ("_newstls" if args.newstls else "")
        + ("_fitted" if args.fit_dates else "")
        + ("_default" if args.no_grid else "")
        + ("_semantic" if args.semantic else "")
    )
    tmp = REPORTS / "tmp"
    json_path, md_path = write_report(report, tmp, command())
    REPORTS.mkdir(parents=True, exist_ok=True)
    shutil.move(json_path, REPORTS / f"{name}.json")
    shutil.move(md_path, REPORTS / f"{name}.md")
    shutil.rmtree(tmp, ignore_errors=True)
    avg = report["average"]
    print(
        f"{report['headline']}: align+ m:1 R1 {avg['align_m1_r1_f']:.3f} "
        f"R2 {avg['align_m1_r2_f']:.3f} date F1 {avg['date_f1']:.3f}; "
        f"{report['total_seconds']} s; wrote {REPORTS / name}.json/.md",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
