"""Sentence alignment on fictional pairs: what is aligned, by which method, and the summary numbers."""

from __future__ import annotations

import numpy as np
import pytest

from lineage.lineage_texts import (
    AGENCY_COPY,
    EXCERPT,
    FRENCH,
    GERMAN,
    LOOK_ALIKE,
    ORIGINAL,
    PARAPHRASE,
    RESPELLED_COPY,
    UNRELATED_SAME_TOPIC,
    cached_embeddings,
)
from storytrace.pipeline.lineage.align import (
    Alignment,
    PreparedText,
    _dice_matrix,
    _monotone_chain,
    align_prepared,
    align_sentences,
    align_within_reach,
    embed_sentences,
    prepare,
    sentence_texts,
    tokenize,
)

pytestmark = pytest.mark.usefixtures(cached_embeddings.__name__)


def _is_one_to_one(alignment: Alignment) -> bool:
    sources = [p.source_index for p in alignment.pairs]
    targets = [p.target_index for p in alignment.pairs]
    return len(set(sources)) == len(sources) and len(set(targets)) == len(targets)


def test_duplicate_aligns_everything_verbatim() -> None:
    alignment = align_sentences(ORIGINAL, ORIGINAL, "en", "en")
    assert len(alignment.pairs) == len(sentence_texts(ORIGINAL))
    assert all(p.method == "lexical" and p.score == pytest.approx(1.0) for p in alignment.pairs)
    assert alignment.coverage_later == alignment.coverage_earlier == pytest.approx(1.0)
    assert alignment.containment == pytest.approx(1.0)
    assert alignment.longest_verbatim_run == len(tokenize(ORIGINAL))
    assert alignment.order_agreement == 1.0


def test_agency_copy_leaves_the_added_sentence_unaligned() -> None:
    alignment = align_sentences(ORIGINAL, AGENCY_COPY, "en", "en")
    assert _is_one_to_one(alignment)
    assert {p.target_index for p in alignment.pairs} == set(range(8))  # not the reader call-out
    assert alignment.coverage_earlier == pytest.approx(1.0)
    assert 0.9 < alignment.coverage_later < 1.0
    assert alignment.longest_verbatim_run > 100


def test_paraphrase_is_aligned_in_order_with_little_verbatim_text() -> None:
    alignment = align_sentences(ORIGINAL, PARAPHRASE, "en", "en")
    assert _is_one_to_one(alignment)
    assert alignment.coverage_earlier > 0.7
    assert alignment.order_agreement == 1.0
    assert all(p.source_index + 1 == p.target_index for p in alignment.pairs)  # the headline is new
    assert alignment.containment < 0.3
    assert alignment.longest_verbatim_run < 15


@pytest.mark.parametrize("translation", [FRENCH, GERMAN], ids=["fr", "de"])
def test_translation_aligns_sentence_by_sentence_by_embedding(translation: str) -> None:
    language = "fr" if translation is FRENCH else "de"
    alignment = align_sentences(ORIGINAL, translation, "en", language)
    assert not alignment.same_language
    assert [(p.source_index, p.target_index) for p in alignment.pairs if p.method == "embedding"]
    assert sum(p.source_index == p.target_index for p in alignment.pairs) >= 7
    assert alignment.coverage_later > 0.8
    assert alignment.mean_score > 0.7


def test_excerpt_covers_the_short_text_only() -> None:
    alignment = align_sentences(ORIGINAL, EXCERPT, "en", "en")
    assert alignment.coverage_later == pytest.approx(1.0)
    assert alignment.coverage_earlier < 0.5
    assert alignment.shorter_coverage == pytest.approx(1.0)
    assert alignment.containment == pytest.approx(1.0)


def test_same_topic_articles_share_next_to_nothing() -> None:
    alignment = align_sentences(ORIGINAL, UNRELATED_SAME_TOPIC, "en", "en")
    assert alignment.shorter_coverage < 0.2
    assert alignment.containment < 0.05


def test_precomputed_embeddings_are_used_and_checked() -> None:
    vectors = embed_sentences(FRENCH)
    with_cache = align_sentences(ORIGINAL, FRENCH, "en", "fr", later_embeddings=vectors)
    assert with_cache == align_sentences(ORIGINAL, FRENCH, "en", "fr")
    with pytest.raises(ValueError, match="embeddings"):
        align_sentences(ORIGINAL, FRENCH, "en", "fr", later_embeddings=vectors[:2])
    # Vectors stored for another segmentation (an earlier version's) are dropped when the caller says so.
    assert prepare(FRENCH, "fr", vectors[:2], stale_embeddings=True).embeddings is None
    assert prepare(FRENCH, "fr", vectors, stale_embeddings=True).embeddings is vectors


