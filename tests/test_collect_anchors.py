"""`comments collect`: a Word comment on text that its author then deleted or
edited keeps its section and its quote (the draft's text) and carries those
edits, one item for the clerk; another delegate's edit stays its own item.
Copies are made with python-docx 1.2's comment API, the edits tracked as Word
writes them (w:del with w:delText, w:ins) or made without tracking."""
from __future__ import annotations

import copy as copying
from pathlib import Path

import docx
import pytest
from lxml import etree

from comments.collect import collect
from drafting.model import Decision
from drafting.revise import revise
from drafting.reader import read_draft
from support.docs import W, make_docx

PARAGRAPHS = [
    "CHỈ THỊ",
    "I. MỤC TIÊU, YÊU CẦU",
    "1. Các đơn vị được phân bổ tỷ lệ khen thưởng theo năm.",
    "2. Xây dựng mô hình, điển hình cụ thể trong các phong trào thi đua.",
    "3. Tổ chức sơ kết, tổng kết kịp thời.",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Các sở, ban, ngành báo cáo kết quả hằng năm.",
    "Nơi nhận:",
]
STAMP = {f"{{{W}}}date": "2021-02-04T09:00:00Z"}


@pytest.fixture
def draft(tmp_path) -> Path:
    return make_docx(tmp_path / "draft.docx", PARAGRAPHS)


def split_run(paragraph, text: str):
    """The paragraph's single run split so that `text` is a run of its own; that run."""
    run = paragraph.runs[0]
    before, after = run.text.split(text, 1)
    run.text = before
    middle = copying.deepcopy(run._r)
    middle.xpath("./w:t")[0].text = text
    run._r.addnext(middle)
    tail = copying.deepcopy(run._r)
    tail.xpath("./w:t")[0].text = after
    middle.addnext(tail)
    for r in (run._r, middle, tail):
        r.xpath("./w:t")[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return next(r for r in paragraph.runs if r._r is middle)


def track(run_el, tag: str, author: str, n: int) -> None:
    """Wrap a run in a tracked insertion or deletion by `author`."""
    mark = etree.Element(f"{{{W}}}{tag}", {f"{{{W}}}id": str(900 + n), f"{{{W}}}author": author, **STAMP})
    run_el.addprevious(mark)
    mark.append(run_el)
    if tag == "del":
        for t in run_el.findall(f"{{{W}}}t"):
            t.tag = f"{{{W}}}delText"


def accepted(draft: Path, feedback) -> list[str]:
    for c in feedback.comments:
        if c.edits:
            c.decision, c.response = Decision.ACCEPTED, "Tiếp thu."
    clean = draft.with_name("clean.docx")
    clean.write_bytes(revise(draft, feedback, keep_labels=True).clean)
    return [p.text for p in read_draft(clean).paragraphs]


def test_a_comment_on_words_its_author_deleted_with_tracking_keeps_its_quote_and_carries_the_deletion(draft, tmp_path):
    document = docx.Document(draft)
    run = split_run(document.paragraphs[2], "tỷ lệ khen thưởng ")
    document.add_comment([run], text="Bỏ tỷ lệ.", author="Võ Văn Dũng", initials="VVD")
    track(run._r, "del", "Võ Văn Dũng", 1)
    document.save(tmp_path / "copy.docx")
    feedback = collect(draft, [tmp_path / "copy.docx"])
    assert [(c.by, c.section, c.text, c.quote) for c in feedback.comments] == [
        ("Võ Văn Dũng", "I.1", "Bỏ tỷ lệ.", "tỷ lệ khen thưởng")]
    assert accepted(draft, feedback)[2] == "1. Các đơn vị được phân bổ theo năm."


def test_a_comment_on_words_its_author_rewrote_without_tracking_quotes_the_drafts_words(draft, tmp_path):
    document = docx.Document(draft)
    run = split_run(document.paragraphs[6], "hằng năm")
    document.add_comment([run], text="Theo quý.", author="Võ Văn Dũng", initials="VVD")
    run.text = "hằng quý"
    document.save(tmp_path / "copy.docx")
    feedback = collect(draft, [tmp_path / "copy.docx"])
    assert [(c.by, c.section, c.quote, len(c.edits)) for c in feedback.comments] == [
        ("Võ Văn Dũng", "II.1", "hằng năm", 1)]
    assert accepted(draft, feedback)[6] == "1. Các sở, ban, ngành báo cáo kết quả hằng quý."


def test_a_comment_in_a_paragraph_its_author_deleted_with_tracking_keeps_section_and_quote(draft, tmp_path):
    document = docx.Document(draft)
    paragraph = document.paragraphs[4]
    document.add_comment(paragraph.runs, text="Trùng với mục 2.", author="Võ Văn Dũng", initials="VVD")
    track(paragraph.runs[0]._r, "del", "Võ Văn Dũng", 1)
    ppr = paragraph._p.get_or_add_pPr()
    rpr = etree.SubElement(ppr, f"{{{W}}}rPr")
    etree.SubElement(rpr, f"{{{W}}}del", {f"{{{W}}}id": "950", f"{{{W}}}author": "Võ Văn Dũng", **STAMP})
    document.save(tmp_path / "copy.docx")
    feedback = collect(draft, [tmp_path / "copy.docx"])
    assert [(c.by, c.section, c.text, c.quote) for c in feedback.comments] == [
        ("Võ Văn Dũng", "I.3", "Trùng với mục 2.", PARAGRAPHS[4])]
    assert PARAGRAPHS[4] not in accepted(draft, feedback)


def test_another_delegates_edit_of_the_commented_words_stays_an_item_of_its_own(draft, tmp_path):
    document = docx.Document(draft)
    run = split_run(document.paragraphs[2], "tỷ lệ khen thưởng ")
    document.add_comment([run], text="Bỏ tỷ lệ.", author="Võ Văn Dũng", initials="VVD")
    track(run._r, "del", "Lê Thị Hoa", 1)
    document.save(tmp_path / "copy.docx")
    feedback = collect(draft, [tmp_path / "copy.docx"])
    assert [(c.by, c.quote, bool(c.edits)) for c in feedback.comments] == [
        ("Võ Văn Dũng", "tỷ lệ khen thưởng", False), ("Lê Thị Hoa", PARAGRAPHS[2], True)]


def test_a_paragraph_inserted_in_the_middle_of_a_section_comes_back_at_its_place(tmp_path):
    from comments.intake import dump_feedback, read_feedback

    paragraphs = PARAGRAPHS[:3] + ["Việc phân bổ do Hội đồng thi đua quyết định.", "Kết quả công khai."] + PARAGRAPHS[3:]
    draft = make_docx(tmp_path / "draft.docx", paragraphs)
    document = docx.Document(draft)
    new = copying.deepcopy(document.paragraphs[3]._p)
    document.paragraphs[3]._p.addnext(new)
    new.xpath("./w:r/w:t")[0].text = "Hằng năm rà soát tỷ lệ."
    document.save(tmp_path / "copy.docx")
    feedback = collect(draft, [tmp_path / "copy.docx"])
    [edit] = [e for c in feedback.comments for e in c.edits]
    assert (edit.kind.value, edit.section, edit.position, edit.text) == ("add", "I.1", "after", "Hằng năm rà soát tỷ lệ.")
    out = tmp_path / "feedback.yaml"
    out.write_text(dump_feedback(feedback), encoding="utf-8")
    texts = accepted(draft, read_feedback([out]))
    assert texts[3:6] == ["Việc phân bổ do Hội đồng thi đua quyết định.", "Hằng năm rà soát tỷ lệ.", "Kết quả công khai."]
