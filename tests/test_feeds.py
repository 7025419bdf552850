"""RSS 2.0, Atom and JSON Feed of a built fixture site, read back with the readers' own parser (feedparser).

The fixture site has 30 articles: 24 in "Kinh tế & Đầu tư" (so its feed is cut at 20) and 6 in "Văn hóa";
the newest has a title full of characters that markup treats specially. Bodies link to a page, an image, an
outside address and an e-mail address by relative and absolute URLs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import json
import logging
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedparser
import lxml.etree
import lxml.html
import pytest
from mkdocs.exceptions import Abort

from conftest import SITE_DESCRIPTION, SITE_NAME, SITE_URL, article, build_site, parse_html, write_site

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FEED_SIZE = 20
HOSTILE_TITLE = 'Cảnh báo <script>alert("x")</script> & \'nháy đơn\' "nháy kép" <b>a<b & &amp; ]]>'
HOSTILE_SUMMARY = 'Tóm tắt <script>alert(1)</script> & <b>đậm</b> "kép" \'đơn\''
ECONOMY, CULTURE = "Kinh tế & Đầu tư", "Văn hóa"
ECONOMY_SLUG, CULTURE_SLUG = "kinh-te-dau-tu", "van-hoa"
OUTSIDE = "https://example.org/nguon?a=1&b=2"
MAIL = "mailto:bbt@mayngan.example.vn"


@dataclass(frozen=True)
class Source:
    number: int
    title: str
    date: dt.datetime
    authors: tuple[str, ...]
    category: str
    tags: tuple[str, ...]
    views: int
    summary: str | None  # None: the first paragraph is the summary

    @property
    def path(self) -> str:
        return f"content/tin-tuc/{self.date.year}/tin-so-{self.number:02d}.md"

    @property
    def url(self) -> str:
        return f"{SITE_URL}tin-tuc/{self.date.year}/tin-so-{self.number:02d}/"

    @property
    def lead(self) -> str:
        return f"Đoạn mở đầu của tin số {self.number} về giới thiệu."

    @property
    def expected_summary(self) -> str:
        return self.summary if self.summary is not None else self.lead

    @property
    def body(self) -> str:
        return (f"Đoạn mở đầu của tin số {self.number} về [giới thiệu](../../gioi-thieu.md).\n\n"
                "![Ruộng bậc thang](../../images/bai-viet/ruong.svg)\n\n"
                f"Xem [nguồn]({OUTSIDE}) hoặc [thư]({MAIL}).\n\n"
                "Đoạn *thứ hai* với mã `x < y && z`.")

    @property
    def body_text(self) -> str:
        return f"{self.lead} Xem nguồn hoặc thư. Đoạn thứ hai với mã x < y && z."

    def text(self) -> str:
        fields = {"title": self.title, "date": f"{self.date:%Y-%m-%d %H:%M}"}
        fields.update({"author": self.authors[0]} if len(self.authors) == 1 else {"authors": list(self.authors)})
        fields.update(category=self.category, tags=list(self.tags), views=self.views)
        if self.summary is not None:
            fields["summary"] = self.summary
        if self.number % 4 == 0:
            fields.update(image="images/bai-viet/ruong.svg", image_alt="Ruộng bậc thang")
        return article(self.body, **fields)


def sources() -> list[Source]:
    writers = ("Hoàng Thị Lan", "Lò Văn Hùng", "Giàng A Páo")
    tags = ("Nông nghiệp", "Du lịch", "Y tế", "Giáo dục")
    out = []
    for i in range(30):
        number = i + 1
        when = dt.datetime(2023, 1, 2, 7, 0, tzinfo=VN) + dt.timedelta(days=5 * i, minutes=13 * i)
        authors = (writers[i % 3],) if i % 7 else (writers[i % 3], "Nguyễn Minh Tuấn")
        title = HOSTILE_TITLE if number == 30 else f"Tin số {number}: hoạt động của xã Tả Van"
        summary = HOSTILE_SUMMARY if number == 30 else (f"Tóm tắt tin số {number}." if i % 2 else None)
        out.append(Source(number, title, when, authors, CULTURE if i % 5 == 0 else ECONOMY,
                          (tags[i % 4], tags[(i + 1) % 4]) if i % 3 else (tags[i % 4],), 1000 + 37 * i, summary))
    return out


SOURCES = sources()
NEWEST = sorted(SOURCES, key=lambda s: s.date, reverse=True)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>\n'


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    files = {
        "content/index.md": "# Trang chủ\n",
        "content/gioi-thieu.md": "# Giới thiệu\n\nVề thị xã.\n",
        "content/images/bai-viet/ruong.svg": SVG,
        **{s.path: s.text() for s in SOURCES},
    }
    config = write_site(tmp_path_factory.mktemp("feeds") / "portal", files, {})
    return build_site(config, strict=True)


def parse(site: Path, name: str) -> feedparser.FeedParserDict:
    return feedparser.parse((site / name).read_bytes())


FEEDS = {  # file → (kind, the articles it should carry, its title, the page it follows)
    "feed.xml": ("rss20", NEWEST, SITE_NAME, SITE_URL),
    "atom.xml": ("atom10", NEWEST, SITE_NAME, SITE_URL),
    f"chuyen-muc/{ECONOMY_SLUG}/feed.xml": ("rss20", [s for s in NEWEST if s.category == ECONOMY],
                                           f"{ECONOMY} - {SITE_NAME}", f"{SITE_URL}chuyen-muc/{ECONOMY_SLUG}/"),
    f"chuyen-muc/{ECONOMY_SLUG}/atom.xml": ("atom10", [s for s in NEWEST if s.category == ECONOMY],
                                           f"{ECONOMY} - {SITE_NAME}", f"{SITE_URL}chuyen-muc/{ECONOMY_SLUG}/"),
    f"chuyen-muc/{CULTURE_SLUG}/feed.xml": ("rss20", [s for s in NEWEST if s.category == CULTURE],
                                           f"{CULTURE} - {SITE_NAME}", f"{SITE_URL}chuyen-muc/{CULTURE_SLUG}/"),
}


def test_fixture_is_what_the_tests_expect():
    assert len([s for s in SOURCES if s.category == ECONOMY]) == 24
    assert len([s for s in SOURCES if s.category == CULTURE]) == 6
    assert NEWEST[0].title == HOSTILE_TITLE and NEWEST[0].category == ECONOMY


@pytest.mark.parametrize("name", list(FEEDS))
def test_feed_parses_cleanly_with_the_right_items_newest_first(site, name):
    kind, expected, title, link = FEEDS[name]
    feed = parse(site, name)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == kind
    assert feed.feed.title == title
    assert feed.feed.link == link
    assert [e.link for e in feed.entries] == [s.url for s in expected[:FEED_SIZE]]
    assert len(feed.entries) == min(FEED_SIZE, len(expected))


@pytest.mark.parametrize("name", list(FEEDS))
def test_feed_entries_equal_their_source(site, name):
    _, expected, _, _ = FEEDS[name]
    for entry, source in zip(parse(site, name).entries, expected):
        assert entry.title == source.title
        assert entry.link == source.url
        assert entry.id == source.url
        assert [a["name"] for a in entry.authors] == list(source.authors)
        assert entry.published_parsed == source.date.utctimetuple()
        assert calendar.timegm(entry.published_parsed) == int(source.date.timestamp())
        assert [t.term for t in entry.tags] == [source.category, *source.tags]
        if source.title != HOSTILE_TITLE:  # the hostile summary has its own test below
            assert entry.summary == source.expected_summary
        (content,) = entry.content
        assert content.type == "text/html"
        body = lxml.html.fragment_fromstring(content.value, create_parent="div")
        assert " ".join(body.text_content().split()) == source.body_text


@pytest.mark.parametrize("name", list(FEEDS))
def test_relative_links_and_images_in_content_are_absolute(site, name):
    for entry in parse(site, name).entries:
        body = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
        assert [a.get("href") for a in body.iter("a")] == [f"{SITE_URL}gioi-thieu/", OUTSIDE, MAIL]
        assert [img.get("src") for img in body.iter("img")] == [f"{SITE_URL}images/bai-viet/ruong.svg"]


def test_absolute_links_lead_to_published_files(site):
    """The addresses feeds give are the site's own files, not just well-formed URLs."""
    entry = parse(site, "feed.xml").entries[0]
    body = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
    targets = [a.get("href") for a in body.iter("a")] + [img.get("src") for img in body.iter("img")]
    for target in [entry.link, *targets]:
        if target.startswith(SITE_URL):
            path = site / target.removeprefix(SITE_URL)
            assert (path / "index.html").is_file() or path.is_file(), target


