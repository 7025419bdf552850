""""Nghe đọc bài": an article read aloud by the browser's own speech synthesis (theme/partials/bantin/listen.html,
the last part of theme/assets/bantin/portal.js), in a real browser.

Headless chromium has no voices, so each page gets a stand-in `speechSynthesis` before its scripts run
(`add_init_script`): it offers the voices a test asks for, records what it is told to speak and how, and ends each
utterance a little later, as a real voice does, so that the reader goes on to the next piece. Every test of the
module carries the `browser` marker (tests/browser.py).
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import chromium, serve
from conftest import article, build_site, parse_html, write_site
from e2e.support import axe_violations, describe_violations

pytest_plugins = ["browser"]  # registers the `browser` marker and puts it on this module's tests

TITLE = "Thị xã Mây Ngàn tổng kết công tác dân vận năm 2024"
INTRO = "Sáng 12/3, Ủy ban nhân dân thị xã tổ chức hội nghị tổng kết công tác dân vận."
# More than one piece: sentences of a long paragraph, a number written with a dot that is not a sentence end.
LONG = ("Năm 2024, toàn thị xã có 1.228 mô hình dân vận khéo được công nhận, tăng 15% so với năm trước. "
        "Các xã vùng cao như Bản Hồ, Nậm Cang và Tả Van đã vận động nhân dân hiến hơn 12.000 mét vuông đất làm "
        "đường giao thông nông thôn. Nhiều hộ gia đình tự nguyện tháo dỡ công trình phụ để mở rộng lối đi. "
        "Hội nghị cũng biểu dương 45 tập thể và 72 cá nhân có thành tích xuất sắc! Bạn có muốn tham gia không?")
# One sentence longer than a piece: cut at its commas, never inside a word.
RUN_ON = ("Trong năm qua các đoàn thể đã phối hợp tuyên truyền, vận động đoàn viên, hội viên và nhân dân tham gia "
          "xây dựng nông thôn mới, đô thị văn minh, giữ gìn vệ sinh môi trường, phòng chống tệ nạn xã hội, bảo vệ "
          "an ninh trật tự ở khu dân cư, chăm lo cho người cao tuổi, trẻ em và các gia đình chính sách trên địa bàn")
HEADING = "Nhiệm vụ năm 2025"
ITEMS = ["Tiếp tục đổi mới nội dung, phương thức công tác dân vận.", "Nhân rộng các mô hình hay,",
         "Cụ thể ở các xã vùng cao.", "Làm tốt công tác tiếp dân."]
CAPTION = "Quang cảnh hội nghị."
BODY = f"""{INTRO}

{LONG}

{RUN_ON}

## {HEADING}

- {ITEMS[0]}
- {ITEMS[1]}
    - {ITEMS[2]}
- {ITEMS[3]}

<figure><img src="../hoi-nghi.png" alt="Đại biểu dự hội nghị"><figcaption><p>{CAPTION}</p></figcaption></figure>

