"""The web UI in a real browser: Debian's chromium driven by Python playwright, against uvicorn on
127.0.0.1. Screenshots go to test-artifacts/ (git-ignored) for a person to look at.

Needs /usr/bin/chromium and the `playwright` package (`scripts/install-browser.sh` installs both);
skips with the reason when either is missing. Never runs `playwright install`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_db
from storytrace import Corpus
from storytrace.pipeline.read.jsonl import article_from_record

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SCOOP = "text/harbour-ledger-corvan-scoop.txt"
WIRE_COPY = "mp-0412"
HOSTILE = {
    "id": "hostile/quay",
    "title": "<script>alert('title')</script> Quay vote delayed",
    "text": (
        "The harbour board delayed the quay vote on Monday. <script>alert(1)</script> One member wrote "
        '<img src=x onerror=alert(2)> in the minutes, with a link <a href="javascript:alert(3)">here</a>. '
        "The board said the vote would be held next week."
    ),
    "url": "javascript:alert(4)",
    "published": "2025-05-02",
}

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: run scripts/install-browser.sh", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="python playwright is missing: run scripts/install-browser.sh"
)
uvicorn = pytest.importorskip("uvicorn")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, sample_db: Path) -> Iterator[str]:
    """uvicorn serving the sample corpus plus one hostile article, in a background thread."""
    from storytrace.api import create_app

    db = copy_db(sample_db, tmp_path_factory.mktemp("browser"))
    with Corpus(db) as corpus:
        corpus.ingest_records([article_from_record(HOSTILE, "test")])
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser_page(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, list[str]]]]:
    """A page in a fresh chromium profile, with every console error, page error and dialog recorded."""
    events: dict[str, list[str]] = {"console": [], "pageerror": [], "dialog": []}
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        page = context.new_page()
        page.on("console", lambda m: events["console"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: events["pageerror"].append(str(e)))

        def on_dialog(dialog: Any) -> None:
            events["dialog"].append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        yield page, events
        context.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_browse_story_article_and_search(base_url: str, browser_page: tuple[Any, dict[str, list[str]]]) -> None:
    page, events = browser_page
    page.goto(base_url + "/")
    _shot(page, "01-home")
    if page.locator("tr.story-row").count():
        page.locator("tr.story-row a", has_text="Corvan pipeline").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text().startswith("Valdoria minister")
    else:  # stories not available: the home page lists recent articles, and an article page has the picture
        assert page.locator("ul.articles a").count() >= 1
        page.goto(base_url + "/articles/" + SCOOP)
    picture = page.locator("svg.provenance").first
    assert picture.is_visible()
    original = picture.locator(f'g.node[data-id="{SCOOP}"]')
    assert original.count() == 1 and "original" in (original.get_attribute("class") or "")
    assert "original report" in original.text_content()
    copy = picture.locator(f'g.node[data-id="{WIRE_COPY}"]')
    assert copy.count() == 1 and "copy" in copy.text_content()
    assert picture.locator('path.edge[data-kind="copy"]').count() >= 1
    page.locator("#provenance").screenshot(path=str(ARTIFACTS / "02-story-provenance.png"))
    _shot(page, "02-story")

    copy.click()  # nodes are links to the article pages
    page.wait_for_load_state()
    assert page.url.endswith("/articles/" + WIRE_COPY)
    assert page.locator(".article-text mark.derived").count() >= 1
    assert page.locator("#credits li").count() >= 1
    _shot(page, "03-article")

    page.fill("form.search input[name=q]", "pipeline")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_load_state()
    assert "/search?q=pipeline" in page.url
    assert page.locator("li.hit").count() >= 3 and page.locator("li.hit mark").count() >= 3
    _shot(page, "04-search")
    assert events == {"console": [], "pageerror": [], "dialog": []}


def test_hostile_article_stays_inert(base_url: str, browser_page: tuple[Any, dict[str, list[str]]]) -> None:
    page, events = browser_page
    page.goto(base_url + "/articles/" + HOSTILE["id"])
    text = page.locator(".article-text").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert page.evaluate("document.scripts.length") == 0
    assert page.locator("main img").count() == 0
    assert page.evaluate("[...document.links].filter(a => a.protocol === 'javascript:').length") == 0
    _shot(page, "05-hostile-article")
    page.goto(base_url + "/search?q=" + "onerror")
    assert page.locator("li.hit").count() == 1 and page.evaluate("document.scripts.length") == 0
    page.goto(base_url + "/")
    assert events["dialog"] == [] and events["pageerror"] == []
