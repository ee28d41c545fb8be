"""Graded similarity of two articles (0..1), for `storytrace similarity` and for ranking candidates.

"Same story" covers more than copying, so three signals can be mixed: the cosine of the two whole-text
embeddings (multilingual USE: two independent reports of one event in any two languages come out
close), the cosine of the mean sentence embeddings (which sees past the head of a long text), and the
share of each text that aligns sentence by sentence (which lifts copies, rewrites and translations
above mere same-topic pairs). The weights were chosen on one half of the SemEval-2022 Task 8 sample
(evaluation/semeval.py), the other half being held out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storytrace.pipeline.lineage.align import PreparedText, align_prepared, prepare


@dataclass(frozen=True, slots=True)
class SimilarityWeights:
    """How the signals combine, chosen on the tune half of the SemEval sample (evaluation/semeval.py).

    There the whole-text cosine alone, rescaled from a floor of 0.3, is best (Pearson 0.752); the
    mean-sentence cosine and alignment coverage add nothing to "same story" judgements, which are
    rarely about copying. Coverage keeps a tenth of the weight all the same (r 0.747 on the tune
    half) so that a copy ranks above a mere retelling of the same events.
    """

    # Cosines of unrelated news texts sit around 0.1-0.3 (news shares a direction in USE space);
    # each cosine is rescaled from this floor to 1, and anything below counts as unrelated.
    cosine_floor: float = 0.3
    # Weight of the whole-text cosine and of the mean-sentence cosine; alignment coverage gets the rest.
    document_weight: float = 0.9
    sentence_weight: float = 0.0


@dataclass(frozen=True, slots=True)
class SimilaritySignals:
    """The raw signals of one pair, kept apart so that weights can be refitted without re-encoding."""

    document_cosine: float
    sentence_cosine: float
    coverage: float


def mean_sentence_vector(prepared: PreparedText) -> np.ndarray:
    """The L2-normalised mean of a text's sentence embeddings."""
    mean = prepared.sentence_embeddings().mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def similarity_signals(a: PreparedText, b: PreparedText) -> SimilaritySignals:
    """Whole-text cosine, mean-sentence cosine and mean alignment coverage of two prepared texts."""
    if not a.sentences or not b.sentences:
        return SimilaritySignals(0.0, 0.0, 0.0)
    alignment = align_prepared(a, b)
    return SimilaritySignals(
        document_cosine=float(a.text_embedding() @ b.text_embedding()),
        sentence_cosine=float(mean_sentence_vector(a) @ mean_sentence_vector(b)),
        coverage=(alignment.coverage_earlier + alignment.coverage_later) / 2.0,
    )


def combine(signals: SimilaritySignals, weights: SimilarityWeights = SimilarityWeights()) -> float:
    """Rescale the cosines from their floor and mix them with the alignment coverage, in 0..1."""

    def rescale(cosine: float) -> float:
        return min(1.0, max(0.0, (cosine - weights.cosine_floor) / (1.0 - weights.cosine_floor)))

    coverage_weight = max(0.0, 1.0 - weights.document_weight - weights.sentence_weight)
    return (
        weights.document_weight * rescale(signals.document_cosine)
        + weights.sentence_weight * rescale(signals.sentence_cosine)
        + coverage_weight * signals.coverage
    )


def prepared_similarity(a: PreparedText, b: PreparedText, weights: SimilarityWeights = SimilarityWeights()) -> float:
    """`pair_similarity` of two prepared texts (callers comparing one article with many prepare it once)."""
    return combine(similarity_signals(a, b), weights)


def pair_similarity(text1: str, text2: str, lang1: str | None = None, lang2: str | None = None) -> float:
    """Similarity of two news texts in 0..1: near 1 for copies, high for one story told twice (in any
    two languages), low for different stories."""
    return prepared_similarity(prepare(text1, lang1), prepare(text2, lang2))
