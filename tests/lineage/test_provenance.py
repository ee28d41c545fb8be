"""Provenance groups from plain records: roots, credits, and reports carried without credit (fictional)."""

from __future__ import annotations

from typing import Any

from storytrace.pipeline.lineage.provenance import build_groups, resolve_credits

SHARED = "The mayor agreed to sell the harbour land to a developer for a fraction of its value."
CREDIT = "The mayor agreed to sell the harbour land to a developer, the Northfield Post reported."
OWN = "The council will vote on the sale next month."


def _article(article_id: str, outlet: str | None, day: str = "2025-04-02") -> dict[str, Any]:
    return {"id": article_id, "outlet": outlet, "published": day}


def _derivation(source: str, target: str, evidence_target: str = CREDIT) -> dict[str, Any]:
    evidence = [{"source_sentence": SHARED, "target_sentence": evidence_target, "score": 0.82}]
    return {"source_id": source, "target_id": target, "kind": "paraphrase", "score": 0.7, "evidence": evidence}


def _credit(article_id: str, name: str = "Northfield Post", sentence: str = CREDIT) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "source_name": name,
        "canonical": name,
        "source_kind": "media",
        "sentence": sentence,
        "cue": "reported",
        "start": 0,
    }


def _groups(articles: list[dict], derivations: list[dict], citations: list[dict]) -> list[Any]:
    by_id = {a["id"]: a for a in articles}
    return build_groups(by_id, derivations, resolve_credits(by_id, citations, derivations))


def test_a_credit_of_shared_text_resolves_to_the_outlet_less_original_it_was_rewritten_from() -> None:
    # The seeds' case: a rewrite credits a newspaper for a sentence it shares with an earlier text of
    # unknown outlet, which may be that newspaper's own report: one report, not two.
    articles = [_article("scoop", None), _article("rewrite", "Daily Buzz")]
    by_id = {a["id"]: a for a in articles}
    [credit] = resolve_credits(by_id, [_credit("rewrite")], [_derivation("scoop", "rewrite")])
    assert credit["source_article_id"] == "scoop"
    [group] = _groups(articles, [_derivation("scoop", "rewrite")], [_credit("rewrite")])
    assert group.roots == ["scoop"] and group.independent_reports == 1
    assert not [n for n in group.nodes if n.startswith("ext:")]


def test_an_uncredited_rewrite_of_another_outlet_carries_the_credited_report() -> None:
    articles = [_article("tribune", "Valley Tribune"), _article("rewrite", "Daily Buzz")]
    [group] = _groups(articles, [_derivation("tribune", "rewrite")], [_credit("rewrite")])
    assert group.roots == ["ext:Northfield Post"] and group.independent_reports == 1
    [carries] = [e for e in group.edges if e["kind"] == "carries"]
    assert (carries["source"], carries["target"]) == ("ext:Northfield Post", "tribune")
    assert carries["evidence"][0] == {"target_sentence": SHARED, "credited_by": "rewrite", "credit_sentence": CREDIT}


def test_a_credit_in_a_sentence_the_texts_do_not_share_infers_nothing() -> None:
    # The rewrite adds a paragraph of its own from the newspaper: the earlier text stays an original.
    articles = [_article("tribune", "Valley Tribune"), _article("rewrite", "Daily Buzz")]
    derivation = _derivation("tribune", "rewrite", evidence_target="The mayor agreed to sell the harbour land.")
    [group] = _groups(articles, [derivation], [_credit("rewrite")])
    assert sorted(group.roots) == ["ext:Northfield Post", "tribune"] and group.independent_reports == 2
    assert not [e for e in group.edges if e["kind"] == "carries"]


