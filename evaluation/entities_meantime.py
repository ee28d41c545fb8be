"""Cross-document entity resolution on NewsReader MEANTIME (English): how well named mentions are found and
joined into entities across 120 Wikinews articles, against the corpus's cross-document entity instances.

Reads ../shared/datasets/meantime_en/intra_cross-doc_annotation/<corpus>/*.xml at run time (never copied into
the repository). Each article's tokens are joined back into text, sentences on lines (`tempeval.meantime_text`,
the reader of the timex evaluation), its creation time (the annotated DCT) is its publication date, and the
articles go through `extract_mentions` and `EntityResolver.resolve` one at a time in date order, as a news stream
would; nothing of the annotation but the tokens and the DCT reaches the library.

Gold: the named entity mentions (syntactic type NAM, and PRE.NAM, a name used as a premodifier: "U.S.
automaker") with the cross-document instance their REFERS_TO relation gives (a mention of an entity with no
cross-document instance is its own document's entity). A predicted mention matches the gold mention it overlaps
most (each at most one). Scores:

- mention detection: recall of gold named mentions; precision of predicted mentions, counting as right any that
  overlaps an annotated entity mention of any syntactic type (MEANTIME marks names, descriptions and pronouns
  of persons, organisations, places, products and financial entities; dates and nationalities are not marked);
- cross-document coreference over the gold named mentions: MUC, B-cubed, CEAF-e and their mean, the CoNLL-2012
  F1 (scorch, the reference scorer's formulas), with the system's entity ids as the response (a gold mention
  the system did not find is missing from the response, which costs recall), over all 120 articles at once
  and within each of the four sub-corpora (the usual setting of cross-document coreference on MEANTIME);
- baselines on the same detected mentions, so that the difference is resolution alone: one entity per
  case-folded surface string (exact match), and per head word (the last token).

    .venv/bin/python evaluation/entities_meantime.py [--shared ../shared] [--out FILE.json] [--errors FILE.jsonl]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scorch.scores import b_cubed, ceaf_e, muc
from tempeval import meantime_text, timex_date

from storytrace.pipeline.nlp.entities import Mention, extract_mentions
from storytrace.pipeline.nlp.nlp_model import load_nlp
from storytrace.pipeline.nlp.resolve import EntityResolver

ROOT = Path(__file__).resolve().parents[1]
NAMED = frozenset({"NAM", "PRE.NAM"})


@dataclass
class GoldMention:
    """A named mention of the annotation: its characters in the rebuilt text and its entity."""

    start: int
    end: int
    text: str
    entity: str
    syntactic_type: str


@dataclass
class Article:
    """One MEANTIME article rebuilt as text, with its date, sub-corpus and annotated mentions."""

    id: str
    corpus: str
    text: str
    published: dt.date | None
    named: list[GoldMention] = field(default_factory=list)
    annotated: list[tuple[int, int]] = field(default_factory=list)  # every entity mention's characters


def load_article(path: Path) -> Article:
    root = ET.parse(path).getroot()
    text, offsets = meantime_text(root)
    markables = root.find("Markables")
    published = None
    mentions: dict[str, tuple[int, int, str]] = {}
    instances: dict[str, str] = {}
    for element in markables if markables is not None else ():
        if element.tag == "TIMEX3" and element.get("functionInDocument") == "CREATION_TIME":
            published = timex_date(element.get("value", ""))
        elif element.tag == "ENTITY_MENTION":
            anchors = [offsets[a.get("t_id", "")] for a in element.iter("token_anchor") if a.get("t_id") in offsets]
            if anchors:
                kind = element.get("syntactic_type", "")
                mentions[element.get("m_id", "")] = (anchors[0][0], anchors[-1][1], kind)
        elif element.tag == "ENTITY":
            local = f"{root.get('doc_id')}:{element.get('m_id')}"  # no cross-document instance: this article's
            instances[element.get("m_id", "")] = element.get("instance_id") or local
    article = Article(root.get("doc_id", path.stem), path.parent.name, text, published)
    article.annotated = sorted((start, end) for start, end, _ in mentions.values())
    relations = root.find("Relations")
    for relation in relations.iter("REFERS_TO") if relations is not None else ():
        target = relation.find("target")
        entity = instances.get(target.get("m_id", "")) if target is not None else None
        for source in relation.iter("source"):
            found = mentions.get(source.get("m_id", ""))
            if entity is not None and found is not None and found[2] in NAMED:
                start, end, kind = found
                article.named.append(GoldMention(start, end, text[start:end], entity, kind))
    article.named.sort(key=lambda m: (m.start, m.end))
    return article


def load_meantime(shared: Path) -> list[Article]:
    """The 120 articles in stream order: creation date, then id."""
    folder = shared / "datasets" / "meantime_en" / "intra_cross-doc_annotation"
    articles = [load_article(path) for path in sorted(folder.glob("*/*.xml"))]
    return sorted(articles, key=lambda a: (a.published or dt.date.min, a.id))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: list[GoldMention], predicted: list[tuple[Mention, str]]) -> dict[int, tuple[Mention, str]]:
    """Gold mention index → the predicted (mention, entity id) overlapping it most, each used once (largest
    overlaps first)."""
    candidates = sorted(
        (
            (-_overlap((g.start, g.end), (m.start, m.end)), gi, pi)
            for gi, g in enumerate(gold)
            for pi, (m, _) in enumerate(predicted)
            if _overlap((g.start, g.end), (m.start, m.end)) > 0
        ),
    )
    matched: dict[int, tuple[Mention, str]] = {}
    used: set[int] = set()
    for _, gi, pi in candidates:
        if gi not in matched and pi not in used:
            matched[gi] = predicted[pi]
            used.add(pi)
    return matched


def coreference(key: dict[str, str], response: dict[str, str]) -> dict[str, float]:
    """MUC, B-cubed and CEAF-e F1 and their mean (CoNLL-2012) of `response` (mention → entity) against `key`."""

    def clusters(assignment: dict[str, str]) -> list[set[str]]:
        grouped: dict[str, set[str]] = defaultdict(set)
        for mention, entity in assignment.items():
            grouped[entity].add(mention)
        return list(grouped.values())

    gold, system = clusters(key), clusters(response)
    scores = {name: metric(gold, system) for name, metric in (("muc", muc), ("b3", b_cubed), ("ceaf_e", ceaf_e))}
    report = {
        f"{name}_{part}": round(value, 4)
        for name, values in scores.items()
        for part, value in zip(("r", "p", "f1"), values, strict=True)
    }
    report["conll_f1"] = round(sum(f for _, _, f in scores.values()) / 3, 4)
    return report


def resolve_stream(articles: Iterable[Article]) -> tuple[dict[str, list[tuple[Mention, str]]], float]:
    """Each article's mentions with their entity ids, resolved one article at a time; and the seconds taken."""
    resolver = EntityResolver()
    load_nlp("en")
    started = time.perf_counter()
    found = {}
    for article in articles:
        mentions = extract_mentions(article.text, "en", known=resolver)
        found[article.id] = resolver.resolve(article.id, mentions, article.text, "en")
    # entities folded into others after their articles were resolved: their mentions move, as the store moves them
    current = {a: [(m, resolver.current_id(e)) for m, e in pairs] for a, pairs in found.items()}
    return current, time.perf_counter() - started


