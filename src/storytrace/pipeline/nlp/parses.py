"""One spaCy analysis of each piece of English text, shared by the stages of a batch.

Three per-article stages read English through the model: claims parse the sentences that hold a
reporting cue (merged into chunks of one paragraph), events parse the sentences that hold a dated time
expression, and entity recognition needs NER over the whole text. Measured on English news (PolNeAR),
cue chunks cover ~75% of the text and the full pipeline already runs NER, so parsing each piece once
and reading every stage's needs off that parse saves about a third of the NLP time (see
`benchmarks/nlp_stages.py`):

- `cue_chunks` is the one definition of the pieces that get a full parse;
- `parse_texts` runs the model and keeps the docs of recent pieces in a per-thread memo, so a later stage
  of the same batch asking for the same piece text gets the same doc instead of a new parse;
- `sentence_docs` gives sentences' parses, cut out of their cue chunk's when they lie in one;
- `english_entities` gives NER spans over the whole text: the chunks' entities plus a NER-only pass over
  the text between chunks.

The memo only changes cost, never results: a piece's doc is the same whichever stage asks first.
"""

from __future__ import annotations

import operator
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import normalize_token_attrs
from spacy.vocab import Vocab

from storytrace.pipeline.nlp.cues import english_cues
from storytrace.pipeline.nlp.nlp_model import load_nlp
from storytrace.pipeline.segment import Sentence, split_sentences

# What a full parse reads: tokens' tags, POS (attribute_ruler), dependencies and entities; tok2vec feeds
# tagger and parser. Anything else a pipeline holds (e.g. a senter) stays off, and so does the lemmatizer:
# it costs ~28 µs a token (12% of the parse) while the stages read the lemmas of a few tokens a sentence,
# so `lemma_of` lemmatises those on demand with the same component. The attribute ruler is applied by
# `_apply_attribute_rules` with the same POS, MORPH, lemmas, tags and labels: its tag map as one array, its
# exceptions compiled to lookups. That costs ~2.3 µs a token where spaCy's ruler (its Matcher tries every
# pattern at every token) takes ~25 µs: the full parse is ~16% cheaper (CPU time, PolNeAR dev cue chunks).
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "ner")
# Pieces per batch of the model: a chunk is a few sentences (~40 tokens), so a batch holds ~10k tokens,
# enough to fill the model's matrix products while a batch's arrays stay a few megabytes.
PARSE_BATCH_SIZE = 256
# Docs kept per thread: an ingest batch (64 articles) has a few hundred chunks, gaps and dated sentences,
# so this holds a whole batch for the next stage while bounding memory (docs keep no tensors, see below).
MEMO_SIZE = 4096

_MEMO = threading.local()
# Lemmas by (word, POS, morphology) for `lemma_of`; cleared when full (a news vocabulary stays far below).
LEMMA_CACHE_SIZE = 500_000
_LEMMAS: dict[tuple[int, int, int], str] = {}


def cue_chunks(sentences: Sequence[Sentence], text: str) -> list[tuple[int, int]]:
    """Character ranges to parse: consecutive sentences holding a cue word, merged within a paragraph."""
    cues = english_cues()
    chunks: list[tuple[int, int]] = []
    for sentence in sentences:
        if not cues.has_cue(sentence.text):
            continue
        if chunks and "\n" not in text[chunks[-1][1] : sentence.start] and chunks[-1][1] <= sentence.start:
            chunks[-1] = (chunks[-1][0], sentence.end)
        else:
            chunks.append((sentence.start, sentence.end))
    return chunks


def ner_components(nlp: Language) -> list[str]:
    """The components NER needs: itself, plus a shared tok2vec only when NER listens to it."""
    pipes = ["ner"]
    if nlp.has_pipe("tok2vec") and "ner" in getattr(nlp.get_pipe("tok2vec"), "listening_components", ()):
        pipes.insert(0, "tok2vec")
    return pipes


