"""Broken and hostile .docx inputs: each is refused with a short message, exit 2.

The contract for every such input: `drafting outline FILE` exits 2, prints at
most three lines on stderr, names the file, shows no traceback, leaves the file
as it was, and never lets a local file's content into any output.
"""
from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from drafting.cli import cli

SECRET = "TOP-SECRET-7f3a9c"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


# ---------------------------------------------------------------- builders

def valid_docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("I. Mục tiêu")
    document.add_paragraph("1. Nâng cao chất lượng công tác thi đua.")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def rewrite_parts(data: bytes, replace: dict[str, bytes] | None = None,
                  drop: tuple[str, ...] = (), add: dict[str, bytes] | None = None) -> bytes:
    """A copy of the package `data` with some parts replaced, dropped or added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            if name not in drop:
                dst.writestr(name, replace.get(name, src.read(name)))
        for name, content in add.items():
            dst.writestr(name, content)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def with_document_xml(body_xml: str, doctype: str = "") -> bytes:
    """A valid package whose document.xml is `doctype` + a document with `body_xml`."""
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
           f'<w:document xmlns:w="{W_NS}"><w:body>{body_xml}</w:body></w:document>')
    return rewrite_parts(valid_docx_bytes(), {"word/document.xml": xml.encode("utf-8")})


def xxe_general_entity(secret: Path) -> bytes:
    return with_document_xml(
        "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>",
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>')


def xxe_parameter_entity(secret: Path) -> bytes:
    return with_document_xml(
        "<w:p><w:r><w:t>x</w:t></w:r></w:p>",
        f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "{secret.as_uri()}"> %p;]>')


def xxe_in_styles(secret: Path) -> bytes:
    data = valid_docx_bytes()
    styles = part(data, "word/styles.xml").decode("utf-8")
    styles = styles.replace("?>", f'?><!DOCTYPE w:styles [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>', 1)
    return rewrite_parts(data, {"word/styles.xml": styles.encode("utf-8")})


def xxe_utf16(secret: Path) -> bytes:
    xml = (f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')
    return rewrite_parts(valid_docx_bytes(), {"word/document.xml": xml.encode("utf-16")})


def billion_laughs() -> bytes:
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return with_document_xml("<w:p><w:r><w:t>&l9;</w:t></w:r></w:p>", f"<!DOCTYPE w:document [{entities}]>")


def legacy_doc() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(1024)


def encrypted_docx() -> bytes:
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le")
            + bytes(64) + "EncryptedPackage".encode("utf-16-le") + bytes(1024))


def docm() -> bytes:
    data = valid_docx_bytes()
    types = part(data, "[Content_Types].xml").replace(DOCX_MAIN.encode(), DOCM_MAIN.encode())
    return rewrite_parts(data, {"[Content_Types].xml": types}, add={"word/vbaProject.bin": b"\0" * 512})


def zip_bomb() -> bytes:
    """20 MB of zeros in one part: a compression ratio near 1000:1."""
    return rewrite_parts(valid_docx_bytes(), add={"word/media/image1.png": bytes(20 * 1024 * 1024)})


def lying_zip_directory() -> bytes:
    """document.xml unpacks to 8 MB, but the zip directory says 1000 bytes."""
    big = with_document_xml("<w:p><w:r><w:t>" + "a" * (8 * 1024 * 1024) + "</w:t></w:r></w:p>")
    data = bytearray(big)
    for match in re.finditer(rb"PK\x03\x04", data):  # local headers: uncompressed size at +22
        name_len = struct.unpack_from("<H", data, match.start() + 26)[0]
        if data[match.start() + 30: match.start() + 30 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, match.start() + 22, 1000)
    for match in re.finditer(rb"PK\x01\x02", data):  # central directory: at +24
        name_len = struct.unpack_from("<H", data, match.start() + 28)[0]
        if data[match.start() + 46: match.start() + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, match.start() + 24, 1000)
    return bytes(data)


def with_relationship(target: str) -> bytes:
    """A valid package whose document relates to an image at `target`."""
    data = valid_docx_bytes()
    rels = part(data, "word/_rels/document.xml.rels").replace(
        b"</Relationships>", f'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/'
                             f'2006/relationships/image" Target="{target}"/></Relationships>'.encode())
    types = part(data, "[Content_Types].xml")
    if b'Extension="png"' not in types:
        types = types.replace(b"</Types>", b'<Default Extension="png" ContentType="image/png"/></Types>')
    return rewrite_parts(data, {"word/_rels/document.xml.rels": rels, "[Content_Types].xml": types},
                         add={"evil.png": b"\x89PNG"})


def deeply_nested(levels: int) -> bytes:
    return with_document_xml("<w:customXml>" * levels + "<w:p/>" + "</w:customXml>" * levels)


HOSTILE = {
    "part name with ..": lambda secret: rewrite_parts(valid_docx_bytes(), add={"../evil.xml": b"<x/>"}),
    "absolute part name": lambda secret: rewrite_parts(valid_docx_bytes(), add={"/tmp/evil.xml": b"<x/>"}),
    "backslash part name": lambda secret: rewrite_parts(valid_docx_bytes(), add={"word\\evil.xml": b"<x/>"}),
    "relationship leaving the package": lambda secret: with_relationship("../../evil.png"),
    "too deeply nested": lambda secret: deeply_nested(300),
    "empty file": lambda secret: b"",
    "plain text": lambda secret: "Dự thảo Chỉ thị\n".encode("utf-8"),
    "truncated zip": lambda secret: valid_docx_bytes()[:3000],
    "legacy .doc": lambda secret: legacy_doc(),
    "encrypted .docx": lambda secret: encrypted_docx(),
    "macro-enabled .docm": lambda secret: docm(),
    "zip bomb": lambda secret: zip_bomb(),
    "lying zip directory": lambda secret: lying_zip_directory(),
    "xxe general entity": xxe_general_entity,
    "xxe parameter entity": xxe_parameter_entity,
    "xxe in styles part": xxe_in_styles,
    "xxe in utf-16": xxe_utf16,
    "billion laughs": lambda secret: billion_laughs(),
    "corrupt document xml": lambda secret: rewrite_parts(
        valid_docx_bytes(), {"word/document.xml": b"<w:document xmlns:w='x'><w:body><w:p></w:body>"}),
    "missing document part": lambda secret: rewrite_parts(valid_docx_bytes(), drop=("word/document.xml",)),
    "missing content types": lambda secret: rewrite_parts(valid_docx_bytes(), drop=("[Content_Types].xml",)),
    "document without body": lambda secret: rewrite_parts(
        valid_docx_bytes(), {"word/document.xml": f'<w:document xmlns:w="{W_NS}"/>'.encode()}),
    "excel workbook": lambda secret: rewrite_parts(valid_docx_bytes(), {"[Content_Types].xml": part(
        valid_docx_bytes(), "[Content_Types].xml").replace(
        DOCX_MAIN.encode(), b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")}),
}


# ---------------------------------------------------------------- helpers

@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def write_input(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / (re.sub(r"\W+", "-", name) + ".docx")
    path.write_bytes(data)
    return path


def outline(path: Path, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["outline", str(path)], env=env)


def assert_refused(result, path: Path, *words: str) -> None:
    """Exit 2; at most three stderr lines, naming the file; no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 3, lines
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr + result.output
    for word in words:
        assert word in result.stderr.lower(), (word, result.stderr)


