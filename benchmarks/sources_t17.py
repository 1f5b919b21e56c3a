"""How many Timeline17 articles get a title and an outlet, and where the titles come from.

    .venv/bin/python benchmarks/sources_t17.py [--sample N] [--seed S]

Writes benchmarks/reports/sources_t17.json and .md (counts only). `--sample N` also
prints N first lines (fixed seed) with the headline split dateline made, for checking by
eye; they are third-party text, so they go to the terminal, never into the report.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter

from dateline.attribution import attribute
from dateline.clean import clean_text
from dateline.model import RawDocument
from dateline.read import read_paths
from timex_common import DATA, REPORTS, command, machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="first lines to print")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    t0 = time.perf_counter()
    docs = [d for d in read_paths([DATA / "t17"]) if isinstance(d, RawDocument)]
    title_from: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    by_collection: dict[str, Counter[str]] = {}
    rows = []
    for doc in docs:
        cleaned = clean_text(doc.text, ptb=True)
        found = attribute(doc, cleaned.text, cleaned.stripped)
        kind = found.title_from or "none"
        title_from[kind] += 1
        sources[found.source or "none"] += 1
        by_collection.setdefault(doc.source or "?", Counter())[kind] += 1
        rows.append((doc.id, cleaned.text.partition("\n")[0], found))
    report = {
        "dataset": str(DATA / "t17"),
        "articles": len(docs),
        "title_from": dict(title_from.most_common()),
        "sources": dict(sources.most_common()),
        "title_from_by_collection": {c: dict(v) for c, v in sorted(by_collection.items())},
        "seconds": round(time.perf_counter() - t0, 2),
        "machine": machine(),
        "command": command(),
    }
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "sources_t17.json").write_text(json.dumps(report, indent=2) + "\n")
    kinds = ("headline", "header", "lead", "none")
    lines = [
        "# Titles and outlets on Timeline17",
        "",
        f"Dataset `{report['dataset']}`, {len(docs)} non-empty articles. "
        f"Command: `{report['command']}`. Machine: {report['machine']}.",
        "",
        "Where each article's title came from: `headline` split from the first line, "
        "`header` a Reuters header the cleaner cut, `lead` the lead sentence shortened "
        "(no headline found).",
        "",
        "| collection | " + " | ".join(kinds) + " |",
        "|---|" + "---|" * len(kinds),
    ]
    for c, v in sorted(by_collection.items()):
        lines.append(f"| {c} | " + " | ".join(str(v.get(k, 0)) for k in kinds) + " |")
    lines.append("| all | " + " | ".join(str(title_from.get(k, 0)) for k in kinds) + " |")
    lines += ["", "Outlets: " + ", ".join(f"{s} {n}" for s, n in sources.most_common()), ""]
    (REPORTS / "sources_t17.md").write_text("\n".join(lines))
    print("\n".join(lines))
    if args.sample:
        rng = random.Random(args.seed)
        for doc_id, first, found in rng.sample(rows, args.sample):
            print(
                f"\n{doc_id}\n  first line: {first[:300]}\n  title: {found.title!r}"
                f" ({found.title_from})\n  lead:  {found.text.partition(chr(10))[0][:200]}"
            )


if __name__ == "__main__":
    main()
