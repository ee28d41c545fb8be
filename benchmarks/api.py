"""Latency of the JSON API and the web pages on a 10k-article database, as JSON (p50/p95 in ms).

The database is the sample corpus replicated with new ids. The 39 sample articles go through the
real ingest stages once; replica k of each is then written through `Store.write_batch` with a new
id, dates shifted by k weeks, a distinct content hash and an embedding turned towards a random
direction per (replica, sample story), so replicas are neither duplicates nor one giant story.
Running the full pipeline 10k times would take ~30 min on this machine for the same database
shape. Lineage is not run (`link=False` equivalent); story clustering is. So stories exist, and
provenance groups hold one article plus its credited sources. The replicas are then marked linked (their
lineage would find no derivations: their leads point in distinct directions), so the lead-embedding index
that semantic search reads holds all of them, as after a real ingest.

Requests go through FastAPI's TestClient (in process, no sockets), a bounded number per endpoint,
with ids and queries drawn from the database with a fixed seed.

    .venv/bin/python benchmarks/api.py --n 10000 [--requests 200] [--db /tmp/api-bench.db]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sqlite3
import statistics
import sys
import time
import warnings
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-corpus"
QUERIES = ["pipeline", "flood", "strike", "minister", "Brandt", "memo", '"gas storage"', "Vellner OR Danescu", "evacu*"]


def _shift(published: str | None, weeks: int) -> str | None:
    if not published:
        return published
    day = date.fromisoformat(published[:10]) + timedelta(weeks=weeks)
    return day.isoformat() + published[10:]


def _turned(embedding: bytes | None, seed: str) -> bytes | None:
    """The embedding mixed with a random unit vector chosen by `seed`, renormalised."""
    if embedding is None:
        return None
    vector = np.frombuffer(embedding, dtype=np.float32)
    noise = np.random.default_rng(abs(hash(seed)) % 2**32).standard_normal(vector.shape).astype(np.float32)
    mixed = 0.5 * vector + noise / np.linalg.norm(noise)
    return (mixed / np.linalg.norm(mixed)).astype(np.float32).tobytes()


def processed_sample() -> list:
    """The sample corpus after every ingest stage, as the store would receive it."""
    from storytrace.executors import LocalExecutor
    from storytrace.model import Article
    from storytrace.pipeline.ingest import ingest_stages
    from storytrace.pipeline.read import DEFAULT_MAX_BYTES, read_paths

    records = [r for r in read_paths([str(SAMPLE)], DEFAULT_MAX_BYTES) if isinstance(r, Article)]
    return [a for batch, _ in LocalExecutor(1).map_batches(ingest_stages(), [records]) for a in batch]


def replicas(n: int, originals: list) -> Iterator:
    """`n` processed articles: the sample again and again, each copy with a new id and later dates."""
    story_of = {k: v["story"] for k, v in json.loads((SAMPLE.parent / "labels.json").read_text())["articles"].items()}
    for index in range(n):
        k, position = divmod(index, len(originals))
        source = originals[position]
        new_id = f"r{k:04d}/{source.id}"
        yield dataclasses.replace(
            source,
            id=new_id,
            claims=[
                dataclasses.replace(c, claim_id=c.claim_id.replace(source.id, new_id, 1), article_id=new_id)
                for c in source.claims
            ],
            text=f"{source.text}\n\nReplica {k}.",
            published=_shift(source.published, k),
            meta=dict(source.meta),
            raw_hash=None,
            content_hash=f"{source.content_hash}:{k}",
            embedding=_turned(source.embedding, f"{k}:{story_of.get(source.id, source.id)}"),
        )


def build(db: Path, n: int) -> dict:
    from storytrace import Corpus

    started = time.perf_counter()
    originals = processed_sample()
    with Corpus(db) as corpus:
        run_id = corpus.store.start_run([])
        records = list(replicas(n, originals))
        for start in range(0, len(records), 500):
            corpus.store.write_batch(records[start : start + 500], run_id)
        corpus.store.finish_run(run_id, {"read": n})
        with sqlite3.connect(db) as raw:  # see the module docstring: lineage is not run, its index is wanted
            raw.execute("UPDATE articles SET linked = 1")
        ingested = time.perf_counter()
        clustered = corpus.cluster()
    return {
        "articles": n,
        "ingest_seconds": round(ingested - started, 1),
        "cluster_seconds": round(time.perf_counter() - ingested, 1),
        "articles_in_stories": clustered,
    }


def measure(client, urls: list[str]) -> dict:
    timings = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code} {response.text[:200]}")
    timings.sort()
    return {
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
        "max_ms": round(timings[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--db", type=Path, default=Path("/tmp/storytrace-api-bench.db"))
    parser.add_argument("--reuse", action="store_true", help="measure an existing --db without rebuilding it")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "api.json")
    args = parser.parse_args()

    build_info = None
    if not args.reuse:
        for suffix in ("", "-wal", "-shm", ".ann"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
        build_info = build(args.db, args.n)
        print(f"built {build_info}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from storytrace.api import create_app

    rng = random.Random(11)
    with TestClient(create_app(args.db)) as client:
        stats = client.get("/api/stats").json()
        story_ids: list[str] = []
        while len(story_ids) < 1000:
            page = client.get("/api/stories", params={"limit": 200, "offset": len(story_ids)}).json()
            story_ids += [s["story_id"] for s in page["items"]]
            if page["next_offset"] is None:
                break
        offsets = [rng.randrange(0, max(stats["articles"] - 50, 1)) for _ in range(args.requests)]
        article_ids = [
            client.get("/api/articles", params={"limit": 1, "offset": o}).json()["items"][0]["id"] for o in offsets
        ]
        n = args.requests

        def pick(items: list[str]) -> list[str]:
            return [rng.choice(items) for _ in range(n)]

        plan = {
            "GET /api/stories": ["/api/stories?limit=50"] * n,
            "GET /api/stories/{id}": [f"/api/stories/{quote(s)}" for s in pick(story_ids)],
            "GET /api/search": [f"/api/search?q={quote(q)}" for q in pick(QUERIES)],
            "GET /api/articles/{id}": [f"/api/articles/{quote(a)}" for a in article_ids],
            "GET /api/articles/{id}/provenance": [f"/api/articles/{quote(a)}/provenance" for a in article_ids],
            "GET /api/articles?offset": [f"/api/articles?limit=50&offset={o}" for o in offsets],
            "page /": ["/"] * n,
            "page /stories/{id}": [f"/stories/{quote(s)}" for s in pick(story_ids)],
            "page /articles/{id}": [f"/articles/{quote(a)}" for a in article_ids],
            "page /search": [f"/search?q={quote(q)}" for q in pick(QUERIES)],
        }
        for urls in plan.values():  # one warm-up request each: template compilation, SQLite page cache
            client.get(urls[0])
        results = {name: measure(client, urls) for name, urls in plan.items()}

    report = {
        "articles": stats["articles"],
        "stories_sampled_from": len(story_ids),
        "build": build_info,
        "client": "fastapi TestClient, in process, sequential",
        "target_p95_ms": 50,
        "endpoints": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
