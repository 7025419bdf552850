"""Bantin's search index against Pagefind, on the same built site and the same queries.

    python bench/bench_search.py SITE_DIR      (a built site, e.g. bench/out/10000/site)

For each query typed without diacritics, the bytes a reader's browser downloads for a first search (empty
cache), with Bantin's index (search/, as tim-kiem/ uses it) and with a Pagefind index of the same articles
(their body, title and meta; built here into SITE_DIR/_pagefind/, then removed), each fetching the data of the
first 20 results; and Pagefind's indexing time and peak memory. Pagefind is not a dependency of Bantin: this
script needs `pip install 'pagefind[bin]'` for its column and says so when it is missing.

Text files are counted at their gzip size (level 6, as a web server sends them); Pagefind's index files are
compressed already and counted as they are.
"""

from __future__ import annotations

import gzip
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))
sys.path.insert(0, str(BENCH))

from bench_build import SEARCH_QUERIES, search_query_bytes  # noqa: E402
from browser import chromium, serve  # noqa: E402

PAGEFIND_DIR = "_pagefind"
RESULTS = 20


def build_pagefind(site: Path) -> tuple[float, float] | None:
    """Index the site's articles with Pagefind; (seconds, peak MB) or None when Pagefind is not installed."""
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return None
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", PAGEFIND_DIR,
               "--glob", "tin-tuc/**/*.html", "--root-selector", "article.md-content__inner",
               "--exclude-selectors", ".bantin-related, .bantin-pager, .bantin-share, .bantin-tags",
               "--force-language", "vi", "--quiet"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def pagefind_query_bytes(site: Path, queries) -> dict[str, int]:
    totals = {}
    with serve(site) as base, chromium() as browser:
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            sizes: list[int] = []

            def count(response):
                path = response.url[len(base):].split("?")[0]
                if path.startswith(PAGEFIND_DIR + "/"):
                    body = response.body()
                    sizes.append(len(gzip.compress(body, 6)) if path.endswith((".js", ".json")) else len(body))

            page.on("response", count)
            page.goto(base + "404.html")
            page.evaluate("""async ([url, query, count]) => {
                const pagefind = await import(url);
                const found = await pagefind.search(query);
                await Promise.all(found.results.slice(0, count).map(r => r.data()));
            }""", [f"{base}{PAGEFIND_DIR}/pagefind.js", query, RESULTS])
            page.wait_for_load_state("networkidle")
            totals[query] = sum(sizes)
            context.close()
    return totals


def main(site: Path) -> None:
    ours = search_query_bytes(site, SEARCH_QUERIES)
    if ours is None:
        sys.exit(f"{site}: no tim-kiem/ page; give a site built by Bantin")
    built = build_pagefind(site)
    try:
        theirs = pagefind_query_bytes(site, SEARCH_QUERIES) if built else {}
    finally:
        shutil.rmtree(site / PAGEFIND_DIR, ignore_errors=True)
    print(f"{'query':<20} {'Bantin KB':>10} {'Pagefind KB':>12}")
    for query in SEARCH_QUERIES:
        other = f"{theirs[query] / 1000:.1f}" if query in theirs else "n/a"
        print(f"{query:<20} {ours[query] / 1000:>10.1f} {other:>12}")
    if built:
        print(f"Pagefind indexing: {built[0]:.1f} s, peak {built[1]:.0f} MB")
    else:
        print("Pagefind is not installed (pip install 'pagefind[bin]'): its column is empty")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]).resolve())
