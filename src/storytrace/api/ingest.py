"""`POST /api/articles`: the write token, the body size limit, and records parsed like the CLI's.

A body is one JSON object, a JSON array of objects, or JSON Lines. Each object is validated by the
same `article_from_record` as `storytrace ingest`, so an API client and a file get the same rejects.
"""

from __future__ import annotations

import hmac
import json
import threading
from dataclasses import asdict
from typing import Any

from fastapi import HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials

from storytrace.corpus import Corpus
from storytrace.model import Record, Reject
from storytrace.pipeline.read.jsonl import article_from_record

DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024  # a few thousand articles per request; bigger loads use the CLI


def check_token(state: Any, credentials: HTTPAuthorizationCredentials | None) -> None:
    """403 when the server is read-only, 401 without a bearer token, 403 with a wrong one."""
    if not state.allow_write:
        raise HTTPException(403, "this server is read-only; start it with writes allowed and a token")
    if credentials is None:
        raise HTTPException(401, "a bearer token is required to write", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), state.write_token.encode()):
        raise HTTPException(403, "wrong write token")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it (or its declared length) exceeds `limit`."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body of {declared} bytes exceeds the limit of {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_records(body: bytes) -> list[Record]:
    """Articles and rejects from a JSON object, a JSON array or JSON Lines (origin `api:N`)."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise HTTPException(400, f"body is not UTF-8: {error}") from None
    if not text.strip():
        raise HTTPException(400, "empty body: send a JSON object, a JSON array or JSON Lines")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        return _parse_lines(text)
    items = whole if isinstance(whole, list) else [whole]
    return [article_from_record(item, f"api:{number}") for number, item in enumerate(items, start=1)]


def _parse_lines(text: str) -> list[Record]:
    records: list[Record] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"api:{number}"
        try:
            records.append(article_from_record(json.loads(line), origin))
        except json.JSONDecodeError as error:
            records.append(Reject(origin, "malformed_json", f"line {number}: {error.msg}", line[:4000]))
    if all(isinstance(r, Reject) and r.reason == "malformed_json" for r in records):
        raise HTTPException(400, "body is neither JSON nor JSON Lines")
    return records


def ingest_body(corpus: Corpus, body: bytes, lock: threading.Lock) -> dict[str, Any]:
    """Parse and ingest one body; writes are serialised so that linking runs once at a time."""
    records = parse_records(body)
    with lock:
        summary = corpus.ingest_records(records)
    rejects = [{"origin": r.origin, "reason": r.reason, "detail": r.detail} for r in records if isinstance(r, Reject)]
    return asdict(summary) | {"rejected_total": summary.rejected_total, "rejects": rejects}
