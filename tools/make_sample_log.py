#!/usr/bin/env python3
"""(Re)generate ``stats/sample-access.log``: an nginx access log of the sample portal, in the combined format.

The sample's mkdocs.yml names it under ``stats: logs:``, so every build ingests it and the "Thống kê truy cập"
box shows figures out of the box. The log is made up, and looks like a quiet district portal's: two weeks of
readers (19/11/2026 to the morning of 02/12/2026, +0700), most of them on phones, arriving from Google,
Facebook or Zalo on the home page or on an article, reading one to four pages, the browser fetching the
theme's files once and ``stats.json`` on every page; some reloads (304), a search, document downloads; and
what a real log also holds: search-engine and SEO robots, an uptime monitor, ``curl``, a draft's address
and old links answered 404, and scanners probing for WordPress or an ``.env`` file.

Pages are the sample's own: articles from ``content/tin-tuc`` (drafts left out: their address is a 404),
their categories, documents of ``content/van-ban`` and their files. Every client address is in the ranges
kept for documentation (RFC 5737: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24).

The output is deterministic (a fixed seed, sorted input, fixed dates): running the script twice writes the
same bytes, and the same content gives the same log.

Usage (from the repository root; standard library, PyYAML and the bantin package of this checkout):

    python tools/make_sample_log.py             # write stats/sample-access.log
    python tools/make_sample_log.py --check     # write nothing; exit 1 if the file differs from what it would write
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from bantin.urls import slug  # noqa: E402

OUTPUT = ROOT / "stats" / "sample-access.log"
SITE = "https://mayngan.example.vn"
TZ = dt.timezone(dt.timedelta(hours=7))
FIRST_DAY = dt.date(2026, 11, 19)
END = dt.datetime(2026, 12, 2, 11, 45, tzinfo=TZ)  # the log stops here: before the sample was committed
SEED = 20261202

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

BROWSERS = [  # (weight, user agent): phones first, as a district portal's readers are
    (9, "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 "
        "Mobile Safari/537.36"),
    (6, "Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/141.0.0.0 Mobile Safari/537.36"),
    (6, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/18.6 Mobile/15E148 Safari/604.1"),
    (5, "Mozilla/5.0 (Linux; Android 13; SM-A525F Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Version/4.0 Chrome/140.0.7339.207 Mobile Safari/537.36 Zalo android/12100646 ZaloTheme/light "
        "ZaloLanguage/vi"),
    (4, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "coc_coc_browser/142.0.212 Chrome/136.0.0.0 Safari/537.36"),
    (4, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 "
        "Safari/537.36"),
    (2, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 "
        "Safari/537.36 Edg/142.0.0.0"),
    (1, "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0"),
    (1, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/18.6 Safari/605.1.15"),
]
GOOGLEBOT = "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) " \
            "Chrome/142.0.7444.59 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BINGBOT = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; " \
          "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"
COCCOCBOT = "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)"
AHREFS = "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"
FACEBOOK = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
UPTIME = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
CURL = "curl/8.5.0"
SCANNER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.51 " \
          "Safari/537.36"
ROBOTS = [(5, GOOGLEBOT), (3, BINGBOT), (2, COCCOCBOT), (2, AHREFS)]

# The theme's files a browser fetches on its first visit (then keeps: they are cached for good).
ASSETS = [
    ("/assets/stylesheets/main.57a0d79d.min.css", 133_584),
    ("/assets/bantin/bantin.css", 9_618),
    ("/assets/javascripts/bundle.a5f9d56c.min.js", 114_472),
]
PROBES = ["/wp-login.php", "/xmlrpc.php", "/.env", "/wp-admin/setup-config.php", "/.git/config",
          "/phpmyadmin/index.php", "/admin/", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"]
OLD_LINKS = ["/tin-tuc/2021/le-hoi-hai-che-xuan-may-2021/", "/index.php?option=com_content&view=article&id=1287",
             "/tin-tuc/tin-tong-hop/thong-bao-tuyen-dung.html", "/gioi-thieu/so-do-to-chuc/"]
SEARCHES = ["le+hoi+hai+che", "tuyen+dung", "lich+tiep+cong+dan", "dich+vu+cong", "hoc+phi", "sat+lo"]


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def sample_pages(content: Path) -> dict[str, list[str]]:
    """The sample portal's addresses, by kind, sorted: the log's readers ask for these."""
    articles, drafts, categories = [], [], set()
    for path in sorted((content / "tin-tuc").rglob("*.md")):
        meta = front_matter(path)
        url = "/" + path.relative_to(content).with_suffix("").as_posix() + "/"
        if meta.get("draft"):
            drafts.append(url)
            continue
        articles.append(url)
        if meta.get("category"):
            categories.add(f"/chuyen-muc/{slug(meta['category'])}/")
    documents = ["/" + p.relative_to(content).with_suffix("").as_posix() + "/"
                 for p in sorted((content / "van-ban").glob("*/*.md"))]
    files = ["/" + p.relative_to(content).as_posix() for p in sorted((content / "van-ban" / "tep").glob("*.*"))]
    articles.sort(key=lambda url: url.split("/")[2], reverse=True)  # newest years first: read most
    return {"articles": articles, "drafts": drafts, "categories": sorted(categories), "documents": documents,
            "files": files}


def stamp(when: dt.datetime) -> str:
    return f"{when.day:02d}/{MONTHS[when.month - 1]}/{when.year}:{when:%H:%M:%S} +0700"


class Log:
    def __init__(self) -> None:
        self.lines: list[tuple[dt.datetime, int, str]] = []

    def add(self, when: dt.datetime, client: str, method: str, target: str, status: int, size: int,
            referrer: str, agent: str) -> None:
        if when <= END:
            line = (f'{client} - - [{stamp(when)}] "{method} {target} HTTP/1.1" {status} {size} '
                    f'"{referrer}" "{agent}"')
            self.lines.append((when, len(self.lines), line))

    def text(self) -> str:
        return "".join(line + "\n" for _, _, line in sorted(self.lines))


def addresses(rng: random.Random, count: int) -> list[str]:
    nets = ("192.0.2", "198.51.100", "203.0.113")
    picked = rng.sample([f"{net}.{host}" for net in nets for host in range(1, 255)], count)
    return picked


def make_log(pages: dict[str, list[str]]) -> str:
    rng = random.Random(SEED)
    log = Log()
    articles = pages["articles"]
    weights = [1 / (rank + 3) for rank in range(len(articles))]
    agents = [agent for _, agent in BROWSERS]
    agent_weights = [weight for weight, _ in BROWSERS]
    # Readers: an address and a browser each; some share an address (a commune office behind one router).
    clients = addresses(rng, 60)
    readers = [(clients[i], rng.choices(agents, agent_weights)[0]) for i in range(40)]
    office = clients[40]
    readers += [(office, agent) for agent in agents[4:7]]
    robot_clients, scanner_clients = clients[41:50], clients[50:60]
    fetched_assets: set[tuple[str, str]] = set()

    def page(when, reader, target, referrer, *, status=200, head=False):
        client, agent = reader
        size = 0 if status == 304 else rng.randint(17_000, 46_000)
        log.add(when, client, "HEAD" if head else "GET", target, status, size, referrer, agent)
        if status in (200, 304) and not head:
            key = (client, agent)
            if key not in fetched_assets:
                fetched_assets.add(key)
                for offset, (asset, asset_size) in enumerate(ASSETS):
                    log.add(when + dt.timedelta(seconds=1 + offset // 2), client, "GET", asset, 200, asset_size,
                            SITE + target, agent)
            log.add(when + dt.timedelta(seconds=2), client, "GET", "/stats.json", 200, rng.randint(600, 900),
                    SITE + target, agent)

    def session(start: dt.datetime, reader) -> None:
        entry = rng.random()
        if entry < 0.35:
            target, referrer = "/", rng.choice(["-", "https://www.google.com/", "https://coccoc.com/"])
        elif entry < 0.85:
            target = rng.choices(articles, weights)[0]
            referrer = rng.choice(["https://www.google.com/", "https://www.facebook.com/", "http://m.facebook.com/",
                                   "https://zalo.me/", "-"])
        else:
            target, referrer = rng.choice(pages["categories"] + ["/van-ban/"]), "https://www.google.com/"
        when = start
        page(when, reader, target, referrer)
        for _ in range(rng.choices([0, 1, 2, 3], [5, 3, 2, 1])[0]):
            when += dt.timedelta(seconds=rng.randint(25, 300))
            referrer, roll = SITE + target, rng.random()
            if roll < 0.6:
                target = rng.choices(articles, weights)[0]
            elif roll < 0.75:
                target = rng.choice(pages["categories"])
            elif roll < 0.85:
                target = f"/tim-kiem/?q={rng.choice(SEARCHES)}"
                log.add(when + dt.timedelta(seconds=3), reader[0], "GET", "/search/index.json", 200, 48_213,
                        SITE + target, reader[1])
            elif roll < 0.95:
                target = rng.choice(pages["documents"])
            else:
                target = "/"
            page(when, reader, target, referrer)
            if target.startswith("/van-ban/2") and rng.random() < 0.5:  # a document page: its file downloaded
                log.add(when + dt.timedelta(seconds=rng.randint(10, 60)), reader[0], "GET",
                        rng.choice(pages["files"]), 200, rng.randint(2_500, 9_000), SITE + target, reader[1])
        if rng.random() < 0.15:  # a reload of the last page: the browser asks whether it changed
            page(when + dt.timedelta(seconds=rng.randint(30, 600)), reader, target, "-", status=304)

    day = FIRST_DAY
    while day <= END.date():
        midnight = dt.datetime.combine(day, dt.time(), TZ)
        sessions = rng.randint(3, 6) if day.weekday() >= 5 else rng.randint(6, 10)
        for _ in range(sessions):
            hour = rng.choices(range(24), [0, 0, 0, 0, 0, 1, 2, 4, 6, 6, 5, 4, 3, 3, 4, 5, 5, 3, 2, 4, 6, 6, 3, 1])[0]
            session(midnight + dt.timedelta(hours=hour, seconds=rng.randint(0, 3599)), rng.choice(readers))
        for _ in range(rng.randint(2, 4)):  # search engines and SEO crawlers
            when = midnight + dt.timedelta(seconds=rng.randint(0, 86399))
            agent = rng.choices([a for _, a in ROBOTS], [w for w, _ in ROBOTS])[0]
            target = rng.choice(articles + pages["categories"] + pages["documents"] + ["/", "/sitemap.xml",
                                                                                     "/robots.txt"])
            log.add(when, rng.choice(robot_clients), "GET", target, 200, rng.randint(17_000, 46_000), "-", agent)
        for hour in (3, 15):  # the uptime monitor
            when = midnight + dt.timedelta(hours=hour, minutes=7, seconds=rng.randint(0, 20))
            log.add(when, robot_clients[0], "HEAD", "/", 200, 0, "https://uptimerobot.com/", UPTIME)
        if rng.random() < 0.5:  # an article shared on Facebook: its preview fetched
            log.add(midnight + dt.timedelta(hours=rng.randint(7, 21), seconds=rng.randint(0, 3599)),
                    robot_clients[1], "GET", rng.choices(articles, weights)[0], 200, 31_000, "-", FACEBOOK)
        if rng.random() < 0.6:  # scanners: nothing of the sort here
            when = midnight + dt.timedelta(seconds=rng.randint(0, 86399))
            client = rng.choice(scanner_clients)
            for probe in rng.sample(PROBES, rng.randint(1, 3)):
                log.add(when, client, "GET", probe, 404, 9_214, "-", rng.choice([SCANNER, "python-requests/2.32.3"]))
                when += dt.timedelta(seconds=1)
        if rng.random() < 0.4:  # an old link or a draft's address, from a reader: 404
            target = rng.choice(OLD_LINKS + pages["drafts"])
            log.add(midnight + dt.timedelta(hours=rng.randint(7, 21), seconds=rng.randint(0, 3599)),
                    rng.choice(readers)[0], "GET", target, 404, 9_214, "https://www.google.com/", rng.choice(agents))
        if rng.random() < 0.3:  # someone checking the site from a terminal
            log.add(midnight + dt.timedelta(hours=rng.randint(8, 17), seconds=rng.randint(0, 3599)),
                    robot_clients[2], "HEAD", "/", 200, 0, "-", CURL)
        day += dt.timedelta(days=1)
    # The last minutes: a few readers at once, so "Đang online" has someone in it.
    for minutes, reader in zip((6.5, 4.8, 3.2, 1.5), rng.sample(readers, 4)):
        session(END - dt.timedelta(minutes=minutes), reader)
    return log.text()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is out of date")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="the sample's content folder")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    text = make_log(sample_pages(args.content))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output}: out of date; run python tools/make_sample_log.py", file=sys.stderr)
            return 1
        print(f"{args.output}: up to date ({text.count(chr(10))} lines)")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {text.count(chr(10))} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
