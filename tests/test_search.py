"""Search: Bantin's own index (plugins/bantin/search.py) of a built fixture site, queried in a real browser through
the search page (theme/assets/bantin/search.js).

The first tests check the index itself, without a browser: syllables, pairs, scores, shards, the files written.
Most of the others start chromium (Debian's /usr/bin/chromium, driven by the playwright package) and a local HTTP
server. Every test of the module carries the `browser` marker, the quick ones too (the marker is put on a whole
module). Run only them:

    python -m pytest -m browser

or everything else: `python -m pytest -m "not browser"`. The marker is registered by tests/browser.py, loaded
below through `pytest_plugins`, so `--strict-markers` accepts it.
"""

from __future__ import annotations

import json
import pickle
import random
import re
import unicodedata
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, quote, urlsplit

import pytest

from browser import chromium, serve
from conftest import article, build_site, parse_html, write_site

from bantin.search import (Stale, analyse, FOLD_VERSION, SearchIndex, page_url, pairs, plain_text, shard_of, snippet, syllables,
                           term_counts)
from bantin.slugs import fold

pytest_plugins = ["browser"]  # registers the `browser` marker and puts it on this module's tests

DAN_VAN = "Công tác dân vận của hệ thống chính trị trên địa bàn thị xã"
DICH = "Phòng, chống dịch sốt xuất huyết tại các xã vùng cao"
HOSTILE = "Cảnh giác với mã độc trong thư điện tử"
ARTICLES = {
    "dan-van": (DAN_VAN, "2023-05-04 08:00", "Hội nghị tổng kết công tác dân vận năm 2023 đã diễn ra tại hội trường "
                                            "Ủy ban nhân dân thị xã, với sự tham gia của các đoàn thể."),
    "phong-dich": (DICH, "2023-06-12 07:30", "Ngành y tế thị xã triển khai các biện pháp phòng, chống dịch sốt xuất "
                                             "huyết, phun hóa chất diệt muỗi tại các thôn bản."),
    # distractors: share some words, never the whole query
    "dan-ca": ("Liên hoan dân ca các dân tộc thiểu số", "2023-04-02 09:00",
               "Các đội văn nghệ biểu diễn những làn điệu dân ca truyền thống."),
    "cong-trinh": ("Khởi công công trình trường học xã Bản Hồ", "2023-03-15 10:00",
                   "Công trình gồm tám phòng học, hoàn thành trước năm học mới."),
    "tiem-chung": ("Tiêm chủng mở rộng cho trẻ em dưới năm tuổi", "2023-02-20 08:00",
                   "Trạm y tế các xã tổ chức tiêm chủng định kỳ."),
    "chong-han": ("Nông dân chủ động chống hạn cho lúa xuân", "2023-01-10 08:00",
                  "Các hợp tác xã nạo vét kênh mương để giữ nước."),
    "ma-doc": (HOSTILE, "2023-07-01 08:00", "Kẻ gian gửi thư có đoạn mã `<img src=x onerror=alert(1)>` để lừa người "
                                            "đọc mở tệp đính kèm."),
}


def url_of(slug: str) -> str:
    return f"tin-tuc/2023/{slug}/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    files = {"content/index.md": "# Trang chủ\n\nCổng thông tin của thị xã.\n",
             "content/gioi-thieu.md": "# Giới thiệu\n\nThị xã vùng cao.\n"}
    for slug, (title, date, body) in ARTICLES.items():
        files[f"content/tin-tuc/2023/{slug}.md"] = article(body, title=title, date=date, author="Hoàng Thị Lan",
                                                           category="Thời sự")
    config = write_site(tmp_path_factory.mktemp("search") / "portal", files, {})
    return build_site(config, strict=True)


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.dialogs = []  # what a reader would notice: alert boxes and script errors
    page.errors = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


# -- terms and scores --------------------------------------------------------------------------------------------

