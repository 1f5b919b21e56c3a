"""Calendar arithmetic for resolving relative expressions against a reference date.

`direction` is "past" (the most recent match on or before the reference), "future" (the
next one on or after it) or None (no tense cue: the caller picks a default).
"""

from __future__ import annotations

import datetime as dt

from dateline.timex.lexicon import SEASON_START

ONE_DAY = dt.timedelta(days=1)
# How far a tense cue may carry a day or month named without a year away from the
# reference when the other side of it is nearer. Tense cues are read off the surface
# ("said", any word in -ed) and are often wrong, while undated days and months in news
# are nearly always within half a year of the document date.
DATE_REACH = 240  # days
MONTH_REACH = 8  # months


def iso(d: dt.date) -> str:
    return d.isoformat()


def week_value(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def shift_date(d: dt.date, days: float = 0, months: int = 0) -> dt.date | None:
    """`d` moved by whole months (clamping the day) then by days; None off the calendar."""
    try:
        if months:
            y, m = shift_months(d.year, d.month, months)
            if not 1 <= y <= 9999:
                return None
            nxt = (y + (m == 12), m % 12 + 1)
            last = 31 if (y, m) == (9999, 12) else (dt.date(*nxt, 1) - ONE_DAY).day
            d = dt.date(y, m, min(d.day, last))
        return d + dt.timedelta(days=days)
    except (OverflowError, ValueError):
        return None


def weekday_near(ref: dt.date, weekday: int, direction: str) -> dt.date:
    """The `weekday` (0 = Monday) on or before `ref` ("past"), or on or after it."""
    if direction == "future":
        return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7)
    return ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)


def weekday_strict(ref: dt.date, weekday: int, step: int) -> dt.date:
    """ "last Friday" (step -1): strictly before `ref`; "next Friday" (+1): strictly after."""
    if step > 0:
        return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7 or 7)
    return ref - dt.timedelta(days=(ref.weekday() - weekday) % 7 or 7)


def month_year(ref: dt.date, month: int, direction: str | None, strict: int = 0) -> int:
    """The year of the month named without a year.

    strict -1 ("last June"): strictly before the reference month; +1 ("next June"):
    strictly after; 0: by direction, the reference month itself included.
    """
    if strict < 0:
        return ref.year if month < ref.month else ref.year - 1
    if strict > 0:
        return ref.year if month > ref.month else ref.year + 1
    if direction == "future":
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


def month_year_near(
    ref: dt.date, month: int, direction: str | None, reach: int = MONTH_REACH
) -> int:
    """The year of a month named alone ("in June"), by tense, within reach.

    A past cue (or none) gives the latest such month up to the reference month; a future
    cue the next one from it. When that lies more than `MONTH_REACH` months away and the
    other side is nearer, the cue is outvoted: "expected in December", written in
    November after a past-tense clause, is still next month.
    """
    if direction is None:
        direction = "past"  # news reports what happened: no cue reads as the past
    past = ref.year if month <= ref.month else ref.year - 1
    future = ref.year if month >= ref.month else ref.year + 1
    gap_past = (ref.month - month) % 12
    gap_future = (month - ref.month) % 12
    if direction == "future":
        return past if gap_future > reach and gap_past < gap_future else future
    return future if gap_past > reach and gap_future < gap_past else past


def day_month_year(ref: dt.date, month: int, day: int, direction: str | None) -> int:
    """The year of "April 26" written without one.

    Dates without a year are nearly always within months of the document date, so the
    nearest occurrence wins. A tense cue pointing the other way moves the date to the
    other side of the reference only when it lands within `DATE_REACH` days there: a
    past cue does not make "payable Dec. 15" (written in November) eleven months old.
    """
    cands = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        c = safe_date(y, month, min(day, 28 if month == 2 else day))
        if c is not None:
            cands.append((abs((c - ref).days), y, c))
    if not cands:
        return ref.year
    _, best, cand = min(cands)
    slack = dt.timedelta(days=14)
    if direction == "past" and cand > ref + slack:
        other = [(g, y) for g, y, c in cands if c <= ref and g <= DATE_REACH]
    elif direction == "future" and cand < ref - slack:
        other = [(g, y) for g, y, c in cands if c >= ref and g <= DATE_REACH]
    else:
        other = []
    return min(other)[1] if other else best


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def quarter_year(ref: dt.date, quarter: int, direction: str | None) -> int:
    """The year of "the third quarter": this year's unless it has not begun (past tense)."""
    current = quarter_of(ref)
    if quarter <= current or direction == "future":
        return ref.year
    return ref.year - 1


def previous_quarter(ref: dt.date) -> tuple[int, int]:
    q = quarter_of(ref) - 1
    return (ref.year, q) if q >= 1 else (ref.year - 1, 4)


def season_year(ref: dt.date, season: str, direction: str | None, strict: int = 0) -> int:
    start = SEASON_START[season]
    # Winter straddles the new year: in January or February it is last year's winter.
    current_start = 12 if ref.month < 3 else ((ref.month - 3) // 3) * 3 + 3
    current_year = ref.year - 1 if ref.month < 3 else ref.year
    if start == current_start:
        base = current_year
        if strict:
            return base + strict
        return base
    if strict < 0 or (strict == 0 and direction != "future"):
        # the latest such season that began before the reference
        year = ref.year if start <= ref.month else ref.year - 1
        return year
    return ref.year if start > ref.month else ref.year + 1


def easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * m + 114) // 31
    day = (h + ll - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th `weekday` of a month; n = -1 for the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - ONE_DAY
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def movable_holiday(name: str, year: int) -> dt.date | None:
    n = name.lower().replace("jr. ", "").replace("'", "")
    if n.startswith("thanksgiving"):
        return nth_weekday(year, 11, 3, 4)
    if n in ("easter", "easter sunday"):
        return easter(year)
    if n == "easter monday":
        return easter(year) + ONE_DAY
    if n == "good friday":
        return easter(year) - dt.timedelta(days=2)
    if n == "palm sunday":
        return easter(year) - dt.timedelta(days=7)
    if n == "ash wednesday":
        return easter(year) - dt.timedelta(days=46)
    if n == "pentecost":
        return easter(year) + dt.timedelta(days=49)
    if n == "memorial day":
        return nth_weekday(year, 5, 0, -1)
    if n == "labor day":
        return nth_weekday(year, 9, 0, 1)
    if n == "mothers day":
        return nth_weekday(year, 5, 6, 2)
    if n == "fathers day":
        return nth_weekday(year, 6, 6, 3)
    if n.startswith("martin luther king"):
        return nth_weekday(year, 1, 0, 3)
    if n.startswith("presidents"):
        return nth_weekday(year, 2, 0, 3)
    if n == "election day":
        # US federal: the Tuesday after the first Monday of November
        return nth_weekday(year, 11, 0, 1) + ONE_DAY
    return None
