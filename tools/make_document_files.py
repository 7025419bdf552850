#!/usr/bin/env python3
"""(Re)generate the attached files of the sample legal-document register ("Văn bản").

Every document is a Markdown file under ``content/van-ban/`` (any sub-folder) whose YAML front-matter has a
``number``; its ``files:`` list names attachments by their path from the content folder, for example
``van-ban/tep/15-2024-qd-ubnd.pdf``. This script writes those attachments from the front-matter and the body,
so that they always match the documents:

* ``.pdf``: a one-page PDF 1.4 written by hand (objects, xref table, trailer) with the standard Helvetica
  fonts. Their encoding cannot show Vietnamese diacritics, so the page text is written without them
  ("QUYET DINH so 15/2024/QD-UBND"); the document properties (title, subject, author) keep the Vietnamese
  text as UTF-16 strings. The first file of a document is the document itself; each further PDF is an annex
  whose heading comes from the end of its file name (``15-2024-qd-ubnd-quy-che.pdf`` -> "QUY CHE").
* ``.xlsx``: a one-sheet workbook (Office Open XML, stored uncompressed) holding the document's reference
  and the first Markdown table of its body (or its paragraphs when it has no table), in full Vietnamese.

The output is deterministic: no timestamps, sorted input, so running the script twice gives identical bytes.
It writes only inside ``content/van-ban/tep/`` and refuses any other path (``..``, absolute paths, symbolic
links leading elsewhere), any other file type, and any file named by two documents: then nothing is written.

Usage (from the repository root; standard library and PyYAML only):

    python tools/make_document_files.py            # write the files that are missing or out of date
    python tools/make_document_files.py --check    # write nothing; verify every file (exit 1 on a problem)
    python tools/make_document_files.py --prune    # also delete files in van-ban/tep/ no document names
    python tools/make_document_files.py --content path/to/content

``--check`` verifies that every named file exists and equals what the script would write, re-reads each PDF
(header, ``startxref``, every xref offset pointing at ``N 0 obj``, every stream ``/Length``, the trailer
``/Size``) and each workbook (zip integrity, required parts, well-formed XML), reports files in
``van-ban/tep/`` that no document names, and, where ``qpdf`` or ``pdftotext`` is installed, confirms each
PDF with them too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree
from xml.sax.saxutils import escape as xml_escape

import yaml

ROOT = Path(__file__).resolve().parent.parent
REGISTER = "van-ban"              # the register's folder inside the content folder
OUTPUT = "van-ban/tep"            # the only folder this script writes to
GENERATED = {".pdf", ".xlsx"}     # the types it can write (the register also accepts DOC/DOCX/ODT/XLS)
PRODUCER = "Bantin tools/make_document_files.py"
FOOTER = "Ban dien tu minh hoa tren Cong thong tin dien tu thi xa May Ngan - van ban mau, noi dung hu cau."


class Problem(Exception):
    """A document or a file the script cannot handle; reported as `path: message`."""


# --------------------------------------------------------------------------------------------------- text

_ASCII = {
    "đ": "d", "Đ": "D", "–": "-", "—": "-", "‑": "-", "“": '"', "”": '"', "‘": "'", "’": "'",
    "…": "...", "²": "2", "³": "3", "°": " do ", "×": "x", "\u00a0": " ", "\t": " ",
}


def ascii_fold(text: str) -> str:
    """Vietnamese text without its diacritics, in printable ASCII only (what Helvetica can show here)."""
    out = []
    for ch in unicodedata.normalize("NFD", str(text)):
        if unicodedata.category(ch) == "Mn":
            continue
        ch = _ASCII.get(ch, ch)
        out.append("".join(c for c in ch if " " <= c <= "~"))
    return re.sub(r" {2,}", " ", unicodedata.normalize("NFC", "".join(out))).strip()


def slug_words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),   # images: their alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),    # links: their text
    (re.compile(r"(\*\*|__|\*|`)"), ""),                 # emphasis, code
    (re.compile(r"\{[:#.][^}]*\}"), ""),                 # attr_list
]


def plain(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text.strip()


def table_rows(lines: list[str]) -> list[list[str]]:
    rows = []
    for line in lines:
        cells = [plain(c) for c in line.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c.replace(" ", "")) for c in cells):
            continue                                           # the |---|---| line
        rows.append(cells)
    return rows


@dataclass
class Block:
    kind: str                  # "para", "item", "heading", "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def body_blocks(body: str) -> list[Block]:
    """The body as paragraphs, list items, headings and tables (enough for the short notes of a register)."""
    blocks: list[Block] = []
    chunk: list[str] = []

    def flush() -> None:
        if not chunk:
            return
        if all(line.lstrip().startswith("|") for line in chunk):
            blocks.append(Block("table", rows=table_rows(chunk)))
        elif all(re.match(r"\s*([-*+]|\d+[.)])\s", line) for line in chunk):
            for line in chunk:
                blocks.append(Block("item", plain(re.sub(r"^\s*([-*+]|\d+[.)])\s+", "", line))))
        elif len(chunk) == 1 and chunk[0].startswith("#"):
            blocks.append(Block("heading", plain(chunk[0].lstrip("#"))))
        else:
            blocks.append(Block("para", plain(" ".join(line.strip() for line in chunk))))
        chunk.clear()

    for line in body.splitlines():
        if line.strip():
            if line.startswith("#"):
                flush()
                chunk.append(line)
                flush()
            else:
                chunk.append(line)
        else:
            flush()
    flush()
    return [b for b in blocks if b.text or b.rows]


# ---------------------------------------------------------------------------------------------- documents

@dataclass
class Document:
    source: Path                # the Markdown file
    meta: dict
    body: str

    @property
    def number(self) -> str:
        return str(self.meta["number"]).strip()

    def text(self, key: str) -> str:
        value = self.meta.get(key)
        return "" if value is None else str(value).strip()

    def date(self, key: str) -> dt.date | None:
        return parse_date(self.meta.get(key), key, self.source)

    @property
    def files(self) -> list[str]:
        value = self.meta.get("files")
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Problem(f"{self.source}: files: must be a list of paths from the content folder")
        return [v.strip() for v in value]

    @property
    def is_party(self) -> bool:
        # Party documents are numbered "17-QC/TU"; state documents "15/2024/QĐ-UBND", "125/KH-UBND".
        return bool(re.match(r"^\d+-[^/\s]+/", self.number))


def parse_date(value, key: str, source: Path) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern, order in ((r"(\d{1,2})/(\d{1,2})/(\d{4})", "dmy"), (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd")):
        m = re.fullmatch(pattern, text)
        if m:
            parts = dict(zip(order, map(int, m.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise Problem(f"{source}: {key}: {text!r} is not a date like 28/12/2021 or 2021-12-28")


def read_front_matter(path: Path) -> tuple[dict | None, str]:
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:i])) or {}
            except yaml.YAMLError as exc:
                raise Problem(f"{path}: front-matter is not valid YAML: {exc}") from None
            if not isinstance(meta, dict):
                raise Problem(f"{path}: front-matter must be a mapping of fields")
            return meta, "\n".join(lines[i + 1:])
    raise Problem(f"{path}: front-matter has no closing '---' line")


def load_documents(content: Path) -> list[Document]:
    docs = []
    for path in sorted((content / REGISTER).rglob("*.md")):
        meta, body = read_front_matter(path)
        if meta is None or "number" not in meta:
            continue                       # not a register entry (e.g. an index page)
        docs.append(Document(path, meta, body))
    return docs


def target_path(content: Path, entry: str, source: Path) -> Path:
    """The file an entry of `files:` names, or Problem if it is not a generated file inside van-ban/tep/."""
    if not entry or "\\" in entry or "\x00" in entry or entry.startswith("/") or re.match(r"^[A-Za-z]:", entry):
        raise Problem(f"{source}: files: {entry!r} must be a relative path like {OUTPUT}/ten-tep.pdf")
    pure = PurePosixPath(entry)
    if any(part in ("", ".", "..") for part in entry.split("/")):
        raise Problem(f"{source}: files: {entry!r} must not contain '.', '..' or empty parts")
    if pure.parent != PurePosixPath(OUTPUT):
        raise Problem(f"{source}: files: {entry!r} is outside {OUTPUT}/; this script writes nowhere else")
    if pure.suffix.lower() not in GENERATED:
        raise Problem(f"{source}: files: {entry!r}: this script only generates "
                      + ", ".join(sorted(GENERATED)) + " files")
    out_dir = (content / OUTPUT)
    resolved_dir = out_dir.resolve()
    if resolved_dir != content.resolve() / OUTPUT:
        raise Problem(f"{out_dir}: is (or is under) a symbolic link; refusing to write through it")
    target = out_dir / pure.name
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise Problem(f"{source}: files: {entry!r} exists and is not a regular file; refusing to replace it")
    if target.resolve().parent != resolved_dir:
        raise Problem(f"{source}: files: {entry!r} resolves outside {OUTPUT}/")
    return target


# ---------------------------------------------------------------------------------------------- wording

def vn_date(day: dt.date) -> str:
    """'ngay 05 thang 3 nam 2024': a leading zero for days below 10 and for January and February."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngay {day.day:02d} thang {month} nam {day.year}"


