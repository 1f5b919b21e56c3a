"""Near-duplicate detection on real articles (seeds, Timeline17)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dateline import dedup
from dateline.model import Article, Problem
from dateline.read import read_paths

pytestmark = pytest.mark.shared


def _seed_texts(seeds_dir: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.iterdir())]


def test_identical_and_unrelated_texts(seeds_dir: Path, t17_dir: Path) -> None:
    a, b, _ = _seed_texts(seeds_dir)
    assert dedup.signature(a).similarity(dedup.signature(a)) == 1.0
    # Two seeds on the same summit, written independently: far below the threshold.
    assert dedup.jaccard(a, b) < 0.1
    assert dedup.signature(a).similarity(dedup.signature(b)) < dedup.THRESHOLD


def test_an_edited_copy_is_a_near_duplicate(seeds_dir: Path) -> None:
    text = _seed_texts(seeds_dir)[1]
    lines = text.splitlines()
    # An outlet's copy: new credit line, last two lines trimmed, spacing and case changed.
    copy = "\n".join(["By Staff Reporters", *lines[:-2]]).upper().replace(" ", "  ")
    exact = dedup.jaccard(text, copy)
    estimate = dedup.signature(text).similarity(dedup.signature(copy))
    assert exact > 0.7
    assert abs(estimate - exact) < 0.2
    assert estimate >= dedup.THRESHOLD


def test_short_stubs_are_never_linked() -> None:
    stub = "In order to see this content you need to have both Javascript and Flash installed."
    sig = dedup.signature(stub)
    assert not sig.linkable
    index = dedup.DedupIndex()
    assert index.add("a", sig) is None
    assert index.add("b", sig) is None


def test_signatures_are_stable_across_processes(seeds_dir: Path) -> None:
    # Stored signatures and band keys must not depend on the process (hash seeds).
    text_path = sorted(seeds_dir.iterdir())[0]
    code = (
        "import sys; from dateline import dedup; "
        "s = dedup.signature(open(sys.argv[1], encoding='utf-8').read()); "
        "print(s.to_bytes().hex(), s.band_keys())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code, str(text_path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    here = dedup.signature(text_path.read_text(encoding="utf-8"))
    assert runs == {f"{here.to_bytes().hex()} {here.band_keys()}\n"}


def test_signature_round_trips_through_bytes(seeds_dir: Path) -> None:
    sig = dedup.signature(_seed_texts(seeds_dir)[0])
    back = dedup.Signature.from_bytes(sig.to_bytes(), sig.shingles)
    assert back.similarity(sig) == 1.0 and back.band_keys() == sig.band_keys()


def _t17_articles(t17_dir: Path, collection: str) -> list[Article]:
    from dateline.pipeline import annotate

    return [
        a
        for a in annotate(read_paths([t17_dir / collection]), workers=2)
        if not isinstance(a, Problem)
    ]


def test_t17_links_are_precise(t17_dir: Path) -> None:
    # Reuters files several updates of the same story a day: the collection's links.
    articles = _t17_articles(t17_dir, "bpoil_reuters")
    by_id = {a.id: a for a in articles}
    links = dedup.find_duplicates(articles)
    assert 3 <= len(links) <= 60, links
    for copy, first in links.items():
        # Precision: every link is confirmed by the exact Jaccard similarity (the
        # estimate has a standard error of about 0.06 at 64 permutations).
        assert dedup.jaccard(by_id[copy].text, by_id[first].text) >= dedup.THRESHOLD - 0.15
        # Groups are stars: the first article is never itself a copy.
        assert first not in links
    # Incremental and batch detection agree.
    marked = list(dedup.mark_duplicates(articles))
    assert {a.id: a.duplicate_of for a in marked if a.duplicate_of} == links
