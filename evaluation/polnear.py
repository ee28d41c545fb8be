"""Attribution extraction on PolNeAR (brat standoff: Source, Cue, Content spans joined by E lines).

Reads ../shared/datasets/polnear/<split>/ at run time (never copied into the repo). Where several
annotators labelled an article, the lexicographically first annotator file is used. A predicted
attribution is matched one-to-one to a gold one by content span, greedily by token F1, under two
rules: "exact" (the same word tokens) and "overlap" (token F1 >= 0.5). For matched pairs the cue and
the source count as right when they share a word token with the gold span (a gold cue of punctuation alone,
the colon of "Ryan: …", when they share a character); the source is compared
at its mention in the sentence ("he"), which is what PolNeAR marks, and also after our pronoun
resolution ("resolved"). Precision divides by predictions (with a source, for source), recall by
gold attributions (with a source, for source). A triple is right when content matches, the cue
overlaps, and the source overlaps or both have none.

PolNeAR marks no attribution inside another's content (none of its 24,776, every annotator file of both splits
counted), while storytrace also reports the nested ones, with the outer source at the head of their chain
("According to one memo, Petrenko told an aide that …": the memo's attribution and Petrenko's inside it). The
figures therefore score the top-level attributions (`attribution.top_level`), as the scheme annotates; the same
figures over every attribution, nested ones included, are reported beside them (`with_nested`).

Also measures speed: extraction time over the split divided by a spaCy NER-only pass
(`select_pipes(enable=["ner"])`) over the same texts. Each timed pass runs cold in a fresh process (model
loaded and warmed on another text first): `parses.py` memoises the parses of a thread, so timing extraction
in the process of the main run would read the main run's parses instead of parsing.

    .venv/bin/python evaluation/polnear.py [--split dev] [--limit N] [--shared ../shared]
        [--out evaluation/results/polnear.json] [--errors errors.jsonl] [--fit]

`--errors FILE` writes one JSON line per error under overlap match, for error analysis: `missed` (a gold
attribution no prediction matches), `spurious` (a prediction matching no gold one), `cue` / `source`
(matched content, wrong cue or source), each with the sentence context and both sides' spans; misses and
spurious ones carry a `family` (see `_missed_family`), and a count per kind and family is printed.

`--fit` refits the English cue model on the train split (every cue candidate, labelled by whether it matches
a gold attribution by content) and writes `src/storytrace/pipeline/nlp/cue_model.json`; its threshold is the
one with the best cross-validated F1 on train. `--tune-threshold` then re-reads the threshold on the whole
extractor's train content F1 (see `tune_threshold`). Dev is for reporting only.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from storytrace.pipeline.nlp.attribution import (
    Attribution,
    CueCandidate,
    Span,
    accepted_attributions,
    attribution_candidates,
    extract_attributions,
    top_level,
)
from storytrace.pipeline.nlp.cue_model import MODEL_FILE, Example, fit_cue_model, load_cue_model
from storytrace.pipeline.nlp.cues import english_cues
from storytrace.pipeline.nlp.nlp_model import installed_model, load_nlp

ROOT = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"\w+")
_QUOTE_MARKS = "“\"«„‘'"

Ranges = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Gold:
    content: Ranges
    cue: Ranges
    source: Ranges | None


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    gold: list[Gold]


def _ranges(spec: str) -> Ranges:
    return tuple((int(a), int(b)) for a, b in (part.split() for part in spec.split(";")))


def load_split(shared: Path, split: str) -> list[Article]:
    """Articles of a split with the gold attributions of their first annotator file."""
    base = shared / "datasets" / "polnear" / split
    by_article: dict[str, Path] = {}
    for path in sorted((base / "attributions").glob("*.ann")):
        by_article.setdefault(path.stem.rsplit("_", 1)[0], path)
    articles = []
    for name, ann in sorted(by_article.items()):
        text = (base / "text" / f"{name}.txt").read_text(encoding="utf-8")
        spans: dict[str, Ranges] = {}
        events: list[dict[str, str]] = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if line.startswith("T") and len(fields) >= 2:
                spans[fields[0]] = _ranges(fields[1].split(" ", 1)[1])
            elif line.startswith("E") and len(fields) >= 2:
                events.append(dict(arg.split(":", 1) for arg in fields[1].split() if ":" in arg))
        gold = [
            Gold(spans[e["Content"]], spans[e["Cue"]], spans.get(e.get("Source", "")))
            for e in events
            if e.get("Content") in spans and e.get("Cue") in spans
        ]
        articles.append(Article(name, text, gold))
    return articles


class _Tokens:
    """Word-token indices of character ranges in one text."""

    def __init__(self, text: str) -> None:
        bounds = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self.starts = [s for s, _ in bounds]
        self.ends = [e for _, e in bounds]

    def of(self, ranges: Ranges | None) -> frozenset[int]:
        """Tokens overlapping any of the ranges."""
        if not ranges:
            return frozenset()
        return frozenset(
            i for start, end in ranges for i in range(bisect_right(self.ends, start), bisect_left(self.starts, end))
        )


def _f1(a: frozenset[int], b: frozenset[int]) -> float:
    common = len(a & b)
    return 0.0 if not common else 2 * common / (len(a) + len(b))


def _r(span: Span | None) -> Ranges | None:
    return None if span is None else ((span.start, span.end),)


@dataclass(frozen=True, slots=True)
class Predicted:
    """One cue's attribution; the parts of an interrupted quote ("“A,” he said, “B.”") are joined."""

    content: Ranges
    cue: Span
    source: Span | None
    mention: Span | None


