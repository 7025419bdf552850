"""`python build.py …` as editors and CI run it: in a separate process, from the site's folder or elsewhere."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import BUILD_PY, article, write_site

GOOD = {
    "content/index.md": "Chào mừng.\n",
    "content/gioi-thieu.md": "# Giới thiệu\n\nTrang tĩnh.\n",
    "content/tin-tuc/2021/cong-tac-dan-van.md": article(
        title="Công tác dân vận", date="28/12/2021 08:30", author="Hoàng Thị Lan", category="Chính trị", views=1228),
    "content/tin-tuc/2021/giam-ngheo.md": article(
        title="Giảm nghèo", date="20/12/2021", author="Lò Văn Páo", tags=["Giảm nghèo"]),
}
PREFIX = "content/tin-tuc/2021/"
BROKEN = {
    **GOOD,
    "content/tin-tuc/2021/thieu-truong.md": "---\nviews: 3\n---\nNội dung.\n",
    "content/tin-tuc/2021/khong-co-front-matter.md": "Chỉ có nội dung.\n",
    "content/tin-tuc/2021/chua-dong.md": "---\ntitle: Tin\ndate: 28/12/2021\nauthor: Lan\n\nNội dung.\n",
}
# Every problem of BROKEN, in `path:line: field: message` form.
BROKEN_PROBLEMS = [
    f"{PREFIX}thieu-truong.md:1: title: thiếu trường bắt buộc: thêm một dòng `title: Tiêu đề bài viết`",
    f"{PREFIX}thieu-truong.md:1: date: thiếu trường bắt buộc: thêm một dòng `date: 28/12/2021 08:30`",
    f"{PREFIX}thieu-truong.md:1: author: thiếu trường bắt buộc: thêm một dòng `author: Họ Tên`",
    f"{PREFIX}khong-co-front-matter.md:1: front-matter: thiếu phần khai báo: mở đầu tệp bằng một dòng "
    "`---`, rồi `title:`, `date:` và `author:`, rồi một dòng `---` nữa",
    f"{PREFIX}chua-dong.md:1: front-matter: phần khai báo chưa đóng: thêm một dòng `---` sau trường cuối cùng",
]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(BUILD_PY), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Staging or swapped-out folders a build might leave beside the site (not the spare, kept on purpose for
    the next build to build into: output.py)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site-") and p.name != ".site-spare")


@pytest.fixture
def old_site(tmp_path) -> Path:
    """A previous build's output, as the web server is serving it."""
    site = tmp_path / "portal" / "site"
    (site / "tin-tuc" / "cu").mkdir(parents=True)
    (site / "index.html").write_bytes(b"<!doctype html><title>Trang cu</title>\n")
    (site / "tin-tuc" / "cu" / "index.html").write_bytes("Bài cũ\n".encode())
    (site / "stale.txt").write_bytes(b"\x00\x01 binary")
    return site


# -- check -----------------------------------------------------------------------------------------------------

def test_check_prints_every_problem_and_fails(tmp_path):
    root = tmp_path / "portal"
    write_site(root, BROKEN)
    result = run("check", cwd=root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert sorted(line for line in lines if line.startswith(PREFIX)) == sorted(BROKEN_PROBLEMS)
    assert lines[-1] == "2 bài viết hợp lệ, 5 lỗi, 0 cảnh báo"
    assert not (root / "site").exists()


def test_check_accepts_a_good_site(tmp_path):
    root = tmp_path / "portal"
    write_site(root, GOOD)
    result = run("check", cwd=root)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "2 bài viết hợp lệ, 0 lỗi, 0 cảnh báo", "")
    assert not (root / "site").exists()


def test_check_prints_warnings(tmp_path):
    root = tmp_path / "portal"
    write_site(root, {**GOOD, "content/tin-tuc/2021/sai-ten.md": (
        "---\ntitle: Tin\ndate: 28/12/2021\nauthor: Lan\ncatgory: Chính trị\n---\n")})
    result = run("check", cwd=root)
    assert f"{PREFIX}sai-ten.md:5: catgory: trường không có trong danh mục, bị bỏ qua; có phải ý bạn là `category`?" in result.stderr.splitlines()
    assert "3 bài viết hợp lệ, 0 lỗi, 1 cảnh báo" in result.stderr


