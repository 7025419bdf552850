"""earlier.py: a site folder that holds an earlier build, put aside before MkDocs empties it and brought back
with only the files at this build's pages."""

from __future__ import annotations

import os
from pathlib import Path

from bantin import earlier


def files(folder: Path) -> dict[str, bytes | str]:
    return {p.relative_to(folder).as_posix(): os.readlink(p) if p.is_symlink() else p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


def test_only_the_pages_of_this_build_come_back(tmp_path):
    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_bytes(b"not the site's")
    for path, data in {"index.html": b"home", "tin-tuc/a/index.html": b"a", "tin-tuc/gone/index.html": b"gone",
                       "search/v1/t/0.json": b"{}", "feed.xml": b"<rss/>", ".hidden": b"h"}.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    (site / "tin-tuc" / "link").symlink_to(outside)
    earlier.hide(str(site))
    assert [p.name for p in site.iterdir()] == [earlier.HIDDEN]  # nothing for MkDocs to empty
    (site / "feed.xml").write_bytes(b"new")  # written since by someone else
    earlier.restore(str(site), {"index.html", "tin-tuc/a/index.html", "tin-tuc/b/index.html"})
    assert files(site) == {"feed.xml": b"new", "index.html": b"home", "tin-tuc/a/index.html": b"a"}
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()) == ["tin-tuc", "tin-tuc/a"]
    assert files(outside) == {"keep.txt": b"not the site's"}  # the link was removed, not followed


def test_restore_without_hide_changes_nothing(tmp_path):
    (tmp_path / "index.html").write_bytes(b"home")
    earlier.restore(str(tmp_path), set())
    assert files(tmp_path) == {"index.html": b"home"}
