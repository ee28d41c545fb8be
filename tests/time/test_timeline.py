"""Timelines in the store: events anchored on publication dates, merged across articles of a story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storytrace import Corpus
from storytrace.cli import app


@pytest.fixture(scope="module")
def dated(sample_db: Path) -> Corpus:
    return Corpus(sample_db)


def test_story_timeline_is_dated_sorted_and_sourced(dated: Corpus) -> None:
    story = next(s for s in dated.stories(limit=None) if "Corvan" in s["label"])
    entries = dated.timeline(story_id=story["story_id"])
    assert entries and [e["date_value"] for e in entries] == sorted(e["date_value"] for e in entries)
    assert all(set(e["article_ids"]) <= set(story["article_ids"]) for e in entries)
    assert all(1 <= e["independent_sources"] <= len(e["article_ids"]) for e in entries)
    late_january = [e for e in entries if e["date_value"] == "2025-01" and e["mod"] == "END"]
    assert late_january and late_january[0]["date_label"].startswith("late January")


def test_cli_timeline_and_export(dated: Corpus) -> None:
    runner = CliRunner()
    db = str(dated.store.path)
    story = dated.stories(limit=1)[0]["story_id"]
    shown = runner.invoke(app, ["timeline", "--story", story, "--db", db])
    assert shown.exit_code == 0 and "independent" in shown.stdout
    assert runner.invoke(app, ["timeline", "--db", db]).exit_code == 1
    row = json.loads(runner.invoke(app, ["export", "events", "--db", db]).stdout.splitlines()[0])
    assert list(row)[:10] == ["event_id", "date_value", "date_text", "mod", "granularity", "description",
                              "entity_ids", "article_ids", "story_id", "independent_sources"]


@pytest.mark.shared
def test_seed_offer_in_late_january(shared_dir: Path, tmp_path: Path) -> None:
    with Corpus(tmp_path / "seeds.db") as corpus:
        corpus.ingest([str(shared_dir / "seeds")])
        entries = corpus.timeline(entity="Prigozhin")
    offer = [e for e in entries if e["date_value"] == "2023-01" and e["mod"] == "END"]
    assert offer and "offer" in offer[0]["description"]
    assert offer[0]["independent_sources"] == 1 < len(offer[0]["article_ids"])  # 001 rewrites 000


def test_an_article_dated_only_by_month_is_anchored_on_its_story(tmp_path: Path) -> None:
    lead = "Harbour officials in Velmora said on Monday that the container crane collapsed at the east pier."
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "day", "published": "2024-04-09", "language": "en", "text": lead}) + "\n"
        + json.dumps({"id": "month", "published": "2024-04", "language": "en", "text": lead + " Work stopped."})
        + "\n",
        encoding="utf-8",
    )
    with Corpus(tmp_path / "t.db") as corpus:
        corpus.ingest([str(feed)])
        story = corpus.stories(limit=None)[0]
        entries = corpus.timeline(story_id=story["story_id"])
    assert {"day", "month"} <= {a for e in entries for a in e["article_ids"]}  # Monday before 2024-04-09
    assert {e["date_value"] for e in entries} == {"2024-04-08"}
