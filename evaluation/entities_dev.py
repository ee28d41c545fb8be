"""Entity extraction and cross-document resolution over the seed articles and the dev corpus.

Reads ../shared/seeds/*.txt and ../shared/corpus/dev/articles.jsonl at run time, using only each
article's id, text and language (no labels). Articles are resolved one at a time in file order, each
extraction seeing the entities resolved so far (as a news stream would). Writes the counts, the top 60
entities by article count with their aliases and descriptors, a check of the seed name families, and
throughput: extraction + resolution against a plain spaCy NER-only pass of the English model over the
same texts (the naive baseline), both timed on this machine.

    .venv/bin/python evaluation/entities_dev.py     # writes evaluation/results/entities_dev.json
    .venv/bin/python evaluation/entities_dev.py --top 0 --no-timing --out /tmp/entities.json  # every entity

Every entity with its aliases is what a reviewer reads to count wrong merges (distinct things joined)
and missed merges (variants of one thing left apart); `--top 0` lists them all.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from storytrace.pipeline.nlp.entities import extract_mentions
from storytrace.pipeline.nlp.nlp_model import load_nlp
from storytrace.pipeline.nlp.resolve import EntityResolver

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OUT = ROOT / "evaluation" / "results" / "entities_dev.json"
SEED_FAMILIES = ("Prigozhin", "Budanov", "Kyiv", "HUR", "Putin", "Zelensky")


def load_articles() -> list[tuple[str, str, str]]:
    """(id, text, language) for the seeds, then the dev corpus."""
    articles = [
        (f"seed:{path.stem}", path.read_text(encoding="utf-8"), "en")
        for path in sorted((SHARED / "seeds").glob("*.txt"))
    ]
    with (SHARED / "corpus" / "dev" / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            articles.append((row["id"], row["text"], row["language"] or "en"))
    return articles


def run_resolution(articles: list[tuple[str, str, str]]) -> tuple[EntityResolver, int, float]:
    """Extract and resolve every article; returns the resolver, the mention count and the seconds taken."""
    resolver = EntityResolver()
    for language in {language for _, _, language in articles}:
        load_nlp(language)  # model loading is not part of the timing
    mentions = 0
    started = time.perf_counter()
    for article_id, text, language in articles:
        found = extract_mentions(text, language, known=resolver)
        resolver.resolve(article_id, found, text, language)
        mentions += len(found)
    return resolver, mentions, time.perf_counter() - started


def run_ner_baseline(articles: list[tuple[str, str, str]]) -> float:
    """Seconds for a plain English NER-only spaCy pass over the same texts."""
    nlp = load_nlp("en")
    started = time.perf_counter()
    with nlp.select_pipes(enable=["ner"]):
        for _, text, _ in articles:
            nlp(text)
    return time.perf_counter() - started


def throughput(articles: list[tuple[str, str, str]], seconds: float) -> dict[str, object]:
    """Extraction + resolution time against the NER-only baseline, for all articles and English alone."""
    english = [a for a in articles if a[2] == "en"]
    run_ner_baseline(english[:5])  # warm-up
    _, _, seconds_en = run_resolution(english)
    baseline_all = run_ner_baseline(articles)
    baseline_en = run_ner_baseline(english)
    characters = sum(len(text) for _, text, _ in articles)
    return {
        "extract_and_resolve_seconds": round(seconds, 3),
        "articles_per_second": round(len(articles) / seconds, 1),
        "characters_per_second": round(characters / seconds),
        "spacy_ner_only_seconds_same_texts": round(baseline_all, 3),
        "ratio_vs_ner_only": round(seconds / baseline_all, 2),
        "english_only": {
            "articles": len(english),
            "extract_and_resolve_seconds": round(seconds_en, 3),
            "spacy_ner_only_seconds": round(baseline_en, 3),
            "ratio_vs_ner_only": round(seconds_en / baseline_en, 2),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT, help=f"result file (default {OUT.relative_to(ROOT)})")
    parser.add_argument("--top", type=int, default=60, help="entities listed, by article count; 0 lists all")
    parser.add_argument("--no-timing", action="store_true", help="skip the throughput runs (resolution only)")
    args = parser.parse_args()
    articles = load_articles()
    resolver, mention_count, seconds = run_resolution(articles)
    entities = resolver.entities()
    listed = entities[: args.top] if args.top > 0 else entities
    families = {}
    for name in SEED_FAMILIES:
        entity = resolver.find(name)
        families[name] = (
            {
                "entity_id": entity.entity_id,
                "name": entity.name,
                "type": entity.type,
                "aliases": entity.aliases,
            }
            if entity
            else None
        )
    result = {
        "data": "../shared/seeds (3) + ../shared/corpus/dev/articles.jsonl; id, text and language only",
        "articles": len(articles),
        "articles_by_language": dict(Counter(language for _, _, language in articles).most_common()),
        "mentions": mention_count,
        "entities": len(entities),
        "entities_by_type": dict(Counter(e.type for e in entities).most_common()),
        "entities_in_2_or_more_articles": sum(1 for e in entities if len(e.article_ids) > 1),
        "entities_with_spelling_variants": sum(
            1 for e in entities if len({a.lower() for a in e.aliases}) > 1 and e.type == "PERSON"
        ),
        "throughput": None if args.no_timing else throughput(articles, seconds),
        "seed_families": families,
        (f"top_{args.top}_by_article_count" if args.top > 0 else "all_by_article_count"): [
            {
                "entity_id": e.entity_id,
                "name": e.name,
                "type": e.type,
                "articles": len(e.article_ids),
                "aliases": e.aliases,
                "descriptors": e.descriptors[:5],
            }
            for e in listed
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    summary = {k: v for k, v in result.items() if not k.endswith("_by_article_count") and k != "seed_families"}
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
