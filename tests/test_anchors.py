"""Anchors that survive edits (W3C-style selectors) found again in the next round's draft."""
import itertools
import os
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.anchors import CONTEXT, EXACT, FUZZY, ORPHANED, Relocator, anchor_at, make_anchor
from drafting.model import Comment
from drafting.reader import read_draft
from drafting.text import find_all
from support.docs import make_docx

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "60"))

ROUND_1 = ["CHỈ THỊ", "Về việc nâng cao chất lượng công tác thi đua, khen thưởng",
           "1. Nâng cao nhận thức về thi đua.",
           "Các cấp, các ngành tập trung chỉ đạo thực hiện tốt phong trào thi đua yêu nước trong toàn tỉnh.",
           "2. Đổi mới công tác khen thưởng.",
           "Không phân bổ tỷ lệ khen thưởng theo năm cho các đơn vị, địa phương.",
           "3. Tổ chức thực hiện.",
           "Giao Sở Nội vụ theo dõi việc thực hiện Chỉ thị này."]


def drafts(tmp_path, new_paragraphs, old_paragraphs=ROUND_1):
    old = read_draft(make_docx(tmp_path / "old.docx", old_paragraphs))
    new = read_draft(make_docx(tmp_path / "new.docx", new_paragraphs))
    return old, new, Relocator(old, new)


def anchor_of(draft, section, quote):
    return make_anchor(draft, Comment(id="1", by="A", text="t", section=section, quote=quote))


def test_an_anchor_holds_the_quote_with_32_characters_of_context_and_its_offsets(tmp_path):
    draft = read_draft(make_docx(tmp_path / "d.docx", ROUND_1))
    anchor = anchor_of(draft, "1", "phong trào thi đua")
    text = draft.find("1").text
    assert text[anchor.start:anchor.end] == anchor.exact == "phong trào thi đua"
    assert anchor.prefix == text[anchor.start - CONTEXT:anchor.start] and len(anchor.prefix) == CONTEXT
    assert anchor.suffix == text[anchor.end:anchor.end + CONTEXT]


def test_a_quote_whose_text_is_unchanged_is_found_exactly_at_its_new_offset(tmp_path):
    new = list(ROUND_1)
    new[3] = "Các cấp ủy Đảng, chính quyền, các cấp, các ngành tập trung chỉ đạo thực hiện tốt phong trào thi đua yêu nước trong toàn tỉnh."
    old, new_draft, relocator = drafts(tmp_path, new)
    found = relocator.find(anchor_of(old, "1", "phong trào thi đua yêu nước"))
    assert found.found == EXACT and found.section == "1" and found.moved_from is None
    assert new_draft.find("1").text[found.start:found.end] == "phong trào thi đua yêu nước"
    assert found.start > anchor_of(old, "1", "phong trào thi đua yêu nước").start


def test_an_edited_quote_is_found_fuzzily_on_its_new_wording(tmp_path):
    new = list(ROUND_1)
    new[3] = "Các cấp, các ngành tập trung lãnh đạo, chỉ đạo thực hiện thật tốt phong trào thi đua yêu nước trong toàn tỉnh."
    old, new_draft, relocator = drafts(tmp_path, new)
    found = relocator.find(anchor_of(old, "1", "chỉ đạo thực hiện tốt phong trào"))
    assert found.found == FUZZY
    assert found.exact == "chỉ đạo thực hiện thật tốt phong trào"
    assert new_draft.find("1").text[found.start:found.end] == found.exact


def test_a_renumbered_section_gives_the_anchor_its_new_id(tmp_path):
    new = ROUND_1[:4] + ROUND_1[6:]          # section 2 removed: 3 becomes 2
    new[4] = "2. Tổ chức thực hiện."
    old, new_draft, relocator = drafts(tmp_path, new)
    found = relocator.find(anchor_of(old, "3", "Giao Sở Nội vụ"))
    assert (found.found, found.section, found.moved_from) == (EXACT, "2", "3")
    section_only = relocator.find(anchor_of(old, "3", None))
    assert (section_only.section, section_only.exact, section_only.moved_from) == ("2", None, "3")


