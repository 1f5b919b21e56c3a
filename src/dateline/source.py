"""Where the articles come from: files (read, annotated, kept in memory) or a dateline
database. Each source answers the same two requests:

    import dateline
    from dateline.request import TimelineRequest

    source = dateline.open(["articles/"])          # or dateline.open("news.db")
    timeline = source.timeline(TimelineRequest(query="Kim Jong Un", max_dates=10))
    hits = source.search(TimelineRequest(query="Kim Jong Un", limit=5))

The CLI, the web app and the Python API are shells over this; a `TimelineRequest` is
validated when it is made, so every shell refuses the same requests with the same words.
The database source uses only the store's public methods (`articles_for_query`,
`search`), so any store backend fits behind it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from dateline.model import Article, ArticleRef, Problem, SearchHit, StoryVolume, Timeline
from dateline.request import RequestError, TimelineRequest, in_window
from dateline.store import QUERY_LIMIT, SENTENCE_BUDGET, NoMatchError, Store, is_url
from dateline.words import Terms

if TYPE_CHECKING:
    from dateline.pipeline import LoadResult
    from dateline.timeline import Corpus, TimelineOptions

PathLike = str | os.PathLike[str]
# Suffixes that name a database when `open` is given a single path that is not a folder.
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
_SQLITE_MAGIC = b"SQLite format 3\x00"
# Matching sentences shown per article found by a search.
SEARCH_SENTENCES = 3


class Source(Protocol):
    """Anything that answers timeline and search requests."""

    def timeline(self, request: TimelineRequest) -> Timeline: ...

    def search(self, request: TimelineRequest) -> list[SearchHit]: ...


def _options(request: TimelineRequest) -> TimelineOptions:
    from dateline.timeline import TimelineOptions

    return TimelineOptions(
        max_dates=request.max_dates,
        sentences_per_date=request.sentences_per_date,
        start=request.start,
        end=request.end,
        keywords=request.keywords,
        query=request.query,
        sources=request.sources,
    )


def _needs_query(request: TimelineRequest) -> None:
    if not request.words:
        raise RequestError("the query is empty: give the words to search for")


class FileSource:
    """Articles read from files and folders (any supported format), or given already
    annotated. They are read once, on first use (or `load()`), and kept with their
    sentence vectors, so a server answers each request without reading again. Articles
    read here keep no `original` (the text as read): nothing asks a file source for it,
    and it costs as much memory as the text itself."""

    def __init__(
        self,
        paths: Iterable[PathLike] = (),
        *,
        articles: Sequence[Article] | None = None,
        format: str | None = None,
        workers: int | None = None,
        on_item: Callable[[Article | Problem], None] | None = None,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self._format, self._workers, self._on_item = format, workers, on_item
        self._loaded: LoadResult | None = None
        self._corpus: Corpus | None = None
        self._by_id: dict[str, Article] | None = None
        self._volumes: dict[tuple, StoryVolume] = {}
        if articles is not None:
            from dateline.pipeline import LoadResult

            self._loaded = LoadResult(list(articles), [])

    @property
    def roots(self) -> list[Path]:
        """The folders and files read (absolute), for callers that show paths."""
        return [p.absolute() for p in self.paths]

    def load(self) -> LoadResult:
        """Read, clean, date and tag the articles (once): `LoadResult(articles, problems)`."""
        if self._loaded is None:
            from dateline.pipeline import load_articles

            self._loaded = load_articles(
                self.paths,
                format=self._format,
                workers=self._workers,
                on_article=self._on_item,
                keep_original=False,  # nothing asks a file source for it
            )
        return self._loaded

    @property
    def articles(self) -> list[Article]:
        return self.load().articles

    @property
    def problems(self) -> list[Problem]:
        return self.load().problems

    def timeline(self, request: TimelineRequest) -> Timeline:
        """The timeline of `request`. With a query, keywords or outlets it is built, as
        from a database, from the articles about them (`articles_for`), so both sources
        give the same timeline; otherwise from every article, with the shared corpus."""
        from dateline.timeline import Corpus, build_timeline

        loaded = self.load()
        if request.terms or request.sources:
            articles = self.articles_for(request)
            return build_timeline(articles, _options(request), problems=loaded.problems)
        if self._corpus is None:
            self._corpus = Corpus.of(loaded.articles)
        return build_timeline(
            loaded.articles, _options(request), corpus=self._corpus, problems=loaded.problems
        )

    def articles_for(self, request: TimelineRequest) -> list[Article]:
        """What `DatabaseSource.articles_for` retrieves, by the same rules: the articles
        in the window about the request (every query word and one keyword in the title
        or text, `dateline.words`; from the chosen outlets), near-duplicates left out,
        each with only its sentences that have a keyword or a query word; in `about_order`."""
        from dateline.timeline.volume import about_query, has_keyword

        words, keywords, terms = Terms(request.words), Terms(request.keywords), Terms(request.terms)
        chosen = set(request.sources)
        out = []
        for art in self.load().articles:
            if (
                art.duplicate_of is None
                and in_window(art.published, request.start, request.end)
                and (not chosen or art.source in chosen)
                and about_query(art, words)
                and has_keyword(art, keywords)
            ):
                sentences = [s for s in art.sentences if not terms or terms.any_in(s.text)]
                text = "\n".join(s.text for s in sentences) if terms else art.text
                out.append(replace(art, sentences=sentences, text=text))
        return about_order(out)

    def article(self, article_id: str) -> Article | None:
        """One loaded article by id (looked up, never read from a path)."""
        if self._by_id is None:
            self._by_id = {a.id: a for a in self.load().articles}
        return self._by_id.get(article_id)

    def volume(self, request: TimelineRequest) -> StoryVolume:
        """The story's counts for the chart (`dateline.timeline.volume.story_volume`):
        over the articles about the request's query and keywords, whatever their date."""
        from dateline.timeline.volume import story_volume

        key = (request.words, request.keywords, request.sources)
        if key not in self._volumes:
            if len(self._volumes) >= 64:  # a server's recent views, not every one ever
                self._volumes.pop(next(iter(self._volumes)))
            self._volumes[key] = story_volume(
                self.load().articles, request.words, request.sources, keywords=request.keywords
            )
        return self._volumes[key]

    def search(self, request: TimelineRequest) -> list[SearchHit]:
        """Articles in the window that contain every query word (`dateline.words`, the
        store's rule), most mentions first, each with its sentences that have most query
        words."""
        _needs_query(request)
        words = Terms(request.words)
        found: list[tuple[float, int, Article]] = []
        for n, art in enumerate(self.load().articles):
            if not in_window(art.published, request.start, request.end):
                continue
            if words.all_in(art.title, art.text):
                score = words.count(art.title or "") + words.count(art.text)
                found.append((float(score), n, art))
        found.sort(key=lambda item: (-item[0], item[1]))
        singles = [Terms([w]) for w in request.words]
        hits = []
        for score, _, art in found[: request.limit]:
            counts = [sum(one.any_in(s.text) for one in singles) for s in art.sentences]
            best = sorted((i for i, c in enumerate(counts) if c), key=lambda i: (-counts[i], i))
            sentences = [art.sentences[i] for i in best[:SEARCH_SENTENCES]]
            hits.append(SearchHit(ArticleRef.of(art), score, sentences, art.duplicate_of))
        return hits


