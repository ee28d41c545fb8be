"""Executors run pipeline stages; stages never know which one runs them."""

from storytrace.executors.local import LocalExecutor

__all__ = ["LocalExecutor"]
