"""Entity tables: mentions per article, canonical entities with aliases."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from storytrace.model import StateDelta
from storytrace.store.base import QueriesBase


class EntityQueries(QueriesBase):
    """Mixed into `Store`; relies on its `_transaction` and `_query`."""

    def unresolved(self) -> list[int]:
        """Rowids of the articles not resolved yet, in ingest order."""
        return [row[0] for row in self._query("SELECT rowid FROM articles WHERE resolved = 0 ORDER BY ingest_seq")]

    def unresolved_articles(self, rowids: Sequence[int] | None = None) -> Iterator[dict[str, Any]]:
        """The `rowids` articles (by default those of `unresolved()` now), in that order, with their text and NER
        spans (None when not recognised). Streamed: the whole list, with every text, held 1,145 MB at 100k synthetic
        articles (the whole-pipeline benchmark's store), most of that entity phase's 2 GB peak."""
        rows = self._rows_by_rowid(
            "SELECT rowid, id, text, language, entity_spans FROM articles WHERE rowid IN ({ids})",
            self.unresolved() if rowids is None else rowids,
        )
        for row in rows:
            yield row | {"entity_spans": None if row["entity_spans"] is None else json.loads(row["entity_spans"])}

    def save_resolutions(
        self,
        articles: Sequence[tuple[str, Sequence[tuple[int, int, str, str, str]], dict[str, str]]],
        entities: Sequence[dict[str, Any]],
        state_name: str,
        state: StateDelta,
        merges: dict[str, str] | None = None,
    ) -> None:
        """Articles' mentions and claims' source entities (article id, mentions, claim id → entity id), the
        entities they touched and the resolver's state changes, in one transaction (so a crash loses at most
        the articles being resolved, and the state stays that of the articles marked resolved). `merges` maps
        entities the resolver folded into others to those: their stored mentions and claims move, their rows go."""
        with self._transaction() as db:
            for old, new in (merges or {}).items():
                db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (new, old))
                db.execute("UPDATE claims SET entity_id = ? WHERE entity_id = ?", (new, old))
                db.execute("DELETE FROM entities WHERE entity_id = ?", (old,))
            for article_id, mentions, claim_entities in articles:
                db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
                db.executemany(
                    "INSERT OR REPLACE INTO mentions VALUES (?, ?, ?, ?, ?, ?)",
                    [(article_id, *mention) for mention in mentions],
                )
                db.executemany(
                    "UPDATE claims SET entity_id = ? WHERE claim_id = ?",
                    [(entity_id, claim_id) for claim_id, entity_id in claim_entities.items()],
                )
            db.executemany(
                "INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        e["entity_id"],
                        e["name"],
                        e["type"],
                        json.dumps(e["aliases"], ensure_ascii=False),
                        json.dumps(e["descriptors"], ensure_ascii=False),
                        e["article_count"],
                    )
                    for e in entities
                ],
            )
            self._write_state(db, state_name, state)
            db.executemany("UPDATE articles SET resolved = 1 WHERE id = ?", [(a[0],) for a in articles])

    def entity_articles(self) -> dict[str, list[str]]:
        """entity id → the articles that mention it, in ingest order (what the resolver counts)."""
        rows = self._query(
            "SELECT m.entity_id, m.article_id FROM mentions m JOIN articles a ON a.id = m.article_id"
            " GROUP BY m.entity_id, m.article_id ORDER BY MIN(a.ingest_seq)"
        )
        found: dict[str, list[str]] = {}
        for row in rows:
            found.setdefault(row[0], []).append(row[1])
        return found

    def entities(self, article_ids: Sequence[str] | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Entities (of some articles), most-reported first, with the articles that mention them."""
        sql = (
            "SELECT e.*, GROUP_CONCAT(DISTINCT m.article_id) AS ids FROM entities e"
            " JOIN mentions m ON m.entity_id = e.entity_id"
        )
        params: list[Any] = []
        if article_ids is not None:
            sql += (
                f" WHERE m.entity_id IN (SELECT entity_id FROM mentions WHERE article_id IN"
                f" ({','.join('?' * len(article_ids))}))"
            )
            params = list(article_ids)
        sql += " GROUP BY e.entity_id ORDER BY e.article_count DESC, e.name LIMIT ?"
        rows = self._query(sql, [*params, limit if limit is not None else -1])
        return [_entity_row(row) for row in rows]

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        rows = self._query(
            "SELECT e.*, GROUP_CONCAT(DISTINCT m.article_id) AS ids FROM entities e"
            " JOIN mentions m ON m.entity_id = e.entity_id WHERE e.entity_id = ? GROUP BY e.entity_id",
            (entity_id,),
        )
        return _entity_row(rows[0]) if rows else None

    def entity_types(self, entity_ids: Sequence[str]) -> dict[str, str]:
        """entity id → its resolved type (PERSON, ORG, MEDIA, GPE, …)."""
        rows = self._rows_in("SELECT entity_id, type FROM entities WHERE entity_id IN ({ids})", entity_ids)
        return {row[0]: row[1] for row in rows}

    def mentions(self, article_id: str) -> list[dict[str, Any]]:
        return [
            dict(row)
            for row in self._query("SELECT * FROM mentions WHERE article_id = ? ORDER BY start", (article_id,))
        ]


def _entity_row(row: sqlite3.Row) -> dict[str, Any]:
    item = dict(row)
    item["aliases"] = json.loads(item["aliases"])
    item["descriptors"] = json.loads(item["descriptors"])
    item["article_ids"] = sorted((item.pop("ids") or "").split(",")) if item.get("ids") else []
    item.pop("article_count", None)
    return item
