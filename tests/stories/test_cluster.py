"""Story clustering on small fictional fixtures: cross-language joins, look-alike events, links, state."""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
from typing import Any

import numpy as np
import pytest

from storytrace.model import StateDelta
from storytrace.pipeline.embed import DIMENSIONS
from storytrace.pipeline.stories import cluster as cluster_module
from storytrace.pipeline.stories.cluster import ClusterConfig, StoryClusterer, StoryDoc
from storytrace.pipeline.stories.features import extract_features

D = dt.date

# Fictional events. Quake A: Valdoria, 14 March 2031; quake B: Ostrelia, 2 June 2031 (look-alike).
# Penhallow 1 and 2: the same minister, two statements a week apart on different subjects.
ARTICLES = {
    "qa-en": (
        "en",
        D(2031, 3, 14),
        "Magnitude 6.4 earthquake strikes Valdoria, 212 dead\n"
        "A magnitude 6.4 earthquake struck the Valdorian city of Merovar on Friday 14 March, killing at least "
        "212 people and flattening the old quarter, the Valdorian civil protection agency VCPA said. Rescue "
        "teams from Kesselburg searched the rubble through the night.",
    ),
    "qa-fr": (
        "fr",
        D(2031, 3, 14),
        "Séisme de magnitude 6,4 en Valdorie : au moins 212 morts\n"
        "Un tremblement de terre de magnitude 6,4 a frappé vendredi 14 mars la ville valdorienne de Merovar, "
        "faisant au moins 212 morts et détruisant la vieille ville, selon l'agence de protection civile VCPA. "
        "Des secouristes venus de Kesselburg ont fouillé les décombres toute la nuit.",
    ),
    "qa-de": (
        "de",
        D(2031, 3, 15),
        "Erdbeben der Stärke 6,4 in Valdorien: mindestens 212 Tote\n"
        "Ein Erdbeben der Stärke 6,4 hat am Freitag, 14. März, die valdorische Stadt Merovar erschüttert. "
        "Mindestens 212 Menschen kamen ums Leben, die Altstadt wurde zerstört, teilte der Zivilschutz VCPA mit. "
        "Rettungskräfte aus Kesselburg suchten die ganze Nacht in den Trümmern.",
    ),
    "qb-en": (
        "en",
        D(2031, 6, 2),
        "Earthquake of magnitude 5.9 hits Ostrelia, dozens killed\n"
        "A magnitude 5.9 earthquake hit the Ostrelian port of Dunmarrow on Monday 2 June, killing at least 48 "
        "people, Ostrelia's seismology institute OSI said. Buildings collapsed along the harbour and "
        "aftershocks continued into the evening.",
    ),
    "qb-en2": (
        "en",
        D(2031, 6, 3),
        "Ostrelia quake toll rises to 61\n"
        "The death toll from Monday's magnitude 5.9 earthquake in the Ostrelian port of Dunmarrow rose to 61, "
        "the OSI institute said on 3 June, as rescuers pulled survivors from collapsed harbour buildings.",
    ),
    "pen-1": (
        "en",
        D(2031, 9, 1),
        "Minister Aldric Penhallow announces steel tariff of 18 percent\n"
        "Trade minister Aldric Penhallow said on 1 September that Brellmark will impose an 18 percent tariff "
        "on imported steel from October, citing unfair subsidies. Steelmakers in Harrowgate welcomed the move.",
    ),
    "pen-2": (
        "en",
        D(2031, 9, 8),
        "Penhallow says pension age will rise to 67\n"
        "Aldric Penhallow said on 8 September that Brellmark will raise the pension age to 67 by 2036, "
        "defending the reform against unions who called a strike in Lodenport.",
    ),
    "pen-1-fr": (
        "fr",
        D(2031, 9, 2),
        "Le ministre Aldric Penhallow annonce un droit de douane de 18 % sur l'acier\n"
        "Le ministre du Commerce Aldric Penhallow a annoncé le 1er septembre que le Brellmark imposera dès "
        "octobre un droit de douane de 18 % sur l'acier importé, dénonçant des subventions déloyales.",
    ),
}


@pytest.fixture(scope="module")
def embeddings() -> dict[str, np.ndarray]:
    """Real multilingual embeddings of the fixtures' title + lead (one model load for the module)."""
    embed = pytest.importorskip("storytrace.pipeline.embed").embed
    docs = _docs()
    vectors = embed([StoryClusterer.embed_text(doc) for doc in docs])
    return {doc.id: vector for doc, vector in zip(docs, vectors, strict=True)}


def _docs(embeddings: dict[str, np.ndarray] | None = None, ids: list[str] | None = None) -> list[StoryDoc]:
    return [
        StoryDoc(
            id=key,
            text=ARTICLES[key][2],
            title=None,
            language=ARTICLES[key][0],
            published=ARTICLES[key][1],
            embedding=None if embeddings is None else embeddings[key],
        )
        for key in (ids or list(ARTICLES))
    ]


def _assign(docs: list[StoryDoc], config: ClusterConfig | None = None) -> dict[str, str]:
    clusterer = StoryClusterer(config)
    return dict(zip((d.id for d in docs), clusterer.add(docs), strict=True))


