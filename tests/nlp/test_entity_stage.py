"""Entities in the store: resolved across articles and spellings, with dossiers and claim links."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import copy_db
from storytrace import Corpus
from storytrace.cli import app
from storytrace.pipeline.nlp import entity_stage
from storytrace.pipeline.nlp.entity_stage import EntityStage


@pytest.fixture(scope="module")
def resolved(sample_db: Path) -> Corpus:
    return Corpus(sample_db)


def test_people_resolve_across_articles_and_languages(resolved: Corpus) -> None:
    danescu = resolved.entity("Danescu")
    assert danescu is not None and danescu["type"] == "PERSON"
    assert "Aurel Danescu" in danescu["aliases"] and len(danescu["article_ids"]) >= 5
    assert danescu["stories"] and danescu["first_seen"] <= danescu["last_seen"]


def test_claim_sources_link_to_entities(resolved: Corpus) -> None:
    linked = [c for c in resolved.claims() if c["source"]["entity_id"]]
    assert linked
    for claim in linked[:20]:
        entity = resolved.find_entity(claim["source"]["entity_id"])
        assert entity is not None
        source = claim["source"]["name"].casefold()
        assert any(alias.casefold() in source for alias in entity["aliases"]), (source, entity["aliases"])


def test_cli_entity_entities_and_export(resolved: Corpus) -> None:
    runner = CliRunner()
    db = str(resolved.store.path)
    assert "Aurel Danescu" in runner.invoke(app, ["entity", "danescu", "--db", db]).stdout
    assert runner.invoke(app, ["entity", "Nobody Atall", "--db", db]).exit_code == 1
    rows = [json.loads(line) for line in runner.invoke(app, ["export", "entities", "--db", db]).stdout.splitlines()]
    assert list(rows[0])[:5] == ["entity_id", "name", "type", "aliases", "article_ids"]
    story = resolved.stories(limit=1)[0]["story_id"]
    listed = json.loads(runner.invoke(app, ["entities", "--story", story, "--db", db, "--json"]).stdout)
    assert listed


def _resolution(db: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    with sqlite3.connect(db) as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(sql).fetchall()
            for sql in ("SELECT * FROM mentions ORDER BY article_id, start, end",
                        "SELECT * FROM entities ORDER BY entity_id",
                        "SELECT key, value FROM stage_records WHERE stage = 'entity_resolver' ORDER BY key")
        )


def test_resolution_interrupted_mid_batch_resumes_to_the_uninterrupted_result(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches are committed whole: a crash inside one leaves the batches before it stored, none of its own
    articles, and the resolver's state of the stored ones, so a rerun ends where an uninterrupted run ends."""
    db = copy_db(sample_db, tmp_path)
    with sqlite3.connect(db) as connection:  # undo the sample ingest's resolution
        connection.executescript(
            "UPDATE articles SET resolved = 0; DELETE FROM mentions; DELETE FROM entities;"
            "DELETE FROM stage_records WHERE stage = 'entity_resolver';"
            "DELETE FROM stage_state WHERE name = 'entity_resolver';"
        )
    resolve = EntityStage._resolve
    calls = []

    def crashing(self: EntityStage, *args: object) -> entity_stage.ArticleResolution:
        calls.append(1)
        if len(calls) == 10:
            raise RuntimeError("killed")
        return resolve(self, *args)

    with Corpus(db) as corpus:
        with monkeypatch.context() as patched:
            patched.setattr(EntityStage, "_resolve", crashing)
            with pytest.raises(RuntimeError):
                EntityStage(corpus.store, batch_size=4).run()
        stored = corpus.store._query("SELECT COUNT(*) FROM articles WHERE resolved = 1")[0][0]
        mentioned = corpus.store._query("SELECT COUNT(DISTINCT article_id) FROM mentions")[0][0]
        assert stored == 8 and mentioned <= 8  # two whole batches, nothing of the third
        assert EntityStage(corpus.store, batch_size=4).run() > 0
    assert _resolution(db) == _resolution(sample_db)


@pytest.mark.shared
def test_seed_variants_merge(shared_dir: Path, tmp_path: Path) -> None:
    with Corpus(tmp_path / "seeds.db") as corpus:
        corpus.ingest([str(shared_dir / "seeds")])
        prigozhin = corpus.entity("Пригожин") or corpus.entity("Prigozhin")
        assert prigozhin is not None and len(prigozhin["article_ids"]) == 3
        assert {"Prigozhin", "Pirgozhin"} <= set(prigozhin["aliases"])
        assert corpus.entity("Kiev") == corpus.entity("Kyiv")


def test_entities_folded_together_by_a_later_article_move_their_stored_mentions_and_claims(tmp_path: Path) -> None:
    """Two names of one organisation met first in different ingest runs are two entities; an article of a later run
    that writes both folds one into the other, and everything stored under the folded one moves to it."""
    articles = [
        {"id": "a1", "text": "Storm warning\nThe VCA closed the harbour of Lindqvist on Monday. The VCA said that "
                             "storms were coming."},
        {"id": "a2", "text": "Harbour reopens\nThe Varnen Coastal Authority said that the harbour of Lindqvist would "
                             "reopen on Tuesday."},
        {"id": "a3", "text": "Dunes inspected\nThe Varnen Coastal Authority inspected the dunes near Lindqvist on "
                             "Wednesday. The VCA said the damage was small."},
    ]
    with Corpus(tmp_path / "folds.db") as corpus:
        for run, rows in enumerate((articles[:2], articles[2:])):
            feed = tmp_path / f"run{run}.jsonl"
            feed.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
            corpus.ingest([str(feed)])
            if run == 0:
                first = {e["name"]: e["entity_id"] for e in corpus.entities()}
                assert first["VCA"] != first["Varnen Coastal Authority"]
        entity = corpus.entity("Varnen Coastal Authority")
        assert entity is not None and entity == corpus.entity("VCA")
        assert entity["entity_id"] == first["VCA"] and entity["article_ids"] == ["a1", "a2", "a3"]
        assert corpus.find_entity(first["Varnen Coastal Authority"]) is None
        stored = corpus.store._query(
            "SELECT DISTINCT entity_id FROM mentions WHERE text IN ('VCA', 'Varnen Coastal Authority')"
        )
        assert {row[0] for row in stored} == {entity["entity_id"]}
        claims = {c["article_id"]: c["source"]["entity_id"] for c in corpus.claims()}
        assert claims["a2"] == claims["a1"] == entity["entity_id"]
