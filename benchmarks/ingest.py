"""Ingest throughput and peak memory on N synthetic articles of realistic length, as JSON.

Each configuration runs in its own child process so its peak RSS is its own. A baseline runs
side by side: the same JSONL parsed and inserted into SQLite with the same FTS5 index but no
pipeline stages, so the ratio says what the stages cost on this (noisy) machine.

    .venv/bin/python benchmarks/ingest.py --n 10000 [--jobs 1 2] [--out benchmarks/results/ingest.json]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUBJECTS = ["The finance ministry", "Harbour officials", "The city council", "Opposition leaders", "Rescue teams",
            "The central bank", "Two senior diplomats", "The regional governor", "Union representatives"]
VERBS = ["announced", "confirmed", "denied", "warned", "said", "reported", "disclosed", "insisted"]
OBJECTS = ["that the new budget would cut spending on roads", "that talks with the neighbouring state had stalled",
           "that flood barriers along the river would be raised", "that the vote had been postponed until spring",
           "that three ministers would resign by the end of the week", "that the airport would reopen on Monday",
           "that inflation had slowed for a fourth consecutive month", "that the ceasefire was holding in the east"]
CLOSERS = ["according to people familiar with the matter.", "in a statement on Tuesday.", "citing internal documents.",
           "after a meeting that lasted late into the night.", "though details remained unclear.",
           "a claim the government rejected."]


def synthetic_article(index: int, rng: random.Random) -> dict:
    """About 450 words of news-like prose with a headline, a date and an outlet."""
    sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, {rng.choice(CLOSERS)}"
                 for _ in range(rng.randint(18, 26))]
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    day = 1 + index % 28
    return {"id": f"syn-{index:07d}", "title": f"Report {index}: {rng.choice(OBJECTS)[5:60]}",
            "text": "\n\n".join(paragraphs), "published": f"2025-03-{day:02d}",
            "url": f"https://outlet{index % 50}.example.com/news/{index}"}


def write_corpus(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for index in range(n):
            handle.write(json.dumps(synthetic_article(index, rng)) + "\n")


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def run_pipeline(corpus_path: Path, db: Path, jobs: int) -> dict:
    from storytrace import Corpus

    start = time.perf_counter()
    with Corpus(db) as corpus:
        # per-article stages only: the cross-article stages are measured by benchmarks/scale.py
        summary = corpus.ingest([str(corpus_path)], jobs=jobs, batch_size=128, link=False)
    seconds = time.perf_counter() - start
    return {"config": f"storytrace jobs={jobs}", "articles": summary.new, "seconds": round(seconds, 2),
            "articles_per_s": round(summary.new / seconds, 1), "peak_rss_mb": _peak_rss_mb()}


def run_baseline(corpus_path: Path, db: Path) -> dict:
    """json.loads + INSERT into a table with the same FTS5 index, nothing else."""
    start = time.perf_counter()
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE a (id TEXT PRIMARY KEY, title TEXT, text TEXT, published TEXT, url TEXT)")
    con.execute("CREATE VIRTUAL TABLE f USING fts5(title, text, content='a', tokenize='unicode61 remove_diacritics 2')")
    count = 0
    with corpus_path.open(encoding="utf-8") as handle:
        batch = []
        for line in handle:
            r = json.loads(line)
            batch.append((r["id"], r["title"], r["text"], r["published"], r["url"]))
            if len(batch) == 128:
                count += _insert(con, batch)
                batch = []
        count += _insert(con, batch)
    seconds = time.perf_counter() - start
    return {"config": "baseline sqlite+fts5 insert", "articles": count, "seconds": round(seconds, 2),
            "articles_per_s": round(count / seconds, 1), "peak_rss_mb": _peak_rss_mb()}


def _insert(con: sqlite3.Connection, batch: list[tuple]) -> int:
    con.execute("BEGIN")
    con.executemany("INSERT INTO a VALUES (?, ?, ?, ?, ?)", batch)
    con.executemany("INSERT INTO f(rowid, title, text) SELECT rowid, title, text FROM a WHERE id = ?",
                    [(row[0],) for row in batch])
    con.execute("COMMIT")
    return len(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "ingest.json")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "CORPUS", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, corpus_path, jobs = args.child
        db = Path(tempfile.mkdtemp()) / "bench.db"
        result = run_baseline(Path(corpus_path), db) if kind == "baseline" else run_pipeline(
            Path(corpus_path), db, int(jobs))
        print(json.dumps(result))
        return
    workdir = Path(tempfile.mkdtemp())
    corpus_path = workdir / "synthetic.jsonl"
    write_corpus(corpus_path, args.n)
    runs = [("baseline", 1)] + [("pipeline", jobs) for jobs in args.jobs]
    results = []
    for kind, jobs in runs:
        output = subprocess.run([sys.executable, __file__, "--child", kind, str(corpus_path), str(jobs)],
                                check=True, capture_output=True, text=True).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
        print(json.dumps(results[-1]))
    baseline = results[0]["seconds"]
    report = {"n": args.n, "words_per_article": 450, "runs": results,
              "time_ratio_vs_baseline": {r["config"]: round(r["seconds"] / baseline, 2) for r in results[1:]}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report["time_ratio_vs_baseline"]))


if __name__ == "__main__":
    main()
