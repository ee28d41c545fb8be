"""Entities in the store: resolved across articles and spellings, with dossiers and claim links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storytrace import Corpus
from storytrace.cli import app


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


@pytest.mark.shared
def test_seed_variants_merge(shared_dir: Path, tmp_path: Path) -> None:
    with Corpus(tmp_path / "seeds.db") as corpus:
        corpus.ingest([str(shared_dir / "seeds")])
        prigozhin = corpus.entity("Пригожин") or corpus.entity("Prigozhin")
        assert prigozhin is not None and len(prigozhin["article_ids"]) == 3
        assert {"Prigozhin", "Pirgozhin"} <= set(prigozhin["aliases"])
        assert corpus.entity("Kiev") == corpus.entity("Kyiv")
