"""deploy/nginx-admin.conf in front of the editors' server, with a real nginx and a self-signed certificate:
plain HTTP is sent to HTTPS, the login answers through it with a Secure cookie, and an upload over the limit is
stopped by nginx before it reaches the server."""

from __future__ import annotations

import http.client
import shutil
import ssl
import subprocess
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from nginx import MAIN_CONFIG, MIME_TYPES, _free_port, _quote, _stop, _wait_ready, nginx_tmp, require_nginx  # noqa: F401

from conftest import REPO

pytest_plugins = ["nginx"]

SAMPLE = REPO / "deploy" / "nginx-admin.conf"
PASSWORD = "mat-khau-van-phong"


def _config(sample: str, *, http_port: int, https_port: int, cert: Path, key: Path, upstream: int, log: Path) -> str:
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "ssl_certificate /etc/letsencrypt/live/bientap.mayngan.example.vn/fullchain.pem;": f"ssl_certificate {_quote(cert)};",
        "ssl_certificate_key /etc/letsencrypt/live/bientap.mayngan.example.vn/privkey.pem;":
            f"ssl_certificate_key {_quote(key)};",
        "proxy_pass http://127.0.0.1:8001;": f"proxy_pass http://127.0.0.1:{upstream};",
        "access_log /var/log/nginx/bantin-admin.access.log;": f"access_log {_quote(log)};",
    }
    lines = sample.splitlines()
    for old, new in replacements.items():
        assert sum(line.strip() == old for line in lines) == 1, f"{SAMPLE}: the line `{old}` must appear once"
        lines = [line.replace(old, new) if line.strip() == old else line for line in lines]
    return "\n".join(lines) + "\n"


@pytest.fixture
def behind_nginx(tmp_path, nginx_tmp):
    from bantin.admin.accounts import Accounts
    from bantin.admin.server import Editors, handler

    nginx = require_nginx()
    site = tmp_path / "portal"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "theme", site / "theme")
    shutil.copy(REPO / "mkdocs.yml", site / "mkdocs.yml")
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    accounts = Accounts(str(site / ".bantin" / "editors.sqlite3"))
    accounts.add("lan", PASSWORD, full_name="Nguyễn Thị Lan", role="publisher")
    editors = Editors(str(site / "mkdocs.yml"), accounts=accounts, preview_port=None)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(editors))
    threading.Thread(target=server.serve_forever, daemon=True).start()

    key, cert = nginx_tmp / "key.pem", nginx_tmp / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (nginx_tmp / "temp" / sub).mkdir(parents=True, mode=0o755)
    http_port, https_port, health = _free_port(), _free_port(), _free_port()
    (nginx_tmp / "site.conf").write_text(_config(SAMPLE.read_text(), http_port=http_port, https_port=https_port,
                                                 cert=cert, key=key, upstream=server.server_address[1],
                                                 log=nginx_tmp / "access.log"))
    (nginx_tmp / "nginx.conf").write_text(MAIN_CONFIG.format(prefix=nginx_tmp, mime_types=MIME_TYPES,
                                                             health_port=health))
    process = subprocess.Popen([nginx, "-p", str(nginx_tmp), "-c", str(nginx_tmp / "nginx.conf"), "-g",
                                "daemon off;"], stderr=subprocess.PIPE)
    try:
        _wait_ready(process, nginx_tmp, health)
        yield http_port, https_port, accounts
    finally:
        _stop(process)
        server.shutdown()
        server.server_close()
        accounts.close()


def _https(port: int) -> http.client.HTTPSConnection:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    return http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=20)


def test_plain_http_is_sent_to_https(behind_nginx):
    http_port, _, _ = behind_nginx
    connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    connection.request("GET", "/admin/")
    answer = connection.getresponse()
    assert answer.status == 301
    assert answer.getheader("Location", "").startswith("https://")


def test_the_login_works_through_nginx_with_a_secure_cookie(behind_nginx):
    _, https_port, _ = behind_nginx
    connection = _https(https_port)
    connection.request("GET", "/admin/")
    answer = connection.getresponse()
    assert answer.status == 401 and "Đăng nhập" in answer.read().decode()
    origin = f"127.0.0.1:{https_port}"
    connection.request("POST", "/admin/login", body=f"name=lan&password={PASSWORD}",
                       headers={"Origin": f"https://{origin}", "Content-Type": "application/x-www-form-urlencoded"})
    answer = connection.getresponse()
    answer.read()
    assert answer.status == 303
    cookie = answer.getheader("Set-Cookie", "")
    assert "bantin_session=" in cookie and "Secure" in cookie and "HttpOnly" in cookie
    assert answer.getheader("Strict-Transport-Security")


def test_an_upload_over_the_limit_stops_at_nginx(behind_nginx):
    _, https_port, _ = behind_nginx
    connection = _https(https_port)
    body = b"x" * (31 * 1024 * 1024)
    connection.request("POST", "/admin/api/v1", body=body, headers={"Content-Type": "application/json"})
    answer = connection.getresponse()
    assert answer.status == 413
