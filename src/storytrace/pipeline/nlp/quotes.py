"""Find direct quotations by their marks, in any common style, with character offsets.

Pattern-based and language-independent: “…” "…" «…» „…“ ‘…’ ‚…‘ and 「…」. A quotation is confined
to its paragraph (line); an opening mark never closed runs to the end of the paragraph, the news
convention for quotes that continue in the next paragraph; a closing mark with no opening one
(a mark lost in copying) starts the quote at the paragraph start. Nested quotes stay inside the
outer one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> the marks that may close it.
QUOTE_PAIRS: dict[str, str] = {
    "“": '”"',
    "„": "“”",
    "«": "»",
    "‹": "›",
    "「": "」",
    "『": "』",
    '"': '"“”',
    "‘": "’",
    "‚": "‘’",
}
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


def _is_opening(line: str, i: int) -> bool:
    mark = line[i]
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    if mark in '‘"‚':  # ambiguous with apostrophes or closers: need a word start
        return (before.isspace() or before in "([{—–-:") and not after.isspace()
    return not after.isspace() or mark in "«„"


def _is_closing(line: str, j: int) -> bool:
    after = line[j + 1] if j + 1 < len(line) else " "
    # ’ inside a word is an apostrophe (It’s); a closer is followed by a non-letter.
    return not (line[j] in '’"' and after.isalnum())


def _scan(line: str, offset: int) -> list[Quote]:
    quotes: list[Quote] = []
    i, last_end = 0, 0
    while i < len(line):
        mark = line[i]
        if mark in QUOTE_PAIRS and _is_opening(line, i):
            closers = QUOTE_PAIRS[mark]
            j = next((k for k in range(i + 1, len(line)) if line[k] in closers and _is_closing(line, k)), -1)
            if j < 0:
                quotes.append(Quote(offset + i, offset + len(line.rstrip()), closed=False))
                break
            quotes.append(Quote(offset + i, offset + j + 1))
            i = last_end = j + 1
            continue
        if mark in ORPHAN_CLOSERS:
            start = last_end + len(line[last_end:i]) - len(line[last_end:i].lstrip())
            quotes.append(Quote(offset + start, offset + i + 1))
            last_end = i + 1
        i += 1
    return quotes


def find_quotes(text: str, min_words: int = MIN_QUOTE_WORDS) -> list[Quote]:
    """All quotations of at least `min_words` words, in text order."""
    found: list[Quote] = []
    for line in re.finditer(r"[^\n]+", text):
        found.extend(q for q in _scan(line.group(), line.start()) if q.words(text) >= min_words)
    return found
