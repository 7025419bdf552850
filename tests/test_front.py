"""Reading a content file's front-matter: bytes → UTF-8 text → YAML within limits, each key with its line."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

import pytest

from bantin.front import BadDate, FrontMatter, decode, parse_date, read
from bantin.messages import MESSAGES, Messages
from bantin.problems import Problem
from conftest import REPO

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PATH = "content/tin-tuc/2021/cong-tac-dan-van.md"
EN = Messages("en")

ARTICLE = "---\ntitle: Công tác dân vận\ndate: 28/12/2021 08:30\nauthor: Hoàng Thị Lan\n---\n\nNội dung.\n"

NOT_UTF8 = "the file is not UTF-8 text (saved from Word or an old code page?); save it again as UTF-8"
UTF16 = "the file is saved as UTF-16; save it again as UTF-8 (in the editor: Save as… → UTF-8)"
BINARY = "the file contains NUL characters and is not text; check the file"
TOO_DEEP = "nested too deeply (over 20 levels); a field takes one value or one list"
TOO_BIG = "too large once YAML aliases are expanded (over 5000 values); write the values out"


def fm_of(text: str) -> FrontMatter:
    fm, problems = read(text, PATH, EN)
    assert problems == []
    assert fm is not None
    return fm


# -- bytes → text ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [ARTICLE.encode("utf-8"), ARTICLE.encode("utf-8-sig")], ids=["utf-8", "utf-8-bom"])
def test_utf8_is_read_with_or_without_a_bom(data):
    assert decode(data, PATH, EN) == (ARTICLE, [])
    fm = fm_of(decode(data, PATH, EN)[0])
    assert (fm.meta["title"], fm.lines["title"]) == ("Công tác dân vận", 2)


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        pytest.param("---\ntitle: Tin\nsummary: Café sáng\n---\n".encode("latin-1"), 3, NOT_UTF8, id="latin-1"),
        pytest.param("---\ntitle: “Tin”\n---\n".encode("cp1252"), 2, NOT_UTF8, id="windows-1252"),
        pytest.param(b"\xff\xfe" + ARTICLE.encode("utf-16-le"), 1, UTF16, id="utf-16-le-bom"),
        pytest.param(b"\xfe\xff" + ARTICLE.encode("utf-16-be"), 1, UTF16, id="utf-16-be-bom"),
        pytest.param("---\ntitle: Tin\n---\n\nNội\x00dung\n".encode(), 5, BINARY, id="nul"),
        pytest.param(b"\x00" + ARTICLE.encode(), 1, BINARY, id="nul-first"),
        pytest.param(ARTICLE.encode() + b"a" * (1_000_001 - len(ARTICLE.encode())), 1,
                     "the file is too large (1000 KB) for an article; keep images and attachments apart, "
                     "an article holds text", id="over-1-mb"),
    ],
)
def test_files_that_are_not_utf8_text_are_refused(data, line, message):
    assert decode(data, PATH, EN) == (None, [Problem(PATH, line, "file", message)])


def test_a_long_article_under_the_limit_is_read():
    data = ARTICLE.encode() + b"a" * (1_000_000 - len(ARTICLE.encode()))
    assert len(data) == 1_000_000
    assert decode(data, PATH, EN) == (data.decode(), [])


def test_refusal_in_vietnamese():
    assert decode(b"\xff\xfe" + ARTICLE.encode("utf-16-le"), PATH, Messages("vi")) == (None, [Problem(
        PATH, 1, "file",
        "tệp được lưu dạng UTF-16; hãy lưu lại dạng UTF-8 (trong trình soạn thảo: Lưu thành… → UTF-8)")])


# -- which line each key is on ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "lines"),
    [
        pytest.param(ARTICLE, {"title": 2, "date": 3, "author": 4}, id="plain"),
        pytest.param("---\n# Ghi chú của biên tập\ntitle: Tin\n\n\ndate: 28/12/2021\n  # thụt lề\nauthor: Lan\n---\n",
                     {"title": 3, "date": 6, "author": 8}, id="comments-and-blank-lines"),
        pytest.param("---\r\ntitle: Tin\r\n\r\n# ghi chú\r\ndate: 28/12/2021\r\nauthor: Lan\r\n---\r\n"
                     "\r\nNội dung.\r\n",
                     {"title": 2, "date": 5, "author": 6}, id="crlf"),
        pytest.param("---\ntitle: Tin\nsummary: |\n  Dòng một.\n  Dòng hai.\n\n  Dòng ba.\ntags:\n  - Dân vận\n"
                     "  - Giảm nghèo\ndescription: >\n  Một\n  câu.\nauthor: Lan\n---\n",
                     {"title": 2, "summary": 3, "tags": 8, "description": 11, "author": 14}, id="multi-line-values"),
        pytest.param("---\ntitle: \"Một tiêu đề\n  rất dài\"\ntags: [Dân vận,\n  Giảm nghèo]\nauthor: Lan\n---\n",
                     {"title": 2, "tags": 4, "author": 6}, id="quoted-and-flow-over-lines"),
        pytest.param("---\n\n\ntitle: Tin\nauthor: Lan\n---\n", {"title": 4, "author": 5}, id="blank-lines-first"),
        pytest.param("---\nsearch:\n  exclude: true\n  boost: 2\ntitle: Tin\n---\n", {"search": 2, "title": 5},
                     id="nested-keys-are-not-top-level"),
    ],
)
def test_key_lines(text, lines):
    assert fm_of(text).lines == lines


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: Tin\n---\nNội dung.\n", 4),
        ("---\ntitle: Tin\n---\n\n\nNội dung.\n", 6),
        ("---\r\ntitle: Tin\r\n\r\n---\r\n\r\nNội dung.\r\n", 6),
        ("---\ntitle: Tin\nsummary: |\n  a\n  b\n---\n\nNội dung.\n", 8),
        ("Nội dung.\n", 1),
        ("# Giới thiệu\n\nNội dung.\n", 3),
    ],
)
def test_body_lines_are_file_lines(text, line):
    """A message about the body names the file's line: body line n is file line body_line + n - 1."""
    fm = fm_of(text)
    assert fm.body_line + fm.body.splitlines().index("Nội dung.") == line


