"""Story dossiers a journalist can send (Markdown or one self-contained HTML file), and GraphML
exports of the provenance and entity graphs (they open in Gephi, yEd, Cytoscape).

Both read only through `Corpus`. The HTML dossier reuses the web UI's SVG pictures, inlined, with
its stylesheet embedded, so the file needs nothing else to display.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections import Counter
from html import escape
from importlib.resources import files
from typing import Any, TextIO

from storytrace.corpus import Corpus

REPORT_FORMATS = ("md", "html")
GRAPHS = ("provenance", "entities")
# How a provenance edge reads from its target's side ("`b` paraphrase of `a`" for the derivation kinds).
RELATIONS = {"credits": "credits", "carries": "carries the report of"}


class ReportError(ValueError):
    """Unknown story, format or graph."""


def _story_parts(corpus: Corpus, story_id: str) -> tuple[dict[str, Any], list[dict], list[dict], list[dict]]:
    story = corpus.story(story_id)
    if story is None:
        raise ReportError(f"no story with id {story_id!r}")
    return story, corpus.timeline(story_id=story_id), corpus.claims(story_id=story_id), corpus.entities(story_id)


def _chain(claim: dict[str, Any]) -> str:
    return " → ".join(f"{link['name']} ({link['type']})" for link in claim["chain"]) or "(no source named)"


def story_markdown(corpus: Corpus, story_id: str) -> str:
    story, events, claims, entities = _story_parts(corpus, story_id)
    lines = [
        f"# {story['label']}",
        "",
        f"{story['first_published']} → {story['last_published']} · {story['article_count']} articles · "
        f"{story['independent_reports']} independent report(s) · languages {', '.join(story['languages'])}",
        "",
        "## Original reports",
        "",
    ]
    titles = {a["id"]: a.get("headline") or a.get("title") or a["id"] for a in story["articles"]}
    lines += [f"- {titles.get(i, i)} (`{i}`)" for i in story["original_article_ids"]]
    lines += [f"- external source: {name}" for name in story["external_sources"]]
    lines += ["", "## How the reports derive from each other", ""]
    for group in story["groups"]:
        for edge in group["edges"]:
            evidence = edge["evidence"][0].get("target_sentence", "") if edge["evidence"] else ""
            relation = RELATIONS.get(edge["kind"], f"{edge['kind']} of")
            lines.append(
                f"- `{edge['target']}` {relation} `{edge['source'].removeprefix('ext:')}`"
                + (f" — “{evidence[:160]}”" if evidence else "")
            )
    lines += ["", "## Timeline", ""]
    lines += [
        f"- **{e['date_label']}** ({e['granularity']}): {e['description']} — "
        f"{len(e['article_ids'])} article(s), {e['independent_sources']} independent"
        for e in events
    ]
    lines += ["", "## Claims", ""]
    seen_groups: set[str] = set()
    for claim in claims:
        if claim["group_id"] in seen_groups:
            continue
        seen_groups.add(claim["group_id"])
        lines.append(
            f"- “{claim['content'][:240]}” — {_chain(claim)}; {claim['stance']}; "
            f"{claim['independent_sources']} independent source(s)"
        )
    lines += ["", "## Entities", ""]
    lines += [f"- {e['name']} ({e['type']}): {', '.join(e['aliases'])}" for e in entities[:40]]
    lines += ["", "## Articles", ""]
    lines += [
        f"- {a.get('published') or 'undated'} · {a.get('outlet') or '?'} · {a.get('language') or '?'} · "
        f"{titles[a['id']]} (`{a['id']}`)"
        for a in story["articles"]
    ]
    return "\n".join(lines) + "\n"


def story_html(corpus: Corpus, story_id: str) -> str:
    from storytrace.web.svg import provenance_svg, story_background_before, timeline_svg

    story, events, claims, entities = _story_parts(corpus, story_id)
    info = {a["id"]: a for a in story["articles"]}
    picture = provenance_svg(story["groups"], info, lambda article_id: f"#{article_id}")
    background_before = story_background_before(story.get("first_published"))
    timeline, undated, background = timeline_svg(events, lambda article_id: f"#{article_id}", background_before)
    listed = "".join(
        f"<p>{title}:</p><ul>"
        + "".join(
            f"<li><b>{escape(e.get('date_label') or e.get('date_text') or str(e.get('date_value')))}</b> "
            f"{escape(e.get('description') or '')}</li>"
            for e in items
        )
        + "</ul>"
        for title, items in (("Background (a year or more before the first article)", background),
                             ("Events without a calendar date", undated))
        if items
    )
    style = files("storytrace.web").joinpath("static/style.css").read_text(encoding="utf-8")
    claim_items = "".join(
        f"<li>“{escape(c['content'][:300])}” <small>{escape(_chain(c))} · {escape(c['stance'])}</small></li>"
        for c in claims[:60]
    )
    entity_items = "".join(f"<li>{escape(e['name'])} <small>{escape(e['type'])}</small></li>" for e in entities[:40])
    article_items = "".join(
        f"<li id='{escape(a['id'], quote=True)}'>{escape(a.get('published') or 'undated')} · "
        f"{escape(a.get('outlet') or '?')} · {escape(a.get('headline') or a.get('title') or a['id'])}</li>"
        for a in story["articles"]
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(story['label'] or story_id)}</title><style>{style}</style></head><body><main>"
        f"<h1>{escape(story['label'] or story_id)}</h1>"
        f"<p>{escape(str(story['first_published']))} → {escape(str(story['last_published']))} · "
        f"{story['article_count']} articles · {story['independent_reports']} independent report(s)</p>"
        f"<h2>Provenance</h2>{picture}<h2>Timeline</h2>{timeline or ''}{listed}"
        f"<h2>Claims</h2><ol>{claim_items}</ol><h2>Entities</h2><ul>{entity_items}</ul>"
        f"<h2>Articles</h2><ul>{article_items}</ul></main></body></html>\n"
    )


def write_report(corpus: Corpus, story_id: str, fmt: str, out: TextIO) -> None:
    if fmt not in REPORT_FORMATS:
        raise ReportError(f"unknown format {fmt!r}; choose from {', '.join(REPORT_FORMATS)}")
    out.write(story_markdown(corpus, story_id) if fmt == "md" else story_html(corpus, story_id))


def _graphml(nodes: dict[str, dict[str, str]], edges: list[tuple[str, str, dict[str, str]]], out: TextIO) -> int:
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    keys = sorted({k for attrs in nodes.values() for k in attrs}), sorted({k for *_, a in edges for k in a})
    for domain, names in zip(("node", "edge"), keys, strict=True):
        for name in names:
            ET.SubElement(
                root, "key", {"id": f"{domain}_{name}", "for": domain, "attr.name": name, "attr.type": "string"}
            )
    graph = ET.SubElement(root, "graph", id="storytrace", edgedefault="directed")
    for node_id, attrs in nodes.items():
        element = ET.SubElement(graph, "node", id=node_id)
        for name, value in attrs.items():
            ET.SubElement(element, "data", key=f"node_{name}").text = value
    for number, (source, target, attrs) in enumerate(edges):
        element = ET.SubElement(graph, "edge", id=f"e{number}", source=source, target=target)
        for name, value in attrs.items():
            ET.SubElement(element, "data", key=f"edge_{name}").text = value
    ET.indent(root)
    out.write(ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n")
    return len(nodes)


def write_graph(corpus: Corpus, graph: str, out: TextIO) -> int:
    """Write the provenance graph (articles, external sources; derivations, credits) or the entity
    co-occurrence graph (entities; edges weighted by the articles they share) as GraphML."""
    if graph == "provenance":
        nodes: dict[str, dict[str, str]] = {}
        edges: list[tuple[str, str, dict[str, str]]] = []
        for story in corpus.stories(limit=None):
            for group in corpus.story(story["story_id"])["groups"]:  # type: ignore[index]
                for node in group["nodes"]:
                    nodes.setdefault(
                        node,
                        {
                            "kind": "external" if node.startswith("ext:") else "article",
                            "story_id": story["story_id"],
                            "root": str(node in group["roots"]),
                        },
                    )
                edges += [
                    (e["source"], e["target"], {"kind": e["kind"], "score": str(e["score"])}) for e in group["edges"]
                ]
        return _graphml(nodes, edges, out)
    if graph == "entities":
        entities = corpus.entities(limit=None)
        nodes = {
            e["entity_id"]: {
                "name": e["name"],
                "type": e["type"],
                "aliases": "; ".join(e["aliases"]),
                "articles": str(len(e["article_ids"])),
            }
            for e in entities
        }
        by_article: dict[str, list[str]] = {}
        for e in entities:
            for article_id in e["article_ids"]:
                by_article.setdefault(article_id, []).append(e["entity_id"])
        weights = Counter(pair for ids in by_article.values() for pair in itertools.combinations(sorted(ids), 2))
        return _graphml(nodes, [(a, b, {"shared_articles": str(w)}) for (a, b), w in sorted(weights.items())], out)
    raise ReportError(f"unknown graph {graph!r}; choose from {', '.join(GRAPHS)}")
