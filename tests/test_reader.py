"""The reader: docx → Draft, sections and IDs as DESIGN.md section 2 says."""
import json
import unicodedata

import docx
from click.testing import CliRunner

from drafting.cli import cli
from drafting.reader import read_draft
from support.docs import make_docx, numbered, set_numbering

DIRECTIVE = [
    "ỦY BAN NHÂN DÂN", "CHỈ THỊ", "Về việc nâng cao chất lượng công tác thi đua",
    "Thời gian qua, công tác thi đua đạt nhiều kết quả.",
    "I. MỤC TIÊU, YÊU CẦU",
    "1. Mục tiêu chung",
    "Nâng cao chất lượng phong trào.",
    "a) Điểm thứ nhất",
    "- gạch đầu dòng thuộc điểm a",
    "b) Điểm thứ hai",
    "2. Yêu cầu",
    "II. NHIỆM VỤ, GIẢI PHÁP",
    "1. Nhiệm vụ thứ nhất",
    "Nơi nhận:",
    "- Như trên;",
    "TM. ỦY BAN NHÂN DÂN",
]


def ids(draft):
    return [s.id for s in draft.walk()]


def test_typed_labels_make_a_tree_with_dotted_ids(tmp_path):
    draft = read_draft(make_docx(tmp_path / "d.docx", DIRECTIVE))
    assert ids(draft) == ["preamble", "I", "I.1", "I.1.a", "I.1.b", "I.2", "II", "II.1", "closing"]


def test_bullets_belong_to_the_section_above(tmp_path):
    draft = read_draft(make_docx(tmp_path / "d.docx", DIRECTIVE))
    assert draft.find("I.1.a").text == "a) Điểm thứ nhất\n- gạch đầu dòng thuộc điểm a"


def test_text_before_the_first_section_is_the_preamble(tmp_path):
    draft = read_draft(make_docx(tmp_path / "d.docx", DIRECTIVE))
    assert draft.find("preamble").text.splitlines() == DIRECTIVE[:4]
    assert draft.title == "Về việc nâng cao chất lượng công tác thi đua"


def test_noi_nhan_and_signature_are_the_closing(tmp_path):
    draft = read_draft(make_docx(tmp_path / "d.docx", DIRECTIVE))
    assert draft.find("closing").text.splitlines() == DIRECTIVE[-3:]


def test_ids_are_found_in_spaced_and_lower_case_forms(tmp_path):
    draft = read_draft(make_docx(tmp_path / "d.docx", DIRECTIVE))
    assert draft.find("i. 1. a").id == "I.1.a"
    assert draft.find("ii.1").id == "II.1"
    assert draft.find("III") is None


def test_vietnamese_references_find_their_section(tmp_path):
    draft = read_draft(make_docx(tmp_path / "d.docx", DIRECTIVE))
    assert draft.find("điểm a khoản 1 Mục I").id == "I.1.a"
    assert draft.find("Điểm b, khoản 1, mục I").id == "I.1.b"
    assert draft.find("Mục I.1.a").id == "I.1.a"
    assert draft.find("khoản 1 Mục II").id == "II.1"
    assert draft.find("Phần mở đầu").id == "preamble"
    assert draft.find("điểm c khoản 1 Mục I") is None


def test_letters_as_lettered_lists_render_them_are_points(tmp_path):
    draft = read_draft(make_docx(tmp_path / "d.docx", ["1. Khoản", "a. một", "b. hai", "2. Khoản", "(a) ba"]))
    assert ids(draft) == ["preamble", "1", "1.a", "1.b", "2", "2.a"]


