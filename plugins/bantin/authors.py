"""Authors' details from `content/.authors.yml`: a display name, a short bio and an avatar.

    authors:
      Thảo Nguyên:               # the name as written in articles' `author:`
        name: Thảo Nguyên        # optional display name
        bio: Phóng viên …
        avatar: images/tac-gia/thao-nguyen.svg

An author who is not listed still gets a page under the name used in the articles.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .articles import nfc
from .problems import Problem
from .slugs import slugify

_KEYS = ("name", "bio", "avatar")


@dataclass(frozen=True, slots=True)
class AuthorInfo:
    name: str
    bio: str | None = None
    avatar: str | None = None


def parse_authors(text: str, path: str) -> tuple[dict[str, AuthorInfo], list[Problem]]:
    """Author details keyed by the slug of the name used in articles."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {}, [Problem(path, mark.line + 1 if mark else 1, "authors", f"YAML syntax error: {error}")]
    entries = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        return {}, [Problem(path, 1, "authors", "start the file with `authors:` and list each author under it")]
    lines = {str(k): n for n, line in enumerate(text.splitlines(), 1) for k in entries if line.strip().startswith(f"{k}:")}
    out, problems = {}, []
    for key, details in entries.items():
        line = lines.get(str(key), 1)
        details = details or {}
        if not isinstance(details, dict):
            problems.append(Problem(path, line, str(key), "give `bio:` and `avatar:` under the name"))
            continue
        for unknown in set(details) - set(_KEYS):
            problems.append(Problem(path, line, str(unknown), f"unknown field, ignored; known: {', '.join(_KEYS)}",
                                    "warning"))
        name = nfc(str(key))
        out[slugify(name) or "-"] = AuthorInfo(
            name=nfc(str(details.get("name") or name)),
            bio=nfc(str(details["bio"])) if details.get("bio") else None,
            avatar=str(details["avatar"]).strip() if details.get("avatar") else None,
        )
    return out, problems
