"""Normalisers: turn the named groups of a rule match into a TIMEX3 value, anchored on the DCT.

Each normaliser takes the match groups and a ``Context`` (document creation time, tense of the clause,
lexicon, surrounding text) and returns ``(value, mod, type)`` or ``None`` to veto the match (for
instance "may" the verb, or "fall" the noun). Without a DCT every relative expression is left
underspecified with X's (``XXXX-WXX-7``, ``XXXX-XX``); it is never guessed.

The resolution of a calendar name without a year ("June 24", "January", "the third quarter", "Sunday")
follows HeidelTime's news strategy: the DCT's year (week), moved back when the clause is in the past
and the named point lies after the DCT, forward when the clause is future and it lies before. For a
day and month with no tense cue at all the nearest occurrence to the DCT is taken.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
# 0.796, 0.793 (reporting verbs in the past often announce coming dates).
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


_MOVABLE_HOLIDAYS: dict[str, Callable[[int], str]] = {"THANKSGIVING": _thanksgiving, "LABOR": _labor_day}


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
        hour, minute = int(g["hour"] or 0), g.get("minute") or "00"
        ampm = key(g.get("ampm") or "")
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


def norm_date(g: Groups, ctx: Context, kind: str) -> Result | None:
    """Calendar expressions: dates, months, quarters, halves, seasons, years, weekdays, clock times."""
    if not (_bare_name_ok(g, ctx, "mon", "month") and _bare_name_ok(g, ctx, "wd", "weekday")
            and _bare_name_ok(g, ctx, "season", "season")):
        return None
    dct, tense, mod = ctx.dct, ctx.tense, _mod(g, ctx)
    if ctx.prev_word in ctx.lex.get("deadline_words", ()):
        tense = "future"  # "by May 9", "bis 9. Mai": a deadline a yearless date is counted towards
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
            dt.date(year or 2000, month, day)
        except ValueError:
            return None
        return f"{year if year else 'XXXX'}-{month:02d}-{day:02d}{suffix}", mod, kind
    if g.get("wd"):
        weekday = lookup(ctx.lex["weekday"], g["wd"])
        if dct is None:
            return f"XXXX-WXX-{weekday}{suffix}", mod, kind
        return resolve_weekday(weekday, dct, tense, direction).isoformat() + suffix, mod, kind
    if g.get("day_rel") or g.get("podrel") or g.get("hour") or g.get("noon"):
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
    dct, tense = ctx.dct, ctx.tense
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
        if unit in ("Q", "WE") and ctx.tense == "past":
            if unit == "WE" and ctx.dct.isoweekday() >= 6:
                return iso_week(ctx.dct) + "-WE", mod, kind
            return _shifted(unit, -1, ctx.dct), mod, kind
        return _shifted(unit, 0, ctx.dct), mod, kind
    return _shifted(unit, _direction(g, ctx) or 0, ctx.dct), mod, kind


def norm_ago(g: Groups, ctx: Context, kind: str) -> Result | None:
    """"two days ago" → the DCT minus two days, at the granularity of the unit."""
    by_quarter = ctx.language == "en" and bool(re.search(r"\bquarter", ctx.context, re.IGNORECASE))
    if key(g.get("n") or "") == "year":  # "year-ago", "the year-earlier quarter"
        unit, amount = "Y", 1
    else:
        unit = lookup(ctx.lex["unit"], g.get("unit"))
        amount = parse_number(g.get("n") or "", ctx.lex["number"])
    if unit not in _UNDERSPECIFIED or amount is None:
        return None
    if unit == "Y" and isinstance(amount, int) and by_quarter and ctx.dct is not None:
        # Earnings news: "up from $2 a year earlier" compares the last reported quarter with the same
        # quarter a year before, so the sentence's quarters set the granularity.
        return _shifted("Q", -1 - 4 * amount, ctx.dct), _mod(g, ctx), kind
    sign = 1 if key(g.get("ago") or "") in ctx.lex["future_ago"] else -1
    mod = _mod(g, ctx)
    if amount == "X" or not isinstance(amount, int):
        return ("FUTURE_REF" if sign > 0 else "PAST_REF"), mod, kind
    if ctx.dct is None:
        return _UNDERSPECIFIED[unit], mod, kind
    return _shifted(unit, sign * amount, ctx.dct), mod, kind


def duration_value(amount: int | float | str, unit: str) -> str:
    """TIMEX3 duration: P2W, PT3H, PXY."""
    if unit in _TIME_UNITS:
        letter, factor = _TIME_UNITS[unit], 1
    else:
        letter, factor = _DURATION_UNITS[unit]
    number = "X" if amount == "X" else f"{amount * factor:g}"
    return f"P{'T' if unit in _TIME_UNITS else ''}{number}{letter}"


def norm_duration(g: Groups, ctx: Context, kind: str) -> Result | None:
    """"two weeks", "the past three years", "24 hours", "for years", "the year (ended Sept. 30)"."""
    unit = lookup(ctx.lex["unit"], g.get("unit"))
    amount = parse_number(g["n"], ctx.lex["number"]) if g.get("n") else (1 if g.get("one") else "X")
    if unit is None or amount is None:
        return None
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
}
