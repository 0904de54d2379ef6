"""`drafting verify`: structure of tracked changes and the reject/accept text invariants."""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from drafting.cli import cli
from drafting.verify import (first_difference, libreoffice_change_count, normalise_text, pandoc_text,
                             soffice_convert, verify)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
AUTHOR = 'w:author="Ban Thi đua" w:date="2021-02-05T00:00:00Z"'


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(rid: int, text: str, attrs: str = AUTHOR) -> str:
    return f'<w:ins w:id="{rid}" {attrs}>{run(text)}</w:ins>'


def dele(rid: int, text: str, attrs: str = AUTHOR) -> str:
    return f'<w:del w:id="{rid}" {attrs}><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'


def comment_marks(cid: int, inner: str) -> str:
    return (f'<w:commentRangeStart w:id="{cid}"/>{inner}<w:commentRangeEnd w:id="{cid}"/>'
            f'<w:r><w:commentReference w:id="{cid}"/></w:r>')


def comment(cid: int, text: str) -> str:
    return f'<w:comment w:id="{cid}" {AUTHOR}><w:p>{run(text)}</w:p></w:comment>'


def make_docx(path: Path, paragraphs: list[str], comments: list[str] | None = None) -> Path:
    """A .docx at `path` whose body is `paragraphs` (inner XML of each w:p) and,
    if given, a comments part holding `comments` (w:comment elements)."""
    buf = io.BytesIO()
    docx.Document().save(buf)
    body = "".join(f"<w:p>{p}</w:p>" for p in paragraphs)
    replace = {"word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'.encode()}
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src:
        if comments is not None:
            replace["word/comments.xml"] = f'<w:comments xmlns:w="{W_NS}">{"".join(comments)}</w:comments>'.encode()
            replace["[Content_Types].xml"] = src.read("[Content_Types].xml").replace(
                b"</Types>", f'<Override PartName="/word/comments.xml" ContentType="{COMMENTS_CT}"/></Types>'.encode())
            replace["word/_rels/document.xml.rels"] = src.read("word/_rels/document.xml.rels").replace(
                b"</Relationships>",
                f'<Relationship Id="rIdC1" Type="{COMMENTS_REL}" Target="comments.xml"/></Relationships>'.encode())
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in src.namelist():
                dst.writestr(name, replace.pop(name, None) or src.read(name))
            for name, data in replace.items():
                dst.writestr(name, data)
    return path


@pytest.fixture
def trio(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A correct (original, tracked, clean): one word replaced, with a comment on the insertion."""
    original = make_docx(tmp_path / "draft.docx", [run("Nâng cao chất lượng công tác thi đua."), run("Điều 2.")])
    tracked = make_docx(tmp_path / "tracked.docx", [
        run("Nâng cao ") + dele(1, "chất lượng") + comment_marks(0, ins(2, "hiệu quả")) + run(" công tác thi đua."),
        run("Điều 2."),
    ], comments=[comment(0, "Tiếp thu ý kiến số 3")])
    clean = make_docx(tmp_path / "clean.docx", [run("Nâng cao hiệu quả công tác thi đua."), run("Điều 2.")])
    return original, tracked, clean


def structure_of(tmp_path: Path, paragraphs: list[str], comments: list[str] | None = None) -> list[str]:
    """The problems verify finds, each checked to name the file, then without that name."""
    path = make_docx(tmp_path / "t.docx", paragraphs, comments)
    problems = verify(path).problems
    assert all(p.startswith(f"{path}: ") for p in problems), problems
    return [p.removeprefix(f"{path}: ") for p in problems]


# ---------------------------------------------------------------- structure

def test_correct_tracked_document_has_no_structure_problems(trio) -> None:
    report = verify(trio[1])
    assert report.ok, report.problems
    assert (report.insertions, report.deletions, report.comments) == (1, 1, 1)


def test_duplicate_revision_id_is_reported(tmp_path: Path) -> None:
    problems = structure_of(tmp_path, [dele(7, "cũ") + ins(7, "mới")])
    assert problems == ["revision id 7 is used 2 times; revision ids must be unique"]


def test_paragraph_mark_revision_shares_the_revision_id_space(tmp_path: Path) -> None:
    mark = f'<w:pPr><w:rPr><w:ins w:id="3" {AUTHOR}/></w:rPr></w:pPr>'
    problems = structure_of(tmp_path, [mark + ins(3, "mới")])
    assert any("revision id 3" in p for p in problems)


def test_missing_author_is_reported(tmp_path: Path) -> None:
    problems = structure_of(tmp_path, [ins(1, "mới", attrs='w:date="2021-02-05T00:00:00Z"')])
    assert len(problems) == 1 and "w:ins id=1 has no w:author" in problems[0]


def test_missing_revision_id_is_reported(tmp_path: Path) -> None:
    problems = structure_of(tmp_path, [f"<w:ins {AUTHOR}>{run('mới')}</w:ins>"])
    assert len(problems) == 1 and "w:ins has no w:id" in problems[0]


def test_w_t_inside_deletion_is_reported(tmp_path: Path) -> None:
    problems = structure_of(tmp_path, [f'<w:del w:id="1" {AUTHOR}>{run("cũ")}</w:del>'])
    assert len(problems) == 1 and "w:t inside w:del (should be w:delText)" in problems[0]


def test_deltext_outside_deletion_is_reported(tmp_path: Path) -> None:
    problems = structure_of(tmp_path, ["<w:r><w:delText>cũ</w:delText></w:r>"])
    assert len(problems) == 1 and "w:delText outside w:del" in problems[0]


def test_insertion_nested_in_insertion_is_reported(tmp_path: Path) -> None:
    problems = structure_of(tmp_path, [f'<w:ins w:id="1" {AUTHOR}>{ins(2, "mới")}</w:ins>'])
    assert len(problems) == 1 and "nested inside another w:ins" in problems[0]


def test_deletion_inside_insertion_is_allowed(tmp_path: Path) -> None:
    """Text one reviewer inserted and another deleted: Word writes exactly this."""
    assert structure_of(tmp_path, [f'<w:ins w:id="1" {AUTHOR}>{dele(2, "mới")}</w:ins>']) == []


def test_comment_range_without_end_is_reported(tmp_path: Path) -> None:
    paragraph = f'<w:commentRangeStart w:id="0"/>{run("x")}<w:r><w:commentReference w:id="0"/></w:r>'
    assert structure_of(tmp_path, [paragraph], [comment(0, "c")]) == ["commentRangeStart id=0 has no commentRangeEnd"]


def test_comment_reference_without_comment_is_reported(tmp_path: Path) -> None:
    problems = structure_of(tmp_path, [comment_marks(5, run("x"))], [comment(0, "c")])
    assert "commentReference id=5 has no comment in the comments part" in problems
    assert "comment id=0 is never referenced (no commentReference)" in problems


def test_comment_marks_without_comments_part_are_reported(tmp_path: Path) -> None:
    problems = structure_of(tmp_path, [comment_marks(0, run("x"))])
    assert "commentReference id=0 has no comment in the comments part" in problems


def test_unreadable_tracked_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a zip")
    report = verify(path)
    assert not report.ok and str(path) in report.problems[0]


def test_expected_change_count_is_checked(trio) -> None:
    assert verify(trio[1], expected_changes=2).ok
    assert verify(trio[1], expected_changes=3).problems == [f"{trio[1]}: 2 text revisions, expected 3"]


def test_paragraph_mark_revision_is_not_a_text_change(tmp_path: Path) -> None:
    mark = f'<w:pPr><w:rPr><w:ins w:id="1" {AUTHOR}/></w:rPr></w:pPr>'
    report = verify(make_docx(tmp_path / "t.docx", [mark + ins(2, "mới")]))
    assert (report.insertions, report.other_revisions) == (1, 1)


# ---------------------------------------------------------------- text

def test_reject_all_and_accept_all_match_original_and_clean(trio, pandoc) -> None:
    original, tracked, clean = trio
    report = verify(tracked, original=original, clean=clean)
    assert report.ok, report.problems


def test_reject_all_mismatch_is_reported(trio, tmp_path: Path, pandoc) -> None:
    other = make_docx(tmp_path / "other.docx", [run("Nâng cao chất lượng công tác khen thưởng."), run("Điều 2.")])
    problems = verify(trio[1], original=other).problems
    assert len(problems) == 1
    assert "reject-all differs from the original" in problems[0] and "line 1" in problems[0]


def test_accept_all_mismatch_is_reported(trio, pandoc) -> None:
    original, tracked, _ = trio
    problems = verify(tracked, clean=original).problems
    assert len(problems) == 1 and "accept-all differs from the clean document" in problems[0]


def test_draft_with_earlier_revisions_is_compared_in_its_rejected_view(tmp_path: Path, pandoc) -> None:
    """Reject-all of the tracked copy also rejects what the draft had tracked before."""
    earlier = ins(1, " toàn tỉnh")
    original = make_docx(tmp_path / "draft.docx", [run("Công tác thi đua") + earlier])
    tracked = make_docx(tmp_path / "tracked.docx", [run("Công tác ") + dele(2, "thi đua") + ins(3, "khen thưởng") + earlier])
    assert verify(tracked, original=original).ok


def test_missing_pandoc_is_skipped_unless_required(trio, monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    original, tracked, _ = trio
    assert verify(tracked, original=original).ok
    assert verify(tracked, original=original).skipped
    assert "pandoc is not installed" in verify(tracked, original=original, require_pandoc=True).problems[0]


def test_pandoc_text_reads_tracked_changes_both_ways(trio, pandoc) -> None:
    tracked = trio[1]
    assert "chất lượng" in pandoc_text(tracked, "reject") and "hiệu quả" not in pandoc_text(tracked, "reject")
    assert "hiệu quả" in pandoc_text(tracked, "accept") and "chất lượng" not in pandoc_text(tracked, "accept")


def test_normalised_text_ignores_composition_and_trailing_space() -> None:
    assert normalise_text("Thu\u0309y  \n\nb\n\n") == normalise_text("Thủy\n\nb")


def test_first_difference_names_the_line() -> None:
    assert first_difference("a\nb c", "a\nb d").startswith("line 2:")
    assert first_difference("a", "a\nb") == "line 2: missing text 'b'"


# ---------------------------------------------------------------- LibreOffice

def test_libreoffice_counts_the_tracked_changes(trio, soffice) -> None:
    assert libreoffice_change_count(trio[1]) == 2


def test_soffice_convert_writes_the_named_format(trio, tmp_path: Path, soffice) -> None:
    out = soffice_convert(trio[2], "txt:Text (encoded):UTF8", tmp_path / "out")
    assert out.name == "clean.txt"
    assert "hiệu quả" in out.read_text(encoding="utf-8-sig")


# ---------------------------------------------------------------- CLI

def test_cli_prints_counts_for_a_correct_document(trio) -> None:
    result = CliRunner().invoke(cli, ["verify", str(trio[1]), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert result.output.strip() == "ok: 1 insertions, 1 deletions, 1 comments"


def test_cli_lists_problems_and_exits_2(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "t.docx", [dele(7, "cũ") + ins(7, "mới")])
    result = CliRunner().invoke(cli, ["verify", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert "revision id 7 is used 2 times" in result.stderr


def test_cli_compares_text_with_original_and_clean(trio, pandoc) -> None:
    original, tracked, clean = trio
    result = CliRunner().invoke(cli, ["verify", str(tracked), "--original", str(original), "--clean", str(clean), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    result = CliRunner().invoke(cli, ["verify", str(tracked), "--original", str(clean), "--lang", "en"])
    assert result.exit_code == 2 and "reject-all differs" in result.stderr


# ---------------------------------------------------------------- real Word files

def test_word_made_files_with_revisions_pass(corpus: Path) -> None:
    for name in ("WC053-Text-in-Cell-Mod.docx", "WC057-Table-Merged-Cell-Mod.docx"):
        report = verify(corpus / "WC" / name)
        assert report.ok, (name, report.problems)
        assert report.changes == 2


def test_every_corpus_file_loads_without_structure_problems(corpus: Path) -> None:
    for path in sorted(corpus.glob("*/*.docx")):
        assert verify(path).ok, (path.name, verify(path).problems)


def test_word_made_revisions_read_back_by_pandoc(corpus: Path, pandoc) -> None:
    tracked = corpus / "WC" / "WC053-Text-in-Cell-Mod.docx"
    assert "from the beginning of the fourth month" in pandoc_text(tracked, "reject")
    assert "in accordance with the procedure" in pandoc_text(tracked, "accept")


# ---------------------------------------------------------------- what the original brought

def test_a_flaw_the_original_already_had_is_not_reported_against_its_tracked_copy(tmp_path, pandoc):
    from drafting.model import Feedback
    from drafting.revise import revise

    original = make_docx(tmp_path / "original.docx", [ins(1, "Một"), ins(1, "Hai")])
    result = revise(original, Feedback())
    tracked, clean = tmp_path / "tracked.docx", tmp_path / "clean.docx"
    tracked.write_bytes(result.tracked)
    clean.write_bytes(result.clean)
    assert any("used 2 times" in p for p in verify(tracked).problems)
    assert verify(tracked, original=original, clean=clean, require_pandoc=True).problems == []


def test_a_removed_paragraph_mark_that_pandoc_joins_with_a_space_is_no_difference(tmp_path, pandoc):
    from drafting.model import Feedback
    from drafting.revise import revise

    mark = f'<w:pPr><w:rPr><w:del w:id="1" {AUTHOR}/></w:rPr></w:pPr>'
    original = make_docx(tmp_path / "original.docx", [mark + run("Một đoạn bị"), run("tách đôi.")])
    result = revise(original, Feedback())
    tracked, clean = tmp_path / "tracked.docx", tmp_path / "clean.docx"
    tracked.write_bytes(result.tracked)
    clean.write_bytes(result.clean)
    assert "Một đoạn bịtách đôi." in pandoc_text(clean)        # Word's join: no space
    assert verify(tracked, original=original, clean=clean, require_pandoc=True).problems == []
