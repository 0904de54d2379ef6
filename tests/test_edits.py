"""Planning edits: where each edit lands, and every problem reported before writing."""
import pytest

from drafting.edits import plan_edits
from drafting.model import Comment, Decision, Edit, EditKind, Feedback
from drafting.reader import read_draft
from drafting.renumber import renumber
from support.docs import make_docx

PARAGRAPHS = [
    "CHỈ THỊ", "Về việc nâng cao chất lượng công tác thi đua",
    "I. MỤC TIÊU",
    "1. Phong trào thi đua phải thiết thực, tránh chung chung, hình thức.",
    "2. Không phân bổ tỷ lệ khen thưởng theo năm.",
    "3. Xây dựng mô hình, điển hình cụ thể.",
    "a) Điểm một.",
    "b) Điểm hai.",
    "II. TỔ CHỨC THỰC HIỆN",
]


@pytest.fixture
def draft(tmp_path):
    return read_draft(make_docx(tmp_path / "draft.docx", PARAGRAPHS))


def accepted(cid, section, *edits, decision=Decision.ACCEPTED):
    return Comment(id=cid, by=f"Đại biểu {cid}", text="ý kiến", section=section, decision=decision,
                   response="Tiếp thu", edits=list(edits), source="feedback.yaml")


def plan(draft, *comments):
    return plan_edits(draft, Feedback(comments=list(comments)))


def messages(p):
    return [str(problem) for problem in p.problems]


def test_replace_lands_on_the_text_in_its_section(draft):
    p = plan(draft, accepted("1", "I.2", Edit(EditKind.REPLACE, target="tỷ lệ khen thưởng", text="khen thưởng")))
    (span,) = p.spans
    assert span.paragraph.text[span.start:span.end] == "tỷ lệ khen thưởng"


def test_matching_folds_tone_placement_and_spaces(draft):
    p = plan(draft, accepted("1", "I.1", Edit(EditKind.DELETE, target="chung  chung,")))
    assert not p.problems
    p = plan(draft, accepted("1", "I.3", Edit(EditKind.REPLACE, target="mô  hình", text="mô hình mẫu")))
    assert not p.problems


def test_delete_takes_one_neighbouring_space_with_it(draft):
    (span,) = plan(draft, accepted("1", "I.1", Edit(EditKind.DELETE, target="hình thức"))).spans
    assert span.paragraph.text[:span.start] + span.paragraph.text[span.end:] == \
        "1. Phong trào thi đua phải thiết thực, tránh chung chung,."


def test_insert_after_adds_a_separating_space(draft):
    (span,) = plan(draft, accepted("1", "I.3", Edit(EditKind.INSERT, target="cụ thể", text="và có tính lan tỏa",
                                                      position="after"))).spans
    assert span.new == " và có tính lan tỏa"


def test_unknown_section_names_the_nearest_ids(draft):
    (message,) = messages(plan(draft, accepted("7", "I.9", Edit(EditKind.DELETE, target="x"))))
    assert message.startswith("feedback.yaml: comment 7: section I.9: unknown section 'I.9' (nearest:")


def test_unknown_section_suggests_its_siblings_and_parent(draft):
    (message,) = messages(plan(draft, accepted("7", "I.9", Edit(EditKind.DELETE, target="x"))))
    assert message.endswith("(nearest: I.3, I.2, I.1)")


def test_many_comments_naming_unknown_sections_compare_each_with_a_few_ids_only(tmp_path, monkeypatch):
    """8,000 such comments used to take minutes: each was compared with every ID."""
    import difflib

    items = [f"{n}. Nhiệm vụ {n}." for n in range(1, 400)]
    big = read_draft(make_docx(tmp_path / "big.docx", ["CHỈ THỊ", "I. NHIỆM VỤ", *items, "II. GIẢI PHÁP", *items]))
    comparisons = []
    real_ratio = difflib.SequenceMatcher.ratio
    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", lambda self: comparisons.append(1) or real_ratio(self))
    comments = [accepted(str(n), f"IX.{n}", Edit(EditKind.DELETE, target="x")) for n in range(200)]
    problems = plan_edits(big, Feedback(comments=comments)).problems
    assert len(problems) == 200 and all("unknown section" in p.message for p in problems)
    assert len(comparisons) <= 200 * 30


