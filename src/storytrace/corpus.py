"""`Corpus`: the public Python API. The CLI, the JSON API and the web UI call only this.

corpus = Corpus("news.db")
summary = corpus.ingest(["articles.jsonl", "pages/"], jobs=2)
corpus.search("prigozhin bakhmut")
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from storytrace.executors import LocalExecutor
from storytrace.model import Article, IngestSummary, Record, Reject
from storytrace.pipeline.ingest import ingest_stages
from storytrace.pipeline.read import DEFAULT_MAX_BYTES, read_paths
from storytrace.store import ArticleFilter, Store

DEFAULT_DB = "storytrace.db"
DEFAULT_BATCH_SIZE = 64
_SUMMARY_FIELD = {"new": "new", "unchanged": "unchanged", "revised": "revised", "exact_duplicate": "exact_duplicates"}


def default_db_path() -> str:
    """`$STORYTRACE_DB`, else `./storytrace.db`."""
    return os.environ.get("STORYTRACE_DB", DEFAULT_DB)


class Corpus:
    """A corpus of news articles in one database file."""

    def __init__(self, db_path: str | Path | None = None) -> None:
        self.store = Store(db_path or default_db_path())

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---- ingest -----------------------------------------------------------------------------

    def ingest(
        self,
        paths: Sequence[str],
        *,
        jobs: int = 1,
        max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int = DEFAULT_BATCH_SIZE,
        executor: Any = None,
        progress: Callable[[int], None] | None = None,
    ) -> IngestSummary:
        """Read, process and store every article under `paths`; bad input is rejected, never fatal.

        Idempotent: articles whose input is unchanged are skipped before any processing, so an
        interrupted run is resumed by running it again. `executor` defaults to a `LocalExecutor`.
        """
        return self.ingest_records(
            read_paths(paths, max_bytes),
            paths=paths,
            jobs=jobs,
            batch_size=batch_size,
            executor=executor,
            progress=progress,
        )

    def ingest_records(
        self,
        records: Iterable[Record],
        *,
        paths: Sequence[str] = (),
        jobs: int = 1,
        batch_size: int = DEFAULT_BATCH_SIZE,
        executor: Any = None,
        progress: Callable[[int], None] | None = None,
    ) -> IngestSummary:
        """Run the ingest pipeline over records already read (the API pushes articles this way)."""
        summary = IngestSummary()
        run_id = self.store.start_run(list(paths))
        executor = executor or LocalExecutor(jobs)
        batches = self._fresh_batches(records, batch_size, summary)
        for processed, counters in executor.map_batches(ingest_stages(), batches):
            for stage, stage_counters in counters.items():
                summary.add_counters(stage, dict(stage_counters))
            for record, outcome in zip(processed, self.store.write_batch(processed, run_id), strict=True):
                if isinstance(record, Reject):
                    summary.count_reject(record.reason)
                else:
                    field = _SUMMARY_FIELD[outcome]
                    setattr(summary, field, getattr(summary, field) + 1)
            if progress:
                progress(len(processed))
        self.store.finish_run(run_id, asdict(summary))
        return summary

    def _fresh_batches(
        self, records: Iterable[Record], batch_size: int, summary: IngestSummary
    ) -> Iterator[list[Record]]:
        """Group records into batches, dropping inputs already stored unchanged.

        An id read twice in one run with different content is rejected (`duplicate_id`): which
        of the two is right cannot be known, and the second is kept in the reject's payload.
        """
        seen: dict[str, tuple[str | None, str]] = {}
        pending: list[Record] = []

        def flush() -> list[Record]:
            ids = [r.id for r in pending if isinstance(r, Article)]
            stored = self.store.raw_hashes(ids)
            fresh = [
                r for r in pending if isinstance(r, Reject) or r.raw_hash is None or stored.get(r.id) != r.raw_hash
            ]
            summary.unchanged += len(pending) - len(fresh)
            return fresh

        for record in records:
            summary.read += 1
            if isinstance(record, Article):
                previous = seen.get(record.id)
                if previous is not None:
                    if previous[0] == record.raw_hash:
                        summary.unchanged += 1
                        continue
                    record = Reject(
                        record.origin,
                        "duplicate_id",
                        f"id {record.id!r} already read from {previous[1]}",
                        (record.html or record.text)[:4000],
                        record.id,
                    )
                else:
                    seen[record.id] = (record.raw_hash, record.origin)
            pending.append(record)
            if len(pending) >= batch_size:
                batch, pending = flush(), []
                if batch:
                    yield batch
        if pending and (batch := flush()):
            yield batch

    # ---- queries ----------------------------------------------------------------------------

    def article(self, article_id: str) -> dict[str, Any] | None:
        return self.store.article(article_id)

    def articles(self, **filters: Any) -> list[dict[str, Any]]:
        return self.store.articles(ArticleFilter(**filters))

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        return self.store.iter_articles()

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        return self.store.search(query, limit, offset)

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def rejects(self, limit: int | None = None) -> list[dict[str, Any]]:
        return self.store.rejects(limit)
