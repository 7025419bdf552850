"""Work spread over the machine's cores by forked workers that inherit the build as it stands.

Fork, not spawn: a worker needs the whole build (configuration, files, plan, the theme's templates), and a
fork hands it over for nothing, copy-on-write, where pickling it would cost more than the work itself. Items go
out in contiguous chunks and results come back in the order of the items, so a parallel build writes exactly
what a one-job build writes. What a worker logs is replayed by the parent, in order, so warnings are printed
once and counted by `--strict` as if the parent had logged them.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence

_task: Callable | None = None  # set in the parent just before forking; the workers inherit it


def default_jobs() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def capture_logs(logger_name: str = "mkdocs"):
    """Route `logger_name`'s records into a list instead of its handlers; returns (handler, restore)."""
    logger = logging.getLogger(logger_name)
    capture, saved = _Capture(), logger.handlers[:]
    logger.handlers[:] = [capture]

    def restore():
        logger.handlers[:] = saved
    return capture, restore


def replay(records: Iterable[tuple[str, int, str]]) -> None:
    """Log again, in this process, what was captured elsewhere (a worker, or an earlier build via the cache)."""
    for name, level, message in records:
        logging.getLogger(name).handle(logging.makeLogRecord(
            {"name": name, "levelno": level, "levelname": logging.getLevelName(level), "msg": message}))


def _run(chunk: Sequence) -> tuple[list, list]:
    logging.getLogger("mkdocs").propagate = False  # each record captured once, in the worker's one list
    capture, _ = capture_logs()
    other, _ = capture_logs("")
    results = [_task(item) for item in chunk]
    return results, capture.records + other.records


def chunks(items: Sequence, jobs: int, per_job: int = 8, least: int = 1) -> list[Sequence]:
    """Contiguous slices, several per job, so a slow slice does not leave the other cores idle, and none
    shorter than `least` items but the last (each of a renewed pool's slices costs a fork)."""
    count = max(1, min(len(items), jobs * per_job, len(items) // max(1, least)))
    size = max(1, -(-len(items) // count))
    return [items[i:i + size] for i in range(0, len(items), size)]


def fork_map(task: Callable, items: Sequence, jobs: int, done: Callable[[int], None] | None = None,
             renew: bool = False, per_job: int = 8, least: int = 1, collect: bool = True) -> list:
    """[task(item) for item in items], on `jobs` forked workers when there is enough to share (at least two
    of `chunks(items, jobs, per_job, least)`).

    `task` runs in a worker's copy of the parent: what it changes there is lost, only its results come back
    (they must pickle). `done(n)` is called in the parent as each chunk of n items completes. With `renew`,
    each chunk has a newly forked worker: a worker copies each page of the parent its task writes to (even
    a reference count), and over thousands of items that comes to most of the parent; a new one starts
    from nothing copied again, for the price of copying what it touches once more. Without `collect`, no
    full collection first: it walks the whole heap (~0.2 s at 10,000 articles), worth it only where much
    was just let go.
    """
    results = []
    for part in fork_parts(task, items, jobs, renew, per_job, least, collect):
        results.extend(part)
        if done:
            done(len(part))
    return results


def fork_parts(task: Callable, items: Sequence, jobs: int, renew: bool = False, per_job: int = 8,
               least: int = 1, collect: bool = True) -> Iterator[list]:
    """fork_map's results a chunk at a time, in order, as the workers send them: for results too large to
    hold all at once. Done in this process (a chunk per item) when there is not enough to share."""
    global _task
    items = list(items)
    parts = chunks(items, jobs, per_job, least)
    if jobs <= 1 or len(parts) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            yield [task(item)]
        return
    _task = task
    if collect:
        gc.collect()
    gc.freeze()  # objects made before the fork are left alone by the workers' collectors: pages stay shared
    try:
        with multiprocessing.get_context("fork").Pool(jobs, maxtasksperchild=1 if renew else None) as pool:
            for part, records in pool.imap(_run, parts):
                replay(records)
                yield part
    finally:
        gc.unfreeze()
        _task = None


def give_back() -> None:
    """Return the free memory of the C allocator to the system (glibc's malloc_trim): what Python lets go of
    stays with the process otherwise, and a forked child would share it for nothing."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


class Background:
    """`task()` run in a forked child while the parent goes on; `result()` waits for it and returns what it
    returned, after replaying what it logged (or raises what it raised). Where fork is missing, `task` runs
    at once, here."""

    def __init__(self, task: Callable[[], object]):
        self._pid = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._done = _outcome(task)
            return
        read, write = os.pipe()
        gc.freeze()  # as in fork_map: the child's collector leaves the parent's objects (and their pages) alone
        try:
            pid = os.fork()
        finally:
            gc.unfreeze()
        if pid == 0:  # the child: never back into the caller's code, nor its exit handlers
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)  # `cancel` ends it, whatever the parent's handler
                os.close(read)
                logging.getLogger("mkdocs").propagate = False
                capture, _ = capture_logs()
                other, _ = capture_logs("")
                done = _outcome(task)
                data = pickle.dumps((*done[:2], capture.records + other.records), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
            finally:
                os._exit(0)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self):
        if self._pid is not None:
            with os.fdopen(self._read, "rb") as source:
                data = source.read()
            os.waitpid(self._pid, 0)
            self._pid = None
            self._done = pickle.loads(data) if data else (False, RuntimeError("a background task died"), ())
        ok, value, records = self._done
        replay(records)
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child and wait for it (a failed build)."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            os.close(self._read)
            os.waitpid(self._pid, 0)
            self._pid = None
            self._done = (True, None, ())


def _outcome(task: Callable[[], object]) -> tuple:
    try:
        return True, task(), ()
    except Exception as error:
        return False, error, ()
