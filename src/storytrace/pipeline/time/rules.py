"""Extraction rules of the temporal tagger, as data: one table per language.

Each rule is (name, TIMEX3 type, pattern, normaliser). Patterns are regexes in which ``{table}``
stands for an alternation of the words of a lexicon table (``lexicon.py``) and the named groups
tell the normaliser what was matched: ``y`` year, ``mon``/``mnum`` month, ``d`` day, ``wd``
weekday, ``rel`` this/next/last, ``day_rel`` yesterday/today/tomorrow, ``unit``, ``n`` number,
``mod``/``approx`` TimeML modifiers, ``pod`` part of day, ``hour``/``minute``/``ampm`` clock time,
``one`` an article that counts as one unit ("the year ended Sept. 30" is a one-year duration), ``half``
a half added to the number ("2 1/2 years"), ``long`` a "-long" compound ("day-long"), ``ana`` an anaphoric
determiner ("the following"), ``ya`` a year back ("the same month a year ago"), ``q_ya`` likewise before a quarter
("the year-ago third quarter"), ``period``/``ref_adj``/``py``
the reference period of earnings news ("the year-ago period", "the 1988 quarter"), ``the_day`` a trading day
("ended the day"), ``week_of``, ``year_end`` and ``clock_pod`` ("4 in the morning").
A group named ``t`` narrows the span of the timex inside the match (context words such as "in" in
"in the past" are matched but not tagged), as HeidelTime's rule offsets do.

When two matches overlap the longest wins, then the earlier rule in its table. The normalisers named
here live in ``normalize.py``.
"""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    """One pattern and how to turn its match into a TIMEX3."""

    name: str
    type: str
    pattern: str
    norm: str


# Fragments shared by all languages ({name} placeholders that are regexes, not word tables).
FRAGMENTS = {
    "year": r"(?:1[89]\d\d|20\d\d)(?!\d)",
    "day": r"(?:[12]\d|3[01]|0?[1-9])(?!\d)",
    "sep": r"(?:\s*,\s*|\s+)",
    # A year in words, as transcribed speech writes it ("nineteen ninety-four", "two thousand and one").
    "spelled_year": r"(?:nineteen\s+{tens}(?:[\s-]{number})?|two\s+thousand(?:\s+and)?(?:\s+{number})?)",
    "num": r"(?:\d+(?:\.\d+)?|(?:{tens}[\s-])?{number}(?:[\s-]{multiplier})?)",
    # Quantities that make a 4-digit number a count rather than a year.
    "not_count": (
        r"(?![\s-]*(?:%|percent|per\s+cent|people|persons|members|troops|soldiers|workers|jobs|"
        r"shares|units|tons|tonnes|feet|foot|meters|metres|miles|km|kilometers|barrels|acres|cars|"
        r"votes|dollars|euros|yen|pounds|marks|francs|points|employees|calls|cases|deaths|men|women|"
        r"children|homes|houses|beds|vehicles|aircraft|planes|students|[a-z]+ers)\b|\.\d)"
    ),
}

