"""Sharing an article: Facebook and Zalo as plain links carrying the article's canonical address, and a button that
copies that address; no third-party script. Run with the rest of the suite: `python -m pytest tests/e2e`.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import expect

from .support import WORDS, same_origin, visit

pytest_plugins = ["browser"]  # the `browser` marker (tests/browser.py); conftest.py adds `e2e`

SHARERS = {"Facebook": ("www.facebook.com", "u"), "Zalo": ("sp.zalo.me", "url")}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_share_links_carry_the_canonical_address(portals, open_context, language):
    portal = portals[language]
    page = visit(open_context("phone"), portal.url("article"))
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.startswith("https://")
    for name, (host, parameter) in SHARERS.items():
        link = page.locator(".bantin-share a", has_text=name)
        expect(link).to_be_visible()
        href = link.get_attribute("href")
        assert quote(canonical, safe="") in href, href
        parts = urlsplit(href)
        assert (parts.scheme, parts.netloc) == ("https", host), href
        assert parse_qs(parts.query)[parameter] == [canonical], href
        assert "noopener" in (link.get_attribute("rel") or "")
    # plain links: the page loads no script from anywhere but the portal itself
    scripts = page.eval_on_selector_all("script[src]", "s => s.map(e => e.src)")
    assert all(same_origin(src, portal.base_url) for src in scripts), scripts


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_copy_button_copies_the_address(vi, open_context, size):
    context = open_context(size, permissions=["clipboard-read", "clipboard-write"])
    page = visit(context, vi.url("article"))
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    button = page.get_by_role("button", name=WORDS["vi"]["copy"])
    expect(button).to_be_visible()
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".bantin-share [role=status]")).to_have_text(WORDS["vi"]["copied"])
    assert page.evaluate("navigator.clipboard.readText()") == canonical
