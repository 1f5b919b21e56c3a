"""Recognising Penn-Treebank-tokenised text (Timeline17, news-tls), without changing it."""

from __future__ import annotations

import re

# Escapes only a PTB tokeniser writes; one is proof enough.
_PTB_ESCAPE = re.compile(r"-[LR][RSC]B-|``")
# Tokenisation marks: a space before punctuation or a clitic ("BP 's", "do n't", "said .").
_PTB_SPLIT = re.compile(r" (?:[,.;:?!]|'s|'re|'ve|'ll|'d|n't|'m)(?= |$)", re.MULTILINE)
# How a PTB sentence line ends: the common endings as plain suffixes, checked first (a
# JSON Lines corpus asks this of every record), the rare spaced one (". ''") by regex.
_SENTENCE_ENDS = (" .", " ?", " !", " ''")
_SPACED_END = re.compile(r" \.\s*''$")


def looks_ptb(text: str, sample: int = 4000) -> bool:
    """True when the text was tokenised PTB-style (escapes, or many split tokens)."""
    head = text[:sample]
    if _PTB_ESCAPE.search(head):
        return True
    words = head.count(" ") + 1
    return words >= 20 and len(_PTB_SPLIT.findall(head)) * 25 >= words


def one_sentence_per_line(text: str, sample: int = 4000) -> bool:
    """True when a tokenised text puts one sentence on each line, as news-tls does."""
    lines = [ln.rstrip() for ln in text[:sample].splitlines()]
    lines = [ln for ln in lines if ln]
    if len(lines) < 2:
        return False
    # A PTB sentence line ends in a separated punctuation token or closing quote.
    ends = sum(1 for ln in lines if ln.endswith(_SENTENCE_ENDS) or _SPACED_END.search(ln))
    return ends * 2 >= len(lines)
