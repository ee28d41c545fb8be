"""Scale benchmark: per-stage throughput, memory and growth, lineage recall/precision, baselines, Dask.

Synthetic corpora of news-like articles (invented names, places, numbers; several independent
reports per story, so same-story pairs are hard negatives) with planted derivations:
- copy: verbatim with a changed dateline and one paragraph dropped,
- paraphrase: sentences reordered and words swapped for synonyms,
- translation: the sample corpus's real en → fr/de translation family (mp-0455) with its names and
  numbers varied per instance.
All instances of the translation family share one template, so links between two instances are
real near-copies by construction: they are reported apart (`template_sibling_pairs`), neither
true nor false positives.

Every measured phase runs in its own child process, so each peak RSS is that phase's own:
ingest (per-article stages, timed one by one through a timing executor), link, cluster, spaCy
NER-only over the same texts (the NLP floor), plain datasketch MinHashLSH (threshold 0.5, 128
perms) over the same texts, and LocalExecutor vs Dask with 1 and 2 workers (same output checked).
The slowest stage is profiled with pyinstrument.

    .venv/bin/python benchmarks/scale.py --sizes 2000 10000 [--executor-size 2000] [--profile-size 1000]
    .venv/bin/python benchmarks/scale.py --only-executors 500   # the executor comparison alone
    .venv/bin/python benchmarks/scale.py --sizes 10000 30000 --before REF  # link and cluster of REF side by side

Needs `dask[distributed]`, `matplotlib` and `pyinstrument` besides the project's requirements.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = ROOT / "examples" / "sample-corpus"
RESULTS = Path(__file__).parent / "results"

# ---- synthetic corpus ----------------------------------------------------------------------------

ONSETS = ["b", "br", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "r", "s", "st", "t", "tr",
          "v", "z", "sh", "ch", "w"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "y"]
CODAS = ["", "", "n", "r", "l", "s", "th", "m", "k", "nd", "rt", "sk", "v"]
ROLES = ["minister of finance", "spokesperson", "chief executive", "mayor", "interior minister", "union leader",
         "head of the regulator", "prosecutor", "opposition leader", "police chief", "economy minister",
         "central bank governor", "governor", "harbour master", "health minister", "party chairman"]
ORG_KINDS = ["Energy", "Holdings", "Rail", "Bank", "Logistics", "Mining", "Telecom", "Airlines", "Steel", "Foods",
             "Insurance", "Shipping", "Pharma", "Motors", "Grid", "Water"]
TOPICS = [
    ("the pipeline deal", "the gas contract", "the pipeline stake"), ("the flood defences", "the river barriers",
    "the flood relief fund"), ("the port strike", "the dockworkers' walkout", "the harbour stoppage"),
    ("the budget bill", "the spending plan", "the austerity package"), ("the bank merger", "the takeover bid",
    "the banking deal"), ("the rail tender", "the high-speed line", "the railway contract"),
    ("the election recount", "the disputed ballot", "the vote count"), ("the factory closure", "the plant shutdown",
    "the job cuts"), ("the wildfire response", "the forest fires", "the evacuation order"), ("the corruption probe",
    "the bribery inquiry", "the procurement scandal"), ("the mining accident", "the mine collapse",
    "the rescue operation"), ("the hospital funding", "the health reform", "the clinic closures"),
    ("the bridge collapse", "the bridge repairs", "the transport inquiry"), ("the drought measures",
    "the water rationing", "the irrigation ban"), ("the airport expansion", "the new runway", "the terminal plan"),
    ("the school reform", "the teachers' pay deal", "the curriculum change"), ("the trade dispute",
    "the import tariffs", "the customs row"), ("the data breach", "the cyber attack", "the stolen records"),
    ("the wind farm", "the offshore turbines", "the energy auction"), ("the housing plan", "the rent freeze",
    "the new estates"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
# "[a|b|c]" is a choice, "{slot}" an entity of the story: fixed runs stay short, so two reports of one
# story share names and numbers but few word 5-shingles, as independent reporting does.
TEMPLATES = [
    "{P}, the {R} of {O}, [said|told reporters|confirmed] on {D} that {T} [would|could|might] [cost|exceed|reach] {A}.",
    "[Officials|Authorities|Local officials] in {L} [estimated|said|reported] that {N} [people|residents|workers] "
    "[had been affected|were affected|were involved] [so far|by {D}|since {M}].",
    '"{Q}," {P} [said|added|told {X}].',
    '"{Q}," [said|added] {P2}, [who|and he] [had|has] [criticised|opposed|questioned] {T} [from the start|for months].',
    "According to {X}, {O} [had|has] [spent|set aside|earmarked] {A} on {T} since {M}.",
    "The [decision|move|announcement] [came|followed] [weeks|days|hours] after {S} [met|held talks with|spoke to] "
    "[representatives|leaders|delegates] from {C}.",
    "[Critics|Opposition lawmakers|Analysts|Economists] [argued|warned|noted] that {T} [was|remained|looked] "
    "[poorly planned|too expensive|rushed|overdue|unpopular] in {L}.",
    "{O} [shares|revenue|output] [fell|rose|climbed|dropped] {PCT} percent [in|during|over] {M}, {X} reported.",
    "[In a statement|In a post on its website|At a press conference], {O} [said|insisted|stressed] that {T} "
    "[was|remained] [on track|under review|suspended] [until {M}|for now|pending talks].",
    "{S2} [denied|rejected|dismissed] the [reports|claims|allegations] [as|calling them] "
    "[baseless|pure fiction|a smear|politically motivated].",
    "[Residents|Voters|Workers|Shopkeepers] in {L} [said|complained|told {X}] that they [had not been|were never] "
    "[consulted|informed|warned] about {T}.",
    "The [government|cabinet|coalition] of {C} [is expected to|plans to|will] [vote on|discuss|review] {T} "
    "[on {D}|next week|before {M}].",
    "[More than|Nearly|About|At least] {N} [people|protesters|employees|families] [gathered|marched|waited] "
    "[outside|near|in front of] the [offices|headquarters|town hall] of {O} in {L} on {D}.",
    "{S}, [who|and she] [took office|was appointed|returned to the post] in {M}, [has|had] [promised|pledged|vowed] "
    "to [review|publish|scrap] {T}.",
    "[Documents|Records|Emails] [seen by|obtained by|shared with] {X} [show|suggest|indicate] that {O} "
    "[knew|was warned] about [the risks|the costs|the delays] [in|as early as] {M}.",
    "The [price|bill|cost] of {T} [has|had] [risen|doubled|grown] to {A}, [up from|compared with|against] {A2} "
    "[a year ago|last year|in {M}].",
    "[Police|Investigators|Inspectors] [said|reported] on {D} that {N2} [suspects|people|officials] [had been|were] "
    "[questioned|detained|interviewed] in {L}.",
    "[It was|This was|That marked] the [first|second|third|largest] [such|comparable] [case|dispute|incident] "
    "in {C} since {YEAR}, [when|after] {N2} [people|workers|companies] were [affected|involved].",
    "{O} [did not respond to|declined|ignored] [requests for comment|a request for comment|questions] "
    "[from {X}|on {D}|by the deadline].",
    "[Talks|Negotiations|Discussions] between {O} and the [ministry|regulator|city council] [will resume|are due to "
    "resume|continue] in {L2} [on {D}|next month|in {M}], {S} said.",
]
QUOTES = [
    "[We|Our team|The government|Nobody here] [will not|cannot|must not] [accept|ignore|delay] [these|such] "
    "[costs|delays|decisions|risks] [any longer|without a debate|before {M}]",
    "[This|The deal|The plan|It] [is|was|remains] [a mistake|a bridge|a disaster|the only option|a turning point] "
    "[for {C}|for {L}|for everyone involved]",
    "[People|Families|Workers] in {L} [deserve|need|want] [answers|the truth|a fair deal|real help] "
    "[now|today|this week]",
]
SYNONYMS = {"said": "stated", "told": "informed", "officials": "authorities", "government": "administration",
            "announced": "declared", "warned": "cautioned", "confirmed": "acknowledged", "residents": "locals",
            "people": "citizens", "talks": "negotiations", "plans": "intends", "expected": "anticipated",
            "promised": "pledged", "questioned": "interviewed", "rose": "increased", "fell": "declined",
            "statement": "release", "reports": "accounts", "outside": "in front of",
            "more": "over", "offices": "premises", "criticised": "attacked", "costs": "expenses"}
OUTLETS = [f"{name}.example" for name in ("ledger", "courier", "herald", "sentinel", "tribune", "observer", "post",
           "gazette", "chronicle", "dispatch", "monitor", "beacon", "record", "journal", "times", "standard",
           "express", "globe", "mirror", "independent", "wire", "bulletin", "examiner", "register", "star")]
# The sample translation family whose names and numbers are varied per instance (mp-0455 and its two
# translations, see examples/labels.json). Stems cover the inflected forms (Valdoria, Valdorie, Valdorien).
TRANSLATION_FAMILY = ("mp-0455", "text/le-veilleur-crues-varnen.txt", "html/alpenspiegel-hochwasser-varnen.html")
TRANSLATION_NAMES = ("Varnen", "Marren", "Valdori", "Ilona", "Petrescu", "Dana", "Morescu")
TRANSLATION_YEARS = frozenset({2014})  # numbers of the family that are years (2,000 residents is not)
_NUMBER = re.compile(r"\b\d{1,3}(?:[, ]\d{3})+\b|\b\d+\b")
_CHOICE = re.compile(r"\[([^\[\]]*)\]")
_SENTENCE_END = re.compile(r'(?:(?<=[.!?])|(?<=[.!?]"))\s+(?=[A-Z"])')


def _name(rng: random.Random, syllables: int = 2) -> str:
    return ("".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables)) + rng.choice(CODAS)).title()


def _story(rng: random.Random, number: int) -> dict[str, Any]:
    people = [f"{_name(rng)} {_name(rng, 3)}" for _ in range(3)]
    return {"id": number, "day": rng.randrange(730), "topic": rng.choice(TOPICS), "people": people,
            "roles": rng.sample(ROLES, 3), "org": f"{_name(rng)} {rng.choice(ORG_KINDS)}",
            "places": [_name(rng) for _ in range(2)], "country": _name(rng, 3) + "ia",
            "numbers": [rng.randrange(20, 5000) for _ in range(3)], "amount": rng.randrange(2, 900)}


def _fill(template: str, story: dict[str, Any], rng: random.Random, outlet_names: Sequence[str]) -> str:
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    person = rng.randrange(3)
    values = {
        "P": story["people"][person], "R": story["roles"][person], "P2": story["people"][(person + 1) % 3],
        "S": story["people"][person].split()[-1], "S2": story["people"][(person + 2) % 3].split()[-1],
        "O": story["org"], "L": story["places"][0], "L2": story["places"][1], "C": story["country"],
        "T": rng.choice(story["topic"]), "A": f"{story['amount']} million euros",
        "A2": f"{max(1, story['amount'] // 2)} million euros", "N": f"{story['numbers'][0]:,}",
        "N2": str(story["numbers"][1] % 90 + 2), "PCT": str(story["numbers"][2] % 40 + 1),
        "D": rng.choice(WEEKDAYS), "M": rng.choice(MONTHS), "YEAR": str(1990 + story["numbers"][2] % 30),
        "X": rng.choice(outlet_names), "Q": "",
    }
    if "{Q}" in text:
        values["Q"] = _fill(rng.choice(QUOTES), story, rng, outlet_names)
    return text.format(**values)


def _date(story: dict[str, Any], offset: int) -> str:
    day = story["day"] + offset
    return f"{2024 + day // 365}-{1 + (day % 365) // 31 % 12:02d}-{1 + (day % 365) % 28:02d}"


def _report(story: dict[str, Any], rng: random.Random, outlet: str) -> tuple[list[str], str]:
    """Paragraphs (the first opens with a dateline) and a headline of one independent report."""
    names = [o.split(".")[0].title() for o in OUTLETS]
    # Each template at most once per report, and each report its own subset: independent reports of one
    # story share facts and names, not a run of near-identical sentences.
    sentences = [_fill(template, story, rng, names) for template in rng.sample(TEMPLATES, rng.randint(13, 18))]
    paragraphs: list[str] = []
    while sentences:
        size = rng.choice((1, 2, 3))
        paragraphs.append(" ".join(sentences[:size]))
        sentences = sentences[size:]
    paragraphs[0] = f"{story['places'][0].upper()}, {story['country']} ({outlet.split('.')[0].title()}) — " + \
        paragraphs[0]
    title = f"{story['places'][0]}: {story['topic'][0][4:].capitalize()} {rng.choice(['row', 'latest', 'update'])}"
    return paragraphs, f"{title} ({story['people'][0].split()[-1]})"


def _record(article_id: str, title: str, paragraphs: list[str], published: str, outlet: str) -> dict[str, Any]:
    return {"id": article_id, "title": title, "text": "\n\n".join(paragraphs), "published": published,
            "outlet": outlet, "url": f"https://{outlet}/news/{article_id}"}


def _copy(original: dict[str, Any], outlet: str, rng: random.Random) -> list[str]:
    """Verbatim copy: a changed dateline credit and one paragraph (not the first) dropped."""
    paragraphs = original["text"].split("\n\n")
    paragraphs = [p for i, p in enumerate(paragraphs) if i != rng.randrange(1, len(paragraphs))]
    paragraphs[0] = re.sub(r"\(([^)]*)\) —", f"({outlet.split('.')[0].title()}) —", paragraphs[0], count=1)
    return paragraphs


def _paraphrase(original: dict[str, Any], rng: random.Random) -> list[str]:
    """Sentences reordered (the lead stays first) and words swapped for synonyms."""
    sentences = _SENTENCE_END.split(original["text"].replace("\n\n", " "))
    body = sentences[1:]
    rng.shuffle(body)
    swapped = [re.sub(r"\b(" + "|".join(SYNONYMS) + r")\b", lambda m: SYNONYMS[m.group(1)], s)
               for s in [sentences[0], *body]]
    return [" ".join(swapped[i : i + 3]) for i in range(0, len(swapped), 3)]


def _vary(text: str, names: dict[str, str], numbers: dict[int, int], thousands: str) -> str:
    for stem, new in names.items():
        text = text.replace(stem, new).replace(stem.upper(), new.upper())

    def number(match: re.Match[str]) -> str:
        value = int(re.sub(r"\D", "", match.group(0)))
        new = numbers.setdefault(value, value)
        return f"{new:,}".replace(",", thousands) if value not in TRANSLATION_YEARS else str(new)

    return _NUMBER.sub(number, text)


def translation_family(texts: dict[str, dict[str, Any]], rng: random.Random, numbers: dict[int, int]) -> list[dict]:
    """One instance of the sample en → fr/de family with fresh names and numbers (records in family order)."""
    names = {stem: _name(rng) for stem in TRANSLATION_NAMES}
    for value in {int(re.sub(r"\D", "", m)) for m in _NUMBER.findall(texts[TRANSLATION_FAMILY[0]]["text"])}:
        numbers[value] = rng.randrange(1990, 2020) if value in TRANSLATION_YEARS else int(value * rng.uniform(1, 2))
    return [{"title": _vary(texts[key]["title"] or "", names, numbers, sep), "language": texts[key]["language"],
             "text": _vary(texts[key]["text"], names, numbers, sep)}
            for key, sep in zip(TRANSLATION_FAMILY, (",", " ", ""), strict=True)]


def make_corpus(n: int, seed: int, family_texts: dict[str, dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """`n` article records and the planted derivations [{source, target, kind, family, template}]."""
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    planted: list[dict[str, Any]] = []
    story_number = 0
    while len(records) < n:
        story = _story(rng, story_number)
        story_number += 1
        if story_number % 97 == 0:  # about 1% of the corpus: a translation family, three articles
            family = translation_family(family_texts, rng, {})
            ids = [f"s{story['id']:06d}-t{lang}" for lang in ("en", "fr", "de")]
            for offset, (article_id, item) in enumerate(zip(ids, family, strict=True)):
                outlet = rng.choice(OUTLETS)
                records.append(_record(article_id, item["title"], item["text"].split("\n\n"),
                                       _date(story, offset // 2), outlet) | {"language": item["language"]})
            planted += [{"source": ids[0], "target": t, "kind": "translation", "template": "translation"}
                        for t in ids[1:]]
            continue
        for report in range(rng.choice((1, 1, 2, 2, 3, 4))):
            outlet = rng.choice(OUTLETS)
            paragraphs, title = _report(story, rng, outlet)
            original = _record(f"s{story['id']:06d}-r{report}", title, paragraphs, _date(story, report % 2), outlet)
            records.append(original)
            roll = rng.random()
            if roll < 0.10:
                outlet = rng.choice([o for o in OUTLETS if o != original["outlet"]])
                copy = _record(original["id"] + "-copy", title, _copy(original, outlet, rng),
                               _date(story, report % 2 + rng.choice((0, 1))), outlet)
                records.append(copy)
                planted.append({"source": original["id"], "target": copy["id"], "kind": "copy"})
            elif roll < 0.18:
                outlet = rng.choice([o for o in OUTLETS if o != original["outlet"]])
                para = _record(original["id"] + "-para", f"{title.split(':')[0]} — what we know",
                               _paraphrase(original, rng), _date(story, report % 2 + 1), outlet)
                records.append(para)
                planted.append({"source": original["id"], "target": para["id"], "kind": "paraphrase"})
    kept = {r["id"] for r in records[:n]}
    return records[:n], [p for p in planted if p["source"] in kept and p["target"] in kept]


def sample_family_texts() -> dict[str, dict[str, Any]]:
    """The normalised texts of the sample translation family, through the project's own ingest."""
    from storytrace import Corpus

    with Corpus(Path(tempfile.mkdtemp()) / "sample.db") as corpus:
        corpus.ingest([str(SAMPLE_CORPUS)], link=False)
        return {key: corpus.article(key) for key in TRANSLATION_FAMILY}  # type: ignore[misc]


