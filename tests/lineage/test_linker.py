"""The lineage stage on the sample corpus: derivations within stories, typed, acyclic, with evidence;
and on fictional articles: verification in partitions, wherever it runs, gives what a sequential run gives,
and a copy links to the fullest copy before it whatever the order the articles came in."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_CORPUS, copy_db
from lineage.lineage_texts import AGENCY_COPY, EXCERPT, FRENCH, GERMAN, ORIGINAL, PARAPHRASE, UNRELATED_SAME_TOPIC
from storytrace import Corpus
from storytrace.cli import app
from storytrace.pipeline.lineage.candidates import band_keys
from storytrace.pipeline.lineage.linker import Linker, LinkSettings
from storytrace.pipeline.lineage.verify import VerifyPartition

LABELS = json.loads((ROOT / "examples" / "labels.json").read_text(encoding="utf-8"))["articles"]
GOLD = {
    frozenset((article_id, d["source"])): d["kind"]
    for article_id, label in LABELS.items()
    for d in label.get("derivations", [])
}


@pytest.fixture(scope="module")
def linked(sample_db: Path) -> Corpus:
    return Corpus(sample_db)


def test_derivations_stay_within_stories_and_find_most_labelled_pairs(linked: Corpus) -> None:
    derivations = linked.derivations()
    assert all(LABELS[d["source_id"]]["story"] == LABELS[d["target_id"]]["story"] for d in derivations)
    found = {frozenset((d["source_id"], d["target_id"])) for d in derivations}
    assert len(found & set(GOLD)) / len(GOLD) >= 0.7


def test_kinds_match_labels_where_found(linked: Corpus) -> None:
    by_pair = {frozenset((d["source_id"], d["target_id"])): d["kind"] for d in linked.derivations()}
    for pair, kind in GOLD.items():
        if pair in by_pair and kind == "translation":
            assert by_pair[pair] == "translation"
        if pair in by_pair and kind in {"duplicate", "copy"}:
            assert by_pair[pair] in {"duplicate", "copy", "same_source", "excerpt"}


def test_every_derivation_has_evidence_and_the_graph_has_no_cycle(linked: Corpus) -> None:
    derivations = linked.derivations()
    assert derivations and all(d["evidence"] and d["evidence"][0]["target_sentence"] for d in derivations)
    graph: dict[str, list[str]] = {}
    for d in derivations:
        graph.setdefault(d["source_id"], []).append(d["target_id"])

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(
            n == goal or (n not in seen and not seen.add(n) and reaches(n, goal, seen)) for n in graph.get(start, [])
        )

    assert not any(reaches(d["target_id"], d["source_id"], set()) for d in derivations)


def test_reingest_adds_no_derivation(linked: Corpus) -> None:
    before = linked.derivations()
    summary = linked.ingest([str(SAMPLE_CORPUS)])
    assert summary.derivations == 0 and linked.derivations() == before


def test_provenance_group_has_roots_and_counts_independent_reports(linked: Corpus) -> None:
    scoop = "text/harbour-ledger-corvan-scoop.txt"
    group = linked.provenance(scoop)
    assert group is not None and scoop in group.nodes and group.roots
    assert 1 <= group.independent_reports < len(group.nodes)


def test_cli_provenance_export_and_similarity(linked: Corpus, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(linked.store.path)
    tree = runner.invoke(app, ["provenance", "text/harbour-ledger-corvan-scoop.txt", "--db", db])
    assert tree.exit_code == 0 and "independent report" in tree.stdout
    assert "energy minister secretly offered" in " ".join(tree.stdout.split())  # the original's headline
    exported = runner.invoke(app, ["export", "derivations", "--db", db])
    first = json.loads(exported.stdout.splitlines()[0])
    assert list(first)[:5] == ["source_id", "target_id", "kind", "score", "evidence"]
    citations = runner.invoke(app, ["export", "citations", "--db", db])
    assert {"article_id", "source_name", "source_article_id", "cue", "sentence"} <= set(
        json.loads(citations.stdout.splitlines()[0])
    )
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps(
            {
                "id": "x",
                "text1": "The pier closes on Monday for repairs.",
                "text2": "La jetée ferme lundi pour des réparations.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    scored = runner.invoke(app, ["similarity", str(pairs)])
    result = json.loads(scored.stdout)
    assert result["id"] == "x" and 0.0 <= result["score"] <= 1.0


# Swedish is outside the sentence encoder's languages, so these articles get no lead-embedding
# neighbours: their candidates come from LSH band keys alone, the part a batch must keep in memory.
SV_ORIGINAL = "\n".join(
    (
        "MALMVIK (Nordbyran) - En brand i en lagerlokal i Malmviks hamn tvingade på torsdagskvällen "
        "räddningstjänsten att evakuera närmare 300 boende i kvarteren runt hamnen, uppger polisen.",
        "Lågorna syntes på flera kilometers avstånd och röken drev in över centrum under natten.",
        "Räddningschefen Karin Holm säger att branden startade i en container med gamla batterier strax efter nio.",
        "Ingen har skadats, men två brandmän fördes till sjukhus för kontroll efter att ha andats in rök.",
        "Kommunen har öppnat en idrottshall som tillfälligt boende för de evakuerade.",
        "Polisen har inlett en förundersökning om allmänfarlig vårdslöshet.",
    )
)
SV_COPY = SV_ORIGINAL.replace("MALMVIK (Nordbyran)", "MALMVIK, fredag (Nordbyran)") + (
    "\nTidningen uppdaterar artikeln när mer information finns."
)
SV_OTHER = "\n".join(
    (
        "Det nya stadsbiblioteket i Malmvik öppnade på lördagen efter tre års ombyggnad.",
        "Biblioteket har fått en ny barnavdelning, en verkstad med symaskiner och ett kafé på taket.",
        "Bibliotekschefen Anders Lind säger att besökarna kan låna cyklar och verktyg utöver böcker.",
        "Ombyggnaden kostade 80 miljoner kronor, vilket är mer än kommunen först räknade med.",
    )
)

# Ingest order: the copy, the translations, the paraphrase and the excerpt each follow their source
# at some distance, so that partitions of two or three articles split some pairs and keep others.
FICTIONAL = [
    ("a-original", "northwire.example", "2024-01-09", "en", ORIGINAL),
    ("b-unrelated", "kessary-courier.example", "2024-01-09", "en", UNRELATED_SAME_TOPIC),
    ("c-copy", "harbour-post.example", "2024-01-10", "en", AGENCY_COPY),
    ("d-french", "le-littoral.example", "2024-01-10", "fr", FRENCH),
    ("e-sv-original", "nordbyran.example", "2024-01-11", "sv", SV_ORIGINAL),
    ("f-paraphrase", "viral-daily.example", "2024-01-11", "en", PARAPHRASE),
    ("g-sv-copy", "malmvik-tidning.example", "2024-01-12", "sv", SV_COPY),
    ("h-german", "kuestenbote.example", "2024-01-12", "de", GERMAN),
    ("i-excerpt", "aggregator.example", "2024-01-13", "en", EXCERPT),
]
# A second run: the Swedish copy is revised into another story, and a new article carries its old
# text. The revised article keeps its place in ingest order, before the new one, and its stored band
# keys are still those of the old text until it is linked again.
REVISION = [
    ("g-sv-copy", "malmvik-tidning.example", "2024-01-12", "sv", SV_OTHER),
    ("j-sv-copy", "vastkusten.example", "2024-01-14", "sv", SV_COPY),
]

Task = tuple[str, tuple[str, ...]]


class RecordingExecutor:
    """Verifies in this process and records every (article, candidates) task. `eager` takes every
    partition before returning the first result, so candidate search runs ahead of storage across
    all partition boundaries (the extreme of what a window of tasks in flight on Dask does)."""

    def __init__(self, eager: bool) -> None:
        self.eager = eager
        self.tasks: list[Task] = []

    def map(self, function: Callable[[VerifyPartition], Any], items: Iterable[VerifyPartition]) -> Iterator[Any]:
        for partition in list(items) if self.eager else items:
            self.tasks.extend(partition.tasks)
            yield function(partition)


# Partitions of one article are the sequential linker: each article's links are stored before the
# next article's candidates are searched. The others verify several articles' pairs together.
SEQUENTIAL = (LinkSettings(partition_articles=1), False)
VARIANTS = {
    "one partition": (LinkSettings(partition_pairs=10_000, partition_articles=10_000), False),
    "partitions of three": (LinkSettings(partition_pairs=10_000, partition_articles=3), False),
    "partitions of two, all in flight": (LinkSettings(partition_pairs=10_000, partition_articles=2), True),
    "partitions of four pairs, all in flight": (LinkSettings(partition_pairs=4), True),
}


def _ingest(db: Path, articles: list[tuple[str, str, str, str, str]]) -> None:
    feed = db.parent / f"{db.stem}-{len(articles)}.jsonl"
    fields = ("id", "outlet", "published", "language", "text")
    feed.write_text("".join(json.dumps(dict(zip(fields, a, strict=True))) + "\n" for a in articles), "utf-8")
    with Corpus(db) as corpus:
        corpus.ingest([str(feed)], link=False)


def _link(source: Path, directory: Path, variant: tuple[LinkSettings, bool]) -> tuple[list[dict], list[Task]]:
    """Link a copy of `source`; the derivations stored and the tasks verified."""
    directory.mkdir()
    executor = RecordingExecutor(eager=variant[1])
    with Corpus(copy_db(source, directory), link_settings=variant[0]) as corpus:
        corpus.link(executor)
        return corpus.derivations(), executor.tasks


@pytest.fixture(scope="module")
def fictional_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("fictional") / "fictional.db"
    _ingest(db, FICTIONAL)
    return db


@pytest.fixture(scope="module")
def revised_db(fictional_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fictional corpus linked, then the revision ingested and not linked yet."""
    directory = tmp_path_factory.mktemp("revised")
    db = copy_db(fictional_db, directory)
    with Corpus(db) as corpus:
        corpus.link()
    _ingest(db, REVISION)
    return db


