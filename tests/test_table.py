"""The comment-response table (DESIGN.md §6): what it says, and how each format shows it."""
from __future__ import annotations

import html
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from comments.table import build_table, write_table
from drafting.errors import InputError
from drafting.model import Comment, Decision, Draft, Feedback, Paragraph, Section

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROOT = Path(__file__).resolve().parent.parent
HOSTILE = 'a < b & c > d "q" {{ 7*7 }} {% if true %}X{% endif %} {_{ |pipe| *star* =SUM(A1) \\ end'
FORMATS = ("docx", "md", "html", "xlsx")


def section(sid: str, label: str, kind: str, text: str, *children: Section, level: int = 0) -> Section:
    s = Section(sid, label, level, kind, sid.split(".")[-1],
                paragraphs=[Paragraph(0, f"{label} {text}".strip(), None, label=label or None)])
    for child in children:
        child.parent = s
        s.children.append(child)
    return s


@pytest.fixture
def draft() -> Draft:
    sections = [
        section("preamble", "", "preamble", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"),
        section("I", "I.", "roman", "MỤC ĐÍCH, YÊU CẦU",
                section("I.1", "1.", "arabic", "Nâng cao chất lượng công tác thi đua, khen thưởng, "
                        "khắc phục tình trạng chung chung, hình thức trong việc tổ chức phong trào", level=1)),
        section("II", "II.", "roman", "NHIỆM VỤ, GIẢI PHÁP",
                section("II.1", "1.", "arabic", "Đổi mới nội dung, hình thức tổ chức phong trào thi đua", level=1),
                section("II.2", "2.", "arabic", "Khen thưởng phải chính xác, công khai, minh bạch", level=1)),
        section("Điều 5", "Điều 5.", "điều", "Tổ chức thực hiện"),
    ]
    return Draft(path=None, document=None, sections=sections, title="Dự thảo Chỉ thị")


def comment(cid: str, by: str, text: str, **kw) -> Comment:
    return Comment(id=cid, by=by, text=text, **kw)


@pytest.fixture
def feedback() -> Feedback:
    return Feedback(
        title="Dự thảo Chỉ thị về việc nâng cao chất lượng công tác thi đua, khen thưởng",
        meeting="Cuộc họp UBND tỉnh ngày 03/02/2021",
        comments=[
            comment("1", "Hoàng Văn Nhiên", "Cần khuyến khích tinh thần đổi mới, sáng tạo.", org="Đảng ủy Khối",
                    section="II.1", decision=Decision.ACCEPTED, response="Tiếp thu, bổ sung tại Mục II.1."),
            comment("2", "Lê Hồng Vinh", "Chỉ thị cần gắn với mục tiêu Nghị quyết Đại hội XIX.",
                    decision=Decision.PARTLY_ACCEPTED, response="Tiếp thu một phần."),
            comment("3", "Võ Văn Dũng", "Không chia tỷ lệ khen thưởng theo năm.", org="Ban Tuyên giáo",
                    section="II.2", quote="chính xác", decision=Decision.NOT_ACCEPTED,
                    response="Giữ nguyên vì phù hợp Luật Thi đua, khen thưởng."),
            comment("4", "Nguyễn Văn A", "Tránh tình trạng chung chung.", section="I.1",
                    decision=Decision.NOTED, response="Ghi nhận."),
            comment("5", "Trần Thị B", "Nội dung phải cụ thể, tránh chung chung.", section="I.1", same_as="4"),
            comment("6", "Phạm Văn C", "Bổ sung thời hạn báo cáo.", section="Điều 5"),
        ],
    )


def rows(table):
    return [row for group in table.groups for row in group.rows]


# ---------------------------------------------------------------- content


def test_every_comment_appears_once_with_its_delegate_decision_and_response(draft, feedback):
    table = build_table(draft, feedback)
    ids = [cid for row in rows(table) for cid in row.comment_ids]
    assert sorted(ids) == sorted(c.id for c in feedback.comments)
    row = next(r for r in rows(table) if r.comment_ids == ["3"])
    assert row.delegates == ["Võ Văn Dũng (Ban Tuyên giáo)"]
    assert [(s.by, s.text) for s in row.comments] == [(None, "Không chia tỷ lệ khen thưởng theo năm.")]
    assert [(a.label, a.response) for a in row.answers] == [
        ("Không tiếp thu, giải trình", "Giữ nguyên vì phù hợp Luật Thi đua, khen thưởng.")]


def test_the_response_follows_its_label_without_repeating_it(draft, feedback):
    by_id = {r.comment_ids[0]: r for r in rows(build_table(draft, feedback))}
    assert [(a.label, a.rest) for a in by_id["3"].answers] == [
        ("Không tiếp thu, giải trình", ": Giữ nguyên vì phù hợp Luật Thi đua, khen thưởng.")]
    assert [(a.label, a.rest) for a in by_id["1"].answers] == [("Tiếp thu", ", bổ sung tại Mục II.1.")]
    assert [(a.label, a.rest) for a in by_id["6"].answers] == [("Chưa xử lý", "")]


def test_general_comments_come_first_then_sections_in_document_order(draft, feedback):
    table = build_table(draft, feedback)
    assert [g.section_id for g in table.groups] == [None, "I.1", "II.1", "II.2", "Điều 5"]
    assert table.groups[0].heading == "I. Ý KIẾN CHUNG"


def test_group_headings_cite_the_section_the_vietnamese_way_and_its_heading(draft, feedback):
    headings = [g.heading for g in build_table(draft, feedback).groups]
    assert headings[1] == ("Khoản 1 Mục I. Nâng cao chất lượng công tác thi đua, khen thưởng, khắc phục "
                           "tình trạng chung chung, hình thức trong việc …")
    assert headings[2] == "Khoản 1 Mục II. Đổi mới nội dung, hình thức tổ chức phong trào thi đua"
    assert headings[4] == "Điều 5. Tổ chức thực hiện"


def test_rows_are_numbered_by_the_comment_numbers_cited_everywhere_else(draft, feedback):
    assert [r.number for r in rows(build_table(draft, feedback))] == ["2", "4, 5", "1", "3", "6"]


def test_the_draft_text_column_quotes_the_sentence_of_the_comment_else_the_section_opening(draft, feedback):
    by_id = {r.comment_ids[0]: r for r in rows(build_table(draft, feedback))}
    assert by_id["3"].draft_text == "Khen thưởng phải chính xác, công khai, minh bạch"
    assert by_id["1"].draft_text == "Đổi mới nội dung, hình thức tổ chức phong trào thi đua"
    assert by_id["2"].draft_text == "Toàn bộ dự thảo"


def test_near_duplicates_are_one_row_naming_every_delegate(draft, feedback):
    row = next(r for r in rows(build_table(draft, feedback)) if "4" in r.comment_ids)
    assert row.comment_ids == ["4", "5"]
    assert row.delegates == ["Nguyễn Văn A", "Trần Thị B"]
    assert [(s.by, s.text) for s in row.comments] == [
        ("Nguyễn Văn A", "Tránh tình trạng chung chung."),
        ("Trần Thị B", "Nội dung phải cụ thể, tránh chung chung.")]


def test_a_pending_duplicate_takes_the_answer_of_its_group(draft, feedback):
    table = build_table(draft, feedback)
    row = next(r for r in rows(table) if "4" in r.comment_ids)
    assert [(a.label, a.response) for a in row.answers] == [("Ghi nhận", "Ghi nhận.")]
    assert "ghi nhận 2 ý kiến" in table.opening


def test_the_opening_paragraph_counts_comments_delegates_and_decisions(draft, feedback):
    assert build_table(draft, feedback).opening == (
        "Cơ quan chủ trì soạn thảo đã nhận được 6 ý kiến góp ý của 6 đại biểu, cơ quan, đơn vị. "
        "Trong đó: tiếp thu 1 ý kiến; tiếp thu một phần 1 ý kiến; không tiếp thu, giải trình 1 ý kiến; "
        "ghi nhận 2 ý kiến; chưa xử lý 1 ý kiến.")


def test_title_and_meeting_lines(draft, feedback):
    table = build_table(draft, feedback)
    assert table.heading == "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý"
    assert table.title_line == "Đối với dự thảo Chỉ thị về việc nâng cao chất lượng công tác thi đua, khen thưởng"
    assert table.meeting_line == "Cuộc họp UBND tỉnh ngày 03/02/2021"


def test_english_labels(draft, feedback):
    table = build_table(draft, feedback, lang="en")
    assert table.columns == ("No.", "Draft text", "Commented by", "Comment", "Response")
    assert table.groups[0].heading == "I. GENERAL COMMENTS"
    assert table.groups[2].heading.startswith("Clause 1, Section II. ")
    assert table.signoff == "DRAFTING AGENCY"
    assert {a.label for r in rows(table) for a in r.answers} == {
        "Accepted", "Partly accepted", "Not accepted, explained", "Noted", "Pending"}


def test_an_unknown_language_is_an_input_error(draft, feedback):
    with pytest.raises(InputError, match="unknown language 'fr'"):
        build_table(draft, feedback, lang="fr")


def test_comments_on_unknown_sections_are_one_input_error_naming_the_nearest(draft, feedback):
    feedback.comments[0].section = "II.9"
    feedback.comments[2].section = "I.7"
    with pytest.raises(InputError) as error:
        build_table(draft, feedback)
    first, second = (str(p) for p in error.value.problems)
    assert first.startswith("comment 1: section II.9 is not in the draft (nearest: ") and "II.1" in first
    assert second.startswith("comment 3: section I.7 is not in the draft (nearest: ") and "I.1" in second


def test_a_heading_paragraph_with_only_its_label_takes_the_words_below(draft, feedback):
    ii_1 = draft.find("II.1")
    ii_1.paragraphs = [Paragraph(0, "1.", None, label="1."), Paragraph(1, "Đổi mới nội dung thi đua.", None)]
    assert build_table(draft, feedback).groups[2].heading == "Khoản 1 Mục II. Đổi mới nội dung thi đua."


# ---------------------------------------------------------------- writers


def hostile_feedback() -> Feedback:
    return Feedback(title=HOSTILE, meeting=HOSTILE, comments=[
        comment("1", HOSTILE, HOSTILE + "\x01\x0b", org="<b>Sở</b>", section="II.1", quote=HOSTILE,
                decision=Decision.ACCEPTED, response=HOSTILE)])


def visible_text(path: Path) -> str:
    """What a reader of the file sees, as one string."""
    if path.suffix == ".docx":
        document = docx.Document(path)
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if path.suffix == ".xlsx":
        import openpyxl
        sheet = openpyxl.load_workbook(path, rich_text=True).active
        return "\n".join(str(c.value) for r in sheet.iter_rows() for c in r if c.value is not None)
    if path.suffix == ".html":
        return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))
    raise AssertionError(path)


