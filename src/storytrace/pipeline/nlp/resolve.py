"""Cross-document entity resolution: one entity per real person, organisation, place or outlet.

Articles are resolved one at a time (a news stream), so the resolver is incremental and its state is
plain JSON. Inside an article, mentions are first chained: same spelling; a surname alone to the full
name it abbreviates (nearest preceding one when several people share it); a first name alone to the
only full name it starts; an acronym to the phrase the text introduced it for. Each chain then joins
the entity an alias, exonym or outlet table names, or one whose last name token is a spelling of the
chain's (`entities.Spellings`: same phonetic skeleton, or a one-edit typo keeping the first three letters),
verified by spelling variance (`tokens_variant`), first-name agreement and type agreement; otherwise it
founds a new entity.

A person's name is read without the titles before it and the suffixes after it ("Ministerpräsident
Benjamin Netanjahu", "Mme Willis", "Alvin Bragg Jr."): languages without a model give capitalised runs
that start with a role, and a role is neither a given name nor part of the key.

Guards against over-merging: given names must agree (Sergei vs Svetlana Shoigu stay apart), tokens of
five letters or fewer must be spelt alike, a given name the resolver knows never matches a non-person by
spelling variance (George is not Georgia), outlets only meet outlets, and "Putin's envoy" is a different
surface from "Putin" (extraction also cuts possessive phrases at the owner). Types: a spelling variant
must agree in type (noisy NER labels are voted over all of an entity's mentions), while the very same
name joins across the labels the NER gives it, unless a bare name meets a person known by a full name.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from storytrace.model import StateDelta
from storytrace.pipeline.lineage.outlets import without_article
from storytrace.pipeline.nlp.entities import (
    FUNCTION_WORDS,
    GENERIC_ORG_WORDS,
    NAME_CONNECTORS,
    ROLE_NOUNS,
    TYPO_MIN_LENGTH,
    Mention,
    Spellings,
    core_key,
    fold,
    is_initial,
    known_aliases,
    skeleton,
    tokens_variant,
)

STATE_VERSION = 2  # 1 kept every entity in one JSON blob (migration m009 splits it into records)
# The language an entity's name is taken from when it has been written in it: the interface's, as story labels.
NAME_LANGUAGE = "en"
# A type must hold at least this share of both sides' votes for a chain to join an entity. The small
# English model labels a bare surname ORG about half the time, so majority alone would split people;
# a quarter keeps real ORG/PERSON homonyms (Wagner the group, Wagner the composer) apart.
MIN_TYPE_SHARE = 0.25
# Labels the small NER model confuses freely and that never name different things with one name.
_PLACE = {"GPE": "PLACE", "LOC": "PLACE", "PRODUCT": "ORG"}
_MULTI_TOKEN_WEIGHT = 2.0  # a multi-word span's label is more reliable than a bare surname's
_MAX_DESCRIPTORS = 12
# "Unknown kind": languages without a model label capitalised runs MISC, so MISC never outvotes a type.
_UNKNOWN = "MISC"
_NAME_WORDS = json.loads(Path(__file__).with_name("entity_data.json").read_text(encoding="utf-8"))
HONORIFICS = frozenset(fold(word) for word in _NAME_WORDS["honorifics"]["words"])
NAME_SUFFIXES = frozenset(fold(word) for word in _NAME_WORDS["name_suffixes"]["words"])
# A compound ending in a role noun of at least this many letters is a role ("Ministerpräsident"); shorter
# role nouns also end given names ("aide" in Adelaide, "chef"), so they count only as whole words.
_MIN_COMPOUND_ROLE = 6
_COMPOUND_ROLES = tuple(role for role in ROLE_NOUNS if len(role) >= _MIN_COMPOUND_ROLE and " " not in role)
# A token is taken for a given name once it stands before the surname (or regnal number) of this many
# different people: one full name may be a place phrase NER called a person ("Marrakech Plus"), two
# different people named "George ..." make George a given name.
_GIVEN_NAME_PEOPLE = 2


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
    name_language_counts: dict[str, int] = field(default_factory=dict)  # aliases as written in NAME_LANGUAGE
    # Aliases that joined by spelling alone (a fuzzy name match): not matched by spelling in turn (`anchors`).
    spelt: set[str] = field(default_factory=set)
    mention_count: int = 0  # the sum of `alias_counts`, kept up as they grow: `rank` is asked it for every candidate
    # `type`, `name`, `first_names()` and `surnames()`, computed on first need: matching asks them hundreds of times
    # per article, each reads every alias (hundreds for a widely reported entity), and they change only where
    # `EntityResolver._absorb` changes the aliases, votes or fixed name and type, which clears them (`forget`)
    voted: str | None = field(default=None, repr=False, compare=False)
    named: str | None = field(default=None, repr=False, compare=False)
    given: set[str] | None = field(default=None, repr=False, compare=False)
    last: set[str] | None = field(default=None, repr=False, compare=False)

    def rank(self) -> tuple[int, int, str]:
        """Its place among records a name may join: the most reported first (articles, then mentions, then id)."""
        return (-len(self.article_ids), -self.mention_count, self.entity_id)

    def forget(self) -> None:
        """Clear what is computed from the aliases and votes, before they change."""
        self.voted = self.named = self.given = self.last = None

    @property
    def type(self) -> str:
        if self.voted is None:
            self.voted = self.fixed_type or _voted_type(self.votes)
        return self.voted

    @property
    def name(self) -> str:
        if self.named is None:
            self.named = self._name()
        return self.named

    def _name(self) -> str:
        """The fixed name, else the alias written most often, in articles of NAME_LANGUAGE when it has been
        written in one ("Georgia" rather than the "Géorgie" of more French articles). For a person a full name
        comes first: articles introduce it once and then use the surname. For other kinds a longer form is no
        such evidence (NER glues section labels and common nouns onto names, "Finanzas OpenAI"), so it only
        breaks ties; but a form spelling out an acronym the entity is also written as names it better than the
        acronym."""
        if self.fixed_name:
            return self.fixed_name
        counts = self.name_language_counts if any(self.name_language_counts.values()) else self.alias_counts
        written = [a for a, count in counts.items() if count] or list(self.alias_counts)
        person = self.type == "PERSON"
        acronyms = {a for a in written if a.isupper() and " " not in a}

        def rank(position: int, a: str) -> tuple[bool, bool, bool, int, bool, int]:
            return (
                person and " " in a,
                person and _name_tokens(fold(a))[:1] == tuple(fold(a).split()[:1]),  # no title before it
                _initials(a) in acronyms,  # the spelled-out form of an acronym it is written as (FDIC)
                counts.get(a, 0),
                " " in a,
                -position,  # the first written (`written.index` here made this quadratic in the aliases)
            )

        return max(enumerate(written), key=lambda item: rank(*item))[1]

    def anchors(self) -> list[str]:
        """The aliases a name is matched with by spelling: all but those that joined by spelling alone, so that
        spelling variants do not chain ("Sestes", "Shastes", "Shastel", ... "Saimoth": on the scale benchmark's
        invented place names, one entity took 1,791 aliases at 60,000 articles)."""
        return [alias for alias in self.alias_counts if alias not in self.spelt]

    def first_names(self) -> set[str]:
        """The given names of its aliases (read it, do not change it)."""
        if self.given is None:
            self.given = {given for a in self.alias_counts for given in _given_keys(_name_tokens(fold(a)))}
        return self.given

    def surnames(self) -> set[str]:
        """The last name tokens of its aliases (read it, do not change it)."""
        if self.last is None:
            self.last = {_name_tokens(fold(a))[-1] for a in self.alias_counts if fold(a)}
        return self.last

    def named_person(self) -> bool:
        """Whether this is a person known by a full name, not only a bare name NER called PERSON."""
        return self.type == "PERSON" and bool(self.first_names())

    def entity(self) -> Entity:
        """The entity as it stands. Its `article_ids` is the record's own list, not a copy: a lookup hit makes one
        entity, and copying the article list of an entity every article names cost time that grew with the
        corpus. Read it, do not change it."""
        return Entity(
            self.entity_id,
            self.name,
            self.type,
            list(self.alias_counts),
            list(self.descriptors),
            self.article_ids,
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
        return self.fixed_type or _voted_type(self.votes)

    def best_surface(self) -> str:
        return max(self.surfaces, key=lambda s: (len(s.split()), self.surfaces[s]))

    def name_tokens(self) -> list[str]:
        """The tokens of the best surface, read as a person's name when the chain may be a person."""
        folded = fold(self.best_surface())
        return list(_name_tokens(folded)) if _person_like(self.type) else folded.split()


