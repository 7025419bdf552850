"""Hostile content, as an editor's mistake or an attacker's file would bring it, through `python build.py`.

Error cases (the table CASES): each makes `build` exit 1 within seconds, printing a `path:line: field: message`
line for the file (path relative to the site's folder), no traceback and no line longer than a person reads, and
leaves the previous site byte for byte as it was; `check` reports the same path, line and field and exits 1.
Messages are in the site's language (Vietnamese here), so only their shape, path, line and field are asserted.

Success cases (hostile.SUCCESS): script, attribute and template injections and characters XML cannot carry, in
every field a reader sees on every kind of page; the build succeeds and nothing of them is live in HTML, feeds,
the sitemap or JSON.

Then files that are not what they seem: symlinks out of the content folder, /dev/zero, a FIFO; and content files
at addresses another file or the build already uses.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest

from conftest import write_site
from hostile import (ARTICLE_TITLE, ARTICLE_URL, JINJA, LINK_LINES, LINKS_ARTICLE, LINKS_PATH, PAGE_URL, PNG, SCRIPT,
                     SECRET, SUCCESS, VALID, api_build, bantin, files_containing, leftovers, problem_lines, snapshot)

ART = "content/tin-tuc/2026/"
ANY = r"[^\s:]+"  # any field name
LONGEST_LINE = 300  # characters: one problem is one line a person reads, whatever the file holds
XSD = Path(__file__).parent / "data" / "sitemap.xsd"


# -- the table of error cases -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Expect:
    """One problem the editor must read: `path:line: field: …`."""

    path: str
    field: str = ANY  # a regular expression
    lines: tuple[int, ...] | None = None  # None: any line
    message: str | None = None  # a regular expression the line must contain (case-insensitive)


@dataclass(frozen=True)
class Case:
    id: str
    group: str  # cases of a group share one `check` run
    files: dict[str, str | bytes]
    expect: tuple[Expect, ...] = ()
    more: Callable[[list[str]], None] | None = None  # further assertions on stderr's lines (cases across files)
    seconds: float = 20.0
    max_rss_mb: float | None = None


def article(name: str, *extra: str, date: str = "28/12/2021 08:30", body: str = "Nội dung bài viết.") -> dict:
    """An article whose lines are known: 1 `---`, 2 title, 3 author, 4 date, 5… the `extra` lines, then `---`."""
    text = "\n".join(["---", f'title: "Bài thử {name}"', "author: Lan", f"date: {date}", *extra, "---", "",
                      body, ""])
    return {f"{ART}{name}.md": text}


def single(group: str, id: str, files: dict, field: str = ANY, lines: int | tuple[int, ...] | None = None,
           message: str | None = None, **options) -> Case:
    """A case of one file, expected to be reported on `field` at `lines`."""
    (path,) = [p for p in files if not p.endswith(".png")]
    lines = (lines,) if isinstance(lines, int) else lines
    return Case(id, group, files, (Expect(path, field, lines, message),), **options)


def date_case(id: str, value: str) -> Case:
    return single("dates", id, article(id, date=value), "date", 4)


def image_case(id: str, value: str) -> Case:
    return single("images", id, article(id, f"image: {value}", 'image_alt: "Ảnh minh họa"'), "image", 5)


LATIN = "---\ntitle: Thông báo\nauthor: Lan\ndate: 28/12/2021\n---\n\nThông báo: café à la carte.\n"
NESTED = "tags: " + "[" * 100_000 + "]" * 100_000
BOMB = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
        *[f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")],
        "tags: *i"]  # 9⁹ = 387 420 489 strings once expanded


def _across(paths: list[str], field: str, words: list[str], unnamed: int = 0) -> Callable[[list[str]], None]:
    """A problem across files: lines on `field` about these files, naming all of them but `unnamed` (the file of
    the spelling the others are compared with, say), and every one of `words`."""
    def more(lines: list[str]) -> None:
        found = [line for path in paths for _, _, line in problem_lines(lines, path, field)]
        assert found, f"no `path:line: {field}:` line about any of {paths}"
        text = "\n".join(found)
        missing = [p for p in paths if p not in text]
        assert len(missing) <= unnamed, f"files not named in the {field} lines {found}: {missing}"
        missing = [w for w in words if w not in text]
        assert not missing, f"not named in the {field} lines {found}: {missing}"
    return more


CATEGORY_FILES = [f"{ART}chuyen-muc-{x}.md" for x in "abc"]
TWIN_FILES = [f"{ART}trung-ten-{x}.md" for x in "12"]

CASES = [
    # dates that YAML reads (or half reads) but that are no real moment
    date_case("ngay-31-thang-2", "2021-02-31"),
    date_case("nam-0", "0000-01-01"),
    date_case("gio-25", "2021-01-01 25:00"),
    date_case("lech-25-gio", "2021-01-01T10:00:00+25:00"),
    date_case("timestamp-thang-13", "!!timestamp 2021-13-01"),
    date_case("nam-1899", "01/01/1899"),
    date_case("nam-10000", "01/01/10000"),
    # files that are not UTF-8 text
    single("encodings", "latin-1", {f"{ART}latin-1.md": LATIN.encode("latin-1")}),
    single("encodings", "utf-16", {f"{ART}utf-16.md": LATIN.encode("utf-16")}),
    single("encodings", "nhi-phan", {f"{ART}nhi-phan.md": random.Random(1).randbytes(4096)}),
    # numbers beyond reason, and YAML 1.1's octal and base 60
    single("numbers", "views-qua-lon", article("views-qua-lon", "views: 10000000000000"), "views", 5),
    single("numbers", "views-bat-phan", article("views-bat-phan", "views: 010"), "views", 5),
    single("numbers", "views-co-so-60", article("views-co-so-60", "views: 1:30"), "views", 5),
    # templates that do not exist or are not page templates
    single("templates", "template-khong-co", article("template-khong-co", "template: nothing.html"), "template", 5),
    single("templates", "template-base", article("template-base", "template: base.html"), "template", 5),
    single("templates", "template-partial", article("template-partial", "template: partials/bantin/meta.html"),
           "template", 5),
    single("templates", "trang-template-khong-co",
           {"content/trang-mau.md": '---\ntitle: "Trang mẫu"\ntemplate: nothing.html\n---\n\nNội dung.\n'},
           "template", 3),
    # a list where a page's title is text
    single("pages", "trang-chu-title-list",
           {"content/index.md": '---\ntitle: ["</title><script>alert(1)</script>"]\n---\n\nTrang chủ.\n'}, "title", 2),
    single("pages", "trang-tinh-title-list",
           {"content/gioi-thieu.md": '---\ntitle: ["</title><script>alert(1)</script>"]\n---\n\nGiới thiệu.\n'},
           "title", 2),
    # YAML that would crash or exhaust the process
    single("yaml-limits", "long-sau", article("long-sau", NESTED), r"tags|front-matter", 5),
    single("yaml-limits", "bom-alias", article("bom-alias", *BOMB), max_rss_mb=400),
    single("yaml-limits", "khoa-trung", article("khoa-trung", "draft: true", "featured: false", "draft: false"),
           "draft", (5, 7)),
    single("yaml-limits", "tab", article("tab", "tags:", "\t- Thiên tai"), r"tags|front-matter", (5, 6),
           message="tab"),
    # images that would run script, or load from another site without saying which protocol
    image_case("anh-javascript", '"javascript:alert(1)"'),
    image_case("anh-javascript-hoa-thuong", '"JaVaScRiPt:alert(1)"'),
    image_case("anh-javascript-tab", '" java\\tscript:alert(1)"'),
    image_case("anh-data", '"data:text/html,<script>alert(1)</script>"'),
    image_case("anh-vbscript", '"vbscript:x"'),
    image_case("anh-khong-giao-thuc", '"//evil.example/x.png"'),
    single("authors", "avatar-javascript",
           {"content/.authors.yml": 'authors:\n  Lan:\n    bio: "Phóng viên"\n    avatar: "javascript:alert(1)"\n'},
           "avatar", 4),
    # problems across files: warnings, which the strict build refuses too
    Case("chuyen-muc-nhieu-cach-viet", "across-files",
         {**article("chuyen-muc-a", "category: Kinh tế"), **article("chuyen-muc-b", "category: kinh tế"),
          **article("chuyen-muc-c", "category: Kinh te")},
         more=_across(CATEGORY_FILES, "category", ["Kinh tế", "kinh tế", "Kinh te"], unnamed=1)),
    Case("trung-tieu-de", "across-files",
         {p: f'---\ntitle: "Trùng tên bài viết"\nauthor: Lan\ndate: 2{i}/12/2021\n---\n\nBài {i}.\n'
          for i, p in enumerate(TWIN_FILES, 1)},
         more=_across(TWIN_FILES, "title", [])),
    # the body: an image that is not there, reported on its line of the file
    single("body", "anh-trong-bai-khong-co",
           article("anh-trong-bai-khong-co", body="Đoạn đầu.\n\n![x](images/khong-co.png)\n\nĐoạn cuối."), ANY, 9),
]
CASE_IDS = [c.id for c in CASES]
assert len(set(CASE_IDS)) == len(CASES)


def assert_reported(run, case: Case) -> None:
    """The problems of `case` on stderr as `path:line: field:` lines, and nothing a person cannot read."""
    output = run.stdout + run.stderr
    assert "Traceback" not in output, run.describe()
    long = [line[:120] + "…" for line in output.splitlines() if len(line) >= LONGEST_LINE]
    assert not long, f"{len(long)} line(s) of {LONGEST_LINE}+ characters: {long[:3]}\n{run.describe()}"
    for expect in case.expect:
        about = problem_lines(run.lines, expect.path)
        found = [(n, f, line) for n, f, line in about if re.fullmatch(expect.field, f)
                 and (expect.lines is None or n in expect.lines)
                 and (expect.message is None or re.search(expect.message, line, re.I))]
        assert found, (f"expected `{expect.path}:{'|'.join(map(str, expect.lines or ())) or 'N'}: "
                       f"{expect.field}: …`{f' saying {expect.message!r}' if expect.message else ''}; "
                       f"lines about the file: {[line for *_, line in about]}\n{run.describe()}")
    if case.more:
        case.more(run.lines)


# -- builds ------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def previous_site(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A site built from the valid corpus: what the web server serves when a broken build is attempted."""
    root = tmp_path_factory.mktemp("valid")
    write_site(root, VALID)
    built = bantin("build", cwd=root)
    assert built.returncode == 0, built.describe()
    return root / "site", snapshot(root / "site")


