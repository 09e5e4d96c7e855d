"""Work on every core: the one way the plugin spreads a job over processes.

Reading briefs, rendering pages and drawing social cards are each a function applied to many
independent items. `on_cores` forks `BRIEFS_WORKERS` processes (0: one per core), which share the
finished state of this process without pickling it; worker k does items k, k + n, ..., sending
each result back through its own pipe as it is done, so results stream back in the order of the
items and are never all held at once. Below `BRIEFS_PARALLEL_FROM` items (or with one worker),
starting processes costs more than it saves, and the work is done here.

An exception in a worker stops the job and is raised here with the item's place in the message.
A worker that dies (a crash, the kernel's OOM killer) costs only speed: the items it had not
returned are done here, one by one, with a warning.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from .settings import DEFAULTS

logger = logging.getLogger(__name__)

Item = TypeVar("Item")
Result = TypeVar("Result")


class WorkerFailed(RuntimeError):
    """A worker's function raised: the job stops, as it would have without workers."""


def workers_for(settings: dict, items: int) -> int:
    """How many processes a job of `items` items gets: 1 means the work stays in this process."""
    workers = settings.get("BRIEFS_WORKERS") or os.cpu_count() or 1
    least = settings.get("BRIEFS_PARALLEL_FROM", DEFAULTS["BRIEFS_PARALLEL_FROM"])
    return 1 if items < least else max(1, min(workers, items))


def on_cores(function: Callable[[Item], Result], items: Sequence[Item], settings: dict) -> Iterator[Result]:
    """`function(item)` for every item, in order, on every core when there are enough items."""
    workers = workers_for(settings, len(items))
    if workers < 2:
        yield from map(function, items)
        return
    context = multiprocessing.get_context("fork")  # workers inherit this process's loaded state
    pool = []
    for k in range(workers):
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_work, args=(function, items[k::workers], sender), daemon=True)
        process.start()
        sender.close()
        pool.append((process, receiver))
    stopped: set[int] = set()
    try:
        for index, item in enumerate(items):
            k = index % workers
            if k not in stopped:
                outcome = _next_outcome(*pool[k], index)
                if outcome is not _STOPPED:
                    yield outcome
                    continue
                stopped.add(k)
                logger.warning("A worker process stopped; its remaining items are done in this one")
            yield function(item)
    finally:
        for process, receiver in pool:
            if process.is_alive():
                process.terminate()  # a worker may wait to send results nobody will read
            process.join()
            receiver.close()


_STOPPED = object()


def _work(function: Callable, items: Iterable, sender) -> None:
    """In a worker: send each item's result, or the reason it failed and stop."""
    for item in items:
        try:
            result = function(item)
        except Exception as error:
            sender.send(WorkerFailed(f"{type(error).__name__}: {error}"))
            return
        sender.send(result)
    sender.close()


def _next_outcome(process, receiver, index: int):
    try:
        outcome = receiver.recv()
    except EOFError:
        process.join()
        logger.debug("worker %s stopped with exit code %s at item %d", process.pid, process.exitcode, index)
        return _STOPPED
    if isinstance(outcome, WorkerFailed):
        raise WorkerFailed(f"item {index + 1}: {outcome}")
    return outcome
