"""One self-contained HTML page: a vertical timeline of cards, readable on a phone.

No external resources (fonts, CSS, scripts, images) so the file works offline, attached
to an e-mail or opened from disk; a Content-Security-Policy meta tag enforces that. Every
piece of article text goes through `html.escape`: scraped text is untrusted input.
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib.resources import files
from string import Template
from typing import Any

from dateline import __version__
from dateline.model import ArticleRef, Problem, Timeline, TimelineEntry
from dateline.render._common import (
    MONTHS,
    Citations,
    Source,
    long_date,
    one_line,
    plural,
    published_text,
    reported_by,
    safe_url,
    summary_line,
    weekday,
)


@cache
def template_text(name: str) -> str:
    """A file of the package's `templates/` folder (a fixed name, never a request's)."""
    return files("dateline.render").joinpath(f"templates/{name}").read_text(encoding="utf-8")


@cache
def _template() -> Template:
    # The style sheet is shared with the served page (dateline.render.page).
    text = template_text("timeline.html")
    return Template(text.replace("$css", template_text("timeline.css"), 1))


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


# What every page declares (the web app also sends it as a header).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
)


def render_html(
    timeline: Timeline, *, search: dict[str, Any] | None = None, message: str | None = None
) -> str:
    """The page. `search` (the web app's current query values) adds a search form;
    `message` (an error, or what to do next) is shown in place of the entries."""
    cites = Citations(timeline)
    heading = "Timeline"
    page_title = "Timeline"
    if timeline.query:
        heading += f'<span class="q">: {_e(timeline.query)}</span>'
        page_title = f"{timeline.query} — timeline"
    summary = summary_line(timeline)
    span = ""
    if timeline.entries:
        days = [e.date for e in timeline.entries]
        first, last = min(days), max(days)
        span = first.isoformat() + (f" to {last.isoformat()}" if last != first else "")
    keywords = ""
    if timeline.keywords:
        chips = "".join(f"<li>{_e(k)}</li>" for k in timeline.keywords)
        keywords = f'<ul class="keywords" aria-label="keywords">{chips}</ul>'
    return _template().substitute(
        generator=_e(f"dateline {__version__}"),
        page_title=_e(page_title),
        heading=heading,
        summary=_e(summary) + (f' · <span class="nowrap">{span}</span>' if span else ""),
        keywords=keywords,
        tools=_tools(timeline, search),
        body=(
            f'<p class="empty" role="alert">{_e(message)}</p>'
            if message is not None
            else _entries(timeline, cites)
        ),
        sources=_sources(cites),
        undated=_undated(timeline.undated),
        problems=problems_list(timeline.problems),
    )


def _tools(timeline: Timeline, search: dict[str, Any] | None) -> str:
    parts: list[str] = []
    if search is not None:
        # A plain GET form: searching works without JavaScript.
        def field(name: str, label: str, kind: str, cls: str = "", extra: str = "") -> str:
            value = search.get(name)
            value = "" if value is None else value
            klass = f' class="{cls}"' if cls else ""
            return (
                f'<label{klass}>{label}<input type="{kind}" name="{name}" '
                f'value="{_e(value)}"{extra}></label>'
            )

        parts.append(
            '<form class="tools" method="get" role="search">'
            + field("q", "Search", "search", "grow", ' placeholder="words to look for"')
            + field("start", "From", "date")
            + field("end", "To", "date")
            + field("max_dates", "Dates", "number", "num", ' min="1"')
            + '<button type="submit">Show</button></form>'
        )
    if timeline.entries:
        parts.append(
            '<div class="tools" id="filter" hidden><input class="grow" type="search" '
            'placeholder="Filter sentences on this page" aria-label="Filter sentences">'
            '<output aria-live="polite"></output></div>'
        )
    return "\n".join(parts)


def _entries(timeline: Timeline, cites: Citations) -> str:
    if not timeline.entries:
        what = f" for “{_e(timeline.query)}”" if timeline.query else ""
        return f'<p class="empty">No dated events found{what}.</p>'
    out = ['<ol class="timeline">']
    for entry in timeline.entries:
        out.append(_entry(entry, cites))
    out.append("</ol>")
    return "\n".join(out)


def _entry(entry: TimelineEntry, cites: Citations) -> str:
    day = entry.date
    iso = day.isoformat()
    items = []
    for i, s in enumerate(entry.sentences):
        src = cites[s.article_id]
        reported = reported_by(entry, i)
        extra = f' <span class="t">· {_e(reported)}</span>' if reported else ""
        items.append(
            f"<li><p>{_e(one_line(s.text))}</p>"
            f'<a class="cite" href="#src-{src.number}" title="{_e(_tooltip(src))}">'
            f'<span class="n">{src.number}</span><span class="t">{_e(src.label)}</span></a>'
            f"{extra}</li>"
        )
    return (
        f'<li class="entry" id="d-{iso}">'
        f'<h2 class="when"><a href="#d-{iso}"><time datetime="{iso}" title="{_e(long_date(day))}">'
        f'<span class="day">{day.day}</span> <span class="rest">{MONTHS[day.month - 1][:3]} '
        f'{day.year}</span> <span class="wd">{weekday(day)}</span></time></a></h2>'
        f'<div class="card"><ul class="sentences">{"".join(items)}</ul></div></li>'
    )


def _tooltip(src: Source) -> str:
    parts = [src.label, published_text(src.ref)]
    if src.ref is not None and (src.ref.url or src.ref.path):
        parts.append(src.ref.url or src.ref.path or "")
    return " · ".join(parts)


def _sources(cites: Citations) -> str:
    if not len(cites):
        return ""
    items = []
    for src in cites:
        ref = src.ref
        url = safe_url(ref.url if ref else None)
        title = _e(src.name)
        name = f'<a href="{_e(url)}" rel="noopener noreferrer">{title}</a>' if url else title
        meta = []
        if src.outlet:
            meta.append(_e(src.outlet))
        meta.append(_e(published_text(ref)))
        if ref is not None and ref.path:
            meta.append(f"<code>{_e(ref.path)}</code>")
        if ref is not None and ref.url and not url:
            meta.append(_e(ref.url))  # shown, but not a link: not http(s)
        items.append(
            f'<li id="src-{src.number}"><span class="n">[{src.number}]</span>'
            f'<div>{name}<div class="meta">{" · ".join(meta)}</div></div></li>'
        )
    return (
        '<section class="more" aria-labelledby="sources-h"><h2 id="sources-h">Sources</h2>'
        f'<ol class="sources">{"".join(items)}</ol></section>'
    )


def _undated(undated: list[ArticleRef]) -> str:
    if not undated:
        return ""
    items = []
    for ref in undated:
        name = (
            _e(one_line(ref.title))
            if ref.title
            else f"<code>{_e(ref.path or ref.url or ref.id)}</code>"
        )
        where = f" · <code>{_e(ref.path)}</code>" if ref.title and ref.path else ""
        items.append(f"<li>{name}{where}</li>")
    return (
        f"<details><summary>{_e(plural(len(undated), 'undated article'))}</summary>"
        '<p class="meta">No publication date was found, so these are not on the timeline.</p>'
        f"<ul>{''.join(items)}</ul></details>"
    )


def problems_list(problems: list[Problem]) -> str:
    """The inputs skipped or warned about, folded (the served page shows the same)."""
    if not problems:
        return ""
    skipped = sum(p.skipped for p in problems)
    label = plural(skipped, "skipped input")
    if skipped < len(problems):
        label += f", {plural(len(problems) - skipped, 'warning')}"
    items = "".join(
        f"<li><code>{_e(p.path)}</code>: {_e(one_line(p.message))}"
        f"{'' if p.skipped else ' <em>(warning; still used)</em>'}</li>"
        for p in problems
    )
    return f"<details><summary>{_e(label)}</summary><ul>{items}</ul></details>"
