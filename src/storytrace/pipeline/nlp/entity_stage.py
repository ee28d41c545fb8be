"""The entity stage: mentions found and resolved into canonical entities across documents.

Runs in the driver over articles not resolved yet, in ingest order, because resolution is a
cross-document decision and because, for languages without a model, mentions are found by
matching the entities already known. Each article's result is committed on its own with the
resolver's state, so the stage resumes after a crash. Claim sources are linked to entities here.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from storytrace.pipeline.nlp.entities import extract_mentions
from storytrace.pipeline.nlp.resolve import EntityResolver

STATE_NAME = "entity_resolver"


class EntityStage:
    def __init__(self, store: Any) -> None:
        self.store = store

    def run(self) -> int:
        rows = self.store.unresolved_articles()
        if not rows:
            return 0
        state = self.store.load_state(STATE_NAME)
        resolver = EntityResolver.from_state(state) if state else EntityResolver()
        for row in rows:
            mentions = extract_mentions(row["text"], row["language"], known=resolver)
            resolved = resolver.resolve(row["id"], mentions, row["text"])
            touched = {entity_id for _, entity_id in resolved}
            claim_entities = {}
            for claim in self.store.claims([row["id"]]):
                match = resolver.lookup(claim["source_name"], fuzzy=False) if claim["source_name"] else None
                if match is not None:
                    claim_entities[claim["claim_id"]] = match.entity_id
            entities = [asdict(e) for e in resolver.entities() if e.entity_id in touched]
            self.store.save_resolution(
                row["id"],
                [(m.start, m.end, m.text, m.label, entity_id) for m, entity_id in resolved],
                claim_entities,
                entities,
                STATE_NAME,
                resolver.state_dict(),
            )
        return len(rows)
