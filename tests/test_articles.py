"""The editors' contract: front-matter → Article, or every problem with its line and field."""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

import pytest

from bantin.articles import FIELDS, Article, first_paragraph, parse_article
from bantin.problems import Problem

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PATH = "content/tin-tuc/2021/cong-tac-dan-van.md"
SRC_URI = "tin-tuc/2021/cong-tac-dan-van.md"
URL = "tin-tuc/2021/cong-tac-dan-van/"

# The shortest valid front-matter; line 1 is `---`, so title is line 2, date 3, author 4.
VALID = "---\ntitle: Công tác dân vận\ndate: 28/12/2021 08:30\nauthor: Hoàng Thị Lan\n"


def parse(text: str, tz: dt.tzinfo = VN):
    return parse_article(text, path=PATH, src_uri=SRC_URI, url=URL, tz=tz)


def valid(extra: str = "", body: str = "Nội dung.") -> str:
    """VALID plus `extra` lines (starting at line 5), closed, then the body."""
    return f"{VALID}{extra}---\n\n{body}\n"


def parsed(text: str, tz: dt.tzinfo = VN) -> Article:
    article, problems = parse(text, tz)
    assert problems == []
    assert article is not None
    return article


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- a complete article ----------------------------------------------------------------------------------

def test_every_field_read_into_the_article():
    text = (
        "---\n"
        "title: Công tác dân vận năm 2021\n"
        "date: 28/12/2021 08:30\n"
        "author: Hoàng Thị Lan\n"
        "category: Chính trị\n"
        "tags: [Dân vận, Giảm nghèo]\n"
        "views: 1228\n"
        "summary: Tổng kết công tác dân vận năm 2021.\n"
        "image: images/dan-van.jpg\n"
        "image_alt: Hội nghị tổng kết\n"
        "draft: true\n"
        "featured: true\n"
        "---\n"
        "\n"
        "Chiều 27/12, Ban Dân vận tổ chức hội nghị.\n"
    )
    assert parse(text) == (
        Article(
            src_uri=SRC_URI,
            url=URL,
            title="Công tác dân vận năm 2021",
            date=dt.datetime(2021, 12, 28, 8, 30, tzinfo=VN),
            authors=("Hoàng Thị Lan",),
            category="Chính trị",
            tags=("Dân vận", "Giảm nghèo"),
            views=1228,
            summary="Tổng kết công tác dân vận năm 2021.",
            image="images/dan-van.jpg",
            image_alt="Hội nghị tổng kết",
            draft=True,
            featured=True,
        ),
        [],
    )


def test_defaults_of_optional_fields():
    article = parsed(valid(body="Chiều 27/12, Ban Dân vận tổ chức hội nghị."))
    assert (article.category, article.tags, article.views, article.image, article.image_alt,
            article.draft, article.featured) == (None, (), 0, None, None, False, False)
    assert article.summary == "Chiều 27/12, Ban Dân vận tổ chức hội nghị."


def test_title_and_names_are_trimmed():
    article = parsed("---\ntitle: '  Công tác dân vận  '\ndate: 28/12/2021\nauthor: ' Hoàng Thị Lan '\n---\n")
    assert (article.title, article.authors) == ("Công tác dân vận", ("Hoàng Thị Lan",))


def test_numeric_title_is_text():
    assert parsed("---\ntitle: 2021\ndate: 28/12/2021\nauthor: Lan\n---\n").title == "2021"


def test_theme_fields_are_allowed():
    article, problems = parse(valid("template: article.html\nhide: [toc]\n"))
    assert problems == []
    assert article.title == "Công tác dân vận"


