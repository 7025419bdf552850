"""`python build.py admin …`: the editors' server, and the accounts of those who may log in to it.

    python build.py admin [--port 8001]                      start the editors' server on 127.0.0.1
    python build.py admin add-user NAME [--role publisher]   an account; the password is asked twice
    python build.py admin passwd NAME | remove-user NAME | users

The accounts live in `.bantin/editors.sqlite3` beside mkdocs.yml (never in git). Exit 2 for a wrong name,
password or role, or a folder that is not a git repository.
"""

from __future__ import annotations

import os
import signal
import sys

import click

EXIT_CONFIG = 2  # as bantin.cli.EXIT_CONFIG
ACCOUNTS = os.path.join(".bantin", "editors.sqlite3")

config_option = click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True,
    type=click.Path(exists=True, dir_okay=False), help="The site's MkDocs configuration.",
)


def _say(config_file: str):
    from ..cli import site

    return site(config_file)[1].say


def _accounts(config_file: str):
    from .accounts import Accounts

    return Accounts(os.path.join(os.path.dirname(os.path.abspath(config_file)), ACCOUNTS))


def _password(stdin: bool, say) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(say("admin_password_prompt"), hide_input=True, confirmation_prompt=True)


# The subcommands take -f too (`admin add-user NAME -f portal/mkdocs.yml`), or use the group's.
sub_config_option = click.option("-f", "--config-file", "sub_config", default=None,
                                 type=click.Path(exists=True, dir_okay=False), help="The site's MkDocs configuration.")


def _config(ctx: click.Context, sub_config: str | None) -> str:
    return sub_config or ctx.obj["config_file"]


def _fail(say, error) -> None:
    click.echo(f"admin: {say(error.key, **error.values)}", err=True)
    sys.exit(EXIT_CONFIG)


@click.group(invoke_without_command=True)
@config_option
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True,
              help="The editors' server's port on 127.0.0.1.")
@click.option("--preview-port", type=click.IntRange(1, 65535), default=None,
              help="The preview's port on 127.0.0.1 (default: the next one).")
@click.option("--push", is_flag=True, help="Push every commit to the repository's upstream (git push).")
@click.pass_context
def admin(ctx: click.Context, config_file: str, port: int, preview_port: int | None, push: bool) -> None:
    """The editors' web interface (Decap CMS) behind a login, on 127.0.0.1."""
    ctx.ensure_object(dict)["config_file"] = config_file
    if ctx.invoked_subcommand is not None:
        return
    from .repo import RepoError
    from .server import Editors, serve, start_preview

    say = _say(config_file)
    accounts = _accounts(config_file)
    if not accounts.editors():
        click.echo(f"admin: {say('admin_no_editors')}", err=True)
        sys.exit(EXIT_CONFIG)
    preview_port = preview_port or port + 1
    try:
        editors = Editors(config_file, accounts=accounts, push=push, preview_port=preview_port)
    except RepoError as error:
        _fail(say, error)
    if not os.path.isfile(os.path.join(editors.cms_dir, "decap-cms.js")):
        click.echo(f"admin: {say('admin_no_cms', folder=editors.cms_dir)}", err=True)
        sys.exit(EXIT_CONFIG)
    preview = start_preview(os.path.abspath(config_file), preview_port)
    # A service manager stops the server with SIGTERM: end the preview with it, not leave it running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serve(editors, "127.0.0.1", port)
    finally:
        preview.terminate()
        preview.wait(10)


@admin.command("add-user")
@click.argument("name")
@click.option("--role", type=click.Choice(["editor", "publisher"]), default="editor", show_default=True,
              help="A publisher may publish; an editor saves drafts.")
@click.option("--full-name", default="", help="The name the commits carry (default: NAME).")
@click.option("--email", default="", help="The e-mail address the commits carry.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@sub_config_option
@click.pass_context
def add_user(ctx, name: str, role: str, full_name: str, email: str, password_stdin: bool,
             sub_config: str | None) -> None:
    """Give NAME an account."""
    from .accounts import AccountError

    config_file = _config(ctx, sub_config)
    say = _say(config_file)
    try:
        editor = _accounts(config_file).add(name, _password(password_stdin, say), full_name=full_name, email=email,
                                            role=role)
    except AccountError as error:
        _fail(say, error)
    click.echo(say("admin_added", name=editor.name, role=editor.role))


@admin.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@sub_config_option
@click.pass_context
def passwd(ctx, name: str, password_stdin: bool, sub_config: str | None) -> None:
    """Change NAME's password (and end NAME's sessions)."""
    from .accounts import AccountError

    config_file = _config(ctx, sub_config)
    say = _say(config_file)
    try:
        _accounts(config_file).set_password(name, _password(password_stdin, say))
    except AccountError as error:
        _fail(say, error)
    click.echo(say("admin_passwd", name=name))


@admin.command("remove-user")
@click.argument("name")
@sub_config_option
@click.pass_context
def remove_user(ctx, name: str, sub_config: str | None) -> None:
    """Remove NAME's account (the commits NAME made stay)."""
    from .accounts import AccountError

    config_file = _config(ctx, sub_config)
    say = _say(config_file)
    try:
        _accounts(config_file).remove(name)
    except AccountError as error:
        _fail(say, error)
    click.echo(say("admin_removed", name=name))


@admin.command("users")
@sub_config_option
@click.pass_context
def users(ctx, sub_config: str | None) -> None:
    """List the accounts."""
    for editor in _accounts(_config(ctx, sub_config)).editors():
        click.echo(f"{editor.name}\t{editor.role}\t{editor.full_name} <{editor.email}>")
