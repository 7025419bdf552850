"""The live figures that a small script on every page puts in place of the ones baked in by the build.

A page must not download the views of 10,000 articles to show a dozen, so the figures are split:

    stats.json                 fetched by every page: small, whatever the size of the site
      {
        "generated": "2024-05-06T10:15:00+07:00",   # when the figures were read, site time zone
        "site": {
          "online": 3,          # distinct visitors in the 5 minutes up to the newest logged request
          "today": 120,         # counted views today (site time zone); null when nothing was measured yet
          "week": 800,          # counted views since Monday
          "all_time": 627345    # the site baseline + every counted view
        },
        "views": {"tin-tuc/2021/abc/": 1520, …},   # the articles every page may show (sidebars, home page)
        "shards": 4                                 # how many files the views of all articles are split into
      }
    stats/v/<k>.json            {"tin-tuc/2021/abc/": 1520, …}: every article whose URL falls in shard k
                                (shard_of(url), FNV-1a; portal.js computes the same), fetched by its page
    stats/baseline.json         what `stats publish` needs to refresh the rest without a rebuild:
                                {"site": 626500, "views": {url: front-matter views, …}, "shown": [url, …]}

Views are front-matter views + counted views. URLs are site-relative without a leading slash, as MkDocs
writes them (`tin-tuc/2021/abc/`; home ""). The site baseline is what the build passes: the configured
`views_baseline` plus the front-matter views of all articles, so `all_time` equals the build's own "Tất cả".
Each file is replaced atomically (a temporary file in the same folder, then os.replace): a reader gets the old
file or the new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..catalog import Snapshot
from ..urls import STATS as STATS_FILE, STATS_BASELINE as BASELINE_FILE, STATS_SHARD as SHARD_FILE
from ..writer import atomic_write
from .snapshot import as_tz, local_now, read_snapshot
from .store import StatsError

ARTICLES_PER_SHARD = 200


def shard_of(url: str, shards: int) -> int:
    """FNV-1a (32 bits) of the URL's UTF-8 bytes, modulo `shards`: simple enough to compute alike in portal.js."""
    h = 0x811C9DC5
    for byte in url.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def shard_count(articles: int) -> int:
    return max(1, -(-articles // ARTICLES_PER_SHARD))


def build_stats(snapshot: Snapshot, baselines: Mapping[str, int], site_baseline: int,
                generated: dt.datetime | str, shown: Iterable[str] = ()) -> dict:
    """The document written to stats.json (see the module doc)."""
    if isinstance(generated, dt.datetime):
        generated = generated.isoformat(timespec="seconds")
    counted = snapshot.views
    return {
        "generated": generated,
        "site": {"online": snapshot.online, "today": snapshot.today, "week": snapshot.week,
                 "all_time": site_baseline + snapshot.counted},
        "views": {url: baselines[url] + counted.get(url, 0) for url in sorted(set(shown)) if url in baselines},
        "shards": shard_count(len(baselines)),
    }


def _json(document) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_stats_json(site_dir: str | os.PathLike, snapshot: Snapshot, baselines: Mapping[str, int],
                     site_baseline: int, generated: dt.datetime | str, shown: Iterable[str] = (),
                     write: Callable[[str, bytes], object] | None = None) -> Path:
    """Write stats.json, the view shards and the baseline file into SITE_DIR; returns stats.json's path.

    baselines: every article URL → its front-matter views; site_baseline: config views_baseline + the sum
    of those; generated: when the snapshot was read; shown: article URLs that every page may show.
    `write(path under the site, data)` is the build's writer; without it each file is replaced atomically.
    """
    site = Path(site_dir)
    if write is None:
        write = lambda path, data: atomic_write(site / path, data, durable=True)  # noqa: E731
    shown = sorted(set(shown))
    document = build_stats(snapshot, baselines, site_baseline, generated, shown)
    shards: list[dict[str, int]] = [{} for _ in range(document["shards"])]
    for url, base in baselines.items():
        shards[shard_of(url, len(shards))][url] = base + snapshot.views.get(url, 0)
    write(BASELINE_FILE, _json({"site": site_baseline, "views": dict(sorted(baselines.items())), "shown": shown}))
    for number, views in enumerate(shards):
        write(SHARD_FILE.format(number), _json(views))
    write(STATS_FILE, _json(document))  # last: it says how many shards there are
    return site / STATS_FILE


def read_baselines(site_dir: str | os.PathLike) -> tuple[dict[str, int], int, list[str]]:
    """What the last build wrote into SITE_DIR/stats/baseline.json: (views by URL, site, shown URLs)."""
    path = Path(site_dir) / BASELINE_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        views = {str(url): int(n) for url, n in document["views"].items()}
        return views, int(document["site"]), [str(url) for url in document["shown"]]
    except FileNotFoundError:
        raise StatsError(f"{path}: not found; build the site first (the build writes it)") from None
    except OSError as error:
        raise StatsError(f"{path}: cannot read: {error.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise StatsError(f"{path}: is not a valid baseline file; build the site again") from None


def publish(site_dir: str | os.PathLike, store_path: str | os.PathLike, tz, now: dt.datetime | None = None) -> dict:
    """Rewrite SITE_DIR's figures from a fresh snapshot and the baselines the build left; returns stats.json's
    document."""
    tz = as_tz(tz)
    views, site, shown = read_baselines(site_dir)
    now = local_now(now, tz)
    snapshot = read_snapshot(store_path, tz, now)
    write_stats_json(site_dir, snapshot, views, site, now, shown)
    return build_stats(snapshot, views, site, now, shown)