def short_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def issuer_lines(doc: Document) -> list[str]:
    issuer = ascii_fold(doc.text("issuer"))
    for short, full in (("UBND ", "UY BAN NHAN DAN"), ("HDND ", "HOI DONG NHAN DAN")):
        if issuer.upper().startswith(short):
            return [full, issuer[len(short):].upper()]
    if doc.is_party:
        return [issuer.upper()]
    words = issuer.upper().split()
    half = max(1, len(words) // 2)
    return [" ".join(words[:half]), " ".join(words[half:])] if len(words) > 4 else [issuer.upper()]


def place(doc: Document) -> str:
    issuer = ascii_fold(doc.text("issuer"))
    issuer = re.sub(r"^(UBND|HDND|Thi uy|Tinh uy|Huyen uy|Dang uy)\s+", "", issuer, flags=re.I)
    return re.sub(r"^(thi xa|tinh|huyen|thanh pho|xa|phuong)\s+", "", issuer, flags=re.I) or issuer


_POSITIONS = ["Phó Bí thư Thường trực", "Phó Bí thư", "Bí thư", "Phó Chủ tịch HĐND", "Chủ tịch HĐND",
              "Phó Chủ tịch", "Chủ tịch", "Phó Chánh Văn phòng", "Chánh Văn phòng", "Trưởng ban", "Giám đốc"]


def signer_block(doc: Document) -> tuple[list[str], str]:
    """The lines above the signature ('TM. UY BAN NHAN DAN', 'KT. CHU TICH', 'PHO CHU TICH') and the name."""
    signer = doc.text("signer")
    if not signer:
        return [], ""
    position = next((p for p in _POSITIONS if signer.lower().startswith(p.lower() + " ")), "")
    name = ascii_fold(signer[len(position):])
    title = ascii_fold(position).upper()
    if not title:
        return [], name
    issuer = ascii_fold(doc.text("issuer")).upper()
    if doc.is_party:
        return ["T/M BAN THUONG VU", title], name
    body = "HOI DONG NHAN DAN" if issuer.startswith("HDND") else "UY BAN NHAN DAN"
    title = title.replace(" HDND", "")
    if title == "CHU TICH":
        return [f"TM. {body}", title], name
    if title.startswith("PHO CHU TICH"):
        return [f"TM. {body}", "KT. CHU TICH", title], name
    if "VAN PHONG" in title:
        return ["TL. CHU TICH", title], name
    return [title], name


def reference(doc: Document) -> str:
    """'Quyet dinh so 15/2024/QD-UBND ngay 15/03/2024 cua UBND thi xa May Ngan'"""
    issued = doc.date("issued")
    return ascii_fold(f"{doc.text('type')} số {doc.number} ngày {short_date(issued)} của {doc.text('issuer')}")


def annex_heading(doc: Document, name: str, index: int) -> str:
    stem = PurePosixPath(name).stem.lower()
    base = slug_words(doc.number)
    rest = stem[len(base):].strip("-") if stem.startswith(base) else ""
    return rest.replace("-", " ").upper() if rest else f"PHU LUC {index}"


# -------------------------------------------------------------------------------------------------- PDF

_HELVETICA = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10,
              278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556,
              833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
              333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
              500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]
