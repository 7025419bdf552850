"""Editors' accounts and sessions, in one SQLite file beside mkdocs.yml (`.bantin/editors.sqlite3`).

Passwords are kept only as argon2id hashes (argon2-cffi: a slow, salted hash, so a stolen file does not
give the passwords away); a session is a random token of which only a hash is stored; failed logins are
counted per name and per address, so guessing is slow from one place and against one account.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("editor", "publisher")  # a publisher may publish; an editor writes drafts
NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
MIN_PASSWORD = 10
SESSION_IDLE = 2 * 3600  # seconds without a request before a session ends
SESSION_MAX = 12 * 3600  # a working day: then log in again
FAILURES_ALLOWED = 5  # per name and per address, within FAILURE_WINDOW
FAILURE_WINDOW = 15 * 60

_SCHEMA = """
CREATE TABLE IF NOT EXISTS editors (name TEXT PRIMARY KEY, full_name TEXT NOT NULL, email TEXT NOT NULL,
                                    role TEXT NOT NULL, hash TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, name TEXT NOT NULL, csrf TEXT NOT NULL,
                                     created REAL NOT NULL, seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS failures (who TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_who ON failures (who, at);
"""


class AccountError(ValueError):
    """A name, password or role that cannot be stored: a message key of messages.py and its values."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


@dataclass(frozen=True)
class Editor:
    name: str  # the login
    full_name: str  # the commit's author
    email: str
    role: str

    @property
    def publisher(self) -> bool:
        return self.role == "publisher"


@dataclass(frozen=True)
class Session:
    editor: Editor
    csrf: str  # sent back by the page with every change, in a header a cross-site form cannot set


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    """The editors of one portal. Safe to share between the server's threads."""

    def __init__(self, path: str, *, clock=time.time):
        self.path, self.clock = path, clock
        self._hasher = PasswordHasher()
        self._dummy = self._hasher.hash(secrets.token_hex(16))  # unknown names cost the same time as known ones
        self._lock = threading.Lock()
        folder = os.path.dirname(path)
        if folder and not os.path.isdir(folder):
            os.makedirs(folder, mode=0o700)
        fresh = not os.path.exists(path)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        if fresh:
            os.chmod(path, 0o600)  # hashes and sessions: for this account's eyes only
        self._db.executescript(_SCHEMA)

    # -- the editors ---------------------------------------------------------------------------------------

    def add(self, name: str, password: str, *, full_name: str = "", email: str = "", role: str = "editor") -> Editor:
        if not NAME.fullmatch(name):
            raise AccountError("account_name", name=name)
        if role not in ROLES:
            raise AccountError("account_role", role=role, roles=", ".join(ROLES))
        self._check_password(password)
        editor = Editor(name, full_name.strip() or name, email.strip() or f"{name}@editors.invalid", role)
        with self._lock:
            try:
                self._db.execute("INSERT INTO editors VALUES (?, ?, ?, ?, ?, ?)",
                                 (name, editor.full_name, editor.email, role, self._hasher.hash(password),
                                  self.clock()))
            except sqlite3.IntegrityError:
                raise AccountError("account_exists", name=name) from None
        return editor

    def set_password(self, name: str, password: str) -> None:
        self._check_password(password)
        with self._lock:
            changed = self._db.execute("UPDATE editors SET hash = ? WHERE name = ?",
                                       (self._hasher.hash(password), name)).rowcount
            self._db.execute("DELETE FROM sessions WHERE name = ?", (name,))  # a new password logs everyone out
        if not changed:
            raise AccountError("account_unknown", name=name)

    def remove(self, name: str) -> None:
        with self._lock:
            removed = self._db.execute("DELETE FROM editors WHERE name = ?", (name,)).rowcount
            self._db.execute("DELETE FROM sessions WHERE name = ?", (name,))
        if not removed:
            raise AccountError("account_unknown", name=name)

    def editors(self) -> list[Editor]:
        with self._lock:
            rows = self._db.execute("SELECT name, full_name, email, role FROM editors ORDER BY name").fetchall()
        return [Editor(*row) for row in rows]

    def editor(self, name: str) -> Editor | None:
        with self._lock:
            row = self._db.execute("SELECT name, full_name, email, role FROM editors WHERE name = ?",
                                   (name,)).fetchone()
        return Editor(*row) if row else None

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise AccountError("account_password", count=MIN_PASSWORD)

    # -- logging in ----------------------------------------------------------------------------------------

    def locked_for(self, name: str, address: str) -> float:
        """Seconds until this name or this address may try again (0: now)."""
        now = self.clock()
        with self._lock:
            self._db.execute("DELETE FROM failures WHERE at < ?", (now - FAILURE_WINDOW,))
            wait = 0.0
            for who in (f"name:{name}", f"address:{address}"):
                rows = self._db.execute("SELECT at FROM failures WHERE who = ? ORDER BY at DESC LIMIT ?",
                                        (who, FAILURES_ALLOWED)).fetchall()
                if len(rows) >= FAILURES_ALLOWED:
                    wait = max(wait, rows[-1][0] + FAILURE_WINDOW - now)
        return wait

    def log_in(self, name: str, password: str, address: str) -> tuple[str, Session] | None:
        """A new session's token and the session, or None (and the failure counted). Callers check
        `locked_for` first: a locked name is refused without its password being tried."""
        with self._lock:
            row = self._db.execute("SELECT hash FROM editors WHERE name = ?", (name,)).fetchone()
        try:
            self._hasher.verify(row[0] if row else self._dummy, password)
            ok = row is not None
        except (VerificationError, InvalidHashError):
            ok = False
        now = self.clock()
        if not ok:
            with self._lock:
                self._db.executemany("INSERT INTO failures VALUES (?, ?)",
                                     [(f"name:{name}", now), (f"address:{address}", now)])
            return None
        if self._hasher.check_needs_rehash(row[0]):
            with self._lock:
                self._db.execute("UPDATE editors SET hash = ? WHERE name = ?", (self._hasher.hash(password), name))
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE seen < ? OR created < ?",
                             (now - SESSION_IDLE, now - SESSION_MAX))
            self._db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)", (_digest(token), name, csrf, now, now))
        return token, Session(self.editor(name), csrf)

    def session(self, token: str | None) -> Session | None:
        """The live session of this token, its idle clock reset; None when unknown or expired."""
        if not token:
            return None
        now = self.clock()
        with self._lock:
            row = self._db.execute(
                "SELECT e.name, e.full_name, e.email, e.role, s.csrf, s.created, s.seen FROM sessions s "
                "JOIN editors e ON e.name = s.name WHERE s.token = ?", (_digest(token),)).fetchone()
            if row is None:
                return None
            if row[6] < now - SESSION_IDLE or row[5] < now - SESSION_MAX:
                self._db.execute("DELETE FROM sessions WHERE token = ?", (_digest(token),))
                return None
            self._db.execute("UPDATE sessions SET seen = ? WHERE token = ?", (now, _digest(token)))
        return Session(Editor(*row[:4]), row[4])

    def log_out(self, token: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE token = ?", (_digest(token),))

    def close(self) -> None:
        self._db.close()