@pytest.mark.parametrize("fmt", ["docx", "html", "xlsx"])
def test_user_text_appears_verbatim_never_evaluated(tmp_path, draft, fmt):
    out = tmp_path / f"table.{fmt}"
    write_table(build_table(draft, hostile_feedback()), out)
    text = visible_text(out)
    assert text.count(HOSTILE) >= 5          # title, meeting, quote, delegate, comment, response
    assert "<b>Sở</b>" in text
    assert "49" not in text and "\x01" not in text


def test_markdown_renders_user_text_verbatim(tmp_path, draft, pandoc):
    out = tmp_path / "table.md"
    write_table(build_table(draft, hostile_feedback()), out)
    rendered = subprocess.run([pandoc, "-f", "gfm", "-t", "html", "--wrap=none", str(out)],
                              capture_output=True, text=True, check=True).stdout
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert text.count(HOSTILE) >= 5
    assert "<b>Sở</b>" in text


def test_markdown_keeps_each_row_on_one_line(tmp_path, draft, feedback):
    out = tmp_path / "table.md"
    write_table(build_table(draft, feedback), out)
    lines = out.read_text(encoding="utf-8").splitlines()
    table_lines = [line for line in lines if line.startswith("|")]
    assert len(table_lines) == 2 + 5 + 5        # header, rule, group rows, comment rows
    assert "*Nguyễn Văn A:* Tránh tình trạng chung chung.<br>*Trần Thị B:*" in out.read_text(encoding="utf-8")


