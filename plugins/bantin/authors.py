"""Authors' details from `content/.authors.yml`: a display name, a short bio and an avatar.

    authors:
      Thảo Nguyên:               # the name as written in articles' `author:`
        name: Thảo Nguyên        # optional display name
        bio: Phóng viên …
        avatar: images/tac-gia/thao-nguyen.svg

An author who is not listed still gets a page under the name used in the articles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .articles import nfc
from .front import load, shorten
from .links import is_local, safe_link
from .messages import Messages
from .problems import Problem
from .urls import slug

_KEYS = ("name", "bio", "avatar")


@dataclass(frozen=True, slots=True)
class AuthorInfo:
    name: str
    bio: str | None = None
    avatar: str | None = None


def parse_authors(text: str, path: str, say: Messages | None = None,
                  exists: Callable[[str], bool] | None = None) -> tuple[dict[str, AuthorInfo], list[Problem]]:
    """Author details keyed by the slug of the name used in articles."""
    say = say or Messages()
    data, lines, _, problems = load(text, path, say)
    if data is None:
        return {}, problems
    entries = data.get("authors")
    if not isinstance(entries, dict):
        return {}, problems + [Problem(path, lines.get("authors", 1), "authors", say("authors_start"))]
    # The line of each author's name: the first line after `authors:` that starts with it.
    start = lines.get("authors", 1)
    written = text.splitlines()
    line_of = {str(k): next((n for n in range(start, len(written) + 1)
                             if written[n - 1].strip().startswith((f"{k}:", f'"{k}":', f"'{k}':"))), start)
               for k in entries}
    def indent(text: str) -> int:
        return len(text) - len(text.lstrip())

    def line_in(start: int, name: str) -> int:
        """The line of `name:` in the block of the author named on line `start` (deeper indented lines)."""
        own = indent(written[start - 1]) if start <= len(written) else 0
        for number in range(start + 1, len(written) + 1):
            text = written[number - 1]
            if text.strip() and not text.lstrip().startswith("#") and indent(text) <= own:
                break
            if text.strip().startswith(f"{name}:"):
                return number
        return start

    out = {}
    for key, details in entries.items():
        line = line_of[str(key)]
        details = details or {}
        if not isinstance(details, dict):
            problems.append(Problem(path, line, str(key), say("authors_details")))
            continue
        for unknown in sorted(set(map(str, details)) - set(_KEYS)):
            hint = say("known_fields", names=", ".join(_KEYS))
            problems.append(Problem(path, line, unknown, say("unknown_field", hint=hint), "warning"))
        texts = {}
        for name in _KEYS:
            value = details.get(name)
            if isinstance(value, (dict, list)):
                problems.append(Problem(path, line_in(line, name), name, say("not_text", field=name, example="…")))
            elif value not in (None, ""):
                texts[name] = nfc(str(value))
        avatar = texts.get("avatar")
        if avatar and not safe_link(avatar):
            problems.append(Problem(path, line_in(line, "avatar"), "avatar", say("bad_url", value=shorten(avatar))))
            avatar = None
        elif avatar and exists and is_local(avatar) and not exists(avatar.lstrip("/")):
            problems.append(Problem(path, line_in(line, "avatar"), "avatar", say("image_missing", path=shorten(avatar))))
        name = nfc(str(key))
        out[slug(name)] = AuthorInfo(name=texts.get("name") or name, bio=texts.get("bio"), avatar=avatar)
    return out, problems
