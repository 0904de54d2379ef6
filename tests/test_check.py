"""Consolidation and `comments check`: near-duplicates, pending decisions, problems."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from comments.check import check, format_report
from comments.consolidate import group_comments
from comments.intake import read_feedback
from drafting.cli import cli
from drafting.model import Comment, Decision, Feedback
from drafting.reader import read_draft
from support.docs import make_docx


def comment(cid, text, section=None, **kw) -> Comment:
    return Comment(id=str(cid), by=f"Đại biểu {cid}", text=text, section=section, **kw)


def ids(groups):
    return [[c.id for c in g] for g in groups]


def test_two_paraphrases_of_one_point_are_grouped():
    fb = Feedback([comment(1, "Nội dung chỉ thị cần tránh chung chung."),
                   comment(2, "Đề nghị cần cụ thể, tránh tình trạng chung chung")])
    assert ids(group_comments(fb)) == [["1", "2"]]


def test_two_different_asks_stay_apart():
    fb = Feedback([comment(1, "Bổ sung khen thưởng cho người lao động trực tiếp."),
                   comment(2, "Làm rõ trách nhiệm của người đứng đầu trong công tác khen thưởng.")])
    assert ids(group_comments(fb)) == [["1"], ["2"]]


def test_tone_mark_placement_and_case_do_not_matter():
    fb = Feedback([comment(1, "Hoà nhập cộng đồng, thủy lợi nội đồng"),
                   comment(2, "HÒA NHẬP CỘNG ĐỒNG và THUỶ LỢI NỘI ĐỒNG")])
    assert ids(group_comments(fb)) == [["1", "2"]]


def test_near_duplicates_on_different_sections_stay_apart():
    fb = Feedback([comment(1, "Cần tránh tình trạng chung chung", "1"),
                   comment(2, "Cần tránh tình trạng chung chung", "2")])
    assert ids(group_comments(fb)) == [["1"], ["2"]]


def test_near_duplicates_with_different_decisions_stay_apart():
    fb = Feedback([comment(1, "Cần tránh tình trạng chung chung", decision=Decision.ACCEPTED),
                   comment(2, "Cần tránh tình trạng chung chung", decision=Decision.NOTED)])
    assert ids(group_comments(fb)) == [["1"], ["2"]]


def test_same_as_groups_whatever_the_text_and_section():
    fb = Feedback([comment(1, "Bỏ tỷ lệ theo năm", "2"),
                   comment(2, "Một ý khác", "3"),
                   comment(3, "Như ý kiến đại biểu 1", "4", same_as="1")])
    assert ids(group_comments(fb)) == [["1", "3"], ["2"]]


def test_section_ids_compare_in_spaced_and_lower_case_forms():
    fb = Feedback([comment(1, "Cần tránh tình trạng chung chung", "I.2.a"),
                   comment(2, "Tránh chung chung", "i. 2. a")])
    assert ids(group_comments(fb)) == [["1", "2"]]


def test_one_shared_word_is_not_enough():
    fb = Feedback([comment(1, "Bỏ"), comment(2, "Bỏ quy định về thời hạn báo cáo")])
    assert ids(group_comments(fb)) == [["1"], ["2"]]


# --- check(draft, feedback) and `drafting comments check` --------------------

DRAFT = [
    "ỦY BAN NHÂN DÂN", "CHỈ THỊ", "Về việc nâng cao chất lượng công tác thi đua, khen thưởng",
    "I. MỤC TIÊU",
    "1. Nội dung khen thưởng phải thực chất.",
    "a) Không phân bổ tỷ lệ khen thưởng theo năm.",
    "II. NHIỆM VỤ",
]

FEEDBACK = """\
comments:
  - by: Võ Văn Dũng
    section: I.1
    text: Nội dung chỉ thị cần tránh chung chung.
  - by: Trần Thị Bình
    section: i. 1
    text: Đề nghị cần cụ thể, tránh tình trạng chung chung.
  - by: Lê Văn Cường
    section: I.1.a
    text: Bỏ phân bổ tỷ lệ theo năm.
    decision: tiếp thu
    response: Tiếp thu.
    edits:
      - replace: tỷ lệ khen thưởng theo năm
        with: kết quả thực chất
  - by: Võ Văn Dũng
    text: Dự thảo cần ngắn gọn.
    decision: ghi nhận
    response: Ghi nhận.
"""


@pytest.fixture
def files(tmp_path):
    draft = make_docx(tmp_path / "draft.docx", DRAFT)
    feedback = tmp_path / "feedback.yaml"
    feedback.write_text(FEEDBACK, encoding="utf-8")
    return draft, feedback


def run_check(draft, feedback):
    return check(read_draft(draft), read_feedback([feedback]))


def test_check_lists_the_pending_comments(files):
    assert [c.id for c in run_check(*files).pending] == ["1", "2"]


def test_check_suggests_paraphrases_as_one_group(files):
    assert ids(run_check(*files).groups) == [["1", "2"]]


def test_a_group_already_marked_same_as_is_not_suggested_again(files):
    draft, feedback = files
    feedback.write_text(FEEDBACK.replace("    section: i. 1\n", "    section: i. 1\n    same_as: 1\n"),
                        encoding="utf-8")
    assert run_check(draft, feedback).groups == []


def test_check_counts_by_decision_section_and_delegate(files):
    report = run_check(*files)
    assert report.by_decision == {Decision.ACCEPTED: 1, Decision.NOTED: 1, Decision.PENDING: 2}
    assert report.by_section == {"general": 1, "I.1": 2, "I.1.a": 1}
    assert report.by_delegate == {"Võ Văn Dũng": 2, "Trần Thị Bình": 1, "Lê Văn Cường": 1}


def test_check_reports_edit_problems_from_the_draft(files):
    draft, feedback = files
    feedback.write_text(FEEDBACK.replace("section: I.1.a", "section: I.9"), encoding="utf-8")
    [problem] = run_check(draft, feedback).problems
    assert problem.comment == "3" and "unknown section 'I.9'" in problem.message


def test_the_cli_prints_pending_groups_with_a_same_as_hint_and_the_summary(files):
    result = CliRunner().invoke(cli, ["comments", "check", *map(str, files)])
    assert result.exit_code == 0, result.output
    assert "Ý kiến chưa xử lý (2):" in result.output
    assert "1, 2 (mục I.1) — đánh dấu bằng `same_as: 1`" in result.output
    assert "Theo quyết định: Tiếp thu 1; Ghi nhận 1; Chưa xử lý 2" in result.output


def test_the_cli_exits_2_on_problems(files):
    draft, feedback = files
    feedback.write_text(FEEDBACK.replace("with: kết quả thực chất", "with: x\n      - delete: không có"),
                        encoding="utf-8")
    result = CliRunner().invoke(cli, ["comments", "check", str(draft), str(feedback), "--lang", "en"])
    assert result.exit_code == 2
    assert "comment 3: section I.1.a: delete 'không có': not found" in result.output


def test_the_report_reads_in_english_on_request(files):
    text = format_report(run_check(*files), lang="en")
    assert "Pending comments (2):" in text and "mark them with `same_as: 1`" in text
