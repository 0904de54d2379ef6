"""`compare` reports formatting-only changes (no revision) only when a
property changed, naming it; markup alone (run splits, rsids, paragraph ids,
the prefix WordprocessingML is bound to) is no change."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt

from drafting.cli import cli
from drafting.compare import compare
from drafting.oxml.ns import W_NS


def document(path: Path, runs: list[tuple[str, dict]], table: bool = False) -> Path:
    """One paragraph of `runs` (text, python-docx font settings), and a table of four cells."""
    d = docx.Document()
    d.add_paragraph("I. MỤC TIÊU")
    p = d.add_paragraph()
    for text, font in runs:
        run = p.add_run(text)
        for name, value in font.items():
            setattr(run.font, name, value)
    if table:
        t = d.add_table(rows=2, cols=2)
        for k, cell in enumerate(t._cells):
            cell.text = f"Ô số {k}"
    d.save(path)
    return path


def with_prefix(src: Path, dst: Path, prefix: str) -> Path:
    """The same document with WordprocessingML bound to another prefix in its main part."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8").replace('xmlns:w="', f'xmlns:{prefix}="')
                text = re.sub(r"(</?|\s)w:", rf"\1{prefix}:", text)
                assert f'xmlns:{prefix}="{W_NS}"' in text
                data = text.encode("utf-8")
            zout.writestr(item, data)
    return dst


PLAIN = [("Báo cáo ", {}), ("kết quả", {}), (" hằng năm.", {})]


def test_a_run_made_bold_is_one_formatting_change_naming_bold(tmp_path):
    old = document(tmp_path / "old.docx", PLAIN)
    new = document(tmp_path / "new.docx", [("Báo cáo ", {}), ("kết quả", {"bold": True}), (" hằng năm.", {})])
    changes = compare(old, new).changes
    assert [(c.kind, c.before, c.properties) for c in changes] == [("format", "Báo cáo kết quả hằng năm.", ["bold"])]


def test_each_changed_property_is_named(tmp_path):
    old = document(tmp_path / "old.docx", PLAIN)
    new = document(tmp_path / "new.docx", [("Báo cáo ", {"italic": True, "size": Pt(15)}),
                                           ("kết quả", {"underline": True}),
                                           (" hằng năm.", {"highlight_color": WD_COLOR_INDEX.YELLOW})])
    assert [c.properties for c in compare(old, new).changes] == [["highlight", "italic", "size", "underline"]]


def test_runs_split_differently_are_no_change(tmp_path):
    old = document(tmp_path / "old.docx", [("Báo cáo kết quả hằng năm.", {"bold": True})])
    new = document(tmp_path / "new.docx", [("Báo cáo ", {"bold": True}), ("kết quả hằng năm.", {"bold": True})])
    assert compare(old, new).changes == []


def test_table_cells_with_other_paragraph_ids_are_no_change(tmp_path):
    old = document(tmp_path / "old.docx", PLAIN, table=True)
    d = docx.Document(document(tmp_path / "new.docx", PLAIN, table=True))
    for k, p in enumerate(d.element.body.iter(f"{{{W_NS}}}p")):
        p.set(f"{{{W_NS}}}rsidR", f"00{k:06X}")
        p.set("{http://schemas.microsoft.com/office/word/2010/wordml}paraId", f"1{k:07X}")
    d.save(tmp_path / "new.docx")
    assert compare(old, tmp_path / "new.docx").changes == []


def test_another_prefix_for_wordprocessingml_is_no_change_and_a_real_one_is_still_named(tmp_path):
    old = document(tmp_path / "old.docx", PLAIN, table=True)
    same = with_prefix(old, tmp_path / "same.docx", "ns0")
    assert compare(old, same).changes == []
    bold = document(tmp_path / "bold.docx", [("Báo cáo ", {}), ("kết quả", {"bold": True}), (" hằng năm.", {})],
                    table=True)
    assert [c.properties for c in compare(old, with_prefix(bold, tmp_path / "b.docx", "wx")).changes] == [["bold"]]


def test_the_summaries_name_the_property_in_the_documents_language(tmp_path):
    old = document(tmp_path / "old.docx", PLAIN)
    new = document(tmp_path / "new.docx", [("Báo cáo ", {}), ("kết quả", {"italic": True}), (" hằng năm.", {})])
    md, js = tmp_path / "c.md", tmp_path / "c.json"
    result = CliRunner().invoke(cli, ["compare", str(old), str(new), "-o", str(tmp_path / "r.docx"),
                                      "--summary", str(md), "--json", str(js)])
    assert result.exit_code == 0, result.output
    assert "định dạng (in nghiêng)" in md.read_text(encoding="utf-8")
    assert json.loads(js.read_text(encoding="utf-8"))["changes"][0]["properties"] == ["italic"]