# -- dates -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2021-12-28", "2021-12-28T00:00:00+07:00"),  # YAML reads it as a date
        ("'2021-12-28'", "2021-12-28T00:00:00+07:00"),  # quoted: text
        ("2021-12-28 08:30", "2021-12-28T08:30:00+07:00"),
        ("28/12/2021", "2021-12-28T00:00:00+07:00"),
        ("28/12/2021 08:30", "2021-12-28T08:30:00+07:00"),
        ("'28/12/2021 08:30'", "2021-12-28T08:30:00+07:00"),
        ("2021-12-28 08:30:15", "2021-12-28T08:30:15+07:00"),  # YAML reads it as a naive datetime
        ("2021-12-28T01:30:00Z", "2021-12-28T08:30:00+07:00"),  # an explicit zone is converted
        ("05/01/2022 07:00", "2022-01-05T07:00:00+07:00"),  # day first, never month first
    ],
)
def test_date_forms(written, expected):
    article = parsed(f"---\ntitle: Tin\ndate: {written}\nauthor: Lan\n---\n")
    assert article.date == dt.datetime.fromisoformat(expected)
    assert article.date.isoformat() == expected
    assert article.date.tzinfo == VN


def test_date_in_configured_time_zone():
    paris = ZoneInfo("Europe/Paris")
    article = parsed("---\ntitle: Tin\ndate: 28/12/2021 08:30\nauthor: Lan\n---\n", tz=paris)
    assert article.date.isoformat() == "2021-12-28T08:30:00+01:00"
    assert article.date.tzinfo == paris


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("hôm qua", "'hôm qua'"),
        ("28/12/21", "'28/12/21'"),
        ("[2021, 12, 28]", "'[2021, 12, 28]'"),
    ],
)
def test_unreadable_date(written, shown):
    article, problems = parse(f"---\ntitle: Tin\ndate: {written}\nauthor: Lan\n---\n")
    assert article is None
    assert problems == [Problem(PATH, 3, "date", f"cannot read {shown} as a date; write 28/12/2021, "
                                "28/12/2021 08:30, 2021-12-28 or 2021-12-28 08:30")]


@pytest.mark.parametrize("written", [
    "31/02/2021", "12/28/2021",  # month first is not a Vietnamese date
    "2021-12-28 25:00", "2021-02-31", "0000-01-01", "2021-01-01 25:00:00", "2021-01-01T10:00:00+25:00",
    "!!timestamp 2021-13-01", "2021-12-28T08:30:00+24:00",
])
def test_date_that_is_not_real(written):
    """YAML itself reads most of these, then fails while building a date: each is an editor's message."""
    article, problems = parse(f"---\ntitle: Tin\ndate: {written}\nauthor: Lan\n---\n")
    assert article is None
    shown = written.removeprefix("!!timestamp ")
    assert problems == [Problem(PATH, 3, "date", f"'{shown}' is not a real date and time; check the day, month, "
                                "hour and offset")]


@pytest.mark.parametrize(("written", "message"), [
    ("01/01/1899", "'01/01/1899' is outside the years 1900–9999; check the year"),
    ("1899-12-31", "'1899-12-31' is outside the years 1900–9999; check the year"),
    ("01/01/10000", "cannot read '01/01/10000' as a date; write 28/12/2021, 28/12/2021 08:30, 2021-12-28 or "
                    "2021-12-28 08:30"),
])
def test_date_outside_the_years_a_portal_can_mean(written, message):
    article, problems = parse(f"---\ntitle: Tin\ndate: {written}\nauthor: Lan\n---\n")
    assert article is None
    assert problems == [Problem(PATH, 3, "date", message)]


def test_date_near_the_end_of_time_in_another_zone():
    """9999-12-31 23:00 at -05:00 is year 10000 in Hà Nội: refused, not an OverflowError."""
    article, problems = parse("---\ntitle: Tin\ndate: 9999-12-31T23:00:00-05:00\nauthor: Lan\n---\n")
    assert article is None and [(p.line, p.field) for p in problems] == [(3, "date")]


@pytest.mark.parametrize("line", ["", "date:\n", "date: ''\n"])
def test_missing_date(line):
    text = f"---\ntitle: Tin\n{line}author: Lan\n---\n"
    article, problems = parse(text)
    assert article is None
    # Present but empty: the error points at the `date:` line; absent: at the opening `---`.
    expected_line = 3 if line else 1
    assert problems == [Problem(PATH, expected_line, "date",
                                "required field is missing: add a line `date: 28/12/2021 08:30`")]


# -- title, author, category -------------------------------------------------------------------------------

