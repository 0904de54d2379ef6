"""The workspace's pages: server-rendered HTML (jinja2, autoescaped) over the
same service functions as the JSON API; the actions on a page (saving a
decision, importing, exporting) are sent by `static/workspace.js` to the API.

A page's view is put together here from service results only — the web
layer adds no document logic. Every page links its JSON twin under /api/.
"""
from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from drafting.errors import InputError

from . import api, auth, dossiers, exports, feedback, preview, summaries
from .access import RIGHTS, dossier_for
from .i18n import LANGS, SCRIPT_WORDS, decision_labels, lang_of, messages

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent / "static"
LANG_COOKIE = "drafting_lang"


@lru_cache(maxsize=1)
def environment():
    """The templates, autoescaped: user text is only ever a value, never a template."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("drafting.workspace", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def render(request: Request, template: str, me: api.Caller | None, status: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request.cookies.get(LANG_COOKIE))
    other = "en" if lang == "vi" else "vi"
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    html = environment().get_template(template).render(
        t=messages(lang), words=SCRIPT_WORDS[lang], lang=lang, decisions=decision_labels(lang), me=me, csrf=me.csrf if me else "",
        switch_url=f"/lang/{other}?next={quote(here)}", **context)
    return HTMLResponse(html, status_code=status)


def signed_in(request: Request) -> api.Caller | None:
    return api._find(request, request.cookies.get(api.COOKIE))


def to_login(request: Request) -> RedirectResponse:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(here)}", status_code=303)


def _local(target: str | None) -> str:
    """Only a path of this site (no `//host`, no scheme) is a place to go back to."""
    return target if target and target.startswith("/") and not target.startswith("//") else "/dossiers"


# ------------------------------------------------------------------ sign-in, language

@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/dossiers", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", None, next=_local(next), error=None)


@router.post("/login")
def login_form(request: Request, name: str = Form(...), password: str = Form(...),
               next: str = Form("/dossiers")) -> Response:
    t = messages(lang_of(request.cookies.get(LANG_COOKIE)))
    answer = RedirectResponse(_local(next), status_code=303)
    try:
        api.sign_in(request, answer, name, password)
    except auth.AuthError:
        return render(request, "login.html", None, 401, next=_local(next), error=t["login_failed"], name=name)
    except auth.Throttled:
        return render(request, "login.html", None, 429, next=_local(next), error=t["throttled"], name=name)
    return answer


@router.post("/logout")
def logout_form(request: Request, csrf_token: str = Form("")) -> Response:
    me = signed_in(request)
    if me is not None and secrets.compare_digest(csrf_token.encode(), me.csrf.encode()):
        api._unit(request, auth.end_session, request.cookies.get(api.COOKIE))
    answer = RedirectResponse("/login", status_code=303)
    answer.delete_cookie(api.COOKIE, path="/")
    return answer


@router.get("/lang/{code}")
def switch_language(code: str, next: str | None = None) -> RedirectResponse:
    answer = RedirectResponse(_local(next), status_code=303)
    answer.set_cookie(LANG_COOKIE, code if code in LANGS else "vi", max_age=365 * 86400, samesite="lax", path="/")
    return answer


# ------------------------------------------------------------------ dossiers

@router.get("/dossiers")
def dossiers_page(request: Request) -> Response:
    me = signed_in(request)
    if me is None:
        return to_login(request)
    rows = api._unit(request, lambda s: [dossiers.dossier_summary(s, me.user, d.id)
                                         for d, _ in dossiers.list_dossiers(s, me.user)])
    return render(request, "dossiers.html", me, dossiers=rows, can_create=me.user.role in dossiers.CREATORS)


def dossier_view(session, user, dossier_id: int, *, pending: bool = False, by: str | None = None,
                 section: str | None = None) -> dict[str, Any]:
    """What the dossier page shows: the summary, the section tree with each
    section's own text, and the comments beside their sections (general ones
    first), near-duplicates (`group_comments`) marked as one group."""
    from comments.consolidate import group_comments

    dossier, role = dossier_for(session, user, dossier_id)
    summary = dossiers.dossier_summary(session, user, dossier_id)
    round_ = dossiers.current_round(session, dossier)
    _, draft = preview._draft(session, round_)
    every = feedback.list_comments(session, user, dossier_id)
    shown = every
    if pending or by or section:
        shown = feedback.list_comments(session, user, dossier_id, decision="pending" if pending else None,
                                       by=by or None, section=section or None)
    groups = group_comments(feedback.feedback_of(session, round_, dossier.title))
    group_of = {c.id: [m.id for m in g] for g in groups if len(g) > 1 for c in g}
    home: dict[str | None, list[dict]] = {}
    for comment in shown:
        found = draft.find(comment["section"]) if comment.get("section") else None
        home.setdefault(found.id if found else None, []).append(
            {**comment, "group": group_of.get(comment["id"], [])})
    sections = [{"id": s.id, "label": s.label, "depth": 0 if s.parent is None else s.level,
                 "paragraphs": [p.text for p in s.paragraphs], "comments": home.get(s.id, []),
                 "has_edits": any(c["edits"] for c in home.get(s.id, []))}
                for s in draft.walk()]
    rights = RIGHTS[role]
    return {"dossier": summary, "role": role, "general": home.get(None, []), "sections": sections,
            "delegates": sorted({c["by"] for c in every}), "counts": summary["by_decision"],
            "can_decide": "decide" in rights, "can_comment": "comment" in rights, "can_manage": "manage" in rights,
            "filters": {"pending": pending, "by": by or "", "section": section or ""},
            "members": dossiers.members(session, user, dossier_id) if "manage" in rights else []}


@router.get("/dossiers/{dossier_id}")
def dossier_page(dossier_id: int, request: Request, pending: bool = False, by: str | None = None,
                 section: str | None = None) -> Response:
    me = signed_in(request)
    if me is None:
        return to_login(request)
    view = api._unit(request, dossier_view, me.user, dossier_id, pending=pending, by=by, section=section)
    return render(request, "dossier.html", me, **view)


@router.get("/dossiers/{dossier_id}/table")
def table_page(dossier_id: int, request: Request) -> Response:
    me = signed_in(request)
    if me is None:
        return to_login(request)
    lang = lang_of(request.cookies.get(LANG_COOKIE))

    def work(session):
        summary = dossiers.dossier_summary(session, me.user, dossier_id)
        try:
            return summary, summaries.response_table(session, me.user, dossier_id, lang), []
        except InputError as exc:
            return summary, None, [str(p) for p in exc.problems]
    summary, table, problems = api._unit(request, work)
    return render(request, "table.html", me, dossier=summary, table=table, problems=problems)


@router.get("/dossiers/{dossier_id}/changes")
def changes_page(dossier_id: int, request: Request) -> Response:
    me = signed_in(request)
    if me is None:
        return to_login(request)

    def work(session):
        summary = dossiers.dossier_summary(session, me.user, dossier_id)
        try:
            return summary, summaries.change_summary(session, me.user, dossier_id), []
        except InputError as exc:
            return summary, None, [str(p) for p in exc.problems]
    from drafting.changes import KINDS

    summary, changes, problems = api._unit(request, work)
    return render(request, "changes.html", me, dossier=summary, changes=changes, problems=problems,
                  kinds=KINDS[lang_of(request.cookies.get(LANG_COOKIE))])


@router.get("/dossiers/{dossier_id}/files")
def files_page(dossier_id: int, request: Request) -> Response:
    me = signed_in(request)
    if me is None:
        return to_login(request)

    def work(session):
        _, role = dossier_for(session, me.user, dossier_id)
        return (dossiers.dossier_summary(session, me.user, dossier_id), role,
                exports.list_exports(session, me.user, dossier_id))
    summary, role, made = api._unit(request, work)
    for export in made:         # the zip first: the one download most people want
        export["files"].sort(key=lambda name: not name.endswith(".zip"))
    return render(request, "files.html", me, dossier=summary, exports=made,
                  can_decide="decide" in RIGHTS[role], can_comment="comment" in RIGHTS[role])
