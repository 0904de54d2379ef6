"""Reading YAML feedback (DESIGN.md §3) into the model, and every way it can be wrong."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from comments.intake import dump_feedback, read_feedback
from drafting.errors import InputError
from drafting.model import Decision, EditKind

DESIGN_EXAMPLE = """\
title: Dự thảo Chỉ thị về việc nâng cao chất lượng công tác thi đua, khen thưởng
meeting: Cuộc họp UBND tỉnh ngày 03/02/2021
author: Ban Thi đua - Khen thưởng tỉnh
date: 2021-02-05
comments:
  - id: 3
    by: Võ Văn Dũng
    org: Phó Trưởng Ban Tuyên giáo Tỉnh ủy
    section: "2"
    quote: "tỷ lệ theo năm"
    text: Không chia tỷ lệ khen thưởng theo năm.
    decision: accepted
    response: Tiếp thu, bỏ quy định phân bổ tỷ lệ theo năm.
    edits:
      - replace: "được phân bổ tỷ lệ khen thưởng theo năm"
        with: "được xét khen thưởng theo kết quả thực chất"
      - delete: "chung chung"
        occurrence: 2
      - insert: " và có tính lan tỏa"
        after: "mô hình, điển hình cụ thể"
      - section: "3.b"
        text: "Whole new text of the section's first paragraph."
      - add: "5. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện Chỉ thị này."
        after_section: "4"
      - remove_section: "3.c"
