"""Spreading the costly parts of a large build over every core, in processes.

Workers are forked, so they inherit what the build has already loaded (the
site-wide content, the model, the templates) without pickling it; only each
chunk's results travel back. Below ``PARALLEL_FROM`` items starting workers
costs more than it saves, and the work is done in this process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import signal
from collections import deque
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Callable, Iterator, Sequence

#: Fewer items than this are handled in this process.
PARALLEL_FROM = 24
#: Items per chunk at most (each chunk's tasks and results travel between processes).
CHUNK_AT_MOST = 16

_SHARED: Any = None


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def workers_for(items: int, workers: int) -> int:
    """How many processes :class:`Pool` uses for ``items`` items."""
    return min(workers, items) if items >= PARALLEL_FROM and workers >= 2 else 1


class Pool:
    """Work spread over forked worker processes, in chunks, results in order.

    The one place that forks: it keeps the cycle collector from copying the memory the
    workers share with this process, collects what each chunk leaves, makes workers
    end with the build, and turns what a worker sends back into what this process uses
    (``send`` there, ``receive`` here), so that callers never ask where a result was made.
    """

    def __init__(self, workers: int | None = None):
        self.workers = workers or cores()

    def used_for(self, items: int) -> int:
        """How many processes work on ``items`` items."""
        return workers_for(items, self.workers)

    def map(self, work: Callable[[Any, list], list], shared: Any, items: Sequence, *,
            here: bool = False, send: Callable[[Any], Any] | None = None,
            receive: Callable[[Any], Any] | None = None) -> Iterator:
        """``work(shared, chunk)`` over chunks of ``items``; yields each result, in order,
        as its chunk is done. ``here``: this process takes chunks too, beside one worker
        fewer, for work that reads much of this process's memory: a worker copies each
        page of it that it reads (reading a Python object writes its reference count)."""
        if self.used_for(len(items)) == 1:
            yield from _collected(work(shared, list(items)))
            return
        global _SHARED
        _SHARED = (work, shared, send)
        # Out of the collector's sight: its passes would write to every object, and so copy
        # every page of memory the workers share with this process.
        gc.freeze()
        try:
            runs = chunks(items, self.workers)
            results = _here_and_forked(work, shared, runs, self.workers - 1, receive) if here \
                else _forked(runs, self.workers, receive)
            yield from results
        finally:
            _SHARED = None
            gc.unfreeze()

    @staticmethod
    def call(function: Callable, *args: Any, meanwhile: Callable[[], None] | None = None) -> Any:
        """``function(*args)`` in a forked process: what it allocates on the way to its
        result (which travels back pickled) is not left in this process's heap. This
        process runs ``meanwhile()`` while it waits."""
        with _executor(1) as pool:
            future = pool.submit(function, *args)
            if meanwhile:
                meanwhile()
            return future.result()


def _forked(runs: list[list], workers: int, receive: Callable[[Any], Any] | None) -> Iterator:
    with _executor(workers) as pool:
        for results in pool.map(_run, runs):
            yield from map(receive, results) if receive else results


def _here_and_forked(work: Callable[[Any, list], list], shared: Any, runs: list[list],
                     forked: int, receive: Callable[[Any], Any] | None) -> Iterator:
    """Chunks to ``forked`` workers while each has two queued, the others done here."""
    with _executor(forked) as pool:
        slots: deque[Future | list] = deque()  # each chunk's future, or its results from here
        for run in runs:
            if sum(isinstance(s, Future) and not s.done() for s in slots) < 2 * forked:
                slots.append(pool.submit(_run, run))
            else:
                slots.append(_collected(work(shared, run)))
            while slots and (not isinstance(slots[0], Future) or slots[0].done()):
                yield from _results(slots.popleft(), receive)
        for slot in slots:
            yield from _results(slot, receive)


def _results(slot: Future | list, receive: Callable[[Any], Any] | None) -> list:
    if not isinstance(slot, Future):
        return slot
    return [receive(result) for result in slot.result()] if receive else slot.result()


def _collected(results: list) -> list:
    """A chunk's results, after the reference cycles its work left are collected, if
    the collector is paused (see :func:`collector_paused`): Python-Markdown leaves one
    per conversion, 80 objects per report. Only what the chunk made is looked at."""
    gc.collect(0)
    return results


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a build, in this process and the workers it forks.

    A build makes millions of objects that live until it ends, and almost no cycles
    (some 100 objects per report). Each full pass walks every object alive: at 10,000
    inspections, 18 passes took 6 s of a 16 s rebuild. Garbage without cycles is still
    freed at once; the few cycles wait for the first pass after the build.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def one_build_process() -> Iterator[None]:
    """For a process that ends with its build: the collector off from the start (also while
    the last build's state is read), and what the build made frozen out of its sight at the
    end rather than walked by a pass after it and another on the way out (each a third of a
    second at 10,000 inspections)."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def chunks(items: Sequence, workers: int) -> list[list]:
    """``items`` in runs, smaller towards the end: each about a quarter of a worker's
    share of what is left (at most CHUNK_AT_MOST), so that the workers finish together
    rather than one of them alone with a last large chunk while the others wait."""
    runs, start = [], 0
    while start < len(items):
        size = max(1, min(CHUNK_AT_MOST, (len(items) - start) // (workers * 4)))
        runs.append(list(items[start:start + size]))
        start += size
    return runs


def _executor(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_die_with,
                               initargs=(os.getpid(),))


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """A worker ends when the build does, however it ends (a kill -9 included): an
    orphan would hold the output folder's lock and go on using a core."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError, TypeError):  # not Linux: no such signal to ask for
        return
    if os.getppid() != parent:  # the build ended while this worker was starting
        os._exit(1)


def _run(chunk: list) -> list:
    """A chunk's work in a worker, each result made ready to travel."""
    work, shared, send = _SHARED
    results = _collected(work(shared, chunk))
    return [send(result) for result in results] if send else results
