"""Live-preview benchmark: how soon `build.py serve` shows a saved change, on a generated corpus.

    python bench/bench_serve.py [N] [--cold] [--edits E] [--timeout S]      (default N: 10000, E: 5)

Ensures the N-article corpus in bench/out/N/ (as bench_build.py does), starts
`python build.py serve -f bench/out/N/mkdocs.yml -a 127.0.0.1:PORT` on a free port, in a process group of its
own, and measures, polling with urllib every 0.1 s:

- start-up: seconds until the chosen article's page answers 200 with its title;
- E title edits in a row of that article, each a new unique title saved atomically (a temporary file, then
  os.replace): seconds from the save until (a) the article's page shows the new title, (b) page 1 of its
  category listing does (and the home page, when the article is on it) and (c) the preview says it is done
  (`/.bantin/state`: the new model built and the search index written), the next edit saved only then;
- one body edit (a sentence appended): until the sentence is on the article's page;
- one new article file (the chosen one's copy, so on page 1 of the same listing): until its page answers 200,
  and until that listing shows it; one deleted article: until its page answers 404.

The chosen article is the newest of its category, so it is on page 1 of that listing: of the categories, the one
whose newest article is the oldest, the least likely to be on the home page as well. Also printed: the summed Pss
of the server's process tree (bench_build.TreePss) at its peak during start-up and during the edits (and after every tenth
edit), and `uptime`. A wait gives up after --timeout seconds and says "timed out". However the script ends, the server's
process group is killed and the corpus files are put back (bench_build.CorpusEdits, which also repairs a corpus
left edited by a killed run).
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_build import (CACHE, OUT, ROOT, CorpusEdits, TreePss, article_files, corpus, ensure_corpus,  # noqa: E402
                         front_matter, log, page_url, shows, uptime, with_sentence, with_title)

DEFAULT_N = 10000
POLL_S = 0.1
TITLE_EDITS = 5  # the median of five (the figure); --edits 50 for the memory across 50

# Loopback only: never through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str, timeout: float = 30) -> tuple[int | None, str]:
    """(status, body) of a GET; status None when the server does not answer (not up yet, or busy past timeout)."""
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, ""
    except (OSError, http.client.HTTPException):  # refused, reset, timed out (URLError is an OSError)
        return None, ""


def shows_text(url: str, text: str) -> Callable[[], bool]:
    def check() -> bool:
        status, body = fetch(url)
        return status == 200 and shows(body, text)
    return check


def answers(url: str, code: int) -> Callable[[], bool]:
    return lambda: fetch(url)[0] == code


def state(base: str) -> dict:
    status, body = fetch(base + ".bantin/state")
    return json.loads(body) if status == 200 else {}


def done_after(base: str, version: int) -> Callable[[], bool]:
    """The preview has taken a save made at `version` and says it is done with it."""
    def check() -> bool:
        now = state(base)
        return now.get("version", version) > version and now.get("updating") is False
    return check


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_us() -> None:
    """In the server's child before exec: if this script is killed outright, the kernel sends SIGTERM to the
    server (PR_SET_PDEATHSIG), which a `finally` cannot do."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class Server:
    """`build.py serve` in a process group of its own, output to a log file, the whole group killed on exit."""

    def __init__(self, config: Path, port: int, log_file: Path):
        self.command = [sys.executable, str(ROOT / "build.py"), "serve", "-f", str(config),
                        "-a", f"127.0.0.1:{port}"]
        self.base = f"http://127.0.0.1:{port}/"
        self.log_file = log_file

    def __enter__(self) -> Server:
        self._log = open(self.log_file, "wb")
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_us)
        self.pss = TreePss(self.process.pid).__enter__()
        return self

    def alive(self) -> bool:
        return self.process.poll() is None

    def __exit__(self, *exc) -> None:
        self.pss.__exit__()
        for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):  # SIGKILL too: stragglers of the group
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        self._log.close()

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def wait(checks: dict[str, Callable[[], bool]], since: float, timeout: float, server: Server) -> dict:
    """Poll every unmet check each POLL_S until all are met: each one's seconds since `since`, or None if it was
    not met within `timeout` (or the server ended)."""
    met: dict[str, float] = {}
    while True:
        for name, check in checks.items():
            if name not in met and check():
                met[name] = time.perf_counter() - since
        if len(met) == len(checks) or time.perf_counter() - since > timeout or not server.alive():
            return {name: met.get(name) for name in checks}
        time.sleep(POLL_S)


