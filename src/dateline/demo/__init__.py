"""The demo corpus: nine short articles about the 2010 Copiapó mine rescue (see its README)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["corpus_path"]


def corpus_path() -> Path:
    """The folder holding the demo articles (installed as package data)."""
    return Path(str(resources.files("dateline.demo") / "corpus"))
