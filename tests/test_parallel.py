"""Work spread over forked processes: every item once, in order, and workers finishing together."""

from __future__ import annotations

import os
import time

from reportsite.parallel import CHUNK_AT_MOST, chunks, fork_call, fork_map


def test_chunks_cover_every_item_once_and_shrink_towards_the_end():
    items = list(range(1000))
    runs = chunks(items, 2)
    assert [item for run in runs for item in run] == items
    sizes = [len(run) for run in runs]
    assert max(sizes) == CHUNK_AT_MOST and sizes == sorted(sizes, reverse=True)
    assert sizes[-8:] == [1] * 8  # the last runs are single items
    assert chunks([], 2) == [] and chunks([1, 2], 4) == [[1], [2]]


def _square(shared, chunk):
    return [(item * item + shared, os.getpid()) for item in chunk]


def test_fork_map_gives_every_result_in_order_from_other_processes():
    results = list(fork_map(_square, 1, list(range(100)), 2))
    assert [value for value, _ in results] == [n * n + 1 for n in range(100)]
    assert os.getpid() not in {pid for _, pid in results}


def _slow_square(shared, chunk):
    time.sleep(0.002 * len(chunk))  # so that the worker has chunks queued and this process works
    return _square(shared, chunk)


def test_fork_map_here_shares_the_chunks_with_one_worker_fewer_in_order():
    results = list(fork_map(_slow_square, 1, list(range(200)), 2, here=True))
    assert [value for value, _ in results] == [n * n + 1 for n in range(200)]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2


def test_fork_call_runs_meanwhile_here_while_the_call_runs_apart():
    here = []
    assert fork_call(os.getpid, meanwhile=lambda: here.append(os.getpid())) != os.getpid()
    assert here == [os.getpid()]
