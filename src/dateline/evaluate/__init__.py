"""Timeline evaluation exactly as tilse computes it: ROUGE-1/2 (concat, agreement,
align+ m:1) and date F1, without Perl or tilse. See docs/evaluation.md.

    from dateline.evaluate import evaluate, read_timelines, average
    scores = evaluate(read_timelines("pred.jsonl")[0], read_timelines("gold.jsonl"))
    scores.align_m1_r1_f
"""

from dateline.evaluate.errors import EvaluationError, TimelineWarning
from dateline.evaluate.formats import TimelineData, as_timeline_data, read_timelines
from dateline.evaluate.metrics import METRICS, SCORE_KEYS, Scores, average, evaluate, f1
from dateline.evaluate.pairs import (
    PairResult,
    evaluate_files,
    evaluate_pairs,
    find_pairs,
    read_prediction,
)

__all__ = [
    "METRICS",
    "SCORE_KEYS",
    "EvaluationError",
    "PairResult",
    "Scores",
    "TimelineData",
    "TimelineWarning",
    "as_timeline_data",
    "average",
    "evaluate",
    "evaluate_files",
    "evaluate_pairs",
    "f1",
    "find_pairs",
    "read_prediction",
    "read_timelines",
]
