"""The weekly work schedule (content/lich-cong-tac/YYYY-Www.yml): file names, every field, every problem with its
line and field, both languages, the words of the templates, and the three partials rendered with a stub `bantin`
(it gives `t`, `day_label(day)` and `week_label(week)`, nothing else)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import jinja2
import lxml.html
import pytest

from bantin.i18n import STRINGS, Locale
from bantin.leaders import parse_leaders
from bantin.messages import Messages
from bantin.problems import Problem
from bantin.schedule import (Item, Week, current_week, day_label, newest_first, parse_time, parse_week, week_label,
                             week_of)
from conftest import REPO, THEME_DIR

VN = ZoneInfo("Asia/Ho_Chi_Minh")
EN, VI = Messages("en"), Messages("vi")
NAME = "2026-W49.yml"
PATH = "content/lich-cong-tac/2026-W49.yml"
MONDAY, SUNDAY = dt.date(2026, 11, 30), dt.date(2026, 12, 6)
TODAY = dt.date(2026, 12, 2)
HOSTILE = "<script>alert('x')</script>"

FULL = """\
items:
  - date: 30/11/2026
    time: 08:00
    leader: Hoàng Văn An
    content: Họp giao ban UBND thị xã
    place: Phòng họp số 1
    participants: Các Phó Chủ tịch UBND thị xã
