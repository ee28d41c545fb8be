"""Claims: attributions as stored records, with the article's own credits prepended to each chain.

`ExtractClaims` runs in the workers over each batch of articles: one spaCy parse of the sentences that
carry a cue, across all the batch's articles.
The chain of a claim is what the article says it rests on, outermost first: the article-level credit
("Source: BNR", a wire dateline) and then the nested sources of the attribution, so seed 002 yields
BNR → ISW → Meduza → anonymous Kremlin sources. Chain elements are typed by their head words with
the same lexicon the extractor uses (`cues.json`), and media names through the outlet alias table.

`group_claims` then joins the same claim repeated across articles into one group (same source,
overlapping content); a group's independent sources count derivation families, not articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from storytrace.model import Article, Reject
from storytrace.pipeline.base import Stage
from storytrace.pipeline.lineage.citations import is_article_level
from storytrace.pipeline.lineage.outlet_match import is_own_outlet
from storytrace.pipeline.lineage.outlets import canonical_outlet
from storytrace.pipeline.nlp.attribution import Attribution, extract_attributions_batch
from storytrace.pipeline.nlp.cues import english_cues

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CITING_CUES = frozenset({"citing", "quoting"})
GROUP_MIN_OVERLAP = 0.5  # Dice of content words: restatements of one claim share at least half of them


@dataclass(frozen=True, slots=True)
class ChainLink:
    name: str
    type: str


@dataclass(slots=True)
class Claim:
    """One attributed claim of one article, ready to store and export."""

    claim_id: str
    article_id: str
    content: str
    content_start: int
    content_end: int
    cue: str
    source_name: str | None
    source_type: str
    stance: str
    direct: bool
    chain: list[ChainLink] = field(default_factory=list)
    entity_id: str | None = None
    group_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def chain_type(name: str) -> str:
    """Type of a chain element from its words: media, anonymous, document, social media, organisation,
    named person or unknown (the attribution extractor types the direct source with the parse)."""
    cues = english_cues()
    words = {w.casefold() for w in _WORD.findall(name)}
    if words & cues.social_media:  # before media: "his Telegram channel" is a post, not a broadcaster
        return "social_media"
    if canonical_outlet(name) or any(cues.names_media(w, words) for w in words) or words & cues.media_names:
        return "media"
    if words & {"anonymous", "unnamed", "unidentified"} or words & cues.anonymous_heads:
        return "anonymous"
    if words & cues.document_heads:
        return "document"
    if words & cues.organisation_heads or name.strip().isupper():
        return "organisation"
    capitalised = [w for w in name.split() if w[:1].isupper()]
    return "named_person" if capitalised and len(capitalised) == len(name.split()) else "unknown"


# The source kind a resolved entity type stands for. A country or city that says something is its government.
_KIND_OF_ENTITY_TYPE = {"PERSON": "named_person", "ORG": "organisation", "MEDIA": "media", "GPE": "organisation"}
# Kinds read off a name alone, which the corpus-wide entity type corrects; the others ("his Telegram channel",
# "a US official", "leaked documents") come from the words of the phrase and stand.
_NAME_KINDS = frozenset({"named_person", "organisation", "unknown"})


def resolved_source_type(source_type: str, entity_type: str | None) -> str:
    """A claim source's kind, corrected by the type its entity was resolved to across the corpus: the small
    English model tags one name PERSON in one sentence and ORG in the next ("OpenAI said" was a named person in
    two dev articles), while the resolver weighs every mention of every article."""
    kind = _KIND_OF_ENTITY_TYPE.get(entity_type or "")
    return kind if kind is not None and source_type in _NAME_KINDS else source_type


def article_credits(article: Article) -> list[ChainLink]:
    """The article-level credits (source lines, wire datelines) that every claim of the article rests on."""
    links: list[ChainLink] = []
    for citation in article.citations:
        if citation.source_kind == "media" and is_article_level(citation.cue):
            name = citation.canonical or citation.source_name
            if is_own_outlet(name, article.outlet):
                continue  # a wire's own dateline credits nobody else
            if all(link.name != name for link in links):
                links.append(ChainLink(name, "media"))
    return links


def _unique(chain: list[ChainLink]) -> list[ChainLink]:
    """First occurrence of each name: a source named again further down the chain adds nothing."""
    seen: set[str] = set()
    unique = []
    for link in chain:
        if link.name.casefold() not in seen:
            seen.add(link.name.casefold())
            unique.append(link)
    return unique


def _by_cue(found: Sequence[Attribution]) -> list[tuple[Attribution, str, int, int]]:
    """One (attribution, content, start, end) per cue: the parts one cue introduces (“A,” she said, “B.”; the
    clause before an inserted frame; "said of X") make one claim, its content the parts in text order joined
    by " … ", as a reader would quote it."""
    parts: dict[tuple[int, int], list[Attribution]] = {}
    for item in found:
        parts.setdefault((item.cue.start, item.cue.end), []).append(item)
    joined = []
    for items in parts.values():
        ordered = sorted(items, key=lambda a: a.content.start)
        content = " … ".join(a.content.text for a in ordered)
        # the parts share cue, source and stance; a claim with a quoted part is a direct quotation
        representative = next((a for a in ordered if a.direct), ordered[0])
        joined.append((representative, content, ordered[0].content.start, ordered[-1].content.end))
    return joined


def _restated(item: Attribution, found: Sequence[Attribution]) -> bool:
    """Whether `item` is its own source's statement read again from inside it: "Costin declined to say whether X"
    gives "declined" (to say whether X) and, inside its content, "say" (whether X) by the same source; the outer
    one is the claim. Inside another source's content ("the memo says Danescu told an aide that X") it is a claim."""
    if item.source is None:
        return False
    return any(
        outer.cue != item.cue
        and outer.source is not None
        and outer.source.text.casefold() == item.source.text.casefold()
        and outer.content.start <= item.cue.start
        and item.content.end <= outer.content.end
        for outer in found
    )


