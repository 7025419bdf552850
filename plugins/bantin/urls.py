"""The route table: the one place that knows every address of the site.

Pages, listings and their numbered pages, feeds, the search page and index, the statistics files, the
sitemap and robots.txt: the plan, the writer and the templates ask here, and nobody builds a path by hand.
Addresses are site-relative without a leading slash, as MkDocs writes them (`tin-tuc/2021/a/`; home "").
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from typing import ClassVar

from .slugs import slugify

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
SEARCH_INDEX = "search/"  # manifest search/index.json and content-hashed shards below it
STATS = "stats.json"
STATS_FOLDER = "stats/"
STATS_BASELINE = "stats/baseline.json"
STATS_SHARD = "stats/v/{}.json"
FEEDS = ("feed.xml", "atom.xml", "feed.json")  # RSS 2.0, Atom, JSON Feed 1.1 of the whole site
CATEGORY_FEEDS = ("feed.xml", "atom.xml")  # RSS and Atom beside each category's listing
FACETS = {"doc_type": "loai", "doc_issuer": "co-quan", "doc_field": "linh-vuc", "doc_year": "nam"}
OPEN_DATA = ("index.json", "index.csv")  # beside the register


@functools.lru_cache(maxsize=65536)  # the same few hundred names, asked for by every article
def slug(name: str) -> str:
    """The address word of a category, tag or author name; "-" when the name has no letter or digit."""
    return slugify(name) or "-"


def page_url(src_uri: str) -> str:
    """The address MkDocs gives a Markdown page with directory URLs: a/b.md → a/b/, a/index.md → a/."""
    folder, name = posixpath.split(src_uri)
    stem = posixpath.splitext(name)[0]
    if stem in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{folder}/{stem}/" if folder else f"{stem}/"


def is_generated_file(path: str) -> bool:
    """A file the build writes itself (feeds, sitemap, statistics, search index): a link to one is a link to
    a file of the site, though no content file has that name."""
    name = posixpath.basename(path)
    return (name in (*FEEDS, SITEMAP, ROBOTS, STATS) or path.startswith((SEARCH_INDEX, STATS_FOLDER)))


def index_file(url: str) -> str:
    """The file an address is written to: tin-tuc/a/ → tin-tuc/a/index.html."""
    return f"{url}index.html" if url.endswith("/") or not url else url


@dataclass(frozen=True, slots=True)
class Routes:
    """The configurable prefixes, and every address derived from them."""

    category: str = "chuyen-muc"
    tag: str = "the"
    author: str = "tac-gia"
    archive: str = "luu-tru"
    search: str = "tim-kiem"
    page: str = "trang"
    site_map: str = "so-do-cong"  # the HTML site map (Sơ đồ cổng), beside the XML one
    documents: str = "van-ban"  # the register, and its facets below it (FACETS)
    leaders: str = "gioi-thieu/lanh-dao"  # Lãnh đạo, under Giới thiệu
    schedule: str = "lich-cong-tac"  # the weeks of the leaders' work schedule, and a page per week
    # The fixed addresses, for templates (`bantin.urls.stats_file`).
    search_index: ClassVar[str] = SEARCH_INDEX
    stats_file: ClassVar[str] = STATS
    feeds: ClassVar[tuple[str, ...]] = FEEDS

    def group(self, group) -> str:
        """The listing of a catalog group (category, tag, author, year, month)."""
        if group.kind in ("year", "month"):
            return f"{self.archive}/{group.slug}/"
        return f"{getattr(self, group.kind)}/{group.slug}/"

    def paged(self, base: str, number: int) -> str:
        """Page 1 of a listing is its base address; page n is base/trang/n/."""
        return base if number == 1 else f"{base}{self.page}/{number}/"

    def index(self, kind: str) -> str:
        """The index pages: all categories, tags, authors; the archive; the search page."""
        names = {'categories': 'category', 'tags': 'tag', 'authors': 'author', 'site_map': 'site_map'}
        return f"{getattr(self, names.get(kind, kind))}/"

    @staticmethod
    def source(url: str) -> str:
        """The (generated) Markdown source of a listing page at `url`."""
        return f"{url}index.md"

    def facet(self, facet) -> str:
        """A listing of the register by type, issuer, field or year: van-ban/loai/quyet-dinh/."""
        return f"{self.documents}/{FACETS[facet.kind]}/{facet.slug}/"

    def register(self, name: str = "") -> str:
        """The register's page (`name` empty) or one of its files: index.json, index.csv, feed.xml, atom.xml."""
        return f"{self.documents}/{name}"

    def week(self, week) -> str:
        """A week of the work schedule: lich-cong-tac/2026-w49/."""
        return f"{self.schedule}/{week.key.lower()}/"

    def category_feeds(self, group) -> tuple[str, ...]:
        base = self.group(group)
        return tuple(base + name for name in CATEGORY_FEEDS)
