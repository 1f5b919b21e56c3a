"""The web page journalists use: the timeline with filters, a chart of the whole story,
export links and a page per article with the quoted sentence highlighted.

Unlike `render_html` (one file that must work offline on its own), these pages are served:
the CSS and the small script come from the server (`PAGE_ASSETS`), so the server's
Content-Security-Policy can forbid every inline script and style. Every piece of article
text goes through `html.escape` and only http(s) URLs become links: scraped text is
untrusted input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from html import escape
from string import Template
from typing import Any
from urllib.parse import quote, urlencode

from dateline import __version__
from dateline.model import (
    Article,
    ArticleRef,
    StoryVolume,
    Timeline,
    TimelineEntry,
    TimelineSentence,
)
from dateline.render._common import (
    MONTHS,
    Citations,
    Source,
    long_date,
    one_line,
    plural,
    published_text,
    safe_url,
    summary_line,
    weekday,
)
from dateline.render.chart import axis_labels, chart_svg
from dateline.render.html import problems_list, template_text

# Outlets offered as filters at most (the biggest first).
MAX_OUTLETS = 40

# The files the pages load, by the name they are served under, with their media type.
PAGE_ASSETS = {"page.css": "text/css; charset=utf-8", "page.js": "text/javascript; charset=utf-8"}


@cache
def asset(name: str) -> str:
    """A page asset's text; `name` must be a key of PAGE_ASSETS (never a path). The CSS is
    the standalone page's (`timeline.css`) followed by the served page's own rules."""
    if name not in PAGE_ASSETS:
        raise KeyError(name)
    text = template_text(name)
    return template_text("timeline.css") + text if name == "page.css" else text


@cache
def _template() -> Template:
    return Template(template_text("page.html"))


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def short_date(day: dt.date) -> str:
    """'13 Jan 2010'."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


@dataclass(frozen=True, slots=True)
class View:
    """What the page shows, as its URL says it (already validated by the web app)."""

    q: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    max_dates: int | None = None
    sources: tuple[str, ...] = ()
    pick: dt.date | None = None  # first bar chosen on the chart, waiting for the second

    def params(self, *, pick: bool = True) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        if self.start:
            out.append(("start", self.start.isoformat()))
        if self.end:
            out.append(("end", self.end.isoformat()))
        if self.max_dates:
            out.append(("max_dates", str(self.max_dates)))
        out.extend(("source", s) for s in self.sources)
        if pick and self.pick:
            out.append(("pick", self.pick.isoformat()))
        return out

    def query_string(self, *, pick: bool = True) -> str:
        qs = urlencode(self.params(pick=pick))
        return f"?{qs}" if qs else ""

    def url(self, path: str = "/", **changes: Any) -> str:
        view = replace(self, **changes) if changes else self
        return path + view.query_string()


def article_href(article_id: str, sentence_index: int | None, view: View) -> str:
    """The article's page, carrying the timeline's view so 'back' returns to it; with the
    quoted sentence as `s=N` (the server marks it) and `#s-N` (the browser scrolls to it)."""
    params = view.params(pick=False)
    anchor = ""
    if sentence_index is not None:
        params.append(("s", str(sentence_index)))
        anchor = f"#s-{sentence_index}"
    qs = f"?{urlencode(params)}" if params else ""
    return f"/articles/{quote(article_id, safe='')}{qs}{anchor}"


def _page(title: str, header: str, body: str, *, bodyclass: str = "") -> str:
    return _template().substitute(
        generator=_e(f"dateline {__version__}"),
        page_title=_e(title),
        bodyclass=_e(bodyclass),
        header=header,
        body=body,
    )


# --------------------------------------------------------------------------- timeline


