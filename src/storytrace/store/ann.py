"""Approximate nearest-neighbour index over article lead embeddings (faiss HNSW, inner product), one
per language.

Why per language: the multilingual encoder puts texts of one language closer together than their
translations. In a big story with hundreds of French articles, a French translation of an English
scoop has French same-story articles as its nearest leads and the English original below them, so a
single top-k over all articles misses the translation. A query therefore returns the k nearest of its
own language and, separately, the k nearest of all other languages together.

The partitions live in one file beside the database (`news.db` → `news.db.ann`, an .npz of the
serialised faiss indexes), keyed by the articles' SQLite rowids. The database stays the source of
truth: when the file is missing, of another format (such as the single index of earlier versions) or
holds per-language counts other than the store's, it is rebuilt from the stored embeddings, so a crash
between the two writes costs a rebuild, never a wrong answer.
"""

from __future__ import annotations

import heapq
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from storytrace.pipeline.embed import DIMENSIONS, embeddable

HNSW_NEIGHBOURS = 32  # graph degree: faiss's usual default for 512-d text embeddings
HNSW_EF_SEARCH = 128  # search breadth: recall of the true top-10 above 0.99 at 100k vectors
# Version of the file layout; a file without it (the single faiss index of earlier versions) or with
# another value is rebuilt.
FORMAT = 2

Language = str | None


class AnnIndex:
    """Lead embeddings of the store's articles of embeddable languages (those the lineage stage
    searches, see `embed.embeddable`), one HNSW index per language code (unknown: `None`)."""

    def __init__(self, path: Path, store: Any) -> None:
        import faiss

        self._faiss = faiss
        self.path = path
        self._store = store
        self._partitions: dict[Language, Any] = self._load() or {}
        if not self.is_current():
            self._rebuild()

    def is_current(self) -> bool:
        """Whether the index holds as many vectors per language as the store (a long-lived reader, such as the
        web server, asks before searching: another process may have ingested since)."""
        expected = {
            language: count for language, count in self._store.embedding_counts().items() if embeddable(language)
        }
        return {language: int(index.ntotal) for language, index in self._partitions.items()} == expected

    def _new_partition(self) -> Any:
        faiss = self._faiss
        index = faiss.IndexIDMap2(faiss.IndexHNSWFlat(DIMENSIONS, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT))
        self._tune(index)
        return index

    def _tune(self, index: Any) -> None:
        self._faiss.downcast_index(index.index).hnsw.efSearch = HNSW_EF_SEARCH

    def _load(self) -> dict[Language, Any] | None:
        """The partitions stored in the file, or None when it is missing, not of this format or damaged (a
        disk error, a copy cut short): the store holds every vector, so such a file costs a rebuild."""
        if not self.path.exists() or not zipfile.is_zipfile(self.path):
            return None
        try:
            with np.load(self.path, allow_pickle=False) as stored:
                if "format" not in stored.files or int(stored["format"]) != FORMAT:
                    return None
                languages = json.loads(str(stored["languages"]))
                partitions = {
                    language: self._faiss.deserialize_index(stored[f"p{i}"]) for i, language in enumerate(languages)
                }
        except (OSError, ValueError, KeyError, RuntimeError, zipfile.BadZipFile):
            return None  # faiss reports an unreadable index as RuntimeError; numpy and zipfile as the others
        for index in partitions.values():
            self._tune(index)
        return partitions

    def _rebuild(self) -> None:
        """Index the stored embeddings afresh. Vectors are inserted one at a time in rowid order: faiss
        inserts a batch on several threads, which makes the graph, and so the approximate answers,
        depend on scheduling."""
        self._partitions = {}
        for rowid, language, blob in self._store.embeddings():
            if embeddable(language):
                self.add(rowid, np.frombuffer(blob, dtype=np.float32), language)

    def __len__(self) -> int:
        return sum(int(index.ntotal) for index in self._partitions.values())

    def add(self, rowid: int, vector: np.ndarray, language: Language) -> None:
        if language not in self._partitions:
            self._partitions[language] = self._new_partition()
        self._partitions[language].add_with_ids(
            vector.reshape(1, -1).astype(np.float32), np.asarray([rowid], dtype=np.int64)
        )

    def search(self, vector: np.ndarray, k: int, language: Language) -> list[tuple[int, float]]:
        """Up to 2k stored vectors as (rowid, cosine similarity), best first: the k nearest of `language`
        (with the articles of unknown language) and the k nearest of all other languages together (each
        partition searched for k, merged).

        Unknown-language articles are ranked with the query's own language: language identification leaves
        short or name-heavy texts undetermined, mostly in the corpus's main language. Counted among the
        other languages they took up to k more candidates for every article (on the 10k scale corpus, 62
        undetected English articles made link 74% slower), while the crowding the second list prevents is
        that of one language over another."""
        query = vector.reshape(1, -1).astype(np.float32)
        own: list[tuple[int, float]] = []
        others: list[tuple[int, float]] = []
        # One query gains nothing from threads, while starting faiss's OpenMP team and its spin-waiting cost
        # ten times the search (0.45 against 0.05 ms CPU at 2,000 vectors, 2 cores); the setting is the
        # calling thread's own (an OpenMP per-thread variable) and is restored.
        threads = self._faiss.omp_get_max_threads()
        self._faiss.omp_set_num_threads(1)
        try:
            for partition_language, index in self._partitions.items():
                scores, ids = index.search(query, min(k, int(index.ntotal)))
                found = [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
                (own if partition_language in (language, None) else others).extend(found)
        finally:
            self._faiss.omp_set_num_threads(threads)
        # Ties broken by rowid, so the answer does not depend on the order of the partitions.
        ranked = [heapq.nsmallest(k, hits, key=lambda hit: (-hit[1], hit[0])) for hits in (own, others)]
        return sorted(ranked[0] + ranked[1], key=lambda hit: (-hit[1], hit[0]))

    def save(self) -> None:
        """Write every partition to the file, atomically (a temporary file renamed over it)."""
        languages = list(self._partitions)
        arrays = {f"p{i}": self._faiss.serialize_index(self._partitions[lang]) for i, lang in enumerate(languages)}
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        with tmp.open("wb") as file:
            np.savez(file, format=np.asarray(FORMAT), languages=np.asarray(json.dumps(languages)), **arrays)
        tmp.replace(self.path)
