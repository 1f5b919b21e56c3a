"""Markdown: a heading per date, bullet sentences with "[n]" source numbers, a Sources list."""

from __future__ import annotations

import re

from dateline.model import Timeline
from dateline.render._common import (
    Citations,
    one_line,
    printable_timeline,
    published_text,
    reported_by,
    safe_url,
    summary_line,
    weekday,
)

# Characters that would turn article text into Markdown syntax (emphasis, links, HTML,
# code, tables). Escaping them keeps a sentence exactly as written when rendered.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~])")


def md_escape(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", one_line(text))
    # A sentence starting "1. " or "- " would otherwise become a list inside the bullet.
    return re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", text).replace("\n", " ")


def _code(text: str) -> str:
    """Inline code for a path; backticks in it need a longer fence."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def render_markdown(timeline: Timeline) -> str:
    # Markdown is read in terminals too (cat, less -R, glow): no control sequence survives.
    timeline = printable_timeline(timeline)
    cites = Citations(timeline)
    out: list[str] = []
    title = "# Timeline"
    if timeline.query:
        title += f": {md_escape(timeline.query)}"
    out += [title, "", f"*{summary_line(timeline)}*"]
    if timeline.keywords:
        out += ["", "Keywords: " + ", ".join(md_escape(k) for k in timeline.keywords)]
    out.append("")

    if not timeline.entries:
        out += ["No dated events found.", ""]
    for entry in timeline.entries:
        out += [f"## {entry.date.isoformat()} ({weekday(entry.date)})", ""]
        for i, s in enumerate(entry.sentences):
            src = cites[s.article_id]
            reported = reported_by(entry, i)
            tail = f" ({reported})" if reported else ""
            out.append(f"- {md_escape(s.text)} — *{md_escape(src.label)}* [{src.number}]{tail}")
        out.append("")

    if len(cites):
        out += ["## Sources", ""]
        for src in cites:
            ref = src.ref
            parts = [f"**{md_escape(src.name)}**"]
            if src.outlet:
                parts.append(md_escape(src.outlet))
            parts.append(published_text(ref))
            if ref is not None and ref.path:
                parts.append(_code(ref.path))
            url = safe_url(ref.url if ref is not None else None)
            if url:
                parts.append(f"<{url.replace('>', '%3E').replace(' ', '%20')}>")
            elif ref is not None and ref.url:
                parts.append(md_escape(ref.url))
            # "[n]" is written out (not an ordered list) so the numbers survive renderers
            # that renumber lists, and match the "[n]" after each sentence.
            out.append(f"- \\[{src.number}\\] " + " — ".join(parts))
        out.append("")

    if timeline.undated:
        out += [f"## Undated articles ({len(timeline.undated)})", ""]
        out.append("Articles with no publication date; they are not placed on the timeline.")
        out.append("")
        for ref in timeline.undated:
            name = md_escape(ref.title) if ref.title else _code(ref.path or ref.url or ref.id)
            extra = f" — {_code(ref.path)}" if ref.title and ref.path else ""
            out.append(f"- {name}{extra}")
        out.append("")

    if timeline.problems:
        warnings = sum(not p.skipped for p in timeline.problems)
        heading = "Skipped inputs and warnings" if warnings else "Skipped inputs"
        out += [f"## {heading} ({len(timeline.problems)})", ""]
        for p in timeline.problems:
            kind = "" if p.skipped else " (warning, still used)"
            out.append(f"- {_code(p.path)}: {md_escape(p.message)}{kind}")
        out.append("")

    return "\n".join(out).rstrip("\n") + "\n"
