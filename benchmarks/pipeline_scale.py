"""The whole pipeline at 10k and 100k articles on worker processes, resumable across interruptions.

`scale.py` times every stage in one process (per-stage figures, the spaCy NER-only floor); at 100k that is six
hours on this machine. This one runs what `storytrace ingest --jobs 2` runs, on the same synthetic corpora
(`scale.make_corpus`): every per-article stage on `--jobs` worker processes, then lineage (verification on the
workers), the story stage and entity resolution, each phase in its own interpreter, with the wall and CPU
seconds and the peak RSS of the driver and its workers together (`lineage.ProcessTree`). Figures: seconds, CPU
seconds and peak RSS per phase and size, and time(100k)/time(10k) per phase (issue 8: ≤ 12 for every stage,
peak RSS ≤ 2 GB at 100k).

A 100k run takes about three hours here, longer than a working session, so it is resumable: give the same
`--workdir` again after an interruption. Finished phases are read back from their result files; the
interrupted phase starts again and resumes where the store left it (ingest skips stored articles, lineage
links only unlinked ones, the story stage places only unplaced ones, entity resolution resolves only
unresolved ones). Each phase writes its figures so far every 30 s; a phase run in several segments reports
the sum of their wall and CPU seconds, the largest of their peaks and the number of segments, so its time
includes the repeated start-up (loading models, opening the store) of each segment.

    .venv/bin/python benchmarks/pipeline_scale.py --workdir /var/tmp/storytrace-scale [--sizes 10000 100000]
        [--jobs 2] [--out benchmarks/results/pipeline_scale.json]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import scale  # sibling benchmark: corpus generator, child processes, pair scoring

import lineage  # sibling benchmark: ProcessTree, the child-process runner's conventions

CHECKPOINT_SECONDS = 30
PHASE_ORDER = ("ingest", "link", "cluster", "entities")


class Checkpoint(lineage.PeriodicTask):
    """Writes a running phase's figures so far (wall and CPU seconds, peak RSS) to `path` every 30 s, so that
    a phase killed with its session still counts the time it ran (up to its last 30 s)."""

    interval = CHECKPOINT_SECONDS

    def __init__(self, tree: lineage.ProcessTree, path: Path) -> None:
        super().__init__()
        self.tree, self.path, self.start = tree, path, time.perf_counter()

    def figures(self) -> dict[str, float]:
        return {"seconds": round(time.perf_counter() - self.start, 2), **self.tree.report()}

    def tick(self) -> None:
        self.path.write_text(json.dumps(self.figures()), encoding="utf-8")


def _counts(corpus: Any) -> dict[str, int]:
    """What the store holds, whatever segment stored it."""
    one = lambda sql: int(corpus.store._query(sql)[0][0])  # noqa: E731
    return {
        "articles": one("SELECT COUNT(*) FROM articles"),
        "derivations": one("SELECT COUNT(*) FROM derivations"),
        "stories": one("SELECT COUNT(DISTINCT story_id) FROM story_members"),
        "entities": one("SELECT COUNT(*) FROM entities"),
    }


def phase(name: str, corpus_path: str, db: str, jobs: int, partial: str) -> dict[str, Any]:
    """Run one phase on the store in `db` (resuming whatever an earlier segment left), checkpointing to `partial`."""
    from storytrace import Corpus
    from storytrace.executors.local import LocalExecutor

    with lineage.ProcessTree() as tree, Checkpoint(tree, Path(partial)) as checkpoint, Corpus(db) as corpus:
        if name == "ingest":
            corpus.ingest([corpus_path], executor=LocalExecutor(jobs), batch_size=64, link=False)
        elif name == "link":
            corpus.link(LocalExecutor(jobs))
        elif name == "cluster":
            corpus.cluster()
        else:
            corpus.resolve_entities()
        counts = _counts(corpus)
    return checkpoint.figures() | counts


def run_phase(name: str, n: int, corpus_path: Path, db: Path, jobs: int, workdir: Path) -> dict[str, Any]:
    """A phase's result: read back when an earlier run finished it, else run (after any killed segments)."""
    done, partial, segments_file = (workdir / f"{n}-{name}.{suffix}" for suffix in ("json", "partial", "segments"))
    if done.exists():
        return json.loads(done.read_text(encoding="utf-8"))
    segments = json.loads(segments_file.read_text(encoding="utf-8")) if segments_file.exists() else []
    if partial.exists():  # a segment killed before it finished: its checkpointed figures count
        segments.append(json.loads(partial.read_text(encoding="utf-8")))
        segments_file.write_text(json.dumps(segments), encoding="utf-8")
        partial.unlink()
    print(f"[{n}] {name} ... ({len(segments)} earlier segment(s))", file=sys.stderr, flush=True)
    last = scale._child([name, str(corpus_path), str(db), str(jobs), str(partial)], script=__file__)
    every = [*segments, last]
    result = last | {
        "seconds": round(sum(s["seconds"] for s in every), 2),
        "cpu_seconds_all_processes": round(sum(s["cpu_seconds_all_processes"] for s in every), 1),
        "peak_rss_all_processes_mb": max(s["peak_rss_all_processes_mb"] for s in every),
        "segments": len(every),
    }
    done.write_text(json.dumps(result), encoding="utf-8")
    partial.unlink(missing_ok=True)
    print(f"[{n}] {name}: {result['seconds']} s", file=sys.stderr, flush=True)
    return result