def test_features_normalise_numbers_dates_and_names() -> None:
    en = extract_features(ARTICLES["qa-en"][2])
    de = extract_features(ARTICLES["qa-de"][2])
    assert "6.4" in en.numbers and "6.4" in de.numbers  # "6,4" and "6.4" meet
    assert "212" in en.numbers and "212" in de.numbers
    assert "d:03-14" in en.when and "d:03-14" in de.when  # "14 March" and "14. März"
    assert {"merovar", "vcpa", "kesselburg"} <= en.entities.keys() & de.entities.keys()
    assert en.embed_text.startswith("Magnitude 6.4 earthquake strikes Valdoria")


def test_same_event_in_three_languages_joins_one_story(embeddings: dict[str, np.ndarray]) -> None:
    stories = _assign(_docs(embeddings, ["qa-en", "qa-fr", "qa-de"]))
    assert len(set(stories.values())) == 1


def test_look_alike_events_stay_apart(embeddings: dict[str, np.ndarray]) -> None:
    stories = _assign(_docs(embeddings))
    assert stories["qb-en"] == stories["qb-en2"]
    assert stories["qa-en"] != stories["qb-en"]  # two earthquakes in different countries
    assert stories["pen-1"] == stories["pen-1-fr"]
    assert stories["pen-1"] != stories["pen-2"]  # same minister, a week later, another statement


def test_linked_to_joins_the_source_story(embeddings: dict[str, np.ndarray]) -> None:
    clusterer = StoryClusterer()
    [source] = clusterer.add(_docs(embeddings, ["qa-en"]))
    unrelated = _docs(embeddings, ["pen-2"])[0]
    unrelated.id, unrelated.linked_to = "copy-of-qa", ["qa-en"]
    assert clusterer.add([unrelated]) == [source]


def test_story_ids_are_deterministic(embeddings: dict[str, np.ndarray]) -> None:
    first = _assign(_docs(embeddings))
    second = _assign(_docs(embeddings))
    assert first == second
    assert all(story.startswith("s") for story in first.values())


def _persisted(stored: dict[str, Any], delta: StateDelta) -> dict[str, Any]:
    """Apply a state delta to stored records as the store does, through JSON."""
    kept = {} if delta.replace else {k: v for k, v in stored.items() if k not in delta.removed}
    return kept | json.loads(json.dumps(delta.records))


def test_state_changes_resume_the_stream(embeddings: dict[str, np.ndarray]) -> None:
    docs = _docs(embeddings)
    whole = StoryClusterer()
    expected = whole.add(docs)
    part = StoryClusterer()
    head = part.add(docs[:2])
    stored = _persisted({}, part.state_changes())
    head += part.add(docs[2:4])
    delta = part.state_changes()
    assert all(key.startswith(("story|", "df|")) for key in delta.records)
    assert len([k for k in delta.records if k.startswith("story|")]) <= 2  # only what the batch touched
    stored = _persisted(stored, delta)
    resumed = StoryClusterer.from_records(json.loads(json.dumps(delta.meta)), stored, part.stories())
    assert resumed.stories() == part.stories()
    assert resumed.token == part.token
    assert head + resumed.add(docs[4:]) == expected
    assert resumed.add(docs[:2]) == expected[:2]  # replaying seen articles changes nothing
    assert resumed.stories() == whole.stories()
    stored = _persisted(stored, resumed.state_changes())
    full = resumed.state_changes(replace=True)
    assert _persisted({"story|gone": {}}, full) == stored  # the deltas add up to the whole state
    again = StoryClusterer.from_records(full.meta, stored, resumed.stories())
    assert again.stories() == whole.stories()


def test_a_state_written_with_centroids_as_lists_resumes_the_same(embeddings: dict[str, np.ndarray]) -> None:
    """State version 2 stored centroids as JSON lists; a store holding such records resumes unchanged."""
    docs = _docs(embeddings)
    part = StoryClusterer()
    part.add(docs[:4])
    delta = part.state_changes(replace=True)
    stored = _persisted({}, delta)
    centroids = [value["centroid"] for key, value in stored.items() if key.startswith("story|")]
    assert centroids and all(  # base64 float32
        np.frombuffer(base64.b64decode(c), dtype=np.float32).size == DIMENSIONS for c in centroids
    )
    as_lists = {
        key: value | {"centroid": part._stories[part._index[key[6:]]].centroid.tolist()}
        if key.startswith("story|") else value
        for key, value in stored.items()
    }
    old, new = (
        StoryClusterer.from_records(delta.meta | {"version": version}, records, part.stories())
        for version, records in ((2, as_lists), (3, stored))
    )
    assert old.add(docs[4:]) == new.add(docs[4:]) == part.add(docs[4:])
    assert all(np.array_equal(a.centroid, b.centroid) for a, b in zip(old._stories, new._stories, strict=True))


