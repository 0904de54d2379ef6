"""`drafting comments collect`: feedback from delegates' marked-up copies of the draft."""
from __future__ import annotations

import copy
import os
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from comments.collect import collect
from comments.proposals import EDIT_TEXT
from comments.intake import dump_feedback, read_feedback
from drafting.cli import cli
from drafting.errors import InputError
from drafting.model import Decision, EditKind
from drafting.reader import read_draft
from drafting.revise import revise
from drafting.text import squash_spaces
from support.docs import W, make_docx

PARAGRAPHS = [
    "CHỈ THỊ",
    "Về việc nâng cao chất lượng công tác thi đua, khen thưởng",
    "I. MỤC TIÊU, YÊU CẦU",
    "1. Công tác thi đua phải thiết thực, tránh chung chung, hình thức.",
    "2. Các đơn vị được phân bổ tỷ lệ khen thưởng theo năm.",
    "3. Xây dựng mô hình, điển hình cụ thể trong các phong trào thi đua.",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Giao Ban Thi đua - Khen thưởng tỉnh hướng dẫn thực hiện.",
    "2. Các sở, ban, ngành báo cáo kết quả hằng năm; báo cáo gửi về Ban trước ngày 15 hằng tháng.",
    "3. Văn phòng UBND tỉnh theo dõi, đôn đốc.",
    "Nơi nhận:",
    "- Như trên;",
]
LO_EDIT = Path(__file__).parent / "support" / "lo_edit.py"


@pytest.fixture
def draft(tmp_path) -> Path:
    return make_docx(tmp_path / "draft.docx", PARAGRAPHS)


def marked_copy(draft: Path, path: Path, texts: dict[int, str | None] | None = None,
                added: dict[int, str] | None = None):
    """A copy of the draft edited without change tracking: paragraph k's text
    replaced (None removes it), new paragraphs added after paragraph k."""
    document = docx.Document(draft)
    paragraphs = list(document.paragraphs)
    for k, text in (added or {}).items():
        new = copy.deepcopy(paragraphs[k]._p)
        paragraphs[k]._p.addnext(new)
        new.xpath("./w:r/w:t")[0].text = text
    for k, text in (texts or {}).items():
        if text is None:
            paragraphs[k]._p.getparent().remove(paragraphs[k]._p)
        else:
            paragraphs[k].runs[0].text = text
    document.save(path)
    return document


def commented_copy(draft: Path, path: Path, comments: list[tuple[int, str, str]]) -> Path:
    """A copy with Word comments (paragraph, text, author) made by python-docx."""
    document = docx.Document(draft)
    for k, text, author in comments:
        initials = "".join(word[0] for word in author.split())
        document.add_comment(document.paragraphs[k].runs, text=text, author=author, initials=initials)
    document.save(path)
    return path


def tracked_copy(draft: Path, path: Path, changes: list[tuple[int, str, str, str]]) -> Path:
    """A copy with tracked changes written as Word writes them: in paragraph k,
    `old` is deleted and `new` inserted in its place by `author`."""
    document = docx.Document(draft)
    for n, (k, old, new, author) in enumerate(changes, start=1):
        p = document.paragraphs[k]._p
        run = p.xpath("./w:r")[0]
        text = run.xpath("./w:t")[0].text
        before, after = text.split(old, 1)
        run.getparent().remove(run)

        def run_of(value: str, tag: str = "t"):
            r = etree.SubElement(p, f"{{{W}}}r")
            t = etree.SubElement(r, f"{{{W}}}{tag}")
            t.text = value
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            return r

        stamp = {f"{{{W}}}author": author, f"{{{W}}}date": "2021-02-04T09:00:00Z"}
        run_of(before)
        if old:
            deleted = etree.SubElement(p, f"{{{W}}}del", {f"{{{W}}}id": str(100 + 2 * n), **stamp})
            deleted.append(run_of(old, "delText"))
        if new:
            inserted = etree.SubElement(p, f"{{{W}}}ins", {f"{{{W}}}id": str(101 + 2 * n), **stamp})
            inserted.append(run_of(new))
        run_of(after)
    document.save(path)
    return path


def accepted_texts(draft: Path, feedback) -> list[str]:
    """The draft's paragraphs once every proposed edit is accepted."""
    for comment in feedback.comments:
        if comment.edits:
            comment.decision, comment.response = Decision.ACCEPTED, "Tiếp thu."
    result = revise(draft, feedback, keep_labels=True)
    clean = draft.with_name("clean.docx")
    clean.write_bytes(result.clean)
    return texts_of(clean)


def texts_of(path: Path) -> list[str]:
    return [squash_spaces(p.text) for p in read_draft(path).paragraphs]


# ------------------------------------------------------------------ Word comments

