"""The entity stage: mentions found and resolved into canonical entities across documents.

Runs in the driver over articles not resolved yet, in ingest order, because resolution is a
cross-document decision and because, for languages without a model, mentions are found by
matching the entities already known. Each article's result is committed on its own with the
resolver's changes (the entities it touched), so the stage resumes after a crash. Claim sources
are linked to entities here.
The NER parse does not depend on that state, so `batch_size` articles are parsed in one stream first.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from spacy.tokens import Doc

from storytrace.pipeline.nlp.entities import NER_BATCH_SIZE, extract_mentions, ner_docs
from storytrace.pipeline.nlp.resolve import EntityResolver

STATE_NAME = "entity_resolver"


def load_resolver(store: Any) -> EntityResolver | None:
    """The resolver as last persisted in `store`, or None before the stage first ran."""
    meta = store.load_state(STATE_NAME)
    if meta is None:
        return None
    return EntityResolver.from_records(meta, store.load_state_records(STATE_NAME), store.entity_articles())


class EntityStage:
    """`batch_size` articles are parsed together (1: one at a time); it bounds the parses held in memory."""

    def __init__(self, store: Any, batch_size: int = NER_BATCH_SIZE) -> None:
        self.store = store
        self.batch_size = batch_size

    def run(self) -> int:
        rows = self.store.unresolved_articles()
        if not rows:
            return 0
        resolver = load_resolver(self.store) or EntityResolver()
        for start in range(0, len(rows), self.batch_size):
            batch = rows[start : start + self.batch_size]
            docs = ner_docs([(row["text"], row["language"]) for row in batch])
            for row, doc in zip(batch, docs, strict=True):
                self._resolve(resolver, row, doc)
        return len(rows)

    def _resolve(self, resolver: EntityResolver, row: dict[str, Any], doc: Doc | None) -> None:
        """Find and resolve one article's mentions, link its claims' sources, and commit it with the state."""
        mentions = extract_mentions(row["text"], row["language"], known=resolver, doc=doc)
        resolved = resolver.resolve(row["id"], mentions, row["text"])
        touched = {entity_id for _, entity_id in resolved}
        claim_entities = {}
        for claim in self.store.claims([row["id"]]):
            match = resolver.lookup(claim["source_name"], fuzzy=False) if claim["source_name"] else None
            if match is not None:
                claim_entities[claim["claim_id"]] = match.entity_id
        entities = [asdict(entity) for entity_id in sorted(touched) if (entity := resolver.get(entity_id))]
        self.store.save_resolution(
            row["id"],
            [(m.start, m.end, m.text, m.label, entity_id) for m, entity_id in resolved],
            claim_entities,
            entities,
            STATE_NAME,
            resolver.state_changes(),
        )
