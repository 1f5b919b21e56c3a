"""dateline: turn a pile of news articles into a dated, source-attributed timeline."""

__version__ = "0.1.0"
