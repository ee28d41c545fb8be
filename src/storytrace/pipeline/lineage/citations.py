"""Explicit citations: the outlets, documents, posts, organisations and people an article credits.

A citation is a *credit*: this article says it took information from somewhere ("The Washington Post
reported", "according to Reuters", "(AP) —", "Source: BNR", "selon l'AFP", "wie die dpa meldet").
Extraction is rule-based: cue phrases per language (the tables below) anchor a short noun phrase that
is resolved against the outlet alias table (`outlets.json`) or classified by its head word
(documents, social media, organisations, anonymous sources, people). Wire credits that are not
sentences (datelines, "(Belga)" or "/ATS" trailers, "Estadão Conteúdo" bylines, "San Francisco |
Reuters", "By Jane Doe, Associated Press", "The Associated Press contributed to this report") have
their own patterns. Everything is compiled once; a 2,000-character article takes about a millisecond
of CPU (about 1,000 articles per CPU-second, measured by evaluation/citations.py).

Each credit has a prominence rank, used by `primary_source`: wire credits (dateline, trailer, agency
byline, "Source:") cover the whole text, reporting credits ("reported", "according to") a statement,
quote venues ("told X") one quote. An unknown capitalised name counts as an outlet only after a media
word ("the newspaper Gazeta Nordica") or a reporting cue ("X reported"; in English, where capitals mark
proper names, or when the name looks like an outlet's: "Kyiv Post").

Outlet names are also read as web addresses ("sueddeutsche.de"), in Slavic case forms ("w Guardianie"),
and at the head of compounds naming their reporting ("dpa-Informationen", "Reuters-fréttastofan").

Rules for what is *not* a credit, and why:
- Photo and video credits ("Photo: AFP", "AFP via Getty Images", "(AP Photo/X)", "Amir Cohen/Reuters",
  "© Reuters"): they credit a picture, not the text; so does a short caption line ending in one ("Rockets
  over the city, an AFP journalist said. © AFP/X"). "dpa/AFP" names two agencies, not an agency and a
  photographer, and stays a credit.
- A report verb or preposition cue never reads past a preposition to a later outlet ("a annoncé son
  gouverneur à la chaîne X": the governor announced; X is only where he said it, a quote venue).
- Staff bylines ("The Washington Post's Mary Ilyushina contributed reporting", "(Reporting by X;
  Editing by Y)") and self-references ("Reuters was unable to verify"): they show whose text this
  is, they do not credit another outlet. An agency byline naming people only ("Reporting by ...")
  names no outlet and yields nothing.
- A quote given to an outlet ("X told Al Jazeera", "in an interview with the Financial Times") is a
  credit when the article is not that outlet's own text: the quote was taken from that outlet's
  reporting. When the text shows it *is* that outlet's own (a staff byline or a self-reference as
  above), such quote-venue credits are dropped: "In an interview with The Washington Post,
  Zelensky said" inside the Post's own story is not a citation of another outlet's report.
- Mere mentions ("Meduza is a Russian opposition newspaper", "writes for 24 News Globe") carry no cue
  and are not returned.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass
from functools import cache

from storytrace.pipeline.lineage.outlets import (
    SLAVIC_LANGUAGES,
    canonical_outlet,
    inflected_outlet,
    is_agency_alias,
    is_written_alias,
)
from storytrace.pipeline.segment import split_sentences

# Prominence ranks of a credit, used to pick the primary source: a wire credit covers the whole text,
# a reporting credit covers a statement, a quote venue covers one quote.
WIRE, REPORT, VENUE = 0, 1, 2

MEDIA, DOCUMENT, SOCIAL, ORGANISATION, ANONYMOUS, PERSON, UNKNOWN = (
    "media", "document", "social_media", "organisation", "anonymous", "person", "unknown",
)
_ALL_KINDS = frozenset({MEDIA, DOCUMENT, SOCIAL, ORGANISATION, ANONYMOUS, PERSON, UNKNOWN})


@dataclass(frozen=True, slots=True)
class Citation:
    """One credit: the source as written, its canonical outlet (media only), kind, cue and sentence."""

    source_name: str
    canonical: str | None
    source_kind: str
    cue: str
    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Category:
    """How a cue category reads its source: after the cue (forward) or before it, which kinds it may
    credit, and how prominent the credit is. `unknown_is_media`: an unclassified name is an outlet
    ("Politico reported"); `not_after_preposition`: the cue is a case form that a preposition would govern
    instead ("dem Sender X" credits X, "in dem Sender X" does not)."""

    forward: bool
    kinds: frozenset[str]
    rank: int
    unknown_is_media: bool = False
    after_quote_or_comma: bool = False
    not_after_preposition: bool = False


_CATEGORIES: dict[str, _Category] = {
    "any": _Category(True, _ALL_KINDS, REPORT),  # according to X, selon X, laut X
    "by": _Category(True, _ALL_KINDS, REPORT, unknown_is_media=True),  # reported by X
    "said_to": _Category(True, frozenset({MEDIA}), VENUE),  # told X, in an interview with X
    "seen_by": _Category(True, frozenset({MEDIA}), REPORT),  # a letter seen by X, confirmed by X
    "verb_first": _Category(True, frozenset({MEDIA}), REPORT),  # berichtet die Bild, rapporte l'AFP
    "inverted": _Category(True, frozenset({MEDIA}), REPORT, after_quote_or_comma=True),  # "...," reports Reuters
    "via": _Category(True, frozenset({MEDIA}), REPORT),  # via X
    "wire_line": _Category(True, _ALL_KINDS, WIRE),  # Source: X, with files from X
    "verb_after": _Category(False, _ALL_KINDS - {PERSON}, REPORT, unknown_is_media=True),  # X reported
    "said_after": _Category(False, frozenset({MEDIA}), REPORT),  # X said, X wrote
    "postpos": _Category(False, _ALL_KINDS, REPORT),  # X zufolge, X szerint, X के अनुसार
    "frame": _Category(True, frozenset({MEDIA}), REPORT),  # wie X (am Montag) berichtet
    "agency": _Category(True, frozenset({MEDIA}), REPORT),  # die Nachrichtenagentur X
    # X news agency, an X correspondent, an X tally, a X hírügynökségnek
    "outlet_noun_after": _Category(False, frozenset({MEDIA}), REPORT),
    "venue_after": _Category(False, frozenset({MEDIA}), VENUE),  # in an X interview
    # German dative or genitive media noun, not after a preposition: "sagte dem Sender X", "ein Bericht der Zeitung X"
    "oblique": _Category(True, frozenset({MEDIA}), VENUE, not_after_preposition=True),
    "contributed": _Category(False, frozenset({MEDIA}), WIRE),  # The Associated Press contributed to this report
}

# Categories whose cues are verbs or nouns matched with their case as written: German nouns are
# capitalised ("Berichten" is not "berichten"), and a verb cue never starts a sentence.
_CASED = frozenset({"verb_first", "inverted", "verb_after", "said_after", "postpos", "venue_after", "oblique"})

# Cue phrases per language and category (regex fragments, matched case-insensitively on word
# boundaries). "xx" applies to every text. Forward categories read the source after the cue,
# backward ones before it.
_CUES: dict[str, dict[str, list[str]]] = {
    "xx": {
        "wire_line": [
            r"(?:sources?|quellen?|fontes?|fuentes?|źródł[oa]|bron(?:nen)?|sumber|kilde|källa|lähde|zdroj|"
            r"izvor|vir|sursa|kaynak|forrás|heimild|источник|джерело)\s*:",
        ],
        "via": [r"via"],
        "agency": [r"news agency", r"wire service", r"(?:Nachrichten|Presse)agentur", r"agence de presse",
                   r"agencia de noticias", r"agenzia di stampa", r"agencj\w+ prasow\w+", r"agência de notícias",
                   r"persbureau", r"nieuwsagentschap", r"hírügynökség\w*", r"fréttastof\w+", r"kantor berita",
                   r"tiskovn\w+ agencij\w+", r"haber ajansı", r"agency", r"agence", r"agencia", r"agenzia",
                   r"agencj\w+", r"agência", r"agencij\w+", r"agentur[ay]", r"agentúr\w+", r"nyhetsbyrå\w*",
                   r"nyhedsbureau\w*", r"uutistoimisto\w*", r"агентств\w+", r"агенциј\w+"],
        "outlet_noun_after": [r"news agency", r"wire service", r"hírügynökség\w*", r"Agency", r"agency"],
    },
    "en": {
        "any": [r"according to", r"citing", r"cited by", r"quoting", r"quoted by", r"relies on", r"relying on",
                r"based on", r"on the basis of", r"attributed to", r"per"],
        "by": [r"(?:(?:first|originally|initially|also|earlier|previously|was|were|been|as)\s+)*reported by",
               r"(?:published|broadcast|aired|broken) by"],
        "seen_by": [r"(?:revealed|confirmed|obtained|seen|reviewed|viewed|estimated) by"],
        "said_to": [r"told", r"(?:said|confirmed|explained|revealed|admitted|disclosed|described|wrote) to",
                    r"(?:in|during) (?:an?|an exclusive|a recent) interview (?:with|to)", r"speaking to",
                    r"talking to", r"spoke (?:to|with)"],
        "inverted": [r"reports|reported|writes|wrote|adds|added"],
        "wire_line": [r"with (?:files|reporting|inputs?) from",
                      r"(?:this (?:article|story|report) )?(?:first|originally) (?:appeared|published|ran) "
                      r"(?:on|in|at)",
                      r"(?:adapted|translated|republished) from", r"courtesy of", r"information from"],
        "verb_after": [r"(?:(?:also|first|later|originally|previously|initially|had|has|have|was|is|were|are)\s+)*"
                       r"(?:reported|reports|reporting|revealed|broke the news)"],
        "said_after": [r"(?:(?:also|first|later|had|has|have)\s+)*(?:said|says|wrote|writes|estimated|estimates|"
                       r"noted|published|confirmed|learned|learnt|quoted|understands)"],
        "outlet_noun_after": [r"correspondents?", r"reporters?", r"journalists?", r"photographers?", r"tally",
                              r"count"],
        "venue_after": [r"interview", r"exclusive"],
        "contributed": [r"(?:also )?contributed(?: to)?(?: this)? (?:report|reporting|story|article)"],
    },
    "de": {
        "wire_line": [r"mit Material (?:von|der|des|aus)"],  # "Mit Material von dpa"
        "any": [r"laut", r"nach Angaben (?:von|des|der|vom)", r"unter Berufung auf", r"gemäß",
                r"beruf(?:t|en) sich auf",
                r"stützt sich auf", r"mit Verweis auf", r"zitiert von",
                r"nach (?:einem |jüngsten |neuen |übereinstimmenden )?(?:Bericht|Berichten|Informationen|Recherchen) "
                r"(?:des|der|von|vom)", r"(?:heißt|hieß) es (?:bei|beim|in|im)"],
        "said_to": [r"sagte(?:n)?(?: gegenüber)?", r"gegenüber", r"(?:im|in einem) (?:Interview|Gespräch) mit",
                    r"(?:erklärte|bestätigte|betonte|berichtete)(?:n)? (?:gegenüber|der|dem|den)"],
        "oblique": [r"(?:dem|Dem)(?= (?:US-|TV-|Online-)?(?:Blog|Sender|Fernsehsender|Radiosender|Nachrichtensender|"
                    r"Magazin|Nachrichtenmagazin|Onlinemagazin|Portal|Nachrichtenportal|Onlineportal|Newsportal)\b)",
                    r"(?:der|Der)(?= (?:US-)?(?:Zeitung|Tageszeitung|Wochenzeitung|Zeitschrift|Website|Webseite|"
                    r"Nachrichtenseite|Nachrichtenagentur)\b)",
                    r"(?:des|Des)(?= (?:US-|TV-)?(?:Senders|Fernsehsenders|Magazins|Nachrichtenmagazins|Portals|"
                    r"Nachrichtenportals|Blogs)\b)"],
        "inverted": [r"so"],
        "verb_first": [r"(?:berichtet|berichtete|berichten|meldet|meldete|melden|schreibt|schrieb|zitiert|"
                       r"zitierte)(?:\s+(?:zuerst|auch|unter anderem))?"],
        "verb_after": [r"(?:(?:hat|hatte|habe|haben|auch|zuerst|bereits|inzwischen)\s+)*(?:berichtet|berichtete|"
                       r"berichten|meldet|meldete|gemeldet|enthüllte|enthüllt)"],
        "said_after": [r"(?:schreibt|schrieb|zitiert|zitierte|sagte|erklärte)"],
        "postpos": [r"zufolge"],
        "outlet_noun_after": [r"Korrespondent(?:in|en)?", r"Reporter(?:in)?"],
    },
    "fr": {
        "any": [r"selon", r"d['’]après", r"de source", r"citant", r"cité(?:e|s|es)? par", r"se référant à",
                r"s['’]appuyant sur", r"sur la base d[eu]", r"(?:un |le )?décompte d[eu]",
                r"(?:une? |la |le )?correspondante? d[eu]", r"(?:une? |la |le )?journaliste d[eu]",
                r"(?:une? |la |le )?envoyée? spéciale? d[eu]",
                r"(?:selon|d['’]après) (?:les|des|nos) informations d(?:e|u|es|['’])",
                r"(?:nos|leurs|ses) confrères d(?:e|u|es|['’])"],
        "by": [r"(?:rapporté|révélé|publié|confirmé|obtenu|consulté|vu|relayé|annoncé)(?:e|s|es)? par",
               r"(?:interrogée?|contactée?)s? par"],
        "said_to": [r"(?:a|ont|avait|avaient) (?:déclaré|indiqué|confié|dit|affirmé|expliqué|précisé|assuré|raconté|"
                    r"annoncé)(?: à| au| aux)", r"à", r"au",
                    r"dans (?:un entretien|une interview) (?:accordée? )?(?:à|au|avec)",
                    # on air: "a-t-il déclaré sur BFMTV", "au micro de RTL" (a platform after "sur" is no outlet)
                    r"(?:déclaré|expliqué|affirmé|assuré|indiqué|annoncé|confié|estimé|raconté|dit)e?s? "
                    r"(?:sur|au micro d(?:e|u|es|['’])|à l['’]antenne d(?:e|u|es|['’]))"],
        "verb_first": [r"(?:(?:l['’])?(?:a|ont|avait|avaient) )?(?:rapporte|rapportent|rapporté|indique|indiquent|"
                       r"indiqué|affirme|affirment|affirmé|écrit|écrivent|révèle|révèlent|révélé|précise|précisent|"
                       r"précisé|annonce|annoncent|annoncé|relate|relève|appris|apprend|croit savoir|croient savoir)"
                       r"(?:\s+(?:notamment|aussi|également|jeudi|lundi|mardi|mercredi|vendredi|samedi|dimanche))?"],
        "verb_after": [r"(?:(?:a|ont|avait|aussi|également)\s+)*(?:rapporté|rapporte|rapportent|révélé|révèle)"],
        "said_after": [r"(?:(?:a|ont)\s+)?(?:indiqué|indique|écrit|écrivait|affirme|affirmé|précise|précisé|estime|"
                       r"estimé)"],
    },
    "es": {
        "wire_line": [r"con informaci[oó]n d(?:e|el)"],  # "Con información de AFP"
        "any": [r"según", r"de acuerdo con", r"de acuerdo a", r"citando", r"citad[oa]s? por", r"con base en",
                r"basándose en", r"(?:un |el )?recuento d[e]", r"(?:un |el |la )?corresponsal d[e]"],
        "by": [r"(?:informad|publicad|revelad|confirmad|obtenid|reportad|difundid|consultad)[oa]s? por"],
        "said_to": [r"(?:dijo|dijeron|declaró|afirmó|explicó|confirmó|aseguró|indicó|contó|señaló) (?:a|al|a la)",
                    r"en (?:una )?entrevista con", r"en declaraciones a"],
        "verb_first": [r"(?:informó|informa|informaron|reportó|reporta|publicó|publica|señaló|indicó|reveló|detalló|"
                       r"consignó|recoge|dice|dijo|afirma|afirmó|asegura|aseguró|apunta|escribe|escribió)"],
        "verb_after": [r"(?:(?:ha|había|también)\s+)*(?:informó|informa|informado|reportó|reporta|reveló|publicó)"],
        "said_after": [r"(?:dijo|señaló|indicó|escribió|afirmó|aseguró)"],
    },
    "it": {
        "any": [r"secondo", r"stando a", r"citando", r"citat[oa] da", r"in base a", r"sulla base d[i]", r"a detta d[i]",
                r"(?:come )?riportato da", r"(?:un |il )?conteggio d[i]"],
        "by": [r"(?:riportat|rivelat|pubblicat|confermat|ottenut|visionat|diffus)[oaie] da"],
        "said_to": [r"(?:ha|hanno) (?:detto|dichiarato|spiegato|riferito|confermato|raccontato)(?: a| al| alla| ai)?",
                    r"in un['’]intervista (?:a|al|alla|con|rilasciata a)", r"intervistat[oa] da"],
        "verb_first": [r"(?:riporta|riportano|riferisce|riferiscono|scrive|scrivono|rivela|rivelano|annuncia|"
                       r"fa sapere|rende noto|ha riportato|ha riferito|ha scritto|ha rivelato|ha fatto sapere|"
                       r"ha reso noto)"],
        "verb_after": [r"(?:(?:ha|hanno|anche)\s+)*(?:riportato|riporta|riferisce|riferito|rivelato|rivela)"],
        "said_after": [r"(?:scrive|ha scritto)"],
    },
    "pl": {
        "any": [r"według", r"wg\.?", r"powołując się na", r"cytując", r"jak (?:podaje|podają|podał[ao]?|informuje|"
                r"poinformował[ao]?|pisze|donosi|cytuje|przekazał[ao]?)", r"czytamy (?:na|w)", r"na podstawie"],
        "by": [r"(?:przytaczan|cytowan|opublikowan|ujawnion|podan)\w* przez"],
        # "dla X" is "for X" unless a speech verb governs it: "powiedział w poniedziałek dla TVN24"
        "said_to": [r"(?:powiedział[ao]?|powiedzieli|przekazał[ao]?|oświadczył[ao]?|stwierdził[ao]?|dodał[ao]?|"
                    r"zdradził[ao]?|mówi|mówił[ao]?)(?:\s+[^\s.,;:!?]+){0,3}?\s+dla",
                    r"(?:powiedział[ao]?|powiedzieli|przekazał[ao]?|przekazali|oświadczył[ao]?)(?: w rozmowie z)?",
                    r"w rozmowie z", r"w wywiadzie dla", r"za"],
        "verb_first": [r"(?:podaje|podał[ao]?|informuje|poinformował[ao]?|donosi|pisze|napisał[ao]?)"],
        "verb_after": [r"(?:podaje|podał[ao]?|informuje|poinformował[ao]?|donosi|pisze|napisał[ao]?)"],
    },
    "pt": {
        "wire_line": [r"com informaç(?:ões|ão) d[aoe]s?"],  # "Com informações da Reuters"
        "any": [r"segundo", r"de acordo com", r"conforme", r"citando", r"citad[oa]s? pel[oa]s?", r"com base em",
                r"baseado em"],
        "by": [r"(?:informad|noticiad|publicad|revelad|confirmad|obtid|analisad|vist|consultad|divulgad)[oa]s? "
               r"pel[oa]s?"],
        "said_to": [r"(?:disse|afirmou|declarou|contou|confirmou|explicou)(?: à| ao| a)",
                    r"em entrevista (?:à|ao|a|com)",
                    r"em declarações (?:à|ao)"],
        "verb_first": [r"(?:informou|informa|noticiou|noticia|publicou|revelou|divulgou|reportou|diz|disse|afirma|"
                       r"afirmou|relata|relatou|aponta|apontou|apurou|escreve|escreveu)"],
        "verb_after": [r"(?:(?:também)\s+)?(?:informou|informa|noticiou|noticia|publicou|revelou|divulgou|reportou)"],
    },
    "nl": {
        "any": [r"volgens", r"op basis van", r"onder verwijzing naar", r"aldus", r"citeert"],
        "by": [r"(?:gemeld|gepubliceerd|bevestigd|ingezien|bericht) door"],
        "said_to": [r"(?:zei|zegt|vertelde|verklaarde|bevestigde) (?:tegen|aan)", r"tegen",
                    r"in (?:een )?(?:interview|gesprek) met"],
        "verb_first": [r"(?:meldt|meldde|bericht|berichtte|schrijft|schreef)"],
        "verb_after": [r"(?:meldt|meldde|bericht|berichtte|berichten|meldden|schrijft|schreef)"],
    },
    # Other languages: the common "according to" words and report verbs only.
    "id": {"any": [r"menurut(?: laporan)?", r"(?:seperti |sebagaimana )?dilansir(?: dari)?", r"melansir", r"mengutip",
                   r"(?:seperti )?dikutip dari"],
           "by": [r"(?:dilaporkan|diberitakan) oleh"], "said_to": [r"kepada"],
           "verb_after": [r"melaporkan|memberitakan"]},
    "hu": {"postpos": [r"szerint"], "verb_after": [r"jelentette|közölte|írta|számolt be|adta hírül"],
           "verb_first": [r"írja|jelenti|közli|számolt be|adta hírül"]},
    # South Slavic: "je za Reuters povedal", "rekao je za N1" (told X), "poroča Reuters" (reports X)
    "sl": {"any": [r"po navedbah", r"po poročanju", r"po pisanju", r"kot (?:poroča|piše|navaja)"],
           "said_to": [r"(?:je|so) za", r"(?:povedal|dejal|izjavil|potrdil|pojasnil)[aio]? (?:je |so )?za"],
           "verb_first": [r"poroča|piše|navaja"], "verb_after": [r"poroča|piše"]},
    "hr": {"any": [r"prema", r"kako (?:javlja|prenosi|piše)"],
           "said_to": [r"(?:je|su) za", r"(?:rekao|rekla|rekli|izjavio|izjavila|izjavili|potvrdio|potvrdila|kazao|"
                       r"kazala) (?:je |su )?za"],
           "verb_first": [r"javlja|prenosi|piše|navodi"], "verb_after": [r"javlja|piše|prenosi"]},
    "sr": {"any": [r"prema", r"kako (?:javlja|prenosi|piše)", r"према", r"како (?:јавља|преноси|пише)"],
           "said_to": [r"(?:je|su) za", r"(?:rekao|rekla|rekli|izjavio|izjavila|izjavili|potvrdio|potvrdila|kazao|"
                       r"kazala) (?:je |su )?za", r"(?:је|су) за"],
           "verb_first": [r"javlja|prenosi|piše|navodi|јавља|преноси|пише|наводи"],
           "verb_after": [r"javlja|piše|prenosi|јавља|пише|преноси"]},
    "cs": {"any": [r"podle", r"jak (?:uvedl|informoval)\w*"], "verb_after": [r"uvedl\w*|informoval\w*|napsal\w*|píše"]},
    "sk": {"any": [r"podľa", r"ako (?:uviedol|informoval)\w*"],
           "verb_after": [r"uviedl\w*|informoval\w*|napísal\w*|píše"]},
    "tr": {"postpos": [r"göre"], "verb_after": [r"bildirdi|aktardı|yazdı"]},
    "ro": {"any": [r"potrivit", r"conform", r"citat de", r"citată de"], "verb_after": [r"relatează|scrie|anunță"]},
    "sv": {"any": [r"enligt"], "verb_after": [r"rapporterar|skriver|uppger"]},
    "no": {"any": [r"ifølge"], "verb_after": [r"melder|skriver|rapporterer"]},
    "da": {"any": [r"ifølge"], "verb_after": [r"melder|skriver|rapporterer"]},
    "fi": {"postpos": [r"mukaan"], "verb_after": [r"kertoo|uutisoi"]},
    "is": {"any": [r"samkvæmt", r"að sögn", r"(?:að því er )?fram kemur (?:í|á)", r"(?:kemur|kom) fram (?:í|á)"],
           "verb_after": [r"greinir frá|greindi frá|hefur eftir|hafði eftir|segir frá|sagði frá"]},
    "tl": {"any": [r"ayon sa", r"batay sa"], "by": [r"(?:iniulat|ibinalita|inilathala) ng", r"ulat ng"],
           "said_to": [r"sa panayam ng"]},
    "hi": {"postpos": [r"के अनुसार", r"के हवाले से", r"के मुताबिक"], "verb_after": [r"ने बताया|ने कहा|ने रिपोर्ट किया"]},
    "gu": {"postpos": [r"અનુસાર", r"મુજબ"]},
    "ml": {"postpos": [r"അനുസരിച്ച്", r"പ്രകാരം"], "verb_after": [r"റിപ്പോർട്ട് ചെയ്തു"]},
    "he": {"any": [r"לפי", r"על פי", r"כך דיווחה", r"כך דיווח"]},
    "ru": {"any": [r"по данным", r"по словам", r"как сообщает", r"как сообщил[аи]?", r"со ссылкой на"],
           "verb_first": [r"сообщает|сообщил[аи]?|пишет"]},
    "uk": {"any": [r"за даними", r"за словами", r"як повідомляє", r"з посиланням на"],
           "verb_first": [r"повідомляє|пише"]},
}

_FRAME_LANGUAGES = frozenset({"de", "nl"})
# German/Dutch: the verb closes the clause after adverbials ("wie die NYT am Donnerstag meldet").
_FRAME = re.compile(
    r"\b(?:[Ww]ie|[Zz]oals)\s+(?P<np>[^.;!?\n]{1,90}?)\s+"
    r"(?:berichtet|berichtete|berichten|berichteten|meldet|meldete|melden|meldeten|schreibt|schrieb|mitteilte|"
    r"mitteilt|meldt|meldde|bericht|schrijft|schreef)\b"
)

# --- word lists for classifying the noun phrase a cue points at (lower-cased) --------------------
def _words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text (the lists below are data, kept readable)."""
    return frozenset(text.split())


