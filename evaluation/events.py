"""Dated events on MEANTIME (English Wikinews, CAT XML): are gold events anchored to the date we reproduce?

Reads ../shared/datasets/meantime_en/intra-doc_annotation/*/*.xml at run time (never copied). The text and
DCT are rebuilt by ``tempeval.load_meantime``; token anchors are mapped onto that text by aligning the
tokens in order. Gold anchored events are EVENT_MENTIONs linked by a TLINK to a token-anchored DATE/TIME
TIMEX3 with a calendar value (IS_INCLUDED / INCLUDES / SIMULTANEOUS, either direction). Only the title and
first sentences are annotated, so predicted events in the rest of the text are not scored.

Metrics (nothing here was tuned on MEANTIME; the predicate lists were written before running it):
- anchored_recall: share of gold anchored events for which ``extract_events`` returns an event in the same
  sentence with the same predicate lemma and the gold timex value (strict) / the same predicate whatever
  the date (predicate_only);
- date_accuracy_on_matched: among those matched on sentence + predicate, the share with the gold value;
- precision_vs_gold_events: share of predicted events whose predicate is a gold EVENT_MENTION lemma of the
  same sentence, and share that equal a gold anchored (predicate, value) pair (a lower bound: MEANTIME does
  not link every event to every timex).

    .venv/bin/python evaluation/events.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from tempeval import load_meantime

from storytrace.pipeline.nlp.nlp_model import load_nlp
from storytrace.pipeline.time.events import Event, extract_events, granularity_of

ROOT = Path(__file__).resolve().parents[1]
ANCHORING = {"IS_INCLUDED": "event", "INCLUDES": "timex", "SIMULTANEOUS": "either"}


@dataclass(frozen=True)
class GoldEvent:
    start: int  # offset of the event's first token in the rebuilt text
    lemma: str
    value: str  # the gold anchor's TIMEX3 value ("" when the event has no anchor)
    anchor: str  # the anchor's id within its document ("" when none)


def _token_offsets(root: ET.Element, text: str) -> dict[str, int]:
    """t_id -> start offset of the token in the rebuilt text (tokens appear in order)."""
    offsets, position = {}, 0
    for token in root.iter("token"):
        found = text.find(token.text or "", position)
        if found >= 0:
            offsets[token.get("t_id")] = found
            position = found + len(token.text or "")
    return offsets


def gold_events(path: Path, text: str) -> list[GoldEvent]:
    """Every EVENT_MENTION with its anchor value, if a TLINK ties it to a dated textual timex."""
    root = ET.parse(path).getroot()
    offsets = _token_offsets(root, text)
    markables = root.find("Markables")
    timexes = {m.get("m_id"): m.get("value", "") for m in markables.iter("TIMEX3")
               if m.find("token_anchor") is not None and m.get("functionInDocument") != "CREATION_TIME"
               and m.get("type") in ("DATE", "TIME") and granularity_of(m.get("value", ""))}
    anchors: dict[str, str] = {}  # event m_id -> timex m_id
    for link in root.iter("TLINK"):
        kind = ANCHORING.get(link.get("reltype", ""))
        source, target = link.find("source").get("m_id"), link.find("target").get("m_id")
        if kind in ("event", "either") and target in timexes:
            anchors.setdefault(source, target)
        if kind in ("timex", "either") and source in timexes:
            anchors.setdefault(target, source)
    events = []
    for mention in markables.iter("EVENT_MENTION"):
        tokens = [offsets[a.get("t_id")] for a in mention.iter("token_anchor") if a.get("t_id") in offsets]
        if tokens:
            anchor = anchors.get(mention.get("m_id"), "")
            events.append(GoldEvent(min(tokens), (mention.get("pred") or "").lower(), timexes.get(anchor, ""),
                                    f"{path.stem}#{anchor}" if anchor else ""))
    return events


def _inside(event: Event, gold: GoldEvent) -> bool:
    return event.start <= gold.start < event.end


def _lemma(event: Event) -> str:
    return event.predicate.split(" ")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "evaluation" / "results" / "events.json")
    args = parser.parse_args()
    paths = sorted((args.shared / "datasets" / "meantime_en" / "intra-doc_annotation").glob("*/*.xml"))
    nlp = load_nlp("en")
    anchored = strict = loose = predicted = on_gold_event = on_gold_pair = 0
    anchor_ids: set[str] = set()
    examples: list[dict] = []
    started = time.perf_counter()
    for path in paths:
        doc = load_meantime(path)
        golds = gold_events(path, doc.text)
        # The unscored tail of the article is the ignored span that runs to the end of the text.
        scored_end = min((s for s, e in doc.ignore if e == len(doc.text)), default=len(doc.text))
        events = [e for e in extract_events(doc.text, doc.dct, "en", nlp) if e.start < scored_end]
        predicted += len(events)
        for event in events:
            same_sentence = [g for g in golds if _inside(event, g)]
            on_gold_event += any(g.lemma == _lemma(event) for g in same_sentence)
            on_gold_pair += any(g.lemma == _lemma(event) and g.value == event.date_value
                                for g in same_sentence)
        for gold in (g for g in golds if g.value):
            anchored += 1
            anchor_ids.add(gold.anchor)
            matches = [e for e in events if _inside(e, gold) and _lemma(e) == gold.lemma]
            loose += bool(matches)
            strict += any(e.date_value == gold.value for e in matches)
            if matches and not any(e.date_value == gold.value for e in matches) and len(examples) < 15:
                examples.append({"doc": path.stem, "lemma": gold.lemma, "gold": gold.value,
                                 "predicted": [e.date_value for e in matches],
                                 "sentence": matches[0].sentence})
    seconds = time.perf_counter() - started
    results = {
        "dataset": "MEANTIME English intra-doc annotation",
        "documents": len(paths),
        "gold_anchored_events": anchored,
        "predicted_events": predicted,
        "anchored_recall": {"strict": round(strict / anchored, 3),
                            "predicate_only": round(loose / anchored, 3)},
        # One event per timex is extracted; MEANTIME often links several events of a sentence to one timex.
        "one_event_per_timex_ceiling": round(len(anchor_ids) / anchored, 3),
        "date_accuracy_on_matched": round(strict / loose, 3) if loose else None,
        "precision_vs_gold_events": {
            "predicate_is_gold_event": round(on_gold_event / predicted, 3) if predicted else None,
            "predicate_and_date_is_gold_anchor": round(on_gold_pair / predicted, 3) if predicted else None,
        },
        "seconds": round(seconds, 1),
        "date_errors_sample": examples,
        "notes": "anchoring TLINKs: " + ", ".join(ANCHORING) + "; one event per predicate and sentence "
                 "is extracted (the finest timex wins), so a gold event tied to two timexes can match only "
                 "one.",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in results.items() if k != "date_errors_sample"}, indent=2))


if __name__ == "__main__":
    main()
