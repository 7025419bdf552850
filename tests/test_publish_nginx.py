"""`python build.py publish --to DIR` under load: a real nginx serves DIR (deploy/nginx.conf) while releases
are published one after another, and every response is a whole page of one release.

Each release carries its number: the site's copyright ("Release N", in every page's footer), the title of
one article (so the home page and the article show it twice) and a large text file. A page that mixed two
releases would show two numbers; a file cut short would not end as it should.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import BUILD_PY, REPO, article, write_site
from nginx import Nginx, serve

pytest_plugins = ["nginx"]  # the `nginx` marker on every test here (see tests/nginx.py)

CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/124.0.0.0 Safari/537.36")
ARTICLE = "tin-tuc/2024/khai-mac-le-hoi/"
BIG_FILE = "tai-lieu/release.txt"
PORTAL_JS = "assets/bantin/portal.js"
MARKER = re.compile(rb"Release (\d+)")
KEEP = 3
HAMMER_LIMIT = 60.0  # seconds: the requests stop then, whatever happens to the publishes


def release_text(n: int) -> str:
    """A file of a few hundred kB, so that a response cut short or mixed could not go unnoticed."""
    return f"Release {n}\n" + f"Tài liệu của bản phát hành số {n}. " * 8000 + f"\nend of release {n}\n"


def files(n: int) -> dict[str, str]:
    return {
        "content/index.md": "Chào mừng bạn đến với Cổng thông tin điện tử thị xã Mây Ngàn.\n",
        "content/tin-tuc/2024/khai-mac-le-hoi.md": article(
            "Sáng 12/3, thị xã khai mạc lễ hội Hái chè xuân.", title=f"Khai mạc lễ hội (Release {n})",
            date="12/03/2024 08:00", author="Hoàng Thị Lan", category="Văn hóa", views=120),
        "content/tin-tuc/2024/lich-tiep-cong-dan.md": article(
            "Lịch tiếp công dân tháng 3.", title="Lịch tiếp công dân tháng 3", date="05/03/2024 07:30",
            author="Văn phòng HĐND - UBND", category="Thông báo", views=45),
        f"content/{BIG_FILE}": release_text(n),
    }


BROKEN_ARTICLE = "content/tin-tuc/2024/thieu-tieu-de.md"


def write_release(portal: Path, n: int, **extra_files: str) -> Path:
    return write_site(portal, {**files(n), **extra_files}, {"releases_kept": KEEP}, copyright=f"Release {n}")


def bantin(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(BUILD_PY), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def publish(portal: Path, www: Path, *more: str) -> subprocess.CompletedProcess:
    return bantin(portal, "publish", "--to", str(www), "-f", "mkdocs.yml", *more)


def served_release(server: Nginx) -> int:
    """The release nginx serves now, by the home page's markers (all of them the same)."""
    response = server.get("", user_agent=CHROME)
    assert response.status == 200
    markers = set(MARKER.findall(response.body))
    assert len(markers) == 1, markers
    return int(markers.pop())


def release_number(release: Path) -> int:
    (marker,) = set(MARKER.findall((release / "index.html").read_bytes()))
    return int(marker)


def releases(www: Path) -> list[Path]:
    folder = www.with_name(www.name + ".releases")
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


class Hammer(threading.Thread):
    """Requests the home page, an article, a large file and an asset in a loop until stopped (or 60 s)."""

    def __init__(self, server: Nginx):
        super().__init__(name="bantin-nginx-hammer", daemon=True)
        self.server = server
        self.stop = threading.Event()
        self.portal_js = (REPO / "theme" / PORTAL_JS).read_bytes()
        # (path, status, release number or None, problem or "")
        self.results: list[tuple[str, int | None, int | None, str]] = []

    def run(self) -> None:
        deadline = time.monotonic() + HAMMER_LIMIT
        while not self.stop.is_set() and time.monotonic() < deadline:
            for path in ("", ARTICLE, BIG_FILE, PORTAL_JS):
                try:
                    self.results.append(self.check(path))
                except Exception as error:  # noqa: BLE001 - any failure to get a whole answer is a finding
                    self.results.append((path, None, None, f"{type(error).__name__}: {error}"))

    def check(self, path: str) -> tuple[str, int | None, int | None, str]:
        response = self.server.get(path, user_agent=CHROME)
        body, problem = response.body, ""
        length = response.headers.get("content-length")
        if response.status != 200:
            return path, response.status, None, "not 200"
        if length is not None and int(length) != len(body):
            problem = f"Content-Length {length}, body {len(body)} bytes"
        if path == PORTAL_JS:
            return path, 200, None, problem or ("" if body == self.portal_js else "asset differs from the theme's")
        markers = {int(m) for m in MARKER.findall(body)}
        if len(markers) != 1:
            return path, 200, None, problem or f"release markers {sorted(markers)}"
        (n,) = markers
        if path == BIG_FILE:
            if body != release_text(n).encode("utf-8"):
                problem = problem or f"not release {n}'s file ({len(body)} bytes)"
        elif not body.rstrip().endswith(b"</html>"):
            problem = problem or "HTML does not end with </html>"
        return path, 200, n, problem


