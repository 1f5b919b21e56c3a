"""The render stage: a `Timeline` as terminal text, JSON, Markdown, HTML or TimelineJS.

    from dateline.render import render
    print(render(timeline, "markdown"))

Renderers only read the timeline; none of them changes it or does I/O beyond loading the
HTML template shipped as package data.
"""

from __future__ import annotations

from dateline.model import Timeline
from dateline.render.html import render_html
from dateline.render.jsondoc import SCHEMA, render_json, timeline_from_dict, timeline_to_dict
from dateline.render.markdown import render_markdown
from dateline.render.terminal import render_terminal, render_terminal_text
from dateline.render.timelinejs import render_timelinejs, timeline_to_timelinejs

FORMATS = ("terminal", "json", "markdown", "html", "timelinejs")

# File extension for each format, for callers that write `--output` files.
EXTENSIONS = {
    "terminal": ".txt",
    "json": ".json",
    "markdown": ".md",
    "html": ".html",
    "timelinejs": ".json",
}


def render(timeline: Timeline, format: str, *, width: int | None = None) -> str:
    """The timeline in one of `FORMATS`. `width` applies to the terminal format only.

    The terminal format comes back without colour codes; to print in colour, call
    `render_terminal(timeline, rich.console.Console())`.
    """
    if format == "terminal":
        return render_terminal_text(timeline, width=width)
    if format == "json":
        return render_json(timeline)
    if format == "markdown":
        return render_markdown(timeline)
    if format == "html":
        return render_html(timeline)
    if format == "timelinejs":
        return render_timelinejs(timeline)
    raise ValueError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")


__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "SCHEMA",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_terminal",
    "render_terminal_text",
    "render_timelinejs",
    "timeline_from_dict",
    "timeline_to_dict",
    "timeline_to_timelinejs",
]
