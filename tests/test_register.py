"""The register on the built site: its pages and listings, a page per document, citations linked from the news,
open data read back, feeds, the sitemap and Dublin Core."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from conftest import article, build_site, front_matter, parse_html, write_site

PDF = b"%PDF-1.4\n% a small test file\n" + b"0" * 2000 + b"\n%%EOF\n"


def document(body: str = "", **fields) -> str:
    return f"---\n{front_matter(**fields)}---\n\n{body}\n"


DOCUMENTS = {
    "content/van-ban/2019/qc-17.md": document(
        "Quy chế làm việc của Ban Chấp hành.", number="17-QC/TU", type="Quy chế", issuer="Thị ủy Mây Ngàn",
        issued="04/12/2019", title="Quy chế làm việc của Ban Chấp hành Đảng bộ thị xã", field="Xây dựng Đảng",
        files=["van-ban/tep/17-qc-tu.pdf"]),
    "content/van-ban/2019/qd-5.md": document(
        number="5/2019/QĐ-UBND", type="Quyết định", issuer="UBND thị xã Mây Ngàn", issued="10/01/2019",
        title="Về việc ban hành nội quy chợ phiên năm 2019", field="Thương mại"),
    "content/van-ban/2024/qd-15.md": document(
        "Thay thế quy chế năm 2019; xem thêm Quy chế 17-QC/TU.", number="15/2024/QĐ-UBND", type="Quyết định",
        issuer="UBND thị xã Mây Ngàn", issued="15/03/2024", title="Về việc ban hành Quy chế quản lý chợ",
        effective="01/04/2024", signer="Hoàng Văn An", field="Thương mại", replaces=["5/2019/QĐ-UBND"],
        files=["van-ban/tep/15-2024.pdf", "van-ban/tep/phu-luc.xlsx"]),
    "content/van-ban/2022/kh-7.md": document(
        number="7/KH-UBND", type="Kế hoạch", issuer="UBND thị xã Mây Ngàn", issued="2022-01-05",
        title="Kế hoạch phát triển du lịch năm 2022", expires="31/12/2022", field="Du lịch"),
    "content/van-ban/2026/nq-9.md": document(
        number="09/NQ-HĐND", type="Nghị quyết", issuer="HĐND thị xã Mây Ngàn", issued="20/11/2026",
        title="Nghị quyết về dự toán ngân sách năm 2027", effective="01/01/2099"),
    "content/van-ban/tep/17-qc-tu.pdf": PDF,
    "content/van-ban/tep/15-2024.pdf": PDF + b"1" * 3000,
    "content/van-ban/tep/phu-luc.xlsx": b"PK\x03\x04 not really a spreadsheet",
}
ARTICLES = {
    "content/index.md": "---\ntitle: Trang chủ\n---\n\nXin chào.\n",
    "content/tin-tuc/2025/cho.md": article(
        "Thực hiện Quyết định số 15/2024/QD-UBND của UBND thị xã, ban quản lý chợ đã sắp xếp lại các quầy.\n\n"
        "Theo quy chế 17-qc/tu, các chi bộ họp định kỳ. Văn bản 99/2025/QĐ-UBND của tỉnh chưa có trong sổ.\n\n"
        "## Về Quy chế 17-QC/TU\n\n`17-QC/TU` trong mã, và [17-QC/TU](https://example.com/) đã là liên kết.",
        title="Sắp xếp lại chợ trung tâm", date="01/02/2025 08:00", author="Lò Văn Minh", category="Kinh tế"),
    "content/tin-tuc/2025/hop.md": article(
        "Hội nghị quán triệt Quy chế 17 - QC / TU.", title="Hội nghị quán triệt quy chế", date="03/03/2025",
        author="Lò Văn Minh", category="Xây dựng Đảng"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("register")
    config = write_site(root, {**DOCUMENTS, **ARTICLES}, {"page_size": 2})
    return build_site(config)


def at(page_url: str, href: str) -> str:
    """A link's target as a site path ("van-ban/2024/qd-15/"), from the page at `page_url`."""
    from urllib.parse import urljoin

    return urljoin("https://site/" + page_url, href).removeprefix("https://site/")


