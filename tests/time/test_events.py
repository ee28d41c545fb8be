"""Dated events and timeline merging, on fictional sentences (and the seed article, read at test time)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from storytrace.pipeline.time.events import (
    Event,
    TimelineEntry,
    date_interval,
    describe_date,
    extract_events,
    granularity_of,
    merge_events,
)

DCT = dt.date(2023, 5, 15)  # a Monday


def only(events: list[Event]) -> Event:
    assert len(events) == 1, events
    return events[0]


def test_late_january_offer() -> None:
    event = only(extract_events("In late January, the minister offered the union a pay rise.", DCT))
    assert (event.date_value, event.mod, event.granularity) == ("2023-01", "END", "month")
    assert event.predicate == "offer"
    assert event.date_text == "late January"
    assert event.description == "the minister offered the union a pay rise"
    assert (event.start, event.end) == (0, len(event.sentence))


def test_participants_are_named_entities_of_the_clause() -> None:
    text = "In late January, Anna Berg offered the Grovania dock workers a pay rise."
    event = only(extract_events(text, DCT))
    assert event.predicate == "offer"
    assert "Anna Berg" in event.participants


def test_light_verb_takes_its_object_noun() -> None:
    event = only(extract_events("On Sunday, Mayor Tomas Rell made the strikers a new offer.", DCT))
    assert event.predicate == "offer"
    assert event.date_value == "2023-05-14"


def test_reporting_verb_dates_the_report_not_the_event() -> None:
    event = only(extract_events("Officials said on Tuesday that the dam collapsed on Sunday.", DCT))
    assert event.predicate == "collapse"
    assert event.date_value == "2023-05-14"
    assert event.date_text == "Sunday"


@pytest.mark.parametrize(
    ("text", "predicate", "description"),
    [
        ("Ana Ruiz is returning to Vardex as its chief executive, the company said Wednesday, ending a long week.",
         "return", "Ana Ruiz is returning"),
        ("The Kestrel-4 probe spun out of control and crashed into the sea, the space agency Orbitra said on Sunday.",
         "spin", "The Kestrel-4 probe spun"),
    ],
)
def test_an_inverted_report_dates_its_content(text: str, predicate: str, description: str) -> None:
    event = only(extract_events(text, DCT))
    assert (event.predicate, event.description) == (predicate, description)


def test_a_date_inside_according_to_dates_the_clause_it_frames() -> None:
    text = "According to the ministry's estimate on Saturday, there were at least 82 deaths in Velmar."
    event = only(extract_events(text, DCT))
    assert event.predicate == "be" and event.date_value == "2023-05-13" and "82 deaths" in event.description


def test_reported_clause_without_its_own_date_takes_the_report_date() -> None:
    event = only(extract_events("The carmaker said on Monday it would cut 500 jobs.", DCT))
    assert event.predicate == "cut"
    assert event.date_value == "2023-05-15"


def test_durations_and_vague_references_anchor_nothing() -> None:
    text = "Over the past few months, the talks stalled. Recently the union walked out. It meets every week."
    assert extract_events(text, DCT) == []


def test_timex_modifying_a_noun_dates_the_thing_not_an_event() -> None:
    assert extract_events("Crowds gathered near the 12th century mosque.", DCT) == []
    # the parse hangs the name on the timex ("century" <- appos "Mosque"): still a thing, not an event
    assert extract_events("People were screaming near the 12th century Koutoubia Mosque in Velmar.", DCT) == []
    attack = only(extract_events("Inspectors visited the site of the March 2022 attack.", DCT))
    assert (attack.predicate, attack.date_value) == ("attack", "2022-03")
    event = only(extract_events("The mosque, built in the 12th century, was damaged.", DCT))
    assert (event.predicate, event.date_value, event.granularity) == ("build", "11", "century")


def test_a_deadline_counts_forward_and_leaves_no_dangling_preposition() -> None:
    march = dt.date(2025, 3, 5)  # said in the past tense, but a deadline lies ahead: May 2025, not May 2024
    event = only(extract_events("Vellner set a deadline of May 9 for a signed agreement.", march))
    assert (event.date_value, event.description) == ("2025-05-09", "Vellner set a deadline")


def test_a_parser_free_description_drops_the_preposition_of_a_date_range() -> None:
    french = "Dans la nuit de samedi à dimanche, les autorités ont ouvert le déversoir du barrage."
    assert only(extract_events(french, DCT, "fr")).description.startswith("Dans la nuit les autorités ont ouvert")


def test_a_measure_of_an_adjective_stays_in_the_description() -> None:
    text = "An aid package worth 25 million euros is expected to be approved on Tuesday."
    assert only(extract_events(text, DCT)).description.startswith("An aid package worth 25 million euros is")


def test_a_possessive_timex_leaves_the_description_with_its_ending() -> None:
    event = only(extract_events("Sunday's quake was felt as far away as Velmar.", DCT))
    assert (event.description, event.date_value) == ("quake was felt", "2023-05-14")


def test_a_dateline_is_not_the_subject_of_the_event() -> None:
    text = "VELMAR, Vardania (AP) — A rare, powerful earthquake struck the coast late Sunday night."
    assert only(extract_events(text, DCT)).description.startswith("A rare powerful earthquake struck")


def test_offsets_point_into_the_text() -> None:
    text = "Nothing happened here.\n\nOn 3 March 2022, Orvel Airlines ordered twelve jets."
    event = only(extract_events(text, DCT))
    assert text[event.start:event.end] == event.sentence
    assert event.date_value == "2022-03-03"
    assert event.predicate == "order"


def test_other_languages_use_word_lists_and_capitalised_names() -> None:
    text = "Am Sonntag erschütterte ein Erdbeben den Norden von Freedonien."
    german = only(extract_events(text, DCT, "de"))
    assert (german.predicate, german.date_value) == ("strike", "2023-05-14")
    assert german.participants == ("Freedonien",)
    assert not german.description.startswith("Am")
    french = only(extract_events("Le 14 mai, un séisme a frappé le nord de la Freedonie.", DCT, "fr"))
    assert (french.predicate, french.date_value) == ("strike", "2023-05-14")
    assert "Freedonie" in french.participants


def test_a_dateline_is_no_part_of_a_listed_event() -> None:
    text = "OSTREL — El ministro mantuvo el domingo conversaciones secretas con Vellner."
    event = only(extract_events(text, DCT, "es"))
    assert not event.description.startswith("OSTREL") and "OSTREL" not in event.participants


def test_unsupported_language_yields_nothing() -> None:
    assert extract_events("Il 14 maggio un terremoto ha colpito la Freedonia.", DCT, "it") == []


def test_the_date_of_an_embedded_posts_signature_is_no_event() -> None:
    text = "Der Hafen öffnet im Juni wieder, teilte das Amt am Montag mit.\n\n- Velmar Port (@velmarport) May 12, 2023"
    assert [e.description for e in extract_events(text, DCT, "de")] == ["Der Hafen öffnet wieder, teilte das Amt mit"]


def test_event_to_dict_is_json() -> None:
    event = only(extract_events("In late January, the minister offered the union a pay rise.", DCT))
    data = json.loads(json.dumps(event.to_dict()))
    assert data["date_label"] == "late January 2023"
    assert data["predicate"] == "offer"


QUAKE_REPORTS = {
    "wire": "A magnitude 6.1 earthquake struck northern Freedonia on Sunday, killing at least 12 people.",
    "daily": "The quake hit Freedonia on Sunday morning, the national seismic office said.",
    "blog": "On Sunday a strong earthquake struck Freedonia's northern provinces.",
}


def quake_events() -> list[tuple[str, Event]]:
    return [(article, event) for article, text in QUAKE_REPORTS.items() for event in extract_events(text, DCT)
            if event.predicate in ("strike", "hit")]


def test_three_reports_of_one_quake_make_one_entry() -> None:
    pairs = quake_events()
    assert len(pairs) == 3
    entries = merge_events(pairs)
    assert len(entries) == 1
    entry = entries[0]
    assert sorted(entry.article_ids) == ["blog", "daily", "wire"]
    assert entry.independent_sources == 3
    assert entry.date_value == "2023-05-14"
    assert "Freedonia" in entry.participants
    json.dumps(entry.to_dict())


def test_independent_sources_come_from_the_caller() -> None:
    entry = only_entry(merge_events(quake_events(), independent=lambda ids: 1 if "wire" in ids else len(ids)))
    assert entry.independent_sources == 1


def test_one_quake_reported_in_four_languages_is_one_entry_described_in_english() -> None:
    reports = {
        "fr": ("fr", "Dimanche, un puissant séisme a frappé le Maroc."),
        "de": ("de", "Am Sonntag erschütterte ein starkes Erdbeben Marokko."),
        "es": ("es", "El domingo, un fuerte terremoto sacudió Marruecos."),
        "en": ("en", "A strong earthquake struck Morocco on Sunday."),
    }
    pairs = [(article, event) for article, (language, text) in reports.items()
             for event in extract_events(text, DCT, language)]
    entry = only_entry(merge_events(pairs, preferred=lambda article: article == "en"))
    assert sorted(entry.article_ids) == ["de", "en", "es", "fr"]
    assert entry.description.startswith("A strong earthquake struck Morocco") and entry.date_text == "Sunday"
    assert entry.participants == ("Morocco",)  # the exonyms are one participant


def test_transliterated_participants_merge_and_other_names_do_not() -> None:
    def event(name: str) -> Event:
        return Event(0, 10, "x", "offer", "offered", "2023-01-25", "25 January", None, "day", (name,))

    entries = merge_events([("a", event("Prigozhin")), ("b", event("Prigojin")), ("c", event("Shoigu"))])
    assert sorted(e.article_ids for e in entries) == [["a", "b"], ["c"]]


def test_entries_are_found_by_any_spelling_of_a_name_and_before_they_have_one() -> None:
    """Open entries are looked up by predicate and name word (`_OpenEntries`): a typo in a name's first
    letter, a name first met in a later member and a synonym predicate must still find their entry."""

    def event(predicate: str, *names: str) -> Event:
        return Event(0, 10, "x", predicate, "offered", "2023-01-25", "25 January", None, "day", names)

    pairs = [
        ("a", event("offer")),  # no names yet: found by predicate alone
        ("b", event("offer", "Kowalczyk")),
        ("c", event("propose", "Bowalczyk")),  # a synonym, and a one-letter typo at the start
        ("d", event("offer", "Nowak")),  # another name: another entry
    ]
    entries = merge_events(pairs)
    assert sorted(e.article_ids for e in entries) == [["a", "b", "c"], ["d"]]


def only_entry(entries: list[TimelineEntry]) -> TimelineEntry:
    assert len(entries) == 1, entries
    return entries[0]


def test_distinct_events_stay_apart_and_sort_by_date() -> None:
    texts = {
        "a": "On Sunday, an earthquake struck Freedonia.",
        "b": "A second earthquake struck Freedonia on 2 May.",
        "c": "On Sunday, rebels attacked Sylvania.",
    }
    pairs = [(article, event) for article, text in texts.items() for event in extract_events(text, DCT)]
    entries = merge_events(pairs)
    assert [e.date_value for e in entries] == ["2023-05-02", "2023-05-14", "2023-05-14"]
    assert all(len(e.article_ids) == 1 for e in entries)


def test_overlapping_granularities_merge_and_thirds_do_not() -> None:
    def event(value: str, mod: str | None) -> Event:
        return Event(0, 10, "x", "offer", "Prigozhin offered", value, value, mod, granularity_of(value),
                     ("Yevgeniy Prigozhin",))

    late = ("p", event("2023-01", "END"))
    day = ("q", Event(0, 10, "x", "propose", "Prigozhin proposed", "2023-01-25", "25 January", None, "day",
                      ("Prigozhin",)))
    early = ("r", event("2023-01", "START"))
    entries = merge_events([late, day, early])
    expected = [("2023-01", ["r"]), ("2023-01-25", ["p", "q"])]
    assert [(e.date_value, e.article_ids) for e in entries] == expected
    # Input order does not matter, and ids are stable.
    again = merge_events([early, day, late])
    assert [e.event_id for e in again] == [e.event_id for e in entries]


def test_events_without_participants_merge_only_on_the_same_value() -> None:
    a = ("a", Event(0, 5, "x", "vote", "The vote", "2023-05-14", "Sunday", None, "day", ()))
    b = ("b", Event(0, 5, "x", "vote", "The vote", "2023-05-14", "14 May", None, "day", ()))
    c = ("c", Event(0, 5, "x", "vote", "The vote", "2023-05", "May", None, "month", ()))
    entries = merge_events([a, b, c])
    assert sorted(len(e.article_ids) for e in entries) == [1, 2]


@pytest.mark.parametrize(
    ("value", "mod", "label", "granularity"),
    [
        ("2023-01", "END", "late January 2023", "month"),
        ("2023-05-14", None, "14 May 2023", "day"),
        ("2023-05-14TMO", None, "14 May 2023 (morning)", "time"),
        ("2023-05-15T15:00", None, "15 May 2023, 15:00", "time"),
        ("2023-W20", None, "the week of 15 May 2023", "week"),
        ("2021-SU", None, "summer 2021", "season"),
        ("2022-Q1", None, "the first quarter of 2022", "quarter"),
        ("2022-H2", None, "the second half of 2022", "quarter"),
        ("2022", "START", "early 2022", "year"),
        ("199", "END", "the late 1990s", "decade"),
        ("19", None, "the 20th century", "century"),
        ("2023-03", "MID", "mid-March 2023", "month"),
        ("PAST_REF", None, "PAST_REF", ""),
        ("XXXX-WXX-7", None, "XXXX-WXX-7", ""),
        ("P2W", None, "P2W", ""),
    ],
)
def test_describe_date_and_granularity(value: str, mod: str | None, label: str, granularity: str) -> None:
    assert describe_date(value, mod) == label
    assert granularity_of(value) == granularity


def test_date_intervals() -> None:
    assert date_interval("2023-01", "END") == (dt.date(2023, 1, 21), dt.date(2023, 1, 31))
    assert date_interval("2023-01", "START") == (dt.date(2023, 1, 1), dt.date(2023, 1, 10))
    assert date_interval("2022-WI") == (dt.date(2022, 12, 1), dt.date(2023, 2, 28))
    assert date_interval("2023-W20-WE") == (dt.date(2023, 5, 20), dt.date(2023, 5, 21))
    assert date_interval("2023-13") is None


@pytest.mark.shared
def test_seed_article_has_late_january_offer_by_prigozhin(shared_dir: Path) -> None:
    paths = sorted((shared_dir / "seeds").glob("000_*.txt"))
    if not paths:
        pytest.skip("seed article 000 is absent")
    raw = paths[0].read_text(encoding="utf-8")
    header = re.match(r"\s*date (\d{4}-\d{2}-\d{2})\s+", raw)
    assert header
    text = raw[header.end():]
    events = extract_events(text, dt.date.fromisoformat(header.group(1)))
    offers = [e for e in events if e.predicate == "offer" and (e.date_value, e.mod) == ("2023-01", "END")]
    assert offers, [e.to_dict() for e in events]
    assert any("Prigozhin" in name for name in offers[0].participants)
    assert all(text[e.start:e.end] == e.sentence for e in events)
    # No event is dated by a duration or a vague reference ("the past few months", "recently").
    assert {e.date_value for e in events} <= {"2023-01", "2023-05", "2023-05-09", "2023-05-14"}
