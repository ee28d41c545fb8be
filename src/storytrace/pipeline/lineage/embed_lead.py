"""Embed stage: one multilingual vector per article (headline + lead, as story clustering defines
it), for paraphrase and translation candidates and for story clustering. Runs in the workers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storytrace.model import Article, Record
from storytrace.pipeline.base import Stage, StageResult
from storytrace.pipeline.embed import embed
from storytrace.pipeline.stories.features import lead_text


class EmbedLead(Stage):
    """Batch-encodes the leads of the articles in a batch (one model call per batch)."""

    name = "embed"

    def __call__(self, records: Sequence[Record]) -> StageResult:
        articles = [r for r in records if isinstance(r, Article)]
        vectors = embed([lead_text(a.text, a.title) for a in articles])
        for article, vector in zip(articles, vectors, strict=True):
            article.embedding = np.asarray(vector, dtype=np.float32).tobytes()
        result = StageResult(list(records))
        result.counters["embedded"] = len(articles)
        return result
