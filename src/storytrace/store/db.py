"""The store: the only code that speaks SQL. SQLite by default (one file, WAL mode, FTS5).

Writes happen in batches, each one transaction (`BEGIN IMMEDIATE … COMMIT`), so a run killed at
any point leaves whole batches only; re-running the same ingest is idempotent, which makes an
interrupted run resumable by simply running it again.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storytrace.model import Article, Record, Reject
from storytrace.store.entities import EntityQueries
from storytrace.store.lineage import LineageQueries
from storytrace.store.migrations import migrate
from storytrace.store.stories import StoryQueries

ARTICLE_COLUMNS = (
    "id, revision, title, text, url, outlet, published, language, meta, origin, content_hash, duplicate_of, ingested_at"
)
HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"  # snippet markers; shells turn them into bold or <mark>


class StoreError(RuntimeError):
    """A database problem worth one clear line to the user."""


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    outlet: str | None = None
    language: str | None = None
    since: str | None = None  # YYYY-MM-DD inclusive
    until: str | None = None  # YYYY-MM-DD inclusive
    limit: int | None = 50
    offset: int = 0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row_to_dict(row: sqlite3.Row) -> dict[str, Any]:
    item = dict(row)
    if "meta" in item:
        item["meta"] = json.loads(item["meta"])
    return item


class Store(LineageQueries, StoryQueries, EntityQueries):
    """One database file. Safe to share between threads (a lock serialises access)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory, not a database file")
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=30000")
            migrate(self._db)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open database {self.path}: {error}") from error
        self._lock = threading.RLock()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # ---- runs -------------------------------------------------------------------------------

    def start_run(self, paths: Sequence[str]) -> int:
        with self._transaction() as db:
            cursor = db.execute("INSERT INTO runs (started_at, paths) VALUES (?, ?)", (_now(), json.dumps(list(paths))))
            return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?", (_now(), json.dumps(summary), run_id)
            )

    # ---- writes -----------------------------------------------------------------------------

    def raw_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """Stored raw-input hashes for these ids: an input with an equal hash needs no processing."""
        return {
            row["id"]: row["raw_hash"]
            for row in self._rows_in("SELECT id, raw_hash FROM articles WHERE id IN ({ids})", ids)
        }

    def write_batch(self, records: Sequence[Record], run_id: int) -> list[str]:
        """Store one batch atomically; return each record's outcome.

        Outcomes: "new", "exact_duplicate" (new, but its normalised text is already stored),
        "unchanged", "revised" for articles, "rejected" for rejects. Exact duplicates point at the
        earliest article (by publication day, then ingest order) sharing their content hash.
        """
        outcomes: list[str] = []
        touched_hashes: set[str] = set()
        duplicates: set[str] = set()
        with self._transaction() as db:
            next_seq = db.execute("SELECT COALESCE(MAX(ingest_seq), 0) + 1 FROM articles").fetchone()[0]
            for record in records:
                if isinstance(record, Reject):
                    self._insert_reject(db, record, run_id)
                    outcomes.append("rejected")
                    continue
                outcome = self._upsert_article(db, record, next_seq)
                if outcome == "new":
                    next_seq += 1
                if outcome != "unchanged":
                    touched_hashes.add(str(record.content_hash))
                outcomes.append(outcome)
            for content_hash in touched_hashes:
                duplicates |= self._point_duplicates(db, content_hash)
        return [
            "exact_duplicate"
            if outcome == "new" and isinstance(record, Article) and record.id in duplicates
            else outcome
            for outcome, record in zip(outcomes, records, strict=True)
        ]

    def _insert_reject(self, db: sqlite3.Connection, reject: Reject, run_id: int) -> None:
        db.execute(
            "INSERT OR IGNORE INTO rejects (origin, reason, detail, payload, article_id, run_id, first_seen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (reject.origin, reject.reason, reject.detail, reject.payload, reject.article_id, run_id, _now()),
        )

    def _upsert_article(self, db: sqlite3.Connection, article: Article, next_seq: int) -> str:
        existing = db.execute(
            "SELECT revision, content_hash, raw_hash FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        values = (
            article.title,
            article.text,
            article.url,
            article.outlet,
            article.published,
            (article.published or "")[:10] or None,
            article.language,
            json.dumps(article.meta, ensure_ascii=False, default=str),
            article.origin,
            article.raw_hash,
            article.content_hash,
            article.minhash,
            article.embedding,
            article.sentence_vectors,
            None if article.entity_spans is None else json.dumps(article.entity_spans),
        )
        if existing is None:
            db.execute(
                "INSERT INTO articles (title, text, url, outlet, published, published_day, language, meta,"
                " origin, raw_hash, content_hash, minhash, embedding, sentence_vectors, entity_spans, id,"
                " ingest_seq, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, article.id, next_seq, _now()),
            )
            self._replace_citations(db, article)
            self._replace_claims(db, article)
            self._replace_events(db, article)
            return "new"
        if existing["content_hash"] == article.content_hash:
            if existing["raw_hash"] != article.raw_hash:  # same text, other bytes: remember them to skip next time
                db.execute("UPDATE articles SET raw_hash = ? WHERE id = ?", (article.raw_hash, article.id))
            return "unchanged"
        db.execute(
            "INSERT INTO article_revisions SELECT id, revision, title, text, url, outlet, published, language, meta,"
            " origin, raw_hash, content_hash, ? FROM articles WHERE id = ?",
            (_now(), article.id),
        )
        db.execute(
            "UPDATE articles SET title = ?, text = ?, url = ?, outlet = ?, published = ?, published_day = ?,"
            " language = ?, meta = ?, origin = ?, raw_hash = ?, content_hash = ?, minhash = ?, embedding = ?,"
            " sentence_vectors = ?, entity_spans = ?,"
            " revision = revision + 1, linked = 0, resolved = 0, ingested_at = ? WHERE id = ?",
            (*values, _now(), article.id),
        )
        self._replace_citations(db, article)
        self._replace_claims(db, article)
        self._replace_events(db, article)
        return "revised"

    def _replace_events(self, db: sqlite3.Connection, article: Article) -> None:
        db.execute("DELETE FROM events WHERE article_id = ?", (article.id,))
        db.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?)",
            [
                (article.id, position, json.dumps(event.to_dict(), ensure_ascii=False), event.date_value)
                for position, event in enumerate(article.events)
            ],
        )

    def events(self, article_ids: Sequence[str]) -> Iterator[tuple[str, dict[str, Any]]]:
        """(article id, stored event) of these articles, each article's in text order; read 500 articles at a time,
        so that a caller turning them into objects never holds them all twice (a story's timeline merges the
        events of every member: 70 MB of them for the 4,071 articles of the largest story at 10k synthetic)."""
        for row in self._rows_in(
            "SELECT article_id, event FROM events WHERE article_id IN ({ids}) ORDER BY article_id, position",
            article_ids,
        ):
            yield row[0], json.loads(row[1])

    def _replace_claims(self, db: sqlite3.Connection, article: Article) -> None:
        db.execute("DELETE FROM claims WHERE article_id = ?", (article.id,))
        db.executemany(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    c.claim_id,
                    c.article_id,
                    c.content,
                    c.content_start,
                    c.content_end,
                    c.cue,
                    c.source_name,
                    c.source_type,
                    c.entity_id,
                    c.stance,
                    int(c.direct),
                    json.dumps([{"name": link.name, "type": link.type} for link in c.chain], ensure_ascii=False),
                )
                for c in article.claims
            ],
        )

    def _replace_citations(self, db: sqlite3.Connection, article: Article) -> None:
        db.execute("DELETE FROM citations WHERE article_id = ?", (article.id,))
        db.executemany(
            "INSERT INTO citations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (article.id, position, c.source_name, c.canonical, c.source_kind, c.cue, c.sentence, c.start, c.end)
                for position, c in enumerate(article.citations)
            ],
        )

    def _point_duplicates(self, db: sqlite3.Connection, content_hash: str) -> set[str]:
        rows = db.execute(
            "SELECT id FROM articles WHERE content_hash = ? ORDER BY published_day IS NULL, published_day, ingest_seq",
            (content_hash,),
        ).fetchall()
        original = rows[0]["id"]
        db.execute("UPDATE articles SET duplicate_of = NULL WHERE id = ?", (original,))
        db.executemany("UPDATE articles SET duplicate_of = ? WHERE id = ?", [(original, row["id"]) for row in rows[1:]])
        return {row["id"] for row in rows[1:]}

    # ---- reads ------------------------------------------------------------------------------

    def article(self, article_id: str) -> dict[str, Any] | None:
        rows = self._query(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,))
        if not rows:
            return None
        item = _row_to_dict(rows[0])
        item["revisions"] = [
            _row_to_dict(row)
            for row in self._query(
                "SELECT revision, title, text, published, content_hash, superseded_at FROM article_revisions"
                " WHERE id = ? ORDER BY revision",
                (article_id,),
            )
        ]
        item["duplicates"] = [
            row["id"]
            for row in self._query("SELECT id FROM articles WHERE duplicate_of = ? ORDER BY id", (article_id,))
        ]
        return item

    def articles(self, where: ArticleFilter = ArticleFilter()) -> list[dict[str, Any]]:
        clauses, params = [], []
        for column, op, value in (
            ("outlet", "=", where.outlet),
            ("language", "=", where.language),
            ("published_day", ">=", where.since),
            ("published_day", "<=", where.until),
        ):
            if value is not None:
                clauses.append(f"{column} {op} ?")
                params.append(value)
        # the page's ids come from the articles_listing index alone; only then are the rows read
        order = "published_day IS NULL, published_day DESC, id"
        page = f"SELECT id FROM articles{' WHERE ' + ' AND '.join(clauses) if clauses else ''} ORDER BY {order}"
        sql = f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id IN ({page} LIMIT ? OFFSET ?) ORDER BY {order}"
        params += [where.limit if where.limit is not None else -1, where.offset]
        return [_row_to_dict(row) for row in self._query(sql, params)]

    def iter_articles(self, batch_size: int = 1000) -> Iterator[dict[str, Any]]:
        """Every current article in ingest order, streamed in batches (for exports and re-processing)."""
        last = 0
        while True:
            rows = self._query(
                f"SELECT ingest_seq, {ARTICLE_COLUMNS} FROM articles WHERE ingest_seq > ? ORDER BY ingest_seq LIMIT ?",
                (last, batch_size),
            )
            if not rows:
                return
            last = rows[-1]["ingest_seq"]
            for row in rows:
                item = _row_to_dict(row)
                item.pop("ingest_seq")
                yield item

    def search(self, query: str, limit: int = 20, offset: int = 0, any_word: bool = False) -> list[dict[str, Any]]:
        """Full-text search ranked by bm25 (title weighted over body), with highlighted snippets.

        FTS5 syntax (phrases, OR, prefix*) is honoured; a query that is not valid FTS5 syntax is
        searched as plain words instead of failing. `any_word` searches the query's words joined by OR.
        """
        if any_word:
            words = [w.replace('"', "") for w in query.split() if w.replace('"', "")]
            query = " OR ".join(f'"{w}"' for w in words)
            if not words:
                return []
        sql = (
            "SELECT a.id, a.title, a.outlet, a.published, a.language,"
            f" snippet(articles_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) AS snippet,"
            " bm25(articles_fts, 3.0, 1.0) AS score"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?"
        )
        try:
            rows = self._query(sql, (query, limit, offset))
        except sqlite3.OperationalError:
            words = [w.replace('"', "") for w in query.split() if w.replace('"', "")]
            if not words:
                return []
            rows = self._query(sql, (" ".join(f'"{w}"' for w in words), limit, offset))
        return [dict(row) | {"snippet": " ".join(row["snippet"].split())} for row in rows]

    def rejects(self, limit: int | None = None) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT origin, reason, detail, article_id, first_seen, payload IS NOT NULL AS has_payload"
            " FROM rejects ORDER BY seq LIMIT ?",
            (limit if limit is not None else -1,),
        )
        return [dict(row) for row in rows]

    def stats(self) -> dict[str, Any]:
        def counts(column: str) -> dict[str, int]:
            rows = self._query(
                f"SELECT COALESCE({column}, '?') AS k, COUNT(*) AS n FROM articles GROUP BY k ORDER BY n DESC, k"
            )
            return {row["k"]: row["n"] for row in rows}

        one = self._query(
            "SELECT COUNT(*) AS articles, SUM(duplicate_of IS NOT NULL) AS exact_duplicates,"
            " MIN(published_day) AS first_published, MAX(published_day) AS last_published,"
            " SUM(published IS NULL) AS undated FROM articles"
        )[0]
        result = dict(one)
        result["exact_duplicates"] = result["exact_duplicates"] or 0
        result["undated"] = result["undated"] or 0
        result["revisions"] = self._query("SELECT COUNT(*) FROM article_revisions")[0][0]
        result["rejects"] = self._query("SELECT COUNT(*) FROM rejects")[0][0]
        result["languages"] = counts("language")
        result["outlets"] = counts("outlet")
        result["runs"] = self._query("SELECT COUNT(*) FROM runs")[0][0]
        return result
