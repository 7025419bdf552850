"""The generated pages: listings of a category, tag, author, year and month, the archive and the indexes.

Planned once per build from the Catalog; each page holds only its own slice of articles, so rendering a
listing costs its page size, never the size of the site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .articles import Article
from .authors import AuthorInfo
from .catalog import Catalog, Group
from .i18n import Locale
from .urls import Routes


@dataclass(frozen=True, slots=True)
class Listing:
    kind: str  # category | tag | author | year | month | archive | categories | tags | authors; the register:
    # register | doc_type | doc_issuer | doc_field | doc_year (items are then Documents, groups Facets)
    title: str
    url: str  # site-relative, e.g. chuyen-muc/kinh-te/trang/2/
    base: str  # the URL of page 1
    number: int = 1
    count: int = 1  # pages in this listing
    items: tuple[Article, ...] = ()
    group: Group | None = None
    groups: tuple[Group, ...] = ()  # what an index page lists: categories, tags, authors, years, months
    author: AuthorInfo | None = None

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"


def _pages(kind: str, title: str, base: str, articles: tuple[Article, ...], urls: Routes, size: int,
           locale: Locale, **extra) -> list[Listing]:
    count = max(1, -(-len(articles) // size))
    groups = extra.pop("groups", ())  # what page 1 lists above its articles
    return [
        Listing(kind, title if n == 1 else f"{title} – {locale['page']} {n}", urls.paged(base, n), base, n, count,
                articles[(n - 1) * size:n * size], groups=groups if n == 1 else (), **extra)
        for n in range(1, count + 1)
    ]


def by_size(groups: Mapping[str, Group]) -> tuple[Group, ...]:
    return tuple(sorted(groups.values(), key=lambda g: (-len(g.articles), g.slug)))


def plan(catalog: Catalog, urls: Routes, locale: Locale, page_size: int,
         authors: Mapping[str, AuthorInfo] = {}) -> list[Listing]:
    """Every listing page of the site, in a stable order."""
    t = locale.strings
    out: list[Listing] = []
    for group in by_size(catalog.categories):
        out += _pages("category", group.name, urls.group(group), group.articles, urls, page_size, locale, group=group)
    for group in by_size(catalog.tags):
        out += _pages("tag", f"{t['tag']}: {group.name}", urls.group(group), group.articles, urls, page_size,
                      locale, group=group)
    for group in by_size(catalog.authors):
        info = authors.get(group.slug) or AuthorInfo(group.name)
        out += _pages("author", info.name, urls.group(group), group.articles, urls, page_size, locale,
                      group=group, author=info)
    years = tuple(sorted(catalog.years.values(), key=lambda g: g.slug, reverse=True))
    months = tuple(sorted(catalog.months.values(), key=lambda g: g.slug, reverse=True))
    for group in years:
        in_year = tuple(m for m in months if m.slug.startswith(group.slug + "/"))
        out += _pages("year", f"{t['archive_of']} {group.slug}", urls.group(group), group.articles, urls,
                      page_size, locale, group=group, groups=in_year)
    for group in months:
        year, month = map(int, group.slug.split("/"))
        out += _pages("month", f"{t['archive_of']} {locale.month(year, month)}", urls.group(group),
                      group.articles, urls, page_size, locale, group=group)
    out += _pages("archive", t["all_articles"], f"{urls.archive}/", catalog.articles, urls, page_size, locale,
                  groups=years)
    out.append(Listing("categories", t["categories"], f"{urls.category}/", f"{urls.category}/",
                       groups=by_size(catalog.categories)))
    out.append(Listing("tags", t["tags"], f"{urls.tag}/", f"{urls.tag}/", groups=by_size(catalog.tags)))
    out.append(Listing("authors", t["authors"], f"{urls.author}/", f"{urls.author}/",
                       groups=by_size(catalog.authors)))
    return out


def plan_register(register, urls: Routes, locale: Locale, page_size: int) -> list[Listing]:
    """The register (every document, newest first) and its listings by type, issuer, field and year; page 1
    of the register lists the facets."""
    t = locale.strings
    facets = (*by_count(register.types), *by_count(register.issuers), *by_count(register.fields),
              *sorted(register.years.values(), key=lambda f: f.slug, reverse=True))
    out = _pages("register", t["register"], urls.register(), register.documents, urls, page_size, locale,
                 groups=facets)
    for facet in facets:
        out += _pages(facet.kind, f"{t[facet.kind]}: {facet.name}", urls.facet(facet), facet.documents, urls,
                      page_size, locale, group=facet)
    return out


def by_count(facets: Mapping) -> tuple:
    return tuple(sorted(facets.values(), key=lambda f: (-len(f.documents), f.slug)))


def window(number: int, count: int, around: int = 2) -> list[int | None]:
    """Page numbers to show in pagination controls; None marks a gap: 1 … 4 5 [6] 7 8 … 20."""
    shown = sorted({1, count, *range(max(1, number - around), min(count, number + around) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out
