"""What a build reads from the store, and stats.json."""

import datetime as dt
import json
import os
import sqlite3
from zoneinfo import ZoneInfo

import pytest

from bantin.catalog import Snapshot
from bantin.stats import (
    StatsError, build_stats, ingest_files, publish, read_baselines, read_snapshot, read_top, read_week_views,
    write_stats_json,
)
from bantin.stats.publish import (  # noqa: E402
    shard_count, shard_of,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/124.0.0.0 Safari/537.36")
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
NOW = dt.datetime(2024, 5, 8, 12, 0, tzinfo=TZ)  # a Wednesday


def line(ip, when, target, agent=CHROME):
    return f'{ip} - - [{when} +0700] "GET {target} HTTP/1.1" 200 512 "-" "{agent}"\n'


LOG = "".join([
    line("192.0.2.1", "01/May/2024:10:00:00", "/tin-tuc/old/"),  # 8 days before: outside every window
    line("192.0.2.2", "05/May/2024:23:30:00", "/tin-tuc/a/"),  # Sunday: last week, but within 7 days
    line("192.0.2.3", "06/May/2024:09:00:00", "/tin-tuc/a/"),  # Monday: this week
    line("192.0.2.4", "07/May/2024:10:00:00", "/tin-tuc/b/"),
    line("192.0.2.5", "08/May/2024:00:10:00", "/tin-tuc/a/"),  # today
    line("192.0.2.6", "08/May/2024:11:50:00", "/"),
    line("192.0.2.10", "08/May/2024:11:52:00", "/tin-tuc/c/"),
    line("192.0.2.7", "08/May/2024:11:54:59", "/tin-tuc/b/"),  # exactly 5 minutes before the newest: not online
    line("192.0.2.8", "08/May/2024:11:55:30", "/tin-tuc/a/"),  # online
    line("192.0.2.6", "08/May/2024:11:56:00", "/tin-tuc/b/"),  # online
    line("192.0.2.9", "08/May/2024:11:57:00", "/assets/app.css"),  # not a page: not online
    line("192.0.2.10", "08/May/2024:11:57:30", "/tin-tuc/c/"),  # a repeat, not counted, but online
    line("192.0.2.8", "08/May/2024:11:58:00", "/tin-tuc/a/"),  # a repeat
    line("66.249.66.1", "08/May/2024:11:59:59", "/", GOOGLEBOT),  # the newest logged request
])


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "stats" / "bantin.sqlite"
    log = tmp_path / "access.log"
    log.write_text(LOG)
    report = ingest_files(path, [log], tz=TZ)
    assert str(report) == "14 read, 10 counted, 1 bots, 0 malformed, 2 duplicate, 1 skipped"
    return path


def test_snapshot(store):
    assert read_snapshot(store, TZ, NOW) == Snapshot(
        views={"tin-tuc/old/": 1, "tin-tuc/a/": 4, "tin-tuc/b/": 3, "": 1, "tin-tuc/c/": 1},
        online=3, today=6, week=8, counted=10,
        week_views={"": 1, "tin-tuc/a/": 4, "tin-tuc/b/": 3, "tin-tuc/c/": 1})
    # the next Monday: a new day and a new week; the time zone given by name works too
    monday = read_snapshot(store, "Asia/Ho_Chi_Minh", dt.datetime(2024, 5, 13, 8, 0))
    assert (monday.today, monday.week, monday.online, monday.counted) == (0, 0, 3, 10)
    # seen from UTC, 2024-05-07 17:30Z is already the 8th in Hà Nội
    utc = read_snapshot(store, TZ, dt.datetime(2024, 5, 7, 17, 30, tzinfo=dt.timezone.utc))
    assert (utc.today, utc.week) == (6, 8)


def test_week_views(store):
    assert read_week_views(store, NOW) == {"": 1, "tin-tuc/a/": 4, "tin-tuc/b/": 3, "tin-tuc/c/": 1}
    assert read_week_views(store, dt.datetime(2024, 5, 13, 8, 0, tzinfo=TZ)) == {
        "": 1, "tin-tuc/a/": 3, "tin-tuc/b/": 3, "tin-tuc/c/": 1}
    assert read_week_views(store, dt.datetime(2024, 6, 1, tzinfo=TZ)) == {}


def test_top(store):
    assert [tuple(t) for t in read_top(store, 3)] == [("tin-tuc/a/", 4), ("tin-tuc/b/", 3), ("", 1)]


def test_no_store_no_figures(tmp_path):
    assert read_snapshot(tmp_path / "none.sqlite", TZ, NOW) == Snapshot()
    assert read_week_views(tmp_path / "none.sqlite", NOW) == {}
    assert not (tmp_path / "none.sqlite").exists()
    log = tmp_path / "garbage.log"
    log.write_text("not a log line\n")
    ingest_files(tmp_path / "empty.sqlite", [log], tz=TZ)
    assert read_snapshot(tmp_path / "empty.sqlite", TZ, NOW) == Snapshot()


def test_not_a_store(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database, not at all" * 100)
    with pytest.raises(StatsError, match="cannot read the statistics store"):
        read_snapshot(bad, TZ, NOW)


def test_build_reads_while_ingest_writes(store):
    writer = sqlite3.connect(store, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE urls SET views = views + 100")
    try:
        assert read_snapshot(store, TZ, NOW).counted == 10  # not blocked, and sees only what is committed
    finally:
        writer.execute("ROLLBACK")
        writer.close()


BASELINES = {"tin-tuc/a/": 1500, "tin-tuc/b/": 0, "tin-tuc/d/": 7}
GENERATED = dt.datetime(2024, 5, 8, 12, 0, tzinfo=TZ)


def test_stats_json_shape(store):
    snapshot = read_snapshot(store, TZ, NOW)
    shown = ["tin-tuc/a/", "tin-tuc/d/", "tin-tuc/gone/"]  # a URL no article has is left out
    assert build_stats(snapshot, BASELINES, 626_000 + 1507, GENERATED, shown) == {
        "generated": "2024-05-08T12:00:00+07:00",
        "site": {"online": 3, "today": 6, "week": 8, "all_time": 627_517},
        "views": {"tin-tuc/a/": 1504, "tin-tuc/d/": 7},
        "shards": 1,
    }
    assert build_stats(Snapshot(), {}, 5, "2024-05-08T12:00:00+07:00") == {
        "generated": "2024-05-08T12:00:00+07:00",
        "site": {"online": None, "today": None, "week": None, "all_time": 5},
        "views": {}, "shards": 1}


def test_shards_split_views_so_a_page_fetches_a_small_file():
    urls = [f"tin-tuc/2024/bai-{n}/" for n in range(1000)]
    assert shard_count(1000) == 5 and shard_count(0) == 1
    sizes = [0] * 5
    for url in urls:
        sizes[shard_of(url, 5)] += 1
    assert sum(sizes) == 1000 and max(sizes) < 260, sizes  # FNV-1a spreads them evenly enough
    assert shard_of("tin-tuc/a/", 7) == shard_of("tin-tuc/a/", 7)  # stable: portal.js computes the same


def test_write_stats_json(store, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    path = write_stats_json(site, read_snapshot(store, TZ, NOW), BASELINES, 10, GENERATED, ["tin-tuc/a/"])
    assert path == site / "stats.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["site"] == {"online": 3, "today": 6, "week": 8, "all_time": 20}
    assert document["views"] == {"tin-tuc/a/": 1504}
    assert json.loads((site / "stats" / "v" / "0.json").read_text()) == {
        "tin-tuc/a/": 1504, "tin-tuc/b/": 3, "tin-tuc/d/": 7}
    assert path.stat().st_mode & 0o777 == 0o644
    assert sorted(os.listdir(site)) == ["stats", "stats.json"]
    assert sorted(p.name for p in (site / "stats").rglob("*")) == ["0.json", "baseline.json", "v"]
    assert read_baselines(site) == (BASELINES, 10, ["tin-tuc/a/"])


def test_write_is_atomic(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    write_stats_json(site, Snapshot(), BASELINES, 10, GENERATED)
    before = (site / "stats.json").read_bytes()

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_stats_json(site, Snapshot(counted=99), BASELINES, 10, GENERATED)
    assert (site / "stats.json").read_bytes() == before
    assert not [p for p in site.rglob("*.tmp")], "no temporary file left behind"


def test_publish_without_rebuild(store, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    write_stats_json(site, Snapshot(), BASELINES, 626_000 + 1507, GENERATED, ["tin-tuc/d/"])  # what the build wrote
    more = tmp_path / "more.log"
    more.write_text(line("192.0.2.50", "08/May/2024:12:01:00", "/tin-tuc/d/")
                    + line("192.0.2.51", "08/May/2024:12:02:00", "/tin-tuc/d/"))
    ingest_files(store, [more], tz=TZ)
    later = dt.datetime(2024, 5, 8, 12, 5, tzinfo=TZ)
    document = publish(site, store, TZ, later)
    assert json.loads((site / "stats.json").read_text(encoding="utf-8")) == document == {
        "generated": "2024-05-08T12:05:00+07:00",
        "site": {"online": 4, "today": 8, "week": 10, "all_time": 627_519},  # online: 11:57:30 to 12:02
        "views": {"tin-tuc/d/": 9},
        "shards": 1,
    }
    assert json.loads((site / "stats" / "v" / "0.json").read_text()) == {
        "tin-tuc/a/": 1504, "tin-tuc/b/": 3, "tin-tuc/d/": 9}


@pytest.mark.parametrize("content, message", [
    (None, "not found; build the site first"),
    ("{not json", "is not a valid baseline file"),
    ('{"site": 5}', "is not a valid baseline file"),
    ('{"site": "many", "views": {}, "shown": []}', "is not a valid baseline file"),
])
def test_publish_needs_the_built_stats_json(store, tmp_path, content, message):
    site = tmp_path / "site"
    site.mkdir()
    if content is not None:
        (site / "stats").mkdir()
        (site / "stats" / "baseline.json").write_text(content)
    with pytest.raises(StatsError, match=message):
        publish(site, store, TZ, NOW)