def test_text_that_is_gone_orphans_the_anchor_with_the_reason(tmp_path):
    new = list(ROUND_1)
    new[5] = "Khen thưởng phải kịp thời, đúng người, đúng việc."
    old, _, relocator = drafts(tmp_path, new)
    found = relocator.find(anchor_of(old, "2", "tỷ lệ khen thưởng theo năm"))
    assert found.found == ORPHANED and "section 2" in found.reason
    assert found.exact == "tỷ lệ khen thưởng theo năm"      # what it was about stays on record


def test_a_removed_section_orphans_its_anchors(tmp_path):
    new = ROUND_1[:4] + ["2. Tổ chức thực hiện.", "Giao Sở Nội vụ theo dõi việc thực hiện Chỉ thị này."]
    old, _, relocator = drafts(tmp_path, new)
    found = relocator.find(anchor_of(old, "2", None))
    assert found.found == ORPHANED and found.reason == "section 2 was removed"


def test_of_several_occurrences_the_one_whose_context_agrees_is_chosen(tmp_path):
    old_text = ["1. Khen thưởng.", "Khen thưởng kịp thời cho tập thể. Khen thưởng kịp thời cho cá nhân."]
    new_text = ["1. Khen thưởng.", "Khen thưởng kịp thời cho tập thể lao động. Khen thưởng kịp thời cho cá nhân."]
    old, new_draft, relocator = drafts(tmp_path, new_text, old_text)
    section = old.find("1")
    second = [hit for hit in find_all(section.text, "Khen thưởng kịp thời")][-1]
    found = relocator.find(anchor_at(section, *second))
    assert new_draft.find("1").text[found.end:].startswith(" cho cá nhân")


def test_a_paragraph_moved_to_another_section_is_found_there(tmp_path):
    moved = "Biểu dương kịp thời các điển hình tiên tiến trong phong trào."
    old_text = ["1. Mục một.", "Đoạn thứ nhất của mục một.", moved, "2. Mục hai.", "Đoạn của mục hai."]
    new_text = ["1. Mục một.", "Đoạn thứ nhất của mục một.", "2. Mục hai.", "Đoạn của mục hai.", moved]
    old, _, relocator = drafts(tmp_path, new_text, old_text)
    found = relocator.find(anchor_of(old, "1", "các điển hình tiên tiến"))
    assert (found.section, found.moved_from) == ("2", "1") and found.found in (EXACT, FUZZY)


# ------------------------------------------------ property: random edits between rounds

WORDS = ("thi đua khen thưởng chất lượng phong trào nhân dân cán bộ công chức viên chức tỉnh huyện xã "
         "đơn vị địa phương cơ quan tổ chức thực hiện kiểm tra giám sát báo cáo kết quả năm tháng quý "
         "sáng kiến điển hình tiên tiến lao động sản xuất kinh doanh giáo dục y tế văn hóa xã hội "
         "doanh nghiệp hợp tác nông thôn đô thị môi trường an ninh quốc phòng biểu dương nhân rộng").split()
_ids = itertools.count()


class Doc:
    """A draft as sections of paragraphs of word tokens (id, word), so that the
    test knows where every word of a quote went after random edits."""

    def __init__(self, sections):
        self.sections = sections            # [[heading tokens, body paragraph tokens, …], …]

    def paragraphs(self):
        out = ["CHỈ THỊ"]
        for number, section in enumerate(self.sections, 1):
            out.append(f"{number}. " + " ".join(w for _, w in section[0]))
            out.extend(" ".join(w for _, w in p) + "." for p in section[1:])
        return out

    def locate(self, ids):
        """((section id, start, end) of the tokens `ids` in the section's text when
        they still stand together in order, else None; and the (section id,
        offset) of every character of those that survive."""
        where, chars = {}, set()
        for number, section in enumerate(self.sections, 1):
            at = 0
            for k, p in enumerate(section):
                at += len(f"{number}. ") if k == 0 else 0
                for position, (tid, word) in enumerate(p):
                    if tid in ids:
                        where[tid] = (str(number), k, position, at, at + len(word))
                        chars.update((str(number), at + i) for i in range(len(word)))
                    at += len(word) + 1          # the word and a space (or "." / "\n" after the last)
                at += 1 if k else 0              # a body paragraph: "." then "\n"
        spots = [where.get(t) for t in ids]
        if None not in spots and len({(s, k) for s, k, *_ in spots}) == 1 \
                and all(b[2] == a[2] + 1 for a, b in zip(spots, spots[1:])):
            return (spots[0][0], spots[0][3], spots[-1][4]), chars
        return None, chars


