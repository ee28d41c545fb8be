"""What the store's query mixins rely on: a lock-guarded transaction and a read helper, both
provided by `Store`. One declaration here instead of one per mixin; plus the chunked `IN (...)`
query every bulk lookup by ids uses."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any


class QueriesBase:
    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError

    def _rows_in(self, sql: str, ids: Sequence[Any], params: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
        """Rows of `sql`, whose `{ids}` is replaced by placeholders for `ids`, 500 ids per query
        (well under SQLite's variable limit); `params` follow the ids."""
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            yield from self._query(sql.format(ids=",".join("?" * len(chunk))), [*chunk, *params])
