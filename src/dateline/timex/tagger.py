"""The tagger: one scan of a compiled alternation of all enabled rules, then normalisation.

Cost per call: one cheap trigger search (most news sentences have no temporal word and
stop there), one scan with the master pattern, and a normaliser call per expression found.
Tense cues are looked for only when a weekday, month, season or holiday needs a direction.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable

from dateline.model import TimeMention
from dateline.timex.grammar import GROUPS, RULES, Found, Rule, expand

# Any of these words or a digit is needed for any rule to match; a sentence without one
# costs a single search.
_TRIGGERS = (
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
    r"today|yesterday|tomorrow|tonight|now|current|present|recent|lately|previous|formerly|"
    r"future|past|ago|day|week|month|year|quarter|half|decade|centur|millenn|spring|summer|"
    r"autumn|fall|winter|morning|afternoon|evening|night|noon|midnight|midday|hour|minute|"
    r"second|annual|hourly|fortnight|twenties|thirties|forties|fifties|sixties|seventies|"
    r"eighties|nineties|christmas|easter|thanksgiving|halloween|valentine|memorial|labor|"
    r"independence|mother|father|luther|presidents|election|patrick|boxing|veterans|"
    r"armistice|remembrance|bastille|saints|pentecost|palm|epiphany|'\d|first|third|fourth|"
    r"these)"
)

# Tense cues: a future cue near a bare weekday or month sends it forward in time.
_CUES = re.compile(
    r"\b(?:(?P<p1>(?:was|were|had\sbeen)\s(?:expected|scheduled|due|set|supposed|planning|"
    r"going|slated|about)\sto)"
    r"|(?P<f>will|wo\sn['’]t|won['’]t|shall|would|going\sto|is\sto|are\sto|am\sto|is\sdue|"
    r"are\sdue|expected\sto|expects?\sto|scheduled|slated|plans?\sto|planned|planning|"
    r"set\sto|set\sfor|to\sbe\sheld|intends?\sto|aims?\sto|hopes?\sto|upcoming|"
    r"next|coming|later\sthis)"
    r"|(?P<p>was|were|had|did|said|told|ago|last|\w+ed))\b"
    r"|(?P<f2>['’]ll)\b",
    re.I,
)
_NOT_PAST = frozenset(
    "need indeed hundred united red bed speed feed seed shed proceed succeed exceed breed "
    "greed embed naked wicked sacred hatred kindred ted fred ned ahmed mohammed muhammad "
    "mohamed creed reed weed deed bleed freed agreed guaranteed".split()
)
_BOUNDARY = re.compile(r"[.!?;]\s+(?=[A-Z\"'`(])|\n")

_MERGE_TIME_DATE = re.compile(r"\s*(?:,\s*)?(?:on\s+)?\Z")
_TIME_AFTER_DATE = re.compile(r"\s*(?:,\s*)?(?:at\s+|around\s+|about\s+)?\Z", re.I)


class _Groups:
    """A match seen through one rule's own group names."""

    __slots__ = ("_m", "_names", "end", "start")

    def __init__(self, m: re.Match[str], names: dict[str, str]) -> None:
        self._m = m
        self._names = names
        self.start = m.start()
        self.end = m.end()

    def __getitem__(self, name: str) -> str | None:
        full = self._names.get(name)
        return None if full is None else self._m.group(full)

    def span(self, name: str) -> tuple[int, int]:
        full = self._names.get(name)
        return (-1, -1) if full is None else self._m.span(full)


class _Context:
    """What a normaliser needs to know about the text: the DCT and tense around a span."""

    __slots__ = ("_bounds", "_cues", "dct", "tense", "text")

    def __init__(self, text: str, dct: dt.date | None, tense: str | None) -> None:
        self.text = text
        self.dct = dct
        self.tense = tense
        self._cues: list[tuple[int, int, str]] | None = None
        self._bounds: list[int] | None = None

    def direction(self, start: int, end: int) -> str | None:
        """ "past", "future" or None (no cue) for the expression at [start, end)."""
        if self.tense in ("past", "future"):
            return self.tense
        if self._cues is None:
            self._scan()
        cues = self._cues or []
        bounds = self._bounds or []
        # the sentence around the expression
        i = bisect.bisect_right(bounds, start)
        lo = bounds[i - 1] if i > 0 else 0
        hi = bounds[i] if i < len(bounds) else len(self.text)
        # the nearest cue before the expression, else the nearest one after it
        best: str | None = None
        j = bisect.bisect_left(cues, (start, -1, ""))
        k = j - 1
        while k >= 0 and cues[k][0] >= lo:
            if cues[k][1] <= start:
                best = cues[k][2]
                break
            k -= 1
        if best is None:
            k = j
            while k < len(cues) and cues[k][0] < hi:
                if cues[k][0] >= end:
                    best = cues[k][2]
                    break
                k += 1
        return best

    def _scan(self) -> None:
        cues: list[tuple[int, int, str]] = []
        for m in _CUES.finditer(self.text):
            kind = m.lastgroup
            if kind == "p" and m.group(0).lower() in _NOT_PAST:
                continue
            cues.append((m.start(), m.end(), "future" if kind in ("f", "f2") else "past"))
        self._cues = cues
        self._bounds = [m.end() for m in _BOUNDARY.finditer(self.text)]


