"""Accessibility of every page type: axe-core finds nothing serious or critical, in Vietnamese and in English, on a
phone and on a desktop; images have alt text; the keyboard alone works (skip link, visible focus); the text-size
control (A−/A+) works and is remembered. Run with the rest of the suite: `python -m pytest tests/e2e`.

axe-core comes from the `axe-core` npm package (package.json), injected into each page by the test.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import PAGE_TYPES, SIZES, axe_violations, describe_violations, visit

pytest_plugins = ["browser"]  # the `browser` marker (tests/browser.py); conftest.py adds `e2e`

# What the keyboard reaches, read in the page: where it is, and whether anything shows that it has the focus.
FOCUSED = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').trim().slice(0, 40),
          inside: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
                  && r.left < innerWidth && r.top < innerHeight && s.visibility !== 'hidden',
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
          body: e === document.body};
}"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("page_type", PAGE_TYPES)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_axe_finds_nothing_serious(portals, open_context, language, page_type, size):
    page = visit(open_context(size), portals[language].url(page_type))
    violations = axe_violations(page)
    assert not violations, (f"axe-core on {language} {page_type} ({size}), {page.url}:\n"
                            + describe_violations(violations))


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_images_have_alt_text(vi, open_context, page_type):
    page = visit(open_context("desktop"), vi.url(page_type))
    images = page.eval_on_selector_all(
        "img", "imgs => imgs.map(i => ({src: i.getAttribute('src'), alt: i.getAttribute('alt'),"
               " decorative: i.getAttribute('alt') === '' || i.getAttribute('role') === 'presentation',"
               " content: !!i.closest('.bantin-figure, .bantin-body')}))")
    missing = [i["src"] for i in images if i["alt"] is None]
    assert not missing, f"images without an alt attribute: {missing}"
    # an article's own pictures carry information: they need words, not alt=""
    empty = [i["src"] for i in images if i["content"] and not (i["alt"] or "").strip()]
    assert not empty, f"article images with empty alt text: {empty}"


@pytest.mark.parametrize("size", list(SIZES))
def test_skip_link_is_first_and_moves_to_the_content(vi, open_context, size):
    page = visit(open_context(size), vi.url("article"))
    page.keyboard.press("Tab")
    skip = page.locator("a.bantin-skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert page.evaluate(FOCUSED)["ring"], "the skip link shows no focus"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"
    expect(page.locator("main h1")).to_be_in_viewport()
    page.keyboard.press("Tab")  # the next stop is inside the content, not back in the header
    assert page.evaluate("!!document.activeElement.closest('#noi-dung')")


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("page_type", ["article", "home"])
def test_keyboard_focus_is_always_visible(vi, open_context, page_type, size):
    """Tab through the page: every stop is on screen (nothing hidden takes the focus) and shows a focus ring."""
    page = visit(open_context(size), vi.url(page_type))
    hidden, unmarked, seen = [], [], 0
    for _ in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        if focus["body"]:
            break
        seen += 1
        if not focus["inside"]:
            hidden.append(focus["what"])
        elif not focus["ring"]:
            unmarked.append(focus["what"])
    assert seen > 10, f"only {seen} stops reached by Tab"
    assert not hidden, "focus went where no one can see it:\n" + "\n".join(hidden)
    assert not unmarked, "focused without a visible focus ring:\n" + "\n".join(unmarked)


def test_text_size_control_works_and_is_remembered(vi, open_context):
    context = open_context("desktop")
    page = visit(context, vi.url("article"))
    body = page.locator(".md-content .md-typeset").first

    def size() -> float:
        return float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))

    normal = size()
    larger = page.get_by_role("button", name="A+")
    smaller = page.get_by_role("button", name="A−")
    expect(larger).to_be_visible()
    larger.click()
    larger.focus()
    page.keyboard.press("Enter")  # the keyboard works as well as the mouse
    bigger = size()
    assert bigger > normal * 1.2, (normal, bigger)

    # another page, and the same page again: the size is kept, from the first paint
    for url in (vi.url("home"), vi.url("article")):
        other = visit(context, url)
        assert other.evaluate("document.documentElement.getAttribute('data-bantin-size')") == "2"
        assert float(other.locator(".md-content .md-typeset").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)")) == bigger
        other.close()

    for _ in range(4):
        smaller.click()
    assert size() < normal
    page.reload()
    assert size() < normal
