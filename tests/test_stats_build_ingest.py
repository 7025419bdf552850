"""`stats: logs:` in mkdocs.yml: each build ingests the logs before it reads the store; and the
"Thống kê truy cập" box, which says in words what is not measured yet.

Fixture sites built in-process with SOURCE_DATE_EPOCH fixing "now" (Wednesday 08/05/2024 12:00, +0700), their
logs written into tmp_path; the live script is run in chromium against a served copy of a built site.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import sqlite3
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from bantin.catalog import Snapshot
from conftest import article, build_site, parse_html

from test_stats_cli import CHROME, GOOGLEBOT
from test_stats_hardening import child, readonly  # noqa: F401  (readonly: the fixture)

pytest_plugins = ["browser"]

TZ = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2024, 5, 8, 12, 0, tzinfo=TZ)  # a Wednesday: the week began on Monday 06/05
FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
LE_HOI, GIAM_NGHEO = "tin-tuc/2024/le-hoi/", "tin-tuc/2024/giam-ngheo/"
BASELINE = 1000 + 120 + 30  # views_baseline + the articles' front-matter views
FILES = {
    "content/index.md": "# Trang chủ\n",
    "content/tin-tuc/2024/le-hoi.md": article(title="Lễ hội Hái chè", date="02/05/2024 08:00", author="Ban biên tập",
                                             category="Văn hóa", views=120),
    "content/tin-tuc/2024/giam-ngheo.md": article(title="Giảm nghèo bền vững", date="01/05/2024 08:00",
                                                 author="Ban biên tập", category="Kinh tế", views=30),
}


def line(ip: str, when: dt.datetime, target: str = "/" + LE_HOI, agent: str = CHROME, status: int = 200) -> str:
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S +0700")
    return f'{ip} - - [{stamp}] "GET {target} HTTP/1.1" {status} 18432 "-" "{agent}"\n'


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 5, day, hour, minute, tzinfo=TZ)


# 6 views counted: 2 today (one of them in the last 5 minutes up to the newest request), 4 this week, 6 in all;
# besides them a robot, a 404, an asset, a reload within the window and a broken line, none counted.
LOG = "".join([
    line("192.0.2.10", at(1, 9)),  # last week
    line("192.0.2.11", at(1, 10), "/" + GIAM_NGHEO),
    line("192.0.2.12", at(6, 8)),  # Monday
    line("192.0.2.12", at(6, 8, 10)),  # the same reader again within 30 minutes: once
    line("192.0.2.13", at(7, 20), "/" + GIAM_NGHEO),
    line("198.51.100.7", at(7, 21), "/", GOOGLEBOT),  # a robot
    "198.51.100.8 - - [07/May/2024:21:05:00 +0700] \"GET /tin-tuc/2024/le-h",  # cut off: malformed
    "\n",
    line("203.0.113.5", at(8, 9), "/wp-login.php", status=404),
    line("203.0.113.6", at(8, 9, 30), "/assets/bantin/bantin.css"),
    line("203.0.113.6", at(8, 9, 30), "/"),  # today
    line("203.0.113.7", at(8, 11, 58), "/" + LE_HOI, FIREFOX),  # today, online
])


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))


def make(root: Path, logs=("logs/access.log",), files=FILES, language: str = "vi", **plugin) -> Path:
    from conftest import write_site

    stats = {"store": "data/stats.sqlite", **({"logs": list(logs)} if logs is not None else {})}
    config = write_site(root, files, {"views_baseline": 1000, "stats": stats, **plugin})
    if language != "vi":
        text = config.read_text(encoding="utf-8").replace("language: vi", f"language: {language}")
        config.write_text(text, encoding="utf-8")
    return config


def write_log(config: Path, text: str = LOG, name: str = "logs/access.log") -> Path:
    path = config.parent / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def stats_json(site: Path) -> dict:
    return json.loads((site / "stats.json").read_text(encoding="utf-8"))


def box(site: Path, url: str = "") -> dict[str, object]:
    """The box as a reader sees it: its visible lines, and each figure's words by key (hidden or not)."""
    (section,) = parse_html(site / url / "index.html").xpath("//section[contains(@class, 'bantin-stats')]")
    lines = [" ".join(li.text_content().split()) for li in section.xpath(".//li[not(@hidden)]")]
    figures = {el.get("data-bantin-stat"): el.text_content().strip() for el in section.xpath(".//*[@data-bantin-stat]")}
    return {"lines": lines, "figures": figures}


def views_in_store(config: Path) -> int:
    with sqlite3.connect(config.parent / "data" / "stats.sqlite") as conn:
        count = conn.execute("SELECT count(*) FROM views").fetchone()[0]
    conn.close()
    return count


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def bantin_messages(caplog, level: str = "WARNING") -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.bantin" and r.levelname == level]


# -- the logs counted at build -----------------------------------------------------------------------------------

