"""How many Timeline17 articles get a title and an outlet, and where the titles come from.

    .venv/bin/python benchmarks/sources_t17.py [--sample N] [--seed S]

Writes benchmarks/reports/sources_t17.json and .md (counts only), with the precision and
recall of the headline split against hand labels (benchmarks/labels/t17_headlines.json:
hashes of the right headlines, on development and held-out topics). `--sample N` also
prints N first lines (fixed seed) with the headline split dateline made, for checking by
eye; they are third-party text, so they go to the terminal, never into the report.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from collections import Counter
from pathlib import Path

from dateline.attribution import attribute
from dateline.clean import clean_text
from dateline.model import RawDocument
from dateline.read import read_paths
from timex_common import DATA, REPORTS, command, machine

LABELS = Path(__file__).parent / "labels" / "t17_headlines.json"


def headline_scores(titles: dict[str, str | None]) -> dict[str, dict[str, float | int]]:
    """Precision and recall of the split headlines (`titles`: id -> split headline or
    None) against the hand labels, on the development topics, the held-out ones and all."""
    spec = json.loads(LABELS.read_text())
    groups = {"development": spec["development"], "held_out": spec["held_out"]}
    groups["all"] = [*spec["development"], *spec["held_out"]]
    out = {}
    for name, topics in groups.items():
        labels = {k: v for k, v in spec["labels"].items() if k.split("_", 1)[0] in topics}
        split = right = 0
        for doc_id, gold in labels.items():
            title = titles.get(doc_id)
            if title is not None:
                split += 1
                right += gold == hashlib.sha1(title.encode()).hexdigest()[:16]
        gold_n = sum(v is not None for v in labels.values())
        out[name] = {
            "labelled": len(labels),
            "headlines": gold_n,
            "split": split,
            "right": right,
            "precision": round(right / split, 3) if split else 0.0,
            "recall": round(right / gold_n, 3) if gold_n else 0.0,
        }
    return out


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
        "headline_split_vs_labels": headline_scores(
            {d: f.title if f.title_from == "headline" else None for d, _, f in rows}
        ),
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
    lines += [
        f"Headline split against the hand labels (`{LABELS.relative_to(LABELS.parents[2])}`):",
        "",
        "| topics | labelled | headlines | split | right | precision | recall |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, v in report["headline_split_vs_labels"].items():
        lines.append(
            f"| {name} | {v['labelled']} | {v['headlines']} | {v['split']} | {v['right']} "
            f"| {v['precision']:.3f} | {v['recall']:.3f} |"
        )
    lines.append("")
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
