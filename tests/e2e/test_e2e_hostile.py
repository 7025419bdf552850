"""The hostile corpus (tests/hostile.py: script, onerror and template strings in every field of every kind of page)
built with `python build.py build`, opened in chromium: no script from content ever runs, and search results only
lead to pages of the site. javascript: and data: links in an article's body are built apart: the build may refuse
them, and if it publishes them, following them runs nothing.

Three traps: any dialog (the injected scripts call alert), `window.__pwned` (set by the injected scripts and
handlers) and the document's title (set to PWNED by them).
"""

from __future__ import annotations

from urllib.parse import quote, urljoin, urlsplit

import lxml.html
import pytest
from playwright.sync_api import expect

from browser import serve
from conftest import write_site
from hostile import (ARTICLE_QUERY, ARTICLE_URL, BODY_LINKS, LINK_LINES, LINKS_ARTICLE, LINKS_PATH, LINKS_URL, PAGE_URL,
                     SCRIPT, SUCCESS, VALID, bantin, problem_lines)

from .support import same_origin

pytest_plugins = ["browser"]  # the `browser` marker (tests/browser.py); conftest.py adds `e2e`

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
RESULTS = ".bantin-search__results h2 a"


@pytest.fixture(scope="module")
def hostile_portal(tmp_path_factory):
    """(site folder, base URL, page kind → address under it) of the hostile corpus, built and served."""
    root = tmp_path_factory.mktemp("hostile-e2e")
    write_site(root, SUCCESS)
    built = bantin("build", cwd=root)
    assert built.returncode == 0, built.describe()
    site = root / "site"
    article = lxml.html.fromstring((site / ARTICLE_URL / "index.html").read_bytes())
    kicker = article.xpath("//*[contains(@class, 'bantin-kicker')]//a/@href")
    assert kicker, "the article page links no category"
    category = urljoin("/" + ARTICLE_URL, kicker[0]).lstrip("/")
    pages = {"home": "", "article": ARTICLE_URL, "category": category, "static": PAGE_URL, "404": "404.html",
             "search": f"tim-kiem/?q={quote(ARTICLE_QUERY)}"}
    with serve(site) as base_url:
        yield site, base_url, pages


def open_watched(context, url: str):
    """A page of `context` at `url` whose dialogs are recorded (and dismissed) from before it loads."""
    page = context.new_page()
    page.dialogs = []

    def on_dialog(dialog):
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()
    page.on("dialog", on_dialog)
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    return page


def assert_nothing_ran(page) -> None:
    page.wait_for_timeout(200)  # failed images fire onerror late
    ran = {
        "dialogs": page.dialogs,
        "window.__pwned": page.evaluate("typeof window.__pwned === 'undefined' ? null : String(window.__pwned)"),
        "title": page.title() if page.title() == "PWNED" else None,  # the injected scripts set exactly this
    }
    assert ran == {"dialogs": [], "window.__pwned": None, "title": None}, f"{page.url}: script from content ran"


def wait_for_results(page):
    results = page.locator(RESULTS)
    expect(results.first).to_be_visible()
    return results


@pytest.mark.parametrize("kind", ["home", "article", "category", "static", "search", "404"])
def test_no_script_from_content_runs(hostile_portal, open_context, kind):
    _, base_url, pages = hostile_portal
    page = open_watched(open_context("desktop"), base_url + pages[kind])
    if kind == "search":
        wait_for_results(page)
    assert_nothing_ran(page)
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    unsafe = [href[:80] for href in hrefs if urlsplit(href).scheme.lower() not in SAFE_SCHEMES]
    assert not unsafe, f"{page.url}: links that run script instead of going to a page: {unsafe}"
    if kind in ("article", "static"):
        heading = page.locator("main h1").first.inner_text()
        assert SCRIPT in heading, f"the hostile title is not shown as text: {heading!r}"


def test_links_in_an_article_body_cannot_run_script(tmp_path, open_context):
    """`[text](javascript:…)` in a body: the build refuses it on each link's line, or no click on it runs script."""
    root = tmp_path / "portal"
    write_site(root, {**VALID, **LINKS_ARTICLE})
    built = bantin("build", cwd=root)
    assert not built.timed_out and built.returncode in (0, 1), built.describe()
    if built.returncode == 1:  # refused: each link named on its line, and nothing was published
        reported = {n for n, _, _ in problem_lines(built.lines, LINKS_PATH)}
        assert set(LINK_LINES) <= reported, built.describe()
        assert not (root / "site").exists()
        return
    context = open_context("desktop")
    with serve(root / "site") as base_url:
        for text in BODY_LINKS:
            page = open_watched(context, base_url + LINKS_URL)
            link = page.locator(".bantin-body a", has_text=text)
            if link.count():  # a link left in the body must lead to a page, and following it runs nothing
                href = link.first.evaluate("a => a.href")
                assert urlsplit(href).scheme.lower() in SAFE_SCHEMES, f"{text!r} links to {href[:80]!r}"
                link.first.click(no_wait_after=True)
            else:
                expect(page.locator(".bantin-body")).to_contain_text(text)  # the words stay, as text
            assert_nothing_ran(page)
            page.close()


def test_search_results_link_only_to_the_site(hostile_portal, open_context):
    _, base_url, pages = hostile_portal
    page = open_watched(open_context("desktop"), base_url + pages["search"])
    results = wait_for_results(page)
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    elsewhere = [href[:80] for href in hrefs if not same_origin(href, base_url)]
    assert not elsewhere, f"search results that leave the site: {elsewhere}"
    titles = results.all_inner_texts()
    assert any(SCRIPT in title for title in titles), f"the hostile title is not among the results: {titles}"
    hostile = results.filter(has_text=SCRIPT).first
    hostile.click()
    page.wait_for_load_state("networkidle")
    assert same_origin(page.url, base_url) and urlsplit(page.url).path == "/" + ARTICLE_URL, page.url
    assert_nothing_ran(page)


def test_typing_the_hostile_title_into_search_runs_nothing(hostile_portal, open_context):
    """The query itself is hostile: it is put back into the page (the box, the address, the marks) as text."""
    _, base_url, pages = hostile_portal
    page = open_watched(open_context("desktop"), base_url + "tim-kiem/")
    page.get_by_role("searchbox").fill(f"{ARTICLE_QUERY} {SCRIPT} \"><img src=x onerror=alert(7)>")
    page.get_by_role("searchbox").press("Enter")
    wait_for_results(page)
    assert_nothing_ran(page)
    assert not page.errors, "\n".join(page.errors)