def render_page(
    timeline: Timeline,
    view: View,
    volume: StoryVolume | None = None,
    *,
    error: str | None = None,
) -> str:
    """The timeline page for `view`. `volume` (the story's counts) adds the chart and the
    outlet filter; `error` replaces the timeline with a message (a bad request)."""
    timeline = _as_shown(timeline)
    cites = Citations(timeline)
    heading = "Timeline"
    title = "Timeline"
    if view.q:
        heading += f'<span class="q">: {_e(view.q)}</span>'
        title = f"{view.q} — timeline"
    summary = summary_line(timeline) if error is None else ""
    header = f'<p class="eyebrow">dateline</p><h1>{heading}</h1>' + (
        f'<p class="summary">{_e(summary)}</p>' if summary else ""
    )
    parts = [_form(view, volume), _active(view)]
    if error is not None:
        parts.append(f'<p class="error" role="alert">{_e(error)}</p>')
    else:
        if volume is not None:
            parts.append(_chart(timeline, view, volume))
        parts.append(_exports(view))
        parts.append(_entries(timeline, cites, view))
        parts.append(_sources(cites, view))
        parts.append(_undated(timeline.undated, view))
        parts.append(problems_list(timeline.problems))
    return _page(title, header, "\n".join(p for p in parts if p))


# An event can gather hundreds of reports (a wire story's copies across a big store): the
# page folds out a few of them, one per article, and its Sources list names only the
# articles the page shows. "reported by N sources" still counts them all; the JSON export
# has every report.
EVENT_REPORTS_SHOWN = 5


def _as_shown(timeline: Timeline) -> Timeline:
    shown: set[str] = set()
    entries = []
    for entry in timeline.entries:
        events = []
        for i, event in enumerate(entry.events):
            quoted = entry.sentences[i] if i < len(entry.sentences) else event.representative
            seen = {quoted.article_id}
            kept = [quoted]
            for s in event.sentences:
                if len(kept) > EVENT_REPORTS_SHOWN:
                    break
                if s.article_id not in seen:
                    seen.add(s.article_id)
                    kept.append(s)
            events.append(replace(event, sentences=kept))
            shown |= seen
        shown |= {s.article_id for s in entry.sentences}
        entries.append(replace(entry, events=events))
    articles = [a for a in timeline.articles if a.id in shown]
    return replace(timeline, entries=entries, articles=articles)


def _form(view: View, volume: StoryVolume | None) -> str:
    def field(name: str, label: str, kind: str, value: Any, cls: str, extra: str = "") -> str:
        value = "" if value is None else value
        return (
            f'<div class="field {cls}"><label for="f-{name}">{label}</label>'
            f'<input id="f-{name}" type="{kind}" name="{name}" value="{_e(value)}"{extra}></div>'
        )

    outlets = ""
    if volume is not None and volume.outlets:
        chosen = set(view.sources)
        # The outlets with most articles (and every chosen one, even with none): a big
        # store's long tail would make the page heavy and the list unusable.
        shown = dict(list(volume.outlets.items())[:MAX_OUTLETS])
        shown.update({name: volume.outlets.get(name, 0) for name in view.sources})
        boxes = "".join(
            f'<li><label><input type="checkbox" name="source" value="{_e(name)}"'
            f"{' checked' if name in chosen else ''}> {_e(name)} "
            f'<span class="count">{n}</span></label></li>'
            for name, n in shown.items()
        )
        rest = len(volume.outlets.keys() - shown.keys())
        if rest:
            boxes += f'<li class="count">and {_e(plural(rest, "smaller outlet"))}</li>'
        opened = " open" if view.sources or len(volume.outlets) <= 6 else ""
        outlets = (
            f'<details class="outlets"{opened}><summary>Outlets'
            f"{f' ({len(chosen)} chosen)' if chosen else ''}</summary>"
            '<fieldset><legend class="vh">Only articles from these outlets</legend>'
            f'<ul class="boxes">{boxes}</ul></fieldset></details>'
        )
    return (
        '<form class="search" method="get" action="/" role="search" '
        'aria-label="Search the articles">'
        '<div class="fields">'
        + field("q", "Search", "search", view.q, "grow", ' placeholder="words to look for"')
        + field("start", "From", "date", view.start, "date")
        + field("end", "To", "date", view.end, "date")
        + field("max_dates", "Dates", "number", view.max_dates, "num", ' min="1" max="1000"')
        + '<div class="field go"><button type="submit">Show</button></div></div>'
        + outlets
        + "</form>"
    )


