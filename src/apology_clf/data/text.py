"""Is it text at all? A body of random bytes, a broken encoding left as symbols or a row of
digits and punctuation is not a reply; scoring it would only add a confident, meaningless
score. Such input is skipped with a reason, never scored."""

from __future__ import annotations

import re

BINARY = "not text (binary or control characters)"
BROKEN_ENCODING = "not text (broken character encoding)"
NO_WORDS = "not text (mostly symbols and digits)"

# thresholds, as shares of the non-space characters
MAX_CONTROL = 0.01  # tab and newlines are spacing, not control here
MAX_REPLACEMENT = 0.02  # U+FFFD: what a decoder writes for bytes it could not read
MIN_LETTERS = 0.5
MIN_CHARS = 4  # shorter replies ("Ok!", "👍") are too short to judge and are left alone

# counted with regular expressions: they run in C, and this runs on every scored row
_SPACE = re.compile(r"\s")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Unicode category Cc, less spacing
_LETTER = re.compile(r"[^\W\d_]")


def not_text_reason(text: str) -> str | None:
    """Why ``text`` is not text to score, or None when it is."""
    n = len(text) - len(_SPACE.findall(text))
    if "\x00" in text or n and len(_CONTROL.findall(text)) / n > MAX_CONTROL:
        return BINARY
    if n < MIN_CHARS:
        return None
    if text.count("\ufffd") / n > MAX_REPLACEMENT:
        return BROKEN_ENCODING
    if len(_LETTER.findall(text)) / n < MIN_LETTERS:
        return NO_WORDS
    return None
