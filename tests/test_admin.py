"""The editors' web interface without a browser: accounts (argon2 hashes, sessions that end, locked names), every
route closed without a session, the API closed without the page's CSRF token and Origin, and what a save does to
the portal's repository: a checked file and a commit as the editor, or a refusal and nothing written.

The portal is a copy of the sample one in a git repository of its own; the accounts are made by the CLI (as an
administrator would) and the server runs in this process on a free port, its clock ours to move, in front of a
stand-in preview.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import frontmatter
import pytest
from argon2 import PasswordHasher

from conftest import BUILD_PY, REPO

from bantin.admin.accounts import FAILURE_WINDOW, FAILURES_ALLOWED, SESSION_IDLE, SESSION_MAX, Accounts
from bantin.admin.cms import config as cms_config
from bantin.admin.server import COOKIE, Editors, handler
from bantin.articles import ARTICLE_FIELDS
from bantin.documents import DOCUMENT_FIELDS

ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
PASSWORDS = {"lan": "mat-khau-cua-lan-2026", "minh": "mat-khau-cua-minh-2026", "hung": "mat-khau-cua-hung-2026"}
PUBLISHED = "content/tin-tuc/2025/day-manh-dich-vu-cong-truc-tuyen-toan.md"
EDITED = "content/tin-tuc/2025/kinh-te-thi-xa-may-ngan-9-thang.md"
ACTIONS = ("info", "entriesByFolder", "entriesByFiles", "getEntry", "persistEntry", "getMedia", "getMediaFile",
           "persistMedia", "deleteFile", "deleteFiles", "getDeployPreview")
PREVIEWED = b"PREVIEW OF THE PORTAL"


def png(width: int = 3, height: int = 2) -> bytes:
    """A real, tiny PNG (red pixels)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + b"\xc8\x1e\x1e" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def article_text(title: str | None = "Khánh thành nhà văn hóa thôn Tả Mây", *, date: str = "20/11/2025 08:30",
                 draft: bool | None = False, body: str = "Sáng nay, nhà văn hóa thôn Tả Mây được khánh thành.") -> str:
    """An article as Decap writes it (its date in the form's DD/MM/YYYY HH:mm)."""
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {title}")
    lines += [f"date: {date}", "author: Lò Văn Minh", "category: Văn hóa - Du lịch", "tags:", "  - lễ hội"]
    if draft is not None:
        lines.append(f"draft: {'true' if draft else 'false'}")
    return "\n".join([*lines, "---", body, ""])


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


