/* Search results from the Pagefind index: loaded on the search page only, no framework.
   The query lives in the address (?q=…), so the form on every page and the back button both work. */
(function () {
  "use strict";
  var root = document.querySelector("[data-bantin-search]");
  var input = document.getElementById("bantin-q");
  if (!root || !input) return;
  var status = root.querySelector(".bantin-search__status");
  var list = root.querySelector(".bantin-search__results");
  var engine = null, timer = null, asked = 0;

  function load() {
    if (!engine) engine = import(new URL(root.dataset.bantinSearch, location.href).href);
    return engine;
  }

  // Pagefind marks matches with <mark> and escapes < and > in the text: rebuild it as nodes, never as HTML.
  function excerpt(into, text) {
    var marked = false;
    text.split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      var plain = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
      var node = document.createTextNode(plain);
      if (marked) { var mark = document.createElement("mark"); mark.appendChild(node); node = mark; }
      into.appendChild(node);
    });
  }

  function show(results, query) {
    list.textContent = "";
    status.textContent = results.length ? root.dataset.found + ": " + results.length : root.dataset.none;
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta.title || data.url;
      var title = document.createElement("h2");
      title.appendChild(link);
      item.appendChild(title);
      if (data.meta.date) {
        var date = document.createElement("p");
        date.className = "bantin-meta";
        date.textContent = data.meta.date;
        item.appendChild(date);
      }
      var text = document.createElement("p");
      excerpt(text, data.excerpt);
      item.appendChild(text);
      list.appendChild(item);
    });
  }

  function run(query) {
    var ticket = ++asked;
    query = query.trim();
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (ticket === asked) show(results, query);
    });
  }

  input.form.addEventListener("submit", function (event) { event.preventDefault(); run(input.value); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 250);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();