def lemma_of(token: Token) -> str:
    """The lower-cased lemma of a token of a full parse: the attribute ruler's (pronouns, auxiliaries), else
    the English model's rule lemmatizer run on this token alone, remembered by word, POS and morphology (what
    the rules read); spaCy's own cache skips the base forms and proper nouns it returns early."""
    if token.lemma_:
        return token.lemma_.lower()
    key = (token.orth, token.pos, token.morph.key)
    lemma = _LEMMAS.get(key)
    if lemma is None:
        lemmatizer = _lemmatizer()
        lemma = (lemmatizer.rule_lemmatize(token)[0] if lemmatizer is not None else token.lower_).lower()
        if len(_LEMMAS) >= LEMMA_CACHE_SIZE:
            _LEMMAS.clear()
        _LEMMAS[key] = lemma
    return lemma


@cache
def _lemmatizer() -> Any:
    """The model's lemmatizer, its word index per POS turned from lists into sets: the rules only test
    membership (`form in index`), and scanning a list of 57k nouns made each uncached lemma cost ~0.2 ms."""
    nlp = load_nlp("en")
    if not nlp.has_pipe("lemmatizer"):
        return None
    lemmatizer = nlp.get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index", {})
    for pos, words in list(index.items()):
        index[pos] = frozenset(words)
    return lemmatizer


# Matcher token-pattern keys the compiled exceptions read, as `Doc.to_array` columns in anchor preference
# (most selective first: a word, a tag, a dependency label, a flag). For these the Matcher compares exactly
# the value `to_array` gives (`get_token_attr_for_matcher`); a pattern on any other key falls back to spaCy.
_STRING_KEYS = {"LOWER": LOWER, "TAG": TAG, "DEP": DEP}
_FLAG_KEYS = {"IS_SPACE": IS_SPACE}
_ANCHOR_ORDER = (LOWER, TAG, DEP, IS_SPACE)
# Attributes an exception may set: spaCy's `set_token_attrs` writes these to the token alone (the lexeme
# ignores them), which is exactly what `Doc.from_array` does with them.
_SETTABLE = {"POS": POS, "MORPH": MORPH, "LEMMA": LEMMA, "TAG": TAG, "DEP": DEP}

TagMap = dict[int, tuple[int, int]]
# One token of a pattern: (column, test of the column's value) pairs that must all hold.
TokenTests = tuple[tuple[int, Callable[[int], bool]], ...]


@dataclass(frozen=True)
class _Pattern:
    entry: int  # position of the ruler entry: later entries win
    tokens: tuple[TokenTests, ...]
    target: int  # offset from the match start of the token that gets the entry's attributes


@dataclass(frozen=True)
class _Exceptions:
    """Exception patterns compiled to lookups: patterns by the value one of their tokens must have in one
    column (`anchored`: column -> value -> (pattern, offset of that token)), the rest tried at every token."""

    columns: tuple[int, ...]  # attributes read from the doc; a pattern's columns index this
    anchored: tuple[tuple[int, dict[int, list[tuple[_Pattern, int]]]], ...]
    unanchored: tuple[_Pattern, ...]
    sets: tuple[dict[int, int], ...]  # per entry: attribute -> value
    written: tuple[int, ...]  # attributes any entry sets, POS and MORPH first (the tag map's)


def _value_test(vocab: Vocab, key: str, value: Any) -> list[tuple[Callable[[int], bool], set[int] | None]] | None:
    """Tests of one pattern value as the Matcher reads it, each with the values it accepts when they are a
    finite set (for anchoring); None for a form not compiled."""
    if key in _FLAG_KEYS:
        return [(partial(operator.eq, int(value)), {int(value)})] if isinstance(value, bool) else None
    if isinstance(value, str):
        return [(partial(operator.eq, vocab.strings.add(value)), {vocab.strings.add(value)})]
    if not isinstance(value, dict) or not value:
        return None
    tests: list[tuple[Callable[[int], bool], set[int] | None]] = []
    for predicate, argument in value.items():
        if predicate in ("IN", "NOT_IN") and isinstance(argument, list) and all(isinstance(v, str) for v in argument):
            accepted = {vocab.strings.add(v) for v in argument}
            if predicate == "IN":
                tests.append((frozenset(accepted).__contains__, accepted))
            else:
                tests.append((partial(_not_in, frozenset(accepted)), None))
        elif predicate == "REGEX" and isinstance(argument, str):
            tests.append((partial(_regex_search, re.compile(argument), vocab.strings), None))
        else:
            return None
    return tests


