"""The site's own pages (home, Giới thiệu, …): their front-matter is validated like an article's.

The theme prints `title`, `description`, `author` and `subtitle` of every page; a list there, or a template
the page cannot be rendered with, is an editor's mistake with a line, not a broken site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .articles import FieldReader
from .front import read
from .links import check_body
from .messages import Messages
from .problems import Problem

PAGE_FIELDS = ("title", "description", "author", "subtitle", "template", "hide", "search")
PAGE_TEMPLATES = ("main.html", "home.html")
# What Material can hide on a page (material/templates: base.html, partials/*).
HIDE = ("navigation", "toc", "footer", "path", "tags", "feedback")
_TEXT = ("title", "description", "author", "subtitle")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page's front-matter says, checked: the texts the theme prints, already clean."""

    src_uri: str
    texts: dict[str, str]


def parse_page(text: str, *, path: str, src_uri: str, say: Messages | None = None,
               exists: Callable[[str], bool] | None = None,
               theme_has: Callable[[str], bool] | None = None) -> tuple[PageMeta | None, list[Problem]]:
    """Validate a page that is not an article; a page may have no front-matter at all."""
    say = say or Messages()
    fm, problems = read(text, path, say)
    if fm is None:
        return None, problems
    r = FieldReader(path, fm, say)
    r.problems += problems
    r.unknown(PAGE_FIELDS)
    r.template(PAGE_TEMPLATES, theme_has)
    texts = {name: value for name in _TEXT if (value := r.text(name, example="…"))}
    hide = fm.meta.get("hide")
    if hide is not None and (not isinstance(hide, list) or not all(isinstance(h, str) and h in HIDE for h in hide)):
        r.error("hide", "hide", choices=", ".join(HIDE))
    search = fm.meta.get("search")
    if search is not None and not (
            isinstance(search, dict) and set(search) <= {"exclude", "boost"}
            and isinstance(search.get("exclude", False), bool)
            and isinstance(search.get("boost", 1), (int, float)) and not isinstance(search.get("boost"), bool)):
        r.error("search", "search_meta")
    if exists:
        for line, key, target in check_body(fm.body, src_uri, exists):
            r.problems.append(Problem(path, fm.body_line + line - 1, "body", say(key, target=target, value=target)))
    if any(p.severity == "error" for p in r.problems):
        return None, r.problems
    return PageMeta(src_uri, texts), r.problems
