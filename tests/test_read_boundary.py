"""One file's failure, of any kind and in any reader, is one Problem; the run goes on."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.demo import corpus_path
from dateline.pipeline import load_articles
from dateline.read import FORMATS
from dateline.version import __version__


def _demo_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(corpus_path(), target)
    return target


def test_html_reader_without_its_library_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fresh-machine failure of issue 13: `import trafilatura` raising ImportError.
    corpus = _demo_copy(tmp_path)
    html = sorted(corpus.glob("*.html"))
    assert html, "the demo corpus has an HTML page"
    everything = load_articles([corpus], workers=1)
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import -> ImportError
    result = load_articles([corpus], workers=1)
    assert len(result.articles) == len(everything.articles) - len(html)
    failed = [p for p in result.problems if "html reader" in p.message]
    assert [p.path for p in failed] == [str(h) for h in html]
    # ModuleNotFoundError, the ImportError that a None in sys.modules raises
    assert all("ModuleNotFoundError" in p.message and p.skipped for p in failed)


def test_a_reader_raising_midway_ends_only_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _demo_copy(tmp_path)
    texts = sorted(corpus.glob("*.txt"))
    victim = texts[1]
    real = FORMATS["text"]

    def flaky(path: Path, root: Path, max_bytes: int) -> Iterator:
        if path == victim:
            raise RuntimeError("disk on fire")
        yield from real(path, root, max_bytes)

    monkeypatch.setitem(FORMATS, "text", flaky)
    result = load_articles([corpus], workers=1)
    ids = {a.path for a in result.articles}
    assert str(victim) not in ids
    assert {str(t) for t in texts if t != victim} <= ids
    (problem,) = [p for p in result.problems if p.path == str(victim)]
    assert problem.message == "could not be read by the text reader (RuntimeError: disk on fire)"


def test_cli_run_goes_on_past_a_broken_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _demo_copy(tmp_path)
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    result = CliRunner().invoke(app, ["timeline", str(corpus), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "html reader (ModuleNotFoundError" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout.strip()


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"dateline {__version__}"


def test_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    assert version("dateline") == __version__
