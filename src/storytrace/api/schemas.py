"""Response models of the JSON API: they document the API in OpenAPI and fix the core fields.

Every model allows extra fields, so what the corpus adds later (new story keys, new claim keys)
passes through instead of being dropped; the fields named here are the ones clients can rely on.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

Item = TypeVar("Item")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    status: int
    error: str
    detail: Any = None


class Page(BaseModel, Generic[Item]):
    """One page of a list: `next_offset` is null on the last page."""

    items: list[Item]
    limit: int
    offset: int
    next_offset: int | None


class ArticleSummary(Open):
    id: str
    title: str | None = None
    headline: str | None = None  # the title, else the lead sentence
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None


class ArticleDetail(ArticleSummary):
    text: str
    revision: int | None = None
    meta: dict[str, Any] = {}
    origin: str | None = None
    content_hash: str | None = None
    duplicate_of: str | None = None
    ingested_at: str | None = None
    revisions: list[dict[str, Any]] = []
    duplicates: list[str] = []


class SearchHit(ArticleSummary):
    snippet: str
    snippet_html: str
    score: float | None = None
    match: str  # lexical, semantic or both
    similarity: float | None = None  # cosine of the query and the article's lead (semantic side)


class ProvenanceEdge(Open):
    source: str
    target: str
    kind: str
    score: float
    evidence: list[dict[str, Any]] = []


class Provenance(Open):
    """Articles and external sources ("ext:" ids) as nodes; derivations, credits and inferred `carries` edges."""

    nodes: list[str]
    edges: list[ProvenanceEdge]
    roots: list[str]
    independent_reports: int
    derived_by_kind: dict[str, list[str]] = {}


class ArticleProvenance(Provenance):
    articles: dict[str, ArticleSummary] = {}


class Story(Open):
    story_id: str
    label: str | None = None
    first_published: str | None = None
    last_published: str | None = None
    article_count: int = 0
    outlets: list[str] = []
    languages: list[str] = []
    independent_reports: int = 0
    original_article_ids: list[str] = []
    storyline_id: str | None = None


class StoryDetail(Story):
    articles: list[ArticleSummary] = []
    groups: list[Provenance] = []
    group_count: int = 0
    representative_sentences: list[str] = []


class Storyline(Open):
    storyline_id: str
    label: str | None = None
    story_ids: list[str] = []


class Entity(Open):
    entity_id: str
    name: str
    type: str | None = None
    aliases: list[str] = []
    article_ids: list[str] = []


class Claim(Open):
    claim_id: str
    article_id: str
    content: str
    cue: str | None = None
    source: dict[str, Any] = {}
    chain: list[dict[str, Any]] = []
    stance: str | None = None
    group_id: str | None = None


class TimelineEvent(Open):
    event_id: str
    date_value: str | None = None
    date_text: str | None = None
    mod: str | None = None
    granularity: str | None = None
    description: str | None = None
    entity_ids: list[str] = []
    article_ids: list[str] = []
    story_id: str | None = None
    independent_sources: int | None = None


class IngestResult(Open):
    """`Corpus.ingest_records` summary, plus the records the API itself rejected, with reasons."""

    read: int
    new: int
    unchanged: int
    revised: int
    exact_duplicates: int
    rejected: dict[str, int]
    rejected_total: int
    derivations: int
    clustered: int
    rejects: list[dict[str, Any]] = []
