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

import os
import tempfile
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
    # ODF's own magic number: the first zip entry is "mimetype", stored uncompressed (ODF 1.2 part 3, 3.3).
    if data.startswith(b"PK\x03\x04") and data[30:38] == b"mimetype" and data[38:38 + len(ODT_MIMETYPE)] == ODT_MIMETYPE:
        return ".odt"
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
            raise InputError(_problem(path, fmt, str(exc).replace(str(source), "it"), seconds)) from None
        converted = result.read_bytes()
    record(LegacyReport(path=path, source_format=fmt))
    return converted


def _problem(path: Path, fmt: str, message: str, seconds: float) -> str:
    """The one line for a failed conversion: LibreOffice missing, too slow, or unable."""
    if "not installed" in message:
        return (f"{path}: reading a legacy {fmt} file needs LibreOffice (soffice), which is not installed; "
                "install it or save the file as .docx")
    if "took more than" in message:
        return (f"{path}: LibreOffice took more than {seconds:g} s to convert this legacy {fmt} file "
                "(DRAFTING_LIBREOFFICE_TIMEOUT)")
    detail = message.rsplit(": ", 1)[-1]
    return f"{path}: LibreOffice could not convert this legacy {fmt} file to .docx ({detail})"
