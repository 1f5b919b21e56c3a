"""The Timeline17 protocol, end to end from raw text: quality (tilse metrics), time per
topic split into reading+annotation and timeline building, and peak memory.

    .venv/bin/python benchmarks/timeline_t17.py [--fit-dates] [--newstls] [--workers N]

Writes benchmarks/reports/timeline_t17.json and .md (the same report as
`dateline bench ../shared/data/t17 --report DIR`). With `--newstls`, the same topics in
the news-tls layout (`../shared/data/t17-newstls`: the articles as news-tls preprocessed
them, which are the ones its Datewise read), into timeline_t17_newstls.json and .md.
"""

from __future__ import annotations

import argparse
import shutil
import sys

from dateline.bench import run, write_report
from timex_common import DATA, REPORTS, command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit-dates", action="store_true", help="fit the date model LOO")
    parser.add_argument("--newstls", action="store_true", help="the news-tls layout")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    dataset = DATA / ("t17-newstls" if args.newstls else "t17")
    report = run(dataset, workers=args.workers, fit_dates=args.fit_dates, log=lambda m: print(m))
    name = "timeline_t17" + ("_newstls" if args.newstls else "") + (
        "_fitted" if args.fit_dates else ""
    )
    tmp = REPORTS / "tmp"
    json_path, md_path = write_report(report, tmp, command())
    REPORTS.mkdir(parents=True, exist_ok=True)
    shutil.move(json_path, REPORTS / f"{name}.json")
    shutil.move(md_path, REPORTS / f"{name}.md")
    shutil.rmtree(tmp, ignore_errors=True)
    avg = report["average"]
    print(
        f"align+ m:1 R1 {avg['align_m1_r1_f']:.3f} R2 {avg['align_m1_r2_f']:.3f} "
        f"date F1 {avg['date_f1']:.3f}; {report['total_seconds']} s; "
        f"wrote {REPORTS / name}.json/.md",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
