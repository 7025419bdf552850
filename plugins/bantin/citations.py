"""Mentions of registered documents' numbers in an article's text, and the links made from them.

An article cites a document by its number as people write it (`Quy chế số 17-QC/TU`, `Nghị định
42/2022/nđ-cp`, `17 - QC / TU`); a mention of a number in the register becomes a link to its page,
any other number (a date, a document the portal does not hold) stays text.

How a mention is read:

- A *chain* is a run of *segments* (letters, digits and combining marks) joined by separators: `/`,
  `-`, `–` (en dash) or `‑` (non-breaking hyphen), each with optional spaces on either side. It starts
  with a digit that is not glued to a letter, a digit or a separator on its left (`A17-QC/TU`,
  `117-QC/TU` and `x/17-QC/TU` give no mention at `17`), and ends where the next character is neither
  a letter nor a digit nor a separator followed by a segment (`,` `.` `;` `)` `:` a space, the end).
- A mention is a run of at least two whole segments of a chain, whose `normalize`d text is registered.
  It starts at the chain's first segment, or at a later segment that begins with a digit and follows a
  spaced separator (`18-NQ/TU - 17-QC/TU`: `17` is not glued to the `-`); it is the longest registered
  run from there. A shorter run than the whole chain therefore always ends where a separator of the
  chain begins: the text after it starts with `/`, `-`, `–` or `‑`, possibly after spaces
  (`17-QC/TU/ABC`, `17-QC/TU-X`, `17-QC/TU - 2020` and `17-QC/TU/` all cite `17-QC/TU`), never in the
  middle of a run of letters or digits (`17-QC/TUX` cites nothing). After a mention, reading goes on
  with the segment that follows it, on the same terms.

Each text node of an HTML fragment is read on its own, as written: character references are not
decoded, and letters in a neighbouring element do not glue.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")

# Đ/đ is a letter of its own, not D with a mark; Ð (U+00D0) is its look-alike from old encodings. An en
# dash or a non-breaking hyphen is what a word processor makes of a typed `-`.
_FOLD = str.maketrans({"Đ": "d", "đ": "d", "Ð": "d", "\u2013": "-", "\u2011": "-"})

_SPACES = " \t\u00a0\u202f"
_SEPARATORS = "/-\u2013\u2011"
_SPACE = f"[{_SPACES}]"
_SEPARATOR = "[/\\-\u2013\u2011]"
_MARK = "[\u0300-\u036f]"  # Vietnamese typed in decomposed form: `Ủ` as `U` + a combining hook
_SEGMENT = f"[^\\W_](?:[^\\W_]|{_MARK})*"
_JOINT = f"{_SPACE}*{_SEPARATOR}{_SPACE}*"
# One chain: its first segment starts with a digit not glued on the left; at least one separator. The digit
# comes first and what is left of it is looked at from there: a pattern that begins with a character class
# lets the regex engine skip to the next digit, where one that begins with a look-behind is tried at every
# character (2.6 times slower over an article's HTML).
_CHAIN = re.compile(
    f"\\d(?<=(?<![^\\W_])(?<![\u0300-\u036f/\\-\u2013\u2011])\\d)(?:[^\\W_]|{_MARK})*(?:{_JOINT}{_SEGMENT})+"
)
_PIECE = re.compile(f"({_SEGMENT})({_JOINT})?")

# The markup of a fragment, in the order a browser tells them apart at a `<`: a comment (unclosed: the
# rest), a tag (its quoted values may hold `>`; unclosed: the rest), a bogus comment (`<!…>`, `<?…>`,
# `</3…>`). A `<` that starts none of them (`<3`, `< b`) is text.
_MARKUP = re.compile(
    r"""<!--.*?(?:-->|\Z)
      | <(/?)([A-Za-z][^\t\n\f\r />]*)((?:[^>"']|"[^"]*(?:"|\Z)|'[^']*(?:'|\Z))*)(?:>|\Z)
      | <(?:[!?]|/(?![A-Za-z]))[^>]*(?:>|\Z)""",
    re.DOTALL | re.VERBOSE,
)
# Elements whose text must not hold a link: links (nesting is invalid), code, headings (their anchor id
# is made from their text), buttons (no interactive content inside), and SVG/MathML, whose `<a>` is not
# an HTML link.
_NO_LINKS = frozenset({"a", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6", "button",
                       "svg", "math"})
# Elements whose content is raw text up to their end tag, markup or not; as in a browser, `<script/>`
# opens one all the same.
_RAW = {name: re.compile(f"</{name}(?=[\t\n\f\r />]|\\Z)", re.IGNORECASE) for name in (
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript")}


def normalize(number: str) -> str:
    """The key two spellings of one number share: `42/2022/NĐ-CP`, `42/2022/nd-cp` and
    `42 / 2022 / ND - CP` are one document."""
    folded = unicodedata.normalize("NFC", number).translate(_FOLD).casefold()
    return "".join(folded.split())


def _self_closing(attributes: str) -> bool:
    """Whether a start tag ends in `/>`: not when the `/` ends an unquoted value (`<a href=/tin-tuc/>`)."""
    if not attributes.endswith("/"):
        return False
    body = attributes[:-1]
    if not body or body[-1] in "\"' \t\n\f\r":
        return True
    return "=" not in body.split()[-1]


class Citations(Generic[T]):
    """The register's numbers, ready to be found in any number of texts.

    `targets` maps each number as the register writes it to what a mention stands for (a document, its
    URL…). Two numbers with one key are one number: the first is kept, and `duplicates` lists each later
    one with the number it collides with, for the register to report.
    """

    def __init__(self, targets: Mapping[str, T]) -> None:
        self.duplicates: list[tuple[str, str]] = []
        # key -> (the number as registered, the target's rank among distinct targets, the target)
        self._entries: dict[str, tuple[str, int, T]] = {}
        ranks: dict[tuple[bool, object], int] = {}
        for number, target in targets.items():
            key = normalize(number)
            if key in self._entries:
                self.duplicates.append((number, self._entries[key][0]))
                continue
            # Distinct means unequal, for values that can be hashed; the same object, for the others.
            try:
                rank = ranks.setdefault((True, target), len(ranks))
            except TypeError:
                rank = ranks.setdefault((False, id(target)), len(ranks))
            self._entries[key] = (number, rank, target)
        # No key is longer: reading a chain stops there, however long the chain.
        self._longest = max(map(len, self._entries), default=0)
        self._key: str | None = None

    def find(self, text: str) -> list[tuple[int, int, T]]:
        """(start, end, target) of each mention in plain text, in order."""
        return [(start, end, self._entries[key][2]) for start, end, key in self._keys(text, 0, len(text))]

    @property
    def key(self) -> str:
        """What the mentions `in_html` finds depend on (the numbers, as keys): the same key, the same spans."""
        if self._key is None:
            self._key = hashlib.blake2b(repr(sorted(self._entries)).encode(), digest_size=16).hexdigest()
        return self._key

    def link_html(self, html: str, href: Callable[[T], str],
                  spans: Sequence[tuple[int, int, str]] | None = None) -> tuple[str, list[T]]:
        """The fragment with each mention in its text linked to `href(target)`, and the targets cited,
        each once, in the order of their first mention. `spans` are what `in_html` found in this very
        fragment (kept from an earlier build), or None to look now.

        Nothing else changes: not a link's, a code's, a heading's text, nor an attribute or a comment.
        A fragment without a mention comes back as the very same string.
        """
        if spans is None or not self._fit(spans, html):
            spans = self.in_html(html)
        if not spans:
            return html, []
        pieces: list[str] = []
        cited: list[T] = []
        hrefs: dict[int, str] = {}  # per distinct target cited, its escaped href
        done = 0  # the end of what `pieces` holds
        for start, end, key in spans:
            _, rank, target = self._entries[key]
            if rank not in hrefs:
                cited.append(target)
                hrefs[rank] = html_lib.escape(href(target), quote=True)
            pieces += (html[done:start], '<a class="bantin-cite" href="', hrefs[rank], '">', html[start:end], "</a>")
            done = end
        pieces.append(html[done:])
        return "".join(pieces), cited

    def _fit(self, spans, html: str) -> bool:
        """Whether `spans` are mentions of these numbers in `html`, in order (kept ones are not trusted)."""
        done = 0
        for span in spans:
            if not (isinstance(span, tuple) and len(span) == 3 and span[2] in self._entries):
                return False
            start, end, key = span
            if not (type(start) is int and type(end) is int and done <= start < end <= len(html)) or \
                    normalize(html[start:end]) != key:
                return False
            done = end
        return True

    def in_html(self, html: str) -> list[tuple[int, int, str]]:
        """(start, end, key) of each mention in the text of an HTML fragment, in order: not in a link's, a
        code's or a heading's text, nor in an attribute or a comment."""
        if not self._entries:
            return []
        found: list[tuple[int, int, str]] = []
        open_counts: dict[str, int] = {}  # per element of _NO_LINKS, how many are open
        blocked = 0
        position = 0
        length = len(html)
        while position < length:
            markup = _MARKUP.search(html, position)
            text_end = markup.start() if markup else length
            if not blocked and text_end > position:
                found += self._keys(html, position, text_end)
            if markup is None:
                break
            position = markup.end()
            name = markup.group(2)
            if name is None:  # a comment or a bogus one
                continue
            name = name.lower()
            if markup.group(1):
                if open_counts.get(name):
                    open_counts[name] -= 1
                    blocked -= 1
            elif name in _RAW:
                closing = _RAW[name].search(html, position)
                if closing is None:
                    break
                position = closing.start()
            elif name == "plaintext":
                break
            elif name in _NO_LINKS and not _self_closing(markup.group(3)):
                open_counts[name] = open_counts.get(name, 0) + 1
                blocked += 1
        return found

    def _keys(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        """(start, end, key) of each mention in text[start:end]."""
        for chain in _CHAIN.finditer(text, start, end):
            yield from self._read_chain(text, chain.start(), chain.end())

    def _read_chain(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        """The mentions of one chain, by the rules of the module's docstring."""
        segments: list[tuple[int, int, str]] = []  # start, end, the separator after it ('' after the last)
        for piece in _PIECE.finditer(text, start, end):
            joint = piece.group(2)
            segments.append((piece.start(1), piece.end(1), joint.strip(_SPACES) if joint else ""))
        keys: list[str | None] = [None] * len(segments)
        first = 0
        while first < len(segments):
            begin = segments[first][0]
            if first and (not text[begin].isdecimal() or text[begin - 1] in _SEPARATORS):
                first += 1
                continue
            found: tuple[int, str] | None = None
            key = ""
            for last in range(first, len(segments)):
                segment_key = keys[last]
                if segment_key is None:
                    segment_key = keys[last] = normalize(text[segments[last][0]:segments[last][1]])
                key += segment_key
                if len(key) > self._longest:
                    break
                if last > first:
                    if key in self._entries:
                        found = last, key
                separator = segments[last][2]
                if not separator:
                    break
                key += normalize(separator)
            if found is None:
                first += 1
                continue
            last, key = found
            yield begin, segments[last][1], key
            first = last + 1
