"""The editors' web interface in chromium: `python build.py admin` on a copy of the sample portal in a git repository;
an editor logs in through the form, Decap CMS opens in Vietnamese, a new article is written through its form (a
category and tags from the lists, a photo uploaded through the image widget) and published; the portal then holds a
checked article and its photo, committed as the editor, and builds its page. A save the portal's check refuses is
shown to the editor and leaves nothing behind. The page never talks to anything but the editors' server.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import lxml.html
import pytest
from playwright.sync_api import expect

from test_admin import copy_portal, git, png
from test_serve_errors import free_port

pytest_plugins = ["browser"]  # the `browser` marker (tests/browser.py); conftest.py adds `e2e`

REPO = Path(__file__).resolve().parents[2]
BUILD_PY = REPO / "build.py"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
NAME, PASSWORD, FULL_NAME, EMAIL = "lan", "mat-khau-cua-lan-2026", "Nguyễn Thị Lan", "lan@mayngan.example.vn"
TITLE = "Khánh thành nhà văn hóa thôn Tả Mây"
SLUG = "khanh-thanh-nha-van-hoa-thon-ta-may"


def _run(*args: str, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BUILD_PY), *args], cwd=root, env=ENV, capture_output=True, text=True,
                          timeout=300)


def _status(url: str) -> int | None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@pytest.fixture
def admin(tmp_path):
    """`python build.py admin` on a copy of the portal, one publisher; yields (base URL, portal folder)."""
    root = copy_portal(tmp_path / "portal")
    added = subprocess.run([sys.executable, str(BUILD_PY), "admin", "-f", str(root / "mkdocs.yml"), "add-user", NAME,
                            "--role", "publisher", "--full-name", FULL_NAME, "--email", EMAIL, "--password-stdin"],
                           input=PASSWORD + "\n", env=ENV, capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    port, preview_port = free_port(), free_port()
    log = tmp_path / "admin.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, str(BUILD_PY), "admin", "-f", str(root / "mkdocs.yml"),
                                    "--port", str(port), "--preview-port", str(preview_port)],
                                   cwd=root, env=ENV, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # its own group: the preview it starts ends with it
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while _status(base + "/admin/login") != 200:
            assert process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, "no login form within 60 s\n" + log.read_text()[-3000:]
            time.sleep(0.2)
        yield base, root
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _choose(page, label: str, option: str) -> None:
    """Pick `option` in Decap's select widget (react-select) labelled `label`."""
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def _publish(page) -> None:
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay", exact=True).click()


def _new_article(page) -> None:
    page.locator('a[href$="/collections/articles/new"]').click()  # the collection's "＋ bài viết"
    expect(page.get_by_label("Tiêu đề", exact=True)).to_be_editable(timeout=30_000)


def _api_posts(requests: list) -> list[dict]:
    import json

    return [json.loads(r.post_data) for r in requests if r.method == "POST" and r.url.endswith("/admin/api/v1")]


