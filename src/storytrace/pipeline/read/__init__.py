"""Readers: paths in, `Article`s and `Reject`s out, in a stable order. Nothing here raises on bad input."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from storytrace.model import Article, Reject
from storytrace.pipeline.read.jsonl import read_jsonl
from storytrace.pipeline.read.sources import DEFAULT_MAX_BYTES, RawInput, discover
from storytrace.pipeline.read.text import read_text
from storytrace.pipeline.read.web import read_html, read_warc

READERS = {"text": read_text, "jsonl": read_jsonl, "html": read_html, "warc": read_warc}


def read_input(raw: RawInput, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """Read one input with the reader of its format; an unexpected failure becomes a reject."""
    try:
        yield from READERS[raw.format](raw, max_bytes)
    except Exception as error:
        yield Reject(raw.origin, "unreadable", f"{type(error).__name__}: {error}")


def read_paths(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """Every article (or reject) found under the given paths; `-` reads JSONL from stdin."""
    for item in discover(list(paths)):
        if isinstance(item, Reject):
            yield item
        else:
            yield from read_input(item, max_bytes)


__all__ = ["DEFAULT_MAX_BYTES", "read_input", "read_paths"]
