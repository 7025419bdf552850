"""Statistics that never stop on one bad line, a future date, a wrong store or a read-only one.

Real files only: logs and exports written into tmp_path (plain and gzip), SQLite stores made by ingest or by
sqlite3, the `stats` commands run by click's CliRunner or as a child process.
"""

import ctypes
import gzip
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bantin.catalog import Snapshot
from bantin.stats import StatsError, ingest_files, read_newest, read_snapshot, read_top, read_week_views
from bantin.stats import write_stats_json
from bantin.stats.ingest import FUTURE_SECONDS
from bantin.stats.store import open_readonly

from test_stats_cli import CHROME, MKDOCS_YML, run, site  # noqa: F401  (site: the fixture)

TZ = "Asia/Ho_Chi_Minh"
GOAT_HEADER = ("2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,"
               "Location,FirstVisit,Date\n")


def line(ip: str, when: str = "06/May/2024:08:00:00 +0700", target: str = "/tin-tuc/a/", agent: str = CHROME) -> str:
    return f'{ip} - - [{when}] "GET {target} HTTP/1.1" 200 512 "-" "{agent}"\n'


def stamp(epoch: float) -> str:
    """An access-log date for an epoch time, in UTC."""
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(epoch))


def goat(session: str, date: str, path: str = "/tin-tuc/a/") -> str:
    return f"{path},Tin,false,,Chrome 124,Windows 10,{session},0,,,,VN,true,{date}\n"


def counts(report) -> tuple[int, ...]:
    c = report.totals
    return c.read, c.counted, c.bots, c.malformed, c.duplicate, c.skipped


def counts_of(file_report) -> tuple[int, ...]:
    c = file_report.counts
    return c.read, c.counted, c.bots, c.malformed, c.duplicate, c.skipped


def cursor_lines(store: Path) -> list[int]:
    with sqlite3.connect(store) as conn:
        return [row[0] for row in conn.execute("SELECT lines FROM cursors ORDER BY lines")]


@pytest.fixture
def store(tmp_path):
    return tmp_path / "stats" / "bantin.sqlite"


# -- 1. one bad line never stops an ingest -----------------------------------------------------------------

BAD_DATES = [
    "01/Jan/0001:00:00:00 +2359",  # year 0 in UTC: Python has no such date
    "01/Jan/0001:00:00:00 -2359",  # year 1 in UTC, but before 1970
    "31/Dec/9999:23:59:59 -2359",  # year 10000 in UTC
    "31/Dec/9999:23:59:59 +0700",  # representable, but not yet
    "31/Feb/2024:08:00:00 +0700",
    "06/May/2024:25:00:00 +0700",
    "06/May/2024:08:00:00 +2500",
    "06/May/2024:08:00:00 +0099",
    "31/Dec/1969:23:59:59 +0000",
]


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_impossible_dates_are_malformed_and_passed(store, tmp_path, compress):
    text = line("192.0.2.1") + "".join(line(f"198.51.100.{i}", when) for i, when in enumerate(BAD_DATES)) \
        + line("192.0.2.2", "06/May/2024:08:01:00 +0700")
    log = tmp_path / ("access.log.2.gz" if compress else "access.log")
    log.write_bytes(gzip.compress(text.encode()) if compress else text.encode())
    other = tmp_path / "other.log"
    other.write_text(line("192.0.2.3", "06/May/2024:09:00:00 +0700", "/tin-tuc/b/"))
    n = len(BAD_DATES)
    report = ingest_files(store, [log, other], tz=TZ)
    assert [counts_of(f) for f in report.files] == [(n + 2, 2, 0, n, 0, 0), (1, 1, 0, 0, 0, 0)]
    # the cursor moved past the bad lines: the next run has nothing new, instead of choking on them again
    assert cursor_lines(store) == [1, n + 2]
    again = ingest_files(store, [log, other], tz=TZ)
    assert counts(again) == (0, 0, 0, 0, 0, 0)
    assert again.files[0].note == f"already read ({n + 2} lines): nothing new"
    assert read_newest(store) == 1714960800  # 09:00 +0700 in the other file: the newest possible request


