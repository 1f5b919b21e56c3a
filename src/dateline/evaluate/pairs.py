"""Evaluate files: one prediction against its gold file(s), or a folder of pairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dateline.evaluate.errors import EvaluationError
from dateline.evaluate.formats import TimelineData, read_timelines
from dateline.evaluate.metrics import Scores, evaluate

PRED_MARK = ".pred."
GOLD_MARK = ".gold."


@dataclass(frozen=True, slots=True)
class PairResult:
    pred: Path
    gold: Path
    scores: Scores


def read_prediction(path: str | Path) -> TimelineData:
    """The one timeline of a prediction file (a file with several is an error)."""
    timelines = read_timelines(path)
    if len(timelines) != 1:
        raise EvaluationError(
            f"{path}: holds {len(timelines)} timelines; a prediction must be one timeline"
        )
    return timelines[0]


def evaluate_files(pred: str | Path, golds: Sequence[str | Path]) -> Scores:
    """Score the timeline in `pred` against every timeline in the `golds` files.

    All gold timelines together form tilse's ground truth (multi-reference), so a
    news-tls `timelines.jsonl` with three timelines gives three references.
    """
    if not golds:
        raise EvaluationError("no gold timeline file given")
    prediction = read_prediction(pred)
    references = [tl for gold in golds for tl in read_timelines(gold)]
    return evaluate(prediction, references)


def find_pairs(folder: str | Path) -> list[tuple[Path, Path]]:
    """`X.pred.EXT` files of a folder with their `X.gold.EXT`, sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise EvaluationError(
            f"{folder}: not a folder (--pairs takes a folder of X.pred.* and X.gold.* files)"
        )
    pairs = []
    for pred in sorted(folder.iterdir()):
        if PRED_MARK not in pred.name or not pred.is_file():
            continue
        gold = pred.with_name(pred.name.replace(PRED_MARK, GOLD_MARK, 1))
        if not gold.is_file():
            raise EvaluationError(f"{pred}: no gold timeline beside it (expected {gold.name})")
        pairs.append((pred, gold))
    if not pairs:
        raise EvaluationError(f"{folder}: no X.pred.* file with an X.gold.* beside it")
    return pairs


def evaluate_pairs(folder: str | Path) -> list[PairResult]:
    """Score every pair of a folder; average the results with `average`."""
    return [PairResult(p, g, evaluate_files(p, [g])) for p, g in find_pairs(folder)]
