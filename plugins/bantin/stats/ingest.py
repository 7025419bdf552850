"""Ingest: stream access logs and GoatCounter exports into the store, each request counted exactly once.

What counts as a view
---------------------
Following the COUNTER Code of Practice (successful requests only, robots excluded by a maintained list,
repeats within a window counted once), a request is a **counted** view when all of these hold:

1. The line is well formed (see `sources`); otherwise it is **malformed** (truncated, binary garbage, empty,
   longer than 1 MB, a date that names no time such as 31/Feb or offset +2500). Its date must also be possible:
   not before 1970 and not more than `FUTURE_SECONDS` (10 minutes) after this machine's clock as the line is
   read, else it is malformed too (a wrong clock, or a forged line: it cannot have happened yet). So a request
   dated in the future never becomes the newest one, which "online now" counts back from, and a date that
   Python cannot turn into a local day is never used. The tolerance lets a log copied from a server whose
   clock is a little ahead count whole; a request up to 10 minutes ahead can hold "online now" that long.
   A malformed line is counted and passed like any other (the cursor moves past it): never fatal.
2. It is not from a robot: the user agent is not a crawler for `crawlerdetect` (a maintained list: Googlebot,
   bingbot, facebookexternalhit, uptime monitors, and command-line clients such as curl, Wget,
   python-requests: no reader is behind them), and it is not empty or "-" (every browser sends one).
   GoatCounter rows with its own bot flag set are robots too. Robots are counted as **bots**, whatever they
   asked for. A user agent longer than 512 characters is a robot's too: no browser sends one, and the
   list's patterns take seconds on an 8 KB one (hours on 1 MB), so it is not even asked.
3. The method is GET or HEAD and the status is 200 or 304. 304 (Not Modified) is counted: it is a reader
   opening the page again with the page in the browser's cache; COUNTER counts 200 and 304 alike.
   GoatCounter events are not views. Otherwise: **skipped**.
4. It asks for a page: a path ending in `/` or `.html` under the site's path, not `assets/`, `search/`,
   `404.html` (see `sources.page_url`); the query string is dropped and `…/index.html` is `…/`.
   Otherwise: **skipped**.
5. The same visitor has no counted view of the same page less than `window_minutes` (30) before or after
   it: otherwise it is a **duplicate**. So a reader reloading a page for 29 minutes counts once, and once
   more 30 minutes after the first view. A visitor is a salted hash of the day (site time zone), the client
   address and the user agent (GoatCounter: of its session ID), so the window never spans midnight.

The report gives, per file and in total: `N read, N counted, N bots, N malformed, N duplicate, N skipped`
(read = the sum of the others; a GoatCounter header and blank CSV lines are not records).

"Online now" uses every page request that passes 1–4 (duplicates too: a reader reloading is online).

Exactly once
------------
Each source file has a cursor keyed by a fingerprint of its first line (header and first row for a
GoatCounter export): the bytes and lines of the decompressed stream already consumed. A file that grew
resumes at its cursor; a rotated copy (`access.log.1`, `access.log.2.gz`) has the same first line, so the
same cursor. Lines are taken in batches; each batch's views, totals and cursor are written in one
transaction, so a crash (kill -9, power cut) loses whole batches with their cursor, never half of one, and
the next run reads those lines again. Inside the transaction the cursor is checked against what this run
last wrote, so two ingests of one file at once cannot both count it: the second one stops.
The last line of a plain file is only read once it ends with a newline (the server may still be writing it).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import sqlite3
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from crawlerdetect import CrawlerDetect

from .sources import (
    FORMATS, GoatColumns, goatcounter_columns, is_goatcounter_header, page_url, parse_combined, parse_goatcounter,
)
from .store import StatsError, meta, open_store

BATCH_SIZE = 5000
COUNTED_METHODS = frozenset(("GET", "HEAD"))
COUNTED_STATUS = frozenset((200, 304))
_MAX_LINE = 1 << 20  # longer lines (a binary file given by mistake) are read in pieces, each one malformed
_MAX_RECORD = 64 * 1024  # a CSV record with an unclosed quote stops being read as one here
_ONLINE_KEEP = 86400  # presence rows older than this before the newest request are dropped
FUTURE_SECONDS = 10 * 60  # a request dated later than this after the clock is malformed (module doc, rule 1)
_MAX_AGENT = 512  # a longer user agent is a robot's (rule 2): crawlerdetect's time grows with its square
_MAX_CACHED = 2048  # longer request targets are not cached: a log of long ones must not fill the memory

_detector = CrawlerDetect()


@lru_cache(maxsize=65536)
def is_bot(user_agent: str) -> bool:
    """A robot's user agent (crawlerdetect's list), or none at all; cached: logs repeat a few agents."""
    user_agent = user_agent.strip()
    if not user_agent or user_agent == "-" or len(user_agent) > _MAX_AGENT:
        return True
    return _detector.isCrawler(user_agent)


_cached_page_url = lru_cache(maxsize=65536)(page_url)


def _page_url(target: str, base: str) -> str | None:
    return _cached_page_url(target, base) if len(target) <= _MAX_CACHED else page_url(target, base)


@dataclass
class Counts:
    read: int = 0
    counted: int = 0
    bots: int = 0
    malformed: int = 0
    duplicate: int = 0
    skipped: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def __str__(self) -> str:
        return (f"{self.read} read, {self.counted} counted, {self.bots} bots, {self.malformed} malformed, "
                f"{self.duplicate} duplicate, {self.skipped} skipped")


@dataclass
class FileReport:
    path: str
    format: str
    counts: Counts = field(default_factory=Counts)
    resumed_at: int = 0  # lines (records) read by earlier runs
    note: str = ""  # why a file was read only in part, or not at all


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def totals(self) -> Counts:
        total = Counts()
        for report in self.files:
            total.add(report.counts)
        return total

    def __str__(self) -> str:
        return str(self.totals)


@dataclass
class _FileState:
    """Where the reading of one file stands: its cursor as committed, and as read."""

    report: FileReport
    fingerprint: str
    path: str
    gz: bool
    columns: GoatColumns | None
    expected: int | None  # the cursor's offset in the store, None if it has none yet
    offset: int  # bytes of the (decompressed) stream taken so far
    committed: int = 0


class _Concurrent(Exception):
    """Another ingest moved this file's cursor."""