def test_goatcounter_rows_with_impossible_dates(store, tmp_path):
    bad = ["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59+07:00",
           "2024-02-31T08:00:00Z", "2024-05-06T25:00:00Z", "1969-12-31T23:59:59Z"]
    export = tmp_path / "goatcounter.csv"
    export.write_text(GOAT_HEADER + goat("s-0", "2024-05-06T01:00:00Z")
                      + "".join(goat(f"s-{i + 1}", date) for i, date in enumerate(bad))
                      + goat("s-9", "2024-05-06T01:05:00Z"), encoding="utf-8")
    assert counts(ingest_files(store, [export], tz=TZ)) == (len(bad) + 2, 2, 0, len(bad), 0, 0)
    assert counts(ingest_files(store, [export], tz=TZ)) == (0, 0, 0, 0, 0, 0)


def test_garbage_lines_are_malformed(store, tmp_path):
    log = tmp_path / "access.log"
    good = line("192.0.2.1").encode()
    log.write_bytes(
        good
        + b"\x00" * 200 + b"\n"  # NUL bytes
        + line("192.0.2.2").encode().replace(b"GET", b"G\x00T")  # a line, with no method counted: skipped
        + b"\xff\xfe\xc3\x28 invalid UTF-8 \xed\xa0\x80\n"
        + bytes(range(256)).replace(b"\n", b"") + b"\n"  # binary
        + line("192.0.2.3").encode()[:-40] + b"x" * (1 << 20) + b"\n"  # a 1 MB line that starts like a good one
        + line("192.0.2.4", "06/May/2024:08:02:00 +0700").encode())
    report = ingest_files(store, [log], tz=TZ)
    # the 1 MB line is read in two pieces, each malformed
    assert counts(report) == (8, 2, 0, 5, 0, 1)
    assert counts(ingest_files(store, [log], tz=TZ)) == (0, 0, 0, 0, 0, 0)


def test_a_long_user_agent_is_a_robot_and_fast(store, tmp_path):
    """crawlerdetect takes seconds on an 8 KB agent, hours on 1 MB: a longer agent than a browser sends is a
    robot's without asking it."""
    log = tmp_path / "access.log"
    log.write_text(line("192.0.2.1", agent="Mozilla/5.0 " + "a" * 100_000)
                   + line("192.0.2.2", agent="Mozilla/5.0 " + "a" * 500))
    start = time.monotonic()
    assert counts(ingest_files(store, [log], tz=TZ)) == (2, 1, 1, 0, 0, 0)
    assert time.monotonic() - start < 10


def test_overlong_goatcounter_row_is_malformed(store, tmp_path):
    export = tmp_path / "goatcounter.csv"
    export.write_text(GOAT_HEADER + goat("s-1", "2024-05-06T01:00:00Z", "/" + "a" * (1 << 20) + "/")
                      + goat("s-2", "2024-05-06T01:01:00Z"), encoding="utf-8")
    report = ingest_files(store, [export], tz=TZ)
    assert report.totals.counted == 1 and report.totals.malformed == 2  # two pieces of the long row


# -- 2. a request dated in the future does not freeze "online now" ------------------------------------------

def test_future_requests_are_malformed_and_not_the_newest(store, tmp_path):
    now = time.time()
    log = tmp_path / "access.log"
    log.write_text(line("192.0.2.1", stamp(now - 120))
                   + line("192.0.2.2", stamp(now + 60))  # a clock a little ahead: within the tolerance
                   + line("192.0.2.3", stamp(now + FUTURE_SECONDS + 120))
                   + line("192.0.2.4", stamp(now + 86400 * 365)))
    assert counts(ingest_files(store, [log], tz=TZ)) == (4, 2, 0, 2, 0, 0)
    assert int(now) + 55 <= read_newest(store) <= int(now) + 65
    assert read_snapshot(store, TZ).online == 2


