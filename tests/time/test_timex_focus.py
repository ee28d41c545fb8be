"""Rule families of issue 6: the period in focus, clock times on the day in focus, participial adjectives,
spelled years after a month or season, and the reference words added to the lexicon. Fictional sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from storytrace.pipeline.time import tag_timexes

DCT = dt.date(1989, 10, 26)  # a Thursday in the fourth quarter


def _values(text: str, dct: dt.date = DCT) -> dict[str, str]:
    return {t.text: t.value for t in tag_timexes(text, dct, "en")}


# --- the period in focus: "a year earlier" after a quarter is that quarter a year back ----------------------

def test_year_earlier_refers_to_the_quarter_in_focus_across_sentences() -> None:
    text = ("Zorblat Corp. posted third-quarter net of $5 million. The toy maker said revenue rose to $80 million. "
            "In the year-earlier period, it earned $4 million. Revenue was $70 million a year earlier.")
    values = _values(text)
    assert values["the year-earlier period"] == "1988-Q3"
    assert values["a year earlier"] == "1988-Q3"


def test_a_duration_ends_the_focus_on_the_quarter() -> None:
    text = ("Zorblat Corp. posted third-quarter net of $5 million. The toy maker said sales of kites rose. "
            "For the nine months, it earned $12 million, compared with $9 million a year earlier.")
    assert _values(text)["a year earlier"] == "1988"


def test_year_ago_quarter_named_outright() -> None:
    values = _values("Zorblat earned $3 million in the year-ago third quarter.")
    assert values["the year-ago third quarter"] == "1988-Q3"


# --- clock times and modified parts of the day belong to the day in focus -------------------------------------

def test_clock_time_on_the_day_last_mentioned() -> None:
    text = "The ferry Mirabel sank on Oct. 12. It left the harbour at 10 p.m. with 40 passengers."
    assert _values(text)["10 p.m."] == "1989-10-12T22:00"


def test_clock_time_on_the_dct_without_a_day_in_focus() -> None:
    text = "The ferry Mirabel sank in 1987. The harbour office closes at 10 p.m. on weekdays."
    assert _values(text)["10 p.m."] == "1989-10-26T22:00"


def test_clock_time_with_its_own_day_keeps_it() -> None:
    text = "The ferry Mirabel sank on Oct. 12. The inquiry opens at 9 a.m. Monday."
    assert _values(text)["9 a.m. Monday"] == "1989-10-23T09:00"


def test_modified_part_of_day_is_a_time() -> None:
    timex = next(t for t in tag_timexes("By mid afternoon, the crowd in Velden had left.", DCT, "en"))
    assert (timex.text, timex.type, timex.value, timex.mod) == ("mid afternoon", "TIME", "1989-10-26TAF", "MID")


# --- a form in -ed after a determiner is an adjective, no past-tense cue --------------------------------------

def test_participial_adjective_is_no_tense_cue() -> None:
    text = "The dividend would be paid on a still unspecified date in January."
    assert _values(text)["January"] == "1990-01"


def test_past_verb_is_still_a_tense_cue() -> None:
    assert _values("The dividend was paid in January.")["January"] == "1989-01"


# --- spelled years after a month or a season (transcribed speech) ---------------------------------------------

@pytest.mark.parametrize(("text", "span", "value"), [
    ("Prices last touched that level in the winter of nineteen ninety-four.",
     "the winter of nineteen ninety-four", "1994-WI"),
    ("January nineteen ninety-seven. A second blast hit the square.", "January nineteen ninety-seven", "1997-01"),
])
def test_spelled_year_after_month_or_season(text: str, span: str, value: str) -> None:
    assert _values(text)[span] == value


# --- reference words ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "span", "value"), [
    ("The board blamed current market conditions.", "current", "PRESENT_REF"),
    ("Holders may buy shares at half the then current price.", "then current", "PAST_REF"),
    ("We do not expect a recovery in the near term.", "the near term", "FUTURE_REF"),
    ("The loss carry-forwards will cut taxes in future quarters.", "future quarters", "FUTURE_REF"),
    ("It doesn't bode well for coming quarters.", "coming quarters", "FUTURE_REF"),
    ("The offering will be priced at a later date.", "a later date", "FUTURE_REF"),
    ("There were sell programs in past years, too.", "past years", "PAST_REF"),
])
def test_reference_words(text: str, span: str, value: str) -> None:
    assert _values(text)[span] == value


def test_current_in_a_fixed_term_is_no_time() -> None:
    assert _values("Velonia's current account deficit widened.") == {}
