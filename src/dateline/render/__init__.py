"""The render stage: a `Timeline` as terminal text, JSON, Markdown, HTML or TimelineJS.

    from dateline.render import render
    print(render(timeline, "markdown"))

Renderers only read the timeline; none of them changes it or does I/O beyond loading the
HTML template shipped as package data.
"""

from __future__ import annotations

import os
from pathlib import PurePath

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


# What an output file's extension says its format is, when no format is given.
_BY_EXTENSION = {
    ".txt": "terminal",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def output_format(format: str | None, out: str | os.PathLike[str] | None = None) -> str:
    """The format to write: `format` when given, else the one the extension of `out`
    names (.html, .md, .json, .txt), else terminal text. Raises ValueError for an
    unknown `format`, or an `out` whose extension names none (say `--format`)."""
    if format is not None:
        if format not in FORMATS:
            raise ValueError(f"--format {format!r}: choose one of {', '.join(FORMATS)}")
        return format
    if out is None:
        return "terminal"
    suffix = PurePath(out).suffix.lower()
    if suffix in _BY_EXTENSION:
        return _BY_EXTENSION[suffix]
    raise ValueError(
        f"{out}: cannot tell the format from the extension {suffix or '(none)'!r}; "
        f"give --format ({', '.join(FORMATS)})"
    )


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
    "output_format",
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
