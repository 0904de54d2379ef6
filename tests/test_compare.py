"""`drafting compare OLD NEW`: the redline rejects to OLD and accepts to NEW.

The Word-made pairs of WmlComparer's test suite are the main evidence: each
redline is read back by pandoc (an independent reader) and by our own
accept/reject, checked for structure, and opened by LibreOffice (all redlines
in one conversion, to keep the run short).
"""
from __future__ import annotations

import csv
import json
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest

from support.libreoffice import review
from click.testing import CliRunner
from docx.shared import Pt
from lxml import etree

from drafting.cli import cli
from drafting.compare import compare
from drafting.oxml.accept import accept_all, reject_all
from drafting.oxml.ns import w
from drafting.oxml.text import iter_block_paragraphs, paragraph_text
from drafting.package import XML_PARSER
from drafting.verify import verify
from support.docs import make_docx

ROOT = Path(__file__).resolve().parent.parent
PAIRS_TSV = ROOT.parent / "shared" / "corpus" / "wmlcomparer" / "pairs.tsv"
PAIRS = list(csv.DictReader(PAIRS_TSV.open(encoding="utf-8"), delimiter="\t")) if PAIRS_TSV.is_file() else []
M_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
EXAMPLE = ROOT / "examples" / "thi-dua-khen-thuong"

# Pairs whose redline pandoc cannot see right, and why. (Row revisions, which
# pandoc ignores, leave empty rows that verify's paragraph comparison skips; both
# kinds are also read through LibreOffice below.)
MATH = ("pandoc drops equation runs inside w:ins/w:del (Word's way of tracking math) in both views, so "
        "no redline of a changed equation reads as OLD or NEW through pandoc")
PANDOC_BLIND = {"WC-1420": MATH, "WC-1430": MATH, "WC-1550": MATH, "WC-1830": MATH}
ROW_PAIRS = ("WC-1140", "WC-1150", "WC-1190", "WC-1450", "WC-1820")


def pair_params(blind: dict[str, str]) -> list:
    return [pytest.param(row, id=row["id"], marks=[pytest.mark.xfail(reason=blind[row["id"]], strict=True)]
                         if row["id"] in blind else []) for row in PAIRS]


@pytest.fixture(scope="module")
def redlines(tmp_path_factory) -> dict[str, Path]:
    """Every pair's redline, made once for all the tests of this module."""
    folder = CORPUS_FOLDER
    if not folder.is_dir():
        pytest.skip("../shared/corpus is not present")
    out = tmp_path_factory.mktemp("redlines")
    made = {}
    for row in PAIRS:
        result = compare(folder / row["old"], folder / row["new"], author="Tester", date="2021-02-05")
        made[row["id"]] = out / f"{row['id']}.docx"
        made[row["id"]].write_bytes(result.tracked)
    return made


CORPUS_FOLDER = PAIRS_TSV.parent


@pytest.mark.parametrize("row", pair_params(PANDOC_BLIND))
def test_redline_reads_as_old_rejected_and_new_accepted_in_pandoc(row, corpus, redlines, pandoc):
    report = verify(redlines[row["id"]], original=corpus / row["old"], clean=corpus / row["new"],
                    require_pandoc=True)
    assert report.ok, report.problems


@pytest.mark.parametrize("row", pair_params({}))
def test_redline_structure_is_sound(row, corpus, redlines):
    report = verify(redlines[row["id"]])
    assert report.ok, report.problems


def our_reading(path: Path, mode: str) -> list[str]:
    """Body paragraphs (tables included) with equations, after our own accept or reject."""
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"), XML_PARSER)
    (accept_all if mode == "accept" else reject_all)(root)
    return [paragraph_text(p) + "".join(t.text or "" for t in p.iter(M_T))
            for p, _, _ in iter_block_paragraphs(root.find(w("body")))]


@pytest.mark.parametrize("row", pair_params({}))
def test_redline_reads_as_old_rejected_and_new_accepted_in_our_reading(row, corpus, redlines):
    """Also for the pairs pandoc cannot read: our accept/reject follow Word on rows and math."""
    tracked = redlines[row["id"]]
    assert our_reading(tracked, "reject") == our_reading(corpus / row["old"], "reject")
    assert our_reading(tracked, "accept") == our_reading(corpus / row["new"], "accept")


