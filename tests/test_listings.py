"""Generated listing pages, the navigation and the "Đọc nhiều nhất" box, on built fixture sites.

The main fixture site has 50 articles over three years, written deterministically below: four categories of
different sizes, eight tags, four authors (three described in content/.authors.yml, one of them with a display
name), a busy month of more than ten articles, and distinct view counts. What every page should show is worked
out here from those sources, never read back from the plugin.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin
from zoneinfo import ZoneInfo

import pytest
from mkdocs.exceptions import Abort

from bantin.listings import window

from conftest import THEME_DIR, article, build_site, parse_html, write_site

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HOST = "http://site.test/"  # to resolve relative links; the fixture sites' own site_url does not matter here

# Names as editors write them → the slugs a reader sees in the address.
CATEGORIES = {"Kinh tế": "kinh-te", "Văn hóa - Xã hội": "van-hoa-xa-hoi",
              "Quốc phòng - An ninh": "quoc-phong-an-ninh", "Xây dựng Đảng": "xay-dung-dang"}
CATEGORY_SIZES = (23, 14, 9, 4)
TAGS = {"Nông nghiệp": "nong-nghiep", "Du lịch": "du-lich", "Giáo dục": "giao-duc", "Y tế": "y-te",
        "Giao thông": "giao-thong", "Môi trường": "moi-truong", "Chuyển đổi số": "chuyen-doi-so",
        "Lễ hội": "le-hoi"}
AUTHORS = {"Hoàng Thị Lan": "hoang-thi-lan", "Lò Văn Hùng": "lo-van-hung", "Giàng A Páo": "giang-a-pao",
           "Nguyễn Minh Tuấn": "nguyen-minh-tuan"}
AUTHOR_SHARES = (19, 14, 11, 6)
UNLISTED_AUTHOR = "Nguyễn Minh Tuấn"  # not in .authors.yml
DISPLAY_NAMES = {"Lò Văn Hùng": "Nhà báo Lò Văn Hùng"}  # the `name:` override
BIOS = {
    "Hoàng Thị Lan": "Phóng viên thường trú tại các xã vùng cao.",
    "Lò Văn Hùng": "Biên tập viên mảng kinh tế & nông nghiệp.",
    "Giàng A Páo": "Cộng tác viên viết về văn hóa dân tộc Mông.",
}
AUTHORS_YML = """\
authors:
  Hoàng Thị Lan:
    bio: Phóng viên thường trú tại các xã vùng cao.
    avatar: images/tac-gia/hoang-thi-lan.svg
  Lò Văn Hùng:
    name: Nhà báo Lò Văn Hùng
    bio: Biên tập viên mảng kinh tế & nông nghiệp.
    avatar: images/tac-gia/lo-van-hung.svg
  Giàng A Páo:
    bio: Cộng tác viên viết về văn hóa dân tộc Mông.
    avatar: images/tac-gia/giang-a-pao.svg
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30"/></svg>\n'
TOPICS = ("Hội nghị tổng kết", "Ra quân", "Tập huấn", "Khánh thành", "Kiểm tra", "Trao tặng", "Hội thi")
PLACES = ("xã Tả Van", "phường Sa Pa", "xã Bản Hồ", "xã Mường Hoa", "phường Cầu Mây", "xã Thanh Bình")


@dataclass(frozen=True)
class Source:
    """One fixture article as written, and where it is published."""

    number: int
    title: str
    date: dt.datetime
    authors: tuple[str, ...]
    category: str
    tags: tuple[str, ...]
    views: int

    @property
    def path(self) -> str:
        return f"content/tin-tuc/{self.date.year}/ban-tin-so-{self.number:02d}.md"

    @property
    def url(self) -> str:
        return f"tin-tuc/{self.date.year}/ban-tin-so-{self.number:02d}/"

    def text(self) -> str:
        names = {"author": self.authors[0]} if len(self.authors) == 1 else {"authors": list(self.authors)}
        return article(f"{self.title}: nội dung chi tiết của bản tin số {self.number}.", title=self.title,
                       date=f"{self.date:%d/%m/%Y %H:%M}", **names, category=self.category,
                       tags=list(self.tags), views=self.views)


