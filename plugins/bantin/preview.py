"""The live preview (`python build.py serve`): the portal as it will be, drafts included, updated as files are saved.

Why not MkDocs' own server: it rebuilds the whole site on every save and answers nothing meanwhile (at 10,000
articles, a minute and more). The preview keeps a *model* of the site in memory instead: one engine build with
the pages' rendering deferred (MkDocs' configuration, files, navigation and pages, Bantin's plan), written to a
temporary folder for everything but the pages, and each page is rendered when a browser asks for it. After a
save:
1. an edited article's own page is brought up to date in the model at once (its file read and converted again),
   a new article's page added, a deleted one's removed; when the plan made again from the articles as they
   are now keeps the model's pages with their titles and its menu (listing pages may be added or dropped),
   it replaces the model's plan, and the listings, the home page and the boxes show the change at once too;
2. a new model is built beside the old one, from the cache (cache.py: nothing unchanged is read or converted
   again), while the old one goes on answering; it then replaces the old one whole;
3. browsers reload themselves; then the search index is written (unless a newer save is waiting: its model
   will), and only then does `/.bantin/state` say the preview is done.
Editing mkdocs.yml or the theme takes the same way: the new model is built from scratch.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import mimetypes
import os
import posixpath
import shutil
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from jinja2 import BytecodeCache
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from . import rendering, urls
from .articles import parse_article
from .cache import Cache
from .content import is_article
from .engine import load
from .plugin import BantinPlugin

log = logging.getLogger("mkdocs.plugins.bantin.preview")

RELOAD = "/.bantin/reload"
STATE = "/.bantin/state"  # {"version": n, "updating": bool}: for scripts that wait until the preview is done
# Asks the preview for its version and reloads the page when it changes (a long poll: no third-party script).
_RELOADER = ("<script>(function(){var v=%d;function poll(){fetch('%s?v='+v).then(function(r){return r.text()})"
             ".then(function(t){if(t!==String(v)){location.reload()}else{poll()}})"
             ".catch(function(){setTimeout(poll,2000)})}poll()})();</script>")


class _Compiled(BytecodeCache):
    """The theme's templates compiled once for the life of the preview, not once per model (half a second).
    Jinja checks each template's source checksum, so an edited template is compiled again."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class Model:
    """One build of the site, pages not rendered: what the preview answers from until the next one replaces it."""

    compiled = _Compiled()

    def __init__(self, config_file: str, cache: Cache, jobs: int | None = None):
        self.folder = tempfile.mkdtemp(prefix="bantin-preview-")
        # MkDocs keeps one instance of each plugin per process (for its own serve); a model needs its own, as
        # the one before goes on answering from its instance while this one builds, and no later load may be
        # given this one (set to defer its pages).
        getattr(MkDocsConfig.plugins, "plugin_cache", {}).clear()
        self.config = load(config_file)
        getattr(MkDocsConfig.plugins, "plugin_cache", {}).clear()
        self.plugin = self.config.plugins.get("bantin")
        self.plugin.deferred, self.plugin.given_cache = True, cache
        if jobs is not None:
            self.plugin.config.jobs = jobs
        self.config.site_dir = self.folder
        self.config.theme.get_env = self._env(self.config.theme.get_env)
        self.config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(self.config)
        finally:
            self.config.plugins.on_shutdown()
        self.lock = threading.Lock()  # one render at a time: rendering marks pages and the menu active
        self.users, self.retired = 0, False  # requests reading it; replaced by a newer model (Preview)
        self.failed = bool(self.plugin.failed)
        files = [] if self.failed else self.plugin._files.documentation_pages()
        self.pages = {self._path(file): file.page for file in files}
        self.doc_files = files
        self.rendered: dict[str, bytes] = {}  # src_uri → HTML (render)
        # The articles as saved since this model was built (take), which `replan` plans the pages from.
        self.articles = {} if self.failed else {a.src_uri: a for a in self.plugin.content.articles}

    def _env(self, make):
        def env():
            made = make()
            made.bytecode_cache = self.compiled
            return made
        return env

    def page(self, path: str):
        """The page at a site path such as tin-tuc/2026/bai/ (or None)."""
        return self.pages.get(path.strip("/")) if path == "" or path.endswith("/") else None

    def render(self, page) -> bytes:
        """A page's HTML, rendered once per model: a browser (or a script) asking again gets the same bytes
        without taking the interpreter from the next model's build."""
        plugin = self.plugin
        with self.lock:
            data = self.rendered.get(page.file.src_uri)
            if data is None:
                if len(self.rendered) >= self.RENDERED_KEPT:
                    self.rendered.clear()
                data = self.rendered[page.file.src_uri] = rendering.render_page(
                    page, self.config, plugin.nav, self.doc_files, plugin.env)
            return data

    RENDERED_KEPT = 200  # pages whose HTML a model keeps (a few MB); more are rendered again

    def sitemap(self) -> bytes:
        with self.lock:
            return rendering.render_template(urls.SITEMAP, self.config, self.plugin.nav, self.doc_files,
                                             self.plugin.env)

    def take(self, path: str) -> bool:
        """Show one saved article at once: an edited one's page brought up to date, a new one's page added,
        a deleted one's page gone. False when it cannot be (not an article, or one with errors): the next
        model will show it, or its problems. A new article shows no neighbours or related articles until its
        catalog holds it (replan, or the next model)."""
        plugin, src = self.plugin, os.path.relpath(path, self.config.docs_dir).replace(os.sep, "/")
        if self.failed or src.startswith("../") or not is_article(src, plugin.settings):
            return False
        files = plugin._files
        file = files.get_file_from_path(src)
        if not os.path.exists(path):
            with self.lock:
                if file is not None and file.page is not None:
                    self.pages.pop(self._path(file), None)
                    self.articles.pop(src, None)
                    self.rendered.clear()
            return True
        if file is None:
            file = File(src, self.config.docs_dir, self.config.site_dir, self.config.use_directory_urls)
            if self._path(file) in self.pages:
                return False
        elif src not in plugin.catalog.by_src:
            return False
        try:
            with open(path, encoding="utf-8-sig") as source:
                text = source.read()
        except (OSError, ValueError):
            return False
        article, problems = parse_article(text, path=plugin.settings.shown(path), src_uri=src, url=file.url,
                                          tz=plugin.settings.tz, say=plugin.settings.say,
                                          md=plugin.settings.markdown())
        if article is None or any(p.severity == "error" for p in problems):
            return False
        with self.lock:  # the steps of a build, for this one page
            if file.page is None:
                file.inclusion = InclusionLevel.NOT_IN_NAV
                rendering.ArticlePage(None, file, self.config)
                files.append(file)
            page = file.page
            page.prepared = rendering.convert(page, self.config, files)
            plugin.catalog.by_src[src] = self.articles[src] = article
            plugin.take_page(page, self.config)
            self.pages[self._path(file)] = page
            self.rendered.clear()
        return True

    def replan(self) -> bool:
        """Every page shows the saved articles (listings, the home page, the boxes) when the plan made again
        from them keeps this model's pages and menu (BantinPlugin.replan; listing pages may come and go); False:
        the next model will."""
        with self.lock:
            changed = None if self.failed else self.plugin.replan(list(self.articles.values()), self.config)
            if changed is None:
                return False
            added, removed = changed
            for page in added:
                self.pages[self._path(page.file)] = page
            for src in removed:
                self.pages.pop(self._path(self.plugin._files.get_file_from_path(src)), None)
            self.rendered.clear()
        return True

    @staticmethod
    def _path(file) -> str:
        return file.url.strip("/").lstrip(".")  # "./" is the home page

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.__dict__.clear()  # whatever still holds the model (a timer, a request) holds nothing big
        gc.collect()  # pages, files and the menu refer to one another: only the collector frees them


