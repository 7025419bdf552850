"""The site plan: from the parsed content, the statistics snapshot and the settings, what the site is.

Which articles are published, the generated pages, the menu's order, the feeds, robots.txt, what the
statistics files carry, which page is searchable and with which template each page is drawn. Pure: no engine
import; the MkDocs adapter hands the plan's answers to MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import urls
from .articles import Article
from .authors import AuthorInfo
from .catalog import Catalog, Snapshot
from .content import is_article, is_document
from .feeds import FEED_SIZE
from .documents import Document
from .listings import Listing, by_size, plan as plan_listings, plan_register
from .portal import Portal
from .register import Register
from .schedule import newest_first, week_label
from .problems import Problem
from .settings import Settings
from .writer import Collision, Writer

HOME = "index.md"
ABOUT, CONTACT = "gioi-thieu.md", "lien-he.md"  # the menu puts them where TT 32 lists them: first and last
REGISTER_KINDS = ("register", "doc_type", "doc_issuer", "doc_field", "doc_year")


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """One feed family (RSS, Atom and maybe JSON) over a list of articles."""

    title: str
    description: str
    link: str  # the HTML page it follows, site-relative
    rss: str
    atom: str
    json: str | None
    articles: tuple[Article, ...]
    documents: tuple[Document, ...] = ()  # the register's feed lists documents instead


@dataclass(frozen=True, slots=True)
class Link:
    """A menu item leading out of the site (the online public services portal)."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Output:
    """An address the build writes, and who writes it (for collisions, named in messages)."""

    path: str
    kind: str  # a messages key suffix: category, feed, sitemap, search_index, stats, …
    folder: bool = False


