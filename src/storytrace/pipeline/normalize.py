"""Normalise stage: repair text, strip what is not the article, settle title, outlet and date.

What is removed is never lost: every dropped line is kept in `meta["boilerplate_removed"]` so a
user can audit it. Source lines ("Source: BNR") and editor's notes stay in the text, because later
stages read them as evidence, and are also listed in `meta`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import ftfy
import ftfy.bad_codecs  # registers the "sloppy-windows-*" codecs named in CHARMAP_ENCODINGS
from ftfy.chardata import CHARMAP_ENCODINGS

from storytrace.model import Article, Reject
from storytrace.pipeline.base import Stage
from storytrace.pipeline.lineage.outlets import alias_key, canonical_outlet, is_agency_alias

# Lines that advertise other content: a teaser keyword, then a separator or nothing.
_TEASER = re.compile(
    r"^\s*(see also|read next|read more|read also|also read|related( stor(y|ies)| articles?| coverage| news)?"
    r"|recommended|more from [\w .]+|watch|lire aussi|à lire aussi|a lire aussi|voir aussi|mehr zum thema"
    r"|lesen sie auch|auch interessant|weiterlesen|leer más|lee también|te puede interesar|leggi anche|czytaj też"
    r"|czytaj także|zobacz też|leia também|veja também|lees ook)\s*([:：»|–—>-].*)?$",
    re.IGNORECASE,
)
# Prompts to share, follow or subscribe, and comment-form furniture.
_PROMPT = re.compile(
    r"^\s*(share (this|on|via)\b|share:|follow us\b|subscribe (to|now)\b|sign up (for|to)\b|click here\b"
    r"|tap here\b|join our\b|download our app|leave a reply|leave a comment|cancel reply"
    r"|your email address will not be published|required fields are marked|advertisement$"
    r"|teilen sie\b|partager (cet|sur)\b|compartir en\b|condividi\b|udostępnij\b)",
    re.IGNORECASE,
)
# A trailing author bio: "Jane Doe is an author and journalist who writes for ...".
_BIO = re.compile(
    r"^\s*(about the author\b.*|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} (?:is|was) (?:an?|the) "
    r"(?:[\w-]+ ){0,3}(?:author|journalist|reporter|writer|editor|correspondent|columnist|freelancer)\b.*)$"
)
# A line that is only a picture credit: "Aijaz Rahi/AP/dpa", "REUTERS/Yves Herman", "Foto: picture alliance/dpa".
# Scraped pages keep them between paragraphs (or first, where the title would be taken from).
_PICTURE_PREFIX = re.compile(
    r"^(?:(?:foto|photo|bild|image|picture|zdjęcie)s?(?:\s+(?:credits?|courtesy))?|crédits? photos?|bildquelle)\s*:\s*",
    re.I,
)
_PICTURE_SERVICES = frozenset({"getty images", "picture alliance", "picture-alliance", "imago", "shutterstock"})
_PICTURE_CREDIT_CHARS = 80
_MAX_BOILERPLATE_LINE = 300  # longer lines are prose, whatever they start with
_SOURCE_LINE = re.compile(r"^\s*(source|sources|quelle|fuente|fonte|źródło|bron)\s*:\s*\S", re.IGNORECASE)
_EDITOR_NOTE = re.compile(
    r"^\s*(editor['’]?s note|note from the editor|anmerkung der redaktion|ndlr|note de la rédaction)\b", re.IGNORECASE
)
_REDUCED_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_TITLE_MAX_WORDS = 25
_BIO_TAIL_LINES = 3  # a bio is only recognised among the last lines of the article


# Legacy charsets whose UTF-8 mojibake ftfy leaves alone (its repairs cover Latin-1, the Windows code pages
# 1250-1254 and 1257, ISO 8859-2, MacRoman and cp437): Mac Central European, Cyrillic and Greek, KOI8, DOS
# Cyrillic, Windows Hebrew and Arabic. The dev corpus holds a German page decoded as Mac Central European
# ("j√ľngsten" for "jüngsten"), which ftfy returns unchanged. The DOS Latin code pages (cp850, cp852) are left
# out: their box-drawing letters make one garbled text round-trip through several of them, to different
# letters ("že" and "ŝe"), and such pages are rare on the web.
_LEGACY_CHARSETS = ("mac_latin2", "mac_cyrillic", "mac_greek", "koi8_r", "koi8_u", "cp866", "cp1255", "cp1256")


def repair_legacy_mojibake(text: str) -> str:
    """`text` re-read as the UTF-8 it was, when all of it is UTF-8 decoded as one of `_LEGACY_CHARSETS`.

    The test is a strict round trip: encoded back in the charset, the text must be valid UTF-8 and differ
    from it. Clean text fails it: its accented letters stand alone between ASCII ones, and a lone byte
    above 0x7F is never valid UTF-8, whereas mojibake is made of exactly the lead and continuation bytes
    UTF-8 needs. A text only partly garbled is left as it is. So is one that round-trips through a charset
    ftfy repairs: "Ã©" (UTF-8 read as Latin-1) also round-trips through cp850, as "Ǹ".
    """
    if text.isascii():
        return text
    for charset in _LEGACY_CHARSETS:
        if repaired := _utf8_read_as(text, charset):
            # checked only now: the round trips above fail fast on clean text, these would cost every article
            return text if any(_utf8_read_as(text, ftfy_charset) for ftfy_charset in CHARMAP_ENCODINGS) else repaired
    return text


def _utf8_read_as(text: str, charset: str) -> str | None:
    """What `text` was, if it is UTF-8 decoded as `charset` (and not the same text), else None."""
    try:
        repaired = text.encode(charset).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return repaired if repaired != text else None


def clean_text(text: str) -> str:
    """Fix mojibake, apply Unicode NFC, and normalise whitespace (one blank line between paragraphs)."""
    # The legacy repair reads the page as received: ftfy's own fixes (curly quotes made straight) would break
    # the byte round trip that it rests on.
    text = unicodedata.normalize("NFC", ftfy.fix_text(repair_legacy_mojibake(text), normalization="NFC"))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [re.sub(r"[ \t\u2000-\u200b\u3000]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def is_picture_credit(line: str) -> bool:
    """Whether a line is only a picture credit: after an optional "Foto:"-like label, two to four slash-joined
    names of up to four words, one of them a news agency or a picture service. A line that starts with two
    agencies is the text's own agency credit ("dpa/AFP/jW", read by the citations stage) and stays; so does
    anything ending in sentence punctuation (a caption sentence)."""
    labelled = _PICTURE_PREFIX.match(line.strip())
    body = line.strip()[labelled.end() if labelled else 0 :]
    pieces = [piece.strip() for piece in body.split("/")]
    if len(body) > _PICTURE_CREDIT_CHARS or not 2 <= len(pieces) <= 4:
        return bool(labelled) and 0 < len(body.split()) <= 4 and not body.endswith((".", "!", "?"))
    if any(not piece or len(piece.split()) > 4 or piece[-1] in ".!?:;," for piece in pieces):
        return False
    if _is_agency(pieces[0]) and _is_agency(pieces[1]):
        return False
    return any(piece.lower() in _PICTURE_SERVICES or _is_agency(piece) for piece in pieces)


def _is_agency(name: str) -> bool:
    """A news agency in any case: picture credits write "REUTERS", a line may start "Dpa/AFP"."""
    return any(is_agency_alias(form) for form in (name, name.lower(), name.upper(), name.title()))


def strip_boilerplate(text: str) -> tuple[str, list[str]]:
    """Remove teaser, prompt, picture-credit and trailing-bio lines; return the text and the removed lines."""
    lines = text.split("\n")
    content_indices = [i for i, line in enumerate(lines) if line.strip()]
    tail = set(content_indices[-_BIO_TAIL_LINES:])
    kept: list[str] = []
    removed: list[str] = []
    for index, line in enumerate(lines):
        short = len(line) <= _MAX_BOILERPLATE_LINE
        if (short and (_TEASER.match(line) or _PROMPT.match(line) or is_picture_credit(line))) or (
            index in tail and _BIO.match(line)
        ):
            removed.append(line)
        else:
            kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip(), removed


def derive_title(text: str) -> str | None:
    """A first line that reads like a headline (short, no final full stop, no dateline) when no title was given."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if not rest.strip() or not first or len(first.split()) > _TITLE_MAX_WORDS or first[-1] in ".!?…:;,":
        return None
    return None if _is_dateline_credit(first) else first


