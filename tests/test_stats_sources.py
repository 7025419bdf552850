"""Parsing access-log lines and GoatCounter exports, and mapping requests to page URLs."""

from pathlib import Path

import pytest

from bantin.stats.sources import (
    Hit, Request, goatcounter_columns, is_goatcounter_header, page_url, parse_combined, parse_goatcounter, site_base,
)

DATA = Path(__file__).parent / "data"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/124.0.0.0 Safari/537.36")
T0800 = 1714957200  # 2024-05-06 08:00:00 +07:00


def _lines(name: str) -> list[str]:
    return [raw.decode("utf-8", "replace").rstrip("\r\n") for raw in (DATA / name).read_bytes().splitlines(True)]


@pytest.mark.parametrize("line, expected", [
    # nginx's default `combined`
    (f'203.0.113.10 - - [06/May/2024:08:00:00 +0700] "GET / HTTP/1.1" 200 10240 "-" "{CHROME}"',
     Request("203.0.113.10", T0800, "GET", "/", 200, CHROME)),
    # Apache's documented example: a user name, another offset
    ('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 '
     '"http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
     Request("127.0.0.1", 971211336, "GET", "/apache_pb.gif", 200, "Mozilla/4.08 [en] (Win98; I ;Nav)")),
    # Apache: %b is "-" for an empty body
    ('192.0.2.22 - - [06/May/2024:09:02:00 +0700] "GET /tin-tuc/a/ HTTP/1.1" 304 - "-" "Safari"',
     Request("192.0.2.22", T0800 + 3720, "GET", "/tin-tuc/a/", 304, "Safari")),
    # IPv6 client
    ('2001:db8::dead:beef - - [06/May/2024:10:00:00 +0700] "GET /x/ HTTP/2.0" 200 1 "-" "iPhone"',
     Request("2001:db8::dead:beef", T0800 + 7200, "GET", "/x/", 200, "iPhone")),
    # Apache escapes quotes as \" inside the request and the agent
    (r'192.0.2.21 - - [06/May/2024:08:00:00 +0700] "GET /a\"b/ HTTP/1.1" 404 196 "-" "Mozilla/5.0 \"Weird\" B/1"',
     Request("192.0.2.21", T0800, "GET", '/a"b/', 404, 'Mozilla/5.0 "Weird" B/1')),
    # nginx escapes them (and bytes) as \xHH
    (r'203.0.113.50 - - [06/May/2024:08:00:00 +0000] "GET /a\x22b/ HTTP/1.1" 404 1 "-" "M \x22esc\x22 \xC3\xA1"',
     Request("203.0.113.50", T0800 + 7 * 3600, "GET", '/a"b/', 404, 'M "esc" á')),
    # fields appended after the agent are ignored
    ('192.0.2.1 - - [06/May/2024:08:00:00 +0700] "GET / HTTP/1.1" 200 5 "-" "UA" 0.012 "-"',
     Request("192.0.2.1", T0800, "GET", "/", 200, "UA")),
    # a request line that is not one: a line, with no usable request
    ('192.0.2.23 - - [06/May/2024:08:00:00 +0700] "-" 408 - "-" "-"', Request("192.0.2.23", T0800, "", "", 408, "-")),
    # malformed
    ('203.0.113.51 - - [06/May/2024:10:00:06 +0700] "GET / HTTP/1.1" 200 18234 "-" "Mozilla/5.0 (Windo', None),
    ('203.0.113.51 - - [06/May/2024:10:00:06 +0700] "GET / HTTP/1.1', None),
    ("\x16\x03\x01\x02\x00\x01\x00\ufffdgarbage\ufffd", None),
    ("", None),
    ('192.0.2.1 - - [31/Feb/2024:08:00:00 +0700] "GET / HTTP/1.1" 200 5 "-" "UA"', None),  # no such day
    ('192.0.2.1 - - [06/May/2024:25:00:00 +0700] "GET / HTTP/1.1" 200 5 "-" "UA"', None),  # no such hour
    ('192.0.2.1 - - [06/May/2024:08:00:00 +2500] "GET / HTTP/1.1" 200 5 "-" "UA"', None),  # no such offset
    ('192.0.2.1 - - [06/May/2024:08:00:00 -0060] "GET / HTTP/1.1" 200 5 "-" "UA"', None),
    ('192.0.2.1 - - [06/Mai/2024:08:00:00 +0700] "GET / HTTP/1.1" 200 5 "-" "UA"', None),
])
def test_parse_combined(line, expected):
    assert parse_combined(line) == expected


def test_sample_files_parse_line_by_line():
    nginx = [parse_combined(line) for line in _lines("nginx_access.log")]
    assert all(nginx) and len(nginx) == 15
    assert [r.status for r in nginx] == [200, 200, 200, 200, 304, 200, 200, 200, 200, 404, 200, 405, 200, 200, 301]
    apache = [parse_combined(line) for line in _lines("apache_access.log")]
    assert all(apache) and len(apache) == 5
    edge = [parse_combined(line) for line in _lines("edge_access.log")]
    assert [r is not None for r in edge] == [True, True, False, False, False, True]
    assert edge[0].client == "2001:db8::dead:beef"
    assert edge[1].user_agent == 'Mozilla/5.0 "nginx-escaped" Browser/2.0'


