"""The JSON API under /api/: thin endpoints over the service functions.

Every endpoint but login needs a session cookie; every unsafe one also the
session's CSRF token (header `X-CSRF-Token` or form field `csrf_token`). Sync
endpoints run in worker threads, each in one database transaction committed
before the answer is sent, so an answer "saved" means saved.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any, Callable

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from drafting.errors import InputError
from drafting.package import limit

from . import auth, dossiers, exports, feedback, history, preview, summaries
from .access import Forbidden, dossier_for
from .models import User

router = APIRouter(prefix="/api")
COOKIE = "drafting_session"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class Caller:
    user: User
    csrf: str


def _unit(request: Request, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`work(session, …)` in one transaction, committed when it returns."""
    with request.app.state.sessions() as session:
        result = work(session, *args, **kwargs)
        session.commit()
        return result


def _find(request: Request, token: str | None) -> Caller | None:
    with request.app.state.sessions() as session:
        row = auth.find_session(session, token)
        return Caller(row.user, row.csrf) if row else None


async def caller(request: Request) -> Caller:
    """The signed-in user; for unsafe methods, only with the right CSRF token."""
    found = await run_in_threadpool(_find, request, request.cookies.get(COOKIE))
    if found is None:
        raise auth.AuthError("not signed in")
    if request.method in UNSAFE:
        sent = request.headers.get("x-csrf-token")
        if sent is None and request.headers.get("content-type", "").startswith(
                ("multipart/form-data", "application/x-www-form-urlencoded")):
            sent = (await request.form()).get("csrf_token")
        if not isinstance(sent, str) or not secrets.compare_digest(sent.encode(), found.csrf.encode()):
            raise Forbidden("missing or wrong CSRF token")
    return found


async def _read(upload: UploadFile) -> tuple[str, bytes]:
    """An upload's name and bytes, never more than the size limit."""
    max_bytes = limit("DRAFTING_MAX_FILE_BYTES")
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{upload.filename}: the file is over the limit of {max_bytes} bytes")
    return upload.filename or "", data


# ------------------------------------------------------------------ accounts

class Login(BaseModel):
    name: str
    password: str


@router.post("/login", summary="Sign in: sets the session cookie and returns the CSRF token")
def login(body: Login, request: Request, response: Response) -> dict:
    return sign_in(request, response, body.name, body.password)


