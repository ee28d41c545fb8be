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
   order, as results come back in input order;
4. `settle` re-runs, on the executor again, the redundancy filter of the linked articles that gained a
   source in step 3 after their own filter ran, and drops the links it now finds redundant.
   Which articles are unsettled is stored with the links that made them so, and cleared with the drops,
   so a run killed in between settles them in the next run. So a copy keeps its link to a hub (a fuller
   copy it derives from) and loses the farther one whether the hub came before it or after, when the
   hub is from an earlier day than the copy. (Within one publication day the direction of a link is a
   guess, so links there are not settled, and which articles came first can still matter.)

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

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storytrace.model import Derivation, EvidencePair
from storytrace.pipeline.embed import embeddable
from storytrace.pipeline.lineage.candidates import band_keys
from storytrace.pipeline.lineage.kinds import KindThresholds
from storytrace.pipeline.lineage.verify import ARTICLE_FIELDS, VerifyPartition, other_id, verify_partition
from storytrace.pipeline.time.stage import publication_day


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """Candidate limits and how verification is partitioned. `min_lead_cosine` was measured on
    corpus/dev (both files, title + lead embeddings): the 45 judged derivation pairs there have lead
    cosines from 0.58 (a same_wire pair) up, translations from 0.61, so 0.45 keeps a margin below
    every one of them, while only 5.5% of cross-story pairs reach it (those are rejected by
    verification).

    `neighbours` is taken twice from the lead-embedding index (`store.ann.AnnIndex`): the nearest of
    the article's own language, and the nearest of all other languages together. The multilingual
    encoder ranks same-language texts of a story above a translation, so a single top-k over all
    languages lets a big story's same-language articles crowd an article's source in another language
    out; an article thus has at most 2 × `neighbours` embedding candidates.

    `lsh_candidates` caps the band-key candidates the same way: the articles sharing the most band keys
    (a rough estimate of their Jaccard similarity), ties by id. Without a cap, a wire story run by n papers
    costs n²/2 verifications (in the scale benchmark's template family, link time grew 4.2× for 3× the
    articles); with it, each copy is verified against the 30 closest copies, which keeps the family linked
    while the work per article stays bounded. On corpus/dev no article has more than one band-key match,
    so the cap never binds there."""

    neighbours: int = 20
    lsh_candidates: int = 30
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

    def matches(self, keys: Iterable[int]) -> Counter[str]:
        """id → how many of `keys` the pending article holds."""
        return Counter(article_id for key in keys for article_id in self._holders.get(key, ()))


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
        """Link every unlinked article, then settle what that made stale; the net number of links added."""
        found = 0
        self.pending = PendingBands()
        unlinked = self.store.unlinked()
        self.later = {article_id for _, article_id in unlinked}
        tasks = ((article["id"], self.candidates(article)) for article in self.store.unlinked_articles(unlinked))
        for results in self.executor.map(verify_partition, self._partitions(tasks)):
            for article_id, derivations in results:
                oriented = [self._acyclic(d) for d in derivations]
                unsettled = self._gained_a_source(article_id, oriented)
                self.store.mark_linked(article_id, self.pending.pop(article_id), oriented, unsettled)
                found += len(oriented)
            if progress:
                progress(len(results))
        found -= self.settle()
        self.ann.save()
        return found

    def settle(self) -> int:
        """Run the redundancy and sibling filters (`verify.verify_partition`) again for every unsettled article,
        over all its sources now, and drop the links to the sources it drops; the number dropped.

        An article's filter first ran over the candidates stored when it was linked. A source linked later
        (`_gained_a_source`: typically the fullest copy of a text, the hub its copies derive from, ingested
        after them) was not among them, so a link to a farther source that the hub now accounts for
        (A → C when A → B → C) stayed. The article is verified again against its stored sources (as
        oriented: within one publication day the filter would otherwise count the article's own copies as
        its sources, and drop its true source for them); verification is deterministic, so a source missing
        from the result is one the filter drops. Links are only dropped, so the graph stays acyclic, and
        every task is fixed before any link is dropped, so the result depends neither on the order of
        settling nor on the executor.
        """
        sources = {article_id: self._sources(article_id) for article_id in self.store.unsettled_articles()}
        dropped = 0
        for results in self.executor.map(verify_partition, self._partitions(sources.items())):
            for article_id, kept in results:
                standing = {other_id(article_id, d) for d in kept}
                stale = [(source, article_id) for source in sorted(sources[article_id] - standing)]
                self.store.settle(article_id, stale)
                dropped += len(stale)
        return dropped

    def candidates(self, article: dict[str, Any]) -> set[str]:
        """Ids to verify `article` against, as a sequential run finds them; its band keys become pending."""
        keys = band_keys(article["minhash"]) if article["minhash"] else []
        ids = self._lsh_candidates(article["id"], keys)
        if article["embedding"] is not None and embeddable(article["language"]):
            vector = np.frombuffer(article["embedding"], dtype=np.float32)
            near = [
                (rowid, score)
                for rowid, score in self.ann.search(vector, self.settings.neighbours, article["language"])
                if score >= self.settings.min_lead_cosine
            ]
            ids |= set(self.store.ids_for_rowids([rowid for rowid, _ in near]).values())
            self.ann.add(article["rowid"], vector, article["language"])
        ids.discard(article["id"])
        self.later.discard(article["id"])
        # A pair with an article linked later in this run is verified then, from that article's side:
        # storing its links replaces every link of it, so verifying the pair now would be thrown away.
        ids -= self.later
        self.pending.add(article["id"], keys)
        return ids

    def _lsh_candidates(self, article_id: str, keys: list[int]) -> set[str]:
        """The `lsh_candidates` articles sharing the most band keys with `keys` (ties by id), of those
        this run has reached. A pending article's stored keys belong to its previous revision (if any): a
        sequential run would have replaced them by its current keys, which are the pending ones."""
        if not keys:
            return set()
        shared = Counter({other: n for other, n in self.store.lsh_matches(keys).items() if other not in self.pending})
        shared.update(self.pending.matches(keys))
        eligible = [(-n, other) for other, n in shared.items() if other != article_id and other not in self.later]
        return {other for _, other in heapq.nsmallest(self.settings.lsh_candidates, eligible)}

    def _partitions(self, tasks: Iterable[tuple[str, set[str]]]) -> Iterator[VerifyPartition]:
        """Consecutive (article, candidates) tasks, cut after `partition_pairs` pairs or `partition_articles`
        articles; built lazily, so candidate search runs only as far ahead of storage as the executor
        takes partitions."""
        batch: list[tuple[str, set[str]]] = []
        pairs = 0
        for task in tasks:
            batch.append(task)
            pairs += len(task[1])
            if pairs >= self.settings.partition_pairs or len(batch) >= self.settings.partition_articles:
                yield self._partition(batch)
                batch, pairs = [], 0
        if batch:
            yield self._partition(batch)

    def _partition(self, tasks: list[tuple[str, set[str]]]) -> VerifyPartition:
        """Join what verification reads to the tasks: fields, stored sentence vectors, media credits."""
        ids = sorted({article_id for task in tasks for article_id in (task[0], *task[1])})
        articles = self.store.verification_inputs(ids, ARTICLE_FIELDS)
        return VerifyPartition(
            tasks=tuple(
                (article_id, tuple(other for other in sorted(candidates) if other in articles))
                for article_id, candidates in tasks
            ),
            articles=articles,
            credits=self.store.media_credits(list(articles)),
            thresholds=self.settings.thresholds,
            evidence_pairs=self.settings.evidence_pairs,
        )

    def _acyclic(self, derivation: Derivation) -> Derivation:
        """Reverse an edge whose target already leads to its source: the graph never has a cycle."""
        if not self.store.derives_from(derivation.source_id, derivation.target_id):
            return derivation
        flipped = tuple(EvidencePair(e.target_sentence, e.source_sentence, e.score) for e in derivation.evidence)
        return Derivation(derivation.target_id, derivation.source_id, derivation.kind, derivation.score, flipped)

    def _sources(self, article_id: str) -> set[str]:
        """The articles `article_id` is stored as deriving from."""
        return {d["source_id"] for d in self.store.derivations(article_id) if d["target_id"] == article_id}

    def _gained_a_source(self, article_id: str, derivations: list[Derivation]) -> list[str]:
        """The linked articles that `article_id` (linked now) is a source of, published on a later day than
        it, and that had another source already: their filter never weighed the two against each other, so
        `settle` runs it again. An article with no other source has nothing the filter could drop. Within one
        publication day the direction of a link is a guess (credits, then fullness), and settling there
        replaces one guess by another: on corpus/dev, where every labelled family is published on one day,
        it dropped four labelled same-wire links and added none."""
        targets = sorted({d.target_id for d in derivations if d.source_id == article_id})
        published = self.store.lineage_inputs([article_id, *targets], with_text=False)
        day = publication_day(published[article_id]["published"])
        return [
            target
            for target in targets
            if day is not None
            and (target_day := publication_day(published[target]["published"])) is not None
            and target_day > day
            and self._sources(target) - {article_id}
        ]
