"""One reader per input format. Each takes a file and yields `RawDocument`s or `Problem`s."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from dateline.model import Problem, RawDocument
from dateline.read._files import (
    SNIFF_BYTES,
    check_size,
    decode,
    human_size,
    looks_binary,
    read_bytes,
    read_text,
)
from dateline.read._ptb import looks_ptb, one_sentence_per_line

Item = RawDocument | Problem

_DAY_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Extensions stripped to make an article id ("a/b/12.htm.txt" -> "a/b/12").
_ID_SUFFIXES = {".txt", ".text", ".htm", ".html", ".xhtml", ".json", ".jsonl", ".ndjson", ".gz"}
JSON_LINES_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
JSON_DOCUMENT_SUFFIXES = (".json", ".json.gz")
JSON_SUFFIXES = JSON_LINES_SUFFIXES + JSON_DOCUMENT_SUFFIXES
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def relative_id(path: Path, root: Path) -> str:
    """The path relative to its root, without extensions, '/'-separated."""
    full, prefix = str(path), str(root) + os.sep
    if full.startswith(prefix) and os.sep == "/":
        # the usual case, a file found under its root, as strings: pathlib's parsing
        # cost more than the rest of reading a small file
        folder, _, name = full[len(prefix) :].rpartition("/")
    else:
        try:
            rel = path.relative_to(root)
        except ValueError:
            rel = Path(path.name)
        folder, name = rel.parent.as_posix(), rel.name
    while True:
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem or f".{ext.lower()}" not in _ID_SUFFIXES:
            break
        name = stem
    if name in ("", "."):  # pathlib's own reading of such names
        return (Path(folder or ".") / name).as_posix().removeprefix("./")
    return f"{folder}/{name}" if folder and folder != "." else name


def t17_layout(path: Path) -> tuple[str, dt.date] | None:
    """(collection, day) when the path is `<Collection>/InputDocs/<YYYY-MM-DD>/<file>`."""
    parts = path.parts
    if len(parts) < 4 or parts[-3] != "InputDocs" or not _DAY_FOLDER.match(parts[-2]):
        return None
    try:
        return parts[-4], dt.date.fromisoformat(parts[-2])
    except ValueError:
        return None


# ---------------------------------------------------------------------------- plain text


def _text_or_problems(path: Path, max_bytes: int, empty: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or None; with the problems to report (a decoding warning comes
    with the text, a read failure or an empty file instead of it)."""
    got = read_text(path, max_bytes)
    if isinstance(got, Problem):
        return None, [got]
    text, warning = got
    problems = [warning] if warning else []
    if not text.strip():
        return None, [*problems, Problem(str(path), empty)]
    return text, problems


def read_plain(path: Path, root: Path, max_bytes: int) -> Iterator[Item]:
    text, problems = _text_or_problems(path, max_bytes, "empty file, no text to read")
    yield from problems
    if text is not None:
        yield RawDocument(id=relative_id(path, root), text=text, path=str(path), format="text")


# ---------------------------------------------------------------------------- Timeline17


def read_t17(path: Path, root: Path, max_bytes: int) -> Iterator[Item]:
    text, problems = _text_or_problems(
        path, max_bytes, "empty file (Timeline17 has a few), no text to read"
    )
    yield from problems
    if text is None:
        return
    layout = t17_layout(path)
    if layout is None:
        # Forced "t17" outside the usual layout: tokenised text, but no date or collection.
        doc_id, published, source = relative_id(path, root), None, None
    else:
        source, published = layout
        doc_id = f"{source}/{published.isoformat()}/{relative_id(path, path.parent)}"
    yield RawDocument(
        id=doc_id,
        text=text,
        path=str(path),
        published=published,
        published_from="path" if published else None,
        source=source,
        format="t17",
        one_sentence_per_line=True,
    )


# ---------------------------------------------------------------------------- JSON Lines

_DATE_FIELDS = ("time", "published", "date", "publish_date", "published_at", "pubdate")
_TEXT_FIELDS = ("text", "body", "content", "maintext")


# A number this big is a time in milliseconds: in seconds it is after the year 5000.
_MS_TIMESTAMP = 10**11
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _slashed_date(a: int, b: int, year: int) -> dt.date | None:
    """`a/b/year` when only one reading is a date: 28/02/2019 and 02/28/2019, not
    02/03/2019 (3 February or 2 March?), which is refused rather than guessed, as the
    text's dates are (docs/pubdate.md)."""
    readings = set()
    for day, month in ((a, b), (b, a)):
        try:
            readings.add(dt.date(year, month, day))
        except ValueError:
            continue
    return readings.pop() if len(readings) == 1 else None