def test_missing_title():
    article, problems = parse("---\ndate: 28/12/2021\nauthor: Lan\n---\n")
    assert article is None
    assert problems == [Problem(PATH, 1, "title", "required field is missing: add a line `title: Tiêu đề bài viết`")]


def test_title_that_is_a_list():
    article, problems = parse("---\ntitle: [Một, Hai]\ndate: 28/12/2021\nauthor: Lan\n---\n")
    assert article is None
    assert problems == [Problem(PATH, 2, "title",
                                "must be one piece of text, not a list or a mapping; write `title: Tiêu đề bài viết`")]


def test_missing_author():
    article, problems = parse("---\ntitle: Tin\ndate: 28/12/2021\n---\n")
    assert article is None
    assert problems == [Problem(PATH, 1, "author", "required field is missing: add a line `author: Họ Tên`")]


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("authors: [Hoàng Thị Lan, Lò Văn Páo]", ("Hoàng Thị Lan", "Lò Văn Páo")),
        ("authors:\n  - Hoàng Thị Lan\n  - Lò Văn Páo", ("Hoàng Thị Lan", "Lò Văn Páo")),
        ("authors: Hoàng Thị Lan, Lò Văn Páo", ("Hoàng Thị Lan", "Lò Văn Páo")),
        ("authors: [Hoàng Thị Lan, Hoàng Thị Lan]", ("Hoàng Thị Lan",)),
    ],
)
def test_authors_list(line, authors):
    assert parsed(f"---\ntitle: Tin\ndate: 28/12/2021\n{line}\n---\n").authors == authors


def test_author_and_authors_both():
    text = "---\ntitle: Tin\ndate: 28/12/2021\nauthor: Lan\nauthors: [Lan, Páo]\n---\n"
    article, problems = parse(text)
    assert article is None
    assert problems == [Problem(PATH, 5, "authors", "use either `author:` (one name) or `authors:` (a list), not both")]


def test_author_that_is_a_list():
    article, problems = parse("---\ntitle: Tin\ndate: 28/12/2021\nauthor: [Lan, Páo]\n---\n")
    assert article is None
    assert [(p.line, p.field, p.severity) for p in problems] == [(4, "author", "error")]
    assert problems[0].message.startswith("must be one piece of text, not a list")


def test_category_that_is_a_list():
    article, problems = parse(valid("category: [Chính trị, Kinh tế]\n"))
    assert article is None
    assert problems == [Problem(PATH, 5, "category",
                                "must be one piece of text, not a list or a mapping; write `category: Tin tức`")]


# -- tags ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("tags: [Dân vận, Giảm nghèo]", ("Dân vận", "Giảm nghèo")),
        ("tags:\n  - Dân vận\n  - Giảm nghèo", ("Dân vận", "Giảm nghèo")),
        ("tags: Dân vận, Giảm nghèo", ("Dân vận", "Giảm nghèo")),
        ("tags: ' Dân vận ,, Giảm nghèo , '", ("Dân vận", "Giảm nghèo")),
        ("tags: Dân vận", ("Dân vận",)),
        ("tags: [Dân vận, Giảm nghèo, Dân vận]", ("Dân vận", "Giảm nghèo")),
        ("tags: Giảm nghèo, Dân vận, Giảm nghèo", ("Giảm nghèo", "Dân vận")),
        ("tags: [2021, COVID-19]", ("2021", "COVID-19")),
        ("tags: []", ()),
        ("tags:", ()),
    ],
)
def test_tags(line, tags):
    assert parsed(valid(line + "\n")).tags == tags


def test_tags_that_are_a_mapping():
    article, problems = parse(valid("tags:\n  chính trị: 1\n"))
    assert article is None
    assert problems == [Problem(PATH, 5, "tags", "must be a list (`tags: [a, b]`) or text separated by commas")]


# -- NFC normalization --------------------------------------------------------------------------------------

def test_nfd_input_becomes_nfc():
    title, author, category = "Đảng bộ thị xã", "Nguyễn Thị Hương", "Xây dựng Đảng"
    text = f"---\ntitle: {nfd(title)}\ndate: 28/12/2021\nauthor: {nfd(author)}\ncategory: {nfd(category)}\n---\n"
    assert nfd(title) != title  # the fixture really is decomposed
    article = parsed(text)
    assert (article.title, article.authors, article.category) == (title, (author,), category)