EN: list[Rule] = [
    Rule("iso_datetime", "TIME",
         r"(?P<y>{year})-(?P<mnum>[01]\d)-(?P<d>[0-3]\d)[T ](?P<hour>[012]\d):(?P<minute>[0-5]\d)", "date"),
    Rule("iso_date", "DATE", r"(?P<y>{year})-(?P<mnum>[01]\d)-(?P<d>[0-3]\d)", "date"),
    Rule("numeric_date", "DATE",
         r"(?P<n1>[0-3]?\d)(?P<s>[/.])(?P<n2>[0-3]?\d)(?P=s)(?P<yy>(?:19|20)\d\d|\d\d)(?![\d/.]\d)", "date"),
    Rule("month_day_year", "DATE",
         r"(?:(?P<wd>{weekday}),?[^\S\n]+)?(?:(?P<rel>{rel})\s+|(?P<mod>{mod})\s*)?(?P<mon>{month})\.?\s+(?:the\s+)?"
         r"(?P<d>{day})(?:st|nd|rd|th)?(?:{sep}(?P<y>{year}))?", "date"),
    # The second day of "April 24 and 25" (the first is a month_day_year match of its own).
    Rule("month_day_and_day", "DATE",
         r"(?P<mon>{month})\.?\s+{day}(?:st|nd|rd|th)?\s+(?:and|or|to)\s+(?P<t>(?P<d>{day})(?:st|nd|rd|th)?)"
         r"(?!\s*(?:%|percent|{unit}|{month}))", "date"),
    Rule("week_of", "DATE",
         r"(?P<week_of>the\s+week)\s+of\s+(?P<mon>{month})\.?\s+(?P<d>{day})(?:st|nd|rd|th)?(?:{sep}(?P<y>{year}))?",
         "date"),
    Rule("day_month_year", "DATE",
         r"(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?(?P<d>{day})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{month})\.?"
         r"(?:{sep}(?P<y>{year}))?", "date"),
    Rule("month_year", "DATE",
         r"(?:(?P<mod>{mod})\s*)?(?P<mon>{month})\.?(?:\s+of)?{sep}(?:(?P<y>{year})|(?P<yw>{spelled_year}))", "date"),
    Rule("month_rel_year", "DATE",
         r"(?:(?P<mod>{mod})\s*)?(?P<mon>{month})\.?\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year", "date"),
    Rule("anaphor", "DATE",
         r"(?:(?P<mod>{mod})\s+)?(?P<ana>{anaphor}|{anaphor_day}(?=\s+(?:day|{part_of_day})(?!\w)))\s+"
         r"(?:(?P<unit>{unit})|(?P<wd>{weekday})|(?P<pod>{part_of_day}))(?!\w)(?:\s+(?:of\s+)?(?P<ya>{year_before}))?",
         "anaphor"),
    Rule("month", "DATE", r"(?:(?P<rel>{rel})\s+|(?P<mod>{mod})\s*)?(?P<mon>{month})(?!\w)", "date"),
    Rule("half", "DATE",
         r"(?:the\s+)?(?P<half>first|second|last)\s+half(?:\s+of\s+(?:(?P<y>{year})|(?P<rel>{rel})\s+year))?",
         "date"),
    Rule("quarter", "DATE",
         r"(?:the\s+)?(?:(?P<y>{year})\s+|(?P<rel>{rel})\s+(?:year's\s+)?|(?P<q_ya>year[\s-](?:ago|earlier))\s+)?"
         r"(?:fiscal\s+)?(?P<q>{ordinal})"
         r"[\s-]+(?:fiscal\s+)?quarter(?:\s+of\s+(?:(?P<y2>{year})|(?P<rel2>{rel})\s+year))?", "date"),
    Rule("quarter_code", "DATE", r"(?:(?P<q>[1-4])Q|Q(?P<q2>[1-4]))(?:\s+(?P<y>{year}))?", "date"),
    Rule("fiscal_year", "DATE", r"(?:(?P<mod>{mod})\s+)?(?:fiscal(?:\s+year)?|FY)\s*'?(?P<y>{year}|\d\d)(?!\d)",
         "date"),
    Rule("decade", "DATE",
         r"(?:the\s+)?(?:(?P<mod>{mod})\s*)?(?:(?P<dec>1[89]\d0|20\d0)'?s|'(?P<dec2>\d0)s)(?!\w)", "decade"),
    Rule("decade_word", "DATE", r"(?:the\s+)?(?:(?P<mod>{mod})\s*)?(?P<decw>{decade_word})", "decade"),
    Rule("spelled_year", "DATE",
         r"(?:the\s+year\s+)?(?P<yw>{spelled_year})", "date"),
    Rule("century", "DATE",
         r"(?:the\s+)?(?:(?P<mod>{mod})\s*)?(?P<cent>\d{1,2})(?:st|nd|rd|th)[\s-]+century", "decade"),
    Rule("year_end", "DATE", r"(?:(?P<approx>{approx})\s+)?(?P<year_end>year[\s-]end|year's\s+end)", "date"),
    Rule("year", "DATE", r"(?<![$£€#\d.,])(?:(?P<mod>{mod})\s*)?(?P<y>{year}){not_count}", "date"),
    Rule("season", "DATE",
         r"(?:(?P<rel>{rel})\s+|(?P<mod>{mod})\s+)?(?:the\s+)?(?P<season>{season})"
         r"(?:\s+(?:of\s+)?(?:(?P<y>{year})|(?P<yw>{spelled_year})))?", "date"),
    Rule("holiday", "DATE", r"(?P<holiday>{holiday})(?:{sep}(?P<y>{year}))?", "date"),
    Rule("day_rel", "DATE", r"(?:(?P<mod>{mod})\s+)?(?P<day_rel>{day_rel})(?:\s+(?P<pod>{part_of_day}))?",
         "date"),
    Rule("pod_mod", "TIME", r"(?P<mod>{mod})\s*(?P<pod>{part_of_day})(?:\s+(?P<day_rel>{day_rel}))?", "clock"),
    Rule("pod_rel", "TIME", r"(?:(?P<mod>{mod})\s+)?(?P<podrel>this|last|tomorrow|yesterday)\s+(?P<pod>{part_of_day})",
         "date"),
    Rule("weekday", "DATE",
         r"(?:(?P<mod>{mod})\s+)?(?:(?P<rel>{rel})\s+)?(?P<wd>{weekday})(?!\w)(?:\s+(?P<pod>{part_of_day}))?",
         "date"),
    Rule("clock", "TIME",
         r"(?:(?P<approx>{approx})\s+)?(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>{am}|{pm})"
         r"(?:\s+(?P<tz>{time_zone}))?(?:{sep}(?:(?P<wd>{weekday})|(?P<day_rel>{day_rel})|"
         r"(?P<mon>{month})\.?\s+(?P<d>{day})))?", "clock"),
    Rule("clock_phrase", "TIME",
         r"(?:(?P<approx>{approx})\s+)?(?P<hour>[01]?\d|{number})(?=\s+(?:o'clock|{clock_part_of_day}))"
         r"(?:\s+o'clock)?(?:\s+(?P<clock_pod>{clock_part_of_day}))?", "clock"),
    Rule("clock24", "TIME",
         r"(?:(?P<approx>{approx})\s+)?(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?!\d)(?:\s+(?P<tz>{time_zone}))?",
         "clock"),
    Rule("noon", "TIME",
         r"(?:(?P<approx>{approx})\s+)?(?P<noon>{noon})(?:{sep}(?:(?P<wd>{weekday})|(?P<day_rel>{day_rel})))?",
         "clock"),
    Rule("ago", "DATE",
         r"(?:(?P<approx>{approx})\s+)?(?P<n>{num})[\s-]+(?P<unit>{unit})\s+(?P<ago>{ago})(?!\w)", "ago"),
    Rule("year_ago", "DATE", r"(?:the\s+)?(?P<n>year)-(?P<ago>ago|earlier)(?:\s+(?P<unit>quarter|period))?",
         "ago"),
    Rule("period_ended", "DURATION",
         r"(?P<one>the|its|a)\s+(?:(?:fiscal|full|latest)\s+)?(?!quarter)(?P<unit>{unit})"
         r"(?=\s+(?:ended|ending|that\s+ended)\b)", "duration"),
    Rule("reference_period", "DATE",
         r"(?:the\s+(?:(?P<ref_adj>{reference_period})\s+)?(?:(?P<py>{year})\s+)?|(?P<last_year>last\s+year's)\s+)"
         r"(?:fiscal\s+)?(?P<period>period|quarter)(?!\w)(?:\s+(?:of\s+)?(?P<ya>{year_before}))?", "anaphor"),
    Rule("the_day", "DATE", r"(?:{day_frame})\s+(?P<t>(?P<the_day>the\s+day))(?!\w)", "anaphor"),
    Rule("rel_unit", "DATE",
         r"(?:(?P<mod>{mod})\s+)?(?:(?P<rel>{rel})\s+|(?P<the>the)\s+)(?P<unit>{unit})(?!\w)", "rel_unit"),
    Rule("duration", "DURATION",
         r"(?:(?P<approx>{approx})\s+)?(?:the\s+(?:(?:past|last|next|previous|coming|first|final|latest|"
         r"initial|following|remaining|full)\s+)?|(?:past|last|next|first|another|additional)\s+)?"
         r"(?P<n>{num})(?P<half>\s+1/2|\s+and\s+a\s+half)?(?:\s+(?:more|full|straight|consecutive|additional))?"
         r"[\s-]+(?P<unit>{unit})(?P<half2>\s+and\s+a\s+half)?(?:[\s-]+long)?(?![\s-]+old)", "duration"),
    Rule("unit_long", "DURATION", r"(?P<unit>{unit})(?P<long>-?long)", "duration"),
    Rule("duration_x", "DURATION",
         r"(?:for|in|over|within|after|took|takes|last|lasted)\s+(?P<t>(?P<unit>years|months|weeks|days|hours|"
         r"decades|minutes))(?!\w)", "duration"),
    Rule("set_every", "SET",
         r"(?P<every>{every})\s+(?:(?P<n>{num})\s+)?(?:(?P<unit>{unit})|(?P<wd>{weekday})(?:\s+(?P<pod>"
         r"{part_of_day}))?|(?P<mon>{month})|(?P<season>{season}))(?!\w)", "set"),
    Rule("set_times", "SET",
         r"(?:once|twice|(?:{num})\s+times)\s+(?:a|an|per|every)\s+(?P<unit>{unit})(?!\w)", "set"),
    Rule("set_rate", "SET",
         r"(?:[$€£]\s?[\d.,]+(?:\s+(?:million|billion|thousand))?|[\d.,]+\s*(?:%|percent))\s+"
         r"(?P<t>(?:a|an|per)\s+(?P<unit>{unit}))(?!\w)", "set"),
    Rule("set_plural_weekday", "SET",
         r"(?:on\s+)(?P<t>(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s)(?!\w)", "set"),
    Rule("set_adverb", "SET", r"(?P<set_adverb>{set_adverb})", "set"),
    Rule("ref", "DATE", r"(?P<ref>{ref})(?!\s+{ref_compound})", "ref"),
    Rule("ref_ctx", "DATE", r"(?:in|into|for|to)\s+(?P<t>(?P<ref>{ref_needs_context}))", "ref"),
]

