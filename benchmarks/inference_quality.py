"""How well publication dates are inferred: Timeline17 articles with every fifth one's
date hidden and inferred from the others (the date folders are the truth).

    python benchmarks/inference_quality.py bpoil_bbc H1N1_reuters MJ_bbc

Report: benchmarks/reports/inference_quality.json and .md.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from dateline.bench import machine_info, reference_loop_ms
from dateline.model import RawDocument
from dateline.pipeline import annotate_document, infer_missing_dates
from dateline.read import read_paths

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("DATELINE_SHARED_DATA", REPO.parent / "shared" / "data"))
REPORTS = REPO / "benchmarks" / "reports"


def main() -> None:
    collections = sys.argv[1:] or ["bpoil_bbc", "H1N1_reuters", "MJ_bbc"]
    loops = [reference_loop_ms()]
    started = time.perf_counter()
    hidden = inferred = exact = near = 0
    for name in collections:
        docs = [d for d in read_paths([DATA / "t17" / name]) if isinstance(d, RawDocument)]
        undated, dated, truth = [], [], {}
        for i, doc in enumerate(docs):
            if i % 5 == 0:
                truth[doc.id] = doc.published
                doc.published = doc.published_from = None
                undated.append(annotate_document(doc))
            else:
                dated.append(annotate_document(doc))
        for article in infer_missing_dates(undated, dated):
            hidden += 1
            if article.published is not None:
                inferred += 1
                gap = abs((article.published - truth[article.id]).days)
                exact += gap == 0
                near += gap <= 1
    loops.append(reference_loop_ms())
    report = {
        "collections": collections,
        "hidden": hidden,
        "inferred": inferred,
        "exact": exact,
        "within_a_day": near,
        "seconds": round(time.perf_counter() - started, 1),
        "reference_loop_ms": loops,
        "machine": machine_info(),
        "command": "python " + " ".join(sys.argv),
    }
    md = (
        "# Inferred publication dates on Timeline17\n\n"
        f"Command: `{report['command']}`. Machine: {report['machine']}; reference loop "
        f"{' / '.join(map(str, loops))}.\n\n"
        f"{', '.join(collections)}: {hidden} dates hidden, {inferred} inferred, {exact} "
        f"exactly, {near} within a day ({report['seconds']} s).\n"
    )
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "inference_quality.json").write_text(json.dumps(report, indent=2) + "\n")
    (REPORTS / "inference_quality.md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
