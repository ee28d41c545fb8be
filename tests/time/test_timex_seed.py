"""The temporal tagger on a real news article (../shared/seeds/000_*, read at test time, never copied)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from storytrace.pipeline.segment import split_sentences
from storytrace.pipeline.time import tag_timexes

# (text, type, value, mod) of every time expression of the article, normalised against its date.
EXPECTED = {
    ("late January", "DATE", "2023-01", "END"),
    ("this month", "DATE", "2023-05", None),
    ("the past few months", "DURATION", "PXM", None),
    ("May 9", "DATE", "2023-05-09", None),
    ("recently", "DATE", "PAST_REF", None),
    ("Sunday", "DATE", "2023-05-14", None),
}


@pytest.mark.shared
def test_seed_article_timexes(shared_dir: Path) -> None:
    paths = sorted((shared_dir / "seeds").glob("000_*.txt"))
    if not paths:
        pytest.skip("seed article 000 is absent")
    raw = paths[0].read_text(encoding="utf-8")
    header = re.match(r"\s*date (\d{4}-\d{2}-\d{2})\s+", raw)
    assert header, "the seed starts with its publication date"
    text, dct = raw[header.end():], dt.date.fromisoformat(header.group(1))
    assert dct == dt.date(2023, 5, 15)

    found = set()
    for sentence in split_sentences(text):
        for timex in tag_timexes(sentence.text, dct):
            assert sentence.text[timex.start:timex.end] == timex.text
            found.add((timex.text, timex.type, timex.value, timex.mod))
    assert found == EXPECTED
    # Tagging the whole text finds the same expressions at offsets into the whole text.
    whole = tag_timexes(text, dct)
    assert {(t.text, t.type, t.value, t.mod) for t in whole} == EXPECTED
    assert all(text[t.start:t.end] == t.text for t in whole)
