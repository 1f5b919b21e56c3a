"""The tagger's rules: one regular expression and one normaliser per form of expression.

Each `Rule` has a pattern written with `<<FRAGMENT>>` placeholders for the shared pieces
below and named groups for the parts its normaliser reads. `dateline.timex.tagger` joins
the enabled rules into one alternation (rule order = priority at a given start
position), so a sentence is scanned once however many rules there are.

Patterns avoid nested quantifiers: every repetition is over a fixed alternation of
literals, so matching stays linear in the length of the text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from dateline.timex import calendar as cal
from dateline.timex.lexicon import (
    DECADE_WORDS,
    FIXED_HOLIDAYS,
    MONTHS,
    MOVABLE_HOLIDAYS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    UNIT_PLURALS,
    UNITS,
    WEEKDAYS,
    number_value,
)

# (start, end, type, value, granularity)
Found = tuple[int, int, str, str, str | None]


class Groups(Protocol):
    def __getitem__(self, name: str) -> str | None: ...
    def span(self, name: str) -> tuple[int, int]: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class Context(Protocol):
    text: str
    dct: dt.date | None
    soft_cue: bool  # whether the last `direction` rested on a soft cue ("said", -ed)
    # Only when a whole document is tagged (`Tagger.tag_document`): the value of the last
    # date mentioned before this point ("1995-05-22", "1996", "1989-Q3"), and the last
    # quarter mentioned (the period an earnings story reports on). None otherwise.
    ref: str | None
    period: str | None

    def direction(self, start: int, end: int) -> str | None: ...


Handler = Callable[[Groups, Context], list[Found] | None]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    group: str  # rule group, for switching families of rules off
    pattern: str
    handler: Handler
    # what the first character can be: "alpha", "digit" or "any"; the tagger puts a
    # lookahead in front so that a rule costs almost nothing where it cannot start
    starts: str = "any"


def _cs(words: list[str], abbr: bool = False) -> str:
    """Case-sensitive alternation of Title-case and UPPER-case forms, longest first."""
    forms: list[str] = []
    for w in sorted(words, key=len, reverse=True):
        forms += [w.capitalize(), w.upper()]
    body = "|".join(forms)
    if abbr:
        return r"(?-i:(?:" + body + r")\b\.?)"
    return r"(?-i:(?:" + body + r")\b)"


_MONTH_FULL = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_MONTH_ABBR = [m for m in MONTHS if m not in _MONTH_FULL]
_WD_FULL = [w for w in WEEKDAYS if w.endswith("day")]
_WD_ABBR = [w for w in WEEKDAYS if not w.endswith("day")]

_TZ = r"(?-i:(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|JST|KST|IST|AEST|AEDT|HKT|SGT|MSK|ET|PT))"

FRAG: dict[str, str] = {
    # "Jan." / "Jan" / "January"; names are case-sensitive so "may" and "march" never match
    "MONTH": r"(?:" + _cs(_MONTH_FULL) + "|" + _cs(_MONTH_ABBR, abbr=True) + ")",
    # a month standing alone needs its full name or an abbreviation with a dot
    "MONTHB": r"(?:" + _cs(_MONTH_FULL) + r"|(?-i:(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.))",
    "WD": _cs(_WD_FULL),
    "WDX": r"(?=[A-Z])(?:" + _cs(_WD_FULL) + "|" + _cs(_WD_ABBR, abbr=True) + ")",
    "DAY": r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|[.:]\d|,\d\d\d)",
    "YEAR": r"(?:1\d\d\d|20\d\d)(?![\d%]|,\d|\.\d)",
    "YEAR2": r"(?:(?:1\d\d\d|20\d\d)(?![\d%]|,\d|\.\d)|['’]\d\d(?!\d))",
    "SEP": r"(?:\s?,\s?|\s)",
    "QTY": (
        r"(?:\d{1,3}(?:,\d\d\d)+|\d+(?:\s1/2|½)?(?:\.\d+)?|(?=[a-zA-Z])(?:"
        r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]"
        r"(?:one|two|three|four|five|six|seven|eight|nine)\b)?|"
        r"(?:one|two|three|four|five|six|seven|eight|nine)(?:\s(?:hundred|thousand))?|"
        r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
        r"nineteen|zero|a\sfew|a\scouple\sof|a\scouple|couple\sof|a\sdozen|dozens\sof|"
        r"a\shundred|hundreds\sof|a\sthousand|a\snumber\sof|half\san?|a\ssingle|several|"
        r"many|few|some|an?))\b"
    ),
    "UNIT": (
        r"(?=[a-zA-Z])(?:(?:business|trading|working|calendar|school)\s)?"
        r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|"
        r"quarters?|years?|decades?|century|centuries|millennium|millennia)\b"
    ),
    "MODQ": (
        r"(?=[a-zA-Z])(?:about|around|approximately|roughly|nearly|almost|more\sthan|less\sthan|"
        r"fewer\sthan|no\smore\sthan|no\sless\sthan|not\smore\sthan|at\sleast|at\smost|up\sto|"
        r"over(?!\sthe\b)|under|just\sover|just\sunder|well\sover|close\sto|some)"
    ),
    "MODP": (
        r"(?=[a-zA-Z])(?:early|late|mid|earlier|later|the\send\sof|the\sbeginning\sof|the\sstart\sof|"
        r"the\smiddle\sof|the\sturn\sof|end\sof|beginning\sof|start\sof|middle\sof|"
        r"the\sfirst\sweek\sof|the\slast\sweek\sof|the\sfirst\shalf\sof|the\ssecond\shalf\sof)"
    ),
    "ORD": (
        r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
        r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
        r"nineteenth|twentieth|twenty[\s-]first)"
    ),
    "TZ": _TZ,
}


def expand(pattern: str) -> str:
    for _ in range(3):  # fragments may use fragments
        pattern = re.sub(r"<<(\w+)>>", lambda m: FRAG[m.group(1)], pattern)
    return pattern


# ---------------------------------------------------------------- value helpers

_MOD_WORDS = ("early", "late", "mid", "earlier", "later", "end", "beginning", "start", "middle")


def _month_num(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _day_num(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _year_num(word: str, dct: dt.date | None) -> int:
    w = word.strip("'’")
    if len(w) == 2:
        # "'98": the century that puts the year nearest the document date
        base = (dct.year if dct else 2000) // 100 * 100
        y = base + int(w)
        if dct and y > dct.year + 20:
            y -= 100
        return y
    return int(w)


def _ymd(y: int, m: int, d: int) -> str | None:
    return f"{y:04d}-{m:02d}-{d:02d}" if cal.safe_date(y, m, d) else None


def _dir(cx: Context, g: Groups) -> str | None:
    return cx.direction(g.start, g.end)


_REF_VALUE = re.compile(r"(\d{4})(?:-(?:(\d\d)(?:-(\d\d))?|Q([1-4])))?$")


def ref_parts(value: str | None) -> tuple[int, int | None, int | None, int | None] | None:
    """(year, month, day, quarter) of a reference value; None if it is no calendar date."""
    m = _REF_VALUE.match(value or "")
    if m is None:
        return None
    y, mo, d, q = m.groups()
    return int(y), int(mo) if mo else None, int(d) if d else None, int(q) if q else None


def _ref_date(cx: Context, need: str = "day") -> dt.date | None:
    """The date last mentioned in the document, if it was named at least as precisely as
    `need` ("day", "month" or "year"); a coarser value is filled in with the first day."""
    parts = ref_parts(cx.ref)
    if parts is None or parts[3] is not None:
        return None
    y, mo, d, _ = parts
    if (need == "day" and d is None) or (need == "month" and mo is None):
        return None
    return cal.safe_date(y, mo or 1, d or 1)


def _need(unit: str) -> str:
    code = UNITS[unit]
    return "year" if code in ("Y", "DE", "CE", "ML") else "month" if code in ("M", "Q") else "day"


# ---------------------------------------------------------------- handlers


def h_md_range(g: Groups, cx: Context) -> list[Found] | None:
    mon = _month_num(g["mon"] or "")
    d1, d2 = _day_num(g["d1"] or ""), _day_num(g["d2"] or "")
    if not (1 <= d1 <= 31 and 1 <= d2 <= 31) or d2 <= d1:
        return None
    if g["year"]:
        year: int | None = _year_num(g["year"], cx.dct)
    elif cx.dct:
        year = cal.day_month_year(cx.dct, mon, d1, _dir(cx, g))
    else:
        year = None
    out: list[Found] = []
    for dname, d in (("d1", d1), ("d2", d2)):
        s, e = g.span(dname)
        value = _ymd(year, mon, d) if year is not None else f"XXXX-{mon:02d}-{d:02d}"
        if value is None:
            return None
        out.append((s, e, "DATE", value, "day"))
    # the first span runs from the month name, the second to the year
    first = out[0]
    out[0] = (g.start, first[1], *first[2:])
    if g["year"]:
        out[1] = (out[1][0], g.end, *out[1][2:])
    if g["mon2"]:  # "27-28 February": the month sits after the second day
        out[0] = (g.start, out[0][1], *out[0][2:])
        out[1] = (out[1][0], g.end, *out[1][2:])
    return out


def h_date(g: Groups, cx: Context) -> list[Found] | None:
    mon = _month_num(g["mon"] or "")
    day = _day_num(g["day"] or "")
    if g["year"]:
        year: int | None = _year_num(g["year"], cx.dct)
    elif cx.dct is not None:
        year = None
        if g["wd"]:
            # a weekday pins the year: the nearest year where that date is that weekday
            wd = WEEKDAYS[(g["wd"] or "").lower().rstrip(".")]
            for y in (cx.dct.year, cx.dct.year - 1, cx.dct.year + 1):
                d = cal.safe_date(y, mon, day)
                if d is not None and d.weekday() == wd:
                    year = y
                    break
        if year is None:
            year = cal.day_month_year(cx.dct, mon, day, _dir(cx, g))
    else:
        year = None
    if year is None:
        if not 1 <= day <= 31:
            return None
        return [(g.start, g.end, "DATE", f"XXXX-{mon:02d}-{day:02d}", "day")]
    value = _ymd(year, mon, day)
    if value is None:
        return None
    return [(g.start, g.end, "DATE", value, "day")]


def h_numeric(g: Groups, cx: Context) -> list[Found] | None:
    if g["iy"]:
        y, m, d = int(g["iy"] or 0), int(g["im"] or 0), int(g["id"] or 0)
        value = _ymd(y, m, d)
        if value is None:
            return None
        if g["ih"]:
            hh, mm = int(g["ih"] or 0), int(g["imin"] or 0)
            if hh > 24 or mm > 59:
                return None
            return [(g.start, g.end, "TIME", f"{value}T{hh:02d}:{mm:02d}", "day")]
        return [(g.start, g.end, "DATE", value, "day")]
    if g["a"]:
        a, b, c = int(g["a"] or 0), int(g["b"] or 0), g["c"] or ""
        y = _year_num("'" + c, cx.dct) if len(c) == 2 else int(c)
        # US order (month/day) unless the first number cannot be a month
        m, d = (a, b) if a <= 12 else (b, a)
    else:
        d, m, y = int(g["da"] or 0), int(g["db"] or 0), int(g["dc"] or 0)
    value = _ymd(y, m, d)
    return [(g.start, g.end, "DATE", value, "day")] if value else None


def h_month_year(g: Groups, cx: Context) -> list[Found] | None:
    mon = _month_num(g["mon"] or "")
    year = _year_num(g["year"] or "", cx.dct)
    return [(g.start, g.end, "DATE", f"{year:04d}-{mon:02d}", "month")]


def h_year_range(g: Groups, cx: Context) -> list[Found] | None:
    y1 = int(g["y1"] or 0)
    raw2 = g["y2"] or ""
    y2 = int(raw2) if len(raw2) == 4 else y1 // 100 * 100 + int(raw2)
    if y2 <= y1 or y2 - y1 > 100:
        return None
    e1 = g.span("y1")[1]
    s2, e2 = g.span("y2")
    return [
        (g.start, e1, "DATE", str(y1), "year"),
        (s2, e2, "DATE", str(y2), "year"),
    ]


def _unit_of(word: str) -> str:
    w = word.lower().split()[-1]
    w = UNIT_PLURALS.get(w, w)
    if w not in UNITS and w.endswith("s"):
        w = w[:-1]
    return w


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: P3Y, P2W, PT4H, PXD ...; decades and centuries in years."""
    code = UNITS[unit]
    if n is None:
        return {"H": "PTXH", "MIN": "PTXM", "S": "PTXS", "DE": "PXDE", "CE": "PXCE",
                "ML": "PXML", "FN": "PXW"}.get(code, f"PX{code}")  # fmt: skip
    if code in ("H", "MIN", "S"):
        if n != int(n):
            # "half an hour" -> PT30M
            smaller = {"H": (60, "M"), "MIN": (60, "S"), "S": (1, "S")}[code]
            return f"PT{_fmt_num(n * smaller[0])}{smaller[1]}"
        return f"PT{_fmt_num(n)}{'M' if code == 'MIN' else code}"
    scale = {"DE": (10, "Y"), "CE": (100, "Y"), "ML": (1000, "Y"), "FN": (2, "W")}
    if code in scale:
        k, c = scale[code]
        return f"P{_fmt_num(n * k)}{c}"
    if n != int(n):
        finer = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "TH")}.get(code)
        if finer and (n * finer[0]) == int(n * finer[0]):
            v = _fmt_num(n * finer[0])
            return f"PT{v}H" if finer[1] == "TH" else f"P{v}{finer[1]}"
    return f"P{_fmt_num(n)}{code}"