class DatabaseSource:
    """Articles in a dateline database: each request retrieves the most relevant ones
    (full-text search in the window) and builds the timeline from them.

    The file is checked when the source is made (a missing, empty or foreign file is a
    one-line `StoreError` then, not on the first request); each request opens its own
    connection, so a threaded web server may share the source.
    """

    def __init__(
        self,
        path: PathLike,
        *,
        limit: int = QUERY_LIMIT,
        max_sentences: int | None = SENTENCE_BUDGET,
        prune: bool = True,
        opener: Callable[[], Store] | None = None,
    ) -> None:
        # An SQLite file, or a PostgreSQL database named by its URL (`postgresql://...`).
        self.path: Path | str = str(path) if is_url(path) else Path(path)
        self.limit, self.max_sentences, self.prune = limit, max_sentences, prune
        # Another store backend plugs in here: anything `opener()` returns that has the
        # Store's reading methods and is a context manager.
        self._opener = opener or (lambda: Store(self.path, create=False))
        # Only a file's size and time tell that it changed (PostgreSQL: no volume cache).
        self._own_file = opener is None and isinstance(self.path, Path)
        self._volumes: dict[tuple, StoryVolume] = {}
        self.open_store().close()

    @property
    def roots(self) -> list[Path]:
        return []

    @property
    def name(self) -> str:
        """How messages name the database (a URL without its password)."""
        if isinstance(self.path, Path):
            return str(self.path)
        from dateline.store.postgres import display_name

        return display_name(self.path)

    def open_store(self) -> Store:
        """A fresh connection (one per request: sqlite3 connections stay in their thread)."""
        return self._opener()

    def articles_for(self, request: TimelineRequest) -> list[Article]:
        """The articles a timeline of `request` is built from, most relevant first."""
        # The timeline step counts and quotes only sentences that contain a keyword or a
        # query word (`dateline.words`); loading just those makes a 1000-article
        # timeline several times faster. The dates are the same; the TF-IDF statistics and
        # each date's vector (drawn from all its sentences when they are there) see fewer.
        with self.open_store() as store:
            found = store.articles_for_query(
                request.query,
                request.start,
                request.end,
                self.limit,
                keywords=request.keywords,
                sentence_terms=request.terms if self.prune else (),
                max_sentences=self.max_sentences,
                sources=request.sources,
            )
        return about_order(found)

    def timeline(self, request: TimelineRequest) -> Timeline:
        """The timeline of `request`; an empty one when nothing matches. Raises
        `TooManyArticlesError` (a `RequestError`) for a window too big without a query."""
        from dateline.timeline import build_timeline

        articles = self.articles_for(request)
        if not articles:
            return Timeline(entries=[], articles=[], query=request.query, keywords=request.keywords)
        return build_timeline(articles, _options(request))

    def article(self, article_id: str) -> Article | None:
        """One stored article by id."""
        with self.open_store() as store:
            return store.get(article_id)

    def volume(self, request: TimelineRequest) -> StoryVolume:
        """The story's counts for the chart, from SQL (`Store.volume`). They do not depend
        on the date window, so narrowing a view reuses them, until the database changes
        (its files' sizes and times are part of the key)."""
        key = (request.words, request.keywords, request.sources, self._file_version())
        if key[-1] is not None and key in self._volumes:
            return self._volumes[key]
        with self.open_store() as store:
            volume = store.volume(request.query, keywords=request.keywords, sources=request.sources)
        if key[-1] is not None:
            if len(self._volumes) >= 64:  # a server's recent views, not every one ever
                self._volumes.pop(next(iter(self._volumes)))
            self._volumes[key] = volume
        return volume

    def _file_version(self) -> tuple | None:
        """What changes when the database file is written (with its WAL), or None when
        the store is not this source's own file."""
        if not self._own_file or not isinstance(self.path, Path):
            return None
        out = []
        for p in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                st = p.stat()
            except OSError:
                out.append(None)
            else:
                out.append((st.st_size, st.st_mtime_ns))
        return tuple(out)

    def search(self, request: TimelineRequest) -> list[SearchHit]:
        _needs_query(request)
        with self.open_store() as store:
            return store.search(
                request.query or "", request.limit, start=request.start, end=request.end
            )


