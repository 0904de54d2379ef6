"""Messages in the user's language and terms (issue 18): Vietnamese by default,
English with `--lang en`; the sheet's row and column header, the YAML line;
warnings on stderr with exit 0; every command's help shows an example."""
from __future__ import annotations

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from comments.sheet import write_sheet
from drafting.cli import cli
from drafting.reader import read_draft
from support.docs import make_docx

PARAGRAPHS = ["CHỈ THỊ", "Về việc phòng, chống thiên tai", "I. NHIỆM VỤ",
              "1. Các sở rà soát phương án trước ngày 31/3/2024.", "2. Các huyện bố trí điểm sơ tán."]


@pytest.fixture
def draft(tmp_path):
    return make_docx(tmp_path / "du-thao.docx", PARAGRAPHS)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def write_yaml(path, comments, **top):
    path.write_text(yaml.safe_dump({**top, "comments": comments}, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def test_a_yaml_problem_is_in_vietnamese_by_default_naming_the_line(draft, tmp_path):
    feedback = write_yaml(tmp_path / "gop-y.yaml", [{"section": "I.1", "text": "Lùi thời hạn."}])
    result = run("revise", draft, feedback, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"lỗi: {feedback}:2: ý kiến 1: mục I.1: thiếu `by`: ý kiến nào cũng cần "
                                     "người góp ý")


def test_the_same_problem_in_english_with_lang_en(draft, tmp_path):
    feedback = write_yaml(tmp_path / "gop-y.yaml", [{"section": "I.1", "text": "Lùi thời hạn."}])
    result = run("revise", draft, feedback, "--out", tmp_path / "out", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {feedback}:2: comment 1: section I.1: `by` is missing: every comment "
                                     "needs its delegate")


def sheet(draft, tmp_path, *rows):
    path = tmp_path / "gop-y.xlsx"
    write_sheet(read_draft(draft), path)
    book = openpyxl.load_workbook(path)
    for row in rows:
        book["Góp ý"].append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("lang, expected", [
    ("vi", "lỗi: {path}: Dòng 2, cột «Quyết định»: ý kiến 1: mục I.1: quyết định 'đồng ý' không hợp lệ"),
    ("en", "error: {path}: row 2, column «Quyết định»: comment 1: section I.1: unknown decision 'đồng ý'"),
])
def test_a_sheet_problem_names_the_row_and_the_column_header(draft, tmp_path, lang, expected):
    path = sheet(draft, tmp_path, ["1", "Võ Văn Dũng", None, "I.1", None, "Lùi thời hạn.", "đồng ý", "Được."])
    result = run("table", draft, path, "-o", tmp_path / "bang.docx", "--lang", lang)
    assert result.exit_code == 2
    assert result.stderr.startswith(expected.format(path=path))


def test_an_empty_feedback_file_is_a_warning_not_an_error(draft, tmp_path):
    feedback = write_yaml(tmp_path / "gop-y.yaml", [])
    result = run("table", draft, feedback, "-o", tmp_path / "bang.docx")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"cảnh báo: {feedback}: tệp không có ý kiến nào"
    assert result.stdout.strip() == f"đã ghi {tmp_path / 'bang.docx'}"


def test_pending_comments_whose_edits_were_skipped_are_a_warning(draft, tmp_path):
    feedback = write_yaml(tmp_path / "gop-y.yaml", [
        {"id": 4, "by": "Lê Hoa", "section": "I.1", "text": "Lùi hạn.", "edits": [{"replace": "31/3", "with": "15/4"}]}])
    result = run("revise", draft, feedback, "--out", tmp_path / "out", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (f"warning: {feedback}: comment 4: section I.1: pending: its 1 proposed edit(s) "
                                     "were not applied; decide the comment to apply them")


def test_outputs_that_overwrite_earlier_ones_are_a_warning(draft, tmp_path):
    feedback = write_yaml(tmp_path / "gop-y.yaml", [{"by": "A", "text": "Góp ý chung."}])
    assert run("revise", draft, feedback, "--out", tmp_path / "out").stderr == ""
    again = run("revise", draft, feedback, "--out", tmp_path / "out")
    assert again.exit_code == 0
    assert f"cảnh báo: ghi đè {tmp_path / 'out' / 'du-thao.tracked.docx'}" in again.stderr.splitlines()
    assert len(again.stderr.splitlines()) == 5


def test_table_creates_the_folder_it_is_asked_to_write_into(draft, tmp_path):
    feedback = write_yaml(tmp_path / "gop-y.yaml", [{"by": "A", "text": "Góp ý chung."}])
    result = run("table", draft, feedback, "-o", tmp_path / "ket-qua" / "nam-2024" / "bang.docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ket-qua" / "nam-2024" / "bang.docx").is_file()


def test_a_table_that_fails_creates_no_folder(draft, tmp_path):
    feedback = write_yaml(tmp_path / "gop-y.yaml", [{"by": "A", "text": "x", "section": "IX"}])
    assert run("table", draft, feedback, "-o", tmp_path / "ket-qua" / "bang.docx").exit_code == 2
    assert not (tmp_path / "ket-qua").exists()


def test_console_summaries_are_in_one_language(draft, tmp_path):
    feedback = write_yaml(tmp_path / "gop-y.yaml", [{"by": "A", "text": "Góp ý chung."}])
    vi = run("revise", draft, feedback, "--out", tmp_path / "vi").stdout
    en = run("revise", draft, feedback, "--out", tmp_path / "en", "--lang", "en").stdout
    assert all(line.startswith("đã ghi ") for line in vi.splitlines()[:-1]) and vi.splitlines()[-1] == "0 thay đổi"
    assert all(line.startswith("wrote ") for line in en.splitlines()[:-1]) and en.splitlines()[-1] == "0 changes"


COMMANDS = [["outline"], ["verify"], ["revise"], ["compare"], ["demo"], ["render"], ["table"],
            ["comments"], ["comments", "sheet"], ["comments", "collect"], ["comments", "check"], []]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "drafting")
def test_every_command_helps_with_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    example = result.output.split("Example:", 1)[1].strip().splitlines()[0]
    assert example.startswith("drafting " + " ".join(command[:1]))


@pytest.mark.parametrize("lang, expected", [
    ("vi", "ý kiến 1: mục I.1: thay thế '15/4/2024': không tìm thấy trong mục"),
    ("en", "comment 1: section I.1: replace '15/4/2024': not found"),
])
def test_an_edit_whose_text_is_not_in_the_section_is_said_in_the_users_language(draft, tmp_path, lang, expected):
    feedback = write_yaml(tmp_path / "gop-y.yaml", [
        {"by": "A", "section": "khoản 1 Mục I", "text": "x", "decision": "tiep thu", "response": "Tiếp thu.",
         "edits": [{"replace": "15/4/2024", "with": "30/4/2024"}]}])
    result = run("comments", "check", draft, feedback, "--lang", lang)
    assert result.exit_code == 2
    assert expected in result.output


def test_the_revision_date_may_be_typed_day_first(draft, tmp_path):
    import zipfile

    feedback = write_yaml(tmp_path / "gop-y.yaml", [
        {"by": "A", "section": "I.1", "text": "x", "decision": "tiếp thu", "response": "Tiếp thu.",
         "edits": [{"replace": "31/3/2024", "with": "15/4/2024"}]}])
    result = run("revise", draft, feedback, "--out", tmp_path / "out", "--date", "05/02/2021")
    assert result.exit_code == 0, result.output
    xml = zipfile.ZipFile(tmp_path / "out" / "du-thao.tracked.docx").read("word/document.xml").decode()
    assert 'w:date="2021-02-05T00:00:00Z"' in xml
