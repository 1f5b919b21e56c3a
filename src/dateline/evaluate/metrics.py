"""tilse's timeline metrics (Martschat & Markert 2017, 2018), computed in Python.

One predicted timeline is scored against a set of reference timelines, as tilse's
`TimelineRougeEvaluator` and `evaluate_dates` do with a `GroundTruth`:

- concat: all daily summaries of a timeline joined in date order, one ROUGE comparison.
- agreement: for every date in the prediction or a reference, that date's predicted
  summary against that date's reference summaries; precision sums over predicted dates,
  recall over reference dates.
- align+ m:1: every predicted date is mapped to the reference date with the least cost
  (1 - 1/(|days|+1)) * (1 - content overlap), many to one, and compared with it, the hits
  weighted by 1/(|days|+1); recall maps every reference date to a predicted date likewise.
- date F1: exact date matches between the prediction and the union of reference dates.

Precision and recall are micro averages (sums of numerators over sums of denominators);
F1 is their harmonic mean. Several timelines are averaged as news-tls does: the mean of
the precisions and the mean of the recalls, and F1 of those two means (`average`).
"""

from __future__ import annotations

import datetime as dt
import string
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields

import numpy as np
from scipy import sparse

from dateline.evaluate.formats import TimelineData, as_timeline_data
from dateline.evaluate.rouge import EMPTY, Counts, Summary, rouge_counts
from dateline.model import Timeline

TimelineLike = Timeline | Mapping[dt.date, Sequence[str]]

