"""Ingest benchmark: a deterministic, realistic 1,000,000-line combined log into a fresh store.

    python bench/bench_ingest.py [--lines 1000000] [--seed 7]

Writes bench/out/access.log (regenerated each run, same bytes for the same --lines and --seed) and
bench/out/bench.sqlite, then ingests in a child process so that its peak memory (ru_maxrss) is the
ingest's own, and prints: lines, seconds, lines/s, peak MB, the report; then ingests the file again
(must read nothing) to show the cursor at work.

The log: a week of a town portal's traffic from ~25,000 readers (IPv4 and some IPv6, ~200 browser
agents) reading ~3,000 pages with a Zipf-like preference for recent ones; each page view pulls its assets
(CSS, JS, images; 200 or 304); readers reload pages, some within minutes; ~12 % of lines are robots
(Googlebot, bingbot, AhrefsBot, facebookexternalhit, curl, python-requests, no agent); ~3 % are 404s from
scanners; a few HEAD, POST and 301 lines; ~1 in 2,000 lines is malformed (truncated, binary, empty).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
START = 1714928400  # 2024-05-06 00:00 +07:00
SPAN = 7 * 86400
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-A536E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{v} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36 Zalo android/12110",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0",
    "Mozilla/5.0 (Linux; Android 11; CPH2239) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36 coc_coc_browser/{v}.0",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/124.0.6367.155 Safari/537.36",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "-",
]
ASSETS = ["/assets/stylesheets/main.6f8fc17f.min.css", "/assets/javascripts/bundle.ad660dcc.min.js",
          "/assets/bantin/stats.js", "/assets/images/logo.png", "/images/2024/anh-{n}.jpg", "/favicon.ico",
          "/search/search_index.json"]
SCANS = ["/wp-login.php", "/.env", "/admin/", "/xmlrpc.php", "/tin-tuc/khong-co/", "/phpmyadmin/index.php"]


def _time(ts: int) -> str:
    t = time.gmtime(ts + 7 * 3600)
    return f"{t.tm_mday:02d}/{MONTHS[t.tm_mon - 1]}/{t.tm_year}:{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0700"


def generate(path: Path, lines: int, seed: int) -> None:
    rng = random.Random(seed)
    pages = ["/", "/chuyen-muc/tin-tuc/", "/chuyen-muc/thong-bao/", "/luu-tru/", "/gioi-thieu/"]
    pages += [f"/tin-tuc/{2019 + i % 6}/bai-viet-so-{i}/" for i in range(3000)]
    pages += [f"/chuyen-muc/tin-tuc/trang/{i}/" for i in range(2, 40)]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(pages))]
    agents = [b.format(v=rng.randint(100, 128)) for b in BROWSERS for _ in range(30)]
    readers = []
    for i in range(25_000):
        ip = (f"2001:db8:{rng.randrange(65536):x}::{rng.randrange(65536):x}" if i % 10 == 0
              else f"{rng.randint(1, 223)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randint(1, 254)}")
        readers.append((ip, rng.choice(agents)))
    page_choices = rng.choices(pages, weights, k=200_000)
    step = SPAN / lines
    out, n, ts = [], 0, float(START)

    def emit(ip, method, target, status, agent, size=None):
        nonlocal n, ts
        ts += step * rng.uniform(0.2, 1.8)
        size = size if size is not None else (0 if status == 304 else rng.randint(300, 60_000))
        out.append(f'{ip} - - [{_time(int(ts))}] "{method} {target} HTTP/1.1" {status} {size} '
                   f'"https://mayngan.example.vn/" "{agent}"\n')
        n += 1

    with open(path, "w", encoding="utf-8", newline="\n") as log:
        last: dict[int, str] = {}
        active: deque[int] = deque(maxlen=200)
        while n < lines:
            roll = rng.random()
            if roll < 0.0005:  # malformed: truncated, binary, empty
                kind = rng.randrange(3)
                out.append(('203.0.113.9 - - [06/May/2024:10:00:00 +0700] "GET /tin-tuc/2024/a' if kind == 0
                            else "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" if kind == 1 else "") + "\n")
                n += 1
            elif roll < 0.33:  # robots (one line each, so ~12 % of lines)
                emit(f"66.249.{rng.randrange(64, 80)}.{rng.randrange(256)}", "GET", rng.choice(page_choices), 200,
                     rng.choice(BOTS))
            elif roll < 0.38:  # scanners and broken links
                emit(f"45.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}", "GET", rng.choice(SCANS),
                     404, rng.choice(agents))
            elif roll < 0.385:
                reader = rng.choice(readers)
                emit(reader[0], rng.choice(("HEAD", "POST")), rng.choice(page_choices), 200, reader[1])
            else:  # a reader: a page (sometimes again), then its assets
                # a third of page views come from readers active in the last few minutes
                r = rng.choice(active) if active and rng.random() < 0.35 else rng.randrange(len(readers))
                active.append(r)
                ip, agent = readers[r]
                again = r in last and rng.random() < 0.3
                page = last[r] if again else rng.choice(page_choices)
                last[r] = page
                if rng.random() < 0.1:
                    page += "?utm_source=zalo" if rng.random() < 0.5 else "index.html"
                status = 304 if again and rng.random() < 0.6 else (301 if rng.random() < 0.01 else 200)
                emit(ip, "GET", page, status, agent)
                for asset in rng.sample(ASSETS, rng.randint(2, 4)):
                    if n >= lines:
                        break
                    emit(ip, "GET", asset.format(n=rng.randrange(500)), 304 if again else 200, agent)
            if len(out) >= 50_000:
                log.write("".join(out))
                out.clear()
            if len(last) > 5000:
                last = {r: last[r] for r in active if r in last}
        log.write("".join(out[: max(0, len(out) - (n - lines))]))


def ingest_child(log: Path, store: Path) -> None:
    sys.path.insert(0, str(HERE.parent / "plugins"))
    from bantin.stats import ingest_files

    start = time.perf_counter()
    report = ingest_files(store, [log], tz="Asia/Ho_Chi_Minh", window_minutes=30)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"lines": report.totals.read, "seconds": seconds, "peak_mb": peak, "report": str(report)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", nargs=2, metavar=("LOG", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        ingest_child(Path(args.child[0]), Path(args.child[1]))
        return
    OUT.mkdir(exist_ok=True)
    log, store = OUT / "access.log", OUT / "bench.sqlite"
    start = time.perf_counter()
    generate(log, args.lines, args.seed)
    print(f"generated {log.relative_to(HERE.parent)}: {args.lines:,} lines, "
          f"{log.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - start:.1f} s")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    for label in ("fresh store", "same file again"):
        result = subprocess.run([sys.executable, __file__, "--child", str(log), str(store)], check=True,
                                capture_output=True, text=True)
        figures = json.loads(result.stdout)
        rate = figures["lines"] / figures["seconds"]
        print(f"{label}: {figures['lines']:,} lines read, {figures['seconds']:.1f} s, {rate:,.0f} lines/s, "
              f"peak {figures['peak_mb']:.0f} MB\n  {figures['report']}")
    print(f"store: {store.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
