"""The Catalog: order, groups, neighbours, related articles and the figures of the statistics box."""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

from bantin.articles import Article
from bantin.catalog import Catalog, Group, SiteStats

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def make(name: str, when: str, *, title: str | None = None, authors=("Hoàng Thị Lan",), category=None, tags=(),
         views=0, featured=False) -> Article:
    return Article(
        src_uri=f"tin-tuc/{name}.md", url=f"tin-tuc/{name}/", title=title or name,
        date=dt.datetime.fromisoformat(when).replace(tzinfo=VN), authors=tuple(authors), category=category,
        tags=tuple(tags), views=views, summary="", image=None, image_alt=None, draft=False, featured=featured,
    )


def names(articles) -> list[str]:
    return [a.src_uri.removeprefix("tin-tuc/").removesuffix(".md") for a in articles]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- order -----------------------------------------------------------------------------------------------------

def test_newest_first_whatever_the_input_order():
    a = make("a", "2021-12-20 08:00")
    b = make("b", "2021-12-28 08:30")
    c = make("c", "2022-01-05 07:00")
    d = make("d", "2021-12-28 08:00")
    assert names(Catalog([a, b, c, d]).articles) == ["c", "b", "d", "a"]
    assert names(Catalog([d, c, b, a]).articles) == ["c", "b", "d", "a"]


def test_same_moment_has_one_stable_order():
    same = [make(n, "2021-12-28 08:30") for n in ("x", "m", "a")]
    assert names(Catalog(same).articles) == names(Catalog(reversed(same)).articles)
    assert sorted(names(Catalog(same).articles)) == ["a", "m", "x"]


def test_latest():
    catalog = Catalog([make(n, f"2021-12-{d} 08:00") for n, d in (("a", 10), ("b", 12), ("c", 11))])
    assert names(catalog.latest(2)) == ["b", "c"]
    assert names(catalog.latest(10)) == ["b", "c", "a"]
    assert len(catalog) == 3


def test_featured_newest_first():
    catalog = Catalog([make("a", "2021-12-10", featured=True), make("b", "2021-12-12"),
                       make("c", "2021-12-11", featured=True)])
    assert names(catalog.featured) == ["c", "a"]


def test_empty_catalog():
    catalog = Catalog([], views_baseline=626000)
    assert (len(catalog), catalog.latest(5), catalog.featured, catalog.most_read) == (0, (), (), ())
    assert catalog.stats == SiteStats(None, None, None, 626000)


# -- older / newer -------------------------------------------------------------------------------------------

def test_older_and_newer():
    a, b, c = make("a", "2021-12-20"), make("b", "2021-12-28 08:30"), make("c", "2022-01-05")
    catalog = Catalog([b, c, a])
    assert (catalog.older(b), catalog.newer(b)) == (a, c)
    assert (catalog.older(a), catalog.newer(a)) == (None, b)
    assert (catalog.older(c), catalog.newer(c)) == (b, None)


# -- groups ----------------------------------------------------------------------------------------------------

def test_category_spelled_nfd_nfc_and_in_capitals_is_one_group():
    newest = make("newest", "2021-12-30", category="Xây dựng Đảng")
    middle = make("middle", "2021-12-20", category=nfd("Xây dựng Đảng"))
    oldest = make("oldest", "2021-12-10", category="xây dựng đảng")
    other = make("other", "2021-12-15", category="Kinh tế")
    catalog = Catalog([oldest, other, middle, newest])
    assert catalog.categories == {
        "xay-dung-dang": Group("category", "xay-dung-dang", "Xây dựng Đảng", (newest, middle, oldest)),
        "kinh-te": Group("category", "kinh-te", "Kinh tế", (other,)),
    }
    assert catalog.category_of(oldest) is catalog.categories["xay-dung-dang"]
    assert catalog.category_of(make("none", "2021-12-01")) is None