def shifted(dct: dt.date | None, unit: str, n: float | None, sign: int) -> tuple[str, str | None]:
    """The date `n` units before (sign -1) or after the DCT, at the unit's granularity."""
    code = UNITS[unit]
    if code in ("H", "MIN", "S"):
        if dct is None or n is None:
            return ("PAST_REF" if sign < 0 else "FUTURE_REF"), None
        return dct.isoformat(), "day"
    if n is None or dct is None or n != int(n):
        if n is None:
            return ("PAST_REF" if sign < 0 else "FUTURE_REF"), None
        return _underspecified(code), _gran(code)
    k = int(n) * sign
    try:
        if code == "D":
            d = cal.shift_date(dct, days=k)
            return (d.isoformat() if d else "XXXX-XX-XX"), "day"
        if code in ("W", "WE", "FN"):
            # US news weeks start on Sunday: on a Sunday, "last week" is the one just ended
            base = dct + cal.ONE_DAY if dct.weekday() == 6 else dct
            d = cal.shift_date(base, days=7 * k * (2 if code == "FN" else 1))
            return (cal.week_value(d) if d else "XXXX-WXX"), "week"
        if code == "M":
            y, m = cal.shift_months(dct.year, dct.month, k)
            return f"{y:04d}-{m:02d}", "month"
        if code == "Q":
            q = cal.quarter_of(dct) - 1 + k
            return f"{dct.year + q // 4:04d}-Q{q % 4 + 1}", "quarter"
        if code == "Y":
            return f"{dct.year + k:04d}", "year"
        if code == "DE":
            return f"{(dct.year + 10 * k) // 10:03d}", "decade"
        if code == "CE":
            return f"{(dct.year + 100 * k) // 100:02d}", "century"
    except (OverflowError, ValueError):
        pass
    return _underspecified(code), _gran(code)