def rows(page) -> list[list[str]]:
    return [[" ".join(td.text_content().split()) for td in tr.findall("td")]
            for tr in page.findall(".//table[@class='bantin-register']/tbody/tr")]


def test_the_register_lists_every_document_newest_first_with_pages(site):
    page = parse_html(site / "van-ban/index.html")
    assert page.findtext(".//h1") == "Văn bản"
    first = rows(page)
    assert [r[0] for r in first] == ["09/NQ-HĐND", "15/2024/QĐ-UBND"]
    assert first[1] == ["15/2024/QĐ-UBND", "15/03/2024", "Về việc ban hành Quy chế quản lý chợ",
                        "UBND thị xã Mây Ngàn", "Quyết định", "Còn hiệu lực"]
    second, third = parse_html(site / "van-ban/trang/2/index.html"), parse_html(site / "van-ban/trang/3/index.html")
    assert [r[0] for r in rows(second)] == ["7/KH-UBND", "17-QC/TU"]
    assert [r[0] for r in rows(third)] == ["5/2019/QĐ-UBND"]
    assert not (site / "van-ban/trang/4/index.html").exists()
    links = {at("van-ban/", a.get("href")) for a in page.iter("a")}
    assert {"van-ban/trang/2/", "van-ban/trang/3/", "van-ban/2024/qd-15/", "van-ban/2026/nq-9/"} <= links


def test_statuses_follow_dates_and_replacements(site):
    statuses = {r[0]: r[5] for n in ("", "trang/2/", "trang/3/") for r in rows(parse_html(site / f"van-ban/{n}index.html"))}
    assert statuses == {"09/NQ-HĐND": "Chưa có hiệu lực", "15/2024/QĐ-UBND": "Còn hiệu lực",
                        "7/KH-UBND": "Hết hiệu lực", "17-QC/TU": "Còn hiệu lực", "5/2019/QĐ-UBND": "Hết hiệu lực"}


def test_the_register_links_its_facets_and_each_facet_lists_its_documents(site):
    page = parse_html(site / "van-ban/index.html")
    facets = {a.text_content(): at("van-ban/", a.get("href")) for a in page.findall(".//nav[@class='bantin-facets']//a")}
    assert facets["Quyết định"] == "van-ban/loai/quyet-dinh/" and facets["Thương mại"] == "van-ban/linh-vuc/thuong-mai/"
    assert facets["HĐND thị xã Mây Ngàn"] == "van-ban/co-quan/hdnd-thi-xa-may-ngan/"
    assert facets["2019"] == "van-ban/nam/2019/"
    by_type = parse_html(site / "van-ban/loai/quyet-dinh/index.html")
    assert by_type.findtext(".//h1") == "Loại văn bản: Quyết định"
    assert [r[0] for r in rows(by_type)] == ["15/2024/QĐ-UBND", "5/2019/QĐ-UBND"]
    assert [r[0] for r in rows(parse_html(site / "van-ban/nam/2019/index.html"))] == ["17-QC/TU", "5/2019/QĐ-UBND"]
    assert [r[0] for r in rows(parse_html(site / "van-ban/co-quan/thi-uy-may-ngan/index.html"))] == ["17-QC/TU"]


