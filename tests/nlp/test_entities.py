"""Entity mention extraction and the name-matching primitives (fictional sentences)."""

from __future__ import annotations

import random

import pytest

from storytrace.pipeline.nlp import entities
from storytrace.pipeline.nlp.entities import (
    Mention,
    Spellings,
    WordsByLength,
    extract_mentions,
    fold,
    skeleton,
    tokens_variant,
    typos_among,
)
from storytrace.pipeline.nlp.nlp_model import load_nlp
from storytrace.pipeline.nlp.resolve import TYPO_KEEPS_LETTERS, EntityResolver


@pytest.mark.parametrize(
    "variant",
    ["Prigojin", "Prigoschin", "Prigożin", "Prigojine", "Пригожин", "Prigohzin", "Pirgozhin", "Prigozhin"],
)
def test_transliterations_and_typos_are_variants(variant: str) -> None:
    assert tokens_variant(fold(variant), "prigozhin")


@pytest.mark.parametrize(
    ("a", "b"), [("Selenskyj", "Zelensky"), ("Zelenskyy", "Зеленський"), ("Budanow", "Буданов")]
)
def test_more_transliterations(a: str, b: str) -> None:
    assert tokens_variant(fold(a), fold(b))


@pytest.mark.parametrize(
    ("a", "b"), [("Ukraine", "Ukrainian"), ("Joe", "Jon"), ("Putin", "Patin"), ("Ivanov", "Ivanchenko")]
)
def test_distinct_names_are_not_variants(a: str, b: str) -> None:
    assert not tokens_variant(fold(a), fold(b))


def _one_edits(word: str, start: int) -> set[str]:
    """Every deletion, substitution, insertion and adjacent transposition of `word` at or after `start`."""
    letters = "aeioukstz"
    edits = {word[:i] + word[i + 1 :] for i in range(start, len(word))}
    edits |= {word[:i] + c + word[i + 1 :] for i in range(start, len(word)) for c in letters}
    edits |= {word[:i] + c + word[i:] for i in range(start, len(word) + 1) for c in letters}
    edits |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(start, len(word) - 1)}
    return edits - {word}


def _found(word: str, other: str, fixed: int = 0) -> bool:
    """Whether a lookup of `word` finds `other` (same skeleton, or among its possible typos)."""
    spellings = Spellings(fixed)
    spellings.add(other)
    return other in spellings.of(word)


@pytest.mark.parametrize("word", ["prigozhin", "budanov", "kowalczyk", "thornbury"])
def test_every_variant_is_found_by_skeleton_or_as_a_typo(word: str) -> None:
    """Fuzzy lookups compare only these candidates: each spelling they may accept must be one of them."""
    variants = [other for other in _one_edits(word, 0) if tokens_variant(word, other)]
    assert len(variants) > 50
    assert all(_found(word, other) for other in variants)
    kept = [other for other in variants if other[:TYPO_KEEPS_LETTERS] == word[:TYPO_KEEPS_LETTERS]]
    assert all(_found(word, other, TYPO_KEEPS_LETTERS) for other in kept)


