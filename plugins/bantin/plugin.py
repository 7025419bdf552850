"""The MkDocs adapter: translates MkDocs events into calls on the engine-free content reader and site plan.

No site policy lives here: what is published, the menu, the feeds and every address are the plan's
(plan.py, urls.py); what is wrong with the content is content.py's. ProperDocs runs this module unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import logging
import os
import pickle
import re
from collections.abc import Iterable

from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from . import cache, earlier, feeds, opendata, parallel, rendering, search, urls
from .articles import nfc
from .config import BantinConfig
from .content import SCHEDULE_DIR, Content, Source, read_pages, read_site
from .plan import Link as MenuLink, SitePlan
from .problems import Problem
from .serve_errors import error_page
from .settings import Settings, SettingsError
from .writer import Writer

# A plain logger, so each problem prints as MkDocs' level then `path:line: field: message`.
log = logging.getLogger("mkdocs.plugins.bantin")


def settings_of(plugin_config: BantinConfig, config: MkDocsConfig) -> Settings:
    """The site's Settings from a loaded mkdocs.yml (ConfigurationError, exit 2, when one is wrong)."""
    try:
        return Settings.read(plugin_config, language=config.theme.get("language") or "en",
                             config_dir=os.path.dirname(config.config_file_path or ""),
                             docs_dir=config.docs_dir, site_url=config.site_url or "",
                             markdown_extensions=config.markdown_extensions, markdown_configs=config.mdx_configs)
    except SettingsError as error:
        raise ConfigurationError(str(error)) from None


def build_time(tz: dt.tzinfo) -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when it is set (reproducible builds: the same content and time, the same
    bytes, "what is published" included)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz)
    return dt.datetime.now(tz).replace(microsecond=0)


def sources_of(files: Files) -> list[Source]:
    return [Source(f.src_uri, f.url, f.abs_src_path, None if f.abs_src_path else f.content_string)
            for f in files.documentation_pages()]