def _active(view: View) -> str:
    """The filters in force, each with a link that removes it."""
    chips = []
    if view.q:
        chips.append((f"“{view.q}”", view.url(q=None, pick=None)))
    if view.start or view.end:
        lo = view.start.isoformat() if view.start else "the start"
        hi = view.end.isoformat() if view.end else "the end"
        chips.append((f"{lo} to {hi}", view.url(start=None, end=None, pick=None)))
    for s in view.sources:
        rest = tuple(x for x in view.sources if x != s)
        chips.append((s, view.url(sources=rest, pick=None)))
    if not chips:
        return ""
    items = "".join(
        f'<li><span>{_e(text)}</span> <a href="{_e(href)}" aria-label="Remove {_e(text)}">'
        "×</a></li>"
        for text, href in chips
    )
    return (
        '<nav class="active" aria-label="Filters in force"><ul>'
        f'{items}<li class="clear"><a href="/">Clear all</a></li></ul></nav>'
    )


def _chart(timeline: Timeline, view: View, volume: StoryVolume) -> str:
    marked = [e.date for e in timeline.entries]

    def href(first: dt.date, last: dt.date) -> str:
        if view.pick is None:
            return view.url(pick=first)
        lo = min(first, view.pick)
        hi = max(last, view.pick)
        return view.url(start=lo, end=hi, pick=None)

    svg = chart_svg(
        volume, marked=marked, selected=(view.start, view.end), picked=view.pick, href=href
    )
    if not svg:
        return ""
    first, last = axis_labels(volume, marked)
    if view.pick is not None:
        hint = (
            f'<p class="hint" role="status">From {_e(view.pick.isoformat())}: now choose '
            f"where the range ends (the same bar for just that period), or "
            f'<a href="{_e(view.url(pick=None))}">cancel</a>.</p>'
        )
    else:
        hint = (
            '<p class="hint">Choose a bar, then another, to narrow the timeline to that '
            "range; with a mouse you can also drag across the bars.</p>"
        )
    return (
        '<section class="overview" aria-labelledby="overview-h">'
        '<h2 id="overview-h">The story at a glance</h2>'
        '<a class="skip-chart" href="#timeline">Skip the chart</a>'
        f'<figure><div class="chart-box">{svg}</div>'
        f'<figcaption><span class="ends"><span>{_e(first)}</span><span>{_e(last)}</span></span>'
        '<span class="legend"><span class="item"><span class="key pub"></span> articles '
        f"published ({volume.article_count})</span> "
        '<span class="item"><span class="key men"></span> dates mentioned</span> '
        '<span class="item"><span class="key mark"></span> on the timeline</span></span>'
        "</figcaption></figure>"
        f"{hint}</section>"
    )


def _exports(view: View) -> str:
    qs = _e(view.query_string(pick=False))
    links = [
        (f"/api/timeline{qs}", "JSON"),
        (f"/export/timeline.md{qs}", "Markdown"),
        (f"/export/timeline.html{qs}", "HTML"),
        (f"/api/timelinejs{qs}", "TimelineJS"),
    ]
    items = "".join(f'<li><a href="{href}">{label}</a></li>' for href, label in links)
    return (
        '<nav class="exports" aria-label="Download this view"><span>Download:</span>'
        f"<ul>{items}</ul></nav>"
    )


def _entries(timeline: Timeline, cites: Citations, view: View) -> str:
    if not timeline.entries:
        what = f" for “{_e(view.q)}”" if view.q else ""
        return (
            '<section id="timeline" aria-labelledby="timeline-h">'
            '<h2 id="timeline-h" class="vh">Timeline</h2>'
            f'<p class="empty">No dated events found{what}.</p></section>'
        )
    out = [
        '<section id="timeline" aria-labelledby="timeline-h" tabindex="-1">'
        '<h2 id="timeline-h" class="vh">Timeline</h2><ol class="timeline">'
    ]
    for entry in timeline.entries:
        out.append(_entry(entry, cites, view))
    out.append("</ol></section>")
    return "\n".join(out)


