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
from .articles import Article, nfc, parse_article
from .authors import parse_authors
from .catalog import Catalog, Snapshot, consistency
from .config import BantinConfig
from .front import MAX_BYTES, decode
from .i18n import Locale
from .messages import Messages
from .pages import parse_page
from .portal import Portal, Urls
from .problems import Problem
from .serve_errors import error_page
from .tree import check_tree
from .writer import Collision, Writer

# A plain logger, so each problem prints as MkDocs' level then `path:line: field: message`.
log = logging.getLogger("mkdocs.plugins.bantin")

AUTHORS_FILE = ".authors.yml"


def _valid_toggles(html: str) -> str:
    """Workaround: base.html puts autocomplete="off" on its toggle checkboxes, which HTML does not allow there
    (the Nu checker reports it); the attribute sits outside any block a theme can override."""
    for toggle in ("__drawer", "__search"):
        html = html.replace(f' type="checkbox" id="{toggle}" autocomplete="off"', f' type="checkbox" id="{toggle}"')
    return html


def _escaped(value):
    """Front-matter as the theme may print it: Material prints `page.meta` values without escaping, so every
    text in it, at any depth, is handed over already escaped (Markup is a str: comparisons still work)."""
    if isinstance(value, str):
        return Markup.escape(nfc(value))
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


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
        self.paths: dict[str, str] = {}  # src_uri → the path editors read in messages
        self.failed: list[Problem] = []  # `serve` only: the problems its error page shows
        self.writer = Writer(config.site_dir)
        try:
            self.tz = ZoneInfo(self.config.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise PluginError(f"bantin: timezone: unknown time zone {self.config.timezone!r}; "
                              "write one like Asia/Ho_Chi_Minh")
        language = (config.theme.get("language") or "en").split("-")[0]
        self.locale = Locale(language)
        self.say = Messages(self.locale.language)
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

    def _path_of(self, file: File) -> str:
        return self._display_path(file.abs_src_path) if file.abs_src_path else file.src_uri

    def _text_of(self, file: File) -> tuple[str | None, list[Problem]]:
        """A content file's text, read as bytes so that a file not in UTF-8 is an editor's message."""
        if not file.abs_src_path:  # generated by another plugin
            return file.content_string, []
        with open(file.abs_src_path, "rb") as source:
            return decode(source.read(MAX_BYTES + 1), self._path_of(file), self.say)

    def read_content(self, files: Files, config: MkDocsConfig) -> tuple[list[Article], list[Problem]]:
        """Parse every page once (articles into Articles, the others checked); all problems of all files."""
        articles, problems = [], []
        exists = lambda path: files.get_file_from_path(path) is not None  # noqa: E731
        templates = set(config.theme.get_env().list_templates())
        for file in files.documentation_pages():
            if file.src_uri in self.parsed:
                continue
            self.parsed.add(file.src_uri)
            path = self._path_of(file)
            text, found = self._text_of(file)
            if text is None:
                problems += found
                continue
            if self.is_article(file):
                article, found = parse_article(text, path=path, src_uri=file.src_uri, url=file.url, tz=self.tz,
                                               image_exists=exists, say=self.say, theme_has=templates.__contains__)
                if article:
                    articles.append(article)
                    self.paths[file.src_uri] = path
            else:
                _, found = parse_page(text, path=path, src_uri=file.src_uri, say=self.say, exists=exists,
                                      theme_has=templates.__contains__)
            problems += found
        return articles, problems

    def read_authors(self, config: MkDocsConfig, files: Files | None = None) -> tuple[dict, list[Problem]]:
        path = Path(config.docs_dir) / AUTHORS_FILE
        if not path.is_file():
            return {}, []
        shown = self._display_path(str(path))
        with open(path, "rb") as source:
            text, problems = decode(source.read(MAX_BYTES + 1), shown, self.say)
        if text is None:
            return {}, problems
        exists = (lambda p: files.get_file_from_path(p) is not None) if files is not None else None  # noqa: E731
        return parse_authors(text, shown, self.say, exists)

    def check(self, config: MkDocsConfig) -> tuple[list[Article], list[Problem]]:
        """Everything `check` and a build report about content, before MkDocs reads or copies any file."""
        problems = check_tree(config.docs_dir, self._display_path(config.docs_dir), self.say)
        if any(p.severity == "error" for p in problems):
            return [], problems  # walking the folder further could read outside it or never end
        files = get_files(config)
        articles, found = self.read_content(files, config)
        self.authors, author_problems = self.read_authors(config, files)
        problems += found + author_problems + consistency(articles, self.paths, self.say)
        return articles, sorted(problems, key=lambda p: (p.path, p.line))

    def _report(self, problems: list[Problem]) -> None:
        for problem in problems:
            (log.error if problem.severity == "error" else log.warning)(str(problem))
        errors = sum(p.severity == "error" for p in problems)
        if errors:
            if self.serving:  # the preview shows the problems instead of hanging until they are fixed
                self.failed = [p for p in problems if p.severity == "error"] + \
                              [p for p in problems if p.severity != "error"]
                return
            raise PluginError(self.say("build_failed", errors=errors))

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Content is read before MkDocs empties the site folder, so a broken article never costs the old site,
        # and before MkDocs walks the content folder, so that a link out of it is never followed.
        self.articles, problems = self.check(config)
        self._report(problems)

    def _claim_outputs(self, files: Files, config: MkDocsConfig) -> list[Problem]:
        """Every address of the site, claimed once: two sources for one address fail the build."""
        problems = []
        docs = os.path.realpath(config.docs_dir)

        def claim(path: str, source: str) -> None:
            try:
                self.writer.claim(path, source)
            except Collision as clash:
                url = clash.path.removesuffix("index.html")
                if clash.first.startswith("Bantin: "):
                    what = self.say(f"gen_{clash.first.removeprefix('Bantin: ')}")
                    message = self.say("collision_generated", url=url, what=what)
                else:
                    message = self.say("collision", url=url, other=clash.first)
                if source.startswith("Bantin: "):  # two generated pages: the configured prefixes overlap
                    problems.append(Problem(self._display_path(config.config_file_path or "mkdocs.yml"), 1,
                                            "urls", message))
                else:
                    problems.append(Problem(source, 1, "file", message))

        generated = [(f"{listing.url}index.html", f"Bantin: {listing.kind}") for listing in self.listings.values()]
        generated += [(path, "Bantin: feed") for path in self.portal.feed_paths()]
        generated.append(("sitemap.xml", "Bantin: sitemap"))
        for path, source in generated:
            claim(path, source)
        self.writer.claim_folder("search/", "Bantin: search_index")
        self.writer.claim_folder("stats/", "Bantin: stats")
        self.writer.claim("stats.json", "Bantin: stats")
        for file in files:
            if file.abs_src_path and os.path.realpath(file.abs_src_path).startswith(docs + os.sep):
                if file.dest_uri == "robots.txt":
                    continue  # the site's own robots.txt is published instead of Bantin's
                claim(file.dest_uri, self._path_of(file))
        return problems

    @event_priority(-50)  # after other plugins have added their files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.failed:
            return self._error_site(files, config)
        added, problems = self.read_content(files, config)  # only files that other plugins added since pre_build
        self._report(problems)
        if self.failed:
            return self._error_site(files, config)
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
        for listing in (*planned, search_page):
            self.listings[listing.src_uri] = listing
        self.search = search.SearchIndex(self.locale.language)
        self.portal = Portal(self.catalog, self.locale, self.urls, latest_count=self.config.latest_count,
                             most_read_count=self.config.most_read_count,
                             related_count=self.config.related_count, home_count=self.config.home_count,
                             site_url=config.site_url or "", listings=self.listings, authors=self.authors,
                             stats_url=self.config.stats.url or "")
        self.writer = Writer(config.site_dir)
        self._report(self._claim_outputs(files, config))
        if self.failed:
            return self._error_site(files, config)
        for listing in self.listings.values():
            files.append(File.generated(config, listing.src_uri, content=""))
        return files

    def _error_site(self, files: Files, config: MkDocsConfig) -> Files:
        """The preview of content with errors: one page listing them, at every address, until they are fixed."""
        config.theme.static_templates.clear()
        return Files([])

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
        if self.failed:
            return nav
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
        page.meta = _escaped(page.meta)
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
        env.globals["bantin"] = None if self.failed else self.portal
        return env

    # -- output-only files ---------------------------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = config.site_dir
        if self.failed:
            page = error_page(self.failed, self.say, self.locale.language)
            for name in ("index.html", "404.html"):
                self.writer.write(name, page, "Bantin: errors")
            return
        if config.site_url:
            self._write_feeds(config)
        else:
            log.warning("site_url is not set in mkdocs.yml: feeds need absolute addresses, so none were written")
        if not os.path.exists(os.path.join(site_dir, "robots.txt")):  # the site may publish its own
            robots = "User-agent: *\nAllow: /\n"
            if config.site_url:
                robots += f"Sitemap: {self.portal.absolute('sitemap.xml')}\n"
            self.writer.write("robots.txt", robots.encode(), "Bantin: robots.txt")
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
            self.writer.write(path, data, "Bantin: feed")

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
