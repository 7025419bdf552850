"""sitemap.xml and robots.txt of a built fixture site, the sitemap checked against the sitemaps.org schema.

The schema, tests/data/sitemap.xsd, is written for these tests from the protocol (sitemaps.org/protocol.html);
the first tests show that it accepts what the protocol allows and refuses what it does not.
"""

from __future__ import annotations

import datetime as dt
import gzip
import math
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.etree
import pytest

from conftest import SITE_URL, article, build_site, parse_html, write_site

VN = ZoneInfo("Asia/Ho_Chi_Minh")
XSD = Path(__file__).parent / "data" / "sitemap.xsd"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
PAGE_SIZE = 10


@pytest.fixture(scope="module")
def schema() -> lxml.etree.XMLSchema:
    return lxml.etree.XMLSchema(lxml.etree.parse(str(XSD)))


def urlset(*urls: str, namespace: str = NS) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{namespace}">{"".join(urls)}</urlset>'.encode()


@pytest.mark.parametrize("document", [
    urlset("<url><loc>https://mayngan.example.vn/</loc></url>"),
    urlset("<url><loc>https://mayngan.example.vn/a/</loc><lastmod>2023-01-05</lastmod></url>"),
    urlset("<url><loc>https://mayngan.example.vn/a/</loc><lastmod>2023-01-05T08:30:00+07:00</lastmod>"
           "<changefreq>daily</changefreq><priority>0.8</priority></url>"),
    urlset("<url><loc>https://mayngan.example.vn/a/</loc><lastmod>2023-01-05T01:30:00.5Z</lastmod>"
           "<priority>1.0</priority></url>", "<url><loc>https://mayngan.example.vn/b/</loc></url>"),
])
def test_schema_accepts_valid_sitemaps(schema, document):
    schema.assertValid(lxml.etree.fromstring(document))


@pytest.mark.parametrize("document", [
    urlset(),  # no url
    urlset("<url><lastmod>2023-01-05</lastmod></url>"),  # no loc
    urlset("<url><loc>https://mayngan.example.vn/</loc></url>", namespace="http://example.org/other"),
    urlset("<url><loc>https://mayngan.example.vn/</loc><lastmod>2023-01-05T08:30:00</lastmod></url>"),  # no zone
    urlset("<url><loc>https://mayngan.example.vn/</loc><lastmod>05/01/2023</lastmod></url>"),
    urlset("<url><loc>https://mayngan.example.vn/</loc><changefreq>sometimes</changefreq></url>"),
    urlset("<url><loc>https://mayngan.example.vn/</loc><priority>1.5</priority></url>"),
    urlset("<url><loc>https://mayngan.example.vn/</loc><priority>-0.1</priority></url>"),
    urlset("<url><lastmod>2023-01-05</lastmod><loc>https://mayngan.example.vn/</loc></url>"),  # order
    urlset("<url><loc>/tin-tuc/a/</loc></url>"),  # not absolute
])
def test_schema_refuses_invalid_sitemaps(schema, document):
    assert not schema.validate(lxml.etree.fromstring(document))


# -- the fixture site --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    number: int
    date: dt.datetime
    author: str
    category: str
    tags: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"content/tin-tuc/{self.date.year}/bai-{self.number:02d}.md"

    @property
    def url(self) -> str:
        return f"tin-tuc/{self.date.year}/bai-{self.number:02d}/"


CATEGORIES = {"Kinh tế": "kinh-te", "Văn hóa": "van-hoa"}
TAGS = {"Nông nghiệp": "nong-nghiep", "Du lịch": "du-lich", "Y tế": "y-te"}
AUTHORS = {"Hoàng Thị Lan": "hoang-thi-lan", "Lò Văn Hùng": "lo-van-hung"}
SOURCES = [
    Source(i + 1, dt.datetime(2023, 9, 3, 8, 15, tzinfo=VN) + dt.timedelta(days=11 * i, hours=i % 4),
           list(AUTHORS)[i % 3 == 0], list(CATEGORIES)[i % 4 == 0], tuple(list(TAGS)[: 1 + i % 3]))
    for i in range(26)
]


def newest_first(items) -> list[Source]:
    return sorted(items, key=lambda s: s.date, reverse=True)


def expected_listings() -> dict[str, list[Source]]:
    """The first page of every listing → its articles, newest first."""
    out = {}
    for name, slug in CATEGORIES.items():
        out[f"chuyen-muc/{slug}/"] = newest_first(s for s in SOURCES if s.category == name)
    for name, slug in TAGS.items():
        out[f"the/{slug}/"] = newest_first(s for s in SOURCES if name in s.tags)
    for name, slug in AUTHORS.items():
        out[f"tac-gia/{slug}/"] = newest_first(s for s in SOURCES if s.author == name)
    for year in {s.date.year for s in SOURCES}:
        out[f"luu-tru/{year}/"] = newest_first(s for s in SOURCES if s.date.year == year)
    for year, month in {(s.date.year, s.date.month) for s in SOURCES}:
        out[f"luu-tru/{year}/{month:02d}/"] = newest_first(s for s in SOURCES if (s.date.year, s.date.month) ==
                                                           (year, month))
    out["luu-tru/"] = newest_first(SOURCES)
    return out