def _join_parts(found: list[Attribution]) -> list[Predicted]:
    by_cue: dict[tuple[int, int], list[Attribution]] = {}
    for item in found:
        by_cue.setdefault((item.cue.start, item.cue.end), []).append(item)
    return [
        Predicted(
            tuple((a.content.start, a.content.end) for a in items), items[0].cue, items[0].source, items[0].mention
        )
        for items in by_cue.values()
    ]


def _cue_ok(tok: _Tokens, cue: Span, gold: Ranges) -> bool:
    """Whether the cues share a word token; a gold cue without a word (the colon of "Ryan: …") is compared by
    characters, as no word token can ever match it."""
    if tok.of(gold):
        return bool(tok.of(_r(cue)) & tok.of(gold))
    return any(cue.start < end and start < cue.end for start, end in gold)


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def _match(preds: Sequence[Predicted], gold: Sequence[Gold], tok: _Tokens, exact: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (pred, gold), greedily by content token F1."""
    candidates = []
    gold_tokens = [tok.of(g.content) for g in gold]
    for i, pred in enumerate(preds):
        p_tokens = tok.of(pred.content)
        for j, g_tokens in enumerate(gold_tokens):
            score = _f1(p_tokens, g_tokens)
            if (exact and p_tokens == g_tokens and p_tokens) or (not exact and score >= 0.5):
                candidates.append((score, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def score(articles: list[Article], found: list[list[Attribution]]) -> dict[str, object]:
    results: dict[str, object] = {}
    predictions = [_join_parts(items) for items in found]
    n_pred = sum(len(p) for p in predictions)
    n_gold = sum(len(a.gold) for a in articles)
    n_pred_src = sum(1 for p in predictions for a in p if a.source is not None)
    n_gold_src = sum(1 for a in articles for g in a.gold if g.source)
    for rule in ("exact", "overlap"):
        counts = dict.fromkeys(("content", "cue", "source", "source_resolved", "triple"), 0)
        direct_hits = direct_total = 0
        for article, preds in zip(articles, predictions, strict=True):
            tok = _Tokens(article.text)
            pairs = _match(preds, article.gold, tok, exact=rule == "exact")
            matched_gold = {j for _, j in pairs}
            for j, g in enumerate(article.gold):
                if article.text[g.content[0][0] : g.content[0][0] + 1] in _QUOTE_MARKS:
                    direct_total += 1
                    direct_hits += j in matched_gold
            for i, j in pairs:
                pred, g = preds[i], article.gold[j]
                counts["content"] += 1
                cue_ok = _cue_ok(tok, pred.cue, g.cue)
                counts["cue"] += cue_ok
                at_mention = pred.mention or pred.source
                source_ok = bool(g.source and at_mention and tok.of(_r(at_mention)) & tok.of(g.source))
                counts["source"] += source_ok
                counts["source_resolved"] += bool(
                    g.source and pred.source and tok.of(_r(pred.source)) & tok.of(g.source)
                )
                counts["triple"] += cue_ok and (source_ok or (g.source is None and pred.source is None))
        results[rule] = {
            "content": _prf(counts["content"], n_pred, n_gold),
            "cue": _prf(counts["cue"], n_pred, n_gold),
            "source": _prf(counts["source"], n_pred_src, n_gold_src),
            "source_resolved": _prf(counts["source_resolved"], n_pred_src, n_gold_src),
            "triple": _prf(counts["triple"], n_pred, n_gold),
            "direct_quote_recall": round(direct_hits / direct_total, 4) if direct_total else None,
        }
    results["counts"] = {"articles": len(articles), "gold": n_gold, "predicted": n_pred}
    return results


def _texts(text: str, ranges: Ranges | None) -> str | None:
    return None if not ranges else " … ".join(text[a:b] for a, b in ranges)


def _context(text: str, ranges: Ranges) -> str:
    """The lines around the spans, so an error can be read without opening the article."""
    start = text.rfind("\n", 0, min(a for a, _ in ranges)) + 1
    end = text.find("\n", max(b for _, b in ranges))
    return text[start : end if end >= 0 else len(text)]


def _gold_side(text: str, g: Gold) -> dict[str, str | None]:
    return {"content": _texts(text, g.content), "cue": _texts(text, g.cue), "source": _texts(text, g.source)}


def _pred_side(text: str, p: Predicted) -> dict[str, str | None]:
    at_mention = p.mention or p.source
    return {"content": _texts(text, p.content), "cue": p.cue.text, "source": at_mention.text if at_mention else None}


def error_records(articles: list[Article], found: list[list[Attribution]]) -> list[dict[str, object]]:
    """Misses, spurious predictions, and wrong cues or sources of matched pairs (overlap match)."""
    records: list[dict[str, object]] = []
    for article, items in zip(articles, found, strict=True):
        preds, text = _join_parts(items), article.text
        tok = _Tokens(text)
        pairs = _match(preds, article.gold, tok, exact=False)
        for i, j in pairs:
            pred, g = preds[i], article.gold[j]
            at_mention = pred.mention or pred.source
            wrong_cue = not _cue_ok(tok, pred.cue, g.cue)
            wrong_source = bool(g.source) and not (at_mention and tok.of(_r(at_mention)) & tok.of(g.source))
            for kind in ("cue",) * wrong_cue + ("source",) * wrong_source:
                side = {"gold": _gold_side(text, g), "pred": _pred_side(text, pred)}
                records.append({"article": article.name, "kind": kind, **side, "context": _context(text, g.content)})
        matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
        for j, g in enumerate(article.gold):
            if j not in matched_g:
                context = _context(text, g.content + g.cue)
                family = _missed_family(text, g, preds, tok)
                records.append({
                    "article": article.name, "kind": "missed", "family": family, "gold": _gold_side(text, g),
                    "context": context,
                })
        for i, p in enumerate(preds):
            if i not in matched_p:
                context = _context(text, (*p.content, (p.cue.start, p.cue.end)))
                on_gold_cue = any(_cue_ok(tok, p.cue, g.cue) for g in article.gold)
                records.append({
                    "article": article.name, "kind": "spurious",
                    "family": "gold_cue_other_content" if on_gold_cue else "not_a_gold_cue",
                    "pred": _pred_side(text, p), "context": context,
                })
    return records


def _missed_family(text: str, g: Gold, preds: Sequence[Predicted], tok: _Tokens) -> str:
    """Why a gold attribution was missed: its cue was read with other content, its cue word is in the
    lexicon but gave nothing, or no word of its cue is in the lexicon (its sentence may not even be parsed)."""
    if any(_cue_ok(tok, p.cue, g.cue) for p in preds):
        return "cue_read_other_content"
    forms = english_cues().surface_forms
    words = (w.lower() for start, end in g.cue for w in _WORD.findall(text[start:end]))
    return "cue_word_not_read" if any(w in forms for w in words) else "cue_word_not_in_lexicon"


def error_summary(records: list[dict[str, object]]) -> dict[str, int]:
    """Counts of error records by kind and family, for the printed overview."""
    counts: dict[str, int] = {}
    for record in records:
        key = f"{record['kind']}/{record['family']}" if "family" in record else str(record["kind"])
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def candidate_labels(article: Article, candidates: Sequence[CueCandidate]) -> list[bool]:
    """Whether each candidate matches a gold attribution one-to-one by content (overlap rule), as `score` counts
    a content hit; where several candidates could take one gold attribution, one with the gold cue goes first."""
    tok = _Tokens(article.text)
    gold_tokens = [tok.of(g.content) for g in article.gold]
    pairs = []
    for i, candidate in enumerate(candidates):
        content = tok.of(tuple((a.content.start, a.content.end) for a in candidate.attributions))
        for j, g in enumerate(article.gold):
            f1 = _f1(content, gold_tokens[j])
            if f1 >= 0.5:
                pairs.append((_cue_ok(tok, candidate.attributions[0].cue, g.cue), f1, i, j))
    labels = [False] * len(candidates)
    used: set[int] = set()
    for _, _, i, j in sorted(pairs, reverse=True):
        if not labels[i] and j not in used:
            labels[i] = True
            used.add(j)
    return labels


def fit(articles: list[Article], out: Path) -> dict[str, float]:
    """Fit the cue model on `articles` (the train split) and write it to `out`; returns the CV report."""
    found = attribution_candidates([a.text for a in articles], load_nlp("en"))
    examples = [
        Example(c.lemma, c.features, label, group)
        for group, (article, candidates) in enumerate(zip(articles, found, strict=True))
        for c, label in zip(candidates, candidate_labels(article, candidates), strict=True)
    ]
    model, report = fit_cue_model(examples, sum(len(a.gold) for a in articles))
    out.write_text(json.dumps(model.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


# Decision thresholds tried by `--tune-threshold` (the cue model's probabilities).
THRESHOLD_GRID = tuple(round(0.30 + 0.01 * step, 2) for step in range(21))


def tune_threshold(articles: list[Article], model_file: Path) -> dict[str, object]:
    """Set the cue model's threshold to the one with the best overlap content F1 of the whole extractor on
    `articles` (the train split), and write it to `model_file`. `--fit` picks its threshold by the out-of-fold F1
    of single candidates; the extractor's output differs from the candidates (parts of one cue are one
    attribution, duplicates are merged and nested ones chained), and the candidates change with every rule after a fit,
    so the threshold is re-read on the output itself. It is read on every attribution, nested ones included: the
    threshold serves the whole output, and scored on top-level attributions alone (the figures' scheme) the best
    train threshold falls to 0.28, which accepts more nested attributions than it gains (train, every attribution:
    content precision 0.798 -> 0.742), so the figures' scheme was not used to choose it.
    Returns content and source F1 per threshold."""
    model = load_cue_model(model_file)
    found = attribution_candidates([a.text for a in articles], load_nlp("en"))
    by_threshold: dict[float, dict[str, float]] = {}
    for threshold in THRESHOLD_GRID:
        predictions = [accepted_attributions(candidates, model, threshold) for candidates in found]
        overlap = score(articles, predictions)["overlap"]
        by_threshold[threshold] = {"content": overlap["content"]["f1"], "source": overlap["source"]["f1"]}
    best = max(THRESHOLD_GRID, key=lambda t: (by_threshold[t]["content"], by_threshold[t]["source"]))
    raw = json.loads(model_file.read_text(encoding="utf-8"))
    raw["threshold"] = best
    model_file.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"threshold": best, "by_threshold": by_threshold}


def _timed_pass(kind: str, texts: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one pass over `texts` in this process: extraction ("extraction") or NER alone."""
    nlp = load_nlp("en")
    extract_attributions("The mayor said the bridge was safe.", nlp=nlp)  # loads both models outside the timing
    wall, cpu = time.perf_counter(), time.process_time()
    if kind == "ner":
        with nlp.select_pipes(enable=["ner"]):
            for _doc in nlp.pipe(texts):
                pass
    else:
        for text in texts:
            extract_attributions(text, nlp=nlp)
    return time.perf_counter() - wall, time.process_time() - cpu


def throughput(texts: list[str]) -> dict[str, float]:
    """Seconds for extraction and for an NER-only pass over the same texts, each cold in a fresh process (one
    at a time, so one core), best of two."""
    timings: dict[str, float] = {}
    spawn = multiprocessing.get_context("spawn")
    for _ in range(2):
        for kind in ("ner", "extraction"):
            with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
                wall, cpu = pool.submit(_timed_pass, kind, texts).result()
            for name, value in ((f"{kind}_seconds", wall), (f"{kind}_cpu_seconds", cpu)):
                timings[name] = min(timings.get(name, value), value)
    words = sum(len(t.split()) for t in texts)
    timings["words"] = words
    timings["ratio_extraction_over_ner"] = round(timings["extraction_seconds"] / timings["ner_seconds"], 3)
    timings["cpu_ratio_extraction_over_ner"] = round(timings["extraction_cpu_seconds"] / timings["ner_cpu_seconds"], 3)
    timings["extraction_words_per_second"] = round(words / timings["extraction_seconds"])
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (development)")
    parser.add_argument("--no-speed", action="store_true", help="skip the timing runs")
    parser.add_argument("--out", type=Path, default=None, help="default: evaluation/results/polnear.json for dev")
    parser.add_argument("--errors", type=Path, default=None, help="write overlap-match errors as JSONL here")
    parser.add_argument("--fit", action="store_true", help=f"fit the cue model on train, write {MODEL_FILE.name}")
    parser.add_argument(
        "--tune-threshold", action="store_true", help="set the cue model's threshold by train content F1 (after --fit)"
    )
    args = parser.parse_args()
    if args.fit:
        report = fit(load_split(args.shared, "train"), MODEL_FILE)
        print(f"cue model written to {MODEL_FILE}:", json.dumps(report))
    if args.tune_threshold:
        report = tune_threshold(load_split(args.shared, "train"), MODEL_FILE)
        print(f"threshold written to {MODEL_FILE}:", json.dumps(report))
    if args.fit or args.tune_threshold:
        return
    articles = load_split(args.shared, args.split)
    if args.limit:
        articles = articles[: args.limit]
    nlp = load_nlp("en")
    every = [extract_attributions(a.text, nlp=nlp) for a in articles]
    predictions = [top_level(found) for found in every]
    results = {"split": args.split, "model": installed_model("en"), **score(articles, predictions)}
    with_nested = score(articles, every)
    results["with_nested"] = {rule: with_nested[rule] for rule in ("exact", "overlap")}
    if args.errors is not None:
        records = error_records(articles, predictions)
        with args.errors.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        print("errors:", ", ".join(f"{key} {count}" for key, count in error_summary(records).items()))
    if not args.no_speed:
        results["speed"] = throughput([a.text for a in articles])
    print(
        f"PolNeAR {args.split}: {len(articles)} articles, gold {results['counts']['gold']}, "
        f"predicted {results['counts']['predicted']}"
    )
    print(f"{'match':8} {'part':16} {'P':>6} {'R':>6} {'F1':>6}")
    for rule in ("exact", "overlap"):
        for part in ("content", "cue", "source", "source_resolved", "triple"):
            m = results[rule][part]
            print(f"{rule:8} {part:16} {m['p']:6.3f} {m['r']:6.3f} {m['f1']:6.3f}")
        print(f"{rule:8} direct-quote recall {results[rule]['direct_quote_recall']}")
    nested = results["with_nested"]["overlap"]
    print(
        f"with nested attributions (overlap): content F1 {nested['content']['f1']:.3f}, "
        f"source F1 {nested['source']['f1']:.3f}, cue F1 {nested['cue']['f1']:.3f}"
    )
    speed = results.get("speed")
    if speed:
        print(
            f"speed: extraction {speed['extraction_seconds']}s vs NER-only {speed['ner_seconds']}s "
            f"= {speed['ratio_extraction_over_ner']}x ({speed['extraction_words_per_second']} words/s); "
            f"CPU {speed['extraction_cpu_seconds']}s vs {speed['ner_cpu_seconds']}s "
            f"= {speed['cpu_ratio_extraction_over_ner']}x (cold, fresh processes)"
        )
    out = args.out or (
        ROOT / "evaluation" / "results" / "polnear.json" if args.split == "dev" and not args.limit else None
    )
    if out is not None:
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
