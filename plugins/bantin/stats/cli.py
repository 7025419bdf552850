"""`python build.py stats …`: ingest access logs, show the figures, publish stats.json without a rebuild.

Registered in bantin.cli with `from .stats.cli import stats` and `main.add_command(stats)`.
Exit codes: 0 done (malformed lines are reported, never fatal), 2 configuration or environment
(unreadable file, store that cannot be opened, site without stats.json).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

import click

from .ingest import BATCH_SIZE, ingest_files
from .publish import publish as publish_stats
from .snapshot import read_newest, read_snapshot, read_top
from .sources import FORMATS, site_base
from .store import StatsError

EXIT_CONFIG = 2  # as bantin.cli.EXIT_CONFIG

# The same option as bantin.cli.config_option. A decorator runs when this module is imported, which may be
# while bantin.cli itself is still being imported (it registers this group), so it is declared here.
config_option = click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True,
    type=click.Path(exists=True, dir_okay=False), help="The site's MkDocs configuration.",
)


def _site(config_file: str):
    """(MkDocs config, Settings, store path), the store path resolved beside mkdocs.yml."""
    from ..engine import ConfigError, site

    try:
        config, settings = site(config_file)
    except ConfigError as error:
        click.echo(f"configuration: {error}", err=True)
        sys.exit(EXIT_CONFIG)
    return config, settings, settings.store_path


def _fail(error: Exception) -> None:
    click.echo(f"stats: {error}", err=True)
    sys.exit(EXIT_CONFIG)


@click.group("stats")
def stats() -> None:
    """View statistics: ingest web server logs, show the figures, publish stats.json."""


@stats.command()
@config_option
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="The files' format; default: detected (a GoatCounter export starts with 2Path).")
@click.option("--batch-size", type=click.IntRange(min=1), default=BATCH_SIZE, hidden=True,
              help="Lines per transaction.")
@click.option("--batch-pause", type=float, default=0.0, hidden=True,
              help="Seconds to wait before each commit (for crash tests).")
def ingest(config_file: str, files: tuple[str, ...], fmt: str | None, batch_size: int, batch_pause: float) -> None:
    """Count the views in access logs (combined format, plain or gzip) or GoatCounter exports.

    Each request is counted once however often a file is given: files that grew are read from where the
    last run stopped, rotated copies (access.log.1, access.log.2.gz) are recognised.
    """
    config, settings, store = _site(config_file)
    start = time.monotonic()
    try:
        report = ingest_files(store, files, tz=settings.tz, window_minutes=settings.window_minutes,
                              fmt=fmt, base=site_base(config.site_url), batch_size=batch_size,
                              batch_pause=batch_pause)
    except StatsError as error:
        _fail(error)
    for file in report.files:
        click.echo(f"{file.path} ({file.format}): {file.counts}")
        if file.note:
            click.echo(f"  {file.note}")
    click.echo(f"{report.totals} in {time.monotonic() - start:.1f} s → {os.path.relpath(store)}")


def _table(rows: list[tuple[str, ...]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))
                      ).rstrip() for row in rows]


@stats.command()
@config_option
@click.option("-n", "--top", "count", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many of the most viewed pages to list.")
def show(config_file: str, count: int) -> None:
    """Print the site's figures (online now, today, this week, all time) and the most viewed pages."""
    config, settings, store = _site(config_file)
    try:
        snapshot = read_snapshot(store, settings.tz)
        top = read_top(store, count)
        newest = read_newest(store)
    except StatsError as error:
        _fail(error)
    if newest is None:
        click.echo(f"No statistics yet in {os.path.relpath(store)}: run `python build.py stats ingest FILE…`.")
        return
    when = dt.datetime.fromtimestamp(newest, settings.tz)
    click.echo(f"{os.path.relpath(store)}: newest request {when:%Y-%m-%d %H:%M} ({settings.timezone})")
    click.echo("")
    figures = [("Online now", snapshot.online), ("Today", snapshot.today), ("This week", snapshot.week),
               ("All time (counted)", snapshot.counted)]
    for line in _table([(label, f"{value:,}") for label, value in figures], right={1}):
        click.echo(line)
    click.echo("")
    rows = [("#", "Views", "URL")] + [(str(i), f"{t.views:,}", "/" + t.url) for i, t in enumerate(top, 1)]
    for line in _table(rows, right={0, 1}):
        click.echo(line)


@stats.command()
@config_option
@click.argument("site_dir", type=click.Path(file_okay=False))
def publish(config_file: str, site_dir: str) -> None:
    """Rewrite SITE_DIR/stats.json from the store, without rebuilding the site."""
    config, settings, store = _site(config_file)
    start = time.monotonic()
    try:
        document = publish_stats(site_dir, store, settings.tz)
    except StatsError as error:
        _fail(error)
    site, shards = document["site"], document["shards"]
    click.echo(f"{os.path.join(site_dir, 'stats.json')}: all time {site['all_time']:,}, today {site['today']}, "
               f"online {site['online']}, article views in {shards} file{'s' if shards != 1 else ''} "
               f"({time.monotonic() - start:.1f} s)")


if __name__ == "__main__":
    stats()