def test_the_build_counts_its_logs_and_shows_the_figures(tmp_path, caplog):
    config = make(tmp_path / "portal")
    write_log(config)
    caplog.set_level(logging.INFO)
    site = build_site(config, strict=True)  # a malformed line is counted and passed: no warning
    assert stats_json(site)["site"] == {"online": 1, "today": 2, "week": 4, "all_time": BASELINE + 6}
    assert stats_json(site)["views"] == {GIAM_NGHEO: 30 + 2, LE_HOI: 120 + 3}
    shown = {"lines": ["Đang online: 1", "Hôm nay: 2", "Trong tuần: 4", "Tất cả: 1.156"],
             "figures": {"online": "1", "today": "2", "week": "4", "all_time": "1.156"}}
    assert box(site) == shown and box(site, LE_HOI) == shown
    assert bantin_messages(caplog) == []
    assert bantin_messages(caplog, "INFO") == [
        "bantin: stats: logs/access.log (combined): 11 read, 6 counted, 1 bots, 1 malformed, 1 duplicate, 2 skipped"]


def test_a_second_build_counts_nothing_twice_and_writes_the_same_bytes(tmp_path):
    config = make(tmp_path / "portal")
    write_log(config)
    site = build_site(config)
    first = tree(site)
    assert views_in_store(config) == 6
    build_site(config)
    assert views_in_store(config) == 6
    assert tree(site) == first


def test_lines_added_since_the_last_build_are_the_only_ones_read(tmp_path, caplog):
    config = make(tmp_path / "portal")
    log = write_log(config)
    build_site(config)
    with log.open("a", encoding="utf-8") as stream:
        stream.write(line("192.0.2.10", at(8, 11, 59), "/" + GIAM_NGHEO))  # a reader of last week, today
    caplog.set_level(logging.INFO)
    site = build_site(config)
    assert bantin_messages(caplog, "INFO") == [
        "bantin: stats: logs/access.log (combined): 1 read, 1 counted, 0 bots, 0 malformed, 0 duplicate, 0 skipped"]
    assert stats_json(site)["site"] == {"online": 2, "today": 3, "week": 5, "all_time": BASELINE + 7}


def test_a_cold_build_with_a_new_store_writes_what_the_warm_one_writes(tmp_path):
    """The store is the only state: a fresh one fed the same log gives the same figures (its salt is new)."""
    warm = make(tmp_path / "warm")
    write_log(warm)
    build_site(warm)
    build_site(warm)
    cold = make(tmp_path / "cold")
    write_log(cold)
    assert tree(build_site(cold)) == tree(warm.parent / "site")


def test_globs_take_rotated_copies_and_count_each_request_once(tmp_path, caplog):
    config = make(tmp_path / "portal", logs=["logs/access.log*", "logs/access.log", "logs/old-*.log"])
    lines = LOG.splitlines(keepends=True)
    write_log(config, "".join(lines[6:]))  # the live log, since it was rotated
    with gzip.open(config.parent / "logs" / "access.log.1.gz", "wt", encoding="utf-8") as rotated:
        rotated.write("".join(lines[:6]))  # what it held before, compressed by logrotate
    caplog.set_level(logging.INFO)
    site = build_site(config, strict=True)  # `logs/old-*.log` matches nothing: no warning
    assert stats_json(site)["site"]["all_time"] == BASELINE + 6
    assert views_in_store(config) == 6
    assert "bantin: stats: logs: logs/old-*.log: no file matches (yet)" in bantin_messages(caplog, "INFO")


def test_a_goatcounter_export_is_read_as_by_stats_ingest(tmp_path):
    config = make(tmp_path / "portal", logs=["exports/*.csv"])
    write_log(config, "2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,"
                      "Location,FirstVisit,Date\n"
                      f"/{LE_HOI},Lễ hội,false,,Chrome 124,Windows 10,s1,0,,,,VN,true,2024-05-08T03:00:00Z\n"
                      f"/{LE_HOI},Lễ hội,false,,Chrome 124,Android,s2,0,,,,VN,true,2024-05-08T04:00:00Z\n",
              "exports/goatcounter.csv")
    site = build_site(config)
    assert stats_json(site)["site"] == {"online": 1, "today": 2, "week": 2, "all_time": BASELINE + 2}


# -- what goes wrong ---------------------------------------------------------------------------------------------

def test_a_missing_log_is_a_warning_naming_it(tmp_path, caplog):
    config = make(tmp_path / "portal", logs=["logs/access.log", "logs/gone.log"])
    write_log(config)
    site = build_site(config)
    assert bantin_messages(caplog) == ["bantin: stats: logs: logs/gone.log: no such file; nothing counted from it"]
    assert stats_json(site)["site"]["all_time"] == BASELINE + 6  # the other log is counted


def test_a_missing_log_fails_a_strict_build_as_any_warning_does(tmp_path, caplog):
    config = make(tmp_path / "portal", logs=["logs/gone.log"])
    with pytest.raises(Abort, match="strict"):
        build_site(config, strict=True)
    assert bantin_messages(caplog) == ["bantin: stats: logs: logs/gone.log: no such file; nothing counted from it"]