def _gran(code: str) -> str | None:
    return {"D": "day", "W": "week", "WE": "week", "FN": "week", "M": "month", "Q": "quarter",
            "Y": "year", "DE": "decade", "CE": "century"}.get(code)  # fmt: skip


def _underspecified(code: str) -> str:
    return {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "FN": "XXXX-WXX",
            "M": "XXXX-XX", "Q": "XXXX-QX", "Y": "XXXX", "DE": "XXX", "CE": "XX"}.get(
                code, "XXXX-XX-XX")  # fmt: skip


def _qty(g: Groups, name: str = "q") -> float | None:
    raw = g[name]
    if raw is None:
        return None
    n = number_value(raw)
    if n is not None and g["half"]:
        n += 0.5
    return n


def h_ago(g: Groups, cx: Context) -> list[Found] | None:
    rel = (g["rel"] or "").lower()
    unit = _unit_of(g["u"] or "")
    if unit not in UNITS:
        return None
    n = _qty(g) if g["q"] else None
    if rel == "later":
        # "two days later" counts from an event, not from the document date; TimeML
        # marks the amount alone ("two days", DURATION) and leaves "later" out
        end = g.span("u")[1]
        return [(g.start, end, "DURATION", duration_value(n, unit), None)]
    sign = 1 if rel in ("from now", "hence") else -1
    period = ref_parts(cx.period)
    if sign < 0 and unit == "year" and n == 1 and period is not None:
        # an earnings story compares the quarter it reports with the same quarter a
        # year before: "net rose to $5 million from $4 million a year earlier"
        return [(g.start, g.end, "DATE", f"{period[0] - 1:04d}-Q{period[3]}", "quarter")]
    anchor = _ref_date(cx, _need(unit)) if rel in ("earlier", "before") else None
    value, gran = shifted(anchor or cx.dct, unit, n, sign)
    if cx.dct is None and value not in ("PAST_REF", "FUTURE_REF"):
        value = _underspecified(UNITS[unit])
    return [(g.start, g.end, "DATE", value, gran)]


def _current(dct: dt.date | None, unit: str, k: int) -> tuple[str, str | None]:
    """This (k=0), the previous (k=-1) or the next (k=1) week, month, year ... of the DCT."""
    if unit in ("fiscal year", "year"):
        unit = "year"
    code = UNITS.get(unit, "Y")
    if dct is None:
        return _underspecified(code), _gran(code)
    if code == "WE":
        d = cal.shift_date(dct, days=7 * k)
        return ((cal.week_value(d) + "-WE") if d else "XXXX-WXX-WE"), "week"
    return shifted(dct, unit, k, 1) if k >= 0 else shifted(dct, unit, -k, -1)


_DET_STEP = {
    "last": -1, "past": -1, "previous": -1, "the past": -1, "the last": -1,
    "the previous": -1, "this past": -1, "next": 1, "coming": 1, "the next": 1,
    "the coming": 1, "this coming": 1, "the following": 1, "following": 1,
    "this": 0, "current": 0, "the current": 0, "the": 0, "the same": 0,
}  # fmt: skip


def h_rel_unit(g: Groups, cx: Context) -> list[Found] | None:
    det = " ".join((g["det"] or "").lower().split())
    unit = " ".join((g["u"] or "").lower().split())
    k = _DET_STEP.get(det)
    if k is None:
        return None
    if det == "the" and unit in ("year", "fiscal year"):
        # "for the year", "during the fiscal year": TimeBank reads these as a span of time
        return [(g.start, g.end, "DURATION", "P1Y", None)]
    if det in ("the past", "the last") and unit in ("decade", "century", "millennium"):
        return [(g.start, g.end, "DURATION", duration_value(1, unit), None)]
    if det == "the" and unit == "quarter" and cx.dct is not None:
        # in earnings news "the quarter" is the one just reported
        y, q = cal.previous_quarter(cx.dct)
        return [(g.start, g.end, "DATE", f"{y}-Q{q}", "quarter")]
    if det == "the" and unit == "weekend" and cx.dct is not None:
        # the weekend just past, unless the sentence looks ahead
        future = _dir(cx, g) == "future"
        wd = cx.dct.weekday()
        step = 0 if (future or wd >= 5) else -1
        d = cal.shift_date(cx.dct, days=7 * step)
        if d is None:
            return None
        return [(g.start, g.end, "DATE", cal.week_value(d) + "-WE", "week")]
    if det in ("the following", "the previous"):
        # anaphoric: the year after the one just mentioned ("In 1995 ... the following
        # year"); before any date is mentioned, the DCT's
        need = {"month": "month", "quarter": "month", "week": "day", "weekend": "day"}
        ref = _ref_date(cx, need.get(unit, "year"))
        value, gran = _current(ref or cx.dct, unit, k)
        return [(g.start, g.end, "DATE", value, gran)]
    value, gran = _current(cx.dct, unit, k)
    return [(g.start, g.end, "DATE", value, gran)]


_ANA_STEP = {"the next": 1, "the following": 1, "the previous": -1, "the preceding": -1,
             "that": 0, "that same": 0, "the same": 0, "after": 1, "before": -1}  # fmt: skip


