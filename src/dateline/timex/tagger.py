"""The tagger: the enabled rules in priority order, then normalisation.

Cost per call: one cheap trigger search (most news sentences have no temporal word and
stop there), at the word starts near each trigger only the rules that can start with
that word (and the next one), and a normaliser call per expression found. Tense cues
are looked for only when a weekday, month, season or holiday needs a direction.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, NamedTuple

from dateline.model import TimeMention
from dateline.timex.firstchars import FirstWords, first_chars, first_words
from dateline.timex.grammar import GROUPS, RULES, Found, Rule, expand, ref_parts
from dateline.timex.lexicon import MONTHS, WEEKDAYS

# Any of these words or a digit is needed for any rule to match; a sentence without one
# costs a single search.
_TRIGGER_WORDS = (
    "today yesterday tomorrow tonight now nowadays currently presently present recent recently "
    "lately future past ago day days week weeks weekend weekends month months year years "
    "quarter quarters half decade decades century centuries millennium millennia spring "
    "springs summer summers autumn fall winter winters morning mornings afternoon evening "
    "evenings night nights overnight noon midnight midday hour hours minute minutes seconds "
    "fortnight fortnights daily weekly monthly yearly annually hourly nightly biweekly "
    "fortnightly biannually semiannually twenties thirties forties fifties sixties seventies "
    "eighties nineties christmas easter thanksgiving halloween valentine memorial labor "
    "independence mother father luther presidents election patrick boxing veterans armistice "
    "remembrance bastille saints pentecost palm ash epiphany mid-afternoon nineteen"
).split()
_CASED_WORDS = [w.capitalize() for w in MONTHS] + [w.capitalize() for w in WEEKDAYS]


def _trie(words: Iterable[str]) -> str:
    """An alternation of `words` factored by common prefix ("da(?:y(?:s)?)").

    It matches the same strings as "|".join(words), but `re` tries an alternation one
    branch at a time at every position it searches: a flat list of 150 words costs 150
    failed branches at each word start, the trie about one per letter of the word.
    Longer words are tried before their prefixes (the optional tail is greedy), and a
    match must be followed by a word boundary, so the span found is the same.
    """
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


# A digit or one of these words is needed for any rule to match; a sentence without one
# costs a single search. Month and weekday names are cased, as the rules want them. Every
# word starts with a letter: the lookahead spares the tries at other word boundaries.
_TRIGGERS = (
    r"\d+|\b(?=[^\W\d_])(?:(?i:"
    + _trie(_TRIGGER_WORDS)
    + r")|(?-i:"
    + _trie(_CASED_WORDS + [w.upper() for w in _CASED_WORDS])
    + r"))\b"
)
# The same on lower-cased plain ASCII text, case-sensitive: a match in group "cased"
# counts only where the text itself has one of `_CASED_FORMS` (see `_TextPatterns`).
_FOLDED_TRIGGERS = (
    r"\d+|\b(?=[^\W\d_])(?:"
    + _trie(_TRIGGER_WORDS)
    + r"|(?P<cased>"
    + _trie(w.lower() for w in _CASED_WORDS)
    + r"))\b"
)
_CASED_FORMS = frozenset(_CASED_WORDS + [w.upper() for w in _CASED_WORDS])

# Tense cues: a future cue near a bare weekday or month sends it forward in time.
_CUES = re.compile(
    r"\b(?:(?P<p1>(?:was|were|had\sbeen)\s(?:expected|scheduled|due|set|supposed|planning|"
    r"going|slated|about)\sto)"
    r"|(?P<f>will|wo\sn['’]t|won['’]t|shall|would|going\sto|is\sto|are\sto|am\sto|is\sdue|"
    r"are\sdue|expected\sto|expects?\sto|scheduled|slated|plans?\sto|planned|planning|"
    r"set\sto|set\sfor|to\sbe\sheld|intends?\sto|aims?\sto|hopes?\sto|upcoming|"
    r"next(?!\sto\b)|coming|later\sthis|(?:is|are|be)\sexpected|as\s(?:soon|early)\sas|no\slater\sthan|"
    r"to\sbe\s\w+ed)"
    r"|(?P<r>said|told)|(?P<p>was|were|had|did|ago|last|since)|(?P<pw>\w+ed)|(?P<pi>held|left|met|came|went|took|"
    r"made|gave|began|saw|won|lost|fell|rose|struck|sent|spent|brought|bought|found|became|"
    r"broke|fought|got|grew|knew|led|paid|ran|sold|spoke|stood|wrote|flew|drove|arose))\b"
    r"|(?P<f2>['’]ll)\b",
    re.I,
)
_NOT_PAST = frozenset(
    "need indeed hundred united red bed speed feed seed shed proceed succeed exceed breed "
    "greed embed naked wicked sacred hatred kindred ted fred ned ahmed mohammed muhammad "
    "mohamed creed reed weed deed bleed freed agreed guaranteed".split()
)
# Where an expression may start, relative to the trigger word it contains: a word start
# at most _BACK_WORDS words and _BACK_CHARS characters before it ("the end of last year").
_WORD_START = re.compile(r"(?<![\w'’])[\w'’]")
_BACK_WORDS = 6
_BACK_CHARS = 64
# A number starts an expression only in these shapes (a year, a date or time with its
# separators, a day before a capitalised month, a decade, or a count of some unit). One
# cheap match here saves trying every rule at every number of a table of figures.
_DIGIT_GATE = re.compile(
    r"\d{4}|\d0['’]?s\b|\d{1,2}(?:st|nd|rd|th)?(?:[/.:\-–]\d|\s?[ap]\.?\s?m\b|\s?o['’]clock"
    r"|\s+(?:of\s+)?[A-Z][a-z]|\s?(?:-|–|to\s|and\s|or\s|through\s)\s?\d|[\s-]century)"
    r"|[\d,.]+(?:\s1/2|½)?(?:\sand\sa\shalf)?[\s-](?:(?:business|trading|working|calendar|"
    r"school)\s)?(?:sec|min|hour|day|night|week|fortnight|month|quarter|year|decade|centur|"
    r"millenn|times)",
    re.I,
)
_WEAK_REACH = 40  # characters
# cue kinds: a past verb form ("killed", "took") counts only close by; "weak" (a word in
# -ed) and "report" ("said": the time of the report, not of the event) are soft cues
_KINDS = {"f": "future", "f2": "future", "pw": "weak", "pi": "irregular", "r": "report"}
_NEAR = frozenset(["weak", "irregular"])
# sentence ends, including run-together ones ("with Trump.Kim and Trump held")
_BOUNDARY = re.compile(r"[.!?;]\s+(?=[A-Z\"'`(])|(?<=[a-z])[.!?](?=[A-Z][a-z])|\n")

# rule pattern -> the ASCII characters its match can start with, and the words (None:
# any word); parsing all the rules again for every Tagger (one per set of disabled
# groups) would cost a quarter second
_FIRST_CHARS: dict[str, frozenset[str]] = {}
_FIRST_WORDS: dict[str, FirstWords | None] = {}
# Patterns to try at a position, in rule order, each with its rule's index (see Tagger).
_Candidates = tuple[tuple[re.Pattern[str], int], ...]
_GROUP_NAME = re.compile(r"\(\?P<(\w+)>")
# A run of ASCII letters: the word a candidate position starts with.
_LETTERS = re.compile(r"[A-Za-z]+")
# Words remembered with their rule subset; the cache is emptied when it reaches this
# size, so that memory stays flat over any corpus.
_WORD_CACHE = 50_000


def _remember(cache: dict[str, _Candidates], key: str, rules: _Candidates) -> None:
    """Keep `rules` under `key`, emptying the cache first when it is full."""
    if len(cache) >= _WORD_CACHE:
        cache.clear()
    cache[key] = rules


_MERGE_TIME_DATE = re.compile(r"\s*(?:,\s*)?(?:on\s+)?$")
_TIME_AFTER_DATE = re.compile(r"\s*(?:,\s*)?(?:at\s+|around\s+|about\s+)?$", re.I)


class _TextPatterns(NamedTuple):
    """The tagger's fixed patterns, compiled for one kind of text (see `_plain_ascii`).

    With `folded`, `trigger` and `cues` are case-sensitive and meant for the lower-cased
    text: Python's `re` passes over an alternative whose first letter differs at a
    glance, but under re.I it enters every one (cues: twice as fast). Lower-casing keeps
    the offsets only on ASCII text, and `_CUES` has no upper-case letter to fold.
    """

    trigger: re.Pattern[str]
    cues: re.Pattern[str]
    boundary: re.Pattern[str]
    word_start: re.Pattern[str]
    digit_gate: re.Pattern[str]
    merge_time_date: re.Pattern[str]
    time_after_date: re.Pattern[str]
    folded: bool


def _ascii(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)


_UNICODE = _TextPatterns(
    re.compile(_TRIGGERS),
    _CUES,
    _BOUNDARY,
    _WORD_START,
    _DIGIT_GATE,
    _MERGE_TIME_DATE,
    _TIME_AFTER_DATE,
    folded=False,
)
_ASCII = _TextPatterns(
    re.compile(_FOLDED_TRIGGERS, re.ASCII),
    re.compile(_CUES.pattern, re.ASCII),
    *(_ascii(p) for p in _UNICODE[2:-1]),
    folded=True,
)
# On ASCII text, a pattern compiled with re.ASCII matches exactly what its Unicode twin
# matches (\w, \d, \b and case folding differ only on other characters), except that
# Unicode's \s also takes these four separators; and Python's engine runs it about half
# again as fast, without Unicode tables. Nearly every news sentence is plain ASCII.
_UNICODE_ONLY_SPACE = re.compile("[\x1c-\x1f]")


def _plain_ascii(text: str) -> bool:
    """Whether the re.ASCII patterns may be used on `text` (see `_UNICODE_ONLY_SPACE`)."""
    return text.isascii() and (text.isprintable() or _UNICODE_ONLY_SPACE.search(text) is None)


class _Groups:
    """A rule's match, where a group the rule does not have reads as unmatched (the
    normalisers are shared between rules)."""

    __slots__ = ("_m", "_names", "end", "start")

    def __init__(self, m: re.Match[str], names: frozenset[str]) -> None:
        self._m = m
        self._names = names
        self.start = m.start()
        self.end = m.end()

    def __getitem__(self, name: str) -> str | None:
        return self._m.group(name) if name in self._names else None

    def span(self, name: str) -> tuple[int, int]:
        return self._m.span(name) if name in self._names else (-1, -1)


class _Context:
    """What a normaliser needs to know about the text: the DCT and tense around a span."""

    __slots__ = (
        "_bounds",
        "_cues",
        "_dct",
        "_folded",
        "_patterns",
        "_period",
        "_ref",
        "notes",
        "read",
        "soft_cue",
        "tense",
        "text",
    )

    def __init__(
        self,
        text: str,
        dct: dt.date | None,
        tense: str | None,
        doc: _Document | None = None,
        patterns: _TextPatterns = _UNICODE,
        folded: str | None = None,
    ) -> None:
        self.text = text
        self._patterns = patterns
        self._folded = folded  # the lower-cased text, where `patterns.folded`
        self._dct = dct
        self.tense = tense
        # the document's reference date and reported quarter, so far (None: single text)
        self._ref = doc.ref if doc else None
        self._period = doc.period if doc else None
        self._cues: list[tuple[int, int, str]] | None = None
        self._bounds: list[int] | None = None
        self.soft_cue = False  # whether the last `direction` rests on a soft cue
        # Whether a normaliser read the DCT or the document's state: if none did, the
        # text's expressions are the same against any DCT (see `DocumentTagging`).
        self.read = False
        self.notes: list[list[Found]] | None = None  # what `note` was given, when traced

    @property
    def dct(self) -> dt.date | None:
        self.read = True
        return self._dct

    @property
    def ref(self) -> str | None:
        self.read = True
        return self._ref

    @property
    def period(self) -> str | None:
        self.read = True
        return self._period

    def note(self, found: list[Found]) -> None:
        """Remember the dates just found as the reference for what follows."""
        if self.notes is not None:
            self.notes.append(found)
        self._ref, self._period = _noted(self._ref, self._period, _quarter(self._dct), found)

    def direction(self, start: int, end: int) -> str | None:
        """ "past", "future" or None (no cue) for the expression at [start, end)."""
        self.soft_cue = False
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
            c0, c1, kind = cues[k]
            # a word in -ed is a weak sign of the past: it counts only close by
            if c1 <= start and (kind not in _NEAR or start - c1 <= _WEAK_REACH):
                best = kind
                break
            k -= 1
        if best is None:
            k = j
            while k < len(cues) and cues[k][0] < hi:
                c0, c1, kind = cues[k]
                if c0 >= end and (kind not in _NEAR or c0 - end <= _WEAK_REACH):
                    best = kind
                    break
                k += 1
        # a word in -ed or a reporting verb is a soft cue: it may be outvoted by distance
        self.soft_cue = best in ("weak", "report")
        if best is None or best == "future":
            return best
        return "past"

    def _scan(self) -> None:
        cues: list[tuple[int, int, str]] = []
        for m in self._patterns.cues.finditer(self._folded or self.text):
            kind = m.lastgroup
            if kind == "pw" and (m.group(0).lower() in _NOT_PAST or m.group(0)[:2].lower() == "un"):
                # "unspecified", "unnamed": adjectives, no sign of the past
                continue
            cue = _KINDS.get(kind or "", "past")
            cues.append((m.start(), m.end(), cue))
        self._cues = cues
        self._bounds = [m.end() for m in self._patterns.boundary.finditer(self.text)]


def _quarter(dct: dt.date | None) -> str | None:
    return f"{dct.year:04d}-Q{(dct.month - 1) // 3 + 1}" if dct else None


def _noted(
    ref: str | None, period: str | None, now_quarter: str | None, found: list[Found]
) -> tuple[str | None, str | None]:
    """The document's (reference date, reported quarter) after the dates just found;
    `now_quarter` is the DCT's quarter."""
    for f in found:
        value = f[3]
        if f[2] in ("DATE", "TIME") and value[:4].isdigit():
            day = value[:10]
            if ref_parts(day) is not None:
                ref = day
                # the period a report is about is the latest quarter it names that has
                # ended: "the year-ago quarter" does not replace it, nor does an outlook
                # for the current or a coming quarter
                if (
                    "-Q" in day
                    and (period is None or day > period)
                    and (now_quarter is None or day < now_quarter)
                ):
                    period = day
    return ref, period