def content_files(files: Files, config: MkDocsConfig, settings: Settings,
                  withdrawn: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(output path, path shown to editors) of every file from the content folder (not the theme's)."""
    # MkDocs joins docs_dir and the path it walked; the walk kept links inside the folder (tree.py).
    docs, withdrawn = os.path.join(config.docs_dir, ""), set(withdrawn)
    return [(f.dest_uri, settings.shown(f.abs_src_path)) for f in files if f.src_uri not in withdrawn
            and f.abs_src_path and f.abs_src_path.startswith(docs)]


def page_templates(config: MkDocsConfig) -> set[str]:
    """The theme's templates, for checking `template:`."""
    return set(config.theme.get_env().list_templates())


def read_content(config: MkDocsConfig, settings: Settings, templates: set[str] | None = None,
                 jobs: int = 1, store: cache.Cache | None = None,
                 fingerprint: str = "") -> tuple[Content, Files | None]:
    """Everything `check` prints and a build refuses, and the files MkDocs found (None when the folder is
    not safe to walk: MkDocs walks it only once it is known safe)."""
    found = []

    def listed():
        files = get_files(config)
        found.append(files)
        return sources_of(files), lambda path: files.get_file_from_path(path) is not None
    templates = page_templates(config) if templates is None else templates
    content = read_site(listed, settings, templates=templates.__contains__, jobs=jobs, cache=store,
                        fingerprint=fingerprint)
    return content, (found[0] if found else None)


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


def _tidy_site(site_dir: str, keep: set[str] | None, folders: list[str]) -> None:
    """The site folder made ready for the pages, in a child while the build reads and plans (nothing is
    written there before the pages): the earlier build brought back but for what this one keeps of it
    (earlier.py), then every page's folder made. Both cost a warm build more time in the file system than
    anything else it does with its tens of thousands of pages."""
    if keep is not None:
        earlier.restore(site_dir, keep)
    rendering.make_folders(folders)


# Material's own skip link, to the page's first sub-heading: it skips the title and the first paragraphs, and
# the portal's own link (main.html) leads to the title. One skip link per page.
_MATERIAL_SKIP = re.compile(r'<a href="[^"]*" class="md-skip">[^<]*</a>')


def _mend(html: str) -> str:
    """Workarounds for what base.html writes outside any block a theme can override: autocomplete="off" on its
    toggle checkboxes, which HTML does not allow there (the Nu checker reports it), and its skip link."""
    for toggle in ("__drawer", "__search"):
        html = html.replace(f' type="checkbox" id="{toggle}" autocomplete="off"', f' type="checkbox" id="{toggle}"')
    return _MATERIAL_SKIP.sub("", html, count=1)


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


def _nav_key(items) -> tuple:
    """The menu as the pages show it: titles and addresses, nested."""
    return tuple((type(item).__name__, item.title, getattr(item, "url", None),
                  _nav_key(item.children) if getattr(item, "children", None) else None) for item in items)


def _toc_key(toc) -> tuple:
    return tuple((link.title, link.id, link.level, _toc_key(link.children)) for link in toc or ())


class _ListingPage(rendering.OwnPage):
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
        self.plan: SitePlan | None = None
        # Set by the preview (preview.py): pages are rendered when asked for, not written; the cache object
        # lives across its builds, so what one build read and converted the next one finds in memory.
        self.deferred = False
        self.given_cache: cache.Cache | None = None
        # Set by `build` (output.py): the site folder holds an earlier build, whose pages are kept where they
        # are still right (earlier.py).
        self.earlier = False

    @property
    def catalog(self):
        return self.plan.catalog if self.plan else None

    # A build makes millions of objects that live until it ends (files, pages, the catalog): the collector's
    # default of a pass per 700 new objects scans them again and again, a fifth of a warm build at 10,000
    # articles. Fewer passes for the build; the process's own setting back after it.
    GC_THRESHOLD = (100_000, 50, 100)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Remembers the command: drafts are previewed by `serve` and never built by `build`.
        self.serving = command == "serve"
        self._gc = gc.get_threshold()
        gc.set_threshold(*self.GC_THRESHOLD)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `serve` rebuilds in the same process: start every build from nothing.
        self.settings = settings_of(self.config, config)
        self.say = self.settings.say
        # Bantin checks every body link itself, with its line, in `check` too, and knows the files it writes
        # (a link to feed.xml is not missing): MkDocs' own report of the same links would only repeat it.
        config.validation.links.not_found = logging.INFO
        self.plan = None
        self.content = Content()
        self.failed: list[Problem] = []  # `serve` only: the problems its error page shows
        self.writer = Writer(config.site_dir)
        self.pages_built = self.pages_total = 0
        self.bodies: dict[str, str] = {}  # src_uri → rendered HTML, for the articles that feeds carry
        self._assets = None  # the theme's hashed assets (_hashed_assets), read once per build
        self._search_job: parallel.Background | None = None  # the search index, being made (on_env)
        self.converted = 0  # articles converted by this build, not taken from the cache (_prepare_articles)
        return config

    def _fingerprint(self, config: MkDocsConfig) -> str:
        """What every cached result depends on beyond its own file: the configuration, the theme's own files,
        whether MkDocs keeps what debugging needs. (Whether drafts are shown is in `_chrome`: it changes pages,
        not what is read or converted.)"""
        with open(config.config_file_path, "rb") as source:
            configuration = source.read()
        theme = config.theme.custom_dir
        hooks = []  # the site's own Python (MkDocs hooks) can change any page
        for module in (config.hooks or {}).values():
            with open(module.__file__, "rb") as source:
                hooks.append(source.read())
        return cache.fingerprint(configuration, theme and cache.folder_digest(theme), sorted(self.templates), hooks,
                                 config.site_url, config.use_directory_urls,
                                 config.markdown_extensions, config.mdx_configs,
                                 logging.getLogger("mkdocs").getEffectiveLevel() <= logging.DEBUG)

    def _report(self, problems: list[Problem]) -> None:
        for problem in problems:
            (log.error if problem.severity == "error" else log.warning)(str(problem))
        errors = sum(p.severity == "error" for p in problems)
        if errors and self.serving:  # the preview shows the problems instead of hanging until they are fixed
            self.failed = sorted(problems, key=lambda p: p.severity != "error")
        elif errors:
            raise PluginError(self.say("build_failed", errors=errors))

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Content is read before MkDocs empties the site folder, so a broken article never costs the old site,
        # and before MkDocs walks the content folder, so that a link out of it is never followed.
        self.templates = page_templates(config)  # once per build, for pre_build and on_files alike
        folder = os.path.join(self.settings.config_dir, ".cache", "bantin") if self.config.cache else None
        self.cache, self.fingerprint = self.given_cache or cache.Cache(folder), self._fingerprint(config)
        self.cache.begin()
        self.content, _ = read_content(config, self.settings, self.templates, self.jobs, self.cache,
                                       self.fingerprint)
        self._report(self.content.problems)
        if self.earlier:  # MkDocs empties the folder next
            earlier.hide(config.site_dir)

    @event_priority(-50)  # after other plugins have added their files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        files = self._read_files(files, config)
        keep = None
        if self.earlier:  # the earlier build's files, but for those at this build's pages
            # what this build puts there from the cache, pages and files as they are, may stay (cache.Cache.link)
            keep = {file.dest_uri for file in files if file.is_documentation_page()
                    or (self.cache.folder and rendering.placeable(file))}
        if not self.failed and not self.deferred and self.jobs > 1:
            self._folders = parallel.Background(functools.partial(
                _tidy_site, config.site_dir, keep, rendering.page_folders(files)))
        elif keep is not None:
            earlier.restore(config.site_dir, keep)
        return files

    def _read_files(self, files: Files, config: MkDocsConfig) -> Files:
        if not self.failed:  # files other plugins added since pre_build are read too
            before = len(self.content.problems)
            read_pages(sources_of(files), self.settings, exists=lambda p: files.get_file_from_path(p) is not None,
                       templates=self.templates.__contains__, into=self.content)
            self._report(self.content.problems[before:])
        if self.failed:
            config.theme.static_templates.clear()  # no 404 page or sitemap drawn by the theme over the error page
            return Files([])
        self.read_at = build_time(self.settings.tz)
        self.plan = self.make_plan(self.content.articles, config, self._read_snapshot())
        for src in self.plan.withdrawn:
            files.remove(files.get_file_from_path(src))
        for file in [f for f in files if f.src_uri.startswith(f"{SCHEDULE_DIR}/") and f.src_uri.endswith((".yml", ".yaml"))]:
            files.remove(file)  # the schedule's sources: the site shows their pages, not their YAML
        config_path = self.settings.shown(config.config_file_path or "mkdocs.yml")
        self._report(self.plan.claim(self.writer, content_files(files, config, self.settings, self.plan.withdrawn),
                                     config_path))
        logo = self.settings.agency.logo
        if logo and files.get_file_from_path(logo.lstrip("/")) is None:
            self._report([Problem(config_path, 1, "agency.logo", self.say("logo_missing", path=logo))])
        if self.failed:
            config.theme.static_templates.clear()
            return Files([])
        for src in self.plan.listings:
            files.append(File.generated(config, src, content=""))
        # Articles and listings are in no menu: marked so, MkDocs neither nests them into its navigation nor
        # makes them pages of its own (these are Bantin's, made here once).
        self._by_src = {file.src_uri: file for file in files}
        for src in self.plan.listings:
            _ListingPage(None, self._not_in_nav(src), config)
        for src in (*self.catalog.by_src, *self.register.by_src):
            if src in self._by_src:
                rendering.ArticlePage(None, self._not_in_nav(src), config)
        self.plan.portal.file_sizes = self._file_sizes()
        self.search = search.SearchIndex(self.settings.language)
        self.searchable, self.search_key = [], hashlib.blake2b(self.fingerprint.encode(), digest_size=16)
        self.terms: dict[str, str] = {}  # src_uri → the cache key of its search terms
        self.texts: dict[str, search.Analysis] = {}  # the terms of the pages not converted with the articles
        return files

    def make_plan(self, articles, config: MkDocsConfig, snapshot) -> SitePlan:
        return SitePlan(articles, self.settings, snapshot=snapshot, authors=self.content.authors,
                        serving=self.serving, site_name=config.site_name,
                        site_description=config.site_description or "", read_at=self.read_at,
                        documents=self.content.documents, leaders=self.content.leaders, weeks=self.content.weeks)

    def replan(self, articles, config: MkDocsConfig) -> tuple[list[Page], list[str]] | None:
        """The plan made again from `articles` (the preview's, after a save) and put in place of this build's,
        when it keeps the pages this build made with their titles, and the menu: listing pages it adds are
        made here (pages of a listing that grew, an archive's new month), those it drops are returned. None
        (nothing changed) when the build must be made again."""
        old = self.plan
        new = self.make_plan(articles, config, old.snapshot)
        if any(old.listings[src].title != listing.title for src, listing in new.listings.items()
               if src in old.listings) or new.menu(self._menu_sources) != old.menu(self._menu_sources):
            return None
        portal = new.portal
        portal.nav_srcs, portal.file_sizes, portal.assets = old.portal.nav_srcs, old.portal.file_sizes, old.portal.assets
        new.register.take_citations(old.register, new.catalog.by_src)
        self.plan = new
        self.env.globals["bantin"] = portal
        added = []
        for src in new.listings.keys() - old.listings.keys():
            self._files.append(file := File.generated(config, src, content=""))
            self._by_src[src] = file
            added.append(page := _ListingPage(None, self._not_in_nav(src), config))
            self.take_page(page, config)
        return added, sorted(old.listings.keys() - new.listings.keys())

    def take_page(self, page: Page, config: MkDocsConfig) -> None:
        """One page made (again) after a build, by that build's steps, to be rendered when asked for (the
        preview, after a save): its source read, its events, its HTML, the citations in it linked."""
        files = self._files
        page.read_source(config)
        page.markdown = self.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        src = page.file.src_uri
        source = self.catalog.by_src.get(src) or self.register.by_src.get(src)
        if source is not None:
            page.content = self.link_citations(page.content, page, source)

    @property
    def register(self):
        return self.plan.register

    def _file_sizes(self) -> dict[str, int]:
        """The size of each document's attached files, which their pages show beside the download links."""
        sizes = {}
        for document in self.register.documents:
            for path in document.files:
                file = self._by_src.get(path)
                if file is not None and file.abs_src_path:
                    try:
                        sizes[path] = os.path.getsize(file.abs_src_path)
                    except OSError:
                        pass
        return sizes

    def _not_in_nav(self, src: str) -> File:
        file = self._by_src[src]
        file.inclusion = InclusionLevel.NOT_IN_NAV
        return file

    def _read_snapshot(self):
        """One read of the statistics store per build (nothing counted yet if there is no store), after
        ingesting the logs of `stats: logs:` (stats/logs.py)."""
        from . import stats
        from .stats.logs import ingest_logs

        ingest_logs(self.settings, log)
        try:
            return stats.read_snapshot(self.settings.store_path, self.settings.tz, now=self.read_at)
        except stats.StatsError as error:
            raise PluginError(f"bantin: statistics store: {error}")

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The plan's menu, with MkDocs' sections kept for the site's own pages; never articles."""
        if self.failed:
            return nav
        def keep(item) -> bool:
            if item.is_page:
                return self.plan.in_menu(item.file.src_uri)
            if item.is_section:
                item.children = [child for child in item.children if keep(child)]
                return bool(item.children)
            return True

        own = {(item.file.src_uri if item.is_page else id(item)): item for item in nav.items if keep(item)}
        def item(key):
            if isinstance(key, MenuLink):
                return Link(key.title, key.url)
            return own.get(key) or files.get_file_from_path(key).page
        self._menu_sources = list(own)
        items = [item(key) for key in self.plan.menu(self._menu_sources)]
        for page in nav.pages:
            page.previous_page = page.next_page = None  # pages link by date or page number, not by nav order
        pages = list(_pages_in(items))
        self.plan.portal.nav_srcs = {page.file.src_uri for page in pages}
        self.nav = Navigation(items, pages)
        self._prepare_articles(config, files)
        if self.register.documents and not self.deferred:
            self.cache.preload("cites")  # asked for by every article and document in MkDocs' page loop
        return self.nav

    @property
    def jobs(self) -> int:
        return self.config.jobs or parallel.default_jobs()

    def _prepare_articles(self, config: MkDocsConfig, files: Files) -> None:
        """Every article read and converted once, ahead of MkDocs' page loop, on every core (rendering.py)."""
        if config.plugins.events.get("page_read_source"):  # another plugin supplies sources: MkDocs reads
            return
        pages, titles = [], {}
        for src, title, identifier in self._titles():
            file = self._by_src.get(src)
            if file is not None:
                pages.append(file.page)
                titles[src] = title, identifier
        for page in pages:  # the cache key of its conversion and of its search terms
            src = page.file.src_uri
            self.terms[src] = (f"{self.fingerprint}:{src}:{page.file.url}:{self.content.digests[src]}"
                               if src in self.content.digests else f"{self.fingerprint}:{src}:new")

        def known(src: str):
            return self.cache.get("page", self.terms[src]) if src in self.content.digests else None

        def keep(src: str, prepared: bytes, terms: bytes) -> None:
            self.cache.put_raw("page", self.terms[src], prepared)
            self.cache.put_raw("terms", self.terms[src], terms)
            self.cache.flush(at_least=2_000)  # into the file as they come, not held until the end of the build
        self.cache.preload("page")
        todo = rendering.reuse(pages, files, known)
        self.cache.unload("page")
        self.converted = len(todo)
        rendering.convert_all(todo, config, files, titles, self.jobs, keep)
        self.cache.flush()

    def _titles(self) -> Iterable[tuple[str, str, str]]:
        """Each article's and document's title and identifier (a document's number), as search indexes them."""
        for src, article in self.catalog.by_src.items():
            yield src, article.title, ""
        for src, document in self.register.by_src.items():
            yield src, f"{document.heading}: {document.title}", document.number

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        template, own_choice = self.plan.template(src)
        if template:
            if own_choice:
                page.meta.setdefault("template", template)
            else:
                page.meta["template"] = template
        article = self.catalog.by_src.get(src)
        listing = self.plan.listings.get(src)
        document = self.register.by_src.get(src)
        if article:
            page.meta.update(title=article.title, description=article.summary, author=", ".join(article.authors))
        elif document:
            page.meta.update(title=f"{document.heading}: {document.title}", description=document.title,
                             author=document.issuer)
        elif listing:
            page.meta["title"] = listing.title
        page.meta = _escaped(page.meta)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        article = self.catalog.by_src.get(src)
        document = self.register.by_src.get(src)
        if self.plan.searchable(src):  # before the citations are linked: links add no words
            title = (article.title if article else f"{document.heading}: {document.title}" if document
                     else str(Markup(page.title or "").striptags()))
            identifier = document.number if document else ""
            # what its terms are counted from, to tell which pages an edit changed (an update of the index)
            sense = hashlib.blake2b(repr((title, identifier)).encode() + b"\0" + html.encode(), digest_size=16)
            prepared = getattr(page, "prepared", None)  # its terms were counted with its conversion
            terms = self.terms.get(src) if prepared and prepared.content == html else None
            if terms is None:  # a page of the site's own (a few): its terms counted now, and kept for the next build
                terms = f"{self.fingerprint}:text:{sense.hexdigest()}"
                self.texts[terms] = search.analyse(title, html, identifier)
                if not self.cache.has("terms", terms):
                    self.cache.put("terms", terms, self.texts[terms])
            entry = (page.file.dest_uri, title, self.plan.portal.when(article) if article
                     else self.plan.portal.day(document.issued) if document else "", identifier, sense.digest(), terms)
            self.searchable.append(entry)
            self.search_key.update(repr(entry).encode())
        if article or document:
            html = self.link_citations(html, page, article or document)
        if article and src in self.plan.portal.in_feeds:
            self.bodies[src] = html
        if document and src in self.plan.portal.register_in_feed:
            self.bodies[src] = html
        return html

    def link_citations(self, html: str, page: Page, source) -> str:
        """The mentions of registered documents' numbers in a body, linked to their pages (one pass). Where
        they are in the body is kept in the cache, under the body and the register's numbers: a build that
        changed neither looks for none (some 80 µs a page, 15,000 pages with the register's)."""
        if not self.register.documents:
            return html
        citations = self.register.citations
        key = cache.fingerprint(citations.key, html)
        spans = self.cache.get("cites", key)
        if not isinstance(spans, list):
            spans = citations.in_html(html)
            self.cache.put("cites", key, spans)
        html, cited = citations.link_html(html, lambda d: get_relative_url(d.url, page.url), spans)
        self.register.cite(source, cited)
        return html

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        src = page.file.src_uri
        context["article"] = self.catalog.by_src.get(src)
        context["document"] = self.register.by_src.get(src)
        listing = context["listing"] = self.plan.listings.get(src)
        if listing:
            # rel=prev/next in the page head follow the listing's own pages.
            page.previous_page, page.next_page = (
                self._page(self.plan.listing_page(listing, listing.number + step)) for step in (-1, 1))
        return context

    def _page(self, src: str | None) -> Page | None:
        return self._by_src[src].page if src else None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return _mend(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return _mend(output_content) if template_name.endswith(".html") else output_content

    @event_priority(-100)  # last: the pages are rendered here, with every other plugin's additions
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self._files = files
        self.cache.unload("cites")  # MkDocs' page loop is over
        env.filters["url"] = _from_base(env.filters["url"])
        pages = [file.src_uri for file in files.documentation_pages()]
        self.pages_total = len(pages)
        env.globals["bantin"] = None if self.failed else self.plan.portal
        if not self.failed:
            self.plan.portal.assets = {path: hashed for path, (hashed, _) in self._hashed_assets(config).items()}
            if not self.deferred:
                self._attach_related()
            self._chrome = cache.fingerprint(self.fingerprint, self.serving, self.plan.portal.chrome(),
                                             _nav_key(self.nav.items))
            self.env = env
            if self.deferred:  # the preview renders each page, and the sitemap, when asked for
                config.theme.static_templates.discard(urls.SITEMAP)
            else:
                self.cache.preload("file:html")
                self._wait_folders()
                if self.cache.folder:
                    rendering.place_files(files, self.cache)
                # A build that converted few articles renders few pages (the rest are the cache's): the index's
                # child then takes the core the renderers leave idle at once, not after them.
                early = self.converted * 10 <= len(pages)
                if early:
                    self._search_job = self._start_search()
                config.theme.static_templates.difference_update(rendering.THEME_PAGES)  # made with the pages
                self._rest = rendering.render_pages(
                    pages, config, files, self.nav, self.env, self.jobs, self._built, self._page_key, self.cache,
                    then=lambda: rendering.not_found(config, self.nav, files, self.env))
                if not early:  # the index's child is forked now: without what the rendered pages held
                    rendering.release(pages, files)
                    self._search_job = self._start_search()
                for path, data, what in rendering.sitemap(config, self.nav, files, self.env):  # beside the rest
                    self.writer.write(path, data, f"Bantin: {what}")
            self._aside = rendering.set_aside(pages, files)
        return env

    def _attach_related(self) -> None:
        """Every article's related articles, which its page and its cache key show: kept in the cache under
        what they are ranked by (tags, categories, dates), so that a build that changed none of those (an edit
        of a body or a title) ranks none again; ranked on every core when it must."""
        portal = self.plan.portal
        key = cache.fingerprint("related", portal.related_count, self.catalog.relatedness())
        lists = self.cache.get("related", key)
        if not isinstance(lists, dict) or lists.keys() != self.catalog.by_src.keys():
            srcs = list(self.catalog.by_src)
            lists = dict(zip(srcs, parallel.fork_map(portal.related_srcs, srcs, self.jobs)))
            self.cache.put("related", key, lists)
        portal.know_related(lists)

    # The portal's own CSS and scripts, which every page loads: a copy named by its content, so browsers and
    # nginx keep it for good (deploy/nginx.conf) and a page never waits to revalidate it before painting.
    HASHED_ASSETS = ("assets/bantin/bantin.css", "assets/bantin/portal.js", "assets/bantin/search.js")

    def _hashed_assets(self, config: MkDocsConfig) -> dict[str, tuple[str, bytes]]:
        if getattr(self, "_assets", None) is None:
            self._assets = {}
            for path in self.HASHED_ASSETS:
                found = next((os.path.join(folder, path) for folder in config.theme.dirs  # custom_dir first
                              if os.path.isfile(os.path.join(folder, path))), None)
                if found is None:
                    continue
                with open(found, "rb") as stream:
                    data = stream.read()
                stem, extension = os.path.splitext(path)
                digest = hashlib.blake2b(data, digest_size=5).hexdigest()
                self._assets[path] = (f"{stem}.{digest}.min{extension}", data)
        return self._assets

    def _page_key(self, page: Page) -> str | None:
        """The cache key of an article's or a listing's page: its text, what it shows of the catalog
        (Portal.shows) and what all pages show (Portal.chrome). None for other pages: few, always rendered."""
        src = page.file.src_uri
        article, listing = self.catalog.by_src.get(src), self.plan.listings.get(src)
        document = self.register.by_src.get(src)
        if (article is None and listing is None and document is None) or src in self.plan.portal.nav_srcs \
                or page.meta.get("hide"):
            return None
        return cache.fingerprint(self._chrome, src, page.url, page.canonical_url, page.title,
                                 sorted(page.meta.items()), page.content, _toc_key(page.toc),
                                 self.plan.portal.shows(article, listing, document))

    def _built(self, count: int) -> None:
        self.pages_built += count
        if self.progress:
            self.progress(self.pages_built, self.pages_total)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The files Bantin writes itself, all through the one writer."""
        self._bring_back(config)
        if self.failed:
            page = error_page(self.failed, self.say, self.settings.language)
            for name in ("index.html", urls.NOT_FOUND):
                self.writer.write(name, page, "Bantin: errors")
            return
        if config.site_url:
            self._write_feeds()
        else:
            log.warning("site_url is not set in mkdocs.yml: feeds need absolute addresses, so none were written")
        if self.register.documents:
            for name, data in opendata.files(self.register, self.plan.portal):
                self.writer.write(self.settings.routes.register(name), data, "Bantin: open_data")
        for hashed, data in self._hashed_assets(config).values():
            self.writer.write(hashed, data, "Bantin: assets")
        if not os.path.exists(os.path.join(config.site_dir, urls.ROBOTS)):  # the site may publish its own
            self.writer.write(urls.ROBOTS, self.plan.robots().encode(), "Bantin: robots.txt")
        from .stats import write_stats_json

        baselines, site_baseline, shown = self.plan.stats()
        write_stats_json(config.site_dir, self.plan.snapshot, baselines, site_baseline, self.read_at, shown,
                         write=lambda path, data: self.writer.write(path, data, "Bantin: stats"))
        if not self.deferred:  # the preview writes it once the new pages are shown (write_search)
            self.write_search()
            rest, self._rest = self._rest, None
            for path, data, what in rest.result():  # the last pages' child is done by now
                self.writer.write(path, data, f"Bantin: {what}")
        log.debug(f"cache: {self.cache.hits} found, {self.cache.misses} made")
        if not self.given_cache:
            self.cache.save()

    def _start_search(self) -> parallel.Background | None:
        """The search index made in a child process while MkDocs' page loop and the end of the build go on,
        when the cache does not hold it already. Started once the pages are rendered when most were converted
        now (beside busy renderers it would take no idle core and add its memory to theirs), before when few
        were (on_env). Not with one job: one process."""
        if self.jobs < 2 or self.cache.has("search", self.search_key.hexdigest()):
            return None
        return parallel.Background(self._search_files)

    def write_search(self, stop=lambda: False) -> bool:
        """The search index, or the same files as the last build when every searchable page is the same.
        The preview passes `stop`: when it says so (a newer save), nothing is written and False returned."""
        key = self.search_key.hexdigest()
        if not self._link_search(self.cache.get("search", key)):
            job, self._search_job = getattr(self, "_search_job", None), None
            made = job.result() if job else self._search_files(stop)
            if made is None:
                return False
            files, state = made
            if (kept := self._keep_search(files)) is not None:
                self.cache.put("search", key, kept)
            if state is not None:
                self.cache.stored_file("index", self.fingerprint, state)
        self.cache.keep("terms", (entry[-1] for entry in self.searchable))  # for the next edit
        self.cache.keep("file:index", [self.fingerprint])
        return True

    SEARCH_SOURCE = "Bantin: search_index"

    def _link_search(self, kept: list[tuple[str, str]] | None) -> bool:
        """The index's files linked from the cache, where each is kept by its digest: one link each (there are
        some 1,600 at 10,000 articles) instead of reading and writing them. False, and none claimed, when one
        of them is missing."""
        if not kept:
            return False
        self.cache.preload("file:search")
        try:
            if not all(self.cache.link("search", digest, self.writer.target(path)) for path, digest in kept):
                return False
        finally:
            self.cache.unload("file:search")
        for path, digest in kept:
            self.writer.taken(path, self.SEARCH_SOURCE)
            self.cache.reused_file("search", digest)
        return True

    def _keep_search(self, files: list[tuple[str, bytes]]) -> list[tuple[str, str]] | None:
        """Each of the index's files written and kept in the cache by its digest (a file an edit left as it was
        is linked again, not written); the list of (path, digest), or None when the cache keeps no files."""
        kept = []
        self.cache.preload("file:search")
        for path, data in files:
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            if self.cache.keep_file("search", digest, data, self.writer.target(path)):
                self.writer.taken(path, self.SEARCH_SOURCE)
                if kept is not None:
                    kept.append((path, digest))
            else:
                self.writer.write(path, data, self.SEARCH_SOURCE)
                kept = None
        self.cache.unload("file:search")
        return kept

    def _search_files(self, stop=lambda: False) -> tuple[list[tuple[str, bytes]], tuple | None] | None:
        """The search index's files, (path, bytes) in the order they are written, and what the cache noted of
        the index's state it kept for the next build (a file, one per configuration, written over by each
        index: a preview's edits do not pile up); None when `stop` said so. The last build's index is updated
        when the same number of pages is searchable and few changed (an edit), else made from every page's
        terms."""
        files = []
        try:
            for update in (True, False):
                if update and not self._update_search():
                    continue
                if not update and not self._index_all(stop):
                    return None
                if stop():  # writing the index is a second or two more: not for a newer save to wait
                    self.search.discard()
                    return None
                try:
                    state = self.search.finish(lambda path, data: files.append((path, data)))
                    break
                except search.Stale as why:
                    if not update:  # a new index is never stale: say so, rather than end with no index
                        raise
                    log.debug(f"search index: made again ({why})")
                    files.clear()
        except search.SearchIndexError as error:
            raise PluginError(f"bantin: search index: {error}")
        state = {"pages": self.searchable, "index": state}  # 30 MB pickled at 10,000 articles: into the file
        return files, self.cache.store("index", self.fingerprint,
                                       lambda out: pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL))

    def _update_search(self) -> bool:
        """The last index taken up with each changed page replaced; False when there is none to take up, when
        the pages moved (one added or removed) or many changed, or when a changed page's terms are missing."""
        last = self._last_index()
        pages = last.get("pages") if isinstance(last, dict) else None
        if not pages or len(pages) != len(self.searchable) or not self.search.resume(last.get("index")):
            return False
        changed = [n for n, (was, now) in enumerate(zip(pages, self.searchable)) if was != now]
        # a page replaced costs ~10 ms, against ~0.4 ms a page for a new index (at 10,000 articles): past a
        # twentieth of the pages changed, a new one is as quick
        if len(changed) > max(10, len(pages) // 20):
            self.search.discard()
            return False
        try:
            for n in changed:
                *_, sense, terms = pages[n]
                dest, title, date, _, new_sense, new_terms = self.searchable[n]
                # a key that does not name its content (a page MkDocs did not read from a file) holds the new terms
                old = None if terms == new_terms and sense != new_sense else self.cache.get("terms", terms)
                new = self.texts.get(new_terms) or self.cache.get("terms", new_terms)
                if old is None or new is None:
                    raise search.Stale(f"the terms of page {n} are missing")
                self.search.replace(n, old, dest, title, date, new)
        except search.Stale as why:
            log.debug(f"search index: made again ({why})")
            self.search.discard()
            return False
        log.debug(f"search index: {len(changed)} of {len(pages)} pages replaced")
        return True

    def _last_index(self):
        """What the last index kept of itself (its 30 MB at 10,000 articles let go once read), or None."""
        data = self.cache.read("index", self.fingerprint)
        try:
            return cache.loads(data) if data else None
        except Exception:  # a damaged file is no index to take up
            return None

    def _index_all(self, stop) -> bool:
        """Every searchable page's terms added to a new index, read from the cache a batch at a time (all of
        them at once would be some 60 MB at 10,000 articles); False when `stop` said so."""
        self.search.discard()
        analyses = self.cache.each("terms", [entry[-1] for entry in self.searchable])
        try:
            for number, ((dest, title, date, identifier, _, terms), analysis) in enumerate(zip(self.searchable,
                                                                                              analyses)):
                if number % 500 == 0 and stop():
                    self.search.discard()
                    return False
                analysis = self.texts.get(terms) or analysis
                if analysis is None:  # its terms are gone from the cache: counted again
                    kept = self.cache.get("page", terms)
                    analysis = search.analyse(title, kept.content if kept else "", identifier)
                self.search.add(dest, title, "", date, analysis, identifier)
        finally:
            analyses.close()
        log.debug(f"search index: made from its {self.search.count} pages")
        return True

    def _wait_folders(self) -> None:
        job, self._folders = getattr(self, "_folders", None), None
        if job is not None:
            job.result()

    def _cancel_children(self) -> None:
        """Stop the search index's child, and the last pages' child, of a build that ends before using them."""
        for job in ("_search_job", "_rest"):
            if getattr(self, job, None):
                getattr(self, job).cancel()
                setattr(self, job, None)

    def on_shutdown(self) -> None:
        self._wait_folders()
        self._cancel_children()
        gc.set_threshold(*getattr(self, "_gc", gc.get_threshold()))

    def _bring_back(self, config: MkDocsConfig | None) -> None:
        """The pages set aside in on_env back in the site's files; their anchors checked when the build went on."""
        aside, self._aside = getattr(self, "_aside", None), None
        if aside:
            rendering.bring_back(aside, self._files, config.validation.links.anchors if config else None)

    def on_build_error(self, *, error: Exception) -> None:
        self._bring_back(None)
        self._wait_folders()
        self._cancel_children()
        if getattr(self, "search", None):
            self.search.discard()

    def _write_feeds(self) -> None:
        portal, language = self.plan.portal, self.settings.language
        for plan in self.plan.feeds():
            entries = []
            for d in plan.documents:
                address = portal.absolute(d.url)
                html = feeds.absolute_links(self.bodies.get(d.src_uri, ""), address)
                entries.append(feeds.Entry(opendata.as_entry(d, portal), address, html, 0))
            for a in plan.articles:
                address = portal.absolute(a.url)
                html = feeds.absolute_links(self.bodies.get(a.src_uri, ""), address)
                entries.append(feeds.Entry(a, address, html, self.catalog.views(a),
                                           portal.absolute(a.image) if a.image else None))
            feed = feeds.Feed(plan.title, plan.description, portal.absolute(plan.link), language,
                              portal.absolute(plan.rss), portal.absolute(plan.atom),
                              portal.absolute(plan.json) if plan.json else None)
            self.writer.write(plan.rss, feeds.rss(feed, entries), "Bantin: feed")
            self.writer.write(plan.atom, feeds.atom(feed, entries), "Bantin: feed")
            if plan.json:
                self.writer.write(plan.json, feeds.json_feed(feed, entries), "Bantin: feed")
