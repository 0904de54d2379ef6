"""What independent readers make of our revisions: pandoc's accept/reject
views equal the intended and the original documents, LibreOffice opens the
file and counts the changes, and real Word-made files revise cleanly."""
from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from docx import Document

from drafting.oxml.accept import accept_all
from drafting.oxml.revision import delete_paragraph, insert_paragraph, revise_paragraph
from drafting.oxml.text import paragraph_text
from support.revision_helpers import (
    accepted, body_paragraphs, context, document_xml, libreoffice_changes, pandoc_plain,
    plain_document, rejected, save, structure_problems, texts, xml_paragraph,
)

ORIGINAL = [
    "Các cơ quan, đơn vị phải báo cáo kết quả thi đua, khen thưởng.",
    "Thực hiện\tđúng quy định;\nkhông chạy theo thành tích.",
    "Đoạn này sẽ bị xóa.",
    "Đoạn cuối cùng.",
]


def build() -> Document:
    """The original: mixed formatting, a tab, a line break, a hyperlink."""
    document = Document()
    p = document.add_paragraph("Các cơ quan, ")
    p.add_run("đơn vị").bold = True
    p.add_run(" phải báo cáo kết quả thi đua, khen thưởng.")
    document.add_paragraph("Thực hiện\tđúng quy định;\nkhông chạy theo thành tích.")
    document.add_paragraph("Đoạn này sẽ bị xóa.")
    document.add_paragraph("Đoạn cuối cùng.")
    return document


@dataclass
class Case:
    name: str
    edit: Callable[[list, object], None]   # (paragraphs, ctx) -> None
    intended: list[str]


