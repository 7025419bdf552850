"""`python build.py …` (or `bantin …`): the editors' and CI's commands."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from pathlib import Path

import click

# mkdocs-material prints an end-of-life notice on every build; it is addressed to the site's developers,
# not to the editors who run these commands.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

EXIT_CONTENT, EXIT_CONFIG = 1, 2

jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
    help="Processes rendering at once (default: the plugin's `jobs`, or one per core).",
)

config_option = click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True,
    type=click.Path(exists=True, dir_okay=False), help="The site's MkDocs configuration.",
)


class _Plain(logging.Formatter):
    """Problems print as `path:line: field: message`, with nothing in front for editors to read past."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        return message if record.levelno >= logging.WARNING else f"  {message}"


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Plain())
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' own progress messages.")
def main(verbose: bool) -> None:
    """Bantin: build and preview the town's news portal."""
    _setup_logging(verbose)


class _Progress:
    """Pages built so far: click's bar on a terminal, a plain line every 10 % otherwise; silent for short builds."""

    QUIET_SECONDS = 3.0

    def __init__(self, stream=sys.stderr, say=None):
        from .messages import Messages

        self.stream, self.start, self.say = stream, time.monotonic(), say or Messages()
        self.tty, self.bar, self.shown = stream.isatty(), None, 0

    def __call__(self, done: int, total: int) -> None:
        if not total or time.monotonic() - self.start < self.QUIET_SECONDS:
            return
        if not self.tty:
            if done * 10 // total != (done - 1) * 10 // total:
                self.stream.write(f"  {self.say('progress', done=done, total=total)}\n")
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.say("progress_label"), file=self.stream,
                                         show_pos=True, width=30)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done
        if done == total:
            self.bar.__exit__(None, None, None)


def _build_or_exit(action, say=None):
    """Run a build; map failures to the exit codes CI reads: 1 content, 2 configuration or environment."""
    from .engine import ConfigError, ContentFailure, translated
    from .output import PublishError

    try:
        with translated():
            return action()
    except ConfigError as error:
        click.echo(f"configuration: {error}", err=True)
        sys.exit(EXIT_CONFIG)
    except PublishError as error:
        click.echo(f"publish: {error}", err=True)
        sys.exit(EXIT_CONFIG)
    except OSError as error:
        click.echo(f"environment: {error}", err=True)
        sys.exit(EXIT_CONFIG)
    except ContentFailure:
        click.echo(say("unchanged"), err=True)
        sys.exit(EXIT_CONTENT)


def _summary(result, say) -> str:
    seconds = f"{result.seconds:.1f}".replace(".", "," if say.language == "vi" else ".")
    line = say("build_summary_documents" if result.documents else "build_summary", articles=result.articles,
               documents=result.documents, pages=result.pages, warnings=result.warnings, seconds=seconds)
    if result.scheduled:  # the next build after that moment publishes it (the hourly run, or cron)
        line = say("scheduled", count=len(result.scheduled), when=f"{result.scheduled[0]:%d/%m/%Y %H:%M}") + \
            "\n" + line
    return line


@main.command("build")
@config_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), help="Where to write the site.")
@jobs_option
def build_command(config_file: str, site_dir: str | None, jobs: int | None) -> None:
    """Build the portal; any warning fails the build and the previous site stays as it was."""
    from .output import build_site

    say = site(config_file)[1].say
    result = _build_or_exit(lambda: build_site(config_file, site_dir, progress=_Progress(say=say), jobs=jobs), say)
    click.echo(f"{_summary(result, say)} → {result.site_dir}")


@main.command()
@config_option
@click.option("--to", "root", required=True, type=click.Path(), help="The web server's root: a symlink Bantin manages.")
@click.option("--rollback", is_flag=True, help="Point the root back at the previous release instead.")
@jobs_option
def publish(config_file: str, root: str, rollback: bool, jobs: int | None) -> None:
    """Build a new release beside ROOT and switch ROOT to it atomically (or roll back)."""
    from . import output

    if rollback:
        release = _build_or_exit(lambda: output.rollback(root))
        click.echo(f"{root} → {release}")
        return
    settings = site(config_file)[1]
    result = _build_or_exit(lambda: output.publish(config_file, root, keep=settings.releases_kept,
                                                   progress=_Progress(say=settings.say), jobs=jobs), settings.say)
    click.echo(f"{_summary(result, settings.say)} → {root} → {result.site_dir}")


@main.command()
@config_option
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default 127.0.0.1:8000).")
def serve(config_file: str, dev_addr: str | None) -> None:
    """Preview the portal, drafts included, reloading on every change."""
    from .engine import ConfigError, serve as preview

    site(config_file)  # a configuration mistake is exit 2 with its line, before the server starts
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        preview(config_file, dev_addr)
    except ConfigError as error:
        click.echo(f"configuration: {error}", err=True)
        sys.exit(EXIT_CONFIG)
    except OSError as error:  # the address is taken, say
        click.echo(f"environment: {error}", err=True)
        sys.exit(EXIT_CONFIG)


