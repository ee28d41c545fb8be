"""Attribution cue lexicons per language, loaded from `cues.json` (the one place these word lists live)."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_CUES_FILE = Path(__file__).with_name("cues.json")
_WORD = re.compile(r"\w+")
# The four non-ASCII letters that a case-insensitive regex takes for ASCII ones (Python `re` docs): folded
# the same way, a word-set lookup accepts exactly the sentences that the former cue regex accepted.
# A final consonant after a single vowel, which English may double before -ed/-ing (admit, slam, refer); also
# matched where it does not double (edit), harmless for a prefilter.
_DOUBLING = re.compile(r"(?:^|[^aeiou])[aeiou][bdglmnprt]$")
_ASCII_CASE_VARIANTS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})
# A colon right after a word ("Ryan: …", "pollster Daron Shaw: “…”") may introduce what the word's referent says;
# such a sentence is parsed even without a cue word (about 1% of news sentences; PolNeAR train 331 of 30,892).
_COLON_FRAME = re.compile(r"\w[’'.]?:\s")
# Words from "in" to the document it names ("in an NBC News/Wall Street Journal poll": 6 word tokens)
DOCUMENT_REACH = 7


def _regular_forms(lemma: str) -> set[str]:
    """Inflected forms of a regular English verb; over-generation is harmless (used only to prefilter)."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d"}
    if _DOUBLING.search(lemma):  # admit -> admitted, slam -> slammed, refer -> referred
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


