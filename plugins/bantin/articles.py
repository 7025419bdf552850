"""Front-matter → Article: a pure function of a file's text, errors collected as values.

Nothing here imports MkDocs, so the editors' contract is testable alone and survives a change of engine.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import markdown
import yaml
from frontmatter.default_handlers import YAMLHandler
from markupsafe import Markup

from .problems import Problem

FIELDS = (
    "title", "date", "author", "authors", "category", "tags", "views",
    "summary", "image", "image_alt", "draft", "featured",
)
# Page keys that belong to MkDocs or the theme: allowed on an article, not ours to validate.
THEME_FIELDS = ("template", "hide", "description", "search")

SUMMARY_LENGTH = 250

_DATE_FORMATS = (
    "%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S",
)
_TOP_LEVEL_KEY = re.compile(r"^([^\s#:'\"-][^:]*?)\s*:(?:\s|$)")
_HANDLER = YAMLHandler()
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster
# Blocks that are not a paragraph of prose: headings, HTML, tables, quotes, images, code, lists, rules.
_NOT_PROSE = re.compile(r"^(#|<|\||>|!\[|```|~~~|[-*+]\s|\d+[.)]\s|(?:[-*_]\s*){3,}$)")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, validated; what every template and listing reads."""

    src_uri: str  # path under docs_dir, e.g. tin-tuc/2021/cong-tac-dan-van.md
    url: str  # site-relative URL, e.g. tin-tuc/2021/cong-tac-dan-van/
    title: str
    date: dt.datetime  # aware, in the site's time zone
    authors: tuple[str, ...]
    category: str | None
    tags: tuple[str, ...]
    views: int  # the baseline carried over from an old portal
    summary: str
    image: str | None
    image_alt: str | None
    draft: bool
    featured: bool
    timed: bool = True  # the front-matter gave a time of day; a bare date is shown without one


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def parse_date(value: Any, tz: dt.tzinfo) -> dt.datetime | None:
    """Any accepted date form → an aware datetime in `tz`; None when unreadable."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = " ".join(value.split())
        for form in _DATE_FORMATS:
            try:
                moment = dt.datetime.strptime(text, form)
                break
            except ValueError:
                continue
        else:
            return None
    else:
        return None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


_md = markdown.Markdown()


def first_paragraph(body: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first paragraph of Markdown as plain text, cut at a word near `limit`."""
    for block in re.split(r"\n\s*\n", body.strip()):
        block = block.strip()
        if not block or _NOT_PROSE.match(block):
            continue
        _md.reset()
        text = " ".join(Markup(_md.convert(block)).striptags().split())
        if text:
            if len(text) > limit:
                text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
            return text
    return ""


def _key_lines(front_matter: str, first: int) -> dict[str, int]:
    """Line number (in the file) of each top-level key, the front-matter starting on line `first`."""
    lines = {}
    for number, line in enumerate(front_matter.splitlines(), start=first):
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            lines.setdefault(match.group(1).strip(), number)
    return lines


class _Reader:
    """Collects the problems of one file while its fields are read."""

    def __init__(self, path: str, meta: dict, lines: dict[str, int]):
        self.path, self.meta, self.lines = path, meta, lines
        self.problems: list[Problem] = []

    def error(self, field: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, self.lines.get(field, 1), field, message, severity))

    def text(self, field: str, required: bool = False, example: str = "") -> str | None:
        value = self.meta.get(field)
        if value is None or value == "":
            if required:
                self.error(field, f"required field is missing: add a line `{field}: {example}`")
            return None
        if isinstance(value, (dict, list)):
            self.error(field, f"must be one piece of text, not a list; write `{field}: {example}`")
            return None
        text = nfc(str(value))
        if required and not text:
            self.error(field, f"must not be empty; write `{field}: {example}`")
            return None
        return text or None

    def flag(self, field: str) -> bool:
        value = self.meta.get(field, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(field, f"must be true or false, not {value!r}")
            return False
        return value

    def names(self, field: str) -> tuple[str, ...]:
        value = self.meta.get(field)
        if value is None:
            return ()
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list) or any(isinstance(i, (dict, list)) for i in items):
            self.error(field, f"must be a list (`{field}: [a, b]`) or text separated by commas")
            return ()
        seen: dict[str, None] = {}
        for item in items:
            if item is not None and (name := nfc(str(item))):
                seen.setdefault(name)
        return tuple(seen)


