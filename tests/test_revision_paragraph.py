"""revise_paragraph: word-level tracked changes mapped back onto the runs."""
from __future__ import annotations

from docx import Document

from drafting.oxml.ns import XML_NS, w
from drafting.oxml.revision import RevisionContext, revise_paragraph, tokenize
from drafting.oxml.text import paragraph_text
from drafting.package import open_package
from support.revision_helpers import (
    AUTHOR, DATE, accepted_text, descendants, paragraph, rejected_text,
    structure_problems, tags, xml_paragraph,
)

W_B = w("b")


def revise(p, new_text: str, ctx: RevisionContext | None = None):
    """Revise and check the three views every test relies on."""
    old = paragraph_text(p)
    ctx = ctx or RevisionContext(AUTHOR, DATE, 100)
    hunks = revise_paragraph(p, new_text, ctx)
    assert paragraph_text(p) == new_text          # the live (accepted) view
    assert accepted_text(p) == new_text
    assert rejected_text(p) == old
    assert structure_problems(p) == []
    return hunks


def run_texts(el) -> list[str]:
    return ["".join(t.text for t in r.iter(w("t"), w("delText"))) for r in el.iter(w("r"))]


def bold(el) -> bool:
    return el.find(f"{w('rPr')}/{W_B}") is not None


# -- tokens


def test_tokens_are_vietnamese_syllables_spaces_and_single_punctuation():
    assert tokenize("Tiếp thu ý kiến, số 3.") == [
        "Tiếp", " ", "thu", " ", "ý", " ", "kiến", ",", " ", "số", " ", "3", "."]


def test_tokens_keep_newlines_and_tabs_apart_from_spaces():
    assert tokenize("a \n\tb") == ["a", " ", "\n", "\t", "b"]


def test_tokens_keep_decomposed_tone_marks_inside_the_word():
    assert tokenize("hoa\u0300 bi\u0300nh") == ["hoa\u0300", " ", "bi\u0300nh"]


# -- the diff


def test_unchanged_text_is_a_no_op():
    p = paragraph(["Không đổi."])
    before = p.xml
    assert revise_paragraph(p, "Không đổi.", RevisionContext(AUTHOR, DATE)) == []
    assert p.xml == before


def test_one_word_change_is_one_deletion_and_one_insertion():
    p = paragraph(["Các cơ quan phải báo cáo kết quả."])
    hunks = revise(p, "Các cơ quan phải gửi kết quả.")
    assert [(h.old, h.new) for h in hunks] == [("báo cáo", "gửi")]
    assert tags(hunks[0].elements) == ["del", "ins"]
    assert len(descendants(p, "del")) == len(descendants(p, "ins")) == 1


def test_unchanged_words_keep_their_run():
    p = paragraph(["Các cơ quan phải báo cáo kết quả."])
    revise(p, "Các cơ quan phải gửi kết quả.")
    assert run_texts(p) == ["Các cơ quan phải ", "báo cáo", "gửi", " kết quả."]


def test_hunks_come_in_reading_order_with_offsets_in_the_old_text():
    p = paragraph(["một hai ba bốn năm"])
    hunks = revise(p, "một HAI ba bốn NĂM")
    assert [(h.start, h.old, h.new) for h in hunks] == [(4, "hai", "HAI"), (15, "năm", "NĂM")]


def test_vietnamese_syllable_change_replaces_only_that_syllable():
    p = paragraph(["Ủy ban nhân dân tỉnh Nghệ An"])
    hunks = revise(p, "Ủy ban nhân dân thành phố Nghệ An")
    assert [(h.old, h.new) for h in hunks] == [("tỉnh", "thành phố")]


def test_insertion_at_the_start_goes_before_the_first_run():
    p = paragraph(["giữa cuối"])
    hunks = revise(p, "Đầu giữa cuối")
    assert [(h.start, h.old, h.new) for h in hunks] == [(0, "", "Đầu ")]
    assert p.index(hunks[0].elements[0]) < p.index(p.find(w("r")))


def test_insertion_at_the_end_goes_after_the_last_run():
    p = paragraph(["đầu giữa"])
    hunks = revise(p, "đầu giữa cuối")
    assert [(h.start, h.old, h.new) for h in hunks] == [(8, "", " cuối")]
    assert p[-1] is hunks[0].elements[0]


