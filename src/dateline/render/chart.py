"""The whole story at a glance: an SVG chart drawn by the server.

Articles published per period above the axis, date mentions per period below it, the
dates on the timeline marked on the axis and the chosen date range shaded. Every period is
a link (`href(first_day, last_day)` says where to), so choosing a range works with a mouse,
a keyboard or no JavaScript at all. No inline style: colours come from the page's CSS
classes, so the page's Content-Security-Policy can forbid inline styles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from dateline.model import StoryVolume
from dateline.render._common import MONTHS, plural

WIDTH, HEIGHT = 720, 180
_TOP, _AXIS, _BOTTOM = 8, 112, 168  # published bars grow up from _AXIS, mentions down
_LEFT, _RIGHT = 4, 4


@dataclass(frozen=True, slots=True)
class Period:
    first: dt.date
    last: dt.date
    published: int
    mentions: int

    def label(self, unit: str) -> str:
        if unit == "day":
            return f"{self.first.day} {MONTHS[self.first.month - 1][:3]} {self.first.year}"
        if unit == "week":
            return f"week of {self.first.day} {MONTHS[self.first.month - 1][:3]} {self.first.year}"
        if unit == "year":
            return str(self.first.year)
        return f"{MONTHS[self.first.month - 1]} {self.first.year}"


# At most about this many bars: each stays wide enough to see and to click, and the page
# stays light (a bar is a link with its label).
MAX_BARS = 130


def unit_for(first: dt.date, last: dt.date) -> str:
    """The longest period that still gives at most MAX_BARS bars: day, week, month, year."""
    span = (last - first).days + 1
    if span <= MAX_BARS:
        return "day"
    if span <= MAX_BARS * 7 - 7:
        return "week"
    if (last.year - first.year) * 12 + last.month - first.month < MAX_BARS:
        return "month"
    return "year"


def _period_start(day: dt.date, unit: str) -> dt.date:
    if unit == "day":
        return day
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "year":
        return day.replace(month=1, day=1)
    return day.replace(day=1)


def _next(day: dt.date, unit: str) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=1)
    if unit == "week":
        return day + dt.timedelta(days=7)
    if unit == "year":
        return day.replace(year=day.year + 1)
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def periods(volume: StoryVolume, marked: Iterable[dt.date] = ()) -> tuple[str, list[Period]]:
    """The chart's periods, over the coverage: from the first to the last day an article
    was published (or, with no dated article, the `marked` days). Mentions and marks
    outside it are not drawn: a story's history is not its coverage."""
    days = list(volume.published) or list(marked)
    if not days:
        return "day", []
    first, last = min(days), max(days)
    unit = unit_for(first, last)
    out: list[Period] = []
    start = _period_start(first, unit)
    while start <= last:
        end = _next(start, unit) - dt.timedelta(days=1)
        out.append(Period(start, end, 0, 0))
        start = end + dt.timedelta(days=1)
    index = {p.first: i for i, p in enumerate(out)}
    pub = [0] * len(out)
    men = [0] * len(out)
    for day, n in volume.published.items():
        pub[index[_period_start(day, unit)]] += n
    for day, n in volume.mentions.items():
        i = index.get(_period_start(day, unit))
        if i is not None:
            men[i] += n
    return unit, [Period(p.first, p.last, pub[i], men[i]) for i, p in enumerate(out)]


def chart_svg(
    volume: StoryVolume,
    *,
    marked: Iterable[dt.date] = (),
    selected: tuple[dt.date | None, dt.date | None] = (None, None),
    picked: dt.date | None = None,
    href: Callable[[dt.date, dt.date], str],
) -> str:
    """The chart as an inline <svg>, or "" when no article has a date."""
    marked = sorted(set(marked))
    unit, bars = periods(volume, marked)
    if not bars:
        return ""
    n = len(bars)
    step = (WIDTH - _LEFT - _RIGHT) / n
    gap = min(1.0, step * 0.15)
    top_max = max((b.published for b in bars), default=0) or 1
    bottom_max = max((b.mentions for b in bars), default=0) or 1
    up, down = _AXIS - _TOP, _BOTTOM - _AXIS - 4
    lo, hi = selected
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" '
        'role="group" aria-labelledby="chart-title chart-desc" focusable="false">',
        f'<title id="chart-title">Articles published and dates mentioned, per {unit}</title>',
        f'<desc id="chart-desc">{n} {unit}s from {bars[0].first} to {bars[-1].last}. '
        "Bars above the line: articles published; below: mentions of those dates. "
        "Choose a bar to narrow the timeline to it, then another to make a range.</desc>",
    ]
    for i, b in enumerate(bars):
        x = _LEFT + i * step
        in_range = (lo is None or b.last >= lo) and (hi is None or b.first <= hi)
        narrowed = lo is not None or hi is not None
        cls = ["bar"]
        if narrowed and in_range:
            cls.append("in")
        if narrowed and not in_range:
            cls.append("out")
        if picked is not None and b.first <= picked <= b.last:
            cls.append("picked")
        h_up = b.published / top_max * up
        h_down = b.mentions / bottom_max * down
        label = (
            f"{b.label(unit)}: {plural(b.published, 'article')} published, "
            f"{plural(b.mentions, 'date mention')}"
        )
        parts.append(
            f'<a class="{" ".join(cls)}" href="{escape(href(b.first, b.last))}" '
            f'data-first="{b.first}" data-last="{b.last}" '
            f'aria-label="{escape(label)}"><title>{escape(label)}</title>'
            f'<rect class="hit" x="{x:.1f}" y="0" width="{step:.1f}" height="{HEIGHT}"/>'
            f'<rect class="pub" x="{x + gap / 2:.1f}" y="{_AXIS - h_up:.1f}" '
            f'width="{max(step - gap, 0.5):.1f}" height="{h_up:.1f}"/>'
            f'<rect class="men" x="{x + gap / 2:.1f}" y="{_AXIS + 1:.1f}" '
            f'width="{max(step - gap, 0.5):.1f}" height="{h_down:.1f}"/></a>'
        )
    parts.append(
        f'<line class="axis" x1="{_LEFT}" y1="{_AXIS}" x2="{WIDTH - _RIGHT}" y2="{_AXIS}"/>'
    )
    first_day = bars[0].first
    total = (bars[-1].last - first_day).days + 1
    for day in marked:
        if not first_day <= day <= bars[-1].last:
            continue
        x = _LEFT + ((day - first_day).days + 0.5) / total * (WIDTH - _LEFT - _RIGHT)
        parts.append(
            f'<path class="mark" d="M{x:.1f} {_AXIS - 5} l4 5 l-4 5 l-4 -5 z">'
            f"<title>{day.isoformat()} is on the timeline</title></path>"
        )
    parts.append("</svg>")
    return "".join(parts)


def axis_labels(volume: StoryVolume, marked: Iterable[dt.date] = ()) -> tuple[str, str]:
    """The first and last day the chart shows, for the caption under it."""
    _, bars = periods(volume, marked)
    if not bars:
        return "", ""
    return bars[0].first.isoformat(), bars[-1].last.isoformat()