_HELVETICA_BOLD = [278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10,
                   333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722,
                   611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333,
                   584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
                   611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584]
FONTS = {"F1": ("Helvetica", _HELVETICA), "F2": ("Helvetica-Bold", _HELVETICA_BOLD),
         "F3": ("Helvetica-Oblique", _HELVETICA)}
PAGE_W, PAGE_H, MARGIN = 595, 842, 60
BODY_END = MARGIN + 170          # below this the page keeps room for the signature and the footer


def text_width(text: str, font: str, size: float) -> float:
    widths = FONTS[font][1]
    return sum(widths[ord(c) - 32] for c in text) * size / 1000


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line else lines


def pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf_utf16(text: str) -> str:
    return "<FEFF" + str(text).encode("utf-16-be").hex().upper() + ">"


class Page:
    def __init__(self) -> None:
        self.ops: list[str] = []
        self.y = PAGE_H - MARGIN
        self.full = False                                # the body reached the signature's room

    def room(self, size: float) -> bool:
        """Whether one more line of the body fits; if not, the page ends the body with '[...]' once."""
        if self.full:
            return False
        if self.y < BODY_END:
            self.text(MARGIN, self.y, "[...]", "F1", size)
            self.y -= size * 1.35
            self.full = True
            return False
        return True

    def text(self, x: float, y: float, text: str, font: str = "F1", size: float = 11) -> None:
        self.ops.append(f"BT /{font} {size:g} Tf {x:.2f} {y:.2f} Td {pdf_string(text)} Tj ET")

    def centred(self, cx: float, y: float, text: str, font: str = "F1", size: float = 11) -> None:
        self.text(cx - text_width(text, font, size) / 2, y, text, font, size)

    def rule(self, x1: float, x2: float, y: float) -> None:
        self.ops.append(f"0.5 w {x1:.2f} {y:.2f} m {x2:.2f} {y:.2f} l S")

    def paragraph(self, text: str, font: str = "F1", size: float = 11, indent: float = 0,
                  first: str = "", after: float = 6, always: bool = False) -> None:
        width = PAGE_W - 2 * MARGIN - indent
        for i, line in enumerate(wrap(text, font, size, width - text_width(first, font, size))):
            if not always and not self.room(size):
                return
            self.text(MARGIN + indent, self.y, (first if i == 0 else "") + line, font, size)
            if i == 0 and first:
                indent += text_width(first, font, size)
            self.y -= size * 1.35
        self.y -= after

    def table(self, rows: list[list[str]], size: float = 10) -> None:
        """A table: columns as wide as their text allows, cells wrapped, numbers to the right."""
        if not rows:
            return
        count = max(len(r) for r in rows)
        rows = [r + [""] * (count - len(r)) for r in rows]
        total, gap = PAGE_W - 2 * MARGIN, 10
        natural = [max(text_width(r[j], "F2" if i == 0 else "F1", size) for i, r in enumerate(rows)) + gap
                   for j in range(count)]
        scale = min(1.0, total / sum(natural))
        widths = [w * scale for w in natural]
        widths[-1] += total - sum(widths)
        self.rule(MARGIN, PAGE_W - MARGIN, self.y + size + 2)
        for i, row in enumerate(rows):
            if not self.room(size):
                return
            font = "F2" if i == 0 else "F1"
            cells = [wrap(c, font, size, w - gap) or [""] for c, w in zip(row, widths, strict=True)]
            x = MARGIN
            for c, lines, w in zip(row, cells, widths, strict=True):
                number = bool(re.fullmatch(r"[\d.,]+", c)) and i > 0
                for k, line in enumerate(lines):
                    dx = w - gap - text_width(line, font, size) if number else 0
                    self.text(x + dx, self.y - k * size * 1.3, line, font, size)
                x += w
            self.y -= max(len(lines) for lines in cells) * size * 1.3 + 3
            if i == 0:
                self.rule(MARGIN, PAGE_W - MARGIN, self.y + size + 1)
        self.rule(MARGIN, PAGE_W - MARGIN, self.y + size + 1)
        self.y -= 8