def sources(count: int = 50, seed: int = 2024) -> list[Source]:
    rng = random.Random(seed)
    categories = [name for name, size in zip(CATEGORIES, CATEGORY_SIZES) for _ in range(size)]
    writers = [name for name, share in zip(AUTHORS, AUTHOR_SHARES) for _ in range(share)]
    rng.shuffle(categories)
    rng.shuffle(writers)
    views = rng.sample(range(50, 9000), count)
    out = []
    for i in range(count):
        if i < 38:  # about one article every four weeks from January 2022
            when = dt.datetime(2022, 1, 4, 7, 30) + dt.timedelta(days=28 * i, hours=i % 5, minutes=i)
        else:  # and a busy March 2024: more articles than a page holds
            when = dt.datetime(2024, 3, 1, 8, 0) + dt.timedelta(days=2 * (i - 38), hours=i % 3)
        authors = (writers[i],)
        if i in (7, 21, 40) and writers[i] != UNLISTED_AUTHOR:
            authors += (UNLISTED_AUTHOR,)  # written together: listed under both authors
        tags = tuple(rng.sample(list(TAGS), 1 + rng.randrange(3)))
        title = f"{TOPICS[i % len(TOPICS)]} tại {PLACES[i % len(PLACES)]} (bản tin số {i + 1})"
        out.append(Source(i + 1, title, when.replace(tzinfo=VN), authors, categories[i], tags, views[i]))
    return out


def newest_first(items) -> list[Source]:
    return sorted(items, key=lambda s: s.date, reverse=True)


@dataclass(frozen=True)
class Expected:
    """A listing as a reader should find it: its first page's address and its articles, newest first."""

    kind: str
    name: str
    base: str
    articles: tuple[Source, ...]


def expected_listings(items: list[Source], *, category="chuyen-muc", tag="the", author="tac-gia",
                      archive="luu-tru") -> list[Expected]:
    out = []
    for name, slug in CATEGORIES.items():
        members = [s for s in items if s.category == name]
        if members:
            out.append(Expected("category", name, f"{category}/{slug}/", tuple(newest_first(members))))
    for name, slug in TAGS.items():
        members = [s for s in items if name in s.tags]
        if members:
            out.append(Expected("tag", name, f"{tag}/{slug}/", tuple(newest_first(members))))
    for name, slug in AUTHORS.items():
        members = [s for s in items if name in s.authors]
        if members:
            out.append(Expected("author", name, f"{author}/{slug}/", tuple(newest_first(members))))
    for year in sorted({s.date.year for s in items}):
        out.append(Expected("year", str(year), f"{archive}/{year}/",
                            tuple(newest_first(s for s in items if s.date.year == year))))
    for year, month in sorted({(s.date.year, s.date.month) for s in items}):
        out.append(Expected("month", f"{year}/{month:02d}", f"{archive}/{year}/{month:02d}/",
                            tuple(newest_first(s for s in items if (s.date.year, s.date.month) == (year, month)))))
    out.append(Expected("archive", "", f"{archive}/", tuple(newest_first(items))))
    return out


SOURCES = sources()
LISTINGS = expected_listings(SOURCES)
PAGE_SIZE = 10  # the default: the main site does not set `page_size`


# -- reading built pages -----------------------------------------------------------------------------------

