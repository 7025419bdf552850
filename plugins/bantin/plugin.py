"""The MkDocs adapter: translates MkDocs events into calls on the engine-free model."""

from __future__ import annotations

import logging
import os
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .articles import Article, parse_article
from .catalog import Catalog
from .config import BantinConfig
from .i18n import Locale
from .portal import Portal, Urls
from .problems import ContentError, Problem

# A plain logger, so each problem prints as MkDocs' level then `path:line: field: message`.
log = logging.getLogger("mkdocs.plugins.bantin")

# Front-matter keys that the theme prints without escaping them: we hand it escaped text.
_THEME_PRINTED = ("title", "description", "author")


class BantinPlugin(BasePlugin[BantinConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.catalog: Catalog | None = None
        self.portal: Portal | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Only remembers the command: drafts are previewed by `serve` and never built by `build`.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.catalog = self.portal = None  # `serve` rebuilds in the same process
        try:
            self.tz = ZoneInfo(self.config.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise PluginError(f"bantin: timezone: unknown time zone {self.config.timezone!r}; "
                              "write one like Asia/Ho_Chi_Minh")
        language = (config.theme.get("language") or "en").split("-")[0]
        self.locale = Locale(language)
        urls = self.config.urls
        self.urls = Urls(category=urls.category.strip("/"), tag=urls.tag.strip("/"),
                         author=urls.author.strip("/"), archive=urls.archive.strip("/"),
                         page=(urls.page or ("trang" if self.locale.language == "vi" else "page")).strip("/"))
        self.config_dir = os.path.dirname(config.config_file_path or "")
        return config

    # -- reading -------------------------------------------------------------------------------------------

    def is_article(self, file: File) -> bool:
        """Markdown files in the articles folder, compared by whole path segments; index pages excluded."""
        if not file.is_documentation_page() or file.name in ("index", "README"):
            return False
        folder = PurePosixPath(self.config.articles_dir.strip("/")).parts
        return PurePosixPath(file.src_uri).parts[: len(folder)] == folder

    def read_articles(self, files: Files) -> tuple[list[Article], list[Problem]]:
        """Parse every article once; returns the valid ones and all problems of all files."""
        articles, problems = [], []
        for file in files.documentation_pages():
            if not self.is_article(file):
                continue
            path = os.path.relpath(file.abs_src_path, self.config_dir) if file.abs_src_path else file.src_uri
            article, found = parse_article(file.content_string, path=path, src_uri=file.src_uri,
                                           url=file.url, tz=self.tz)
            problems += found
            if article and article.image and "://" not in article.image and not files.get_file_from_path(article.image):
                problems.append(Problem(path, 1, "image", f"file not found: {article.image} (a path under the "
                                        "content folder, e.g. images/anh.jpg)"))
                article = None
            if article:
                articles.append(article)
        return articles, problems

    @event_priority(-50)  # after other plugins have added their files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        articles, problems = self.read_articles(files)
        for problem in problems:
            (log.error if problem.severity == "error" else log.warning)(str(problem))
        if any(p.severity == "error" for p in problems):
            error = ContentError(problems)
            raise PluginError(f"{error}: fix the lines above; nothing was published")
        if not self.serving:
            for article in articles:
                if article.draft:
                    files.remove(files.get_file_from_path(article.src_uri))
            articles = [a for a in articles if not a.draft]
        self.catalog = Catalog(articles, views_baseline=self.config.views_baseline)
        self.portal = Portal(self.catalog, self.locale, self.urls, latest_count=self.config.latest_count,
                             most_read_count=self.config.most_read_count,
                             related_count=self.config.related_count, home_count=self.config.home_count,
                             site_url=config.site_url or "")
        return files

    # -- navigation ----------------------------------------------------------------------------------------

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Articles are reached through listings, never through the navigation tree."""
        def keep(item) -> bool:
            if item.is_page:
                return not self.is_article(item.file)
            if item.is_section:
                item.children = [child for child in item.children if keep(child)]
                return bool(item.children)
            return True

        pages = []
        for page in nav.pages:
            if keep(page):
                pages.append(page)
            else:
                page.previous_page = page.next_page = None  # articles link by date, in their own template
        for before, after in zip([None, *pages], [*pages, None]):
            if before:
                before.next_page = after
            if after:
                after.previous_page = before
        return Navigation([item for item in nav.items if keep(item)], pages)

    # -- pages ---------------------------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        article = self.catalog.by_src.get(page.file.src_uri)
        if article:
            page.meta.setdefault("template", "article.html")
            page.meta.update(title=article.title, description=article.summary, author=", ".join(article.authors))
        elif page.file.src_uri == "index.md":
            page.meta.setdefault("template", "home.html")
        for key in _THEME_PRINTED:
            if isinstance(page.meta.get(key), str):
                page.meta[key] = Markup.escape(page.meta[key])
        return markdown

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        context["article"] = self.catalog.by_src.get(page.file.src_uri)
        return context

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        env.globals["bantin"] = self.portal
        return env