def test_rss_dates_are_rfc_822_and_atom_dates_rfc_3339(site):
    rss = lxml.etree.fromstring((site / "feed.xml").read_bytes())
    atom = lxml.etree.fromstring((site / "atom.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    pub = [parsedate_to_datetime(d) for d in rss.xpath("/rss/channel/item/pubDate/text()")]
    assert pub == [s.date for s in NEWEST[:FEED_SIZE]]
    assert all(d.endswith("+0700") for d in rss.xpath("/rss/channel/item/pubDate/text()"))
    published = atom.xpath("/a:feed/a:entry/a:published/text()", namespaces=ns)
    assert [dt.datetime.fromisoformat(d) for d in published] == [s.date for s in NEWEST[:FEED_SIZE]]
    assert all(d[10] == "T" and d.endswith("+07:00") for d in published)
    assert atom.xpath("/a:feed/a:updated/text()", namespaces=ns) == [NEWEST[0].date.isoformat()]


@pytest.mark.parametrize("name", list(FEEDS))
def test_feed_is_well_formed_xml_for_lxml(site, name):
    root = lxml.etree.fromstring((site / name).read_bytes())
    if root.tag == "rss":
        assert root.get("version") == "2.0"
        (self_link,) = root.xpath("/rss/channel/*[local-name()='link' and @rel='self']")
        assert self_link.get("href") == SITE_URL + name
    else:
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        (self_link,) = root.xpath("/*/*[local-name()='link' and @rel='self']")
        assert self_link.get("href") == SITE_URL + name


def test_site_feed_channel(site):
    feed = parse(site, "feed.xml").feed
    assert (feed.title, feed.subtitle, feed.language) == (SITE_NAME, SITE_DESCRIPTION, "vi")


# -- JSON Feed ---------------------------------------------------------------------------------------------------

def test_json_feed(site):
    document = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert (document["title"], document["home_page_url"], document["feed_url"]) == (
        SITE_NAME, SITE_URL, f"{SITE_URL}feed.json")
    items = document["items"]
    assert len(items) == FEED_SIZE
    for item, source in zip(items, NEWEST, strict=False):
        assert (item["id"], item["url"], item["title"]) == (source.url, source.url, source.title)
        assert dt.datetime.fromisoformat(item["date_published"]) == source.date
        assert [a["name"] for a in item["authors"]] == list(source.authors)
        assert item["tags"] == list(source.tags)
        assert item["summary"] == (HOSTILE_SUMMARY if source.title == HOSTILE_TITLE else source.expected_summary)
        assert item["_bantin"] == {"category": source.category, "views": source.views}
        body = lxml.html.fragment_fromstring(item["content_html"], create_parent="div")
        assert " ".join(body.text_content().split()) == source.body_text
        if source.number % 4 == 0:
            assert item["image"] == f"{SITE_URL}images/bai-viet/ruong.svg"
        else:
            assert "image" not in item


def test_json_feed_content_equals_the_xml_feeds(site):
    items = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    for name in ("feed.xml", "atom.xml"):
        entries = parse(site, name).entries
        assert [e.content[0].value for e in entries] == [i["content_html"] for i in items], name


# -- hostile text -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["feed.xml", "atom.xml", f"chuyen-muc/{ECONOMY_SLUG}/feed.xml",
                                  f"chuyen-muc/{ECONOMY_SLUG}/atom.xml"])
