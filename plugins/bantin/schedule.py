"""The leaders' weekly work schedule (lịch công tác): one YAML file per ISO week in `content/lich-cong-tac/`.

    # content/lich-cong-tac/2026-W49.yml: Monday 30/11/2026 to Sunday 06/12/2026
    items:
      - date: 30/11/2026                 # required; the forms of an article's `date:`
        time: 08:00                      # or 8h, 14h30; written HH:MM
        leader: Hoàng Văn An
        content: Họp giao ban UBND thị xã   # required
        place: Phòng họp tầng 2, trụ sở UBND thị xã
        participants: Lãnh đạo UBND thị xã, trưởng các phòng chuyên môn

`leader` and `participants` may also be lists of texts. Pure functions of a file's name and text: nothing here
reads files or knows MkDocs. An item with an error is left out of its week, the others are kept; a file whose
name is not an ISO week, or whose `items:` is not a list, gives no week.

Words for the templates come from the i18n `Locale` through `day_label` and `week_label`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .front import YEARS, BadDate, load, nested, parse_date, shorten
from .i18n import Locale
from .leaders import EntryProblems, hint, scalar_text
from .messages import Messages
from .problems import Problem

KEYS = ("date", "time", "leader", "content", "place", "participants")
EXAMPLES = {"date": "30/11/2026", "time": "08:00", "leader": "Hoàng Văn An", "content": "Họp giao ban UBND thị xã",
            "place": "Phòng họp tầng 2", "participants": "Lãnh đạo UBND thị xã"}
FOLDER = "lich-cong-tac"

_NAME = re.compile(r"^(\d{4})-W(\d{2})\.yml$")
# 08:00, 8:00, 8h, 8h30, 14h30, 14 giờ 30; hours and minutes checked apart.
_TIME = re.compile(r"^(\d{1,2})\s*(?::\s*(\d{2})|(?:h|giờ)\s*(\d{2})?)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Item:
    """One engagement of the week."""

    date: dt.date
    content: str
    time: str | None = None  # "HH:MM"; None when the day's engagement has no set hour
    leader: str | None = None
    place: str | None = None
    participants: str | None = None
    line: int = field(default=0, compare=False)  # the line of the item's `- ` in its file

    @property
    def iso(self) -> str:
        """For `<time datetime>`: 2026-11-30T08:00, or 2026-11-30 without a time."""
        return f"{self.date.isoformat()}T{self.time}" if self.time else self.date.isoformat()


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week's schedule; `items` sorted by date, then time (items without a time first), then file order."""

    year: int
    week: int
    monday: dt.date
    items: tuple[Item, ...]
    src: str  # the `path` it was read from

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def key(self) -> str:
        """2026-W49, as in the file's name."""
        return f"{self.year}-W{self.week:02d}"

    @property
    def days(self) -> tuple[tuple[dt.date, tuple[Item, ...]], ...]:
        """Monday to Sunday, each day with its items (possibly none)."""
        return tuple((day, tuple(i for i in self.items if i.date == day))
                     for day in (self.monday + dt.timedelta(days=n) for n in range(7)))

    def upcoming(self, today: dt.date) -> tuple[tuple[dt.date, tuple[Item, ...]], ...]:
        """From `today` to Sunday, the days that have items (every such day when the week is still to come)."""
        return tuple((day, items) for day, items in self.days if items and day >= today)


def week_of(filename: str) -> tuple[int, int] | None:
    """(year, week) from a file name such as `2026-W49.yml` (a path's last part counts), None if it is not
    an ISO week that exists (2026 has 53 weeks, 2025 has 52)."""
    match = _NAME.match(posixpath.basename(filename.replace("\\", "/")))
    if not match:
        return None
    year, week = int(match.group(1)), int(match.group(2))
    if not YEARS[0] <= year <= YEARS[1]:
        return None
    try:
        dt.date.fromisocalendar(year, week, 1), dt.date.fromisocalendar(year, week, 7)  # 9999-W52 ends in 10000
    except ValueError:
        return None
    return year, week


