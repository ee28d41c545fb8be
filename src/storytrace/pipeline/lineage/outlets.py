"""The media-outlet alias table: one place that turns "WaPo", "washingtonpost.com" or "Reutersa" into a name.

The data lives in `outlets.json` (canonical name -> kind, country, aliases, domains) so that adding an
outlet is a data change. Lookups are case- and accent-insensitive and ignore a leading article
("The", "Le", "Die", "El", ...), quotes and a possessive "'s". Names too short to be unique on their
own ("The Post", "The Times") resolve only with context: the outlets already named in the same text.
`inflected_outlet` reads Slavic case forms ("Guardianie", "Reutersowi") for texts in those languages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from anyascii import anyascii

_DATA = Path(__file__).with_name("outlets.json")

# Leading articles dropped before lookup, so "Le Monde" / "Monde" and "the BBC" / "BBC" meet.
_ARTICLES = re.compile(r"^(?:(?:the|le|la|les|der|die|das|den|el|los|il|lo|gli|o|de|het)\s+|l'(?=\w))", re.I)
_POSSESSIVE = re.compile(r"(?:'s|'|s')$")
_NON_WORD = re.compile(r"[^\w&+/.-]+")
_LEADING_AT = re.compile(r"^@")
_INNER_QUOTES = re.compile(r"[\"“”„«»]")  # „Bild“-Zeitung: quotes around a name inside a compound
_DOMAIN = re.compile(r"^(?:[a-z][a-z+.-]*://)?(?:www\d?\.)?([a-z0-9.-]+\.[a-z]{2,})(?:[:/?#].*)?$", re.I)


@dataclass(frozen=True, slots=True)
class Outlet:
    """One media outlet of the alias table."""

    name: str
    kind: str
    country: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]


@lru_cache(maxsize=65536)
def alias_key(name: str) -> str:
    """Normalise a name for lookup: transliterated, lower-cased, no article, quotes or possessive
    ("„Bild“-Zeitung" and "Bild-Zeitung" meet). An article in capitals before a word that is not is an
    abbreviation, kept: "LA Times" is not "Times"."""
    text = anyascii(name).strip().strip("\"'`“”„«»‚‘’ ")
    first, _, rest = text.partition(" ")
    abbreviation = len(first) > 1 and first.isupper() and not rest.isupper()
    text = _POSSESSIVE.sub("", _LEADING_AT.sub("", text.lower()).replace("’", "'"))
    text = _INNER_QUOTES.sub("", text)
    if not abbreviation:
        text = _ARTICLES.sub("", text)
    return _NON_WORD.sub(" ", text).strip(" .-")


def without_article(name: str) -> str:
    """A name as written, without a leading article ("The Harbour Ledger" -> "Harbour Ledger")."""
    return _ARTICLES.sub("", name.strip(), count=1) or name.strip()


@dataclass(frozen=True, slots=True)
class _Table:
    outlets: dict[str, Outlet]
    by_alias: dict[str, str]
    by_domain: dict[str, str]
    ambiguous: dict[str, tuple[str, ...]]
    written: frozenset[str]


@cache
def _table() -> _Table:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    outlets: dict[str, Outlet] = {}
    by_alias: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    for name, entry in raw["outlets"].items():
        outlet = Outlet(
            name, entry["kind"], entry["country"], tuple(entry["aliases"]), tuple(entry["domains"])
        )
        outlets[name] = outlet
        for alias in (name, *outlet.aliases):
            by_alias.setdefault(alias_key(alias), name)
        for domain in outlet.domains:
            by_domain[domain.lower()] = name
    ambiguous = {alias_key(short): tuple(names) for short, names in raw["ambiguous"].items()}
    written = frozenset(alias for outlet in outlets.values() for alias in (outlet.name, *outlet.aliases))
    return _Table(outlets, by_alias, by_domain, ambiguous, written)


def outlets() -> dict[str, Outlet]:
    """Every outlet of the table by canonical name."""
    return _table().outlets


def is_written_alias(name: str) -> bool:
    """Whether `name` is spelt exactly as an alias of the table (case-sensitive, e.g. "dpa" but not "welt")."""
    return name in _table().written


def is_agency_alias(name: str) -> bool:
    """Whether `name` is written exactly as an alias of a news agency ("dpa", "AFP", "Reuters")."""
    canonical = canonical_outlet(name) if is_written_alias(name) else None
    return canonical is not None and outlets()[canonical].kind == "agency"


def outlet_for_domain(domain: str) -> str | None:
    """The outlet owning a host or URL ("edition.cnn.com", "https://www.ft.com/x" -> CNN, Financial Times).

    Sub-domains are dropped one label at a time until a known domain matches, so regional or
    mobile hosts of an outlet resolve without listing each one.
    """
    match = _DOMAIN.match(domain.strip())
    if not match:
        return None
    labels = match.group(1).lower().split(".")
    table = _table().by_domain
    for first in range(len(labels) - 1):
        found = table.get(".".join(labels[first:]))
        if found:
            return found
    return None


def canonical_outlet(name: str, context: Iterable[str] = ()) -> str | None:
    """The canonical outlet for a name as written, a domain or an @handle; None when not a known outlet.

    `context` holds canonical names already seen in the same text: "The Post" resolves only to one
    of them (after "The Washington Post reported", "the Post said" is the Post), never by default.
    """
    name = name.strip()
    if not name:
        return None
    if "." in name and " " not in name and (domain := outlet_for_domain(name)):
        return domain
    key = alias_key(name)
    table = _table()
    if key in table.ambiguous:
        seen = set(context)
        return next((candidate for candidate in table.ambiguous[key] if candidate in seen), None)
    return table.by_alias.get(key)


# Case endings of Slavic nouns, longest first: Polish "w Guardianie", "Bloombergowi", "Reutersem", "PAP-u";
# Czech, Slovak, Slovene, Croatian and Serbian "Guardianu", "Reutersovi", "Reutersom", "Reutersa".
_SLAVIC_CASE_ENDINGS = ("iem", "owi", "ovi", "em", "om", "ie", "a", "u")
SLAVIC_LANGUAGES = frozenset({"pl", "cs", "sk", "sl", "hr", "sr", "bs"})


def inflected_outlet(name: str, context: Iterable[str] = ()) -> str | None:
    """The outlet of a Slavic case form of a known name ("Guardianie" -> The Guardian): the ending (after an
    optional hyphen, "CNN-u") is dropped when what remains, at least three characters, is a known outlet."""
    name = name.strip()
    for ending in _SLAVIC_CASE_ENDINGS:
        if name.endswith(ending):
            stem = name[: -len(ending)].rstrip("-")
            if len(stem) >= 3 and (canonical := canonical_outlet(stem, context)):
                return canonical
    return None