def test_semantic_cleanup_joins_changes_separated_only_by_a_space():
    p = paragraph(["một hai ba bốn"])
    hunks = revise(p, "một HAI BA bốn")
    assert [(h.old, h.new) for h in hunks] == [("hai ba", "HAI BA")]


def test_deleting_everything_leaves_only_deleted_runs():
    p = paragraph(["Xóa ", ("hết", {"bold": True}), " đoạn này."])
    revise(p, "")
    assert descendants(p, "t") == []
    assert [d.getparent() is p for d in descendants(p, "del")] == [True]


def test_text_into_an_empty_paragraph_takes_the_paragraph_mark_formatting():
    p = xml_paragraph('<w:pPr><w:rPr><w:b/></w:rPr></w:pPr>')
    hunks = revise(p, "Mới")
    assert bold(hunks[0].elements[0].find(w("r")))


# -- formatting


def test_deleted_text_keeps_its_original_formatting():
    p = paragraph(["Thường ", ("đậm", {"bold": True}), " thường"])
    hunks = revise(p, "Thường thường")
    deleted_run = hunks[0].elements[0].find(w("r"))
    assert bold(deleted_run)


def test_inserted_text_takes_the_formatting_of_the_run_before_it():
    p = paragraph([("Đậm", {"bold": True}), ", thường"])
    hunks = revise(p, "Đậm thêm, thường")
    assert bold(hunks[0].elements[-1].find(w("r")))


def test_inserted_text_at_the_start_takes_the_formatting_of_the_first_run():
    p = paragraph([("Nghiêng", {"italic": True}), " thường"])
    hunks = revise(p, "Rất Nghiêng thường")
    assert hunks[0].elements[0].find(f"{w('r')}/{w('rPr')}/{w('i')}") is not None


def test_replacement_takes_the_formatting_of_the_text_it_replaces():
    p = paragraph(["Điều ", ("năm", {"bold": True}), " quy định"])
    hunks = revise(p, "Điều sáu quy định")
    assert bold(hunks[0].elements[-1].find(w("r")))


def test_change_across_differently_formatted_runs_splits_them_at_the_offsets():
    p = paragraph(["Một hai ", ("ba bốn", {"bold": True}), " năm sáu"])
    hunks = revise(p, "Một hai X năm sáu")
    assert [(h.old, h.new) for h in hunks] == [("ba bốn", "X")]
    p2 = paragraph(["Một hai ", ("ba bốn", {"bold": True}), " năm"])
    revise(p2, "Một X bốn năm")
    deleted_runs = [r for d in descendants(p2, "del") for r in d.iter(w("r"))]
    assert [(run_texts(r)[0], bold(r)) for r in deleted_runs] == [("hai ", False), ("ba", True)]
    kept = [r for r in p2.iter(w("r")) if r.getparent() is p2]
    assert [(run_texts(r)[0], bold(r)) for r in kept] == [("Một ", False), (" bốn", True), (" năm", False)]


def test_spaces_at_the_edges_of_split_text_are_preserved():
    p = paragraph(["một hai ba"])
    revise(p, "một X ba")
    for t in p.iter(w("t"), w("delText")):
        if t.text != t.text.strip():
            assert t.get(f"{{{XML_NS}}}space") == "preserve"


def test_tabs_and_line_breaks_in_new_text_become_tab_and_break_elements():
    p = paragraph(["Cột một cột hai"])
    hunks = revise(p, "Cột một\tcột hai\ndòng mới")
    inserted = [el.tag for h in hunks for el in h.elements[-1].iter(w("tab"), w("br"))]
    assert inserted == [w("tab"), w("br")]


def test_deleting_a_tab_deletes_the_tab_element():
    p = paragraph(["Tên:\tGiá trị"])
    revise(p, "Tên: Giá trị")
    assert [t.getparent().getparent().tag for t in p.iter(w("tab"))] == [w("del")]


# -- ids, authors


def test_every_revision_has_a_unique_id_the_author_and_the_date():
    p = paragraph(["một hai ba bốn năm sáu"])
    hunks = revise(p, "một HAI ba BỐN năm SÁU")
    elements = [el for h in hunks for el in h.elements]
    ids = [int(el.get(w("id"))) for el in elements]
    assert ids == sorted(ids) and len(set(ids)) == 6
    assert {(el.get(w("author")), el.get(w("date"))) for el in elements} == {(AUTHOR, DATE)}


