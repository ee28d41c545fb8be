"""The tagging engine: compile a language's rules once, match them, pick non-overlapping spans, normalise.

Overlaps are resolved longest-first (then by rule order), and a match whose normaliser vetoes it leaves
room for shorter ones. The tense of a timex is that of the nearest tense cue in its sentence (sentences
from ``storytrace.pipeline.segment``), read with its verb group (``_Tenses``); news defaults to the past when
there is none for weekdays. Once the spans are chosen, anaphoric expressions ("the following year", "a year
earlier", "the latest period") and clock times ("at 10 p.m.") are normalised again in text order on the dates
mentioned before them.

dateparser is not used here: the rule groups already identify every part of a date, the lexicons cover
the four languages, and one ``dateparser.parse`` call costs about as much as tagging a whole article
(≈2.5 ms), which would cut throughput by two orders of magnitude with no gain in value accuracy.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass, replace
from typing import Any

from storytrace.pipeline.segment import split_sentences
from storytrace.pipeline.time.anchors import is_calendar
from storytrace.pipeline.time.lexicon import LEXICONS
from storytrace.pipeline.time.normalize import ANAPHORIC, NORMALISERS, REFERRING, Context
from storytrace.pipeline.time.rules import FRAGMENTS, RULES, Rule
from storytrace.pipeline.time.timex import Timex

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_VERB_GROUP = 4  # words of auxiliaries and adverbs in front of a participle ("would not have been")
_WORD = re.compile(r"\w+(?:'\w+)?|'\w+")
_ATTACHED = re.compile(r"[\s,]*(?:on\s+)?")  # a reporting verb right next to its date ("said on Friday")


def _alternation(words: Any) -> str:
    """Regex alternation of lexicon words, longest first; spaces match any whitespace, ' also ’."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word).replace(r"\ ", r"\s+").replace("'", "['’]")
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!x)x"


