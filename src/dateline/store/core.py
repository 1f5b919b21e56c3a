"""The corpus store: articles, sentences and time mentions in a database, searchable by
full text; written once for both backends (SQLite: `sqlite.py`, PostgreSQL: `postgres.py`).

Ingest once, keep adding, ask for any timeline. Guarantees (see docs/store.md):

- Idempotent: an article whose cleaned text is already stored is not stored again
  (content hash); a document whose raw text is already stored is not even re-annotated.
- Crash-safe: each batch of articles is one transaction, so killing an ingest at any
  moment leaves the database as it was after the last batch; running it again completes
  the work with nothing lost or doubled.
- Concurrent: write transactions are short, and readers never wait for them (SQLite's
  WAL mode, PostgreSQL's MVCC), so `timeline` and `search` run while an ingest writes.
- Streaming: documents flow through in bounded batches; memory does not grow with the
  corpus.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline import dedup
from dateline.model import (
    Article,
    ArticleRef,
    Problem,
    RawDocument,
    SearchHit,
    Sentence,
    StoryVolume,
    TimeMention,
)
from dateline.request import RequestError, check_keywords, check_query, query_words, window_end
from dateline.store import fts
from dateline.store._prepare import (
    MentionRow,
    Prepared,
    SentenceRow,
    prepared,
    sentence_rows,
    text_hash,
)
from dateline.store.backend import Backend, is_url, open_backend
from dateline.store.schema import SCHEMA_VERSION, QueryError, StoreError, TooManyArticlesError
from dateline.words import Terms

DEFAULT_DB = Path("dateline.db")
# Articles per write transaction: large enough that commits are a small cost, small
# enough that the write lock is held for well under a second (readers never wait, but a
# second writer does) and that a killed ingest loses little work.
DEFAULT_BATCH = 200
# Articles retrieved for a query timeline: the BM25 top of the corpus. The timeline
# step's cost grows with it; 1000 keeps a 100k-article query under a second (see
# docs/store.md) while holding far more articles than any one timeline cites.
QUERY_LIMIT = 1000
# ... and at most about this many of their sentences (after keeping only the sentences
# with a query word): building a timeline costs ~0.1 ms per sentence, so this bounds a
# broad query ("oil" in a 100k-article store) to well under a second. Narrow queries
# never reach it.
SENTENCE_BUDGET = 8000
# Articles whose sentences are fetched per query when rebuilding them (see `_load`).
_LOAD_CHUNK = 100

Progress = Callable[["IngestReport"], None]


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    unchanged: int = 0  # already stored (same raw or cleaned text): nothing written
    duplicates: int = 0  # of the added, how many were linked as near-duplicates
    renamed: int = 0  # of the added, how many got a suffix because their id was taken
    inferred: int = 0  # undated articles that got an inferred publication date
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def seen(self) -> int:
        return self.added + self.unchanged + sum(p.skipped for p in self.problems)

    def summary(self) -> str:
        skipped = sum(p.skipped for p in self.problems)
        line = (
            f"added {self.added}, unchanged {self.unchanged}, "
            f"duplicates {self.duplicates}, problems {skipped}"
        )
        if self.inferred:
            line += f", dates inferred {self.inferred}"
        return line + f" ({self.seconds:.1f} s)"


@dataclass(slots=True)
class StoreStats:
    path: str
    schema_version: int
    articles: int
    sentences: int
    mentions: int
    sources: dict[str, int]  # articles per source ("" when unknown)
    first: dt.date | None  # earliest publication date
    last: dt.date | None
    undated: int  # still without a publication date
    inferred: int  # dated by inference from similar articles
    duplicates: int  # linked to an earlier near-copy
    size_bytes: int


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


_SENTENCE_COLUMNS = ("id", "article", "idx", "text")
_MENTION_COLUMNS = (
    "sentence", "seq", "start", "end", "type", "value", "granularity", "day", "text",
)  # fmt: skip


def _sentence_rows(
    rowid: int,
    first: int,
    sentences: list[SentenceRow],
    mentions: list[MentionRow],
    sentence_out: list[tuple[Any, ...]],
    mention_out: list[tuple[Any, ...]],
) -> None:
    """Rows of an article's sentences (ids from `first` on) and of their mentions."""
    sentence_out.extend((first + i, rowid, idx, text) for i, (idx, text) in enumerate(sentences))
    mention_out.extend((first + m[0], *m[1:]) for m in mentions)