def test_line_ends_in_user_text_become_line_breaks(tmp_path, draft, feedback):
    feedback.comments[0].text = "Dòng một\r\nDòng hai"        # as typed in an Excel cell on Windows
    table = build_table(draft, feedback)
    for fmt in ("docx", "html", "md"):
        write_table(table, tmp_path / f"t.{fmt}")
    cell_xml = [etree.tostring(tc, encoding="unicode")
                for tc in docx.Document(tmp_path / "t.docx").tables[0]._tbl.iter(f"{W}tc")]
    assert any("Dòng một</w:t><w:br/>" in x for x in cell_xml)
    assert "Dòng một<br>\nDòng hai" in (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "Dòng một<br>Dòng hai" in (tmp_path / "t.md").read_text(encoding="utf-8")


def test_an_unknown_suffix_is_an_input_error(tmp_path, draft, feedback):
    with pytest.raises(InputError, match=r"unknown table format \.pdf"):
        write_table(build_table(draft, feedback), tmp_path / "table.pdf")
    assert not list(tmp_path.iterdir())


@pytest.fixture
def table_docx(tmp_path, draft, feedback) -> Path:
    out = tmp_path / "table.docx"
    write_table(build_table(draft, feedback), out)
    return out


def body(path: Path):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def test_docx_is_a4_landscape(table_docx):
    sectpr = body(table_docx).find(f"{W}body/{W}sectPr")
    size = sectpr.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == ("16838", "11906", "landscape")


def test_docx_header_row_repeats_on_every_page(table_docx):
    first_row = body(table_docx).find(f".//{W}tbl/{W}tr")
    assert first_row.find(f"{W}trPr/{W}tblHeader") is not None
    assert "".join(first_row.itertext()) == "TTNội dung dự thảoChủ thể góp ýNội dung góp ýÝ kiến tiếp thu, giải trình"


def test_docx_group_rows_span_the_table_in_bold(table_docx):
    group_rows = [tr for tr in body(table_docx).find(f".//{W}tbl").findall(f"{W}tr")
                  if tr.find(f"{W}tc/{W}tcPr/{W}gridSpan[@{W}val='5']") is not None]
    assert ["".join(tr.itertext()) for tr in group_rows][:2] == [
        "I. Ý KIẾN CHUNG", "Khoản 1 Mục I. Nâng cao chất lượng công tác thi đua, khen thưởng, khắc phục "
        "tình trạng chung chung, hình thức trong việc …"]
    assert all(r.find(f"{W}rPr/{W}b") is not None for tr in group_rows for r in tr.iter(f"{W}r"))


def test_docx_response_cell_starts_with_the_decision_label_in_bold(table_docx):
    table = docx.Document(table_docx).tables[0]
    cell = table.rows[2].cells[4]
    first = next(r for r in cell.paragraphs[0].runs if r.text)
    assert (first.text, first.bold) == ("Tiếp thu một phần", True)
    assert cell.text == "Tiếp thu một phần."


def test_docx_closes_with_the_signoff(table_docx):
    signoff = docx.Document(table_docx).tables[-1]
    assert signoff.rows[0].cells[1].text == "CƠ QUAN CHỦ TRÌ SOẠN THẢO"


def test_docx_uses_english_labels_with_lang_en(tmp_path, draft, feedback):
    out = tmp_path / "table.docx"
    write_table(build_table(draft, feedback, lang="en"), out)
    text = visible_text(out)
    assert "No." in text and "I. GENERAL COMMENTS" in text and "DRAFTING AGENCY" in text
    assert "Ý KIẾN" not in text


def test_pandoc_reads_the_docx(table_docx, pandoc, feedback):
    plain = subprocess.run([pandoc, str(table_docx), "-t", "plain", "--columns=100000"],
                           capture_output=True, text=True, check=True).stdout
    for c in feedback.comments:
        assert c.text in plain and c.by in plain


def test_libreoffice_converts_the_docx_to_pdf(table_docx, soffice, tmp_path):
    outdir = tmp_path / "pdf"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "pdf", "--outdir", str(outdir), str(table_docx)], capture_output=True, check=True, timeout=180)
    assert (outdir / "table.pdf").read_bytes().startswith(b"%PDF")


