"""The bundled sample corpus ingests exactly as its labels say: ids, dates, languages, boilerplate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_CORPUS
from storytrace import Corpus

LABELS = json.loads((ROOT / "examples" / "labels.json").read_text(encoding="utf-8"))["articles"]


@pytest.fixture(scope="module")
def sample(sample_db: Path) -> tuple[Corpus, object]:
    return Corpus(sample_db), None


def test_every_labelled_article_and_nothing_else(sample: tuple[Corpus, object]) -> None:
    corpus, _ = sample
    assert corpus.rejects() == []
    assert {a["id"] for a in corpus.articles(limit=None)} == set(LABELS)


@pytest.mark.parametrize("article_id", sorted(LABELS))
def test_date_language_and_boilerplate_match_labels(sample: tuple[Corpus, object], article_id: str) -> None:
    corpus, _ = sample
    article = corpus.article(article_id)
    label = LABELS[article_id]
    assert article is not None
    assert (article["published"] or "")[:10] == (label["published"] or "")
    assert article["language"] == label["language"]
    assert sorted(article["meta"].get("boilerplate_removed", [])) == sorted(label.get("boilerplate_removed", []))


def test_exact_duplicate_points_at_earliest(sample: tuple[Corpus, object]) -> None:
    corpus, _ = sample
    duplicates = [(i, d["source"]) for i, lab in LABELS.items() for d in lab.get("derivations", [])
                  if d["kind"] == "duplicate"]
    assert duplicates
    for copy_id, original_id in duplicates:
        copy = corpus.article(copy_id)
        assert copy is not None and copy["duplicate_of"] == original_id


def test_parallel_ingest_gives_the_same_articles(tmp_path: Path, sample: tuple[Corpus, object]) -> None:
    corpus, _ = sample
    with Corpus(tmp_path / "parallel.db") as parallel:
        parallel.ingest([str(SAMPLE_CORPUS)], jobs=2, batch_size=5)
        assert [(a["id"], a["text"]) for a in parallel.iter_articles()] == [
            (a["id"], a["text"]) for a in corpus.iter_articles()]