def test_no_front_matter_at_all():
    assert read("# Giới thiệu\n\nNội dung.\n", PATH, EN) == (
        FrontMatter({}, "# Giới thiệu\n\nNội dung.\n", first=1, body_line=1), [])


# -- values as written -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "value", "raw"),
    [
        ("views: 010", 8, "010"),  # YAML 1.1 octal: the raw text lets the article say so
        ("views: 1228", 1228, "1228"),
        ("views: 1:30", 90, "1:30"),  # sexagesimal
        ("views: 1_228", 1228, "1_228"),
        ("views: '010'", "010", None),  # quoted: text, nothing to explain
        ("views: [1]", [1], None),
    ],
)
def test_raw_scalars(line, value, raw):
    fm = fm_of(f"---\ntitle: Tin\n{line}\n---\n")
    assert (fm.meta["views"], fm.raw.get("views")) == (value, raw)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("date: 2021-12-28", "2021-12-28"),
        ("date: 2021-12-28 08:30:15", "2021-12-28 08:30:15"),
        ("date: 2021-12-28T08:30:15+07:00", "2021-12-28T08:30:15+07:00"),
        ("date: 2021-02-31", "2021-02-31"),  # YAML's own timestamp would raise here
        ("date: !!timestamp 2021-12-28", "2021-12-28"),
        ("date: !!timestamp 2021-13-01", "2021-13-01"),
        ("date: 28/12/2021 08:30", "28/12/2021 08:30"),
    ],
)
def test_dates_are_left_as_text(line, value):
    assert fm_of(f"---\ntitle: Tin\n{line}\n---\n").meta["date"] == value


def test_a_modest_alias_is_accepted():
    fm = fm_of("---\na: &x [1, 2]\nb: *x\n---\n")
    assert fm.meta == {"a": [1, 2], "b": [1, 2]}
    assert fm.lines == {"a": 2, "b": 3}


