"""Property: for random edit scripts (paragraphs inserted, deleted, rewritten,
words changed, runs made bold, table rows added and removed, the header
rewritten) applied to a
python-docx document, `drafting compare` exits 0 writing every output format
(redline, --summary, --json); the JSON reads back with each change's comment
ids a list of strings, the summary shows no Python object, and the redline
rejects to OLD and accepts to NEW."""
from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

import docx
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from drafting.cli import cli
from drafting.compare import compare
from drafting.oxml.accept import accept_all, reject_all
from drafting.oxml.ns import w
from drafting.oxml.text import iter_block_paragraphs, paragraph_text

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "25"))
WORDS = ["báo", "cáo", "kết", "quả", "hằng", "năm", "quý", "Ủy", "ban", "nhân", "dân", "tỉnh", "thực", "hiện",
         "kế", "hoạch", "<b>", "&", "{{ x }}"]

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")
# A block: a paragraph ("p", text, bold) or a table ("t", rows of two cells).
paragraph_block = st.tuples(st.just("p"), sentence, st.booleans())
table_block = st.tuples(st.just("t"), st.lists(st.tuples(sentence, sentence), min_size=1, max_size=3))
blocks = st.lists(st.one_of(paragraph_block, paragraph_block, table_block), min_size=1, max_size=7)


@st.composite
def edit_script(draw):
    """OLD's blocks and NEW's, NEW made from OLD by a random script of edits."""
    old = [("h", draw(sentence))] + draw(blocks)        # the header's text first
    new = list(old)
    for _ in range(draw(st.integers(1, 5))):
        k = draw(st.integers(1, max(len(new) - 1, 1)))
        op = draw(st.sampled_from(["insert", "delete", "rewrite", "word", "bold", "row", "header"]))
        if op == "header":
            new[0] = ("h", draw(sentence))
        elif op == "insert" or len(new) < 2:
            new.insert(draw(st.integers(1, len(new))), draw(st.one_of(paragraph_block, table_block)))
        elif op == "delete" and len(new) > 1:
            del new[k]
        elif new[k][0] == "p":
            _, text, bold = new[k]
            if op == "rewrite":
                new[k] = ("p", draw(sentence), bold)
            elif op == "word":
                words = text.split()
                words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
                new[k] = ("p", " ".join(words), bold)
            elif op == "bold":
                new[k] = ("p", text, not bold)
        elif op == "row":
            rows = list(new[k][1])
            if len(rows) > 1 and draw(st.booleans()):
                del rows[draw(st.integers(0, len(rows) - 1))]
            else:
                rows.insert(draw(st.integers(0, len(rows))), (draw(sentence), draw(sentence)))
            new[k] = ("t", rows)
    return old, new


def build(path: Path, content: list) -> Path:
    document = docx.Document()
    document.add_paragraph("I. MỤC TIÊU")
    document.sections[0].header.paragraphs[0].text = content[0][1]
    for block in content[1:]:
        if block[0] == "p":
            document.add_paragraph().add_run(block[1]).bold = block[2]
        else:
            table = document.add_table(rows=len(block[1]), cols=2)
            for r, cells in enumerate(block[1]):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
            # Word keeps a paragraph after every table (two tables that touch are one table to it);
            # a paragraph inserted between touching tables would reject to an empty paragraph.
            document.add_paragraph("Bảng trên.")
    document.add_paragraph("Nơi nhận:")
    document.save(path)
    return path


def reading(data: bytes, view=None) -> list[str]:
    """The body's paragraphs, then the header's, after our accept or reject."""
    document = docx.Document(io.BytesIO(data))
    body, header = document.element.body, document.sections[0].header._element
    if view is not None:
        view(body)
        view(header)
    return [paragraph_text(p) for p, _, _ in iter_block_paragraphs(body)] + \
        ["header: " + paragraph_text(p) for p in header.iter(w("p"))]


def visible(texts: list[str]) -> list[str]:
    return [t for t in texts if t.strip()]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_script())
def test_every_output_format_is_written_for_any_edit_script(script):
    old_blocks, new_blocks = script
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        old, new = build(tmp / "old.docx", old_blocks), build(tmp / "new.docx", new_blocks)
        out, md, js = tmp / "redline.docx", tmp / "changes.md", tmp / "changes.json"
        result = CliRunner().invoke(cli, ["compare", str(old), str(new), "-o", str(out), "--summary", str(md),
                                          "--json", str(js), "--date", "2021-02-05"])
        assert result.exit_code == 0, result.output
        data = json.loads(js.read_text(encoding="utf-8"))
        assert all(isinstance(c["comments"], list) and all(isinstance(i, str) for i in c["comments"])
                   for c in data["changes"])
        assert "<Element" not in md.read_text(encoding="utf-8")
        tracked = out.read_bytes()
        # Empty paragraphs aside: see test_a_paragraph_deleted_between_two_tables_leaves_no_empty_paragraph.
        assert visible(reading(tracked, reject_all)) == visible(reading(old.read_bytes()))
        assert visible(reading(tracked, accept_all)) == visible(reading(new.read_bytes()))
        if old_blocks != new_blocks:
            assert data["changes"]


def test_deleted_and_inserted_paragraphs_leave_the_json_comment_ids_empty(tmp_path):
    """The case of issue 19: a paragraph deleted and one inserted."""
    old = build(tmp_path / "old.docx", [("h", "Dự thảo."), ("p", "Một hai ba.", False), ("p", "Bốn năm.", False)])
    new = build(tmp_path / "new.docx", [("h", "Dự thảo."), ("p", "Bốn năm.", False), ("p", "Sáu bảy tám chín.", False)])
    js = tmp_path / "c.json"
    result = CliRunner().invoke(cli, ["compare", str(old), str(new), "-o", str(tmp_path / "r.docx"),
                                      "--json", str(js), "--summary", str(tmp_path / "c.md")])
    assert result.exit_code == 0, result.output
    kinds = [(c["kind"], c["comments"]) for c in json.loads(js.read_text(encoding="utf-8"))["changes"]]
    assert kinds == [("remove", []), ("add", [])]
    assert w("del") not in (tmp_path / "c.md").read_text(encoding="utf-8")


@pytest.mark.xfail(strict=True, reason="the revision engine cannot track away the mark of a paragraph that stands "
                                       "between two tables (it has no paragraph to merge into): accepting leaves "
                                       "it empty")
def test_a_paragraph_deleted_between_two_tables_leaves_no_empty_paragraph(tmp_path):
    first, second = ("t", [("Một.", "Hai.")]), ("t", [("Ba.", "Bốn.")])
    old = build(tmp_path / "old.docx", [("h", "Dự thảo."), first, second])
    new = build(tmp_path / "new.docx", [("h", "Dự thảo."), second])
    tracked = compare(old, new).tracked
    assert reading(tracked, accept_all) == reading(new.read_bytes())