def _initials(alias: str) -> str:
    """Initials of the capitalised words of a multi-word alias ("Federal Deposit Insurance Corp." → "FDIC")."""
    words = alias.split()
    return "".join(w[0] for w in words if w[:1].isupper()) if len(words) > 1 else ""


def _proper_name(surface: str) -> bool:
    """Whether every word is capitalised (or a connector such as "of", or a number): a name, not a headline or a
    phrase the NER glued to one ("FDIC Creates a Deposit Insurance National Bank")."""
    return all(
        w[:1].isupper() or w[:1].isdigit() or w.casefold() in NAME_CONNECTORS or w == "&" for w in surface.split()
    )


def _acronym_letters(surface: str) -> str:
    """The letters of an acronym as written ("GM", "U.S.", "S&P" -> "SP"), or "" for anything else."""
    letters = surface.replace(".", "").replace("&", "")
    return letters if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() else ""


def _spellings(name: str) -> set[str]:
    """The acronyms a name of several words is written as: its initials, with and without the generic words of a
    company's name ("General Motors Corporation": GMC and GM)."""
    core = " ".join(w for w in name.split() if fold(w).rstrip(".") not in GENERIC_ORG_WORDS)
    return {_initials(name), _initials(core)} - {""}


def _spelled_out(i: int, mentions: list[Mention], folded: list[str]) -> int | None:
    """The mention whose name an acronym of the article spells ("GM" and "General Motors" or "General Motors
    Corporation", "GAO" and "Government Accountability Office"), when exactly one name of the article does; None
    otherwise. The text need not introduce it ("General Motors (GM)" is `acronym_of`): news writes the full name
    once and the acronym after. People are left out: their initials spell acronyms by chance."""
    letters = _acronym_letters(_surface(mentions[i]))
    if not letters or mentions[i].label == "PERSON":
        return None
    spelling = [
        j
        for j, m in enumerate(mentions)
        if m.label != "PERSON" and " " in folded[j] and letters in _spellings(_surface(m))
    ]
    return spelling[0] if spelling and len({folded[j] for j in spelling}) == 1 else None


