"""Run a slow, pure step over many items in worker processes.

Drawing charts (:mod:`.draw`) and typesetting PDFs (:mod:`.typeset`) are the
slow steps of a build, and each item is independent. ``in_batches`` cuts the
items into batches, runs ``work(shared, batch)`` on each, in spawned worker
processes when there are enough items to pay for starting them, and yields
the results in the items' order, so the output never depends on which
worker finished first.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from typing import Callable, Iterator, Optional, Sequence, TypeVar

from .diagnostics import Progress

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 8
BATCHES_PER_WORKER = 4


def in_batches(work: Callable[[object, list[Item]], list[Result]], shared: object,
               items: Sequence[Item], *, parallel_from: int, serial_batch: int, step: str,
               progress: Optional[Progress] = None) -> Iterator[Result]:
    """``work(shared, batch)`` over every batch of ``items``, flattened, in order.

    ``work`` must be a module-level function and ``shared`` picklable: a
    worker gets both. With fewer than ``parallel_from`` items everything runs
    here, ``serial_batch`` items between progress reports under ``step``.
    """
    if not items:
        return
    workers = min(MAX_WORKERS, os.cpu_count() or 1) if len(items) >= parallel_from else 1
    size = -(-len(items) // (workers * BATCHES_PER_WORKER)) if workers > 1 else serial_batch
    batches = [list(items[i:i + size]) for i in range(0, len(items), size)]
    with contextlib.ExitStack() as stack:
        if workers > 1:
            # spawn, not fork: vl-convert and Pango run threads a fork would not carry over
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
