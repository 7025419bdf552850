"""One owner per output path: a second claim names both sources; Bantin's own files are written once, atomically."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from bantin.writer import Collision, Writer
from conftest import BUILD_PY, article, write_site

PAGE = "content/tin-tuc/2021/a.md"
OTHER = "content/tin-tuc/2021/a/index.md"


def collision(error: Collision) -> tuple[str, str, str, str]:
    return error.path, error.first, error.second, str(error)


# -- claims ----------------------------------------------------------------------------------------------------

def test_two_sources_for_one_path_collide_naming_both():
    writer = Writer()
    writer.claim("tin-tuc/2021/a/index.html", PAGE)
    with pytest.raises(Collision) as clash:
        writer.claim("tin-tuc/2021/a/index.html", OTHER)
    assert collision(clash.value) == ("tin-tuc/2021/a/index.html", PAGE, OTHER,
                                      f"tin-tuc/2021/a/index.html: {PAGE} / {OTHER}")


@pytest.mark.parametrize("spelling", ["/tin-tuc/2021/a/index.html", "tin-tuc//2021/./a/index.html",
                                      "tin-tuc/2021/b/../a/index.html", os.path.join("tin-tuc", "2021", "a",
                                                                                     "index.html")])
def test_one_path_however_it_is_spelled(spelling):
    writer = Writer()
    writer.claim("tin-tuc/2021/a/index.html", PAGE)
    with pytest.raises(Collision) as clash:
        writer.claim(spelling, OTHER)
    assert clash.value.path == "tin-tuc/2021/a/index.html"


def test_the_same_source_may_claim_again():
    """Pages are claimed when the build learns of them, and Bantin's files again when they are written."""
    writer = Writer()
    writer.claim("feed.xml", "Bantin: feed")
    writer.claim("feed.xml", "Bantin: feed")
    assert writer.owner("feed.xml") == "Bantin: feed"


@pytest.mark.parametrize(("path", "owner"), [
    ("search/index.json", "Bantin: search"),
    ("search/shards/0001.json", "Bantin: search"),
    ("search", "Bantin: search"),
    ("/search/", "Bantin: search"),
    ("searching/index.html", None),  # whole segments: not inside search/
    ("search-old/index.json", None),
    ("tim-kiem/index.html", None),
])
def test_a_folder_claim_covers_the_files_beneath(path, owner):
    writer = Writer()
    writer.claim_folder("search/", "Bantin: search")
    assert writer.owner(path) == owner


def test_a_file_beneath_a_claimed_folder_collides():
    writer = Writer()
    writer.claim_folder("search", "Bantin: search")
    with pytest.raises(Collision) as clash:
        writer.claim("search/index.json", "content/search/index.json")
    assert collision(clash.value)[:3] == ("search/index.json", "Bantin: search", "content/search/index.json")


def test_a_folder_over_a_claimed_file_collides():
    writer = Writer()
    writer.claim("stats/2024.json", "content/stats/2024.json")
    with pytest.raises(Collision) as clash:
        writer.claim_folder("stats/", "Bantin: stats")
    assert collision(clash.value)[:3] == ("stats/2024.json", "content/stats/2024.json", "Bantin: stats")


@pytest.mark.parametrize(("first", "second"), [("search/", "search"), ("search/", "search/shards/"),
                                               ("search/shards/", "search/")])
def test_two_sources_for_one_folder_collide(first, second):
    """A folder is claimed whole: whoever writes in it owns every name beneath, so a second owner is a clash."""
    writer = Writer()
    writer.claim_folder(first, "Bantin: search")
    with pytest.raises(Collision) as clash:
        writer.claim_folder(second, "Bantin: stats")
    assert (clash.value.first, clash.value.second) == ("Bantin: search", "Bantin: stats")


# -- writing ---------------------------------------------------------------------------------------------------

