"""The terminal view: a date heading per entry, sentences, and their sources in dim text.

Everything goes through `rich.text.Text` objects, never console markup, so a sentence
containing "[bold]" or "[/]" is printed as written instead of being read as a style; and
through `printable_timeline` first, so no escape sequence in an article reaches the terminal.
"""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from dateline.model import Timeline
from dateline.render._common import (
    Citations,
    one_line,
    plural,
    printable_timeline,
    published_text,
    reported_by,
    summary_line,
    weekday,
)


def render_terminal(timeline: Timeline, console: Console) -> None:
    """Print the timeline on `console` (colour follows the console's own detection)."""
    timeline = printable_timeline(timeline)
    cites = Citations(timeline)
    title = Text("Timeline", style="bold")
    if timeline.query:
        title.append(": ")
        title.append(timeline.query, style="bold cyan")
    console.print(title)
    console.print(Text(summary_line(timeline), style="dim"))
    if timeline.keywords:
        console.print(Text("keywords: " + ", ".join(timeline.keywords), style="dim"))

    if not timeline.entries:
        console.print()
        console.print(Text("No dated events found.", style="yellow"))

    for entry in timeline.entries:
        console.print()
        heading = Text(entry.date.isoformat(), style="bold green")
        heading.append(f"  {weekday(entry.date)}", style="green")
        console.print(heading)
        rows = _grid()
        for i, s in enumerate(entry.sentences):
            src = cites[s.article_id]
            cell = Text(one_line(s.text))
            cell.append(f"\n[{src.number}] {src.label}", style="dim")
            if reported := reported_by(entry, i):
                cell.append(f" · {reported}", style="dim")
            rows.add_row(Text("•", style="green"), cell)
        console.print(rows)

    _footer(timeline, cites, console)


def _grid() -> Table:
    """Two columns, marker and text, so wrapped lines hang under the text, not the marker."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(justify="right", no_wrap=True, min_width=3)
    grid.add_column(overflow="fold")
    return grid


def _footer(timeline: Timeline, cites: Citations, console: Console) -> None:
    if not (len(cites) or timeline.undated or timeline.problems):
        return
    console.print()
    console.print(Rule(style="dim"))
    if len(cites):
        console.print(Text("Sources", style="bold"))
        rows = _grid()
        for src in cites:
            cell = Text(src.name)
            meta = [src.outlet] if src.outlet else []
            meta.append(published_text(src.ref))
            if src.ref is not None and (src.ref.url or src.ref.path):
                meta.append(src.ref.url or src.ref.path or "")
            cell.append("\n" + " · ".join(meta), style="dim")
            rows.add_row(Text(f"[{src.number}]", style="dim"), cell)
        console.print(rows)
    if timeline.undated:
        console.print(
            Text(
                plural(len(timeline.undated), "undated article") + " (not placed on the timeline)",
                style="bold yellow",
            )
        )
        for ref in timeline.undated:
            name = ref.title or ref.path or ref.url or ref.id
            line = Text(one_line(name))
            if ref.title and (ref.path or ref.url):
                line.append(f"  {ref.path or ref.url}", style="dim")
            console.print(Padding(line, (0, 0, 0, 2)), overflow="fold")
    if timeline.problems:
        skipped = [p for p in timeline.problems if p.skipped]
        warned = [p for p in timeline.problems if not p.skipped]
        for label, problems, style in (
            ("skipped input", skipped, "bold red"),
            ("warning", warned, "bold yellow"),
        ):
            if not problems:
                continue
            console.print(Text(plural(len(problems), label), style=style))
            for p in problems:
                line = Text(p.path, style="dim")
                line.append(f": {one_line(p.message)}")
                console.print(Padding(line, (0, 0, 0, 2)), overflow="fold")


def render_terminal_text(
    timeline: Timeline, *, width: int | None = None, color: bool = False
) -> str:
    """The terminal view as a string; ANSI colour codes only when `color` is true."""
    buf = StringIO()
    console = Console(
        file=buf,
        width=width or 100,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        record=False,
    )
    render_terminal(timeline, console)
    text = buf.getvalue()
    if not color:
        # rich pads table cells to the column width; plain text should not carry that.
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text