def _wrap(method: Callable[..., Any]) -> Callable[..., Any]:
    """Database errors (a locked or corrupt file, a full disk, a lost server connection)
    become one-line StoreErrors."""

    def inner(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except self._db.errors as exc:
            line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise StoreError(f"{self.path}: {line}") from exc

    inner.__name__ = method.__name__
    inner.__doc__ = method.__doc__
    inner.__wrapped__ = method  # type: ignore[attr-defined]
    return inner


@dataclass(slots=True)
class _Added:
    """What an ingest added that date inference needs to know."""

    undated: list[int] = field(default_factory=list)  # rowids
    dated: bool = False  # whether any article with a read date was added


class Store:
    """A dateline database: an SQLite file, or a PostgreSQL database given by its URL
    (`postgresql://USER@HOST[:PORT]/DB`). Use as a context manager, or call `close()`.

    `create=False` refuses to make a new database (what readers want: a mistyped path is
    an error, not a new empty database).
    """

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB, *, create: bool = True) -> None:
        self._db: Backend = open_backend(path, create=create)
        # A Path for an SQLite file; for PostgreSQL the URL without its password.
        self.path: Path | str = self._db.name if is_url(path) else Path(path)
        self._wrote = False

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close(self._wrote)
            self._db = None  # type: ignore[assignment]

    @property
    def files(self) -> list[Path]:
        """The database's own files (for SQLite, the file and its `-wal`, `-shm` and
        `-journal` companions; none for PostgreSQL): none of them is an article."""
        return self._db.files

    @property
    def connection(self) -> Any:
        """The driver's connection (`sqlite3` or `psycopg`), for read-only SQL (the schema
        is in docs/store.md)."""
        return self._db.conn

    # ------------------------------------------------------------------------ ingest

    @_wrap
    def ingest(
        self,
        items: Iterable[RawDocument | Problem],
        *,
        batch_size: int = DEFAULT_BATCH,
        workers: int = 1,
        keep_original: bool = False,
        infer_dates: bool = True,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Annotate and store documents as they stream in.

        `workers` processes annotate in parallel; this process is the single writer.
        Problems from the reader or the annotator are collected in the report, never
        raised. At the end, the undated articles added get a date inferred from similar
        articles in the whole store whose date was read (`infer_dates`); all still
        undated ones do when an article with a read date was added.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        started = time.perf_counter()
        report = IngestReport()
        tick = progress or (lambda r: None)

        def fresh() -> Iterator[RawDocument]:
            for item in items:
                if isinstance(item, Problem):
                    report.problems.append(item)
                elif self._has_raw(text_hash(item.text)):
                    report.unchanged += 1
                else:
                    yield item
                    continue
                tick(report)

        records = prepared(fresh(), workers=workers, keep_original=keep_original)
        added = self._store_records(records, report, batch_size, tick)
        self._infer_added(report, added, infer_dates)
        report.seconds = time.perf_counter() - started
        return report

    @_wrap
    def ingest_prepared(
        self,
        records: Iterable[Prepared | Problem],
        *,
        batch_size: int = DEFAULT_BATCH,
        infer_dates: bool = True,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Store records annotated elsewhere (`dateline.cluster`: on a Dask cluster), in
        transactional batches, as `ingest` does; a record whose text is stored is
        "unchanged"."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        started = time.perf_counter()
        report = IngestReport()
        tick = progress or (lambda r: None)

        def fresh() -> Iterator[Prepared | Problem]:
            for item in records:
                if isinstance(item, Prepared) and self._has_raw(item.raw_hash):
                    report.unchanged += 1  # its raw text is stored: nothing to write
                    continue
                yield item

        added = self._store_records(fresh(), report, batch_size, tick)
        self._infer_added(report, added, infer_dates)
        report.seconds = time.perf_counter() - started
        return report

    def _store_records(
        self,
        records: Iterable[Prepared | Problem],
        report: IngestReport,
        batch_size: int,
        tick: Callable[[IngestReport], None],
    ) -> _Added:
        batch: list[Prepared] = []
        added = _Added()
        for item in records:
            if isinstance(item, Problem):
                report.problems.append(item)
                tick(report)
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                self._write(batch, report, added)
                batch = []
                tick(report)
        if batch:
            self._write(batch, report, added)
            tick(report)
        return added

    def _infer_added(self, report: IngestReport, added: _Added, infer_dates: bool) -> None:
        # Inference depends only on the articles whose date was read: the new undated
        # articles need it, the older ones only when new dated articles came in (a re-run
        # of the same ingest adds nothing, so it changes nothing).
        if infer_dates and (added.undated or added.dated):
            self.infer_dates(report, rowids=None if added.dated else added.undated)

    def ingest_articles(
        self, articles: Iterable[Article], *, batch_size: int = DEFAULT_BATCH
    ) -> IngestReport:
        """Store already-annotated articles (no date inference; the caller has them)."""
        started = time.perf_counter()
        report = IngestReport()
        batch: list[Prepared] = []
        for article in articles:
            raw = text_hash(article.original if article.original is not None else article.text)
            batch.append(_prepare_one(article, raw))
            if len(batch) >= batch_size:
                self._write(batch, report)
                batch = []
        if batch:
            self._write(batch, report)
        report.seconds = time.perf_counter() - started
        return report

    def _has_raw(self, raw_hash: bytes) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM articles WHERE raw_hash = ? LIMIT 1", (raw_hash,)
        ).fetchone()
        return row is not None

    def _write(
        self, batch: list[Prepared], report: IngestReport, added_rows: _Added | None = None
    ) -> None:
        """Store one batch in one transaction: all of it, or (killed midway) none.
        `added_rows` collects the rowids of the undated articles added, and whether any
        dated one was."""
        db = self._db
        added = duplicates = renamed = unchanged = 0
        undated_rows: list[int] = []
        any_dated = False
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        # Rows nothing in the batch reads back are written once per batch, in bulk.
        sentences: list[tuple[Any, ...]] = []
        mentions: list[tuple[Any, ...]] = []
        texts: list[tuple[int, str, str]] = []
        with db.write():
            next_sid = db.execute("SELECT coalesce(max(id), 0) + 1 FROM sentences").fetchone()[0]
            for p in batch:
                # Checked again under the write lock: another ingest may have stored it.
                if db.execute(
                    "SELECT 1 FROM articles WHERE content_hash = ?", (p.content_hash,)
                ).fetchone():
                    unchanged += 1
                    continue
                art = p.article
                art_id = self._free_id(art.id)
                renamed += art_id != art.id
                sig = dedup.Signature.from_bytes(p.minhash, p.shingles) if p.minhash else None
                link = self._find_duplicate(sig, p.band_keys) if sig is not None else None
                if link is None and art.duplicate_of is not None:
                    link = (art.duplicate_of, None)  # linked by the caller
                count = len(p.sentences)
                rowid = db.execute(
                    "INSERT INTO articles (id, published, published_from, duplicate_of,"
                    " similarity, source, title, path, url, removed_lines, first_sentence,"
                    " sentence_count, content_hash, raw_hash, shingles, minhash, added, text,"
                    " original) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING rowid",
                    (
                        art_id, _iso(art.published), art.published_from,
                        link[0] if link else None, link[1] if link else None,
                        art.source, art.title, art.path, art.url, art.removed_lines,
                        next_sid, count, p.content_hash, p.raw_hash,
                        p.shingles, p.minhash, now,
                        None if p.joined else art.text, p.original,
                    ),
                ).fetchone()[0]  # fmt: skip
                if art.published is None:
                    undated_rows.append(rowid)
                elif art.published_from != "inferred":
                    any_dated = True
                _sentence_rows(rowid, next_sid, p.sentences, p.mentions, sentences, mentions)
                next_sid += count
                texts.append((rowid, art.title or "", art.text))
                if sig is not None and link is None:
                    # Only a group's first article is a candidate for later ones: a copy
                    # is compared with the groups, not with every copy before it. (Written
                    # now: a later article of this batch may be its copy.)
                    db.add_bands(rowid, p.band_keys)
                added += 1
                duplicates += link is not None
            db.insert_rows("sentences", _SENTENCE_COLUMNS, sentences)
            db.insert_rows("mentions", _MENTION_COLUMNS, mentions)
            db.index_texts(texts)
        self._wrote = True
        if added_rows is not None:
            added_rows.undated += undated_rows
            added_rows.dated = added_rows.dated or any_dated
        report.added += added
        report.duplicates += duplicates
        report.renamed += renamed
        report.unchanged += unchanged

    def _free_id(self, art_id: str) -> str:
        """The id itself, or with a ~n suffix when another article already has it.

        Ids come from paths relative to what was ingested, so two ingests can produce the
        same id for different files; both articles are kept.
        """
        candidate, n = art_id, 2
        while self._db.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone():
            candidate = f"{art_id}~{n}"
            n += 1
        return candidate

    def _find_duplicate(self, sig: dedup.Signature, keys: list[int]) -> tuple[str, float] | None:
        """(id of the group's first article, similarity) for a near-copy, else None.

        `keys` are the signature's band keys (computed with it, in a worker)."""
        rows = self._db.execute(
            f"SELECT a.id, a.duplicate_of, a.minhash, a.shingles FROM articles a"
            f" WHERE a.rowid IN (SELECT DISTINCT article FROM lsh"
            f" WHERE key IN ({','.join('?' * len(keys))}) LIMIT 64)",
            keys,
        ).fetchall()
        best: tuple[str, float] | None = None
        for art_id, duplicate_of, minhash, shingles in rows:
            sim = sig.similarity(dedup.Signature.from_bytes(minhash, shingles))
            if sim >= dedup.THRESHOLD and (best is None or sim > best[1]):
                # Link to the group's first article, so groups are stars, not chains
                # (candidates are first articles, except in stores written before copies
                # stopped keeping LSH bands).
                best = (duplicate_of or art_id, sim)
        return best

    # ------------------------------------------------------------------ date inference

    @_wrap
    def infer_dates(
        self,
        report: IngestReport | None = None,
        chunk: int = 32,
        *,
        rowids: Sequence[int] | None = None,
        work: Counter[str] | None = None,
    ) -> int:
        """Give undated articles (all, or those among `rowids`) a publication date from
        similar articles whose date was read (never from an inferred one).

        Each is dated on its own by `dateline.pipeline.date_from_candidates`, from its
        `CANDIDATES` best dated articles by the full-text index (the undated article's
        most repeated words, BM25), or all of them when the store holds no more: what
        inference from the same files gives, at the same cost in a small or a huge
        store. `work` counts what was done (see `infer_missing_dates`).
        """
        from dateline.pipeline import CANDIDATES, Terms, date_from_candidates

        db = self._db
        if rowids is None:
            targets = [
                r[0]
                for r in db.execute(
                    "SELECT rowid FROM articles WHERE published IS NULL ORDER BY rowid"
                )
            ]
        else:
            targets = sorted(rowids)
        if not targets:  # nothing to date: no candidates loaded, no scikit-learn imported
            return 0
        read = "a.published IS NOT NULL AND coalesce(a.published_from, '') <> 'inferred'"
        few = [
            r[0]
            for r in db.execute(
                f"SELECT a.rowid FROM articles a WHERE {read} ORDER BY a.rowid LIMIT ?",
                (CANDIDATES + 1,),
            )
        ]
        if not few:
            return 0
        everyone = self._load(few) if len(few) <= CANDIDATES else None
        done, terms = 0, Terms()
        for start in range(0, len(targets), chunk):
            undated = [a for a in self._load(targets[start : start + chunk]) if a.published is None]
            loaded: dict[int, Article] = {}
            results = []
            for art in undated:
                if everyone is not None:
                    candidates = everyone
                else:
                    picks = self._candidates(art, read, CANDIDATES)
                    missing = [r for r in picks if r not in loaded]
                    loaded.update(zip(missing, self._load(missing), strict=True))
                    candidates = [loaded[r] for r in picks]
                results.append(date_from_candidates(art, candidates, work=work, terms=terms))
            updated = [a for a in results if a.published is not None]
            if updated:
                self._update_dates(updated)
                done += len(updated)
        if report is not None:
            report.inferred += done
        return done

    def _candidates(self, art: Article, read: str, limit: int) -> list[int]:
        """Rowids of the `limit` dated articles most like `art` by the full-text index."""
        words = fts.salient_terms(f"{art.title or ''}\n{art.text}")
        if not words:
            return []
        return [rowid for rowid, _ in self._db.ranked(self._db.any_of(words), read, (), limit)]

    def _update_dates(self, articles: list[Article]) -> None:
        db = self._db
        with db.write():
            next_sid = db.execute("SELECT coalesce(max(id), 0) + 1 FROM sentences").fetchone()[0]
            for art in articles:
                row = db.execute(
                    "SELECT rowid, first_sentence, sentence_count FROM articles"
                    " WHERE id = ? AND published IS NULL",
                    (art.id,),
                ).fetchone()
                if row is None:
                    continue  # dated meanwhile by another process
                rowid, first, count = row
                # The inferred date re-resolves relative mentions ("on Thursday"), so the
                # sentences' mentions are replaced; the text (and its index) is unchanged.
                span = (first, first + count - 1)
                db.execute("DELETE FROM mentions WHERE sentence BETWEEN ? AND ?", span)
                db.execute("DELETE FROM sentences WHERE id BETWEEN ? AND ?", span)
                rows: tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]] = ([], [])
                _sentence_rows(rowid, next_sid, *sentence_rows(art.sentences), *rows)
                db.insert_rows("sentences", _SENTENCE_COLUMNS, rows[0])
                db.insert_rows("mentions", _MENTION_COLUMNS, rows[1])
                db.execute(
                    "UPDATE articles SET published = ?, published_from = ?, first_sentence = ?,"
                    " sentence_count = ? WHERE rowid = ?",
                    (_iso(art.published), art.published_from, next_sid, len(art.sentences), rowid),
                )
                next_sid += len(art.sentences)
        self._wrote = True

    # ------------------------------------------------------------------------ reading

    def _load(
        self,
        rowids: Sequence[int],
        *,
        original: bool = False,
        sentence_terms: Sequence[str] = (),
        max_sentences: int | None = None,
    ) -> list[Article]:
        """Articles with their sentences and mentions, in the order of `rowids`.

        With `sentence_terms`, only sentences containing one of them (`dateline.words`:
        the index's own rule, tested in Python on each sentence) are loaded, and the
        article's text is those sentences joined. With `max_sentences`, loading stops
        after the article that reaches that many.
        """
        if not rowids:
            return []
        db = self._db
        terms = Terms(sentence_terms)
        # SQL passes on only the sentences that may match (non-ASCII ones, whose folding
        # SQL's lower() may not do as Python does, and those holding a stem's start), so
        # unneeded sentences are never turned into Python objects; the exact rule runs on
        # the rest, in Python, on either backend, so both load the same sentences.
        prefixes = terms.prefixes() if terms else None
        if prefixes is not None and len(prefixes) > 64:  # SQLite's expression depth
            prefixes = None
        term_sql = ""
        if prefixes:
            term_sql = f" AND ({db.non_ascii} OR " + " OR ".join([db.contains] * len(prefixes))
            term_sql += ")"
        extra = prefixes or []
        rows: dict[int, tuple] = {}
        cols = (
            "rowid, id, published, published_from, duplicate_of, source, title, path, url,"
            " removed_lines, first_sentence, sentence_count, text"
        )
        if original:
            cols += ", original"
        # Chunks stay far below SQLite's variable limit whatever `limit` a caller picks.
        for i in range(0, len(rowids), 5000):
            part = rowids[i : i + 5000]
            for row in db.execute(
                f"SELECT {cols} FROM articles WHERE rowid IN ({','.join('?' * len(part))})", part
            ):
                rows[row[0]] = row
        out: list[Article] = []
        loaded = 0
        present = [r for r in rowids if r in rows]
        # Sentences and mentions come for _LOAD_CHUNK articles at a time, one query each
        # (their rowid ranges OR-ed): a query per article cost a round trip each, which
        # on a server was most of a 1000-article retrieval.
        for c in range(0, len(present), _LOAD_CHUNK):
            if max_sentences is not None and loaded >= max_sentences:
                break
            chunk = [rows[r] for r in present[c : c + _LOAD_CHUNK]]
            spans = [(row[10], row[10] + row[11] - 1) for row in chunk if row[11] > 0]
            all_texts: dict[int, tuple[int, str]] = {}
            all_mentions: dict[int, list[tuple[Any, ...]]] = {}
            if spans:
                ranges = " OR ".join(["(id BETWEEN ? AND ?)"] * len(spans))
                bounds = [b for span in spans for b in span]
                for sid, idx, text in db.execute(
                    f"SELECT id, idx, text FROM sentences WHERE ({ranges}){term_sql}",
                    [*bounds, *extra],
                ):
                    all_texts[sid] = (idx, text)
                for m in db.mentions(spans, [row[0] for row in chunk]):
                    all_mentions.setdefault(m[0], []).append(m)
            for row in chunk:
                if max_sentences is not None and loaded >= max_sentences:
                    break
                out.append(self._article(row, all_texts, all_mentions, terms, original))
                loaded += len(out[-1].sentences)
        return out

    @staticmethod
    def _article(
        row: tuple[Any, ...],
        all_texts: dict[int, tuple[int, str]],
        all_mentions: dict[int, list[tuple[Any, ...]]],
        terms: Terms,
        original: bool,
    ) -> Article:
        """An article from its `articles` row and its loaded sentence and mention rows."""
        first, count = row[10], row[11]
        texts = {sid: all_texts[sid] for sid in range(first, first + count) if sid in all_texts}
        if terms:
            texts = {sid: v for sid, v in texts.items() if terms.any_in(v[1])}
        mentions: dict[int, list[TimeMention]] = {}
        for sid in texts:
            for _, start, end, mtype, value, gran, mtext in all_mentions.get(sid, ()):
                if mtext is None:  # stored only when it differs from the sentence's slice
                    mtext = texts[sid][1][start:end]
                mentions.setdefault(sid, []).append(
                    TimeMention(start, end, mtext, mtype, value, gran)
                )
        sentences = [
            Sentence(text=text, index=idx, mentions=tuple(mentions.get(sid, ())))
            for sid, (idx, text) in texts.items()
        ]
        text = row[12]
        if text is None or terms:
            text = "\n".join(s.text for s in sentences)
        orig = None
        if original and row[13] is not None:
            orig = zlib.decompress(row[13]).decode("utf-8", "surrogatepass")
        return Article(
            id=row[1],
            text=text,
            sentences=sentences,
            title=row[6],
            path=row[7],
            url=row[8],
            source=row[5],
            published=_day(row[2]),
            published_from=row[3],
            original=orig,
            removed_lines=row[9],
            duplicate_of=row[4],
        )

    @_wrap
    def get(self, article_id: str, *, original: bool = False) -> Article | None:
        """One stored article by id (with its original text when it was kept)."""
        row = self._db.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._load([row[0]], original=original)[0] if row else None

    def _window(
        self,
        start: dt.date | None,
        end: dt.date | None,
        include_duplicates: bool,
        sources: Sequence[str] = (),
    ) -> tuple[str, list[Any]]:
        # The window of dateline.request.in_window, in SQL: published on or after
        # `start`, by `window_end(end)`; undated articles stay in.
        where, params = [], []
        last = window_end(end)
        if start is not None:
            where.append("a.published >= ?")
            params.append(start.isoformat())
        if last is not None:
            where.append("a.published <= ?")
            params.append(last.isoformat())
        sql = f"(a.published IS NULL OR ({' AND '.join(where)}))" if where else "TRUE"
        if not include_duplicates:
            sql += " AND a.duplicate_of IS NULL"
        if sources:
            sql += f" AND a.source IN ({','.join('?' * len(sources))})"
            params.extend(sources)
        return sql, params

    def _rank(
        self,
        expr: str,
        start: dt.date | None,
        end: dt.date | None,
        limit: int,
        include_duplicates: bool,
        sources: Sequence[str] = (),
    ) -> list[tuple[int, float]]:
        where, params = self._window(start, end, include_duplicates, sources)
        return self._db.ranked(expr, where, params, limit, originals_only=not include_duplicates)

    def _expression(self, query: str | None, keywords: Sequence[str]) -> str | None:
        """The backend's full-text expression: every query word, and any one keyword."""
        try:
            # The bounds of every request (dateline.request), checked here too for
            # callers of the store's own methods: a huge query is a deep FTS5 tree.
            check_query(query)
            check_keywords(tuple(keywords))
        except RequestError as exc:
            raise QueryError(str(exc)) from None
        parts = []
        words = fts.terms(query)
        if query and not words:
            raise QueryError(f"the query {query!r} has no words to search for")
        if words:
            parts.append(self._db.all_of(words))
        phrases = [p for p in (fts.phrase(k) for k in keywords) if p]
        if keywords and not any(query_words(k) for k in keywords):
            raise QueryError("the keywords have no words to search for")
        if phrases:
            parts.append(self._db.any_of(phrases))
        if not parts:
            return None
        return self._db.both(*parts) if len(parts) > 1 else parts[0]

    @_wrap
    def articles_for_query(
        self,
        query: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        limit: int = QUERY_LIMIT,
        *,
        keywords: Sequence[str] = (),
        include_duplicates: bool = False,
        sentence_terms: Sequence[str] = (),
        max_sentences: int | None = None,
        sources: Sequence[str] = (),
    ) -> list[Article]:
        """The articles a timeline of `query` should be built from, most relevant first.

        Every query word must occur in the article (title or text), as the timeline step
        requires; any one of `keywords` must. The `limit` best by BM25 are returned,
        within the date window. Near-duplicates are left out by default: ranking counts a
        story once anyway, and their slots go to other stories. Without a query or
        keywords, every article in the window is returned, if there are at most `limit`.

        `sentence_terms` keeps only the sentences that contain one of them (see `_load`):
        a timeline can only use sentences with a query word or keyword, and the others
        are most of the cost of building it. `max_sentences` stops at the article (in
        rank order) that brings the loaded sentences to that many. With `sources`, only
        articles from those outlets count.
        """
        expr = self._expression(query, keywords)
        if expr is None:
            where, params = self._window(start, end, include_duplicates, sources)
            rowids = [
                r[0]
                for r in self._db.execute(
                    f"SELECT a.rowid FROM articles a WHERE {where} ORDER BY a.rowid LIMIT ?",
                    [*params, limit + 1],
                )
            ]
            if len(rowids) > limit:
                raise TooManyArticlesError(
                    f"{self.path} has more than {limit} articles in that window; "
                    "give a query or keywords to choose among them"
                )
            return self._load(rowids, sentence_terms=sentence_terms, max_sentences=max_sentences)
        ranked = self._rank(expr, start, end, limit, include_duplicates, sources)
        return self._load(
            [r for r, _ in ranked], sentence_terms=sentence_terms, max_sentences=max_sentences
        )

    @_wrap
    def search(
        self,
        query: str,
        limit: int = 20,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        sentences: int = 3,
    ) -> list[SearchHit]:
        """Articles matching every word of `query`, best first, each with its matching
        sentences (the ones with most query words, up to `sentences`)."""
        expr = self._expression(query, ())
        if expr is None:
            raise QueryError("the query is empty: give the words to search for")
        ranked = self._rank(expr, start, end, limit, include_duplicates=True)
        articles = self._load([r for r, _ in ranked])
        # Which sentences match is decided by the full-text engine itself (the index's
        # tokenizer and stemmer), best first.
        texts = [
            (a * 1_000_000 + s, sent.text)
            for a, art in enumerate(articles)
            for s, sent in enumerate(art.sentences)
        ]
        matched: dict[int, list[int]] = {}
        for hit in self._db.matching(texts, fts.terms(query)):
            picks = matched.setdefault(hit // 1_000_000, [])
            if len(picks) < sentences:
                picks.append(hit % 1_000_000)
        return [
            SearchHit(
                article=ArticleRef.of(art),
                score=score,
                sentences=[art.sentences[s] for s in matched.get(a, [])],
                duplicate_of=art.duplicate_of,
            )
            for a, (art, (_, score)) in enumerate(zip(articles, ranked, strict=True))
        ]

    @_wrap
    def volume(
        self,
        query: str | None = None,
        *,
        keywords: Sequence[str] = (),
        sources: Sequence[str] = (),
    ) -> StoryVolume:
        """The same counts as `dateline.timeline.volume.story_volume`, in SQL: over every
        article matching `query` and `keywords` (all articles without them), whatever its
        date; near-duplicates count for their outlet only; `sources` narrows `published`
        and `mentions`."""
        expr = self._expression(query, keywords)
        db = self._db
        match = "TRUE" if expr is None else db.matches
        params: list[Any] = [] if expr is None else [expr]
        outlets = {
            src: n
            for src, n in db.execute(
                f"SELECT a.source, count(*) FROM articles a WHERE {match}"
                " AND a.source IS NOT NULL GROUP BY a.source ORDER BY count(*) DESC, a.source",
                params,
            )
        }
        match += " AND a.duplicate_of IS NULL"
        if sources:
            match += f" AND a.source IN ({','.join('?' * len(sources))})"
            params = [*params, *sources]
        published: dict[dt.date, int] = {}
        count = 0
        for day, n in db.execute(
            f"SELECT a.published, count(*) FROM articles a WHERE {match}"
            " GROUP BY a.published ORDER BY a.published",
            params,
        ):
            count += n
            if day is not None:
                published[dt.date.fromisoformat(day)] = n
        rows = db.execute(
            "SELECT m.day, count(*) FROM articles a JOIN mentions m ON m.sentence"
            " BETWEEN a.first_sentence AND a.first_sentence + a.sentence_count - 1"
            f" WHERE {match} AND m.day IS NOT NULL GROUP BY m.day ORDER BY m.day",
            params,
        )
        mentions = {dt.date.fromisoformat(day): n for day, n in rows}
        return StoryVolume(
            published=published,
            mentions=dict(sorted(mentions.items())),
            outlets=outlets,
            article_count=count,
        )

    @_wrap
    def stats(self) -> StoreStats:
        db = self._db
        n, undated, dups, inferred, first, last, sents = db.execute(
            "SELECT count(*), count(*) FILTER (WHERE published IS NULL),"
            " count(*) FILTER (WHERE duplicate_of IS NOT NULL),"
            " count(*) FILTER (WHERE published_from = 'inferred'), min(published),"
            " max(published), sum(sentence_count) FROM articles"
        ).fetchone()
        sources = {
            src: count
            for src, count in db.execute(
                "SELECT coalesce(source, ''), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"
            )
        }
        mentions = db.execute("SELECT count(*) FROM mentions").fetchone()[0]
        return StoreStats(
            path=str(self.path),
            schema_version=SCHEMA_VERSION,
            articles=n,
            sentences=int(sents or 0),
            mentions=mentions,
            sources=sources,
            first=_day(first),
            last=_day(last),
            undated=undated or 0,
            inferred=inferred or 0,
            duplicates=dups or 0,
            size_bytes=db.size_bytes(),
        )

    @_wrap
    def optimize(self) -> None:
        """Tidy the full-text index after big ingests (SQLite: merge it into one segment;
        PostgreSQL: fold in GIN's pending entries, refresh planner statistics)."""
        self._db.optimize()


def _prepare_one(article: Article, raw: bytes) -> Prepared:
    from dateline.store._prepare import prepare_article

    return prepare_article(article, raw, keep_original=False)