def test_check_with_config_file_from_another_folder(tmp_path):
    config_file = write_site(tmp_path / "portal", BROKEN)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("check", "-f", str(config_file), cwd=elsewhere)
    assert result.returncode == 1
    assert sorted(line for line in result.stderr.splitlines() if line.startswith(PREFIX)) == sorted(BROKEN_PROBLEMS)


# -- build -----------------------------------------------------------------------------------------------------

def test_failed_build_leaves_the_previous_site_untouched(tmp_path, old_site):
    write_site(tmp_path / "portal", BROKEN)
    before = snapshot(old_site)
    result = run("build", cwd=tmp_path / "portal")
    assert result.returncode == 1
    for problem in BROKEN_PROBLEMS:
        assert problem in result.stderr.splitlines()
    assert "trang cũ vẫn nguyên" in result.stderr
    assert snapshot(old_site) == before
    assert leftovers(old_site.parent) == []


def test_warning_fails_the_strict_build(tmp_path, old_site):
    write_site(tmp_path / "portal", {**GOOD, "content/tin-tuc/2021/sai-ten.md": (
        "---\ntitle: Tin\ndate: 28/12/2021\nauthor: Lan\ncatgory: Chính trị\n---\n")})
    before = snapshot(old_site)
    result = run("build", cwd=tmp_path / "portal")
    assert result.returncode == 1
    assert f"{PREFIX}sai-ten.md:5: catgory: trường không có trong danh mục, bị bỏ qua; có phải ý bạn là `category`?" in result.stderr
    assert snapshot(old_site) == before
    assert leftovers(old_site.parent) == []


def test_successful_build_replaces_the_previous_site(tmp_path, old_site):
    write_site(tmp_path / "portal", GOOD)
    result = run("build", cwd=tmp_path / "portal")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 bài viết, ") and ", 0 cảnh báo, dựng trong " in result.stdout
    assert not (old_site / "stale.txt").exists()
    assert not (old_site / "tin-tuc" / "cu").exists()
    assert "Công tác dân vận" in (old_site / "tin-tuc" / "2021" / "cong-tac-dan-van" / "index.html").read_text("utf-8")
    assert "Trang cu" not in (old_site / "index.html").read_text("utf-8")
    assert leftovers(old_site.parent) == []


def test_build_from_another_working_directory(tmp_path):
    config_file = write_site(tmp_path / "portal", GOOD)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("build", "-f", str(config_file), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    # The site goes beside mkdocs.yml (site_dir: site), not into the working directory.
    assert (tmp_path / "portal" / "site" / "tin-tuc" / "2021" / "giam-ngheo" / "index.html").is_file()
    assert list(elsewhere.iterdir()) == []


def test_site_dir_option_is_relative_to_the_working_directory(tmp_path):
    config_file = write_site(tmp_path / "portal", GOOD)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("build", "-f", os.path.relpath(config_file, elsewhere), "-d", "public", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "public" / "index.html").is_file()
    assert (elsewhere / "public" / "tin-tuc" / "2021" / "cong-tac-dan-van" / "index.html").is_file()
    assert not (tmp_path / "portal" / "site").exists()
    assert leftovers(elsewhere) == []


# -- new -------------------------------------------------------------------------------------------------------

def test_new_creates_an_article_that_check_accepts(tmp_path):
    root = tmp_path / "portal"
    write_site(root, GOOD)
    year = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).year
    expected = f"content/tin-tuc/{year}/tieu-de-bai-viet-moi.md"

    result = run("new", "Tiêu đề bài viết mới", cwd=root)
    assert (result.returncode, result.stdout.strip()) == (0, expected), result.stderr
    created = root / expected
    assert created.is_file()
    text = created.read_text("utf-8")
    assert text.startswith("---\ntitle: \"Tiêu đề bài viết mới\"\n")
    assert f"date: \"{dt.datetime.now(ZoneInfo('Asia/Ho_Chi_Minh')):%d/%m/%Y}" in text

    checked = run("check", cwd=root)
    assert (checked.returncode, checked.stdout.strip(), checked.stderr) == (
        0, "3 bài viết hợp lệ, 0 lỗi, 0 cảnh báo", "")


