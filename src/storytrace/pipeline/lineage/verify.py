"""Verification of candidate pairs: a pure function of plain data, so any executor can run it.

The linker (driver) finds each article's candidates and packs consecutive articles, with everything
their pairs need (texts, languages, outlets, dates, stored sentence vectors, media credits and the
settings), into a `VerifyPartition`. `verify_partition` turns one into derivations without touching
the store, in a worker process or on a Dask worker; the driver then orients and stores them in
ingest order. Sentence alignment and classification are most of the linking time (see
docs/scaling.md), which is why they are the part that moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from storytrace.model import Derivation, EvidencePair
from storytrace.pipeline.embed import DIMENSIONS
from storytrace.pipeline.lineage.align import PreparedText, align_prepared, prepare, sentence_texts
from storytrace.pipeline.lineage.kinds import KindThresholds, classify_pair
from storytrace.pipeline.lineage.outlet_match import is_own_outlet, outlet_name

# The stored article fields verification reads, besides `sentence_vectors` (the embed stage's float16
# blob of the sentence embeddings, or None).
ARTICLE_FIELDS = ("id", "text", "language", "outlet", "published")


@dataclass(frozen=True, slots=True)
class VerifyPartition:
    """Consecutive articles (in ingest order) with their candidates and all that verifying them needs.

    `tasks` holds (article id, candidate ids in the order they are verified), one per article, also
    for articles without candidates, so that results come back for every article in order.
    `articles` maps every id named in `tasks` to its `ARTICLE_FIELDS` and `sentence_vectors`;
    `credits` maps it to the media outlets it credits.
    """

    tasks: tuple[tuple[str, tuple[str, ...]], ...]
    articles: dict[str, dict[str, Any]]
    credits: dict[str, frozenset[str]]
    thresholds: KindThresholds
    evidence_pairs: int


def _day(published: str | None) -> date | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def order_pair(
    a: dict[str, Any], b: dict[str, Any], credits: dict[str, frozenset[str]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(earlier, later): publication day; when equal or unknown, the article that credits the
    other's outlet is the later one; then the fuller text is the source; then the smaller id."""
    day_a, day_b = _day(a["published"]), _day(b["published"])
    if day_a and day_b and day_a != day_b:
        return (a, b) if day_a < day_b else (b, a)
    outlet_a, outlet_b = outlet_name(a["outlet"]), outlet_name(b["outlet"])
    none: frozenset[str] = frozenset()
    if outlet_a and outlet_a in credits.get(b["id"], none) and outlet_b not in credits.get(a["id"], none):
        return a, b
    if outlet_b and outlet_b in credits.get(a["id"], none) and outlet_a not in credits.get(b["id"], none):
        return b, a
    if len(a["text"]) != len(b["text"]):
        return (a, b) if len(a["text"]) > len(b["text"]) else (b, a)
    return (a, b) if a["id"] < b["id"] else (b, a)


def prepare_article(article: dict[str, Any]) -> PreparedText:
    """Split and tokenise an article, with the stored sentence vectors when they match its sentences
    (otherwise the aligner encodes the sentences itself if it needs them)."""
    vectors = None
    if article["sentence_vectors"] is not None:
        stored = np.frombuffer(article["sentence_vectors"], dtype=np.float16).astype(np.float32)
        stored = stored.reshape(-1, DIMENSIONS)
        vectors = stored if len(stored) == len(sentence_texts(article["text"])) else None
    return prepare(article["text"], article["language"], vectors)


@dataclass(frozen=True, slots=True)
class Verified:
    """A derivation found for a task article: the indices of that article's aligned sentences, and
    whether the other article was published on a later day (so that it cannot be the task's source)."""

    derivation: Derivation
    sentences: frozenset[int]
    other_is_later: bool


