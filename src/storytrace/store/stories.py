"""Story tables: memberships, story summaries, storylines and the clusterer's persisted state."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

import numpy as np

from storytrace.model import StateDelta
from storytrace.store.base import QueriesBase

# the tables holding one row per story (or several), written together by save_stories
STORY_TABLES = ("stories", "story_groups", "story_timelines", "story_centroids")
# `stage_records` stage whose keys are the stories whose memberships changed since their summary was stored
STALE_STORIES = "stories_stale"


class StoryQueries(QueriesBase):
    """Mixed into `Store`; relies on its `_transaction` and `_query`."""

    def unclustered_articles(self) -> list[tuple[str, str | None]]:
        """(id, published) of the articles in no story, in ingest order."""
        rows = self._query(
            "SELECT a.id, a.published FROM articles a"
            " LEFT JOIN story_members m ON m.article_id = a.id WHERE m.article_id IS NULL ORDER BY a.ingest_seq"
        )
        return [(row[0], row[1]) for row in rows]

    def clustering_inputs(self, ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Every article (in ingest order), or the named ones (in the order named), with what the story
        clusterer reads."""
        sql = "SELECT id, title, text, language, published, embedding FROM articles"
        if ids is None:
            return [dict(row) for row in self._query(sql + " ORDER BY ingest_seq")]
        rows = {row["id"]: dict(row) for row in self._rows_in(sql + " WHERE id IN ({ids})", ids)}
        return [rows[article_id] for article_id in ids if article_id in rows]

    def save_memberships(
        self, memberships: dict[str, str], state_name: str, state: StateDelta, stale: Sequence[str] = ()
    ) -> None:
        """Store article → story assignments, the clusterer's state changes and the `stale` stories (whose
        summaries must be recomputed) in one transaction (a full rebuild, `state.replace`, replaces every
        membership too)."""
        with self._transaction() as db:
            if state.replace:
                db.execute("DELETE FROM story_members")
            db.executemany("INSERT OR REPLACE INTO story_members VALUES (?, ?)", list(memberships.items()))
            db.executemany(
                "INSERT OR REPLACE INTO stage_records VALUES (?, ?, 'true')", [(STALE_STORIES, s) for s in stale]
            )
            self._write_state(db, state_name, state)

    def stale_stories(self) -> set[str]:
        """Stories whose memberships changed after their summary was stored (`save_memberships`)."""
        return set(self.load_state_records(STALE_STORIES))

    def story_members(self, story_ids: Sequence[str] | None = None) -> dict[str, list[str]]:
        """story id → member article ids (in publication order)."""
        sql = "SELECT m.story_id, m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id"
        params: list[Any] = []
        if story_ids is not None:
            sql += f" WHERE m.story_id IN ({','.join('?' * len(story_ids))})"
            params = list(story_ids)
        members: dict[str, list[str]] = {}
        for row in self._query(sql + " ORDER BY a.published_day IS NULL, a.published_day, a.ingest_seq", params):
            members.setdefault(row[0], []).append(row[1])
        return members

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article id → its story id, for the articles that are in a story."""
        rows = self._rows_in("SELECT article_id, story_id FROM story_members WHERE article_id IN ({ids})", article_ids)
        return {row[0]: row[1] for row in rows}

    def save_stories(
        self, summaries: Sequence[dict[str, Any]], replace_all: bool = False, removed: Sequence[str] = ()
    ) -> None:
        """Store story summaries with their provenance groups (`groups`, largest first) and merged
        timeline (`timeline`), and delete the `removed` stories (which lost every member) with their
        storylines. Their continuation links are left to the relink that follows, which reads them to
        find the stories whose storylines changed."""
        with self._transaction() as db:
            if replace_all:
                for table in STORY_TABLES:
                    db.execute(f"DELETE FROM {table}")
            gone = [(story_id,) for story_id in removed]
            db.executemany(
                "DELETE FROM stage_records WHERE stage = ? AND key = ?",
                [(STALE_STORIES, story_id) for story_id in [*removed, *(s["story_id"] for s in summaries)]],
            )
            db.executemany(
                "DELETE FROM storylines WHERE storyline_id = (SELECT storyline_id FROM stories WHERE story_id = ?)",
                gone,
            )
            for table in STORY_TABLES:
                db.executemany(f"DELETE FROM {table} WHERE story_id = ?", gone)
            for s in summaries:
                db.execute("DELETE FROM story_groups WHERE story_id = ?", (s["story_id"],))
                db.executemany(  # one group's JSON at a time: a story of 29,000 articles has 118 MB of them
                    "INSERT INTO story_groups VALUES (?, ?, ?)",
                    ((s["story_id"], i, json.dumps(g, ensure_ascii=False)) for i, g in enumerate(s["groups"])),
                )
                db.execute(
                    "INSERT OR REPLACE INTO story_timelines VALUES (?, ?)",
                    (s["story_id"], json.dumps(s["timeline"], ensure_ascii=False)),
                )
                db.execute("DELETE FROM story_centroids WHERE story_id = ?", (s["story_id"],))
                if s["centroid"] is not None:
                    db.execute(
                        "INSERT INTO story_centroids VALUES (?, ?)",
                        (s["story_id"], np.asarray(s["centroid"], dtype=np.float32).tobytes()),
                    )
            # an updated story keeps its storyline until storylines are relinked, so a relink finds the
            # storylines it replaces from its stories
            db.executemany(
                "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET"
                " label = excluded.label, first_published = excluded.first_published,"
                " last_published = excluded.last_published, article_count = excluded.article_count,"
                " independent_reports = excluded.independent_reports, summary = excluded.summary",
                [
                    (
                        s["story_id"],
                        s["label"],
                        s["first_published"],
                        s["last_published"],
                        s["article_count"],
                        s["independent_reports"],
                        s.get("storyline_id"),
                        json.dumps(s["summary"], ensure_ascii=False),
                    )
                    for s in summaries
                ],
            )

    def stories_without_timeline(self) -> set[str]:
        rows = self._query("SELECT story_id FROM stories WHERE story_id NOT IN (SELECT story_id FROM story_timelines)")
        return {row[0] for row in rows}

    def story_centroids(self) -> dict[str, np.ndarray]:
        """story id → its normalised centroid (stories whose articles have embeddings)."""
        rows = self._query("SELECT story_id, centroid FROM story_centroids")
        return {row[0]: np.frombuffer(row[1], dtype=np.float32) for row in rows}

    def replace_story_links(self, story_ids: set[str] | None, links: Sequence[tuple[str, str]]) -> None:
        """Replace the continuation links touching `story_ids` (all links when None) by `links`."""
        with self._transaction() as db:
            if story_ids is None:
                db.execute("DELETE FROM story_links")
            else:
                db.executemany(
                    "DELETE FROM story_links WHERE first_id = ? OR second_id = ?", [(s, s) for s in story_ids]
                )
            db.executemany("INSERT OR IGNORE INTO story_links VALUES (?, ?)", list(links))

    def story_links(self) -> list[tuple[str, str]]:
        return [(row[0], row[1]) for row in self._query("SELECT first_id, second_id FROM story_links")]

    def story_links_of(self, story_ids: Sequence[str]) -> set[tuple[str, str]]:
        """The continuation links with an end in `story_ids` (both ends are indexed)."""
        links: set[tuple[str, str]] = set()
        for column in ("first_id", "second_id"):
            sql = f"SELECT first_id, second_id FROM story_links WHERE {column} IN ({{ids}})"
            links.update((row[0], row[1]) for row in self._rows_in(sql, story_ids))
        return links

    def linked_stories(self, story_ids: set[str]) -> tuple[set[str], set[tuple[str, str]]]:
        """The stories connected to `story_ids` (included) through continuation links, with the links
        among them: the storylines of `story_ids`, read link by link instead of from every link."""
        reached, links, frontier = set(story_ids), set(), set(story_ids)
        while frontier:
            found = self.story_links_of(sorted(frontier))
            links |= found
            frontier = {story for link in found for story in link} - reached
            reached |= frontier
        return reached, links

    def story_heads(self, story_ids: Sequence[str]) -> list[dict[str, Any]]:
        """Id, label, languages and first and last published day of the given stories: what storylines are
        ordered, labelled and time-windowed by."""
        sql = (
            "SELECT story_id, label, first_published, last_published, json_extract(summary, '$.languages') AS languages"
            " FROM stories WHERE story_id IN ({ids})"
        )
        return [_with_languages(dict(row)) for row in self._rows_in(sql, story_ids)]

    def stories_for_links(
        self, windows: Sequence[tuple[str, str]] | None = None
    ) -> tuple[list[dict[str, Any]], dict[str, np.ndarray]]:
        """The stories with a centroid that may continue, or be continued by, a story whose span lies in
        one of `windows` (inclusive ISO days; every story when None): those whose span overlaps a
        window, found on the `stories_last` index, and those with a day missing or not canonical
        (YYYY-MM-DD), which `_continues` reads as undated and a text comparison cannot order. Returns
        what continuation links read (`story_heads` with `key_names`), and the centroids."""
        select = (
            "SELECT s.story_id, s.label, s.first_published, s.last_published,"
            " json_extract(s.summary, '$.languages') AS languages,"
            " json_extract(s.summary, '$.key_names') AS key_names, c.centroid"
            " FROM stories s JOIN story_centroids c ON c.story_id = s.story_id"
        )
        if windows is None:
            rows = self._query(select)
        else:
            # canonical: a YYYY-MM-DD day that date() keeps unchanged once it computes it (it rolls
            # 02-30 over to 03-02), from year 1 on (Python's dates start there, SQLite's at year 0)
            canonical = (
                "date(s.first_published, '+0 days') = s.first_published"
                " AND date(s.last_published, '+0 days') = s.last_published AND s.first_published >= '0001'"
            )
            rows = self._query(f"{select} WHERE NOT coalesce({canonical}, 0)")
            # each window reads the index up to the next one: a story ending later that overlaps this
            # window overlaps the next one too (windows are sorted and disjoint), and is read there
            for i, (low, high) in enumerate(windows):
                end = windows[i + 1][0] if i + 1 < len(windows) else "\uffff"
                rows += self._query(
                    f"{select} WHERE s.last_published >= ? AND s.last_published < ? AND s.first_published <= ?",
                    (low, end, high),
                )
        stories: dict[str, dict[str, Any]] = {}
        centroids: dict[str, np.ndarray] = {}
        for row in rows:
            story = dict(row)
            centroids[story["story_id"]] = np.frombuffer(story.pop("centroid"), dtype=np.float32)
            stories[story["story_id"]] = _with_languages(story) | {"key_names": json.loads(story["key_names"])}
        return list(stories.values()), centroids

    def save_storylines(self, storylines: Sequence[dict[str, Any]], story_ids: set[str] | None = None) -> None:
        """Replace every storyline by `storylines`; or, given `story_ids`, only the storylines those
        stories were in (`storylines` then holds every storyline among them, and no other story)."""
        with self._transaction() as db:
            if story_ids is None:
                db.execute("DELETE FROM storylines")
                db.execute("UPDATE stories SET storyline_id = NULL")
                assigned = [(line["storyline_id"], story) for line in storylines for story in line["story_ids"]]
            else:
                ids = sorted(story_ids)
                sql = "SELECT DISTINCT storyline_id FROM stories WHERE story_id IN ({ids}) AND storyline_id IS NOT NULL"
                old = sorted({row[0] for row in self._rows_in(sql, ids)})
                db.executemany("DELETE FROM storylines WHERE storyline_id = ?", [(line,) for line in old])
                line_of = {story: line["storyline_id"] for line in storylines for story in line["story_ids"]}
                assigned = [(line_of.get(story), story) for story in ids]
            db.executemany(
                "INSERT INTO storylines VALUES (?, ?, ?)",
                [(line["storyline_id"], line["label"], json.dumps(line["story_ids"])) for line in storylines],
            )
            # a story row is rewritten only when its storyline changes
            db.executemany(
                "UPDATE stories SET storyline_id = ?1 WHERE story_id = ?2 AND storyline_id IS NOT ?1", assigned
            )

    def stories(
        self,
        since: str | None = None,
        until: str | None = None,
        language: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        clauses, params = [], []
        if since:
            clauses.append("last_published >= ?")
            params.append(since)
        if until:
            clauses.append("first_published <= ?")
            params.append(until + "\uffff")
        sql = "SELECT * FROM stories" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        sql += " ORDER BY last_published IS NULL, last_published DESC, story_id"
        rows = [_story_row(row) for row in self._query(sql, params)]
        if language:
            rows = [r for r in rows if language in r["languages"]]
        end = None if limit is None else offset + limit
        return rows[offset:end]

    def story(self, story_id: str) -> dict[str, Any] | None:
        rows = self._query("SELECT * FROM stories WHERE story_id = ?", (story_id,))
        return _story_row(rows[0]) if rows else None

    def story_groups(self, story_id: str, limit: int | None, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """The number of a story's stored provenance groups, and one page of them."""
        count = self._query("SELECT COUNT(*) FROM story_groups WHERE story_id = ?", (story_id,))[0][0]
        rows = self._query(
            "SELECT grp FROM story_groups WHERE story_id = ? ORDER BY position LIMIT ? OFFSET ?",
            (story_id, -1 if limit is None else limit, offset),
        )
        return int(count), [json.loads(row[0]) for row in rows]

    def story_timeline(self, story_id: str) -> list[dict[str, Any]] | None:
        """A story's stored timeline entries; None when it has none stored (stored before they were)."""
        rows = self._query("SELECT entries FROM story_timelines WHERE story_id = ?", (story_id,))
        return json.loads(rows[0][0]) if rows else None

    def storylines(self) -> list[dict[str, Any]]:
        rows = self._query("SELECT storyline_id, label, story_ids FROM storylines ORDER BY storyline_id")
        return [dict(row) | {"story_ids": json.loads(row["story_ids"])} for row in rows]


def _with_languages(story: dict[str, Any]) -> dict[str, Any]:
    return story | {"languages": json.loads(story["languages"] or "[]")}


def _story_row(row: sqlite3.Row) -> dict[str, Any]:
    item = dict(row)
    summary = json.loads(item.pop("summary"))
    return item | summary