def test_syllables_are_folded_runs_of_letters_and_digits():
    assert syllables("Phòng, chống dịch SỐT-XUẤT-HUYẾT năm 2023!") == \
        ["phong", "chong", "dich", "sot", "xuat", "huyet", "nam", "2023"]
    assert syllables("ĐẢNG bộ Ðà Nẵng, Đắk Lắk") == ["dang", "bo", "da", "nang", "dak", "lak"]
    decomposed = unicodedata.normalize("NFD", "Việt Nam")
    assert syllables(decomposed) == syllables("Việt Nam") == ["viet", "nam"]
    assert syllables("TP.HCM: <img src=x onerror=alert(1)>") == \
        ["tp", "hcm", "img", "src", "x", "onerror", "alert", "1"]
    assert syllables("  ,.;  ") == []


def test_pairs_are_adjacent_syllables_across_punctuation():
    assert pairs(syllables("Phòng, chống dịch")) == ["phong chong", "chong dich"]
    assert pairs(["mot"]) == [] and pairs([]) == []


def test_term_counts_weigh_the_title_three_times():
    counts, length = term_counts("Dân vận", "Công tác dân vận, dân vận.")
    assert counts == Counter({"cong": 1, "tac": 1, "dan": 2 + 3, "van": 2 + 3,
                              "cong tac": 1, "tac dan": 1, "dan van": 2 + 3, "van dan": 1})
    assert length == 6 + 3 * 2


def test_plain_text_keeps_words_of_adjacent_cells_apart():
    assert plain_text("<table><tr><td>Xã</td><td>Bản&nbsp;Hồ</td></tr></table><p>a &lt;b&gt;</p>") == \
        "Xã Bản\xa0Hồ a <b>"


def test_snippet_is_cut_at_a_word():
    text = "Hội nghị tổng kết công tác dân vận năm 2023 đã diễn ra tại hội trường"
    assert snippet(text, 200) == text
    assert snippet(text, 30) == "Hội nghị tổng kết công tác…"  # not "…công tác d"
    assert snippet("x" * 50, 30) == "x" * 30 + "…"  # one long word: cut inside it


def test_a_page_opening_with_its_title_as_h1_does_not_repeat_it_in_its_snippet():
    index = SearchIndex("vi")
    index.add("a/index.html", "Giới thiệu", '<h1 id="gioi-thieu">Giới thiệu</h1>\n<p>Thị xã vùng cao.</p>')
    index.add("b/index.html", "Hội nghị", "<p>Hội nghị tổng kết.</p>")  # the same words, not a heading: kept
    assert [doc[3] for doc in index.docs] == ["Thị xã vùng cao.", "Hội nghị tổng kết."]


def test_page_url_is_relative_to_the_site_root():
    assert page_url("tin-tuc/2023/bai/index.html") == "tin-tuc/2023/bai/"
    assert page_url("gioi-thieu/index.html") == "gioi-thieu/"
    assert page_url("lien-he.html") == "lien-he.html"
    assert page_url("index.html") == ""


def test_shard_of_is_fnv1a_with_murmur_finaliser():
    # FNV-1a alone: "foobar" → 0xbf9cf968 (the published test vector); then fmix32.
    assert [shard_of(t) for t in ("cong", "cong tac", "dan van", "phong chong", "le hoi", "che", "xa")] == \
        [3448136670, 3202313908, 4034435708, 2738505151, 3260187821, 512676114, 290020651]


# -- the index as files ------------------------------------------------------------------------------------------------

def three_pages(**options) -> SearchIndex:
    index = SearchIndex("vi", top=2, per_shard=2, pivot=12, **options)
    index.add("tin-tuc/a/index.html", "Công tác dân vận", "<p>Hội nghị công tác dân vận.</p>", "04/05/2023")
    index.add("tin-tuc/b/index.html", "Dân ca", "<p>Hát dân ca, dân vũ.</p>", "02/04/2023")
    index.add("gioi-thieu/index.html", "Giới thiệu", "<h1>Giới thiệu</h1>\n<p>Công tác dân vận của xã.</p>")
    return index


def read_index(folder: Path) -> tuple[dict, dict[str, dict], list[list]]:
    manifest = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    files = folder / manifest["path"]
    shards = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((files / "t").glob("*.json"))}
    pages = [json.loads((files / "d" / f"{n}.json").read_text(encoding="utf-8"))
             for n in range(len(list((files / "d").glob("*.json"))))]
    return manifest, shards, pages