# ---------------------------------------------------------------- tests

@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_refused_with_one_line_and_exit_2(tmp_path: Path, secret: Path, name: str) -> None:
    path = write_input(tmp_path, name, HOSTILE[name](secret))
    assert_refused(outline(path), path)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_file_is_left_unchanged(tmp_path: Path, secret: Path, name: str) -> None:
    path = write_input(tmp_path, name, HOSTILE[name](secret))
    before = path.read_bytes()
    outline(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, secret.name])


@pytest.mark.parametrize("name", [n for n in HOSTILE if n.startswith("xxe")])
def test_external_entity_never_leaks_a_local_file(tmp_path: Path, secret: Path, name: str) -> None:
    path = write_input(tmp_path, name, HOSTILE[name](secret))
    result = outline(path)
    assert SECRET not in result.output + result.stderr
    assert "document type declaration" in result.stderr


@pytest.mark.parametrize("name,words", [
    ("legacy .doc", ["legacy", ".doc"]),
    ("encrypted .docx", ["encrypted"]),
    ("macro-enabled .docm", ["macro", "save it as a word document (.docx)"]),
    ("zip bomb", ["zip bomb", "drafting_max_ratio"]),
    ("truncated zip", ["not a .docx"]),
    ("corrupt document xml", ["broken xml", "word/document.xml"]),
    ("missing document part", ["word/document.xml", "missing"]),
    ("billion laughs", ["document type declaration"]),
    ("lying zip directory", ["damaged", "word/document.xml"]),
    ("part name with ..", ["../evil.xml", "'..' segment"]),
    ("absolute part name", ["/tmp/evil.xml", "absolute"]),
    ("backslash part name", ["backslash"]),
    ("relationship leaving the package", ["ridx", "../../evil.png", "outside the package"]),
    ("too deeply nested", ["word/document.xml", "nested more than 256 levels"]),
])
def test_refusal_message_says_what_is_wrong(tmp_path: Path, secret: Path, name: str, words: list[str]) -> None:
    path = write_input(tmp_path, name, HOSTILE[name](secret))
    assert_refused(outline(path), path, *words)