def has_class(name: str) -> str:
    """An XPath test for one class among several (lxml has no CSS selectors without cssselect)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def resolve(page_url: str, href: str) -> str:
    """A link on the page at `page_url` (site-relative, e.g. the/du-lich/) as a site-relative address."""
    target = urldefrag(urljoin(HOST + page_url, href)).url
    assert target.startswith(HOST), f"{href!r} on {page_url!r} leaves the site"
    return target[len(HOST):]


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


def paged(base: str, number: int, word: str = "trang") -> str:
    return base if number == 1 else f"{base}{word}/{number}/"


def cards(tree, url: str) -> list[tuple[str, str]]:
    """(title, address) of each article card on a page, in page order."""
    links = tree.xpath(f"//article[{has_class('bantin-card')}]//*[{has_class('bantin-card__title')}]/a")
    return [(" ".join(a.text_content().split()), resolve(url, a.get("href"))) for a in links]


@dataclass
class Pagination:
    numbers: list[int | None]  # None for a gap
    links: dict[int, str]  # page number → address
    current: list[int]  # numbers marked aria-current="page"
    current_links: list[str]
    prev: str | None
    next: str | None


def pagination(tree, url: str) -> Pagination | None:
    navs = tree.xpath(f"//nav[{has_class('bantin-pagination')}]")
    if not navs:
        return None
    assert len(navs) == 1
    result = Pagination([], {}, [], [], None, None)
    for li in navs[0].xpath("./ul/li"):
        anchors = li.xpath("./a")
        if not anchors:
            assert li.text_content().strip() == "…"
            result.numbers.append(None)
            continue
        a = anchors[0]
        target = resolve(url, a.get("href"))
        if a.get("rel") in ("prev", "next"):
            assert getattr(result, a.get("rel")) is None, f"two rel={a.get('rel')} links on {url}"
            setattr(result, a.get("rel"), target)
            continue
        number = int(a.text_content().split()[-1])
        result.numbers.append(number)
        result.links[number] = target
        if a.get("aria-current") == "page":
            result.current.append(number)
            result.current_links.append(target)
    return result


def head_links(tree, url: str, rel: str) -> list[str]:
    return [resolve(url, link.get("href")) for link in tree.xpath(f"/html/head/link[@rel='{rel}']")]


@pytest.mark.parametrize(("number", "count", "shown"), [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (1, 20, [1, 2, 3, None, 20]),
    (6, 20, [1, None, 4, 5, 6, 7, 8, None, 20]),
    (4, 20, [1, 2, 3, 4, 5, 6, None, 20]),
    (20, 20, [1, None, 18, 19, 20]),
    (3, 5, [1, 2, 3, 4, 5]),
])
def test_page_numbers_a_reader_sees(number, count, shown):
    """The first, the last, and two either side of the current page; None is a gap (…)."""
    assert window(number, count) == shown


def check_listing(site: Path, expected: Expected, *, size: int = PAGE_SIZE, word: str = "trang") -> None:
    """Every page of one listing: its slice of cards, numbered controls and rel=prev/next links."""
    count = math.ceil(len(expected.articles) / size)
    for number in range(1, count + 1):
        url = paged(expected.base, number, word)
        assert page_file(site, url).is_file(), f"missing page {number} of {expected.base}: {url}"
        tree = parse_html(page_file(site, url))
        chunk = expected.articles[(number - 1) * size:number * size]
        assert cards(tree, url) == [(s.title, s.url) for s in chunk], f"cards of {url}"

        previous = paged(expected.base, number - 1, word) if number > 1 else None
        following = paged(expected.base, number + 1, word) if number < count else None
        assert head_links(tree, url, "prev") == ([previous] if previous else []), f"<link rel=prev> of {url}"
        assert head_links(tree, url, "next") == ([following] if following else []), f"<link rel=next> of {url}"

        controls = pagination(tree, url)
        if count == 1:
            assert controls is None, f"{url} has one page and no need of page numbers"
            continue
        assert controls is not None, f"{url} has no page numbers"
        assert controls.numbers == window(number, count), f"page numbers of {url}"
        assert controls.links == {n: paged(expected.base, n, word) for n in controls.numbers if n}
        assert (controls.current, controls.current_links) == ([number], [url])
        assert (controls.prev, controls.next) == (previous, following), f"previous/next controls of {url}"
    assert not page_file(site, paged(expected.base, count + 1, word)).exists()
    assert not page_file(site, f"{expected.base}{word}/1/").exists(), "page 1 has one address, the listing's own"


# -- the main fixture site -------------------------------------------------------------------------------------

def main_site_files() -> dict[str, str]:
    files = {
        "content/index.md": "# Trang chủ\n\nCổng thông tin của thị xã.\n",
        "content/gioi-thieu.md": "# Giới thiệu\n\nThị xã Mây Ngàn nằm ở vùng núi phía Bắc.\n",
        "content/.authors.yml": AUTHORS_YML,
    }
    for slug in ("hoang-thi-lan", "lo-van-hung", "giang-a-pao"):
        files[f"content/images/tac-gia/{slug}.svg"] = SVG
    files.update({s.path: s.text() for s in SOURCES})
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    theme = {"name": "material", "custom_dir": str(THEME_DIR), "language": "vi", "font": False,
             "features": ["navigation.tabs"]}
    config = write_site(tmp_path_factory.mktemp("listings") / "portal", main_site_files(), {}, theme=theme)
    return build_site(config, strict=True)


@pytest.fixture(scope="module")
def pages(site) -> dict[str, object]:
    """Every HTML page of the main site, parsed once: site-relative address → tree."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        url = "" if relative == "index.html" else relative.removesuffix("index.html")
        out[url] = parse_html(path)
    return out


