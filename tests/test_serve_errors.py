"""The preview while content has errors: a page listing them, at every address, until the files are fixed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import lxml.html

from bantin.messages import Messages
from bantin.problems import Problem
from bantin.serve_errors import error_page
from conftest import BUILD_PY, SITE_NAME, article, write_site

HOSTILE = Problem("content/tin-tuc/<i>x</i>.md", 3, "<script>alert(1)</script>",
                  "'<img src=x onerror=alert(1)>' không phải ngày giờ có thật & \"khác\"")


def page(problems, language: str = "vi") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(error_page(problems, Messages(language), language))


def items(root: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """(class, text) of each listed problem, as a reader sees it."""
    return [(li.get("class"), " ".join(li.text_content().split())) for li in root.xpath("//ul/li")]


def test_problems_are_listed_as_text():
    root = page([HOSTILE])
    assert items(root) == [("error", "content/tin-tuc/<i>x</i>.md:3 <script>alert(1)</script>: "
                                     "'<img src=x onerror=alert(1)>' không phải ngày giờ có thật & \"khác\"")]
    assert root.xpath("//script | //img | //i | //@onerror") == []  # nothing from content is markup


def test_errors_and_warnings_keep_their_order_and_kind():
    problems = [Problem("content/a.md", 2, "title", "thiếu"), Problem("content/b.md", 5, "tags", "viết nhiều cách",
                                                                         "warning")]
    assert items(page(problems)) == [("error", "content/a.md:2 title: thiếu"),
                                     ("warning", "content/b.md:5 tags: viết nhiều cách")]


def test_the_page_in_the_site_language_reloads_itself():
    root = page([HOSTILE], "vi")
    assert root.get("lang") == "vi"
    assert root.xpath("//meta[@http-equiv='refresh']/@content") == ["2"]
    assert (root.findtext(".//title"), root.findtext(".//h1")) == ("Nội dung có lỗi", "Nội dung có lỗi")
    assert root.findtext(".//p") == "Sửa các lỗi dưới đây; trang sẽ tự tải lại khi tệp được lưu."


def test_the_page_in_english():
    root = page([], "en")
    assert (root.get("lang"), root.findtext(".//h1"), items(root)) == ("en", "The content has errors", [])


def test_the_language_attribute_is_escaped():
    data = error_page([HOSTILE], Messages("en"), 'en" onload="alert(1)')
    root = lxml.html.fromstring(data)
    assert (root.get("lang"), root.get("onload")) == ('en" onload="alert(1)', None)


def test_the_page_is_utf8_html():
    data = error_page([HOSTILE], Messages("vi"), "vi")
    assert data.startswith(b"<!doctype html>")
    assert "không phải ngày giờ có thật".encode() in data
    assert lxml.html.fromstring(data).xpath("//meta/@charset") == ["utf-8"]


# -- the preview itself --------------------------------------------------------------------------------------------

BROKEN = "---\ntitle: Tin hỏng\ndate: 31/02/2021\nauthor: Lan\n---\n\nNội dung.\n"
FIXED = "---\ntitle: Tin hỏng\ndate: 28/02/2021\nauthor: Lan\n---\n\nNội dung.\n"
PROBLEM = ("content/tin-tuc/2021/hong.md:3 date: '31/02/2021' không phải ngày giờ có thật; kiểm tra ngày, tháng, "
           "giờ và múi giờ")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(check, seconds: float, what: str, process: subprocess.Popen, log: Path):
    """Poll `check()` until it returns something true; fail with the server's log otherwise."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the preview stopped (exit {process.returncode}):\n{log.read_text()[-3000:]}"
        try:
            last = check()
            if last:
                return last
        except OSError as error:  # not listening yet
            last = error
        time.sleep(0.25)
    raise AssertionError(f"{what} within {seconds} s; last: {last!r}\n{log.read_text()[-3000:]}")


def test_preview_shows_the_problems_then_the_site_once_fixed(tmp_path):
    root = tmp_path / "portal"
    write_site(root, {
        "content/index.md": "Chào mừng.\n",
        "content/tin-tuc/2021/cong-tac-dan-van.md": article(title="Công tác dân vận", date="28/12/2021 08:30",
                                                            author="Hoàng Thị Lan"),
        "content/tin-tuc/2021/hong.md": BROKEN,
    })
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, str(BUILD_PY), "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                                   env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    try:
        def problems_at(path: str):
            status, body = get(base + path)
            root_element = lxml.html.fromstring(body)
            return status, root_element.findtext(".//title"), [text for _, text in items(root_element)]

        status, title, listed = wait_for(lambda: problems_at("/"), 60, "no answer at /", process, log)
        assert (status, title, listed) == (200, "Nội dung có lỗi", [PROBLEM])

        status, title, listed = problems_at("/tin-tuc/2021/khong-co/")
        assert status in (200, 404)
        assert (title, listed) == ("Nội dung có lỗi", [PROBLEM])

        (root / "content" / "tin-tuc" / "2021" / "hong.md").write_text(FIXED, encoding="utf-8")

        def home():
            status, body = get(base + "/")
            title = lxml.html.fromstring(body).findtext(".//title")
            return (status, title) if title != "Nội dung có lỗi" else None

        assert wait_for(home, 20, "the site did not replace the error page", process, log) == (200, SITE_NAME)
        status, body = get(base + "/tin-tuc/2021/hong/")
        assert status == 200 and lxml.html.fromstring(body).xpath("//h1")[0].text_content().strip() == "Tin hỏng"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
