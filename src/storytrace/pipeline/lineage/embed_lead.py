"""Embed stage: one multilingual vector per article (headline + lead, as story clustering defines
it) for paraphrase and translation candidates and story clustering, and one per sentence (float16)
for the lineage stage's alignment, so that no sentence is encoded in the driver. Runs in the workers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storytrace.model import Article, Record
from storytrace.pipeline.base import Stage, StageResult
from storytrace.pipeline.embed import embed, embeddable
from storytrace.pipeline.lineage.align import sentence_texts
from storytrace.pipeline.stories.features import lead_text


class EmbedLead(Stage):
    """Batch-encodes the leads of the articles in a batch (one model call per batch)."""

    name = "embed"

    def __call__(self, records: Sequence[Record]) -> StageResult:
        articles = [r for r in records if isinstance(r, Article)]
        sentences = [sentence_texts(a.text) if embeddable(a.language) else [] for a in articles]
        vectors = embed([lead_text(a.text, a.title) for a in articles] + [t for ts in sentences for t in ts])
        offset = len(articles)
        for article, vector, texts in zip(articles, vectors[: len(articles)], sentences, strict=True):
            article.embedding = np.asarray(vector, dtype=np.float32).tobytes()
            if texts:
                article.sentence_vectors = vectors[offset : offset + len(texts)].astype(np.float16).tobytes()
                offset += len(texts)
        result = StageResult(list(records))
        result.counters["embedded"] = len(articles)
        return result
