"""Reading the content folder: every file parsed once, every problem of every file collected.

What `check` prints and what a build refuses are the same list, because both call `read_site`. No engine
import: the adapter (or the command line) hands over the list of files the engine found.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .articles import Article, parse_article
from .authors import AuthorInfo, parse_authors
from .catalog import consistency
from .front import MAX_BYTES, decode
from .pages import parse_page
from .problems import Problem
from .settings import Settings
from .tree import check_tree

AUTHORS_FILE = ".authors.yml"


@dataclass(frozen=True, slots=True)
class Source:
    """A Markdown file the engine will render."""

    src_uri: str  # under docs_dir, posix
    url: str  # its address
    abs_path: str | None  # None for a file another plugin generated
    text: str | None = None  # the text of a generated file


@dataclass
class Content:
    articles: list[Article] = field(default_factory=list)
    authors: dict[str, AuthorInfo] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)  # src_uri → the path shown in messages
    read: set[str] = field(default_factory=set)  # every source parsed: each file once per build

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)


def is_article(src_uri: str, settings: Settings) -> bool:
    """Markdown files in the articles folder, compared by whole path segments; index pages excluded."""
    path = PurePosixPath(src_uri)
    if path.stem in ("index", "README"):
        return False
    folder = PurePosixPath(settings.articles_dir).parts
    return path.parts[: len(folder)] == folder


def _read(path: str) -> bytes:
    with open(path, "rb") as source:
        return source.read(MAX_BYTES + 1)  # a larger file is refused without being read whole


def read_pages(sources: Iterable[Source], settings: Settings, *, exists: Callable[[str], bool],
               templates: Callable[[str], bool], into: Content) -> None:
    """Parse each page: articles into Articles, the site's own pages checked; problems added to `into`."""
    say, md = settings.say, None
    for source in sources:
        if source.src_uri in into.read:
            continue
        into.read.add(source.src_uri)
        path = settings.shown(source.abs_path) if source.abs_path else source.src_uri
        if source.abs_path:
            text, found = decode(_read(source.abs_path), path, say)
        else:
            text, found = source.text, []
        if text is None:
            into.problems += found
            continue
        if is_article(source.src_uri, settings):
            md = md or settings.markdown()  # made once, for all the summaries of the build
            article, found = parse_article(text, path=path, src_uri=source.src_uri, url=source.url, tz=settings.tz,
                                           image_exists=exists, say=say, theme_has=templates, md=md)
            if article:
                into.articles.append(article)
                into.paths[source.src_uri] = path
        else:
            _, found = parse_page(text, path=path, src_uri=source.src_uri, say=say, exists=exists,
                                  theme_has=templates)
        into.problems += found


def read_authors(settings: Settings, exists: Callable[[str], bool] | None = None) -> tuple[dict, list[Problem]]:
    path = os.path.join(settings.docs_dir, AUTHORS_FILE)
    if not os.path.isfile(path):
        return {}, []
    shown = settings.shown(path)
    text, problems = decode(_read(path), shown, settings.say)
    if text is None:
        return {}, problems
    return parse_authors(text, shown, settings.say, exists)


def check_folder(settings: Settings) -> list[Problem]:
    """The content folder's own problems; when there are errors the engine must not walk it (it follows links)."""
    return check_tree(settings.docs_dir, settings.shown(settings.docs_dir), settings.say)


def read_site(list_sources: Callable[[], tuple[list[Source], Callable[[str], bool]]], settings: Settings, *,
              templates: Callable[[str], bool]) -> Content:
    """Everything `check` and a build report about content, before the engine reads or copies any file.

    `list_sources` is called only once the folder is known to be safe: it returns the Markdown sources and
    a test of whether a path under the content folder is a file of the site.
    """
    content = Content(problems=check_folder(settings))
    if content.errors:
        return content
    sources, exists = list_sources()
    read_pages(sources, settings, exists=exists, templates=templates, into=content)
    content.authors, author_problems = read_authors(settings, exists)
    content.problems += author_problems + consistency(content.articles, content.paths, settings.say)
    content.problems.sort(key=lambda p: (p.path, p.line))
    return content