class Tagger:
    """A TIMEX3 tagger built from the rule groups it is given.

    `disable` names rule groups to leave out (see `dateline.timex.RULE_GROUPS`), so the
    effect of a family of rules on a downstream score can be measured.
    """

    def __init__(self, disable: Iterable[str] = (), rules: list[Rule] | None = None) -> None:
        off = set(disable)
        unknown = off - set(GROUPS)
        if unknown:
            raise ValueError(f"unknown rule group(s): {', '.join(sorted(unknown))}")
        self.disabled = frozenset(off)
        self.rules = [r for r in (rules or RULES) if r.group not in off]
        parts: list[str] = []
        self._by_index: dict[int, tuple[Rule, dict[str, str]]] = {}
        for i, rule in enumerate(self.rules):
            names: dict[str, str] = {}

            def rename(m: re.Match[str], i: int = i, names: dict[str, str] = names) -> str:
                full = f"r{i}_{m.group(1)}"
                names[m.group(1)] = full
                return f"(?P<{full}>"

            body = re.sub(r"\(\?P<(\w+)>", rename, expand(rule.pattern))
            parts.append(f"(?P<R{i}>{body})")
            self._by_index[i] = (rule, names)
        # expressions start at a word start: inside a word or number there is nothing to find
        self._master = re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.I)
        self._outer = {self._master.groupindex[f"R{i}"]: i for i in range(len(self.rules))}
        self._trigger = re.compile(_TRIGGERS, re.I)

    def tag(
        self, text: str, dct: dt.date | None = None, *, tense: str | None = None
    ) -> list[TimeMention]:
        if not text or self._trigger.search(text) is None:
            return []
        if isinstance(dct, dt.datetime):
            dct = dct.date()
        cx = _Context(text, dct, tense)
        found: list[Found] = []
        master = self._master
        outer = self._outer
        by_index = self._by_index
        pos = 0
        n = len(text)
        while pos < n:
            m = master.search(text, pos)
            if m is None:
                break
            rule, names = by_index[outer[m.lastindex or 0]]
            try:
                got = rule.handler(_Groups(m, names), cx)
            except (ValueError, KeyError, OverflowError, IndexError):
                # a value off the calendar ("Feb. 30", year 0): not a date, keep going
                got = None
            if got:
                found.extend(got)
                pos = m.end() if m.end() > m.start() else m.start() + 1
            else:
                # rejected: a shorter expression may still start inside this span
                pos = m.start() + 1
        if not found:
            return []
        found = _merge_times(text, found)
        return [
            TimeMention(start=s, end=e, text=text[s:e], type=t, value=v, granularity=gr)
            for s, e, t, v, gr in found
            if e > s
        ]


def _is_day(value: str) -> bool:
    return len(value) >= 10 and value[4] == "-" and value[7] == "-" and "W" not in value[:10]


def _merge_times(text: str, found: list[Found]) -> list[Found]:
    """Join "10 p.m. Wednesday" into one TIME; date "April 26 at 3 p.m." clock times."""
    out: list[Found] = []
    i = 0
    while i < len(found):
        cur = found[i]
        if i + 1 < len(found):
            nxt = found[i + 1]
            gap = text[cur[1] : nxt[0]]
            clock = cur[2] == "TIME" and "T" in cur[3] and cur[3][11:12].isdigit()
            if clock and nxt[2] == "DATE" and _is_day(nxt[3]) and _MERGE_TIME_DATE.match(gap):
                out.append((cur[0], nxt[1], "TIME", nxt[3][:10] + cur[3][10:], "day"))
                i += 2
                continue
            if (
                cur[2] == "DATE"
                and _is_day(cur[3])
                and nxt[2] == "TIME"
                and nxt[3][11:12].isdigit()
                and _TIME_AFTER_DATE.match(gap)
            ):
                out.append(cur)
                out.append((nxt[0], nxt[1], "TIME", cur[3][:10] + nxt[3][10:], "day"))
                i += 2
                continue
        out.append(cur)
        i += 1
    return out