def h_anaphor(g: Groups, cx: Context) -> list[Found] | None:
    """ "the next day", "the day before", "that year", "later that month": counted from
    the date last mentioned in the document (see `Tagger.tag_document`)."""
    det = " ".join((g["det"] or g["ba"] or "").lower().split())
    unit = (g["u"] or "day").lower()
    k = _ANA_STEP[det]
    pod = PARTS_OF_DAY.get(unit)
    need = "day" if pod or unit in ("day", "week") else "month" if unit == "month" else "year"
    ref = _ref_date(cx, need)
    if ref is None:
        if k == 0 or cx.dct is None:
            return None  # "that day" with nothing to point back to: no date to give
        ref = cx.dct
    if pod or unit == "day":
        d = cal.shift_date(ref, days=k)
        if d is None:
            return None
        if pod:
            return [(g.start, g.end, "TIME", f"{d.isoformat()}T{pod}", "day")]
        return [(g.start, g.end, "DATE", d.isoformat(), "day")]
    value, gran = _current(ref, unit, k)
    return [(g.start, g.end, "DATE", value, gran)]


def h_decade(g: Groups, cx: Context) -> list[Found] | None:
    if g["d4"]:
        dec = int(g["d4"] or 0) // 10
    else:
        if not (g["the"] or g["mod"]):
            return None  # "in their 90s" is an age
        two = g["d2"] or g["d2b"]
        tens = int(two) // 10 if two else DECADE_WORDS[(g["dw"] or "").lower()]
        century = 19
        if cx.dct is not None and 2000 + tens * 10 <= cx.dct.year - 0 and tens <= 2:
            century = 20
        dec = century * 10 + tens
    return [(g.start, g.end, "DATE", f"{dec:03d}", "decade")]


def h_century(g: Groups, cx: Context) -> list[Found] | None:
    raw = (g["ord"] or "").lower().replace("-", " ")
    n = int(re.sub(r"\D", "", raw)) if raw[:1].isdigit() else ORDINALS.get(raw)
    if not n or n > 21:
        return None
    return [(g.start, g.end, "DATE", f"{n - 1:02d}", "century")]


_QWORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
          "4th": 4, "final": 4, "last": 4}  # fmt: skip


def h_quarter(g: Groups, cx: Context) -> list[Found] | None:
    tail = cx.text[g.end : g.end + 4].lower()
    unit = (g["u"] or g["qq"] or "").lower()
    pre = (g["pre"] or "").lower()
    the = (g["the"] or "").lower()
    has_the = the == "the"
    if the in ("a", "an") and not pre:
        return None  # "a quarter", "a second half"
    if tail.startswith(" of") and not (g["yr2"] or g["ydet"]):
        return None  # "the first half of the game", "a quarter of the votes"
    if not (g["ord"] or pre or has_the or g["yr1"] or g["yr2"]):
        return None
    year: int | None = None
    explicit = g["yr1"] or g["yr2"]
    if explicit:
        year = int(explicit)
    ydet = (g["ydet"] or g["ypos"] or "").lower()
    start = g.start
    if g["qsep"] == "-" and has_the:
        # "the third-quarter results": the adjective alone is the expression
        start = min(g.span(k)[0] for k in ("ypos", "yr1", "pre", "ord") if g[k])
    if g["ord"]:
        n = _QWORD[(g["ord"] or "").lower()]
    elif cx.dct is not None:
        year_prev, n = cal.previous_quarter(cx.dct)
        if year is None:
            year = year_prev
    else:
        n = 0
    if unit == "half" and n > 2:
        return None
    if year is None and cx.dct is not None:
        if ydet in ("last",):
            year = cx.dct.year - 1
        elif ydet in ("next",):
            year = cx.dct.year + 1
        elif ydet in ("this", "the"):
            year = cx.dct.year
        elif unit == "half":
            half = 1 if cx.dct.month <= 6 else 2
            year = cx.dct.year if n <= half or _dir(cx, g) == "future" else cx.dct.year - 1
        else:
            year = cal.quarter_year(cx.dct, n, _dir(cx, g))
    if year is not None and pre in ("year-earlier", "year-ago", "year earlier", "year ago"):
        year -= 1
    ys = f"{year:04d}" if year is not None else "XXXX"
    if unit == "half":
        return [(start, g.end, "DATE", f"{ys}-H{n}", "half")]
    qs = str(n) if n else "X"
    return [(start, g.end, "DATE", f"{ys}-Q{qs}", "quarter")]


def h_season(g: Groups, cx: Context) -> list[Found] | None:
    season = SEASONS[(g["s"] or "").lower()]
    det = " ".join((g["det"] or "").lower().split())
    word = (g["s"] or "").lower()
    if word in ("spring", "fall") and not (det or g["mod"] or g["mid"] or g["year"]):
        return None  # verbs and nouns far more often than seasons
    if det in ("the", "that") and not g["year"] and cx.text[g.end : g.end + 3] == " of":
        return None  # "the fall of the regime"
    if g["year"]:
        return [(g.start, g.end, "DATE", f"{int(g['year'] or 0):04d}-{season}", "season")]
    if cx.dct is None:
        return [(g.start, g.end, "DATE", f"XXXX-{season}", "season")]
    strict = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(det, 0)
    direction = "past" if det == "this past" else "future" if det == "this coming" else None
    if det == "this" and not strict:
        # "this summer": the season of the current year
        return [(g.start, g.end, "DATE", f"{cx.dct.year:04d}-{season}", "season")]
    if direction is None:
        direction = _dir(cx, g)
    year = cal.season_year(cx.dct, season, direction, strict)
    return [(g.start, g.end, "DATE", f"{year:04d}-{season}", "season")]


def _holiday_date(name: str, year: int) -> dt.date | None:
    key = " ".join(name.lower().replace("’", "'").split())
    if key in FIXED_HOLIDAYS:
        m, d = FIXED_HOLIDAYS[key]
        return cal.safe_date(year, m, d)
    return cal.movable_holiday(key, year)


def h_holiday(g: Groups, cx: Context) -> list[Found] | None:
    name = g["h"] or ""
    det = (g["det"] or "").lower()
    if g["year"]:
        d = _holiday_date(name, int(g["year"] or 0))
        return [(g.start, g.end, "DATE", d.isoformat(), "day")] if d else None
    if cx.dct is None:
        key = " ".join(name.lower().split())
        if key in FIXED_HOLIDAYS:
            m, dd = FIXED_HOLIDAYS[key]
            return [(g.start, g.end, "DATE", f"XXXX-{m:02d}-{dd:02d}", "day")]
        return [(g.start, g.end, "DATE", "XXXX-XX-XX", "day")]
    ref = cx.dct
    cands = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _holiday_date(name, y))]
    if not cands:
        return None
    if det in ("last", "past"):
        pick = max((d for d in cands if d < ref), default=None)
    elif det in ("next", "coming"):
        pick = min((d for d in cands if d > ref), default=None)
    else:
        direction = _dir(cx, g)
        if direction == "future":
            pick = min((d for d in cands if d >= ref), default=None)
        elif direction == "past":
            pick = max((d for d in cands if d <= ref + dt.timedelta(days=2)), default=None)
        else:
            pick = min(cands, key=lambda d: abs((d - ref).days))
    return [(g.start, g.end, "DATE", pick.isoformat(), "day")] if pick else None


