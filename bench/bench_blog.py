"""Bantin against mkdocs-material's own blog plugin: cold builds of the same N heavy posts.

    python bench/bench_blog.py [N]          (default N = 2000)

Writes two sites of the same posts under bench/out/blog-N/ (regenerated on every run, deterministically):

    bantin/     the repository's mkdocs.yml (bench/corpus.py's site_config) with the bantin plugin;
                posts in content/tin-tuc/<yyyy>/<slug>-<n>.md
    material/   plain mkdocs-material with the plugins a Material blog has: search, blog and tags;
                posts in docs/blog/posts/<yyyy>/<slug>-<n>.md, authors declared in docs/blog/.authors.yml

The posts are long town-news articles (12-20 paragraphs of 80-150 words, two sub-headings, one list) written
from corpus.py's vocabulary, so that Markdown rendering and page writing dominate, as on a real portal.
Both engines read the same title, date, author, category and tags, each in its own front-matter format.

Rows, each a fresh process tree timed by bench_build's wrapper (wall seconds, summed Pss of the tree):

    bare Markdown     python-markdown alone on the N bodies, with the Bantin config's extensions: the floor
    Material blog     python -m mkdocs build (no --strict)
    Bantin cold       cache (.cache/bantin/) and site removed first; default jobs (one renderer per core)
    Bantin cold -j1   the same with --jobs 1

`x_material` is a row's seconds over the Material build's: the target is Bantin cold <= 0.20.
Every row is appended to bench/out/results.jsonl with kind "blog".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
DEFAULT_N = 2000
TARGET = 0.20  # Bantin's cold build should take at most this share of Material's
MATERIAL_PLUGINS = ("search", "blog", "tags")  # what a Material blog has: the defaults plus tags
MORE = "<!-- more -->"  # the blog plugin's excerpt separator; without it a listing shows whole posts

sys.path.insert(0, str(BENCH))
import bench_build as bb  # noqa: E402
import corpus  # noqa: E402


# -- heavy posts ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Post:
    """One post as both engines read it: the front-matter values and the Markdown blocks of its body."""

    n: int
    title: str
    date: dt.datetime
    author: str
    category: str
    tags: tuple[str, ...]
    blocks: tuple[str, ...]  # blocks[0] is the lead paragraph

    @property
    def stem(self) -> str:
        return f"{self.date.year}/{corpus.slugify(self.title)}-{self.n}"


def _long_paragraph(w: corpus.Writer, topic: dict, pool: list[str], first: str = "") -> str:
    """80-150 words of filled sentences; the pool is refilled from the topic and generic templates as it
    runs out, so a long article repeats templates (with fresh figures) rather than stopping short."""
    target = w.rng.randint(80, 130)  # the last sentence takes it to about 150 at most
    sentences = [first] if first else []
    words = len(first.split())
    while words < target:
        if not pool:
            templates = topic["sentences"] + corpus.GENERIC
            pool.extend(w.rng.sample(templates, len(templates)))
        sentence = w.fill(pool.pop())
        sentences.append(sentence)
        words += len(sentence.split())
    return " ".join(sentences)


def heavy_post(n: int, date: dt.datetime, seed: int) -> Post:
    """Post number `n`: a long article of one topic, 12-20 paragraphs, two `##` sub-headings and one list."""
    rng = random.Random(f"{seed}:heavy:{n}")
    topic = rng.choice(corpus.TOPICS)
    w = corpus.Writer(rng, date)
    title = f"{w.fill(rng.choice(topic['titles']))} (số {n})"  # numbered: no two titles alike
    tags = tuple(rng.sample(topic["tags"], min(len(topic["tags"]), rng.randint(2, 4))))
    pool: list[str] = []
    blocks = [_long_paragraph(w, topic, pool, first=w.fill(rng.choice(topic["leads"])))]
    blocks += [_long_paragraph(w, topic, pool) for _ in range(rng.randint(12, 20) - 1)]
    heads = rng.sample(topic["subheads"], 2)  # every topic has at least two
    third = len(blocks) // 3
    blocks.insert(2 * third, "## " + w.fill(heads[1]))
    blocks.insert(third + 1, corpus._list(w, topic))
    blocks.insert(third, "## " + w.fill(heads[0]))
    return Post(n, title, date, rng.choice(corpus.AUTHORS), topic["category"], tags, tuple(blocks))


def _tags_lines(post: Post) -> list[str]:
    return ["tags:"] + [f"  - {corpus.yaml_scalar(t)}" for t in post.tags]


def bantin_text(post: Post) -> str:
    """The post in Bantin's front-matter (author and category as single values)."""
    front = [
        "---",
        f"title: {corpus.yaml_scalar(post.title)}",
        f"date: {post.date:%Y-%m-%dT%H:%M:%S}",
        f"author: {corpus.yaml_scalar(post.author)}",
        f"category: {corpus.yaml_scalar(post.category)}",
        *_tags_lines(post),
        "---",
    ]
    return "\n".join(front) + "\n\n" + "\n\n".join(post.blocks) + "\n"


