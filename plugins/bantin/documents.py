"""Front-matter → Document: one legal document of the register (văn bản), a pure function of a file's text.

The same reader, limits and messages as articles (articles.FieldReader, front.py), so an editor meets one set
of rules; what only makes sense across files (a number used twice, a `replaces` naming no document) is
register.py's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .articles import THEME_FIELDS, Field, FieldReader, field_rows
from .front import read, shorten
from .links import check_body, is_local
from .messages import Messages
from .problems import Problem

# The types of file a register publishes: what citizens can open on any office computer or phone.
FILE_TYPES = {".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".odt": "ODT", ".xls": "XLS", ".xlsx": "XLSX"}

DOCUMENT_FIELDS = (
    Field("number", "text", "17-QC/TU", "", True, "số ký hiệu, duy nhất trong sổ văn bản",
          "the document's number, unique in the register"),
    Field("type", "text", "Quyết định", "", True, "loại văn bản: Nghị quyết, Quyết định, Chỉ thị, Kế hoạch…",
          "the kind of document: Nghị quyết, Quyết định, Chỉ thị, Kế hoạch…"),
    Field("issuer", "text", "UBND thị xã Mây Ngàn", "", True, "cơ quan ban hành", "the issuing body"),
    Field("issued", "date", "28/12/2021", "", True, "ngày ban hành: 28/12/2021 hoặc 2021-12-28",
          "date of issue: 28/12/2021 or 2021-12-28"),
    Field("title", "text", "Về việc ban hành Quy chế …", "", True, "trích yếu", "the abstract"),
    Field("effective", "date", "01/01/2022", None, False, "ngày có hiệu lực", "in force from"),
    Field("expires", "date", "31/12/2025", None, False, "ngày hết hiệu lực", "in force until"),
    Field("signer", "text", "Hoàng Văn An", None, False, "người ký", "who signed it"),
    Field("field", "text", "Dân vận", None, False, "lĩnh vực", "its field"),
    Field("files", "files", "[van-ban/tep/so-17.pdf]", [], False,
          "tệp đính kèm (PDF, DOC, DOCX, ODT, XLS, XLSX): đường dẫn trong thư mục nội dung",
          "attached files (PDF, DOC, DOCX, ODT, XLS, XLSX): paths under the content folder"),
    Field("replaces", "names", "[05/2019/QĐ-UBND]", [], False, "số ký hiệu các văn bản được thay thế",
          "numbers of the documents this one replaces"),
    Field("draft", "flag", "true", False, False, "true: chỉ xem trước bằng `serve`, không xuất bản",
          "true: previewed by `serve`, never published"),
)
FIELDS = tuple(f.name for f in DOCUMENT_FIELDS)
DOCUMENT_TEMPLATES = ("document.html",)


def field_table(language: str) -> str:
    """README's table of the register's fields, in the site's language."""
    return field_rows(DOCUMENT_FIELDS, language)


@dataclass(frozen=True, slots=True)
class Document:
    """One document of the register, validated."""

    src_uri: str  # e.g. van-ban/2024/quyet-dinh-15.md
    url: str
    number: str  # as the editor wrote it; compared by citations.normalize
    type: str
    issuer: str
    issued: dt.datetime  # aware, in the site's time zone
    title: str  # trích yếu
    effective: dt.datetime | None = None
    expires: dt.datetime | None = None
    signer: str | None = None
    field: str | None = None
    files: tuple[str, ...] = ()  # paths under the content folder
    replaces: tuple[str, ...] = ()
    draft: bool = False
    lines: Mapping[str, int] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def heading(self) -> str:
        """How it is named in a list or a title: "Quyết định 15/2024/QĐ-UBND"."""
        return f"{self.type} {self.number}"


def file_type(path: str) -> str | None:
    """The shown type of an attached file (PDF, DOCX…), None for a type the register does not publish."""
    return FILE_TYPES.get(posixpath.splitext(path)[1].lower())


def _files(r: FieldReader, exists: Callable[[str], bool] | None) -> tuple[str, ...]:
    value = r.meta.get("files")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or any(not isinstance(i, str) or not i.strip() for i in items):
        r.error("files", "files_list")
        return ()
    out: list[str] = []
    for item in items:
        path = item.strip().replace("\\", "/").lstrip("/")
        if not is_local(path) or path.startswith("../") or "/../" in path:
            r.error("files", "file_outside", path=shorten(item))
        elif file_type(path) is None:
            r.error("files", "file_type", path=shorten(item), types=", ".join(FILE_TYPES.values()))
        elif exists is not None and not exists(path):
            r.error("files", "file_missing", path=shorten(item))
        elif path not in out:
            out.append(path)
    return tuple(out)


def parse_document(text: str, *, path: str, src_uri: str, url: str, tz: dt.tzinfo,
                   exists: Callable[[str], bool] | None = None, say: Messages | None = None,
                   theme_has: Callable[[str], bool] | None = None) -> tuple[Document | None, list[Problem]]:
    """Validate one document file. Returns the Document (None if it has errors) and every problem found.

    `exists` tells whether a path under the content folder names a file of the site (`files:` and the body's
    links are then checked)."""
    say = say or Messages()
    fm, problems = read(text, path, say)
    if fm is None:
        return None, problems
    if fm.first == 1:
        return None, [Problem(path, 1, "front-matter", say("document_front_matter"))]
    r = FieldReader(path, fm, say)
    r.problems += problems
    r.unknown(FIELDS, THEME_FIELDS)
    r.template(DOCUMENT_TEMPLATES, theme_has)
    v = {f.name: r.read(f, tz) for f in DOCUMENT_FIELDS if f.kind != "files"}
    files = _files(r, exists)
    issued, effective, expires = v["issued"][0], v["effective"][0], v["expires"][0]
    if issued and expires and expires <= issued:
        r.error("expires", "document_expires_before")
    if effective and expires and expires <= effective:
        r.error("expires", "document_expires_before_effective")
    number = v["number"]
    if number and any(n.casefold() == number.casefold() for n in v["replaces"]):
        r.error("replaces", "document_replaces_itself", number=shorten(number))
    if exists:
        for line, key, target in check_body(fm.body, src_uri, exists):
            r.problems.append(Problem(path, fm.body_line + line - 1, "body",
                                      say(key, target=shorten(target), value=shorten(target))))
    if any(p.severity == "error" for p in r.problems):
        return None, r.problems
    return Document(
        src_uri=src_uri, url=url, number=number, type=v["type"], issuer=v["issuer"], issued=issued,
        title=v["title"], effective=effective, expires=expires, signer=v["signer"], field=v["field"],
        files=files, replaces=v["replaces"], draft=v["draft"], lines=fm.lines,
    ), r.problems