def test_libreoffice_reads_the_pairs_pandoc_cannot_as_old_rejected_and_new_accepted(corpus, redlines, soffice,
                                                                                     tmp_path):
    """Rows and equations: LibreOffice, an independent reader that sees them, agrees."""
    chosen = [row for row in PAIRS if row["id"] in PANDOC_BLIND or row["id"] in ROW_PAIRS]
    ids = [row["id"] for row in chosen]
    olds = [corpus / row["old"] for row in chosen]
    news = [corpus / row["new"] for row in chosen]
    rejected, _ = review("reject", [redlines[i] for i in ids] + olds, tmp_path)
    accepted, _ = review("accept", [redlines[i] for i in ids] + news, tmp_path)
    n = len(ids)
    assert {i: rejected[k] for k, i in enumerate(ids)} == {i: rejected[n + k] for k, i in enumerate(ids)}
    assert {i: accepted[k] for k, i in enumerate(ids)} == {i: accepted[n + k] for k, i in enumerate(ids)}


def test_libreoffice_opens_every_redline(redlines, soffice, tmp_path):
    with tempfile.TemporaryDirectory(prefix="drafting-lo-profile-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", "odt", "--outdir", str(tmp_path), *map(str, redlines.values())],
                       check=True, capture_output=True, timeout=600)
    missing = [name for name, path in redlines.items() if not (tmp_path / f"{path.stem}.odt").is_file()]
    assert missing == []


# ------------------------------------------------------------------ the example

def test_comparing_the_example_draft_with_its_revised_clean_copy(tmp_path, pandoc):
    from comments.workflow import revise_files

    draft = EXAMPLE / "du-thao-chi-thi.docx"
    clean = revise_files(draft, [EXAMPLE / "feedback.yaml"], tmp_path / "out").paths["clean.docx"]
    redline = tmp_path / "redline.docx"
    result = compare(draft, clean)
    redline.write_bytes(result.tracked)
    report = verify(redline, original=draft, clean=clean, require_pandoc=True)
    assert report.ok, report.problems
    assert result.changes and all(c.section for c in result.changes)


# ---------------------------------------------------------------- small cases

def test_identical_documents_give_no_revisions(tmp_path):
    path = make_docx(tmp_path / "a.docx", ["I. MỤC TIÊU", "1. Nội dung."])
    result = compare(path, path)
    assert result.identical and result.changes == []
    redline = tmp_path / "redline.docx"
    redline.write_bytes(result.tracked)
    assert verify(redline).changes == 0


def test_a_changed_word_is_one_deletion_and_one_insertion_named_by_section(tmp_path):
    old = make_docx(tmp_path / "old.docx", ["I. MỤC TIÊU", "1. Báo cáo kết quả hằng năm.", "2. Khác."])
    new = make_docx(tmp_path / "new.docx", ["I. MỤC TIÊU", "1. Báo cáo kết quả hằng quý.", "2. Khác."])
    result = compare(old, new)
    assert [(c.section, c.kind, c.before, c.after) for c in result.changes] == [("I.1", "replace", "năm", "quý")]


def test_an_inserted_paragraph_keeps_the_new_versions_formatting(tmp_path):
    make_docx(tmp_path / "old.docx", ["I. MỤC TIÊU", "Cuối."])
    document = docx.Document()
    document.add_paragraph("I. MỤC TIÊU")
    run = document.add_paragraph(style="List Bullet").add_run("Mới, in đậm.")
    run.bold, run.font.size = True, Pt(15)
    document.add_paragraph("Cuối.")
    document.save(tmp_path / "new.docx")
    result = compare(tmp_path / "old.docx", tmp_path / "new.docx")
    body = docx.Document(__import__("io").BytesIO(result.tracked)).element.body
    inserted = [p for p in body.iter(w("p")) if "Mới" in "".join(t.text for t in p.iter(w("t")))][0]
    assert inserted.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "ListBullet"
    assert inserted.find(f"{w('ins')}/{w('r')}/{w('rPr')}/{w('sz')}").get(w("val")) == "30"
    assert [(c.section, c.kind, c.after) for c in result.changes] == [("I", "add", "Mới, in đậm.")]