def test_fixture_is_what_the_tests_expect():
    """Guards the generator: several pages per listing somewhere, a single page elsewhere, no ties."""
    sizes = {e.base: len(e.articles) for e in LISTINGS}
    assert len(SOURCES) == 50 and len({s.date for s in SOURCES}) == 50 and len({s.views for s in SOURCES}) == 50
    assert len({s.date.year for s in SOURCES}) == 3
    assert sizes["chuyen-muc/kinh-te/"] == 23 and sizes["chuyen-muc/xay-dung-dang/"] == 4
    assert any(e.kind == "month" and len(e.articles) > PAGE_SIZE for e in LISTINGS)
    assert any(e.kind == "tag" and len(e.articles) > PAGE_SIZE for e in LISTINGS)
    assert any(e.kind == "tag" and len(e.articles) <= PAGE_SIZE for e in LISTINGS)
    assert sizes[f"tac-gia/{AUTHORS[UNLISTED_AUTHOR]}/"] <= PAGE_SIZE < sizes["tac-gia/hoang-thi-lan/"]


@pytest.mark.parametrize("expected", LISTINGS, ids=[e.base for e in LISTINGS])
def test_listing_pages(site, expected):
    check_listing(site, expected)


def test_listing_headings(pages):
    assert pages["chuyen-muc/kinh-te/"].xpath("string(//h1)") == "Kinh tế"
    assert pages["chuyen-muc/kinh-te/trang/2/"].xpath("string(//h1)") == "Kinh tế – trang 2"
    assert pages["the/du-lich/"].xpath("string(//h1)") == "Từ khóa: Du lịch"
    assert pages["luu-tru/2023/"].xpath("string(//h1)") == "Lưu trữ 2023"
    assert pages["luu-tru/2024/03/"].xpath("string(//h1)") == "Lưu trữ tháng 3 năm 2024"
    assert pages["luu-tru/"].xpath("string(//h1)") == "Tất cả tin bài"


def test_no_listing_page_beyond_the_expected_ones(site):
    """No stray page: every trang/N/ folder in the site belongs to an expected listing page."""
    expected = {paged(e.base, n) for e in LISTINGS for n in range(2, math.ceil(len(e.articles) / PAGE_SIZE) + 1)}
    found = {p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("trang/*/index.html")}
    assert found == expected


def index_entries(tree, url: str) -> dict[str, tuple[str, int]]:
    """name → (address, count) of an index page of categories, tags or authors."""
    out = {}
    for li in tree.xpath(f"//ul[{has_class('bantin-index')}]/li"):
        (a,) = li.xpath("./a")
        (count,) = li.xpath(f"./*[{has_class('bantin-count')}]")
        match = re.fullmatch(r"([\d.]+) bài viết", " ".join(count.text_content().split()))
        assert match, f"count of {a.text_content()!r} on {url}: {count.text_content()!r}"
        name = " ".join(a.text_content().split())
        assert name not in out, f"{name} listed twice on {url}"
        out[name] = (resolve(url, a.get("href")), int(match.group(1).replace(".", "")))
    return out


def test_categories_index_lists_every_category_with_its_count(pages):
    expected = {e.name: (e.base, len(e.articles)) for e in LISTINGS if e.kind == "category"}
    assert index_entries(pages["chuyen-muc/"], "chuyen-muc/") == expected
    assert dict(zip(CATEGORIES, CATEGORY_SIZES)) == {name: n for name, (_, n) in expected.items()}


def test_tags_index_lists_every_tag_with_its_count(pages):
    expected = {e.name: (e.base, len(e.articles)) for e in LISTINGS if e.kind == "tag"}
    assert len(expected) == len(TAGS)
    assert index_entries(pages["the/"], "the/") == expected


def test_authors_index_lists_every_author_by_display_name(pages):
    expected = {DISPLAY_NAMES.get(e.name, e.name): (e.base, len(e.articles)) for e in LISTINGS if e.kind == "author"}
    assert index_entries(pages["tac-gia/"], "tac-gia/") == expected


