"""News reasoning of the temporal tagger on small fictional sentences: verb-group tense, reporting verbs,
prospective words, expressions anchored on the last date mentioned, earnings periods, and the smaller
families of issue 6 (fractions, "-long" compounds, clock phrases, coordinated days, year-end)."""

from __future__ import annotations

import datetime as dt

import pytest

from storytrace.pipeline.time import tag_timexes

MONDAY = dt.date(2023, 5, 15)
OCTOBER = dt.date(1989, 10, 26)  # a Thursday late in a year, as in quarterly earnings news


def found(text: str, dct: dt.date = MONDAY) -> dict[str, tuple[str, str, str | None]]:
    """{timex text: (type, value, mod)}, checking that offsets index the text exactly."""
    timexes = tag_timexes(text, dct)
    assert all(text[t.start:t.end] == t.text for t in timexes)
    return {t.text: (t.type, t.value, t.mod) for t in timexes}


def value(text: str, dct: dt.date = MONDAY) -> str:
    """The value of the only timex of ``text``."""
    timexes = tag_timexes(text, dct)
    assert len(timexes) == 1, timexes
    return timexes[0].value


@pytest.mark.parametrize(("text", "dct", "expected"), [
    # a participle after a modal or a present auxiliary is no past tense
    ("The dividend would be paid on a date in January.", OCTOBER, "1990-01"),
    ("The shares are to resume trading in Paris Tuesday.", MONDAY, "2023-05-16"),
    # planning verbs look ahead, also behind a past auxiliary
    ("The prosecutor has scheduled a news conference Thursday.", MONDAY, "2023-05-18"),
    ("Farmers were planning to block the bridge on Friday.", MONDAY, "2023-05-19"),
    # a capitalised -ed word inside a sentence is a name, not a past tense
    ("Talks will open in the United States on Friday.", MONDAY, "2023-05-19"),
    # a past perfect places even a deadline in the past
    ("Thirty members had filed their reports by Wednesday, and all were complying.", MONDAY, "2023-05-10"),
    ("Until Thursday, the police had not named a suspect.", dt.date(2023, 5, 19), "2023-05-18"),
    # ... but what was asked for still lay ahead
    ("The union had demanded a signed offer by June 2, its leader said.", MONDAY, "2023-06-02"),
])
def test_verb_groups(text: str, dct: dt.date, expected: str) -> None:
    assert value(text, dct) == expected


def test_reporting_verbs_date_the_report_only_next_to_their_date() -> None:
    assert value("The minister will fly out at 4 a.m. Thursday, a spokesman said.") == "2023-05-18T04:00"
    assert value("The company announced Friday that it will open two plants.") == "2023-05-12"
    assert value("The company announced on Friday that it will open two plants.") == "2023-05-12"


def test_prospective_and_retrospective_words() -> None:
    assert value("The bank extended the loans through January.", OCTOBER) == "1990-01"
    assert value("The new board takes over, effective Feb. 1.", OCTOBER) == "1990-02-01"
    assert value("Talks could resume as soon as Tuesday.") == "2023-05-16"
    assert value("Police have been searching for him since Oct. 23.", dt.date(1999, 5, 6)) == "1998-10-23"
    assert value("He was shot to death last Oct. 23 at his home.", dt.date(1999, 4, 19)) == "1998-10-23"


def test_anaphoric_expressions_follow_the_last_date_mentioned() -> None:
    assert found("On May 22, 1995, she was promoted, and the following year she moved.")["the following year"][1] \
        == "1996"
    assert found("He fled in June 1998 and returned later that year.")["later that year"][1] == "1998"
    assert found("The mill burned last October. The owner fled that same day.", dt.date(1999, 2, 6))[
        "that same day"][1] == "1998-10-XX"  # a day of a month: which day is not said
    assert found("The index rose on Friday, 4% above the previous Friday.")["the previous Friday"][1] == "2023-05-05"
    assert found("He fell ill on Feb. 22 and was in court the next morning.", dt.date(2000, 2, 24))[
        "the next morning"] == ("TIME", "2000-02-23TMO", None)
    assert found("Sales fell in January from the same month a year ago.", dt.date(2009, 2, 3))[
        "the same month a year ago"][1] == "2008-01"
    assert found("The index fell on Monday to end the day at 7,114.", dt.date(2009, 2, 24))["the day"][1] \
        == "2009-02-23"
    # "earlier" counts from the last date mentioned, "ago" from the publication date
    assert found("The plant opened in 1995; two years earlier it was a field.")["two years earlier"][1] == "1993"
    assert found("The plant opened in 1995; two years ago it closed.")["two years ago"][1] == "2021"


def test_earnings_reference_period() -> None:
    text = ("Acme's third-quarter net rose to $5 million from $4 million a year earlier. It will take a fourth-quarter "
            "charge. The latest period included a gain; the 1988 period did not. Sales for last year's quarter were "
            "$3 million, and in the year-ago quarter $2 million. The quarter ended Sept. 30 was its best.")
    values = found(text, OCTOBER)
    assert values["a year earlier"][1] == "1988-Q3"
    assert values["The latest period"][1] == "1989-Q3"  # not the fourth quarter, still ahead
    assert values["the 1988 period"][1] == values["last year's quarter"][1] == "1988-Q3"
    assert values["the year-ago quarter"][1] == "1988-Q3"
    assert values["The quarter"] == ("DATE", "1989-Q3", None)
    assert "the period" not in found("He wrote about the period in his memoirs.")  # no period to refer to


def test_durations_with_fractions_and_compounds() -> None:
    values = found("They lived in camps for 2 1/2 years, waited a minute and a half and rested 1 1/2 days.")
    assert values["2 1/2 years"][1] == "P2Y6M"
    assert values["a minute and a half"][1] == "PT1M30S"
    assert values["1 1/2 days"][1] == "P1DT12H"
    assert found("The decades-long feud ended.")["decades-long"] == ("DURATION", "PXY", None)
    assert found("It was their third day-long meeting.")["day-long"][1] == "P1D"


def test_clock_phrases_days_and_holidays() -> None:
    values = found("The ferry will leave at 4 in the morning and return at 8 in the evening.")
    assert values["4 in the morning"][1] == "2023-05-15T04:00"
    assert values["8 in the evening"][1] == "2023-05-15T20:00"
    assert value("A hearing is set for the week of March 6.", dt.date(2000, 2, 24)) == "2000-W10"
    days = found("The summit will be held on April 24 and 25.", dt.date(1999, 2, 10))
    assert days["April 24"][1] == "1999-04-24" and days["25"][1] == "1999-04-25"
    assert value("The campaign goes on until Election Day.", dt.date(1998, 10, 26)) == "1998-11-03"
    assert found("The deal should close by year-end.", OCTOBER)["year-end"] == ("DATE", "1989", "END")
    assert found("Prices are up 5% since year-end.", OCTOBER)["year-end"][1] == "1988"


def test_names_and_titles_are_not_time_expressions() -> None:
    assert found("He appeared on ''60 Minutes'' and then watched High Noon.") == {}
    assert found("This may have a large impact; he was arrested at this march.") == {}
    assert found("The firm said that Sun's profit rose.") == {}