def test_a_word_comment_becomes_a_pending_comment_on_its_section(draft, tmp_path):
    marked = commented_copy(draft, tmp_path / "dung.docx", [(4, "Không chia tỷ lệ theo năm.", "Võ Văn Dũng")])
    [comment] = collect(draft, [marked]).comments
    assert (comment.by, comment.initials, comment.text) == ("Võ Văn Dũng", "VVD", "Không chia tỷ lệ theo năm.")
    assert comment.section == "I.2"
    assert comment.quote == PARAGRAPHS[4]
    assert comment.decision is Decision.PENDING and not comment.edits
    assert comment.date is not None


def test_a_comment_anchored_across_paragraphs_quotes_its_first_paragraph(draft, tmp_path):
    document = docx.Document(draft)
    runs = document.paragraphs[4].runs + document.paragraphs[5].runs
    document.add_comment(runs, text="Gộp hai ý này.", author="Lê Hoa", initials="LH")
    document.save(tmp_path / "hoa.docx")
    [comment] = collect(draft, [tmp_path / "hoa.docx"]).comments
    assert (comment.section, comment.quote) == ("I.2", PARAGRAPHS[4])


def test_a_comment_on_a_paragraph_the_delegate_also_edited_is_one_item_quoting_the_drafts_text(draft, tmp_path):
    path = tmp_path / "an.docx"
    document = marked_copy(draft, path, texts={8: "2. Các sở, ban, ngành báo cáo kết quả hằng quý."})
    document.add_comment(document.paragraphs[8].runs, text="Báo cáo theo quý.", author="Phạm An")
    document.save(path)
    comments = collect(draft, [path]).comments
    assert [(c.by, c.section, c.text, c.quote) for c in comments] == [
        ("Phạm An", "II.2", "Báo cáo theo quý.", PARAGRAPHS[8])]     # the copy's text is not the draft's
    assert accepted_texts(draft, collect(draft, [path]))[8] == "2. Các sở, ban, ngành báo cáo kết quả hằng quý."


def test_comments_already_in_the_draft_are_not_collected_again(tmp_path):
    draft = commented_copy(make_docx(tmp_path / "plain.docx", PARAGRAPHS), tmp_path / "draft.docx",
                           [(3, "Ghi chú của tổ soạn thảo.", "Tổ soạn thảo")])
    marked = commented_copy(draft, tmp_path / "dung.docx", [(4, "Không chia tỷ lệ theo năm.", "Võ Văn Dũng")])
    assert [c.by for c in collect(draft, [marked]).comments] == ["Võ Văn Dũng"]


# ------------------------------------------------------------- untracked edits

def test_edits_made_without_tracking_become_proposed_edits_that_reproduce_the_copy(draft, tmp_path):
    marked = tmp_path / "mai.docx"
    marked_copy(draft, marked, texts={
        3: "1. Công tác thi đua phải thiết thực, tránh hình thức.",                       # delete
        4: "2. Các đơn vị được xét khen thưởng theo kết quả thực chất.",                  # replace
        8: "2. Các sở, ban, ngành báo cáo kết quả hằng năm và đột xuất; báo cáo gửi về Ban trước ngày 15 hằng tháng.",
    }, added={5: "4. Tổng kết, đánh giá việc thực hiện hằng năm."})
    feedback = collect(draft, [marked])
    assert all(c.text.startswith(EDIT_TEXT) and c.decision is Decision.PENDING for c in feedback.comments)
    assert [c.section for c in feedback.comments] == ["I.1", "I.2", "I.3", "II.2"]
    assert accepted_texts(draft, feedback) == texts_of(marked)


def test_a_changed_word_is_a_word_level_edit_not_a_paragraph_rewrite(draft, tmp_path):
    marked = tmp_path / "mai.docx"
    marked_copy(draft, marked, texts={9: "3. Văn phòng UBND tỉnh theo dõi, kiểm tra."})
    [comment] = collect(draft, [marked]).comments
    [edit] = comment.edits
    assert (edit.kind, edit.target, edit.text) == (EditKind.REPLACE, "đôn đốc", "kiểm tra")
    assert "thay “đôn đốc” bằng “kiểm tra”" in comment.text


def test_edit_text_takes_in_words_around_it_until_it_occurs_once_in_the_section(draft, tmp_path):
    marked = tmp_path / "mai.docx"
    marked_copy(draft, marked, texts={
        8: "2. Các sở, ban, ngành báo cáo kết quả hằng năm; văn bản gửi về Ban trước ngày 15 hằng tháng."})
    [comment] = collect(draft, [marked]).comments
    [edit] = comment.edits        # "báo cáo" occurs twice in the paragraph
    assert (edit.target, edit.text) == ("năm; báo cáo", "năm; văn bản")
    assert accepted_texts(draft, collect(draft, [marked])) == texts_of(marked)