def test_publish_while_nginx_serves(nginx_tmp):
    portal, www = nginx_tmp / "portal", nginx_tmp / "www"
    write_release(portal, 1)
    result = publish(portal, www)
    assert result.returncode == 0, result.stderr
    assert www.is_symlink()

    with serve(www, nginx_tmp / "nginx") as server:
        assert served_release(server) == 1
        hammer = Hammer(server)
        hammer.start()
        try:
            for n in range(2, 6):
                write_release(portal, n)
                result = publish(portal, www)
                assert result.returncode == 0, result.stderr
                assert result.stdout.startswith("2 bài viết, ") and f" → {www} → {www}.releases/" in result.stdout
                assert served_release(server) == n  # the link is switched before the command returns
            time.sleep(0.2)  # a few more requests of the last release
        finally:
            hammer.stop.set()
            hammer.join(timeout=HAMMER_LIMIT + 15)
        assert not hammer.is_alive()

        results = hammer.results
        problems = [r for r in results if r[3] or r[1] != 200]
        assert not problems, f"{len(problems)} of {len(results)} responses were not whole: {problems[:10]}"
        seen = {n for _, _, n, _ in results if n is not None}
        assert seen <= {1, 2, 3, 4, 5}
        assert len(seen) >= 2, f"the requests saw only release {seen}: {len(results)} requests"
        assert {path for path, *_ in results} == {"", ARTICLE, BIG_FILE, PORTAL_JS}

        # Only the last `releases_kept` releases stay beside the link; it points at the newest.
        kept = releases(www)
        assert [release_number(r) for r in kept] == [3, 4, 5]
        assert www.resolve() == kept[-1].resolve()

        # A broken article: the build fails with exit code 1, the link and the site served stay as they were.
        write_release(portal, 6, **{BROKEN_ARTICLE: "---\ndate: 20/03/2024\nauthor: Lan\n---\n\nKhông có tiêu đề.\n"})
        result = publish(portal, www)
        assert result.returncode == 1, (result.returncode, result.stderr)
        assert "thieu-tieu-de.md:1: title: thiếu trường bắt buộc" in result.stderr
        assert "Chưa có gì được xuất bản; trang cũ vẫn nguyên." in result.stderr
        assert www.resolve() == kept[-1].resolve()
        assert served_release(server) == 5
        assert releases(www) == kept
        assert not [p.name for p in (nginx_tmp / "www.releases").iterdir() if p.name.startswith(".")]

        # --rollback: back to the release before, served at once.
        result = bantin(portal, "publish", "--to", str(www), "--rollback")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"{www} → {kept[1]}"
        assert www.resolve() == kept[1].resolve()
        assert served_release(server) == 4
        assert server.get(BIG_FILE, user_agent=CHROME).body == release_text(4).encode("utf-8")

        # Publishing after a rollback (the article fixed): the new release is served, the oldest one goes.
        (portal / BROKEN_ARTICLE).unlink()
        write_release(portal, 7)
        result = publish(portal, www)
        assert result.returncode == 0, result.stderr
        assert served_release(server) == 7
        assert [release_number(r) for r in releases(www)] == [4, 5, 7]

        # Rolling back past the oldest release kept: exit code 2, nothing changes.
        assert bantin(portal, "publish", "--to", str(www), "--rollback").returncode == 0
        assert bantin(portal, "publish", "--to", str(www), "--rollback").returncode == 0
        assert served_release(server) == 4
        result = bantin(portal, "publish", "--to", str(www), "--rollback")
        assert result.returncode == 2
        assert "publish: no earlier release of " in result.stderr
        assert served_release(server) == 4


def test_publish_refuses_a_real_folder(nginx_tmp):
    """DIR must be the link `publish` manages: an existing folder is never replaced (exit code 2)."""
    portal, www = nginx_tmp / "portal", nginx_tmp / "www"
    write_release(portal, 1)
    www.mkdir()
    (www / "index.html").write_text("<!doctype html><title>Trang cũ</title><p>Trang cũ</p>\n", encoding="utf-8")
    (www / "index.html").chmod(0o644)
    www.chmod(0o755)
    result = publish(portal, www)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert f"publish: {www} is a folder, not a link" in result.stderr
    assert www.is_dir() and not www.is_symlink()
    assert sorted(p.name for p in www.iterdir()) == ["index.html"]
    assert not (nginx_tmp / "www.releases").exists(), "refused before building: no release left behind"
    with serve(www, nginx_tmp / "nginx") as server:
        response = server.get("", user_agent=CHROME)
        assert response.status == 200 and b"Trang c\xc5\xa9" in response.body
