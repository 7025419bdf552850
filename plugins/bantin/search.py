"""The search index: Pagefind, run once over the written site.

Pagefind splits its index into small chunks fetched on demand, so a phone downloads a few hundred KB for a
query whatever the size of the site, and it matches Vietnamese with or without diacritics. Only elements
marked `data-pagefind-body` (articles and the site's own pages, not listings) are indexed.

The binary is driven through its command line, in one run over the whole site: its Python service answers
one request per 0.1 s, which would make 10,000 records take over 15 minutes.
"""

from __future__ import annotations

import subprocess
import sys

INDEX_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    pass


def index_site(site_dir: str, language: str) -> str:
    """Write the index into site_dir/pagefind/; returns Pagefind's summary line."""
    command = [sys.executable, "-m", "pagefind", "--site", site_dir, "--output-subdir", INDEX_DIR,
               "--force-language", language, "--quiet"]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({run.returncode}): {run.stdout.strip()} {run.stderr.strip()}")
    return run.stdout.strip()