def project(root: Path, files: dict, previous_site) -> Path:
    """The valid corpus with `files` added (or replacing), and the previous build in its site folder."""
    write_site(root, {**VALID, **files})
    shutil.copytree(previous_site[0], root / "site", symlinks=True)
    return root


def assert_untouched(root: Path, previous_site) -> None:
    assert snapshot(root / "site") == previous_site[1], "the previous site was changed"
    assert leftovers(root) == []


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_build_refuses_and_keeps_the_previous_site(case, tmp_path, previous_site):
    root = project(tmp_path / "portal", case.files, previous_site)
    built = bantin("build", cwd=root)
    assert not built.timed_out, built.describe()
    assert built.returncode == 1, built.describe()
    assert built.seconds < case.seconds, built.describe()
    if case.max_rss_mb:
        assert built.max_rss_mb < case.max_rss_mb, built.describe()
    assert_reported(built, case)
    assert_untouched(root, previous_site)


@pytest.fixture(scope="module")
def checks(tmp_path_factory) -> Callable[[str], object]:
    """check(group) → the one `python build.py check` run over the valid corpus and every case of the group."""
    done = {}

    def check(group: str):
        if group not in done:
            root = tmp_path_factory.mktemp(f"check-{group}")
            write_site(root, {**VALID, **{p: t for c in CASES if c.group == group for p, t in c.files.items()}})
            done[group] = bantin("check", cwd=root)
        return done[group]
    return check


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_check_reports_the_same_problem(case, checks):
    checked = checks(case.group)
    assert not checked.timed_out, checked.describe()
    assert checked.returncode == 1, checked.describe()
    assert checked.seconds < case.seconds, checked.describe()
    if case.max_rss_mb:
        assert checked.max_rss_mb < case.max_rss_mb, checked.describe()
    assert_reported(checked, case)