def test_valid_document_still_opens(tmp_path: Path) -> None:
    path = write_input(tmp_path, "valid", valid_docx_bytes())
    result = outline(path)
    assert result.exit_code == 0, result.stderr
    assert "Mục tiêu" in result.output


def test_unpacked_size_limit_is_configurable_by_environment(tmp_path: Path) -> None:
    path = write_input(tmp_path, "valid", valid_docx_bytes())
    assert_refused(outline(path, env={"DRAFTING_MAX_TOTAL_BYTES": "1000"}), path, "drafting_max_total_bytes")


def test_raised_ratio_limit_lets_a_highly_compressed_part_through(tmp_path: Path) -> None:
    path = write_input(tmp_path, "zeros", zip_bomb())
    assert outline(path, env={"DRAFTING_MAX_RATIO": "100000"}).exit_code == 0


def test_invalid_limit_in_environment_is_a_usage_error(tmp_path: Path) -> None:
    path = write_input(tmp_path, "valid", valid_docx_bytes())
    result = outline(path, env={"DRAFTING_MAX_PARTS": "many"})
    assert result.exit_code == 2
    assert "DRAFTING_MAX_PARTS" in result.stderr


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "absent.docx"
    assert_refused(outline(path), path, "not found")


def test_folder_instead_of_file_is_named(tmp_path: Path) -> None:
    assert_refused(outline(tmp_path), tmp_path, "folder")


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_device_instead_of_file_is_refused_without_reading_it() -> None:
    assert_refused(outline(Path("/dev/null")), Path("/dev/null"), "not a regular file")


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = write_input(tmp_path, "valid", valid_docx_bytes())
    assert_refused(outline(path, env={"DRAFTING_MAX_FILE_BYTES": "100"}), path, "drafting_max_file_bytes")


def test_real_command_refuses_xxe_without_traceback(tmp_path: Path, secret: Path) -> None:
    """The installed entry point, in its own process, behaves as CliRunner showed."""
    path = write_input(tmp_path, "xxe", xxe_general_entity(secret))
    proc = subprocess.run([sys.executable, "-m", "drafting", "outline", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert str(path) in proc.stderr
    assert SECRET not in proc.stdout + proc.stderr


def test_the_depth_limit_is_told_in_our_words_not_libxml2s(tmp_path: Path) -> None:
    path = write_input(tmp_path, "deep", deeply_nested(300))
    assert "XML_PARSE_HUGE" not in outline(path).stderr


def test_a_relationship_into_the_package_through_dot_dot_is_honest(tmp_path: Path) -> None:
    path = write_input(tmp_path, "up and back", with_relationship("../evil.png"))
    assert outline(path).exit_code == 0


@pytest.mark.parametrize("element", ["<w:p/>", "<w:p><w:r/></w:p>"])
def test_honest_repetitive_xml_is_not_taken_for_a_zip_bomb(tmp_path: Path, element: str) -> None:
    """A few MB of the same empty paragraph compress 400 to 690:1, beyond the
    old ratio limit of 200:1; only the unpacked sizes judge them."""
    data = with_document_xml("<w:p><w:r><w:t>I. Mục tiêu</w:t></w:r></w:p>" + element * 300_000)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
    assert info.file_size > 1024 * 1024 and info.file_size / info.compress_size > 400
    from drafting.package import open_package
    assert open_package(data, read_only=True).element is not None
