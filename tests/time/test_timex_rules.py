"""Rule families of the temporal tagger, on small fictional sentences (DCT Monday 2023-05-15)."""

from __future__ import annotations

import datetime as dt

import pytest

from storytrace.pipeline.time import Timex, tag_timexes

DCT = dt.date(2023, 5, 15)  # a Monday


def values(text: str, dct: dt.date | None = DCT, language: str = "en") -> dict[str, tuple[str, str, str | None]]:
    """{timex text: (type, value, mod)}, checking that offsets index the text exactly."""
    found = tag_timexes(text, dct, language)
    for timex in found:
        assert text[timex.start:timex.end] == timex.text
    return {t.text: (t.type, t.value, t.mod) for t in found}


def value_of(text: str, dct: dt.date | None = DCT, language: str = "en") -> str:
    """The value of the only timex of ``text``."""
    found = tag_timexes(text, dct, language)
    assert len(found) == 1, found
    return found[0].value


def test_timex_record() -> None:
    timex = tag_timexes("The mayor resigned late January.", DCT)[0]
    assert isinstance(timex, Timex)
    assert timex.to_dict() == {"start": 19, "end": 31, "text": "late January", "type": "DATE",
                               "value": "2023-01", "mod": "END"}


@pytest.mark.parametrize("text", [
    "The treaty was signed May 15, 2023.", "The treaty was signed 15 May 2023.",
    "The treaty was signed 2023-05-15.", "The treaty was signed 05/15/2023.",
    "The treaty was signed on Monday, May 15, 2023.", "The treaty was signed on the 15th of May 2023.",
])
def test_absolute_dates(text: str) -> None:
    assert value_of(text) == "2023-05-15"
    assert value_of(text, dct=None) == "2023-05-15"


def test_absolute_months_years_decades() -> None:
    found = values("Sales doubled between March 2019 and the 1990s levels seen in 1994, in fiscal 2021 "
                   "and in the 20th century.")
    assert found["March 2019"][1] == "2019-03"
    assert found["the 1990s"][1] == "199"
    assert found["1994"][1] == "1994"
    assert found["fiscal 2021"][1] == "2021"
    assert found["the 20th century"][1] == "19"


def test_counts_are_not_years() -> None:
    assert values("The factory employs 2000 workers and lost 1900 jobs, or 2015 percent.") == {}


def test_relative_days() -> None:
    found = values("The minister left yesterday, speaks today and returns tomorrow; two days ago he was ill.")
    assert found["yesterday"][1] == "2023-05-14"
    assert found["today"][1] == "2023-05-15"
    assert found["tomorrow"][1] == "2023-05-16"
    assert found["two days ago"][1] == "2023-05-13"


def test_weekdays_follow_tense() -> None:
    assert value_of("The council voted on Sunday.") == "2023-05-14"
    assert value_of("The council will vote on Sunday.") == "2023-05-21"
    assert value_of("The council is going to vote on Friday.") == "2023-05-19"
    assert value_of("The council met on Friday.") == "2023-05-12"
    assert value_of("The council votes next Sunday.") == "2023-05-21"
    assert value_of("The council voted last Monday.") == "2023-05-08"
    assert value_of("The council votes on Monday.") == "2023-05-15"  # the DCT's own weekday


def test_months_with_mods_and_years_by_context() -> None:
    assert values("In late January, the fighting intensified.")["late January"] == ("DATE", "2023-01", "END")
    assert values("In early March the river rose.")["early March"][2] == "START"
    assert values("By mid-April the river rose.")["mid-April"][2] == "MID"
    assert values("Rents rose by the end of 2022.")["the end of 2022"] == ("DATE", "2022", "END")
    assert value_of("The treaty was signed August 24th.") == "2022-08-24"
    assert value_of("The treaty will be signed August 24th.") == "2023-08-24"
    assert value_of("The mayor vowed to finish by May 9.") == "2023-05-09"
    assert value_of("The strike had lasted until December.") == "2022-12"  # a past perfect reaches back
    assert value_of("The strike will last until December.") == "2023-12"
    assert value_of("Prices fell last June.") == "2022-06"
    assert value_of("The election is in May.") == "2023-05"


