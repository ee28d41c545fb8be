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


def _m002_lineage() -> str:
    return """
        ALTER TABLE articles ADD COLUMN embedding BLOB;
        ALTER TABLE articles ADD COLUMN linked INTEGER NOT NULL DEFAULT 0;  -- lineage stage has seen it
        CREATE INDEX articles_unlinked ON articles(linked) WHERE linked = 0;

        CREATE TABLE lsh_bands (
            key INTEGER NOT NULL,       -- hash of one band of the MinHash signature (band number mixed in)
            article_id TEXT NOT NULL
        );
        CREATE INDEX lsh_bands_key ON lsh_bands(key);
        CREATE INDEX lsh_bands_article ON lsh_bands(article_id);

        CREATE TABLE derivations (
            source_id TEXT NOT NULL,
            target_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            score REAL NOT NULL,
            evidence TEXT NOT NULL,     -- JSON list of {source_sentence, target_sentence, score}
            PRIMARY KEY (source_id, target_id)
        );
        CREATE INDEX derivations_target ON derivations(target_id);

        CREATE TABLE citations (
            article_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            source_name TEXT NOT NULL,
            canonical TEXT,
            source_kind TEXT NOT NULL,
            cue TEXT NOT NULL,
            sentence TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            PRIMARY KEY (article_id, position)
        );
        CREATE INDEX citations_canonical ON citations(canonical);

        CREATE TABLE ann_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        """


def _m003_stories() -> str:
    return """
        CREATE TABLE story_members (
            article_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL
        );
        CREATE INDEX story_members_story ON story_members(story_id);

        CREATE TABLE stories (
            story_id TEXT PRIMARY KEY,
            label TEXT,
            first_published TEXT,
            last_published TEXT,
            article_count INTEGER NOT NULL,
            independent_reports INTEGER NOT NULL,
            storyline_id TEXT,
            summary TEXT NOT NULL          -- JSON: outlets, languages, originals, sentences, groups
        );
        CREATE INDEX stories_last ON stories(last_published);

        CREATE TABLE storylines (
            storyline_id TEXT PRIMARY KEY,
            label TEXT,
            story_ids TEXT NOT NULL         -- JSON list, in time order
        );

        CREATE TABLE stage_state (          -- persisted state of incremental stages (JSON)
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """


def _m004_claims() -> str:
    return """
        CREATE TABLE claims (
            claim_id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL,
            content TEXT NOT NULL,
            content_start INTEGER NOT NULL,
            content_end INTEGER NOT NULL,
            cue TEXT NOT NULL,
            source_name TEXT,
            source_type TEXT NOT NULL,
            entity_id TEXT,
            stance TEXT NOT NULL,
            direct INTEGER NOT NULL,
            chain TEXT NOT NULL            -- JSON list of {name, type}, outermost first
        );
        CREATE INDEX claims_article ON claims(article_id);
        CREATE INDEX claims_source ON claims(source_name);
        """


def _m005_entities() -> str:
    return """
        ALTER TABLE articles ADD COLUMN resolved INTEGER NOT NULL DEFAULT 0;  -- entity stage has seen it
        CREATE TABLE mentions (
            article_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            PRIMARY KEY (article_id, start)
        );
        CREATE INDEX mentions_entity ON mentions(entity_id);
        CREATE TABLE entities (
            entity_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            aliases TEXT NOT NULL,       -- JSON list
            descriptors TEXT NOT NULL,   -- JSON list
            article_count INTEGER NOT NULL
        );
        CREATE INDEX entities_name ON entities(name);
        """


def _m006_events() -> str:
    return """
        CREATE TABLE events (
            article_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            event TEXT NOT NULL,            -- JSON of pipeline.time.events.Event
            date_value TEXT NOT NULL,
            PRIMARY KEY (article_id, position)
        );
        CREATE INDEX events_date ON events(date_value);
        """


def _m007_sentence_vectors() -> str:
    # float16 sentence embeddings computed by the (parallel) embed stage, so that lineage never
    # encodes sentences in the driver: profiling put 88% of linking time there
    return "ALTER TABLE articles ADD COLUMN sentence_vectors BLOB"


def _m008_paging() -> str:
    # articles_listing: the article list's order (dated first, newest first, then id) as an index
    # holding the id, so a deep page walks index entries instead of sorting every row with its text.
    # articles_order: what ordering a story's members reads, without the row (whose text precedes it).
    # story_groups, story_timelines: each story's provenance groups (largest first) and merged
    # timeline, written with its summary, so showing a story of thousands of articles reads them
    # instead of rebuilding them from every article on each request.
    # story_centroids, story_links: what storylines are built from, so a batch relinks only the
    # stories it touched instead of comparing every pair of stories (55% of clustering at 15k).
    return """
        CREATE INDEX articles_listing ON articles(published_day IS NULL, published_day DESC, id);
        CREATE INDEX articles_order ON articles(id, published_day, ingest_seq);
        CREATE TABLE story_groups (
            story_id TEXT NOT NULL,
            position INTEGER NOT NULL,      -- 0 = the largest group
            grp TEXT NOT NULL,              -- JSON of ProvenanceGroup.to_dict()
            PRIMARY KEY (story_id, position)
        );
        CREATE TABLE story_timelines (      -- merged timeline entries, written with the story summary
            story_id TEXT PRIMARY KEY,
            entries TEXT NOT NULL           -- JSON list of TimelineEntry.to_dict()
        );
        CREATE TABLE story_centroids (story_id TEXT PRIMARY KEY, centroid BLOB NOT NULL);  -- float32
        CREATE TABLE story_links (          -- storyline continuation links, earlier story first
            first_id TEXT NOT NULL,
            second_id TEXT NOT NULL,
            PRIMARY KEY (first_id, second_id)
        );
        CREATE INDEX story_links_second ON story_links(second_id);
        """