def test_archive_links_every_year_and_year_pages_every_month(pages):
    def periods(url):
        return [resolve(url, a.get("href")) for a in pages[url].xpath(f"//nav[{has_class('bantin-periods')}]//a")]

    years = sorted({s.date.year for s in SOURCES}, reverse=True)
    assert periods("luu-tru/") == [f"luu-tru/{y}/" for y in years]
    months = sorted({s.date.month for s in SOURCES if s.date.year == 2023}, reverse=True)
    assert periods("luu-tru/2023/") == [f"luu-tru/2023/{m:02d}/" for m in months]


# -- authors -------------------------------------------------------------------------------------------------

def author_card(tree):
    return tree.xpath(f"//div[{has_class('bantin-author-card')}]")


@pytest.mark.parametrize("name", list(BIOS))
def test_listed_author_page_shows_name_bio_and_avatar(site, pages, name):
    url = f"tac-gia/{AUTHORS[name]}/"
    tree = pages[url]
    assert tree.xpath("string(//h1)") == DISPLAY_NAMES.get(name, name)
    (card,) = author_card(tree)
    assert [" ".join(p.text_content().split()) for p in card.xpath(".//p")] == [BIOS[name]]
    (img,) = card.xpath(".//img")
    avatar = resolve(url, img.get("src"))
    assert avatar == f"images/tac-gia/{AUTHORS[name]}.svg"
    assert (site / avatar).is_file()


def test_display_name_only_on_the_author_page_title_not_in_the_address(pages):
    """The `name:` override changes what is shown, not where the page is: the address follows the articles."""
    assert "tac-gia/lo-van-hung/" in pages
    assert pages["tac-gia/lo-van-hung/trang/2/"].xpath("string(//h1)") == "Nhà báo Lò Văn Hùng – trang 2"


def test_author_card_only_on_the_first_page(pages):
    assert author_card(pages["tac-gia/hoang-thi-lan/"])
    assert not author_card(pages["tac-gia/hoang-thi-lan/trang/2/"])


def test_unlisted_author_gets_a_plain_page(pages):
    tree = pages[f"tac-gia/{AUTHORS[UNLISTED_AUTHOR]}/"]
    assert tree.xpath("string(//h1)") == UNLISTED_AUTHOR
    for card in author_card(tree):
        assert not card.xpath(".//img") and not card.text_content().strip()


def test_an_article_by_two_authors_is_listed_under_both(site):
    shared = [s for s in SOURCES if len(s.authors) == 2]
    assert shared
    for source in shared:
        for name in source.authors:
            base = f"tac-gia/{AUTHORS[name]}/"
            listed = [url for page in sorted(site.glob(f"{base}**/index.html"))
                      for _, url in cards(parse_html(page), page.parent.relative_to(site).as_posix() + "/")]
            assert source.url in listed, f"{source.title} is missing from {base}"


# -- navigation ---------------------------------------------------------------------------------------------

def expected_nav() -> list[str]:
    by_size = sorted(CATEGORIES.items(), key=lambda item: (-CATEGORY_SIZES[list(CATEGORIES).index(item[0])], item[1]))
    # In the order TT 32/2017 lists them: home, Giới thiệu, the categories, the archive, the site map.
    return ["", "gioi-thieu/", *(f"chuyen-muc/{slug}/" for _, slug in by_size), "luu-tru/", "so-do-cong/"]


def primary_nav(tree, url: str) -> list[str]:
    (nav,) = tree.xpath(f"//nav[{has_class('md-nav--primary')}]")
    hrefs = [a.get("href") for a in nav.xpath(f".//a[{has_class('md-nav__link')}]")]
    return [resolve(url, h) for h in hrefs if not h.startswith("#")]


def tabs(tree, url: str) -> list[str]:
    (bar,) = tree.xpath(f"//*[{has_class('md-tabs')}]")
    return [resolve(url, a.get("href")) for a in bar.xpath(f".//a[{has_class('md-tabs__link')}]")]


@pytest.mark.parametrize("url", ["", "chuyen-muc/kinh-te/", "the/du-lich/trang/2/", "gioi-thieu/", "luu-tru/",
                                 SOURCES[0].url, SOURCES[-1].url, "tim-kiem/"])