# ---- measured phases (each in a child process) ---------------------------------------------------


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


class _TimedStage:
    """Delegates to a stage and adds its wall and CPU time and the process RSS after it to `stats`.
    Every phase runs in one process (no worker pool), so the process's CPU time is the stage's work:
    steadier than wall time when other jobs share the machine."""

    def __init__(self, stage: Any, stats: dict[str, dict[str, float]]) -> None:
        self.stage, self.name = stage, stage.name
        self.stats = stats.setdefault(stage.name, {"seconds": 0.0, "cpu_seconds": 0.0, "rss_after_max_mb": 0.0})

    def __call__(self, records: Sequence[Any]) -> Any:
        start, cpu_start = time.perf_counter(), time.process_time()
        result = self.stage(records)
        self.stats["seconds"] += time.perf_counter() - start
        self.stats["cpu_seconds"] += time.process_time() - cpu_start
        self.stats["rss_after_max_mb"] = max(self.stats["rss_after_max_mb"], round(_rss_mb(), 1))
        return result


class TimingExecutor:
    """In-process executor (the LocalExecutor jobs=1 path) that times every stage separately."""

    def __init__(self) -> None:
        self.stats: dict[str, dict[str, float]] = {}

    def map_batches(self, stages: Sequence[Any], batches: Iterable[list[Any]]) -> Iterator[Any]:
        from storytrace.pipeline.base import run_stages

        timed = [_TimedStage(stage, self.stats) for stage in stages]
        for batch in batches:
            yield run_stages(timed, batch)  # type: ignore[arg-type]


