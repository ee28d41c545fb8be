"""SVG pictures drawn on the server: the provenance graph of a story or an article, and a timeline.

Every piece of text goes through `Markup.format`, which escapes its arguments, so an article id,
an outlet or an event description cannot inject markup. Styling is by presentation attributes
and CSS classes (no inline `style`), which the page's Content-Security-Policy allows.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from storytrace.pipeline.lineage.provenance import CREDIT_KINDS, EXTERNAL_PREFIX

# Derivation kinds (model.Derivation) and credits, each with a colour and a legend label.
EDGE_STYLES: dict[str, tuple[str, str]] = {
    "duplicate": ("#64748b", "exact duplicate"),
    "copy": ("#dc2626", "copy"),
    "excerpt": ("#ea580c", "excerpt"),
    "paraphrase": ("#ca8a04", "paraphrase"),
    "translation": ("#2563eb", "translation"),
    "same_source": ("#7c3aed", "same source"),
    "credits": ("#0d9488", "credits (names the source)"),
    "carries": ("#0891b2", "carries its report (a copy credits it)"),
}
OTHER_EDGE = ("#475569", "other")


@dataclass(frozen=True, slots=True)
class GraphLayout:
    """Sizes in px. Columns run left to right: originals, then what derives from them."""

    box_width: int = 224
    box_height: int = 54
    column_gap: int = 52
    row_gap: int = 14
    pad: int = 12
    legend_height: int = 30
    group_gap: int = 26
    id_chars: int = 25  # what fits at 12px bold beside the language badge
    detail_chars: int = 36
    max_nodes: int = 40  # per group: a scoop copied 700 times is drawn as its originals and first copies


GRAPH = GraphLayout()


def _shorten(text: str, limit: int) -> str:
    """Cut the middle of a long id or name, keeping both ends (ids differ at the end)."""
    if len(text) <= limit:
        return text
    keep = limit - 1
    return text[: keep - keep // 2] + "…" + text[len(text) - keep // 2 :]


def _acyclic(nodes: list[str], edges: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Children of each node, keeping derivations before credits and dropping any edge that would
    close a cycle (a wire that duplicates a copy and also credits it), so depths are well defined."""
    children: dict[str, list[str]] = {n: [] for n in nodes}

    def reaches(start: str, goal: str) -> bool:
        seen, stack = {start}, [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            for child in children[node]:
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return False

    for edge in sorted(edges, key=lambda e: e["kind"] in CREDIT_KINDS):
        source, target = edge["source"], edge["target"]
        known = source in children and target in children and source != target
        if known and target not in children[source] and not reaches(target, source):
            children[source].append(target)
    return children


def _depths(nodes: list[str], edges: list[dict[str, Any]]) -> dict[str, int]:
    """Longest path from a root to each node over the acyclic part of the edges."""
    children = _acyclic(nodes, edges)
    depth = dict.fromkeys(nodes, 0)
    for _ in range(len(nodes)):  # Bellman-Ford style relaxation: a DAG settles in ≤ len(nodes) rounds
        changed = False
        for source, targets in children.items():
            for target in targets:
                if depth[target] < depth[source] + 1:
                    depth[target] = depth[source] + 1
                    changed = True
        if not changed:
            break
    return depth


def _columns(nodes: list[str], edges: list[dict[str, Any]], info: dict[str, dict[str, Any]]) -> list[list[str]]:
    """Nodes by depth; within a column ordered by their parents' rows to keep edges short."""
    depth = _depths(nodes, edges)
    parents: dict[str, list[str]] = {n: [] for n in nodes}
    for edge in edges:
        if edge["target"] in parents and edge["source"] in depth:
            parents[edge["target"]].append(edge["source"])
    columns: list[list[str]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    row: dict[str, float] = {}
    for index, column in enumerate(columns):
        members = [n for n in nodes if depth[n] == index]

        def key(node: str) -> tuple[float, str, str]:
            placed = [row[p] for p in parents[node] if p in row]
            return (sum(placed) / len(placed) if placed else 0.0, info.get(node, {}).get("published") or "", node)

        column.extend(sorted(members, key=key))
        row.update({n: float(i) for i, n in enumerate(column)})
    return columns


def _role(node: str, roots: set[str], incoming: dict[str, list[str]]) -> str:
    if node.startswith(EXTERNAL_PREFIX):
        return "external source"
    if node in roots:
        return "original report"
    return ", ".join(k.replace("_", " ") for k in dict.fromkeys(incoming.get(node, [])))


def _node(node: str, x: float, y: float, role: str, info: dict[str, Any], href: str | None) -> Markup:
    g = GRAPH
    if node.startswith(EXTERNAL_PREFIX):
        css, first, detail = "node external", node[len(EXTERNAL_PREFIX) :], "not in the corpus"
    else:
        css = "node original" if role == "original report" else "node derived"
        first = node
        detail = " · ".join(str(v) for v in ((info.get("published") or "")[:10], info.get("outlet")) if v)
    parts = [
        Markup('<rect x="{}" y="{}" width="{}" height="{}" rx="6"/>').format(x, y, g.box_width, g.box_height),
        Markup('<text x="{}" y="{}" class="node-id">{}</text>').format(x + 8, y + 16, _shorten(first, g.id_chars)),
        Markup('<text x="{}" y="{}" class="node-role">{}</text>').format(x + 8, y + 31, _shorten(role, g.detail_chars)),
        Markup('<text x="{}" y="{}" class="node-detail">{}</text>').format(
            x + 8, y + 46, _shorten(detail, g.detail_chars)
        ),
    ]
    language = info.get("language")
    if language:
        bx = x + g.box_width - 28
        parts.append(Markup('<rect x="{}" y="{}" width="22" height="14" rx="3" class="lang"/>').format(bx, y + 5))
        parts.append(Markup('<text x="{}" y="{}" class="lang-text">{}</text>').format(bx + 11, y + 16, language))
    title = Markup("<title>{}\n{}\n{}</title>").format(first, role, info.get("title") or "")
    body = Markup("").join(parts)
    group = Markup('<g class="{}" data-id="{}">{}{}</g>').format(css, node, title, body)
    return Markup('<a href="{}">{}</a>').format(href, group) if href else group


def _lift(columns: int) -> float:
    """How far an edge that skips `columns` - 1 columns arcs above the boxes it passes."""
    return 0.0 if columns <= 1 else GRAPH.box_height * 0.9 + 12 * columns


def _span(source: tuple[float, float], target: tuple[float, float]) -> int:
    return round((target[0] - source[0]) / (GRAPH.box_width + GRAPH.column_gap))


def _edge_path(source: tuple[float, float], target: tuple[float, float], offset: float) -> str:
    (sx, sy), (tx, ty) = source, target
    g = GRAPH
    x1, y1, y2 = sx + g.box_width, sy + g.box_height / 2 + offset, ty + g.box_height / 2 + offset
    if tx > sx:  # left to right, from the right side of the source to the left side of the target
        bend, lift = (tx - x1) / 2, _lift(_span(source, target))
        return (
            f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1 - lift:.1f} {tx - bend:.1f},{y2 - lift:.1f} {tx - 2:.1f},{y2:.1f}"
        )
    # same column (only for a cycle): an arc on the right-hand side
    return f"M{x1:.1f},{y1:.1f} C{x1 + 40:.1f},{y1:.1f} {x1 + 40:.1f},{y2:.1f} {x1 + 2:.1f},{y2:.1f}"


def _edge(edge: dict[str, Any], position: dict[str, tuple[float, float]], repeat: int, info: Any, name: str) -> Markup:
    """One arrow, with its kind and score as a tooltip; a translation is labelled with its languages."""
    source, target, kind = edge["source"], edge["target"], edge["kind"]
    score = edge.get("score")
    tip = f"{kind} {score:.2f}: {source} → {target}" if isinstance(score, float) else f"{kind}: {source} → {target}"
    arrow = Markup(
        '<path d="{}" class="edge" data-kind="{}" stroke="{}" stroke-width="2" fill="none"{}'
        ' marker-end="url(#{}-{})"><title>{}</title></path>'
    ).format(
        _edge_path(position[source], position[target], repeat * 5.0),
        kind,
        EDGE_STYLES.get(kind, OTHER_EDGE)[0],
        Markup(' stroke-dasharray="6 4"') if kind in CREDIT_KINDS else Markup(""),
        name,
        kind,
        tip,
    )
    if kind != "translation":
        return arrow
    (sx, sy), (tx, ty) = position[source], position[target]
    languages = f"{info.get(source, {}).get('language') or '?'}→{info.get(target, {}).get('language') or '?'}"
    x = (sx + GRAPH.box_width + tx) / 2
    y = (sy + ty + GRAPH.box_height) / 2 - 5 - 0.75 * _lift(_span(position[source], position[target]))
    return arrow + Markup('<text x="{}" y="{}" class="edge-label">{}</text>').format(x, y, languages)


def _drawn(group: dict[str, Any], limit: int) -> dict[str, Any]:
    """The group cut to at most `limit` nodes: its roots, then what derives from them, breadth first."""
    if len(group["nodes"]) <= limit:
        return group
    children: dict[str, list[str]] = {}
    for edge in group["edges"]:
        children.setdefault(edge["source"], []).append(edge["target"])
    kept = dict.fromkeys(group["roots"][:limit])
    frontier = list(kept)
    while frontier and len(kept) < limit:
        node = frontier.pop(0)
        for child in children.get(node, []):
            if child not in kept and len(kept) < limit:
                kept[child] = None
                frontier.append(child)
    edges = [e for e in group["edges"] if e["source"] in kept and e["target"] in kept]
    return group | {"nodes": [n for n in group["nodes"] if n in kept], "edges": edges}


def _group(
    group: dict[str, Any],
    number: int,
    top: float,
    info: dict[str, dict[str, Any]],
    href: Callable[[str], str],
    name: str,
) -> tuple[Markup, Markup, float, float]:
    """Edges and nodes of one group placed from `top`; returns them with the bottom and right edge."""
    g = GRAPH
    total = len(group["nodes"])
    group = _drawn(group, g.max_nodes)
    nodes, edges = group["nodes"], group["edges"]
    heading = f"group {number}: {total} node(s), {len(group['roots'])} independent report(s)"
    if len(nodes) < total:
        heading += f", the first {len(nodes)} drawn"
    columns = _columns(nodes, edges, info)
    rows = max(len(c) for c in columns)
    title = Markup('<text x="{}" y="{}" class="group-title">{}</text>').format(g.pad, top + 4, heading)
    column_of = {node: index for index, column in enumerate(columns) for node in column}
    widest_skip = max(
        (
            column_of[e["target"]] - column_of[e["source"]]
            for e in edges
            if e["source"] in column_of and e["target"] in column_of
        ),
        default=0,
    )
    top += 14 + max(0.0, 0.75 * _lift(widest_skip) - g.box_height / 2)  # headroom for arcs over the first row
    position: dict[str, tuple[float, float]] = {}
    for index, column in enumerate(columns):
        shift = (rows - len(column)) * (g.box_height + g.row_gap) / 2
        for row, node in enumerate(column):
            position[node] = (
                g.pad + index * (g.box_width + g.column_gap),
                top + shift + row * (g.box_height + g.row_gap),
            )
    incoming: dict[str, list[str]] = {}
    repeats: dict[tuple[str, str], int] = {}
    arrows = []
    for edge in edges:
        pair = (edge["source"], edge["target"])
        if pair[0] in position and pair[1] in position:
            incoming.setdefault(pair[1], []).append(edge["kind"])
            arrows.append(_edge(edge, position, repeats.get(pair, 0), info, name))
            repeats[pair] = repeats.get(pair, 0) + 1
    roots = set(group["roots"])
    boxes = [
        _node(
            n,
            *position[n],
            _role(n, roots, incoming),
            info.get(n, {}),
            None if n.startswith(EXTERNAL_PREFIX) else href(n),
        )
        for n in nodes
    ]
    right = g.pad + len(columns) * (g.box_width + g.column_gap) - g.column_gap + g.pad
    return Markup("").join(arrows), title + Markup("").join(boxes), top + rows * (g.box_height + g.row_gap), right


def _legend(kinds: Iterable[str], y: float) -> Markup:
    items, x = [], GRAPH.pad
    for css, label in (("original", "original report"), ("derived", "derived"), ("external", "external source")):
        items.append(
            Markup('<g class="node {}"><rect x="{}" y="{}" width="14" height="12" rx="3"/></g>').format(css, x, y - 10)
        )
        items.append(Markup('<text x="{}" y="{}" class="legend">{}</text>').format(x + 19, y, label))
        x += 30 + 6.5 * len(label)
    for kind in kinds:
        colour, label = EDGE_STYLES.get(kind, OTHER_EDGE)
        dash = ' stroke-dasharray="5 3"' if kind in CREDIT_KINDS else ""
        items.append(
            Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"{}/>').format(
                x, y - 4, x + 24, y - 4, colour, Markup(dash)
            )
        )
        items.append(Markup('<text x="{}" y="{}" class="legend">{}</text>').format(x + 29, y, label))
        x += 40 + 6.5 * len(label)
    return Markup("").join(items)


