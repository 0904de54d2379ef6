"""A LibreOffice-made, Word-numbered version of the example: the same section
IDs, and the meeting's feedback applied with exact accept/reject in LibreOffice.

pandoc 2.17's plain text is not the reader here: rejecting an inserted numbered
paragraph leaves an empty list item in it, where LibreOffice (and the OOXML
rules: a removed paragraph mark merges the paragraph with the next) give the
original text; `verify` compares pandoc's paragraphs without list numbers,
which agrees.
"""
import json

import pytest

from comments.workflow import revise_files
from support.tools import require_tool
from drafting.reader import read_draft
from drafting.templates import example_dir
from drafting.verify import verify
from support.autonumbered import autonumbered_copy
from support.libreoffice import review

EXAMPLE = example_dir()


@pytest.fixture(scope="module")
def auto_draft(tmp_path_factory):
    require_tool("soffice")
    return autonumbered_copy(EXAMPLE / "du-thao-chi-thi.docx", tmp_path_factory.mktemp("auto"))


def test_labels_come_from_word_numbering_not_the_text(auto_draft):
    draft = read_draft(auto_draft)
    headings = [s.heading for s in draft.walk() if s.heading is not None]
    assert headings and all(p.auto_label for p in headings)


def test_auto_numbered_version_has_the_same_section_ids(auto_draft):
    typed = read_draft(EXAMPLE / "du-thao-chi-thi.docx")
    auto = read_draft(auto_draft)
    assert [s.id for s in auto.walk()] == [s.id for s in typed.walk()]


@pytest.fixture(scope="module")
def revised(auto_draft, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return auto_draft, revise_files(auto_draft, [EXAMPLE / "feedback.yaml"], out), out


def test_libreoffice_rejecting_all_gives_the_original(revised):
    draft, outputs, out = revised
    (tracked, original), _ = review("reject", [outputs.paths["tracked.docx"], draft], out)
    assert tracked == original


def test_libreoffice_accepting_all_gives_the_clean_copy(revised):
    _, outputs, out = revised
    (tracked, clean), counts = review("accept", [outputs.paths["tracked.docx"], outputs.paths["clean.docx"]], out)
    assert tracked == clean
    assert counts[1] == 0


def test_libreoffice_counts_the_changes_of_the_summary(revised):
    _, outputs, out = revised
    _, (count,) = review("none", [outputs.paths["tracked.docx"]], out)
    assert count == json.loads(outputs.paths["changes.json"].read_text(encoding="utf-8"))["revisions"]


def test_a_section_added_to_a_numbered_list_takes_the_list_number(revised):
    _, outputs, out = revised
    (accepted,), _ = review("accept", [outputs.paths["clean.docx"]], out)
    added = next(line for line in accepted if "Xây dựng và nhân rộng mô hình" in line)
    assert added.startswith("4. Xây dựng")          # the typed "4." was dropped, Word numbers it
    assert any(line.startswith("5. Kiện toàn") for line in accepted)


def test_the_tracked_output_verifies(revised, pandoc):
    draft, outputs, _ = revised
    report = verify(outputs.paths["tracked.docx"], original=draft, clean=outputs.paths["clean.docx"],
                    require_pandoc=True)
    assert report.ok, report.problems
