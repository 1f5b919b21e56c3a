"""`python -m dateline` runs the command-line interface."""

from dateline.cli import main

main()
