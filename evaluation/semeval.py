"""SemEval-2022 Task 8 (multilingual news similarity): Pearson r of `pair_similarity` against −Overall.

Data: ../shared/datasets/semeval2022_task8/training_set.fixed.jsonl (1,283 text-bearing pairs of the
training portion; `Overall` 1 = very similar … 4 = very dissimilar). The pairs are split in two
halves by a hash of `pair_id`: the `tune` half chose the `SimilarityWeights` defaults (the grid of
Pearson r on it is written with the results), the `held_out` half is what the weights never saw.
Reported for all pairs, each half and each language pair, next to three baselines in the same run:
whole-document USE cosine (the encoder reads the head of each text), mean-sentence USE cosine, and
TF-IDF cosine over word tokens (same-language pairs only).

Every text is split and embedded once (sentences batched): about 7 CPU-minutes on this machine for
the first run, seconds afterwards (vectors cached in ~/.cache/storytrace, never in the repository).

Run: .venv/bin/python evaluation/semeval.py   (writes evaluation/results/semeval.json)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict
from pathlib import Path

import numpy as np

from storytrace.pipeline.embed import embed
from storytrace.pipeline.lineage.align import PreparedText, prepare, sentence_texts, tokenize
from storytrace.pipeline.lineage.similarity import SimilaritySignals, SimilarityWeights, combine, similarity_signals

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets" / "semeval2022_task8" / "training_set.fixed.jsonl"
RESULTS = ROOT / "evaluation" / "results" / "semeval.json"
FLOORS = (0.0, 0.1, 0.2, 0.3, 0.4)
# (whole-text weight, mean-sentence weight); alignment coverage gets 1 minus their sum.
WEIGHT_GRID = tuple((d / 10, s / 10) for d in range(11) for s in range(11 - d))
CACHE = Path.home() / ".cache" / "storytrace" / "semeval2022_embeddings.npz"
# Words, a run of characters outside the tokenizer's vocabulary and punctuation: what encoders and tokenizers differ on.
ENCODER_PROBE = "Prigozhin told Пригожин's men 肮咆哮 ---- on 24 June."


def half(pair_id: str) -> str:
    return "tune" if hashlib.md5(pair_id.encode()).digest()[0] % 2 == 0 else "held_out"


def pearson(x: list[float], y: list[float]) -> float | None:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return None
    return round(float(np.corrcoef(x, y)[0, 1]), 4)


def prepare_all(texts: dict[str, str | None], cache: Path) -> dict[str, PreparedText]:
    """Prepare each distinct text once, embedding all sentences and whole texts in batches.

    The vectors are kept in `cache` (outside the repository, keyed by the texts and by the encoder's vector of a
    probe text, so that a change of encoder or tokenizer re-encodes) so that a rerun or a weight search does not
    re-encode 20,000 sentences.
    """
    sentences = {text: sentence_texts(text) for text in texts}
    probe = embed([ENCODER_PROBE])[0].tobytes()
    key = hashlib.sha1("\x00".join(texts).encode() + probe).hexdigest()
    if cache.is_file() and (stored := np.load(cache))["key"] == key:
        sentence_vectors, document_vectors = stored["sentences"], stored["documents"]
    else:
        sentence_vectors = embed([s for text in texts for s in sentences[text]])
        document_vectors = embed(list(texts))
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, key=key, sentences=sentence_vectors, documents=document_vectors)
    prepared, offset = {}, 0
    for (text, language), document in zip(texts.items(), document_vectors, strict=True):
        count = len(sentences[text])
        prepared[text] = prepare(text, language, sentence_vectors[offset : offset + count], document)
        offset += count
    return prepared


def tfidf_cosines(rows: list[dict]) -> list[float | None]:
    """TF-IDF cosine per pair (IDF over all texts of the pair's language); None across languages."""
    documents: dict[str, Counter[str]] = {}
    frequency: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        for text, language in ((row["text1"], row["lang1"]), (row["text2"], row["lang2"])):
            if text not in documents:
                documents[text] = Counter(tokenize(text))
                frequency[language].update(documents[text].keys())
    totals = Counter(lang for row in rows for lang in (row["lang1"], row["lang2"]))

    def vector(text: str, language: str) -> dict[str, float]:
        weights = {
            t: (1 + math.log(c)) * math.log((1 + totals[language]) / (1 + frequency[language][t]))
            for t, c in documents[text].items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    scores: list[float | None] = []
    for row in rows:
        if row["lang1"] != row["lang2"]:
            scores.append(None)
            continue
        a, b = vector(row["text1"], row["lang1"]), vector(row["text2"], row["lang2"])
        scores.append(sum(w * b.get(t, 0.0) for t, w in a.items()))
    return scores


def correlations(rows: list[dict], scores: list[float | None]) -> dict:
    """Pearson r with −Overall for all scored pairs, each half and each language pair."""
    groups: dict[str, list[int]] = defaultdict(list)
    for k, row in enumerate(rows):
        if scores[k] is None:
            continue
        languages = "same_language" if row["lang1"] == row["lang2"] else "cross_language"
        for key in ("all", languages, f"half:{row['half']}", f"lang:{row['lang1']}-{row['lang2']}"):
            groups[key].append(k)
    return {
        key: {
            "pearson": pearson([scores[k] for k in ks], [-rows[k]["Overall"] for k in ks]),
            "pairs": len(ks),
        }
        for key, ks in sorted(groups.items())
    }


def fit(rows: list[dict], signals: list[SimilaritySignals]) -> list[dict]:
    """Pearson r on the tune half for every grid point (the basis of the SimilarityWeights defaults)."""
    tune = [k for k, r in enumerate(rows) if r["half"] == "tune"]
    target = [-rows[k]["Overall"] for k in tune]
    grid = []
    for floor in FLOORS:
        for document, sentence in WEIGHT_GRID:
            weights = SimilarityWeights(cosine_floor=floor, document_weight=document, sentence_weight=sentence)
            scores = [combine(signals[k], weights) for k in tune]
            grid.append({**asdict(weights), "pearson_tune": pearson(scores, target)})
    return sorted(grid, key=lambda g: g["pearson_tune"] or -1.0, reverse=True)


def run(path: Path, cache: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    rows = [dict(r, half=half(r["pair_id"])) for r in rows if r.get("text1") and r.get("text2")]
    texts: dict[str, str | None] = {}
    for row in rows:
        texts.setdefault(row["text1"], row["lang1"])
        texts.setdefault(row["text2"], row["lang2"])
    started = time.perf_counter()
    prepared = prepare_all(texts, cache)
    embedded = time.perf_counter() - started
    started = time.perf_counter()
    signals = [similarity_signals(prepared[r["text1"]], prepared[r["text2"]]) for r in rows]
    scored = time.perf_counter() - started
    weights = SimilarityWeights()
    ours = [combine(pair, weights) for pair in signals]
    whole = [pair.document_cosine for pair in signals]
    sentence_mean = [pair.sentence_cosine for pair in signals]
    return {
        "data": str(path),
        "pairs": len(rows),
        "target": "-Overall (1 = very similar ... 4 = very dissimilar)",
        "weights": asdict(weights),
        "tune_half_grid_best_first": fit(rows, signals),
        "timing_seconds": {"embed": round(embedded, 1), "alignment_and_cosine": round(scored, 1)},
        "pair_similarity": correlations(rows, ours),
        "baseline_whole_document_use_cosine": correlations(rows, whole),
        "baseline_mean_sentence_use_cosine": correlations(rows, sentence_mean),
        "baseline_tfidf_cosine_same_language": correlations(rows, tfidf_cosines(rows)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--cache", type=Path, default=CACHE, help="embedding cache (outside the repository)")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data} is absent; nothing to evaluate", file=sys.stderr)
        return 0
    result = run(args.data, args.cache)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for name in (
        "pair_similarity",
        "baseline_whole_document_use_cosine",
        "baseline_mean_sentence_use_cosine",
        "baseline_tfidf_cosine_same_language",
    ):
        figures = result[name]
        print(f"{name:40}", {k: v["pearson"] for k, v in figures.items() if not k.startswith("lang:")})
    print("weights", result["weights"], "timing", result["timing_seconds"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
