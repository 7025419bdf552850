"""Helpers for tests that serve a built site with a real nginx, configured by deploy/nginx.conf.

    with serve(root, workdir) as server:          # nginx on 127.0.0.1:<free port>, its own prefix and log
        response = server.get("tin-tuc/2024/a/", user_agent=CHROME)
        server.wait_for_log(12)                    # every request so far is in server.access_log

`serve` writes a main nginx.conf into `workdir` (pid file, error log, temp folders, all inside it) that
includes deploy/nginx.conf with its `listen`, `root` and `access_log` lines replaced; it starts
/usr/sbin/nginx with `-g 'daemon off;'` as a child process, waits until it answers on a second, unlogged
port (so readiness checks never show up in the access log the tests ingest), and always stops it.

nginx started as root runs its workers as `nobody`: every folder it serves or writes to must be mode 755.
`nginx_tmp` gives a test such a folder under /tmp (pytest's tmp_path is 0700), removed afterwards.

It is also a small pytest plugin, as tests/browser.py is: a test module that says `pytest_plugins = ["nginx"]`
gets the `nginx` marker on all its tests, registered (so `--strict-markers` accepts it), and `-m nginx` /
`-m "not nginx"` select them. The module cannot say `pytestmark = pytest.mark.nginx` itself: that line runs
when pytest imports the module, before it loads the plugins the module names, so the marker would not be
registered yet (a PytestUnknownMarkWarning, an error under --strict-markers).

If nginx is not installed, the tests fail with a clear message: CI installs it, so a missing nginx is a
broken environment, not a reason to skip.

PYTEST_DONT_REWRITE: test modules import this file before pytest loads it as a plugin; its one assertion
writes its own message, and the marker tells pytest not to warn that it came too late to rewrite it.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NGINX = os.environ.get("BANTIN_NGINX", "/usr/sbin/nginx")
SAMPLE_CONFIG = REPO / "deploy" / "nginx.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")

# The lines of deploy/nginx.conf that `serve` replaces, exactly as the sample writes them.
SAMPLE_LISTEN = ("listen 80;", "listen [::]:80;")
SAMPLE_ROOT = "root /srv/bantin/www;"
SAMPLE_ACCESS_LOG = "access_log /var/log/nginx/bantin.access.log combined;"

START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0

MARKER = "nginx"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: serves a built site with a real nginx (tests/nginx.py)")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and "nginx" in getattr(module, "pytest_plugins", ()):
            item.add_marker(MARKER)


@pytest.fixture
def nginx_tmp() -> Iterator[Path]:
    """A fresh folder under /tmp that nginx's workers (`nobody`) can enter: mode 755, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="bantin-nginx-", dir="/tmp"))
    try:
        folder.chmod(0o755)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def require_nginx() -> str:
    """The nginx binary; fails the test (never skips) when it is missing."""
    if not (os.path.isfile(NGINX) and os.access(NGINX, os.X_OK)):
        pytest.fail(f"nginx is not installed at {NGINX}: these tests serve the site with a real nginx. "
                    "Install it (`apt-get install nginx`) or point BANTIN_NGINX at the binary.", pytrace=False)
    if not MIME_TYPES.is_file():
        pytest.fail(f"{MIME_TYPES} is missing: install nginx's configuration (`apt-get install nginx-common`).",
                    pytrace=False)
    return NGINX


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _quote(path: Path | str) -> str:
    text = str(path)
    if any(c in text for c in '"\\;{}$') or any(c.isspace() for c in text):
        raise ValueError(f"{text!r}: choose a path nginx can read without escapes")
    return f'"{text}"'


def server_config(sample: str, *, port: int, root: Path, access_log: Path) -> str:
    """deploy/nginx.conf with the listen, root and access_log lines set for a test; ValueError if one is gone."""
    replacements = [
        (SAMPLE_LISTEN[0], f"listen 127.0.0.1:{port};"),
        (SAMPLE_LISTEN[1], "# (IPv6 listen removed by tests/nginx.py)"),
        (SAMPLE_ROOT, f"root {_quote(root)};"),
        (SAMPLE_ACCESS_LOG, f"access_log {_quote(access_log)} combined;"),
    ]
    for old, new in replacements:
        found = sum(line.strip() == old for line in sample.splitlines())
        if found != 1:
            raise ValueError(f"{SAMPLE_CONFIG}: expected the line `{old}` once, found it {found} times; "
                             "tests/nginx.py replaces it to serve a test site")
        sample = "\n".join(line.replace(old, new) if line.strip() == old else line for line in sample.splitlines())
    return sample + "\n"


