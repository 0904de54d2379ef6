"""Legacy runs found by their font, wherever the font comes from and wherever
the run is, converted to Unicode with Times New Roman and nothing else changed.
Documents made by python-docx."""
import io
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from drafting.legacy import collect_reports, convert_document
from drafting.package import open_package
from drafting.reader import read_draft
from support.legacy_docs import W, encode_tcvn3, encode_vni, w

TEXT = "Chỉ thị về công tác thi đua, khen thưởng năm 2021"


def save(document, path):
    document.save(str(path))
    return path


def fonts_of(run_element):
    rfonts = run_element.find(f"{w('rPr')}/{w('rFonts')}")
    return {a: rfonts.get(w(a)) for a in ("ascii", "hAnsi")} if rfonts is not None else {}


def test_a_run_with_a_tcvn3_font_reads_as_unicode(tmp_path):
    document = docx.Document()
    document.add_paragraph().add_run(encode_tcvn3(TEXT)).font.name = ".VnTime"
    assert read_draft(save(document, tmp_path / "a.docx")).paragraphs[0].text == TEXT


def test_conversion_sets_times_new_roman_and_keeps_the_other_properties(tmp_path):
    document = docx.Document()
    run = document.add_paragraph().add_run(encode_vni(TEXT))
    run.font.name, run.bold, run.italic, run.font.size = "VNI-Times", True, True, Pt(13)
    converted = open_package(save(document, tmp_path / "a.docx"))
    r = converted.element.find(f".//{w('r')}")
    rpr = r.find(w("rPr"))
    assert fonts_of(r) == {"ascii": "Times New Roman", "hAnsi": "Times New Roman"}
    assert rpr.find(w("b")) is not None and rpr.find(w("i")) is not None
    assert rpr.find(w("sz")).get(w("val")) == "26"
    assert r.find(w("t")).text == TEXT