def test_same_tag_typed_nfd_and_nfc_is_one_tag():
    tag = "Đảng"
    article = parsed(valid(f"tags: [{nfd(tag)}, {tag}, Giảm nghèo]\n"))
    assert article.tags == (tag, "Giảm nghèo")
    assert unicodedata.is_normalized("NFC", article.tags[0])


def test_nfd_and_nfc_tags_from_two_files_are_equal():
    first = parsed(valid(f"tags: [{nfd('Giảm nghèo')}]\n"))
    second = parsed(valid("tags: Giảm nghèo\n"))
    assert first.tags == second.tags == ("Giảm nghèo",)


# -- views ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "views"), [("", 0), ("views: 0\n", 0), ("views: 1228\n", 1228), ("views:\n", 0)])
def test_views(line, views):
    assert parsed(valid(line)).views == views


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "-5 is negative; a view count is 0 or more"),
        ("'1228'", "'1228' is not a whole number; write digits only, e.g. `views: 177`"),
        ("nhiều", "'nhiều' is not a whole number; write digits only, e.g. `views: 177`"),
        ("1.228", "1.228 is not a whole number; write digits only, e.g. `views: 177`"),
        ("true", "True is not a whole number; write digits only, e.g. `views: 177`"),
    ],
)
def test_bad_views(value, message):
    article, problems = parse(valid(f"views: {value}\n"))
    assert article is None
    assert problems == [Problem(PATH, 5, "views", message)]


# -- summary -------------------------------------------------------------------------------------------------

def test_summary_given():
    article = parsed(valid("summary: Một câu tóm tắt.\n", body="Đoạn đầu của bài."))
    assert article.summary == "Một câu tóm tắt."


def test_default_summary_is_first_paragraph_plain_text():
    body = (
        "# Một tiêu đề trong bài\n\n"
        "Chiều 27/12, *Ban Dân vận* tổ chức **hội nghị** tại [Hội trường](https://mayngan.example.vn/) "
        "với `100` đại biểu & khách mời.\nDòng thứ hai của đoạn.\n\n"
        "Đoạn thứ hai."
    )
    assert parsed(valid(body=body)).summary == (
        "Chiều 27/12, Ban Dân vận tổ chức hội nghị tại Hội trường với 100 đại biểu & khách mời. "
        "Dòng thứ hai của đoạn."
    )


def test_default_summary_skips_images_lists_and_quotes():
    body = "![Ảnh hội nghị](images/a.jpg)\n\n- một\n- hai\n\n> trích dẫn\n\n1. mục\n\nĐoạn văn thật."
    assert parsed(valid(body=body)).summary == "Đoạn văn thật."


@pytest.mark.parametrize(
    ("paragraph", "summary"),
    [
        # A news lead usually opens with a bold dateline or place.
        ("**Sáng 28/12**, UBND thị xã tổ chức hội nghị.", "Sáng 28/12, UBND thị xã tổ chức hội nghị."),
        ("*(Mây Ngàn)* - Sáng 28/12, thị xã tổ chức hội nghị.", "(Mây Ngàn) - Sáng 28/12, thị xã tổ chức hội nghị."),
        ("[UBND thị xã](https://mayngan.example.vn/) tổ chức hội nghị.", "UBND thị xã tổ chức hội nghị."),
    ],
    ids=["bold", "emphasis", "link"],
)
def test_default_summary_when_first_paragraph_opens_with_markup(paragraph, summary):
    assert parsed(valid(body=f"{paragraph}\n\nĐoạn thứ hai.")).summary == summary


def test_default_summary_of_long_paragraph_is_cut_at_a_word():
    body = " ".join(["từ"] * 100) + "."
    summary = parsed(valid(body=body)).summary
    assert summary == " ".join(["từ"] * 83) + "…"


def test_default_summary_of_empty_body():
    assert parsed(valid(body="")).summary == ""


def test_first_paragraph_limit():
    assert first_paragraph("Một hai ba bốn năm.", limit=12) == "Một hai ba…"


