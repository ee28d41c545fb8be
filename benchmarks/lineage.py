"""Lineage benchmark: planted copies, paraphrases and translations at 10k and 100k articles, side by side with
plain datasketch MinHashLSH.

The corpora are `scale.py`'s synthetic news (invented people, places and figures; several independent reports
per story as hard negatives; ~8% planted copies, ~6% paraphrases, ~2% translations from the sample corpus's
real en → fr/de family; all scored by `scale.score_pairs`). Ingest runs only the stages lineage reads (read,
normalise, language, fingerprint, citations, embed: the lead and every sentence, for alignment); claims,
events and NER are no input of linking and are measured by `scale.py`. Then `Corpus.link()` finds candidates
(LSH band keys, the lead-embedding index) and verifies them by sentence alignment. Ingest and verification run
on `--jobs` worker processes (the same executor as `storytrace ingest --jobs`), so a 100k run fits in about an
hour on two cores; every phase runs in its own interpreter, and its peak RSS and CPU seconds are sampled over
the driver and its workers together (CPU time is the figure a shared machine's load does not inflate). The
baseline is datasketch MinHashLSH (threshold 0.5, 128 permutations) over the same texts' word 5-shingles, in
the same run.

    .venv/bin/python benchmarks/lineage.py [--sizes 10000 100000] [--jobs 2] [--out benchmarks/results/lineage.json]

Targets (issue 3): recall of planted copies ≥ 0.98 at 100k and time(100k)/time(10k) ≤ 12.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import scale  # the sibling benchmark: corpus generator, child processes, pair scoring

# The per-article stages whose output `Corpus.link()` reads.
LINEAGE_STAGES = frozenset({"extract", "normalize", "language", "fingerprint", "citations", "embed"})


class StagesOnly:
    """An executor that runs only the named stages of the ingest pipeline, on `LocalExecutor(jobs)`."""

    def __init__(self, jobs: int, names: frozenset[str]) -> None:
        from storytrace.executors.local import LocalExecutor

        self.inner = LocalExecutor(jobs)
        self.names = names

    def map_batches(self, stages: Sequence[Any], batches: Iterable[list[Any]]) -> Iterator[Any]:
        return self.inner.map_batches([s for s in stages if s.name in self.names], batches)


class PeriodicTask:
    """Calls `tick` every `interval` seconds on a background thread while its `with` block runs."""

    interval = 0.5

    def __init__(self) -> None:
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._done.wait(self.interval):
            self.tick()

    def tick(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> PeriodicTask:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


class ProcessTree(PeriodicTask):
    """Samples this process and all its descendants (the forkserver's workers included) twice a second while a
    phase runs: the peak of their summed RSS, and their CPU seconds (each process's last sample, so a worker's
    last half second may be missed). CPU time is what a shared machine's load does not inflate."""

    def __init__(self) -> None:
        super().__init__()
        self.peak_mb = 0.0
        self.cpu: dict[int, float] = {}

    def tick(self) -> None:
        import psutil

        me = psutil.Process()
        total = 0
        for process in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += process.memory_info().rss
                times = process.cpu_times()
                self.cpu[process.pid] = times.user + times.system
        self.peak_mb = max(self.peak_mb, total / 2**20)

    def report(self) -> dict[str, float]:
        return {"peak_rss_mb": scale._peak_rss_mb(), "peak_rss_all_processes_mb": round(self.peak_mb, 1),
                "cpu_seconds_all_processes": round(sum(self.cpu.values()), 1)}


def phase_ingest(corpus_path: str, db: str, jobs: int) -> dict[str, Any]:
    from storytrace import Corpus

    start = time.perf_counter()
    with ProcessTree() as tree, Corpus(db) as corpus:
        summary = corpus.ingest([corpus_path], executor=StagesOnly(jobs, LINEAGE_STAGES), batch_size=64, link=False)
    return {"articles": summary.new, "rejected": summary.rejected_total,
            "seconds": round(time.perf_counter() - start, 2), **tree.report()}


def phase_link(db: str, jobs: int) -> dict[str, Any]:
    from storytrace import Corpus
    from storytrace.executors.local import LocalExecutor

    start = time.perf_counter()
    with ProcessTree() as tree, Corpus(db) as corpus:
        found = corpus.link(LocalExecutor(jobs))
    return {"derivations": found, "seconds": round(time.perf_counter() - start, 2), **tree.report()}


PHASES = {"ingest": phase_ingest, "link": phase_link, "datasketch": scale.phase_datasketch}


def run_size(n: int, seed: int, jobs: int, family_texts: dict, workdir: Path) -> dict[str, Any]:
    records, planted = scale.make_corpus(n, seed, family_texts)
    corpus_path = workdir / f"corpus-{n}.jsonl"
    corpus_path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = workdir / f"lineage-{n}.db"
    result: dict[str, Any] = {"n": n, "planted": Counter(p["kind"] for p in planted)}
    for phase, args in (("ingest", [corpus_path, db, jobs]), ("link", [db, jobs]), ("datasketch", [corpus_path])):
        print(f"[{n}] {phase} ...", file=sys.stderr, flush=True)
        result[phase] = scale._child([phase, *map(str, args)], script=__file__)
        print(f"[{n}] {phase}: {result[phase]['seconds']} s", file=sys.stderr, flush=True)
    kinds = scale._derivation_pairs(db)
    result["link"]["quality"] = scale.score_pairs(kinds, records, planted, kinds)
    baseline = result["datasketch"]
    baseline["quality"] = scale.score_pairs([tuple(p) for p in baseline.pop("pairs")], records, planted)
    result["lineage_seconds"] = round(result["ingest"]["seconds"] + result["link"]["seconds"], 2)
    result["articles_per_second"] = {
        "ingest": round(n / result["ingest"]["seconds"], 1), "link": round(n / result["link"]["seconds"], 1),
        "lineage": round(n / result["lineage_seconds"], 1), "datasketch": round(n / baseline["seconds"], 1)}
    return result


def growth(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """time(largest)/time(smallest) per phase (wall, and CPU where sampled), next to the size ratio."""
    small, large = runs[0], runs[-1]
    seconds = {"ingest": lambda r: r["ingest"]["seconds"], "link": lambda r: r["link"]["seconds"],
               "lineage": lambda r: r["lineage_seconds"], "datasketch": lambda r: r["datasketch"]["seconds"]}
    cpu = {phase: (small[phase].get("cpu_seconds_all_processes"), large[phase].get("cpu_seconds_all_processes"))
           for phase in ("ingest", "link")}
    return {"sizes": f"{large['n']}/{small['n']}", "size_ratio": round(large["n"] / small["n"], 2),
            "time_ratio": {k: round(get(large) / get(small), 2) for k, get in seconds.items()},
            "cpu_ratio": {k: round(b / a, 2) for k, (a, b) in cpu.items() if a and b}}


def sizes_parser(description: str, out_name: str) -> argparse.ArgumentParser:
    """The options of a benchmark over corpus sizes run on worker processes, its phases in child interpreters."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for ingest and verification")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=scale.RESULTS / out_name)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    return parser


def new_report(args: argparse.Namespace) -> dict[str, Any]:
    """The report a run over sizes fills: the machine, the options, and one entry per size in `runs`."""
    return {"machine": {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()}, "jobs": args.jobs,
            "seed": args.seed, "runs": []}


def start_in_workdir(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[dict[str, Any], dict]:
    """For a run kept in `--workdir` (required, created): a new report and the texts the corpora are built from."""
    if args.workdir is None:
        parser.error("--workdir is required")
    args.workdir.mkdir(parents=True, exist_ok=True)
    return new_report(args), scale.sample_family_texts()


def save_report(report: dict[str, Any], out: Path) -> None:
    """Write the report as it stands: each size as soon as it is measured, so a run of hours that stops keeps it."""
    report["machine"]["load_average_at_end"] = os.getloadavg()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    args = sizes_parser(__doc__, "lineage.json").parse_args()
    if args.child:
        phase, *rest = args.child
        print(json.dumps(PHASES[phase](*[int(x) if x.isdigit() else x for x in rest])))
        return
    workdir = Path(tempfile.mkdtemp(prefix="storytrace-lineage-"))
    report = new_report(args)
    family_texts = scale.sample_family_texts()
    for n in sorted(args.sizes):
        report["runs"].append(run_size(n, args.seed, args.jobs, family_texts, workdir))
        if len(report["runs"]) > 1:
            report["growth"] = growth(report["runs"])
        save_report(report, args.out)
    print(json.dumps({"copy_recall": [r["link"]["quality"]["by_kind"]["copy"]["recall"] for r in report["runs"]],
                      "growth": report.get("growth")}, indent=2))


if __name__ == "__main__":
    main()
