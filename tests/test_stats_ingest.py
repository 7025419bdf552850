"""Ingesting logs into the store: the counting rules, and each request counted exactly once."""

import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest

from bantin.stats import Counts, StatsError, ingest_files, is_bot
from bantin.stats.ingest import _ONLINE_KEEP

DATA = Path(__file__).parent / "data"
TZ = "Asia/Ho_Chi_Minh"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/124.0.0.0 Safari/537.36")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"


def line(ip: str, hhmmss: str, target: str = "/tin-tuc/2024/a/", status: int = 200, agent: str = CHROME,
         method: str = "GET", day: str = "06/May/2024") -> str:
    return f'{ip} - - [{day}:{hhmmss} +0700] "{method} {target} HTTP/1.1" {status} 512 "-" "{agent}"\n'


def counts(report) -> tuple[int, ...]:
    c = report.totals
    return c.read, c.counted, c.bots, c.malformed, c.duplicate, c.skipped


def views(store) -> dict[str, int]:
    with sqlite3.connect(store) as conn:
        return dict(conn.execute("SELECT url, views FROM urls"))


def rows(store) -> int:
    with sqlite3.connect(store) as conn:
        return conn.execute("SELECT count(*) FROM views").fetchone()[0]


@pytest.fixture
def store(tmp_path):
    return tmp_path / "stats" / "bantin.sqlite"


def test_sample_logs(store):
    nginx = ingest_files(store, [DATA / "nginx_access.log"], tz=TZ)
    assert str(nginx) == "15 read, 5 counted, 3 bots, 0 malformed, 1 duplicate, 6 skipped"
    assert views(store) == {"": 1, "tin-tuc/2024/le-khai-giang/": 3, "chuyen-muc/thong-bao/": 1}
    apache = ingest_files(store, [DATA / "apache_access.log"], tz=TZ)
    assert counts(apache) == (5, 2, 1, 0, 0, 2)
    edge = ingest_files(store, [DATA / "edge_access.log"], tz=TZ)
    assert counts(edge) == (6, 2, 0, 3, 0, 1)
    assert views(store) == {"": 1, "tin-tuc/2024/le-khai-giang/": 5, "chuyen-muc/thong-bao/": 1, "gioi-thieu/": 1,
                            "tin-tuc/2024/ho-nghi-tiep-xuc-cu-tri/": 1}


def test_goatcounter_export(store, tmp_path):
    report = ingest_files(store, [DATA / "goatcounter_export.csv"], tz=TZ)
    assert report.files[0].format == "goatcounter"
    assert str(report) == "9 read, 4 counted, 1 bots, 1 malformed, 1 duplicate, 2 skipped"
    assert views(store) == {"": 1, "tin-tuc/2024/le-khai-giang/": 2, "tin-tuc/2024/ho-nghi/": 1}
    again = ingest_files(store, [DATA / "goatcounter_export.csv"], tz=TZ)
    assert counts(again) == (0, 0, 0, 0, 0, 0)
    # a later export of the same site starts with the same rows: only the new rows are read
    later = tmp_path / "goatcounter-later.csv.gz"
    extra = "/gioi-thieu/,Giới thiệu,false,,Chrome 124,Windows 10,s-9,0,,,,VN,true,2024-05-06T02:00:00Z\n"
    later.write_bytes(gzip.compress((DATA / "goatcounter_export.csv").read_bytes() + extra.encode()))
    assert counts(ingest_files(store, [later], tz=TZ)) == (1, 1, 0, 0, 0, 0)


def test_forced_format(store, tmp_path):
    assert counts(ingest_files(store, [DATA / "goatcounter_export.csv"], tz=TZ, fmt="combined")) == (12, 0, 0, 12, 0, 0)
    with pytest.raises(StatsError, match="not a GoatCounter export"):
        ingest_files(store, [DATA / "nginx_access.log"], tz=TZ, fmt="goatcounter")


def test_same_file_twice_counts_once(store):
    first = ingest_files(store, [DATA / "nginx_access.log"], tz=TZ)
    second = ingest_files(store, [DATA / "nginx_access.log", DATA / "nginx_access.log"], tz=TZ)
    assert counts(first) == (15, 5, 3, 0, 1, 6)
    assert counts(second) == (0, 0, 0, 0, 0, 0)
    assert second.files[0].note == "already read (15 lines): nothing new"
    assert rows(store) == 5