def test_an_original_with_a_source_of_its_own_or_a_parent_is_not_a_carrier() -> None:
    articles = [_article("wire", "Agency"), _article("tribune", "Valley Tribune"), _article("rewrite", "Daily Buzz")]
    credits_own_source = [_credit("rewrite"), _credit("tribune", "Harbour Gazette", OWN)]
    [group] = _groups(articles[1:], [_derivation("tribune", "rewrite")], credits_own_source)
    assert sorted(group.roots) == ["ext:Harbour Gazette", "ext:Northfield Post"]
    assert not [e for e in group.edges if e["kind"] == "carries"]
    chain = [_derivation("wire", "tribune", evidence_target=SHARED), _derivation("tribune", "rewrite")]
    [group] = _groups(articles, chain, [_credit("rewrite")])
    assert sorted(group.roots) == ["ext:Northfield Post", "wire"]
    assert not [e for e in group.edges if e["kind"] == "carries"]


def test_a_credit_of_an_outlet_in_the_corpus_resolves_to_its_article_as_before() -> None:
    articles = [_article("post", "Northfield Post"), _article("scoop", None), _article("rewrite", "Daily Buzz")]
    derivations = [_derivation("scoop", "rewrite"), _derivation("post", "scoop", SHARED)]
    by_id = {a["id"]: a for a in articles}
    [credit] = resolve_credits(by_id, [_credit("rewrite")], derivations)
    assert credit["source_article_id"] == "post" and credit["carrier_id"] is None


def test_a_credit_that_describes_media_without_naming_one_is_not_a_source_node() -> None:
    # "Local media reported …" says the text came from somewhere without saying where: no external root.
    articles = [_article("tribune", "Valley Tribune")]
    credits = [_credit("tribune", name, OWN) | {"canonical": None} for name in ("Local media", "Lokalen Medien")]
    [group] = _groups(articles, [], credits)
    assert group.roots == ["tribune"] and group.independent_reports == 1


def test_an_article_that_is_one_outlets_report_credits_others_through_that_outlet() -> None:
    # "Source: Velmar Press" under a text that cites the Northfield Post and the Harbour Gazette: the agency's
    # report credits two outlets, so two independent reports, not three.
    articles = [_article("copy", "Daily Buzz")]
    credits = [
        _credit("copy", "Velmar Press", "Source: Velmar Press") | {"cue": "Source:"},
        _credit("copy"),
        _credit("copy", "Harbour Gazette", OWN),
    ]
    [group] = _groups(articles, [], credits)
    assert sorted(group.roots) == ["ext:Harbour Gazette", "ext:Northfield Post"]
    relayed = {(e["source"], e["target"]) for e in group.edges}
    assert relayed == {("ext:Velmar Press", "copy"), ("ext:Northfield Post", "ext:Velmar Press"),
                       ("ext:Harbour Gazette", "ext:Velmar Press")}
    two_sources = [*credits, _credit("copy", "Ostrava Wire", "OSTRAVA (OW) —") | {"cue": "(OW) —"}]
    [group] = _groups(articles, [], two_sources)  # two article-level credits: which one relays is unknown
    assert len(group.roots) == 4


def test_one_outlet_under_several_spellings_is_one_source_and_its_found_article() -> None:
    """The outlet table does not know the Harbour Ledger: "the Ledger", "The Harbour Ledger" and "Harbour Ledger"
    are one source; and once a rewrite's credit shows the outlet-less scoop is the Ledger's, the other credits of
    the Ledger name it too."""
    articles = [_article("scoop", None, "2025-04-01"), _article("r1", "Courier"), _article("r2", "Gazette"),
                _article("r3", "Radio")]
    credits = [
        _credit("r1", "Ledger", CREDIT) | {"canonical": None},
        _credit("r2", "The Harbour Ledger", "Harbour land was offered, according to The Harbour Ledger.")
        | {"canonical": None},
        _credit("r3", "Harbour Ledger", "The Harbour Ledger reported the offer.") | {"canonical": None},
    ]
    resolved = resolve_credits({a["id"]: a for a in articles}, credits, [_derivation("scoop", "r1")])
    assert {(c["article_id"], c["resolved_name"], c["source_article_id"]) for c in resolved} == {
        ("r1", "Harbour Ledger", "scoop"), ("r2", "Harbour Ledger", "scoop"), ("r3", "Harbour Ledger", "scoop"),
    }
    [group] = _groups(articles, [_derivation("scoop", "r1")], credits)
    assert group.roots == ["scoop"]
