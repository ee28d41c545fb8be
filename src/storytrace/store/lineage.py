"""Lineage tables: LSH band keys, derivations, citations (the SQL side of provenance)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from storytrace.model import Derivation
from storytrace.store.base import QueriesBase

# `stage_records` stage whose keys are the articles whose links `settle` must re-evaluate.
UNSETTLED = "lineage_unsettled"


class LineageQueries(QueriesBase):
    """Mixed into `Store`; relies on its `_transaction` and `_query`."""

    def unlinked(self) -> list[tuple[int, str]]:
        """(rowid, id) of the articles the lineage stage has not seen yet, in ingest order."""
        rows = self._query("SELECT rowid, id FROM articles WHERE linked = 0 ORDER BY ingest_seq")
        return [(row[0], row[1]) for row in rows]

    def unlinked_articles(self, unlinked: Sequence[tuple[int, str]] | None = None) -> Iterator[dict[str, Any]]:
        """The `unlinked` articles (by default those of `unlinked()` now), in that order, with what candidate search
        reads (id, rowid, language, MinHash, lead embedding; verification reads texts per partition). Streamed
        500 at a time: the whole list, with texts, held 708 MB at 100k synthetic articles (measured on
        benchmarks/lineage.py's store), a third of link's 2.2 GB peak there."""
        rowids = [rowid for rowid, _ in (self.unlinked() if unlinked is None else unlinked)]
        yield from self._rows_by_rowid(
            "SELECT rowid, id, language, minhash, embedding FROM articles WHERE rowid IN ({ids})", rowids
        )

    def lineage_inputs(self, ids: Sequence[str], with_text: bool = True) -> dict[str, dict[str, Any]]:
        """id → the article's identifying fields (and text), for lineage and provenance."""
        text = "text, " if with_text else ""
        sql = f"SELECT rowid, id, title, {text}url, outlet, published, language, content_hash FROM articles"
        return {row["id"]: dict(row) for row in self._rows_in(sql + " WHERE id IN ({ids})", ids)}

    def article_openings(self, ids: Sequence[str], chars: int) -> dict[str, str]:
        """id → the first `chars` characters of the named articles' texts."""
        sql = "SELECT id, substr(text, 1, ?) FROM articles WHERE id IN ({ids})"
        return {row[0]: row[1] for row in self._rows_in(sql.replace("?", str(int(chars)), 1), ids)}

    def article_texts(self, ids: Sequence[str]) -> dict[str, str]:
        """id → text of the named articles."""
        return {row[0]: row[1] for row in self._rows_in("SELECT id, text FROM articles WHERE id IN ({ids})", ids)}

    def lsh_matches(self, keys: Sequence[int]) -> dict[str, int]:
        """id → how many of `keys` the article's stored band keys share (a rough Jaccard estimate)."""
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        sql = f"SELECT article_id, COUNT(*) FROM lsh_bands WHERE key IN ({marks}) GROUP BY article_id"
        return {row[0]: row[1] for row in self._query(sql, keys)}

    def ids_for_rowids(self, rowids: Sequence[int]) -> dict[int, str]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        return {
            row[0]: row[1]
            for row in self._query(f"SELECT rowid, id FROM articles WHERE rowid IN ({marks})", list(rowids))
        }

    def embeddings(self) -> Iterator[tuple[int, str | None, bytes]]:
        """(rowid, language, embedding) of every linked embedded article in rowid order, for rebuilding the ANN
        index: the lineage stage adds each article's vector as it links it, so the index holds the linked ones."""
        last = 0
        while True:
            rows = self._query(
                "SELECT rowid, language, embedding FROM articles WHERE embedding IS NOT NULL AND linked = 1"
                " AND rowid > ?"
                " ORDER BY rowid LIMIT 2000",
                (last,),
            )
            if not rows:
                return
            last = rows[-1][0]
            yield from ((row[0], row[1], row[2]) for row in rows)

    def embeddings_of(self, ids: Sequence[str]) -> dict[str, bytes]:
        rows = self._rows_in("SELECT id, embedding FROM articles WHERE id IN ({ids})", ids)
        return {row[0]: row[1] for row in rows if row[1] is not None}

    def verification_inputs(self, ids: Sequence[str], fields: Sequence[str]) -> dict[str, dict[str, Any]]:
        """id → the named article columns and the stored sentence vectors, in one query for all `ids` (the
        linker joins them to every partition of candidate pairs)."""
        columns = ", ".join(dict.fromkeys(["id", *fields, "sentence_vectors"]))
        rows = self._rows_in(f"SELECT {columns} FROM articles WHERE id IN ({{ids}})", ids)
        return {row["id"]: dict(row) for row in rows}

    def data_version(self) -> int:
        """SQLite's data version of this connection: it changes when another connection commits (a reader asks
        it before a costlier check of what it caches)."""
        return int(self._query("PRAGMA data_version")[0][0])

    def embedding_counts(self) -> dict[str | None, int]:
        """language → number of linked embedded articles in it (the ANN index's partitions; unknown: None)."""
        rows = self._query(
            "SELECT language, COUNT(*) FROM articles WHERE embedding IS NOT NULL AND linked = 1 GROUP BY language"
        )
        return {row[0]: int(row[1]) for row in rows}

    def mark_linked(
        self,
        article_id: str,
        band_keys: Sequence[int],
        derivations: Sequence[Derivation],
        unsettled: Sequence[str] = (),
    ) -> None:
        """Record one article's lineage results atomically: its band keys, its links, that it is done,
        and which linked articles must have their links re-evaluated now that it is linked (`settle`)."""
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO stage_records VALUES (?, ?, 'true')", [(UNSETTLED, i) for i in unsettled]
            )
            db.execute("DELETE FROM lsh_bands WHERE article_id = ?", (article_id,))
            db.executemany(
                "INSERT INTO lsh_bands (key, article_id) VALUES (?, ?)", [(k, article_id) for k in band_keys]
            )
            db.execute("DELETE FROM derivations WHERE target_id = ? OR source_id = ?", (article_id, article_id))
            db.executemany(
                "INSERT OR REPLACE INTO derivations VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        d.source_id,
                        d.target_id,
                        d.kind,
                        d.score,
                        json.dumps([_evidence(e) for e in d.evidence], ensure_ascii=False),
                    )
                    for d in derivations
                ],
            )
            db.execute("UPDATE articles SET linked = 1 WHERE id = ?", (article_id,))

    def unsettled_articles(self) -> list[str]:
        """Ids that `mark_linked` listed as unsettled and `settle` has not settled yet, sorted."""
        return sorted(self.load_state_records(UNSETTLED))

    def settle(self, article_id: str, stale: Sequence[tuple[str, str]]) -> None:
        """Drop an unsettled article's stale links (source, target) and mark it settled, atomically."""
        with self._transaction() as db:
            db.executemany("DELETE FROM derivations WHERE source_id = ? AND target_id = ?", stale)
            db.execute("DELETE FROM stage_records WHERE stage = ? AND key = ?", (UNSETTLED, article_id))

    def derivations(self, article_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT source_id, target_id, kind, score, evidence FROM derivations"
        params: tuple[Any, ...] = ()
        if article_id is not None:
            sql += " WHERE source_id = ? OR target_id = ?"
            params = (article_id, article_id)
        return [_derivation_row(row) for row in self._query(sql + " ORDER BY source_id, target_id", params)]

    def derives_from(self, ancestor_candidate: str, article_id: str) -> bool:
        """True when `ancestor_candidate` (transitively) derives from `article_id`."""
        rows = self._query(
            "WITH RECURSIVE up(id) AS"
            " (SELECT ? UNION SELECT d.source_id FROM derivations d JOIN up ON d.target_id = up.id)"
            " SELECT 1 FROM up WHERE id = ? LIMIT 1",
            (ancestor_candidate, article_id),
        )
        return bool(rows)

    def citations(self, article_id: str | None = None) -> list[dict[str, Any]]:
        return self.citations_of(None if article_id is None else [article_id])

    def citations_of(self, article_ids: Sequence[str] | None) -> list[dict[str, Any]]:
        """Credits of these articles (of all when None), in article and text order."""
        sql = (
            "SELECT c.article_id, c.source_name, c.canonical, c.source_kind, c.cue, c.sentence, c.start, c.end"
            " FROM citations c"
        )
        order = " ORDER BY c.article_id, c.position"
        rows = (
            self._query(sql + order)
            if article_ids is None
            else self._rows_in(sql + " WHERE c.article_id IN ({ids})" + order, article_ids)
        )
        return sorted((dict(row) for row in rows), key=lambda c: c["article_id"])  # stable across chunks

    def media_credits(self, article_ids: Sequence[str]) -> dict[str, frozenset[str]]:
        """id → the media outlets each article credits (canonical name, else as written); every id is a key.
        What verification orders pairs by, read without the other columns: the linker asks for the ~60
        articles of every partition, and whole citation rows cost it 8% of link time on the 10k scale corpus."""
        credits: dict[str, set[str]] = {article_id: set() for article_id in article_ids}
        sql = (
            "SELECT article_id, canonical, source_name FROM citations"
            " WHERE source_kind = 'media' AND article_id IN ({ids})"
        )
        for article_id, canonical, source_name in self._rows_in(sql, article_ids):
            credits[article_id].add(canonical or source_name)
        return {article_id: frozenset(names) for article_id, names in credits.items()}

    def derivations_among(self, ids: Sequence[str], with_evidence: bool = True) -> list[dict[str, Any]]:
        """Derivations whose source and target are both among `ids`; without their evidence (the aligned
        sentences, most of a derivation's size) when only the links are wanted."""
        wanted = set(ids)
        columns = "source_id, target_id, kind, score" + (", evidence" if with_evidence else "")
        rows = self._rows_in(f"SELECT {columns} FROM derivations WHERE source_id IN ({{ids}})", ids)
        found = [_derivation_row(row) if with_evidence else dict(row) for row in rows if row["target_id"] in wanted]
        return sorted(found, key=lambda d: (d["source_id"], d["target_id"]))

    def claims(self, article_ids: Sequence[str] | None = None, source: str | None = None) -> list[dict[str, Any]]:
        """Stored claims (of some articles, or whose source or chain mentions `source`), in text order."""
        sql, params = "SELECT * FROM claims", []
        clauses = []
        if article_ids is not None:
            clauses.append(f"article_id IN ({','.join('?' * len(article_ids))})")
            params += list(article_ids)
        if source is not None:
            clauses.append("(source_name LIKE ? OR chain LIKE ?)")
            params += [f"%{source}%", f"%{source}%"]
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self._query(sql + " ORDER BY article_id, content_start", params)
        return [dict(row) | {"chain": json.loads(row["chain"]), "direct": bool(row["direct"])} for row in rows]

    def outlets_by_id(self) -> dict[str, str | None]:
        return {row[0]: row[1] for row in self._query("SELECT id, outlet FROM articles")}


def _derivation_row(row: Any) -> dict[str, Any]:
    return dict(row) | {"evidence": json.loads(row["evidence"])}


def _evidence(pair: Any) -> dict[str, Any]:
    return {"source_sentence": pair.source_sentence, "target_sentence": pair.target_sentence, "score": pair.score}