def test_appended_file_reads_only_new_lines(store, tmp_path):
    log = tmp_path / "access.log"
    log.write_text("".join(line(f"192.0.2.{i}", f"08:{i:02d}:00") for i in range(10)))
    assert counts(ingest_files(store, [log], tz=TZ)) == (10, 10, 0, 0, 0, 0)
    with log.open("a") as out:
        out.write("".join(line(f"192.0.2.{i}", f"09:{i:02d}:00") for i in range(5)))  # 5 again, an hour later
        out.write(line("192.0.2.1", "09:10:00"))  # again within 30 minutes of 09:01
    report = ingest_files(store, [log], tz=TZ)
    assert counts(report) == (6, 5, 0, 0, 1, 0)
    assert report.files[0].resumed_at == 10
    assert views(store) == {"tin-tuc/2024/a/": 15}


def test_unfinished_last_line_waits(store, tmp_path):
    log = tmp_path / "access.log"
    whole = line("192.0.2.1", "08:00:00") + line("192.0.2.2", "08:00:01")
    log.write_text(whole[:-40])  # the server is writing the second line
    assert counts(ingest_files(store, [log], tz=TZ)) == (1, 1, 0, 0, 0, 0)
    log.write_text(whole)
    assert counts(ingest_files(store, [log], tz=TZ)) == (1, 1, 0, 0, 0, 0)
    assert rows(store) == 2


def test_rotation_counts_each_line_once(store, tmp_path):
    """access.log is read, written on, rotated (compressed), and a new access.log begins."""
    a = [line(f"192.0.2.{i}", f"08:{i:02d}:00") for i in range(10)]
    b = [line(f"198.51.100.{i}", f"09:{i:02d}:00", "/tin-tuc/2024/b/") for i in range(3)]
    c = [line(f"203.0.113.{i}", f"10:{i:02d}:00", "/") for i in range(4)] + ["garbage\n"]
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "access.log").write_text("".join(a))
    assert counts(ingest_files(store, [logs / "access.log"], tz=TZ)) == (10, 10, 0, 0, 0, 0)
    # logrotate: access.log (with b appended since) → access.log.1 → access.log.2.gz; a new access.log
    (logs / "access.log").rename(logs / "access.log.1")
    with (logs / "access.log.1").open("a") as out:
        out.write("".join(b))
    (logs / "access.log").write_text("".join(c))
    with open(logs / "access.log.1", "rb") as src, gzip.open(logs / "access.log.2.gz", "wb") as dst:
        shutil.copyfileobj(src, dst)
    (logs / "access.log.1").unlink()
    report = ingest_files(store, sorted(logs.iterdir()), tz=TZ)
    assert [(Path(f.path).name, f.counts.read, f.resumed_at) for f in report.files] == [
        ("access.log", 5, 0), ("access.log.2.gz", 3, 10)]
    assert counts(report) == (8, 7, 0, 1, 0, 0)
    # everything again, and an uncompressed copy of the rotated file: nothing new
    shutil.copy(logs / "access.log", logs / "copy-of-access.log")
    with gzip.open(logs / "access.log.2.gz") as src, open(logs / "access.log.1", "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert counts(ingest_files(store, sorted(logs.iterdir()), tz=TZ)) == (0, 0, 0, 0, 0, 0)
    assert views(store) == {"tin-tuc/2024/a/": 10, "tin-tuc/2024/b/": 3, "": 4}
    # the same as one fresh ingest of all the lines
    whole = tmp_path / "whole.log"
    whole.write_text("".join(a + b + c))
    fresh = tmp_path / "fresh.sqlite"
    assert counts(ingest_files(fresh, [whole], tz=TZ)) == (18, 17, 0, 1, 0, 0)
    assert views(fresh) == views(store)


def test_overlong_binary_line_is_read_in_bounded_pieces(store, tmp_path):
    log = tmp_path / "access.log"
    garbage = bytes(range(256)).replace(b"\n", b"") * (10 * 1024 + 256)  # 2.6 MB without a newline
    log.write_bytes(garbage + b"\n" + line("192.0.2.1", "08:00:00").encode())
    assert counts(ingest_files(store, [log], tz=TZ)) == (4, 1, 0, 3, 0, 0)


def test_file_shorter_than_its_cursor(store, tmp_path):
    log = tmp_path / "access.log"
    lines = [line(f"192.0.2.{i}", f"08:{i:02d}:00") for i in range(5)]
    log.write_text("".join(lines))
    ingest_files(store, [log], tz=TZ)
    log.write_text("".join(lines[:2]))
    report = ingest_files(store, [log], tz=TZ)
    assert counts(report) == (0, 0, 0, 0, 0, 0)
    assert report.files[0].note == "shorter than the 5 lines already read: nothing new"


def test_damaged_gzip_keeps_what_it_read(store, tmp_path):
    data = gzip.compress("".join(line(f"192.0.2.{i}", f"{8 + i // 60:02d}:{i % 60:02d}:00")
                                 for i in range(200)).encode())
    cut = tmp_path / "access.log.2.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    report = ingest_files(store, [cut], tz=TZ)
    assert "gzip data ends early" in report.files[0].note
    got = report.totals.read
    assert 0 < got < 200 and report.totals.counted == got
    cut.write_bytes(data)  # logrotate finished compressing it
    assert counts(ingest_files(store, [cut], tz=TZ)) == (200 - got, 200 - got, 0, 0, 0, 0)
    assert rows(store) == 200


@pytest.mark.parametrize("agent, bot", [
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", True),
    ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) "
     "Chrome/124.0.6367.155 Safari/537.36", True),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", True),
    ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", True),
    ("curl/8.5.0", True),  # a script, not a reader
    ("python-requests/2.31.0", True),
    ("-", True),  # every browser sends a user agent
    ("", True),
    (CHROME, False),
    (FIREFOX, False),
    ("Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
     "Mobile Safari/537.36 Zalo android/12110", False),
])
def test_is_bot(agent, bot):
    assert is_bot(agent) is bot


