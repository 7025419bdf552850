"""The `stats` commands, and an ingest killed (kill -9) in the middle of a transaction."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bantin.stats.cli import stats

DATA = Path(__file__).parent / "data"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/124.0.0.0 Safari/537.36")
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"

MKDOCS_YML = """\
site_name: Thị xã Mây Ngàn
site_url: https://mayngan.example.vn/
docs_dir: content
theme:
  name: material
  language: vi
plugins:
  - bantin:
      stats:
        store: data/stats.sqlite
        window_minutes: 30
"""


@pytest.fixture
def site(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return tmp_path


def run(site, *args):
    result = CliRunner().invoke(stats, [args[0], "-f", str(site / "mkdocs.yml"), *args[1:]])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_ingest_and_show(site):
    result = run(site, "ingest", str(DATA / "nginx_access.log"), str(DATA / "goatcounter_export.csv"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{DATA / 'nginx_access.log'} (combined): 15 read, 5 counted, 3 bots, 0 malformed, 1 duplicate, 6 skipped"
    assert lines[1] == (f"{DATA / 'goatcounter_export.csv'} (goatcounter): "
                        "9 read, 4 counted, 1 bots, 1 malformed, 1 duplicate, 2 skipped")
    assert lines[2].startswith("24 read, 9 counted, 4 bots, 1 malformed, 2 duplicate, 8 skipped in ")
    assert (site / "data" / "stats.sqlite").is_file()

    again = run(site, "ingest", str(DATA / "nginx_access.log"))
    assert again.exit_code == 0
    assert again.output.splitlines()[1] == "  already read (15 lines): nothing new"

    shown = run(site, "show")
    assert shown.exit_code == 0
    assert shown.output.splitlines()[1:] == [
        "",
        "Online now          1",
        "Today               0",
        "This week           0",
        "All time (counted)  9",
        "",
        "#  Views  URL",
        "1      5  /tin-tuc/2024/le-khai-giang/",
        "2      2  /",
        "3      1  /chuyen-muc/thong-bao/",
        "4      1  /tin-tuc/2024/ho-nghi/",
    ]
    assert shown.output.splitlines()[0].endswith("newest request 2024-05-06 08:42 (Asia/Ho_Chi_Minh)")


def test_format_option(site):
    result = run(site, "ingest", "--format", "combined", str(DATA / "goatcounter_export.csv"))
    assert result.exit_code == 0
    assert "12 read, 0 counted, 0 bots, 12 malformed" in result.output
    assert run(site, "ingest", "--format", "w3c", str(DATA / "nginx_access.log")).exit_code == 2


def test_show_before_any_ingest(site):
    result = run(site, "show")
    assert result.exit_code == 0
    assert result.output.startswith("No statistics yet in ")


def test_environment_errors_exit_2(site, tmp_path):
    missing = run(site, "ingest", str(DATA / "nginx_access.log"), str(tmp_path / "nope.log"))
    assert missing.exit_code == 2
    assert "nope.log: cannot read: No such file or directory" in missing.output
    assert not (site / "data" / "stats.sqlite").exists()  # nothing was ingested
    assert run(site, "publish", str(tmp_path / "site")).exit_code == 2
    (site / "mkdocs.yml").write_text("site_name: x\ndocs_dir: content\n")
    assert run(site, "show").exit_code == 2  # not a Bantin site
    result = CliRunner().invoke(stats, ["show", "-f", str(tmp_path / "nope.yml")])
    assert result.exit_code == 2


def test_malformed_lines_are_not_fatal(site):
    result = run(site, "ingest", str(DATA / "edge_access.log"))
    assert result.exit_code == 0
    assert "6 read, 2 counted, 0 bots, 3 malformed, 0 duplicate, 1 skipped" in result.output


def test_publish(site):
    from bantin.catalog import Snapshot
    from bantin.stats import write_stats_json

    out = site / "site"
    out.mkdir()
    write_stats_json(out, Snapshot(), {"tin-tuc/2024/le-khai-giang/": 100, "tin-tuc/2024/khac/": 3}, 1103,
                     "2024-05-06T00:00:00+07:00", ["tin-tuc/2024/le-khai-giang/"])
    run(site, "ingest", str(DATA / "nginx_access.log"))
    result = run(site, "publish", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{out / 'stats.json'}: all time 1,108, today ")
    assert ", article views in 1 file (" in result.output
    document = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert document["views"] == {"tin-tuc/2024/le-khai-giang/": 103}
    assert document["site"]["all_time"] == 1108 and document["site"]["online"] == 1
    assert json.loads((out / "stats" / "v" / "0.json").read_text(encoding="utf-8")) == {
        "tin-tuc/2024/le-khai-giang/": 103, "tin-tuc/2024/khac/": 3}


# -- kill -9 in the middle ---------------------------------------------------------------------------------

LINES, BATCH = 100, 7


def _crash_log(path: Path) -> None:
    """Every tenth line a robot; every other line a view of a distinct visitor: the first n lines hold
    n - n // 10 views."""
    with path.open("w") as out:
        for i in range(LINES):
            agent = GOOGLEBOT if i % 10 == 9 else CHROME
            out.write(f'10.0.{i // 256}.{i % 256} - - [06/May/2024:08:{i // 60:02d}:{i % 60:02d} +0700] '
                      f'"GET /tin-tuc/p{i % 7}/ HTTP/1.1" 200 512 "-" "{agent}"\n')


def _state(store: Path) -> tuple[int, int, int, int]:
    """(lines in the cursor, view rows, sum of per-URL totals, robots in the cursor), in one read."""
    conn = sqlite3.connect(f"{store.as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("BEGIN")
        cursor = conn.execute("SELECT lines, bots FROM cursors").fetchone() or (0, 0)
        view_rows = conn.execute("SELECT count(*) FROM views").fetchone()[0]
        totals = conn.execute("SELECT coalesce(sum(views), 0) FROM urls").fetchone()[0]
        return cursor[0], view_rows, totals, cursor[1]
    finally:
        conn.close()


def test_kill_9_mid_ingest_then_rerun_counts_exactly(site):
    log = site / "access.log"
    _crash_log(log)
    store = site / "data" / "stats.sqlite"
    # --batch-pause waits inside each batch's transaction: the kill lands in the middle of one
    proc = subprocess.Popen([sys.executable, "-m", "bantin.stats.cli", "ingest", "-f", str(site / "mkdocs.yml"),
                             str(log), "--batch-size", str(BATCH), "--batch-pause", "0.2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if store.exists():
                try:
                    if _state(store)[0] >= 3 * BATCH:
                        break
                except sqlite3.OperationalError:  # the schema is being created
                    pass
            time.sleep(0.02)
        else:
            pytest.fail("the ingest did not get going")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    lines, view_rows, totals, bots = _state(store)
    assert lines % BATCH == 0 and 3 * BATCH <= lines < LINES  # whole batches only
    assert view_rows == totals == lines - lines // 10
    assert bots == lines // 10
    assert sqlite3.connect(store).execute("PRAGMA integrity_check").fetchone() == ("ok",)

    result = subprocess.run([sys.executable, "-m", "bantin.stats.cli", "ingest", "-f", str(site / "mkdocs.yml"),
                             str(log)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    rest = LINES - lines
    skipped_bots = LINES // 10 - lines // 10
    assert result.stdout.splitlines()[0].endswith(
        f"(combined): {rest} read, {rest - skipped_bots} counted, {skipped_bots} bots, 0 malformed, "
        "0 duplicate, 0 skipped")
    assert _state(store) == (LINES, 90, 90, 10)