def evaluate(articles: list[Article], found: dict[str, list[tuple[Mention, str]]]) -> tuple[dict, list[dict]]:
    key: dict[str, str] = {}
    response: dict[str, str] = {}
    surfaces: dict[str, str] = {}
    corpus_of: dict[str, str] = {}
    predicted_total = predicted_right = 0
    for article in articles:
        predicted = found[article.id]
        predicted_total += len(predicted)
        predicted_right += sum(
            any(_overlap((m.start, m.end), span) > 0 for span in article.annotated) for m, _ in predicted
        )
        matched = match(article.named, predicted)
        for index, gold in enumerate(article.named):
            mention_id = f"{article.id}:{gold.start}"
            key[mention_id] = gold.entity
            corpus_of[mention_id] = article.corpus
            if index in matched:
                mention, entity = matched[index]
                response[mention_id] = entity
                surfaces[mention_id] = mention.text
    detection = {
        "gold_named_mentions": len(key),
        "recall": round(len(response) / len(key), 4),
        "predicted_mentions": predicted_total,
        "precision": round(predicted_right / predicted_total, 4) if predicted_total else 0.0,
    }
    baselines: dict[str, Callable[[str], str]] = {
        "exact_string": lambda m: surfaces[m].casefold(),
        "head_word": lambda m: surfaces[m].casefold().split()[-1] if surfaces[m].split() else "",
    }

    def scored(mentions: set[str]) -> dict[str, dict[str, float]]:
        gold = {m: key[m] for m in mentions}
        found_here = {m: e for m, e in response.items() if m in mentions}
        row = {"storytrace": coreference(gold, found_here)}
        for name, label in baselines.items():
            row[f"baseline_{name}"] = coreference(gold, {m: label(m) for m in found_here})
        row["gold_mentions_matched"] = {"matched": len(found_here), "gold": len(gold)}
        return row

    corpora = sorted(set(corpus_of.values()))
    report = {
        "mention_detection": detection,
        "all_articles": scored(set(key)),
        "within_subcorpus": {c: scored({m for m, k in corpus_of.items() if k == c}) for c in corpora},
    }
    report["within_subcorpus_mean_conll_f1"] = {
        system: round(sum(report["within_subcorpus"][c][system]["conll_f1"] for c in corpora) / len(corpora), 4)
        for system in ("storytrace", *(f"baseline_{n}" for n in baselines))
    }
    return report, errors(key, response, surfaces)


