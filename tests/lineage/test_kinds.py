"""Derivation kinds of fictional pairs."""

from __future__ import annotations

import pytest

from lineage.lineage_texts import (
    AGENCY_COPY,
    EXCERPT,
    FRENCH,
    GERMAN,
    LOOK_ALIKE,
    ORIGINAL,
    PARAPHRASE,
    RESPELLED_COPY,
    UNRELATED_SAME_TOPIC,
    cached_embeddings,
)
from storytrace.pipeline.lineage.align import align_prepared, align_sentences, prepare, swaps_a_name, with_runs
from storytrace.pipeline.lineage.kinds import DERIVED_KINDS, KindThresholds, PairVerdict, classify_pair, may_derive

pytestmark = pytest.mark.usefixtures(cached_embeddings.__name__)


def verdict(earlier: str, later: str, earlier_lang: str = "en", later_lang: str = "en") -> PairVerdict | None:
    return classify_pair(align_sentences(earlier, later, earlier_lang, later_lang), earlier_lang, later_lang)


@pytest.mark.parametrize(
    ("later", "language", "kind"),
    [
        (ORIGINAL, "en", "duplicate"),
        (AGENCY_COPY, "en", "copy"),
        (PARAPHRASE, "en", "paraphrase"),
        (FRENCH, "fr", "translation"),
        (GERMAN, "de", "translation"),
        (EXCERPT, "en", "excerpt"),
    ],
    ids=["duplicate", "agency-copy", "paraphrase", "translation-fr", "translation-de", "excerpt"],
)
def test_kind(later: str, language: str, kind: str) -> None:
    result = verdict(ORIGINAL, later, "en", language)
    assert result is not None
    assert result.kind == kind
    assert kind in DERIVED_KINDS
    assert 0.5 < result.score <= 1.0
    assert len(result.evidence) >= 3
    assert result.evidence == sorted(result.evidence, key=lambda p: p.score, reverse=True)


def test_unrelated_articles_on_the_same_topic_are_not_derived() -> None:
    assert verdict(ORIGINAL, UNRELATED_SAME_TOPIC) is None


def test_unknown_languages_are_treated_as_one_language() -> None:
    result = classify_pair(align_sentences(ORIGINAL, AGENCY_COPY, None, None), None, None)
    assert result is not None and result.kind == "copy"


def test_thresholds_decide() -> None:
    alignment = align_sentences(ORIGINAL, EXCERPT, "en", "en")
    assert classify_pair(alignment, "en", "en", KindThresholds(min_pairs=4)) is not None  # its verbatim run
    assert classify_pair(alignment, "en", "en", KindThresholds(min_pairs=4, min_unquoted_run=100)) is None
    strict_excerpt = KindThresholds(excerpt_longer_coverage=0.1)
    result = classify_pair(alignment, "en", "en", strict_excerpt)
    assert result is not None and result.kind == "copy"


def test_copy_direction_does_not_matter_for_the_kind() -> None:
    forward, backward = verdict(ORIGINAL, EXCERPT), verdict(EXCERPT, ORIGINAL)
    assert forward is not None and backward is not None
    assert forward.kind == backward.kind == "excerpt"


def _wire_pair() -> tuple[str, str]:
    """Two outlets' articles that carry the same two wire sentences and otherwise write their own."""
    wire = (
        "The regional rail line to Velmark was suspended after water flooded the tracks near the old quay station, "
        "the operator said on Wednesday."
    )
    earlier = _own("Velmark council met in emergency session on Wednesday.", wire)
    later = _own("Fishermen in the next town pulled their boats ashore.", wire)
    return earlier, later


def _own(first: str, wire: str) -> str:
    return "\n".join(
        [
            first,
            wire,
            "Engineers said the sea wall would be inspected once the water had gone down.",
        ]
    )