def document_page(doc: Document, heading: str | None, annex_of: str | None) -> Page:
    page = Page()
    left_cx, right_cx = MARGIN + 95, PAGE_W - MARGIN - 125
    top = page.y
    # The two header columns: issuer on the left, national (or party) motto on the right.
    y = top
    for i, line in enumerate(issuer_lines(doc)):
        page.centred(left_cx, y, line, "F2" if i == len(issuer_lines(doc)) - 1 else "F1", 10)
        y -= 13
    if doc.is_party:
        page.centred(left_cx, y, "*", "F2", 10)
    else:
        page.rule(left_cx - 30, left_cx + 30, y + 9)
    y -= 14
    number = ascii_fold(doc.number)
    page.centred(left_cx, y, f"So {number}" if doc.is_party else f"So: {number}", "F1", 10)
    issued = doc.date("issued")
    if doc.is_party:
        page.centred(right_cx, top, "DANG CONG SAN VIET NAM", "F2", 10)
        page.rule(right_cx - 60, right_cx + 60, top - 4)
    else:
        page.centred(right_cx, top, "CONG HOA XA HOI CHU NGHIA VIET NAM", "F2", 10)
        page.centred(right_cx, top - 13, "Doc lap - Tu do - Hanh phuc", "F2", 10)
        page.rule(right_cx - 68, right_cx + 68, top - 17)
    page.centred(right_cx, y, f"{place(doc)}, {vn_date(issued)}", "F3", 10)
    page.y = y - 40

    kind = ascii_fold(doc.text("type"))
    title = ascii_fold(doc.text("title"))
    centre = PAGE_W / 2
    if heading:
        page.centred(centre, page.y, heading, "F2", 14)
        page.y -= 18
        for line in wrap(f"(Kem theo {annex_of})", "F3", 10, PAGE_W - 2 * MARGIN - 40):
            page.centred(centre, page.y, line, "F3", 10)
            page.y -= 13
        page.y -= 4
    elif doc.text("type").lower() != "công văn":
        page.centred(centre, page.y, kind.upper(), "F2", 14)
        page.y -= 20
    for line in wrap(title, "F2", 11.5, PAGE_W - 2 * MARGIN - 40):
        page.centred(centre, page.y, line, "F2", 11.5)
        page.y -= 15
    page.rule(centre - 40, centre + 40, page.y + 4)
    page.y -= 20

    blocks = body_blocks(doc.body)
    if heading and any(b.kind == "table" for b in blocks):
        blocks = [b for b in blocks if b.kind == "table"]      # an annex: the tables of the body
    for block in blocks:
        if block.kind == "heading":
            page.paragraph(ascii_fold(block.text), "F2", 11, after=2)
        elif block.kind == "item":
            page.paragraph(ascii_fold(block.text), indent=12, first="- ", after=1)
        elif block.kind == "table":
            page.table([[ascii_fold(c) for c in row] for row in block.rows])
        else:
            page.paragraph(ascii_fold(block.text))

    facts = []
    if doc.date("effective"):
        facts.append(f"Co hieu luc tu ngay {short_date(doc.date('effective'))}.")
    if doc.date("expires"):
        facts.append(f"Het hieu luc ngay {short_date(doc.date('expires'))}.")
    replaces = doc.meta.get("replaces") or []
    if isinstance(replaces, str):
        replaces = [replaces]
    if replaces:
        facts.append("Thay the van ban so " + ", ".join(ascii_fold(r) for r in replaces) + ".")
    if facts and not heading:
        page.paragraph(" ".join(facts), "F3", 10, always=True)   # dates in force are never cut

    lines, name = signer_block(doc)
    y = max(page.y - 14, MARGIN + 110)
    if not heading:
        page.text(MARGIN, y, "Noi nhan:", "F2", 9)
        page.text(MARGIN, y - 12, "- Cac co quan, don vi lien quan;", "F1", 9)
        page.text(MARGIN, y - 24, "- Luu: VT.", "F1", 9)
    for line in lines:
        page.centred(right_cx, y, line, "F2", 10.5)
        y -= 14
    if name:
        if lines:
            page.centred(right_cx, y, "(da ky)", "F3", 9)
            y -= 40
        page.centred(right_cx, y, name, "F2", 11)
    page.rule(MARGIN, PAGE_W - MARGIN, MARGIN + 8)
    for i, line in enumerate(wrap(FOOTER, "F3", 8, PAGE_W - 2 * MARGIN)):
        page.text(MARGIN, MARGIN - 4 - 10 * i, line, "F3", 8)
    return page


