"""The content folder as a tree of plain files: nothing outside it is ever read or published.

MkDocs walks `docs_dir` following symbolic links, reads every Markdown file and copies every other file into
the site. A link to `/etc/…` or `/proc/self/environ` would be published, a link to `/dev/zero` or a FIFO would
be read forever, and a folder link to `/` or to its own parent would make the walk endless. So the tree is
walked first, without following links, and such entries are refused before MkDocs sees any of them.
"""

from __future__ import annotations

import os
import stat

from .messages import Messages
from .problems import Problem


def _inside(path: str, folder: str) -> bool:
    """Whole path segments: `content-old` is not inside `content`."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_tree(docs_dir: str, display: str, say: Messages) -> list[Problem]:
    """Problems with the entries of `docs_dir`: links leading outside it, broken or looping links, and files
    that are not regular files. `display` is how the folder is named in messages (e.g. `content`).

    The folder is walked as MkDocs will walk it (following links that stay inside), keeping the real paths
    of the folders above: a link back to one of them is a loop MkDocs would follow until the system's limit.
    """
    root = os.path.realpath(docs_dir)
    problems: list[Problem] = []

    def named(path: str) -> str:
        """The entry as it is in the folder, even when reached through a link."""
        real = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
        return os.path.join(display, os.path.relpath(real, root))

    def walk(folder: str, above: tuple[str, ...]) -> None:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return
        for name in names:
            path = os.path.join(folder, name)
            try:
                own = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISLNK(own.st_mode):
                target = os.path.realpath(path)
                if not _inside(target, root):
                    problems.append(Problem(named(path), 1, "file", say("symlink_outside", target=target)))
                    continue
                try:
                    pointed = os.stat(path)
                except OSError:
                    problems.append(Problem(named(path), 1, "file", say("symlink_broken", target=os.readlink(path))))
                    continue
                if stat.S_ISDIR(pointed.st_mode):
                    if target in above:
                        problems.append(Problem(named(path), 1, "file", say("symlink_loop")))
                    else:
                        walk(path, (*above, target))
                elif not stat.S_ISREG(pointed.st_mode):
                    problems.append(Problem(named(path), 1, "file", say("special_file")))
            elif stat.S_ISDIR(own.st_mode):
                walk(path, (*above, os.path.realpath(path)))
            elif not stat.S_ISREG(own.st_mode):
                problems.append(Problem(named(path), 1, "file", say("special_file")))

    walk(docs_dir, (root,))
    return list(dict.fromkeys(problems))  # an entry reached through a link as well is named once
