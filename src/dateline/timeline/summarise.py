"""Per-date summaries: collect candidate sentences for a date and pick the few that best
cover what the candidates have in common, without repeating each other."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from dateline.timeline.corpus import Corpus

MIN_TOKENS = 5  # shorter "sentences" are mostly headlines, captions or fragments
MAX_TOKENS = 60  # longer ones are run-ons from bad splitting
REDUNDANT_SIMILARITY = 0.5  # cosine above which two sentences say the same thing


@dataclass(slots=True)
class SummaryParams:
    lead_sentences: int = 3  # how many first sentences of an article count as its lead
    published_days: int = 2  # leads of articles published on d .. d+published_days-1


class CandidateIndex:
    """Which sentences could describe a given date."""

    def __init__(self, corpus: Corpus, usable: np.ndarray, params: SummaryParams) -> None:
        self.corpus = corpus
        self.params = params
        self.by_mention: dict[dt.date, list[int]] = defaultdict(list)
        self.by_published: dict[dt.date, list[int]] = defaultdict(list)
        for s in np.flatnonzero(usable):
            s = int(s)
            days = corpus.sentence_days[s]
            pub = corpus.articles[int(corpus.sentence_article[s])].published
            for d in days:
                self.by_mention[d].append(s)
            if corpus.sentence_index[s] < params.lead_sentences and not days and pub is not None:
                self.by_published[pub].append(s)

    def candidates(self, day: dt.date) -> tuple[list[int], list[int]]:
        mentioned = self.by_mention.get(day, [])
        published: list[int] = []
        for k in range(self.params.published_days):
            published.extend(self.by_published.get(day + dt.timedelta(days=k), []))
        return mentioned, published


def date_centroid(vectors: sparse.csr_matrix, mentioned: list[int], published: list[int]):
    """The Datewise date vector: the mean of the mentioning sentences and the mean of the
    published leads, kept only on terms both groups use (falls back to whichever group
    exists)."""
    parts = []
    for group in (mentioned, published):
        if group:
            parts.append(np.asarray(vectors[group].mean(axis=0)).ravel())
    if not parts:
        return None
    if len(parts) == 2:
        both = (parts[0] > 0) & (parts[1] > 0)
        if both.any():
            return np.where(both, parts[0] + parts[1], 0.0)
        return parts[0] + parts[1]
    return parts[0]


def knee_index(values: Sequence[float]) -> int:
    """Index of the knee of a descending curve: the point farthest from the chord joining
    its ends (the Kneedle idea)."""
    y = np.asarray(values, dtype=float)
    n = y.size
    if n < 3:
        return n
    x = np.arange(n, dtype=float)
    dist = np.abs((y[-1] - y[0]) * x - (n - 1) * y + (n - 1) * y[0])
    return int(np.argmax(dist))


def focus(
    corpus: Corpus, candidates: Sequence[int], centroid: np.ndarray
) -> tuple[list[int], np.ndarray]:
    """Keep the candidates clearly closest to the date vector (above the knee of their
    similarities, as Datewise does) and return them with their own centroid: the
    summary should cover what the on-topic candidates share, not the date's noise."""
    cand = np.asarray(candidates, dtype=np.int64)
    sims = np.asarray(corpus.vectors[cand] @ centroid).ravel()
    ordered = np.sort(sims)[::-1]
    cut = knee_index(ordered)
    threshold = ordered[cut] if cut < ordered.size else -np.inf
    keep = cand[(sims > 0) & (sims > threshold)]
    if keep.size == 0:
        keep = cand
    return keep.tolist(), np.asarray(corpus.vectors[keep].sum(axis=0)).ravel()


def select_sentences(
    corpus: Corpus,
    candidates: Sequence[int],
    centroid: np.ndarray,
    k: int,
    already: Sequence[int] = (),
    preferred: Sequence[int] | None = None,
) -> list[int]:
    """Greedy centroid optimisation: add the sentence that makes the summary's vector
    closest to the centroid; skip sentences too similar to one already chosen (for this
    date or, via `already`, for another).

    With `preferred` (the focused candidates), those are taken first; the other candidates
    only fill the summary up to k once no preferred sentence is left, so a date still gets
    the sentences asked for when its focused set is small or used up."""
    if not candidates or k <= 0:
        return []
    cand = np.asarray(candidates, dtype=np.int64)
    tokens = corpus.token_counts[cand]
    cand = cand[(tokens >= MIN_TOKENS) & (tokens <= MAX_TOKENS)]
    if cand.size == 0:
        return []
    # Unique texts only: the same sentence in two outlets is one candidate. (A dict, not
    # np.unique over a string array, whose width is the longest text's times the count;
    # like that array, it ignores trailing NULs.)
    texts = (corpus.sentence_text[s].lower().rstrip("\x00") for s in cand.tolist())
    first: dict[str, int] = {}
    cand = cand[[i for i, t in enumerate(texts) if first.setdefault(t, i) == i]]
    X = corpus.vectors[cand]
    # Plain sums, not BLAS: tiny vectors, and BLAS threads fight worker processes for cores.
    c_norm = float(np.sqrt(np.sum(centroid * centroid))) or 1.0
    centroid = centroid / c_norm
    chosen: list[int] = []
    blocked = np.zeros(cand.size, dtype=bool)
    if already:
        sims = np.asarray((X @ corpus.vectors[list(already)].T).todense())
        blocked |= (sims > REDUNDANT_SIMILARITY).any(axis=1)
    # Fallback candidates are held back while any preferred one is still available.
    fallback = (
        ~np.isin(cand, np.asarray(preferred, dtype=np.int64))
        if preferred is not None
        else np.zeros(cand.size, dtype=bool)
    )
    x_dot_c = np.asarray(X @ centroid).ravel()
    x_norm2 = np.asarray(X.multiply(X).sum(axis=1)).ravel()
    s_dot_c = 0.0
    s_norm2 = 0.0
    x_dot_s = np.zeros(cand.size)
    while len(chosen) < k:
        # cos(summary + x, centroid) for every candidate x, from dot products only.
        norms = np.sqrt(s_norm2 + 2 * x_dot_s + x_norm2) + 1e-12
        score = (s_dot_c + x_dot_c) / norms
        score[blocked] = -np.inf
        if (~blocked & ~fallback).any():
            score[fallback] = -np.inf
        best = int(np.argmax(score))
        if not np.isfinite(score[best]):
            break
        chosen.append(int(cand[best]))
        sims = np.asarray((X @ X[best].T).todense()).ravel()
        s_norm2 += 2 * x_dot_s[best] + x_norm2[best]
        s_dot_c += x_dot_c[best]
        x_dot_s += sims
        blocked |= sims > REDUNDANT_SIMILARITY
        blocked[best] = True
    return chosen
