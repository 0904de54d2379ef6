"""The response table on drafts the project has never seen (issue 18): one made
by LibreOffice, one by python-docx, with comments from the feedback sheet and
from `collect`; read back with python-docx cell by cell."""
from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml

from comments.collect import write_collected
from comments.intake import read_feedback
from comments.sheet import write_sheet
from comments.table import build_table, write_table
from comments.workflow import revise_files
from drafting.reader import read_draft
from support.docs import make_docx

SUBJECT = "Về việc tăng cường công tác phòng, chống thiên tai năm 2024"
OPENING = "Năm 2023, thiên tai gây thiệt hại lớn về người và tài sản trên địa bàn tỉnh."
I_1 = "Các sở, ngành rà soát phương án ứng phó trước ngày 31/3/2024."
I_2 = "Các địa phương bố trí 12 điểm sơ tán dân ở vùng trũng thấp."
II_1_A = "Kiểm tra an toàn hồ đập trước mùa mưa bão."
HEADER = ["ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "Số: 12/CT-UBND", "Quảng Trị, ngày 31 tháng 3 năm 2024", "CHỈ THỊ", SUBJECT,
          f"{OPENING} Để chủ động ứng phó, Chủ tịch UBND tỉnh chỉ thị:"]
BODY = [("I. NHIỆM VỤ CHUNG", None),
        (f"1. {I_1} Báo cáo kết quả về Ban Chỉ huy tỉnh.", None),
        (f"2. {I_2}", None),
        ("II. NHIỆM VỤ CỤ THỂ", None),
        ("1. Sở Nông nghiệp và Phát triển nông thôn:", None),
        (II_1_A, "a"), ("Hướng dẫn nhân dân chuyển đổi cơ cấu mùa vụ.", "b"),
        ("2. Sở Tài chính bố trí kinh phí dự phòng.", None)]
CLOSING = ["Nơi nhận:", "- Như trên;"]
TITLE_LINE = "Đối với dự thảo Chỉ thị về việc tăng cường công tác phòng, chống thiên tai năm 2024"


@pytest.fixture(scope="module")
def python_docx_draft(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pydocx")
    body = [text if letter is None else f"{letter}) {text}" for text, letter in BODY]
    return make_docx(folder / "chi-thi.docx", HEADER + body + CLOSING)


@pytest.fixture(scope="module")
def libreoffice_draft(tmp_path_factory) -> Path:
    """The same directive written by LibreOffice from HTML: its points are a real
    lettered list (`lowerLetter`, `%1.`), as a clerk makes them in Writer."""
    from support.tools import require_tool

    soffice = require_tool("soffice")
    folder = tmp_path_factory.mktemp("lo")
    parts, open_list = [], False
    for text, letter in [(t, None) for t in HEADER] + BODY + [(t, None) for t in CLOSING]:
        if letter and not open_list:
            parts.append('<ol type="a">')
            open_list = True
        if not letter and open_list:
            parts.append("</ol>")
            open_list = False
        parts.append(f"<li>{text}</li>" if letter else f"<p>{text}</p>")
    html = folder / "chi-thi.html"
    html.write_text(f'<html><head><meta charset="utf-8"></head><body>{"".join(parts)}</body></html>', encoding="utf-8")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(folder), str(html)], check=True, capture_output=True)
    return folder / "chi-thi.docx"


DRAFTS = ["python_docx_draft", "libreoffice_draft"]

SHEET_ROWS = [  # TT, by, org, section, quote, text, decision, response
    ["1", "Võ Văn Dũng", "Sở Nội vụ", "I.1", "31/3/2024", "Lùi thời hạn rà soát.", "tiep thu",
     "Tiếp thu, đã lùi thời hạn."],
    ["2", "Lê Hoa", None, "khoản 2 Mục I", "12", "Tăng số điểm sơ tán.", "Không tiếp thu",
     "Giải trình: 12 điểm là đủ theo quy hoạch."],
    ["3", "Trần Minh", "Sở Tài chính", "điểm a khoản 1 Mục II", None, "Bổ sung kiểm tra đê điều.",
     "TIẾP THU MỘT PHẦN", "Tiếp thu một phần: bổ sung đê xung yếu."],
    ["4", "Phạm Lan", None, "Phần mở đầu", None, "Nêu rõ thiệt hại năm 2023.", "ghi nhận", "Ghi nhận."],
    ["5", "Đỗ Hải", None, "chung", None, "Chỉ thị cần ngắn gọn hơn.", "ghi nhan", "Ghi nhận, đã rút gọn."],
]


def sheet_feedback(draft: Path, folder: Path) -> Path:
    path = folder / "gop-y.xlsx"
    write_sheet(read_draft(draft), path)
    book = openpyxl.load_workbook(path)
    sheet = book["Góp ý"]
    for row in SHEET_ROWS:
        sheet.append(row)
    first = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "1")
    sheet.cell(row=first, column=15, value="Sở Nội vụ: Đồng ý với giải trình.")    # the `Trả lời` column
    book.save(path)
    return path


