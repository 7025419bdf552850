/* Small helpers on every page, no framework: the text-size control and the copy-link button.
   Controls that need a script are rendered hidden and shown here, so nothing dead is offered without it. */
(function () {
  "use strict";
  var root = document.documentElement, KEY = "bantin.textsize", MIN = -1, MAX = 3;

  function size() { return parseInt(root.getAttribute("data-bantin-size") || "0", 10); }
  function setSize(n) {
    n = Math.max(MIN, Math.min(MAX, n));
    if (n) root.setAttribute("data-bantin-size", String(n)); else root.removeAttribute("data-bantin-size");
    try { localStorage.setItem(KEY, String(n)); } catch (e) { /* private mode: the size lasts for this page */ }
  }
  document.querySelectorAll("[data-bantin-textsize]").forEach(function (group) {
    group.hidden = false;
    group.addEventListener("click", function (event) {
      var step = event.target.closest("[data-step]");
      if (step) setSize(size() + parseInt(step.getAttribute("data-step"), 10));
    });
  });

  document.querySelectorAll("[data-bantin-copy]").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = button.parentNode.querySelector("[role=status]");
      navigator.clipboard.writeText(button.getAttribute("data-bantin-copy")).then(function () {
        if (status) status.textContent = button.getAttribute("data-done");
      });
    });
  });
})();

/* The configured notice: shown from `data-from` until `data-until` by the reader's clock, so a notice announced
   ahead appears on time and one whose time has passed goes away, even when nothing was built since. */
(function () {
  "use strict";
  document.querySelectorAll("[data-bantin-notice]").forEach(function (notice) {
    function at(name) {
      var value = notice.getAttribute(name);
      return value ? Date.parse(value) : NaN;
    }
    function update() {
      var now = Date.now(), from = at("data-from"), until = at("data-until");
      notice.hidden = (!isNaN(from) && now < from) || (!isNaN(until) && now >= until);
      var next = [from, until].filter(function (t) { return !isNaN(t) && t > now; })[0];
      if (next !== undefined && next - now < 2147483647) setTimeout(update, next - now + 1000);
    }
    update();
  });
})();

/* Live statistics: the build bakes the numbers in (they are what a reader without scripts sees);
   `stats publish` rewrites them every few minutes. stats.json carries the site's figures and the views of the
   articles any page may show; an article's own count comes from its shard, stats/v/<k>.json (see
   bantin/stats/publish.py), so no page downloads the views of the whole site. */
(function () {
  "use strict";
  var box = document.querySelector("[data-bantin-stats]");
  if (!box || !window.fetch) return;
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
  var source = new URL(box.getAttribute("data-bantin-stats"), location.href);

  function get(url) {
    return fetch(url, { cache: "no-cache" }).then(function (r) { return r.ok ? r.json() : null; });
  }
  function show(views) {
    document.querySelectorAll("[data-bantin-views]").forEach(function (node) {
      var value = views[node.getAttribute("data-bantin-views")];
      if (typeof value === "number") node.textContent = format.format(value);
    });
  }
  function shardOf(url, shards) {  // FNV-1a over UTF-8, as shard_of() in Python
    var h = 0x811c9dc5;
    new TextEncoder().encode(url).forEach(function (b) { h = Math.imul(h ^ b, 0x01000193) >>> 0; });
    return h % shards;
  }

  get(source).then(function (data) {
    if (!data) return;
    var figures = box.querySelectorAll("[data-bantin-stat]"), measured = false;
    figures.forEach(function (node) {
      var key = node.getAttribute("data-bantin-stat"), value = data.site && data.site[key];
      if (typeof value !== "number") return;  // not measured: the page's own words (or number) stay
      node.textContent = format.format(value);
      if (key !== "all_time") measured = true;
    });
    // A page built before anything was counted says so and hides its lines: numbers bring them back.
    figures.forEach(function (node) {
      var line = node.closest("li"), value = data.site && data.site[node.getAttribute("data-bantin-stat")];
      if (line && (measured || (typeof value === "number" && value > 0))) line.hidden = false;
    });
    var none = box.querySelector("[data-bantin-stats-none]");
    if (none && measured) none.hidden = true;
    show(data.views || {});
    var own = document.querySelector("[data-bantin-own]");
    if (own && data.shards) {
      var url = own.getAttribute("data-bantin-views");
      get(new URL("stats/v/" + shardOf(url, data.shards) + ".json", source)).then(function (views) {
        if (views) show(views);
      });
    }
  }).catch(function () { /* offline or no stats yet: the baked numbers stay */ });
})();

