"""Claims as stored records: article-level credits head each chain; repeated claims group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storytrace import Corpus
from storytrace.model import Article
from storytrace.pipeline.lineage.citations import extract_citations
from storytrace.pipeline.nlp.attribution import SOURCE_TYPES, STANCES, extract_attributions, extract_attributions_batch
from storytrace.pipeline.nlp.claims import chain_type, group_claims, resolved_source_type, to_claims

WIRE = (
    "OSTREL (MP) — The Daily Lantern reported, citing the Halden Institute, which in turn relies on "
    "anonymous officials in the defence ministry, that General Oskar Brandt was placed under house arrest.\n"
    'The defence ministry called the report "pure fiction".'
)


def test_chain_starts_with_the_article_credit_and_keeps_the_nesting() -> None:
    article = Article(id="w1", text=WIRE, language="en")
    article.citations = extract_citations(WIRE, "en")
    claims = to_claims(article, extract_attributions(WIRE, "en"))
    chains = {c.cue: [link.name for link in c.chain] for c in claims}
    # the parse hangs the that-clause on the cited institute; the report still says it, resting on what it cites
    assert chains["reported"] == [
        "MP", "The Daily Lantern", "the Halden Institute", "anonymous officials in the defence ministry"
    ], chains
    [report] = [c for c in claims if c.cue == "reported"]
    assert report.content == "that General Oskar Brandt was placed under house arrest"
    assert any(c.stance == "deny" for c in claims)


def test_a_cited_source_is_a_link_of_the_chain_not_a_claim() -> None:
    text = "The port will close for a month, the Daily Courier reported, citing two officials familiar with the plan."
    article = Article(id="c1", text=text, language="en")
    claims = to_claims(article, extract_attributions(text, "en"))
    assert [(c.cue, c.content, [link.name for link in c.chain]) for c in claims] == [
        ("reported", "The port will close for a month", ["the Daily Courier", "two officials familiar with the plan"])
    ]
    assert [c.claim_id for c in claims] == ["c1#c0"]


def test_a_speaker_read_again_inside_their_own_statement_is_one_claim() -> None:
    text = (
        "Mirela Costin declined to say whether the minister had been in Brussels. "
        "According to the memo, Costin told an aide that the talks had failed."
    )
    claims = to_claims(Article(id="r1", text=text, language="en"), extract_attributions(text, "en"))
    assert [(c.cue, c.source_name) for c in claims] == [
        ("declined", "Mirela Costin"),
        ("According to", "the memo"),
        ("told", "Costin"),  # inside another source's content: a claim of its own, chained to the memo
    ]
    chain = [(link.name, link.type) for link in claims[2].chain]
    assert chain == [("the memo", "document"), ("Costin", "named_person")]


def test_chain_links_are_typed_by_their_parse() -> None:
    text = "According to other leaked documents, ministry officials said the plan had failed."
    claims = to_claims(Article(id="t1", text=text, language="en"), extract_attributions(text))
    [said] = [c for c in claims if c.cue == "said"]
    assert [(link.name, link.type) for link in said.chain] == [
        ("other leaked documents", "document"),  # "other" alone would be people ("others said")
        ("ministry officials", "anonymous"),
    ]


def test_the_parts_one_cue_introduces_make_one_claim() -> None:
    text = "“We will not retreat,” Colonel Anna Berg said, “not one step.” The river froze on Monday."
    article = Article(id="q1", text=text, language="en")
    [claim] = [c for c in to_claims(article, extract_attributions(text, "en")) if c.cue == "said"]
    assert claim.content == "“We will not retreat,” … “not one step.”"
    assert claim.direct and claim.source_name == "Colonel Anna Berg"
    assert text[claim.content_start : claim.content_end].startswith("“We will")
    assert claim.content_end < text.index("The river")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("anonymous sources inside the Kremlin", "anonymous"),
        ("the Russian opposition newspaper Meduza", "media"),
        ("leaked U.S. intelligence documents", "document"),
        ("his Telegram channel", "social_media"),
        ("Reuters", "media"),
    ],
)
def test_chain_types(name: str, kind: str) -> None:
    assert chain_type(name) == kind


def test_groups_join_restatements_and_count_families() -> None:
    claims = [
        {
            "claim_id": "a#c0",
            "article_id": "a",
            "source_name": "the ministry",
            "content": "the dam burst at dawn on Sunday",
        },
        {
            "claim_id": "b#c0",
            "article_id": "b",
            "source_name": "The Ministry",
            "content": "the dam burst on Sunday at dawn",
        },
        {
            "claim_id": "c#c0",
            "article_id": "c",
            "source_name": "the ministry",
            "content": "the dam burst at dawn on Sunday",
        },
        {
            "claim_id": "d#c0",
            "article_id": "d",
            "source_name": "the mayor",
            "content": "the dam burst at dawn on Sunday",
        },
    ]
    groups = group_claims(claims, {"a": 0, "b": 0, "c": 1, "d": 2})
    assert groups["a#c0"][0] == groups["b#c0"][0] == groups["c#c0"][0] != groups["d#c0"][0]
    assert groups["a#c0"][1] == 2  # a and b are one derivation family


@pytest.mark.shared
def test_seed_002_chain_is_bnr_isw_meduza_kremlin_sources(shared_dir: Path, tmp_path: Path) -> None:
    with Corpus(tmp_path / "seeds.db") as corpus:
        corpus.ingest([str(shared_dir / "seeds")])
        [seed] = [a["id"] for a in corpus.articles(limit=None) if a["id"].startswith("002_")]
        chains = [[(link["name"], link["type"]) for link in c["chain"]] for c in corpus.claims(article_id=seed)]
    assert [
        ("BNR", "media"),
        ("the American think tank ISW", "organisation"),
        ("the Russian opposition newspaper Meduza", "media"),
        ("anonymous sources inside the Kremlin", "anonymous"),
    ] in chains


@pytest.mark.parametrize(
    ("source_type", "entity_type", "kind"),
    [
        ("named_person", "ORG", "organisation"),  # "OpenAI said", tagged PERSON in that sentence
        ("unknown", "PERSON", "named_person"),
        ("organisation", "MEDIA", "media"),
        ("named_person", None, "named_person"),  # no entity resolved: the extractor's kind stands
        ("anonymous", "ORG", "anonymous"),  # read off the phrase's words ("a Vardex official"): stands
        ("social_media", "PERSON", "social_media"),
    ],
)
def test_the_resolved_entity_type_corrects_a_kind_read_off_a_name(source_type: str, entity_type: str | None,
                                                                   kind: str) -> None:
    assert resolved_source_type(source_type, entity_type) == kind


def test_every_attribution_of_the_sample_corpus_speaks_the_documented_vocabulary() -> None:
    """Stances and source kinds (of sources and of chain links) stay within the documented values."""
    sample = Path(__file__).resolve().parents[2] / "examples" / "sample-corpus" / "jsonl" / "articles.jsonl"
    rows = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = [a for items in extract_attributions_batch([(r["text"], r.get("language")) for r in rows]) for a in items]
    assert len(found) > 50
    assert {a.stance for a in found} <= set(STANCES)
    assert {a.source_type for a in found} | {kind for a in found for kind in a.chain_types} <= set(SOURCE_TYPES)
