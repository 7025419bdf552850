"""Page weight: what an article page transfers on a reader's first visit, and on each further article.

    python bench/page_weight.py                 (builds the sample portal into a temporary folder)
    python bench/page_weight.py SITE_DIR        (a built site, e.g. bench/out/1000/site)

The site is served on a loopback port and the article opened in headless chromium (tests/browser.py), so what is
counted is what a browser really asks for, scripts' own requests included (stats.json, anything a theme script
fetches). Each response is measured as served and gzipped with Python's gzip at level 6, as a web server would
send it. Images are left out (their size is the editors' choice, and they load lazily); everything else counts:
HTML, CSS, JavaScript, fonts, data fetched by scripts.

- first visit: an empty cache, the article whose HTML is the largest of the site;
- further article: the next largest, in the same browser (assets cached): its HTML, and what else had to come
  over the network again (a response the browser took from its cache is not counted).

Prints one row per resource (kind, raw bytes, gzip bytes), the first-visit total, the further article's HTML,
the largest article HTML of the site, and any request to another host (there should be none). KB are 1,000 bytes.
The budgets checked by tests/e2e/test_e2e_weight.py are FIRST_VISIT_BUDGET and FURTHER_ARTICLE_BUDGET.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))

FIRST_VISIT_BUDGET = 80_000     # bytes, gzip: HTML + CSS + JS + fonts + script data, no images
FURTHER_ARTICLE_BUDGET = 12_000  # bytes, gzip: the HTML of each further article
NOT_COUNTED = ("image", "media")  # playwright resource types


def gzip_size(data: bytes) -> int:
    """Bytes on the wire when a server gzips `data` at level 6 (mtime fixed: the same bytes every run)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass(frozen=True)
class Resource:
    url: str
    kind: str  # playwright's resource type: document, stylesheet, script, font, fetch, …
    raw: int
    gzip: int


@dataclass
class Visit:
    url: str
    resources: list[Resource]
    other_hosts: list[str]  # requests to anything but the served site

    @property
    def total(self) -> int:
        return sum(r.gzip for r in self.resources)

    @property
    def document(self) -> Resource:
        return next(r for r in self.resources if r.kind == "document")


def article_pages(site_dir: Path) -> list[tuple[str, int]]:
    """(path under the site, gzip size of its HTML) for every article page, largest first."""
    sizes = [(p.parent.relative_to(site_dir).as_posix() + "/", gzip_size(p.read_bytes()))
             for p in Path(site_dir).glob("tin-tuc/*/*/index.html")]
    return sorted(sizes, key=lambda item: (-item[1], item[0]))


def visit(page, url: str, base_url: str) -> Visit:
    """Open `url` in `page` and wait until the network is idle; measure every response but images."""
    responses, requests = [], []

    def on_response(response):
        responses.append(response)

    def on_request(request):
        requests.append(request)

    page.on("response", on_response)
    page.on("request", on_request)
    try:
        page.goto(url, wait_until="networkidle")
    finally:
        page.remove_listener("response", on_response)
        page.remove_listener("request", on_request)
    origin = urlsplit(base_url).netloc
    resources = []
    for response in responses:
        kind = response.request.resource_type
        image = response.headers.get("content-type", "").startswith("image/")  # the favicon comes as "other"
        if kind in NOT_COUNTED or image or urlsplit(response.url).netloc != origin:
            continue
        # Only what came over the network: a response from the browser's cache reports a body size of 0 or
        # less (a 304 revalidation: headers only; a cache hit: none), and nothing of it was transferred.
        if response.request.sizes()["responseBodySize"] <= 0:
            continue
        body = response.body()
        resources.append(Resource(response.url, kind, len(body), gzip_size(body)))
    others = sorted({r.url for r in requests if urlsplit(r.url).netloc != origin and not r.url.startswith("data:")})
    return Visit(url, resources, others)


def measure(browser, base_url: str, site_dir: Path) -> tuple[Visit, Visit]:
    """(first visit of the largest article, further visit of the next one) in one fresh browser context."""
    articles = article_pages(site_dir)
    if len(articles) < 2:
        raise SystemExit(f"{site_dir}: needs at least two articles under tin-tuc/")
    context = browser.new_context()
    try:
        page = context.new_page()
        first = visit(page, base_url + articles[0][0], base_url)
        further = visit(page, base_url + articles[1][0], base_url)
    finally:
        context.close()
    return first, further


def report(first: Visit, further: Visit, base_url: str, site_dir: Path) -> str:
    def name(url: str) -> str:
        return url[len(base_url):] or "/" if url.startswith(base_url) else url

    kb = lambda n: f"{n / 1000:.1f} KB"  # noqa: E731
    lines = [f"First visit: {name(first.url)}",
             f"  {'kind':<11} {'raw':>10} {'gzip':>9}  resource"]
    for r in sorted(first.resources, key=lambda r: -r.gzip):
        lines.append(f"  {r.kind:<11} {r.raw:>10,} {r.gzip:>9,}  {name(r.url)}")
    lines.append(f"  total first visit (gzip, no images): {first.total:,} B = {kb(first.total)}"
                 f"  (budget {kb(FIRST_VISIT_BUDGET)})")
    lines.append(f"Further article: {name(further.url)}")
    doc = further.document
    lines.append(f"  HTML {doc.raw:,} B, gzip {doc.gzip:,} B = {kb(doc.gzip)}  (budget {kb(FURTHER_ARTICLE_BUDGET)})")
    for r in further.resources:
        if r.kind != "document":
            lines.append(f"  also downloaded: {r.kind:<10} gzip {r.gzip:>9,} B  {name(r.url)}")
    largest = article_pages(site_dir)[0]
    lines.append(f"Largest article HTML of the site: {largest[0]} gzip {largest[1]:,} B")
    others = sorted(set(first.other_hosts + further.other_hosts))
    lines.append("Third-party requests: " + (", ".join(others) if others else "none"))
    return "\n".join(lines)


def build_sample(target: Path) -> Path:
    """The sample portal, built as `python build.py build -d TARGET` builds it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "build.py", "build", "-d", str(target)], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="What an article page transfers, gzip, per resource.")
    parser.add_argument("site_dir", nargs="?", type=Path, help="a built site (default: build the sample portal)")
    args = parser.parse_args(argv)

    from browser import chromium, serve  # tests/browser.py: http.server on loopback, Debian's chromium

    with tempfile.TemporaryDirectory(prefix="bantin-weight-") as temp:
        site_dir = args.site_dir or build_sample(Path(temp) / "site")
        with serve(site_dir) as base_url, chromium() as browser:
            first, further = measure(browser, base_url, site_dir)
        print(report(first, further, base_url, site_dir))


if __name__ == "__main__":
    main()
