"""`drafting revise`: the five outputs, checked by independent readers."""
import json
import zipfile

import pytest
import yaml
from click.testing import CliRunner

from comments.workflow import revise_files
from drafting.cli import cli
from drafting.verify import libreoffice_change_count, pandoc_text, verify
from support.docs import make_docx

PARAGRAPHS = [
    "CHỈ THỊ",
    "Về việc nâng cao chất lượng công tác thi đua, khen thưởng",
    "I. MỤC TIÊU, YÊU CẦU",
    "1. Công tác thi đua phải thiết thực, tránh chung chung, hình thức.",
    "2. Các đơn vị được phân bổ tỷ lệ khen thưởng theo năm.",
    "3. Xây dựng mô hình, điển hình cụ thể trong các phong trào thi đua.",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Giao Ban Thi đua - Khen thưởng tỉnh hướng dẫn thực hiện.",
    "2. Các sở, ban, ngành báo cáo kết quả hằng năm.",
    "Nơi nhận:",
    "- Như trên;",
]


def feedback(path, comments, **top):
    data = {"title": "Dự thảo Chỉ thị", "author": "Ban Thi đua - Khen thưởng tỉnh", "date": "2021-02-05",
            **top, "comments": comments}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


MEETING = [
    {"id": 1, "by": "Võ Văn Dũng", "org": "Ban Tuyên giáo Tỉnh ủy", "section": "I.2",
     "text": "Không chia tỷ lệ khen thưởng theo năm.", "decision": "tiếp thu",
     "response": "Tiếp thu.", "edits": [{"replace": "được phân bổ tỷ lệ khen thưởng theo năm",
                                         "with": "được xét khen thưởng theo kết quả thực chất"}]},
    {"id": 2, "by": "Hoàng Văn Nhiên", "section": "I.1", "text": "Tránh chung chung.",
     "decision": "accepted", "response": "Tiếp thu.", "edits": [{"delete": "chung chung,"}]},
    {"id": 3, "by": "Lê Hồng Vinh", "section": "I.3", "text": "Phải có tính lan tỏa.",
     "decision": "partly-accepted", "response": "Tiếp thu một phần.",
     "edits": [{"insert": "và có tính lan tỏa", "after": "điển hình cụ thể"}]},
    {"id": 4, "by": "Đại biểu", "text": "Đề nghị rút gọn.", "decision": "not-accepted",
     "response": "Giải trình: đã ngắn gọn."},
]


@pytest.fixture
def run(tmp_path):
    draft = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    fb = feedback(tmp_path / "feedback.yaml", MEETING)
    outputs = revise_files(draft, [fb], tmp_path / "out")
    return draft, fb, outputs


def intended(paragraphs):
    """The draft text with the meeting's edits applied, computed from the feedback."""
    text = "\n".join(paragraphs)
    for comment in MEETING:
        for edit in comment.get("edits", []):
            if "replace" in edit:
                text = text.replace(edit["replace"], edit["with"])
            elif "delete" in edit:
                text = text.replace(" " + edit["delete"], "")
            else:
                text = text.replace(edit["after"], edit["after"] + " " + edit["insert"])
    return text


def test_revise_writes_the_five_outputs(run):
    _, _, outputs = run
    assert sorted(p.name for p in outputs.paths.values()) == sorted(
        f"draft.{s}" for s in ("tracked.docx", "clean.docx", "responses.docx", "changes.md", "changes.json"))
    assert all(p.exists() for p in outputs.paths.values())


def test_reject_all_gives_the_original_and_accept_all_the_clean(run, pandoc):
    draft, _, outputs = run
    report = verify(outputs.paths["tracked.docx"], original=draft, clean=outputs.paths["clean.docx"],
                    require_pandoc=True)
    assert report.ok, report.problems


def test_accept_all_is_the_draft_with_the_edits_applied(run, pandoc):
    _, _, outputs = run
    accepted = pandoc_text(outputs.paths["tracked.docx"], "accept").split()
    assert accepted == intended(PARAGRAPHS).split()


def test_a_one_word_change_is_one_deletion_and_one_insertion(tmp_path):
    draft = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    fb = feedback(tmp_path / "f.yaml", [{"by": "A", "section": "II.2", "text": "t", "decision": "accepted",
                                          "response": "r", "edits": [{"replace": "hằng năm", "with": "hằng quý"}]}])
    outputs = revise_files(draft, [fb], tmp_path / "out")
    xml = zipfile.ZipFile(outputs.paths["tracked.docx"]).read("word/document.xml").decode()
    assert xml.count("<w:del ") == 1 and xml.count("<w:ins ") == 1
    assert "<w:delText>năm</w:delText>" in xml