def sign_in(request: Request, response: Response, name: str, password: str) -> dict:
    """Check the password (throttled by name and by client address), start a
    session and set its cookie on `response`; for the API and the login page."""
    throttle: auth.Throttle = request.app.state.throttle
    keys = (f"name:{name.strip().casefold()}", f"addr:{request.client.host if request.client else ''}")
    wait = throttle.retry_after(*keys)
    if wait:
        raise auth.Throttled(wait)
    try:
        token, row, user = _unit(request, _sign_in, name, password)
    except auth.AuthError:
        throttle.failed(*keys)
        raise
    throttle.succeeded(keys[0])
    response.set_cookie(COOKIE, token, max_age=auth.SESSION_DAYS * 86400, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")
    return {"name": user.name, "role": user.role, "csrf": row.csrf}


def _sign_in(session, name: str, password: str):
    user = auth.authenticate(session, name, password)
    token, row = auth.start_session(session, user)
    return token, row, user


@router.post("/logout", summary="Sign out")
def logout(request: Request, response: Response, me: Caller = Depends(caller)) -> dict:
    _unit(request, auth.end_session, request.cookies.get(COOKIE))
    response.delete_cookie(COOKIE, path="/")
    return {"signed_out": True}


@router.get("/me", summary="The signed-in user and the session's CSRF token")
def me(me: Caller = Depends(caller)) -> dict:
    return {"name": me.user.name, "role": me.user.role, "csrf": me.csrf}


# ------------------------------------------------------------------ dossiers

@router.get("/dossiers", summary="The dossiers the user is a member of")
def list_dossiers(request: Request, me: Caller = Depends(caller)) -> list[dict]:
    rows = _unit(request, dossiers.list_dossiers, me.user)
    return [{"id": d.id, "title": d.title, "role": role} for d, role in rows]


@router.post("/dossiers", status_code=201,
             summary="Create a dossier from an uploaded .docx draft (checked as `drafting revise` checks it)")
async def create_dossier(request: Request, file: UploadFile = File(...), title: str | None = Form(None),
                         me: Caller = Depends(caller)) -> dict:
    name, data = await _read(file)

    def work(session):
        dossier = dossiers.create_dossier(session, me.user, name, data, title)
        session.flush()
        return dossiers.dossier_summary(session, me.user, dossier.id)
    return await run_in_threadpool(_unit, request, work)


@router.get("/dossiers/{dossier_id}", summary="A dossier: title, draft, counts by decision, your role")
def get_dossier(dossier_id: int, request: Request, me: Caller = Depends(caller)) -> dict:
    return _unit(request, dossiers.dossier_summary, me.user, dossier_id)


class Details(BaseModel):
    title: str | None = None
    meeting: str | None = None
    author: str | None = None
    date: str | None = None


@router.patch("/dossiers/{dossier_id}", summary="Set the title, meeting, revision author and date")
def set_details(dossier_id: int, body: Details, request: Request, me: Caller = Depends(caller)) -> dict:
    return _unit(request, dossiers.set_details, me.user, dossier_id, body.model_dump(exclude_unset=True))


@router.get("/dossiers/{dossier_id}/outline", summary="The section tree, as `drafting outline --json`")
def get_outline(dossier_id: int, request: Request, me: Caller = Depends(caller)) -> list[dict]:
    return _unit(request, dossiers.outline, me.user, dossier_id)


@router.get("/dossiers/{dossier_id}/draft", summary="The draft as uploaded, unchanged")
def get_draft(dossier_id: int, request: Request, me: Caller = Depends(caller)) -> Response:
    def work(session):
        dossier, _ = dossier_for(session, me.user, dossier_id)
        return dossiers.current_round(session, dossier).document
    return _download(_unit(request, work))


@router.get("/dossiers/{dossier_id}/sheet", summary="The blank feedback sheet (.xlsx) for delegates")
def get_sheet(dossier_id: int, request: Request, lang: str = "vi", me: Caller = Depends(caller)) -> Response:
    from comments.sheet import sheet_bytes
    from drafting.reader import read_draft

    def work(session):
        dossier, _ = dossier_for(session, me.user, dossier_id)
        round_ = dossiers.current_round(session, dossier)
        return round_.document.name, read_draft(dossiers.draft_path(session, round_))
    name, draft = _unit(request, work)
    stem = name.rsplit(".", 1)[0]
    return _bytes(sheet_bytes(draft, "en" if lang == "en" else "vi"), f"{stem}.feedback.xlsx")


class Member(BaseModel):
    name: str
    role: str


@router.get("/dossiers/{dossier_id}/members", summary="The dossier's members and their roles")
def get_members(dossier_id: int, request: Request, me: Caller = Depends(caller)) -> list[dict]:
    return _unit(request, dossiers.members, me.user, dossier_id)


@router.post("/dossiers/{dossier_id}/members", summary="Invite an account to the dossier (editors)")
def add_member(dossier_id: int, body: Member, request: Request, me: Caller = Depends(caller)) -> dict:
    return _unit(request, dossiers.add_member, me.user, dossier_id, body.name, body.role)


# ------------------------------------------------------------------ comments

class CommentFields(BaseModel):
    """The fields of a comment, as in the feedback file (DESIGN.md §3)."""
    by: str | None = None
    org: str | None = None
    section: str | None = None
    quote: str | None = None
    text: str | None = None
    decision: str | None = None
    response: str | None = None
    edits: list[dict[str, Any]] | None = None
    same_as: str | None = None


class CommentSave(CommentFields):
    version: int


@router.get("/dossiers/{dossier_id}/comments", summary="The comments (filters: decision, section, by)")
def list_comments(dossier_id: int, request: Request, decision: str | None = None, section: str | None = None,
                  by: str | None = None, me: Caller = Depends(caller)) -> list[dict]:
    return _unit(request, feedback.list_comments, me.user, dossier_id, decision=decision, section=section, by=by)


@router.post("/dossiers/{dossier_id}/comments", status_code=201,
             summary="Add a typed comment (reviewers: by, org, section, quote, text only)")
def add_comment(dossier_id: int, body: CommentFields, request: Request, me: Caller = Depends(caller)) -> dict:
    return _unit(request, feedback.add_comment, me.user, dossier_id, body.model_dump(exclude_unset=True))


@router.get("/dossiers/{dossier_id}/comments/{key}", summary="One comment, with its version")
def get_comment(dossier_id: int, key: int, request: Request, me: Caller = Depends(caller)) -> dict:
    return _unit(request, feedback.get_comment, me.user, dossier_id, key)


@router.put("/dossiers/{dossier_id}/comments/{key}",
            summary="Save a decision, response or edits; 409 with both versions if `version` is stale")
def save_comment(dossier_id: int, key: int, body: CommentSave, request: Request,
                 me: Caller = Depends(caller)) -> dict:
    values = body.model_dump(exclude_unset=True)
    version = values.pop("version")
    return _unit(request, feedback.save_comment, me.user, dossier_id, key, version, values)


@router.post("/dossiers/{dossier_id}/imports",
             summary="Import comments from .xlsx/.csv/YAML feedback files and marked-up .docx copies")
async def import_files(dossier_id: int, request: Request, files: list[UploadFile] = File(...),
                       me: Caller = Depends(caller)) -> dict:
    read = [await _read(f) for f in files]
    return await run_in_threadpool(_unit, request, feedback.import_files, me.user, dossier_id, read)


@router.get("/dossiers/{dossier_id}/problems", summary="What `drafting comments check` reports")
def get_problems(dossier_id: int, request: Request, lang: str = "vi", me: Caller = Depends(caller)) -> dict:
    return _unit(request, feedback.problems, me.user, dossier_id, "en" if lang == "en" else "vi")


@router.get("/dossiers/{dossier_id}/sections/{section_id}/preview",
            summary="The section's redline after every accepted edit, as HTML, with its problems")
def get_preview(dossier_id: int, section_id: str, request: Request, me: Caller = Depends(caller)) -> dict:
    return _unit(request, preview.section_preview, me.user, dossier_id, section_id)


@router.get("/dossiers/{dossier_id}/history", summary="Every change: who, when, before, after")
def get_history(dossier_id: int, request: Request, comment: int | None = None,
                me: Caller = Depends(caller)) -> list[dict]:
    return _unit(request, history.history, me.user, dossier_id, comment)


@router.get("/dossiers/{dossier_id}/table", summary="The comment-response table as it stands (its rows as JSON)")
def get_table(dossier_id: int, request: Request, lang: str = "vi", me: Caller = Depends(caller)) -> dict:
    return _unit(request, summaries.response_table_json, me.user, dossier_id, "en" if lang == "en" else "vi")


@router.get("/dossiers/{dossier_id}/changes", summary="The change summary as it stands (as changes.json)")
def get_changes(dossier_id: int, request: Request, me: Caller = Depends(caller)) -> dict:
    return _unit(request, summaries.change_summary, me.user, dossier_id)


# ------------------------------------------------------------------ exports

class ExportRequest(BaseModel):
    lang: str = "vi"
    pdf: bool = False


@router.post("/dossiers/{dossier_id}/exports", status_code=201,
             summary="Build every output of `drafting revise` (+ .xlsx/.html table, zip, PDF) and record it")
def create_export(dossier_id: int, request: Request, body: ExportRequest | None = None,
                  me: Caller = Depends(caller)) -> dict:
    body = body or ExportRequest()
    return _unit(request, exports.create_export, me.user, dossier_id, lang=body.lang, pdf=body.pdf)


@router.get("/dossiers/{dossier_id}/exports", summary="The exports made, newest first")
def list_exports(dossier_id: int, request: Request, me: Caller = Depends(caller)) -> list[dict]:
    return _unit(request, exports.list_exports, me.user, dossier_id)


@router.get("/dossiers/{dossier_id}/exports/{export_id}/{name}", summary="Download one file of an export")
def get_export_file(dossier_id: int, export_id: int, name: str, request: Request,
                    me: Caller = Depends(caller)) -> Response:
    return _download(_unit(request, exports.export_file, me.user, dossier_id, export_id, name))


def _download(document) -> Response:
    return _bytes(document.content, document.name)


def _bytes(data: bytes, name: str) -> Response:
    from urllib.parse import quote

    return Response(data, media_type=exports.media_type(name),
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
                             "X-Content-Type-Options": "nosniff"})