def _not_in(values: frozenset[int], value: int) -> bool:
    return value not in values


def _regex_search(regex: re.Pattern[str], strings: Any, value: int) -> bool:
    return regex.search(strings[value]) is not None


def _compile_exceptions(vocab: Vocab, entries: Sequence[dict[str, Any]]) -> _Exceptions | None:
    """The exception entries as lookups applying them as spaCy's AttributeRuler does, or None when an entry
    uses a form not compiled here (another key, operator, predicate or attribute)."""
    columns: list[int] = []
    anchored: dict[int, dict[int, list[tuple[_Pattern, int]]]] = {}
    unanchored: list[_Pattern] = []
    sets: list[dict[int, int]] = []
    for entry, rule in enumerate(entries):
        attrs, index = rule["attrs"], rule.get("index", 0)
        if not set(attrs) <= set(_SETTABLE) or not isinstance(index, int):
            return None
        sets.append(normalize_token_attrs(vocab, attrs))
        for pattern in rule["patterns"]:
            if not -len(pattern) <= index < len(pattern):
                return None  # spaCy raises E1001 when such a pattern matches
            tokens: list[TokenTests] = []
            anchors: list[tuple[int, int, set[int]]] = []  # (anchor preference, offset, accepted values)
            for offset, token in enumerate(pattern):
                tests: list[tuple[int, Callable[[int], bool]]] = []
                for key, value in token.items():
                    attr = _STRING_KEYS.get(key, _FLAG_KEYS.get(key))
                    compiled = _value_test(vocab, key, value) if attr is not None else None
                    if compiled is None:
                        return None
                    if attr not in columns:
                        columns.append(attr)
                    for test, accepted in compiled:
                        tests.append((columns.index(attr), test))
                        if accepted is not None:
                            anchors.append((_ANCHOR_ORDER.index(attr), offset, accepted))
                tokens.append(tuple(tests))
            compiled_pattern = _Pattern(entry, tuple(tokens), index % len(pattern))
            if not anchors:
                unanchored.append(compiled_pattern)
                continue
            preference, offset, accepted = min(anchors, key=lambda anchor: anchor[:2])
            bucket = anchored.setdefault(_ANCHOR_ORDER[preference], {})
            for value in accepted:
                bucket.setdefault(value, []).append((compiled_pattern, offset))
    written = [POS, MORPH, *sorted({attr for attrs in sets for attr in attrs} - {POS, MORPH})]
    read = [*columns, *(attr for attr in [TAG, *written[2:]] if attr not in columns)]
    return _Exceptions(
        columns=tuple(read),
        anchored=tuple((read.index(attr), bucket) for attr, bucket in anchored.items()),
        unanchored=tuple(unanchored),
        sets=tuple(sets),
        written=tuple(written),
    )


AttributeRules = tuple[TagMap, _Exceptions | AttributeRuler]


@cache
def _split_attribute_rules(nlp: Language) -> AttributeRules | None:
    """The model's attribute ruler as its leading tag map (TAG -> POS and MORPH, one pattern per tag) and its
    remaining exception patterns, compiled (else, for a form not compiled, a spaCy ruler of them); None when
    the model has no ruler or its rules do not start so.

    spaCy's ruler applies every match in pattern order, later patterns winning, through a Python call per
    matched token, and its Matcher tries every pattern at every token; the tag map matches every token.
    Setting the tag map's attributes as one array, and finding the exceptions' matches by looking up a
    token's word, tag or label instead of trying every pattern, applies the same rules in the same order
    (the lemmatizer reads MORPH).
    """
    if not nlp.has_pipe("attribute_ruler"):
        return None
    patterns = nlp.get_pipe("attribute_ruler").patterns
    tag_map: TagMap = {}
    count = 0
    for pattern in patterns:
        if len(pattern["patterns"]) != 1 or len(pattern["patterns"][0]) != 1:
            break
        [token] = pattern["patterns"][0]
        if set(token) != {"TAG"} or not isinstance(token["TAG"], str):
            break
        attrs = pattern["attrs"]
        if set(attrs) - {"POS", "MORPH"}:
            break
        tag_map[nlp.vocab.strings.add(token["TAG"])] = (
            nlp.vocab.strings.add(attrs["POS"]) if "POS" in attrs else 0,
            nlp.vocab.morphology.add(attrs["MORPH"]) if "MORPH" in attrs else 0,
        )
        count += 1
    if not tag_map:
        return None
    exceptions: _Exceptions | AttributeRuler | None = _compile_exceptions(nlp.vocab, patterns[count:])
    if exceptions is None:
        exceptions = AttributeRuler(nlp.vocab, name="attribute_exceptions")
        exceptions.add_patterns(patterns[count:])
    return tag_map, exceptions


