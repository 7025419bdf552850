"""What `check` would say of a file an editor is about to save, before it is written.

Each kind of file is read by the same parser a build uses (article, document, page, leaders, week), with the
files being uploaded in the same save counted as present; a document's number is also compared with the
rest of the register. Only errors refuse a save: a warning (an unknown `replaces` number) is shown, not fatal,
as in `check`.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable

from ..articles import Article, parse_article
from ..citations import normalize
from ..content import LEADERS_FILE, SCHEDULE_DIR, is_article, is_document
from ..documents import Document, parse_document
from ..front import decode, read
from ..leaders import parse_leaders
from ..pages import parse_page
from ..problems import Problem
from ..schedule import parse_week
from ..settings import Settings


def url_of(src_uri: str) -> str:
    """The page address MkDocs gives a Markdown file with directory URLs."""
    stem = src_uri[:-3]
    if stem == "index":
        return ""
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


class Checker:
    """Checks saves against one portal's settings; remembers the register's numbers between saves."""

    def __init__(self, settings: Settings, templates: Callable[[str], bool] | None = None):
        self.settings, self.templates = settings, templates
        self._numbers: dict[str, tuple[tuple[int, int], str | None]] = {}  # src_uri → ((mtime, size), number)

    def check(self, src_uri: str, data: bytes, present: Callable[[str], bool]) -> tuple[object, list[Problem]]:
        """(the parsed value or None, every problem) for a file `src_uri` (under the content folder) that
        would hold `data`; `present(path)` tells whether a path under the content folder will exist."""
        s = self.settings
        shown = s.shown(os.path.join(s.docs_dir, src_uri))
        text, problems = decode(data, shown, s.say)
        if text is None:
            return None, problems
        if src_uri == LEADERS_FILE:
            leaders, found = parse_leaders(text, shown, s.say, present)
            return leaders, problems + found
        if posixpath.dirname(src_uri) == SCHEDULE_DIR and src_uri.endswith((".yml", ".yaml")):
            week, found = parse_week(text, shown, posixpath.basename(src_uri), s.tz, s.say)
            return week, problems + found
        if not src_uri.endswith(".md"):
            return None, problems
        url = url_of(src_uri)
        if is_article(src_uri, s):
            value, found = parse_article(text, path=shown, src_uri=src_uri, url=url, tz=s.tz, image_exists=present,
                                         say=s.say, theme_has=self.templates, md=s.markdown())
        elif is_document(src_uri, s):
            value, found = parse_document(text, path=shown, src_uri=src_uri, url=url, tz=s.tz, exists=present,
                                          say=s.say, theme_has=self.templates)
            if value is not None:
                found += self._duplicate(value, shown)
        else:
            value, found = parse_page(text, path=shown, src_uri=src_uri, say=s.say, exists=present,
                                      theme_has=self.templates)
        return value, problems + found

    def _duplicate(self, document: Document, shown: str) -> list[Problem]:
        """A number another document of the register already has: the same message as `check`'s."""
        wanted = normalize(document.number)
        for src_uri, number in self._register().items():
            if src_uri != document.src_uri and number is not None and normalize(number) == wanted:
                other = self.settings.shown(os.path.join(self.settings.docs_dir, src_uri))
                return [Problem(shown, document.lines.get("number", 1), "number",
                                self.settings.say("duplicate_number", number=document.number, other=other))]
        return []

    def _register(self) -> dict[str, str | None]:
        """Every document's number, read again only from the files changed since the last save."""
        s = self.settings
        root = os.path.join(s.docs_dir, s.documents_dir)
        seen = {}
        for here, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if not name.endswith(".md"):
                    continue
                path = os.path.join(here, name)
                src_uri = os.path.relpath(path, s.docs_dir).replace(os.sep, "/")
                if not is_document(src_uri, s):
                    continue
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                stamp = (info.st_mtime_ns, info.st_size)
                known = self._numbers.get(src_uri)
                if known is None or known[0] != stamp:
                    known = (stamp, _number(path, s))
                seen[src_uri] = known
        self._numbers = seen
        return {src: number for src, (_, number) in seen.items()}


def _number(path: str, settings: Settings) -> str | None:
    with open(path, "rb") as file:
        text, _ = decode(file.read(), path, settings.say)
    if text is None:
        return None
    fm, _ = read(text, path, settings.say)
    value = fm.meta.get("number") if fm is not None else None
    return str(value) if value not in (None, "") else None


def title_of(value: object) -> str | None:
    """What a commit message calls the saved thing."""
    if isinstance(value, (Article, Document)):
        return value.title
    return None