def test_bots_are_not_counted(store, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        line("66.249.66.1", "08:00:00", agent="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
        + line("157.55.39.1", "08:00:01", agent="Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")
        + line("192.0.2.44", "08:00:02", agent="curl/8.5.0")
        + line("192.0.2.45", "08:00:03", agent="-")
        + line("192.0.2.46", "08:00:04", agent=FIREFOX)
        + line("66.249.66.1", "08:00:05", "/sitemap.xml", agent="Googlebot/2.1")
    )
    assert counts(ingest_files(store, [log], tz=TZ)) == (6, 1, 5, 0, 0, 0)


def test_what_counts(store, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        line("192.0.2.1", "08:00:00", "/tin-tuc/a/", 200)
        + line("192.0.2.2", "08:00:00", "/tin-tuc/a/", 304)
        + line("192.0.2.3", "08:00:00", "/tin-tuc/a/", 200, method="HEAD")
        + line("192.0.2.4", "08:00:00", "/tin-tuc/a/", 200, method="POST")
        + line("192.0.2.5", "08:00:00", "/tin-tuc/a/", 206)
        + line("192.0.2.6", "08:00:00", "/tin-tuc/a/", 404)
        + line("192.0.2.7", "08:00:00", "/tin-tuc/a", 301)
        + line("192.0.2.8", "08:00:00", "/assets/app.css")
        + line("192.0.2.9", "08:00:00", "/search/")
        + line("192.0.2.10", "08:00:00", "/tin-tuc/a/index.html?ref=zalo")
    )
    assert counts(ingest_files(store, [log], tz=TZ)) == (10, 4, 0, 0, 0, 6)
    assert views(store) == {"tin-tuc/a/": 4}


def test_one_view_per_visitor_page_and_window(store, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        line("192.0.2.1", "08:00:00", "/tin-tuc/a/")
        + line("192.0.2.1", "08:29:59", "/tin-tuc/a/")  # within 30 minutes: once
        + line("192.0.2.1", "08:30:00", "/tin-tuc/a/")  # 30 minutes after the counted view: again
        + line("192.0.2.1", "08:31:00", "/tin-tuc/b/")  # another page
        + line("192.0.2.1", "08:32:00", "/tin-tuc/a/", agent=FIREFOX)  # same address, another browser
        + line("192.0.2.2", "08:32:00", "/tin-tuc/a/")  # another address
        + line("192.0.2.3", "08:40:00", "/tin-tuc/c/")
        + line("192.0.2.3", "09:11:00", "/tin-tuc/c/")  # 31 minutes later: twice
        + line("192.0.2.4", "23:50:00", "/tin-tuc/d/")
        + line("192.0.2.4", "00:05:00", "/tin-tuc/d/", day="07/May/2024")  # a new day, a new visitor
    )
    assert counts(ingest_files(store, [log], tz=TZ)) == (10, 9, 0, 0, 1, 0)
    assert views(store) == {"tin-tuc/a/": 4, "tin-tuc/b/": 1, "tin-tuc/c/": 2, "tin-tuc/d/": 2}


def test_window_spans_runs_and_files(store, tmp_path):
    first, second = tmp_path / "a.log", tmp_path / "b.log"
    first.write_text(line("192.0.2.1", "08:00:00") + line("192.0.2.9", "07:00:00", "/x/"))
    second.write_text(line("192.0.2.1", "08:20:00") + line("192.0.2.1", "08:40:00"))
    assert counts(ingest_files(store, [first], tz=TZ)) == (2, 2, 0, 0, 0, 0)
    assert counts(ingest_files(store, [second], tz=TZ)) == (2, 1, 0, 0, 1, 0)
    # an older file read later: 07:45 is within 30 minutes of the 08:00 view already counted
    older = tmp_path / "older.log"
    older.write_text(line("192.0.2.1", "07:45:00") + line("192.0.2.1", "07:29:00"))
    assert counts(ingest_files(store, [older], tz=TZ)) == (2, 1, 0, 0, 1, 0)


def test_window_setting(store, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(line("192.0.2.1", "08:00:00") + line("192.0.2.1", "08:06:00") + line("192.0.2.1", "08:11:00"))
    assert counts(ingest_files(store, [log], tz=TZ, window_minutes=10)) == (3, 2, 0, 0, 1, 0)


def test_dedupe_survives_pruning(store, tmp_path, monkeypatch):
    """The in-memory window is pruned on busy logs; the table then answers for what it forgot."""
    from bantin.stats import ingest

    real_init = ingest._Ingest.__init__

    def small(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        self.prune_at = 4

    monkeypatch.setattr(ingest._Ingest, "__init__", small)
    log = tmp_path / "access.log"
    log.write_text(
        "".join(line(f"192.0.2.{i}", f"08:00:{i:02d}") for i in range(10))
        + "".join(line(f"192.0.2.{i}", f"10:00:{i:02d}") for i in range(10))
        + line("192.0.2.3", "08:10:00")  # late in the file, early in time: the 08:00:03 view is only in the table
    )
    assert counts(ingest_files(store, [log], tz=TZ, batch_size=3)) == (21, 20, 0, 0, 1, 0)


def test_no_raw_address_or_agent_in_the_store(store, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(line("203.0.113.77", "08:00:00") + line("2001:db8::dead:beef", "08:00:01", agent=FIREFOX)
                   + line("198.51.100.99", "08:00:02", "/assets/x.css"))
    ingest_files(store, [log], tz=TZ)
    data = b"".join(p.read_bytes() for p in store.parent.iterdir())
    assert rows(store) == 2
    for secret in ("203.0.113.77", "2001:db8::dead:beef", "198.51.100.99", "Firefox/125.0", "Chrome/124"):
        assert secret.encode() not in data
        assert secret.encode("utf-16-le") not in data


def test_visitor_hash_is_salted_per_store(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(line("192.0.2.1", "08:00:00"))
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    ingest_files(a, [log], tz=TZ)
    ingest_files(b, [log], tz=TZ)
    visitor = [sqlite3.connect(p).execute("SELECT visitor FROM views").fetchone()[0] for p in (a, b)]
    assert visitor[0] != visitor[1]


def test_unreadable_file_stops_before_writing(store, tmp_path):
    with pytest.raises(StatsError, match="missing.log: cannot read"):
        ingest_files(store, [DATA / "nginx_access.log", tmp_path / "missing.log"], tz=TZ)
    assert not store.exists()
    with pytest.raises(StatsError, match="cannot read"):
        ingest_files(store, [tmp_path], tz=TZ)


def test_presence_is_pruned(store, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(line("192.0.2.1", "08:00:00") + line("192.0.2.2", "09:00:00", day="07/May/2024")
                   + line("192.0.2.3", "09:00:01", day="07/May/2024"))
    ingest_files(store, [log], tz=TZ)
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT count(*) FROM presence").fetchone()[0] == 2
    assert _ONLINE_KEEP == 86400


def test_two_ingests_of_one_file_count_it_once(store, tmp_path, monkeypatch):
    """A second ingest (an overlapping cron run) reads the file while the first is between two batches."""
    from bantin.stats import ingest

    log = tmp_path / "access.log"
    log.write_text("".join(line(f"192.0.2.{i}", f"08:{i:02d}:00") for i in range(40)))
    real_commit, other, started = ingest._Ingest.commit, [], []

    def commit(self, *args):
        real_commit(self, *args)
        if not started:  # after the first run's first batch, another run starts and reads to the end
            started.append(True)
            other.append(ingest_files(store, [log], tz=TZ))

    monkeypatch.setattr(ingest._Ingest, "commit", commit)
    first = ingest_files(store, [log], tz=TZ, batch_size=5)
    assert counts(other[0]) == (35, 35, 0, 0, 0, 0)
    assert counts(first) == (5, 5, 0, 0, 0, 0)
    assert first.files[0].note.startswith("another ingest is reading this file")
    assert rows(store) == 40
    monkeypatch.undo()
    assert counts(ingest_files(store, [log], tz=TZ)) == (0, 0, 0, 0, 0, 0)


def test_counts_str():
    assert str(Counts(7, 3, 1, 1, 1, 1)) == "7 read, 3 counted, 1 bots, 1 malformed, 1 duplicate, 1 skipped"