@pytest.mark.parametrize("target, expected", [
    ("/", ""),
    ("/index.html", ""),
    ("/?utm_source=zalo&fbclid=x", ""),
    ("/tin-tuc/2021/abc/", "tin-tuc/2021/abc/"),
    ("/tin-tuc/2021/abc/index.html", "tin-tuc/2021/abc/"),
    ("/tin-tuc/2021/abc/?page=2#comments", "tin-tuc/2021/abc/"),
    ("//tin-tuc//2021/abc/", "tin-tuc/2021/abc/"),
    ("/gioi-thieu.html", "gioi-thieu.html"),
    ("/tin-tuc/%e1%ba%a1/", "tin-tuc/%E1%BA%A1/"),  # percent-escapes as MkDocs writes URLs
    ("https://mayngan.example.vn/tin-tuc/a/", "tin-tuc/a/"),  # absolute-form request target
    ("/tin-tuc/2021/abc", None),  # a redirect to …/, not the page
    ("/assets/stylesheets/main.css", None),
    ("/assets/", None),
    ("/search/", None),
    ("/search/search_index.json", None),
    ("/sitemap.xml", None),
    ("/feed_rss_created.xml", None),
    ("/stats.json", None),
    ("/images/anh.png", None),
    ("/404.html", None),
    ("/tin-tuc/../etc/", None),
    ("*", None),
    ("", None),
])
def test_page_url(target, expected):
    assert page_url(target) == expected


def test_page_url_under_a_base_path():
    base = site_base("https://mayngan.example.vn/cong-thong-tin")
    assert base == "/cong-thong-tin/"
    assert page_url("/cong-thong-tin/", base) == ""
    assert page_url("/cong-thong-tin/tin-tuc/a/", base) == "tin-tuc/a/"
    assert page_url("/tin-tuc/a/", base) is None
    assert site_base(None) == site_base("https://x.vn") == "/"


def test_goatcounter_header_both_spellings():
    names = "Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,Location,FirstVisit,Date"
    tight, loose = goatcounter_columns("2" + names), goatcounter_columns("2," + names)
    assert tight == loose
    assert tight.width == 14
    assert tight.index == {"path": 0, "title": 1, "event": 2, "user_agent": 3, "browser": 4, "system": 5,
                           "session": 6, "bot": 7, "screen": 10, "location": 11, "date": 13}
    assert is_goatcounter_header("2Path,Title") and is_goatcounter_header("2,Path,Title")
    assert not is_goatcounter_header('203.0.113.10 - - [06/May/2024:08:00:00 +0700] "GET / HTTP/1.1"')
    with pytest.raises(ValueError, match="version 1"):
        goatcounter_columns("1Path,Title,Event,Bot,Session,FirstVisit,Referrer,Referrer scheme,Browser,Date")


def test_goatcounter_rows():
    text = (DATA / "goatcounter_export.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    columns = goatcounter_columns(header)
    records = [
        "/,Trang chủ,false,,Chrome 124,Windows 10,s-1,0,,,\"1920,1080,1\",VN-HN,true,2024-05-06T01:00:00Z\n",
        "/tin-tuc/2024/ho-nghi/,\"Hội nghị \"\"tiếp xúc\"\"\nvới cử tri\",false,,Firefox 125,Linux,s-2,0,,,,VN,true,"
        "2024-05-06T08:14:00+07:00\n",
        "download,Tải,true,,Chrome 124,Windows 10,s-1,0,,,,VN,false,2024-05-06T01:12:00Z\n",
        "/,x,false,Mozilla/5.0 (compatible; Googlebot/2.1),Chrome,Linux,,3,,,,US,true,2024-05-06T01:13:00Z\n",
        "/,x,false,,,,s-3,0,,,,,false,not-a-date\n",
        "/,x,false,,,,s-3,0,,,,,false\n",  # a column short
        "/,x,maybe,,,,s-3,0,,,,,false,2024-05-06T01:13:00Z\n",
        "/,x,false,,,,s-3,0,,,,,false,2024-05-06T01:13:00\n",  # no time zone: when was it?
        "/,\"unclosed,false,,,,s-3,0,,,,,false,2024-05-06T01:13:00Z\n",
    ]
    parsed = [parse_goatcounter(record, columns) for record in records]
    assert parsed[:4] == [
        Hit("/", 1714957200, "s-1", "", False, False, "Chrome 124", "Windows 10", "1920,1080,1", "VN-HN"),
        Hit("/tin-tuc/2024/ho-nghi/", 1714958040, "s-2", "", False, False, "Firefox 125", "Linux", "", "VN"),
        Hit("download", 1714957920, "s-1", "", False, True, "Chrome 124", "Windows 10", "", "VN"),
        Hit("/", 1714957980, "", "Mozilla/5.0 (compatible; Googlebot/2.1)", True, False, "Chrome", "Linux", "", "US"),
    ]
    assert parsed[4:] == [None] * 5
    # a "2,Path" export whose rows repeat the version cell
    loose = goatcounter_columns("2,Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,"
                                "Referrer scheme,Screen size,Location,FirstVisit,Date")
    assert parse_goatcounter("2," + records[0], loose) == parsed[0]