def test_a_paragraph_style_based_on_a_legacy_style_gives_legacy_text(tmp_path):
    document = docx.Document()
    base = document.styles.add_style("Cũ", WD_STYLE_TYPE.PARAGRAPH)
    base.font.name = ".VnTime"
    child = document.styles.add_style("Cũ con", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = base
    document.add_paragraph(encode_tcvn3(TEXT), style=child)
    document.add_paragraph(TEXT)                         # Normal: a Unicode font
    draft = read_draft(save(document, tmp_path / "a.docx"))
    assert [p.text for p in draft.paragraphs] == [TEXT, TEXT]


def test_the_styles_legacy_font_becomes_times_new_roman(tmp_path):
    document = docx.Document()
    document.styles.add_style("Cũ", WD_STYLE_TYPE.PARAGRAPH).font.name = ".VnTime"
    document.add_paragraph(encode_tcvn3(TEXT), style="Cũ")
    converted = open_package(save(document, tmp_path / "a.docx"))
    styles = converted.package.root("word/styles.xml")
    names = {el.get(w("hAnsi")) for el in styles.iter(w("rFonts"))}
    assert ".VnTime" not in names and "Times New Roman" in names


def test_a_character_style_gives_legacy_text(tmp_path):
    document = docx.Document()
    document.styles.add_style("Chữ cũ", WD_STYLE_TYPE.CHARACTER).font.name = "VNI-Times"
    paragraph = document.add_paragraph("Đầu câu: ")
    paragraph.add_run(encode_vni(TEXT), style="Chữ cũ")
    assert read_draft(save(document, tmp_path / "a.docx")).paragraphs[0].text == "Đầu câu: " + TEXT


def _defaults_legacy(document, font):
    rfonts = document.styles.element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    rfonts.set(w("ascii"), font)
    rfonts.set(w("hAnsi"), font)


def test_the_document_defaults_give_legacy_text_in_tables_headers_footers_and_comments(tmp_path):
    document = docx.Document()
    _defaults_legacy(document, ".VnTime")
    legacy = encode_tcvn3(TEXT)
    body = document.add_paragraph(legacy)
    document.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run(legacy)
    document.sections[0].header.paragraphs[0].add_run(legacy)
    document.sections[0].footer.paragraphs[0].add_run(legacy)
    document.add_comment(body.runs, text=legacy, author="Sở Nội vụ")
    converted = open_package(save(document, tmp_path / "a.docx"))
    texts = {name: converted.package.peek(name).xpath("string()") for name in converted.text_parts()
             if name.rsplit("/", 1)[-1].startswith(("document", "header", "footer", "comments"))}
    assert set(texts) >= {"word/document.xml", "word/comments.xml"} and len(texts) >= 4
    assert all(text == TEXT or text == TEXT * 2 for text in texts.values()), texts
    assert converted.legacy.paragraphs[".VnTime"] == 5


def test_a_theme_font_gives_legacy_text(tmp_path):
    document = docx.Document()                 # defaults: asciiTheme/hAnsiTheme = minorHAnsi
    document.add_paragraph(encode_tcvn3(TEXT))
    source = save(document, tmp_path / "a.docx")
    with zipfile.ZipFile(source) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["word/theme/theme1.xml"] = parts["word/theme/theme1.xml"].replace(
        b'<a:latin typeface="Cambria"/>', b'<a:latin typeface=".VnTime"/>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    (tmp_path / "themed.docx").write_bytes(buffer.getvalue())
    converted = open_package(tmp_path / "themed.docx")
    assert converted.element.xpath("string()") == TEXT
    assert b".VnTime" not in converted.package.blob("word/theme/theme1.xml")


def test_unicode_text_left_in_a_legacy_font_is_not_garbled(tmp_path):
    document = docx.Document()
    document.add_paragraph().add_run(TEXT).font.name = ".VnTime"
    assert read_draft(save(document, tmp_path / "a.docx")).paragraphs[0].text == TEXT


def test_text_in_other_fonts_is_untouched(tmp_path):
    document = docx.Document()
    document.add_paragraph().add_run("Giá trị ¸ µ § (ký hiệu)").font.name = "Arial"
    document.add_paragraph().add_run(encode_tcvn3("đúng")).font.name = ".VnTime"
    draft = read_draft(save(document, tmp_path / "a.docx"))
    assert [p.text for p in draft.paragraphs] == ["Giá trị ¸ µ § (ký hiệu)", "đúng"]


def test_a_unicode_document_is_not_changed(tmp_path):
    document = docx.Document()
    document.add_paragraph(TEXT)
    source = save(document, tmp_path / "a.docx")
    opened = open_package(source)
    assert not opened.legacy
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(io.BytesIO(opened.to_bytes())) as after:
        assert {n: before.read(n) for n in before.namelist()} == {n: after.read(n) for n in after.namelist()}


def test_a_python_docx_document_is_converted_in_memory(tmp_path):
    document = docx.Document()
    _defaults_legacy(document, "VNI-Times")
    document.add_paragraph(encode_vni(TEXT))
    document.add_paragraph().add_run(encode_vni("ĐIỀU 1")).bold = True
    report = convert_document(document)
    assert [p.text for p in document.paragraphs] == [TEXT, "ĐIỀU 1"]
    assert report.paragraphs == {"VNI-Times": 2}
    reopened = docx.Document(str(save(document, tmp_path / "b.docx")))
    assert reopened.paragraphs[0].text == TEXT


def test_the_notice_names_the_encoding_the_fonts_and_the_counts(tmp_path):
    document = docx.Document()
    for _ in range(3):
        document.add_paragraph().add_run(encode_tcvn3(TEXT)).font.name = ".VnTime"
    document.add_paragraph().add_run(encode_tcvn3("chỉ thị", capitals=True)).font.name = ".VnTimeH"
    document.add_paragraph().add_run(encode_vni(TEXT)).font.name = "VNI-Times"
    with collect_reports() as reports:
        draft = read_draft(save(document, tmp_path / "du-thao.docx"))
    assert draft.paragraphs[3].text == "CHỈ THỊ"
    (report,) = reports
    assert report.notice() == ("du-thao.docx: đã chuyển mã TCVN3 → Unicode: 3 đoạn (.VnTime), 1 đoạn (.VnTimeH); "
                               "đã chuyển mã VNI → Unicode: 1 đoạn (VNI-Times)")
    assert report.notice("en", revising=True) == (
        "du-thao.docx: converted TCVN3 → Unicode: 3 paragraphs (.VnTime), 1 paragraph (.VnTimeH); "
        "converted VNI → Unicode: 1 paragraph (VNI-Times); the tracked changes are against the converted text")


def test_reports_are_collected_only_inside_the_block(tmp_path):
    document = docx.Document()
    document.add_paragraph().add_run(encode_tcvn3(TEXT)).font.name = ".VnTime"
    source = save(document, tmp_path / "a.docx")
    read_draft(source)
    with collect_reports() as reports:
        pass
    assert reports == []


def test_numbering_text_in_a_legacy_font_is_converted(tmp_path):
    # Word numbering "§iÒu %1." (TCVN3 for "Điều %1.") labels the articles.
    from lxml import etree

    document = docx.Document()
    _defaults_legacy(document, ".VnTime")
    numbering = document.part.numbering_part.element
    numbering.append(etree.fromstring(
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="decimal"/><w:lvlText w:val="{encode_tcvn3("Điều %1.")}"/></w:lvl></w:abstractNum>'))
    numbering.append(etree.fromstring(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text in ("Phạm vi điều chỉnh", "Đối tượng áp dụng"):
        paragraph = document.add_paragraph(encode_tcvn3(text))
        paragraph._p.get_or_add_pPr().append(etree.fromstring(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    draft = read_draft(save(document, tmp_path / "a.docx"))
    assert [s.label for s in draft.walk()][1:] == ["Điều 1.", "Điều 2."]


def test_a_table_style_gives_legacy_text_to_its_cells(tmp_path):
    document = docx.Document()
    document.styles["Table Grid"].font.name = "VNI-Times"
    document.add_paragraph(TEXT)
    table = document.add_table(rows=1, cols=2, style="Table Grid")
    table.cell(0, 0).text = encode_vni(TEXT)
    table.cell(0, 1).text = "12/2021"
    draft = read_draft(save(document, tmp_path / "a.docx"))
    assert [p.text for p in draft.paragraphs] == [TEXT, TEXT, "12/2021"]


def test_another_thread_does_not_report_into_this_threads_collection(tmp_path):
    from threading import Thread

    document = docx.Document()
    document.add_paragraph().add_run(encode_tcvn3(TEXT)).font.name = ".VnTime"
    source = save(document, tmp_path / "a.docx")
    with collect_reports() as reports:
        worker = Thread(target=read_draft, args=(source,))
        worker.start()
        worker.join()
    assert reports == []
