"""Which addresses content may link to, and the images and links of a Markdown body, with their lines."""

from __future__ import annotations

import os
import subprocess
import sys

import lxml.html
import markdown
import pytest

from bantin.links import BODY_SCHEMES, body_targets, check_body, is_local, safe_link
from conftest import BUILD_PY, article, write_site

SRC_URI = "tin-tuc/2021/cong-tac-dan-van.md"
# Files of the content folder, as MkDocs lists them.
FILES = {"tin-tuc/2021/cong-tac-dan-van.md", "tin-tuc/2021/giam-ngheo.md", "images/hoi-nghi.jpg",
         "tin-tuc/2021/anh 1.jpg", "tai-lieu/bao-cao.pdf"}


# -- safe_link -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "http://mayngan.example.vn/tin-tuc/", "https://mayngan.example.vn/", "HTTPS://chinhphu.vn/a?b=1#c",
    "/tin-tuc/", "/x", "images/hoi-nghi.jpg", "../a/", "./giam-ngheo.md", "#top", "?trang=2", "",
    "images/anh:1.jpg",  # a colon after a slash is part of the path, not a scheme
])
def test_safe_link_allows_web_addresses_and_site_paths(value):
    assert safe_link(value) is True
    assert safe_link(value, BODY_SCHEMES) is True


@pytest.mark.parametrize("value", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " java\tscript:alert(1)", "java\nscript:alert(1)",
    "\x01javascript:alert(1)", "javascript\x00:alert(1)", "\x7fjavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "DATA:image/svg+xml;base64,PHN2Zz4=", "vbscript:msgbox(1)",
    "//evil.example/x", " //evil.example/x", "\\\\evil.example\\x", "/\\evil.example/x", "\\/evil.example/x",
    "file:///etc/passwd", "ftp://evil.example/", "blob:https://mayngan.example.vn/x",
])
def test_safe_link_refuses_other_schemes_and_hosts(value):
    assert safe_link(value) is False
    assert safe_link(value, BODY_SCHEMES) is False


@pytest.mark.parametrize("value", ["mailto:ubnd@mayngan.example.vn", "MAILTO:a@b.vn", "tel:+842693000000"])
def test_mail_and_phone_only_in_a_body(value):
    assert (safe_link(value), safe_link(value, BODY_SCHEMES)) == (False, True)


@pytest.mark.parametrize(("value", "local"), [
    ("images/hoi-nghi.jpg", True), ("/images/hoi-nghi.jpg", True), ("../a/", True), ("#top", True),
    ("https://chinhphu.vn/a.jpg", False), (" https://chinhphu.vn/a.jpg", False), ("//evil.example/a.jpg", False),
    ("javascript:alert(1)", False), ("mailto:a@b.vn", False),
])
def test_is_local(value, local):
    """Only paths of the site are looked for among the content files."""
    assert is_local(value) is local


# -- body_targets ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "targets"),
    [
        pytest.param("Xem [bài trước](../khac/) và ![Hội nghị](images/hoi-nghi.jpg \"Ảnh\").\n",
                     [(1, False, "../khac/"), (1, True, "images/hoi-nghi.jpg")], id="link-and-image"),
        pytest.param("Dòng một.\n\n[Báo cáo](<tai-lieu/bao-cao.pdf>)\n",
                     [(3, False, "tai-lieu/bao-cao.pdf")], id="angle-brackets"),
        pytest.param("[a]( giam-ngheo.md 'Giảm nghèo' )\n", [(1, False, "giam-ngheo.md")], id="spaces-and-title"),
        pytest.param("```\n[a](trong-code.md)\n```\n[b](ngoai-code.md)\n", [(4, False, "ngoai-code.md")],
                     id="backtick-fence"),
        pytest.param("~~~ markdown\n![a](trong-code.jpg)\n```\n~~~\n![b](ngoai-code.jpg)\n",
                     [(5, True, "ngoai-code.jpg")], id="tilde-fence-holding-backticks"),
        pytest.param("Viết `[a](trong-code.md)` để liên kết; [b](ngoai-code.md).\n", [(1, False, "ngoai-code.md")],
                     id="inline-code"),
        pytest.param("Ví dụ:\n\n    [a](trong-code.md)\n\n[b](ngoai-code.md)\n", [(5, False, "ngoai-code.md")],
                     id="indented-code"),
        pytest.param("Không có liên kết nào. [chỉ ngoặc] (không phải liên kết)\n", [], id="none"),
    ],
)
def test_body_targets(body, targets):
    assert list(body_targets(body)) == targets
    assert {target for _, _, target in targets} == rendered_targets(body)


