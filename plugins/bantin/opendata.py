"""The register as open data: van-ban/index.json and van-ban/index.csv, and its documents as feed entries.

Every field of every document, dates in ISO 8601, files as absolute addresses, so another system (the
province's portal, a journalist's spreadsheet) can take the register whole. The CSV is UTF-8 with a byte order
mark: without it Excel reads Vietnamese as mojibake.
"""

from __future__ import annotations

import csv
import io
import json

from .articles import Article
from .documents import Document

COLUMNS = ("number", "type", "issuer", "issued", "title", "effective", "expires", "signer", "field", "status",
           "url", "files", "replaces", "replaced_by")


def record(document: Document, portal) -> dict:
    """One document as open data."""
    def day(moment):
        return moment.date().isoformat() if moment else None
    register = portal.register
    return {
        "number": document.number, "type": document.type, "issuer": document.issuer,
        "issued": day(document.issued), "title": document.title, "effective": day(document.effective),
        "expires": day(document.expires), "signer": document.signer, "field": document.field,
        "status": register.status(document), "url": portal.absolute(document.url),
        "files": [{"url": portal.absolute(path), "name": name, "type": kind, "bytes": portal.file_sizes.get(path)}
                  for path, name, kind, _ in portal.files(document)],
        "replaces": list(document.replaces),
        "replaced_by": [newer.number for newer in register.replaced_by(document)],
    }


def files(register, portal) -> list[tuple[str, bytes]]:
    """(name beside the register, bytes) of index.json and index.csv."""
    records = [record(d, portal) for d in register.documents]
    # The day the statuses were worked out (a day, not the moment: two builds of one day write the same file).
    head = {"count": len(records), "status_on": register.now.date().isoformat()}
    table = io.StringIO(newline="")
    writer = csv.writer(table, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in records:
        writer.writerow([_cell(r, column) for column in COLUMNS])
    return [("index.json", _json_lines(head, "documents", records).encode("utf-8")),
            ("index.csv", table.getvalue().encode("utf-8-sig"))]


def _json_lines(head: dict, name: str, items: list[dict]) -> str:
    """`head` with `name`: `items`, an item a line: as easy to read and to diff as an indented file, and
    written by json's C encoder (an indent makes it the Python one: 0.2 s for 5,000 documents)."""
    lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
    return f'{json.dumps(head, ensure_ascii=False)[:-1]}, "{name}": [\n{lines}\n]}}\n'


def _cell(r: dict, column: str) -> str:
    value = r[column]
    if column == "files":
        return " ".join(f["url"] for f in value)
    if isinstance(value, list):
        return "; ".join(value)
    return "" if value is None else str(value)


def as_entry(document: Document, portal) -> Article:
    """A document as a feed shows an item: its heading and abstract, issued by its issuer, under its type."""
    return Article(src_uri=document.src_uri, url=document.url, title=f"{document.heading}: {document.title}",
                   date=document.issued, authors=(document.issuer,), category=document.type,
                   tags=(document.field,) if document.field else (), views=0, summary=document.title, image=None,
                   image_alt=None, draft=False, featured=False, timed=False)
