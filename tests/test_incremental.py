"""A build on every core, a build warm from the cache, after any edit: each writes, byte for byte, what a cold
build with one job writes. The cache is keyed by content, not by time, and a damaged one is never trusted.

The sample portal is copied for each test; SOURCE_DATE_EPOCH fixes "now", so two builds of the same content
write the same bytes (stats.json says when it was made).
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BUILD_PY, REPO

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8", "SOURCE_DATE_EPOCH": "1764633600"}
ARTICLE = "tin-tuc/2025/kinh-te-thi-xa-may-ngan-9-thang.md"


def portal(root: Path, **plugin) -> Path:
    """A copy of the sample portal (its content, and mkdocs.yml pointing at this checkout's theme)."""
    shutil.copytree(REPO / "content", root / "content")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(REPO / "theme")
    config["plugins"] = [{"bantin": {**config["plugins"][0]["bantin"], **plugin}}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def build(root: Path, *options: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, str(BUILD_PY), "-v", "build", *options], cwd=root, env=ENV,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def cache_use(done: subprocess.CompletedProcess) -> tuple[int, int]:
    """(found, made) as the build reports them with -v."""
    found, made = re.search(r"cache: (\d+) found, (\d+) made", done.stderr).groups()
    return int(found), int(made)


def tree(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def assert_same(site: Path, expected: Path) -> None:
    got, want = tree(site), tree(expected)
    assert sorted(got) == sorted(want), set(got) ^ set(want)
    differ = [name for name in want if got[name] != want[name]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"


def cold(tmp_path: Path, source: Path, name: str) -> Path:
    """A one-job build without a cache of `source`'s content as it is now."""
    root = tmp_path / name
    shutil.copytree(source / "content", root / "content")
    config = yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][0]["bantin"]["cache"] = False
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(root, "--jobs", "1")
    return root / "site"


def test_all_cores_write_what_one_job_writes(tmp_path):
    one = portal(tmp_path / "one", cache=False)
    every = portal(tmp_path / "every", cache=False)
    build(one, "--jobs", "1")
    build(every, "--jobs", "2")
    assert_same(every / "site", one / "site")
    assert len(tree(one / "site")) > 100


def test_a_warm_build_writes_what_a_cold_one_writes_and_makes_nothing_again(tmp_path):
    root = portal(tmp_path / "portal")
    assert cache_use(build(root))[0] == 0  # nothing to find the first time
    first = tmp_path / "first"
    shutil.copytree(root / "site", first)
    found, made = cache_use(build(root))
    assert made == 0 and found > 100
    assert_same(root / "site", first)
    assert_same(root / "site", cold(tmp_path, root, "reference"))


def test_the_not_found_page_drawn_after_the_pages_has_their_menu(tmp_path):
    """MkDocs draws the 404 page after the pages, from what the build kept of them once they were written."""
    import lxml.html

    root = portal(tmp_path / "portal")
    build(root)

    def menu(name: str) -> list[str]:
        page = lxml.html.fromstring((root / "site" / name).read_bytes())
        return [" ".join(a.text_content().split()) for a in page.xpath("//a[@class='md-tabs__link']")]
    assert "Trang chủ" in menu("404.html")
    assert menu("404.html") == menu("index.html") == menu(ARTICLE.replace(".md", "/index.html"))


def _title(text: str) -> str:
    return re.sub(r"^title: .*$", "title: Kinh tế thị xã chuyển biến rõ nét trong chín tháng", text, count=1,
                  flags=re.M)


def _body(text: str) -> str:
    return text.replace("\n\n", "\n\nĐoạn mở đầu mới được biên tập viên thêm vào.\n\n", 1)


def _date(text: str) -> str:
    return re.sub(r"^date: .*$", "date: 02/01/2026 08:00", text, count=1, flags=re.M)


def _tags(text: str) -> str:
    return re.sub(r"^tags:.*?(?=^\w)", "tags:\n  - du lịch\n  - chuyển đổi số\n", text, count=1, flags=re.M | re.S)


EDITS = {"title": _title, "body": _body, "date": _date, "tags": _tags}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_after_an_edit_a_warm_build_writes_what_a_cold_one_writes(tmp_path, edit):
    root = portal(tmp_path / "portal")
    build(root)
    path = root / "content" / ARTICLE
    before = path.read_text(encoding="utf-8")
    after = EDITS[edit](before)
    assert after != before
    path.write_text(after, encoding="utf-8")
    done = build(root)
    found, made = cache_use(done)
    assert found > 0 and made > 0  # some pages kept, the article's and what shows it made again
    if edit in ("title", "body"):  # what the index holds of it changed: the last index updated, not made again
        assert re.search(r"search index: 1 of \d+ pages replaced", done.stderr), done.stderr[-2000:]
    assert_same(root / "site", cold(tmp_path, root, "reference"))


def test_a_new_and_a_removed_article_and_a_new_setting(tmp_path):
    root = portal(tmp_path / "portal")
    build(root)
    (root / "content" / ARTICLE).unlink()
    (root / "content" / "tin-tuc" / "2026" / "bai-moi.md").write_text(
        "---\ntitle: Bài mới về chợ phiên\ndate: 01/12/2026 07:00\nauthor: Ban biên tập\ncategory: Kinh tế\n---\n\n"
        "Chợ phiên cuối tuần có thêm gian hàng nông sản.\n", encoding="utf-8")
    assert "search index: made from its" in build(root).stderr  # the pages after the new one moved up
    assert_same(root / "site", cold(tmp_path, root, "reference"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("views_baseline: 626000", "views_baseline: 1000"),
                      encoding="utf-8")
    build(root)
    assert_same(root / "site", cold(tmp_path, root, "reference2"))


def test_a_warm_build_into_the_site_swapped_out_keeps_its_pages_and_drops_what_is_gone(tmp_path):
    root = portal(tmp_path / "portal")
    build(root)
    page = root / "site" / ARTICLE.replace(".md", "/index.html")
    folder = page.parent.stat().st_ino
    build(root)  # the first site is now the spare, beside the second
    spare = root / ".site-spare"
    assert (spare / "index.html").is_file() and spare.stat().st_nlink
    gone = root / "content" / "tin-tuc" / "2026"
    removed = sorted(gone.glob("*.md"))[0]
    removed.unlink()
    build(root)  # built into the first site's folder: kept pages stay where they were, nothing of the removed one
    assert page.parent.stat().st_ino == folder
    assert not (root / "site" / removed.relative_to(root / "content").as_posix().replace(".md", "")).exists()
    assert not (root / "site" / ".bantin-earlier").exists() and not (root / "site" / ".bantin-spare").exists()
    assert_same(root / "site", cold(tmp_path, root, "reference"))


DOCUMENT = "van-ban/2021/quy-che-17-qc-tu.md"


def test_citations_and_documents_edited_removed_and_cited_anew(tmp_path):
    """A document's page shows the articles that cite it, and articles link its number: an edit on either side
    changes pages the cache kept."""
    root = portal(tmp_path / "portal")
    build(root)
    path = root / "content" / ARTICLE
    path.write_text(_body(path.read_text(encoding="utf-8")).replace(
        "Đoạn mở đầu mới", "Theo Quy chế 17-qc/tu, đoạn mở đầu mới"), encoding="utf-8")
    build(root)
    site = (root / "site" / ARTICLE.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert 'class="bantin-cite"' in site and ">17-qc/tu</a>" in site
    assert_same(root / "site", cold(tmp_path, root, "cited"))
    document = root / "content" / DOCUMENT
    document.write_text(document.read_text(encoding="utf-8").replace(
        "Quy chế công tác dân vận", "Quy chế (sửa đổi) công tác dân vận"), encoding="utf-8")
    build(root)
    assert_same(root / "site", cold(tmp_path, root, "edited"))
    document.unlink()
    build(root)
    assert ">17-qc/tu</a>" not in (root / "site" / ARTICLE.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert_same(root / "site", cold(tmp_path, root, "removed"))


def test_the_cache_is_keyed_by_content_not_by_time(tmp_path):
    root = portal(tmp_path / "portal")
    build(root)
    for path in (root / "content").rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))  # a fresh checkout: every time changes, no byte
    assert cache_use(build(root))[1] == 0


def _damage_file(cache: Path) -> None:
    cache.write_bytes(b"this is not a database" * 100)


def _foreign_database(cache: Path) -> None:
    cache.unlink()
    with sqlite3.connect(cache) as db:
        db.execute("CREATE TABLE about (schema TEXT, version INTEGER)")
        db.execute("INSERT INTO about VALUES ('someone-else', 1)")
    db.close()


class _Payload:
    """What a hostile cache entry would run when unpickled: it creates a file."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def _hostile_entries(cache: Path) -> None:
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE entries SET value = ? WHERE kind IN ('read', 'page')",
                   (pickle.dumps(_Payload(str(cache.parent / "ran"))),))
    db.close()


@pytest.mark.parametrize("damage", [_damage_file, _foreign_database, _hostile_entries])
def test_a_damaged_or_foreign_cache_is_ignored_with_a_warning(tmp_path, damage):
    root = portal(tmp_path / "portal")
    build(root)
    cache = root / ".cache" / "bantin" / "cache.sqlite"
    damage(cache)
    done = build(root)
    assert "cache" in done.stderr and "ignored" in done.stderr
    assert not (cache.parent / "ran").exists()  # nothing from the cache was run
    assert_same(root / "site", cold(tmp_path, root, "reference"))
    assert cache_use(build(root))[1] == 0  # and the next build finds a good cache again


def test_a_cache_of_another_version_is_replaced_without_a_warning(tmp_path):
    """After an upgrade the old cache applies no more: it is made again, and not kept aside as a broken one
    (CI carries the folder from run to run)."""
    root = portal(tmp_path / "portal")
    build(root)
    cache = root / ".cache" / "bantin" / "cache.sqlite"
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE about SET version = version - 1")
    db.close()
    done = build(root)
    assert "ignored" not in done.stderr and cache_use(done)[0] == 0
    assert sorted(path.name for path in cache.parent.iterdir() if path.is_file()) == ["cache.sqlite"]
    assert cache_use(build(root))[1] == 0
    _damage_file(cache)  # a damaged file, unlike an old one, is kept for whoever wants a look
    build(root)
    assert (cache.parent / "cache.sqlite.broken").is_file()


def test_pages_whose_search_terms_are_gone_from_the_cache_are_indexed_again(tmp_path):
    root = portal(tmp_path / "portal")
    build(root)
    with sqlite3.connect(root / ".cache" / "bantin" / "cache.sqlite") as db:
        assert db.execute("DELETE FROM entries WHERE kind IN ('terms', 'search', 'file:index')").rowcount > 10
    db.close()
    # the articles' conversions are the cache's, their terms counted again from them
    assert "search index: made from its" in build(root).stderr
    assert_same(root / "site", cold(tmp_path, root, "reference"))


def test_an_edit_whose_old_terms_are_gone_makes_the_index_anew(tmp_path):
    """The last index is updated from what the edited page's terms were: without them, it is made again."""
    root = portal(tmp_path / "portal")
    build(root)
    with sqlite3.connect(root / ".cache" / "bantin" / "cache.sqlite") as db:
        assert db.execute("DELETE FROM entries WHERE kind = 'terms'").rowcount > 10
    db.close()
    path = root / "content" / ARTICLE
    path.write_text(_body(path.read_text(encoding="utf-8")), encoding="utf-8")
    done = build(root)
    assert "search index: made from its" in done.stderr and "pages replaced" not in done.stderr
    assert_same(root / "site", cold(tmp_path, root, "reference"))


def test_a_kept_page_changed_in_place_is_made_again(tmp_path):
    root = portal(tmp_path / "portal")
    build(root)
    page = root / "site" / ARTICLE.replace(".md", "/index.html")
    assert page.stat().st_nlink == 2  # the site's copy is the cache's file, linked
    with open(page, "r+b") as out:  # what a careless tool does to the site's copy
        out.write(b"<!-- edited -->")
    build(root)
    assert b"edited" not in (root / "site" / ARTICLE.replace(".md", "/index.html")).read_bytes()
    assert_same(root / "site", cold(tmp_path, root, "reference"))


def test_attachments_are_the_caches_copies_and_follow_their_sources(tmp_path):
    root = portal(tmp_path / "portal")
    build(root)
    attachment = "van-ban/tep/28-ct-tu.pdf"
    placed = root / "site" / attachment
    assert placed.read_bytes() == (root / "content" / attachment).read_bytes()
    assert placed.stat().st_nlink == 2  # linked from the cache, not copied
    (root / "content" / attachment).write_bytes(b"%PDF-1.4 another version of the file\n")
    build(root)
    assert (root / "site" / attachment).read_bytes() == b"%PDF-1.4 another version of the file\n"
    with open(root / "site" / attachment, "r+b") as out:  # the site's copy changed in place
        out.write(b"%XYZ")
    build(root)  # into the folder of the build before, where the changed copy is
    build(root)
    assert_same(root / "site", cold(tmp_path, root, "reference"))
    assert not any(b"%XYZ" in path.read_bytes() for path in (root / ".cache").rglob("*") if path.is_file())


def test_the_search_index_is_the_caches_files_and_a_missing_one_is_made_again(tmp_path):
    root = portal(tmp_path / "portal")
    build(root)
    index = [path for path in (root / "site" / "search").rglob("*") if path.is_file()]
    assert len(index) > 2 and all(path.stat().st_nlink == 2 for path in index)  # kept files, linked
    kept = sorted(path for path in (root / ".cache" / "bantin" / "search").rglob("*") if path.is_file())
    assert len(kept) == len(index)
    kept[0].unlink()  # a file gone from the cache: the index is made again, never left short of it
    with open(kept[1], "r+b") as out:  # and one changed in place is not trusted
        out.write(b"{}")
    build(root)
    assert_same(root / "site", cold(tmp_path, root, "reference"))
    before = {path.stat().st_ino for path in (root / ".cache" / "bantin" / "search").rglob("*") if path.is_file()}
    (root / "content" / ARTICLE).write_text(_body((root / "content" / ARTICLE).read_text(encoding="utf-8")),
                                            encoding="utf-8")
    build(root)  # an edit writes the index's files it changed, and links the others again
    assert_same(root / "site", cold(tmp_path, root, "edited"))
    index = [path for path in (root / "site" / "search").rglob("*") if path.is_file()]
    assert 0 < sum(path.stat().st_ino in before for path in index) < len(index)


def test_an_index_state_changed_in_place_is_not_taken_up(tmp_path):
    """What the last index was is a kept file: one changed since it was written is not trusted."""
    root = portal(tmp_path / "portal")
    build(root)
    (state,) = [p for p in (root / ".cache" / "bantin" / "index").rglob("*") if p.is_file()]
    with open(state, "r+b") as out:
        out.write(b"\x80\x05garbage")
    path = root / "content" / ARTICLE
    path.write_text(_title(path.read_text(encoding="utf-8")), encoding="utf-8")
    done = build(root)
    assert "search index: made from its" in done.stderr and "pages replaced" not in done.stderr
    assert_same(root / "site", cold(tmp_path, root, "reference"))
    assert [p for p in (root / ".cache" / "bantin" / "index").rglob("*") if p.is_file()] == [state]  # written again
    path.write_text(_body(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert "search index: 1 of" in build(root).stderr
    assert_same(root / "site", cold(tmp_path, root, "edited"))


def test_the_cache_holds_one_builds_worth_whatever_the_edits(tmp_path):
    """What a build did not use is dropped when it ends: entries and kept files do not pile up edit after edit."""
    root = portal(tmp_path / "portal")
    cache = root / ".cache" / "bantin"

    def held() -> tuple[dict, dict]:
        with sqlite3.connect(cache / "cache.sqlite") as db:
            entries = dict(db.execute("SELECT kind, COUNT(*) FROM entries GROUP BY kind"))
        db.close()
        files = {kind: sum(1 for path in (cache / kind).rglob("*") if path.is_file())
                 for kind in ("html", "search", "static")}
        return entries, files
    build(root)
    first = held()
    assert first[1]["html"] == first[0]["file:html"] > 100
    article = root / "content" / ARTICLE
    for number in (1, 2):
        article.write_text(article.read_text(encoding="utf-8").replace("\n\n", f"\n\nSửa lần {number}.\n\n", 1),
                           encoding="utf-8")
        build(root)
        assert held() == first, number
    build(root)  # nothing changed
    assert held() == first


def test_the_cache_reads_many_entries_a_batch_at_a_time(tmp_path):
    from bantin.cache import Cache

    made = Cache(str(tmp_path / "cache"))
    made.begin()
    for number in range(7):
        made.put("terms", f"k{number}", {"term": number})
    made.save()
    cache = Cache(str(tmp_path / "cache"))
    cache.begin()
    keys = ["k3", None, "k0", "absent", "k6", "k3"]
    assert list(cache.each("terms", keys, batch=2)) == [{"term": 3}, None, {"term": 0}, None, {"term": 6},
                                                        {"term": 3}]
    assert "terms" not in cache.loaded  # nothing of it held once read
    assert (cache.hits, cache.misses) == (4, 1)
