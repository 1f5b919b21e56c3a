"""The one error the evaluation raises: its message is a single line for the user."""

from __future__ import annotations


class EvaluationError(Exception):
    """A timeline file that cannot be read, or ROUGE's resources that are missing.

    The message names the file (when there is one) and the problem in one line, so the
    CLI can print it as is.
    """


class TimelineWarning(UserWarning):
    """Part of a timeline file was unusable and skipped; the rest was read."""
