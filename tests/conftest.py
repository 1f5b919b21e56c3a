"""Shared fixtures: the real data in ../shared/data, skipped with a reason when absent."""

from __future__ import annotations

import os
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
