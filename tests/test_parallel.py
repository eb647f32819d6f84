"""Work spread over forked processes: every item once, in order, and workers finishing together."""

from __future__ import annotations

import gc
import os
import time

from reportsite.parallel import CHUNK_AT_MOST, Pool, chunks, collector_paused


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


def test_a_pool_gives_every_result_in_order_from_other_processes():
    results = list(Pool(2).map(_square, 1, list(range(100))))
    assert [value for value, _ in results] == [n * n + 1 for n in range(100)]
    assert os.getpid() not in {pid for _, pid in results}


def test_a_few_items_are_done_here():
    assert {pid for _, pid in Pool(2).map(_square, 1, [1, 2, 3])} == {os.getpid()}


def _slow_square(shared, chunk):
    time.sleep(0.002 * len(chunk))  # so that the worker has chunks queued and this process works
    return _square(shared, chunk)


def test_here_shares_the_chunks_with_one_worker_fewer_in_order():
    results = list(Pool(2).map(_slow_square, 1, list(range(200)), here=True))
    assert [value for value, _ in results] == [n * n + 1 for n in range(200)]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2


def test_what_a_worker_sends_is_received_here_and_only_what_a_worker_sends():
    """A result made in a worker is sent (there) and received (here); one made here is
    neither: callers never ask where a result was made."""
    results = list(Pool(2).map(_slow_square, 0, list(range(200)), here=True,
                               send=lambda r: ("sent", r[0], os.getpid()),
                               receive=lambda r: ("received", *r[1:])))
    here = [r for r in results if r[-1] == os.getpid()]
    away = [r for r in results if r[-1] != os.getpid()]
    assert here and away
    assert all(len(r) == 2 for r in here)  # (value, pid): as made
    assert all(r[0] == "received" for r in away)
    assert sorted(r[-2] if len(r) == 3 else r[0] for r in results) == [n * n for n in range(200)]


def test_call_runs_meanwhile_here_while_the_call_runs_apart():
    here = []
    assert Pool.call(os.getpid, meanwhile=lambda: here.append(os.getpid())) != os.getpid()
    assert here == [os.getpid()]


def test_the_collector_is_off_while_paused_and_as_it_was_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