def test_month_names_that_are_words() -> None:
    assert values("He may resign if the march goes ahead.") == {}


def test_weeks_months_years_quarters_seasons() -> None:
    found = values("Last week the board met; this month it reported; next year it expands. Earnings in "
                   "the third quarter beat those of last summer and this weekend's fair.")
    assert found["Last week"][1] == "2023-W19"
    assert found["this month"][1] == "2023-05"
    assert found["next year"][1] == "2024"
    assert found["the third quarter"][1] == "2023-Q3"
    assert found["last summer"][1] == "2022-SU"
    assert value_of("Profits rose in the first half of 2022.") == "2022-H1"
    assert value_of("Profits rose in Q4 2022.") == "2022-Q4"


def test_times_of_day() -> None:
    assert values("The quake struck at 4:17am.")["4:17am"] == ("TIME", "2023-05-15T04:17", None)
    assert values("The vote closes at 5 p.m. EST, May 17.")["5 p.m. EST, May 17"][1] == "2023-05-17T17:00"
    assert values("Police arrived yesterday morning.")["yesterday morning"] == ("TIME", "2023-05-14TMO", None)
    assert values("It rained last night.")["last night"][1] == "2023-05-14TNI"


def test_durations() -> None:
    found = values("The talks went on for two weeks, after the past three years of war and 24 hours of "
                   "silence; about six months later, a five-year plan.")
    assert found["two weeks"] == ("DURATION", "P2W", None)
    assert found["the past three years"][1] == "P3Y"
    assert found["24 hours"][1] == "PT24H"
    assert found["about six months"] == ("DURATION", "P6M", "APPROX")
    assert found["five-year"][1] == "P5Y"
    assert values("The siege lasted for years.")["years"][1] == "PXY"


def test_ages_are_not_durations() -> None:
    assert values("A 45-year-old man was arrested.") == {}


def test_sets() -> None:
    found = values("The market opens every Monday, the paper appears weekly and the bus runs twice a day.")
    assert found["every Monday"] == ("SET", "XXXX-WXX-1", None)
    assert found["weekly"] == ("SET", "P1W", None)
    assert found["twice a day"] == ("SET", "P1D", None)
    assert values("Fees are paid each year.")["each year"][1] == "P1Y"


def test_reference_words() -> None:
    found = values("Now the mayor is currently away; he recently said that in the past it was calm.")
    assert found["Now"][1] == found["currently"][1] == "PRESENT_REF"
    assert found["recently"][1] == found["the past"][1] == "PAST_REF"


def test_without_dct_relative_expressions_stay_underspecified() -> None:
    text = ("On Sunday the board met; this month it reported, last week it hired, two days ago it fired, "
            "yesterday it paused, in late January it grew, on June 24th it merged, and on May 15, 2023 it sold.")
    found = values(text, dct=None)
    assert found["Sunday"][1] == "XXXX-WXX-7"
    assert found["this month"][1] == "XXXX-XX"
    assert found["last week"][1] == "XXXX-WXX"
    assert found["two days ago"][1] == "XXXX-XX-XX"
    assert found["yesterday"][1] == "XXXX-XX-XX"
    assert found["late January"] == ("DATE", "XXXX-01", "END")
    assert found["June 24th"][1] == "XXXX-06-24"
    assert found["May 15, 2023"][1] == "2023-05-15"


def test_german() -> None:
    found = values("Gestern sprach der Minister, heute reist er, morgen kehrt er zurück. Letzte Woche gab es "
                   "Streit, am Sonntag wurde gewählt und Ende Januar begann der Winter. Am 3. März 2021 "
                   "fiel Schnee; vor zwei Tagen kam er für zwei Wochen; jeden Montag tagt der Rat.", language="de")
    assert found["Gestern"][1] == "2023-05-14"
    assert found["heute"][1] == "2023-05-15"
    assert found["morgen"][1] == "2023-05-16"
    assert found["Letzte Woche"][1] == "2023-W19"
    assert found["Sonntag"][1] == "2023-05-14"
    assert found["Ende Januar"] == ("DATE", "2023-01", "END")
    assert found["3. März 2021"][1] == "2021-03-03"
    assert found["vor zwei Tagen"][1] == "2023-05-13"
    assert found["zwei Wochen"][1] == "P2W"
    assert found["jeden Montag"][1] == "XXXX-WXX-1"
    assert value_of("Nächste Woche wird er reisen.", language="de") == "2023-W21"
    assert value_of("Am Sonntag", dct=None, language="de") == "XXXX-WXX-7"


