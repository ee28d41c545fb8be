"""Rich renderings shared by CLI commands (trees and tables), kept apart from the command wiring."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.tree import Tree

from storytrace.pipeline.lineage.provenance import EXTERNAL_PREFIX, ProvenanceGroup
from storytrace.pipeline.segment import shorten

_ROOT_HEADLINE_CHARS = 90


def _label(node: str, info: dict[str, dict[str, Any]], root: bool = False) -> str:
    """An article's id, date, outlet and language; an original's headline too (a derived one shows evidence)."""
    if node.startswith(EXTERNAL_PREFIX):
        return f"[bold magenta]{escape(node[len(EXTERNAL_PREFIX) :])}[/] [dim](external source)[/]"
    article = info.get(node, {})
    details = " ".join(
        escape(str(v)) for v in (article.get("published"), article.get("outlet"), article.get("language")) if v
    )
    label = f"[bold]{escape(node)}[/] [dim]{details}[/]"
    headline = article.get("headline") if root else None
    if headline:
        label += f"  {escape(shorten(headline, _ROOT_HEADLINE_CHARS))}"
    return label


def _evidence_line(edge: dict[str, Any]) -> str:
    evidence = edge.get("evidence") or []
    if not evidence:
        return ""
    first = evidence[0]
    sentence = first.get("target_sentence", "")
    text = sentence if len(sentence) <= 110 else sentence[:107] + "…"
    return f"\n    [dim]“{escape(text)}”[/]"


def render_provenance_tree(group: ProvenanceGroup, info: dict[str, dict[str, Any]]) -> Tree:
    """Originals at the root, each derived article under its source with kind, score and evidence."""
    title = f"[bold]provenance[/]: {len(group.nodes)} nodes, {group.independent_reports} independent report(s)"
    tree = Tree(title)
    children: dict[str, list[dict[str, Any]]] = {}
    for edge in group.edges:
        children.setdefault(edge["source"], []).append(edge)
    seen: set[str] = set()

    def add(branch: Tree, node: str) -> None:
        for edge in sorted(children.get(node, []), key=lambda e: e["target"]):
            target = edge["target"]
            if edge["kind"] == "credits" and not edge["source"].startswith(EXTERNAL_PREFIX):
                label = f"[cyan]credits[/] [dim](as {escape(edge['evidence'][0].get('name', ''))})[/] ← "
            elif edge["kind"] == "credits":
                label = "[cyan]credits[/] ← "
            elif edge["kind"] == "carries":
                label = f"[cyan]carries[/] [dim](as {escape(edge['evidence'][0]['credited_by'])} credits it)[/] ← "
            else:
                label = f"[green]{edge['kind']}[/] {edge['score']:.2f} ← "
            child = branch.add(label + _label(target, info) + _evidence_line(edge))
            if target not in seen:
                seen.add(target)
                add(child, target)

    for root in group.roots:
        seen.add(root)
        add(tree.add(_label(root, info, root=True)), root)
    return tree
