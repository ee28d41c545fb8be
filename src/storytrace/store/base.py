"""What the store's query mixins rely on: a lock-guarded transaction and a read helper, both
provided by `Store`. One declaration here instead of one per mixin; plus the chunked `IN (...)`
query every bulk lookup by ids uses, and the keyed state of incremental stages."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from storytrace.model import StateDelta


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

    def _rows_by_rowid(self, sql: str, rowids: Sequence[int]) -> Iterator[dict[str, Any]]:
        """Rows of `sql` (selecting `rowid`, with `{ids}` for the rowids) in the order of `rowids`, streamed 500 at a
        time: a stage that walks a whole corpus holds one chunk of it, not every text."""
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            rows = {row["rowid"]: dict(row) for row in self._rows_in(sql, chunk)}
            yield from (rows[rowid] for rowid in chunk if rowid in rows)

    def load_state(self, name: str) -> dict[str, Any] | None:
        """The meta record of a stage's persisted state, if any."""
        rows = self._query("SELECT value FROM stage_state WHERE name = ?", (name,))
        return json.loads(rows[0][0]) if rows else None

    def load_state_records(self, name: str) -> dict[str, Any]:
        """Every keyed record of a stage's persisted state (see `StateDelta`)."""
        rows = self._query("SELECT key, value FROM stage_records WHERE stage = ?", (name,))
        return {row[0]: json.loads(row[1]) for row in rows}

    @staticmethod
    def _write_state(db: sqlite3.Connection, name: str, delta: StateDelta) -> None:
        """Apply a stage's state delta inside the caller's transaction (with the results it belongs to)."""
        if delta.replace:
            db.execute("DELETE FROM stage_records WHERE stage = ?", (name,))
        db.executemany("DELETE FROM stage_records WHERE stage = ? AND key = ?", [(name, k) for k in delta.removed])
        db.executemany(
            "INSERT OR REPLACE INTO stage_records VALUES (?, ?, ?)",
            [(name, key, json.dumps(value, ensure_ascii=False)) for key, value in delta.records.items()],
        )
        db.execute("INSERT OR REPLACE INTO stage_state VALUES (?, ?)", (name, json.dumps(delta.meta)))
