"""Story dossiers (Markdown, self-contained HTML) and GraphML exports of the sample corpus."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storytrace import Corpus
from storytrace.cli import app
from storytrace.report import story_html, story_markdown, write_graph

NS = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def sample(sample_db: Path) -> Corpus:
    return Corpus(sample_db)


def test_markdown_and_html_dossiers(sample: Corpus) -> None:
    story = next(s for s in sample.stories(limit=None) if "Corvan" in s["label"])
    markdown = story_markdown(sample, story["story_id"])
    assert markdown.startswith(f"# {story['label']}")
    for heading in ("## Original reports", "## Timeline", "## Claims", "## Entities", "## Articles"):
        assert heading in markdown
    html = story_html(sample, story["story_id"])
    assert "<svg" in html and "<style>" in html and "<script" not in html.lower()
    assert all(a in html for a in story["article_ids"])


def test_graphml_is_valid_and_complete(sample: Corpus) -> None:
    out = io.StringIO()
    write_graph(sample, "provenance", out)
    graph = ET.fromstring(out.getvalue().split("\n", 1)[1])
    node_ids = {n.get("id") for n in graph.iter(f"{NS}node")}
    assert {d["target_id"] for d in sample.derivations()} <= node_ids
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in graph.iter(f"{NS}edge"))
    entities = io.StringIO()
    assert write_graph(sample, "entities", entities) == len(sample.entities(limit=None))


def test_cli_report_and_graphml(sample: Corpus) -> None:
    runner = CliRunner()
    db = str(sample.store.path)
    story = sample.stories(limit=1)[0]["story_id"]
    assert runner.invoke(app, ["report", story, "--db", db, "--format", "html"]).stdout.startswith("<!doctype html>")
    assert runner.invoke(app, ["report", "nope", "--db", db]).exit_code == 1
    assert "<graphml" in runner.invoke(app, ["export", "entities", "--format", "graphml", "--db", db]).stdout
