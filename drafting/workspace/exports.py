"""Exports: every output of `drafting revise` (DESIGN.md §1), plus the response
table as .xlsx and .html, one zip of them all, and PDF previews when
LibreOffice is installed; each export recorded with the decisions it holds.

The outputs are built by the same functions as `comments.workflow.revise_files`
(`revise`, `build_table`/`render_table`, `changes_markdown`/`changes_json`),
in memory, and stored as documents.
"""
from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafting.errors import InputError

from .access import NotFound, dossier_for
from .dossiers import current_round, draft_path
from .feedback import feedback_of
from .files import store
from .history import record
from .models import CommentRow, Document, Export, User

SUFFIXES = ("tracked.docx", "clean.docx", "responses.docx", "responses.xlsx", "responses.html",
            "changes.md", "changes.json")
MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".html": "text/html; charset=utf-8", ".md": "text/markdown; charset=utf-8",
    ".json": "application/json", ".zip": "application/zip", ".pdf": "application/pdf",
}


def build_outputs(draft_file: Path, stem: str, feedback, lang: str = "vi") -> dict[str, bytes]:
    """{file name: bytes} of every output, made as `drafting revise` makes them,
    plus the table as .xlsx and .html; InputError (nothing built) on any problem."""
    from comments.table import render_table
    from comments.workflow import revision_outputs

    outputs = revision_outputs(draft_file, feedback, name=f"{stem}.docx", lang=lang)
    contents = {**outputs.files, "responses.xlsx": render_table(outputs.table, "xlsx"),
                "responses.html": render_table(outputs.table, "html")}
    return {f"{stem}.{suffix}": data.encode("utf-8") if isinstance(data, str) else data
            for suffix, data in contents.items()}


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def pdf_previews(files: dict[str, bytes]) -> dict[str, bytes]:
    """The tracked draft and the table as PDF, when LibreOffice is installed."""
    if shutil.which("soffice") is None:
        return {}
    from drafting.verify import soffice_convert

    out = {}
    with tempfile.TemporaryDirectory(prefix="drafting-pdf-") as folder:
        for name in files:
            if name.endswith((".tracked.docx", ".responses.docx")):
                source = Path(folder) / name
                source.write_bytes(files[name])
                out[source.with_suffix(".pdf").name] = soffice_convert(source, "pdf", Path(folder)).read_bytes()
    return out


def create_export(session: Session, user: User, dossier_id: int, *, lang: str = "vi",
                  pdf: bool = False) -> dict[str, Any]:
    dossier, _ = dossier_for(session, user, dossier_id, "decide")
    if lang not in ("vi", "en"):
        raise InputError(f"lang {lang!r}: expected vi or en")
    round_ = current_round(session, dossier)
    feedback = feedback_of(session, round_, dossier.title)
    decisions = {row.number: {"decision": row.decision, "version": row.version}
                 for row in session.scalars(select(CommentRow).where(CommentRow.round_id == round_.id))}
    stem = Path(round_.document.name).stem
    files = build_outputs(draft_path(session, round_), stem, feedback, lang)
    if pdf:
        files.update(pdf_previews(files))
    files[f"{stem}.zip"] = zipped(files)
    stored = {name: store(session, user, name, data).id for name, data in files.items()}
    export = Export(dossier_id=dossier.id, round_id=round_.id, user_id=user.id, decisions=decisions, files=stored)
    session.add(export)
    session.flush()
    record(session, user, dossier.id, "export", None, {"export": export.id, "files": sorted(files),
                                                      "decisions": decisions})
    return export_json(export, user.name)


def export_json(export: Export, user_name: str) -> dict[str, Any]:
    return {"id": export.id, "at": export.at.isoformat() + "Z", "user": user_name,
            "decisions": export.decisions, "files": sorted(export.files)}


def list_exports(session: Session, user: User, dossier_id: int) -> list[dict[str, Any]]:
    dossier_for(session, user, dossier_id)
    rows = session.execute(select(Export, User.name).join(User, User.id == Export.user_id)
                           .where(Export.dossier_id == dossier_id).order_by(Export.id.desc()))
    return [export_json(e, name) for e, name in rows]


def export_file(session: Session, user: User, dossier_id: int, export_id: int, name: str) -> Document:
    dossier_for(session, user, dossier_id)
    export = session.get(Export, export_id)
    if export is None or export.dossier_id != dossier_id or name not in export.files:
        raise NotFound(f"export {export_id}: no file {name}")
    return session.get(Document, export.files[name])


def media_type(name: str) -> str:
    return MEDIA_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
