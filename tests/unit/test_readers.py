"""Every input format becomes articles with stable ids, dates and metadata."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from storytrace.model import Article, Reject
from storytrace.pipeline.read import read_paths
from storytrace.pipeline.read.text import split_date_header
from unit.helpers import LEAD, article_html, write_jsonl, write_warc


def _articles(paths: list[str]) -> list[Article]:
    items = list(read_paths(paths))
    assert all(isinstance(i, Article) for i in items), [i for i in items if isinstance(i, Reject)]
    return items  # type: ignore[return-value]


def test_seed_header_is_parsed_and_removed(tmp_path: Path) -> None:
    (tmp_path / "scoop.txt").write_text(f" date 2025-03-04 {LEAD}", encoding="utf-8")
    [article] = _articles([str(tmp_path / "scoop.txt")])
    assert article.id == "scoop.txt"
    assert article.published == "2025-03-04"
    assert article.text == LEAD
    assert article.meta["date_source"] == "header"


def test_plain_text_without_header(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text(LEAD, encoding="utf-8")
    [article] = _articles([str(tmp_path / "note.txt")])
    assert article.published is None and article.text == LEAD


def test_header_only_recognised_at_start() -> None:
    assert split_date_header("The date 2025-01-01 was chosen.") == (None, "The date 2025-01-01 was chosen.")
    assert split_date_header(" date 2025-13-45 Text") == ("2025-13-45", "Text")


def test_jsonl_aliases_header_and_unknown_fields(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "feed.jsonl",
        [
            {
                "id": "a1",
                "text": LEAD,
                "title": "Pier closes",
                "url": "https://velmar-courier.com/x",
                "published": "2025-03-04",
                "section": "local",
            },
            {"id": "a2", "text": LEAD + " More.", "date": "2025-03-05", "lang": "en"},
            {"id": "a3", "text": LEAD + " Later.", "published_at": "2025-03-06T08:30:00Z", "outlet": "Velmar Radio"},
            {"id": "a4", "text": f" date 2025-03-07 {LEAD} Header."},
        ],
    )
    a1, a2, a3, a4 = _articles([str(tmp_path / "feed.jsonl")])
    assert (a1.id, a1.title, a1.url, a1.published, a1.meta["section"]) == (
        "a1",
        "Pier closes",
        "https://velmar-courier.com/x",
        "2025-03-04",
        "local",
    )
    assert (a2.published, a2.language, a2.meta["date_source"]) == ("2025-03-05", "en", "date")
    assert (a3.published, a3.outlet) == ("2025-03-06T08:30:00Z", "Velmar Radio")
    assert a4.published == "2025-03-07" and a4.text.startswith("The harbour")


def test_html_page_keeps_raw_html_for_the_extract_stage(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(article_html("Pier closes", LEAD), encoding="utf-8")
    [article] = _articles([str(tmp_path / "page.html")])
    assert article.id == "page.html" and article.html and "<article>" in article.html


def test_warc_html_responses_become_articles(tmp_path: Path) -> None:
    pages = [
        ("11111111-1111-1111-1111-111111111111", "https://velmar-courier.com/a", article_html("A", LEAD)),
        ("22222222-2222-2222-2222-222222222222", "https://velmar-courier.com/b", article_html("B", LEAD)),
    ]
    write_warc(tmp_path / "crawl.warc.gz", pages)
    articles = _articles([str(tmp_path / "crawl.warc.gz")])
    assert [a.id for a in articles] == [p[0] for p in pages]
    assert articles[1].url == "https://velmar-courier.com/b"


def test_directory_recursive_ids_are_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "corpus" / "deep").mkdir(parents=True)
    (tmp_path / "corpus" / "top.txt").write_text(LEAD, encoding="utf-8")
    (tmp_path / "corpus" / "deep" / "inner.txt").write_text(LEAD + " Inner.", encoding="utf-8")
    (tmp_path / "corpus" / ".hidden.txt").write_text("skip me", encoding="utf-8")
    write_jsonl(tmp_path / "corpus" / "deep" / "feed.jsonl.gz", [{"id": "g1", "text": LEAD}], gz=True)
    ids = [a.id for a in _articles([str(tmp_path / "corpus")])]
    assert ids == ["g1", "deep/inner.txt", "top.txt"]  # files in sorted path order; JSONL keeps its ids


def test_stdin_dash_reads_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"id": "s1", "text": "Pier closes for two weeks in Port Velmar, officials said."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [article] = _articles(["-"])
    assert article.id == "s1"
