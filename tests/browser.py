"""Helpers for tests that open a built site in a real browser.

    with serve(site_dir) as base_url, chromium() as browser:
        page = browser.new_page()
        page.goto(base_url + "tim-kiem/")

`serve` is Python's own static file server on 127.0.0.1 (a free port, a background thread, no request log);
`chromium` drives Debian's /usr/bin/chromium with the playwright package: no browser is downloaded.

It is also a small pytest plugin: a test module that says `pytest_plugins = ["browser"]` gets the `browser`
marker on all its tests, registered (so `--strict-markers` accepts it), and `-m browser` / `-m "not browser"`
select them. Registration cannot happen in the test module itself: pytest calls `pytest_configure` only on
plugins and conftest files, and this suite keeps its conftest free of it.

PYTEST_DONT_REWRITE: test modules import this file before pytest loads it as a plugin; it has no assertions
to rewrite, and the marker tells pytest not to warn that it came too late to rewrite them.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("BANTIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


MARKER = "browser"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: starts chromium and a local HTTP server (tests/browser.py)")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and "browser" in getattr(module, "pytest_plugins", ()):
            item.add_marker(MARKER)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files as a static host does, without printing a line per request into the test output."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm"}

    def log_message(self, format: str, *args) -> None:
        pass


@contextlib.contextmanager
def serve(site_dir: str | os.PathLike) -> Iterator[str]:
    """Serve `site_dir` over HTTP for the duration of the block; yields its base URL, ending in "/"."""
    handler = functools.partial(_QuietHandler, directory=str(Path(site_dir)))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="bantin-test-http", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


_playwright = None


def _driver():
    """One playwright driver per process: its sync API runs an event loop, and a second one started while the
    first is alive (a session-wide browser in tests/e2e, a module's own here) is refused. Stopped at exit."""
    global _playwright
    if _playwright is None:
        import atexit

        from playwright.sync_api import sync_playwright

        _playwright = sync_playwright().start()
        atexit.register(_playwright.stop)
    return _playwright


@contextlib.contextmanager
def chromium(**launch):
    """A headless playwright Browser on the system's chromium; closed after the block."""
    browser = _driver().chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, **launch)
    try:
        yield browser
    finally:
        browser.close()
