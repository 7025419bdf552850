"""A fixture portal built with MkDocs' own build API, read back as a browser would."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin

import pytest
from mkdocs.exceptions import Abort

from conftest import SITE_NAME, SITE_URL, article, build_site, parse_html, write_site

PNG = b"\x89PNG\r\n\x1a\n fixture image"

DAN_VAN = "tin-tuc/2021/cong-tac-dan-van/"
GIAM_NGHEO = "tin-tuc/2021/giam-ngheo/"
HOI_NGHI = "tin-tuc/2021/hoi-nghi-ban-chap-hanh/"
LE_HOI = "tin-tuc/2022/le-hoi-hai-che/"
DRAFT = "tin-tuc/2021/ban-nhap/"

TITLES = {
    DAN_VAN: "Công tác dân vận năm 2021",
    GIAM_NGHEO: "Kết quả giảm nghèo năm 2021",
    HOI_NGHI: "Hội nghị Ban Chấp hành Đảng bộ thị xã",
    LE_HOI: "Khai mạc lễ hội Hái chè xuân",
}
DRAFT_TITLE = "Bản nháp chưa được duyệt"

PORTAL = {
    "content/index.md": "Chào mừng bạn đến với Cổng thông tin điện tử thị xã Mây Ngàn.\n",
    "content/gioi-thieu.md": "# Giới thiệu chung\n\nThị xã Mây Ngàn nằm ở phía tây tỉnh Hoàng Sơn.\n",
    "content/images/dan-van.png": PNG,
    "content/tin-tuc/2021/cong-tac-dan-van.md": article(
        "Chiều 27/12, Ban Dân vận Thị ủy tổ chức hội nghị tổng kết.\n\n## Kết quả\n\nNhiều mô hình được nhân rộng.",
        title=TITLES[DAN_VAN], date="28/12/2021 08:30", author="Hoàng Thị Lan", category="Chính trị",
        tags=["Dân vận", "Giảm nghèo"], views=1228, summary="Tổng kết công tác dân vận năm 2021.",
        image="images/dan-van.png", image_alt="Hội nghị tổng kết công tác dân vận",
    ),
    "content/tin-tuc/2021/giam-ngheo.md": article(
        "Sáng 20/12, thị xã tổng kết công tác giảm nghèo.\n\nĐoạn thứ hai.",
        title=TITLES[GIAM_NGHEO], date="2021-12-20", authors=["Lò Văn Páo", "Nguyễn Thu Hà"], category="Kinh tế",
        tags=["Giảm nghèo"], views=300,
    ),
    "content/tin-tuc/2021/hoi-nghi-ban-chap-hanh.md": article(
        title=TITLES[HOI_NGHI], date="30/12/2021 10:00", author="Hoàng Thị Lan", category="Chính trị",
        views=50, featured=True,
    ),
    "content/tin-tuc/2022/le-hoi-hai-che.md": article(
        title=TITLES[LE_HOI], date="2022-01-05 07:00", author="Ban biên tập", category="Văn hóa",
        tags=["Lễ hội"], views=10, featured=True,
    ),
    # Newer than cong-tac-dan-van, same category and a shared tag: it would show everywhere if built.
    "content/tin-tuc/2021/ban-nhap.md": article(
        title=DRAFT_TITLE, date="29/12/2021 09:00", author="Hoàng Thị Lan", category="Chính trị",
        tags=["Dân vận", "Bản nháp"], views=5000, draft=True,
    ),
}
OPTIONS = {"views_baseline": 626000, "latest_count": 3}
# Newest first, drafts left out.
LATEST = [TITLES[LE_HOI], TITLES[HOI_NGHI], TITLES[DAN_VAN]]
ALL_TIME = "627.588"  # 626000 + 1228 + 300 + 50 + 10, grouped as Vietnamese readers write it


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    config_file = write_site(tmp_path_factory.mktemp("portal"), PORTAL, OPTIONS)
    return build_site(config_file)


def load(site: Path, url: str):
    """The page at a site URL, parsed."""
    path = site / url / "index.html" if url.endswith("/") or url == "" else site / url
    return parse_html(path)


def absolute(href: str, page_url: str) -> str:
    """Where a link goes, as the browser resolves it on that page."""
    return urljoin(SITE_URL + page_url, href)


def text(element) -> str:
    return " ".join(element.text_content().split())


def one(root, xpath: str):
    found = root.xpath(xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} matches"
    return found[0]


def meta(root, key: str) -> list[str]:
    return root.xpath(f"//head/meta[@property='{key}' or @name='{key}']/@content")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_of(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


# -- the article page ----------------------------------------------------------------------------------------

def test_article_page_header(site):
    root = load(site, DAN_VAN)
    body = one(root, "//article[contains(@class, 'md-content__inner')]")
    assert text(one(body, ".//h1")) == TITLES[DAN_VAN]
    assert text(one(body, ".//header//time")) == "28/12/2021 08:30"
    assert one(body, ".//header//time").get("datetime") == "2021-12-28T08:30:00+07:00"
    assert text(one(body, ".//*[contains(@class, 'bantin-views')]")) == "Lượt xem: 1.228"
    assert one(root, "//head/title").text == f"{TITLES[DAN_VAN]} - {SITE_NAME}"


def test_an_article_dated_without_a_time_shows_the_date_alone(site):
    time = one(load(site, GIAM_NGHEO), "//article//header//time")
    assert (text(time), time.get("datetime")) == ("20/12/2021", "2021-12-20T00:00:00+07:00")


def test_article_page_links_category_tags_and_author(site):
    body = one(load(site, DAN_VAN), "//article[contains(@class, 'md-content__inner')]")
    category = one(body, ".//*[contains(@class, 'bantin-kicker')]/a")
    assert (text(category), absolute(category.get("href"), DAN_VAN)) == ("Chính trị", SITE_URL + "chuyen-muc/chinh-tri/")
    tags = body.xpath(".//a[contains(@class, 'bantin-tag')]")
    assert [(text(a), absolute(a.get("href"), DAN_VAN)) for a in tags] == [
        ("Dân vận", SITE_URL + "the/dan-van/"),
        ("Giảm nghèo", SITE_URL + "the/giam-ngheo/"),
    ]
    authors = body.xpath(".//p[contains(@class, 'bantin-author')]/a")
    assert [(text(a), absolute(a.get("href"), DAN_VAN)) for a in authors] == [
        ("Hoàng Thị Lan", SITE_URL + "tac-gia/hoang-thi-lan/"),
    ]


def test_article_with_two_authors(site):
    root = load(site, GIAM_NGHEO)
    authors = root.xpath("//p[contains(@class, 'bantin-author')]/a")
    assert [(text(a), absolute(a.get("href"), GIAM_NGHEO)) for a in authors] == [
        ("Lò Văn Páo", SITE_URL + "tac-gia/lo-van-pao/"),
        ("Nguyễn Thu Hà", SITE_URL + "tac-gia/nguyen-thu-ha/"),
    ]
    assert meta(root, "author") == ["Lò Văn Páo, Nguyễn Thu Hà"]
    assert meta(root, "article:author") == ["Lò Văn Páo", "Nguyễn Thu Hà"]


def test_article_body_then_author_at_the_end_of_the_text(site):
    body = one(load(site, DAN_VAN), "//article[contains(@class, 'md-content__inner')]")
    text_div = one(body, ".//div[contains(@class, 'bantin-body')]")
    assert [text(p) for p in text_div.xpath("./p")] == [
        "Chiều 27/12, Ban Dân vận Thị ủy tổ chức hội nghị tổng kết.", "Nhiều mô hình được nhân rộng.",
    ]
    assert text(one(text_div, "./h2")) == "Kết quả"
    after = text_div.getnext()
    assert "bantin-author" in after.get("class")
    assert text(after) == "Tác giả: Hoàng Thị Lan"


def test_article_image(site):
    image = one(load(site, DAN_VAN), "//figure//img")
    assert image.get("alt") == "Hội nghị tổng kết công tác dân vận"
    assert absolute(image.get("src"), DAN_VAN) == SITE_URL + "images/dan-van.png"
    assert (site / "images" / "dan-van.png").read_bytes() == PNG


def test_related_articles(site):
    related = load(site, DAN_VAN).xpath("//section[contains(@class, 'bantin-related')]//li/a")
    # The shared tag first (other category), then the same category; the draft never.
    assert [(text(a), absolute(a.get("href"), DAN_VAN)) for a in related] == [
        (TITLES[GIAM_NGHEO], SITE_URL + GIAM_NGHEO),
        (TITLES[HOI_NGHI], SITE_URL + HOI_NGHI),
    ]


def test_previous_and_next_article(site):
    root = load(site, DAN_VAN)
    older, newer = one(root, "//nav[contains(@class, 'bantin-pager')]/a[@rel='prev']"), \
        one(root, "//nav[contains(@class, 'bantin-pager')]/a[@rel='next']")
    assert (text(older), absolute(older.get("href"), DAN_VAN)) == (f"Bài trước {TITLES[GIAM_NGHEO]}", SITE_URL + GIAM_NGHEO)
    # The draft of 29/12 lies between them in time; it is skipped.
    assert (text(newer), absolute(newer.get("href"), DAN_VAN)) == (f"Bài sau {TITLES[HOI_NGHI]}", SITE_URL + HOI_NGHI)


def test_oldest_and_newest_have_one_neighbour(site):
    oldest = load(site, GIAM_NGHEO).xpath("//nav[contains(@class, 'bantin-pager')]/a/@rel")
    newest = load(site, LE_HOI).xpath("//nav[contains(@class, 'bantin-pager')]/a/@rel")
    assert (oldest, newest) == (["next"], ["prev"])


# -- meta tags -------------------------------------------------------------------------------------------------

def test_article_meta_tags(site):
    root = load(site, DAN_VAN)
    assert {key: meta(root, key) for key in (
        "description", "author", "og:type", "og:title", "og:description", "og:url", "og:image", "og:image:alt",
        "article:published_time", "article:section", "article:tag", "twitter:card", "twitter:title",
        "twitter:description", "twitter:image",
    )} == {
        "description": ["Tổng kết công tác dân vận năm 2021."],
        "author": ["Hoàng Thị Lan"],
        "og:type": ["article"],
        "og:title": [TITLES[DAN_VAN]],
        "og:description": ["Tổng kết công tác dân vận năm 2021."],
        "og:url": [SITE_URL + DAN_VAN],
        "og:image": [SITE_URL + "images/dan-van.png"],
        "og:image:alt": ["Hội nghị tổng kết công tác dân vận"],
        "article:published_time": ["2021-12-28T08:30:00+07:00"],
        "article:section": ["Chính trị"],
        "article:tag": ["Dân vận", "Giảm nghèo"],
        "twitter:card": ["summary_large_image"],
        "twitter:title": [TITLES[DAN_VAN]],
        "twitter:description": ["Tổng kết công tác dân vận năm 2021."],
        "twitter:image": [SITE_URL + "images/dan-van.png"],
    }


def test_meta_of_article_without_image_or_summary(site):
    root = load(site, GIAM_NGHEO)
    # No summary written: the first paragraph describes the article.
    assert meta(root, "description") == ["Sáng 20/12, thị xã tổng kết công tác giảm nghèo."]
    assert meta(root, "og:description") == ["Sáng 20/12, thị xã tổng kết công tác giảm nghèo."]
    assert meta(root, "article:published_time") == ["2021-12-20T00:00:00+07:00"]
    assert (meta(root, "og:image"), meta(root, "twitter:card")) == ([], ["summary"])


def test_home_page_meta_tags(site):
    root = load(site, "")
    assert (meta(root, "og:type"), meta(root, "og:title"), meta(root, "article:published_time")) == (
        ["website"], [SITE_NAME], [])


# -- the sidebar on every page -----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["", DAN_VAN, "gioi-thieu/", "404.html"])
def test_sidebar_on_every_page(site, url):
    aside = one(load(site, url), "//aside[contains(@class, 'bantin-aside')]")
    if url == "":  # the home page is itself the latest news: no box repeats it
        assert not aside.xpath(".//section[h2='Thông tin mới nhất']")
    else:
        latest = one(aside, ".//section[h2='Thông tin mới nhất']")
        assert [text(a) for a in latest.xpath(".//li/a")] == LATEST
        assert [t.text for t in latest.xpath(".//li/time")] == ["05/01/2022", "30/12/2021", "28/12/2021"]
    stats = one(aside, ".//section[h2='Thống kê truy cập']")
    # Nothing counted yet: a sentence says so; the figures not measured are hidden (stats.json may bring them).
    assert [text(li) for li in stats.xpath(".//li[not(@hidden)]")] == ["Chưa có số liệu truy cập.",
                                                                       f"Tất cả: {ALL_TIME}"]
    shown = {li.xpath("string(./strong/@data-bantin-stat)"): li for li in stats.xpath(".//li[strong]")}
    assert list(shown) == ["online", "today", "week", "all_time"]
    for key, label in (("online", "Đang online"), ("today", "Hôm nay"), ("week", "Trong tuần")):
        assert shown[key].get("hidden") is not None
        assert text(shown[key]) == f"{label}: chưa có số liệu"


def test_sidebar_links_lead_to_the_articles(site):
    for url in (DAN_VAN, "gioi-thieu/"):
        links = load(site, url).xpath("//aside[contains(@class, 'bantin-aside')]//section[h2='Thông tin mới nhất']//a/@href")
        assert [absolute(href, url) for href in links] == [SITE_URL + LE_HOI, SITE_URL + HOI_NGHI, SITE_URL + DAN_VAN]


# -- the home page ---------------------------------------------------------------------------------------------

def test_home_page(site):
    body = one(load(site, ""), "//article[contains(@class, 'md-content__inner')]")
    sections = body.xpath("./section")
    assert [text(s.find("h2")) if s.find("h2") is not None else "" for s in sections] == ["Tin nổi bật", "Tin mới", ""]
    featured, latest, welcome = sections
    assert [text(a) for a in featured.xpath(".//article[contains(@class, 'bantin-card')]//h3/a")] == [
        TITLES[LE_HOI], TITLES[HOI_NGHI]]
    cards = latest.xpath(".//article[contains(@class, 'bantin-card')]")
    # Each article once on the page: the featured are not listed again among the latest.
    assert [(text(one(c, ".//h3/a")), absolute(one(c, ".//h3/a").get("href"), "")) for c in cards] == [
        (TITLES[DAN_VAN], SITE_URL + DAN_VAN),
        (TITLES[GIAM_NGHEO], SITE_URL + GIAM_NGHEO),
    ]
    dan_van = cards[0]
    assert text(one(dan_van, ".//time")) == "28/12/2021 08:30"
    assert text(one(dan_van, ".//*[contains(@class, 'bantin-views')]")) == "Lượt xem: 1.228"
    assert text(one(dan_van, ".//*[contains(@class, 'bantin-card__summary')]")) == "Tổng kết công tác dân vận năm 2021."
    assert one(dan_van, ".//img").get("alt") == "Hội nghị tổng kết công tác dân vận"
    archive = one(body, ".//p[contains(@class, 'bantin-more')]/a")
    assert (text(archive), absolute(archive.get("href"), "")) == ("Xem tất cả tin bài →", SITE_URL + "luu-tru/")
    # The editors' own introduction stays on the page, after the news; the portal's name is the page's h1.
    assert "Chào mừng bạn đến với Cổng thông tin điện tử thị xã Mây Ngàn." in [text(p) for p in welcome.xpath("./p")]
    assert [text(h) for h in body.xpath(".//h1")] == [SITE_NAME]


# -- drafts and navigation -------------------------------------------------------------------------------------

def test_drafts_are_not_built(site):
    assert not (site / DRAFT).exists()
    # Every page, listing, feed and the sitemap.
    outputs = [p for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json")]
    assert site / "sitemap.xml" in outputs
    for path in outputs:
        content = path.read_text(encoding="utf-8")
        assert DRAFT_TITLE not in content, path
        assert "ban-nhap" not in content, path


def test_drafts_are_previewed_by_serve(tmp_path):
    config_file = write_site(tmp_path, PORTAL, OPTIONS)
    site = build_site(config_file, command="serve")
    heading = one(load(site, DRAFT), "//article//h1")
    assert text(one(heading, "span[@class='bantin-mark']")) == "Nháp"  # the preview says what the site will not show
    assert text(heading) == f"Nháp {DRAFT_TITLE}"
    assert [text(a) for a in load(site, DAN_VAN).xpath("//aside//section[h2='Thông tin mới nhất']//li/a")] == [
        TITLES[LE_HOI], TITLES[HOI_NGHI], DRAFT_TITLE]


def test_articles_are_never_in_the_navigation(site):
    checked = 0
    for path in html_pages(site):
        url = url_of(site, path)
        for nav in parse_html(path).xpath("//nav[contains(@class, 'md-nav') or contains(@class, 'md-footer')]"):
            # Links within the page (the table of contents) are not navigation to an article.
            for href in nav.xpath(".//a/@href[not(starts-with(., '#'))]"):
                checked += 1
                assert "/tin-tuc/" not in absolute(href, url), (path, href)
    assert checked  # the navigation exists and has links
    home_nav = load(site, "").xpath("//nav[contains(@class, 'md-nav')]//a/@href")
    assert SITE_URL + "gioi-thieu/" in [absolute(href, "") for href in home_nav]


# -- escaping ------------------------------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> & \"kép\" 'đơn'"
FIELDS = {
    "title": "Tiêu đề " + HOSTILE,
    "author": "Tác giả " + HOSTILE,
    "category": "Chuyên mục " + HOSTILE,
    "tags": ["Thẻ " + HOSTILE, "Thẻ thứ hai & <b>"],
    "summary": "Tóm tắt " + HOSTILE,
    "image_alt": "Ảnh " + HOSTILE,
}
HOSTILE_URL = "tin-tuc/2021/nguy-hiem/"
NEIGHBOUR_URL = "tin-tuc/2021/ke-ben/"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    files = {
        "content/index.md": "Trang chủ.\n",
        "content/images/anh.png": PNG,
        "content/tin-tuc/2021/nguy-hiem.md": article(
            "Nội dung.", date="28/12/2021 08:30", image="images/anh.png", featured=True, **FIELDS),
        "content/tin-tuc/2021/ke-ben.md": article(
            title="Bài kế bên", date="27/12/2021", author="Lan", category=FIELDS["category"], tags=FIELDS["tags"]),
    }
    return build_site(write_site(tmp_path_factory.mktemp("hostile"), files, {}))


def test_no_script_from_front_matter_anywhere(hostile_site):
    pages = html_pages(hostile_site)
    assert len(pages) >= 4
    for path in pages:
        root = parse_html(path)
        assert [s for s in root.iter("script") if "alert" in (s.text or "")] == [], path
        assert root.xpath("//b") == [], path
        # Present as text: the fields are on the page, only inert.
        assert "<script>alert(1)</script>" in root.text_content(), path


def test_front_matter_round_trips_on_the_article_page(hostile_site):
    root = load(hostile_site, HOSTILE_URL)
    body = one(root, "//article[contains(@class, 'md-content__inner')]")
    assert one(root, "//head/title").text == f"{FIELDS['title']} - {SITE_NAME}"
    assert text(one(root, "//*[@data-md-component='header-topic']")) == FIELDS["title"]
    assert one(body, ".//h1").text_content() == FIELDS["title"]
    assert one(body, ".//*[contains(@class, 'bantin-kicker')]/a").text_content() == FIELDS["category"]
    assert [a.text_content() for a in body.xpath(".//a[contains(@class, 'bantin-tag')]")] == FIELDS["tags"]
    assert one(body, ".//p[contains(@class, 'bantin-author')]/a").text_content() == FIELDS["author"]
    assert one(body, ".//figure//img").get("alt") == FIELDS["image_alt"]
    assert {key: meta(root, key) for key in (
        "description", "author", "og:title", "og:description", "og:image:alt", "article:author",
        "article:section", "article:tag", "twitter:title", "twitter:description", "twitter:image:alt",
    )} == {
        "description": [FIELDS["summary"]],
        "author": [FIELDS["author"]],
        "og:title": [FIELDS["title"]],
        "og:description": [FIELDS["summary"]],
        "og:image:alt": [FIELDS["image_alt"]],
        "article:author": [FIELDS["author"]],
        "article:section": [FIELDS["category"]],
        "article:tag": FIELDS["tags"],
        "twitter:title": [FIELDS["title"]],
        "twitter:description": [FIELDS["summary"]],
        "twitter:image:alt": [FIELDS["image_alt"]],
    }


def test_front_matter_round_trips_in_listings(hostile_site):
    home = one(load(hostile_site, ""), "//article[contains(@class, 'md-content__inner')]")
    card = home.xpath(".//article[contains(@class, 'bantin-card')]")[0]
    assert one(card, ".//h3/a").text_content() == FIELDS["title"]
    assert one(card, ".//*[contains(@class, 'bantin-card__summary')]").text_content() == FIELDS["summary"]
    assert one(card, ".//img").get("alt") == FIELDS["image_alt"]
    latest = load(hostile_site, "404.html").xpath("//aside//section[h2='Thông tin mới nhất']//li/a")
    assert [a.text_content() for a in latest] == [FIELDS["title"], "Bài kế bên"]
    neighbour = load(hostile_site, NEIGHBOUR_URL)
    assert [a.text_content() for a in neighbour.xpath("//section[contains(@class, 'bantin-related')]//li/a")] == [
        FIELDS["title"]]
    assert text(one(neighbour, "//a[@rel='next']")) == f"Bài sau {FIELDS['title']}"


# -- errors ------------------------------------------------------------------------------------------------------

def test_broken_articles_fail_the_build_with_every_problem(make_site, caplog):
    files = {
        "content/index.md": "Trang chủ.\n",
        "content/tin-tuc/2021/a.md": "---\ndate: 31/02/2021\nauthor: Hoàng Thị Lan\nviews: -1\n---\nNội dung.\n",
        "content/tin-tuc/2021/b.md": "---\ntitle: Hội nghị: tổng kết năm\ndate: 28/12/2021\nauthor: Lan\n---\n",
        "content/tin-tuc/2021/c.md": "---\ntitle: Tin\ndate: 28/12/2021\nauthor: Lan\ncatgory: Chính trị\n---\n",
        "content/tin-tuc/2021/e.md": "Chỉ có nội dung, không có front-matter.\n",
        "content/tin-tuc/2021/f.md": "---\ntitle: Tin tốt\ndate: 28/12/2021\nauthor: Lan\n---\n",
    }
    config_file = make_site(files)
    caplog.set_level(logging.WARNING)
    with pytest.raises(Abort):
        build_site(config_file)
    logged = sorted((r.levelname, r.getMessage()) for r in caplog.records if r.name == "mkdocs.plugins.bantin")
    prefix = "content/tin-tuc/2021/"
    assert logged == sorted([
        ("ERROR", f"{prefix}a.md:1: title: thiếu trường bắt buộc: thêm một dòng `title: Tiêu đề bài viết`"),
        ("ERROR", f"{prefix}a.md:2: date: '31/02/2021' không phải ngày giờ có thật; kiểm tra ngày, tháng, giờ "
                  "và múi giờ"),
        ("ERROR", f"{prefix}a.md:4: views: -1 là số âm; lượt xem là 0 trở lên"),
        ("ERROR", f"{prefix}b.md:2: title: lỗi cú pháp YAML (mapping values are not allowed in this context); "
                  'đặt giữa hai dấu nháy kép những đoạn chữ có dấu ":" hoặc "#" hay bắt đầu bằng dấu nháy'),
        ("WARNING", f"{prefix}c.md:5: catgory: trường không có trong danh mục, bị bỏ qua; có phải ý bạn là "
                    "`category`?"),
        ("ERROR", f"{prefix}e.md:1: front-matter: thiếu phần khai báo: mở đầu tệp bằng một dòng `---`, rồi "
                  "`title:`, `date:` và `author:`, rồi một dòng `---` nữa"),
    ])
    assert any("5 lỗi trong nội dung" in r.getMessage() for r in caplog.records)


def test_missing_image_is_reported_on_its_line(make_site, caplog):
    files = {
        "content/tin-tuc/2021/d.md": ("---\ntitle: Tin\ndate: 28/12/2021\nauthor: Lan\nimage: images/khong-co.png\n"
                                      "image_alt: Ảnh\n---\n"),
    }
    with pytest.raises(Abort):
        build_site(make_site(files))
    assert [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.bantin"] == [
        "content/tin-tuc/2021/d.md:5: image: không tìm thấy tệp 'images/khong-co.png' (đường dẫn trong thư mục nội dung, "
        "ví dụ images/anh.jpg)"]


def test_image_given_as_url_is_not_looked_up(make_site):
    files = {"content/tin-tuc/a.md": article(title="Tin", date="28/12/2021", author="Lan",
                                             image="https://anh.example.vn/a.jpg", image_alt="Ảnh")}
    site = build_site(make_site(files))
    assert meta(load(site, "tin-tuc/a/"), "og:image") == ["https://anh.example.vn/a.jpg"]


def test_problem_paths_are_relative_to_the_config_file(make_site, caplog):
    config_file = make_site({"content/tin-tuc/x.md": "---\ntitle: Tin\ndate: 28/12/2021\n---\n"})
    with pytest.raises(Abort):
        build_site(config_file)
    assert [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.bantin"] == [
        "content/tin-tuc/x.md:1: author: thiếu trường bắt buộc: thêm một dòng `author: Họ Tên`"]


def test_articles_folder_is_configurable(make_site):
    files = {
        "content/index.md": "Trang chủ.\n",
        "content/thong-bao/lich-tiep-dan.md": article(title="Lịch tiếp dân", date="28/12/2021", author="Lan"),
        # Same prefix, another folder: a static page, not an article.
        "content/thong-bao-cu/trang.md": "# Trang cũ\n\nKhông phải bài viết.\n",
    }
    site = build_site(make_site(files, {"articles_dir": "thong-bao"}))
    assert text(one(load(site, "thong-bao/lich-tiep-dan/"), "//article//h1")) == "Lịch tiếp dân"
    assert [text(a) for a in load(site, "404.html").xpath("//aside//section[h2='Thông tin mới nhất']//li/a")] == ["Lịch tiếp dân"]


def test_time_zone_option(make_site):
    files = {"content/tin-tuc/a.md": article(title="Tin", date="28/12/2021 08:30", author="Lan")}
    site = build_site(make_site(files, {"timezone": "Europe/Paris"}))
    assert meta(load(site, "tin-tuc/a/"), "article:published_time") == ["2021-12-28T08:30:00+01:00"]
