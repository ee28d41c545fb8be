"""Dask executor: the per-article stages, or any function over items (lineage verification), on a
Dask cluster, same contract as `LocalExecutor`.

The driver keeps reading and writing (it is the single writer of the store); only the stages (and
the functions given to `map`) run on the workers. The stage list is pickled once and broadcast to
every worker (`scatter`), and each worker thread unpickles its own copy once (stages keep per-call
counters, so threads must not share them). Batches and items stream through a bounded window of
futures, so memory stays flat however large the corpus, and results are yielded in input order, so
a run gives the same store as the local executor.

Needs `dask[distributed]`. Without a scheduler address a `LocalCluster` of worker processes is
started for the run (or for the `with` block) and closed afterwards.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from storytrace.executors.local import BatchResult, in_order
from storytrace.model import Record
from storytrace.pipeline.base import Stage, run_stages

WINDOW_PER_THREAD = 2  # batches in flight per worker thread: one running, one queued behind it
_THREAD_STAGES = threading.local()
T = TypeVar("T")
R = TypeVar("R")


def _run_batch(stages_key: str, stages_payload: bytes, batch: list[Record]) -> BatchResult:
    """Worker side: run the stages over one batch with this thread's copy of the stage list."""
    cached: tuple[str, Sequence[Stage]] | None = getattr(_THREAD_STAGES, "stages", None)
    if cached is None or cached[0] != stages_key:
        cached = (stages_key, pickle.loads(stages_payload))
        _THREAD_STAGES.stages = cached
    return run_stages(cached[1], batch)


class DaskExecutor:
    """Run stages on a Dask cluster: the one at `scheduler` ("tcp://host:8786"), else a local one.

    Use it as a context manager to keep one cluster across several ingest runs; otherwise each
    `map_batches` call starts and closes its own.
    """

    def __init__(self, scheduler: str | None = None, workers: int = 2, threads_per_worker: int = 1) -> None:
        if workers < 1 or threads_per_worker < 1:
            raise ValueError("workers and threads_per_worker must be at least 1")
        self.scheduler = scheduler
        self.workers = workers
        self.threads_per_worker = threads_per_worker
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskExecutor:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def start(self) -> None:
        """Connect to the scheduler, or start a local cluster of worker processes."""
        if self._client is not None:
            return
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise RuntimeError("the Dask executor needs `pip install 'dask[distributed]'`") from error
        if self.scheduler is None:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=self.threads_per_worker,
                processes=True,
                dashboard_address=None,
            )
            self._client = Client(self._cluster)
        else:
            self._client = Client(self.scheduler)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def _window(self) -> int:
        return WINDOW_PER_THREAD * max(1, sum(self._client.nthreads().values()))

    def map_batches(self, stages: Sequence[Stage], batches: Iterable[list[Record]]) -> Iterator[BatchResult]:
        """Yield (records, counters) per batch, in input order, with a bounded number in flight."""
        owned = self._client is None
        self.start()
        client = self._client
        try:
            payload = pickle.dumps(list(stages), protocol=pickle.HIGHEST_PROTOCOL)
            [shipped] = client.scatter([payload], broadcast=True, hash=False)

            def submit(batch: list[Record]) -> Any:
                return client.submit(_run_batch, shipped.key, shipped, batch, pure=False)

            yield from in_order(submit, batches, self._window())
        finally:
            if owned:
                self.close()

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`function(item)` for each item on the workers, in input order, with a bounded number in
        flight; `function` must be importable on the workers (a module-level function)."""
        owned = self._client is None
        self.start()
        client = self._client
        try:
            yield from in_order(lambda item: client.submit(function, item, pure=False), items, self._window())
        finally:
            if owned:
                self.close()