def test_new_document_creates_a_document_that_check_asks_to_complete(tmp_path):
    root = tmp_path / "portal"
    write_site(root, GOOD)
    year = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).year
    expected = f"content/van-ban/{year}/quyet-dinh-20-2026-qd-ubnd.md"
    result = run("new-document", "20/2026/QĐ-UBND", "--issuer", "UBND thị xã Mây Ngàn", cwd=root)
    assert (result.returncode, result.stdout.strip()) == (0, expected), result.stderr
    text = (root / expected).read_text("utf-8")
    assert text.startswith('---\nnumber: "20/2026/QĐ-UBND"\ntype: "Quyết định"\nissuer: "UBND thị xã Mây Ngàn"\n')
    checked = run("check", cwd=root)  # the abstract is still to be written
    assert checked.returncode == 1
    assert f"{expected}:6: title: thiếu trường bắt buộc" in checked.stderr
    (root / expected).write_text(text.replace('title: ""', 'title: "Về việc giao chỉ tiêu"'), encoding="utf-8")
    checked = run("check", cwd=root)
    assert (checked.returncode, checked.stdout.strip()) == (0, "2 bài viết và 1 văn bản hợp lệ, 0 lỗi, 0 cảnh báo")
    again = run("new-document", "20/2026/QĐ-UBND", cwd=root)
    assert again.returncode == 1 and "đã có tệp này" in again.stderr


def test_new_never_overwrites(tmp_path):
    root = tmp_path / "portal"
    write_site(root, GOOD)
    first = run("new", "Tiêu đề bài viết mới", cwd=root)
    assert first.returncode == 0, first.stderr
    created = root / first.stdout.strip()
    created.write_text(created.read_text("utf-8") + "Đoạn đã viết.\n", encoding="utf-8")
    edited = created.read_bytes()

    second = run("new", "Tiêu đề bài viết mới", cwd=root)
    assert second.returncode == 1
    assert "đã có tệp này" in second.stderr
    assert created.read_bytes() == edited


# -- configuration mistakes: exit 2 with one line, for every command ---------------------------------------------

@pytest.mark.parametrize(("options", "said"), [
    ({"page_size": 0}, "page_size"),
    ({"latest_count": -1}, "latest_count"),
    ({"releases_kept": True}, "releases_kept"),
    ({"timezone": "Sao Hỏa/Thủ đô"}, "timezone"),
    ({"urls": {"category": "/"}}, "urls.category"),
])
@pytest.mark.parametrize("command", [["build"], ["check"], ["serve"], ["new", "Tin mới"], ["stats", "show"]])
def test_a_wrong_option_is_a_configuration_error(tmp_path, options, said, command):
    portal = tmp_path / "portal"
    write_site(portal, {"content/index.md": "# Trang chủ\n"}, options)
    result = run(*command, cwd=portal)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and said in result.stderr
    assert not (portal / "site").exists() and not (portal / "content" / "tin-tuc").exists()


def test_check_reports_two_sources_for_one_address_as_the_build_does(tmp_path):
    portal = tmp_path / "portal"
    write_site(portal, {"content/index.md": "# Trang chủ\n", "content/a.md": "# A\n", "content/a/index.md": "# B\n",
                        "content/feed.xml": "<rss/>\n"})
    checked, built = run("check", cwd=portal), run("build", cwd=portal)
    expected = ["content/a/index.md:1: file: cùng địa chỉ /a/ với content/a.md; đổi tên một trong hai tệp",
                "content/feed.xml:1: file: địa chỉ /feed.xml do Bantin tạo (tin mới RSS/Atom/JSON); đổi tên tệp "
                "hoặc đổi `urls` trong mkdocs.yml"]
    for result in (checked, built):
        assert result.returncode == 1
        assert [line for line in result.stderr.splitlines() if line.startswith("content/")] == expected