def _is_dateline_credit(line: str) -> bool:
    """A place and the agency whose report follows, on a line of their own ("San Francisco | Reuters"): a credit,
    not a headline. The place is a few capitalised words; "Altman returns | Reuters" is a headline."""
    match = _TITLE_TAIL.search(line)
    if match is None or not is_agency_alias(match.group(1).strip()):
        return False
    place = line[: match.start()].split()
    return 0 < len(place) <= 4 and all(word[:1].isupper() for word in place)


# The last separator of a page title and what follows it: "… | Reuters", "… - BBC News", "… — The Guardian".
# Not a colon: "Trump: the indictment" is a headline's own structure.
_TITLE_TAIL = re.compile(r"\s+(?:\||-|–|—|·|•|::)\s*([^|–—·•]*)$")


def strip_site_name(title: str, outlet: str | None = None, site_name: str | None = None) -> str:
    """A headline without the site name that page titles append, or a separator left dangling ("… moon |").

    The tail goes when it is empty, a known outlet (the alias table), or the page's own outlet or site name
    (its domain's name: "chengsdkj.com" is "Chengsdkj"); any other tail is part of the headline ("US - China
    talks resume")."""
    match = _TITLE_TAIL.search(title)
    head = title[: match.start()].rstrip() if match else ""
    if not match or not head:
        return title
    tail = match.group(1).strip()
    names = [site_name, outlet, outlet.split(".")[0] if outlet and "." in outlet and " " not in outlet else None]
    own = {_compact(name) for name in names if name}
    return head if not tail or _compact(tail) in own or canonical_outlet(tail) is not None else title


