"""Read timelines to evaluate: dateline JSON, news-tls JSON Lines, Timeline17 text.

Every reader returns timelines as plain mappings, date -> list of sentence strings, in
the order they appear in the file. When a date occurs twice in one timeline the later
summary replaces the earlier one, as tilse's and news-tls's own readers (which build a
dict) do; the scores stay the ones tilse would give.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dateline.evaluate.errors import EvaluationError, TimelineWarning
from dateline.model import Timeline

TimelineData = dict[dt.date, list[str]]
"""One timeline: date -> the sentences of that date's summary."""

T17_SEPARATOR = "-" * 32


def as_timeline_data(timeline: Timeline | Mapping[dt.date, Sequence[str]]) -> TimelineData:
    """A dateline `Timeline` or a date -> sentences mapping, as plain `TimelineData`."""
    if isinstance(timeline, Timeline):
        data: TimelineData = {}
        for entry in timeline.entries:
            data[entry.date] = [s.text for s in entry.sentences]
        return data
    if not isinstance(timeline, Mapping):
        raise TypeError(f"a timeline must be a Timeline or a mapping, not {type(timeline)}")
    out: TimelineData = {}
    for day, sentences in timeline.items():
        if isinstance(sentences, str):
            raise TypeError(f"{day}: sentences must be a list of strings, not one string")
        out[_as_date(day)] = list(sentences)
    return out


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        # news-tls writes "2010-04-20T00:00:00"; tilse compares days.
        return dt.date.fromisoformat(value.strip()[:10])
    raise ValueError(f"not a date: {value!r}")


def read_timelines(path: str | Path) -> list[TimelineData]:
    """All timelines in a file (or, for a Timeline17 `timelines/` folder, in its .txt files).

    The format is told by content: JSON whose top level is an object with `entries` is
    dateline's timeline JSON; a JSON list of [date, [sentences]] pairs, or such a list per
    line, is news-tls's `timelines.jsonl`; anything else is Timeline17 text (a YYYY-MM-DD
    line, the summary's sentences, then a line of 32 dashes). A news-tls file may hold
    several timelines; each is returned.

    Raises EvaluationError (one line naming the file) when the file cannot be used.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
        if not files:
            raise EvaluationError(f"{path}: a folder, but it holds no Timeline17 .txt timeline")
        return [tl for f in files for tl in read_timelines(f)]
    try:
        text = path.read_text("utf-8", errors="replace")
    except FileNotFoundError:
        raise EvaluationError(f"{path}: no such file") from None
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read ({exc.strerror})") from None
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise EvaluationError(f"{path}: empty file, no timeline in it")
    timelines = _read_json(path, text) if stripped[0] in "[{" else [_read_t17(path, text)]
    if not timelines:
        raise EvaluationError(f"{path}: holds no timeline")
    return timelines


def _read_json(path: Path, text: str) -> list[TimelineData]:
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    else:
        return [_from_json(path, whole, where="")]
    # Not one JSON document: JSON Lines, one timeline a line.
    timelines = []
    # Split on "\n" only: str.splitlines would also break inside a JSON string at U+2028.
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(
                f"{path}: line {number}: not valid JSON ({exc.msg}, column {exc.colno})"
            ) from None
        timelines.append(_from_json(path, value, where=f"line {number}: "))
    return timelines


def _from_json(path: Path, value: Any, where: str) -> TimelineData:
    """One timeline from a parsed JSON value: dateline's object or news-tls's list."""
    try:
        if isinstance(value, dict):
            if not isinstance(value.get("entries"), list):
                raise ValueError("a JSON object without an `entries` list is not a timeline")
            return _from_dateline(value["entries"])
        if isinstance(value, list):
            return _from_newstls(value)
        raise ValueError(f"expected a timeline (object or list), found {type(value).__name__}")
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise EvaluationError(f"{path}: {where}{_one_line(exc)}") from None


def _from_dateline(entries: list[Any]) -> TimelineData:
    data: TimelineData = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or "date" not in entry:
            raise ValueError(f"entries[{i}] has no `date`")
        sentences = entry.get("sentences", [])
        if not isinstance(sentences, list):
            raise ValueError(f"entries[{i}].sentences is not a list")
        texts = []
        for j, sentence in enumerate(sentences):
            # Accept {"text": ...} objects (dateline's schema) and bare strings alike.
            text = sentence.get("text") if isinstance(sentence, dict) else sentence
            if not isinstance(text, str):
                raise ValueError(f"entries[{i}].sentences[{j}] has no `text` string")
            texts.append(text)
        data[_entry_date(entry["date"], f"entries[{i}]")] = texts
    return data


def _from_newstls(items: list[Any]) -> TimelineData:
    data: TimelineData = {}
    for i, item in enumerate(items):
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], list)):
            raise ValueError(f"item {i} is not a [date, [sentences]] pair")
        if not all(isinstance(s, str) for s in item[1]):
            raise ValueError(f"item {i}: sentences must be strings")
        data[_entry_date(item[0], f"item {i}")] = list(item[1])
    return data


def _entry_date(value: Any, where: str) -> dt.date:
    try:
        return _as_date(value)
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def _read_t17(path: Path, text: str) -> TimelineData:
    """A Timeline17 timeline, read as tilse's `Timeline.from_file` reads it.

    A line that is a date starts (or restarts) a block, other lines are sentences, and the
    32-dash line closes the block. Text after the last dash line belongs to no date and is
    ignored, as tilse ignores it.
    """
    data: TimelineData = {}
    day: dt.date | None = None
    lines: list[str] = []
    # Lines as tilse's readlines() sees them (read_text already made every newline "\n").
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if line == T17_SEPARATOR:
            if day is None:
                # tilse cannot score such a file at all (its date would be None). The block
                # is dropped with a warning: Timeline17's own MJ_bbc timeline has one
                # ("2011-04-0"), and the rest of the file is still a good reference.
                warnings.warn(
                    f"{path}: line {number}: a block without a valid YYYY-MM-DD line, skipped",
                    TimelineWarning,
                    stacklevel=2,
                )
                lines = []
                continue
            # tilse joins the block and strips it, so blank lines at its ends vanish but a
            # blank line between sentences stays an (empty, uncounted) sentence.
            data[day] = "\n".join(lines).strip().split("\n")
            day, lines = None, []
            continue
        parsed = _t17_date(line)
        if parsed is not None:
            day = parsed
        else:
            lines.append(line)
    if not data:
        raise EvaluationError(
            f"{path}: not a timeline (no JSON, and no Timeline17 `YYYY-MM-DD` line closed by "
            "a line of 32 dashes)"
        )
    return data


def _t17_date(line: str) -> dt.date | None:
    try:
        # strptime, not fromisoformat: tilse's reader also takes "2010-9-1".
        return dt.datetime.strptime(line, "%Y-%m-%d").date()
    except ValueError:
        return None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
