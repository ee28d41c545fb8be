"""Plain records that flow between pipeline stages and out of the store.

Stages receive and return these dataclasses only; nothing here knows about SQL, processes or
the CLI, so every stage can be run and tested on hand-made records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Article:
    """One news article as it moves through ingest.

    `id` is stable and preserved exactly (given by the input, else the path relative to the
    ingested root). `origin` says where it was read from (file, line or record) for error messages.
    `meta` keeps every input field we do not model, plus what normalisation removed or noticed.
    """

    id: str
    text: str
    origin: str = ""
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    html: str | None = None  # raw page until the extract stage turns it into text and metadata
    raw_hash: str | None = None  # hash of the input as read, to skip unchanged inputs cheaply on re-ingest
    content_hash: str | None = None  # hash of the normalised text: identity for revisions and exact duplicates
    minhash: bytes | None = None  # MinHash signature of word shingles (uint64 array), for near-copy search
    embedding: bytes | None = None  # float32 multilingual embedding of title + lead, for paraphrase search
    sentence_vectors: bytes | None = None  # float16 embeddings of the sentences, for alignment across languages
    citations: list[Any] = field(default_factory=list)  # what the article credits (lineage.citations.Citation)
    claims: list[Any] = field(default_factory=list)  # attributed claims (nlp.claims.Claim)
    events: list[Any] = field(default_factory=list)  # dated events (time.events.Event)
    entity_spans: list[tuple[int, int, str]] | None = None  # NER (start, end, label); None: no model ran

    def warn(self, message: str) -> None:
        """Record a non-fatal problem (bad date, guessed encoding) for the user to audit."""
        self.meta.setdefault("warnings", []).append(message)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Reject:
    """Input that could not become an article, with a machine-readable reason and a human detail.

    `payload` keeps the raw input (truncated) so that nothing rejected is lost.
    """

    origin: str
    reason: str
    detail: str
    payload: str | None = None
    article_id: str | None = None


Record = Article | Reject


@dataclass(frozen=True, slots=True)
class EvidencePair:
    """One aligned sentence pair proving a derivation."""

    source_sentence: str
    target_sentence: str
    score: float


@dataclass(frozen=True, slots=True)
class Derivation:
    """`target_id` derives from `source_id` (the earlier article) as `kind`, with its evidence.

    Kinds: duplicate, copy, paraphrase, translation, excerpt, same_source.
    """

    source_id: str
    target_id: str
    kind: str
    score: float
    evidence: tuple[EvidencePair, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did, by outcome; printed by the CLI and returned by `Corpus.ingest`."""

    read: int = 0
    new: int = 0
    unchanged: int = 0
    revised: int = 0
    exact_duplicates: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    derivations: int = 0
    clustered: int = 0
    stage_counters: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def count_reject(self, reason: str) -> None:
        self.rejected[reason] = self.rejected.get(reason, 0) + 1

    def add_counters(self, stage: str, counters: dict[str, int]) -> None:
        bucket = self.stage_counters.setdefault(stage, {})
        for key, value in counters.items():
            bucket[key] = bucket.get(key, 0) + value


@dataclass(slots=True)
class StateDelta:
    """What changed in an incremental stage's persisted state since it was last saved.

    A stage's state is one small `meta` record plus many keyed `records` (one per story, entity or
    counted term), so a batch writes only what it touched instead of re-serialising everything it
    ever saw (which made every run cost O(corpus)). `removed` keys are deleted; `replace` drops
    every stored record of the stage first (a full rebuild).
    """

    meta: dict[str, Any]
    records: dict[str, Any] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    replace: bool = False