# -- image -------------------------------------------------------------------------------------------------

def test_image_without_alt():
    article, problems = parse(valid("image: images/dan-van.jpg\n"))
    assert article is None
    assert problems == [Problem(PATH, 1, "image_alt", "an image needs a description for readers who cannot see "
                                "it: add `image_alt: …`")]


def test_image_with_alt():
    article = parsed(valid("image: images/dan-van.jpg\nimage_alt: Hội nghị\n"))
    assert (article.image, article.image_alt) == ("images/dan-van.jpg", "Hội nghị")


# -- draft and featured ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "flag"), [("true", True), ("false", False), ("yes", True), ("", False)])
@pytest.mark.parametrize("field", ["draft", "featured"])
def test_flags(field, value, flag):
    assert getattr(parsed(valid(f"{field}: {value}\n")), field) is flag


@pytest.mark.parametrize("field", ["draft", "featured"])
def test_flag_that_is_not_a_boolean(field):
    article, problems = parse(valid(f"{field}: có\n"))
    assert article is None
    assert problems == [Problem(PATH, 5, field, "must be true or false, not 'có'")]


# -- unknown fields --------------------------------------------------------------------------------------------

def test_unknown_field_warns_with_suggestion():
    article, problems = parse(valid("catgory: Chính trị\n"))
    assert problems == [Problem(PATH, 5, "catgory", "unknown field, ignored; did you mean `category`?", "warning")]
    # A warning, not an error: the article is still read, without the misspelled field.
    assert article is not None and article.category is None


@pytest.mark.parametrize(("key", "suggestion"), [("titel", "title"), ("tag", "tags"), ("autor", "author"),
                                                  ("image-alt", "image_alt"), ("view", "views")])
def test_unknown_field_suggestions(key, suggestion):
    _, problems = parse(valid(f"{key}: x\n"))
    assert problems == [Problem(PATH, 5, key, f"unknown field, ignored; did you mean `{suggestion}`?", "warning")]


def test_unknown_field_without_close_match_lists_known_fields():
    _, problems = parse(valid("xyz: 1\n"))
    assert problems == [Problem(PATH, 5, "xyz", "unknown field, ignored; known fields: " + ", ".join(FIELDS),
                                "warning")]


# -- file-level errors -----------------------------------------------------------------------------------------

def test_missing_front_matter():
    article, problems = parse("# Công tác dân vận\n\ntitle: Tin\n")
    assert article is None
    assert problems == [Problem(PATH, 1, "front-matter", "missing: start the file with a `---` line, then `title:`, "
                                "`date:` and `author:`, then another `---` line")]


def test_front_matter_not_closed():
    article, problems = parse("---\ntitle: Tin\ndate: 28/12/2021\nauthor: Lan\n\nNội dung.\n")
    assert article is None
    assert problems == [Problem(PATH, 1, "front-matter", "not closed: add a `---` line after the last field")]


def test_front_matter_not_a_mapping():
    article, problems = parse("---\n- Tin\n- 28/12/2021\n---\n")
    assert article is None
    assert problems == [Problem(PATH, 2, "front-matter", "must be a list of `field: value` lines")]


YAML_HINT = 'put text that contains ":" or "#" or starts with a quote between double quotes'


@pytest.mark.parametrize(
    ("extra", "line", "field", "problem"),
    [
        # The parser's own words (libyaml's), then the hint an editor acts on.
        ("summary: Hội nghị: tổng kết năm\n", 5, "summary", "mapping values are not allowed in this context"),
        ("category: Chính trị\nsummary: Hội nghị: tổng kết năm\n", 6, "summary",
         "mapping values are not allowed in this context"),
        ("tags: [a, b]]\n", 5, "tags", "did not find expected key"),
        ("summary: \"Nói \"không\" với rác thải\"\n", 5, "summary", "did not find expected key"),
    ],
)
def test_yaml_syntax_error_line(extra, line, field, problem):
    article, problems = parse(valid(extra))
    assert article is None
    assert problems == [Problem(PATH, line, field, f"YAML syntax error ({problem}); {YAML_HINT}")]