"""


def write(tmp_path: Path, text: str, name: str = "feedback.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str, name: str = "feedback.yaml"):
    return read_feedback([write(tmp_path, text, name)])


def problems(tmp_path: Path, text: str, name: str = "feedback.yaml") -> list[str]:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text, name)
    lines = [str(p) for p in caught.value.problems]
    assert all("\n" not in line for line in lines)
    return lines


def one_comment(**fields) -> str:
    body = {"by": "Võ Văn Dũng", "text": "Góp ý.", **fields}
    return "comments:\n  - " + "\n    ".join(f"{k}: {v}" for k, v in body.items()) + "\n"


# --- the format --------------------------------------------------------------

def test_the_design_example_loads_every_field(tmp_path):
    feedback = load(tmp_path, DESIGN_EXAMPLE)
    assert (feedback.title, feedback.meeting, feedback.author, feedback.date) == (
        "Dự thảo Chỉ thị về việc nâng cao chất lượng công tác thi đua, khen thưởng",
        "Cuộc họp UBND tỉnh ngày 03/02/2021", "Ban Thi đua - Khen thưởng tỉnh", "2021-02-05")
    [c] = feedback.comments
    assert (c.id, c.by, c.org, c.section, c.quote, c.decision) == (
        "3", "Võ Văn Dũng", "Phó Trưởng Ban Tuyên giáo Tỉnh ủy", "2", "tỷ lệ theo năm", Decision.ACCEPTED)
    assert c.response == "Tiếp thu, bỏ quy định phân bổ tỷ lệ theo năm."
    summary = [(e.kind, e.section, e.target, e.text, e.position, e.occurrence) for e in c.edits]
    assert summary == [
        (EditKind.REPLACE, None, "được phân bổ tỷ lệ khen thưởng theo năm",
         "được xét khen thưởng theo kết quả thực chất", None, None),
        (EditKind.DELETE, None, "chung chung", None, None, 2),
        (EditKind.INSERT, None, "mô hình, điển hình cụ thể", " và có tính lan tỏa", "after", None),
        (EditKind.REWRITE, "3.b", None, "Whole new text of the section's first paragraph.", None, None),
        (EditKind.ADD, "4", None, "5. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện Chỉ thị này.",
         "after", None),
        (EditKind.REMOVE_SECTION, "3.c", None, None, None, None),
    ]
    assert [e.index for e in c.edits] == [1, 2, 3, 4, 5, 6]


def test_insert_before_and_add_before_section(tmp_path):
    text = one_comment(decision="accepted", response="Tiếp thu") + (
        "    edits:\n"
        "      - insert: 'mới '\n        before: 'cũ'\n        section: I.2\n"
        "      - add: 'Đoạn mới.'\n        before_section: II\n")
    insert, add = load(tmp_path, text).comments[0].edits
    assert (insert.kind, insert.position, insert.target, insert.text, insert.section) == (
        EditKind.INSERT, "before", "cũ", "mới ", "I.2")
    assert (add.kind, add.position, add.section) == (EditKind.ADD, "before", "II")


def test_ids_default_to_the_position_in_the_file(tmp_path):
    text = "comments:\n  - {by: A, text: x}\n  - {by: B, text: y}\n"
    assert [c.id for c in load(tmp_path, text).comments] == ["1", "2"]


def test_a_bare_list_of_comments_is_accepted(tmp_path):
    assert load(tmp_path, "- {by: A, text: x}\n").comments[0].by == "A"


def test_decision_defaults_to_pending_and_needs_no_response(tmp_path):
    [c] = load(tmp_path, one_comment()).comments
    assert (c.decision, c.response) == (Decision.PENDING, None)


@pytest.mark.parametrize("word, decision", [
    ("tiếp thu", Decision.ACCEPTED),
    ("Tiếp thu một phần", Decision.PARTLY_ACCEPTED),
    ("KHÔNG TIẾP THU", Decision.NOT_ACCEPTED),
    ("Không tiếp thu, giải trình", Decision.NOT_ACCEPTED),
    ("ghi nhận", Decision.NOTED),
    ("chưa xử lý", Decision.PENDING),
    ("partly accepted", Decision.PARTLY_ACCEPTED),
    ("not accepted", Decision.NOT_ACCEPTED),
    ("partly-accepted", Decision.PARTLY_ACCEPTED),
    (unicodedata.normalize("NFD", "tiếp thu một phần"), Decision.PARTLY_ACCEPTED),
])
def test_decision_words_in_vietnamese_and_english(tmp_path, word, decision):
    [c] = load(tmp_path, one_comment(decision=f'"{word}"', response="Trả lời")).comments
    assert c.decision is decision


def test_general_section_words_mean_the_whole_document(tmp_path):
    text = "comments:\n  - {by: A, text: x, section: general}\n  - {by: B, text: y, section: Chung}\n"
    assert [c.section for c in load(tmp_path, text).comments] == [None, None]


def test_scalars_stay_text_as_written(tmp_path):
    """`1.10` is a section, not the number 1.1; a delegate may be called `No`."""
    [c] = load(tmp_path, "comments:\n  - {id: 007, by: No, text: yes, section: 1.10}\n").comments
    assert (c.id, c.by, c.text, c.section) == ("007", "No", "yes", "1.10")


def test_text_is_nfc_and_control_characters_are_stripped(tmp_path):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hoà")
    [c] = load(tmp_path, f'comments:\n  - {{by: "{nfd}", text: "Bỏ\\x07 chữ\\x0b này"}}\n').comments
    assert c.by == "Nguyễn Thị Hoà" and unicodedata.is_normalized("NFC", c.by)
    assert c.text == "Bỏ chữ này"


def test_pending_comments_may_carry_proposed_edits(tmp_path):
    """`comments collect` turns delegates' own tracked changes into pending proposals."""
    text = one_comment() + "    edits:\n      - delete: 'chung chung'\n"
    [c] = load(tmp_path, text).comments
    assert c.decision is Decision.PENDING and c.edits[0].kind is EditKind.DELETE


# --- problems, one line each -------------------------------------------------

def test_a_problem_names_file_line_comment_and_section(tmp_path):
    [line] = problems(tmp_path, "comments:\n  - id: 7\n    section: I.2\n    text: x\n")
    assert line == f"{tmp_path / 'feedback.yaml'}:2: comment 7: section I.2: `by` is missing: every comment needs its delegate"


