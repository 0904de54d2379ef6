"""`comments collect` on Word's comment threads and resolved comments: a
reply is one of the `replies` of the comment that opens its thread (author,
date, text), not a comment of its own; a resolved comment says so. Copies are
made with python-docx 1.2's comment API (threads as Word writes them) and with
LibreOffice through UNO (comments and tracked edits by two authors)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import docx
import pytest

from comments.collect import collect
from comments.intake import dump_feedback, read_feedback
from drafting.model import Reply
from support.docs import make_docx
from support.libreoffice import uno_python
from support.threads import write_threads

PARAGRAPHS = [
    "CHỈ THỊ",
    "I. MỤC TIÊU, YÊU CẦU",
    "1. Các đơn vị được phân bổ tỷ lệ khen thưởng theo năm.",
    "2. Xây dựng mô hình, điển hình cụ thể trong các phong trào thi đua.",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Các sở, ban, ngành báo cáo kết quả hằng năm.",
    "Nơi nhận:",
]
LO_MARK = Path(__file__).parent / "support" / "lo_mark.py"


@pytest.fixture
def draft(tmp_path) -> Path:
    return make_docx(tmp_path / "draft.docx", PARAGRAPHS)


def threaded_copy(draft: Path, path: Path, resolved: bool = False) -> Path:
    """An opening comment by An on I.1, answered by Bình, then by An again; a
    lone comment by Bình on II.1."""
    document = docx.Document(draft)
    runs = document.paragraphs[2].runs
    opener = document.add_comment(runs, text="Không nên chia tỷ lệ theo năm.", author="Nguyễn Văn An",
                                  initials="NVA")
    reply = document.add_comment(runs, text="Đồng ý, chia theo đợt.", author="Trần Thị Bình", initials="TTB")
    again = document.add_comment(runs, text="Vậy sửa thành “theo đợt”.", author="Nguyễn Văn An", initials="NVA")
    lone = document.add_comment(document.paragraphs[5].runs, text="Báo cáo hằng quý.", author="Trần Thị Bình",
                                initials="TTB")
    write_threads(document, [(opener, None, resolved), (reply, opener, False), (again, reply, False),
                             (lone, None, False)])
    document.save(path)
    return path


def test_replies_are_collected_under_the_comment_that_opens_their_thread(draft, tmp_path):
    feedback = collect(draft, [threaded_copy(draft, tmp_path / "a.docx")])
    assert [(c.by, c.section, c.text) for c in feedback.comments] == [
        ("Nguyễn Văn An", "I.1", "Không nên chia tỷ lệ theo năm."),
        ("Trần Thị Bình", "II.1", "Báo cáo hằng quý.")]
    opener = feedback.comments[0]
    assert [(r.by, r.text) for r in opener.replies] == [("Trần Thị Bình", "Đồng ý, chia theo đợt."),
                                                        ("Nguyễn Văn An", "Vậy sửa thành “theo đợt”.")]
    assert all(r.date for r in opener.replies) and feedback.comments[1].replies == []


def test_a_resolved_thread_is_collected_as_resolved(draft, tmp_path):
    feedback = collect(draft, [threaded_copy(draft, tmp_path / "a.docx", resolved=True)])
    assert [c.resolved for c in feedback.comments] == [True, False]


def test_replies_and_resolved_state_survive_the_yaml(draft, tmp_path):
    feedback = collect(draft, [threaded_copy(draft, tmp_path / "a.docx", resolved=True)])
    out = tmp_path / "feedback.yaml"
    out.write_text(dump_feedback(feedback), encoding="utf-8")
    again = read_feedback([out])
    assert [(c.replies, c.resolved) for c in again.comments] == [(c.replies, c.resolved) for c in feedback.comments]
    assert isinstance(again.comments[0].replies[0], Reply)


def test_a_reply_to_a_comment_of_the_draft_itself_is_a_comment_of_its_own(tmp_path):
    document = docx.Document()
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    office = document.add_comment(document.paragraphs[5].runs, text="Ban soạn thảo: xin ý kiến.",
                                  author="Ban soạn thảo", initials="BST")
    document.save(tmp_path / "draft.docx")
    answer = document.add_comment(document.paragraphs[5].runs, text="Nên hằng quý.", author="Lê Văn Cường",
                                  initials="LVC")
    write_threads(document, [(office, None, False), (answer, office, False)])
    document.save(tmp_path / "copy.docx")
    feedback = collect(tmp_path / "draft.docx", [tmp_path / "copy.docx"])
    assert [(c.by, c.section, c.text, c.replies) for c in feedback.comments] == [
        ("Lê Văn Cường", "II.1", "Nên hằng quý.", [])]


def test_a_copy_marked_in_libreoffice_by_two_authors(draft, tmp_path, soffice):
    """Comments (one resolved) and tracked edits by two names, all LibreOffice's."""
    steps = [
        {"author": "Lê Văn Cường", "comment": "Đề nghị làm rõ tỷ lệ.", "on": "tỷ lệ khen thưởng", "resolved": True},
        {"author": "Lê Văn Cường", "replace": "theo năm", "with": "theo đợt"},
        {"author": "Phạm Thị Dung", "replace": "hằng năm", "with": "hằng quý"},
        {"author": "Phạm Thị Dung", "comment": "Bổ sung mẫu báo cáo.", "on": "báo cáo kết quả"},
    ]
    (tmp_path / "steps.json").write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
    marked = tmp_path / "marked.docx"
    subprocess.run([uno_python(), str(LO_MARK), str(draft), str(marked), str(tmp_path / "steps.json")],
                   check=True, capture_output=True, timeout=600)
    feedback = collect(draft, [marked])
    said = [(c.by, c.section, c.text, [(e.kind.value, e.target, e.text) for e in c.edits], c.resolved)
            for c in feedback.comments]
    # each comment carries the edits its author made to the paragraph it is on: one item each
    assert said == [("Lê Văn Cường", "I.1", "Đề nghị làm rõ tỷ lệ.", [("replace", "năm", "đợt")], True),
                    ("Phạm Thị Dung", "II.1", "Bổ sung mẫu báo cáo.", [("replace", "năm", "quý")], False)]


