"""Reading a content file's front-matter safely: bytes → text → YAML mapping, with the line of every key.

Every content type (articles, pages, and later documents) reads its file here, so the limits hold for all:
- the file must be UTF-8 (a BOM is allowed); anything else is a problem, never a crash;
- YAML is scanned event by event before it is loaded: libyaml's loader recurses in C and crashes the process
  on deep nesting, and aliases can expand a few lines into billions of values, so depth and expanded size are
  bounded first; the same scan gives each key's line from the parser's own marks and finds duplicate keys
  (YAML lets the last one win silently, so `draft: true … draft: false` would publish);
- dates are left as text (YAML 1.1 would turn `2021-02-31` into a crash and `2021-12-28` into a date
  without a time zone): each content type reads them with `parse_date`, so one reader holds one set of rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .messages import Messages
from .problems import Problem

MAX_DEPTH = 20  # front-matter is flat; a few levels are plenty
MAX_NODES = 5000  # values after aliases are expanded; a long tag list is a few hundred
MAX_BYTES = 1_000_000  # a content file this large is a mistake (a pasted image?) and is not read
YEARS = (1900, 9999)

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster


class _Loader(_BASE):
    """The safe loader without implicit timestamps, so dates reach `parse_date` as the editor wrote them."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BASE.yaml_implicit_resolvers.items()
    }


# An explicit `!!timestamp` tag is read as text too: `parse_date` decides whether it is a real date.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

_HANDLER = YAMLHandler()


@dataclass
class FrontMatter:
    """One file's front-matter: its values, the file line of each key, and the raw text of plain scalars."""

    meta: dict
    body: str
    lines: dict[str, int] = field(default_factory=dict)  # top-level key → line in the file (1-based)
    raw: dict[str, str] = field(default_factory=dict)  # top-level key → the scalar exactly as written
    first: int = 2  # 1 when the file has no front-matter
    body_line: int = 1  # the file line where the body starts


