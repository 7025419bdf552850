"""Fixtures of the end-to-end tests: the sample portal built once per session in Vietnamese and in English, served on
loopback ports; one chromium for the session; a context per test that records its requests; screenshots.

Also registers the `e2e` marker, as tests/browser.py registers `browser`, and puts it on every test of this folder
(whose modules also load tests/browser.py, so they carry `browser` too).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from browser import chromium, serve

from .support import SIZES, Portal, build_portals, discover_pages

MARKER = "e2e"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: the sample portal in chromium, with axe-core and vnu (tests/e2e)")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(MARKER)


@pytest.fixture(scope="session")
def portals(tmp_path_factory) -> dict[str, Portal]:
    """The sample portal as `python build.py build` makes it ("vi"), and its English variant ("en"), served."""
    sites = build_portals(tmp_path_factory.mktemp("portal"))
    with contextlib.ExitStack() as stack:
        yield {language: Portal(language, site, stack.enter_context(serve(site)), discover_pages(site))
               for language, site in sites.items()}


@pytest.fixture(scope="session")
def vi(portals) -> Portal:
    return portals["vi"]


@pytest.fixture(scope="session")
def en(portals) -> Portal:
    return portals["en"]


@pytest.fixture(scope="session")
def browser():
    """One chromium for the session; each test opens its own context (cache, storage, viewport)."""
    with chromium() as b:
        yield b


@pytest.fixture
def open_context(browser):
    """open_context(size, **options) → a new browser context (its own cache and storage) that keeps every request
    URL in `context.requests` and every failed one ("URL: status or error") in `context.failures`; its pages keep
    their script errors in `page.errors`. All closed after the test."""
    opened = []

    def open_(size: str = "desktop", **options):
        context = browser.new_context(viewport=SIZES[size], **options)
        context.requests, context.failures = [], []
        context.on("request", lambda request: context.requests.append(request.url))
        context.on("requestfailed", lambda request: context.failures.append(f"{request.url}: {request.failure}"))
        context.on("response", lambda response: response.status >= 400
                   and context.failures.append(f"{response.url}: {response.status}"))

        def watch(page):
            page.errors = []
            page.on("pageerror", lambda error: page.errors.append(str(error)))
        context.on("page", watch)
        opened.append(context)
        return context

    yield open_
    for context in opened:
        context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where screenshots go: $BANTIN_SCREENSHOTS, or a temporary folder."""
    folder = os.environ.get("BANTIN_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def link_status():
    """status(url) → the HTTP status of an address of the served site; each address is fetched once a session."""
    seen: dict[str, int] = {}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy

    def status(url: str) -> int:
        url = url.split("#", 1)[0]
        if url not in seen:
            try:
                with opener.open(url, timeout=10) as response:
                    seen[url] = response.status
            except urllib.error.HTTPError as error:
                seen[url] = error.code
        return seen[url]

    return status


@pytest.fixture(scope="session")
def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.fail("java (17 or later) is needed to run the Nu Html Checker (vnu.jar)")
    return found
