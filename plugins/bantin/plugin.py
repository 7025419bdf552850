"""The MkDocs adapter: translates MkDocs events into calls on the engine-free model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import feeds, listings, search
from .articles import Article, parse_article
from .authors import parse_authors
from .catalog import Catalog, Snapshot
from .config import BantinConfig
from .i18n import Locale
from .portal import Portal, Urls
from .problems import ContentError, Problem

# A plain logger, so each problem prints as MkDocs' level then `path:line: field: message`.
log = logging.getLogger("mkdocs.plugins.bantin")

# Front-matter keys that the theme prints without escaping them: we hand it escaped text.
_THEME_PRINTED = ("title", "description", "author")
AUTHORS_FILE = ".authors.yml"


def _valid_toggles(html: str) -> str:
    """Workaround: base.html puts autocomplete="off" on its toggle checkboxes, which HTML does not allow there
    (the Nu checker reports it); the attribute sits outside any block a theme can override."""
    for toggle in ("__drawer", "__search"):
        html = html.replace(f' type="checkbox" id="{toggle}" autocomplete="off"', f' type="checkbox" id="{toggle}"')
    return html


def _pages_in(items):
    for item in items:
        if item.is_page:
            yield item
        elif item.is_section:
            yield from _pages_in(item.children)


def _from_base(url_filter):
    """Wrap MkDocs' `url` filter so site paths go through base_url (../../tin-tuc/a/) instead of the shortest
    path from the page: then menus and the sidebar are the same on every page at one depth, and are rendered
    once per depth (Portal.once) rather than once per page."""
    @pass_context
    def url(context, value):
        return url_filter({"page": None, "base_url": context["base_url"]}, value)
    return url


class _ListingPage(Page):
    """A generated listing: its body comes from its template, so there is no Markdown to convert (MkDocs would
    set up a Markdown converter for each of the thousands of them)."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


