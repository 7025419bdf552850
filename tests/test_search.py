"""Search: the Pagefind index of a built fixture site, queried in a real browser through the search page.

Most tests here start chromium (Debian's /usr/bin/chromium, driven by the playwright package) and a local HTTP
server; every test of the module carries the `browser` marker. Run only them:

    python -m pytest -m browser

or everything else: `python -m pytest -m "not browser"`. The marker is registered by tests/browser.py, loaded
below through `pytest_plugins`, so `--strict-markers` accepts it.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, quote

import pytest

from browser import chromium, serve
from conftest import article, build_site, parse_html, write_site

pytest_plugins = ["browser"]  # registers the `browser` marker and puts it on this module's tests

DAN_VAN = "Công tác dân vận của hệ thống chính trị trên địa bàn thị xã"
DICH = "Phòng, chống dịch sốt xuất huyết tại các xã vùng cao"
HOSTILE = "Cảnh giác với mã độc trong thư điện tử"
ARTICLES = {
    "dan-van": (DAN_VAN, "2023-05-04 08:00", "Hội nghị tổng kết công tác dân vận năm 2023 đã diễn ra tại hội trường "
                                            "Ủy ban nhân dân thị xã, với sự tham gia của các đoàn thể."),
    "phong-dich": (DICH, "2023-06-12 07:30", "Ngành y tế thị xã triển khai các biện pháp phòng, chống dịch sốt xuất "
                                             "huyết, phun hóa chất diệt muỗi tại các thôn bản."),
    # distractors: share some words, never the whole query
    "dan-ca": ("Liên hoan dân ca các dân tộc thiểu số", "2023-04-02 09:00",
               "Các đội văn nghệ biểu diễn những làn điệu dân ca truyền thống."),
    "cong-trinh": ("Khởi công công trình trường học xã Bản Hồ", "2023-03-15 10:00",
                   "Công trình gồm tám phòng học, hoàn thành trước năm học mới."),
    "tiem-chung": ("Tiêm chủng mở rộng cho trẻ em dưới năm tuổi", "2023-02-20 08:00",
                   "Trạm y tế các xã tổ chức tiêm chủng định kỳ."),
    "chong-han": ("Nông dân chủ động chống hạn cho lúa xuân", "2023-01-10 08:00",
                  "Các hợp tác xã nạo vét kênh mương để giữ nước."),
    "ma-doc": (HOSTILE, "2023-07-01 08:00", "Kẻ gian gửi thư có đoạn mã `<img src=x onerror=alert(1)>` để lừa người "
                                            "đọc mở tệp đính kèm."),
}


def url_of(slug: str) -> str:
    return f"tin-tuc/2023/{slug}/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    files = {"content/index.md": "# Trang chủ\n\nCổng thông tin của thị xã.\n",
             "content/gioi-thieu.md": "# Giới thiệu\n\nThị xã vùng cao.\n"}
    for slug, (title, date, body) in ARTICLES.items():
        files[f"content/tin-tuc/2023/{slug}.md"] = article(body, title=title, date=date, author="Hoàng Thị Lan",
                                                           category="Thời sự")
    config = write_site(tmp_path_factory.mktemp("search") / "portal", files, {})
    return build_site(config, strict=True)


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.dialogs = []  # what a reader would notice: alert boxes and script errors
    page.errors = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


# -- the index on disk ---------------------------------------------------------------------------------------------

def test_pagefind_index_is_in_the_site(site):
    index = site / "pagefind"
    assert (index / "pagefind.js").is_file()
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert "vi" in entry["languages"]
    assert entry["languages"]["vi"]["page_count"] == len(ARTICLES) + 1  # the articles and the static page
    assert list(index.glob("index/*.pf_index")) and list(index.glob("fragment/*.pf_fragment"))


def test_search_page_and_form(site):
    tree = parse_html(site / "tim-kiem" / "index.html")
    (box,) = tree.xpath("//*[@data-bantin-search]")
    assert box.get("data-bantin-search") == "../pagefind/pagefind.js"
    assert tree.xpath("//script[contains(@src, 'assets/bantin/search.js')]")
    home = parse_html(site / "index.html")
    (form,) = home.xpath("//form[@role='search']")
    assert urljoin("http://portal.example/", form.get("action")) == "http://portal.example/tim-kiem/"
    assert form.get("method") == "get"
    assert form.xpath(".//input[@id='bantin-q']/@name") == ["q"]


# -- in the browser ----------------------------------------------------------------------------------------------

WAIT_FOR_ANSWER = """() => {
  const root = document.querySelector('[data-bantin-search]');
  const status = root.querySelector('.bantin-search__status').textContent;
  return status.startsWith(root.dataset.none) || status.startsWith(root.dataset.found);
}"""


def results(page) -> list[dict]:
    """What the reader sees for each result, once the search page has answered."""
    page.wait_for_function(WAIT_FOR_ANSWER, timeout=20_000)
    return page.eval_on_selector_all(".bantin-search__results > li", """items => items.map(li => ({
        title: li.querySelector('h2 a').textContent,
        href: li.querySelector('h2 a').href,
        date: (li.querySelector('.bantin-meta') || {}).textContent || '',
        snippet: li.querySelector('h2 ~ p:last-child').textContent,
        marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
    }))""")


def status(page) -> str:
    return page.locator(".bantin-search__status").inner_text()


def search(page, base_url, query: str) -> list[dict]:
    page.goto(base_url + "tim-kiem/")
    page.locator("#bantin-q").type(query, delay=20)
    page.wait_for_url(f"**/tim-kiem/?q={quote(query)}", timeout=10_000)
    return results(page)


def assert_found(found: list[dict], title: str, slug: str, date: str, words: list[str], base_url: str) -> None:
    assert found, "no result"
    first = found[0]
    assert first["title"] == title
    assert first["href"] == base_url + url_of(slug)
    assert first["date"].startswith(date), first["date"]  # the date, perhaps with the time
    assert first["marks"], "the snippet highlights nothing"
    marked = " ".join(first["marks"]).lower()
    for word in words:
        assert word in marked, (word, first["marks"])
    assert len(first["snippet"]) > 20


def assert_link_resolves(page, href: str, title: str) -> None:
    response = page.goto(href)
    assert response is not None and response.ok, href
    assert page.locator("h1").first.inner_text() == title


@pytest.mark.parametrize("query", ["cong tac dan van", "Công tác dân vận"])
def test_finds_dan_van(page, base_url, query):
    found = search(page, base_url, query)
    assert_found(found, DAN_VAN, "dan-van", "04/05/2023", ["công", "tác", "dân", "vận"], base_url)
    assert status(page).startswith("Kết quả tìm kiếm")
    assert_link_resolves(page, found[0]["href"], DAN_VAN)
    assert not page.errors


@pytest.mark.parametrize("query", ["phong chong dich", "Phòng, chống dịch"])
def test_finds_phong_chong_dich(page, base_url, query):
    found = search(page, base_url, query)
    assert_found(found, DICH, "phong-dich", "12/06/2023", ["phòng", "chống", "dịch"], base_url)
    assert_link_resolves(page, found[0]["href"], DICH)
    assert not page.errors


def test_query_in_the_address(page, base_url):
    page.goto(base_url + "tim-kiem/?q=" + quote("cong tac dan van"))
    found = results(page)
    assert_found(found, DAN_VAN, "dan-van", "04/05/2023", ["công", "dân"], base_url)
    assert page.locator("#bantin-q").input_value() == "cong tac dan van"


def test_no_match(page, base_url):
    found = search(page, base_url, "xyzzy quaqua")
    assert found == []
    assert status(page).startswith("Không tìm thấy")
    assert page.locator(".bantin-search__results > li").count() == 0


def test_hostile_snippet_stays_text(page, base_url):
    found = search(page, base_url, "onerror")
    assert [r["title"] for r in found] == [HOSTILE]
    assert "<img src=x onerror=alert(1)>" in found[0]["snippet"]
    assert page.locator(".bantin-search__results img").count() == 0
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0
    page.wait_for_timeout(300)  # an injected onerror would fire as soon as the image failed
    assert page.dialogs == [] and not page.errors


def test_form_on_the_home_page_lands_on_the_results(page, base_url):
    page.goto(base_url)
    field = page.locator("#bantin-q")
    field.type("phong chong dich", delay=10)
    field.press("Enter")
    # The form sends ?q=phong+chong+dich; the search page may already have rewritten it as %20 when checked.
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=phong(\+|%20)chong(\+|%20)dich$"), timeout=10_000)
    found = results(page)
    assert_found(found, DICH, "phong-dich", "12/06/2023", ["phòng", "dịch"], base_url)


def test_result_links_are_served(base_url, page):
    """Each result's address is a page of the site, not only the first one's (checked without the browser)."""
    found = search(page, base_url, "xã")
    assert len(found) >= 3
    for result in found:
        with urllib.request.urlopen(result["href"]) as response:
            assert response.status == 200


# -- a site that lives under a folder of its host ----------------------------------------------------------------

@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> tuple[Path, str]:
    """The fixture site declared at https://…/mayngan/ and served from /mayngan/ (a folder holding it)."""
    root = tmp_path_factory.mktemp("search-subpath")
    files = {"content/index.md": "# Trang chủ\n"}
    for slug in ("dan-van", "phong-dich"):
        title, date, body = ARTICLES[slug]
        files[f"content/tin-tuc/2023/{slug}.md"] = article(body, title=title, date=date, author="Hoàng Thị Lan")
    config = write_site(root / "portal", files, {}, site_url="https://mayngan.example.vn/mayngan/")
    site = build_site(config, strict=True)
    host = root / "host"
    host.mkdir()
    (host / "mayngan").symlink_to(site, target_is_directory=True)
    return host, "mayngan/"


def test_result_links_resolve_when_the_site_lives_under_a_folder(page, subpath_site):
    host, folder = subpath_site
    with serve(host) as host_url:
        base_url = host_url + folder
        found = search(page, base_url, "cong tac dan van")
        assert found and found[0]["title"] == DAN_VAN
        assert found[0]["href"] == base_url + url_of("dan-van")
        assert_link_resolves(page, found[0]["href"], DAN_VAN)
