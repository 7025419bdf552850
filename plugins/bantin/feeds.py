"""RSS 2.0, Atom and JSON Feed 1.1 documents for a list of articles.

Pure: takes the articles, their absolute addresses and their rendered HTML, returns bytes. The XML is built
with ElementTree so every text is escaped by the serializer, never by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from .articles import Article

FEED_SIZE = 20
_ATOM = "http://www.w3.org/2005/Atom"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"
for prefix, uri in (("atom", _ATOM), ("content", _CONTENT), ("dc", _DC)):
    ET.register_namespace(prefix, uri)

# href="…" and src="…" in rendered content, to be made absolute: feed readers have no page to resolve against.
_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


@dataclass(frozen=True, slots=True)
class Entry:
    article: Article
    url: str  # absolute
    content: str  # rendered HTML of the article body
    views: int
    image: str | None = None  # absolute


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    description: str
    link: str  # the HTML page this feed follows, absolute
    language: str
    rss_url: str
    atom_url: str
    json_url: str | None = None


def absolute_links(html: str, base: str) -> str:
    """Relative links and images of rendered content, resolved against the article's own address."""
    def resolve(match: re.Match) -> str:
        target = match.group(2)
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("//"):
            return match.group(0)
        return match.group(1) + urljoin(base, target) + match.group(3)
    return _LINK.sub(resolve, html)


# Characters XML 1.0 forbids (a feed containing one is not XML at all): control characters pasted from Word,
# U+FFFE/U+FFFF and lone surrogates. Front-matter text is cleaned when it is read; bodies are cleaned here.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {name: xml_text(value) for name, value in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def rss(feed: Feed, entries: Sequence[Entry]) -> bytes:
    root = ET.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", feed.title)
    _sub(channel, "link", feed.link)
    _sub(channel, "description", feed.description)
    _sub(channel, "language", feed.language)
    _sub(channel, f"{{{_ATOM}}}link", href=feed.rss_url, rel="self", type="application/rss+xml")
    if entries:
        _sub(channel, "lastBuildDate", format_datetime(entries[0].article.date))
    for entry in entries:
        a = entry.article
        item = _sub(channel, "item")
        _sub(item, "title", a.title)
        _sub(item, "link", entry.url)
        _sub(item, "guid", entry.url, isPermaLink="true")
        _sub(item, "pubDate", format_datetime(a.date))
        for name in a.authors:
            _sub(item, f"{{{_DC}}}creator", name)
        for term in ([a.category] if a.category else []) + list(a.tags):
            _sub(item, "category", term)
        _sub(item, "description", escape(a.summary))  # RSS descriptions are HTML; the summary is text
        _sub(item, f"{{{_CONTENT}}}encoded", entry.content)
    return _xml(root)


def atom(feed: Feed, entries: Sequence[Entry]) -> bytes:
    root = ET.Element(f"{{{_ATOM}}}feed", {"xml:lang": feed.language})
    _sub(root, f"{{{_ATOM}}}id", feed.atom_url)
    _sub(root, f"{{{_ATOM}}}title", feed.title)
    _sub(root, f"{{{_ATOM}}}subtitle", feed.description)
    _sub(root, f"{{{_ATOM}}}link", href=feed.atom_url, rel="self", type="application/atom+xml")
    _sub(root, f"{{{_ATOM}}}link", href=feed.link, rel="alternate", type="text/html")
    # A feed with no entry yet still needs a valid `updated`: the epoch says "never".
    newest = max((e.article.updated or e.article.date for e in entries), default=None)
    _sub(root, f"{{{_ATOM}}}updated", newest.isoformat() if newest else "1970-01-01T00:00:00Z")
    for entry in entries:
        a = entry.article
        item = _sub(root, f"{{{_ATOM}}}entry")
        _sub(item, f"{{{_ATOM}}}id", entry.url)
        _sub(item, f"{{{_ATOM}}}title", a.title)
        _sub(item, f"{{{_ATOM}}}link", href=entry.url, rel="alternate", type="text/html")
        _sub(item, f"{{{_ATOM}}}published", a.date.isoformat())
        _sub(item, f"{{{_ATOM}}}updated", (a.updated or a.date).isoformat())
        for name in a.authors:
            _sub(_sub(item, f"{{{_ATOM}}}author"), f"{{{_ATOM}}}name", name)
        for term in ([a.category] if a.category else []) + list(a.tags):
            _sub(item, f"{{{_ATOM}}}category", term=term)
        _sub(item, f"{{{_ATOM}}}summary", a.summary)
        _sub(item, f"{{{_ATOM}}}content", entry.content, type="html")
    return _xml(root)


def json_feed(feed: Feed, entries: Sequence[Entry]) -> bytes:
    """JSON Feed 1.1, with `_bantin` carrying the category and views for provincial systems."""
    items = []
    for entry in entries:
        a = entry.article
        item = {
            "id": entry.url, "url": entry.url, "title": a.title, "content_html": entry.content,
            "summary": a.summary, "date_published": a.date.isoformat(),
            "authors": [{"name": name} for name in a.authors], "tags": list(a.tags),
            "_bantin": {"category": a.category, "views": entry.views},
        }
        if entry.image:
            item["image"] = entry.image
        if a.updated:
            item["date_modified"] = a.updated.isoformat()
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1", "title": feed.title, "home_page_url": feed.link,
        "feed_url": feed.json_url, "description": feed.description, "language": feed.language, "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
