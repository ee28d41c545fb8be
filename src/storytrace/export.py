"""Exports as JSON Lines or CSV, streamed, with stable field names that evaluation code reads.

Each export kind names its leading fields; every other key of a record follows, so nothing a
stage stored is dropped. Nested values (lists, dicts) are JSON-encoded in CSV cells.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from storytrace.corpus import Corpus

FORMATS = ("jsonl", "csv")

# kind -> (leading fields, function returning the records)
EXPORTS: dict[str, tuple[tuple[str, ...], Callable[[Corpus], Iterable[dict[str, Any]]]]] = {
    "articles": (
        ("id", "url", "outlet", "published", "language", "title", "text"),
        lambda corpus: corpus.iter_articles(),
    ),
    "derivations": (
        ("source_id", "target_id", "kind", "score", "evidence"),
        lambda corpus: corpus.derivations(),
    ),
    "stories": (
        (
            "story_id",
            "label",
            "article_ids",
            "first_published",
            "last_published",
            "original_article_ids",
            "independent_reports",
            "storyline_id",
        ),
        lambda corpus: corpus.stories(limit=None),
    ),
    "claims": (
        ("claim_id", "article_id", "content", "cue", "source", "chain", "stance", "group_id"),
        lambda corpus: corpus.claims(),
    ),
    "entities": (
        ("entity_id", "name", "type", "aliases", "article_ids"),
        lambda corpus: corpus.entities(limit=None),
    ),
    "events": (
        (
            "event_id",
            "date_value",
            "date_text",
            "mod",
            "granularity",
            "description",
            "entity_ids",
            "article_ids",
            "story_id",
            "independent_sources",
        ),
        lambda corpus: corpus.events(),
    ),
    "citations": (
        ("article_id", "source_name", "source_article_id", "cue", "sentence"),
        lambda corpus: corpus.citations(),
    ),
}


class ExportError(ValueError):
    """An unknown export kind or format."""


def _ordered(record: dict[str, Any], leading: tuple[str, ...]) -> dict[str, Any]:
    ordered = {name: record.get(name) for name in leading}
    ordered.update({k: v for k, v in record.items() if k not in ordered})
    return ordered


def export(corpus: Corpus, kind: str, fmt: str, out: TextIO) -> int:
    """Write every record of `kind` to `out` in `fmt`; return the number of records written."""
    if kind not in EXPORTS:
        raise ExportError(f"unknown export {kind!r}; choose from {', '.join(EXPORTS)}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    leading, records = EXPORTS[kind]
    rows: Iterator[dict[str, Any]] = (_ordered(r, leading) for r in records(corpus))
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(
            {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}
        )
        count += 1
    if writer is None:
        csv.writer(out).writerow(leading)
    return count
