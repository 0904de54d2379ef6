"""Edits that fall inside a field's result (a cross-reference, a page number):
applied so that Word and LibreOffice show them and a field update cannot bring
the old result back: the whole field is deleted and its new text inserted.
A simple field (w:fldSimple) is rewritten as the equivalent complex field first,
since no tracked change may sit inside one."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree

from drafting.model import Comment, Decision, Edit, EditKind, Feedback
from drafting.reader import read_draft
from drafting.revise import revise
from drafting.verify import verify
from support.libreoffice import review

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SENTENCE = "1. Thực hiện theo Điều 5 của Chỉ thị này."
TARGET = (f'<w:p xmlns:w="{W}"><w:r><w:t xml:space="preserve">Xem thêm: </w:t></w:r>'
          '<w:bookmarkStart w:id="90" w:name="_Ref5"/><w:r><w:t>Điều 5</w:t></w:r><w:bookmarkEnd w:id="90"/></w:p>')


def with_target(document, path):
    """The paragraph holding the bookmark the REF field shows (LibreOffice recomputes it), saved."""
    document.element.body.insert(0, etree.fromstring(TARGET))          # in the preamble
    document.save(path)
    return path


def simple_field_draft(path):
    """ "… theo <REF field showing 'Điều 5'> của Chỉ thị này." as a w:fldSimple."""
    document = docx.Document()
    document.add_paragraph("I. TỔ CHỨC THỰC HIỆN")
    p = document.add_paragraph("1. Thực hiện theo ")
    p._p.append(etree.fromstring(f'<w:fldSimple xmlns:w="{W}" w:instr=" REF _Ref5 \\h "><w:r><w:t>Điều 5</w:t>'
                                 f'</w:r></w:fldSimple>'))
    p.add_run(" của Chỉ thị này.")
    return with_target(document, path)


def complex_field_draft(path):
    document = docx.Document()
    document.add_paragraph("I. TỔ CHỨC THỰC HIỆN")
    p = document.add_paragraph("1. Thực hiện theo ")
    for xml in ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText xml:space="preserve"> REF _Ref5 \\h </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', '<w:r><w:t>Điều 5</w:t></w:r>',
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'):
        p._p.append(etree.fromstring(xml.replace("<w:r>", f'<w:r xmlns:w="{W}">')))
    p.add_run(" của Chỉ thị này.")
    return with_target(document, path)


DRAFTS = {"fldSimple": simple_field_draft, "complex": complex_field_draft}


def revised(draft, tmp_path, target, text):
    feedback = Feedback(comments=[Comment(id="1", by="A", section="I.1", text="sửa", decision=Decision.ACCEPTED,
                                          response="ok", edits=[Edit(EditKind.REPLACE, target=target, text=text)])])
    result = revise(draft, feedback, author="T", date="2021-02-05")
    tracked, clean = tmp_path / "tracked.docx", tmp_path / "clean.docx"
    tracked.write_bytes(result.tracked)
    clean.write_bytes(result.clean)
    return tracked, clean


def body(path) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


@pytest.mark.parametrize("kind", sorted(DRAFTS))
def test_the_field_result_is_part_of_the_paragraph_text(kind, tmp_path):
    draft = read_draft(DRAFTS[kind](tmp_path / "draft.docx"))
    assert draft.paragraphs[2].text == SENTENCE


@pytest.mark.parametrize("kind", sorted(DRAFTS))
@pytest.mark.parametrize("target, text", [("Điều 5", "Điều 6"), ("theo Điều 5 của", "tại")])
def test_an_edit_inside_a_field_result_reads_right_in_libreoffice(kind, target, text, tmp_path, soffice, pandoc):
    draft = DRAFTS[kind](tmp_path / "draft.docx")
    tracked, clean = revised(draft, tmp_path, target, text)
    root = body(tracked)
    assert not root.xpath("//w:fldSimple//w:ins | //w:fldSimple//w:del | //w:ins//w:fldSimple | "
                          "//w:del//w:fldSimple", namespaces={"w": W})
    # pandoc 2.17 shows no w:fldSimple result at all: its text check only for complex fields
    texts = {"original": draft, "clean": clean} if kind == "complex" else {}
    assert verify(tracked, **texts, require_pandoc=True).problems == []
    (accept,), _ = review("accept", [tracked], tmp_path)
    (reject,), _ = review("reject", [tracked], tmp_path)
    assert accept[2] == SENTENCE.replace(target, text)
    assert reject[2] == SENTENCE


@pytest.mark.parametrize("kind", sorted(DRAFTS))
def test_the_new_text_is_no_field_result_so_an_update_cannot_undo_it(kind, tmp_path):
    _, clean = revised(DRAFTS[kind](tmp_path / "draft.docx"), tmp_path, "Điều 5", "Điều 6")
    root = body(clean)
    assert "Điều 6" in "".join(root.itertext())
    assert not root.xpath("//w:fldSimple | //w:fldChar | //w:instrText", namespaces={"w": W})


def test_an_edit_next_to_a_simple_field_keeps_the_field(tmp_path):
    _, clean = revised(simple_field_draft(tmp_path / "draft.docx"), tmp_path, "Thực hiện", "Triển khai")
    root = body(clean)
    assert root.xpath("//w:fldSimple/@w:instr", namespaces={"w": W}) == [" REF _Ref5 \\h "]