def to_claims(article: Article, found: Sequence[Attribution]) -> list[Claim]:
    prefix = article_credits(article)
    # "…, the Ledger reported, citing a leaked memo": the memo is a link of the report's chain, not a claim
    relied_on = {span.text for item in found for span in item.chain[1:]}
    kept = [
        part
        for part in _by_cue(found)
        if not (part[0].cue.text.casefold() in _CITING_CUES and part[1] in relied_on) and not _restated(part[0], found)
    ]
    claims = []
    for number, (item, content, start, end) in enumerate(kept):
        # the source's link takes the type the parse gave it; a nested attribution's chain opens with the outer
        # sources ("the report" → Danescu), an anonymous one's may open with the outlet relaying it
        kinds = item.chain_types if len(item.chain_types) == len(item.chain) else [None] * len(item.chain)
        chain = [
            ChainLink(span.text, item.source_type if span == item.source else kind or chain_type(span.text))
            for span, kind in zip(item.chain, kinds, strict=True)
        ]
        if item.source is not None and item.source not in item.chain:
            chain.append(ChainLink(item.source.text, item.source_type))
        claims.append(
            Claim(
                claim_id=f"{article.id}#c{number}",
                article_id=article.id,
                content=content,
                content_start=start,
                content_end=end,
                cue=item.cue.text,
                source_name=item.source.text if item.source else None,
                source_type=item.source_type,
                stance=item.stance,
                direct=item.direct,
                chain=_unique(prefix + chain),
            )
        )
    return claims


class ExtractClaims(Stage):
    """Quotes and reported speech with source, cue, stance and chain (English parse; patterns elsewhere)."""

    name = "claims"

    def process_batch(self, articles: list[Article]) -> list[Article | Reject]:
        found = extract_attributions_batch([(article.text, article.language) for article in articles])
        for article, attributions in zip(articles, found, strict=True):
            article.claims = to_claims(article, attributions)
            self.count("claims", len(article.claims))
        return list(articles)


def _content_words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text) if len(w) > 3}


def group_claims(claims: Sequence[dict[str, Any]], family_of: dict[str, int]) -> dict[str, tuple[str, int]]:
    """claim id → (group id, independent sources of the group).

    Claims join a group when their sources agree (same name, case-folded) and their contents share
    at least `GROUP_MIN_OVERLAP` of their words (Dice). Independent sources are the distinct
    derivation families (`family_of`: article id → family number) among the group's articles.
    """
    by_source: dict[str, list[tuple[set[str], list[dict[str, Any]]]]] = {}  # only same-source groups compete
    for claim in sorted(claims, key=lambda c: c["claim_id"]):
        words = _content_words(claim["content"])
        groups = by_source.setdefault((claim["source_name"] or "").casefold(), [])
        for group_words, members in groups:
            if words and 2 * len(words & group_words) / (len(words) + len(group_words)) >= GROUP_MIN_OVERLAP:
                members.append(claim)
                group_words |= words
                break
        else:
            groups.append((set(words), [claim]))
    result: dict[str, tuple[str, int]] = {}
    for _, members in (group for groups in by_source.values() for group in groups):
        group_id = "g:" + members[0]["claim_id"]
        independent = len({family_of.get(m["article_id"], hash(m["article_id"])) for m in members})
        for member in members:
            result[member["claim_id"]] = (group_id, independent)
    return result