class SitePlan:
    def __init__(self, articles: Iterable[Article], settings: Settings, *, snapshot: Snapshot = Snapshot(),
                 authors: Mapping[str, AuthorInfo] = {}, serving: bool = False, site_name: str = "",
                 site_description: str = "", read_at: dt.datetime | None = None,
                 documents: Iterable[Document] = (), leaders: Sequence = (), weeks: Sequence = ()):
        self.settings, self.routes = settings, settings.routes
        self.locale = settings.locale
        articles = list(articles)
        self.now = now = read_at or dt.datetime.now(settings.tz)
        # Drafts, articles dated in the future and expired ones are previewed by `serve`, with a mark, and never
        # built: a scheduled article goes live with the first build after its date (the hourly run).
        self.scheduled = tuple(sorted((a for a in articles if not a.draft and a.date > now), key=lambda a: a.date))
        marks = {a.src_uri: "draft" for a in articles if a.draft}
        marks.update({a.src_uri: "scheduled" for a in self.scheduled})
        marks.update({a.src_uri: "expired" for a in articles if a.expires and a.expires <= now})
        # A document is in the register from its date of issue (an expired one stays: citizens look it up).
        documents = list(documents)
        marks.update({d.src_uri: "draft" if d.draft else "scheduled" for d in documents
                      if d.draft or d.issued > now})
        self.withdrawn = () if serving else tuple(src for src in marks)
        published = [a for a in articles if serving or a.src_uri not in marks]
        self.register = Register([d for d in documents if serving or d.src_uri not in marks], now)
        self.snapshot, self.read_at = snapshot, read_at
        self.catalog = Catalog(published, snapshot, views_baseline=settings.views_baseline)
        search_url, map_url = self.routes.index("search"), self.routes.index("site_map")
        self.listings: dict[str, Listing] = {
            listing.src_uri: listing
            for listing in (*plan_listings(self.catalog, self.routes, self.locale, settings.page_size, authors),
                            *(plan_register(self.register, self.routes, self.locale, settings.page_size)
                              if self.register.documents else ()),
                            Listing("search", self.locale["search"], search_url, search_url),
                            Listing("site_map", self.locale["site_map"], map_url, map_url),
                            *self._frame_pages(leaders, weeks))
        }
        self.portal = Portal(self.catalog, self.locale, self.routes, latest_count=settings.latest_count,
                             most_read_count=settings.most_read_count, related_count=settings.related_count,
                             home_count=settings.home_count, site_url=settings.site_url, listings=self.listings,
                             authors=authors, stats_url=settings.stats_url, marks=marks if serving else {},
                             register=self.register, agency=settings.agency, leaders=tuple(leaders),
                             weeks=tuple((week, self.routes.week(week)) for week in newest_first(weeks)),
                             notice=settings.notice if settings.notice and (settings.notice.until is None
                                                                            or now < settings.notice.until) else None,
                             now=now)
        self.site_name, self.site_description = site_name, site_description or site_name

    def _frame_pages(self, leaders: Sequence, weeks: Sequence) -> list[Listing]:
        """The pages NĐ 224/2026 Điều 9 asks for beside the news: the leaders, and their weekly work schedule."""
        t, r, out = self.locale, self.routes, []
        if leaders:
            out.append(Listing("leaders", t["leaders"], f"{r.leaders}/", f"{r.leaders}/"))
        if weeks:
            out.append(Listing("weeks", t["schedule_weeks"], f"{r.schedule}/", f"{r.schedule}/"))
            out += [Listing("week", f"{t['schedule']} – {week_label(week, t)}", r.week(week), r.week(week),
                            group=week) for week in weeks]
        return out

    # -- what exists ---------------------------------------------------------------------------------------

    def is_generated(self, src_uri: str) -> bool:
        return src_uri in self.listings

    def outputs(self) -> list[Output]:
        """Every address Bantin itself produces, known before anything is written."""
        out = [Output(urls.index_file(listing.url), listing.kind) for listing in self.listings.values()]
        out += [Output(path, "feed") for feed in self.feeds() for path in (feed.rss, feed.atom, feed.json) if path]
        if self.register.documents:
            out += [Output(self.routes.register(name), "open_data") for name in urls.OPEN_DATA]
        out += [Output(urls.SITEMAP, "sitemap"), Output(urls.NOT_FOUND, "not_found"), Output(urls.STATS, "stats"),
                Output(urls.SEARCH_INDEX, "search_index", folder=True),
                Output(urls.STATS_FOLDER, "stats", folder=True)]
        return out

    def claim(self, writer: Writer, files: Iterable[tuple[str, str]], config_path: str) -> list[Problem]:
        """Every address of the site claimed once, in `writer`: Bantin's outputs, then each content file
        (its output path, the path editors read). Two sources for one address are a problem naming both."""
        say = self.settings.say
        problems = []

        def what(source: str) -> str:
            return say(f"gen_{source.removeprefix('Bantin: ')}")

        for output in self.outputs():
            try:
                (writer.claim_folder if output.folder else writer.claim)(output.path, f"Bantin: {output.kind}")
            except Collision as clash:  # two generated pages: the configured prefixes overlap
                problems.append(Problem(config_path, 1, "urls", say(
                    "collision_generated", url=clash.path.removesuffix("index.html"), what=what(clash.first))))
        for dest, shown in files:
            if dest == urls.ROBOTS:
                continue  # the site's own robots.txt is published instead of Bantin's
            try:
                writer.claim(dest, shown)
            except Collision as clash:
                url = clash.path.removesuffix("index.html")
                message = (say("collision_generated", url=url, what=what(clash.first))
                           if clash.first.startswith("Bantin: ") else say("collision", url=url, other=clash.first))
                problems.append(Problem(shown, 1, "file", message))
        return sorted(problems, key=lambda p: (p.path, p.line))

    def in_menu(self, src_uri: str) -> bool:
        """The site's own pages are; articles, documents and generated pages are not (a portal has thousands)."""
        return not (is_article(src_uri, self.settings) or is_document(src_uri, self.settings)
                    or self.is_generated(src_uri))

    def menu(self, sources: Sequence) -> list:
        """The menu in the order TT 32/2017 lists it: home, Giới thiệu, the news categories (by size), Văn bản,
        the site's other pages and sections (keys in the order given), the archive, Dịch vụ công trực tuyến
        (a Link: (title, address)), Sơ đồ cổng, Liên hệ. Articles, documents and the other generated pages are
        never in it: a portal has thousands."""
        own = [src for src in sources if src not in (HOME, ABOUT, CONTACT)
               and (not isinstance(src, str) or self.in_menu(src))]
        categories = [self.routes.source(self.routes.group(g)) for g in by_size(self.catalog.categories)]
        register = [self.routes.source(self.routes.register())] if self.register.documents else []
        services = [Link(self.locale["services"], self.settings.services_url)] if self.settings.services_url else []
        return [*(src for src in (HOME, ABOUT) if src in sources), *categories, *register, *own,
                self.routes.source(self.routes.index("archive")), *services,
                self.routes.source(self.routes.index("site_map")), *(src for src in (CONTACT,) if src in sources)]

    def template(self, src_uri: str) -> tuple[str | None, bool]:
        """(template, whether the page may choose its own) for a page."""
        if src_uri in self.catalog.by_src:
            return "article.html", True
        if src_uri in self.register.by_src:
            return "document.html", False
        listing = self.listings.get(src_uri)
        if listing:
            return {"search": "search.html", "site_map": "sitemap.html", "leaders": "leaders.html",
                    "weeks": "schedule.html", "week": "schedule.html",
                    **dict.fromkeys(REGISTER_KINDS, "register.html")}.get(
                listing.kind, "listing.html"), False
        if src_uri == HOME:
            return "home.html", True
        return None, True

    def searchable(self, src_uri: str) -> bool:
        """Articles and the site's own pages; not the home page nor generated listings."""
        return src_uri != HOME and not self.is_generated(src_uri)

    def listing_page(self, listing: Listing, number: int) -> str | None:
        """The source of page `number` of a listing, for rel=prev/next; None outside it."""
        if not 1 <= number <= listing.count:
            return None
        return self.routes.source(self.routes.paged(listing.base, number))

    # -- the files Bantin writes ---------------------------------------------------------------------------

    def feeds(self) -> list[FeedPlan]:
        """Feeds need absolute addresses: without site_url there are none."""
        if not self.settings.site_url:
            return []
        rss, atom, json = urls.FEEDS
        out = [FeedPlan(self.site_name, self.site_description, "", rss, atom, json,
                        self.catalog.articles[:FEED_SIZE])]
        for group in self.catalog.categories.values():
            group_rss, group_atom = self.routes.category_feeds(group)
            out.append(FeedPlan(f"{group.name} - {self.site_name}", group.name, self.routes.group(group),
                                group_rss, group_atom, None, group.articles[:FEED_SIZE]))
        if self.register.documents:
            title = self.locale["register"]
            rss, atom, _ = (self.routes.register(name) for name in urls.FEEDS)
            out.append(FeedPlan(f"{title} - {self.site_name}", self.locale["register_feed"], self.routes.register(),
                                rss, atom, None, (), self.register.documents[:FEED_SIZE]))
        return out

    def robots(self) -> str:
        text = "User-agent: *\nAllow: /\n"
        if self.settings.site_url:
            text += f"Sitemap: {self.portal.absolute(urls.SITEMAP)}\n"
        return text

    def stats(self) -> tuple[dict[str, int], int, set[str]]:
        """What stats.json carries: each article's front-matter views, the site's baseline, and the articles
        whose figures every page may show (the boxes and the home page)."""
        baselines = {a.url: a.views for a in self.catalog.articles}
        site_baseline = self.settings.views_baseline + sum(baselines.values())
        portal = self.portal
        shown = {a.url for a in (*portal.latest, *portal.most_read, *portal.most_read_week, *portal.home_latest,
                                 *portal.home_most_read, *portal.home_most_read_week,
                                 *self.catalog.featured)}
        return baselines, site_baseline, shown
