"""Verification of one article's candidates: redundant links to copies of one text and sibling links are left out."""

from __future__ import annotations

import pytest

from lineage.lineage_texts import FRENCH, ORIGINAL, PARAPHRASE, cached_embeddings
from storytrace.model import Derivation
from storytrace.pipeline.lineage.kinds import KindThresholds
from storytrace.pipeline.lineage.verify import (
    Verified,
    VerifyPartition,
    prepare_article,
    verify_pair,
    verify_partition,
    without_redundant,
    without_siblings,
)


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


def _link(other: str, score: float, sentences: set[int]) -> Verified:
    return Verified(Derivation(other, "new", "translation", score, ()), frozenset(sentences), False)


LANGUAGES = {"new": "de", "original": "en", "rewrite": "en", "french": "fr"}


def _siblings_kept(found: list[Verified], between: dict[frozenset[str], float]) -> list[str]:
    kept = without_siblings("new", found, LANGUAGES, lambda a, b: between.get(frozenset((a, b))), KindThresholds())
    return [v.derivation.source_id for v in kept]


def test_the_least_alike_link_of_a_triangle_is_a_sibling_link() -> None:
    # A German text aligned to an English original and to an English rewrite of it: the rewrite's link
    # is the weaker translation, and the original accounts for what it shares.
    found = [_link("rewrite", 0.7, {0, 1, 2}), _link("original", 0.85, {0, 1, 2, 3})]
    assert _siblings_kept(found, {frozenset(("original", "rewrite")): 0.9}) == ["original"]
    # Without a link between the two candidates there is no triangle.
    assert _siblings_kept(found, {}) == ["rewrite", "original"]


def test_links_of_other_language_pairs_or_other_sentences_are_kept() -> None:
    # de-fr and de-en translation scores are not one scale: three languages are left alone.
    found = [_link("french", 0.7, {0, 1, 2}), _link("original", 0.85, {0, 1, 2})]
    assert _siblings_kept(found, {frozenset(("original", "french")): 0.9}) == ["french", "original"]
    # A compilation: the weaker source gave sentences the stronger one does not account for.
    found = [_link("rewrite", 0.7, {4, 5, 6}), _link("original", 0.85, {0, 1, 2, 3})]
    assert _siblings_kept(found, {frozenset(("original", "rewrite")): 0.9}) == ["rewrite", "original"]


@pytest.mark.usefixtures(cached_embeddings.__name__)
def test_a_translation_keeps_its_original_and_drops_the_rewrite_of_it() -> None:
    texts = {
        "original": (ORIGINAL, "en", "2024-03-04"),
        "rewrite": (PARAPHRASE, "en", "2024-03-05"),
        "french": (FRENCH, "fr", "2024-03-05"),
    }
    articles = {
        key: {"id": key, "text": text, "language": language, "outlet": f"{key}.example", "published": published}
        | {"sentence_vectors": None}
        for key, (text, language, published) in texts.items()
    }
    partition = VerifyPartition(
        tasks=(("french", ("original", "rewrite")),),
        articles=articles,
        credits={key: frozenset() for key in articles},
        thresholds=KindThresholds(),
        evidence_pairs=3,
    )
    french = articles["french"]
    unfiltered = [verify_pair(french, articles[o], {}, KindThresholds(), 3) for o in ("original", "rewrite")]
    assert all(unfiltered)  # both English texts align with the translation
    [(article_id, derivations)] = verify_partition(partition)
    assert article_id == "french"
    assert [(d.source_id, d.target_id, d.kind) for d in derivations] == [("original", "french", "translation")]


def test_an_article_is_prepared_once_per_process_while_its_input_is_unchanged() -> None:
    article = {"id": "wire-1", "text": ORIGINAL, "language": "en", "sentence_vectors": None}
    prepared = prepare_article(article)
    assert prepare_article(dict(article)) is prepared  # another partition's copy of the same article
    revised = prepare_article(article | {"text": ORIGINAL + "\nA correction was appended.\n"})
    assert revised is not prepared and revised.sentences[-1] == "A correction was appended."
