"""add_comment over tracked changes; the clean copy without comments."""
from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

from drafting.oxml.ns import w
from drafting.oxml.revision import RevisionContext, insert_paragraph, revise_paragraph
from drafting.oxml.wordcomments import add_comment
from drafting.package import Docx, open_package
from drafting.revise import accept_in_place
from support.revision_helpers import AUTHOR, DATE, body_paragraphs, descendants, structure_problems

TEXT = "Tiếp thu ý kiến số 3 — Võ Văn Dũng: không chia tỷ lệ theo năm."


def opened(tmp_path: Path, document=None) -> Docx:
    """A python-docx document (two paragraphs added) saved and opened as the engine opens drafts."""
    document = document or Document()
    document.add_paragraph("Các cơ quan phải báo cáo kết quả.")
    document.add_paragraph("Đoạn hai.")
    path = tmp_path / "source.docx"
    document.save(path)
    return open_package(path)


def accepted(document: Docx) -> bytes:
    accept_in_place(document)
    return document.to_bytes()


def commented(tmp_path: Path, document=None):
    """A document with one revised paragraph, one inserted paragraph, and one
    comment spanning from the first change to the new paragraph."""
    docx = opened(tmp_path, document)
    p1, p2 = body_paragraphs(docx.element)[-2:]
    ctx = RevisionContext(AUTHOR, DATE, next_id=docx.top_id() + 1)
    hunks = revise_paragraph(p1, "Các sở phải báo cáo kết quả đúng hạn.", ctx)
    new = insert_paragraph(p2, "Đoạn mới.", ctx, before=True)
    comment_id = add_comment(docx.comments_root(), hunks[0].elements[0], new, TEXT, AUTHOR, "BTĐ", DATE)
    return docx, comment_id, p1, new


def save(data: bytes, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    return path


def document_xml(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def test_comment_range_spans_changes_in_different_paragraphs(tmp_path: Path):
    document, comment_id, p1, new = commented(tmp_path)
    start, = descendants(p1, "commentRangeStart")
    # A whole inserted paragraph is covered up to its mark: the range ends at the
    # start of the next paragraph, so the reference does not split the insertion.
    end, = descendants(new.getnext(), "commentRangeEnd")
    assert start.get(w("id")) == end.get(w("id")) == str(comment_id)
    assert start.getnext().tag == w("del")


def test_comment_marks_and_reference_sit_beside_runs_never_inside_revisions(tmp_path: Path):
    document, _, _, _ = commented(tmp_path)
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        el, = descendants(document.element, tag)
        paragraph_child = el if tag != "commentReference" else el.getparent()
        assert paragraph_child.getparent().tag == w("p")
    ref = descendants(document.element, "commentReference")[0].getparent()
    assert ref.getprevious().tag == w("commentRangeEnd")
    assert structure_problems(document.element) == []


def test_comment_carries_author_initials_date_and_text(tmp_path: Path):
    document, comment_id, _, _ = commented(tmp_path)
    path = save(document.to_bytes(), tmp_path, "commented")
    with zipfile.ZipFile(path) as z:
        comments = z.read("word/comments.xml").decode()
    assert f'w:id="{comment_id}"' in comments and TEXT in comments
    assert f'w:author="{AUTHOR}"' in comments and 'w:initials="BTĐ"' in comments
    assert f'w:date="{DATE}"' in comments


def test_pandoc_reads_the_comment_over_tracked_changes(tmp_path: Path, pandoc):
    document, _, _, _ = commented(tmp_path)
    path = save(document.to_bytes(), tmp_path, "commented")
    markdown = subprocess.run([pandoc, "--track-changes=all", str(path), "-t", "markdown", "--wrap=none"],
                              check=True, capture_output=True, text=True).stdout
    assert "comment-start" in markdown and "Tiếp thu ý kiến số 3" in markdown
    assert "comment-end" in markdown


def test_clean_copy_drops_marks_reference_runs_and_the_comments_part(tmp_path: Path):
    document, _, _, _ = commented(tmp_path)
    path = save(accepted(document), tmp_path, "clean")
    root = document_xml(path)
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert descendants(root, tag) == []
    with zipfile.ZipFile(path) as z:
        assert "word/comments.xml" not in z.namelist()
        assert b"comments" not in z.read("word/_rels/document.xml.rels")
        assert b"comments" not in z.read("[Content_Types].xml")
    assert structure_problems(root) == []


def test_clean_copy_of_a_word_made_document_stays_readable(corpus, tmp_path: Path):
    document, _, _, _ = commented(tmp_path, Document(str(corpus / "WC" / "WC002-Unmodified.docx")))
    path = save(accepted(document), tmp_path, "clean")
    assert descendants(document_xml(path), "commentReference") == []
    Document(str(path))
