"""One cross-article stage at 10k and 100k articles, side by side with another commit's code on the same stores.

`pipeline_scale.py` measures each stage after every other one, so a change to one stage waits for a whole-pipeline
run (hours at 100k) before it can be measured at size. This benchmark ingests `scale.py`'s synthetic corpora with
only the per-article stages the measured stage reads, keeps that store in `--workdir`, and then runs the stage on
copies of it, once with this working tree and, with `--before REF`, once with the code of REF, each in its own
interpreter. Figures per size and version: wall and CPU seconds, peak RSS (sampled, `lineage.ProcessTree`), and
counts and a digest of what the stage stored, so that a change meant to be exact is seen to be. Ingest is
resumable (the same `--workdir` again skips stored articles). Stages (`--stage`):

- `entities`: `Corpus.resolve_entities()` (the pipeline's entity phase: mentions, resolution, storing) after read,
  normalise, language, fingerprint, citations and NER (the claims stage's parse is left out: resolution only looks
  its source names up exactly); digest of the mentions with their entities and of the entity table.
- `link`: `Corpus.link()` on `--jobs` worker processes after the stages `lineage.py` ingests with; digest of the
  derivations with their evidence. Recall and precision of the planted pairs are `lineage.py`'s.

    .venv/bin/python benchmarks/stage_versions.py --stage entities|link --workdir /var/tmp/storytrace-stages \
        [--sizes 10000 100000] [--jobs 2] [--before REF] [--out benchmarks/results/STAGE_scale.json]

Target (issue 8): time(100k)/time(10k) ≤ 12 for every stage.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import scale  # sibling benchmark: corpus generator, child processes
from nlp_stages import export_ref  # sibling benchmark: a commit's src exported for side-by-side runs

import lineage  # sibling benchmark: StagesOnly executor, ProcessTree, option parser

# The per-article stages whose output entity resolution reads (NER spans, media credits for outlets), and the
# fingerprint the store keys every article by.
ENTITY_STAGES = frozenset({"extract", "normalize", "language", "fingerprint", "citations", "ner"})


@dataclass(frozen=True)
class StageSpec:
    """What a measured stage needs ingested, how it runs on a store, and the rows its digest covers."""

    ingest_stages: frozenset[str]
    run: Callable[[Any, int], Any]  # (corpus, jobs) → what the stage returns (a count)
    digest_queries: tuple[tuple[str, str], ...]  # (name, SQL of the stored rows in a stable order)


def _link(corpus: Any, jobs: int) -> int:
    from storytrace.executors.local import LocalExecutor

    return corpus.link(LocalExecutor(jobs))


STAGES = {
    "entities": StageSpec(
        ENTITY_STAGES,
        lambda corpus, jobs: corpus.resolve_entities(),
        (("mentions", "SELECT article_id, start, end, text, label, entity_id FROM mentions"
                      " ORDER BY article_id, start, end"),
         ("entities", "SELECT * FROM entities ORDER BY entity_id")),
    ),
    "link": StageSpec(
        lineage.LINEAGE_STAGES,
        _link,
        (("derivations", "SELECT source_id, target_id, kind, score, evidence FROM derivations"
                         " ORDER BY source_id, target_id"),),
    ),
}


def phase_ingest(stage: str, corpus_path: str, db: str, jobs: int) -> dict[str, Any]:
    from storytrace import Corpus

    start = time.perf_counter()
    with lineage.ProcessTree() as tree, Corpus(db) as corpus:
        summary = corpus.ingest([corpus_path], executor=lineage.StagesOnly(jobs, STAGES[stage].ingest_stages),
                                batch_size=64, link=False)
    return {"articles": summary.new, "seconds": round(time.perf_counter() - start, 2), **tree.report()}


def phase_run(stage: str, db: str, jobs: int) -> dict[str, Any]:
    from storytrace import Corpus

    start = time.perf_counter()
    with lineage.ProcessTree() as tree, Corpus(db) as corpus:
        returned = STAGES[stage].run(corpus, jobs)
    return {"returned": returned, "seconds": round(time.perf_counter() - start, 2), **tree.report(),
            **digest(Path(db), STAGES[stage].digest_queries)}


PHASES = {"ingest": phase_ingest, "run": phase_run}


def digest(db: Path, queries: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """The number of rows of each query and one digest of them all: what the stage stored."""
    counts: dict[str, Any] = {}
    sha = hashlib.sha256()
    with sqlite3.connect(db) as connection:
        for name, sql in queries:
            rows = connection.execute(sql).fetchall()
            counts[name] = len(rows)
            for row in rows:
                sha.update(json.dumps(row, ensure_ascii=False).encode())
    return {**counts, "digest": sha.hexdigest()[:16]}


def run_copy(stage: str, ingested: Path, name: str, src: Path, jobs: int) -> dict[str, Any]:
    """Run the stage on a fresh copy of the ingested store with the code in `src`, in its own interpreter."""
    copy = ingested.with_name(f"{ingested.stem}-{name}-{os.getpid()}.db")  # runs may share a workdir
    for suffix in ("", "-wal", "-shm", ".ann"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(ingested, copy)
    try:
        return scale._child(["run", stage, str(copy), str(jobs)], src, script=__file__)
    finally:
        for suffix in ("", ".ann"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)


def run_size(stage: str, n: int, args: argparse.Namespace, family_texts: dict,
             before: tuple[str, Path] | None) -> dict[str, Any]:
    corpus_path, db = args.workdir / f"corpus-{n}.jsonl", args.workdir / f"{stage}-{n}.db"
    if not corpus_path.exists():
        records, _ = scale.make_corpus(n, args.seed, family_texts)
        corpus_path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    print(f"[{n}] ingest ...", file=sys.stderr, flush=True)
    result: dict[str, Any] = {"n": n, "ingest": scale._child(
        ["ingest", stage, str(corpus_path), str(db), str(args.jobs)], script=__file__)}
    with sqlite3.connect(db) as connection:  # one file: the copies need no WAL alongside
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    versions = {"after": scale.ROOT / "src", **({"before": before[1]} if before else {})}
    for name, src in versions.items():
        print(f"[{n}] {stage} ({name}) ...", file=sys.stderr, flush=True)
        result[name] = run_copy(stage, db, name, src, args.jobs)
        print(f"[{n}] {stage} ({name}): {result[name]['seconds']} s", file=sys.stderr, flush=True)
    if before:
        result["after_over_before_cpu"] = round(
            result["after"]["cpu_seconds_all_processes"] / result["before"]["cpu_seconds_all_processes"], 3)
        result["same_output"] = result["after"]["digest"] == result["before"]["digest"]
    return result


def growth(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """time(largest)/time(smallest) of the stage, wall and CPU, per version, next to the size ratio."""
    small, large = runs[0], runs[-1]
    return {"sizes": f"{large['n']}/{small['n']}", "size_ratio": round(large["n"] / small["n"], 2),
            **{name: {"time_ratio": round(large[name]["seconds"] / small[name]["seconds"], 2),
                      "cpu_ratio": round(large[name]["cpu_seconds_all_processes"]
                                         / small[name]["cpu_seconds_all_processes"], 2)}
               for name in ("after", "before") if name in small and name in large}}


def main() -> None:
    parser = lineage.sizes_parser(__doc__, "STAGE_scale.json")
    parser.add_argument("--stage", choices=sorted(STAGES), default="entities")
    parser.add_argument("--workdir", type=Path, help="kept between runs: the ingested stores are reused (required)")
    parser.add_argument("--before", metavar="REF", help="also run the stage on each store with the code of this commit")
    args = parser.parse_args()
    if args.child:
        phase, *rest = args.child
        print(json.dumps(PHASES[phase](*[int(x) if x.isdigit() else x for x in rest])))
        return
    if args.out.name == "STAGE_scale.json":
        args.out = args.out.with_name(f"{args.stage}_scale.json")
    report, family_texts = lineage.start_in_workdir(parser, args)
    report["stage"] = args.stage
    with tempfile.TemporaryDirectory() as directory:
        before = export_ref(args.before, Path(directory)) if args.before else None
        report["before"] = before[0] if before else None
        for n in sorted(args.sizes):
            report["runs"].append(run_size(args.stage, n, args, family_texts, before))
            if len(report["runs"]) > 1:
                report["growth"] = growth(report["runs"])
            lineage.save_report(report, args.out)
    print(json.dumps({"growth": report.get("growth"),
                      "same_output": [r.get("same_output") for r in report["runs"]]}, indent=2))


if __name__ == "__main__":
    main()
