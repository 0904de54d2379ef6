"""PDF previews of an export, when LibreOffice is installed."""
from __future__ import annotations

from comments.intake import read_feedback
from drafting.workspace.exports import build_outputs, pdf_previews


def test_the_tracked_draft_and_the_table_get_pdf_previews(soffice, example_draft, example_feedback):
    files = build_outputs(example_draft, example_draft.stem, read_feedback([example_feedback]))
    pdfs = pdf_previews(files)
    assert sorted(pdfs) == [f"{example_draft.stem}.responses.pdf", f"{example_draft.stem}.tracked.pdf"]
    assert all(data.startswith(b"%PDF") for data in pdfs.values())
