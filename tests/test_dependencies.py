"""Every distribution the code imports is declared directly in pyproject.toml (issue 13):
the package's own imports in `dependencies` (or the optional extra that needs them),
what tests and benchmarks import in the `dev` extra too. Nothing may rely on what a
machine happens to have installed."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_NAME = re.compile(r"^[A-Za-z0-9._-]+")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(specs: list[str]) -> set[str]:
    return {_canonical(_NAME.match(s.strip()).group()) for s in specs}  # type: ignore[union-attr]


def _imports(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    # (benchmarks put tests/ on their path for its helpers, e.g. pg_server)
    local = {p.stem for p in [*folder.glob("*.py"), *(REPO / "tests").glob("*.py")]}
    local.add("dateline")
    return {m for m in found if m not in sys.stdlib_module_names and m not in local}


def _distributions(modules: set[str], optional: set[str] = frozenset()) -> dict[str, set[str]]:
    """Each module's distributions. A module not installed is allowed only when an
    optional extra (not `dev`, so not here) declares a distribution of its very name."""
    owners = packages_distributions()
    missing = sorted(m for m in modules if m not in owners and _canonical(m) not in optional)
    assert not missing, f"imported but not installed: {missing}"
    return {m: {_canonical(d) for d in owners.get(m, [m])} for m in modules}


def test_every_import_is_declared() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    runtime = _declared(project["dependencies"])
    # The package may import an optional extra's distributions where that extra is needed
    # (fastapi in `dateline.web`, for `serve`; psycopg for a PostgreSQL store; wordllama
    # for semantic grouping); tests and benchmarks get `dev`.
    optional = set().union(*(_declared(v) for k, v in extras.items() if k != "dev"))
    package = runtime | optional
    dev = runtime | _declared(extras["dev"])
    for folder, declared in (("src", package), ("tests", dev), ("benchmarks", dev)):
        allowed = optional - dev if folder == "src" else set()
        for module, dists in _distributions(_imports(REPO / folder), allowed).items():
            assert dists & declared, f"{folder} imports {module} ({dists}): not declared"


def test_the_web_extra_covers_the_web_imports() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    web = _declared(project["optional-dependencies"]["web"])
    assert {"fastapi", "uvicorn"} <= web