# a deadline right before a weekday, possibly with a clock time between them
_DEADLINE = re.compile(
    r"\b(?:until|till|as\ssoon\sas|as\searly\sas|no\slater\sthan)\s(?:on\s)?"
    r"(?:\d{1,2}(?::\d\d)?\s?[ap]\.?m\.?\s(?:[A-Z]{2,4}\s)?)?$",
    re.I,
)


def h_weekday(g: Groups, cx: Context) -> list[Found] | None:
    wd = WEEKDAYS[(g["wd"] or "").lower()]
    pod = (g["pod"] or "").lower()
    if g["pl"]:
        return [(g.start, g.end, "SET", f"XXXX-WXX-{wd + 1}", None)]
    det = " ".join((g["det"] or "").lower().split())
    if cx.dct is None:
        value = "XXXX-XX-XX"
    else:
        if det in ("the previous", "the following"):
            # counted from the day under discussion ("down 4% from the previous Friday"
            # after a report on Friday's trading), else from the DCT
            ref = _ref_date(cx) or cx.dct
            d = cal.weekday_strict(ref, wd, -1 if det == "the previous" else 1)
        elif det in ("last", "past"):
            d = cal.weekday_strict(cx.dct, wd, -1)
        elif det in ("next", "coming"):
            d = cal.weekday_strict(cx.dct, wd, 1)
        elif det == "this past":
            d = cal.weekday_near(cx.dct, wd, "past")
        elif det == "this coming":
            d = cal.weekday_near(cx.dct, wd, "future")
        else:
            # news convention: no cue or past tense -> the latest such day, DCT included
            direction = "future" if _dir(cx, g) == "future" else "past"
            if _DEADLINE.search(cx.text, max(0, g.start - 40), g.start):
                direction = "future"  # "until 9 a.m. Tuesday": a deadline still to come
            d = cal.weekday_near(cx.dct, wd, direction)
        value = d.isoformat()
    if pod:
        return [(g.start, g.end, "TIME", f"{value}T{PARTS_OF_DAY[pod]}", "day")]
    return [(g.start, g.end, "DATE", value, "day")]


_NAME_OK_BEFORE = frozenset(
    "in since by until till from through to last next this early late mid during before after "
    "of on and or between each every until around about the that a an its his her their "
    "our by-election".split()
)
_NAME_MONTHS = frozenset(["april", "may", "june", "august", "january"])


_LAST_WORD = re.compile(r"([A-Za-z][\w.'-]*)$")
_NEXT_CAPITALISED = re.compile(r"\s+([A-Z][a-z]+)")


def _looks_like_name(cx: Context, start: int, end: int, month: str) -> bool:
    """ "Theresa May", "April Ryan": a month name inside a run of capitalised words."""
    text = cx.text
    before = text[max(0, start - 30) : start].rstrip()
    m = _LAST_WORD.search(before)
    if m:
        word = m.group(1)
        # even at a sentence start: "In May" is fine, "Theresa May" is a name
        if word[0].isupper() and word.lower() not in _NAME_OK_BEFORE:
            return True
    if month.lower() in _NAME_MONTHS:
        after = _NEXT_CAPITALISED.match(text, end, end + 30)
        if (
            after
            and after.group(1).lower() not in MONTHS
            and after.group(1).lower() not in (WEEKDAYS)
        ):
            return True
    return False


def h_month(g: Groups, cx: Context) -> list[Found] | None:
    word = g["mon"] or ""
    mon = _month_num(word)
    det = " ".join((g["det"] or "").lower().split())
    if not det and not g["mod"] and not g["mid"] and _looks_like_name(cx, g.start, g.end, word):
        return None
    if cx.dct is None:
        return [(g.start, g.end, "DATE", f"XXXX-{mon:02d}", "month")]
    strict = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(det, 0)
    ydet = (g["ydet"] or "").lower()
    if ydet:
        year = cx.dct.year + {"this": 0, "last": -1, "next": 1}[ydet]
    elif det == "this":
        year = cx.dct.year
    else:
        direction = "past" if det == "this past" else "future" if det == "this coming" else None
        if direction is None and not strict:
            direction = _dir(cx, g)
            # only a soft cue ("said", a word in -ed) may be outvoted by distance
            reach = cal.MONTH_REACH if cx.soft_cue else 12
            year = cal.month_year_near(cx.dct, mon, direction, reach)
        else:
            year = cal.month_year(cx.dct, mon, direction, strict)
    return [(g.start, g.end, "DATE", f"{year:04d}-{mon:02d}", "month")]


def h_year_adj(g: Groups, cx: Context) -> list[Found] | None:
    word = (g["ya"] or "").lower()
    k = 0 if "end" in word else -1
    period = ref_parts(cx.period)
    if k < 0 and period is not None:
        # "year-earlier profit" in a quarterly report: the same quarter a year before
        return [(g.start, g.end, "DATE", f"{period[0] - 1:04d}-Q{period[3]}", "quarter")]
    if cx.dct is None:
        return [(g.start, g.end, "DATE", "XXXX", "year")]
    return [(g.start, g.end, "DATE", f"{cx.dct.year + k:04d}", "year")]


_TENS_WORDS = {"twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7,
               "eighty": 8, "ninety": 9}  # fmt: skip
_ONES_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9}  # fmt: skip


def h_spoken_year(g: Groups, cx: Context) -> list[Found] | None:
    """ "nineteen ninety-six", as broadcast transcripts write years."""
    year = 1900 + 10 * _TENS_WORDS[(g["st"] or "").lower()]
    if g["so"]:
        year += _ONES_WORDS[(g["so"] or "").lower()]
    return [(g.start, g.end, "DATE", str(year), "year")]


def h_mod_year(g: Groups, cx: Context) -> list[Found] | None:
    return [(g.start, g.end, "DATE", f"{int(g['year'] or 0):04d}", "year")]


_SET_UNIT = {
    "day": "P1D", "week": "P1W", "weekend": "XXXX-WXX-WE", "month": "P1M", "year": "P1Y",
    "quarter": "P1Q", "hour": "PT1H", "minute": "PT1M", "decade": "P10Y",
}  # fmt: skip
_SET_ADV = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "hourly": "PT1H", "nightly": "P1D", "quarterly": "P3M", "biweekly": "P2W",
    "fortnightly": "P2W", "biannually": "P6M", "semiannually": "P6M", "semi-annually": "P6M",
}  # fmt: skip