/* "Đọc nhiều nhất": two lists become two tabs. */
(function () {
  "use strict";
  document.querySelectorAll(".bantin-most-read").forEach(function (box) {
    var lists = box.querySelectorAll("[data-bantin-tab]");
    if (lists.length < 2) return;
    var bar = document.createElement("div");
    bar.className = "bantin-tabs";
    bar.setAttribute("role", "group");
    var buttons = [];
    function select(index) {
      lists.forEach(function (list, i) { list.hidden = i !== index; });
      buttons.forEach(function (button, i) { button.setAttribute("aria-pressed", String(i === index)); });
    }
    lists.forEach(function (list, i) {
      var heading = list.querySelector("h3");
      if (heading) heading.classList.add("bantin-visually-hidden");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = list.getAttribute("data-bantin-tab");
      button.addEventListener("click", function () { select(i); });
      buttons.push(button);
      bar.appendChild(button);
    });
    box.insertBefore(bar, lists[0]);
    select(0);
  });
})();

/* The menu button of narrow screens is Material's <label> for a hidden checkbox: a mouse or finger can use it,
   a keyboard cannot reach it, and a screen reader hears nothing. Made a named button that says whether the
   menu is open; Escape closes the menu and gives focus back to the button. */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector('label.md-header__button[for="__drawer"]');
  var nav = document.querySelector(".md-nav--primary");
  if (!toggle || !button || !nav) return;
  button.setAttribute("role", "button");
  button.setAttribute("tabindex", "0");
  button.setAttribute("aria-label", nav.getAttribute("aria-label") || "Menu");
  function sync() { button.setAttribute("aria-expanded", String(toggle.checked)); }
  function open(state) {
    toggle.checked = state;
    sync();
    var target = state ? nav.querySelector("a[href]") : button;
    if (target) setTimeout(function () { target.focus(); }, 0);  // after the drawer becomes visible
  }
  button.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(!toggle.checked); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) open(false);
  });
  toggle.addEventListener("change", sync);
  sync();
})();

/* "Nghe đọc bài": the article's title and text read aloud by the browser's own speech synthesis, in Vietnamese.
   The control (partials/bantin/listen.html) is shown only once the browser offers a Vietnamese voice, which may
   arrive late, through `voiceschanged`. Chrome stops an utterance that lasts more than a few seconds, so the text
   is spoken in pieces of at most MAX characters, cut at sentence ends where it can be; each piece starts when the
   previous one ends. Stop, or leaving the page, cancels the speech. */
