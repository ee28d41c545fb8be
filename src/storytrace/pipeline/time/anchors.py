"""Calendar arithmetic on TIMEX3 values, for expressions anchored on a date the text mentioned before.

TimeML distinguishes deictic expressions, anchored on the document creation time ("yesterday", "last week",
"two days ago"), from anaphoric ones, anchored on the last time the text mentioned ("that day", "the following
year", "a year earlier", "the same period last year"). The engine keeps the calendar values of the expressions
it has tagged, in text order; the functions here read such a value as a period and move it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_CALENDAR = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?|-W(?P<w>\d\d)|-Q(?P<q>[1-4]))?(?:T[\w:]+)?")
# Granularities from the coarsest: year, quarter, month, week, day.
_RANK = {"Y": 0, "Q": 1, "M": 2, "W": 3, "D": 4}
_MONTHS = {"Y": 12, "Q": 3, "M": 1}


def calendar_point(value: str) -> tuple[str, dt.date] | None:
    """(granularity, first day) of a calendar value (1998, 1989-Q3, 1998-10, 1998-W43, 1998-10-23T10:35)."""
    match = _CALENDAR.fullmatch(value)
    if match is None:
        return None
    year = int(match["y"])
    try:
        if match["d"]:
            return "D", dt.date(year, int(match["m"]), int(match["d"]))
        if match["m"]:
            return "M", dt.date(year, int(match["m"]), 1)
        if match["w"]:
            return "W", dt.date.fromisocalendar(year, int(match["w"]), 1)
        if match["q"]:
            return "Q", dt.date(year, 3 * int(match["q"]) - 2, 1)
    except ValueError:
        return None
    return "Y", dt.date(year, 1, 1)


def is_calendar(value: str) -> bool:
    """Whether ``value`` names a period of the calendar (not a duration, a set or PRESENT_REF)."""
    return calendar_point(value) is not None


def moved(day: dt.date, unit: str, amount: int) -> dt.date:
    """``day`` moved by ``amount`` years, quarters, months, weeks or days (the day of the month kept if it can)."""
    if unit in _MONTHS:
        index = day.year * 12 + day.month - 1 + amount * _MONTHS[unit]
        year, month = index // 12, index % 12 + 1
        return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return day + dt.timedelta(days=amount * (7 if unit == "W" else 1))


def written(granularity: str, day: dt.date) -> str:
    """The value of the period of ``granularity`` that holds ``day``."""
    if granularity == "Y":
        return str(day.year)
    if granularity == "Q":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if granularity == "M":
        return f"{day.year}-{day.month:02d}"
    if granularity == "W":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def from_anchor(value: str, unit: str, amount: int, keep: bool = False) -> str | None:
    """The period ``amount`` units after the period ``value``, None when ``value`` is not a calendar value.

    The result is written at the granularity of ``unit`` ("the following year" after May 22, 1995 is 1996), or
    at that of the anchor when ``keep`` ("a year earlier" than the third quarter of 1989 is 1988-Q3). A unit
    finer than what the anchor tells is left unknown ("that same day" after "last October" is 1998-10-XX).
    """
    point = calendar_point(value)
    if point is None or unit not in _RANK:
        return None
    granularity, day = point
    if _RANK[unit] > _RANK[granularity]:
        year = str(day.year)
        if unit == "D":
            return (written("M", day) if granularity == "M" else year + "-XX") + "-XX"
        return year + {"Q": "-QX", "M": "-XX", "W": "-WXX"}[unit]
    return written(granularity if keep else unit, moved(day, unit, amount))
