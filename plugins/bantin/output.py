"""Building and publishing without ever serving a half-built site.

`build_site` builds beside the target and swaps it in only on success. `publish` builds a new release
folder beside the web root and then points the root (a symlink) at it with one atomic rename, keeping the
last releases for an instant rollback.

Neither ever deletes what it did not create: a target that is or holds the project or its content is refused
before anything is built, and the only things cleaned up are this module's own temporary folders and links,
recognised by their exact names.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .engine import load, run_build

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    articles: int
    pages: int
    warnings: int
    seconds: float
    scheduled: tuple = ()  # dates of the articles due later, soonest first
    documents: int = 0  # in the register
    recyclable: bool = False  # the folder is worth building into again (its pages are the cache's files)


class PublishError(RuntimeError):
    """The web root or its releases are not in a state this command can safely change."""


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _build_into(config, folder: Path, progress: Progress | None, jobs: int | None = None,
                earlier: bool = False) -> BuildResult:
    """Run the engine's build into `folder` (holding an earlier build with `earlier`), counting warnings and
    reporting progress per page."""
    counter = _Counter()
    logging.getLogger("mkdocs").addHandler(counter)
    start = time.monotonic()
    try:
        articles, pages, scheduled, documents, recyclable = run_build(config, str(folder), progress, jobs, earlier)
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    return BuildResult(folder, articles, pages, counter.count, time.monotonic() - start, scheduled, documents,
                       recyclable)


def _fresh_folder(parent: Path, prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    folder.chmod(0o755)  # a web server's workers (often `nobody`) must be able to read it
    return folder


# -- what a run may replace, and what it may clean up ---------------------------------------------------------

def _within(path: str, folder: str) -> bool:
    """`path` is `folder` or under it, by whole segments: `content-old` is not within `content`."""
    return os.path.commonpath([path, folder]) == folder


def _refuse_unsafe(target: Path, config, advice: str) -> None:
    """Refuse a target whose replacement would delete the site's own sources, or whose releases would be copied
    into every later release (a target in the content folder). Real paths are compared, so neither a symlink
    nor `..` hides the project."""
    real = os.path.realpath(target)
    project = os.path.realpath(os.path.dirname(config.config_file_path))
    docs = os.path.realpath(config.docs_dir)
    if real in (os.path.realpath("/"), os.path.realpath(os.path.expanduser("~"))):
        reason = "is the root or the home folder"
    elif _within(project, real):
        reason = f"is or holds the project folder {project} (mkdocs.yml)"
    elif real == docs:
        reason = f"is the content folder {docs}"
    elif _within(docs, real):
        reason = f"holds the content folder {docs}"
    elif _within(real, docs):
        reason = f"is in the content folder {docs}"
    else:
        return
    raise PublishError(f"{target} {reason}: nothing was built or changed; {advice}")


def _refuse_foreign(target: Path) -> None:
    """An existing target is replaced whole, so it must be empty or a folder a build made (with an index.html):
    not a link (`publish --to` manages those), a file, or some other folder (.git, theme/, stats/…)."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise PublishError(f"{target} is a link or a file, not a site folder: nothing was built or changed; "
                           "build into a folder, or `publish --to` the link if publish manages it")
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        raise PublishError(f"{target} is not empty and has no index.html, so it is not a built site: nothing was "
                           "built or changed; build into a new or empty folder, or move that one away first")


def _ours(folder: Path, prefix: str, tail: str = "[a-z0-9_]{8}", *, link: bool = False) -> list[Path]:
    """What a run of ours could have made in `folder`: named exactly `prefix` + what tempfile.mkdtemp (or a
    PID) appends, and of the kind it makes (a real folder, or with `link` a symlink); nothing else."""
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if re.fullmatch(re.escape(prefix) + tail, p.name)
            and (p.is_symlink() if link else p.is_dir() and not p.is_symlink())]


