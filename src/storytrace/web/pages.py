"""The web pages: home, story, article, entity and search, rendered from `Corpus` with Jinja2.

Templates are autoescaped, URLs to article pages are percent-encoded (ids contain slashes and
anything else), and an article's own `url` becomes a link only when it is http(s). Sections whose
corpus method is missing or returns nothing say "no data yet" rather than showing anything made up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from storytrace.api.access import get_corpus, optional_method
from storytrace.corpus import Corpus
from storytrace.pipeline.lineage.provenance import EXTERNAL_PREFIX
from storytrace.search import SearchMode
from storytrace.web import TEMPLATES_DIR
from storytrace.web.svg import EDGE_STYLES, provenance_svg, story_background_before, timeline_svg
from storytrace.web.text import ROLE_TITLES, aligned_segments, snippet_html

PAGE_SIZE = 30
MAX_LISTED_ARTICLES = 200  # an entity page lists at most this many of its articles
MAX_CLAIM_GROUPS = 40  # a story page shows its most repeated claim groups; the API pages the rest
MAX_STORY_ENTITIES = 60

router = APIRouter(include_in_schema=False)
CorpusDep = Annotated[Corpus, Depends(get_corpus)]


def article_url(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="/")


def story_url(story_id: str) -> str:
    return "/stories/" + quote(story_id, safe="")


def entity_url(entity_id: str) -> str:
    return "/entities/" + quote(entity_id, safe="")


def safe_url(url: str | None) -> str | None:
    """An article's own URL if it is http(s); anything else (javascript:, data:) is not linked."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True))
    env.globals |= {
        "article_url": article_url,
        "story_url": story_url,
        "entity_url": entity_url,
        "safe_url": safe_url,
        "role_titles": ROLE_TITLES,
        "edge_styles": EDGE_STYLES,
    }
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status, status=status, message=message)


def _maybe(corpus: Corpus, name: str, *args: Any, **kwargs: Any) -> Any:
    """The result of an optional corpus method, or None while the method does not exist."""
    method: Callable[..., Any] | None = optional_method(corpus, name)
    return None if method is None else method(*args, **kwargs)