def pdf_bytes(doc: Document, heading: str | None = None, annex_of: str | None = None) -> bytes:
    page = document_page(doc, heading, annex_of)
    content = ("\n".join(page.ops) + "\n").encode("ascii")
    title = f"{doc.text('type')} số {doc.number}" if not heading else f"{heading.title()} - {doc.number}"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
        "/Resources << /Font << /F1 4 0 R /F2 5 0 R /F3 6 0 R >> >> /Contents 7 0 R >>",
        *(f"<< /Type /Font /Subtype /Type1 /BaseFont /{FONTS[f][0]} /Encoding /WinAnsiEncoding >>"
          for f in ("F1", "F2", "F3")),
        None,                                                          # 7: the content stream
        f"<< /Title {pdf_utf16(title)} /Subject {pdf_utf16(doc.text('title'))} "
        f"/Author {pdf_utf16(doc.text('issuer'))} /Producer {pdf_string(PRODUCER)} >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode("ascii"))
        if obj is None:
            out.write(f"<< /Length {len(content)} >>\nstream\n".encode("ascii") + content + b"endstream")
        else:
            out.write(obj.encode("ascii"))
        out.write(b"\nendobj\n")
    xref = out.tell()
    size = len(objects) + 1
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode("ascii"))
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode("ascii"))
    file_id = hashlib.md5(out.getvalue()).hexdigest().upper()
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R /Info {size - 1} 0 R /ID [<{file_id}> <{file_id}>] >>\n"
              f"startxref\n{xref}\n%%EOF\n".encode("ascii"))
    return out.getvalue()


