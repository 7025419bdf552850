"""The live preview (`build.py serve`): every page it answers is the page a build writes, before and after an
edit, a new article and a removed one; it answers while it updates itself.

The reference is a build with the preview's own choices (drafts and scheduled articles shown): MkDocs' build
with the `serve` command, in this process. The preview's reload script is the only difference allowed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import BUILD_PY, REPO, build_site
from test_serve_errors import free_port, get

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
ARTICLE = "tin-tuc/2025/kinh-te-thi-xa-may-ngan-9-thang"
RELOADER = re.compile(rb"<script>\(function\(\)\{var v=\d+;.*?</script>", re.S)


def copy_portal(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(REPO / "theme")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


class Preview:
    def __init__(self, root: Path, log: Path):
        self.port, self.log = free_port(), log
        self.base = f"http://127.0.0.1:{self.port}"
        with open(log, "wb") as out:
            self.process = subprocess.Popen([sys.executable, str(BUILD_PY), "serve", "-a", f"127.0.0.1:{self.port}"],
                                            cwd=root, env=ENV, stdin=subprocess.DEVNULL, stdout=out,
                                            stderr=subprocess.STDOUT)

    def get(self, path: str) -> tuple[int, bytes]:
        status, body = get(self.base + path)
        return status, RELOADER.sub(b"", body)

    def state(self) -> dict:
        return json.loads(get(self.base + "/.bantin/state")[1])

    def wait(self, check, seconds: float = 60, what: str = "the preview"):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                found = check()
                if found:
                    return found
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"{what} within {seconds} s\n{self.log.read_text()[-3000:]}")

    def settled(self, since: int) -> None:
        """Wait until the preview has taken a change and says it is done."""
        self.wait(lambda: (lambda s: s["version"] > since and not s["updating"])(self.state()), what="done")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def preview(tmp_path):
    root = copy_portal(tmp_path / "portal")
    running = Preview(root, tmp_path / "serve.log")
    running.root = root
    running.wait(lambda: running.get("/")[0] == 200, what="no answer at /")
    yield running
    running.close()


def built_pages(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """Every page (index.html) a build with the preview's choices writes, by its address."""
    reference = tmp_path / f"reference-{time.monotonic_ns()}"
    shutil.copytree(root / "content", reference / "content")
    shutil.copy(root / "mkdocs.yml", reference / "mkdocs.yml")
    site = build_site(reference / "mkdocs.yml", command="serve")
    return {"/" + str(path.parent.relative_to(site)).replace(".", "").strip("/") + "/": path.read_bytes()
            for path in site.rglob("index.html")}


def assert_pages_as_built(preview, tmp_path) -> None:
    pages = built_pages(preview.root, tmp_path)
    assert len(pages) > 100
    differ = []
    for address, expected in sorted(pages.items()):
        address = "/" if address == "//" else address
        status, body = preview.get(address)
        if (status, body) != (200, expected):
            differ.append(address)
    assert not differ, f"{len(differ)} pages differ from the build, e.g. {differ[:5]}"


def test_every_page_is_the_page_a_build_writes(preview, tmp_path):
    assert_pages_as_built(preview, tmp_path)
    assert preview.get("/tin-tuc/khong-co/")[0] == 404
    status, body = preview.get("/sitemap.xml")
    assert status == 200 and ARTICLE.encode() in body


def test_an_edit_shows_on_its_page_and_everywhere_it_is_listed(preview, tmp_path):
    path = preview.root / "content" / f"{ARTICLE}.md"
    version = preview.state()["version"]
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"^title: .*$", "title: Kinh tế Mây Ngàn bứt phá trong chín tháng", text, count=1, flags=re.M)
    part = path.with_suffix(".part")
    part.write_text(edited, encoding="utf-8")
    os.replace(part, path)  # as editors' programs save
    answers = []

    def shown():
        answers.append(preview.get("/")[0])
        return "bứt phá trong chín tháng".encode() in preview.get(f"/{ARTICLE}/")[1]
    preview.wait(shown, what="the new title on the article's page")
    preview.settled(version)
    assert set(answers) == {200}  # the home page answered all along
    status, body = preview.get("/chuyen-muc/kinh-te/")
    assert status == 200 and "Kinh tế Mây Ngàn bứt phá trong chín tháng".encode() in body
    assert_pages_as_built(preview, tmp_path)