@pytest.mark.parametrize(
    ("body", "targets"),
    [
        # The pattern editors use for a clickable photo: both the image and the link are targets.
        pytest.param("[![Hội nghị](images/hoi-nghi.jpg)](https://mayngan.example.vn/)\n",
                     {(1, True, "images/hoi-nghi.jpg"), (1, False, "https://mayngan.example.vn/")}, id="linked-image"),
        pytest.param("[Nghị quyết [số 12]](tai-lieu/bao-cao.pdf)\n", {(1, False, "tai-lieu/bao-cao.pdf")},
                     id="brackets-in-text"),
        pytest.param("Xem [báo cáo][1].\n\n[1]: tai-lieu/bao-cao.pdf\n", {(3, False, "tai-lieu/bao-cao.pdf")},
                     id="reference-definition"),
        pytest.param("````\n```\n[a](trong-code.md)\n````\n[b](ngoai-code.md)\n", {(5, False, "ngoai-code.md")},
                     id="four-backtick-fence"),
    ],
)
def test_body_targets_as_markdown_reads_them(body, targets):
    """The targets are those Python-Markdown (with the portal's extensions) puts in an href or a src."""
    assert {target for _, _, target in targets} == rendered_targets(body)  # the case means what it says
    assert set(body_targets(body)) == targets


def rendered_targets(body: str) -> set[str]:
    """What the page will link to: MkDocs' own extensions (toc, tables, fenced_code) and the portal's attr_list."""
    html = markdown.markdown(body, extensions=["toc", "tables", "fenced_code", "attr_list"])
    return set(lxml.html.fragment_fromstring(html, create_parent="div").xpath("//a/@href | //img/@src"))


# -- check_body ------------------------------------------------------------------------------------------------

BODY = """Chiều 27/12, Ban Dân vận tổ chức hội nghị.

![Hội nghị](../../images/hoi-nghi.jpg)
![Thiếu ảnh](../../images/thieu.jpg)

Xem [bài giảm nghèo](giam-ngheo.md#ket-qua), [bài khác](../khac/), [mục](#muc) và [cổng](https://chinhphu.vn/).
Tải [báo cáo](/tai-lieu/bao-cao.pdf) hoặc [bản cũ](/tai-lieu/bao-cao-cu.pdf); ảnh ![một](anh%201.jpg).
Liên hệ [email](mailto:ubnd@mayngan.example.vn), [điện thoại](tel:+842693000000) hay [trang](trang-cu.md).
[Bấm vào](javascript:history.back) ![x](data:image/png;base64,AAAA)
![ngoài](../../../ngoai.jpg)
"""


def test_check_body_reports_missing_images_links_and_unsafe_targets_by_line():
    assert list(check_body(BODY, SRC_URI, FILES.__contains__)) == [
        (4, "body_image_missing", "../../images/thieu.jpg"),
        (7, "body_link_missing", "/tai-lieu/bao-cao-cu.pdf"),
        (8, "body_link_missing", "trang-cu.md"),
        (9, "bad_url", "javascript:history.back"),
        (9, "bad_url", "data:image/png;base64,AAAA"),
        (10, "body_image_missing", "../../../ngoai.jpg"),  # outside the content folder: never a file of the site
    ]


