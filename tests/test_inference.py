"""Date inference (issue 13): only read dates count, files and store agree, a re-run
changes nothing, and the work grows with the articles, not with their square."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BACKENDS
from dateline.model import Article, RawDocument
from dateline.pipeline import CANDIDATES, infer_missing_dates, load_articles
from dateline.read import read_paths
from dateline.store import Store

_DATED = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b", re.I)


def _short_articles(source: Path, out: Path, n: int, seed: int = 7) -> Path:
    """`n` short undated articles as JSON Lines: three sentences each from the texts under
    `source`, none naming a date (no digit, no month)."""
    pool = []
    for doc in read_paths([source]):
        if isinstance(doc, RawDocument):
            pool += [
                line.strip()
                for line in doc.text.splitlines()
                if len(line.split()) >= 6 and not _DATED.search(line)
            ]
    rng = random.Random(seed)
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"short-{i}", "text": "\n".join(rng.sample(pool, 3))}))
            fh.write("\n")
    return out


def _store_dates(db: str | Path) -> dict[str, tuple[str | None, str | None]]:
    with Store(db) as store:
        return {
            i: (p, f)
            for i, p, f in store.connection.execute(
                "SELECT id, published, published_from FROM articles"
            )
        }


def _file_dates(paths: list[Path]) -> dict[str, tuple[str | None, str | None]]:
    return {
        a.id: (a.published.isoformat() if a.published else None, a.published_from)
        for a in load_articles(paths, workers=1).articles
    }


@pytest.mark.parametrize("backend", BACKENDS)
def test_files_and_store_agree_on_the_seeds(
    seeds_dir: Path, backend: str, new_db: Callable[[str], str]
) -> None:
    db = new_db("s")  # an SQLite file, or a PostgreSQL database
    with Store(db) as store:
        store.ingest(read_paths([seeds_dir]))
    from_store = _store_dates(db)
    assert from_store == _file_dates([seeds_dir])
    assert sum(f == "inferred" for _, f in from_store.values()) == 1


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    _short_articles(seeds_dir, folder / "short.jsonl", 60)
    return folder


def test_files_and_store_agree_and_a_rerun_changes_nothing(
    corpus: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.ingest(read_paths([seeds_dir]))  # a store that already holds articles
        first = store.ingest(read_paths([corpus]))
    after_first = _store_dates(db)
    assert first.inferred > 0  # the case is not trivial
    with Store(db) as store:
        again = store.ingest(read_paths([corpus]))
        mentions = store.connection.execute("SELECT count(*) FROM mentions").fetchone()
    assert (again.added, again.unchanged, again.inferred) == (0, 60, 0)
    assert _store_dates(db) == after_first
    with Store(db) as store:
        assert store.connection.execute("SELECT count(*) FROM mentions").fetchone() == mentions
        # Asking the store to infer again, for everything, changes nothing either.
        assert store.infer_dates() == 0
    assert _store_dates(db) == after_first == _file_dates([seeds_dir, corpus])


def _undated_copy(article: Article, n: int) -> Article:
    fields = {f: getattr(article, f) for f in article.__dataclass_fields__}
    return Article(
        **{**fields, "id": f"{article.id}-copy{n}", "published": None, "published_from": None}
    )


def test_inferred_dates_are_no_evidence(seeds_dir: Path) -> None:
    articles = {a.id[:3]: a for a in load_articles([seeds_dir], workers=1).articles}
    inferred = articles["002"]
    assert inferred.published_from == "inferred"
    # The undated seed's own story, undated again: an inferred date may not date it.
    (result,) = infer_missing_dates([_undated_copy(inferred, 1)], [inferred])
    assert result.published is None
    (result,) = infer_missing_dates([_undated_copy(inferred, 1)], [inferred, articles["000"]])
    assert result.published == inferred.published  # from the read date, as before


def test_work_grows_linearly(t17_dir: Path, tmp_path: Path) -> None:
    dated = [a for a in load_articles([t17_dir / "bpoil_bbc"], workers=1).articles[::4]]
    assert len(dated) > CANDIDATES  # candidates are chosen, not all compared
    short = _short_articles(t17_dir / "bpoil_bbc", tmp_path / "short.jsonl", 80)
    undated = load_articles([short], workers=1).articles
    work: dict[int, Counter[str]] = {}
    for n in (40, 80):
        work[n] = Counter()
        infer_missing_dates(undated[:n], dated, work=work[n])
        assert work[n]["articles"] == n
        assert work[n]["comparisons"] <= n * CANDIDATES
    # Twice the articles, about twice the work (not four times).
    assert work[80]["comparisons"] <= 2.2 * work[40]["comparisons"]
    # Candidate days per article: at most the span of the neighbours' dates and a week.
    days = [a.published for a in dated if a.published is not None]
    span = (max(days) - min(days)).days + 9
    assert work[80]["days"] <= 80 * span
    # The store too: per article at most CANDIDATES compared, whatever the store holds.
    with Store(tmp_path / "w.db") as store:
        store.ingest_articles(dated)
        store.ingest_articles(undated)
        counted: Counter[str] = Counter()
        store.infer_dates(work=counted)
    assert counted["articles"] == 80
    assert counted["comparisons"] <= 80 * CANDIDATES


def test_a_dated_article_arriving_later_dates_the_undated(seeds_dir: Path, tmp_path: Path) -> None:
    undated = tmp_path / "a"
    undated.mkdir()
    dated = tmp_path / "b"
    dated.mkdir()
    for path in sorted(seeds_dir.glob("*.txt")):
        (undated if path.name.startswith("002") else dated).joinpath(path.name).write_bytes(
            path.read_bytes()
        )
    with Store(tmp_path / "l.db") as store:
        assert store.ingest(read_paths([undated])).inferred == 0
        assert store.ingest(read_paths([dated])).inferred == 1
    dates = _store_dates(tmp_path / "l.db")
    assert dates[next(i for i in dates if i.startswith("002"))] == ("2019-02-28", "inferred")