def _osa_one_edit(a: str, b: str) -> bool:
    """Brute force: one deletion, insertion, substitution or swap of neighbours turns `a` into `b`."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differ) == 2 and differ[1] == differ[0] + 1:  # neighbours swapped
            i, j = differ
            return a[i] == b[j] and a[j] == b[i]
        return len(differ) == 1
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


@pytest.mark.parametrize("seed", range(4))
def test_typos_among_finds_every_one_edit_word_kept_and_no_other(seed: int) -> None:
    """Against brute force over a random vocabulary of letters and digits, with words taken out again: the
    characters kept per length and position only skip probes that cannot find a word."""
    rng = random.Random(seed)
    alphabet = "abcdehikmnorstuz09"
    base = ["".join(rng.choice(alphabet) for _ in range(rng.randint(6, 10))) for _ in range(60)]
    vocabulary = set(base)
    for word in base:  # near neighbours, so that there is something to find
        vocabulary |= set(rng.sample(sorted(_one_edits(word, 0) | {word[:2] + "7" + word[2:]}), 3))
    known = WordsByLength(vocabulary)
    removed = set(rng.sample(sorted(vocabulary), len(vocabulary) // 5))
    for word in removed:
        known.discard(word)
    kept = vocabulary - removed
    for fixed in (0, 3):
        for word in sorted(vocabulary)[::3]:
            expected = {  # a typo of a word this long or longer, as long or longer itself
                other for other in kept
                if min(len(word), len(other)) >= entities.TYPO_MIN_LENGTH
                and other[:fixed] == word[:fixed]
                and _osa_one_edit(word, other)
            }
            assert typos_among(word, known, fixed) == expected, word


def test_the_resolver_finds_a_typo_in_the_first_letters_only_by_its_skeleton() -> None:
    assert tokens_variant("lindqvist", "kindqvist")  # one edit apart, but more often another name than a typo
    assert _found("lindqvist", "kindqvist") and not _found("lindqvist", "kindqvist", TYPO_KEEPS_LETTERS)
    assert _found("prigozhin", "pirgozhin", TYPO_KEEPS_LETTERS)  # vowels moved: one skeleton


@pytest.mark.parametrize(("seed", "cache_size"), [(0, 200_000), (1, 200_000), (2, 200_000), (3, 200_000), (4, 3)])
def test_spellings_are_complete_whatever_order_words_are_seen_in(
    seed: int, cache_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each word's spellings are found when it is added or first looked up, and those added later join the sets
    kept (the relation is symmetric), so after every addition each word's set equals the pairwise definition over
    the words seen so far, whatever the order, and however often the cache of words looked up is emptied."""
    monkeypatch.setattr(entities, "_QUERIED_CACHE_SIZE", cache_size)
    words = ["prigozhin", "prigojin", "pirgozhin", "prigoschin", "budanov", "budanow", "lindqvist", "kindqvist"]
    random.Random(seed).shuffle(words)
    for fixed in (0, TYPO_KEEPS_LETTERS):
        spellings = Spellings(fixed)
        for added, new in enumerate(words, start=1):
            spellings.add(new)
            seen = words[:added]
            for word in words:  # seen or not: the unseen ones are kept as looked up
                typos = typos_among(word, WordsByLength(seen), fixed)
                by_definition = {
                    other for other in seen
                    if tokens_variant(word, other) and (other in typos or skeleton(word) == skeleton(other))
                }
                assert spellings.of(word) == by_definition
        assert ("kindqvist" in spellings.of("lindqvist")) == (fixed == 0)
    assert spellings.of("prigozhin") == {"prigozhin", "prigojin", "pirgozhin", "prigoschin"}
    assert spellings.of("pirgozhin") == {"pirgozhin", "prigozhin"}  # not transitive: two edits from "prigojin"
    unseen = spellings.of("prigozhyn")  # a word not seen: its spellings seen, not itself
    assert "prigozhin" in unseen and "prigozhyn" not in unseen and "prigozhyn" not in spellings


def test_skeleton_is_shared_by_cyrillic_and_latin() -> None:
    assert skeleton(fold("Пригожин")) == skeleton("prigojin") == skeleton("prigoschin")


@pytest.fixture(scope="module")
def english():
    return load_nlp("en")


def _by_text(mentions: list[Mention]) -> dict[str, Mention]:
    found: dict[str, Mention] = {}
    for mention in mentions:
        found.setdefault(mention.text, mention)
    return found


def test_english_descriptor_and_cleanup(english) -> None:
    text = (
        "Falcon Logistics owner Yevgeny Dmitriev met Russian President Vladimir Putin in Moscow on Monday. "
        "A Vladimir Putin-linked fund later hired Dmitriev, the former finance minister, reports said."
    )
    mentions = extract_mentions(text, "en", nlp=english)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    found = _by_text(mentions)
    assert found["Yevgeny Dmitriev"].label == "PERSON"
    assert found["Yevgeny Dmitriev"].descriptor == "Falcon Logistics owner"
    assert found["Vladimir Putin"].descriptor == "Russian President"
    assert not any("linked" in m.text for m in mentions)
    assert found["Moscow"].canonical == "Moscow"