def phase_ingest(corpus_path: str, db: str) -> dict[str, Any]:
    from storytrace import Corpus

    executor = TimingExecutor()
    start = time.perf_counter()
    with Corpus(db) as corpus:
        summary = corpus.ingest([corpus_path], executor=executor, batch_size=64, link=False)
    total = time.perf_counter() - start
    stage_seconds = sum(s["seconds"] for s in executor.stats.values())
    return {"articles": summary.new, "rejected": summary.rejected_total, "seconds": round(total, 2),
            "stages": {k: {"seconds": round(v["seconds"], 2), "cpu_seconds": round(v["cpu_seconds"], 2),
                           "rss_after_max_mb": v["rss_after_max_mb"]} for k, v in executor.stats.items()},
            "read_and_store_seconds": round(total - stage_seconds, 2), "peak_rss_mb": _peak_rss_mb()}


def phase_link(db: str) -> dict[str, Any]:
    from storytrace import Corpus

    start = time.perf_counter()
    with Corpus(db) as corpus:
        found = corpus.link()
    return {"derivations": found, "seconds": round(time.perf_counter() - start, 2), "peak_rss_mb": _peak_rss_mb()}


def phase_cluster(db: str) -> dict[str, Any]:
    from storytrace import Corpus

    start = time.perf_counter()
    with Corpus(db) as corpus:
        clustered = corpus.cluster()
        stories = corpus.store._query("SELECT COUNT(DISTINCT story_id) FROM story_members")[0][0]
    return {"clustered": clustered, "stories": stories, "seconds": round(time.perf_counter() - start, 2),
            "peak_rss_mb": _peak_rss_mb()}


