"""The ingest pipeline: read → extract → normalise → language → fingerprint → citations → claims →
events → NER → embed → store, then the cross-article stages (lineage, stories, entities) over what is new."""

from __future__ import annotations

from storytrace.pipeline.base import Stage
from storytrace.pipeline.extract import ExtractHtml
from storytrace.pipeline.fingerprint import Fingerprint
from storytrace.pipeline.language import DetectLanguage
from storytrace.pipeline.lineage.embed_lead import EmbedLead
from storytrace.pipeline.lineage.stages import ExtractCitations
from storytrace.pipeline.nlp.claims import ExtractClaims
from storytrace.pipeline.nlp.entity_stage import RecogniseEntities
from storytrace.pipeline.normalize import Normalize
from storytrace.pipeline.time.stage import ExtractEvents


def ingest_stages() -> list[Stage]:
    """The per-article stages of ingest, in order."""
    return [
        ExtractHtml(),
        Normalize(),
        DetectLanguage(),
        Fingerprint(),
        ExtractCitations(),
        ExtractClaims(),
        ExtractEvents(),
        RecogniseEntities(),  # after claims: reads the cue chunks' entities off their parse
        EmbedLead(),
    ]
