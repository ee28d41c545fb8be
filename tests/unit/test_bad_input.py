"""Bad input: each case is rejected with a clear reason, the rest of the batch is ingested."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from storytrace import Corpus
from storytrace.cli import app
from unit.helpers import LEAD, article_html, write_warc


def _bad_corpus(root: Path) -> Path:
    corpus = root / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text(f" date 2025-03-04 {LEAD}", encoding="utf-8")
    (corpus / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (corpus / "nul.txt").write_bytes(b"abc\x00def" * 10)
    (corpus / "huge.txt").write_text("word " * 5000, encoding="utf-8")
    (corpus / "latin1.txt").write_bytes(
        "Le port de Velmar fermera la jetée nord, a déclaré le maire.".encode("latin-1")
    )
    (corpus / "garbage.txt").write_bytes(bytes(range(1, 32)) * 5 + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 40)
    (corpus / "nomain.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (corpus / "page.html").write_text(article_html("Pier closes", LEAD), encoding="utf-8")
    (corpus / "broken.gz").write_bytes(gzip.compress(b"some text")[:12])
    lines = [
        json.dumps({"id": "j1", "text": LEAD + " One."}),
        "{not json",
        json.dumps({"id": "j2"}),
        json.dumps({"text": "no id here"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "j1", "text": LEAD + " Conflicting."}),
        json.dumps({"id": "j3", "text": LEAD + " Three.", "published": "2025-02-30"}),
    ]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pages = [
        (
            f"0000000{i}-0000-0000-0000-000000000000",
            f"https://velmar-courier.com/{i}",
            article_html(f"Story {i}", f"{LEAD} Story number {i} has its own ending."),
        )
        for i in range(3)
    ]
    write_warc(corpus / "cut.warc.gz", pages, truncate_at=None)
    full = (corpus / "cut.warc.gz").read_bytes()
    (corpus / "cut.warc.gz").write_bytes(full[: int(len(full) * 0.6)])
    return corpus


def test_every_bad_input_has_a_reason_and_good_input_survives(tmp_path: Path) -> None:
    corpus_dir = _bad_corpus(tmp_path)
    with Corpus(tmp_path / "c.db") as corpus:
        summary = corpus.ingest([str(corpus_dir)], max_bytes=10_000)
        reasons = {(r["origin"].replace(str(corpus_dir) + "/", ""), r["reason"]) for r in corpus.rejects()}
        stored = {a["id"] for a in corpus.articles(limit=None)}
        j3 = corpus.article("j3")
    assert {
        ("empty.txt", "empty"),
        ("image.txt", "binary"),
        ("nul.txt", "binary"),
        ("huge.txt", "too_large"),
        ("garbage.txt", "undecodable"),
        ("nomain.html", "no_main_text"),
        ("broken.gz", "unreadable"),
        ("feed.jsonl:2", "malformed_json"),
        ("feed.jsonl:3", "missing_text"),
        ("feed.jsonl:4", "missing_id"),
        ("feed.jsonl:5", "malformed_record"),
        ("feed.jsonl:6", "duplicate_id"),
        ("cut.warc.gz", "truncated_warc"),
    } <= reasons
    assert {"good.txt", "latin1.txt", "page.html", "j1", "j3"} <= stored
    assert any(i.startswith("0000000") for i in stored), "WARC records before the cut are kept"
    assert summary.rejected_total == len(reasons)
    assert summary.read == summary.new + summary.rejected_total + summary.unchanged + summary.exact_duplicates
    assert j3 is not None and j3["published"] is None and "2025-02-30" in j3["meta"]["warnings"][0]


def test_rejects_are_not_doubled_on_rerun(tmp_path: Path) -> None:
    corpus_dir = _bad_corpus(tmp_path)
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([str(corpus_dir)], max_bytes=10_000)
        count = len(corpus.rejects())
        corpus.ingest([str(corpus_dir)], max_bytes=10_000)
        assert len(corpus.rejects()) == count


def test_cli_strict_exits_nonzero_and_rejects_lists_reasons(tmp_path: Path) -> None:
    corpus_dir = _bad_corpus(tmp_path)
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    lenient = runner.invoke(app, ["ingest", str(corpus_dir), "--db", db, "--max-bytes", "10000"])
    strict = runner.invoke(app, ["ingest", str(corpus_dir), "--db", db, "--max-bytes", "10000", "--strict"])
    listing = runner.invoke(app, ["rejects", "--db", db, "--json"])
    assert lenient.exit_code == 0, lenient.output
    assert strict.exit_code == 1
    assert {"binary", "duplicate_id", "truncated_warc"} <= {r["reason"] for r in json.loads(listing.stdout)}
