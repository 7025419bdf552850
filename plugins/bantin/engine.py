"""Where the command line meets the engine (MkDocs or ProperDocs): loading mkdocs.yml, reading the content,
running a build. The commands import nothing of MkDocs; they get Bantin's own errors from here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import contextmanager

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from . import parallel
from .content import Content
from .plan import SitePlan
from .plugin import content_files, read_content, settings_of
from .settings import Settings
from .writer import Writer


class ConfigError(Exception):
    """mkdocs.yml or the plugin's options are wrong: exit code 2."""


class ContentFailure(Exception):
    """The build stopped on content (the problems were logged): exit code 1."""


@contextmanager
def translated():
    """MkDocs' exceptions as Bantin's, so callers need no engine import."""
    try:
        yield
    except ConfigurationError as error:
        raise ConfigError(str(error)) from None
    except Abort as error:
        raise ContentFailure(str(error)) from None


def load(config_file: str, **overrides) -> MkDocsConfig:
    """The site's configuration, from any working directory (paths resolve beside mkdocs.yml)."""
    try:
        return load_config(os.path.abspath(config_file), **overrides)
    except Abort as error:  # MkDocs logged each wrong option, then aborts: a configuration error, not content
        raise ConfigurationError(str(error)) from None


def site(config_file: str, **overrides) -> tuple[MkDocsConfig, Settings]:
    """mkdocs.yml and the Bantin settings in it, without setting up a build; ConfigError when it is wrong."""
    with translated():
        config = load(config_file, **overrides)
        plugin = config.plugins.get("bantin")
        if plugin is None:
            raise ConfigError(f"{config_file} does not list the `bantin` plugin")
        return config, settings_of(plugin.config, config)


def check(config_file: str) -> tuple[Settings, Content]:
    """What `check` prints: every problem of every content file and of the site's addresses, nothing built."""
    config, settings = site(config_file)
    content, files = read_content(config, settings, jobs=parallel.default_jobs())
    if files is not None and not content.errors:  # the addresses, claimed as the build will claim them
        plan = SitePlan(content.articles, settings, authors=content.authors, site_name=config.site_name,
                        documents=content.documents, leaders=content.leaders, weeks=content.weeks)
        content.problems += plan.claim(Writer(), content_files(files, config, settings, plan.withdrawn),
                                       settings.shown(config.config_file_path or "mkdocs.yml"))
    return settings, content


def serve(config_file: str, dev_addr: str | None) -> None:
    """The live preview (preview.py): pages rendered when asked for, updated as files are saved; it writes
    into temporary folders only, never the site's."""
    from .preview import Preview

    host, _, port = (dev_addr or "127.0.0.1:8000").rpartition(":")
    if not port.isdigit() or not host:
        raise ConfigError(f"--dev-addr {dev_addr!r}: expected IP:PORT, such as 127.0.0.1:8000")
    with translated():
        Preview(config_file, host, int(port)).serve_forever()


def run_build(config: MkDocsConfig, site_dir: str, progress: Callable[[int, int], None] | None,
              jobs: int | None = None, earlier: bool = False):
    """A MkDocs build into `site_dir`, as `mkdocs build` runs it; returns (articles, pages built, the dates of
    the scheduled articles not published yet, documents in the register, whether the next build is worth
    making in this folder again: its pages are the build cache's files). With `earlier`, `site_dir` holds an
    earlier build (earlier.py).
    MkDocs' own exceptions pass through (a caller without an engine import wraps it in `translated`)."""
    config.site_dir = site_dir
    plugin = config.plugins.get("bantin")
    if plugin is not None:
        plugin.progress = progress
        plugin.earlier = earlier
        if jobs is not None:
            plugin.config.jobs = jobs
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    if plugin is None or plugin.plan is None:
        return 0, 0, (), 0, False
    plan = plugin.plan
    return (len(plugin.catalog), plugin.pages_built, tuple(a.date for a in plan.scheduled), len(plan.register),
            plugin.cache.folder is not None)