def test_a_removed_paragraph_is_a_deletion_and_a_removed_section_is_remove_section(draft, tmp_path):
    marked = tmp_path / "mai.docx"
    marked_copy(draft, marked, texts={1: None, 9: None})
    feedback = collect(draft, [marked])
    kinds = {c.section: [e.kind for e in c.edits] for c in feedback.comments}
    assert kinds == {"preamble": [EditKind.DELETE], "II.3": [EditKind.REMOVE_SECTION]}
    expected = texts_of(draft)
    expected[1] = ""                    # deleting a paragraph's text leaves the paragraph
    del expected[9]
    assert accepted_texts(draft, feedback) == expected


def test_an_added_paragraph_is_added_after_the_section_it_follows_saying_where(draft, tmp_path):
    marked = tmp_path / "mai.docx"
    marked_copy(draft, marked, added={9: "4. Các huyện, thành phố, thị xã tổ chức thực hiện."})
    [comment] = collect(draft, [marked]).comments
    [edit] = comment.edits
    assert (edit.kind, edit.section, edit.position) == (EditKind.ADD, "II.3", "after")
    assert edit.text == "4. Các huyện, thành phố, thị xã tổ chức thực hiện."
    assert "sau đoạn “3. Văn phòng UBND tỉnh theo dõi, đôn …”" in comment.text


def test_a_paragraph_rewritten_beyond_recognition_is_rewritten_in_place(draft, tmp_path):
    marked = tmp_path / "mai.docx"
    marked_copy(draft, marked, texts={4: "2. Mọi tập thể, cá nhân có thành tích xuất sắc đều được xét."})
    [comment] = collect(draft, [marked]).comments
    assert comment.section == "I.2"
    assert [e.kind for e in comment.edits] == [EditKind.REPLACE]
    assert accepted_texts(draft, collect(draft, [marked])) == texts_of(marked)


def test_untracked_edits_are_attributed_to_the_copys_commenter(draft, tmp_path):
    path = tmp_path / "copy-3.docx"
    document = marked_copy(draft, path, texts={9: "3. Văn phòng UBND tỉnh theo dõi, kiểm tra."})
    document.add_comment(document.paragraphs[4].runs, text="Bỏ tỷ lệ.", author="Võ Văn Dũng")
    document.save(path)
    assert {c.by for c in collect(draft, [path]).comments} == {"Võ Văn Dũng"}


# --------------------------------------------------------------- tracked changes

def test_tracked_changes_are_proposed_edits_by_their_authors(draft, tmp_path):
    marked = tracked_copy(draft, tmp_path / "tracked.docx", [
        (4, "phân bổ tỷ lệ khen thưởng theo năm", "xét khen thưởng theo kết quả thực chất", "Võ Văn Dũng"),
        (9, "đôn đốc", "kiểm tra", "Nguyễn Thị Lan"),
    ])
    feedback = collect(draft, [marked])
    assert [(c.by, c.section) for c in feedback.comments] == [("Võ Văn Dũng", "I.2"), ("Nguyễn Thị Lan", "II.3")]
    assert feedback.comments[0].date == "2021-02-04T09:00:00+00:00"
    assert accepted_texts(draft, feedback) == texts_of(marked)


def test_a_paragraph_deleted_with_tracking_is_gone_from_the_copy(draft, tmp_path):
    document = docx.Document(draft)
    p = document.paragraphs[9]._p          # as Word leaves it: runs and paragraph mark deleted
    stamp = {f"{{{W}}}author": "Nguyễn Thị Lan", f"{{{W}}}date": "2021-02-04T09:00:00Z"}
    run = p.xpath("./w:r")[0]
    run.xpath("./w:t")[0].tag = f"{{{W}}}delText"
    deleted = etree.Element(f"{{{W}}}del", {f"{{{W}}}id": "90", **stamp})
    run.addprevious(deleted)
    deleted.append(run)
    mark = etree.SubElement(p.get_or_add_pPr(), f"{{{W}}}rPr")
    etree.SubElement(mark, f"{{{W}}}del", {f"{{{W}}}id": "91", **stamp})
    document.save(tmp_path / "lan.docx")
    [comment] = collect(draft, [tmp_path / "lan.docx"]).comments
    assert comment.by == "Nguyễn Thị Lan"
    assert [(e.kind, e.section) for e in comment.edits] == [(EditKind.REMOVE_SECTION, "II.3")]


def python_with_uno() -> str:
    """The system Python with LibreOffice's UNO bridge: a skip locally when
    missing, a failure under CI=true (like the tool fixtures)."""
    python = "/usr/bin/python3"
    if Path(python).exists() and subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0:
        return python
    if os.environ.get("CI") == "true":
        pytest.fail("python3-uno is required under CI=true but /usr/bin/python3 cannot import uno")
    pytest.skip("python3-uno is not installed for /usr/bin/python3")