# Prepositions that govern the case of a following media noun (German): "in dem Blog X" is no credit of X.
_PREPOSITIONS = _words(
    """
    in im an am auf aus bei beim mit nach von vom zu zum zur seit über unter vor hinter neben zwischen wegen
    trotz während statt für durch gegen um ohne
    """
)
_DETERMINERS = _words(
    """
    the a an der die das den dem des le la les l un une du el los las lo il gli i o os as um uma uns umas
    het een his her their its sein seine seiner ihr ihre ihrer son sa ses leur su sus suo sua suoi jego jej
    ich seu dos zijn haar this these notamment unter anderem auch ein eine einem einen einer eines una uno
    """
)
_POSSESSIVES = _words(
    """
    his her their its sein seine seinem seinen ihr ihre ihrem ihren son sa ses leur su sus suo sua jego jej
    ich seu zijn haar
    """
)
_OF = _words("of de d da do du des della del di dei von vom van z")
_CONJUNCTIONS = _words("and und et y e i en oraz as well plus sowie ou oder o")
_BREAK = _words(
    """
    that which who whom whose when where while after before because since if said says told was were is are
    has have had will would by from with to in on at into about than dass weil als wenn nachdem von mit bei
    durch für über que qui dont quand où lorsque avec dans sur pour par à au aux por con en para desde em ao
    aos às pelo pela che cui quando dove per su tra który która które którzy że gdy przez z ze w we na do dla
    od przy pod nad przed dat omdat toen door met bij reviewed seen obtained analysed analyzed
    """
)
_MEDIA_WORDS = _words(
    """
    newspaper newspapers paper daily tabloid broadsheet weekly magazine outlet outlets publication
    broadcaster network channel station radio television tv website site portal blog journal media newsroom
    wire zeitung tageszeitung wochenzeitung blatt nachrichtenagentur presseagentur sender fernsehsender
    magazin nachrichtenmagazin nachrichtenportal medien rundfunk quotidien hebdomadaire chaîne télévision
    média médias presse periódico diario cadena emisora televisión revista medio medios canal semanario
    giornale quotidiano emittente rete televisione rivista settimanale testata canale sito gazeta dziennik
    stacja stacji telewizja telewizji tygodnik serwis portalu dziennika gazety jornal emissora televisão
    rede krant dagblad omroep persbureau zender nieuwszender weekblad tijdschrift
    """
)
_PLURAL_MEDIA = _words("media médias medien medios newspapers outlets")
# Singular definite articles: "the newspaper" may point back to an outlet just credited, "a newspaper" may not.
_SINGULAR_DEFINITE = _words("the this le la du der die das dem den des el il lo o a het")
_MEDIA_SUFFIXES = ("zeitung", "sender", "agentur", "blatt", "magazin", "portal")
_AGENCY_WORDS = _words(
    "agency agence agencia agenzia agencja agencji agência agentur agencija agencije agenciji agentura agentury "
    "agentúra ajans ajansı"
)
_NEWSY = _words("news press presse prensa noticias stampa prasowa prasowej notícias nachrichten wire")
_ORG_WORDS = _words(
    """
    institute institution ministry department office police army military forces government council
    commission authority authorities service survey center centre university hospital court company firm
    bank organisation organization committee federation foundation union party tank agency spokesperson
    institut behörde regierung polizei armee militär streitkräfte ministerium amt dienst gericht universität
    unternehmen konzern partei gouvernement armée autorités ministère tribunal université entreprise société
    parti instituto gobierno policía ejército autoridades ministerio servicio universidad empresa partido
    organización istituto governo polizia esercito autorità ministero servizio tribunale università azienda
    partito instytut rząd policja armia wojsko władze ministerstwo służba sąd uniwersytet firma partia
    polícia exército ministério serviço universidade instituut regering politie leger ministerie rechtbank
    universiteit bedrijf partij
    """
)
_DOC_WORDS = _words(
    """
    documents document documentation files records memo memos emails email letter cable cables filing
    filings indictment lawsuit complaint statement report reports data transcript article story study
    analysis investigation review poll survey tally count reporting dokumente dokumenten dokument unterlagen
    bericht berichten schreiben brief mitteilung erklärung anklageschrift daten rapport lettre communiqué
    note courrier données bilan chiffres décompte documento documentos informe carta comunicado nota datos
    cifras recuento documenti rapporto lettera comunicato dati conteggio dokumenty dokumentów raport list
    komunikat oświadczenie oświadczeniu dane relatório dados documenten verklaring berichte reportage
    reportagem reportaje artículo articolo artigo artikel artykuł laporan frétt ulat
    """
)
_REPORT_DOCS = _words(
    """
    report reports reporting article story analysis investigation review poll survey bericht berichten berichte
    artikel rapport reportage informe reportaje artículo rapporto articolo raport artykuł relatório
    reportagem artigo laporan frétt ulat décompte recuento conteggio tally count bilan
    """
)
_PLATFORMS = _words(
    """
    telegram twitter x facebook instagram tiktok youtube weibo vk vkontakte linkedin threads bluesky
    whatsapp discord reddit substack truth
    """
)
_SOCIAL_WORDS = _words(
    """
    post posts tweet tweets account blogpost blogeintrag beitrag kanal kanał canal cuenta conta profilo wpis
    postagem publicación publicação mensaje message video compte newsletter app
    """
)
_ANON_WORDS = _words(
    """
    sources source official officials people person diplomat diplomats insider insiders aide aides witness
    witnesses resident residents employees staffers staff quellen kreise beamte beamten informanten
    responsable responsables proches fonctionnaires témoins fuentes fuente funcionarios personas testigos
    fonti fonte funzionari persone testimoni źródła źródło źródeł urzędnicy osoby świadkowie fontes
    funcionários pessoas testemunhas bronnen ingewijden
    """
)
_ANON_PREPS = _words(
    """
    inside in within close familiar at near from innerhalb im aus proches au dans cercanas cercanos vicine
    vicini
    """
)
_PERSON_TITLES = _words(
    """
    mr mrs ms dr president minister senator governor mayor spokesman spokeswoman chief general prime ceo
    herr frau monsieur madame señor senhor pan pani
    """
)
# Last parts of a compound naming an outlet's reporting ("dpa-Informationen", "ZDF-Korrespondentin").
_COMPOUND_HEADS = _words(
    """
    informationen recherchen angaben meldung meldungen nachricht nachrichten interview gespräch korrespondent
    korrespondentin korrespondenten reporter reporterin reporters journalist journalistin bericht
    berichterstattung correspondent correspondente verslaggever
    """
)
# Words inside multi-word names ("Institute for the Study of War", "Corriere della Sera").
_NAME_CONNECTORS = _words("of for the de du des della del di do da für on &")
# Prepositions after a document or post word: "a report by X", "a post on X", "un décompte de l'AFP".
_DOC_PREPS = _words("by in from of von der des de du del di della w z do da dell van on auf sur en su na no op ng")
# Posts and messages that are not social media unless a platform is named.
_NEUTRAL_MESSAGES = _words("message video")
_NOT_ADJECTIVES = _BREAK | _DETERMINERS | _OF
# Words typical of outlet names, used to read an unknown name after a reporting cue as an outlet.
_OUTLET_NAME_WORDS = _words(
    """
    news times post tv radio journal herald tribune gazette daily telegraph press observer chronicle express
    mail today insider review zeitung kurier rundschau presse nouvelles diario notizie gazeta jornal
    noticias dziennik krant sabah pravda ledger courier dispatch examiner inquirer bulletin globe sentinel
    mirror monitor
    """
)
_TEMPORAL = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag freitag
    samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miércoles jueves
    viernes sábado domingo lunedì martedì mercoledì giovedì venerdì sabato domenica
    """
)

# --- wire credits that are not sentences ------------------------------------------------------------
_HEADER = r"(?:[ \t]*date[ \t]+\S+[ \t]+)?"
# "ATLANTA (AP) —", "Berlin (dpa) -", "Madrid, 1 may (EFE).-": an unknown name in the parentheses counts only
# after an upper-case city ("KYIV (UKRINFORM) –"), not after "Silicon Valley Bank (SVB) –".
_CITY = r"(?:[A-ZÀ-Þ][\w.'’-]*[ \t]+){0,3}?[A-ZÀ-Þ][\w.'’-]*(?:[ \t]*\[[^\]\n]{1,30}\])?"
_DATELINE = re.compile(r"(?m)^" + _HEADER + r"[ \t]*(?P<city>" + _CITY + r"(?:,[^\n()|,]{1,30}){0,2}[ \t]*)?"
                       r"\((?P<src>[^()\n]{2,40})\)[ \t]*\.?[-–—][ \t]")
# South Asian agency datelines, with a date and no dash: "New Delhi [India], Aug 23 (ANI): ...", "Bengaluru, Aug 23
# (PTI) The ..." (the date tells them from a heading "Bayerischer Rundfunk (BR): ...").
_DATED_DATELINE = re.compile(r"(?m)^" + _HEADER + r"[ \t]*(?P<city>" + _CITY + r"(?:,[^\n()|,]{1,30}){1,2}[ \t]*)"
                             r"\((?P<src>[^()\n]{2,40})\)(?:[ \t]*:[ \t]|[ \t]+(?=[A-ZÀ-Þ\"“‘]))")
_PAREN_TRAILER = re.compile(r"\((?P<src>[^()\n]{2,40})\)[ \t]*(?=\n|$)")
# "... dimesso. (ANSA)." — a full stop after the parenthesis only when it follows a finished sentence: a sentence
# ending "... by the Associated Press (AP)." merely spells out a name.
_PAREN_AFTER_STOP = re.compile(r"(?<=[.!?\"»”])[ \t]*\((?P<src>[^()\n]{2,40})\)[ \t]*\.[ \t]*(?=\n|$)")
_SLASH_TRAILER = re.compile(r"(?m)(?:(?<=[.!?\"»”)])|^)[ \t]*/[ \t]*(?P<src>[^\s/][^\n/]{1,20}?)[ \t]*(?=\n|$)")
_DASH_TRAILER = re.compile(r"(?<=[.!?\"»”)])[ \t]*[-–—][ \t]*(?P<src>[^\n–—-]{2,30}?)[ \t]*(?=\n|$)")
_BARE_TRAILER = re.compile(r"(?<=[.!?\"»”])[ \t]+(?P<src>[^\s.!?\"»”][^\n.!?]{0,25}?)[ \t]*(?=\n|$)")
_AGENCY_BYLINE = re.compile(r"(?m)^" + _HEADER + r"[ \t]*(?:By|Por|Par|Von|Di|Da|Door|Od)[ \t]+[^\n,|]{2,60}[,|][ \t]*"
                            r"(?P<src>[^\n,|]{2,40}?)[ \t]*$")
_NP_WINDOW = 120  # characters read on either side of a cue: a source phrase is at most about 14 words
_LINE_END_CREDITS = (_PAREN_TRAILER, _PAREN_AFTER_STOP, _SLASH_TRAILER, _DASH_TRAILER, _BARE_TRAILER)
_LINE_END_WINDOW = 50  # longer than any trailer above: "(" + 40 characters + ")", a full stop and spaces
_PIPE_DATELINE = re.compile(r"(?m)^" + _HEADER + r"[ \t]*[A-ZÀ-Þ][^\n|]{1,40}\|[ \t]*(?P<src>[^\n|]{2,40}?)[ \t]*$")
_BYLINE = re.compile(r"(?m)^" + _HEADER + r"[ \t]*(?:(?:By|Por|Par|Von|Di|Da|Door|Od|Redacción|Redação)[ \t]+)?"
                     r"(?P<src>[^\s][^\n]{1,150})$")
# A short credit line ending in "with <agency>": "Avec AFP", "La rédaction avec AFP", "Le Figaro avec Reuters".
_WITH_LINE = re.compile(r"(?m)^" + _HEADER + r"[ \t]*(?:[^\s.!?][^\n.!?]{0,30}?[ \t]+)?"
                        r"(?:[Aa]vec|[Ww]ith|[Mm]it|[Cc]on|[Cc]om)[ \t]+(?P<src>[^\n.!?]{2,40}?)[ \t]*\.?[ \t]*$")
# A line that is only agencies joined by slashes, the German and Swiss trailer: "dpa/AFP", "(AFP/dpa/jW)".
_AGENCY_LIST = re.compile(r"(?m)^" + _HEADER + r"[ \t]*\(?[ \t]*(?P<src>[^\s/()]+(?:[ \t]*/[ \t]*[^\s/()]+)+"
                          r"(?:[ \t]+[^\s/()]+)?)[ \t]*\)?[ \t]*\.?[ \t]*$")
_BY = re.compile(r"\b(?:By|Por|Par|Von|Di|Da|Door|Od)[ \t]+$")
_BYLINE_STAMP = re.compile(r"https?://|www\.|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{1,2}:\d{2}\b")
_DOMAIN_NAME = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}")  # an outlet written as its web address
_DATE_OR_TIME = re.compile(r"\d{1,4}(?:[/.:-]\d{1,4})+")  # "17/11/2023", "21:36": never part of a name
_BYLINE_LEFTOVER = re.compile(r"https?://\S+|www\.\S+|\d[\d/.:-]*|[\s,;|–—/&()-]+|\b(?:and|e|et|y|und|with)\b")
_TWEET = re.compile(r"[—–-][ \t]*(?P<name>[^()\n—–]{2,60}?)[ \t]*\(@(?P<handle>\w{1,30})\)[ \t]*"
                    r"(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d)")
_SOURCE_PIECE = re.compile(r"(?:(?![ \t](?:and|et|und|y|e|i|en|&)[ \t])[^/,;+])+")  # "AFP/dpa", "AFP et Reuters"
_PIECE_PREFIX = re.compile(r"^(?:with|avec|mit|con|com|met|z|and|und|et|y|e)\s+", re.I)  # "(With AFP)", "(Com Reuters)"

# --- what is excluded: photo credits, staff bylines, self-references ---------------------------------
@dataclass(frozen=True, slots=True)
class _Exclusion:
    """A span that is not a credit: `anchor` found first (fast), then, if `before` is set, the words that
    must end right before it ("Amir Cohen" before "/Reuters"); `own` marks the outlet as this text's own;
    `caption`: a photo credit ending a short line makes the line a caption, whose words credit a picture
    ("Rockets over Ashkelon, an AFP journalist said. © AFP/Jane Doe")."""

    anchor: re.Pattern[str]
    before: re.Pattern[str] | None = None
    own: bool = False
    caption: bool = False


_CAPTION_CHARS = 400  # about 60 words: a caption is a sentence or two, an article paragraph often longer
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w.&'’-]*[ \t]+){0,4}[A-Z][\w.&'’-]*[ \t]*$")
_EXCLUDE = (
    _Exclusion(re.compile(r"\([^()\n]{0,80}?\b(?:Photos?|Fotos?|Videos?|Vídeo|Vidéo|Images?|Picture|Bild|Imagen|"
                          r"Immagine|Zdjęcie|Photographer|Illustration|Screenshot)\b[^()\n]{0,80}\)", re.I)),
    _Exclusion(re.compile(r"\b(?:Photos?|Fotos?|Photograph|Picture|Images?|Credits?|Crédits?|Créditos?|Crediti|"
                          r"Videos?|Vídeo|Vidéo|Bildquelle|Fotoquelle|Bild|Illustration|Zdjęcie)[ \t]*:[ \t]*"
                          r"(?:\S+[ \t]?){1,6}"), caption=True),
    _Exclusion(re.compile(r"(?:©|\(c\)|Copyright)[ \t]*(?:\S+[ \t]?){1,4}"), caption=True),
    _Exclusion(re.compile(r"via[ \t]+Getty(?:[ \t]+Images)?"), re.compile(r"(?:\S+[ \t]+){1,4}$")),
    _Exclusion(re.compile(r"\bGetty Images\b|\b[A-Z]{2,}[ \t]+PHOTO\b")),
    _Exclusion(re.compile(r"\b(?:AFP|AP|EPA|EPA-EFE|ANSA|DPA|dpa|Reuters|REUTERS|KEYSTONE|Keystone|Xinhua|Imago|IMAGO|"
                          r"Shutterstock|picture alliance|picture-alliance)[ \t]*/[ \t]*[A-Z][\w.'’-]+"
                          r"(?:[ \t]+[A-Z][\w.'’-]+){0,3}")),
    _Exclusion(re.compile(r"/[ \t]*[A-Z][\w-]+(?:[ \t]+(?:Images|Pool))?"),
               re.compile(r"[A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){1,3}[ \t]*$")),  # "Amir Cohen/Reuters"
    _Exclusion(re.compile(r"\(?(?:Reporting|Additional reporting|Writing|Editing|Compiled)[ \t]+by[ \t]+"
                          r"[^)\n]{1,200}\)?")),
    _Exclusion(re.compile(r"['’]s[ \t]+(?:[A-Z][\w.'’-]*[ \t]+){1,3}(?:also[ \t]+)?contributed(?:[ \t]+to)?"
                          r"(?:[ \t]+this)?[ \t]+report"), _NAME_BEFORE, own=True),
    _Exclusion(re.compile(r"(?:could not|couldn['’]t|was unable to|has not been able to|cannot|can not)[ \t]+"
                          r"(?:(?:immediately|independently)[ \t]+)*(?:verify|confirm)"), _NAME_BEFORE, own=True),
)


@dataclass(slots=True)
class _Tok:
    word: str
    start: int
    end: int
    stop: bool  # clause punctuation right after the word
    opens: bool  # an opening parenthesis right before the word
    possessive: bool = False  # "Meduza's": the name ends here
    elided: str = ""  # an elided article or preposition before the word ("l'", "d'")

    @property
    def low(self) -> str:
        return self.word.lower()


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    kind: str
    canonical: str | None


_TOKEN = re.compile(r"\S+")
_LEAD = "\"'“”„«»‚‘’(<[¿¡*"
_TRAIL = ".,;:!?)\"'”“»’]>*…"
_ELISION = re.compile(r"^(?:l|d|dell|dall|all|nell|sull|un|qu|c|j|n|s)['’](?=\w)", re.I)
_SUFFIX = re.compile(r"(?:['’]s|['’](?:in|nin|ın|nın|un|nun|ün|nün|a|e|ya|ye|da|de|ta|te|dan|den))$")
_APOSTROPHES = ("'", "’", "‘")
_SIBILANTS = ("s", "x", "z", "S", "X", "Z")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_DASHES = frozenset("-–—|")


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    """Words of text[start:end] without surrounding quotes, elided articles and possessive or case suffixes."""
    out: list[_Tok] = []
    for match in _TOKEN.finditer(text, start, end):
        word, begin = match.group(), match.start()
        if set(word) <= _DASHES:
            if out:
                out[-1].stop = True
            continue
        lead = len(word) - len(word.lstrip(_LEAD))
        opens = "(" in word[:lead]
        word, begin = word[lead:], begin + lead
        elision = ""
        if elided := _ELISION.match(word):
            elision = elided.group().lower()
            word, begin = word[elided.end():], begin + elided.end()
        core = word if _INITIALISM.match(word) else word.rstrip(_TRAIL)
        trail = word[len(core):]
        stop = any(char in ".,;:!?)" for char in trail)
        suffixed = _SUFFIX.sub("", core)
        if not suffixed:
            if out and stop:
                out[-1].stop = True
            continue
        # "Axios' Mike Allen", "the Times' report": a bare apostrophe after -s is a possessive, unless it closes
        # a single-quoted word ('Axios').
        possessive = suffixed != core or (trail.startswith(_APOSTROPHES) and core.endswith(_SIBILANTS)
                                          and not set(match.group()[:lead]) & set(_APOSTROPHES))
        out.append(_Tok(suffixed, begin, begin + len(suffixed), stop, opens, possessive, elision))
    return out


def _is_agency_list(span: str) -> bool:
    """Whether a slash-joined span starts with two news agencies ("dpa/AFP/jW"), not an agency and a
    photographer ("AFP/Jane Doe") or a photo service ("AFP/Getty Images")."""
    pieces = [piece.strip(" \t()") for piece in span.split("/")]
    return len(pieces) >= 2 and all(is_agency_alias(piece) for piece in pieces[:2])


def _word_before(text: str, offset: int) -> str:
    """The lower-cased word just before `offset` ("" at the start of the text)."""
    words = text[max(0, offset - 30) : offset].split()
    return words[-1].lower() if words else ""


def _is_name(tok: _Tok) -> bool:
    """Capitalised, a number, or in a caseless script (Hebrew, Devanagari, ...)."""
    first = tok.word[0]
    return first.isdigit() or (first.isalpha() and not first.islower())


def _is_media_word(tok: _Tok) -> bool:
    low = tok.low
    return low in _MEDIA_WORDS or (len(low) > 7 and low.endswith(_MEDIA_SUFFIXES))


class _Reader:
    """Reads the source noun phrase at a cue, remembering what the text taught about names."""

    def __init__(self, text: str, language: str | None) -> None:
        self.text = text
        self.inflecting = language in SLAVIC_LANGUAGES  # outlet names take case endings ("w Guardianie")
        self.postposed_adjectives = language not in (None, "en")  # "des médias américains"; English: "called"
        self.credited: list[tuple[int, str]] = []  # (offset, canonical outlet) of the media credits found so far
        self.learned: dict[str, str] = {}  # name -> kind learned from a descriptor ("the think tank ISW")

    @property
    def context(self) -> list[str]:
        """Outlets credited anywhere in the text: "the Post" resolves only to one of them."""
        return [canonical for _, canonical in self.credited]

    def span(self, toks: list[_Tok], first: int, last: int) -> str:
        return self.text[toks[first].start : toks[last].end]

    # -- outlets ----------------------------------------------------------------------------------------
    def alias_at(self, toks: list[_Tok], pos: int) -> tuple[int, str] | None:
        """The longest known outlet starting at toks[pos]: (index of its last token, canonical)."""
        for last in range(min(len(toks), pos + 6) - 1, pos - 1, -1):
            if any(tok.stop for tok in toks[pos:last]) or any(tok.opens for tok in toks[pos + 1 : last + 1]):
                continue
            phrase = self.span(toks, pos, last)
            # a lower-case single word may still be a web address or a compound: "sueddeutsche.de", "dpa-Meldung"
            if not (_is_name(toks[pos]) or is_written_alias(phrase) or any(char.isdigit() for char in phrase)
                    or (last == pos and (_DOMAIN_NAME.fullmatch(phrase) or "-" in phrase))):
                continue
            canonical = canonical_outlet(phrase, self.context)
            if canonical is None and self.inflecting:
                canonical = inflected_outlet(phrase, self.context)
            if canonical is None and last == pos:
                canonical = self.compound_outlet(phrase)
            if canonical is None:
                continue
            after = toks[last + 1] if last + 1 < len(toks) and not toks[last].possessive else None
            if after and not toks[last].stop and _is_name(after) and after.low not in _TEMPORAL \
                    and not _DATE_OR_TIME.fullmatch(after.word) \
                    and self.alias_at(toks, last + 1) is None and after.low not in _PLATFORMS:
                return None  # part of a longer unknown name ("Independent Commission")
            return last, canonical
        return None

    def compound_outlet(self, word: str) -> str | None:
        """The outlet heading a hyphenated compound whose last part names its reporting: "dpa-Informationen",
        "AFP-Reporter", "CNN-Interview", "Reuters-fréttastofan" (German, Dutch, Nordic, Hungarian spelling)."""
        name, _, head = word.rpartition("-")
        head = head.lower()
        if not name or not (head in _COMPOUND_HEADS or head in _DOC_WORDS or head in _AGENCY_WORDS
                            or _is_media_word(_Tok(head, 0, 0, False, False)) or head.startswith("fréttastof")):
            return None
        return canonical_outlet(name, self.context)

    def outlets_from(self, toks: list[_Tok], pos: int) -> list[_Found]:
        """A known outlet at pos and any coordinated with it ("The New York Times, CNN and ABC News")."""
        found: list[_Found] = []
        while pos < len(toks) and (hit := self.alias_at(toks, pos)):
            last, canonical = hit
            begin = pos
            if pos > 0 and toks[pos - 1].low in _DETERMINERS and not toks[pos - 1].stop:
                with_article = self.span(toks, pos - 1, last)
                if toks[pos - 1].word == "The" or is_written_alias(with_article):
                    begin = pos - 1
            found.append(_Found(toks[begin].start, toks[last].end, MEDIA, canonical))
            nxt = last + 1
            if nxt < len(toks) and toks[nxt].low in _CONJUNCTIONS:
                nxt += 1
                if nxt < len(toks) and toks[nxt].low in _OF:  # "da Reuters e da AFP": the preposition repeats
                    nxt += 1
            elif not (toks[last].stop and self.text[toks[last].end : toks[last].end + 2].lstrip("”\"'’»")[:1] == ","):
                break
            while nxt < len(toks) and toks[nxt].low in _DETERMINERS:
                nxt += 1
            pos = nxt
        return found

    # -- noun phrases -----------------------------------------------------------------------------------
    def name_run(self, toks: list[_Tok], pos: int) -> int | None:
        """Index of the last token of a capitalised name starting at pos ("Institute for the Study of War")."""
        if pos >= len(toks) or not _is_name(toks[pos]) or toks[pos].opens or toks[pos].elided.startswith("d"):
            return None
        last = pos
        while not toks[last].stop and not toks[last].possessive and last + 1 < len(toks):
            nxt = last + 1
            if _is_name(toks[nxt]) and not toks[nxt].opens:
                last = nxt
                continue
            joined = nxt
            while joined < len(toks) and toks[joined].low in _NAME_CONNECTORS and not toks[joined].stop:
                joined += 1
            if joined > nxt and joined < len(toks) and _is_name(toks[joined]):
                last = joined
                continue
            break
        return last

    def classify_name(self, name: str, toks: list[_Tok], first: int, last: int) -> str:
        learned = self.learned.get(name)
        if learned:
            return learned
        lows = {tok.low for tok in toks[first : last + 1]}
        if lows & _ORG_WORDS:
            return ORGANISATION
        if any(_is_media_word(tok) for tok in toks[first : last + 1]):
            return MEDIA
        if lows & _PLATFORMS:
            return SOCIAL
        if first > 0 and toks[first - 1].low.rstrip(".") in _PERSON_TITLES:
            return PERSON
        if lows & _OUTLET_NAME_WORDS:  # "Maui News", "Kyiv Post": shaped like a person's name, named like an outlet
            # … and an outlet for sure when "the" comes before and the name ends in the outlet word ("the Kyiv Post")
            titled = first > 0 and toks[first - 1].low == "the" and toks[last].low in _OUTLET_NAME_WORDS
            return MEDIA if titled else UNKNOWN
        if 2 <= last - first + 1 <= 3 and all(tok.word[1:].islower() for tok in toks[first : last + 1]):
            return PERSON
        return UNKNOWN

    def parse(self, toks: list[_Tok]) -> list[_Found]:
        """The source(s) at the start of toks: known outlets first, else a phrase classified by its head. A
        phrase opening with a preposition or conjunction is none ("schrieb in dem Blog X": X is where he wrote)."""
        first = 0
        while first < len(toks) and toks[first].low in _DETERMINERS and not toks[first].stop:
            first += 1
        if first >= len(toks) or toks[first].low in _BREAK:
            return []
        for pos in range(first, min(len(toks), first + 7)):
            previous = toks[pos - 1].low if pos > first else ""
            if pos > first and (toks[pos - 1].stop or previous in _BREAK or previous in _DOC_WORDS
                                or previous in _SOCIAL_WORDS or toks[pos].opens or _DATE_OR_TIME.fullmatch(previous)):
                break  # a date, a number of a gallery ("2/24") or a clause word ends the phrase
            if found := self.outlets_from(toks, pos):
                self.learn_descriptor(toks, first, pos, found)
                return found
        return self.parse_head(toks, first)

    def learn_descriptor(self, toks: list[_Tok], first: int, pos: int, found: list[_Found]) -> None:
        """Remember outlets introduced with a descriptor, so later bare mentions resolve the same way."""
        if pos > first:
            for item in found:
                self.learned.setdefault(self.text[item.start : item.end], MEDIA)

    def parse_head(self, toks: list[_Tok], first: int) -> list[_Found]:
        limit = min(len(toks), first + 10)
        for pos in range(first, limit):
            tok = toks[pos]
            if pos > first and (toks[pos - 1].stop or tok.low in _BREAK):
                break
            if found := self.head_at(toks, first, pos):
                return found
        last = self.name_run(toks, first)
        if last is None:
            return []
        name = self.span(toks, first, last)
        return [_Found(toks[first].start, toks[last].end, self.classify_name(name, toks, first, last), None)]

    def head_at(self, toks: list[_Tok], first: int, pos: int) -> list[_Found]:
        """A source phrase whose head word is toks[pos], or [] when toks[pos] is no head word."""
        tok, low = toks[pos], toks[pos].low
        if low in _AGENCY_WORDS:
            window = {t.low for t in toks[max(first, pos - 2) : pos + 3]}
            kind = MEDIA if window & _NEWSY else ORGANISATION
            return self.named_after(toks, first, pos, kind)
        if _is_media_word(tok):
            return self.named_after(toks, first, pos, MEDIA)
        if low in _ORG_WORDS and not (low == "tank" and (pos == first or toks[pos - 1].low != "think")):
            return self.named_after(toks, first, pos, ORGANISATION)
        if low in _PLATFORMS and (_is_name(tok) or low != "x"):
            last = pos + 1 if pos + 1 < len(toks) and not tok.stop and (
                toks[pos + 1].low in _SOCIAL_WORDS or toks[pos + 1].low == "channel") else pos
            return [_Found(self.owner_start(toks, first), toks[last].end, SOCIAL, None)]
        if low in _SOCIAL_WORDS or low in _DOC_WORDS:
            return self.document_or_post(toks, first, pos)
        if low in _ANON_WORDS:
            last = pos
            if pos + 1 < len(toks) and not tok.stop and toks[pos + 1].low in _ANON_PREPS:
                last = pos + 1
                while last + 1 < len(toks) and last < pos + 5 and not toks[last].stop:
                    last += 1
            return [_Found(toks[first].start, toks[last].end, ANONYMOUS, None)]
        return []

    @staticmethod
    def owner_start(toks: list[_Tok], first: int) -> int:
        """Start offset of a phrase, keeping a possessive before it ("his Telegram channel")."""
        if first > 0 and toks[first - 1].low in _POSSESSIVES:
            return toks[first - 1].start
        return toks[first].start

    def named_after(self, toks: list[_Tok], first: int, pos: int, kind: str) -> list[_Found]:
        """A descriptor head ("newspaper", "think tank", "Ministry"): the name after it, around it, or itself."""
        after = pos + 1
        while after < min(len(toks), pos + 4) and toks[after].word.islower() and not toks[after - 1].stop \
                and toks[after].low not in _NOT_ADJECTIVES and not _is_media_word(toks[after]):
            after += 1  # adjectives between descriptor and name: "l'institut sismologique américain USGS"
        if after < len(toks) and not toks[after - 1].stop and (last := self.name_run(toks, after)) is not None:
            name = self.span(toks, after, last)
            canonical = canonical_outlet(name, self.context) if kind == MEDIA else None
            self.learned.setdefault(name, kind)
            return [_Found(toks[after].start, toks[last].end, kind, canonical)]
        if _is_name(toks[pos]):  # the head is part of a name: "the Health Ministry", "Channel 12"
            begin = pos
            while begin > first and _is_name(toks[begin - 1]) and not toks[begin - 1].stop:
                begin -= 1
            last = self.name_run(toks, begin) or pos
            name = self.span(toks, begin, last)
            canonical = canonical_outlet(name, self.context) if kind == MEDIA else None
            return [_Found(toks[begin].start, toks[last].end, kind, canonical)]
        canonical = self.antecedent(toks, first, pos) if kind == MEDIA and pos - first <= 1 else None
        last = pos
        while self.postposed_adjectives and last + 1 < len(toks) and last < pos + 2 \
                and not toks[last].stop and toks[last + 1].word.islower() and toks[last + 1].low not in _BREAK:
            last += 1  # trailing adjectives: "des médias américains"
        begin = first - 1 if first > 0 and toks[first - 1].low in _DETERMINERS else first
        return [_Found(toks[begin].start, toks[last].end, kind, canonical)]

    def antecedent(self, toks: list[_Tok], first: int, pos: int) -> str | None:
        """The outlet "the newspaper" or "la chaîne" points back to: the last one credited before it. A plural
        or indefinite phrase ("les médias américains", "a newspaper") points to none."""
        definite = (first > 0 and toks[first - 1].low in _SINGULAR_DEFINITE) or toks[first].elided == "l'"
        if not definite or toks[pos].low in _PLURAL_MEDIA:
            return None
        before = [canonical for offset, canonical in self.credited if offset < toks[first].start]
        return before[-1] if before else None

    def document_or_post(self, toks: list[_Tok], first: int, pos: int) -> list[_Found]:
        """"a report by X" credits X; "a post on X" is social media; otherwise a document."""
        tok = toks[pos]
        follow = pos + 1
        if not tok.stop and follow < len(toks) and toks[follow].low in _DOC_PREPS:
            nxt = follow + 1
            while nxt < len(toks) and toks[nxt].low in _DETERMINERS:
                nxt += 1
            if tok.low in _REPORT_DOCS and (found := self.outlets_from(toks, nxt)):
                return found
            if tok.low in _REPORT_DOCS and nxt < len(toks) and _is_media_word(toks[nxt]):
                return self.named_after(toks, nxt, nxt, MEDIA)  # "reportagem do jornal X", "a report by the daily X"
            if nxt < len(toks) and toks[nxt].low in _PLATFORMS:
                return [_Found(self.owner_start(toks, first), toks[nxt].end, SOCIAL, None)]
        if any(t.low in _PLATFORMS for t in toks[first:pos]):
            return [_Found(self.owner_start(toks, first), tok.end, SOCIAL, None)]
        kind = SOCIAL if tok.low in _SOCIAL_WORDS and tok.low not in _NEUTRAL_MESSAGES else DOCUMENT
        return [_Found(toks[first].start, tok.end, kind, None)]


# The finder runs on a lower-cased copy of the text (only one-to-one case mappings, so offsets are
# unchanged); that is much faster than a case-blind regex.
_LOWER = {code: char.lower() for code in range(0x2000) if (char := chr(code)).lower() != char
          and len(char.lower()) == 1}
_ALTERNATIVE_START = re.compile(r"(?:^|\(\?:|\(|\|)([^\\()|?\[])")


def _first_chars(fragment: str) -> set[str]:
    """Characters a cue fragment may start with (an over-approximation: every alternative's first
    character), so the finder skips other positions with one character-class test."""
    chars = {match.group(1) for match in _ALTERNATIVE_START.finditer(fragment)}
    if re.match(r"(?:\(\?:)*[\\\[]", fragment):  # a class or escape would need a smarter prefilter
        raise ValueError(f"cue fragment must start with a literal character: {fragment!r}")
    return {char.lower() for char in chars}


@cache
def _compiled(language: str | None) -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """The cues of a language ("xx" always; every language when unknown): one case-blind finder for
    all of them (a single scan of the text) and one anchored regex per category, matched only where
    the finder stopped. Verb and noun cues keep their case, the others ignore it."""
    languages = ["xx", language] if language in _CUES else list(_CUES)
    merged: dict[str, list[str]] = {}
    for lang in languages:
        for category, fragments in _CUES[lang].items():
            merged.setdefault(category, []).extend(fragments)
    alternatives = [fragment.translate(_LOWER) for fragments in merged.values() for fragment in fragments]
    first = "".join(sorted({char for fragment in alternatives for char in _first_chars(fragment)}))
    finder = re.compile(r"(?<!\w)(?=[" + re.escape(first) + r"])(?:" + "|".join(alternatives) + r")(?!\w)")
    categories = tuple(
        (category, re.compile(r"(?:" + "|".join(fragments) + r")(?!\w)", 0 if category in _CASED else re.I))
        for category, fragments in merged.items()
    )
    return finder, categories


class _Extraction:
    """One pass over one text: sentences, exclusions, cue matches, wire patterns."""

    def __init__(self, text: str, language: str | None) -> None:
        self.text = text
        self.language = (language or "").split("-")[0].lower() or None
        self.sentences = split_sentences(text)
        self.starts = [sentence.start for sentence in self.sentences]
        self.reader = _Reader(text, self.language)
        self.excluded: list[tuple[int, int]] = []
        self.own: set[str] = set()
        self.found: list[tuple[int, Citation]] = []

    def sentence_at(self, offset: int) -> tuple[int, int, str]:
        index = bisect_right(self.starts, offset) - 1
        if index < 0 or offset >= self.sentences[index].end:
            line_start = self.text.rfind("\n", 0, offset) + 1
            line_end = self.text.find("\n", offset)
            line_end = len(self.text) if line_end < 0 else line_end
            return line_start, line_end, self.text[line_start:line_end].strip()
        sentence = self.sentences[index]
        return sentence.start, sentence.end, sentence.text

    def is_excluded(self, start: int, end: int) -> bool:
        return any(start < ex_end and ex_start < end for ex_start, ex_end in self.excluded)

    def add(self, found: _Found, cue: str, rank: int) -> None:
        if self.is_excluded(found.start, found.end):
            return
        if found.kind == MEDIA and found.canonical:
            self.reader.credited.append((found.start, found.canonical))
        name = self.text[found.start : found.end]
        sentence = self.sentence_at(found.start)[2]
        citation = Citation(name, found.canonical if found.kind == MEDIA else None, found.kind, cue.strip(), sentence,
                            found.start, found.end)
        self.found.append((rank, citation))

    def run(self) -> list[tuple[int, Citation]]:
        self.find_exclusions()
        self.find_wire()
        self.find_cues()
        return self.finish()

    def find_exclusions(self) -> None:
        for exclusion in _EXCLUDE:
            for match in exclusion.anchor.finditer(self.text):
                if _is_agency_list(match.group()):  # "dpa/AFP" reads like "AFP/Jane Doe" but names two agencies
                    continue
                start = match.start()
                if exclusion.before is not None:
                    before = exclusion.before.search(self.text, max(0, start - 80), start)
                    if before is None:
                        continue
                    start = before.start()
                    if exclusion.own:
                        self.add_own(before.start(), before.end())
                if exclusion.caption:
                    start = self.caption_start(start, match.end())
                self.excluded.append((start, match.end()))

    def caption_start(self, start: int, end: int) -> int:
        """Where the caption of a photo credit at text[start:end] begins: the start of its line when the credit
        ends a line of at most `_CAPTION_CHARS` (a caption is a sentence or two), else the credit itself."""
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        rest = self.text[end : len(self.text) if line_end < 0 else line_end]
        return line_start if not rest.strip() and end - line_start <= _CAPTION_CHARS else start

    def add_own(self, start: int, end: int) -> None:
        """Record the outlet named in text[start:end] (its longest known suffix) as this text's own."""
        own_toks = _tokens(self.text, start, end)
        for first in range(len(own_toks)):
            if canonical := canonical_outlet(self.reader.span(own_toks, first, len(own_toks) - 1)):
                self.own.add(canonical)
                return

    def known_sources(self, match: re.Match[str], cue: str, rank: int, *, known_only: bool,
                      agencies_only: bool = False) -> None:
        """Credit each known outlet in a short source field ("dpa/jW", "AFP, Reuters", "FOX BUSINESS"); only the
        news agencies among them for trailers that name agencies only ("Le Figaro avec AFP")."""
        begin = match.start("src")
        for piece in _SOURCE_PIECE.finditer(match.group("src")):
            stripped = _PIECE_PREFIX.sub("", piece.group().strip())
            if not stripped:
                continue
            offset = begin + piece.start() + piece.group().index(stripped)
            canonical = canonical_outlet(stripped)
            if (known_only or agencies_only) and not is_written_alias(stripped):
                continue
            if agencies_only and not is_agency_alias(stripped):
                continue
            if canonical is None and (not stripped.isupper() or len(stripped) > 25):
                continue
            self.add(_Found(offset, offset + len(stripped), MEDIA, canonical), cue, rank)

    def find_wire(self) -> None:
        text = self.text
        for match in (*_DATELINE.finditer(text), *_DATED_DATELINE.finditer(text)):
            city = (match.group("city") or "").split(",")[0].strip()
            self.known_sources(match, text[match.start("src") - 1 : match.end()], WIRE, known_only=not city.isupper()
                               and bool(city))
        line_ends = [match.start() for match in re.finditer(r"\n|\Z", text)]
        for pattern in _LINE_END_CREDITS:  # searched only in the last characters of each line: fast
            for end in line_ends:
                match = pattern.search(text, max(0, end - _LINE_END_WINDOW), end)
                if match and not any(c.start <= match.start("src") < c.end for _, c in self.found):
                    self.known_sources(match, match.group().strip(), WIRE, known_only=True)
        for pattern in (_PIPE_DATELINE, _AGENCY_BYLINE):
            for match in pattern.finditer(text):
                self.known_sources(match, match.group().strip(), WIRE, known_only=True)
        for match in _WITH_LINE.finditer(text):
            self.known_sources(match, match.group().strip(), WIRE, known_only=True, agencies_only=True)
        for match in _AGENCY_LIST.finditer(text):
            if _is_agency_list(match.group("src")):
                self.known_sources(match, match.group().strip(), WIRE, known_only=True)
        for match in _BYLINE.finditer(text):
            self.byline(match)
        for match in _TWEET.finditer(text):
            canonical = canonical_outlet(match.group("name")) or canonical_outlet(match.group("handle"))
            kind = MEDIA if canonical else SOCIAL
            self.add(_Found(match.start("name"), match.end("name"), kind, canonical), "embedded post", VENUE)

    def byline(self, match: re.Match[str]) -> None:
        """A line that is only an outlet name (plus dates, links, repeats), or a signed one that names its author
        first ("By JANE DOE Associated Press", "Jane Doe Reuters 17/11/2023 – 21:36"): an agency byline."""
        src_start, src_end = match.span("src")
        toks = _tokens(self.text, src_start, src_end)
        if not toks or len(toks) > 20 or any(tok.opens for tok in toks[:1]):
            return
        first = 0 if self.reader.alias_at(toks, 0) else self.author_length(match, toks)
        hit = self.reader.alias_at(toks, first) if first is not None else None
        if hit is None:
            return
        rest = self.text[toks[hit[0]].end : src_end]
        for other_first in range(len(toks)):
            if (other := self.reader.alias_at(toks, other_first)) is not None:
                rest = rest.replace(self.reader.span(toks, other_first, other[0]), " ")
        if _BYLINE_LEFTOVER.sub("", rest).strip():
            return
        self.add(_Found(toks[first].start, toks[hit[0]].end, MEDIA, hit[1]), "byline", WIRE)

    def author_length(self, match: re.Match[str], toks: list[_Tok]) -> int | None:
        """How many words of a person's name (two to four) open a byline line before a known outlet. Only a
        signed line counts ("By ...", or a date, time or link on the line): a bare "Jane Doe, Reuters" may be a
        caption."""
        signed = _BY.search(self.text, match.start(), match.start("src")) or _BYLINE_STAMP.search(
            self.text, match.start("src"), match.end("src"))
        if not signed:
            return None
        for length in range(2, min(5, len(toks))):
            name = toks[:length]
            if all(_is_name(tok) for tok in name) and not any(tok.stop or tok.opens for tok in name[:-1]) \
                    and self.reader.alias_at(toks, length) is not None:
                return length
        return None

    def find_cues(self) -> None:
        finder, categories = _compiled(self.language)
        matches: list[tuple[int, str, re.Match[str]]] = []
        lowered = self.text.lower()
        if len(lowered) != len(self.text):  # a character whose lower case is longer ("İ"): keep offsets
            lowered = self.text.translate(_LOWER)
        position = 0
        while found := finder.search(lowered, position):  # overlapping: "also confirmed to" holds two cues
            for category, pattern in categories:
                if match := pattern.match(self.text, found.start()):
                    matches.append((found.start(), category, match))
            position = found.start() + 1
        if self.language in _FRAME_LANGUAGES or self.language not in _CUES:
            matches.extend((match.start(), "frame", match) for match in _FRAME.finditer(self.text))
        for _, category, match in sorted(matches, key=lambda item: item[0]):
            self.read_cue(category, match)

    def read_cue(self, category: str, match: re.Match[str]) -> None:
        spec = _CATEGORIES[category]
        if spec.after_quote_or_comma and self.text[max(0, match.start() - 3) : match.start()].rstrip()[-1:] not in {
                ",", "”", '"', "’", "'"}:
            return
        if spec.not_after_preposition and _word_before(self.text, match.start()) in _PREPOSITIONS:
            return
        sent_start, sent_end, _ = self.sentence_at(match.start())
        cue = match.group(0)
        if category == "frame":
            toks = _tokens(self.text, match.start("np"), match.end("np"))
            found = next((hit for pos in range(len(toks)) if (hit := self.reader.outlets_from(toks, pos))), [])
        elif spec.forward:
            end = max(sent_end, self.text.find("\n", match.end())) if category == "wire_line" else sent_end
            toks = _tokens(self.text, match.end(), min(end, match.end() + _NP_WINDOW))
            found = self.reader.parse(toks) if toks and not (toks[0].start > match.end() and
                                                           "\n" in self.text[match.end() : toks[0].start]) else []
        else:
            toks = _tokens(self.text, max(sent_start, match.start() - _NP_WINDOW), match.start())
            if not toks or toks[-1].stop:
                return
            found = self.reader.parse(toks[self.phrase_start(toks) :])
            if found and not self.adjacent(found[-1], toks):
                found = []
        for item in found:
            kind = MEDIA if item.kind == UNKNOWN and spec.unknown_is_media and self.outlet_like(item, sent_start) \
                else item.kind
            if kind not in spec.kinds:
                continue
            if spec.rank == VENUE and item.canonical in self.own:
                continue
            self.add(_Found(item.start, item.end, kind, item.canonical), cue, spec.rank)

    def outlet_like(self, item: _Found, sent_start: int) -> bool:
        """Whether an unclassified name before "reported" (or after "reported by") reads as an outlet.

        It does when a word of it is typical of outlet names ("Kyiv Post", "Daily Sabah"); otherwise only
        in English, where capitals mark proper names (German capitalises every noun), and not for a
        sentence-initial word or a weekday ("On Thursday revealed" is no outlet).
        """
        words = self.text[item.start : item.end].split()
        if any(word.lower().strip(".") in _OUTLET_NAME_WORDS for word in words):
            return True
        initial = not self.text[sent_start : item.start].strip()
        return self.language in (None, "en") and not initial and words[-1].lower() not in _TEMPORAL

    @staticmethod
    def adjacent(item: _Found, toks: list[_Tok]) -> bool:
        """Whether a backward source ends right before its cue, or is an outlet's possessive followed by a
        person's name ("CNN's Jane Doe reported")."""
        tail = [tok for tok in toks if tok.start >= item.end]
        if not tail:
            return True
        owner = next((tok for tok in toks if tok.end == item.end), None)
        return owner is not None and owner.possessive and len(tail) <= 3 and all(map(_is_name, tail))

    @staticmethod
    def phrase_start(toks: list[_Tok]) -> int:
        """Where the noun phrase ending just before a backward cue begins."""
        start = len(toks) - 1
        while start > 0 and len(toks) - start < 8:
            prev = toks[start - 1]
            if prev.stop or prev.low in _BREAK:
                break
            if not (_is_name(prev) or prev.low in _DETERMINERS or _is_media_word(prev) or prev.low in _ORG_WORDS
                    or (prev.low in _NAME_CONNECTORS and start > 1 and _is_name(toks[start - 2]))
                    or prev.low in _AGENCY_WORDS or prev.low in _NEWSY or prev.low == "think"
                    or prev.low in _ANON_WORDS or prev.low in _DOC_WORDS or prev.low in _CONJUNCTIONS):
                break
            start -= 1
        return start

    def finish(self) -> list[tuple[int, Citation]]:
        best: dict[tuple[int, int], tuple[int, Citation]] = {}
        for rank, citation in self.found:
            key = (citation.start, citation.end)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, citation)
        ordered = sorted(best.values(), key=lambda item: (item[1].start, item[1].end))
        kept: list[tuple[int, Citation]] = []
        for rank, citation in ordered:  # nested spans: keep the outer one
            if kept and citation.start < kept[-1][1].end:
                if citation.end - citation.start > kept[-1][1].end - kept[-1][1].start:
                    kept[-1] = (min(rank, kept[-1][0]), citation)
                continue
            kept.append((rank, citation))
        return kept


