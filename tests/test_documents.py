"""The register's contract: front-matter → Document, every problem with its line and field, and the checks
across files (a number used twice, a `replaces` naming no document) and the status of each document."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bantin.documents import FIELDS, Document, field_table, parse_document
from bantin.messages import Messages
from bantin.register import EXPIRED, IN_FORCE, NOT_YET, Register, check

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PATH = "content/van-ban/2024/qd-15.md"
SRC = "van-ban/2024/qd-15.md"
URL = "van-ban/2024/qd-15/"
FILES = {"van-ban/tep/qd-15.pdf", "van-ban/tep/bang.xlsx", "van-ban/tep/anh.jpg"}

# Lines: 1 `---`, number 2, type 3, issuer 4, issued 5, title 6; extra lines from 7.
VALID = ('---\nnumber: "15/2024/QĐ-UBND"\ntype: Quyết định\nissuer: UBND thị xã Mây Ngàn\n'
         'issued: "15/03/2024"\ntitle: Về việc ban hành Quy chế quản lý chợ\n')


def doc(extra: str = "", body: str = "Ghi chú.") -> str:
    return f"{VALID}{extra}---\n\n{body}\n"


def parse(text: str, lang: str = "vi"):
    return parse_document(text, path=PATH, src_uri=SRC, url=URL, tz=VN, exists=FILES.__contains__,
                          say=Messages(lang))


def parsed(text: str) -> Document:
    document, problems = parse(text)
    assert problems == [], problems
    return document


def only(text: str, lang: str = "vi"):
    document, problems = parse(text, lang)
    assert document is None
    assert len(problems) == 1, problems
    return problems[0]


def test_every_field_is_read():
    d = parsed(doc('effective: "01/04/2024"\nexpires: 2026-12-31\nsigner: Hoàng Văn An\nfield: Thương mại\n'
                   'files: [van-ban/tep/qd-15.pdf, /van-ban/tep/bang.xlsx]\nreplaces: ["05/2019/QĐ-UBND"]\n'
                   'draft: false\n'))
    assert d.number == "15/2024/QĐ-UBND" and d.type == "Quyết định" and d.issuer == "UBND thị xã Mây Ngàn"
    assert d.issued == dt.datetime(2024, 3, 15, tzinfo=VN)
    assert d.effective == dt.datetime(2024, 4, 1, tzinfo=VN) and d.expires == dt.datetime(2026, 12, 31, tzinfo=VN)
    assert d.title == "Về việc ban hành Quy chế quản lý chợ"
    assert (d.signer, d.field) == ("Hoàng Văn An", "Thương mại")
    assert d.files == ("van-ban/tep/qd-15.pdf", "van-ban/tep/bang.xlsx")
    assert d.replaces == ("05/2019/QĐ-UBND",) and d.draft is False
    assert d.heading == "Quyết định 15/2024/QĐ-UBND"
    assert (d.src_uri, d.url) == (SRC, URL)


def test_optional_fields_default_to_nothing():
    d = parsed(doc())
    assert (d.effective, d.expires, d.signer, d.field, d.files, d.replaces, d.draft) == \
        (None, None, None, None, (), (), False)


@pytest.mark.parametrize("name, line", [("number", 2), ("type", 3), ("issuer", 4), ("issued", 5), ("title", 6)])
def test_each_required_field_missing_is_named_with_its_fix(name, line):
    lines = VALID.splitlines(keepends=True)
    text = "".join(lines[:line - 1] + lines[line:]) + "---\n\nGhi chú.\n"
    problem = only(text)
    assert problem.field == name
    assert f"`{name}:" in problem.message and "thiếu trường bắt buộc" in problem.message


def test_every_missing_field_is_reported_at_once():
    document, problems = parse("---\nsigner: Ai đó\n---\n")
    assert document is None
    assert {p.field for p in problems} == {"number", "type", "issuer", "issued", "title"}


@pytest.mark.parametrize("value, words", [('"31/02/2024"', "không phải ngày giờ có thật"),
                                          ("hôm qua", "không đọc được"), ('"15/03/0024"', "1900–9999")])
def test_a_bad_date_names_the_line_and_the_forms(value, words):
    problem = only(VALID.replace('issued: "15/03/2024"', f"issued: {value}") + "---\n")
    assert (problem.path, problem.line, problem.field) == (PATH, 5, "issued")
    assert words in problem.message


def test_expires_before_issued_or_effective_is_an_error():
    problem = only(doc('expires: "01/01/2024"\n'))
    assert (problem.field, problem.line) == ("expires", 7) and "sau ngày ban hành" in problem.message
    problem = only(doc('effective: "01/06/2024"\nexpires: "01/05/2024"\n'))
    assert problem.field == "expires" and "sau ngày có hiệu lực" in problem.message


def test_attached_files_must_exist_be_of_a_published_type_and_stay_in_the_content_folder():
    problem = only(doc("files: [van-ban/tep/khong-co.pdf]\n"))
    assert (problem.field, problem.line) == ("files", 7) and "không tìm thấy tệp" in problem.message
    problem = only(doc("files: [van-ban/tep/anh.jpg]\n"))
    assert "loại tệp không được đăng" in problem.message and "PDF, DOC, DOCX, ODT, XLS, XLSX" in problem.message
    problem = only(doc("files: [../../etc/passwd.pdf]\n"))
    assert "không phải đường dẫn trong thư mục nội dung" in problem.message
    problem = only(doc("files: [https://example.com/a.pdf]\n"))
    assert "không phải đường dẫn trong thư mục nội dung" in problem.message
    problem = only(doc("files: {a: 1}\n"))
    assert "danh sách đường dẫn" in problem.message


def test_one_file_may_be_written_alone():
    assert parsed(doc("files: van-ban/tep/qd-15.pdf\n")).files == ("van-ban/tep/qd-15.pdf",)


def test_a_document_cannot_replace_itself():
    problem = only(doc('replaces: ["15/2024/qđ-ubnd"]\n'))
    assert problem.field == "replaces"


def test_an_unknown_field_is_a_warning_with_a_suggestion():
    document, problems = parse(doc("isued: 2024-03-15\n"))
    assert document is not None
    assert [(p.field, p.severity) for p in problems] == [("isued", "warning")]
    assert "`issued`" in problems[0].message


def test_messages_follow_the_site_language():
    problem = only(doc("files: [van-ban/tep/khong-co.pdf]\n"), lang="en")
    assert "not found" in problem.message


def test_a_file_without_front_matter_says_what_to_write():
    problem = only("Chỉ có chữ.\n")
    assert "`number:`" in problem.message


def test_the_readme_shows_the_register_fields():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert field_table("vi") in readme, "README's table of document fields differs: paste documents.field_table('vi')"
    assert [line.split("`")[1] for line in field_table("en").splitlines()[2:]] == list(FIELDS)


# -- across files --------------------------------------------------------------------------------------------

def make(number: str, src: str, issued=(2024, 1, 1), **fields) -> Document:
    return Document(src_uri=src, url=src.removesuffix(".md") + "/", number=number, type=fields.pop("type", "Quyết định"),
                    issuer=fields.pop("issuer", "UBND thị xã Mây Ngàn"), issued=dt.datetime(*issued, tzinfo=VN),
                    title=fields.pop("title", "Trích yếu"), lines={"number": 2, "replaces": 9}, **fields)


def test_a_number_used_twice_is_an_error_naming_both_files_whatever_its_spelling():
    a, b = make("17-QC/TU", "van-ban/a.md"), make("17 - qc / tu", "van-ban/b.md")
    problems = check([b, a], {"van-ban/a.md": "content/van-ban/a.md", "van-ban/b.md": "content/van-ban/b.md"},
                     Messages("vi"))
    assert len(problems) == 1
    p = problems[0]
    assert (p.path, p.line, p.field, p.severity) == ("content/van-ban/b.md", 2, "number", "error")
    assert "content/van-ban/a.md" in p.message and "17 - qc / tu" in p.message


def test_an_unknown_replaced_number_is_a_warning():
    a = make("02/2024/QĐ-UBND", "van-ban/a.md", replaces=("01/2020/QĐ-UBND",))
    problems = check([a], {}, Messages("vi"))
    assert [(p.field, p.severity, p.line) for p in problems] == [("replaces", "warning", 9)]
    assert "01/2020/QĐ-UBND" in problems[0].message


def test_the_register_is_newest_first_with_its_facets():
    docs = [make("1/KH-UBND", "van-ban/1.md", (2022, 5, 1), type="Kế hoạch", field="Du lịch"),
            make("2/QĐ-UBND", "van-ban/2.md", (2024, 1, 1), field="Du lịch"),
            make("3/QĐ-UBND", "van-ban/3.md", (2023, 7, 9), issuer="UBND tỉnh Hoàng Sơn")]
    r = Register(docs, dt.datetime(2026, 12, 1, tzinfo=VN))
    assert [d.number for d in r.documents] == ["2/QĐ-UBND", "3/QĐ-UBND", "1/KH-UBND"]
    assert {k: [d.number for d in f.documents] for k, f in r.types.items()} == \
        {"quyet-dinh": ["2/QĐ-UBND", "3/QĐ-UBND"], "ke-hoach": ["1/KH-UBND"]}
    assert sorted(r.years) == ["2022", "2023", "2024"] and list(r.fields) == ["du-lich"]
    assert r.issuers["ubnd-tinh-hoang-son"].name == "UBND tỉnh Hoàng Sơn"


def test_status_follows_the_dates_and_replacement():
    now = dt.datetime(2026, 12, 1, tzinfo=VN)
    old = make("5/2019/QĐ-UBND", "van-ban/old.md", (2019, 1, 1))
    new = make("15/2024/QĐ-UBND", "van-ban/new.md", (2024, 3, 15), replaces=("5/2019/qd-ubnd",))
    gone = make("7/KH-UBND", "van-ban/gone.md", (2022, 1, 1), expires=dt.datetime(2023, 12, 31, tzinfo=VN))
    later = make("9/QĐ-UBND", "van-ban/later.md", (2026, 11, 1), effective=dt.datetime(2027, 1, 1, tzinfo=VN))
    waiting = make("1/2018/QĐ-UBND", "van-ban/waiting.md", (2018, 1, 1))
    replacer = make("10/QĐ-UBND", "van-ban/replacer.md", (2026, 11, 2), replaces=("1/2018/QĐ-UBND",),
                    effective=dt.datetime(2027, 1, 1, tzinfo=VN))
    r = Register([old, new, gone, later, waiting, replacer], now)
    assert r.status(new) == IN_FORCE and r.status(old) == EXPIRED
    assert r.replaced_by(old) == (new,) and r.replaces(new) == [("5/2019/qd-ubnd", old)]
    assert r.status(gone) == EXPIRED and r.status(later) == NOT_YET
    assert r.status(waiting) == IN_FORCE, "replaced by a document not yet in force: still in force"


def test_two_documents_replacing_each_other_do_not_hang():
    a = make("1/QĐ", "van-ban/a.md", replaces=("2/QĐ",))
    b = make("2/QĐ", "van-ban/b.md", replaces=("1/QĐ",))
    r = Register([a, b], dt.datetime(2026, 12, 1, tzinfo=VN))
    assert {r.status(a), r.status(b)} == {EXPIRED}
