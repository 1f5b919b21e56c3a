"""Turning user text into FTS5 match expressions that cannot be a syntax error.

FTS5 has its own query language (quotes, AND/OR/NOT, NEAR, column filters, `*`), so a
user query like `BP's "spill` or `AND OR` would be a syntax error if passed through.
We take only the words, quote each one as an FTS5 string, and join them ourselves.
"""

from __future__ import annotations

import re
from collections import Counter

from dateline.request import STOPWORDS, query_words

# What unicode61 keeps as a token: letters and digits (as `dateline.words` tokenizes).
_PART = re.compile(r"[^\W_]+")
# Words too common to pick out a story, when choosing an article's own search terms.
_COMMON = STOPWORDS | frozenset(
    """this that these those there their they them then than have has had will would
    could should said says also after before over into more most some such only other
    been being which while where when were your what about just like year years week
    last first told people month months time times news page""".split()
)


def terms(query: str | None) -> list[str]:
    """The query's words (`dateline.request.query_words`: the same words the timeline
    step requires, so the articles retrieved are the ones it accepts), each as FTS5 token
    parts."""
    out: list[str] = []
    for word in query_words(query):
        parts = _PART.findall(word)
        if parts:
            out.append(" ".join(parts))
    return list(dict.fromkeys(out))


def phrase(keyword: str) -> str:
    """A keyword as FTS5 token parts: all its words, in order, as a phrase ("oil spill",
    "port au prince"); the index's tokenizer folds and stems them as it does the text,
    which is what `dateline.words.phrase` reproduces for the file path."""
    return " ".join(_PART.findall(keyword))


def quote(term: str) -> str:
    """An FTS5 string (a phrase when the term has several parts, as "jong-un" does)."""
    return '"' + term.replace('"', '""') + '"'


def match_all(words: list[str]) -> str:
    """Every word must occur; the whole phrase, when it occurs, ranks higher."""
    expr = " AND ".join(quote(w) for w in words)
    if 1 < len(words) <= 8:
        # A match of the phrase is also a match of all its words, so the set of articles
        # is the same; BM25 adds the phrase's score, putting "Kim Jong Un" above articles
        # that only have "Kim" and "Un" far apart.
        expr = f"{quote(' '.join(words))} OR ({expr})"
    return expr


def match_any(words: list[str]) -> str:
    return " OR ".join(quote(w) for w in words)


def salient_terms(text: str, n: int = 12) -> list[str]:
    """An article's most repeated longer words: a query for its likely neighbours."""
    counts = Counter(w for w in re.findall(r"[^\W\d_]{4,}", text.lower()) if w not in _COMMON)
    return [w for w, _ in counts.most_common(n)]