def test_a_future_newest_left_by_an_older_version_is_replaced(store, tmp_path):
    now = time.time()
    log = tmp_path / "access.log"
    log.write_text(line("192.0.2.1", stamp(now - 60)))
    ingest_files(store, [log], tz=TZ)
    with sqlite3.connect(store) as conn:  # what an ingest of "31/Dec/9999 +0700" used to leave
        conn.execute("UPDATE meta SET value = 253402275599 WHERE key = 'newest'")
        conn.execute("INSERT INTO presence VALUES (42, 253402275599)")
    assert read_snapshot(store, TZ).online == 1  # frozen: only the visitor from the future is "online"
    more = tmp_path / "more.log"
    more.write_text(line("192.0.2.2", stamp(now - 30)))
    ingest_files(store, [more], tz=TZ)
    assert abs(read_newest(store) - (now - 30)) < 2
    assert read_snapshot(store, TZ).online == 2
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT count(*) FROM presence WHERE visitor = 42").fetchone() == (0,)


# -- 3. a file that is not a store -------------------------------------------------------------------------

def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.close()


def _missing_column(path: Path) -> None:
    ingest_files(path, [], tz=TZ)
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE urls DROP COLUMN views")
    conn.close()


def _other_version(path: Path) -> None:
    ingest_files(path, [], tz=TZ)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = 7 WHERE key = 'schema'")
    conn.close()


NOT_STORES = {
    "text": (lambda p: p.write_text("store: this is YAML, not SQLite\n" * 50), "file is not a database"),
    "random bytes": (lambda p: p.write_bytes(os.urandom(8192)), "file is not a database"),
    "other tables": (_foreign, "not a Bantin statistics store: it has table(s) invoices"),
    "missing column": (_missing_column, "table urls has no column(s) views"),
    "other version": (_other_version, "schema version 7; this Bantin reads version 1"),
}


@pytest.mark.parametrize("kind", NOT_STORES)
def test_not_a_store_is_a_stats_error(store, tmp_path, kind):
    make, message = NOT_STORES[kind]
    store.parent.mkdir()
    make(store)
    before = store.read_bytes()
    log = tmp_path / "access.log"
    log.write_text(line("192.0.2.1"))
    for read in (lambda: ingest_files(store, [log], tz=TZ), lambda: read_snapshot(store, TZ),
                 lambda: read_week_views(store), lambda: read_top(store), lambda: read_newest(store)):
        with pytest.raises(StatsError, match=re.escape(message)):
            read()
    assert store.read_bytes() == before  # not turned into WAL mode, nothing added
    if before[18:19] != b"\x02":  # byte 18 of an SQLite header is 2 in WAL mode (our own stores)
        assert sorted(p.name for p in store.parent.iterdir()) == [store.name]


