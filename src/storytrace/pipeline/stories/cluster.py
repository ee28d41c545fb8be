"""Incremental multilingual story clustering: each new article joins its event's story or starts one.

In the spirit of Miranda et al. (EMNLP 2018, "Multilingual Clustering of Streaming News"): a story
keeps a compact representation (embedding centroid, IDF-weighted profiles of terms, entities,
numbers and mentioned dates, its languages and time span), an arriving article is compared only
with the stories it could belong to (blocking: active in its time window, then the nearest
centroids plus stories sharing its rarest keys), a logistic model turns the similarity features
into the probability that the article belongs to the best candidate, and below a threshold it
starts a new story. The nearest centroids of a batch's articles come from one matrix product per
block of articles (`_CentroidCache`), so no decision scans every story or active centroid itself.
Stored stories are never re-clustered on arrival: a new batch is placed in
canonical order and only its own articles are reassigned; `recluster` is the same order-independent
pass over everything.

The feature weights and threshold are data (`weights.json`), fitted by `evaluation/stories_dev.py
--fit` on ECB+ and the extra dev file; `ClusterConfig` can override them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import math
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from storytrace.model import StateDelta
from storytrace.pipeline.embed import DIMENSIONS, embed
from storytrace.pipeline.stories.features import DocFeatures, extract_features

CHANNELS = ("terms", "entities", "numbers", "when")
FEATURES = (
    "embedding",  # cosine of the article's title+lead embedding with the story centroid
    "terms",  # IDF-weighted cosines of the article with the story profile, one per channel
    "entities",
    "numbers",
    "when",
    "when_conflict",  # both name years/dates and share none
    # log(1 + gap) / log(1 + window_days), gap = days between the article and the story's span; 0 when
    # either is undated. Time can only count against a story: being published the same day as a story
    # is no evidence of belonging to it (a day's news holds hundreds of stories).
    "time_gap",
    # Content similarity times closeness exp(-gap / time_scale_days) (0 when undated): nearness in time
    # strengthens content evidence but cannot join unrelated articles on its own.
    "embedding_near",
    "entities_near",
    # Share of the story's articles in another language than this one (0 when unknown): cross-language
    # pairs share fewer terms, so the model needs its own offset for them (as Miranda et al. keep
    # separate monolingual and cross-lingual models).
    "other_language",
)
_WEIGHTS_FILE = Path(__file__).with_name("weights.json")
# 1 kept the whole state in one JSON blob (migration m009 splits it into records); 2 wrote centroids as JSON
# lists of numbers (~10 kB a story, most of the state), 3 as base64 float32 (2.7 kB, exact); both are read,
# since a story's record is rewritten only when the story changes
STATE_VERSION = 3
_READABLE_STATE_VERSIONS = (2, 3)
# Articles whose nearest centroids are computed together (`_CentroidCache`): enough rows for the matrix
# product to run at matrix-matrix speed (measured ~10x the per-row throughput of one matrix-vector product
# per article), few enough that recomputing one changed story's column for every row stays cheap.
QUERY_BLOCK = 1024
# Changed stories scored one by one per decision before their columns are recomputed for the whole block:
# scoring them costs about as much per decision as the cached top-k selection itself. Only speed depends
# on it; the candidates do not.
DIRTY_LIMIT = 64
# Cap on one block's cached similarities (float32, 64 MB): a block whose articles may join very many
# stories (undated, or spread over a long time) is halved until its rows x candidate stories fit.
MAX_CACHED_SIMS = 1 << 24
# The article dates an undated article or story stands for (all of them), and the empty range of an
# empty story.
_ALL_DAYS = (dt.date.min.toordinal(), dt.date.max.toordinal())
_NO_DAYS = (1, 0)


@lru_cache(maxsize=1)
def _default_model() -> dict[str, Any]:
    return json.loads(_WEIGHTS_FILE.read_text(encoding="utf-8"))


@dataclass
class StoryDoc:
    """One article to cluster. `embedding` (title + lead, L2-normalised) is computed when absent."""

    id: str
    text: str
    title: str | None = None
    language: str | None = None
    published: dt.date | None = None
    embedding: np.ndarray | None = None
    entities: list[str] | None = None
    linked_to: list[str] | None = None


@dataclass
class ClusterConfig:
    """Model and blocking settings. Weights/bias/threshold default to the fitted `weights.json`."""

    weights: dict[str, float] = field(default_factory=lambda: dict(_default_model()["weights"]))
    bias: float = field(default_factory=lambda: float(_default_model()["bias"]))
    threshold: float = field(default_factory=lambda: float(_default_model()["threshold"]))
    # An article is compared only with stories whose time span lies within this many days of its date
    # (news coverage of one event is dense over days; a longer window costs time, not quality).
    window_days: int = 30
    time_scale_days: float = 3.0  # decay of closeness in time (coverage of one event is densest over days)
    embedding_candidates: int = 24  # nearest centroids among active stories
    key_candidates: int = 6  # rarest entity/fact keys of the article looked up in the inverted index
    rare_key_share: float = 0.05  # keys in more than this share of articles are not looked up
    max_profile_keys: int = 600  # per channel and story; the lightest keys are pruned beyond twice this
    refine_passes: int = 2  # reassignment passes over a new batch (`add`) or everything (`recluster`)


@dataclass
class _Story:
    id: str
    doc_ids: list[str]
    centroid: np.ndarray  # sum of member embeddings
    profiles: dict[str, dict[str, float]]  # channel -> key -> summed member weight
    first: dt.date | None = None
    last: dt.date | None = None
    languages: Counter[str] = field(default_factory=Counter)  # member articles per language
    norms: dict[str, float] = field(default_factory=dict)  # cached IDF-weighted profile norms
    # their squares, kept up to date key by key while the IDF is the one they were computed with (`norms_at`:
    # the document count then, since the IDF changes only when documents are counted)
    squares: dict[str, float] = field(default_factory=dict)
    norms_at: int = -1
    seq: int = 0  # creation order: ties between candidates resolve the same way after a reload


def story_id_for(doc_id: str) -> str:
    """Deterministic story id from the id of the story's first article."""
    return "s" + hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:12]


