"""A second engine, proved: ProperDocs (the maintained fork of MkDocs 1.6) builds the sample portal with Bantin
unchanged, page for page the same as MkDocs. mkdocs-material reaches its end of life on 5 May 2027 and
MkDocs 2.0 drops plugins: this build is the portal's way forward."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

# The one line an engine writes about itself.
_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def tree(site: Path) -> dict[str, str]:
    """Every file of a built site → a digest of its content, the engine's own name and the time left out."""
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "stats.json":
                document = json.loads(data)
                document.pop("generated")
                data = json.dumps(document, sort_keys=True).encode()
            out[str(path.relative_to(site))] = hashlib.sha256(_GENERATOR.sub(b"", data)).hexdigest()
    return out


def build_with(engine: str, portal: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-f", str(portal / "mkdocs.yml"),
                           "-d", str(site)], capture_output=True, text=True, env=env, timeout=300)


def test_properdocs_builds_the_sample_portal_as_mkdocs_does(tmp_path):
    portal = tmp_path / "portal"
    portal.mkdir()
    shutil.copytree(REPO / "content", portal / "content")
    shutil.copytree(REPO / "theme", portal / "theme")
    shutil.copy(REPO / "mkdocs.yml", portal / "mkdocs.yml")
    results = {engine: build_with(engine, portal, tmp_path / engine) for engine in ("mkdocs", "properdocs")}
    for engine, result in results.items():
        assert result.returncode == 0, (engine, result.stderr)
    mkdocs, properdocs = tree(tmp_path / "mkdocs"), tree(tmp_path / "properdocs")
    published = {f"tin-tuc/{md.parent.name}/{md.stem}/index.html" for md in (REPO / "content" / "tin-tuc").glob("*/*.md")
                 if "\ndraft: true" not in md.read_text(encoding="utf-8")}
    assert len(published) > 30 and published <= set(mkdocs)
    assert properdocs == mkdocs
    # Both really ran Bantin: the feeds and the search index are Bantin's files.
    assert {"feed.xml", "atom.xml", "feed.json", "search/index.json", "stats.json"} <= set(properdocs)