# -- hostile strings that must build, and come out inert -----------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    write_site(root, SUCCESS)
    return root, bantin("build", cwd=root)


@pytest.fixture(scope="module")
def hostile_site(hostile_build) -> Path:
    root, built = hostile_build
    assert built.returncode == 0, built.describe()
    return root / "site"


def test_hostile_strings_build_and_check_cleanly(hostile_build):
    root, built = hostile_build
    assert built.returncode == 0, built.describe()
    assert "Traceback" not in built.stderr, built.describe()
    checked = bantin("check", cwd=root)
    assert checked.returncode == 0, checked.describe()


def _html_pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 8, pages
    return pages


_SCRIPT_URL = re.compile(r"^(javascript|vbscript|data:text/html)", re.I)
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href")


def _short(path: str, limit: int = 70) -> str:
    return path if len(path) <= limit else path[:30] + "…" + path[-(limit - 31):]


def live_markup(site: Path) -> dict[str, list[str]]:
    """Page → what of the content is live on it: scripts, event handlers, script URLs."""
    live: dict[str, list[str]] = {}
    for path in _html_pages(site):
        root = lxml.html.fromstring(path.read_bytes())
        found = live.setdefault(_short(path.relative_to(site).as_posix()), [])
        for script in root.iter("script"):
            if re.search(r"alert|__pwned|PWNED", script.text or ""):
                found.append(f"<script>{(script.text or '')[:40]}")
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                if name.lower().startswith("on") and re.search(r"alert|__pwned", value):
                    found.append(f"<{element.tag} {name}={value[:40]!r}>")
                if name.lower() in _URL_ATTRIBUTES and _SCRIPT_URL.match(re.sub(r"[\x00-\x20]", "", value)):
                    found.append(f"<{element.tag} {name}={value[:40]!r}>")
    return {page: found for page, found in live.items() if found}


