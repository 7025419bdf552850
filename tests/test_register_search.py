"""The register in the site search, in a real browser: a document is found first by its number however it
is typed (case, Đ or D, spaces or separators), and by the words of its abstract."""

from __future__ import annotations

import pytest

from browser import chromium, serve
from conftest import build_site, write_site
from test_register import ARTICLES, DOCUMENTS, document
from test_search import results

pytest_plugins = ["browser"]

DECREE = "content/van-ban/2022/nd-42.md"
FILES = {**DOCUMENTS, **ARTICLES, DECREE: document(
    number="42/2022/NĐ-CP", type="Nghị định", issuer="Chính phủ", issued="24/06/2022",
    title="Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước")}
FILES["content/tin-tuc/2025/cong.md"] = (
    "---\ntitle: Cổng thông tin đáp ứng quy định mới\ndate: 05/05/2025\nauthor: Lò Văn Minh\n---\n\n"
    "Cổng thông tin thị xã được nâng cấp theo Nghị định 42/2022/NĐ-CP; Nghị định 42/2022/NĐ-CP quy định "
    "nhiều nội dung, và 42/2022/NĐ-CP được nhắc lại lần thứ ba trong bài này.\n")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = build_site(write_site(tmp_path_factory.mktemp("register-search") / "portal", FILES, {}))
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url):
    with chromium() as browser:
        context = browser.new_context()
        yield context.new_page()
        context.close()


def search(page, base_url: str, query: str) -> list[dict]:
    page.goto(base_url + "tim-kiem/")
    page.locator("#bantin-q").type(query, delay=20)
    page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=query, timeout=10_000)
    return results(page)


@pytest.mark.parametrize("query, url", [
    ("17-QC/TU", "van-ban/2019/qc-17/"), ("17-qc/tu", "van-ban/2019/qc-17/"), ("17 qc tu", "van-ban/2019/qc-17/"),
    ("15/2024/QĐ-UBND", "van-ban/2024/qd-15/"), ("15/2024/qd-ubnd", "van-ban/2024/qd-15/"),
    ("42/2022/NĐ-CP", "van-ban/2022/nd-42/"), ("42/2022/ND-CP", "van-ban/2022/nd-42/"),
    ("42 2022 nd cp", "van-ban/2022/nd-42/"),
])
def test_a_document_is_found_first_by_its_number_in_any_form(page, base_url, query, url):
    found = search(page, base_url, query)
    assert found, f"nothing found for {query!r}"
    assert found[0]["href"] == base_url + url, [r["href"] for r in found]


def test_a_document_is_found_by_the_words_of_its_abstract(page, base_url):
    found = search(page, base_url, "quy chế quản lý chợ")
    assert found[0]["href"] == base_url + "van-ban/2024/qd-15/"
    assert found[0]["title"] == "Quyết định 15/2024/QĐ-UBND: Về việc ban hành Quy chế quản lý chợ"
    assert found[0]["date"].startswith("15/03/2024")
