"""Search in any language: full-text and multilingual semantic rankings fused, and the lead index it reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace import Corpus
from storytrace.search import SearchMode, reciprocal_rank_fusion
from storytrace.store import ann as ann_module
from unit.helpers import write_jsonl

REPORTS = [
    {"id": "en", "language": "en", "title": "Earthquake shakes Velmar",
     "text": "A strong earthquake shook the port city of Velmar on Sunday, destroying houses and killing twelve "
             "people, the national seismic office said."},
    {"id": "fr", "language": "fr", "title": "Un séisme frappe Velmar",
     "text": "Un violent séisme a secoué dimanche la ville portuaire de Velmar, détruisant des maisons et tuant "
             "douze personnes, selon l'office sismologique national."},
    {"id": "cake", "language": "en", "title": "Baking club wins prize",
     "text": "The Ostrava baking club won the regional prize for its chocolate cake with cherries and cream."},
]


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]], k=60)
    assert [item for item, _ in fused] == ["b", "a", "d", "c"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    write_jsonl(tmp_path / "feed.jsonl", REPORTS)
    with Corpus(tmp_path / "news.db") as opened:
        opened.ingest([str(tmp_path / "feed.jsonl")])
        yield opened


def test_a_query_finds_the_report_in_another_language_by_meaning(corpus: Corpus) -> None:
    query = "strong earthquake destroys homes and kills twelve"
    hybrid = {hit["id"]: hit["match"] for hit in corpus.search(query)}
    assert hybrid == {"en": "both", "fr": "semantic"}  # the cake is below the semantic floor, "and" no match
    assert [hit["id"] for hit in corpus.search(query, mode=SearchMode.LEXICAL)] == ["en"]
    semantic = corpus.search(query, mode=SearchMode.SEMANTIC)
    assert {hit["id"] for hit in semantic} == {"en", "fr"} and all(hit["similarity"] >= 0.3 for hit in semantic)
    french = next(hit for hit in semantic if hit["id"] == "fr")
    assert french["snippet"].startswith("Un violent séisme")  # its lead, for want of a matched word


def test_the_lead_index_holds_the_linked_articles_and_is_not_rebuilt_by_the_next_run(
    tmp_path: Path, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuilds: list[int] = []
    original = ann_module.AnnIndex._rebuild
    monkeypatch.setattr(ann_module.AnnIndex, "_rebuild", lambda self: rebuilds.append(1) or original(self))
    index = ann_module.AnnIndex(Path(str(corpus.store.path) + ".ann"), corpus.store)
    assert len(index) == 3 and rebuilds == []  # the file the link run saved matches the store
    write_jsonl(tmp_path / "more.jsonl", [REPORTS[0] | {"id": "en2", "text": REPORTS[0]["text"] + " More soon."}])
    corpus.ingest([str(tmp_path / "more.jsonl")])
    assert rebuilds == [] and len(corpus._lead_index()) == 4


def test_a_pasted_headline_finds_articles_holding_some_of_its_words(corpus: Corpus) -> None:
    lexical = [hit["id"] for hit in corpus.search("Earthquake shakes port tonight", mode=SearchMode.LEXICAL)]
    assert lexical == ["en"]  # no article holds "tonight": any word counts, after the articles holding all
    assert corpus.search("earthquake AND tonight", mode=SearchMode.LEXICAL) == []  # FTS5 syntax is meant as written


def test_untitled_articles_are_listed_and_found_by_their_lead(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "untitled.jsonl", [{"id": "u1", "text": "VELMAR (Velmar Press) — The pier will close on "
                                               "Monday for repairs. Traders were told on Friday."}])
    with Corpus(tmp_path / "u.db") as corpus:
        corpus.ingest([str(tmp_path / "untitled.jsonl")])
        expected = "The pier will close on Monday for repairs."
        assert corpus.articles()[0]["headline"] == expected  # the dateline is no part of it
        assert corpus.search("pier repairs", mode=SearchMode.LEXICAL)[0]["headline"] == expected
        assert corpus.article_summaries(["u1"])["u1"]["headline"] == expected