def test_index_files_of_three_pages(tmp_path):
    """Lengths (syllables + 3 × title): 6 + 3·4 = 18, 5 + 3·2 = 11, 6 + 3·2 = 12 (the static page's <h1>, its
    title again, is left out of its body); pivot 12. s = round(100 · tf / (tf + 1.2 · (0.25 + 0.75 · len/12))):
    page 0, tf 4 → 71, tf 1 → 38; page 1, tf 5 → 82, tf 4 → 78, tf 1 → 47; page 2, tf 3 → 71, tf 1 → 45.
    With top=2, "dan" (in all three) keeps its two best pages and says df 3."""
    index = three_pages()
    index.finish(str(tmp_path))
    manifest, shards, pages = read_index(tmp_path / "search")
    assert re.fullmatch(r"[0-9a-f]{10}/", manifest.pop("path"))
    assert manifest == {"version": 1, "fold": FOLD_VERSION, "docs": 3, "shards": 1, "per": 2, "top": 2}
    a, c = [[0, 71], [2, 45]], [[2, 45]]
    expected = {
        "cong": a, "tac": a, "van": a, "cong tac": a, "tac dan": a, "dan van": a, "dan": [[0, 71], [1, 82]],
        "hoi": [[0, 38]], "nghi": [[0, 38]], "hoi nghi": [[0, 38]], "nghi cong": [[0, 38]],
        "ca": [[1, 78]], "dan ca": [[1, 78]], "hat": [[1, 47]], "vu": [[1, 47]], "hat dan": [[1, 47]],
        "ca dan": [[1, 47]], "dan vu": [[1, 47]],
        "cua": c, "xa": c, "van cua": c, "cua xa": c, "gioi": [[2, 71]], "thieu": [[2, 71]], "gioi thieu": [[2, 71]],
    }
    df = {"dan": 3, **{t: 2 for t in ("cong", "tac", "van", "cong tac", "tac dan", "dan van")}}
    assert shards == {"0.json": {term: [df.get(term, 1), [x for pair in posts for x in pair]]
                                 for term, posts in expected.items()}}
    assert pages == [[["tin-tuc/a/", "Công tác dân vận", "04/05/2023", "Hội nghị công tác dân vận."],
                      ["tin-tuc/b/", "Dân ca", "02/04/2023", "Hát dân ca, dân vũ."]],
                     [["gioi-thieu/", "Giới thiệu", "", "Công tác dân vận của xã."]]]
    assert index.count == 0  # finish lets go of everything


def test_a_term_keeps_its_best_pages_as_pages_stream_in(tmp_path):
    """Twelve pages of 20 syllables (the pivot here: s = tf / (tf + 1.2)), page i with i + 1 times "xa": with
    top=2 the array is cut after the 9th page (4 × top) to its best four; the best two, pages 10 and 11,
    are written, and df counts all twelve."""
    index = SearchIndex("vi", top=2, pivot=20)
    for i in range(12):
        index.add(f"p{i}/index.html", "", "xa " * (i + 1) + "yy " * (19 - i))
    assert len(index.postings["xa"]) <= 8 and index.cut["xa"] > 0
    index.finish(str(tmp_path))
    _, shards, _ = read_index(tmp_path / "search")
    entries = {term: value for shard in shards.values() for term, value in shard.items()}
    assert entries["xa"] == [12, [10, round(100 * 11 / 12.2), 11, round(100 * 12 / 13.2)]] == [12, [10, 90, 11, 91]]
    assert entries["xa xa"][0] == 11 and entries["xa xa"][1][::2] == [10, 11]


def written(index: SearchIndex) -> tuple[dict[str, bytes], dict]:
    """The files `finish` writes (by path) and the state it returns."""
    files = {}
    state = index.finish(lambda path, data: files.__setitem__(path, data))
    return files, state


def bodies(n: int, seed: int) -> list[tuple[str, str]]:
    """n pages' titles and bodies drawn from a few syllables, so that common terms are cut at top=3."""
    words = "cong tac dan van xa hoi nghi le hat ca phong chong dich mua lua ban".split()
    rng = random.Random(seed)
    return [(" ".join(rng.choices(words, k=3)), " ".join(rng.choices(words, k=rng.randint(5, 60))))
            for _ in range(n)]


