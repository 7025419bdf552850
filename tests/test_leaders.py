"""The leaders of content/.leaders.yml: every field, every problem with its line and field, both languages, and
the "Lãnh đạo" partial rendered with a stub `bantin` (it calls `bantin.t` and the `url` filter, nothing else)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import jinja2
import lxml.html
import pytest

from bantin.front import nested
from bantin.i18n import STRINGS
from bantin.leaders import Leader, parse_leaders
from bantin.messages import Messages
from bantin.problems import Problem
from conftest import REPO, THEME_DIR

PATH = "content/.leaders.yml"
EN, VI = Messages("en"), Messages("vi")
PHOTOS = {"images/lanh-dao/hoang-van-an.svg", "images/lanh-dao/luc-thi-hang.svg"}
HOSTILE = "<script>alert('x')</script>"

FULL = """\
leaders:
  - name: Hoàng Văn An
    position: Chủ tịch UBND thị xã
    photo: images/lanh-dao/hoang-van-an.svg
    phone: 0200 3 812 104
    email: hoangvanan@mayngan.example.vn
    bio: |
      Sinh năm 1972.

      Chủ tịch UBND thị xã từ năm 2021.
    duties:
      - Lãnh đạo, điều hành chung
      - Phụ trách  nội vụ,
        thanh tra
