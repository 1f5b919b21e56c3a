"""The version of dateline: read by pyproject.toml (setuptools' dynamic version) and by
`dateline --version`, so it is written in one place."""

__version__ = "0.1.0"