def words(draw, low, high):
    return [(next(_ids), draw(st.sampled_from(WORDS))) for _ in range(draw(st.integers(low, high)))]


@st.composite
def rounds(draw):
    sections = [[words(draw, 2, 4)] + [words(draw, 6, 16) for _ in range(draw(st.integers(1, 3)))]
                for _ in range(draw(st.integers(2, 5)))]
    old = Doc(sections)
    quotes = []
    for _ in range(draw(st.integers(1, 6))):
        s = draw(st.integers(0, len(sections) - 1))
        k = draw(st.integers(1, len(sections[s]) - 1))
        p = sections[s][k]
        n = draw(st.integers(2, min(6, len(p))))
        start = draw(st.integers(0, len(p) - n))
        quotes.append((str(s + 1), [t for t, _ in p[start:start + n]]))
    new = Doc([[list(p) for p in section] for section in sections])
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["replace", "insert", "delete", "drop-paragraph", "add-paragraph",
                                     "drop-section"]))
        if kind == "drop-section":
            if len(new.sections) > 1:
                new.sections.pop(draw(st.integers(0, len(new.sections) - 1)))
            continue
        section = draw(st.sampled_from(new.sections))
        k = draw(st.integers(1, len(section) - 1)) if len(section) > 1 else 0
        p = section[k]
        if kind == "drop-paragraph" and k:
            section.pop(k)
        elif kind == "add-paragraph":
            section.insert(draw(st.integers(1, len(section))), words(draw, 5, 12))
        elif kind == "insert":
            at = draw(st.integers(0, len(p)))
            p[at:at] = words(draw, 1, 3)
        elif kind in ("replace", "delete") and len(p) > 2:
            at = draw(st.integers(0, len(p) - 1))
            if kind == "delete":
                del p[at:at + draw(st.integers(1, 2))]
            else:
                word = draw(st.sampled_from([w for w in WORDS if w != p[at][1]]))
                p[at] = (next(_ids), word)
    return old, new, quotes


SHARES = Counter()


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=rounds())
def _check_random_round(tmp_path, case):
    old_doc, new_doc, quotes = case
    old = read_draft(make_docx(tmp_path / "old.docx", old_doc.paragraphs()))
    new = read_draft(make_docx(tmp_path / "new.docx", new_doc.paragraphs()))
    relocator = Relocator(old, new)
    for section_id, ids in quotes:
        (sid, start, end), _ = old_doc.locate(ids)
        section = old.find(sid)
        if len(find_all(section.text, section.text[start:end])) != 1:
            continue                    # make_anchor takes a repeated quote at its first occurrence
        anchor = anchor_of(old, sid, section.text[start:end])
        assert (anchor.start, anchor.end) == (start, end)
        expected, surviving = new_doc.locate(ids)
        found = relocator.find(anchor)
        SHARES[found.found] += 1
        SHARES["changed"] += expected is None and bool(surviving)
        SHARES["changed, orphaned"] += expected is None and bool(surviving) and found.found == ORPHANED
        if expected is not None:       # the quote's words stand together in NEW: right there
            assert found.found != ORPHANED, (anchor, found)
            assert (found.section, found.start, found.end) == expected, (anchor, found)
        if found.found != ORPHANED:    # never on the wrong text: on some of the quote's own words
            assert new.find(found.section).text[found.start:found.end] == found.exact
            assert any((found.section, i) in surviving for i in range(found.start, found.end)), (anchor, found)


def test_random_edits_between_rounds_find_every_surviving_anchor_and_none_on_wrong_text(tmp_path, capsys):
    SHARES.clear()
    _check_random_round(tmp_path)
    total = sum(SHARES[how] for how in (EXACT, FUZZY, ORPHANED))
    assert total > 0
    with capsys.disabled():
        print(f"\nanchors on random rounds: {total}; " + ", ".join(
            f"{how} {SHARES[how]} ({SHARES[how] / total:.0%})" for how in (EXACT, FUZZY, ORPHANED))
            + f"; of {SHARES['changed']} quotes edited but not wholly removed, "
              f"{SHARES['changed, orphaned']} orphaned")
