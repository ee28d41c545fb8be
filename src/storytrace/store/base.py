"""What the store's query mixins rely on: a lock-guarded transaction and a read helper, both
provided by `Store`. One declaration here instead of one per mixin."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any


class QueriesBase:
    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError
