"""The site plan, without MkDocs: what is published, the menu, the feeds, robots.txt, the statistics files."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bantin.articles import parse_article
from bantin.plan import Link, SitePlan
from bantin.settings import Settings

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SITE = "https://mayngan.example.vn/"


def article(slug: str, day: int, category: str = "Kinh tế", *, draft: bool = False, views: int = 0,
            body: str = "Nội dung.", settings: Settings = Settings()):
    text = (f"---\ntitle: Tin {slug}\ndate: {day:02d}/03/2024\nauthor: Lan\ncategory: {category}\n"
            f"views: {views}\ndraft: {str(draft).lower()}\n---\n\n{body}\n")
    parsed, problems = parse_article(text, path=f"content/tin-tuc/{slug}.md", src_uri=f"tin-tuc/{slug}.md",
                                     url=f"tin-tuc/{slug}/", tz=VN, md=settings.markdown())
    assert problems == []
    return parsed


ARTICLES = [article("a", 1), article("b", 2, "Văn hóa", views=40), article("c", 3, draft=True),
            article("d", 4, views=7)]


def test_drafts_are_withdrawn_from_a_build_and_kept_by_the_preview():
    built = SitePlan(ARTICLES, Settings())
    assert built.withdrawn == ("tin-tuc/c.md",)
    assert [a.src_uri for a in built.catalog.articles] == ["tin-tuc/d.md", "tin-tuc/b.md", "tin-tuc/a.md"]
    preview = SitePlan(ARTICLES, Settings(), serving=True)
    assert preview.withdrawn == () and len(preview.catalog) == 4


def test_menu_in_the_order_of_tt_32():
    """Home, Giới thiệu, the categories by size, the site's other pages, the archive, Dịch vụ công trực tuyến,
    Sơ đồ cổng, Liên hệ."""
    plan = SitePlan(ARTICLES, Settings())
    menu = plan.menu(["gioi-thieu.md", "index.md", "tin-tuc/a.md", "chuyen-muc/kinh-te/index.md", "lien-he.md",
                      "huong-dan.md"])
    assert menu == ["index.md", "gioi-thieu.md", "chuyen-muc/kinh-te/index.md", "chuyen-muc/van-hoa/index.md",
                    "huong-dan.md", "luu-tru/index.md", "so-do-cong/index.md", "lien-he.md"]
    services = SitePlan(ARTICLES, Settings(services_url="https://dichvucong.example.vn/")).menu(["index.md"])
    assert services[-2:] == [Link("Dịch vụ công trực tuyến", "https://dichvucong.example.vn/"), "so-do-cong/index.md"]


def test_templates_by_page_kind():
    plan = SitePlan(ARTICLES, Settings())
    assert plan.template("tin-tuc/a.md") == ("article.html", True)
    assert plan.template("chuyen-muc/kinh-te/index.md") == ("listing.html", False)
    assert plan.template("tim-kiem/index.md") == ("search.html", False)
    assert plan.template("index.md") == ("home.html", True)
    assert plan.template("gioi-thieu.md") == (None, True)


def test_feeds_need_a_site_url():
    assert SitePlan(ARTICLES, Settings()).feeds() == []
    feeds = SitePlan(ARTICLES, Settings(site_url=SITE), site_name="Mây Ngàn").feeds()
    assert [(f.rss, f.atom, f.json, [a.src_uri for a in f.articles]) for f in feeds] == [
        ("feed.xml", "atom.xml", "feed.json", ["tin-tuc/d.md", "tin-tuc/b.md", "tin-tuc/a.md"]),
        ("chuyen-muc/kinh-te/feed.xml", "chuyen-muc/kinh-te/atom.xml", None, ["tin-tuc/d.md", "tin-tuc/a.md"]),
        ("chuyen-muc/van-hoa/feed.xml", "chuyen-muc/van-hoa/atom.xml", None, ["tin-tuc/b.md"]),
    ]


def test_robots_points_to_the_sitemap_only_with_a_site_url():
    assert SitePlan([], Settings()).robots() == "User-agent: *\nAllow: /\n"
    assert SitePlan([], Settings(site_url=SITE)).robots().endswith(f"Sitemap: {SITE}sitemap.xml\n")


def test_statistics_files_carry_front_matter_views_and_the_site_baseline():
    baselines, site, shown = SitePlan(ARTICLES, Settings(views_baseline=1000, latest_count=1, most_read_count=1,
                                                        home_count=1)).stats()
    assert baselines == {"tin-tuc/d/": 7, "tin-tuc/b/": 40, "tin-tuc/a/": 0}
    assert site == 1047
    assert shown == {"tin-tuc/d/", "tin-tuc/b/"}  # the latest (d) and the most read (b)


def test_every_output_is_known_before_writing():
    outputs = {o.path: o.kind for o in SitePlan(ARTICLES, Settings(site_url=SITE)).outputs()}
    for path, kind in [("chuyen-muc/kinh-te/index.html", "category"), ("luu-tru/2024/03/index.html", "month"),
                       ("feed.json", "feed"), ("chuyen-muc/van-hoa/atom.xml", "feed"), ("sitemap.xml", "sitemap"),
                       ("404.html", "not_found"), ("search/", "search_index"), ("stats.json", "stats"), ("tim-kiem/index.html", "search")]:
        assert outputs[path] == kind


def test_default_summary_uses_the_sites_markdown():
    """With attr_list (as the sample portal has), `{: .lead }` is an attribute, never summary text."""
    settings = Settings(markdown_extensions=("attr_list",))
    body = "Đoạn mở đầu của bài.\n{: .lead }\n\nĐoạn thứ hai."
    assert article("e", 5, body=body, settings=settings).summary == "Đoạn mở đầu của bài."
    assert "{: .lead }" in article("e", 5, body=body).summary  # without the extension it is text, as Markdown says


# -- scheduled publishing ----------------------------------------------------------------------------------------

NOW = dt.datetime(2024, 3, 10, 12, 0, tzinfo=VN)


def dated(slug: str, date: str, extra: str = ""):
    text = f"---\ntitle: Tin {slug}\ndate: {date}\nauthor: Lan\n{extra}---\n\nNội dung.\n"
    parsed, problems = parse_article(text, path=f"content/tin-tuc/{slug}.md", src_uri=f"tin-tuc/{slug}.md",
                                     url=f"tin-tuc/{slug}/", tz=VN)
    assert problems == []
    return parsed


TIMED = [dated("cu", "01/03/2024 08:00"), dated("het-han", "01/02/2024", "expires: 10/03/2024 11:59\n"),
         dated("sap", "10/03/2024 12:30"), dated("sau", "15/03/2024"), dated("con-han", "02/03/2024",
                                                                               "expires: 10/03/2024 12:01\n")]


def test_a_future_article_waits_for_its_moment_and_an_expired_one_is_withdrawn():
    plan = SitePlan(TIMED, Settings(), read_at=NOW)
    assert [a.src_uri for a in plan.catalog.articles] == ["tin-tuc/con-han.md", "tin-tuc/cu.md"]
    assert set(plan.withdrawn) == {"tin-tuc/het-han.md", "tin-tuc/sap.md", "tin-tuc/sau.md"}
    assert [a.src_uri for a in plan.scheduled] == ["tin-tuc/sap.md", "tin-tuc/sau.md"]  # the next one first
    later = SitePlan(TIMED, Settings(), read_at=dt.datetime(2024, 3, 10, 12, 30, tzinfo=VN))
    assert "tin-tuc/sap.md" in later.catalog.by_src and "tin-tuc/con-han.md" not in later.catalog.by_src


def test_the_preview_shows_everything_with_its_mark():
    plan = SitePlan([*TIMED, article("nhap", 1, draft=True)], Settings(), serving=True, read_at=NOW)
    assert plan.withdrawn == () and len(plan.catalog) == 6
    marks = {a.src_uri: plan.portal.mark(a) for a in plan.catalog.articles}
    assert marks == {"tin-tuc/sau.md": "Hẹn giờ", "tin-tuc/sap.md": "Hẹn giờ", "tin-tuc/con-han.md": None,
                     "tin-tuc/cu.md": None, "tin-tuc/het-han.md": "Hết hạn", "tin-tuc/nhap.md": "Nháp"}
    assert SitePlan(TIMED, Settings(), read_at=NOW).portal.mark(TIMED[0]) is None


def test_updated_is_the_sitemaps_lastmod():
    plan = SitePlan([dated("sua", "01/03/2024 08:00", "updated: 05/03/2024 09:30\n")], Settings(), read_at=NOW)
    assert plan.portal.lastmod("tin-tuc/sua.md") == "2024-03-05T09:30:00+07:00"
    assert plan.portal.updated(plan.catalog.articles[0]) == "05/03/2024 09:30"
