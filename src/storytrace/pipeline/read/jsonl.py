"""JSON Lines: one article per line, `id` and `text` required, everything else kept.

Common field aliases are accepted (`date`, `published_at`, `pubdate` for `published`; `lang` for
`language`; `source`/`site` for `outlet`; `headline` for `title`), because corpora in the wild
rarely agree on names. Unknown fields are kept in `meta`. A bad line is a reject naming the file
and the line number; the rest of the file is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from storytrace.model import Article, Reject
from storytrace.pipeline.read.sources import RawInput, decode_text, open_binary
from storytrace.pipeline.read.text import article_from_text, raw_hash

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "published": ("published", "date", "published_at", "publishedAt", "pubdate", "pub_date", "datePublished"),
    "language": ("language", "lang"),
    "outlet": ("outlet", "source", "site", "site_name", "publisher"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
}


def _first(record: dict[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return name, value
    return None, None


def article_from_record(record: Any, origin: str) -> Article | Reject:
    """Validate one decoded JSON object and turn it into an article (shared with the API)."""
    if not isinstance(record, dict):
        return Reject(origin, "malformed_record", "a JSON object is required per line")
    article_id, text = record.get("id"), record.get("text")
    payload = json.dumps(record, ensure_ascii=False)[:4000]
    if article_id in (None, ""):
        return Reject(origin, "missing_id", "record has no `id`", payload)
    if not isinstance(text, str) or not text.strip():
        return Reject(origin, "missing_text", "record has no `text`", payload, str(article_id))
    article = article_from_text(str(article_id), text, origin)
    article.raw_hash = raw_hash(json.dumps(record, sort_keys=True, ensure_ascii=False))
    used = {"id", "text"}
    for field_name, aliases in FIELD_ALIASES.items():
        name, value = _first(record, aliases)
        if name is None:
            continue
        used.add(name)
        if field_name == "published" and article.published is not None:
            article.meta["published_field"] = value  # the header wins; keep the field for audit
            continue
        setattr(article, field_name, str(value))
        if field_name == "published":
            article.meta["date_source"] = name
    article.meta.update({k: v for k, v in record.items() if k not in used})
    return article


def read_jsonl(raw: RawInput, max_bytes: int) -> Iterator[Article | Reject]:
    """Stream a JSONL input line by line; a line longer than `max_bytes` is rejected, not loaded."""
    with open_binary(raw) as handle:
        for number, line in enumerate(handle, start=1):
            origin = f"{raw.origin}:{number}"
            if len(line) > max_bytes:
                yield Reject(origin, "too_large", f"line of {len(line)} bytes > limit {max_bytes}")
                continue
            if not line.strip():
                continue
            decoded = decode_text(line, origin)
            if isinstance(decoded, Reject):
                yield decoded
                continue
            try:
                record = json.loads(decoded[0])
            except json.JSONDecodeError as error:
                yield Reject(origin, "malformed_json", f"line {number}: {error.msg}", decoded[0][:4000])
                continue
            yield article_from_record(record, origin)