def provenance_svg(
    groups: list[dict[str, Any]],
    info: dict[str, dict[str, Any]],
    href: Callable[[str], str],
    name: str = "provenance",
) -> Markup | None:
    """One picture of provenance groups ({nodes, edges, roots}), stacked; None when there are none.

    Originals sit in the left column, each derived article to the right of what it derives from,
    edges coloured by kind (credits dashed), a language badge on every article and external
    sources drawn apart. `info` maps article ids to their published/outlet/language/title.
    """
    groups = [g for g in groups if g.get("nodes")]
    if not groups:
        return None
    kinds = list(dict.fromkeys(e["kind"] for group in groups for e in group["edges"]))
    markers = Markup("").join(
        Markup(
            '<marker id="{}-{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"'
            ' orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker>'
        ).format(name, kind, EDGE_STYLES.get(kind, OTHER_EDGE)[0])
        for kind in kinds
    )
    arrows, boxes = [], []
    top, width = float(GRAPH.pad + GRAPH.legend_height), 640.0
    for number, group in enumerate(groups, start=1):
        group_arrows, group_boxes, bottom, right = _group(group, number, top, info, href, name)
        arrows.append(group_arrows)
        boxes.append(group_boxes)
        top, width = bottom + GRAPH.group_gap, max(width, right)
    height = top - GRAPH.group_gap + GRAPH.pad
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="provenance" data-name="{}" width="{}" height="{}"'
        ' viewBox="0 0 {} {}" role="img" aria-label="provenance graph"><defs>{}</defs>{}{}{}</svg>'
    ).format(
        name,
        int(width),
        int(height),
        int(width),
        int(height),
        markers,
        _legend(kinds, GRAPH.pad + 12),
        Markup("").join(arrows),
        Markup("").join(boxes),
    )