DE: list[Rule] = [
    Rule("iso_date", "DATE", EN[1].pattern, "date"),
    Rule("numeric_date", "DATE", EN[2].pattern, "date"),
    Rule("day_month_year", "DATE",
         r"(?:(?P<wd>{weekday}),?\s+)?(?P<d>{day})\.\s*(?P<mon>{month})\.?"
         r"(?:\s+(?P<y>{year}))?", "date"),
    Rule("month_year", "DATE", r"(?:(?P<mod>{mod})\s+)?(?P<mon>{month})\.?\s+(?P<y>{year})", "date"),
    Rule("month", "DATE", r"(?:(?P<rel>{rel})\s+|(?P<mod>{mod})\s+)?(?P<mon>{month})(?!\w)", "date"),
    Rule("year", "DATE", r"(?<![$£€#\d.,])(?:(?P<mod>{mod})\s+)?(?P<y>{year})(?![\s-]*(?:%|Prozent))", "date"),
    Rule("quarter", "DATE", r"(?:im\s+)?(?P<q>{ordinal})\s+Quartal(?:\s+(?P<y>{year}))?", "date"),
    Rule("decade", "DATE", r"(?P<dec>1[89]\d0|20\d0)er(?:\s+Jahren?)?", "decade"),
    Rule("season", "DATE", r"(?:(?P<rel>{rel})\s+|(?P<mod>{mod})\s+)?(?P<season>{season})(?:\s+(?P<y>{year}))?",
         "date"),
    Rule("holiday", "DATE", r"(?P<holiday>{holiday})(?:\s+(?P<y>{year}))?", "date"),
    Rule("day_rel", "DATE", r"(?P<day_rel>{day_rel})(?:\s+(?P<pod>{part_of_day}))?(?!\s+(?:früh|Morgen))", "date"),
    Rule("weekday", "DATE",
         r"(?:(?P<rel>{rel})\s+)?(?P<wd>{weekday})(?:\s*(?P<pod>{part_of_day}))?(?!\w)", "date"),
    Rule("clock", "TIME", r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?:\s+Uhr)?", "date"),
    Rule("clock_uhr", "TIME", r"(?P<hour>[01]?\d|2[0-3])\s+Uhr", "date"),
    Rule("ago", "DATE", r"vor\s+(?P<n>{num})\s+(?P<unit>{unit})(?!\w)", "ago"),
    Rule("rel_unit", "DATE", r"(?:(?P<mod>{mod})\s+)?(?P<rel>{rel})\s+(?P<unit>{unit})(?!\w)", "rel_unit"),
    Rule("duration", "DURATION",
         r"(?:(?P<approx>{approx})\s+)?(?P<n>{num})\s+(?P<unit>{unit})(?:\s+lang)?(?!\w)", "duration"),
    Rule("set_every", "SET",
         r"(?P<every>{every})\s+(?:(?P<n>{num})\s+)?(?:(?P<unit>{unit})|(?P<wd>{weekday}))(?!\w)", "set"),
    Rule("set_adverb", "SET", r"(?P<set_adverb>{set_adverb})", "set"),
    Rule("ref", "DATE", r"(?P<ref>{ref})", "ref"),
]

