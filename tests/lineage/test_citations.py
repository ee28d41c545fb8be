"""Explicit-citation extraction: fictional fixtures per pattern, plus the real seeds (shared, read at test time)."""

from __future__ import annotations

import pytest

from storytrace.pipeline.lineage.citations import Citation, extract_citations, primary_source


def media(text: str, language: str | None = None) -> list[str | None]:
    """Canonical names of the media credits, in order."""
    return [c.canonical for c in extract_citations(text, language) if c.source_kind == "media"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The minister resigned on Monday, The Washington Post reported.", "en", "The Washington Post"),
        ("Reuters reported on Monday that the plant had closed.", "en", "Reuters"),
        ("The plant closed, according to Reuters.", "en", "Reuters"),
        ("The deal was first reported by Axios last week.", "en", "Axios"),
        ("As first reported by WaPo, the mayor will resign.", "en", "The Washington Post"),
        ("Bloomberg first reported the talks.", "en", "Bloomberg"),
        ("Dozens were hurt, the AP reports.", "en", "The Associated Press"),
        ("The fire spread overnight, reports Reuters.", "en", "Reuters"),
        ("Two residents told Al Jazeera the water rose fast.", "en", "Al Jazeera"),
        ("ATLANTA (AP) — A storm hit the city on Sunday.", "en", "The Associated Press"),
        ("WASHINGTON (Reuters) - Lawmakers voted on Friday.", "en", "Reuters"),
        ("Talks resumed in Geneva.\n— Reuters", "en", "Reuters"),
        ("With files from AFP.", "en", "AFP"),
        ("This article first appeared on Politico.", "en", "Politico"),
        ("The ship sank near the coast, per The New York Times.", "en", "The New York Times"),
        ("An AFP correspondent saw hundreds of people in the square.", "en", "AFP"),
        ("In a statement carried by the state news agency TASS, the ministry said so.", "en", "TASS"),
        ("Le ministre a démissionné. (Belga)", "fr", "Belga"),
        ("Le conseil a voté lundi soir./ATS", "fr", "Keystone-SDA"),
        ("Le bilan s'alourdit, selon Le Monde.", "fr", "Le Monde"),
        ("Le bilan s'alourdit, rapporte l'AFP.", "fr", "AFP"),
        ("Le bilan s'alourdit, a indiqué l'AFP.", "fr", "AFP"),
        ("Le gouverneur a déclaré à l'AFP que la route était coupée.", "fr", "AFP"),
        ("Wie die dpa meldet, wurde der Vertrag unterzeichnet.", "de", "dpa"),
        ("Der Vertrag wurde unterzeichnet, berichtet die Bild.", "de", "Bild"),
        ("Laut Spiegel ist der Vertrag unterzeichnet.", "de", "Der Spiegel"),
        ('Wie die "New York Times" am Donnerstag meldet, ist der Vertrag unterzeichnet.', "de", "The New York Times"),
        ("Quelle: hurriyet", "de", "Hürriyet"),
        ("El acuerdo se firmó, según informó EFE.", "es", "EFE"),
        ("De acuerdo con El País, el acuerdo se firmó.", "es", "El País"),
        ("La firma es inminente, secondo l'ANSA.", "it", "ANSA"),
        ("Lo riporta il Corriere della Sera.", "it", "Corriere della Sera"),
        ("Jak podaje PAP, umowa została podpisana.", "pl", "PAP"),
        ("Według Reutersa umowa została podpisana.", "pl", "Reuters"),
        ("O acordo foi assinado, segundo a Reuters.", "pt", "Reuters"),
        ("Estadão Conteúdo\n\nO acordo foi assinado ontem.", "pt", "Estadão"),
        ("San Francisco | Reuters\n\nO acordo foi assinado.", "pt", "Reuters"),
        ("Het akkoord is getekend, volgens de NOS.", "nl", "NOS"),
        ("Source: BNR", "en", "BNR"),
        ("Jak czytamy na Reutersie, umowa została podpisana.", "pl", "Reuters"),
        ("Lo riporta il Corriere.", "it", "Corriere della Sera"),
        ("Il governo ha detto all'ANSA che la firma è vicina.", "it", "ANSA"),
        ("The story was picked up via Semafor.", "en", "Semafor"),
        ("This article first appeared in The Verge.", "en", "The Verge"),
        ("Der Sprecher sagte gegenüber CNN, die Lage sei ernst.", "de", "CNN"),
        ("El acuerdo se firmó, informó la agencia EFE.", "es", "EFE"),
        ("O acordo foi assinado, de acordo com uma carta analisada pela Reuters.", "pt", "Reuters"),
        ("CNN reported, citing two people familiar with the matter.", "en", "CNN"),
        ("The firm is for sale, according to a report by The Wall Street Journal.", "en", "The Wall Street Journal"),
        ("The Times of Israel reported the strike.", "en", "The Times of Israel"),
        ("LONDON, May 1 (Reuters) - Shares fell.", "en", "Reuters"),
        ("By Jane Doe, Associated Press\nThe storm moved north.", "en", "The Associated Press"),
        ("The storm moved north.\nThe Associated Press contributed to this report.", "en", "The Associated Press"),
        ("The storm moved north. (With AFP)", "en", "AFP"),
        ("The storm moved north. AFP", "en", "AFP"),
        ("CNN's Jane Doe reported that the storm moved north.", "en", "CNN"),
        ("Berlin (dpa) - Der Bundestag hat abgestimmt.", "de", "dpa"),
        ("Das berichtet die „Süddeutsche Zeitung“.", "de", "Süddeutsche Zeitung"),
        ("Laut einem Bericht der „Washington Post“ ist er zurückgetreten.", "de", "The Washington Post"),
        ("Der Bundestag hat abgestimmt, meldete die Nachrichtenagentur Reuters.", "de", "Reuters"),
        ("Paris (AFP) - Le gouvernement a chuté.", "fr", "AFP"),
        ("Le gouvernement a chuté, selon le quotidien Le Figaro.", "fr", "Le Figaro"),
        ("« Nous partons », a-t-il déclaré à BFMTV.", "fr", "BFMTV"),
        ("Madrid, 1 may (EFE).- El Gobierno aprobó el plan.", "es", "EFE"),
        ("El plan se aprobó, según el diario El Mundo.", "es", "El Mundo"),
        ("Il piano è stato approvato, riferisce l'ANSA.", "it", "ANSA"),
        ("Plan został przyjęty, donosi CNN.", "pl", "CNN"),
        ("O plano foi aprovado. (Com Reuters)", "pt", "Reuters"),
        ("Het plan is aangenomen, meldt persbureau ANP.", "nl", "ANP"),
        # English: "understands", a document credited to an outlet, an outlet's possessive before a name
        ("The mayor quit, Sky News understands.", "en", "Sky News"),
        ("The mayor quit, according to a tally by AFP.", "en", "AFP"),
        ("The mayor quit, according to reporting by The Information.", "en", "The Information"),
        ("The mayor quit, according to Axios' Mike Allen.", "en", "Axios"),
        ("The mayor quit, according to nbcnews.com.", "en", "NBC News"),
        # German: report nouns, the dative venue, "so die X", agency lists, case forms of quoted names
        ("Der Bürgermeister ist nach Informationen des „Spiegel“ zurückgetreten.", "de", "Der Spiegel"),
        ("Der Bürgermeister ist nach einem Bericht der „New York Times“ zurückgetreten.", "de", "The New York Times"),
        ("Der Bürgermeister ist laut einem Bericht der „Bild“-Zeitung zurückgetreten.", "de", "Bild"),
        ("Berichten der „Bild“ zufolge ist der Bürgermeister zurückgetreten.", "de", "Bild"),
        ("Das bestätigte der Sprecher unter anderem dem Blog TechCrunch.", "de", "TechCrunch"),
        ("Der Bürgermeister ist zurückgetreten, so die „New York Times“.", "de", "The New York Times"),
        ("Wie sueddeutsche.de berichtet, ist der Bürgermeister zurückgetreten.", "de", "Süddeutsche Zeitung"),
        ("Der Bürgermeister ist zurückgetreten.\n\ndpa/AFP", "de", "AFP"),
        ("Der Bürgermeister ist zurückgetreten. (dpa/AFP)", "de", "dpa"),
        ("Der Bürgermeister ist zurückgetreten.\n\nMit Material von dpa", "de", "dpa"),
        # French: more report verbs, "les informations de X", "nos confrères", "<outlet> avec <agency>"
        ("Le maire a démissionné, croit savoir Le Monde.", "fr", "Le Monde"),
        ("Le maire a démissionné, a appris franceinfo.", "fr", "franceinfo"),
        ("Le maire a démissionné, a annoncé la chaîne BFMTV.", "fr", "BFMTV"),
        ("Selon les informations de Mediapart, le maire a démissionné.", "fr", "Mediapart"),
        ("Le maire a démissionné, selon nos confrères du Parisien.", "fr", "Le Parisien"),
        ("Le maire a démissionné.\n\nLa rédaction avec AFP", "fr", "AFP"),
        ("Le maire a démissionné.\n\nAvec AFP et Reuters", "fr", "Reuters"),
        # Italian, Spanish, Portuguese trailers
        ("Il sindaco si è dimesso. (ANSA).", "it", "ANSA"),
        ("El alcalde renunció.\n\nCon información de AFP y EFE", "es", "EFE"),
        ("O prefeito renunciou.\n\nCom informações da Reuters e da AFP.", "pt", "AFP"),
        # Polish: case forms of outlet names, "dla X" after a speech verb
        ('Burmistrz zrezygnował, czytamy w "Guardianie".', "pl", "The Guardian"),
        ("Minister powiedział w poniedziałek dla TVN24, że nie odejdzie.", "pl", "TVN24"),
        # Spanish, Italian, Portuguese report verbs and report nouns; venues on air
        ("El alcalde dimitió, dice el diario El País.", "es", "El País"),
        ("Il sindaco si è dimesso, fa sapere l'Ansa.", "it", "ANSA"),
        ("O prefeito renunciou, diz o jornal O Globo.", "pt", "O Globo"),
        ("O prefeito renunciou, segundo reportagem do jornal The New York Times.", "pt", "The New York Times"),
        ("Le maire a démissionné, a-t-il déclaré sur BFMTV.", "fr", "BFMTV"),
        ("Der Bürgermeister ist zurückgetreten, hieß es beim Sender CNN.", "de", "CNN"),
        # compounds naming an outlet's reporting
        ("Laut dpa-Informationen ist der Bürgermeister zurückgetreten.", "de", "dpa"),
        ("Þetta kemur fram á vef Reuters-fréttastofunnar.", "is", "Reuters"),
        # languages with short tables
        ("Ayon sa ulat ng Reuters, nagbitiw ang alkalde.", "tl", "Reuters"),
        ("Menurut laporan Reuters, wali kota mengundurkan diri.", "id", "Reuters"),
        ("A polgármester lemondott – írja a Reuters.", "hu", "Reuters"),
        ("Župan je odstopil, je za Reuters povedal tiskovni predstavnik.", "sl", "Reuters"),
        ("Gradonačelnik je podnio ostavku, rekao je za N1 glasnogovornik.", "hr", "N1"),
        ("मेयर ने इस्तीफा दिया, रॉयटर्स के मुताबिक।", "hi", "Reuters"),
        # South Asian datelines
        ("Bengaluru, Aug 23 (PTI) The lander touched down.", "en", "Press Trust of India"),
        ("New Delhi [India], August 23 (ANI): The lander touched down.", "en", "ANI"),
        # bylines signed with the author's name before the outlet
        ("By JANE DOE Associated Press\nThe storm moved north.", "en", "The Associated Press"),
        ("Jane Doe Reuters 17/11/2023 – 21:36\n\nThe storm moved north.", "en", "Reuters"),
    ],
)
def test_media_credit_patterns(text: str, language: str, expected: str) -> None:
    assert expected in media(text, language)


