"""Reading the store for a build, for `stats show` and for `stats publish`: read-only, one transaction.

Each reader raises StatsError (never sqlite3.Error) when the store cannot be read or is not one, and needs
no write access to the store or its folder (store.open_readonly).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ..catalog import Snapshot
from .store import meta, reading

ONLINE_SECONDS = 5 * 60
WEEK_SECONDS = 7 * 86400


def as_tz(tz) -> dt.tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def local_now(now: dt.datetime | None, tz: dt.tzinfo) -> dt.datetime:
    if now is None:
        return dt.datetime.now(tz)
    return now.replace(tzinfo=tz) if now.tzinfo is None else now.astimezone(tz)


def _midnight(day: dt.date, tz: dt.tzinfo) -> int:
    return int(dt.datetime.combine(day, dt.time(), tzinfo=tz).timestamp())


def _count(conn, start: int, end: int) -> int:
    return conn.execute("SELECT count(*) FROM views WHERE ts >= ? AND ts < ?", (start, end)).fetchone()[0]


def read_snapshot(store_path: str | os.PathLike, tz, now: dt.datetime | None = None) -> Snapshot:
    """The figures a build bakes in; an empty Snapshot if there is no store or nothing was ever logged.

    views    counted views of all time per page URL (site-relative: `tin-tuc/2021/abc/`, home "")
    online   distinct visitors with a page request in the 5 minutes up to the newest logged request
    today    counted views from today's midnight to tomorrow's, in `tz`, `now` deciding which day it is
    week     the same for the calendar week, from Monday's midnight
    counted  all counted views
    week_views  counted views per page URL in the 7 × 24 hours up to `now`
    All of them in one read transaction, so the boxes and "7 ngày qua" agree while an ingest commits.
    """
    tz = as_tz(tz)
    with reading(store_path) as conn:
        if conn is None:
            return Snapshot()
        with conn:  # one read transaction: a consistent view while an ingest commits
            conn.execute("BEGIN")
            newest = meta(conn, "newest")
            if newest is None:
                return Snapshot()
            today = local_now(now, tz).date()
            monday = today - dt.timedelta(days=today.weekday())
            tomorrow, next_monday = today + dt.timedelta(days=1), monday + dt.timedelta(days=7)
            views = dict(conn.execute("SELECT url, views FROM urls WHERE views > 0"))
            end = int(local_now(now, tz).timestamp())
            online = conn.execute("SELECT count(*) FROM presence WHERE ts > ? AND ts <= ?",
                                  (newest - ONLINE_SECONDS, newest)).fetchone()[0]
            return Snapshot(
                views=views,
                online=online,
                today=_count(conn, _midnight(today, tz), _midnight(tomorrow, tz)),
                week=_count(conn, _midnight(monday, tz), _midnight(next_monday, tz)),
                counted=sum(views.values()),
                week_views=_week_views(conn, end),
            )


def read_week_views(store_path: str | os.PathLike, now: dt.datetime | None = None) -> dict[str, int]:
    """Counted views per page URL in the 7 days (7 × 24 hours) up to `now` (default: the current time)."""
    end = int((now or dt.datetime.now(dt.timezone.utc)).timestamp())  # a naive `now` is the machine's local time
    with reading(store_path) as conn:
        if conn is None:
            return {}
        return _week_views(conn, end)


def _week_views(conn, end: int) -> dict[str, int]:
    return dict(conn.execute(
        "SELECT urls.url, count(*) FROM views JOIN urls ON urls.id = views.url_id "
        "WHERE views.ts > ? AND views.ts <= ? GROUP BY views.url_id ORDER BY urls.url",
        (end - WEEK_SECONDS, end)))


class Top(NamedTuple):
    url: str
    views: int


def read_top(store_path: str | os.PathLike, count: int = 10) -> list[Top]:
    """The most viewed page URLs of all time, most first (ties by URL)."""
    with reading(store_path) as conn:
        if conn is None:
            return []
        return [Top(*row) for row in conn.execute(
            "SELECT url, views FROM urls WHERE views > 0 ORDER BY views DESC, url LIMIT ?", (count,))]


def read_newest(store_path: str | os.PathLike) -> int | None:
    """Epoch seconds of the newest logged request, or None."""
    with reading(store_path) as conn:
        return None if conn is None else meta(conn, "newest")
