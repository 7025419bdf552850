"""The portal's leaders from `content/.leaders.yml`, for the "Lãnh đạo" page (Nghị định 224/2026/NĐ-CP, Điều 9).

    leaders:
      - name: Hoàng Văn An                       # required
        position: Chủ tịch UBND thị xã           # required
        photo: images/lanh-dao/hoang-van-an.svg  # a file under the content folder
        phone: 0200 3 812 002                    # digits, spaces, dots, +, parentheses
        email: chutich@mayngan.example.vn
        bio: Sinh năm 1972, quê xã Phìn Ngải …
        duties:                                  # one text, or a list of texts
          - Lãnh đạo, điều hành chung các hoạt động của UBND thị xã

A pure function of the file's text: nothing here reads files or knows MkDocs. A leader with an error is left
out of the list (the others are kept, so a preview still shows them); every problem names the line of the
offending key, or of the leader's `- ` when a required key is missing.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .articles import nfc
from .front import load, nested, shorten
from .links import is_local, safe_link
from .messages import Messages
from .problems import Problem
from .urls import slug

KEYS = ("name", "position", "photo", "phone", "email", "bio", "duties")
REQUIRED = {"name": "Hoàng Văn An", "position": "Chủ tịch UBND thị xã"}
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg")

_PHONE = re.compile(r"^\+?[0-9 .()]+$")
_PHONE_DIGITS = (3, 15)  # 113 is a phone number; E.164 allows 15 digits at most
# One @, no spaces, quotes, angle brackets or commas, and a dot in the domain: a typo's check, not RFC 5322.
_EMAIL = re.compile(r"^[^@\s<>()\[\]\\,;:\"']+@[^@\s<>()\[\]\\,;:\"'.]+(?:\.[^@\s<>()\[\]\\,;:\"'.]+)+$")


@dataclass(frozen=True, slots=True)
class Leader:
    """One leader as the page shows them; texts are NFC and trimmed."""

    name: str
    position: str
    photo: str | None = None  # a path under the content folder, without a leading "/"
    phone: str | None = None  # as written: "0200 3 812 002"
    email: str | None = None
    bio: str | None = None
    duties: tuple[str, ...] = ()
    anchor: str = ""  # the page's id for this leader, unique within the list
    line: int = field(default=0, compare=False)  # the line of the leader's `- ` in the file

    @property
    def tel(self) -> str | None:
        """The phone number for a `tel:` link: its digits, with a leading + kept."""
        if not self.phone:
            return None
        return ("+" if self.phone.startswith("+") else "") + re.sub(r"\D", "", self.phone)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The bio's paragraphs (blank lines separate them)."""
        if not self.bio:
            return ()
        return tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", self.bio) if p.strip())


class EntryProblems:
    """The problems of one entry of a side file's list, each at the line of its key (a missing key: the entry's)."""

    def __init__(self, path: str, lines: dict[tuple, int], at: tuple, start: int, say: Messages):
        self.path, self.lines, self.at, self.start, self.say = path, lines, at, start, say
        self.problems: list[Problem] = []

    def error(self, name: str, key: str, severity: str = "error", /, **values) -> None:
        line = self.lines.get(self.at + (name,), self.start)
        self.problems.append(Problem(self.path, line, name, self.say(key, **values), severity))

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def sorted(self) -> list[Problem]:
        """In the file's order."""
        return sorted(self.problems, key=lambda p: p.line)


def hint(key: str, known: tuple[str, ...], say: Messages) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return say("did_you_mean", name=close[0]) if close else say("known_fields", names=", ".join(known))


def scalar_text(value: object, raw: str | None) -> str:
    """A scalar as the editor wrote it: YAML 1.1 reads `02031234567` as an octal number and `14:30` as 870."""
    if isinstance(value, str):
        return nfc(value)
    return nfc(raw if raw is not None else str(value))