@pytest.mark.parametrize("kind", NOT_STORES)
def test_not_a_store_exits_2_with_one_line(site, kind):
    make, message = NOT_STORES[kind]
    path = site / "data" / "stats.sqlite"
    path.parent.mkdir()
    make(path)
    (site / "access.log").write_text(line("192.0.2.1"))
    built = site / "site"
    built.mkdir()
    write_stats_json(built, Snapshot(), {}, 0, "2024-05-06T00:00:00+07:00")  # publish gets to the store
    for args in (("ingest", str(site / "access.log")), ("show",), ("publish", str(built))):
        result = run(site, *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.count("\n") == 1 and result.output.startswith("stats: "), result.output
        assert message in result.output


def test_a_folder_is_not_a_store(site):
    folder = site / "data" / "stats.sqlite"
    folder.mkdir(parents=True)
    for read in (lambda: ingest_files(folder, [], tz=TZ), lambda: read_snapshot(folder, TZ)):
        with pytest.raises(StatsError, match="is a folder"):
            read()
    result = run(site, "show")
    assert result.exit_code == 2 and "is a folder" in result.output


def test_an_empty_file_is_a_new_store(store, tmp_path):
    store.parent.mkdir()
    store.write_bytes(b"")
    assert read_snapshot(store, TZ) == Snapshot() and read_week_views(store) == {}
    log = tmp_path / "access.log"
    log.write_text(line("192.0.2.1"))
    assert counts(ingest_files(store, [log], tz=TZ)) == (1, 1, 0, 0, 0, 0)
    assert read_snapshot(store, TZ).counted == 1


def test_a_store_whose_creation_was_interrupted_is_completed(store, tmp_path):
    store.parent.mkdir()
    with sqlite3.connect(store) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID")
    conn.close()
    assert read_snapshot(store, TZ) == Snapshot()  # not all its tables yet: no figures, no error
    log = tmp_path / "access.log"
    log.write_text(line("192.0.2.1"))
    assert counts(ingest_files(store, [log], tz=TZ)) == (1, 1, 0, 0, 0, 0)


# -- 4. a read-only store is read, and only ingest says it cannot write ------------------------------------

def test_readonly_connection_refuses_writes(store, tmp_path):
    """The readers' connection is opened read-only by SQLite itself: as root (for whom file modes mean
    nothing) a write through it still fails."""
    log = tmp_path / "access.log"
    log.write_text(line("192.0.2.1"))
    ingest_files(store, [log], tz=TZ)
    conn = open_readonly(store)
    try:
        with pytest.raises(sqlite3.OperationalError, match="attempt to write a readonly database"):
            conn.execute("UPDATE urls SET views = views + 1")
    finally:
        conn.close()


def _without_dac_override() -> None:
    """In the child, before exec: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set, so that
    root (these tests run as root, whom chmod alone does not stop) obeys file modes like any user."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def child(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Python in a child process that file modes bind (root without its override; any other user as is)."""
    preexec = _without_dac_override if os.geteuid() == 0 else None
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120, cwd=cwd,
                          preexec_fn=preexec, env=env)


@pytest.fixture
def readonly(tmp_path):
    """Make files and folders read-only (0444, 0555) for the test, writable again after it (pytest deletes
    tmp_path); skip if the file system would not refuse a child the writes anyway."""
    made: list[Path] = []

    def make(*paths: Path) -> None:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
            made.append(path)

    probe = tmp_path / "probe"
    probe.mkdir()
    make(probe)
    try:
        try:
            tried = child("-c", f"open({str(probe / 'x')!r}, 'w')")
        except OSError as error:  # no CAP_SETPCAP: cannot drop capabilities
            pytest.skip(f"cannot run a child that file modes bind: {error}")
        if tried.returncode == 0:
            pytest.skip("this user writes into a 0555 folder: a read-only store cannot be tested here")
        yield make
    finally:
        for path in made:
            path.chmod(0o755 if path.is_dir() else 0o644)


READ = """
import sys
from bantin.stats import read_snapshot, read_week_views
snapshot = read_snapshot(sys.argv[1], "Asia/Ho_Chi_Minh")
print(snapshot.counted, snapshot.online, sum(read_week_views(sys.argv[1]).values()) >= 0)
"""


def test_readonly_store_is_read_by_build_and_show_not_ingest(site, readonly):
    store = site / "data" / "stats.sqlite"
    log = site / "access.log"
    log.write_text(line("192.0.2.1") + line("192.0.2.2", target="/tin-tuc/b/"))
    assert run(site, "ingest", str(log)).exit_code == 0
    assert sorted(p.name for p in store.parent.iterdir()) == ["stats.sqlite"]  # closed cleanly: no -wal, -shm
    readonly(store, store.parent)  # mode=ro cannot create the -shm here: the readers fall back to immutable=1

    read = child("-c", READ, str(store))
    assert read.returncode == 0, read.stderr
    assert read.stdout.split() == ["2", "2", "True"]  # two views, both visitors in the last 5 minutes
    show = child("-m", "bantin.stats.cli", "show", "-f", str(site / "mkdocs.yml"), cwd=site)
    assert show.returncode == 0, show.stderr
    assert "All time (counted)  2" in show.stdout

    (site / "more.log").write_text(line("192.0.2.3", target="/tin-tuc/c/"))
    ingest = child("-m", "bantin.stats.cli", "ingest", "-f", str(site / "mkdocs.yml"), str(site / "more.log"),
                   cwd=site)
    assert ingest.returncode == 2, ingest.stderr
    assert "Traceback" not in ingest.stderr and ingest.stderr.count("\n") == 1
    assert "the statistics store is read-only here" in ingest.stderr
    assert sorted(p.name for p in store.parent.iterdir()) == ["stats.sqlite"]