"""


def parse(text: str, say: Messages = EN, exists=PHOTOS.__contains__):
    return parse_leaders(text, PATH, say, exists)


def one(fields: str, say: Messages = EN) -> tuple[list[Leader], list[Problem]]:
    """A file with one leader whose mapping is `fields` (lines indented under `- `)."""
    body = "\n".join("    " + line for line in fields.strip("\n").splitlines())
    return parse("leaders:\n  -\n" + body + "\n", say)


def brief(problems: list[Problem]) -> list[tuple[int, str, str]]:
    return [(p.line, p.field, p.severity) for p in problems]


# -- fields -----------------------------------------------------------------------------------------------------

def test_every_field_is_read():
    leaders, problems = parse(FULL)
    assert problems == []
    assert leaders == [Leader(
        name="Hoàng Văn An", position="Chủ tịch UBND thị xã", photo="images/lanh-dao/hoang-van-an.svg",
        phone="0200 3 812 104", email="hoangvanan@mayngan.example.vn", bio="Sinh năm 1972.\n\nChủ tịch UBND thị xã từ năm 2021.",
        duties=("Lãnh đạo, điều hành chung", "Phụ trách nội vụ, thanh tra"), anchor="lanh-dao-hoang-van-an")]
    leader = leaders[0]
    assert leader.line == 2
    assert leader.tel == "02003812104"
    assert leader.paragraphs == ("Sinh năm 1972.", "Chủ tịch UBND thị xã từ năm 2021.")


def test_only_name_and_position_are_needed():
    leaders, problems = one("name: Lục Thị Hằng\nposition: Phó Chủ tịch UBND thị xã")
    assert problems == []
    assert leaders == [Leader("Lục Thị Hằng", "Phó Chủ tịch UBND thị xã", anchor="lanh-dao-luc-thi-hang")]
    assert (leaders[0].tel, leaders[0].paragraphs, leaders[0].duties) == (None, (), ())


def test_texts_are_nfc_trimmed_and_on_one_line():
    decomposed = "Lu\u0323c Thi\u0323 Ha\u0306\u0300ng"
    leaders, problems = one(f'name: "  {decomposed} "\nposition: |\n  Phó Chủ tịch\n  UBND thị xã')
    assert problems == []
    assert (leaders[0].name, leaders[0].position) == ("Lục Thị Hằng", "Phó Chủ tịch UBND thị xã")


def test_duties_may_be_one_text_and_empty_items_are_dropped():
    leaders, _ = one("name: A\nposition: B\nduties: Phụ trách văn hóa - xã hội")
    assert leaders[0].duties == ("Phụ trách văn hóa - xã hội",)
    leaders, _ = one('name: A\nposition: B\nduties: ["", Giáo dục, ~, "  "]')
    assert leaders[0].duties == ("Giáo dục",)


def test_values_yaml_would_read_as_numbers_are_kept_as_written():
    """YAML 1.1 reads 02031234567 as an octal number, 1:30 as 90 and yes as true."""
    leaders, problems = one("name: yes\nposition: 1:30\nphone: 02031234567\nduties: [0755, 12:30]")
    assert problems == []
    assert (leaders[0].name, leaders[0].position, leaders[0].phone) == ("yes", "1:30", "02031234567")
    assert leaders[0].duties == ("0755", "12:30")


@pytest.mark.parametrize("phone, tel", [
    ("0200 3 812 104", "02003812104"), ("+84 200 3812104", "+842003812104"), ("(0200) 3.812.104", "02003812104"),
    ("113", "113"),
])
def test_a_phone_gives_a_tel_link(phone, tel):
    leaders, problems = one(f"name: A\nposition: B\nphone: '{phone}'")
    assert problems == []
    assert (leaders[0].phone, leaders[0].tel) == (phone, tel)


def test_a_photo_path_is_normalised_under_the_content_folder():
    leaders, problems = one("name: A\nposition: B\nphoto: /images/lanh-dao/./hoang-van-an.svg")
    assert problems == []
    assert leaders[0].photo == "images/lanh-dao/hoang-van-an.svg"


def test_without_exists_photos_are_not_looked_for():
    leaders, problems = parse_leaders("leaders:\n  - {name: A, position: B, photo: images/khong-co.jpg}\n", PATH, EN)
    assert problems == []
    assert leaders[0].photo == "images/khong-co.jpg"


def test_an_email_written_as_a_mailto_link_is_the_address():
    leaders, problems = one("name: A\nposition: B\nemail: mailto:a@mayngan.example.vn")
    assert problems == []
    assert leaders[0].email == "a@mayngan.example.vn"


def test_each_leader_has_its_own_anchor():
    leaders, _ = parse("leaders:\n  - {name: Hoàng An, position: B}\n  - {name: Hoàng  An, position: C}\n"
                       "  - {name: hoàng an, position: D}\n")
    assert [leader.anchor for leader in leaders] == ["lanh-dao-hoang-an", "lanh-dao-hoang-an-2", "lanh-dao-hoang-an-3"]


# -- problems ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fields, line, field, message", [
    ("position: B", 3, "name", "required field is missing: add a line `name: Hoàng Văn An`"),
    ("name: A", 3, "position", "required field is missing: add a line `position: Chủ tịch UBND thị xã`"),
    ("name: ''\nposition: B", 3, "name", "required field is missing: add a line `name: Hoàng Văn An`"),
    ("name: '  '\nposition: B", 3, "name", "must not be empty; write `name: Hoàng Văn An`"),
    ("name: A\nposition: [B, C]", 4, "position",
     "must be one piece of text, not a list or a mapping; write `position: Chủ tịch UBND thị xã`"),
    ("name: A\nposition: B\nbio: {a: 1}", 5, "bio", "must be one piece of text, not a list or a mapping; write `bio: …`"),
    ("name: A\nposition: B\nphoto: images/lanh-dao/khong-co.svg", 5, "photo",
     "file not found: 'images/lanh-dao/khong-co.svg' (a path under the content folder, e.g. images/anh.jpg)"),
    ("name: A\nposition: B\nphoto: https://example.com/a.jpg", 5, "photo",
     ("'https://example.com/a.jpg' is not the path of a file under the content folder (for example "
      "images/lanh-dao/hoang-van-an.svg)")),
    ("name: A\nposition: B\nphoto: ../../etc/a.svg", 5, "photo",
     ("'../../etc/a.svg' is not the path of a file under the content folder (for example "
      "images/lanh-dao/hoang-van-an.svg)")),
    ("name: A\nposition: B\nphoto: javascript:alert(1)", 5, "photo",
     "'javascript:alert(1)' is not an allowed address; use http://, https:// or a path of the site"),
    ("name: A\nposition: B\nphoto: van-ban/tep/17.pdf", 5, "photo",
     "'van-ban/tep/17.pdf' is not a picture; use one of .jpg, .jpeg, .png, .webp, .avif, .gif, .svg"),
    ("name: A\nposition: B\nphone: 0200 3 812 104 (máy lẻ)", 5, "phone",
     ("'0200 3 812 104 (máy lẻ)' is not a phone number; use digits, spaces, dots, parentheses and a leading + only, "
      "for example 0200 3 812 002")),
    ("name: A\nposition: B\nemail: hoangvanan(at)mayngan.vn", 5, "email",
     "'hoangvanan(at)mayngan.vn' is not an e-mail address; write it as name@mayngan.example.vn"),
    ("name: A\nposition: B\nduties: {a: b}", 5, "duties",
     "must be one piece of text or a list of texts, one duty per line `- …`"),
    ("name: A\nposition: B\nduties: [a, [b]]", 5, "duties",
     "must be one piece of text or a list of texts, one duty per line `- …`"),
])
def test_each_problem_names_its_line_field_and_fix(fields, line, field, message):
    leaders, problems = one(fields)
    assert leaders == []
    assert problems == [Problem(PATH, line, field, message)]
    assert str(problems[0]) == f"{PATH}:{line}: {field}: {message}"


@pytest.mark.parametrize("phone", ["0200-3812-104", "02 00 + 38", "12", "1234567890123456", "số máy", "+",
                                   "0200 3812104x"])
def test_a_phone_is_digits_spaces_dots_parentheses_and_a_leading_plus(phone):
    _, problems = one(f"name: A\nposition: B\nphone: '{phone}'")
    assert [(p.field, p.message.split(" is not")[0]) for p in problems] == [("phone", repr(phone))]


@pytest.mark.parametrize("email", ["a@b", "a b@c.vn", "a@@c.vn", "<a@c.vn>", "a@c..vn", "a@.vn", '"a"@c.vn'])
def test_an_email_must_look_like_one(email):
    _, problems = one(f"name: A\nposition: B\nemail: '{email}'")
    assert [p.field for p in problems] == ["email"]


def test_an_unknown_key_is_a_warning_with_a_suggestion_and_the_leader_is_kept():
    leaders, problems = one("name: A\nposition: B\nphon: 0200 3 812 104\nchuc_vu: C")
    assert [leader.name for leader in leaders] == ["A"]
    assert problems == [Problem(PATH, 5, "phon", "unknown field, ignored; did you mean `phone`?", "warning"),
                        Problem(PATH, 6, "chuc_vu", "unknown field, ignored; known fields: name, position, photo, "
                                "phone, email, bio, duties", "warning")]


def test_an_unknown_top_level_key_is_a_warning():
    _, problems = parse("leader:\n  - {name: A, position: B}\nleaders: []\n")
    assert problems == [Problem(PATH, 1, "leader", "unknown field, ignored; did you mean `leaders`?", "warning")]


@pytest.mark.parametrize("text, line", [
    ("", 1), ("# chưa có ai\n", 1), ("lanh_dao:\n  - name: A\n", 1), ("leaders:\n  name: A\n", 1),
    ("\n\nleaders: Hoàng Văn An\n", 3),
])
def test_the_file_must_start_with_a_list_of_leaders(text, line):
    leaders, problems = parse(text)
    assert leaders == []
    start = [p for p in problems if p.severity == "error"]
    assert start == [Problem(PATH, line, "leaders", "start the file with `leaders:` and list each person under it, "
                                                    "each starting with a line `- name: …`")]


def test_an_entry_that_is_not_a_mapping_is_named_and_the_others_are_kept():
    leaders, problems = parse("leaders:\n  - Hoàng Văn An\n  - name: Lục Thị Hằng\n    position: Phó Chủ tịch\n"
                              "  - [a, b]\n")
    assert [leader.name for leader in leaders] == ["Lục Thị Hằng"]
    assert brief(problems) == [(2, "leaders", "error"), (5, "leaders", "error")]
    assert problems[0].message.startswith("each leader is an entry starting with `- name: …`")


def test_a_leader_with_an_error_is_left_out_and_every_error_is_reported():
    leaders, problems = parse("leaders:\n"
                              "  - name: A\n    position: B\n    email: sai\n"
                              "  - name: C\n    position: D\n"
                              "  - position: E\n    phone: abc\n    photo: images/khong-co.png\n")
    assert [leader.name for leader in leaders] == ["C"]
    assert brief(problems) == [(4, "email", "error"), (7, "name", "error"), (8, "phone", "error"),
                               (9, "photo", "error")]


def test_a_key_given_twice_is_reported():
    _, problems = one("name: A\nposition: B\nname: C")
    assert [(p.line, p.field) for p in problems] == [(5, "name")]
    assert "first on line 3" in problems[0].message


def test_a_flow_mapping_gives_the_lines_of_its_keys():
    _, problems = parse("leaders:\n  - {name: A,\n     position: B, email: x}\n")
    assert brief(problems) == [(3, "email", "error")]


def test_a_yaml_error_is_a_problem_not_a_crash():
    leaders, problems = parse("leaders:\n  - name: A\n    position: B: C\n")
    assert leaders == []
    assert [(p.line, p.severity) for p in problems] == [(3, "error")]
    assert problems[0].message.startswith("YAML syntax error")


@pytest.mark.parametrize("text", [
    "leaders: &a\n  - name: A\n    position: B\n    duties: *a\n",  # a list that holds itself
    "leaders:\n  - &x {name: A, position: B}\n  - *x\n",
    "leaders:\n" + "  - " * 40 + "x\n",
])
def test_aliases_and_nesting_neither_hang_nor_crash(text):
    leaders, problems = parse(text)
    assert all(isinstance(p, Problem) for p in problems)
    assert len(leaders) <= 2


def test_a_recursive_duties_list_is_an_error():
    _, problems = one("name: A\nposition: B\nduties: &d [Giáo dục, *d]")
    assert brief(problems) == [(5, "duties", "error")]


def test_messages_follow_the_site_language():
    _, vi = one("name: A\nposition: B\nemail: sai\nphon: 1", VI)
    _, en = one("name: A\nposition: B\nemail: sai\nphon: 1", EN)
    assert [p.message for p in vi] == [
        "'sai' không phải địa chỉ thư điện tử; viết dạng ten@mayngan.example.vn",
        "trường không có trong danh mục, bị bỏ qua; có phải ý bạn là `phone`?"]
    assert [p.message for p in en] == ["'sai' is not an e-mail address; write it as name@mayngan.example.vn",
                                       "unknown field, ignored; did you mean `phone`?"]
    assert [(p.line, p.field) for p in vi] == [(p.line, p.field) for p in en]
    _, vi = parse("leaders: {}\n", VI)
    assert vi[0].message == ("mở đầu tệp bằng `leaders:` rồi liệt kê từng người bên dưới, mỗi người bắt đầu bằng "
                             "một dòng `- name: …`")


def test_nested_lines_follow_the_list_of_mappings():
    text = "leaders:\n  - name: A\n    phone: 02031234567\n  -\n    name: 'B'\n    duties:\n      - 14:30\n"
    lines, raw = nested(text)
    assert lines[("leaders",)] == 1
    assert (lines[("leaders", 0)], lines[("leaders", 0, "name")], lines[("leaders", 0, "phone")]) == (2, 2, 3)
    assert (lines[("leaders", 1)], lines[("leaders", 1, "name")], lines[("leaders", 1, "duties", 0)]) == (5, 5, 7)
    assert raw[("leaders", 0, "phone")] == "02031234567"
    assert raw[("leaders", 1, "duties", 0)] == "14:30"
    assert ("leaders", 1, "name") not in raw  # quoted: YAML reads it as written


# -- the sample portal ------------------------------------------------------------------------------------------

def sample() -> list[Leader]:
    content = REPO / "content"
    text = (content / ".leaders.yml").read_text(encoding="utf-8")
    leaders, problems = parse_leaders(text, PATH, VI, lambda path: (content / path).is_file())
    assert problems == []
    return leaders


def test_the_sample_leaders_parse_without_problems_and_have_their_photos():
    leaders = sample()
    assert 4 <= len(leaders) <= 6
    assert all(leader.photo and leader.photo.startswith("images/lanh-dao/") for leader in leaders)
    for leader in leaders:
        svg = (REPO / "content" / leader.photo).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and len(svg) < 1000 and "<script" not in svg and "href" not in svg
    positions = " / ".join(leader.position for leader in leaders)
    assert "Bí thư Thị ủy" in positions and "Chủ tịch UBND thị xã" in positions and "Phó Chủ tịch" in positions


def test_the_sample_leaders_are_the_signers_of_the_register():
    """The same people sign the town's documents: one spelling of each name across the portal."""
    signers = set()
    for document in (REPO / "content" / "van-ban").rglob("*.md"):
        match = re.search(r"^signer: (.+)$", document.read_text(encoding="utf-8"), re.MULTILINE)
        if match:
            signers.add(match.group(1))
    for leader in sample():
        assert any(signer.endswith(" " + leader.name) for signer in signers), leader.name


