"""The build cache, `.cache/bantin/` beside mkdocs.yml: what one build worked out from the content, kept for the next.

Keyed by content, never by modification time (a checkout, a copy or CI's cache restore changes every file's
time and none of its bytes): each key is a hash of what the value was made from, which always includes
`VERSION`, the versions of the engine's parts and the configuration (see `fingerprint`). A value is valid for
exactly its key, so a warm build writes the same bytes as a cold one.

Values are pickles, read back by an unpickler that makes only the types Bantin stores (its own records, dates,
MkDocs' table of contents): a cache file that came from elsewhere cannot run code. Anything unreadable (a
foreign or corrupted file, an entry that will not load) is ignored with a warning and made again, and a
cache that cannot be written only makes the build cold.

One SQLite file, written once at the end of a successful build: entries this build did not use are dropped
then, so the cache holds one build's worth and does not grow with every edit.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
import pickle
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import metadata
from typing import BinaryIO

VERSION = 2  # of the cache's layout and of what Bantin stores in it
FILE = "cache.sqlite"
_SCHEMA = "bantin-cache"

# A logger outside MkDocs' own: a cache problem is worth a line, never a failed `--strict` build.
log = logging.getLogger("bantin.cache")

_ALLOWED = {
    ("builtins", name) for name in ("set", "frozenset", "dict", "list", "tuple", "str", "bytes", "int", "float",
                                     "bool", "complex", "getattr")
} | {
    ("datetime", name) for name in ("date", "datetime", "time", "timedelta", "timezone")
} | {
    ("zoneinfo._zoneinfo", "ZoneInfo"), ("zoneinfo", "ZoneInfo"),
    ("collections", "OrderedDict"),
    ("mkdocs.structure.toc", "AnchorLink"), ("mkdocs.structure.toc", "TableOfContents"),
    ("bantin.articles", "Article"), ("bantin.documents", "Document"), ("bantin.problems", "Problem"),
    ("bantin.rendering", "Prepared"), ("bantin.content", "Parsed"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a type Bantin caches")
        return super().find_class(module, name)


def loads(data: bytes):
    return _Unpickler(io.BytesIO(data)).load()


@functools.lru_cache(maxsize=None)
def versions() -> bytes:
    """The versions of everything that turns content into pages (read once: it is slow)."""
    found = []
    for package in ("bantin", "mkdocs", "properdocs", "mkdocs-material", "markdown", "jinja2",
                    "pymdown-extensions"):
        try:
            found.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            found.append("-")
    return repr((VERSION, *found)).encode()


def fingerprint(*parts) -> str:
    """A hash of `parts` (their repr) and of `versions()`."""
    digest = hashlib.blake2b(versions(), digest_size=16)
    for part in parts:  # a text as itself (pages are long: no repr), anything else by its repr
        digest.update(b"\0s" + part.encode("utf-8", "surrogatepass") if type(part) is str
                      else b"\0r" + repr(part).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def folder_digest(folder: str) -> str:
    """A hash of every file under `folder` (names and bytes): a theme's templates and assets."""
    digest = hashlib.blake2b(digest_size=16)
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, folder).encode("utf-8", "surrogateescape") + b"\0")
            try:
                with open(path, "rb") as source:
                    digest.update(source.read())
            except OSError:
                digest.update(b"?")
    return digest.hexdigest()


def _place(path: str, dest: str, stat: os.stat_result) -> None:
    """A kept file (`stat` is its own) at `dest`: a hard link when both are on one file system, else a copy.
    What is at `dest` already is replaced, unless it is that very file: then there is nothing to do (a folder
    that holds an earlier build, earlier.py). The link is tried first: most pages of a warm build go to a
    place that is free, in a folder made already (output.make_folders), and one call puts them there."""
    try:
        os.link(path, dest)
        return
    except FileNotFoundError:
        os.makedirs(os.path.dirname(dest), exist_ok=True)
    except FileExistsError:
        if os.path.samestat(os.lstat(dest), stat):
            return
        os.unlink(dest)  # never written through: it may be a link to another of the cache's files
    except OSError:  # another file system: copied below
        pass
    try:
        os.link(path, dest)
    except OSError:
        shutil.copyfile(path, dest)