# -- duplicate keys --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "problems"),
    [
        pytest.param("---\ntitle: Tin\ndraft: true\nauthor: Lan\n\ndraft: false\n---\n",
                     [(6, "draft", 3)], id="draft-twice"),
        pytest.param("---\ntitle: Một\ntitle: Hai\ntitle: Ba\n---\n", [(3, "title", 2), (4, "title", 2)],
                     id="three-times"),
        pytest.param("---\ntitle: Một\n\"title\": Hai\n---\n", [(3, "title", 2)], id="quoted-second"),
        pytest.param("---\r\ntitle: Một\r\n# x\r\ntitle: Hai\r\n---\r\n", [(4, "title", 2)], id="crlf"),
        pytest.param("---\nsearch:\n  exclude: true\n  exclude: false\n---\n", [(4, "exclude", 3)], id="nested"),
        pytest.param("---\nsearch: {boost: 1, boost: 2}\n---\n", [(2, "boost", 2)], id="flow"),
    ],
)
def test_duplicate_keys_are_reported_at_the_second_naming_the_first(text, problems):
    _, found = read(text, PATH, EN)
    assert found == [
        Problem(PATH, line, name, f"the field is given twice (first on line {first}); delete one, since only the "
                                  "last counts") for line, name, first in problems]


def test_duplicate_draft_is_an_error_whichever_value_wins():
    """YAML lets the last `draft:` win: `draft: true … draft: false` would publish a draft unnoticed."""
    _, found = read("---\ntitle: Tin\ndraft: true\ndraft: false\n---\n", PATH, EN)
    assert [(p.line, p.field, p.severity) for p in found] == [(4, "draft", "error")]


def test_same_key_in_two_nested_mappings_is_not_a_duplicate():
    fm = fm_of("---\na:\n  x: 1\nb:\n  x: 2\n---\n")
    assert fm.meta == {"a": {"x": 1}, "b": {"x": 2}}


# -- limits ----------------------------------------------------------------------------------------------------

def nested(levels: int) -> str:
    """`tags:` holding lists `levels` deep: the front-matter mapping plus `levels` levels."""
    return f"---\ntitle: Tin\ntags: {'[' * levels}Dân vận{']' * levels}\n---\n"


def test_twenty_levels_are_accepted():
    assert fm_of(nested(19)).lines == {"title": 2, "tags": 3}


@pytest.mark.parametrize("levels", [20, 21, 1000])
def test_deeper_nesting_is_refused(levels):
    assert read(nested(levels), PATH, EN) == (None, [Problem(PATH, 3, "tags", TOO_DEEP)])


def test_deep_block_nesting_is_refused_at_its_line():
    # x's mapping is level 2 and starts with a0 on line 4; level 21 starts with a19 on line 23.
    keys = [f"{'  ' * (i + 1)}a{i}:" for i in range(30)]
    text = "\n".join(["---", "title: Tin", "x:", *keys[:-1], keys[-1] + " 1", "---", ""])
    assert read(text, PATH, EN) == (None, [Problem(PATH, 23, "x", TOO_DEEP)])


