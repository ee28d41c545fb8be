"""The outlet alias table: names, abbreviations, inflections, domains and context-only short names."""

from __future__ import annotations

import pytest

from storytrace.pipeline.lineage.outlets import (
    alias_key,
    canonical_outlet,
    inflected_outlet,
    outlet_for_domain,
    outlets,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("WaPo", "The Washington Post"),
        ("Washington Post", "The Washington Post"),
        ("the Washington Post's", "The Washington Post"),
        ("washingtonpost.com", "The Washington Post"),
        ("AP", "The Associated Press"),
        ("Agence France-Presse", "AFP"),
        ("Deutsche Presse-Agentur", "dpa"),
        ("Reutersa", "Reuters"),
        ("@ReutersUS", "Reuters"),
        ("Le Monde", "Le Monde"),
        ("El Pais", "El País"),
        ("„Süddeutsche Zeitung“", "Süddeutsche Zeitung"),
        ("Estadão Conteúdo", "Estadão"),
        ("Keystone-ATS", "Keystone-SDA"),
        ("„Bild“-Zeitung", "Bild"),
        ("LA Times", "Los Angeles Times"),
        ("LE MONDE", "Le Monde"),
        ("tagesspiegel.de", "Der Tagesspiegel"),
        ("Institute for the Study of War", None),
        ("", None),
    ],
)
def test_canonical_outlet(name: str, expected: str | None) -> None:
    assert canonical_outlet(name) == expected


def test_short_names_need_context() -> None:
    assert canonical_outlet("The Post") is None
    assert canonical_outlet("The Post", ["The Washington Post"]) == "The Washington Post"
    assert canonical_outlet("the Times", ["CNN", "The New York Times"]) == "The New York Times"


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("washingtonpost.com", "The Washington Post"),
        ("www.washingtonpost.com", "The Washington Post"),
        ("https://edition.cnn.com/2023/05/01/world/x.html", "CNN"),
        ("oglobo.globo.com", "O Globo"),
        ("example.org", None),
        ("not a domain", None),
    ],
)
def test_outlet_for_domain(domain: str, expected: str | None) -> None:
    assert outlet_for_domain(domain) == expected


def test_table_entries_are_well_formed() -> None:
    kinds = {"agency", "newspaper", "broadcaster", "magazine", "online"}
    for name, outlet in outlets().items():
        assert outlet.kind in kinds, name
        assert len(outlet.country) == 2, name
        assert all(canonical_outlet(domain) == name for domain in outlet.domains), name


def test_every_alias_resolves_to_its_own_outlet() -> None:
    """No alias is shadowed by another outlet's ("LA Times" once read as "Times" after dropping "La")."""
    ambiguous = {alias_key(name) for name in ("The Post", "The Times", "The Journal", "The Globe")}
    for name, outlet in outlets().items():
        for alias in (name, *outlet.aliases):
            if alias_key(alias) not in ambiguous:
                assert canonical_outlet(alias) == name, alias


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Guardianie", "The Guardian"),
        ("Bloombergowi", "Bloomberg"),
        ("Reutersem", "Reuters"),
        ("CNN-u", "CNN"),
        ("Guardianu", "The Guardian"),
        ("Polska", None),
        ("Sanu", None),
    ],
)
def test_slavic_case_forms(name: str, expected: str | None) -> None:
    assert inflected_outlet(name) == expected
