"""One owner per output path: every address of the site is claimed once, and Bantin's own files are written
once, atomically.

Pages, copied files and generated pages are claimed when the build learns of them (before anything is
written), and the files Bantin writes (feeds, robots.txt) are claimed again when written: a second claim on a
path, from whatever source, fails the build naming both sources. A folder can be claimed whole (the search
index and the statistics shards choose their file names as they write).
"""

from __future__ import annotations

import os
import posixpath
import tempfile


class Collision(Exception):
    def __init__(self, path: str, first: str, second: str):
        super().__init__(f"{path}: {first} / {second}")
        self.path, self.first, self.second = path, first, second


class Writer:
    def __init__(self, site_dir: str = ""):
        self.site_dir = site_dir
        self.owners: dict[str, str] = {}  # output path (posix, under the site) → who writes it
        self.folders: dict[str, str] = {}  # folder prefix ("search/") → who writes in it
        self.written: set[str] = set()

    @staticmethod
    def _key(path: str) -> str:
        key = posixpath.normpath(path.replace(os.sep, "/")).lstrip("/")
        if key == ".." or key.startswith("../"):
            raise ValueError(f"{path}: outside the site folder")  # a bug of Bantin's, never an editor's
        return key

    def owner(self, path: str) -> str | None:
        key = self._key(path)
        if key in self.owners:
            return self.owners[key]
        for folder, source in self.folders.items():
            if key.startswith(folder) or key + "/" == folder:
                return source
        return None

    def claim(self, path: str, source: str) -> None:
        """Take `path` for `source`; Collision if another source has it."""
        key = self._key(path)
        first = self.owner(key)
        if first is not None and first != source:
            raise Collision(key, first, source)
        self.owners[key] = source

    def claim_folder(self, folder: str, source: str) -> None:
        prefix = self._key(folder).rstrip("/") + "/"
        for key, first in self.owners.items():
            if key.startswith(prefix) and first != source:
                raise Collision(key, first, source)
        for other, first in self.folders.items():  # one folder inside the other: the names beneath clash
            if (other.startswith(prefix) or prefix.startswith(other)) and first != source:
                raise Collision(prefix, first, source)
        self.folders[prefix] = source

    def target(self, path: str) -> str:
        """Where `path` is under the site."""
        return os.path.join(self.site_dir, *self._key(path).split("/"))

    def taken(self, path: str, source: str) -> str:
        """Note `path` written by `source`, once per build, as `write` does: for a file put there another way
        (a link to the cache's copy)."""
        key = self._key(path)
        self.claim(key, source)
        if key in self.written:
            raise Collision(key, source, source)
        self.written.add(key)
        return self.target(key)

    def write(self, path: str, data: bytes, source: str) -> str:
        """Write `data` at `path` under the site atomically (a reader never sees half a file); once per build."""
        target = self.taken(path, source)
        atomic_write(target, data)
        return target


def atomic_write(target: str | os.PathLike, data: bytes, *, durable: bool = False) -> None:
    """Replace `target` by `data` so that a reader gets the old file or the new one, never half of one.
    `durable` also waits for the disk (for files updated in a live site, not in a build's fresh folder)."""
    folder = os.path.dirname(target)
    os.makedirs(folder, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=".bantin-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.chmod(scratch, 0o644)  # mkstemp makes it private; the web server must read it
        os.replace(scratch, target)
    except BaseException:
        if os.path.exists(scratch):
            os.unlink(scratch)
        raise
