"""HTML pages and WARC archives. Both yield articles that still carry raw HTML; the extract stage
(trafilatura) turns it into text and metadata in the workers, where the cost belongs."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storytrace.model import Article, Reject
from storytrace.pipeline.read.sources import RawInput, decode_text, open_binary, read_whole
from storytrace.pipeline.read.text import raw_hash


def _html_article(article_id: str, data: bytes, origin: str) -> Article | Reject:
    decoded = decode_text(data, origin)
    if isinstance(decoded, Reject):
        return decoded
    html, warning = decoded
    article = Article(id=article_id, text="", origin=origin, html=html, raw_hash=raw_hash(data))
    if warning:
        article.warn(warning)
    return article


def read_html(raw: RawInput, max_bytes: int) -> list[Article | Reject]:
    """One HTML file is one article, its id the file's path relative to the root."""
    data = read_whole(raw, max_bytes)
    if isinstance(data, Reject):
        return [data]
    return [_html_article(raw.id_stem, data, raw.origin)]


def _record_id(record) -> str:
    value = record.rec_headers.get_header("WARC-Record-ID") or ""
    return value.strip("<>").removeprefix("urn:uuid:")


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    return "html" in (record.http_headers.get_header("Content-Type") or "").lower()


def _warc_article(record, origin: str, max_bytes: int) -> Article | Reject:
    record_id = _record_id(record)
    origin = f"{origin}#{record_id}"
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Reject(origin, "too_large", f"record of more than {max_bytes} bytes")
    item = _html_article(record_id, data, origin)
    if isinstance(item, Article):
        item.url = record.rec_headers.get_header("WARC-Target-URI")
        item.meta["crawled"] = record.rec_headers.get_header("WARC-Date")
    return item


def read_warc(raw: RawInput, max_bytes: int) -> Iterator[Article | Reject]:
    """Every HTML `response` record becomes an article, its id the record's WARC-Record-ID.

    A truncated or corrupt archive yields the records read so far and one reject for the rest.
    warcio decompresses each gzip member itself, so the file is opened as is (never through gzip).
    """
    count = 0
    end = 0
    try:
        with _open_archive(raw) as handle:
            records = ArchiveIterator(handle)
            for record in records:
                if _is_html_response(record):
                    count += 1
                    yield _warc_article(record, raw.origin, max_bytes)
                records.read_to_end(record)
                end = records.get_record_offset() + records.get_record_length()
            truncated = not _archive_complete(raw, end)
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as error:
        yield Reject(raw.origin, "truncated_warc", f"archive unreadable after {count} HTML records: {error}")
        return
    if truncated:
        yield Reject(raw.origin, "truncated_warc", f"archive is cut short after {count} complete HTML records")


def _open_archive(raw: RawInput):
    return raw.path.open("rb") if raw.path is not None else open_binary(raw)


def _archive_complete(raw: RawInput, end: int) -> bool:
    """warcio stops quietly at a cut: a gzipped archive must end where its last whole record
    ends; an uncompressed one must end with the blank line that closes every record."""
    if raw.path is None:
        return True
    size = raw.path.stat().st_size
    if raw.path.suffix.lower() == ".gz":
        return end >= size
    with raw.path.open("rb") as handle:
        handle.seek(max(0, size - 4))
        return handle.read() == b"\r\n\r\n"
