/* The editors' page: Decap CMS started with the configuration the server wrote for this editor.
   Every request to the backend carries the session's CSRF token (a header no other site can set), and the
   preview pane uses the portal's own stylesheets, read from the portal's home page. */
window.CMS_MANUAL_INIT = true;
(function () {
  var API = "/admin/api/v1";
  var ready = fetch("/admin/config.json", {credentials: "same-origin"}).then(function (r) {
    if (r.status === 401) { location.href = "/admin/login"; throw new Error("no session"); }
    return r.json();
  });
  var send = window.fetch.bind(window);
  var token = null;
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    if (token && url.indexOf(API) !== -1) {
      init = Object.assign({}, init || {});
      var headers = new Headers(init.headers || {});
      headers.set("X-Bantin-CSRF", token);
      init.headers = headers;
      init.credentials = "same-origin";
    }
    return send(input, init);
  };
  // Decap's "Log out" ends the server's session too, and comes back to the login form.
  var remove = Storage.prototype.removeItem;
  Storage.prototype.removeItem = function (key) {
    remove.call(this, key);
    if (key === "decap-cms-user") {
      send("/admin/logout", {method: "POST", credentials: "same-origin"}).finally(function () {
        location.href = "/admin/login";
      });
    }
  };
  function styles() {
    return send("/", {credentials: "same-origin"}).then(function (r) { return r.text(); }).then(function (text) {
      var page = new DOMParser().parseFromString(text, "text/html");
      return Array.prototype.map.call(page.querySelectorAll('link[rel="stylesheet"]'), function (link) {
        return new URL(link.getAttribute("href"), location.origin + "/").pathname;
      });
    }).catch(function () { return []; });
  }
  window.addEventListener("DOMContentLoaded", function () {
    Promise.all([ready, styles()]).then(function (found) {
      var answer = found[0];
      token = answer.csrf;
      // The server's login is the login: Decap's own "Log in" button (the proxy backend has no accounts) is
      // skipped by handing it the logged-in editor.
      localStorage.setItem("decap-cms-user", JSON.stringify({backendName: "proxy", name: answer.editor,
                                                            login: answer.login}));
      found[1].forEach(function (href) { window.CMS.registerPreviewStyle(href); });
      window.CMS.init({config: answer.config});
    });
  });
})();
