"""`build -d`, `publish --to`: never deleting what they did not create, and cleaning up after a killed run.

Real `python build.py` processes on a small fixture portal; a hook of the fixture (hooks: in mkdocs.yml) holds
a build at its end when told to, so that it can be killed with SIGKILL, or kept alive beside another run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BUILD_PY, article, write_site

# The hook: with BANTIN_TEST_HOLD set, the build writes that file once the site is built, then waits until a
# file of the same name + ".go" appears (or forever, for a build that is to be killed).
HOOK = """\
import os, pathlib, time

def on_post_build(config):
    hold = os.environ.get("BANTIN_TEST_HOLD")
    if hold:
        pathlib.Path(hold).write_text(config.site_dir)
        while not pathlib.Path(hold + ".go").exists():
            time.sleep(0.05)
"""
FILES = {
    "content/index.md": "Chào mừng.\n",
    "content/gioi-thieu.md": "# Giới thiệu\n\nTrang tĩnh.\n",
    "content/images/anh.png": b"\x89PNG\r\n\x1a\n fixture",
    "content/tin-tuc/2021/cong-tac-dan-van.md": article(
        title="Công tác dân vận", date="28/12/2021 08:30", author="Hoàng Thị Lan", category="Chính trị"),
    "hooks/hold.py": HOOK,
}
LEFTOVER = "abcd_123"  # what tempfile.mkdtemp appends: 8 of [a-z0-9_]


@pytest.fixture
def portal(tmp_path) -> Path:
    write_site(tmp_path / "portal", FILES, hooks=["hooks/hold.py"])
    (tmp_path / "home").mkdir()
    return tmp_path / "portal"


def env(tmp_path: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8",
            "HOME": str(tmp_path / "home"), **more}


def run(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BUILD_PY), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def start(*args: str, cwd: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(BUILD_PY), *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def held(process: subprocess.Popen, marker: Path) -> Path:
    """Wait until the build reached the hook; return the folder it is building into."""
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never reached its hook"
        time.sleep(0.05)
    time.sleep(0.1)  # the hook writes the marker before it waits
    return Path(marker.read_text())


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` (folders and links too), with the bytes of each file."""
    return {p.relative_to(folder).as_posix(): (None if p.is_dir() or p.is_symlink() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


# -- refused targets -----------------------------------------------------------------------------------------

REFUSED_BUILDS = {
    "the project": (".", "is or holds the project folder"),
    "the project's parent": ("..", "is or holds the project folder"),
    "the content folder": ("content", "is the content folder"),
    "inside the content folder": ("content/site", "is in the content folder"),
    "deep inside the content folder": ("content/tin-tuc/2021", "is in the content folder"),
    "a link to the content folder": ("content-link", "is the content folder"),
    "the root folder": ("/", "is the root or the home folder"),
    "the home folder": ("{home}", "is the root or the home folder"),
    "a folder that is not a site": ("hooks", "not a built site"),
    "a link to another site": ("site-link", "is a link or a file"),
}


@pytest.mark.parametrize("target, reason", REFUSED_BUILDS.values(), ids=REFUSED_BUILDS.keys())
def test_build_refuses_a_target_holding_or_inside_the_sources(tmp_path, portal, target, reason):
    (portal / "content-link").symlink_to("content")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "index.html").write_text("another site")
    (portal / "site-link").symlink_to(tmp_path / "elsewhere")
    before = tree(tmp_path)
    result = run("build", "-d", target.format(home=tmp_path / "home"), cwd=portal, env=env(tmp_path))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("publish: ") and reason in lines[0], result.stderr
    assert "nothing was built or changed" in lines[0] and "Traceback" not in result.stderr
    assert tree(tmp_path) == before


def test_build_refuses_a_target_holding_a_content_folder_outside_the_project(tmp_path):
    """docs_dir may live elsewhere: a target holding it is refused too."""
    shared = tmp_path / "shared"
    write_site(shared, {"content/index.md": "Chào mừng.\n"})
    (shared / "mkdocs.yml").unlink()
    write_site(tmp_path / "portal", {}, docs_dir=str(shared / "content"))
    before = tree(tmp_path)
    result = run("build", "-d", str(shared), cwd=tmp_path / "portal", env=env(tmp_path))
    assert result.returncode == 2 and "holds the content folder" in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1 and tree(tmp_path) == before


def test_a_sibling_named_like_the_content_folder_is_not_inside_it(tmp_path, portal):
    """Paths are compared by whole segments: `content-old` is beside `content`, not in it."""
    before = tree(portal / "content")
    result = run("build", "-d", "content-old", cwd=portal, env=env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (portal / "content-old" / "index.html").is_file()
    assert tree(portal / "content") == before


REFUSED_PUBLISHES = {
    "inside the content folder": ("content/www", "is in the content folder"),
    "the content folder": ("content", "is the content folder"),
    "the project": (".", "is or holds the project folder"),
    "the root folder": ("/", "is the root or the home folder"),
    "the home folder": ("{home}", "is the root or the home folder"),
}


@pytest.mark.parametrize("target, reason", REFUSED_PUBLISHES.values(), ids=REFUSED_PUBLISHES.keys())
def test_publish_refuses_a_root_holding_or_inside_the_sources(tmp_path, portal, target, reason):
    before = tree(tmp_path)
    result = run("publish", "--to", target.format(home=tmp_path / "home"), cwd=portal, env=env(tmp_path))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("publish: ") and reason in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert tree(tmp_path) == before


def test_pruning_and_rollback_ignore_folders_that_are_not_releases(tmp_path, portal):
    www = tmp_path / "srv" / "www"
    (tmp_path / "srv" / "www.releases" / "notes").mkdir(parents=True)
    (tmp_path / "srv" / "www.releases" / "notes" / "keep.txt").write_text("mine")
    for _ in range(3):
        assert run("publish", "--to", str(www), cwd=portal, env=env(tmp_path)).returncode == 0
    back = run("publish", "--to", str(www), "--rollback", cwd=portal, env=env(tmp_path))
    assert back.returncode == 0, back.stderr
    releases = sorted(p.name for p in (tmp_path / "srv" / "www.releases").iterdir() if p.name[0].isdigit())
    assert len(releases) == 3 and os.readlink(www) == f"www.releases/{releases[-2]}"
    assert (tmp_path / "srv" / "www.releases" / "notes" / "keep.txt").read_text() == "mine"


# -- a killed run, and a live one ------------------------------------------------------------------------------

def decoys(folder: Path, *prefixes: str) -> list[Path]:
    """Things named almost like our temporary folders (or exactly, but of a kind we never make), which a clean-up
    must leave alone."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for prefix in prefixes:
        for name in (f"{prefix}{LEFTOVER}x", f"{prefix}abc", f"{prefix.lstrip('.')}{LEFTOVER}", f"{prefix}",
                     f"{prefix[:-1]}x-{LEFTOVER}", f"{prefix}{LEFTOVER.upper()}"):
            (folder / name).mkdir()
            (folder / name / "keep.txt").write_text("not ours")
            made.append(folder / name)
        made.append(folder / f"{prefix}{LEFTOVER[::-1]}")
        made[-1].write_text("a file: we make folders")
        made.append(folder / f"{prefix}{LEFTOVER[:4]}zzzz")
        made[-1].symlink_to(folder / f"{prefix}abc")
    return made


def kept(paths: list[Path]) -> dict[str, object]:
    return {p.name: os.readlink(p) if p.is_symlink() else tree(p) if p.is_dir() else p.read_bytes() for p in paths}


def test_a_killed_build_is_cleaned_up_by_the_next_one(tmp_path, portal):
    site = portal / "site"
    assert run("build", cwd=portal, env=env(tmp_path)).returncode == 0
    elsewhere = decoys(tmp_path / "other", ".site-new-", ".site-old-")
    left = kept(elsewhere)
    marker = tmp_path / "held"
    build = start("build", cwd=portal, env=env(tmp_path, BANTIN_TEST_HOLD=str(marker)))
    staging = held(build, marker)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert staging.parent == portal and staging.name.startswith(".site-new-") and (staging / "index.html").is_file()
    # As if the kill had come during the swap: the old site renamed away, not yet removed.
    (portal / f".site-old-{LEFTOVER}" / "tin-tuc").mkdir(parents=True)
    beside = decoys(portal, ".site-new-", ".site-old-", ".site.link-", ".other-new-")
    decoyed = kept(beside)
    sources = tree(portal / "content")

    result = run("build", cwd=portal, env=env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert not staging.exists() and not (portal / f".site-old-{LEFTOVER}").exists()
    assert kept(beside) == decoyed
    assert kept(elsewhere) == left
    assert (site / "tin-tuc" / "2021" / "cong-tac-dan-van" / "index.html").is_file()
    assert tree(portal / "content") == sources


def test_a_build_into_the_spare_killed_or_failed_leaves_the_site_whole(tmp_path, portal):
    site, spare = portal / "site", portal / ".site-spare"
    for _ in range(2):
        assert run("build", cwd=portal, env=env(tmp_path)).returncode == 0
    assert (spare / "index.html").is_file()  # the site swapped out, kept for the next build to build into
    served = tree(site)
    marker = tmp_path / "held"
    build = start("build", cwd=portal, env=env(tmp_path, BANTIN_TEST_HOLD=str(marker)))
    staging = held(build, marker)
    assert staging.name.startswith(".site-new-") and not spare.exists()  # it took the spare
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert tree(site) == served
    (portal / "content" / "tin-tuc" / "2021" / "sai.md").write_text("---\ntitle: Sai\n---\n", encoding="utf-8")
    assert run("build", cwd=portal, env=env(tmp_path)).returncode == 1
    assert tree(site) == served and not staging.exists()
    (portal / "content" / "tin-tuc" / "2021" / "sai.md").unlink()
    assert run("build", cwd=portal, env=env(tmp_path)).returncode == 0
    assert tree(site).keys() == served.keys()  # (stats.json says when it was made)
    assert sorted(p.name for p in portal.iterdir() if p.name.startswith(".site-")) == [".site-spare"]  # the killed run's folder gone


def test_a_folder_named_like_the_spare_but_not_ours_is_left_alone(tmp_path, portal):
    spare = portal / ".site-spare"
    (spare / "tin-tuc").mkdir(parents=True)
    (spare / "index.html").write_text("someone else's", encoding="utf-8")
    (spare / "tin-tuc" / "ghi-chu.txt").write_text("notes", encoding="utf-8")
    before = tree(spare)
    for _ in range(3):
        assert run("build", cwd=portal, env=env(tmp_path)).returncode == 0
    assert tree(spare) == before
    assert (portal / "site" / "tin-tuc" / "2021" / "cong-tac-dan-van" / "index.html").is_file()


def test_a_killed_publish_is_cleaned_up_by_the_next_one(tmp_path, portal):
    www = tmp_path / "srv" / "www"
    assert run("publish", "--to", str(www), cwd=portal, env=env(tmp_path)).returncode == 0
    marker = tmp_path / "held"
    publish = start("publish", "--to", str(www), cwd=portal, env=env(tmp_path, BANTIN_TEST_HOLD=str(marker)))
    staging = held(publish, marker)
    publish.send_signal(signal.SIGKILL)
    publish.wait()
    assert staging.parent == tmp_path / "srv" / "www.releases" and staging.name.startswith(".new-")
    # As if the kill had come between making the new link and renaming it over the root.
    link = tmp_path / "srv" / ".www.link-4242"
    link.symlink_to(os.readlink(www))
    beside = decoys(tmp_path / "srv", ".www-new-", ".www.link-", ".ww.link-") + decoys(
        tmp_path / "srv" / "www.releases", ".new-", ".old-")
    decoyed = kept(beside)

    result = run("publish", "--to", str(www), cwd=portal, env=env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert not staging.exists() and not link.is_symlink()
    assert kept(beside) == decoyed
    releases = sorted(p.name for p in (tmp_path / "srv" / "www.releases").iterdir())
    releases = [r for r in releases if r[0].isdigit()]
    assert len(releases) == 2 and os.readlink(www) == f"www.releases/{releases[-1]}"
    assert (www / "index.html").is_file()


def test_a_live_builds_folder_is_left_alone_and_it_still_finishes(tmp_path, portal):
    marker = tmp_path / "held"
    first = start("build", cwd=portal, env=env(tmp_path, BANTIN_TEST_HOLD=str(marker)))
    try:
        staging = held(first, marker)
        # A killed run's leftover too: it must wait for a run that is alone, not be taken for the live one's.
        stale = portal / f".site-new-{LEFTOVER}"
        stale.mkdir()
        second = run("build", cwd=portal, env=env(tmp_path))
        assert second.returncode == 0, second.stderr
        assert (staging / "index.html").is_file() and stale.is_dir()
    finally:
        Path(f"{marker}.go").write_text("")
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert not staging.exists() and (portal / "site" / "index.html").is_file()
    assert run("build", cwd=portal, env=env(tmp_path)).returncode == 0
    assert sorted(p.name for p in portal.iterdir() if p.name.startswith(".site-")) == [".site-spare"]
