"""Normalisers: turn the named groups of a rule match into a TIMEX3 value, anchored on the DCT.

Each normaliser takes the match groups and a ``Context`` (document creation time, tense of the clause,
lexicon, surrounding text) and returns ``(value, mod, type)`` or ``None`` to veto the match (for
instance "may" the verb, or "fall" the noun). Without a DCT every relative expression is left
underspecified with X's (``XXXX-WXX-7``, ``XXXX-XX``); it is never guessed.

The resolution of a calendar name without a year ("June 24", "January", "the third quarter", "Sunday")
follows HeidelTime's news strategy: the DCT's year (week), moved back when the clause is in the past
and the named point lies after the DCT, forward when the clause is future and it lies before. For a
day and month with no tense cue at all the nearest occurrence to the DCT is taken. A prospective word
("by", "until", "as soon as") counts forward and a retrospective one ("since") back (``Context.clause_tense``).

Anaphoric expressions (TimeML's temporal functions anchored on another timex) are resolved on the dates the
text mentioned before them (``Context.mentions``, see ``anchors.py``): "the following year", "that same day",
"the previous Friday", "a year earlier", and in earnings news the quarter being reported ("the latest
period", "the 1988 quarter", "last year's quarter"). A clock time or a part of the day without a day of its
own ("at 10 p.m.", "by mid afternoon") falls on the day the text is telling about when the last date it gave
was a day, else on the DCT.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from storytrace.pipeline.time.anchors import calendar_point, from_anchor

Groups = dict[str, str | None]
Result = tuple[str, str | None, str]

SEASONS = ("SP", "SU", "FA", "WI")
_TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}
# Duration units as TimeBank writes them: quarters in months, decades and centuries in years.
_DURATION_UNITS = {"Y": ("Y", 1), "M": ("M", 1), "W": ("W", 1), "D": ("D", 1), "Q": ("M", 3), "DE": ("Y", 10),
                   "CE": ("Y", 100), "WE": ("WE", 1)}
# Words before a bare month or season name that make it a date, not a verb or noun ("may", "fall").
_NAME_CONTEXT = frozenset({
    "in", "since", "until", "till", "by", "of", "from", "through", "to", "during", "before", "after", "last",
    "next", "this", "early", "late", "mid", "between", "and", "or", "the", "each", "every", "throughout", "into",
})


@dataclass(frozen=True, slots=True)
class Context:
    """What a normaliser may look at besides the match itself."""

    dct: dt.date | None
    tense: str | None  # "past", "future" or None when the clause gives no cue
    lex: dict[str, Any]
    language: str
    prev_word: str  # lower-cased word before the match
    next_text: str  # a few characters after the match
    context: str  # the sentence of the match and the one before it
    before: str = ""  # a few words before the match
    # (calendar value, said in a future clause) of the dates the text mentioned before the match, in text order;
    # None while spans are still being chosen (anaphoric normalisers then anchor on the DCT and veto nothing
    # for want of an anchor).
    mentions: tuple[tuple[str, bool], ...] | None = None

    def clause_tense(self) -> str | None:
        """The tense a yearless date is placed with: "past", "future" or None.

        A prospective word right before it ("by May 9", "as soon as Tuesday") counts forward unless the clause
        is in the past perfect ("had filed by Wednesday"); a retrospective one ("since Oct. 23") counts back.
        """
        if self.tense != "pluperfect" and _ends_with(self.before, tuple(self.lex["prospective_words"])):
            return "future"
        if _ends_with(self.before, tuple(self.lex["retrospective_words"])):
            return "past"
        return "past" if self.tense == "pluperfect" else self.tense


@functools.cache
def _final_words(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\s*$",
                      re.IGNORECASE)


def _ends_with(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` ends with one of ``words``."""
    return bool(words) and _final_words(words).search(text) is not None


def key(word: str) -> str:
    """Lexicon key of a matched word: lower case, straight apostrophes, single spaces, no final dot."""
    return re.sub(r"\s+", " ", word.lower().replace("’", "'")).strip().rstrip(".")


def lookup(table: dict[str, Any], word: str | None) -> Any:
    """The lexicon entry of ``word`` (None when absent or when the word is None)."""
    return None if word is None else table.get(key(word))


