"""The engine's floor: what MkDocs and mkdocs-material cost before Bantin does anything, on this machine.

    python bench/bench_floor.py [N]      (default 10000; the corpus and site of bench/out/N/, made if missing)

A cold build must convert every article's Markdown and render every page through the theme's `main.html`;
no change inside Bantin makes those two cheaper than the engine makes them. This prints, in CPU milliseconds
(median of five rounds):
- Python-Markdown converting one article of the corpus with the site's extensions, one converter reset
  between articles (cheaper than MkDocs' new converter per page);
- mkdocs-material's own `main.html` (no Bantin template, no plugin) rendering a page with an empty body, a
  one-page navigation and the site's theme options;
and the floor of a cold build of the corpus: its N articles converted plus its P pages rendered, spread
perfectly over every core, with nothing else done (no front-matter, listings, sidebar, search, nor writing
a byte). A target under that floor cannot be met while the engine is MkDocs and the theme mkdocs-material.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import frontmatter
import markdown
import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from bench_build import OUT, uptime  # noqa: E402

ROUNDS = 5


def median_ms(work, items) -> float:
    """Median over ROUNDS of the CPU milliseconds per item of `work(item)` for every item."""
    rounds = []
    for _ in range(ROUNDS):
        start = time.process_time()
        for item in items:
            work(item)
        rounds.append((time.process_time() - start) / len(items) * 1000)
    return statistics.median(rounds)


def markdown_ms(config: dict, articles: list[Path]) -> float:
    converter = markdown.Markdown(extensions=[next(iter(e)) if isinstance(e, dict) else e
                                             for e in config.get("markdown_extensions", [])],
                                  extension_configs={k: v for e in config.get("markdown_extensions", [])
                                                     if isinstance(e, dict) for k, v in e.items()})
    bodies = [frontmatter.loads(path.read_text(encoding="utf-8")).content for path in articles]

    def convert(body: str) -> None:
        converter.reset()
        converter.convert(body)
    return median_ms(convert, bodies)


def theme_ms(config: dict, pages: int = 300) -> float:
    """Material's main.html for one near-empty page, rendered `pages` times per round."""
    from mkdocs.commands.build import get_context
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    theme = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "docs").mkdir()
        (Path(folder) / "docs" / "index.md").write_text("# Trang\n\nMột đoạn.\n", encoding="utf-8")
        plain = {"site_name": config["site_name"], "site_url": config.get("site_url"), "theme": theme,
                 "markdown_extensions": config.get("markdown_extensions", [])}
        (Path(folder) / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
        site = load_config(os.path.join(folder, "mkdocs.yml"))
        site.plugins.on_startup(command="build", dirty=False)
        site = site.plugins.on_config(site)
        files = get_files(site)
        nav = get_navigation(files, site)
        page = files.documentation_pages()[0].page
        page.read_source(site)
        page.render(site, files)
        template = site.theme.get_env().get_template("main.html")

        def render(_) -> None:
            site._current_page = page
            template.render(get_context(nav, files, site, page))
        return median_ms(render, range(pages))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="What MkDocs and mkdocs-material cost per article and page.")
    parser.add_argument("n", metavar="N", type=int, nargs="?", default=10000)
    n = parser.parse_args(argv).n
    out = OUT / str(n)
    if not (out / "site" / "index.html").is_file():
        sys.exit(f"no built site in {out}: run python bench/bench_build.py {n} first")
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    articles = sorted((out / "content" / "tin-tuc").rglob("*.md"))
    pages = sum(1 for _ in (out / "site").rglob("index.html"))
    cores = os.cpu_count() or 1
    print(f"before: {uptime()}")
    per_article = markdown_ms(config, articles[:: max(1, len(articles) // 1000)])
    per_page = theme_ms(config)
    floor = (len(articles) * per_article + pages * per_page) / 1000 / cores
    print(f"Markdown, one article (reused converter)   {per_article:6.2f} ms CPU")
    print(f"mkdocs-material main.html, an empty page  {per_page:6.2f} ms CPU")
    print(f"floor of a cold build: {len(articles)} articles + {pages} pages on {cores} cores = {floor:.1f} s wall")
    print(f"after: {uptime()}")


if __name__ == "__main__":
    main()
