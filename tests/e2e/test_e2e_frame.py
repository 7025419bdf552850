"""The portal's frame as TT 32/2017/TT-BTTTT asks for it, at a phone's, a tablet's and two desktops' sizes: nothing
wider than the screen (the page or its menu), the emblem and the full name in the header, the agency in every
footer, the menu's items, one skip link to the title, the first story in a phone's first screen, each article
once on the home page, the notice banner by its dates (with a fake clock), and the portal's own CSS and script
named by their content."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import yaml
from playwright.sync_api import expect

from .support import REPO, visit

pytest_plugins = ["browser"]

SCREENS = {"phone": (360, 740), "tablet": (768, 1024), "laptop": (1366, 768), "wide": (1920, 1080)}
CONFIG = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
PLUGIN = next(p["bantin"] for p in CONFIG["plugins"] if isinstance(p, dict) and "bantin" in p)
AGENCY = PLUGIN["agency"]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def context_at(browser, screen: str, **options):
    width, height = SCREENS[screen]
    return browser.new_context(viewport={"width": width, "height": height}, **options)


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("page_type", ["home", "article", "register", "document", "category"])
def test_nothing_is_wider_than_the_screen(vi, browser, screen, page_type):
    context = context_at(browser, screen)
    page = visit(context, vi.url(page_type))
    width = SCREENS[screen][0]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{page_type} scrolls sideways at {width}"
    tabs = page.locator(".md-tabs__list")
    if tabs.is_visible():  # the menu wraps: no item runs off the screen or hides behind another
        boxes = tabs.locator(".md-tabs__item").evaluate_all(
            "items => items.map(i => { const r = i.getBoundingClientRect(); return [r.left, r.right, r.top]; })")
        assert all(0 <= left and right <= width for left, right, _ in boxes), boxes
        assert page.evaluate("(l => l.scrollWidth <= l.clientWidth)(document.querySelector('.md-tabs__list'))")
    name = page.locator(".md-header__topic .md-ellipsis").first
    expect(name).to_have_text(CONFIG["site_name"])
    assert name.evaluate("n => n.scrollWidth <= n.clientWidth + 1"), "the portal's name is clipped"
    context.close()


@pytest.mark.parametrize("screen", ["laptop", "wide"])
def test_the_desktop_uses_its_width_for_content_and_boxes(vi, browser, screen):
    context = context_at(browser, screen)
    page = visit(context, vi.url("article"))
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    content = page.locator(".md-content").bounding_box()
    aside = page.locator(".bantin-aside").bounding_box()
    grid = page.locator(".md-main__inner").bounding_box()
    assert content["x"] - grid["x"] < 40, "an empty column left of the content"
    assert aside["x"] > content["x"] + content["width"] - 5
    context.close()


def test_the_header_shows_the_emblem_and_the_footer_every_field_of_the_agency(vi, browser):
    context = context_at(browser, "laptop")
    for page_type in ("home", "article", "register", "404"):
        page = visit(context, vi.url(page_type))
        logo = page.locator(".md-header .md-logo img")
        expect(logo).to_be_visible()
        assert logo.get_attribute("src").endswith("images/logo.svg")
        assert page.evaluate("document.querySelector('.md-header .md-logo img').naturalWidth") > 0
        footer = page.locator("footer.bantin-footer")
        for key in ("name", "parent", "address", "phone", "email", "responsible", "license"):
            expect(footer).to_contain_text(AGENCY[key])
        expect(footer.get_by_role("link", name="Sơ đồ cổng")).to_be_visible()
        page.close()
    context.close()


def test_the_menu_has_the_items_the_rules_list_in_their_order(vi, browser):
    context = context_at(browser, "wide")
    page = visit(context, vi.url("home"))
    items = [" ".join(t.split()) for t in page.locator(".md-tabs__item").all_inner_texts()]
    for item in ("Trang chủ", "Văn bản", "Dịch vụ công trực tuyến", "Sơ đồ cổng", "Liên hệ"):
        assert item in items, (item, items)
    assert items[0] == "Trang chủ" and items[1].startswith("Giới thiệu") and items[-1] == "Liên hệ"
    categories = page.locator(".md-tabs__link[href*='chuyen-muc/']").all_inner_texts()
    assert len(categories) >= 5
    service = page.get_by_role("link", name="Dịch vụ công trực tuyến").first
    assert service.get_attribute("href") == PLUGIN["services_url"]
    context.close()


def test_the_site_map_lists_sections_categories_documents_pages_and_years(vi, browser, link_status):
    context = context_at(browser, "laptop")
    page = visit(context, vi.url("home"))
    page.locator("footer").get_by_role("link", name="Sơ đồ cổng").click()
    expect(page.locator("main h1")).to_have_text("Sơ đồ cổng")
    for heading in ("Các mục chính", "Chuyên mục tin", "Văn bản theo loại", "Trang thông tin", "Tin bài theo năm"):
        expect(page.locator("main h2", has_text=heading)).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="Quyết định")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="Liên hệ").first).to_be_visible()
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
    local = [h for h in hrefs if h.startswith(vi.base_url)]
    assert len(local) > 20 and all(link_status(h) == 200 for h in local)
    context.close()


def test_one_skip_link_and_it_leads_to_the_title(vi, browser):
    context = context_at(browser, "laptop")
    page = visit(context, vi.url("article"))
    assert page.locator(".md-skip").count() == 0
    skip = page.locator("a.bantin-skip")
    expect(skip).to_have_count(1)
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "noi-dung"
    title = page.locator("main h1").first.bounding_box()
    assert 0 <= title["y"] < 300, "the title is not at the top of the screen after the skip link"
    context.close()


def test_on_a_phone_the_first_story_and_its_picture_are_in_the_first_screen(vi, browser):
    context = context_at(browser, "phone")
    page = visit(context, vi.url("home"))
    first = page.locator(".bantin-card").first
    title, image = first.locator(".bantin-card__title").bounding_box(), first.locator("img").bounding_box()
    assert title["y"] + title["height"] <= SCREENS["phone"][1], title
    assert image["y"] + image["height"] <= SCREENS["phone"][1] and image["width"] > 300, image
    assert page.evaluate("document.querySelector('.bantin-card img').naturalWidth") > 0
    context.close()


def test_the_home_page_lists_each_article_once(vi, browser):
    context = context_at(browser, "laptop")
    page = visit(context, vi.url("home"))
    links = page.eval_on_selector_all(
        "main a[href*='tin-tuc/'], .bantin-aside a[href*='tin-tuc/']",
        "links => links.map(a => [a.closest('[data-bantin-tab]') ? a.closest('[data-bantin-tab]').dataset.bantinTab : '', new URL(a.href).pathname])")
    seen: dict[str, str] = {}
    for tab, path in links:
        if path in seen and not (tab and seen[path] and tab != seen[path]):  # the two most-read tabs rank alike
            pytest.fail(f"{path} is listed twice on the home page")
        seen[path] = tab
    context.close()


@pytest.fixture(scope="module")
def noticed(tmp_path_factory):
    """A small portal whose notice starts tomorrow and ends the day after, served: (base URL, from, until)."""
    from browser import serve
    from conftest import article, build_site, write_site

    now = dt.datetime.now(TZ).replace(second=0, microsecond=0)
    start, until = now + dt.timedelta(days=1), now + dt.timedelta(days=2)
    root = tmp_path_factory.mktemp("notice")
    root.chmod(0o755)
    config = write_site(root / "portal", {
        "content/index.md": "---\ntitle: Trang chủ\n---\n\nXin chào.\n",
        "content/tin-tuc/2026/a.md": article(title="Một bài", date="01/11/2026", author="Ban biên tập")},
        {"notice": {"text": "Cổng tạm ngừng để bảo trì.", "from": f"{start:%d/%m/%Y %H:%M}",
                    "until": f"{until:%d/%m/%Y %H:%M}", "level": "warning"}})
    with serve(build_site(config)) as url:
        yield url, start, until


@pytest.mark.parametrize("when, shown", [("before", False), ("during", True), ("after", False)])
def test_the_notice_shows_between_its_dates_by_the_readers_clock(noticed, browser, when, shown):
    url, start, until = noticed
    moment = {"before": start - dt.timedelta(hours=1), "during": start + dt.timedelta(hours=1),
              "after": until + dt.timedelta(minutes=1)}[when]
    context = context_at(browser, "phone")
    page = context.new_page()
    page.clock.install(time=moment)
    page.goto(url + "tin-tuc/2026/a/", wait_until="networkidle")
    notice = page.locator("[data-bantin-notice]")
    expect(notice).to_have_count(1)
    if shown:
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("Cổng tạm ngừng để bảo trì.")
    else:
        expect(notice).to_be_hidden()
    context.close()


def test_the_notice_comes_and_goes_on_time_without_a_reload(noticed, browser):
    url, start, until = noticed
    context = context_at(browser, "laptop")
    page = context.new_page()
    page.clock.install(time=start - dt.timedelta(minutes=1))
    page.goto(url, wait_until="networkidle")
    notice = page.locator("[data-bantin-notice]")
    expect(notice).to_be_hidden()
    page.clock.run_for(2 * 60 * 1000)
    expect(notice).to_be_visible()
    page.clock.fast_forward(int((until - start).total_seconds() * 1000))
    page.clock.run_for(2 * 60 * 1000)
    expect(notice).to_be_hidden()
    context.close()


def test_the_portals_css_and_script_are_named_by_their_content(vi, browser):
    context = context_at(browser, "laptop")
    page = visit(context, vi.url("article"))
    css = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map(l => l.href)")
    scripts = page.eval_on_selector_all("script[src]", "s => s.map(x => x.src)")
    hashed = re.compile(r"/assets/bantin/(bantin|portal)\.[0-9a-f]{10}\.min\.(css|js)$")
    assert any(hashed.search(u) for u in css) and any(hashed.search(u) for u in scripts), (css, scripts)
    for url in [u for u in css + scripts if "/assets/bantin/" in u]:
        name = url.rsplit("/", 1)[1]
        stem, digest = name.split(".")[0], name.split(".")[1]
        source = (REPO / "theme" / "assets" / "bantin" / f"{stem}.{name.rsplit('.', 1)[1]}").read_bytes()
        import hashlib

        assert hashlib.blake2b(source, digest_size=5).hexdigest() == digest, f"{name} is not named by its content"
    context.close()