def _apply_attribute_rules(doc: Doc, rules: AttributeRules) -> None:
    """Set what the model's attribute ruler would on a doc of the parse: the tag map's POS and MORPH, then
    the exceptions (matched on the values before any is set, as spaCy's ruler does)."""
    tag_map, exceptions = rules
    if not len(doc):
        return
    read = exceptions.columns if isinstance(exceptions, _Exceptions) else (TAG,)
    columns = doc.to_array(list(read)).reshape(len(doc), len(read)).T.tolist()  # one attribute: 1-d
    tagged = [tag_map.get(tag, (0, 0)) for tag in columns[read.index(TAG)]]
    values = {POS: [pos for pos, _ in tagged], MORPH: [morph for _, morph in tagged]}
    if isinstance(exceptions, _Exceptions):
        values.update((attr, columns[read.index(attr)]) for attr in exceptions.written[2:])
        for entry, token in _exception_matches(exceptions, columns, len(doc)):
            for attr, value in exceptions.sets[entry].items():
                values[attr][token] = value
    doc.from_array(list(values), np.array(list(values.values()), dtype=np.uint64).T)
    if isinstance(exceptions, AttributeRuler):
        exceptions(doc)


def _exception_matches(exceptions: _Exceptions, columns: list[list[int]], length: int) -> list[tuple[int, int]]:
    """(entry, token) of every match of the exceptions, in entry order: the order spaCy's ruler sets them."""
    found: list[tuple[int, int]] = []
    for column, bucket in exceptions.anchored:
        for i, value in enumerate(columns[column]):
            for pattern, offset in bucket.get(value, ()):
                if _matches(pattern, columns, i - offset, length):
                    found.append((pattern.entry, i - offset + pattern.target))
    for pattern in exceptions.unanchored:
        for start in range(length - len(pattern.tokens) + 1):
            if _matches(pattern, columns, start, length):
                found.append((pattern.entry, start + pattern.target))
    found.sort()
    return found


def _matches(pattern: _Pattern, columns: list[list[int]], start: int, length: int) -> bool:
    if start < 0 or start + len(pattern.tokens) > length:
        return False
    for offset, tests in enumerate(pattern.tokens):
        for column, test in tests:
            if not test(columns[column][start + offset]):
                return False
    return True


def _memo() -> dict[str, tuple[Language, Doc, bool]]:
    memo = getattr(_MEMO, "docs", None)
    if memo is None:
        memo = _MEMO.docs = {}
    return memo