def test_a_document_page_shows_every_field_its_files_and_its_links(site):
    page = parse_html(site / "van-ban/2024/qd-15/index.html")
    table = {th.text_content(): " ".join(td.text_content().split())
             for th, td in ((tr.find("th"), tr.find("td")) for tr in page.findall(".//table[@class='bantin-document']//tr"))}
    assert table["Số ký hiệu"] == "15/2024/QĐ-UBND" and table["Ngày ban hành"] == "15/03/2024"
    assert table["Ngày có hiệu lực"] == "01/04/2024" and table["Người ký"] == "Hoàng Văn An"
    assert table["Trạng thái"] == "Còn hiệu lực" and table["Lĩnh vực"] == "Thương mại"
    assert table["Thay thế văn bản"] == "Quyết định 5/2019/QĐ-UBND"
    files = [(at("van-ban/2024/qd-15/", a.get("href")), " ".join(a.getparent().text_content().split()))
             for a in page.findall(".//section[@class='bantin-files']//a")]
    assert files == [("van-ban/tep/15-2024.pdf", "Tải về 15-2024.pdf (PDF, 5 KB)"),
                     ("van-ban/tep/phu-luc.xlsx", "Tải về phu-luc.xlsx (XLSX, 1 KB)")]
    assert (site / "van-ban/tep/15-2024.pdf").read_bytes() == DOCUMENTS["content/van-ban/tep/15-2024.pdf"]
    old = parse_html(site / "van-ban/2019/qd-5/index.html")
    replaced = [at("van-ban/2019/qd-5/", a.get("href")) for a in old.findall(".//table[@class='bantin-document']//a")]
    assert "van-ban/2024/qd-15/" in replaced


def test_tin_lien_quan_lists_the_articles_that_cite_a_document(site):
    page = parse_html(site / "van-ban/2019/qc-17/index.html")
    cited = [a.text_content() for a in page.findall(".//section[@class='bantin-related']//a")]
    assert cited == ["Hội nghị quán triệt quy chế", "Sắp xếp lại chợ trung tâm",
                     "Quyết định 15/2024/QĐ-UBND: Về việc ban hành Quy chế quản lý chợ"]


def test_citations_become_links_except_in_links_code_and_headings(site):
    page = parse_html(site / "tin-tuc/2025/cho/index.html")
    body = page.find(".//div[@class='bantin-body']")
    cites = [(a.text_content(), at("tin-tuc/2025/cho/", a.get("href"))) for a in body.findall(".//a[@class='bantin-cite']")]
    assert cites == [("15/2024/QD-UBND", "van-ban/2024/qd-15/"), ("17-qc/tu", "van-ban/2019/qc-17/")]
    assert "99/2025/QĐ-UBND" in body.text_content()
    heading = body.find(".//h2")
    assert heading.find(".//a") is None and heading.get("id")
    assert body.find(".//code").find("a") is None
    assert [a.get("href") for a in body.findall(".//a") if a.text_content() == "17-QC/TU"] == ["https://example.com/"]
    spaced = parse_html(site / "tin-tuc/2025/hop/index.html").findall(".//a[@class='bantin-cite']")
    assert [a.text_content() for a in spaced] == ["17 - QC / TU"]


