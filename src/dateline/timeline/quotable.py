"""Which sentences may stand alone in a timeline.

A timeline shows a sentence without its article around it, so the sentence must name its
own subject (no leading pronoun whose antecedent is in the sentence before) and must be
the outlet's reporting, not page furniture: a live page's timestamp line, a byline, a
photo caption, an embedded chronology box split as one "sentence", a reader's comment.
The rules are set a priori from what such text looks like, not tuned on a benchmark.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Pronouns and determiners that point back to a sentence the reader does not see.
_DANGLING = frozenset(
    "he she it they them him her his its their theirs we us our i my me this these those"
    " that such there".split()
)
# "This week", "That night": a demonstrative before a time word names its own referent.
_TIME_NOUNS = frozenset(
    "morning afternoon evening night day week weekend month year season summer winter"
    " spring autumn fall time decade century".split()
)
_FIRST_WORDS = re.compile(r"[\"'“‘(\[]*([A-Za-z]+)(?:[’']s)?\W+([A-Za-z]*)")
# "03 February 12 17:03 GMT Russia's ...", "17:03 GMT:", "Updated 3:43 PM", "1703 BST".
_CLOCK = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|gmt|bst|utc|cet|e[sd]?t|p[sd]?t|c[sd]?t)?\b|"
    r"\b\d{4}\s*(?:gmt|bst|utc)\b",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"^\s*(?:updated\b|posted\b|"
    r"published\b|last updated\b|photo\b|image\b|picture\b|caption\b|video\b|watch\b|"
    r"click\b|read more\b|related\b|share\b|advertis|copyright\b|©|in pictures\b|"
    r"live\s*:)|"
    # A live page's own headings, wherever the headline glued to them ends.
    r"(?:^|:\s*)as it happened\b|\byour (?:stories|views|comments)\b|\bhave your say\b|"
    r"\blive (?:coverage|updates|blog|text)\b|"
    r"\b(?:ap photo|getty images|reuters/|afp/|photograph:|report abuse|"
    r"recommend this|e-?mail this|print this)\b",
    re.IGNORECASE,
)
# "By Jane Smith | March 3", "By Jane Smith," (a name: two capitalised words; "By Monday,"
# is a sentence).
_BYLINE = re.compile(r"^\s*By [A-Z][\w.'-]+ [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2}\s*(?:[|,;]|$)")
# A wire dateline ahead of the lead: "VLADIVOSTOK, Russia, April 26 (UPI) -- ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,}(?:,\s*[A-Z][\w .'-]*)*(?:,?\s*[A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"\s*(?:\((?:AP|AFP|UPI|Reuters|CNN|dpa|Xinhua|IANS|PTI)\))?\s*(?:--|—|–|-)\s+"
)
MAX_DAYS_NAMED = 3  # a "sentence" naming this many days is a chronology or a list


def strip_dateline(text: str) -> str:
    """The sentence without a wire dateline in front of it."""
    found = _DATELINE.match(text)
    if not found:
        return text
    rest = text[found.end() :]
    return rest[:1].upper() + rest[1:] if rest else text


def dangling_start(text: str) -> bool:
    """True when the sentence opens with a pronoun or a bare demonstrative."""
    found = _FIRST_WORDS.match(text)
    if not found:
        return False
    first, second = found.group(1).lower(), found.group(2).lower()
    if first not in _DANGLING:
        return False
    # "That night", "This week": the demonstrative names its own time.
    return not (first in {"this", "that", "these", "those"} and second in _TIME_NOUNS)


def is_furniture(text: str, days_named: int = 0) -> bool:
    """True for page furniture that reads like a sentence: timestamp lines, bylines,
    captions and credits, reader-comment residue, chronology boxes."""
    head = text[:40]
    if _CLOCK.search(head):
        return True
    if _FURNITURE.search(text) or _BYLINE.match(text):
        return True
    if days_named >= MAX_DAYS_NAMED:
        return True
    return text.rstrip().endswith("?")  # headlines, comments and teasers ask; reports say


@lru_cache(maxsize=1 << 18)  # the benchmark's windows share most of their sentences
def stands_alone(text: str, days_named: int = 0) -> bool:
    """Whether a sentence may be quoted on its own (see the module docstring)."""
    text = strip_dateline(text)
    return not dangling_start(text) and not is_furniture(text, days_named)
