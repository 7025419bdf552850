"""Which addresses Bantin may write from content, and the images and links of a Markdown body.

Only http(s) addresses and paths of the site are allowed where a value becomes an `href` or a `src`
(`image`, avatars, links): a browser runs `javascript:` and friends, however they are spelled.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterator
from urllib.parse import unquote, urlsplit

from .urls import is_generated_file

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

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)")


def _target_at(line: str, start: int) -> str:
    """The link target that starts at `start` (just after `](`): `<…>`, or up to a space or the `)` that
    closes the link (parentheses inside it balanced, as Markdown reads them)."""
    while start < len(line) and line[start] == " ":
        start += 1
    if line[start:start + 1] == "<":
        end = line.find(">", start)
        return line[start + 1:end] if end > 0 else line[start + 1:]
    depth, end = 0, start
    while end < len(line) and not line[end].isspace():
        if line[end] == "(":
            depth += 1
        elif line[end] == ")":
            if depth == 0:
                break
            depth -= 1
        end += 1
    return line[start:end]


def _is_image(line: str, close: int) -> bool:
    """Whether the `]` at `close` ends an image's alt text: its matching `[` follows a `!`."""
    depth = 0
    for i in range(close, -1, -1):
        if line[i] == "]":
            depth += 1
        elif line[i] == "[":
            depth -= 1
            if depth == 0:
                return i > 0 and line[i - 1] == "!"
    return False


def body_targets(body: str) -> Iterator[tuple[int, bool, str]]:
    """(line in the body, is an image, target) of every inline link and link definition, outside code;
    character references are read as the browser will read them (`javascript&colon;` is `javascript:`)."""
    fence = None
    for number, line in enumerate(body.splitlines(), start=1):
        opening = _FENCE.match(line)
        if opening:
            mark = opening.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip().strip(mark[0]):
                fence = None
            continue
        if fence or line.startswith(("    ", "\t")):
            continue
        line = re.sub(r"`[^`]*`", "", line)
        definition = _DEFINITION.match(line)
        if definition:
            yield number, False, html.unescape(definition.group(1))
            continue
        for match in re.finditer(r"\]\(", line):
            yield number, _is_image(line, match.start()), html.unescape(_target_at(line, match.end()))


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
        if path is not None and (path.startswith("..") or not (exists(path) or is_generated_file(path))):
            yield line, "body_image_missing" if image else "body_link_missing", target
