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