def index_of(pages, **options) -> SearchIndex:
    index = SearchIndex("vi", top=3, per_shard=4, shard_bytes=400, **options)
    for n, (title, body) in enumerate(pages):
        index.add(f"p{n}/index.html", title, f"<p>{body}</p>", f"0{n % 9 + 1}/01/2024")
    return index


def test_an_updated_index_is_the_same_files_as_a_new_one():
    """Forty pages, then edits one at a time (bodies and titles, a page emptied, a page given a word no page
    had and then without it again): the last index resumed with the page replaced writes, each time, the bytes
    a new index of the same pages writes. With top=3 a common term keeps only three spare pages, so an edit
    may use them up (Stale: the build makes a new index); most edits must not."""
    pages = bodies(40, seed=1)
    files, state = written(index_of(pages))
    rng = random.Random(2)
    edits = [(n, new) for n, new in zip(rng.sample(range(40), 12), bodies(12, seed=3))]
    edits += [(5, ("", "")), (7, ("Phở", "phở phở phở " * 20)), (7, pages[7])]
    updates = 0
    for n, (title, body) in edits:
        old = analyse(pages[n][0], f"<p>{pages[n][1]}</p>")
        pages[n] = title, body
        fresh, fresh_state = written(index_of(pages))
        resumed = SearchIndex("vi", top=3, per_shard=4, shard_bytes=400)
        assert resumed.resume(pickle.loads(pickle.dumps(state)))
        resumed.replace(n, old, f"p{n}/index.html", title, f"0{n % 9 + 1}/01/2024", analyse(title, f"<p>{body}</p>"))
        try:
            updated, state = written(resumed)
        except Stale:
            updated, state = fresh, fresh_state
        else:
            updates += 1
        assert updated == fresh != files  # each edit changed the index
        files = updated
    assert updates >= 12
    assert b'"pho":' not in b"".join(files.values())  # the last edit took the new word out again


def test_an_index_out_of_spare_pages_is_stale():
    """"xa" on twelve pages, page i with i + 1 of them, top=2: the state keeps its best four (pages 8–11).
    "xa" is taken out of page 11; page 0, given five, stays among the cut ones (below page 8, the lowest
    kept); "xa" is taken out of pages 10 and 9: two kept pages are enough to write the best two, one is not,
    and `finish` raises Stale (the build then makes a new index) rather than write page 0 second."""
    def xa(times: int) -> str:
        return "xa " * times + "yy " * (20 - times)

    pages = [xa(i + 1) for i in range(12)]
    index = SearchIndex("vi", top=2, pivot=20)
    for n, body in enumerate(pages):
        index.add(f"p{n}/index.html", "", body)
    _, state = written(index)
    for step, (n, body) in enumerate([(11, xa(0)), (0, xa(5)), (10, xa(0)), (9, xa(0))]):
        resumed = SearchIndex("vi", top=2, pivot=20)
        assert resumed.resume(state)
        resumed.replace(n, analyse("", pages[n]), f"p{n}/index.html", "", "", analyse("", body))
        pages[n] = body
        fresh = SearchIndex("vi", top=2, pivot=20)
        for m, text in enumerate(pages):
            fresh.add(f"p{m}/index.html", "", text)
        if step < 3:
            files, state = written(resumed)
            assert files == written(fresh)[0]
        else:
            with pytest.raises(Stale):
                written(resumed)


def test_a_state_of_other_options_is_not_taken_up():
    _, state = written(index_of(bodies(5, seed=4)))
    assert SearchIndex("vi", top=3, per_shard=4, shard_bytes=400).resume(state)
    assert not SearchIndex("vi", top=4, per_shard=4, shard_bytes=400).resume(state)
    assert not SearchIndex("vi", top=3, per_shard=4, shard_bytes=400, pivot=100).resume(state)
    assert not SearchIndex("vi").resume({"options": "?"}) and not SearchIndex("vi").resume(None)


