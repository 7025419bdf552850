"""Fixture sites written into tmp_path from a dict, built with MkDocs' own API, read back with lxml."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

# mkdocs-material prints an end-of-life notice on every build; it is noise in test output.
os.environ["NO_MKDOCS_2_WARNING"] = "1"

# The package of this checkout, whichever checkout `pip install -e` last pointed at.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

import lxml.html  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
THEME_DIR = REPO / "theme"
BUILD_PY = REPO / "build.py"

SITE_NAME = "Cổng thông tin điện tử thị xã Mây Ngàn"
SITE_URL = "https://mayngan.example.vn/"
SITE_DESCRIPTION = "Tin tức, thông báo và hoạt động của chính quyền thị xã Mây Ngàn."


def write_site(root: Path, files: Mapping[str, str | bytes], plugin: Mapping | None = None, *,
               site_url: str | None = SITE_URL, **extra) -> Path:
    """Write `files` (paths relative to the site's root) and a minimal mkdocs.yml; return the config path.

    Content lives in `content/` as in the real portal, so articles are under `content/tin-tuc/`.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "content").mkdir(exist_ok=True)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    config = {
        "site_name": SITE_NAME,
        "site_description": SITE_DESCRIPTION,
        "docs_dir": "content",
        "site_dir": "site",
        "theme": {"name": "material", "custom_dir": str(THEME_DIR), "language": "vi", "font": False},
        "plugins": [{"bantin": dict(plugin or {})}],
        **extra,
    }
    if site_url:
        config["site_url"] = site_url
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def build_site(config_file: Path, *, command: str = "build", **overrides) -> Path:
    """Build as `mkdocs build` does (startup event first); return the site folder.

    `command="serve"` builds as `mkdocs serve` would, drafts included.
    """
    config = load_config(str(config_file), **overrides)
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


def parse_html(path: Path) -> lxml.html.HtmlElement:
    """An output page as the browser's parser sees it."""
    return lxml.html.fromstring(Path(path).read_bytes())


def front_matter(**fields) -> str:
    """Lines of front-matter in YAML; values are written as YAML would quote them."""
    return yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False)


def article(body: str = "Nội dung bài viết.", **fields) -> str:
    """An article file: front-matter from `fields`, then the body."""
    return f"---\n{front_matter(**fields)}---\n\n{body}\n"


@pytest.fixture
def make_site(tmp_path):
    """make_site({path: text}, plugin={...}) → path of the fixture site's mkdocs.yml, under tmp_path."""
    def make(files: Mapping[str, str | bytes], plugin: Mapping | None = None, *, name: str = "portal",
             **extra) -> Path:
        return write_site(tmp_path / name, files, plugin, **extra)
    return make


@pytest.fixture(name="build_site")
def build_site_fixture():
    return build_site


@pytest.fixture(name="parse_html")
def parse_html_fixture():
    return parse_html
