"""Which ASCII characters (`first_chars`) and which words (`first_words`: the first one or
two runs of ASCII letters) a regular expression can start a match with.

The tagger uses this to try, at a candidate position, only the rules that can match
there: Python's `re` otherwise enters every alternative of every rule before failing,
which is most of the cost of a position where nothing starts. The answer must
be a superset (a rule left out where it could match would change the output), so every
construct not understood here counts as "any character", zero-width assertions are
skipped rather than used, and single-character items are tested by `re` itself, with
case folding allowed (a superset again), against all 128 ASCII characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ASCII = frozenset(chr(i) for i in range(128))

try:  # private modules of Python 3.11+; without them every rule is tried everywhere
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    _ONE_CHAR = (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY)
    _REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
except (ImportError, AttributeError):  # pragma: no cover - depends on the Python version
    sre = sre_parse = None


def first_chars(pattern: str, flags: int = 0) -> frozenset[str]:
    """A superset of the ASCII characters a match of `pattern` can start with.

    A pattern that can match the empty string may "start" with anything: ASCII.
    """
    if sre_parse is None:
        return ASCII
    chars, nullable = _seq(_parsed(pattern, flags), flags)
    return ASCII if nullable else chars


@lru_cache(maxsize=64)
def _parsed(pattern: str, flags: int) -> sre_parse.SubPattern:
    # the tagger asks `first_chars` and `first_words` about each rule: one parse (read,
    # never changed) serves both
    return sre_parse.parse(pattern, flags)


def _seq(items: sre_parse.SubPattern, flags: int) -> tuple[frozenset[str], bool]:
    """(first characters, whether it can match empty) of a sequence of items."""
    acc: set[str] = set()
    for op, av in items:
        chars, nullable = _item(op, av, flags)
        acc |= chars
        if not nullable:
            return frozenset(acc), False
    return frozenset(acc), True


def _item(op: object, av: object, flags: int) -> tuple[frozenset[str], bool]:
    if op in _ONE_CHAR:
        return _one_char(op, av, flags), False
    if op is sre.AT or op is sre.ASSERT or op is sre.ASSERT_NOT:
        # zero width: it consumes nothing, and ignoring what it demands only widens the set
        return frozenset(), True
    if op is sre.BRANCH:
        acc: set[str] = set()
        any_empty = False
        for alt in av[1]:  # type: ignore[index]
            chars, nullable = _seq(alt, flags)
            acc |= chars
            any_empty = any_empty or nullable
        return frozenset(acc), any_empty
    if op is sre.SUBPATTERN:
        # local flags such as (?-i:...) are not applied: matching every case is a superset
        return _seq(av[3], flags)  # type: ignore[index]
    if op is sre.ATOMIC_GROUP:
        return _seq(av, flags)  # type: ignore[arg-type]
    if op in _REPEATS:
        low, _high, sub = av  # type: ignore[misc]
        chars, nullable = _seq(sub, flags)
        return chars, nullable or low == 0
    # back references, conditionals, anything new: assume the worst
    return ASCII, True


def _one_char(op: object, av: object, flags: int) -> frozenset[str]:
    # case folding under re.I has non-ASCII partners of ASCII letters (KELVIN SIGN and
    # "k", LONG S and "s"): let `re` decide, with every case allowed
    flags = int(flags) | _FOLD  # str patterns are Unicode; the caller may not say so
    key = (repr((op, av)), flags)
    found = _SEEN.get(key)
    if found is None:
        state = sre_parse.State()
        state.flags = flags
        sub = sre_parse.SubPattern(state, [(op, av)])
        compiled = re._compiler.compile(sub, flags)  # type: ignore[attr-defined]
        found = _SEEN[key] = frozenset(c for c in ASCII if compiled.match(c))
    return found


_FOLD = int(re.IGNORECASE | re.UNICODE)  # an int: RegexFlag's `|` is slow, and this runs often
_SEEN: dict[tuple[str, int], frozenset[str]] = {}


# ---------------------------------------------------------------------------- first words

# Beyond this many candidate words (or letters in one word) a rule counts as "any word":
# a looser filter, never a wrong one.
_MAX_WORDS = 20_000
_MAX_LETTERS = 40
# In the partial matches enumerated below, "|" marks a first run closed by a word
# boundary (no letter may follow), "*" a second run that may be any word.
_CLOSED = "|"
_ANY = "*"


class _AnyWord(Exception):
    """The first word of a match cannot be listed: any word may start it."""


@dataclass(frozen=True, slots=True)
class FirstWords:
    """What the first runs of ASCII letters of a match can be, lower-cased.

    `exact`: the first run in the text is exactly one of these words (a non-letter or a
    word boundary follows them in the pattern); `prefixes`: the match may end inside the
    first run, which then only starts with one of these.

    When the first run is followed by one space and a second run, "first second" must
    be in `exact2` or start with one of `prefixes2` (which may end with the space: any
    second word), unless the match can end with the first run (`ends`, `prefixes`).
    """

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    exact2: frozenset[str]
    prefixes2: tuple[str, ...]
    ends: frozenset[str]

    def allows(self, word: str) -> bool:
        """Whether a match can start at a run of ASCII letters `word` (lower case) that is
        followed by an ASCII non-letter or the end of the text."""
        return word in self.exact or (bool(self.prefixes) and word.startswith(self.prefixes))

    def allows_pair(self, first: str, second: str) -> bool:
        """Whether a match can start at the runs of ASCII letters `first`, one space,
        `second` (lower case), the second followed by an ASCII non-letter or the end."""
        pair = f"{first} {second}"
        return (
            pair in self.exact2
            or first in self.ends
            or (bool(self.prefixes2) and pair.startswith(self.prefixes2))
            or (bool(self.prefixes) and first.startswith(self.prefixes))
        )


def first_words(pattern: str, flags: int = 0) -> FirstWords | None:
    """The possible first letter runs of `pattern`'s matches; None when any word may be.

    Like `first_chars`, a superset: zero-width assertions other than a word boundary are
    ignored, letters match in any case, and anything not understood means "any word".
    The caller must fall back on `first_chars` where a letter run in the text is
    followed by a non-ASCII character (which a case-insensitive ASCII letter might match).
    """
    if sre_parse is None:
        return None
    try:
        finals, partials = _run_seq(_parsed(pattern, flags), {""}, flags)
    except _AnyWord:
        return None
    if "" in partials:  # the match may start with no letter at all before it ends
        return None
    ends = {p[:-1] for p in partials if p.endswith(_CLOSED)}
    return FirstWords(
        exact=frozenset({f for f in finals if " " not in f} | ends),
        prefixes=tuple(sorted(p for p in partials if " " not in p and _CLOSED not in p)),
        exact2=frozenset(f for f in finals if " " in f and not f.endswith(_ANY)),
        prefixes2=tuple(
            sorted({f[:-1] for f in finals if f.endswith(_ANY)} | {p for p in partials if " " in p})
        ),
        ends=frozenset(ends),
    )


def _run_seq(
    items: sre_parse.SubPattern, partials: set[str], flags: int
) -> tuple[set[str], set[str]]:
    """(runs known to be complete, partial runs still open) after matching `items`, given
    the partial runs so far: letters, then possibly "|", or one space and letters."""
    finals: set[str] = set()
    for op, av in items:
        if not partials:
            break
        done, partials = _run_item(op, av, partials, flags)
        finals |= done
        if len(finals) + len(partials) > _MAX_WORDS:
            raise _AnyWord
    return finals, partials


def _run_item(op: object, av: object, partials: set[str], flags: int) -> tuple[set[str], set[str]]:
    done: set[str] = set()
    out: set[str] = set()
    if op in _ONE_CHAR:
        chars = _one_char(op, av, flags)
        letters = {c.lower() for c in chars if c.isalpha()}
        other = any(not c.isalpha() for c in chars)  # a non-letter ends a run
        space = " " in chars
        for p in partials:
            if len(p) >= 2 * _MAX_LETTERS:
                raise _AnyWord
            if " " in p:  # in the second run
                if len(letters) > 1:
                    done.add(p + _ANY)
                elif letters:
                    out.add(p + next(iter(letters)))
                if other and not p.endswith(" "):
                    done.add(p)
                continue
            closed = p.endswith(_CLOSED)
            first = p[:-1] if closed else p
            if letters and not closed:
                if len(letters) > 1:
                    raise _AnyWord
                out.add(p + next(iter(letters)))
            if other:
                done.add(first)
            if space and first:
                out.add(first + " ")
        return done, out
    if op is sre.AT:
        if av is not sre.AT_BOUNDARY:
            return done, partials
        for p in partials:
            if not p or p.endswith((" ", _CLOSED)):
                out.add(p)
            elif " " in p:
                done.add(p)  # the second run ends here
            else:
                # the first run ends here; the match may go on after a non-letter
                done.add(p)
                out.add(p + _CLOSED)
        return done, out
    if op is sre.ASSERT or op is sre.ASSERT_NOT:
        return done, partials  # ignoring what a lookaround demands only widens the sets
    if op is sre.SUBPATTERN:
        return _run_seq(av[3], partials, flags)  # type: ignore[index]
    if op is sre.ATOMIC_GROUP:
        return _run_seq(av, partials, flags)  # type: ignore[arg-type]
    if op is sre.BRANCH:
        for alt in av[1]:  # type: ignore[index]
            finals, rest = _run_seq(alt, partials, flags)
            done |= finals
            out |= rest
        return done, out
    if op in _REPEATS:
        low, high, sub = av  # type: ignore[misc]
        current = partials
        for _ in range(low):
            finals, current = _run_seq(sub, current, flags)
            done |= finals
        out = set(current)
        count = low
        # more copies until they add nothing new (or the limit of the repeat is reached)
        while current and count < high:
            finals, current = _run_seq(sub, current, flags)
            done |= finals
            current = current - out
            out |= current
            count += 1
        return done, out
    raise _AnyWord  # back references, conditionals, anything new
