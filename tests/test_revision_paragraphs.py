"""insert_paragraph / delete_paragraph: whole paragraphs as tracked changes,
including the places where a paragraph mark cannot be tracked away."""
from __future__ import annotations

from docx import Document
from docx.shared import Pt

from drafting.oxml.ns import w
from drafting.oxml.revision import delete_paragraph, insert_paragraph
from drafting.oxml.text import paragraph_text
from support.revision_helpers import (
    accepted, context, descendants, rejected, structure_problems, texts,
)


def three(document=None):
    document = document or Document()
    for text in ("Một.", "Hai.", "Ba."):
        document.add_paragraph(text)
    return document


def check(document, before: list[str], after: list[str]) -> None:
    root = document.element
    assert texts(accepted(root)) == after
    assert texts(rejected(root)) == before
    assert structure_problems(root) == []


def mark(p, tag: str):
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    return rpr.find(w(tag)) if rpr is not None else None


def test_inserted_paragraph_is_all_inserted_runs_and_an_inserted_mark():
    document = three()
    ref = document.paragraphs[0]._p
    new = insert_paragraph(ref, "Mới.", context(document))
    assert ref.getnext() is new
    assert [r.getparent().tag for r in new.iter(w("r"))] == [w("ins")]
    assert mark(new, "ins") is not None
    check(document, ["Một.", "Hai.", "Ba."], ["Một.", "Mới.", "Hai.", "Ba."])


def test_inserted_paragraph_can_go_before_the_reference():
    document = three()
    new = insert_paragraph(document.paragraphs[0]._p, "Đầu.", context(document), before=True)
    assert new.getnext() is document.paragraphs[1]._p
    check(document, ["Một.", "Hai.", "Ba."], ["Đầu.", "Một.", "Hai.", "Ba."])


def test_inserted_paragraph_copies_style_indents_numbering_and_first_run_format():
    document = Document()
    template = document.add_paragraph(style="List Number")
    template.paragraph_format.first_line_indent = Pt(28)
    template.add_run("Mẫu").bold = True
    ref = document.add_paragraph("Tham chiếu.")
    document.add_paragraph("Sau.")
    new = insert_paragraph(ref._p, "Mới.", context(document), template_p=template._p)
    ppr = new.find(w("pPr"))
    assert ppr.find(w("pStyle")).get(w("val")) == "ListNumber"
    assert ppr.find(w("ind")) is not None
    assert new.find(f".//{w('r')}/{w('rPr')}/{w('b')}") is not None


def test_inserted_paragraph_text_with_tabs_and_breaks():
    document = three()
    new = insert_paragraph(document.paragraphs[2]._p, "a\tb\nc", context(document), before=True)
    assert paragraph_text(new) == "a\tb\nc"
    check(document, ["Một.", "Hai.", "Ba."], ["Một.", "Hai.", "a\tb\nc", "Ba."])


def test_paragraph_added_after_the_last_one_marks_the_previous_mark_inserted():
    document = three()
    last = document.paragraphs[2]._p
    new = insert_paragraph(last, "Cuối.", context(document))
    assert mark(last, "ins") is not None and mark(new, "ins") is None
    check(document, ["Một.", "Hai.", "Ba."], ["Một.", "Hai.", "Ba.", "Cuối."])


def test_several_paragraphs_added_at_the_end_reject_to_the_original():
    document = three()
    ctx = context(document)
    first = insert_paragraph(document.paragraphs[2]._p, "Bốn.", ctx)
    insert_paragraph(first, "Năm.", ctx)
    check(document, ["Một.", "Hai.", "Ba."], ["Một.", "Hai.", "Ba.", "Bốn.", "Năm."])


def test_paragraph_added_at_the_end_of_a_table_cell():
    document = Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.paragraphs[0].add_run("Ô.")
    document.add_paragraph("Sau bảng.")
    insert_paragraph(cell.paragraphs[0]._p, "Ô mới.", context(document))
    check(document, ["Ô.", "", "Sau bảng."], ["Ô.", "Ô mới.", "", "Sau bảng."])


def test_deleted_paragraph_disappears_on_accept():
    document = three()
    created = delete_paragraph(document.paragraphs[1]._p, context(document))
    assert [el.tag for el in created] == [w("del"), w("del")]
    assert mark(document.paragraphs[1]._p, "del") is not None
    check(document, ["Một.", "Hai.", "Ba."], ["Một.", "Ba."])


def test_deleting_the_last_paragraph_deletes_the_mark_before_it():
    document = three()
    paragraphs = [p._p for p in document.paragraphs]
    delete_paragraph(paragraphs[2], context(document))
    assert mark(paragraphs[1], "del") is not None and mark(paragraphs[2], "del") is None
    check(document, ["Một.", "Hai.", "Ba."], ["Một.", "Hai."])


def test_deleting_the_last_paragraphs_in_any_order_leaves_no_empty_paragraph():
    for order in ((1, 2), (2, 1)):
        document = three()
        paragraphs = [p._p for p in document.paragraphs]
        ctx = context(document)
        for k in order:
            delete_paragraph(paragraphs[k], ctx)
        check(document, ["Một.", "Hai.", "Ba."], ["Một."])


def test_deleting_the_last_paragraph_of_a_cell():
    document = Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("Giữ.")
    cell.add_paragraph("Bỏ.")
    delete_paragraph(cell.paragraphs[1]._p, context(document))
    check(document, ["Giữ.", "Bỏ."], ["Giữ."])


def test_deleting_the_only_paragraph_of_a_cell_leaves_it_empty():
    document = Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("Bỏ.")
    created = delete_paragraph(cell.paragraphs[0]._p, context(document))
    assert [el.tag for el in created] == [w("del")]
    check(document, ["Bỏ."], [""])


def test_deleting_a_paragraph_before_a_table_deletes_the_previous_mark():
    document = three()
    document.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run("Ô.")
    paragraphs = [p._p for p in document.paragraphs]
    delete_paragraph(paragraphs[2], context(document))
    check(document, ["Một.", "Hai.", "Ba.", "Ô."], ["Một.", "Hai.", "Ô."])


def test_deleting_a_paragraph_nests_its_deletion_in_another_authors_insertion():
    document = three()
    p = document.paragraphs[1]._p
    ins = p.makeelement(w("ins"), {w("id"): "1", w("author"): "A", w("date"): "2021-01-01T00:00:00Z"})
    ins.append(p.find(w("r")))
    p.append(ins)
    delete_paragraph(p, context(document))
    assert descendants(p, "t") == []
    assert ins.find(w("del")) is not None
    assert texts(accepted(document.element)) == ["Một.", "Ba."]
    assert structure_problems(document.element) == []