# -- the partial ------------------------------------------------------------------------------------------------

def render(leaders: list[Leader], language: str = "vi") -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME_DIR)), undefined=jinja2.StrictUndefined)
    env.filters["url"] = lambda value: "../" + value  # as the site's filter: a path from the page
    bantin = SimpleNamespace(t=STRINGS[language])
    return env.get_template("partials/bantin/leaders.html").render(bantin=bantin, leaders=leaders)


def test_the_partial_shows_every_field():
    leaders, _ = parse(FULL)
    html = render(leaders)
    page = lxml.html.fromstring(html)
    assert page.xpath("//h1")[0].text_content() == "Lãnh đạo"
    section = page.xpath("//section")[0]
    assert section.get("id") == "lanh-dao-hoang-van-an"
    assert section.get("aria-labelledby") == section.xpath(".//h2")[0].get("id")
    assert section.xpath(".//h2")[0].text_content() == "Hoàng Văn An – Chủ tịch UBND thị xã"
    image = section.xpath(".//img")[0]
    assert (image.get("src"), image.get("alt")) == ("../images/lanh-dao/hoang-van-an.svg", "Hoàng Văn An")
    assert image.get("width") and image.get("height") and image.get("loading") == "lazy"
    links = {a.get("href"): a.text_content() for a in section.xpath(".//a")}
    assert links == {"tel:02003812104": "0200 3 812 104",
                     "mailto:hoangvanan@mayngan.example.vn": "hoangvanan@mayngan.example.vn"}
    assert [dt_.text_content() for dt_ in section.xpath(".//dt")] == ["Điện thoại", "Thư điện tử"]
    assert [p.text_content() for p in section.xpath("./p")] == ["Sinh năm 1972.", "Chủ tịch UBND thị xã từ năm 2021."]
    assert section.xpath(".//h3")[0].text_content() == "Nhiệm vụ được phân công"
    assert [li.text_content() for li in section.xpath(".//li")] == ["Lãnh đạo, điều hành chung",
                                                                   "Phụ trách nội vụ, thanh tra"]