def h_set(g: Groups, cx: Context) -> list[Found] | None:
    if g["adv"]:
        return [(g.start, g.end, "SET", _SET_ADV[(g["adv"] or "").lower()], None)]
    if g["fu"]:
        return [(g.start, g.end, "SET", _SET_UNIT[(g["fu"] or "").lower()], None)]
    unit = (g["su"] or "").lower()
    if unit in WEEKDAYS:
        return [(g.start, g.end, "SET", f"XXXX-WXX-{WEEKDAYS[unit] + 1}", None)]
    if unit in MONTHS:
        return [(g.start, g.end, "SET", f"XXXX-{MONTHS[unit]:02d}", None)]
    if unit in PARTS_OF_DAY:
        return [(g.start, g.end, "SET", f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}", None)]
    if unit in SEASONS:
        return [(g.start, g.end, "SET", f"XXXX-{SEASONS[unit]}", None)]
    n = number_value(g["sq"]) if g["sq"] else 1.0
    if g["other"]:
        n = 2.0
    u = _unit_of(unit)
    if u not in UNITS:
        return None
    if n == 1.0 and u in _SET_UNIT:
        return [(g.start, g.end, "SET", _SET_UNIT[u], None)]
    return [(g.start, g.end, "SET", duration_value(n, u), None)]


def h_duration(g: Groups, cx: Context) -> list[Found] | None:
    if g["bu"]:
        # "for years": the unit alone, without the preposition that licensed it
        s, e = g.span("bu")
        unit = _unit_of(g["bu"] or "")
        return [(s, e, "DURATION", duration_value(None, unit), None)]
    unit = _unit_of(g["u"] or "")
    if unit not in UNITS:
        return None
    hyphen = g["sep"] == "-"
    after = cx.text[g.end : g.end + 4]
    plural = (g["u"] or "").lower().endswith("s")
    if unit == "quarter" and (hyphen or not plural or after == " of "):
        return None  # "three-quarters", "a quarter of": fractions, not periods
    start = g.start
    if hyphen and (g["det"] or "").lower() == "the":
        start = g.span("q")[0]  # "the eight-year term": the adjective alone
    n = _qty(g)
    if g["half2"] and n is not None:
        n += 0.5
    raw_q = (g["q"] or "").lower()
    if raw_q in ("some", "many") and not g["det"] and not plural:
        return None  # "some day", "many a year": not a count of days or years
    if raw_q in ("a", "an", "one") and not g["det"] and not g["mq"] and g["hy"] is None:
        # "a year" after an amount is a rate ("$5 a year"): leave those to the set rules
        before = cx.text[max(0, g.start - 12) : g.start]
        if re.search(r"(?:\d|percent|cents?|dollars?|times|%)\s*$", before):
            return None
    return [(start, g.end, "DURATION", duration_value(n, unit), None)]


def h_dayword(g: Groups, cx: Context) -> list[Found] | None:
    word = " ".join((g["dw"] or g["rd"] or "").lower().split())
    pod = (g["pod"] or g["pod2"] or g["pod0"] or "").lower().replace("-", " ")
    if not word and not g["mod"]:
        return None
    offsets = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "tomorrow": 1,
               "last": -1, "the day before yesterday": -2, "the day after tomorrow": 2}  # fmt: skip
    k = offsets.get(word, 0)
    if word == "tonight":
        pod = "night"
    if word == "last" and pod != "night":
        return None  # "last morning" is not said; "last evening" is rare
    if cx.dct is None:
        base = "XXXX-XX-XX"
    else:
        d = cal.shift_date(cx.dct, days=k)
        base = d.isoformat() if d else "XXXX-XX-XX"
    if pod:
        return [(g.start, g.end, "TIME", f"{base}T{PARTS_OF_DAY.get(pod, 'DT')}", "day")]
    return [(g.start, g.end, "DATE", base, "day")]


_CLOCK_CONTEXT = re.compile(
    r"(?:at|by|until|till|from|around|about|before|after|since|to|and|between|-|–)\s*$", re.I
)


def h_clock(g: Groups, cx: Context) -> list[Found] | None:
    base = cx.dct.isoformat() if cx.dct else "XXXX-XX-XX"
    if g["nm"]:
        hhmm = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[(g["nm"] or "").lower()]
        return [(g.start, g.end, "TIME", f"{base}T{hhmm}", "day")]
    if g["h"]:
        h = int(g["h"] or 0)
        mi = int(g["mi"] or 0)
        ap = (g["ap"] or "").lower().replace(".", "").replace(" ", "")
        if not 1 <= h <= 12 or mi > 59:
            return None
        if ap == "pm" and h != 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        return [(g.start, g.end, "TIME", f"{base}T{h:02d}:{mi:02d}", "day")]
    if g["oc"]:
        h = int(g["oc"] or 0)
        if not 1 <= h <= 12:
            return None
        return [(g.start, g.end, "TIME", f"{base}T{h:02d}:00", "day")]
    h, mi = int(g["h2"] or 0), int(g["mi2"] or 0)
    if h > 24 or mi > 59:
        return None
    if not g["tz2"] and not _CLOCK_CONTEXT.search(cx.text[max(0, g.start - 10) : g.start]):
        return None  # "3:16" in a citation or a score, not a time
    return [(g.start, g.end, "TIME", f"{base}T{h:02d}:{mi:02d}", "day")]


_REF_VALUES = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "just now": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "currently": "PRESENT_REF", "presently": "PRESENT_REF",
    "at present": "PRESENT_REF", "at the moment": "PRESENT_REF", "these days": "PRESENT_REF",
    "the present": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
}  # fmt: skip


def h_ref(g: Groups, cx: Context) -> list[Found] | None:
    word = " ".join((g["ref"] or "").lower().split())
    if word in _REF_VALUES:
        return [(g.start, g.end, "DATE", _REF_VALUES[word], None)]
    unit = word.rsplit(None, 1)[-1]
    if unit in ("days", "weeks", "months", "years", "decades"):
        # "in recent weeks", "in the coming months": TimeML reads a stretch of time of
        # unstated length (PXW, PXM), not a point in the past or future
        return [(g.start, g.end, "DURATION", duration_value(None, _unit_of(unit)), None)]
    return [(g.start, g.end, "DATE", "FUTURE_REF", None)]


_YEAR_QUANTITY_BEFORE = re.compile(
    r"\b(?:about|around|nearly|almost|roughly|approximately|some|over|than|least|only|just|"
    r"estimated|No\.|number|flight|route|highway|room|page|article|resolution|model)\s*$",
    re.I,
)


def h_year(g: Groups, cx: Context) -> list[Found] | None:
    if _YEAR_QUANTITY_BEFORE.search(cx.text[max(0, g.start - 16) : g.start]):
        return None  # "about 1800 troops"
    after = cx.text[g.end : g.end + 12]
    if re.match(r"\s?(?:percent|per\scent|people|troops|soldiers|workers|jobs|votes)\b", after):
        return None
    return [(g.start, g.end, "DATE", g["y"] or "", "year")]


# ---------------------------------------------------------------- the rules, in priority order