def test_every_problem_of_the_file_is_reported_at_once(tmp_path):
    lines = problems(tmp_path, "comments:\n  - {text: x}\n  - {by: B}\n  - {by: C, text: z, decision: maybe}\n")
    assert len(lines) == 3
    assert "comment 1" in lines[0] and "`by` is missing" in lines[0]
    assert "comment 2" in lines[1] and "`text` is missing" in lines[1]
    assert "comment 3" in lines[2]


def test_an_unknown_decision_word_lists_the_valid_words(tmp_path):
    [line] = problems(tmp_path, one_comment(decision="đồng ý", response="x"))
    assert "unknown decision 'đồng ý'" in line
    for word in ("accepted", "partly-accepted", "not-accepted", "noted", "pending",
                 "tiếp thu", "tiếp thu một phần", "không tiếp thu", "ghi nhận", "chưa xử lý"):
        assert word in line


def test_a_decided_comment_needs_a_response(tmp_path):
    [line] = problems(tmp_path, one_comment(decision="ghi nhận"))
    assert "`response` is missing" in line


def test_edits_on_a_comment_that_is_not_accepted_are_refused(tmp_path):
    text = one_comment(decision="không tiếp thu", response="Giải trình") + "    edits:\n      - delete: x\n"
    [line] = problems(tmp_path, text)
    assert "decision is not-accepted" in line and "accepted or partly-accepted" in line


@pytest.mark.parametrize("edit, message", [
    ("{delete: a, replace: b, with: c}", "unknown shape"),
    ("{move: a}", "unknown shape"),
    ("{replace: a}", "`replace` needs `with`"),
    ("{insert: a}", "needs exactly one of `after` or `before`"),
    ("{insert: a, after: b, before: c}", "needs exactly one of `after` or `before`"),
    ("{add: '5. Mới'}", "needs exactly one of `after` or `after_section` or `before` or `before_section`"),
    ("{delete: a, occurrence: 0}", "`occurrence` must be a whole number from 1"),
    ("{delete: a, colour: red}", "unknown field `colour`"),
    ("delete a", "must be a mapping"),
])
def test_an_edit_of_unknown_shape_is_named(tmp_path, edit, message):
    text = one_comment(decision="accepted", response="x") + f"    edits:\n      - {edit}\n"
    [line] = problems(tmp_path, text)
    assert "edit 1:" in line and message in line


@pytest.mark.parametrize("text, message", [
    ("comments: some text\n", "`comments` must be a list"),
    ("comments:\n  - just a line\n", "must be a mapping of fields"),
    ("comments:\n  - {by: [A, B], text: x}\n", "`by` must be text, not a list"),
    ("comments:\n  - {by: A, text: {a: b}}\n", "`text` must be text, not a mapping"),
    ("comments:\n  - {by: A, text: x, edits: delete x}\n", "`edits` must be a list"),
    ("comments:\n  - {by: A, text: x, colour: red}\n", "unknown field `colour`"),
    ("title: [a]\ncomments: []\n", "`title` must be text"),
    ("date: yesterday\ncomments: []\n", "`date` must be a date such as 05/02/2021"),
    ("just text\n", "expected a mapping with `comments:`"),
    ("title: x\n", "no `comments:` list"),
    ("", "the file is empty"),
])
def test_wrong_types_are_named(tmp_path, text, message):
    lines = problems(tmp_path, text)
    assert len(lines) == 1 and message in lines[0]


def test_duplicate_ids_within_a_file(tmp_path):
    [line] = problems(tmp_path, "comments:\n  - {id: 1, by: A, text: x}\n  - {id: 1, by: B, text: y}\n")
    assert "feedback.yaml:3: comment 1: duplicate id 1 (also at" in line


def test_invalid_yaml_is_one_line_with_its_position(tmp_path):
    [line] = problems(tmp_path, "comments:\n  - by: A\n    text: [unclosed\n")
    assert "invalid YAML at line" in line


