"""Article text for HTML: search snippets with <mark>, and sentences aligned to sources or credits.

Everything here escapes text before adding markup, so article content is always inert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from storytrace.pipeline.segment import split_sentences
from storytrace.store import HIGHLIGHT_END, HIGHLIGHT_START

# When one sentence has several roles, the first listed wins: being taken from a source is the
# strongest statement about a sentence, then naming a source, then being reused downstream.
ROLE_ORDER = ("derived", "credit", "reused")
ROLE_TITLES = {
    "derived": "taken from a source",
    "credit": "credits a source",
    "reused": "reused by a later article",
}


def snippet_html(snippet: str) -> Markup:
    """A store snippet (\\x02…\\x03 around matches) as escaped HTML with <mark> elements."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>"))


def plain_snippet(snippet: str) -> str:
    return snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")


@dataclass(slots=True)
class Segment:
    """A run of article text; `role` is set on a sentence aligned to another article or a credit."""

    text: str
    role: str | None = None
    links: list[dict[str, Any]] = field(default_factory=list)  # {article_id, kind, score, note}

    @property
    def title(self) -> str:
        notes = "; ".join(link["note"] for link in self.links)
        return f"{ROLE_TITLES[self.role]}: {notes}" if self.role else ""


def _normal(sentence: str) -> str:
    return " ".join(sentence.split())


def aligned_segments(
    text: str, article_id: str, derivations: list[dict[str, Any]], citations: list[dict[str, Any]]
) -> list[Segment]:
    """Split `text` into runs, marking sentences that appear as derivation evidence or credits.

    Evidence sentences come from the same segmenter over the same stored text, so they are found
    by whitespace-normalised equality with a sentence of `text`; a sentence that cannot be found
    (e.g. after a revision) is simply not highlighted.
    """
    spans = {_normal(s.text): (s.start, s.end) for s in split_sentences(text)}
    marks: dict[tuple[int, int], tuple[str, list[dict[str, Any]]]] = {}

    def mark(sentence: str | None, role: str, link: dict[str, Any]) -> None:
        span = spans.get(_normal(sentence or ""))
        if span is None:
            return
        current = marks.get(span)
        if current is None or ROLE_ORDER.index(role) < ROLE_ORDER.index(current[0]):
            marks[span] = (role, [link])
        elif current[0] == role and link not in current[1]:
            current[1].append(link)

    for d in derivations:
        incoming = d["target_id"] == article_id
        other = d["source_id"] if incoming else d["target_id"]
        for pair in d.get("evidence") or []:
            note = f"{d['kind']} {d['score']:.2f} {'from' if incoming else 'in'} {other}"
            link = {"article_id": other, "kind": d["kind"], "score": d["score"], "note": note}
            mark(
                pair.get("target_sentence" if incoming else "source_sentence"),
                "derived" if incoming else "reused",
                link,
            )
    for c in citations:
        name = c.get("canonical") or c.get("source_name") or ""
        link = {"article_id": c.get("source_article_id"), "kind": "credit", "score": None, "note": name}
        mark(c.get("sentence"), "credit", link)

    segments, position = [], 0
    for (start, end), (role, links) in sorted(marks.items()):
        if start < position:
            continue  # overlapping spans cannot happen with one segmenter; stay safe if they do
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], role, links))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments
