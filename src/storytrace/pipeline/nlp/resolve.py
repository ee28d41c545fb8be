"""Cross-document entity resolution: one entity per real person, organisation, place or outlet.

Articles are resolved one at a time (a news stream), so the resolver is incremental and its state is
plain JSON. Inside an article, mentions are first chained: same spelling; a surname alone to the full
name it abbreviates (nearest preceding one when several people share it); a first name alone to the
only full name it starts; an acronym to the phrase the text introduced it for. Each chain then joins
the entity an alias, exonym or outlet table names, or one found through blocking keys (phonetic
skeleton and first three letters of the last name token), verified by spelling variance
(`tokens_variant`), first-name agreement and type agreement; otherwise it founds a new entity.

Guards against over-merging: first names must agree (Sergei vs Svetlana Shoigu stay apart), tokens of
five letters or fewer must be spelt alike, organisation and person votes must overlap (noisy NER labels
are voted over all of an entity's mentions), outlets only meet outlets, and "Putin's envoy" is a
different surface from "Putin" (extraction also cuts possessive phrases at the owner).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from storytrace.model import StateDelta
from storytrace.pipeline.nlp.entities import (
    FUNCTION_WORDS,
    Mention,
    block_keys,
    core_key,
    fold,
    is_initial,
    known_aliases,
    skeleton,
    tokens_variant,
)

STATE_VERSION = 2  # 1 kept every entity in one JSON blob (migration m009 splits it into records)
# A type must hold at least this share of both sides' votes for a chain to join an entity. The small
# English model labels a bare surname ORG about half the time, so majority alone would split people;
# a quarter keeps real ORG/PERSON homonyms (Wagner the group, Wagner the composer) apart.
MIN_TYPE_SHARE = 0.25
# Labels the small NER model confuses freely and that never name different things with one name.
_PLACE = {"GPE": "PLACE", "LOC": "PLACE", "PRODUCT": "ORG"}
_MULTI_TOKEN_WEIGHT = 2.0  # a multi-word span's label is more reliable than a bare surname's
_MAX_DESCRIPTORS = 12


@dataclass(slots=True)
class Entity:
    """A resolved entity: canonical name, type, aliases as written, roles seen, articles it appears in."""

    entity_id: str
    name: str
    type: str
    aliases: list[str]
    descriptors: list[str]
    article_ids: list[str]


@dataclass(slots=True)
class _Record:
    """The mutable state behind one entity (alias counts and type votes decide name and type)."""

    entity_id: str
    alias_counts: dict[str, int] = field(default_factory=dict)
    votes: dict[str, float] = field(default_factory=dict)
    fixed_name: str | None = None
    fixed_type: str | None = None
    descriptors: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    @property
    def type(self) -> str:
        if self.fixed_type:
            return self.fixed_type
        return max(self.votes.items(), key=lambda kv: (kv[1], kv[0]))[0] if self.votes else "MISC"

    @property
    def name(self) -> str:
        """The fixed name, else the alias written most often. For a person a full name comes first: articles
        introduce it once and then use the surname. For other kinds a longer form is no such evidence (NER
        glues section labels and common nouns onto names, "Finanzas OpenAI"), so it only breaks ties; but a
        form spelling out an acronym the entity is also written as names it better than the acronym."""
        if self.fixed_name:
            return self.fixed_name
        written = [a for a, count in self.alias_counts.items() if count] or list(self.alias_counts)
        person = self.type == "PERSON"
        acronyms = {a for a in written if a.isupper() and " " not in a}
        return max(
            written,
            key=lambda a: (
                person and " " in a,
                _initials(a) in acronyms,  # the spelled-out form of an acronym it is written as (FDIC)
                self.alias_counts[a],
                " " in a,
                -written.index(a),
            ),
        )

    def first_names(self) -> set[str]:
        return {fold(a).split()[0] for a in self.alias_counts if len(fold(a).split()) > 1}

    def surnames(self) -> set[str]:
        return {fold(a).split()[-1] for a in self.alias_counts if fold(a)}

    def entity(self) -> Entity:
        return Entity(
            self.entity_id,
            self.name,
            self.type,
            list(self.alias_counts),
            list(self.descriptors),
            list(self.article_ids),
        )


@dataclass(slots=True)
class _Chain:
    """Mentions of one entity inside one article."""

    indices: list[int]
    surfaces: Counter[str]
    votes: Counter[str]
    canonical: str | None = None
    fixed_type: str | None = None
    expansion: str | None = None
    descriptors: list[str] = field(default_factory=list)

    @property
    def type(self) -> str:
        if self.fixed_type:
            return self.fixed_type
        return max(self.votes.items(), key=lambda kv: (kv[1], kv[0]))[0]

    def best_surface(self) -> str:
        return max(self.surfaces, key=lambda s: (len(s.split()), self.surfaces[s]))


def _initials(alias: str) -> str:
    """Initials of the capitalised words of a multi-word alias ("Federal Deposit Insurance Corp." → "FDIC")."""
    words = alias.split()
    return "".join(w[0] for w in words if w[:1].isupper()) if len(words) > 1 else ""


def _surface(mention: Mention) -> str:
    """The surface form a mention contributes as alias."""
    return mention.text.strip()


def _type_share(votes: dict[str, float], kind: str) -> float:
    total = sum(votes.values())
    mine = sum(v for k, v in votes.items() if _PLACE.get(k, k) == _PLACE.get(kind, kind))
    return mine / total if total else 0.0


class EntityResolver:
    """Incremental cross-document entity resolver (see the module docstring)."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}
        self._by_key: dict[str, list[str]] = {}
        self._by_block: dict[str, list[str]] = {}
        self._next_id = 1
        self._dirty: set[str] = set()  # entities changed since the last `state_changes()`

    # ------------------------------------------------------------------ public API

    def resolve(self, article_id: str, mentions: list[Mention], text: str) -> list[tuple[Mention, str]]:
        """Assign every mention of one article to an entity id, creating or growing entities."""
        del text  # offsets are already in the mentions; kept in the signature for context-aware resolvers
        chains = self._chain(mentions)
        assigned: dict[int, str] = {}
        for chain in chains:
            record = self._match(chain) or self._new_record()
            self._absorb(record, chain, article_id)
            for index in chain.indices:
                assigned[index] = record.entity_id
        return [(mention, assigned[i]) for i, mention in enumerate(mentions)]

    def entities(self) -> list[Entity]:
        """All entities, most widely reported first (article count, then mention count, then id)."""
        records = sorted(
            self._records.values(),
            key=lambda r: (-len(r.article_ids), -sum(r.alias_counts.values()), r.entity_id),
        )
        return [record.entity() for record in records]

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, if any."""
        record = self._records.get(entity_id)
        return record.entity() if record else None

    def find(self, name: str) -> Entity | None:
        """The entity a name refers to, by any alias, exonym, transliteration or typo of it."""
        return self.lookup(name, fuzzy=True)

    def lookup(self, name: str, fuzzy: bool = True) -> Entity | None:
        """Like `find`; with `fuzzy=False` only exact (folded) aliases and exonyms match."""
        folded = fold(name)
        if not folded:
            return None
        table = known_aliases().get(folded)
        keys = [folded, core_key(folded)] + ([fold(table[0])] if table else [])
        candidates = [self._records[e] for key in keys for e in self._by_key.get(key, ())]
        if not candidates and fuzzy:
            tokens = folded.split()
            candidates = [r for r in self._block_candidates(tokens[-1]) if self._name_matches(tokens, r)]
        return self._best(candidates).entity() if candidates else None

    def state_changes(self) -> StateDelta:
        """The entities changed since the last call, as keyed records (`entity|<id>`), for the store to
        persist incrementally; `from_records` restores the resolver. Article ids are not part of a
        record (a widely reported entity's list grows with the corpus): they are the stored mentions."""
        delta = StateDelta({"version": STATE_VERSION, "next_id": self._next_id})
        for entity_id in sorted(self._dirty):
            r = self._records[entity_id]
            delta.records[f"entity|{entity_id}"] = {
                "aliases": r.alias_counts,
                "votes": r.votes,
                "fixed_name": r.fixed_name,
                "fixed_type": r.fixed_type,
                "descriptors": r.descriptors,
            }
        self._dirty = set()
        return delta

    @classmethod
    def from_records(
        cls, meta: dict[str, Any], records: dict[str, Any], article_ids: dict[str, list[str]]
    ) -> EntityResolver:
        """A resolver restored from stored `state_changes()` output and each entity's articles."""
        if meta.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported entity resolver state version {meta.get('version')!r}")
        resolver = cls()
        resolver._next_id = int(meta["next_id"])
        for key, item in sorted(records.items()):
            entity_id = key.partition("|")[2]
            record = _Record(
                entity_id,
                dict(item["aliases"]),
                dict(item["votes"]),
                item["fixed_name"],
                item["fixed_type"],
                list(item["descriptors"]),
                list(article_ids.get(entity_id, ())),
            )
            resolver._records[record.entity_id] = record
            for alias in record.alias_counts:
                resolver._index(record, alias)
            if record.fixed_name:
                resolver._index(record, record.fixed_name)
        return resolver

    # ------------------------------------------------------------------ within an article

    def _chain(self, mentions: list[Mention]) -> list[_Chain]:
        """Union-find of one article's mentions into chains."""
        parent = list(range(len(mentions)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(a: int, b: int) -> None:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        folded = [fold(m.canonical or _surface(m)) for m in mentions]
        full_people = [
            i for i, m in enumerate(mentions) if m.label == "PERSON" and len(folded[i].split()) > 1
        ]
        org_heads = {
            folded[i].split()[0]
            for i, m in enumerate(mentions)
            if m.label in {"ORG", "MEDIA"} and len(folded[i].split()) > 1
        }
        first_seen: dict[str, int] = {}
        for i, mention in enumerate(mentions):
            key = folded[i]
            linked = False
            if " " not in key and not mention.canonical and mention.label not in {"NORP", "MEDIA"}:
                linked = self._link_short_name(
                    i, key, mention, mentions, folded, full_people, org_heads, union
                )
            if not linked:
                if key in first_seen:
                    union(first_seen[key], i)
                else:
                    first_seen[key] = i
        for i, mention in enumerate(mentions):
            if mention.acronym_of and (target := first_seen.get(fold(mention.acronym_of))) is not None:
                union(target, i)

        groups: dict[int, list[int]] = {}
        for i in range(len(mentions)):
            groups.setdefault(root(i), []).append(i)
        return [self._make_chain(indices, mentions, folded) for indices in groups.values()]

    @staticmethod
    def _link_short_name(
        i: int,
        key: str,
        mention: Mention,
        mentions: list[Mention],
        folded: list[str],
        full_people: list[int],
        org_heads: set[str],
        union: Any,
    ) -> bool:
        """Join a one-word name to the full name it abbreviates in the article; False if none or unclear."""
        by_last = [j for j in full_people if tokens_variant(key, folded[j].split()[-1])]
        if by_last and key not in org_heads:
            before = [j for j in by_last if j < i]
            union(before[-1] if before else by_last[0], i)
            return True
        by_first = {folded[j] for j in full_people if folded[j].split()[0] == key}
        if mention.label == "PERSON" and len(by_first) == 1:
            union(next(j for j in full_people if folded[j] in by_first), i)
            return True
        return False

    @staticmethod
    def _make_chain(indices: list[int], mentions: list[Mention], folded: list[str]) -> _Chain:
        chain = _Chain(indices, Counter(), Counter())
        for i in indices:
            mention = mentions[i]
            chain.surfaces[_surface(mention)] += 1
            chain.votes[mention.label] += _MULTI_TOKEN_WEIGHT if " " in folded[i] else 1.0
            if mention.canonical:
                chain.canonical = mention.canonical
                chain.fixed_type = mention.label
            if mention.acronym_of and not chain.expansion:
                chain.expansion = mention.acronym_of
            if mention.descriptor and mention.descriptor not in chain.descriptors:
                chain.descriptors.append(mention.descriptor)
        if chain.fixed_type is None and any(
            mentions[i].label == "PERSON" and " " in folded[i] for i in indices
        ):
            chain.fixed_type = "PERSON"  # a full name settles a chain whose bare surname NER called ORG
        return chain

    # ------------------------------------------------------------------ across articles

    def _match(self, chain: _Chain) -> _Record | None:
        keys = {fold(s) for s in chain.surfaces} | ({fold(chain.canonical)} if chain.canonical else set())
        if chain.type not in {"PERSON", "MEDIA"}:
            keys |= {core_key(k) for k in keys}
        if chain.expansion:
            keys.add(fold(chain.expansion))
        exact = [self._records[e] for key in sorted(keys) for e in self._by_key.get(key, ())]
        compatible = [r for r in exact if self._compatible(chain, r)]
        if compatible:
            return self._best(compatible)
        if chain.canonical or chain.type == "MEDIA":
            return None
        tokens = fold(chain.best_surface()).split()
        if not tokens:
            return None
        fuzzy = [
            record
            for record in self._block_candidates(tokens[-1])
            if self._compatible(chain, record) and self._name_matches(tokens, record)
        ]
        if fuzzy:
            return self._best(fuzzy)
        return self._surname_of_person(chain, tokens, exact)

    def _surname_of_person(self, chain: _Chain, tokens: list[str], exact: list[_Record]) -> _Record | None:
        """A bare name NER called ORG that is exactly the surname of a known full-named person."""
        if len(tokens) != 1 or chain.type != "ORG" or any(r.type == "ORG" for r in exact):
            return None
        people = [
            r
            for r in self._block_candidates(tokens[0])
            if r.type == "PERSON" and r.first_names() and tokens[0] in r.surnames()
        ]
        return self._best(people) if people else None

    def _name_matches(self, tokens: list[str], record: _Record) -> bool:
        if record.type == "PERSON":
            return any(tokens_variant(tokens[-1], s) for s in record.surnames()) and self._first_names_agree(
                tokens[:-1], record
            )
        return any(
            len(alias) == len(tokens)
            and all(tokens_variant(a, b) for a, b in zip(alias, tokens, strict=True))
            for alias in (fold(a).split() for a in record.alias_counts)
        )

    @staticmethod
    def _first_names_agree(given: list[str], record: _Record) -> bool:
        known = record.first_names()
        if not given or not known:
            return True
        first = given[0]
        # Given names are transliterated more loosely than surnames (Jewgeni / Yevgeniy): once the surname
        # matched, an equal phonetic skeleton is enough.
        return any(
            tokens_variant(first, k) or is_initial(first, k) or skeleton(first) == skeleton(k) for k in known
        )

    @staticmethod
    def _compatible(chain: _Chain, record: _Record) -> bool:
        if chain.canonical and record.fixed_name:
            return chain.canonical == record.fixed_name
        if (chain.type == "MEDIA") != (record.type == "MEDIA"):
            return False
        if chain.type == "PERSON" and record.type == "PERSON":
            given = [fold(s).split()[:-1] for s in chain.surfaces if len(fold(s).split()) > 1]
            if given and not all(EntityResolver._first_names_agree(g, record) for g in given):
                return False
        record_votes = {record.fixed_type: 1.0} if record.fixed_type else record.votes
        chain_votes = {chain.fixed_type: 1.0} if chain.fixed_type else dict(chain.votes)
        return any(
            _type_share(chain_votes, kind) >= MIN_TYPE_SHARE
            and _type_share(record_votes, kind) >= MIN_TYPE_SHARE
            for kind in (chain.type, record.type)
        )

    def _block_candidates(self, token: str) -> list[_Record]:
        seen: dict[str, _Record] = {}
        for key in block_keys(token):
            for entity_id in self._by_block.get(key, ()):
                seen.setdefault(entity_id, self._records[entity_id])
        return list(seen.values())

    @staticmethod
    def _best(records: list[_Record]) -> _Record:
        return min(records, key=lambda r: (-len(r.article_ids), -sum(r.alias_counts.values()), r.entity_id))

    def _new_record(self) -> _Record:
        record = _Record(f"E{self._next_id:06d}")
        self._next_id += 1
        self._records[record.entity_id] = record
        return record

    def _absorb(self, record: _Record, chain: _Chain, article_id: str) -> None:
        self._dirty.add(record.entity_id)
        for label, weight in chain.votes.items():
            record.votes[label] = record.votes.get(label, 0.0) + weight
        if chain.fixed_type == "PERSON":
            record.votes["PERSON"] = record.votes.get("PERSON", 0.0) + sum(chain.votes.values())
        for surface, count in chain.surfaces.items():
            if surface not in record.alias_counts:
                self._index(record, surface)
            record.alias_counts[surface] = record.alias_counts.get(surface, 0) + count
        if chain.expansion and chain.expansion not in record.alias_counts:
            record.alias_counts[chain.expansion] = 0
            self._index(record, chain.expansion)
            if chain.expansion[:1].isupper() and all(
                w[:1].isupper() or len(w) <= 3 for w in chain.expansion.split()
            ):
                record.fixed_name = record.fixed_name or chain.expansion  # a proper name, not a description
        if chain.canonical and not record.fixed_name:
            record.fixed_name = chain.canonical
            self._index(record, chain.canonical)
        if chain.fixed_type and (chain.canonical or chain.fixed_type == "MEDIA"):
            record.fixed_type = chain.fixed_type
        for descriptor in chain.descriptors:
            if descriptor not in record.descriptors and len(record.descriptors) < _MAX_DESCRIPTORS:
                record.descriptors.append(descriptor)
        if article_id not in record.article_ids:
            record.article_ids.append(article_id)

    def _index(self, record: _Record, alias: str) -> None:
        folded = fold(alias)
        if not folded:
            return
        for key in {folded, core_key(folded)} - FUNCTION_WORDS:
            bucket = self._by_key.setdefault(key, [])
            if record.entity_id not in bucket:
                bucket.append(record.entity_id)
        for key in block_keys(folded.split()[-1]):
            bucket = self._by_block.setdefault(key, [])
            if record.entity_id not in bucket:
                bucket.append(record.entity_id)