def test_terms_are_spread_over_shards_by_their_hash(tmp_path):
    three_pages().finish(str(tmp_path / "one"))
    one, whole, _ = read_index(tmp_path / "one" / "search")
    (everything,) = whole.values()
    # 513 bytes of "term":value and their commas: the one shard's 514 bytes, less its braces, plus a comma
    assert (tmp_path / "one" / "search" / one["path"] / "t" / "0.json").stat().st_size == 514
    three_pages(shard_bytes=100).finish(str(tmp_path / "many"))
    manifest, shards, _ = read_index(tmp_path / "many" / "search")
    assert manifest["shards"] == 6  # 513 / 100, rounded up
    assert sum(len(s) for s in shards.values()) == len(everything)
    for term, value in everything.items():
        assert shards[f"{shard_of(term) % 6}.json"][term] == value


def test_the_index_folder_is_named_by_its_content(tmp_path):
    paths = []
    for run in range(2):
        three_pages().finish(str(tmp_path / str(run)))
        paths.append(read_index(tmp_path / str(run) / "search")[0]["path"])
    other = SearchIndex("vi")
    other.add("a/index.html", "Khác", "<p>Khác hẳn.</p>")
    other.finish(str(tmp_path / "other"))
    assert paths[0] == paths[1] != read_index(tmp_path / "other" / "search")[0]["path"]
    written = sorted(p.name for p in (tmp_path / "0" / "search").iterdir())
    assert written == sorted(["index.json", paths[0].rstrip("/")])  # nothing left over


def test_an_empty_index_is_still_an_index(tmp_path):
    SearchIndex("vi").finish(str(tmp_path))
    manifest, shards, pages = read_index(tmp_path / "search")
    assert manifest["docs"] == 0 and shards == {"0.json": {}} and pages == [[]]


def test_index_on_disk_of_the_built_site(site):
    manifest, shards, pages = read_index(site / "search")
    assert manifest["docs"] == len(ARTICLES) + 1  # the articles and the static page
    urls = {page[0]: page for shard in pages for page in shard}
    assert set(urls) == {url_of(slug) for slug in ARTICLES} | {"gioi-thieu/"}
    assert urls[url_of("dan-van")][1:3] == [DAN_VAN, "04/05/2023 08:00"]
    everything = {k: v for shard in shards.values() for k, v in shard.items()}
    assert everything["dan van"][0] == 1 and everything["cong tac"][0] == 1
    assert not list(site.glob("pagefind*"))


def test_search_page_and_form(site):
    tree = parse_html(site / "tim-kiem" / "index.html")
    (box,) = tree.xpath("//*[@data-bantin-search]")
    assert box.get("data-bantin-search") == "../search/"
    assert tree.xpath("//script[contains(@src, 'assets/bantin/search.') and contains(@src, '.min.js')]")
    home = parse_html(site / "index.html")
    (form,) = home.xpath("//form[@role='search']")
    assert urljoin("http://portal.example/", form.get("action")) == "http://portal.example/tim-kiem/"
    assert form.get("method") == "get"
    assert form.xpath(".//input[@id='bantin-q']/@name") == ["q"]


# -- the browser folds as Python does ----------------------------------------------------------------------------------

FOLD_TABLE = [
    "Công tác dân vận", "PHÒNG, CHỐNG DỊCH", "Phòng, chống dịch sốt xuất huyết", "Lễ hội Lồng Tồng",
    "ĐẢNG BỘ thị xã", "Đắk Lắk", "Ðà Nẵng (Ð U+00D0)", "Thừa Thiên Huế", "Quảng Ngãi", "Nguyễn Thị Ánh Tuyết",
    "Hồ Chí Minh", "TP.HCM", "ỷ lại, Ỳ ạch, ỹ ỵ", "ữ ự ừ ứ ử ư", "Ơn nghĩa ờ ớ ở ỡ ợ", "ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ",
    "ê ề ế ể ễ ệ ô ồ ố ổ ỗ ộ", "Ê-đê, Ba Na, Gia Rai", "Covid-19 năm 2023: 12,5 tỷ đồng", "\u00d0\u0110\u0111",
    unicodedata.normalize("NFD", "Việt Nam dân chủ cộng hòa"), unicodedata.normalize("NFD", "ĐƯỜNG ĐIỆN BIÊN PHỦ"),
    "Kẻ gian <img src=x onerror=alert(1)>", "chè Shan tuyết", "  khoảng   trắng\tvà\ndòng  ",
]


