"""View statistics: sources (access logs, GoatCounter exports) → SQLite store → snapshot → stats.json.

- `ingest`: the counting rules and the exactly-once guarantee (see its docstring);
- `sources`: the formats read; `store`: the tables; `snapshot`: what a build reads;
- `publish`: the shape of stats.json; `cli`: the `stats` command group.
"""

from .ingest import Counts, FileReport, IngestReport, ingest_files, is_bot
from .publish import build_stats, publish, read_baselines, write_stats_json
from .snapshot import read_newest, read_snapshot, read_top, read_week_views
from .store import StatsError

__all__ = [
    "Counts", "FileReport", "IngestReport", "StatsError", "build_stats", "ingest_files", "is_bot", "publish",
    "read_baselines", "read_newest", "read_snapshot", "read_top", "read_week_views", "write_stats_json",
]
