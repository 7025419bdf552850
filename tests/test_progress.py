"""The build's progress report: a bar on a terminal, plain lines otherwise, nothing for a short build."""

from __future__ import annotations

import io

from bantin import cli
from bantin.messages import Messages


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
    progress = cli._Progress(out, Messages("vi"))
    for done in range(1, 101):
        progress(done, 100)
    assert out.getvalue().splitlines() == [f"  đã dựng {n}/100 trang" for n in range(10, 101, 10)]


def test_clicks_bar_on_a_terminal(monkeypatch):
    clock(monkeypatch, [0.0, 5.0, 5.1, 5.3, 5.4])
    out = Terminal()
    progress = cli._Progress(out, Messages("en"))
    for done in (1, 2, 3, 4):
        progress(done, 4)
    frames = [frame for frame in out.getvalue().split("\r") if frame.strip()]
    assert "Building  [" in frames[0] and "0/4" in frames[0]
    assert "[##############################]" in frames[-1] and "4/4" in frames[-1]
    assert out.getvalue().endswith("\n")  # the finished bar closes its line
