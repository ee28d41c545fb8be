"""The story stage: assign new articles to stories incrementally, persist the clusterer, refresh
the summaries of the stories that changed, and relink storylines.

Runs in the driver after lineage, because a copy or translation must join its source's story
(`linked_to`), and because story assignment is a cross-article decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from storytrace.pipeline.stories.cluster import ClusterConfig, StoryClusterer, StoryDoc, canonical_key
from storytrace.pipeline.stories.summary import (
    continuation_links,
    link_windows,
    ranked,
    storylines_of,
    summarize,
    text_ids,
)

STATE_NAME = "story_clusterer"
DERIVED_KINDS_JOINING = frozenset({"duplicate", "copy", "excerpt", "translation", "paraphrase", "same_source"})


# New articles clustered in one `StoryClusterer.add` call at most. The stage holds each batch's rows and
# clustering features: 183 MB for the 10,000 articles of the scale benchmark's corpus (measured), which
# without a cap grew with the size of the ingest run.
BATCH_ARTICLES = 10_000
# Articles whose stories' summaries are computed and stored together by `refresh`.
REFRESH_ARTICLES = 2_000


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _chunks(members: dict[str, list[str]], articles: int) -> list[dict[str, list[str]]]:
    """Consecutive stories (in id order) grouped until a group holds `articles` articles or more."""
    chunks: list[dict[str, list[str]]] = []
    size = articles
    for story_id, article_ids in sorted(members.items()):
        if size >= articles:
            chunks.append({})
            size = 0
        chunks[-1][story_id] = article_ids
        size += len(article_ids)
    return chunks


class StoryStage:
    """`run()` clusters what is new; `recluster()` rebuilds every story in one batch pass."""

    def __init__(
        self,
        store: Any,
        groups_for: Callable[[Sequence[str]], list[Any]],
        timeline_for: Callable[[str, Sequence[str]], list[dict[str, Any]]],
        config: ClusterConfig | None = None,
    ) -> None:
        self.store = store
        self.groups_for = groups_for  # provenance groups over a set of article ids
        self.timeline_for = timeline_for  # merged timeline entries of (story id, its article ids)
        self.config = config
        # The clusterer of the last run of this process, reused while the stored state is the one it
        # wrote (same token): loading it costs O(corpus), a batch should cost O(batch).
        self._clusterer: StoryClusterer | None = None

    def _current_clusterer(self) -> StoryClusterer:
        meta = self.store.load_state(STATE_NAME)
        if meta is None:
            return StoryClusterer(self.config)
        if self._clusterer is not None and self._clusterer.token == meta.get("token"):
            return self._clusterer
        return StoryClusterer.from_records(meta, self.store.load_state_records(STATE_NAME), self.store.story_members())

    def _save(self, clusterer: StoryClusterer, memberships: dict[str, str], replace: bool = False) -> None:
        """Persist memberships with the clusterer's changes and the stories they touched (stale until `refresh`
        stores their summaries), then keep the clusterer for the next run."""
        stale = sorted(set(memberships.values()))
        self.store.save_memberships(memberships, STATE_NAME, clusterer.state_changes(replace), stale)
        self._clusterer = clusterer

    def _doc(self, row: dict[str, Any]) -> StoryDoc:
        sources = [
            d["source_id"]
            for d in self.store.derivations(row["id"])
            if d["target_id"] == row["id"] and d["kind"] in DERIVED_KINDS_JOINING
        ]
        embedding = None if row["embedding"] is None else np.frombuffer(row["embedding"], dtype=np.float32)
        return StoryDoc(
            id=row["id"],
            text=row["text"],
            title=row["title"],
            language=row["language"],
            published=_date(row["published"]),
            embedding=embedding,
            linked_to=sources or None,
        )

    def run(self) -> int:
        """Cluster the articles in no story, `BATCH_ARTICLES` at a time in canonical order, then refresh the
        summaries of every story left stale (by these batches, or by a run stopped before its refresh); how
        many articles were clustered. A story several batches touch is summarised once."""
        pending = sorted(self.store.unclustered_articles(), key=lambda item: canonical_key(item[0], _date(item[1])))
        for start in range(0, len(pending), BATCH_ARTICLES):
            self._add([article_id for article_id, _ in pending[start : start + BATCH_ARTICLES]])
        # stories stored by a version that kept no timeline, centroid or links are refreshed once
        stale = self.store.stale_stories() | (self.store.stories_without_timeline() if pending else set())
        if stale:
            self.refresh(stale)
        return len(pending)

    def _add(self, ids: list[str]) -> None:
        """Place one batch and store it with the clusterer's changes and the stories it touched."""
        rows = self.store.clustering_inputs(ids)
        clusterer = self._current_clusterer()
        self._clusterer = None  # mutated below: not reusable unless saved
        story_ids = clusterer.add([self._doc(row) for row in rows])
        self._save(clusterer, dict(zip((row["id"] for row in rows), story_ids, strict=True)))

    def recluster(self) -> int:
        rows = self.store.clustering_inputs()
        clusterer = StoryClusterer(self.config)
        memberships = clusterer.recluster([self._doc(row) for row in rows])
        self._save(clusterer, memberships, replace=True)
        self.refresh(set(memberships.values()), replace_all=True)
        return len(set(memberships.values()))

    def refresh(self, story_ids: set[str], replace_all: bool = False) -> None:
        """Recompute the summaries of the given stories, then relink their storylines (all when `replace_all`).

        Summaries are computed and stored for about `REFRESH_ARTICLES` articles' stories at a time, so the
        memory this takes does not grow with the number of stories touched."""
        members = self.store.story_members(sorted(story_ids))
        # a story none of whose articles is left in it (not in `members`) is removed
        removed = sorted(story_ids - members.keys())
        for number, chunk in enumerate(_chunks(members, REFRESH_ARTICLES) or [{}]):
            first = number == 0
            self.store.save_stories(
                self._summaries(chunk), replace_all=replace_all and first, removed=removed if first else ()
            )
        self.relink_storylines(None if replace_all else story_ids)

    def _summaries(self, members: dict[str, list[str]]) -> list[dict[str, Any]]:
        """The summaries (with provenance groups and merged timeline) of the stories in `members`.

        The timelines are merged before the members' rows, embeddings and provenance groups are read: merging
        a story's events is the largest transient of all, and it no longer comes on top of those."""
        timelines = {story_id: self.timeline_for(story_id, ids) for story_id, ids in sorted(members.items())}
        rows = self.store.lineage_inputs([a for ids in members.values() for a in ids], with_text=False)
        embeddings = self.store.embeddings_of([a for ids in members.values() for a in ids])
        story_rows = {
            story_id: [rows[a] | {"embedding": embeddings.get(a)} for a in article_ids]
            for story_id, article_ids in sorted(members.items())
        }
        orders = {story_id: ranked(member_rows) for story_id, member_rows in story_rows.items()}
        texts = self.store.article_texts([a for order in orders.values() for a in text_ids(order)])
        summaries = []
        for story_id, article_ids in sorted(members.items()):
            summary = summarize(story_id, story_rows[story_id], orders[story_id], self.groups_for(article_ids), texts)
            summaries.append(summary | {"timeline": timelines.pop(story_id)})
        return summaries

    def relink_storylines(self, touched: set[str] | None = None) -> None:
        """Recompute the continuation links of the `touched` stories, then the storylines they were or
        are now in; everything when None.

        A batch reads only the stories near the touched ones in time (`link_windows`) and the
        storylines they reach through links, so it costs what it touched, not the corpus; the result
        equals a full recomputation (a storyline is a connected component of links, named by its
        earliest story)."""
        if touched is None:
            stories, centroids = self.store.stories_for_links()
            links = continuation_links(stories, centroids)
            self.store.replace_story_links(None, links)
            self.store.save_storylines(storylines_of(stories, links))
            return
        heads = self.store.story_heads(sorted(touched))
        windows = link_windows((s["first_published"], s["last_published"]) for s in heads)
        stories, centroids = self.store.stories_for_links(windows)
        dropped = self.store.story_links_of(sorted(touched))
        self.store.replace_story_links(touched, continuation_links(stories, centroids, touched))
        # every storyline changed holds a touched story or an end of a dropped link, and reaches it
        # through the links now stored
        affected, links = self.store.linked_stories(touched | {story for link in dropped for story in link})
        self.store.save_storylines(storylines_of(self.store.story_heads(sorted(affected)), sorted(links)), affected)
