"""Reading and annotation on a Dask cluster (`--dask local:N` or `--dask tcp://HOST:8786`).

The inputs are cut into partitions (a few dozen files, or a range of lines of a big JSON
Lines file: `dateline.read.Source`); each Dask task reads, cleans, dates, splits and tags
one partition on a worker and returns compact records (the store's `Prepared`, rows as
tuples, or `Article`s for the benchmark). The client yields them in input order, so ids,
near-duplicate links and everything stored are the same as with the process pool; it
keeps a bounded number of tasks in flight, so memory stays flat, and it is the store's
only writer here (transactional batches, as ever). A worker that dies mid-task has its
task re-run on another worker by the scheduler; a client that dies loses only the
batches it had not committed, and running it again adds exactly the rest.

Dask (`dask`, `distributed`: the `cluster` extra) is imported only by this module, and
this module only when `--dask` is given.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.model import Article, Problem, RawDocument
from dateline.read import Source, UniqueIds, read_source, sources

if TYPE_CHECKING:
    from distributed import Client

    from dateline.store import IngestReport, Store

# Documents per task: as with the process pool (pipeline.annotate's batch_size), enough
# work per task that scheduling costs little, little enough that tasks in flight stay small.
FILES_PER_TASK = 32
LINES_PER_TASK = 32
# A JSON Lines file bigger than this is split into line ranges (smaller ones are one
# task's worth or close to it, and splitting costs a pass over the file).
SPLIT_BYTES = 1 << 20
# Tasks in flight per worker thread: one running, one queued, one being returned.
IN_FLIGHT_PER_THREAD = 3
CONNECT_TIMEOUT = "10s"


class ClusterError(Exception):
    """A problem with the Dask cluster, explained in one line for the user."""


@dataclass(frozen=True, slots=True)
class Partition:
    """One task's worth of input: whole sources, or one line range of one source."""

    sources: tuple[Source, ...]


def parse_address(spec: str) -> tuple[str, int | str]:
    """`local:N` -> ("local", N); `tcp://HOST:PORT` (or tls://) -> ("remote", address)."""
    if spec.startswith("local:"):
        try:
            n = int(spec.removeprefix("local:"))
        except ValueError:
            n = 0
        if n < 1:
            raise ClusterError(f"--dask {spec!r}: give local:N with N at least 1 worker")
        return "local", n
    if spec.startswith(("tcp://", "tls://")) and len(spec) > len("tcp://"):
        return "remote", spec
    raise ClusterError(f"--dask {spec!r}: give local:N or the scheduler's tcp://HOST:PORT")


@contextlib.contextmanager
def connect(spec: str) -> Iterator[Client]:
    """A Dask client: on a new `LocalCluster` of N worker processes (stopped at the end),
    or on a running scheduler."""
    kind, where = parse_address(spec)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        need = "pip install 'dateline[cluster]'"
        raise ClusterError(f"--dask needs dask and distributed: {need}") from None
    if kind == "local":
        # One thread per worker: annotation is pure Python, threads would share one GIL.
        cluster = LocalCluster(
            n_workers=int(where),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never a clash with another cluster
            silence_logs=logging.ERROR,
        )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    logging.getLogger("distributed").setLevel(logging.ERROR)
    try:
        client = Client(str(where), timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"{where}: cannot reach the Dask scheduler ({_first_line(exc)})"
        ) from None
    with client:
        yield client


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---------------------------------------------------------------------- partitions


def partitions(
    paths: Iterable[str | Path],
    format: str | None = None,
    *,
    max_bytes: int = 20_000_000,
    exclude: Iterable[str | Path] = (),
) -> Iterator[Partition | Problem]:
    """The inputs as tasks, in reading order: files in groups, big JSON Lines files in
    line ranges (found by one pass over the file, here)."""
    group: list[Source] = []
    for source in sources(paths, format, max_bytes=max_bytes, exclude=list(exclude)):
        if isinstance(source, Problem):
            yield source
            continue
        if source.json_lines and _size(source.path) > SPLIT_BYTES:
            if group:
                yield Partition(tuple(group))
                group = []
            yield from (Partition((part,)) for part in _line_ranges(source))
            continue
        group.append(source)
        if len(group) >= FILES_PER_TASK:
            yield Partition(tuple(group))
            group = []
    if group:
        yield Partition(tuple(group))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader reports it


