"""Local executor: runs a list of stages over batches, or any function over items, inline or in N
worker processes.

Stages are shipped to each worker once (pool initializer); batches stream through a bounded
window so memory stays flat whatever the corpus size, and results come back in input order so
that runs are deterministic.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from storytrace.model import Record
from storytrace.pipeline.base import Stage, run_stages

BatchResult = tuple[list[Record], dict[str, Counter[str]]]
T = TypeVar("T")
R = TypeVar("R")
_WORKER_STAGES: Sequence[Stage] = ()


class FutureLike(Protocol):
    """What both concurrent.futures and Dask futures offer."""

    def result(self) -> Any: ...

    def cancel(self) -> Any: ...


def in_order(submit: Callable[[T], FutureLike], items: Iterable[T], limit: int) -> Iterator[Any]:
    """Submit items with at most `limit` in flight and yield their results in input order; what is
    still in flight when the consumer stops (or a result raises) is cancelled."""
    window: deque[FutureLike] = deque()
    try:
        for item in items:
            window.append(submit(item))
            if len(window) >= limit:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        for future in window:
            future.cancel()


def _init_worker(stages: Sequence[Stage]) -> None:
    global _WORKER_STAGES
    _WORKER_STAGES = stages


def _run_in_worker(batch: list[Record]) -> BatchResult:
    return run_stages(_WORKER_STAGES, batch)


class LocalExecutor:
    """Run stages on this machine; `jobs=1` runs in-process (no pickling), `jobs>1` uses processes."""

    def __init__(self, jobs: int = 1) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs

    def _pool(self, **options: Any) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("forkserver"), **options)

    def map_batches(self, stages: Sequence[Stage], batches: Iterable[list[Record]]) -> Iterator[BatchResult]:
        if self.jobs == 1:
            for batch in batches:
                yield run_stages(stages, batch)
            return
        with self._pool(initializer=_init_worker, initargs=(stages,)) as pool:
            yield from in_order(lambda batch: pool.submit(_run_in_worker, batch), batches, 2 * self.jobs)

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`function(item)` for each item, in input order. With `jobs>1`, `function` and the items
        must pickle (a module-level function, or a `functools.partial` of one)."""
        if self.jobs == 1:
            for item in items:
                yield function(item)
            return
        with self._pool() as pool:
            yield from in_order(lambda item: pool.submit(function, item), items, 2 * self.jobs)
