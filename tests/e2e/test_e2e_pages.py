"""Every page type of the sample portal as a citizen sees it, on a phone (360×740) and on a desktop (1366×768).

The suite builds the sample portal once (`python build.py build`, and an English variant), serves it on a free
loopback port and drives Debian's chromium through playwright (no browser download). Run it alone:

    python -m pytest tests/e2e

or select it anywhere with `-m e2e` (its tests also carry the `browser` marker of tests/browser.py). It needs the
npm dev tools (`npm ci --no-audit --no-fund --ignore-scripts`) and Java 17 for the Nu Html Checker. Screenshots of
each page type at each size are saved into $BANTIN_SCREENSHOTS (default: a pytest temporary folder).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .support import PAGE_TYPES, SIZES, WORDS, same_origin, strip_accents, visit

pytest_plugins = ["browser"]  # the `browser` marker (tests/browser.py); conftest.py adds `e2e`

DATE = re.compile(r"\d{2}/\d{2}/\d{4}")
LISTINGS = ("home", "category", "tag", "author", "archive")


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_as_a_reader_sees_it(vi, open_context, screenshots, link_status, page_type, size):
    context = open_context(size)
    page = visit(context, vi.url(page_type))
    words = WORDS["vi"]

    heading = page.locator("main h1").first
    expect(heading).to_be_visible()
    assert heading.inner_text().strip() and page.title().strip()

    if page_type == "article":
        assert heading.inner_text().strip() == page.locator('meta[property="og:title"]').get_attribute("content")
        header = page.locator(".bantin-article-header")
        expect(header.locator("time")).to_have_text(DATE)
        expect(header.locator(".bantin-views")).to_contain_text(f"{words['views']}:")
        expect(page.locator(".bantin-body p").first).to_be_visible()
        image = page.locator(".bantin-figure img")
        expect(image).to_be_visible()
        assert (image.get_attribute("alt") or "").strip(), "the article's image has no alt text"
    elif page_type in LISTINGS:
        card = page.locator(".bantin-card").first
        expect(card.locator(".bantin-card__title a")).to_be_visible()
        expect(card.locator("time")).to_have_text(DATE)
        expect(card.locator(".bantin-views")).to_contain_text(f"{words['views']}:")
    elif page_type == "search":
        expect(page.get_by_role("searchbox")).to_be_visible()
    elif page_type == "register":
        row = page.locator(".bantin-register tbody tr").first
        expect(row.locator("a")).to_be_visible()
        expect(row.locator(".bantin-status")).to_be_visible()
        expect(page.locator(".bantin-pagination")).to_be_visible()
        expect(page.locator(".bantin-facets a").first).to_be_visible()
    elif page_type == "document":
        expect(page.locator(".bantin-document")).to_be_visible()
        expect(page.locator(".bantin-document .bantin-status")).to_be_visible()
        expect(page.locator(".bantin-files a").first).to_be_visible()
    else:
        expect(heading).to_have_text(words["not_found"])
    if page_type == "archive":
        expect(page.locator(".bantin-pagination")).to_be_visible()

    # The home page is itself the latest news: in its place, the leaders' schedule of the week.
    boxes = ("Lịch công tác tuần này", *words["boxes"][1:]) if page_type == "home" else words["boxes"]
    for title in boxes:
        expect(page.locator(".bantin-aside h2", has_text=title)).to_be_visible()
    if page_type == "home":
        expect(page.locator(".bantin-aside h2", has_text=words["boxes"][0])).to_have_count(0)
    expect(page.locator(".bantin-most-read .bantin-box__views").first).to_contain_text(words["views"])

    page.screenshot(path=str(screenshots / f"{page_type}-{size}.png"), full_page=True)

    assert not context.failures, "requests failed:\n" + "\n".join(context.failures)
    assert not page.errors, "script errors:\n" + "\n".join(page.errors)
    elsewhere = [u for u in context.requests if not same_origin(u, vi.base_url) and not u.startswith("data:")]
    assert not elsewhere, "requests to another host:\n" + "\n".join(elsewhere)

    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    local = sorted({h.split("#", 1)[0] for h in hrefs if same_origin(h, vi.base_url)})
    assert local, "no link on the page"
    broken = [f"{url}: {link_status(url)}" for url in local if link_status(url) != 200]
    assert not broken, f"broken links on {page_type}:\n" + "\n".join(broken)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_listing_pages_are_numbered(portals, open_context, language):
    """A listing longer than a page (the archive; in English, with 5 a page, a category too) has numbered pages."""
    portal = portals[language]
    kinds = ["archive"] + (["category"] if language == "en" else [])
    context = open_context("phone")
    for kind in kinds:
        page = visit(context, portal.url(kind))
        pagination = page.locator(".bantin-pagination")
        expect(pagination.locator("[aria-current=page]")).to_contain_text("1")
        pagination.locator("a[rel=next]").click()
        page.wait_for_load_state()
        assert re.search(r"/(trang|page)/2/$", page.url), page.url
        expect(page.locator(".bantin-pagination [aria-current=page]")).to_contain_text("2")
        expect(page.locator(".bantin-pagination a[rel=prev]")).to_be_visible()
        expect(page.locator(".bantin-card").first).to_be_visible()
        page.close()
    assert not context.failures, "\n".join(context.failures)


# -- search --------------------------------------------------------------------------------------------------------

def _search_words(title: str) -> str:
    """The last four words of a title: words a reader would remember and type."""
    return " ".join(title.split()[-4:])


@pytest.mark.parametrize("accents", [True, False], ids=["with-diacritics", "without-diacritics"])
def test_search_typed_with_the_keyboard_from_the_home_page(vi, open_context, accents):
    context = open_context("phone")
    title = visit(context, vi.url("article")).locator("main h1").inner_text().strip()
    query = _search_words(title) if accents else strip_accents(_search_words(title))

    page = visit(context, vi.url("home"))
    for _ in range(6):  # skip link, menu button, then the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "bantin-q":
            break
    assert page.evaluate("document.activeElement.id") == "bantin-q", "the search box is not reached by Tab"
    page.keyboard.type(query)
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=*")
    results = page.locator(".bantin-search__results h2 a")
    expect(results.first).to_be_visible()
    expect(page.locator(".bantin-search__status")).not_to_be_empty()
    assert title in results.all_inner_texts(), f"{query!r} did not find {title!r}"
    assert not page.errors, "\n".join(page.errors)


def test_search_page_answers_while_typing(vi, open_context):
    context = open_context("desktop")
    title = visit(context, vi.url("article")).locator("main h1").inner_text().strip()
    page = visit(context, vi.url("search"))
    page.get_by_role("searchbox").focus()
    page.keyboard.type(strip_accents(_search_words(title)))
    expect(page.locator(".bantin-search__results h2 a", has_text=title)).to_be_visible()
    page.keyboard.press("Control+A")
    page.keyboard.type("zzqxwv")
    expect(page.locator(".bantin-search__results li")).to_have_count(0)
    expect(page.locator(".bantin-search__status")).not_to_be_empty()


# -- the menu of narrow screens ----------------------------------------------------------------------------------------

def test_mobile_menu_opens_with_a_tap(vi, open_context):
    context = open_context("phone")
    page = visit(context, vi.url("article"))
    drawer_link = page.locator(".md-nav--primary .md-nav__link", has_text=re.compile(r"\S")).nth(1)
    expect(drawer_link).to_be_hidden()
    page.locator('label.md-header__button[for="__drawer"]').click()
    expect(drawer_link).to_be_visible()
    expect(drawer_link).to_be_in_viewport()
    name = drawer_link.inner_text().strip()
    drawer_link.click()
    page.wait_for_load_state()
    expect(page.locator("main h1")).to_have_text(name)


def test_mobile_menu_opens_with_the_keyboard(vi, open_context):
    context = open_context("phone")
    page = visit(context, vi.url("home"))
    button = page.get_by_role("button", name=page.locator(".md-nav--primary").get_attribute("aria-label"))
    expect(button).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    focused = page.locator(":focus")
    expect(focused).to_be_in_viewport()
    assert page.evaluate("!!document.activeElement.closest('.md-nav--primary')"), "focus did not move into the menu"
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(page.locator(".md-nav--primary .md-nav__link").first).to_be_hidden()


def test_desktop_shows_tabs_not_the_menu_button(vi, open_context):
    context = open_context("desktop")
    page = visit(context, vi.url("article"))
    expect(page.locator('label.md-header__button[for="__drawer"]')).to_be_hidden()
    expect(page.locator(".md-tabs__link").first).to_be_visible()