CASES = [
    Case("one word", lambda ps, ctx: revise_paragraph(ps[0], ORIGINAL[0].replace("báo cáo", "gửi"), ctx),
         [ORIGINAL[0].replace("báo cáo", "gửi"), *ORIGINAL[1:]]),
    Case("across formatting", lambda ps, ctx: revise_paragraph(
        ps[0], "Các sở, ngành phải báo cáo kết quả khen thưởng.", ctx),
        ["Các sở, ngành phải báo cáo kết quả khen thưởng.", *ORIGINAL[1:]]),
    Case("tabs and breaks", lambda ps, ctx: revise_paragraph(
        ps[1], "Thực hiện đúng\tquy định;\nkhông chạy\ntheo thành tích.", ctx),
        [ORIGINAL[0], "Thực hiện đúng\tquy định;\nkhông chạy\ntheo thành tích.", *ORIGINAL[2:]]),
    Case("start and end", lambda ps, ctx: revise_paragraph(ps[3], "Mở đầu. Đoạn cuối cùng. Hết.", ctx),
         [*ORIGINAL[:3], "Mở đầu. Đoạn cuối cùng. Hết."]),
    Case("delete all text", lambda ps, ctx: revise_paragraph(ps[2], "", ctx),
         [*ORIGINAL[:2], "", ORIGINAL[3]]),
    Case("delete paragraph", lambda ps, ctx: delete_paragraph(ps[2], ctx),
         [*ORIGINAL[:2], ORIGINAL[3]]),
    Case("delete last paragraph", lambda ps, ctx: delete_paragraph(ps[3], ctx), ORIGINAL[:3]),
    Case("insert paragraph", lambda ps, ctx: insert_paragraph(ps[1], "Đoạn mới thêm.", ctx),
         [*ORIGINAL[:2], "Đoạn mới thêm.", *ORIGINAL[2:]]),
    Case("insert after last", lambda ps, ctx: insert_paragraph(ps[3], "Nơi nhận:", ctx),
         [*ORIGINAL, "Nơi nhận:"]),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_pandoc_accepts_to_the_intended_and_rejects_to_the_original(case: Case, tmp_path: Path, pandoc):
    document = build()
    original = save(document, tmp_path, "original")
    case.edit(body_paragraphs(document.element), context(document))
    assert texts(accepted(document.element)) == case.intended
    assert texts(rejected(document.element)) == ORIGINAL
    tracked = save(document, tmp_path, "tracked")
    assert structure_problems(document_xml(tracked)) == []
    intended = save(plain_document(case.intended), tmp_path, "intended")
    assert pandoc_plain(pandoc, tracked, "accept") == pandoc_plain(pandoc, intended)
    assert pandoc_plain(pandoc, tracked, "reject") == pandoc_plain(pandoc, original)


def test_pandoc_reads_changes_in_hyperlinks_fields_and_other_authors_insertions(tmp_path: Path, pandoc):
    document = Document()
    xml_paragraph('<w:r><w:t xml:space="preserve">Xem </w:t></w:r><w:hyperlink r:id="rId1">'
                  '<w:r><w:t>Cổng thông tin điện tử</w:t></w:r></w:hyperlink>'
                  '<w:r><w:t xml:space="preserve"> tỉnh, trang </w:t></w:r>'
                  '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
                  '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>12</w:t></w:r>'
                  '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
                  '<w:ins w:id="1" w:author="Võ Văn Dũng" w:date="2021-02-01T00:00:00Z">'
                  '<w:r><w:t xml:space="preserve"> và phụ lục kèm theo</w:t></w:r></w:ins>'
                  '<w:r><w:t>.</w:t></w:r>', document)
    original = save(document, tmp_path, "original")
    new = "Xem Cổng thông tin tỉnh, trang 12 và các phụ lục."
    revise_paragraph(body_paragraphs(document.element)[0], new, context(document))
    tracked = save(document, tmp_path, "tracked")
    assert structure_problems(document_xml(tracked)) == []
    assert pandoc_plain(pandoc, tracked, "accept").strip() == new
    assert pandoc_plain(pandoc, tracked, "reject") == pandoc_plain(pandoc, original, "reject")


def test_libreoffice_opens_the_tracked_document_and_counts_its_changes(tmp_path: Path, soffice):
    document = build()
    ps = body_paragraphs(document.element)
    ctx = context(document)
    revise_paragraph(ps[0], ORIGINAL[0].replace("báo cáo", "gửi"), ctx)    # 2 changes
    delete_paragraph(ps[2], ctx)                                            # 1 change
    insert_paragraph(ps[3], "Nơi nhận:", ctx, before=True)                  # 1 change
    tracked = save(document, tmp_path, "tracked")
    assert libreoffice_changes(soffice, tracked, tmp_path) == 4


# -- real Word-made files


def corpus_pairs(corpus: Path):
    with open(corpus / "pairs.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            yield row["id"], corpus / row["old"], corpus / row["new"]


def apply_texts(old_paragraphs: list, new_texts: list[str], ctx) -> None:
    """Turn the old paragraphs into the new texts: as many paragraphs pair up
    one to one; otherwise revise paragraphs that pair up, delete and insert the
    rest (a paragraph-level difflib alignment)."""
    if len(old_paragraphs) == len(new_texts):
        for p, text in zip(old_paragraphs, new_texts):
            revise_paragraph(p, text, ctx)
        return
    old_texts = [paragraph_text(p) for p in old_paragraphs]
    matcher = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        if i2 - i1 == j2 - j1:
            for p, text in zip(old_paragraphs[i1:i2], new_texts[j1:j2]):
                revise_paragraph(p, text, ctx)
            continue
        previous = None
        for text in new_texts[j1:j2]:
            if previous is None:
                before = i1 < len(old_paragraphs)
                ref = old_paragraphs[i1] if before else old_paragraphs[-1]
                previous = insert_paragraph(ref, text, ctx, before=before)
            else:
                previous = insert_paragraph(previous, text, ctx)
        for p in old_paragraphs[i1:i2]:
            delete_paragraph(p, ctx)


# Pairs whose differences are whole table rows or cells: paragraph edits cannot
# express them (that is `compare`'s job with row revisions).
ROW_CHANGES = {"WC-1140", "WC-1450", "WC-1820"}


def test_word_made_documents_revise_into_their_modified_versions(corpus, tmp_path: Path, pandoc):
    checked = 0
    for pair_id, old_path, new_path in corpus_pairs(corpus):
        if pair_id in ROW_CHANGES:
            continue
        document = Document(str(old_path))
        old_texts = texts(document.element)
        new_texts = texts(Document(str(new_path)).element)
        apply_texts(body_paragraphs(document.element), new_texts, context(document))
        assert texts(accepted(document.element)) == new_texts, pair_id
        assert texts(rejected(document.element)) == old_texts, pair_id
        tracked = save(document, tmp_path, pair_id)
        assert structure_problems(document_xml(tracked)) == [], pair_id
        assert pandoc_plain(pandoc, tracked, "reject") == pandoc_plain(pandoc, old_path), pair_id
        ours = Document(str(tracked))
        accept_all(ours.element)
        assert pandoc_plain(pandoc, tracked, "accept") == pandoc_plain(
            pandoc, save(ours, tmp_path, pair_id + "-accepted")), pair_id
        checked += 1
    assert checked >= 50
