"""Scheduled publishing, end to end: `build` leaves a future article out and says when it falls due; the
preview shows it with its "Hẹn giờ" mark; an expired article is withdrawn; `updated` reaches page and feeds."""

from __future__ import annotations

import os
import subprocess
import sys

import feedparser
import lxml.html

from conftest import BUILD_PY, article, write_site
from test_serve_errors import free_port, get, wait_for

FUTURE = "content/tin-tuc/2099/hen-gio.md"
FILES = {
    "content/index.md": "Chào mừng.\n",
    "content/tin-tuc/2024/da-dang.md": article(title="Tin đã đăng", date="02/01/2024 08:00", author="Lan",
                                               updated="03/02/2024 09:15"),
    "content/tin-tuc/2020/het-han.md": article(title="Thông báo đã hết hạn", date="02/01/2020", author="Lan",
                                               expires="01/01/2021"),
    FUTURE: article(title="Tin hẹn giờ", date="02/01/2099 07:30", author="Lan"),
}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}


def test_build_leaves_the_future_out_and_says_when_it_is_due(tmp_path):
    root = tmp_path / "portal"
    write_site(root, FILES)
    result = subprocess.run([sys.executable, str(BUILD_PY), "build"], cwd=root, env=ENV, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "1 bài hẹn giờ chưa đăng; bài tiếp theo lên cổng lúc 02/01/2099 07:30"
    site = root / "site"
    assert not (site / "tin-tuc" / "2099").exists() and not (site / "tin-tuc" / "2020").exists()
    page = lxml.html.fromstring((site / "tin-tuc" / "2024" / "da-dang" / "index.html").read_bytes())
    assert page.xpath("string(//*[@class='bantin-updated'])").split() == ["Cập", "nhật", "lúc", "03/02/2024", "09:15"]
    atom = feedparser.parse(str(site / "atom.xml"))
    assert [e.title for e in atom.entries] == ["Tin đã đăng"] and atom.entries[0].updated.startswith("2024-02-03T09:15")
    assert "hen-gio" not in (site / "sitemap.xml").read_text() and "het-han" not in (site / "feed.json").read_text()


def test_the_preview_shows_the_scheduled_article_with_its_mark(tmp_path):
    root = tmp_path / "portal"
    write_site(root, FILES)
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, str(BUILD_PY), "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                                   env=ENV, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    try:
        def heading():
            status, body = get(f"http://127.0.0.1:{port}/tin-tuc/2099/hen-gio/")
            return status == 200 and lxml.html.fromstring(body).xpath("//h1")
        h1 = wait_for(heading, 60, "no scheduled article in the preview", process, log)[0]
        assert h1.xpath("string(span[@class='bantin-mark'])") == "Hẹn giờ"
        assert h1.text_content().split() == ["Hẹn", "giờ", "Tin", "hẹn", "giờ"]
        status, body = get(f"http://127.0.0.1:{port}/tin-tuc/2024/da-dang/")
        assert status == 200 and not lxml.html.fromstring(body).xpath("//h1/span[@class='bantin-mark']")
    finally:
        process.terminate()
        process.wait(timeout=30)