def parse_time(text: str) -> str | None:
    """08:00, 8:00, 8h, 8h30, 14h30 → "HH:MM"; None when it is not a time of day."""
    match = _TIME.match(" ".join(text.split()))
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or match.group(3) or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_week(text: str, path: str, name: str, tz: dt.tzinfo,
               say: Messages | None = None) -> tuple[Week | None, list[Problem]]:
    """The week a file describes, and every problem found. `path` is the file as messages name it; `name` its
    file name (`2026-W49.yml`), which says the week; `tz` the site's time zone, for dates with an offset."""
    say = say or Messages()
    found = week_of(name)
    if found is None:
        return None, [Problem(path, 1, "file", say("week_name", name=shorten(posixpath.basename(name))))]
    year, number = found
    monday = dt.date.fromisocalendar(year, number, 1)
    sunday = monday + dt.timedelta(days=6)
    data, top, _, problems = load(text, path, say)
    if data is None:
        return None, problems
    for key in data:
        if str(key) != "items":
            problems.append(Problem(path, top.get(str(key), 1), str(key),
                                    say("unknown_field", hint=hint(str(key), ("items",), say)), "warning"))
    entries = data.get("items")
    if not isinstance(entries, list):
        return None, problems + [Problem(path, top.get("items", 1), "items", say("week_start"))]
    lines, raw = nested(text)
    items: list[tuple[Item, int]] = []
    for index, entry in enumerate(entries):
        here = ("items", index)
        start = lines.get(here, top["items"])
        if not isinstance(entry, dict):
            problems.append(Problem(path, start, "items", say("week_item")))
            continue
        r = EntryProblems(path, lines, here, start, say)
        error = r.error
        for key in entry:
            if str(key) not in KEYS:
                error(str(key), "unknown_field", "warning", hint=hint(str(key), KEYS, say))
        texts: dict[str, str] = {}
        for key in ("content", "place", "leader", "participants", "time"):
            value = entry.get(key)
            if value is None or value == "":
                continue
            if key in ("leader", "participants") and isinstance(value, list):
                if any(isinstance(v, (dict, list)) for v in value):
                    error(key, "week_names", field=key)
                    continue
                parts = (scalar_text(v, raw.get(here + (key, n))) for n, v in enumerate(value) if v is not None)
                texts[key] = ", ".join(" ".join(p.split()) for p in parts if p.strip())
                continue
            if isinstance(value, (dict, list)):
                error(key, "not_text", field=key, example=EXAMPLES[key])
                continue
            texts[key] = " ".join(scalar_text(value, raw.get(here + (key,))).split())
        if "content" not in entry or entry["content"] in (None, ""):
            error("content", "required", field="content", example=EXAMPLES["content"])
        elif "content" in texts and not texts["content"]:
            error("content", "empty", field="content", example=EXAMPLES["content"])
        time = None
        if texts.get("time"):
            time = parse_time(texts["time"])
            if time is None:
                error("time", "week_time", value=shorten(texts["time"]))
        day = None
        value = entry.get("date")
        if value is None or value == "":
            error("date", "required", field="date", example=monday.strftime("%d/%m/%Y"))
        else:
            value = scalar_text(value, raw.get(here + ("date",))) if not isinstance(value, (dict, list)) else value
            try:
                moment, timed = parse_date(value, tz)
            except BadDate as bad:
                error("date", f"date_{bad.reason}", value=shorten(str(value)))
            else:
                day = moment.date()
                if not monday <= day <= sunday:
                    error("date", "week_outside", value=day.strftime("%d/%m/%Y"), week=f"{year}-W{number:02d}",
                          monday=monday.strftime("%d/%m/%Y"), sunday=sunday.strftime("%d/%m/%Y"))
                elif timed and texts.get("time"):
                    error("time", "week_time_twice")
                elif timed:
                    time = moment.strftime("%H:%M")
        problems += r.sorted()
        if day is None or r.failed:
            continue
        item = Item(date=day, content=texts["content"], time=time, leader=texts.get("leader") or None,
                    place=texts.get("place") or None, participants=texts.get("participants") or None, line=start)
        items.append((item, index))
    items.sort(key=lambda pair: (pair[0].date, pair[0].time or "", pair[1]))
    return Week(year, number, monday, tuple(item for item, _ in items), path), problems


def current_week(weeks: Iterable[Week], now: dt.date | dt.datetime) -> Week | None:
    """The week that holds `now` (a datetime counts by its own date: give it in the site's time zone)."""
    today = now.date() if isinstance(now, dt.datetime) else now
    return next((w for w in weeks if w.monday <= today <= w.sunday), None)


def newest_first(weeks: Iterable[Week]) -> list[Week]:
    """The weeks for the list of weeks: the latest Monday first."""
    return sorted(weeks, key=lambda w: w.monday, reverse=True)


# -- words for the templates (the `bantin` object passes its Locale) -----------------------------------------

def day_label(day: dt.date, locale: Locale) -> str:
    """"Thứ Hai, 30/11/2026", "Chủ nhật, 06/12/2026"; "Monday, 30/11/2026" in English."""
    return f"{locale[f'weekday_{day.isoweekday()}']}, {day.strftime('%d/%m/%Y')}"


def week_label(week: Week, locale: Locale) -> str:
    """"Tuần 49 (30/11–06/12/2026)"; a week across two years gives both: "Tuần 1 (29/12/2025–04/01/2026)"."""
    first = "%d/%m" if week.monday.year == week.sunday.year else "%d/%m/%Y"
    return f"{locale['week_n']} {week.week} ({week.monday.strftime(first)}–{week.sunday.strftime('%d/%m/%Y')})"