<script>window.bantinFixture = "không được đọc";</script>
"""
# What a listener hears: the title, then each paragraph, heading, item and caption once, in order.
HEARD = [TITLE, INTRO, LONG, RUN_ON, HEADING, ITEMS[0], ITEMS[1], ITEMS[2], ITEMS[3], CAPTION]
ARTICLE_URL = "tin-tuc/2024/dan-van/"

LISTEN, PAUSE, RESUME, STOP = "Nghe đọc bài", "Tạm dừng", "Đọc tiếp", "Dừng"
READING, PAUSED, STOPPED, DONE = "Đang đọc…", "Đã tạm dừng", "Đã dừng đọc", "Đã đọc xong"

# A stand-in for the Web Speech API. `langs`: the voices offered; `late`: milliseconds before they arrive (through
# `voiceschanged`, as Chrome does), or null for at once; `auto`: whether an utterance ends by itself after `delay`
# ms (else the test ends it with __speech.end()). Calls are also kept in sessionStorage, which outlives the page.
STUB = """(options => {
  const log = window.__speech = {spoken: [], calls: [], auto: options.auto};
  const voices = options.langs.map(lang => ({lang, name: "Giọng " + lang, voiceURI: "stub:" + lang,
                                            localService: true, default: false}));
  let arrived = options.late === null, queue = [], current = null, paused = false;
  function record(name) {
    log.calls.push(name);
    const kept = JSON.parse(sessionStorage.getItem("speech-calls") || "[]");
    kept.push(name);
    sessionStorage.setItem("speech-calls", JSON.stringify(kept));
  }
  function fire(utterance, type, fields) {
    const event = Object.assign(new Event(type), {utterance}, fields || {});
    const handler = utterance["on" + type];
    if (handler) handler.call(utterance, event);
  }
  function next() {
    if (current || paused || !queue.length) return;
    current = queue.shift();
    fire(current, "start");
    if (log.auto) setTimeout(() => log.end(), options.delay);
  }
  log.end = () => {  // the voice reaches the end of the current utterance
    if (!current || paused) return false;
    const done = current;
    current = null;
    fire(done, "end");
    setTimeout(next, 0);
    return true;
  };
  class Utterance {
    constructor(text) {
      Object.assign(this, {text: text || "", lang: "", voice: null, rate: 1, pitch: 1, volume: 1,
                           onstart: null, onend: null, onerror: null, onpause: null, onresume: null});
    }
  }
  const synth = new EventTarget();
  Object.defineProperties(synth, {
    speaking: {get: () => !!current || queue.length > 0},
    pending: {get: () => queue.length > 0},
    paused: {get: () => paused},
  });
  synth.getVoices = () => (arrived ? voices.slice() : []);
  synth.speak = utterance => {
    record("speak");
    log.spoken.push({text: utterance.text, lang: utterance.lang, voice: utterance.voice && utterance.voice.name});
    queue.push(utterance);
    setTimeout(next, 0);
  };
  synth.pause = () => { record("pause"); paused = true; };
  synth.resume = () => { record("resume"); paused = false; setTimeout(next, 0); };
  synth.cancel = () => {  // as Chrome: the utterance under way ends in an "interrupted" error, the queued "canceled"
    record("cancel");
    const dropped = current ? [[current, "interrupted"]] : [];
    queue.forEach(u => dropped.push([u, "canceled"]));
    current = null;
    queue = [];
    setTimeout(() => dropped.forEach(([u, error]) => fire(u, "error", {error})), 0);
  };
  synth.onvoiceschanged = null;
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = Utterance;
  if (!arrived) setTimeout(() => {
    arrived = true;
    const event = new Event("voiceschanged");
    synth.dispatchEvent(event);
    if (synth.onvoiceschanged) synth.onvoiceschanged(event);
  }, options.late);
})"""


def png() -> bytes:
    """A 1×1 grey PNG: the article's figure has a real picture to show."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    files = {"content/index.md": "# Trang chủ\n\nCổng thông tin của thị xã.\n",
             "content/tin-tuc/2024/hoi-nghi.png": png(),
             "content/tin-tuc/2024/dan-van.md": article(BODY, title=TITLE, date="2024-03-12 08:00",
                                                        author="Hoàng Thị Lan", category="Thời sự")}
    config = write_site(tmp_path_factory.mktemp("listen") / "portal", files, {})
    return build_site(config)


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def open_article(browser, base_url):
    """open_article(langs=("vi-VN",), late=None, auto=True) → the article page, with the stand-in voices."""
    contexts = []

    def open_(langs=("vi-VN",), *, late=None, auto=True, delay=5, url=ARTICLE_URL, **context):
        ctx = browser.new_context(**context)
        contexts.append(ctx)
        page = ctx.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        options = {"langs": list(langs), "late": late, "auto": auto, "delay": delay}
        page.add_init_script(f"{STUB}({json.dumps(options)});")
        page.goto(base_url + url)
        return page

    yield open_
    for ctx in contexts:
        ctx.close()


def spoken(page) -> list[dict]:
    return page.evaluate("window.__speech.spoken")


def calls(page) -> list[str]:
    return page.evaluate("window.__speech.calls")


def words(text: str) -> list[str]:
    return text.split()


def controls(page):
    box = page.locator("[data-bantin-listen]")
    return (box, box.get_by_role("button", name=LISTEN, exact=True), box.get_by_role("button", name=STOP, exact=True),
            box.get_by_role("status"))