_DEEP_SCRIPT = """
import sys, time
sys.path.insert(0, sys.argv[1])
from bantin.front import read
from bantin.messages import Messages
n, opening, closing = 100000, sys.argv[2], sys.argv[3]
text = "---\\ntitle: Tin\\ntags: " + opening * n + closing * n + "\\n---\\n"
start = time.perf_counter()
fm, problems = read(text, "content/a.md", Messages("en"))
print(f"{time.perf_counter() - start:.3f}")
print(fm)
for problem in problems:
    print(problem)
"""


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ("{a: ", "}")], ids=["list", "mapping"])
def test_100000_deep_nesting_is_a_problem_not_a_segfault(opening, closing):
    """libyaml's C composer recurses and kills the process on this input: run it in a child to see it live."""
    result = subprocess.run([sys.executable, "-c", _DEEP_SCRIPT, str(REPO / "plugins"), opening, closing],
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    seconds, fm, *problems = result.stdout.splitlines()
    assert (fm, problems) == ("None", [f"content/a.md:3: tags: {TOO_DEEP}"])
    assert float(seconds) < 2


def _laughs(levels: int, mapping: bool) -> str:
    names = "abcdefghijklmnop"[:levels]
    lines = ["---", "title: Tin"]
    for i, name in enumerate(names):
        items = ['"lol"'] * 9 if i == 0 else [f"*{names[i - 1]}"] * 9
        if mapping:
            lines.append(f"{name}: &{name} {{{', '.join(f'k{j}: {item}' for j, item in enumerate(items))}}}")
        else:
            lines.append(f"{name}: &{name} [{', '.join(items)}]")
    return "\n".join(lines + ["---", ""])


@pytest.mark.parametrize("mapping", [False, True], ids=["lists", "mappings"])
def test_billion_laughs_is_refused_before_it_is_built(mapping):
    """9**9 values once expanded. title 2, a 3, b 4, c 5: the aliases of line 6 pass the limit."""
    start = time.perf_counter()
    fm, problems = read(_laughs(9, mapping), PATH, EN)
    seconds = time.perf_counter() - start
    assert (fm, problems) == (None, [Problem(PATH, 6, "front-matter", TOO_BIG)])
    assert seconds < 2
    assert len(str(problems[0])) < 200


def test_one_list_aliased_many_times_is_refused():
    items = ", ".join(str(i) for i in range(100))
    text = f"---\ntitle: Tin\na: &a [{items}]\nb: [{', '.join(['*a'] * 100)}]\n---\n"
    assert read(text, PATH, EN) == (None, [Problem(PATH, 4, "front-matter", TOO_BIG)])


# -- YAML the editor mistyped -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param("---\ntitle: Tin\n", Problem(PATH, 1, "front-matter",
                                                 "not closed: add a `---` line after the last field"), id="not-closed"),
        pytest.param("---\n- Tin\n- Lan\n---\n",
                     Problem(PATH, 2, "front-matter", "must be a list of `field: value` lines"), id="a-list"),
        pytest.param("---\ntitle: Tin\n\tdate: 28/12/2021\n---\n",
                     Problem(PATH, 3, "date",
                             "YAML syntax error: the line is indented with a Tab; indent with spaces"), id="tab"),
        pytest.param("---\ntitle: \"Tin\ndate: 28/12/2021\nauthor: Lan\n---\n",
                     Problem(PATH, 2, "title", "YAML syntax error (found unexpected end of stream); put text that "
                                               "contains \":\" or \"#\" or starts with a quote between double quotes"),
                     id="unclosed-quote"),
        pytest.param("---\ntitle: Tin: mới\nauthor: Lan\n---\n",
                     Problem(PATH, 2, "title", "YAML syntax error (mapping values are not allowed in this context); put "
                                               "text that contains \":\" or \"#\" or starts with a quote between double "
                                               "quotes"), id="colon"),
    ],
)
def test_syntax_problems(text, problem):
    assert read(text, PATH, EN) == (None, [problem])


@pytest.mark.parametrize("value", ["!!int x", "!!float x", "!!int 0x", "!!int", "!!bool maybe", "!!bool",
                                   "!!binary 1", "!!python/object:os.system ls"])
def test_a_value_yaml_cannot_build_is_a_problem_not_a_crash(value):
    fm, problems = read(f"---\ntitle: Tin\ndraft: {value}\n---\n", PATH, EN)
    assert fm is None
    assert [p.severity for p in problems] == ["error"]


@pytest.mark.parametrize("value", ["!!binary 1", "!!nope 1", "!!int x", "!!float x"])
def test_a_value_yaml_cannot_build_is_reported_on_its_line(value):
    """The line and field of the value, as for every other problem (not the opening `---`)."""
    fm, problems = read(f"---\ntitle: Tin\n\nviews: {value}\n---\n", PATH, EN)
    assert fm is None
    assert [(p.line, p.field) for p in problems] == [(4, "views")]