"""


def parse(text: str, say: Messages = EN, name: str = NAME):
    return parse_week(text, PATH, name, VN, say)


def one(fields: str, say: Messages = EN) -> tuple[Week | None, list[Problem]]:
    """A week with one item whose mapping is `fields` (lines indented under `- `); the item starts on line 3."""
    body = "\n".join("    " + line for line in fields.strip("\n").splitlines())
    return parse("items:\n  -\n" + body + "\n", say)


def brief(problems: list[Problem]) -> list[tuple[int, str, str]]:
    return [(p.line, p.field, p.severity) for p in problems]


# -- file names -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, week", [
    ("2026-W49.yml", (2026, 49)), ("2026-W01.yml", (2026, 1)), ("2026-W53.yml", (2026, 53)),
    ("lich-cong-tac/2026-W50.yml", (2026, 50)), ("content\\lich-cong-tac\\2026-W48.yml", (2026, 48)),
    ("2026-W49", None), ("2026-W49.yaml", None), ("2026-w49.yml", None), ("2026-W9.yml", None),
    ("2026-W00.yml", None), ("2026-W54.yml", None), ("2025-W53.yml", None), ("26-W49.yml", None),
    ("tuan-49.yml", None), ("0999-W10.yml", None), ("9999-W52.yml", None), ("2026-W49.yml.bak", None),
])
def test_a_file_name_is_an_iso_week_that_exists(name, week):
    assert week_of(name) == week


def test_a_bad_file_name_is_an_error_and_gives_no_week():
    week, problems = parse(FULL, name="2026-W54.yml")
    assert week is None
    assert problems == [Problem(PATH, 1, "file", "the file name '2026-W54.yml' is not an ISO week; name it by the "
                                                 "year, -W and the week in two digits, for example 2026-W49.yml "
                                                 "(week 49 of 2026)")]
    _, problems = parse(FULL, VI, name="tuan-49.yml")
    assert problems[0].message == ("tên tệp 'tuan-49.yml' không phải một tuần ISO; đặt tên theo năm, chữ -W và số "
                                   "tuần hai chữ số, ví dụ 2026-W49.yml (tuần 49 năm 2026)")


# -- fields -----------------------------------------------------------------------------------------------------

def test_every_field_is_read():
    week, problems = parse(FULL)
    assert problems == []
    assert week == Week(2026, 49, MONDAY, (Item(
        date=MONDAY, content="Họp giao ban UBND thị xã", time="08:00", leader="Hoàng Văn An",
        place="Phòng họp số 1", participants="Các Phó Chủ tịch UBND thị xã"),), PATH)
    assert week.items[0].line == 2
    assert (week.sunday, week.key, week.items[0].iso) == (SUNDAY, "2026-W49", "2026-11-30T08:00")


def test_only_date_and_content_are_needed():
    week, problems = one("date: 2026-12-01\ncontent: Tiếp công dân")
    assert problems == []
    assert week.items == (Item(dt.date(2026, 12, 1), "Tiếp công dân"),)
    assert week.items[0].iso == "2026-12-01"


@pytest.mark.parametrize("written, time", [
    ("08:00", "08:00"), ("8:00", "08:00"), ("14:30", "14:30"), ("'14:30'", "14:30"), ("14h30", "14:30"),
    ("14H30", "14:30"), ("8h", "08:00"), ("8h05", "08:05"), ("14 h 30", "14:30"), ("14 giờ 30", "14:30"),
    ("0:00", "00:00"), ("23:59", "23:59"),
])
def test_a_time_is_written_hh_mm(written, time):
    """`14:30` unquoted is 870 to YAML 1.1 (base 60): the time is read as written."""
    week, problems = one(f"date: 30/11/2026\ntime: {written}\ncontent: Họp")
    assert problems == []
    assert week.items[0].time == time
    assert parse_time(written.strip("'")) == time


@pytest.mark.parametrize("written", ["24:00", "8:60", "8", "sáng", "8h-11h", "08:00:00", "14h3", "1430", "-1:00",
                                     "[8, 0]"])
def test_a_bad_time_is_an_error_on_its_line(written):
    week, problems = one(f"date: 30/11/2026\ncontent: Họp\ntime: {written}")
    assert week.items == ()
    assert brief(problems) == [(5, "time", "error")]
    if not written.startswith("["):
        assert problems[0].message.endswith("is not a time of day; write 08:00, 8h or 14h30")


@pytest.mark.parametrize("written, day", [
    ("30/11/2026", MONDAY), ("1/12/2026", dt.date(2026, 12, 1)), ("2026-12-06", SUNDAY),
    ("'2026-12-02'", TODAY), ("2026-12-06T23:30:00+07:00", SUNDAY),
])
def test_a_date_is_written_as_an_article_date(written, day):
    week, problems = one(f"date: {written}\ncontent: Họp")
    assert problems == []
    assert week.items[0].date == day


def test_a_time_in_the_date_is_the_time_unless_both_are_given():
    week, problems = one("date: 02/12/2026 14:00\ncontent: Họp")
    assert problems == []
    assert week.items[0].time == "14:00"
    week, problems = one("date: 02/12/2026 14:00\ntime: 14h00\ncontent: Họp")
    assert week.items == ()
    assert problems == [Problem(PATH, 4, "time", "`date:` already gives a time; remove the time from `date:` or "
                                                 "the `time:` line")]


def test_a_date_with_an_offset_counts_in_the_site_time_zone():
    """20:00 in New York on Sunday is Monday morning in Mây Ngàn: the next week."""
    week, problems = one("date: 2026-12-06T20:00:00-05:00\ncontent: Họp")
    assert week.items == ()
    assert problems[0].message.startswith("07/12/2026 is not in this file's week 2026-W49")


def test_leader_and_participants_may_be_lists():
    week, problems = one("date: 30/11/2026\ncontent: Tiếp xúc cử tri\nleader: [Sùng A Lử, '', Vàng Seo Chứ]\n"
                         "participants:\n  - Tổ đại biểu HĐND\n  - 1:30\n  - ~")
    assert problems == []
    assert (week.items[0].leader, week.items[0].participants) == ("Sùng A Lử, Vàng Seo Chứ", "Tổ đại biểu HĐND, 1:30")
    week, problems = one("date: 30/11/2026\ncontent: Họp\nleader: [[a], b]")
    assert problems == [Problem(PATH, 5, "leader", "must be one piece of text or a list of names: "
                                                   "`leader: [One name, Another]`")]


def test_texts_are_nfc_and_on_one_line():
    week, problems = one("date: 30/11/2026\ncontent: |\n  Họp giao ban\n  tuần 49\nplace: \"  Pho\u0300ng ho\u0323p \"")
    assert problems == []
    assert (week.items[0].content, week.items[0].place) == ("Họp giao ban tuần 49", "Phòng họp")


def test_items_are_sorted_by_date_then_time_untimed_first_then_file_order():
    week, problems = parse("items:\n"
                           "  - {date: 02/12/2026, time: 14h00, content: c}\n"
                           "  - {date: 30/11/2026, time: 08:00, content: a}\n"
                           "  - {date: 02/12/2026, content: b}\n"
                           "  - {date: 02/12/2026, time: 8h, content: b2}\n"
                           "  - {date: 02/12/2026, content: b1}\n"
                           "  - {date: 02/12/2026, time: 14:00, content: d}\n")
    assert problems == []
    assert [item.content for item in week.items] == ["a", "b", "b1", "b2", "c", "d"]


def test_an_empty_week_has_seven_free_days():
    week, problems = parse("items: []\n")
    assert problems == []
    assert week.items == ()
    assert [day for day, _ in week.days] == [MONDAY + dt.timedelta(days=n) for n in range(7)]
    assert all(items == () for _, items in week.days)


def test_days_and_upcoming():
    week, _ = parse("items:\n  - {date: 30/11/2026, content: a}\n  - {date: 02/12/2026, content: b}\n"
                    "  - {date: 04/12/2026, content: c}\n  - {date: 04/12/2026, time: 9h, content: d}\n")
    assert [(day.day, [i.content for i in items]) for day, items in week.days] == [
        (30, ["a"]), (1, []), (2, ["b"]), (3, []), (4, ["c", "d"]), (5, []), (6, [])]
    assert [(day.day, len(items)) for day, items in week.upcoming(TODAY)] == [(2, 1), (4, 2)]
    assert [day.day for day, _ in week.upcoming(dt.date(2026, 11, 1))] == [30, 2, 4]
    assert week.upcoming(dt.date(2026, 12, 5)) == ()


# -- problems ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fields, line, field, message", [
    ("content: Họp", 3, "date", "required field is missing: add a line `date: 30/11/2026`"),
    ("date: ''\ncontent: Họp", 3, "date", "required field is missing: add a line `date: 30/11/2026`"),
    ("date: 30/11/2026", 3, "content", "required field is missing: add a line `content: Họp giao ban UBND thị xã`"),
    ("date: 30/11/2026\ncontent: '  '", 4, "content", "must not be empty; write `content: Họp giao ban UBND thị xã`"),
    ("date: 30/11/2026\ncontent: [a, b]", 4, "content",
     "must be one piece of text, not a list or a mapping; write `content: Họp giao ban UBND thị xã`"),
    ("date: 30/11/2026\ncontent: Họp\nplace: {a: 1}", 5, "place",
     "must be one piece of text, not a list or a mapping; write `place: Phòng họp tầng 2`"),
    ("content: Họp\ndate: thứ hai", 4, "date",
     "cannot read 'thứ hai' as a date; write 28/12/2021, 28/12/2021 08:30, 2021-12-28 or 2021-12-28 08:30"),
    ("content: Họp\ndate: 31/11/2026", 4, "date",
     "'31/11/2026' is not a real date and time; check the day, month, hour and offset"),
    ("content: Họp\ndate: 20261130", 4, "date",
     "cannot read '20261130' as a date; write 28/12/2021, 28/12/2021 08:30, 2021-12-28 or 2021-12-28 08:30"),
    ("content: Họp\ndate: [30/11/2026]", 4, "date",
     "cannot read \"['30/11/2026']\" as a date; write 28/12/2021, 28/12/2021 08:30, 2021-12-28 or 2021-12-28 08:30"),
    ("content: Họp\ndate: 07/12/2026", 4, "date",
     ("07/12/2026 is not in this file's week 2026-W49 (Monday 30/11/2026 to Sunday 06/12/2026); fix the date or "
      "move the engagement to that week's file")),
    ("content: Họp\ndate: 29/11/2026", 4, "date",
     ("29/11/2026 is not in this file's week 2026-W49 (Monday 30/11/2026 to Sunday 06/12/2026); fix the date or "
      "move the engagement to that week's file")),
    ("content: Họp\ndate: 30/11/2026\ntime: 25h", 5, "time", "'25h' is not a time of day; write 08:00, 8h or 14h30"),
])
def test_each_problem_names_its_line_field_and_fix(fields, line, field, message):
    week, problems = one(fields)
    assert week is not None and week.items == ()
    assert problems == [Problem(PATH, line, field, message)]
    assert str(problems[0]) == f"{PATH}:{line}: {field}: {message}"


def test_a_date_outside_the_week_names_its_monday_and_sunday_in_vietnamese():
    _, problems = one("content: Họp\ndate: 2026-12-07", VI)
    assert problems[0].message == ("ngày 07/12/2026 không thuộc tuần 2026-W49 của tệp này (từ thứ Hai 30/11/2026 đến "
                                   "Chủ nhật 06/12/2026); sửa ngày hoặc chuyển việc sang tệp của tuần đó")


def test_a_week_across_two_years_checks_its_own_days():
    week, problems = parse("items:\n  - {date: 03/01/2027, content: a}\n  - {date: 28/12/2026, content: b}\n",
                           name="2026-W53.yml")
    assert problems == []
    assert [item.date for item in week.items] == [dt.date(2026, 12, 28), dt.date(2027, 1, 3)]
    _, problems = parse("items:\n  - {date: 04/01/2027, content: a}\n", name="2026-W53.yml")
    assert "(Monday 28/12/2026 to Sunday 03/01/2027)" in problems[0].message


def test_an_unknown_key_is_a_warning_with_a_suggestion_and_the_item_is_kept():
    week, problems = one("date: 30/11/2026\ncontent: Họp\nplcae: Phòng họp\nghi_chu: x")
    assert len(week.items) == 1
    assert problems == [
        Problem(PATH, 5, "plcae", "unknown field, ignored; did you mean `place`?", "warning"),
        Problem(PATH, 6, "ghi_chu", "unknown field, ignored; known fields: date, time, leader, content, place, "
                "participants", "warning")]
    _, problems = parse("item:\n  - {date: 30/11/2026, content: a}\nitems: []\n")
    assert problems == [Problem(PATH, 1, "item", "unknown field, ignored; did you mean `items`?", "warning")]


@pytest.mark.parametrize("text, line", [
    ("", 1), ("# tuần này chưa có lịch\n", 1), ("items:\n  date: 30/11/2026\n", 1), ("\nitems: họp\n", 2),
    ("lich:\n  - {date: 30/11/2026, content: a}\n", 1),
])
def test_the_file_must_start_with_a_list_of_items(text, line):
    week, problems = parse(text)
    assert week is None
    assert [p for p in problems if p.severity == "error"] == [
        Problem(PATH, line, "items", "start the file with `items:` and list each engagement under it, each starting "
                                     "with a line `- date: …`")]


def test_an_item_that_is_not_a_mapping_is_named_and_the_others_are_kept():
    week, problems = parse("items:\n  - Họp giao ban\n  - date: 30/11/2026\n    content: a\n  - [b]\n")
    assert [item.content for item in week.items] == ["a"]
    assert brief(problems) == [(2, "items", "error"), (5, "items", "error")]
    assert problems[0].message.startswith("each engagement is an entry starting with `- date: …`")


def test_every_error_of_every_item_is_reported_in_the_file_order():
    week, problems = parse("items:\n"
                           "  - time: sáng\n    date: 07/12/2026\n    content: a\n"
                           "  - date: 01/12/2026\n    content: b\n"
                           "  - place: c\n")
    assert [item.content for item in week.items] == ["b"]
    assert brief(problems) == [(2, "time", "error"), (3, "date", "error"), (7, "content", "error"),
                               (7, "date", "error")]


def test_a_yaml_error_or_a_hostile_file_is_a_problem_not_a_crash():
    week, problems = parse("items:\n  - date: 30/11/2026\n    content: Họp: giao ban\n")
    assert week is None and [p.line for p in problems] == [3]
    for text in ("items: &a [*a]\n", "items:\n" + "  - " * 40 + "x\n", "items: &a\n  - {date: 30/11/2026, content: *a}\n"):
        week, problems = parse(text)
        assert all(isinstance(p, Problem) for p in problems) and problems


def test_messages_follow_the_site_language():
    _, vi = one("date: 30/11/2026\ncontent: Họp\ntime: sáng\nnoi_dung: x", VI)
    _, en = one("date: 30/11/2026\ncontent: Họp\ntime: sáng\nnoi_dung: x", EN)
    assert [(p.line, p.field) for p in vi] == [(p.line, p.field) for p in en] == [(5, "time"), (6, "noi_dung")]
    assert vi[0].message == "'sáng' không phải giờ trong ngày; viết 08:00, 8h hoặc 14h30"
    assert en[0].message == "'sáng' is not a time of day; write 08:00, 8h or 14h30"


# -- weeks, and the words of the templates ----------------------------------------------------------------------

def week_n(year: int, number: int, items: str = "[]") -> Week:
    week, problems = parse(f"items: {items}\n", name=f"{year}-W{number:02d}.yml")
    assert problems == []
    return week


def test_the_current_week_holds_today():
    weeks = [week_n(2026, 48), week_n(2026, 49), week_n(2026, 50)]
    assert current_week(weeks, TODAY).key == "2026-W49"
    assert current_week(weeks, dt.datetime(2026, 12, 6, 23, 59, tzinfo=VN)).key == "2026-W49"
    assert current_week(weeks, dt.datetime(2026, 12, 7, 0, 0, tzinfo=VN)).key == "2026-W50"
    assert current_week(weeks, dt.date(2026, 12, 14)) is None
    assert current_week([], TODAY) is None


def test_the_list_of_weeks_is_newest_first():
    weeks = [week_n(2026, 49), week_n(2027, 1), week_n(2026, 53), week_n(2026, 48)]
    assert [w.key for w in newest_first(weeks)] == ["2027-W01", "2026-W53", "2026-W49", "2026-W48"]


@pytest.mark.parametrize("language, labels", [
    ("vi", ["Thứ Hai, 30/11/2026", "Thứ Ba, 01/12/2026", "Thứ Tư, 02/12/2026", "Thứ Năm, 03/12/2026",
            "Thứ Sáu, 04/12/2026", "Thứ Bảy, 05/12/2026", "Chủ nhật, 06/12/2026"]),
    ("en", ["Monday, 30/11/2026", "Tuesday, 01/12/2026", "Wednesday, 02/12/2026", "Thursday, 03/12/2026",
            "Friday, 04/12/2026", "Saturday, 05/12/2026", "Sunday, 06/12/2026"]),
])
def test_day_labels(language, labels):
    assert [day_label(MONDAY + dt.timedelta(days=n), Locale(language)) for n in range(7)] == labels


def test_week_labels():
    assert week_label(week_n(2026, 49), Locale("vi")) == "Tuần 49 (30/11–06/12/2026)"
    assert week_label(week_n(2026, 50), Locale("en")) == "Week 50 (07/12–13/12/2026)"
    assert week_label(week_n(2026, 53), Locale("vi")) == "Tuần 53 (28/12/2026–03/01/2027)"
    assert week_label(week_n(2027, 1), Locale("vi")) == "Tuần 1 (04/01–10/01/2027)"


# -- the sample portal ------------------------------------------------------------------------------------------

FOLDER = REPO / "content" / "lich-cong-tac"


def sample_weeks() -> list[Week]:
    weeks = []
    for file in sorted(FOLDER.glob("*.yml")):
        week, problems = parse_week(file.read_text(encoding="utf-8"), f"content/lich-cong-tac/{file.name}",
                                    file.name, VN, VI)
        assert problems == [], file.name
        weeks.append(week)
    return weeks


def test_the_sample_weeks_parse_without_problems():
    weeks = sample_weeks()
    assert [w.key for w in weeks] == ["2026-W48", "2026-W49", "2026-W50"]
    assert all(4 <= len(w.items) <= 8 for w in weeks)
    assert current_week(weeks, TODAY).key == "2026-W49"
    assert current_week(weeks, TODAY).upcoming(TODAY)[0][0] == TODAY


def test_the_sample_leaders_are_those_of_the_leaders_page():
    leaders, problems = parse_leaders((REPO / "content" / ".leaders.yml").read_text(encoding="utf-8"),
                                      "content/.leaders.yml", VI)
    assert problems == []
    names = {leader.name for leader in leaders}
    named = {name for w in sample_weeks() for item in w.items for name in (item.leader or "").split(", ")}
    assert named and named <= names


# -- the partials -----------------------------------------------------------------------------------------------

def render(template: str, language: str = "vi", **variables) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME_DIR)), undefined=jinja2.StrictUndefined)
    env.filters["url"] = lambda value: "../" + value  # as the site's filter: a path from the page
    locale = Locale(language)
    bantin = SimpleNamespace(t=STRINGS[language], day_label=lambda day: day_label(day, locale),
                             week_label=lambda week: week_label(week, locale))
    return env.get_template(f"partials/bantin/{template}").render(bantin=bantin, **variables)


def texts(html: str, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in lxml.html.fromstring(html).xpath(xpath)]


def test_the_week_partial_shows_each_day_and_each_item():
    week, _ = parse(FULL + "  - {date: 30/11/2026, time: '7:30', content: Chào cờ}\n"
                           "  - {date: 2026-12-02, content: Tiếp công dân, leader: Hoàng Văn An}\n")
    html = render("week.html", week=week, today=TODAY, weeks_url="lich-cong-tac/")
    assert texts(html, "//h1") == ["Lịch công tác"]
    assert texts(html, "//p[@class='bantin-lead']") == ["Tuần 49 (30/11–06/12/2026)"]
    assert texts(html, "//h2") == ["Thứ Hai, 30/11/2026", "Thứ Ba, 01/12/2026", "Thứ Tư, 02/12/2026 Hôm nay",
                                   "Thứ Năm, 03/12/2026", "Thứ Sáu, 04/12/2026", "Thứ Bảy, 05/12/2026",
                                   "Chủ nhật, 06/12/2026"]
    page = lxml.html.fromstring(html)
    assert [s.get("aria-current") for s in page.xpath("//section")] == [None, None, "date", None, None, None, None]
    monday = page.xpath("//section")[0]
    assert texts(html, "//section[1]//li/p") == ["07:30: Chào cờ", "08:00: Họp giao ban UBND thị xã"]
    assert [t.get("datetime") for t in monday.xpath(".//li//time")] == ["2026-11-30T07:30", "2026-11-30T08:00"]
    assert texts(html, "//section[1]//li[2]//dt") == ["Lãnh đạo", "Địa điểm", "Thành phần"]
    assert texts(html, "//section[1]//li[2]//dd") == ["Hoàng Văn An", "Phòng họp số 1", "Các Phó Chủ tịch UBND thị xã"]
    assert texts(html, "//section[3]//li/p") == ["Tiếp công dân"]  # no time: the content alone
    assert texts(html, "//section[3]//li//dd") == ["Hoàng Văn An"]
    assert texts(html, "//p[@class='bantin-week__free']") == ["Không có lịch công tác."] * 5
    assert page.xpath("//p[@class='bantin-more']/a")[0].get("href") == "../lich-cong-tac/"


def test_the_week_partial_needs_only_the_week_and_speaks_english():
    html = render("week.html", "en", week=week_n(2026, 50))
    assert texts(html, "//p[@class='bantin-lead']") == ["Week 50 (07/12–13/12/2026)"]
    assert texts(html, "//h2")[-1] == "Sunday, 13/12/2026"
    assert texts(html, "//p[@class='bantin-week__free']") == ["Nothing scheduled."] * 7
    assert "aria-current" not in html and "bantin-more" not in html


def test_the_weeks_partial_lists_the_weeks_as_given_with_this_week_marked():
    weeks = newest_first([week_n(2026, 48), week_n(2026, 50), week_n(2026, 49)])
    pairs = [(w, f"lich-cong-tac/{w.key}/") for w in weeks]
    html = render("weeks.html", weeks=pairs, current=weeks[1])
    assert texts(html, "//h1") == ["Lịch công tác các tuần"]
    assert texts(html, "//li") == ["Tuần 50 (07/12–13/12/2026)", "Tuần 49 (30/11–06/12/2026) tuần này",
                                   "Tuần 48 (23/11–29/11/2026)"]
    links = lxml.html.fromstring(html).xpath("//li/a")
    assert [a.get("href") for a in links] == ["../lich-cong-tac/2026-W50/", "../lich-cong-tac/2026-W49/",
                                              "../lich-cong-tac/2026-W48/"]
    assert [a.get("aria-current") for a in links] == [None, "date", None]
    assert "tuần này" not in render("weeks.html", weeks=pairs)
    assert texts(render("weeks.html", "en", weeks=[]), "//p") == ["No schedules yet."]


def test_the_home_box_shows_today_and_the_coming_days():
    week = next(w for w in sample_weeks() if w.key == "2026-W49")
    html = render("week_box.html", week=week, today=TODAY, week_url="lich-cong-tac/2026-W49/")
    assert texts(html, "//h2") == ["Lịch công tác tuần này"]
    headings = texts(html, "//h3")
    assert headings[0] == "Thứ Tư, 02/12/2026 (Hôm nay)"
    assert "Thứ Hai, 30/11/2026" not in headings and "Thứ Ba, 01/12/2026" not in headings
    assert len(lxml.html.fromstring(html).xpath("//li")) == len([i for i in week.items if i.date >= TODAY])
    assert texts(html, "//h3[1]/following-sibling::ul[1]/li")[0].startswith("08:00 Sùng A Lử, Vàng Seo Chứ: ")
    assert lxml.html.fromstring(html).xpath("//a")[0].get("href") == "../lich-cong-tac/2026-W49/"


def test_the_home_box_says_when_there_is_nothing():
    assert texts(render("week_box.html", week=None, today=TODAY), "//p") == ["Chưa có lịch công tác tuần này."]
    assert texts(render("week_box.html", "en", today=TODAY), "//p") == ["No schedule for this week yet."]
    week = week_n(2026, 49, "[{date: 30/11/2026, content: a}]")
    html = render("week_box.html", week=week, today=TODAY)
    assert texts(html, "//p") == ["Không còn lịch công tác nào trong tuần này."]
    assert "<a " not in html


def test_hostile_text_is_escaped_in_every_partial():
    week, problems = one(f'date: 02/12/2026\ntime: 8h\ncontent: "{HOSTILE}"\nleader: "<b onclick=x>An</b>"\n'
                         f'place: "\\" onmouseover=\\"x"\nparticipants: "{HOSTILE}"')
    assert problems == []
    for html in (render("week.html", week=week, today=TODAY), render("week_box.html", week=week, today=TODAY),
                 render("weeks.html", weeks=[(week, '" onclick="x')])):
        assert "<script" not in html and "<b onclick" not in html and 'onclick="x' not in html
        assert 'onmouseover="x' not in html
    assert "&lt;script&gt;" in render("week.html", week=week)