(function () {
  "use strict";
  var box = document.querySelector("[data-bantin-listen]");
  var synth = window.speechSynthesis;
  if (!box || !synth || typeof window.SpeechSynthesisUtterance !== "function") return;
  var main = box.querySelector("[data-bantin-listen-main]");
  var stop = box.querySelector("[data-bantin-listen-stop]");
  var status = box.querySelector("[role=status]");
  var MAX = 200;
  var SKIP = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|IFRAME|OBJECT|SVG|CANVAS|VIDEO|AUDIO|BUTTON|SELECT|TEXTAREA|INPUT)$/;
  var BLOCK = /^(P|H[1-6]|LI|DT|DD|FIGCAPTION|CAPTION|TD|TH|BLOCKQUOTE|PRE|DIV|SECTION|ARTICLE|ASIDE|FIGURE|TABLE|TR|UL|OL|DL|DETAILS|SUMMARY|ADDRESS|HR|BR)$/;
  // Cut points, best first: a sentence end, then a comma or semicolon, then a space (all followed by a space,
  // so that 1.228 or 2,5 is never cut), and as a last resort anywhere.
  var LEVELS = [/.*?[.!?…]+["'”’»)\]]*(?:\s+|$)|.+$/g, /.*?[,;:]+(?:\s+|$)|.+$/g, /\S+\s*/g];
  var voice = null, chunks = [], state = "idle", run = 0, utterance = null;

  function say(key) { return box.getAttribute("data-" + key) || ""; }

  function findVoice() {
    if (voice) return;
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^vi(?:[-_]|$)/i.test(voices[i].lang || "")) { voice = voices[i]; break; }
    }
    if (voice) box.hidden = false;
  }

  // The text of `root` as the pieces a reader sees: each paragraph, heading, list item or cell once, in order,
  // a block's own words apart from the blocks inside it (a list item's sub-list, a caption's paragraph).
  function blocks(root, out) {
    var words = [];
    function flush() {
      var text = words.join("").replace(/\s+/g, " ").trim();
      if (text) out.push(text);
      words = [];
    }
    (function walk(node) {
      for (var child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) { words.push(child.nodeValue); continue; }
        if (child.nodeType !== 1) continue;
        var tag = child.tagName.toUpperCase();
        if (SKIP.test(tag) || child.hidden || child.getAttribute("aria-hidden") === "true"
            || child.classList.contains("bantin-mark")) continue;
        if (BLOCK.test(tag)) { flush(); walk(child); flush(); } else walk(child);
      }
    })(root);
    flush();
    return out;
  }

  // `text` in pieces of at most MAX characters, each cut at the best point available.
  function fit(text, out) {
    (function cut(part, level) {
      if (part.length <= MAX) { out.push(part); return; }
      if (level === LEVELS.length) {
        for (var i = 0; i < part.length; i += MAX) out.push(part.slice(i, i + MAX));
        return;
      }
      var current = "";
      (part.match(LEVELS[level]) || [part]).forEach(function (piece) {
        if ((current + piece).trim().length <= MAX) { current += piece; return; }
        if (current.trim()) out.push(current.trim());
        current = "";
        if (piece.trim().length > MAX) cut(piece.trim(), level + 1); else current = piece;
      });
      if (current.trim()) out.push(current.trim());
    })(text, 0);
    return out;
  }

  function collect() {
    var texts = [], out = [];
    var title = document.querySelector(".bantin-article-header h1");
    if (title) blocks(title, texts);
    document.querySelectorAll(".bantin-body").forEach(function (body) { blocks(body, texts); });
    texts.forEach(function (text) { fit(text, out); });
    return out;
  }

  function show(next, message) {
    state = next;
    main.textContent = say(next === "reading" ? "pause" : next === "paused" ? "resume" : "listen");
    stop.hidden = next === "idle";
    status.textContent = message;
  }

  function speak(n, token) {
    if (token !== run) return;
    if (n >= chunks.length) { utterance = null; show("idle", say("done")); return; }
    var u = new SpeechSynthesisUtterance(chunks[n]);
    u.lang = "vi-VN";
    u.voice = voice;
    u.onend = function () { if (token === run) speak(n + 1, token); };
    u.onerror = function (event) {
      // cancel() ends the current piece with an error too: only an error of the reading under way stops it
      if (token !== run || event.error === "interrupted" || event.error === "canceled") return;
      run++;
      show("idle", say("stopped"));
    };
    utterance = u;  // kept: Chrome may otherwise collect the utterance and never fire its end
    synth.speak(u);
  }

  function cancel() {
    run++;
    utterance = null;
    synth.cancel();
  }

  main.addEventListener("click", function () {
    if (state === "reading") {
      synth.pause();
      show("paused", say("paused"));
    } else if (state === "paused") {
      synth.resume();
      show("reading", say("reading"));
    } else {
      chunks = collect();
      if (!chunks.length) return;
      cancel();
      if (synth.paused) synth.resume();  // Chrome stays paused after a cancel that followed a pause
      show("reading", say("reading"));
      speak(0, run);
    }
  });
  stop.addEventListener("click", function () {
    cancel();
    show("idle", say("stopped"));
    main.focus();  // the stop button hides itself: the focus goes back to the start
  });
  window.addEventListener("pagehide", function () {
    if (state === "idle") return;
    cancel();
    show("idle", "");
  });

  findVoice();
  if (!voice) {
    if (synth.addEventListener) synth.addEventListener("voiceschanged", findVoice);
    else synth.onvoiceschanged = findVoice;
  }
})();
