"""The editors' server: a login in front of Decap CMS, Decap's `proxy` backend, and the live preview.

Everything but the login form needs a session: the CMS's files, its API (`/admin/api/v1`, answered 401 without
a session and 403 without the session's CSRF token) and the preview of the portal, drafts included, which runs
as `serve` on a port of its own on 127.0.0.1 and is reached only through this server. The session cookie is
HttpOnly and SameSite=Strict, every change must come from this server's own page (Origin) and carry the token
the page got with its configuration, and the page's Content-Security-Policy lets it talk to this server alone.
"""

from __future__ import annotations

import base64
import binascii
import html
import http.client
import json
import logging
import mimetypes
import os
import posixpath
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ..front import read as read_front
from ..problems import Problem
from .accounts import Accounts, Session
from .checks import Checker, title_of
from .cms import API, config as cms_config
from .repo import MEDIA_TYPES, Change, RepoError, Repository, blob_id

log = logging.getLogger("mkdocs.plugins.bantin.admin")

COOKIE = "bantin_session"
MAX_BODY = 30 * 1024 * 1024  # a 20 MB upload, base64-encoded, in JSON
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' blob:; frame-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
HERE = os.path.dirname(os.path.abspath(__file__))


class Refused(Exception):
    """A save that `check` (or the editor's role) refuses: every problem, shown in the CMS."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


class Editors:
    """What the handler needs: the accounts, the repository, the checker, and each session's view of the files."""

    def __init__(self, config_file: str, *, accounts: Accounts, push: bool = False, preview_port: int | None = None,
                 cms_dir: str | None = None):
        from ..engine import check as check_site, site

        self.config_file = os.path.abspath(config_file)
        self.mkdocs, self.settings = site(self.config_file)
        self.say = self.settings.say
        self.accounts = accounts
        self.repo = Repository(os.path.dirname(self.config_file), self.settings.docs_dir, push=push)
        theme_dirs = list(self.mkdocs.theme.dirs)
        self.checker = Checker(self.settings, lambda name: any(os.path.isfile(os.path.join(d, name))
                                                               for d in theme_dirs))
        self._check_site = check_site
        self._content, self._content_at = None, 0.0
        self.preview_port = preview_port
        self.cms_dir = cms_dir or _cms_dir(self.config_file)
        self.seen: dict[str, dict[str, str]] = {}  # session csrf → path → the blob id its page read
        self._lock = threading.Lock()

    def content(self):
        """The site's content for the form's choices, read again at most once a minute."""
        with self._lock:
            if self._content is None or time.monotonic() - self._content_at > 60:
                self._content = self._check_site(self.config_file)[1]
                self._content_at = time.monotonic()
            return self._content

    def forget_content(self) -> None:
        with self._lock:
            self._content = None

    def src_uri(self, path: str) -> str:
        return os.path.relpath(self.repo.resolve(path), self.repo.docs).replace(os.sep, "/")


def _cms_dir(config_file: str) -> str:
    """Decap's built files, from the portal's node_modules (npm ci), or BANTIN_DECAP_DIR."""
    found = os.environ.get("BANTIN_DECAP_DIR")
    if found:
        return found
    folder = os.path.dirname(os.path.abspath(config_file))
    while True:
        candidate = os.path.join(folder, "node_modules", "decap-cms", "dist")
        if os.path.isfile(os.path.join(candidate, "decap-cms.js")):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return candidate
        folder = parent


# -- the proxy backend's actions ---------------------------------------------------------------------------

def _entry(editors: Editors, seen: dict, path: str) -> dict | None:
    data = editors.repo.read(path)
    if data is None:
        return None
    seen[path] = blob_id(data)
    return {"data": data.decode("utf-8", "replace"), "file": {"path": path, "id": seen[path]}}


def _media(editors: Editors, path: str, data: bytes) -> dict:
    # Decap keys its media list by id: by path, since two uploads may be the same picture.
    return {"id": path, "name": posixpath.basename(path), "path": path,
            "content": base64.b64encode(data).decode(), "encoding": "base64"}


def _is_draft(editors: Editors, path: str, data: bytes | None) -> bool:
    """Whether this file is (or would be) a draft: what an editor without the publisher role may change."""
    if data is None:
        return True
    if not path.endswith(".md"):
        return False  # the leaders' file and the schedule are published as soon as they are saved
    fm, _ = read_front(data.decode("utf-8", "replace"), path, editors.say)
    return fm is not None and fm.meta.get("draft") is True


def _message(editors: Editors, verb: str, path: str, value=None) -> str:
    title = title_of(value)
    what = f"“{title}” ({path})" if title else path
    return editors.say(f"commit_{verb}", what=what)