def test_hostile_title_survives_xml_feeds_exactly(site, name):
    entry = parse(site, name).entries[0]
    assert entry.link == NEWEST[0].url
    assert entry.title == HOSTILE_TITLE
    assert entry.title_detail.type == "text/plain"


def test_hostile_title_survives_json_feed_exactly(site):
    item = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"][0]
    assert item["title"] == HOSTILE_TITLE


def test_hostile_category_name_in_feed_titles(site):
    feed = parse(site, f"chuyen-muc/{ECONOMY_SLUG}/atom.xml")
    assert feed.feed.title == f"{ECONOMY} - {SITE_NAME}"


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_summary_is_text_and_survives_exactly(site, name):
    """A summary is plain text (the theme escapes it on cards). Whatever element a feed puts it in, a reader must
    get the same text back: RSS <description> is HTML, so the text must be escaped as HTML there."""
    entry = parse(site, name).entries[0]
    assert entry.link == NEWEST[0].url
    detail = entry.summary_detail
    text = html.unescape(entry.summary) if detail.type == "text/html" else entry.summary
    assert text == HOSTILE_SUMMARY


# -- discovery ----------------------------------------------------------------------------------------------------

SITE_FEEDS = [("application/rss+xml", "feed.xml"), ("application/atom+xml", "atom.xml"),
              ("application/feed+json", "feed.json")]


