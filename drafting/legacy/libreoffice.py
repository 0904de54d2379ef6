""".doc, .rtf and .odt inputs turned into .docx by headless LibreOffice.

Running LibreOffice is the one external program the project runs for its
users: in a private, throw-away profile (never the user's settings), on a copy
of the input in a temporary folder (the input is never opened by LibreOffice,
let alone written), within a time limit (`DRAFTING_LIBREOFFICE_TIMEOUT`
seconds, default 180), in its own process group killed on timeout
(`drafting.verify.soffice_convert`). A .doc's own tracked changes and comments
come through: LibreOffice keeps them.
"""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from ..errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")    # an encrypted .docx in an OLE box: not a .doc
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DEFAULT_TIMEOUT = 180


def legacy_format(data: bytes) -> str | None:
    """".doc", ".rtf" or ".odt" when the file's bytes are one of those, else None."""
    if data.startswith(OLE_MAGIC):
        return None if ENCRYPTION_INFO in data else ".doc"
    if data[:16].lstrip().startswith(b"{\\rtf"):
        return ".rtf"
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if zf.read("mimetype").strip() == ODT_MIMETYPE:
                    return ".odt"
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
    return None


def timeout() -> float:
    raw = os.environ.get("DRAFTING_LIBREOFFICE_TIMEOUT", "").strip()
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(f"environment variable DRAFTING_LIBREOFFICE_TIMEOUT={raw!r} must be a positive number of seconds")
    return value


def to_docx_bytes(path: str | Path, data: bytes | None = None) -> bytes | None:
    """The .docx LibreOffice makes of the .doc/.rtf/.odt file `path` (whose
    bytes `data` are, when already read); None when the file is none of those
    (a .docx, or anything else the package checks will judge)."""
    from ..package import read_input

    path = Path(path)
    data = read_input(path) if data is None else data
    fmt = legacy_format(data)
    if fmt is None:
        return None
    from ..verify import ToolError, soffice_convert   # only legacy inputs pay for it
    from .report import LegacyReport, record

    seconds = timeout()
    with tempfile.TemporaryDirectory(prefix="drafting-legacy-") as tmp:
        source = Path(tmp) / f"input{fmt}"
        source.write_bytes(data)
        try:
            result = soffice_convert(source, "docx:MS Word 2007 XML", Path(tmp) / "out", timeout=seconds)
        except ToolError as exc:
            if "not installed" in str(exc):
                raise InputError(f"{path}: reading a {fmt} file needs LibreOffice (soffice), which is not installed; "
                                 "install it or save the file as .docx") from None
            raise InputError(f"{path}: {str(exc).replace(str(source), 'the ' + fmt + ' file')}") from None
        converted = result.read_bytes()
    record(LegacyReport(path=path, source_format=fmt))
    return converted