def listing(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_write_creates_the_file_with_its_folders(tmp_path):
    writer = Writer(str(tmp_path))
    target = writer.write("chinh-tri/feed.xml", b"<rss/>", "Bantin: feed")
    assert target == str(tmp_path / "chinh-tri" / "feed.xml")
    assert (tmp_path / "chinh-tri" / "feed.xml").read_bytes() == b"<rss/>"
    assert listing(tmp_path) == ["chinh-tri", "chinh-tri/feed.xml"]  # no temporary file left beside it


def test_written_files_are_readable_by_the_web_server(tmp_path):
    """mkstemp makes 0600 files; nginx runs as another user."""
    Writer(str(tmp_path)).write("robots.txt", b"User-agent: *\n", "Bantin: robots.txt")
    assert stat.S_IMODE(os.stat(tmp_path / "robots.txt").st_mode) == 0o644


def test_write_replaces_a_file_atomically(tmp_path):
    (tmp_path / "feed.xml").write_bytes(b"<rss>cu</rss>")
    with open(tmp_path / "feed.xml", "rb") as reader:  # a reader that opened the old file
        Writer(str(tmp_path)).write("feed.xml", b"<rss>moi</rss>", "Bantin: feed")
        assert reader.read() == b"<rss>cu</rss>"  # never half of each: the old file, whole
    assert (tmp_path / "feed.xml").read_bytes() == b"<rss>moi</rss>"
    assert listing(tmp_path) == ["feed.xml"]


def test_same_source_writing_twice_is_refused(tmp_path):
    writer = Writer(str(tmp_path))
    writer.write("feed.xml", b"<rss>1</rss>", "Bantin: feed")
    with pytest.raises(Collision) as clash:
        writer.write("feed.xml", b"<rss>2</rss>", "Bantin: feed")
    assert collision(clash.value)[:3] == ("feed.xml", "Bantin: feed", "Bantin: feed")
    assert (tmp_path / "feed.xml").read_bytes() == b"<rss>1</rss>"


def test_writing_a_path_another_source_claimed_is_refused(tmp_path):
    writer = Writer(str(tmp_path))
    writer.claim("robots.txt", "content/robots.txt")
    with pytest.raises(Collision) as clash:
        writer.write("robots.txt", b"User-agent: *\n", "Bantin: robots.txt")
    assert collision(clash.value)[:3] == ("robots.txt", "content/robots.txt", "Bantin: robots.txt")
    assert listing(tmp_path) == []


def test_writing_what_the_same_source_claimed_is_fine(tmp_path):
    writer = Writer(str(tmp_path))
    writer.claim("feed.xml", "Bantin: feed")
    writer.claim_folder("search", "Bantin: search")
    writer.write("feed.xml", b"<rss/>", "Bantin: feed")
    writer.write("search/index.json", b"{}", "Bantin: search")
    assert listing(tmp_path) == ["feed.xml", "search", "search/index.json"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path):
    (tmp_path / "feed.xml").mkdir()  # os.replace cannot put a file over a folder
    with pytest.raises(OSError):
        Writer(str(tmp_path)).write("feed.xml", b"<rss/>", "Bantin: feed")
    assert listing(tmp_path) == ["feed.xml"]


# -- a whole site ----------------------------------------------------------------------------------------------

def test_a_listing_prefix_over_a_folder_bantin_writes_is_a_problem_not_a_traceback(tmp_path):
    """`urls: {category: stats}` puts category pages in the statistics folder: the build names mkdocs.yml."""
    root = tmp_path / "portal"
    write_site(root, {
        "content/index.md": "Chào mừng.\n",
        "content/tin-tuc/2021/a.md": article(title="Tin", date="28/12/2021", author="Lan", category="Kinh tế"),
    }, {"urls": {"category": "stats"}})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, str(BUILD_PY), "build"], cwd=root, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=300)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1
    assert any(line.startswith("mkdocs.yml:1: urls: ") and "/stats/" in line for line in result.stderr.splitlines())
