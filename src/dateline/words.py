"""What a query word or keyword matches, once for every source.

A word matches a text when the text has it as a whole word, ignoring case and
diacritics, after Porter stemming: "rescue" matches "rescued" and "Rescuers"' stem does
not; "un" matches "UN" and not "under"; "Port-au-Prince" is the phrase of its three
parts. This is exactly what SQLite's FTS5 index answers with the tokenizer
`porter unicode61 remove_diacritics 2` (the store's), so the articles and sentences a
database finds are the ones the file path finds. `tokens` reproduces that tokenizer
(tests compare the two on the Timeline17 and seed vocabularies); `Terms` tests texts.
Standard library only: every stage may import it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

# unicode61's token characters are letters and numbers (categories L* and N*); every
# other character separates tokens.
_TOKEN = re.compile(r"[^\W_]+")
# SQLite's porter stemmer leaves tokens shorter than 3 or longer than 64 bytes as they are.
_MIN_STEM, _MAX_STEM = 3, 64
_STEMS: dict[str, str] = {}  # token -> stem: a corpus has a small vocabulary
_STEMS_MAX = 1 << 19


def fold(token: str) -> str:
    """Lower case without diacritics ("Préval" -> "preval"), as unicode61 with
    remove_diacritics 2 folds a token."""
    low = token.lower()
    if low.isascii():
        return low
    bare = "".join(c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def tokens(text: str) -> list[str]:
    """The text's words as the store's full-text index holds them: folded and stemmed."""
    raws = _TOKEN.findall(text)
    try:  # (the common case, every word seen before, in one fast pass)
        return [_STEMS[raw] for raw in raws]
    except KeyError:
        pass
    if len(_STEMS) >= _STEMS_MAX:
        _STEMS.clear()
    for raw in raws:
        if raw not in _STEMS:
            _STEMS[raw] = porter_fts5(fold(raw))
    return [_STEMS[raw] for raw in raws]


def indexed(text: str) -> str:
    """The text's tokens joined by spaces and framed by them: a phrase of tokens occurs
    in the text exactly when `" " + phrase + " "` is a substring of this."""
    return " " + " ".join(tokens(text)) + " "


def phrase(word: str) -> str:
    """The tokens a query word or keyword stands for, joined by spaces ("" when it has
    none): "Port-au-Prince" -> "port au princ"."""
    return " ".join(tokens(word))


class Terms:
    """A set of query words or keywords, each a phrase of tokens, tested against texts."""

    def __init__(self, words: Iterable[str]) -> None:
        phrases = (phrase(w) for w in words)
        self.phrases: tuple[str, ...] = tuple(dict.fromkeys(f" {p} " for p in phrases if p))

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def all_in(self, *texts: str | None) -> bool:
        """Whether every phrase occurs in one of `texts` (a phrase does not run from one
        text into the next, as it does not from an article's title into its body)."""
        found = [indexed(t) for t in texts if t]
        return all(any(p in f for f in found) for p in self.phrases)

    def any_in(self, *texts: str | None) -> bool:
        found = [indexed(t) for t in texts if t]
        return any(p in f for p in self.phrases for f in found)

    def count(self, text: str) -> int:
        """How many times the phrases occur in `text`, all together."""
        found = indexed(text)
        return sum(found.count(p) for p in self.phrases)

    def prefixes(self) -> list[str] | None:
        """A cheap necessary condition, for a database to test before the exact rule:
        every text with one of the phrases, if it is ASCII, has one of these strings
        in its lower-cased form (None when some phrase offers no useful one)."""
        out = [stem_prefix(p.split()[0]) for p in self.phrases]
        if not out or any(len(p) < 2 or not p.isascii() for p in out):
            return None
        return list(dict.fromkeys(out))

    def any_in_indexed(self, found: Sequence[str]) -> list[bool]:
        """For texts already `indexed`: whether each has one of the phrases."""
        ps = self.phrases
        return [any(p in f for p in ps) for f in found]


def stem_prefix(stem: str) -> str:
    """The start of `stem` that every word stemming to it begins with. A step of the
    stemmer keeps a start of the word and adds at most what its replacement has beyond
    the suffix it replaces: "e" ("ation" -> "ate", "bli" -> "ble", step 1b's "e"), "le"
    ("biliti" -> "ble") or step 1c's "i"; any later rule that matches takes a suffix of
    at least two letters, so all of what is new, and step 5 may drop a final "e" ("ble"
    -> "bl"). So only a final "le", "e", "l" or "i" may be new; the first letter is
    always kept."""
    if stem.endswith("le"):
        cut = 2
    elif stem.endswith(("e", "i", "l")):
        cut = 1
    else:
        cut = 0
    return stem[: max(len(stem) - cut, 1)]


# ---------------------------------------------------------------- the Porter stemmer
# SQLite's FTS5 porter tokenizer's variant of Porter (1980), reproduced step for step so
# the file path stems as the store's index does. It differs from the ROUGE variant in
# `dateline.evaluate.porter` (step 4 takes "-ement" whole; digits are stemmed too:
# "1990s" -> "1990"). It works on the UTF-8 bytes: a non-ASCII letter is a consonant,
# and lengths are counted in bytes. Within a step, the rules are tried in order among
# those whose suffix shares the word's next-to-last letter; the first suffix that fits
# decides, whether or not its condition holds.

_VOWELS = b"aeiou"


def _is_vowel(c: int, y_is_vowel: bool) -> bool:
    return c in _VOWELS or (y_is_vowel and c == 0x79)  # 'y'


def _gobble_vc(w: bytes, prev_consonant: bool) -> int:
    """Length of the leading [C]VC in `w` (0 when there is none)."""
    cons = prev_consonant
    i, n = 0, len(w)
    while i < n:
        cons = not _is_vowel(w[i], cons)
        if not cons:
            break
        i += 1
    i += 1
    while i < n:
        cons = not _is_vowel(w[i], cons)
        if cons:
            return i + 1
        i += 1
    return 0


def _m_gt0(w: bytes) -> bool:
    return _gobble_vc(w, False) > 0


def _m_gt1(w: bytes) -> bool:
    n = _gobble_vc(w, False)
    return bool(n) and _gobble_vc(w[n:], True) > 0


def _m_eq1(w: bytes) -> bool:
    n = _gobble_vc(w, False)
    return bool(n) and _gobble_vc(w[n:], True) == 0


def _o_star(w: bytes) -> bool:
    if not w or w[-1] in b"wxy":
        return False
    mask, cons = 0, False
    for c in w:
        cons = not _is_vowel(c, cons)
        mask = (mask << 1) + cons
    return (mask & 7) == 5


def _s_or_t_m_gt1(w: bytes) -> bool:
    return bool(w) and w[-1] in b"st" and _m_gt1(w)


def _has_vowel(w: bytes) -> bool:
    return any(_is_vowel(c, i > 0) for i, c in enumerate(w))


_Rule = tuple[bytes, object, bytes]
_STEP2: list[_Rule] = [
    (b"ational", _m_gt0, b"ate"), (b"tional", _m_gt0, b"tion"), (b"enci", _m_gt0, b"ence"),
    (b"anci", _m_gt0, b"ance"), (b"izer", _m_gt0, b"ize"), (b"logi", _m_gt0, b"log"),
    (b"bli", _m_gt0, b"ble"), (b"alli", _m_gt0, b"al"), (b"entli", _m_gt0, b"ent"),
    (b"eli", _m_gt0, b"e"), (b"ousli", _m_gt0, b"ous"), (b"ization", _m_gt0, b"ize"),
    (b"ation", _m_gt0, b"ate"), (b"ator", _m_gt0, b"ate"), (b"alism", _m_gt0, b"al"),
    (b"iveness", _m_gt0, b"ive"), (b"fulness", _m_gt0, b"ful"), (b"ousness", _m_gt0, b"ous"),
    (b"aliti", _m_gt0, b"al"), (b"iviti", _m_gt0, b"ive"), (b"biliti", _m_gt0, b"ble"),
]  # fmt: skip
_STEP3: list[_Rule] = [
    (b"icate", _m_gt0, b"ic"), (b"ative", _m_gt0, b""), (b"alize", _m_gt0, b"al"),
    (b"iciti", _m_gt0, b"ic"), (b"ical", _m_gt0, b"ic"), (b"ful", _m_gt0, b""),
    (b"ness", _m_gt0, b""),
]  # fmt: skip
_STEP4: list[_Rule] = [
    (b"al", _m_gt1, b""), (b"ance", _m_gt1, b""), (b"ence", _m_gt1, b""), (b"er", _m_gt1, b""),
    (b"ic", _m_gt1, b""), (b"able", _m_gt1, b""), (b"ible", _m_gt1, b""), (b"ant", _m_gt1, b""),
    (b"ement", _m_gt1, b""), (b"ment", _m_gt1, b""), (b"ent", _m_gt1, b""),
    (b"ion", _s_or_t_m_gt1, b""), (b"ou", _m_gt1, b""), (b"ism", _m_gt1, b""),
    (b"ate", _m_gt1, b""), (b"iti", _m_gt1, b""), (b"ous", _m_gt1, b""), (b"ive", _m_gt1, b""),
    (b"ize", _m_gt1, b""),
]  # fmt: skip


def _by_penultimate(rules: list[_Rule]) -> dict[int, list[_Rule]]:
    out: dict[int, list[_Rule]] = {}
    for rule in rules:
        out.setdefault(rule[0][-2], []).append(rule)
    return out


_STEPS = [_by_penultimate(s) for s in (_STEP2, _STEP3, _STEP4)]


def _apply(w: bytes, step: dict[int, list[_Rule]]) -> bytes:
    for suffix, cond, rep in step.get(w[-2], ()) if len(w) > 1 else ():
        if len(w) > len(suffix) and w.endswith(suffix):
            stem = w[: -len(suffix)]
            return stem + rep if cond(stem) else w  # type: ignore[operator]
    return w


def porter_fts5(token: str) -> str:
    """The stem SQLite's FTS5 porter tokenizer gives a folded token."""
    w = token.encode("utf-8")
    if not _MIN_STEM <= len(w) <= _MAX_STEM:
        return token
    # Step 1a.
    if w[-1:] == b"s":
        if w[-2:-1] == b"e":
            if (len(w) > 4 and w[-4:-2] == b"ss") or (len(w) > 3 and w[-3:-2] == b"i"):
                w = w[:-2]
            else:
                w = w[:-1]
        elif w[-2:-1] != b"s":
            w = w[:-1]
    # Step 1b.
    stripped = False
    if len(w) > 3 and w.endswith(b"eed"):
        if _m_gt0(w[:-3]):
            w = w[:-1]
    elif len(w) > 2 and w.endswith(b"ed"):
        if _has_vowel(w[:-2]):
            w, stripped = w[:-2], True
    elif len(w) > 3 and w.endswith(b"ing") and _has_vowel(w[:-3]):
        w, stripped = w[:-3], True
    if stripped:
        if len(w) > 2 and w[-2:] in (b"at", b"bl", b"iz"):
            w += b"e"
        elif len(w) > 1 and not _is_vowel(w[-1], False) and w[-1] not in b"lsz" and w[-1] == w[-2]:
            w = w[:-1]
        elif _m_eq1(w) and _o_star(w):
            w += b"e"
    # Step 1c.
    if w and w[-1:] == b"y" and _has_vowel(w[:-1]):
        w = w[:-1] + b"i"
    for step in _STEPS:
        w = _apply(w, step)
    # Step 5a.
    if w[-1:] == b"e":
        stem = w[:-1]
        if _m_gt1(stem) or (_m_eq1(stem) and not _o_star(stem)):
            w = stem
    # Step 5b.
    if len(w) > 1 and w[-2:] == b"ll" and _m_gt1(w[:-1]):
        w = w[:-1]
    return w.decode("utf-8")