def cli(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """`python build.py admin -f <copy>/mkdocs.yml …`, as an administrator runs it."""
    return subprocess.run([sys.executable, str(BUILD_PY), "admin", "-f", str(root / "mkdocs.yml"), *args],
                          input=stdin, capture_output=True, text=True, env={**os.environ, **ENV}, timeout=120)


def copy_portal(root: Path) -> Path:
    """The sample portal in a git repository of its own, first commit made."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "theme", root / "theme")
    (root / "node_modules").symlink_to(REPO / "node_modules")
    (root / ".gitignore").write_text("/.bantin/\n/node_modules\n/.cache/\n/site/\n")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=Ban biên tập", "-c", "user.email=bbt@mayngan.example.vn", "commit", "-q",
                    "-m", "Cổng thông tin mẫu"], cwd=root, check=True)
    return root


class Clock:
    """The accounts' clock: real time plus an offset the tests move."""

    def __init__(self):
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


class _Preview(BaseHTTPRequestHandler):
    """A stand-in for `serve`: whatever reaches it was let through by the editors' server."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PREVIEWED)))
        self.end_headers()
        self.wfile.write(PREVIEWED)

    def log_message(self, format, *args):  # noqa: A002
        pass


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def error(self) -> str:
        return self.json()["error"]


class Client:
    """One browser's worth of state: a session cookie and the CSRF token config.json gave it."""

    def __init__(self, port: int, cookie: str | None = None):
        self.port, self.cookie, self.csrf = port, cookie, None
        self.origin = f"http://127.0.0.1:{port}"

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Cookie": f"{COOKIE}={self.cookie}"} if self.cookie else {}
        try:
            connection.request(method, path, body=body, headers={**sent, **(headers or {})})
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    def log_in(self, name: str, password: str) -> Answer:
        answer = self.request("POST", "/admin/login", urlencode({"name": name, "password": password}).encode(),
                              {"Origin": self.origin, "Content-Type": "application/x-www-form-urlencoded"})
        if answer.status == 303:
            cookie = answer.headers["Set-Cookie"]
            assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie
            self.cookie = cookie.split(";", 1)[0].split("=", 1)[1]
            config = self.request("GET", "/admin/config.json")
            assert config.status == 200, config
            self.csrf = config.json()["csrf"]
        return answer

    def api(self, action: str, params: dict, *, csrf: str | None | bool = True, origin: str | None | bool = True,
            ) -> Answer:
        headers = {"Content-Type": "application/json"}
        if csrf is True:
            csrf = self.csrf
        if csrf:
            headers["X-Bantin-CSRF"] = csrf
        if origin is True:
            origin = self.origin
        if origin:
            headers["Origin"] = origin
        body = json.dumps({"action": action, "params": {"branch": "main", **params}}).encode()
        return self.request("POST", "/admin/api/v1", body, headers)


@dataclass
class Server:
    root: Path
    port: int
    clock: Clock
    accounts: Accounts

    def client(self, name: str | None = None) -> Client:
        client = Client(self.port)
        if name:
            answer = client.log_in(name, PASSWORDS[name])
            assert answer.status == 303, answer
        return client

    def head(self) -> str:
        return git(self.root, "rev-parse", "HEAD")

    def last_commit(self) -> str:
        return git(self.root, "log", "-1", "--format=%an <%ae>|%s")


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Path:
    root = copy_portal(tmp_path_factory.mktemp("admin") / "portal")
    done = cli(root, "add-user", "lan", "--role", "publisher", "--full-name", "Nguyễn Thị Lan",
               "--email", "lan@mayngan.example.vn", "--password-stdin", stdin=PASSWORDS["lan"] + "\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Đã tạo tài khoản lan (publisher)"
    done = cli(root, "add-user", "minh", "--full-name", "Lò Văn Minh", "--email", "minh@mayngan.example.vn",
               "--password-stdin", stdin=PASSWORDS["minh"] + "\n")
    assert done.returncode == 0, done.stderr
    Accounts(str(root / ".bantin" / "editors.sqlite3")).add(
        "hung", PASSWORDS["hung"], full_name="Giàng A Hùng", email="hung@mayngan.example.vn", role="publisher")
    return root


@pytest.fixture(scope="module")
def server(portal):
    clock = Clock()
    accounts = Accounts(str(portal / ".bantin" / "editors.sqlite3"), clock=clock)
    preview = ThreadingHTTPServer(("127.0.0.1", 0), _Preview)
    threading.Thread(target=preview.serve_forever, daemon=True).start()
    editors = Editors(str(portal / "mkdocs.yml"), accounts=accounts, preview_port=preview.server_address[1])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(editors))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield Server(portal, httpd.server_address[1], clock, accounts)
    httpd.shutdown()
    httpd.server_close()
    preview.shutdown()
    preview.server_close()
    accounts.close()


def persist(client: Client, path: str, raw: str, *, new: bool = True, assets: list | None = None) -> Answer:
    """persistEntry as Decap's proxy backend sends it."""
    return client.api("persistEntry", {
        "dataFiles": [{"path": path, "slug": path.rsplit("/", 1)[-1][:-3], "raw": raw}],
        "assets": assets or [],
        "options": {"newEntry": new, "collectionName": "articles", "commitMessage": "Create Articles"}})


def problems(answer: Answer) -> dict[str, str]:
    """The refusal's lines by field (`title: …`)."""
    return dict(line.split(": ", 1) for line in answer.error.splitlines())


# -- Decap's configuration, from the field tables ------------------------------------------------------------

def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def test_the_form_asks_for_what_check_requires(portal):
    from bantin.engine import check

    settings, content = check(str(portal / "mkdocs.yml"))
    config = cms_config(settings, content, publisher=True, site_url="http://127.0.0.1:8001")
    assert config["locale"] == "vi"
    for name, table in (("articles", ARTICLE_FIELDS), ("documents", DOCUMENT_FIELDS)):
        fields = {f["name"]: f for f in _collection(config, name)["fields"]}
        required = {f.name for f in table if f.required}
        assert required, name
        assert {n for n in required if fields[n].get("required", True)} == required, name
        optional = {f.name for f in table if not f.required and f.name in fields}
        assert not {n for n in optional if fields[n].get("required", True)}, f"{name}: optional fields required"

    articles = {f["name"]: f for f in _collection(config, "articles")["fields"]}
    used = [frontmatter.load(path).get("category") for path in sorted((portal / "content" / "tin-tuc").rglob("*.md"))]
    used = [c for c in used if c]
    assert articles["category"]["widget"] == "select"
    assert sorted(articles["category"]["options"]) == sorted(set(used))
    assert articles["category"]["options"][0] == Counter(used).most_common(1)[0][0]
    assert articles["tags"]["widget"] == "select" and articles["tags"]["multiple"] is True
    assert (articles["date"]["widget"], articles["date"]["format"]) == ("datetime", "DD/MM/YYYY HH:mm")
    assert articles["draft"]["widget"] == "boolean"

    editor = {f["name"]: f for f in _collection(cms_config(settings, content, publisher=False,
                                                           site_url="http://127.0.0.1:8001"), "articles")["fields"]}
    assert (editor["draft"]["widget"], editor["draft"]["default"]) == ("hidden", True)


def test_each_editor_gets_the_configuration_of_their_role(server):
    lan, minh = server.client("lan"), server.client("minh")
    for client, widget in ((lan, "boolean"), (minh, "hidden")):
        answer = client.request("GET", "/admin/config.json").json()
        draft = {f["name"]: f for f in _collection(answer["config"], "articles")["fields"]}["draft"]
        assert draft["widget"] == widget
        assert answer["csrf"] == client.csrf and len(answer["csrf"]) >= 24
    assert lan.csrf != minh.csrf


# -- accounts ----------------------------------------------------------------------------------------------

def test_a_password_is_kept_only_as_an_argon2_hash(portal):
    database = portal / ".bantin" / "editors.sqlite3"
    stored = database.read_bytes()
    for password in PASSWORDS.values():
        assert password.encode() not in stored
    with sqlite3.connect(database) as db:
        hashes = dict(db.execute("SELECT name, hash FROM editors"))
    assert set(hashes) == {"lan", "minh", "hung"}
    for name, hashed in hashes.items():
        assert hashed.startswith("$argon2id$"), hashed
        assert PasswordHasher().verify(hashed, PASSWORDS[name])
    assert database.stat().st_mode & 0o077 == 0  # no one else on the machine reads it
    assert "editors.sqlite3" not in git(portal, "ls-files")
    listed = cli(portal, "users")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == ["hung\tpublisher\tGiàng A Hùng <hung@mayngan.example.vn>",
                                          "lan\tpublisher\tNguyễn Thị Lan <lan@mayngan.example.vn>",
                                          "minh\teditor\tLò Văn Minh <minh@mayngan.example.vn>"]


@pytest.mark.parametrize(("name", "password", "message"), [
    ("thao", "ngan-qua", "admin: mật khẩu cần ít nhất 10 ký tự"),
    ("Thảo Nguyên", "mat-khau-du-dai-roi",
     "admin: 'Thảo Nguyên': tên đăng nhập gồm 2–32 chữ thường không dấu, chữ số, '.', '_' hoặc '-'"),
    ("lan", "mat-khau-khac-cua-lan", "admin: 'lan' đã có tài khoản; `admin passwd lan` đổi mật khẩu"),
], ids=["short-password", "bad-name", "duplicate"])
def test_add_user_refuses(portal, name, password, message):
    done = cli(portal, "add-user", name, "--password-stdin", stdin=password + "\n")
    assert done.returncode == 2
    assert done.stderr.strip() == message
    with sqlite3.connect(portal / ".bantin" / "editors.sqlite3") as db:
        assert sorted(n for (n,) in db.execute("SELECT name FROM editors")) == ["hung", "lan", "minh"]
        assert PasswordHasher().verify(db.execute("SELECT hash FROM editors WHERE name = 'lan'").fetchone()[0],
                                       PASSWORDS["lan"])


def test_passwd_ends_the_sessions(server):
    done = cli(server.root, "add-user", "thao", "--full-name", "Thào Nguyên", "--password-stdin",
               stdin="mat-khau-thu-nhat\n")
    assert done.returncode == 0, done.stderr
    client = Client(server.port)
    assert client.log_in("thao", "mat-khau-thu-nhat").status == 303
    assert client.request("GET", "/admin/config.json").status == 200

    done = cli(server.root, "passwd", "thao", "--password-stdin", stdin="mat-khau-thu-hai\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Đã đổi mật khẩu của thao; các phiên đăng nhập cũ đã kết thúc"
    assert client.request("GET", "/admin/config.json").status == 401
    assert client.api("info", {}).status == 401
    assert Client(server.port).log_in("thao", "mat-khau-thu-nhat").status == 401
    assert Client(server.port).log_in("thao", "mat-khau-thu-hai").status == 303

    done = cli(server.root, "remove-user", "thao")
    assert done.returncode == 0, done.stderr
    assert Client(server.port).log_in("thao", "mat-khau-thu-hai").status == 401


def test_a_session_ends_after_idle_time_and_after_a_working_day(tmp_path):
    now = [1_800_000_000.0]
    accounts = Accounts(str(tmp_path / "editors.sqlite3"), clock=lambda: now[0])
    accounts.add("lan", PASSWORDS["lan"], role="publisher")
    token, session = accounts.log_in("lan", PASSWORDS["lan"], "127.0.0.1")
    now[0] += SESSION_IDLE - 60
    assert accounts.session(token) == session  # still there, and its idle time starts again
    now[0] += SESSION_IDLE - 60
    assert accounts.session(token) == session
    now[0] += SESSION_IDLE + 1
    assert accounts.session(token) is None
    now[0] += 1
    assert accounts.session(token) is None  # gone for good, not only idle

    token, session = accounts.log_in("lan", PASSWORDS["lan"], "127.0.0.1")
    started = now[0]
    while now[0] + 3600 < started + SESSION_MAX:  # in use every hour, all day
        now[0] += 3600
        assert accounts.session(token) == session
    now[0] = started + SESSION_MAX + 1
    assert accounts.session(token) is None
    accounts.close()


def test_an_idle_session_is_refused_by_the_server(server):
    client = server.client("lan")
    assert client.request("GET", "/admin/config.json").status == 200
    server.clock.offset += SESSION_IDLE + 1
    assert client.request("GET", "/admin/config.json").status == 401
    assert client.api("info", {}).status == 401


def test_wrong_passwords_lock_the_name_even_for_the_right_one(server):
    try:
        for _ in range(FAILURES_ALLOWED):
            answer = Client(server.port).log_in("minh", "khong-phai-mat-khau")
            assert answer.status == 401
            assert "Tên đăng nhập hoặc mật khẩu không đúng." in answer.body.decode()
            assert "Set-Cookie" not in answer.headers
        locked = Client(server.port).log_in("minh", PASSWORDS["minh"])
        assert locked.status == 429
        assert "Đăng nhập sai quá nhiều lần: hãy thử lại sau 15 phút." in locked.body.decode()
        assert "Set-Cookie" not in locked.headers
        server.clock.offset += 60
        assert Client(server.port).log_in("minh", PASSWORDS["minh"]).status == 429  # still locked a minute later
    finally:
        server.clock.offset += FAILURE_WINDOW + 1  # the other tests log in from this address too
    assert Client(server.port).log_in("minh", PASSWORDS["minh"]).status == 303


# -- no session, no CSRF token, another site -------------------------------------------------------------------

def _params(action: str) -> dict:
    """Parameters that would do something (read, write or delete) if the request were let through."""
    image = {"path": "content/images/bai-viet/khong-duoc.png", "content": base64.b64encode(png()).decode(),
             "encoding": "base64"}
    return {
        "info": {}, "getDeployPreview": {"collection": "articles", "slug": "x"},
        "entriesByFolder": {"folder": "content/tin-tuc", "extension": "md", "depth": 2},
        "entriesByFiles": {"files": [{"path": PUBLISHED}]}, "getEntry": {"path": PUBLISHED},
        "persistEntry": {"dataFiles": [{"path": "content/tin-tuc/2025/khong-duoc.md", "raw": article_text()}],
                         "assets": [], "options": {"newEntry": True}},
        "getMedia": {"mediaFolder": "content/images/bai-viet"},
        "getMediaFile": {"path": "content/images/bai-viet/nui-may.svg"},
        "persistMedia": {"asset": image}, "deleteFile": {"path": PUBLISHED}, "deleteFiles": {"paths": [PUBLISHED]},
    }[action]


def _nothing_changed(server: Server, head: str) -> None:
    assert server.head() == head
    assert (server.root / PUBLISHED).is_file()
    assert not (server.root / "content/tin-tuc/2025/khong-duoc.md").exists()
    assert not (server.root / "content/images/bai-viet/khong-duoc.png").exists()


@pytest.fixture
def expired_cookie(server) -> str:
    """The cookie of a session last used longer ago than SESSION_IDLE."""
    server.clock.offset -= SESSION_IDLE + 60
    try:
        client = server.client("hung")
    finally:
        server.clock.offset += SESSION_IDLE + 60
    return client.cookie


@pytest.mark.parametrize("cookie", ["none", "wrong", "expired"])
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_needs_a_session(server, expired_cookie, action, cookie):
    head = server.head()
    client = Client(server.port, {"none": None, "wrong": "x" * 43, "expired": expired_cookie}[cookie])
    client.csrf = "a-guessed-token"
    answer = client.api(action, _params(action))
    assert answer.status == 401
    assert answer.error == "chưa đăng nhập hoặc phiên đăng nhập đã hết hạn: hãy đăng nhập lại"
    _nothing_changed(server, head)


@pytest.mark.parametrize("path", ["/admin/", "/admin", "/admin/config.json", "/admin/start.js",
                                  "/admin/cms/decap-cms.js", "/", "/tin-tuc/2026/ke-hoach-to-chuc-giai-chay-dia-hinh/"])
@pytest.mark.parametrize("cookie", ["none", "wrong", "expired"])
def test_every_page_needs_a_session(server, expired_cookie, path, cookie):
    client = Client(server.port, {"none": None, "wrong": "x" * 43, "expired": expired_cookie}[cookie])
    answer = client.request("GET", path)
    assert answer.status == 401
    text = answer.body.decode()
    assert '<form method="post" action="/admin/login">' in text and "Đăng nhập trang biên tập" in text
    assert PREVIEWED not in answer.body and len(answer.body) < 5000  # the form, not the page or Decap's bundle
    assert b"csrf" not in answer.body


def test_with_a_session_the_pages_are_served(server):
    client = server.client("lan")
    assert client.request("GET", "/admin/").status == 200
    bundle = client.request("GET", "/admin/cms/decap-cms.js")
    assert bundle.status == 200 and "javascript" in bundle.headers["Content-Type"]
    assert len(bundle.body) > 1_000_000
    preview = client.request("GET", "/tin-tuc/2026/ke-hoach-to-chuc-giai-chay-dia-hinh/")
    assert (preview.status, preview.body) == (200, PREVIEWED)
    assert "connect-src 'self' blob:;" in preview.headers["Content-Security-Policy"]


@pytest.mark.parametrize(("csrf", "origin", "message"), [
    (None, True, "thiếu mã bảo vệ của phiên: hãy tải lại trang biên tập"),
    ("a-guessed-token", True, "thiếu mã bảo vệ của phiên: hãy tải lại trang biên tập"),
    ("another-session", True, "thiếu mã bảo vệ của phiên: hãy tải lại trang biên tập"),
    (True, "http://evil.example", "yêu cầu không đến từ trang biên tập của cổng"),
    (True, "http://127.0.0.1.evil.example", "yêu cầu không đến từ trang biên tập của cổng"),
    (True, None, "yêu cầu không đến từ trang biên tập của cổng"),
], ids=["no-token", "guessed-token", "other-sessions-token", "foreign-origin", "lookalike-origin", "no-origin"])
@pytest.mark.parametrize("action", ["persistEntry", "persistMedia", "deleteFile", "getEntry"])
def test_the_api_needs_the_pages_token_and_origin(server, action, csrf, origin, message):
    head = server.head()
    client = server.client("lan")
    if csrf == "another-session":
        csrf = server.client("hung").csrf
    answer = client.api(action, _params(action), csrf=csrf, origin=origin)
    assert answer.status == 403
    assert answer.error == message
    assert b"Kinh t" not in answer.body and b"title" not in answer.body
    _nothing_changed(server, head)


# -- saving ------------------------------------------------------------------------------------------------

def test_a_new_article_is_written_and_committed_as_its_editor(server):
    client = server.client("lan")
    path = "content/tin-tuc/2025/khanh-thanh-nha-van-hoa-thon-ta-may.md"
    raw = article_text()
    answer = persist(client, path, raw)
    assert answer.status == 200, answer.body
    assert (server.root / path).read_text(encoding="utf-8") == raw
    assert server.last_commit() == ("Nguyễn Thị Lan <lan@mayngan.example.vn>|"
                                    f"Thêm “Khánh thành nhà văn hóa thôn Tả Mây” ({path})")
    assert git(server.root, "show", "--name-only", "--format=", "HEAD").splitlines() == [path]
    assert git(server.root, "status", "--porcelain", "--", "content") == ""
    done = subprocess.run([sys.executable, str(BUILD_PY), "check", "-f", str(server.root / "mkdocs.yml")],
                          capture_output=True, text=True, env={**os.environ, **ENV}, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ", 0 lỗi" in done.stdout + done.stderr

    again = persist(server.client("hung"), path, article_text(body="Một bài khác cùng tên tệp."))
    assert again.status == 409
    assert again.error == f"{path} đã có: chọn tiêu đề hoặc tên tệp khác"
    assert (server.root / path).read_text(encoding="utf-8") == raw


def test_an_article_check_refuses_is_not_written(server):
    head = server.head()
    path = "content/tin-tuc/2025/bai-khong-hop-le.md"
    answer = persist(server.client("lan"), path, article_text(None, date="31/02/2025 08:30"))
    assert answer.status == 422
    found = problems(answer)
    assert set(found) == {"title", "date"}, answer.error
    assert found["title"].startswith("thiếu trường bắt buộc: thêm một dòng `title:")
    assert found["date"] == "'31/02/2025 08:30' không phải ngày giờ có thật; kiểm tra ngày, tháng, giờ và múi giờ"
    assert not (server.root / path).exists()
    assert server.head() == head
    assert git(server.root, "status", "--porcelain", "--", "content") == ""


def test_a_save_over_someone_elses_is_refused(server):
    lan, hung = server.client("lan"), server.client("hung")
    seen_by_lan = lan.api("getEntry", {"path": EDITED}).json()
    seen_by_hung = hung.api("getEntry", {"path": EDITED}).json()
    assert seen_by_lan == seen_by_hung
    original = seen_by_lan["data"]

    lans = original.replace("\n---\n", "\n---\n\nĐoạn mở đầu của chị Lan.\n", 1)
    assert lans != original
    assert persist(lan, EDITED, lans, new=False).status == 200
    lan_commit = server.head()
    assert server.last_commit().startswith("Nguyễn Thị Lan <lan@mayngan.example.vn>|Sửa “")

    hungs = original.replace("\n---\n", "\n---\n\nĐoạn mở đầu của anh Hùng.\n", 1)
    answer = persist(hung, EDITED, hungs, new=False)
    assert answer.status == 409
    assert answer.error.startswith(f"{EDITED} vừa được Nguyễn Thị Lan, ")
    assert "nội dung của anh/chị chưa được lưu" in answer.error
    assert (server.root / EDITED).read_text(encoding="utf-8") == lans
    assert server.head() == lan_commit

    # once Hùng has read Lan's version, his change goes in on top of it
    fresh = hung.api("getEntry", {"path": EDITED}).json()["data"]
    assert fresh == lans
    assert persist(hung, EDITED, fresh + "\nĐoạn cuối của anh Hùng.\n", new=False).status == 200
    assert server.last_commit().startswith("Giàng A Hùng <hung@mayngan.example.vn>|Sửa “")


def test_an_editor_saves_drafts_only(server):
    minh = server.client("minh")
    head = server.head()
    published = "content/tin-tuc/2025/minh-dang-thang.md"
    answer = persist(minh, published, article_text("Bài Minh muốn đăng ngay", draft=False))
    assert answer.status == 422
    assert problems(answer) == {"draft": "chỉ người có quyền duyệt đăng (publisher) mới được đăng, sửa hay xóa bài "
                                         "đã đăng; bài của anh/chị được lưu dưới dạng bản nháp"}
    assert persist(minh, published, article_text("Bài Minh muốn đăng ngay", draft=None)).status == 422
    assert not (server.root / published).exists()
    assert server.head() == head

    draft = "content/tin-tuc/2025/minh-viet-nhap.md"
    answer = persist(minh, draft, article_text("Bản nháp của Minh", draft=True))
    assert answer.status == 200, answer.body
    assert frontmatter.load(server.root / draft)["draft"] is True
    assert server.last_commit() == f"Lò Văn Minh <minh@mayngan.example.vn>|Thêm “Bản nháp của Minh” ({draft})"

    # a published article: neither changed (not even into a draft) nor deleted
    head = server.head()
    text = (server.root / PUBLISHED).read_text(encoding="utf-8")
    minh.api("getEntry", {"path": PUBLISHED})
    assert persist(minh, PUBLISHED, text.replace("---\n", "---\ndraft: true\n", 1), new=False).status == 422
    for action, params in (("deleteFile", {"path": PUBLISHED}), ("deleteFiles", {"paths": [PUBLISHED]})):
        answer = minh.api(action, params)
        assert answer.status == 422
        assert answer.error.startswith("draft: chỉ người có quyền duyệt đăng (publisher)")
    assert (server.root / PUBLISHED).read_text(encoding="utf-8") == text
    assert server.head() == head

    # the draft is theirs to delete
    assert minh.api("deleteFile", {"path": draft}).status == 200
    assert not (server.root / draft).exists()
    assert server.last_commit() == f"Lò Văn Minh <minh@mayngan.example.vn>|Xóa {draft}"


OUTSIDE = ["../mkdocs.yml", "/etc/passwd", "content/../x.md", "content/../../x.md", "mkdocs.yml", "theme/main.html",
           "content", "content/tin-tuc/../../mkdocs.yml", "content\\..\\mkdocs.yml"]


@pytest.mark.parametrize("path", OUTSIDE)
def test_paths_outside_the_content_folder_are_refused(server, path):
    client = server.client("lan")
    head = server.head()
    before = (server.root / "mkdocs.yml").read_bytes()
    message = f"{path}: chỉ được ghi vào thư mục nội dung"
    for action, params in (("persistEntry", {"dataFiles": [{"path": path, "raw": article_text()}],
                                             "options": {"newEntry": True}}),
                           ("persistEntry", {"dataFiles": [{"path": path, "raw": article_text()}],
                                             "options": {"newEntry": False}}),
                           ("persistMedia", {"asset": {"path": path, "content": base64.b64encode(png()).decode()}}),
                           ("getEntry", {"path": path}), ("getMediaFile", {"path": path}),
                           ("deleteFile", {"path": path})):
        answer = client.api(action, params)
        assert answer.status == 422, (action, answer.body)
        assert answer.error == message, action
        assert b"root:" not in answer.body and b"site_name" not in answer.body
    assert (server.root / "mkdocs.yml").read_bytes() == before
    assert not (server.root / "x.md").exists() and not (server.root.parent / "x.md").exists()
    assert server.head() == head


def test_a_symlink_out_of_the_content_folder_is_refused(server, tmp_path):
    outside = tmp_path / "ngoai"
    outside.mkdir()
    link = server.root / "content" / "tin-tuc" / "ngoai"
    link.symlink_to(outside, target_is_directory=True)
    try:
        path = "content/tin-tuc/ngoai/bai.md"
        answer = persist(server.client("lan"), path, article_text())
        assert answer.status == 422
        assert answer.error == f"{path}: chỉ được ghi vào thư mục nội dung"
        assert list(outside.iterdir()) == []
    finally:
        link.unlink()


def _asset(path: str, data: bytes) -> dict:
    return {"path": path, "content": base64.b64encode(data).decode(), "encoding": "base64"}


def test_an_image_upload_is_written_and_committed(server):
    client = server.client("lan")
    path = "content/images/bai-viet/anh-nha-van-hoa.png"
    data = png()
    answer = client.api("persistMedia", {"asset": _asset(path, data)})
    assert answer.status == 200, answer.body
    assert answer.json()["path"] == path
    assert (server.root / path).read_bytes() == data
    assert server.last_commit() == f"Nguyễn Thị Lan <lan@mayngan.example.vn>|Tải lên {path}"
    assert git(server.root, "show", "--name-only", "--format=", "HEAD").splitlines() == [path]
    assert base64.b64decode(client.api("getMediaFile", {"path": path}).json()["content"]) == data

    again = client.api("persistMedia", {"asset": _asset(path, png(5, 5))})
    assert again.status == 409
    assert (server.root / path).read_bytes() == data


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


@pytest.mark.parametrize("how", ["persistMedia", "asset-of-an-article"])
def test_an_svg_upload_is_refused(server, how):
    client = server.client("lan")
    head = server.head()
    path = "content/images/bai-viet/ve.svg"
    if how == "persistMedia":
        answer = client.api("persistMedia", {"asset": _asset(path, SVG)})
    else:
        answer = persist(client, "content/tin-tuc/2025/bai-co-hinh-ve.md",
                         article_text("Bài có hình vẽ").replace("draft:", f"image: {path[8:]}\nimage_alt: Hình\ndraft:"),
                         assets=[_asset(path, SVG)])
    assert answer.status == 422
    assert answer.error.startswith(f"{path}: không nhận loại tệp này; được tải lên: jpg, jpeg, png")
    assert not (server.root / path).exists()
    assert not (server.root / "content/tin-tuc/2025/bai-co-hinh-ve.md").exists()
    assert server.head() == head


@pytest.mark.parametrize("how", ["persistMedia", "asset-of-an-article"])
def test_an_upload_cannot_write_an_article(server, how):
    """An upload is not checked as an article is: it must not be one, or an editor would publish through it."""
    minh = server.client("minh")
    head = server.head()
    smuggled = "content/tin-tuc/2025/dang-qua-tai-len.md"
    raw = article_text("Đăng qua tải lên", draft=False).encode()
    if how == "persistMedia":
        answer = minh.api("persistMedia", {"asset": _asset(smuggled, raw)})
    else:
        answer = persist(minh, "content/tin-tuc/2025/ban-nhap-vo-hai.md", article_text("Vô hại", draft=True),
                         assets=[_asset(smuggled, raw)])
    assert answer.status == 422
    assert answer.error.startswith(f"{smuggled}: không nhận loại tệp này")
    assert not (server.root / smuggled).exists()
    assert server.head() == head
