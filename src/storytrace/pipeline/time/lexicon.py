"""Word lists of the temporal tagger, one table per language and per kind of word.

These are the "resources" of a HeidelTime-style tagger: the rules in ``rules.py`` refer to them by
name (``{month}``, ``{weekday}``, ...), the engine turns each table into a regex alternation and the
normalisers look the matched words up here. Keys are lower-case, apostrophes straight, single spaces.

Unit codes: Y year, M month, W week, D day, H hour, MIN minute, S second, Q quarter, DE decade,
CE century, WE weekend. Part-of-day, season and mod values are the TimeML ones.
"""

from __future__ import annotations

from typing import Any

_NUMBERS_EN = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000, "several": "X", "a few": "X", "few": "X", "many": "X",
    "some": "X", "a couple of": 2, "couple of": 2, "a dozen": 12, "dozens of": "X", "hundreds of": "X",
}

EN: dict[str, Any] = {
    "tens": ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"],
    "multiplier": ["hundred", "thousand"],
    "decade_word": {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                    "eighties": 8, "nineties": 9},
    # Units that "this/next/last" may not take in the plural ("the coming months" is FUTURE_REF).
    "plural_suffix": "s",
    "month": {
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
        "dec": 12,
    },
    "weekday": {
        "monday": 1, "mon": 1, "tuesday": 2, "tues": 2, "tue": 2, "wednesday": 3, "wed": 3,
        "thursday": 4, "thurs": 4, "thu": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6,
        "sunday": 7, "sun": 7,
    },
    "number": _NUMBERS_EN,
    "ordinal": {
        "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    },
    "unit": {
        "year": "Y", "years": "Y", "yr": "Y", "yrs": "Y", "month": "M", "months": "M", "week": "W",
        "weeks": "W", "day": "D", "days": "D", "hour": "H", "hours": "H", "minute": "MIN",
        "minutes": "MIN", "second": "S", "seconds": "S", "quarter": "Q", "quarters": "Q",
        "decade": "DE", "decades": "DE", "century": "CE", "centuries": "CE", "weekend": "WE",
        "weekends": "WE", "trading day": "D", "trading days": "D", "business days": "D",
        "session": "D", "sessions": "D", "fiscal year": "Y", "fiscal years": "Y",
    },
    # "this/next/last" + unit, weekday, month or season: offset in units.
    "rel": {
        "last": -1, "past": -1, "previous": -1, "prior": -1, "this": 0, "current": 0,
        "the current": 0, "the latest": 0, "latest": 0, "next": 1, "coming": 1, "the coming": 1,
        "the next": 1, "the previous": -1, "the last": -1, "the past": -1, "this past": -1,
        "the following": 1, "following": 1, "the same": 0, "the full": 0, "the whole": 0,
    },
    # Anaphoric determiners: the unit, weekday or part of day is counted from the last date mentioned, not from
    # the publication date ("the following year", "the previous Friday", "that same day"); "the next" only so
    # for days ("the next morning"), as "the next year" in news is mostly the coming one.
    "anaphor": {
        "that": 0, "that same": 0, "the same": 0, "the following": 1, "the previous": -1, "the preceding": -1,
        "the prior": -1,
    },
    "anaphor_day": {"the next": 1},
    # "the same month a year ago", "the corresponding period last year": the period mentioned, a year back.
    "year_before": [
        "last year", "a year ago", "a year earlier", "a year before", "one year ago", "one year earlier",
        "the previous year", "the prior year", "the year before", "the last year",
    ],
    # Earnings news: adjectives of "period"/"quarter" that refer to the quarter being reported, and how many
    # years back they move it ("the latest period", "the year-ago quarter").
    "reference_period": {
        "latest": 0, "comparable": 0, "corresponding": 0, "same": 0, "year-ago": -1, "year-earlier": -1,
        "year ago": -1, "year earlier": -1, "comparable year-ago": -1, "comparable year-earlier": -1,
        "prior-year": -1, "prior year": -1,
    },
    # Verbs and prepositions after which "the day" is the (trading) day last mentioned ("ended the day at").
    "day_frame": ["end", "ended", "ending", "ends", "finish", "finished", "finishing", "close", "closed", "closing",
                  "start", "started", "starting", "for"],
    "day_rel": {
        "yesterday": -1, "today": 0, "tomorrow": 1, "the day before yesterday": -2,
        "the day after tomorrow": 2, "tonight": 0,
    },
    "day_rel_pod": {"tonight": "NI"},  # day words that also name a part of the day
    "part_of_day": {
        "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
        "nights": "NI", "mornings": "MO", "evenings": "EV", "midday": "MI", "tonight": "NI",
    },
    "season": {
        "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
    },
    # Modifiers that point inside a period (TimeML mod).
    "mod": {
        "early": "START", "earlier": "START", "the beginning of": "START", "the start of": "START",
        "beginning of": "START", "start of": "START", "late": "END", "later": "END",
        "the end of": "END", "end of": "END", "end-": "END", "mid": "MID", "mid-": "MID",
        "the middle of": "MID", "middle of": "MID", "the first half of": "START",
        "the second half of": "END",
    },
    # Modifiers of quantity (durations, "ago" dates, times).
    "approx": {
        "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
        "some": "APPROX", "nearly": "APPROX", "almost": "LESS_THAN", "more than": "MORE_THAN",
        "less than": "LESS_THAN", "under": "LESS_THAN", "at least": "EQUAL_OR_MORE",
        "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "just over": "MORE_THAN",
        "just under": "LESS_THAN", "barely": "LESS_THAN",
    },
    "ref": {
        "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
        "at present": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
        "these days": "PRESENT_REF", "at the moment": "PRESENT_REF", "the present": "PRESENT_REF",
        "recently": "PAST_REF", "lately": "PAST_REF", "formerly": "PAST_REF", "the past": "PAST_REF",
        "recent years": "PAST_REF", "recent days": "PAST_REF", "recent weeks": "PAST_REF",
        "recent months": "PAST_REF", "past years": "PAST_REF", "the future": "FUTURE_REF",
        "the near term": "FUTURE_REF", "the short term": "FUTURE_REF", "the long term": "FUTURE_REF",
        "a later date": "FUTURE_REF", "a future date": "FUTURE_REF",
        "the near future": "FUTURE_REF", "the coming years": "FUTURE_REF", "coming years": "FUTURE_REF",
        "coming months": "FUTURE_REF", "coming weeks": "FUTURE_REF", "coming days": "FUTURE_REF",
        "the years ahead": "FUTURE_REF", "the coming months": "FUTURE_REF",
        "the coming weeks": "FUTURE_REF", "the coming days": "FUTURE_REF", "coming quarters": "FUTURE_REF",
        "the coming quarters": "FUTURE_REF", "future quarters": "FUTURE_REF", "future years": "FUTURE_REF",
        # The adjective "current" points at the present like "currently" (TimeBank marks 9 of its 17 bare uses);
        # "then current" moves it into the past.
        "current": "PRESENT_REF", "then current": "PAST_REF", "then-current": "PAST_REF",
    },
    # Nouns that make a reference word part of a fixed term, not a time ("current account", "current assets").
    "ref_compound": ["account", "accounts", "assets", "liabilities"],
    # Words that are a time expression only after a preposition ("in the past", not "the past week").
    # "previously", "soon" and a bare "recent" are left out: TimeBank (our development set) mostly does not
    # annotate them, and they are rarely useful anchors.
    "ref_needs_context": ["the past", "the present"],
    "set_adverb": {
        "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
        "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W",
    },
    "every": ["every", "each", "per"],
    # "later"/"before" are left out: TimeML tags "three days" in "three days later" as a duration.
    "ago": ["ago", "earlier", "from now", "hence"],
    "future_ago": ["from now", "hence"],
    "anaphoric_ago": ["earlier"],  # counted from the last date mentioned ("a year earlier"), not the DCT
    "time_zone": ["est", "edt", "pst", "pdt", "cst", "cdt", "gmt", "utc", "et", "bst", "cet", "cest"],
    "noon": {"noon": "12:00", "midday": "12:00", "midnight": "24:00"},
    # "4 in the morning", "8 in the evening", "11 at night": which half of the day the hour is in.
    "clock_part_of_day": {"in the morning": "am", "in the afternoon": "pm", "in the evening": "pm", "at night": "pm"},
    "am": ["am", "a.m.", "a.m", "a m"],
    "pm": ["pm", "p.m.", "p.m", "p m"],
    "holiday": {
        "christmas": "12-25", "christmas day": "12-25", "christmas eve": "12-24",
        "new year's day": "01-01", "new year's eve": "12-31", "independence day": "07-04",
        "halloween": "10-31", "valentine's day": "02-14", "labor day": "LABOR",
        "thanksgiving": "THANKSGIVING", "thanksgiving day": "THANKSGIVING", "election day": "ELECTION",
    },
    # Tense cues of a clause (regex alternatives, matched case-insensitively on word boundaries). "would" is the
    # future seen from the past ("would be held on April 24"): with reporting verbs no longer read as the tense of
    # what they report, it places dates better on TimeBank and AQUAINT; "could" and "might" did not ("could not
    # be located Wednesday"). "next" and "due to" made weekday values worse on TimeBank.
    # A yearless date right after one of these is a deadline or a start, counted forward from the publication
    # date unless the clause is in the past perfect ("had filed by Wednesday").
    "prospective_words": ["by", "until", "till", "through", "as soon as", "as early as", "effective",
                          "deadline of", "due on", "scheduled for"],
    # ... and one after these lies before the publication date ("since Oct. 23").
    "retrospective_words": ["since"],
    # Verbs of asking and ordering: their object is an action still to come when they are said, so a deadline
    # in it counts forward even after "had" ("had asked for a signed agreement by May 9"), unlike a deadline
    # of a completed action ("had filed by Wednesday").
    # ("told" and "called" are left out: "had called by Monday" is a call that was made).
    "directive_verbs": ["asked", "demanded", "requested", "urged", "ordered", "instructed", "pressed", "wanted",
                        "expected"],
    # Auxiliaries in front of a past form (engine._Tenses): after a future, modal or present one it is a
    # participle ("will be signed", "would be paid", "is expected"), after "had" a past perfect. Fillers may
    # stand between (as may any adverb in -ly).
    "verb_group": {
        "future": ["will", "shall", "won't", "'ll"],
        "pluperfect": ["had", "hadn't", "'d"],
        "nonpast": ["is", "are", "am", "isn't", "aren't", "would", "could", "should", "might", "may", "must", "can",
                    "wouldn't", "couldn't", "shouldn't", "can't", "cannot", "to"],
        "filler": ["not", "never", "also", "already", "just", "still", "ever", "be", "been", "being", "have",
                   "now", "then", "soon"],
        # A form in -ed after a determiner is an adjective ("a still unspecified date", "the proposed merger").
        "determiner": ["a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
                       "your", "my", "any", "some", "no", "every", "each"],
    },
    # Verbs that date a report rather than what it reports: a tense cue only next to their date ("said Friday").
    "reporting_verbs": ["said", "told", "announced", "reported", "added", "stated", "noted", "wrote", "explained",
                        "declared", "confirmed", "claimed", "argued", "predicted", "warned", "insisted"],
    "future_cues": [
        "will", "'ll", "won't", "shall", "would", "going to", "plans? to", "planned", "planning to", "scheduled",
        "slated", "expected to", "upcoming", "aims? to", "intends? to", "set to", "is to", "are to",
    ],
    "past_cues": [
        "was", "were", "had", "did", "said", "told", "wrote", "took", "gave", "came", "went", "made", "met",
        "saw", "began", "won", "lost", "left", "held", "fell", "rose", "sold", "bought", "paid", "found",
        "spoke", "became", "brought", "thought", "knew", "got", "sent", "spent", "struck", "ran", "led",
        "ago", "last", "earlier", "\\w{3,}ed", "ha(?:s|ve) been",
    ],
    "numeric_order": "MDY",
}

_NUMBERS_DE = {
    "ein": 1, "eine": 1, "einem": 1, "einer": 1, "einen": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "hundert": 100, "mehrere": "X",
    "mehreren": "X", "einige": "X", "einigen": "X", "wenige": "X", "wenigen": "X", "paar": "X",
    "ein paar": "X",
}

DE: dict[str, Any] = {
    "tens": [],
    "multiplier": [],
    "plural_suffix": None,
    "month": {
        "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "mär": 3, "april": 4,
        "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
        "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
        "dezember": 12, "dez": 12,
    },
    "weekday": {
        "montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5, "samstag": 6,
        "sonnabend": 6, "sonntag": 7,
    },
    "number": _NUMBERS_DE,
    "ordinal": {"ersten": 1, "erste": 1, "zweiten": 2, "zweite": 2, "dritten": 3, "dritte": 3,
                "vierten": 4, "vierte": 4},
    "unit": {
        "jahr": "Y", "jahre": "Y", "jahren": "Y", "jahres": "Y", "jahrs": "Y", "monat": "M", "monate": "M",
        "monaten": "M", "monats": "M", "woche": "W", "wochen": "W", "tag": "D", "tage": "D",
        "tagen": "D", "tages": "D", "stunde": "H", "stunden": "H", "minute": "MIN", "minuten": "MIN",
        "sekunden": "S", "quartal": "Q", "quartale": "Q", "quartals": "Q", "jahrzehnt": "DE",
        "jahrzehnte": "DE", "jahrzehnten": "DE", "jahrhundert": "CE", "wochenende": "WE",
    },
    "rel": {
        "letzte": -1, "letzten": -1, "letztes": -1, "letzter": -1, "vergangene": -1, "vergangenen": -1,
        "vergangenes": -1, "vorige": -1, "vorigen": -1, "voriges": -1, "vorletzte": -2,
        "diese": 0, "diesen": 0, "dieses": 0, "dieser": 0, "diesem": 0, "nächste": 1, "nächsten": 1,
        "nächstes": 1, "kommende": 1, "kommenden": 1, "kommendes": 1, "übernächste": 2,
        "des laufenden": 0, "im laufenden": 0, "laufenden": 0,
    },
    "day_rel": {"gestern": -1, "heute": 0, "morgen": 1, "vorgestern": -2, "übermorgen": 2},
    "day_rel_pod": {},
    "part_of_day": {"morgen": "MO", "vormittag": "MO", "früh": "MO", "mittag": "MI", "nachmittag": "AF",
                    "abend": "EV", "nacht": "NI"},
    "season": {"frühling": "SP", "frühjahr": "SP", "sommer": "SU", "herbst": "FA", "winter": "WI"},
    "mod": {"anfang": "START", "beginn": "START", "mitte": "MID", "ende": "END", "spät": "END",
            "früh": "START", "zu beginn des": "START", "am ende des": "END", "ende des": "END",
            "anfang des": "START", "mitte des": "MID"},
    "approx": {"etwa": "APPROX", "ungefähr": "APPROX", "rund": "APPROX", "circa": "APPROX", "ca.": "APPROX",
               "fast": "LESS_THAN", "knapp": "LESS_THAN", "mehr als": "MORE_THAN", "über": "MORE_THAN",
               "weniger als": "LESS_THAN", "mindestens": "EQUAL_OR_MORE", "bis zu": "EQUAL_OR_LESS"},
    "ref": {"jetzt": "PRESENT_REF", "derzeit": "PRESENT_REF", "zurzeit": "PRESENT_REF",
            "gegenwärtig": "PRESENT_REF", "momentan": "PRESENT_REF", "aktuell": "PRESENT_REF",
            "kürzlich": "PAST_REF", "neulich": "PAST_REF", "vor kurzem": "PAST_REF", "früher": "PAST_REF",
            "zuletzt": "PAST_REF", "bald": "FUTURE_REF", "künftig": "FUTURE_REF",
            "in zukunft": "FUTURE_REF"},
    "ref_needs_context": [],
    "set_adverb": {"täglich": "P1D", "wöchentlich": "P1W", "monatlich": "P1M", "jährlich": "P1Y",
                   "stündlich": "PT1H"},
    "every": ["jeden", "jede", "jedes", "jeder", "alle"],
    "ago": [],
    "future_ago": [],
    "anaphoric_ago": [],
    "time_zone": ["mez", "mesz", "utc"],
    "noon": {"mittag": "12:00", "mitternacht": "24:00"},
    "am": [],
    "pm": [],
    "holiday": {"weihnachten": "12-25", "heiligabend": "12-24", "silvester": "12-31", "neujahr": "01-01"},
    "future_cues": ["wird", "werden", "wirst", "werde", "will", "wollen", "soll", "sollen", "nächste\\w*",
                    "kommende\\w*", "geplant"],
    "past_cues": ["war", "waren", "hatte", "hatten", "hat", "haben", "ist", "sind", "sagte", "wurde",
                  "wurden", "ge\\w{3,}t", "ge\\w{3,}en", "letzte\\w*", "vergangene\\w*"],
    "prospective_words": [],
    "directive_verbs": [],
    "retrospective_words": [],
    "verb_group": {"future": [], "pluperfect": [], "nonpast": [], "filler": [], "determiner": []},
    "reporting_verbs": ["sagte", "sagten", "erklärte", "erklärten", "berichtete", "teilte"],
    "numeric_order": "DMY",
}

_NUMBERS_FR = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "cent": 100, "plusieurs": "X", "quelques": "X",
}