def test_new_ids_start_above_every_id_in_the_document(tmp_path):
    document = Document()
    xml_paragraph('<w:bookmarkStart w:id="41" w:name="x"/><w:r><w:t>a</w:t></w:r>'
                  '<w:bookmarkEnd w:id="41"/>', document)
    document.save(tmp_path / "ids.docx")
    opened = open_package(tmp_path / "ids.docx")
    assert opened.top_id() == 41
    p = opened.element.find(w("body")).find(w("p"))
    hunks = revise_paragraph(p, "b", RevisionContext(AUTHOR, DATE, next_id=opened.top_id() + 1))
    assert min(int(el.get(w("id"))) for el in hunks[0].elements) == 42


# -- markup inside the paragraph


def test_deletion_inside_a_hyperlink_stays_inside_it():
    p = xml_paragraph(
        '<w:r><w:t xml:space="preserve">Xem </w:t></w:r>'
        '<w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
        '<w:t>Cổng thông tin điện tử</w:t></w:r></w:hyperlink>'
        '<w:r><w:t xml:space="preserve"> tỉnh.</w:t></w:r>')
    hunks = revise(p, "Xem Cổng tin điện tử tỉnh.")
    link = p.find(w("hyperlink"))
    assert [el.getparent() for el in hunks[0].elements] == [link]
    assert paragraph_text(link) == "Cổng tin điện tử"


def test_replacement_inside_a_hyperlink_keeps_the_new_text_in_the_link():
    p = xml_paragraph(
        '<w:hyperlink r:id="rId9"><w:r><w:t>trang cũ</w:t></w:r></w:hyperlink>')
    hunks = revise(p, "trang mới")
    assert [el.getparent().tag for el in hunks[0].elements] == [w("hyperlink")] * 2


def test_text_added_after_a_link_goes_outside_it_without_the_link_look():
    p = xml_paragraph(
        '<w:r><w:t xml:space="preserve">Xem </w:t></w:r>'
        '<w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
        '<w:t>đây</w:t></w:r></w:hyperlink>')
    hunks = revise(p, "Xem đây để biết thêm")
    ins = hunks[0].elements[0]
    assert ins.getparent() is p
    assert ins.find(f"{w('r')}/{w('rPr')}/{w('rStyle')}") is None


def test_bookmarks_and_proofing_marks_survive_and_one_word_is_one_deletion():
    p = xml_paragraph(
        '<w:r><w:t xml:space="preserve">Đánh giá </w:t></w:r>'
        '<w:bookmarkStart w:id="0" w:name="muc_tieu"/>'
        '<w:proofErr w:type="spellStart"/><w:r><w:t>thuc</w:t></w:r><w:proofErr w:type="spellEnd"/>'
        '<w:r><w:t xml:space="preserve"> chất</w:t></w:r><w:bookmarkEnd w:id="0"/>')
    hunks = revise(p, "Đánh giá thực chất")
    assert tags(hunks[0].elements) == ["del", "ins"]
    assert len(descendants(p, "bookmarkStart")) == len(descendants(p, "bookmarkEnd")) == 1
    assert len(descendants(p, "proofErr")) == 2


def test_a_multi_word_deletion_across_a_proofing_mark_is_one_deletion():
    p = xml_paragraph(
        '<w:r><w:t xml:space="preserve">giữ </w:t></w:r>'
        '<w:r><w:t xml:space="preserve">bỏ </w:t></w:r><w:proofErr w:type="spellStart"/>'
        '<w:r><w:t>bo</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t xml:space="preserve"> giữ</w:t></w:r>')
    hunks = revise(p, "giữ giữ")
    assert tags(hunks[0].elements) == ["del"]


FIELD = ('<w:r><w:t xml:space="preserve">Xem trang </w:t></w:r>'
         '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
         '<w:r><w:instrText xml:space="preserve"> PAGEREF muc_1 \\h </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
         '<w:r><w:t>12</w:t></w:r>'
         '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
         '<w:r><w:t xml:space="preserve"> của tài liệu.</w:t></w:r>')


