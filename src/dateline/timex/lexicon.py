"""Words the tagger knows: month and weekday names, numbers, units, seasons, holidays.

Everything here is data plus small pure lookups; the patterns that use these words are
built in `dateline.timex.grammar`.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

_UNITS_1 = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()

NUMBER_WORDS: dict[str, float] = {w: float(i) for i, w in enumerate(_UNITS_1)}
NUMBER_WORDS.update({w: float(20 + 10 * i) for i, w in enumerate(_TENS)})
NUMBER_WORDS.update({"a": 1.0, "an": 1.0, "a single": 1.0, "single": 1.0, "a dozen": 12.0,
                     "dozen": 12.0, "a hundred": 100.0, "one hundred": 100.0, "hundred": 100.0,
                     "a thousand": 1000.0, "a couple of": 2.0, "couple of": 2.0,
                     "a couple": 2.0, "half a": 0.5, "half an": 0.5})  # fmt: skip
# Quantities that say "some number of": the TIMEX3 value uses X ("PXY").
VAGUE_NUMBERS = frozenset(
    "a few|few|several|many|some|a number of|dozens of|hundreds of|the few|a couple of".split("|")
) - {"a couple of"}

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21, "last": 4,
}  # fmt: skip

# unit word (singular, lower case) -> (TIMEX3 duration unit, granularity for "ago"/"last")
UNITS: dict[str, str] = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "night": "D", "week": "W",
    "weekend": "WE", "fortnight": "FN", "month": "M", "quarter": "Q", "year": "Y",
    "decade": "DE", "century": "CE", "millennium": "ML",
}  # fmt: skip

UNIT_PLURALS: dict[str, str] = {"centuries": "century", "millennia": "millennium"}

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}
# First month of each season (northern hemisphere, as the TimeBank news is).
SEASON_START: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midday": "MI", "mid-afternoon": "AF", "mid afternoon": "AF",
}  # fmt: skip

DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip

# Fixed-date holidays: name -> (month, day). Movable feasts are computed in calendar.py.
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas": (12, 25),
    "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
    "independence day": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14),
    "st. valentine's day": (2, 14), "veterans day": (11, 11), "veterans' day": (11, 11),
    "armistice day": (11, 11), "remembrance day": (11, 11), "bastille day": (7, 14),
    "st. patrick's day": (3, 17), "may day": (5, 1), "new year": (1, 1),
    "flag day": (6, 14), "all saints' day": (11, 1), "epiphany": (1, 6),
}  # fmt: skip
MOVABLE_HOLIDAYS = frozenset(
    ["thanksgiving", "thanksgiving day", "easter", "easter sunday", "easter monday",
     "good friday", "memorial day", "labor day", "mother's day", "father's day",
     "martin luther king day", "martin luther king jr. day", "presidents day",
     "presidents' day", "election day", "ash wednesday", "pentecost", "palm sunday"]
)  # fmt: skip


_WORD_OR_DIGIT = re.compile(r"[a-z]+|\d")


def names_weekday_only(expression: str) -> bool:
    """True when a time expression names a weekday but neither a month nor a number
    ("Thursday", "last Friday night"; not "Thursday, Feb. 28")."""
    words = _WORD_OR_DIGIT.findall(expression.lower())
    return any(w in WEEKDAYS for w in words) and not any(w.isdigit() or w in MONTHS for w in words)


def number_value(word: str) -> float | None:
    """The number a quantity word or numeral stands for; None for vague ones ("several")."""
    w = " ".join(word.lower().replace("-", " ").replace("½", " 1/2").split())
    if w.endswith(" 1/2") and w[:-4].isdigit():
        return float(w[:-4]) + 0.5
    if w in VAGUE_NUMBERS:
        return None
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    digits = w.replace(",", "")
    try:
        return float(digits)
    except ValueError:
        pass
    parts = w.split()
    # "twenty five", "two hundred", "one thousand"
    total = 0.0
    current = 0.0
    for p in parts:
        if p == "and":
            continue
        if p in ("hundred",):
            current = (current or 1.0) * 100.0
        elif p == "thousand":
            total += (current or 1.0) * 1000.0
            current = 0.0
        elif p in NUMBER_WORDS:
            current += NUMBER_WORDS[p]
        else:
            return None
    return total + current
