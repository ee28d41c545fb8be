"""Stories in the store: the sample corpus clusters into its labelled events, incrementally and in batch."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_CORPUS
from storytrace import Corpus
from storytrace.cli import app
from storytrace.model import Article

LABELS = json.loads((ROOT / "examples" / "labels.json").read_text(encoding="utf-8"))
STORY_OF = {article_id: label["story"] for article_id, label in LABELS["articles"].items()}


def _partition(corpus: Corpus) -> set[frozenset[str]]:
    return {frozenset(s["article_ids"]) for s in corpus.stories(limit=None)}


def _gold() -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article_id, story in STORY_OF.items():
        groups.setdefault(story, set()).add(article_id)
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def clustered(sample_db: Path) -> Corpus:
    return Corpus(sample_db)


def test_stories_are_the_labelled_events_lookalikes_apart(clustered: Corpus) -> None:
    assert _partition(clustered) == _gold()


def test_story_knows_its_summary_and_provenance(clustered: Corpus) -> None:
    for summary in clustered.stories(limit=None):
        story = clustered.story(summary["story_id"])
        assert story is not None and story["label"]
        assert story["article_count"] == len(story["articles"]) == len(story["article_ids"])
        assert 1 <= story["independent_reports"] <= story["article_count"] + len(story["external_sources"])
        assert set(story["original_article_ids"]) <= set(story["article_ids"])
        assert story["first_published"] <= story["last_published"]
        assert {node for g in story["groups"] for node in g["nodes"] if not node.startswith("ext:")} == set(
            story["article_ids"])


def test_lookalike_stories_of_the_same_people_share_a_storyline(clustered: Corpus) -> None:
    by_label = {STORY_OF[s["article_ids"][0]]: s for s in clustered.stories(limit=None)}
    assert by_label["T01"]["storyline_id"] is not None
    assert by_label["T01"]["storyline_id"] == by_label["T02"]["storyline_id"]
    assert by_label["T03"]["storyline_id"] != by_label["T04"]["storyline_id"] or by_label["T03"]["storyline_id"] is None


def test_recluster_and_shuffled_incremental_agree(clustered: Corpus, tmp_path: Path) -> None:
    files = sorted(p for p in SAMPLE_CORPUS.rglob("*") if p.is_file())
    random.Random(3).shuffle(files)
    with Corpus(tmp_path / "shuffled.db") as shuffled:
        for chunk in (files[:10], files[10:]):
            shuffled.ingest([str(p) for p in chunk])
        # file ids are relative to the given path, so compare by partition sizes and recluster stability
        incremental = sorted(len(s["article_ids"]) for s in shuffled.stories(limit=None))
        shuffled.recluster()
        batch = sorted(len(s["article_ids"]) for s in shuffled.stories(limit=None))
    assert incremental == batch == sorted(len(g) for g in _gold())


def test_cli_stories_story_export(clustered: Corpus) -> None:
    runner = CliRunner()
    db = str(clustered.store.path)
    listing = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)
    assert len(listing) == len(_gold())
    assert [s["last_published"] for s in listing] == sorted((s["last_published"] for s in listing), reverse=True)
    first = listing[0]["story_id"]
    shown = runner.invoke(app, ["story", first, "--db", db])
    assert shown.exit_code == 0 and "independent report" in shown.stdout
    exported = runner.invoke(app, ["export", "stories", "--db", db])
    row = json.loads(exported.stdout.splitlines()[0])
    assert list(row)[:8] == ["story_id", "label", "article_ids", "first_published", "last_published",
                             "original_article_ids", "independent_reports", "storyline_id"]
    german = json.loads(runner.invoke(app, ["stories", "--db", db, "--lang", "es", "--json"]).stdout)
    assert german and all("es" in s["languages"] for s in german)
    assert runner.invoke(app, ["story", "nope", "--db", db]).exit_code == 1


def _fictional_batches() -> list[list[Article]]:
    """Three ingest runs of made-up articles about twelve events, with embeddings scattered per event."""
    rng = np.random.default_rng(5)
    centres = rng.normal(size=(12, 512))
    places = ["Varno", "Keltsa", "Ostrel", "Brima", "Dunmor", "Halvik", "Toska", "Pelgrad", "Norvo", "Quenta"]
    articles = []
    for i in range(60):
        event = i % 12
        vector = (centres[event] + 0.5 * rng.normal(size=512)).astype(np.float32)
        articles.append(
            Article(
                id=f"f{i:02d}",
                text=f"Report {i}\nOfficials in {places[event % 10]} said {event * 7 + 3} people were hurt in "
                f"the {['fire', 'flood', 'collapse'][event % 3]} at the {places[(event + 3) % 10]} depot.",
                published=f"2031-0{1 + event % 6}-{10 + i % 3}",
                language="en",
                content_hash=f"f{i}",
                embedding=vector.tobytes(),
            )
        )
    return [articles[:25], articles[25:40], articles[40:]]


def test_a_clusterer_reloaded_from_the_store_decides_as_the_one_kept_in_memory(tmp_path: Path) -> None:
    def memberships(corpus: Corpus) -> dict[str, str]:
        return {a: s["story_id"] for s in corpus.stories(limit=None) for a in s["article_ids"]}

    batches = _fictional_batches()
    with Corpus(tmp_path / "kept.db") as kept:
        run = kept.store.start_run([])
        for batch in batches:
            kept.store.write_batch(batch, run)
            kept.cluster()
        expected = memberships(kept)
    for batch in batches:
        with Corpus(tmp_path / "reopened.db") as reopened:
            reopened.store.write_batch(batch, reopened.store.start_run([]))
            reopened.cluster()
    with Corpus(tmp_path / "reopened.db") as reopened:
        assert memberships(reopened) == expected
    assert len(set(expected.values())) > 1