class _Trace:
    """How one sentence was tagged: whether anything read the DCT or the document's
    state, and the dates handed to `_Context.note` (they update that state)."""

    __slots__ = ("calls", "context", "notes", "read")

    def __init__(self) -> None:
        self.read = False
        self.notes: list[list[Found]] = []
        # each normaliser called: (handler, its groups, whether it accepted the match)
        self.calls: list[tuple[Callable[..., Any], _Groups, bool]] = []
        self.context: _Context | None = None


class DocumentTagging:
    """One document, tagged against one DCT after another (date inference tries many).

    The first call tags every sentence and notes which ones had an expression whose
    normaliser read the DCT or the state carried from earlier sentences ("that day").
    Later calls re-tag only those; for the others the mentions are the same against any
    DCT, and the state they leave is recomputed from the dates they found. Each call
    returns exactly what `Tagger.tag_document(sentences, dct)` returns.
    """

    def __init__(self, tagger: Tagger, sentences: Sequence[str], tense: str | None) -> None:
        self._tagger = tagger
        self._sentences = list(sentences)
        self._tense = tense
        # per sentence: (mentions, notes) when they do not depend on the DCT, else None
        self._fixed: list[tuple[list[TimeMention], list[list[Found]]] | None] | None = None
        self._traces: list[_Trace] = []

    def __call__(self, dct: dt.date | None) -> list[list[TimeMention]]:
        tag, tense, doc = self._tagger._tag, self._tense, _Document()
        if self._fixed is None:
            out, fixed = [], []
            for text in self._sentences:
                trace = _Trace()
                mentions = tag(text, dct, tense, doc, trace)
                out.append(mentions)
                fixed.append(None if trace.read else (mentions, trace.notes))
                self._traces.append(trace)
            self._fixed = fixed
            return out
        out: list[list[TimeMention]] = []
        resolve, quarter = self._tagger._resolve, _quarter(dct)
        for text, known, trace in zip(self._sentences, self._fixed, self._traces, strict=True):
            if known is None:
                out.append(resolve(text, dct, tense, doc, trace))
                continue
            mentions, notes = known
            for found in notes:
                doc.ref, doc.period = _noted(doc.ref, doc.period, quarter, found)
            out.append(list(mentions) if mentions else [])
        return out


