"""Benchmark of one large JSON Lines file: time and peak memory of `dateline timeline` and
`dateline ingest` on it (issue 13).

    python benchmarks/jsonl_bench.py --records 118000

The file is made in a temporary folder, never in the repository: `--records` records
(about 430 bytes each, so 118,000 make 50 MB), each a few Timeline17 sentences drawn
with a fixed seed, with a `time` field (the date folder of the first sentence's article),
a title and an id. Each command runs as a subprocess of the installed `dateline`;
its peak resident memory is the `ru_maxrss` of the largest process under it. Reports go to
benchmarks/reports/<--name>.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dateline.bench import machine_info, reference_loop_ms

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("DATELINE_SHARED_DATA", REPO.parent / "shared" / "data"))
REPORTS = REPO / "benchmarks" / "reports"


def make_file(path: Path, records: int, seed: int = 13) -> int:
    """Write the JSON Lines file; its size in bytes."""
    pool: list[tuple[str, str]] = []
    for doc in sorted((DATA / "t17").glob("*/InputDocs/*/*.txt")):
        day = doc.parent.name
        for line in doc.read_text(encoding="utf-8", errors="replace").splitlines():
            if len(line.split()) >= 8:
                pool.append((day, line.strip()))
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(records):
            k = rng.randrange(len(pool) - 3)
            day, first = pool[k]
            text = "\n".join([first] + [s for _, s in pool[k + 1 : k + 3]])
            record = {"id": f"r{i}", "time": day, "title": first[:60], "text": text}
            fh.write(json.dumps(record) + "\n")
    return path.stat().st_size


# Runs a command and prints on its last stderr line the peak memory of the largest
# process under it (ru_maxrss of its waited-for descendants, in KB).
_MEASURE = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]);"
    " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr);"
    " sys.exit(r.returncode)"
)


def _run(args: list[str]) -> dict[str, Any]:
    """Run a command alone; its time and peak resident memory."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    return {
        "command": " ".join(args[3:]),
        "exit": done.returncode,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(int(lines[-1]) / 1024, 1),
        "stderr_tail": lines[-3:-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=118_000)
    parser.add_argument("--name", default="jsonl")
    parser.add_argument(
        "--commands", default="ingest,timeline", help="which to run, comma-separated"
    )
    args = parser.parse_args()
    dateline = [sys.executable, "-m", "dateline"]
    loops = [reference_loop_ms()]
    runs = []
    with tempfile.TemporaryDirectory(prefix="dateline-jsonl-") as tmp:
        path = Path(tmp) / "big.jsonl"
        size = make_file(path, args.records)
        for command in args.commands.split(","):
            if command == "ingest":
                runs.append(_run([*dateline, "ingest", str(path), "--db", f"{tmp}/big.db"]))
            elif command == "timeline":
                out = f"{tmp}/timeline.json"
                runs.append(
                    _run([*dateline, "timeline", str(path), "--format", "json", "--out", out])
                )
    loops.append(reference_loop_ms())
    report = {
        "records": args.records,
        "megabytes": round(size / 1e6, 1),
        "runs": runs,
        "reference_loop_ms": loops,
        "machine": machine_info(),
        "command": "python " + " ".join(sys.argv),
    }
    lines = [
        "# One large JSON Lines file",
        "",
        f"Command: `{report['command']}`. Machine: {report['machine']}; reference loop "
        f"(CPU ms for a fixed pure-Python loop, before and after) "
        f"{' / '.join(map(str, loops))}.",
        "",
        f"{args.records} records, {report['megabytes']} MB.",
        "",
        "| command | exit | seconds | peak RSS (MB) | last lines on stderr |",
        "|---|---|---|---|---|",
    ]
    for r in runs:
        tail = " / ".join(r["stderr_tail"]).replace("|", "\\|")
        lines.append(
            f"| `{r['command'].split()[0]}` | {r['exit']} | {r['seconds']} |"
            f" {r['peak_rss_mb']} | {tail} |"
        )
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{args.name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (REPORTS / f"{args.name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