def _open(path: Path):
    """The file's bytes, decompressed if it is gzip (by its magic number, whatever its name)."""
    raw = open(path, "rb")
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw, mode="rb"), True
    raw.seek(0)
    return raw, False


def _head(path: Path) -> tuple[bytes, bytes, bool]:
    """The first line and the next non-blank one (complete lines only, or the first piece of an overlong
    one), and whether the file is gzip."""
    stream, gz = _open(path)
    with stream:
        def whole(line: bytes) -> bool:
            return gz or line.endswith(b"\n") or len(line) >= _MAX_LINE

        first = stream.readline(_MAX_LINE)
        second = b""
        while whole(first):
            line = stream.readline(_MAX_LINE)
            if not line or not whole(line):
                break
            if line.strip():
                second = line
                break
    return (first if whole(first) else b""), second, gz


class _Ingest:
    def __init__(self, conn: sqlite3.Connection, *, tz, window_minutes: int, base: str, batch_size: int,
                 batch_pause: float):
        self.conn = conn
        self.tz = ZoneInfo(tz) if isinstance(tz, str) else tz
        self.window = max(0, window_minutes) * 60
        self.base = base
        self.batch_size = max(1, batch_size)
        self.batch_pause = batch_pause
        self.salt = meta(conn, "salt")
        self.url_ids: dict[str, int] = dict(conn.execute("SELECT url, id FROM urls"))
        self.db_lo, self.db_hi = conn.execute("SELECT min(ts), max(ts) FROM views").fetchone()
        # Dedupe: (visitor, url) → time of its newest counted view, for views of this run; older entries are
        # pruned, and views outside what this dict can answer for are looked up in the table.
        self.recent: dict[tuple[int, str], int] = {}
        self.prune_at = 200_000
        self.pruned_before: int | None = None
        self.max_ts = 0
        self.days: dict[int, bytes] = {}
        self._reset_batch()

    # -- per line ------------------------------------------------------------------------------------------

    def _reset_batch(self) -> None:
        self.counts = Counts()
        self.pending: list[tuple[int, str, int]] = []
        self.presence: dict[int, int] = {}
        self.newest = 0
        self.latest = int(time.time()) + FUTURE_SECONDS  # per batch: a long ingest reads lines written meanwhile

    def malformed(self) -> None:
        self.counts.read += 1
        self.counts.malformed += 1

    def _visitor(self, ts: int, identity: str) -> int:
        bucket = ts // 900  # local midnight is a multiple of 15 minutes in UTC in every time zone in use
        day = self.days.get(bucket)
        if day is None:
            day = dt.datetime.fromtimestamp(bucket * 900, self.tz).date().isoformat().encode()
            if len(self.days) > 10_000:
                self.days.clear()
            self.days[bucket] = day
        digest = hashlib.blake2b(day + b"\0" + identity.encode("utf-8", "surrogatepass"), key=self.salt,
                                 digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True)

    def _table_may_hold(self, ts: int, last: int | None) -> bool:
        window = self.window
        if self.db_lo is not None and ts - window < self.db_hi and ts + window > self.db_lo:
            return True  # views from earlier runs around that time
        if self.pruned_before is not None and ts - window < self.pruned_before:
            return True  # views of this run no longer in the dict
        return last is not None and ts < last  # out of order: an earlier view of this run may be near

    def _duplicate(self, visitor: int, url: str, ts: int) -> bool:
        window = self.window
        if not window:
            return False
        key = (visitor, url)
        last = self.recent.get(key)
        if last is not None and -window < ts - last < window:
            return True
        url_id = self.url_ids.get(url)
        if url_id is not None and self._table_may_hold(ts, last):
            found = self.conn.execute(
                "SELECT 1 FROM views WHERE visitor = ? AND url_id = ? AND ts > ? AND ts < ? LIMIT 1",
                (visitor, url_id, ts - window, ts + window)).fetchone()
            if found:
                return True
        if last is None or ts > last:
            self.recent[key] = ts
        return False

    def _view(self, ts: int, url: str, visitor: int) -> None:
        seen = self.presence.get(visitor)
        if seen is None or ts > seen:
            self.presence[visitor] = ts
        if self._duplicate(visitor, url, ts):
            self.counts.duplicate += 1
            return
        self.pending.append((ts, url, visitor))
        self.counts.counted += 1
        if ts > self.max_ts:
            self.max_ts = ts

    def take_combined(self, raw: bytes) -> None:
        counts = self.counts
        counts.read += 1
        request = parse_combined(raw.decode("utf-8", "replace").rstrip("\r\n"))
        if request is None or not 0 <= request.ts <= self.latest:
            counts.malformed += 1
            return
        ts = request.ts
        if ts > self.newest:
            self.newest = ts
        agent = request.user_agent
        if is_bot(agent):
            counts.bots += 1
            return
        if request.status not in COUNTED_STATUS or request.method not in COUNTED_METHODS:
            counts.skipped += 1
            return
        url = _page_url(request.target, self.base)
        if url is None:
            counts.skipped += 1
            return
        self._view(ts, url, self._visitor(ts, request.client + "\0" + agent))

    def take_goatcounter(self, raw: bytes, columns: GoatColumns) -> None:
        counts = self.counts
        counts.read += 1
        hit = parse_goatcounter(raw.decode("utf-8", "replace"), columns)
        if hit is None or not 0 <= hit.ts <= self.latest:
            counts.malformed += 1
            return
        ts = hit.ts
        if ts > self.newest:
            self.newest = ts
        if hit.bot or (hit.user_agent.strip() and is_bot(hit.user_agent)):
            counts.bots += 1
            return
        url = None if hit.event else _page_url(hit.path, self.base)
        if url is None:
            counts.skipped += 1
            return
        # A row without a session (GoatCounter could not tell) is told apart by what else it knows.
        identity = hit.session or "\0".join(("anonymous", hit.browser, hit.system, hit.screen, hit.location))
        self._view(ts, url, self._visitor(ts, "goatcounter\0" + identity))

    # -- per batch -----------------------------------------------------------------------------------------

    def commit(self, fingerprint: str, fmt: str, path: str, expected: int | None, offset: int, lines: int) -> None:
        """Write the batch's views, totals and the file's new cursor in one transaction."""
        conn, counts = self.conn, self.counts
        new_urls: dict[str, int] = {}
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT offset FROM cursors WHERE fingerprint = ?", (fingerprint,)).fetchone()
            if (row[0] if row else None) != expected:
                raise _Concurrent
            ids = self.url_ids
            for _, url, _ in self.pending:
                if url not in ids and url not in new_urls:
                    new_urls[url] = conn.execute("INSERT INTO urls (url) VALUES (?)", (url,)).lastrowid
            rows = [(ts, ids.get(url) or new_urls[url], visitor) for ts, url, visitor in self.pending]
            conn.executemany("INSERT INTO views (ts, url_id, visitor) VALUES (?, ?, ?)", rows)
            per_url = Counter(row[1] for row in rows)
            conn.executemany("UPDATE urls SET views = views + ? WHERE id = ?",
                             [(n, url_id) for url_id, n in per_url.items()])
            conn.executemany("INSERT INTO presence VALUES (?, ?) ON CONFLICT (visitor) DO UPDATE "
                             "SET ts = max(ts, excluded.ts)", self.presence.items())
            if self.newest:  # one in the future (older versions took them) is replaced: it froze "online now"
                conn.execute("INSERT INTO meta VALUES ('newest', ?) ON CONFLICT (key) DO UPDATE SET value = "
                             "CASE WHEN value > ? THEN excluded.value ELSE max(value, excluded.value) END",
                             (self.newest, self.latest))
            now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            conn.execute(
                "INSERT INTO cursors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE "
                "SET offset = excluded.offset, lines = excluded.lines, path = excluded.path, "
                "updated = excluded.updated, counted = counted + excluded.counted, bots = bots + excluded.bots, "
                "malformed = malformed + excluded.malformed, duplicate = duplicate + excluded.duplicate, "
                "skipped = skipped + excluded.skipped",
                (fingerprint, fmt, offset, lines, path, now, counts.counted, counts.bots, counts.malformed,
                 counts.duplicate, counts.skipped))
            if self.batch_pause:
                time.sleep(self.batch_pause)  # a test seam: lets a test kill the process mid-transaction
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        self.url_ids.update(new_urls)
        self._prune()

    def _prune(self) -> None:
        """Keep the dedupe dict small: views older than the window (and an hour of slack) are in the table."""
        if len(self.recent) < self.prune_at:
            return
        horizon = self.max_ts - self.window - 3600
        self.recent = {key: ts for key, ts in self.recent.items() if ts >= horizon}
        self.pruned_before = max(horizon, self.pruned_before or horizon)
        if len(self.recent) > self.prune_at // 2:  # a busy hour: allow more rather than prune every batch
            self.prune_at *= 2

    # -- per file ------------------------------------------------------------------------------------------

    def ingest_file(self, path: Path, fmt: str | None) -> FileReport:
        first, second, gz = _head(path)
        head_text = first.decode("utf-8", "replace")
        fmt = fmt or ("goatcounter" if is_goatcounter_header(head_text) else "combined")
        report = FileReport(str(path), fmt)
        columns = None
        if fmt == "goatcounter":
            try:
                columns = goatcounter_columns(head_text)
            except ValueError as error:
                raise StatsError(f"{path}: {error}") from None
            if not second:
                report.note = "no rows yet"
                return report
            fingerprint = hashlib.sha256(first + second).hexdigest()[:32]
        else:
            if not first:
                report.note = "no complete line yet"
                return report
            fingerprint = hashlib.sha256(first).hexdigest()[:32]

        row = self.conn.execute("SELECT offset, lines FROM cursors WHERE fingerprint = ?", (fingerprint,)).fetchone()
        state = _FileState(report, fingerprint, str(path.resolve()), gz, columns,
                           expected=row[0] if row else None,
                           offset=row[0] if row else (len(first) if fmt == "goatcounter" else 0))
        state.committed = state.offset
        report.resumed_at = row[1] if row else 0
        stream, _ = _open(path)
        with stream:
            stream.seek(state.offset)
            if stream.tell() != state.offset or (not gz and state.offset > os.fstat(stream.fileno()).st_size):
                report.note = f"shorter than the {report.resumed_at} lines already read: nothing new"
                return report
            try:
                self._read(stream, state)
            except (EOFError, gzip.BadGzipFile, zlib.error) as error:
                # Compressed data that ends early (logrotate still compressing it?): keep what was read whole.
                report.note = f"gzip data ends early or is damaged ({error}); a later run reads the rest"
                self._commit_batch(state)
            except _Concurrent:
                report.note = "another ingest is reading this file at the same time: stopped, it counts the rest"
                self._reset_batch()
        if not report.note and report.counts.read == 0 and report.resumed_at:
            report.note = f"already read ({report.resumed_at} lines): nothing new"
        return report

    def _read(self, stream, state: _FileState) -> None:
        take_combined, take_goatcounter = self.take_combined, self.take_goatcounter
        combined, gz, columns = state.report.format == "combined", state.gz, state.columns
        batch, record, cut = 0, b"", False
        readline = stream.readline
        while raw := readline(_MAX_LINE):
            whole = raw.endswith(b"\n")
            if not gz and not whole and len(raw) < _MAX_LINE:
                break  # being written: read it next time, whole
            # every piece of a line longer than _MAX_LINE is malformed, even one that starts like a good line
            piece = not whole and len(raw) >= _MAX_LINE
            broken, cut = cut or piece, piece
            if combined:
                if broken:
                    self.malformed()
                else:
                    take_combined(raw)
                state.offset += len(raw)
            else:
                record += raw
                if not broken and record.count(b'"') % 2 and len(record) < _MAX_RECORD:
                    continue  # a quoted field goes on on the next line
                if broken:
                    self.malformed()
                elif record.strip():
                    take_goatcounter(record, columns)
                state.offset += len(record)
                record = b""
            batch += 1
            if batch >= self.batch_size:
                self._commit_batch(state)
                batch = 0
        if record and gz:  # an unclosed quote at the very end of a finished file
            self.malformed()
            state.offset += len(record)
        self._commit_batch(state)

    def _commit_batch(self, state: _FileState) -> None:
        report = state.report
        if state.offset != state.committed:
            lines = report.resumed_at + report.counts.read + self.counts.read
            self.commit(state.fingerprint, report.format, state.path, state.expected, state.offset, lines)
            state.expected = state.committed = state.offset
        report.counts.add(self.counts)
        self._reset_batch()

    def finish(self) -> None:
        """Drop presence rows too old to matter for "online now", and any in the future (older versions)."""
        self.conn.execute("DELETE FROM presence WHERE ts < (SELECT value FROM meta WHERE key = 'newest') - ? "
                          "OR ts > ?", (_ONLINE_KEEP, self.latest))


