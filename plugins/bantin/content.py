"""Reading the content folder: every file parsed once, every problem of every file collected.

What `check` prints and what a build refuses are the same list, because both call `read_site`. No engine
import: the adapter (or the command line) hands over the list of files the engine found.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .articles import Article, parse_article
from .authors import AuthorInfo, parse_authors
from .catalog import consistency
from .documents import Document, parse_document
from .front import MAX_BYTES, decode
from . import register
from .pages import parse_page
from .parallel import fork_map
from .problems import Problem
from .settings import Settings
from .tree import check_tree

AUTHORS_FILE = ".authors.yml"
LEADERS_FILE = ".leaders.yml"
SCHEDULE_DIR = "lich-cong-tac"  # one YAML file per ISO week: 2026-W49.yml


@dataclass(frozen=True, slots=True)
class Source:
    """A Markdown file the engine will render."""

    src_uri: str  # under docs_dir, posix
    url: str  # its address
    abs_path: str | None  # None for a file another plugin generated
    text: str | None = None  # the text of a generated file


@dataclass(frozen=True, slots=True)
class Parsed:
    """What reading one file gave: kept in the cache, by the file's bytes."""

    path: str  # as shown in messages
    digest: str | None
    article: Article | None
    problems: tuple[Problem, ...]
    asked: tuple[tuple[str, bool], ...]  # the paths its check asked about, and whether each existed
    document: Document | None = None


@dataclass
class Content:
    articles: list[Article] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    leaders: list = field(default_factory=list)  # leaders.Leader, in the order of .leaders.yml
    weeks: list = field(default_factory=list)  # schedule.Week, one per file of lich-cong-tac/
    authors: dict[str, AuthorInfo] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)  # src_uri → the path shown in messages
    read: set[str] = field(default_factory=set)  # every source parsed: each file once per build
    digests: dict[str, str] = field(default_factory=dict)  # src_uri → hash of its bytes, for the cache

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)


def _in_folder(src_uri: str, folder: str) -> bool:
    """Compared by whole path segments; index pages excluded."""
    path = PurePosixPath(src_uri)
    if path.stem in ("index", "README"):
        return False
    parts = PurePosixPath(folder).parts
    return path.parts[: len(parts)] == parts


def is_article(src_uri: str, settings: Settings) -> bool:
    """Markdown files in the articles folder."""
    return _in_folder(src_uri, settings.articles_dir)


def is_document(src_uri: str, settings: Settings) -> bool:
    """Markdown files in the documents folder (the register)."""
    return _in_folder(src_uri, settings.documents_dir) and not is_article(src_uri, settings)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read(path: str) -> bytes:
    with open(path, "rb") as source:  # a larger file is refused without being read whole
        return source.read(min(os.fstat(source.fileno()).st_size, MAX_BYTES) + 1)


def read_pages(sources: Iterable[Source], settings: Settings, *, exists: Callable[[str], bool],
               templates: Callable[[str], bool], into: Content, jobs: int = 1, cache=None,
               fingerprint: str = "") -> None:
    """Parse each page: articles into Articles, the site's own pages checked; problems added to `into`.

    Files are independent of one another, so `jobs` workers parse them at once (results in order). With a
    `cache` (cache.py), a file whose bytes were parsed before under the same `fingerprint` is not parsed
    again, as long as the paths its check asked about still exist or not as they did."""
    todo = [s for s in dict.fromkeys(sources) if s.src_uri not in into.read]
    md = settings.markdown()  # made once, for all the summaries of the build (the workers inherit it)

    def key(source: Source, hashed: str) -> str:
        return f"{fingerprint}:{source.src_uri}:{source.url}:{hashed}"

    def parse(source: Source) -> Parsed:
        path = settings.shown(source.abs_path) if source.abs_path else source.src_uri
        data = read.pop(source.src_uri, None) or (_read(source.abs_path) if source.abs_path else None)
        text, found = decode(data, path, settings.say) if data is not None else (source.text, [])
        article, document, asked = None, None, {}

        def exists_noted(target: str) -> bool:
            asked[target] = exists(target)
            return asked[target]
        if text is None:
            pass
        elif is_article(source.src_uri, settings):
            article, found = parse_article(text, path=path, src_uri=source.src_uri, url=source.url,
                                           tz=settings.tz, image_exists=exists_noted, say=settings.say,
                                           theme_has=templates, md=md)
        elif is_document(source.src_uri, settings):
            document, found = parse_document(text, path=path, src_uri=source.src_uri, url=source.url,
                                             tz=settings.tz, exists=exists_noted, say=settings.say,
                                             theme_has=templates)
        else:
            _, found = parse_page(text, path=path, src_uri=source.src_uri, say=settings.say, exists=exists_noted,
                                  theme_has=templates)
        return Parsed(path, None if data is None else digest(data), article, tuple(found), tuple(asked.items()),
                      document)

    done: dict[str, Parsed] = {}
    read: dict[str, bytes] = {}  # bytes read for their hash, parsed from there (workers inherit them)
    if cache is not None:
        cache.preload("read")
        for source in todo:
            if source.abs_path:
                data = read[source.src_uri] = _read(source.abs_path)
                found = cache.get("read", key(source, digest(data)))
                if found is not None and all(exists(target) == was for target, was in found.asked):
                    done[source.src_uri] = found
                    del read[source.src_uri]
    missing = [source for source in todo if source.src_uri not in done]
    for source, parsed in zip(missing, fork_map(parse, missing, jobs)):
        done[source.src_uri] = parsed
        if cache is not None and parsed.digest:
            cache.put("read", key(source, parsed.digest), parsed)
    for source in todo:
        parsed = done[source.src_uri]
        into.read.add(source.src_uri)
        if parsed.digest:
            into.digests[source.src_uri] = parsed.digest
        if parsed.article:
            into.articles.append(parsed.article)
            into.paths[source.src_uri] = parsed.path
        if parsed.document:
            into.documents.append(parsed.document)
            into.paths[source.src_uri] = parsed.path
        into.problems += parsed.problems