def test_partitioned_verification_gives_the_sequential_derivations(fictional_db: Path, tmp_path: Path) -> None:
    expected, expected_tasks = _link(fictional_db, tmp_path / "sequential", SEQUENTIAL)
    kinds = {(d["source_id"], d["target_id"]): d["kind"] for d in expected}
    assert kinds[("a-original", "f-paraphrase")] == "paraphrase"
    assert kinds[("a-original", "d-french")] == kinds[("a-original", "h-german")] == "translation"
    assert kinds[("a-original", "c-copy")] in {"copy", "same_source"}
    assert kinds[("e-sv-original", "g-sv-copy")] in {"copy", "same_source"}
    assert not any("b-unrelated" in pair for pair in kinds)
    for name, variant in VARIANTS.items():
        derivations, tasks = _link(fictional_db, tmp_path / name.replace(" ", "-"), variant)
        assert derivations == expected, name
        assert tasks == expected_tasks, name  # every article verified against the same candidates


def test_pending_band_keys_replace_the_stored_keys_of_a_revised_article(revised_db: Path, tmp_path: Path) -> None:
    with Corpus(revised_db) as corpus:
        new_copy = next(a for a in corpus.store.unlinked_articles() if a["id"] == "j-sv-copy")
        stale = corpus.store.lsh_matches(band_keys(new_copy["minhash"]))
    assert "g-sv-copy" in stale  # the revised article's stored keys are still those of its old text
    expected, expected_tasks = _link(revised_db, tmp_path / "sequential", SEQUENTIAL)
    assert dict(expected_tasks)["j-sv-copy"] == ("e-sv-original",)
    assert any(d["source_id"] == "e-sv-original" and d["target_id"] == "j-sv-copy" for d in expected)
    for name, variant in VARIANTS.items():
        derivations, tasks = _link(revised_db, tmp_path / name.replace(" ", "-"), variant)
        assert derivations == expected, name
        assert tasks == expected_tasks, name


