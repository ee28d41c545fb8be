"""`create_app`: one FastAPI app over one `Corpus`, serving the JSON API, the web pages and /docs.

    uvicorn.run(create_app("news.db"), host="127.0.0.1", port=8000)

Errors are JSON under `/api` ({status, error, detail}) and HTML pages elsewhere. Validation
errors are 400, not FastAPI's default 422, because they are bad parameters. HTML responses carry a
Content-Security-Policy that forbids every script: the pages need none, so even a rendering bug
could not run content from an article.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from storytrace.api.ingest import DEFAULT_MAX_BODY_BYTES
from storytrace.api.routes import router as api_router
from storytrace.corpus import Corpus
from storytrace.web import STATIC_DIR
from storytrace.web.pages import render_error
from storytrace.web.pages import router as web_router

HTML_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def _error(request: Request, status: int, detail: Any, headers: dict[str, str] | None = None) -> Response:
    if _is_api(request):
        name = HTTPStatus(status).phrase.lower().replace(" ", "_")
        body = {"status": status, "error": name, "detail": jsonable_encoder(detail)}
        return JSONResponse(body, status_code=status, headers=headers)
    return render_error(request, status, detail if isinstance(detail, str) else HTTPStatus(status).phrase)


def create_app(
    db_path: str | Path,
    allow_write: bool = False,
    write_token: str | None = None,
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> FastAPI:
    """The app over the database at `db_path`. Read-only unless `allow_write`, which needs a token."""
    if allow_write and not write_token:
        raise ValueError("allow_write needs a write token (set STORYTRACE_WRITE_TOKEN)")
    corpus = Corpus(db_path)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        corpus.close()

    app = FastAPI(
        title="storytrace",
        description="Stories, provenance, attributions and timelines of a news corpus.",
        version="0.1.0",
        lifespan=lifespan,
    )
    docs_paths = {app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url}  # these load their own JS
    app.state.corpus = corpus
    app.state.allow_write = allow_write
    app.state.write_token = write_token or ""
    app.state.max_body_bytes = max_body_bytes
    app.state.write_lock = threading.Lock()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return _error(request, error.status_code, error.detail, getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        problems = [
            {"parameter": ".".join(str(p) for p in e["loc"][1:]) or e["loc"][0], "message": e["msg"]}
            for e in error.errors()
        ]
        return _error(request, 400, problems if _is_api(request) else "; ".join(p["message"] for p in problems))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        is_html = response.headers.get("content-type", "").startswith("text/html")
        if is_html and request.url.path not in docs_paths:
            response.headers.update(HTML_SECURITY_HEADERS)
        else:
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