def _m009_stage_records() -> str:
    # stage_records: the state of incremental stages as one row per story, entity or counted term,
    # so a batch rewrites only what it touched; one JSON blob per stage made every batch re-encode
    # everything seen so far (a third of clustering time at 20k articles, growing with the corpus).
    # Existing blobs are split in place (JSON1); member lists are not kept, they are in
    # story_members and mentions already.
    return """
        CREATE TABLE stage_records (
            stage TEXT NOT NULL,            -- stage_state.name
            key TEXT NOT NULL,              -- "story|<id>", "df|<channel>|<term>", "entity|<id>"
            value TEXT NOT NULL,            -- JSON
            PRIMARY KEY (stage, key)
        ) WITHOUT ROWID;
        INSERT INTO stage_records
            SELECT 'story_clusterer', 'story|' || json_extract(s.value, '$.id'),
                   json_set(json_remove(s.value, '$.id', '$.doc_ids'), '$.seq', s.key)
            FROM stage_state, json_each(stage_state.value, '$.stories') AS s
            WHERE stage_state.name = 'story_clusterer';
        INSERT INTO stage_records
            SELECT 'story_clusterer', 'df|' || c.key || '|' || d.key, d.value
            FROM stage_state, json_each(stage_state.value, '$.df') AS c, json_each(c.value) AS d
            WHERE stage_state.name = 'story_clusterer';
        UPDATE stage_state
            SET value = json_set(json_remove(value, '$.stories', '$.df'), '$.version', 2,
                                 '$.next_seq', json_array_length(value, '$.stories'), '$.token', 'migrated')
            WHERE name = 'story_clusterer';
        INSERT INTO stage_records
            SELECT 'entity_resolver', 'entity|' || json_extract(e.value, '$.id'),
                   json_remove(e.value, '$.id', '$.article_ids')
            FROM stage_state, json_each(stage_state.value, '$.entities') AS e
            WHERE stage_state.name = 'entity_resolver';
        UPDATE stage_state SET value = json_set(json_remove(value, '$.entities'), '$.version', 2)
            WHERE name = 'entity_resolver';
        """


def _m010_entity_spans() -> str:
    # entity_spans: the NER entities of the per-article `ner` stage (JSON list of [start, end, label]),
    # so the model runs in the workers and the driver only resolves; NULL for articles stored before
    # (the entity stage recognises those itself) and for languages without a model.
    return "ALTER TABLE articles ADD COLUMN entity_spans TEXT"


# Marks every stored story summary stale, so that the next run that clusters (ingest, link) recomputes it.
_RESTALE_STORIES = "INSERT OR REPLACE INTO stage_records SELECT 'stories_stale', story_id, 'true' FROM stories"


def _m011_restale_story_summaries() -> str:
    # Story summaries changed: a scoop and its uncredited rewrite count as one independent report
    # (pipeline.lineage.provenance._carrier), "Local media" is no source node, and labels leave out wire
    # datelines: groups, originals, independent reports and labels are recomputed.
    return _RESTALE_STORIES


def _m012_restale_story_timelines() -> str:
    # Timelines merge one event across languages and spellings and describe it in the label language;
    # representative sentences skip headlines and restatements; an article that is one outlet's report credits
    # others through that outlet (fewer independent reports): stored summaries are recomputed.
    return _RESTALE_STORIES


def _m013_restale_story_leads() -> str:
    # Representative sentences and untitled headlines skip a byline that opens a text ("By Clara Whitfield"):
    # stored summaries are recomputed.
    return _RESTALE_STORIES


def _m014_claims_entity() -> str:
    # Claims found by their source entity: the entity resolver moves an entity's claims when it folds the entity
    # into another (the same organisation written two ways in different articles, joined by one that writes both).
    return "CREATE INDEX claims_entity ON claims(entity_id)"


MIGRATIONS: list[Callable[[], str]] = [
    _m001_articles,
    _m002_lineage,
    _m003_stories,
    _m004_claims,
    _m005_entities,
    _m006_events,
    _m007_sentence_vectors,
    _m008_paging,
    _m009_stage_records,
    _m010_entity_spans,
    _m011_restale_story_summaries,
    _m012_restale_story_timelines,
    _m013_restale_story_leads,
    _m014_claims_entity,
]


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
