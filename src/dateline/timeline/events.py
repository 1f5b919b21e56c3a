"""Events: the sentences that report the same happening on the same date, across
articles and outlets, grouped by what they say (TF-IDF cosine within one date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from dateline.timeline.corpus import Corpus

# Two reports of one happening share its specific words; reports of two happenings on
# one day share at most the story's general ones. Set a priori (cosine of L2-normalised
# TF-IDF rows, the scale the redundancy threshold uses).
SAME_EVENT_SIMILARITY = 0.3
# The same for WordLlama vectors, whose cosines run higher (unrelated news sentences sit
# near .2-.4): set a priori, not tuned.
SAME_EVENT_SEMANTIC = 0.6
LEADERS = 200  # only the most central sentences of a date may open an event


@dataclass(slots=True)
class EventGroup:
    """One event inside the timeline stage: flat sentence indexes into a `Corpus`."""

    date: dt.date
    members: list[int]
    articles: list[int]  # distinct article indexes, in order of first report
    sources: list[str]  # distinct outlets, in order of first report
    representative: int | None  # the member that best says it and can stand alone


def group_events(
    corpus: Corpus,
    day: dt.date,
    sentences: Sequence[int],
    quotable: Sequence[bool] | np.ndarray | None = None,
    threshold: float = SAME_EVENT_SIMILARITY,
    semantic: bool = False,
) -> list[EventGroup]:
    """Group the sentences about `day` into events, most widely reported first.

    Leader clustering in order of centrality (similarity to the mean of the date's
    sentences): the most central sentence opens the first event; each next one joins the
    event whose centroid it is most similar to, when that reaches `threshold`, or opens a
    new one. Past the LEADERS most central sentences no new event is opened: the rest join
    the nearest event or stay out (a stray sentence is not an event anyone reported).
    Duplicate articles (the same wire story twice) add sentences but not articles or
    outlets."""
    cand = np.asarray(list(dict.fromkeys(int(s) for s in sentences)), dtype=np.int64)
    if cand.size == 0:
        return []
    X = corpus.embeddings[cand] if semantic else corpus.vectors[cand]
    centrality = np.asarray(X @ np.asarray(X.mean(axis=0)).ravel()).ravel()
    order = np.argsort(-centrality, kind="stable")
    top, rest = order[:LEADERS], order[LEADERS:]
    S = _dense(X[top] @ X[top].T)
    label = np.full(cand.size, -1, dtype=np.int64)
    acc: list[np.ndarray] = []  # per event: similarity of every top sentence to its sum
    norm2: list[float] = []  # per event: squared norm of its sum
    for i in range(top.size):
        if acc:
            sims = np.asarray([a[i] for a in acc]) / np.sqrt(np.maximum(norm2, 1e-12))
            best = int(np.argmax(sims))
            if sims[best] >= threshold:
                norm2[best] += 2 * acc[best][i] + S[i, i]
                acc[best] = acc[best] + S[:, i]
                label[top[i]] = best
                continue
        acc.append(S[:, i].copy())
        norm2.append(float(S[i, i]))
        label[top[i]] = len(acc) - 1
    n_events = len(acc)
    if rest.size:
        onehot = sparse.csr_matrix(
            (np.ones(top.size), (label[top], np.arange(top.size))), shape=(n_events, top.size)
        )
        sums = onehot @ X[top]  # each event's summed vector
        sims = _dense(X[rest] @ sums.T) / np.sqrt(np.maximum(norm2, 1e-12))
        best = sims.argmax(axis=1)
        ok = sims[np.arange(rest.size), best] >= threshold
        label[rest[ok]] = best[ok]
    events = []
    for e in range(n_events):
        local = np.flatnonzero(label == e)
        events.append(_event(corpus, day, cand[local].tolist(), centrality[local], quotable))
    events.sort(key=lambda e: (-len(e.sources), -len(e.articles), e.members[0]))
    return events


def _dense(m) -> np.ndarray:
    return np.asarray(m.todense()) if sparse.issparse(m) else np.asarray(m)


def _event(
    corpus: Corpus, day: dt.date, idx: list[int], closeness: np.ndarray, quotable
) -> EventGroup:
    articles: list[int] = []
    sources: list[str] = []
    for s in sorted(idx):
        a = int(corpus.sentence_article[s])
        if corpus.is_duplicate[a] or a in articles:
            continue
        articles.append(a)
        src = corpus.article_sources[a]
        if src not in sources:
            sources.append(src)
    if not articles:  # only duplicates: the event still has its first article
        articles = [int(corpus.sentence_article[idx[0]])]
        sources = [corpus.article_sources[articles[0]]]
    ranked = [idx[i] for i in np.argsort(-np.asarray(closeness).ravel(), kind="stable")]
    good = [s for s in ranked if quotable is None or quotable[s]]
    return EventGroup(day, idx, articles, sources, good[0] if good else None)


def event_of(events: Sequence[EventGroup], sentence: int) -> EventGroup | None:
    """The event a sentence was grouped into."""
    for event in events:
        if sentence in event.members:
            return event
    return None