def test_check_body_asks_only_about_content_paths():
    asked = []
    list(check_body(BODY, SRC_URI, lambda path: asked.append(path) or path in FILES))
    assert asked == ["images/hoi-nghi.jpg", "images/thieu.jpg", "tin-tuc/2021/giam-ngheo.md",
                     "tai-lieu/bao-cao.pdf", "tai-lieu/bao-cao-cu.pdf", "tin-tuc/2021/anh 1.jpg",
                     "tin-tuc/2021/trang-cu.md"]


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        pytest.param("[![Hội nghị](images/thieu.jpg)](https://mayngan.example.vn/)\n",
                     {(1, "body_image_missing")}, id="linked-missing-image-is-an-image"),
        pytest.param("[![Hội nghị](../../images/hoi-nghi.jpg)](javascript:alert(1))\n", {(1, "bad_url")},
                     id="linked-image-to-javascript"),
        pytest.param("[Nghị quyết [số 12]](javascript:alert(1))\n", {(1, "bad_url")}, id="brackets-in-text"),
        pytest.param("[Bấm vào][1]\n\n[1]: javascript:alert(1)\n", {(3, "bad_url")}, id="reference-definition"),
        pytest.param("[Bấm vào](javascript&colon;alert(1))\n", {(1, "bad_url")}, id="character-reference-colon"),
        pytest.param("[Bấm vào](jav&#x09;ascript:alert(1))\n", {(1, "bad_url")}, id="character-reference-tab"),
    ],
)
def test_check_body_sees_every_link_the_page_will_have(body, problems):
    """Python-Markdown makes a live href or src of each of these (the browser decodes `&colon;` to `:`)."""
    assert rendered_targets(body)  # Markdown does make a link or an image of it
    assert {(line, key) for line, key, _ in check_body(body, SRC_URI, FILES.__contains__)} == problems


# -- a whole site ----------------------------------------------------------------------------------------------

def test_links_to_the_files_bantin_writes_are_not_missing(tmp_path):
    """The feeds and the sitemap are files of the portal, though no editor wrote them: linking to them is fine."""
    root = tmp_path / "portal"
    write_site(root, {
        "content/index.md": "Theo dõi tin mới qua [RSS](/feed.xml), [Atom](atom.xml) hoặc [sơ đồ](/sitemap.xml).\n",
        "content/tin-tuc/2021/cong-tac-dan-van.md": article(
            title="Công tác dân vận", date="28/12/2021 08:30", author="Hoàng Thị Lan",
            body="Xem [RSS](../../feed.xml)."),
    })
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, str(BUILD_PY), "build"], cwd=root, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    assert all((root / "site" / name).is_file() for name in ("feed.xml", "atom.xml", "sitemap.xml"))


def test_a_link_to_a_missing_heading_is_reported_by_every_build(tmp_path):
    """MkDocs checks the anchors of links between pages once the pages are written: Bantin writes them itself,
    and a warm build takes them from its cache, yet an editor is told of a link to a heading that is not there
    by each build, not only the first (`validation: anchors: warn` makes it a warning)."""
    root = tmp_path / "portal"
    write_site(root, {
        "content/index.md": "# Trang chủ\n",
        "content/tin-tuc/2021/giam-ngheo.md": article(
            title="Giảm nghèo", date="20/12/2021 08:30", author="Hoàng Thị Lan", body="## Kết quả\n\nĐã đạt."),
        "content/tin-tuc/2021/cong-tac-dan-van.md": article(
            title="Công tác dân vận", date="28/12/2021 08:30", author="Hoàng Thị Lan",
            body="Xem [kết quả](giam-ngheo.md#ket-qua) và [kế hoạch](giam-ngheo.md#ke-hoach)."),
    }, validation={"anchors": "warn"})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    for build in ("cold", "warm"):
        result = subprocess.run([sys.executable, str(BUILD_PY), "build"], cwd=root, env=env, capture_output=True,
                                text=True, encoding="utf-8", timeout=300)
        assert result.returncode == 1, (build, result.stderr)  # a warning: nothing is published
        reported = [line for line in result.stderr.splitlines() if "#ke-hoach" in line]
        assert len(reported) == 1 and "cong-tac-dan-van.md" in reported[0], (build, result.stderr)
        assert "#ket-qua" not in result.stderr, build
