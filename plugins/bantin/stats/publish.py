"""`stats.json`: the live figures that a small script on every page puts in place of the baked-in ones.

The build writes it with the front-matter baselines; `stats publish` rewrites it from a fresh snapshot,
reading those baselines back from the file itself, so no rebuild is needed. Shape (keys sorted, UTF-8):

    {
      "generated": "2024-05-06T10:15:00+07:00",      # when the figures were read, site time zone
      "site": {
        "online": 3,          # distinct visitors in the 5 minutes up to the newest logged request
        "today": 120,         # counted views today (site time zone); null when nothing was measured yet
        "week": 800,          # counted views since Monday
        "all_time": 627345    # baseline.site + every counted view
      },
      "views": {"tin-tuc/2021/abc/": 1520, …},        # every article: its front-matter views + counted views
      "week_views": {"tin-tuc/2021/abc/": 42, …},     # articles viewed in the last 7 days (rolling), > 0 only
      "baseline": {
        "site": 626500,                               # what all_time adds to the counted views
        "views": {"tin-tuc/2021/abc/": 1500, …}       # every article's front-matter views (0 included)
      }
    }

URLs are site-relative without a leading slash, as MkDocs writes them (`tin-tuc/2021/abc/`; home "").
`baseline.site` is what the build passes: the configured `views_baseline` plus the front-matter views of all
articles, so `all_time` equals the build's own "Tất cả". The file is replaced atomically (a temporary file in
the same folder, then os.replace): a reader gets the old file or the new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..catalog import Snapshot
from .snapshot import as_tz, local_now, read_snapshot, read_week_views
from .store import StatsError

STATS_FILE = "stats.json"


def build_stats(snapshot: Snapshot, week_views: Mapping[str, int], baselines: Mapping[str, int],
                site_baseline: int, generated: dt.datetime | str) -> dict:
    """The document written to stats.json (see the module doc)."""
    if isinstance(generated, dt.datetime):
        generated = generated.isoformat(timespec="seconds")
    counted = snapshot.views
    return {
        "generated": generated,
        "site": {"online": snapshot.online, "today": snapshot.today, "week": snapshot.week,
                 "all_time": site_baseline + snapshot.counted},
        "views": {url: base + counted.get(url, 0) for url, base in sorted(baselines.items())},
        "week_views": {url: n for url, n in sorted(week_views.items()) if url in baselines and n > 0},
        "baseline": {"site": site_baseline, "views": dict(sorted(baselines.items()))},
    }


def write_stats_json(site_dir: str | os.PathLike, snapshot: Snapshot, week_views: Mapping[str, int],
                     baselines: Mapping[str, int], site_baseline: int, generated: dt.datetime | str) -> Path:
    """Write SITE_DIR/stats.json atomically; returns its path.

    baselines: every article URL → its front-matter views; site_baseline: config views_baseline + the sum
    of those; generated: when the snapshot was read.
    """
    document = build_stats(snapshot, week_views, baselines, site_baseline, generated)
    data = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    target = Path(site_dir) / STATS_FILE
    fd, temp = tempfile.mkstemp(prefix=f".{STATS_FILE}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes it private; the web server must read it
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    return target


def read_baselines(site_dir: str | os.PathLike) -> tuple[dict[str, int], int]:
    """The baselines written by the last build into SITE_DIR/stats.json: (views by URL, site)."""
    path = Path(site_dir) / STATS_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        baseline = document["baseline"]
        views = {str(url): int(n) for url, n in baseline["views"].items()}
        return views, int(baseline["site"])
    except FileNotFoundError:
        raise StatsError(f"{path}: not found; build the site first (the build writes it)") from None
    except OSError as error:
        raise StatsError(f"{path}: cannot read: {error.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise StatsError(f"{path}: has no valid \"baseline\" section; build the site again") from None


def publish(site_dir: str | os.PathLike, store_path: str | os.PathLike, tz, now: dt.datetime | None = None) -> dict:
    """Rewrite SITE_DIR/stats.json from a fresh snapshot and the baselines already in it; returns the document."""
    tz = as_tz(tz)
    views, site = read_baselines(site_dir)
    now = local_now(now, tz)
    snapshot = read_snapshot(store_path, tz, now)
    week = read_week_views(store_path, now)
    write_stats_json(site_dir, snapshot, week, views, site, now)
    return build_stats(snapshot, week, views, site, now)