def test_tags_spelled_differently_are_one_group():
    a = make("a", "2021-12-30", tags=["Sa Pa", "Du lịch"])
    b = make("b", "2021-12-20", tags=[nfd("sa pa")])
    c = make("c", "2021-12-10", tags=["SA PA", nfd("Du lịch")])
    catalog = Catalog([c, b, a])
    assert catalog.tags == {
        "sa-pa": Group("tag", "sa-pa", "Sa Pa", (a, b, c)),
        "du-lich": Group("tag", "du-lich", "Du lịch", (a, c)),
    }
    assert catalog.tags_of(c) == [catalog.tags["sa-pa"], catalog.tags["du-lich"]]
    assert catalog.tags_of(b) == [catalog.tags["sa-pa"]]


def test_authors_grouped():
    a = make("a", "2021-12-30", authors=["Hoàng Thị Lan", "Lò Văn Páo"])
    b = make("b", "2021-12-20", authors=[nfd("Hoàng Thị Lan")])
    catalog = Catalog([a, b])
    assert catalog.authors == {
        "hoang-thi-lan": Group("author", "hoang-thi-lan", "Hoàng Thị Lan", (a, b)),
        "lo-van-pao": Group("author", "lo-van-pao", "Lò Văn Páo", (a,)),
    }
    assert catalog.authors_of(a) == [catalog.authors["hoang-thi-lan"], catalog.authors["lo-van-pao"]]


# -- related ---------------------------------------------------------------------------------------------------

def test_related_shared_tags_first_then_category_then_date():
    own = make("own", "2021-12-28", category="Chính trị", tags=["Dân vận", "Giảm nghèo"])
    two_tags = make("two-tags", "2021-06-01", category="Kinh tế", tags=["Giảm nghèo", "Dân vận"])
    tag_and_category = make("tag-and-category", "2021-10-01", category="Chính trị", tags=["Dân vận"])
    tag_far = make("tag-far", "2021-09-01", category="Kinh tế", tags=["Giảm nghèo"])
    tag_near = make("tag-near", "2021-12-27", category="Văn hóa", tags=["Dân vận"])
    category_only = make("category-only", "2021-12-29", category="Chính trị")
    unrelated = make("unrelated", "2021-12-28 09:00", category="Thể thao", tags=["Bóng đá"])
    catalog = Catalog([unrelated, category_only, tag_near, tag_far, tag_and_category, two_tags, own])
    assert names(catalog.related(own, 10)) == [
        "two-tags", "tag-and-category", "tag-near", "tag-far", "category-only",
    ]
    assert names(catalog.related(own, 2)) == ["two-tags", "tag-and-category"]


def test_related_matches_tags_across_spellings():
    own = make("own", "2021-12-28", tags=["Giảm nghèo"])
    other = make("other", "2021-12-01", tags=[nfd("giảm nghèo")])
    assert Catalog([own, other]).related(own, 5) == [other]


def test_related_never_lists_the_article_itself_and_may_be_empty():
    lonely = make("lonely", "2021-12-28", category="Chính trị", tags=["Dân vận"])
    stranger = make("stranger", "2021-12-27", category="Kinh tế", tags=["Giảm nghèo"])
    catalog = Catalog([lonely, stranger])
    assert catalog.related(lonely, 5) == []
    assert catalog.related(stranger, 5) == []


# -- views and statistics -----------------------------------------------------------------------------------------

def test_stats_all_time_is_baseline_plus_every_articles_views():
    catalog = Catalog([make("a", "2021-12-20", views=1228), make("b", "2021-12-21", views=300),
                       make("c", "2021-12-22")], views_baseline=626000)
    assert catalog.stats == SiteStats(online=None, today=None, week=None, all_time=627528)


def test_most_read_and_views():
    a = make("a", "2021-12-20", views=300)
    b = make("b", "2021-12-21", views=1228)
    c = make("c", "2021-12-22", views=300)
    d = make("d", "2021-12-23", views=0)
    catalog = Catalog([a, b, c, d])
    assert names(catalog.most_read) == ["b", "a", "c", "d"]
    assert [catalog.views(x) for x in (a, b, c, d)] == [300, 1228, 300, 0]