class BantinPlugin(BasePlugin[BantinConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.progress = None  # called with (pages built, pages in all) by the command line
        self.catalog: Catalog | None = None
        self.portal: Portal | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Only remembers the command: drafts are previewed by `serve` and never built by `build`.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `serve` rebuilds in the same process: start every build from nothing.
        self.catalog = self.portal = None
        self.pages_built = self.pages_total = 0
        self.parsed: set[str] = set()
        self.articles: list[Article] = []
        self.authors: dict = {}
        self.listings: dict[str, listings.Listing] = {}
        self.bodies: dict[str, str] = {}  # src_uri → rendered HTML, for the articles that feeds carry
        try:
            self.tz = ZoneInfo(self.config.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise PluginError(f"bantin: timezone: unknown time zone {self.config.timezone!r}; "
                              "write one like Asia/Ho_Chi_Minh")
        language = (config.theme.get("language") or "en").split("-")[0]
        self.locale = Locale(language)
        u = self.config.urls
        self.urls = Urls(category=u.category.strip("/"), tag=u.tag.strip("/"), author=u.author.strip("/"),
                         archive=u.archive.strip("/"), search=u.search.strip("/"),
                         page=(u.page or ("trang" if self.locale.language == "vi" else "page")).strip("/"))
        self.config_dir = os.path.dirname(config.config_file_path or "")
        return config

    # -- reading -------------------------------------------------------------------------------------------

    def is_article(self, file: File) -> bool:
        """Markdown files in the articles folder, compared by whole path segments; index pages excluded."""
        if not file.is_documentation_page() or file.name in ("index", "README"):
            return False
        folder = PurePosixPath(self.config.articles_dir.strip("/")).parts
        return PurePosixPath(file.src_uri).parts[: len(folder)] == folder

    def _display_path(self, path: str) -> str:
        return os.path.relpath(path, self.config_dir) if self.config_dir else path

    def read_articles(self, files: Files) -> tuple[list[Article], list[Problem]]:
        """Parse every article once; returns the valid ones and all problems of all files."""
        articles, problems = [], []
        exists = lambda path: files.get_file_from_path(path) is not None  # noqa: E731
        for file in files.documentation_pages():
            if not self.is_article(file) or file.src_uri in self.parsed:
                continue
            path = self._display_path(file.abs_src_path) if file.abs_src_path else file.src_uri
            article, found = parse_article(file.content_string, path=path, src_uri=file.src_uri,
                                           url=file.url, tz=self.tz, image_exists=exists)
            self.parsed.add(file.src_uri)
            problems += found
            if article:
                articles.append(article)
        return articles, problems

    def read_authors(self, config: MkDocsConfig) -> tuple[dict, list[Problem]]:
        path = Path(config.docs_dir) / AUTHORS_FILE
        if not path.is_file():
            return {}, []
        return parse_authors(path.read_text(encoding="utf-8"), self._display_path(str(path)))

    def _report(self, problems: list[Problem]) -> None:
        for problem in problems:
            (log.error if problem.severity == "error" else log.warning)(str(problem))
        if any(p.severity == "error" for p in problems):
            raise PluginError(f"{ContentError(problems)}: fix the lines above; nothing was published")

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Content is read before MkDocs empties the site folder, so a broken article never costs the old site.
        self.articles, problems = self.read_articles(get_files(config))
        authors, author_problems = self.read_authors(config)
        self.authors = authors
        self._report(problems + author_problems)

    @event_priority(-50)  # after other plugins have added their files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        added, problems = self.read_articles(files)  # only files that other plugins added since pre_build
        self._report(problems)
        articles = self.articles + added
        if not self.serving:
            for article in articles:
                if article.draft:
                    files.remove(files.get_file_from_path(article.src_uri))
            articles = [a for a in articles if not a.draft]

        self.snapshot = self._read_snapshot()
        self.catalog = Catalog(articles, self.snapshot, views_baseline=self.config.views_baseline)
        planned = listings.plan(self.catalog, self.urls, self.locale, self.config.page_size, self.authors)
        search_page = listings.Listing("search", self.locale["search"], f"{self.urls.search}/", f"{self.urls.search}/")
        taken = {file.url: file for file in files.documentation_pages()}
        for listing in (*planned, search_page):
            if listing.url in taken:
                path = self._display_path(taken[listing.url].abs_src_path or taken[listing.url].src_uri)
                raise PluginError(f"{path}: its address /{listing.url} is generated by Bantin; rename the file "
                                  "or change `urls` in mkdocs.yml")
            files.append(File.generated(config, listing.src_uri, content=""))
            self.listings[listing.src_uri] = listing
        self.search = search.SearchIndex(self.locale.language)
        self.portal = Portal(self.catalog, self.locale, self.urls, latest_count=self.config.latest_count,
                             most_read_count=self.config.most_read_count,
                             related_count=self.config.related_count, home_count=self.config.home_count,
                             site_url=config.site_url or "", listings=self.listings, authors=self.authors,
                             stats_url=self.config.stats.url or "")
        return files

    def store_path(self) -> str:
        return os.path.join(self.config_dir, self.config.stats.store)

    def _read_snapshot(self) -> Snapshot:
        """One read of the statistics store per build (nothing counted yet if there is no store)."""
        from . import stats

        self.read_at = dt.datetime.now(self.tz).replace(microsecond=0)
        try:
            snapshot = stats.read_snapshot(self.store_path(), self.tz, now=self.read_at)
            week = stats.read_week_views(self.store_path(), now=self.read_at)
        except stats.StatsError as error:
            raise PluginError(f"bantin: statistics store: {error}")
        return dataclasses.replace(snapshot, week_views=week)

    # -- navigation ----------------------------------------------------------------------------------------

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """A small navigation: home, the categories, the site's own pages, the archive; never articles."""
        def keep(item) -> bool:
            if item.is_page:
                return not (self.is_article(item.file) or item.file.src_uri in self.listings)
            if item.is_section:
                item.children = [child for child in item.children if keep(child)]
                return bool(item.children)
            return True

        for src in self.listings:  # MkDocs made plain Pages of them for its full nav; ours skip Markdown
            _ListingPage(None, files.get_file_from_path(src), config)

        def page_of(url: str) -> Page:
            return files.get_file_from_path(f"{url}index.md").page

        items = [item for item in nav.items if keep(item)]
        home = [item for item in items if item.is_page and item.file.src_uri == "index.md"]
        rest = [item for item in items if item not in home]
        categories = [page_of(self.urls.group(g)) for g in listings.by_size(self.catalog.categories)]
        items = [*home, *categories, *rest, page_of(f"{self.urls.archive}/")]
        for page in nav.pages:
            page.previous_page = page.next_page = None  # pages link by date or page number, not by nav order
        pages = list(_pages_in(items))
        self.portal.nav_srcs = {page.file.src_uri for page in pages}
        return Navigation(items, pages)

    # -- pages ---------------------------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        article = self.catalog.by_src.get(src)
        listing = self.listings.get(src)
        if article:
            page.meta.setdefault("template", "article.html")
            page.meta.update(title=article.title, description=article.summary, author=", ".join(article.authors))
        elif listing:
            page.meta.update(template="search.html" if listing.kind == "search" else "listing.html",
                             title=listing.title)
        elif src == "index.md":
            page.meta.setdefault("template", "home.html")
        for key in _THEME_PRINTED:
            if isinstance(page.meta.get(key), str):
                page.meta[key] = Markup.escape(page.meta[key])
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        article = self.catalog.by_src.get(src)
        if article:
            if src in self.portal.in_feeds:
                self.bodies[src] = html
            self.search.add(page.file.dest_uri, article.title, html, self.portal.when(article))
        elif src not in self.listings and src != "index.md":  # the site's own pages are searchable too
            self.search.add(page.file.dest_uri, str(Markup(page.title or "").striptags()), html)
        return html

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        src = page.file.src_uri
        context["article"] = self.catalog.by_src.get(src)
        listing = context["listing"] = self.listings.get(src)
        if listing:
            # rel=prev/next in the page head follow the listing's own pages.
            page.previous_page = self._listing_page(listing, listing.number - 1)
            page.next_page = self._listing_page(listing, listing.number + 1)
        return context

    def _listing_page(self, listing: listings.Listing, number: int) -> Page | None:
        if not 1 <= number <= listing.count:
            return None
        return self._files.get_file_from_path(f"{self.urls.paged(listing.base, number)}index.md").page

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.pages_built += 1
        if self.progress:
            self.progress(self.pages_built, self.pages_total)
        return _valid_toggles(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return _valid_toggles(output_content) if template_name.endswith(".html") else output_content

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self._files = files
        env.filters["url"] = _from_base(env.filters["url"])
        self.pages_total = len(files.documentation_pages())
        env.globals["bantin"] = self.portal
        return env

    # -- output-only files ---------------------------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = config.site_dir
        if config.site_url:
            self._write_feeds(config)
        else:
            log.warning("site_url is not set in mkdocs.yml: feeds need absolute addresses, so none were written")
        robots = os.path.join(site_dir, "robots.txt")
        if not os.path.exists(robots):
            with open(robots, "w", encoding="utf-8") as out:
                out.write("User-agent: *\nAllow: /\n")
                if config.site_url:
                    out.write(f"Sitemap: {self.portal.absolute('sitemap.xml')}\n")
        self._write_stats(site_dir)
        try:
            self.search.finish(site_dir)
        except search.SearchIndexError as error:
            raise PluginError(f"bantin: search index: {error}")

    def on_build_error(self, *, error: Exception) -> None:
        if getattr(self, "search", None):
            self.search.discard()

    def _write_stats(self, site_dir: str) -> None:
        """stats.json: the baked figures with their baselines, so `stats publish` can refresh them alone."""
        from .stats import write_stats_json

        baselines = {a.url: a.views for a in self.catalog.articles}
        site_baseline = self.config.views_baseline + sum(baselines.values())
        portal = self.portal
        shown = {a.url for a in (*portal.latest, *portal.most_read, *portal.most_read_week, *portal.home_latest,
                                 *self.catalog.featured)}
        write_stats_json(site_dir, self.snapshot, baselines, site_baseline, self.read_at, shown)

    def _write_feeds(self, config: MkDocsConfig) -> None:
        portal = self.portal
        site = portal.absolute("")

        def entries(articles) -> list[feeds.Entry]:
            out = []
            for a in articles[:feeds.FEED_SIZE]:
                url = portal.absolute(a.url)
                html = feeds.absolute_links(self.bodies.get(a.src_uri, ""), url)
                out.append(feeds.Entry(a, url, html, self.catalog.views(a),
                                       portal.absolute(a.image) if a.image else None))
            return out

        def write(path: str, data: bytes) -> None:
            target = os.path.join(config.site_dir, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(data)

        site_feed = feeds.Feed(config.site_name, config.site_description or config.site_name, site,
                               self.locale.language, portal.absolute(portal.feed_urls[0]),
                               portal.absolute(portal.feed_urls[1]), portal.absolute(portal.feed_urls[2]))
        items = entries(self.catalog.articles)
        write(portal.feed_urls[0], feeds.rss(site_feed, items))
        write(portal.feed_urls[1], feeds.atom(site_feed, items))
        write(portal.feed_urls[2], feeds.json_feed(site_feed, items))
        for group in self.catalog.categories.values():
            base = self.urls.group(group)
            feed = feeds.Feed(f"{group.name} - {config.site_name}", group.name, portal.absolute(base),
                              self.locale.language, portal.absolute(f"{base}feed.xml"),
                              portal.absolute(f"{base}atom.xml"))
            items = entries(group.articles)
            write(f"{base}feed.xml", feeds.rss(feed, items))
            write(f"{base}atom.xml", feeds.atom(feed, items))