@pytest.mark.parametrize("which", ["file", "folder"])
def test_readonly_file_or_folder(store, tmp_path, readonly, which):
    """Either one read-only is enough to stop an ingest (WAL mode writes -wal and -shm beside the file), and
    neither stops a read."""
    log = tmp_path / "access.log"
    log.write_text(line("192.0.2.1"))
    ingest_files(store, [log], tz=TZ)
    readonly(store if which == "file" else store.parent)
    read = child("-c", READ, str(store))
    assert read.returncode == 0, read.stderr
    assert read.stdout.split() == ["1", "1", "True"]
    code = ("import sys\nfrom bantin.stats import StatsError, ingest_files\ntry:\n"
            f"    ingest_files(sys.argv[1], [{str(log)!r}])\nexcept StatsError as e:\n    print(e)\n")
    ingest = child("-c", code, str(store))
    assert "the statistics store is read-only here" in ingest.stdout, ingest.stdout + ingest.stderr


def test_readonly_folder_with_a_wal_left_by_a_killed_ingest(store, tmp_path, readonly):
    """A -wal file without its -shm in a folder the reader cannot write: mode=ro cannot open the store, so it
    is read `immutable`, the main file alone: what the killed ingest left in the -wal is not seen (yet)."""
    first, second = tmp_path / "a.log", tmp_path / "b.log"
    first.write_text(line("192.0.2.1"))
    second.write_text(line("192.0.2.2", target="/tin-tuc/b/"))
    ingest_files(store, [first], tz=TZ)
    holder = sqlite3.connect(store)  # keeps the -wal from being checkpointed away when the ingest closes
    holder.execute("SELECT count(*) FROM meta").fetchone()
    try:
        ingest_files(store, [second], tz=TZ)
        left = tmp_path / "left"
        left.mkdir()
        for suffix in ("", "-wal"):  # what kill -9 leaves, less the -shm (say, the folder was copied without it)
            (left / f"s.sqlite{suffix}").write_bytes(Path(f"{store}{suffix}").read_bytes())
    finally:
        holder.close()
    assert (left / "s.sqlite-wal").stat().st_size > 0
    readonly(left / "s.sqlite", left / "s.sqlite-wal", left)
    read = child("-c", READ, str(left / "s.sqlite"))
    assert read.returncode == 0, read.stderr
    assert read.stdout.split()[0] == "1"  # the main file alone: the second ingest is only in the -wal


# -- the build reads through the same functions ----------------------------------------------------------

def test_build_with_a_wrong_store_fails_with_its_message(make_site, build_site, caplog):
    from mkdocs.exceptions import Abort

    config = make_site({"content/index.md": "# Trang chủ\n"}, {"stats": {"store": "data/stats.sqlite"}})
    store = config.parent / "data" / "stats.sqlite"
    store.parent.mkdir()
    _foreign(store)
    with pytest.raises(Abort):  # MkDocs logs the plugin's PluginError, then aborts
        build_site(config)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        f"bantin: statistics store: {store}: not a Bantin statistics store: it has table(s) invoices; "
        "check the `stats: store:` setting"]


def test_build_reads_a_readonly_store(make_site, readonly):
    config = make_site({"content/index.md": "# Trang chủ\n"}, {"stats": {"store": "data/stats.sqlite"}})
    store = config.parent / "data" / "stats.sqlite"
    log = config.parent / "access.log"
    log.write_text(line("192.0.2.1", target="/") + line("192.0.2.2", target="/"))
    ingest_files(store, [log], tz=TZ)
    readonly(store, store.parent)
    built = child("-m", "mkdocs", "build", "-q", "-f", str(config), cwd=config.parent)
    assert built.returncode == 0, built.stderr
    document = json.loads((config.parent / "site" / "stats.json").read_text(encoding="utf-8"))
    assert document["site"]["all_time"] == 2