def test_changes_tracked_by_libreoffice_are_collected(draft, tmp_path, soffice):
    marked = tmp_path / "lo.docx"
    subprocess.run([python_with_uno(), str(LO_EDIT), str(draft), str(marked), "Trần Thị Mai",
                    "chung chung, =>", "theo năm=>theo kết quả thực chất", "đôn đốc=>kiểm tra"],
                   check=True, timeout=180)
    feedback = collect(draft, [marked])
    assert [(c.by, c.section) for c in feedback.comments] == [
        ("Trần Thị Mai", "I.1"), ("Trần Thị Mai", "I.2"), ("Trần Thị Mai", "II.3")]
    assert accepted_texts(draft, feedback) == texts_of(marked)


# ------------------------------------------------------ several copies, the file

def test_comments_of_several_copies_are_numbered_by_file_then_document_order(draft, tmp_path):
    first = commented_copy(draft, tmp_path / "a.docx", [(8, "Ý thứ hai.", "An"), (3, "Ý thứ nhất.", "An")])
    second = commented_copy(draft, tmp_path / "b.docx", [(5, "Ý của Bình.", "Bình")])
    feedback = collect(draft, [first, second])
    assert [(c.id, c.by, c.text) for c in feedback.comments] == [
        ("1", "An", "Ý thứ nhất."), ("2", "An", "Ý thứ hai."), ("3", "Bình", "Ý của Bình.")]
    assert dump_feedback(collect(draft, [first, second])) == dump_feedback(feedback)


def test_the_written_yaml_reads_back_to_the_same_feedback(draft, tmp_path):
    first = commented_copy(draft, tmp_path / "a.docx", [(4, "Không chia tỷ lệ theo năm.", "Võ Văn Dũng")])
    second = tmp_path / "b.docx"
    marked_copy(draft, second, texts={9: "3. Văn phòng UBND tỉnh theo dõi, kiểm tra."},
                added={9: "4. Các huyện, thành phố, thị xã tổ chức thực hiện."})
    out = tmp_path / "feedback.yaml"
    result = CliRunner().invoke(cli, ["comments", "collect", str(draft), str(first), str(second), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "3 comments" in result.output
    assert dump_feedback(read_feedback([out])) == out.read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == dump_feedback(collect(draft, [first, second]))


def test_comments_check_lists_the_collected_comments_as_pending(draft, tmp_path):
    marked = commented_copy(draft, tmp_path / "a.docx", [(4, "Không chia tỷ lệ theo năm.", "Võ Văn Dũng")])
    out = tmp_path / "feedback.yaml"
    runner = CliRunner()
    assert runner.invoke(cli, ["comments", "collect", str(draft), str(marked), "-o", str(out), "--lang", "en"]).exit_code == 0
    result = runner.invoke(cli, ["comments", "check", str(draft), str(out)])
    assert result.exit_code == 0, result.output
    assert "chưa xử lý" in result.output.lower() and "Võ Văn Dũng" in result.output


def test_a_copy_of_another_document_is_refused_naming_the_file(draft, tmp_path):
    other = make_docx(tmp_path / "other.docx", ["QUYẾT ĐỊNH", "Về việc phê duyệt kế hoạch đầu tư công trung hạn",
                                                "Điều 1. Phê duyệt danh mục dự án xây dựng trường học."])
    with pytest.raises(InputError, match="other.docx: not a version of draft.docx"):
        collect(draft, [other])
    result = CliRunner().invoke(cli, ["comments", "collect", str(draft), str(other), "-o",
                                      str(tmp_path / "f.yaml"), "--lang", "en"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "other.docx" in result.output
    assert not (tmp_path / "f.yaml").exists()


def test_the_output_must_be_yaml_so_that_no_document_is_overwritten(draft, tmp_path):
    before = draft.read_bytes()
    result = CliRunner().invoke(cli, ["comments", "collect", str(draft), str(draft), "-o", str(draft), "--lang", "en"])
    assert result.exit_code == 2 and "YAML" in result.output
    assert draft.read_bytes() == before


def test_a_shorter_directive_on_the_same_subject_is_refused_though_its_words_are_the_drafts(draft, tmp_path):
    """Most of its syllables occur in the example draft; few of its paragraphs do."""
    from drafting.templates import example_dir

    example = example_dir() / "du-thao-chi-thi.docx"
    with pytest.raises(InputError, match=r"draft.docx: not a version of du-thao-chi-thi.docx: only \d+%"):
        collect(example, [draft])


def test_the_meetings_revised_draft_is_accepted_as_a_version_of_the_draft(tmp_path):
    from comments.workflow import revise_files
    from drafting.templates import example_dir

    example = example_dir() / "du-thao-chi-thi.docx"
    clean = revise_files(example, [example_dir() / "feedback.yaml"], tmp_path / "out").paths["clean.docx"]
    assert collect(example, [clean]).comments
