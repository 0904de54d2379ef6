"""The ASGI application: FastAPI with the JSON API under /api/.

`create_app` takes an opened database (`db.open_database`); `drafting serve`
runs it on uvicorn. Document work runs in FastAPI's worker threads (sync
endpoints), never on the event loop.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from drafting.errors import InputError

from .access import Conflict, Forbidden, NotFound
from .auth import AuthError, Throttle, Throttled


def create_app(sessions: sessionmaker[Session], files: str | Path | None = None,
               throttle: Throttle | None = None) -> FastAPI:
    """The workspace on `sessions`; `files` caches stored drafts as files (default: a temporary folder)."""
    from . import api

    app = FastAPI(title="drafting workspace", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json")
    if files is None:
        files = tempfile.mkdtemp(prefix="drafting-files-")
    from .preview import caches

    sessions.configure(info={"files": str(files), **caches()})
    app.state.sessions = sessions
    app.state.throttle = throttle or Throttle()
    app.include_router(api.router)
    from fastapi.staticfiles import StaticFiles

    from . import pages
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> str:
        return api_docs_html(app.openapi())

    for kind, status in ((NotFound, 404), (Forbidden, 403), (AuthError, 401)):
        app.add_exception_handler(kind, _plain(status))
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(Conflict, _conflict)
    app.add_exception_handler(Throttled, _throttled)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
    return app


SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Referrer-Policy": "same-origin"}


def _plain(status: int):
    async def handler(_request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=status)
    return handler


async def _input_error(_request: Request, exc: InputError) -> JSONResponse:
    return JSONResponse({"error": "invalid input", "problems": [str(p) for p in exc.problems]}, status_code=422)


async def _throttled(_request: Request, exc: Throttled) -> JSONResponse:
    return JSONResponse({"error": str(exc), "retry_after": exc.retry_after}, status_code=429,
                        headers={"Retry-After": str(exc.retry_after)})


async def _conflict(_request: Request, exc: Conflict) -> JSONResponse:
    return JSONResponse({"error": "the comment was changed by someone else", "current": exc.current,
                         "yours": exc.yours}, status_code=409)


DOCS_TEMPLATE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ info.title }} — API</title>
<style>body{font:15px/1.45 sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .2em}h2{margin-top:2rem;font-size:1.05rem}.m{font-weight:bold;width:4.5em;display:inline-block}</style>
</head><body><h1>{{ info.title }} — JSON API</h1>
<p>Every unsafe request (POST, PUT, PATCH, DELETE) carries the session's CSRF token in the
<code>X-CSRF-Token</code> header (or a <code>csrf_token</code> form field); <code>POST /api/login</code>
gives it, and <code>GET /api/me</code> repeats it. The machine-readable description:
<a href="/api/openapi.json">/api/openapi.json</a>.</p>
{% for path, item in paths.items() %}{% for method, op in item.items() %}
<h2><span class="m">{{ method | upper }}</span> <code>{{ path }}</code></h2>
<p>{{ op.summary }}</p>{% if op.description %}<p>{{ op.description }}</p>{% endif %}
{% if op.parameters %}<ul>{% for p in op.parameters %}<li><code>{{ p.name }}</code> ({{ p["in"] }}{% if p.required %}, required{% endif %})</li>{% endfor %}</ul>{% endif %}
{% endfor %}{% endfor %}
</body></html>"""


def api_docs_html(schema: dict) -> str:
    """The API's documentation page, from its OpenAPI description (no CDN assets)."""
    from jinja2 import Environment

    template = Environment(autoescape=True).from_string(DOCS_TEMPLATE)
    return template.render(info=schema["info"], paths=schema["paths"])
