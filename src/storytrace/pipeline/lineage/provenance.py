"""Provenance groups: articles and external sources as nodes, derivations and credits as edges.

For a set of articles (one story, or the derivation family of one article) this builds the graph,
splits it into connected groups and finds each group's original reports (roots): nodes that derive
from nothing and credit nothing inside the group. A media credit resolves to an article of that
outlet in the group when there is one, else to an external node ("ext:The Washington Post"), which
is a root itself: twenty rewrites crediting one scoop that is not in the corpus count as one
independent report. Pure functions over plain dicts, so they run wherever the data is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from storytrace.pipeline.lineage.outlet_match import is_own_outlet

EXTERNAL_PREFIX = "ext:"


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
    article of the credited outlet, other than the citing one, in its derivation family (else None).

    A credit that names no outlet ("the newspaper", all lower case, no alias) is not a provenance
    node: it says the text came from somewhere without saying where. Nor is an article's credit of
    its own outlet.
    """
    family = components(articles, [(d["source_id"], d["target_id"]) for d in derivations])
    members: dict[int, list[str]] = defaultdict(list)
    for article_id in sorted(articles, key=lambda a: (articles[a].get("published") or "9", a)):
        members[family[article_id]].append(article_id)
    resolved = []
    for citation in citations:
        name = citation["canonical"] or citation["source_name"]
        citing = articles.get(citation["article_id"])
        if citation["source_kind"] != "media" or citing is None or name.islower():
            continue
        if is_own_outlet(name, citing.get("outlet")):
            continue  # a wire's own dateline "(MP) —" in its own story credits nobody else
        targets = [
            a
            for a in members[family[citation["article_id"]]]
            if a != citation["article_id"] and is_own_outlet(name, articles[a].get("outlet"))
        ]
        resolved.append(citation | {"source_article_id": targets[0] if targets else None, "resolved_name": name})
    return resolved


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
    credited: set[tuple[str, str]] = set()  # one credits edge per (source, article)
    for credit in credits:
        source = credit["source_article_id"] or EXTERNAL_PREFIX + credit["resolved_name"]
        if (source, credit["article_id"]) in credited:
            continue
        credited.add((source, credit["article_id"]))
        edges.append(
            {
                "source": source,
                "target": credit["article_id"],
                "kind": "credits",
                "score": 1.0,
                "evidence": [{"target_sentence": credit["sentence"], "cue": credit["cue"]}],
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