def describe_live(live: dict[str, list[str]]) -> str:
    return f"script from content is live on {len(live)} page(s):\n" + "\n".join(
        f"  {page}: {len(found)}: {', '.join(sorted(set(found))[:4])}" for page, found in sorted(live.items())[:15])


def test_no_markup_from_content_is_live_in_any_page(hostile_site):
    live = live_markup(hostile_site)
    assert not live, describe_live(live)


def test_script_links_in_a_body_are_refused_or_inert(tmp_path, previous_site):
    """`[text](javascript:…)` in an article: refused on each link's line, or published as a link that runs
    nothing (tests/e2e/test_e2e_hostile.py follows them in chromium)."""
    root = project(tmp_path / "portal", LINKS_ARTICLE, previous_site)
    built = bantin("build", cwd=root)
    assert not built.timed_out and built.returncode in (0, 1), built.describe()
    assert "Traceback" not in built.stderr, built.describe()
    if built.returncode == 1:
        reported = {n for n, _, _ in problem_lines(built.lines, LINKS_PATH)}
        assert set(LINK_LINES) <= reported, f"links on lines {LINK_LINES}, reported {sorted(reported)}\n" + \
            built.describe()
        assert_untouched(root, previous_site)
    else:
        live = live_markup(root / "site")
        assert not live, describe_live(live)


