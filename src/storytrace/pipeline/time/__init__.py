"""Temporal tagging (TIMEX3 extraction and normalisation) in the spirit of HeidelTime.

Rules are data (``rules.py`` patterns over ``lexicon.py`` word tables, one table per language: en, de,
fr, es); one engine (``engine.py``) applies them and the normalisers (``normalize.py``) anchor deictic
expressions on the document creation time and anaphoric ones on the last date mentioned (``anchors.py``).
"""

from __future__ import annotations

import datetime as dt

from storytrace.pipeline.time.engine import tag
from storytrace.pipeline.time.timex import Timex

__all__ = ["Timex", "tag_timexes"]


def tag_timexes(text: str, dct: dt.date | None, language: str = "en") -> list[Timex]:
    """TIMEX3 expressions of ``text`` with character offsets, normalised against ``dct``.

    ``dct`` is the document creation (publication) date; without it relative expressions stay
    underspecified (``XXXX-WXX-7``) instead of being guessed. ``language`` is en, de, fr or es (a
    region suffix such as en-US is ignored); others raise ValueError.
    """
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    return tag(text, dct, language.split("-")[0].lower())
