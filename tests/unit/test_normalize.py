"""Normalisation: repaired text, boilerplate removed but kept for audit, outlet and dates settled."""

from __future__ import annotations

from datetime import date

import pytest

from storytrace.model import Article
from storytrace.pipeline.extract import ExtractHtml
from storytrace.pipeline.fingerprint import content_hash
from storytrace.pipeline.language import DetectLanguage
from storytrace.pipeline.normalize import (
    Normalize,
    clean_text,
    is_picture_credit,
    outlet_from_url,
    parse_published,
    strip_boilerplate,
    strip_site_name,
)
from unit.helpers import LEAD, article_html

FARM_TEXT = f"""{LEAD}

See Also: Ten Things You Did Not Know About Piers
Repairs were last carried out in 2019, the authority said.
Read Next: Velmar Mayor Opens New Ferry Terminal
Share this article on Facebook

Editor's note: The authority's statement could not be independently verified.
Source: Velmar Press Agency

Jane Holm is an author and journalist who writes for Velmar Daily Buzz. She loves harbours."""


def _normalize(article: Article) -> Article:
    result = Normalize().process_article(article)
    assert isinstance(result, Article)
    return result


def test_mojibake_nfc_and_whitespace() -> None:
    assert clean_text("CafÃ©  au   lait\r\n\n\n\nnext") == "Café au lait\n\nnext"
    assert clean_text("Cafe\u0301") == "Café"


CLEAN_TEXTS = {
    "de": "Nach jüngsten Schätzungen mussten über 4.300 Menschen in Velmar ihre Häuser verlassen.",
    "ru": "Мэр Велмара заявил, что «порт закрыт» до понедельника.",
    "pl": "Żołnierze wycofali się z Velmaru, powiedział rzecznik.",
    "el": "Ο δήμαρχος του Βέλμαρ δήλωσε ότι το λιμάνι είναι κλειστό.",
    "he": "ראש העיר אמר כי הנמל סגור.",
    "ar": "قال رئيس البلدية إن الميناء مغلق.",
    "fr": "Le maire de Velmar a déclaré à 23 h 11 que le port était « fermé ».",
}


@pytest.mark.parametrize("charset", ["mac_latin2", "mac_cyrillic", "mac_greek", "koi8_r", "cp866", "cp1256"])
@pytest.mark.parametrize("language", sorted(CLEAN_TEXTS))
def test_utf8_read_as_a_legacy_charset_ftfy_leaves_alone_is_repaired(language: str, charset: str) -> None:
    clean = CLEAN_TEXTS[language]
    garbled = clean.encode("utf-8").decode(charset)  # e.g. "j√ľngsten" for "jüngsten" (Mac Central European)
    assert garbled != clean and clean_text(garbled) == clean_text(clean)


@pytest.mark.parametrize("language", sorted(CLEAN_TEXTS))
def test_clean_text_in_any_script_is_left_as_it_is(language: str) -> None:
    assert clean_text(CLEAN_TEXTS[language]) == CLEAN_TEXTS[language]


def test_latin1_mojibake_is_left_to_ftfy_rather_than_read_as_cp850() -> None:
    # "Ã©" round-trips through cp850 too, as "Ǹ": ftfy's charsets take precedence.
    assert clean_text("Le sÃ©isme a frappÃ© Velmar.") == "Le séisme a frappé Velmar."


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Aijaz Rahi/AP/dpa", True),
        ("Amir Cohen/Reuters", True),
        ("REUTERS/Yves Herman", True),
        ("Fabrice Coffrini/AFP/Getty Images", True),
        ("Foto: picture alliance/dpa", True),
        ("Photo: Jane Holm", True),
        ("Image Credit: velmar courier", True),
        ("Picture credits: Jane Holm/Reuters", True),
        ("dpa/AFP/jW", False),  # the text's own agency credit, read by the citations stage
        ("Dpa/AFP", False),
        ("Velmar/Ostrava", False),
        ("The mayor told Reuters/AP reporters.", False),
        ("Foto: Der Bürgermeister von Velmar eröffnet am Montag den neuen Fährhafen.", False),
    ],
)
def test_picture_credit_lines(line: str, credit: bool) -> None:
    assert is_picture_credit(line) is credit


def test_a_picture_credit_first_line_is_removed_not_taken_for_the_title() -> None:
    text = f"Jane Holm/AP/dpa\n\n{LEAD}\n\nDpa/AFP/jW"
    article = _normalize(Article(id="pic", text=text))
    assert article.meta["boilerplate_removed"] == ["Jane Holm/AP/dpa"]
    assert article.title != "Jane Holm/AP/dpa" and article.text.startswith(LEAD.split("\n")[0])


def test_boilerplate_removed_and_recorded_but_sources_kept() -> None:
    article = _normalize(Article(id="farm", text=FARM_TEXT))
    removed = article.meta["boilerplate_removed"]
    assert removed == [
        "See Also: Ten Things You Did Not Know About Piers",
        "Read Next: Velmar Mayor Opens New Ferry Terminal",
        "Share this article on Facebook",
        "Jane Holm is an author and journalist who writes for Velmar Daily Buzz. She loves harbours.",
    ]
    assert "Source: Velmar Press Agency" in article.text
    assert article.meta["source_lines"] == ["Source: Velmar Press Agency"]
    assert article.meta["editor_notes"][0].startswith("Editor's note:")
    assert "Repairs were last carried out" in article.text