def test_text_not_found_and_found_twice_are_reported(draft):
    p = plan(draft, accepted("1", "I.2", Edit(EditKind.DELETE, target="không có")),
             accepted("2", "I.1", Edit(EditKind.DELETE, target="chung")))
    assert "not found" in messages(p)[0]
    assert "found 2 times" in messages(p)[1]


def test_edit_text_matches_whole_words_only(draft):
    p = plan(draft, accepted("1", "I", Edit(EditKind.DELETE, target="I")))
    assert not p.problems
    assert "not found" in messages(plan(draft, accepted("1", "I", Edit(EditKind.DELETE, target="TIÊ"))))[0]


def test_occurrence_picks_one_of_several(draft):
    p = plan(draft, accepted("1", "I.1", Edit(EditKind.DELETE, target="chung", occurrence=2)))
    assert not p.problems
    p = plan(draft, accepted("1", "I.1", Edit(EditKind.DELETE, target="chung")))
    assert "found 2 times" in messages(p)[0]


def test_overlapping_edits_of_two_comments_name_both(draft):
    p = plan(draft, accepted("1", "I.2", Edit(EditKind.DELETE, target="tỷ lệ khen")),
             accepted("2", "I.2", Edit(EditKind.REPLACE, target="khen thưởng", text="thi đua")))
    (message,) = messages(p)
    assert "comment 1" in message and "comment 2" in message


def test_edits_on_a_comment_not_accepted_are_an_error(draft):
    p = plan(draft, accepted("1", "I.2", Edit(EditKind.DELETE, target="tỷ lệ"), decision=Decision.NOT_ACCEPTED))
    assert "not-accepted" in messages(p)[0]


def test_pending_comments_may_carry_proposed_edits_that_are_not_applied(draft):
    p = plan(draft, accepted("1", "I.2", Edit(EditKind.DELETE, target="tỷ lệ"), decision=Decision.PENDING))
    assert not p.problems and p.empty


def test_every_problem_is_collected(draft):
    p = plan(draft, accepted("1", "X"), accepted("2", "I.2", Edit(EditKind.DELETE, target="nothing")),
             Comment(id="3", by="B", text="t", section="I.1", quote="không có trong mục"))
    assert len(p.problems) == 3


def test_removing_a_section_renumbers_its_later_siblings(draft):
    p = plan(draft, accepted("4", "I.2", Edit(EditKind.REMOVE_SECTION)))
    renumber(draft, p)
    (relabel,) = p.spans
    assert relabel.relabel and relabel.paragraph.text.startswith("3.") and relabel.new == "2"
    assert relabel.comment.id == "4"


def test_added_section_label_is_a_placeholder_set_by_position(draft):
    p = plan(draft, accepted("5", "I.1", Edit(EditKind.ADD, section="I.1", text="9. Mục mới.", position="after")))
    renumber(draft, p)
    (addition,) = p.additions
    assert addition.texts == ["2. Mục mới."] and addition.new_id == "I.2"
    assert [(s.paragraph.text[:2], s.new) for s in p.spans] == [("2.", "3"), ("3.", "4")]


def test_keep_labels_means_no_renumbering_is_planned(draft):
    p = plan(draft, accepted("4", "I.2", Edit(EditKind.REMOVE_SECTION)))
    assert p.spans == []


def test_add_after_the_paragraph_holding_some_words_goes_in_the_middle_of_its_section(tmp_path):
    from drafting.edits import plan_edits
    from drafting.model import Comment, Decision, Edit, EditKind, Feedback
    from drafting.reader import read_draft
    from support.docs import make_docx

    path = make_docx(tmp_path / "d.docx", ["I. MỤC TIÊU", "Đoạn một của mục.", "Đoạn hai của mục."])
    draft = read_draft(path)

    def plan(target):
        edit = Edit(EditKind.ADD, section="I", text="Đoạn mới.", position="after", target=target)
        comment = Comment(id="1", by="A", text="t", section="I", decision=Decision.ACCEPTED, response="ok",
                          edits=[edit])
        return plan_edits(draft, Feedback(comments=[comment]))

    assert plan("một của").additions[0].paragraph is draft.paragraphs[1]
    assert "occurs in 2 paragraphs" in plan("của mục").problems[0].message
