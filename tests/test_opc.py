"""The package layer: python-docx opens and saves every .docx
(`drafting.package.open_package` over `drafting.opc`); what it writes back
means what it read, except what was changed."""
from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import docx
from lxml import etree

from drafting.opc import LazyXmlPart
from drafting.oxml.ns import COMMENTS_REL, w
from drafting.package import open_package
from drafting.reader import read_draft
from drafting.revise import revise
from drafting.model import Comment, Decision, Edit, EditKind, Feedback


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


def canonical(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data, etree.XMLParser(remove_blank_text=True)), method="c14n")


def test_an_unchanged_package_is_written_back_with_the_same_parts(tmp_path):
    path = python_docx_file(tmp_path, "Một.", "Hai.")
    before, after = parts(path.read_bytes()), parts(open_package(path).to_bytes())
    assert set(before) == set(after)
    assert all(canonical(before[n]) == canonical(after[n]) for n in before if n.endswith((".xml", ".rels")))


def test_a_changed_part_is_saved_from_its_tree(tmp_path):
    path = python_docx_file(tmp_path, "Một.")
    document = open_package(path)
    document.element.find(w("body")).find(w("p")).find(w("r")).find(w("t")).text = "Đã sửa."
    assert [p.text for p in docx.Document(io.BytesIO(document.to_bytes())).paragraphs] == ["Đã sửa."]


def test_the_document_is_python_docx_s_own(tmp_path):
    document = open_package(python_docx_file(tmp_path, "Một."))
    assert isinstance(document.document, docx.document.Document)
    assert document.document.element is document.element
    document.document.add_paragraph("Thêm bằng python-docx.")
    assert "Thêm bằng python-docx." in parts(document.to_bytes())["word/document.xml"].decode()


def test_a_python_docx_document_and_bytes_are_accepted_as_sources(tmp_path):
    made = docx.Document()
    made.add_paragraph("I. Mục một")
    from_document = read_draft(made)
    from_bytes = read_draft(python_docx_file(tmp_path, "I. Mục một").read_bytes())
    assert from_document.ids == from_bytes.ids == ["preamble", "I"]


def test_a_new_comments_part_is_related_and_typed(tmp_path):
    document = open_package(python_docx_file(tmp_path, "Một."))
    document.comments_root()
    written = parts(document.to_bytes())
    assert "word/comments.xml" in written
    assert b'PartName="/word/comments.xml"' in written["[Content_Types].xml"]
    assert COMMENTS_REL.encode() in written["word/_rels/document.xml.rels"]
    assert open_package(document.to_bytes()).related_root(COMMENTS_REL) is not None


def test_dropping_related_parts_removes_part_relationship_and_type(tmp_path):
    document = open_package(python_docx_file(tmp_path, "Một."))
    document.comments_root()
    reopened = open_package(document.to_bytes())
    reopened.drop_related((COMMENTS_REL,))
    written = parts(reopened.to_bytes())
    assert "word/comments.xml" not in written
    assert b"comments" not in written["[Content_Types].xml"]
    assert b"comments" not in written["word/_rels/document.xml.rels"]


def test_a_notes_part_only_read_is_saved_as_it_came(corpus):
    path = corpus / "WC" / "WC063-Footnote-Mod.docx"
    document = open_package(path)
    name = next(n for n in document.package.names() if n.endswith("footnotes.xml"))
    assert isinstance(document.package.part(name), LazyXmlPart)
    document.top_id()                     # reads every text part
    assert parts(document.to_bytes())[name] == parts(path.read_bytes())[name]


def test_revise_leaves_the_draft_it_is_given_unchanged(tmp_path):
    draft = read_draft(python_docx_file(tmp_path, "I. Các cơ quan báo cáo hằng năm."))
    before = draft.document.to_bytes()
    comment = Comment("1", "Võ Văn Dũng", "Theo quý.", section="I", decision=Decision.ACCEPTED, response="Tiếp thu.",
                      edits=[Edit(EditKind.REPLACE, target="hằng năm", text="hằng quý")])
    result = revise(draft, Feedback([comment]))
    assert draft.document.to_bytes() == before
    assert [p.text for p in result.clean_document().paragraphs] == ["I. Các cơ quan báo cáo hằng quý."]
    tracked = result.tracked_document().element
    assert "".join(t.text for t in tracked.iter(w("delText"))) == "năm"
    assert "".join(t.text for i in tracked.iter(w("ins")) for t in i.iter(w("t"))) == "quý"


def test_revise_runs_in_threads_at_once(tmp_path):
    """Library functions may be called from any thread of a server."""
    path = python_docx_file(tmp_path, "I. Các cơ quan báo cáo hằng năm.")
    comment = Comment("1", "Võ Văn Dũng", "Theo quý.", section="I", decision=Decision.ACCEPTED, response="Tiếp thu.",
                      edits=[Edit(EditKind.REPLACE, target="hằng năm", text="hằng quý")])
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(revise(path, Feedback([comment])).clean))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 4
    assert {tuple(p.text for p in docx.Document(io.BytesIO(r)).paragraphs) for r in results} == {
        ("I. Các cơ quan báo cáo hằng quý.",)}
