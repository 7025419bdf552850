"""Rendering at scale: each article's Markdown converted once per build, on every core or taken from the cache,
and every page's template rendered on every core.

MkDocs reads, converts and renders page after page in one process. Bantin keeps its steps and its events but
does the two costly ones ahead, with MkDocs' own code, in forked workers (parallel.py):
- in `on_nav`, `prepare` reads and converts the articles; ArticlePage then gives MkDocs the result when it
  asks for it, instead of converting again;
- in `on_env`, `render_pages` renders and writes the pages (the preview renders each when asked for), and
  `set_aside` takes them out of MkDocs' page loop until `on_post_build`.
With one job the same steps run in the same order in one process, so a parallel build writes the same bytes.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import io
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from jinja2 import TemplateNotFound, meta
from mkdocs.commands.build import get_context
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_timestamp, get_relative_url, is_error_template

from . import parallel, search, urls, writer


@dataclass(slots=True)
class Prepared:
    """One article as MkDocs reads and converts it, with what that depended on and its search terms."""

    markdown: str
    meta: dict
    content: str
    toc: object  # MkDocs' TableOfContents
    title: str | None  # the first heading, as MkDocs extracts it
    anchors: frozenset
    links: dict  # src_uri linked to → {anchor: the link as written}, for MkDocs' anchor validation
    lookups: tuple  # (path the converter asked for, (url, excluded) or None): its links' targets
    records: tuple  # what MkDocs logged while converting it: logged again by every build that uses it


def _target(file) -> tuple | None:
    return None if file is None else (file.url, file.inclusion.is_excluded())


class _Recorder:
    """The site's files as the Markdown converter sees them, noting each path it looks up: a converted article
    stays valid as long as those paths lead where they led (see `still_valid`)."""

    def __init__(self, files):
        self._files, self.seen = files, {}

    def get_file_from_path(self, path: str):
        found = self._files.get_file_from_path(path)
        self.seen[path] = _target(found)
        return found

    def __getattr__(self, name):
        return getattr(self._files, name)


def still_valid(prepared: Prepared, files) -> bool:
    """Its links resolve today as they did when it was converted (a file added, moved or removed may change
    one; nothing else outside the article does)."""
    return all(_target(files.get_file_from_path(path)) == target for path, target in prepared.lookups)


def convert(page: Page, config, files) -> Prepared:
    """Read and convert one page with MkDocs' own code, recording what the result depends on."""
    recorder = _Recorder(files)
    capture, restore = parallel.capture_logs()
    try:
        Page.read_source(page, config)
        markdown, meta = page.markdown, dict(page.meta)
        Page.render(page, config, recorder)
    finally:
        restore()
    links = {file.src_uri: dict(anchors) for file, anchors in (page.links_to_anchors or {}).items()}
    return Prepared(markdown, meta, page.content, page.toc, page._title_from_render,
                    frozenset(page.present_anchor_ids or ()), links, tuple(recorder.seen.items()),
                    tuple(capture.records))


@functools.lru_cache(maxsize=8)
def _path_of(base: str) -> str:
    return urlsplit(base).path


class OwnPage(Page):
    """A page Bantin makes (articles, listings): thousands of them."""

    def _set_canonical_url(self, base: str | None) -> None:
        # MkDocs joins the site's address and the page's with urljoin, slow for thousands of pages; for a plain
        # relative URL in a plain base that join is their concatenation.
        url = self.url
        if not base or any(c in url for c in ":?#") or url.startswith(("/", ".")) or "/." in url or \
                any(c in base for c in "?#"):
            return super()._set_canonical_url(base)
        base = base if base.endswith("/") else base + "/"
        self.canonical_url, self.abs_url = base + url, _path_of(base) + url


class ArticlePage(OwnPage):
    """An article whose reading and conversion were done ahead (`prepare`)."""

    prepared: Prepared | None = None

    def read_source(self, config) -> None:
        if self.prepared is None:
            return super().read_source(config)
        self.markdown, self.meta = self.prepared.markdown, dict(self.prepared.meta)

    def render(self, config, files) -> None:
        p = self.prepared
        if p is None or self.markdown != p.markdown:  # another plugin changed the Markdown: convert it anew
            return super().render(config, files)
        self.content, self.toc, self._title_from_render = p.content, p.toc, p.title
        self.present_anchor_ids = set(p.anchors)
        if p.links:
            self.links_to_anchors = {files.get_file_from_path(src): dict(a) for src, a in p.links.items()}
        parallel.replay(p.records)


def reuse(pages: Sequence[ArticlePage], files, known: Callable[[str], Prepared | None]) -> list[ArticlePage]:
    """Give each page `known(src)`, its Prepared of an earlier build, when it is still valid; returns the
    pages left to `convert_all`."""
    todo = []
    for page in pages:
        found = known(page.file.src_uri)
        if found is not None and still_valid(found, files):
            page.prepared = found
        else:
            todo.append(page)
    return todo


