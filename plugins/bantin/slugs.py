"""URL slugs from Vietnamese text: `Đảng` → `dang`, `Sa Pa` → `sa-pa`."""

from __future__ import annotations

import re
import unicodedata

# Đ/đ is a letter of its own, not D with a combining mark, so NFD leaves it whole; Ð (U+00D0) is its
# look-alike in text pasted from old Vietnamese encodings.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lowercase text without diacritics: what a reader types on a phone."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(text: str, max_words: int | None = None) -> str:
    """A stable ASCII slug; empty text gives an empty slug."""
    words = _NOT_WORD.sub(" ", fold(text)).split()
    if max_words:
        words = words[:max_words]
    return "-".join(words)
