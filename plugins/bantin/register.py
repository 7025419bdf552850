"""The Register: every document of a build, checked across files, sorted and indexed once.

What one file cannot tell is told here: a number used by two files, a `replaces` naming no document, which
document replaced which, and each document's status on the day of the build. Pure, like the Catalog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .articles import Article
from .citations import Citations, normalize
from .documents import Document
from .messages import Messages
from .problems import Problem
from .urls import slug

IN_FORCE, EXPIRED, NOT_YET = "in_force", "expired", "not_yet"  # keys of the status words (i18n)


@dataclass(frozen=True, slots=True)
class Facet:
    """Documents sharing a type, an issuer, a field or a year, newest first."""

    kind: str  # doc_type | doc_issuer | doc_field | doc_year
    slug: str
    name: str
    documents: tuple[Document, ...]


def _newest_first(documents: Iterable[Document]) -> list[Document]:
    return sorted(documents, key=lambda d: (-d.issued.timestamp(), normalize(d.number), d.src_uri))


def _facets(kind: str, keyed: Iterable[tuple[str | None, Document]]) -> dict[str, Facet]:
    names: dict[str, str] = {}
    members: dict[str, list[Document]] = {}
    for name, document in keyed:
        if not name:
            continue
        key = name if kind == "doc_year" else slug(name)
        names.setdefault(key, name)
        members.setdefault(key, []).append(document)
    return {key: Facet(kind, key, names[key], tuple(items)) for key, items in members.items()}


def check(documents: Iterable[Document], paths: Mapping[str, str], say: Messages) -> list[Problem]:
    """Problems across files: a number used twice (an error naming both files, in the later one), a
    `replaces` naming no document of the register (a warning: it may be another agency's)."""
    documents = sorted(documents, key=lambda d: d.src_uri)
    first: dict[str, Document] = {}
    problems = []
    for d in documents:
        key = normalize(d.number)
        if key in first:
            other = first[key]
            problems.append(Problem(paths.get(d.src_uri, d.src_uri), d.lines.get("number", 1), "number",
                                    say("duplicate_number", number=d.number,
                                        other=paths.get(other.src_uri, other.src_uri))))
        else:
            first[key] = d
    for d in documents:
        for number in d.replaces:
            if normalize(number) not in first:
                problems.append(Problem(paths.get(d.src_uri, d.src_uri), d.lines.get("replaces", 1), "replaces",
                                        say("unknown_replaces", number=number), "warning"))
    return problems


class Register:
    """The published documents, newest `issued` first, and their indexes."""

    def __init__(self, documents: Iterable[Document], now: dt.datetime):
        self.documents: tuple[Document, ...] = tuple(_newest_first(documents))
        self.now = now
        self.by_src = {d.src_uri: d for d in self.documents}
        self.by_number: dict[str, Document] = {}
        for d in sorted(self.documents, key=lambda d: d.src_uri):  # as `check` keeps the first
            self.by_number.setdefault(normalize(d.number), d)
        replaced_by: dict[str, list[Document]] = {}
        for d in self.documents:
            for number in d.replaces:
                old = self.by_number.get(normalize(number))
                if old is not None and old is not d:
                    replaced_by.setdefault(old.src_uri, []).append(d)
        self._replaced_by = {src: tuple(items) for src, items in replaced_by.items()}
        docs = self.documents
        self.types = _facets("doc_type", ((d.type, d) for d in docs))
        self.issuers = _facets("doc_issuer", ((d.issuer, d) for d in docs))
        self.fields = _facets("doc_field", ((d.field, d) for d in docs))
        self.years = _facets("doc_year", ((str(d.issued.year), d) for d in docs))
        self.citations = Citations({d.number: d for d in sorted(docs, key=lambda d: d.src_uri)})
        self._cited_by: dict[str, list] = {}

    def __len__(self) -> int:
        return len(self.documents)

    def replaces(self, document: Document) -> list[tuple[str, Document | None]]:
        """(number as written, the document when the register has it) for each number it replaces."""
        return [(number, self.by_number.get(normalize(number))) for number in document.replaces]

    def replaced_by(self, document: Document) -> tuple[Document, ...]:
        return self._replaced_by.get(document.src_uri, ())

    def status(self, document: Document, _seen: frozenset = frozenset()) -> str:
        """On the day of the build: not yet in force before `effective`; expired from `expires`, or once a
        document replacing it is in force; else in force."""
        now, seen = self.now, _seen | {document.src_uri}  # `seen`: two documents replacing each other
        if document.effective and document.effective > now:
            return NOT_YET
        if document.expires and document.expires <= now:
            return EXPIRED
        if any(newer.src_uri not in seen and self.status(newer, seen) == IN_FORCE
               for newer in self.replaced_by(document)):
            return EXPIRED
        return IN_FORCE

    # Citations: filled while the bodies are converted (one pass per body), read by the document pages.
    def cite(self, source, documents: Iterable[Document]) -> None:
        """Note that `source` (an Article or a Document) cites `documents`."""
        for d in documents:
            if d.src_uri != getattr(source, "src_uri", None):
                self._cited_by.setdefault(d.src_uri, []).append(source)

    def cited_by(self, document: Document) -> list:
        """What cites `document`, newest first."""
        found = {getattr(s, "src_uri"): s for s in self._cited_by.get(document.src_uri, ())}
        return sorted(found.values(), key=lambda s: (-_when(s).timestamp(), s.src_uri))

    def take_citations(self, other: Register, articles: Mapping[str, object]) -> None:
        """The citations noted in `other` (a register of the same documents), its articles replaced by those of
        `articles` (by source) and those no longer in it dropped."""
        self._cited_by = {
            src: [articles[s.src_uri] if isinstance(s, Article) else s for s in sources
                  if not isinstance(s, Article) or s.src_uri in articles]
            for src, sources in other._cited_by.items()}

    def forget_citations(self) -> None:
        self._cited_by = {}


def _when(source) -> dt.datetime:
    return getattr(source, "date", None) or source.issued
