"""TempEval-3 task A scoring for temporal expressions (UzZaman et al. 2013).

- strict match: identical extent; relaxed match: any overlap (one-to-one).
- precision = matched system / system, recall = matched gold / gold, micro-averaged
  over all documents.
- type and value: accuracy over relaxed matches; their F1 is accuracy x relaxed F1, as
  the TE3 scorer defines it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dateline.model import TimeMention
from dateline.timex import timeml
from dateline.timex.timeml import GoldTimex


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Score:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    documents: int = 0

    def add(self, other: Score) -> None:
        for name in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok", "documents"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def strict_p(self) -> float:
        return self.strict / self.system if self.system else 0.0

    @property
    def strict_r(self) -> float:
        return self.strict / self.gold if self.gold else 0.0

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_p, self.strict_r)

    @property
    def relaxed_p(self) -> float:
        return self.relaxed / self.system if self.system else 0.0

    @property
    def relaxed_r(self) -> float:
        return self.relaxed / self.gold if self.gold else 0.0

    @property
    def relaxed_f1(self) -> float:
        return _f1(self.relaxed_p, self.relaxed_r)

    @property
    def type_accuracy(self) -> float:
        return self.type_ok / self.relaxed if self.relaxed else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_ok / self.relaxed if self.relaxed else 0.0

    @property
    def type_f1(self) -> float:
        return self.type_accuracy * self.relaxed_f1

    @property
    def value_f1(self) -> float:
        return self.value_accuracy * self.relaxed_f1

    def measures(self) -> dict[str, float | int]:
        out: dict[str, float | int] = asdict(self)
        for name in ("strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1",
                     "type_accuracy", "value_accuracy", "type_f1", "value_f1"):  # fmt: skip
            out[name] = round(getattr(self, name), 4)
        return out


Span = GoldTimex  # (start, end, type, value), offsets into the tagged text


@dataclass(slots=True)
class Comparison:
    score: Score
    # (gold, system) for relaxed matches; unmatched gold and system spans
    pairs: list[tuple[Span, Span]] = field(default_factory=list)
    missed: list[Span] = field(default_factory=list)
    spurious: list[Span] = field(default_factory=list)


def _trim(text: str | None, s: Span) -> tuple[int, int]:
    if text is None:
        return s.start, s.end
    a, b = s.start, s.end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def compare(gold: Sequence[Span], system: Sequence[Span], text: str | None = None) -> Comparison:
    """Match one document's spans; each gold and system span is used at most once."""
    g_sorted = sorted(gold, key=lambda s: (s.start, s.end))
    s_sorted = sorted(system, key=lambda s: (s.start, s.end))
    used = [False] * len(s_sorted)
    score = Score(gold=len(g_sorted), system=len(s_sorted), documents=1)
    cmp = Comparison(score)
    j0 = 0
    for g in g_sorted:
        ga, gb = _trim(text, g)
        while j0 < len(s_sorted) and s_sorted[j0].end <= g.start:
            j0 += 1
        best = -1
        best_overlap = 0
        j = j0
        while j < len(s_sorted) and s_sorted[j].start < g.end:
            sa, sb = _trim(text, s_sorted[j])
            overlap = min(gb, sb) - max(ga, sa)
            if not used[j] and overlap > best_overlap:
                best, best_overlap = j, overlap
            j += 1
        if best < 0:
            cmp.missed.append(g)
            continue
        used[best] = True
        s = s_sorted[best]
        score.relaxed += 1
        if (ga, gb) == _trim(text, s):
            score.strict += 1
        if g.type == s.type:
            score.type_ok += 1
        if g.value == s.value:
            score.value_ok += 1
        cmp.pairs.append((g, s))
    cmp.spurious = [s for s, u in zip(s_sorted, used, strict=True) if not u]
    return cmp


def spans(mentions: Iterable[TimeMention]) -> list[Span]:
    return [Span(m.start, m.end, m.type, m.value) for m in mentions]


TagFn = Callable[[str, dt.date | None], list[TimeMention]]


def evaluate(paths: Iterable[Path], tag: TagFn) -> tuple[Score, list[tuple[str, Comparison]]]:
    """Tag each gold TimeML file's text with `tag` and score it against the gold TIMEX3s."""
    total = Score()
    per_doc: list[tuple[str, Comparison]] = []
    for path in paths:
        doc = timeml.read(path)
        cmp = compare(doc.gold, spans(tag(doc.text, doc.dct)), doc.text)
        total.add(cmp.score)
        per_doc.append((path.name, cmp))
    return total, per_doc


def score_directories(gold_dir: Path, system_dir: Path) -> tuple[Score, list[str]]:
    """Score system TimeML files against gold files of the same name (TE3 layout)."""
    total = Score()
    problems: list[str] = []
    for gpath in timeml.timeml_files(gold_dir):
        spath = system_dir / gpath.name
        if not spath.exists():
            problems.append(f"{spath}: missing system file")
            continue
        try:
            gold, system = timeml.read(gpath), timeml.read(spath)
        except (OSError, UnicodeDecodeError, timeml.TimeMLError) as exc:
            problems.append(f"{spath}: {exc}")
            continue
        if gold.text != system.text:
            problems.append(f"{spath}: TEXT differs from the gold file; skipped")
            continue
        total.add(compare(gold.gold, system.gold, gold.text).score)
    return total, problems