def _noun_forms(lemma: str) -> set[str]:
    """Singular and regular plural of an English noun ("claim(s)", "speech(es)", "policy/policies")."""
    if lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou"):
        return {lemma, lemma[:-1] + "ies"}
    return {lemma, lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")}


@dataclass(frozen=True, slots=True)
class EnglishCues:
    """English cue lexicon, matched on spaCy lemmas after a cheap surface-form prefilter."""

    speech_verbs: frozenset[str]
    recipient_object_verbs: frozenset[str]
    received_backing: frozenset[str]
    receiving_verbs: frozenset[str]
    object_prepositions: frozenset[str]
    complement_prepositions: frozenset[str]
    circumstance_prepositions: frozenset[str]
    addressee_to_verbs: frozenset[str]
    characterising_verbs: frozenset[str]
    xcomp_verbs: frozenset[str]
    adverb_cues: frozenset[str]
    chain_markers: frozenset[str]
    deny_verbs: frozenset[str]
    deny_particle_verbs: frozenset[str]  # "rule out": lemma, a space, particle
    no_comment_verbs: frozenset[str]
    refusal_verbs: frozenset[str]
    deny_when_negated: frozenset[str]
    confirm_verbs: frozenset[str]
    deny_words: frozenset[str]
    anonymous_heads: frozenset[str]
    person_roles: frozenset[str]
    document_heads: frozenset[str]
    media_heads: frozenset[str]
    qualified_media_heads: frozenset[str]  # media only with a qualifier: "news agency", not "space agency"
    media_qualifiers: frozenset[str]
    media_names: frozenset[str]
    media_name_suffixes: frozenset[str]
    social_media: frozenset[str]
    social_media_heads: frozenset[str]
    medium_heads: frozenset[str]
    organisation_heads: frozenset[str]
    party_members: frozenset[str]  # plural group names that stand for a party ("Republicans said"), not a people
    pronoun_persons: frozenset[str]
    relative_pronouns: frozenset[str]
    first_person: frozenset[str]
    second_person: frozenset[str]
    attitude_verbs: frozenset[str]
    cognition_verbs: frozenset[str]
    raising_verbs: frozenset[str]
    noun_cues: frozenset[str]
    adjective_cues: frozenset[str]
    surface_forms: frozenset[str]  # lower-cased inflected forms of the cue words, to prefilter sentences
    verb_forms: dict[str, str]  # inflected form -> cue lemma, for forms the lemmatiser gets wrong ("hopes" -> "hop")
    noun_forms: dict[str, str]  # singular and plural form -> noun cue lemma ("claims" -> "claim")

    def has_cue(self, text: str) -> bool:
        """Whether a word of `text` is a surface form of a cue, or a colon follows a word (a speaker's name may
        introduce what follows): only such sentences are worth parsing.

        A set lookup per word rather than one regex of ~900 alternatives, which cost a tenth of a parse.
        """
        words = [w.translate(_ASCII_CASE_VARIANTS).lower() for w in _WORD.findall(text)]
        return (
            any(w in self.surface_forms for w in words)
            or bool(_COLON_FRAME.search(text))
            or any(  # "In an NBC News/Wall Street Journal poll released Monday, 50 percent …": a finding's source
                w == "in" and any(self._is_document(n) for n in words[i + 1 : i + 1 + DOCUMENT_REACH])
                for i, w in enumerate(words)
            )
        )

    def _is_document(self, word: str) -> bool:
        """A document head or its regular plural ("poll", "polls")."""
        return word in self.document_heads or (word.endswith("s") and word[:-1] in self.document_heads)

    def names_media(self, word: str, words: Collection[str]) -> bool:
        """Whether `word`, in a phrase of `words`, makes the phrase name media: a media head ("newspaper"), or a
        head that needs a qualifier ("the news agency TASS"; "the space agency", "the agency" are organisations)."""
        return word in self.media_heads or (
            word in self.qualified_media_heads and not self.media_qualifiers.isdisjoint(words)
        )

    def verb_lemma(self, lemma: str, form: str) -> str | None:
        """The cue lemma of a verb token from its lemma, else from its lower-cased surface form."""
        return lemma if lemma in self.speech_verbs else self.verb_forms.get(form)


COMPOUNDING_LANGUAGES = frozenset({"de"})


@dataclass(frozen=True, slots=True)
class PatternCues:
    """Surface-form cue lexicon for languages handled without a parser."""

    verb_cues: tuple[str, ...]
    preposition_cues: tuple[str, ...]
    postposition_cues: tuple[str, ...]
    deny: frozenset[str]
    confirm: frozenset[str]
    complementizers: tuple[str, ...]
    source_words: dict[str, frozenset[str]]  # kind ("anonymous", "roles", "indefinite", ...) -> lower-case words
    clause_verbs: dict[str, frozenset[str]]  # preposition cue -> the reporting verbs one must close its clause with
    compounds: bool  # the language writes compounds as one word: a listed word may end one ("Innenministerium")
    perfect_auxiliaries: tuple[str, ...] = ()  # "han (confirmado)": a reporting verb after a preposition cue


def _raw() -> dict[str, Any]:
    return json.loads(_CUES_FILE.read_text(encoding="utf-8"))


@cache
def english_cues() -> EnglishCues:
    """The English lexicon, with the surface forms that mark sentences worth parsing."""
    raw = _raw()["en"]
    verb_forms: dict[str, str] = {}
    for lemma in raw["speech_verbs"]:
        for form in _regular_forms(lemma) | set(raw["irregular_forms"].get(lemma, ())):
            verb_forms.setdefault(form, lemma)
    noun_forms = {form: lemma for lemma in raw["noun_cues"] for form in _noun_forms(lemma)}
    forms = set(verb_forms) | set(noun_forms) | set(raw["adjective_cues"]) | set(raw["adverb_cues"]) | {"according"}
    if not all(_WORD.fullmatch(form) for form in forms):
        raise ValueError("English cue forms must be single words: the prefilter looks words up one by one")
    sets = {
        name: frozenset(value)
        for name, value in raw.items()
        if name in EnglishCues.__dataclass_fields__ and isinstance(value, list)
    }
    return EnglishCues(
        **sets, surface_forms=frozenset(form.lower() for form in forms), verb_forms=verb_forms, noun_forms=noun_forms
    )


@cache
def pattern_cues(language: str) -> PatternCues | None:
    """The surface lexicon of `language`, or None when the language has none."""
    raw = _raw().get(language)
    if raw is None or language == "en":
        return None
    longest_first = lambda key: tuple(sorted(raw[key], key=len, reverse=True))  # noqa: E731
    return PatternCues(
        verb_cues=longest_first("verb_cues"),
        preposition_cues=longest_first("preposition_cues"),
        postposition_cues=longest_first("postposition_cues"),
        deny=frozenset(raw["deny"]),
        confirm=frozenset(raw["confirm"]),
        complementizers=longest_first("complementizers"),
        source_words={kind: frozenset(words) for kind, words in raw["source_words"].items()},
        clause_verbs={cue.lower(): frozenset(verbs) for cue, verbs in raw["clause_verbs"].items()},
        compounds=language in COMPOUNDING_LANGUAGES,
        perfect_auxiliaries=tuple(raw.get("perfect_auxiliaries", ())),
    )