def _save(editors: Editors, session: Session, seen: dict, files: list[dict], assets: list[dict],
          new_entry: bool) -> dict:
    writes, expected, parsed = {}, {}, {}
    for asset in assets:
        _media_only(editors, asset["path"])
        writes[asset["path"]] = _decode64(asset)
        expected[asset["path"]] = None  # a new upload never replaces a picture another article shows
    for file in files:
        path = file.get("newPath") or file["path"]
        writes[path] = file["raw"].encode("utf-8")
        expected[path] = None if new_entry else seen.get(path, _current(editors, path))
        if file.get("newPath") and file["newPath"] != file["path"]:
            raise RepoError("admin_rename", path=file["path"])

    def present(target: str) -> bool:
        target = target.lstrip("/")
        if os.path.isfile(os.path.join(editors.repo.docs, target)):
            return True
        return any(editors.src_uri(p) == target for p in writes)

    def check(change: Change) -> str:
        lines = []
        for path in files_written:
            value, problems = editors.checker.check(editors.src_uri(path), change.writes[path], present)
            parsed[path] = value
            lines += [_line(p) for p in problems if p.severity == "error"]
            if not session.editor.publisher and not (_is_draft(editors, path, editors.repo.read(path))
                                                     and _is_draft(editors, path, change.writes[path])):
                lines.append(f"draft: {editors.say('admin_publisher_only')}")
        if lines:
            raise Refused(lines)
        first = files_written[0]  # the commit names the article by its title, known once it is read
        return _message(editors, "create" if new_entry else "update", first, parsed.get(first))

    files_written = [f.get("newPath") or f["path"] for f in files]
    editors.repo.apply(Change(writes), session.editor, check=check, expected=expected)
    for path, data in writes.items():
        seen[path] = blob_id(data)
    editors.forget_content()
    return {"message": "entry persisted"}


def _current(editors: Editors, path: str) -> str | None:
    data = editors.repo.read(path)
    return None if data is None else blob_id(data)


def _media_only(editors: Editors, path: str) -> None:
    """An upload is a photo or an attachment: an article or a page sent as one would skip the checks and the
    publisher's role."""
    editors.repo.resolve(path)  # outside the content folder is refused as such first
    if os.path.splitext(path)[1].lower() not in MEDIA_TYPES:
        raise RepoError("admin_type", path=path, types=", ".join(t[1:] for t in MEDIA_TYPES))


def _decode64(asset: dict) -> bytes:
    try:
        return base64.b64decode(asset.get("content", ""), validate=True)
    except (binascii.Error, ValueError):
        raise RepoError("admin_upload", path=asset.get("path", "?")) from None


def _line(problem: Problem) -> str:
    return f"{problem.field}: {problem.message}"


def _delete(editors: Editors, session: Session, paths: list[str]) -> dict:
    for path in paths:
        if not session.editor.publisher and not _is_draft(editors, path, editors.repo.read(path)):
            raise Refused([f"draft: {editors.say('admin_publisher_only')}"])
    message = _message(editors, "delete", paths[0]) if len(paths) == 1 else \
        editors.say("commit_delete", what=", ".join(paths))
    editors.repo.apply(Change({}, tuple(paths), message), session.editor)
    editors.forget_content()
    return {"message": "deleted"}


def act(editors: Editors, session: Session, action: str, params: dict):
    """One request of Decap's proxy backend; the answer as Decap expects it."""
    seen = editors.seen.setdefault(session.csrf, {})
    if action == "info":
        return {"repo": os.path.basename(editors.repo.top), "publish_modes": ["simple"], "type": "local_git"}
    if action == "entriesByFolder":
        paths = editors.repo.listing(params["folder"], "." + params.get("extension", "md").lstrip("."),
                                     int(params.get("depth") or 1))
        return [e for e in (_entry(editors, seen, p) for p in paths) if e]
    if action == "entriesByFiles":
        return [e for e in (_entry(editors, seen, f["path"]) for f in params.get("files", [])) if e]
    if action == "getEntry":
        # A missing file is an answer, not an error: Decap asks before creating one, to find a free name.
        return _entry(editors, seen, params["path"]) or {"data": None, "file": {"path": params["path"], "id": None}}
    if action == "persistEntry":
        files = params.get("dataFiles") or [params["entry"]]
        options = params.get("options") or {}
        return _save(editors, session, seen, files, params.get("assets") or [], bool(options.get("newEntry")))
    if action == "getMedia":
        folder = params["mediaFolder"].strip("/")
        found = []
        for path in editors.repo.listing(folder, "", 1):
            if path.lower().endswith(MEDIA_TYPES + (".svg",)):
                found.append(_media(editors, path, editors.repo.read(path)))
        return found
    if action == "getMediaFile":
        data = editors.repo.read(params["path"])
        if data is None:
            raise RepoError("admin_missing", path=params["path"])
        return _media(editors, params["path"], data)
    if action == "persistMedia":
        asset = params["asset"]
        _media_only(editors, asset["path"])
        data = _decode64(asset)
        if editors.repo.read(asset["path"]) is not None:
            raise RepoError("admin_exists", path=asset["path"], who="")
        editors.repo.apply(Change({asset["path"]: data}, message=_message(editors, "upload", asset["path"])),
                           session.editor, expected={asset["path"]: None})
        return _media(editors, asset["path"], data)
    if action == "deleteFile":
        return _delete(editors, session, [params["path"]])
    if action == "deleteFiles":
        return _delete(editors, session, list(params["paths"]))
    if action == "getDeployPreview":
        return None
    raise RepoError("admin_action", action=action)


