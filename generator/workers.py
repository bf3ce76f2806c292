"""Run a slow, pure step over many items in worker processes.

Drawing charts (:mod:`.draw`), rendering pages (:mod:`.render`) and
typesetting PDFs (:mod:`.typeset`) are slow steps of a build, and each item
is independent. Both helpers cut the items into batches, run them in
worker processes when there are enough items to pay for starting them, and
yield the results in the items' order, so the output never depends on
which worker finished first:

- ``in_batches(work, shared, items)`` spawns fresh workers, which get
  ``work`` and ``shared`` by pickling: for steps whose libraries run threads
  (vl-convert, Typst) that a fork would not carry over;
- ``forked_map(work, items)`` forks, so ``work`` may be any callable, with
  the build's state (the report, the templates) inherited, not sent.

``aside(work)`` runs one job in a forked worker while this process goes on
with another, for two slow steps that do not need each other.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from typing import Any, Callable, Iterator, Optional, Sequence, TypeVar

from generator.errors import Progress

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 8
BATCHES_PER_WORKER = 4


def in_batches(work: Callable[[object, list[Item]], list[Result]], shared: object,
               items: Sequence[Item], *, parallel: bool, serial_batch: int, step: str,
               progress: Optional[Progress] = None, here: bool = True) -> Iterator[Result]:
    """``work(shared, batch)`` over every batch of ``items``, flattened, in order.

    ``work`` must be a module-level function and ``shared`` picklable: a
    worker gets both. Unless ``parallel`` (and there is more than one core)
    everything runs here, ``serial_batch`` items between progress reports
    under ``step``; ``here`` False: in one worker, never in this process.
    """
    if not items:
        return
    workers = _cores() if parallel else 1
    size = -(-len(items) // (workers * BATCHES_PER_WORKER)) if workers > 1 else serial_batch
    batches = [list(items[i:i + size]) for i in range(0, len(items), size)]
    with contextlib.ExitStack() as stack:
        if workers > 1 or not here:
            # spawn, not fork: vl-convert runs threads a fork would not carry over
            context = multiprocessing.get_context("spawn")
            pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=context))
            results = pool.map(work, repeat(shared), batches)
        else:
            results = map(work, repeat(shared), batches)
        done = 0
        for result in results:
            done += len(result)
            if progress:
                progress(step, done, len(items))
            yield from result


_forked: Optional[tuple[Callable[[Any], Any], Sequence[Any]]] = None   # what forked workers run


def _cores() -> int:
    """How many workers to run: one a core, at most MAX_WORKERS."""
    return min(MAX_WORKERS, os.cpu_count() or 1)


def _can_fork() -> bool:
    return _cores() > 1 and "fork" in multiprocessing.get_all_start_methods()


def forked_map(work: Callable[[Item], Result], items: Sequence[Item], *,
               parallel: bool) -> Iterator[Result]:
    """``work(item)`` for each of ``items``, in order: in forked workers when
    ``parallel`` and the system can fork, else here. ``work`` must not need
    threads this process started (vl-convert's, Typst's): a forked worker
    has none. An exception in a worker is raised here, so it must pickle."""
    global _forked
    if not parallel or not _can_fork():
        yield from map(work, items)
        return
    size = -(-len(items) // (_cores() * BATCHES_PER_WORKER))
    bounds = [(i, i + size) for i in range(0, len(items), size)]
    _forked = (work, items)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(_cores(), mp_context=context) as pool:
            for batch in pool.map(_run_forked, bounds):
                yield from batch
    finally:
        _forked = None


def _run_forked(bounds: tuple[int, int]) -> list:
    work, items = _forked
    return [work(item) for item in items[bounds[0]:bounds[1]]]


_aside: Optional[Callable[[], Any]] = None   # what the forked worker of aside() runs


@contextlib.contextmanager
def aside(work: Callable[[], Result], *, when: bool) -> Iterator[Callable[[], Result]]:
    """Start ``work()`` in a forked worker, and give the block a function
    that waits for its result; run ``work()`` here, when that function is
    called, unless ``when`` and this machine has cores to spare and can
    fork. As with ``forked_map``, ``work`` must not need threads this
    process started, and what it raises must pickle: it is raised here."""
    global _aside
    if not when or not _can_fork():
        yield work
        return
    _aside = work
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            yield pool.submit(_run_aside).result   # the fork happens here, at the first submit
    finally:
        _aside = None


def _run_aside() -> Any:
    return _aside()