def test_each_comment_that_changed_the_draft_becomes_one_word_comment(run):
    _, _, outputs = run
    xml = zipfile.ZipFile(outputs.paths["tracked.docx"]).read("word/comments.xml").decode()
    assert xml.count("<w:comment ") == 3
    assert "Tiếp thu ý kiến số 1 — Võ Văn Dũng (Ban Tuyên giáo Tỉnh ủy): Không chia tỷ lệ khen thưởng theo năm." in xml
    assert "Tiếp thu một phần ý kiến số 3" in xml


def test_revisions_carry_the_feedback_author_and_date(run):
    _, _, outputs = run
    xml = zipfile.ZipFile(outputs.paths["tracked.docx"]).read("word/document.xml").decode()
    assert 'w:author="Ban Thi đua - Khen thưởng tỉnh"' in xml
    assert 'w:date="2021-02-05T00:00:00Z"' in xml


def test_changes_json_names_section_before_after_and_comment(run):
    _, _, outputs = run
    changes = json.loads(outputs.paths["changes.json"].read_text(encoding="utf-8"))["changes"]
    first = next(c for c in changes if c["comments"] == ["1"])
    assert first["section"] == "I.2"
    assert "phân bổ tỷ lệ" in first["before"] and "xét" in first["after"]
    assert {c["section"] for c in changes} == {"I.1", "I.2", "I.3"}


def test_libreoffice_sees_as_many_changes_as_changes_json(run, soffice, tmp_path):
    _, _, outputs = run
    summary = json.loads(outputs.paths["changes.json"].read_text(encoding="utf-8"))
    assert libreoffice_change_count(outputs.paths["tracked.docx"]) == summary["revisions"]


def test_libreoffice_counts_whole_paragraph_changes_once(tmp_path, soffice):
    draft = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    fb = feedback(tmp_path / "f.yaml", [
        {"by": "A", "section": "I.3", "text": "bỏ", "decision": "accepted", "response": "r",
         "edits": [{"remove_section": "I.3"}]},
        {"by": "B", "section": "II", "text": "thêm", "decision": "accepted", "response": "r",
         "edits": [{"add": "3. Giao Văn phòng UBND tỉnh theo dõi.\n\nĐịnh kỳ báo cáo.", "after_section": "II.2"}]},
    ])
    outputs = revise_files(draft, [fb], tmp_path / "out")
    summary = json.loads(outputs.paths["changes.json"].read_text(encoding="utf-8"))
    assert [c["kind"] for c in summary["changes"]] == ["remove", "add"]
    assert libreoffice_change_count(outputs.paths["tracked.docx"]) == summary["revisions"] == 2


def test_removed_and_added_sections_keep_labels_consecutive(tmp_path, pandoc):
    draft = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    fb = feedback(tmp_path / "f.yaml", [
        {"by": "A", "section": "I.1", "text": "bỏ", "decision": "accepted", "response": "r",
         "edits": [{"remove_section": "I.1"}]},
        {"by": "B", "section": "II", "text": "thêm", "decision": "accepted", "response": "r",
         "edits": [{"add": "9. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc.", "after_section": "II.2"}]},
    ])
    outputs = revise_files(draft, [fb], tmp_path / "out")
    lines = [l for l in pandoc_text(outputs.paths["tracked.docx"], "accept").splitlines() if l.strip()]
    assert "1. Các đơn vị được phân bổ tỷ lệ khen thưởng theo năm." in lines
    assert "2. Xây dựng mô hình, điển hình cụ thể trong các phong trào thi đua." in lines
    assert lines[lines.index("2. Các sở, ban, ngành báo cáo kết quả hằng năm.") + 1] == \
        "3. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc."
    assert verify(outputs.paths["tracked.docx"], original=draft, clean=outputs.paths["clean.docx"],
                  require_pandoc=True).ok


def test_keep_labels_leaves_labels_as_typed(tmp_path, pandoc):
    draft = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    fb = feedback(tmp_path / "f.yaml", [{"by": "A", "section": "I.1", "text": "bỏ", "decision": "accepted",
                                          "response": "r", "edits": [{"remove_section": "I.1"}]}])
    outputs = revise_files(draft, [fb], tmp_path / "out", keep_labels=True)
    assert "2. Các đơn vị" in pandoc_text(outputs.paths["tracked.docx"], "accept")