def test_a_long_unquoted_run_is_a_shared_text_even_with_little_coverage() -> None:
    earlier, later = _wire_pair()
    alignment = align_sentences(earlier, later, "en", "en")
    assert alignment.longest_unquoted_run >= 20
    result = classify_pair(alignment, "en", "en", KindThresholds(min_coverage=0.9))
    assert result is not None and result.kind in {"copy", "excerpt"}
    assert classify_pair(alignment, "en", "en", KindThresholds(min_coverage=0.9, min_unquoted_run=40)) is None
    assert classify_pair(alignment, "en", "en", KindThresholds(min_coverage=0.9, min_run_coverage=0.95)) is None


def test_a_shared_quotation_alone_is_not_a_shared_text() -> None:
    quote = '"We have never seen the sea come this far into the town, and we will not let it happen again next winter."'
    earlier = f"Mayor Ilse Brandt spoke at the town hall on Tuesday.\n{quote}\nSchools will stay closed."
    later = f"Brandt toured the flooded quay with the minister.\n{quote}\nThe rail line reopens on Friday."
    assert classify_pair(align_sentences(earlier, later, "en", "en"), "en", "en") is None


def test_verbatim_text_across_a_language_label_is_a_copy() -> None:
    # A page labelled Serbian that carries the English text: no embeddings, but the words are shared.
    result = classify_pair(align_sentences(ORIGINAL, AGENCY_COPY, "en", "sr"), "en", "sr")
    assert result is not None and result.kind == "copy"
    assert classify_pair(align_sentences(ORIGINAL, FRENCH, "en", "gu"), "en", "gu") is None


_SHORT_REPORT = "\n".join(
    [
        "A storm surge flooded the harbour district of Velmark on Tuesday night, forcing more than 2,000 residents "
        "from their homes.",
        "Mayor Ilse Brandt said emergency crews had rescued 140 people from rooftops and upper floors before dawn.",
        "Engineers will inspect the sea wall on Wednesday.",
    ]
)
_OWN_SENTENCES = (
    "The regional football final was postponed to next month.",
    "Shop owners began clearing mud from the streets on Wednesday morning.",
)

# The first two sentences of _SHORT_REPORT, reworded.
_REWORDED_LEAD = (
    "On Tuesday night a storm surge swamped Velmark's harbour area, and over 2,000 people had to leave their homes.",
    "According to Mayor Ilse Brandt, rescue teams pulled 140 residents from roofs and top floors before sunrise.",
)


def _report(*lead: str) -> str:
    """A later report opening with `lead`, then sentences of its own."""
    return "\n".join([*lead, *_OWN_SENTENCES])


def test_two_reworded_sentences_are_what_two_reports_share() -> None:
    later = _report(*_REWORDED_LEAD)
    alignment = align_sentences(_SHORT_REPORT, later, "en", "en")
    assert len(alignment.pairs) == 2 and alignment.longest_unquoted_run < 15
    assert classify_pair(alignment, "en", "en") is None
    result = classify_pair(alignment, "en", "en", KindThresholds(min_reworded_pairs=2))
    assert result is not None and result.kind == "paraphrase"


def test_a_third_reworded_sentence_makes_a_rewrite() -> None:
    later = _report(
        *_REWORDED_LEAD,
        "On Wednesday engineers are due to examine the sea wall.",
    )
    alignment = align_sentences(_SHORT_REPORT, later, "en", "en")
    assert len(alignment.pairs) == 3 and alignment.longest_unquoted_run < 15
    result = classify_pair(alignment, "en", "en")
    assert result is not None and result.kind == "paraphrase"


def test_two_sentences_with_their_wording_kept_are_a_rewrite() -> None:
    later = _report(
        "A storm surge flooded the harbour district of Velmark on Tuesday night, forcing more than 2,000 people to "
        "leave their homes.",
        "Mayor Ilse Brandt said emergency crews had rescued 140 residents from roofs and upper floors before sunrise.",
    )
    alignment = align_sentences(_SHORT_REPORT, later, "en", "en")
    # A run too short to prove a shared text by itself (min_unquoted_run), long enough to back two sentences.
    assert len(alignment.pairs) == 2 and 15 <= alignment.longest_unquoted_run < 20
    result = classify_pair(alignment, "en", "en")
    assert result is not None and result.kind == "paraphrase" and result.basis == "aligned"
    assert classify_pair(alignment, "en", "en", KindThresholds(min_pair_run=20)) is None


