"""Find direct quotations by their marks, in any common style, with character offsets.

Pattern-based and language-independent: “…” "…" «…» „…“ ‘…’ ‚…‘ 「…」 and ''…'' (two apostrophes, the
typewriter form of double quotes that some wire and newspaper feeds still carry). A quotation is confined
to its paragraph (line); an opening mark never closed runs to the end of the paragraph, the news
convention for quotes that continue in the next paragraph; a closing mark with no opening one
(a mark lost in copying) starts the quote at the paragraph start. Nested quotes stay inside the
outer one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> the marks that may close it.
QUOTE_PAIRS: dict[str, tuple[str, ...]] = {
    "“": ("”", '"'),
    "„": ("“", "”"),
    "«": ("»",),
    "‹": ("›",),
    "「": ("」",),
    "『": ("』",),
    '"': ('"', "“", "”"),
    "''": ("''",),
    "‘": ("’",),
    "‚": ("‘", "’"),
}
_CLOSING_CHARS = "".join({c for closers in QUOTE_PAIRS.values() for closer in closers for c in closer})
# Marks read like a straight double quote: they open only at a word start (they double as apostrophes).
_AMBIGUOUS = frozenset({'"', "''", "‘", "‚"})
# Marks that only ever close: seen with no opener, they end a quote begun at the paragraph start.
ORPHAN_CLOSERS = "”»」』"
# A quotation needs this many words to be a quote rather than a scare-quoted term or a title.
MIN_QUOTE_WORDS = 3


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation [start, end) including its marks; `closed` is False when it runs to the paragraph end."""

    start: int
    end: int
    closed: bool = True

    def words(self, text: str) -> int:
        return len(text[self.start : self.end].split())

    def ends_with_full_stop(self, text: str) -> bool:
        """Whether the quoted words end with a full stop (“… over.” closes its sentence)."""
        return text[self.start : self.end].rstrip(_CLOSING_CHARS).endswith(".")


def _mark_at(line: str, i: int) -> str:
    """The quotation mark starting at `i` ("''" counts as one mark), or the character itself."""
    return "''" if line.startswith("''", i) else line[i]


def _is_opening(line: str, i: int, mark: str) -> bool:
    before = line[i - 1] if i else " "
    after = line[i + len(mark)] if i + len(mark) < len(line) else " "
    if mark in _AMBIGUOUS:  # ambiguous with apostrophes or closers: need a word start
        return (before.isspace() or before in "([{—–-:") and not after.isspace()
    return not after.isspace() or mark in "«„"


def _closer_at(line: str, j: int, closers: tuple[str, ...]) -> str | None:
    """The closing mark at `j`, if one of `closers` is there and is not an apostrophe."""
    closer = next((c for c in closers if line.startswith(c, j)), None)
    if closer is None:
        return None
    after = line[j + len(closer)] if j + len(closer) < len(line) else " "
    # ’ inside a word is an apostrophe (It’s); a closer is followed by a non-letter.
    return None if closer in ("’", '"', "''") and after.isalnum() else closer


def _scan(line: str, offset: int) -> list[Quote]:
    quotes: list[Quote] = []
    i, last_end = 0, 0
    while i < len(line):
        mark = _mark_at(line, i)
        if mark in QUOTE_PAIRS and _is_opening(line, i, mark):
            closers = QUOTE_PAIRS[mark]
            found = next(((k, c) for k in range(i + len(mark), len(line)) if (c := _closer_at(line, k, closers))), None)
            if found is None:
                quotes.append(Quote(offset + i, offset + len(line.rstrip()), closed=False))
                break
            end = found[0] + len(found[1])
            quotes.append(Quote(offset + i, offset + end))
            i = last_end = end
            continue
        if mark in ORPHAN_CLOSERS:
            start = last_end + len(line[last_end:i]) - len(line[last_end:i].lstrip())
            quotes.append(Quote(offset + start, offset + i + 1))
            last_end = i + 1
        i += 1
    return quotes


def _is_utterance(text: str, quote: Quote, line_start: int) -> bool:
    """A short quotation that opens its sentence and closes with its own punctuation (“It’s fine,” she
    said / “No.”) is a complete utterance; a scare-quoted term or title sits inside running text."""
    before = text[line_start : quote.start].rstrip()
    opens_sentence = not before or before[-1] in ".!?:" or before[-1] in _CLOSING_CHARS
    return opens_sentence and text[quote.start : quote.end].rstrip(_CLOSING_CHARS)[-1:] in (".", ",", "!", "?")


def find_quotes(text: str, min_words: int = MIN_QUOTE_WORDS) -> list[Quote]:
    """All quotations of at least `min_words` words, and shorter ones that are whole utterances, in text order."""
    found: list[Quote] = []
    for line in re.finditer(r"[^\n]+", text):
        found.extend(
            q
            for q in _scan(line.group(), line.start())
            if q.words(text) >= min_words or _is_utterance(text, q, line.start())
        )
    return found