def test_hostile_text_is_shown_as_text(hostile_site):
    def h1(url: str) -> str:
        root = lxml.html.fromstring((hostile_site / url / "index.html").read_bytes())
        return " ".join(root.xpath("//main//h1")[0].text_content().split())

    for url in (ARTICLE_URL, PAGE_URL):
        heading = h1(url)
        assert SCRIPT in heading and "{{ 7*7 }}" in heading, (url, heading)
    head_title = lxml.html.fromstring((hostile_site / ARTICLE_URL / "index.html").read_bytes()).xpath("//head/title")
    assert len(head_title) == 1 and SCRIPT in head_title[0].text_content()


def test_templates_in_content_are_not_evaluated(hostile_site):
    # JINJA is "{{ 7*7 }} {{ 191*7 }}": evaluated anywhere, "1337" would follow "49" or the first braces.
    evaluated = {found: files_containing(hostile_site, found) for found in ("49 1337", "}} 1337", "49 {{")}
    assert not any(evaluated.values()), evaluated
    for url in (ARTICLE_URL, PAGE_URL, ""):
        text = lxml.html.fromstring((hostile_site / url / "index.html").read_bytes()).text_content()
        assert JINJA in text, url


def _feeds(site: Path) -> list[Path]:
    feeds = [site / "feed.xml", site / "atom.xml", *sorted(site.glob("chuyen-muc/*/feed.xml")),
             *sorted(site.glob("chuyen-muc/*/atom.xml"))]
    return feeds


def test_feeds_parse_without_errors(hostile_site):
    feeds = _feeds(hostile_site)
    assert len(feeds) >= 4, feeds  # the site's two, and two for the hostile category
    bad = []
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        if parsed.bozo:
            bad.append(f"{_short(path.relative_to(hostile_site).as_posix())}: {parsed.bozo_exception!r}")
        elif not parsed.entries:
            bad.append(f"{_short(path.relative_to(hostile_site).as_posix())}: no entries")
        try:
            lxml.etree.fromstring(path.read_bytes())
        except lxml.etree.XMLSyntaxError as error:
            bad.append(f"{_short(path.relative_to(hostile_site).as_posix())}: not XML: {error}")
    assert not bad, "\n".join(bad)


def test_sitemap_is_valid(hostile_site):
    schema = lxml.etree.XMLSchema(lxml.etree.parse(str(XSD)))
    document = lxml.etree.parse(str(hostile_site / "sitemap.xml"))
    assert schema.validate(document), schema.error_log


def test_every_json_file_parses(hostile_site):
    files = sorted(hostile_site.rglob("*.json"))
    names = {p.relative_to(hostile_site).as_posix() for p in files}
    assert {"feed.json", "stats.json", "search/index.json"} <= names, names
    bad = []
    for path in files:
        try:
            json.loads(path.read_bytes().decode("utf-8"))
        except ValueError as error:
            bad.append(f"{_short(path.relative_to(hostile_site).as_posix())}: {error}")
    assert not bad, "\n".join(bad)
    titles = [item.get("title") for item in json.loads((hostile_site / "feed.json").read_text("utf-8"))["items"]]
    assert any(SCRIPT in (t or "") and t.startswith(ARTICLE_TITLE.split(" <")[0]) for t in titles), titles


# -- files that are not what they seem ---------------------------------------------------------------------------

def _outside(tmp_path: Path) -> Path:
    """A folder beside the site, holding a secret an editor's symlink must not publish."""
    outside = tmp_path / "ngoai"
    (outside / "thu-muc").mkdir(parents=True)
    for folder in (outside, outside / "thu-muc"):
        (folder / "bi-mat.md").write_text(f'---\ntitle: "{SECRET}"\nauthor: Lan\ndate: 28/12/2021\n---\n\n{SECRET}\n',
                                          encoding="utf-8")
        (folder / "bi-mat.txt").write_text(SECRET + "\n", encoding="utf-8")
    return outside


