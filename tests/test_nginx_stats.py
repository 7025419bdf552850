"""Views counted end to end through a real nginx: build, serve, request as readers and robots do, ingest
nginx's own access log, rebuild (and `stats publish`), then read the numbers back through nginx.

The site is served with deploy/nginx.conf (tests/nginx.py replaces its listen, root and access_log lines),
so the same run checks what that sample promises: gzip, Cache-Control, the 404 page.

Every request made by the test itself to check a page (`look`) uses curl's user agent: it lands in the
access log like any other request, and the next ingest reports it as a robot; the expected reports count it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
from conftest import BUILD_PY, article, write_site
from nginx import Nginx, serve

pytest_plugins = ["nginx"]  # the `nginx` marker on every test here (see tests/nginx.py)

CHROME_ANDROID = ("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/124.0.6367.113 Mobile Safari/537.36")
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0"
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/17.4 Mobile/15E148 Safari/604.1")
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
CURL = "curl/8.5.0"
BROWSER_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    "Accept-Language": "vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7",
    "Accept-Encoding": "gzip, deflate",
}

LE_HOI = "tin-tuc/2024/le-hoi-hai-che/"
LICH_TIEP = "tin-tuc/2024/lich-tiep-cong-dan/"
TUYEN_DUNG = "tin-tuc/2024/thong-bao-tuyen-dung/"
FRONT_MATTER_VIEWS = {LE_HOI: 1234, LICH_TIEP: 999, TUYEN_DUNG: 7}
VIEWS_BASELINE = 1_000_000  # + 2 240 from the front-matter: "Tất cả" starts at 1.002.240

FILES = {
    "content/index.md": "Chào mừng bạn đến với Cổng thông tin điện tử thị xã Mây Ngàn.\n",
    "content/tin-tuc/2024/le-hoi-hai-che.md": article(
        "Sáng 12/3, thị xã khai mạc lễ hội Hái chè xuân.", title="Khai mạc lễ hội Hái chè xuân",
        date="12/03/2024 08:00", author="Hoàng Thị Lan", category="Văn hóa", views=FRONT_MATTER_VIEWS[LE_HOI]),
    "content/tin-tuc/2024/lich-tiep-cong-dan.md": article(
        "Lịch tiếp công dân định kỳ tháng 3.", title="Lịch tiếp công dân tháng 3", date="05/03/2024 07:30",
        author="Văn phòng HĐND - UBND", category="Thông báo", views=FRONT_MATTER_VIEWS[LICH_TIEP]),
    "content/tin-tuc/2024/thong-bao-tuyen-dung.md": article(
        "Thông báo tuyển dụng viên chức năm 2024.", title="Thông báo tuyển dụng viên chức", date="01/03/2024 09:00",
        author="Phòng Nội vụ", category="Thông báo", views=FRONT_MATTER_VIEWS[TUYEN_DUNG]),
}
STORE = "stats/bantin.sqlite"


def timezone_far_from_midnight() -> str:
    """A site time zone in which it is about noon now.

    "Today", the visitor hash and the 30-minute dedupe all turn on the local day; with the local time near
    noon, the few seconds this test takes can never straddle midnight, whenever it runs. ("Etc/GMT-7" is
    UTC+7: POSIX signs are inverted.)
    """
    offset = 12 - dt.datetime.now(dt.timezone.utc).hour  # -11 … +12
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


def bantin(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`python build.py …` from the site's folder, as an editor or a cron job runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(BUILD_PY), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def ok(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, f"{result.args} exited {result.returncode}:\n{result.stdout}{result.stderr}"
    return result.stdout.splitlines()


def figures(page: lxml.html.HtmlElement) -> dict[str, str]:
    """The "Thống kê truy cập" box as a reader sees it: online, today, week, all_time."""
    return {el.get("data-bantin-stat"): el.text_content().strip() for el in page.xpath("//*[@data-bantin-stat]")}


def views_shown(page: lxml.html.HtmlElement) -> dict[str, set[str]]:
    """Every views figure on a page (the article's own and the "Đọc nhiều nhất" box), by article URL."""
    shown: dict[str, set[str]] = {}
    for el in page.xpath("//*[@data-bantin-views]"):
        shown.setdefault(el.get("data-bantin-views"), set()).add(el.text_content().strip())
    return shown


def article_views(page: lxml.html.HtmlElement) -> str:
    """The "Lượt xem: N" line under the article's title."""
    (line,) = page.xpath('//header[@class="bantin-article-header"]//span[@class="bantin-views"]')
    return " ".join(line.text_content().split())


NOT_MEASURED = "chưa có số liệu"  # in words, on a line hidden until stats.json brings a number


def test_views_from_nginx_access_log(nginx_tmp):
    portal = nginx_tmp / "portal"
    plugin = {"timezone": timezone_far_from_midnight(), "views_baseline": VIEWS_BASELINE, "stats": {"store": STORE}}
    write_site(portal, FILES, plugin)
    site = portal / "site"
    built = ok(bantin(portal, "build"))
    assert built[-1].startswith("3 bài viết, ") and built[-1].endswith(f" → {site}")

    with serve(site, nginx_tmp / "nginx") as server:
        looks = 0

        def look(path: str):
            """The test's own check of a page, as curl: 200, and one more robot line in the log."""
            nonlocal looks
            looks += 1
            response = server.get(path, user_agent=CURL)
            assert response.status == 200, (path, response.status)
            return response

        def page(path: str) -> lxml.html.HtmlElement:
            return lxml.html.fromstring(look(path).body)

        # Before any ingest: the front-matter views, and nothing measured yet.
        before = page(LE_HOI)  # look 1
        assert article_views(before) == "Lượt xem: 1.234"
        assert views_shown(before) == {LE_HOI: {"1.234"}, LICH_TIEP: {"999"}, TUYEN_DUNG: {"7"}}
        assert figures(before) == {"online": NOT_MEASURED, "today": NOT_MEASURED, "week": NOT_MEASURED,
                                   "all_time": "1.002.240"}

        requests = _readers_and_robots(server, site)
        assert looks == 1
        lines = server.wait_for_log(looks + len(requests))
        # nginx writes a line once it has answered, so two quick requests may be logged in either order.
        assert sorted(map(_agent_and_status, lines[looks:])) == sorted((agent, status) for agent, _, status in requests)

        # Ingest nginx's own log: what the reader requests above come to, line by line.
        log = str(server.access_log)
        first = ok(bantin(portal, "stats", "ingest", log))
        report = "16 read, 6 counted, 4 bots, 0 malformed, 3 duplicate, 3 skipped"
        assert first[0] == f"{log} (combined): {report}"
        assert re.fullmatch(re.escape(report) + r" in \d+\.\d s → " + re.escape(STORE), first[1]), first
        assert len(first) == 2

        # The same log again, nothing new in it: nothing counted twice.
        again = ok(bantin(portal, "stats", "ingest", log))
        assert again[0] == f"{log} (combined): 0 read, 0 counted, 0 bots, 0 malformed, 0 duplicate, 0 skipped"
        assert again[1] == "  already read (16 lines): nothing new"
        assert again[2].startswith("0 read, 0 counted, 0 bots, 0 malformed, 0 duplicate, 0 skipped in ")

        shown = ok(bantin(portal, "stats", "show"))
        assert shown[2:6] == ["Online now          2", "Today               6", "This week           6",
                              "All time (counted)  6"]

        # `stats publish`: stats.json is rewritten in place, the pages keep the figures they were built with.
        published = ok(bantin(portal, "stats", "publish", str(site)))
        assert re.fullmatch(re.escape(f"{site / 'stats.json'}: all time 1,002,246, today 6, online 2, "
                                      "article views in 1 file (") + r"\d+\.\d s\)", published[0]), published
        live = look("stats.json")  # look 2
        assert live.headers["cache-control"] == "no-cache"
        assert live.headers["content-type"].startswith("application/json")
        stats = json.loads(live.body)
        assert stats["site"] == {"online": 2, "today": 6, "week": 6, "all_time": 1_002_246}
        assert stats["views"] == {LE_HOI: 1236, LICH_TIEP: 1000, TUYEN_DUNG: 8}  # all in the sidebar
        shard = json.loads(look("stats/v/0.json").body)  # look 3: what an article page fetches for its own count
        assert shard == stats["views"]
        still = page(LE_HOI)  # look 4
        assert article_views(still) == "Lượt xem: 1.234"
        assert figures(still)["all_time"] == "1.002.240"

        # A rebuild bakes the counted views into every page.
        ok(bantin(portal, "build"))
        rebuilt = page(LE_HOI)  # look 5
        assert article_views(rebuilt) == "Lượt xem: 1.236"
        assert views_shown(rebuilt) == {LE_HOI: {"1.236"}, LICH_TIEP: {"1.000"}, TUYEN_DUNG: {"8"}}
        assert figures(rebuilt) == {"online": "2", "today": "6", "week": "6", "all_time": "1.002.246"}
        assert article_views(page(LICH_TIEP)) == "Lượt xem: 1.000"  # look 6
        home = page("")  # look 7
        assert figures(home) == figures(rebuilt)
        baked = json.loads(look("stats.json").body)  # look 8
        assert baked["site"] == stats["site"] and baked["views"] == stats["views"]

        # More requests appended to the same log: only they are read, and counted by the same rules.
        more = [
            (SAFARI_IPHONE, TUYEN_DUNG, 200),  # a third reader: counted
            (CHROME_ANDROID, LE_HOI, 200),  # the first reader again, minutes after: duplicate of the last run's view
            (FIREFOX_WINDOWS, LICH_TIEP, 200),  # the second reader, a page new to them: counted
            (BINGBOT, LE_HOI, 200),  # robot
        ]
        for agent, path, status in more:
            assert server.get(path, user_agent=agent, headers=BROWSER_HEADERS).status == status
        assert looks == 8
        server.wait_for_log(16 + looks - 1 + len(more))
        second = ok(bantin(portal, "stats", "ingest", log))
        report = "11 read, 2 counted, 8 bots, 0 malformed, 1 duplicate, 0 skipped"
        assert second[0] == f"{log} (combined): {report}", second
        assert second[1].startswith(f"{report} in "), second

        published = ok(bantin(portal, "stats", "publish", str(site)))
        assert ": all time 1,002,248, today 8, online 3, article views in 1 file (" in published[0], published
        stats = json.loads(look("stats.json").body)  # look 9
        assert stats["site"] == {"online": 3, "today": 8, "week": 8, "all_time": 1_002_248}
        assert stats["views"] == {LE_HOI: 1236, LICH_TIEP: 1001, TUYEN_DUNG: 9}

        ok(bantin(portal, "build"))
        final = page(LE_HOI)  # look 10
        assert article_views(final) == "Lượt xem: 1.236"
        assert views_shown(final) == {LE_HOI: {"1.236"}, LICH_TIEP: {"1.001"}, TUYEN_DUNG: {"9"}}
        assert figures(final) == {"online": "3", "today": "8", "week": "8", "all_time": "1.002.248"}


def _readers_and_robots(server: Nginx, site: Path) -> list[tuple[str, str, int]]:
    """The requests whose log lines the first ingest reads: (user agent, path, status), each checked as made.

    Expected, by the rules in bantin/stats/ingest.py: 6 counted, 3 duplicate, 3 skipped, 3 robots.
    """
    made: list[tuple[str, str, int]] = []

    def get(agent: str, path: str, status: int, headers=None):
        response = server.get(path, user_agent=agent, headers={**BROWSER_HEADERS, **(headers or {})})
        assert response.status == status, (agent, path, response.status)
        made.append((agent, path, status))
        return response

    # Reader 1, a phone.
    home = get(CHROME_ANDROID, "", 200)  # counted (home)
    assert home.encoding == "gzip" and home.headers["vary"] == "Accept-Encoding"  # deploy/nginx.conf: gzip on
    assert home.headers["cache-control"] == "no-cache"
    assert home.body.rstrip().endswith(b"</html>")
    get(CHROME_ANDROID, LE_HOI, 200)  # counted
    get(CHROME_ANDROID, LE_HOI, 200)  # a reload: duplicate
    get(CHROME_ANDROID, LE_HOI + "?utm_source=zalo&utm_medium=social", 200)  # same page: duplicate
    get(CHROME_ANDROID, LE_HOI + "index.html", 200)  # same page: duplicate
    get(CHROME_ANDROID, LICH_TIEP, 200)  # counted
    css = next(p.name for p in (site / "assets" / "stylesheets").glob("main.*.min.css"))
    asset = get(CHROME_ANDROID, f"assets/stylesheets/{css}", 200)  # not a page: skipped
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    live = get(CHROME_ANDROID, "stats.json", 200)  # what the widget's script fetches: skipped
    assert live.headers["cache-control"] == "no-cache"
    missing = get(CHROME_ANDROID, "tin-tuc/2024/khong-co-bai-nay/", 404)  # error: skipped
    assert missing.body == (site / "404.html").read_bytes()  # error_page 404 /404.html

    # Reader 2, same address (127.0.0.1), another browser: another visitor.
    get(FIREFOX_WINDOWS, LE_HOI, 200)  # counted
    get(FIREFOX_WINDOWS, TUYEN_DUNG, 200)  # counted
    # The home page, already in this browser's cache: 304 Not Modified, a view all the same (COUNTER).
    get(FIREFOX_WINDOWS, "", 304, {"If-Modified-Since": home.headers["last-modified"],
                                   "If-None-Match": home.headers["etag"]})  # counted

    # Robots and command-line clients, whatever they ask for.
    get(GOOGLEBOT, LE_HOI, 200)
    get(GOOGLEBOT, TUYEN_DUNG, 200)
    get(CURL, LICH_TIEP, 200)
    return made


_LINE = re.compile(r'^127\.0\.0\.1 - - \[[^]]+\] "[^"]*" (\d{3}) \S+ "[^"]*" "([^"]*)"$')


def _agent_and_status(line: str) -> tuple[str, int]:
    match = _LINE.match(line)
    assert match, f"not a combined log line: {line}"
    return match.group(2), int(match.group(1))
