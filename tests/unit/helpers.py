"""Small fictional inputs shared by the foundation tests."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

LEAD = (
    "The harbour authority of Port Velmar confirmed on Tuesday that the northern pier will close for repairs. "
    "Officials said the work would take two weeks and cost about four million crowns."
)


def article_html(
    title: str,
    body: str,
    site: str = "Velmar Courier",
    url: str = "https://www.velmar-courier.com/a/1",
    published: str = "2025-03-04T09:00:00Z",
) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        "<!doctype html><html><head>"
        f"<title>{title} | {site}</title><meta property='og:title' content='{title}'>"
        f"<meta property='og:site_name' content='{site}'>"
        f"<meta property='article:published_time' content='{published}'>"
        f"<link rel='canonical' href='{url}'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>We use cookies. Subscribe to our newsletter.</footer></body></html>"
    )


def write_warc(path: Path, pages: list[tuple[str, str, str]], truncate_at: int | None = None) -> None:
    """Write a gzipped WARC with one response per (record uuid, url, html) plus a non-HTML response."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uuid, url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(html.encode("utf-8")),
            http_headers=headers,
            warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:{uuid}>"},
        )
        writer.write_record(record)
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://www.velmar-courier.com/logo.png",
            "response",
            payload=io.BytesIO(b"\x89PNG...."),
            http_headers=image,
        )
    )
    data = buffer.getvalue()
    path.write_bytes(data[:truncate_at] if truncate_at else data)


def write_jsonl(path: Path, records: list[dict], gz: bool = False) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")
