"""TimeML in and out: read a `.tml` / `.TE3input` document, write it back with TIMEX3 tags.

The TEXT element is reproduced exactly, character for character, except that any
annotation tags it held are dropped and the tagger's TIMEX3 tags are inserted. Entities
(`&amp;`) stay as written; offsets are computed on the unescaped text the tagger sees.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dateline.model import Problem, TimeMention

_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r"<DCT>\s*<TIMEX3\b([^>]*)>", re.S)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_PIECE = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+|[<&]")
# TimeML links and instances point at events and times that tagging removes from TEXT.
_LINKS = re.compile(r"[ \t]*<(?:MAKEINSTANCE|TLINK|SLINK|ALINK)\b[^>]*/>[ \t]*\n?")

TIMEML_SUFFIXES = (".tml", ".TE3input", ".te3input", ".xml")


class TimeMLError(ValueError):
    """A file that is not usable TimeML (no TEXT element)."""


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass(slots=True)
class TimeMLDoc:
    path: str
    raw: str
    dct: dt.date | None
    text: str  # TEXT content with tags removed and entities unescaped: what is tagged
    gold: list[GoldTimex] = field(default_factory=list)
    # TEXT content with tags removed, entities as written, and where it sits in `raw`
    inner: str = ""
    inner_span: tuple[int, int] = (0, 0)
    # inner offset of each text character (plus one past the end)
    offsets: list[int] = field(default_factory=list)


def parse_dct(raw: str) -> dt.date | None:
    m = _DCT.search(raw)
    if not m:
        return None
    attrs = dict(_ATTR.findall(m.group(1)))
    value = attrs.get("value", "")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse(raw: str, path: str = "<string>") -> TimeMLDoc:
    m = _TEXT.search(raw)
    if m is None:
        raise TimeMLError("no <TEXT> element")
    text_parts: list[str] = []
    inner_parts: list[str] = []
    offsets: list[int] = []
    gold: list[GoldTimex] = []
    open_timex: list[tuple[int, dict[str, str]]] = []
    tpos = 0  # position in the unescaped text
    ipos = 0  # position in the tag-free inner text
    for piece in _PIECE.findall(m.group(1)):
        if piece.startswith("<") and piece.endswith(">") and len(piece) > 1:
            name = piece[1:].split(None, 1)[0].rstrip("/>") if len(piece) > 2 else ""
            if name == "TIMEX3" and not piece.endswith("/>"):
                open_timex.append((tpos, dict(_ATTR.findall(piece))))
            elif name == "/TIMEX3" and open_timex:
                start, attrs = open_timex.pop()
                gold.append(GoldTimex(start, tpos, attrs.get("type", ""), attrs.get("value", "")))
            continue
        if piece.startswith("&") and piece.endswith(";") and len(piece) > 2:
            char = html.unescape(piece)
            text_parts.append(char)
            offsets.extend([ipos] * len(char))
            tpos += len(char)
        else:
            text_parts.append(piece)
            offsets.extend(range(ipos, ipos + len(piece)))
            tpos += len(piece)
        inner_parts.append(piece)
        ipos += len(piece)
    offsets.append(ipos)
    return TimeMLDoc(
        path=path,
        raw=raw,
        dct=parse_dct(raw),
        text="".join(text_parts),
        gold=sorted(gold, key=lambda g: (g.start, g.end)),
        inner="".join(inner_parts),
        inner_span=m.span(1),
        offsets=offsets,
    )


def read(path: Path) -> TimeMLDoc:
    return parse(path.read_text(encoding="utf-8"), str(path))


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def render(doc: TimeMLDoc, mentions: Iterable[TimeMention]) -> str:
    """The document with TEXT replaced by its tag-free text plus TIMEX3 tags."""
    inner = doc.inner
    out: list[str] = []
    last = 0
    tid = 0
    for mention in sorted(mentions, key=lambda x: x.start):
        s = doc.offsets[mention.start]
        e = doc.offsets[mention.end] if mention.end < len(doc.offsets) else len(inner)
        if s < last or e <= s:
            continue  # overlapping or empty: cannot be written as nested-free TimeML
        tid += 1
        out.append(inner[last:s])
        out.append(
            f'<TIMEX3 tid="t{tid}" type="{_attr(mention.type)}" value="{_attr(mention.value)}">'
        )
        out.append(inner[s:e])
        out.append("</TIMEX3>")
        last = e
    out.append(inner[last:])
    a, b = doc.inner_span
    head, tail = doc.raw[:a], doc.raw[b:]
    return head + "".join(out) + _LINKS.sub("", tail)


def strip_tags(fragment: str) -> str:
    return re.sub(r"<[^>]*>", "", fragment)


Tagger = Callable[[str, dt.date | None], list[TimeMention]]


def timeml_files(in_dir: Path) -> list[Path]:
    return sorted(p for p in in_dir.iterdir() if p.is_file() and p.name.endswith(TIMEML_SUFFIXES))


def tag_directory(in_dir: Path, out_dir: Path, tagger: Tagger) -> tuple[int, list[Problem]]:
    """Tag every TimeML file of `in_dir` into `out_dir` (same names).

    Returns how many were written and the problems with the rest; a bad file never
    stops the others.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    problems: list[Problem] = []
    for path in timeml_files(in_dir):
        try:
            doc = read(path)
        except (OSError, UnicodeDecodeError, TimeMLError) as exc:
            problems.append(Problem(str(path), _reason(exc)))
            continue
        if doc.dct is None:
            problems.append(
                Problem(str(path), "no usable DCT; relative expressions left unresolved", False)
            )
        try:
            (out_dir / path.name).write_text(render(doc, tagger(doc.text, doc.dct)), "utf-8")
        except OSError as exc:
            problems.append(Problem(str(out_dir / path.name), _reason(exc)))
            continue
        written += 1
    return written, problems


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
