"""Uploaded and stored files: safe names, checking by path as the CLI does,
and the stored drafts as files for the readers.

The library reads documents from paths; an upload is written under its own
(checked) name into a private temporary folder, so that its problems name
the file the user chose, never a server path.
"""
from __future__ import annotations

import contextlib
import hashlib
import tempfile
import threading
import unicodedata
from pathlib import Path
from typing import Iterator

from sqlalchemy.orm import Session

from drafting.errors import InputError, Problem
from drafting.outputs import write_atomic

from .models import Document, User

MAX_NAME = 200


def safe_name(name: str | None) -> str:
    """The upload's file name, refused if it could name a path (`../x`, `a/b`)."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if (not name or len(name) > MAX_NAME or "/" in name or "\\" in name or name in (".", "..")
            or name.startswith(".") or any(ord(c) < 32 for c in name)):
        raise InputError(f"{name!r}: not an acceptable file name (no folders, no leading dot, at most {MAX_NAME} characters)")
    return name


def store(session: Session, user: User | None, name: str, data: bytes) -> Document:
    """Keep `data` unchanged, with its SHA-256."""
    document = Document(name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data), content=data,
                        uploaded_by=user.id if user else None)
    session.add(document)
    session.flush()
    return document


@contextlib.contextmanager
def uploads(files: list[tuple[str, bytes]]) -> Iterator[list[Path]]:
    """The uploads as files under their own names in a private folder; an
    `InputError` raised inside names them as the user did."""
    names = [safe_name(name) for name, _ in files]
    if len(set(names)) != len(names):
        raise InputError("two uploads have the same file name")
    with tempfile.TemporaryDirectory(prefix="drafting-upload-") as folder:
        paths = [Path(folder) / name for name in names]
        for path, (_, data) in zip(paths, files):
            path.write_bytes(data)
        try:
            yield paths
        except InputError as exc:
            prefix = folder + "/"
            raise InputError(*[Problem(p.message.replace(prefix, ""), str(p.file).replace(prefix, "")
                                       if p.file is not None else None, p.comment, p.section)
                               for p in exc.problems]) from None


_writing = threading.Lock()     # one thread writes a cache file while the others wait for it


def document_path(session: Session, document: Document) -> Path:
    """The stored document as a file (kept in the session's file cache, by hash)."""
    folder = Path(session.info["files"])
    path = folder / f"{document.sha256}{Path(document.name).suffix.lower()}"
    if not path.exists():
        with _writing:
            if not path.exists():
                folder.mkdir(parents=True, exist_ok=True)
                write_atomic(path, document.content)
    return path