def alternates(tree, page_url: str) -> list[tuple[str, str]]:
    host = "http://site.test/"
    out = []
    for link in tree.xpath("/html/head/link[@rel='alternate']"):
        target = urljoin(host + page_url, link.get("href"))
        assert target.startswith(host)
        out.append((link.get("type"), target.removeprefix(host)))
    return out


def html_pages(site: Path):
    """Every page of the site but 404.html, which is not a page of content and has no feeds to point to."""
    for path in sorted(site.rglob("*.html")):
        if path == site / "404.html":
            continue
        relative = path.relative_to(site).as_posix()
        yield ("" if relative == "index.html" else relative.removesuffix("index.html")), path


def test_every_page_links_the_site_feeds(site):
    count = 0
    for url, path in html_pages(site):
        found = alternates(parse_html(path), url)
        assert found[:3] == SITE_FEEDS, url or "home"
        for _, target in found:
            assert (site / target).is_file(), f"{url}: {target} does not exist"
        count += 1
    assert count > len(SOURCES)


@pytest.mark.parametrize("url", [f"chuyen-muc/{ECONOMY_SLUG}/", f"chuyen-muc/{ECONOMY_SLUG}/trang/2/"])
def test_category_page_links_its_own_feeds(site, url):
    found = alternates(parse_html(site / url / "index.html"), url)
    base = f"chuyen-muc/{ECONOMY_SLUG}/"
    assert found == [*SITE_FEEDS, ("application/rss+xml", f"{base}feed.xml"),
                     ("application/atom+xml", f"{base}atom.xml")]


def test_home_page_links_only_the_site_feeds(site):
    assert alternates(parse_html(site / "index.html"), "") == SITE_FEEDS


# -- no site_url ---------------------------------------------------------------------------------------------------

def no_url_site(root: Path) -> Path:
    files = {"content/index.md": "# Trang chủ\n", **{s.path: s.text() for s in SOURCES[:3]},
             "content/gioi-thieu.md": "# Giới thiệu\n", "content/images/bai-viet/ruong.svg": SVG}
    return write_site(root, files, {}, site_url=None)


def test_without_site_url_strict_build_fails_with_a_warning(tmp_path, caplog):
    config = no_url_site(tmp_path / "portal")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="strict"):
        build_site(config, strict=True)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("site_url is not set" in m and "feeds" in m for m in warnings), warnings


@pytest.fixture(scope="module")
def no_url(tmp_path_factory) -> Path:
    return build_site(no_url_site(tmp_path_factory.mktemp("no-url") / "portal"), strict=False)


def test_without_site_url_no_feed_is_written(no_url):
    assert not [p for p in no_url.rglob("*") if p.name in ("feed.xml", "atom.xml", "feed.json")]
    assert "Sitemap:" not in (no_url / "robots.txt").read_text(encoding="utf-8")


def test_without_site_url_pages_do_not_advertise_missing_feeds(no_url):
    for url, path in html_pages(no_url):
        for _, target in alternates(parse_html(path), url):
            assert (no_url / target).is_file(), f"{url or 'home'} links {target}, which was not written"
