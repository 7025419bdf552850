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
"""

from __future__ import annotations

import os
import secrets
import sqlite3
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


def open_store(path: str | os.PathLike) -> sqlite3.Connection:
    """Open (creating if needed) the store for writing; transactions are explicit (BEGIN … COMMIT)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL stays consistent after a crash (kill -9); only a power cut may lose the last
        # transactions, and their cursor with them, so a re-run reads those lines again: never twice.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(_SCHEMA)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_bytes(32),))
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        raise StatsError(f"{path}: cannot open the statistics store: {error}") from error
    except OSError as error:
        raise StatsError(f"{path}: cannot create the statistics store: {error.strerror}") from error
    return conn


def open_readonly(path: str | os.PathLike) -> sqlite3.Connection | None:
    """A read-only connection, or None when there is no store yet (or it has no tables yet)."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as error:
        raise StatsError(f"{path}: cannot read the statistics store: {error}") from error
    if not {"meta", "urls", "views", "presence"} <= tables:
        conn.close()
        return None
    return conn


def meta(conn: sqlite3.Connection, key: str, default=None):
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default
