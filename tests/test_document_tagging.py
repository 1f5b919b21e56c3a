"""Tagging a document once and resolving it against many DCTs (date inference) gives
exactly what tagging it against each DCT gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dateline.model import RawDocument
from dateline.read import read_paths
from dateline.timex import default_tagger

DCTS = [
    dt.date(2010, 4, 20),
    dt.date(1950, 6, 15),
    dt.date(2050, 6, 15),
    dt.date(2010, 6, 30),  # the end of a quarter: "the quarter" and reported periods
    dt.date(2011, 1, 1),
    dt.date(2009, 12, 31),
    None,
]
SENTENCES = [
    "The talks collapsed on Thursday, a day after they began.",
    "In the second quarter, profit rose; a year earlier it had fallen.",
    "The previous Friday, officials met again.",
    "It rained in 1999, and the following year too.",
    "Nothing to see here.",
    "That day the leaders left; two days earlier they had arrived on March 3.",
    "The company will report results next month, after the summer.",
]


def _check(sentences: list[str]) -> int:
    tagger = default_tagger()
    tagging = tagger.tag_document_at(sentences)
    compared = 0
    for dct in DCTS:
        assert tagging(dct) == tagger.tag_document(sentences, dct), dct
        compared += 1
    return compared


def test_small_document() -> None:
    assert _check(SENTENCES) == len(DCTS)


def test_first_call_with_no_dct_then_dates() -> None:
    tagger = default_tagger()
    tagging = tagger.tag_document_at(SENTENCES)
    assert tagging(None) == tagger.tag_document(SENTENCES, None)
    assert tagging(dt.date(2019, 2, 28)) == tagger.tag_document(SENTENCES, dt.date(2019, 2, 28))


def test_timeline17_articles(t17_dir: Path) -> None:
    docs = [
        d
        for d in read_paths([t17_dir / "bpoil_reuters", t17_dir / "Finan_washingtonpost"])
        if isinstance(d, RawDocument)
    ]
    for doc in docs[::25]:
        _check(doc.text.splitlines())


def test_seeds(seeds_dir: Path) -> None:
    from dateline.sentences import split_sentences

    for doc in read_paths([seeds_dir]):
        assert isinstance(doc, RawDocument)
        _check(split_sentences(doc.text))
