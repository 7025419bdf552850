/* Search results from Bantin's own index (plugins/bantin/search.py): loaded on the search page only, no framework.
   The query lives in the address (?q=…), so the form on every page and the back button both work.
   The index is static JSON under search/: a manifest, term shards and page shards, each fetched once, on demand.
   Indexed text (titles, snippets) is only ever put in the page as text nodes, never as HTML. */
(function () {
  "use strict";
  var FOLD = 1;  // the folding rules this file follows: FOLD_VERSION in search.py
  var RESULTS = 20;

  // Lowercase, no diacritics, đ → d: slugs.fold() in Python (tests/test_search.py compares both).
  function fold(text) {
    return text.replace(/[đĐÐ]/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function syllables(text) {
    return fold(text).match(/[a-z0-9]+/g) || [];
  }

  // search.py's shard_of(): FNV-1a over the term's bytes (terms are ASCII), then murmur3's fmix32.
  function hash(term) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193);
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  window.BantinSearch = { FOLD: FOLD, fold: fold, syllables: syllables, hash: hash };

  var root = document.querySelector("[data-bantin-search]");
  var input = document.getElementById("bantin-q");
  if (!root || !input) return;
  var status = root.querySelector(".bantin-search__status");
  var list = root.querySelector(".bantin-search__results");
  var base = new URL(root.dataset.bantinSearch, location.href);  // …/search/
  var site = new URL("../", base);  // the site's root: result addresses are relative to it
  var files = {}, manifest = null, timer = null, asked = 0;

  function json(url, init) {
    return fetch(url, init).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + url);
      return response.json();
    });
  }

  // The manifest: asked again on each visit (no-cache); it names the folder of the current shards.
  function index() {
    if (!manifest) {
      manifest = json(new URL("index.json", base).href, { cache: "no-cache" }).then(function (m) {
        if (m.fold !== FOLD) console.warn("search: the index follows folding rules " + m.fold + ", not " + FOLD);
        return m;
      });
      manifest.catch(function () { manifest = null; });
    }
    return manifest;
  }

  // A shard, fetched once per visit however many queries need it (a failed fetch is tried again next time).
  function shard(m, kind, n) {
    var url = new URL(m.path + kind + "/" + n + ".json", base).href;
    if (!files[url]) {
      files[url] = json(url);
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  // Query terms: each pair of adjacent syllables, then each syllable (no repeats).
  function terms(words) {
    var out = [], seen = {};
    function add(term, pair) { if (!seen[term]) { seen[term] = true; out.push({ term: term, pair: pair }); } }
    for (var i = 1; i < words.length; i++) add(words[i - 1] + " " + words[i], true);
    words.forEach(function (w) { add(w, false); });
    return out;
  }

  // Pages ranked by: how many query pairs they have, then how many syllables, then the sum of idf × score.
  // A page absent from a term's list counts as having the term when that list was cut (df > its length):
  // it may well have it. Pairs weigh twice their idf in the sum.
  function rank(m, wanted, shards) {
    var pages = {}, cut = [];
    wanted.forEach(function (t, i) {
      var entry = shards[i][t.term];
      if (!entry) return;
      var df = entry[0], posts = entry[1], listed = {};
      var idf = Math.log(1 + (m.docs - df + 0.5) / (df + 0.5)) * (t.pair ? 2 : 1);
      for (var j = 0; j < posts.length; j += 2) {
        var page = pages[posts[j]] || (pages[posts[j]] = { id: posts[j], pairs: 0, words: 0, score: 0 });
        page.score += idf * posts[j + 1];
        page[t.pair ? "pairs" : "words"]++;
        listed[posts[j]] = true;
      }
      if (posts.length / 2 < df) cut.push({ pair: t.pair, listed: listed });
    });
    var found = Object.keys(pages).map(function (id) { return pages[id]; });
    cut.forEach(function (c) {
      found.forEach(function (page) { if (!c.listed[page.id]) page[c.pair ? "pairs" : "words"]++; });
    });
    found.sort(function (a, b) { return b.pairs - a.pairs || b.words - a.words || b.score - a.score || a.id - b.id; });
    return found.slice(0, RESULTS);
  }

  // The query's first RESULTS pages, each [url, title, date, snippet], and its syllables (for the marks).
  function search(query) {
    var words = syllables(query), wanted = terms(words);
    if (!words.length) return Promise.resolve({ pages: [], words: words });
    return index().then(function (m) {
      return Promise.all(wanted.map(function (t) { return shard(m, "t", hash(t.term) % m.shards); }))
        .then(function (shards) {
          var top = rank(m, wanted, shards);
          return Promise.all(top.map(function (page) { return shard(m, "d", Math.floor(page.id / m.per)); }))
            .then(function (metas) {
              return { words: words, pages: top.map(function (page, i) { return metas[i][page.id % m.per]; }) };
            });
        });
    });
  }

  // The text as nodes, each word whose folded syllables are all in the query inside a <mark>.
  function highlight(into, text, words) {
    var wanted = {};
    words.forEach(function (w) { wanted[w] = true; });
    var parts = text.split(/([\p{L}\p{N}\p{M}]+)/u), plain = "";
    function flush() { if (plain) into.appendChild(document.createTextNode(plain)); plain = ""; }
    parts.forEach(function (part, i) {
      var folded = i % 2 ? syllables(part) : [];
      if (folded.length && folded.every(function (s) { return wanted[s]; })) {
        flush();
        var mark = document.createElement("mark");
        mark.textContent = part;
        into.appendChild(mark);
      } else {
        plain += part;
      }
    });
    flush();
  }

  function show(found) {
    list.textContent = "";
    status.textContent = found.pages.length ? root.dataset.found + ": " + found.pages.length : root.dataset.none;
    found.pages.forEach(function (doc) {  // [url, title, date, snippet]
      // Only pages of this site: an index altered elsewhere must not turn a result into another site's
      // address or a javascript: link.
      var address = new URL(doc[0], site);
      if (address.origin !== site.origin || address.pathname.indexOf(site.pathname) !== 0) return;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = address.href;
      highlight(link, doc[1] || doc[0], found.words);
      var title = document.createElement("h2");
      title.appendChild(link);
      item.appendChild(title);
      if (doc[2]) {
        var date = document.createElement("p");
        date.className = "bantin-meta";
        date.textContent = doc[2];
        item.appendChild(date);
      }
      var text = document.createElement("p");
      highlight(text, doc[3], found.words);
      item.appendChild(text);
      list.appendChild(item);
    });
  }

  function run(query) {
    var ticket = ++asked;
    query = query.trim();
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    search(query).catch(function () {
      manifest = null;  // a new index was published meanwhile: its manifest names other shards
      return search(query);
    }).then(function (found) {
      if (ticket === asked) show(found);
    }, function (error) {
      if (ticket === asked) status.textContent = "";
      console.error("search:", error);
    });
  }

  input.form.addEventListener("submit", function (event) { event.preventDefault(); run(input.value); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 250);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); } else { index().catch(function () {}); }
})();