def test_search_js_folds_and_hashes_as_python_does(page, base_url):
    page.goto(base_url + "tim-kiem/")
    page.wait_for_function("() => window.BantinSearch")
    got = page.evaluate("""table => table.map(t => {
        const s = BantinSearch.syllables(t);
        return {fold: BantinSearch.fold(t), syllables: s,
                hashes: s.concat(s.slice(1).map((w, i) => s[i] + ' ' + w)).map(BantinSearch.hash)};
    })""", FOLD_TABLE)
    expected = [{"fold": fold(t), "syllables": syllables(t),
                 "hashes": [shard_of(term) for term in syllables(t) + pairs(syllables(t))]} for t in FOLD_TABLE]
    assert got == expected
    assert page.evaluate("BantinSearch.FOLD") == FOLD_VERSION


# -- in the browser ----------------------------------------------------------------------------------------------

WAIT_FOR_ANSWER = """() => {
  const root = document.querySelector('[data-bantin-search]');
  const status = root.querySelector('.bantin-search__status').textContent;
  return status.startsWith(root.dataset.none) || status.startsWith(root.dataset.found);
}"""


def results(page) -> list[dict]:
    """What the reader sees for each result, once the search page has answered."""
    page.wait_for_function(WAIT_FOR_ANSWER, timeout=20_000)
    return page.eval_on_selector_all(".bantin-search__results > li", """items => items.map(li => ({
        title: li.querySelector('h2 a').textContent,
        href: li.querySelector('h2 a').href,
        date: (li.querySelector('.bantin-meta') || {}).textContent || '',
        snippet: li.querySelector('h2 ~ p:last-child').textContent,
        marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
        snippet_marks: [...li.querySelectorAll('h2 ~ p:last-child mark')].map(m => m.textContent),
    }))""")


def status(page) -> str:
    return page.locator(".bantin-search__status").inner_text()


def search(page, base_url, query: str) -> list[dict]:
    page.goto(base_url + "tim-kiem/")
    page.locator("#bantin-q").type(query, delay=20)
    page.wait_for_url(f"**/tim-kiem/?q={quote(query)}", timeout=10_000)
    return results(page)


def assert_found(found: list[dict], title: str, slug: str, date: str, words: list[str], base_url: str) -> None:
    assert found, "no result"
    first = found[0]
    assert first["title"] == title
    assert first["href"] == base_url + url_of(slug)
    assert first["date"].startswith(date), first["date"]  # the date, perhaps with the time
    assert first["snippet_marks"], "the snippet highlights nothing"
    marked = " ".join(first["snippet_marks"]).lower()
    for word in words:
        assert word in marked, (word, first["snippet_marks"])
    assert len(first["snippet"]) > 20


def assert_link_resolves(page, href: str, title: str) -> None:
    response = page.goto(href)
    assert response is not None and response.ok, href
    assert page.locator("h1").first.inner_text() == title


@pytest.mark.parametrize("query", ["cong tac dan van", "Công tác dân vận"])
def test_finds_dan_van(page, base_url, query):
    found = search(page, base_url, query)
    assert_found(found, DAN_VAN, "dan-van", "04/05/2023", ["công", "tác", "dân", "vận"], base_url)
    assert status(page).startswith("Kết quả tìm kiếm")
    assert_link_resolves(page, found[0]["href"], DAN_VAN)
    assert not page.errors


@pytest.mark.parametrize("query", ["phong chong dich", "Phòng, chống dịch"])
def test_finds_phong_chong_dich(page, base_url, query):
    found = search(page, base_url, query)
    assert_found(found, DICH, "phong-dich", "12/06/2023", ["phòng", "chống", "dịch"], base_url)
    assert_link_resolves(page, found[0]["href"], DICH)
    assert not page.errors


def test_query_in_the_address(page, base_url):
    page.goto(base_url + "tim-kiem/?q=" + quote("cong tac dan van"))
    found = results(page)
    assert_found(found, DAN_VAN, "dan-van", "04/05/2023", ["công", "dân"], base_url)
    assert page.locator("#bantin-q").input_value() == "cong tac dan van"


def test_no_match(page, base_url):
    found = search(page, base_url, "xyzzy quaqua")
    assert found == []
    assert status(page).startswith("Không tìm thấy")
    assert page.locator(".bantin-search__results > li").count() == 0