def check_pdf(data: bytes) -> list[str]:
    """What is wrong with the structure of a PDF this script writes (an empty list: nothing)."""
    errors = []
    if not data.startswith(b"%PDF-1.4\n"):
        errors.append("does not start with %PDF-1.4")
    if not data.rstrip().endswith(b"%%EOF"):
        errors.append("does not end with %%EOF")
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    if not m:
        return errors + ["no startxref"]
    xref = int(m.group(1))
    if data[xref:xref + 5] != b"xref\n":
        return errors + [f"startxref {xref} does not point at the xref table"]
    head = re.match(rb"xref\n0 (\d+)\n", data[xref:])
    if not head:
        return errors + ["the xref table has no '0 N' subsection"]
    count, pos = int(head.group(1)), xref + head.end()
    entries = [data[pos + 20 * i: pos + 20 * (i + 1)] for i in range(count)]
    if entries[0] != b"0000000000 65535 f \n":
        errors.append("xref entry 0 is not the free-list head")
    for number, entry in enumerate(entries[1:], start=1):
        em = re.fullmatch(rb"(\d{10}) (\d{5}) n \n", entry)
        if not em:
            errors.append(f"xref entry {number} is not a 20-byte in-use entry: {entry!r}")
            continue
        offset = int(em.group(1))
        if not data[offset:].startswith(f"{number} 0 obj".encode("ascii")):
            errors.append(f"xref entry {number} points at {offset}, which is not '{number} 0 obj'")
    trailer = data[pos + 20 * count:]
    tm = re.match(rb"trailer\n<< /Size (\d+) /Root 1 0 R", trailer)
    if not tm or int(tm.group(1)) != count:
        errors.append("the trailer's /Size does not match the xref table")
    for sm in re.finditer(rb"<< /Length (\d+) >>\nstream\n", data):
        end = sm.end() + int(sm.group(1))
        if data[end:end + 9] != b"endstream":
            errors.append(f"the stream at {sm.start()} is not /Length {sm.group(1).decode()} bytes long")
    if len(data) > 16_000:
        errors.append(f"is {len(data)} bytes; keep attachments to a few KB")
    return errors