def convert_all(pages: Sequence[ArticlePage], config, files, titles: dict[str, tuple[str, str]], jobs: int,
                keep: Callable[[str, bytes, bytes], None]) -> None:
    """Convert each page on `jobs` workers and give it its Prepared; `keep(src, prepared, terms)` is called
    for each as its workers' results arrive, with its Prepared and its search terms (search.analyse of its
    title and HTML) as pickles: what the cache keeps, made where the work was done. Not all held at once:
    they are some 200 MB at 10,000 articles and 5,000 documents."""
    page_of = {page.file.src_uri: page for page in pages}

    def work(src: str) -> tuple[bytes, bytes]:  # an address sent to the worker, which has the pages (forked)
        prepared = convert(page_of[src], config, files)
        title, identifier = titles[src]
        return _pickle(prepared), _pickle(search.analyse(title, prepared.content, identifier))
    srcs = iter(page_of)
    for part in parallel.fork_parts(work, list(page_of), jobs, renew=True):
        for prepared, terms in part:
            src = next(srcs)
            page_of[src].prepared = pickle.loads(prepared)
            keep(src, prepared, terms)


def _pickle(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _pages(files) -> dict:
    """Pages by src_uri (MkDocs' own lookup normalises each path it is given: slow for thousands)."""
    return {file.src_uri: file.page for file in files.documentation_pages()}


THEME_PAGES = (urls.SITEMAP, urls.NOT_FOUND)  # the theme's own templates that MkDocs would render after `on_env`


def sitemap(config, nav, files, env) -> list[tuple[str, bytes, str]]:
    """(path, bytes, what) of the sitemap and its gzip copy (its header dated by the newest page), as MkDocs'
    build writes them after `on_env`: made here, while every page is still in `files` (`set_aside`)."""
    doc_files = files.documentation_pages()
    data = render_template(urls.SITEMAP, config, nav, doc_files, env)
    stamp = get_build_timestamp(pages=[file.page for file in doc_files if file.page is not None])
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, filename=f"{urls.SITEMAP}.gz", mode="wb", mtime=stamp) as stream:
        stream.write(data)
    return [(urls.SITEMAP, data, "sitemap"), (f"{urls.SITEMAP}.gz", packed.getvalue(), "sitemap")]


def not_found(config, nav, files, env) -> list[tuple[str, bytes, str]]:
    """The not-found page, as MkDocs' build writes it after `on_env`."""
    return [(urls.NOT_FOUND, render_template(urls.NOT_FOUND, config, nav, files.documentation_pages(), env),
             "not_found")]


def render_template(name: str, config, nav, doc_files, env) -> bytes:
    """One of the theme's own templates, as MkDocs renders it (an error page's links absolute from the site's
    root: it is served at any address)."""
    template = config.plugins.on_pre_template(env.get_template(name), template_name=name, config=config)
    base_url = urlsplit(config.site_url or "/").path if is_error_template(name) else get_relative_url(".", name)
    context = get_context(nav, doc_files, config, base_url=base_url)
    context = config.plugins.on_template_context(context, template_name=name, config=config)
    output = config.plugins.on_post_template(template.render(context), template_name=name, config=config)
    return output.encode("utf-8")


