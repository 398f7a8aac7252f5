"""User-facing errors: the CLI prints them as one line and exits with code 2."""


class InputError(Exception):
    """Bad input from the user (file, row, column, option); the message names where."""
