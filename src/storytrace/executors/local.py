"""Local executor: runs a list of stages over batches, inline or in N worker processes.

Stages are shipped to each worker once (pool initializer); batches stream through a bounded
window so memory stays flat whatever the corpus size, and results come back in input order so
that runs are deterministic.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from storytrace.model import Record
from storytrace.pipeline.base import Stage, run_stages

BatchResult = tuple[list[Record], dict[str, Counter[str]]]
_WORKER_STAGES: Sequence[Stage] = ()


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

    def map_batches(self, stages: Sequence[Stage], batches: Iterable[list[Record]]) -> Iterator[BatchResult]:
        if self.jobs == 1:
            for batch in batches:
                yield run_stages(stages, batch)
            return
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_init_worker, initargs=(stages,)) as pool:
            window: deque[Future[BatchResult]] = deque()
            for batch in batches:
                window.append(pool.submit(_run_in_worker, batch))
                if len(window) >= 2 * self.jobs:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
