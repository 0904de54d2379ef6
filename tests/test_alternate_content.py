"""Word 365's alternate content inside runs (an emoji written as
mc:AlternateContent: mc:Choice w16se:symEx, mc:Fallback w:t) is valid input:
its fallback text is read, quoted and edited like any other text, and the
tracked copy reads right in LibreOffice (pandoc 2.17 cannot see such text at
all, pandoc issue 11113, so LibreOffice is the reader here)."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from lxml import etree

from drafting.model import Comment, Decision, Edit, EditKind, Feedback
from drafting.reader import read_draft
from drafting.revise import revise
from drafting.verify import structure_problems, _read_stories
from support.libreoffice import review

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W16SE = "http://schemas.microsoft.com/office/word/2015/wordml/symex"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def emoji_run(char: str) -> etree._Element:
    return etree.fromstring(
        f'<w:r xmlns:w="{W}" xmlns:mc="{MC}" xmlns:w16se="{W16SE}"><mc:AlternateContent>'
        f'<mc:Choice Requires="w16se"><w16se:symEx w16se:font="Segoe UI Emoji" w16se:char="{ord(char):X}"/>'
        f'</mc:Choice><mc:Fallback><w:t>{char}</w:t></mc:Fallback></mc:AlternateContent></w:r>')


@pytest.fixture
def draft(tmp_path) -> Path:
    """ "Khen thưởng 👍 kịp thời ❤ và đúng người." with both emoji as Word 365 writes them."""
    document = docx.Document()
    document.add_paragraph("I. MỤC TIÊU")
    p = document.add_paragraph("1. Khen thưởng ")
    p._p.append(emoji_run("👍"))
    p.add_run(" kịp thời ")
    p._p.append(emoji_run("❤"))
    p.add_run(" và đúng người.")
    path = tmp_path / "draft.docx"
    document.save(path)
    return path


def edited(draft: Path, target: str, text: str, tmp_path: Path) -> Path:
    feedback = Feedback(comments=[Comment(id="1", by="Tester", text="sửa", decision=Decision.ACCEPTED,
                                          response="ok", edits=[Edit(EditKind.REPLACE, target=target, text=text)])])
    out = tmp_path / f"tracked-{len(list(tmp_path.iterdir()))}.docx"
    out.write_bytes(revise(draft, feedback, author="Tester", date="2021-02-05").tracked)
    return out


def test_the_fallback_text_is_the_paragraphs_text(draft):
    assert read_draft(draft).paragraphs[1].text == "1. Khen thưởng 👍 kịp thời ❤ và đúng người."


@pytest.mark.parametrize("target, text, accepted", [
    ("kịp thời", "nhanh chóng", "1. Khen thưởng 👍 nhanh chóng ❤ và đúng người."),
    ("👍", "✅", "1. Khen thưởng ✅ kịp thời ❤ và đúng người."),
    ("👍 kịp thời ❤", "kịp thời", "1. Khen thưởng kịp thời và đúng người."),
])
def test_an_edit_on_or_next_to_an_emoji_reads_right_in_libreoffice(draft, target, text, accepted, tmp_path,
                                                                    soffice):
    tracked = edited(draft, target, text, tmp_path)
    assert structure_problems(*_read_stories(tracked)) == []
    (accept,), _ = review("accept", [tracked], tmp_path)
    (reject,), _ = review("reject", [tracked], tmp_path)
    assert accept[1] == accepted
    assert reject[1] == "1. Khen thưởng 👍 kịp thời ❤ và đúng người."