def _is_role(token: str) -> bool:
    return token in ROLE_NOUNS or token.endswith(_COMPOUND_ROLES)


@lru_cache(maxsize=65536)
def _name_tokens(folded: str) -> tuple[str, ...]:
    """A folded person name without the titles before it and the suffixes after it.

    "ministerprasident benjamin netanjahu" -> (benjamin, netanjahu); "openai ceo sam altman" -> (sam,
    altman); "mme willis" -> (willis,); "alvin bragg jr" -> (alvin, bragg). A role noun ends a descriptor
    wherever it stands; a form of address only at the start ("Michael M. Smith" keeps its initial).
    """
    tokens = folded.split()
    while len(tokens) > 1 and tokens[-1] in NAME_SUFFIXES:
        tokens.pop()
    cut = 0
    for i, token in enumerate(tokens[:-1]):
        if _is_role(token) or (i == cut and token in HONORIFICS):
            cut = i + 1
    return tuple(tokens[cut:])


def _suffix(folded: str) -> str:
    """The generational suffix or regnal number after a name ("iii" in "charles iii"), else ""."""
    tokens = folded.split()
    kept = len(tokens)
    while kept > 1 and tokens[kept - 1] in NAME_SUFFIXES:
        kept -= 1
    return " ".join(tokens[kept:])


def _given_keys(tokens: tuple[str, ...]) -> set[str]:
    """The given names of a name's tokens: the first, and the last before the surname that is not an
    initial. Either may be the given name: a descriptor no title list knows can precede it ("Republikaner
    Donald Trump"), and a middle name or patronymic can follow it ("Yevgeniy Viktorovich Prigozhin")."""
    return {tokens[0], _given_before_surname(tokens)} if len(tokens) > 1 else set()


def _given_before_surname(tokens: tuple[str, ...]) -> str:
    """The last token before the surname that is not an initial (the first token if all are)."""
    return next((t for t in reversed(tokens[:-1]) if len(t) > 1), tokens[0])


def _same_given(a: str, b: str) -> bool:
    # Given names are transliterated more loosely than surnames (Jewgeni / Yevgeniy): once the surname
    # matched, an equal phonetic skeleton is enough.
    return tokens_variant(a, b) or is_initial(a, b) or skeleton(a) == skeleton(b)


# The key of a person with no given name known: every given name agrees with theirs (`_first_names_agree`).
_NO_GIVEN_NAME = ""
# The letters a one-edit typo of a word of TYPO_MIN_LENGTH letters or more leaves at one end or the other: an
# edit before the last three letters keeps them, one after the first three keeps those (the two ends never meet).
_TYPO_KEPT_END = 3


def _given_name_keys(name: str) -> set[str]:
    """The keys a person known by one given name is filed by: its phonetic skeleton, the letter of an initial, and
    both ends of a name long enough for a one-edit typo. Every given name that `_same_given` takes for a spelling
    of it, its initial or of its skeleton has one of these among its `_agreeing_keys`, or is an initial itself."""
    keys = {"s" + skeleton(name)}
    if len(name) == 1:
        keys.add("i" + name)
    if len(name) >= TYPO_MIN_LENGTH:
        keys |= {"<" + name[:_TYPO_KEPT_END], ">" + name[-_TYPO_KEPT_END:]}
    return keys


def _agreeing_keys(given: set[str]) -> set[str] | None:
    """The keys under which every person whose given names agree with one of `given` is filed (a superset: the
    names are compared after), or None when one is an initial, which agrees with every given name of its letter."""
    if any(len(name) == 1 for name in given):
        return None
    keys = {_NO_GIVEN_NAME}
    for name in given:
        keys |= _given_name_keys(name) | {"i" + name[0]}
    return keys


class _PeopleBySurname:
    """The people filed by the last tokens of their names and, under each, by their given names' keys
    (`_given_name_keys`), so that a full name is compared only with those of its surname whose given names may
    agree with its own: on the scale benchmark's invented names, the people under the spellings of one surname
    number dozens at 100k articles, and nearly all have other given names. Filing follows each new name of a
    person as it comes (the names only grow); a person is filed in full, or taken out, only when their type
    changes."""

    def __init__(self) -> None:
        self._filed: dict[str, tuple[set[str], set[str]]] = {}  # person id -> (last tokens, given name keys)
        self._by_token: dict[str, dict[str, dict[str, None]]] = {}  # last token -> key -> ids (ordered set)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._filed

    def file(self, entity_id: str, tokens: set[str], given: set[str]) -> None:
        """File a person by all the last tokens and given names of their names."""
        keys = set().union(*map(_given_name_keys, given)) if given else {_NO_GIVEN_NAME}
        self._filed[entity_id] = (set(), keys)
        self.add_name(entity_id, tokens, set())

    def remove(self, entity_id: str) -> None:
        tokens, keys = self._filed.pop(entity_id)
        for token in tokens:
            for key in keys:
                del self._by_token[token][key][entity_id]

    def add_name(self, entity_id: str, tokens: set[str], given: set[str]) -> None:
        """Note a filed person's new name: the last tokens and the given names it shows."""
        filed_tokens, keys = self._filed[entity_id]
        new_keys = set().union(*map(_given_name_keys, given)) - keys
        if new_keys and keys == {_NO_GIVEN_NAME}:  # a first given name: no longer filed as having none
            for token in filed_tokens:
                del self._by_token[token][_NO_GIVEN_NAME][entity_id]
            keys.clear()
        for token in filed_tokens:
            filed = self._by_token[token]
            for key in new_keys:
                filed.setdefault(key, {})[entity_id] = None
        keys |= new_keys
        for token in tokens - filed_tokens:
            filed = self._by_token.setdefault(token, {})
            for key in keys:
                filed.setdefault(key, {})[entity_id] = None
        filed_tokens |= tokens

    def with_last_token(self, token: str, given: set[str]) -> list[str]:
        """The people filed under a last token whose given names may agree with one of `given` (all of them when
        `given` holds an initial)."""
        filed = self._by_token.get(token, {})
        keys = _agreeing_keys(given)
        return [entity_id for key in (filed if keys is None else keys & filed.keys()) for entity_id in filed[key]]