def site(config_file: str):
    """(MkDocs config, Settings) of the site, or exit 2 with the configuration's problem."""
    from .engine import ConfigError, site as load_site

    try:
        return load_site(config_file)
    except ConfigError as error:
        click.echo(f"configuration: {error}", err=True)
        sys.exit(EXIT_CONFIG)


def _register_stats() -> None:
    from .stats.cli import stats

    main.add_command(stats)


_register_stats()


def _register_admin() -> None:
    from .admin.cli import admin

    main.add_command(admin)


_register_admin()


@main.command()
@config_option
def check(config_file: str) -> None:
    """Check every article's front-matter; print all problems; build nothing."""
    from .engine import check as check_content

    site(config_file)  # a configuration mistake is exit 2, before any content is read
    settings, content = check_content(config_file)
    articles, problems, say = content.articles, content.problems, settings.say
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    click.echo(say("check_summary_documents" if content.documents else "check_summary", valid=len(articles),
                   documents=len(content.documents), errors=errors, warnings=warnings),
               err=bool(problems))
    if problems:
        if not errors:
            click.echo(say("check_strict"), err=True)
        sys.exit(EXIT_CONTENT)


@main.command()
@config_option
@click.argument("title")
@click.option("--author", default="Ban biên tập", show_default=True, help="The author's name.")
@click.option("--category", default="", help="The article's category.")
def new(config_file: str, title: str, author: str, category: str) -> None:
    """Create a new article for today, with every field ready to fill in; print its path."""
    from .articles import new_front_matter, nfc
    from .slugs import slugify

    config, settings = site(config_file)
    say = settings.say
    title = nfc(title)
    slug = slugify(title, max_words=10)
    if not slug:
        click.echo(f"title: {say('new_title')}", err=True)
        sys.exit(EXIT_CONTENT)
    now = dt.datetime.now(settings.tz)
    path = _new_path(Path(config.docs_dir) / settings.articles_dir / f"{now:%Y}" / f"{slug}.md", say)
    front = new_front_matter({"title": title, "date": f"{now:%d/%m/%Y %H:%M}", "author": author,
                              "category": category},
                             {"updated": f"{now:%d/%m/%Y %H:%M}", "expires": f"{now + dt.timedelta(days=365):%d/%m/%Y}"})
    _write_new(path, front + "\nNội dung bài viết.\n")


def _new_path(path: Path, say) -> Path:
    """Where `new` and `new-document` write: never over a file an editor already has."""
    if path.exists():
        click.echo(f"{os.path.relpath(path)}: {say('new_exists')}", err=True)
        sys.exit(EXIT_CONTENT)
    return path


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(os.path.relpath(path))


@main.command("new-document")
@config_option
@click.argument("number")
@click.option("--type", "kind", default="Quyết định", show_default=True, help="The kind of document.")
@click.option("--issuer", default="", help="The issuing body.")
@click.option("--title", default="", help="The abstract (trích yếu).")
def new_document(config_file: str, number: str, kind: str, issuer: str, title: str) -> None:
    """Create a document of the register issued today, with every field ready to fill in; print its path."""
    from .articles import new_front_matter, nfc
    from .documents import DOCUMENT_FIELDS
    from .slugs import slugify

    config, settings = site(config_file)
    say = settings.say
    number, kind = nfc(number), nfc(kind)
    slug = slugify(f"{kind} {number}", max_words=12)
    if not slug or not number:
        click.echo(f"number: {say('new_number')}", err=True)
        sys.exit(EXIT_CONTENT)
    now = dt.datetime.now(settings.tz)
    path = _new_path(Path(config.docs_dir) / settings.documents_dir / f"{now:%Y}" / f"{slug}.md", say)
    front = new_front_matter({"number": number, "type": kind, "issuer": nfc(issuer), "issued": f"{now:%d/%m/%Y}",
                              "title": nfc(title)},
                             {"effective": f"{now:%d/%m/%Y}", "expires": f"{now + dt.timedelta(days=365):%d/%m/%Y}"},
                             DOCUMENT_FIELDS)
    _write_new(path, front)


def entry() -> None:
    """`build.py` and `bantin`: the commands, and for a fault of Bantin's own one line instead of a traceback
    (editors cannot act on one); `-v` shows it."""
    try:
        main()  # click ends it with SystemExit
    except SystemExit as end:
        code = end.code
    except Exception as error:  # every expected failure has its own message and exit code above
        if "-v" in sys.argv or "--verbose" in sys.argv:
            raise
        click.echo(f"bantin: internal error ({type(error).__name__}: {str(error)[:200]}); "
                   "run again with -v for the details and report them", err=True)
        code = EXIT_CONFIG
    else:
        code = 0
    _leave(code)


def _leave(code: int | str | None) -> None:
    """End the process once its output is out, without the interpreter's teardown: it frees the build's
    objects one at a time (a second at 10,000 articles) only for the system to take all of their memory back."""
    if isinstance(code, str):  # as sys.exit("message") does
        click.echo(code, err=True)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can reach it
            pass
    os._exit(code or 0)