FR: dict[str, Any] = {
    "tens": [],
    "multiplier": [],
    "plural_suffix": None,
    "month": {
        "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "mars": 3, "avril": 4, "avr": 4,
        "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "sept": 9,
        "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12, "decembre": 12, "déc": 12,
    },
    "weekday": {"lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6,
                "dimanche": 7},
    "number": _NUMBERS_FR,
    "ordinal": {"premier": 1, "1er": 1, "deuxième": 2, "second": 2, "troisième": 3, "quatrième": 4},
    "unit": {
        "an": "Y", "ans": "Y", "année": "Y", "années": "Y", "mois": "M", "semaine": "W", "semaines": "W",
        "jour": "D", "jours": "D", "journée": "D", "heure": "H", "heures": "H", "minute": "MIN",
        "minutes": "MIN", "seconde": "S", "secondes": "S", "trimestre": "Q", "trimestres": "Q",
        "décennie": "DE", "décennies": "DE", "siècle": "CE", "week-end": "WE", "weekend": "WE",
    },
    "rel": {"ce": 0, "cet": 0, "cette": 0, "le dernier": -1, "la dernière": -1, "le prochain": 1,
            "la prochaine": 1, "prochain": 1, "prochaine": 1, "dernier": -1, "dernière": -1,
            "passé": -1, "passée": -1, "précédent": -1, "précédente": -1, "suivant": 1, "suivante": 1},
    "day_rel": {"hier": -1, "aujourd'hui": 0, "demain": 1, "avant-hier": -2, "après-demain": 2,
                "ce soir": 0},
    "day_rel_pod": {"ce soir": "EV"},
    "part_of_day": {"matin": "MO", "matinée": "MO", "midi": "MI", "après-midi": "AF", "soir": "EV",
                    "soirée": "EV", "nuit": "NI"},
    "season": {"printemps": "SP", "été": "SU", "automne": "FA", "hiver": "WI"},
    "mod": {"fin": "END", "début": "START", "mi-": "MID", "mi": "MID", "la fin de": "END",
            "le début de": "START", "la mi-": "MID", "fin de": "END", "début de": "START",
            "la fin d'": "END", "le début d'": "START", "fin d'": "END", "début d'": "START"},
    "approx": {"environ": "APPROX", "près de": "APPROX", "presque": "LESS_THAN", "plus de": "MORE_THAN",
               "moins de": "LESS_THAN", "au moins": "EQUAL_OR_MORE", "jusqu'à": "EQUAL_OR_LESS"},
    "ref": {"maintenant": "PRESENT_REF", "actuellement": "PRESENT_REF", "en ce moment": "PRESENT_REF",
            "aujourd'hui encore": "PRESENT_REF", "désormais": "PRESENT_REF", "récemment": "PAST_REF",
            "dernièrement": "PAST_REF", "autrefois": "PAST_REF", "naguère": "PAST_REF",
            "bientôt": "FUTURE_REF", "à l'avenir": "FUTURE_REF", "prochainement": "FUTURE_REF"},
    "ref_needs_context": [],
    "set_adverb": {"quotidiennement": "P1D", "chaque jour": "P1D", "hebdomadaire": "P1W",
                   "mensuellement": "P1M", "annuellement": "P1Y"},
    "every": ["chaque", "tous les", "toutes les"],
    "ago": [],
    "future_ago": [],
    "anaphoric_ago": [],
    "time_zone": ["gmt", "utc"],
    "noon": {"midi": "12:00", "minuit": "24:00"},
    "am": [],
    "pm": [],
    "holiday": {"noël": "12-25", "le jour de l'an": "01-01", "la saint-sylvestre": "12-31"},
    "future_cues": ["va", "vont", "sera", "seront", "aura", "auront", "devrait", "devraient",
                    "\\w{3,}(?:rai|ra|rons|rez|ront)", "prochain\\w*"],
    "past_cues": ["a", "ont", "avait", "avaient", "était", "étaient", "fut", "est", "sont",
                  "\\w{3,}(?:é|ée|és|ées|i|it|u)", "dernier", "dernière"],
    "prospective_words": [],
    "directive_verbs": [],
    "retrospective_words": [],
    "verb_group": {"future": [], "pluperfect": [], "nonpast": [], "filler": [], "determiner": []},
    "reporting_verbs": ["déclaré", "dit", "annoncé", "indiqué", "affirmé", "expliqué"],
    "numeric_order": "DMY",
}

