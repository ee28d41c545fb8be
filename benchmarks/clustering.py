"""Story clustering at scale: throughput, peak memory and growth of the clustering stage, as JSON.

Two measurements per corpus size, each in its own child process (so each peak RSS is its own):
- `clusterer`: `StoryClusterer.add` alone (features, blocking, scoring; embeddings given), fed in
  batches of `--batch` articles as ingest runs would feed it;
- `stage`: the story stage as `Corpus.cluster()` runs it after each ingest run: read the new
  articles from SQLite, cluster them, write memberships and clusterer state, refresh the touched
  stories' summaries and provenance groups, relink storylines.

The corpus is synthetic (no model is run, so 100k articles take minutes, not hours): n fictional
articles about n // 5 events spread over a year, each event a random 512-d direction that its
articles' embeddings scatter around, and made-up names and numbers per event in the text. It
measures cost, not quality (quality is measured on real data in evaluation/). Two ways to grow:
by default every size covers one year, so a larger corpus has more stories per day (more outlets,
a denser crawl) and every windowed comparison has more to compare with; `--growing-span` keeps the
stories per day of the smallest size and lengthens the period instead (a longer stream). Growth is
time(n2)/time(n1) between consecutive sizes, in wall seconds and in CPU seconds of the child process
(less sensitive to other work on a shared machine). Each child runs with one BLAS thread, so its CPU
seconds are its work: idle BLAS threads spin, which counted load from other jobs as the benchmark's.

    .venv/bin/python benchmarks/clustering.py [--sizes 10000 30000 100000] [--batch 1000] [--growing-span]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).parent / "results"
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
SYLLABLES = ["ka", "lo", "mer", "dun", "vel", "tor", "sha", "bri", "nox", "pel", "ran", "ost"]


def synthetic_articles(n: int, seed: int, span_days: int = 365) -> list[dict[str, Any]]:
    """n fictional articles about n // 5 events over `span_days`, in publication order."""
    rng = np.random.default_rng(seed)
    events = max(1, n // 5)
    centres = rng.normal(size=(events, 512)).astype(np.float32)
    start = dt.date(2031, 1, 1).toordinal()
    days = rng.integers(0, span_days, size=events)
    rows = []
    for i in range(n):
        event = int(rng.integers(events))
        words = [  # six base-12 digits of (8 * event + j) spelled as syllables: distinct per event up to
            # 12**6 / 8 = 373,248 events (four digits wrapped after 2,592 events, so larger corpora shared
            # names across events and measured a harder, different clustering problem)
            "".join(SYLLABLES[(8 * event + j) // len(SYLLABLES) ** k % len(SYLLABLES)] for k in reversed(range(6)))
            for j in range(8)
        ]
        text = (
            f"Report {i}\nOfficials in {words[0].title()} said {event % 997 + 40} people were affected after "
            f"the {words[3]} near {words[1].title()}, according to {words[2].title()} authorities. "
            f"Investigators described {words[4]}, {words[5]} and {words[6]} at the {words[7]}."
        )
        vector = centres[event] + 0.6 * rng.normal(size=512).astype(np.float32)
        vector /= np.linalg.norm(vector)
        day = dt.date.fromordinal(start + int(days[event]) + int(rng.integers(0, 3)))
        rows.append({"id": f"syn{i}", "text": text, "published": day.isoformat(), "embedding": vector})
    rows.sort(key=lambda r: (r["published"], r["id"]))
    return rows


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure_clusterer(n: int, seed: int, batch: int, span_days: int) -> dict[str, Any]:
    from storytrace.pipeline.stories.cluster import StoryClusterer, StoryDoc

    docs = [
        StoryDoc(r["id"], r["text"], None, "en", dt.date.fromisoformat(r["published"]), embedding=r["embedding"])
        for r in synthetic_articles(n, seed, span_days)
    ]
    clusterer = StoryClusterer()
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(0, n, batch):
        clusterer.add(docs[i : i + batch])
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "articles_per_s": round(n / seconds, 1),
        "stories": len(clusterer.stories()),
        "peak_rss_mb": _peak_rss_mb(),
    }


def measure_stage(n: int, seed: int, batch: int, span_days: int) -> dict[str, Any]:
    """Articles written to a fresh store batch by batch, `Corpus.cluster()` after each batch; only the
    clustering calls are timed."""
    from storytrace import Corpus
    from storytrace.model import Article

    rows = synthetic_articles(n, seed, span_days)
    seconds = cpu = 0.0
    with tempfile.TemporaryDirectory() as tmp, Corpus(Path(tmp) / "clustering.db") as corpus:
        run_id = corpus.store.start_run([])
        for i in range(0, n, batch):
            articles = [
                Article(
                    id=r["id"],
                    text=r["text"],
                    published=r["published"],
                    language="en",
                    content_hash=r["id"],
                    embedding=r["embedding"].astype(np.float32).tobytes(),
                )
                for r in rows[i : i + batch]
            ]
            corpus.store.write_batch(articles, run_id)
            start, started_cpu = time.perf_counter(), time.process_time()
            corpus.cluster()
            seconds += time.perf_counter() - start
            cpu += time.process_time() - started_cpu
        stories = corpus.store._query("SELECT COUNT(*) FROM stories")[0][0]
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "articles_per_s": round(n / seconds, 1),
        "stories": stories,
        "peak_rss_mb": _peak_rss_mb(),
    }


MEASUREMENTS = {"clusterer": measure_clusterer, "stage": measure_stage}


def _child(kind: str, n: int, seed: int, batch: int, span_days: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", kind, str(n), str(seed), str(batch), str(span_days)]
    # one BLAS thread: idle BLAS threads spin, and on a shared machine that CPU time is load, not work
    env = os.environ | {name: "1" for name in BLAS_THREAD_VARIABLES}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    # the machine's load as the run ends: other work on the machine slows the wall-clock figures
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"load_average": [round(x, 2) for x in os.getloadavg()]}


def _growth(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float]:
    """Time ratios of run b to run a, wall and CPU, per measurement."""
    return {
        "size_ratio": round(b["n"] / a["n"], 2),
        **{k: round(b[k]["seconds"] / a[k]["seconds"], 2) for k in MEASUREMENTS},
        **{f"{k}_cpu": round(b[k]["cpu_seconds"] / a[k]["cpu_seconds"], 2) for k in MEASUREMENTS},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--batch", type=int, default=1000, help="articles per ingest run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--growing-span", action="store_true", help="a year for the smallest size, "
                        "proportionally longer for the others (fixed stories per day)")
    parser.add_argument("--out", type=Path, default=None,
                        help="default: results/clustering.json, or clustering_growing_span.json")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, n, seed, batch, span_days = args.child
        print(json.dumps(MEASUREMENTS[kind](int(n), int(seed), int(batch), int(span_days))))
        return
    out = args.out or RESULTS / ("clustering_growing_span.json" if args.growing_span else "clustering.json")
    runs = []
    for n in sorted(args.sizes):
        span_days = round(365 * n / min(args.sizes)) if args.growing_span else 365
        run: dict[str, Any] = {"n": n, "span_days": span_days}
        for kind in MEASUREMENTS:
            run[kind] = _child(kind, n, args.seed, args.batch, span_days)
            print(f"[{n}] {kind}: {run[kind]}", file=sys.stderr, flush=True)
        runs.append(run)
    growth = {f"{b['n']}/{a['n']}": _growth(a, b) for a, b in pairwise(runs)}
    if len(runs) > 2:  # first to last size too: the figure growth targets are stated in
        growth[f"{runs[-1]['n']}/{runs[0]['n']}"] = _growth(runs[0], runs[-1])
    report = {
        "batch": args.batch,
        "seed": args.seed,
        "growing_span": args.growing_span,
        "load_average_at_end": os.getloadavg(),
        "runs": runs,
        "growth": growth,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
