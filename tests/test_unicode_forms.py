"""Drafts and feedback in decomposed form (NFD, "Unicode tổ hợp", as text pasted
from old tools often is) are edited word by word like composed (NFC) ones, and
no revision appears for a character whose normal form alone differs."""
from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from lxml import etree

from drafting.model import Comment, Decision, Edit, EditKind, Feedback
from drafting.revise import revise
from drafting.verify import pandoc_text, verify
from support.docs import make_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARAGRAPHS = ["CHỈ THỊ", "I. MỤC TIÊU", "1. Các đơn vị báo cáo kết quả hằng năm về công tác thi đua.", "Nơi nhận:"]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def revisions(data: bytes) -> list[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    return [(el.tag[len(W):], "".join(el.itertext())) for el in root.iter(f"{W}ins", f"{W}del")
            if el.getparent().tag != f"{W}rPr"]


@pytest.fixture
def nfd_draft(tmp_path):
    return make_docx(tmp_path / "nfd.docx", [nfd(p) for p in PARAGRAPHS])


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_decomposed_draft_gets_the_one_word_change_asked_for(nfd_draft, form, tmp_path, pandoc):
    edit = Edit(EditKind.REPLACE, target=unicodedata.normalize(form, "hằng năm"),
                text=unicodedata.normalize(form, "hằng quý"))
    feedback = Feedback(comments=[Comment(id="1", by="A", section="I.1", text="Theo quý.",
                                          decision=Decision.ACCEPTED, response="Tiếp thu.", edits=[edit])])
    result = revise(nfd_draft, feedback, author="T", date="2021-02-05")
    assert [(kind, unicodedata.normalize("NFC", text)) for kind, text in revisions(result.tracked)] == \
        [("del", "năm"), ("ins", "quý")]
    assert [(c.before, c.after) for c in result.changes] == [("năm", "quý")]
    tracked, clean = tmp_path / "tracked.docx", tmp_path / "clean.docx"
    tracked.write_bytes(result.tracked)
    clean.write_bytes(result.clean)
    assert verify(tracked, original=nfd_draft, clean=clean, require_pandoc=True).problems == []
    assert "kết quả hằng quý về công tác" in unicodedata.normalize("NFC", pandoc_text(clean))


def test_a_paragraph_whose_new_text_differs_only_in_normal_form_gets_no_revision(nfd_draft):
    from drafting.oxml.revision import RevisionContext, revise_paragraph
    from drafting.package import open_package

    document = open_package(nfd_draft)
    paragraph = document.element.find(f"{W}body")[2]
    ctx = RevisionContext("T", "2021-02-05T00:00:00Z", next_id=document.top_id() + 1)
    assert revise_paragraph(paragraph, PARAGRAPHS[2], ctx) == []
