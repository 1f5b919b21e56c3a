"""Read articles from files and folders: plain text, Timeline17, JSON Lines, HTML.

`read_paths` is the one entry point. It streams: folders are walked lazily in sorted
order and each file is read only when its turn comes, so a corpus of any size passes
through in constant memory. Anything that cannot be used becomes a `Problem` naming
the file (or `file:line`) and what is wrong; nothing is dropped silently.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from dateline.model import Problem, RawDocument
from dateline.read._files import SNIFF_BYTES, check_size, walk
from dateline.read._ptb import looks_ptb, one_sentence_per_line
from dateline.read.formats import (
    HTML_SUFFIXES,
    JSON_LINES_SUFFIXES,
    JSON_SUFFIXES,
    html_document,
    is_json_document,
    open_input,
    read_html,
    read_json,
    read_json_lines,
    read_plain,
    read_t17,
    relative_id,
    sniff_html,
    t17_layout,
)

__all__ = [
    "FORMATS",
    "Source",
    "UniqueIds",
    "count_inputs",
    "detect_format",
    "html_document",
    "looks_ptb",
    "one_sentence_per_line",
    "read_paths",
    "read_source",
    "sources",
]

Reader = Callable[[Path, Path, int], Iterator[RawDocument | Problem]]
FORMATS: dict[str, Reader] = {
    "text": read_plain,
    "t17": read_t17,
    "jsonl": read_json,
    "html": read_html,
}


def detect_format(path: Path) -> str:
    """The reader for a file: by its place (Timeline17), its name, then its first bytes."""
    if t17_layout(path) is not None and path.name.lower().endswith(".txt"):
        return "t17"
    name = path.name.lower()
    if name.endswith(JSON_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return "text"  # the text reader reports why the file cannot be read
    return "html" if sniff_html(head) else "text"


def read_paths(
    paths: Iterable[str | Path],
    format: str | None = None,
    *,
    max_bytes: int = 20_000_000,
    exclude: Collection[str | Path] = (),
) -> Iterator[RawDocument | Problem]:
    """Every article under `paths` (files or folders, recursively), or why not.

    `format` forces one reader ("text", "t17", "jsonl", "html") for every file;
    by default it is chosen per file. Files over `max_bytes` are skipped unread; JSON
    Lines, which stream, may be any size, and a line over `max_bytes` is skipped.
    Files in `exclude` are not articles and are passed over without a word: the
    database being written, when it sits among the inputs.
    Article ids are unique within one call: a repeated id gets the file's relative
    path in front (and a counter if even that repeats).
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    # A single str is a path, not an iterable of one-character paths.
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    return _read(items, format, max_bytes, {Path(p).resolve() for p in exclude})


@dataclass(frozen=True, slots=True)
class Source:
    """One file to read (or, for JSON Lines, the lines from byte `start` to `stop`, the
    first being line `first_line`): a unit of work that can be read anywhere."""

    path: Path
    root: Path
    format: str
    json_lines: bool  # streamed a line at a time: may be split into line ranges
    start: int = 0
    stop: int | None = None
    first_line: int = 1

    @property
    def file_id(self) -> str:
        return shown(relative_id(self.path, self.root))