def shorten(value: Any, limit: int = 80) -> str:
    """A value for a message: its repr, cut so that one line never carries a huge value."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decode(data: bytes, path: str, say: Messages) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying how to save it as UTF-8."""
    if len(data) > MAX_BYTES:
        return None, [Problem(path, 1, "file", say("file_too_large", size=len(data) // 1000))]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, "file", say("utf16"))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, [Problem(path, line, "file", say("not_utf8"))]
    if "\x00" in text:
        return None, [Problem(path, text.count("\n", 0, text.index("\x00")) + 1, "file", say("binary"))]
    return text, []


class _Refused(Exception):
    """The front-matter is beyond a limit: stop before libyaml or the constructor sees it."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _scan(text: str, first: int, path: str, say: Messages,
          tagged: dict[str, int]) -> tuple[dict[str, int], dict[str, str], list[Problem]]:
    """Walk the YAML events once: bound depth and alias expansion, note key lines, raw scalars, duplicates,
    and (into `tagged`) the top-level keys whose value carries an explicit tag."""
    lines: dict[str, int] = {}
    raw: dict[str, str] = {}
    problems: list[Problem] = []
    sizes: dict[str, int] = {}  # anchor → expanded size of its node
    # One frame per open collection: [anchor, size so far, keys seen (mappings only), expecting a key, key].
    stack: list[list] = [[None, 0, None, False, None]]
    for event in yaml.parse(text, Loader=_Loader):
        line = first + event.start_mark.line
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent, yaml.AliasEvent)):
            frame = stack[-1]
            size = sizes.get(event.anchor, 1) if isinstance(event, yaml.AliasEvent) else 1
            frame[1] += size
            if sum(f[1] for f in stack) > MAX_NODES:
                raise _Refused(Problem(path, line, "front-matter", say("too_big", limit=MAX_NODES)))
            if frame[2] is not None:  # inside a mapping: keys and values alternate
                if frame[3]:
                    key = event.value if isinstance(event, yaml.ScalarEvent) else None
                    if key is not None and key in frame[2]:
                        problems.append(Problem(path, line, key, say("duplicate_key", first=frame[2][key])))
                    if key is not None:
                        frame[2].setdefault(key, line)
                        if len(stack) == 2:
                            lines.setdefault(key, line)
                    frame[4] = key
                elif len(stack) == 2 and frame[4] is not None:
                    if isinstance(event, yaml.ScalarEvent) and not event.style:  # what YAML 1.1 may read as a number
                        raw[frame[4]] = event.value
                    if getattr(event, "tag", None):  # written with `!!…`: events carry no tag otherwise
                        tagged.setdefault(frame[4], line)
                frame[3] = not frame[3]
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) > MAX_DEPTH:
                    raise _Refused(Problem(path, line, stack[1][4] or "front-matter", say("too_deep", limit=MAX_DEPTH)))
                frame[1] -= 1  # counted when the collection closes, with everything in it
                stack.append([event.anchor, 1, {} if isinstance(event, yaml.MappingStartEvent) else None, True, None])
            elif event.anchor and isinstance(event, yaml.ScalarEvent):
                sizes[event.anchor] = 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size, *_ = stack.pop()
            stack[-1][1] += size
            if anchor:
                sizes[anchor] = size
    return lines, raw, problems


def _syntax_problem(error: yaml.YAMLError, text: str, first: int, lines: dict[str, int], path: str,
                    say: Messages) -> Problem:
    # An unclosed quote is only noticed at the end; the error also says where the quote opened.
    unclosed = "end of stream" in str(getattr(error, "problem", ""))
    mark = (unclosed and getattr(error, "context_mark", None)) or getattr(error, "problem_mark", None)
    line = first + mark.line if mark else first
    field_name = next((k for k, n in lines.items() if n == line), None)
    if field_name is None:  # the scan stopped at the error: find the key written on that line
        written = text.splitlines()[line - first] if mark and line - first < len(text.splitlines()) else ""
        match = re.match(r"\s*([^\s:#'\"][^:]*?)\s*:(?:\s|$)", written)
        field_name = match.group(1) if match else "front-matter"
    source = text.splitlines()[line - first] if mark and 0 <= line - first < len(text.splitlines()) else ""
    problem = str(getattr(error, "problem", None) or error)
    if "\t" in source[: len(source) - len(source.lstrip())] or "'\\t'" in problem:
        return Problem(path, line, field_name, say("yaml_tab"))
    return Problem(path, line, field_name, say("yaml_syntax", problem=problem))


def load(text: str, path: str, say: Messages, first: int = 1) -> tuple[dict | None, dict[str, int],
                                                                   dict[str, str], list[Problem]]:
    """A YAML mapping within the limits, with the file line of each top-level key and its raw scalar.

    `first` is the file line of the YAML text's first line. None (and the problems) when it cannot be used.
    """
    lines: dict[str, int] = {}
    tagged: dict[str, int] = {}
    try:
        lines, raw, problems = _scan(text, first, path, say, tagged)
        data = yaml.load(text, Loader=_Loader) if text.strip() else {}
    except _Refused as refused:
        return None, lines, {}, [refused.problem]
    except yaml.YAMLError as error:
        return None, lines, {}, [_syntax_problem(error, text, first, lines, path, say)]
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError) as error:
        # A constructor refusing a tagged value (`!!int x`, `!!bool maybe`): the first tagged key is the one.
        key, line = next(iter(tagged.items()), ("front-matter", first))
        return None, lines, {}, [Problem(path, line, key, say("yaml_syntax", problem=shorten(str(error))))]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, lines, raw, [Problem(path, first + 1, "front-matter", say("not_mapping"))]
    return data, {str(k): v for k, v in lines.items()}, raw, problems


def nested(text: str, first: int = 1) -> tuple[dict[tuple, int], dict[tuple, str]]:
    """Below the top level too (a side file's list of mappings): the file line of every key and list item by
    its path, `("leaders", 0, "name")`, and each plain scalar value as written, by the same path.

    Call it only on text `load` accepted: `load` has bounded depth and aliases. A collection reached twice
    through an alias is walked once, so a recursive alias (`&a [*a]`) ends. Lines keep the first of
    duplicate keys, raw text the last (the value YAML keeps).
    """
    lines: dict[tuple, int] = {}
    raw: dict[tuple, str] = {}
    if not text.strip():
        return lines, raw
    seen: set[int] = set()
    todo: list[tuple[tuple, yaml.Node]] = [((), yaml.compose(text, Loader=_Loader))]
    while todo:
        path, node = todo.pop()
        if isinstance(node, yaml.ScalarNode):
            if path and not node.style:
                raw[path] = node.value
            elif path:
                raw.pop(path, None)
            continue
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            children = [(path + (key.value,), key, value) for key, value in node.value
                        if isinstance(key, yaml.ScalarNode)]
        else:
            children = [(path + (index,), item, item) for index, item in enumerate(node.value)]
        for sub, mark, _ in children:
            lines.setdefault(sub, first + mark.start_mark.line)
        todo.extend((sub, value) for sub, _, value in reversed(children))  # popped in the file's order
    return lines, raw


def read(text: str, path: str, say: Messages) -> tuple[FrontMatter | None, list[Problem]]:
    """Split and load the front-matter of `text`; None with the problems when it cannot be used at all.

    A file without front-matter is returned with an empty mapping and `first == 1` (a page may have none);
    the caller decides whether that is allowed.
    """
    if not _HANDLER.detect(text):
        return FrontMatter({}, text, first=1, body_line=1), []
    try:
        yaml_text, body = _HANDLER.split(text)
    except ValueError:
        return None, [Problem(path, 1, "front-matter", say("not_closed"))]
    # The YAML text starts on the opening `---` line, right after the dashes.
    first = text.count("\n", 0, text.find(yaml_text)) + 1 if yaml_text else 1
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    meta, lines, raw, problems = load(yaml_text, path, say, first)
    if meta is None:
        return None, problems
    meta = {str(key): value for key, value in meta.items()}
    return FrontMatter(meta, body, lines, raw, max(first, 2), body_line), problems


# -- dates -----------------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_ONE_DIGIT_HOUR = re.compile(r"^(\d{4}-\d{2}-\d{2}[ T])(\d:)")
_LOOKS_LIKE_DATE = re.compile(r"^[\d/:.+\-TZ ]+$")


class BadDate(ValueError):
    """`reason` is one of: unreadable, unreal, range."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def parse_date(value: Any, tz: dt.tzinfo) -> tuple[dt.datetime, bool]:
    """A front-matter date → (an aware datetime in `tz`, whether a time of day was given); BadDate otherwise.

    Accepted: 28/12/2021, 28/12/2021 08:30[:15], and ISO 8601 (2021-12-28, 2021-12-28 08:30,
    2021-12-28T08:30:15+07:00). A date without an offset is in the site's time zone.
    """
    if isinstance(value, dt.datetime):
        moment, timed = value, True
    elif isinstance(value, dt.date):
        moment, timed = dt.datetime(value.year, value.month, value.day), False
    elif isinstance(value, str):
        text = " ".join(value.split())
        match = _DMY.match(text)
        try:
            if match:
                day, month, year, hour, minute, second = match.groups()
                moment = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                                     int(second or 0))
                timed = hour is not None
            else:
                if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
                    raise BadDate("unreadable")
                text = _ONE_DIGIT_HOUR.sub(r"\g<1>0\2", text)  # 2021-12-28 8:30 as 08:30, like 28/12/2021 8:30
                moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text)
                timed = len(text) > 10
        except BadDate:
            raise
        except (ValueError, OverflowError):
            raise BadDate("unreal" if _LOOKS_LIKE_DATE.match(text) else "unreadable")
    else:
        raise BadDate("unreadable")
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise BadDate("range")
    try:
        moment = moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)
    except (ValueError, OverflowError):
        raise BadDate("range")
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise BadDate("range")
    return moment, timed
