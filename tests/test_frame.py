"""The portal's frame on the built site: the agency in the header and footer, the menu and the services link, the
HTML site map, the leaders' page and the weekly work schedule, the notice banner, one skip link, and the
portal's CSS and scripts named by their content. (What only a browser can tell is in tests/e2e/test_e2e_frame.py.)"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import pytest

from conftest import BUILD_PY, REPO, article, build_site, parse_html, write_site

AGENCY = {"name": "Ủy ban nhân dân thị xã Mây Ngàn", "parent": "Ủy ban nhân dân tỉnh Hoàng Sơn",
          "logo": "images/logo.svg", "address": "Số 8 đường Hoàng Liên", "phone": "0214 3871 234",
          "email": "bbt@mayngan.example.vn", "responsible": "Ông Hoàng Văn An", "license": "Giấy phép số 05/GP-TTĐT"}
LEADERS = """leaders:
  - name: Hoàng Văn An
    position: Chủ tịch UBND thị xã
    photo: images/lanh-dao/an.svg
    phone: 0214 3871 234
    email: an@mayngan.example.vn
    duties: [Phụ trách chung]
  - name: <script>alert(1)</script> Lục Thị Hằng
    position: Phó Chủ tịch UBND thị xã
"""
WEEK = """items:
  - date: 30/11/2026
    time: 8h00
    leader: Hoàng Văn An
    content: Họp giao ban đầu tuần
    place: Phòng họp số 1
  - date: 02/12/2026
    time: "14:30"
    leader: Lục Thị Hằng
    content: Tiếp công dân định kỳ