def choose(out_dir: Path) -> tuple[Path, str]:
    """(article, its category): the newest article of the category whose newest article is the oldest."""
    newest: dict[str, tuple[int, Path]] = {}
    for number, path in sorted(article_files(out_dir).items()):
        newest[front_matter(path.read_text(encoding="utf-8"), "category")] = (number, path)
    category, (_, path) = min(newest.items(), key=lambda item: item[1][0])
    return path, category


# -- report --------------------------------------------------------------------------------------------------

def seconds(value: float | None) -> str:
    return "timed out" if value is None else f"{value:.1f}"


def summary(values: list[float | None]) -> str:
    done = [v for v in values if v is not None]
    median = f"median {statistics.median(done):6.1f} s" if done else "median    -    "
    missed = f"  ({len(values) - len(done)} timed out)" if len(done) < len(values) else ""
    return f"{median}   " + "  ".join(seconds(v).rjust(5) for v in values) + missed


def mb(kib: int) -> str:
    return f"{kib / 1024:.0f} MB"


def line(label: str, figure: str) -> None:
    print(f"  {label:<36}  {figure}", flush=True)


def measure(n: int, timeout: float, cold: bool, title_edits: int = TITLE_EDITS) -> dict:
    """Start the server on the N corpus, make the edits, print the figures; returns them as a record."""
    out_dir = OUT / str(n)
    ensure_corpus(n, out_dir)
    config = out_dir / "mkdocs.yml"
    source, category = choose(out_dir)
    original = source.read_text(encoding="utf-8")
    title = front_matter(original, "title")
    articles = article_files(out_dir)
    doomed = next(path for number, path in sorted(articles.items(), key=lambda item: abs(item[0] - n // 2))
                  if path != source)  # the mid-corpus article is the one deleted
    stamp = dt.datetime.now().strftime("%H%M%S")  # new titles never seen before, by this server or a cache
    cache = out_dir / CACHE
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    cache_state = f"warm, {sum(f.stat().st_size for f in cache.rglob('*') if f.is_file()) / 2**20:.0f} MB" \
        if cache.is_dir() else "none"

    record: dict = {"n": n, "when": dt.datetime.now().isoformat(timespec="seconds"), "cache": cache_state,
                    "load_avg": [round(x, 2) for x in os.getloadavg()]}
    print(f"\nN = {n}    before: {uptime()}", flush=True)
    with CorpusEdits(out_dir) as edits, Server(config, free_port(), out_dir / "serve.log") as server:
        article_url = server.base + page_url(out_dir, source)
        listing_url = server.base + f"chuyen-muc/{corpus.slugify(category)}/"
        print(f"  {' '.join(server.command[1:])}   (cache: {cache_state}; log {server.log_file})")
        print(f"  article: {page_url(out_dir, source)}  ({category})", flush=True)

        up = wait({"up": shows_text(article_url, title)}, server.started, timeout, server)["up"]
        record["startup_s"] = up
        line("start-up (article page 200)", f"{seconds(up)} s")
        if up is None:
            log(f"the server did not show the article; end of {server.log_file}:\n{server.tail()}")
            return record
        record["startup_pss_peak_mb"], record["startup_pss_now_mb"] = server.pss.peak_kib / 1024, \
            server.pss.sample() / 1024
        line("memory after start-up (sum of Pss)", f"peak {mb(server.pss.peak_kib)}, now {mb(server.pss.last_kib)}")

        pages = {}  # the listing pages the article is on now, by the name its figures go under
        for name, url in (("category page 1", listing_url), ("home page", server.base)):
            status, body = fetch(url)
            if status == 200 and page_url(out_dir, source) in body and shows(body, title):
                pages[name] = url
        print(f"  on: {', '.join(f'{name} {url[len(server.base) - 1:]}' for name, url in pages.items()) or '-'}")
        if "category page 1" not in pages:
            log(f"ERROR: {listing_url} does not list the article with its title: its figure is missing")

        server.pss.reset_peak()
        figures: dict[str, list] = {"article page": [], **{name: [] for name in pages}, "preview done": []}
        record["pss_every_10_mb"] = []
        for i in range(1, title_edits + 1):
            new_title = f"Bản tin thử xem trước {stamp} lần {i} (số {source.stem.rsplit('-', 1)[1]})"
            version = state(server.base).get("version", 0)
            written = edits.write(source, with_title(original, new_title))
            checks = {"article page": shows_text(article_url, new_title),
                      **{name: shows_text(url, new_title) for name, url in pages.items()},
                      "preview done": done_after(server.base, version)}
            for name, value in wait(checks, written, timeout, server).items():
                figures[name].append(value)
            if i % 10 == 0:
                record["pss_every_10_mb"].append(round(server.pss.sample() / 1024))
                line(f"memory after {i} edits (sum of Pss)", f"now {mb(server.pss.last_kib)}")
        for name, values in figures.items():
            line(f"title edit → {name}", summary(values[:TITLE_EDITS]))
        record["title_edit_s"] = figures
        record["edits_pss_peak_mb"], record["edits_pss_now_mb"] = server.pss.peak_kib / 1024, \
            server.pss.sample() / 1024
        line(f"memory after {title_edits} edits (sum of Pss)",
             f"peak {mb(server.pss.peak_kib)}, now {mb(server.pss.last_kib)}")

        sentence = f"Câu bổ sung để đo thời gian xem trước lúc {stamp}."
        written = edits.write(source, with_sentence(source.read_text(encoding="utf-8"), sentence))
        record["body_edit_s"] = wait({"body": shows_text(article_url, sentence)}, written, timeout, server)["body"]
        line("body edit → article page", f"{seconds(record['body_edit_s'])} s")

        new = source.with_name(f"bai-moi-do-xem-truoc-{stamp}.md")
        new_text = with_title(original, f"Bài mới để đo thời gian xem trước lúc {stamp}").replace(
            "\nfeatured: true\n", "\n")
        new_title_text = f"Bài mới để đo thời gian xem trước lúc {stamp}"
        written = edits.write(new, new_text)
        met = wait({"new": answers(server.base + page_url(out_dir, new), 200),
                    "listed": shows_text(listing_url, new_title_text)}, written, timeout, server)
        record["new_article_s"], record["new_article_listed_s"] = met["new"], met["listed"]
        line("new article → 200", f"{seconds(record['new_article_s'])} s")
        line("new article → category page 1", f"{seconds(record['new_article_listed_s'])} s")

        doomed_url = server.base + page_url(out_dir, doomed)
        if fetch(doomed_url)[0] != 200:
            log(f"ERROR: {doomed_url} does not answer 200 before its deletion")
        written = edits.delete(doomed)
        record["deletion_s"] = wait({"gone": answers(doomed_url, 404)}, written, timeout, server)["gone"]
        line("deleted article → 404", f"{seconds(record['deletion_s'])} s")
        if not server.alive():
            log(f"the server ended (exit {server.process.returncode}); end of {server.log_file}:\n{server.tail()}")
    print(f"after: {uptime()}", flush=True)
    return record


def _exit_on(signum, _frame) -> None:
    raise SystemExit(128 + signum)  # so that the `with` blocks kill the server and put the corpus back


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark `build.py serve`: start-up and the delay until a "
                                                 "saved edit shows.")
    parser.add_argument("n", metavar="N", type=int, nargs="?", default=DEFAULT_N,
                        help=f"corpus size (default {DEFAULT_N})")
    parser.add_argument("--cold", action="store_true", help=f"remove bench/out/N/{CACHE}/ first")
    parser.add_argument("--edits", type=int, default=TITLE_EDITS,
                        help=f"title edits made (default {TITLE_EDITS}; the figures are of the first {TITLE_EDITS})")
    parser.add_argument("--timeout", type=float, default=300, help="seconds each wait may take (default 300)")
    args = parser.parse_args(argv)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _exit_on)
    record = measure(args.n, args.timeout, args.cold, max(TITLE_EDITS, args.edits))
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "serve.jsonl", "a", encoding="utf-8") as history:
        history.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
