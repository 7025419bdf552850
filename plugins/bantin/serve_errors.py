"""The preview's answer while content has errors: a page listing them, instead of a browser left waiting."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .messages import Messages
from .problems import Problem


def error_page(problems: Sequence[Problem], say: Messages, language: str) -> bytes:
    """A self-contained page (no theme, no assets: the site could not be built) that reloads itself every
    two seconds, so it turns into the site as soon as the files are fixed."""
    rows = "".join(
        f'<li class="{p.severity}"><code>{escape(p.path)}:{p.line}</code> <b>{escape(p.field)}</b>: '
        f"{escape(p.message)}</li>" for p in problems)
    return (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta http-equiv="refresh" content="2">'
        f"<title>{escape(say('serve_errors'))}</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}"
        "li{margin:.5rem 0}.error code{color:#a00}.warning code{color:#850}</style></head>"
        f"<body><h1>{escape(say('serve_errors'))}</h1><p>{escape(say('serve_errors_hint'))}</p>"
        f"<ul>{rows}</ul></body></html>"
    ).encode("utf-8")
