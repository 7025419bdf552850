"""Front-matter → Article: a pure function of a file's text, errors collected as values.

Nothing here imports MkDocs, so the editors' contract is testable alone and survives a change of engine.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import markdown
from markupsafe import Markup

from .front import BadDate, FrontMatter, parse_date, read, shorten
from .links import check_body, is_local, safe_link
from .messages import Messages
from .problems import Problem

@dataclass(frozen=True, slots=True)
class Field:
    """One front-matter field of an article: how it is read, what `new` writes, what README says."""

    name: str
    kind: str  # text | date | names | count | link | flag: the reader that checks it
    example: str  # what the messages suggest writing
    new: object = None  # the value `new` writes (None: the line is written as a comment)
    required: bool = False
    vi: str = ""  # the README table, in Vietnamese and English
    en: str = ""


# The editors' contract. Validation, "did you mean", `new`'s template and README's table all come from here.
ARTICLE_FIELDS = (
    Field("title", "text", "Tiêu đề bài viết", "", True, "tiêu đề", "the headline"),
    Field("date", "date", "28/12/2021 08:30", "", True,
          "ngày đăng: 28/12/2021, 28/12/2021 08:30, 2021-12-28 hoặc 2021-12-28 08:30 (giờ của cổng)",
          "publication date: 28/12/2021, 28/12/2021 08:30, 2021-12-28 or 2021-12-28 08:30 (site time zone)"),
    Field("author", "text", "Họ Tên", "", True, "tác giả (hoặc `authors:` với nhiều tên)",
          "the author (or `authors:` for several)"),
    Field("authors", "names", "[Tên một, Tên hai]", None, False, "danh sách tác giả, thay cho `author:`",
          "a list of authors, instead of `author:`"),
    Field("category", "text", "Tin tức", "", False, "một chuyên mục", "one category"),
    Field("tags", "names", "[du lịch, lễ hội]", [], False, "từ khóa: danh sách hoặc cách nhau bằng dấu phẩy",
          "tags: a list, or separated by commas"),
    Field("views", "count", "177", 0, False, "lượt xem chuyển từ cổng cũ (số nguyên 0 đến 1.000.000.000)",
          "views carried over from an old portal (a whole number, 0 to 1,000,000,000)"),
    Field("summary", "text", "Một câu tóm tắt.", "", False, "tóm tắt; để trống thì lấy đoạn đầu tiên",
          "summary; empty: the first paragraph"),
    Field("image", "link", "images/ten-anh.jpg", None, False,
          "ảnh đại diện: đường dẫn trong thư mục nội dung hoặc http(s)://", "picture: a path under content, or http(s)://"),
    Field("image_alt", "text", "Mô tả ảnh cho người không xem được ảnh", None, False,
          "mô tả ảnh, bắt buộc khi có `image`", "the picture's description, required with `image`"),
    Field("updated", "date", "29/12/2021 10:00", None, False,
          "cập nhật lúc: hiện trên trang, dùng cho sơ đồ XML và tin mới RSS", "when last changed: shown, and used "
          "by the sitemap and the feeds"),
    Field("expires", "date", "31/12/2022", None, False, "hết hạn: từ lúc này bài được gỡ khỏi cổng",
          "expiry: from then on the article is withdrawn from the site"),
    Field("draft", "flag", "true", False, False, "true: chỉ xem trước bằng `serve`, không xuất bản",
          "true: previewed by `serve`, never published"),
    Field("featured", "flag", "true", False, False, "true: ghim lên trang chủ", "true: pinned on the home page"),
)
FIELDS = tuple(f.name for f in ARTICLE_FIELDS)
_BY_NAME = {f.name: f for f in ARTICLE_FIELDS}


def field_rows(fields: tuple[Field, ...], language: str) -> str:
    """A Markdown table of a content type's fields, in the site's language (README's tables)."""
    vi = language == "vi"
    head = "| trường | bắt buộc | ý nghĩa |" if vi else "| field | required | meaning |"
    rows = [head, "| --- | --- | --- |"]
    for f in fields:
        required = ("có" if vi else "yes") if f.required else ("không" if vi else "no")
        rows.append(f"| `{f.name}` | {required} | {f.vi if vi else f.en} |")
    return "\n".join(rows)


def field_table(language: str) -> str:
    """README's table of the article fields, in the site's language."""
    return field_rows(ARTICLE_FIELDS, language)


def new_front_matter(values: dict, examples: dict | None = None, fields: tuple[Field, ...] = ARTICLE_FIELDS) -> str:
    """The front-matter `new` writes: every field of `fields`, with `values` (title, date, author…) filled in;
    the optional ones as comments, showing `examples` where given (dates near today's) or the table's."""
    examples = examples or {}
    lines = []
    for f in fields:
        if f.name == "authors":
            continue  # `author:` is written; several authors are an edit away
        value = values.get(f.name, f.new)
        lines.append(f"{f.name}: {json.dumps(value, ensure_ascii=False)}" if value is not None
                     else f"# {f.name}: {examples.get(f.name, f.example)}")
    return "---\n" + "\n".join(lines) + "\n---\n"
# Page keys that belong to MkDocs or the theme: allowed on an article, not ours to validate.
THEME_FIELDS = ("template", "hide", "description", "subtitle", "search")
# The templates an article may name; the theme's others are pieces of pages or pages of their own kind.
ARTICLE_TEMPLATES = ("article.html", "main.html")

SUMMARY_LENGTH = 250

MAX_VIEWS = 1_000_000_000  # no article of a town's portal is read a billion times: a typo
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
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
    expires: dt.datetime | None = None  # withdrawn from the site from this moment
    updated: dt.datetime | None = None  # last changed ("Cập nhật lúc …", the sitemap, the feeds)
    # Where each field was written (for messages about several files); not part of what the article is.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)


def nfc(text: str) -> str:
    """Text as every page shows it: NFC, without the characters XML forbids (a vertical tab pasted from Word,
    an escape, U+FFFF, lone surrogates), trimmed."""
    return _FORBIDDEN.sub("", unicodedata.normalize("NFC", text)).strip()


_md = markdown.Markdown()


def first_paragraph(body: str, limit: int = SUMMARY_LENGTH, md: markdown.Markdown | None = None) -> str:
    """The first paragraph of Markdown as plain text, cut at a word near `limit`; `md` is the site's own
    converter, so its extensions apply (`{: .lead }` is an attribute, not text, with attr_list)."""
    md = md or _md
    for block in re.split(r"\n\s*\n", body.strip()):
        block = block.strip()
        if not block or _NOT_PROSE.match(block):
            continue
        md.reset()
        text = " ".join(Markup(md.convert(block)).striptags().split())
        if text:
            if len(text) > limit:
                text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
            return text
    return ""


class FieldReader:
    """Collects the problems of one file while its fields are read."""

    def __init__(self, path: str, fm: FrontMatter, say: Messages):
        self.path, self.meta, self.lines, self.say = path, fm.meta, fm.lines, say
        self.raw = fm.raw
        self.problems: list[Problem] = []

    def error(self, name: str, key: str, severity: str = "error", /, **values) -> None:
        self.problems.append(Problem(self.path, self.lines.get(name, 1), name, self.say(key, **values), severity))

    def read(self, field: Field, tz: dt.tzinfo):
        """The field's value, checked by the reader of its kind."""
        if field.kind == "text":
            return self.text(field.name, field.required, field.example)
        if field.kind == "date":
            return self.date(field.name, tz, field.required)
        if field.kind == "link":
            return self.link(field.name, field.example)
        return {"names": self.names, "count": self.count, "flag": self.flag}[field.kind](field.name)

    def text(self, field: str, required: bool = False, example: str = "") -> str | None:
        value = self.meta.get(field)
        if value is None or value == "":
            if required:
                self.error(field, "required", field=field, example=example)
            return None
        if isinstance(value, (dict, list)):
            self.error(field, "not_text", field=field, example=example)
            return None
        text = nfc(str(value))
        if required and not text:
            self.error(field, "empty", field=field, example=example)
            return None
        return text or None

    def link(self, field: str, example: str) -> str | None:
        value = self.text(field, example=example)
        if value and not safe_link(value):
            self.error(field, "bad_url", value=shorten(value))
            return None
        return value

    def flag(self, field: str) -> bool:
        value = self.meta.get(field, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(field, "flag", value=shorten(value))
            return False
        return value

    def names(self, field: str) -> tuple[str, ...]:
        value = self.meta.get(field)
        if value is None:
            return ()
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list) or any(isinstance(i, (dict, list)) for i in items):
            self.error(field, "names", field=field)
            return ()
        seen: dict[str, None] = {}
        for item in items:
            if item is not None and (name := nfc(str(item))):
                seen.setdefault(name)
        return tuple(seen)

    def count(self, field: str) -> int:
        """A whole number as written: YAML 1.1 reads `010` as 8 and `1:30` as 90, which nobody means."""
        value = self.meta.get(field, 0)
        raw = self.raw.get(field)
        if value is None:
            return 0
        if isinstance(value, int) and not isinstance(value, bool) and raw is not None:
            digits = raw.lstrip("+-")
            if not digits.isdigit():
                key = "views_sexagesimal" if ":" in raw else "views_not_number"
                self.error(field, key, value=shorten(raw), read=value)
                return 0
            if len(digits) > 1 and digits.startswith("0"):
                self.error(field, "views_octal", value=raw, read=value, fixed=int(digits, 10))
                return 0
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(field, "views_not_number", value=shorten(value))
            return 0
        if value < 0:
            self.error(field, "views_negative", value=value)
            return 0
        if value > MAX_VIEWS:
            self.error(field, "views_too_big", value=value, limit=f"{MAX_VIEWS:,}".replace(",", "."))
            return 0
        return value

    def date(self, field: str, tz: dt.tzinfo, required: bool = True) -> tuple[dt.datetime | None, bool]:
        value = self.meta.get(field)
        if value in (None, ""):
            if required:
                self.error(field, "required", field=field, example="28/12/2021 08:30")
            return None, False
        try:
            return parse_date(value, tz)
        except BadDate as bad:
            self.error(field, f"date_{bad.reason}", value=shorten(str(value)))
            return None, False

    def unknown(self, known: tuple[str, ...], allowed: tuple[str, ...] = ()) -> None:
        for key in self.meta:
            if key not in known and key not in allowed:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = (self.say("did_you_mean", name=close[0]) if close
                        else self.say("known_fields", names=", ".join(known)))
                self.error(key, "unknown_field", "warning", hint=hint)

    def template(self, allowed: tuple[str, ...], theme: Callable[[str], bool] | None) -> None:
        """`template:` must name one of the page templates; a theme's internal template breaks the page."""
        name = self.meta.get("template")
        if name is None:
            return
        choices = ", ".join(allowed)
        if not isinstance(name, str) or not name.strip():
            self.error("template", "template_missing", name=shorten(name), choices=choices)
        elif name not in allowed:
            internal = theme is not None and theme(name)
            self.error("template", "template_internal" if internal else "template_missing",
                       name=shorten(name), choices=choices)


def parse_article(text: str, *, path: str, src_uri: str, url: str, tz: dt.tzinfo,
                  image_exists: Callable[[str], bool] | None = None, say: Messages | None = None,
                  theme_has: Callable[[str], bool] | None = None,
                  md: markdown.Markdown | None = None) -> tuple[Article | None, list[Problem]]:
    """Validate one article file. Returns the Article (None if it has errors) and every problem found.

    `image_exists` tells whether a path under the content folder names a file of the site (front-matter
    `image` and the body's images and links are then checked); `theme_has` whether the theme has a template.
    """
    say = say or Messages()
    fm, problems = read(text, path, say)
    if fm is None:
        return None, problems
    if fm.first == 1:
        return None, [Problem(path, 1, "front-matter", say("missing_front_matter"))]
    r = FieldReader(path, fm, say)
    r.problems += problems
    meta = fm.meta
    r.unknown(FIELDS, THEME_FIELDS)
    r.template(ARTICLE_TEMPLATES, theme_has)

    # One or the other of author/authors is required: read apart from the table's other fields.
    v = {f.name: r.read(f, tz) for f in ARTICLE_FIELDS if f.name not in ("author", "authors")}
    (date, timed), title, image, image_alt = v["date"], v["title"], v["image"], v["image_alt"]
    if "author" in meta and "authors" in meta:
        r.error("authors", "author_both")
    authors = r.names("authors") if "authors" in meta else tuple(filter(None, [r.text("author")]))
    if not authors and not any(p.field in ("author", "authors") for p in r.problems):
        author = _BY_NAME["author"]
        r.error("author", "required", field="author", example=author.example)
    if image and image_exists and is_local(image) and not image_exists(image.lstrip("/")):
        r.error("image", "image_missing", path=shorten(image))
    if image and not image_alt:
        r.error("image_alt", "image_alt_needed")
    expires, updated = v["expires"][0], v["updated"][0]
    if date and expires and expires <= date:
        r.error("expires", "expires_before")
    if date and updated and updated < date:
        r.error("updated", "updated_before")
    if image_exists:
        for line, key, target in check_body(fm.body, src_uri, image_exists):
            r.problems.append(Problem(path, fm.body_line + line - 1, "body",
                                      say(key, target=shorten(target), value=shorten(target))))

    if any(p.severity == "error" for p in r.problems):
        return None, r.problems
    article = Article(
        src_uri=src_uri, url=url, title=title, date=date, authors=authors, category=v["category"],
        tags=v["tags"], views=v["views"], summary=v["summary"] or first_paragraph(fm.body, md=md), image=image,
        image_alt=image_alt, draft=v["draft"], featured=v["featured"], timed=timed, expires=expires,
        updated=updated, lines=fm.lines,
    )
    return article, r.problems