# -- shown only when it can work -----------------------------------------------------------------------------------

def test_without_script_the_control_is_in_the_page_hidden(site, browser, base_url):
    """The markup itself carries `hidden`: a reader without script is offered nothing that does nothing."""
    tree = parse_html(site / ARTICLE_URL / "index.html")
    [box] = tree.xpath("//*[@data-bantin-listen]")
    assert box.get("hidden") is not None
    buttons = box.xpath(".//button")
    assert [b.get("type") for b in buttons] == ["button", "button"]
    assert [b.text_content() for b in buttons] == [LISTEN, STOP]
    # it comes right after the article's header, before the text
    [header] = tree.xpath("//header[@class='bantin-article-header']")
    assert header.getnext() is box
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(base_url + ARTICLE_URL)
        expect(page.get_by_role("button", name=LISTEN, exact=True)).to_have_count(0)  # hidden: not even in the a11y tree
        expect(page.locator("[data-bantin-listen]")).to_be_hidden()
    finally:
        ctx.close()


@pytest.mark.parametrize("late", [None, 300], ids=["voices-at-once", "voices-later"])
def test_shown_with_a_vietnamese_voice(open_article, late):
    page = open_article(("en-US", "vi-VN", "fr-FR"), late=late)
    box, listen, stop, status = controls(page)
    expect(listen).to_be_visible()
    expect(stop).to_be_hidden()
    expect(status).to_have_text("")
    assert page.errors == []


@pytest.mark.parametrize("late", [None, 200], ids=["voices-at-once", "voices-later"])
def test_hidden_without_a_vietnamese_voice(open_article, late):
    page = open_article(("en-US", "en-GB"), late=late)
    page.wait_for_timeout(500)  # after the voices arrived
    assert page.evaluate("speechSynthesis.getVoices().length") == 2
    expect(page.locator("[data-bantin-listen]")).to_be_hidden()
    expect(page.get_by_role("button", name=LISTEN, exact=True)).to_have_count(0)
    assert page.errors == []


def test_hidden_on_a_page_that_is_not_an_article(open_article):
    page = open_article(url="")
    expect(page.locator("[data-bantin-listen]")).to_have_count(0)
    assert page.errors == []


# -- reading -------------------------------------------------------------------------------------------------------

def test_reads_the_title_then_the_text_in_order_in_vietnamese(open_article):
    page = open_article(("en-US", "vi-VN", "vi-VN-x-second"))
    box, listen, stop, status = controls(page)
    listen.click()
    expect(status).to_have_text(DONE, timeout=10_000)
    heard = spoken(page)
    assert heard[0]["text"] == TITLE
    assert {(u["lang"], u["voice"]) for u in heard} == {("vi-VN", "Giọng vi-VN")}  # the first Vietnamese voice
    # every word of the title and the text, in order, once; nothing else (no script, no image's alt)
    assert words(" ".join(u["text"] for u in heard)) == words(" ".join(HEARD))
    assert all(len(u["text"]) <= 200 for u in heard), [len(u["text"]) for u in heard]
    texts = [u["text"] for u in heard]
    # the long paragraph in several pieces, each cut at a sentence end; 1.228 and 12.000 kept whole
    long_pieces = texts[2:texts.index(next(t for t in texts if t.startswith("Trong năm qua")))]
    assert len(long_pieces) >= 2 and "".join(long_pieces).replace(" ", "") == LONG.replace(" ", "")
    assert all(re.search(r"[.!?]$", piece) for piece in long_pieces), long_pieces
    # the run-on sentence cut after its commas
    run_on = [t for t in texts if t in RUN_ON]
    assert len(run_on) >= 2 and all(piece.endswith(",") for piece in run_on[:-1]), run_on
    # each heading and item on its own: a sub-list is not read again with its parent item
    assert texts[-6:] == [HEADING] + ITEMS + [CAPTION]
    # done: back to the start
    expect(listen).to_be_visible()
    expect(stop).to_be_hidden()
    assert page.errors == []


