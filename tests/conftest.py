"""Shared fixtures: the location of ../shared (evaluation data that is never copied into the repo)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYTRACE_SHARED", ROOT.parent / "shared"))
SAMPLE_CORPUS = ROOT / "examples" / "sample-corpus"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder; tests that need it skip cleanly when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: real-data checks need ../shared")
    return SHARED


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested once per test session (the whole pipeline); tests that write
    to a database take a copy with `copy_db`."""
    from storytrace import Corpus

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with Corpus(path) as corpus:
        corpus.ingest([str(SAMPLE_CORPUS)])
    return path


def copy_db(source: Path, directory: Path) -> Path:
    """A private copy of a closed database and its ANN index file."""
    import shutil

    target = directory / source.name
    for suffix in ("", ".ann"):
        if Path(str(source) + suffix).exists():
            shutil.copy(str(source) + suffix, str(target) + suffix)
    return target