def test_unnamed_media_have_no_canonical_name() -> None:
    found = extract_citations("Le juge a été désigné, selon des médias américains.", "fr")
    assert [(c.source_name, c.canonical, c.source_kind) for c in found] == [("des médias américains", None, "media")]


def test_an_english_media_noun_takes_no_words_after_it() -> None:
    found = extract_citations("A memo cited by the newspaper called the plan a bridge.", "en")
    assert [(c.source_name, c.source_kind) for c in found][:1] == [("the newspaper", "media")]
    found = extract_citations("According to The Harbour Ledger, the minister offered a stake.", "en")
    assert [(c.source_name, c.source_kind) for c in found] == [("Harbour Ledger", "media")]


def test_language_none_uses_every_table() -> None:
    assert media("Wie die dpa meldet, wurde der Vertrag unterzeichnet.") == ["dpa"]


@pytest.mark.parametrize(
    "text",
    [
        "The Washington Post's Jane Doe contributed reporting from Kyiv.",
        "Reuters was unable to verify the footage.",
        "(Reporting by Jane Doe; Editing by John Roe)",
        "A man walks past rubble. Photo: AFP",
        "A firefighter at work. AFP via Getty Images",
        "Rescuers search the site. (AP Photo/Jane Doe)",
        "The skyline at dusk. © Reuters",
        "Rescue teams at work. Jane Doe/Reuters",
        "Meduza is a Russian opposition newspaper.",
        "Silicon Valley Bank (SVB) – the lender to start-ups – collapsed.",
        "Employees read the Financial Times and other papers every day.",
        "She writes for the Daily Example and lives in Leeds.",
        "Jane Doe, Reuters\nThe storm moved north.",  # unsigned: may be a caption
        "Rescuers at the site. AFP/Getty Images",
        "Rescuers at the site. Reuters/Jane Doe",
        "The index is compiled by the Associated Press (AP).",  # a name spelt out, not a trailer
        "The storm moved north, according to the Australian government.",
        "The storm moved north for 20 minutes.",
        "Rockets over the city, an AFP journalist said. © AFP/Jane Doe",  # a caption credits a picture
        "Smoke rises over the port, Reuters reported. Photo: Reuters",
        "Silicon Valley Bank, the lender (SVB) The bank failed.",
        "Bavarian Radio (BR): a row over a presenter",
    ],
)
def test_bylines_photo_credits_and_mentions_are_not_credits(text: str) -> None:
    assert media(text, "en") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Der Sender CNN entließ den Moderator.", "de"),  # nominative: the channel is the topic
        ("Er schrieb in dem Blog TechCrunch über die Firma.", "de"),  # after a preposition: no dative venue
        ("Prezydent zawetuje rekompensatę dla TVP.", "pl"),  # "for TVP"
        ("Podpis, za usunięcie prezesa ze stanowiska w TVP.", "pl"),
        ("Selon la Croix rouge, le bilan est lourd.", "fr"),
        ("Das Dach der CNN-Zentrale brannte.", "de"),  # a compound naming a building, not reporting
    ],
)
def test_topics_and_prepositions_are_not_credits(text: str, language: str) -> None:
    assert media(text, language) == []


