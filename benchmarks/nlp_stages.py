"""Cost of the per-article NLP stages against a plain spaCy NER-only pass over the same texts, before and
after a change, as JSON.

Two versions of the code run side by side on the same texts: `--before REF` (a git commit, exported
read-only with `git archive` into a temporary folder) and the working tree. Each measurement is a child
process that imports one version and times, after loading and warming the models:

- `ner_only`: the texts through the English model with only `ner` enabled (the floor of issues 5 and 8);
- `per_article`: the per-article NLP stages of that version (from claims up to the embedding stage:
  claims and events, and the `ner` stage where it exists) over the texts in ingest batches
  (`INGEST_BATCH_SIZE`, the ingest default), each stage's share reported under `stages`;
- `entities`: the entity stage over a fresh database holding the texts with what those stages gave them.
  The stage saves each article's resolution with the resolver state, so this time includes those writes.

Children of the two versions alternate, `--repeats` times each, and the fastest run of each measure is
kept; wall and CPU seconds are both reported, CPU time being less disturbed by other jobs on a shared
machine. The JSON says whether both versions stored the same claims and mentions (`identical`).

Texts: the labelled dev corpus of ../shared (every language, as ingest sees it), repeated with new ids to
reach `--min-texts` when it is smaller, and/or English PolNeAR articles (`--corpus polnear`). The stages
before claims (normalise, language, fingerprint, citations) run first, untimed, so each stage sees what it
sees in ingest.

    .venv/bin/python benchmarks/nlp_stages.py --before HEAD --corpus dev polnear --min-texts 500 --repeats 3

(`--before HEAD` compares uncommitted changes with the last commit; after a commit, name the commit before.)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
INGEST_BATCH_SIZE = 64  # storytrace.corpus.DEFAULT_BATCH_SIZE: the batches the per-article stages receive
MEASURES = ("ner_only", "per_article", "entities")


# --------------------------------------------------------------------------- child: one version, one run


def load_articles(shared: Path, corpus: str, min_texts: int) -> tuple[list[Any], int]:
    """Articles of `corpus`, cycled (with new ids) until there are at least `min_texts`; and the distinct count."""
    from storytrace.model import Article

    if corpus == "dev":
        with (shared / "corpus" / "dev" / "articles.jsonl").open(encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines]
    else:
        paths = sorted((shared / "datasets" / "polnear").glob("*/text/*.txt"))[:min_texts]
        rows = [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "language": "en"} for p in paths]
    articles = []
    for round_ in range(-(-min_texts // len(rows))):
        suffix = f"~{round_}" if round_ else ""
        articles += [
            Article(id=r["id"] + suffix, text=r["text"], outlet=r.get("outlet"), published=r.get("date"),
                    language=r["language"])
            for r in rows
        ]
    return articles, len(rows)


def _batches(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def prepare(articles: list[Any]) -> list[Any]:
    """Run the ingest stages that come before claims, as ingest does, in its batches."""
    from storytrace.model import Article
    from storytrace.pipeline.ingest import ingest_stages
    from storytrace.pipeline.nlp.claims import ExtractClaims

    stages = ingest_stages()
    upstream = stages[: next(i for i, s in enumerate(stages) if isinstance(s, ExtractClaims))]
    prepared: list[Any] = []
    for batch in _batches(articles, INGEST_BATCH_SIZE):
        records = batch
        for stage in upstream:
            records = stage(records).records
        prepared += [r for r in records if isinstance(r, Article)]
    return prepared


def ner_only(articles: list[Any]) -> None:
    from storytrace.pipeline.nlp.nlp_model import load_nlp

    nlp = load_nlp("en")
    with nlp.select_pipes(enable=["ner"]):
        for _doc in nlp.pipe(a.text for a in articles):
            pass


def nlp_stage_list() -> list[Any]:
    """The version's per-article NLP stages, in ingest order: from claims up to the embedding stage."""
    from storytrace.pipeline.ingest import ingest_stages
    from storytrace.pipeline.lineage.embed_lead import EmbedLead
    from storytrace.pipeline.nlp.claims import ExtractClaims

    stages = ingest_stages()
    first = next(i for i, s in enumerate(stages) if isinstance(s, ExtractClaims))
    return stages[first : next(i for i, s in enumerate(stages) if isinstance(s, EmbedLead))]