def _line_ranges(source: Source, lines: int = LINES_PER_TASK) -> Iterator[Source]:
    start, first, count, offset = 0, 1, 0, 0
    with source.path.open("rb") as fh:
        for line in fh:
            offset += len(line)
            count += 1
            if count == lines:
                yield replace(source, start=start, stop=offset, first_line=first)
                start, first, count = offset, first + lines, 0
    if count or start == 0:
        yield replace(source, start=start, stop=offset, first_line=first)


# ------------------------------------------------------------------ on the workers


def _annotate_partition(
    partition: Partition, max_bytes: int, finish: Callable[[RawDocument, Article], Any] | None
) -> list[tuple[str, Any] | Problem]:
    """Read and annotate one partition (on a worker): (file id, record) or Problem each."""
    from dateline.pipeline import annotate

    out: list[tuple[str, Any] | Problem] = []
    for source in partition.sources:
        file_id = source.file_id
        for item in annotate(read_source(source, max_bytes), workers=1, finish=finish):
            out.append(item if isinstance(item, Problem) else (file_id, item))
    return out


# ------------------------------------------------------------------- on the client


def annotated(
    client: Client,
    parts: Iterable[Partition | Problem],
    *,
    max_bytes: int = 20_000_000,
    finish: Callable[[RawDocument, Article], Any] | None = None,
) -> Iterator[Any]:
    """Records (`Article`s, or `finish(document, article)`'s results) and problems for
    the partitions, annotated on the cluster, in input order, with article ids made
    unique as `read_paths` makes them."""
    unique = UniqueIds()
    threads = max(1, sum(client.nthreads().values()))
    window = IN_FLIGHT_PER_THREAD * threads
    pending: deque[Any] = deque()

    def take() -> Iterator[Any]:
        try:
            results = pending.popleft().result()
        except Exception as exc:  # a task that failed on every worker it was given
            raise ClusterError(f"a Dask task failed: {_first_line(exc)}") from None
        for item in results:
            if isinstance(item, Problem):
                yield item
                continue
            file_id, record = item
            yield _renamed(record, unique(_id_of(record), file_id))

    for part in parts:
        if isinstance(part, Problem):
            yield part
            continue
        pending.append(client.submit(_annotate_partition, part, max_bytes, finish, pure=False))
        while len(pending) > window:
            yield from take()
    while pending:
        yield from take()


def _id_of(record: Any) -> str:
    return record.id if isinstance(record, Article) else record.article.id


def _renamed(record: Any, new_id: str) -> Any:
    if isinstance(record, Article):
        record.id = new_id
    else:
        record.article.id = new_id
    return record


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    spec: str,
    *,
    format: str | None = None,
    batch_size: int = 200,
    keep_original: bool = False,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """`dateline ingest PATH... --dask SPEC`: read and annotate on the cluster, write
    here (see `Store.ingest_prepared`)."""
    from dateline.store._prepare import _finish

    parts = partitions(paths, format, exclude=store.files)
    with connect(spec) as client:
        records = annotated(client, parts, finish=partial(_finish, keep_original=keep_original))
        return store.ingest_prepared(records, batch_size=batch_size, progress=progress)


class ClusterLoader:
    """`pipeline.load_articles` with reading and annotation on the cluster, which stays
    up across calls (`dateline bench --dask` loads one topic after another); `close()`."""

    def __init__(self, spec: str) -> None:
        self._connection = connect(spec)
        self.client = self._connection.__enter__()

    def __call__(self, paths: Iterable[str | Path]) -> Any:
        from dateline.pipeline import corpus_steps

        return corpus_steps(annotated(self.client, partitions(paths)))

    def close(self) -> None:
        self._connection.__exit__(None, None, None)
