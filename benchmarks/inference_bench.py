"""Benchmark of publication-date inference, from files and in the store (issue 13).

    python benchmarks/inference_bench.py --articles 2000
    python benchmarks/inference_bench.py --large 5 --name inference_large

The corpus is made in a temporary folder, never in the repository: `--articles` short
undated articles (three sentences each, drawn with a fixed seed from the Timeline17
articles of one collection, one of them from one of the dated articles, keeping only
sentences with no digit and no month name, so that no article says its own date) and
two dated ones (whole Timeline17 articles of the same collection, its first and last,
with a `date YYYY-MM-DD` header line from their date folder).

Measured: the file path (`load_articles`) and the store (the two dated articles
ingested first, then the short ones, then the same ingest twice more), each with its
time and how many articles it dated; for the store, how many dates each re-run changed.
`--source seeds` draws the short articles from the three seeds instead (the two dated
seeds are the dated articles), the case of issue 13.
`--large 5` instead measures five undated documents of `--megabytes` (1 MB) each,
dated from files from the articles of three consecutive days.
Reports go to benchmarks/reports/<--name>.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dateline.bench import machine_info, peak_memory_mb, reference_loop_ms
from dateline.pipeline import load_articles
from dateline.read import read_paths
from dateline.store import Store

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("DATELINE_SHARED_DATA", REPO.parent / "shared" / "data"))
REPORTS = REPO / "benchmarks" / "reports"
COLLECTION = "bpoil_bbc"
_DATED_WORDS = re.compile(
    r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b", re.IGNORECASE
)


def make_corpus(folder: Path, n: int, seed: int = 13, source: str = "t17") -> tuple[Path, Path]:
    """(file of the two dated articles, file of the `n` undated ones), as JSON Lines.
    With `source="seeds"`, the two dated seeds and sentences of all three."""
    if source == "seeds":
        seeds = sorted((DATA / "seeds").glob("*.txt"))
        pool, near, heads = _sentences(seeds), [], seeds[:2]
    else:
        docs = sorted((DATA / "t17" / COLLECTION / "InputDocs").glob("*/*.txt"))
        pool, near = _sentences(docs), _sentences([docs[0], docs[-1]])
        heads = [docs[0], docs[-1]]  # the collection's first and last days
    rng = random.Random(seed)
    dated = folder / "dated.jsonl"
    with dated.open("w", encoding="utf-8") as fh:
        for path in heads:
            text = path.read_text(encoding="utf-8", errors="replace")
            if source != "seeds":
                text = f"date {path.parent.name}\n{text}"
            fh.write(json.dumps({"id": f"dated-{path.stem}", "text": text}) + "\n")
    undated = folder / "undated.jsonl"
    with undated.open("w", encoding="utf-8") as fh:
        for i in range(n):
            # One sentence of a dated article, so that each is like one of them.
            text = "\n".join(
                [rng.choice(near), *rng.sample(pool, 2)] if near else rng.sample(pool, 3)
            )
            fh.write(json.dumps({"id": f"short-{i}", "text": text}) + "\n")
    return dated, undated


def _sentences(paths: list[Path]) -> list[str]:
    """The sentences of these files that name no date (no digit, no month)."""
    out = []
    for path in paths:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if len(line.split()) >= 6 and not _DATED_WORDS.search(line):
                out.append(line)
    return out


def _dates(store: Store) -> dict[str, tuple[str | None, str | None]]:
    return {
        art_id: (published, source)
        for art_id, published, source in store.connection.execute(
            "SELECT id, published, published_from FROM articles"
        )
    }


def run(n: int, source: str = "t17") -> dict[str, Any]:
    loops = [reference_loop_ms()]
    with tempfile.TemporaryDirectory(prefix="dateline-infer-") as tmp:
        folder = Path(tmp)
        dated, undated = make_corpus(folder, n, source=source)
        started = time.perf_counter()
        files = load_articles([dated, undated], workers=1)
        files_seconds = time.perf_counter() - started
        from_files = {a.id: a.published for a in files.articles}
        files_inferred = sum(a.published_from == "inferred" for a in files.articles)

        runs: list[dict[str, Any]] = []
        with Store(folder / "news.db") as store:
            store.ingest(read_paths([dated]))
            before = _dates(store)
            for k in range(3):
                started = time.perf_counter()
                report = store.ingest(read_paths([undated]))
                seconds = time.perf_counter() - started
                after = _dates(store)
                changed = sum(after[i] != before.get(i) for i in after if i in before)
                runs.append(
                    {
                        "run": k + 1,
                        "seconds": round(seconds, 2),
                        "added": report.added,
                        "unchanged": report.unchanged,
                        "inferred": report.inferred,
                        "undated_after": sum(p is None for p, _ in after.values()),
                        "dates_changed_from_previous_run": changed if k else None,
                    }
                )
                before = after
            from_store = {i: p for i, (p, _) in before.items()}
        disagree = sum(
            (from_files.get(i).isoformat() if from_files.get(i) else None) != from_store.get(i)
            for i in from_store
        )
    loops.append(reference_loop_ms())
    return {
        "articles": n + 2,
        "files": {
            "seconds": round(files_seconds, 2),
            "inferred": files_inferred,
        },
        "store_runs": runs,
        "files_vs_store_disagreements": disagree,
        "peak_memory_mb": peak_memory_mb(),
        "reference_loop_ms": loops,
        "machine": machine_info(),
    }


def make_large(folder: Path, files: int, megabytes: float) -> Path:
    """`files` undated documents of `megabytes` each (Timeline17 articles one after
    another, none with a date in its first lines) and, as JSON Lines with their dates,
    one collection's articles of three consecutive days."""
    from dateline.clean import clean_text
    from dateline.model import RawDocument
    from dateline.pubdate import find_publication_date

    docs = sorted((DATA / "t17" / COLLECTION / "InputDocs").glob("*/*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in docs]
    # Every collection's text, so that a megabyte repeats no line, leaving out what the
    # cleaner cuts (a reader-comment thread would end the document there).
    every = [
        text
        for p in sorted((DATA / "t17").glob("*/InputDocs/*/*.txt"))
        if (text := p.read_text(encoding="utf-8", errors="replace"))
        and len(clean_text(text, ptb=True).text) > 0.8 * len(text)
    ]
    days = sorted({p.parent.name for p in docs})
    middle = days[len(days) // 2 : len(days) // 2 + 3]
    out = folder / "large"
    out.mkdir()
    with (out / "dated.jsonl").open("w", encoding="utf-8") as fh:
        for path, text in zip(docs, texts, strict=True):
            if path.parent.name in middle:
                record = {"id": f"{path.parent.name}/{path.stem}", "time": path.parent.name}
                fh.write(json.dumps({**record, "text": text}) + "\n")
    size = int(megabytes * 1_000_000)
    for k in range(files):
        parts: list[str] = []
        total, i = 0, k * len(every) // files
        while total < size:
            parts.append(every[i % len(every)])
            total += len(parts[-1])
            i += 1
        body = "".join(parts)[:size]
        while find_publication_date(RawDocument(id="x", text=body))[0] is not None:
            body = body[body.index("\n") + 1 :]  # drop lines until no date heads it
        (out / f"undated-{k}.txt").write_text(body, encoding="utf-8")
    return out


def run_large(files: int, megabytes: float) -> dict[str, Any]:
    loops = [reference_loop_ms()]
    with tempfile.TemporaryDirectory(prefix="dateline-infer-") as tmp:
        folder = make_large(Path(tmp), files, megabytes)
        started = time.perf_counter()
        result = load_articles([folder], workers=1)
        seconds = time.perf_counter() - started
    big = [a for a in result.articles if a.id.startswith("undated-")]
    loops.append(reference_loop_ms())
    return {
        "large_files": files,
        "megabytes_each": megabytes,
        "dated_articles": len(result.articles) - len(big),
        "seconds": round(seconds, 2),
        "inferred": sum(a.published_from == "inferred" for a in big),
        "dates": sorted(str(a.published) for a in big),
        "peak_memory_mb": peak_memory_mb(),
        "reference_loop_ms": loops,
        "machine": machine_info(),
    }


def markdown(report: dict[str, Any]) -> str:
    if "large_files" in report:
        return (
            "# Date inference: large undated documents\n\n"
            f"Command: `{report['command']}`. Machine: {report['machine']}; reference loop "
            f"{' / '.join(map(str, report['reference_loop_ms']))}.\n\n"
            f"{report['large_files']} undated documents of {report['megabytes_each']} MB and "
            f"{report['dated_articles']} dated articles, read and dated from files in "
            f"{report['seconds']} s (peak memory {report['peak_memory_mb']} MB); "
            f"{report['inferred']} of the large ones inferred: {', '.join(report['dates'])}.\n"
        )
    lines = [
        "# Date inference: files and store",
        "",
        f"Command: `{report['command']}`. Machine: {report['machine']}; reference loop "
        f"(CPU ms for a fixed pure-Python loop, before and after) "
        f"{' / '.join(map(str, report['reference_loop_ms']))}.",
        "",
        f"{report['articles']} articles (2 dated, the rest short and undated). "
        f"From files: {report['files']['seconds']} s, {report['files']['inferred']} inferred.",
        "",
        "| store ingest | seconds | added | unchanged | inferred | undated after | dates changed |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report["store_runs"]:
        lines.append(
            f"| {r['run']} | {r['seconds']} | {r['added']} | {r['unchanged']} | {r['inferred']}"
            f" | {r['undated_after']} | {r['dates_changed_from_previous_run'] or 0} |"
        )
    lines += [
        "",
        f"Articles dated differently from files and from the store: "
        f"{report['files_vs_store_disagreements']}. Peak memory {report['peak_memory_mb']} MB.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--name", default="inference")
    parser.add_argument(
        "--large", type=int, default=0, help="instead: this many large undated documents"
    )
    parser.add_argument("--megabytes", type=float, default=1.0, help="size of each large one")
    parser.add_argument("--source", choices=("t17", "seeds"), default="t17")
    args = parser.parse_args()
    report = (
        run_large(args.large, args.megabytes) if args.large else run(args.articles, args.source)
    )
    report["command"] = "python " + " ".join(sys.argv)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{args.name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (REPORTS / f"{args.name}.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
