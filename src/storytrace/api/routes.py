"""The JSON API under `/api`: read endpoints over `Corpus`, and an optional token-guarded ingest."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from storytrace.api import schemas
from storytrace.api.access import check_day, get_corpus, page, required_method, window
from storytrace.api.ingest import check_token, ingest_body, read_body
from storytrace.corpus import Corpus
from storytrace.pipeline.lineage.provenance import EXTERNAL_PREFIX
from storytrace.search import SearchMode
from storytrace.web.text import plain_snippet, snippet_html

router = APIRouter(prefix="/api", tags=["api"])
bearer = HTTPBearer(auto_error=False, description="The write token (`STORYTRACE_WRITE_TOKEN`).")

CorpusDep = Annotated[Corpus, Depends(get_corpus)]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size, at most 200.")]
Offset = Annotated[int, Query(ge=0)]
Day = Annotated[str | None, Query(description="YYYY-MM-DD", examples=["2025-03-04"])]
SUMMARY_FIELDS = ("id", "title", "url", "outlet", "published", "language", "duplicate_of")


def summary(article: dict[str, Any]) -> dict[str, Any]:
    """An article without its text and metadata, for lists."""
    return {key: article.get(key) for key in SUMMARY_FIELDS}


def story_fields(story: dict[str, Any]) -> dict[str, Any]:
    """A story without the ids of all its members (thousands for a big story): the story detail
    pages them as `articles`."""
    return {key: value for key, value in story.items() if key != "article_ids"}


def _not_found(kind: str, key: str) -> HTTPException:
    return HTTPException(404, f"no {kind} with id {key!r}")


@router.get("/stats")
def stats(corpus: CorpusDep) -> dict[str, Any]:
    """Counts of articles, languages, outlets, duplicates, revisions, rejects and runs."""
    return corpus.stats()


@router.get("/articles", response_model=schemas.Page[schemas.ArticleSummary])
def articles(
    corpus: CorpusDep,
    outlet: str | None = None,
    language: str | None = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Articles newest first, filtered by outlet, language and publication day (inclusive)."""
    rows = corpus.articles(
        outlet=outlet,
        language=language,
        since=check_day(since, "since"),
        until=check_day(until, "until"),
        limit=limit + 1,
        offset=offset,
    )
    return page([summary(a) for a in rows[:limit]], limit, offset, len(rows) > limit)