# (id, the path in the site's folder, what it is: a symlink's target or "fifo")
SPECIAL_FILES = [
    ("bai-tro-ra-ngoai", f"{ART}bi-mat.md", "outside/bi-mat.md"),
    ("tep-tro-ra-ngoai", "content/tai-lieu/bi-mat.txt", "outside/bi-mat.txt"),
    ("thu-muc-tro-ra-ngoai", "content/ngoai", "outside/thu-muc"),
    ("proc-self-environ", "content/tai-lieu/moi-truong.txt", "/proc/self/environ"),
    ("dev-zero", "content/zero.md", "/dev/zero"),
    ("fifo", f"{ART}ong-dan.md", "fifo"),
]


def _place(root: Path, relative: str, target: str, outside: Path) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if target == "fifo":
        os.mkfifo(path)
    else:
        os.symlink(outside / target.removeprefix("outside/") if target.startswith("outside/") else target, path)


@pytest.mark.parametrize("relative, target", [(p, t) for _, p, t in SPECIAL_FILES],
                         ids=[i for i, *_ in SPECIAL_FILES])
def test_special_file_in_content_is_refused_and_never_published(relative, target, tmp_path, previous_site):
    outside = _outside(tmp_path)
    root = project(tmp_path / "portal", {}, previous_site)
    _place(root, relative, target, outside)

    built = bantin("build", cwd=root)
    assert not built.timed_out, built.describe()
    assert built.returncode not in (0, None), built.describe()
    assert relative in built.stderr, f"{relative} is not named\n{built.describe()}"
    assert "Traceback" not in built.stderr, built.describe()
    assert_untouched(root, previous_site)
    assert files_containing(tmp_path / "portal", SECRET) == []

    # Not strict, with MkDocs' own API: a warning lets it finish, and still nothing secret is published.
    api = api_build(root / "mkdocs.yml", tmp_path / "site-api", timeout=30)
    assert not api.timed_out, api.describe()
    assert files_containing(tmp_path / "site-api", SECRET) == [], api.describe()


def test_symlink_inside_content_is_fine(tmp_path, previous_site):
    root = project(tmp_path / "portal", {}, previous_site)
    os.symlink("anh.png", root / "content" / "images" / "ban-sao.png")
    built = bantin("build", cwd=root)
    assert built.returncode == 0, built.describe()
    assert (root / "site" / "images" / "ban-sao.png").read_bytes() == PNG


# (id, files, the paths the error must name)
COLLISIONS = [
    ("trang-va-thu-muc", {"content/a.md": "# Trang A\n\nMột.\n", "content/a/index.md": "# Trang A\n\nHai.\n"},
     ["content/a.md", "content/a/index.md"]),
    ("feed-xml", {"content/feed.xml": '<?xml version="1.0"?><rss version="2.0"><channel/></rss>\n'},
     ["content/feed.xml"]),
    ("sitemap-xml", {"content/sitemap.xml": '<?xml version="1.0"?><urlset/>\n'}, ["content/sitemap.xml"]),
    ("not-found-html", {"content/404.html": "<p>Không có trang này.</p>\n"}, ["content/404.html"]),
    ("search-index-json", {"content/search/index.json": '{"version": 0}\n'}, ["content/search/index.json"]),
    ("stats-json", {"content/stats.json": "{}\n"}, ["content/stats.json"]),
]


@pytest.mark.parametrize("files, named", [(f, n) for _, f, n in COLLISIONS], ids=[i for i, *_ in COLLISIONS])
def test_two_sources_for_one_address_fail_the_build(files, named, tmp_path, previous_site):
    root = project(tmp_path / "portal", files, previous_site)
    built = bantin("build", cwd=root)
    assert not built.timed_out, built.describe()
    assert built.returncode == 1, built.describe()
    assert "Traceback" not in built.stderr, built.describe()
    missing = [path for path in named if path not in built.stderr]
    assert not missing, f"not named: {missing}\n{built.describe()}"
    assert_untouched(root, previous_site)
