"""What a story knows, computed from its member articles, and storylines that link stories.

Pure functions over plain dicts (article rows with their lead embeddings, provenance groups), so the
story stage can run them for the stories a batch touched, and tests can run them on hand-made data.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np

from storytrace.pipeline.lineage.align import AlignSettings, tokenize
from storytrace.pipeline.lineage.provenance import components
from storytrace.pipeline.segment import is_byline, shorten, split_sentences, without_dateline
from storytrace.pipeline.stories.features import extract_features

REPRESENTATIVE_SENTENCES = 3
KEY_NAMES = 12  # salient names kept per story (for `--entity` filters and storylines)
LABEL_LANGUAGE = "en"  # a label in this language is preferred when the story has one
# Members a summary reads the text of (names, representative sentences): the most central ones. A story's
# salient names show in its central articles; reading every member made each refresh of a story that keeps
# growing cost O(its size), so a large story refreshed every batch cost O(size²) overall. Stories of the
# labelled corpora have at most a few dozen articles, which this keeps whole.
SUMMARY_ARTICLES = 64


def _vector(row: dict[str, Any]) -> np.ndarray | None:
    blob = row.get("embedding")
    return None if blob is None else np.frombuffer(blob, dtype=np.float32)


def centroid(rows: Sequence[dict[str, Any]]) -> np.ndarray | None:
    vectors = [v for r in rows if (v := _vector(r)) is not None]
    if not vectors:
        return None
    mean = np.mean(vectors, axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def lead_sentence(text: str, title: str | None = None) -> str:
    """The first sentence of a text, after the headline when the text opens with it (`title`) and after a byline,
    without a wire dateline before it."""
    sentences = [s.text for s in split_sentences(text)]
    if title and len(sentences) > 1 and _words(sentences[0]) == _words(title):
        sentences = sentences[1:]
    while len(sentences) > 1 and is_byline(sentences[0]):
        sentences = sentences[1:]  # "By Clara Whitfield" opens the text, not the story
    first = sentences[0] if sentences else text[:120]
    return without_dateline(first)


def _words(text: str) -> frozenset[str]:
    return frozenset(tokenize(text))


def _restates(sentence: str, chosen: Sequence[str]) -> bool:
    """Whether a sentence says again what a chosen one says: word-set Dice at the aligner's threshold for one
    sentence reworded (`AlignSettings.lexical`), so that a story's representative sentences differ."""
    words = _words(sentence)
    threshold = AlignSettings().lexical
    return any(2 * len(words & (other := _words(c))) / ((len(words) + len(other)) or 1) >= threshold for c in chosen)


HEADLINE_CHARS = 140
# Enough of a text's start to hold its first sentence after a headline line and a dateline.
HEADLINE_SOURCE_CHARS = 600


def headline(title: str | None, text: str) -> str:
    """What to call an article: its title, else its lead sentence (cut at `HEADLINE_CHARS`); scraped feeds
    and plain-text files often come without a title. Reads `text[:HEADLINE_SOURCE_CHARS]` only."""
    if title:
        return title
    first = lead_sentence(text[:HEADLINE_SOURCE_CHARS])
    return shorten(first, HEADLINE_CHARS)


