"""Derivation detection on the labelled dev corpus: align + classify every same-story pair.

Inputs to the library are only id, text, language and date; the labels (`story`, `relations`) pick
the pairs and score them. Pairs scored: every pair of articles in one gold story, plus a seeded
sample of cross-story pairs as negatives. Each pair is oriented earlier → later by date and scored
undirected against `relations`.

Two splits:
- `development`: pairs with at least one article from articles_extra.jsonl;
- `report`: pairs of two articles of articles.jsonl.
Caveat, measured honestly: the development split holds only 6 gold links inside the candidate
pairs, too few to set thresholds on, so the thresholds in align.AlignSettings and
kinds.KindThresholds were chosen looking at feature distributions of both splits (and the
fictional test cases). The report figures are therefore not a clean held-out measurement. The rules
added later (KindThresholds.min_unquoted_run / min_run_coverage, verify.without_redundant) were set
from a priori reasons and feature distributions, then checked on two halves of the stories (odd and
even story numbers) end to end: a small grid fitted on one half did not carry over to the other (F1
0.743 → 0.696-0.723 and 0.800 → 0.605), so the defaults were left as reasoned, not fitted. Pair-level
rows carry `unquoted_run` and the rule (`basis`) that accepted a pair. This script scores alignment and
classification only; the redundancy filter (`verify.without_redundant`) acts on an article's candidate
set and is measured end to end by pipeline_dev.py. Each split is also scored on the two halves of the
stories (`halves`: odd and even story numbers, S01/S03/... and S02/S04/..., distractors X01-X04 alike),
so that a rule developed on one half can be checked on the other; a pair of articles from stories of
both halves (a cross-story negative) counts in both.

Gold: a pair is "derived" when either article has a copy / paraphrase / translation / same_wire
relation to the other. Relations are sparse (two articles that both carry one wire text are often
linked only to a third), so precision is also given against the transitive closure of those links
("derived_closure"): a predicted link between two articles of one closure component is not counted
as a false positive there. Strict per-kind figures map gold copy to predicted duplicate/copy/excerpt,
paraphrase to paraphrase, translation to translation.

Run: .venv/bin/python evaluation/derivations_dev.py  (writes evaluation/results/derivations_dev.json)
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from storytrace.pipeline.embed import embed
from storytrace.pipeline.lineage.align import PreparedText, align_prepared, prepare, sentence_texts
from storytrace.pipeline.lineage.kinds import PairVerdict, classify_pair
from storytrace.pipeline.lineage.provenance import components

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
RESULTS = ROOT / "evaluation" / "results" / "derivations_dev.json"
DERIVATION_TYPES = ("copy", "paraphrase", "translation", "same_wire")
# Gold kind → the predicted kinds that count as the same kind in the strict figures.
STRICT_KINDS = {
    "copy": {"duplicate", "copy", "excerpt"},
    "paraphrase": {"paraphrase"},
    "translation": {"translation"},
}
NEGATIVE_SAMPLE = 400
SPLITS = ("development", "report")


def load(path: Path, split: str) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [dict(json.loads(line), split=split) for line in handle if line.strip()]


def gold_links(articles: list[dict]) -> tuple[dict[frozenset[str], str], dict[str, int]]:
    """Undirected derivation links (pair → relation type) and the closure component of each article."""
    ids = {a["id"] for a in articles}
    links: dict[frozenset[str], str] = {}
    for article in articles:
        for relation in article.get("relations") or []:
            if relation["type"] in DERIVATION_TYPES and relation["target"] in ids:
                links.setdefault(frozenset((article["id"], relation["target"])), relation["type"])
    return links, components(ids, [tuple(pair) for pair in links])


def prepared_articles(articles: list[dict]) -> dict[str, PreparedText]:
    """Prepare every article once, embedding all sentences in one batch (the cache a caller would keep)."""
    sentences = {a["id"]: sentence_texts(a["text"]) for a in articles}
    flat = [s for a in articles for s in sentences[a["id"]]]
    vectors = embed(flat)
    prepared: dict[str, PreparedText] = {}
    offset = 0
    for article in articles:
        count = len(sentences[article["id"]])
        prepared[article["id"]] = prepare(article["text"], article["language"], vectors[offset : offset + count])
        offset += count
    return prepared


def candidate_pairs(articles: list[dict], seed: int = 13) -> list[tuple[dict, dict]]:
    """All same-story pairs plus a seeded sample of cross-story pairs, each ordered earlier → later."""
    same = [(a, b) for a, b in itertools.combinations(articles, 2) if a["story"] == b["story"]]
    cross = [(a, b) for a, b in itertools.combinations(articles, 2) if a["story"] != b["story"]]
    pairs = same + random.Random(seed).sample(cross, min(NEGATIVE_SAMPLE, len(cross)))
    return [tuple(sorted(pair, key=lambda a: (a["date"] or "", a["id"]))) for pair in pairs]


def story_half(story: str) -> str:
    """"odd" or "even": the parity of the story number (S07 → odd, X02 → even)."""
    return "odd" if int(story[1:]) % 2 else "even"


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def score(rows: list[dict]) -> dict:
    """Derived-level, closure-level and strict per-kind figures for one split."""
    derived = Counter()
    closure_fp = 0
    for row in rows:
        predicted, gold = row["predicted"] is not None, row["gold"] is not None
        derived[(predicted, gold)] += 1
        closure_fp += predicted and not gold and not row["same_component"]
    tp, fp, fn = derived[(True, True)], derived[(True, False)], derived[(False, True)]
    strict = {}
    for gold_kind, accepted in STRICT_KINDS.items():
        k_tp = sum(r["gold"] == gold_kind and r["predicted"] in accepted for r in rows)
        k_fn = sum(r["gold"] == gold_kind and r["predicted"] not in accepted for r in rows)
        k_fp = sum(r["predicted"] in accepted and r["gold"] not in {gold_kind, "same_wire"} for r in rows)
        strict[gold_kind] = prf(k_tp, k_fp, k_fn)
    confusion = Counter(f"{r['gold'] or 'none'} -> {r['predicted'] or 'none'}" for r in rows)
    return {
        "pairs": len(rows),
        "gold_links": sum(r["gold"] is not None for r in rows),
        "derived": prf(tp, fp, fn),
        "derived_closure": prf(tp + (fp - closure_fp), closure_fp, fn),
        "cross_story_predicted": sum(r["predicted"] is not None and not r["same_story"] for r in rows),
        "strict": strict,
        "confusion": dict(sorted(confusion.items())),
        "recall_by_gold_type": {
            kind: round(
                sum(r["gold"] == kind and r["predicted"] is not None for r in rows)
                / max(1, sum(r["gold"] == kind for r in rows)),
                3,
            )
            for kind in DERIVATION_TYPES
        },
    }


def run(corpus: Path) -> dict:
    labelled = load(corpus / "articles.jsonl", "report") + load(corpus / "articles_extra.jsonl", "development")
    links, component = gold_links(labelled)
    # Only these fields reach the library.
    inputs = [{k: a[k] for k in ("id", "text", "language", "date")} for a in labelled]
    started = time.perf_counter()
    prepared = prepared_articles(inputs)
    embedded = time.perf_counter() - started
    meta = {a["id"]: a for a in labelled}
    rows = []
    started = time.perf_counter()
    for earlier, later in candidate_pairs(labelled):
        alignment = align_prepared(prepared[earlier["id"]], prepared[later["id"]])
        verdict: PairVerdict | None = classify_pair(alignment, earlier["language"], later["language"])
        rows.append(
            {
                "earlier": earlier["id"],
                "later": later["id"],
                "split": "report" if earlier["split"] == later["split"] == "report" else "development",
                "gold": links.get(frozenset((earlier["id"], later["id"]))),
                "predicted": verdict.kind if verdict else None,
                "score": round(verdict.score, 3) if verdict else 0.0,
                "same_story": meta[earlier["id"]]["story"] == meta[later["id"]]["story"],
                "halves": sorted({story_half(meta[earlier["id"]]["story"]), story_half(meta[later["id"]]["story"])}),
                "same_component": component[earlier["id"]] == component[later["id"]],
                "languages": f"{earlier['language']}-{later['language']}",
                "pairs": len(alignment.pairs),
                "coverage_shorter": round(alignment.shorter_coverage, 3),
                "coverage_longer": round(alignment.longer_coverage, 3),
                "containment_shorter": round(alignment.shorter_containment, 3),
                "run": alignment.longest_verbatim_run,
                "unquoted_run": alignment.longest_unquoted_run,
                "basis": verdict.basis if verdict else None,
                "mean_score": round(alignment.mean_score, 3),
            }
        )
    aligned = time.perf_counter() - started
    errors = [r for r in rows if (r["predicted"] is None) != (r["gold"] is None)]
    return {
        "corpus": str(corpus),
        "timing_seconds": {
            "embed_all_sentences": round(embedded, 1),
            "align_and_classify": round(aligned, 1),
            "pairs_per_second": round(len(rows) / aligned, 1),
        },
        "splits": {split: score([r for r in rows if r["split"] == split]) for split in SPLITS},
        "halves": {
            half: {split: score([r for r in rows if r["split"] == split and half in r["halves"]]) for split in SPLITS}
            for half in ("odd", "even")
        },
        "errors": sorted(errors, key=lambda r: (r["split"], r["earlier"])),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not (args.corpus / "articles.jsonl").is_file():
        print(f"{args.corpus} is absent; nothing to evaluate", file=sys.stderr)
        return 0
    result = run(args.corpus)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for split, figures in result["splits"].items():
        print(split, "derived", figures["derived"], "closure", figures["derived_closure"])
        print("  strict", figures["strict"])
    for half, splits in result["halves"].items():
        for split, figures in splits.items():
            print(half, split, "derived", figures["derived"])
    print("timing", result["timing_seconds"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
