"""End-to-end score on ../shared/corpus/dev: ingest through `Corpus` exactly as a user would, then
score what the store holds — stories (B³ against `story`), derivations (against `relations`) and
primary cited sources (against `cited_source`).

Labels never reach the pipeline: every label field is stripped before the articles are written to
the JSONL that is ingested. The library-level evaluations (stories_dev.py, derivations_dev.py,
citations.py) measure single components; this one measures the system, candidates included.

    .venv/bin/python evaluation/pipeline_dev.py [--extra] [--out evaluation/results/pipeline_dev.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bcubed import bcubed
from citations import gold_outlets, outlet_id

from storytrace import Corpus
from storytrace.pipeline.lineage.citations import Citation, is_named_media
from storytrace.pipeline.lineage.provenance import components

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
INPUT_FIELDS = ("id", "url", "outlet", "date", "language", "text")  # everything else is a label
DERIVED = {"copy", "paraphrase", "translation", "same_wire"}


def load(extra: bool) -> list[dict]:
    files = ["articles.jsonl"] + (["articles_extra.jsonl"] if extra else [])
    return [
        json.loads(line)
        for name in files
        for line in (SHARED / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def write_derivation_errors(
    path: Path, records: list[dict], gold_pairs: dict[frozenset, str], derivations: list[dict], family: dict
) -> None:
    """One line per predicted pair the judges did not link (with its evidence) and per judged pair not found."""
    by_id = {r["id"]: r for r in records}

    def side(article_id: str) -> dict:
        r = by_id[article_id]
        return {"id": article_id, "outlet": r["outlet"], "date": r["date"], "language": r["language"]}

    found = {frozenset((d["source_id"], d["target_id"])): d for d in derivations}
    lines = [
        {
            "error": "unjudged",
            "same_family": len({family[i] for i in pair}) == 1,
            "kind": d["kind"],
            "score": d["score"],
            "source": side(d["source_id"]),
            "target": side(d["target_id"]),
            "evidence": d["evidence"][:3],
        }
        for pair, d in sorted(found.items(), key=lambda item: sorted(item[0]))
        if pair not in gold_pairs
    ] + [
        {"error": "missed", "gold_kind": kind, "pair": [side(i) for i in sorted(pair)]}
        for pair, kind in sorted(gold_pairs.items(), key=lambda item: sorted(item[0]))
        if pair not in found
    ]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--extra", action="store_true", help="also ingest articles_extra.jsonl")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "pipeline_dev.json")
    parser.add_argument("--errors", type=Path, help="write each missed and unjudged derivation pair here (JSONL)")
    args = parser.parse_args()
    records = load(args.extra)
    workdir = Path(tempfile.mkdtemp())
    feed = workdir / "dev.jsonl"
    feed.write_text(
        "".join(json.dumps({k: r[k] for k in INPUT_FIELDS if k in r}, ensure_ascii=False) + "\n" for r in records),
        encoding="utf-8",
    )
    start = time.perf_counter()
    with Corpus(workdir / "dev.db") as corpus:
        summary = corpus.ingest([str(feed)])
        seconds = time.perf_counter() - start
        stories = {a: s["story_id"] for s in corpus.stories(limit=None) for a in s["article_ids"]}
        members = {s["story_id"]: s["article_ids"] for s in corpus.stories(limit=None)}
        storylines = corpus.storylines()
        derivations = corpus.derivations()
        citations = corpus.citations()
        corpus.recluster()
        reclustered = {a: s["story_id"] for s in corpus.stories(limit=None) for a in s["article_ids"]}
    gold = {r["id"]: r["story"] for r in records}
    ids = [r["id"] for r in records]
    non_english = [r["id"] for r in records if r["language"] != "en"]
    recluster_scores = {
        "all": bcubed({i: reclustered[i] for i in ids}, {i: gold[i] for i in ids}),
        "agreement_with_incremental": bcubed({i: stories[i] for i in ids}, {i: reclustered[i] for i in ids}),
    }
    story_scores = {
        "all": bcubed({i: stories[i] for i in ids}, {i: gold[i] for i in ids}),
        "non_english": bcubed({i: stories[i] for i in non_english}, {i: gold[i] for i in non_english}),
    }

    known = set(ids)
    gold_pairs: dict[frozenset, str] = {}
    for r in records:
        for rel in r.get("relations") or []:
            if rel["type"] in DERIVED and rel["target"] in known:
                gold_pairs[frozenset((r["id"], rel["target"]))] = rel["type"]
    found = {frozenset((d["source_id"], d["target_id"])): d["kind"] for d in derivations}
    tp = len(set(found) & set(gold_pairs))
    cross_story = sorted((sorted(pair), kind) for pair, kind in found.items() if len({gold[i] for i in pair}) > 1)
    family = components(ids, [tuple(pair) for pair in gold_pairs])
    in_family = sum(1 for pair in found if len({family[i] for i in pair}) == 1)
    # The converse: judged pairs whose two articles the predicted links put in one family (both derive from a
    # third article, as when two outlets carry one wire text and the sibling link between them is left out).
    predicted_family = components(ids, [tuple(pair) for pair in found])
    joined = sum(1 for pair in gold_pairs if len({predicted_family[i] for i in pair}) == 1)
    per_kind = {}
    for kind in sorted(set(gold_pairs.values())):
        pairs = {p for p, k in gold_pairs.items() if k == kind}
        per_kind[kind] = {"gold": len(pairs), "recall": round(len(pairs & set(found)) / len(pairs), 3)}
    derivation_scores = {
        "gold_pairs": len(gold_pairs),
        "predicted": len(found),
        "true_positive": tp,
        "precision": round(tp / len(found), 3) if found else None,
        "recall": round(tp / len(gold_pairs), 3) if gold_pairs else None,
        "precision_within_gold_families": round(in_family / len(found), 3) if found else None,
        "recall_within_predicted_families": round(joined / len(gold_pairs), 3) if gold_pairs else None,
        "cross_story_share": round(len(cross_story) / len(found), 3) if found else None,
        "cross_story_pairs": cross_story,
        "recall_by_gold_type": per_kind,
        "predicted_kinds": {k: sum(1 for v in found.values() if v == k) for k in sorted(set(found.values()))},
    }

    if args.errors:
        write_derivation_errors(args.errors, records, gold_pairs, derivations, family)

    first_media: dict[str, str] = {}
    fields = ("source_name", "canonical", "source_kind", "cue", "sentence", "start", "end")
    for c in citations:
        if is_named_media(Citation(**{f: c[f] for f in fields})) and c["article_id"] not in first_media:
            first_media[c["article_id"]] = c["canonical"] or outlet_id(c["source_name"])
    credited = [r for r in records if r.get("cited_source")]
    correct = sum(1 for r in credited if first_media.get(r["id"]) in gold_outlets(r["cited_source"]))
    uncredited = [r for r in records if not r.get("cited_source")]
    citation_scores = {
        "articles_with_gold": len(credited),
        "primary_accuracy": round(correct / len(credited), 3) if credited else None,
        "false_credit_rate": round(sum(1 for r in uncredited if r["id"] in first_media) / len(uncredited), 3)
        if uncredited
        else None,
    }

    def majority(story_id: str) -> str:
        labels = [gold[a] for a in members[story_id]]
        return max(sorted(set(labels)), key=labels.count)

    storyline_report = [sorted({majority(s) for s in line["story_ids"]}) for line in storylines]
    report = {
        "articles": len(records),
        "ingest_seconds": round(seconds, 1),
        "articles_per_second": round(len(records) / seconds, 2),
        "rejected": summary.rejected_total,
        "stories": story_scores,
        "stories_recluster": recluster_scores,
        "storylines_by_gold_story": storyline_report,
        "derivations": derivation_scores,
        "citations": citation_scores,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