def test_change_beside_a_field_leaves_the_field_whole():
    p = xml_paragraph(FIELD)
    revise(p, "Xem trang 12 của dự thảo.")
    assert [d for d in descendants(p, "del") if d.find(f".//{w('fldChar')}") is not None] == []


def test_text_added_right_after_a_field_result_goes_after_the_field_end():
    p = xml_paragraph(FIELD)
    hunks = revise(p, "Xem trang 12, của tài liệu.")
    ins = hunks[0].elements[0]
    assert ins.getprevious().find(w("fldChar")).get(w("fldCharType")) == "end"


def test_deleting_a_whole_field_result_deletes_the_field_with_its_instruction():
    p = xml_paragraph(FIELD)
    revise(p, "Xem trang của tài liệu.")
    deleted = [el for d in descendants(p, "del") for el in d.iter(w("fldChar"), w("delInstrText"))]
    assert len(deleted) == 4
    assert descendants(p, "instrText") == []


def test_change_inside_a_field_result_replaces_the_whole_result():
    p = xml_paragraph(FIELD.replace("<w:t>12</w:t>", "<w:t>mục 12</w:t>"))
    hunks = revise(p, "Xem trang mục 13 của tài liệu.")
    assert [(h.old, h.new) for h in hunks] == [("mục 12", "mục 13")]


# -- existing revisions


OTHER_INS = ('<w:r><w:t xml:space="preserve">Các cơ quan </w:t></w:r>'
             '<w:ins w:id="1" w:author="Võ Văn Dũng" w:date="2021-02-01T00:00:00Z">'
             '<w:r><w:t xml:space="preserve">và đơn vị </w:t></w:r></w:ins>'
             '<w:r><w:t>thực hiện.</w:t></w:r>')


def test_deleting_text_of_another_authors_insertion_nests_the_deletion_in_it():
    p = xml_paragraph(OTHER_INS)
    old_reject = rejected_text(p)
    ctx = RevisionContext(AUTHOR, DATE, 10)
    hunks = revise_paragraph(p, "Các cơ quan và thực hiện.", ctx)
    assert hunks[0].elements[0].getparent().tag == w("ins")
    assert paragraph_text(p) == accepted_text(p) == "Các cơ quan và thực hiện."
    assert rejected_text(p) == old_reject == "Các cơ quan thực hiện."
    assert structure_problems(p) == []


def test_inserting_inside_another_authors_insertion_splits_it():
    p = xml_paragraph(OTHER_INS)
    ctx = RevisionContext(AUTHOR, DATE, 10)
    hunks = revise_paragraph(p, "Các cơ quan và các đơn vị thực hiện.", ctx)
    ins = hunks[0].elements[0]
    assert ins.getparent() is p
    assert [i.get(w("author")) for i in p.iter(w("ins"))] == ["Võ Văn Dũng", AUTHOR, "Võ Văn Dũng"]
    assert accepted_text(p) == "Các cơ quan và các đơn vị thực hiện."
    assert rejected_text(p) == "Các cơ quan thực hiện."
    assert structure_problems(p) == []


def test_text_inside_an_existing_deletion_is_never_touched():
    p = xml_paragraph('<w:r><w:t xml:space="preserve">giữ </w:t></w:r>'
                      '<w:del w:id="1" w:author="A" w:date="2021-02-01T00:00:00Z">'
                      '<w:r><w:delText xml:space="preserve">đã xóa </w:delText></w:r></w:del>'
                      '<w:r><w:t>lại</w:t></w:r>')
    ctx = RevisionContext(AUTHOR, DATE, 10)
    revise_paragraph(p, "giữ nguyên", ctx)
    old_del = p.find(w("del"))
    assert old_del.get(w("author")) == "A" and run_texts(old_del) == ["đã xóa "]
    assert rejected_text(p) == "giữ đã xóa lại"
    assert structure_problems(p) == []


def test_split_runs_with_a_formatting_change_get_fresh_revision_ids():
    p = xml_paragraph('<w:r><w:rPr><w:b/><w:rPrChange w:id="5" w:author="A" w:date="2021-02-01T00:00:00Z">'
                      '<w:rPr/></w:rPrChange></w:rPr><w:t>một hai ba</w:t></w:r>')
    revise_paragraph(p, "một X ba", RevisionContext(AUTHOR, DATE, 10))
    assert len(descendants(p, "rPrChange")) == 3
    assert structure_problems(p) == []
