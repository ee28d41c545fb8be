"""The local executor's generic `map`: results in input order, inline or in worker processes."""

from __future__ import annotations

import pytest

from storytrace.executors import LocalExecutor


@pytest.mark.parametrize("jobs", [1, 2])
def test_map_keeps_input_order(jobs: int) -> None:
    items = [5, -3, 0, -8, 2, 7, -1]  # more items than the window of 2 * jobs
    assert list(LocalExecutor(jobs).map(abs, items)) == [abs(i) for i in items]


def test_rejects_bad_sizes() -> None:
    with pytest.raises(ValueError):
        LocalExecutor(0)