def parse_article(text: str, *, path: str, src_uri: str, url: str, tz: dt.tzinfo,
                  image_exists: Callable[[str], bool] | None = None) -> tuple[Article | None, list[Problem]]:
    """Validate one article file. Returns the Article (None if it has errors) and every problem found.

    `image_exists` tells whether a local image path names a file of the site; without it, images are not checked.
    """
    if not _HANDLER.detect(text):
        return None, [Problem(path, 1, "front-matter", "missing: start the file with a `---` line, "
                              "then `title:`, `date:` and `author:`, then another `---` line")]
    try:
        front_matter, body = _HANDLER.split(text)
    except ValueError:
        return None, [Problem(path, 1, "front-matter", "not closed: add a `---` line after the last field")]
    # The file line on which the front-matter text starts (it begins right after the opening `---`).
    first = text.count("\n", 0, text.find(front_matter)) + 1
    try:
        meta = yaml.load(front_matter, Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as error:
        # An unclosed quote is only noticed at the end; the error also says where the quote opened.
        unclosed = "end of stream" in str(getattr(error, "problem", ""))
        mark = (unclosed and getattr(error, "context_mark", None)) or getattr(error, "problem_mark", None)
        line = first + mark.line if mark else 1
        field = next((k for k, n in _key_lines(front_matter, first).items() if n == line), "front-matter")
        problem = getattr(error, "problem", None) or str(error)
        return None, [Problem(path, line, field, f"YAML syntax error ({problem}); put text that "
                              'contains ":" or "#" or starts with a quote between double quotes')]
    if not isinstance(meta, dict):
        return None, [Problem(path, first + 1, "front-matter", "must be a list of `field: value` lines")]

    r = _Reader(path, meta, _key_lines(front_matter, first))
    for key in meta:
        if key not in FIELDS and key not in THEME_FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else "known fields: " + ", ".join(FIELDS)
            r.error(str(key), f"unknown field, ignored; {hint}", "warning")

    title = r.text("title", required=True, example="Tiêu đề bài viết")

    date = None
    if meta.get("date") in (None, ""):
        r.error("date", "required field is missing: add a line `date: 28/12/2021 08:30`")
    else:
        date = parse_date(meta["date"], tz)
        if date is None:
            r.error("date", f"cannot read {str(meta['date'])!r} as a date; write 28/12/2021, "
                    "28/12/2021 08:30, 2021-12-28 or 2021-12-28 08:30")

    if "author" in meta and "authors" in meta:
        r.error("authors", "use either `author:` (one name) or `authors:` (a list), not both")
    authors = r.names("authors") if "authors" in meta else tuple(filter(None, [r.text("author")]))
    if not authors and not any(p.field in ("author", "authors") for p in r.problems):
        r.error("author", "required field is missing: add a line `author: Họ Tên`")

    category = r.text("category", example="Tin tức")
    tags = r.names("tags")

    views = meta.get("views", 0)
    if views is None:
        views = 0
    if isinstance(views, bool) or not isinstance(views, int):
        r.error("views", f"{views!r} is not a whole number; write digits only, e.g. `views: 177`")
        views = 0
    elif views < 0:
        r.error("views", f"{views} is negative; a view count is 0 or more")
        views = 0

    summary = r.text("summary", example="Một câu tóm tắt.")
    image = r.text("image", example="images/anh.jpg")
    image_alt = r.text("image_alt", example="Mô tả ảnh")
    if image and image_exists and "://" not in image and not image_exists(image):
        r.error("image", f"file not found: {image} (a path under the content folder, e.g. images/anh.jpg)")
    if image and not image_alt:
        r.error("image_alt", "an image needs a description for readers who cannot see it: add `image_alt: …`")
    draft, featured = r.flag("draft"), r.flag("featured")

    if any(p.severity == "error" for p in r.problems):
        return None, r.problems
    article = Article(
        src_uri=src_uri, url=url, title=title, date=date, authors=authors, category=category,
        tags=tags, views=views, summary=summary or first_paragraph(body), image=image,
        image_alt=image_alt, draft=draft, featured=featured,
        timed=isinstance(meta["date"], dt.datetime) or (isinstance(meta["date"], str) and ":" in meta["date"]),
    )
    return article, r.problems
