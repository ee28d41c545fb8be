"""Fictional news texts for the lineage tests: one original and its copies, rewrites and translations."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from storytrace.pipeline.embed import embed
from storytrace.pipeline.lineage import align


def _paragraphs(*lines: str) -> str:
    return "\n".join(lines) + "\n"


ORIGINAL = _paragraphs(
    (
        "VELMARK (Northwire) - A storm surge flooded the harbour district of Velmark on Tuesday night, "
        "forcing more than 2,000 residents from their homes, city officials said."
    ),
    "Water rose nearly two metres along the old quay within an hour, submerging cars and shops near the fish market.",
    "Mayor Ilse Brandt said emergency crews had rescued 140 people from rooftops and upper floors before dawn.",
    '"We have never seen the sea come this far into the town," Brandt told reporters at the town hall.',
    "The national weather office had issued an orange warning on Monday but said the surge was higher than forecast.",
    "Two schools and a sports hall were turned into shelters, and the regional rail line to Velmark was suspended.",
    "No deaths have been reported, but three fishermen are still missing after their boat failed to return to port.",
    "Engineers will inspect the sea wall on Wednesday, which was last reinforced in 1987.",
)

# The same agency text run by another paper: new dateline, one sentence of its own at the end.
AGENCY_COPY = _paragraphs(
    (
        "VELMARK, Wednesday (Northwire) - A storm surge flooded the harbour district of Velmark on "
        "Tuesday night, forcing more than 2,000 residents from their homes, city officials said."
    ),
    "Water rose nearly two metres along the old quay within an hour, submerging cars and shops near the fish market.",
    "Mayor Ilse Brandt said emergency crews had rescued 140 people from rooftops and upper floors before dawn.",
    '"We have never seen the sea come this far into the town," Brandt told reporters at the town hall.',
    "The national weather office had issued an orange warning on Monday but said the surge was higher than forecast.",
    "Two schools and a sports hall were turned into shelters, and the regional rail line to Velmark was suspended.",
    "No deaths have been reported, but three fishermen are still missing after their boat failed to return to port.",
    "Engineers will inspect the sea wall on Wednesday, which was last reinforced in 1987.",
    "Readers can send photos of the flooding to our newsroom.",
)

# A look-alike: the same agency's report of another town's flood in the same words, other names and figures.
LOOK_ALIKE = _paragraphs(
    (
        "BRELSTAD (Northwire) - A storm surge flooded the harbour district of Brelstad on Tuesday night, "
        "forcing more than 600 residents from their homes, city officials said."
    ),
    "Water rose nearly two metres along the old quay within an hour, submerging cars and shops near the fish market.",
    "Mayor Tomas Eriksen said emergency crews had rescued 35 people from rooftops and upper floors before dawn.",
    '"We have never seen the sea come this far into the town," Eriksen told reporters at the town hall.',
    "The national weather office had issued an orange warning on Monday but said the surge was higher than forecast.",
    "Two schools were turned into shelters, and the coastal road to Brelstad was closed.",
    "Engineers will inspect the harbour wall on Thursday, which was last reinforced in 1994.",
)

# The agency copy as a paper that spells the mayor's name its own way and titles him.
RESPELLED_COPY = AGENCY_COPY.replace("Mayor Ilse Brandt", "Mayor Ilze Brandt").replace(
    '," Brandt told', '," Mayor Brandt told'
)

# A content-farm rewrite: same facts in the same order, reworded sentence by sentence.
PARAPHRASE = _paragraphs(
    "Massive Storm Surge Hits Velmark Harbour",
    (
        "On Tuesday night a storm surge swamped Velmark's harbour area, and city authorities said over "
        "2,000 people had to leave their homes."
    ),
    (
        "Within one hour the water climbed almost two metres by the old quay, covering vehicles and "
        "stores close to the fish market."
    ),
    "According to Mayor Ilse Brandt, rescue teams pulled 140 residents from roofs and top floors before sunrise.",
    "Speaking to journalists at the town hall, Brandt said the sea had never before reached so far into the town.",
    (
        "Although the national weather service put out an orange alert on Monday, it admitted the surge "
        "exceeded its forecast."
    ),
    (
        "Officials converted two schools and a sports hall into shelters and halted the regional train "
        "service to Velmark."
    ),
    "Nobody has died so far, yet three fishermen remain missing because their boat never made it back to port.",
    "On Wednesday engineers are due to examine the sea wall, last strengthened in 1987.",
)

FRENCH = _paragraphs(
    (
        "VELMARK (Northwire) - Une onde de tempête a inondé mardi soir le quartier du port de Velmark, "
        "contraignant plus de 2 000 habitants à quitter leur domicile, ont indiqué les autorités "
        "municipales."
    ),
    (
        "L'eau est montée de près de deux mètres le long du vieux quai en moins d'une heure, submergeant "
        "des voitures et des commerces près du marché aux poissons."
    ),
    (
        "La maire Ilse Brandt a déclaré que les secours avaient évacué 140 personnes des toits et des "
        "étages supérieurs avant l'aube."
    ),
    (
        "« Nous n'avions jamais vu la mer pénétrer aussi loin dans la ville », a déclaré Mme Brandt aux "
        "journalistes à l'hôtel de ville."
    ),
    (
        "Le service météorologique national avait émis une alerte orange lundi, mais a reconnu que la "
        "surcote avait dépassé les prévisions."
    ),
    (
        "Deux écoles et une salle de sport ont été transformées en abris, et la ligne ferroviaire "
        "régionale vers Velmark a été suspendue."
    ),
    (
        "Aucun décès n'a été signalé, mais trois pêcheurs sont toujours portés disparus après que leur "
        "bateau n'est pas rentré au port."
    ),
    "Des ingénieurs inspecteront mercredi la digue, renforcée pour la dernière fois en 1987.",
)

GERMAN = _paragraphs(
    (
        "VELMARK (Northwire) - Eine Sturmflut hat am Dienstagabend das Hafenviertel von Velmark "
        "überschwemmt und mehr als 2.000 Bewohner aus ihren Häusern vertrieben, teilte die "
        "Stadtverwaltung mit."
    ),
    (
        "Das Wasser stieg am alten Kai innerhalb einer Stunde um fast zwei Meter und setzte Autos und "
        "Geschäfte in der Nähe des Fischmarkts unter Wasser."
    ),
    (
        "Bürgermeisterin Ilse Brandt sagte, Rettungskräfte hätten vor dem Morgengrauen 140 Menschen von "
        "Dächern und aus oberen Stockwerken gerettet."
    ),
    (
        '„Wir haben noch nie erlebt, dass das Meer so weit in die Stadt vordringt", sagte Brandt vor '
        "Journalisten im Rathaus."
    ),
    (
        "Der nationale Wetterdienst hatte am Montag eine orange Warnung herausgegeben, erklärte aber, die"
        " Flut sei höher als vorhergesagt ausgefallen."
    ),
    (
        "Zwei Schulen und eine Sporthalle wurden zu Notunterkünften umfunktioniert, und die Regionalbahn "
        "nach Velmark wurde eingestellt."
    ),
    (
        "Todesopfer wurden bisher nicht gemeldet, doch drei Fischer werden noch vermisst, nachdem ihr "
        "Boot nicht in den Hafen zurückgekehrt ist."
    ),
    "Ingenieure werden am Mittwoch den Deich überprüfen, der zuletzt 1987 verstärkt wurde.",
)

# The first three paragraphs of ORIGINAL, as a news aggregator's teaser.
EXCERPT = "\n".join(ORIGINAL.splitlines()[:3]) + "\n"

# Another storm-surge report from another town: same topic, no shared text.
UNRELATED_SAME_TOPIC = _paragraphs(
    "Storm surge floods coastal villages in Kessary as winter storm hits",
    (
        "Several coastal villages in the Kessary region were flooded on Saturday after a winter storm "
        "drove seawater over the dunes, local authorities said."
    ),
    (
        "Around 300 holiday homes were damaged, and the coastal road between Lunden and Fairholm remained"
        " closed into the evening."
    ),
    "Firefighters pumped water out of basements while volunteers filled sandbags at the harbour in Lunden.",
    "The regional governor said the dune restoration programme would be accelerated after the damage was assessed.",
    "Meteorologists expect the wind to ease by Monday, though another spring tide is due next week.",
)


_SENTENCE_VECTORS: dict[str, np.ndarray] = {}


def _cached_embed(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    missing = [t for t in dict.fromkeys(texts) if t not in _SENTENCE_VECTORS]
    if missing:
        _SENTENCE_VECTORS.update(zip(missing, embed(missing, batch_size), strict=True))
    return np.stack([_SENTENCE_VECTORS[t] for t in texts]) if texts else embed(texts)


@pytest.fixture
def cached_embeddings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Encode each fictional sentence once per test session: the texts repeat across tests."""
    monkeypatch.setattr(align, "embed", _cached_embed)