def test_open_data_reads_back_as_json_and_csv(site):
    text = (site / "van-ban/index.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["count"] == 5
    # a document a line: a change to one shows as one line in a diff
    assert [json.loads(line.rstrip(",")) for line in text.splitlines()[1:-1]] == data["documents"]
    new = next(d for d in data["documents"] if d["number"] == "15/2024/QĐ-UBND")
    assert new["issued"] == "2024-03-15" and new["effective"] == "2024-04-01" and new["expires"] is None
    assert new["url"] == "https://mayngan.example.vn/van-ban/2024/qd-15/"
    assert [f["url"] for f in new["files"]] == ["https://mayngan.example.vn/van-ban/tep/15-2024.pdf",
                                                "https://mayngan.example.vn/van-ban/tep/phu-luc.xlsx"]
    assert new["files"][0]["bytes"] == len(DOCUMENTS["content/van-ban/tep/15-2024.pdf"])
    assert new["replaces"] == ["5/2019/QĐ-UBND"] and new["status"] == "in_force"
    assert next(d for d in data["documents"] if d["number"] == "5/2019/QĐ-UBND")["replaced_by"] == ["15/2024/QĐ-UBND"]
    raw = (site / "van-ban/index.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["number"] for r in table] == [d["number"] for d in data["documents"]]
    row = next(r for r in table if r["number"] == "15/2024/QĐ-UBND")
    assert row["issuer"] == "UBND thị xã Mây Ngàn" and row["issued"] == "2024-03-15"
    assert row["files"].split() == [f["url"] for f in new["files"]]
    links = [at("van-ban/", a.get("href"))
             for a in parse_html(site / "van-ban/index.html").findall(".//p[@class='bantin-open-data']/a")]
    assert links == ["van-ban/index.json", "van-ban/index.csv", "van-ban/feed.xml", "van-ban/atom.xml"]


def test_dublin_core_and_the_sitemap(site):
    head = parse_html(site / "van-ban/2024/qd-15/index.html").find("head")
    meta = {m.get("name"): m.get("content") for m in head.findall("meta") if (m.get("name") or "").startswith("DC.")}
    assert meta["DC.identifier"] == "15/2024/QĐ-UBND" and meta["DC.date"] == "2024-03-15"
    assert meta["DC.creator"] == "UBND thị xã Mây Ngàn" and meta["DC.type"] == "Quyết định"
    assert meta["DC.title"] == "Về việc ban hành Quy chế quản lý chợ"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("van-ban/", "van-ban/2024/qd-15/", "van-ban/loai/quyet-dinh/", "van-ban/trang/2/"):
        assert f"<loc>https://mayngan.example.vn/{url}</loc>" in sitemap


def test_a_feed_of_the_latest_documents(site):
    channel = ET.fromstring((site / "van-ban/feed.xml").read_bytes()).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles[0] == "Nghị quyết 09/NQ-HĐND: Nghị quyết về dự toán ngân sách năm 2027"
    assert len(titles) == 5
    atom = ET.fromstring((site / "van-ban/atom.xml").read_bytes())
    assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) == 5


def test_documents_are_in_the_menu_but_not_in_the_navigation_tree(site):
    home = parse_html(site / "index.html")
    menu = [" ".join(a.text_content().split()) for a in home.xpath("//nav[contains(@class, 'md-nav--primary')]//a")]
    assert "Văn bản" in menu
    assert "Quyết định 15/2024/QĐ-UBND: Về việc ban hành Quy chế quản lý chợ" not in home.text_content()


def test_hostile_text_is_escaped(tmp_path):
    hostile = '<script>alert("x")</script>'
    config = write_site(tmp_path, {"content/van-ban/a.md": document(
        number='1/<b>QĐ</b>', type=hostile, issuer=hostile, issued="01/01/2024", title=hostile, signer=hostile,
        field=hostile)})
    site = build_site(config)
    for path in ("van-ban/index.html", "van-ban/a/index.html"):
        html = (site / path).read_text(encoding="utf-8")
        assert hostile not in html and "<b>QĐ</b>" not in html
    assert json.loads((site / "van-ban/index.json").read_text(encoding="utf-8"))["documents"][0]["type"] == hostile


def test_a_duplicate_number_stops_the_build_and_names_both_files(tmp_path, capsys):
    import subprocess
    import sys

    from conftest import BUILD_PY

    config = write_site(tmp_path, {
        "content/van-ban/a.md": document(number="17-QC/TU", type="Quy chế", issuer="Thị ủy", issued="01/01/2020",
                                         title="Một"),
        "content/van-ban/b.md": document(number="17-qc/tu", type="Quy chế", issuer="Thị ủy", issued="01/01/2021",
                                         title="Hai", replaces=["1/2000/QĐ"]),
    })
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", "-f", str(config)], capture_output=True,
                          text=True)
    assert done.returncode == 1
    assert "content/van-ban/b.md:2: number: số ký hiệu 17-qc/tu đã dùng cho content/van-ban/a.md" in done.stderr
    assert "content/van-ban/b.md:" in done.stderr and "replaces: không có văn bản số 1/2000/QĐ" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()
