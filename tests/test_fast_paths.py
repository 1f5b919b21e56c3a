"""The speed-ups are pure speed: each fast path gives exactly what the plain path gives,
on real text (TempEval-3 documents, Timeline17 articles)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline import clean, dedup
from dateline.model import RawDocument
from dateline.read import read_paths
from dateline.read.formats import _ID_SUFFIXES, relative_id
from dateline.timex import tagger as tagger_module
from dateline.timex import timeml
from dateline.timex.tagger import Tagger, _RuleSet


def _timebank_texts(tempeval_dir: Path, limit: int = 60) -> Iterator[tuple[str, dt.date | None]]:
    paths = timeml.timeml_files(tempeval_dir / "TimeBank")[:limit]
    for path in paths:
        doc = timeml.read(path)
        yield doc.text, doc.dct


def _t17_texts(t17_dir: Path, limit: int = 150) -> list[str]:
    files = sorted((t17_dir / "bpoil_bbc" / "InputDocs").rglob("*.txt"))[:limit]
    return [d.text for d in read_paths(files) if isinstance(d, RawDocument)]


def _mentions(tagger: Tagger, texts: list[tuple[str, dt.date | None]]) -> list[list[tuple]]:
    out = []
    for text, dct in texts:
        out.append([(m.start, m.end, m.type, m.value) for m in tagger.tag(text, dct)])
    return out


def test_word_filter_and_ascii_patterns_change_no_mention(
    tempeval_dir: Path, t17_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = list(_timebank_texts(tempeval_dir))
    dct = texts[0][1]
    texts += [(line, dct) for text in _t17_texts(t17_dir) for line in text.split("\n")]
    fast = _mentions(Tagger(), texts)
    # The plain path: the rules a position's first character allows, Unicode patterns.
    monkeypatch.setattr(_RuleSet, "for_word", lambda self, word: self.for_char(word[0]))
    monkeypatch.setattr(_RuleSet, "for_pair", lambda self, a, b: self.for_char(a[0]))
    monkeypatch.setattr(tagger_module, "_plain_ascii", lambda text: False)
    plain = _mentions(Tagger(), texts)
    assert sum(map(len, fast)) > 1000
    assert fast == plain


def test_minhash_tokens_equal_the_regex_tokens(t17_dir: Path) -> None:
    texts = [*_t17_texts(t17_dir), "Café — £5m, naïve ſtate’s 3rd", "ÀÉ über_x ok"]
    # Non-ASCII word characters next to non-ASCII non-word ones (the replacing path):
    # CJK, combining marks, other scripts' digits, İ (two characters lower-cased), lone
    # surrogates, non-ASCII spaces.
    texts += [
        "東京、北京。上海 «Zürich» — ſtraße’s x\u0301y İstanbul ٣٤ é\u00a0è\u3000ü",
        "naïve\ud800café “ok” ½ ² x²y ǅ ﬁne",
        "—".join(["Ωmega", "ßeta", "µ", "‘q’", ""]),
    ]
    for text in texts:
        assert dedup._word_bytes(text) == [w.encode() for w in dedup.words(text)]


def test_folded_trigger_and_cues_equal_the_case_insensitive_ones(t17_dir: Path) -> None:
    # The ASCII patterns run case-sensitively on the lower-cased text (see _TextPatterns).
    texts = [line for text in _t17_texts(t17_dir, 40) for line in text.split("\n")]
    texts += ["may May MAY mAy Mid-Afternoon mid-afternoon DEC dec Dec.", "I'LL WON'T Said SLATED"]
    fast, plain = tagger_module._ASCII, tagger_module._UNICODE
    for text in filter(tagger_module._plain_ascii, texts):
        folded = text.lower()
        fast_triggers = [
            m.span()
            for m in fast.trigger.finditer(folded)
            if m.lastgroup is None or text[m.start() : m.end()] in tagger_module._CASED_FORMS
        ]
        assert fast_triggers == [m.span() for m in plain.trigger.finditer(text)]
        fast_cues = [(m.span(), m.lastgroup) for m in fast.cues.finditer(folded)]
        assert fast_cues == [(m.span(), m.lastgroup) for m in plain.cues.finditer(text)]



_ODD_SPACING = [" a  b \n c\t\n\n d ", "x \u00a0y\n", "\x1cz \n \n", "plain\nlines", " ", ""]


def test_squeezed_lines_equal_split_and_join(t17_dir: Path) -> None:
    texts = _t17_texts(t17_dir, 60) + _ODD_SPACING
    # T17 lines end in a space: the fast path (only line ends to trim) must serve them.
    assert all(" \n" in t and "  " not in t for t in texts[:60])
    for text in texts:
        expected = "\n".join(" ".join(line.split()) for line in text.split("\n"))
        assert clean._squeeze_lines(text) == expected


def test_inline_chrome_gates_change_no_cleaned_text(
    t17_dir: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [d for d in read_paths([t17_dir / "bpoil_reuters", t17_dir / "MJ_bbc", seeds_dir])]
    docs = [d for d in docs if isinstance(d, RawDocument)]
    fast = [clean.clean_text(d.text, ptb=d.one_sentence_per_line) for d in docs]
    # The plain path: every pattern searched in every text ("" is in any text).
    for name in ("_INLINE_HEAD", "_INLINE_BODY"):
        monkeypatch.setattr(clean, name, [(p, ("",)) for p, _ in getattr(clean, name)])
    plain = [clean.clean_text(d.text, ptb=d.one_sentence_per_line) for d in docs]
    assert sum(len(c.stripped) for c in plain) > 20  # the patterns do cut chrome here
    assert fast == plain


def test_relative_ids_equal_the_pathlib_ones(tmp_path: Path) -> None:
    def by_pathlib(path: Path, root: Path) -> str:
        try:
            rel = path.relative_to(root)
        except ValueError:
            rel = Path(path.name)
        name = rel.name
        while (p := name.rpartition("."))[1] and p[0] and f".{p[2].lower()}" in _ID_SUFFIXES:
            name = p[0]
        return (rel.parent / name).as_posix().removeprefix("./")

    pairs = [("a/b/c.txt", "a"), ("a/b/c.htm.txt", "a/b"), ("a/b.TXT", "a/b.TXT"),
             ("a/x/..txt", "a"), ("a/.hidden", "a"), ("a/c.", "a"), ("a/b/c.jsonl.gz", "q"),
             ("b.txt", "."), ("/r/s/t.json", "/r"), ("/r/s/t.json", "/")]  # fmt: skip
    for path, root in pairs:
        for base in (Path(), tmp_path):
            p, r = base / path, base / root
            assert relative_id(p, r) == by_pathlib(p, r), (p, r)