# -- dates -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "iso", "timed"),
    [
        ("28/12/2021", "2021-12-28T00:00:00+07:00", False),
        ("28/12/2021 08:30", "2021-12-28T08:30:00+07:00", True),
        ("28/12/2021 08:30:15", "2021-12-28T08:30:15+07:00", True),
        ("5/1/2022 7:00", "2022-01-05T07:00:00+07:00", True),  # day first, single digits
        ("  28/12/2021   08:30 ", "2021-12-28T08:30:00+07:00", True),
        ("29/02/2024", "2024-02-29T00:00:00+07:00", False),
        ("31/12/9999 23:59:59", "9999-12-31T23:59:59+07:00", True),
        ("2021-12-28", "2021-12-28T00:00:00+07:00", False),
        ("2021-12-28 08:30", "2021-12-28T08:30:00+07:00", True),
        ("2021-12-28T08:30", "2021-12-28T08:30:00+07:00", True),
        ("2021-12-28T08:30:15", "2021-12-28T08:30:15+07:00", True),
        ("2021-12-28T01:30:00Z", "2021-12-28T08:30:00+07:00", True),
        ("2021-12-28T08:30:00+07:00", "2021-12-28T08:30:00+07:00", True),
        ("2021-12-28 03:30+02:00", "2021-12-28T08:30:00+07:00", True),
        ("2021-12-27T20:30:00-05:00", "2021-12-28T08:30:00+07:00", True),
        ("9999-12-31 23:00", "9999-12-31T23:00:00+07:00", True),
        (dt.date(2021, 12, 28), "2021-12-28T00:00:00+07:00", False),
        (dt.datetime(2021, 12, 28, 8, 30), "2021-12-28T08:30:00+07:00", True),
        (dt.datetime(2021, 12, 28, 1, 30, tzinfo=dt.timezone.utc), "2021-12-28T08:30:00+07:00", True),
    ],
)
def test_parse_date_accepts(value, iso, timed):
    moment, was_timed = parse_date(value, VN)
    assert (moment.isoformat(), was_timed) == (iso, timed)
    assert moment.tzinfo == VN


@pytest.mark.parametrize(("value", "timed"), [("01/01/1900", False), ("1900-01-01", False), ("1900-01-01 00:00", True)])
def test_parse_date_first_day_of_1900(value, timed):
    # Not compared as text: Sài Gòn's offset in 1900 was +07:06:30 (local mean time).
    assert parse_date(value, VN) == (dt.datetime(1900, 1, 1, tzinfo=VN), timed)


def test_parse_date_in_another_zone():
    moment, timed = parse_date("2021-12-28T08:30:00+07:00", ZoneInfo("Europe/Paris"))
    assert (moment.isoformat(), timed) == ("2021-12-28T02:30:00+01:00", True)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31/02/2021", "unreal"),
        ("29/02/2021", "unreal"),
        ("2021-02-31", "unreal"),
        ("0000-01-01", "unreal"),
        ("00/01/2021", "unreal"),
        ("12/28/2021", "unreal"),  # month first is not a Vietnamese date
        ("28/12/2021 25:00", "unreal"),
        ("2021-12-28 25:00", "unreal"),
        ("2021-12-28T08:60", "unreal"),
        ("2021-12-28T08:30+25:00", "unreal"),
        ("1899-12-31", "range"),
        ("31/12/1899 23:59", "range"),
        ("1900-01-01T00:30+08:00", "range"),  # 23:30 on 31/12/1899 in Hà Nội
        ("9999-12-31T23:00-05:00", "range"),  # year 10000 in Hà Nội
        ("hôm qua", "unreadable"),
        ("", "unreadable"),
        ("28-12-2021", "unreadable"),
        ("2021/12/28", "unreadable"),
        ("28/12/21", "unreadable"),
        ("01/01/10000", "unreadable"),
        (2021, "unreadable"),
        (True, "unreadable"),
        (None, "unreadable"),
        ([2021, 12, 28], "unreadable"),
    ],
)
def test_parse_date_refuses(value, reason):
    with pytest.raises(BadDate) as refused:
        parse_date(value, VN)
    assert refused.value.reason == reason
    assert f"date_{reason}" in MESSAGES["vi"] and f"date_{reason}" in MESSAGES["en"]


def test_single_digit_hour_is_read_in_both_forms():
    """`5/1/2022 7:00` is read; the same hour in the ISO form is no less real."""
    assert parse_date("2021-12-28 8:30", VN) == parse_date("28/12/2021 8:30", VN) == (
        dt.datetime(2021, 12, 28, 8, 30, tzinfo=VN), True)