def test_a_photo_credit_ending_a_long_paragraph_leaves_its_credits() -> None:
    """Only a short line (a caption) is read as describing the picture."""
    text = "Talks resumed in Geneva on Monday after a week of delays, Reuters reported. " * 6 + "© Reuters"
    assert "Reuters" in media(text, "en")


def test_name_shaped_like_a_person_but_named_like_an_outlet() -> None:
    citation = extract_citations("The mayor quit, the Valley News reported.", "en")[0]
    assert (citation.source_name, citation.source_kind) == ("Valley News", "media")


def test_report_verb_does_not_read_past_a_preposition() -> None:
    """"a annoncé son gouverneur à la chaîne TRT": the governor announced, TRT is where he said it."""
    found = extract_citations("Le bilan s'alourdit, a annoncé son gouverneur à la chaîne publique TRT.", "fr")
    assert [(c.canonical, c.cue) for c in found] == [("TRT", "à")]


def test_plural_or_later_media_do_not_point_back_to_an_outlet() -> None:
    text = "Le juge a été désigné, selon les médias américains. Le procès commence lundi. (Belga)"
    assert [(c.source_name, c.canonical) for c in extract_citations(text, "fr")] == [
        ("les médias américains", None),
        ("Belga", "Belga"),
    ]


def test_interview_with_own_outlet_is_not_a_credit() -> None:
    text = (
        "In an interview with The Washington Post this month, the president declined to comment.\n"
        "The Washington Post's Jane Doe contributed reporting."
    )
    assert media(text, "en") == []