def _byline(src: Source) -> str:
    ref = src.ref
    bits = []
    if src.outlet:
        bits.append(f'<span class="outlet">{_e(src.outlet)}</span>')
    bits.append(f"<cite>{_e(src.name)}</cite>")
    if ref is not None and ref.published is not None:
        iso = ref.published.isoformat()
        bits.append(f'<time datetime="{iso}">{_e(short_date(ref.published))}</time>')
    return " · ".join(bits)


def _quote(
    text: str, article_id: str, index: int, cites: Citations, view: View, extra: str = ""
) -> str:
    src = cites[article_id]
    return (
        f'<li><p class="quote"><a href="{_e(article_href(article_id, index, view))}">'
        f"{_e(one_line(text))}</a></p>"
        f'<p class="by"><a class="n" href="#src-{src.number}" '
        f'aria-label="source {src.number}">{src.number}</a> {_byline(src)}</p>{extra}</li>'
    )


def _entry(entry: TimelineEntry, cites: Citations, view: View) -> str:
    day = entry.date
    iso = day.isoformat()
    # The timeline stage may group each quoted sentence's reports into an event
    # (`entry.events`, one per sentence, in order); without them nothing is shown.
    events: Sequence[Any] = getattr(entry, "events", None) or ()
    items = "".join(
        _quote(
            s.text,
            s.article_id,
            s.sentence_index,
            cites,
            view,
            _event(events[i], s, cites, view) if i < len(events) else "",
        )
        for i, s in enumerate(entry.sentences)
    )
    return (
        f'<li class="entry" id="d-{iso}">'
        f'<h3 class="when"><a href="#d-{iso}"><time datetime="{iso}" '
        f'title="{_e(long_date(day))}"><span class="day">{day.day}</span> '
        f'<span class="rest">{MONTHS[day.month - 1][:3]} {day.year}</span> '
        f'<span class="wd">{weekday(day)}</span></time></a></h3>'
        f'<div class="card"><ul class="sentences">{items}</ul></div></li>'
    )


def _event(event: Any, quoted: TimelineSentence, cites: Citations, view: View) -> str:
    """'reported by N sources', opening to the other reports of the same event."""
    outlets = list(getattr(event, "sources", ()) or ())
    articles = list(dict.fromkeys(getattr(event, "article_ids", ()) or ()))
    n = len(outlets) or len(articles)
    if not n:
        return ""
    label = "reported by " + plural(n, "source" if outlets else "article")
    # Only reports of articles the timeline lists can be attributed (and opened).
    known = {src.id for src in cites}
    others = [
        s for s in getattr(event, "sentences", ()) or () if s != quoted and s.article_id in known
    ]
    if not others:
        return f'<p class="event">{_e(label)}</p>'
    items = "".join(_quote(s.text, s.article_id, s.sentence_index, cites, view) for s in others)
    return (
        f'<details class="event"><summary>{_e(label)}</summary>'
        f'<ul class="sentences">{items}</ul></details>'
    )


def _sources(cites: Citations, view: View) -> str:
    if not len(cites):
        return ""
    items = []
    for src in cites:
        ref = src.ref
        name = f'<a href="{_e(article_href(src.id, None, view))}">{_e(src.name)}</a>'
        meta = [m for m in (_e(src.outlet) if src.outlet else "", _e(published_text(ref))) if m]
        url = safe_url(ref.url if ref else None)
        if url:
            meta.append(f'<a href="{_e(url)}" rel="noopener noreferrer">original</a>')
        if ref is not None and ref.path:
            meta.append(f"<code>{_e(ref.path)}</code>")
        items.append(
            f'<li id="src-{src.number}"><span class="n">[{src.number}]</span>'
            f'<div>{name}<div class="meta">{" · ".join(meta)}</div></div></li>'
        )
    return (
        '<section class="more" aria-labelledby="sources-h"><h2 id="sources-h">Sources</h2>'
        f'<ol class="sources">{"".join(items)}</ol></section>'
    )


def _undated(undated: list[ArticleRef], view: View) -> str:
    if not undated:
        return ""
    items = "".join(
        f'<li><a href="{_e(article_href(ref.id, None, view))}">'
        f"{_e(one_line(ref.title) if ref.title else ref.id)}</a></li>"
        for ref in undated
    )
    return (
        f"<details><summary>{_e(plural(len(undated), 'undated article'))}</summary>"
        '<p class="meta">No publication date was found, so these are not on the timeline.</p>'
        f"<ul>{items}</ul></details>"
    )