def parse_date(value: Any) -> dt.date | None:
    """A date from the usual JSON spellings: ISO date or datetime, or a Unix timestamp."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if abs(value) >= _MS_TIMESTAMP:  # JavaScript writes milliseconds
            value = value / 1000
        try:
            return dt.datetime.fromtimestamp(value, tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    s = value.strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    m = _SLASHED.fullmatch(s.split()[0] if s else s)
    if m:
        return _slashed_date(int(m[1]), int(m[2]), int(m[3]))
    for fmt in ("%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y%m%d"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    return None


def _str_field(record: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = record.get(name)
        # news-tls writes missing titles as null or as the string "None".
        if isinstance(value, str) and value.strip() and value.strip() != "None":
            return value.strip()
    return None


def _json_record(record: Any, where: str, default_id: str) -> Iterator[Item]:
    if not isinstance(record, dict):
        yield Problem(where, f"JSON value is a {type(record).__name__}, not an object; skipped")
        return
    text = None
    for name in _TEXT_FIELDS:
        if isinstance(record.get(name), str):
            text = record[name]
            break
    if text is None or not text.strip():
        yield Problem(where, "JSON record has no text (no non-empty 'text' field); skipped")
        return
    published, published_from = None, None
    for name in _DATE_FIELDS:
        if record.get(name) not in (None, ""):
            published = parse_date(record[name])
            if published is None:
                value = record[name]
                ambiguous = isinstance(value, str) and _SLASHED.match(value.strip())
                what = "ambiguous date (day or month first?)" if ambiguous else "unreadable date"
                yield Problem(
                    where, f"{what} {name}={record[name]!r}, ignored", skipped=False
                )
            else:
                published_from = "metadata"
            break
    raw_id = record.get("id")
    doc_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else default_id
    source = record.get("source")
    if isinstance(source, dict):  # {"name": "BBC"} style
        source = source.get("name")
    ptb = looks_ptb(text)
    per_line = ptb and (one_sentence_per_line(text) or "\n" not in text.strip())
    yield RawDocument(
        id=doc_id,
        text=text,
        path=where,
        url=_str_field(record, "url", "link"),
        title=_str_field(record, "title", "headline"),
        published=published,
        published_from=published_from,
        source=source if isinstance(source, str) and source.strip() else None,
        format="jsonl",
        one_sentence_per_line=per_line,
    )


def is_json_document(path: Path) -> bool:
    """Whether the JSON reader reads the file as one document (read whole), not as JSON
    Lines (streamed a line at a time)."""
    return path.name.lower().endswith(JSON_DOCUMENT_SUFFIXES)


def read_json(path: Path, root: Path, max_bytes: int) -> Iterator[Item]:
    stem_id = relative_id(path, root)
    if not is_json_document(path):
        # JSON Lines stream, one line in memory at a time, and each line has the limit:
        # a corpus file of any size can be read.
        yield from _read_json_lines(path, stem_id, max_bytes)
        return
    size = check_size(path, max_bytes)
    if isinstance(size, Problem):
        yield size
        return
    yield from _read_json_document(path, stem_id, max_bytes)


def open_input(path: Path) -> IO[bytes]:
    """The file's bytes, uncompressed when it is gzipped."""
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def read_json_lines(
    path: Path, root: Path, max_bytes: int, start: int, stop: int | None, first_line: int
) -> Iterator[Item]:
    """The lines of an (uncompressed) JSON Lines file from byte `start` (where line
    `first_line` begins) to `stop`: a part of a big file, for one worker."""
    yield from _read_json_lines(path, relative_id(path, root), max_bytes, start, stop, first_line)


