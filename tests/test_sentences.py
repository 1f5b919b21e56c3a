"""Sentence splitting on real text, and its speed."""

from __future__ import annotations

import time
from pathlib import Path

from dateline.clean import clean_text
from dateline.read import read_paths
from dateline.sentences import split_lines, split_sentences


def test_seed_sentences(seeds_dir: Path) -> None:
    [path] = seeds_dir.glob("002_*.txt")
    sents = split_sentences(clean_text(path.read_text(encoding="utf-8")).text)
    assert sents[0].startswith("HANOI, Vietnam — Talks between President Donald Trump")
    assert sents[0].endswith("a global nuclear threat.")
    # "U.S." does not end a sentence; quotes stay with their sentence.
    assert any("over U.S. sanctions" in s for s in sents)
    assert '"I\'d much rather do it right than do it fast," Trump said.' in sents
    assert '"We\'re in position to do something very special."' in sents
    assert len(sents) == 12


def test_glued_sentences_are_split(seeds_dir: Path) -> None:
    [path] = seeds_dir.glob("000_*.txt")
    sents = split_sentences(path.read_text(encoding="utf-8"))
    assert any(s.startswith("Kim and Trump held their second summit in Hanoi") for s in sents)
    assert any(s.startswith("The leaders were expected to flesh out") for s in sents)


def test_titles_and_abbreviations() -> None:
    assert split_sentences("Mr. Smith met Dr. Jones at 3 p.m. on Friday. They talked.") == [
        "Mr. Smith met Dr. Jones at 3 p.m. on Friday.", "They talked."]
    assert split_sentences("  \n ") == []


def test_split_lines_on_timeline17(t17_dir: Path) -> None:
    path = t17_dir / "bpoil_bbc" / "InputDocs" / "2010-04-29" / "1971.htm.txt"
    raw = path.read_text(encoding="utf-8")
    lines = split_lines(clean_text(raw, ptb=True).text)
    assert len(lines) == sum(1 for line in raw.splitlines() if line.strip())
    assert lines[2] == "It is not the first time BP has faced controversy and anger in the US."
    assert split_lines("a  b\n\n  \nc\n") == ["a b", "c"]


def test_speed_on_timeline17(t17_dir: Path) -> None:
    texts = [clean_text(d.text, ptb=True).text for d in read_paths([t17_dir / "bpoil_bbc"])
             if hasattr(d, "text")]
    start = time.perf_counter()
    n = sum(len(split_lines(t)) for t in texts)
    assert n / (time.perf_counter() - start) > 100_000  # sentences per second
    sample = texts[:40]
    start = time.perf_counter()
    n = sum(len(split_sentences(t)) for t in sample)
    assert n / (time.perf_counter() - start) > 500
