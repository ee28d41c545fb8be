"""Pair similarity orders fictional pairs: copies > translations/rewrites > same topic > other topic."""

from __future__ import annotations

import pytest

from lineage.lineage_texts import (
    AGENCY_COPY,
    FRENCH,
    GERMAN,
    ORIGINAL,
    PARAPHRASE,
    UNRELATED_SAME_TOPIC,
    cached_embeddings,
)
from storytrace.pipeline.lineage.similarity import SimilaritySignals, SimilarityWeights, combine, pair_similarity

OTHER_TOPIC = """\
The city council approved a new budget for public libraries on Thursday.
Opening hours will be extended on weekends, and two branches will get new reading rooms.
The library association welcomed the decision but asked for more staff.
"""

pytestmark = pytest.mark.usefixtures(cached_embeddings.__name__)


def test_identical_texts_score_one() -> None:
    assert pair_similarity(ORIGINAL, ORIGINAL, "en", "en") == pytest.approx(1.0, abs=1e-4)


def test_similarity_orders_the_kinds_of_relation() -> None:
    copy = pair_similarity(ORIGINAL, AGENCY_COPY, "en", "en")
    rewrite = pair_similarity(ORIGINAL, PARAPHRASE, "en", "en")
    french = pair_similarity(ORIGINAL, FRENCH, "en", "fr")
    german = pair_similarity(ORIGINAL, GERMAN, "en", "de")
    same_topic = pair_similarity(ORIGINAL, UNRELATED_SAME_TOPIC, "en", "en")
    other_topic = pair_similarity(ORIGINAL, OTHER_TOPIC, "en", "en")
    assert copy > 0.9
    assert min(rewrite, french, german) > 0.7
    assert copy > max(rewrite, french, german) > min(rewrite, french, german) > same_topic > other_topic
    assert other_topic < 0.2


def test_empty_text_scores_zero() -> None:
    assert pair_similarity("", ORIGINAL) == 0.0


def test_combine_stays_in_range() -> None:
    weights = SimilarityWeights(cosine_floor=0.2, document_weight=0.5, sentence_weight=0.3)
    assert combine(SimilaritySignals(0.1, 0.1, 0.0), weights) == 0.0
    assert combine(SimilaritySignals(1.0, 1.0, 1.0), weights) == pytest.approx(1.0)
    assert 0.0 < combine(SimilaritySignals(0.6, 0.5, 0.3), weights) < 1.0