# ---- timeline ------------------------------------------------------------------------------

_DATE_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d-])")


def date_span(value: str | None) -> tuple[date, date] | None:
    """The days a TIMEX3 date value covers ("2025-03-04", "2025-03", "2025", the decade "196", the century
    "11" of "the 12th century"); None for anything else (durations, PRESENT_REF, "XXXX-06-24"), which the
    page lists apart from the axis."""
    if value and value.isdigit() and len(value) in (2, 3):  # the first digits of every year it covers
        width = 10 ** (4 - len(value))
        first = max(int(value) * width, 1)
        return date(first, 1, 1), date(int(value) * width + width - 1, 12, 31)
    match = _DATE_VALUE.match(value or "")
    if match is None:
        return None
    year, month, day = (int(v) if v else None for v in match.groups())
    try:
        if day is not None:
            start = date(year, month, day)  # type: ignore[arg-type]
            return start, start
        if month is not None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])  # type: ignore[arg-type]
        return date(year, 1, 1), date(year, 12, 31)  # type: ignore[arg-type]
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    width: int = 960
    pad: int = 24
    axis_y: int = 34
    lane_height: int = 24
    label_chars: int = 46
    char_width: float = 6.6  # average width of a 12px sans-serif character, for lane packing


TIMELINE = TimelineLayout()
# Events that ended more than this long before a story's first article are its background, listed apart from
# the timeline's axis (a story's history would stretch the axis over centuries).
BACKGROUND_DAYS = 365