def test_a_libreoffice_lettered_list_makes_points(tmp_path, soffice):
    import subprocess

    html = tmp_path / "d.html"
    html.write_text('<html><head><meta charset="utf-8"></head><body><p>I. NHIỆM VỤ</p>'
                    '<p>1. Sở Nông nghiệp:</p><ol type="a"><li>Kiểm tra hồ đập.</li><li>Hướng dẫn mùa vụ.</li></ol>'
                    "<p>2. Sở Tài chính bố trí kinh phí.</p></body></html>", encoding="utf-8")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(html)], check=True, capture_output=True)
    draft = read_draft(tmp_path / "d.docx")
    assert ids(draft) == ["preamble", "I", "I.1", "I.1.a", "I.1.b", "I.2"]
    assert draft.find("I.1.b").paragraphs[0].auto_label and draft.find("I.1.b").label == "b."


def test_vietnamese_letter_d_stroke_is_a_point(tmp_path):
    draft = read_draft(make_docx(tmp_path / "d.docx", ["1. Khoản", "d) bốn", "đ) năm", "e) sáu"]))
    assert ids(draft) == ["preamble", "1", "1.d", "1.đ", "1.e"]


def test_keyword_labels_keep_their_keyword_and_dieu_is_document_wide(tmp_path):
    paragraphs = ["Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi", "1. Khoản một", "a) điểm",
                  "Chương II", "Điều 2. Đối tượng"]
    draft = read_draft(make_docx(tmp_path / "d.docx", paragraphs))
    assert ids(draft) == ["preamble", "Chương I", "Điều 1", "Điều 1.1", "Điều 1.1.a", "Chương II", "Điều 2"]


def test_text_is_nfc_even_when_the_file_is_decomposed(tmp_path):
    decomposed = unicodedata.normalize("NFD", "1. Thi đua khen thưởng")
    draft = read_draft(make_docx(tmp_path / "d.docx", [decomposed]))
    assert draft.find("1").text == unicodedata.normalize("NFC", decomposed)


def test_auto_numbered_labels_are_computed_as_word_renders_them(tmp_path):
    document = docx.Document()
    set_numbering(document, {"0": [("upperRoman", "%1.", 1), ("decimal", "%2.", 1), ("lowerLetter", "%3)", 1)]},
                  {"1": ("0", {})})
    numbered(document, "MỤC TIÊU", "1", 0)
    numbered(document, "Mục tiêu chung", "1", 1)
    numbered(document, "điểm một", "1", 2)
    numbered(document, "điểm hai", "1", 2)
    numbered(document, "NHIỆM VỤ", "1", 0)
    numbered(document, "Nhiệm vụ một", "1", 1)
    document.save(tmp_path / "auto.docx")
    draft = read_draft(tmp_path / "auto.docx")
    assert ids(draft) == ["preamble", "I", "I.1", "I.1.a", "I.1.b", "II", "II.1"]
    assert draft.find("II.1").label == "1."
    assert draft.find("II.1").text == "Nhiệm vụ một"


def test_start_override_restarts_a_list(tmp_path):
    document = docx.Document()
    set_numbering(document, {"0": [("decimal", "%1.", 1)]}, {"1": ("0", {}), "2": ("0", {0: 1})})
    numbered(document, "một", "1")
    numbered(document, "hai", "1")
    document.add_paragraph("II. PHẦN HAI")
    numbered(document, "lại một", "2")
    document.save(tmp_path / "restart.docx")
    assert ids(read_draft(tmp_path / "restart.docx")) == ["preamble", "1", "2", "II", "II.1"]


def test_bullet_numbering_is_never_a_section(tmp_path):
    document = docx.Document()
    set_numbering(document, {"0": [("bullet", "•", 1)]}, {"1": ("0", {})})
    document.add_paragraph("1. Khoản")
    numbered(document, "một ý", "1")
    document.save(tmp_path / "bullets.docx")
    draft = read_draft(tmp_path / "bullets.docx")
    assert ids(draft) == ["preamble", "1"]
    assert draft.find("1").paragraphs[1].bullet