"""
FILES = {
    "content/index.md": "---\ntitle: Trang chủ\n---\n\nXin chào.\n",
    "content/gioi-thieu.md": "# Giới thiệu\n\nThị xã vùng cao.\n",
    "content/lien-he.md": "# Liên hệ\n\nĐiện thoại: 0214 3871 234.\n",
    "content/images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4"/></svg>',
    "content/images/lanh-dao/an.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>',
    "content/.leaders.yml": LEADERS,
    "content/lich-cong-tac/2026-W49.yml": WEEK,
    "content/tin-tuc/2026/a.md": article("Nội dung.", title="Một bài", date="01/11/2026", author="Ban biên tập",
                                         category="Kinh tế"),
}
ADMIN_URL = "https://bientap.mayngan.example.vn/admin/"
OPTIONS = {"agency": AGENCY, "services_url": "https://dichvucong.example.vn/", "admin_url": ADMIN_URL,
           "notice": {"text": "Bảo trì hệ thống", "from": "01/12/2026 08:00", "until": "31/12/2026 08:00",
                      "level": "warning"}}
EPOCH = "1796178000"  # 2 December 2026, 09:20 in Hà Nội: the notice is due, week 49 is the current week


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        yield build_site(write_site(tmp_path_factory.mktemp("frame"), FILES, OPTIONS))
    finally:
        mp.undo()


def page(site, url: str):
    return parse_html(site / url / "index.html")


def text(node) -> str:
    return " ".join(node.text_content().split())


def test_every_page_shows_the_emblem_and_the_agency(site):
    for url in ("", "tin-tuc/2026/a/", "chuyen-muc/kinh-te/", "so-do-cong/", "gioi-thieu/lanh-dao/"):
        tree = page(site, url)
        (logo,) = tree.xpath("//header//a[contains(@class, 'md-logo')]/img")
        assert logo.get("src").endswith("images/logo.svg") and logo.get("alt") == ""
        (footer,) = tree.xpath("//footer[contains(@class, 'bantin-footer')]")
        for value in AGENCY.values():
            if not value.startswith("images/"):
                assert value in text(footer), (url, value)
        assert footer.xpath(".//a[@href='mailto:bbt@mayngan.example.vn']")
        assert footer.xpath(".//a[@href='tel:02143871234']")
        assert [a.text for a in footer.xpath(".//nav//a")][:2] == ["Sơ đồ cổng", "Sơ đồ XML"]


def test_the_menu_links_the_services_portal_the_site_map_and_the_contact_page(site):
    tree = page(site, "tin-tuc/2026/a/")
    titles = [text(a) for a in tree.xpath("//nav[contains(@class, 'md-nav--primary')]//a[contains(@class, 'md-nav__link')]")]
    assert titles[:3] == ["Trang chủ", "Giới thiệu", "Kinh tế"]
    assert titles[-4:] == ["Tất cả tin bài", "Dịch vụ công trực tuyến", "Sơ đồ cổng", "Liên hệ"]
    assert tree.xpath("//nav[contains(@class, 'md-nav--primary')]//a[@href='https://dichvucong.example.vn/']")


def test_every_footer_leads_editors_to_the_login(site):
    for url in ("", "tin-tuc/2026/a", "so-do-cong"):
        links = [a for a in page(site, url).iter("a") if text(a) == "Đăng nhập"]
        assert [a.get("href") for a in links] == [ADMIN_URL], url
        assert links[0].get("rel") == "nofollow"


def test_a_login_address_that_is_not_one_is_a_configuration_error(tmp_path):
    root = write_site(tmp_path, FILES, {**OPTIONS, "admin_url": "javascript:alert(1)"})
    done = subprocess.run([sys.executable, BUILD_PY, "check", "-f", str(root)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "admin_url" in done.stderr


def test_the_site_map_lists_the_sections_the_pages_the_leaders_and_the_schedule(site):
    tree = page(site, "so-do-cong/")
    assert text(tree.xpath("//h1")[0]) == "Sơ đồ cổng"
    sections = {text(s.xpath("./h2")[0]): [text(a) for a in s.xpath(".//a")]
                for s in tree.xpath("//section[contains(@class, 'bantin-map')]")}
    assert "Dịch vụ công trực tuyến" in sections["Các mục chính"] and "Liên hệ" in sections["Các mục chính"]
    assert sections["Chuyên mục tin"] == ["Kinh tế"]
    assert sections["Trang thông tin"] == ["Giới thiệu", "Liên hệ", "Lãnh đạo", "Lịch công tác"]
    assert sections["Tin bài theo năm"] == ["2026"]
    assert "Văn bản theo loại" not in sections  # no document in this portal
    for href in tree.xpath("//section[contains(@class, 'bantin-map')]//a/@href"):
        if "://" not in href:
            target = (site / "so-do-cong" / href).resolve()
            assert (target / "index.html").is_file() or target.is_file(), href


def test_the_leaders_page(site):
    tree = page(site, "gioi-thieu/lanh-dao/")
    assert text(tree.xpath("//article//h1")[0]) == "Lãnh đạo"
    names = [text(h) for h in tree.xpath("//section[contains(@class, 'bantin-leader')]/h2")]
    assert names[0] == "Hoàng Văn An – Chủ tịch UBND thị xã"
    assert "<script>alert(1)" not in (site / "gioi-thieu/lanh-dao/index.html").read_text(encoding="utf-8")
    assert names[1].startswith("<script>alert(1)</script> Lục Thị Hằng")  # shown as text, escaped
    assert tree.xpath("//a[@href='tel:02143871234']") and tree.xpath("//a[@href='mailto:an@mayngan.example.vn']")


def test_the_weekly_schedule_its_weeks_and_the_home_box(site):
    week = page(site, "lich-cong-tac/2026-w49/")
    days = [text(h) for h in week.xpath("//section[contains(@class, 'bantin-week__day')]/h2")]
    assert days[0] == "Thứ Hai, 30/11/2026" and len(days) == 7
    assert "Họp giao ban đầu tuần" in text(week.xpath("//article")[0])
    listing = page(site, "lich-cong-tac/")
    assert [text(a) for a in listing.xpath("//article//ul//a")] == ["Tuần 49 (30/11–06/12/2026)"]
    home = page(site, "")
    (box,) = home.xpath("//section[@aria-labelledby='bantin-week-box']")
    assert "Tiếp công dân định kỳ" in text(box) and "Họp giao ban đầu tuần" not in text(box)  # today and after
    assert not (site / "lich-cong-tac/2026-W49.yml").exists(), "the schedule's YAML is published"


def test_the_notice_is_on_every_page_with_its_dates(site):
    for url in ("", "tin-tuc/2026/a/"):
        (notice,) = page(site, url).xpath("//*[@data-bantin-notice]")
        assert text(notice) == "Thông báo: Bảo trì hệ thống"
        assert notice.get("data-from").startswith("2026-12-01T08:00") and notice.get("hidden") is None
        assert "bantin-notice--warning" in notice.get("class")


def test_one_skip_link_to_the_content(site):
    html = (site / "tin-tuc/2026/a/index.html").read_text(encoding="utf-8")
    assert "md-skip" not in html
    assert len(re.findall(r'class="bantin-skip" href="#noi-dung"', html)) == 1


def test_the_portals_css_and_scripts_are_named_by_their_content(site):
    html = (site / "tin-tuc/2026/a/index.html").read_text(encoding="utf-8")
    for name, extension in (("bantin", "css"), ("portal", "js")):
        (found,) = re.findall(rf'assets/bantin/{name}\.([0-9a-f]{{10}})\.min\.{extension}', html)
        source = (REPO / "theme/assets/bantin" / f"{name}.{extension}").read_bytes()
        assert found == hashlib.blake2b(source, digest_size=5).hexdigest()
        assert (site / f"assets/bantin/{name}.{found}.min.{extension}").read_bytes() == source


def test_mistakes_in_the_leaders_and_schedule_files_are_named_with_their_lines(tmp_path):
    files = {**FILES, "content/.leaders.yml": "leaders:\n  - name: Hoàng Văn An\n    email: không-phải-thư\n",
             "content/lich-cong-tac/2026-W49.yml": "items:\n  - date: 10/12/2026\n    content: Họp\n"}
    config = write_site(tmp_path, files, OPTIONS)
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", "-f", str(config)], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert "content/.leaders.yml:2: position:" in done.stderr
    assert "content/.leaders.yml:3: email:" in done.stderr
    assert "content/lich-cong-tac/2026-W49.yml:2: date:" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "site").exists()


@pytest.mark.parametrize("notice, said", [
    ({"from": "01/12/2026"}, "`text` is required"),
    ({"text": "x", "until": "31/02/2026"}, "until: cannot read"),
    ({"text": "x", "from": "02/12/2026", "until": "01/12/2026"}, "`until` must be after `from`"),
    ({"text": "x", "level": "loud"}, "level must be one of"),
])
def test_a_wrong_notice_is_a_configuration_error(tmp_path, notice, said):
    config = write_site(tmp_path, FILES, {**OPTIONS, "notice": notice})
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", "-f", str(config)], capture_output=True, text=True)
    assert done.returncode == 2 and said in done.stderr, done.stderr


def test_a_missing_emblem_is_named(tmp_path):
    config = write_site(tmp_path, FILES, {**OPTIONS, "agency": {**AGENCY, "logo": "images/khong-co.svg"}})
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", "-f", str(config)], capture_output=True, text=True)
    assert done.returncode == 1 and "agency.logo: không tìm thấy biểu trưng images/khong-co.svg" in done.stderr
