"""Per-article features for story clustering: language-agnostic sparse keys plus the text to embed.

An article becomes four sparse channels of folded keys, each a {key: weight} map whose weights are
L2-normalised log term frequencies (IDF is applied later, by the clusterer, from the stream seen so
far):

- terms: content words, folded to ASCII (anyascii) and cut to a short prefix so that inflections
  ("earthquake", "earthquakes") and cognates across languages often meet;
- entities: proper-noun-like tokens (capitalised inside a sentence, or acronyms), or the NER keys
  given with the article; names survive translation, so this channel links languages;
- numbers: normalised across decimal conventions ("3,549" = "3.549" = "3549", "6,8" = "6.8"), the
  tolls, magnitudes and amounts that set apart two events of the same kind;
- when: years and dates mentioned in the text ("2011", "10 March", "10. März", "March 10" ->
  "y:2011", "d:03-10"); two reports that name different years or days are rarely the same event;
- the title and lead, the text handed to the sentence encoder.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

from storytrace.pipeline.segment import split_sentences

_LEXICON = json.loads((Path(__file__).with_name("lexicon.json")).read_text(encoding="utf-8"))
STOPWORDS: frozenset[str] = frozenset(word for words in _LEXICON["stopwords"].values() for word in words.split())
MONTHS: dict[str, int] = _LEXICON["months"]

TERM_PREFIX = 6  # folded words are cut to 6 letters: a cheap cross-language stemmer
MIN_TERM_LENGTH = 3
LEAD_CHARS = 600  # title + lead handed to the encoder (USE reads the first ~128 tokens anyway)
TITLE_MAX_CHARS = 200
YEAR_RANGE = (1900, 2099)  # four-digit numbers in this range are read as years

_HEADER = re.compile(r"^\s*date \d{4}(?:-\d\d){0,2}\s+")  # " date YYYY-MM-DD " prefix of stored pages
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-][^\W\d_])*", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,\u202f ]\d{3})+(?![\d])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\d])")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er|\.)?(?:\s+de)?\s+([^\W\d_]{3,})", re.UNICODE)
_MONTH_DAY = re.compile(r"\b([^\W\d_]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?![.,]?\d)", re.UNICODE)


@dataclass(slots=True)
class DocFeatures:
    """What the clusterer needs of one article: sparse channels and the text to embed."""

    terms: dict[str, float]
    entities: dict[str, float]
    numbers: dict[str, float]
    when: dict[str, float]
    embed_text: str


def fold(token: str) -> str:
    """ASCII-fold and lower-case a token so that "Erdoğan", "Erdogan" and "Эрдоган" compare."""
    return anyascii(token).lower()


@lru_cache(maxsize=200_000)
def term_key(folded: str) -> str | None:
    """The term key of a folded word, or None for stopwords and very short words."""
    if len(folded) < MIN_TERM_LENGTH or folded in STOPWORDS:
        return None
    return folded[:TERM_PREFIX]


def strip_header(text: str) -> str:
    """Drop the " date YYYY-MM-DD " header some stored pages start with."""
    return _HEADER.sub("", text, count=1)


def split_title(text: str, title: str | None) -> tuple[str, str]:
    """Return (title, body); without a given title, a short first line counts as the title."""
    if title:
        return title.strip(), text
    first, _, rest = text.strip().partition("\n")
    if rest and len(first) <= TITLE_MAX_CHARS and not first.rstrip().endswith((".", ":")):
        return first.strip(), rest
    return "", text


def _normalise_number(raw: str) -> str | None:
    """Normalise a number across decimal conventions; None for the small numbers every text has."""
    digits = raw.replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[., ]\d{3})+", digits):
        value = digits.replace(",", "").replace(".", "").replace(" ", "")
        return value
    value = digits.replace(",", ".")
    if "." not in value and int(value) < 32:  # day numbers, counts of one hand: not discriminative
        return None
    return value


def _mentioned_dates(text: str) -> list[str]:
    keys = []
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        for match in pattern.finditer(text):
            month = MONTHS.get(fold(match.group(month_group)).rstrip("."))
            day = int(match.group(day_group))
            if month and 1 <= day <= 31:
                keys.append(f"d:{month:02d}-{day:02d}")
    return keys


def _weights(counts: Counter[str]) -> dict[str, float]:
    """Log term frequencies, L2-normalised, so that long articles do not outweigh short ones."""
    weights = {key: 1.0 + math.log(count) for key, count in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {key: w / norm for key, w in weights.items()}


def _is_entity_token(token: str, sentence_initial: bool) -> bool:
    if len(token) < 2 or not token[0].isupper():
        return False
    if token.isupper():  # acronyms: USGS, FDIC, UBS
        return True
    return not sentence_initial


def extract_features(text: str, title: str | None = None, entities: list[str] | None = None) -> DocFeatures:
    """Compute the sparse channels and the embedding text of one article."""
    text = strip_header(text)
    head, body = split_title(text, title)
    full = f"{head}\n{body}" if head else body
    terms: Counter[str] = Counter()
    names: Counter[str] = Counter()
    numbers: Counter[str] = Counter()
    when: Counter[str] = Counter()
    for sentence in split_sentences(full):
        for position, match in enumerate(_WORD.finditer(sentence.text)):
            token = match.group()
            folded = fold(token)
            key = term_key(folded)
            if key is None:
                continue
            terms[key] += 1
            if entities is None and _is_entity_token(token, position == 0):
                names[folded] += 1
    if entities is not None:
        names.update(fold(entity) for entity in entities)
    for match in _NUMBER.finditer(full):
        number = _normalise_number(match.group())
        if number is None:
            continue
        if YEAR_RANGE[0] <= int(number.partition(".")[0]) <= YEAR_RANGE[1] and len(number) == 4:
            when[f"y:{number}"] += 1
        else:
            numbers[number] += 1
    when.update(_mentioned_dates(full))
    return DocFeatures(_weights(terms), _weights(names), _weights(numbers), _weights(when), _lead(head, body))


def _lead(head: str | None, body: str) -> str:
    lead = body.strip()[:LEAD_CHARS]
    return f"{head}. {lead}" if head else lead


def lead_text(text: str, title: str | None = None) -> str:
    """Title + lead: the text whose embedding represents an article (stories and lineage share it)."""
    head, body = split_title(strip_header(text), title)
    return _lead(head, body)