def test_acronyms_introduced_in_text(english) -> None:
    text = (
        "Analysts at the Institute for Imaginary Studies (IIS) disagreed. Officers of Vardania's border "
        "intelligence directorate, known as KRU, met in Lisbon. The IIS and the KRU declined to comment."
    )
    mentions = extract_mentions(text, "en", nlp=english)
    iis = [m for m in mentions if m.text == "IIS"]
    kru = [m for m in mentions if m.text == "KRU"]
    assert len(iis) == 2 and all(m.acronym_of == "Institute for Imaginary Studies" for m in iis)
    assert len(kru) == 2 and all("intelligence directorate" in (m.acronym_of or "") for m in kru)


def test_an_acronym_introduced_in_a_relative_clause_stands_for_its_antecedent(english) -> None:
    text = "Velmar Harbour Bank, which is also known as VHB, operated 17 branches. VHB was closed on Friday."
    vhb = [m for m in extract_mentions(text, "en", nlp=english) if m.text == "VHB"]
    assert len(vhb) == 2 and all(m.acronym_of == "Velmar Harbour Bank" for m in vhb)


def test_social_platforms_are_organisations_in_every_language(english) -> None:
    english_text = "Gennady Olkhov wrote on Twitter and on Telegram that the talks had failed."
    labels = {m.text: m.label for m in extract_mentions(english_text, "en", nlp=english)}
    assert labels["Twitter"] == "ORG" and labels["Telegram"] == "ORG"
    italian = {m.text: m.label for m in extract_mentions("Il sindaco di Velmar ha scritto su Twitter.", "it")}
    assert italian["Twitter"] == "ORG"


def test_outlets_are_media(english) -> None:
    text = "Gennady Olkhov told Reuters on Friday that the talks had failed, The Washington Post reported."
    labels = {m.canonical: m.label for m in extract_mentions(text, "en", nlp=english) if m.canonical}
    assert labels == {"Reuters": "MEDIA", "The Washington Post": "MEDIA"}


def test_model_free_language_finds_known_entities_and_new_names() -> None:
    resolver = EntityResolver()
    resolver.resolve("a1", [Mention(0, 18, "Yevgeniy Prigozhin", "PERSON")], "Yevgeniy Prigozhin")
    german = (
        "Jewgeni Prigoschin sagte in Kiew, die Gruppe werde Bachmut halten. Auch Anna Kowalczyk war dort."
    )
    found = _by_text(extract_mentions(german, "de", known=resolver))
    assert "Prigoschin" in found["Jewgeni Prigoschin"].text
    assert found["Kiew"].canonical == "Kyiv" and found["Kiew"].label == "GPE"
    assert found["Anna Kowalczyk"].label == "PERSON"
    russian = "Пригожин заявил, что Киев отказался."
    found_ru = _by_text(extract_mentions(russian, "ru", known=resolver))
    assert found_ru["Пригожин"].label == "PERSON"
    assert found_ru["Киев"].canonical == "Kyiv"


def test_capitalised_names_stop_at_a_sentence_end_but_not_at_an_abbreviation() -> None:
    italian = (
        "Il sisma ha colpito la Siria. Secondo Marco Bellini, la scossa è durata un minuto. "
        "Lo ha detto St. Clair Verdi."
    )
    found = _by_text(extract_mentions(italian, "it"))
    assert "Siria. Secondo" not in found and found["Siria"].label == "GPE"  # a country, without the full stop
    assert found["Marco Bellini"].label == "PERSON"
    assert "St. Clair Verdi" in found  # "St." is an abbreviation, not a sentence end
    assert not any(text.endswith(".") for text in found)


def test_headline_capitals_are_no_evidence_of_names() -> None:
    indonesian = (
        "Gempa Besar Guncang Kota Varnen Malam Ini\n"
        "Warga kota Varnen dievakuasi, kata Budi Santoso kepada wartawan."
    )
    found = _by_text(extract_mentions(indonesian, "id"))
    assert not any("Gempa" in text for text in found)
    assert found["Budi Santoso"].label == "PERSON"


def test_german_noun_phrases_are_not_entities() -> None:
    german = "Die Zahl der Toten stieg am Abend. Nach Angaben des Innenministeriums sprach Anna Kowalczyk in Varnen."
    found = _by_text(extract_mentions(german, "de"))
    assert "Zahl der Toten" not in found and not any("Angaben" in text for text in found)
    assert found["Anna Kowalczyk"].label == "PERSON"