MAIN_CONFIG = """\
# Written by tests/nginx.py: a private nginx for one test, everything under {prefix}.
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;

events {{
    worker_connections 512;
}}

http {{
    include {mime_types};
    default_type application/octet-stream;
    sendfile on;
    access_log off;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;

    # Readiness: answered by the workers, never written to any access log.
    server {{
        listen 127.0.0.1:{health_port};
        access_log off;
        location / {{
            return 204;
        }}
    }}

    include {prefix}/site.conf;
}}
"""


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]  # names in lower case
    body: bytes  # decompressed if the server sent it gzip-encoded
    encoding: str | None  # the Content-Encoding as sent

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Nginx:
    """A running nginx: its base URL, its access log, and a small HTTP client for it."""

    def __init__(self, process: subprocess.Popen, prefix: Path, port: int, access_log: Path):
        self.process, self.prefix, self.port, self.access_log = process, prefix, port, access_log
        self.base_url = f"http://127.0.0.1:{port}/"

    def get(self, path: str, *, user_agent: str, headers: Mapping[str, str] | None = None,
            method: str = "GET", timeout: float = 10.0) -> Response:
        """Request `path` (relative to the site's root, e.g. "tin-tuc/a/?x=1") with these headers.

        Any status is returned (urllib's errors for 304 and 404 are answers here, not failures); gzip bodies
        are decompressed. A body cut short raises (http.client.IncompleteRead), as it should.
        """
        request = urllib.request.Request(self.base_url + path.lstrip("/"), method=method,
                                         headers={"User-Agent": user_agent, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                status, raw, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            with error:
                status, raw, body = error.code, error.headers, error.read()
        names = {name.lower(): value for name, value in raw.items()}
        encoding = names.get("content-encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        return Response(status, names, body, encoding)

    def log_lines(self) -> list[str]:
        try:
            return self.access_log.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []

    def wait_for_log(self, lines: int, timeout: float = 5.0) -> list[str]:
        """Wait until the access log holds `lines` lines (nginx logs a request just after answering it)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.log_lines()
            if len(found) >= lines or time.monotonic() > deadline:
                assert len(found) == lines, f"{self.access_log}: expected {lines} lines, found {len(found)}:\n" \
                    + "\n".join(found)
                return found
            time.sleep(0.02)

    def error_log(self) -> str:
        try:
            return (self.prefix / "error.log").read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""


def _wait_ready(process: subprocess.Popen, prefix: Path, health_port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise _StartError(process.returncode)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{health_port}/", timeout=1) as answer:
                if answer.status == 204:
                    return
        except (OSError, urllib.error.URLError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"nginx did not answer within {START_TIMEOUT:.0f} s; error log:\n"
                               + _read(prefix / "error.log"))
        time.sleep(0.02)


class _StartError(Exception):
    def __init__(self, code: int):
        self.code = code


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "(none)"


def _stop(process: subprocess.Popen) -> None:
    """Stop the master (and so its workers): SIGQUIT finishes requests in flight, SIGKILL if it hangs."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGQUIT)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


@contextlib.contextmanager
def serve(root: str | os.PathLike, workdir: str | os.PathLike, *, sample: Path = SAMPLE_CONFIG) -> Iterator[Nginx]:
    """Serve `root` (a folder or the symlink `publish --to` manages) with nginx and the sample config.

    `workdir` (created, mode 755) holds nginx's prefix: main config, site.conf, pid file, error log, temp
    folders and the access log `access.log`. nginx is stopped when the block ends, whatever happens in it.
    """
    binary = require_nginx()
    prefix = Path(workdir).resolve()
    prefix.mkdir(parents=True, exist_ok=True)
    prefix.chmod(0o755)
    (prefix / "temp").mkdir(exist_ok=True)
    access_log = prefix / "access.log"
    sample_text = sample.read_text(encoding="utf-8")
    for attempt in range(3):  # a free port may be taken by someone else before nginx binds it: try another
        port, health_port = _free_port(), _free_port()
        (prefix / "site.conf").write_text(
            server_config(sample_text, port=port, root=Path(os.path.abspath(root)), access_log=access_log),
            encoding="utf-8")
        (prefix / "nginx.conf").write_text(
            MAIN_CONFIG.format(prefix=prefix, health_port=health_port, mime_types=MIME_TYPES), encoding="utf-8")
        with open(prefix / "stderr.log", "wb") as stderr:
            process = subprocess.Popen(
                [binary, "-p", f"{prefix}/", "-e", str(prefix / "error.log"), "-c", str(prefix / "nginx.conf"),
                 "-g", "daemon off;"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            _wait_ready(process, prefix, health_port)
        except _StartError as error:
            log = _read(prefix / "error.log") + _read(prefix / "stderr.log")
            if "Address already in use" in log and attempt < 2:
                continue
            raise RuntimeError(f"nginx exited with code {error.code} at start; its error log:\n{log}") from None
        except BaseException:
            _stop(process)
            raise
        break
    server = Nginx(process, prefix, port, access_log)
    try:
        yield server
    finally:
        _stop(process)
    serious = [line for line in server.error_log().splitlines()
               if any(level in line for level in ("[emerg]", "[alert]", "[crit]"))]
    if serious:
        raise RuntimeError("nginx reported errors while serving:\n" + "\n".join(serious))
