"""The Dask executor stores exactly what the local executor stores (articles, derivations, citations),
with the per-article stages and lineage verification both run on the workers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import SAMPLE_CORPUS
from storytrace import Corpus
from storytrace.executors import LocalExecutor
from storytrace.pipeline.lineage import verify

pytest.importorskip("distributed")

from storytrace.executors.dask import DaskExecutor

ARTICLE_FIELDS = ("id", "text", "content_hash", "language", "published", "title", "outlet")


def _snapshot(db: Path, executor: Any) -> dict[str, Any]:
    with Corpus(db) as corpus:
        summary = corpus.ingest([str(SAMPLE_CORPUS)], executor=executor, batch_size=4, link=False)
        corpus.link(executor)  # candidates in the driver, verification on the executor; stories not compared
        return {
            "new": summary.new,
            "counters": summary.stage_counters,
            "articles": [tuple(a[f] for f in ARTICLE_FIELDS) for a in corpus.iter_articles()],  # in ingest order
            "derivations": sorted(corpus.derivations(), key=repr),
            "citations": sorted(corpus.citations(), key=repr),
        }


def _driver_must_not_align(*_: object) -> None:
    raise AssertionError("a candidate pair was verified in the driver")


def test_dask_two_workers_match_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    local = _snapshot(tmp_path / "local.db", LocalExecutor(1))
    # Worker processes import `verify` afresh; only the driver's copy is patched.
    monkeypatch.setattr(verify, "align_within_reach", _driver_must_not_align)
    with DaskExecutor(workers=2) as executor:  # one cluster for ingest and link
        dask = _snapshot(tmp_path / "dask.db", executor)
    assert local["new"] > 30 and local["derivations"] and local["citations"]
    for key in ("new", "counters", "articles", "derivations", "citations"):
        assert dask[key] == local[key], key


def test_rejects_bad_sizes() -> None:
    with pytest.raises(ValueError):
        DaskExecutor(workers=0)