def test_an_alias_bomb_is_refused_at_its_first_alias(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
    [line] = problems(tmp_path, bomb + "comments: []\n")
    assert line.startswith(f"{tmp_path / 'feedback.yaml'}:1: ") and "aliases (*name) are not allowed" in line


def test_a_merge_key_is_refused_with_its_line(tmp_path):
    [line] = problems(tmp_path, "base: &b {by: A}\ncomments:\n  - <<: {by: A}\n    text: x\n")
    assert ":3: YAML merge keys (<<) are not allowed" in line


def test_a_field_given_twice_is_an_error_not_an_overwrite(tmp_path):
    [line] = problems(tmp_path, "comments:\n  - by: A\n    text: x\n    text: y\n")
    assert "field `text` is given twice" in line


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTING_MAX_FEEDBACK_BYTES", "10")
    [line] = problems(tmp_path, DESIGN_EXAMPLE)
    assert "over the limit" in line and "DRAFTING_MAX_FEEDBACK_BYTES" in line


def test_unknown_file_types_are_named(tmp_path):
    with pytest.raises(InputError, match=r"unknown feedback file type \.json"):
        read_feedback([write(tmp_path, "{}", "feedback.json")])
    with pytest.raises(InputError, match="legacy Excel 97-2003 .xls"):
        read_feedback([write(tmp_path, "", "feedback.xls")])


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_feedback([tmp_path / "nope.yaml"])


# --- several files -----------------------------------------------------------

def test_unique_ids_across_files_are_kept(tmp_path):
    a = write(tmp_path, "comments:\n  - {id: 1, by: A, text: x}\n", "a.yaml")
    b = write(tmp_path, "comments:\n  - {id: 2, by: B, text: y}\n", "b.yaml")
    assert [c.id for c in read_feedback([a, b]).comments] == ["1", "2"]


def test_clashing_ids_across_files_are_prefixed_by_file_stem(tmp_path):
    a = write(tmp_path, "title: T\ncomments:\n  - {by: A, text: x}\n  - {by: A2, text: x2, same_as: 1}\n",
              "hop-ubnd.yaml")
    b = write(tmp_path, "comments:\n  - {by: B, text: y}\n", "so-noi-vu.yaml")
    feedback = read_feedback([a, b])
    assert [(c.id, c.same_as) for c in feedback.comments] == [
        ("hop-ubnd:1", None), ("hop-ubnd:2", "hop-ubnd:1"), ("so-noi-vu:1", None)]
    assert feedback.title == "T" and feedback.sources == [a, b]


def test_problems_of_several_files_are_reported_together(tmp_path):
    a = write(tmp_path, "comments: [\n", "a.yaml")
    b = write(tmp_path, "comments:\n  - {text: y}\n", "b.yaml")
    with pytest.raises(InputError) as caught:
        read_feedback([a, b])
    assert [str(p).split(":")[0] for p in caught.value.problems] == [str(a), str(b)]


def test_same_as_must_name_an_existing_comment(tmp_path):
    [line] = problems(tmp_path, "comments:\n  - {by: A, text: x, same_as: 9}\n")
    assert "`same_as` names comment 9, which does not exist" in line


# --- writing back, size ------------------------------------------------------

def test_dump_feedback_reads_back_to_the_same_model(tmp_path):
    original = load(tmp_path, DESIGN_EXAMPLE + "  - by: Nguyễn Thị Hoà\n    text: |\n      Dòng một\n      Dòng hai\n"
                               "    same_as: 3\n")
    again = load(tmp_path, dump_feedback(original), "again.yaml")
    for c in again.comments:
        c.source = str(tmp_path / "feedback.yaml")
    assert again.comments == original.comments
    assert (again.title, again.meeting, again.author, again.date) == (
        original.title, original.meeting, original.author, original.date)


def test_ten_thousand_comments_load_with_their_lines(tmp_path):
    lines = ["comments:"] + [
        f"- by: Đại biểu {i % 300}\n  section: I.{i % 7}\n  text: Góp ý số {i} về nội dung khen thưởng\n"
        f"  decision: tiếp thu\n  response: Tiếp thu" for i in range(10_000)]
    path = write(tmp_path, "\n".join(lines))
    feedback = read_feedback([path])
    assert len(feedback.comments) == 10_000
    [problem] = problems(tmp_path, "\n".join(lines) + "\n- by: X\n")
    assert f"feedback.yaml:{1 + 5 * 10_000 + 1}: comment 10001:" in problem


# --- issue 18: what clerks type --------------------------------------------------

@pytest.mark.parametrize("word, decision", [
    ("tiep thu", Decision.ACCEPTED), ("TIEP THU MOT PHAN", Decision.PARTLY_ACCEPTED),
    ("khong tiep thu", Decision.NOT_ACCEPTED), ("Ghi Nhan", Decision.NOTED), ("chua xu ly", Decision.PENDING),
    ("KHÔNG TIẾP THU", Decision.NOT_ACCEPTED),
])
def test_decisions_are_read_without_diacritics_and_in_any_case(tmp_path, word, decision):
    [c] = load(tmp_path, one_comment(decision=f'"{word}"', response="Trả lời")).comments
    assert c.decision is decision


@pytest.mark.parametrize("typed, iso", [("05/02/2021", "2021-02-05"), ("5/2/2021", "2021-02-05"),
                                        ("05.02.2021", "2021-02-05"), ("2021-02-05", "2021-02-05")])
def test_dates_are_read_day_first_as_the_office_writes_them_or_iso(tmp_path, typed, iso):
    feedback = load(tmp_path, f"date: {typed}\n" + one_comment(date=typed))
    assert feedback.date == iso and feedback.comments[0].date == iso


def test_a_day_that_does_not_exist_is_refused(tmp_path):
    [line] = problems(tmp_path, "date: 31/02/2021\ncomments: []\n")
    assert "`date` must be a date such as 05/02/2021" in line


def test_replies_are_read_under_their_comment(tmp_path):
    text = one_comment() + ("    replies:\n      - {by: Ban TĐKT, text: Đã chỉnh sửa., date: 06/02/2021}\n"
                            "      - {text: Cảm ơn.}\n")
    [c] = load(tmp_path, text).comments
    assert [(r.by, r.text, r.date) for r in c.replies] == [("Ban TĐKT", "Đã chỉnh sửa.", "2021-02-06"),
                                                           ("", "Cảm ơn.", None)]
    again = load(tmp_path, dump_feedback(load(tmp_path, text)), "again.yaml")
    assert again.comments[0].replies == c.replies


def test_a_reply_without_text_is_named(tmp_path):
    [line] = problems(tmp_path, one_comment() + "    replies:\n      - {by: A}\n")
    assert "reply 1: `text` is missing" in line


def test_a_rewrite_without_section_takes_the_comments_section(tmp_path):
    from drafting.edits import plan_edits
    from support.docs import make_docx

    draft_path = make_docx(tmp_path / "d.docx", ["I. MỤC TIÊU", "1. Cũ thì sửa.", "2. Giữ nguyên."])
    text = one_comment(section="I.1", decision="accepted", response="Tiếp thu") + \
        "    edits:\n      - text: Mới hoàn toàn.\n"
    [c] = load(tmp_path, text).comments
    assert (c.edits[0].kind, c.edits[0].section) == (EditKind.REWRITE, None)
    from drafting.reader import read_draft
    plan = plan_edits(read_draft(draft_path), load(tmp_path, text))
    assert not plan.problems
    [span] = plan.spans
    assert (span.paragraph.text, span.new) == ("1. Cũ thì sửa.", "1. Mới hoàn toàn.")