def test_german_counted_nouns_are_not_names() -> None:
    german = (
        "In Varnen flohen Hunderte Menschen vor dem Feuer. Die Miliz Kora Tausende Raketen ab, "
        "sagte Jonas Wendt. Der Schaden liegt bei Milliarden Euro."
    )
    found = _by_text(extract_mentions(german, "de"))
    assert not any(word in text for text in found for word in ("Hunderte", "Menschen", "Raketen", "Euro"))
    assert found["Jonas Wendt"].label == "PERSON"


def test_german_category_noun_gives_the_type_of_the_name_after_it() -> None:
    german = (
        "In der Stadt Varnen bebte die Erde, auch die Provinz Oststeg war betroffen. "
        "Die Nachrichtenagentur Korrespa meldete Schäden auf der Insel Brisa, sagte Jonas Wendt."
    )
    found = _by_text(extract_mentions(german, "de"))
    assert not any(word in text for text in found for word in ("Stadt", "Provinz", "Nachrichtenagentur", "Insel"))
    assert found["Varnen"].label == "GPE" and found["Oststeg"].label == "GPE" and found["Brisa"].label == "GPE"
    assert found["Korrespa"].label == "ORG"


def test_a_german_compound_ending_in_an_organisation_noun_types_the_name_after_it() -> None:
    found = _by_text(extract_mentions("Der Raumfahrtkonzern Orbitra teilte mit, die Sonde sei abgestürzt.", "de"))
    assert list(found) == ["Orbitra"] and found["Orbitra"].label == "ORG"
    # place names end in place nouns, which are no category there
    assert "Darmstadt Marathon" in _by_text(extract_mentions("Darmstadt Marathon beginnt.", "de"))


def test_a_german_role_before_a_name_is_its_descriptor_and_dates_and_genitives_are_no_names() -> None:
    german = (
        "Energieminister Aurel Danescu und Oberst Emil Harst trafen sich Mitte März in Varnen. "
        "Im Süden Valdoriens regnete es, sagte Gewerkschaftschefin Lucía Ferrando. Valdorien bleibt ruhig."
    )
    found = _by_text(extract_mentions(german, "de"))
    assert {"Aurel Danescu", "Emil Harst", "Lucía Ferrando"} <= set(found)
    assert all(found[name].label == "PERSON" for name in ("Aurel Danescu", "Emil Harst", "Lucía Ferrando"))
    assert found["Aurel Danescu"].descriptor == "Energieminister"
    assert not any(word in text for text in found for word in ("Energieminister", "Oberst", "März", "Süden"))


def _german_mentions(german: str, names: dict[str, str], not_names: tuple[str, ...]) -> None:
    """The German text's mentions include `names` with these labels, and none holds a word of `not_names`."""
    found = _by_text(extract_mentions(german, "de"))
    assert {name: found[name].label for name in names if name in found} == names
    assert not any(word in text for text in found for word in not_names)


def test_two_german_nouns_after_an_article_are_no_persons_name() -> None:
    german = (
        "Es fielen 80 Millimeter Regen. Die Wirtschaft Brücken bauen? Im Nachbarland Kesternien und im spanischen "
        "Containerhafen Almarena warten Schiffe, sagte Jonas Wendt. In Velmar und anderen Städten Menschen auf die "
        "Straße, in mehreren Städten Gebäude eingestürzt."
    )
    nouns = ("Millimeter", "Wirtschaft", "Nachbarland", "Container", "Städten", "Menschen", "Gebäude")
    _german_mentions(german, {"Jonas Wendt": "PERSON"}, nouns)


def test_a_german_adjective_and_its_noun_at_a_sentence_start_are_no_name() -> None:
    german = "Verheerende Waldbrände zerstörten Velmar. Feierliche Krönung in Brenholm, sagte Jonas Wendt."
    _german_mentions(german, {"Jonas Wendt": "PERSON"}, ("Verheerende", "Waldbrände", "Feierliche", "Krönung"))


