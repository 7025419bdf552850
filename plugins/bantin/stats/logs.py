"""The logs a build ingests itself (`stats: logs:` in mkdocs.yml), so that a simple site needs no cron job.

    plugins:
      - bantin:
          stats:
            logs: [/var/log/nginx/bantin.access.log*, stats/goatcounter-export.csv]

Each entry is a file, relative to the folder of mkdocs.yml unless absolute, or a glob pattern (`*`, `?`,
`[…]`): plain or gzip, combined log format or GoatCounter export, exactly as `stats ingest` reads them.
Before reading the store, each build ingests them in the order given (a pattern's files sorted by name, each
file once). Ingest is idempotent (see ingest.py: a cursor per file, keyed by its first line), so a build
reads only what was added since the last one: an unchanged file costs reading its first line, and two builds
in a row count nothing twice.

A named file that does not exist or cannot be read is a warning naming it (a build by `build.py` fails on
it, as on any warning; the preview goes on without it); a pattern that matches no file is not, since rotated
copies (`access.log.*.gz`) appear only later. A store that cannot be written (a build that only reads it,
while cron ingests) is a warning too: the build shows what the store holds. Malformed lines are counted and
passed, as by `stats ingest`.
"""

from __future__ import annotations

import glob
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from .ingest import IngestReport, ingest_files
from .sources import site_base
from .store import StatsError


def _shown(path: str, config_dir: str) -> str:
    """A path as the site's messages name files: relative to the folder of mkdocs.yml when it is inside it."""
    if not config_dir:
        return path
    relative = os.path.relpath(path, config_dir)
    return path if relative.startswith("..") else relative


def log_files(entries: Iterable[str], config_dir: str) -> tuple[list[Path], list[tuple[str, str]], list[str]]:
    """(files to ingest, each once, in the order given; (entry, why) for each named file that cannot be read;
    the patterns that match no file)."""
    found: list[Path] = []
    problems: list[tuple[str, str]] = []
    unmatched: list[str] = []
    seen: set[str] = set()

    def add(shown: str, path: str) -> None:
        key = os.path.realpath(path)
        if key in seen:
            return
        seen.add(key)
        try:
            with open(path, "rb"):
                pass
        except FileNotFoundError:
            problems.append((shown, "no such file"))
        except IsADirectoryError:
            problems.append((shown, "is a folder; name the log files (a pattern such as logs/*.log will do)"))
        except OSError as error:
            problems.append((shown, f"cannot read: {error.strerror or error}"))
        else:
            found.append(Path(path))

    for entry in entries:
        entry = os.path.expanduser(entry)
        if not glob.has_magic(entry):
            add(entry, os.path.join(config_dir, entry))
            continue
        matches = [match for match in sorted(glob.glob(os.path.join(glob.escape(config_dir), entry)))
                   if os.path.isfile(match)]
        for match in matches:
            add(_shown(match, config_dir), match)
        if not matches:
            unmatched.append(entry)
    return found, problems, unmatched


def ingest_logs(settings, log: logging.Logger) -> IngestReport | None:
    """Ingest the site's `stats: logs:` into its store before a build reads it; None if there was nothing to read.

    Problems are warnings on `log`, never exceptions: the build then shows what the store already holds.
    """
    if not settings.stats_logs:
        return None
    files, problems, unmatched = log_files(settings.stats_logs, settings.config_dir)
    for entry, why in problems:
        log.warning(f"bantin: stats: logs: {entry}: {why}; nothing counted from it")
    for entry in unmatched:
        log.info(f"bantin: stats: logs: {entry}: no file matches (yet)")
    if not files:
        return None
    try:
        report = ingest_files(settings.store_path, files, tz=settings.tz, window_minutes=settings.window_minutes,
                              base=site_base(settings.site_url))
    except StatsError as error:
        log.warning(f"bantin: stats: logs: ingest stopped: {error}")
        return None
    for file in report.files:
        shown = _shown(file.path, settings.config_dir)
        if file.counts.read:
            log.info(f"bantin: stats: {shown} ({file.format}): {file.counts}")
        else:
            log.debug(f"bantin: stats: {shown}: {file.note or 'nothing new'}")
    return report
