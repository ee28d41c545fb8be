"""Entity mentions — who and what an article involves — with the name-matching primitives resolution shares.

English (and French when its model is installed) takes spaCy's NER. `ner_spans` runs it over many texts
in one stream per language, cheaper than one call per text, as the per-article `ner` stage in the
workers: for English it reads the entities of the cue chunks off the claims stage's full parse and runs
NER alone over the rest (`parses.english_entities`); other languages run NER alone (`ner`, plus `tok2vec`
only when the NER listens to it). `extract_mentions` takes the resulting spans; a language without a
model loads no pipeline at all.
Raw spans are cleaned of what the small model glues onto names ("Putin-linked", "Meduza's Kremlin",
"Bakhmut, Wagner Group", "Ambassador to Belarus Boris Gryzlov"). Languages without a model get
capitalised multi-word names as new candidates. In every language the known-alias table (exonyms such
as Kiew/Kyiv) and the entities a resolver already knows are found by transliteration-aware matching,
so "Prigoschin", "Prigojine" and "Пригожина" are mentions of the known Prigozhin.

Each mention may carry a descriptor (an appositive or pre-name role: "Wagner Group owner") and, for an
acronym introduced in the text ("..., known as HUR", "the Institute for the Study of War (ISW)"), the
phrase it stands for. Word lists live in `entity_data.json`.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Collection, Container, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel
from spacy.language import Language

from storytrace.pipeline.lineage.outlets import alias_key, canonical_outlet, without_article
from storytrace.pipeline.nlp.nlp_model import installed_model, language_code, load_nlp
from storytrace.pipeline.nlp.nlp_model import stop_words as spacy_stop_words
from storytrace.pipeline.nlp.parses import english_entities, parse_texts
from storytrace.pipeline.segment import dateline_length
from storytrace.pipeline.time.lexicon import DE as DE_TIME
from storytrace.pipeline.time.lexicon import LEXICONS as TIME_LEXICONS

if TYPE_CHECKING:
    from storytrace.pipeline.nlp.resolve import EntityResolver

_DATA: dict[str, Any] = json.loads(Path(__file__).with_name("entity_data.json").read_text(encoding="utf-8"))

# Tokens of at most this many folded characters must be spelt alike to match ("HUR", "Kyiv", "Putin"):
# a one-letter change in a short name is another name far more often than a typo (Putin/Patin).
SHORT_TOKEN = 5
# Least Indel similarity (0-1) of two folded tokens with the same phonetic skeleton. Transliterations of
# one ~9-letter name differ by one or two letters (Prigozhin/Prigojin 0.82, /Prigoschin 0.84, Selenskyj/
# Zelensky 0.82); 0.75 was set from such textbook pairs before looking at any evaluation data.
VARIANT_SIMILARITY = 0.75
# Tokens at least this long may differ by one edit (Damerau/OSA) without sharing a skeleton: typos.
TYPO_MIN_LENGTH = 7
_MAX_NAME_TOKENS = 4
_MAX_DESCRIPTOR_WORDS = 8


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an entity: character offsets into the text, the span as written and its type.

    `label` is PERSON, ORG, GPE, LOC, NORP, MEDIA, EVENT, PRODUCT or MISC. `descriptor` is a role
    written next to a person's name; `acronym_of` the phrase an acronym was introduced for;
    `canonical` the name an alias table gives (outlets, exonyms), when one does.
    """

    start: int
    end: int
    text: str
    label: str
    descriptor: str | None = None
    acronym_of: str | None = None
    canonical: str | None = None


