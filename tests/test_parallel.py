"""parallel.py: forked workers give the results of a one-process run, in order, with what they logged."""

from __future__ import annotations

import logging
import os
import time

import pytest

from bantin import parallel


def square_and_log(n: int) -> int:
    if n % 3 == 0:
        logging.getLogger("mkdocs.test").warning("item %d", n)
    return n * n


def test_fork_map_keeps_the_order_and_replays_the_logs_once(caplog):
    caplog.set_level(logging.WARNING, logger="mkdocs")
    items = list(range(40))
    assert parallel.fork_map(square_and_log, items, 2) == [n * n for n in items]
    warnings = [r.getMessage() for r in caplog.records if r.name == "mkdocs.test"]
    assert warnings == [f"item {n}" for n in items if n % 3 == 0]


def test_fork_map_reports_every_item_done():
    seen = []
    parallel.fork_map(abs, range(-20, 0), 2, seen.append)
    assert sum(seen) == 20


def with_pid(n: int) -> tuple[int, int]:
    return n, os.getpid()


def test_fork_map_renews_its_workers_chunk_by_chunk_when_asked():
    items = list(range(40))
    kept = parallel.fork_map(with_pid, items, 2)
    renewed = parallel.fork_map(with_pid, items, 2, renew=True)
    assert [n for n, _ in kept] == [n for n, _ in renewed] == items
    assert len({pid for _, pid in kept}) <= 2  # at most two workers for all the chunks
    assert len({pid for _, pid in renewed}) == len(parallel.chunks(items, 2))  # a new one for each chunk
    assert os.getpid() not in {pid for _, pid in kept + renewed}


def test_fork_parts_gives_each_chunk_as_it_comes_in_order():
    items = list(range(40))
    parts = parallel.fork_parts(with_pid, items, 2, renew=True)
    first = next(parts)  # one chunk back while the others may still be at work
    assert [n for n, _ in first] == items[:len(first)] == list(parallel.chunks(items, 2)[0])
    rest = [result for part in parts for result in part]
    assert [n for n, _ in first + rest] == items and os.getpid() not in {pid for _, pid in first + rest}
    here = list(parallel.fork_parts(with_pid, items[:3], 1))  # one job: here, a chunk per item
    assert here == [[(n, os.getpid())] for n in items[:3]]


def test_a_few_items_for_long_slices_are_done_here_and_more_in_slices_of_at_least_that_many():
    items = list(range(120))
    here = parallel.fork_map(with_pid, items[:99], 2, least=50)  # one slice: not worth a fork
    assert [n for n, _ in here] == items[:99] and {pid for _, pid in here} == {os.getpid()}
    spread = parallel.fork_map(with_pid, items, 2, renew=True, least=50)
    assert [n for n, _ in spread] == items
    assert len({pid for _, pid in spread}) == 2 and os.getpid() not in {pid for _, pid in spread}
    assert [len(part) for part in parallel.chunks(items, 2, least=50)] == [60, 60]
    assert [len(part) for part in parallel.chunks(items, 2, per_job=2)] == [30, 30, 30, 30]
    assert parallel.chunks([], 2) == []


def test_background_returns_what_the_child_made_and_what_it_logged(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    parent = os.getpid()

    def task():
        logging.getLogger("mkdocs.test").info("made in %s", "the child" if os.getpid() != parent else "here")
        return [("search/index.json", b"{}")]
    job = parallel.Background(task)
    assert job.result() == [("search/index.json", b"{}")]
    assert [r.getMessage() for r in caplog.records if r.name == "mkdocs.test"] == ["made in the child"]


def test_background_raises_what_the_task_raised():
    def task():
        raise ValueError("chỉ mục hỏng")
    with pytest.raises(ValueError, match="chỉ mục hỏng"):
        parallel.Background(task).result()


def test_a_child_that_dies_is_an_error_not_a_result():
    with pytest.raises(RuntimeError, match="died"):
        parallel.Background(lambda: os._exit(3)).result()


def test_cancel_stops_the_child_and_leaves_no_process(tmp_path):
    started = tmp_path / "started"

    def task():
        started.write_text(str(os.getpid()))
        time.sleep(60)
    job = parallel.Background(task)
    deadline = time.monotonic() + 10
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(started.read_text())
    began = time.monotonic()
    job.cancel()
    assert time.monotonic() - began < 30  # not the task's minute
    with pytest.raises(ProcessLookupError):  # reaped, not a zombie
        os.kill(child, 0)
    assert job.result() is None
