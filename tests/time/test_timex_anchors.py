"""Calendar arithmetic on TIMEX3 values (storytrace.pipeline.time.anchors)."""

from __future__ import annotations

import datetime as dt

import pytest

from storytrace.pipeline.time.anchors import calendar_point, from_anchor, is_calendar, moved


def test_calendar_points() -> None:
    assert calendar_point("1998") == ("Y", dt.date(1998, 1, 1))
    assert calendar_point("1989-Q3") == ("Q", dt.date(1989, 7, 1))
    assert calendar_point("1998-10") == ("M", dt.date(1998, 10, 1))
    assert calendar_point("1998-W43") == ("W", dt.date(1998, 10, 19))
    assert calendar_point("1998-10-23T10:35") == ("D", dt.date(1998, 10, 23))
    assert not any(is_calendar(v) for v in ("PRESENT_REF", "P3Y", "XXXX-WXX-1", "199", "1998-02-30"))


def test_moved_keeps_the_day_of_the_month_when_it_can() -> None:
    assert moved(dt.date(2000, 2, 29), "Y", -1) == dt.date(1999, 2, 28)
    assert moved(dt.date(1989, 8, 31), "Q", 1) == dt.date(1989, 11, 30)
    assert moved(dt.date(1998, 10, 23), "W", -2) == dt.date(1998, 10, 9)


@pytest.mark.parametrize(("value", "unit", "amount", "keep", "expected"), [
    ("1995-05-22", "Y", 1, False, "1996"),          # "the following year"
    ("1989-Q3", "Y", -1, True, "1988-Q3"),          # "a year earlier" than the quarter reported
    ("1988-08-12", "Y", -1, True, "1987-08-12"),
    ("1998-10", "D", 0, False, "1998-10-XX"),       # "that same day" after "last October"
    ("1998", "M", 1, False, "1998-XX"),
    ("1998-06", "W", 0, False, "1998-WXX"),
    ("2000-02-22", "D", 1, False, "2000-02-23"),    # "the next day"
    ("1998-12-30", "W", 1, False, "1999-W01"),
    ("PRESENT_REF", "Y", 1, False, None),
])
def test_from_anchor(value: str, unit: str, amount: int, keep: bool, expected: str | None) -> None:
    assert from_anchor(value, unit, amount, keep) == expected