def _compact(name: str) -> str:
    """A name's letters and digits, lower-cased, without its article ("The Velmar-Courier" -> velmarcourier)."""
    return re.sub(r"[\W_]+", "", alias_key(name))


@lru_cache(maxsize=1)
def _domain_extractor():
    import tldextract

    # The bundled public-suffix snapshot only: no network fetch, no cache directory.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def outlet_from_url(url: str) -> str | None:
    """The registered domain of a URL ("https://www.bbc.co.uk/news/x" -> "bbc.co.uk")."""
    parts = _domain_extractor()(url)
    return parts.top_domain_under_public_suffix or None


def parse_published(value: str, today: date | None = None) -> tuple[str | None, str | None]:
    """Normalise a publication date to ISO (date, datetime when a time is given, or year-month).

    Returns (iso or None, warning or None): unparseable and future dates become None with a
    warning, never an exception. Non-ISO strings go through dateparser.
    """
    today = today or datetime.now(UTC).date()
    raw = value.strip()
    reduced = _REDUCED_DATE.match(raw)
    if reduced:  # ISO reduced precision ("2023-02", "2023") is kept as is: no day is invented
        year, month = int(reduced.group(1)), int(reduced.group(2) or 1)
        if not 1 <= month <= 12 or not 1800 <= year <= today.year or (year, month) > (today.year, today.month):
            return None, f"implausible publication date {raw!r}"
        return raw, None
    parsed: datetime | date | None = None
    try:
        parsed = date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw)
    except ValueError:
        import dateparser

        parsed = dateparser.parse(raw, settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        return None, f"unparseable publication date {raw!r}"
    day = parsed.date() if isinstance(parsed, datetime) else parsed
    if day > today + timedelta(days=1):
        return None, f"publication date {raw!r} is in the future"
    if day.year < 1800:
        return None, f"implausible publication date {raw!r}"
    if isinstance(parsed, datetime) and (parsed.hour, parsed.minute, parsed.second) != (0, 0, 0):
        return parsed.isoformat(), None
    return day.isoformat(), None


class Normalize(Stage):
    """Clean text, remove boilerplate, derive title, outlet and publication date."""

    name = "normalize"

    def process_article(self, article: Article) -> Article | Reject:
        text = clean_text(article.text)
        text, removed = strip_boilerplate(text)
        if not text:
            return Reject(article.origin, "empty", "no text left after normalisation", article_id=article.id)
        if text != article.text:
            self.count("texts_changed")
        article.text = text
        if removed:
            article.meta["boilerplate_removed"] = removed
            self.count("boilerplate_lines", len(removed))
        lines = text.split("\n")
        for key, pattern in (("source_lines", _SOURCE_LINE), ("editor_notes", _EDITOR_NOTE)):
            found = [line for line in lines if pattern.match(line)]
            if found:
                article.meta[key] = found
        if not article.outlet and article.url:
            article.outlet = outlet_from_url(article.url)
        if not article.outlet and article.meta.get("site_name"):
            article.outlet = article.meta["site_name"]
        if article.title:
            article.title = clean_text(article.title)
        else:
            article.title = derive_title(text)
            if article.title:
                article.meta["title_source"] = "first_line"
        if article.title:
            article.title = strip_site_name(article.title, article.outlet, article.meta.get("site_name"))
        if article.published:
            article.published, warning = parse_published(str(article.published))
            if warning:
                article.warn(warning)
                self.count("bad_dates")
        return article
