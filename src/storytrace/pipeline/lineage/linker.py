"""The lineage stage: find which stored articles derive from which, incrementally.

Each article not yet linked is compared only with its candidates among the articles linked before
it (LSH band collisions and lead-embedding neighbours, both persisted), each candidate pair is
verified by sentence alignment (`align`, `kinds`), and the verdicts are stored with their evidence.
Articles are taken in ingest order, so the result of a run does not depend on how the input was
split into batches.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from storytrace.model import Derivation, EvidencePair
from storytrace.pipeline.embed import DIMENSIONS, embeddable
from storytrace.pipeline.lineage.align import PreparedText, align_prepared, prepare, sentence_texts
from storytrace.pipeline.lineage.candidates import band_keys
from storytrace.pipeline.lineage.kinds import KindThresholds, classify_pair
from storytrace.pipeline.lineage.outlet_match import is_own_outlet, outlet_name


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """Candidate limits. `min_lead_cosine` was measured on corpus/dev (both files, title + lead
    embeddings): the 45 judged derivation pairs there have lead cosines from 0.58 (a same_wire
    pair) up, translations from 0.61, so 0.45 keeps a margin below every one of them, while only
    5.5% of cross-story pairs reach it (those are rejected by verification)."""

    neighbours: int = 20
    min_lead_cosine: float = 0.45
    evidence_pairs: int = 5  # sentence pairs kept per derivation (the strongest)
    cache_size: int = 2048  # prepared texts kept in memory during one run
    thresholds: KindThresholds = field(default_factory=KindThresholds)


def _day(published: str | None) -> date | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def order_pair(a: dict[str, Any], b: dict[str, Any], credits: dict[str, set[str]]) -> tuple[dict, dict]:
    """(earlier, later): publication day; when equal or unknown, the article that credits the
    other's outlet is the later one; then the fuller text is the source; then the smaller id."""
    day_a, day_b = _day(a["published"]), _day(b["published"])
    if day_a and day_b and day_a != day_b:
        return (a, b) if day_a < day_b else (b, a)
    outlet_a, outlet_b = outlet_name(a["outlet"]), outlet_name(b["outlet"])
    if outlet_a and outlet_a in credits.get(b["id"], set()) and outlet_b not in credits.get(a["id"], set()):
        return a, b
    if outlet_b and outlet_b in credits.get(a["id"], set()) and outlet_a not in credits.get(b["id"], set()):
        return b, a
    if len(a["text"]) != len(b["text"]):
        return (a, b) if len(a["text"]) > len(b["text"]) else (b, a)
    return (a, b) if a["id"] < b["id"] else (b, a)


class Linker:
    """Links every unlinked article of a store; `run()` returns the number of derivations found."""

    def __init__(self, store: Any, ann: Any, settings: LinkSettings = LinkSettings()) -> None:
        self.store = store
        self.ann = ann
        self.settings = settings
        self._prepared: OrderedDict[str, PreparedText] = OrderedDict()

    def _prepare(self, article: dict[str, Any]) -> PreparedText:
        key = article["id"]
        if key in self._prepared:
            self._prepared.move_to_end(key)
            return self._prepared[key]
        prepared = prepare(article["text"], article["language"], self._stored_vectors(article))
        self._prepared[key] = prepared
        if len(self._prepared) > self.settings.cache_size:
            self._prepared.popitem(last=False)
        return prepared

    def _stored_vectors(self, article: dict[str, Any]) -> np.ndarray | None:
        """The sentence embeddings the embed stage stored, when they match the sentences."""
        blob = self.store.sentence_vectors(article["id"])
        if blob is None:
            return None
        vectors = np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(-1, DIMENSIONS)
        return vectors if len(vectors) == len(sentence_texts(article["text"])) else None

    def run(self, progress: Callable[[int], None] | None = None) -> int:
        found = 0
        for article in self.store.unlinked_articles():
            derivations = self.link_one(article)
            found += len(derivations)
            if progress:
                progress(1)
        self.ann.save()
        return found

    def candidates(self, article: dict[str, Any]) -> tuple[list[int], set[str]]:
        keys = band_keys(article["minhash"]) if article["minhash"] else []
        ids = self.store.lsh_matches(keys) if keys else set()
        if article["embedding"] is not None and embeddable(article["language"]):
            vector = np.frombuffer(article["embedding"], dtype=np.float32)
            near = [
                (rowid, score)
                for rowid, score in self.ann.search(vector, self.settings.neighbours)
                if score >= self.settings.min_lead_cosine
            ]
            ids |= set(self.store.ids_for_rowids([rowid for rowid, _ in near]).values())
            self.ann.add(article["rowid"], vector)
        ids.discard(article["id"])
        return keys, ids

    def link_one(self, article: dict[str, Any]) -> list[Derivation]:
        keys, candidate_ids = self.candidates(article)
        others = self.store.lineage_inputs(sorted(candidate_ids))
        credits = self._credits([article["id"], *others])
        derivations = [self._acyclic(d) for other in others.values() if (d := self.verify(article, other, credits))]
        self.store.mark_linked(article["id"], keys, derivations)
        return derivations

    def _acyclic(self, derivation: Derivation) -> Derivation:
        """Reverse an edge whose target already leads to its source: the graph never has a cycle."""
        if not self.store.derives_from(derivation.source_id, derivation.target_id):
            return derivation
        flipped = tuple(EvidencePair(e.target_sentence, e.source_sentence, e.score) for e in derivation.evidence)
        return Derivation(derivation.target_id, derivation.source_id, derivation.kind, derivation.score, flipped)

    def _credits(self, ids: list[str]) -> dict[str, set[str]]:
        credited: dict[str, set[str]] = {}
        for article_id in ids:
            credited[article_id] = {
                c["canonical"] or c["source_name"]
                for c in self.store.citations(article_id)
                if c["source_kind"] == "media"
            }
        return credited

    def verify(self, a: dict[str, Any], b: dict[str, Any], credits: dict[str, set[str]]) -> Derivation | None:
        if a["language"] != b["language"] and not (embeddable(a["language"]) and embeddable(b["language"])):
            return None  # a translation can only be seen through embeddings the model can make
        earlier, later = order_pair(a, b, credits)
        alignment = align_prepared(self._prepare(earlier), self._prepare(later))
        verdict = classify_pair(alignment, earlier["language"], later["language"], self.settings.thresholds)
        if verdict is None:
            return None
        kind = verdict.kind
        shared = credits.get(earlier["id"], set()) & credits.get(later["id"], set())
        external = [name for name in shared if not any(is_own_outlet(name, a["outlet"]) for a in (earlier, later))]
        if kind in {"copy", "paraphrase", "duplicate", "excerpt"} and external:
            kind = "same_source"  # both credit one text that neither published: e.g. the same agency wire
        evidence = tuple(
            EvidencePair(p.source_sentence, p.target_sentence, round(p.score, 3))
            for p in verdict.evidence[: self.settings.evidence_pairs]
        )
        return Derivation(earlier["id"], later["id"], kind, round(verdict.score, 3), evidence)