# --------------------------------------------------------------------------- name matching primitives

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’`ʼ]")
_VOWELS = frozenset("aeiouy")
# Ordered digraph rules of the phonetic skeleton: every sibilant/affricate spelling of Cyrillic ж ш щ ч ц
# (zh, sh, sch, tsch, ch, cz, sz, ž, ż, j between vowels as in French "Prigojine") is one class "S".
_DIGRAPHS = (
    ("tsch", "S"),
    ("sch", "S"),
    ("tch", "S"),
    ("zh", "S"),
    ("sh", "S"),
    ("ch", "S"),
    ("cz", "S"),
    ("sz", "S"),
    ("ts", "S"),
    ("tz", "S"),
    ("kh", "K"),
    ("ph", "F"),
    ("ck", "K"),
    ("x", "KS"),
)
_LETTER_CLASS = str.maketrans(
    {
        "s": "S",
        "z": "S",
        "c": "K",
        "k": "K",
        "g": "K",
        "q": "K",
        "b": "P",
        "p": "P",
        "d": "T",
        "t": "T",
        "v": "F",
        "w": "F",
        "f": "F",
        "l": "L",
        "m": "M",
        "n": "N",
        "r": "R",
        "h": "",
    }
)


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Transliterate to ASCII, lower-case, drop apostrophes and collapse everything else to single spaces."""
    return _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", anyascii(text).lower())).strip()


@lru_cache(maxsize=262144)
def skeleton(token: str) -> str:
    """A coarse phonetic key of one folded token, equal across the usual transliterations of a name.

    Consonants fall into classes, vowels vanish (so the transposition in "Pirgozhin" is harmless), a
    leading vowel is kept as "A", and repeats collapse: Prigozhin, Prigojin, Prigoschin, Пригожин -> PRKSN.
    """
    word = token.lower()
    if word[:1] in "jy" and word[1:2] in _VOWELS:  # Jewgeni / Yevgeny / Evgeny
        word = word[1:]
    for digraph, code in _DIGRAPHS:
        word = word.replace(digraph, code)
    chars: list[str] = []
    for i, char in enumerate(word):
        if char == "j":
            between_vowels = 0 < i < len(word) - 1 and word[i - 1] in _VOWELS and word[i + 1] in _VOWELS
            chars.append("S" if between_vowels else "")
        elif char in _VOWELS:
            chars.append("A" if i == 0 else "")
        else:
            chars.append(char.translate(_LETTER_CLASS) if char.islower() else char)
    out: list[str] = []
    for code in "".join(chars):
        if code.isupper() and (not out or out[-1] != code):
            out.append(code)
    return "".join(out)


def tokens_variant(a: str, b: str) -> bool:
    """Whether two folded tokens are spellings of one name: transliteration variants or a one-edit typo."""
    if a == b:
        return True
    if min(len(a), len(b)) <= SHORT_TOKEN or a.isdigit() or b.isdigit():
        return False
    same_skeleton = skeleton(a) == skeleton(b)
    if not same_skeleton and abs(len(a) - len(b)) > 1:  # no one-edit typo either: the cheap common case first
        return False
    if _derived(a) != _derived(b):  # "ukrainian" is about Ukraine, not a spelling of it
        return False
    if same_skeleton and Indel.normalized_similarity(a, b) >= VARIANT_SIMILARITY:
        return True
    return min(len(a), len(b)) >= TYPO_MIN_LENGTH and OSA.distance(a, b) <= 1


def _derived(token: str) -> bool:
    return token.endswith(_DERIVATION_SUFFIXES)


def is_initial(a: str, b: str) -> bool:
    """Whether one folded token is the initial of the other ("v" / "vladimir")."""
    return (len(a) == 1 or len(b) == 1) and a[:1] == b[:1]


class WordsByLength:
    """Words filed by length, for `typos_among`: a one-edit typo has the length of the word or one more or one
    less, so each possible typo is looked up among the words of its length only. Those sets are each a fraction of
    the vocabulary and a set keeps a word's hash beside it, so a probe that misses (nearly all do) reads less
    memory than in one dictionary of every word, whose probes grew slower with the vocabulary (entity resolution of
    the 100k scale corpus: 0.91x the CPU, the same 10k; see the README). Only words a typo can be are kept:
    TYPO_MIN_LENGTH - 1 letters or more.

    Each length also keeps the characters its words have at each position, so that a typo inserting or substituting
    a character no word of its length has there is not looked up at all: of the 36 characters `fold` leaves, the
    digits stand in almost no name, and each position of a name sees only some letters. A word taken out leaves its
    characters behind; kept characters only cost a probe, never a word found."""

    def __init__(self, words: Collection[str] = ()) -> None:
        self._by_length: dict[int, set[str]] = {}
        self._characters: dict[int, list[set[str]]] = {}  # length -> position -> characters its words have there
        for word in words:
            self.add(word)

    def add(self, word: str) -> None:
        if len(word) >= TYPO_MIN_LENGTH - 1:
            self._by_length.setdefault(len(word), set()).add(word)
            if (characters := self._characters.get(len(word))) is None:
                characters = self._characters[len(word)] = [set() for _ in word]
            for position, character in enumerate(word):
                characters[position].add(character)

    def discard(self, word: str) -> None:
        self._by_length.get(len(word), set()).discard(word)

    def clear(self) -> None:
        self._by_length.clear()
        self._characters.clear()

    def of_length(self, size: int) -> Container[str]:
        return self._by_length.get(size, ())

    def characters_at(self, size: int, position: int) -> Collection[str]:
        """The characters words of `size` characters have (or had) at `position`."""
        characters = self._characters.get(size)
        return characters[position] if characters else ()


def typos_among(token: str, known: WordsByLength, fixed: int = 0) -> set[str]:
    """The words in `known` that `tokens_variant` could take for a one-edit typo of a folded token keeping
    its first `fixed` letters: one deletion, insertion, substitution or swap of neighbours, at least
    TYPO_MIN_LENGTH long.

    Each possible typo is looked up in `known`: the cost does not grow with the vocabulary (as SymSpell's
    candidates), and, unlike SymSpell's index of every known word's deletions, it needs no memory (such an index
    added 290 MB to the peak of the 100k scale corpus's entity resolution, 200,000 name tokens)."""
    if len(token) < TYPO_MIN_LENGTH or token.isdigit():
        return set()
    found: set[str] = set()
    size = len(token)
    longer, same, shorter = known.of_length(size + 1), known.of_length(size), known.of_length(size - 1)
    for i in range(fixed, size + 1):
        before, after = token[:i], token[i:]
        found.update(typo for c in known.characters_at(size + 1, i) if (typo := before + c + after) in longer)
        if i == size:
            break
        rest = token[i + 1 :]
        found.update(typo for c in known.characters_at(size, i) if (typo := before + c + rest) in same)
        if size > TYPO_MIN_LENGTH and (typo := before + rest) in shorter:
            found.add(typo)
        if i + 1 < size and (typo := before + token[i + 1] + token[i] + token[i + 2 :]) in same:
            found.add(typo)
    found.discard(token)
    return found


# Words looked up but not seen whose spellings `Spellings` keeps; the cache is emptied when it holds this many.
_QUERIED_CACHE_SIZE = 200_000


class Spellings:
    """Words seen, each with the words seen that `tokens_variant` takes for its spellings (itself included).

    The spellings of a word are found among those of its phonetic skeleton (a list per skeleton) and its one-edit
    typos that keep its first `fixed` letters (`typos_among`), so a lookup costs what a word's own block and typos
    cost, not the vocabulary. A word's spellings are found once, when it is added, and kept complete: the relation
    is symmetric (`tokens_variant`; a typo keeping the first `fixed` letters of one word keeps those of the other),
    so a new word joins the sets of its spellings. Most words have no other spelling and keep no set of their own.
    Words looked up without being seen (a text's capitalised words tried against the known names, again in every
    article) keep theirs too, with how far their skeleton's list was read: a new word is told to those it is a
    typo of, and the next lookup reads only the same-skeleton words added since. Used by the entity resolver
    (name tokens) and the timeline merge (participant name words)."""

    def __init__(self, fixed: int = 0) -> None:
        self.fixed = fixed
        self._by_skeleton: dict[str, list[str]] = {}
        self._others: dict[str, set[str] | None] = {}  # word seen -> its other spellings seen (None: none)
        self._queried: dict[str, tuple[int, set[str]]] = {}  # word not seen -> (skeleton list read, spellings)
        # The keys of `_others` (but words no other word is a spelling of) and of `_queried`, for `typos_among`.
        self._seen_by_length = WordsByLength()
        self._queried_by_length = WordsByLength()

    def __contains__(self, word: object) -> bool:
        return word in self._others

    def of(self, word: str) -> set[str]:
        """The words seen that are spellings of `word` (`word` itself if seen); the caller must not change it."""
        if word in self._others:
            others = self._others[word]
            return {word, *others} if others else {word}
        if not _spellable(word):
            return set()
        block = self._by_skeleton.get(skeleton(word), [])
        if (queried := self._queried.get(word)) is not None:
            read, found = queried
        else:
            typos = typos_among(word, self._seen_by_length, self.fixed)
            read, found = 0, {typo for typo in typos if tokens_variant(word, typo)}
        found.update(other for other in _similar_in_block(word, block[read:]) if tokens_variant(word, other))
        if len(self._queried) >= _QUERIED_CACHE_SIZE:
            self._queried.clear()
            self._queried_by_length.clear()
        self._queried[word] = (len(block), found)
        self._queried_by_length.add(word)
        return found

    def add(self, word: str) -> None:
        """Note a word as seen (again: nothing changes)."""
        if word in self._others:
            return
        if not _spellable(word):  # no other word's spelling: not filed for lookups
            self._others[word] = None
            return
        found = self.of(word)
        del self._queried[word]
        self._queried_by_length.discard(word)
        for other in found:
            if (others := self._others[other]) is None:
                self._others[other] = {word}
            else:
                others.add(word)
        for queried in typos_among(word, self._queried_by_length, self.fixed):
            if tokens_variant(queried, word):
                self._queried[queried][1].add(word)
        self._others[word] = found or None
        self._seen_by_length.add(word)
        self._by_skeleton.setdefault(skeleton(word), []).append(word)


# The least Indel similarity of two words of one skeleton that `tokens_variant` accepts: VARIANT_SIMILARITY, or a
# one-edit typo of two words of TYPO_MIN_LENGTH letters or more (Indel distance ≤ 2 over ≥ 2 * TYPO_MIN_LENGTH).
_LEAST_SAME_SKELETON_SIMILARITY = min(VARIANT_SIMILARITY, 1 - 2 / (2 * TYPO_MIN_LENGTH))


def _similar_in_block(word: str, block: list[str]) -> list[str]:
    """The words of `word`'s skeleton list that `tokens_variant` may take for its spellings, in one C-level pass
    (rapidfuzz, with the least similarity it accepts within a skeleton as cutoff): every spelling is kept, and the
    lists, which grow with the vocabulary, are not read word by word in Python."""
    if not block:  # the common case: nothing added to the list since the word was last looked up
        return []
    matches = process.extract(
        word, block, scorer=Indel.normalized_similarity, score_cutoff=_LEAST_SAME_SKELETON_SIMILARITY, limit=None
    )
    return [match[0] for match in matches]


def _spellable(word: str) -> bool:
    """Whether `tokens_variant` can take another word for a spelling of this one (short words and numbers must
    be spelt alike): most of a skeleton's words are short, and a lookup compares a word with all of them."""
    return len(word) > SHORT_TOKEN and not word.isdigit()


def _words(key: str) -> frozenset[str]:
    return frozenset(fold(word) for word in _DATA[key]["words"])


ROLE_NOUNS = _words("role_nouns")
ROLE_MODIFIERS = _words("role_modifiers")
FUNCTION_WORDS = _words("function_words")
QUANTITY_NOUNS = _words("quantity_nouns")
NOUN_DETERMINERS = frozenset(_DATA["noun_determiners"]["words"])
ORG_COMPOUND_HEADS = _words("org_compound_heads")
# Months and weekdays of the noun-capitalising languages: a capitalised run ending in one is a date ("Mitte März").
CALENDAR_WORDS = frozenset(fold(word) for word in (*DE_TIME["month"], *DE_TIME["weekday"]) if len(word) > 3)
CATEGORY_NOUNS = {
    fold(word): label for label, words in _DATA["category_nouns"].items() if label != "_doc" for word in words
}
ORG_WORDS = _words("org_words")
GENERIC_ORG_WORDS = _words("generic_org_words")
# Time-zone abbreviations ("01:17 GMT", "04h17 locales (01h17 GMT)"), which NER takes for organisations.
TIME_ZONES = frozenset(zone for lexicon in TIME_LEXICONS.values() for zone in lexicon["time_zone"])
CUT_AFFIXES = _words("cut_affixes")
COUNTRIES = frozenset(fold(name) for name in _DATA["countries"])
NAME_CONNECTORS = frozenset(_DATA["name_connectors"])
GENITIVE_ARTICLES = _words("genitive_articles")
_ADJECTIVE_ENDING = re.compile(
    rf"..(?:{'|'.join(_DATA['adjective_endings']['stems'])})(?:{'|'.join(_DATA['adjective_endings']['cases'])})$"
)
NAME_ABBREVIATIONS = frozenset(_DATA["name_abbreviations"])
NAME_OPENERS = frozenset(_DATA["name_openers"])
NOUN_CAPITALISING_LANGUAGES = frozenset(_DATA["noun_capitalising_languages"])
LEADING_ARTICLES = frozenset(_DATA["leading_articles"])
NER_LABELS: dict[str, str] = {k: v for k, v in _DATA["ner_labels"].items() if not k.startswith("_")}
_INFLECTIONS = tuple(sorted(_DATA["inflection_endings"]["endings"], key=len, reverse=True))
_DERIVATION_SUFFIXES = tuple(_DATA["derivation_suffixes"]["endings"])
_APPOSITIVE_OPENERS = frozenset(_DATA["appositive_openers"])


@cache
def known_aliases() -> dict[str, tuple[str, str]]:
    """The exonym table: folded alias -> (canonical name, type)."""
    table: dict[str, tuple[str, str]] = {}
    for canonical, entry in _DATA["known_aliases"].items():
        if canonical.startswith("_"):
            continue
        for alias in (canonical, *entry["aliases"]):
            table[fold(alias)] = (canonical, entry["type"])
    return table


@lru_cache(maxsize=262144)
def core_key(folded: str) -> str:
    """A folded organisation name without generic words ("wagner group" -> "wagner"), and with the country it opens
    with written as the exonym table names it ("us air force", "u s air force" -> "united states air force"): a
    country's institutions are written with any of its names. Cached: the lexicon asks it of every capitalised run
    of every article (2 µs a call uncached, most of them repeats)."""
    kept = _country_named(folded.split())
    kept = [word for word in kept if word not in GENERIC_ORG_WORDS]
    return " ".join(kept) or folded


def _country_named(words: list[str]) -> list[str]:
    """`words` with a country's name or abbreviation at their start (1-3 words, "u s" being how "U.S." folds)
    replaced by the table's name, when more words follow."""
    for size in (3, 2, 1):
        if len(words) <= size:
            continue
        head = words[:size]
        spellings = [" ".join(head)] + (["".join(head)] if size > 1 and all(len(w) == 1 for w in head) else [])
        for spelling in spellings:
            found = known_aliases().get(spelling)
            if found is not None and found[1] == "GPE":
                return fold(found[0]).split() + words[size:]
    return words


def inflection_stems(token: str) -> list[str]:
    """The folded token and its stems without one case ending, for inflected languages."""
    stems = [token]
    if len(token) >= 6:
        stems += [token[: -len(e)] for e in _INFLECTIONS if token.endswith(e) and len(token) - len(e) >= 5]
    return stems


# --------------------------------------------------------------------------- extraction

_TOKEN = re.compile(r"\w(?:[\w.’'-]*\w)?\.?", re.UNICODE)
_POSSESSIVE_END = re.compile(r"(?:['’]s|s['’]|['’])$")
_INNER_POSSESSIVE = re.compile(r"['’]s?(?=\s)")
_HYPHEN_WORD = re.compile(r"-(\w+)")
_CLAUSE_BREAK = re.compile(r"[.!?;:()\[\]\"“”«»\n]|,")
# The opening of a relative clause right before an acronym cue (", which is also known as"), in the languages
# of the cue table.
_RELATIVE_OPENER = re.compile(
    r",\s*(?:which|who|that|qui|que|die|der|das|welche[rs]?|che|il quale|la quale|który|która|które)"
    r"(?:\s+(?:is|was|are|were|est|était|ist|war|es|era|è|é|jest|był|była))?\s*$",
    re.IGNORECASE,
)
_LINE = re.compile(r"[^\n]+")
# Headline detection: a line of at least this many content words (function words aside), at least this share
# capitalised. Running text capitalises a minority of its words even in dense name lists ("Putin, Xi and
# Modi met in Delhi" is 4 of 7); English and Indonesian headline style capitalises all.
_TITLE_CASE_MIN_WORDS = 4
_TITLE_CASE_SHARE = 0.8
_ACRONYM = r"[A-ZА-ЯІЇЄҐ][A-ZА-ЯІЇЄҐ0-9&]{1,7}s?"
_PAREN_ACRONYM = re.compile(rf"\(\s*({_ACRONYM})\s*\)")
_CUE_ACRONYM = re.compile(
    r",?\s+(?:"
    + "|".join(re.escape(cue) for cue in sorted(_DATA["acronym_cues"]["phrases"], key=len, reverse=True))
    + rf")\s+[\"“«]?({_ACRONYM})\b"
)
_PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ", "PART"})


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    label: str
    canonical: str | None = None
    acronym_of: str | None = None


def extract_mentions(
    text: str,
    language: str | None,
    nlp: Language | None = None,
    known: EntityResolver | None = None,
    ner: Sequence[tuple[int, int, str]] | None = None,
    media_names: Collection[str] = (),
) -> list[Mention]:
    """Entity mentions of `text` in order: NER (or capitalised names), exonyms, known entities, acronyms.

    `known` is the resolver built so far: its entities are found by spelling variant in any language.
    `media_names` are names the text itself credits as media ("The Daily Lantern reported"): a mention written
    so is an outlet (MEDIA) whatever the NER said, also one the outlet table does not know.
    `nlp` defaults to `load_nlp(language)` where a model is installed; English needs its model installed.
    `ner` is the (start, end, spaCy label) entities of `text` (from `ner_spans`); without them the text goes
    through the NER here when its language has a model.
    """
    language = language_code(language)
    if nlp is None and (language == "en" or installed_model(language) is not None):
        nlp = load_nlp(language)
    if ner is None and nlp is not None and nlp.has_pipe("ner"):
        [ner] = _model_spans(nlp, language, [text])
    raw = (
        [_Span(start, end, NER_LABELS[label]) for start, end, label in ner if label in NER_LABELS]
        if ner is not None
        else _capitalised_spans(text, language)
    )
    spans = [clean for span in raw for clean in _clean(text, span)]
    spans += _lexicon_spans(text, known)
    spans += _acronym_spans(text, nlp, spans)
    spans = _without_overlaps(spans)
    full_names = [fold(text[s.start : s.end]).split() for s in spans if s.label == "PERSON"]
    person_tokens = {word for name in full_names if len(name) > 1 for word in name}
    mentions: list[Mention] = []
    outlets_seen: list[str] = []
    # credited name -> the name it is known by: as credited, without a leading article ("Harbour Ledger")
    media_keys = {alias_key(name): without_article(name) for name in sorted(media_names, key=len) if alias_key(name)}
    for span in spans:
        surface = text[span.start : span.end]
        if span.label == "PERSON" and _organisation_noun_before(text, span.start):
            span.label = "ORG"  # "state space corporation Roscosmos", "the lender Vardex": the NER said PERSON
        elif span.label == "PERSON" and (place := _place_noun_around(text, span.start, span.end)) is not None:
            span.label = place  # "the river Selm", "the town of Grauwald", "the Marren valley": the NER said PERSON
        label, canonical = _final_label(span, surface, person_tokens, outlets_seen)
        if canonical is None and alias_key(surface) in media_keys:
            label, canonical = "MEDIA", media_keys[alias_key(surface)]
        descriptor = (
            _descriptor(text, span.start, span.end, language in NOUN_CAPITALISING_LANGUAGES)
            if label == "PERSON"
            else None
        )
        mentions.append(Mention(span.start, span.end, surface, label, descriptor, span.acronym_of, canonical))
    return mentions


def ner_spans(items: Sequence[tuple[str, str | None]]) -> list[list[tuple[int, int, str]] | None]:
    """The (start, end, spaCy label) NER entities of each (text, language), in order; None where the
    language has no model (its mentions come from capitalised names and known entities instead).

    The texts of one language go through the model as one stream.
    """
    by_language: dict[str, list[int]] = {}
    for index, (_, language) in enumerate(items):
        by_language.setdefault(language_code(language), []).append(index)
    found: list[list[tuple[int, int, str]] | None] = [None] * len(items)
    for language, indexes in by_language.items():
        if language != "en" and installed_model(language) is None:
            continue
        nlp = load_nlp(language)
        if nlp.has_pipe("ner"):
            for index, spans in zip(indexes, _model_spans(nlp, language, [items[i][0] for i in indexes]), strict=True):
                found[index] = spans
    return found


def _model_spans(nlp: Language, language: str, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """NER entities of texts in a language with a model; English shares the claims stage's parses."""
    if language == "en":
        return english_entities(nlp, texts)
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in parse_texts(nlp, texts, full=False)]


_WORD_BEFORE = re.compile(r"(\w+)\s+$")


def _organisation_noun_before(text: str, start: int) -> bool:
    """Whether the word right before a name is a common noun of organisations, in lower case ("corporation
    Roscosmos", "the company Vardex"; "Bank Pekao" is itself a name)."""
    match = _WORD_BEFORE.search(text, max(0, start - 40), start)
    word = match.group(1) if match else ""
    return word.islower() and (fold(word) in ORG_WORDS | GENERIC_ORG_WORDS) and word != "the"


# Lower-case common nouns of places next to a name: before it ("the river Selm", "the town of Grauwald") or after
# it ("the Marren valley"), with the type they give it.
_PLACE_NOUNS = {
    **dict.fromkeys(("river", "lake", "valley", "mount", "mountain", "bay", "sea", "island", "gorge"), "LOC"),
    **dict.fromkeys(("town", "city", "village", "province", "region", "district", "port", "capital"), "GPE"),
}
_WORD_AFTER = re.compile(r"^\s+(\w+)")


def _place_noun_around(text: str, start: int, end: int) -> str | None:
    """The type a lower-case place noun next to a name gives it ("the river Selm", "the town of Grauwald", "the
    Marren valley"), or None."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    words = text[max(0, start - 40) : start].split()
    if len(words) >= 2 and words[-1] == "of" and words[-2] in _PLACE_NOUNS:
        return _PLACE_NOUNS[words[-2]]
    if before is not None and before.group(1) in _PLACE_NOUNS:
        return _PLACE_NOUNS[before.group(1)]
    after = _WORD_AFTER.match(text[end : end + 40])
    return _PLACE_NOUNS.get(after.group(1)) if after is not None else None


def _final_label(
    span: _Span, surface: str, person_tokens: set[str], outlets_seen: list[str]
) -> tuple[str, str | None]:
    """The label after the alias tables: exonyms take their table type, outlets become MEDIA."""
    if span.canonical is not None:
        return span.label, span.canonical
    folded = fold(surface)
    if folded in known_aliases():
        canonical, kind = known_aliases()[folded]
        return kind, canonical
    if span.label not in {"NORP", "GPE", "LOC"} and not (" " not in folded and folded in person_tokens):
        # an acronym the text spells out is what the text says it is: "AP" after "Associated Press (AP)" the
        # agency, "SPA" after "Sindicato Portuario de Almarena (SPA)" no outlet
        outlet = canonical_outlet(span.acronym_of or surface, outlets_seen)
        if outlet is not None:
            outlets_seen.append(outlet)
            return "MEDIA", outlet
    return span.label, None


def _capitalised_spans(text: str, language: str) -> list[_Span]:
    """Runs of two or more capitalised words (connectors such as "de"/"von" allowed inside) as candidates.

    Capitalisation is the only evidence here, so runs stop at a sentence end ("Siria. Secondo" is two
    sentences), and lines in title case (headlines: "Gempa Turki Robohkan Bangunan") give none. In a
    language that capitalises every noun (its running text looks title-cased) a run without a name
    shape ("Zahl der Toten", "Vorstand von OpenAI") is a noun phrase, so only person-, country- and
    organisation-shaped runs are kept there, and a counting noun ends a run and takes the noun it counts
    out of any ("Hamas Tausende Raketen": "Hunderte Menschen" is shaped like a person's name).
    """
    found: list[_Span] = []
    run: list[re.Match[str]] = []
    nouns_capitalised = language in NOUN_CAPITALISING_LANGUAGES

    stop_words = spacy_stop_words(language)  # sentence openers, quantifiers: "Zum Schutz", "Lassen Sie"

    def flush() -> None:
        while run and (run[-1].group().lower() in NAME_CONNECTORS or run[-1].group().rstrip(".").lower() in stop_words):
            run.pop()
        while run and (
            fold(run[0].group()) in FUNCTION_WORDS
            or (run[0].group().lower() in stop_words - NAME_CONNECTORS - NAME_OPENERS)  # "Al Marj", "São Paulo"
        ):
            run.pop(0)
        if nouns_capitalised and run and (
            fold(run[-1].group()) in CALENDAR_WORDS or (len(run) >= 2 and _genitive_of_a_name(text, run[-1].group()))
        ):
            run.clear()  # "Mitte März" is a date; "Süden Valdoriens", "Soldat Kesterniens": of a name, not one
        if nouns_capitalised and len(run) >= 3 and run[1].group() in GENITIVE_ARTICLES:
            del run[:2]  # "Einlagen der Silicon Valley Bank": a noun governing a name, not a longer name
        category = _category(run, stop_words) if nouns_capitalised else None
        if category is not None:  # "Stadt Marrakesch": a place named Marrakesch
            run.pop(0)
        if (len(run) >= 2 or category) and not (nouns_capitalised and _genitive_of_a_name(text, run[0].group())):
            written = [m.group() for m in run]
            if _ends_sentence(written[-1]):  # the full stop is the sentence's, not the name's
                written[-1] = written[-1][:-1]
            end = run[-1].start() + len(written[-1])
            label = category or _guess_label([fold(word) for word in written], written, nouns_capitalised)
            if label == "PERSON" and not category and len(run) == 2 and nouns_capitalised:
                label = "MISC" if _after_determiner(text, run[0].start()) else label  # "die Wirtschaft Brücken"
            if label == "PERSON" and not category and nouns_capitalised and _ADJECTIVE_ENDING.search(fold(written[0])):
                label = "MISC"  # "Verheerende Waldbrände": an adjective and its noun
            if not (nouns_capitalised and label == "MISC"):
                found.append(_Span(run[0].start(), end, label))
        run.clear()

    for line in _LINE.finditer(text):
        if not nouns_capitalised and _title_case(line.group()):  # (German headlines are in sentence case)
            continue
        previous_end = line.start()
        counting = False  # the previous word was a counting noun ("Hunderte"): this one is what it counts
        for match in _TOKEN.finditer(text, line.start(), line.end()):
            word = match.group()
            gap = text[previous_end : match.start()]
            if run and (_CLAUSE_BREAK.search(gap) or len(run) >= _MAX_NAME_TOKENS + 1):
                flush()
            counted_noun, counting = counting, nouns_capitalised and fold(word) in QUANTITY_NOUNS
            if counting or counted_noun:
                flush()
            elif word[:1].isupper() or (run and word.lower() in NAME_CONNECTORS):
                if run or fold(word) not in FUNCTION_WORDS:  # `flush` drops it from a run's start anyway, and
                    run.append(match)  # it would count against the run's length ("Die Einlagen der X Y Bank")
                if _ends_sentence(word):
                    flush()
            else:
                flush()
            previous_end = match.end()
        flush()
    return found


def _after_determiner(text: str, start: int) -> bool:
    """Whether the words before `start` end in a determiner or a number, maybe with an adjective after it ("den
    spanischen …", "80 …"): what follows is a noun phrase in a language that capitalises nouns."""
    before = [w.lower() for w in re.findall(r"\w+", text[max(0, start - 60) : start])][-2:]
    if not before:
        return False
    last = before[-1]
    if last in NOUN_DETERMINERS or last.isdigit():
        return True
    return len(before) == 2 and last.islower() and before[0] in NOUN_DETERMINERS


def _category(run: list[re.Match[str]], stop_words: frozenset[str]) -> str | None:
    """The type a leading category noun gives the name after it ("Provinz Gaziantep": GPE; a role, also as the end
    of a compound, a person: "Energieminister Aurel Danescu", "Oberst Emil Harst"), if the run starts with one and
    a capitalised word that is no function word follows it ("Gruppe von Personen" names nothing)."""
    if len(run) < 2 or run[1].group().lower() in stop_words:
        return None
    word = fold(run[0].group())
    return category_of(word) or ("PERSON" if is_role_noun(word) else None)


def is_role_noun(word: str) -> bool:
    """A folded role noun ("minister") or a compound ending in one of four or more letters ("energieminister",
    "gewerkschaftschefin", "krisenstabsleiter"): German writes the office and the role as one word."""
    return word in ROLE_NOUNS or any(len(role) >= 4 and word.endswith(role) for role in ROLE_NOUNS)


def category_of(word: str) -> str | None:
    """The type a folded category noun gives: listed ("provinz"), or a compound ending in an organisation or event
    noun ("raumfahrtkonzern", "katastrophenschutzbehorde", "mittelmeersturm"). Place nouns end no compounds here:
    place names end in them ("Darmstadt", "Düsseldorf")."""
    return CATEGORY_NOUNS.get(word) or next(
        (
            label
            for noun, label in CATEGORY_NOUNS.items()
            if label in _COMPOUND_CATEGORIES and word.endswith(noun) and word != noun
        ),
        None,
    )


_COMPOUND_CATEGORIES = frozenset({"ORG", "EVENT"})



def _genitive_of_a_name(text: str, word: str) -> bool:
    """A German-style genitive "Altmans" (followed by what is his: "Altmans Abgang") of a name the text also
    writes bare, so the run is a noun phrase about the name, not a longer name."""
    return len(word) > 3 and word.endswith("s") and re.search(rf"\b{re.escape(word[:-1])}\b", text) is not None


def _ends_sentence(word: str) -> bool:
    """A token carrying a sentence's full stop: not an initial ("W."), a dotted abbreviation ("U.S.") or a
    listed one ("Dr.", "Inc.")."""
    if not word.endswith("."):
        return False
    stem = word[:-1]
    return len(stem) > 1 and "." not in stem and fold(stem) not in NAME_ABBREVIATIONS


def _title_case(line: str) -> bool:
    """A line of four or more words, nearly all capitalised: a headline, where capitals mark no names."""
    words = [w for w in _TOKEN.findall(line) if w[:1].isalpha() and fold(w) not in FUNCTION_WORDS]
    return len(words) >= _TITLE_CASE_MIN_WORDS and sum(w[:1].isupper() for w in words) >= _TITLE_CASE_SHARE * len(
        words
    )


def _guess_label(words: list[str], written: list[str], compounds: bool = False) -> str:
    """Type of a capitalised candidate without NER: country, organisation word (with `compounds`, also one ending in
    an organisation noun: "Nationalbank"), person-like name, or MISC."""
    if " ".join(words) in COUNTRIES:
        return "GPE"
    if any(word in ORG_WORDS for word in words) or (
        compounds and any(word.endswith(org) for word in words for org in ORG_COMPOUND_HEADS)
    ):
        return "ORG"
    # Person names are 2-3 plain words; a connector inside ("Gründung von OpenAI") marks a German or
    # Romance noun phrase far more often than a "de"/"von" surname.
    if len(words) <= 3 and all(
        w.isalpha() and not w.isupper() and w.lower() not in NAME_CONNECTORS for w in written
    ):
        return "PERSON"
    return "MISC"


def _clean(text: str, span: _Span) -> list[_Span]:
    """Split and trim one raw span: commas, brackets, slashes and line breaks, inner possessives, "X-linked",
    articles, a leading country.

    The label goes to what a slash follows: NER labels a picture credit ("Joe Raedle/Getty Images") by the
    photographer, so the agency after it gets no vote of its own (MISC)."""
    parts: list[_Span] = []
    start = span.start
    for piece in re.finditer(r"[^,;()/\n]+", text[span.start : span.end]):  # "BRUSSELS (Meridian Press", "Jane Holm/AP"
        after_slash = piece.start() > 0 and text[start + piece.start() - 1] == "/"
        parts.append(_Span(start + piece.start(), start + piece.end(), "MISC" if after_slash else span.label))
    cleaned: list[_Span] = []
    for part in parts:
        surface = text[part.start : part.end]
        if (inner := _INNER_POSSESSIVE.search(surface)) is not None:
            surface = surface[: inner.start()]
        for hyphen in _HYPHEN_WORD.finditer(surface):
            if fold(hyphen.group(1)) in CUT_AFFIXES:
                surface = surface[: hyphen.start()]
                break
        surface = _POSSESSIVE_END.sub("", surface.rstrip(" \"'’”»-"))
        offset = part.start + (
            len(text[part.start : part.end]) - len(text[part.start : part.end].lstrip(" \"'“«"))
        )
        surface = surface.lstrip(" \"'“«")
        words = surface.split()
        while words and (words[0].lower() in LEADING_ARTICLES and len(words) > 1):
            offset += surface.index(words[1], len(words[0]))
            surface = surface[surface.index(words[1], len(words[0])) :]
            words = words[1:]
        if part.label == "PERSON" and len(words) >= 3 and fold(words[0]) in COUNTRIES:
            skip = surface.index(words[1], len(words[0]))
            offset, surface = offset + skip, surface[skip:]
        if part.label == "PERSON" and any(
            known_aliases().get(fold(w), ("", "PERSON"))[1] != "PERSON" for w in words
        ):
            continue  # "Blames US": a headline verb and a country, not a person
        folded = fold(surface)
        if folded in FUNCTION_WORDS or folded in TIME_ZONES or surface.replace(" ", "").isdigit():
            continue
        if all(word in GENERIC_ORG_WORDS for word in folded.split()):
            continue  # a company suffix split off its name ("NBC Universal, Inc."), "the Group": no name alone
        if len(surface) >= 2 and any(ch.isupper() for ch in surface):
            cleaned.append(_Span(offset, offset + len(surface), part.label))
    return cleaned


def _lexicon_spans(text: str, known: EntityResolver | None) -> list[_Span]:
    """Exonym-table names and, with a resolver, known entities (by spelling variant) in any language."""
    tokens = [m for m in _TOKEN.finditer(text) if m.group()[:1].isupper()]
    table = known_aliases()
    found: list[_Span] = []
    looked_up: dict[tuple[str, bool], str | None] = {}  # a text repeats its names; the resolver holds still

    def type_of(surface: str, fuzzy: bool) -> str | None:
        if (surface, fuzzy) not in looked_up:
            looked_up[surface, fuzzy] = known.type_of(surface, fuzzy=fuzzy) if known is not None else None
        return looked_up[surface, fuzzy]

    i = 0
    while i < len(tokens):
        hit: tuple[int, _Span] | None = None
        for n in range(min(_MAX_NAME_TOKENS, len(tokens) - i), 0, -1):
            group = tokens[i : i + n]
            if any(
                _CLAUSE_BREAK.search(text[a.end() : b.start()]) or b.start() - a.end() > 1 or _ends_sentence(a.group())
                for a, b in itertools.pairwise(group)
            ):
                continue
            start, end = group[0].start(), group[-1].end()
            surface = _POSSESSIVE_END.sub("", text[start:end])
            if _ends_sentence(group[-1].group()) or fold(surface) not in table:
                surface = surface.rstrip(".")
            folded = fold(surface)
            if folded in FUNCTION_WORDS:
                break
            if folded in table:
                canonical, kind = table[folded]
                hit = (n, _Span(start, start + len(surface), kind, canonical))
            elif (kind := type_of(surface, n == 1)) is not None:
                hit = (n, _Span(start, start + len(surface), kind))
            if hit:
                break
        if hit:
            found.append(hit[1])
            i += hit[0]
        else:
            i += 1
    return found


def _acronym_spans(text: str, nlp: Language | None, spans: list[_Span]) -> list[_Span]:
    """Acronyms introduced in the text, and every later use of them, with the phrase they stand for."""
    definitions: dict[str, str] = {}
    for match in _PAREN_ACRONYM.finditer(text):
        # the words before spell it: "Sindicato Portuario de Almarena (SPA)" defines SPA here even though the
        # outlet table knows an SPA; a wire credit ("BRUSSELS (AP) —") spells nothing before it
        expansion = _initials_expansion(text, match.start(), match.group(1))
        if expansion:
            definitions.setdefault(match.group(1), expansion)
    for match in _CUE_ACRONYM.finditer(text):
        acronym = match.group(1)
        # "Silicon Valley Bank, which is also known as SVB": the phrase is the relative clause's antecedent.
        relative = _RELATIVE_OPENER.search(text, max(0, match.start() - 40), match.start())
        end = relative.start() if relative else match.start()
        expansion = _initials_expansion(text, end, acronym) or _phrase_before(text, end, nlp)
        if expansion and acronym not in definitions and canonical_outlet(acronym) is None:
            definitions[acronym] = expansion
    if not definitions:
        return []
    by_start = {span.start: span for span in spans}
    found: list[_Span] = []
    for acronym, expansion in definitions.items():
        for use in re.finditer(rf"(?<!\w){re.escape(acronym)}(?!\w)", text):
            existing = by_start.get(use.start())
            if existing is not None and existing.end == use.end():
                existing.acronym_of = expansion
            else:
                found.append(_Span(use.start(), use.end(), "ORG", acronym_of=expansion))
    return found


def _initials_expansion(text: str, end: int, acronym: str) -> str | None:
    """The capitalised words before `end` whose initials spell the acronym ("Institute ... War": ISW)."""
    letters = fold(acronym.rstrip("s")).replace(" ", "")
    words = list(_TOKEN.finditer(text[max(0, end - 200) : end]))
    base = max(0, end - 200)
    initials = ""
    for k in range(len(words) - 1, -1, -1):
        word = words[k].group()
        if word.lower() in NAME_CONNECTORS:
            continue
        if not word[:1].isupper():
            return None
        initials = fold(word)[:1] + initials
        if initials == letters:
            return text[base + words[k].start() : end].strip(" ,")
        if not letters.endswith(initials):
            return None
    return None


def _phrase_before(text: str, end: int, nlp: Language | None) -> str | None:
    """The noun phrase ending at `end` ("Ukraine's military intelligence directorate"), by POS if tagged."""
    start = max(
        (m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, end - 200), end)), default=max(0, end - 200)
    )
    clause = text[start:end]
    pipes = ("tok2vec", "tagger", "attribute_ruler", "morphologizer")
    taggers = [p for p in pipes if nlp.has_pipe(p)] if nlp is not None else []
    if nlp is not None and ("tagger" in taggers or "morphologizer" in taggers):
        with nlp.select_pipes(enable=taggers):
            doc = nlp(clause)
        kept = []
        for token in reversed(doc):
            if token.pos_ in _PHRASE_POS or (
                token.lower_ in NAME_CONNECTORS
                and kept
                and token.i > 0
                and doc[token.i - 1].pos_ in {"NOUN", "PROPN"}
            ):
                kept.append(token)
            else:
                break
        while kept and kept[-1].lower_ in NAME_CONNECTORS:
            kept.pop()
        if not kept:
            return None
        return clause[kept[-1].idx : kept[0].idx + len(kept[0].text)]
    words = list(_TOKEN.finditer(clause))
    kept_words: list[re.Match[str]] = []
    for word in reversed(words):
        if fold(word.group()) in FUNCTION_WORDS or len(kept_words) >= 6:
            break
        kept_words.append(word)
    return clause[kept_words[-1].start() : kept_words[0].end()] if kept_words else None


def _without_overlaps(spans: list[_Span]) -> list[_Span]:
    """Spans in text order; of overlapping ones the earlier-found (NER before lexicon) wins."""
    taken: list[_Span] = []
    occupied: set[int] = set()
    for span in spans:
        positions = set(range(span.start, span.end))
        if positions & occupied:
            continue
        occupied |= positions
        taken.append(span)
    return sorted(taken, key=lambda s: s.start)


def _descriptor(text: str, start: int, end: int, nouns_capitalised: bool = False) -> str | None:
    """A role written next to a person's name: before it ("Russian Defense Minister") or as an appositive."""
    return _role_before(text, start, nouns_capitalised) or _appositive_after(text, end)


def _role_before(text: str, start: int, nouns_capitalised: bool = False) -> str | None:
    """The role words right before a name, up to a clause break. Where every noun is capitalised, capitals before
    the role are no part of it ("nach den Worten von Regierungschef Anton Weller": "Regierungschef")."""
    window_start = max(0, start - 160)
    clause_start = max(
        (m.end() for m in _CLAUSE_BREAK.finditer(text, window_start, start)), default=window_start
    )
    words = list(_TOKEN.finditer(text, clause_start, start))
    kept: list[re.Match[str]] = []
    has_role = False
    for k in range(len(words) - 1, -1, -1):
        word = words[k].group()
        folded = fold(_POSSESSIVE_END.sub("", word))
        if folded in ROLE_NOUNS or (word[:1].isupper() and is_role_noun(folded)):  # "Energieminister"
            has_role = True
        elif word.lower() in NAME_CONNECTORS and word.lower() not in LEADING_ARTICLES:
            if not (kept and k > 0 and kept[-1].group()[:1].isupper() and words[k - 1].group()[:1].isupper()):
                break
        elif not ((word[:1].isupper() and folded not in FUNCTION_WORDS) or folded in ROLE_MODIFIERS):
            break
        kept.append(words[k])
        if len(kept) >= _MAX_DESCRIPTOR_WORDS or (nouns_capitalised and has_role):
            break
    # The words nearest the name must be a role or a capitalised name part ("Ambassador to Belarus").
    while (
        kept
        and fold(_POSSESSIVE_END.sub("", kept[0].group())) not in ROLE_NOUNS
        and not kept[0].group()[:1].isupper()
    ):
        kept.pop(0)
    if not has_role or not kept:
        return None
    role = text[kept[-1].start() : kept[0].end()]
    return role[dateline_length(role) :]  # "JERUSALEM — Israeli Prime Minister": the wire's place is no role


def _appositive_after(text: str, end: int) -> str | None:
    match = re.match(r"\s*,\s*([^,.;:()\n]{3,80}?)\s*[,.;]", text[end : end + 100])
    if match is None:
        return None
    phrase = match.group(1)
    words = phrase.split()
    opener = words[0].lower()
    if (
        not (opener in _APPOSITIVE_OPENERS or _POSSESSIVE_END.search(words[0]))
        or len(words) > _MAX_DESCRIPTOR_WORDS
    ):
        return None
    if not any(fold(_POSSESSIVE_END.sub("", word)) in ROLE_NOUNS for word in words[1:]):
        return None
    return phrase