FR: list[Rule] = [
    Rule("iso_date", "DATE", EN[1].pattern, "date"),
    Rule("numeric_date", "DATE", EN[2].pattern, "date"),
    Rule("day_month_year", "DATE",
         r"(?:(?P<wd>{weekday})\s+)?(?:le\s+)?(?P<d>{day}|1er)\s+(?P<mon>{month})\.?(?:\s+(?P<y>{year}))?", "date"),
    Rule("month_year", "DATE", r"(?:(?P<mod>{mod})\s*)?(?P<mon>{month})\.?\s+(?P<y>{year})", "date"),
    Rule("month", "DATE",
         r"(?:(?P<mod>{mod})\s*)?(?P<mon>{month})(?!\w)(?:\s+(?P<rel>dernier|prochain))?", "date"),
    Rule("year", "DATE", r"(?<![$£€#\d.,])(?:(?P<mod>{mod})\s*)?(?P<y>{year})(?![\s-]*(?:%|pour\s*cent))", "date"),
    Rule("quarter", "DATE", r"(?:le\s+)?(?P<q>{ordinal})\s+trimestre(?:\s+(?P<y>{year}))?", "date"),
    Rule("decade", "DATE", r"(?:les\s+)?années\s+(?:(?P<dec>1[89]\d0|20\d0)|(?P<dec2>\d0))(?!\d)", "decade"),
    Rule("season", "DATE",
         r"(?:(?:l'|le\s+|cet\s+|ce\s+|en\s+)(?P<season>{season})(?:\s+(?P<rel>dernier|prochain))?"
         r"(?:\s+(?P<y>{year}))?)", "date"),
    Rule("holiday", "DATE", r"(?P<holiday>{holiday})(?:\s+(?P<y>{year}))?", "date"),
    Rule("day_rel", "DATE", r"(?P<day_rel>{day_rel})(?:\s+(?P<pod>{part_of_day}))?", "date"),
    Rule("weekday", "DATE",
         r"(?P<wd>{weekday})(?!\w)(?:\s+(?P<pod>{part_of_day}))?(?:\s+(?P<rel>dernier|prochain))?", "date"),
    Rule("clock", "TIME", r"(?P<hour>[01]?\d|2[0-3])\s*h\s*(?P<minute>[0-5]\d)?(?!\w)", "date"),
    Rule("ago", "DATE", r"il\s+y\s+a\s+(?P<n>{num})\s+(?P<unit>{unit})(?!\w)", "ago"),
    Rule("rel_unit", "DATE",
         r"(?:(?P<mod>{mod})\s*)?(?:(?:la|le|l')\s*)?(?P<unit>{unit})\s+(?P<rel>{rel})(?!\w)", "rel_unit"),
    Rule("rel_unit_pre", "DATE",
         r"(?:(?P<mod>{mod})\s*)?(?P<rel>ce|cet|cette)\s+(?P<unit>{unit})(?:-ci)?(?!\w)", "rel_unit"),
    Rule("duration", "DURATION",
         r"(?:(?P<approx>{approx})\s+)?(?P<n>{num})\s+(?P<unit>{unit})(?!\w)", "duration"),
    Rule("set_every", "SET",
         r"(?P<every>{every})\s+(?:(?P<n>{num})\s+)?(?:(?P<unit>{unit})|(?P<wd>{weekday})s?)(?!\w)", "set"),
    Rule("set_adverb", "SET", r"(?P<set_adverb>{set_adverb})", "set"),
    Rule("ref", "DATE", r"(?P<ref>{ref})", "ref"),
]

