"""Building and publishing without ever serving a half-built site.

`build_site` builds beside the target and swaps it in only on success. `publish` builds a new release
folder beside the web root and then points the root (a symlink) at it with one atomic rename, keeping the
last releases for an instant rollback.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    articles: int
    pages: int
    warnings: int
    seconds: float


class PublishError(RuntimeError):
    """The web root or its releases are not in a state this command can safely change."""


def load(config_file: str, **overrides) -> MkDocsConfig:
    """The site's configuration, from any working directory (paths resolve beside mkdocs.yml)."""
    return load_config(os.path.abspath(config_file), **overrides)


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _build_into(config: MkDocsConfig, folder: Path, progress: Progress | None) -> BuildResult:
    """Run MkDocs' build into `folder`, counting warnings and reporting progress per page."""
    config.site_dir = str(folder)
    plugin = config.plugins.get("bantin")
    if plugin is not None:
        plugin.progress = progress
    counter = _Counter()
    logging.getLogger("mkdocs").addHandler(counter)
    start = time.monotonic()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
        logging.getLogger("mkdocs").removeHandler(counter)
    articles = len(plugin.catalog) if plugin and plugin.catalog else 0
    pages = plugin.pages_built if plugin else 0
    return BuildResult(folder, articles, pages, counter.count, time.monotonic() - start)


def _fresh_folder(parent: Path, prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    folder.chmod(0o755)  # a web server's workers (often `nobody`) must be able to read it
    return folder


def build_site(config_file: str, site_dir: str | None = None, *, strict: bool = True,
               progress: Progress | None = None) -> BuildResult:
    """Build into a fresh folder beside `site_dir`; only a successful build replaces the old site."""
    config = load(config_file, strict=strict)
    target = Path(os.path.abspath(site_dir) if site_dir else config.site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = _fresh_folder(target.parent, f".{target.name}-new-")
    try:
        result = _build_into(config, staging, progress)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, target)
    return BuildResult(target, result.articles, result.pages, result.warnings, result.seconds)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames, so the old site stays whole until the last moment."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


# -- releases ------------------------------------------------------------------------------------------------

def releases_of(root: Path) -> Path:
    """Where the releases of web root `root` live: beside it, `root.releases/`."""
    return root.with_name(root.name + ".releases")


def _releases(root: Path) -> list[Path]:
    """Finished releases, oldest first (names are UTC timestamps, so they sort by time)."""
    folder = releases_of(root)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


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


def publish(config_file: str, root: str, *, keep: int = 5, progress: Progress | None = None) -> BuildResult:
    """Build a new release beside `root` and switch `root` to it; a failed build leaves `root` untouched."""
    target = Path(os.path.abspath(root))
    _check_root(target)  # before building: a refused publish leaves nothing behind
    folder = releases_of(target)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    config = load(config_file, strict=True)
    staging = _fresh_folder(folder, ".new-")
    try:
        result = _build_into(config, staging, progress)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    release = folder / dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    staging.rename(release)
    _point(target, release)
    _prune(target, keep)
    return BuildResult(release, result.articles, result.pages, result.warnings, result.seconds)


def rollback(root: str) -> Path:
    """Point `root` back at the release before the current one; returns that release."""
    target = Path(os.path.abspath(root))
    current = current_release(target)
    older = [r for r in _releases(target) if current is None or r.resolve() < current]
    if not older:
        raise PublishError(f"no earlier release of {target} to roll back to (kept in {releases_of(target)})")
    _point(target, older[-1])
    return older[-1]