_NUMBERS_ES = {
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "cien": 100, "varios": "X", "varias": "X",
    "unos": "X", "unas": "X", "algunos": "X", "algunas": "X",
}

ES: dict[str, Any] = {
    "tens": [],
    "multiplier": [],
    "plural_suffix": None,
    "month": {
        "enero": 1, "ene": 1, "febrero": 2, "feb": 2, "marzo": 3, "mar": 3, "abril": 4, "abr": 4, "mayo": 5,
        "junio": 6, "jun": 6, "julio": 7, "jul": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9,
        "sept": 9, "sep": 9, "octubre": 10, "oct": 10, "noviembre": 11, "nov": 11, "diciembre": 12,
        "dic": 12,
    },
    "weekday": {"lunes": 1, "martes": 2, "miércoles": 3, "miercoles": 3, "jueves": 4, "viernes": 5,
                "sábado": 6, "sabado": 6, "domingo": 7},
    "number": _NUMBERS_ES,
    "ordinal": {"primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4},
    "unit": {
        "año": "Y", "años": "Y", "mes": "M", "meses": "M", "semana": "W", "semanas": "W", "día": "D",
        "días": "D", "dia": "D", "dias": "D", "hora": "H", "horas": "H", "minuto": "MIN", "minutos": "MIN",
        "segundos": "S", "trimestre": "Q", "trimestres": "Q", "década": "DE", "décadas": "DE",
        "siglo": "CE", "fin de semana": "WE",
    },
    "rel": {"este": 0, "esta": 0, "próximo": 1, "próxima": 1, "proximo": 1, "proxima": 1,
            "pasado": -1, "pasada": -1, "último": -1, "última": -1, "anterior": -1, "que viene": 1,
            "entrante": 1, "siguiente": 1, "el próximo": 1, "la próxima": 1, "el pasado": -1},
    "day_rel": {"ayer": -1, "hoy": 0, "mañana": 1, "anteayer": -2, "antier": -2, "pasado mañana": 2,
                "esta noche": 0},
    "day_rel_pod": {"esta noche": "NI"},
    "part_of_day": {"mañana": "MO", "mediodía": "MI", "tarde": "AF", "noche": "NI", "madrugada": "NI"},
    "season": {"primavera": "SP", "verano": "SU", "otoño": "FA", "invierno": "WI"},
    "mod": {"finales de": "END", "fines de": "END", "final de": "END", "principios de": "START",
            "comienzos de": "START", "inicios de": "START", "mediados de": "MID"},
    "approx": {"unos": "APPROX", "unas": "APPROX", "cerca de": "APPROX", "alrededor de": "APPROX",
               "casi": "LESS_THAN", "más de": "MORE_THAN", "menos de": "LESS_THAN",
               "al menos": "EQUAL_OR_MORE", "hasta": "EQUAL_OR_LESS", "aproximadamente": "APPROX"},
    "ref": {"ahora": "PRESENT_REF", "actualmente": "PRESENT_REF", "en este momento": "PRESENT_REF",
            "hoy en día": "PRESENT_REF", "recientemente": "PAST_REF", "últimamente": "PAST_REF",
            "antiguamente": "PAST_REF", "pronto": "FUTURE_REF", "en el futuro": "FUTURE_REF",
            "próximamente": "FUTURE_REF"},
    "ref_needs_context": [],
    "set_adverb": {"diariamente": "P1D", "semanalmente": "P1W", "mensualmente": "P1M",
                   "anualmente": "P1Y", "a diario": "P1D"},
    "every": ["cada", "todos los", "todas las"],
    "ago": [],
    "future_ago": [],
    "anaphoric_ago": [],
    "time_zone": ["gmt", "utc"],
    "noon": {"mediodía": "12:00", "medianoche": "24:00"},
    "am": ["a.m.", "a. m.", "a.m", "am"],  # Latin American news writes "a las 11:11 p.m."
    "pm": ["p.m.", "p. m.", "p.m", "pm"],
    "holiday": {"navidad": "12-25", "nochebuena": "12-24", "nochevieja": "12-31", "año nuevo": "01-01"},
    "future_cues": ["va a", "van a", "vamos a", "será", "serán", "habrá", "\\w{3,}(?:rá|rán|remos)",
                    "próxim\\w*"],
    "past_cues": ["fue", "fueron", "era", "eran", "había", "habían", "ha", "han", "dijo",
                  "\\w{3,}(?:ó|aron|ieron|ado|ido)", "pasad\\w*"],
    "prospective_words": [],
    "directive_verbs": [],
    "retrospective_words": [],
    "verb_group": {"future": [], "pluperfect": [], "nonpast": [], "filler": [], "determiner": []},
    "reporting_verbs": ["dijo", "declaró", "anunció", "afirmó", "informó", "explicó"],
    "numeric_order": "DMY",
}

LEXICONS: dict[str, dict[str, Any]] = {"en": EN, "de": DE, "fr": FR, "es": ES}
