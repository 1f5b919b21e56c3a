"""Shared fixtures: the real data in ../shared/data, skipped with a reason when absent."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("DATELINE_SHARED_DATA", REPO.parent / "shared" / "data"))


def _require(sub: str) -> Path:
    path = SHARED_DATA / sub
    if not path.exists():
        pytest.skip(f"needs {path} (the shared test data is not beside the repository)")
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return _require("")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _require("seeds")


@pytest.fixture(scope="session")
def t17_dir() -> Path:
    return _require("t17")


@pytest.fixture(scope="session")
def newstls_dir() -> Path:
    return _require("t17-newstls")


@pytest.fixture(scope="session")
def fidelity_dir() -> Path:
    return _require("t17-fidelity")


@pytest.fixture(scope="session")
def tempeval_dir() -> Path:
    return _require("tempeval3")


# --- The store's two backends: the SQLite file, and a real PostgreSQL server ----------
# (tests/pg_server.py starts it; with DATELINE_REQUIRE_POSTGRES set, as in .ci/run, a
# missing server or driver fails the tests instead of skipping them).

BACKENDS = ("sqlite", "postgres")


@pytest.fixture(scope="session")
def postgres() -> Iterator[object]:
    from pg_server import REQUIRE_ENV, binaries, running_server

    missing = None
    if binaries() is None:
        missing = "PostgreSQL's server binaries (apt-get install postgresql)"
    else:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            missing = "psycopg (pip install 'dateline[postgres]')"
    if missing is not None:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{REQUIRE_ENV} is set but {missing} is missing")
        pytest.skip(f"needs {missing}")
    with running_server() as server:
        yield server


@pytest.fixture
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """A factory of empty databases of the test's backend (its `backend` parameter)."""
    backend = request.node.callspec.params.get("backend", "sqlite")
    return make_db_factory(request, backend, tmp_path)


def make_db_factory(
    request: pytest.FixtureRequest, backend: str, folder: Path
) -> Callable[[str], str]:
    if backend == "postgres":
        server = request.getfixturevalue("postgres")
        return lambda name: server.new_database()  # type: ignore[attr-defined]
    return lambda name: str(folder / f"{name}.db")