def test_a_collected_thread_is_answered_in_the_tracked_draft_as_its_last_reply(draft, tmp_path, pandoc):
    from comments.copies import word_comments
    from drafting.model import Decision, Edit, EditKind
    from drafting.package import open_package
    from drafting.revise import revise
    from drafting.verify import verify

    feedback = collect(draft, [threaded_copy(draft, tmp_path / "a.docx")])
    opener = feedback.comments[0]
    opener.decision, opener.response = Decision.ACCEPTED, "Tiếp thu, chia theo đợt."
    opener.edits = [Edit(EditKind.REPLACE, target="theo năm", text="theo đợt")]
    tracked = tmp_path / "tracked.docx"
    tracked.write_bytes(revise(draft, feedback, author="Văn phòng UBND tỉnh", date="2021-02-05").tracked)
    thread = word_comments(open_package(tracked))
    by_id = {c.id: c for c in thread}
    assert [(c.who.author, c.text, by_id[c.parent].text if c.parent else None) for c in thread] == [
        ("Nguyễn Văn An", "Không nên chia tỷ lệ theo năm.", None),
        ("Trần Thị Bình", "Đồng ý, chia theo đợt.", "Không nên chia tỷ lệ theo năm."),
        ("Nguyễn Văn An", "Vậy sửa thành “theo đợt”.", "Không nên chia tỷ lệ theo năm."),
        ("Văn phòng UBND tỉnh", "Tiếp thu ý kiến số 1: Tiếp thu, chia theo đợt.", "Không nên chia tỷ lệ theo năm.")]
    report = verify(tracked, original=draft, require_pandoc=True)
    assert report.ok, report.problems


def test_libreoffice_opens_the_answered_thread_with_every_comment(draft, tmp_path, soffice):
    from drafting.model import Decision, Edit, EditKind
    from drafting.revise import revise
    from support.libreoffice import review

    feedback = collect(draft, [threaded_copy(draft, tmp_path / "a.docx")])
    opener = feedback.comments[0]
    opener.decision, opener.response = Decision.ACCEPTED, "Tiếp thu."
    opener.edits = [Edit(EditKind.REPLACE, target="theo năm", text="theo đợt")]
    tracked = tmp_path / "tracked.docx"
    tracked.write_bytes(revise(draft, feedback, date="2021-02-05").tracked)
    accepted, counts = review("accept", [tracked], tmp_path)
    assert "1. Các đơn vị được phân bổ tỷ lệ khen thưởng theo đợt." in accepted[0] and counts[0] == 2


def without_comments(src: Path, dst: Path) -> Path:
    """The same document with its Word comments (and threads) gone: the draft it was commented on."""
    from drafting.oxml.accept import remove_comment_marks
    from drafting.oxml.ns import COMMENT_RELS
    from drafting.package import open_package

    document = open_package(src)
    remove_comment_marks(document.element)
    document.drop_related(COMMENT_RELS)
    dst.write_bytes(document.to_bytes())
    return dst


def test_a_thread_word_wrote_is_collected_as_a_comment_with_its_reply(tmp_path):
    """pandoc's test file, made in Word: five comments, the last replying to the fourth."""
    from support.tools import CORPUS

    marked = CORPUS / "public" / "pandoc__test_docx_comments.docx"
    if not marked.is_file():
        pytest.skip("../shared/corpus is not present")
    feedback = collect(without_comments(marked, tmp_path / "draft.docx"), [marked])
    assert [(c.text, [(r.by, r.text, r.date) for r in c.replies]) for c in feedback.comments] == [
        ("I left a comment.", []), ("A comment across paragraphs.", []),
        ("This one has multiple paragraphs.\n\nSee?", []),
        ("Do something.", [("Jesse Rosenthal", "Do something else.", "2016-06-22T14:36:00+00:00")])]


def test_the_command_counts_the_replies_it_collected(draft, tmp_path):
    from click.testing import CliRunner

    from drafting.cli import cli

    out = tmp_path / "feedback.yaml"
    result = CliRunner().invoke(cli, ["comments", "collect", str(draft), str(threaded_copy(draft, tmp_path / "a.docx")),
                                      "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2 comments (0 with proposed edits, 2 replies) from 1 copies" in result.output
    assert "replies:" in out.read_text(encoding="utf-8")