def _first_fit(records: list[_Record], fits: Callable[[_Record], bool]) -> _Record | None:
    """The most reported record (`_Record.rank`) that `fits`: records are tested in rank order until one fits, so a
    name that fits is tested against no other (dozens of people share the spellings of a bare surname at 100k
    articles)."""
    return next((record for record in sorted(records, key=_Record.rank) if fits(record)), None)


def _person_like(kind: str) -> bool:
    return kind in {"PERSON", _UNKNOWN}


def _surface(mention: Mention) -> str:
    """The surface form a mention contributes as alias."""
    return mention.text.strip()


def _typed(votes: dict[str, float]) -> dict[str, float]:
    return {kind: weight for kind, weight in votes.items() if kind != _UNKNOWN}


def _voted_type(votes: dict[str, float]) -> str:
    """The type with most votes; MISC only when no vote says anything else."""
    ranked = _typed(votes) or votes
    return max(ranked.items(), key=lambda kv: (kv[1], kv[0]))[0] if ranked else _UNKNOWN


def _type_share(votes: dict[str, float], kind: str) -> float:
    total = sum(votes.values())
    mine = sum(v for k, v in votes.items() if _PLACE.get(k, k) == _PLACE.get(kind, kind))
    return mine / total if total else 0.0


def _types_agree(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether either side's main type holds at least MIN_TYPE_SHARE of both sides' typed votes; a side
    with no typed vote (MISC only) agrees with anything."""
    a, b = _typed(a), _typed(b)
    if not a or not b:
        return True
    return any(
        _type_share(a, kind) >= MIN_TYPE_SHARE and _type_share(b, kind) >= MIN_TYPE_SHARE
        for kind in (_voted_type(a), _voted_type(b))
    )


# Letters a name token's one-edit typos keep for the fuzzy lookup to find them (`typos_among`): a typo in
# the first three letters makes another name more often than not (Lindqvist, Kindqvist); same-skeleton
# spellings are found whatever their first letters.
TYPO_KEEPS_LETTERS = 3


class EntityResolver:
    """Incremental cross-document entity resolver (see the module docstring)."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}
        self._by_key: dict[str, list[str]] = {}
        # Fuzzy lookup finds the distinct last name tokens that are spelling variants (`Spellings`: same phonetic
        # skeleton, or a one-edit typo), then their records. A token is kept once however many entities share it
        # ("Shin" of hundreds of people), and its spellings are found once, when it is first seen, so the records
        # compared grow with the matching names only. A name of several words is compared with people by its last
        # word and with everything else by every word (`_name_matches`), so the records of other kinds are found
        # by first word too (every "... Bank" shares the last: `_fuzzy_candidates`); people are filed apart, by
        # their type as it stands (`_file_person`).
        self._last_tokens = Spellings(TYPO_KEEPS_LETTERS)
        self._by_last_token: dict[str, dict[str, None]] = {}  # token -> ids of records with it last (ordered set)
        self._first_tokens = Spellings()  # any typo: `tokens_variant` takes it in every word of a name
        self._by_first_token: dict[str, dict[str, None]] = {}  # first token of a name of 2+ words -> ids
        self._people = _PeopleBySurname()  # the `_by_last_token` records typed PERSON
        self._given_by: dict[str, set[str]] = {}  # token -> the people it stands before the surname of
        self._next_id = 1
        self._dirty: set[str] = set()  # entities changed since the last `state_changes()`
        self._merged: dict[str, str] = {}  # entity folded into another since the last `take_merges()` -> that one
        self._removed: set[str] = set()  # entities folded into others since the last `state_changes()`
        # Articles resolved so far: a new one cannot be in any entity's article list yet, so adding it needs no
        # search of lists that grow with the corpus (only a revised article, resolved again, does).
        self._articles: set[str] = set()

    # ------------------------------------------------------------------ public API

    def resolve(
        self, article_id: str, mentions: list[Mention], text: str, language: str | None = None
    ) -> list[tuple[Mention, str]]:
        """Assign every mention of one article (in `language`) to an entity id, creating or growing entities."""
        del text  # offsets are already in the mentions; kept in the signature for context-aware resolvers
        chains = self._chain(mentions)
        revisited = article_id in self._articles
        self._articles.add(article_id)
        assigned: dict[int, str] = {}
        for chain in chains:
            record, by_spelling = self._match(chain)
            record = record or self._new_record()
            self._absorb(record, chain, article_id, language, revisited, by_spelling)
            for other in self._bridged(chain, record):
                self._merge(record, other)
            for index in chain.indices:
                assigned[index] = record.entity_id
        return [(mention, self.current_id(assigned[i])) for i, mention in enumerate(mentions)]

    def current_id(self, entity_id: str) -> str:
        """The id an entity has now: the one it was folded into, if it was (`take_merges`), else its own."""
        while entity_id in self._merged:
            entity_id = self._merged[entity_id]
        return entity_id

    def take_merges(self) -> dict[str, str]:
        """Entities folded into others since the last call, each mapped to the id it has now, for the store to
        move their mentions and claims; the resolver forgets them (their ids are never given out again)."""
        merges = {old: self.current_id(old) for old in self._merged}
        self._merged = {}
        return merges

    def entities(self) -> list[Entity]:
        """All entities, most widely reported first (article count, then mention count, then id)."""
        return [record.entity() for record in sorted(self._records.values(), key=_Record.rank)]

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, if any."""
        record = self._records.get(entity_id)
        return record.entity() if record else None

    def find(self, name: str) -> Entity | None:
        """The entity a name refers to, by any alias, exonym, transliteration or typo of it."""
        return self.lookup(name, fuzzy=True)

    def lookup(self, name: str, fuzzy: bool = True) -> Entity | None:
        """Like `find`; with `fuzzy=False` only exact (folded) aliases and exonyms match."""
        record = self._lookup(name, fuzzy)
        return record.entity() if record else None

    def type_of(self, name: str, fuzzy: bool = True) -> str | None:
        """The type of the entity `lookup` finds, without making the entity (its name and alias list)."""
        record = self._lookup(name, fuzzy)
        return record.type if record else None

    def _lookup(self, name: str, fuzzy: bool) -> _Record | None:
        folded = fold(name)
        if not folded:
            return None
        table = known_aliases().get(folded)
        keys = [folded, core_key(folded)] + ([fold(table[0])] if table else [])
        candidates = [self._records[e] for key in keys for e in self._by_key.get(key, ())]
        if candidates or not fuzzy:
            return min(candidates, key=_Record.rank, default=None)
        tokens = folded.split()
        return _first_fit(self._fuzzy_candidates(tokens), lambda record: self._name_matches(tokens, record))

    def state_changes(self) -> StateDelta:
        """The entities changed since the last call, as keyed records (`entity|<id>`), for the store to
        persist incrementally; `from_records` restores the resolver. Article ids are not part of a
        record (a widely reported entity's list grows with the corpus): they are the stored mentions."""
        delta = StateDelta(
            {"version": STATE_VERSION, "next_id": self._next_id},
            removed={f"entity|{old}" for old in self._removed},
        )
        self._removed = set()
        for entity_id in sorted(self._dirty):
            r = self._records[entity_id]
            delta.records[f"entity|{entity_id}"] = {
                "aliases": r.alias_counts,
                "votes": r.votes,
                "fixed_name": r.fixed_name,
                "fixed_type": r.fixed_type,
                "descriptors": r.descriptors,
                "name_language_aliases": r.name_language_counts,
                "spelt_aliases": sorted(r.spelt),
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
                dict(item.get("name_language_aliases", {})),  # absent from states stored before it was kept
                set(item.get("spelt_aliases", ())),  # likewise
                sum(item["aliases"].values()),
            )
            resolver._records[record.entity_id] = record
            resolver._articles.update(record.article_ids)
            for alias in record.alias_counts:
                resolver._index(record, alias, anchor=alias not in record.spelt)
            if record.fixed_name:
                resolver._index(record, record.fixed_name)
            resolver._file_person(record)
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
            i for i, m in enumerate(mentions) if m.label == "PERSON" and len(_name_tokens(folded[i])) > 1
        ]
        org_names: dict[str, list[int]] = {}  # first word of an organisation's name of several words -> mentions
        for i, m in enumerate(mentions):
            if m.label in {"ORG", "MEDIA"} and len(folded[i].split()) > 1:
                org_names.setdefault(folded[i].split()[0], []).append(i)
        first_seen: dict[str, int] = {}
        for i, mention in enumerate(mentions):
            key = folded[i]
            linked = False
            if " " not in key and not mention.canonical and mention.label not in {"NORP", "MEDIA"}:
                linked = self._link_short_name(
                    i, key, mention, mentions, folded, full_people, org_names, union
                )
            if not linked:
                if key in first_seen:
                    union(first_seen[key], i)
                else:
                    first_seen[key] = i
        for i, mention in enumerate(mentions):
            if mention.acronym_of and (target := first_seen.get(fold(mention.acronym_of))) is not None:
                union(target, i)
            elif (spelled := _spelled_out(i, mentions, folded)) is not None:
                union(spelled, i)

        groups: dict[int, list[int]] = {}
        for i in range(len(mentions)):
            groups.setdefault(root(i), []).append(i)
        return [self._make_chain(indices, mentions, folded) for indices in groups.values()]

    def _link_short_name(
        self,
        i: int,
        key: str,
        mention: Mention,
        mentions: list[Mention],
        folded: list[str],
        full_people: list[int],
        org_names: dict[str, list[int]],
        union: Any,
    ) -> bool:
        """Join a one-word name to the full name it abbreviates in the article; False if none or unclear.

        A word known as a person's surname is not taken for the first name of a full name it starts
        ("Trump White House" is no person whose first name is Trump). An organisation's one-word name joins the
        only organisation of the article whose name it starts ("Ford" after "Ford Motor Company", "Northrop"
        after "Northrop Grumman"): news writes a company's full name once and its first word after; with two
        such names ("Ford Motor Company", "Ford Foundation") it stays apart, and so does an acronym, which spells
        its own name ("SVB" of Silicon Valley Bank beside "SVB Financial Group", its parent: `_spelled_out`)."""
        by_last = [j for j in full_people if tokens_variant(key, _name_tokens(folded[j])[-1])]
        if by_last and key not in org_names:
            before = [j for j in by_last if j < i]
            union(before[-1] if before else by_last[0], i)
            return True
        by_first = {folded[j] for j in full_people if _name_tokens(folded[j])[0] == key}
        if mention.label == "PERSON" and len(by_first) == 1 and not self._known_surname(key):
            union(next(j for j in full_people if folded[j] in by_first), i)
            return True
        started = [j for j in org_names.get(key, []) if _proper_name(_surface(mentions[j]))]
        if (
            mention.label == "ORG"
            and not _acronym_letters(_surface(mention))  # "SVB" of "SVB Financial Group": a parent or a unit
            and started
            and len({core_key(folded[j]) for j in started}) == 1
            and not self._known_surname(key)
        ):
            union(started[0], i)
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
            mentions[i].label == "PERSON" and len(_name_tokens(folded[i])) > 1 for i in indices
        ):
            chain.fixed_type = "PERSON"  # a full name settles a chain whose bare surname NER called ORG
        return chain

    # ------------------------------------------------------------------ across articles

    def _match(self, chain: _Chain) -> tuple[_Record | None, bool]:
        """The entity the chain joins, if any, and whether it joins by spelling alone (a fuzzy name match)."""
        keys = {fold(s) for s in chain.surfaces} | ({fold(chain.canonical)} if chain.canonical else set())
        if chain.type == "MEDIA":  # "The Harbour Ledger" is the outlet "Harbour Ledger" credits named
            keys |= {fold(without_article(s)) for s in chain.surfaces}
        if chain.type not in {"PERSON", "MEDIA"}:
            keys |= {core_key(k) for k in keys}
        if _person_like(chain.type):
            keys |= {" ".join(_name_tokens(k)) for k in keys if k}
        if chain.expansion:
            keys.add(fold(chain.expansion))
        pairs = [(key, self._records[e]) for key in sorted(keys) for e in self._by_key.get(key, ())]
        pairs.sort(key=lambda pair: pair[1].rank())
        by_key = next((record for key, record in pairs if self._compatible(chain, record, key)), None)
        if by_key:
            return by_key, False
        if chain.canonical or chain.type == "MEDIA":
            return None, False
        tokens = chain.name_tokens()
        if not tokens:
            return None, False
        # A title or regnal number read off the name shows a person ("Mme Velmor", "George V"): such a
        # name is a spelling variant of people only.
        titled = len(tokens) < len(fold(chain.best_surface()).split())
        # the name test first: it rejects most of a block's records (every "… Bank" for a bank's new name)
        fuzzy = _first_fit(
            self._fuzzy_candidates(tokens),
            lambda record: (record.type == "PERSON" or not titled)
            and self._name_matches(tokens, record)
            and self._compatible(chain, record),
        )
        if fuzzy:
            return fuzzy, True
        return self._surname_of_person(chain, tokens, [record for _, record in pairs]), False

    def _surname_of_person(self, chain: _Chain, tokens: list[str], exact: list[_Record]) -> _Record | None:
        """A bare name NER called ORG that is exactly the surname of a known full-named person."""
        if len(tokens) != 1 or chain.type != "ORG" or any(r.type == "ORG" for r in exact):
            return None
        return _first_fit(
            self._block_candidates(tokens[0]),
            lambda record: record.type == "PERSON" and bool(record.first_names()) and tokens[0] in record.surnames(),
        )

    def _name_matches(self, tokens: list[str], record: _Record) -> bool:
        """Whether a name is a spelling variant of the record's (surname and given names for a person)."""
        if record.type == "PERSON":
            return any(tokens_variant(tokens[-1], s) for s in record.surnames()) and self._first_names_agree(
                tuple(tokens), record
            )
        if len(tokens) == 1 and self._is_given_name(tokens[0]):
            return False  # a known given name is a person's, however close to a place (George / Georgia)
        return any(
            len(alias) == len(tokens)
            and all(tokens_variant(a, b) for a, b in zip(alias, tokens, strict=True))
            for alias in (fold(a).split() for a in record.anchors())
        )

    @staticmethod
    def _first_names_agree(tokens: tuple[str, ...], record: _Record) -> bool:
        """Whether a name's given names (see `_given_keys`) agree with one the record is known by."""
        given = _given_keys(tokens)
        known = record.first_names()
        return not given or not known or any(_same_given(g, k) for g in given for k in known)

    @staticmethod
    def _compatible(chain: _Chain, record: _Record, key: str | None = None) -> bool:
        """Whether a chain may join a record: canonical names, outlets, given names, then types.

        `key` is the name both are written as, for an exact match: NER labels one name PERSON, ORG or
        GPE from article to article, and two kinds of thing rarely share a whole multi-word name, so the
        same name joins whatever its labels. A bare name joins across labels too, except where one side
        is a person known by a full name and the other is not (Wagner the group, Richard Wagner)."""
        if chain.canonical and record.fixed_name:
            return chain.canonical == record.fixed_name
        whole_name = key is not None and " " in key and "PERSON" not in (chain.type, record.type)
        if (chain.type == "MEDIA") != (record.type == "MEDIA") and not whole_name:
            return False  # ("Harbour Ledger" named as an outlet in one article and an organisation in the next joins)
        if _person_like(chain.type) and record.type == "PERSON":
            names = [_name_tokens(fold(s)) for s in chain.surfaces]
            if not all(EntityResolver._first_names_agree(tokens, record) for tokens in names):
                return False
        if _person_like(chain.type) and _person_like(record.type):
            # Different regnal numbers or generations are different people (George V, George VI).
            mine = {_suffix(fold(s)) for s in chain.surfaces} - {""}
            theirs = {_suffix(fold(a)) for a in record.alias_counts} - {""}
            if mine and theirs and not mine & theirs:
                return False
        if key is not None and (" " in key or (chain.fixed_type == "PERSON") == record.named_person()):
            return True
        record_votes = {record.fixed_type: 1.0} if record.fixed_type else record.votes
        chain_votes = {chain.fixed_type: 1.0} if chain.fixed_type else dict(chain.votes)
        return _types_agree(chain_votes, record_votes)

    def _known_surname(self, token: str) -> bool:
        """Whether a bare name is written for a person known by a full name with it as surname."""
        return not self._is_given_name(token) and any(
            self._records[e].named_person() and token in self._records[e].surnames()
            for e in self._by_key.get(token, ())
        )

    def _is_given_name(self, token: str) -> bool:
        return len(self._given_by.get(token, ())) >= _GIVEN_NAME_PEOPLE

    def _fuzzy_candidates(self, tokens: list[str]) -> list[_Record]:
        """The records `_name_matches` may accept for a name: those with a spelling of its last token last
        (`_block_candidates`), and of a name of several words, only the people among them whose given names may
        agree with its own and those also known by a name of several words starting with a spelling of its first
        (the others cannot match every word). Of the two lists whose records must meet, the shorter is read."""
        if len(tokens) == 1:
            return self._block_candidates(tokens[0])
        last_spellings = self._last_tokens.of(tokens[-1])
        given = _given_keys(tuple(tokens))
        found = {e: None for token in last_spellings for e in self._people.with_last_token(token, given)}
        lasts = [self._by_last_token[token] for token in last_spellings]
        firsts = [self._by_first_token[token] for token in self._first_tokens.of(tokens[0])]
        read, other = (lasts, firsts) if sum(map(len, lasts)) <= sum(map(len, firsts)) else (firsts, lasts)
        found.update((e, None) for ids in read for e in ids if any(e in also for also in other))
        return [self._records[entity_id] for entity_id in found]

    def _block_candidates(self, token: str) -> list[_Record]:
        """The records with a last name token that is a spelling variant of `token` (`tokens_variant`; a typo
        only when it keeps the first letters, TYPO_KEEPS_LETTERS): every record a fuzzy name match can
        accept, as `_name_matches` compares last tokens (surnames) first."""
        seen: dict[str, None] = {}
        for other in self._last_tokens.of(token):
            seen.update(self._by_last_token[other])
        return [self._records[entity_id] for entity_id in seen]

    def _new_record(self) -> _Record:
        record = _Record(f"E{self._next_id:06d}")
        self._next_id += 1
        self._records[record.entity_id] = record
        return record

    def _absorb(
        self, record: _Record, chain: _Chain, article_id: str, language: str | None, revisited: bool,
        by_spelling: bool = False,
    ) -> None:
        self._dirty.add(record.entity_id)
        record.forget()  # its aliases, votes and maybe its fixed name and type change below (and are read on the way)
        if language == NAME_LANGUAGE:
            for surface, count in chain.surfaces.items():
                record.name_language_counts[surface] = record.name_language_counts.get(surface, 0) + count
        for label, weight in chain.votes.items():
            record.votes[label] = record.votes.get(label, 0.0) + weight
        if chain.fixed_type == "PERSON":
            record.votes["PERSON"] = record.votes.get("PERSON", 0.0) + sum(chain.votes.values())
        for surface, count in chain.surfaces.items():
            new = surface not in record.alias_counts
            record.alias_counts[surface] = record.alias_counts.get(surface, 0) + count
            record.mention_count += count
            if new:
                self._index(record, surface, anchor=not by_spelling)
                if by_spelling:
                    record.spelt.add(surface)
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
        # within one article its chains come one after another, so the article is the list's last if already in
        if record.article_ids[-1:] != [article_id] and not (revisited and article_id in record.article_ids):
            record.article_ids.append(article_id)
        record.forget()
        self._file_person(record)

    def _bridged(self, chain: _Chain, record: _Record) -> list[_Record]:
        """Other entities the article's chain shows to be `record`: one of the chain's names is the only other
        entity's exact alias ("GM" known alone, then "General Motors" with "GM" in one article). Within an
        article, a chain of an organisation or a place joins names only on evidence (the same spelling, an acronym
        spelling a name, a company's first word after its full name), so the two were one thing written two ways
        in different articles before. People are left out (a surname chained to a full name is no evidence that
        every entity written with that surname is the same person), and outlets, which their table names."""
        if len(chain.surfaces) < 2 or _person_like(chain.type) or record.type in {"PERSON", "MEDIA"}:
            return []
        found: dict[str, _Record] = {}
        for surface in chain.surfaces:
            key = fold(surface)
            holders = [e for e in self._by_key.get(key, ()) if e != record.entity_id]
            if len(holders) != 1 or holders[0] in found:
                continue
            other = self._records[holders[0]]
            if (
                other.type not in {"PERSON", "MEDIA"}
                and not (other.fixed_name and record.fixed_name and other.fixed_name != record.fixed_name)
                and self._compatible(chain, other, key)
            ):
                found[other.entity_id] = other
        return list(found.values())

    def _merge(self, record: _Record, other: _Record) -> None:
        """Fold `other` into `record`: aliases, votes, descriptors and articles add up, `other` leaves every index
        and its id is noted for the store (`take_merges`). An alias is spelt (`_Record.spelt`) only if it was in
        every record that had it."""
        self._unindex(other)
        del self._records[other.entity_id]
        self._dirty.discard(other.entity_id)
        self._dirty.add(record.entity_id)
        self._merged[other.entity_id] = record.entity_id
        self._removed.add(other.entity_id)
        spelt = (
            (record.spelt - other.alias_counts.keys())
            | (other.spelt - record.alias_counts.keys())
            | (record.spelt & other.spelt)
        )
        now_anchors = record.spelt - spelt
        for alias, count in other.alias_counts.items():
            record.alias_counts[alias] = record.alias_counts.get(alias, 0) + count
        record.mention_count += other.mention_count
        record.spelt = spelt
        for label, weight in other.votes.items():
            record.votes[label] = record.votes.get(label, 0.0) + weight
        for surface, count in other.name_language_counts.items():
            record.name_language_counts[surface] = record.name_language_counts.get(surface, 0) + count
        record.fixed_name = record.fixed_name or other.fixed_name
        record.fixed_type = record.fixed_type or other.fixed_type
        for descriptor in other.descriptors:
            if descriptor not in record.descriptors and len(record.descriptors) < _MAX_DESCRIPTORS:
                record.descriptors.append(descriptor)
        known = set(record.article_ids)
        record.article_ids.extend(a for a in other.article_ids if a not in known)
        record.forget()  # its name, type, given names and surnames follow the aliases and votes added
        for alias in [*other.alias_counts, *now_anchors]:
            self._index(record, alias, anchor=alias not in spelt)
        if other.fixed_name:
            self._index(record, other.fixed_name)
        self._file_person(record)

    def _unindex(self, record: _Record) -> None:
        """Take a record out of every index `_index` and `_file_person` put it in (all the keys its aliases may
        have been filed under, whatever its type was then)."""
        entity_id = record.entity_id
        if entity_id in self._people:
            self._people.remove(entity_id)
        for alias in [*record.alias_counts, *([record.fixed_name] if record.fixed_name else [])]:
            folded = fold(alias)
            if not folded:
                continue
            words, name = folded.split(), _name_tokens(folded)
            for key in {folded, core_key(folded), " ".join(name)}:
                bucket = self._by_key.get(key)
                if bucket is not None and entity_id in bucket:
                    bucket.remove(entity_id)
            for token in {words[-1], name[-1]} if name else {words[-1]}:
                self._by_last_token.get(token, {}).pop(entity_id, None)
            self._by_first_token.get(words[0], {}).pop(entity_id, None)
            for token in name:
                self._given_by.get(token, set()).discard(entity_id)

    def _file_person(self, record: _Record) -> None:
        """File the record among the people by its last tokens, or take it out, as its type now stands."""
        person = record.type == "PERSON"
        if person == (record.entity_id in self._people):
            return
        if not person:
            self._people.remove(record.entity_id)
            return
        names = [fold(alias) for alias in (*record.anchors(), record.fixed_name or "")]
        tokens = {token for folded in names if folded for token in (folded.split()[-1], _name_tokens(folded)[-1])}
        self._people.file(record.entity_id, tokens, record.first_names())

    def _index(self, record: _Record, alias: str, anchor: bool = True) -> None:
        """Index an alias by its exact keys and, if it is an anchor (`_Record.anchors`), by its tokens for matches
        by spelling; note the given names a person's alias shows.

        A name before a regnal number is a given name too ("George V"), whatever NER labelled it."""
        folded = fold(alias)
        if not folded:
            return
        keys = {folded, core_key(folded)}
        name = _name_tokens(folded)
        if _person_like(record.type):
            keys.add(" ".join(name))
            suffix = folded.split()[-1]
            given = None
            if len(name) == 1 and suffix != name[0] and set(suffix) <= set("ivx"):
                given = name[0]  # "George V": the name before a regnal number is a monarch's given name
            elif record.type == "PERSON" and len(name) > 1:
                given = _given_before_surname(name)
            if given:
                self._given_by.setdefault(given, set()).add(record.entity_id)
        for key in keys - FUNCTION_WORDS:
            bucket = self._by_key.setdefault(key, [])
            if record.entity_id not in bucket:
                bucket.append(record.entity_id)
        words = folded.split()
        last_tokens = {words[-1], name[-1]} if anchor else set()
        if record.entity_id in self._people:  # its given names are those of its aliases (`_Record.first_names`)
            self._people.add_name(
                record.entity_id, last_tokens, _given_keys(name) if alias in record.alias_counts else set()
            )
        if not anchor:
            return
        if len(words) > 1:
            self._first_tokens.add(words[0])
            self._by_first_token.setdefault(words[0], {})[record.entity_id] = None
        for token in last_tokens:
            self._last_tokens.add(token)
            self._by_last_token.setdefault(token, {})[record.entity_id] = None