def test_interview_with_another_outlet_is_a_quote_venue_credit() -> None:
    text = "In an interview with the Financial Times, the chief executive said growth would slow."
    citation = extract_citations(text, "en")[0]
    assert (citation.canonical, citation.source_kind, citation.cue) == (
        "Financial Times",
        "media",
        "In an interview with",
    )


def test_anaphoric_publication_resolves_to_the_outlet_just_credited() -> None:
    text = "The mayor resigned, The Guardian reported. Two aides also confirmed to the publication that he had quit."
    second = next(c for c in extract_citations(text, "en") if c.cue == "confirmed to")
    assert (second.source_name, second.canonical) == ("the publication", "The Guardian")


def test_coordinated_outlets_are_all_credited() -> None:
    text = "The jury voted to indict, according to The New York Times, CNN and ABC News."
    assert media(text, "en") == ["The New York Times", "CNN", "ABC News"]


def test_non_media_sources_get_their_kind() -> None:
    text = (
        "The offer was made in January, according to leaked U.S. intelligence documents. "
        "He confirmed it in a post on X, according to his Telegram channel. "
        "Troops advanced, according to the Institute for the Study of War (ISW). "
        "The talks failed, according to two Ukrainian officials."
    )
    kinds = {c.source_name: c.source_kind for c in extract_citations(text, "en")}
    assert kinds["leaked U.S. intelligence documents"] == "document"
    assert kinds["his Telegram channel"] == "social_media"
    assert kinds["Institute for the Study of War"] == "organisation"
    assert kinds["two Ukrainian officials"] == "anonymous"
    assert all(c.canonical is None for c in extract_citations(text, "en") if c.source_kind != "media")


