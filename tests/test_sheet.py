"""The feedback sheet: a blank .xlsx for the draft, and filled-in sheets (.xlsx,
.csv in the encodings Excel saves) reading back to the same model as YAML."""
from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from comments.intake import read_feedback
from comments.sheet import COLUMNS, write_sheet
from drafting.cli import cli
from drafting.errors import InputError
from drafting.reader import read_draft
from support.docs import make_docx

DRAFT = [
    "ỦY BAN NHÂN DÂN", "CHỈ THỊ", "Về việc nâng cao chất lượng công tác thi đua, khen thưởng",
    "I. MỤC TIÊU",
    "1. Nội dung khen thưởng phải thực chất, tránh chung chung.",
    "a) Không phân bổ tỷ lệ khen thưởng theo năm.",
    "2. Yêu cầu",
    "II. NHIỆM VỤ",
    "1. Các sở, ngành triển khai thực hiện.",
]

EQUIVALENT_YAML = """\
comments:
  - id: 1
    by: Võ Văn Dũng
    org: Phó Trưởng Ban Tuyên giáo Tỉnh ủy
    section: I.1.a
    quote: tỷ lệ khen thưởng theo năm
    text: Không chia tỷ lệ khen thưởng theo năm.
    decision: tiếp thu
    response: Tiếp thu, bỏ quy định phân bổ tỷ lệ theo năm.
    edits:
      - replace: tỷ lệ khen thưởng theo năm
        with: khen thưởng theo kết quả thực chất
      - insert: " và có tính lan tỏa"
        after: thực chất
        section: I.1
      - add: "3. Giao Văn phòng UBND tỉnh theo dõi."
        after_section: I.2
  - id: 2
    by: Trần Thị Bình
    section: chung
    text: Dự thảo cần ngắn gọn hơn.
    decision: ghi nhận
    response: Ghi nhận.
  - id: 3
    by: Lê Văn Cường
    org: Sở Nội vụ
    section: I.1
    text: Như ý kiến số 2.
    same_as: "2"
"""

HEADER_VI = [c.vi for c in COLUMNS]
HEADER_EN = [c.en for c in COLUMNS]
# The same comments as EQUIVALENT_YAML, one list per row, in COLUMNS order.
ROWS = [
    ["1", "Võ Văn Dũng", "Phó Trưởng Ban Tuyên giáo Tỉnh ủy", "I.1.a", "tỷ lệ khen thưởng theo năm",
     "Không chia tỷ lệ khen thưởng theo năm.", "Tiếp thu", "Tiếp thu, bỏ quy định phân bổ tỷ lệ theo năm.", "",
     "thay thế", "", "tỷ lệ khen thưởng theo năm", "khen thưởng theo kết quả thực chất", ""],
    ["", "", "", "", "", "", "", "", "", "chèn sau", "I.1", "thực chất", " và có tính lan tỏa", ""],
    ["1", "", "", "", "", "", "", "", "", "thêm mục sau", "I.2", "", "3. Giao Văn phòng UBND tỉnh theo dõi.", ""],
    ["2", "Trần Thị Bình", "", "chung", "", "Dự thảo cần ngắn gọn hơn.", "Ghi nhận", "Ghi nhận.", "",
     "", "", "", "", ""],
    ["3", "Lê Văn Cường", "Sở Nội vụ", "I.1", "", "Như ý kiến số 2.", "", "", "2", "", "", "", "", ""],
]


@pytest.fixture
def draft(tmp_path):
    return read_draft(make_docx(tmp_path / "draft.docx", DRAFT))


def comments_of(feedback):
    return [dataclasses.replace(c, source=None) for c in feedback.comments]


def expected(tmp_path):
    path = tmp_path / "equivalent.yaml"
    path.write_text(EQUIVALENT_YAML, encoding="utf-8")
    return comments_of(read_feedback([path]))