def per_article(articles: list[Any]) -> tuple[dict[str, list[float]], dict[str, list[list[dict[str, Any]]]]]:
    """The per-article NLP stages over the articles in ingest batches, as ingest runs them (they set what the
    entity stage reads from the store). Returns each stage's [wall, cpu] seconds and each article's claims
    and events."""
    stages = nlp_stage_list()
    seconds = {stage.name: [0.0, 0.0] for stage in stages}
    out: dict[str, list[list[dict[str, Any]]]] = {"claims": [], "events": []}
    for batch in _batches(articles, INGEST_BATCH_SIZE):
        records = batch
        for stage in stages:
            wall, cpu, records = timed(lambda: stage(records).records)  # noqa: B023 - called at once
            seconds[stage.name][0] += wall
            seconds[stage.name][1] += cpu
        for field in out:
            out[field] += [[item.to_dict() for item in getattr(record, field)] for record in records]
    return seconds, out


def entity_store(path: Path, articles: list[Any]) -> Any:
    """A fresh database holding the articles (with their claims), nothing resolved yet."""
    from storytrace.store.db import Store

    store = Store(path)
    run_id = store.start_run(["benchmark"])
    for batch in _batches(articles, INGEST_BATCH_SIZE):
        store.write_batch(batch, run_id)
    return store