def render_page(page: Page, config, nav, doc_files, env) -> bytes:
    """One page's HTML, by the steps and events of MkDocs' own page build."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
    finally:
        page.active = False
        config._current_page = None
    return output.encode("utf-8", errors="xmlcharrefreplace") if output.strip() else b""


def _compile(env, names: set[str]) -> None:
    """Compile the templates `names` and every template they extend, include or import, here and once: not
    in each worker, which parallel.fork_map renews as it goes."""
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, _, _ = env.loader.get_source(env, name)
            env.get_template(name)
        except TemplateNotFound:  # an optional include ("ignore missing"): as in the render
            continue
        todo += [found for found in meta.find_referenced_templates(env.parse(source)) if found]


def page_folders(files) -> list[str]:
    """The folder of every page, each once, in order."""
    return sorted({os.path.dirname(file.abs_dest_path) for file in files.documentation_pages()})


def make_folders(folders: list[str]) -> None:
    """Make the folders ahead of the pages (plugin._tidy_site); one it cannot make is left for the page's
    renderer, which then says why."""
    for folder in folders:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            pass


def placeable(file) -> bool:
    """A file the site carries as it is (an attachment, an image, one of the theme's assets)."""
    return not file.is_documentation_page() and bool(file.abs_src_path) and file.inclusion.is_included()


def place_files(files, cache) -> None:
    """Put every placeable file in the site from the cache, by its bytes: a hard link, where MkDocs would
    copy each file anew (creating a file costs this file system about ten links: some 3 s a build for 5,000
    documents' attachments). Each is then taken out of `files`, so that MkDocs never copies over it (it would
    write through the link into the cache's copy). A file that cannot be read is left to MkDocs."""
    cache.preload("file:static")
    for file in [file for file in files if placeable(file)]:
        try:
            with open(file.abs_src_path, "rb") as source:
                data = source.read()
        except OSError:
            continue
        key = hashlib.blake2b(data, digest_size=16).hexdigest()
        if not cache.keep_file("static", key, data, file.abs_dest_path):
            with contextlib.suppress(OSError):  # MkDocs copies it: never over what an earlier build linked there
                os.unlink(file.abs_dest_path)
            continue
        files.remove(file)
    cache.unload("file:static")


FEW = 100  # pages left to render that one process renders, beside the end of the build


class Rest:
    """What `render_pages` leaves to finish: the last few pages rendered, and its `then`, in a child while
    the build goes on (`result` waits for it), or done already."""

    def __init__(self, job: parallel.Background | None, record: Callable[[list], None], value=None):
        self._job, self._record, self._value = job, record, value

    def result(self):
        if self._job is not None:
            results, self._value = self._job.result()
            self._job = None
            self._record(results)
        return self._value

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None


def render_pages(srcs: Sequence[str], config, files, nav, env, jobs: int,
                 done: Callable[[int], None] | None = None, key: Callable[[Page], str | None] = lambda page: None,
                 cache=None, then: Callable[[], object] = lambda: None) -> Rest:
    """Render and write the pages `srcs` on `jobs` workers, then call `then`: its result is the Rest's.

    With a `cache`, the pages it holds by their `key` are linked from there first (cache.Cache.link), and
    only the others are rendered, each written there first and linked: each file is written once. When
    fewer than FEW are left (a warm build), they and `then` are left to a child, which compiles the
    templates they need (half a second) while this process finishes the build."""
    page_of = _pages(files)
    todo = [(src, None) for src in srcs]
    # with nothing to link (a cold build), each page's key is worked out where the page is rendered: a pass
    # over long slices for keys alone would copy more of this process into its workers
    link_first = cache is not None and cache.holds("file:html")
    if link_first:
        def place(src: str) -> tuple[str | None, bool]:
            page = page_of[src]
            name = key(page)
            return name, bool(name) and cache.link("html", name, page.file.abs_dest_path)
        # long slices: a page costs a key and a link, and each slice's new worker a fork; a warm build has let
        # go of little by now, not worth a full collection
        placed = parallel.fork_map(place, srcs, jobs, renew=True, per_job=2, least=500, collect=False)
        todo = []
        for src, (name, linked) in zip(srcs, placed):
            if linked:
                cache.reused_file("html", name)
            else:
                todo.append((src, name))
        if done:
            done(len(srcs) - len(todo))
    doc_files = files.documentation_pages()

    def render(item: tuple[str, str | None]) -> tuple[str | None, tuple | None]:
        src, name = item
        page = page_of[src]
        if cache is not None and not link_first:
            name = key(page)
        data = render_page(page, config, nav, doc_files, env)
        if not data:
            return None, None
        if name and (stored := cache.store("html", name, data, page.file.abs_dest_path)):
            return name, stored
        # replaced, never written into: in a folder that holds an earlier build (earlier.py) the file
        # there may be a hard link to one of the cache's files
        writer.atomic_write(page.file.abs_dest_path, data)
        return None, None

    def record(results: list, count: bool = False) -> None:
        for name, stored in results:
            if stored:
                cache.stored_file("html", name, stored)
        if count and done and results:
            done(len(results))
    if len(todo) < FEW and jobs > 1:
        def rest() -> tuple[list, object]:  # templates compiled there, as the pages ask for them
            return [render(item) for item in todo], then()
        return Rest(parallel.Background(rest), functools.partial(record, count=True))
    _compile(env, {page_of[src].meta.get("template", "main.html") for src, _ in todo})
    # renewed workers: rendering touches every page's objects, and the sum of the workers' memory at 10,000
    # articles would otherwise grow to twice the parent's (with one job, all are rendered here)
    record(parallel.fork_map(render, todo, jobs, done, renew=True, least=50))
    return Rest(None, record, then())


def set_aside(srcs: Sequence[str], files) -> list[tuple]:
    """Take the pages `srcs`, written (or left to the preview), out of MkDocs' page loop, which would run each
    one's page events again and render its empty template (some 40 µs a page: 0.7 s at 10,000 articles), and out
    of the check of anchors after it: their files are excluded until `bring_back`, first thing after both."""
    page_of = _pages(files)
    aside = [(page_of[src].file, page_of[src].file.inclusion) for src in srcs]
    for file, inclusion in aside:
        file.inclusion = type(inclusion).EXCLUDED  # the engine's own enum (MkDocs' or ProperDocs')
    return aside


def bring_back(aside: list[tuple], files, level: int | None) -> None:
    """The pages `set_aside` put back in the site's files, and, with a log `level`, their links' anchors
    checked as MkDocs checks every other page's after its loop."""
    for file, inclusion in aside:
        file.inclusion = inclusion
    if level is not None:
        for file, _ in aside:
            file.page.validate_anchor_links(files=files, log_level=level)


def release(srcs: Sequence[str], files) -> None:
    """Let go of what the pages `srcs`, rendered and written, held only to be rendered: their Markdown, their
    HTML and its conversion (at 10,000 articles, a third of a cold build's memory), and give the memory back
    before the search index's child is forked, to share none of it."""
    page_of = _pages(files)
    for src in srcs:
        page = page_of[src]
        page.markdown = page.content = ""  # not None: MkDocs' Page.title is None without its Markdown
        if isinstance(page, ArticlePage):
            page.prepared = None
    parallel.give_back()
