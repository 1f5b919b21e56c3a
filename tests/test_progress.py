"""A progress bar over the inputs on a terminal, and nothing of it elsewhere (issue 13)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from dateline.read import count_inputs

_CONTROL = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


def _jsonl(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"BP said on Tuesday that the oil spill near Louisiana grew again (report {i})."
            fh.write(json.dumps({"id": i, "time": f"2010-05-0{i % 9 + 1}", "text": text}) + "\n")
    return path


def test_count_inputs(tmp_path: Path, seeds_dir: Path) -> None:
    _jsonl(tmp_path / "a.jsonl", 120)
    (tmp_path / "b.txt").write_text("An article.\n", encoding="utf-8")
    assert count_inputs([tmp_path]) == 121
    assert count_inputs([seeds_dir]) == 3
    assert count_inputs([tmp_path / "missing"]) == 1  # one problem line


def _run(args: list[str], terminal: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TERM", "NO_COLOR")}
    if terminal:
        env["FORCE_COLOR"] = "1"  # rich then treats stderr as a terminal
    done = subprocess.run(
        [sys.executable, "-m", "dateline", *args], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_bar_on_a_terminal_only(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "wire.jsonl", 200)
    shown = _CONTROL.sub("", _run(["timeline", str(path), "--workers", "1"], terminal=True))
    assert "reading articles" in shown and "200/200" in shown
    plain = _run(["timeline", str(path), "--workers", "1"], terminal=False)
    assert "\x1b" not in plain and "reading articles" not in plain
    assert plain.strip().endswith("read 200 articles")
    db = str(tmp_path / "w.db")
    shown = _CONTROL.sub("", _run(["ingest", str(path), "--db", db], terminal=True))
    assert "ingesting" in shown and "200/200" in shown
