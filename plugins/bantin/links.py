"""Which addresses Bantin may write from content, and the images and links of a Markdown body.

Only http(s) addresses and paths of the site are allowed where a value becomes an `href` or a `src`
(`image`, avatars, links): a browser runs `javascript:` and friends, however they are spelled.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from urllib.parse import unquote, urlsplit

# Browsers drop these from a URL before reading its scheme: `java\tscript:` is `javascript:`.
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)


def safe_link(value: str, schemes: tuple[str, ...] = ("http", "https")) -> bool:
    """True for `http://…`, `https://…` and site paths (`images/a.jpg`, `/tin-tuc/`, `../a/`, `#top`)."""
    squeezed = _IGNORED.sub("", value.replace("\\", "/"))
    if squeezed.startswith("//"):  # another host, with whatever scheme the page has
        return False
    scheme = _SCHEME.match(squeezed)
    return scheme is None or scheme.group(1).lower() in schemes


def is_local(value: str) -> bool:
    """A path inside the site (not an address of another site)."""
    return safe_link(value) and not _SCHEME.match(value.strip())


# In an article's text, a reader may also be offered an e-mail address or a phone number.
BODY_SCHEMES = ("http", "https", "mailto", "tel")

# Inline links and images: [text](target "title") and ![alt](target).
_INLINE = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def body_targets(body: str) -> Iterator[tuple[int, bool, str]]:
    """(line in the body, is an image, target) of every inline Markdown link, outside code."""
    fenced = None
    for number, line in enumerate(body.splitlines(), start=1):
        fence = _FENCE.match(line)
        if fence:
            fenced = None if fenced == fence.group(1) else (fenced or fence.group(1))
            continue
        if fenced or line.startswith(("    ", "\t")):
            continue
        line = re.sub(r"`[^`]*`", "", line)
        for match in _INLINE.finditer(line):
            yield number, match.group(1) == "!", match.group(2)


def local_target(src_uri: str, target: str) -> str | None:
    """The content path a local link or image of file `src_uri` points at; None for page addresses
    (`../khac/`) and anchors, which MkDocs resolves itself."""
    path = unquote(urlsplit(target).path)
    if not path or path.endswith("/") or "." not in posixpath.basename(path):
        return None
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))


def check_body(body: str, src_uri: str, exists: Callable[[str], bool]) -> Iterator[tuple[int, str, str]]:
    """(body line, message key, target) for each unsafe link and each missing local image or file."""
    for line, image, target in body_targets(body):
        if not target:
            continue
        if not safe_link(target, BODY_SCHEMES):
            yield line, "bad_url", target
            continue
        if _SCHEME.match(target):
            continue
        path = local_target(src_uri, target)
        if path is not None and (path.startswith("..") or not exists(path)):
            yield line, "body_image_missing" if image else "body_link_missing", target