def _read_json_lines(
    path: Path,
    stem_id: str,
    max_bytes: int,
    start: int = 0,
    stop: int | None = None,
    first_line: int = 1,
) -> Iterator[Item]:
    """One article a line, streamed: only one line is in memory at a time."""
    lineno = first_line - 1
    try:
        with open_input(path) as fh:
            if start:
                fh.seek(start)
            head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(fh, "peek") else b""
            if looks_binary(head):
                yield Problem(str(path), "binary file (not JSON Lines text), skipped")
                return
            warned = False
            while stop is None or fh.tell() < stop:
                # Bound the line length too: a gzip of one endless line must not fill memory.
                line = fh.readline(max_bytes + 1)
                if not line:
                    break
                lineno += 1
                where = f"{path}:{lineno}"
                if len(line) > max_bytes:
                    yield Problem(where, f"JSON line longer than {human_size(max_bytes)}, skipped")
                    # Skip the rest of that line.
                    while line and not line.endswith(b"\n"):
                        line = fh.readline(max_bytes + 1)
                    continue
                if not line.strip():
                    continue
                text, warning = decode(line, where)
                if warning and not warned:
                    warned = True  # one warning per file, not one per line
                    yield Problem(
                        str(path), warning.message + f" (first such line: {lineno})", skipped=False
                    )
                try:
                    record = json.loads(text)
                except json.JSONDecodeError as exc:
                    yield Problem(where, f"malformed JSON line ({exc.msg}), line skipped")
                    continue
                yield from _json_record(record, where, f"{stem_id}:{lineno}")
    except PermissionError:
        yield Problem(str(path), "permission denied, cannot read the file")
    except (OSError, EOFError, zlib.error) as exc:
        at = f" after line {lineno}" if lineno else ""
        yield Problem(str(path), f"cannot read{at}: {exc}")


def _read_json_document(path: Path, stem_id: str, max_bytes: int) -> Iterator[Item]:
    """A `.json` file: a list of articles, one article, or (misnamed) JSON Lines."""
    if path.name.lower().endswith(".gz"):
        try:
            with gzip.open(path, "rb") as fh:
                data: bytes | Problem = fh.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            data = Problem(str(path), f"cannot read: {exc}")
        if isinstance(data, bytes) and len(data) > max_bytes:
            data = Problem(str(path), f"uncompressed JSON over {human_size(max_bytes)}, skipped")
    else:
        data = read_bytes(path, max_bytes)
    if isinstance(data, Problem):
        yield data
        return
    if looks_binary(data[:SNIFF_BYTES]):
        yield Problem(str(path), "binary file (not JSON text), skipped")
        return
    text, warning = decode(data, str(path))
    if warning:
        yield warning
    if not text.strip():
        yield Problem(str(path), "empty file, no JSON to read")
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        # Many ".json" files are really JSON Lines; read them that way before giving up.
        if exc.msg == "Extra data":
            yield from _read_json_lines(path, stem_id, max_bytes)
        else:
            yield Problem(str(path), f"malformed JSON ({exc.msg} at line {exc.lineno}), skipped")
        return
    if isinstance(value, dict) and isinstance(value.get("articles"), list):
        value = value["articles"]
    records = value if isinstance(value, list) else [value]
    for i, record in enumerate(records):
        where = f"{path}[{i}]" if isinstance(value, list) else str(path)
        default = f"{stem_id}:{i}" if isinstance(value, list) else stem_id
        yield from _json_record(record, where, default)


# ---------------------------------------------------------------------------- HTML

_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


def sniff_html(head: bytes) -> bool:
    return bool(_HTML_SNIFF.search(head[:SNIFF_BYTES]))


# htmldate options: never pick a date up from free text (that is a guess, often the
# crawl day), prefer the original publication date over a "last modified" one.
MIN_HTML_WORDS = 8
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html(path: Path, root: Path, max_bytes: int) -> Iterator[Item]:
    html, problems = _text_or_problems(path, max_bytes, "empty file, no HTML to read")
    yield from problems
    if html is not None:
        yield from html_document(html, str(path), relative_id(path, root))


def html_document(html: str, where: str, doc_id: str) -> Iterator[Item]:
    """Main text, title and date of one HTML page (trafilatura, htmldate; no network)."""
    import trafilatura  # slow to import; only HTML inputs pay for it
    from htmldate import find_date

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=dict(DATE_PARAMS),
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        yield Problem(where, f"HTML could not be parsed ({type(exc).__name__}: {exc}), skipped")
        return
    text = getattr(doc, "text", None) if doc is not None else None
    words = len(text.split()) if text else 0
    # trafilatura falls back to any text on the page; a few words are a menu, not an article.
    if words < MIN_HTML_WORDS:
        found = f" (only {words} words found)" if words else ""
        yield Problem(where, f"HTML page has no extractable article text{found}, skipped")
        return
    date_str = getattr(doc, "date", None)
    if not date_str:
        try:
            date_str = find_date(html, **DATE_PARAMS)
        except Exception:  # a date is optional; a broken one is no reason to lose the text
            date_str = None
    published = parse_date(date_str) if date_str else None
    yield RawDocument(
        id=doc_id,
        text=text,
        path=where,
        url=getattr(doc, "url", None) or None,
        title=getattr(doc, "title", None) or None,
        published=published,
        published_from="metadata" if published else None,
        source=getattr(doc, "sitename", None) or None,
        format="html",
    )
