"""The `dateline` command: a thin shell over the library. No logic lives here."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="dateline",
    help="Turn a pile of news articles into a dated, source-attributed timeline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 1) -> None:
    """Print one clear line on stderr and exit; never a traceback."""
    typer.echo(f"dateline: {message}", err=True)
    raise typer.Exit(code)


# --- commands are added below, one thin function each ---


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("dateline: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