def parse_texts(nlp: Language, texts: Sequence[str], full: bool = True) -> list[Doc]:
    """The docs of `texts`: a full parse, or NER alone (`full=False`, served by a full parse if one is kept).

    Texts not in the memo go through the model in one stream. Docs drop their tensor (the tok2vec output,
    ~400 bytes a token) once made: nothing downstream reads it and it would dominate the memo's memory.
    """
    memo = _memo()

    def kept(text: str) -> Doc | None:
        found = memo.get(text)
        return found[1] if found is not None and found[0] is nlp and (found[2] or not full) else None

    docs = {text: doc for text in dict.fromkeys(texts) if (doc := kept(text)) is not None}
    missing = [text for text in dict.fromkeys(texts) if text not in docs]
    if missing:
        rules = _split_attribute_rules(nlp) if full else None
        pipes = [p for p in nlp.pipe_names if p in PARSE_COMPONENTS] if full else ner_components(nlp)
        if rules is not None:
            pipes.remove("attribute_ruler")
        for key in list(memo)[: max(0, len(memo) + len(missing) - MEMO_SIZE)]:
            del memo[key]
        with nlp.select_pipes(enable=pipes):
            for text, doc in zip(missing, nlp.pipe(missing, batch_size=PARSE_BATCH_SIZE, n_process=1), strict=True):
                doc.tensor = np.zeros((0,), dtype="float32")
                if rules is not None:
                    _apply_attribute_rules(doc, rules)
                docs[text] = doc
                memo[text] = (nlp, doc, full)
    return [docs[text] for text in texts]


def sentence_docs(nlp: Language, text: str, sentences: Sequence[Sentence]) -> list[Doc]:
    """The full parses of `sentences` of `text`: each cut out of the parse of the cue chunk holding it,
    else parsed alone (those in one stream)."""
    chunks = cue_chunks(split_sentences(text), text)
    cut: list[Doc | None] = []
    for sentence in sentences:
        holder = next(((a, b) for a, b in chunks if a <= sentence.start and sentence.end <= b), None)
        span = None
        if holder is not None:
            [chunk] = parse_texts(nlp, [text[holder[0] : holder[1]]])
            span = chunk.char_span(sentence.start - holder[0], sentence.end - holder[0], alignment_mode="expand")
        cut.append(span.as_doc() if span is not None else None)
    alone = iter(parse_texts(nlp, [s.text for s, doc in zip(sentences, cut, strict=True) if doc is None]))
    return [doc if doc is not None else next(alone) for doc in cut]


def english_entities(nlp: Language, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) of the NER entities of each English text, in order.

    Cue chunks are read off their full parse (the claims stage made it); the text between chunks goes
    through NER alone. Entities cannot span a chunk boundary: a chunk ends at a sentence end.
    """
    pieces: list[list[tuple[int, str, bool]]] = []
    for text in texts:
        chunks = cue_chunks(split_sentences(text), text)
        own: list[tuple[int, str, bool]] = []
        position = 0
        for start, end in [*chunks, (len(text), len(text))]:
            if text[position:start].strip():
                own.append((position, text[position:start], False))
            if end > start:
                own.append((start, text[start:end], True))
            position = end
        pieces.append(own)
    docs: dict[tuple[str, bool], Doc] = {}
    for full in (True, False):
        wanted = [piece for own in pieces for _, piece, is_full in own if is_full == full]
        docs.update(zip(((piece, full) for piece in wanted), parse_texts(nlp, wanted, full), strict=True))
    found: list[list[tuple[int, int, str]]] = []
    for own in pieces:
        found.append([
            (offset + ent.start_char, offset + ent.end_char, ent.label_)
            for offset, piece, full in own
            for ent in docs[(piece, full)].ents
        ])
    return found


# A wire dateline opening a sentence: names, numbers and punctuation, then a spaced dash.
DATELINE_DASHES = frozenset({"—", "–", "--", "-"})
DATELINE_POS = frozenset({"PROPN", "NUM", "PUNCT"})


def past_dateline(subject: Token, verb: Token) -> Token:
    """The name after a dateline the parse made the subject: in "CLEVELAND, July 19 (UPI) — Michael Mukasey told"
    a word of the dateline (names, numbers and punctuation before a spaced dash that opens the sentence) heads
    the sentence, and the speaker is the noun phrase between the dash and the verb."""
    doc = subject.doc
    between = doc[subject.i + 1 : verb.i]
    dash = next((t for t in between if t.text in DATELINE_DASHES and doc[t.i - 1].whitespace_), None)
    if dash is None or any(t.pos_ not in DATELINE_POS for t in doc[subject.sent.start : dash.i]):
        return subject
    phrase = doc[dash.i + 1 : verb.i]
    return next((t for t in phrase if not dash.i < t.head.i < verb.i and t.pos_ in ("PROPN", "NOUN")), subject)
