"""Building a site without ever leaving a half-built one: build beside the target, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    articles: int
    seconds: float


def load(config_file: str, **overrides) -> MkDocsConfig:
    """The site's configuration, from any working directory (paths resolve beside mkdocs.yml)."""
    return load_config(os.path.abspath(config_file), **overrides)


def build_site(config_file: str, site_dir: str | None = None, *, strict: bool = True) -> BuildResult:
    """Build into a fresh folder beside `site_dir`; only a successful build replaces the old site."""
    config = load(config_file, strict=strict)
    target = Path(os.path.abspath(site_dir) if site_dir else config.site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    staging.chmod(0o755)  # a web server's workers must be able to read it
    config.site_dir = str(staging)
    start = time.monotonic()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        config.plugins.on_shutdown()
    swap_in(staging, target)
    plugin = config.plugins.get("bantin")
    articles = len(plugin.catalog) if plugin and plugin.catalog else 0
    return BuildResult(target, articles, time.monotonic() - start)


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