def test_xlsx_response_cell_starts_with_the_decision_label_in_bold(tmp_path, draft, feedback):
    import openpyxl
    out = tmp_path / "table.xlsx"
    write_table(build_table(draft, feedback), out)
    sheet = openpyxl.load_workbook(out, rich_text=True).active
    cell = next(c for r in sheet.iter_rows() for c in r if str(c.value).startswith("Tiếp thu một phần"))
    assert cell.value[0].font.b and cell.value[0].text == "Tiếp thu một phần"


def test_xlsx_keeps_text_that_looks_like_a_formula_as_text(tmp_path, draft):
    import openpyxl
    feedback = Feedback(comments=[comment("1", "A", "=SUM(A1:A9)", decision=Decision.NOTED, response="#N/A")])
    out = tmp_path / "table.xlsx"
    write_table(build_table(draft, feedback), out)
    sheet = openpyxl.load_workbook(out).active
    cell = next(c for r in sheet.iter_rows() for c in r if c.value == "=SUM(A1:A9)")
    assert cell.data_type == "s"


def test_templates_dir_overrides_the_built_in_templates(tmp_path, draft, feedback):
    (tmp_path / "responses.md.j2").write_text("custom {{ heading }}\n", encoding="utf-8")
    out = tmp_path / "table.md"
    write_table(build_table(draft, feedback), out, templates_dir=tmp_path)
    assert out.read_text(encoding="utf-8") == "custom BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý\n"


