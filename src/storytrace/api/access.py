"""What the routes share: the app's one `Corpus`, optional corpus methods and parameter checks."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import HTTPException, Request

from storytrace.corpus import Corpus

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def get_corpus(request: Request) -> Corpus:
    """Dependency: the corpus opened by `create_app` (one per app; the store serialises access)."""
    return request.app.state.corpus


def optional_method(corpus: Corpus, name: str) -> Callable[..., Any] | None:
    """A corpus method that later versions add (stories, entities, timeline…), or None while absent."""
    return getattr(corpus, name, None)


def required_method(corpus: Corpus, name: str) -> Callable[..., Any]:
    """Like `optional_method`, but a missing method is a 501 for API clients, not a fake empty list."""
    method = optional_method(corpus, name)
    if method is None:
        raise HTTPException(501, f"`{name}` is not available in this version of storytrace")
    return method


def check_day(value: str | None, name: str) -> str | None:
    """A `YYYY-MM-DD` query parameter, or a 400 that names the parameter."""
    if value is None or value == "":
        return None
    try:
        if not _DAY.fullmatch(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"`{name}` must be a date YYYY-MM-DD, got {value!r}") from None
    return value


def page(items: list[Any], limit: int, offset: int, has_more: bool) -> dict[str, Any]:
    return {"items": items, "limit": limit, "offset": offset, "next_offset": offset + limit if has_more else None}


def window(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """Page over a list the corpus returns whole (claims, entities, timeline)."""
    return page(rows[offset : offset + limit], limit, offset, len(rows) > offset + limit)