def test_the_partial_leaves_out_what_is_not_given_and_speaks_english():
    html = render([Leader("A", "B", anchor="lanh-dao-a")], "en")
    page = lxml.html.fromstring(html)
    assert page.xpath("//h1")[0].text_content() == "Leaders"
    assert page.xpath("//img | //dl | //h3 | //ul | //a") == []
    assert "<p>No leaders listed yet.</p>" in render([], "en")
    assert "<p>Chưa có thông tin lãnh đạo.</p>" in render([])


def test_hostile_text_is_escaped():
    leaders, problems = parse(f"leaders:\n  - name: \"{HOSTILE}\"\n    position: '\" onmouseover=\"x'\n"
                              f"    bio: \"{HOSTILE}\"\n    duties: [\"<img src=x onerror=alert(1)>\"]\n"
                              "    photo: 'images/lanh-dao/hoang-van-an.svg'\n")
    assert problems == []
    html = render(leaders)
    assert "<script" not in html and "<img src=x" not in html and 'onmouseover="' not in html
    assert "&lt;script&gt;" in html
    page = lxml.html.fromstring(html)
    assert page.xpath("//img")[0].get("alt") == HOSTILE
    assert page.xpath("//h2")[0].text_content() == f'{HOSTILE} – " onmouseover="x'
    assert page.xpath("//section")[0].get("id") == "lanh-dao-script-alert-x-script"


def test_the_sample_page_renders():
    page = lxml.html.fromstring(render(sample()))
    assert len(page.xpath("//section/h2")) == len(sample())
    assert all(img.get("alt") for img in page.xpath("//img"))