# A chain A → B → C: the hub B is the original plus two sentences of its own, and C copies B whole, so
# C's sentences that A accounts for are all B's too and the A → C link is redundant.
HUB = ORIGINAL + (
    "Late on Wednesday the harbour authority said the fish market would stay closed until the quay was declared safe.\n"
    "Insurers in the region put the damage at about 40 million euros, a figure the city council called provisional.\n"
)
HUB_COPY = HUB.replace("VELMARK (Northwire)", "VELMARK, Thursday (Northwire)") + (
    "Readers can send photos of the flooding to our newsroom.\n"
)
CHAIN = {
    "a": ("chain-a-original", "northwire.example", "2024-02-06", "en", ORIGINAL),
    "b": ("chain-b-hub", "harbour-post.example", "2024-02-07", "en", HUB),
    "c": ("chain-c-copy", "coast-daily.example", "2024-02-08", "en", HUB_COPY),
}
TREE = [("chain-a-original", "chain-b-hub"), ("chain-b-hub", "chain-c-copy")]


def _chain_links(directory: Path, runs: list[str]) -> list[tuple[str, str]]:
    """Ingest and link the chain articles, one run per string of `runs` in its order; the links stored."""
    db = directory / "chain.db"
    for run in runs:
        _ingest(db, [CHAIN[key] for key in run])
        with Corpus(db) as corpus:
            corpus.link()
    with Corpus(db) as corpus:
        return [(d["source_id"], d["target_id"]) for d in corpus.derivations()]


