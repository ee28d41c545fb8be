"""The entity stages: NER per article in the workers, then mentions resolved into canonical entities.

`RecogniseEntities` is a per-article stage: the model's entity spans are plain data on the article
(stored with it), so the NER runs wherever the other per-article stages run (Dask workers included).
`EntityStage` runs in the driver over articles not resolved yet, in ingest order, because resolution
is a cross-document decision and because, for languages without a model, mentions are found by
matching the entities already known. A batch's results are committed together with the resolver's
changes (the entities its articles touched), so the stage resumes after a crash, redoing at most one
batch: a commit per article cost ~7% of the stage at 10k articles, more at 100k, and wrote a widely
reported entity's state again for every article naming it. Claim sources are linked to entities here.
Articles stored before the `ner` stage existed are recognised here, `batch_size` at a time in one stream.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from storytrace.model import Article, Reject
from storytrace.pipeline.base import Stage
from storytrace.pipeline.nlp.entities import extract_mentions, ner_spans
from storytrace.pipeline.nlp.resolve import EntityResolver

STATE_NAME = "entity_resolver"
# Articles recognised per stream in the driver (old stores only): bounds the docs held in memory.
NER_BATCH_SIZE = 64


class RecogniseEntities(Stage):
    """NER entity spans of each article (None where its language has no model), in one stream per batch."""

    name = "ner"

    def process_batch(self, articles: list[Article]) -> list[Article | Reject]:
        for article, spans in zip(articles, ner_spans([(a.text, a.language) for a in articles]), strict=True):
            article.entity_spans = spans
            self.count("entities", len(spans or ()))
        return list(articles)


def load_resolver(store: Any) -> EntityResolver | None:
    """The resolver as last persisted in `store`, or None before the stage first ran."""
    meta = store.load_state(STATE_NAME)
    if meta is None:
        return None
    return EntityResolver.from_records(meta, store.load_state_records(STATE_NAME), store.entity_articles())


@dataclass(frozen=True, slots=True)
class ArticleResolution:
    """One article's resolved mentions (start, end, text, label, entity id) and its claims' source entities."""

    article_id: str
    mentions: list[tuple[int, int, str, str, str]]
    claim_entities: dict[str, str]


class EntityStage:
    """`batch_size` articles are parsed together and committed together (1: one at a time); it bounds the parses
    held in memory and the work a crash loses."""

    def __init__(self, store: Any, batch_size: int = NER_BATCH_SIZE) -> None:
        self.store = store
        self.batch_size = batch_size

    def run(self) -> int:
        """Resolve every unresolved article, in ingest order; how many."""
        rowids = self.store.unresolved()
        if not rowids:
            return 0
        resolver = load_resolver(self.store) or EntityResolver()
        rows = self.store.unresolved_articles(rowids)
        while batch := list(itertools.islice(rows, self.batch_size)):
            unrecognised = [row for row in batch if row["entity_spans"] is None]
            recognised = ner_spans([(row["text"], row["language"]) for row in unrecognised])
            spans = {row["id"]: found for row, found in zip(unrecognised, recognised, strict=True)}
            resolutions = [
                self._resolve(resolver, row, spans[row["id"]] if row["id"] in spans else row["entity_spans"])
                for row in batch
            ]
            self._save(resolver, resolutions)
        return len(rowids)

    def _resolve(
        self, resolver: EntityResolver, row: dict[str, Any], ner: list[tuple[int, int, str]] | None
    ) -> ArticleResolution:
        """Find and resolve one article's mentions and link its claims' sources."""
        claims = self.store.claims([row["id"]])
        media = [c["source_name"] for c in self.store.citations_of([row["id"]]) if c["source_kind"] == "media"]
        media += [c["source_name"] for c in claims if c["source_type"] == "media" and c["source_name"]]
        mentions = extract_mentions(row["text"], row["language"], known=resolver, ner=ner, media_names=media)
        resolved = resolver.resolve(row["id"], mentions, row["text"], row["language"])
        claim_entities = {}
        for claim in claims:
            match = resolver.lookup(claim["source_name"], fuzzy=False) if claim["source_name"] else None
            if match is not None:
                claim_entities[claim["claim_id"]] = match.entity_id
        return ArticleResolution(
            row["id"],
            [(m.start, m.end, m.text, m.label, entity_id) for m, entity_id in resolved],
            claim_entities,
        )

    def _save(self, resolver: EntityResolver, resolutions: list[ArticleResolution]) -> None:
        """Commit a batch's articles with the entities they touched, as they stand, and the resolver's changes; the
        mentions and claims of entities folded into others (also those stored by earlier batches) move to them."""
        merges = resolver.take_merges()
        if merges:
            resolutions = [
                ArticleResolution(
                    r.article_id,
                    [(*m[:-1], merges.get(m[-1], m[-1])) for m in r.mentions],
                    {claim: merges.get(e, e) for claim, e in r.claim_entities.items()},
                )
                for r in resolutions
            ]
        touched = {mention[-1] for resolution in resolutions for mention in resolution.mentions}
        # the fields the entities table keeps; not `asdict`, which deep-copied every touched entity's article ids
        # (a widely reported entity's list grows with the corpus): half of this stage's time at 10k articles
        entities = [
            {"entity_id": e.entity_id, "name": e.name, "type": e.type, "aliases": e.aliases,
             "descriptors": e.descriptors, "article_count": len(e.article_ids)}
            for entity_id in sorted(touched)
            if (e := resolver.get(entity_id))
        ]
        articles = [(r.article_id, r.mentions, r.claim_entities) for r in resolutions]
        self.store.save_resolutions(articles, entities, STATE_NAME, resolver.state_changes(), merges)