def test_french() -> None:
    found = values("Hier le ministre a parlé, aujourd'hui il voyage et demain il rentre. La semaine dernière "
                   "il a voté, dimanche il a parlé et fin janvier il est parti. Le 3 mars 2021 il a neigé; "
                   "il y a deux jours il est venu pour deux semaines; chaque lundi le conseil siège.",
                   language="fr")
    assert found["Hier"][1] == "2023-05-14"
    assert found["aujourd'hui"][1] == "2023-05-15"
    assert found["demain"][1] == "2023-05-16"
    assert found["La semaine dernière"][1] == "2023-W19"
    assert found["dimanche"][1] == "2023-05-14"
    assert found["fin janvier"] == ("DATE", "2023-01", "END")
    assert found["Le 3 mars 2021"][1] == "2021-03-03"
    assert found["il y a deux jours"][1] == "2023-05-13"
    assert found["deux semaines"][1] == "P2W"
    assert found["chaque lundi"][1] == "XXXX-WXX-1"
    assert value_of("La semaine prochaine il partira.", language="fr") == "2023-W21"


def test_spanish() -> None:
    found = values("Ayer habló el ministro, hoy viaja y mañana vuelve. La semana pasada votó, el domingo "
                   "habló y a finales de enero se fue. El 3 de marzo de 2021 nevó; hace dos días vino "
                   "durante dos semanas; cada lunes se reúne el consejo.", language="es")
    assert found["Ayer"][1] == "2023-05-14"
    assert found["hoy"][1] == "2023-05-15"
    assert found["mañana"][1] == "2023-05-16"
    assert found["La semana pasada"][1] == "2023-W19"
    assert found["el domingo"][1] == "2023-05-14"
    assert found["finales de enero"] == ("DATE", "2023-01", "END")
    assert found["El 3 de marzo de 2021"][1] == "2021-03-03"
    assert found["hace dos días"][1] == "2023-05-13"
    assert found["dos semanas"][1] == "P2W"
    assert found["cada lunes"][1] == "XXXX-WXX-1"
    assert "mañana" not in values("Por la mañana llegó.", language="es")
    clocks = values("El sismo ocurrió a las 11:11 p.m. hora local; la réplica, a las 23:30 horas.", language="es")
    assert clocks["11:11 p.m."][1] == "2023-05-15T23:11" and clocks["23:30 horas"][1] == "2023-05-15T23:30"


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError):
        tag_timexes("demain", DCT, language="xx")


def test_holidays_spelled_years_and_utc() -> None:
    assert value_of("They met on Thanksgiving Day.", dct=dt.date(2000, 1, 7)) == "1999-11-25"
    assert value_of("The storm hit on Christmas Eve.") == "2022-12-24"
    assert value_of("It was built in nineteen ninety-six.") == "1996"
    assert value_of("The launch is at 18:00 UTC.") == "2023-05-15T18:00Z"
    assert value_of("Profit fell in the first quarter of last year.") == "2022-Q1"
    assert value_of("Sales rose in January this year.") == "2023-01"


def test_year_earlier_in_quarterly_results() -> None:
    found = values("Third-quarter profit rose to $5 million from $4 million a year earlier.",
                   dct=dt.date(1989, 10, 26))
    assert found["Third-quarter"][1] == "1989-Q3"
    assert found["a year earlier"][1] == "1988-Q3"
    assert value_of("The plant opened a year earlier.", dct=dt.date(1989, 10, 26)) == "1988"


def test_fiscal_period_ended_is_a_duration() -> None:
    found = values("Revenue was $76 million for the year ended Sept. 30.", dct=dt.date(1989, 10, 26))
    assert found["the year"] == ("DURATION", "P1Y", None)
    assert found["Sept. 30"][1] == "1989-09-30"