# --------------------------------------------------------------------------- article


def _paragraphs(article: Article) -> list[list[tuple[int, str]]]:
    """The article's sentences grouped in paragraphs: a new one wherever the cleaned text
    has a line break between two sentences."""
    paras: list[list[tuple[int, str]]] = [[]]
    text = article.text
    pos = 0
    for s in article.sentences:
        at = text.find(s.text, pos)
        if at >= 0:
            if paras[-1] and "\n" in text[pos:at]:
                paras.append([])
            pos = at + len(s.text)
        paras[-1].append((s.index, s.text))
    return [p for p in paras if p]


def render_article(article: Article, view: View, quoted: int | None = None) -> str:
    """One article's page: its cleaned text, every sentence addressable as #s-N, the one
    the timeline `quoted` marked (a <mark>, which screen readers announce, with a link to
    it at the top; :target highlights it too), and where the article came from."""
    name = one_line(article.title) if article.title and article.title.strip() else None
    fallback = (article.path or article.id).replace("\\", "/").rsplit("/", 1)[-1]
    title = name or fallback or article.id
    back = view.url(pick=None)
    header = (
        f'<p class="eyebrow"><a href="{_e(back)}">← Back to the timeline</a></p>'
        f"<h1>{_e(title)}</h1>"
    )
    meta = []
    if article.source:
        meta.append(f"<dt>Outlet</dt><dd>{_e(one_line(article.source))}</dd>")
    if article.published is not None:
        iso = article.published.isoformat()
        how = ""
        if article.published_from == "inferred":
            how = " (inferred from similar articles)"
        elif article.published_from:
            how = f" (from the {_e(article.published_from)})"
        meta.append(
            f'<dt>Published</dt><dd><time datetime="{iso}">'
            f"{_e(long_date(article.published))}</time>{how}</dd>"
        )
    else:
        meta.append("<dt>Published</dt><dd>unknown</dd>")
    if article.url:
        url = safe_url(article.url)
        shown = _e(article.url)
        link = f'<a href="{_e(url)}" rel="noopener noreferrer">{shown}</a>' if url else shown
        meta.append(f"<dt>Original</dt><dd>{link}</dd>")
    if article.path:
        meta.append(f"<dt>File</dt><dd><code>{_e(article.path)}</code></dd>")
    if article.duplicate_of:
        meta.append(
            f'<dt>Near-duplicate of</dt><dd><a href="'
            f'{_e(article_href(article.duplicate_of, None, view))}">'
            f"{_e(article.duplicate_of)}</a></dd>"
        )
    def sentence(i: int, text: str) -> str:
        if i == quoted:
            return f'<mark class="s" id="s-{i}">{_e(one_line(text))}</mark>'
        return f'<span class="s" id="s-{i}">{_e(one_line(text))}</span>'

    paras = "".join(
        "<p>" + " ".join(sentence(i, text) for i, text in p) + "</p>"
        for p in _paragraphs(article)
    )
    indexes = {s.index for s in article.sentences}
    jump = (
        f'<p class="jump"><a href="#s-{quoted}">Go to the sentence the timeline quotes</a></p>'
        if quoted in indexes
        else ""
    )
    if not paras:
        paras = '<p class="empty">This article has no text left after cleaning.</p>'
    body = (
        f'<dl class="article-meta">{"".join(meta)}</dl>{jump}'
        f'<article class="text" aria-label="Article text">{paras}</article>'
    )
    return _page(f"{title} — article", header, body, bodyclass="article")


def render_message(title: str, message: str, view: View, *, status: int) -> str:
    """A page for a missing article or a bad request, with a way back."""
    header = (
        f'<p class="eyebrow"><a href="{_e(view.url(pick=None))}">← Back to the timeline</a></p>'
        f"<h1>{_e(title)}</h1>"
    )
    body = f'<p class="error" role="alert">{_e(message)}</p><p class="meta">HTTP {status}</p>'
    return _page(title, header, body)