def test_build_py_fails_on_a_missing_log(tmp_path):
    from conftest import BUILD_PY

    config = make(tmp_path / "portal", logs=["logs/gone.log"])
    built = child(str(BUILD_PY), "build", "-f", str(config), cwd=config.parent)
    assert built.returncode != 0
    assert "logs/gone.log: no such file" in built.stderr


def test_a_folder_named_as_a_log_is_a_warning(tmp_path, caplog):
    config = make(tmp_path / "portal", logs=["logs"])
    write_log(config)
    build_site(config)
    assert bantin_messages(caplog) == ["bantin: stats: logs: logs: is a folder; name the log files (a pattern such "
                                       "as logs/*.log will do); nothing counted from it"]


def test_a_store_the_build_cannot_write_is_a_warning_and_its_figures_are_shown(tmp_path, readonly):
    config = make(tmp_path / "portal")
    log = write_log(config)
    build_site(config)  # counts the log into the store
    with log.open("a", encoding="utf-8") as stream:
        stream.write(line("192.0.2.99", at(8, 11, 59)))
    store = config.parent / "data" / "stats.sqlite"
    readonly(store, store.parent)
    built = child("-m", "mkdocs", "build", "-f", str(config), cwd=config.parent)
    assert built.returncode == 0, built.stderr
    assert "bantin: stats: logs: ingest stopped: " in built.stderr and "read-only" in built.stderr
    assert stats_json(config.parent / "site")["site"]["all_time"] == BASELINE + 6


# -- the box in words --------------------------------------------------------------------------------------------

def test_nothing_counted_yet_is_said_in_a_sentence(tmp_path):
    site = build_site(make(tmp_path / "portal", logs=None))
    assert box(site) == {"lines": ["Chưa có số liệu truy cập.", "Tất cả: 1.150"],
                         "figures": {"online": "chưa có số liệu", "today": "chưa có số liệu",
                                     "week": "chưa có số liệu", "all_time": "1.150"}}
    assert stats_json(site)["site"] == {"online": None, "today": None, "week": None, "all_time": BASELINE}


def test_nothing_counted_and_nothing_carried_over_is_the_sentence_alone(tmp_path):
    files = {"content/index.md": "# Home\n"}
    site = build_site(make(tmp_path / "portal", logs=None, files=files, language="en", views_baseline=0))
    assert box(site) == {"lines": ["No visits counted yet."],
                         "figures": {"online": "not measured yet", "today": "not measured yet",
                                     "week": "not measured yet", "all_time": "0"}}


def test_a_figure_not_measured_reads_as_words(tmp_path, monkeypatch):
    import bantin.stats

    monkeypatch.setattr(bantin.stats, "read_snapshot", lambda *args, **kwargs: Snapshot(today=5, week=7, counted=9))
    site = build_site(make(tmp_path / "portal", logs=None))
    assert box(site)["lines"] == ["Đang online: chưa có số liệu", "Hôm nay: 5", "Trong tuần: 7", "Tất cả: 1.159"]


@pytest.mark.parametrize("published, expected", [
    # nothing measured since the build either: the page stays as it was
    ({"online": None, "today": None, "week": None, "all_time": BASELINE},
     ["Chưa có số liệu truy cập.", "Tất cả: 1.150"]),
    # `stats publish` after the first ingest: the figures come, the sentence goes
    ({"online": 1, "today": 2, "week": 4, "all_time": BASELINE + 6},
     ["Đang online: 1", "Hôm nay: 2", "Trong tuần: 4", "Tất cả: 1.156"]),
])
def test_the_live_script_fills_a_box_built_before_anything_was_counted(tmp_path, published, expected):
    from browser import chromium, serve

    site = build_site(make(tmp_path / "portal", logs=None))
    document = stats_json(site)
    document["site"] = published
    (site / "stats.json").write_text(json.dumps(document), encoding="utf-8")
    with serve(site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + LE_HOI)
        page.wait_for_load_state("networkidle")
        seen = page.locator(".bantin-stats li:visible").all_inner_texts()
    assert [" ".join(text.split()) for text in seen] == expected


# -- the sample portal's log -------------------------------------------------------------------------------------

def test_the_sample_log_is_up_to_date_and_made_of_documentation_addresses(tmp_path):
    import ipaddress

    from bantin.stats import ingest_files
    from conftest import REPO

    made = child(str(REPO / "tools" / "make_sample_log.py"), "--check")
    assert made.returncode == 0, made.stderr
    log = REPO / "stats" / "sample-access.log"
    ranges = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]
    clients = {text.split(" ", 1)[0] for text in log.read_text(encoding="utf-8").splitlines()}
    assert all(any(ipaddress.ip_address(c) in net for net in ranges) for c in clients), clients
    totals = ingest_files(tmp_path / "s.sqlite", [log]).totals
    assert 300 <= totals.read <= 1000 and totals.malformed == 0
    assert totals.counted > 100 and totals.bots > 20 and totals.skipped > 0 and totals.duplicate > 0