# ------------------------------------------------------------------------------------------------- XLSX

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_PARTS = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
               "xl/styles.xml", "xl/worksheets/sheet1.xml"]


def column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def cell(ref: str, value: str, style: int = 0) -> str:
    if re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", value):                    # 42.000 is forty-two thousand
        return f'<c r="{ref}" s="2"><v>{int(value.replace(".", ""))}</v></c>'
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{xml_escape(value)}</t></is></c>'


def xlsx_bytes(doc: Document, heading: str) -> bytes:
    rows: list[tuple[list[str], int]] = [
        ([f"{doc.text('type')} số {doc.number} ngày {short_date(doc.date('issued'))} của {doc.text('issuer')}"], 1),
        ([doc.text("title")], 0),
        ([], 0),
    ]
    blocks = body_blocks(doc.body)
    table = next((b for b in blocks if b.kind == "table"), None)
    if table:
        rows.append((table.rows[0], 1))
        rows.extend((r, 0) for r in table.rows[1:])
    else:
        rows.extend(([b.text], 0) for b in blocks)
    width = max(len(r) for r, _ in rows)
    xml_rows = []
    for i, (values, style) in enumerate(rows, start=1):
        cells = "".join(cell(f"{column(j)}{i}", v, style) for j, v in enumerate(values) if v != "")
        xml_rows.append(f'<row r="{i}">{cells}</row>')
    cols = "".join(f'<col min="{j + 1}" max="{j + 1}" width="{70 if j == 0 else 24}" customWidth="1"/>'
                   for j in range(width))
    sheet_name = xml_escape(heading.title()[:31] or "Van ban")
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_RELS}">'
            f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_NS}" '
            f'xmlns:r="{_OFFICE}"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_RELS}">'
            f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_OFFICE}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_NS}">'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
            '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        "xl/worksheets/sheet1.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}">'
            f'<cols>{cols}</cols><sheetData>{"".join(xml_rows)}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name in _XLSX_PARTS:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name].encode("utf-8"))
    return out.getvalue()