def test_an_editor_publishes_an_article_with_a_photo(admin, open_context, screenshots, tmp_path):
    base, root = admin
    context = open_context("desktop")
    page = context.new_page()
    page.set_default_timeout(30_000)  # Decap's 5 MB bundle and its first listing, on a busy 2-core machine
    requests = []
    page.on("request", lambda request: requests.append(request))

    # the login form, then Decap in Vietnamese
    page.goto(base + "/admin/")
    expect(page.get_by_role("heading", name="Đăng nhập trang biên tập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(NAME)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/admin/**", timeout=60_000)
    for collection in ("Bài viết", "Văn bản", "Lãnh đạo", "Lịch công tác"):
        expect(page.get_by_role("link", name=collection, exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Bộ sưu tập")).to_be_visible(timeout=30_000)  # Decap's own words, in Vietnamese
    expect(page.get_by_text("Bộ phận Một cửa thị xã rút ngắn thời gian giải quyết thủ tục hành chính",
                            exact=False)).to_be_visible(timeout=30_000)

    # a new article through the form
    _new_article(page)
    page.get_by_label("Tiêu đề", exact=True).fill(TITLE)
    # Decap files a new entry under the year it is saved in ({{year}} of the collection's path), not its date's
    today = dt.date.today()
    year = str(today.year)
    page.get_by_label("Ngày đăng", exact=True).fill(f"{today:%Y-%m-%d}T00:05")
    page.get_by_label("Tác giả", exact=True).fill("Lò Văn Minh")
    _choose(page, "Chuyên mục (không bắt buộc)", "Văn hóa - Du lịch")
    _choose(page, "Từ khóa (không bắt buộc)", "lễ hội")
    _choose(page, "Từ khóa (không bắt buộc)", "du lịch")
    photo = tmp_path / "nha-van-hoa.png"
    photo.write_bytes(png(8, 6))
    page.get_by_role("button", name="Chọn một hình").click()
    page.locator("input[type=file]").set_input_files(str(photo))
    expect(page.get_by_text("nha-van-hoa.png", exact=True)).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.get_by_label("Mô tả ảnh (không bắt buộc)", exact=True).fill("Nhà văn hóa thôn Tả Mây ngày khánh thành")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("Sáng 19/11, nhà văn hóa thôn Tả Mây được khánh thành sau sáu tháng xây dựng.")
    page.screenshot(path=str(screenshots / "admin-new-article.png"), full_page=True)
    head = git(root, "rev-parse", "HEAD")
    _publish(page)
    page.wait_for_url(f"**/collections/articles/entries/{year}/{SLUG}", timeout=60_000)  # Decap opens what it saved

    path = root / "content" / "tin-tuc" / year / f"{SLUG}.md"
    image = root / "content" / "images" / "bai-viet" / "nha-van-hoa.png"
    assert path.is_file(), sorted(p.name for p in (root / "content" / "tin-tuc").rglob("*.md"))[-5:]
    post = frontmatter.load(path)
    assert post["title"] == TITLE
    assert post["date"] == f"{today:%d/%m/%Y} 00:05"
    assert post["author"] == "Lò Văn Minh"
    assert post["category"] == "Văn hóa - Du lịch"
    assert post["tags"] == ["lễ hội", "du lịch"]
    assert post["image"] == "images/bai-viet/nha-van-hoa.png"
    assert post["image_alt"] == "Nhà văn hóa thôn Tả Mây ngày khánh thành"
    assert post.get("draft") is False
    assert "nhà văn hóa thôn Tả Mây được khánh thành" in post.content
    assert image.read_bytes() == photo.read_bytes()

    checked = _run("check", root=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert git(root, "log", "-1", "--format=%an <%ae>|%s") == \
        f"{FULL_NAME} <{EMAIL}>|Thêm “{TITLE}” (content/tin-tuc/{year}/{SLUG}.md)"
    assert git(root, "rev-parse", "HEAD~1") == head  # one commit, with both files
    assert sorted(git(root, "show", "--name-only", "--format=", "HEAD").splitlines()) == \
        ["content/images/bai-viet/nha-van-hoa.png", f"content/tin-tuc/{year}/{SLUG}.md"]
    assert git(root, "status", "--porcelain", "--", "content") == ""

    site = tmp_path / "site"
    built = _run("build", "-d", str(site), root=root)
    assert built.returncode == 0, built.stdout + built.stderr
    html = lxml.html.fromstring((site / "tin-tuc" / year / SLUG / "index.html").read_bytes())
    assert TITLE in html.xpath("string(//h1)")
    assert html.xpath("//img[@alt='Nhà văn hóa thôn Tả Mây ngày khánh thành']/@src")[0].endswith(
        "images/bai-viet/nha-van-hoa.png")
    assert (site / "images" / "bai-viet" / "nha-van-hoa.png").read_bytes() == photo.read_bytes()

    # the portal's own preview, behind the same login, shows the saved article at its address
    address = f"{base}/tin-tuc/{year}/{SLUG}/"
    deadline = time.monotonic() + 60
    while True:
        answer = page.goto(address)
        if answer.status == 200 and TITLE in page.inner_text("h1"):
            break
        assert time.monotonic() < deadline, f"{address}: {answer.status}"
        page.wait_for_timeout(500)

    # a save without a title: Decap's own check stops it, nothing is sent
    head = git(root, "rev-parse", "HEAD")
    sent = len(_api_posts(requests))
    page.goto(base + "/admin/#/collections/articles/new")
    expect(page.get_by_label("Tiêu đề", exact=True)).to_have_value("", timeout=30_000)
    page.get_by_label("Tác giả", exact=True).fill("Lò Văn Minh")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("Bài chưa có tiêu đề.")
    _publish(page)
    expect(page.get_by_text("Bạn còn thiếu vài thông tin bắt buộc. Hãy hoàn thành trước khi lưu.").first
           ).to_be_visible(timeout=30_000)
    assert not [p for p in _api_posts(requests)[sent:] if p["action"] == "persistEntry"]

    # a date the portal's check refuses (typed into the date input; Decap accepts it): the server's reason is shown
    page.get_by_label("Tiêu đề", exact=True).fill("Bài có ngày đăng sai")
    page.get_by_label("Ngày đăng", exact=True).fill("1800-01-01T08:00")
    _publish(page)
    expect(page.get_by_text("nằm ngoài khoảng năm 1900–9999", exact=False).first).to_be_visible(timeout=30_000)
    page.screenshot(path=str(screenshots / "admin-refused.png"))
    refused = [p for p in _api_posts(requests)[sent:] if p["action"] == "persistEntry"]
    assert len(refused) == 1 and "title: Bài có ngày đăng sai" in refused[0]["params"]["dataFiles"][0]["raw"]

    # and the server's own refusal of a save with neither title nor a real date, sent through the page's fetch
    answer = page.evaluate("""async () => {
        const raw = "---\\ndate: 31/02/2025 08:30\\nauthor: Lò Văn Minh\\n---\\nKhông tiêu đề.\\n";
        const r = await fetch("/admin/api/v1", {method: "POST", headers: {"Content-Type": "application/json"},
            body: JSON.stringify({action: "persistEntry", params: {branch: "main",
                dataFiles: [{path: "content/tin-tuc/2025/khong-tieu-de.md", slug: "khong-tieu-de", raw}],
                assets: [], options: {newEntry: true}}})});
        return {status: r.status, body: await r.json()};
    }""")
    assert answer["status"] == 422, answer
    lines = dict(line.split(": ", 1) for line in answer["body"]["error"].splitlines())
    assert set(lines) == {"title", "date"}, answer
    assert lines["title"].startswith("thiếu trường bắt buộc")
    assert "không phải ngày giờ có thật" in lines["date"]

    assert git(root, "rev-parse", "HEAD") == head
    assert git(root, "status", "--porcelain", "--", "content") == ""
    assert not list((root / "content" / "tin-tuc").glob("1800"))
    assert not (root / "content" / "tin-tuc" / "2025" / "khong-tieu-de.md").exists()

    # the page talked to the editors' server only
    elsewhere = sorted({r.url for r in requests if urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
                        and urlsplit(r.url).hostname != "127.0.0.1"})
    assert not elsewhere, elsewhere
    assert len(requests) > 10