def test_prose_starting_like_a_teaser_is_kept() -> None:
    text = "Related agencies met on Monday.\nRead more about it in the report, officials said, " + "x " * 200
    kept, removed = strip_boilerplate(text)
    assert removed == [] and kept.startswith("Related agencies")


@pytest.mark.parametrize(
    "line", ["Related Story", "Related Articles", "Related article: Velmar port reopens", "Related"]
)
def test_related_links_headings_are_teasers(line: str) -> None:
    kept, removed = strip_boilerplate(f"{LEAD}\n{line}\nRepairs were last carried out in 2019.")
    assert removed == [line] and "Repairs were" in kept


def test_bio_only_at_the_end() -> None:
    text = "Jane Holm is an author and journalist who sued the harbour.\n" + LEAD + "\nMore.\nEven more.\nEnd."
    assert strip_boilerplate(text)[1] == []


def test_title_from_first_line_and_outlet_from_url() -> None:
    article = _normalize(
        Article(id="t", text="Northern pier to close\n\n" + LEAD, url="https://news.velmar-courier.co.uk/x")
    )
    assert article.title == "Northern pier to close" and article.meta["title_source"] == "first_line"
    assert article.outlet == "velmar-courier.co.uk"
    assert outlet_from_url("https://www.bbc.co.uk/news") == "bbc.co.uk"


@pytest.mark.parametrize(
    ("title", "outlet", "site_name", "headline"),
    [
        ("Pier to close | Reuters", None, None, "Pier to close"),  # a known outlet
        ("Pier to close - BBC News", "bbc.co.uk", None, "Pier to close"),
        ("Pier to close — Harbour Ledger", "ledger.example", "Harbour Ledger", "Pier to close"),  # the site name
        ("Pier to close - Velmar Courier", "velmar-courier.co.uk", None, "Pier to close"),  # the domain's name
        ("Pier to close |", None, None, "Pier to close"),  # a dangling separator
        ("US - China talks resume", None, None, "US - China talks resume"),
        ("Live updates - Velmar pier fire", "ledger.example", None, "Live updates - Velmar pier fire"),
        ("Velmar: the pier closes", None, None, "Velmar: the pier closes"),
    ],
)
def test_site_name_after_a_headline_is_removed(title: str, outlet: str | None, site_name: str | None,
                                                headline: str) -> None:
    assert strip_site_name(title, outlet, site_name) == headline


def test_title_taken_from_the_first_line_loses_its_site_name() -> None:
    article = _normalize(Article(id="t", text="Northern pier to close |\n\n" + LEAD))
    assert article.title == "Northern pier to close"
    assert _normalize(Article(id="d", text="Port Velmar | Reuters\n\n" + LEAD)).title is None  # a dateline credit
    assert _normalize(Article(id="h", text="Pier closes | Reuters\n\n" + LEAD)).title == "Pier closes"


def test_publication_dates() -> None:
    today = date(2025, 6, 1)
    assert parse_published("2025-03-04", today) == ("2025-03-04", None)
    assert parse_published("2025-03-04T09:15:00Z", today) == ("2025-03-04T09:15:00+00:00", None)
    assert parse_published("2025-03-04T00:00:00", today) == ("2025-03-04", None)
    assert parse_published("2025-02", today) == ("2025-02", None)
    assert parse_published("March 4, 2025", today) == ("2025-03-04", None)
    for bad in ("2025-13-45", "not a date", "2031-01-01", "2025-14"):
        value, warning = parse_published(bad, today)
        assert value is None and warning


def test_bad_date_becomes_null_with_warning() -> None:
    article = _normalize(Article(id="d", text=LEAD, published="2025-13-45"))
    assert article.published is None and "2025-13-45" in article.meta["warnings"][0]


def test_html_extraction_gives_text_title_date_site() -> None:
    page = article_html("Northern pier to close", LEAD + "\n\n" + LEAD.replace("Tuesday", "Wednesday"))
    result = ExtractHtml().process_article(Article(id="p", text="", html=page))
    assert isinstance(result, Article)
    assert result.title == "Northern pier to close" and result.published == "2025-03-04"
    assert result.url == "https://www.velmar-courier.com/a/1" and result.meta["site_name"] == "Velmar Courier"
    assert "northern pier will close" in result.text and "cookies" not in result.text and result.html is None


def test_language_detection_keeps_given_language() -> None:
    detected = DetectLanguage().process_article(Article(id="f", text="Le port de Velmar fermera sa jetée nord."))
    given = DetectLanguage().process_article(Article(id="g", text=LEAD, language="EN-gb"))
    assert isinstance(detected, Article) and detected.language == "fr"
    assert isinstance(given, Article) and given.language == "en"


def test_content_hash_ignores_spacing_and_case() -> None:
    assert content_hash("The pier, closed.") == content_hash("the  pier closed")
    assert content_hash("The pier closed.") != content_hash("The pier opened.")
