"""The statistics store: one SQLite file (WAL mode, so a build reads while an ingest writes).

Tables
------
meta      key → value: `salt` (32 random bytes, the secret of visitor hashes), `newest` (epoch seconds of
          the newest request seen in any source), `schema`.
urls      id, url (site-relative, e.g. `tin-tuc/2021/abc/`, home ""), views (counted views of all time).
views     one row per counted view: ts (epoch seconds, UTC), url_id, visitor (64-bit salted hash).
presence  visitor → the time of their newest page request (counted or repeat): "online now". Rows older
          than a day before `newest` are pruned.
cursors   one per source file, keyed by the fingerprint of its first line (its first two for a GoatCounter
          export, whose header is always the same): bytes and lines consumed (of the decompressed
          stream), and what they gave.

No raw IP address is stored anywhere: a visitor is blake2b(salt; day in the site's time zone, client, user
agent), truncated to 64 bits, so the same reader is a different visitor tomorrow. The salt stays in the
store (an older log read late must give the same visitors): whoever holds the file and guesses an address
and agent can test the guess for one day, so keep the store as private as the logs it replaces.

What is a store
---------------
A missing or empty file is a new store. A file that is not SQLite, a SQLite database with other tables, a
table of ours without one of its columns, or another schema version is not a store: StatsError (exit 2), and
the file is not touched: a wrong `store:` setting must not turn someone else's database into WAL mode.
A set of our tables with some missing is a store whose creation was interrupted: ingest completes it.

Reading needs no write access: a build or `stats show` may run as a user who can only read the store and
its folder (see `open_readonly`); only ingest writes, and says so when it cannot.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS urls (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    views INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS views (
    ts INTEGER NOT NULL,
    url_id INTEGER NOT NULL REFERENCES urls(id),
    visitor INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS views_by_time ON views (ts, url_id);
CREATE INDEX IF NOT EXISTS views_by_visit ON views (visitor, url_id, ts);
CREATE TABLE IF NOT EXISTS presence (visitor INTEGER PRIMARY KEY, ts INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS presence_by_time ON presence (ts);
CREATE TABLE IF NOT EXISTS cursors (
    fingerprint TEXT PRIMARY KEY,
    format TEXT NOT NULL,
    offset INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    path TEXT NOT NULL,
    updated TEXT NOT NULL,
    counted INTEGER NOT NULL DEFAULT 0,
    bots INTEGER NOT NULL DEFAULT 0,
    malformed INTEGER NOT NULL DEFAULT 0,
    duplicate INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""


class StatsError(Exception):
    """A problem of configuration or environment (unreadable file, broken store): the command exits with 2."""


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Table → column names, SQLite's own tables (sqlite_sequence, sqlite_stat1) left out."""
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")]
    return {name: {row[0] for row in conn.execute("SELECT name FROM pragma_table_info(?)", (name,))}
            for name in names}


def _expected() -> dict[str, set[str]]:
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(_SCHEMA)
        return _tables(conn)
    finally:
        conn.close()


_EXPECTED = _expected()  # derived from _SCHEMA, so the check cannot drift from it


def _check(conn: sqlite3.Connection, path: Path) -> bool:
    """Whether the store has all its tables (False: none yet, or its creation was interrupted).

    StatsError if the file is something else (see the module doc); sqlite3.DatabaseError if it is not SQLite.
    """
    found = _tables(conn)
    other = sorted(set(found) - set(_EXPECTED))
    if other:
        raise StatsError(f"{path}: not a Bantin statistics store: it has table(s) {', '.join(other)}; "
                         "check the `stats: store:` setting")
    for name, columns in sorted(found.items()):
        missing = sorted(_EXPECTED[name] - columns)
        if missing:
            raise StatsError(f"{path}: not a Bantin statistics store: table {name} has no column(s) "
                             f"{', '.join(missing)}")
    version = meta(conn, "schema") if "meta" in found else None
    if version is not None and version != SCHEMA_VERSION:
        raise StatsError(f"{path}: statistics store of schema version {version}; this Bantin reads version "
                         f"{SCHEMA_VERSION}")
    return len(found) == len(_EXPECTED)


def _cannot_write(error: sqlite3.Error) -> bool:
    """SQLITE_READONLY or SQLITE_CANTOPEN: told by the message before Python 3.11, which has no error code."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return str(error) in ("attempt to write a readonly database", "unable to open database file")
    return code & 0xFF in (8, 14)


def _not_a_folder(path: Path) -> None:
    if path.is_dir():
        raise StatsError(f"{path}: is a folder; the `stats: store:` setting names the store's file")


def _write_error(path: Path, error: sqlite3.Error) -> StatsError:
    if _cannot_write(error):
        return StatsError(f"{path}: the statistics store is read-only here ({error}): ingest must be able to "
                          "write it and create files in its folder (-wal, -shm); a build only reads it")
    return StatsError(f"{path}: cannot open the statistics store: {error}")


def open_store(path: str | os.PathLike) -> sqlite3.Connection:
    """Open (creating if needed) the store for writing; transactions are explicit (BEGIN … COMMIT)."""
    path = Path(path)
    _not_a_folder(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    except OSError as error:
        raise StatsError(f"{path}: cannot create the statistics store: {error.strerror}") from error
    except sqlite3.Error as error:
        raise _write_error(path, error) from error
    try:
        _check(conn, path)  # before anything is written into a file that may be someone else's
        conn.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL stays consistent after a crash (kill -9); only a power cut may lose the last
        # transactions, and their cursor with them, so a re-run reads those lines again: never twice.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(_SCHEMA)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_bytes(32),))
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        conn.execute("COMMIT")
    except BaseException as error:
        conn.close()
        if isinstance(error, sqlite3.Error):
            raise _write_error(path, error) from error
        raise
    return conn


def _connect_readonly(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # SQLite opens the file lazily
    except BaseException:
        conn.close()
        raise
    return conn


def open_readonly(path: str | os.PathLike) -> sqlite3.Connection | None:
    """A read-only connection, or None when there is no store yet (or it has not all its tables yet).

    `mode=ro`: SQLite refuses any write through it. In WAL mode a reader also needs the -shm file beside the
    store (and the -wal one if there is a -shm); where it cannot create it (a read-only folder) and so cannot
    open, `immutable=1` reads the main file alone. That read misses only transactions still in a -wal file
    left by an ingest that was killed, until an ingest able to write checkpoints them; an ingest cannot be
    writing at the same time, since it would have created the -shm file.
    """
    path = Path(path)
    _not_a_folder(path)
    if not path.is_file():
        return None
    uri = path.resolve().as_uri()
    try:
        try:
            conn = _connect_readonly(f"{uri}?mode=ro")
        except sqlite3.OperationalError as error:
            if not _cannot_write(error):
                raise
            conn = _connect_readonly(f"{uri}?immutable=1")
        try:
            complete = _check(conn, path)
        except BaseException:
            conn.close()
            raise
    except sqlite3.Error as error:
        raise StatsError(f"{path}: cannot read the statistics store: {error}") from error
    if not complete:
        conn.close()
        return None
    return conn


@contextmanager
def reading(path: str | os.PathLike) -> Iterator[sqlite3.Connection | None]:
    """open_readonly, closed after; an SQLite error while reading (a damaged file) is a StatsError too."""
    conn = open_readonly(path)
    try:
        yield conn
    except sqlite3.Error as error:
        raise StatsError(f"{path}: cannot read the statistics store: {error}") from error
    finally:
        if conn is not None:
            conn.close()


def meta(conn: sqlite3.Connection, key: str, default=None):
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default
