"""Checks of the bundled fictional sample corpus (examples/sample-corpus) and its ground truth.

These tests read the corpus files directly (not through storytrace's readers), so that a broken
corpus is told apart from a broken reader. Article ids follow the ingest convention: the `id` field
of JSONL lines, the path relative to the corpus root for text and HTML files, and the bare uuid of
the WARC-Record-ID for WARC responses.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import trafilatura
from warcio.archiveiterator import ArchiveIterator

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CORPUS = EXAMPLES / "sample-corpus"
LABELS = EXAMPLES / "labels.json"

HEADER = re.compile(r"^ date (\d{4}-\d{2}-\d{2}) ")
JSONL_DATE_FIELDS = ("published", "date", "published_at")
DERIVATION_KINDS = {"duplicate", "copy", "paraphrase", "translation", "excerpt", "same_source"}
SOURCE_TYPES = {"named_person", "anonymous", "organisation", "media", "document", "social_media"}
TIMEX_TYPES = {"DATE", "TIME", "DURATION", "SET"}
FORMATS = {"seed", "plain", "jsonl", "html", "warc"}
# Page furniture that must not survive main-text extraction (nav, footer, teaser box).
FURNITURE = ("cookie", "Subscribe", "Abonnieren", "S'abonner", "Read more", "Weiterlesen", "Lire aussi")


def _split_header(text: str) -> tuple[str | None, str]:
    match = HEADER.match(text)
    return (match.group(1), text[match.end():]) if match else (None, text)


def _extract(html: str) -> dict[str, Any]:
    doc = trafilatura.bare_extraction(html, with_metadata=True)
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


@cache
def corpus() -> dict[str, dict[str, Any]]:
    """Every article of the corpus by id: raw text, extracted text, publication date, format, site."""
    articles: list[tuple[str, dict[str, Any]]] = []
    for path in sorted((CORPUS / "text").glob("*.txt")):
        date, text = _split_header(path.read_text(encoding="utf-8"))
        articles.append((path.relative_to(CORPUS).as_posix(),
                         {"raw": text, "text": text, "published": date, "format": "seed" if date else "plain"}))
    for path in sorted((CORPUS / "jsonl").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            header_date, text = _split_header(record["text"])
            date = next((record[k][:10] for k in JSONL_DATE_FIELDS if k in record), header_date)
            articles.append((record["id"], {"raw": text, "text": text, "published": date, "format": "jsonl",
                                            "site": urlsplit(record["url"]).hostname, "outlet": record["outlet"]}))
    for path in sorted((CORPUS / "html").glob("*.html")):
        html = path.read_text(encoding="utf-8")
        doc = _extract(html)
        articles.append((path.relative_to(CORPUS).as_posix(), {
            "raw": html, "text": doc["text"], "published": doc["date"], "format": "html",
            "site": urlsplit(doc["url"]).hostname, "outlet": doc["sitename"], "doc": doc}))
    for record_id, html in warc_html_responses():
        doc = _extract(html)
        articles.append((record_id, {"raw": html, "text": doc["text"], "published": doc["date"], "format": "warc",
                                     "site": urlsplit(doc["url"]).hostname, "outlet": doc["sitename"], "doc": doc}))
    ids = [article_id for article_id, _ in articles]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"duplicate article ids: {duplicates}"
    return dict(articles)


@cache
def warc_records() -> list[tuple[str, str, str | None]]:
    """(record type, bare record id, HTTP content type) of every record in the corpus WARC files."""
    records = []
    for path in sorted(CORPUS.glob("warc/*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                record_id = record.rec_headers.get_header("WARC-Record-ID").strip("<>").removeprefix("urn:uuid:")
                content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
                records.append((record.rec_type, record_id, content_type))
    return records


def warc_html_responses() -> list[tuple[str, str]]:
    """(bare record id, decoded HTML) of the HTML response records."""
    pages = []
    for path in sorted(CORPUS.glob("warc/*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
                if record.rec_type == "response" and content_type.startswith("text/html"):
                    record_id = record.rec_headers.get_header("WARC-Record-ID")
                    pages.append((record_id.strip("<>").removeprefix("urn:uuid:"),
                                  record.content_stream().read().decode("utf-8")))
    return pages


@cache
def labels() -> dict[str, Any]:
    return json.loads(LABELS.read_text(encoding="utf-8"))


def test_jsonl_lines_are_complete_objects() -> None:
    for path in CORPUS.glob("jsonl/*.jsonl"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            record = json.loads(line)
            assert isinstance(record, dict), f"{path.name}:{number}"
            for key in ("id", "text", "title", "url", "outlet"):
                assert record.get(key), f"{path.name}:{number} lacks {key}"
            has_date = any(k in record for k in JSONL_DATE_FIELDS)
            assert has_date or HEADER.match(record["text"]), f"{path.name}:{number} has no date at all"


def test_jsonl_uses_every_date_convention() -> None:
    keys = Counter()
    for line in (CORPUS / "jsonl" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        keys.update(k for k in JSONL_DATE_FIELDS if k in record)
        keys["header"] += not any(k in record for k in JSONL_DATE_FIELDS)
    assert all(keys[k] >= 1 for k in (*JSONL_DATE_FIELDS, "header")), keys


def test_html_pages_yield_clean_main_text() -> None:
    pages = [a for a in corpus().values() if a["format"] in ("html", "warc")]
    assert len(pages) == 10
    for page in pages:
        doc = page["doc"]
        assert doc["title"] and doc["sitename"] and doc["date"] and doc["url"].startswith("https://")
        assert len(doc["text"].split()) > 100
        for furniture in FURNITURE:
            assert furniture not in doc["text"], f"{doc['url']}: page furniture {furniture!r} extracted"


def test_warc_has_four_html_responses_and_records_to_skip() -> None:
    records = warc_records()
    html = [r for r in records if r[0] == "response" and (r[2] or "").startswith("text/html")]
    assert len(html) == 4
    assert any(r[0] == "request" for r in records)
    assert any(r[0] == "response" and not (r[2] or "").startswith("text/html") for r in records)


def test_make_warc_is_reproducible(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_warc", EXAMPLES / "make_warc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script is executed
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    rebuilt = module.build(tmp_path / "crawl.warc.gz")
    committed = CORPUS / "warc" / "crawl.warc.gz"
    assert gzip.decompress(rebuilt.read_bytes()) == gzip.decompress(committed.read_bytes())


def test_labels_cover_exactly_the_corpus() -> None:
    assert set(labels()["articles"]) == set(corpus())


def test_corpus_breadth() -> None:
    articles = labels()["articles"].values()
    assert len({a["language"] for a in articles}) >= 3
    assert len(labels()["stories"]) >= 6
    assert {a["format"] for a in articles} == FORMATS


def test_stories_and_lookalikes_resolve() -> None:
    stories = labels()["stories"]
    for story_id, story in stories.items():
        other = story["lookalike_of"]
        assert other is None or (other in stories and stories[other]["lookalike_of"] == story_id)
    for article_id, label in labels()["articles"].items():
        assert label["story"] in stories, article_id


def test_label_metadata_matches_the_files() -> None:
    data = corpus()
    for article_id, label in labels()["articles"].items():
        assert label["published"] == data[article_id]["published"], article_id
        assert label["format"] == data[article_id]["format"], article_id


def test_each_outlet_has_one_domain() -> None:
    domains: dict[str, set[str]] = {}
    for article_id, article in corpus().items():
        if "site" in article:
            assert article["outlet"] == labels()["articles"][article_id]["outlet"], article_id
            domains.setdefault(article["outlet"], set()).add(article["site"].removeprefix("www."))
    assert all(len(d) == 1 for d in domains.values()), domains


def test_derivations_resolve_and_fit_their_kind() -> None:
    data, articles = corpus(), labels()["articles"]
    for article_id, label in articles.items():
        for derivation in label["derivations"]:
            source = derivation["source"]
            assert source in articles and source != article_id, article_id
            assert derivation["kind"] in DERIVATION_KINDS, article_id
            assert data[source]["published"] <= data[article_id]["published"], article_id
            if derivation["kind"] == "duplicate":
                assert data[source]["text"] == data[article_id]["text"], article_id
            if derivation["kind"] == "excerpt":
                assert data[article_id]["text"].strip() in data[source]["text"], article_id
            if derivation["kind"] == "translation":
                assert articles[source]["language"] != label["language"], article_id


def test_annotated_spans_occur_in_the_text() -> None:
    data = corpus()
    for article_id, label in labels()["articles"].items():
        text = data[article_id]["text"]
        for quote in label["quotes"]:
            assert quote["text"] in text, (article_id, quote["text"])
            assert quote["source_type"] in SOURCE_TYPES, article_id
        wanted = Counter(t["text"] for t in label["timexes"])
        for span, count in wanted.items():
            found = len(re.findall(rf"(?<!\w){re.escape(span)}(?!\w)", text))
            assert found >= count, (article_id, span, found, count)
        for timex in label["timexes"]:
            assert timex["type"] in TIMEX_TYPES and timex["value"], (article_id, timex)
        lines = data[article_id]["raw"].splitlines()
        for line in label["boilerplate_removed"]:
            assert line in lines, (article_id, line)


def test_every_article_is_news_sized() -> None:
    for article_id, article in corpus().items():
        assert 120 <= len(article["text"].split()) <= 400, article_id


@pytest.mark.parametrize("kind", ["duplicate", "copy", "paraphrase", "translation", "excerpt"])
def test_every_derivation_kind_is_represented(kind: str) -> None:
    kinds = {d["kind"] for label in labels()["articles"].values() for d in label["derivations"]}
    assert kind in kinds