def check_xlsx(data: bytes) -> list[str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        return [f"is not a zip archive: {exc}"]
    with archive:
        bad = archive.testzip()
        if bad:
            return [f"damaged member {bad}"]
        names = archive.namelist()
        errors = [f"has no {part}" for part in _XLSX_PARTS if part not in names]
        for name in names:
            try:
                ElementTree.fromstring(archive.read(name))
            except ElementTree.ParseError as exc:
                errors.append(f"{name} is not well-formed XML: {exc}")
        return errors


# ----------------------------------------------------------------------------------------------- driver

def plan(content: Path) -> tuple[dict[Path, tuple[bytes, str]], list[str]]:
    """Every file to write with its bytes and its document's number, and the problems found (then nothing
    may be written)."""
    wanted: dict[Path, tuple[bytes, str]] = {}
    owner: dict[Path, Path] = {}
    problems: list[str] = []
    try:
        docs = load_documents(content)
    except Problem as exc:
        return {}, [str(exc)]
    for doc in docs:
        try:
            entries = doc.files
            if not entries:
                continue
            missing = [k for k in ("number", "type", "issuer", "issued", "title") if not doc.text(k)]
            if missing:
                raise Problem(f"{doc.source}: needs {', '.join(missing)} to make its files")
            for key in ("issued", "effective", "expires"):
                doc.date(key)                              # a date that is not one stops the run
            annex_of = reference(doc)
            for index, entry in enumerate(entries):
                target = target_path(content, entry, doc.source)
                if target in owner:
                    raise Problem(f"{doc.source}: files: {entry!r} is already named by {owner[target]}")
                owner[target] = doc.source
                heading = annex_heading(doc, entry, index) if index else None
                if target.suffix.lower() == ".pdf":
                    data = pdf_bytes(doc, heading, annex_of if heading else None)
                else:
                    data = xlsx_bytes(doc, heading or ascii_fold(doc.text("type")))
                wanted[target] = (data, doc.number)
        except Problem as exc:
            problems.append(str(exc))
    return wanted, problems


def external_checks(path: Path, number: str) -> list[str]:
    errors = []
    if shutil.which("qpdf"):
        run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        if run.returncode != 0:
            errors.append("qpdf --check: " + (run.stdout + run.stderr).strip().splitlines()[-1])
    if shutil.which("pdftotext"):
        run = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, text=True)
        if run.returncode != 0:
            errors.append(f"pdftotext failed ({run.returncode})")
        elif ascii_fold(number) not in run.stdout:
            errors.append(f"pdftotext does not find the number {ascii_fold(number)!r} in the text")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content",
                        help="the content folder (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="write nothing; verify every file, exit 1 on a problem")
    parser.add_argument("--prune", action="store_true", help=f"also delete files in {OUTPUT}/ that no document names")
    args = parser.parse_args(argv)
    content = args.content

    def show(path: Path) -> str:
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    wanted, problems = plan(content)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    out_dir = content / OUTPUT
    strays = sorted(p for p in out_dir.iterdir() if p not in wanted) if out_dir.is_dir() else []

    if args.check:
        failures = 0
        for target, (data, number) in sorted(wanted.items()):
            if not target.is_file():
                errors = ["is missing (run the script without --check)"]
            else:
                actual = target.read_bytes()
                checker = check_pdf if target.suffix.lower() == ".pdf" else check_xlsx
                errors = checker(actual)
                if actual != data:
                    errors.append("is out of date with its document (run the script without --check)")
                if target.suffix.lower() == ".pdf":
                    errors += external_checks(target, number)
            for error in errors:
                print(f"error: {show(target)}: {error}", file=sys.stderr)
            failures += bool(errors)
        for stray in strays:
            print(f"warning: {show(stray)}: no document names this file", file=sys.stderr)
        tools = [t for t in ("qpdf", "pdftotext") if shutil.which(t)]
        print(f"{len(wanted)} file(s) checked, {failures} with problems"
              + (f" (also confirmed with {' and '.join(tools)})" if tools else ""))
        return 1 if failures else 0

    written = 0
    out_dir.mkdir(parents=True, exist_ok=True)
    for target, (data, _) in sorted(wanted.items()):
        if target.is_file() and target.read_bytes() == data:
            continue
        temp = target.with_name(f".{target.name}.tmp")
        temp.write_bytes(data)
        temp.replace(target)
        written += 1
        print(f"wrote {show(target)} ({len(data)} bytes)")
    for stray in strays:
        if args.prune and stray.is_file() and not stray.is_symlink():
            stray.unlink()
            print(f"deleted {show(stray)}: no document names it")
        else:
            print(f"warning: {show(stray)}: no document names this file (--prune deletes it)", file=sys.stderr)
    print(f"{len(wanted)} file(s) for the register, {written} written, {len(wanted) - written} already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