def test_a_deleted_paragraph_is_named_by_its_section_in_the_old_version(tmp_path):
    old = make_docx(tmp_path / "old.docx", ["I. MỤC TIÊU", "1. Một.", "2. Hai.", "Câu bỏ đi hoàn toàn.", "3. Ba."])
    new = make_docx(tmp_path / "new.docx", ["I. MỤC TIÊU", "1. Một.", "2. Hai.", "3. Ba."])
    assert [(c.section, c.kind) for c in compare(old, new).changes] == [("I.2", "remove")]


def test_a_formatting_only_change_is_reported_without_a_revision(tmp_path):
    make_docx(tmp_path / "old.docx", ["Một.", "Hai."])
    document = docx.Document()
    document.add_paragraph("Một.")
    document.add_paragraph().add_run("Hai.").bold = True
    document.save(tmp_path / "new.docx")
    result = compare(tmp_path / "old.docx", tmp_path / "new.docx")
    assert [(c.kind, c.before) for c in result.changes] == [("format", "Hai.")]
    assert b"<w:ins " not in result.tracked and b"<w:del " not in result.tracked


def table_document(path: Path, rows: list[list[str]]) -> Path:
    document = docx.Document()
    document.add_paragraph("Trước bảng.")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("Sau bảng.")
    document.save(path)
    return path


def test_a_removed_table_row_becomes_a_row_revision(tmp_path):
    old = table_document(tmp_path / "old.docx", [["a", "b"], ["c", "d"], ["e", "f"]])
    new = table_document(tmp_path / "new.docx", [["a", "b"], ["e", "f"]])
    result = compare(old, new)
    body = docx.Document(__import__("io").BytesIO(result.tracked)).element.body
    marked = [tr for tr in body.iter(w("tr")) if tr.find(f"{w('trPr')}/{w('del')}") is not None]
    assert len(marked) == 1 and [(c.kind, c.before) for c in result.changes] == [("remove", "c\td")]


def test_changed_cells_are_compared_word_by_word(tmp_path):
    old = table_document(tmp_path / "old.docx", [["Số liệu năm", "b"]])
    new = table_document(tmp_path / "new.docx", [["Số liệu quý", "b"]])
    assert [(c.kind, c.before, c.after) for c in compare(old, new).changes] == [("replace", "năm", "quý")]


# ------------------------------------------------------------------------ CLI

def test_cli_writes_the_redline_and_both_summaries(tmp_path):
    old = make_docx(tmp_path / "old.docx", ["1. Báo cáo hằng năm."])
    new = make_docx(tmp_path / "new.docx", ["1. Báo cáo hằng quý."])
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(cli, ["compare", str(old), str(new), "-o", str(out), "--author", "Văn phòng",
                                      "--date", "2021-02-05", "--summary", str(tmp_path / "c.md"),
                                      "--json", str(tmp_path / "c.json"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert data["revisions"] == 2 and data["changes"][0]["section"] == "1"
    assert "quý" in (tmp_path / "c.md").read_text(encoding="utf-8")
    assert 'w:author="Văn phòng"' in zipfile.ZipFile(out).read("word/document.xml").decode()


def test_cli_says_no_differences_for_identical_files(tmp_path):
    old = make_docx(tmp_path / "old.docx", ["Một."])
    new = tmp_path / "new.docx"
    new.write_bytes(old.read_bytes())
    result = CliRunner().invoke(cli, ["compare", str(old), str(new), "-o", str(tmp_path / "r.docx"), "--lang", "en"])
    assert result.exit_code == 0 and "no differences" in result.output


@pytest.mark.parametrize("case", ["old not a docx", "new not a docx", "output is old", "output is new"])
def test_cli_bad_input_exits_2_in_one_line_and_writes_nothing(tmp_path, case):
    good = make_docx(tmp_path / "good.docx", ["Một."])
    other = make_docx(tmp_path / "other.docx", ["Hai."])
    text = tmp_path / "notes.docx"
    text.write_text("not a word file", encoding="utf-8")
    old, new, out = {
        "old not a docx": (text, good, tmp_path / "r.docx"),
        "new not a docx": (good, text, tmp_path / "r.docx"),
        "output is old": (good, other, good),
        "output is new": (good, other, other),
    }[case]
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = CliRunner().invoke(cli, ["compare", str(old), str(new), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
