"""`python -m bantin …`: the same commands as build.py (the editors' server starts the preview this way)."""

from .cli import entry

entry()