def _snapshot(folders: list[str], files: list[str]) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file watched: what changed between two snapshots was saved."""
    paths = list(files)
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            paths += [os.path.join(root, name) for name in names]
    found = {}
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:  # removed meanwhile: the next look sees it gone
            continue
        found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


class Preview:
    """The models, the watcher and the web server."""

    def __init__(self, config_file: str, host: str = "127.0.0.1", port: int = 8000):
        self.config_file = os.path.abspath(config_file)
        config = load(self.config_file)
        self.docs_dir, self.theme_dir = config.docs_dir, config.theme.custom_dir
        plugin = config.plugins.get("bantin")
        folder = os.path.join(os.path.dirname(self.config_file), ".cache", "bantin") if plugin.config.cache else None
        self.cache = Cache(folder)
        self.cache.keep_in_memory = frozenset({"read", "page"})
        gc.set_threshold(*BantinPlugin.GC_THRESHOLD)  # for the life of the preview: it builds again and again
        self.version = 0
        self.updating = False
        self.changed = threading.Condition()
        self.host, self.port = host, port
        self.model: Model | None = None
        self.users_lock = threading.Lock()  # guards Model.users and Model.retired
        self.wake = threading.Event()  # the watcher saw a file event
        self.rebuild = threading.Event()  # a new model is wanted
        self.pending: set[str] = set()  # files changed since the last model started building
        self.pending_lock = threading.Lock()

    # -- models ------------------------------------------------------------------------------------------------

    def _watched(self) -> dict[str, tuple[int, int]]:
        return _snapshot([d for d in (self.docs_dir, self.theme_dir) if d], [self.config_file])

    def _announce(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def _swap(self, model: Model) -> None:
        """The new model answers from now on; the old one is closed as soon as no request is reading it, so
        that the preview holds two models only while it builds one."""
        with self.users_lock:
            old, self.model = self.model, model
            if old is None:
                return
            old.retired = True
            unused = old.users == 0
        if unused:
            self._close(old)

    @contextlib.contextmanager
    def answering(self):
        """The model that answers now (or None), kept whole until the request is done with it."""
        with self.users_lock:
            model = self.model
            if model is not None:
                model.users += 1
        try:
            yield model
        finally:
            if model is not None:
                with self.users_lock:
                    model.users -= 1
                    unused = model.retired and model.users == 0
                if unused:
                    self._close(model)

    @staticmethod
    def _close(model: Model) -> None:
        threading.Thread(target=model.close, daemon=True, name="bantin-close").start()

    def start(self) -> None:
        start = time.monotonic()
        self.seen = self._watched()
        self._swap(Model(self.config_file, self.cache))
        self._finish(self.model)
        self.cache.save(prune=False)  # so that the next preview, or build, starts warm
        log.info(f"Preview ready in {time.monotonic() - start:.1f} s")

    def _finish(self, model: Model) -> None:
        """Say the pages are new, then write the search index, unless a newer save is waiting: that one's
        model will (the index takes seconds at 10,000 pages and must not hold up the next pages)."""
        self._announce()
        if not model.failed and model.plugin.write_search(stop=self.rebuild.is_set):
            self._announce()

    def notice(self) -> None:
        """What changed since the last look: the model that answers now takes the saved articles, and a new
        model is asked for, whatever became of the first (the new one is what the preview is sure of)."""
        now = self._watched()
        changed = [path for path in now.keys() | self.seen.keys() if now.get(path) != self.seen.get(path)]
        if not changed:
            return
        self.seen = now
        with self.pending_lock:
            self.pending.update(changed)
        try:
            self._refresh(changed)
        except Exception:  # a save the answering model could not take: the new model will show it
            log.exception("the preview could not show the change at once")
        finally:
            self.rebuild.set()

    def _refresh(self, paths) -> None:
        if len(paths) > 10 or not all(p.endswith(".md") for p in paths):
            return
        with self.answering() as model:
            if model is not None and all([model.take(path) for path in paths]):
                model.replan()
                self._announce()

    def _build(self) -> None:
        """A new model from the files as they are, replacing the one answering; saves during the build are
        applied to it at once as they were to the old one, and make another build follow."""
        start = time.monotonic()
        with self.pending_lock:
            changed, self.pending = self.pending, set()
        try:
            # One job: forking a process that runs threads (the server's) could copy a lock one of them holds.
            new = Model(self.config_file, self.cache, jobs=1)
        except Exception as error:  # a broken mkdocs.yml, say: the old model goes on answering
            log.error(f"the preview was not updated: {error}")
            return
        self._swap(new)
        with self.pending_lock:
            since = list(self.pending)
        if since:
            self._refresh(since)
        self._finish(new)
        log.info(f"Preview updated in {time.monotonic() - start:.1f} s ({len(changed)} file(s) changed)")

    def _observe(self):
        """Watch the content, the theme and mkdocs.yml (inotify, or polling where it is not available)."""
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        preview = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type not in ("opened", "closed_no_write"):
                    preview.wake.set()
        for kind in (Observer, PollingObserver):
            observer = kind()
            try:
                for folder in (self.docs_dir, self.theme_dir):
                    if folder and os.path.isdir(folder):
                        observer.schedule(Handler(), folder, recursive=True)
                observer.schedule(Handler(), os.path.dirname(self.config_file), recursive=False)
                observer.daemon = True
                observer.start()
            except OSError as error:  # e.g. no inotify instance left
                log.info(f"watching by polling ({error})")
                continue
            return observer
        raise OSError("cannot watch the content folder")

    def _watch(self) -> None:
        while True:
            self.wake.wait()
            time.sleep(0.05)  # an editor's save is often several events: take them as one
            self.wake.clear()
            try:
                self.notice()
            except Exception:  # the preview must survive anything a save can cause
                log.exception("the preview did not take the change")

    def _builder(self) -> None:
        while True:
            self.rebuild.wait()
            self.updating = True
            self.rebuild.clear()
            try:
                self._build()
            except Exception:
                log.exception("the preview was not updated")
            finally:
                self.updating = self.rebuild.is_set()

    # -- serving -------------------------------------------------------------------------------------------------

    def wait_for_change(self, version: int, timeout: float = 25.0) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != version, timeout)
            return self.version

    def serve_forever(self) -> None:
        self.start()
        self._observe()
        self.wake.set()  # what was saved while the first model was built
        threading.Thread(target=self._watch, daemon=True, name="bantin-watch").start()
        threading.Thread(target=self._builder, daemon=True, name="bantin-build").start()
        server = ThreadingHTTPServer((self.host, self.port), _handler(self))
        server.daemon_threads = True
        log.info(f"Serving on http://{self.host}:{self.port}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
            if self.model is not None:
                self.model.close()  # the process ends: no request is answered any more


def _handler(preview: Preview):
    class Handler(BaseHTTPRequestHandler):
        server_version = "Bantin-preview"

        def log_message(self, format, *args):  # noqa: A002 - the name is the base class's
            log.debug(format % args)

        def do_HEAD(self):
            self.do_GET(body=False)

        def do_GET(self, body: bool = True):
            path = unquote(urlsplit(self.path).path)
            if path == RELOAD:
                since = urlsplit(self.path).query.partition("v=")[2]
                version = preview.wait_for_change(int(since) if since.isdigit() else -1)
                return self._send(200, str(version).encode(), "text/plain; charset=utf-8", body)
            if path == STATE:
                busy = preview.updating or preview.wake.is_set() or preview.rebuild.is_set()
                state = {"version": preview.version, "updating": busy}
                return self._send(200, json.dumps(state).encode(), "application/json", body)
            with preview.answering() as model:
                if model is None:
                    return self._send(503, b"", "text/plain", body)
                return self._answer(model, path, body)

        def _answer(self, model: Model, path: str, body: bool):
            site_path = posixpath.normpath(path).lstrip("/")
            if site_path in (".", ""):
                site_path = ""
            elif path.endswith("/"):
                site_path += "/"
            page = None if model.failed else model.page(site_path)
            if page is not None:
                return self._page(model.render(page), 200, body)
            if site_path == urls.SITEMAP and not model.failed:
                return self._send(200, model.sitemap(), "application/xml", body)
            file = os.path.join(model.folder, *site_path.split("/"))
            if os.path.isdir(file):
                if not path.endswith("/"):
                    return self._redirect(path + "/")
                file = os.path.join(file, "index.html")
            if site_path.split("/")[0].startswith("..") or not os.path.isfile(file):
                missing = os.path.join(model.folder, "404.html")
                data = open(missing, "rb").read() if os.path.isfile(missing) else b"Not found"
                return self._page(data, 404, body)
            with open(file, "rb") as source:
                data = source.read()
            kind = mimetypes.guess_type(file)[0] or "application/octet-stream"
            if kind == "text/html":
                return self._page(data, 200, body)
            self._send(200, data, kind, body)

        def _page(self, data: bytes, status: int, body: bool):
            script = (_RELOADER % (preview.version, RELOAD)).encode()
            at = data.rfind(b"</body>")
            data = data[:at] + script + data[at:] if at >= 0 else data + script
            self._send(status, data, "text/html; charset=utf-8", body)

        def _redirect(self, location: str):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send(self, status: int, data: bytes, kind: str, body: bool):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                self.wfile.write(data)
    return Handler
