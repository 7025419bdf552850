"""The site's own pages (home, Giới thiệu, …): front-matter checked like an article's, a page may have none."""

from __future__ import annotations

import unicodedata

import pytest

from bantin.messages import Messages
from bantin.pages import PageMeta, parse_page
from bantin.problems import Problem

PATH = "content/gioi-thieu.md"
SRC_URI = "gioi-thieu.md"
EN = Messages("en")
# The templates a theme has: two a page may use, and some of its own.
THEME = {"main.html", "home.html", "base.html", "404.html", "article.html", "partials/header.html"}
CHOICES = "templates a page can use: main.html, home.html"
HIDE = "must be a list of parts to hide, among: navigation, toc, footer, path, tags, feedback"
SEARCH = "must be `search: {exclude: true}` or `search: {boost: 2}`"


def page(text: str, **options):
    options.setdefault("theme_has", THEME.__contains__)
    return parse_page(text, path=PATH, src_uri=SRC_URI, say=EN, **options)


def fm(*lines: str, body: str = "Nội dung.\n") -> str:
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n\n" + body


def ok(**texts) -> tuple[PageMeta, list]:
    return PageMeta(SRC_URI, texts), []


def refused(line: int, field: str, message: str) -> tuple[None, list[Problem]]:
    return None, [Problem(PATH, line, field, message)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("# Giới thiệu\n\nThị xã Mây Ngàn.\n", ok(), id="no-front-matter"),
        pytest.param("", ok(), id="empty-file"),
        pytest.param(fm(), ok(), id="empty-front-matter"),
        pytest.param(fm("title: Giới thiệu", "subtitle: 2021", "description: Thông tin về thị xã",
                        "author: '  Ban biên tập  '"),
                     ok(title="Giới thiệu", description="Thông tin về thị xã", author="Ban biên tập", subtitle="2021"),
                     id="texts"),
        pytest.param(fm("title: ''", "description:"), ok(), id="empty-texts-are-absent"),
        pytest.param(fm("title: [Giới thiệu, Lịch sử]"),
                     refused(2, "title", "must be one piece of text, not a list or a mapping; write `title: …`"),
                     id="title-list"),
        pytest.param(fm("title: Giới thiệu", "description: {vi: Thông tin}"),
                     refused(3, "description", "must be one piece of text, not a list or a mapping; write "
                                               "`description: …`"), id="description-mapping"),
        pytest.param(fm("title: Một", "title: Hai"),
                     refused(3, "title", "the field is given twice (first on line 2); delete one, since only the last "
                                         "counts"), id="duplicate"),
        pytest.param("---\ntitle: Giới thiệu\n\nNội dung.\n",
                     refused(1, "front-matter", "not closed: add a `---` line after the last field"), id="not-closed"),
    ],
)
def test_page_front_matter(text, expected):
    assert page(text) == expected


def test_texts_are_nfc():
    title = "Giới thiệu chung"
    decomposed = unicodedata.normalize("NFD", title)
    assert decomposed != title
    assert page(fm(f"title: {decomposed}")) == ok(title=title)


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("titel: Giới thiệu", "did you mean `title`?"),
        ("descripton: Thông tin", "did you mean `description`?"),
        ("hidden: [toc]", "did you mean `hide`?"),
        ("tags: [Giới thiệu]", "known fields: title, description, author, subtitle, template, hide, search"),
    ],
)
def test_unknown_key_is_a_warning_with_a_suggestion(line, hint):
    name = line.split(":")[0]
    assert page(fm("title: Giới thiệu", line)) == (PageMeta(SRC_URI, {"title": "Giới thiệu"}), [
        Problem(PATH, 3, name, f"unknown field, ignored; {hint}", "warning")])