def _remove(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def _claim(folder: Path, leftovers: Callable[[], list[Path]]):
    """Hold a shared flock on `folder` while this run has temporary things in it; first, if no other run holds
    one, remove `leftovers()`: what runs that were killed left there.

    A flock rather than a PID in each name: the kernel drops it when its process dies, even by SIGKILL, and it
    is fooled neither by a PID reused since (a reboot) nor by runs in another PID namespace (a container) that
    share the folder. On the folder itself rather than a lock file, so nothing new appears beside the site.
    The exclusive try never waits: when it fails (a run is live, or a file system such as NFS cannot lock a
    folder) nothing is removed, and the leftovers wait for a run that is alone.
    """
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass
        else:
            for path in leftovers():
                _remove(path)
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while another run cleans up
        yield
    finally:
        os.close(fd)


def build_site(config_file: str, site_dir: str | None = None, *, strict: bool = True,
               progress: Progress | None = None, jobs: int | None = None) -> BuildResult:
    """Build beside `site_dir`, into the site the last build swapped out or else a fresh folder; only a
    successful build replaces the old site."""
    config = load(config_file, strict=strict)
    target = Path(os.path.abspath(site_dir) if site_dir else config.site_dir)
    _refuse_unsafe(target, config, "build into a folder of its own, such as `site` beside mkdocs.yml")
    _refuse_foreign(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    new, old = f".{target.name}-new-", f".{target.name}-old-"
    with _claim(target.parent, lambda: _ours(target.parent, new) + _ours(target.parent, old)):
        spare = _take_spare(target, new)
        staging = spare or _fresh_folder(target.parent, new)
        try:
            result = _build_into(config, staging, progress, jobs, earlier=spare is not None)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        swap_in(staging, target, spare=result.recyclable)
    return dataclasses.replace(result, site_dir=target)


# The site a build swapped out, kept beside it (as `.site-spare`) for the next build to build into, with this
# file in it to say that it is ours: a folder of that name without it is someone else's and left alone.
SPARE_MARK = ".bantin-spare"


def spare_of(target: Path) -> Path:
    return target.with_name(f".{target.name}-spare")


def _take_spare(target: Path, prefix: str) -> Path | None:
    """The spare of `target`, renamed to a staging folder's name starting with `prefix` (so that a killed run's
    is a leftover like any other); None when there is none, or it is not ours, or another run took it first."""
    spare = spare_of(target)
    if spare.is_symlink() or not (spare / SPARE_MARK).is_file():
        return None
    staging = _fresh_folder(target.parent, prefix)
    try:
        spare.rename(staging)  # over the empty folder just made
    except OSError:
        staging.rmdir()
        return None
    (staging / SPARE_MARK).unlink()
    return staging


def swap_in(new: Path, target: Path, spare: bool = False) -> None:
    """Replace `target` by `new` with two renames, so the old site stays whole until the last moment. The old
    site is kept as the spare of `target` with `spare` (unless another run's is there already), else removed."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        new.rename(target)
        if spare and not os.path.lexists(spare_of(target)):
            try:  # marked first, so a spare is never without its mark; killed before, it is a leftover
                (old / SPARE_MARK).write_bytes(b"")
                old.rename(spare_of(target))
                return
            except OSError:
                pass
        _remove_later(old)
    else:
        new.rename(target)


def _remove_later(folder: Path) -> None:
    """Remove the old site in a detached process: tens of thousands of files take seconds to delete, and
    the new site is already in place. If that process is killed, the folder is a leftover `_claim` removes."""
    try:
        pid = os.fork()
    except (AttributeError, OSError):  # no fork here: remove it now
        shutil.rmtree(folder, ignore_errors=True)
        return
    if pid:
        os.waitpid(pid, 0)  # the middle process exits at once, so no zombie is left behind
        return
    try:
        if os.fork() == 0:
            os.setsid()
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        os._exit(0)


# -- releases ------------------------------------------------------------------------------------------------

RELEASE = r"\d{8}T\d{12}Z"  # a release's name: the UTC time it was built, %Y%m%dT%H%M%S%fZ


def releases_of(root: Path) -> Path:
    """Where the releases of web root `root` live: beside it, `root.releases/`."""
    return root.with_name(root.name + ".releases")


def _releases(root: Path) -> list[Path]:
    """Finished releases, oldest first (names are UTC timestamps, so they sort by time). Only folders named as
    a release: pruning must not remove anything else someone put there."""
    return sorted(_ours(releases_of(root), "", RELEASE))


def current_release(root: Path) -> Path | None:
    return Path(os.path.realpath(root)) if root.is_symlink() else None


def _check_root(root: Path) -> None:
    if root.exists() and not root.is_symlink():
        raise PublishError(f"{root} is a folder, not a link: move it away once (e.g. to {root}.old), "
                           "then publish again; from then on it is a link to the current release")


def _point(root: Path, release: Path) -> None:
    """Make `root` a symlink to `release` atomically: a new link renamed over the old one."""
    _check_root(root)
    link = root.with_name(f".{root.name}.link-{os.getpid()}")
    if link.is_symlink():
        link.unlink()
    os.symlink(os.path.relpath(release, root.parent), link)
    os.replace(link, root)


def _prune(root: Path, keep: int) -> None:
    current = current_release(root)
    finished = _releases(root)
    for old in finished[: max(0, len(finished) - keep)]:
        if current is None or old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)


def _stale_publish(target: Path) -> Callable[[], list[Path]]:
    """A killed publish leaves its staging folder among the releases, or its new link beside the root."""
    links = f".{target.name}.link-"
    return lambda: _ours(releases_of(target), ".new-") + _ours(target.parent, links, r"\d+", link=True)


def publish(config_file: str, root: str, *, keep: int = 5, progress: Progress | None = None,
            jobs: int | None = None) -> BuildResult:
    """Build a new release beside `root` and switch `root` to it; a failed build leaves `root` untouched."""
    target = Path(os.path.abspath(root))
    config = load(config_file, strict=True)
    advice = "publish to a web root of its own, outside the content folder, such as /srv/bantin/www"
    _refuse_unsafe(target, config, advice)  # before building: a refused publish leaves nothing behind
    folder = releases_of(target)
    _refuse_unsafe(folder, config, advice)
    _check_root(target)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    with _claim(folder, _stale_publish(target)):
        staging = _fresh_folder(folder, ".new-")
        try:
            result = _build_into(config, staging, progress, jobs)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        release = folder / dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        staging.rename(release)
        _point(target, release)
        _prune(target, keep)
    return dataclasses.replace(result, site_dir=release)


def rollback(root: str) -> Path:
    """Point `root` back at the release before the current one; returns that release."""
    target = Path(os.path.abspath(root))
    current = current_release(target)
    older = [r for r in _releases(target) if current is None or r.resolve() < current]
    if not older:
        raise PublishError(f"no earlier release of {target} to roll back to (kept in {releases_of(target)})")
    with _claim(releases_of(target), _stale_publish(target)):
        _point(target, older[-1])
    return older[-1]