_HOLIDAY_NAMES = sorted(
    [h for h in FIXED_HOLIDAYS if h not in ("new year", "epiphany", "flag day", "may day")]
    + list(MOVABLE_HOLIDAYS)
    + ["May Day"],
    key=len,
    reverse=True,
)
FRAG["HOLIDAY"] = (
    "(?:"
    + "|".join(re.escape(h).replace(r"\ ", r"\s").replace("'", "['’]?") for h in _HOLIDAY_NAMES)
    + r")"
)

RULES: list[Rule] = [
    Rule("md_range", "dates",
         r"(?P<mon>(?-i:<<MONTH>>))\s?(?P<d1><<DAY>>)\s?(?:-|–|to\s|through\s|thru\s|and\s|or\s)"
         r"\s?(?P<d2><<DAY>>)(?!\s?<<MONTH>>)(?:<<SEP>>(?P<year><<YEAR>>))?"
         r"|(?P<d1b><<DAY>>)\s?(?:-|–|to\s|and\s)\s?(?P<d2b><<DAY>>)\s(?:of\s)?(?P<mon2><<MONTH>>)"
         r"(?:<<SEP>>(?P<yearb><<YEAR>>))?",
         lambda g, cx: h_md_range(_Alias(g, {"d1": "d1b", "d2": "d2b", "mon": "mon2",
                                             "year": "yearb"}) if g["d1b"] else g, cx)),
    Rule("numeric", "dates",
         r"(?<![\d/.-])(?:(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d)"
         r"(?:T(?P<ih>\d\d):(?P<imin>\d\d)(?::\d\d)?)?"
         r"|(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<c>\d{4}|\d\d)"
         r"|(?P<da>\d{1,2})\.(?P<db>\d{1,2})\.(?P<dc>\d{4}))(?![\d/.]\d|\d)",
         h_numeric, starts="digit"),
    Rule("date", "dates",
         r"(?:(?P<wd><<WDX>>)\s?,?\s)?(?P<mon><<MONTH>>)\s?(?:the\s)?(?P<day><<DAY>>)"
         r"(?:<<SEP>>(?P<year><<YEAR2>>))?"
         r"|(?:(?P<wdb><<WDX>>)\s?,?\s)?(?:the\s)?(?P<dayb><<DAY>>)\s(?:of\s)?(?P<monb><<MONTH>>)"
         r"(?:<<SEP>>(?P<yearb><<YEAR>>))?",
         lambda g, cx: h_date(_Alias(g, {"wd": "wdb", "mon": "monb", "day": "dayb",
                                         "year": "yearb"}) if g["dayb"] else g, cx)),
    Rule("month_year", "dates",
         r"(?:(?P<mod><<MODP>>)\s|mid-)?(?P<mon><<MONTH>>),?\s(?:of\s)?(?P<year><<YEAR2>>)",
         h_month_year, starts="alpha"),
    Rule("year_range", "years",
         r"(?<![\d$£€#.,/:-])(?P<y1>(?:1[6-9]|20)\d\d)\s?[-–/]\s?(?P<y2>(?:1[6-9]|20)\d\d|\d\d)"
         r"(?![\d%]|-\d)",
         h_year_range, starts="digit"),
    Rule("ago", "relative",
         r"(?:<<MODQ>>\s)?(?:(?P<q><<QTY>>)(?P<half>\sand\sa\shalf)?[\s-])?(?P<u><<UNIT>>)(?:\sor\s(?:so|more|two|longer))?\s"
         r"(?P<rel>ago|earlier|later|from\snow|hence|back\b(?!\s(?:to|in|into|on|home)\b)"
         r"|before(?=\s*(?:[,.;:!?)]|$)))",
         h_ago),
    Rule("decade", "decades",
         r"(?:(?=[tT])(?P<the>the)\s)?(?:(?=[a-zA-Z])(?P<mod>early|late|mid)[\s-])?(?:(?P<d4>(?:1\d|20)\d0)['’]?s\b"
         r"|['’](?P<d2>\d0)s\b|(?<![\d.,$])(?P<d2b>[2-9]0)['’]?s\b"
         r"|(?:nineteen[\s-])?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|"
         r"eighties|nineties)\b)",
         h_decade),
    Rule("century", "decades",
         r"(?:(?=[tT])(?P<the>the)\s)?(?:(?=[a-zA-Z])(?:early|late|mid)[\s-])?"
         r"(?P<ord>\d{1,2}(?:st|nd|rd|th)|<<ORD>>)[\s-]century\b",
         h_century),
    Rule("anaphor", "relative",
         r"(?:(?:earlier|later)\s(?:in\s)?)?(?P<det>the\s(?:next|following|previous|preceding)"
         r"(?=\s(?:day|morning|afternoon|evening|night)\b)|that\ssame|that|the\ssame)\s"
         r"(?P<u>day|morning|afternoon|evening|night|week|month|year)\b(?!-|\s(?:of|and)\b)"
         r"|the\sday\s(?P<ba>before|after)(?=\s*(?:[,.;:!?)]|$))",
         h_anaphor, starts="alpha"),
    Rule("rel_unit", "relative",
         r"(?:(?P<mod><<MODP>>)\s)?(?P<det>the\spast|the\slast|the\snext|the\scoming|the\sprevious|"
         r"the\sfollowing|the\scurrent|this\spast|this\scoming|this|last|next|past|previous|"
         r"coming|current|the)\s(?P<u>week|weekend|month|year|quarter|decade|century|"
         r"millennium|fiscal\syear)\b(?!-|\s(?:of|and\sa\shalf)\b)",
         h_rel_unit, starts="alpha"),
    Rule("quarter", "quarters",
         r"(?:(?=[a-zA-Z])(?P<the>the|a|an)\s)?(?:(?=[a-zA-Z])(?P<ypos>this|last|next)\syear['’]s\s)?"
         r"(?:(?P<yr1>(?:19|20)\d\d)\s)?(?:(?P<pre>fiscal|latest|current|flat|weak|strong|"
         r"previous|prior|same|year-earlier|year-ago|year\searlier|comparable|recent|just-ended)\s)?"
         r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)(?:[\s-]fiscal)?(?P<qsep>[\s-])"
         r"(?P<u>quarter|half)|(?P<qq>quarter))\b(?!-(?!\w*-)|ly)"
         r"(?:\s(?:of\s)?(?:(?P<ydet>the|this|last|next)\s(?:fiscal\s)?year\b|(?:fiscal\s)?"
         r"(?P<yr2>(?:19|20)\d\d)(?!\d)))?",
         h_quarter),
    Rule("year_adj", "relative",
         r"(?:the\s)?(?P<ya>year-earlier|year-ago|year-end|year['’]s\send)"
         r"(?:\s(?:period|level|figure|results?))?\b",
         h_year_adj, starts="alpha"),
    Rule("spoken_year", "years",
         r"nineteen[\s-](?P<st>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
         r"(?:[\s-](?P<so>one|two|three|four|five|six|seven|eight|nine))?\b",
         h_spoken_year, starts="alpha"),
    Rule("season", "seasons",
         r"(?:(?P<mod><<MODP>>)\s|(?P<mid>mid)-)?(?:(?P<det>this\spast|this\scoming|last|next|"
         r"this|coming|past|the|that)\s)?(?P<s>spring|summer|autumn|fall|winter)\b"
         r"(?:(?:\sof)?\s(?P<year>(?:1\d|20)\d\d)(?!\d))?",
         h_season, starts="alpha"),
    Rule("holiday", "holidays",
         r"(?:(?P<det>last|next|this|coming|past)\s)?(?P<h><<HOLIDAY>>)\b"
         r"(?:,?\s(?P<year>(?:1\d|20)\d\d)(?!\d))?",
         h_holiday, starts="alpha"),
    Rule("weekday", "weekdays",
         r"(?:(?P<mod>early|late|earlier|later)\s)?(?:(?P<det>this\spast|this\scoming|the\sprevious|"
         r"the\sfollowing|last|next|this|coming|past)\s)?(?P<wd>(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
         r"MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY))(?P<pl>s)?\b"
         r"(?:[\s-](?P<pod>morning|afternoon|evening|night)\b)?",
         h_weekday, starts="alpha"),
    Rule("month", "months",
         r"(?:(?P<mod><<MODP>>)\s|(?P<mid>mid)-)?(?:(?P<det>this\spast|this\scoming|last|next|"
         r"this|coming|past)\s)?(?P<mon><<MONTHB>>)(?!\s?\d|-\d)"
         r"(?:\s(?P<ydet>this|last|next)\syear\b(?!['’]))?",
         h_month, starts="alpha"),
    Rule("mod_year", "years",
         r"(?:(?:<<MODP>>)\s|mid-|(?:the\s)?(?:fiscal(?:\syear)?|calendar\syear|the\syear|"
         r"model\syear|FY)\s?)"
         r"(?P<year>(?:1[0-9]|20)\d\d)(?![\d%]|['’]?s\b|,\d|\.\d)",
         h_mod_year, starts="alpha"),
    Rule("set", "sets",
         r"(?=[a-zA-Z])(?:every|each)\s(?P<other>other\s)?(?:(?P<sq><<QTY>>)\s)?(?P<su>days?|weeks?|weekends?|"
         r"months?|years?|quarters?|hours?|minutes?|decades?|morning|afternoon|evening|night|"
         r"spring|summer|fall|autumn|winter|"
         r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
         r"March|April|May|June|July|August|September|October|November|December))\b"
         r"|(?=[a-zA-Z])(?P<adv>daily|weekly|monthly|yearly|annually|hourly|nightly|quarterly|biweekly|"
         r"fortnightly|biannually|semi-?annually)\b"
         r"|(?:once|twice|thrice|(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\stimes)"
         r"\s(?:a|an|per|each|every)\s(?P<fu>day|week|month|year|hour|minute|decade)\b",
         h_set),
    Rule("duration", "durations",
         r"(?:(?P<mq><<MODQ>>)\s)?(?:(?=[a-zA-Z])(?P<det>the\s(?:past|last|next|first|final|coming|previous|"
         r"following|remaining|initial|entire|full|whole)|the|past|last|next|first|previous|"
         r"coming|another|an\sadditional|additional)\s)?"
         r"(?P<q><<QTY>>)(?P<half>\sand\sa\shalf)?(?P<sep>[\s-])(?P<u><<UNIT>>)(?![\s-]olds?\b)"
         r"(?P<half2>\sand\sa\shalf)?(?P<hy>-long)?(?:\sor\sso\b)?"
         r"|(?=[a-zA-Z])(?:for|in|within|over|after|took|lasted|spent)\s(?P<bu>seconds|minutes|hours|days|"
         r"weeks|months|years|decades|centuries)\b(?!\s(?:ago|of|earlier|later|before)\b)",
         h_duration),
    Rule("dayword", "days",
         r"(?:(?P<pod0>mid-?\s?afternoon|morning|afternoon|evening)\s(?=yesterday|today|tomorrow))?"
         r"(?:(?P<mod0>early|late|earlier|later)\s)?"
         r"(?P<dw>the\sday\sbefore\syesterday|the\sday\safter\stomorrow|yesterday|today|"
         r"tomorrow|tonight)\b(?:[\s-](?P<pod>morning|afternoon|evening|night)\b)?"
         r"|(?:(?P<mod>early|late|later|earlier)\s)?(?:(?P<rd>this|last|tomorrow|yesterday)\s)?"
         r"(?P<pod2>morning|afternoon|evening|night|mid-?\s?afternoon|midday)\b",
         h_dayword, starts="alpha"),
    Rule("clock", "times",
         r"(?:(?=[a-zA-Z])(?:around|about|approximately)\s)?(?:(?P<h>\d{1,2})(?:[:.](?P<mi>\d\d))?\s?"
         r"(?P<ap>[ap]\.\s?m\.?|[ap]m\b)(?:\s(?:<<TZ>>|local\stime)\b)?"
         r"|(?=[nmNM])(?P<nm>noon|midnight|midday)\b"
         r"|(?P<oc>\d{1,2})\so['’]clock\b"
         r"|(?<![\d:.,])(?P<h2>\d{1,2}):(?P<mi2>\d\d)(?![\d:])(?:\s(?P<tz2><<TZ>>)\b)?)",
         h_clock),
    Rule("ref", "refs",
         r"(?P<ref>right\snow|just\snow|now(?!-)|nowadays|currently|presently|at\spresent|"
         r"these\sdays|(?:more\s)?recently|lately|"
         r"the\s(?:near\s|foreseeable\s|distant\s|immediate\s)?future|"
         r"the\spast(?!\s(?:<<QTY>>|<<UNIT>>))|"
         r"(?:the\s)?(?:coming|upcoming)\s(?:days|weeks|months|years|decades)|"
         r"recent\s(?:days|weeks|months|years|decades)|years\sto\scome)\b",
         h_ref, starts="alpha"),
    Rule("year", "years",
         r"(?<![\d$£€#.,/:\-])(?P<y>(?:1[6-9]|20)\d\d)(?![\d%]|,\d|\.\d|-\d|['’]?s\b)",
         h_year, starts="digit"),
]  # fmt: skip


class _Alias:
    """Reads a rule's second alternative through the first alternative's group names."""

    __slots__ = ("_aliases", "_g")

    def __init__(self, g: Groups, aliases: dict[str, str]) -> None:
        self._g = g
        self._aliases = aliases

    def __getitem__(self, name: str) -> str | None:
        return self._g[self._aliases.get(name, name)]

    def span(self, name: str) -> tuple[int, int]:
        return self._g.span(self._aliases.get(name, name))

    @property
    def start(self) -> int:
        return self._g.start

    @property
    def end(self) -> int:
        return self._g.end


GROUPS = tuple(dict.fromkeys(r.group for r in RULES))
