"""A site folder that holds an earlier build, built into again: what is still right stays, the rest goes.

Most of a warm build's pages are the same files as the last build's (hard links into the build cache), and
making their tens of thousands of folders again costs more than anything else the build does with them. So
`build` builds into the site it swapped out last time (output.py) instead of an empty folder, and keeps each
page that is already the file the cache holds for it (cache.Cache.link).

MkDocs empties the site folder before it writes, but leaves hidden entries alone: `hide`, before that, puts
the earlier build in one hidden folder, and `restore` brings it back once the build knows its pages, removing
everything but the files at those pages' paths. Anything else, left over, could be a page or a feed that no
longer exists; and MkDocs writes its files over in place, which must never happen to a file that is also the
cache's. A page kept that way is then either still right or replaced.
"""

from __future__ import annotations

import os
from collections.abc import Collection

HIDDEN = ".bantin-earlier"


def hide(site_dir: str) -> None:
    """Move every entry of `site_dir` into its hidden folder HIDDEN, out of the way of MkDocs' emptying."""
    aside = os.path.join(site_dir, HIDDEN)
    os.makedirs(aside, exist_ok=True)
    for name in os.listdir(site_dir):
        if name != HIDDEN:
            os.rename(os.path.join(site_dir, name), os.path.join(aside, name))


def restore(site_dir: str, keep: Collection[str]) -> None:
    """Bring back what `hide` put aside, keeping only the files at the paths `keep` (posix, under the site)."""
    aside = os.path.join(site_dir, HIDDEN)
    if not os.path.isdir(aside):
        return
    with os.scandir(aside) as entries:
        for entry in list(entries):
            back = os.path.join(site_dir, entry.name)
            if os.path.lexists(back):  # written since by someone else: theirs is the new one
                _prune(entry.path, entry.is_dir(follow_symlinks=False), entry.name, ())
            else:
                os.rename(entry.path, back)
                _prune(back, entry.is_dir(follow_symlinks=False), entry.name, keep)
    os.rmdir(aside)


def _prune(path: str, folder: bool, relative: str, keep: Collection[str]) -> bool:
    """Remove what is at `path` (`relative` in the site) and not in `keep`; True when nothing is left of it.
    Links are removed, never followed."""
    if not folder:
        if relative in keep:
            return False
        os.unlink(path)
        return True
    emptied = True
    with os.scandir(path) as entries:
        for entry in list(entries):
            emptied &= _prune(entry.path, entry.is_dir(follow_symlinks=False), f"{relative}/{entry.name}", keep)
    if emptied:
        os.rmdir(path)
    return emptied
