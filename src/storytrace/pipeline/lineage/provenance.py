"""Provenance groups: articles and external sources as nodes, derivations and credits as edges.

For a set of articles (one story, or the derivation family of one article) this builds the graph,
splits it into connected groups and finds each group's original reports (roots): nodes that derive
from nothing and credit nothing inside the group. A media credit resolves to an article of that
outlet in the group when there is one, else to an external node ("ext:The Washington Post"), which
is a root itself: twenty rewrites crediting one scoop that is not in the corpus count as one
independent report. An article can also carry a report it does not credit: see `_carrier`. Pure
functions over plain dicts, so they run wherever the data is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from storytrace.pipeline.lineage.citations import is_article_level, names_an_outlet
from storytrace.pipeline.lineage.outlet_match import is_own_outlet
from storytrace.pipeline.lineage.outlets import alias_key, without_article

EXTERNAL_PREFIX = "ext:"
# Edge kinds that come from what articles credit, not from text alignment: a credit, and a report an
# article carries without crediting it (`_carrier`). Drawn dashed.
CREDIT_KINDS = frozenset({"credits", "carries"})


@dataclass(slots=True)
class ProvenanceGroup:
    nodes: list[str]
    edges: list[dict[str, Any]]  # {source, target, kind, score, evidence} ; kind "credits" for citations
    roots: list[str]
    derived_by_kind: dict[str, list[str]] = field(default_factory=dict)

    @property
    def independent_reports(self) -> int:
        return len(self.roots)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "roots": self.roots,
            "independent_reports": self.independent_reports,
            "derived_by_kind": self.derived_by_kind,
        }


def resolve_credits(
    articles: dict[str, dict[str, Any]], citations: Iterable[dict[str, Any]], derivations: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each media credit of an article in `articles`, with `source_article_id` set to the earliest
    article of the credited outlet, other than the citing one, in its derivation family (else None),
    and `carrier_id` set to the article that carries the credited report without crediting it (else
    None; see `_carrier`).

    A credit that names no outlet ("the newspaper", "Local media", "Lokalen Medien": `names_an_outlet`) is
    not a provenance node: it says the text came from somewhere without saying where. Nor is an article's
    credit of its own outlet.
    """
    derivations = list(derivations)
    family = components(articles, [(d["source_id"], d["target_id"]) for d in derivations])
    members: dict[int, list[str]] = defaultdict(list)
    for article_id in sorted(articles, key=lambda a: (articles[a].get("published") or "9", a)):
        members[family[article_id]].append(article_id)
    credits = []
    for citation in citations:
        name = citation["canonical"] or citation["source_name"]
        citing = articles.get(citation["article_id"])
        named = names_an_outlet(citation["source_kind"], citation["canonical"], citation["source_name"])
        if citing is None or not named:
            continue
        if is_own_outlet(name, citing.get("outlet")):
            continue  # a wire's own dateline "(MP) —" in its own story credits nobody else
        targets = [
            a
            for a in members[family[citation["article_id"]]]
            if a != citation["article_id"] and is_own_outlet(name, articles[a].get("outlet"))
        ]
        credits.append(citation | {"source_article_id": targets[0] if targets else None, "resolved_name": name})
    names = _external_names([c["source_name"] for c in credits if not c["canonical"]])
    for credit in credits:
        if not credit["canonical"]:
            credit["resolved_name"] = names[credit["source_name"]]
    crediting = {credit["article_id"] for credit in credits}
    sources: dict[str, list[dict[str, Any]]] = defaultdict(list)  # article -> the derivations into it
    for derivation in derivations:
        sources[derivation["target_id"]].append(derivation)
    originals = {a for a in articles if not sources[a] and a not in crediting}  # derive from nothing, credit none
    resolved = []
    for credit in credits:
        carrier, sentence = (None, None)
        if not credit["source_article_id"]:
            carrier, sentence = _carrier(credit, articles, sources[credit["article_id"]], originals) or (None, None)
        if carrier and not articles[carrier].get("outlet"):
            resolved.append(credit | {"source_article_id": carrier, "carrier_id": None, "carrier_sentence": None})
        else:
            resolved.append(credit | {"carrier_id": carrier, "carrier_sentence": sentence})
    # An article found to be the credited outlet's own (above) is that outlet's article for every credit of it:
    # "according to The Harbour Ledger" in a text that does not rewrite the scoop names the scoop all the same.
    found: dict[str, set[str]] = defaultdict(set)
    for credit in resolved:
        if credit["source_article_id"] and not articles[credit["source_article_id"]].get("outlet"):
            found[credit["resolved_name"]].add(credit["source_article_id"])
    return [
        credit | {"source_article_id": min(found[credit["resolved_name"]]), "carrier_id": None}
        if not credit["source_article_id"] and len(found.get(credit["resolved_name"], ())) == 1
        and credit["article_id"] not in found[credit["resolved_name"]]
        else credit
        for credit in resolved
    ]


def _external_names(written: list[str]) -> dict[str, str]:
    """One name per outlet the outlet table does not know, for the credits of one set of articles: "The Harbour
    Ledger", "Harbour Ledger" and, when no other credited name ends in it, "the Ledger" are one source node.
    Spellings meet by `alias_key` (no article, case, quotes); the name shown is the most credited spelling
    without its article (ties: the longest, then the first in alphabetical order)."""
    keys = {name: alias_key(name) for name in written}
    full = sorted({key for key in keys.values() if " " in key})
    merged = {}
    for key in set(keys.values()):
        longer = [other for other in full if other != key and other.endswith(" " + key)]
        merged[key] = longer[0] if len(longer) == 1 and " " not in key else key
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, key in keys.items():
        counts[merged[key]][without_article(name)] += written.count(name)
    shown = {key: min(forms, key=lambda f: (-forms[f], -len(f), f)) for key, forms in counts.items()}
    return {name: shown[merged[key]] for name, key in keys.items()}


