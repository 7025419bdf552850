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
