"""How much the time-expression tagger moves the Timeline17 scores.

Runs the whole Timeline17 protocol (dateline.bench) once with the full tagger and once
per weakened tagger (rule groups switched off), and tabulates the averages.

    .venv/bin/python benchmarks/timex_timeline_effect.py

Writes benchmarks/reports/timex_timeline_effect.md and .json.
"""

from __future__ import annotations

import datetime as dt
import json

from dateline.bench import run
from dateline.timex import Tagger, set_default_tagger
from timex_common import DATA, REPORTS, command, machine

VARIANTS: dict[str, tuple[str, ...]] = {
    "full tagger": (),
    "no weekdays": ("weekdays",),
    "no relative days/months (yesterday, last month, two days ago)": ("relative", "days"),
    "absolute dates only": ("relative", "days", "weekdays", "months", "holidays", "refs"),
}
METRICS = ("align_m1_r1_f", "align_m1_r2_f", "date_f1", "concat_r1_f")


def main() -> None:
    rows = []
    for name, disabled in VARIANTS.items():
        set_default_tagger(Tagger(disable=set(disabled)) if disabled else None)
        report = run(DATA / "t17")
        rows.append({"variant": name, "disabled": list(disabled), **report["average"]})
        print(name, {m: round(report["average"][m], 4) for m in METRICS}, flush=True)
    set_default_tagger(None)
    result = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "command": command(),
        "machine": machine(),
        "rows": rows,
    }
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "timex_timeline_effect.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# The tagger's effect on Timeline17 scores",
        "",
        f"Command: `{result['command']}` ({result['date']}). Machine: {result['machine']}.",
        "Each row runs the full protocol (11 timelines, averages as news-tls computes them)",
        "with some of the tagger's rule groups switched off.",
        "",
        "| tagger | align+ m:1 R1 F | R2 F | date F1 | concat R1 F |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        cells = " | ".join(f"{row[m]:.3f}" for m in METRICS)
        lines.append(f"| {row['variant']} | {cells} |")
    (REPORTS / "timex_timeline_effect.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
