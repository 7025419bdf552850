"""What the templates read: the catalog, the words of the site's language and the URLs of generated pages.

Built once per build; every method is O(1) or bounded, so a page render costs the same at 10 or 10,000 articles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from itertools import islice
from collections.abc import Mapping
from urllib.parse import quote

from . import urls as routes
from .articles import Article
from .authors import AuthorInfo
from .catalog import Catalog, Group
from .documents import Document, file_type
from .feeds import FEED_SIZE
from .i18n import Locale
from .listings import by_count, by_size, window
from .register import Facet, Register
from .schedule import current_week, day_label, week_label
from .settings import Agency
from .urls import Routes, slug


# Share links as plain addresses: no third-party script runs on the portal.
SHARE_LINKS = (
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("Zalo", "https://sp.zalo.me/share_to?url={url}"),
)


class Portal:
    """The `bantin` object of every template."""

    def __init__(self, catalog: Catalog, locale: Locale, urls: Routes, *, latest_count: int = 5,
                 most_read_count: int = 5, related_count: int = 5, home_count: int = 10, site_url: str = "",
                 listings: Mapping = {}, authors: Mapping[str, AuthorInfo] = {}, stats_url: str = "",
                 marks: Mapping[str, str] = {}, register: Register | None = None, agency=None, notice=None,
                 now: dt.datetime | None = None, leaders: tuple = (), weeks: tuple = ()):
        self.catalog, self.locale, self.urls = catalog, locale, urls
        self.register = register or Register((), dt.datetime.now(dt.timezone.utc))
        self.file_sizes: dict[str, int] = {}  # attached file → bytes, set by the adapter (it sees the files)
        self.agency = agency or Agency()
        # The banner of every page, while it is due or yet to come (the browser shows it from `from` to `until`).
        self.notice = notice
        self.now = now or dt.datetime.now(dt.timezone.utc)
        self.assets: dict[str, str] = {}  # theme asset → its content-hashed copy, set by the adapter
        self.leaders = leaders
        self.weeks = weeks  # (Week, its page's address), newest first
        self.today = self.now.date()
        self.current_week = current_week((week for week, _ in weeks), self.today)
        self.current_week_url = self.urls.week(self.current_week) if self.current_week else None
        self.listings, self.authors_info = listings, authors
        self.marks = marks  # the preview's marks: draft, scheduled, expired
        self.t = locale.strings
        self.og_locale = "vi_VN" if locale.language == "vi" else "en_US"
        self.site_url = site_url.rstrip("/") + "/" if site_url else "/"
        # What the boxes and the home page show, chosen once.
        self.latest = catalog.latest(latest_count)
        self.most_read = catalog.most_read[:most_read_count]
        self.most_read_week = catalog.most_read_week[:most_read_count]
        # The home page lists each article once: the featured, then the latest others; its most-read box leaves
        # out what the page already shows (and it has no latest box: the page is the latest).
        pictured = next((a for a in catalog.featured if a.image), None)  # the lead story shows its picture
        self.home_featured = (pictured, *(a for a in catalog.featured if a is not pictured)) if pictured \
            else catalog.featured
        self.home_latest = tuple(islice((a for a in catalog.articles if not a.featured), home_count))
        shown = {a.src_uri for a in (*catalog.featured, *self.home_latest)}
        self.home_most_read, self.home_most_read_week = (
            tuple(islice((a for a in ranked if a.src_uri not in shown), most_read_count))
            for ranked in (catalog.most_read, catalog.most_read_week))
        self.related_count = related_count
        self.stats = catalog.stats
        self.stats_url = stats_url  # empty: the site's own stats.json
        # Feeds need absolute addresses: without site_url none are written, and none are advertised.
        self.feed_urls = routes.FEEDS if site_url else ()
        # Articles whose rendered body a feed carries: the latest of the site and of each category.
        self.in_feeds = {a.src_uri for g in (catalog.articles, *(c.articles for c in catalog.categories.values()))
                         for a in g[:FEED_SIZE]}
        self.register_in_feed = {d.src_uri for d in self.register.documents[:FEED_SIZE]}
        self.nav_srcs: set[str] = set()  # pages in the navigation: their menus mark them, so never shared
        self._shared: dict = {}
        self._keys: dict[str, tuple] = {}
        self._related: dict[str, list[Article]] = {}

    # What pages show of the catalog, for the build cache: two renders of a page whose text and `shows` are the
    # same, in builds whose `chrome` is the same, write the same bytes. Kept beside the methods the templates
    # call, and to be changed with them.
    def _article_key(self, article: Article | None) -> str | None:
        if article is None:
            return None
        key = self._keys.get(article.src_uri)
        if key is None:  # a short digest: a listing's key holds ten of these, an article's eight
            whole = repr((article, self.catalog.views(article), self.marks.get(article.src_uri)))
            key = self._keys[article.src_uri] = hashlib.blake2b(whole.encode(), digest_size=12).hexdigest()
        return key

    def _group_key(self, group: Group | Facet | None) -> tuple | None:
        if group is None:
            return None
        if not isinstance(group, (Group, Facet)):  # a week of the work schedule: shown whole
            return repr(group), self.today
        if isinstance(group, Facet):
            return group.kind, group.slug, group.name, len(group.documents)
        return (group.kind, group.slug, group.name, len(group.articles),
                repr(self.author_info(group)) if group.kind == "author" else None)

    def _document_key(self, document: Document | None) -> tuple | None:
        return None if document is None else (repr(document), self.register.status(document),
                                               self.marks.get(document.src_uri))

    def _item_key(self, item) -> object:
        return self._document_key(item) if isinstance(item, Document) else self._article_key(item)

    def chrome(self) -> tuple:
        """What every page may show: the boxes, the figures, the words and the addresses of the site."""
        return (repr(self.agency), repr(self.notice), self.notice_shown, sorted(self.assets.items()),
                tuple(map(self._article_key, (*self.latest, *self.most_read, *self.most_read_week,
                                               *self.home_featured, *self.home_latest, *self.home_most_read,
                                               *self.home_most_read_week))),
                repr(self.stats), self.stats_url, self.feed_urls, sorted(self.t.items()), repr(self.urls),
                self.site_url, self.og_locale, self.related_count, self.feed_paths())

    def shows(self, article: Article | None = None, listing=None, document: Document | None = None) -> tuple:
        """What one article's page, one listing page or one document's page shows beyond its own text."""
        if document is not None:
            return (self._document_key(document), tuple(map(self._item_key, self.register.cited_by(document))),
                    tuple((n, self._document_key(d)) for n, d in self.register.replaces(document)),
                    tuple(map(self._document_key, self.register.replaced_by(document))),
                    tuple(map(self._group_key, self.facets(document))), tuple(self.files(document)))
        if article is not None:
            return (self._article_key(article), self._group_key(self.category(article)),
                    tuple(map(self._group_key, self.tags(article))), tuple(map(self._group_key, self.authors(article))),
                    tuple(map(self._article_key, self.related(article))), self._article_key(self.older(article)),
                    self._article_key(self.newer(article)))
        if listing is not None:
            return (listing.kind, listing.title, listing.url, listing.base, listing.number, listing.count,
                    tuple(map(self._item_key, listing.items)), self._group_key(listing.group),
                    tuple(map(self._group_key, listing.groups)), repr(listing.author), self.pages(listing),
                    repr(self.leaders) if listing.kind == "leaders" else None,
                    (repr(self.weeks), self.today) if listing.kind == "weeks" else None)
        return ()

    def feed_paths(self) -> list[str]:
        """Every feed the build writes: the site's, and RSS and Atom for each category."""
        if not self.feed_urls:
            return []
        return [*self.feed_urls, *(path for group in self.catalog.categories.values()
                                   for path in self.urls.category_feeds(group))]

    # Pieces that are the same on many pages (menus, sidebar), rendered once per depth in the site.
    def shared(self, page, part: str, base_url: str):
        """The key under which `part` of `page` can be shared, or None when the page needs its own."""
        if page is None or page.file.src_uri in self.nav_srcs or page.meta.get("hide"):
            return None
        return (part, base_url)

    def once(self, key, caller):
        """Render with `caller` once per key (templates: `{% call bantin.once(key) %}…{% endcall %}`)."""
        if key is None:
            return caller()
        if key not in self._shared:
            self._shared[key] = caller()
        return self._shared[key]

    # Formatting, so templates never format by hand.
    def number(self, value: int | None) -> str:
        return self.locale.number(value)

    def when(self, article: Article) -> str:
        """dd/mm/yyyy HH:MM, or dd/mm/yyyy alone when the article gave no time (never a made-up 00:00)."""
        return self.locale.datetime(article.date) if article.timed else self.locale.date(article.date)

    def mark(self, article: Article) -> str | None:
        """What the preview says of an article the site does not show (yet): "Hẹn giờ", "Nháp", "Hết hạn"."""
        key = self.marks.get(article.src_uri)
        return self.t[f"mark_{key}"] if key else None

    def updated(self, article: Article) -> str | None:
        return self.locale.datetime(article.updated) if article.updated else None

    def views(self, article: Article) -> str:
        return self.locale.number(self.catalog.views(article))

    def absolute(self, path: str) -> str:
        """An address for other sites (Open Graph, feeds): absolute when site_url is set."""
        return path if "://" in path else self.site_url + path.lstrip("/")

    def lastmod(self, src_uri: str) -> str | None:
        """For the sitemap: an article's date, the newest article a listing page or the home page shows;
        None for the site's own pages (their file dates would change with every checkout)."""
        article = self.catalog.by_src.get(src_uri)
        if article:
            return (article.updated or article.date).isoformat()
        document = self.register.by_src.get(src_uri)
        if document:
            return document.issued.isoformat()
        listing = self.listings.get(src_uri)
        if listing:
            dates = [_dated(item) for item in listing.items[:1]] + [_dated((g.articles if isinstance(g, Group)
                                                                           else g.documents)[0]) for g in listing.groups]
            return max(dates).isoformat() if dates else None
        if src_uri == "index.md" and self.catalog.articles:
            return self.catalog.articles[0].date.isoformat()
        return None

    def in_sitemap(self, src_uri: str) -> bool:
        listing = self.listings.get(src_uri)
        return not (listing and listing.kind == "search")

    def pages(self, listing) -> list[tuple[int | None, str | None]]:
        """Pagination controls of a listing: (number, URL) pairs, (None, None) for a gap."""
        return [(n, self.urls.paged(listing.base, n) if n else None) for n in window(listing.number, listing.count)]

    def author_info(self, group: Group) -> AuthorInfo:
        return self.authors_info.get(group.slug) or AuthorInfo(group.name)

    @staticmethod
    def share(address: str) -> list[tuple[str, str]]:
        return [(name, template.format(url=quote(address, safe=""))) for name, template in SHARE_LINKS]

    # Links and neighbours of one article.
    def url(self, group: Group) -> str:
        return self.urls.group(group)

    def category(self, article: Article) -> Group | None:
        return self.catalog.category_of(article)

    def tags(self, article: Article) -> list[Group]:
        return self.catalog.tags_of(article)

    def authors(self, article: Article) -> list[Group]:
        return self.catalog.authors_of(article)

    def related(self, article: Article) -> list[Article]:
        found = self._related.get(article.src_uri)  # asked for by the page and by its cache key
        if found is None:
            found = self._related[article.src_uri] = self.catalog.related(article, self.related_count)
        return found

    def related_srcs(self, src: str) -> tuple[str, ...]:
        """The related articles of the article `src`, by their sources: what the build cache keeps."""
        return tuple(a.src_uri for a in self.related(self.catalog.by_src[src]))

    def know_related(self, lists: Mapping[str, tuple[str, ...]]) -> None:
        """Take every article's related articles as worked out before (`related_srcs`, for the same
        `catalog.relatedness()` and `related_count`)."""
        by_src = self.catalog.by_src
        self._related = {src: [by_src[other] for other in others] for src, others in lists.items()}

    def older(self, article: Article) -> Article | None:
        return self.catalog.older(article)

    def newer(self, article: Article) -> Article | None:
        return self.catalog.newer(article)

    # The register (văn bản).
    def status(self, document: Document) -> tuple[str, str]:
        """(key, words) of a document's status on the day of the build: in_force, expired, not_yet."""
        key = self.register.status(document)
        return key, self.t[f"status_{key}"]

    def facet_url(self, facet: Facet) -> str:
        return self.urls.facet(facet)

    def facets(self, document: Document) -> list[Facet]:
        """The listings a document is in: its type, issuer, field and year."""
        r = self.register
        found = [r.types.get(slug(document.type)), r.issuers.get(slug(document.issuer)),
                 r.fields.get(slug(document.field)) if document.field else None, r.years.get(str(document.issued.year))]
        return [f for f in found if f is not None]

    def files(self, document: Document) -> list[tuple[str, str, str, str]]:
        """(site path, file name, type, size in words) of each attached file."""
        out = []
        for path in document.files:
            size = self.file_sizes.get(path)
            out.append((path, path.rsplit("/", 1)[-1], file_type(path) or "", self.size(size) if size is not None else ""))
        return out

    def size(self, size: int) -> str:
        """A file's size as people read it: 820 KB, 2,4 MB (kilobytes of 1,024 bytes)."""
        if size < 1024 * 1024:
            return f"{self.locale.number(max(1, math.ceil(size / 1024)))} KB"
        return f"{self.locale.decimal(size / 1024 / 1024)} MB"

    def day(self, moment: dt.datetime | None) -> str:
        """dd/mm/yyyy, the way the register shows every date."""
        return self.locale.date(moment) if moment else ""

    def register_url(self, name: str = "") -> str:
        return self.urls.register(name)

    # The frame of every page.
    @property
    def notice_shown(self) -> bool:
        """Whether the banner shows without a script (between `from` and `until` at the build)."""
        return self.notice is not None and self.notice.shown(self.now)

    def asset(self, path: str) -> str:
        """A theme asset's address, content-hashed when the build made a hashed copy (cached for good)."""
        return self.assets.get(path, path)

    # The site map (Sơ đồ cổng).
    def categories_by_size(self) -> tuple[Group, ...]:
        return by_size(self.catalog.categories)

    def register_types(self) -> tuple[Facet, ...]:
        return by_count(self.register.types)

    def years(self) -> tuple[Group, ...]:
        return tuple(sorted(self.catalog.years.values(), key=lambda g: g.slug, reverse=True))

    def site_pages(self, nav) -> list:
        """The site's own pages (not the home page nor generated ones), in menu order, sections opened."""
        out = []

        def walk(items):
            for item in items:
                if item.is_page and item.file.src_uri not in self.listings and not item.is_homepage:
                    out.append(item)
                elif item.is_section:
                    walk(item.children)
        walk(nav)
        return out

    # Leaders and the weekly work schedule.
    def day_label(self, day: dt.date) -> str:
        return day_label(day, self.locale)

    def week_label(self, week) -> str:
        return week_label(week, self.locale)


def _dated(item) -> dt.datetime:
    return item.issued if isinstance(item, Document) else item.date