def _expand(pattern: str, lex: dict[str, Any]) -> str:
    """Replace {name} by a fragment regex or by the alternation of lexicon table ``name``."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in FRAGMENTS:
            return _expand(FRAGMENTS[name], lex)
        if name == "ref":  # words that need a preposition have their own rule
            return _alternation([w for w in lex["ref"] if w not in lex["ref_needs_context"]])
        return _alternation(lex[name])

    return _PLACEHOLDER.sub(replace, pattern)


@dataclass(frozen=True, slots=True)
class _Language:
    lex: dict[str, Any]
    rules: tuple[tuple[Rule, re.Pattern[str]], ...]
    future: re.Pattern[str]
    past: re.Pattern[str]


@functools.cache
def _compiled(language: str) -> _Language:
    if language not in RULES:
        raise ValueError(f"unsupported language {language!r}; have {sorted(RULES)}")
    lex = LEXICONS[language]
    rules = tuple(
        (rule, re.compile(r"(?<!\w)(?:" + _expand(rule.pattern, lex) + r")(?!\w|-\w)", re.IGNORECASE))
        for rule in RULES[language]
    )

    def cues(words: list[str]) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)(?:" + "|".join(w.replace("'", "['’]") for w in words) + r")(?!\w)",
                          re.IGNORECASE)

    return _Language(lex, rules, cues(lex["future_cues"]), cues(lex["past_cues"]))


class _Tenses:
    """Tense cues per sentence, computed lazily (most sentences hold no timex).

    A cue is a future marker ("will", "plans to") or a past form ("said", "rolled"); the auxiliaries in front
    of it (its verb group) refine it. After "had" both are past perfect, which places even a deadline ("had
    filed by Wednesday") in the past, except after a verb of asking ("had asked for it by May 9"). A past
    form after a future, modal or present auxiliary is a participle ("will be signed", "would be paid", "is
    expected") and no cue, and a past auxiliary that leads into a future marker ("was going to", "were
    planning to") is the future seen from the past, no past cue either. After a
    determiner a form in -ed is an adjective ("a still unspecified date"), and a capitalised form inside a
    sentence is a name ("United"): neither is a verb.
    """

    def __init__(self, text: str, lang: _Language) -> None:
        self.text, self.lang = text, lang
        self.sentences = split_sentences(text) or []
        self.starts = [s.start for s in self.sentences]
        self.cache: dict[int, list[tuple[int, int, str, bool]]] = {}
        group = lang.lex["verb_group"]
        self.aux = {word: kind for kind in ("future", "pluperfect", "nonpast", "determiner") for word in group[kind]}
        self.filler = frozenset(group["filler"])
        self.reporting = frozenset(lang.lex["reporting_verbs"])
        self.directive = frozenset(lang.lex["directive_verbs"])

    def _is_filler(self, word: str) -> bool:
        return word in self.filler or word.endswith("ly")

    def _auxiliary(self, before: str) -> str | None:
        """The kind of the auxiliary that governs a verb preceded by ``before``, None when there is none."""
        words = _WORD.findall(before[-60:].lower().replace("’", "'"))
        if len(before) > 60:
            words = words[1:]  # the first word may be cut
        for word in reversed(words[-_VERB_GROUP:]):
            kind = self.aux.get(word) or (self.aux.get(word[word.index("'"):]) if "'" in word else None)
            if kind or not self._is_filler(word):
                return kind
        return None

    def _cues(self, index: int) -> list[tuple[int, int, str, bool]]:
        """(start, end, kind, is a reporting verb) of the tense cues of sentence ``index``."""
        if index not in self.cache:
            sentence = self.sentences[index]
            base, text = sentence.start, sentence.text
            future = []
            for m in self.lang.future.finditer(text):
                kind = "pluperfect" if self._auxiliary(text[:m.start()]) == "pluperfect" else "future"
                future.append((m.start(), m.end(), kind, False))
            past = []
            for m in self.lang.past.finditer(text):
                word = m.group().lower().replace("’", "'")
                if m.start() > 0 and m.group()[0].isupper():
                    continue
                if self.aux.get(word) == "pluperfect":
                    past.append((m.start(), m.end(), "pluperfect", False))
                    continue
                auxiliary = self._auxiliary(text[:m.start()])
                leads = any(f[0] >= m.end() and all(map(self._is_filler, text[m.end():f[0]].lower().split()))
                            for f in future)  # "was going to", "were planning to"
                if auxiliary in ("future", "nonpast", "determiner") or (leads and auxiliary != "pluperfect"):
                    continue
                if auxiliary == "pluperfect" and word in self.directive:
                    auxiliary = None  # what was asked for still lay ahead: its deadline counts forward
                past.append((m.start(), m.end(), auxiliary or "past", word in self.reporting))
            self.cache[index] = [(s + base, e + base, kind, rep) for s, e, kind, rep in future + past]
        return self.cache[index]

    def context(self, start: int) -> str:
        """The sentence holding ``start`` and the one before it."""
        index = bisect.bisect_right(self.starts, start) - 1
        return self.text[self.sentences[max(index - 1, 0)].start:self.sentences[index].end] if index >= 0 else ""

    def tense(self, start: int, end: int) -> str | None:
        """The tense of the cue nearest to [start, end) in its sentence: past, pluperfect, future or None.

        A reporting verb ("said") dates the report, not what is reported: it is the tense of a timex only
        when attached to it ("said Friday", "on Friday said") or when the sentence has no other cue.
        """
        index = bisect.bisect_right(self.starts, start) - 1
        if index < 0:
            return None
        cues = []
        for cue_start, cue_end, kind, reporting in self._cues(index):
            if cue_end > start and cue_start < end:
                continue
            between = self.text[cue_end:start] if cue_end <= start else self.text[end:cue_start]
            governs = not reporting or _ATTACHED.fullmatch(between) is not None
            cues.append((governs, len(between), kind, cue_end <= start))
        if any(governs for governs, _, _, _ in cues):
            cues = [c for c in cues if c[0]]
        before = [c for c in cues if c[3]]
        if before and min(before, key=lambda c: c[1])[2] == "pluperfect":
            return "pluperfect"  # a past perfect reaches over what follows it ("had filed by Wednesday, and all")
        return min(cues, key=lambda c: c[1])[2] if cues else None


def tag(text: str, dct: dt.date | None, language: str = "en") -> list[Timex]:
    """All TIMEX3 expressions of ``text``, normalised against ``dct``, in text order."""
    lang = _compiled(language)
    candidates = []
    for order, (rule, regex) in enumerate(lang.rules):
        for match in regex.finditer(text):
            start, end = match.span("t") if "t" in regex.groupindex and match.group("t") else match.span()
            candidates.append((-(end - start), order, start, end, rule, match))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    tenses = _Tenses(text, lang)
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[Timex, Rule, re.Match[str], Context]] = []
    for _, _, start, end, rule, match in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        before = text[max(0, start - 40):start]
        words = before.split()
        ctx = Context(
            dct=dct, tense=tenses.tense(start, end), lex=lang.lex, language=language,
            prev_word=words[-1].lower().strip("(\"'“") if words else "",
            next_text=text[end:end + 12], context=tenses.context(start), before=before,
        )
        result = NORMALISERS[rule.norm](match.groupdict(), ctx, rule.type)
        if result is None:
            continue
        value, mod, kind = result
        taken.append((start, end))
        chosen.append((Timex(start, end, text[start:end], kind, value, mod), rule, match, ctx))
    return _anchored(sorted(chosen, key=lambda c: c[0].start))


def _anchored(chosen: list[tuple[Timex, Rule, re.Match[str], Context]]) -> list[Timex]:
    """The chosen timexes in text order, anaphoric ones normalised again on the dates mentioned before them."""
    found: list[Timex] = []
    mentions: list[tuple[str, bool]] = []
    for timex, rule, match, ctx in chosen:
        if rule.norm in ANAPHORIC:
            result = NORMALISERS[rule.norm](match.groupdict(), replace(ctx, mentions=tuple(mentions)), rule.type)
            if result is None:
                continue
            timex = replace(timex, value=result[0], mod=result[1], type=result[2])
        if rule.norm not in REFERRING and (timex.type == "DURATION" or is_calendar(timex.value)):
            # Only dates given outright move the reference time; "a year earlier" refers back to it. A duration
            # ("for the nine months") is no date to refer back to, but it ends the focus on the last period named.
            mentions.append((timex.value, ctx.clause_tense() == "future"))
        found.append(timex)
    return found
