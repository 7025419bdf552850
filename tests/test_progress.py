"""The build's progress report: a bar on a terminal, plain lines otherwise, nothing for a short build."""

from __future__ import annotations

import io

from bantin import cli


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def clock(monkeypatch, seconds: list[float]) -> None:
    ticks = iter(seconds)
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(ticks))


def test_short_builds_print_nothing(monkeypatch):
    clock(monkeypatch, [0.0] + [1.0] * 10)
    out = Terminal()
    progress = cli._Progress(out)
    for done in range(1, 11):
        progress(done, 10)
    assert out.getvalue() == ""


def test_plain_lines_every_tenth_when_not_a_terminal(monkeypatch):
    clock(monkeypatch, [0.0] + [5.0] * 100)
    out = io.StringIO()
    progress = cli._Progress(out)
    for done in range(1, 101):
        progress(done, 100)
    assert out.getvalue().splitlines() == [f"  {n}/100 pages built" for n in range(10, 101, 10)]


def test_a_bar_on_a_terminal(monkeypatch):
    clock(monkeypatch, [0.0, 5.0, 5.1, 5.3, 5.4])
    out = Terminal()
    progress = cli._Progress(out)
    for done in (1, 2, 3, 4):
        progress(done, 4)
    frames = out.getvalue().split("\r")[1:]
    # redrawn at most five times a second, and always at the end, which closes the line
    assert frames == ["[#######.......................] 1/4 pages",
                      "[######################........] 3/4 pages",
                      "[##############################] 4/4 pages\n"]