def verify_pair(
    a: dict[str, Any],
    b: dict[str, Any],
    credits: dict[str, frozenset[str]],
    prepared: dict[str, PreparedText],
    thresholds: KindThresholds,
    evidence_pairs: int,
) -> Verified | None:
    """The derivation between `a` and `b` (oriented earlier → later), or None; `prepared` caches texts by id."""
    earlier, later = order_pair(a, b, credits)
    for article in (earlier, later):
        if article["id"] not in prepared:
            prepared[article["id"]] = prepare_article(article)
    alignment = align_prepared(prepared[earlier["id"]], prepared[later["id"]])
    verdict = classify_pair(alignment, earlier["language"], later["language"], thresholds)
    if verdict is None:
        return None
    kind = verdict.kind
    shared = credits.get(earlier["id"], frozenset()) & credits.get(later["id"], frozenset())
    external = [name for name in shared if not any(is_own_outlet(name, x["outlet"]) for x in (earlier, later))]
    if kind in {"copy", "paraphrase", "duplicate", "excerpt"} and external:
        kind = "same_source"  # both credit one text that neither published: e.g. the same agency wire
    evidence = tuple(
        EvidencePair(p.source_sentence, p.target_sentence, round(p.score, 3)) for p in verdict.evidence[:evidence_pairs]
    )
    aligned = frozenset(p.source_index if earlier is a else p.target_index for p in alignment.pairs)
    day_a, day_b = _day(a["published"]), _day(b["published"])
    derivation = Derivation(earlier["id"], later["id"], kind, round(verdict.score, 3), evidence)
    return Verified(derivation, aligned, bool(day_a and day_b and day_b > day_a))


def without_redundant(found: list[Verified], redundant_share: float) -> list[Derivation]:
    """The derivations of one article minus the links to sources its stronger sources account for.

    When an article matches several candidates on the same sentences (the copies of one wire text),
    those share that text with each other as well, and a link to each adds no provenance: as in a
    phrase graph where every variant keeps its closest parent (Leskovec et al., MemeTracker, 2009).
    Possible sources (candidates not published on a later day: within one day the direction is a
    guess) are taken by how many of the article's sentences they account for (then by score); one is
    dropped when `redundant_share` of its sentences are accounted for by those taken before, unless it
    accounts for as many as the first (equally good sources, e.g. an original and its duplicate, are all
    kept). A source with sentences of its own (a compilation of two reports) is kept, and so is every
    link to an article published later: a text may have many copies. Translation links are never
    dropped nor drop others: a translation aligns as well with every other translation of its original
    as with the original, so sentence coverage cannot tell which text it was made from (on the scale
    benchmark's planted en → fr/de family the filter kept de ← fr and dropped de ← en). Candidate
    order is kept.
    """
    sources = [
        i
        for i, verified in enumerate(found)
        if not verified.other_is_later and verified.derivation.kind != "translation"
    ]
    ranked = sorted(sources, key=lambda i: (-len(found[i].sentences), -found[i].derivation.score))
    most = len(found[ranked[0]].sentences) if ranked else 0
    covered: set[int] = set()
    dropped: set[int] = set()
    for i in ranked:
        sentences = found[i].sentences
        if len(sentences) < most and len(sentences & covered) >= redundant_share * len(sentences):
            dropped.add(i)
        covered |= sentences
    return [verified.derivation for i, verified in enumerate(found) if i not in dropped]


def verify_partition(partition: VerifyPartition) -> list[tuple[str, list[Derivation]]]:
    """(article id, its derivations in candidate order) for every task, in task order. Pure: reads
    only the partition, so it gives the same answer wherever it runs."""
    prepared: dict[str, PreparedText] = {}  # each text is split and tokenised once per partition
    articles, credits = partition.articles, partition.credits
    results = []
    for article_id, candidates in partition.tasks:
        found = [
            verified
            for other in candidates
            if (
                verified := verify_pair(
                    articles[article_id],
                    articles[other],
                    credits,
                    prepared,
                    partition.thresholds,
                    partition.evidence_pairs,
                )
            )
        ]
        results.append((article_id, without_redundant(found, partition.thresholds.redundant_share)))
    return results
