"""The `dateline` command as a user runs it: real seeds in, every format out, bad input
reported in one line per file, no tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATELINE = [sys.executable, "-m", "dateline"]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DATELINE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_seeds_to_json(seeds_dir: Path) -> None:
    result = run("timeline", seeds_dir, "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == "dateline.timeline/1"
    dates = {e["date"] for e in doc["entries"]}
    assert {"2019-02-28", "2019-03-02"} <= dates
    assert dates & {"2019-04-25", "2019-04-26"}
    undated = next(a for a in doc["articles"] if a["id"].startswith("002_"))
    assert (undated["published"], undated["published_from"]) == ("2019-02-28", "inferred")
    ids = {a["id"] for a in doc["articles"]}
    for entry in doc["entries"]:
        for sentence in entry["sentences"]:
            assert sentence["article_id"] in ids
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("markdown", "## 2019-02-28"), ("html", "<html"), ("timelinejs", '"events"')],
)
def test_every_output_format(seeds_dir: Path, tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / f"timeline.{fmt}"
    result = run("timeline", seeds_dir, "--format", fmt, "--out", out, "--max-dates", "4")
    assert result.returncode == 0, result.stderr
    assert marker in out.read_text(encoding="utf-8")


def test_terminal_output(seeds_dir: Path) -> None:
    result = run("timeline", seeds_dir, "--max-dates", "3")
    assert result.returncode == 0, result.stderr
    assert "2019" in result.stdout and "Kim" in result.stdout


def test_bad_inputs_are_reported_and_the_rest_is_used(seeds_dir: Path, tmp_path: Path) -> None:
    good = tmp_path / "good"
    shutil.copytree(seeds_dir, good)
    (good / "empty.txt").write_text("")
    (good / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (good / "broken.jsonl").write_text(
        '{"id": "a", "text": "fine text", "time": "2019-01-02"}\n{oops\n'
    )
    result = run("timeline", good, tmp_path / "missing.txt", "--format", "json")
    assert result.returncode == 0, result.stderr
    err = result.stderr
    assert "Traceback" not in err
    assert "missing.txt" in err
    assert "empty.txt" in err
    assert "binary.txt" in err
    assert "broken.jsonl:2" in err
    assert "skipped" in err.splitlines()[-1]
    doc = json.loads(result.stdout)
    assert doc["entries"]
    assert len(doc["problems"]) >= 4


def test_nothing_usable_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run("timeline", tmp_path / "nope", tmp_path / "empty.txt")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "no usable article" in result.stderr


def test_option_errors_are_one_line(seeds_dir: Path) -> None:
    result = run("timeline", seeds_dir, "--start", "yesterday")
    assert result.returncode == 2
    assert "--start" in result.stderr and "Traceback" not in result.stderr
    result = run("timeline", seeds_dir, "--format", "pdf")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_demo_runs() -> None:
    result = run("demo", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert len(doc["entries"]) >= 3


def test_serve_on_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    # Before: "serving on http://127.0.0.1:N/", then uvicorn's "ERROR: [Errno 98] ...",
    # exit status 3.
    pytest.importorskip("uvicorn")
    import socket

    (tmp_path / "a.txt").write_text("Published: 28.02.2019\n\nThe talks collapsed on Thursday.")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run("serve", tmp_path, "--port", port, "--workers", "1")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == f"dateline: cannot listen on 127.0.0.1:{port}: Address already in use"
    assert not any("serving on" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["timeline", "--workers", "0", "x"], "Invalid value for '--workers'"),
        (["timeline", "--bogus"], "No such option: --bogus"),
        (["serve", "--port", "80000"], "Invalid value for '--port'"),
        (["nosuch"], "No such command 'nosuch'"),
        (["search"], "Missing argument 'query'"),
    ],
)
def test_usage_errors_are_one_line_with_status_2(args: list[str], says: str) -> None:
    # Click's own errors, like every other bad request: one line on stderr, status 2.
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dateline: ") and says in lines[0]
    assert "--help" in lines[0] and "╭" not in result.stderr


def test_help_and_bare_command_still_show_the_help() -> None:
    shown = run("timeline", "--help")
    assert shown.returncode == 0 and "Usage:" in shown.stdout and "timeline" in shown.stdout
    bare = run()
    assert bare.returncode == 2 and "Usage:" in bare.stdout and bare.stderr == ""
    assert run("--version").stdout.startswith("dateline ")
