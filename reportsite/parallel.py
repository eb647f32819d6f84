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
    """How many processes :func:`fork_map` uses for ``items`` items."""
    return min(workers, items) if items >= PARALLEL_FROM and workers >= 2 else 1


def fork_map(work: Callable[[Any, list], list], shared: Any, items: Sequence, workers: int, *,
             here: bool = False) -> Iterator:
    """``work(shared, chunk)`` over chunks of ``items``; yields each result, in order, as
    its chunk is done. ``here``: this process takes chunks too, beside one worker fewer,
    for work that reads much of this process's memory: a worker copies each page of it
    that it reads (reading a Python object writes its reference count)."""
    if workers_for(len(items), workers) == 1:
        yield from work(shared, list(items))
        return
    global _SHARED
    _SHARED = (work, shared)
    # Out of the collector's sight: its passes would write to every object, and so copy
    # every page of memory the workers share with this process.
    gc.freeze()
    try:
        runs = chunks(items, workers)
        if here:
            yield from _here_and_forked(work, shared, runs, workers - 1)
            return
        with _pool(workers) as pool:
            for results in pool.map(_run, runs):
                yield from results
    finally:
        _SHARED = None
        gc.unfreeze()


def _here_and_forked(work: Callable[[Any, list], list], shared: Any, runs: list[list],
                     forked: int) -> Iterator:
    """Chunks to ``forked`` workers while each has two queued, the others done here."""
    with _pool(forked) as pool:
        slots: deque[Future | list] = deque()  # each chunk's future, or its results from here
        for run in runs:
            if sum(isinstance(s, Future) and not s.done() for s in slots) < 2 * forked:
                slots.append(pool.submit(_run, run))
            else:
                slots.append(work(shared, run))
            while slots and (not isinstance(slots[0], Future) or slots[0].done()):
                yield from _results(slots.popleft())
        for slot in slots:
            yield from _results(slot)


def _results(slot: Future | list) -> list:
    return slot.result() if isinstance(slot, Future) else slot


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


def fork_call(function: Callable, *args: Any, meanwhile: Callable[[], None] | None = None) -> Any:
    """``function(*args)`` in a forked process: what it allocates on the way to its
    result (which travels back pickled) is not left in this process's heap. This
    process runs ``meanwhile()`` while it waits."""
    with _pool(1) as pool:
        future = pool.submit(function, *args)
        if meanwhile:
            meanwhile()
        return future.result()


def _pool(workers: int) -> ProcessPoolExecutor:
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
    """A chunk's work in a worker; then the reference cycles it left, if the collector is
    paused (see the engine): Python-Markdown leaves one per conversion, 80 objects per
    report. Only what the chunk made is looked at."""
    work, shared = _SHARED
    results = work(shared, chunk)
    gc.collect(0)
    return results