@pytest.mark.parametrize(
    ("earlier", "later", "languages"),
    [
        (ORIGINAL, AGENCY_COPY, ("en", "en")),
        (ORIGINAL, FRENCH, ("en", "fr")),
        (ORIGINAL, UNRELATED_SAME_TOPIC, ("en", "en")),
        (UNRELATED_SAME_TOPIC, FRENCH, ("en", "fr")),
        (EXCERPT, PARAPHRASE, ("en", "en")),
    ],
)
def test_pairs_that_cannot_derive_are_told_before_their_runs_are_measured(
    earlier: str, later: str, languages: tuple[str, str]
) -> None:
    first, second = prepare(earlier, languages[0]), prepare(later, languages[1])
    unmeasured = align_prepared(first, second, runs=False)
    assert unmeasured.longest_verbatim_run is None
    with pytest.raises(ValueError, match="verbatim runs"):
        classify_pair(unmeasured, *languages)
    measured = with_runs(unmeasured, first, second)
    assert measured == align_prepared(first, second)
    found = classify_pair(measured, *languages)
    assert may_derive(unmeasured, *languages) or found is None
    # Thresholds that no coverage reaches leave only the rules the runs decide, and those need coverage too.
    strict = KindThresholds(min_coverage=1.1, min_translation_coverage=1.1, min_run_coverage=1.1, copy_containment=1.1)
    assert not may_derive(unmeasured, *languages, strict) and classify_pair(measured, *languages, strict) is None


def test_the_same_wording_about_other_names_is_a_look_alike_not_a_copy() -> None:
    alignment = align_sentences(ORIGINAL, LOOK_ALIKE, "en", "en")
    assert alignment.name_swaps is not None and alignment.name_swaps >= 3
    assert verdict(ORIGINAL, LOOK_ALIKE) is None
    assert classify_pair(alignment, "en", "en", KindThresholds(min_name_swaps=99)) is not None  # the rule decides


def test_a_copy_that_respells_or_titles_a_name_swaps_none() -> None:
    assert align_sentences(ORIGINAL, RESPELLED_COPY, "en", "en").name_swaps == 0
    result = verdict(ORIGINAL, RESPELLED_COPY)
    assert result is not None and result.kind == "copy"


@pytest.mark.parametrize(
    ("earlier", "later", "swapped"),
    [
        ("Shops in Taity told Express about the plan.", "Shops in Drigryn told Mirror about the plan.", True),
        ("The council met in Taity on Tuesday.", "The council met in Taity on Monday.", False),  # calendar words
        ("The mayor of Taity, Jon Ames, resigned.", "The mayor of Taity, Jon Amess, resigned.", False),  # a respelling
        ("Taity Council said the vote would go on.", "Drigryn Council said the vote would go on.", False),  # first
    ],
    ids=["names", "weekday", "respelling", "first-word"],
)
def test_swaps_a_name(earlier: str, later: str, swapped: bool) -> None:
    a, b = prepare(earlier, "en"), prepare(later, "en")
    assert swaps_a_name(earlier, later, a, b) is swapped


def test_capitalised_nouns_tell_no_names_apart_in_german() -> None:
    earlier = "Die Regierung in Taity hat den Plan gestoppt. Der Hafen von Taity bleibt geschlossen."
    later = "Die Regierung in Drigryn hat den Plan gestoppt. Der Hafen von Drigryn bleibt geschlossen."
    assert align_sentences(earlier, later, "de", "de").name_swaps == 0
    assert align_sentences(earlier, later, "en", "en").name_swaps == 2