def fill(path: Path, rows: list[list], header: list[str] | None = None) -> Path:
    """Type `rows` into the comment sheet of `path` (or of a new workbook), as a clerk would."""
    if path.exists():
        workbook = openpyxl.load_workbook(path)
        sheet = workbook.worksheets[0]
    else:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(header or HEADER_VI)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value != "":
                sheet.cell(row=r, column=c, value=value)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str, delimiter: str = ",",
              header: list[str] | None = None) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows([header or HEADER_VI, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def one_line_error(paths: list[Path]) -> str:
    with pytest.raises(InputError) as caught:
        read_feedback(paths)
    [problem] = caught.value.problems
    assert "\n" not in str(problem)
    return str(problem)


# --- the blank sheet -----------------------------------------------------------

def test_blank_sheet_has_vietnamese_headers_and_a_frozen_header_row(tmp_path, draft):
    write_sheet(draft, tmp_path / "feedback.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "feedback.xlsx").worksheets[0]
    assert sheet.title == "Góp ý"
    assert [c.value for c in sheet[1]] == [
        "TT", "Người góp ý", "Cơ quan, chức vụ", "Mục", "Trích dẫn", "Nội dung góp ý", "Quyết định",
        "Ý kiến tiếp thu, giải trình", "Trùng ý kiến số", "Sửa: cách sửa", "Sửa: tại mục",
        "Sửa: văn bản dự thảo", "Sửa: văn bản mới", "Sửa: lần xuất hiện", "Trả lời"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].alignment.wrap_text and sheet.column_dimensions["F"].width >= 40


def test_blank_sheet_lists_the_drafts_sections_with_their_first_words(tmp_path, draft):
    write_sheet(draft, tmp_path / "feedback.xlsx")
    sections = openpyxl.load_workbook(tmp_path / "feedback.xlsx")["Các mục"]
    rows = [tuple(c.value for c in row) for row in sections.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == ["chung", *[s.id for s in draft.walk()]]
    assert ("I.1.a", "a) Không phân bổ tỷ lệ khen thưởng theo năm.") in rows


def test_section_decision_and_edit_kind_have_drop_downs(tmp_path, draft):
    write_sheet(draft, tmp_path / "feedback.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "feedback.xlsx")
    validations = {str(dv.sqref).split(":")[0]: dv.formula1
                   for dv in workbook["Góp ý"].data_validations.dataValidation}
    assert validations["D2"].startswith("'Các mục'!$A$2")
    assert validations["K2"].startswith("'Các mục'!$A$2")
    lists = workbook["Danh mục"]
    assert validations["G2"] == "'Danh mục'!$A$2:$A$6"
    assert [lists.cell(row=r, column=1).value for r in range(2, 7)] == [
        "Tiếp thu", "Tiếp thu một phần", "Không tiếp thu, giải trình", "Ghi nhận", "Chưa xử lý"]
    assert validations["J2"].startswith("'Danh mục'!$B$2")


def test_section_columns_are_text_so_that_1_10_stays_1_10(tmp_path, draft):
    write_sheet(draft, tmp_path / "feedback.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "feedback.xlsx")["Góp ý"]
    assert sheet.column_dimensions["D"].number_format == "@"


def test_the_cli_writes_the_sheet(tmp_path):
    make_docx(tmp_path / "draft.docx", DRAFT)
    result = CliRunner().invoke(cli, ["comments", "sheet", str(tmp_path / "draft.docx"),
                                      "-o", str(tmp_path / "feedback.xlsx")])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(tmp_path / "feedback.xlsx").worksheets[0]["B1"].value == "Người góp ý"


# --- reading filled-in sheets ----------------------------------------------------

def test_a_filled_in_sheet_reads_back_like_the_equivalent_yaml(tmp_path, draft):
    write_sheet(draft, tmp_path / "feedback.xlsx")
    fill(tmp_path / "feedback.xlsx", ROWS)
    assert comments_of(read_feedback([tmp_path / "feedback.xlsx"])) == expected(tmp_path)


def test_the_information_sheet_gives_title_meeting_and_date(tmp_path, draft):
    path = tmp_path / "feedback.xlsx"
    write_sheet(draft, path)
    workbook = openpyxl.load_workbook(path)
    info = workbook["Thông tin"]
    info["B2"] = "Cuộc họp UBND tỉnh ngày 03/02/2021"
    info["B4"] = "2021-02-05"
    workbook.save(path)
    fill(path, ROWS[:1])
    feedback = read_feedback([path])
    assert feedback.title == "Về việc nâng cao chất lượng công tác thi đua, khen thưởng"
    assert (feedback.meeting, feedback.date) == ("Cuộc họp UBND tỉnh ngày 03/02/2021", "2021-02-05")


def test_numbers_typed_as_numbers_read_as_typed(tmp_path):
    row = [1, "A", "", 2, "", "Góp ý", "", "", "", "", "", "", "", ""]
    [c] = read_feedback([fill(tmp_path / "feedback.xlsx", [row])]).comments
    assert (c.id, c.section) == ("1", "2")


def test_old_and_new_text_without_a_kind_is_a_replacement_old_alone_a_deletion(tmp_path):
    base = ["", "A", "", "1", "", "Góp ý", "Tiếp thu", "Tiếp thu", ""]
    rows = [["1", *base[1:], "", "", "cũ", "mới", ""], ["2", *base[1:], "", "", "bỏ", "", "2"]]
    first, second = read_feedback([fill(tmp_path / "feedback.xlsx", rows)]).comments
    assert (first.edits[0].kind.value, first.edits[0].target, first.edits[0].text) == ("replace", "cũ", "mới")
    assert (second.edits[0].kind.value, second.edits[0].target, second.edits[0].occurrence) == ("delete", "bỏ", 2)


def test_rewrite_and_remove_section_default_to_the_comments_section(tmp_path):
    base = ["A", "", "II.1", "", "Góp ý", "Tiếp thu", "Tiếp thu", ""]
    rows = [["1", *base, "viết lại mục", "", "", "1. Văn bản mới.", ""],
            ["2", *base, "bỏ mục", "", "", "", ""]]
    first, second = read_feedback([fill(tmp_path / "feedback.xlsx", rows)]).comments
    assert (first.edits[0].kind.value, first.edits[0].section) == ("rewrite", "II.1")
    assert (second.edits[0].kind.value, second.edits[0].section) == ("remove_section", "II.1")


@pytest.mark.parametrize("encoding, delimiter", [
    ("utf-8", ","),          # plain UTF-8
    ("utf-8-sig", ";"),      # Excel "CSV UTF-8" (with BOM), semicolon locale
    ("utf-16", "\t"),        # Excel "Unicode Text": UTF-16 LE with BOM, tab-separated
])
def test_csv_in_the_encodings_excel_saves_reads_like_the_yaml(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "feedback.csv", ROWS, encoding, delimiter)
    if encoding == "utf-16":
        assert path.read_bytes()[:2] == b"\xff\xfe"
    assert comments_of(read_feedback([path])) == expected(tmp_path)


def test_english_header_names_are_accepted(tmp_path):
    path = write_csv(tmp_path / "feedback.csv", ROWS, "utf-8", header=HEADER_EN)
    assert comments_of(read_feedback([path])) == expected(tmp_path)


def test_header_names_ignore_case_tone_placement_and_punctuation(tmp_path):
    header = ["STT", "người góp ý", "Cơ quan/Chức vụ", "MỤC", "Trích dẫn", "Nội dung góp ý", "Quyết định",
              "Ý kiến tiếp thu/giải trình", "same_as", "edit", "edit section", "Sửa: thay thế", "Sửa: bằng",
              "occurrence"]
    path = write_csv(tmp_path / "feedback.csv", ROWS, "utf-8", header=header)
    assert comments_of(read_feedback([path])) == expected(tmp_path)


def test_an_english_sheet_reads_back(tmp_path, draft):
    path = tmp_path / "feedback.xlsx"
    write_sheet(draft, path, lang="en")
    assert openpyxl.load_workbook(path).worksheets[0]["A1"].value == "No."
    fill(path, ROWS)
    assert comments_of(read_feedback([path])) == expected(tmp_path)


# --- bad sheets, one line each ---------------------------------------------------

def test_an_unknown_column_is_named(tmp_path):
    path = write_csv(tmp_path / "feedback.csv", [], "utf-8", header=["TT", "Người góp ý", "Ghi chú"])
    line = one_line_error([path])
    assert "unknown column 'Ghi chú' (column C)" in line and "Người góp ý" in line


def test_an_unknown_decision_word_names_the_row_and_the_valid_words(tmp_path):
    row = ["1", "A", "", "I", "", "Góp ý", "Đồng ý", "Được", "", "", "", "", "", ""]
    line = one_line_error([fill(tmp_path / "feedback.xlsx", [row])])
    assert line.startswith(f"{tmp_path / 'feedback.xlsx'}: row 2, column «Quyết định»: comment 1: section I: "
                           "unknown decision 'Đồng ý'")
    assert "tiếp thu một phần" in line


def test_in_vietnamese_a_problem_names_the_row_and_the_column_header_as_written(tmp_path):
    row = ["1", "A", "", "I", "", "Góp ý", "Đồng ý", "Được", "", "", "", "", "", ""]
    with pytest.raises(InputError) as caught:
        read_feedback([fill(tmp_path / "feedback.xlsx", [row])])
    [problem] = caught.value.problems
    assert problem.text("vi").startswith(f"{tmp_path / 'feedback.xlsx'}: Dòng 2, cột «Quyết định»: ý kiến 1: mục I: "
                                         "quyết định 'Đồng ý' không hợp lệ; dùng một trong: tiếp thu |")


def test_an_unknown_edit_kind_lists_the_kinds(tmp_path):
    row = ["1", "A", "", "I", "", "Góp ý", "Tiếp thu", "Được", "", "di chuyển", "", "x", "", ""]
    line = one_line_error([fill(tmp_path / "feedback.xlsx", [row])])
    assert "unknown edit kind 'di chuyển'" in line and "thay thế" in line


def test_an_edit_cell_the_kind_does_not_use_is_named(tmp_path):
    row = ["1", "A", "", "I", "", "Góp ý", "Tiếp thu", "Được", "", "bỏ mục", "", "", "chữ thừa", ""]
    line = one_line_error([fill(tmp_path / "feedback.xlsx", [row])])
    assert "Sửa: văn bản mới is not used by a bỏ mục edit" in line


def test_data_under_a_blank_header_is_an_error(tmp_path):
    path = write_csv(tmp_path / "feedback.csv", [["1", "A", "Góp ý", "lạc"]], "utf-8",
                     header=["TT", "Người góp ý", "Nội dung góp ý", ""])
    assert "column D has data but no header" in one_line_error([path])


@pytest.mark.parametrize("content, message", [
    (b"not a spreadsheet at all", "cannot read the spreadsheet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy Excel 97-2003 file or an encrypted workbook"),
])
def test_an_unreadable_xlsx_is_one_line(tmp_path, content, message):
    path = tmp_path / "feedback.xlsx"
    path.write_bytes(content)
    assert message in one_line_error([path])


def test_a_zip_that_is_not_a_workbook_is_one_line(tmp_path):
    path = tmp_path / "feedback.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert "cannot read the spreadsheet" in one_line_error([path])


def test_a_csv_that_is_not_utf8_says_how_to_save_it(tmp_path):
    path = tmp_path / "feedback.csv"
    path.write_bytes("TT,Người góp ý\n1,Võ Văn Dũng\n".encode("cp1258", errors="replace"))
    assert "CSV UTF-8" in one_line_error([path])


# --- formulas ------------------------------------------------------------------

FORMULA_ROW = [*ROWS[0][:12], '=UPPER("mới")', ""]


def test_a_formula_without_a_saved_value_is_refused_naming_its_cell(tmp_path):
    """openpyxl, like other generators, writes formulas without their value: the
    cell would read as empty and the replacement would become a deletion."""
    path = fill(tmp_path / "feedback.xlsx", [FORMULA_ROW])
    message = one_line_error([path])
    assert "cell M2" in message and '=UPPER("mới")' in message and str(path) in message

