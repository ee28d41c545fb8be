"""Verification of one article's candidates: redundant links to copies of one text are left out."""

from __future__ import annotations

from storytrace.model import Derivation
from storytrace.pipeline.lineage.verify import Verified, without_redundant


def _found(other: str, sentences: set[int], score: float = 0.8, later: bool = False) -> Verified:
    return Verified(Derivation(other, "new", "copy", score, ()), frozenset(sentences), later)


def _kept(found: list[Verified], share: float = 0.8) -> list[str]:
    return [d.source_id for d in without_redundant(found, share)]


def test_a_source_that_accounts_for_nothing_new_is_dropped() -> None:
    assert _kept([_found("wire-copy-b", {1, 2}), _found("wire-copy-a", {0, 1, 2, 3})]) == ["wire-copy-a"]


def test_a_second_source_with_sentences_of_its_own_is_kept_in_candidate_order() -> None:
    found = [_found("report-b", {4, 5, 6}), _found("report-a", {0, 1, 2, 3})]
    assert _kept(found) == ["report-b", "report-a"]


def test_equally_good_sources_and_later_articles_are_all_kept() -> None:
    assert _kept([_found("original", {0, 1, 2}), _found("duplicate", {0, 1, 2})]) == ["original", "duplicate"]
    assert _kept([_found("next-day-rewrite", {1, 2}, later=True), _found("copy", {0, 1, 2, 3})]) == [
        "next-day-rewrite",
        "copy",
    ]


def test_the_share_decides_and_ties_go_to_the_higher_score() -> None:
    found = [_found("a", {0, 1, 2}, 0.7), _found("b", {0, 1, 2, 9}, 0.9)]
    assert _kept(found, 0.8) == ["b"]  # all 3 of a's sentences are b's
    found = [_found("a", {0, 1, 2, 5}, 0.7), _found("b", {0, 1, 2, 9, 10}, 0.9)]
    assert _kept(found, 0.8) == ["a", "b"]  # 3 of 4 < 0.8
    assert _kept(found, 0.75) == ["b"]
    assert without_redundant([], 0.8) == []