def test_a_new_article_and_a_removed_one(preview, tmp_path):
    version = preview.state()["version"]
    (preview.root / "content" / "tin-tuc" / "2026" / "cho-phien.md").write_text(
        "---\ntitle: Chợ phiên nông sản cuối tuần\ndate: 01/11/2026 07:00\nauthor: Ban biên tập\n"
        "category: Kinh tế\n---\n\nChợ phiên có thêm gian hàng nông sản sạch.\n", encoding="utf-8")
    (preview.root / "content" / f"{ARTICLE}.md").unlink()
    preview.settled(version)
    status, body = preview.get("/tin-tuc/2026/cho-phien/")
    assert status == 200 and "Chợ phiên nông sản cuối tuần".encode() in body
    assert preview.get(f"/{ARTICLE}/")[0] == 404
    assert_pages_as_built(preview, tmp_path)


# -- what the answering model shows the moment a file is saved, before the next model replaces it ------------

@pytest.fixture
def model(tmp_path):
    from bantin.cache import Cache
    from bantin.preview import Model

    root = copy_portal(tmp_path / "portal")
    made = Model(str(root / "mkdocs.yml"), Cache(None))
    made.root = root
    yield made
    made.close()


def page_html(model, address: str) -> str | None:
    page = model.page(address)
    return None if page is None else model.render(page).decode("utf-8")


def test_the_answering_model_shows_an_edited_article_at_once(model):
    path = model.root / "content" / f"{ARTICLE}.md"
    before = page_html(model, f"{ARTICLE}/")  # rendered once: the model keeps it
    assert "Kinh tế Mây Ngàn tăng tốc" not in before
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: Kinh tế Mây Ngàn tăng tốc", text, count=1, flags=re.M)
    text = re.sub(r"^tags: ", "tags: Thẻ chưa từng có, ", text, count=1, flags=re.M)  # unknown to the catalog
    text = re.sub(r"^author: .*$", "author: Người viết mới", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    assert model.take(str(path))
    after = page_html(model, f"{ARTICLE}/")
    assert "<h1>Kinh tế Mây Ngàn tăng tốc</h1>" in after
    assert "Người viết mới" not in before and "Người viết mới" in after


def test_the_answering_model_adds_a_new_article_and_drops_a_deleted_one(model):
    new = model.root / "content" / "tin-tuc" / "2026" / "cho-phien.md"
    new.write_text("---\ntitle: Chợ phiên <nông sản> cuối tuần\ndate: 01/11/2026 07:00\nauthor: Ban biên tập\n"
                   "category: Kinh tế\ntags: nông nghiệp, thẻ mới\n---\n\nChợ phiên có thêm gian hàng.\n",
                   encoding="utf-8")
    assert model.page("tin-tuc/2026/cho-phien/") is None
    assert model.take(str(new))
    html = page_html(model, "tin-tuc/2026/cho-phien/")
    assert "Chợ phiên &lt;nông sản&gt; cuối tuần" in html and "Chợ phiên có thêm gian hàng." in html

    old = model.root / "content" / f"{ARTICLE}.md"
    assert page_html(model, f"{ARTICLE}/") is not None
    old.unlink()
    assert model.take(str(old))
    assert model.page(f"{ARTICLE}/") is None
    assert page_html(model, "") is not None  # the home page still renders (the next model drops the link)


def test_the_answering_model_leaves_to_the_next_one_what_it_cannot_show(model):
    path = model.root / "content" / f"{ARTICLE}.md"
    before = page_html(model, f"{ARTICLE}/")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^date: .*$", "date: 31/02/2025", text, count=1, flags=re.M), encoding="utf-8")
    assert not model.take(str(path))  # the next model shows the error page
    assert page_html(model, f"{ARTICLE}/") == before
    page = model.root / "content" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMột dòng mới.\n", encoding="utf-8")
    assert not model.take(str(page))  # not an article: only the next model


def test_the_answering_model_shows_a_new_title_on_its_listings_at_once(model):
    path = model.root / "content" / f"{ARTICLE}.md"
    listing, home = page_html(model, "chuyen-muc/kinh-te/"), page_html(model, "")
    assert "Kinh tế Mây Ngàn tăng tốc" not in listing + home
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", "title: Kinh tế Mây Ngàn tăng tốc", text, count=1, flags=re.M),
                    encoding="utf-8")
    assert model.take(str(path)) and model.replan()
    assert "Kinh tế Mây Ngàn tăng tốc" in page_html(model, "chuyen-muc/kinh-te/")
    assert "Kinh tế Mây Ngàn tăng tốc" in page_html(model, "")