def author_id(name: str) -> str:
    return corpus.slugify(name, max_words=10)


def material_text(post: Post) -> str:
    """The post in the blog plugin's front-matter (lists of author ids and categories), with the excerpt
    separator after the lead, as a Material blog's posts have it."""
    front = [
        "---",
        f"title: {corpus.yaml_scalar(post.title)}",
        f"date: {post.date:%Y-%m-%dT%H:%M:%S}",  # the same line as Bantin's: YAML reads it as a datetime
        f"authors: [{author_id(post.author)}]",
        "categories:",
        f"  - {corpus.yaml_scalar(post.category)}",
        *_tags_lines(post),
        "---",
    ]
    body = [post.blocks[0], MORE, *post.blocks[1:]]
    return "\n".join(front) + "\n\n" + "\n\n".join(body) + "\n"


# -- the two sites -------------------------------------------------------------------------------------------

def base_config() -> dict:
    return yaml.safe_load(corpus.BASE_CONFIG.read_text(encoding="utf-8"))


def material_config() -> str:
    """Plain mkdocs-material: the portal's name, site_url, language and Markdown extensions, Material's
    default theme otherwise, and the blog's plugins."""
    base = base_config()
    config = {
        "site_name": base["site_name"],
        "site_url": base["site_url"],
        "theme": {"name": "material", "language": "vi"},
        "plugins": list(MATERIAL_PLUGINS),
        "markdown_extensions": base.get("markdown_extensions", []),
    }
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def markdown_extensions() -> tuple[list[str], dict]:
    """The Bantin config's markdown_extensions as python-markdown's (names, configs)."""
    names, configs = [], {}
    for item in base_config().get("markdown_extensions", []):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(n: int, out_dir: Path, seed: int = corpus.DEFAULT_SEED) -> list[Post]:
    """Write both sites' sources (removing any earlier ones, built sites and caches included)."""
    for name in ("bantin", "material"):
        shutil.rmtree(out_dir / name, ignore_errors=True)
    posts = [heavy_post(i + 1, date, seed) for i, date in enumerate(corpus.article_dates(n, seed))]

    bantin = out_dir / "bantin"
    write(bantin / "mkdocs.yml", corpus.site_config())
    write(bantin / "content" / "index.md", corpus.INDEX)
    write(bantin / "content" / "gioi-thieu.md", corpus.ABOUT)
    corpus.copy_config_assets(bantin / "content")  # the agency's emblem that mkdocs.yml names
    for post in posts:
        write(bantin / "content" / corpus.ARTICLES_DIR / f"{post.stem}.md", bantin_text(post))

    material = out_dir / "material"
    docs = material / "docs"
    write(material / "mkdocs.yml", material_config())
    write(docs / "index.md", corpus.INDEX)
    write(docs / "gioi-thieu.md", corpus.ABOUT)
    write(docs / "blog" / "index.md", "# Tin tức\n")
    authors = {author_id(name): {"name": name, "description": "Phóng viên",
                                 "avatar": "https://mayngan.example.vn/anh/tac-gia.png"}
               for name in sorted({post.author for post in posts})}
    write(docs / "blog" / ".authors.yml", json.dumps({"authors": authors}, ensure_ascii=False, indent=2) + "\n")
    for post in posts:
        write(docs / "blog" / "posts" / f"{post.stem}.md", material_text(post))
    return posts


# -- the floor: python-markdown alone ------------------------------------------------------------------------

