"""`Corpus`: the public Python API. The CLI, the JSON API and the web UI call only this.

corpus = Corpus("news.db")
summary = corpus.ingest(["articles.jsonl", "pages/"], jobs=2)
corpus.search("prigozhin bakhmut")
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from functools import cached_property
from pathlib import Path
from typing import Any

from storytrace.executors import LocalExecutor
from storytrace.model import Article, IngestSummary, Record, Reject
from storytrace.pipeline.ingest import ingest_stages
from storytrace.pipeline.lineage.linker import Linker, LinkSettings
from storytrace.pipeline.lineage.provenance import ProvenanceGroup, build_groups, components, resolve_credits
from storytrace.pipeline.nlp.claims import group_claims, resolved_source_type
from storytrace.pipeline.nlp.entity_stage import EntityStage, load_resolver
from storytrace.pipeline.read import DEFAULT_MAX_BYTES, read_paths
from storytrace.pipeline.stories.stage import StoryStage
from storytrace.pipeline.stories.summary import HEADLINE_SOURCE_CHARS, LABEL_LANGUAGE, headline
from storytrace.pipeline.time.stage import publication_day, story_first_day, timeline
from storytrace.search import SearchMode, search
from storytrace.store import ArticleFilter, Store
from storytrace.store.ann import AnnIndex

DEFAULT_DB = "storytrace.db"
DEFAULT_BATCH_SIZE = 64
_SUMMARY_FIELD = {"new": "new", "unchanged": "unchanged", "revised": "revised", "exact_duplicate": "exact_duplicates"}


def default_db_path() -> str:
    """`$STORYTRACE_DB`, else `./storytrace.db`."""
    return os.environ.get("STORYTRACE_DB", DEFAULT_DB)


class Corpus:
    """A corpus of news articles in one database file."""

    def __init__(self, db_path: str | Path | None = None, link_settings: LinkSettings | None = None) -> None:
        self.store = Store(db_path or default_db_path())
        self.link_settings = link_settings or LinkSettings()
        self._ann: AnnIndex | None = None
        self._ann_version = -1  # the store's data version when the index was last checked

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---- ingest -----------------------------------------------------------------------------

    def ingest(
        self,
        paths: Sequence[str],
        *,
        jobs: int = 1,
        max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int = DEFAULT_BATCH_SIZE,
        executor: Any = None,
        progress: Callable[[int], None] | None = None,
        link: bool = True,
    ) -> IngestSummary:
        """Read, process and store every article under `paths`; bad input is rejected, never fatal.

        Idempotent: articles whose input is unchanged are skipped before any processing, so an
        interrupted run is resumed by running it again. `executor` defaults to a `LocalExecutor`.
        `link=False` leaves the cross-article lineage stage for a later `link()`.
        """
        return self.ingest_records(
            read_paths(paths, max_bytes),
            paths=paths,
            jobs=jobs,
            batch_size=batch_size,
            executor=executor,
            progress=progress,
            link=link,
        )

    def ingest_records(
        self,
        records: Iterable[Record],
        *,
        paths: Sequence[str] = (),
        jobs: int = 1,
        batch_size: int = DEFAULT_BATCH_SIZE,
        executor: Any = None,
        progress: Callable[[int], None] | None = None,
        link: bool = True,
    ) -> IngestSummary:
        """Run the ingest pipeline over records already read (the API pushes articles this way)."""
        summary = IngestSummary()
        run_id = self.store.start_run(list(paths))
        executor = executor or LocalExecutor(jobs)
        batches = self._fresh_batches(records, batch_size, summary)
        for processed, counters in executor.map_batches(ingest_stages(), batches):
            for stage, stage_counters in counters.items():
                summary.add_counters(stage, dict(stage_counters))
            for record, outcome in zip(processed, self.store.write_batch(processed, run_id), strict=True):
                if isinstance(record, Reject):
                    summary.count_reject(record.reason)
                else:
                    field = _SUMMARY_FIELD[outcome]
                    setattr(summary, field, getattr(summary, field) + 1)
            if progress:
                progress(len(processed))
        if link:
            summary.derivations = self.link(executor)
            summary.clustered = self.cluster()
            self.resolve_entities()
        self.store.finish_run(run_id, asdict(summary))
        return summary

    @cached_property
    def _story_stage(self) -> StoryStage:
        """One per corpus, so consecutive ingest runs of a process reuse the clusterer in memory."""
        return StoryStage(self.store, self.provenance_groups, self._merged_timeline)

    def cluster(self) -> int:
        """Assign articles not in a story yet to stories (incremental); return how many were assigned."""
        return self._story_stage.run()

    def recluster(self) -> int:
        """Rebuild every story in one order-independent batch pass; return the number of stories."""
        return self._story_stage.recluster()

    def stories(
        self,
        since: str | None = None,
        until: str | None = None,
        language: str | None = None,
        entity: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Stories, newest first. `entity` keeps stories whose salient names include it (case-folded)."""
        rows = self.store.stories(
            since, until, language, limit=None if entity else limit, offset=0 if entity else offset
        )
        if entity:
            wanted = entity.casefold()
            rows = [r for r in rows if any(wanted in name.casefold() for name in r["key_names"])]
            rows = rows[offset : None if limit is None else offset + limit]
        return rows

    def story(self, story_id: str, limit: int | None = None, offset: int = 0) -> dict[str, Any] | None:
        """A story with its articles (publication order) and its provenance groups (largest first),
        the groups as computed when the story was last refreshed (with its summary, so they agree).

        `limit`/`offset` page both lists, so a story of thousands of copies stays cheap to show;
        `group_count` is the number of groups before paging (`article_count` is in the summary).
        """
        story = self.store.story(story_id)
        if story is None:
            return None
        ids = self.store.story_members([story_id]).get(story_id, [])
        page = slice(offset, None if limit is None else offset + limit)
        group_count, groups = self.store.story_groups(story_id, limit, offset)
        if not group_count:  # a story stored before its groups were kept with its summary
            every_group = [g.to_dict() for g in self.provenance_groups(ids)]
            group_count, groups = len(every_group), every_group[page]
        articles = self.article_summaries(ids[page])
        return story | {"articles": [articles[i] for i in ids[page]], "groups": groups, "group_count": group_count}

    def article_summaries(self, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """id → title, headline, url, outlet, published, language of these articles (no text)."""
        rows = self.store.lineage_inputs(article_ids, with_text=False)
        summaries = {i: {k: v for k, v in row.items() if k != "rowid"} for i, row in rows.items()}
        self._add_headlines(list(summaries.values()))
        return summaries

    def _add_headlines(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """`rows` with a `headline` each: the title, else the lead sentence (`summary.headline`), read from the
        row's text or, for rows without it, from the start of the stored text."""
        missing = [r["id"] for r in rows if not r.get("title") and "text" not in r]
        openings = self.store.article_openings(missing, HEADLINE_SOURCE_CHARS) if missing else {}
        for row in rows:
            row["headline"] = headline(row.get("title"), row.get("text") or openings.get(row["id"], ""))
        return rows

    def claims(
        self, story_id: str | None = None, entity: str | None = None, article_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Attributed claims with source, cue, chain and stance; the same claim repeated across the
        articles of a story shares a `group_id`, and `independent_sources` counts the derivation
        families behind the group (twenty rewrites of one scoop are one source)."""
        if story_id is not None:
            ids = self.store.story_members([story_id]).get(story_id, [])
        else:
            ids = [article_id] if article_id is not None else None
        rows = self.store.claims(ids, source=entity)
        story_of = self.store.stories_of(sorted({row["article_id"] for row in rows}))
        by_story: dict[str | None, list[dict[str, Any]]] = {}
        for row in rows:
            by_story.setdefault(story_of.get(row["article_id"]), []).append(row)
        grouped: dict[str, tuple[str, int]] = {}
        for members in by_story.values():
            article_ids = sorted({m["article_id"] for m in members})
            links = self.store.derivations_among(article_ids, with_evidence=False)
            families = components(article_ids, [(d["source_id"], d["target_id"]) for d in links])
            grouped |= group_claims(members, families)
        types = self.store.entity_types(sorted({r["entity_id"] for r in rows if r["entity_id"]}))

        def kind(row: dict[str, Any], source_type: str) -> str:
            return resolved_source_type(source_type, types.get(row["entity_id"]))

        return [
            {
                "claim_id": r["claim_id"],
                "article_id": r["article_id"],
                "content": r["content"],
                "cue": r["cue"],
                "source": {"name": r["source_name"], "type": kind(r, r["source_type"]), "entity_id": r["entity_id"]},
                "chain": [
                    link | {"type": kind(r, link["type"])} if link["name"] == r["source_name"] else link
                    for link in r["chain"]
                ],
                "stance": r["stance"],
                "direct": r["direct"],
                "group_id": grouped[r["claim_id"]][0],
                "independent_sources": grouped[r["claim_id"]][1],
            }
            for r in rows
        ]

    def resolve_entities(self) -> int:
        """Find and resolve the entities of articles not resolved yet; return how many articles."""
        return EntityStage(self.store).run()

    def entities(self, story_id: str | None = None, limit: int | None = 100) -> list[dict[str, Any]]:
        """Canonical entities with aliases and articles, most-reported first (of one story if given)."""
        ids = None if story_id is None else self.store.story_members([story_id]).get(story_id, [])
        return self.store.entities(ids, limit)

    def find_entity(self, name: str) -> dict[str, Any] | None:
        """An entity by id, canonical name or any alias, spelling or transliteration variant."""
        found = self.store.entity(name)
        if found is None:
            resolver = load_resolver(self.store)
            match = resolver.find(name) if resolver else None
            found = self.store.entity(match.entity_id) if match else None
        return found

    def entity(self, name: str) -> dict[str, Any] | None:
        """A dossier: canonical name, aliases, type, descriptors, stories, articles, claims by and
        about the entity, first and last seen."""
        found = self.find_entity(name)
        if found is None:
            return None
        articles = self.store.lineage_inputs(found["article_ids"])
        days = sorted(a["published"][:10] for a in articles.values() if a.get("published"))
        stories = sorted(set(self.store.stories_of(found["article_ids"]).values()))
        # claims by or about the entity can only be in the articles that mention it
        claims = [
            c
            for article_id in found["article_ids"]
            for c in self.claims(article_id=article_id)
            if c["source"]["entity_id"] == found["entity_id"]
            or any(alias in c["content"] for alias in found["aliases"])
        ]
        return found | {
            "stories": [self.store.story(s) for s in stories],
            "first_seen": days[0] if days else None,
            "last_seen": days[-1] if days else None,
            "claims_by": [c for c in claims if c["source"]["entity_id"] == found["entity_id"]],
            "claims_about": [c for c in claims if c["source"]["entity_id"] != found["entity_id"]],
        }

    def timeline(
        self, story_id: str | None = None, storyline_id: str | None = None, entity: str | None = None
    ) -> list[dict[str, Any]]:
        """Dated events of a story, a storyline or an entity's articles; the same event reported by
        several articles is one entry with its supporting articles and independent sources."""
        if story_id is not None:
            story_ids = [story_id]
        elif storyline_id is not None:
            story_ids = next(
                (line["story_ids"] for line in self.storylines() if line["storyline_id"] == storyline_id), []
            )
        else:
            found = self.find_entity(entity) if entity else None
            story_ids = sorted(set(self.store.stories_of(found["article_ids"]).values())) if found else []
        entries: list[dict[str, Any]] = []
        for sid in story_ids:
            stored = self.store.story_timeline(sid)
            if stored is None:  # a story stored before timelines were kept with its summary
                stored = self._merged_timeline(sid, self.store.story_members([sid]).get(sid, []))
            entries += stored
        if entity:
            found = self.find_entity(entity)
            names = {alias.casefold() for alias in found["aliases"]} if found else set()
            entries = [
                e
                for e in entries
                if names & {p.casefold() for p in e["participants"]}
                or any(n in e["description"].casefold() for n in names)
            ]
        return sorted(entries, key=lambda e: (e["date_value"], e["event_id"]))

    def _merged_timeline(self, story_id: str, ids: Sequence[str]) -> list[dict[str, Any]]:
        """The events of one story's articles merged into timeline entries (see `timeline`)."""
        articles = self.store.lineage_inputs(ids, with_text=False)
        # only an undated article is tagged here (anchored on the story's first day): fetch its text
        undated = [i for i, a in articles.items() if publication_day(a.get("published")) is None]
        articles |= self.store.lineage_inputs(undated)
        links = self.store.derivations_among(ids, with_evidence=False)
        families = components(ids, [(d["source_id"], d["target_id"]) for d in links])
        first = story_first_day([a.get("published") for a in articles.values()])
        merged = timeline(
            articles, self.store.events(ids), first, lambda group: len({families[a] for a in group}), LABEL_LANGUAGE
        )
        return [entry.to_dict() | {"story_id": story_id} for entry in merged]

    def events(self) -> Iterator[dict[str, Any]]:
        """Every timeline entry of every story, with the ids of the entities among its participants."""
        resolver = load_resolver(self.store)
        for story in self.stories(limit=None):
            for entry in self.timeline(story_id=story["story_id"]):
                found = [resolver.lookup(name, fuzzy=False) for name in entry["participants"]] if resolver else []
                yield entry | {"entity_ids": sorted({e.entity_id for e in found if e is not None})}

    def storylines(self) -> list[dict[str, Any]]:
        return self.store.storylines()

    def link(self, executor: Any = None) -> int:
        """Run the lineage stage over every article not linked yet; return the derivations found.
        Candidate pairs are verified on `executor` (default: in this process); the store is the same
        whichever executor ran."""
        return Linker(self.store, self._lead_index(), executor or LocalExecutor(), self.link_settings).run()

    def _fresh_batches(
        self, records: Iterable[Record], batch_size: int, summary: IngestSummary
    ) -> Iterator[list[Record]]:
        """Group records into batches, dropping inputs already stored unchanged.

        An id read twice in one run with different content is rejected (`duplicate_id`): which
        of the two is right cannot be known, and the second is kept in the reject's payload.
        """
        seen: dict[str, tuple[str | None, str]] = {}
        pending: list[Record] = []

        def flush() -> list[Record]:
            ids = [r.id for r in pending if isinstance(r, Article)]
            stored = self.store.raw_hashes(ids)
            fresh = [
                r for r in pending if isinstance(r, Reject) or r.raw_hash is None or stored.get(r.id) != r.raw_hash
            ]
            summary.unchanged += len(pending) - len(fresh)
            return fresh

        for record in records:
            summary.read += 1
            if isinstance(record, Article):
                previous = seen.get(record.id)
                if previous is not None:
                    if previous[0] == record.raw_hash:
                        summary.unchanged += 1
                        continue
                    record = Reject(
                        record.origin,
                        "duplicate_id",
                        f"id {record.id!r} already read from {previous[1]}",
                        (record.html or record.text)[:4000],
                        record.id,
                    )
                else:
                    seen[record.id] = (record.raw_hash, record.origin)
            pending.append(record)
            if len(pending) >= batch_size:
                batch, pending = flush(), []
                if batch:
                    yield batch
        if pending and (batch := flush()):
            yield batch

    # ---- queries ----------------------------------------------------------------------------

    def article(self, article_id: str) -> dict[str, Any] | None:
        found = self.store.article(article_id)
        return self._add_headlines([found])[0] if found is not None else None

    def articles(self, **filters: Any) -> list[dict[str, Any]]:
        return self._add_headlines(self.store.articles(ArticleFilter(**filters)))

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        return self.store.iter_articles()

    def search(
        self, query: str, limit: int = 20, offset: int = 0, mode: SearchMode = SearchMode.HYBRID
    ) -> list[dict[str, Any]]:
        """Articles matching `query` in any language: full-text and multilingual semantic, fused (see `search`)."""
        index = self._lead_index(reading=True) if mode != SearchMode.LEXICAL else None
        nearest = lambda vector, k: index.search(vector, k, None) if index else []  # noqa: E731
        return self._add_headlines(search(self.store, nearest, query, limit, offset, mode))

    def _lead_index(self, reading: bool = False) -> AnnIndex:
        """The lead-embedding index, kept while it matches the store. Lineage checks it against the stored counts
        every run (a revised article leaves the index stale); a search (`reading`) checks only when another
        connection has committed since the last check, since counting costs ~15 ms at 10k articles."""
        version = self.store.data_version()
        stale = self._ann is None or ((not reading or version != self._ann_version) and not self._ann.is_current())
        if stale:
            self._ann = AnnIndex(Path(str(self.store.path) + ".ann"), self.store)
        self._ann_version = version
        return self._ann

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def rejects(self, limit: int | None = None) -> list[dict[str, Any]]:
        return self.store.rejects(limit)

    # ---- provenance -------------------------------------------------------------------------

    def derivations(self, article_id: str | None = None) -> list[dict[str, Any]]:
        return self.store.derivations(article_id)

    def citations(self, article_id: str | None = None) -> list[dict[str, Any]]:
        """Every credit, with `source_article_id` resolved to an article of the credited outlet in the
        same derivation family when there is one (null for an external source)."""
        raw = self.store.citations(article_id)
        ids = sorted({c["article_id"] for c in raw} | {a for c in raw for a in self._family(c["article_id"])})
        articles = self.store.lineage_inputs(ids)
        resolved = {
            (c["article_id"], c["start"]): c["source_article_id"]
            for c in resolve_credits(articles, raw, self.store.derivations_among(ids))
        }
        return [c | {"source_article_id": resolved.get((c["article_id"], c["start"]))} for c in raw]

    def _family(self, article_id: str) -> set[str]:
        """The article and everything connected to it by derivations."""
        family, frontier = {article_id}, [article_id]
        while frontier:
            for d in self.store.derivations(frontier.pop()):
                for other in (d["source_id"], d["target_id"]):
                    if other not in family:
                        family.add(other)
                        frontier.append(other)
        return family

    def provenance_groups(self, article_ids: Any) -> list[ProvenanceGroup]:
        """Provenance groups over a set of articles (e.g. one story): roots, derived articles, credits."""
        ids = sorted(set(article_ids))
        articles = self.store.lineage_inputs(ids, with_text=False)
        derivations = self.store.derivations_among(ids)
        citations = self.store.citations_of(ids)
        return build_groups(articles, derivations, resolve_credits(articles, citations, derivations))

    def provenance(self, article_id: str) -> ProvenanceGroup | None:
        """The provenance group of one article: its derivation family and what it credits."""
        if self.store.article(article_id) is None:
            return None
        groups = self.provenance_groups(self._family(article_id))
        return next(g for g in groups if article_id in g.nodes)
