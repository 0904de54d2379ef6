"""Consolidation and `comments check`: near-duplicates, pending decisions, problems."""
from __future__ import annotations

from drafting.model import Comment, Decision, Feedback
from comments.consolidate import group_comments


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
