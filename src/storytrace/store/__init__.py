"""Storage behind one module: everything that reads or writes the database goes through `Store`."""

from storytrace.store.db import HIGHLIGHT_END, HIGHLIGHT_START, ArticleFilter, Store, StoreError

__all__ = ["HIGHLIGHT_END", "HIGHLIGHT_START", "ArticleFilter", "Store", "StoreError"]
