"""Opening .docx packages safely and writing outputs atomically.

Everything that reads a user's file goes through `open_docx`: it checks what the
file is before python-docx sees it, so that a legacy .doc, an encrypted file or a
zip bomb gets a one-line message instead of a traceback or an exhausted machine.
"""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from .errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Limits on what a package may unpack to; generous for real drafts (a 300-page
# directive is a few MB), far below what a zip bomb needs.
MAX_PART_BYTES = int(os.environ.get("DRAFTING_MAX_PART_BYTES", 256 * 1024 * 1024))
MAX_TOTAL_BYTES = int(os.environ.get("DRAFTING_MAX_TOTAL_BYTES", 1024 * 1024 * 1024))
MAX_RATIO = int(os.environ.get("DRAFTING_MAX_RATIO", 200))
MAX_PARTS = 10_000


def read_package_bytes(path: str | Path) -> bytes:
    """The file's bytes, after checking that it is a sane OOXML zip package."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a .docx file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if data.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
            raise InputError(f"{path}: the document is encrypted (password-protected); save an unprotected copy and try again")
        raise InputError(f"{path}: this is a legacy Word 97-2003 .doc file, not .docx; open it in Word or LibreOffice and save it as .docx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise InputError(f"{path}: not a .docx file (not a valid zip package: {exc})") from None
    check_zip_limits(path, infos)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise InputError(f"{path}: not a .docx file (no [Content_Types].xml in the package)")
    return data


def check_zip_limits(path, infos) -> None:
    if len(infos) > MAX_PARTS:
        raise InputError(f"{path}: the package has {len(infos)} parts, more than the limit of {MAX_PARTS}")
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_PART_BYTES:
            raise InputError(f"{path}: part {info.filename} would unpack to {size} bytes, over the limit of {MAX_PART_BYTES} (DRAFTING_MAX_PART_BYTES)")
        if info.compress_size and size / info.compress_size > MAX_RATIO and size > 1024 * 1024:
            raise InputError(f"{path}: part {info.filename} has a compression ratio of {size // info.compress_size}:1, over the limit of {MAX_RATIO}:1 (DRAFTING_MAX_RATIO); refusing a possible zip bomb")
    if total > MAX_TOTAL_BYTES:
        raise InputError(f"{path}: the package would unpack to {total} bytes, over the limit of {MAX_TOTAL_BYTES} (DRAFTING_MAX_TOTAL_BYTES)")


def open_docx(path: str | Path):
    """A python-docx Document for `path`, or an InputError naming the problem."""
    import docx  # heavy: imported where needed

    data = read_package_bytes(path)
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        msg = str(exc)
        if "macroEnabled" in msg:
            raise InputError(f"{path}: macro-enabled documents (.docm) are not supported; save it as .docx (macros are not carried)") from None
        raise InputError(f"{path}: not a Word document ({msg})") from None
    except KeyError as exc:
        raise InputError(f"{path}: broken package: missing part {exc}") from None
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path}: broken package: {exc}") from None
    except Exception as exc:  # lxml syntax errors and the like: the file is broken
        from lxml import etree
        if isinstance(exc, etree.XMLSyntaxError):
            raise InputError(f"{path}: broken XML in the package: {exc}") from None
        raise


def document_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a
    rename, so that `path` is either absent/old or complete, never partial."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_outputs(outputs: dict[Path, bytes | str]) -> None:
    """Write several outputs, all or nothing: if one write fails, the ones
    already written in this call are removed again."""
    written: list[Path] = []
    try:
        for path, data in outputs.items():
            existed = Path(path).exists()
            write_atomic(path, data)
            if not existed:
                written.append(Path(path))
    except BaseException:
        for path in written:
            try:
                path.unlink()
            except OSError:
                pass
        raise