def _claim_groups(claims: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Claims repeated across articles (same `group_id`) shown once, with every article that makes them."""
    groups: dict[str, dict[str, Any]] = {}
    for claim in claims or []:
        key = claim.get("group_id") or claim["claim_id"]
        group = groups.setdefault(key, {"claim": claim, "article_ids": []})
        if claim["article_id"] not in group["article_ids"]:
            group["article_ids"].append(claim["article_id"])
    return sorted(groups.values(), key=lambda g: -len(g["article_ids"]))


def _node_info(corpus: Corpus, groups: list[dict[str, Any]], known: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Published/outlet/language/title of every article node, from `known` or the corpus."""
    missing = sorted({n for g in groups for n in g["nodes"] if n not in known and not n.startswith(EXTERNAL_PREFIX)})
    return known | corpus.article_summaries(missing)


def _entity_claims(corpus: Corpus, item: dict[str, Any]) -> list[dict[str, Any]] | None:
    """Claims by and about an entity: from its dossier when it has them, else by source name."""
    if "claims_by" in item or "claims_about" in item:
        return (item.get("claims_by") or []) + (item.get("claims_about") or [])
    return _maybe(corpus, "claims", entity=item.get("name"))


@router.get("/", response_class=HTMLResponse)
def home(request: Request, corpus: CorpusDep, offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    stories = _maybe(corpus, "stories", limit=PAGE_SIZE + 1, offset=offset)
    storylines = _maybe(corpus, "storylines") or []
    labels = {s["story_id"]: s.get("label") for s in stories or []}
    return render(
        request,
        "home.html",
        stats=corpus.stats(),
        stories=(stories or [])[:PAGE_SIZE],
        next_offset=offset + PAGE_SIZE if stories and len(stories) > PAGE_SIZE else None,
        offset=offset,
        recent=[] if stories else corpus.articles(limit=PAGE_SIZE),
        storylines=storylines,
        labels=labels,
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    corpus: CorpusDep,
    q: str = "",
    offset: Annotated[int, Query(ge=0)] = 0,
    mode: SearchMode = SearchMode.HYBRID,
) -> HTMLResponse:
    hits = corpus.search(q, PAGE_SIZE + 1, offset, mode) if q.strip() else []
    return render(
        request,
        "search.html",
        q=q,
        mode=mode.value,
        hits=[h | {"snippet_html": snippet_html(h["snippet"])} for h in hits[:PAGE_SIZE]],
        offset=offset,
        next_offset=offset + PAGE_SIZE if len(hits) > PAGE_SIZE else None,
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str, corpus: CorpusDep, offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    """One page of a story: PAGE_SIZE provenance groups (largest first) and articles from `offset`,
    the timeline, the most repeated claim groups and the entities."""
    if optional_method(corpus, "story") is None:
        raise HTTPException(404, "stories are not available in this version yet")
    item = corpus.story(story_id, limit=PAGE_SIZE, offset=offset)
    if item is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    articles = {a["id"]: a for a in item.get("articles", [])}
    groups = item.get("groups") or []
    events = _maybe(corpus, "timeline", story_id=story_id)
    timeline, undated, background = timeline_svg(
        events or [], article_url, story_background_before(item.get("first_published"))
    )
    claim_groups = _claim_groups(_maybe(corpus, "claims", story_id=story_id))
    more = offset + PAGE_SIZE < max(item.get("article_count", 0), item.get("group_count", 0))
    return render(
        request,
        "story.html",
        story=item,
        articles=list(articles.values()),
        provenance=provenance_svg(groups, _node_info(corpus, groups, articles), article_url),
        timeline=timeline,
        undated=undated,
        background=background,
        claim_groups=claim_groups[:MAX_CLAIM_GROUPS],
        more_claim_groups=max(len(claim_groups) - MAX_CLAIM_GROUPS, 0),
        entities=_maybe(corpus, "entities", story_id=story_id, limit=MAX_STORY_ENTITIES) or [],
        offset=offset,
        page_size=PAGE_SIZE,
        next_offset=offset + PAGE_SIZE if more else None,
    )


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: str, corpus: CorpusDep) -> HTMLResponse:
    item = corpus.article(article_id)
    if item is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    derivations = corpus.derivations(article_id)
    citations = corpus.citations(article_id)
    group = corpus.provenance(article_id)
    groups = [group.to_dict()] if group is not None else []
    return render(
        request,
        "article.html",
        article=item,
        url=safe_url(item.get("url")),
        segments=aligned_segments(item["text"], article_id, derivations, citations),
        derivations=derivations,
        citations=citations,
        provenance=provenance_svg(groups, _node_info(corpus, groups, {article_id: item}), article_url),
        claims=_maybe(corpus, "claims", article_id=article_id) or [],
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str, corpus: CorpusDep) -> HTMLResponse:
    if optional_method(corpus, "entity") is None:
        raise HTTPException(404, "entities are not available in this version yet")
    item = corpus.entity(entity_id)  # type: ignore[attr-defined]
    if item is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    ids = (item.get("article_ids") or [])[:MAX_LISTED_ARTICLES]
    events = _maybe(corpus, "timeline", entity=entity_id)
    timeline, undated, _ = timeline_svg(events or [], article_url)
    return render(
        request,
        "entity.html",
        entity=item,
        articles=[a for a in (corpus.article(i) for i in ids) if a],
        more_articles=len(item.get("article_ids") or []) - len(ids),
        claim_groups=_claim_groups(_entity_claims(corpus, item)),
        stories=[s for s in item.get("stories") or [] if s],
        timeline=timeline,
        undated=undated,
    )
