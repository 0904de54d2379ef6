"""`drafting carry`: one round's comments carried to the next round's draft."""
import csv
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from comments.anchors import EXACT, FUZZY, ORPHANED, Relocator, anchor_at
from comments.carry import EDITED, carry, carry_files
from comments.check import check
from comments.intake import read_feedback
from comments.workflow import revise_files
from drafting.align import align_paragraphs
from drafting.cli import cli
from drafting.model import Decision, EditKind
from drafting.reader import read_draft
from drafting.templates import example_dir
from support.docs import make_docx
from support.libreoffice import uno_python
from test_anchors import ROUND_1

LO_EDIT = Path(__file__).parent / "support" / "lo_edit.py"
ROUND_2 = ROUND_1[:3] + [
    "Các cấp, các ngành tập trung lãnh đạo, chỉ đạo thực hiện thật tốt phong trào thi đua yêu nước trong toàn tỉnh.",
    "2. Tổ chức thực hiện.", "Giao Sở Nội vụ theo dõi việc thực hiện Chỉ thị này."]


def feedback_file(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


ROUND_1_FEEDBACK = """\
title: Dự thảo Chỉ thị
comments:
  - id: 1
    by: Võ Văn Dũng
    section: "1"
    quote: chỉ đạo thực hiện tốt phong trào
    text: Nhấn mạnh vai trò lãnh đạo.
    decision: accepted
    response: Tiếp thu, đã bổ sung.
    edits:
      - replace: chỉ đạo thực hiện tốt
        with: lãnh đạo, chỉ đạo thực hiện thật tốt
  - id: 2
    by: Hoàng Văn Nhiên
    section: "2"
    quote: tỷ lệ khen thưởng theo năm
    text: Bỏ tỷ lệ khen thưởng theo năm.
    decision: accepted
    response: Tiếp thu, bỏ khoản 2.
  - id: 3
    by: Trần Thị Mai
    section: "3"
    quote: Giao Sở Nội vụ
    text: Giao thêm Văn phòng UBND tỉnh.
    decision: not-accepted
    response: Sở Nội vụ là cơ quan thường trực.
  - id: 4
    by: Lê Văn An
    section: "3"
    text: Đề nghị bổ sung thời hạn báo cáo.
    edits:
      - insert: " và báo cáo hằng năm"
        after: theo dõi việc thực hiện Chỉ thị này
"""


@pytest.fixture
def round_files(tmp_path):
    old = make_docx(tmp_path / "round1.docx", ROUND_1)
    new = make_docx(tmp_path / "round2.docx", ROUND_2)
    return old, feedback_file(tmp_path / "round1.yaml", ROUND_1_FEEDBACK), new


def test_carried_comments_keep_id_decision_response_and_get_their_round(round_files):
    old, feedback, new = round_files
    result = carry(read_draft(old), read_feedback([feedback]), read_draft(new))
    first = result.feedback.comments[0]
    assert (first.id, first.decision, first.response, first.round) == ("1", Decision.ACCEPTED,
                                                                      "Tiếp thu, đã bổ sung.", 1)
    assert first.edits == []                    # applied in round 1: the new draft is their result
    assert first.quote == "chỉ đạo thực hiện thật tốt phong trào" and first.anchor.found == FUZZY


def test_a_comment_on_a_renumbered_section_follows_it(round_files):
    result = carry(*[read_draft(p) if p.suffix == ".docx" else read_feedback([p]) for p in round_files])
    third = result.feedback.comments[2]
    assert (third.section, third.anchor.moved_from, third.anchor.found) == ("2", "3", EXACT)


def test_a_comment_whose_text_is_gone_is_kept_orphaned_without_its_quote(round_files):
    result = carry(*[read_draft(p) if p.suffix == ".docx" else read_feedback([p]) for p in round_files])
    second = result.feedback.comments[1]
    assert second.anchor.found == ORPHANED and second.anchor.reason == "section 2 was removed"
    assert second.quote is None and second.section is None and second.decision is Decision.ACCEPTED
    assert result.orphaned == [second]
    assert result.found == Counter({EXACT: 2, FUZZY: 1, ORPHANED: 1})


def test_a_pending_comment_keeps_the_proposed_edits_whose_text_is_still_there(round_files):
    old, feedback, new = round_files
    result = carry(read_draft(old), read_feedback([feedback]), read_draft(new))
    fourth = result.feedback.comments[3]
    assert [(e.kind, e.target) for e in fourth.edits] == [(EditKind.INSERT, "theo dõi việc thực hiện Chỉ thị này")]
    assert result.dropped_edits == []


def test_the_carried_file_reads_back_and_passes_check_on_the_new_draft(round_files, tmp_path):
    old, feedback, new = round_files
    out = tmp_path / "carried.yaml"
    result = carry_files(old, [feedback], new, out)
    again = read_feedback([out])
    for read, written in zip(again.comments, result.feedback.comments):
        read.source = None
        assert read == written
    assert check(read_draft(new), again).ok


def test_new_comments_beside_carried_ones_start_the_next_round(round_files, tmp_path):
    old, feedback, new = round_files
    carried = tmp_path / "carried.yaml"
    carry_files(old, [feedback], new, carried)
    fresh = feedback_file(tmp_path / "round2.yaml", "comments:\n  - id: 21\n    by: An\n    section: '1'\n"
                                                     "    text: Ý kiến mới.\n")
    merged = read_feedback([carried, fresh])
    assert [c.round for c in merged.comments] == [1, 1, 1, 1, 2]


def test_carrying_twice_keeps_the_first_round_and_the_orphans(round_files, tmp_path):
    old, feedback, new = round_files
    carried = tmp_path / "carried.yaml"
    carry_files(old, [feedback], new, carried)
    again = carry_files(new, [carried], new, tmp_path / "again.yaml", round_=2)
    assert [c.round for c in again.feedback.comments] == [1, 1, 1, 1]
    assert [c.anchor.found for c in again.feedback.comments] == [EXACT, ORPHANED, EXACT, EXACT]


def test_cli_carry_writes_the_yaml_and_lists_the_orphans(round_files, tmp_path):
    old, feedback, new = round_files
    out = tmp_path / "carried.yaml"
    run = CliRunner().invoke(cli, ["carry", str(old), str(feedback), str(new), "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert "4 comments: 2 found exactly, 1 fuzzily, 0 on the text their edit wrote, 1 orphaned" in run.output
    assert "orphaned: comment 2 (Hoàng Văn Nhiên): section 2 was removed" in run.output
    assert out.exists()


def test_cli_carry_refuses_an_output_that_is_not_yaml(round_files, tmp_path):
    old, feedback, new = round_files
    run = CliRunner().invoke(cli, ["carry", str(old), str(feedback), str(new), "-o", str(tmp_path / "x.docx")])
    assert run.exit_code == 2 and "name the output .yaml" in run.output
    assert not (tmp_path / "x.docx").exists()


def test_carrying_onto_our_own_clean_output_finds_every_untouched_anchor(tmp_path):
    example = example_dir()
    outputs = revise_files(example / "du-thao-chi-thi.docx", [example / "feedback.yaml"], tmp_path)
    old, feedback = read_draft(example / "du-thao-chi-thi.docx"), read_feedback([example / "feedback.yaml"])
    new = read_draft(outputs.paths["clean.docx"])
    result = carry(old, feedback, new)
    assert check(new, result.feedback).ok
    for before, after in zip(feedback.comments, result.feedback.comments):
        touched = any(e.kind is not EditKind.ADD for e in before.edits)
        if before.quote and not touched:
            assert after.anchor.found == EXACT and after.quote == before.quote


def test_a_quote_its_own_accepted_edit_replaced_is_anchored_on_the_new_text(tmp_path):
    example = example_dir()
    outputs = revise_files(example / "du-thao-chi-thi.docx", [example / "feedback.yaml"], tmp_path)
    feedback = read_feedback([example / "feedback.yaml"])
    result = carry(read_draft(example / "du-thao-chi-thi.docx"), feedback, read_draft(outputs.paths["clean.docx"]))
    first = result.feedback.comments[0]           # its quote was the sentence its edit rewrote
    assert first.anchor.found == EDITED and first.section == "II.1"
    assert first.quote == feedback.comments[0].edits[0].text


def test_carrying_onto_a_copy_edited_in_libreoffice_follows_its_edits(tmp_path, soffice):
    old = make_docx(tmp_path / "round1.docx", ROUND_1)
    new = tmp_path / "edited.docx"
    subprocess.run([uno_python(), str(LO_EDIT), str(old), str(new), "Trần Thị Mai",
                    "chỉ đạo thực hiện tốt=>lãnh đạo, chỉ đạo thực hiện thật tốt",
                    "Không phân bổ tỷ lệ khen thưởng theo năm cho các đơn vị, địa phương.=>"],
                   check=True, timeout=180)
    result = carry(read_draft(old), read_feedback([feedback_file(tmp_path / "f.yaml", ROUND_1_FEEDBACK)]),
                   read_draft(new))
    assert [c.anchor.found for c in result.feedback.comments] == [FUZZY, ORPHANED, EXACT, EXACT]
    assert result.feedback.comments[0].quote == "chỉ đạo thực hiện thật tốt phong trào"


def test_wmlcomparer_pairs_as_rounds_find_unchanged_paragraphs_exactly(corpus, capsys):
    """Every pair OLD → NEW of the corpus is a round: an anchor on the first
    words of each paragraph is found exactly when its paragraph is unchanged,
    and wherever it is found the selectors describe NEW's text."""
    shares, pairs = Counter(), 0
    with open(corpus / "pairs.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            old, new = read_draft(corpus / row["old"]), read_draft(corpus / row["new"])
            relocator, pairs = Relocator(old, new), pairs + 1
            same = {i for i, j in align_paragraphs([p.text for p in old.paragraphs],
                                                   [p.text for p in new.paragraphs])
                    if i is not None and j is not None and old.paragraphs[i].text == new.paragraphs[j].text}
            for section in old.walk():
                at = 0
                for p in section.paragraphs:
                    words = p.text.split()[:4]
                    quote = " ".join(words)
                    if len(quote) >= 8 and section.text.count(quote) == 1 and p.text.startswith(quote):
                        found = relocator.find(anchor_at(section, at, at + len(quote)))
                        shares[found.found] += 1
                        if p.index in same:
                            assert found.found == EXACT, (row["id"], quote, found)
                        if found.found != ORPHANED:
                            assert new.find(found.section).text[found.start:found.end] == found.exact
                    at += len(p.text) + 1
    total = sum(shares.values())
    assert pairs and total
    with capsys.disabled():
        print(f"\nanchors on {pairs} corpus rounds: {total}; " + ", ".join(
            f"{how} {shares[how]} ({shares[how] / total:.0%})" for how in (EXACT, FUZZY, ORPHANED)))


def test_the_next_rounds_change_summary_lists_the_earlier_comments_its_changes_touch(round_files, tmp_path):
    import json
    old, feedback, new = round_files
    carried = tmp_path / "carried.yaml"
    carry_files(old, [feedback], new, carried)
    fresh = feedback_file(tmp_path / "round2.yaml", """\
comments:
  - id: 21
    by: An
    section: "1"
    text: Bỏ chữ "thật".
    decision: accepted
    response: Tiếp thu.
    edits:
      - replace: thực hiện thật tốt
        with: thực hiện tốt
""")
    outputs = revise_files(new, [carried, fresh], tmp_path / "out")
    changes = json.loads(outputs.paths["changes.json"].read_text(encoding="utf-8"))["changes"]
    assert [c.get("earlier_comments") for c in changes] == [["1"]]
    assert "- Thay đổi 1 (1): 1" in outputs.paths["changes.md"].read_text(encoding="utf-8")


def test_a_quote_its_own_accepted_edit_deleted_is_orphaned_saying_so(tmp_path):
    old = make_docx(tmp_path / "round1.docx", ROUND_1)
    feedback = feedback_file(tmp_path / "f.yaml", """\
comments:
  - id: 1
    by: An
    section: "2"
    quote: cho các đơn vị, địa phương
    text: Bỏ cụm từ thừa.
    decision: accepted
    response: Tiếp thu.
    edits:
      - delete: " cho các đơn vị, địa phương"
""")
    outputs = revise_files(old, [feedback], tmp_path / "out")
    result = carry(read_draft(old), read_feedback([feedback]), read_draft(outputs.paths["clean.docx"]))
    anchor = result.feedback.comments[0].anchor
    assert anchor.found == ORPHANED and anchor.reason == "its own accepted edit deleted the quoted text"


def test_anchor_text_with_markup_spaces_and_line_breaks_reads_back_as_written(tmp_path):
    from comments.feedback_yaml import dump_feedback
    from drafting.model import Anchor, Comment, Feedback
    anchor = Anchor(section="II.1", exact="<b>&amp; {{ x }}", prefix=" đầu dòng\n- ", suffix="  : # cuối ",
                    start=3, end=19, found=FUZZY, moved_from="II.2")
    comment = Comment(id="7", by="An", text="t", section="II.1", quote="<b>&amp; {{ x }}", round=2, anchor=anchor)
    path = tmp_path / "f.yaml"
    path.write_text(dump_feedback(Feedback(comments=[comment])), encoding="utf-8")
    (read,) = read_feedback([path]).comments
    assert read.anchor == anchor and read.round == 2


def test_a_malformed_anchor_is_an_input_error_naming_the_comment(tmp_path):
    from drafting.errors import InputError
    path = feedback_file(tmp_path / "f.yaml", "comments:\n  - id: 3\n    by: An\n    text: t\n"
                                              "    anchor: somewhere\n    round: first\n")
    with pytest.raises(InputError) as error:
        read_feedback([path])
    lines = [str(p) for p in error.value.problems]
    assert any("`anchor` must be a mapping" in line and "3" in line for line in lines)
    assert any("`round` must be a whole number" in line for line in lines)
