"""Run a slow, pure step over many items in worker processes.

Drawing charts (:mod:`.charts.draw`), rendering pages (:mod:`.render.pages`) and
typesetting PDFs (:mod:`.publish.typeset`) are slow steps of a build, and each item
is independent. Both helpers cut the items into batches, run them in
worker processes when there are enough items to pay for starting them, and
yield the results in the items' order, so the output never depends on
which worker finished first:

- ``in_batches(work, shared, items)`` spawns fresh workers, which get
  ``work`` and ``shared`` by pickling: for steps whose libraries run threads
  (vl-convert, Typst) that a fork would not carry over;
- ``forked_map(work, items)`` forks, so ``work`` may be any callable, with
  the build's state (the report, the templates) inherited, not sent.

``shared_map(work, items)`` shares the items between workers and this
process, as fast as each goes.

``forked_job(work)`` runs one job in a forked worker while this process
goes on with another, for two slow steps that do not need each other.

A forked worker gets its job from the pool's initializer, whose arguments a
fork hands over as they are, without pickling; this process keeps no state
between calls.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import repeat
from typing import Any, TypeVar

from generator.errors import Progress

Item = TypeVar("Item")
Shared = TypeVar("Shared")
Result = TypeVar("Result")

MAX_WORKERS = 8
BATCHES_PER_WORKER = 4


def in_batches(work: Callable[[Shared, list[Item]], list[Result]], shared: Shared,
               items: Sequence[Item], *, parallel: bool, serial_batch: int, step: str,
               progress: Progress | None = None, here: bool = True) -> Iterator[Result]:
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
    if not parallel or not _can_fork():
        yield from map(work, items)
        return
    size = -(-len(items) // (_cores() * BATCHES_PER_WORKER))
    bounds = [(i, i + size) for i in range(0, len(items), size)]
    with _fork_pool(_cores(), (work, items)) as pool:
        for batch in pool.map(_run_batch, bounds):
            yield from batch


def shared_map(work: Callable[[Item], Result], items: Sequence[Item],
               ahead: int = 2) -> list[Result]:
    """``work(item)`` for each of ``items``, in order, in worker processes and
    in this process at once. The workers are kept ``ahead`` items each in
    front; whenever they are, this process takes the next item itself. Who
    does what thus follows how fast each one goes, including a worker's cost
    of sending its result back: for items (the loader's chunks of project
    folders) whose results are large. ``work`` and the items must pickle;
    workers fork where the system can."""
    workers = _cores() - 1
    if workers < 1:
        return [work(item) for item in items]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    done: list[Future | Result] = []
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for item in items:
            waiting = sum(1 for r in done if isinstance(r, Future) and not r.done())
            done.append(pool.submit(work, item) if waiting < ahead * workers else work(item))
        return [r.result() if isinstance(r, Future) else r for r in done]


@contextlib.contextmanager
def forked_job(work: Callable[[], Result], *, when: bool) -> Iterator[Callable[[], Result]]:
    """Start ``work()`` in a forked worker, and give the block a function
    that waits for its result; run ``work()`` here, when that function is
    called, unless ``when`` and this machine has cores to spare and can
    fork. As with ``forked_map``, ``work`` must not need threads this
    process started, and what it raises must pickle: it is raised here."""
    if not when or not _can_fork():
        yield work
        return
    with _fork_pool(1, work) as pool:
        yield pool.submit(_run_job).result   # the fork happens here, at the first submit


def _fork_pool(workers: int, job: object) -> ProcessPoolExecutor:
    """Forked workers, each of which holds ``job``: handed over by the fork."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_hold, initargs=(job,))


_held: Any = None   # in a forked worker only: its job, set by _hold


def _hold(job: object) -> None:
    global _held
    _held = job


def _run_batch(bounds: tuple[int, int]) -> list:
    work, items = _held
    return [work(item) for item in items[bounds[0]:bounds[1]]]


def _run_job() -> Any:
    return _held()