def test_paragraphs_inside_tables_belong_to_the_enclosing_section(tmp_path):
    document = docx.Document()
    document.add_paragraph("1. Khoản có bảng")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "2. không phải mục"
    table.cell(0, 1).text = "ô hai"
    document.save(tmp_path / "table.docx")
    draft = read_draft(tmp_path / "table.docx")
    assert ids(draft) == ["preamble", "1"]
    assert draft.find("1").text == "1. Khoản có bảng\n2. không phải mục\nô hai"


def test_outline_json_lists_nodes_with_their_own_text(tmp_path):
    path = make_docx(tmp_path / "d.docx", DIRECTIVE)
    result = CliRunner().invoke(cli, ["outline", str(path), "--json"])
    assert result.exit_code == 0, result.output
    nodes = json.loads(result.output)
    part_one = nodes[1]
    assert set(part_one) == {"id", "label", "level", "text", "children"}
    assert (part_one["id"], part_one["label"], part_one["text"]) == ("I", "I.", "I. MỤC TIÊU, YÊU CẦU")
    assert [c["id"] for c in part_one["children"]] == ["I.1", "I.2"]


def test_outline_prints_an_indented_tree(tmp_path):
    path = make_docx(tmp_path / "d.docx", DIRECTIVE)
    result = CliRunner().invoke(cli, ["outline", str(path)])
    assert result.exit_code == 0
    assert "  I.1.a" in result.output.replace("    I.1.a", "  I.1.a")


def test_every_corpus_file_loads_and_outlines(corpus):
    for path in sorted(corpus.rglob("*.docx")):
        draft = read_draft(path)
        assert len(draft.paragraphs) >= 0


def test_fast_and_full_paragraph_texts_agree_on_every_corpus_file(corpus):
    from drafting.oxml.text import paragraph_text
    from drafting.reader import open_draft
    for path in sorted(corpus.rglob("*.docx")):
        read_only, editable = read_draft(path), open_draft(path)
        full = [unicodedata.normalize("NFC", paragraph_text(p.element)) for p in editable.paragraphs]
        assert [p.text for p in read_only.paragraphs] == [p.text for p in editable.paragraphs] == full, path.name
        assert [s.id for s in read_only.walk()] == [s.id for s in editable.walk()], path.name


def test_numbered_items_past_999_are_sections(tmp_path):
    items = [f"{n}. Nhiệm vụ số {n}." for n in range(1, 1003)]
    draft = read_draft(make_docx(tmp_path / "d.docx", ["CHỈ THỊ", "I. NHIỆM VỤ", *items]))
    assert ids(draft)[-4:] == ["I.999", "I.1000", "I.1001", "I.1002"]


def text_box_only_docx(path):
    """A flyer: no words in the body, the text in a text box (Word's DrawingML one and its VML fallback copy)."""
    from lxml import etree

    document = docx.Document()
    box = ("<w:txbxContent><w:p><w:r><w:t>CHỈ THỊ</w:t></w:r></w:p><w:p><w:r><w:t>I. MỤC TIÊU</w:t></w:r></w:p>"
           "<w:p><w:r><w:t>1. Tuyên truyền sâu rộng.</w:t></w:r></w:p></w:txbxContent>")
    run = etree.fromstring(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
        f'<wps:txbx>{box}</wps:txbx></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox>'
        '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    document.add_paragraph()._p.append(run)
    document.save(path)
    return path


def test_a_body_without_words_is_read_from_its_text_boxes_once(tmp_path):
    draft = read_draft(text_box_only_docx(tmp_path / "flyer.docx"))
    assert [p.text for p in draft.paragraphs] == ["CHỈ THỊ", "I. MỤC TIÊU", "1. Tuyên truyền sâu rộng."]
    assert ids(draft) == ["preamble", "I", "I.1"]


def test_a_copy_made_of_text_boxes_is_a_version_of_itself(tmp_path):
    from comments.collect import collect

    flyer = text_box_only_docx(tmp_path / "flyer.docx")
    copy = tmp_path / "copy.docx"
    copy.write_bytes(flyer.read_bytes())
    assert collect(flyer, [copy]).comments == []
