"""Hostile feedback: text that looks like markup or a template, and files that
are not feedback at all.

Comment text is data. `<`, `&`, `]]>`, `{{ x }}` and `{% if %}` must reach every
output exactly as the clerk typed them, never breaking the XML of a .docx and
never evaluated by a template; control characters, which XML 1.0 cannot hold,
are stripped at intake (comments/records.py). A feedback file that cannot be
read at all is bad input: exit 2, a short message naming the file, nothing
written, the file untouched.
"""
from __future__ import annotations

import json
import unicodedata
import zipfile

import docx
import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from comments.workflow import revise_files
from drafting.cli import cli
from drafting.text import clean
from drafting.verify import pandoc_text, verify
from support.docs import make_docx

PARAGRAPHS = [
    "CHỈ THỊ",
    "Về việc nâng cao chất lượng công tác thi đua, khen thưởng",
    "I. MỤC TIÊU, YÊU CẦU",
    "1. Công tác thi đua phải thiết thực, tránh chung chung, hình thức.",
    "2. Các đơn vị báo cáo kết quả hằng năm.",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Giao Ban Thi đua - Khen thưởng tỉnh hướng dẫn thực hiện.",
    "Nơi nhận:",
    "- Như trên;",
]

CONTROL = "\x01\x07\x0b\x0c\x1b\x7f"
MARKUP = "a < b && c > d ]]> <w:p/> &amp; {{ x }} {% if true %}Y{% endif %} {# c #}"
HOSTILE = f"Góp ý {MARKUP} {CONTROL}hết."
EDIT_TEXT = "hiệu quả <thực> & ]]> {{ y }} {% raw %}"
ADDED = "3. Mới <b>đậm</b> & {{ z }} {%- if x %}."

COMMENTS = [
    {"id": 1, "by": "Võ <Văn> & {{ by }}", "org": HOSTILE, "section": "I.1", "text": HOSTILE,
     "decision": "accepted", "response": f"Tiếp thu {MARKUP}",
     "edits": [{"replace": "thiết thực", "with": EDIT_TEXT + CONTROL}]},
    {"id": 2, "by": "Hoàng Văn Nhiên", "section": "I.2", "text": HOSTILE, "decision": "partly-accepted",
     "response": HOSTILE, "edits": [{"add": ADDED, "after_section": "I.2"}]},
    {"id": 3, "by": "Đại biểu", "text": HOSTILE, "decision": "not-accepted", "response": HOSTILE},
]


def write_feedback(path, comments=COMMENTS, **top):
    data = {"title": f"Dự thảo {MARKUP}", "meeting": HOSTILE, "author": "Ban <TĐKT> & {{ a }}",
            "date": "2021-02-05", **top, "comments": comments}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    draft = make_docx(folder / "draft.docx", PARAGRAPHS)
    feedback = write_feedback(folder / "feedback.yaml")
    outputs = revise_files(draft, [feedback], folder / "out")
    return draft, feedback, outputs.paths