def ingest_files(store_path: str | os.PathLike, paths, *, tz="Asia/Ho_Chi_Minh", window_minutes: int = 30,
                 fmt: str | None = None, base: str = "/", batch_size: int = BATCH_SIZE,
                 batch_pause: float = 0.0) -> IngestReport:
    """Ingest each file (plain or gzip; format detected unless `fmt`) into the store; see the module doc.

    Raises StatsError, before anything is written, if a file cannot be read or the store cannot be opened.
    """
    if fmt is not None and fmt not in FORMATS:
        raise StatsError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    files = [Path(p) for p in paths]
    for path in files:
        try:
            with open(path, "rb"):
                pass
        except OSError as error:
            raise StatsError(f"{path}: cannot read: {error.strerror or error}") from None
    conn = open_store(store_path)
    report = IngestReport()
    try:
        ingest = _Ingest(conn, tz=tz, window_minutes=window_minutes, base=base, batch_size=batch_size,
                         batch_pause=batch_pause)
        for path in files:
            try:
                report.files.append(ingest.ingest_file(path, fmt))
            except OSError as error:
                raise StatsError(f"{path}: cannot read: {error.strerror or error}") from None
        ingest.finish()
    except sqlite3.Error as error:
        raise StatsError(f"{store_path}: statistics store: {error}") from error
    finally:
        conn.close()
    return report