def test_a_german_noun_governing_a_name_in_the_genitive_is_not_part_of_it() -> None:
    german = (
        "Die Einlagen der Harbour Savings Bank sind gesichert, sagte Jonas Wendt. Nach Angaben der Velmar "
        "Fishing Association sank die Zahl der Schiffe."
    )
    names = {"Harbour Savings Bank": "ORG", "Velmar Fishing Association": "ORG"}
    _german_mentions(german, names, ("Einlagen", "Angaben", "Zahl", "Schiffe"))


def test_a_company_suffix_or_a_time_zone_alone_is_no_entity(english) -> None:
    text = (
        "NBC Universal, Inc.\n\nThe quake struck at 4:17am (01:17 GMT) on Monday, Velmar Shipping Inc. said. "
        "The Group said the figures would be revised by 09:00 UTC."
    )
    found = _by_text(extract_mentions(text, "en", nlp=english))
    assert not {"Inc.", "GMT", "UTC", "Group", "The Group"} & set(found)
    assert any("Velmar Shipping" in name for name in found)


def test_a_picture_credit_is_the_photographer_and_the_agency_apart(english) -> None:
    """NER reads "Joe Halvard/Harbour Wire" as one person; the photographer is one, the agency after the slash
    keeps no label of its own (so its own entity's type is not outvoted)."""
    text = "The pier collapsed on Monday, officials said.\n\nLena Marsh/Reuters\n\nRepairs will take a year."
    found = _by_text(extract_mentions(text, "en", nlp=english))
    assert not any("/" in name for name in found)
    assert "Lena Marsh" in found and found["Lena Marsh"].label == "PERSON"
    assert "Reuters" in found and found["Reuters"].label != "PERSON"


def test_an_acronym_the_text_spells_out_is_what_the_text_says_even_if_an_outlet_has_it() -> None:
    spanish = "Anunció el Sindicato Portuario de Almarena (SPA) la huelga. El SPA convocó otra."
    assert {m.label for m in extract_mentions(spanish, "es") if m.text == "SPA"} == {"ORG"}  # not Saudi Press Agency
    english = "The Associated Press (AP) said the strike began. AP reported later."
    assert {m.canonical for m in extract_mentions(english, "en") if m.text == "AP"} == {"The Associated Press"}


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Floods hit the town of Grauwald on Sunday.", "Grauwald", "GPE"),
        ("Water filled the Marren valley overnight.", "Marren", "LOC"),
    ],
)
def test_a_place_noun_next_to_a_name_makes_it_a_place(text: str, name: str, label: str) -> None:
    from storytrace.pipeline.nlp.entities import _place_noun_around

    start = text.index(name)
    assert _place_noun_around(text, start, start + len(name)) == label
    assert _place_noun_around("Mayor John Smith said.", 6, 16) is None


def test_a_name_the_text_credits_as_media_is_an_outlet(english) -> None:
    text = "BRUSSELS (Harbour Post) — The minister resigned, The Lantern Courier reported on Tuesday."
    found = _by_text(extract_mentions(text, "en", nlp=english, media_names=["The Lantern Courier"]))
    assert found["Lantern Courier"].label == "MEDIA" and found["Lantern Courier"].canonical == "Lantern Courier"
    assert not any("(" in name for name in found)  # a dateline's brackets end a name


def test_a_name_after_a_common_noun_of_organisations_is_one(english) -> None:
    text = "The probe crashed into the moon, state space corporation Roscosmos said on Sunday."
    assert _by_text(extract_mentions(text, "en", nlp=english))["Roscosmos"].label == "ORG"


def test_stop_words_and_german_genitives_do_not_join_names() -> None:
    german = "Zum Schutz der Bucht sprach Lena Hartwig. Hartwigs Entscheidung kam am Abend."
    found = _by_text(extract_mentions(german, "de"))
    assert not any(text.startswith(("Zum", "Hartwigs")) for text in found)
    assert found["Lena Hartwig"].label == "PERSON"
    portuguese = "O voo saiu de São Francisco para Al Marj. Quando Ana Ribeiro chegou, a reunião terminou."
    found_pt = _by_text(extract_mentions(portuguese, "pt"))
    assert "Quando Ana Ribeiro" not in found_pt and found_pt["Ana Ribeiro"].label == "PERSON"
    assert "São Francisco" in found_pt and "Al Marj" in found_pt  # name openers are not trimmed as stop words
