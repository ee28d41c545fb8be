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

import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
from spacy.attrs import MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token

from storytrace.pipeline.nlp.cues import english_cues
from storytrace.pipeline.nlp.nlp_model import load_nlp
from storytrace.pipeline.segment import Sentence, split_sentences

# What a full parse reads: tokens' tags, POS (attribute_ruler), dependencies and entities; tok2vec feeds
# tagger and parser. Anything else a pipeline holds (e.g. a senter) stays off, and so does the lemmatizer:
# it costs ~28 µs a token (12% of the parse) while the stages read the lemmas of a few tokens a sentence,
# so `lemma_of` lemmatises those on demand with the same component. The attribute ruler is applied by
# `_apply_attribute_rules`: the same POS, MORPH and lemmas, with the full parse 12.6% cheaper (measured).
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "ner")
# Pieces per batch of the model: a chunk is a few sentences (~40 tokens), so a batch holds ~10k tokens,
# enough to fill the model's matrix products while a batch's arrays stay a few megabytes.
PARSE_BATCH_SIZE = 256
# Docs kept per thread: an ingest batch (64 articles) has a few hundred chunks, gaps and dated sentences,
# so this holds a whole batch for the next stage while bounding memory (docs keep no tensors, see below).
MEMO_SIZE = 4096

_MEMO = threading.local()


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
    the English model's rule lemmatizer run on this token alone (it caches by word and POS)."""
    if token.lemma_:
        return token.lemma_.lower()
    lemmatizer = _lemmatizer()
    return (lemmatizer.rule_lemmatize(token)[0] if lemmatizer is not None else token.lower_).lower()


@cache
def _lemmatizer() -> Any:
    nlp = load_nlp("en")
    return nlp.get_pipe("lemmatizer") if nlp.has_pipe("lemmatizer") else None


@cache
def _split_attribute_rules(nlp: Language) -> tuple[dict[int, tuple[int, int]], AttributeRuler] | None:
    """The model's attribute ruler as its leading tag map (TAG -> POS and MORPH, one pattern per tag) and a
    ruler of the remaining exception patterns; None when the model has no ruler or its rules do not start so.

    spaCy's ruler applies every match in pattern order, later patterns winning, through a Python call per
    matched token; the tag map matches every token. Setting the tag map's attributes as one array and running
    only the exceptions afterwards applies the same rules in the same order (the lemmatizer reads MORPH).
    """
    if not nlp.has_pipe("attribute_ruler"):
        return None
    patterns = nlp.get_pipe("attribute_ruler").patterns
    tag_map: dict[int, tuple[int, int]] = {}
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
    exceptions = AttributeRuler(nlp.vocab, name="attribute_exceptions")
    exceptions.add_patterns(patterns[count:])
    return tag_map, exceptions


def _apply_attribute_rules(doc: Doc, rules: tuple[dict[int, tuple[int, int]], AttributeRuler]) -> None:
    tag_map, exceptions = rules
    if len(doc):
        values = [tag_map.get(tag, (0, 0)) for tag in doc.to_array(TAG).tolist()]
        doc.from_array([POS, MORPH], np.array(values, dtype=np.uint64).reshape(-1, 2))
    exceptions(doc)


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
