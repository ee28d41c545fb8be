"""Approximate nearest-neighbour index over article lead embeddings (faiss HNSW, inner product).

The index lives in a file beside the database (`news.db` → `news.db.ann`), keyed by the articles'
SQLite rowids. The database stays the source of truth: when the file is missing or holds a
different number of vectors than the store says it should, it is rebuilt from the stored
embeddings, so a crash between the two writes costs a rebuild, never a wrong answer.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storytrace.pipeline.embed import DIMENSIONS

HNSW_NEIGHBOURS = 32  # graph degree: faiss's usual default for 512-d text embeddings
HNSW_EF_SEARCH = 128  # search breadth: recall of the true top-10 above 0.99 at 100k vectors


class AnnIndex:
    def __init__(self, path: Path, store: object) -> None:
        import faiss

        self._faiss = faiss
        self.path = path
        self._store = store
        expected = self._expected_count()
        index = faiss.read_index(str(path)) if path.exists() else None
        if index is None or index.ntotal != expected:
            index = self._build()
        faiss.downcast_index(index.index).hnsw.efSearch = HNSW_EF_SEARCH
        self._index = index

    def _expected_count(self) -> int:
        return int(self._store.embedding_count())  # type: ignore[attr-defined]

    def _empty(self):
        faiss = self._faiss
        return faiss.IndexIDMap2(faiss.IndexHNSWFlat(DIMENSIONS, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT))

    def _build(self):
        index = self._empty()
        rowids: list[int] = []
        vectors: list[np.ndarray] = []
        for rowid, blob in self._store.embeddings():  # type: ignore[attr-defined]
            rowids.append(rowid)
            vectors.append(np.frombuffer(blob, dtype=np.float32))
        if rowids:
            index.add_with_ids(np.vstack(vectors), np.asarray(rowids, dtype=np.int64))
        return index

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, rowid: int, vector: np.ndarray) -> None:
        self._index.add_with_ids(vector.reshape(1, -1).astype(np.float32), np.asarray([rowid], dtype=np.int64))

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k nearest stored vectors as (rowid, cosine similarity), best first."""
        if self._index.ntotal == 0:
            return []
        scores, ids = self._index.search(vector.reshape(1, -1).astype(np.float32), min(k, self._index.ntotal))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self) -> None:
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        self._faiss.write_index(self._index, str(tmp))
        tmp.replace(self.path)
