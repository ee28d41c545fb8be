"""The lead-embedding index: per-language partitions (a translation is not crowded out by same-language
look-alikes), persistence beside the database, and rebuilds from the store when the file is stale."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from storytrace.pipeline.embed import DIMENSIONS
from storytrace.store.ann import AnnIndex

Row = tuple[int, str | None, bytes]


class FakeStore:
    """The two embedding queries of the store, over rows held in memory; counts the full reads."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.reads = 0

    def embedding_counts(self) -> dict[str | None, int]:
        counts: dict[str | None, int] = {}
        for _, language, _ in self.rows:
            counts[language] = counts.get(language, 0) + 1
        return counts

    def embeddings(self) -> Iterator[Row]:
        self.reads += 1
        yield from sorted(self.rows, key=lambda row: row[0])


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _near(base: np.ndarray, cosine: float, rng: np.random.Generator) -> np.ndarray:
    """A unit vector at exactly `cosine` from the unit vector `base`."""
    noise = rng.standard_normal(DIMENSIONS)
    orthogonal = _unit(noise - (noise @ base) * base)
    return _unit(cosine * base + np.sqrt(1 - cosine**2) * orthogonal)


@pytest.fixture
def crowded() -> tuple[np.ndarray, list[Row]]:
    """A French query; 30 French look-alikes nearer to it (cosine 0.9) than its English source (0.8),
    German and unknown-language vectors farther away (0.3), and a Swedish one (not embeddable) nearest."""
    rng = np.random.default_rng(7)
    query = _unit(rng.standard_normal(DIMENSIONS))
    languages = ["fr"] * 30 + ["en"] + ["de"] * 5 + [None] * 5 + ["sv"]
    cosines = [0.9] * 30 + [0.8] + [0.3] * 10 + [0.99]
    rows = [
        (rowid, language, _near(query, cosine, rng).tobytes())
        for rowid, (language, cosine) in enumerate(zip(languages, cosines, strict=True), start=1)
    ]
    return query, rows


ENGLISH_SOURCE = 31  # rowid of the English vector in `crowded`


def test_a_source_in_another_language_is_not_crowded_out(tmp_path: Path, crowded: tuple[np.ndarray, list[Row]]) -> None:
    query, rows = crowded
    index = AnnIndex(tmp_path / "news.db.ann", FakeStore(rows))
    hits = index.search(query, 20, "fr")
    assert len(index) == 41  # the Swedish vector is not indexed: the lineage stage never searches it
    assert ENGLISH_SOURCE in [rowid for rowid, _ in hits]
    assert len(hits) == 26  # the 20 best of French and unknown (all French), and the 6 English and German
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)
    assert sum(1 for rowid, _ in hits if rowid <= 30) == 20
    assert index.search(query, 3, "fr")[3] == (ENGLISH_SOURCE, pytest.approx(0.8, abs=1e-4))  # after 3 French


def test_a_new_language_gets_its_own_partition(tmp_path: Path, crowded: tuple[np.ndarray, list[Row]]) -> None:
    query, rows = crowded
    index = AnnIndex(tmp_path / "news.db.ann", FakeStore(rows))
    index.add(99, query, "it")
    nearest_french, nearest_other = index.search(query, 1, "fr")[::-1]  # best first: the other is the query
    assert nearest_other[0] == 99 and nearest_french[0] <= 30
    assert index.search(query, 1, "it")[0] == (99, pytest.approx(1.0, abs=1e-4))


def test_saved_index_is_reloaded_with_the_same_answers(tmp_path: Path, crowded: tuple[np.ndarray, list[Row]]) -> None:
    query, rows = crowded
    path = tmp_path / "news.db.ann"
    built = AnnIndex(path, FakeStore(rows))
    built.save()
    store = FakeStore(rows)
    loaded = AnnIndex(path, store)
    assert store.reads == 0  # read from the file, not rebuilt
    for language in ("fr", "en", "de", None):
        assert loaded.search(query, 20, language) == built.search(query, 20, language)
    rebuilt = AnnIndex(tmp_path / "elsewhere.ann", FakeStore(rows))  # a second build: the same graph
    assert rebuilt.search(query, 5, "de") == built.search(query, 5, "de")


def test_stale_or_old_format_file_is_rebuilt(tmp_path: Path, crowded: tuple[np.ndarray, list[Row]]) -> None:
    import faiss

    query, rows = crowded
    path = tmp_path / "news.db.ann"
    AnnIndex(path, FakeStore(rows)).save()
    # Same total, other per-language counts: one French article is now stored as German.
    moved = [(rowid, "de" if rowid == 1 else language, blob) for rowid, language, blob in rows]
    store = FakeStore(moved)
    # The nearest German is the moved one now (0.9, not 0.3), the nearest other a French one.
    assert [score for _, score in AnnIndex(path, store).search(query, 1, "de")] == pytest.approx([0.9, 0.9], abs=1e-4)
    assert store.reads == 1
    # The single faiss index earlier versions wrote, holding the right number of vectors.
    old = faiss.IndexIDMap2(faiss.IndexHNSWFlat(DIMENSIONS, 32, faiss.METRIC_INNER_PRODUCT))
    embeddable = [row for row in rows if row[1] != "sv"]
    old.add_with_ids(
        np.vstack([np.frombuffer(blob, dtype=np.float32) for _, _, blob in embeddable]),
        np.asarray([rowid for rowid, _, _ in embeddable], dtype=np.int64),
    )
    faiss.write_index(old, str(path))
    store = FakeStore(rows)
    index = AnnIndex(path, store)
    assert store.reads == 1
    assert ENGLISH_SOURCE in [rowid for rowid, _ in index.search(query, 20, "fr")]


def test_a_damaged_file_is_rebuilt_not_fatal(tmp_path: Path, crowded: tuple[np.ndarray, list[Row]]) -> None:
    query, rows = crowded
    path = tmp_path / "news.db.ann"
    AnnIndex(path, FakeStore(rows)).save()
    whole = path.read_bytes()
    for damaged in (whole[: len(whole) // 2], whole[:200] + bytes(len(whole) - 400) + whole[-200:], b"\x00garbage"):
        path.write_bytes(damaged)
        store = FakeStore(rows)
        index = AnnIndex(path, store)
        assert store.reads == 1
        assert ENGLISH_SOURCE in [rowid for rowid, _ in index.search(query, 20, "fr")]


def test_unknown_language_articles_rank_with_the_query_language(
    tmp_path: Path, crowded: tuple[np.ndarray, list[Row]]
) -> None:
    """They compete with the query's own language, so they cannot fill the list kept for other languages."""
    query, rows = crowded
    index = AnnIndex(tmp_path / "news.db.ann", FakeStore(rows))
    unknown = {rowid for rowid, language, _ in rows if language is None}
    assert not unknown & {rowid for rowid, _ in index.search(query, 20, "fr")}  # 20 French are nearer
    german = {rowid for rowid, _ in index.search(query, 10, "de")}  # own: 5 German + 5 unknown; others: French
    assert unknown <= german and len(german) == 20