def markdown_floor(content_dir: Path) -> None:
    """Convert every post body under `content_dir` in this process; print the seconds of the conversions
    alone (no start-up, no reading) and the HTML size, as the JSON last line."""
    import markdown

    bodies = []
    for path in sorted(content_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text[text.index("\n---\n", 4) + 5:]
        bodies.append(text)
    names, configs = markdown_extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    start = time.perf_counter()
    size = sum(len(md.reset().convert(body).encode("utf-8")) for body in bodies)
    seconds = time.perf_counter() - start
    print(json.dumps({"convert_s": seconds, "bodies": len(bodies), "html_bytes": size}))


# -- measuring -----------------------------------------------------------------------------------------------

def measure(command: list[str], log_file: Path) -> dict:
    """Run `command` once in a fresh process tree under bench_build's wrapper: rc, wall and CPU seconds, the
    tree's peak summed Pss and the largest process's peak RSS (MB)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-c", bb._WRAPPER, str(BENCH), str(log_file), *command],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    result["peak_mb"] = result.pop("maxrss") / scale
    result["pss_peak_mb"] = result.pop("pss_peak_kib") / 1024
    return result


def warnings_in(log_file: Path) -> int:
    """The warnings a build logged (neither engine runs with --strict, so they do not abort it): the count in
    Bantin's summary line ("…, 0 cảnh báo, …"), else MkDocs' `WARNING` lines."""
    text = log_file.read_text(encoding="utf-8", errors="replace")
    summary = re.findall(r"(\d+) (?:cảnh báo|warnings?)\b", text)
    return int(summary[-1]) if summary else sum("WARNING" in line for line in text.splitlines())


def posts_written(engine: str, site_dir: Path, posts: list[Post]) -> int:
    """How many of the posts have their page: Bantin's at tin-tuc/<stem>/; the blog plugin's under
    blog/<yyyy>/<mm>/<dd>/<its slug>/ (its own slugs, so counted)."""
    if engine == "bantin":
        return sum((site_dir / corpus.ARTICLES_DIR / post.stem / "index.html").exists() for post in posts)
    return len(list(site_dir.glob("blog/[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html")))


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    engine: str  # "markdown", "material" or "bantin"
    jobs: int | None = None


ROWS = (
    Row("markdown", "bare Markdown", "markdown", 1),
    Row("material", "Material blog", "material", 1),  # first, so that every later row has its ratio
    Row("bantin-cold", "Bantin cold", "bantin"),
    Row("bantin-cold-j1", "Bantin cold -j1", "bantin", 1),
)


def build_command(spec: Row, site: Path, site_dir: Path) -> list[str]:
    if spec.engine == "markdown":
        return [sys.executable, str(Path(__file__).resolve()), "--markdown-floor", str(site / "content")]
    if spec.engine == "material":
        return [sys.executable, "-m", "mkdocs", "build", "-f", str(site / "mkdocs.yml"), "-d", str(site_dir)]
    command = [sys.executable, str(ROOT / "build.py"), "build", "-f", str(site / "mkdocs.yml"), "-d", str(site_dir)]
    return command + (["--jobs", str(spec.jobs)] if spec.jobs else [])


def run(n: int):
    """Generate the two sites, then the four rows; yields each row's record as soon as it is appended to
    results.jsonl."""
    out_dir = OUT / f"blog-{n}"
    bb.log(f"[blog {n}] generating both sites in {out_dir} …")
    start = time.perf_counter()
    posts = generate(n, out_dir)
    generation_s = time.perf_counter() - start
    bb.log(f"[blog {n}] generated in {generation_s:.1f} s")

    material_s = None
    for spec in ROWS:
        site = out_dir / ("bantin" if spec.engine == "markdown" else spec.engine)
        site_dir = site / "site"
        if spec.engine != "markdown":
            bb.wait_for_old_sites(site_dir)
            shutil.rmtree(site_dir, ignore_errors=True)  # every build from scratch
            shutil.rmtree(site / bb.CACHE, ignore_errors=True)  # Bantin's build cache: cold
        log_file = out_dir / f"{spec.key}.log"
        load = os.getloadavg()
        bb.log(f"[blog {n}] {spec.label} …")
        result = measure(build_command(spec, site, site_dir), log_file)
        ok = result["rc"] == 0
        if not ok:
            tail = log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
            bb.log(f"[blog {n}] {spec.label} FAILED (exit {result['rc']}); end of {log_file}:\n" + "\n".join(tail))
        seconds, pages, posts_ok, size, floor = result["wall_s"], None, None, None, None
        if ok and spec.engine == "markdown":
            floor = json.loads(log_file.read_text(encoding="utf-8").strip().splitlines()[-1])
            seconds, size = floor["convert_s"], floor["html_bytes"] / 2**20
        elif ok:
            pages, size = bb.count_pages(site_dir), bb.output_mb(site_dir)
            posts_ok = posts_written(spec.engine, site_dir, posts)
        if ok and spec.engine == "material":
            material_s = seconds
        record = {
            "kind": "blog", "n": n, "row": spec.key, "engine": spec.engine, "jobs": spec.jobs, "ok": ok,
            "build_s": seconds, "process_s": result["wall_s"],
            "ratio_to_material": seconds / material_s if ok and material_s else None,
            "cpu_s": result["user_s"] + result["sys_s"],
            "pss_peak_mb": result["pss_peak_mb"], "peak_mb": result["peak_mb"],
            "pages": pages, "posts_written": posts_ok, "output_mb": size,
            "warnings": warnings_in(log_file) if spec.engine != "markdown" else None,
            "material_plugins": list(MATERIAL_PLUGINS) if spec.engine == "material" else None,
            "generation_s": generation_s if spec.key == "markdown" else None,
            "load_avg": [round(x, 2) for x in load],
            "when": dt.datetime.now().isoformat(timespec="seconds"),
        }
        OUT.mkdir(parents=True, exist_ok=True)
        with open(OUT / "results.jsonl", "a", encoding="utf-8") as history:
            history.write(json.dumps(record) + "\n")
        yield record
    bb.wait_for_old_sites(out_dir / "bantin" / "site")


# -- report --------------------------------------------------------------------------------------------------

COLUMNS = ("engine", "jobs", "seconds", "x_material", "cpu_s", "pss_sum_MB", "pages", "posts", "output_MB",
           "warnings")
WIDTHS = (-15, 4, 7, 10, 6, 10, 6, 6, 9, 8)  # negative: left-aligned
LABELS = {spec.key: spec.label for spec in ROWS}


def table_row(values) -> str:
    return "  ".join(str(v).ljust(-w) if w < 0 else str(v).rjust(w) for v, w in zip(values, WIDTHS))


def format_record(r: dict) -> str:
    def opt(value, form="{}"):
        return "-" if value is None else form.format(value)

    jobs = "all" if r["jobs"] is None else r["jobs"]
    if not r["ok"]:
        return table_row((LABELS[r["row"]], jobs, "FAILED", "-", "-", f"{r['pss_peak_mb']:.0f}", "-", "-", "-", "-"))
    return table_row((LABELS[r["row"]], jobs, f"{r['build_s']:.1f}", opt(r["ratio_to_material"], "{:.3f}"),
                      f"{r['cpu_s']:.1f}", f"{r['pss_peak_mb']:.0f}", opt(r["pages"]), opt(r["posts_written"]),
                      opt(r["output_mb"], "{:.1f}"), opt(r["warnings"])))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Cold builds of the same heavy posts: Bantin against "
                                                 "mkdocs-material's blog plugin, and python-markdown alone.")
    parser.add_argument("n", nargs="?", type=int, default=DEFAULT_N, help=f"number of posts (default {DEFAULT_N})")
    parser.add_argument("--markdown-floor", metavar="DIR", type=Path, help=argparse.SUPPRESS)  # the floor's process
    args = parser.parse_args(argv)
    if args.markdown_floor:
        markdown_floor(args.markdown_floor)
        return
    if args.n < 1:
        parser.error("N must be 1 or more")

    print(f"N = {args.n} heavy posts; Material plugins: {', '.join(MATERIAL_PLUGINS)}; "
          f"bare Markdown = conversions only, one process", flush=True)
    print(f"before: {bb.uptime()}", flush=True)
    print(table_row(COLUMNS), flush=True)
    records = []
    for record in run(args.n):
        records.append(record)
        print(format_record(record), flush=True)
    print(f"after: {bb.uptime()}", flush=True)

    cold = next((r for r in records if r["row"] == "bantin-cold" and r["ok"]), None)
    if cold and cold["ratio_to_material"] is not None:
        verdict = "meets" if cold["ratio_to_material"] <= TARGET else "MISSES"
        print(f"Bantin cold / Material = {cold['ratio_to_material']:.3f}: {verdict} the target of {TARGET:.2f}")
    short = [r for r in records if r["posts_written"] is not None and r["posts_written"] != args.n]
    for r in short:
        print(f"ERROR: {LABELS[r['row']]} wrote {r['posts_written']} of the {args.n} post pages")
    if short or not all(r["ok"] for r in records):
        sys.exit(1)


if __name__ == "__main__":
    main()