def table_cells(path: Path) -> list[list[str]]:
    """Every row of the response table as python-docx reads its cells; a group
    row (one cell across the table) as a single text."""
    table = docx.Document(str(path)).tables[0]
    rows = []
    for row in table.rows:
        cells = [c.text for c in row.cells]
        rows.append(cells[:1] if len(set(cells)) == 1 else cells)
    return rows


def opening_lines(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text][:3]


@pytest.mark.parametrize("which", DRAFTS)
def test_the_table_of_sheet_feedback_reads_cell_by_cell(which, request, tmp_path):
    draft = request.getfixturevalue(which)
    out = tmp_path / "bang" / "bang.docx"
    out.parent.mkdir()
    write_table(build_table(read_draft(draft), read_feedback([sheet_feedback(draft, tmp_path)])), out)
    assert opening_lines(out)[:2] == ["BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý", TITLE_LINE]
    assert table_cells(out) == [
        ["TT", "Nội dung dự thảo", "Chủ thể góp ý", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình"],
        ["I. Ý KIẾN CHUNG"],
        ["5", "Toàn bộ dự thảo", "Đỗ Hải", "Chỉ thị cần ngắn gọn hơn.", "Ghi nhận, đã rút gọn."],
        ["Phần mở đầu"],
        ["4", OPENING, "Phạm Lan", "Nêu rõ thiệt hại năm 2023.", "Ghi nhận."],
        ["Khoản 1 Mục I. " + " ".join(f"{I_1} Báo cáo kết quả về Ban Chỉ huy tỉnh.".split()[:20]) + " …"],
        ["1", I_1, "Võ Văn Dũng (Sở Nội vụ)", "Lùi thời hạn rà soát.\n– Sở Nội vụ: Đồng ý với giải trình.",
         "Tiếp thu, đã lùi thời hạn."],
        ["Khoản 2 Mục I. " + I_2],
        ["2", I_2, "Lê Hoa", "Tăng số điểm sơ tán.", "Không tiếp thu, giải trình: 12 điểm là đủ theo quy hoạch."],
        ["Điểm a khoản 1 Mục II. " + II_1_A],
        ["3", II_1_A, "Trần Minh (Sở Tài chính)", "Bổ sung kiểm tra đê điều.",
         "Tiếp thu một phần: bổ sung đê xung yếu."],
    ]


@pytest.mark.parametrize("which", DRAFTS)
def test_the_table_of_collected_comments_quotes_their_sentences(which, request, tmp_path):
    draft = request.getfixturevalue(which)
    document = docx.Document(str(draft))
    paragraphs = {p.text: p for p in document.paragraphs}
    i_2 = next(p for text, p in paragraphs.items() if I_2 in text)
    point = next(p for text, p in paragraphs.items() if II_1_A in text)
    document.add_comment(i_2.runs, text="Nêu rõ vùng trũng thấp nào.", author="Lê Hoa", initials="LH")
    document.add_comment(point.runs, text="Thêm kiểm tra đê.", author="Trần Minh", initials="TM")
    marked = tmp_path / "hoa.docx"
    document.save(marked)
    collected = tmp_path / "collected.yaml"
    write_collected(draft, [marked], collected)
    data = yaml.safe_load(collected.read_text(encoding="utf-8"))
    data["comments"][0].update(decision="ghi nhận", response="Ghi nhận: đã nêu rõ.")
    collected.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    out = tmp_path / "bang.docx"
    write_table(build_table(read_draft(draft), read_feedback([collected])), out)
    assert opening_lines(out)[1] == TITLE_LINE
    rows = table_cells(out)
    assert rows[1:] == [
        ["Khoản 2 Mục I. " + I_2],
        ["1", I_2, "Lê Hoa", "Nêu rõ vùng trũng thấp nào.", "Ghi nhận: đã nêu rõ."],
        ["Điểm a khoản 1 Mục II. " + II_1_A],
        ["2", II_1_A, "Trần Minh", "Thêm kiểm tra đê.", "Chưa xử lý"],
    ]


def test_the_comment_number_is_the_same_in_the_table_the_word_comments_and_the_summary(
        python_docx_draft, tmp_path):
    draft = python_docx_draft
    feedback = tmp_path / "gop-y.yaml"
    feedback.write_text(yaml.safe_dump({"comments": [
        {"id": 6, "by": "Võ Văn Dũng", "section": "khoản 1 Mục I", "text": "Lùi thời hạn.", "decision": "tiếp thu",
         "response": "Tiếp thu.", "edits": [{"replace": "31/3/2024", "with": "15/4/2024"}]},
        {"id": 2, "by": "Lê Hoa", "section": "I.2", "text": "Giữ nguyên.", "decision": "ghi nhận",
         "response": "Ghi nhận."}]}, allow_unicode=True), encoding="utf-8")
    outputs = revise_files(draft, [feedback], tmp_path / "out")
    rows = table_cells(outputs.paths["responses.docx"])
    assert [r[0] for r in rows if len(r) == 5][1:] == ["6", "2"]
    comments_xml = zipfile.ZipFile(outputs.paths["tracked.docx"]).read("word/comments.xml").decode("utf-8")
    assert "ý kiến số 6" in comments_xml
    summary = outputs.paths["changes.md"].read_text(encoding="utf-8")
    assert "| khoản 1 Mục I |" in summary and "| 6 |" in summary