def test_the_answering_model_lists_a_new_article_and_no_longer_a_deleted_one(model):
    new = model.root / "content" / "tin-tuc" / "2026" / "cho-phien.md"
    # a month, an author and a category that have pages already; the deleted article is not alone in any
    new.write_text("---\ntitle: Chợ phiên nông sản cuối tuần\ndate: 21/11/2026 07:00\nauthor: Trần Quốc Bảo\n"
                   "category: Kinh tế\n---\n\nChợ phiên có thêm gian hàng.\n", encoding="utf-8")
    gone = "tin-tuc/2023/nam-2023-may-ngan-don-gan-490-nghin"
    old = model.root / "content" / f"{gone}.md"
    assert f"/{gone}/" in page_html(model, "luu-tru/2023/")
    old.unlink()
    assert model.take(str(new)) and model.take(str(old)) and model.replan()
    assert "Chợ phiên nông sản cuối tuần" in page_html(model, "chuyen-muc/kinh-te/")
    assert f"/{gone}/" not in page_html(model, "luu-tru/2023/")


def test_a_change_of_the_site_s_pages_waits_for_the_next_model(model):
    path = model.root / "content" / f"{ARTICLE}.md"
    text = path.read_text(encoding="utf-8")
    listing = page_html(model, "chuyen-muc/kinh-te/")
    # a category no article had: a listing page and a menu entry the model does not have
    path.write_text(re.sub(r"^category: .*$", "category: Hợp tác quốc tế", text, count=1, flags=re.M),
                    encoding="utf-8")
    assert model.take(str(path))
    assert not model.replan()
    assert page_html(model, "chuyen-muc/kinh-te/") == listing
    assert model.page("chuyen-muc/hop-tac-quoc-te/") is None


def test_a_replaced_model_is_closed_once_no_request_reads_it(tmp_path):
    import threading

    from bantin.preview import Model, Preview

    root = copy_portal(tmp_path / "portal")
    preview = Preview(str(root / "mkdocs.yml"))
    preview.start()
    with preview.answering() as first:
        preview._swap(Model(preview.config_file, preview.cache))
        # a request that began with the first model finishes with it, whole
        assert b"</html>" in first.render(first.page(f"{ARTICLE}/"))
        assert os.path.isdir(first.folder)
        folder = first.folder
    for thread in threading.enumerate():
        if thread.name == "bantin-close":
            thread.join(30)
    assert not hasattr(first, "pages") and not os.path.exists(folder)  # closed: its memory and folder freed
    second = preview.model
    preview._swap(Model(preview.config_file, preview.cache))  # read by no request: closed at once
    for thread in threading.enumerate():
        if thread.name == "bantin-close":
            thread.join(30)
    assert not hasattr(second, "pages")
    with preview.answering() as model:
        assert b"</html>" in model.render(model.page(f"{ARTICLE}/"))
    preview.model.close()


def test_a_listing_page_a_save_adds_is_made_in_the_answering_model(model):
    # the first article of a month: the archive gains that month's page; its category, the largest, stays
    # first in the menu (the menu lists categories by size)
    assert model.page("luu-tru/2023/02/") is None
    new = model.root / "content" / "tin-tuc" / "2023" / "hoi-cho-xuan.md"
    new.write_text("---\ntitle: Hội chợ xuân ở chợ trung tâm\ndate: 14/02/2023 08:00\nauthor: Trần Quốc Bảo\n"
                   "category: Chính trị - Xã hội\n---\n\nHội chợ xuân mở cửa ba ngày.\n", encoding="utf-8")
    assert model.take(str(new)) and model.replan()
    month = page_html(model, "luu-tru/2023/02/")
    assert month is not None and "Hội chợ xuân ở chợ trung tâm" in month
    new.unlink()  # and gone again with the article
    assert model.take(str(new)) and model.replan()
    assert model.page("luu-tru/2023/02/") is None


def test_a_save_the_answering_model_fails_to_take_still_gets_a_new_model(tmp_path, caplog):
    from bantin.preview import Preview

    root = copy_portal(tmp_path / "portal")
    preview = Preview(str(root / "mkdocs.yml"))
    preview.start()
    preview.seen = preview._watched()
    preview.rebuild.clear()

    def fails(path):
        raise RuntimeError("an extension broke on this article")
    preview.model.take = fails
    path = root / "content" / f"{ARTICLE}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    preview.notice()  # as the watcher calls it
    assert preview.rebuild.is_set()  # the builder makes the model that shows it
    assert str(path) in preview.pending
    assert "could not show the change at once" in caplog.text
    preview.model.close()
