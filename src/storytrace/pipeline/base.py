"""The Stage protocol: a batch of records in, the same batch enriched out, with counters.

Stages are plain picklable objects that know nothing about where they run: the local executor
calls them in worker processes, the Dask executor on cluster workers. Rejects pass through
stages untouched so that every input is accounted for at the end of a run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from storytrace.model import Article, Record, Reject


@dataclass
class StageResult:
    """What one stage returned for one batch: the records and what it counted."""

    records: list[Record]
    counters: Counter[str] = field(default_factory=Counter)


class Stage:
    """Base class of per-article stages; subclasses implement `process_article`.

    `process_article` returns the (possibly modified) article, or a `Reject` when the article
    cannot go on. It may call `self.count(key)` to report what it did. A stage that works better on
    many articles at once (one model call for the batch) overrides `process_batch` instead.
    """

    name = "stage"

    def __init__(self) -> None:
        self._counters: Counter[str] = Counter()

    def count(self, key: str, amount: int = 1) -> None:
        self._counters[key] += amount

    def process_article(self, article: Article) -> Article | Reject:
        raise NotImplementedError

    def process_batch(self, articles: list[Article]) -> list[Article | Reject]:
        """The batch's articles processed, in order; by default one `process_article` call each."""
        return [self.process_article(article) for article in articles]

    def __call__(self, records: Sequence[Record]) -> StageResult:
        self._counters = Counter()
        processed = iter(self.process_batch([record for record in records if isinstance(record, Article)]))
        out: list[Record] = [record if isinstance(record, Reject) else next(processed) for record in records]
        return StageResult(out, self._counters)


def run_stages(stages: Sequence[Stage], records: Sequence[Record]) -> tuple[list[Record], dict[str, Counter[str]]]:
    """Run stages in order over one batch; return the records and the counters per stage name."""
    counters: dict[str, Counter[str]] = {}
    current: list[Record] = list(records)
    for stage in stages:
        result = stage(current)
        current = result.records
        counters.setdefault(stage.name, Counter()).update(result.counters)
    return current, counters