def test_hostile_snippet_stays_text(page, base_url):
    found = search(page, base_url, "onerror")
    assert [r["title"] for r in found] == [HOSTILE]
    assert "<img src=x onerror=alert(1)>" in found[0]["snippet"]
    assert page.locator(".bantin-search__results img").count() == 0
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0
    page.wait_for_timeout(300)  # an injected onerror would fire as soon as the image failed
    assert page.dialogs == [] and not page.errors


def test_form_on_the_home_page_lands_on_the_results(page, base_url):
    page.goto(base_url)
    field = page.locator("#bantin-q")
    field.type("phong chong dich", delay=10)
    field.press("Enter")
    # The form sends ?q=phong+chong+dich; the search page may already have rewritten it as %20 when checked.
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=phong(\+|%20)chong(\+|%20)dich$"), timeout=10_000)
    found = results(page)
    assert_found(found, DICH, "phong-dich", "12/06/2023", ["phòng", "dịch"], base_url)


def test_marks_are_the_query_syllables(page, base_url):
    found = search(page, base_url, "DAN VAN")
    assert found[0]["title"] == DAN_VAN
    # the title's "dân vận", then the snippet's "dân vận" and the "dân" of "nhân dân"; never "công" or "nhân"
    assert found[0]["marks"] == ["dân", "vận", "dân", "vận", "dân"]


def test_a_static_page_is_found_without_a_date(page, base_url):
    found = search(page, base_url, "gioi thieu")
    assert found[0]["title"] == "Giới thiệu"
    assert found[0]["href"] == base_url + "gioi-thieu/"
    assert found[0]["date"] == "" and found[0]["snippet"] == "Thị xã vùng cao."


def test_a_query_fetches_what_it_needs_once(page, site, base_url):
    """The manifest, the shard of each term of the query, the page shard of each result: each once, nothing else."""
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(base_url + "tim-kiem/?q=" + quote("cong tac dan van"))
    found = results(page)
    index = [path for path in fetched if path.startswith("/search/")]
    manifest, _, pages = read_index(site / "search")
    ids = {page[0]: n for n, page in enumerate(p for shard in pages for p in shard)}
    folder = f"/search/{manifest['path']}"
    terms = ["cong tac", "tac dan", "dan van", "cong", "tac", "dan", "van"]
    expected = {"/search/index.json"} \
        | {f"{folder}t/{shard_of(term) % manifest['shards']}.json" for term in terms} \
        | {f"{folder}d/{ids[urlsplit(r['href']).path[1:]] // manifest['per']}.json" for r in found}
    assert sorted(index) == sorted(expected)


def test_result_links_are_served(base_url, page):
    """Each result's address is a page of the site, not only the first one's (checked without the browser)."""
    found = search(page, base_url, "xã")
    assert len(found) >= 3
    for result in found:
        with urllib.request.urlopen(result["href"]) as response:
            assert response.status == 200


# -- a site that lives under a folder of its host ----------------------------------------------------------------

@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> tuple[Path, str]:
    """The fixture site declared at https://…/mayngan/ and served from /mayngan/ (a folder holding it)."""
    root = tmp_path_factory.mktemp("search-subpath")
    files = {"content/index.md": "# Trang chủ\n"}
    for slug in ("dan-van", "phong-dich"):
        title, date, body = ARTICLES[slug]
        files[f"content/tin-tuc/2023/{slug}.md"] = article(body, title=title, date=date, author="Hoàng Thị Lan")
    config = write_site(root / "portal", files, {}, site_url="https://mayngan.example.vn/mayngan/")
    site = build_site(config, strict=True)
    host = root / "host"
    host.mkdir()
    (host / "mayngan").symlink_to(site, target_is_directory=True)
    return host, "mayngan/"


def test_result_links_resolve_when_the_site_lives_under_a_folder(page, subpath_site):
    host, folder = subpath_site
    with serve(host) as host_url:
        base_url = host_url + folder
        found = search(page, base_url, "cong tac dan van")
        assert found and found[0]["title"] == DAN_VAN
        assert found[0]["href"] == base_url + url_of("dan-van")
        assert_link_resolves(page, found[0]["href"], DAN_VAN)