# -- HTTP ----------------------------------------------------------------------------------------------------

def _page(title: str, body: str, language: str) -> bytes:
    return (f"<!doctype html><html lang=\"{language}\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><link rel=\"stylesheet\" href=\"/admin/login.css\"></head>"
            f"<body>{body}</body></html>").encode()


def handler(editors: Editors):
    say, language = editors.say, ("vi" if editors.settings.language == "vi" else "en")

    class Handler(BaseHTTPRequestHandler):
        server_version = "Bantin-admin"
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            log.debug(format % args)

        # -- who is asking ------------------------------------------------------------------------------

        def _token(self) -> str | None:
            cookie = SimpleCookie()
            try:
                cookie.load(self.headers.get("Cookie", ""))
            except Exception:  # a malformed cookie header is no session
                return None
            morsel = cookie.get(COOKIE)
            return morsel.value if morsel else None

        def _session(self) -> Session | None:
            return editors.accounts.session(self._token())

        def _address(self) -> str:
            return self.client_address[0]

        def _origin_ok(self) -> bool:
            """A change must come from a page of this server: a cross-site form or script sends another Origin."""
            origin = self.headers.get("Origin")
            host = self.headers.get("Host", "")
            return origin is not None and urlsplit(origin).netloc == host

        def _base(self) -> str:
            scheme = "https" if self.headers.get("X-Forwarded-Proto") == "https" else "http"
            return f"{scheme}://{self.headers.get('Host', '127.0.0.1')}"

        # -- answers ------------------------------------------------------------------------------------

        def _send(self, status: int, data: bytes, kind: str, headers: dict | None = None, body: bool = True):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "same-origin")
            self.send_header("Content-Security-Policy", CSP)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if body:
                self.wfile.write(data)

        def _json(self, status: int, value) -> None:
            self._send(status, json.dumps(value, ensure_ascii=False).encode(), "application/json; charset=utf-8")

        def _login_form(self, status: int, note: str = "", next_path: str = "/admin/") -> None:
            notice = f'<p class="error" role="alert">{html.escape(note)}</p>' if note else ""
            agency = html.escape(editors.settings.agency.name or editors.mkdocs.site_name)
            body = (f'<main><h1>{html.escape(say("admin_login_title"))}</h1><p>{agency}</p>{notice}'
                    f'<form method="post" action="/admin/login">'
                    f'<input type="hidden" name="next" value="{html.escape(next_path)}">'
                    f'<label for="name">{html.escape(say("admin_login_name"))}</label>'
                    f'<input id="name" name="name" autocomplete="username" required autofocus>'
                    f'<label for="password">{html.escape(say("admin_login_password"))}</label>'
                    f'<input id="password" name="password" type="password" autocomplete="current-password" required>'
                    f'<button type="submit">{html.escape(say("admin_login_button"))}</button></form></main>')
            self._send(status, _page(say("admin_login_title"), body, language), "text/html; charset=utf-8")

        def _file(self, path: str, body: bool = True) -> None:
            if not os.path.isfile(path):
                return self._send(404, b"", "text/plain")
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith("javascript"):
                kind += "; charset=utf-8"
            with open(path, "rb") as file:
                self._send(200, file.read(), kind, body=body)

        # -- routes -------------------------------------------------------------------------------------

        def do_HEAD(self):
            self.do_GET(body=False)

        def do_GET(self, body: bool = True):
            path = urlsplit(self.path).path
            if path == "/admin/login.css":
                return self._file(os.path.join(HERE, "login.css"), body)
            if path == "/admin/login":
                return self._login_form(200)
            session = self._session()
            if session is None:
                if path == API:
                    return self._json(401, {"error": say("admin_no_session")})
                return self._login_form(401, next_path=path if path.startswith("/") else "/admin/")
            if path in ("/admin", "/admin/"):
                return self._file(os.path.join(HERE, "index.html"), body)
            if path == "/admin/start.js":
                return self._file(os.path.join(HERE, "start.js"), body)
            if path == "/admin/config.json":
                config = cms_config(editors.settings, editors.content(), publisher=session.editor.publisher,
                                    site_url=self._base())
                return self._json(200, {"config": config, "csrf": session.csrf,
                                        "editor": session.editor.full_name, "login": session.editor.name})
            if path.startswith("/admin/cms/"):
                name = posixpath.basename(path)
                return self._file(os.path.join(editors.cms_dir, name), body)
            if path == API:
                return self._send(405, b"", "text/plain", {"Allow": "POST"})
            return self._preview(body)

        def do_POST(self):
            path = urlsplit(self.path).path
            if not self._origin_ok():
                return self._json(403, {"error": say("admin_origin")})
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.close_connection = True
                return self._json(413, {"error": say("admin_too_big", path="", limit=MAX_BODY // 2**20)})
            data = self.rfile.read(length)
            if path == "/admin/login":
                return self._log_in(data)
            session = self._session()
            if session is None:
                return self._json(401, {"error": say("admin_no_session")})
            if path == "/admin/logout":
                editors.accounts.log_out(self._token())
                editors.seen.pop(session.csrf, None)
                return self._send(303, b"", "text/plain", {"Location": "/admin/login",
                                                          "Set-Cookie": f"{COOKIE}=; Path=/; Max-Age=0; HttpOnly; "
                                                                        "SameSite=Strict"})
            if path != API:
                return self._json(404, {"error": path})
            if self.headers.get("X-Bantin-CSRF") != session.csrf:
                return self._json(403, {"error": say("admin_csrf")})
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                return self._json(415, {"error": "application/json"})
            try:
                request = json.loads(data)
                answer = act(editors, session, request["action"], request.get("params") or {})
            except Refused as refused:
                return self._json(422, {"error": "\n".join(refused.lines)})
            except RepoError as error:
                status = 409 if error.key in ("admin_conflict", "admin_exists") else 422
                return self._json(status, {"error": say(error.key, **error.values)})
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                return self._json(400, {"error": say("admin_bad_request", detail=type(error).__name__)})
            self._json(200, answer)

        def _log_in(self, data: bytes) -> None:
            form = {k: v[0] for k, v in parse_qs(data.decode("utf-8", "replace")).items()}
            name, password = form.get("name", "").strip().lower(), form.get("password", "")
            next_path = form.get("next", "/admin/")
            if not next_path.startswith("/") or next_path.startswith("//"):
                next_path = "/admin/"
            wait = editors.accounts.locked_for(name, self._address())
            if wait > 0:
                minutes = max(1, round(wait / 60))
                return self._login_form(429, say("admin_locked", minutes=minutes), next_path)
            found = editors.accounts.log_in(name, password, self._address())
            if found is None:
                return self._login_form(401, say("admin_login_failed"), next_path)
            token, _ = found
            secure = "; Secure" if self.headers.get("X-Forwarded-Proto") == "https" else ""
            self._send(303, b"", "text/plain", {
                "Location": next_path,
                "Set-Cookie": f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"})

        def _preview(self, body: bool) -> None:
            """The portal as `serve` shows it, drafts included, for logged-in editors only."""
            if editors.preview_port is None:
                return self._send(404, b"", "text/plain")
            connection = http.client.HTTPConnection("127.0.0.1", editors.preview_port, timeout=60)
            try:
                connection.request("GET", self.path)
                answer = connection.getresponse()
                data = answer.read()
            except OSError:
                return self._send(502, say("admin_preview_down").encode(), "text/plain; charset=utf-8")
            finally:
                connection.close()
            headers = {k: v for k, v in answer.getheaders() if k.lower() == "location"}
            self._send(answer.status, data, answer.getheader("Content-Type", "application/octet-stream"),
                       headers, body)

    return Handler


def start_preview(config_file: str, port: int) -> subprocess.Popen:
    """`serve` in a process of its own (it forks to render, which threads do not mix with)."""
    return subprocess.Popen([sys.executable, "-m", "bantin", "serve", "-f", config_file, "-a", f"127.0.0.1:{port}"],
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(
                                [os.path.dirname(os.path.dirname(HERE)), os.environ.get("PYTHONPATH", "")])})


def serve(editors: Editors, host: str, port: int) -> None:
    server = ThreadingHTTPServer((host, port), handler(editors))
    server.daemon_threads = True
    log.warning(editors.say("admin_started", url=f"http://{host}:{port}/admin/"))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