def errors(key: dict[str, str], response: dict[str, str], surfaces: dict[str, str]) -> list[dict]:
    """Wrong merges (one predicted entity over several gold entities) and splits (one gold entity over
    several predicted ones), each with the surfaces involved."""
    by_predicted: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    by_gold: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for mention, entity in response.items():
        by_predicted[entity][(key[mention], surfaces[mention])] += 1
        by_gold[key[mention]][(entity, surfaces[mention])] += 1
    rows = []
    for entity, counts in by_predicted.items():
        if len({gold for gold, _ in counts}) > 1:
            joined = sorted(f"{g} {s} x{n}" for (g, s), n in counts.items())
            rows.append({"error": "merged", "predicted": entity, "gold": joined})
    for gold, counts in by_gold.items():
        if len({entity for entity, _ in counts}) > 1:
            parts = sorted(f"{e} {s} x{n}" for (e, s), n in counts.items())
            rows.append({"error": "split", "gold": gold, "predicted": parts})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "evaluation" / "results" / "entities_meantime.json")
    parser.add_argument("--errors", type=Path, help="write every wrong merge and split here (JSONL)")
    args = parser.parse_args()
    articles = load_meantime(args.shared)
    found, seconds = resolve_stream(articles)
    report, mistakes = evaluate(articles, found)
    report = {
        "dataset": "NewsReader MEANTIME English, intra_cross-doc_annotation (120 Wikinews articles, 4 sub-corpora)",
        "articles": len(articles),
        "seconds": round(seconds, 1),
        **report,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.errors:
        lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in mistakes)
        args.errors.write_text(lines, encoding="utf-8")
    detection = report["mention_detection"]
    print(f"MEANTIME: {len(articles)} articles, {detection['gold_named_mentions']} gold named mentions")
    print(f"mention detection: recall {detection['recall']:.3f}, precision {detection['precision']:.3f}")
    for system, within in report["within_subcorpus_mean_conll_f1"].items():
        row = report["all_articles"][system]
        print(
            f"{system:26} all articles CoNLL F1 {row['conll_f1']:.3f} (MUC {row['muc_f1']:.3f}, "
            f"B3 {row['b3_f1']:.3f}, CEAF-e {row['ceaf_e_f1']:.3f}); within sub-corpora {within:.3f}"
        )


if __name__ == "__main__":
    main()
