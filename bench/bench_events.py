"""Where a build's time goes: `python bench/bench_events.py [build.py's arguments]`.

Runs `build.py` in this process with the plugin's events (and the few steps of rendering.py that take
seconds) timed, and prints for each, as it ends: its start and end in seconds since this script started,
its length and the resident memory of the process it ran in then (the search index's steps run in the
build's child). The page-by-page events are not printed (thousands), nor is what runs in the forked
workers. For example:

    python bench/bench_events.py build -f bench/out/10000/mkdocs.yml
"""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path

START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from bantin import plugin, rendering  # noqa: E402
from bantin.cli import entry  # noqa: E402

PER_PAGE = {"on_pre_page", "on_page_read_source", "on_page_markdown", "on_page_content", "on_page_context",
            "on_post_page", "on_pre_template", "on_template_context", "on_post_template"}
STEPS = ("make_plan", "write_search", "_prepare_articles", "_search_files", "_update_search",
         "_index_all")


def resident_mb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def timed(name: str, function):
    @functools.wraps(function)
    def run(*args, **kwargs):
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            ended = time.perf_counter()
            print(f"  {name:26} {began - START:7.2f} → {ended - START:7.2f}  ({ended - began:6.2f} s)"
                  f"  {resident_mb():5} MB", file=sys.stderr)
    return run


def main() -> None:
    for name, value in list(vars(plugin.BantinPlugin).items()):
        if callable(value) and (name.startswith("on_") and name not in PER_PAGE or name in STEPS):
            setattr(plugin.BantinPlugin, name, timed(name, value))
    plugin.read_content = timed("read_content", plugin.read_content)
    for name in ("reuse", "convert_all", "render_pages", "sitemap", "not_found"):
        setattr(rendering, name, timed(f"rendering.{name}", getattr(rendering, name)))
    print(f"  {'(imports)':26} {0:7.2f} → {time.perf_counter() - START:7.2f}", file=sys.stderr)
    entry()


if __name__ == "__main__":
    main()
