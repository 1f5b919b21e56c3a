"""Sentence splitting on real text, and its speed."""

from __future__ import annotations

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


def test_contractions_are_quoted_as_written(seeds_dir: Path) -> None:
    # syntok's default tokenizer rewrote "won't" as "wo" + "not": the seed's quote read
    # "I wonot be here right now".
    [path] = seeds_dir.glob("002_*.txt")
    sents = split_sentences(clean_text(path.read_text(encoding="utf-8")).text)
    assert any("I won't be here right now" in s for s in sents)
    assert not any("wonot" in s for s in sents)
    assert split_sentences("They can't agree. It isn't over, and we don't know.") == [
        "They can't agree.", "It isn't over, and we don't know."]


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


def test_timeline17_lines_and_syntok_agree_on_real_text(t17_dir: Path) -> None:
    # Speed is measured in benchmarks/, not asserted here; this checks the two splitters
    # on real Timeline17 articles: one sentence per line, and syntok on the joined text.
    texts = [
        clean_text(d.text, ptb=True).text
        for d in read_paths([t17_dir / "bpoil_bbc"])
        if hasattr(d, "text")
    ]
    lines = [split_lines(t) for t in texts[:40]]
    assert all(s.strip() == s and s for doc in lines for s in doc)
    assert sum(map(len, lines)) == sum(
        1 for t in texts[:40] for line in t.split("\n") if line.strip()
    )
    joined = [split_sentences(" ".join(doc)) for doc in lines]
    # syntok finds at least as many sentences as there were lines in most articles
    agree = sum(len(j) >= len(d) * 0.8 for j, d in zip(joined, lines, strict=True))
    assert agree >= 0.8 * len(lines)