def expected_listing_pages() -> dict[str, Source]:
    """Every page of every listing → the newest article it shows."""
    out = {}
    for base, items in expected_listings().items():
        for number in range(1, math.ceil(len(items) / PAGE_SIZE) + 1):
            out[base if number == 1 else f"{base}trang/{number}/"] = items[(number - 1) * PAGE_SIZE]
    return out


INDEXES = ("chuyen-muc/", "the/", "tac-gia/")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    files = {"content/index.md": "# Trang chủ\n", "content/gioi-thieu.md": "# Giới thiệu\n\nVề thị xã.\n"}
    for s in SOURCES:
        files[s.path] = article(title=f"Bài số {s.number}", date=f"{s.date:%Y-%m-%d %H:%M}", author=s.author,
                                category=s.category, tags=list(s.tags))
    config = write_site(tmp_path_factory.mktemp("sitemap") / "portal", files, {})
    return build_site(config, strict=True)


@pytest.fixture(scope="module")
def entries(site) -> dict[str, str | None]:
    """Site-relative address → lastmod, from site/sitemap.xml."""
    root = lxml.etree.parse(str(site / "sitemap.xml")).getroot()
    out = {}
    for url in root.findall(f"{{{NS}}}url"):
        loc = url.findtext(f"{{{NS}}}loc")
        assert loc.startswith(SITE_URL), loc
        assert loc.removeprefix(SITE_URL) not in out, f"{loc} listed twice"
        out[loc.removeprefix(SITE_URL)] = url.findtext(f"{{{NS}}}lastmod")
    return out


def test_fixture_has_paginated_listings():
    pages = expected_listing_pages()
    assert "luu-tru/trang/3/" in pages and "chuyen-muc/kinh-te/trang/2/" in pages
    assert len({s.date.year for s in SOURCES}) == 2


def test_sitemap_is_valid_against_the_schema(site, schema):
    document = lxml.etree.parse(str(site / "sitemap.xml"))
    schema.assertValid(document)


def test_the_compressed_copy_holds_the_same_list(site):
    """sitemap.xml.gz, which search engines may fetch instead, is the sitemap itself, compressed."""
    with gzip.open(site / "sitemap.xml.gz") as stream:
        assert stream.read() == (site / "sitemap.xml").read_bytes()


def test_every_article_is_listed_with_its_date(entries):
    for source in SOURCES:
        assert source.url in entries, source.url
        assert entries[source.url] == source.date.isoformat()
        assert dt.datetime.fromisoformat(entries[source.url]) == source.date


def test_every_listing_page_is_listed_with_its_newest_article(entries):
    for url, newest in expected_listing_pages().items():
        assert url in entries, url
        assert entries[url] is not None, f"{url} has no lastmod"
        assert dt.datetime.fromisoformat(entries[url]) == newest.date, url


def test_index_pages_are_listed_with_the_newest_article(entries):
    newest = newest_first(SOURCES)[0]
    for url in INDEXES:
        assert url in entries, url
        assert dt.datetime.fromisoformat(entries[url]) == newest.date, url


def test_sitemap_lists_the_site_and_nothing_else(site, entries):
    """Besides articles and listings: the home page and the static page (the search page may be listed or not);
    no 404 page; and every address listed is a page that exists."""
    expected = {s.url for s in SOURCES} | set(expected_listing_pages()) | set(INDEXES) | {"", "gioi-thieu/",
                                                                                         "so-do-cong/"}
    assert expected <= set(entries)
    assert set(entries) - expected <= {"tim-kiem/"}
    for url in entries:
        assert (site / url / "index.html").is_file(), url


def test_every_lastmod_parses(entries):
    """Articles, listings and the home page carry the date of their newest article; the site's own pages
    carry none (their file dates change with every checkout, which would make every build differ)."""
    for url, lastmod in entries.items():
        if url in ("gioi-thieu/", "so-do-cong/"):  # the site map follows the menu, not an article
            assert lastmod is None
            continue
        assert lastmod, f"{url or 'home'} has no lastmod"
        if "T" in lastmod:
            assert dt.datetime.fromisoformat(lastmod).tzinfo is not None, url
        else:
            dt.date.fromisoformat(lastmod)


def test_sitemap_is_discoverable_in_robots_txt(site):
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert (site / "sitemap.xml").is_file()


def test_robots_txt_of_the_site_is_kept(tmp_path):
    """An editor's own robots.txt in content/ is published as written."""
    own = "User-agent: *\nDisallow: /tim-kiem/\n"
    files = {"content/index.md": "# Trang chủ\n", "content/robots.txt": own,
             "content/tin-tuc/a.md": article(title="A", date="2023-01-05", author="Lò Văn Hùng")}
    site = build_site(write_site(tmp_path / "portal", files, {}), strict=True)
    assert (site / "robots.txt").read_text(encoding="utf-8") == own


def test_listing_pages_in_the_sitemap_are_the_pages_of_the_site(site, entries):
    """The newest article of a listing page, as the sitemap dates it, is the first card on that page."""
    for url in expected_listing_pages():
        tree = parse_html(site / url / "index.html")
        (first,) = tree.xpath("(//article[contains(@class, 'bantin-card')]//time)[1]/@datetime")
        assert dt.datetime.fromisoformat(first) == dt.datetime.fromisoformat(entries[url]), url
