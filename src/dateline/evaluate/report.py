"""Evaluation results as text tables or JSON, for the CLI."""

from __future__ import annotations

import json
from collections.abc import Sequence

from dateline.evaluate.metrics import METRICS, Scores, average
from dateline.evaluate.pairs import PairResult

LABELS = {
    "concat_r1": "concat ROUGE-1",
    "concat_r2": "concat ROUGE-2",
    "agreement_r1": "agreement ROUGE-1",
    "agreement_r2": "agreement ROUGE-2",
    "align_m1_r1": "align+ m:1 ROUGE-1",
    "align_m1_r2": "align+ m:1 ROUGE-2",
    "date": "date",
}
SHORT = {
    "concat_r1": "cat R1",
    "concat_r2": "cat R2",
    "agreement_r1": "agr R1",
    "agreement_r2": "agr R2",
    "align_m1_r1": "m:1 R1",
    "align_m1_r2": "m:1 R2",
    "date": "date F1",
}


def scores_text(scores: Scores) -> str:
    width = max(len(v) for v in LABELS.values())
    lines = [f"{'metric':<{width}}  {'P':>6}  {'R':>6}  {'F1':>6}"]
    for metric in METRICS:
        p, r, f = scores.prf(metric)
        lines.append(f"{LABELS[metric]:<{width}}  {p:6.4f}  {r:6.4f}  {f:6.4f}")
    return "\n".join(lines) + "\n"


def pairs_text(results: Sequence[PairResult]) -> str:
    """One row of F1 values per pair, then the news-tls average (F1 of mean P and mean R)."""
    names = [r.pred.name.split(".pred.")[0] for r in results]
    width = max([len(n) for n in names] + [len("average")])
    head = f"{'pair':<{width}}  " + "  ".join(f"{SHORT[m]:>7}" for m in METRICS)
    lines = [head]
    for name, result in zip(names, results, strict=True):
        values = "  ".join(f"{result.scores.prf(m)[2]:7.4f}" for m in METRICS)
        lines.append(f"{name:<{width}}  {values}")
    mean = average([r.scores for r in results])
    lines.append(f"{'average':<{width}}  " + "  ".join(f"{mean.prf(m)[2]:7.4f}" for m in METRICS))
    lines.append("average: F1 of the mean precision and the mean recall over the pairs (news-tls)")
    return "\n".join(lines) + "\n"


def scores_json(scores: Scores) -> str:
    return json.dumps(scores.as_dict(), indent=2) + "\n"


def pairs_json(results: Sequence[PairResult]) -> str:
    rows = [{"pred": str(r.pred), "gold": str(r.gold), **r.scores.as_dict()} for r in results]
    mean = average([r.scores for r in results]).as_dict()
    return json.dumps({"pairs": rows, "average": mean}, indent=2) + "\n"
