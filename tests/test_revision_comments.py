"""add_comment over tracked changes; remove_comments for the clean copy."""
from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

from docx import Document

from drafting.oxml.accept import remove_comments
from drafting.oxml.ns import w
from drafting.oxml.revision import insert_paragraph, revise_paragraph
from drafting.oxml.wordcomments import add_comment
from support.revision_helpers import (
    AUTHOR, DATE, context, descendants, document_xml, save, structure_problems,
)

TEXT = "Tiếp thu ý kiến số 3 — Võ Văn Dũng: không chia tỷ lệ theo năm."


def commented(document=None):
    """A document with one revised paragraph, one inserted paragraph, and one
    comment spanning from the first change to the new paragraph."""
    document = document or Document()
    p1 = document.add_paragraph("Các cơ quan phải báo cáo kết quả.")._p
    p2 = document.add_paragraph("Đoạn hai.")._p
    ctx = context(document)
    hunks = revise_paragraph(p1, "Các sở phải báo cáo kết quả đúng hạn.", ctx)
    new = insert_paragraph(p2, "Đoạn mới.", ctx, before=True)
    comment_id = add_comment(document, hunks[0].elements[0], new, TEXT, AUTHOR, "BTĐ", DATE)
    return document, comment_id, p1, new


def test_comment_range_spans_changes_in_different_paragraphs():
    document, comment_id, p1, new = commented()
    start, = descendants(p1, "commentRangeStart")
    # A whole inserted paragraph is covered up to its mark: the range ends at the
    # start of the next paragraph, so the reference does not split the insertion.
    end, = descendants(new.getnext(), "commentRangeEnd")
    assert start.get(w("id")) == end.get(w("id")) == str(comment_id)
    assert start.getnext().tag == w("del")


def test_comment_marks_and_reference_sit_beside_runs_never_inside_revisions():
    document, _, _, _ = commented()
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        el, = descendants(document.element, tag)
        paragraph_child = el if tag != "commentReference" else el.getparent()
        assert paragraph_child.getparent().tag == w("p")
    ref = descendants(document.element, "commentReference")[0].getparent()
    assert ref.getprevious().tag == w("commentRangeEnd")
    assert structure_problems(document.element) == []


def test_comment_carries_author_initials_date_and_text(tmp_path: Path):
    document, comment_id, _, _ = commented()
    path = save(document, tmp_path, "commented")
    with zipfile.ZipFile(path) as z:
        comments = z.read("word/comments.xml").decode()
    assert f'w:id="{comment_id}"' in comments and TEXT in comments
    assert f'w:author="{AUTHOR}"' in comments and 'w:initials="BTĐ"' in comments
    assert f'w:date="{DATE}"' in comments


def test_pandoc_reads_the_comment_over_tracked_changes(tmp_path: Path, pandoc):
    document, _, _, _ = commented()
    path = save(document, tmp_path, "commented")
    markdown = subprocess.run([pandoc, "--track-changes=all", str(path), "-t", "markdown", "--wrap=none"],
                              check=True, capture_output=True, text=True).stdout
    assert "comment-start" in markdown and "Tiếp thu ý kiến số 3" in markdown
    assert "comment-end" in markdown


def test_removing_comments_drops_marks_reference_runs_and_the_comments_part(tmp_path: Path):
    document, _, _, _ = commented()
    remove_comments(document)
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert descendants(document.element, tag) == []
    path = save(document, tmp_path, "clean")
    with zipfile.ZipFile(path) as z:
        assert "word/comments.xml" not in z.namelist()
    assert structure_problems(document_xml(path)) == []


def test_removing_comments_of_a_word_made_document_keeps_it_readable(corpus, tmp_path: Path):
    document = Document(str(corpus / "WC" / "WC002-Unmodified.docx"))
    commented(document)
    buffer = io.BytesIO()
    document.save(buffer)
    reopened = Document(io.BytesIO(buffer.getvalue()))
    remove_comments(reopened)
    path = save(reopened, tmp_path, "clean")
    assert descendants(document_xml(path), "commentReference") == []
    Document(str(path))
