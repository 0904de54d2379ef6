"""The example directive in TCVN3 and in VNI (made from the Unicode example by
the tests' encoder): every command reads it as the Unicode example, and
revising it gives the Unicode example's revision."""
import unicodedata

import pytest
from click.testing import CliRunner

from comments.workflow import revise_files
from support.tools import require_tool
from drafting.cli import cli
from drafting.compare import compare_files
from drafting.reader import read_draft
from drafting.templates import example_dir
from drafting.verify import pandoc_text
from support.legacy_docs import legacy_copy

EXAMPLE = example_dir()
DRAFT, FEEDBACK = EXAMPLE / "du-thao-chi-thi.docx", EXAMPLE / "feedback.yaml"


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("legacy")
    return {encoding: legacy_copy(DRAFT, folder / f"du-thao-{encoding.lower()}.docx", encoding)
            for encoding in ("TCVN3", "VNI")}


@pytest.fixture(scope="module")
def unicode_revision(tmp_path_factory):
    return revise_files(DRAFT, [FEEDBACK], tmp_path_factory.mktemp("unicode"))


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_the_copy_really_is_legacy_text(copies, encoding):
    require_tool("pandoc")
    raw = pandoc_text(copies[encoding])          # pandoc knows nothing of legacy fonts
    assert "CHỈ THỊ" not in raw and "Nghệ An" not in raw


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_outline_gives_the_same_sections_and_text(copies, encoding):
    unicode, legacy = read_draft(DRAFT), read_draft(copies[encoding])
    assert legacy.ids == unicode.ids
    assert [p.text for p in legacy.paragraphs] == [p.text for p in unicode.paragraphs]
    assert legacy.title == unicode.title


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_drafting_convert_gives_the_example_text_exactly(copies, encoding, tmp_path):
    require_tool("pandoc")
    out = tmp_path / "unicode.docx"
    result = CliRunner().invoke(cli, ["convert", str(copies[encoding]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{encoding} → Unicode" in result.stdout
    text = pandoc_text(out)
    assert text == pandoc_text(DRAFT)
    assert unicodedata.is_normalized("NFC", text)


def test_convert_counts_the_paragraphs_by_font(copies, tmp_path):
    result = CliRunner().invoke(cli, ["convert", str(copies["TCVN3"]), "-o", str(tmp_path / "u.docx"), "--lang", "en"])
    line = result.stdout.splitlines()[1]
    assert line.startswith("du-thao-tcvn3.docx: converted TCVN3 → Unicode: ")
    assert "paragraphs (.VnTime)" in line and "paragraphs (.VnTimeH)" in line


@pytest.fixture(scope="module")
def tcvn3_revision(copies, tmp_path_factory):
    return revise_files(copies["TCVN3"], [FEEDBACK], tmp_path_factory.mktemp("tcvn3"))


def test_revising_the_tcvn3_copy_gives_the_same_clean_text(tcvn3_revision, unicode_revision):
    require_tool("pandoc")
    assert pandoc_text(tcvn3_revision.paths["clean.docx"]) == pandoc_text(unicode_revision.paths["clean.docx"])
    assert len(tcvn3_revision.revision.changes) == len(unicode_revision.revision.changes)


def test_the_tcvn3_copys_tracked_draft_is_unicode_and_accepts_to_the_clean_copy(tcvn3_revision, unicode_revision):
    require_tool("pandoc")
    tracked, clean = tcvn3_revision.paths["tracked.docx"], tcvn3_revision.paths["clean.docx"]
    assert pandoc_text(tracked, "accept") == pandoc_text(clean)
    assert pandoc_text(tracked, "reject") == pandoc_text(DRAFT)
    assert [c.section for c in tcvn3_revision.revision.changes] == [c.section for c in unicode_revision.revision.changes]


def test_revise_says_on_stderr_that_it_revised_the_converted_text(copies, tmp_path):
    result = CliRunner().invoke(cli, ["revise", str(copies["VNI"]), str(FEEDBACK), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    notices = [line for line in result.stderr.splitlines() if "VNI → Unicode" in line]
    assert len(notices) == 1
    assert notices[0].endswith("các thay đổi được theo dõi so với văn bản đã chuyển mã")


def test_comments_sheet_reads_the_legacy_copy_with_a_notice(copies, tmp_path):
    result = CliRunner().invoke(cli, ["comments", "sheet", str(copies["TCVN3"]), "-o", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 0, result.output
    assert "TCVN3 → Unicode" in result.stderr


def test_compare_finds_no_text_difference_between_the_legacy_copy_and_the_unicode_example(copies, tmp_path):
    # The VNI copy sets its font on every run: only that formatting differs.
    stats = compare_files(copies["VNI"], DRAFT, tmp_path / "redline.docx").stats
    assert stats.identical == stats.paragraphs_old == stats.paragraphs_new
    assert (stats.modified, stats.replaced, stats.inserted, stats.deleted) == (0, 0, 0, 0)


def test_collect_reads_a_tcvn3_marked_copy_as_its_unicode_original(unicode_revision, tmp_path):
    # The revised draft (tracked changes and Word comments) as a delegate's TCVN3 copy.
    from dataclasses import replace

    from comments.collect import collect

    tracked = unicode_revision.paths["tracked.docx"]
    marked = legacy_copy(tracked, tmp_path / "gop-y-tcvn3.docx", "TCVN3")
    unicode, legacy = collect(DRAFT, [tracked]), collect(DRAFT, [marked])
    assert unicode.comments and any(c.edits for c in unicode.comments)
    assert [replace(c, source=None) for c in legacy.comments] == [replace(c, source=None) for c in unicode.comments]


def test_convert_never_overwrites_its_input(copies, tmp_path):
    source = tmp_path / "in.docx"
    source.write_bytes(copies["TCVN3"].read_bytes())
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", str(source)])
    assert result.exit_code == 2 and "overwrite the input" in result.stderr
    assert source.read_bytes() == copies["TCVN3"].read_bytes()


def test_convert_writes_only_docx(copies, tmp_path):
    result = CliRunner().invoke(cli, ["convert", str(copies["VNI"]), "-o", str(tmp_path / "out.doc")])
    assert result.exit_code == 2 and "name the output .docx" in result.stderr
    assert not (tmp_path / "out.doc").exists()


def test_convert_says_when_there_is_nothing_to_convert(tmp_path):
    result = CliRunner().invoke(cli, ["convert", str(DRAFT), "-o", str(tmp_path / "out.docx"), "--lang", "en"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "nothing to convert: no TCVN3 or VNI text"
