"""User-facing errors, worded for the caller.

Messages name parameters the Python way, in backticks (`` `val_data` ``); the CLI prints the
same message with its own flag in their place (``--val``), as one line with exit code 2."""

from __future__ import annotations

import re
from collections.abc import Mapping

_NAME = re.compile(r"`(\w+)`")


class InputError(ValueError):
    """Bad input from the caller (file, row, column, option); the message names where."""


def with_flags(message: str, flags: Mapping[str, str]) -> str:
    """``message`` with each `` `name` `` replaced by its CLI flag from ``flags``; names the
    command does not have stay as they are.

    >>> with_flags("`fmt` 'xls': use csv", {"fmt": "--format"})
    "--format 'xls': use csv"
    """
    return _NAME.sub(lambda m: flags.get(m.group(1), m.group(1)), message)