def _texts(corpus_path: str) -> list[dict[str, Any]]:
    with open(corpus_path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def phase_spacy(corpus_path: str) -> dict[str, Any]:
    """The NLP floor: the same texts through spaCy's small English model, NER only."""
    from storytrace.pipeline.nlp.nlp_model import load_nlp

    texts = [r["text"] for r in _texts(corpus_path)]
    start = time.perf_counter()
    nlp = load_nlp("en")
    entities = 0
    with nlp.select_pipes(enable=["ner"]):
        for doc in nlp.pipe(texts, batch_size=64):
            entities += len(doc.ents)
    return {"model": nlp.meta["name"], "entities": entities, "seconds": round(time.perf_counter() - start, 2),
            "peak_rss_mb": _peak_rss_mb()}


def phase_datasketch(corpus_path: str) -> dict[str, Any]:
    """Plain datasketch MinHashLSH (threshold 0.5, 128 permutations) over the same texts' word 5-shingles."""
    from datasketch import MinHash, MinHashLSH

    from storytrace.pipeline.fingerprint import normalized_words, shingles

    records = _texts(corpus_path)
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    pairs: set[tuple[str, str]] = set()
    for record in records:
        signature = MinHash(num_perm=128)
        signature.update_batch(list(shingles(normalized_words(record["text"]))))
        pairs |= {tuple(sorted((record["id"], other))) for other in lsh.query(signature)}  # type: ignore[misc]
        lsh.insert(record["id"], signature)
    return {"seconds": round(time.perf_counter() - start, 2), "peak_rss_mb": _peak_rss_mb(),
            "pairs": sorted(pairs)}


def _output_digest(corpus: Any) -> str:
    """Hash of what the per-article stages stored: articles in ingest order and their credits."""
    digest = hashlib.sha256()
    for article in corpus.iter_articles():
        fields = [article[k] for k in ("id", "content_hash", "language", "published", "title", "outlet", "text")]
        digest.update(json.dumps(fields).encode())
    digest.update(json.dumps(corpus.store.citations(None), sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


def phase_executor(corpus_path: str, db: str, kind: str) -> dict[str, Any]:
    """Ingest (no link) with LocalExecutor (`local`) or Dask with N workers (`dask1`, `dask2`)."""
    from storytrace import Corpus
    from storytrace.executors import LocalExecutor
    from storytrace.executors.dask import DaskExecutor

    start = time.perf_counter()
    if kind == "local":
        executor: Any = LocalExecutor(1)
        startup = 0.0
    else:
        executor = DaskExecutor(workers=int(kind.removeprefix("dask")))
        executor.start()
        startup = time.perf_counter() - start
    try:
        with Corpus(db) as corpus:
            summary = corpus.ingest([corpus_path], executor=executor, batch_size=64, link=False)
            digest = _output_digest(corpus)
    finally:
        if kind != "local":
            executor.close()
    seconds = time.perf_counter() - start
    return {"executor": kind, "articles": summary.new, "seconds": round(seconds, 2),
            "cluster_startup_seconds": round(startup, 2), "articles_per_s": round(summary.new / seconds, 1),
            "driver_peak_rss_mb": _peak_rss_mb(), "output_digest": digest}


def _frame_self_times(frame: Any, totals: Counter[str]) -> None:
    if frame.is_synthetic_leaf or not frame.children:
        totals[f"{frame.function} ({frame.file_path_short}:{frame.line_no})"] += frame.total_self_time
    for child in frame.children:
        _frame_self_times(child, totals)


def phase_profile(corpus_path: str, db: str, stage_name: str, n: int) -> dict[str, Any]:
    """pyinstrument over one stage (`link`, `cluster` or a per-article stage) on the first `n` articles."""
    from pyinstrument import Profiler

    from storytrace import Corpus
    from storytrace.pipeline.base import run_stages
    from storytrace.pipeline.ingest import ingest_stages
    from storytrace.pipeline.read import read_paths

    profiler = Profiler(interval=0.005)
    if stage_name in {"link", "cluster"}:
        subset = Path(db).with_suffix(".jsonl")
        subset.write_text("".join(json.dumps(r) + "\n" for r in _texts(corpus_path)[:n]), encoding="utf-8")
        with Corpus(db) as corpus:
            corpus.ingest([str(subset)], link=False)
            if stage_name == "cluster":
                corpus.link()
            profiler.start()
            if stage_name == "link":
                corpus.link()
            else:
                corpus.cluster()
            profiler.stop()
    else:
        stages = ingest_stages()
        position = [s.name for s in stages].index(stage_name)
        records = [r for _, r in zip(range(n), read_paths([corpus_path], 10**8), strict=False)]
        for start in range(0, len(records), 64):
            batch, _ = run_stages(stages[:position], records[start : start + 64])
            profiler.start()
            stages[position](batch)
            profiler.stop()
    totals: Counter[str] = Counter()
    session = profiler.last_session
    _frame_self_times(session.root_frame(), totals)
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    return {"stage": stage_name, "articles": n, "seconds": round(session.duration, 2),
            "top_self_time": [{"function": f, "seconds": round(s, 2)} for f, s in totals.most_common(15)],
            "call_tree": text.splitlines()[:80]}


def _child(args: Sequence[str], src: Path = ROOT / "src", script: str = __file__) -> dict[str, Any]:
    """Run one phase of `script` (its `--child` mode) in a fresh interpreter, importing storytrace from `src`,
    and return its JSON."""
    env = os.environ | {"PYTHONPATH": str(src)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, script, "--child", *args], check=True, capture_output=True,
                          text=True, env=env, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"cpu_seconds": round(cpu, 2)}


PHASES = {"ingest": phase_ingest, "link": phase_link, "cluster": phase_cluster, "spacy": phase_spacy,
          "datasketch": phase_datasketch, "executor": phase_executor, "profile": phase_profile}

# ---- scoring and reporting -----------------------------------------------------------------------


def _families(records: Sequence[dict], planted: Sequence[dict]) -> dict[str, str]:
    """Article id → derivation family (union of planted edges)."""
    from storytrace.pipeline.lineage.provenance import components

    return {i: str(n) for i, n in components([r["id"] for r in records],
                                              [(e["source"], e["target"]) for e in planted]).items()}


def score_pairs(found: Iterable[tuple[str, str]], records: Sequence[dict], planted: Sequence[dict],
                kinds: dict[tuple[str, str], str] | None = None) -> dict[str, Any]:
    """Recall of planted pairs (per kind), and precision: found pairs inside one planted family, over
    found pairs that are not two instances of the translation template."""
    family = _families(records, planted)
    template = {e[k] for e in planted if e.get("template") for k in ("source", "target")}
    found_set = {tuple(sorted(p)) for p in found}
    siblings = {p for p in found_set if p[0] in template and p[1] in template and family[p[0]] != family[p[1]]}
    judged = found_set - siblings
    correct = sum(1 for a, b in judged if family[a] == family[b])
    # Ids are "s<story>-…": a wrong pair inside one synthetic story joins two independent reports of one event.
    same_story_wrong = sum(1 for a, b in judged if family[a] != family[b] and a.split("-")[0] == b.split("-")[0])
    by_kind: dict[str, dict[str, Any]] = {}
    for edge in planted:
        pair = tuple(sorted((edge["source"], edge["target"])))
        bucket = by_kind.setdefault(edge["kind"], {"planted": 0, "found": 0, "found_as": Counter()})
        bucket["planted"] += 1
        if pair in found_set:
            bucket["found"] += 1
            if kinds is not None:
                bucket["found_as"][kinds.get(pair, "?")] += 1
    for bucket in by_kind.values():
        bucket["recall"] = round(bucket["found"] / bucket["planted"], 3)
        bucket["found_as"] = dict(bucket["found_as"])
    found_planted = sum(b["found"] for b in by_kind.values())
    return {"planted": len(planted), "found_pairs": len(found_set),
            "recall": round(found_planted / max(1, len(planted)), 3),
            "precision": round(correct / max(1, len(judged)), 3),
            "false_positives": len(judged) - correct, "false_positives_same_story": same_story_wrong,
            "precision_across_stories": round(correct / max(1, len(judged) - same_story_wrong), 3),
            "template_sibling_pairs": len(siblings), "by_kind": by_kind}


def _derivation_pairs(db: Path) -> dict[tuple[str, str], str]:
    import sqlite3

    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT source_id, target_id, kind FROM derivations").fetchall()
    return {tuple(sorted((s, t))): k for s, t, k in rows}  # type: ignore[misc]


def story_quality(db: Path, records: Sequence[dict]) -> dict[str, float]:
    """B³ of the stored stories against the generated ones (an article id starts with its story's): the
    stories of one day share wording and differ in people, places and figures, so this measures whether
    look-alike events stay apart."""
    import sqlite3

    sys.path.insert(0, str(ROOT / "evaluation"))
    from bcubed import bcubed

    with sqlite3.connect(db) as con:
        predicted = dict(con.execute("SELECT article_id, story_id FROM story_members").fetchall())
    gold = {r["id"]: r["id"].split("-")[0] for r in records}
    return {k: round(v, 4) for k, v in bcubed(predicted, gold).items()} | {"gold_stories": len(set(gold.values()))}


def score_driver_stages(result: dict[str, Any], db: Path, records: Sequence[dict], planted: Sequence[dict]) -> None:
    """Add the quality of what the link and cluster phases stored in `db` to their results."""
    kinds = _derivation_pairs(db)
    result["link"]["quality"] = score_pairs(kinds, records, planted, kinds)
    result["cluster"]["quality"] = story_quality(db, records)


def run_before(db: Path, before: tuple[str, Path], records: Sequence[dict], planted: Sequence[dict]) -> dict[str, Any]:
    """Link and cluster a copy of the ingested (not yet linked) database with the code of another commit, right
    after the current code's runs on the same input: the side-by-side baseline of the driver's stages."""
    commit, src = before
    copy = db.with_name(f"{db.stem}-before.db")
    shutil.copyfile(db.with_name(f"{db.stem}-ingested.db"), copy)
    result: dict[str, Any] = {"commit": commit}
    for phase in ("link", "cluster"):
        print(f"[before {commit[:8]}] {phase} ...", file=sys.stderr, flush=True)
        result[phase] = _child([phase, str(copy)], src)
    score_driver_stages(result, copy, records, planted)
    return result


def run_size(
    n: int, seed: int, family_texts: dict, workdir: Path, before: tuple[str, Path] | None = None
) -> dict[str, Any]:
    records, planted = make_corpus(n, seed, family_texts)
    corpus_path = workdir / f"corpus-{n}.jsonl"
    corpus_path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = workdir / f"scale-{n}.db"
    words = sum(len(r["text"].split()) for r in records)
    result: dict[str, Any] = {"n": n, "words": words, "planted": Counter(p["kind"] for p in planted)}
    for phase, args in (("ingest", [str(corpus_path), str(db)]), ("link", [str(db)]), ("cluster", [str(db)]),
                        ("spacy", [str(corpus_path)]), ("datasketch", [str(corpus_path)])):
        print(f"[{n}] {phase} ...", file=sys.stderr, flush=True)
        result[phase] = _child([phase, *args])
        print(f"[{n}] {phase}: {result[phase].get('seconds')} s", file=sys.stderr, flush=True)
        if phase == "ingest" and before is not None:
            shutil.copyfile(db, db.with_name(f"{db.stem}-ingested.db"))
    score_driver_stages(result, db, records, planted)
    if before is not None:
        result["before"] = run_before(db, before, records, planted)
        result["before"]["seconds_over_before"] = {
            phase: round(result[phase]["seconds"] / result["before"][phase]["seconds"], 3)
            for phase in ("link", "cluster")
        }
    baseline = result["datasketch"]
    baseline["quality"] = score_pairs([tuple(p) for p in baseline.pop("pairs")], records, planted)
    pipeline = result["ingest"]["seconds"] + result["link"]["seconds"] + result["cluster"]["seconds"]
    result["pipeline_seconds"] = round(pipeline, 2)
    result["pipeline_over_spacy_ner"] = round(pipeline / result["spacy"]["seconds"], 2)
    cpu = stage_cpu_seconds(result)
    result["pipeline_over_spacy_ner_cpu"] = round(cpu["pipeline"] / cpu["spacy"], 2)
    result["per_article_rate"] = {
        **{k: round(n / v["seconds"], 1) for k, v in result["ingest"]["stages"].items() if v["seconds"] > 0},
        "link": round(n / result["link"]["seconds"], 1), "cluster": round(n / result["cluster"]["seconds"], 1),
        "spacy_ner": round(n / result["spacy"]["seconds"], 1)}
    return result


def stage_seconds(run: dict[str, Any]) -> dict[str, float]:
    """Seconds per measured stage of one size (per-article stages, then the driver's stages)."""
    seconds = {k: v["seconds"] for k, v in run["ingest"]["stages"].items()}
    seconds["read_and_store"] = run["ingest"]["read_and_store_seconds"]
    for phase in ("link", "cluster", "spacy", "datasketch"):
        seconds[phase] = run[phase]["seconds"]
    seconds["pipeline"] = run["pipeline_seconds"]
    return seconds


def stage_cpu_seconds(run: dict[str, Any]) -> dict[str, float]:
    """CPU seconds per measured stage of one size: the per-article stages' own, and each phase's whole
    process (model loading included) for the others. Runs from before CPU time was recorded have none."""
    seconds = {k: v["cpu_seconds"] for k, v in run["ingest"]["stages"].items() if "cpu_seconds" in v}
    for phase in ("ingest", "link", "cluster", "spacy", "datasketch"):
        if "cpu_seconds" in run[phase]:
            seconds[phase] = run[phase]["cpu_seconds"]
    if {"ingest", "link", "cluster"} <= seconds.keys():
        seconds["pipeline"] = round(seconds["ingest"] + seconds["link"] + seconds["cluster"], 2)
    return seconds


def growth_and_projection(runs: list[dict[str, Any]], target: int) -> dict[str, Any]:
    """time(n2)/time(n1) between consecutive sizes, and a power-law projection to `target` articles
    from the two largest measured sizes (a projection, not a measurement)."""
    growth = {}
    for first, second in pairwise(runs):
        a, b = stage_seconds(first), stage_seconds(second)
        cpu_a, cpu_b = stage_cpu_seconds(first), stage_cpu_seconds(second)
        growth[f"{second['n']}/{first['n']}"] = {
            "size_ratio": round(second["n"] / first["n"], 2),
            "time_ratio": {k: round(b[k] / a[k], 2) for k in b if a.get(k)},
            "cpu_time_ratio": {k: round(cpu_b[k] / cpu_a[k], 2) for k in cpu_b if cpu_a.get(k)}}
    projection: dict[str, Any] = {}
    if len(runs) >= 2 and runs[-1]["n"] < target:
        small, large = runs[-2], runs[-1]
        a, b = stage_seconds(small), stage_seconds(large)
        log_size = math.log(large["n"] / small["n"])
        exponents = {k: math.log(b[k] / a[k]) / log_size for k in b if a.get(k) and b[k] > 0}
        factor = target / large["n"]
        rss_small = max(small[p]["peak_rss_mb"] for p in ("ingest", "link", "cluster"))
        rss_large = max(large[p]["peak_rss_mb"] for p in ("ingest", "link", "cluster"))
        projection = {
            "label": f"PROJECTION (not measured): {target} articles from {small['n']} and {large['n']}",
            "exponents": {k: round(e, 2) for k, e in exponents.items()},
            "seconds": {k: round(b[k] * factor ** e, 1) for k, e in exponents.items()},
            f"time_ratio_{target}_over_{large['n']}": {k: round(factor ** e, 2) for k, e in exponents.items()},
            "peak_rss_mb_linear_upper_bound": round(rss_large + (rss_large - rss_small) * (target - large["n"])
                                        / (large["n"] - small["n"]), 1)}
    return {"growth": growth, "projection": projection}


def plot(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = report["runs"]
    sizes = [r["n"] for r in runs]
    projection = report["scaling"]["projection"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
    colours = plt.get_cmap("tab20").colors
    for number, name in enumerate(stage_seconds(runs[0])):
        values = [stage_seconds(r)[name] for r in runs]
        line = left.plot(sizes, values, marker="o", label=name, color=colours[number % len(colours)])[0]
        if projection and name in projection["seconds"]:
            left.plot([sizes[-1], report["project_to"]], [values[-1], projection["seconds"][name]], ls="--",
                      color=line.get_color(), alpha=0.6)
    left.set(xscale="log", yscale="log", xlabel="articles", ylabel="seconds (dashed: projection)",
             title="Time per stage against corpus size")
    left.legend(fontsize=7, ncol=2)
    for phase in ("ingest", "link", "cluster", "spacy", "datasketch"):
        right.plot(sizes, [r[phase]["peak_rss_mb"] for r in runs], marker="o", label=phase)
    if projection:
        right.scatter([report["project_to"]], [projection["peak_rss_mb_linear_upper_bound"]], marker="x", color="k",
                      label="projection: linear upper bound")
    right.axhline(2048, color="red", ls=":", label="2 GB target")
    right.set(xscale="log", xlabel="articles", ylabel="peak RSS (MB)", title="Peak RSS per phase (own process)")
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def compare_executors(n: int, seed: int, family_texts: dict, workdir: Path) -> dict[str, Any]:
    """Ingest (no link) of one synthetic corpus with LocalExecutor, Dask with 1 and with 2 workers."""
    records, _ = make_corpus(n, seed, family_texts)
    path = workdir / f"executor-{n}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    runs = []
    for kind in ("local", "dask1", "dask2"):
        print(f"executor {kind} ...", file=sys.stderr, flush=True)
        runs.append(_child(["executor", str(path), str(workdir / f"executor-{kind}.db"), kind]))
    by_kind = {r["executor"]: r for r in runs}
    return {
        "n": n, "runs": runs, "same_output": len({r["output_digest"] for r in runs}) == 1,
        "dask2_speedup_over_dask1": round(by_kind["dask1"]["seconds"] / by_kind["dask2"]["seconds"], 2),
        "dask2_speedup_over_dask1_excluding_startup": round(
            (by_kind["dask1"]["seconds"] - by_kind["dask1"]["cluster_startup_seconds"])
            / (by_kind["dask2"]["seconds"] - by_kind["dask2"]["cluster_startup_seconds"]), 2),
        "dask2_speedup_over_local": round(by_kind["local"]["seconds"] / by_kind["dask2"]["seconds"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--executor-size", type=int, default=None, help="corpus size for the executor comparison "
                        "(default: the smallest size); 0 skips it")
    parser.add_argument("--only-executors", type=int, metavar="N", help="only re-run the executor comparison on N "
                        "articles, updating that section of --out")
    parser.add_argument("--profile-size", type=int, default=1000, help="articles to profile the slowest stage on")
    parser.add_argument("--project-to", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=RESULTS / "scale.json")
    parser.add_argument("--plot", type=Path, default=RESULTS / "scale.png")
    parser.add_argument("--before", metavar="REF", help="also link and cluster each ingested corpus with the code of "
                        "git commit REF, side by side")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        phase, *rest = args.child
        arguments: list[Any] = [int(x) if x.isdigit() else x for x in rest]
        print(json.dumps(PHASES[phase](*arguments)))
        return
    workdir = Path(tempfile.mkdtemp(prefix="storytrace-scale-"))
    family_texts = sample_family_texts()
    machine = {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()}
    if args.only_executors:  # re-measure the executor comparison alone, keeping the stored size runs
        report: dict[str, Any] = json.loads(args.out.read_text(encoding="utf-8"))
        report["executors"] = compare_executors(args.only_executors, args.seed, family_texts, workdir)
        report["executors"]["machine"] = machine | {"load_average_at_end": os.getloadavg()}
        args.out.write_text(json.dumps(report, indent=2, default=list) + "\n", encoding="utf-8")
        print(json.dumps(report["executors"], indent=2))
        return
    # The executor comparison measured before, kept when this run skips it (it records its own machine load).
    measured_executors = json.loads(args.out.read_text(encoding="utf-8")).get("executors", {}) \
        if args.out.exists() else {}
    report = {"machine": machine, "project_to": args.project_to, "runs": []}
    from nlp_stages import export_ref  # the sibling benchmark's export of a commit's src

    before = export_ref(args.before, workdir / "before") if args.before else None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for n in sorted(args.sizes):
        report["runs"].append(run_size(n, args.seed, family_texts, workdir, before))
        # Each size is written as soon as it is measured: a run of hours that stops later keeps it.
        args.out.write_text(json.dumps(report, indent=2, default=list) + "\n", encoding="utf-8")
    report["scaling"] = growth_and_projection(report["runs"], args.project_to)
    largest = report["runs"][-1]
    candidates = {**{k: v["seconds"] for k, v in largest["ingest"]["stages"].items()},
                  "link": largest["link"]["seconds"], "cluster": largest["cluster"]["seconds"]}
    slowest = max(candidates, key=candidates.__getitem__)
    print(f"profiling {slowest} ...", file=sys.stderr, flush=True)
    profile_corpus = workdir / f"corpus-{largest['n']}.jsonl"
    report["profile"] = _child(["profile", str(profile_corpus), str(workdir / "profile.db"), slowest,
                                str(min(args.profile_size, largest["n"]))])
    executor_size = min(args.sizes) if args.executor_size is None else args.executor_size
    if executor_size:
        report["executors"] = compare_executors(executor_size, args.seed, family_texts, workdir)
    else:
        report["executors"] = measured_executors
    report["machine"]["load_average_at_end"] = os.getloadavg()
    args.out.write_text(json.dumps(report, indent=2, default=list) + "\n", encoding="utf-8")
    plot(report, args.plot)
    print(json.dumps({"pipeline_over_spacy_ner": [r["pipeline_over_spacy_ner"] for r in report["runs"]],
                      "link_quality": [r["link"]["quality"]["recall"] for r in report["runs"]],
                      "executors": report.get("executors", {}).get("dask2_speedup_over_dask1")}))


if __name__ == "__main__":
    main()
