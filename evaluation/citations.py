"""Score explicit-citation extraction on the labelled dev corpus (../shared/corpus/dev).

Gold is the free-text `cited_source` field ("AP (dateline 'ATLANTA (AP) –')"; "The New York Times;
CNN ('...')"; null = the article credits no outlet). The extractor sees only `text` and `language`.

Splits: rules were developed on `articles_extra.jsonl` plus the even-numbered lines of
`articles.jsonl` ("dev"); the odd-numbered lines of `articles.jsonl` are "heldout". Both are reported,
with their union ("all"). Heldout was scored blind once (primary 0.767, recall 0.842, false credits
0.033); its error list then prompted four general fixes ("/ATS" alone on a line, "interview to X",
lower-case "le monde" read as an outlet, unknown names after "confirmed by"), so it is no longer blind.
The second round (issue 3) read per-article errors of "dev" only, plus fictional probe sentences and
unlabelled text (SemEval-2022 task 8, PolNeAR) to check new rules for false credits. Of "heldout" it saw
only the aggregate figures each run prints; once, when its false-credit count rose, rules were switched
off one at a time (aggregate count only) to find the cause: a French report verb reading past "à". The
results file records this under `looked_at`.

Metrics, over articles:
- primary_accuracy: articles with gold outlets whose primary predicted credit (`primary_source`) is
  one of them, canonicalised through the alias table;
- outlet_recall: gold outlets named by any predicted media credit;
- false_credit_rate: articles with null gold that get any named media credit.

Usage: python evaluation/citations.py [--shared ../shared] [--out evaluation/results/citations.json]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from storytrace.pipeline.lineage.citations import extract_citations, is_named_media, primary_source
from storytrace.pipeline.lineage.outlets import alias_key, canonical_outlet

ROOT = Path(__file__).resolve().parents[1]
_PAREN = re.compile(r"\s*\([^()]*\)")


def outlet_id(name: str) -> str:
    """A comparable id: the canonical outlet, else the normalised name (also tried without a prefix
    like "Israel's" so that "Israel's Channel 12" meets "Channel 12")."""
    words = name.split()
    for first in range(len(words)):
        if canonical := canonical_outlet(" ".join(words[first:])):
            return canonical
    return alias_key(name)


def gold_outlets(cited_source: str | None) -> list[str]:
    """Outlet ids named in a gold `cited_source` string; parenthesised remarks are dropped."""
    if not cited_source:
        return []
    while _PAREN.search(cited_source):  # remarks first: they may hold ";" themselves
        cited_source = _PAREN.sub("", cited_source)
    ids: list[str] = []
    for part in cited_source.split(";"):
        name = part.strip().strip("'\"")
        if name and (outlet := outlet_id(name)) not in ids:
            ids.append(outlet)
    return ids


def predicted_ids(text: str, language: str | None) -> list[str]:
    ids: list[str] = []
    for citation in extract_citations(text, language):
        if is_named_media(citation):
            outlet = citation.canonical or outlet_id(citation.source_name)
            if outlet not in ids:
                ids.append(outlet)
    return ids


def score(rows: list[dict]) -> dict:
    with_gold = hits = gold_total = found = null_total = false_credit = 0
    misses: list[dict] = []
    for row in rows:
        text, language = row["text"], row.get("language")
        gold = gold_outlets(row.get("cited_source"))
        predicted = predicted_ids(text, language)
        if not gold:
            null_total += 1
            if predicted:
                false_credit += 1
                misses.append({"id": row["id"], "gold": None, "predicted": predicted})
            continue
        with_gold += 1
        primary = primary_source(text, language)
        primary_id = (primary.canonical or outlet_id(primary.source_name)) if primary else None
        hits += primary_id in gold
        gold_total += len(gold)
        found += sum(outlet in predicted for outlet in gold)
        if primary_id not in gold or not set(gold) <= set(predicted):
            misses.append({"id": row["id"], "gold": gold, "primary": primary_id, "predicted": predicted})
    return {
        "articles": len(rows),
        "with_gold": with_gold,
        "primary_accuracy": round(hits / with_gold, 3) if with_gold else None,
        "gold_outlets": gold_total,
        "outlet_recall": round(found / gold_total, 3) if gold_total else None,
        "null_articles": null_total,
        "false_credit_rate": round(false_credit / null_total, 3) if null_total else None,
        "errors": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "evaluation" / "results" / "citations.json")
    args = parser.parse_args()
    corpus = args.shared / "corpus" / "dev"
    label_free = ("id", "text", "language", "cited_source")  # the extractor reads text and language only
    main_rows = [json.loads(line) for line in (corpus / "articles.jsonl").open(encoding="utf-8")]
    extra_rows = [json.loads(line) for line in (corpus / "articles_extra.jsonl").open(encoding="utf-8")]
    main_rows = [{key: row.get(key) for key in label_free} for row in main_rows]
    extra_rows = [{key: row.get(key) for key in label_free} for row in extra_rows]
    splits = {
        "dev": extra_rows + main_rows[0::2],
        "heldout": main_rows[1::2],
        "all": extra_rows + main_rows,
    }
    results: dict = {
        "developed_on": "articles_extra.jsonl + even lines of articles.jsonl; heldout = odd lines of articles.jsonl",
        "heldout_blind": False,
        "looked_at": {
            "per_article_errors": "dev only (articles_extra.jsonl + even lines of articles.jsonl)",
            "heldout": "aggregate figures only; round 1 read its error list (see module docstring); round 2 once "
            "switched rules off one at a time against its aggregate false-credit count (cause: a French report "
            "verb reading past 'à'); its per-article errors below were not read in round 2",
            "other": "fictional probe sentences; unlabelled SemEval-2022 task 8 and PolNeAR texts, to check "
            "new rules for false credits",
        },
    }
    for name, rows in splits.items():
        results[name] = score(rows)
    # Throughput in CPU time: the machine is shared, so wall-clock time mostly measures the neighbours.
    texts = [(row["text"], row["language"]) for row in splits["all"]]
    began = time.process_time()
    for _ in range(3):
        for text, language in texts:
            extract_citations(text, language)
    elapsed = time.process_time() - began
    results["articles_per_cpu_second"] = round(3 * len(texts) / elapsed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name in splits:
        summary = {key: value for key, value in results[name].items() if key != "errors"}
        print(name, summary)
    print("articles per CPU second", results["articles_per_cpu_second"])


if __name__ == "__main__":
    main()
