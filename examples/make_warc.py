"""Build examples/sample-corpus/warc/crawl.warc.gz from the pages in examples/warc-src/.

The sample corpus needs one WARC file to exercise the WARC reader. It is generated, not
hand-edited, and reproducible: record ids, WARC dates and HTTP dates are fixed, so running this
script again yields the same records. The HTML sources live outside sample-corpus/ so that
`storytrace ingest examples/sample-corpus` does not read them twice.

The file holds a warcinfo record, a request record, a robots.txt response (not HTML: readers must
skip it) and four HTML responses whose article ids are their bare WARC-Record-ID uuids.

Run: .venv/bin/python examples/make_warc.py [OUTPUT]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "warc-src"
OUTPUT = HERE / "sample-corpus" / "warc" / "crawl.warc.gz"


@dataclass(frozen=True)
class Page:
    """One crawled HTML page: its source file, target URI, fixed record id and capture time."""

    source: str
    uri: str
    record_id: str
    warc_date: str
    http_date: str


PAGES = [
    Page("harbour-ledger-storage.html",
         "https://www.harbour-ledger.com/business/2025/03/12/valdoria-sarvo-gas-storage-deal",
         "3b8e0f4a-6c21-4d7e-9a53-1f0c2d4e5a61", "2025-04-10T08:00:01Z", "Thu, 10 Apr 2025 08:00:01 GMT"),
    Page("westbrook-varnen-survivors.html",
         "https://www.westbrook-gazette.co.uk/world/2025/03/22/varnen-floods-survivors",
         "8d4c2b19-0e7f-4a3b-b6d5-29c1e8f0a742", "2025-04-10T08:00:03Z", "Thu, 10 Apr 2025 08:00:03 GMT"),
    Page("eastgate-harst-telegram.html",
         "https://eastgate-radio.org/news/2025/03/27/harst-telegram-brandt",
         "c2a7d5e3-91b4-4f08-8e6a-5d3f7b2c0e94", "2025-04-10T08:00:05Z", "Thu, 10 Apr 2025 08:00:05 GMT"),
    Page("acp-greve-almarena.html",
         "https://www.acp-depeches.fr/economie/2025/04/02/espagne-greve-port-almarena",
         "e6f1a934-2d58-4b7c-a0e9-7c4b3d1f6a25", "2025-04-10T08:00:07Z", "Thu, 10 Apr 2025 08:00:07 GMT"),
]

WARCINFO_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
REQUEST_ID = "1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b"
ROBOTS_ID = "2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b"
ROBOTS_URI = "https://www.harbour-ledger.com/robots.txt"
ROBOTS_TXT = b"User-agent: *\nDisallow: /account/\nDisallow: /search\nSitemap: https://www.harbour-ledger.com/sitemap.xml\n"
CRAWL_START = "2025-04-10T08:00:00Z"


def _urn(uuid: str) -> str:
    return f"<urn:uuid:{uuid}>"


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str, record_id: str,
              warc_date: str, http_date: str):
    http_headers = StatusAndHeaders(
        "200 OK",
        [("Date", http_date), ("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        uri, "response", payload=BytesIO(body), length=len(body), http_headers=http_headers,
        warc_headers_dict={"WARC-Record-ID": _urn(record_id), "WARC-Date": warc_date},
    )


def build(output: Path = OUTPUT) -> Path:
    """Write the WARC file to `output` and return its path."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        info = writer.create_warcinfo_record(
            "crawl.warc.gz",
            {"software": "storytrace examples/make_warc.py", "format": "WARC File Format 1.0",
             "description": "Fictional sample crawl for the storytrace demo corpus"},
        )
        info.rec_headers.replace_header("WARC-Record-ID", _urn(WARCINFO_ID))
        info.rec_headers.replace_header("WARC-Date", CRAWL_START)
        writer.write_record(info)

        first = PAGES[0]
        request_headers = StatusAndHeaders(
            "GET /business/2025/03/12/valdoria-sarvo-gas-storage-deal HTTP/1.1",
            [("Host", "www.harbour-ledger.com"), ("User-Agent", "storytrace-sample-crawler/0.1"),
             ("Accept", "text/html")],
            is_http_request=True,
        )
        writer.write_record(writer.create_warc_record(
            first.uri, "request", http_headers=request_headers,
            warc_headers_dict={"WARC-Record-ID": _urn(REQUEST_ID), "WARC-Date": first.warc_date,
                               "WARC-Concurrent-To": _urn(first.record_id)},
        ))
        writer.write_record(_response(writer, ROBOTS_URI, ROBOTS_TXT, "text/plain", ROBOTS_ID, CRAWL_START,
                                      "Thu, 10 Apr 2025 08:00:00 GMT"))
        for page in PAGES:
            body = (SOURCES / page.source).read_bytes()
            writer.write_record(_response(writer, page.uri, body, "text/html; charset=utf-8", page.record_id,
                                          page.warc_date, page.http_date))
    return output


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