class _Document:
    """What tagging carries from one sentence of a document to the next."""

    __slots__ = ("period", "ref")

    def __init__(self) -> None:
        self.ref: str | None = None
        self.period: str | None = None


class _RuleSet:
    """The rules' patterns for one kind of text (Unicode, or plain ASCII with re.ASCII).

    At a candidate position only the rules whose match can start with its first
    character are tried (with an ASCII letter, its whole word: see `first_words`), in
    rule order, each with its own pattern: the first of them to match is the rule an
    alternation of all rules would pick, with the same groups. One pattern per rule is
    also what costs least to compile (an alternation for the rules each digit can start
    cost more to compile than it saved in tagging, even over all of Timeline17). Patterns
    are compiled when first needed (see `compile_all`).
    """

    def __init__(
        self,
        parts: list[str],
        start_rules: list[tuple[int, ...]],
        first_words: list[FirstWords | None],
        flags: int,
    ) -> None:
        ascii_only = bool(flags & re.ASCII)
        self.patterns = _ASCII if ascii_only else _UNICODE
        self._parts = parts
        self._flags = flags
        self._start_rules = start_rules  # for each ASCII character, the rules it can start
        self._first_words = first_words
        self._by_first: list[_Candidates | None] = [None] * 128
        self._all_rules: _Candidates | None = None
        self._rule_patterns: list[tuple[re.Pattern[str], int] | None] = [None] * len(parts)
        self._by_word: dict[str, _Candidates] = {}
        self.known_word = self._by_word.get  # `for_word`'s answers so far
        self._by_pair: dict[str, _Candidates] = {}

    def _rule_pattern(self, i: int) -> tuple[re.Pattern[str], int]:
        """Rule `i`'s pattern, and `i`."""
        got = self._rule_patterns[i]
        if got is None:
            # expressions start at a word start: inside a word or number there is nothing
            pattern = re.compile(r"(?<!\w)(?:" + self._parts[i] + ")", self._flags)
            got = self._rule_patterns[i] = (pattern, i)
        return got

    def for_char(self, ch: str) -> _Candidates:
        """The patterns to try, in order, at a position starting with `ch`, each with its
        rule's index (`()`: no rule can start with `ch`)."""
        code = ord(ch)
        if code >= 128:
            if self._all_rules is None:
                self._all_rules = tuple(self._rule_pattern(i) for i in range(len(self._parts)))
            return self._all_rules
        got = self._by_first[code]
        if got is None:
            got = self._by_first[code] = tuple(
                self._rule_pattern(i) for i in self._start_rules[code]
            )
        return got

    def for_word(self, word: str) -> _Candidates:
        """The rules to try, in order, at a position where the ASCII letters `word` start
        and are followed by an ASCII non-letter or the end of the text: those whose match
        can start with that word (`first_words`) among those `for_char` gives."""
        got = self._by_word.get(word)
        if got is None:
            low = word.lower()
            got = self._where(word[0], lambda fw: fw.allows(low))
            _remember(self._by_word, word, got)
        return got

    def for_pair(self, first: str, second: str) -> _Candidates:
        """Like `for_word`, where `first` is followed by one space and the ASCII letters
        `second`, themselves followed by an ASCII non-letter or the end of the text: "the"
        starts a match of a dozen rules, "the company" of none."""
        key = f"{first} {second}"
        got = self._by_pair.get(key)
        if got is None:
            low1, low2 = first.lower(), second.lower()
            got = self._where(first[0], lambda fw: fw.allows(low1) and fw.allows_pair(low1, low2))
            _remember(self._by_pair, key, got)
        return got

    def _where(self, first_letter: str, allows: Callable[[FirstWords], bool]) -> _Candidates:
        """The rules that can start with `first_letter` and whose first words `allows`
        (a rule whose first words cannot be listed is always kept), in rule order."""
        return tuple(
            self._rule_pattern(i)
            for i in self._start_rules[ord(first_letter)]
            if (fw := self._first_words[i]) is None or allows(fw)
        )

    def compile_all(self) -> None:
        for code in range(129):
            self.for_char(chr(code))


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
        self._by_index: dict[int, tuple[Rule, frozenset[str]]] = {}
        # for each ASCII character, the rules whose match can start with it
        can_start: list[list[int]] = [[] for _ in range(128)]
        self._first_words: list[FirstWords | None] = []
        for i, rule in enumerate(self.rules):
            guard = {"alpha": r"(?=[^\W\d_])", "digit": r"(?=\d)"}.get(rule.starts, "")
            pattern = f"{guard}(?:{expand(rule.pattern)})"
            parts.append(pattern)
            self._by_index[i] = (rule, frozenset(_GROUP_NAME.findall(pattern)))
            starts = _FIRST_CHARS.get(pattern)
            if starts is None:
                starts = _FIRST_CHARS[pattern] = first_chars(pattern, re.I)
            for c in starts:
                can_start[ord(c)].append(i)
            if pattern not in _FIRST_WORDS:
                _FIRST_WORDS[pattern] = first_words(pattern, re.I)
            self._first_words.append(_FIRST_WORDS[pattern])
        start_rules = [tuple(r) for r in can_start]
        self._rule_sets = (
            _RuleSet(parts, start_rules, self._first_words, re.I),
            _RuleSet(parts, start_rules, self._first_words, re.I | re.ASCII),
        )

    def compile_all(self) -> None:
        """Compile the patterns for every first character now rather than when first
        needed: worker processes forked afterwards then share them instead of each
        compiling its own."""
        for rule_set in self._rule_sets:
            rule_set.compile_all()

    def tag(
        self, text: str, dct: dt.date | None = None, *, tense: str | None = None
    ) -> list[TimeMention]:
        """The expressions in one text, relative ones resolved against `dct` alone."""
        return self._tag(text, dct, tense, None)

    def tag_document(
        self, sentences: Sequence[str], dct: dt.date | None = None, *, tense: str | None = None
    ) -> list[list[TimeMention]]:
        """The expressions in each sentence of one document, in order.

        Unlike `tag`, this carries the last date mentioned from sentence to sentence, so
        that "the following year", "that day", "the previous Friday" and "two days
        earlier" are resolved against it (they fall back on `dct` before any date is
        mentioned), and "a year earlier" after a quarter was named is that quarter a year
        before. Offsets are into each sentence; a single string may hold the whole text.
        """
        doc = _Document()
        return [self._tag(text, dct, tense, doc) for text in sentences]

    def tag_document_at(
        self, sentences: Sequence[str], *, tense: str | None = None
    ) -> DocumentTagging:
        """`tag_document` of these sentences against any number of DCTs, each call of the
        result costing only the sentences whose expressions depend on the DCT."""
        return DocumentTagging(self, sentences, tense)

    def _tag(
        self,
        text: str,
        dct: dt.date | None,
        tense: str | None,
        doc: _Document | None,
        trace: _Trace | None = None,
    ) -> list[TimeMention]:
        if not text:
            return []
        rule_set = self._rule_sets[_plain_ascii(text)]
        patterns = rule_set.patterns
        folded = text.lower() if patterns.folded else None
        # one pass of the trigger: its first match doubles as the "anything here?" test
        triggers: Iterator[re.Match[str]] = patterns.trigger.finditer(folded or text)
        first = next(triggers, None)
        if first is None:
            return []
        if isinstance(dct, dt.datetime):
            dct = dct.date()
        cx = _Context(text, dct, tense, doc, patterns, folded)
        if trace is not None:
            cx.notes = trace.notes
        found: list[Found] = []
        rules_for_char = rule_set.for_char
        rules_for_word, known_word = rule_set.for_word, rule_set.known_word
        rules_for_pair = rule_set.for_pair
        word_start, digit_gate = patterns.word_start, patterns.digit_gate
        letters = _LETTERS.match
        by_index = self._by_index
        pos = 0  # end of the last expression found
        tried = -1  # candidate starts up to here have been tried
        for t in chain((first,), triggers):
            ts, te = t.span()
            if te <= pos:
                continue
            if t.lastgroup is not None and text[ts:te] not in _CASED_FORMS:
                continue  # a month or weekday name in lower case (see _FOLDED_TRIGGERS)
            lo = max(pos, tried + 1, ts - _BACK_CHARS)
            if lo > ts:
                continue
            starts = [w.start() for w in word_start.finditer(text, lo, ts + 1)]
            for p in starts[-_BACK_WORDS - 1 :]:
                if p < pos or p <= tried:
                    continue
                tried = p
                ch = text[p]
                if ch.isdigit():
                    if digit_gate.match(text, p) is None:
                        continue
                    subs = rules_for_char(ch)
                elif ch.isascii() and ch.isalpha():
                    e = letters(text, p).end()  # type: ignore[union-attr]
                    # a non-ASCII character after it might match an ASCII letter of a rule
                    # ("ſ" is "s" to re.I): then the word is not known, only its start
                    if e == len(text) or text[e].isascii():
                        word = text[p:e]
                        subs = known_word(word)  # the cache, without a method call
                        if subs is None:
                            subs = rules_for_word(word)
                        # words that start some rule's match: narrow by the next word
                        if subs and text[e : e + 1] == " " and (two := letters(text, e + 1)):
                            e2 = two.end()
                            if e2 == len(text) or text[e2].isascii():
                                subs = rules_for_pair(text[p:e], text[e + 1 : e2])
                    else:
                        subs = rules_for_char(ch)
                else:
                    subs = rules_for_char(ch)
                m = None
                for rule_pattern, index in subs:
                    m = rule_pattern.match(text, p)
                    if m is not None:
                        rule, names = by_index[index]
                        break
                if m is None:
                    continue
                try:
                    got = rule.handler(_Groups(m, names), cx)
                except (ValueError, KeyError, OverflowError, IndexError):
                    # a value off the calendar ("Feb. 30", year 0): not a date, keep going
                    got = None
                if trace is not None:
                    trace.calls.append((rule.handler, _Groups(m, names), bool(got)))
                if got:
                    # a rejected match leaves its span open: a shorter one may start inside
                    found.extend(got)
                    if doc is not None:
                        cx.note(got)
                    pos = m.end()
                    tried = max(tried, pos - 1)
        if doc is not None:
            doc.ref, doc.period = cx._ref, cx._period
        if trace is not None:
            trace.read = cx.read
            trace.context = cx
        return _mentions(text, found, patterns)

    def _resolve(
        self, text: str, dct: dt.date | None, tense: str | None, doc: _Document, trace: _Trace
    ) -> list[TimeMention]:
        """What `_tag(text, dct, tense, doc)` gives, from the expressions `trace` found:
        the scan of the text is the same whatever the DCT as long as each normaliser
        accepts or rejects as it did, so only the normalisers run again (else the
        sentence is tagged afresh)."""
        before = trace.context
        assert before is not None
        cx = _Context(text, dct, tense, doc, before._patterns, before._folded)
        cx._cues, cx._bounds = before._cues, before._bounds  # the tense cues of the text
        found: list[Found] = []
        for handler, groups, accepted in trace.calls:
            try:
                got = handler(groups, cx)
            except (ValueError, KeyError, OverflowError, IndexError):
                got = None
            if bool(got) != accepted:
                return self._tag(text, dct, tense, doc)  # doc is untouched so far
            if got:
                found.extend(got)
                cx.note(got)
        doc.ref, doc.period = cx._ref, cx._period
        return _mentions(text, found, before._patterns)