def test_navigation_is_home_categories_static_pages_and_archive(pages, url):
    assert primary_nav(pages[url], url) == expected_nav()
    assert tabs(pages[url], url) == expected_nav()


def test_navigation_titles(pages):
    (nav,) = pages[""].xpath(f"//nav[{has_class('md-nav--primary')}]")
    titles = [" ".join(a.text_content().split()) for a in nav.xpath(f".//a[{has_class('md-nav__link')}]")]
    assert titles[:6] == ["Trang chủ", "Giới thiệu", "Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh",
                          "Xây dựng Đảng"]
    assert titles[-2:] == ["Tất cả tin bài", "Sơ đồ cổng"]


def test_no_page_links_an_article_from_its_navigation(pages):
    articles = {s.url for s in SOURCES}
    for url, tree in pages.items():
        for nav in tree.xpath(f"//nav[{has_class('md-nav')}] | //*[{has_class('md-tabs')}]"):
            hrefs = [a.get("href") for a in nav.xpath(".//a[@href]")]
            linked = {resolve(url, href) for href in hrefs if not href.startswith("#")}
            assert not linked & articles, f"the navigation of {url or 'the home page'} links an article"


# -- the sidebar ---------------------------------------------------------------------------------------------

def test_most_read_box_lists_the_top_five_by_views_on_every_page(pages):
    ranked = sorted(SOURCES, key=lambda s: -s.views)
    assert len(pages) >= len(SOURCES) + len(LISTINGS)
    for url, tree in pages.items():
        # The home page lists each article once: its box leaves out what the page shows, and it has no latest box.
        on_page = {resolve(url, href) for href in tree.xpath("//article[contains(@class, 'md-content__inner')]//a/@href")
                   if "://" not in href} if url == "" else set()
        expected = [(s.title, s.url) for s in ranked if url or s.url not in on_page][:5]
        boxes = tree.xpath("//section[@aria-labelledby='bantin-most-read']")
        assert len(boxes) == 1, f"{url or 'home'}: {len(boxes)} most-read boxes"
        (box,) = boxes
        assert box.xpath("string(.//h2)").strip() == "Đọc nhiều nhất"
        all_time = box.xpath("(.//ol)[1]/li/a")  # the first list: all time (a 7-day list may follow)
        found = [(" ".join(a.text_content().split()), resolve(url, a.get("href"))) for a in all_time]
        assert found == expected, f"most read on {url or 'home'}"
        # beside "Thông tin mới nhất", in the same sidebar
        aside = box.getparent()
        assert aside.tag == "aside" and bool(aside.xpath(".//section[@aria-labelledby='bantin-latest']")) == bool(url)


def test_most_read_box_shows_the_view_counts(pages):
    top = sorted(SOURCES, key=lambda s: -s.views)[:5]
    (box,) = pages["gioi-thieu/"].xpath("//section[@aria-labelledby='bantin-most-read']")
    counts = [int(span.text_content().replace(".", "")) for span in box.xpath("(.//ol)[1]//span[@data-bantin-views]")]
    assert counts == [s.views for s in top]


# -- generated addresses are the plugin's --------------------------------------------------------------------

TWO = {
    "content/index.md": "# Trang chủ\n",
    "content/tin-tuc/a.md": article(title="Tin A", date="05/01/2023 08:00", author="Hoàng Thị Lan", category="Kinh tế"),
    "content/tin-tuc/b.md": article(title="Tin B", date="06/01/2023 08:00", author="Hoàng Thị Lan", category="Kinh tế"),
}


@pytest.mark.parametrize("path", [
    "chuyen-muc/index.md",
    "chuyen-muc/kinh-te/index.md",
    "tim-kiem/index.md",
    "luu-tru/2023/01/index.md",
    # The same addresses reached by other file names: chuyen-muc.md is published at chuyen-muc/ too, and a
    # README.md is a folder's index page.
    "chuyen-muc.md",
    "tac-gia/hoang-thi-lan.md",
    "luu-tru/2023/README.md",
])
def test_content_at_a_generated_address_fails_the_build(tmp_path, caplog, path):
    config = write_site(tmp_path / "portal", {**TWO, f"content/{path}": "# Trang của biên tập viên\n"}, {})
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(config, strict=False)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(m.startswith(f"content/{path}:1: file: ") and "do Bantin tạo" in m for m in errors), errors