def _carrier(
    credit: dict[str, Any], articles: dict[str, dict[str, Any]], into: list[dict[str, Any]], originals: set[str]
) -> tuple[str, str] | None:
    """The article A that carries the report a credit names, when the credited outlet has no article in the
    corpus: the citing article B derives from A, the sentence of B that gives the credit is aligned to one of
    A's (stored as the derivation's evidence, its strongest few pairs), and A is otherwise an original (it
    derives from no article and credits no outlet: a source of its own would be a rival explanation of B's
    credit). B says where that very content came from, and A has it too.

    The seeds are the case: 001 rewrites 000 and writes "…, The Washington Post reported"; 000, a rewrite of
    the Post's scoop, names no outlet, and without this 000 and the Post would count as two independent
    reports of one scoop. An A whose outlet is unknown may be the credited outlet's own article (the sample
    corpus's Harbour Ledger scoop, a text file without metadata): the credit resolves to it. An A of another
    outlet carries the report: the caller draws an inferred `carries` edge from the external source to it.
    `into` holds the derivations into B, `originals` the articles that derive from nothing and credit nobody.
    Returns A and its sentence aligned to the credit's.
    """
    candidates = sorted(
        (
            (d["source_id"], pair["source_sentence"])
            for d in into
            if d["source_id"] in originals
            for pair in d.get("evidence") or ()
            if pair.get("target_sentence") == credit["sentence"]
        ),
        key=lambda found: (articles[found[0]].get("published") or "9", found[0]),
    )
    return candidates[0] if candidates else None


def components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Connected-component number of every node (union-find; edges to unknown nodes are ignored)."""
    parent = {node: node for node in nodes}

    def find(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    labels: dict[str, int] = {}
    return {node: labels.setdefault(find(node), len(labels)) for node in sorted(parent)}


def _credited_node(credit: dict[str, Any]) -> str:
    return credit["source_article_id"] or EXTERNAL_PREFIX + credit["resolved_name"]


def _relaying_outlets(credits: list[dict[str, Any]]) -> dict[str, str]:
    """article id → the node of the one outlet whose report the article is, by an article-level credit ("Source:
    BNR", an agency dateline), when it has exactly one. Its other credits are that outlet's: seed 002, a BNR
    report relaying ISW (on Meduza's sources) and RTVI, is BNR crediting Meduza and RTVI, two independent
    reports and not three."""
    level: dict[str, set[str]] = defaultdict(set)
    for credit in credits:
        if is_article_level(credit["cue"]):
            level[credit["article_id"]].add(_credited_node(credit))
    return {article: next(iter(nodes)) for article, nodes in level.items() if len(nodes) == 1}


def build_groups(
    articles: dict[str, dict[str, Any]], derivations: Iterable[dict[str, Any]], credits: Iterable[dict[str, Any]]
) -> list[ProvenanceGroup]:
    """Connected groups over `articles`, given derivations among them and their resolved credits."""
    edges: list[dict[str, Any]] = [
        {
            "source": d["source_id"],
            "target": d["target_id"],
            "kind": d["kind"],
            "score": d["score"],
            "evidence": d.get("evidence", []),
        }
        for d in derivations
        if d["source_id"] in articles and d["target_id"] in articles
    ]
    credits = list(credits)
    relaying = _relaying_outlets(credits)
    credited: set[tuple[str, str]] = set()  # one credits (or carries) edge per (source, target)
    for credit in credits:
        source = _credited_node(credit)
        # an article that is one outlet's report (`_relaying_outlets`) credits others through that outlet
        target = relaying.get(credit["article_id"], credit["article_id"])
        if target == source:
            target = credit["article_id"]
        if (source, target) not in credited:
            credited.add((source, target))
            evidence = {"target_sentence": credit["sentence"], "cue": credit["cue"], "name": credit["resolved_name"]}
            if target != credit["article_id"]:
                evidence["relayed_by"] = credit["article_id"]
            edges.append({"source": source, "target": target, "kind": "credits", "score": 1.0, "evidence": [evidence]})
        carrier = credit.get("carrier_id")
        if carrier and (source, carrier) not in credited:
            credited.add((source, carrier))
            edges.append(
                {
                    "source": source,
                    "target": carrier,
                    "kind": "carries",
                    "score": 1.0,
                    "evidence": [
                        {
                            "target_sentence": credit["carrier_sentence"],
                            "credited_by": credit["article_id"],
                            "credit_sentence": credit["sentence"],
                        }
                    ],
                }
            )
    nodes = set(articles) | {e["source"] for e in edges}
    component = components(nodes, [(e["source"], e["target"]) for e in edges])
    groups: dict[int, ProvenanceGroup] = {}
    for node in sorted(nodes):
        groups.setdefault(component[node], ProvenanceGroup([], [], [])).nodes.append(node)
    for edge in edges:
        groups[component[edge["target"]]].edges.append(edge)
    for group in groups.values():
        has_parent = {e["target"] for e in group.edges}
        group.roots = [n for n in group.nodes if n not in has_parent]
        for edge in group.edges:
            if edge["kind"] != "credits":
                group.derived_by_kind.setdefault(edge["kind"], []).append(edge["target"])
    return sorted(groups.values(), key=lambda g: (-len(g.nodes), g.nodes[0]))