def read_authors(settings: Settings, exists: Callable[[str], bool] | None = None) -> tuple[dict, list[Problem]]:
    path = os.path.join(settings.docs_dir, AUTHORS_FILE)
    if not os.path.isfile(path):
        return {}, []
    shown = settings.shown(path)
    text, problems = decode(_read(path), shown, settings.say)
    if text is None:
        return {}, problems
    return parse_authors(text, shown, settings.say, exists)


def read_leaders(settings: Settings, exists: Callable[[str], bool] | None = None) -> tuple[list, list[Problem]]:
    from .leaders import parse_leaders

    path = os.path.join(settings.docs_dir, LEADERS_FILE)
    if not os.path.isfile(path):
        return [], []
    shown = settings.shown(path)
    text, problems = decode(_read(path), shown, settings.say)
    if text is None:
        return [], problems
    leaders, found = parse_leaders(text, shown, settings.say, exists)
    return leaders, problems + found


def read_weeks(settings: Settings) -> tuple[list, list[Problem]]:
    """Every week of the leaders' work schedule (lich-cong-tac/YYYY-Www.yml)."""
    from .schedule import parse_week

    folder = os.path.join(settings.docs_dir, SCHEDULE_DIR)
    if not os.path.isdir(folder):
        return [], []
    weeks, problems = [], []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not name.endswith((".yml", ".yaml")) or not os.path.isfile(path):
            continue
        shown = settings.shown(path)
        text, found = decode(_read(path), shown, settings.say)
        week = None
        if text is not None:
            week, more = parse_week(text, shown, name, settings.tz, settings.say)
            found += more
        problems += found
        if week is not None:
            weeks.append(week)
    return weeks, problems


def check_folder(settings: Settings) -> list[Problem]:
    """The content folder's own problems; when there are errors the engine must not walk it (it follows links)."""
    return check_tree(settings.docs_dir, settings.shown(settings.docs_dir), settings.say)


def read_site(list_sources: Callable[[], tuple[list[Source], Callable[[str], bool]]], settings: Settings, *,
              templates: Callable[[str], bool], jobs: int = 1, cache=None, fingerprint: str = "") -> Content:
    """Everything `check` and a build report about content, before the engine reads or copies any file.

    `list_sources` is called only once the folder is known to be safe: it returns the Markdown sources and
    a test of whether a path under the content folder is a file of the site.
    """
    content = Content(problems=check_folder(settings))
    if content.errors:
        return content
    sources, exists = list_sources()
    read_pages(sources, settings, exists=exists, templates=templates, into=content, jobs=jobs, cache=cache,
               fingerprint=fingerprint)
    content.authors, author_problems = read_authors(settings, exists)
    content.leaders, leader_problems = read_leaders(settings, exists)
    content.weeks, week_problems = read_weeks(settings)
    content.problems += author_problems + leader_problems + week_problems
    content.problems += consistency(content.articles, content.paths, settings.say)
    content.problems += register.check(content.documents, content.paths, settings.say)
    content.problems.sort(key=lambda p: (p.path, p.line))
    return content