def about_order(articles: list[Article]) -> list[Article]:
    """The order a timeline's articles are given in, whatever the source found them in
    (relevance, reading order): by id, so that files and a database build from the same
    list and tie-breaks fall the same way."""
    return sorted(articles, key=lambda a: a.id)


def is_database(path: PathLike) -> bool:
    """Whether `open` takes this path for a database: an SQLite file, or a file named
    like one (so that an empty or foreign `news.db` is refused as a database, not read
    as an article)."""
    p = Path(path)
    if p.is_dir():
        return False
    if p.suffix.lower() in DATABASE_SUFFIXES:
        return True
    try:
        with p.open("rb") as fh:
            return fh.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def open(  # the public name the API documents: dateline.open
    source: PathLike | Iterable[PathLike] | Sequence[Article],
    *,
    format: str | None = None,
    workers: int | None = None,
    on_item: Callable[[Article | Problem], None] | None = None,
) -> FileSource | DatabaseSource:
    """A source over a database (one path that `is_database`, or a `postgresql://` URL),
    over files and folders, or over already annotated `Article`s."""
    if isinstance(source, (str, os.PathLike)):
        if is_url(source) or is_database(source):
            return DatabaseSource(source)
        source = [source]
    items = list(source)
    if items and all(isinstance(a, Article) for a in items):
        return FileSource(articles=items)  # type: ignore[arg-type]
    return FileSource(items, format=format, workers=workers, on_item=on_item)  # type: ignore[arg-type]


def timeline_from_store(
    db_path: PathLike,
    request: TimelineRequest | None = None,
    *,
    limit: int = QUERY_LIMIT,
    max_sentences: int | None = SENTENCE_BUDGET,
    prune: bool = True,
) -> Timeline:
    """The timeline of `request` from a dateline database (what `dateline timeline --db`
    builds). Retrieves the `limit` most relevant articles in the window, fewer if their
    sentences pass `max_sentences` (None: no bound). With `prune`, only the sentences the
    timeline may quote are loaded. Raises `StoreError` for a missing or foreign file,
    `QueryError` for a request the store cannot answer, `NoMatchError` when nothing
    matches."""
    from dateline.timeline import build_timeline

    request = request or TimelineRequest()
    source = DatabaseSource(db_path, limit=limit, max_sentences=max_sentences, prune=prune)
    articles = source.articles_for(request)
    if not articles:
        what = f"the query {request.query!r}" if request.query else "the keywords"
        if not request.query and not request.keywords:
            what = "the date window"
        raise NoMatchError(f"no article in {source.name} matches {what}")
    return build_timeline(articles, _options(request))
