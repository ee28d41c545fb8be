"""Entity resolution at 10k and 100k articles, side by side with another commit's resolver on the same stores.

`pipeline_scale.py` measures the entity phase after every other stage, so a change to the resolver waits for a
whole-pipeline run (hours at 100k) before it can be measured at size. This benchmark ingests `scale.py`'s
synthetic corpora with only the stages entity resolution reads (read, normalise, language, fingerprint, citations,
NER; the claims stage's parse is left out: resolution only looks its source names up exactly), keeps that store,
and then runs `Corpus.resolve_entities()` (the pipeline's entity phase: mentions, resolution, storing) on copies of it,
once with this working tree and, with `--before REF`, once with the code of REF, each in its own interpreter.
Figures per size and version: wall and CPU seconds, peak RSS (sampled, `lineage.ProcessTree`), entities and
mentions, and a digest of the mentions with their entities and of the entity table, so that a change meant to be
exact is seen to be. Ingest is resumable (the same `--workdir` again skips stored articles).

    .venv/bin/python benchmarks/entities_scale.py --workdir /var/tmp/storytrace-entities \
        [--sizes 10000 100000] [--jobs 2] [--before REF] [--out benchmarks/results/entities_scale.json]

Target (issue 8): time(100k)/time(10k) ≤ 12 for the entity stage.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import scale  # sibling benchmark: corpus generator, child processes
from nlp_stages import export_ref  # sibling benchmark: a commit's src exported for side-by-side runs

import lineage  # sibling benchmark: StagesOnly executor, ProcessTree, option parser

# The per-article stages whose output entity resolution reads (NER spans, media credits for outlets), and the
# fingerprint the store keys every article by.
ENTITY_STAGES = frozenset({"extract", "normalize", "language", "fingerprint", "citations", "ner"})


def phase_ingest(corpus_path: str, db: str, jobs: int) -> dict[str, Any]:
    from storytrace import Corpus

    start = time.perf_counter()
    with lineage.ProcessTree() as tree, Corpus(db) as corpus:
        summary = corpus.ingest([corpus_path], executor=lineage.StagesOnly(jobs, ENTITY_STAGES), batch_size=64,
                                link=False)
    return {"articles": summary.new, "seconds": round(time.perf_counter() - start, 2), **tree.report()}


def phase_resolve(db: str) -> dict[str, Any]:
    from storytrace import Corpus

    start = time.perf_counter()
    with lineage.ProcessTree() as tree, Corpus(db) as corpus:
        articles = corpus.resolve_entities()
    return {"articles": articles, "seconds": round(time.perf_counter() - start, 2), **tree.report(),
            **digest(Path(db))}


PHASES = {"ingest": phase_ingest, "resolve": phase_resolve}


def digest(db: Path) -> dict[str, Any]:
    """Counts and a digest of what resolution stored: every mention with its entity, and the entity table."""
    with sqlite3.connect(db) as connection:
        mentions = connection.execute(
            "SELECT article_id, start, end, text, label, entity_id FROM mentions ORDER BY article_id, start, end"
        ).fetchall()
        entities = connection.execute("SELECT * FROM entities ORDER BY entity_id").fetchall()
    sha = hashlib.sha256()
    for row in [*mentions, *entities]:
        sha.update(json.dumps(row, ensure_ascii=False).encode())
    return {"mentions": len(mentions), "entities": len(entities), "digest": sha.hexdigest()[:16]}


def resolve_copy(ingested: Path, name: str, src: Path) -> dict[str, Any]:
    """Resolve a fresh copy of the ingested store with the code in `src`, in its own interpreter."""
    copy = ingested.with_name(f"{ingested.stem}-{name}-{os.getpid()}.db")  # runs may share a workdir
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(ingested, copy)
    try:
        return scale._child(["resolve", str(copy)], src, script=__file__)
    finally:
        copy.unlink()


def run_size(n: int, seed: int, jobs: int, family_texts: dict, workdir: Path,
             before: tuple[str, Path] | None) -> dict[str, Any]:
    corpus_path, db = workdir / f"corpus-{n}.jsonl", workdir / f"entities-{n}.db"
    if not corpus_path.exists():
        records, _ = scale.make_corpus(n, seed, family_texts)
        corpus_path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    print(f"[{n}] ingest ...", file=sys.stderr, flush=True)
    result: dict[str, Any] = {"n": n, "ingest": scale._child(["ingest", str(corpus_path), str(db), str(jobs)],
                                                                script=__file__)}
    with sqlite3.connect(db) as connection:  # one file: the copies need no WAL alongside
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    versions = {"after": scale.ROOT / "src", **({"before": before[1]} if before else {})}
    for name, src in versions.items():
        print(f"[{n}] resolve ({name}) ...", file=sys.stderr, flush=True)
        result[name] = resolve_copy(db, name, src)
        print(f"[{n}] resolve ({name}): {result[name]['seconds']} s", file=sys.stderr, flush=True)
    if before:
        result["after_over_before_cpu"] = round(
            result["after"]["cpu_seconds_all_processes"] / result["before"]["cpu_seconds_all_processes"], 3)
        result["same_output"] = result["after"]["digest"] == result["before"]["digest"]
    return result


def growth(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """time(largest)/time(smallest) of resolution, wall and CPU, per version, next to the size ratio."""
    small, large = runs[0], runs[-1]
    return {"sizes": f"{large['n']}/{small['n']}", "size_ratio": round(large["n"] / small["n"], 2),
            **{name: {"time_ratio": round(large[name]["seconds"] / small[name]["seconds"], 2),
                      "cpu_ratio": round(large[name]["cpu_seconds_all_processes"]
                                         / small[name]["cpu_seconds_all_processes"], 2)}
               for name in ("after", "before") if name in small and name in large}}


def main() -> None:
    parser = lineage.sizes_parser(__doc__, "entities_scale.json")
    parser.add_argument("--workdir", type=Path, help="kept between runs: the ingested stores are reused (required)")
    parser.add_argument("--before", metavar="REF", help="also resolve each store with the code of this commit")
    args = parser.parse_args()
    if args.child:
        phase, *rest = args.child
        print(json.dumps(PHASES[phase](*[int(x) if x.isdigit() else x for x in rest])))
        return
    report, family_texts = lineage.start_in_workdir(parser, args)
    with tempfile.TemporaryDirectory() as directory:
        before = export_ref(args.before, Path(directory)) if args.before else None
        report["before"] = before[0] if before else None
        for n in sorted(args.sizes):
            report["runs"].append(run_size(n, args.seed, args.jobs, family_texts, args.workdir, before))
            if len(report["runs"]) > 1:
                report["growth"] = growth(report["runs"])
            lineage.save_report(report, args.out)
    print(json.dumps({"growth": report.get("growth"),
                      "same_output": [r.get("same_output") for r in report["runs"]]}, indent=2))


if __name__ == "__main__":
    main()