def _mentions(text: str, found: list[Found], patterns: _TextPatterns) -> list[TimeMention]:
    if not found:
        return []
    found = _merge_times(text, found, patterns)
    return [
        TimeMention(start=s, end=e, text=text[s:e], type=t, value=v, granularity=gr)
        for s, e, t, v, gr in found
        if e > s
    ]


def _is_day(value: str) -> bool:
    return len(value) >= 10 and value[4] == "-" and value[7] == "-" and "W" not in value[:10]


def _merge_times(text: str, found: list[Found], patterns: _TextPatterns) -> list[Found]:
    """Join "10 p.m. Wednesday" into one TIME; date "April 26 at 3 p.m." clock times."""
    merged: list[Found] = []
    i = 0
    while i < len(found):
        cur = found[i]
        if i + 1 < len(found):
            nxt = found[i + 1]
            clock = cur[2] == "TIME" and cur[3][11:12].isdigit()
            if (
                clock
                and nxt[2] == "DATE"
                and _is_day(nxt[3])
                and patterns.merge_time_date.match(text, cur[1], nxt[0])
            ):
                merged.append((cur[0], nxt[1], "TIME", nxt[3][:10] + cur[3][10:], "day"))
                i += 2
                continue
        merged.append(cur)
        i += 1
    for i in range(1, len(merged)):
        prev, cur = merged[i - 1], merged[i]
        if (
            cur[2] == "TIME"
            and cur[3][11:12].isdigit()
            and prev[2] == "DATE"
            and _is_day(prev[3])
            and patterns.time_after_date.match(text, prev[1], cur[0])
        ):
            merged[i] = (cur[0], cur[1], "TIME", prev[3][:10] + cur[3][10:], "day")
    return merged
