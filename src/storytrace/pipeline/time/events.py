"""Dated events and timelines: which clause happened when, and which articles report the same happening.

An event is a clause anchored to a calendar date by one of its time expressions: a predicate (the lemma of
the event verb, or of the noun a light verb carries: "made an offer" -> offer), the named participants of
the clause, and the TIMEX3 value that dates it. English clauses are parsed with spaCy (only the sentences
that hold a dated timex, which keeps extraction fast); the anchoring predicate is the verb that governs the
timex, and reporting verbs ("said on Tuesday that ...") are replaced by their clausal complement because
they date the report, not the event. German, French and Spanish have no parser here: the predicate is the
first event verb of a small word list (mapped to its English lemma so that translations merge) and the
participants are runs of capitalised words.

``merge_events`` folds the events of many articles into timeline entries: same or overlapping dates
(intervals derived from the value and its START/MID/END modifier), the same or a synonymous predicate and
an overlapping participant make one entry, whose supporting articles are counted as independent sources by
a caller-supplied function (provenance knows which articles copy one another).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from storytrace.pipeline.nlp.entities import Spellings, fold, known_aliases, tokens_variant
from storytrace.pipeline.nlp.nlp_model import load_nlp
from storytrace.pipeline.nlp.parses import lemma_of, past_dateline, sentence_docs
from storytrace.pipeline.segment import Sentence, dateline_length, split_sentences
from storytrace.pipeline.time import Timex, tag_timexes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

_DATA = json.loads(Path(__file__).with_name("predicates.json").read_text(encoding="utf-8"))
REPORTING_VERBS: frozenset[str] = frozenset(_DATA["reporting_verbs"]["en"])
LIGHT_VERBS: frozenset[str] = frozenset(_DATA["light_verbs"]["en"])
PARTICIPANT_LABELS: frozenset[str] = frozenset(_DATA["participant_labels"])
# predicate -> index of its synonym group
SYNONYM_GROUP: dict[str, int] = {word: i for i, group in enumerate(_DATA["synonyms"]) for word in group}
# language -> surface form -> English lemma (no-parser languages)
VERB_FORMS: dict[str, dict[str, str]] = {
    lang: {form: lemma for lemma, forms in table.items() for form in forms}
    for lang, table in _DATA["verbs"].items()
}
NAME_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words) for lang, words in _DATA["capitalised_stopwords"].items()
}
DETERMINERS: dict[str, frozenset[str]] = {
    lang: frozenset(words) for lang, words in _DATA["determiners"].items()
}

# Finest first. A clock time ranks after a day: the tagger anchors "3 p.m." on the publication date, which is
# less reliable than an explicit date in the same clause.
GRANULARITY_RANK: dict[str, int] = {
    "day": 0, "time": 1, "week": 2, "month": 3, "season": 4, "quarter": 5, "year": 6, "decade": 7,
    "century": 8,
}
# TIMEX3 value shapes, tried in order (full match); the first that matches names the granularity.
_VALUE_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("time", re.compile(r"(\d{4})-(\d{2})-(\d{2})T([0-9:]+|MO|AF|EV|NI|MI|DT)")),
    ("day", re.compile(r"(\d{4})-(\d{2})-(\d{2})")),
    ("week", re.compile(r"(\d{4})-W(\d{2})(-WE)?")),
    ("month", re.compile(r"(\d{4})-(\d{2})")),
    ("season", re.compile(r"(\d{4})-(SP|SU|FA|WI)")),
    ("quarter", re.compile(r"(\d{4})-([QH])([1-4])")),
    ("year", re.compile(r"(\d{4})")),
    ("decade", re.compile(r"(\d{3})")),
    ("century", re.compile(r"(\d{2})")),
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
SEASONS = {"SP": ("spring", 3, 5), "SU": ("summer", 6, 8), "FA": ("autumn", 9, 11), "WI": ("winter", 12, 14)}
PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "MI": "midday",
                "DT": "daytime"}
ORDINALS = ("first", "second", "third", "fourth")
MOD_TEMPLATES = {
    "START": "early {}", "MID": "mid-{}", "END": "late {}", "APPROX": "around {}", "BEFORE": "before {}",
    "AFTER": "after {}", "ON_OR_BEFORE": "by {}", "ON_OR_AFTER": "from {}",
}
# Which third of a period a START/MID/END modifier keeps, as (start, end) fractions.
MOD_FRACTIONS = {"START": (0, 1), "MID": (1, 2), "END": (2, 3)}

SUBJECT_DEPS = ("nsubj", "nsubjpass")
VERB_GROUP_DEPS = ("aux", "auxpass", "neg", "prt")
OBJECT_DEPS = ("dobj", "dative", "attr", "oprd", "acomp", "agent")
# Dependents that stay inside a compact noun phrase ("Wagner Group owner Yevgeniy Prigozhin", "control of
# the city"); "of" prepositions are kept, other prepositions, clauses and appositions are dropped.
PHRASE_DEPS = frozenset(
    {"det", "amod", "compound", "poss", "case", "nummod", "nmod", "quantmod", "pobj", "neg"}
)
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
# Dependents that open another event: their entities are not participants of this one.
CLAUSE_CUT_DEPS = frozenset({"advcl", "relcl", "acl", "parataxis", "csubj"})
FALLBACK_WORDS = 8  # description length for sentences without a parse (the brief's "first 8 words")
_WORD = re.compile(r"\w+(?:[-’']\w+)*")
# The signature an embedded social-media post ends with, as scraped pages keep it: "— OpenAI (@OpenAI) November
# 22, 2023". Its date is when the post was published, not a happening of the story: the timeline read it as an
# event "— OpenAI (@OpenAI) 22". (The text keeps it: that date helps story clustering tell the ousting of a CEO
# from his return five days later.)
_EMBED_SIGNATURE = re.compile(r"[—–-]\s*[^—–()\n]{1,80}\(@\w{1,15}\)\s+[^\W\d_]+\.? \d{1,2}, \d{4}", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Event:
    """One dated happening in one article: ``text[start:end] == sentence``."""

    start: int
    end: int
    sentence: str
    predicate: str
    description: str
    date_value: str
    date_text: str
    mod: str | None
    granularity: str
    participants: tuple[str, ...]

    def to_dict(self) -> dict:
        """The fields plus a readable ``date_label`` ("late January 2023") for JSON output."""
        return {**asdict(self), "participants": list(self.participants),
                "date_label": describe_date(self.date_value, self.mod)}


@dataclass(slots=True)
class TimelineEntry:
    """One happening of a timeline with the articles that report it."""

    event_id: str
    date_value: str
    date_text: str
    mod: str | None
    granularity: str
    description: str
    participants: tuple[str, ...]
    article_ids: list[str]
    independent_sources: int
    predicate: str = ""

    def to_dict(self) -> dict:
        """The fields plus a readable ``date_label`` for JSON output."""
        return {**asdict(self), "participants": list(self.participants),
                "date_label": describe_date(self.date_value, self.mod)}


# ---------------------------------------------------------------------------------------------- dates


def _shape(value: str) -> tuple[str, re.Match[str]] | None:
    for name, pattern in _VALUE_SHAPES:
        match = pattern.fullmatch(value)
        if match:
            return name, match
    return None


def granularity_of(value: str) -> str:
    """day | time | week | month | season | quarter (also half-years) | year | decade | century of a TIMEX3
    value; "" for values that are no calendar point (PRESENT_REF, P2W, XXXX-WXX-7 ...)."""
    shape = _shape(value)
    return shape[0] if shape else ""


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """[first day of month ``first``, last day of month ``last``]; months past 12 run into the next year."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    following = dt.date(end_year + end_month // 12, end_month % 12 + 1, 1)
    return dt.date(year, first, 1), following - dt.timedelta(days=1)