def test_pause_resume_and_stop(open_article):
    page = open_article(auto=False)
    box, listen, stop, status = controls(page)
    listen.click()
    expect(status).to_have_text(READING)
    pause = box.get_by_role("button", name=PAUSE, exact=True)
    expect(pause).to_be_visible()
    expect(stop).to_be_visible()
    page.wait_for_function("window.__speech.spoken.length === 1")
    assert spoken(page)[0]["text"] == TITLE

    pause.click()
    resume = box.get_by_role("button", name=RESUME, exact=True)
    expect(resume).to_be_visible()
    expect(resume).to_be_focused()  # the same button, its words changed: the focus stays on it
    expect(status).to_have_text(PAUSED)
    assert calls(page)[-1] == "pause"
    assert page.evaluate("window.__speech.end()") is False  # paused: the voice does not go on

    resume.click()
    expect(box.get_by_role("button", name=PAUSE, exact=True)).to_be_visible()
    expect(status).to_have_text(READING)
    assert calls(page)[-1] == "resume"
    assert page.evaluate("window.__speech.end()") is True
    page.wait_for_function("window.__speech.spoken.length === 2")
    assert spoken(page)[1]["text"] == INTRO

    stop.click()
    expect(status).to_have_text(STOPPED)
    assert "cancel" in calls(page)[-2:]
    expect(listen).to_be_visible()
    expect(listen).to_be_focused()  # the stop button is gone: the focus is not lost with it
    expect(stop).to_be_hidden()
    page.wait_for_timeout(100)  # the cancelled utterance's error arrives: it does not start the next piece
    assert len(spoken(page)) == 2
    assert page.evaluate("speechSynthesis.speaking") is False

    # and from the start again
    listen.click()
    expect(status).to_have_text(READING)
    page.wait_for_function("window.__speech.spoken.length === 3")
    assert spoken(page)[2]["text"] == TITLE
    assert page.errors == []


def test_stop_after_pause_leaves_nothing_paused(open_article):
    page = open_article(auto=False)
    box, listen, stop, status = controls(page)
    listen.click()
    box.get_by_role("button", name=PAUSE, exact=True).click()
    stop.click()
    expect(listen).to_be_visible()
    expect(status).to_have_text(STOPPED)
    listen.click()  # the next reading is heard: the browser is not left paused
    expect(status).to_have_text(READING)
    assert page.evaluate("speechSynthesis.paused") is False
    page.wait_for_function("window.__speech.spoken.length === 2")


def test_the_keyboard_starts_and_pauses_reading(open_article):
    page = open_article(auto=False)
    box, listen, stop, status = controls(page)
    expect(listen).to_be_visible()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-bantin-listen-main')"):
            break
    else:
        pytest.fail("Tab never reached the listen button")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none"  # the focus shows
    page.keyboard.press("Enter")
    expect(status).to_have_text(READING)
    page.wait_for_function("window.__speech.spoken.length === 1")
    page.keyboard.press("Space")  # still on the same button, now "Tạm dừng"
    expect(box.get_by_role("button", name=RESUME, exact=True)).to_be_focused()
    assert calls(page)[-1] == "pause"
    page.keyboard.press("Tab")  # on to "Dừng"
    page.keyboard.press("Enter")
    expect(status).to_have_text(STOPPED)
    expect(listen).to_be_focused()
    assert "cancel" in calls(page)


@pytest.mark.parametrize("size", [{"width": 360, "height": 740}, {"width": 1366, "height": 768}],
                         ids=["phone", "desktop"])
def test_axe_finds_nothing_serious_in_the_control(open_article, size):
    """axe-core (tests/e2e/support.py) over the page with the control shown, idle and while reading."""
    page = open_article(auto=False, viewport=size)
    box, listen, stop, status = controls(page)
    expect(listen).to_be_visible()
    assert not axe_violations(page), describe_violations(axe_violations(page))
    listen.click()
    expect(stop).to_be_visible()
    expect(status).to_have_text(READING)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_leaving_the_page_stops_the_voice(open_article, base_url):
    page = open_article(auto=False)
    box, listen, stop, status = controls(page)
    listen.click()
    page.wait_for_function("window.__speech.spoken.length === 1")
    page.goto(base_url)
    assert "cancel" in json.loads(page.evaluate("sessionStorage.getItem('speech-calls')"))
