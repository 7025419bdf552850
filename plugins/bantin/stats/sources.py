"""Reading the sources of views: web server access logs and GoatCounter CSV exports.

Pure parsing, no database: a line (or a CSV record) in, a typed record or None (malformed) out, and the
mapping of a requested path to the site-relative page URL that the build uses (or None: not a page).

Formats
-------
combined
    The "combined" log format, nginx's default `access_log` format and Apache's `LogFormat ... combined`:
    ``client - user [10/Oct/2024:13:55:36 +0700] "GET /path HTTP/1.1" 200 2326 "referrer" "user agent"``.
    Quoted fields may contain escaped quotes: Apache writes ``\\"``, nginx writes ``\\x22``; both are read.
    Text after the user agent (formats that append e.g. ``$request_time``) is ignored. The client may be an
    IPv4 or IPv6 address or a host name.
goatcounter
    GoatCounter's CSV export, version 2 (https://www.goatcounter.com/help/export). Assumed from its
    documentation: the header's first cell carries the export version before "Path" (written ``2Path`` by
    GoatCounter's encoding/csv writer, shown as "2,Path" in the documentation; both spellings are accepted);
    columns are located by header name: Path, Title, Event, UserAgent (or User-Agent; blank in newer exports),
    Browser, System, Session, Bot, Referrer, Referrer scheme, Screen size, Location, FirstVisit, Date (RFC 3339).
    Fields may be quoted, with newlines inside quotes; blank lines are allowed and ignored. Event rows
    (``Event`` true) are not page views; ``Bot`` other than 0 is GoatCounter's own bot verdict.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from typing import NamedTuple
from urllib.parse import quote, unquote, urlsplit

FORMATS = ("combined", "goatcounter")

# Apache escapes `"` as `\"` and `\` as `\\`; nginx escapes both as \x22 and \x5C. The unrolled
# `[^"\\]*(?:\\.[^"\\]*)*` reads either without backtracking.
_QUOTED = r'"([^"\\]*(?:\\.[^"\\]*)*)"'
_COMBINED = re.compile(
    r'(\S+) \S+ \S+ \[(\d\d/[A-Z][a-z][a-z]/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] '
    + _QUOTED + r' (\d{3}) (?:\d+|-) ' + _QUOTED + ' ' + _QUOTED + r'(?:\s|$)'
)
_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                       "Nov", "Dec"), start=1)}
_EPOCH = dt.date(1970, 1, 1).toordinal()
# Epoch seconds of a log date's midnight in its own offset, by "10/Oct/2024 +0700": logs repeat a few dates.
_day_starts: dict[str, int] = {}


class Request(NamedTuple):
    """One line of an access log."""

    client: str
    ts: int  # seconds since the epoch (UTC)
    method: str
    target: str  # as requested: path, query, sometimes an absolute URL
    status: int
    user_agent: str


class Hit(NamedTuple):
    """One row of a GoatCounter export."""

    path: str
    ts: int
    session: str
    user_agent: str
    bot: bool
    event: bool
    browser: str
    system: str
    screen: str
    location: str


def _log_time(text: str) -> int:
    """`10/Oct/2024:13:55:36 +0700` (shape already checked by the pattern) → epoch seconds; ValueError if it
    names no time (31/Feb, hour 25, offset +2500). Plausible years are for the ingest to judge (1970 to now)."""
    key = text[:11] + text[20:]
    start = _day_starts.get(key)
    if start is None:
        day = dt.date(int(text[7:11]), _MONTHS[text[3:6]], int(text[0:2]))  # ValueError if not a date
        sign, hours, minutes = -1 if text[21] == "-" else 1, int(text[22:24]), int(text[24:26])
        if hours > 23 or minutes > 59:  # not a UTC offset (+2500): the time it says cannot be known
            raise ValueError(text)
        offset = sign * (hours * 3600 + minutes * 60)
        start = (day.toordinal() - _EPOCH) * 86400 - offset
        if len(_day_starts) > 4096:
            _day_starts.clear()
        _day_starts[key] = start
    hours, minutes, seconds = int(text[12:14]), int(text[15:17]), int(text[18:20])
    if hours > 23 or minutes > 59 or seconds > 60:
        raise ValueError(text)
    return start + hours * 3600 + minutes * 60 + seconds


_HEX_ESCAPE = re.compile(r"\\x([0-9A-Fa-f]{2})")


def _unescape(field: str) -> str:
    """Undo the log's escapes: nginx writes bytes as \\xHH (`"` as \\x22), Apache writes \\" and \\\\."""
    if "\\" not in field:
        return field
    if "\\x" in field:
        field = _HEX_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), field)
        try:
            field = field.encode("latin-1").decode("utf-8")  # the escaped bytes were UTF-8
        except UnicodeError:
            pass
    return field.replace('\\"', '"').replace("\\\\", "\\")


def parse_combined(line: str) -> Request | None:
    """One access-log line in the combined format, or None if it is not one (truncated, garbage, empty)."""
    match = _COMBINED.match(line)
    if match is None:
        return None
    client, when, request, status, _referrer, agent = match.groups()
    try:
        ts = _log_time(when)
    except (ValueError, KeyError):
        return None
    parts = request.split(" ")
    if len(parts) == 3:
        method, target = parts[0], _unescape(parts[1])
    else:  # "-" (a timed-out connection), TLS bytes on port 80, HTTP/0.9: a line, but no usable request
        method, target = "", ""
    return Request(client, ts, method, target, int(status), _unescape(agent))