ES: list[Rule] = [
    Rule("iso_date", "DATE", EN[1].pattern, "date"),
    Rule("numeric_date", "DATE", EN[2].pattern, "date"),
    Rule("day_month_year", "DATE",
         r"(?:(?P<wd>{weekday}),?\s+)?(?:el\s+)?(?P<d>{day})\s+de\s+(?P<mon>{month})(?:\s+de(?:l)?\s+(?P<y>{year}))?",
         "date"),
    Rule("month_year", "DATE", r"(?:(?P<mod>{mod})\s+)?(?P<mon>{month})\s+de(?:l)?\s+(?P<y>{year})", "date"),
    Rule("month", "DATE", r"(?:(?P<mod>{mod})\s+)?(?P<mon>{month})(?!\w)(?:\s+(?P<rel>pasado|próximo))?", "date"),
    Rule("year", "DATE", r"(?<![$£€#\d.,])(?:(?P<mod>{mod})\s+)?(?P<y>{year})(?![\s-]*(?:%|por\s*ciento))", "date"),
    Rule("quarter", "DATE", r"(?:el\s+)?(?P<q>{ordinal})\s+trimestre(?:\s+de(?:l)?\s+(?P<y>{year}))?", "date"),
    Rule("decade", "DATE", r"(?:los\s+)?años\s+(?:(?P<dec>1[89]\d0|20\d0)|(?P<dec2>\d0))(?!\d)", "decade"),
    Rule("season", "DATE",
         r"(?:(?:el|este|en)\s+)(?P<season>{season})(?:\s+(?P<rel>pasado|próximo))?(?:\s+de(?:l)?\s+(?P<y>{year}))?",
         "date"),
    Rule("holiday", "DATE", r"(?P<holiday>{holiday})(?:\s+de(?:l)?\s+(?P<y>{year}))?", "date"),
    Rule("day_rel", "DATE",
         r"(?<!la\s)(?<!por\s)(?P<day_rel>{day_rel})(?:\s+por\s+la\s+(?P<pod>{part_of_day}))?", "date"),
    Rule("weekday", "DATE",
         r"(?:(?:el|este)\s+)?(?P<wd>{weekday})(?!\w)(?:\s+(?P<rel>pasado|próximo|que\s+viene))?", "date"),
    Rule("clock_ampm", "TIME", r"(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>{am}|{pm})", "clock"),
    Rule("clock", "TIME", r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?:\s+horas)?", "date"),
    Rule("ago", "DATE", r"hace\s+(?P<n>{num})\s+(?P<unit>{unit})(?!\w)", "ago"),
    Rule("rel_unit", "DATE",
         r"(?:(?P<mod>{mod})\s+)?(?:(?:la|el)\s+)?(?P<unit>{unit})\s+(?P<rel>{rel})(?!\w)", "rel_unit"),
    Rule("rel_unit_pre", "DATE",
         r"(?:(?P<mod>{mod})\s+)?(?:(?:la|el)\s+)?(?P<rel>{rel})\s+(?P<unit>{unit})(?!\w)", "rel_unit"),
    Rule("duration", "DURATION",
         r"(?:(?P<approx>{approx})\s+)?(?P<n>{num})\s+(?P<unit>{unit})(?!\w)", "duration"),
    Rule("set_every", "SET",
         r"(?P<every>{every})\s+(?:(?P<n>{num})\s+)?(?:(?P<unit>{unit})|(?P<wd>{weekday}))(?!\w)", "set"),
    Rule("set_adverb", "SET", r"(?P<set_adverb>{set_adverb})", "set"),
    Rule("ref", "DATE", r"(?P<ref>{ref})", "ref"),
]

RULES: dict[str, list[Rule]] = {"en": EN, "de": DE, "fr": FR, "es": ES}