def test_recluster_is_order_independent_and_agrees_with_incremental(embeddings: dict[str, np.ndarray]) -> None:
    docs = _docs(embeddings)
    incremental = _assign(docs)
    batch = StoryClusterer().recluster(docs)
    shuffled = docs[:]
    random.Random(3).shuffle(shuffled)
    assert StoryClusterer().recluster(shuffled) == batch
    groups = lambda mapping: {frozenset(k for k in mapping if mapping[k] == s) for s in mapping.values()}  # noqa: E731
    assert groups(batch) == groups(incremental)


def test_a_batch_is_clustered_independently_of_its_order_and_never_moves_stored_articles(
    embeddings: dict[str, np.ndarray],
) -> None:
    docs = _docs(embeddings)
    shuffled = docs[:]
    random.Random(5).shuffle(shuffled)
    assert _assign(shuffled) == _assign(docs)  # same stories, same ids
    clusterer = StoryClusterer()
    stored = dict(zip((d.id for d in docs[:3]), clusterer.add(docs[:3]), strict=True))
    clusterer.add(docs[3:])
    assert {doc_id: clusterer.story_of(doc_id) for doc_id in stored} == stored


def test_blocking_keeps_far_apart_dates_out_of_the_candidates() -> None:
    rng = np.random.default_rng(0)
    vector = rng.normal(size=512).astype(np.float32)
    text = ARTICLES["qa-en"][2]
    early = StoryDoc("a", text, None, "en", D(2031, 3, 14), embedding=vector)
    late = StoryDoc("b", text, None, "en", D(2032, 3, 14), embedding=vector)  # same text, a year later
    clusterer = StoryClusterer(ClusterConfig(window_days=30))
    first, second = clusterer.add([early, late])
    assert first != second


def _random_docs(count: int, seed: int) -> list[StoryDoc]:
    """Fictional articles with random embeddings over 40 days of 2031, every fifth one undated."""
    rng = np.random.default_rng(seed)
    return [
        StoryDoc(
            f"r{seed}-{i}",
            f"Item {i} about Merovar {i % 7}",
            None,
            "en",
            None if i % 5 == 0 else D(2031, 1, 1) + dt.timedelta(days=int(rng.integers(0, 40))),
            embedding=rng.normal(size=512).astype(np.float32),
        )
        for i in range(count)
    ]


def _brute_force_nearest(clusterer: StoryClusterer, embedding: np.ndarray, day: dt.date | None, k: int) -> set[int]:
    """The k nearest non-empty stories whose span widened by the window holds `day`, from the stories alone."""
    window = dt.timedelta(days=clusterer.config.window_days)
    sims = {
        position: float(story.centroid @ embedding) / float(np.linalg.norm(story.centroid))
        for position, story in enumerate(clusterer._stories)
        if story.doc_ids
        and (day is None or story.first is None or story.first - window <= day <= story.last + window)
    }
    return set(sorted(sims, key=sims.__getitem__, reverse=True)[:k])


def test_centroid_cache_finds_the_brute_force_candidates_while_stories_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cluster_module, "DIRTY_LIMIT", 3)  # recompute dirty columns often
    k = 4
    clusterer = StoryClusterer(ClusterConfig(window_days=5, embedding_candidates=k))
    clusterer.add(_random_docs(60, seed=1))
    queries = _random_docs(40, seed=2)
    embeddings = clusterer._embeddings(queries)
    days = [cluster_module._days_of(doc.published) for doc in queries]
    positions = clusterer._active_between(min(lo for lo, _ in days), max(hi for _, hi in days))
    block = cluster_module._CentroidCache(clusterer, embeddings, days, positions)
    clusterer._block = block
    rng = np.random.default_rng(3)
    joined: list[tuple[int, StoryDoc, np.ndarray]] = []
    for row, (doc, embedding) in enumerate(zip(queries, embeddings, strict=True)):
        block.row = row
        assert set(block.nearest(embedding, k).tolist()) == _brute_force_nearest(clusterer, embedding, doc.published, k)
        # change the stories under the cache: join an old story or open a new one, sometimes undo a join
        live = [p for p, story in enumerate(clusterer._stories) if story.doc_ids]
        position = int(rng.choice(live)) if row % 3 else clusterer._new_story_with_id(f"new{row}")
        clusterer._join(position, doc, extract_features(doc.text), embedding)
        joined.append((position, doc, embedding))
        if row % 4 == 3:
            left, left_doc, left_embedding = joined.pop(0)
            clusterer._leave(left, left_doc, extract_features(left_doc.text), left_embedding)


def test_query_blocks_do_not_change_the_assignments(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _random_docs(50, seed=4)
    whole = StoryClusterer().add(docs)
    assert len(set(whole)) < len(docs)  # some articles share stories: blocking has work to do
    monkeypatch.setattr(cluster_module, "QUERY_BLOCK", 7)  # several blocks, reopened on every pass
    assert StoryClusterer().add(docs) == whole
    monkeypatch.setattr(cluster_module, "MAX_CACHED_SIMS", 20)  # blocks halved down to single articles
    assert StoryClusterer().add(docs) == whole
    assert StoryClusterer().recluster(docs) == StoryClusterer().recluster(list(reversed(docs)))
