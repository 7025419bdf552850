"""How an office machine's saves reach the repository CI publishes from: with `--push`, every commit the editors'
server makes is pushed to the clone's upstream; without it, nothing leaves the machine."""

from __future__ import annotations

import subprocess
import time

from bantin.admin.accounts import Editor
from bantin.admin.repo import Change, Repository

EDITOR = Editor("lan", "Nguyễn Thị Lan", "lan@mayngan.example.vn", "publisher")


def git(*args, cwd) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def clone(tmp_path):
    remote = tmp_path / "portal.git"
    git("init", "-q", "--bare", "-b", "main", str(remote), cwd=tmp_path)
    office = tmp_path / "office"
    git("clone", "-q", str(remote), str(office), cwd=tmp_path)
    (office / "content").mkdir()
    (office / "content" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    git("add", "-A", cwd=office)
    git("-c", "user.name=CI", "-c", "user.email=ci@example.vn", "commit", "-qm", "init", cwd=office)
    git("push", "-q", "-u", "origin", "HEAD:main", cwd=office)
    return remote, office


def test_with_push_every_commit_reaches_the_upstream(tmp_path):
    remote, office = clone(tmp_path)
    repo = Repository(str(office), str(office / "content"), push=True)
    commit = repo.apply(Change({"content/gioi-thieu.md": "# Giới thiệu\n".encode()}, message="Thêm giới thiệu"),
                        EDITOR)
    deadline = time.monotonic() + 20
    while git("rev-parse", "main", cwd=remote) != commit and time.monotonic() < deadline:
        time.sleep(0.1)
    assert git("rev-parse", "main", cwd=remote) == commit
    assert git("log", "-1", "--format=%an <%ae>|%s", "main", cwd=remote) == \
        "Nguyễn Thị Lan <lan@mayngan.example.vn>|Thêm giới thiệu"


def test_without_push_the_commit_stays_on_the_machine(tmp_path):
    remote, office = clone(tmp_path)
    before = git("rev-parse", "main", cwd=remote)
    repo = Repository(str(office), str(office / "content"))
    commit = repo.apply(Change({"content/gioi-thieu.md": b"# About\n"}, message="Add about"), EDITOR)
    assert git("rev-parse", "HEAD", cwd=office) == commit
    time.sleep(0.5)
    assert git("rev-parse", "main", cwd=remote) == before
