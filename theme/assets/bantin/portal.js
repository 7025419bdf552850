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
    document.querySelectorAll("[data-bantin-stat]").forEach(function (node) {
      var value = data.site && data.site[node.getAttribute("data-bantin-stat")];
      if (typeof value === "number") node.textContent = format.format(value);
    });
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