def test_multi_hop_chain_in_order_of_appearance() -> None:
    text = (
        "This was reported by the American think tank ISW, partly on the basis of what was reported by "
        "the Russian opposition newspaper Meduza, which in turn relies on anonymous sources inside the Kremlin."
    )
    found = [(c.source_name, c.source_kind) for c in extract_citations(text, "en")]
    assert found == [
        ("ISW", "organisation"),
        ("Meduza", "media"),
        ("anonymous sources inside the Kremlin", "anonymous"),
    ]


def test_unknown_outlet_after_a_media_descriptor() -> None:
    text = "The strike was called off, according to the local newspaper Gazeta Nordica."
    citation = extract_citations(text, "en")[0]
    assert (citation.source_name, citation.canonical, citation.source_kind) == ("Gazeta Nordica", None, "media")


def test_offsets_sentence_and_to_dict() -> None:
    text = "Markets fell. The bank collapsed on Friday, Bloomberg reported. Shares recovered."
    citation = extract_citations(text, "en")[0]
    assert isinstance(citation, Citation)
    assert text[citation.start : citation.end] == "Bloomberg"
    assert citation.sentence == "The bank collapsed on Friday, Bloomberg reported."
    assert citation.to_dict()["canonical"] == "Bloomberg"


def test_primary_source_prefers_the_wire_credit() -> None:
    text = "JERUSALEM (AP) — Sirens sounded. Residents told CNN they heard blasts. Reuters reported more rockets."
    primary = primary_source(text, "en")
    assert primary is not None and primary.canonical == "The Associated Press"


def test_no_credit_in_plain_text() -> None:
    assert extract_citations("The council met on Tuesday and approved the budget.", "en") == []


@pytest.mark.shared
def test_seed_001_credits_the_washington_post(shared_dir) -> None:
    text = next((shared_dir / "seeds").glob("001_*.txt")).read_text(encoding="utf-8")
    assert "The Washington Post" in media(text, "en")


@pytest.mark.shared
def test_seed_002_credits_bnr_isw_and_meduza(shared_dir) -> None:
    text = next((shared_dir / "seeds").glob("002_*.txt")).read_text(encoding="utf-8")
    names = {c.canonical or c.source_name for c in extract_citations(text, "en")}
    assert {"BNR", "ISW", "Meduza"} <= names
    chain = [c.source_name for c in extract_citations(text, "en")][:3]
    assert chain[:2] == ["ISW", "Meduza"] and chain[2].startswith("anonymous sources")


@pytest.mark.shared
def test_seed_000_own_interview_is_not_a_credit(shared_dir) -> None:
    text = next((shared_dir / "seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    assert media(text, "en") == []
    assert any(c.source_kind == "document" for c in extract_citations(text, "en"))
