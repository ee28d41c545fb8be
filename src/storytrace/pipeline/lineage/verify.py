"""Verification of candidate pairs: a pure function of plain data, so any executor can run it.

The linker (driver) finds each article's candidates and packs consecutive articles, with everything
their pairs need (texts, languages, outlets, dates, stored sentence vectors, media credits and the
settings), into a `VerifyPartition`. `verify_partition` turns one into derivations without touching
the store, in a worker process or on a Dask worker; the driver then orients and stores them in
ingest order. Sentence alignment and classification are most of the linking time (see
docs/scaling.md), which is why they are the part that moves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np

from storytrace.model import Derivation, EvidencePair
from storytrace.pipeline.embed import DIMENSIONS
from storytrace.pipeline.lineage.align import PreparedText, align_within_reach, prepare, with_runs
from storytrace.pipeline.lineage.kinds import KindThresholds, classify_pair, may_derive, within_reach
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
    return _prepared(article["text"], article["language"], article["sentence_vectors"])


# A partition holds ~64 candidate pairs, so preparing its texts once per partition still prepared an article
# again in every partition it was a candidate of: 41% of the link time on the 10k scale corpus (py-spy), where
# a story's articles are candidates of one another across hundreds of partitions. So each process keeps the
# texts it prepared last; at ~0.1 MB a text (tokens, 5-shingles, float32 sentence vectors), ~100 MB.
@lru_cache(maxsize=1024)
def _prepared(text: str, language: str | None, sentence_vectors: bytes | None) -> PreparedText:
    vectors = None
    if sentence_vectors is not None:
        vectors = np.frombuffer(sentence_vectors, dtype=np.float16).astype(np.float32).reshape(-1, DIMENSIONS)
    return prepare(text, language, vectors, stale_embeddings=True)


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
    thresholds: KindThresholds,
    evidence_pairs: int,
) -> Verified | None:
    """The derivation between `a` and `b` (oriented earlier → later), or None."""
    earlier, later = order_pair(a, b, credits)
    first, second = prepare_article(earlier), prepare_article(later)
    languages = earlier["language"], later["language"]
    alignment = align_within_reach(
        first, second, lambda coverage, containment: within_reach(coverage, containment, *languages, thresholds)
    )
    if alignment is None or not may_derive(alignment, *languages, thresholds):
        return None
    verdict = classify_pair(with_runs(alignment, first, second), *languages, thresholds)
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
    benchmark's planted en → fr/de family the filter kept de ← fr and dropped de ← en); `without_siblings`
    weighs them where it can. Candidate order is kept.
    """
    return [found[i].derivation for i in _kept_indices(found, redundant_share)]


def _kept_indices(found: list[Verified], redundant_share: float) -> list[int]:
    """Indices of `found` that `without_redundant` keeps, in order."""
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
    return [i for i in range(len(found)) if i not in dropped]


def other_id(article_id: str, derivation: Derivation) -> str:
    """The article at the other end of a derivation of `article_id`."""
    return derivation.source_id if derivation.target_id == article_id else derivation.target_id


def without_siblings(
    article_id: str,
    found: list[Verified],
    languages: dict[str, str | None],
    linked: Callable[[str, str], float | None],
    thresholds: KindThresholds,
) -> list[Verified]:
    """`found` (the links of `article_id`) minus its sibling translation links: a translation link A–C
    is dropped when A is also linked to B, B and C are linked to each other (`linked` gives the score of
    that link, or None), and A–C scores below the links of its language pair in that triangle.

    Provenance is a forest: each text is copied, rewritten or translated from one closest parent (the
    dev corpus's judged links hold no triangle). A translation aligns with the rewrites and copies of its
    original too, only less closely, since each edit along the way moves them apart; and, as
    `without_redundant` says, sentence coverage cannot tell these apart, so they are weighed by score.
    Scores are only compared between links of one language pair: a German text's links to two English
    ones, or an English text's link to a German one against its English source's link to that German
    one (a translation's embedding score and a copy's word overlap are different scales; three texts in
    three languages are left alone). Within one language shared words would be the measure, but those
    of a short rewrite are too few to rank (on the sample corpus a tweet shared 14, 16 and 17 word
    5-shingles with a scoop and two of its copies), so same-language links are left to
    `without_redundant`. `sibling_share` of A's sentences aligned to C must be aligned to B as well, so
    that B accounts for what A shares with C (a text translated from two others keeps both). Links are
    weighed lowest score first and a link used as the path B is never dropped afterwards, so the article
    stays connected to the triangle. Order of `found` is kept.
    """
    others = [other_id(article_id, verified.derivation) for verified in found]

    def pair(x: str, y: str) -> frozenset[str | None]:
        return frozenset((languages[x], languages[y]))

    dropped: set[int] = set()
    needed: set[int] = set()
    order = sorted(range(len(found)), key=lambda i: (found[i].derivation.score, others[i]))
    for c in order:
        weak, c_id = found[c], others[c]
        if weak.derivation.kind != "translation" or c in needed:
            continue  # only translation links are weighed here, and a path once used stays
        weighed = pair(article_id, c_id)
        for b in order:
            if b == c or b in dropped:
                continue
            strong, b_id = found[b], others[b]
            # The checks that need no verification first: the third side B–C is verified (the expensive step,
            # quadratic in an article's links) only when its outcome can still drop A–C.
            if len(weak.sentences & strong.sentences) < thresholds.sibling_share * len(weak.sentences):
                continue
            a_b_comparable, b_c_comparable = pair(article_id, b_id) == weighed, pair(b_id, c_id) == weighed
            if a_b_comparable and weak.derivation.score >= strong.derivation.score:
                continue
            if not (a_b_comparable or b_c_comparable):
                continue  # no side of the triangle is of A–C's language pair
            between = linked(b_id, c_id)
            if between is None or (b_c_comparable and weak.derivation.score >= between):
                continue
            dropped.add(c)
            needed.add(b)
            break
    return [verified for i, verified in enumerate(found) if i not in dropped]


def verify_partition(partition: VerifyPartition) -> list[tuple[str, list[Derivation]]]:
    """(article id, its derivations in candidate order) for every task, in task order. Pure: reads
    only the partition, so it gives the same answer wherever it runs."""
    articles, credits = partition.articles, partition.credits
    thresholds = partition.thresholds
    languages = {article_id: article["language"] for article_id, article in articles.items()}
    between: dict[frozenset[str], float | None] = {}  # candidate pairs verified for the sibling rule

    def verified(a: str, b: str) -> Verified | None:
        return verify_pair(articles[a], articles[b], credits, thresholds, partition.evidence_pairs)

    def linked(a: str, b: str) -> float | None:
        key = frozenset((a, b))
        if key not in between:
            link = verified(a, b)
            between[key] = link.derivation.score if link else None
        return between[key]

    results = []
    for article_id, candidates in partition.tasks:
        found = [link for other in candidates if (link := verified(article_id, other))]
        kept = [found[i] for i in _kept_indices(found, thresholds.redundant_share)]
        kept = without_siblings(article_id, kept, languages, linked, thresholds)
        results.append((article_id, [link.derivation for link in kept]))
    return results
