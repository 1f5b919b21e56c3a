"""TempEval-3 task A measures of `dateline.timex` on TimeBank, AQUAINT and both.

    .venv/bin/python benchmarks/timex_accuracy.py [--disable GROUP,...]

Writes benchmarks/reports/timex_accuracy.md and .json. TimeBank is the split the rules
were developed against; AQUAINT was looked at less and is the fairer number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time

from dateline.timex.commands import make_tagger
from dateline.timex.score import Score, evaluate
from dateline.timex.timeml import timeml_files
from timex_common import DATA, REPORTS, command, machine

MEASURES = [
    ("strict P", "strict_p"), ("strict R", "strict_r"), ("strict F1", "strict_f1"),
    ("relaxed P", "relaxed_p"), ("relaxed R", "relaxed_r"), ("relaxed F1", "relaxed_f1"),
    ("type acc", "type_accuracy"), ("type F1", "type_f1"),
    ("value acc", "value_accuracy"), ("value F1", "value_f1"),
]  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--disable", default="", help="rule groups to switch off, comma-separated")
    args = ap.parse_args()
    base = DATA / "tempeval3"
    if not base.is_dir():
        print(f"timex_accuracy: {base} not found (the shared data is absent)", file=sys.stderr)
        return 1
    tagger = make_tagger([d.strip() for d in args.disable.split(",") if d.strip()])
    results: dict[str, Score] = {}
    started = time.perf_counter()
    for split in ("TimeBank", "AQUAINT"):
        # each file is tagged as one document, as `dateline tag --timeml` does
        score, _ = evaluate(timeml_files(base / split), lambda t, d: tagger.tag_document([t], d)[0])
        results[split] = score
    combined = Score()
    for s in results.values():
        combined.add(s)
    results["TimeBank+AQUAINT"] = combined
    elapsed = time.perf_counter() - started

    report = {
        "date": dt.date.today().isoformat(),
        "command": command(),
        "disabled_groups": sorted(tagger.disabled),
        "machine": machine(),
        "seconds": round(elapsed, 2),
        "results": {k: v.measures() for k, v in results.items()},
        "reference": {
            "HeidelTime, TempEval-3 test set (published)": {
                "strict_f1": 0.81, "relaxed_f1": 0.90, "value_f1": 0.78,
            },
        },
    }  # fmt: skip
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "timex_accuracy.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")

    head = "| split | docs | gold | system | " + " | ".join(n for n, _ in MEASURES) + " |"
    lines = [
        "# dateline.timex accuracy (TempEval-3 task A measures)",
        "",
        f"Command: `{command()}` ({report['date']}, {elapsed:.1f} s).",
        f"Disabled rule groups: {', '.join(report['disabled_groups']) or 'none'}.",
        "",
        head,
        "|" + "---|" * (4 + len(MEASURES)),
    ]
    for split, s in results.items():
        cells = " | ".join(f"{getattr(s, attr):.3f}" for _, attr in MEASURES)
        lines.append(f"| {split} | {s.documents} | {s.gold} | {s.system} | {cells} |")
    lines += [
        "",
        "Strict = identical extent, relaxed = any overlap (one-to-one), micro-averaged over "
        "documents; type and value F1 = attribute accuracy x relaxed F1, as the TE3 scorer "
        "defines them. Data: TempEval-3 training data (TBAQ-cleaned), UzZaman et al. 2013.",
        "",
        "Reference: HeidelTime on the TempEval-3 *test* set (published): strict F1 .81, "
        "relaxed F1 .90, value F1 .78. Different documents: not a like-for-like comparison. "
        "The rules were developed looking at TimeBank errors; AQUAINT much less.",
        "",
        f"Machine: {json.dumps(report['machine'])}",
        "",
    ]
    (REPORTS / "timex_accuracy.md").write_text("\n".join(lines), "utf-8")
    print("\n".join(lines[5 : 8 + len(results)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