def parse_number(word: str, numbers: dict[str, Any]) -> int | float | str | None:
    """Digits or number words ("24", "twenty-four", "a few" → "X") to a number or "X"."""
    word = key(word)
    if re.fullmatch(r"\d+", word):
        return int(word)
    if re.fullmatch(r"\d+\.\d+", word):
        return float(word)
    if word in numbers:
        return numbers[word]
    parts = [numbers.get(p) for p in re.split(r"[\s-]+", word)]
    if not all(isinstance(p, int) for p in parts):
        return None
    total = 0
    for part in parts:  # "twenty four" adds, "two thousand" multiplies
        total = max(total, 1) * part if part in (100, 1000) else total + part
    return total


# --- calendar arithmetic ---------------------------------------------------------------------

def add_months(day: dt.date, months: int) -> tuple[int, int]:
    """(year, month) ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _year_position(day: dt.date) -> float:
    """Where ``day`` lies in its year, as a fraction (Jan 1 = 0)."""
    return (day.month - 1 + (day.day - 0.5) / 31) / 12


# How far (as a fraction of a year) a yearless date may lie after the DCT in a past-tense clause, or
# before it in a future one ("will report third-quarter results" in October): two months. Measured on
# TimeBank (the development set) among 0, 1, 2, 3 months and unbounded: value F1 0.771, 0.788, 0.798,
# 0.796, 0.793 (reporting verbs in the past often announce coming dates). Measured again with the verb-group
# tense cues (issue 6): 0.806, 0.819, 0.825, 0.819 on TimeBank for 0-3 months, and 2 months is also the best
# of these on AQUAINT (0.763, 0.776, 0.780, 0.778) and MEANTIME.
PAST_SLACK = 2 / 12


def pick_year(position: float, width: float, dct: dt.date, tense: str | None, direction: int | None) -> int:
    """The year of a yearless period (a day, month, quarter, half or season) relative to the DCT.

    ``position`` is the middle of the period as a fraction of its year and ``width`` its length (same
    unit). An explicit ``direction`` -1/0/+1 ("last/this/next April") takes the last period that ended
    before the DCT, the DCT's year, or the first that starts after it. Otherwise the occurrence nearest
    to the DCT wins, among those not over when the clause is in the future tense. Past-tense cues are not
    used here: on TimeBank (development set) news reported in the past tense names upcoming days as often
    as past ones ("said the vote will be held Nov. 21"), and nearest-first scored better.
    """
    now = dct.year + _year_position(dct)
    years = (dct.year - 1, dct.year, dct.year + 1)
    if direction == 0:
        return dct.year
    if direction == -1:
        return max(y for y in years if y + position + width / 2 <= now)
    if direction == 1:
        return min(y for y in years if y + position - width / 2 > now)
    if tense == "future":
        years = tuple(y for y in years if y + position + width / 2 >= now - PAST_SLACK)
    elif tense == "past":
        years = tuple(y for y in years if y + position - width / 2 <= now + PAST_SLACK)
    return min(years, key=lambda y: abs(y + position - now))


def resolve_weekday(weekday: int, dct: dt.date, tense: str | None, direction: int | None) -> dt.date:
    """The date of a weekday name: explicit last/this/next, else by tense (news default: past)."""
    today = dct.isoweekday()
    if direction == -1:
        return dct - dt.timedelta(days=(today - weekday - 1) % 7 + 1)
    if direction == 1:
        return dct + dt.timedelta(days=(weekday - today - 1) % 7 + 1)
    if direction == 0:
        return dct + dt.timedelta(days=weekday - today)
    if tense == "future":
        return dct + dt.timedelta(days=(weekday - today) % 7)
    return dct - dt.timedelta(days=(today - weekday) % 7)


def _thanksgiving(year: int) -> str:
    first = dt.date(year, 11, 1)
    return f"11-{1 + (3 - first.weekday()) % 7 + 21:02d}"


def _labor_day(year: int) -> str:
    first = dt.date(year, 9, 1)
    return f"09-{1 + (0 - first.weekday()) % 7:02d}"


def _election_day(year: int) -> str:
    """US Election Day: the Tuesday after the first Monday of November."""
    first = dt.date(year, 11, 1)
    return f"11-{1 + (0 - first.weekday()) % 7 + 1:02d}"


_MOVABLE_HOLIDAYS: dict[str, Callable[[int], str]] = {
    "THANKSGIVING": _thanksgiving, "LABOR": _labor_day, "ELECTION": _election_day,
}


# --- normalisers ------------------------------------------------------------------------------

def _mod(g: Groups, ctx: Context) -> str | None:
    return lookup(ctx.lex["mod"], g.get("mod")) or lookup(ctx.lex["approx"], g.get("approx"))


def _direction(g: Groups, ctx: Context, name: str = "rel") -> int | None:
    return lookup(ctx.lex["rel"], g.get(name))


def _year(g: Groups) -> int | None:
    """An explicit year in the match (4 digits, or 2 digits of a numeric or fiscal date)."""
    if g.get("yw"):  # "nineteen ninety-six", "two thousand and one"
        words = re.split(r"[\s-]+", key(g["yw"]).replace(" and ", " "))
        values = [_SPELLED.get(w, 0) for w in words]
        if values[:2] == [2, 1000]:
            return 2000 + sum(values[2:])
        return values[0] * 100 + sum(values[1:])
    for name in ("y", "y2", "yy"):
        text = g.get(name)
        if text:
            year = int(text)
            return year if year >= 100 else (2000 + year if year < 50 else 1900 + year)
    return None


_SPELLED = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "thousand": 1000,
}


def _month_day(g: Groups, ctx: Context) -> tuple[int | None, int | None]:
    if g.get("n1"):
        a, b = int(g["n1"] or 0), int(g["n2"] or 0)
        return (a, b) if ctx.lex["numeric_order"] == "MDY" else (b, a)
    month = lookup(ctx.lex["month"], g.get("mon")) or (int(g["mnum"]) if g.get("mnum") else None)
    day = g.get("d")
    return month, (1 if day == "1er" else int(day)) if day else None


def _time_part(g: Groups, ctx: Context) -> str | None:
    """The 'Thh:mm' or 'Tpod' suffix of a clock time or part of day, None when there is none."""
    if g.get("noon"):
        return "T" + lookup(ctx.lex["noon"], g["noon"])
    if g.get("hour"):
        hour, minute = parse_number(g["hour"] or "", ctx.lex["number"]), g.get("minute") or "00"
        if not isinstance(hour, int):
            return None
        ampm = key(g.get("ampm") or "") or lookup(ctx.lex.get("clock_part_of_day", {}), g.get("clock_pod")) or ""
        if ampm and ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm and ampm.startswith("a") and hour == 12:
            hour = 0
        if hour > 24:
            return None
        zone = "Z" if key(g.get("tz") or "") in ("utc", "gmt", "z") else ""  # ISO 8601 marks UTC only
        return f"T{hour:02d}:{minute}{zone}"
    pod = lookup(ctx.lex["part_of_day"], g.get("pod"))
    return f"T{pod}" if pod else None


def _bare_name_ok(g: Groups, ctx: Context, name: str, table: str) -> bool:
    """Veto month, weekday and season names that are probably ordinary words ("may", "fall", "Sun")."""
    word = g.get(name)
    if word and ctx.language == "en" and word.islower() and key(word) in ("may", "march"):
        return False  # "this may have an impact", "arrested at this march": a month name is capitalised
    if not word or g.get("d") or _year(g) or g.get("rel") or g.get("mod"):
        return True
    if ctx.language == "en":
        if table != "season" and not word[0].isupper():
            return False
        full = max((k for k, v in ctx.lex[table].items() if v == lookup(ctx.lex[table], word)), key=len)
        if key(word) != full:
            return False  # a bare abbreviation ("Sun", "Mar")
        if key(word) in ("may", "march", "fall", "spring") and ctx.prev_word not in _NAME_CONTEXT:
            return False
        if table == "season" and re.match(r"\s+of\b", ctx.next_text):
            return False
    return True


def _in_title(word: str, ctx: Context) -> bool:
    """Whether a capitalised English time word stands inside a sentence, as part of a name or title ("High Noon")."""
    head = ctx.before.rstrip(" \t\"'`“”‘’(")
    return ctx.language == "en" and word[:1].isupper() and bool(head) and head[-1] not in ".!?:\n"


def norm_date(g: Groups, ctx: Context, kind: str) -> Result | None:
    """Calendar expressions: dates, months, quarters, halves, seasons, years, weekdays, clock times."""
    if not (_bare_name_ok(g, ctx, "mon", "month") and _bare_name_ok(g, ctx, "wd", "weekday")
            and _bare_name_ok(g, ctx, "season", "season")) or _in_title(g.get("noon") or "", ctx):
        return None
    dct, tense, mod = ctx.dct, ctx.clause_tense(), _mod(g, ctx)
    if g.get("year_end"):  # the end of the current year, of the last one looking back ("since year-end")
        return (str(dct.year - (tense == "past")) if dct else "XXXX"), mod or "END", kind
    year = _year(g)
    direction = _direction(g, ctx)
    time_part = _time_part(g, ctx)
    month, day = _month_day(g, ctx)
    movable = None
    if g.get("holiday"):
        spec = lookup(ctx.lex["holiday"], g["holiday"])
        if spec in _MOVABLE_HOLIDAYS:  # its date in the DCT's year places it; the chosen year fixes it
            movable = _MOVABLE_HOLIDAYS[spec]
            if not (year or dct):
                return "XXXX-XX-XX", mod, "DATE"
            spec = movable(year or dct.year)
        month, day = int(spec[:2]), int(spec[3:])
    has_time = time_part is not None and (g.get("hour") or g.get("noon") or g.get("pod"))
    kind = "TIME" if has_time else ("DATE" if kind == "TIME" else kind)
    suffix = time_part or ""

    if month and day:  # a day of the calendar
        if not 1 <= month <= 12:
            return None
        if year is None and dct is not None:
            year = pick_year((month - 1 + (day - 0.5) / 31) / 12, 1 / 365, dct, tense, direction)
            if movable:
                day = int(movable(year)[3:])
        try:
            date = dt.date(year or 2000, month, day)
        except ValueError:
            return None
        if g.get("week_of"):  # "the week of March 6"
            return (iso_week(date) if year else "XXXX-WXX"), mod, kind
        return f"{year if year else 'XXXX'}-{month:02d}-{day:02d}{suffix}", mod, kind
    if g.get("wd"):
        weekday = lookup(ctx.lex["weekday"], g["wd"])
        if dct is None:
            return f"XXXX-WXX-{weekday}{suffix}", mod, kind
        return resolve_weekday(weekday, dct, tense, direction).isoformat() + suffix, mod, kind
    if g.get("day_rel") or g.get("podrel") or g.get("hour") or g.get("noon") or (g.get("pod") and g.get("mod")):
        podrel = g.get("podrel")  # "this morning", "last night", "tomorrow evening"
        offset = lookup(ctx.lex["day_rel"], g.get("day_rel") or podrel) or (-1 if key(podrel or "") == "last" else 0)
        night = lookup(ctx.lex["day_rel_pod"], g.get("day_rel"))  # "tonight", "ce soir"
        if night:
            suffix, kind = suffix or f"T{night}", "TIME"
        if dct is None:
            return "XXXX-XX-XX" + suffix, mod, kind
        return (dct + dt.timedelta(days=offset)).isoformat() + suffix, mod, kind
    return _coarse_date(g, ctx, year, month, direction, mod)


def _coarse_date(g: Groups, ctx: Context, year: int | None, month: int | None, direction: int | None,
                 mod: str | None) -> Result | None:
    """Months, quarters, halves, seasons and years."""
    dct, tense = ctx.dct, ctx.clause_tense()
    relative_year = g.get("yrel") or g.get("rel2")
    if relative_year and dct is not None:  # "June last year", "the first quarter of next year"
        year = dct.year + lookup(ctx.lex["rel"], relative_year)
    if g.get("rel") and g.get("q") and not year:  # "last year's third quarter": rel is the year's
        year = dct.year + direction if dct else None
        direction = 0
    if month:  # (label, middle of the period and its length as fractions of a year)
        label, position, width = f"{month:02d}", (month - 0.5) / 12, 1 / 12
    elif g.get("q") or g.get("q2"):
        quarter = lookup(ctx.lex["ordinal"], g.get("q")) or int(g.get("q") or g.get("q2") or 0)
        label, position, width = f"Q{quarter}", (quarter - 0.5) / 4, 1 / 4
    elif g.get("half"):
        half = 1 if key(g["half"]) == "first" else 2  # second, last
        label, position, width = f"H{half}", (half - 0.5) / 2, 1 / 2
    elif g.get("season"):  # spring = March-May ... winter = December of the year to February
        label = lookup(ctx.lex["season"], g["season"])
        label, position, width = label, (3.5 + 3 * SEASONS.index(label)) / 12, 3 / 12
    elif year:
        return str(year), mod, "DATE"
    else:
        return None
    if year is None:
        if dct is None:
            return f"XXXX-{label}", mod, "DATE"
        year = pick_year(position, width, dct, tense, direction)
    if g.get("q_ya"):  # "the year-ago third quarter": the third quarter meant now, a year back
        year -= 1
    return f"{year}-{label}", mod, "DATE"


def norm_decade(g: Groups, ctx: Context, kind: str) -> Result | None:
    """Decades ("the 1990s" → 199) and centuries ("the 20th century" → 19)."""
    if g.get("cent"):
        century = int(g["cent"] or 0)
        return (f"{century - 1:02d}", _mod(g, ctx), kind) if 1 <= century <= 21 else None
    if g.get("decw"):
        return "19" + str(ctx.lex["decade_word"][key(g["decw"])]), _mod(g, ctx), kind
    digits = g.get("dec") or "19" + (g.get("dec2") or "")
    return digits[:3], _mod(g, ctx), kind


def _shifted(unit: str, amount: int, dct: dt.date) -> str | None:
    """The DCT moved by ``amount`` units, written at the granularity of the unit."""
    if unit == "Y":
        return str(dct.year + amount)
    if unit == "M":
        year, month = add_months(dct, amount)
        return f"{year}-{month:02d}"
    if unit in ("W", "WE"):
        week = iso_week(dct + dt.timedelta(weeks=amount))
        return week + ("-WE" if unit == "WE" else "")
    if unit == "D":
        return (dct + dt.timedelta(days=amount)).isoformat()
    if unit == "Q":
        index = dct.year * 4 + quarter_of(dct) - 1 + amount
        return f"{index // 4}-Q{index % 4 + 1}"
    if unit == "DE":
        return str(dct.year // 10 + amount)
    if unit == "CE":
        return f"{dct.year // 100 + amount:02d}"
    return None


_UNDERSPECIFIED = {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "D": "XXXX-XX-XX",
                   "Q": "XXXX-QX", "DE": "XXX", "CE": "XX"}


# Units that a bare "the" makes a date ("the year", "the quarter"); "the day" is usually not the DCT.
_THE_UNITS = frozenset({"Y", "Q", "WE", "W", "M"})


def norm_rel_unit(g: Groups, ctx: Context, kind: str) -> Result | None:
    """"last week", "this month", "next year", "the quarter", "la semaine dernière"."""
    unit = lookup(ctx.lex["unit"], g.get("unit"))
    if unit not in _UNDERSPECIFIED:
        return None
    word = g.get("unit") or ""
    suffix = ctx.lex["plural_suffix"]
    if (suffix and key(word).endswith(suffix)) or (ctx.language == "en" and word[:1].isupper()):
        return None  # "the coming months" is FUTURE_REF; "This Week" (with capitals) a TV show
    if g.get("the") and unit not in _THE_UNITS:
        return None
    mod = _mod(g, ctx)
    if ctx.dct is None:
        return _UNDERSPECIFIED[unit], mod, kind
    if unit == "Q" and key(g.get("rel") or "") in ("latest", "the latest"):
        return _shifted(unit, -1, ctx.dct), mod, kind  # financial news: the last quarter reported
    if g.get("the"):  # "the year", "the quarter", "the weekend": the current one, or the last one in past clauses
        if unit in ("Q", "WE") and ctx.clause_tense() == "past":
            if unit == "WE" and ctx.dct.isoweekday() >= 6:
                return iso_week(ctx.dct) + "-WE", mod, kind
            return _shifted(unit, -1, ctx.dct), mod, kind
        return _shifted(unit, 0, ctx.dct), mod, kind
    return _shifted(unit, _direction(g, ctx) or 0, ctx.dct), mod, kind


def _mentioned(ctx: Context, granularities: str = "YQMWD", settled: bool = False) -> str | None:
    """The value of the last date mentioned before the match at one of ``granularities`` (Y, Q, M, W, D).

    ``settled`` skips dates of future clauses: the period a results report refers back to is one that is over
    ("the latest quarter" is not the fourth quarter that "will" bear a charge).
    """
    for value, future in reversed(ctx.mentions or ()):
        point = calendar_point(value)
        if point and point[0] in granularities and not (settled and future):
            return value
    return None


def _in_focus(ctx: Context) -> str | None:
    """The granularity (Y, Q, M, W, D) of the last expression given outright before the match (the period the text
    is telling about), None when there is none or it was a duration."""
    point = calendar_point(ctx.mentions[-1][0]) if ctx.mentions else None
    return point[0] if point else None


def norm_ago(g: Groups, ctx: Context, kind: str) -> Result | None:
    """"two days ago" → the DCT minus two days, at the granularity of the unit; "a year earlier" → the period
    last mentioned, a year before."""
    by_quarter = ctx.language == "en" and (bool(re.search(r"\bquarter", ctx.context, re.IGNORECASE))
                                           or _in_focus(ctx) == "Q")
    if key(g.get("n") or "") == "year":  # "year-ago", "the year-earlier quarter"
        unit, amount = "Y", 1
    else:
        unit = lookup(ctx.lex["unit"], g.get("unit"))
        amount = parse_number(g.get("n") or "", ctx.lex["number"])
    if unit not in _UNDERSPECIFIED or amount is None:
        return None
    mod = _mod(g, ctx)
    if unit == "Y" and isinstance(amount, int) and by_quarter and ctx.dct is not None:
        # Earnings news: "up from $2 a year earlier" compares the quarter reported with the same quarter a
        # year before: the last quarter the text named, else the last one over at the DCT. The quarter is the
        # period compared when the sentence or the one before speaks of a quarter, or when it is still the
        # period in focus, i.e. the last time expression given outright (a later "for the nine months" ends it).
        quarter = _mentioned(ctx, "Q", settled=True) or _shifted("Q", -1, ctx.dct) or ""
        return from_anchor(quarter, "Y", -amount, keep=True), mod, kind
    sign = 1 if key(g.get("ago") or "") in ctx.lex["future_ago"] else -1
    if amount == "X" or not isinstance(amount, int):
        return ("FUTURE_REF" if sign > 0 else "PAST_REF"), mod, kind
    anchor = _mentioned(ctx) if key(g.get("ago") or "") in ctx.lex["anaphoric_ago"] else None
    if anchor and unit in ("Y", "Q", "M", "W", "D"):  # "two days earlier": than the last date mentioned
        return from_anchor(anchor, unit, sign * amount), mod, kind
    if ctx.dct is None:
        return _UNDERSPECIFIED[unit], mod, kind
    return _shifted(unit, sign * amount, ctx.dct), mod, kind


def norm_anaphor(g: Groups, ctx: Context, kind: str) -> Result | None:
    """Expressions anchored on the last date the text mentioned (on the DCT when there is none).

    "that day", "the following year", "the previous Friday", "the next morning", "the same month a year
    ago", and the reference period of earnings news: "the latest period", "the 1988 quarter", "the year-ago
    period", "last year's quarter" (the last quarter named, else the last one over at the DCT).
    """
    if ctx.dct is None and not ctx.mentions:
        return None
    offset = lookup(ctx.lex["anaphor"], g.get("ana")) or lookup(ctx.lex["anaphor_day"], g.get("ana")) or 0
    dct = ctx.dct.isoformat() if ctx.dct else ""
    mod = _mod(g, ctx)
    if g.get("the_day"):  # "ended the day": the last day mentioned
        day = from_anchor(_mentioned(ctx, "D") or dct, "D", 0)
        return (day, mod, kind) if day else None
    if g.get("wd"):  # the weekday before/after/in the week of the last day mentioned
        point = calendar_point(_mentioned(ctx, "D") or dct)
        if point is None or not _bare_name_ok(g, ctx, "wd", "weekday"):
            return None
        weekday = lookup(ctx.lex["weekday"], g["wd"])
        return resolve_weekday(weekday, point[1], None, offset).isoformat(), mod, kind
    if g.get("pod"):  # "the next morning", "that night"
        day = from_anchor(_mentioned(ctx, "D") or _mentioned(ctx) or dct, "D", offset)
        return (f"{day}T{lookup(ctx.lex['part_of_day'], g['pod'])}", mod, "TIME") if day else None
    if g.get("period"):  # the last quarter (or, for "period", any span longer than a day) reported on
        year_shift = lookup(ctx.lex["reference_period"], g.get("ref_adj")) or 0
        quarter = _mentioned(ctx, "Q" if key(g["period"]) == "quarter" else "YQMW", settled=True)
        if quarter is None and not (g.get("ref_adj") or g.get("py") or g.get("ya") or g.get("last_year")):
            if key(g["period"]) == "period":  # a bare "the period" is no date without a period to refer to
                return None if ctx.mentions is not None else ("XXXX-QX", mod, kind)
            back = -1 if ctx.clause_tense() == "past" else 0  # "the quarter": this one, the last in past clauses
            return (from_anchor(dct, "Q", back) or "XXXX-QX"), mod, kind
        value = quarter or from_anchor(dct, "Q", -1) or ""
        if g.get("py"):
            value = g["py"] + value[4:]
        value = from_anchor(value, "Y", year_shift - bool(g.get("ya") or g.get("last_year")), keep=True)
        return (value, mod, kind) if value else None
    unit = lookup(ctx.lex["unit"], g.get("unit"))
    word = g.get("unit") or ""
    plural = ctx.lex["plural_suffix"] and key(word).endswith(ctx.lex["plural_suffix"])
    if unit not in ("Y", "Q", "M", "W", "WE", "D") or plural or word[:1].isupper():
        return None
    anchor = (_mentioned(ctx, "Q") if unit == "Q" else None) or _mentioned(ctx) or dct
    value = from_anchor(anchor, "W" if unit == "WE" else unit, offset)
    if value and g.get("ya"):  # "the same month a year ago"
        value = from_anchor(value, "Y", -1, keep=True)
    if not value:
        return None
    return (value + "-WE" if unit == "WE" else value), mod, kind


def norm_clock(g: Groups, ctx: Context, kind: str) -> Result | None:
    """A clock time or part of the day: on the day it names, else on the day the text is telling about, else on
    the DCT.

    "at 10 p.m." with no day of its own belongs to the day in focus: when the last expression given outright
    before it is a day ("the doctor was shot on Oct. 23 ... at 10 p.m."), that day, as HeidelTime's narrative
    strategy anchors on the last reference time; otherwise the publication day, as before.
    """
    result = norm_date(g, ctx, kind)
    if (result is None or any(g.get(name) for name in ("wd", "day_rel", "mon")) or _in_focus(ctx) != "D"
            or not re.match(r"\d{4}-\d\d-\d\dT", result[0])):
        return result
    day = (ctx.mentions or ())[-1][0][:10]  # the YYYY-MM-DD of the day in focus
    return day + result[0][10:], result[1], result[2]


# Normalisers that read the expressions before the match (Context.mentions); the engine runs them again in text
# order once the spans are chosen.
ANAPHORIC = frozenset({"ago", "anaphor", "clock"})
# ... and those whose expressions refer back to a date mentioned before instead of giving one ("a year earlier"),
# so that they do not become the date later expressions refer back to.
REFERRING = frozenset({"ago", "anaphor"})


# The unit a half of a duration unit is written in, and how many of it make the unit (1 1/2 days is P1DT12H).
_SMALLER = {"Y": ("M", 12), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}


def duration_value(amount: int | float | str, unit: str) -> str:
    """TIMEX3 duration: P2W, PT3H, PXY; a fraction in the next smaller unit where it is whole (P2Y6M, PT5H30M)."""
    if unit not in _TIME_UNITS:
        unit, factor = _DURATION_UNITS[unit]
        amount = amount if amount == "X" else amount * factor
    parts = [(unit, amount)]
    if isinstance(amount, float) and not amount.is_integer() and unit in _SMALLER:
        smaller, count = _SMALLER[unit]
        if (amount % 1 * count).is_integer():
            parts = [(unit, int(amount)), (smaller, int(amount % 1 * count))]
    date = "".join(f"{n:g}{u}" if n != "X" else f"X{u}" for u, n in parts if u not in _TIME_UNITS and n)
    time = "".join(f"{n:g}{_TIME_UNITS[u]}" if n != "X" else f"X{_TIME_UNITS[u]}" for u, n in parts
                   if u in _TIME_UNITS and n)
    return "P" + date + ("T" + time if time else "")


def norm_duration(g: Groups, ctx: Context, kind: str) -> Result | None:
    """"two weeks", "the past three years", "24 hours", "for years", "the year (ended Sept. 30)"."""
    unit = lookup(ctx.lex["unit"], g.get("unit"))
    word = g.get("unit") or ""
    if g.get("long"):  # "day-long" is a day, "decades-long" some decades
        amount: int | float | str | None = "X" if key(word).endswith(ctx.lex["plural_suffix"] or "\0") else 1
    else:
        amount = parse_number(g["n"], ctx.lex["number"]) if g.get("n") else (1 if g.get("one") else "X")
    if unit is None or amount is None or (ctx.language == "en" and word[:1].isupper() and g.get("n")):
        return None  # a capitalised unit after a number is a title ("60 Minutes")
    if (g.get("half") or g.get("half2")) and isinstance(amount, int):
        amount += 0.5  # "2 1/2 years", "a minute and a half"
    if (g.get("n") or "").isdigit() and 1800 <= int(g["n"] or 0) < 2100 and unit in ("Y", "Q", "M", "W"):
        return None  # "the 1988 quarter" is a date, not 1988 quarters
    if (unit == "Q" and re.match(r"\s+of\b", ctx.next_text)) or (unit == "S" and key(g.get("n") or "") in ("a", "an")):
        return None  # fractions ("three quarters of"), ordinals ("a second")
    return duration_value(amount, unit), _mod(g, ctx), kind


def norm_set(g: Groups, ctx: Context, kind: str) -> Result | None:
    """"every Monday" → XXXX-WXX-1, "weekly" → P1W, "each year" → P1Y, "twice a month" → P1M."""
    if g.get("set_adverb"):
        return lookup(ctx.lex["set_adverb"], g["set_adverb"]), None, kind
    if g.get("wd"):
        suffix = _time_part(g, ctx) or ""
        return f"XXXX-WXX-{lookup(ctx.lex['weekday'], g['wd'])}{suffix}", None, kind
    if g.get("mon"):
        return f"XXXX-{lookup(ctx.lex['month'], g['mon']):02d}", None, kind
    if g.get("season"):
        return f"XXXX-{lookup(ctx.lex['season'], g['season'])}", None, kind
    unit = lookup(ctx.lex["unit"], g.get("unit"))
    amount = parse_number(g["n"], ctx.lex["number"]) if g.get("n") else 1
    if unit is None or amount is None:
        return None
    return duration_value(amount, unit), None, kind


def norm_ref(g: Groups, ctx: Context, kind: str) -> Result | None:
    """"now" → PRESENT_REF, "recently" → PAST_REF, "in the future" → FUTURE_REF."""
    value = lookup(ctx.lex["ref"], g.get("ref"))
    return (value, None, kind) if value else None


NORMALISERS: dict[str, Callable[[Groups, Context, str], Result | None]] = {
    "date": norm_date,
    "decade": norm_decade,
    "rel_unit": norm_rel_unit,
    "ago": norm_ago,
    "duration": norm_duration,
    "set": norm_set,
    "ref": norm_ref,
    "anaphor": norm_anaphor,
    "clock": norm_clock,
}
