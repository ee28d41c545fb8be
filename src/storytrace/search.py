"""Search over the store in any language: full-text (FTS5 bm25) and multilingual semantic, fused.

A reader following a story types "earthquake Marrakech" and wants the French "séisme" and the German
"Erdbeben" reports too, which no word of the query matches. The semantic side embeds the query with the
encoder the pipeline already uses (multilingual USE, `pipeline.embed`) and asks the lead-embedding index
(`store.ann`) for the nearest articles; the two rankings are merged by reciprocal rank fusion (Cormack,
Clarke and Büttcher, SIGIR 2009), which needs no calibration between bm25 scores and cosines.

Semantic neighbours always exist, whatever the query, so only those at `SEMANTIC_FLOOR` or above count:
cosines of unrelated news texts sit at 0.1-0.3 (the floor lineage rescales from, `SimilarityWeights.
cosine_floor`); on corpus/dev, queries naming a story's event ("earthquake Marrakech", "séisme Maroc",
"banking crisis Switzerland") reach that story's leads at 0.39-0.61 while off-topic queries ("recipe for
chocolate cake", "football world cup final") reach no lead above 0.21.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import cache
from typing import Any

from storytrace.pipeline.embed import embed
from storytrace.pipeline.lineage.similarity import SimilarityWeights
from storytrace.pipeline.nlp.nlp_model import stop_words
from storytrace.pipeline.segment import shorten
from storytrace.pipeline.stories.summary import lead_sentence

SEMANTIC_FLOOR = SimilarityWeights().cosine_floor
RRF_K = 60  # the constant of reciprocal rank fusion, as its authors set it
_SNIPPET_CHARS = 200


# Phrases, prefixes and operators of FTS5 query syntax: a query using them is meant as written. (Colons and
# parentheses are common in pasted headlines: "Netanyahu: …", "(AP)".)
_FTS_SYNTAX = re.compile(r'"|\*|\b(?:AND|OR|NOT|NEAR)\b')


class SearchMode(StrEnum):
    HYBRID = "hybrid"
    LEXICAL = "lexical"
    SEMANTIC = "semantic"


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Ids by the sum of 1 / (k + rank) over the rankings that hold them (rank from 1), best first; ties by id."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def search(
    store: Any,
    nearest: Callable[[Any, int], list[tuple[int, float]]],
    query: str,
    limit: int = 20,
    offset: int = 0,
    mode: SearchMode = SearchMode.HYBRID,
) -> list[dict[str, Any]]:
    """One page of hits: id, title, outlet, published, language, snippet, score, and `match` (lexical,
    semantic or both). `nearest(vector, k)` returns (rowid, cosine) of the k nearest stored leads. Lexical
    hits keep their highlighted snippet; a semantic-only hit shows its lead sentence. `score` is bm25 (lower is
    better) in lexical mode, the cosine in semantic mode, the fused score in hybrid mode."""
    wanted = offset + limit
    lexical = _lexical(store, query, wanted) if mode != SearchMode.SEMANTIC else []
    semantic: list[tuple[str, float]] = []
    if mode != SearchMode.LEXICAL and query.strip():
        near = [(rowid, cosine) for rowid, cosine in nearest(embed([query])[0], wanted) if cosine >= SEMANTIC_FLOOR]
        ids = store.ids_for_rowids([rowid for rowid, _ in near])
        semantic = [(ids[rowid], cosine) for rowid, cosine in near if rowid in ids]
    if mode == SearchMode.LEXICAL:
        return [hit | {"match": "lexical"} for hit in lexical[offset:wanted]]
    by_id = {hit["id"]: hit for hit in lexical}
    cosines = dict(semantic)
    if mode == SearchMode.SEMANTIC:
        ranked = semantic[offset:wanted]
    else:
        ranked = reciprocal_rank_fusion([list(by_id), [article_id for article_id, _ in semantic]])[offset:wanted]
    articles = store.lineage_inputs([article_id for article_id, _ in ranked if article_id not in by_id])
    hits = []
    for article_id, score in ranked:
        hit = by_id.get(article_id) or _lead_hit(articles[article_id])
        sides = [side for side, found in (("lexical", by_id), ("semantic", cosines)) if article_id in found]
        match = "both" if len(sides) == 2 else sides[0]
        hits.append(hit | {"score": score, "match": match, "similarity": cosines.get(article_id)})
    return hits


def _lexical(store: Any, query: str, wanted: int) -> list[dict[str, Any]]:
    """Full-text hits: every word (FTS5's AND), then, for a query of plain words that not enough articles hold
    all of (a pasted headline), those holding any of them, ranked by bm25 after the others."""
    hits = store.search(query, wanted, 0)
    words = [word for word in query.split() if word.casefold() not in _stop_words()]
    if len(hits) < wanted and len(query.split()) > 1 and words and not _FTS_SYNTAX.search(query):
        seen = {hit["id"] for hit in hits}
        hits += [hit for hit in store.search(" ".join(words), wanted, 0, any_word=True) if hit["id"] not in seen]
    return hits[:wanted]


@cache
def _stop_words() -> frozenset[str]:
    """Function words of the languages the pipeline reads most closely (spaCy's lists), left out of the
    any-word search: "and" or "le" alone would match every article."""
    languages = ("en", "de", "fr", "es", "it", "pt", "pl", "nl")
    return frozenset(word for language in languages for word in stop_words(language))


def _lead_hit(article: dict[str, Any]) -> dict[str, Any]:
    lead = lead_sentence(article["text"], article.get("title"))
    fields = ("id", "title", "outlet", "published", "language")
    return {field: article.get(field) for field in fields} | {"snippet": shorten(lead, _SNIPPET_CHARS)}