def docx_text(path) -> str:
    """All paragraph text of a .docx, table cells included, read by python-docx."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return "\n".join(texts)


def part_text(path, part: str) -> str:
    root = etree.fromstring(zipfile.ZipFile(path).read(part))
    return "".join(root.itertext())


# ---------------------------------------------------------------- markup as text

def test_every_xml_part_of_every_docx_output_parses(hostile_run):
    _, _, paths = hostile_run
    for suffix in ("tracked.docx", "clean.docx", "responses.docx"):
        with zipfile.ZipFile(paths[suffix]) as zf:
            for name in zf.namelist():
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(zf.read(name))   # raises on broken XML


def test_the_tracked_draft_passes_verify(hostile_run, pandoc):
    draft, _, paths = hostile_run
    report = verify(paths["tracked.docx"], original=draft, clean=paths["clean.docx"], require_pandoc=True)
    assert report.ok, report.problems


def test_the_comment_text_reaches_the_word_comment_verbatim_without_control_characters(hostile_run):
    _, _, paths = hostile_run
    text = part_text(paths["tracked.docx"], "word/comments.xml")
    assert clean(HOSTILE) in text
    assert "Võ <Văn> & {{ by }}" in text
    assert not any(ch in text for ch in CONTROL)


def test_edit_text_is_inserted_verbatim(hostile_run, pandoc):
    _, _, paths = hostile_run
    accepted = pandoc_text(paths["tracked.docx"], "accept")
    assert EDIT_TEXT in accepted
    assert ADDED in accepted


def test_the_revision_author_is_written_as_text(hostile_run):
    _, _, paths = hostile_run
    root = etree.fromstring(zipfile.ZipFile(paths["tracked.docx"]).read("word/document.xml"))
    authors = {el.get(f"{{{root.nsmap['w']}}}author") for el in root.iter(f"{{{root.nsmap['w']}}}ins")}
    assert authors == {"Ban <TĐKT> & {{ a }}"}


def test_the_response_table_shows_text_and_responses_verbatim(hostile_run):
    _, _, paths = hostile_run
    text = docx_text(paths["responses.docx"])
    assert clean(HOSTILE) in text
    assert f"Tiếp thu {MARKUP}" in text
    assert f"Đối với dự thảo {MARKUP}" in text
    assert not any(ch in text for ch in CONTROL)


def test_template_syntax_in_comments_is_never_evaluated(hostile_run):
    _, _, paths = hostile_run
    table = docx_text(paths["responses.docx"])
    markdown = paths["changes.md"].read_text(encoding="utf-8")
    assert "{{ x }} {% if true %}Y{% endif %} {# c #}" in table
    assert "{{ y }} {% raw %}" in markdown
    assert "{{ z }} {%- if x %}" in markdown


def test_changes_json_holds_the_edit_text_verbatim(hostile_run):
    _, _, paths = hostile_run
    changes = json.loads(paths["changes.json"].read_text(encoding="utf-8"))["changes"]
    afters = " ".join(c["after"] for c in changes)
    assert "<thực> & ]]> {{ y }} {% raw %}" in afters
    assert ADDED in afters
    assert not any(ch in afters for ch in CONTROL)


def test_changes_markdown_renders_the_edit_text_back_verbatim(hostile_run, pandoc):
    import subprocess

    _, _, paths = hostile_run
    plain = subprocess.run([pandoc, "-f", "markdown", "-t", "plain", "--wrap=none", str(paths["changes.md"])],
                           capture_output=True, text=True, check=True).stdout
    assert "<thực> & ]]> {{ y }} {% raw %}" in plain
    assert f"Dự thảo {MARKUP}" in plain


def test_hostile_text_through_the_cli_exits_0(tmp_path):
    draft = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    feedback = write_feedback(tmp_path / "feedback.yaml")
    result = CliRunner().invoke(cli, ["revise", str(draft), str(feedback), "--out", str(tmp_path / "out"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").iterdir())) == 5


# ---------------------------------------------------------------- unreadable feedback files

def cp1258(text: str) -> bytes:
    """`text` as Windows-1258 writes Vietnamese: a base letter, then its tone
    as a combining mark (the code page has no precomposed toned vowels)."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in marks if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in marks if c not in tones))
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def run_revise(tmp_path, feedback_path):
    """Run `drafting revise` on a good draft and `feedback_path`; the result,
    after checking what every refusal must hold."""
    draft = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    before = feedback_path.read_bytes() if feedback_path.is_file() else None
    result = CliRunner().invoke(cli, ["revise", str(draft), str(feedback_path), "--out", str(tmp_path / "out"), "--lang", "en"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 3, lines
    assert feedback_path.name in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    if before is not None:
        assert feedback_path.read_bytes() == before
    return lines


@pytest.mark.parametrize("encoding", ["cp1258", "latin-1"])
def test_a_csv_in_a_legacy_encoding_is_refused_in_one_line(tmp_path, encoding):
    path = tmp_path / "feedback.csv"
    text = "by,text,section\nJosé Müller,Góp ý chung,general\n" if encoding == "latin-1" \
        else "Người góp ý,Nội dung góp ý\nVõ Văn Dũng,Không chia tỷ lệ\n"
    path.write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    lines = run_revise(tmp_path, path)
    assert len(lines) == 1
    assert "UTF-8" in lines[0]


def test_a_yaml_file_in_a_legacy_encoding_is_refused_in_one_line(tmp_path):
    path = tmp_path / "feedback.yaml"
    path.write_bytes(cp1258("comments:\n  - by: Võ Văn Dũng\n    text: Không chia\n"))
    lines = run_revise(tmp_path, path)
    assert len(lines) == 1 and "UTF-8" in lines[0]


@pytest.mark.parametrize("name", ["feedback.yaml", "feedback.csv", "feedback.xlsx"])
def test_a_feedback_path_that_is_a_folder_is_refused(tmp_path, name):
    (tmp_path / name).mkdir()
    lines = run_revise(tmp_path, tmp_path / name)
    assert "folder" in lines[0]


@pytest.mark.parametrize("name", ["feedback.yaml", "feedback.csv", "feedback.xlsx", "feedback.txt"])
def test_an_empty_feedback_file_is_refused(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    run_revise(tmp_path, tmp_path / name)


GARBAGE = [
    bytes(range(256)) * 4,                               # every byte value
    b"\x00" * 64,                                        # NUL bytes
    b"PK\x03\x04" + bytes(range(200)),                   # a truncated zip
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,  # an OLE container (.xls, .doc)
    b"\xff\xfe" + "by,text\n\ud800x".encode("utf-16-le", "surrogatepass"),  # UTF-16 with a lone surrogate
    "comments: [\x00]".encode(),                          # a NUL inside otherwise valid YAML
]


@pytest.mark.parametrize("name", ["feedback.yaml", "feedback.csv", "feedback.xlsx"])
@pytest.mark.parametrize("garbage", GARBAGE, ids=["bytes", "nul", "zip", "ole", "utf16", "yaml-nul"])
def test_binary_garbage_is_refused_in_at_most_three_lines(tmp_path, name, garbage):
    (tmp_path / name).write_bytes(garbage)
    run_revise(tmp_path, tmp_path / name)


def test_every_refusal_is_a_single_line_even_when_the_parser_reports_several(tmp_path):
    path = tmp_path / "feedback.yaml"
    path.write_bytes(b"\x00comments: []")
    lines = run_revise(tmp_path, path)
    assert len(lines) == 1


def test_a_huge_value_quoted_in_a_message_is_cut_short(tmp_path):
    path = tmp_path / "feedback.yaml"
    path.write_text(yaml.safe_dump({"comments": [{"by": "A", "text": "t", "decision": "x" * 5000,
                                                  "response": "r"}]}), encoding="utf-8")
    lines = run_revise(tmp_path, path)
    assert len(lines) == 1
    assert "unknown decision" in lines[0] and len(lines[0]) <= 520 and lines[0].endswith("…")