def page_url(target: str, base: str = "/") -> str | None:
    """The site-relative URL of the page a request target names, or None if it names no page.

    Pages are paths ending in `/` or `.html`; the query string and fragment are dropped, a final
    `index.html` is the folder's page, runs of `/` are one, percent-escapes are rewritten as MkDocs writes
    URLs. Not pages: assets (anything else, e.g. .css .js .png .xml .json), `assets/`, `search/`, `404.html`,
    paths with `.` or `..` segments, and paths outside the site's `base` path (from site_url).
    `/` → "", `/tin-tuc/2021/abc/?utm_source=x` → "tin-tuc/2021/abc/".
    """
    if not target.startswith("/"):
        if "://" not in target:
            return None
        target = "/" + target.split("://", 1)[1].partition("/")[2]  # absolute-form: http://host/path
    path = target.split("?", 1)[0].split("#", 1)[0]
    path = quote(unquote(path))
    while "//" in path:
        path = path.replace("//", "/")
    if not path.startswith(base):
        return None
    path = path[len(base):]
    if path == "index.html" or path.endswith("/index.html"):
        path = path[:-len("index.html")]
    if not (path == "" or path.endswith("/") or path.endswith(".html")):
        return None
    segments = path.split("/")
    if segments[0] in ("assets", "search") or path == "404.html" or "." in segments or ".." in segments:
        return None
    return path


def site_base(site_url: str | None) -> str:
    """The path under which the site is served, from MkDocs' site_url: `https://x.vn/portal` → `/portal/`."""
    path = urlsplit(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


# -- GoatCounter -------------------------------------------------------------------------------------------

_GOAT_HEADER = re.compile(r'^\ufeff?"?(\d+)"?,?"?Path"?,', re.IGNORECASE)
_GOAT_COLUMNS = {"path": "path", "title": "title", "event": "event", "useragent": "user_agent",
                 "user-agent": "user_agent", "browser": "browser", "system": "system", "session": "session",
                 "bot": "bot", "screen size": "screen", "location": "location", "date": "date"}
GOATCOUNTER_VERSION = "2"


def is_goatcounter_header(line: str) -> bool:
    return _GOAT_HEADER.match(line) is not None


class GoatColumns(NamedTuple):
    """Where each needed field is in a GoatCounter export's rows."""

    width: int
    index: dict[str, int]


def goatcounter_columns(header_line: str) -> GoatColumns:
    """Read the header; ValueError if it is not a version 2 GoatCounter export."""
    match = _GOAT_HEADER.match(header_line)
    if not match:
        raise ValueError("not a GoatCounter export: the header should start with 2Path")
    if match.group(1) != GOATCOUNTER_VERSION:
        raise ValueError(f"GoatCounter export version {match.group(1)}; only version {GOATCOUNTER_VERSION} "
                         "is known (https://www.goatcounter.com/help/export)")
    try:
        cells = next(csv.reader([header_line.lstrip("\ufeff").rstrip("\r\n")]))
    except csv.Error as error:  # a cell over csv's field size limit (128 KB): not GoatCounter's header
        raise ValueError(f"not a GoatCounter export: {error}") from None
    if cells[0].strip() == match.group(1):  # "2,Path,…": the version as a cell of its own
        cells = cells[1:]
    else:
        cells[0] = cells[0].strip()[len(match.group(1)):]
    index = {}
    for i, cell in enumerate(cells):
        name = _GOAT_COLUMNS.get(cell.strip().lower())
        if name:
            index.setdefault(name, i)
    missing = {"path", "event", "session", "bot", "date"} - set(index)
    if missing:
        raise ValueError(f"GoatCounter export without column(s) {', '.join(sorted(missing))}")
    return GoatColumns(len(cells), index)


def parse_goatcounter(record: str, columns: GoatColumns) -> Hit | None:
    """One CSV record of a GoatCounter export (may span lines), or None if malformed."""
    try:
        rows = list(csv.reader(record.splitlines(keepends=True) or [""], strict=True))
    except csv.Error:
        return None
    if len(rows) != 1:
        return None
    cells = rows[0]
    if len(cells) == columns.width + 1:  # rows that repeat the version cell of a "2,Path" header
        cells = cells[1:]
    if len(cells) != columns.width:
        return None
    get = columns.index.get

    def cell(name: str) -> str:
        i = get(name)
        return cells[i] if i is not None else ""

    path = cell("path")
    try:
        when = dt.datetime.fromisoformat(cell("date"))
    except ValueError:
        return None
    if not path or when.tzinfo is None:
        return None
    event = cell("event").strip().lower()
    bot = cell("bot").strip()
    if event not in ("true", "false") or not bot.isdigit():
        return None
    return Hit(path, int(when.timestamp()), cell("session"), cell("user_agent"), bot != "0", event == "true",
               cell("browser"), cell("system"), cell("screen"), cell("location"))
