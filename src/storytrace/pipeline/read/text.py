"""Plain-text articles, with or without the seed header ` date YYYY-MM-DD ` before the text."""

from __future__ import annotations

import hashlib
import re

from storytrace.model import Article, Reject
from storytrace.pipeline.read.sources import RawInput, decode_text, read_whole

# The header is " date 2023-05-15 " at the very start; the date part is loose so that a malformed
# date ("2023-13-45", "2023-5-1") is still recognised as a header, stripped, and reported.
_DATE_HEADER = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\S+)[ \t]*")


def split_date_header(text: str) -> tuple[str | None, str]:
    """Return (raw date string or None, text without the header)."""
    match = _DATE_HEADER.match(text)
    if not match or not re.match(r"\d", match.group(1)):
        return None, text
    return match.group(1), text[match.end() :]


def raw_hash(data: bytes | str) -> str:
    """A short stable hash of an input as read; equal inputs skip the pipeline on re-ingest."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def article_from_text(article_id: str, text: str, origin: str) -> Article:
    """Build an article from text that may start with the seed date header."""
    published, body = split_date_header(text)
    article = Article(id=article_id, text=body, origin=origin, published=published, raw_hash=raw_hash(text))
    if published is not None:
        article.meta["date_source"] = "header"
    return article


def read_text(raw: RawInput, max_bytes: int) -> list[Article | Reject]:
    """Read one text file as one article whose id is the file's path relative to the root."""
    data = read_whole(raw, max_bytes)
    if isinstance(data, Reject):
        return [data]
    decoded = decode_text(data, raw.origin)
    if isinstance(decoded, Reject):
        return [decoded]
    text, warning = decoded
    article = article_from_text(raw.id_stem, text, raw.origin)
    if warning:
        article.warn(warning)
    return [article]