def test_invalid_feedback_writes_nothing_and_exits_2(tmp_path):
    draft = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    fb = feedback(tmp_path / "f.yaml", [{"by": "A", "section": "I.7", "text": "t", "decision": "accepted",
                                          "response": "r", "edits": [{"delete": "x"}]}])
    result = CliRunner().invoke(cli, ["revise", str(draft), str(fb), "--out", str(tmp_path / "out"), "--lang", "en"])
    assert result.exit_code == 2
    assert "comment 1" in result.output and "I.7" in result.output
    assert not (tmp_path / "out").exists()


def test_inputs_are_never_modified(run, tmp_path):
    draft, fb, _ = run
    fresh = make_docx(tmp_path / "fresh.docx", PARAGRAPHS)
    assert zipfile.ZipFile(draft).read("word/document.xml") == zipfile.ZipFile(fresh).read("word/document.xml")


def test_one_word_replaced_in_a_half_bold_sentence_keeps_each_run_formatting(tmp_path):
    import docx
    document = docx.Document()
    paragraph = document.add_paragraph("1. ")
    paragraph.add_run("Phong trào thi đua sôi nổi").bold = True
    paragraph.add_run(" phải thiết thực, hiệu quả.")
    document.save(tmp_path / "bold.docx")
    fb = feedback(tmp_path / "f.yaml", [{"by": "A", "section": "1", "text": "t", "decision": "accepted",
                                          "response": "r", "edits": [{"replace": "sôi", "with": "rộng"}]}])
    outputs = revise_files(tmp_path / "bold.docx", [fb], tmp_path / "out")
    xml = zipfile.ZipFile(outputs.paths["tracked.docx"]).read("word/document.xml").decode()
    assert xml.count("<w:del ") == 1 and xml.count("<w:ins ") == 1
    deleted = xml[xml.index("<w:del "):xml.index("</w:del>")]
    inserted = xml[xml.index("<w:ins "):xml.index("</w:ins>")]
    assert "<w:b/>" in deleted and "<w:delText>sôi</w:delText>" in deleted
    assert "<w:b/>" in inserted and ">rộng<" in inserted
    kept = [run for run in xml.split("<w:r>")[1:] if "<w:t" in run and "Phong trào" in run]
    assert kept and all("<w:b/>" in run for run in kept)
    plain = [run for run in xml.split("<w:r>")[1:] if "phải thiết thực" in run]
    assert plain and "<w:b/>" not in plain[0]


BAD_FEEDBACK = {
    "unknown section": ({"section": "I.9", "edits": [{"delete": "hình thức"}]}, "unknown section"),
    "text not found": ({"section": "I.1", "edits": [{"delete": "không có trong mục"}]}, "not found"),
    "text found twice": ({"section": "I.1", "edits": [{"delete": "chung"}]}, "found 2 times"),
    "edits on a comment not accepted": ({"section": "I.1", "decision": "không tiếp thu",
                                          "edits": [{"delete": "hình thức"}]}, "not-accepted"),
    "missing response": ({"section": "I.1", "response": None}, "response"),
    "bad decision word": ({"section": "I.1", "decision": "đồng ý"}, "decision"),
}


@pytest.mark.parametrize("case", BAD_FEEDBACK, ids=list(BAD_FEEDBACK))
def test_bad_feedback_exits_2_with_one_line_and_writes_nothing(tmp_path, case):
    fields, expected = BAD_FEEDBACK[case]
    comment = {"id": 7, "by": "A", "text": "t", "decision": "accepted", "response": "r", **fields}
    draft = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    fb = feedback(tmp_path / "f.yaml", [{k: v for k, v in comment.items() if v is not None}])
    result = CliRunner().invoke(cli, ["revise", str(draft), str(fb), "--out", str(tmp_path / "out"), "--lang", "en"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0] and "comment 7" in lines[0] and str(fb) in lines[0]
    assert not (tmp_path / "out").exists()


def test_overlapping_edits_of_two_comments_name_both_and_write_nothing(tmp_path):
    draft = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    fb = feedback(tmp_path / "f.yaml", [
        {"id": 1, "by": "A", "section": "I.2", "text": "t", "decision": "accepted", "response": "r",
         "edits": [{"delete": "tỷ lệ khen"}]},
        {"id": 2, "by": "B", "section": "I.2", "text": "t", "decision": "accepted", "response": "r",
         "edits": [{"replace": "khen thưởng", "with": "thi đua"}]}])
    result = CliRunner().invoke(cli, ["revise", str(draft), str(fb), "--out", str(tmp_path / "out"), "--lang", "en"])
    assert result.exit_code == 2
    assert "comment 1" in result.output and "comment 2" in result.output
    assert not (tmp_path / "out").exists()