_Item = tuple[StoryDoc, DocFeatures, np.ndarray]  # an article to place, its features and its embedding


def _ordinal(day: dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def canonical_key(doc_id: str, day: dt.date | None) -> tuple[int, str]:
    """The order a batch is placed in: publication day (undated first), then id."""
    return (_ordinal(day) or 0, doc_id)


def _centroid(stored: str | list[float]) -> np.ndarray:
    """A story centroid as state records hold it: base64 float32, or a list of numbers (state version 2)."""
    if isinstance(stored, str):
        return np.frombuffer(base64.b64decode(stored), dtype=np.float32).copy()
    return np.asarray(stored, dtype=np.float32)


def _days_of(day: dt.date | None) -> tuple[int, int]:
    """The article dates (ordinals) an article stands for: its own, or any when undated."""
    return (ordinal, ordinal) if (ordinal := _ordinal(day)) is not None else _ALL_DAYS


def _overlapping(lo: np.ndarray, hi: np.ndarray, first: int, last: int) -> np.ndarray:
    """Mask of the stories whose active dates [lo, hi] meet the article dates [first, last]."""
    return (lo <= last) & (first <= hi)


class _CentroidCache:
    """Nearest active story centroids for a block of articles placed in a known order.

    Scoring one article against every active centroid is a matrix-vector product of O(active x dim),
    and with dense coverage (many stories in the window) it dominated the clusterer. Here the block's
    articles are scored against the stories active around their dates in one matrix product when the
    block opens. A story that changes afterwards (joined, left, created, span widened) is marked dirty:
    its cached column is ignored and it is scored exactly, one by one, until more than DIRTY_LIMIT are
    dirty, then their columns are recomputed for every row. The candidates are those of a brute-force
    scan over all active stories (up to float rounding of the dot products).
    """

    def __init__(
        self, owner: StoryClusterer, queries: np.ndarray, days: list[tuple[int, int]], positions: np.ndarray
    ) -> None:
        """`days`: each row's article dates (`_days_of`); `positions`: the stories active for any of them."""
        self.owner = owner
        self.queries = queries
        self.row = 0  # the article being decided: the caller moves it along the block
        self.days = days
        self.positions = positions  # column -> story position
        self.lo, self.hi = owner._active_days(positions)  # active dates of the cached columns
        self.sims = queries @ owner._centroids[self.positions].T
        self.columns = {position: column for column, position in enumerate(self.positions.tolist())}
        self.width = self.positions.size  # columns in use (the arrays may hold spare ones)
        self.dirty: set[int] = set()

    def changed(self, position: int) -> None:
        """A story's centroid or span changed (or it was created): stop trusting its cached column."""
        self.dirty.add(position)
        column = self.columns.get(position)
        if column is not None:
            self.lo[column], self.hi[column] = _NO_DAYS

    def nearest(self, embedding: np.ndarray, k: int) -> np.ndarray:
        """The (at most) k active stories whose centroids are nearest to the current row's embedding."""
        if len(self.dirty) > DIRTY_LIMIT:
            self._recompute_dirty()
        first, last = self.days[self.row]
        width = self.width
        columns = np.flatnonzero(_overlapping(self.lo[:width], self.hi[:width], first, last))
        positions = self.positions[columns]
        sims = self.sims[self.row, columns]
        if self.dirty:
            extra = np.array(sorted(self.dirty), dtype=np.int64)
            extra = extra[_overlapping(*self.owner._active_days(extra), first, last)]
            positions = np.concatenate([positions, extra])
            sims = np.concatenate([sims, self.owner._centroids[extra] @ embedding])
        if positions.size > k:
            positions = positions[np.argpartition(-sims, k)[:k]]
        return positions

    def _recompute_dirty(self) -> None:
        positions = np.array(sorted(self.dirty), dtype=np.int64)
        self.dirty.clear()
        new = [p for p in positions.tolist() if p not in self.columns]
        if self.width + len(new) > self.positions.size:  # grow the spare columns geometrically
            size = max(2 * self.positions.size, self.width + len(new))
            self.positions = np.resize(self.positions, size)
            self.lo, self.hi = np.resize(self.lo, size), np.resize(self.hi, size)
            self.sims = np.hstack([self.sims, np.zeros((self.sims.shape[0], size - self.sims.shape[1]), np.float32)])
        for position in new:
            self.columns[position] = self.width
            self.positions[self.width] = position
            self.width += 1
        columns = np.array([self.columns[p] for p in positions.tolist()], dtype=np.int64)
        self.sims[:, columns] = self.queries @ self.owner._centroids[positions].T
        self.lo[columns], self.hi[columns] = self.owner._active_days(positions)


class StoryClusterer:
    """Streaming story clusterer; see the module docstring for the method."""

    def __init__(self, config: ClusterConfig | None = None) -> None:
        self.config = config or ClusterConfig()
        self._weights = np.array([self.config.weights[name] for name in FEATURES], dtype=np.float64)
        self._stories: list[_Story] = []
        self._index: dict[str, int] = {}  # story id -> position
        self._doc_story: dict[str, str] = {}
        self._df: dict[str, Counter[str]] = {channel: Counter() for channel in CHANNELS}
        self._n_docs = 0
        self._norm_epoch = 1  # document count at the last full recomputation of profile norms
        self._postings: dict[str, set[int]] = {}  # "channel|key" -> story positions
        # One row per story position: normalised centroid, time span, whether dated, whether non-empty.
        self._centroids = np.zeros((16, DIMENSIONS), dtype=np.float32)
        self._first = np.zeros(16, dtype=np.int64)
        self._last = np.zeros(16, dtype=np.int64)
        self._dated = np.zeros(16, dtype=bool)
        self._live = np.zeros(16, dtype=bool)
        self._next_seq = 0
        self._block: _CentroidCache | None = None  # the articles being placed, while `_assign_in_order` runs
        # what changed since the last `state_changes()`: story ids and (channel, term) df keys
        self._dirty_stories: set[str] = set()
        self._dirty_df: set[tuple[str, str]] = set()
        self.token: str | None = None  # identifies the persisted state this clusterer last wrote or read

    # ------------------------------------------------------------------ public API

    def add(self, docs: Sequence[StoryDoc]) -> list[str]:
        """Assign a batch of new articles to existing stories or new ones; return the story ids.

        Within the batch the articles are taken in canonical order (date, then id) with document
        frequencies counted over the batch first, then the new articles alone are reassigned to
        their best story for a few passes (stored articles never move). So one batch is clustered
        independently of the order it was read in, as `recluster` does for everything, and a
        stream fed one article at a time behaves as before. An article already seen (same id)
        keeps its story and is not counted twice, so a resumed stream may replay its tail.
        """
        embeddings = self._embeddings(docs)
        fresh: dict[str, tuple[StoryDoc, np.ndarray]] = {}
        for doc, embedding in zip(docs, embeddings, strict=True):
            if doc.id not in self._doc_story:
                fresh.setdefault(doc.id, (doc, embedding))
        ordered = sorted(fresh.values(), key=lambda item: canonical_key(item[0].id, item[0].published))
        features = [extract_features(doc.text, doc.title, doc.entities) for doc, _ in ordered]
        for feats in features:
            self._count_df(feats)
        existing = {s.id for s in self._stories if s.doc_ids}
        items = [(doc, feats, embedding) for (doc, embedding), feats in zip(ordered, features, strict=True)]
        self._assign_in_order(items, self.config.refine_passes if len(ordered) > 1 else 0)
        if len(ordered) > 1:
            self._name_new_stories([doc for doc, _ in ordered], existing)
        return [self._doc_story[doc.id] for doc in docs]

    def recluster(self, docs: Sequence[StoryDoc]) -> dict[str, str]:
        """Cluster `docs` from scratch, independently of their order; return article id -> story id.

        Articles are taken in a canonical order (date, then id) with document frequencies counted
        over the whole batch, then each article is reassigned to its best story for a few passes,
        which repairs early decisions made with little context. This clusterer's state is replaced.
        """
        order = sorted(range(len(docs)), key=lambda i: canonical_key(docs[i].id, docs[i].published))
        ordered = [docs[i] for i in order]
        embeddings = self._embeddings(ordered)
        features = [extract_features(d.text, d.title, d.entities) for d in ordered]
        fresh = StoryClusterer(self.config)
        for feats in features:
            fresh._count_df(feats)
        fresh._assign_in_order(list(zip(ordered, features, embeddings, strict=True)), self.config.refine_passes)
        fresh._rename_stories(ordered)
        self.__dict__.update(fresh.__dict__)
        return {doc.id: self._doc_story[doc.id] for doc in docs}

    def story_of(self, doc_id: str) -> str | None:
        """The story an article was assigned to, if known."""
        return self._doc_story.get(doc_id)

    def stories(self) -> dict[str, list[str]]:
        """Story id -> member article ids (non-empty stories only)."""
        return {s.id: list(s.doc_ids) for s in self._stories if s.doc_ids}

    def state_changes(self, replace: bool = False) -> StateDelta:
        """What changed since the last call, as keyed records (everything when `replace`), for the
        store to persist incrementally; `from_records` resumes the stream from what was stored.

        Records: `story|<id>` (centroid, profiles, languages, time span, creation order) and
        `df|<channel>|<term>` (document frequency). Member ids are not part of it: they are the
        stored memberships. `token` changes with every call, so a cached clusterer can tell whether
        the stored state is still the one it wrote.
        """
        self.token = uuid.uuid4().hex
        meta = {
            "version": STATE_VERSION,
            "config": asdict(self.config),
            "n_docs": self._n_docs,
            "norm_epoch": self._norm_epoch,
            "next_seq": self._next_seq,
            "token": self.token,
        }
        delta = StateDelta(meta, replace=replace)
        if replace:
            story_ids = {s.id for s in self._stories if s.doc_ids}
            df_keys = {(channel, key) for channel in CHANNELS for key in self._df[channel]}
        else:
            story_ids, df_keys = self._dirty_stories, self._dirty_df
        for story_id in sorted(story_ids):
            position = self._index.get(story_id)
            story = None if position is None else self._stories[position]
            if story is None or not story.doc_ids or story.id != story_id:
                delta.removed.add(f"story|{story_id}")
                continue
            delta.records[f"story|{story_id}"] = {
                "seq": story.seq,
                "centroid": base64.b64encode(story.centroid.astype(np.float32).tobytes()).decode("ascii"),
                "profiles": story.profiles,
                "languages": dict(story.languages),
                "first": story.first.isoformat() if story.first else None,
                "last": story.last.isoformat() if story.last else None,
            }
        for channel, key in sorted(df_keys):
            delta.records[f"df|{channel}|{key}"] = self._df[channel][key]
        self._dirty_stories, self._dirty_df = set(), set()
        return delta

    @classmethod
    def from_records(
        cls, meta: dict[str, Any], records: dict[str, Any], members: dict[str, list[str]]
    ) -> StoryClusterer:
        """Rebuild a clusterer from stored `state_changes()` output and the stored memberships."""
        if meta.get("version") not in _READABLE_STATE_VERSIONS:
            raise ValueError(f"unsupported story clusterer state version {meta.get('version')!r}")
        clusterer = cls(ClusterConfig(**meta["config"]))
        clusterer._n_docs = int(meta["n_docs"])
        clusterer._norm_epoch = int(meta["norm_epoch"])
        clusterer.token = meta["token"]
        stories = []
        for key, value in records.items():
            kind, _, name = key.partition("|")
            if kind == "df":
                channel, _, term = name.partition("|")
                clusterer._df[channel][term] = int(value)
            else:
                stories.append((int(value["seq"]), name, value))
        for seq, story_id, item in sorted(stories):  # creation order, as the stream held them
            story = _Story(
                id=story_id,
                doc_ids=list(members.get(story_id, ())),
                centroid=_centroid(item["centroid"]),
                profiles={channel: dict(item["profiles"][channel]) for channel in CHANNELS},
                languages=Counter(item["languages"]),
                first=dt.date.fromisoformat(item["first"]) if item["first"] else None,
                last=dt.date.fromisoformat(item["last"]) if item["last"] else None,
                seq=seq,
            )
            position = clusterer._new_slot(story)
            clusterer._refresh(position)
            for channel in CHANNELS:
                for key in story.profiles[channel]:
                    clusterer._postings.setdefault(f"{channel}|{key}", set()).add(position)
            for doc_id in story.doc_ids:
                clusterer._doc_story[doc_id] = story.id
        clusterer._next_seq = max(clusterer._next_seq, int(meta["next_seq"]))
        return clusterer

    @staticmethod
    def embed_text(doc: StoryDoc) -> str:
        """The title + lead text whose embedding represents an article (for precomputing `embedding`)."""
        return extract_features(doc.text, doc.title, []).embed_text

    # ------------------------------------------------------------------ training support

    def gold_pairs(self, docs: Sequence[StoryDoc], labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Stream `docs` assigning each to its gold story; return candidate features and targets.

        For every article after the first, the features of each candidate story (as blocking would
        propose them) and whether it is the article's gold story; used to fit `weights.json`.
        """
        rows: list[np.ndarray] = []
        targets: list[np.ndarray] = []
        embeddings = self._embeddings(docs)
        for doc, label, embedding in zip(docs, labels, embeddings, strict=True):
            features = extract_features(doc.text, doc.title, doc.entities)
            self._count_df(features)
            candidates = self._candidates(features, embedding, doc.published)
            if candidates:
                rows.append(self._feature_matrix(candidates, doc, features, embedding))
                targets.append(np.array([self._stories[c].id == label for c in candidates], dtype=float))
            position = self._index.get(label)
            if position is None:
                position = self._new_story_with_id(label)
            self._join(position, doc, features, embedding)
        if not rows:
            return np.zeros((0, len(FEATURES))), np.zeros(0)
        return np.vstack(rows), np.concatenate(targets)

    # ------------------------------------------------------------------ internals

    def _embeddings(self, docs: Sequence[StoryDoc]) -> np.ndarray:
        missing = [i for i, d in enumerate(docs) if d.embedding is None]
        out = np.zeros((len(docs), self._centroids.shape[1]), dtype=np.float32)
        if missing:
            texts = [self.embed_text(docs[i]) for i in missing]
            out[missing] = embed(texts)
        for i, doc in enumerate(docs):
            if doc.embedding is not None:
                vector = np.asarray(doc.embedding, dtype=np.float32)
                out[i] = vector / (np.linalg.norm(vector) or 1.0)
        return out

    def _count_df(self, features: DocFeatures) -> None:
        self._n_docs += 1
        for channel in CHANNELS:
            keys = getattr(features, channel).keys()
            self._df[channel].update(keys)
            self._dirty_df.update((channel, key) for key in keys)
        if self._n_docs >= 1.25 * self._norm_epoch:  # IDF drifted: refresh every cached norm
            self._norm_epoch = self._n_docs
            for story in self._stories:
                self._refresh_norms(story)

    def _idf(self, channel: str, key: str) -> float:
        return math.log((self._n_docs + 1) / (self._df[channel].get(key, 0) + 1)) + 1.0

    def _assign_in_order(self, items: Sequence[_Item], refine_passes: int) -> None:
        """Place each article in order, then reassign each in the same order for up to `refine_passes`
        passes until none moves; nearest centroids come from a `_CentroidCache` per block of articles,
        kept across the passes when one block holds them all."""
        whole: list[tuple[Sequence[_Item], _CentroidCache]] = []  # the one block of all items, once opened
        try:
            for done in range(1 + refine_passes):
                moved = 0
                for block, cache in whole or self._query_blocks(items):
                    self._block = cache
                    if len(block) == len(items):
                        whole = [(block, cache)]
                    for row, (doc, features, embedding) in enumerate(block):
                        cache.row = row
                        if done == 0:
                            self._place(doc, features, embedding)
                        else:
                            moved += self._reassign(doc, features, embedding)
                if done and not moved:
                    break
        finally:
            self._block = None

    def _query_blocks(self, items: Sequence[_Item]) -> Iterable[tuple[Sequence[_Item], _CentroidCache]]:
        """Consecutive blocks of items with their `_CentroidCache`, each opened
        when the previous block is done: at most QUERY_BLOCK articles and MAX_CACHED_SIMS similarities."""
        start = 0
        while start < len(items):
            end = min(len(items), start + QUERY_BLOCK)
            while True:
                days = [_days_of(doc.published) for doc, _, _ in items[start:end]]
                positions = self._active_between(min(lo for lo, _ in days), max(hi for _, hi in days))
                if end - start == 1 or (end - start) * positions.size <= MAX_CACHED_SIMS:
                    break
                end = start + (end - start) // 2
            queries = np.array([embedding for _, _, embedding in items[start:end]])
            yield items[start:end], _CentroidCache(self, queries, days, positions)
            start = end

    def _place(self, doc: StoryDoc, features: DocFeatures, embedding: np.ndarray) -> str:
        position = self._linked_story(doc)
        if position is None:
            position = self._best(doc, features, embedding)
        if position is None:
            position = self._new_story_with_id(story_id_for(doc.id))
        self._join(position, doc, features, embedding)
        return self._stories[position].id

    def _linked_story(self, doc: StoryDoc) -> int | None:
        for source in doc.linked_to or ():
            story = self._doc_story.get(source)
            if story is not None:
                return self._index[story]
        return None

    def _best(self, doc: StoryDoc, features: DocFeatures, embedding: np.ndarray) -> int | None:
        """The best-scoring candidate story if its probability reaches the threshold, else None."""
        candidates = self._candidates(features, embedding, doc.published)
        if not candidates:
            return None
        scores = self._feature_matrix(candidates, doc, features, embedding) @ self._weights + self.config.bias
        best = int(np.argmax(scores))
        probability = 1.0 / (1.0 + math.exp(-float(scores[best])))
        return candidates[best] if probability >= self.config.threshold else None

    def _candidates(self, features: DocFeatures, embedding: np.ndarray, day: dt.date | None) -> list[int]:
        """Blocking: active stories near in time, then nearest centroids plus stories sharing rare keys."""
        days = _days_of(day)
        block = self._block or _CentroidCache(self, embedding[np.newaxis], [days], self._active_between(*days))
        chosen = set(block.nearest(embedding, self.config.embedding_candidates).tolist())
        limit = self.config.rare_key_share * self._n_docs
        keyed = [
            (self._df[channel].get(key, 0), f"{channel}|{key}")
            for channel in ("entities", "numbers", "when")
            for key in getattr(features, channel)
            if self._df[channel].get(key, 0) <= max(limit, 2)
        ]
        rarest = sorted(keyed)[: self.config.key_candidates]
        sharing = {position for _, posting in rarest for position in self._postings.get(posting, ())}
        if sharing:
            shared = np.array(sorted(sharing), dtype=np.int64)
            chosen.update(shared[_overlapping(*self._active_days(shared), *days)].tolist())
        return sorted(chosen)

    def _active_between(self, first: int, last: int) -> np.ndarray:
        """Positions of the stories active for some article date in [first, last]."""
        return np.flatnonzero(_overlapping(*self._active_days(np.arange(len(self._stories))), first, last))

    def _active_days(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per story, the article dates [lo, hi] (ordinals) it is a candidate for: its time span widened by
        the window; every date when it is undated; none when it is empty."""
        window = self.config.window_days
        dated = self._dated[positions]
        lo = np.where(dated, self._first[positions] - window, _ALL_DAYS[0])
        hi = np.where(dated, self._last[positions] + window, _ALL_DAYS[1])
        empty = ~self._live[positions]
        lo[empty], hi[empty] = _NO_DAYS
        return lo, hi

    def _feature_matrix(
        self, candidates: list[int], doc: StoryDoc, features: DocFeatures, embedding: np.ndarray
    ) -> np.ndarray:
        """One row of FEATURES per candidate story."""
        day = doc.published
        matrix = np.zeros((len(candidates), len(FEATURES)))
        matrix[:, 0] = self._centroids[candidates] @ embedding
        # per channel: the article's weights times IDF² (the IDF of both sides of the dot product,
        # computed once per article rather than once per candidate) and its IDF-weighted norm
        doc_vectors = {}
        for channel in CHANNELS:
            idf = {key: self._idf(channel, key) for key in getattr(features, channel)}
            weighted = {key: w * idf[key] for key, w in getattr(features, channel).items()}
            norm = math.sqrt(sum(v * v for v in weighted.values()))
            doc_vectors[channel] = ({key: v * idf[key] for key, v in weighted.items()}, norm)
        # per channel: the article's (key, weight) pairs and norm, and its column; a list comprehension in the
        # dot product sums the same terms in the same order as a generator would, a third faster
        channels = [(column, channel, list(doc_vectors[channel][0].items()), doc_vectors[channel][1])
                    for column, channel in enumerate(CHANNELS, start=1)]
        ordinal = day.toordinal() if day is not None else 0
        for row, position in enumerate(candidates):
            story = self._stories[position]
            for column, channel, items, norm in channels:
                story_norm = story.norms.get(channel, 0.0)
                if norm == 0.0 or story_norm == 0.0:
                    continue
                profile = story.profiles[channel]
                dot = sum([v * profile[key] for key, v in items if key in profile])
                matrix[row, column] = dot / (norm * story_norm)
            if doc_vectors["when"][1] > 0 and story.norms.get("when", 0.0) > 0:
                matrix[row, 5] = float(matrix[row, 4] == 0.0)
            if day is not None and story.first is not None and story.last is not None:
                gap = max(0, story.first.toordinal() - ordinal, ordinal - story.last.toordinal())
                matrix[row, 6] = math.log1p(gap) / math.log1p(self.config.window_days)
                near = math.exp(-gap / self.config.time_scale_days)
                matrix[row, 7] = matrix[row, 0] * near
                matrix[row, 8] = matrix[row, 2] * near
            members = sum(story.languages.values())
            if doc.language and members:
                matrix[row, 9] = 1.0 - story.languages.get(doc.language, 0) / members
        return matrix

    def _new_slot(self, story: _Story) -> int:
        """Append a story at the next position; a new story gets the next creation number."""
        story.seq = max(story.seq, self._next_seq)
        self._next_seq = story.seq + 1
        position = len(self._stories)
        if position == self._centroids.shape[0]:
            grow = position * 2
            self._centroids = np.resize(self._centroids, (grow, self._centroids.shape[1]))
            self._first, self._last, self._dated, self._live = (
                np.resize(a, grow) for a in (self._first, self._last, self._dated, self._live)
            )
        self._stories.append(story)
        self._index[story.id] = position
        return position

    def _new_story_with_id(self, story_id: str) -> int:
        story = _Story(
            id=story_id,
            doc_ids=[],
            centroid=np.zeros(self._centroids.shape[1], dtype=np.float32),
            profiles={channel: {} for channel in CHANNELS},
        )
        return self._new_slot(story)

    def _join(self, position: int, doc: StoryDoc, features: DocFeatures, embedding: np.ndarray) -> None:
        story = self._stories[position]
        story.doc_ids.append(doc.id)
        self._dirty_stories.add(story.id)
        story.centroid += embedding
        for channel in CHANNELS:
            profile = story.profiles[channel]
            for key, weight in getattr(features, channel).items():
                if key not in profile:
                    self._postings.setdefault(f"{channel}|{key}", set()).add(position)
                old = profile.get(key, 0.0)
                profile[key] = old + weight
                self._reweigh(story, channel, key, old, old + weight)
            self._prune(position, channel)
        if doc.published is not None:
            story.first = min(story.first or doc.published, doc.published)
            story.last = max(story.last or doc.published, doc.published)
        if doc.language:
            story.languages[doc.language] += 1
        self._doc_story[doc.id] = story.id
        self._refresh(position)

    def _leave(self, position: int, doc: StoryDoc, features: DocFeatures, embedding: np.ndarray) -> None:
        """Undo `_join` (profiles and centroid; the time span stays, a harmless over-estimate)."""
        story = self._stories[position]
        story.doc_ids.remove(doc.id)
        self._dirty_stories.add(story.id)
        story.centroid -= embedding
        for channel in CHANNELS:
            profile = story.profiles[channel]
            for key, weight in getattr(features, channel).items():
                if key in profile:
                    old = profile[key]
                    profile[key] -= weight
                    if profile[key] <= 1e-9:
                        del profile[key]
                        self._postings.get(f"{channel}|{key}", set()).discard(position)
                    self._reweigh(story, channel, key, old, profile.get(key, 0.0))
        if doc.language:
            story.languages[doc.language] -= 1
        del self._doc_story[doc.id]
        self._refresh(position)

    def _reassign(self, doc: StoryDoc, features: DocFeatures, embedding: np.ndarray) -> int:
        """Move one article to its best story given all others; return 1 if it moved."""
        current = self._index[self._doc_story[doc.id]]
        self._leave(current, doc, features, embedding)
        target = self._linked_story(doc)
        if target is None:
            target = self._best(doc, features, embedding)
        if target is None:
            target = (
                current if not self._stories[current].doc_ids else self._new_story_with_id(f"tmp{len(self._stories)}")
            )
        self._join(target, doc, features, embedding)
        return int(target != current)

    def _name_new_stories(self, ordered: Sequence[StoryDoc], existing: set[str]) -> None:
        """Name each story opened by this batch after its first member in canonical order (reassignment
        may have moved the article that opened it); stories that existed before keep their ids."""
        rank = {doc.id: i for i, doc in enumerate(ordered)}
        taken = set(existing)
        opened = [(p, s) for p, s in enumerate(self._stories) if s.doc_ids and s.id not in existing]
        for position, story in sorted(opened, key=lambda item: min(rank[d] for d in item[1].doc_ids)):
            first = min(story.doc_ids, key=rank.__getitem__)
            name, suffix = story_id_for(first), 1
            while name in taken:  # the id of a story that still holds other articles
                name, suffix = story_id_for(f"{first}#{suffix}"), suffix + 1
            taken.add(name)
            self._dirty_stories.update((story.id, name))
            if name != story.id:
                if self._index.get(story.id) == position:
                    del self._index[story.id]
                story.id = name
                self._index[name] = position
            for doc_id in story.doc_ids:
                self._doc_story[doc_id] = name

    def _rename_stories(self, ordered: Iterable[StoryDoc]) -> None:
        """Give every story the deterministic id of its first member in canonical order."""
        rank = {doc.id: i for i, doc in enumerate(ordered)}
        live = [s for s in self._stories if s.doc_ids]
        self._stories, self._index, self._postings = [], {}, {}
        for story in live:
            story.doc_ids.sort(key=rank.__getitem__)
            story.id = story_id_for(story.doc_ids[0])
            position = self._new_slot(story)
            for doc_id in story.doc_ids:
                self._doc_story[doc_id] = story.id
            for channel in CHANNELS:
                for key in story.profiles[channel]:
                    self._postings.setdefault(f"{channel}|{key}", set()).add(position)
            self._refresh(position)

    def _prune(self, position: int, channel: str) -> None:
        profile = self._stories[position].profiles[channel]
        cap = self.config.max_profile_keys
        if len(profile) <= 2 * cap:
            return
        kept = dict(sorted(profile.items(), key=lambda item: -item[1])[:cap])
        story = self._stories[position]
        for key in profile.keys() - kept.keys():
            self._postings.get(f"{channel}|{key}", set()).discard(position)
            self._reweigh(story, channel, key, profile[key], 0.0)
        story.profiles[channel] = kept

    def _refresh_norms(self, story: _Story) -> None:
        """Recompute a story's cached IDF-weighted profile norms (the only part that depends on IDF)."""
        for channel, profile in story.profiles.items():
            story.squares[channel] = sum((w * self._idf(channel, key)) ** 2 for key, w in profile.items())
        story.norms_at = self._n_docs
        story.norms = {channel: math.sqrt(max(square, 0.0)) for channel, square in story.squares.items()}

    def _reweigh(self, story: _Story, channel: str, key: str, old: float, new: float) -> None:
        """Keep a story's squared norm exact as one key's weight changes, while the IDF is the one it was
        computed with (all documents of a batch are counted before any is placed, so within a batch a story's
        norm costs its changed keys, not its whole profile; a story whose norm predates the IDF is
        recomputed whole by `_refresh`)."""
        if story.norms_at == self._n_docs:
            story.squares[channel] += (new * new - old * old) * self._idf(channel, key) ** 2

    def _refresh(self, position: int) -> None:
        """Update the cached norms (whole when the IDF changed since), normalised centroid row and time span
        of one story."""
        story = self._stories[position]
        if story.norms_at != self._n_docs:
            self._refresh_norms(story)
        story.norms = {channel: math.sqrt(max(square, 0.0)) for channel, square in story.squares.items()}
        norm = float(np.linalg.norm(story.centroid))
        self._centroids[position] = story.centroid / norm if norm > 0 else 0.0
        self._dated[position] = story.first is not None
        self._live[position] = bool(story.doc_ids)
        if story.first is not None and story.last is not None:
            self._first[position] = story.first.toordinal()
            self._last[position] = story.last.toordinal()
        if self._block is not None:
            self._block.changed(position)