def extract_citations(text: str, language: str | None = None) -> list[Citation]:
    """Every credit in `text`, in order of appearance. `language` (ISO 639-1) selects the cue tables;
    None or an unsupported code uses all of them."""
    return [citation for _, citation in _Extraction(text, language).run()]


def is_named_media(citation: Citation) -> bool:
    """A credit of a named outlet (`names_an_outlet`)."""
    return names_an_outlet(citation.source_kind, citation.canonical, citation.source_name)


# Cues of credits that cover the whole article rather than one statement: a source line ("Source: BNR") or an
# agency dateline ("OSTREL (MP) —"): the article is that outlet's report.
_ARTICLE_LEVEL_CUE = re.compile(r"^(source|sources|quelle|fuente|fonte|źródło|bron)\b|\(.*\)", re.IGNORECASE)


def is_article_level(cue: str) -> bool:
    """Whether a credit's cue credits the whole article (a source line, an agency dateline)."""
    return bool(_ARTICLE_LEVEL_CUE.search(cue))


def names_an_outlet(source_kind: str, canonical: str | None, source_name: str) -> bool:
    """Whether a credit names an outlet: a media credit known to the alias table, or a capitalised name after
    a media cue that is not just a description ("International media", "Lokalen Medien", "the newspaper")."""
    if source_kind != MEDIA:
        return False
    if canonical is not None:
        return True
    return source_name[:1].isupper() and not any(
        _is_media_word(_Tok(word.strip(".,"), 0, 0, False, False)) for word in source_name.split()
    )


def ranked_citations(text: str, language: str | None = None) -> list[Citation]:
    """Every credit, most prominent first: named media before other sources, then wire credits
    (dateline, trailer, byline, "Source:") before reporting credits ("reported", "according to")
    before quote venues ("told X"), then order of appearance."""
    found = _Extraction(text, language).run()
    return [c for _, _, _, c in sorted((not is_named_media(c), rank, c.start, c) for rank, c in found)]


def primary_source(text: str, language: str | None = None) -> Citation | None:
    """The article's most prominent named media credit (the first of `ranked_citations`), if any."""
    ranked = ranked_citations(text, language)
    return ranked[0] if ranked and is_named_media(ranked[0]) else None
