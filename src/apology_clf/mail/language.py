"""Is a reply Dutch? (lingua, restricted to the languages a Dutch/Belgian mailbox holds)."""

from __future__ import annotations

from functools import lru_cache

MIN_WORDS = 5  # shorter texts are too short to judge; they are kept


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [Language.DUTCH, Language.ENGLISH, Language.FRENCH, Language.GERMAN]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def is_dutch(text: str) -> bool:
    """Whether ``text`` is Dutch (lingua); texts too short to tell count as Dutch."""
    if len(text.split()) < MIN_WORDS:
        return True
    from lingua import Language

    return _detector().detect_language_of(text) == Language.DUTCH
