"""Versioned schema: small named migrations applied in order and recorded in `schema_migrations`.

A migration is a function returning a SQL script; each runs in one transaction with its record
in `schema_migrations`, so a crash mid-migration leaves the database at the previous version.
Add a migration by appending to `MIGRATIONS`; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime


def _m001_articles() -> str:
    return """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            revision INTEGER NOT NULL DEFAULT 1,
            title TEXT,
            text TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            published TEXT,           -- ISO date or datetime
            published_day TEXT,       -- YYYY-MM-DD, for range filters
            language TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            origin TEXT,
            raw_hash TEXT,
            content_hash TEXT NOT NULL,
            minhash BLOB,
            duplicate_of TEXT,        -- earliest article with the same normalised text
            ingest_seq INTEGER NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE INDEX articles_published ON articles(published_day);
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE INDEX articles_language ON articles(language);

        CREATE TABLE article_revisions (
            id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            title TEXT, text TEXT NOT NULL, url TEXT, outlet TEXT, published TEXT, language TEXT,
            meta TEXT NOT NULL, origin TEXT, raw_hash TEXT, content_hash TEXT NOT NULL,
            superseded_at TEXT NOT NULL,
            PRIMARY KEY (id, revision)
        );

        CREATE TABLE rejects (
            seq INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            payload TEXT,
            article_id TEXT,
            run_id INTEGER,
            first_seen TEXT NOT NULL,
            UNIQUE (origin, reason, detail)
        );

        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            paths TEXT NOT NULL,
            summary TEXT
        );

        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """


MIGRATIONS: list[Callable[[], str]] = [_m001_articles]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations"
        " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT version FROM schema_migrations")}
    applied = []
    for version, migration in enumerate(MIGRATIONS, start=1):
        if version in done:
            continue
        name = migration.__name__.lstrip("_")
        stamp = datetime.now(UTC).isoformat()
        db.executescript(
            f"BEGIN;\n{migration()};\nINSERT INTO schema_migrations VALUES ({version}, '{name}', '{stamp}');\nCOMMIT;"
        )
        applied.append(name)
    return applied
