"""The content folder as plain files: links out of it, broken or looping links, FIFOs and sockets are refused
before MkDocs walks it (it follows links, reads every page and copies every other file)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from bantin.messages import Messages
from bantin.problems import Problem
from bantin.tree import check_tree

EN = Messages("en")
SECRET = "bi-mat-7f3a9c2e51d84b06"


def outside(target: str) -> str:
    return (f"is a link to {target}, outside the content folder; nothing outside it is published: copy the file "
            "here instead of linking")


LOOP = "is a link to a folder that contains it; delete the link"
SPECIAL = "is not a regular file (a device, FIFO or socket); remove it from the content folder"


@pytest.fixture
def portal(tmp_path) -> Path:
    """portal/content with a few real files, portal/content-old beside it, and a folder outside with a secret."""
    (tmp_path / "ngoai" / "thu-muc").mkdir(parents=True)
    (tmp_path / "ngoai" / "bi-mat.txt").write_text(f"MAT_KHAU={SECRET}\n")
    root = tmp_path / "portal"
    for relative in ("content/index.md", "content/tin-tuc/2021/a.md", "content/images/hoi-nghi.jpg",
                     "content-old/tin-tuc/cu.md"):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("x\n")
    return root


def check(portal: Path) -> list[Problem]:
    return check_tree(str(portal / "content"), "content", EN)


def link(portal: Path, relative: str, target: str | Path) -> Path:
    path = portal / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)
    return path


def test_plain_content_has_no_problem(portal):
    assert check(portal) == []


@pytest.mark.parametrize(
    ("relative", "target", "resolved"),
    [
        pytest.param("tin-tuc/2021/bi-mat.md", "../../../../ngoai/bi-mat.txt", "ngoai/bi-mat.txt", id="file"),
        pytest.param("ngoai", "../../ngoai/thu-muc", "ngoai/thu-muc", id="folder"),
        pytest.param("cu", "../content-old", "portal/content-old", id="sibling-content-old"),
        pytest.param("tin-tuc/cu.md", "../../content-old/tin-tuc/cu.md", "portal/content-old/tin-tuc/cu.md",
                     id="file-in-content-old"),
    ],
)
def test_links_out_of_the_content_folder_are_refused(portal, relative, target, resolved):
    link(portal, relative, target)
    expected = str(portal.parent / resolved)
    problems = check(portal)
    assert problems == [Problem(f"content/{relative}", 1, "file", outside(expected))]
    assert SECRET not in str(problems)


@pytest.mark.parametrize("target", ["/proc/self/environ", "/dev/zero", "/dev/null", "/etc/passwd", "/"])
def test_links_to_the_system_are_refused(portal, target):
    link(portal, "tai-lieu.md", target)
    assert check(portal) == [Problem("content/tai-lieu.md", 1, "file", outside(os.path.realpath(target)))]


def test_a_link_through_a_link_inside_is_followed_to_its_end(portal):
    link(portal, "b.md", "../../ngoai/bi-mat.txt")
    link(portal, "a.md", "b.md")
    secret = str(portal.parent / "ngoai" / "bi-mat.txt")
    assert check(portal) == [Problem("content/a.md", 1, "file", outside(secret)),
                             Problem("content/b.md", 1, "file", outside(secret))]


def test_broken_link(portal):
    link(portal, "tin-tuc/cu.md", "khong-co.md")
    assert check(portal) == [Problem("content/tin-tuc/cu.md", 1, "file",
                                     "is a link to khong-co.md, where there is no file; delete the link or fix its "
                                     "target")]


@pytest.mark.parametrize(("relative", "target"), [
    ("tin-tuc/len", ".."),
    ("tin-tuc/2021/goc", "../.."),
    ("tin-tuc/chinh-no", "."),
    ("tin-tuc/2021/tuyet-doi", "ABSOLUTE_CONTENT"),
])
def test_folder_link_to_a_folder_that_holds_it_is_a_loop(portal, relative, target):
    link(portal, relative, str(portal / "content") if target == "ABSOLUTE_CONTENT" else target)
    assert check(portal) == [Problem(f"content/{relative}", 1, "file", LOOP)]


def test_two_folder_links_to_each_other_are_a_loop(portal):
    """a/sang-b → b and b/sang-a → a: MkDocs would walk a/sang-b/sang-a/sang-b/… until the system's limit."""
    (portal / "content" / "a").mkdir()
    (portal / "content" / "b").mkdir()
    link(portal, "a/sang-b", "../b")
    link(portal, "b/sang-a", "../a")
    problems = check(portal)
    assert problems, "the loop a → b → a was not noticed"
    assert {p.path for p in problems} <= {"content/a/sang-b", "content/b/sang-a"}
    assert {p.message for p in problems} == {LOOP}


def test_fifo_is_refused(portal):
    os.mkfifo(portal / "content" / "tin-tuc" / "ong.md")
    assert check(portal) == [Problem("content/tin-tuc/ong.md", 1, "file", SPECIAL)]


def test_link_to_a_fifo_inside_is_refused(portal):
    os.mkfifo(portal / "content" / "ong")
    link(portal, "tin-tuc/ong.md", "../ong")
    assert check(portal) == [Problem("content/ong", 1, "file", SPECIAL),
                             Problem("content/tin-tuc/ong.md", 1, "file", SPECIAL)]


def test_socket_is_refused(portal):
    path = portal / "content" / "s"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        assert check(portal) == [Problem("content/s", 1, "file", SPECIAL)]


@pytest.mark.parametrize(("relative", "target"), [
    ("anh.jpg", "images/hoi-nghi.jpg"),
    ("tin-tuc/2021/anh.jpg", "../../images/hoi-nghi.jpg"),
    ("tin-tuc/anh", "../images"),  # a folder beside, not above
    ("moi.md", "ABSOLUTE_INSIDE"),
])
def test_links_inside_to_inside_are_fine(portal, relative, target):
    link(portal, relative, str(portal / "content" / "index.md") if target == "ABSOLUTE_INSIDE" else target)
    assert check(portal) == []


def test_every_problem_of_a_folder_is_reported_at_once(portal):
    link(portal, "bi-mat.md", "../../ngoai/bi-mat.txt")
    link(portal, "tin-tuc/cu.md", "khong-co.md")
    link(portal, "tin-tuc/len", "..")
    os.mkfifo(portal / "content" / "ong.md")
    assert check(portal) == [
        Problem("content/bi-mat.md", 1, "file", outside(str(portal.parent / "ngoai" / "bi-mat.txt"))),
        Problem("content/ong.md", 1, "file", SPECIAL),
        Problem("content/tin-tuc/cu.md", 1, "file",
                "is a link to khong-co.md, where there is no file; delete the link or fix its target"),
        Problem("content/tin-tuc/len", 1, "file", LOOP),
    ]


def test_messages_in_vietnamese(portal):
    link(portal, "tin-tuc/len", "..")
    assert check_tree(str(portal / "content"), "content", Messages("vi")) == [
        Problem("content/tin-tuc/len", 1, "file", "là liên kết tới thư mục chứa chính nó; xóa liên kết")]
