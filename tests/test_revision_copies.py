"""What `compare` needs from the revision engine: whole paragraphs, rows and
tables copied from another version and marked inserted, content replaced
whole, rows deleted, and objects (text boxes, equations) revised with the
runs that carry them."""
from __future__ import annotations

import copy

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from drafting.oxml.ns import MC_NS, w
from drafting.oxml.revision import (
    delete_paragraph, delete_row, delete_table, insert_paragraph_copy, insert_row_copy, insert_table_copy,
    replace_paragraph_content,
)
from drafting.oxml.text import paragraph_text
from drafting.verify import structure_problems as verify_structure
from support.revision_helpers import accepted, context, rejected, structure_problems, texts

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def check(document, before: list[str], after: list[str]) -> None:
    root = document.element
    assert texts(rejected(root)) == before
    assert texts(accepted(root)) == after
    assert structure_problems(root) == []


def source_paragraph(text: str, bold: bool = True):
    """A paragraph of 'another version': own style and formatting, detached."""
    other = Document()
    p = other.add_paragraph(style="List Number")
    p.paragraph_format.space_after = Pt(12)
    p.add_run(text).bold = bold
    return copy.deepcopy(p._p)


def test_copied_paragraph_keeps_its_own_formatting_and_is_all_inserted():
    document = Document()
    ref = document.add_paragraph("Một.")._p
    document.add_paragraph("Hai.")
    new = insert_paragraph_copy(ref, source_paragraph("Mới."), context(document))
    assert new.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "ListNumber"
    assert new.find(f"{w('ins')}/{w('r')}/{w('rPr')}/{w('b')}") is not None
    assert new.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}") is not None
    check(document, ["Một.", "Hai."], ["Một.", "Mới.", "Hai."])


def test_copied_paragraph_drops_its_section_break():
    document = Document()
    ref = document.add_paragraph("Một.")._p
    source = source_paragraph("Mới.")
    source.get_or_add_pPr().append(parse_xml(f"<w:sectPr {nsdecls('w')}/>"))
    new = insert_paragraph_copy(ref, source, context(document))
    assert new.find(f"{w('pPr')}/{w('sectPr')}") is None


def test_copied_paragraph_at_the_end_of_the_body_rejects_to_the_original():
    document = Document()
    document.add_paragraph("Một.")
    last = document.add_paragraph("Hai.")._p
    insert_paragraph_copy(last, source_paragraph("Ba."), context(document))
    check(document, ["Một.", "Hai."], ["Một.", "Hai.", "Ba."])


def test_copied_paragraph_goes_into_an_empty_container():
    note = parse_xml(f"<w:footnote {nsdecls('w')} w:id='1'/>")
    document = Document()
    new = insert_paragraph_copy(note, source_paragraph("Chú thích."), context(document))
    assert new.getparent() is note
    assert paragraph_text(accepted(note).find(w("p"))) == "Chú thích."
    assert rejected(note).find(f".//{w('t')}") is None


def test_replaced_content_keeps_the_paragraph_and_its_properties():
    document = Document()
    p = document.add_paragraph("Cũ hoàn toàn.", style="Heading 1")._p
    document.add_paragraph("Sau.")
    created = replace_paragraph_content(p, source_paragraph("Mới hẳn."), context(document))
    assert [el.tag for el in created] == [w("del"), w("ins")]
    assert p.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "Heading1"
    check(document, ["Cũ hoàn toàn.", "Sau."], ["Mới hẳn.", "Sau."])


def table_document():
    document = Document()
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.paragraphs[0].add_run(f"{r}{c}")
    document.add_paragraph("Sau bảng.")
    return document, table._tbl


def test_deleted_row_is_marked_and_goes_on_accept():
    document, tbl = table_document()
    row = tbl.findall(w("tr"))[0]
    delete_row(row, context(document))
    assert row.find(f"{w('trPr')}/{w('del')}") is not None
    check(document, ["00", "01", "10", "11", "Sau bảng."], ["10", "11", "Sau bảng."])


def test_copied_row_is_marked_inserted_and_goes_on_reject():
    document, tbl = table_document()
    rows = tbl.findall(w("tr"))
    new_row = copy.deepcopy(rows[1])
    insert_row_copy(rows[0], new_row, context(document))
    assert new_row.find(f"{w('trPr')}/{w('ins')}") is not None
    check(document, ["00", "01", "10", "11", "Sau bảng."], ["00", "01", "10", "11", "10", "11", "Sau bảng."])


def test_whole_tables_are_deleted_and_inserted_row_by_row():
    document, tbl = table_document()
    after = document.paragraphs[-1]._p
    ctx = context(document)
    insert_table_copy(after, copy.deepcopy(tbl), ctx)
    delete_table(tbl, ctx)
    check(document, ["00", "01", "10", "11", "Sau bảng."], ["Sau bảng.", "00", "01", "10", "11"])


def test_deleting_a_text_box_deletes_its_text_too():
    document = Document()
    p = parse_xml(
        f"<w:p {nsdecls('w')} xmlns:mc='{MC_NS}' xmlns:wps='{WPS}'><w:r><w:t>Neo </w:t></w:r><w:r><mc:AlternateContent><mc:Choice>"
        "<w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Trong hộp.</w:t></w:r></w:p></w:txbxContent>"
        "</wps:txbx></w:drawing></mc:Choice></mc:AlternateContent></w:r></w:p>")
    document.element.body.sectPr.addprevious(p)
    document.add_paragraph("Sau.")
    delete_paragraph(p, context(document))
    assert [t.text for t in p.iter(w("delText"))] == ["Neo ", "Trong hộp."]
    # The text box is a story of its own: its w:del inside the anchor's w:del is not nesting.
    assert verify_structure({"word/document.xml": document.element}, None) == []


def test_deleting_a_paragraph_deletes_its_equation():
    document = Document()
    p = parse_xml(f"<w:p {nsdecls('w')} xmlns:m='{M}'><m:oMathPara><m:oMath><m:r><m:t>x=1</m:t></m:r>"
                  "</m:oMath></m:oMathPara></w:p>")
    document.element.body.sectPr.addprevious(p)
    document.add_paragraph("Sau.")
    delete_paragraph(p, context(document))
    math_run = next(p.iter(f"{{{M}}}r"))
    assert math_run.getparent().tag == w("del")
    assert next(accepted(p).iter(f"{{{M}}}r"), None) is None
