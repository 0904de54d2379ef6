"""The lean package layer (`drafting.opc` behind `drafting.package.open_package`):
what it writes back is what it read, except what was changed."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from drafting.errors import InputError
from drafting.opc import target_name
from drafting.oxml.ns import w
from drafting.package import COMMENTS_REL, open_package


def python_docx_file(tmp_path: Path, *texts: str) -> Path:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    path = tmp_path / "source.docx"
    document.save(path)
    return path


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        return {name: z.read(name) for name in z.namelist()}


def test_an_unchanged_package_is_written_back_part_for_part(tmp_path):
    path = python_docx_file(tmp_path, "Một.", "Hai.")
    document = open_package(path)
    for name in document.text_parts():          # parsed for reading only
        document.package.peek(name)
    assert parts(document.to_bytes()) == parts(path.read_bytes())


def test_a_changed_part_is_written_from_its_tree_and_the_others_copied(tmp_path):
    path = python_docx_file(tmp_path, "Một.")
    document = open_package(path)
    document.element.find(w("body")).find(w("p")).find(w("r")).find(w("t")).text = "Đã sửa."
    before, after = parts(path.read_bytes()), parts(document.to_bytes())
    assert "Đã sửa." in after["word/document.xml"].decode("utf-8")
    assert {n for n in before if before[n] != after[n]} == {"word/document.xml"}
    assert [p.text for p in docx.Document(io.BytesIO(document.to_bytes())).paragraphs] == ["Đã sửa."]


def test_content_types_come_first_in_the_zip(tmp_path):
    document = open_package(python_docx_file(tmp_path, "Một."))
    with zipfile.ZipFile(io.BytesIO(document.to_bytes())) as z:
        assert z.namelist()[0] == "[Content_Types].xml"


def test_a_new_comments_part_is_related_and_typed(tmp_path):
    document = open_package(python_docx_file(tmp_path, "Một."))
    document.comments_root()
    written = parts(document.to_bytes())
    assert "word/comments.xml" in written
    assert b'PartName="/word/comments.xml"' in written["[Content_Types].xml"]
    assert COMMENTS_REL.encode() in written["word/_rels/document.xml.rels"]
    assert open_package_bytes(tmp_path, document.to_bytes()).related_root(COMMENTS_REL) is not None


def test_dropping_related_parts_removes_part_relationship_and_type(tmp_path):
    document = open_package(python_docx_file(tmp_path, "Một."))
    document.comments_root()
    reopened = open_package_bytes(tmp_path, document.to_bytes())
    reopened.drop_related((COMMENTS_REL,))
    written = parts(reopened.to_bytes())
    assert "word/comments.xml" not in written
    assert b"comments" not in written["[Content_Types].xml"]
    assert b"comments" not in written["word/_rels/document.xml.rels"]


def test_copies_do_not_share_changes(tmp_path):
    document = open_package(python_docx_file(tmp_path, "Một."))
    copy = document.copy()
    copy.element.find(w("body")).find(w("p")).find(w("r")).find(w("t")).text = "Khác."
    assert "Khác." not in parts(document.to_bytes())["word/document.xml"].decode()
    assert "Khác." in parts(copy.to_bytes())["word/document.xml"].decode()


def test_relationship_targets_resolve_relative_and_absolute():
    assert target_name("word/document.xml", "media/image1.png") == "word/media/image1.png"
    assert target_name("word/document.xml", "../customXml/item1.xml") == "customXml/item1.xml"
    assert target_name("word/document.xml", "/word/styles.xml") == "word/styles.xml"
    assert target_name("", "word/document.xml") == "word/document.xml"


def open_package_bytes(tmp_path: Path, data: bytes):
    path = tmp_path / "written.docx"
    path.write_bytes(data)
    return open_package(path)


def test_a_part_whose_local_header_lies_is_not_copied_but_refused(tmp_path):
    path = python_docx_file(tmp_path, "Một.")
    with zipfile.ZipFile(path, "a") as z:          # a part nobody parses (as an image)
        z.writestr("word/media/blob.bin", b"\x89PNG" + bytes(range(256)) * 8)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("word/media/blob.bin")
    name_at = info.header_offset + 30
    data[name_at:name_at + 4] = b"WORD"          # the local header no longer names the part
    path.write_bytes(bytes(data))
    document = open_package(path)
    assert document.package._raw(info) is None
    with pytest.raises(InputError, match="word/media/blob.bin"):
        document.to_bytes()
