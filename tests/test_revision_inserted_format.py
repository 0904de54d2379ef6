"""Inserted text takes the formatting of the text it joins, by one rule: that
of the first letter or digit it replaces, else of the nearest letter or digit
before it, else of the nearest after it; spaces never decide, so the same
edit comes out the same whichever side of a space the diff puts it. Tried on
runs with bold, italic, underline, size and highlight, through `revise` and
read back by pandoc."""
from __future__ import annotations

import io
import subprocess

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt

from drafting.model import Comment, Decision, Edit, EditKind, Feedback
from drafting.oxml.ns import w
from drafting.revise import revise

FORMATS = {
    "bold": ({"bold": True}, "b"),
    "italic": ({"italic": True}, "i"),
    "underline": ({"underline": True}, "u"),
    "size": ({"size": Pt(16)}, "sz"),
    "highlight": ({"highlight_color": WD_COLOR_INDEX.YELLOW}, "highlight"),
}


def draft(tmp_path, font: dict):
    """"Báo cáo " plain, "kết quả" formatted, " hằng năm." plain."""
    d = docx.Document()
    d.add_paragraph("I. MỤC TIÊU")
    p = d.add_paragraph()
    p.add_run("1. Báo cáo ")
    run = p.add_run("kết quả")
    for name, value in font.items():
        setattr(run.font, name, value)
    p.add_run(" hằng năm.")
    path = tmp_path / "draft.docx"
    d.save(path)
    return path


def properties(run) -> set[str]:
    rpr = run.find(w("rPr"))
    return {c.tag.split("}")[1] for c in rpr} if rpr is not None else set()


def inserted_runs(path, edit: Edit, section: str = "I.1") -> list[tuple[str, set[str]]]:
    """The text of each inserted run, with the run properties it carries (local names)."""
    comment = Comment(id="1", by="A", text="t", section=section, decision=Decision.ACCEPTED, response="ok",
                      edits=[edit])
    result = revise(path, Feedback(comments=[comment]), keep_labels=True)
    body = docx.Document(io.BytesIO(result.tracked)).element.body
    return [("".join(t.text for t in r.iter(w("t"))), properties(r)) for ins in body.iter(w("ins"))
            for r in ins.iter(w("r"))]


@pytest.mark.parametrize("name", FORMATS)
def test_text_inserted_after_a_formatted_phrase_takes_its_formatting(tmp_path, name):
    font, tag = FORMATS[name]
    runs = inserted_runs(draft(tmp_path, font), Edit(EditKind.INSERT, target="kết quả", text="thực chất",
                                                     position="after"))
    assert runs and all(tag in props for text, props in runs if text.strip())


@pytest.mark.parametrize("name", FORMATS)
def test_text_inserted_before_a_plain_word_after_a_formatted_phrase_takes_the_phrases(tmp_path, name):
    """The nearest letter before the insertion is the phrase's, whatever the space does."""
    font, tag = FORMATS[name]
    runs = inserted_runs(draft(tmp_path, font), Edit(EditKind.INSERT, target="hằng năm", text="định kỳ",
                                                     position="before"))
    assert runs and all(tag in props for text, props in runs if text.strip())


@pytest.mark.parametrize("name", FORMATS)
def test_text_replacing_a_formatted_phrase_takes_its_formatting(tmp_path, name):
    font, tag = FORMATS[name]
    runs = inserted_runs(draft(tmp_path, font), Edit(EditKind.REPLACE, target="kết quả", text="thành tích"))
    assert runs and all(tag in props for text, props in runs if text.strip())


@pytest.mark.parametrize("name", FORMATS)
def test_text_replacing_plain_words_after_a_formatted_phrase_stays_plain(tmp_path, name):
    font, tag = FORMATS[name]
    runs = inserted_runs(draft(tmp_path, font), Edit(EditKind.REPLACE, target="hằng năm", text="mỗi quý"))
    assert runs and all(tag not in props for text, props in runs if text.strip())


def test_text_inserted_at_the_start_takes_the_formatting_of_the_first_word(tmp_path):
    d = docx.Document()
    d.add_paragraph("I. MỤC TIÊU")
    p = d.add_paragraph()
    p.add_run("Báo cáo").italic = True
    p.add_run(" kết quả hằng năm.")
    d.save(tmp_path / "draft.docx")
    runs = inserted_runs(tmp_path / "draft.docx", Edit(EditKind.INSERT, target="Báo cáo", text="Định kỳ",
                                                      position="before"), section="I")
    assert runs and all("i" in props for text, props in runs if text.strip())


def test_pandoc_reads_the_inserted_formatting(tmp_path, pandoc):
    path = draft(tmp_path, {"bold": True})
    comment = Comment(id="1", by="A", text="t", section="I.1", decision=Decision.ACCEPTED, response="ok",
                      edits=[Edit(EditKind.INSERT, target="kết quả", text="thực chất", position="after")])
    out = tmp_path / "tracked.docx"
    out.write_bytes(revise(path, Feedback(comments=[comment]), keep_labels=True).tracked)
    md = subprocess.run([pandoc, "--track-changes=accept", "-t", "markdown", str(out)], capture_output=True,
                        text=True, check=True).stdout
    assert "**kết quả** **thực chất** hằng năm" in " ".join(md.split())