def ranked(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Member rows, most central first (lead-embedding cosine to the story centroid), then by id."""
    centre = centroid(rows)

    def centrality(row: dict[str, Any]) -> float:
        vector = _vector(row)
        return float(vector @ centre) if vector is not None and centre is not None else 0.0

    return sorted(rows, key=lambda r: (-centrality(r), r["id"]))


def _label_row(ranked_rows: Sequence[dict[str, Any]], label_language: str) -> dict[str, Any]:
    return next((r for r in ranked_rows if r.get("language") == label_language), ranked_rows[0])


def text_ids(ranked_rows: Sequence[dict[str, Any]], label_language: str = LABEL_LANGUAGE) -> list[str]:
    """The members whose text `summarize` reads, given them as `ranked` orders them: the SUMMARY_ARTICLES most
    central and the label's article."""
    chosen = [r["id"] for r in ranked_rows[:SUMMARY_ARTICLES]]
    label = _label_row(ranked_rows, label_language)["id"] if ranked_rows else None
    return chosen if label is None or label in chosen else [*chosen, label]


def summarize(
    story_id: str,
    rows: Sequence[dict[str, Any]],
    ranked_rows: Sequence[dict[str, Any]],
    groups: Sequence[Any],
    texts: dict[str, str],
    label_language: str = LABEL_LANGUAGE,
) -> dict[str, Any]:
    """The stored summary of one story: label, dates, counts, outlets, languages, key names,
    representative sentences, original reports and independent reports (from provenance).

    `rows` are the members in publication order, with their lead embeddings but no text, and `ranked_rows`
    the same as `ranked` orders them (computed once by the caller, which also needs it for `text_ids`);
    `texts` holds the text of at least the members `text_ids` names. Names and sentences are read from the most central
    members only, so refreshing a story that has grown to thousands of articles costs what a small one does."""
    central = ranked_rows[:SUMMARY_ARTICLES]
    days = sorted(r["published"][:10] for r in rows if r.get("published"))
    names: Counter[str] = Counter()
    central_ids = {r["id"] for r in central}
    for row in rows:  # publication order: names of equal count keep the order they were first seen in
        if row["id"] in central_ids:
            names.update(extract_features(texts[row["id"]], row.get("title")).entities)
    sentences: list[str] = []
    label = _label_row(ranked_rows, label_language)
    label_text = headline(label.get("title"), texts[label["id"]])
    for row in central:
        lead = lead_sentence(texts[row["id"]], row.get("title")) if texts[row["id"]].strip() else ""
        if lead and not _restates(lead, [label_text, *sentences]) and len(sentences) < REPRESENTATIVE_SENTENCES:
            sentences.append(lead)
    originals = sorted({root for g in groups for root in g.roots if not root.startswith("ext:")})
    external = sorted({root[4:] for g in groups for root in g.roots if root.startswith("ext:")})
    return {
        "story_id": story_id,
        "label": label_text,
        "first_published": days[0] if days else None,
        "last_published": days[-1] if days else None,
        "article_count": len(rows),
        "independent_reports": sum(g.independent_reports for g in groups),
        "groups": [g.to_dict() for g in groups],
        "centroid": centroid(rows),
        "summary": {
            "article_ids": [r["id"] for r in rows],
            "outlets": sorted({r["outlet"] for r in rows if r.get("outlet")}),
            "languages": sorted({r["language"] for r in rows if r.get("language")}),
            "key_names": [name for name, _ in names.most_common(KEY_NAMES)],
            "representative_sentences": sentences,
            "original_article_ids": originals,
            "external_sources": external,
        },
    }


# Storylines: two stories continue one another when their centroids are close, they share salient
# names, and they are near in time. Chosen by reading, then checked end to end on corpus/dev with
# evaluation/pipeline_dev.py: they link S06 with X01 (the Georgia grand jury, then the Georgia
# indictment) and S10 with X04 (Altman's ouster, then a 2024 OpenAI follow-up), keep the two
# earthquakes, the two bank failures and the two moon missions apart, and miss S10 → S11 (ouster →
# return) and S05 → S06 (the two indictments), whose centroids are further apart.
STORYLINE_MIN_COSINE = 0.55
STORYLINE_MIN_SHARED_NAMES = 3
STORYLINE_MAX_GAP_DAYS = 90


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _story_order(story: dict[str, Any]) -> tuple[str, str]:
    return (story["first_published"] or "9", story["story_id"])


def link_windows(spans: Iterable[tuple[str | None, str | None]]) -> list[tuple[str, str]] | None:
    """The days (ISO, inclusive, merged when they overlap) a story's span must overlap for it to continue,
    or be continued by, a story with one of these (first, last) published days: each span widened by
    STORYLINE_MAX_GAP_DAYS on both sides, which `_continues` never links across. None when a span has a
    day `_continues` reads as undated, since such a story may link with a story of any date."""
    gap = timedelta(days=STORYLINE_MAX_GAP_DAYS)
    windows = []
    for first, last in spans:
        start, end = _day(first), _day(last)
        if start is None or end is None:
            return None
        low, high = min(start, end), max(start, end)  # not ordered when a day is not in canonical ISO form
        windows.append((max(low, date.min + gap) - gap, min(high, date.max - gap) + gap))
    merged: list[tuple[date, date]] = []
    for low, high in sorted(windows):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return [(low.isoformat(), high.isoformat()) for low, high in merged]


def continuation_links(
    stories: Sequence[dict[str, Any]], centroids: dict[str, np.ndarray], touched: set[str] | None = None
) -> list[tuple[str, str]]:
    """(earlier, later) pairs of stories where the later continues the earlier, among the pairs with
    a story in `touched` (every pair when None): a batch relinks only what it changed. Centroid
    cosines are one matrix product per block of stories; names and dates are checked after."""
    by_id = {s["story_id"]: s for s in stories}
    ids = sorted((i for i in by_id if i in centroids), key=lambda i: _story_order(by_id[i]))
    if not ids:
        return []
    rank = {story_id: position for position, story_id in enumerate(ids)}
    matrix = np.stack([centroids[i] for i in ids])
    sources = ids if touched is None else [i for i in ids if i in touched]
    links: set[tuple[str, str]] = set()
    for start in range(0, len(sources), 512):
        block = sources[start : start + 512]
        near = np.argwhere(np.stack([centroids[i] for i in block]) @ matrix.T >= STORYLINE_MIN_COSINE)
        for row, column in near:
            a, b = block[row], ids[column]
            first, second = (a, b) if rank[a] < rank[b] else (b, a)
            if a != b and _continues(by_id[first], by_id[second]):
                links.add((first, second))
    return sorted(links)


def storylines_of(stories: Sequence[dict[str, Any]], links: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """Group stories into storylines (connected components of continuation links, ≥ 2 stories each);
    a story belongs to at most one storyline. Deterministic: ids hash the earliest story's id. A storyline is
    labelled by its latest story with an article in the label language (its label is in that language),
    else by its latest story."""
    ordered = sorted(stories, key=_story_order)
    component = components([s["story_id"] for s in ordered], links)
    groups: dict[int, list[dict[str, Any]]] = {}
    for story in ordered:
        groups.setdefault(component[story["story_id"]], []).append(story)
    lines = []
    for members in groups.values():
        if len(members) < 2:
            continue
        line_id = "l" + hashlib.sha1(members[0]["story_id"].encode()).hexdigest()[:12]
        labelled = next((m for m in reversed(members) if LABEL_LANGUAGE in m.get("languages", ())), members[-1])
        story_ids = [m["story_id"] for m in members]
        lines.append({"storyline_id": line_id, "label": labelled["label"], "story_ids": story_ids})
    return lines


def _continues(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Enough shared salient names and at most the gap in time (the centroid cosine is checked before)."""
    shared = set(first["key_names"]) & set(second["key_names"])
    if len(shared) < STORYLINE_MIN_SHARED_NAMES:
        return False
    end, start = _day(first["last_published"]), _day(second["first_published"])
    return end is None or start is None or abs((start - end).days) <= STORYLINE_MAX_GAP_DAYS