# The metric families, in report order; each has _p, _r and _f (date F1: _p, _r, _f1).
METRICS = (
    "concat_r1",
    "concat_r2",
    "agreement_r1",
    "agreement_r2",
    "align_m1_r1",
    "align_m1_r2",
    "date",
)


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1 of every metric, keyed as in the benchmark report."""

    concat_r1_p: float
    concat_r1_r: float
    concat_r1_f: float
    concat_r2_p: float
    concat_r2_r: float
    concat_r2_f: float
    agreement_r1_p: float
    agreement_r1_r: float
    agreement_r1_f: float
    agreement_r2_p: float
    agreement_r2_r: float
    agreement_r2_f: float
    align_m1_r1_p: float
    align_m1_r1_r: float
    align_m1_r1_f: float
    align_m1_r2_p: float
    align_m1_r2_r: float
    align_m1_r2_f: float
    date_p: float
    date_r: float
    date_f1: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    def prf(self, metric: str) -> tuple[float, float, float]:
        """(precision, recall, F1) of one of `METRICS`."""
        f = "f1" if metric == "date" else "f"
        return (
            getattr(self, f"{metric}_p"),
            getattr(self, f"{metric}_r"),
            getattr(self, f"{metric}_{f}"),
        )


def f1(precision: float, recall: float) -> float:
    """Harmonic mean, 0 when both are 0 (tilse's `get_f_score` with beta 1)."""
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


@dataclass(slots=True)
class _Sums:
    """Numerators and denominators of precision and recall, for ROUGE-1 and ROUGE-2."""

    p_num1: float = 0.0
    p_den1: int = 0
    r_num1: float = 0.0
    r_den1: int = 0
    p_num2: float = 0.0
    p_den2: int = 0
    r_num2: float = 0.0
    r_den2: int = 0

    def add_precision(self, c: Counts, weight: float = 1.0) -> None:
        # The weight multiplies the hit count as tilse does, (1/(d+1)) * hits.
        self.p_num1 += weight * c.hit1
        self.p_den1 += c.peer1
        self.p_num2 += weight * c.hit2
        self.p_den2 += c.peer2

    def add_recall(self, c: Counts, weight: float = 1.0) -> None:
        self.r_num1 += weight * c.hit1
        self.r_den1 += c.model1
        self.r_num2 += weight * c.hit2
        self.r_den2 += c.model2

    def prf(self) -> tuple[float, float, float, float, float, float]:
        p1, r1 = _ratio(self.p_num1, self.p_den1), _ratio(self.r_num1, self.r_den1)
        p2, r2 = _ratio(self.p_num2, self.p_den2), _ratio(self.r_num2, self.r_den2)
        return p1, r1, f1(p1, r1), p2, r2, f1(p2, r2)


class _Prepared:
    """One timeline's summaries, tokenised once: ROUGE counts and tilse's overlap counts."""

    __slots__ = ("data", "dates", "overlap", "summaries")

    def __init__(self, data: TimelineData) -> None:
        self.data = data
        self.dates = sorted(data)
        self.summaries = {d: Summary.of(data[d]) for d in self.dates}
        self.overlap = {d: _overlap_counts(data[d]) for d in self.dates}

    def concat(self) -> Summary:
        return Summary.of(s for d in self.dates for s in self.data[d])


def _overlap_counts(sentences: Iterable[str]) -> Counter[str]:
    """The tokens tilse's alignment cost compares: split on whitespace, case kept, no stems.

    A token is left out when it is a substring of `string.punctuation` (tilse's test is
    `token not in string.punctuation`, a substring test on a str): ".", "--", "()" ...
    """
    counts: Counter[str] = Counter()
    for sentence in sentences:
        counts.update(t for t in sentence.split() if t not in string.punctuation)
    return counts


def _count_matrix(counters: Sequence[Counter[str]], vocab: dict[str, int]) -> sparse.csr_array:
    rows, cols, values = [], [], []
    for i, counts in enumerate(counters):
        for token, n in counts.items():
            rows.append(i)
            cols.append(vocab[token])
            values.append(n)
    shape = (len(counters), len(vocab))
    return sparse.csr_array((np.array(values, dtype=np.float64), (rows, cols)), shape=shape)


def _clipped_matches(a: sparse.csr_array, b: sparse.csr_array) -> np.ndarray:
    """sum over tokens of min(a[i, t], b[j, t]) for every row pair i, j.

    min(x, y) = number of levels k >= 1 with x >= k and y >= k, so the clipped overlap is a
    sum of 0/1 matrix products, one per count level; float64 sums of 0/1 are exact.
    """
    if a.nnz == 0 or b.nnz == 0:
        return np.zeros((a.shape[0], b.shape[0]))
    levels = int(min(a.max(), b.max()))
    out = np.zeros((a.shape[0], b.shape[0]))
    for k in range(1, levels + 1):
        out += ((a >= k).astype(np.float64) @ (b >= k).astype(np.float64).T).toarray()
    return out


def _content_overlap(
    pred: Sequence[Counter[str]], refs: Sequence[Sequence[Counter[str]]]
) -> np.ndarray:
    """tilse's approximate ROUGE-1 F1 for every (predicted date, reference date) pair.

    `pred` holds one counter per predicted date, `refs` one list per reference timeline
    with a counter per reference date (empty where that timeline lacks the date). As in
    tilse, hits are summed over the references and the precision denominator counts the
    predicted tokens once per reference. The float operations are tilse's, in its order,
    so that equal costs (and so the alignment's tie-breaking) come out the same.
    """
    vocab: dict[str, int] = {}
    for counts in (*pred, *(c for ref in refs for c in ref)):
        for token in counts:
            vocab.setdefault(token, len(vocab))
    p_matrix = _count_matrix(pred, vocab)
    match = np.zeros((len(pred), len(refs[0])))
    recall_denom = np.zeros(len(refs[0]))
    for ref in refs:
        r_matrix = _count_matrix(ref, vocab)
        match += _clipped_matches(p_matrix, r_matrix)
        recall_denom += [sum(c.values()) for c in ref]
    prec_denom = len(refs) * np.array([sum(c.values()) for c in pred], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(prec_denom[:, None] == 0, 0.0, match / prec_denom[:, None])
        recall = np.where(recall_denom[None, :] == 0, 0.0, match / recall_denom[None, :])
        f = np.where(precision + recall == 0, 0.0, 2 * precision * recall / (precision + recall))
    return f


class _Evaluation:
    def __init__(self, pred: _Prepared, refs: Sequence[_Prepared]) -> None:
        self.pred = pred
        self.refs = refs
        # Dates of any reference; a reference without a date contributes an empty summary.
        self.ref_dates = sorted({d for r in refs for d in r.dates})
        self._counts: dict[tuple[dt.date | None, dt.date | None], Counts] = {}

    def _ref_summaries(self, day: dt.date | None) -> list[Summary]:
        if day is None:
            return [EMPTY] * len(self.refs)
        return [r.summaries.get(day, EMPTY) for r in self.refs]

    def counts(self, pred_day: dt.date | None, ref_day: dt.date | None) -> Counts:
        """ROUGE counts of the predicted summary of `pred_day` against the references' of
        `ref_day` (None: an empty summary), cached because alignments revisit pairs."""
        key = (pred_day, ref_day)
        if key not in self._counts:
            peer = EMPTY if pred_day is None else self.pred.summaries.get(pred_day, EMPTY)
            self._counts[key] = rouge_counts(peer, self._ref_summaries(ref_day))
        return self._counts[key]

    def concat(self) -> tuple[float, ...]:
        sums = _Sums()
        c = rouge_counts(self.pred.concat(), [r.concat() for r in self.refs])
        sums.add_precision(c)
        sums.add_recall(c)
        return sums.prf()

    def agreement(self) -> tuple[float, ...]:
        sums = _Sums()
        pred_dates, ref_dates = set(self.pred.dates), set(self.ref_dates)
        for day in sorted(pred_dates | ref_dates):
            c = self.counts(day, day)
            if day in pred_dates:
                sums.add_precision(c)
            if day in ref_dates:
                sums.add_recall(c)
        return sums.prf()

    def align_many_to_one(self) -> tuple[float, ...]:
        pred_dates, ref_dates = self.pred.dates, self.ref_dates
        costs = self._costs()
        sums = _Sums()
        for i, p in enumerate(pred_dates):
            if ref_dates:
                # The first least cost wins, as numpy's argmin picks it.
                j = int(np.argmin(costs[i]))
                sums.add_precision(self.counts(p, ref_dates[j]), _date_weight(p, ref_dates[j]))
            else:
                sums.add_precision(self.counts(p, None))
        for j, r in enumerate(ref_dates):
            if pred_dates:
                i = int(np.argmin(costs[:, j]))
                sums.add_recall(self.counts(pred_dates[i], r), _date_weight(pred_dates[i], r))
            else:
                sums.add_recall(self.counts(None, r))
        return sums.prf()

    def _costs(self) -> np.ndarray:
        """tilse's alignment costs, (1 - 1/(days+1)) * (1 - overlap), pred x ref dates."""
        pred_dates, ref_dates = self.pred.dates, self.ref_dates
        if not pred_dates or not ref_dates:
            return np.zeros((len(pred_dates), len(ref_dates)))
        overlap = _content_overlap(
            [self.pred.overlap[d] for d in pred_dates],
            [[r.overlap.get(d, _NO_TOKENS) for d in ref_dates] for r in self.refs],
        )
        days = np.abs(
            np.array([d.toordinal() for d in pred_dates])[:, None]
            - np.array([d.toordinal() for d in ref_dates])[None, :]
        )
        date_factor = 1 - 1 / (days + 1)
        return date_factor * (1 - overlap)

    def dates(self) -> tuple[float, float, float]:
        pred_dates, ref_dates = set(self.pred.dates), set(self.ref_dates)
        both = len(pred_dates & ref_dates)
        p, r = _ratio(both, len(pred_dates)), _ratio(both, len(ref_dates))
        return p, r, f1(p, r)


_NO_TOKENS: Counter[str] = Counter()


def _date_weight(a: dt.date, b: dt.date) -> float:
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1)


def evaluate(predicted: TimelineLike, references: TimelineLike | Sequence[TimelineLike]) -> Scores:
    """Score a predicted timeline against one or several reference timelines, as tilse does.

    `predicted` and each reference are a dateline `Timeline` or a mapping date -> list of
    sentence strings (what `read_timelines` returns). Several references form one ground
    truth (multi-reference ROUGE, date F1 against the union of their dates), as tilse's
    `GroundTruth` does; to average over separate timeline pairs use `average`.
    """
    if isinstance(references, Timeline | Mapping):
        references = [references]
    refs = [_Prepared(as_timeline_data(r)) for r in references]
    if not refs:
        raise ValueError("evaluate needs at least one reference timeline")
    e = _Evaluation(_Prepared(as_timeline_data(predicted)), refs)
    values = (*e.concat(), *e.agreement(), *e.align_many_to_one(), *e.dates())
    # Per metric family the order is p, r, f (date: p, r, f1); _Sums gives (p1, r1, f1,
    # p2, r2, f2), which is already the field order.
    return Scores(*values)


def average(scores: Sequence[Scores]) -> Scores:
    """Average over timelines the news-tls way: mean P, mean R, F1 of the two means."""
    if not scores:
        raise ValueError("average needs at least one Scores")
    values: dict[str, float] = {}
    for metric in METRICS:
        p = sum(s.prf(metric)[0] for s in scores) / len(scores)
        r = sum(s.prf(metric)[1] for s in scores) / len(scores)
        f_key = "f1" if metric == "date" else "f"
        values.update({f"{metric}_p": p, f"{metric}_r": r, f"{metric}_{f_key}": f1(p, r)})
    return Scores(**values)


SCORE_KEYS = tuple(f.name for f in fields(Scores))
