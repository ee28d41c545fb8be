"""The lineage stage: find which stored articles derive from which, incrementally.

Each article not yet linked is compared only with its candidates (LSH band collisions and
lead-embedding neighbours, both persisted), each candidate pair is verified by sentence alignment
(`verify`), and the verdicts are stored with their evidence. The work is split three ways so that
the expensive middle step runs on any executor and the store ends exactly as a one-article-at-a-time
run leaves it:

1. the driver finds each article's candidates, in ingest order;
2. the executor verifies the pairs of consecutive articles, packed into `VerifyPartition`s of plain
   data (`verify.verify_partition`, a pure function);
3. the driver orients (`_acyclic`) and stores (`mark_linked`) each article's derivations, in ingest
   order, as results come back in input order.

Candidates never depend on verdicts, only on band keys and the ANN index, so step 1 may run ahead of
step 3. Of what step 3 writes, candidates read only band keys: `mark_linked` replaces an article's
stored keys by those of its current text. Articles whose candidates are found but whose results are
not stored yet are therefore kept in an in-memory band map (`PendingBands`) that overrides their
stored keys. Writing the keys to the store before verification instead would be a second write per
article outside `mark_linked`'s transaction: a run killed in between would leave keys of unlinked
articles behind, and the resumed run would find later articles as candidates of earlier ones, which
an uninterrupted run does not. The ANN index is searched and extended in the same order as before.
Articles are taken in ingest order, so the result does not depend on how the input was batched,
nor on how verification was partitioned or where it ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storytrace.model import Derivation, EvidencePair
from storytrace.pipeline.embed import embeddable
from storytrace.pipeline.lineage.candidates import band_keys
from storytrace.pipeline.lineage.kinds import KindThresholds
from storytrace.pipeline.lineage.verify import ARTICLE_FIELDS, VerifyPartition, verify_partition


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """Candidate limits and how verification is partitioned. `min_lead_cosine` was measured on
    corpus/dev (both files, title + lead embeddings): the 45 judged derivation pairs there have lead
    cosines from 0.58 (a same_wire pair) up, translations from 0.61, so 0.45 keeps a margin below
    every one of them, while only 5.5% of cross-story pairs reach it (those are rejected by
    verification)."""

    neighbours: int = 20
    min_lead_cosine: float = 0.45
    evidence_pairs: int = 5  # sentence pairs kept per derivation (the strongest)
    thresholds: KindThresholds = field(default_factory=KindThresholds)
    # Candidate pairs per verification task: a pair costs about a millisecond of alignment with stored
    # sentence vectors, so 64 keeps the per-task cost of shipping and scheduling (milliseconds on Dask)
    # small, while a few hundred new articles still make enough tasks to keep every worker busy.
    partition_pairs: int = 64
    # Articles per task at most: those without candidates cost nothing to verify, but this bounds how
    # far candidate search runs ahead of storage (the memory held in the partitions in flight).
    partition_articles: int = 256


class PendingBands:
    """Band keys of articles whose candidates were found and whose links are not stored yet."""

    def __init__(self) -> None:
        self._keys: dict[str, list[int]] = {}
        self._holders: dict[int, set[str]] = {}

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._keys

    def add(self, article_id: str, keys: list[int]) -> None:
        self._keys[article_id] = keys
        for key in keys:
            self._holders.setdefault(key, set()).add(article_id)

    def pop(self, article_id: str) -> list[int]:
        keys = self._keys.pop(article_id)
        for key in keys:
            holders = self._holders[key]
            holders.discard(article_id)
            if not holders:
                del self._holders[key]
        return keys

    def matches(self, keys: Iterable[int]) -> set[str]:
        return {article_id for key in keys for article_id in self._holders.get(key, ())}


class Linker:
    """Links every unlinked article of a store, verifying on `executor` (anything with `map`, such as
    `LocalExecutor` or `DaskExecutor`); `run()` returns the number of derivations found."""

    def __init__(self, store: Any, ann: Any, executor: Any, settings: LinkSettings = LinkSettings()) -> None:
        self.store = store
        self.ann = ann
        self.executor = executor
        self.settings = settings
        self.pending = PendingBands()
        self.later: set[str] = set()  # unlinked articles of this run not reached yet

    def run(self, progress: Callable[[int], None] | None = None) -> int:
        found = 0
        self.pending = PendingBands()
        unlinked = self.store.unlinked_articles()
        self.later = {article["id"] for article in unlinked}
        partitions = self._partitions(unlinked)
        for results in self.executor.map(verify_partition, partitions):
            for article_id, derivations in results:
                oriented = [self._acyclic(d) for d in derivations]
                self.store.mark_linked(article_id, self.pending.pop(article_id), oriented)
                found += len(oriented)
            if progress:
                progress(len(results))
        self.ann.save()
        return found

    def candidates(self, article: dict[str, Any]) -> set[str]:
        """Ids to verify `article` against, as a sequential run finds them; its band keys become pending."""
        keys = band_keys(article["minhash"]) if article["minhash"] else []
        # A pending article's stored keys belong to its previous revision (if any): a sequential run
        # would have replaced them by its current keys, which are the pending ones.
        ids = {other for other in self.store.lsh_matches(keys) if other not in self.pending} if keys else set()
        ids |= self.pending.matches(keys)
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
        self.later.discard(article["id"])
        # A pair with an article linked later in this run is verified then, from that article's side:
        # storing its links replaces every link of it, so verifying the pair now would be thrown away.
        ids -= self.later
        self.pending.add(article["id"], keys)
        return ids

    def _partitions(self, articles: Iterable[dict[str, Any]]) -> Iterator[VerifyPartition]:
        """Consecutive articles with their candidates, cut after `partition_pairs` pairs or
        `partition_articles` articles; built lazily, so candidate search runs only as far ahead of
        storage as the executor takes partitions."""
        tasks: list[tuple[str, set[str]]] = []
        pairs = 0
        for article in articles:
            candidates = self.candidates(article)
            tasks.append((article["id"], candidates))
            pairs += len(candidates)
            if pairs >= self.settings.partition_pairs or len(tasks) >= self.settings.partition_articles:
                yield self._partition(tasks)
                tasks, pairs = [], 0
        if tasks:
            yield self._partition(tasks)

    def _partition(self, tasks: list[tuple[str, set[str]]]) -> VerifyPartition:
        """Join what verification reads to the tasks: fields, stored sentence vectors, media credits."""
        ids = sorted({article_id for task in tasks for article_id in (task[0], *task[1])})
        articles = {
            article_id: {name: row[name] for name in ARTICLE_FIELDS}
            | {"sentence_vectors": self.store.sentence_vectors(article_id)}
            for article_id, row in self.store.lineage_inputs(ids).items()
        }
        credits: dict[str, set[str]] = {article_id: set() for article_id in articles}
        for citation in self.store.citations_of(list(articles)):
            if citation["source_kind"] == "media":
                credits[citation["article_id"]].add(citation["canonical"] or citation["source_name"])
        return VerifyPartition(
            tasks=tuple(
                (article_id, tuple(other for other in sorted(candidates) if other in articles))
                for article_id, candidates in tasks
            ),
            articles=articles,
            credits={article_id: frozenset(names) for article_id, names in credits.items()},
            thresholds=self.settings.thresholds,
            evidence_pairs=self.settings.evidence_pairs,
        )

    def _acyclic(self, derivation: Derivation) -> Derivation:
        """Reverse an edge whose target already leads to its source: the graph never has a cycle."""
        if not self.store.derives_from(derivation.source_id, derivation.target_id):
            return derivation
        flipped = tuple(EvidencePair(e.target_sentence, e.source_sentence, e.score) for e in derivation.evidence)
        return Derivation(derivation.target_id, derivation.source_id, derivation.kind, derivation.score, flipped)
