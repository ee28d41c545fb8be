"""Time stages: dated events per article (workers), and timelines over sets of articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from storytrace.model import Article, Reject
from storytrace.pipeline.base import Stage
from storytrace.pipeline.time.events import Event, TimelineEntry, extract_events, merge_events

TIME_LANGUAGES = frozenset({"en", "de", "fr", "es"})  # the tagger's rule tables


def publication_day(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published[:10]) if published and len(published) >= 10 else None
    except ValueError:
        return None


class ExtractEvents(Stage):
    """Clauses with a normalised date and a predicate, anchored on the publication date. Articles
    without a date are left for the timeline, which anchors them on their story's first day."""

    name = "events"

    def process_article(self, article: Article) -> Article | Reject:
        day = publication_day(article.published)
        if day is not None and article.language in TIME_LANGUAGES:
            article.events = extract_events(article.text, day, article.language)
            self.count("events", len(article.events))
        return article


def event_from_dict(data: dict[str, Any]) -> Event:
    fields = {k: v for k, v in data.items() if k != "date_label"}
    return Event(**fields | {"participants": tuple(fields["participants"])})


def timeline(
    articles: dict[str, dict[str, Any]],
    stored: Iterable[tuple[str, dict[str, Any]]],
    fallback_day: dt.date | None,
    independent: Callable[[list[str]], int],
    language: str | None = None,
) -> list[TimelineEntry]:
    """Merge the events of these articles (`stored`: (article id, stored event), read as they come) into dated
    entries, each described in `language` when one of its articles is written in it. An undated article without
    stored events is tagged here, anchored on `fallback_day` (its story's first publication day) when there is one."""
    pairs = [(article_id, event_from_dict(e)) for article_id, e in stored if article_id in articles]
    with_events = {article_id for article_id, _ in pairs}
    for article_id, article in articles.items():
        if article_id in with_events:
            continue
        if (
            publication_day(article.get("published")) is None
            and fallback_day is not None
            and article.get("language") in TIME_LANGUAGES
        ):
            pairs += [(article_id, e) for e in extract_events(article["text"], fallback_day, article["language"])]
    return merge_events(pairs, independent, lambda article_id: articles[article_id].get("language") == language)


def story_first_day(days: Sequence[str | None]) -> dt.date | None:
    known = sorted(d for day in days if (d := publication_day(day)))
    return known[0] if known else None