@pytest.mark.parametrize("runs", [["abc"], ["acb"], ["cba"], ["ac", "b"], ["c", "b", "a"]])
def test_links_form_one_tree_around_the_hub_whatever_the_ingest_order(runs: list[str], tmp_path: Path) -> None:
    assert _chain_links(tmp_path, runs) == TREE


def test_a_run_stopped_before_settling_is_settled_by_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(Linker, "settle", lambda self: 0)  # as if killed after the hub's links were stored
        assert ("chain-a-original", "chain-c-copy") in _chain_links(tmp_path, ["ac", "b"])
    with Corpus(tmp_path / "chain.db") as corpus:
        assert corpus.store.unsettled_articles() == ["chain-c-copy"]
        assert corpus.link() == -1  # nothing new to link; the stale link is dropped
        assert [(d["source_id"], d["target_id"]) for d in corpus.derivations()] == TREE
        assert corpus.store.unsettled_articles() == []


# The surge hit 25 other harbour towns that night, and the wire ran one formulaic French report per
# town: same sentences, other town and figures. Those reports are not translations of the Velmark
# story, yet their leads are nearer to its French translation than its English original is.
TOWNS = ["Corvan", "Brisel", "Tandor", "Malvik", "Oskarn", "Ferrol", "Lunden", "Gavros", "Pellan", "Rostig", "Varna",
         "Kelmor", "Sandvik", "Delmar", "Orsk", "Halden", "Miran", "Torvel", "Eskar", "Bruma", "Calder", "Arvik",
         "Soltan", "Vesper", "Dunmore"]  # fmt: skip


def _other_town(number: int, town: str) -> tuple[str, str, str, str, str]:
    lead = "\n".join(FRENCH.splitlines()[:4]).replace("VELMARK", town.upper()).replace("Velmark", town)
    lead = lead.replace("2 000", f"{300 + 170 * number}").replace("140", str(20 + 7 * number))
    return (f"town-{number:02d}", "le-littoral.example", "2024-01-09", "fr", lead + "\n")


def test_a_translation_is_found_among_many_same_language_look_alikes(tmp_path: Path) -> None:
    db = tmp_path / "crowded.db"
    towns = [_other_town(number, town) for number, town in enumerate(TOWNS)]
    _ingest(db, [FICTIONAL[0], *towns, ("translation", "le-littoral.example", "2024-01-10", "fr", FRENCH)])
    with Corpus(db) as corpus:
        stored = corpus.store.embeddings_of(["a-original", "translation", *(town[0] for town in towns)])
        vectors = {key: np.frombuffer(blob, dtype=np.float32) for key, blob in stored.items()}
        translation = vectors.pop("translation")
        original = vectors.pop("a-original") @ translation
        # Precondition: the original ranks below `neighbours` French look-alikes, so a single nearest-neighbour
        # search over all languages (and the band keys: no shared text) would not make it a candidate.
        assert sum(vector @ translation > original for vector in vectors.values()) >= LinkSettings().neighbours
        corpus.link()
        kinds = {(d["source_id"], d["target_id"]): d["kind"] for d in corpus.derivations()}
    assert kinds[("a-original", "translation")] == "translation"


# A wire story run by many papers: every copy shares nearly all its band keys with every other, so
# without a cap each copy would be verified against all the copies before it (pairs growing with the
# square of the family).
WIRE_COPIES = [
    (f"wire-{number}", f"paper-{number}.example", f"2024-01-1{number}", "sv", f"{SV_ORIGINAL}\nUppdaterad {number}.")
    for number in range(6)
]


def test_a_copy_is_verified_against_a_bounded_number_of_band_matches(tmp_path: Path) -> None:
    db = tmp_path / "wire.db"
    _ingest(db, WIRE_COPIES)
    capped = (LinkSettings(partition_articles=1, lsh_candidates=2), False)
    derivations, tasks = _link(db, tmp_path / "capped", capped)
    assert max(len(candidates) for _, candidates in tasks) == 2
    assert {d["target_id"] for d in derivations} == {f"wire-{number}" for number in range(1, 6)}
    for name, (settings, eager) in VARIANTS.items():
        partitioned = (replace(settings, lsh_candidates=2), eager)
        assert _link(db, tmp_path / name.replace(" ", "-"), partitioned) == (derivations, tasks), name