# ---------------------------------------------------------------- command


@pytest.fixture
def files(tmp_path) -> tuple[Path, Path]:
    import yaml
    from support.docs import make_docx

    draft_path = make_docx(tmp_path / "draft.docx", [
        "CHỈ THỊ", "I. MỤC ĐÍCH, YÊU CẦU", "1. Khen thưởng phải chính xác, kịp thời.", "II. NHIỆM VỤ"])
    feedback_path = tmp_path / "feedback.yaml"
    feedback_path.write_text(yaml.safe_dump({"title": "Dự thảo Chỉ thị", "comments": [
        {"by": "Võ Văn Dũng", "section": "I.1", "text": "Bỏ chữ kịp thời.", "decision": "noted",
         "response": "Ghi nhận."}]}, allow_unicode=True), encoding="utf-8")
    return draft_path, feedback_path


def test_the_table_command_writes_the_table_named_by_its_suffix(tmp_path, files):
    from click.testing import CliRunner
    from drafting.cli import cli

    out = tmp_path / "bang.html"
    result = CliRunner().invoke(cli, ["table", *map(str, files), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = visible_text(out)
    assert "Clause 1, Section I. Khen thưởng phải chính xác, kịp thời." in text
    assert "Võ Văn Dũng" in text and "Bỏ chữ kịp thời." in text and "Noted: Ghi nhận." in text


def test_the_table_command_rejects_an_unknown_suffix_with_exit_2(tmp_path, files):
    from click.testing import CliRunner
    from drafting.cli import cli

    result = CliRunner().invoke(cli, ["table", *map(str, files), "-o", str(tmp_path / "bang.pdf")])
    assert result.exit_code == 2
    assert "lỗi: " in result.output and "không có định dạng bảng .pdf" in result.output
    result = CliRunner().invoke(cli, ["table", *map(str, files), "-o", str(tmp_path / "bang.pdf"), "--lang", "en"])
    assert result.exit_code == 2 and "error: " in result.output and "unknown table format .pdf" in result.output