@router.post("/articles", response_model=schemas.IngestResult, responses={401: {}, 403: {}, 413: {}})
async def post_articles(
    request: Request,
    corpus: CorpusDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> dict[str, Any]:
    """Ingest a JSON object, a JSON array of objects or JSON Lines (`id` and `text` required per
    record, like `storytrace ingest`). Needs a server started with writes allowed and the token as
    `Authorization: Bearer …`. Bodies over the size limit are refused with 413."""
    check_token(request.app.state, credentials)
    body = await read_body(request, request.app.state.max_body_bytes)
    return await run_in_threadpool(ingest_body, corpus, body, request.app.state.write_lock)


@router.get("/articles/{article_id:path}/provenance", response_model=schemas.ArticleProvenance)
def article_provenance(article_id: str, corpus: CorpusDep) -> dict[str, Any]:
    """The article's derivation family and what it credits: originals are the `roots`."""
    group = corpus.provenance(article_id)
    if group is None:
        raise _not_found("article", article_id)
    ids = [n for n in group.nodes if not n.startswith(EXTERNAL_PREFIX)]
    found = (corpus.article(i) for i in ids)
    return group.to_dict() | {"articles": {a["id"]: summary(a) for a in found if a}}


@router.get("/articles/{article_id:path}", response_model=schemas.ArticleDetail)
def article(article_id: str, corpus: CorpusDep) -> dict[str, Any]:
    """One article with its text, metadata, revisions and exact duplicates (ids may contain `/`)."""
    found = corpus.article(article_id)
    if found is None:
        raise _not_found("article", article_id)
    return found


@router.get("/search", response_model=schemas.Page[schemas.SearchHit])
def search(
    corpus: CorpusDep,
    q: Annotated[str, Query(min_length=1, description="FTS5 query; invalid syntax is searched as words.")],
    limit: Limit = 20,
    offset: Offset = 0,
    mode: Annotated[
        SearchMode, Query(description="hybrid (full-text and multilingual semantic, fused), lexical or semantic")
    ] = SearchMode.HYBRID,
) -> dict[str, Any]:
    """Search in any language: full-text (bm25) fused with multilingual semantic search over leads; `match` says
    which side found a hit; `snippet_html` is escaped HTML with <mark> around matched words."""
    hits = corpus.search(q, limit + 1, offset, mode)
    items = [
        h | {"snippet": plain_snippet(h["snippet"]), "snippet_html": str(snippet_html(h["snippet"]))}
        for h in hits[:limit]
    ]
    return page(items, limit, offset, len(hits) > limit)


@router.get("/stories", response_model=schemas.Page[schemas.Story])
def stories(
    corpus: CorpusDep,
    since: Day = None,
    until: Day = None,
    language: str | None = None,
    entity: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stories, newest first, with counts of articles, outlets, languages and independent reports."""
    rows = required_method(corpus, "stories")(
        since=check_day(since, "since"),
        until=check_day(until, "until"),
        language=language,
        entity=entity,
        limit=limit + 1,
        offset=offset,
    )
    return page([story_fields(r) for r in rows[:limit]], limit, offset, len(rows) > limit)


@router.get("/stories/{story_id}", response_model=schemas.StoryDetail)
def story(
    story_id: str,
    corpus: CorpusDep,
    limit: Limit = 50,
    offset: Offset = 0,
    evidence: Annotated[bool, Query(description="Include each edge's aligned sentences.")] = False,
) -> dict[str, Any]:
    """One story with a page of its articles (publication order, without text) and a page of its
    provenance groups (largest first); `article_count` and `group_count` are the totals. Edges
    carry their evidence sentences only with `evidence=true` (a scoop credited by hundreds of
    articles would otherwise repeat hundreds of sentences); each article's provenance has them."""
    found = required_method(corpus, "story")(story_id, limit=limit, offset=offset)
    if found is None:
        raise _not_found("story", story_id)
    groups = found.get("groups", [])
    if not evidence:
        groups = [g | {"edges": [{k: v for k, v in e.items() if k != "evidence"} for e in g["edges"]]} for g in groups]
    return story_fields(found) | {"articles": [summary(a) for a in found.get("articles", [])], "groups": groups}


@router.get("/storylines", response_model=list[schemas.Storyline])
def storylines(corpus: CorpusDep) -> list[dict[str, Any]]:
    """Stories that continue one another."""
    return required_method(corpus, "storylines")()


@router.get("/entities", response_model=schemas.Page[schemas.Entity])
def entities(corpus: CorpusDep, story_id: str | None = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Named entities (people, organisations, places), optionally of one story."""
    return window(required_method(corpus, "entities")(story_id=story_id, limit=offset + limit + 1), limit, offset)


@router.get("/entities/{entity_id}", response_model=schemas.Entity)
def entity(entity_id: str, corpus: CorpusDep) -> dict[str, Any]:
    found = required_method(corpus, "entity")(entity_id)
    if found is None:
        raise _not_found("entity", entity_id)
    return found


@router.get("/claims", response_model=schemas.Page[schemas.Claim])
def claims(
    corpus: CorpusDep,
    story_id: str | None = None,
    entity: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Attributed claims with source, cue, attribution chain and stance; repeats share `group_id`."""
    return window(required_method(corpus, "claims")(story_id=story_id, entity=entity), limit, offset)


@router.get("/timeline", response_model=schemas.Page[schemas.TimelineEvent])
def timeline(
    corpus: CorpusDep,
    story_id: str | None = None,
    entity: str | None = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Dated events (TIMEX3 values) of a story or an entity."""
    return window(required_method(corpus, "timeline")(story_id=story_id, entity=entity), limit, offset)
