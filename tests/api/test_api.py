"""JSON API and server-rendered pages through FastAPI's TestClient.

Read tests share one database built from the sample corpus (fictional, ~15-30 s to ingest once);
write tests use a fresh database each, so they never change what the read tests see.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

with warnings.catch_warnings():  # FastAPI's TestClient warns that httpx support will move to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from storytrace import Corpus
from storytrace.api import create_app
from storytrace.web.svg import GRAPH, date_span, provenance_svg, timeline_svg
from storytrace.web.text import aligned_segments, snippet_html

SCOOP = "text/harbour-ledger-corvan-scoop.txt"
WIRE_COPY = "mp-0412"
TOKEN = "s3cret-token"
HOSTILE = {
    "id": "hostile/1",
    "title": "<script>alert('title')</script> Harbour board meets",
    "text": (
        "The harbour board met on Monday. <script>alert(1)</script> A member wrote "
        "<img src=x onerror=alert(1)> in the minutes and added a link [here](javascript:alert(1)). "
        "The board said the vote on the new quay would be held next week."
    ),
    "url": "javascript:alert(document.cookie)",
    "outlet": "<b>Quay Times</b>",
    "published": "2025-05-02",
}


@pytest.fixture(scope="module")
def client(sample_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(sample_db)) as test_client:
        yield test_client


@pytest.fixture()
def writer(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(tmp_path / "write.db", allow_write=True, write_token=TOKEN, max_body_bytes=64 * 1024)
    with TestClient(app) as test_client:
        yield test_client


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# ---- read API ------------------------------------------------------------------------------


def test_stats_and_openapi(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 39
    assert set(stats["languages"]) == {"en", "fr", "de", "es"}
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/search", "/api/stories/{story_id}", "/api/timeline", "/api/entities"):
        assert path in paths
    assert client.get("/docs").status_code == 200


def test_articles_pagination_and_filters(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 10}).json()
    assert len(first["items"]) == 10 and first["next_offset"] == 10
    assert "text" not in first["items"][0]
    seen = [a["id"] for a in first["items"]]
    offset = first["next_offset"]
    while offset is not None:
        page = client.get("/api/articles", params={"limit": 10, "offset": offset}).json()
        seen += [a["id"] for a in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == 39
    french = client.get("/api/articles", params={"language": "fr"}).json()["items"]
    assert french and {a["language"] for a in french} == {"fr"}
    march = client.get("/api/articles", params={"since": "2025-03-04", "until": "2025-03-05"}).json()["items"]
    assert march and all("2025-03-04" <= a["published"][:10] <= "2025-03-05" for a in march)


@pytest.mark.parametrize(
    "query",
    [
        {"since": "2025-13-01"},
        {"until": "yesterday"},
        {"limit": 201},
        {"limit": 0},
        {"offset": -1},
        {"limit": "many"},
    ],
)
def test_bad_parameters_are_400_json(client: TestClient, query: dict[str, object]) -> None:
    response = client.get("/api/articles", params=query)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["error"] == "bad_request" and body["detail"]


def test_article_with_slashes_and_404(client: TestClient) -> None:
    article = client.get(f"/api/articles/{SCOOP}").json()
    assert article["id"] == SCOOP and article["published"] == "2025-03-04" and "Danescu" in article["text"]
    missing = client.get("/api/articles/no/such/article")
    assert missing.status_code == 404
    assert missing.json() == {"status": 404, "error": "not_found", "detail": "no article with id 'no/such/article'"}
    assert client.get("/api/no-such-endpoint").json()["status"] == 404


def test_provenance_of_the_scoop(client: TestClient) -> None:
    group = client.get(f"/api/articles/{SCOOP}/provenance").json()
    assert SCOOP in group["roots"] and WIRE_COPY in group["nodes"]
    copy = [e for e in group["edges"] if e["source"] == SCOOP and e["target"] == WIRE_COPY]
    assert copy and copy[0]["kind"] == "copy" and copy[0]["evidence"]
    assert group["articles"][WIRE_COPY]["outlet"] == "Meridian Press"
    assert group["independent_reports"] == len(group["roots"])
    assert client.get("/api/articles/nope/provenance").status_code == 404


def test_search(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "pipeline", "limit": 3}).json()
    assert len(hits["items"]) == 3 and hits["next_offset"] == 3
    assert "<mark>" in hits["items"][0]["snippet_html"] and "\x02" not in hits["items"][0]["snippet"]
    assert hits["items"][0]["match"] in ("lexical", "both")
    lexical = client.get("/api/search", params={"q": "pipeline", "limit": 3, "mode": "lexical"}).json()
    assert {hit["match"] for hit in lexical["items"]} == {"lexical"}
    assert client.get("/api/search", params={"q": "pipeline", "mode": "fuzzy"}).status_code in (400, 422)
    assert client.get("/api/search").status_code == 400
    assert client.get("/api/search", params={"q": '"unbalanced'}).status_code == 200


def test_stories_story_and_storylines(client: TestClient) -> None:
    page = client.get("/api/stories").json()
    stories = page["items"]
    assert stories, "the sample corpus has stories"
    published = [s["last_published"] for s in stories]
    assert published == sorted(published, reverse=True)
    corvan = next(s for s in stories if SCOOP in s["original_article_ids"])
    detail = client.get(f"/api/stories/{corvan['story_id']}").json()
    assert {a["id"] for a in detail["articles"]} >= {SCOOP, WIRE_COPY}
    assert "text" not in detail["articles"][0]
    assert any(SCOOP in g["roots"] for g in detail["groups"])
    assert client.get("/api/stories/s-unknown").status_code == 404
    assert client.get("/api/stories", params={"since": "March"}).status_code == 400
    lines = client.get("/api/storylines").json()
    assert all(set(line) >= {"storyline_id", "story_ids"} for line in lines)


def test_story_detail_pages_partition_its_articles_and_groups(client: TestClient, sample_db: Path) -> None:
    story = max(client.get("/api/stories", params={"limit": 200}).json()["items"], key=lambda s: s["article_count"])
    url = f"/api/stories/{story['story_id']}"
    pages = [client.get(url, params={"limit": 2, "offset": o}).json() for o in range(0, story["article_count"], 2)]
    assert all(len(p["articles"]) <= 2 and len(p["groups"]) <= 2 for p in pages)
    with Corpus(sample_db) as corpus:
        whole = corpus.story(story["story_id"])
    assert whole is not None and pages[0]["group_count"] == len(whole["groups"])
    assert [a["id"] for p in pages for a in p["articles"]] == [a["id"] for a in whole["articles"]]
    assert [g["nodes"] for p in pages for g in p["groups"]] == [g["nodes"] for g in whole["groups"]]
    assert client.get(url, params={"limit": 0}).status_code == 400


def test_story_detail_gives_edge_evidence_on_request(client: TestClient) -> None:
    story_id = next(
        s["story_id"] for s in client.get("/api/stories").json()["items"] if SCOOP in s["original_article_ids"]
    )
    lean = client.get(f"/api/stories/{story_id}").json()["groups"]
    full = client.get(f"/api/stories/{story_id}", params={"evidence": "true"}).json()["groups"]
    assert [g["nodes"] for g in lean] == [g["nodes"] for g in full]
    assert all(not e["evidence"] for g in lean for e in g["edges"])
    assert any(e["evidence"] for g in full for e in g["edges"])


def test_article_pages_follow_the_listing_order(client: TestClient, sample_db: Path) -> None:
    with Corpus(sample_db) as corpus:
        every = [a["id"] for a in corpus.articles(limit=None)]
    pages = [client.get("/api/articles", params={"limit": 7, "offset": o}).json() for o in range(0, len(every), 7)]
    paged = [a["id"] for page in pages for a in page["items"]]
    assert paged == every


def test_claims_of_a_story(client: TestClient) -> None:
    story_id = next(
        s["story_id"] for s in client.get("/api/stories").json()["items"] if SCOOP in s["original_article_ids"]
    )
    claims = client.get("/api/claims", params={"story_id": story_id, "limit": 200}).json()["items"]
    assert claims and all({"content", "source", "chain", "stance", "group_id"} <= set(c) for c in claims)


@pytest.mark.parametrize(("path", "method"), [("/api/entities", "entities"), ("/api/timeline", "timeline")])
def test_methods_not_landed_yet_are_501_not_fake(client: TestClient, path: str, method: str) -> None:
    response = client.get(path)
    if hasattr(Corpus, method):
        assert response.status_code == 200 and isinstance(response.json()["items"], list)
    else:
        assert response.status_code == 501 and response.json()["error"] == "not_implemented"


# ---- writes --------------------------------------------------------------------------------


def test_writes_refused_on_a_read_only_server(client: TestClient) -> None:
    response = client.post("/api/articles", json=HOSTILE, headers=_auth())
    assert response.status_code == 403 and response.json()["status"] == 403


def test_write_needs_the_right_token(writer: TestClient) -> None:
    missing = writer.post("/api/articles", json=HOSTILE)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert writer.post("/api/articles", json=HOSTILE, headers=_auth("wrong")).status_code == 403
    with pytest.raises(ValueError, match="token"):
        create_app(":memory:", allow_write=True)


def test_write_body_limits(writer: TestClient) -> None:
    big = json.dumps({"id": "big", "text": "word " * 20000})
    too_large = writer.post("/api/articles", content=big, headers=_auth())
    assert too_large.status_code == 413 and too_large.json()["status"] == 413
    chunked = writer.post("/api/articles", content=iter([b"[" + b" " * 40000, b" " * 40000 + b"]"]), headers=_auth())
    assert chunked.status_code == 413  # no Content-Length: counted while streaming
    assert writer.post("/api/articles", content=b"not json at all", headers=_auth()).status_code == 400
    assert writer.post("/api/articles", content=b"", headers=_auth()).status_code == 400


def test_ingest_object_array_and_jsonl(writer: TestClient) -> None:
    one = writer.post("/api/articles", json=HOSTILE, headers=_auth()).json()
    assert one["new"] == 1 and one["rejected_total"] == 0
    records = [
        {
            "id": "quay/2",
            "text": "The quay opened on Friday after two years of work, officials said.",
            "date": "2025-05-09",
        },
        {"id": "quay/3"},
    ]
    array = writer.post("/api/articles", json=records, headers=_auth()).json()
    assert array["new"] == 1 and array["rejected"] == {"missing_text": 1}
    assert array["rejects"][0]["origin"] == "api:2"
    lines = "\n".join([json.dumps(records[0]), "{broken", json.dumps({"text": "no id"})])
    jsonl = writer.post("/api/articles", content=lines, headers=_auth()).json()
    assert jsonl["unchanged"] == 1
    assert {r["reason"] for r in jsonl["rejects"]} == {"malformed_json", "missing_id"}
    assert writer.get("/api/articles/quay/2").json()["published"] == "2025-05-09"


# ---- pages and escaping --------------------------------------------------------------------


def test_hostile_article_renders_inert(writer: TestClient) -> None:
    writer.post("/api/articles", json=HOSTILE, headers=_auth())
    stored = writer.get("/api/articles/hostile/1").json()
    assert "<script>" in stored["text"]  # the API returns data as stored; JSON is not HTML
    page = writer.get("/articles/hostile/1")
    assert page.status_code == 200
    html = page.text
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<b>Quay" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html.lower()
    assert "script-src 'none'" in page.headers["content-security-policy"]
    search = writer.get("/search", params={"q": "<script>alert(2)</script> harbour"}).text
    assert "<script" not in search.lower() and "&lt;script&gt;alert(2)" in search
    assert "<script" not in writer.get("/").text.lower()


def test_pages_render(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200 and "Corvan" in home.text
    story_id = next(
        s["story_id"] for s in client.get("/api/stories").json()["items"] if SCOOP in s["original_article_ids"]
    )
    story = client.get(f"/stories/{story_id}").text
    assert f'data-id="{SCOOP}"' in story and f'data-id="{WIRE_COPY}"' in story
    article = client.get(f"/articles/{WIRE_COPY}").text
    assert '<mark class="derived"' in article and 'class="node original"' in article
    search = client.get("/search", params={"q": "pipeline"}).text
    assert "<mark>" in search
    entity = client.get("/api/entities").json()["items"][0]
    page_stats = client.get(f"/entities/{entity['entity_id']}").text.split('<p class="stats">', 1)[1].split("</p>")[0]
    assert f"{entity['name']}," not in page_stats and not page_stats.endswith(entity["name"])  # "also" lists others
    missing = client.get("/articles/nope")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert client.get("/static/style.css").status_code == 200


def test_story_page_is_paged(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from storytrace.web import pages

    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    story = max(client.get("/api/stories", params={"limit": 200}).json()["items"], key=lambda s: s["article_count"])
    first = client.get(f"/stories/{story['story_id']}").text
    assert f"Articles 1–2 of {story['article_count']}" in first and "?offset=2" in first
    last_offset = (story["article_count"] - 1) // 2 * 2
    last = client.get(f"/stories/{story['story_id']}", params={"offset": last_offset}).text
    assert "next page" not in last and "previous page" in last
    assert client.get(f"/stories/{story['story_id']}", params={"offset": -1}).status_code == 400


# ---- pure helpers --------------------------------------------------------------------------


def test_snippet_html_escapes_before_marking() -> None:
    assert str(snippet_html("a <b>\x02pipe\x03</b> & c")) == "a &lt;b&gt;<mark>pipe</mark>&lt;/b&gt; &amp; c"


def test_aligned_segments_mark_evidence_sentences() -> None:
    text = "The mayor resigned on Monday. Nobody expected it. Officials said the vote would follow."
    derivations = [
        {
            "source_id": "orig",
            "target_id": "copy",
            "kind": "copy",
            "score": 0.9,
            "evidence": [{"source_sentence": "x", "target_sentence": "The mayor resigned on Monday.", "score": 1.0}],
        }
    ]
    citations = [{"sentence": "Officials said the vote would follow.", "source_name": "officials", "start": 50}]
    segments = aligned_segments(text, "copy", derivations, citations)
    assert "".join(s.text for s in segments) == text
    roles = [(s.role, s.text) for s in segments if s.role]
    assert roles == [("derived", "The mayor resigned on Monday."), ("credit", "Officials said the vote would follow.")]
    assert segments[0].links[0]["article_id"] == "orig"


def test_provenance_svg_escapes_and_survives_cycles() -> None:
    group = {
        "nodes": ["<a>", "b", "ext:<Wire & Co>"],
        "edges": [
            {"source": "<a>", "target": "b", "kind": "translation", "score": 0.8, "evidence": []},
            {"source": "b", "target": "<a>", "kind": "credits", "score": 1.0, "evidence": []},
            {"source": "ext:<Wire & Co>", "target": "b", "kind": "credits", "score": 1.0, "evidence": []},
        ],
        "roots": ["<a>", "ext:<Wire & Co>"],
    }
    info = {"<a>": {"language": "fr"}, "b": {"language": "en"}}
    svg = str(provenance_svg([group], info, lambda i: "/articles/" + i))
    assert "<a>" not in svg.replace('<a href="/articles/&lt;a&gt;">', "")
    assert "&lt;Wire &amp; Co&gt;" in svg and "fr→en" in svg and 'class="node external"' in svg
    assert provenance_svg([], {}, str) is None


def test_provenance_svg_draws_a_huge_group_as_its_roots_and_first_copies() -> None:
    copies = [f"copy{i:03d}" for i in range(300)]
    group = {
        "nodes": sorted(["scoop", *copies]),
        "edges": [{"source": "scoop", "target": c, "kind": "copy", "score": 0.9, "evidence": []} for c in copies],
        "roots": ["scoop"],
    }
    svg = str(provenance_svg([group], {}, lambda i: "/articles/" + i))
    drawn = svg.count("data-id=")
    assert drawn == GRAPH.max_nodes and 'data-id="scoop"' in svg
    assert f"301 node(s), 1 independent report(s), the first {GRAPH.max_nodes} drawn" in svg


def test_timeline_svg_places_dated_events_and_lists_the_rest() -> None:
    events = [
        {"event_id": "e1", "date_value": "2025-03-04", "description": "memo <leaked>", "article_ids": ["a/1"]},
        {"event_id": "e2", "date_value": "2025-03", "description": "talks", "article_ids": []},
        {"event_id": "e3", "date_value": "PRESENT_REF", "description": "now", "article_ids": []},
    ]
    svg, undated, background = timeline_svg(events, lambda i: "/articles/" + i)
    assert svg is not None and 'data-id="e1"' in svg and "memo &lt;leaked&gt;" in svg and 'class="span"' in svg
    assert [e["event_id"] for e in undated] == ["e3"] and background == []
    assert date_span("2025-02") == (date_span("2025-02-01")[0], date_span("2025-02-28")[0])  # type: ignore[index]
    assert date_span("XXXX-06-24") is None and date_span("2025-02-30") is None
    assert timeline_svg([], str) == (None, [], [])


def test_a_story_timeline_lists_its_history_apart_from_the_axis() -> None:
    events = [
        {"event_id": "e1", "date_value": "2025-03-04", "description": "quake struck", "article_ids": []},
        {"event_id": "old", "date_value": "1960", "description": "an earlier quake razed the port", "article_ids": []},
        {"event_id": "c12", "date_value": "11", "description": "mosque built", "article_ids": []},
    ]
    svg, _, background = timeline_svg(events, str, background_before=date(2024, 3, 4))
    assert svg is not None and 'data-id="e1"' in svg and 'data-id="old"' not in svg
    assert [e["event_id"] for e in background] == ["c12", "old"]  # in date order
    assert date_span("196") == (date(1960, 1, 1), date(1969, 12, 31))
    assert date_span("11") == (date(1100, 1, 1), date(1199, 12, 31))