def test_tokens_inside_quotation_marks_are_marked_quoted() -> None:
    prepared = prepare('Reyes said "the pier stays shut" and left. The «port is closed» now.', "en")
    quoted = [token for token, inside in zip(prepared.all_tokens, prepared.quoted, strict=True) if inside]
    assert quoted == ["the", "pier", "stays", "shut", "port", "is", "closed"]


def test_quotation_marks_are_found_across_sentences_and_texts_without_any() -> None:
    prepared = prepare('He said: "We leave. Tonight." Then he left.', "en")
    assert prepared.quoted == [False, False, True, True, True, False, False, False]
    assert not any(prepare("No quotation here. None there.", "en").quoted)


TEXTS = {
    "original": (ORIGINAL, "en"),
    "copy": (AGENCY_COPY, "en"),
    "respelled": (RESPELLED_COPY, "en"),
    "look-alike": (LOOK_ALIKE, "en"),
    "paraphrase": (PARAPHRASE, "en"),
    "excerpt": (EXCERPT, "en"),
    "unrelated": (UNRELATED_SAME_TOPIC, "en"),
    "french": (FRENCH, "fr"),
    "german": (GERMAN, "de"),
    "empty": ("", "en"),
}


def _reach(earlier: PreparedText, later: PreparedText) -> tuple[tuple[float, float], Alignment | None]:
    """The (coverage bound, shorter containment) `align_within_reach` asks about, and what it returns when told yes."""
    asked: list[tuple[float, float]] = []
    alignment = align_within_reach(earlier, later, lambda *bound: asked.append(bound) or True)
    return asked[0], alignment


def test_the_coverage_bound_holds_for_every_pair_and_a_pair_in_reach_aligns_as_usual() -> None:
    prepared = {name: prepare(text, language) for name, (text, language) in TEXTS.items()}
    for earlier in prepared.values():
        for later in prepared.values():
            full = align_prepared(earlier, later, runs=False)
            (coverage, containment), alignment = _reach(earlier, later)
            assert alignment == full
            assert coverage >= full.shorter_coverage
            assert containment == full.shorter_containment
            assert align_within_reach(earlier, later, lambda *bound: False) is None
    # Other reports of a topic are out of reach without aligning them.
    assert _reach(prepared["original"], prepared["unrelated"])[0][0] < 0.25


def test_dice_matrix_is_the_dice_coefficient_of_the_sentences_word_sets() -> None:
    prepared = [prepare(text, language) for text, language in TEXTS.values()] + [prepare("")]
    for a in prepared:
        for b in prepared:
            words_a, words_b = [set(s) for s in a.tokens], [set(s) for s in b.tokens]
            expected = [
                [2 * len(x & y) / (len(x) + len(y)) if x or y else 0.0 for y in words_b] for x in words_a
            ]
            assert _dice_matrix(a, b).shape == (len(words_a), len(words_b))
            assert np.allclose(_dice_matrix(a, b), np.asarray(expected).reshape(len(words_a), len(words_b)))


def test_empty_text_aligns_to_nothing() -> None:
    alignment = align_sentences("", ORIGINAL, "en", "en")
    assert alignment.pairs == ()
    assert alignment.coverage_later == 0.0


def test_monotone_chain_keeps_the_heaviest_order_preserving_cells() -> None:
    weights = np.array([[0.9, 0.0, 0.0], [0.0, 0.0, 0.8], [0.0, 0.7, 0.0]])
    # (1, 2) and (2, 1) cross: the chain keeps the heavier one.
    assert _monotone_chain(weights) == [(0, 0), (1, 2)]


def test_quoted_words_do_not_count_in_the_unquoted_run() -> None:
    statement = '"We will rebuild every house the water took, and we will start on Monday morning," the mayor said.'
    first = f"Residents returned to the quay on Wednesday.\n{statement}\n"
    second = f"Shops stayed closed along the harbour road.\n{statement}\n"
    alignment = align_sentences(first, second, "en", "en")
    assert alignment.longest_verbatim_run >= 16
    assert alignment.longest_unquoted_run == 3  # "the mayor said"


def test_guillemets_and_low_quotes_are_quotations() -> None:
    french = "« Nous reconstruirons chaque maison que l'eau a emportée », a déclaré le maire lundi soir."
    german = "„Wir bauen jedes Haus wieder auf, das das Wasser genommen hat“, sagte der Bürgermeister am Montag."
    for text in (french, german):
        alignment = align_sentences(text, text, None, None)
        assert alignment.longest_unquoted_run < alignment.longest_verbatim_run


def test_unknown_script_pairs_are_aligned_by_words_only() -> None:
    alignment = align_sentences(ORIGINAL, FRENCH, "en", "gu")  # French text labelled Gujarati
    assert all(p.method == "lexical" for p in alignment.pairs)
