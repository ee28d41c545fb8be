"""Search across languages on ../shared/corpus/dev: does a story's English headline find its other reports?

For every labelled story with an English article, the query is the first line (headline or lead) of its
first English article by id; the story's other articles are the relevant ones. Recall@k of them, overall and for
those in other languages, for full-text search alone (`lexical`), semantic alone and the fused default
(`hybrid`). Labels (`story`) choose queries and score results; they never reach the pipeline (the articles
are ingested with every label field stripped, as in pipeline_dev.py).

    .venv/bin/python evaluation/search_dev.py [--k 20] [--out evaluation/results/search_dev.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from pipeline_dev import INPUT_FIELDS, SHARED, load

from storytrace import Corpus
from storytrace.search import SearchMode


def _query(record: dict) -> str:
    """The article's first line (its headline, or its lead), without a seed-style date header, cut at 200."""
    first = re.sub(r"^\s*date \S+\s+", "", record["text"]).strip().split("\n", 1)[0]
    return first[:200]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "search_dev.json")
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"{SHARED} not found")
    records = load(False)
    stories: dict[str, list[dict]] = {}
    for record in records:
        if record.get("story"):
            stories.setdefault(record["story"], []).append(record)
    queries = {
        story: min((r for r in members if r["language"] == "en"), key=lambda r: r["id"])
        for story, members in stories.items()
        if len(members) > 1 and any(r["language"] == "en" for r in members)
    }
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "dev.jsonl"
        feed.write_text(
            "".join(json.dumps({k: r[k] for k in INPUT_FIELDS if k in r}, ensure_ascii=False) + "\n" for r in records),
            encoding="utf-8",
        )
        with Corpus(Path(tmp) / "dev.db") as corpus:
            corpus.ingest([str(feed)])
            report: dict[str, object] = {"queries": len(queries), "k": args.k}
            for mode in SearchMode:
                found = all_relevant = other_found = other_relevant = 0
                for story, query_record in queries.items():
                    hits = {h["id"] for h in corpus.search(_query(query_record), limit=args.k, mode=mode)}
                    relevant = [r for r in stories[story] if r["id"] != query_record["id"]]
                    other = [r for r in relevant if r["language"] != "en"]
                    found += sum(r["id"] in hits for r in relevant)
                    other_found += sum(r["id"] in hits for r in other)
                    all_relevant += len(relevant)
                    other_relevant += len(other)
                report[mode.value] = {
                    f"recall_at_{args.k}": round(found / all_relevant, 3),
                    f"recall_at_{args.k}_other_languages": round(other_found / other_relevant, 3),
                }
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
