"""The portal's repository as the editors' server sees it: files under the content folder, each change a commit.

Every path an editor sends is resolved against the content folder and refused if it leaves it (`..`, an
absolute path, a symlink out); a change is written, then committed with only its own paths, as the editor who
made it. If the commit fails, the files are put back as they were: a save happens whole or not at all.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..writer import atomic_write
from .accounts import Editor

log = logging.getLogger("mkdocs.plugins.bantin.admin")

TEXT_TYPES = (".md", ".yml", ".yaml")
# What editors upload: photos for articles and leaders, and the register's files. Not SVG: a drawing can
# carry a script, and the portal would serve it from its own address.
MEDIA_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx")
MAX_UPLOAD = 20 * 1024 * 1024


class RepoError(Exception):
    """A change that was refused; `key` and `values` name the message (messages.py)."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


def blob_id(data: bytes) -> str:
    """Git's own id of a file's bytes: what the browser saw, compared with what is on disk before a save."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass(frozen=True)
class Change:
    """One save: files written (path → bytes) and files removed, under one commit message."""

    writes: dict[str, bytes]
    removes: tuple[str, ...] = ()
    message: str = ""


class Repository:
    """The content folder of a portal inside its git work tree."""

    def __init__(self, project: str, docs_dir: str, *, push: bool = False):
        self.project = os.path.realpath(project)
        self.docs = os.path.realpath(docs_dir)
        self.push = push
        self._lock = threading.Lock()  # one save at a time: the index and the files are shared
        top = self._git("rev-parse", "--show-toplevel", check=False)
        if top.returncode:
            raise RepoError("admin_not_git", folder=self.project)
        self.top = os.path.realpath(top.stdout.strip())

    # -- paths ---------------------------------------------------------------------------------------------

    def resolve(self, path: str) -> str:
        """The real path of a project-relative posix path (as Decap sends it), refused outside the content folder."""
        parts = PurePosixPath(path.replace("\\", "/"))
        if not path or parts.is_absolute() or ".." in parts.parts or "\x00" in path:
            raise RepoError("admin_path", path=path)
        real = os.path.realpath(os.path.join(self.project, *parts.parts))
        if os.path.commonpath([real, self.docs]) != self.docs or real == self.docs:
            raise RepoError("admin_path", path=path)
        return real

    def relative(self, real: str) -> str:
        return PurePosixPath(os.path.relpath(real, self.project)).as_posix()

    # -- reading -------------------------------------------------------------------------------------------

    def read(self, path: str) -> bytes | None:
        real = self.resolve(path)
        if not os.path.isfile(real):
            return None
        with open(real, "rb") as file:
            return file.read()

    def listing(self, folder: str, extension: str, depth: int) -> list[str]:
        """Files ending in `extension` under `folder`, down to `depth` levels, as project-relative paths."""
        root = self.resolve(folder) if folder.strip("/") != self.relative(self.docs) else self.docs
        found = []
        if not os.path.isdir(root):
            return found
        for here, dirs, files in os.walk(root):
            level = len(os.path.relpath(here, root).split(os.sep)) if here != root else 0
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and level + 1 < depth)
            for name in sorted(files):
                if name.endswith(extension) and not os.path.islink(os.path.join(here, name)):
                    found.append(self.relative(os.path.join(here, name)))
        return found

    # -- changing ------------------------------------------------------------------------------------------

    def apply(self, change: Change, editor: Editor, *, check=None, expected: dict[str, str | None] | None = None) -> str:
        """Write and commit `change` as `editor`; return the commit's id.

        Under the lock, first `expected` (path → the blob id the editor's page read, None for "must not exist")
        is compared with the disk, then `check(change)` may refuse it (or return the commit's message, when
        it depends on what the check read); only then is anything written."""
        reals = {path: self.resolve(path) for path in [*change.writes, *change.removes]}
        for path, data in change.writes.items():
            suffix = os.path.splitext(path)[1].lower()
            if suffix not in TEXT_TYPES + MEDIA_TYPES:
                raise RepoError("admin_type", path=path, types=", ".join(t[1:] for t in MEDIA_TYPES))
            if len(data) > MAX_UPLOAD:
                raise RepoError("admin_too_big", path=path, limit=MAX_UPLOAD // (1024 * 1024))
        with self._lock:
            for path, wanted in (expected or {}).items():
                now = self.read(path)
                if (None if now is None else blob_id(now)) != wanted:
                    raise RepoError("admin_conflict" if wanted else "admin_exists", path=path,
                                    who=self._last_author(path))
            message = (check(change) if check is not None else None) or change.message
            before = {path: (open(real, "rb").read() if os.path.isfile(real) else None)
                      for path, real in reals.items()}
            try:
                for path, data in change.writes.items():
                    atomic_write(reals[path], data)
                for path in change.removes:
                    if os.path.isfile(reals[path]):
                        os.unlink(reals[path])
                commit = self._commit(list(reals.values()), message, editor)
            except BaseException:
                for path, data in before.items():
                    if data is None:
                        if os.path.isfile(reals[path]):
                            os.unlink(reals[path])
                    else:
                        atomic_write(reals[path], data)
                self._git("reset", "-q", "--", *reals.values(), check=False)
                raise
        if self.push:
            threading.Thread(target=self._push, daemon=True).start()
        return commit

    def _commit(self, paths: list[str], message: str, editor: Editor) -> str:
        who = {"GIT_AUTHOR_NAME": editor.full_name, "GIT_AUTHOR_EMAIL": editor.email,
               "GIT_COMMITTER_NAME": editor.full_name, "GIT_COMMITTER_EMAIL": editor.email}
        self._git("add", "-A", "--", *paths)
        done = self._git("commit", "-q", "--no-verify", "-m", message, "--", *paths, env=who, check=False)
        if done.returncode:
            raise RepoError("admin_git", detail=(done.stderr or done.stdout).strip()[-300:])
        return self._git("rev-parse", "HEAD").stdout.strip()

    def _last_author(self, path: str) -> str:
        done = self._git("log", "-1", "--format=%an, %cd", "--date=format:%d/%m/%Y %H:%M", "--",
                         self.resolve(path), check=False)
        return done.stdout.strip() or "?"

    def _push(self) -> None:
        with self._lock:
            done = self._git("push", "-q", check=False)
        if done.returncode:
            log.warning("git push: %s", (done.stderr or done.stdout).strip()[-300:])

    def _git(self, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(["git", *args], cwd=self.project, capture_output=True, text=True,
                              env={**os.environ, **(env or {}), "GIT_TERMINAL_PROMPT": "0"})
        if check and done.returncode:
            raise RepoError("admin_git", detail=(done.stderr or done.stdout).strip()[-300:])
        return done