def shown(text: str) -> str:
    """A path or an id made from one, as it can be written anywhere: a file name that is
    not UTF-8 comes from the file system with surrogate escapes ("caf\\udce9.txt"), which no
    UTF-8 output (a file, the database, JSON) can encode; they become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def _shown_problem(problem: Problem) -> Problem:
    path = shown(problem.path)
    return problem if path is problem.path else replace(problem, path=path)


def read_source(source: Source, max_bytes: int) -> Iterator[RawDocument | Problem]:
    """The articles of one source, with the ids its reader gives them (`UniqueIds` makes
    them unique across sources, as `read_paths` does). Any failure in its reader (a bug,
    a missing or broken library, a malformed file the reader did not foresee) ends the
    source with one Problem naming the file and the reader, and the next one is read."""
    try:
        if source.json_lines and (source.start or source.stop is not None):
            items = read_json_lines(
                source.path, source.root, max_bytes, source.start, source.stop, source.first_line
            )
        else:
            items = FORMATS[source.format](source.path, source.root, max_bytes)
        for item in items:
            if isinstance(item, RawDocument):
                item.id = shown(item.id)
                item.path = shown(item.path) if item.path else item.path
                yield item
            else:
                yield _shown_problem(item)
    except Exception as exc:
        yield Problem(
            shown(str(source.path)),
            f"could not be read by the {source.format} reader ({type(exc).__name__}: {exc})",
        )


class UniqueIds:
    """Article ids made unique within one corpus, in reading order (see `read_paths`)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, doc_id: str, file_id: str) -> str:
        if doc_id in self.seen and doc_id != file_id:
            # JSON ids repeat across files (news-tls numbers each topic from 0).
            doc_id = f"{file_id}:{doc_id}"
        base, n = doc_id, 2
        while doc_id in self.seen:
            doc_id = f"{base}~{n}"
            n += 1
        self.seen.add(doc_id)
        return doc_id


def sources(
    paths: Iterable[str | Path],
    format: str | None = None,
    *,
    max_bytes: int = 20_000_000,
    exclude: Collection[str | Path] = (),
) -> Iterator[Source | Problem]:
    """The files `read_paths` would read, in its order, each with its reader, or why
    not (the same arguments)."""
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    exclude_set = {Path(p).resolve() for p in exclude}
    # Names first: resolving every path of a large tree would cost a system call each.
    excluded_names = {p.name for p in exclude_set}
    for found in walk([Path(p) for p in items]):
        if isinstance(found, Problem):
            yield _shown_problem(found)
            continue
        path, root = found.path, found.root
        if path.name in excluded_names and path.resolve() in exclude_set:
            continue
        # Size first: a huge file is refused before anything (even sniffing) opens it.
        # (JSON Lines are streamed, and their limit is per line: see read_json.)
        lines = _json_lines(path, format)
        size = None if lines else check_size(path, max_bytes)
        if isinstance(size, Problem):
            yield _shown_problem(size)
            continue
        fmt = format or detect_format(path)
        yield Source(path, root, fmt, lines and not path.name.lower().endswith(".gz"))


def _read(
    paths: list[str | Path], format: str | None, max_bytes: int, exclude: set[Path]
) -> Iterator[RawDocument | Problem]:
    unique = UniqueIds()
    for source in sources(paths, format, max_bytes=max_bytes, exclude=exclude):
        if isinstance(source, Problem):
            yield source
            continue
        file_id: str | None = None  # once per file: a JSON Lines file holds thousands
        for item in read_source(source, max_bytes):
            if isinstance(item, RawDocument):
                file_id = file_id or source.file_id
                item.id = unique(item.id, file_id)
            yield item


def count_inputs(paths: Iterable[str | Path], format: str | None = None) -> int:
    """About how many items `read_paths` will yield: the lines of each JSON Lines file,
    one for any other file or unusable path. What a progress bar counts up to; reading a
    JSON Lines file to count its lines costs a small part of annotating it."""
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    total = 0
    for found in walk([Path(p) for p in items]):
        if isinstance(found, Problem) or not _json_lines(found.path, format):
            total += 1
            continue
        try:
            with open_input(found.path) as fh:
                lines = 0
                while chunk := fh.read(1 << 20):
                    lines += chunk.count(b"\n")
            total += max(lines, 1)
        except (OSError, EOFError, zlib.error):
            total += 1  # the reader will say what is wrong
    return total


def _json_lines(path: Path, format: str | None) -> bool:
    """Whether the file will be read as JSON Lines."""
    if format is None:
        return path.name.lower().endswith(JSON_LINES_SUFFIXES)
    return format == "jsonl" and not is_json_document(path)


