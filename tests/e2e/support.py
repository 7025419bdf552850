"""What the end-to-end tests share besides fixtures: the portal's builds and page types, visiting a page, axe-core,
the Nu Html Checker, and readable failure messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import yaml

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
NPM_HINT = "run `npm ci --no-audit --no-fund --ignore-scripts` at the repository's root (bash .ci/install does)"

SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 768}}
PAGE_TYPES = ("home", "article", "category", "tag", "author", "archive", "search", "register", "document", "404")
# The reader's words of each language (plugins/bantin/i18n.py): what the tests look for on the page.
WORDS = {
    "vi": {"views": "Lượt xem", "boxes": ("Thông tin mới nhất", "Đọc nhiều nhất", "Thống kê truy cập"),
           "copied": "Đã sao chép liên kết", "copy": "Sao chép liên kết", "not_found": "Không tìm thấy trang"},
    "en": {"views": "Views", "boxes": ("Latest news", "Most read", "Visitor statistics"),
           "copied": "Link copied", "copy": "Copy link", "not_found": "Page not found"},
}


# -- the portal's builds -------------------------------------------------------------------------------------------

@dataclass
class Portal:
    """One build of the sample portal and where it is served."""

    language: str
    site: Path
    base_url: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # page type → path under base_url

    def url(self, page_type: str) -> str:
        return self.base_url + self.pages[page_type]


def english_config(folder: Path) -> Path:
    """The repository's mkdocs.yml in English, its paths made absolute so the copy builds from anywhere.

    page_size 5: the sample portal's categories hold at most 7 articles, so at the default of 10 none has a second
    page; in English they do, and the category page is seen with its pagination.
    """
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / config.get("docs_dir", "docs"))
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["theme"]["language"] = "en"
    config["plugins"] = [{"bantin": {**(p["bantin"] or {}), "page_size": 5}} if isinstance(p, dict) and "bantin" in p
                         else p for p in config["plugins"]]
    path = folder / "mkdocs-en.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_portals(root: Path) -> dict[str, Path]:
    """`python build.py build` of the sample portal (vi) and of its English variant (en), run side by side."""
    root.chmod(0o755)
    sites = {"vi": root / "vi", "en": root / "en"}
    commands = {"vi": [sys.executable, "build.py", "build", "-d", str(sites["vi"])],
                "en": [sys.executable, "build.py", "build", "-f", str(english_config(root)), "-d", str(sites["en"])]}
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    running = {language: subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT, text=True)
               for language, command in commands.items()}
    for language, process in running.items():
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"{' '.join(commands[language])} failed:\n{output}"
    for site in sites.values():
        for folder in [site, *(p for p in site.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
    return sites


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def discover_pages(site: Path) -> dict[str, str]:
    """One page of each type, found in the built site rather than named here, so that new content keeps them."""
    def parse(relative: str):
        return lxml.html.fromstring((site / relative / "index.html").read_bytes())

    image, tag = f"//figure[{_has_class('bantin-figure')}]//img", f"//a[{_has_class('bantin-tag')}]"
    articles = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("tin-tuc/*/*/index.html"))
    # an article with an image (its alt text is checked) and tags
    article = next(a for a in articles if (doc := parse(a)).xpath(image) and doc.xpath(tag))
    doc = parse(article)

    def target(xpath: str) -> str:
        return urljoin("/" + article, doc.xpath(xpath)[0].get("href")).lstrip("/")

    # a document with attached files and a document it replaces
    documents = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("van-ban/*/*/index.html"))
    document = next(d for d in documents if (page := parse(d)).xpath(f"//section[{_has_class('bantin-files')}]")
                    and page.xpath(f"//table[{_has_class('bantin-document')}]//a[contains(@href, 'van-ban/')]"))
    categories = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("chuyen-muc/*/index.html"))
    paged = [c for c in categories if any((site / c / word / "2").is_dir() for word in ("trang", "page"))]
    return {
        "home": "",
        "article": article,
        "category": (paged or categories)[0],
        "tag": target(tag),
        "author": target(f"//p[{_has_class('bantin-author')}]/a"),
        "archive": "luu-tru/",
        "search": "tim-kiem/",
        "register": "van-ban/",
        "document": document,
        "404": "404.html",  # as a file: http.server answers a missing address with its own error page
    }


# -- in the browser ------------------------------------------------------------------------------------------------

def visit(context, url: str):
    """A new page of `context` at `url`, once the network is quiet (scripts have fetched what they fetch)."""
    page = context.new_page()
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    return page


def same_origin(url: str, base_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def strip_accents(text: str) -> str:
    """Vietnamese as typed without diacritics: "phòng chống dịch" → "phong chong dich"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# -- axe-core --------------------------------------------------------------------------------------------------------

def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of the given impacts on the page as it is now."""
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS.relative_to(REPO)} is missing: {NPM_HINT}")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:8]:
            summary = (node.get("failureSummary") or "").strip().splitlines()
            lines.append(f"    {' > '.join(map(str, node['target']))}: {summary[-1].strip() if summary else ''}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


# -- the Nu Html Checker -------------------------------------------------------------------------------------------

def vnu_errors(java: str, files: list[Path]) -> list[dict]:
    """The Nu Html Checker over all `files` in one run (it is slow to start): its error messages, each with a
    "file" key relative to the filesystem root it was given."""
    if not VNU_JAR.exists():
        raise AssertionError(f"{VNU_JAR.relative_to(REPO)} is missing: {NPM_HINT}")
    done = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, timeout=600)
    # vnu writes its report to stderr, and exits 1 when it found errors
    report = done.stderr.strip() or done.stdout.strip()
    try:
        messages = json.loads(report)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu did not report JSON (exit {done.returncode}):\n{report[:2000]}") from None
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    for m in errors:
        m["file"] = m.get("url", "").removeprefix("file:")
    return errors
