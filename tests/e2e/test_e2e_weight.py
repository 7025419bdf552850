"""Light pages: the budget of an article page (bench/page_weight.py measures it, and prints the figures), no request
to any other host, and a print stylesheet that prints the article alone. Run with the rest of the suite:
`python -m pytest tests/e2e`.

Budgets, gzip at level 6 over the bytes served, KB = 1,000 bytes: a first visit of an article (HTML, CSS, JS,
fonts, whatever its scripts fetch; no images) at most 80 KB; each further article, its assets cached, at most
12 KB of HTML.
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .support import PAGE_TYPES, REPO, same_origin, visit

sys.path.insert(0, str(REPO / "bench"))
import page_weight  # noqa: E402  (bench/page_weight.py)

pytest_plugins = ["browser"]  # the `browser` marker (tests/browser.py); conftest.py adds `e2e`


@pytest.fixture(scope="module")
def measured(vi, browser):
    return page_weight.measure(browser, vi.base_url, vi.site)


def test_first_visit_of_an_article_within_budget(vi, measured):
    first, further = measured
    figures = page_weight.report(first, further, vi.base_url, vi.site)
    print(figures)
    assert first.total <= page_weight.FIRST_VISIT_BUDGET, figures
    kinds = {r.kind for r in first.resources}
    assert {"document", "stylesheet", "script"} <= kinds, figures  # the measure saw the page's parts
    assert not first.other_hosts, figures


def test_further_article_within_budget(vi, measured):
    first, further = measured
    figures = page_weight.report(first, further, vi.base_url, vi.site)
    assert further.document.gzip <= page_weight.FURTHER_ARTICLE_BUDGET, figures
    # the assets came from the cache: nothing of the first visit's CSS and JS was downloaded again
    again = [r.url for r in further.resources if r.kind in ("stylesheet", "script", "font")]
    assert not again, figures


def test_every_article_html_within_budget(vi):
    """Not only the two measured in the browser: every article of the portal, as served, gzipped."""
    over = [(path, size) for path, size in page_weight.article_pages(vi.site)
            if size > page_weight.FURTHER_ARTICLE_BUDGET]
    assert not over, f"articles over {page_weight.FURTHER_ARTICLE_BUDGET:,} B of gzipped HTML: {over}"


def test_no_request_leaves_the_site(portals, open_context):
    """By default nothing is asked of another host: no fonts, analytics, share scripts or CDNs, on any page type."""
    for language, portal in portals.items():
        context = open_context("phone")
        for page_type in PAGE_TYPES:
            visit(context, portal.url(page_type)).close()
        elsewhere = sorted({u for u in context.requests if not same_origin(u, portal.base_url)
                            and not u.startswith("data:")})
        assert not elsewhere, f"{language}: requests to another host:\n" + "\n".join(elsewhere)
        assert not context.failures, f"{language}: failed requests:\n" + "\n".join(context.failures)
        # The sitemap grows with the portal (300 KB at 1,000 articles): no page needs it. Material's bundle.js
        # fetched it for every <link rel="alternate"> (the feeds); theme/main.html leaves that script out.
        sitemaps = sorted({u for u in context.requests if urlsplit(u).path.endswith("sitemap.xml")})
        assert not sitemaps, f"{language}: pages downloaded the sitemap:\n" + "\n".join(sitemaps)


def test_print_shows_the_article_alone(vi, open_context, screenshots):
    page = visit(open_context("desktop"), vi.url("article"))
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".bantin-toolbar", ".md-sidebar--primary", ".bantin-aside",
                   ".md-footer", ".bantin-share", ".bantin-pager", ".bantin-related"):
        expect(page.locator(chrome).first).to_be_hidden()
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(".bantin-article-header time")).to_be_visible()
    expect(page.locator(".bantin-body p").first).to_be_visible()
    address = page.locator(".bantin-print-url")
    expect(address).to_be_visible()
    expect(address).to_have_text(canonical)
    page.pdf(path=str(screenshots / "article-print.pdf"))  # what the printer gets
    page.emulate_media(media="screen")
    expect(address).to_be_hidden()
    expect(page.locator(".md-header")).to_be_visible()