def _period(granularity: str, match: re.Match[str]) -> tuple[dt.date, dt.date]:
    year = int(match.group(1)) if granularity not in ("decade", "century") else 0
    if granularity in ("day", "time"):
        day = dt.date(year, int(match.group(2)), int(match.group(3)))
        return day, day
    if granularity == "week":
        monday = dt.date.fromisocalendar(year, int(match.group(2)), 1)
        first = 5 if match.group(3) else 0
        return monday + dt.timedelta(days=first), monday + dt.timedelta(days=6)
    if granularity == "month":
        return _months(year, int(match.group(2)), int(match.group(2)))
    if granularity == "season":
        _, first, last = SEASONS[match.group(2)]
        return _months(year, first, last)
    if granularity == "quarter":
        size = 3 if match.group(2) == "Q" else 6
        number = int(match.group(3))
        return _months(year, size * (number - 1) + 1, size * number)
    if granularity == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    span = 10 if granularity == "decade" else 100
    first_year = int(match.group(1)) * span
    return dt.date(max(first_year, 1), 1, 1), dt.date(first_year + span - 1, 12, 31)


def date_interval(value: str, mod: str | None = None) -> tuple[dt.date, dt.date] | None:
    """The [first, last] days a TIMEX3 value covers; START/MID/END keep the first/middle/last third."""
    shape = _shape(value)
    if shape is None:
        return None
    try:
        first, last = _period(*shape)
    except ValueError:  # month 13, week 54 ...
        return None
    if mod in MOD_FRACTIONS:
        days = (last - first).days + 1
        lo, hi = MOD_FRACTIONS[mod]
        last = first + dt.timedelta(days=max(days * hi // 3 - 1, 0))
        first = first + dt.timedelta(days=days * lo // 3)
    return first, last


def _day_label(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _base_label(granularity: str, match: re.Match[str]) -> str:
    if granularity in ("day", "time"):
        label = _day_label(dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
        if granularity == "time":
            clock = match.group(4)
            label += f" ({PARTS_OF_DAY[clock]})" if clock in PARTS_OF_DAY else f", {clock}"
        return label
    if granularity == "week":
        first, _ = _period(granularity, match)
        return f"the {'weekend' if match.group(3) else 'week'} of {_day_label(first)}"
    if granularity == "month":
        return f"{MONTHS[int(match.group(2)) - 1]} {match.group(1)}"
    if granularity == "season":
        return f"{SEASONS[match.group(2)][0]} {match.group(1)}"
    if granularity == "quarter":
        part = "quarter" if match.group(2) == "Q" else "half"
        return f"the {ORDINALS[int(match.group(3)) - 1]} {part} of {match.group(1)}"
    if granularity == "decade":
        return f"the {match.group(1)}0s"
    if granularity == "century":
        return f"the {_ordinal(int(match.group(1)) + 1)} century"
    return match.group(1)


def describe_date(value: str, mod: str | None = None) -> str:
    """A readable date: ("2023-01", "END") -> "late January 2023"; "2023-05-14" -> "14 May 2023".

    Values that are no calendar point come back unchanged.
    """
    shape = _shape(value)
    if shape is None:
        return value
    try:
        label = _base_label(*shape)
    except (ValueError, IndexError):
        return value
    template = MOD_TEMPLATES.get(mod or "", "{}")
    if label.startswith("the ") and mod in MOD_FRACTIONS:  # "the late 1990s", not "late the 1990s"
        return "the " + template.format(label[4:])
    return template.format(label)


def _dated(timex: Timex) -> bool:
    """DATE/TIME expressions with a calendar value (no durations, sets, *_REF or XXXX values)."""
    return timex.type in ("DATE", "TIME") and bool(granularity_of(timex.value))


# -------------------------------------------------------------------------------------------- extraction


def extract_events(
    text: str, dct: dt.date | None, language: str = "en", nlp: Language | None = None
) -> list[Event]:
    """The dated events of one article, in text order.

    ``dct`` is the publication date that relative expressions are resolved against ("on Sunday"); ``nlp``
    a loaded English spaCy pipeline (default: ``load_nlp("en")``). Languages the temporal tagger does not
    serve yield no events.
    """
    lang = (language or "en").split("-")[0].lower()
    try:
        timexes = [t for t in tag_timexes(text, dct, lang) if _dated(t)]
    except ValueError:
        return []
    signatures = [m.span() for m in _EMBED_SIGNATURE.finditer(text)]
    timexes = [t for t in timexes if not any(start <= t.start < end for start, end in signatures)]
    sentences = split_sentences(text)
    starts = [s.start for s in sentences]
    grouped: dict[int, list[Timex]] = {}
    for timex in timexes:
        index = bisect.bisect_right(starts, timex.start) - 1
        if index >= 0 and timex.end <= sentences[index].end:
            grouped.setdefault(index, []).append(timex)
    dated = [(sentences[i], grouped[i]) for i in sorted(grouped)]
    if lang == "en":
        return _parsed_events(text, dated, nlp)
    return [_listed_event(sentence, found, lang) for sentence, found in dated]


def _parsed_events(text: str, dated: list[tuple[Sentence, list[Timex]]], nlp: Language | None) -> list[Event]:
    """Events of the dated sentences, each read off its parse: the claims stage's parse of the cue chunk
    holding it when there is one (`parses.sentence_docs`), else a parse of the sentence alone."""
    docs = sentence_docs(nlp or load_nlp("en"), text, [sentence for sentence, _ in dated])
    events: list[Event] = []
    for (sentence, timexes), doc in zip(dated, docs, strict=True):
        events.extend(_sentence_events(doc, sentence, timexes))
    return events


def _sentence_events(doc: Doc, sentence: Sentence, timexes: list[Timex]) -> list[Event]:
    """One event per predicate that a dated timex of the sentence anchors (the finest timex wins)."""
    spans: list[tuple[Span, Timex]] = []
    for timex in timexes:
        start, end = timex.start - sentence.start, timex.end - sentence.start
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            spans.append((span, timex))
    timex_tokens = {token.i for span, _ in spans for token in span}
    chosen: dict[int, tuple[Token, Timex]] = {}
    for span, timex in spans:
        predicate = _governor(span)
        if predicate is not None and predicate.lower_ == "according" and predicate.head.pos_ in ("VERB", "AUX"):
            predicate = predicate.head  # "according to the ministry's estimate on Saturday, there were …": the clause
        if predicate is not None and lemma_of(predicate) in REPORTING_VERBS:
            predicate = _reported(predicate, timex_tokens - {token.i for token in span})
        if predicate is None or predicate.i in timex_tokens:
            continue
        previous = chosen.get(predicate.i)
        if previous is None or _finer(timex, previous[1]):
            chosen[predicate.i] = (predicate, timex)
    return [_parsed_event(doc, sentence, predicate, timex, timex_tokens)
            for predicate, timex in sorted(chosen.values(), key=lambda pair: pair[0].i)]


def _finer(timex: Timex, other: Timex) -> bool:
    return GRANULARITY_RANK[granularity_of(timex.value)] < GRANULARITY_RANK[granularity_of(other.value)]


def _timex_head(span: Span) -> Token:
    """The content token of a timex that attaches it to the sentence (not "the" of "the 12th century",
    whose determiner a parse may hang on the following noun)."""
    outside = [t for t in span if not span.start <= t.head.i < span.end or t.head.i == t.i]
    return next((t for t in outside if t.pos_ not in ("DET", "ADP")), span.root)


def _governor(span: Span) -> Token | None:
    """The verb that governs a timex: up the head chain (npadvmod, prep/pobj ...) to the first verb; in a
    verbless copular clause ("The vote was on Sunday") the nominal subject names the event. A timex that
    modifies a noun dates that noun: an event when it is a known event word ("the March 2022 attack"),
    otherwise a thing, not a happening ("the 12th century mosque", "the May 9 deadline")."""
    token = _timex_head(span)
    if token.dep_ in NOUN_MODIFIER_DEPS and token.head.pos_ in ("NOUN", "PROPN"):
        return token.head if lemma_of(token.head) in SYNONYM_GROUP else None
    if (modified := _noun_after(span, token)) is not None:
        return modified if lemma_of(modified) in SYNONYM_GROUP else None
    while token.pos_ != "VERB" and token.head.i != token.i:
        token = token.head
    if token.pos_ == "VERB":
        return token
    if token.pos_ == "AUX":
        return next((c for c in token.children if c.dep_ in SUBJECT_DEPS and c.pos_ == "NOUN"), None)
    return None


def _noun_after(span: Span, head: Token) -> Token | None:
    """The noun a timex stands before when the parse has it the other way round: "near the 12th century
    Koutoubia Mosque" hangs "Mosque" on "century" as an apposition. The noun phrase must follow the timex
    with nothing between them and its root attach to the timex's head."""
    if span.end >= len(span.doc) or span.doc[span.end].pos_ not in ("NOUN", "PROPN"):
        return None
    root = span.doc[span.end]
    while root.head.i >= span.end and root.head.i != root.i:
        root = root.head
    return root if root.head.i == head.i and root.dep_ in ("appos", "compound", "nmod") else None


def _reported(verb: Token, other_timexes: set[int]) -> Token | None:
    """The clausal complement of a reporting verb, which is the event the report dates; None when the
    complement has a date of its own (this timex dates only the report). Without a verbal complement (a
    quote that spans sentences) the statement itself is the event."""
    complements = (c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ == "VERB")
    complement = next(complements, None) or _inverted_content(verb)
    if complement is None:
        return verb
    if any(token.i in other_timexes for token in complement.subtree):
        return None
    return complement


def _inverted_content(verb: Token) -> Token | None:
    """The content verb of an inverted frame ("Altman is returning, the startup said Wednesday"), which the
    small English model hangs the other way round: the reporting verb as a conjunct or complement of the
    content, or the content as a clause on the reporting verb's subject ("Luna-25 spun out of control and
    crashed, the agency Roscosmos said"). Either way a comma stands between content and reporter."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects:
        return None
    before = verb.doc[: subjects[-1].left_edge.i]
    comma_before = any(t.text == "," for t in before[-2:])  # ", the agency said" / ',” the bank said'
    if verb.dep_ in ("conj", "ccomp", "parataxis") and verb.head.i < verb.i and verb.head.pos_ == "VERB":
        return verb.head if comma_before else None
    clause = next((c for c in subjects[0].children if c.dep_ == "acl" and c.pos_ == "VERB"), None)
    if clause is None:
        return None
    between = verb.doc[clause.right_edge.i + 1 : verb.i]
    return clause if any(t.text == "," for t in between) else None


def _predicate_lemma(token: Token) -> str:
    """The lemma (with its particle: "step down"); a light verb's object noun ("made an offer" -> offer)."""
    lemma = lemma_of(token)
    if lemma in LIGHT_VERBS:
        nouns = (c for c in token.children if c.dep_ in (*OBJECT_DEPS, "ccomp") and c.pos_ == "NOUN")
        noun = next(nouns, None)
        if noun is not None:
            return lemma_of(noun)
    particle = next((c for c in token.children if c.dep_ == "prt"), None)
    return f"{lemma} {particle.lower_}" if particle is not None else lemma


def _phrase(head: Token) -> list[Token]:
    """A compact noun phrase: the head with its determiners, modifiers, compounds and "of" complements."""
    tokens = [head]
    for child in head.children:
        measure = child.dep_ == "npadvmod" and head.pos_ == "ADJ"  # "worth [25 million euros]", "[ten years] old"
        if child.dep_ in PHRASE_DEPS or (child.dep_ == "prep" and child.lower_ == "of") or measure:
            tokens.extend(_phrase(child))
    return tokens


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, inherited through xcomp/conj heads; a relative pronoun stands for its
    antecedent, and a wire dateline the parse made the subject for the noun after it ("RABAT, Morocco (AP)
    — A rare earthquake struck")."""
    token = verb
    while True:
        subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            if subject.tag_ in ("WP", "WDT") and token.dep_ == "relcl":
                return token.head
            return past_dateline(subject, token)
        reporting = token.head.head
        inverted = token.dep_ == "acl" and lemma_of(reporting) in REPORTING_VERBS
        content = _inverted_content(reporting) if inverted else None
        if content is not None and content.i == token.i:
            return token.head  # the content of an inverted frame hung on its own subject: see `_inverted_content`
        if token.dep_ not in ("xcomp", "conj") or token.head.i == token.i:
            return None
        token = token.head


def _description_tokens(predicate: Token) -> list[Token]:
    """Subject + verb group (through xcomp governors: "vowed to take") + objects of the predicate."""
    if predicate.pos_ != "VERB":
        return _phrase(predicate)
    tokens: list[Token] = []
    subject = _subject(predicate)
    if subject is not None:
        tokens.extend(_phrase(subject))
    verb = predicate
    while True:
        tokens.append(verb)
        tokens.extend(c for c in verb.children if c.dep_ in VERB_GROUP_DEPS)
        if verb.dep_ != "xcomp" or verb.head.pos_ not in ("VERB", "AUX"):
            break
        verb = verb.head
    for child in predicate.children:
        if child.dep_ in OBJECT_DEPS or (child.dep_ == "ccomp" and child.pos_ == "NOUN"):
            tokens.extend(_phrase(child))
        elif child.dep_ == "xcomp" and child.pos_ == "VERB":
            tokens.append(child)
            tokens.extend(c for c in child.children if c.dep_ in VERB_GROUP_DEPS)
            for grandchild in child.children:
                if grandchild.dep_ in OBJECT_DEPS:
                    tokens.extend(_phrase(grandchild))
    return tokens


def _join(tokens: Iterable[Token]) -> str:
    """Tokens in text order, with the original spacing between neighbours and one space across gaps."""
    ordered = sorted({t.i: t for t in tokens if not t.is_punct}.values(), key=lambda t: t.i)
    parts = []
    for token, following in zip(ordered, [*ordered[1:], None], strict=True):
        parts.append(token.text)
        if following is not None:
            parts.append(token.whitespace_ if following.i == token.i + 1 else " ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _clause(predicate: Token) -> set[int]:
    """Token ids of the predicate's clause (and its subject), without the clauses that open other events."""
    ids: set[int] = set()
    stack = [predicate]
    subject = _subject(predicate)
    if subject is not None:
        stack.append(subject)
    while stack:
        token = stack.pop()
        if token.i in ids:
            continue
        ids.add(token.i)
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_CUT_DEPS
                     and not (c.dep_ in ("conj", "ccomp") and c.pos_ in ("VERB", "AUX")))
    return ids


def _clean_name(name: str) -> str:
    name = re.sub(r"[’']s$", "", name.strip())
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE).strip()


def _parsed_event(
    doc: Doc, sentence: Sentence, predicate: Token, timex: Timex, timex_tokens: set[int]
) -> Event:
    clause = _clause(predicate)
    participants: list[str] = []
    for entity in doc.ents:
        root = entity.root.i
        if entity.label_ in PARTICIPANT_LABELS and root in clause and root not in timex_tokens:
            name = _clean_name(entity.text)
            if name and name not in participants:
                participants.append(name)
    # the timex leaves with its possessive ending: "Friday's quake was felt", not "'s quake was felt"
    dropped = timex_tokens | {t.i for t in doc if t.dep_ == "case" and t.head.i in timex_tokens}
    # … and so does a preposition whose object is the timex ("set a deadline [of May 9]"); never the predicate
    dropped |= {
        t.i
        for t in doc
        if t.dep_ == "prep" and t.i != predicate.i and (kids := list(t.children)) and all(c.i in dropped for c in kids)
    }
    description = _join(t for t in _description_tokens(predicate) if t.i not in dropped)
    return _event(sentence, _predicate_lemma(predicate), description, timex, participants)


def _event(
    sentence: Sentence, predicate: str, description: str, timex: Timex, participants: list[str]
) -> Event:
    return Event(
        start=sentence.start, end=sentence.end, sentence=sentence.text, predicate=predicate,
        description=description, date_value=timex.value, date_text=timex.text, mod=timex.mod,
        granularity=granularity_of(timex.value), participants=tuple(participants),
    )


def _listed_event(sentence: Sentence, timexes: list[Timex], language: str) -> Event:
    """The parser-free event of a sentence: its finest timex, first listed event verb, capitalised names."""
    timex = min(timexes, key=lambda t: (GRANULARITY_RANK[granularity_of(t.value)], t.start))
    offset = sentence.start
    inside = [(t.start - offset, t.end - offset) for t in timexes]
    words = [w for w in _WORD.finditer(sentence.text) if not any(s <= w.start() < e for s, e in inside)]
    forms = VERB_FORMS.get(language, {})
    predicate = next((forms[w.group().lower()] for w in words if w.group().lower() in forms), "")
    opening = dateline_length(sentence.text)  # "OSTREL — El ministro …": no words of it
    inside.append((0, opening))
    words = [w for w in words if w.start() >= opening]
    return _event(sentence, predicate, _first_words(sentence.text, inside, language), timex,
                  _capitalised_names(sentence.text, words, language))


def _first_words(text: str, timexes: list[tuple[int, int]], language: str) -> str:
    """The sentence's first words without its time expressions and the function word that leads them in."""
    stopwords = NAME_STOPWORDS.get(language, frozenset())
    for start, end in sorted(timexes, reverse=True):
        before = text[:start].rstrip()
        lead = re.search(r"\w+$", before)
        if lead and lead.group().lower() in stopwords:
            before = before[:lead.start()]
        text = before + " " + text[end:].lstrip(" ,")
    return " ".join(text.split()[:FALLBACK_WORDS]).rstrip(",;:.")


# An inflected adjective or a number between a determiner and its noun ("ein starkes Erdbeben", "die 30 Toten").
_ATTRIBUTIVE = re.compile(r"\d+|[^\W\d_]+(?:e|en|er|es|em)", re.UNICODE)


def _capitalised_names(text: str, words: list[re.Match[str]], language: str) -> list[str]:
    """Runs of adjacent capitalised words that are not function words (nor, in German, the noun of a
    determiner's phrase, since every German noun is capitalised: "ein starkes Erdbeben")."""
    stopwords = NAME_STOPWORDS.get(language, frozenset())
    determiners = DETERMINERS.get(language, frozenset())
    names: list[str] = []
    run: list[re.Match[str]] = []
    previous: re.Match[str] | None = None
    in_phrase = False  # a determiner opened a noun phrase whose noun has not come yet
    for word in [*words, None]:
        token = word.group() if word is not None else ""
        adjacent = bool(run) and previous is not None and word is not None \
            and not text[previous.end():word.start()].strip()
        capitalised = bool(token) and token[0].isupper()
        is_name = capitalised and token.lower() not in stopwords and (adjacent or not in_phrase)
        if run and not (is_name and adjacent):
            name = text[run[0].start():run[-1].end()]
            if name not in names:
                names.append(name)
            run = []
        if is_name:
            run.append(word)
        lower = token.lower()
        in_phrase = lower in determiners or (
            in_phrase and not capitalised and lower not in stopwords and bool(_ATTRIBUTIVE.fullmatch(token)))
        previous = word
    return names


# ---------------------------------------------------------------------------------------------- merging


def _kind(predicate: str) -> str | None:
    """The synonym group of a predicate (of its head word for a phrasal one), if it has one."""
    return SYNONYM_GROUP.get(predicate, SYNONYM_GROUP.get(predicate.split(" ")[0]))


@lru_cache(maxsize=65536)  # a story repeats the same few names across thousands of events
def _name_key(name: str) -> frozenset[str]:
    """The folded words of a name, English exonyms for the name or its words ("Maroc", "Marokko" -> morocco)."""
    table = known_aliases()
    folded = fold(name)
    if known := table.get(folded):
        return frozenset(fold(known[0]).split()) - {"the"}
    return frozenset(w for word in folded.split() for w in fold(table.get(word, (word,))[0]).split()) - {"the"}


@lru_cache(maxsize=65536)
def _part_of(key: frozenset[str], other: frozenset[str]) -> bool:
    """Every word of `key` is a word of `other` or a spelling of one, as the entity resolver judges
    spellings (transliterations, one-edit typos: "Marrakesch" ~ "Marrakech", "Prigojin" ~ "Prigozhin")."""
    return key <= other or all(any(tokens_variant(word, o) for o in other) for word in key)


def _overlaps(key: frozenset[str], others: Iterable[frozenset[str]]) -> bool:
    """A name equals, or is part of, another name ("Prigozhin" ~ "Yevgeniy Prigozhin"), in any of its
    spellings; a name with no word in it overlaps nothing."""
    return bool(key) and any(_part_of(key, o) or _part_of(o, key) for o in others if o)


@dataclass(slots=True)
class _Cluster:
    """An entry being built, with what `accepts` compares kept as sets so a check costs O(names),
    not O(members): a story of thousands of copies repeats the same event thousands of times."""

    interval: tuple[dt.date, dt.date]
    seq: int = 0  # creation order: of the entries that accept an event, the first made takes it
    lookup_words: set[tuple[str, str]] = field(default_factory=set)  # the predicate words `_OpenEntries` finds it by
    name_words: set[str] = field(default_factory=set)  # the words of its `name_keys`, by which too
    members: list[tuple[str, Event]] = field(default_factory=list)
    predicates: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    name_keys: set[frozenset[str]] = field(default_factory=set)
    date_values: set[str] = field(default_factory=set)
    named: bool = False  # some member has participants

    def accepts(self, event: Event, interval: tuple[dt.date, dt.date]) -> bool:
        """Overlapping dates, an equal or synonym predicate, and a shared participant (one name equal
        to, or part of, another); events without participants merge only on the very same date value."""
        if interval[0] > self.interval[1] or self.interval[0] > interval[1]:
            return False
        kind = _kind(event.predicate)
        if event.predicate not in self.predicates and (kind is None or kind not in self.kinds):
            return False
        keys = [k for k in map(_name_key, event.participants) if k]
        if keys and self.name_keys:
            return any(_overlaps(k, self.name_keys) for k in keys)
        if event.participants and self.named:
            return False  # names that reduce to no word (punctuation) overlap nothing
        return event.date_value in self.date_values

    def add(self, article_id: str, event: Event, interval: tuple[dt.date, dt.date]) -> None:
        self.members.append((article_id, event))
        self.interval = (max(self.interval[0], interval[0]), min(self.interval[1], interval[1]))
        self.predicates.add(event.predicate)
        if (kind := _kind(event.predicate)) is not None:
            self.kinds.add(kind)
        self.name_keys.update(k for k in map(_name_key, event.participants) if k)
        self.date_values.add(event.date_value)
        self.named = self.named or bool(event.participants)


def _lookup_words(event: Event) -> list[tuple[str, str]]:
    """The keys under which the entries that may accept `event` are found: its predicate and its synonym group."""
    kind = _kind(event.predicate)
    return [("predicate", event.predicate)] + ([("kind", kind)] if kind is not None else [])


class _OpenEntries:
    """The entries being built, looked up by what `_Cluster.accepts` requires of an event.

    An entry accepts only an event of one of its predicates or synonym groups (its lookup words); an event
    with names, only if one of them shares a word, in some spelling, with the entry's names, or the entry has
    none. So entries are found by lookup word, and by name word: a story of thousands of articles holds
    thousands of entries open at once, most of one predicate ("said"), and an event is tried against the few
    that name its people rather than all of them (one scan over all of them per event made a 29,000-article
    story's timeline take minutes, growing with the square of its size). The spellings of a name word are
    those among the name words seen (`entities.Spellings`). Events come by interval start and an
    entry's interval only shrinks, so an entry that ended before an event's start is closed for good and is
    dropped from a list when met.
    """

    def __init__(self) -> None:
        self.by_word: dict[tuple[str, str], list[_Cluster]] = {}
        self.by_name: dict[str, list[_Cluster]] = {}  # filtered by lookup word when read
        self.unnamed: dict[tuple[str, str], list[_Cluster]] = {}  # entries without names, until they get one
        self.spellings = Spellings()  # the name words seen

    def candidates(self, words: list[tuple[str, str]], names: set[str], start: dt.date) -> list[_Cluster]:
        """The open entries that may accept an event with these lookup words and name words, by creation."""
        found: dict[int, _Cluster] = {}
        if not names:
            for word in words:
                found.update((c.seq, c) for c in self._open(self.by_word, word, start))
        else:
            for word in words:
                found.update((c.seq, c) for c in self._open(self.unnamed, word, start) if not c.name_words)
            for spelling in {other for name in names for other in self.spellings.of(name)}:
                found.update((c.seq, c) for c in self._open(self.by_name, spelling, start)
                             if not c.lookup_words.isdisjoint(words))
        return [found[n] for n in sorted(found)]

    def index(self, cluster: _Cluster, words: list[tuple[str, str]], names: set[str]) -> None:
        """Record that `cluster` took an event with these lookup words and name words."""
        new_words = [w for w in words if w not in cluster.lookup_words]
        new_names = names - cluster.name_words
        cluster.lookup_words.update(new_words)
        cluster.name_words |= new_names
        for word in new_words:
            self.by_word.setdefault(word, []).append(cluster)
            if not cluster.name_words:
                self.unnamed.setdefault(word, []).append(cluster)
        for name in new_names:
            self.by_name.setdefault(name, []).append(cluster)
            self.spellings.add(name)

    @staticmethod
    def _open(index: dict, key: object, start: dt.date) -> list[_Cluster]:
        entries = index.get(key)
        if not entries:
            return []
        still_open = [c for c in entries if c.interval[1] >= start]
        index[key] = still_open
        return still_open


def _entry(cluster: _Cluster, independent: Callable[[list[str]], int] | None,
           preferred: Callable[[str], bool] | None) -> TimelineEntry:
    agreeing = Counter(e.date_value for _, e in cluster.members)

    def rank(member: tuple[str, Event]) -> tuple[int, int, int]:  # finest date, most agreed on, most names
        return GRANULARITY_RANK[member[1].granularity], -agreeing[member[1].date_value], -len(member[1].participants)

    _, head = min(cluster.members, key=rank)  # dates the entry
    # describes it, in its own words for the date too: the best of the preferred articles' events (the reader's
    # language), else the head
    _, described = min((m for m in cluster.members if preferred and preferred(m[0])), key=rank, default=(None, head))
    participants = list(described.participants)
    keys = [_name_key(n) for n in participants]
    for name in (n for _, e in cluster.members for n in e.participants):
        if not _overlaps(_name_key(name), keys):
            participants.append(name)
            keys.append(_name_key(name))
    article_ids = list(dict.fromkeys(article_id for article_id, _ in cluster.members))
    key = "|".join([head.date_value, head.predicate, *sorted(n.lower() for n in participants[:2])])
    return TimelineEntry(
        event_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], date_value=head.date_value,
        date_text=described.date_text, mod=head.mod, granularity=head.granularity, description=described.description,
        participants=tuple(participants), article_ids=article_ids,
        independent_sources=independent(article_ids) if independent else len(set(article_ids)),
        predicate=head.predicate,
    )


def merge_events(events: list[tuple[str, Event]],
                 independent: Callable[[list[str]], int] | None = None,
                 preferred: Callable[[str], bool] | None = None) -> list[TimelineEntry]:
    """Fold (article_id, event) pairs into timeline entries sorted by date.

    Events join an entry when their date intervals overlap the entry's (the intersection of its members'),
    their predicates are equal or synonyms, and they share a participant in any spelling or language
    (`_overlaps`). ``independent(article_ids)`` gives the number of independent sources among the supporting
    articles (default: the number of articles); an entry is described by a ``preferred(article_id)`` article's
    event when the dates leave a choice.
    Greedy in a fixed order (date, predicate, article, offset), so the result does not depend on input order.
    """
    dated = [(date_interval(e.date_value, e.mod), article_id, e) for article_id, e in events]
    ordered = sorted(((iv, a, e) for iv, a, e in dated if iv is not None),
                     key=lambda x: (x[0], x[2].date_value, x[2].predicate, x[1], x[2].start,
                                    x[2].description))
    clusters: list[_Cluster] = []
    open_entries = _OpenEntries()
    for interval, article_id, event in ordered:
        words = _lookup_words(event)
        names = {word for key in map(_name_key, event.participants) for word in key}
        candidates = open_entries.candidates(words, names, interval[0])
        cluster = next((c for c in candidates if c.accepts(event, interval)), None)
        if cluster is None:
            cluster = _Cluster(interval, seq=len(clusters))
            clusters.append(cluster)
        cluster.add(article_id, event, interval)
        open_entries.index(cluster, words, names)
    # The lookups, then each entry's sets and member list, are let go as the entries are made (the events
    # themselves stay with the caller): merging the largest 100k scale story peaked 67 MB lower so.
    del open_entries, ordered, dated
    clusters.reverse()
    entries = []
    while clusters:
        entries.append(_entry(clusters.pop(), independent, preferred))

    def order(entry: TimelineEntry) -> tuple:
        interval = date_interval(entry.date_value, entry.mod)
        return (interval, GRANULARITY_RANK[entry.granularity], entry.event_id)

    return sorted(entries, key=order)