def timed(run: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall seconds, CPU seconds of this process, and the output of `run`."""
    wall, cpu = time.perf_counter(), time.process_time()
    output = run()
    return time.perf_counter() - wall, time.process_time() - cpu, output


def child(shared: Path, corpus: str, min_texts: int, dump: Path) -> dict[str, Any]:
    """Time the three measures once with the `storytrace` this process imports; dump what the stages stored."""
    import storytrace
    from storytrace.pipeline.nlp.entity_stage import EntityStage
    from storytrace.pipeline.nlp.nlp_model import installed_model, load_nlp

    articles, distinct = load_articles(shared, corpus, min_texts)
    articles = prepare(articles)
    load_nlp("en")
    warm = prepare(load_articles(shared, corpus, 8)[0][:8])
    ner_only(warm)
    per_article(warm)  # models, cue tables, caches
    with tempfile.TemporaryDirectory() as directory:
        EntityStage(entity_store(Path(directory) / "warm.db", warm)).run()
        wall, cpu = {}, {}
        wall["ner_only"], cpu["ner_only"], _ = timed(lambda: ner_only(articles))
        wall["per_article"], cpu["per_article"], (stages, found) = timed(lambda: per_article(articles))
        store = entity_store(Path(directory) / "entities.db", articles)
        wall["entities"], cpu["entities"], _ = timed(EntityStage(store).run)
        mentions = [store.mentions(a.id) for a in articles]
        store.close()
    dump.write_text(json.dumps({**found, "mentions": mentions}, default=str), encoding="utf-8")
    return {
        "package": str(Path(storytrace.__file__).parent),
        "model": installed_model("en"),
        "texts": len(articles),
        "distinct_texts": distinct,
        "words": sum(len(a.text.split()) for a in articles),
        "languages": dict(Counter(a.language for a in articles).most_common()),
        "wall": wall,
        "cpu": cpu,
        "stages": {name: {"wall": round(w, 3), "cpu": round(c, 3)} for name, (w, c) in stages.items()},
        "claims": sum(map(len, found["claims"])),
        "events": sum(map(len, found["events"])),
        "mentions": sum(map(len, mentions)),
    }


# --------------------------------------------------------------------------- parent: versions side by side


def export_ref(ref: str, directory: Path) -> tuple[str, Path]:
    """The commit `ref` names and its `src` folder, exported read-only into `directory`."""
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", ref], capture_output=True, text=True, check=True)
    archive = subprocess.run([*git, "archive", ref, "src/storytrace"], capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(directory, filter="data")
    return commit.stdout.strip(), directory / "src"


def run_child(src: Path, args: argparse.Namespace, corpus: str, dump: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", corpus, "--shared", str(args.shared),
               "--min-texts", str(args.min_texts), "--dump", str(dump)]
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    if not Path(result["package"]).is_relative_to(src):
        raise RuntimeError(f"the child imported {result['package']}, not the version under {src}")
    return result


def _ratios(best: dict[str, float], floor: float) -> dict[str, float]:
    ratios = {m: round(best[m] / floor, 3) for m in MEASURES if m != "ner_only"}
    ratios["together"] = round((best["per_article"] + best["entities"]) / floor, 3)
    return ratios


def _summary(runs: list[dict[str, Any]], fastest_ner: dict[str, float]) -> dict[str, Any]:
    """Fastest of the repeats per measure, and each stage's ratio to the NER-only pass: of the same version's
    children, and the fastest NER-only pass of all children (the pass is the same code in both versions, so
    its spread across children is the machine's noise)."""
    out: dict[str, Any] = {}
    for clock in ("wall", "cpu"):
        best = {m: min(run[clock][m] for run in runs) for m in MEASURES}
        out[f"{clock}_seconds"] = {m: round(v, 3) for m, v in best.items()}
        out[f"{clock}_ratio_to_ner_only"] = _ratios(best, best["ner_only"])
        out[f"{clock}_ratio_to_fastest_ner_only"] = _ratios(best, fastest_ner[clock])
    return out


def compare(args: argparse.Namespace, corpus: str, versions: dict[str, Path], directory: Path) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in versions}
    dumps = {name: directory / f"{corpus}-{name}.json" for name in versions}
    for _ in range(args.repeats):
        for name, src in versions.items():
            runs[name].append(run_child(src, args, corpus, dumps[name]))
            print(f"{corpus} {name}: {runs[name][-1]['wall']}", file=sys.stderr)
    outputs = {name: json.loads(path.read_text(encoding="utf-8")) for name, path in dumps.items()}
    first = runs["after"][0]
    every_run = [run for found in runs.values() for run in found]
    fastest_ner = {clock: min(run[clock]["ner_only"] for run in every_run) for clock in ("wall", "cpu")}
    return {
        "corpus": corpus,
        **{k: first[k] for k in ("texts", "distinct_texts", "words", "languages", "model")},
        **{
            name: _summary(found, fastest_ner) | {k: found[0][k] for k in ("claims", "events", "mentions")}
            | {"stages_fastest_run": min(found, key=lambda run: run["cpu"]["per_article"])["stages"]}
            for name, found in runs.items()
        },
        "identical": {k: outputs["before"][k] == outputs["after"][k] for k in ("claims", "events", "mentions")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="HEAD", help="git commit of the code to compare against")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpus", nargs="+", choices=("dev", "polnear"), default=["dev"])
    parser.add_argument("--min-texts", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "nlp_stages.json")
    parser.add_argument("--child", choices=("dev", "polnear"), help=argparse.SUPPRESS)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.shared.is_dir():
        sys.exit(f"{args.shared} is absent: this benchmark reads the dev corpus and PolNeAR from ../shared")
    if args.child:
        print(json.dumps(child(args.shared, args.child, args.min_texts, args.dump)))
        return
    with tempfile.TemporaryDirectory() as directory:
        commit, before_src = export_ref(args.before, Path(directory))
        versions = {"before": before_src, "after": ROOT / "src"}
        runs = [compare(args, corpus, versions, Path(directory)) for corpus in args.corpus]
    result = {
        "command": "benchmarks/nlp_stages.py " + " ".join(sys.argv[1:]),
        "before": commit,
        "after": "working tree",
        "repeats": args.repeats,
        "cpus": os.cpu_count(),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