def _ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Tick dates and labels at a step (days, Mondays, months, years) that keeps ≤ ~14 ticks."""
    days = (end - start).days
    if days <= 56:
        step = next(s for s in (1, 2, 7) if days / s <= 14)
        first = start if step < 7 else start + timedelta(days=(7 - start.weekday()) % 7)
        return [
            (d, d.strftime("%-d %b")) for d in (first + timedelta(days=i) for i in range(0, days + 1, step)) if d <= end
        ]
    if days <= 5 * 366:
        months = [
            date(y, m, 1)
            for y in range(start.year, end.year + 1)
            for m in range(1, 13)
            if start <= date(y, m, 1) <= end
        ]
        return [(d, d.strftime("%b %Y")) for d in months[:: max(1, -(-len(months) // 14))]]
    years = [date(y, 1, 1) for y in range(start.year + 1, end.year + 1)]
    return [(d, str(d.year)) for d in years[:: max(1, -(-len(years) // 14))]]


def story_background_before(first_published: str | None) -> date | None:
    """The day before which a story's events are its background: `BACKGROUND_DAYS` before its first article."""
    first = date_span(first_published)
    return first[0] - timedelta(days=BACKGROUND_DAYS) if first else None


def timeline_svg(
    events: list[dict[str, Any]], href: Callable[[str], str], background_before: date | None = None
) -> tuple[Markup | None, list[dict[str, Any]], list[dict[str, Any]]]:
    """Events with a calendar date on a time axis; the events that have none, and the background (events
    that ended before `background_before`), listed apart.

    A day is a dot, a month or year a bar over its span; the dot grows with the number of
    independent sources. Labels are packed into lanes so they never overlap. A story's history ("the 12th
    century mosque", "the 1960 Agadir earthquake") would stretch the axis over centuries and crush the
    story's own days into one point, so a story page passes the day a year before its first article.
    """
    t = TIMELINE
    spans = [(date_span(e.get("date_value")), e) for e in events]
    undated = [e for span, e in spans if span is None]
    earlier = [(span, e) for span, e in spans if span and background_before and span[1] < background_before]
    background = [e for _, e in sorted(earlier, key=lambda item: item[0][0])]
    dated = [(span, e) for span, e in spans if span and not (background_before and span[1] < background_before)]
    if not dated:
        return None, undated, background
    dated.sort(key=lambda item: (item[0][0], item[0][1]))
    start = min(s for (s, _), _ in dated) - timedelta(days=1)
    end = max(e for (_, e), _ in dated) + timedelta(days=1)
    scale = (t.width - 2 * t.pad - 200) / max((end - start).days, 1)  # keep 200px for the last label

    def x_of(day: date) -> float:
        return t.pad + (day - start).days * scale

    parts = [
        Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>').format(
            t.pad, t.axis_y, t.width - t.pad, t.axis_y
        )
    ]
    for day, label in _ticks(start, end):
        x = x_of(day)
        parts.append(
            Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" class="tick"/>').format(x, t.axis_y - 4, x, t.axis_y + 4)
        )
        parts.append(Markup('<text x="{}" y="{}" class="tick-label">{}</text>').format(x, t.axis_y - 10, label))
    lane_ends: list[float] = []
    for (first, last), event in dated:
        x, x_end = x_of(first), x_of(last + timedelta(days=1))
        text = f"{event.get('date_text') or event.get('date_value')}: {event.get('description') or ''}"
        label = _shorten(text, t.label_chars)
        right = x + 12 + t.char_width * len(label)
        lane = next((i for i, e in enumerate(lane_ends) if e + 10 < x), len(lane_ends))
        lane_ends[lane : lane + 1] = [right]
        y = t.axis_y + 22 + lane * t.lane_height
        sources = event.get("independent_sources") or 1
        radius = 3.5 + min(int(sources), 5)
        mark = (
            Markup('<rect x="{}" y="{}" width="{}" height="8" rx="3" class="span"/>').format(
                x, y - 4, max(x_end - x, 6)
            )
            if last > first
            else Markup('<circle cx="{}" cy="{}" r="{}" class="dot"/>').format(x, y, radius)
        )
        articles = event.get("article_ids") or []
        tip = f"{text}\n{event.get('date_value')} {event.get('mod') or ''}\n{sources} independent source(s)"
        body = Markup(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="leader"/>{}'
            '<text x="{}" y="{}" class="event-label">{}</text><title>{}</title>'
        ).format(x, t.axis_y, x, y, mark, x + 10, y + 4, label, tip)
        event_id = event.get("event_id") or ""
        group = Markup('<g class="event" data-id="{}">{}</g>').format(event_id, body)
        parts.append(Markup('<a href="{}">{}</a>').format(href(articles[0]), group) if articles else group)
    height = t.axis_y + 22 + len(lane_ends) * t.lane_height + 8
    svg = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{}" height="{}" viewBox="0 0 {} {}"'
        ' role="img" aria-label="timeline">{}</svg>'
    ).format(t.width, height, t.width, height, Markup("").join(parts))
    return svg, undated, background