# -- an English site with its own prefixes --------------------------------------------------------------------

EN_URLS = {"category": "category", "tag": "tag", "author": "author", "archive": "archive"}
EN_SIZE = 4


def en_sources() -> list[Source]:
    out = []
    for i in range(11):
        when = dt.datetime(2023, 4 + i // 6, 1 + 2 * i, 9, 0, tzinfo=VN)
        out.append(Source(i + 1, f"Tin số {i + 1} của thị xã", when, (("Hoàng Thị Lan", "Lò Văn Hùng")[i % 2],),
                          ("Kinh tế", "Văn hóa - Xã hội")[int(i % 3 == 0)], (("Du lịch",) if i % 2 else ("Y tế",)),
                          100 + i))
    return out


EN_SOURCES = en_sources()
EN_LISTINGS = expected_listings(EN_SOURCES, **EN_URLS)


@pytest.fixture(scope="module")
def en_site(tmp_path_factory) -> Path:
    """No .authors.yml, English, `page_size: 4` and every prefix renamed; the page word left to the language."""
    files = {"content/index.md": "# Home\n", "content/about.md": "# About\n\nThe town.\n",
             **{s.path: s.text() for s in EN_SOURCES}}
    theme = {"name": "material", "custom_dir": str(THEME_DIR), "language": "en", "font": False}
    config = write_site(tmp_path_factory.mktemp("listings-en") / "portal", files,
                        {"page_size": EN_SIZE, "urls": EN_URLS}, theme=theme)
    return build_site(config, strict=True)


@pytest.mark.parametrize("expected", EN_LISTINGS, ids=[e.base for e in EN_LISTINGS])
def test_english_listing_pages(en_site, expected):
    check_listing(en_site, expected, size=EN_SIZE, word="page")


def test_english_site_pages_are_under_page_n(en_site):
    assert page_file(en_site, "archive/page/2/").is_file()
    assert page_file(en_site, "archive/page/3/").is_file()
    assert page_file(en_site, "category/kinh-te/page/2/").is_file()
    assert not list(en_site.rglob("trang"))


def test_english_site_uses_only_its_own_prefixes(en_site):
    for default in ("chuyen-muc", "the", "tac-gia", "luu-tru"):
        assert not (en_site / default).exists(), default
    for prefix in ("category", "tag", "author", "archive"):
        assert page_file(en_site, f"{prefix}/").is_file(), prefix


def test_english_site_words_and_navigation(en_site):
    tree = parse_html(page_file(en_site, "archive/page/2/"))
    assert tree.xpath("string(//h1)") == "All articles – page 2"
    (nav,) = tree.xpath(f"//nav[{has_class('bantin-pagination')}]")
    assert nav.get("aria-label") == "Pagination"
    assert " ".join(nav.xpath("string(.//a[@rel='next'])").split()) == "Next page ›"
    assert " ".join(nav.xpath("string(.//a[@rel='prev'])").split()) == "‹ Previous page"
    assert primary_nav(tree, "archive/page/2/") == ["", "category/kinh-te/", "category/van-hoa-xa-hoi/",
                                                    "about/", "archive/", "so-do-cong/"]


def test_without_authors_file_every_author_page_is_plain(en_site):
    for name in ("Hoàng Thị Lan", "Lò Văn Hùng"):
        tree = parse_html(page_file(en_site, f"author/{AUTHORS[name]}/"))
        assert tree.xpath("string(//h1)") == name
        for card in author_card(tree):
            assert not card.xpath(".//img") and not card.text_content().strip()


@pytest.fixture(scope="module")
def numbered_site(tmp_path_factory) -> Path:
    """A Vietnamese site that names its page word itself: `urls: {page: so}`."""
    items = EN_SOURCES[:5]
    files = {"content/index.md": "# Trang chủ\n", **{s.path: s.text() for s in items}}
    config = write_site(tmp_path_factory.mktemp("listings-so") / "portal", files,
                        {"page_size": 2, "urls": {"page": "so"}})
    return build_site(config, strict=True)


def test_page_word_is_configurable(numbered_site):
    expected = next(e for e in expected_listings(EN_SOURCES[:5]) if e.kind == "archive")
    check_listing(numbered_site, expected, size=2, word="so")
    assert not list(numbered_site.rglob("trang"))
