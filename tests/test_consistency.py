"""Warnings about what is valid in each file but wrong across files: one category or tag spelled several ways,
two articles with the same title."""

from __future__ import annotations

import unicodedata
from zoneinfo import ZoneInfo

from bantin.articles import Article, parse_article
from bantin.catalog import consistency
from bantin.messages import Messages
from bantin.problems import Problem

VN = ZoneInfo("Asia/Ho_Chi_Minh")
EN = Messages("en")
FOLDER = "tin-tuc/2021"


def article(name: str, title: str, category: str | None = None, tags: tuple[str, ...] = (),
            day: int = 1) -> Article:
    """A real Article read from a file: title on line 2, category on line 6, tags on line 8."""
    text = (f"---\ntitle: {title}\ndate: {day:02d}/12/2021\nauthor: Lan\n# phân loại\n"
            f"category: {category or ''}\n\ntags: [{', '.join(tags)}]\n---\n\nNội dung.\n")
    found, problems = parse_article(text, path=path(name), src_uri=f"{FOLDER}/{name}.md", url=f"{FOLDER}/{name}/",
                                    tz=VN)
    assert problems == [] and found is not None
    return found


def path(name: str) -> str:
    return f"content/{FOLDER}/{name}.md"


def check(articles: list[Article], say: Messages = EN) -> list[Problem]:
    paths = {a.src_uri: path(a.src_uri.rsplit("/", 1)[1].removesuffix(".md")) for a in articles}
    return sorted(consistency(articles, paths, say), key=lambda p: (p.field, p.path))


def spelling(name: str, line: int, field: str, message: str) -> Problem:
    return Problem(path(name), line, field, message, "warning")


def test_a_category_spelled_three_ways():
    articles = [article("a", "Một", "Kinh tế"), article("b", "Hai", "Kinh tế"), article("c", "Ba", "kinh tế"),
                article("d", "Bốn", "Kinh te"), article("e", "Năm", "Văn hóa")]
    listed = '"Kinh tế" (2), "kinh tế" (1), "Kinh te" (1)'
    assert check(articles) == [
        spelling("c", 6, "category", f'Category "Kinh tế" is spelled in several ways: {listed}; use one spelling'),
        spelling("d", 6, "category", f'Category "Kinh tế" is spelled in several ways: {listed}; use one spelling'),
    ]


def test_a_tag_spelled_three_ways():
    articles = [article("a", "Một", tags=("Nông thôn mới", "Dân vận")), article("b", "Hai", tags=("nông thôn mới",)),
                article("c", "Ba", tags=("Nông thôn mới",)), article("d", "Bốn", tags=("Nong thon moi", "Dân vận"))]
    listed = '"Nông thôn mới" (2), "nông thôn mới" (1), "Nong thon moi" (1)'
    assert check(articles) == [
        spelling("b", 8, "tags", f'Tag "Nông thôn mới" is spelled in several ways: {listed}; use one spelling'),
        spelling("d", 8, "tags", f'Tag "Nông thôn mới" is spelled in several ways: {listed}; use one spelling'),
    ]


def test_on_a_tie_the_spelling_with_its_diacritics_and_capitals_is_the_usual_one():
    articles = [article("a", "Một", "Kinh te"), article("b", "Hai", "Kinh tế"), article("c", "Ba", "kinh tế")]
    listed = '"Kinh te" (1), "Kinh tế" (1), "kinh tế" (1)'
    message = f'Category "Kinh tế" is spelled in several ways: {listed}; use one spelling'
    assert check(articles) == [spelling("a", 6, "category", message), spelling("c", 6, "category", message)]


def test_one_spelling_typed_decomposed_is_the_same_spelling():
    decomposed = unicodedata.normalize("NFD", "Kinh tế")
    assert decomposed != "Kinh tế"
    assert check([article("a", "Một", "Kinh tế", ("Dân vận",)),
                  article("b", "Hai", decomposed, (unicodedata.normalize("NFD", "Dân vận"),))]) == []


def test_different_names_are_not_variants():
    """A category and a tag of the same name are two listings; `Kinh tế số` is not `Kinh tế`."""
    assert check([article("a", "Một", "Kinh tế", ("Kinh tế số",)), article("b", "Hai", "Kinh tế số", ("Kinh tế",)),
                  article("c", "Ba", "Văn hóa", ("Văn hoá",))]) == []


def test_old_and_new_tone_mark_placement_are_variants():
    """`hóa` and `hoá` are one word in two orthographies: one listing, so one spelling is asked for."""
    assert "Văn hóa" != "Văn hoá"
    articles = [article("a", "Một", "Văn hóa"), article("b", "Hai", "Văn hóa"), article("c", "Ba", "Văn hoá")]
    assert check(articles) == [spelling("c", 6, "category", 'Category "Văn hóa" is spelled in several ways: '
                                                            '"Văn hóa" (2), "Văn hoá" (1); use one spelling')]


def test_same_title_in_any_case():
    articles = [article("b", "Hội nghị tổng kết năm 2021"), article("a", "HỘI NGHỊ TỔNG KẾT NĂM 2021"),
                article("c", "hội nghị tổng kết năm 2021"), article("d", "Hội nghị tổng kết năm 2022")]
    assert check(articles) == [
        spelling("b", 2, "title", f"has the same title as {path('a')}"),
        spelling("c", 2, "title", f"has the same title as {path('a')}"),
    ]


def test_everything_at_once_in_vietnamese():
    articles = [article("a", "Tin", "Kinh tế", ("Dân vận",)), article("b", "tin", "kinh tế", ("dân vận",)),
                article("c", "Khác", "Kinh tế", ("Dân vận",))]
    assert check(articles, Messages("vi")) == [
        spelling("b", 6, "category", 'Chuyên mục "Kinh tế" được viết nhiều cách: "Kinh tế" (2), "kinh tế" (1); hãy '
                                     'thống nhất một cách viết'),
        spelling("b", 8, "tags", 'Từ khóa "Dân vận" được viết nhiều cách: "Dân vận" (2), "dân vận" (1); hãy thống '
                                 'nhất một cách viết'),
        spelling("b", 2, "title", f"trùng tiêu đề với {path('a')}"),
    ]


def test_paths_fall_back_to_the_source():
    articles = [article("a", "Tin"), article("b", "Tin")]
    assert consistency(articles, {}, EN) == [
        Problem(f"{FOLDER}/b.md", 2, "title", f"has the same title as {FOLDER}/a.md", "warning")]


def test_a_consistent_site_has_no_warning():
    assert check([article("a", "Một", "Kinh tế", ("Dân vận",)), article("b", "Hai", "Kinh tế", ("Dân vận",))]) == []
