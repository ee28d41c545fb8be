"""Real-data checks on ../shared (skipped cleanly when it is absent): seeds and the dev corpus ingest right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storytrace import Corpus

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seeds_corpus(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    corpus = Corpus(tmp_path_factory.mktemp("seeds") / "seeds.db")
    corpus.ingest([str(shared_dir / "seeds")])
    return corpus


def _seed(corpus: Corpus, prefix: str) -> dict:
    [row] = [a for a in corpus.articles(limit=None) if a["id"].startswith(prefix)]
    return row


def test_seed_dates_and_language(seeds_corpus: Corpus) -> None:
    assert _seed(seeds_corpus, "000_")["published"] == "2023-05-15"
    assert _seed(seeds_corpus, "001_")["published"] == "2023-05-15"
    assert _seed(seeds_corpus, "002_")["published"] is None
    assert {a["language"] for a in seeds_corpus.articles(limit=None)} == {"en"}


def test_seed_boilerplate_removed_and_evidence_kept(seeds_corpus: Corpus) -> None:
    farm, later = _seed(seeds_corpus, "001_"), _seed(seeds_corpus, "002_")
    removed = farm["meta"]["boilerplate_removed"]
    assert [line.split(":")[0] for line in removed] == ["See Also", "See Also", "Read Next"]
    assert "See Also:" not in farm["text"] and "Read Next:" not in farm["text"]
    assert later["meta"]["boilerplate_removed"][0].startswith("Sharon Rock is an author and journalist")
    assert "is an author and journalist" not in later["text"]
    assert later["meta"]["source_lines"] == ["Source: BNR"] and "Source: BNR" in later["text"]
    assert later["meta"]["editor_notes"][0].startswith("Editor's note")


def test_dev_corpus_ingests_with_zero_rejects(shared_dir: Path, tmp_path: Path) -> None:
    dev = shared_dir / "corpus" / "dev" / "articles.jsonl"
    expected = [json.loads(line)["id"] for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    with Corpus(tmp_path / "dev.db") as corpus:
        summary = corpus.ingest([str(dev)], jobs=2)
        assert summary.rejected_total == 0, corpus.rejects()
        assert sorted(a["id"] for a in corpus.articles(limit=None)) == sorted(expected)
        assert corpus.stats()["languages"]["fr"] >= 30


def test_seed_001_derives_from_000_and_their_story_is_one_independent_report(seeds_corpus: Corpus) -> None:
    scoop, farm = _seed(seeds_corpus, "000_")["id"], _seed(seeds_corpus, "001_")["id"]
    assert {(d["source_id"], d["target_id"]) for d in seeds_corpus.derivations(farm)} == {(scoop, farm)}
    post = [c for c in seeds_corpus.citations(farm) if c["source_name"] == "The Washington Post"]
    assert post and all(c["source_article_id"] == scoop for c in post)  # 000 carries the Post's report uncredited
    [story] = [s for s in seeds_corpus.stories(limit=None) if farm in s["article_ids"]]
    assert story["independent_reports"] == 1


def test_seed_002_is_bnr_relaying_two_independent_reports(seeds_corpus: Corpus) -> None:
    later = _seed(seeds_corpus, "002_")["id"]
    group = seeds_corpus.provenance(later)
    assert group is not None and sorted(group.roots) == ["ext:Meduza", "ext:RTVI"]
    assert ("ext:BNR", later) in {(e["source"], e["target"]) for e in group.edges}
