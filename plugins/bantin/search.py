"""The search index: Pagefind, fed a small document per searchable page.

Pagefind splits its index into small chunks fetched on demand, so a phone downloads a few hundred KB for a
query whatever the size of the site, and it matches Vietnamese with or without diacritics.

Each article and static page is written, as it is rendered, into a scratch folder as a bare document (its
title, date and body, none of the portal around it) at the same path it has on the site; Pagefind then runs
once over that folder, while MkDocs goes on rendering the listings. Over the finished site it would parse every listing and every sidebar too: on 10,000
articles that took 54 s and 2.6 GB. Its Python service is no better: it answers one request per 0.1 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from html import escape

INDEX_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    pass


class SearchIndex:
    """Pages are added as they render; Pagefind starts in the background as soon as the last searchable page
    is in (the listings, rendered after the articles, then overlap with it), and `finish` waits for it."""

    def __init__(self, language: str, expected: int):
        self.language, self.expected = language, expected
        self.folder = tempfile.mkdtemp(prefix="bantin-search-")
        self.count = 0
        self._folders: set[str] = set()
        self._run: subprocess.Popen | None = None
        self._late = False

    def add(self, dest_uri: str, title: str, body_html: str, date: str = "") -> None:
        """One searchable page; `dest_uri` is where the page is written in the site (e.g. a/b/index.html)."""
        meta = f'<meta data-pagefind-meta="date[content]" content="{escape(date)}">' if date else ""
        document = (f'<!doctype html><html lang="{self.language}"><head><meta charset="utf-8">{meta}</head>'
                    f"<body><h1>{escape(title)}</h1>{body_html}</body></html>")
        path = os.path.join(self.folder, dest_uri)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        with open(path, "w", encoding="utf-8") as out:
            out.write(document)
        self.count += 1
        if self._run is not None:
            self._late = True  # more pages than announced: `finish` indexes again, all of them

    def ready(self) -> bool:
        return self.count >= self.expected

    def start(self, site_dir: str) -> None:
        """Run Pagefind over what was added, writing the index into site_dir/pagefind/."""
        if self._run is None:
            command = [sys.executable, "-m", "pagefind", "--site", self.folder, "--output-path",
                       os.path.join(site_dir, INDEX_DIR), "--force-language", self.language, "--quiet"]
            self._run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def finish(self, site_dir: str) -> None:
        self.start(site_dir)
        try:
            output, _ = self._run.communicate()
            if self._late and self._run.returncode == 0:
                self._run, self._late = None, False
                self.start(site_dir)
                output, _ = self._run.communicate()
        finally:
            self.discard()
        if self._run.returncode != 0:
            raise SearchIndexError(f"pagefind failed ({self._run.returncode}): {output.strip()}")

    def discard(self) -> None:
        if self._run is not None and self._run.poll() is None:
            self._run.kill()
            self._run.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
