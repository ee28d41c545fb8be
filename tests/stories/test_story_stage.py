"""Stories in the store: the sample corpus clusters into its labelled events, incrementally and in batch."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_CORPUS
from storytrace import Corpus
from storytrace.cli import app
from storytrace.model import Article
from storytrace.pipeline.stories import stage as stage_module
from storytrace.pipeline.stories.cluster import StoryClusterer, canonical_key
from storytrace.pipeline.stories.summary import (
    SUMMARY_ARTICLES,
    continuation_links,
    lead_sentence,
    ranked,
    storylines_of,
    summarize,
    text_ids,
)
from storytrace.store.stories import STALE_STORIES

LABELS = json.loads((ROOT / "examples" / "labels.json").read_text(encoding="utf-8"))
STORY_OF = {article_id: label["story"] for article_id, label in LABELS["articles"].items()}


def _partition(corpus: Corpus) -> set[frozenset[str]]:
    return {frozenset(s["article_ids"]) for s in corpus.stories(limit=None)}


def _gold() -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article_id, story in STORY_OF.items():
        groups.setdefault(story, set()).add(article_id)
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def clustered(sample_db: Path) -> Corpus:
    return Corpus(sample_db)


def test_stories_are_the_labelled_events_lookalikes_apart(clustered: Corpus) -> None:
    assert _partition(clustered) == _gold()


def test_story_knows_its_summary_and_provenance(clustered: Corpus) -> None:
    for summary in clustered.stories(limit=None):
        story = clustered.story(summary["story_id"])
        assert story is not None and story["label"]
        assert story["article_count"] == len(story["articles"]) == len(story["article_ids"])
        assert 1 <= story["independent_reports"] <= story["article_count"] + len(story["external_sources"])
        assert set(story["original_article_ids"]) <= set(story["article_ids"])
        assert story["first_published"] <= story["last_published"]
        assert {node for g in story["groups"] for node in g["nodes"] if not node.startswith("ext:")} == set(
            story["article_ids"])


def test_lookalike_stories_of_the_same_people_share_a_storyline(clustered: Corpus) -> None:
    by_label = {STORY_OF[s["article_ids"][0]]: s for s in clustered.stories(limit=None)}
    assert by_label["T01"]["storyline_id"] is not None
    assert by_label["T01"]["storyline_id"] == by_label["T02"]["storyline_id"]
    assert by_label["T03"]["storyline_id"] != by_label["T04"]["storyline_id"] or by_label["T03"]["storyline_id"] is None


def test_recluster_and_shuffled_incremental_agree(clustered: Corpus, tmp_path: Path) -> None:
    files = sorted(p for p in SAMPLE_CORPUS.rglob("*") if p.is_file())
    random.Random(3).shuffle(files)
    with Corpus(tmp_path / "shuffled.db") as shuffled:
        for chunk in (files[:10], files[10:]):
            shuffled.ingest([str(p) for p in chunk])
        # file ids are relative to the given path, so compare by partition sizes and recluster stability
        incremental = sorted(len(s["article_ids"]) for s in shuffled.stories(limit=None))
        shuffled.recluster()
        batch = sorted(len(s["article_ids"]) for s in shuffled.stories(limit=None))
    assert incremental == batch == sorted(len(g) for g in _gold())


def test_cli_stories_story_export(clustered: Corpus) -> None:
    runner = CliRunner()
    db = str(clustered.store.path)
    listing = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)
    assert len(listing) == len(_gold())
    assert [s["last_published"] for s in listing] == sorted((s["last_published"] for s in listing), reverse=True)
    first = listing[0]["story_id"]
    shown = runner.invoke(app, ["story", first, "--db", db])
    assert shown.exit_code == 0 and "independent report" in shown.stdout
    exported = runner.invoke(app, ["export", "stories", "--db", db])
    row = json.loads(exported.stdout.splitlines()[0])
    assert list(row)[:8] == ["story_id", "label", "article_ids", "first_published", "last_published",
                             "original_article_ids", "independent_reports", "storyline_id"]
    german = json.loads(runner.invoke(app, ["stories", "--db", db, "--lang", "es", "--json"]).stdout)
    assert german and all("es" in s["languages"] for s in german)
    assert runner.invoke(app, ["story", "nope", "--db", db]).exit_code == 1


def _fictional_batches() -> list[list[Article]]:
    """Three ingest runs of made-up articles about twelve events, with embeddings scattered per event."""
    rng = np.random.default_rng(5)
    centres = rng.normal(size=(12, 512))
    places = ["Varno", "Keltsa", "Ostrel", "Brima", "Dunmor", "Halvik", "Toska", "Pelgrad", "Norvo", "Quenta"]
    articles = []
    for i in range(60):
        event = i % 12
        vector = (centres[event] + 0.5 * rng.normal(size=512)).astype(np.float32)
        articles.append(
            Article(
                id=f"f{i:02d}",
                text=f"Report {i}\nOfficials in {places[event % 10]} said {event * 7 + 3} people were hurt in "
                f"the {['fire', 'flood', 'collapse'][event % 3]} at the {places[(event + 3) % 10]} depot.",
                published=f"2031-0{1 + event % 6}-{10 + i % 3}",
                language="en",
                content_hash=f"f{i}",
                embedding=vector.tobytes(),
            )
        )
    return [articles[:25], articles[25:40], articles[40:]]


def test_a_clusterer_reloaded_from_the_store_decides_as_the_one_kept_in_memory(tmp_path: Path) -> None:
    def memberships(corpus: Corpus) -> dict[str, str]:
        return {a: s["story_id"] for s in corpus.stories(limit=None) for a in s["article_ids"]}

    batches = _fictional_batches()
    with Corpus(tmp_path / "kept.db") as kept:
        run = kept.store.start_run([])
        for batch in batches:
            kept.store.write_batch(batch, run)
            kept.cluster()
        expected = memberships(kept)
    for batch in batches:
        with Corpus(tmp_path / "reopened.db") as reopened:
            reopened.store.write_batch(batch, reopened.store.start_run([]))
            reopened.cluster()
    with Corpus(tmp_path / "reopened.db") as reopened:
        assert memberships(reopened) == expected
    assert len(set(expected.values())) > 1


def _saga_batches() -> list[list[Article]]:
    """Four made-up sagas of four episodes each (three articles on one day per episode), ingested out of
    order in seven runs. An episode shares its saga's people and direction, so consecutive episodes
    continue one another when near enough in time: days 0, 50, 140 and 231 put the second and third
    episodes exactly STORYLINE_MAX_GAP_DAYS apart (linked) and the last one a day further (not). Runs
    bridge two storylines, add an earlier first story (renaming a storyline), update every story of a
    storyline, cut a bridge (its story grows with other people, so it no longer shares the saga's names)
    and add stories without a readable date, which may continue stories of any date."""
    rng = np.random.default_rng(11)
    people = ["Arvo Lindqvist", "Mirela Tosk", "Quentin Harrow", "Ilse Marrow", "Dario Pell", "Yusuf Kaland",
              "Oona Brisk", "Teodor Vash", "Selma Orrin", "Piet Dravel", "Hanne Corvi", "Lutz Emberg",
              "Gunnar Vesk", "Ruta Palm", "Ennio Strand", "Alma Rusk", "Bertil Okko"]
    places = ["Varno", "Keltsa", "Ostrel", "Brima", "Dunmor", "Halvik", "Toska", "Pelgrad", "Norvo", "Quenta",
              "Sarvik", "Mollen", "Tirza", "Ebbach", "Fennor", "Gralt", "Hossa", "Jurnik", "Kavel", "Lidra"]

    def articles(
        prefix: str, who: list[str], where: list[str], published: str | None, direction: np.ndarray, count: int = 3
    ) -> list[Article]:
        text = f"{', '.join(who)} met in {where[0]} over the dispute. Talks moved from {where[1]} to {where[2]}."
        vectors = direction + 0.35 * rng.normal(size=(count, 512))
        return [
            Article(id=f"{prefix}a{i}", text=text, published=published, language="en", content_hash=f"{prefix}a{i}",
                    embedding=(vector / np.linalg.norm(vector)).astype(np.float32).tobytes())
            for i, vector in enumerate(vectors)
        ]

    sagas = rng.normal(size=(4, 512))
    episodes, late = {}, []
    for saga in range(4):
        for episode, day in enumerate((0, 50, 140, 231)):
            direction = sagas[saga] + 0.6 * rng.normal(size=512)
            where = [places[(5 * saga + 2 * episode + k) % 20] for k in range(3)]
            published = (dt.date(2031, 1, 21) + dt.timedelta(days=day + saga)).isoformat()
            cast = (people[3 * saga : 3 * saga + 3], where, published, direction)
            episodes[saga, episode] = articles(f"s{saga}e{episode}", *cast)
            if saga == 0 and episode < 3:  # a late report on every story of saga 0's storyline, in the last run
                late += articles(f"s0e{episode}late", *cast, count=1)
            if (saga, episode) == (2, 1):  # the bridge of saga 2 grows with five people named more than the saga's
                late += articles("s2e1x", people[12:], where, published, direction, count=9)
    # stories naming two of a saga's people among others: one undated, one whose date is no day (read as
    # undated, though in text it sorts with February)
    undated = articles("u", [*people[3:5], "Nils Ormo", "Tove Ladd"], ["Ruvik", "Sandor", "Ylme"], None,
                       sagas[1] + 0.6 * rng.normal(size=512))
    no_day = articles("x", [*people[9:11], "Runa Felt", "Kai Bodden"], ["Ostvik", "Marl", "Teppa"], "2031-02-30",
                      sagas[3] + 0.6 * rng.normal(size=512))
    runs = [
        [(0, 0), (0, 2), (1, 1), (2, 0), (2, 1)],
        [(0, 1), (0, 3)],  # two windows of days to read; the first ends on the day of (0, 2), which (0, 1) continues
        [(1, 2), (3, 3)],  # the days they read start on the day of (1, 1), after the day that is no day
        [(3, 2), (2, 3), (1, 0), (3, 1), (2, 2)],
        [(3, 0), (1, 3)],
    ]
    return [no_day] + [[a for key in run for a in episodes[key]] for run in runs] + [late + undated]


def _storylines_as_recomputed(corpus: Corpus) -> list[dict[str, Any]]:
    """The storylines a full recomputation finds, once the stored links, storylines and stories' storyline
    ids are checked to be those it finds."""
    stories = corpus.store.stories(limit=None)
    links = continuation_links(stories, corpus.store.story_centroids())
    full = storylines_of(stories, links)
    assert sorted(corpus.store.story_links()) == links
    assert corpus.storylines() == sorted(full, key=lambda line: line["storyline_id"])
    line_of = {story: line["storyline_id"] for line in full for story in line["story_ids"]}
    assert all(s["storyline_id"] == line_of.get(s["story_id"]) for s in stories)
    return full


def test_a_storyline_is_labelled_by_its_latest_story_in_the_label_language() -> None:
    stories = [
        {"story_id": "s1", "label": "Velmar pier closes", "first_published": "2031-03-01",
         "last_published": "2031-03-02", "languages": ["en", "de"]},
        {"story_id": "s2", "label": "Velmar Pier öffnet wieder", "first_published": "2031-04-01",
         "last_published": "2031-04-01", "languages": ["de"]},
    ]
    [line] = storylines_of(stories, [("s1", "s2")])
    assert line["label"] == "Velmar pier closes" and line["story_ids"] == ["s1", "s2"]
    [untranslated] = storylines_of([s | {"languages": ["de"]} for s in stories], [("s1", "s2")])
    assert untranslated["label"] == "Velmar Pier öffnet wieder"  # no English story: the latest


def test_incremental_storylines_equal_a_full_recomputation(tmp_path: Path) -> None:
    """After every run, the links and storylines a run stored equal those computed from every story; so
    they do once stories lose their articles (a whole storyline, and the bridge of another)."""
    seen: set[tuple[str, ...]] = set()
    with Corpus(tmp_path / "sagas.db") as corpus:
        run = corpus.store.start_run([])
        for batch in _saga_batches():
            corpus.store.write_batch(batch, run)
            corpus.cluster()
            seen |= {tuple(line["story_ids"]) for line in _storylines_as_recomputed(corpus)}
        removed = set(corpus.store.stories_of(["s0e0a0", "s0e1a0", "s0e2a0", "s3e1a0"]).values())
        full = _storylines_as_recomputed(corpus)
        assert all(any(story in line["story_ids"] for line in full) for story in removed)
        with corpus.store._transaction() as db:
            db.executemany("DELETE FROM story_members WHERE story_id = ?", [(story,) for story in removed])
        corpus._story_stage.refresh(removed)
        assert len(_storylines_as_recomputed(corpus)) == len(full) - 1
    assert len(full) >= 3 and len(seen) > len(full)  # storylines formed, and some were replaced on the way


def test_stories_for_links_reads_the_stories_overlapping_a_window_and_those_without_a_day(tmp_path: Path) -> None:
    """What a batch relinks against: stories overlapping a window (bounds included), and every story
    whose days a text comparison cannot order (missing, impossible, year 0, ISO week dates)."""
    spans = {
        "long": ("2031-01-01", "2031-12-31"),  # overlaps both windows, ends after the second one starts
        "early": ("2031-01-05", "2031-01-09"),
        "between": ("2031-06-01", "2031-06-02"),
        "edge": ("2031-02-01", "2031-02-01"),
        "late": ("2031-11-30", "2031-12-20"),
        "after": ("2031-12-16", "2031-12-31"),
        "undated": (None, None),
        "no_day": ("2031-02-30", "2031-02-30"),
        "year_zero": ("0000-06-01", "2031-06-01"),
        "week": ("2031-W23-1", "2031-W23-1"),
    }
    summaries = [
        {"story_id": story, "label": story, "first_published": first, "last_published": last, "article_count": 1,
         "independent_reports": 1, "groups": [], "timeline": [], "centroid": np.ones(4), "summary": {"key_names": []}}
        for story, (first, last) in spans.items()
    ]
    with Corpus(tmp_path / "spans.db") as corpus:
        corpus.store.save_stories(summaries)
        windows = [("2031-01-01", "2031-02-01"), ("2031-11-01", "2031-12-15")]
        stories, centroids = corpus.store.stories_for_links(windows)
    assert {s["story_id"] for s in stories} == set(centroids) == set(spans) - {"between", "after"}


def test_a_large_story_summary_reads_only_its_central_articles_and_keeps_its_label_language() -> None:
    """Refreshing a story must not cost its size in text work: names and sentences come from the most
    central members; the English label is found even when no English article is among them."""
    rng = np.random.default_rng(0)
    centre = rng.normal(size=8)
    rows = []
    for i in range(SUMMARY_ARTICLES + 40):
        vector = centre + (0.1 if i < SUMMARY_ARTICLES else 3.0) * rng.normal(size=8)
        rows.append({
            "id": f"a{i:03d}", "title": None, "outlet": f"outlet{i % 5}", "published": f"2031-02-{i % 28 + 1:02d}",
            "language": "en" if i == SUMMARY_ARTICLES + 39 else "de",
            "embedding": (vector / np.linalg.norm(vector)).astype(np.float32).tobytes(),
        })
    wanted = text_ids(ranked(rows))
    assert len(wanted) == SUMMARY_ARTICLES + 1 and wanted[-1] == rows[-1]["id"]  # central ones + the English one
    texts = {i: f"Bericht {i} über Karlo Venn in Ostrava. Mehr dazu." for i in wanted}
    texts[rows[-1]["id"]] = "Karlo Venn speaks in Ostrava. More follows."
    summary = summarize("s1", rows, ranked(rows), [], texts)  # a KeyError here would mean it read another text
    assert summary["label"] == "Karlo Venn speaks in Ostrava."
    assert summary["article_count"] == len(rows) and summary["summary"]["article_ids"] == [r["id"] for r in rows]
    assert summary["first_published"] == "2031-02-01" and len(summary["summary"]["outlets"]) == 5
    assert {"karlo", "venn", "ostrava"} <= set(summary["summary"]["key_names"])


def test_representative_sentences_skip_headlines_and_restatements() -> None:
    """Texts that open with their headline give the sentence after it; a lead that rewords a chosen one
    (or the label) is left out, so the sentences shown say different things."""
    texts = {
        "a": "Kestrel-4 probe crashes into the sea\n\nThe Kestrel-4 probe spun out of control and crashed into the "
             "sea, the agency Orbitra said on Sunday.",
        "b": "The Kestrel-4 probe spun out of control and crashed into the sea, state agency Orbitra said on Sunday.",
        "c": "Orbitra had lost contact with the probe on Saturday after an engine burn failed.",
    }
    rows = [
        {"id": key, "title": "Kestrel-4 probe crashes into the sea" if key == "a" else None, "outlet": key,
         "published": "2031-03-02", "language": "en", "embedding": None}
        for key in texts
    ]
    summary = summarize("s1", rows, rows, [], texts)
    assert summary["label"] == "Kestrel-4 probe crashes into the sea"
    assert summary["summary"]["representative_sentences"] == [texts["a"].split("\n\n")[1], texts["c"]]


def _memberships(corpus: Corpus) -> dict[str, str]:
    return {a: s["story_id"] for s in corpus.stories(limit=None) for a in s["article_ids"]}


def _cluster_all(db: Path, monkeypatch: pytest.MonkeyPatch, batch: int, refresh: int) -> Corpus:
    monkeypatch.setattr(stage_module, "BATCH_ARTICLES", batch)
    monkeypatch.setattr(stage_module, "REFRESH_ARTICLES", refresh)
    corpus = Corpus(db)
    corpus.store.write_batch([a for run in _fictional_batches() for a in run], corpus.store.start_run([]))
    corpus.cluster()
    return corpus


def test_a_large_run_is_clustered_in_batches_of_canonical_order_and_resumes_after_an_interruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory stays bounded by the batch: the stage places `BATCH_ARTICLES` at a time, in the clusterer's
    canonical order over the whole run, and stores each batch before reading the next."""
    with _cluster_all(tmp_path / "whole.db", monkeypatch, 7, 5) as corpus:
        expected, stories = _memberships(corpus), corpus.stories(limit=None)
        rows = corpus.store.clustering_inputs()
        docs = sorted((corpus._story_stage._doc(row) for row in rows), key=lambda d: canonical_key(d.id, d.published))
    clusterer = StoryClusterer()
    for start in range(0, len(docs), 7):
        clusterer.add(docs[start : start + 7])
    assert {d.id: clusterer.story_of(d.id) for d in docs} == expected
    with _cluster_all(tmp_path / "one-refresh.db", monkeypatch, 7, 10_000) as corpus:
        assert corpus.stories(limit=None) == stories  # summaries refreshed in parts are the whole's

    calls = []
    original = stage_module.StoryStage._add

    def interrupted(self: stage_module.StoryStage, ids: list[str]) -> None:
        calls.append(ids)
        if len(calls) == 3:
            raise KeyboardInterrupt
        original(self, ids)

    with monkeypatch.context() as patched:
        patched.setattr(stage_module.StoryStage, "_add", interrupted)
        with pytest.raises(KeyboardInterrupt):
            _cluster_all(tmp_path / "resumed.db", monkeypatch, 7, 5)
    with Corpus(tmp_path / "resumed.db") as corpus:
        placed = corpus.store.story_members()
        assert sum(map(len, placed.values())) == 14  # the two batches stored before the interruption
        assert corpus.store.stale_stories() == set(placed)  # their summaries were not stored yet
        assert corpus.cluster() == len(docs) - 14
        assert _memberships(corpus) == expected and corpus.stories(limit=None) == stories
        assert corpus.store.stale_stories() == set()
        with corpus.store._transaction() as db:  # as if a run had stopped between placing and refreshing
            db.execute("INSERT INTO stage_records VALUES (?, ?, 'true')", (STALE_STORIES, next(iter(placed))))
        assert corpus.cluster() == 0 and corpus.store.stale_stories() == set()  # a run with nothing new refreshes it


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("VELMAR, Vardania -- A rare earthquake struck the coast.", "A rare earthquake struck the coast."),
        ("VELMAR, VNA— A rare earthquake struck.", "A rare earthquake struck."),
        ("Velmar (dpa) - Die Regierung hat beschlossen.", "Die Regierung hat beschlossen."),
        ("NATO - the alliance - met in Velmar.", "NATO - the alliance - met in Velmar."),
        ("US-Vardania talks resumed on Monday.", "US-Vardania talks resumed on Monday."),
        ("Danescu — the minister — resigned.", "Danescu — the minister — resigned."),
        ("OSTREL — El ministro de Energía dimitió.", "El ministro de Energía dimitió."),
        ("NATO — the alliance of 32 states — met in Velmar.", "NATO — the alliance of 32 states — met in Velmar."),
        ("By Clara Whitfield\n\nIn late January, Danescu made an offer.", "In late January, Danescu made an offer."),
        ("By the time the polls closed, turnout had fallen.", "By the time the polls closed, turnout had fallen."),
    ],
)
def test_a_story_label_leaves_out_the_wire_dateline(text: str, lead: str) -> None:
    assert lead_sentence(text) == lead