# -- template, hide, search --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("main.html", ok()),
        ("home.html", ok()),
        ("base.html", refused(2, "template", f"'base.html' is one of the theme's own templates, not one for a page; "
                                             f"{CHOICES}")),
        ("article.html", refused(2, "template", f"'article.html' is one of the theme's own templates, not one for a "
                                                f"page; {CHOICES}")),
        ("partials/header.html", refused(2, "template", "'partials/header.html' is one of the theme's own "
                                                        f"templates, not one for a page; {CHOICES}")),
        ("nothing.html", refused(2, "template", f"there is no template 'nothing.html'; {CHOICES}")),
        ("''", refused(2, "template", f"there is no template ''; {CHOICES}")),
        ("[main.html]", refused(2, "template", f"there is no template ['main.html']; {CHOICES}")),
    ],
)
def test_template(value, expected):
    assert page(fm(f"template: {value}")) == expected


def test_template_without_knowing_the_theme():
    assert page(fm("template: base.html"), theme_has=None) == refused(
        2, "template", f"there is no template 'base.html'; {CHOICES}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("[toc]", ok()),
        ("[navigation, toc, footer, path, tags, feedback]", ok()),
        ("[]", ok()),
        ("toc", refused(2, "hide", HIDE)),
        ("[toc, sidebar]", refused(2, "hide", HIDE)),
        ("[[toc]]", refused(2, "hide", HIDE)),
        ("{toc: true}", refused(2, "hide", HIDE)),
        ("true", refused(2, "hide", HIDE)),
    ],
)
def test_hide(value, expected):
    assert page(fm(f"hide: {value}")) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{exclude: true}", ok()),
        ("{exclude: false}", ok()),
        ("{boost: 2}", ok()),
        ("{boost: 0.5, exclude: false}", ok()),
        ("exclude", refused(2, "search", SEARCH)),
        ("{exclude: 'yes'}", refused(2, "search", SEARCH)),
        ("{exclude: 1}", refused(2, "search", SEARCH)),
        ("{boost: true}", refused(2, "search", SEARCH)),
        ("{boost: '2'}", refused(2, "search", SEARCH)),
        ("{boots: 2}", refused(2, "search", SEARCH)),
        ("[exclude]", refused(2, "search", SEARCH)),
    ],
)
def test_search(value, expected):
    assert page(fm(f"search: {value}")) == expected


def test_every_problem_of_a_page_at_once():
    text = fm("title: [Một]", "template: base.html", "hide: toc", "search: {boost: true}", "tieu_de: Một")
    meta, problems = page(text)
    assert meta is None
    assert sorted((p.line, p.field, p.severity) for p in problems) == [
        (2, "title", "error"), (3, "template", "error"), (4, "hide", "error"), (5, "search", "error"),
        (6, "tieu_de", "warning")]


# -- the body ------------------------------------------------------------------------------------------------------

FILES = {"images/ubnd.jpg", "gioi-thieu.md", "lich-su.md"}


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        pytest.param(fm("title: Giới thiệu", body="![Trụ sở](images/ubnd.jpg)\n\n![Bản đồ](images/ban-do.jpg)\n"
                                                  "Xem [lịch sử](lich-su.md), [tin](../tin-tuc/) và [cũ](cu.md).\n"),
                     [Problem(PATH, 7, "body", "image images/ban-do.jpg is not in the content folder"),
                      Problem(PATH, 8, "body", "the link to cu.md leads to no page of the portal")],
                     id="after-front-matter"),
        pytest.param("# Giới thiệu\n\n![Bản đồ](images/ban-do.jpg)\n",
                     [Problem(PATH, 3, "body", "image images/ban-do.jpg is not in the content folder")],
                     id="without-front-matter"),
        pytest.param("---\r\ntitle: Giới thiệu\r\n---\r\n\r\n[Bấm](javascript:void)\r\n",
                     [Problem(PATH, 5, "body", "javascript:void is not an allowed address; use http://, https:// or "
                                               "a path of the site")],
                     id="crlf-unsafe-link"),
    ],
)
def test_body_images_and_links(text, problems):
    assert page(text, exists=FILES.__contains__) == (None, problems)


def test_body_is_not_checked_without_a_file_list():
    assert page("![Bản đồ](images/ban-do.jpg)\n") == ok()


def test_problems_in_vietnamese():
    assert parse_page(fm("hide: toc"), path=PATH, src_uri=SRC_URI, say=Messages("vi")) == (None, [Problem(
        PATH, 2, "hide", "phải là danh sách các phần cần ẩn, trong số: navigation, toc, footer, path, tags, feedback")])