def write_corpus(n: int, seed: int, family_texts: dict, path: Path) -> None:
    """The synthetic corpus of `n` articles as JSONL (seeded: a resumed run writes the same one). A function of its
    own so that the records are freed before the phases run: a child inherits its parent's peak RSS on Linux
    (`ru_maxrss` survives fork and exec), which is why the figures are the sampled ones (`ProcessTree`)."""
    records, _ = scale.make_corpus(n, seed, family_texts)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    tmp.replace(path)


def run_size(n: int, seed: int, jobs: int, family_texts: dict, workdir: Path) -> dict[str, Any]:
    corpus_path, db = workdir / f"corpus-{n}.jsonl", workdir / f"pipeline-{n}.db"
    if not corpus_path.exists():
        write_corpus(n, seed, family_texts, corpus_path)
    phases = {name: run_phase(name, n, corpus_path, db, jobs, workdir) for name in PHASE_ORDER}
    seconds = sum(p["seconds"] for p in phases.values())
    return {"n": n, "phases": phases, "pipeline_seconds": round(seconds, 2),
            "pipeline_cpu_seconds": round(sum(p["cpu_seconds_all_processes"] for p in phases.values()), 1),
            "peak_rss_all_processes_mb": max(p["peak_rss_all_processes_mb"] for p in phases.values()),
            "articles_per_second": round(n / seconds, 1)}


def growth(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
    """time(large)/time(small) per phase and for the pipeline, wall and CPU, next to the size ratio."""
    def ratio(key: str, get: Any) -> dict[str, float]:
        pairs = {name: (get(small["phases"][name]), get(large["phases"][name])) for name in PHASE_ORDER}
        pairs["pipeline"] = (small[f"pipeline_{key}"], large[f"pipeline_{key}"])
        return {name: round(b / a, 2) for name, (a, b) in pairs.items() if a}

    return {"sizes": f"{large['n']}/{small['n']}", "size_ratio": round(large["n"] / small["n"], 2),
            "time_ratio": ratio("seconds", lambda p: p["seconds"]),
            "cpu_ratio": ratio("cpu_seconds", lambda p: p["cpu_seconds_all_processes"])}


def main() -> None:
    parser = lineage.sizes_parser(__doc__, "pipeline_scale.json")
    parser.add_argument("--workdir", type=Path, help="kept between runs: give it again to resume (required)")
    args = parser.parse_args()
    if args.child:
        name, corpus_path, db, jobs, partial = args.child
        print(json.dumps(phase(name, corpus_path, db, int(jobs), partial)))
        return
    report, family_texts = lineage.start_in_workdir(parser, args)
    for n in sorted(args.sizes):
        report["runs"].append(run_size(n, args.seed, args.jobs, family_texts, args.workdir))
        if len(report["runs"]) > 1:
            report["growth"] = growth(report["runs"][0], report["runs"][-1])
        lineage.save_report(report, args.out)
    print(json.dumps({"growth": report.get("growth"), "peak_rss_mb": [r["peak_rss_all_processes_mb"]
                                                                      for r in report["runs"]]}, indent=2))


if __name__ == "__main__":
    main()
