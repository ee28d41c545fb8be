"""The TIMEX3 record returned by the temporal tagger."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Timex:
    """One time expression: ``text == source[start:end]``; type DATE|TIME|DURATION|SET.

    ``value`` is the TIMEX3 value (ISO 8601 or its TimeML extensions: 2023-05-14, 2023-W20, 2023-SU,
    199, P2W, PRESENT_REF, XXXX-WXX-7 ...); ``mod`` the TimeML modifier (START, END, MID, APPROX ...).
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None

    def to_dict(self) -> dict:
        """{start, end, text, type, value, mod} for JSON output."""
        return asdict(self)