def test_yaml_syntax_error_line_after_a_blank_line():
    article, problems = parse("---\n\ntitle: Tin\ndate: 28/12/2021\nauthor: Lan\nsummary: Hội nghị: tổng kết\n---\n")
    assert problems == [Problem(PATH, 6, "summary", f"YAML syntax error (mapping values are not allowed in this context); {YAML_HINT}")]


def test_yaml_error_of_an_unclosed_quote_points_at_its_field():
    # The quote opened on line 2 is never closed; YAML only notices at the end of the front-matter.
    article, problems = parse("---\ntitle: \"Hội nghị tổng kết\ndate: 28/12/2021\nauthor: Lan\n---\nNội dung.\n")
    assert article is None
    assert [(p.line, p.field) for p in problems] == [(2, "title")]
    assert problems[0].message.startswith("YAML syntax error (")


def test_lines_counted_the_same_with_windows_line_ends():
    text = "---\r\ntitle: Tin\r\ndate: 28/12/2021\r\nauthor: Lan\r\nviews: -1\r\n---\r\nNội dung.\r\n"
    assert parse(text) == (None, [Problem(PATH, 5, "views", "-1 is negative; a view count is 0 or more")])


def test_every_problem_of_a_file_at_once():
    text = (
        "---\n"                      # 1
        "date: 31/02/2021\n"         # 2
        "author: Hoàng Thị Lan\n"    # 3
        "catgory: Chính trị\n"       # 4
        "views: -1\n"                # 5
        "image: images/a.jpg\n"      # 6
        "featured: có\n"             # 7
        "---\n"
        "Nội dung.\n"
    )
    article, problems = parse(text)
    assert article is None
    assert sorted(problems, key=lambda p: (p.line, p.field)) == [
        Problem(PATH, 1, "image_alt", "an image needs a description for readers who cannot see it: add `image_alt: …`"),
        Problem(PATH, 1, "title", "required field is missing: add a line `title: Tiêu đề bài viết`"),
        Problem(PATH, 2, "date", "'31/02/2021' is not a real date and time; check the day, month, hour and offset"),
        Problem(PATH, 4, "catgory", "unknown field, ignored; did you mean `category`?", "warning"),
        Problem(PATH, 5, "views", "-1 is negative; a view count is 0 or more"),
        Problem(PATH, 7, "featured", "must be true or false, not 'có'"),
    ]


def test_problem_prints_as_path_line_field_message():
    assert str(Problem(PATH, 5, "views", "-1 is negative")) == f"{PATH}:5: views: -1 is negative"


@pytest.mark.parametrize(("written", "timed"), [
    ("2021-12-28", False), ("28/12/2021", False), ('"2021-12-28"', False),
    ("2021-12-28 08:30", True), ('"28/12/2021 08:30"', True), ("2021-12-28 08:30:00", True),
])
def test_whether_a_time_was_given(written, timed):
    """A bare date is shown without a time of day: "00:00" would be a time nobody wrote."""
    article = parsed(f"---\ntitle: Tin\ndate: {written}\nauthor: Lan\n---\n")
    assert article.timed is timed


@pytest.mark.parametrize(("extra", "field", "message"), [
    ("expires: 27/12/2021\n", "expires", "the expiry must come after the publication date (`date:`)"),
    ("expires: 28/12/2021 08:30\n", "expires", "the expiry must come after the publication date (`date:`)"),
    ("updated: 27/12/2021\n", "updated", "the update cannot come before the publication date (`date:`)"),
    ("updated: 31/02/2022\n", "updated", "'31/02/2022' is not a real date and time; check the day, month, hour and "
                                         "offset"),
])
def test_expiry_and_update_dates_are_checked(extra, field, message):
    article, problems = parse(valid(extra))
    assert article is None and problems == [Problem(PATH, 5, field, message)]


def test_expiry_and_update_dates_read():
    article = parsed(valid("expires: 31/12/2022\nupdated: 2021-12-29 10:00\n"))
    assert (article.expires, article.updated) == (dt.datetime(2022, 12, 31, tzinfo=VN),
                                                  dt.datetime(2021, 12, 29, 10, tzinfo=VN))