def parse_leaders(text: str, path: str, say: Messages | None = None,
                  exists: Callable[[str], bool] | None = None) -> tuple[list[Leader], list[Problem]]:
    """The leaders in the file's order, and every problem found.

    `exists(path)` tells whether a path under the content folder names a file of the site; without it the
    photos are not looked for.
    """
    say = say or Messages()
    data, top, _, problems = load(text, path, say)
    if data is None:
        return [], problems
    for key in data:
        if str(key) != "leaders":
            problems.append(Problem(path, top.get(str(key), 1), str(key),
                                    say("unknown_field", hint=hint(str(key), ("leaders",), say)), "warning"))
    entries = data.get("leaders")
    if not isinstance(entries, list):
        return [], problems + [Problem(path, top.get("leaders", 1), "leaders", say("leaders_start"))]
    lines, raw = nested(text)
    out: list[Leader] = []
    anchors: set[str] = set()
    for index, entry in enumerate(entries):
        here = ("leaders", index)
        start = lines.get(here, top["leaders"])
        if not isinstance(entry, dict):
            problems.append(Problem(path, start, "leaders", say("leaders_item")))
            continue
        r = EntryProblems(path, lines, here, start, say)
        error = r.error
        for key in entry:
            if str(key) not in KEYS:
                error(str(key), "unknown_field", "warning", hint=hint(str(key), KEYS, say))
        texts: dict[str, str] = {}
        for name in KEYS:
            value = entry.get(name)
            if value is None or value == "":
                if name in REQUIRED:
                    error(name, "required", field=name, example=REQUIRED[name])
                continue
            if name == "duties":
                continue
            if isinstance(value, (dict, list)):
                error(name, "not_text", field=name, example=REQUIRED.get(name, "…"))
                continue
            texts[name] = scalar_text(value, raw.get(here + (name,)))
            if name != "bio":  # one line each; the bio keeps its blank lines between paragraphs
                texts[name] = " ".join(texts[name].split())
            if not texts[name] and name in REQUIRED:
                error(name, "empty", field=name, example=REQUIRED[name])
        photo = texts.get("photo")
        if photo:
            photo = _photo(photo, exists, error)
        phone = texts.get("phone")
        if phone:
            digits = sum(c.isdigit() for c in phone)
            if (not _PHONE.match(phone) or "+" in phone[1:]
                    or not _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1]):
                error("phone", "leader_phone", value=shorten(phone))
        email = texts.get("email")
        if email:
            email = email.removeprefix("mailto:")
            if not _EMAIL.match(email):
                error("email", "leader_email", value=shorten(email))
        duties = _duties(entry.get("duties"), raw, here + ("duties",), error)
        problems += r.sorted()
        if r.failed:
            continue
        anchor = base = f"lanh-dao-{slug(texts['name'])}"
        number = 1
        while anchor in anchors:
            number += 1
            anchor = f"{base}-{number}"
        anchors.add(anchor)
        out.append(Leader(name=texts["name"], position=texts["position"], photo=photo, phone=phone, email=email,
                          bio=texts.get("bio") or None, duties=duties, anchor=anchor, line=start))
    return out, problems


def _photo(value: str, exists: Callable[[str], bool] | None, error: Callable[..., None]) -> str | None:
    """A photo's path under the content folder, or None (and an error)."""
    path = value.replace("\\", "/")
    if not safe_link(path):
        error("photo", "bad_url", value=shorten(value))
        return None
    path = path.lstrip("/")
    clean = posixpath.normpath(path) if path else ""
    if (not is_local(path) or any(c in path for c in "?#") or clean in ("", ".", "..")
            or clean.startswith("../")):
        error("photo", "leader_photo_outside", path=shorten(value))
        return None
    if not clean.lower().endswith(PHOTO_TYPES):
        error("photo", "leader_photo_type", path=shorten(value), types=", ".join(PHOTO_TYPES))
        return None
    if exists is not None and not exists(clean):
        error("photo", "image_missing", path=shorten(value))
        return None
    return clean


def _duties(value: object, raw: dict[tuple, str], at: tuple, error: Callable[..., None]) -> tuple[str, ...]:
    """`duties:` as a tuple of texts: one text, or a list of texts (empty ones dropped)."""
    if value is None or value == "":
        return ()
    if isinstance(value, list):
        paths = [at + (index,) for index in range(len(value))]
    else:
        value, paths = [value], [at]  # one text: the raw text is the key's own
    if any(isinstance(item, (dict, list)) for item in value):
        error("duties", "leader_duties")
        return ()
    return tuple(text for item, path in zip(value, paths)
                 if item is not None and (text := " ".join(scalar_text(item, raw.get(path)).split())))
