"""The lineage stage on the sample corpus: derivations within stories, typed, acyclic, with evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_CORPUS
from storytrace import Corpus
from storytrace.cli import app

LABELS = json.loads((ROOT / "examples" / "labels.json").read_text(encoding="utf-8"))["articles"]
GOLD = {
    frozenset((article_id, d["source"])): d["kind"]
    for article_id, label in LABELS.items()
    for d in label.get("derivations", [])
}


@pytest.fixture(scope="module")
def linked(sample_db: Path) -> Corpus:
    return Corpus(sample_db)


def test_derivations_stay_within_stories_and_find_most_labelled_pairs(linked: Corpus) -> None:
    derivations = linked.derivations()
    assert all(LABELS[d["source_id"]]["story"] == LABELS[d["target_id"]]["story"] for d in derivations)
    found = {frozenset((d["source_id"], d["target_id"])) for d in derivations}
    assert len(found & set(GOLD)) / len(GOLD) >= 0.7


def test_kinds_match_labels_where_found(linked: Corpus) -> None:
    by_pair = {frozenset((d["source_id"], d["target_id"])): d["kind"] for d in linked.derivations()}
    for pair, kind in GOLD.items():
        if pair in by_pair and kind == "translation":
            assert by_pair[pair] == "translation"
        if pair in by_pair and kind in {"duplicate", "copy"}:
            assert by_pair[pair] in {"duplicate", "copy", "same_source", "excerpt"}


def test_every_derivation_has_evidence_and_the_graph_has_no_cycle(linked: Corpus) -> None:
    derivations = linked.derivations()
    assert derivations and all(d["evidence"] and d["evidence"][0]["target_sentence"] for d in derivations)
    graph: dict[str, list[str]] = {}
    for d in derivations:
        graph.setdefault(d["source_id"], []).append(d["target_id"])

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(
            n == goal or (n not in seen and not seen.add(n) and reaches(n, goal, seen)) for n in graph.get(start, [])
        )

    assert not any(reaches(d["target_id"], d["source_id"], set()) for d in derivations)


def test_reingest_adds_no_derivation(linked: Corpus) -> None:
    before = linked.derivations()
    summary = linked.ingest([str(SAMPLE_CORPUS)])
    assert summary.derivations == 0 and linked.derivations() == before


def test_provenance_group_has_roots_and_counts_independent_reports(linked: Corpus) -> None:
    scoop = "text/harbour-ledger-corvan-scoop.txt"
    group = linked.provenance(scoop)
    assert group is not None and scoop in group.nodes and group.roots
    assert 1 <= group.independent_reports < len(group.nodes)


def test_cli_provenance_export_and_similarity(linked: Corpus, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(linked.store.path)
    tree = runner.invoke(app, ["provenance", "text/harbour-ledger-corvan-scoop.txt", "--db", db])
    assert tree.exit_code == 0 and "independent report" in tree.stdout
    exported = runner.invoke(app, ["export", "derivations", "--db", db])
    first = json.loads(exported.stdout.splitlines()[0])
    assert list(first)[:5] == ["source_id", "target_id", "kind", "score", "evidence"]
    citations = runner.invoke(app, ["export", "citations", "--db", db])
    assert {"article_id", "source_name", "source_article_id", "cue", "sentence"} <= set(
        json.loads(citations.stdout.splitlines()[0])
    )
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps(
            {
                "id": "x",
                "text1": "The pier closes on Monday for repairs.",
                "text2": "La jetée ferme lundi pour des réparations.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    scored = runner.invoke(app, ["similarity", str(pairs)])
    result = json.loads(scored.stdout)
    assert result["id"] == "x" and 0.0 <= result["score"] <= 1.0
