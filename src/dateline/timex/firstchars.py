"""Which ASCII characters a regular expression can start a match with.

The tagger uses this to try, at a candidate position, only the rules that can match
there: Python's `re` otherwise enters every alternative of the master pattern before
failing, which is most of the cost of a position where nothing starts. The answer must
be a superset (a rule left out where it could match would change the output), so every
construct not understood here counts as "any character", zero-width assertions are
skipped rather than used, and single-character items are tested by `re` itself, with
case folding allowed (a superset again), against all 128 ASCII characters.
"""

from __future__ import annotations

import re

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
    chars, nullable = _seq(sre_parse.parse(pattern, flags), flags)
    return ASCII if nullable else chars


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
    flags |= re.IGNORECASE | re.UNICODE  # str patterns are Unicode; the caller may not say so
    key = (repr((op, av)), flags)
    found = _SEEN.get(key)
    if found is None:
        state = sre_parse.State()
        state.flags = flags
        sub = sre_parse.SubPattern(state, [(op, av)])
        compiled = re._compiler.compile(sub, flags)  # type: ignore[attr-defined]
        found = _SEEN[key] = frozenset(c for c in ASCII if compiled.match(c))
    return found


_SEEN: dict[tuple[str, int], frozenset[str]] = {}
