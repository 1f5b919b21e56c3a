"""Temporal expression tagger: text + document date -> TIMEX3-normalised `TimeMention`s.

    from dateline.timex import tag
    tag("Talks collapsed Thursday.", datetime.date(2019, 2, 28))

Pure Python, rule-based (one compiled alternation of rules, `dateline.timex.grammar`).
Relative expressions are resolved against `dct` (the publication date); bare weekdays,
months, seasons and holidays go to the past unless a future cue ("will", "is to",
"expected to", "scheduled", ...) governs them, or `tense` forces a direction.

The tagger the pipeline uses is `default_tagger()`; `set_default_tagger(Tagger(disable=
{"sets", "durations"}))` swaps in one with rule groups switched off (see RULE_GROUPS).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dateline.model import TimeMention
from dateline.timex.grammar import GROUPS as RULE_GROUPS
from dateline.timex.lexicon import names_weekday_only
from dateline.timex.tagger import Tagger

__all__ = [
    "RULE_GROUPS",
    "Tagger",
    "default_tagger",
    "names_weekday_only",
    "set_default_tagger",
    "tag",
    "tag_document",
]

_default: Tagger | None = None


def default_tagger() -> Tagger:
    global _default
    if _default is None:
        _default = Tagger()
    return _default


def set_default_tagger(tagger: Tagger | None) -> None:
    """Make `tag` use `tagger` (None: back to the full rule set)."""
    global _default
    _default = tagger


def tag(text: str, dct: dt.date | None, *, tense: str | None = None) -> list[TimeMention]:
    """The temporal expressions in `text`, with character offsets into it.

    `dct` anchors relative expressions; None leaves them underspecified ("XXXX-XX-XX").
    `tense` ("past" / "future") overrides the tense cues found in the text.
    """
    if tense is not None and tense not in ("past", "future"):
        raise ValueError(f"tense must be 'past', 'future' or None, not {tense!r}")
    return default_tagger().tag(text, dct, tense=tense)


def tag_document(
    sentences: Sequence[str], dct: dt.date | None, *, tense: str | None = None
) -> list[list[TimeMention]]:
    """The temporal expressions of each sentence of one document (offsets per sentence).

    Like `tag`, but expressions that refer back ("the following year", "that day", "two
    days earlier", "a year earlier" after a quarter was named) are resolved against the
    last date mentioned in the document before them, not against `dct`.
    """
    if tense is not None and tense not in ("past", "future"):
        raise ValueError(f"tense must be 'past', 'future' or None, not {tense!r}")
    return default_tagger().tag_document(sentences, dct, tense=tense)