class Cache:
    """Values by (kind, key) in one SQLite file, read when asked for (a build's pages do not fit in memory);
    or no cache at all (`folder=None`). Forked workers may read it: each process opens its own connection."""

    def __init__(self, folder: str | None):
        self.folder = folder
        self.path = os.path.join(folder, FILE) if folder else None
        self.new: dict[tuple[str, str], bytes] = {}  # what this build made, written by `save`
        self.used: set[tuple[str, str]] = set()  # what this build used or made: the rest is dropped by `save`
        self.made: set[tuple[str, str]] = set()  # what this build made
        self.hits = self.misses = 0
        self._db, self._pid, self._ignored, self._outdated = None, None, False, False
        self.memo: dict[tuple[str, str], object] = {}  # loaded values, kept while the same object serves builds
        self.loaded: dict[str, dict[str, bytes]] = {}  # every entry of a kind, read at once (`preload`)

    def begin(self) -> None:
        """Start a build: what the last one used stays in memory, the rest is let go."""
        self.memo = {k: v for k, v in self.memo.items() if k in self.used}
        self.new = {k: v for k, v in self.new.items() if k in self.used}
        self.used, self.made, self.hits, self.misses = set(), set(), 0, 0
        self.loaded = {}

    def _warn(self, message: str) -> None:
        if not self._ignored:
            log.warning(f"bantin: cache {self.path}: {message}; it is ignored and made again")
        self._ignored = True

    def _connection(self):
        """The file, read-only; None while there is none yet, or when what is there is ignored."""
        if not self.path or self._ignored:
            return None
        if self._pid != os.getpid():  # a connection must not cross a fork
            self._db, self._pid = None, os.getpid()
        if self._db is None:
            if not os.path.exists(self.path):
                return None  # nothing cached yet (looked for again: `flush` may write it mid-build)
            try:
                db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
                (schema, version), = db.execute("SELECT schema, version FROM about")
                if schema != _SCHEMA:
                    raise sqlite3.DatabaseError("not a Bantin cache")
            except (sqlite3.Error, ValueError) as error:
                self._warn(f"unreadable ({error})")
                return None
            if version != VERSION:  # made by another version of Bantin: none of it applies, nothing is wrong
                self._ignored = self._outdated = True
                return None
            self._db = db
        return self._db

    def raw(self, kind: str, key: str) -> bytes | None:
        """The bytes under (kind, key): made by this build, or found in the file (a hit)."""
        found = self.new.get((kind, key))
        if found is not None:
            return found
        db = None if kind in self.loaded else self._connection()
        if db is None:
            found = self.loaded.get(kind, {}).get(key)
        else:
            try:
                row = db.execute("SELECT value FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone()
            except sqlite3.Error as error:
                self._warn(f"unreadable ({error})")
                row = None
            found = row[0] if row else None
        if found is None:
            self.misses += 1
        else:
            self.hits += (kind, key) not in self.made  # what this build wrote itself (`flush`) is no find
            self.used.add((kind, key))
        return found

    def has(self, kind: str, key: str) -> bool:
        """Whether (kind, key) is there, without reading its value or counting it as found."""
        if (kind, key) in self.new or (kind, key) in self.memo:
            return True
        if kind in self.loaded:
            return key in self.loaded[kind]
        db = self._connection()
        try:
            return db is not None and db.execute("SELECT 1 FROM entries WHERE kind = ? AND key = ?",
                                                 (kind, key)).fetchone() is not None
        except sqlite3.Error:
            return False

    def preload(self, kind: str) -> None:
        """Read every entry of `kind` in one query, for a build that is about to ask for most of them one by
        one (thousands of queries cost seconds); forked workers inherit them."""
        db = self._connection()
        if db is None or kind in self.loaded:
            return
        try:
            self.loaded[kind] = dict(db.execute("SELECT key, value FROM entries WHERE kind = ?", (kind,)))
        except sqlite3.Error as error:
            self._warn(f"unreadable ({error})")

    def holds(self, kind: str) -> bool:
        """Whether there may be entries of `kind`: False only when `preload` found none (a cold build)."""
        return kind not in self.loaded or bool(self.loaded[kind])

    def unload(self, kind: str) -> None:
        """Let go of what `preload` read of `kind`."""
        self.loaded.pop(kind, None)

    def each(self, kind: str, keys: Sequence[str | None], batch: int = 500) -> Iterator:
        """`get(kind, key)` for each key in turn (None for a key that is None), read from the file a batch of
        keys per query: as few queries as `preload`, without holding every entry of `kind` at once."""
        db = None if kind in self.loaded else self._connection()
        for start in range(0, len(keys), batch):
            part = keys[start:start + batch]
            wanted = sorted({key for key in part if key})
            if db is not None and not wanted:
                self.loaded[kind] = {}
            elif db is not None:
                try:
                    self.loaded[kind] = dict(db.execute(
                        f"SELECT key, value FROM entries WHERE kind = ? AND key IN ({','.join('?' * len(wanted))})",
                        (kind, *wanted)))
                except sqlite3.Error as error:
                    self._warn(f"unreadable ({error})")
                    self.loaded[kind] = {}
            try:
                for key in part:
                    yield self.get(kind, key) if key else None
            finally:
                if db is not None:
                    self.loaded.pop(kind, None)

    def get(self, kind: str, key: str):
        """The value stored under (kind, key), or None; a value that does not load counts as none."""
        if (kind, key) in self.memo:
            self.used.add((kind, key))
            self.hits += 1
            return self.memo[(kind, key)]
        found = self.raw(kind, key)
        if found is None:
            return None
        try:
            value = loads(found)
        except Exception as error:  # any failure to load means the entry is not ours, or damaged
            self._warn(f"an entry did not load ({type(error).__name__}: {error})")
            self.used.discard((kind, key))
            return None
        if kind in self.keep_in_memory:
            self.memo[(kind, key)] = value
        return value

    # The kinds the preview keeps once loaded: its next build needs the same (not the search terms: a dict per
    # page, large, and only wanted when the index is made again).
    keep_in_memory: frozenset[str] = frozenset()

    def keep(self, kind: str, keys: Iterable[str]) -> None:
        """Keep these entries although this build did not need them (`save` drops unused ones)."""
        self.used.update((kind, key) for key in keys)

    def put_raw(self, kind: str, key: str, value: bytes) -> None:
        self.new[(kind, key)] = value
        self.used.add((kind, key))
        self.made.add((kind, key))

    def put(self, kind: str, key: str, value) -> None:
        self.put_raw(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    # Files: a built page is kept as a file of its own (a site's pages do not fit in memory, and a link costs
    # nothing to write), listed in the database with the size and time it had when written: a kept file that
    # was changed since (something edited the site's copy in place) is not used.
    def _file(self, kind: str, key: str) -> str:
        return os.path.join(self.folder, kind, key[:2], key)

    def link(self, kind: str, key: str, dest: str) -> bool:
        """Put the file kept under (kind, key) at `dest`; False when there is none, or it was changed."""
        info = self.get(f"file:{kind}", key) if self.folder else None
        if info is None:
            return False
        path = self._file(kind, key)
        try:
            stat = os.stat(path)
            if (stat.st_size, stat.st_mtime_ns) != tuple(info):
                return False
            _place(path, dest, stat)
        except OSError:
            return False
        return True

    def read(self, kind: str, key: str) -> bytes | None:
        """The bytes of the file kept under (kind, key); None when there is none, or it was changed."""
        info = self.get(f"file:{kind}", key) if self.folder else None
        if info is None:
            return None
        try:
            with open(self._file(kind, key), "rb") as kept:
                stat = os.fstat(kept.fileno())
                return kept.read() if (stat.st_size, stat.st_mtime_ns) == tuple(info) else None
        except OSError:
            return None

    def store(self, kind: str, key: str, data: bytes | Callable[[BinaryIO], object],
              dest: str | None = None) -> tuple[int, int] | None:
        """Keep `data` under (kind, key) and put it at `dest` (if any); None when it cannot be kept (nothing
        written). `data` may be a function that writes the bytes into the file it is given (a large value
        pickled straight into it, never whole in memory)."""
        if not self.folder:
            return None
        path = self._file(kind, key)
        part = f"{path}.{os.getpid()}.part"
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(part, "wb") as out:
                data(out) if callable(data) else out.write(data)
            os.replace(part, path)
            stat = os.stat(path)
            if dest is not None:
                _place(path, dest, stat)
        except OSError:
            return None
        return stat.st_size, stat.st_mtime_ns

    def keep_file(self, kind: str, key: str, data: bytes, dest: str) -> bool:
        """`data` at `dest` as the file kept under (kind, key), kept now if it was not: a link either way.
        False when it cannot be kept (nothing written)."""
        if self.link(kind, key, dest):
            self.reused_file(kind, key)
            return True
        stored = self.store(kind, key, data, dest)
        if stored is not None:
            self.stored_file(kind, key, stored)
        return stored is not None

    def stored_file(self, kind: str, key: str, info: tuple[int, int]) -> None:
        """Note, in the parent, a file a worker kept."""
        self.put(f"file:{kind}", key, tuple(info))
        self.misses += 1

    def reused_file(self, kind: str, key: str) -> None:
        """Note, in the parent, a kept file a worker put in the site."""
        self.used.add((f"file:{kind}", key))
        self.hits += 1

    def _prune_files(self) -> None:
        """Remove kept files no entry names any more."""
        kinds = {kind[5:] for kind, _ in self.used if kind.startswith("file:")} | {"html", "static", "search", "index"}
        for kind in kinds:
            top = os.path.join(self.folder, kind)
            if not os.path.isdir(top):
                continue
            for entry in os.scandir(top):
                if not entry.is_dir(follow_symlinks=False):
                    continue
                for item in os.scandir(entry.path):
                    if (f"file:{kind}", item.name) not in self.used:
                        try:
                            os.unlink(item.path)
                        except OSError:
                            pass

    def flush(self, at_least: int = 1) -> None:
        """Write what this build made so far and let go of it (a build of 10,000 pages makes a lot), once it
        is `at_least` entries. Not in the preview: it saves once, after its first model; what each save makes
        after that (a search index per edit) would only pile up in the file."""
        if self.path and len(self.new) >= at_least and not self.keep_in_memory and \
                self._write(prune=False) is not None:
            for (kind, key), value in self.new.items():
                if kind in self.loaded:
                    self.loaded[kind][key] = value
            self.new.clear()

    def save(self, prune: bool = True) -> None:
        """After a successful build: add what it made and (`prune`) drop what it did not use."""
        if self.path and (dropped := self._write(prune)) is not None:
            self.new.clear()
            # kept files left by a build that stored files and never saved (stopped, failed) go with the next
            # build that stores or drops any
            if prune and (dropped or any(kind.startswith("file:") for kind, _ in self.made)):
                self._prune_files()

    def _write(self, prune: bool) -> int | None:
        """One transaction; an ignored file is first put aside (as cache.sqlite.broken, for whoever wants a
        look), or deleted when it is only of another VERSION, and a new one started. How many entries
        (`prune`) it dropped; None when it failed."""
        if self._db is not None:
            self._db.close()
        self._db = None
        try:
            os.makedirs(self.folder, exist_ok=True)
            if self._ignored and os.path.exists(self.path):
                if self._outdated:
                    os.unlink(self.path)
                else:
                    os.replace(self.path, self.path + ".broken")
            self._ignored = self._outdated = False
            with sqlite3.connect(self.path, timeout=60) as db:
                db.execute("CREATE TABLE IF NOT EXISTS about (schema TEXT, version INTEGER)")
                db.execute("CREATE TABLE IF NOT EXISTS entries (kind TEXT, key TEXT, value BLOB, "
                           "PRIMARY KEY (kind, key)) WITHOUT ROWID")
                if db.execute("SELECT schema, version FROM about").fetchall() != [(_SCHEMA, VERSION)]:
                    db.execute("DELETE FROM about")
                    db.execute("DELETE FROM entries")
                    db.execute("INSERT INTO about VALUES (?, ?)", (_SCHEMA, VERSION))
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                               ((kind, key, value) for (kind, key), value in self.new.items()))
                unused = set(db.execute("SELECT kind, key FROM entries")) - self.used if prune else ()
                db.executemany("DELETE FROM entries WHERE kind = ? AND key = ?", unused)  # few, after a warm build
            db.close()
        except (OSError, sqlite3.Error) as error:
            log.warning(f"bantin: cache {self.path}: not saved ({error}); the next build is cold")
            return None
        return len(unused)
