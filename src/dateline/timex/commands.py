"""What `dateline tag` does, kept out of the CLI module: plain text -> JSON spans, TimeML
directories -> TimeML directories, and an optional TempEval-3 score of the result."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

from dateline.model import Problem, TimeMention
from dateline.timex import default_tagger
from dateline.timex.grammar import GROUPS
from dateline.timex.score import Score, score_directories
from dateline.timex.tagger import Tagger
from dateline.timex.timeml import tag_directory


def make_tagger(disable: Iterable[str] = ()) -> Tagger:
    """The default tagger, or one without the named rule groups (ValueError if unknown)."""
    off = [d for d in disable if d]
    if not off:
        return default_tagger()
    unknown = sorted(set(off) - set(GROUPS))
    if unknown:
        raise ValueError(f"unknown rule group(s) {', '.join(unknown)}; known: {', '.join(GROUPS)}")
    return Tagger(disable=off)


def mentions_json(mentions: list[TimeMention]) -> str:
    rows = [
        {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "value": m.value}
        for m in mentions
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def tag_text(text: str, dct: dt.date | None, tagger: Tagger) -> str:
    return mentions_json(tagger.tag(text, dct))


def tag_timeml(
    in_dir: Path, out_dir: Path, tagger: Tagger, score: bool = False
) -> tuple[int, list[Problem], Score | None]:
    # a TimeML file is one document: references back ("the following year") carry over
    written, problems = tag_directory(in_dir, out_dir, lambda t, d: tagger.tag_document([t], d)[0])
    result: Score | None = None
    if score:
        result, score_problems = score_directories(in_dir, out_dir)
        problems += [Problem(*p.split(": ", 1)) for p in score_problems]
    return written, problems, result


def score_table(score: Score) -> str:
    """The TE3 measures as a small text table."""
    rows = [
        ("strict", score.strict_p, score.strict_r, score.strict_f1),
        ("relaxed", score.relaxed_p, score.relaxed_r, score.relaxed_f1),
    ]
    lines = [f"{'match':<8} {'P':>6} {'R':>6} {'F1':>6}"]
    lines += [f"{n:<8} {p:6.3f} {r:6.3f} {f:6.3f}" for n, p, r, f in rows]
    lines.append(
        f"type  accuracy {score.type_accuracy:.3f}  F1 {score.type_f1:.3f}\n"
        f"value accuracy {score.value_accuracy:.3f}  F1 {score.value_f1:.3f}\n"
        f"({score.documents} documents, {score.gold} gold, {score.system} system expressions)"
    )
    return "\n".join(lines)
