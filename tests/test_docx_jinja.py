"""docxtpl templates rendered by jinja2 alone (`drafting.docx_jinja`): the same
document docxtpl itself renders, for the tags our templates use."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docxtpl import DocxTemplate
from lxml import etree

from comments.table import build_table
from drafting.docx_jinja import render_docx_template, word_text
from drafting.errors import InputError
from drafting.oxml.text import paragraph_text
from drafting.reader import read_draft
from drafting.templates import template_path
from comments.intake import read_feedback

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "thi-dua-khen-thuong"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def texts(data: bytes) -> list[str]:
    """Every paragraph's text, table cells included, in document order."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [paragraph_text(p) for p in root.iter(f"{W}p")]


def as_word_text(value):
    """`value` with every string made into what `word_text` makes of it, for docxtpl."""
    if isinstance(value, str):
        return word_text(value)
    if isinstance(value, (list, tuple)):
        return [as_word_text(v) for v in value]
    if isinstance(value, dict):
        return {k: as_word_text(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return as_word_text(vars(value))
    return value


def with_docxtpl(path: Path, context: dict) -> bytes:
    template = DocxTemplate(str(path))
    template.render(as_word_text(context), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def make_template(tmp_path: Path, *paragraphs: str, rows: list[str] | None = None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=len(rows), cols=1)
        for row, text in zip(table.rows, rows):
            row.cells[0].text = text
    path = tmp_path / "template.docx"
    document.save(path)
    return path


@pytest.fixture(scope="module")
def response_context() -> dict:
    draft = read_draft(EXAMPLE / "du-thao-chi-thi.docx")
    return vars(build_table(draft, read_feedback([EXAMPLE / "feedback.yaml"])))


def test_the_response_template_reads_as_docxtpl_renders_it(response_context):
    path = template_path("responses.docx", None)
    assert texts(render_docx_template(path, response_context)) == texts(with_docxtpl(path, response_context))


def test_row_and_paragraph_tags_repeat_and_vanish_as_in_docxtpl(tmp_path):
    path = make_template(tmp_path, "{{ title }}", "{%p for x in items %}", "Mục {{ x }}", "{%p endfor %}",
                         rows=["{%tr for r in items %}", "{{ r }}", "{%tr endfor %}"])
    context = {"title": "Tiêu đề", "items": ["một", "hai", "ba"]}
    ours = texts(render_docx_template(path, context))
    assert ours == texts(with_docxtpl(path, context))
    assert ours.count("Mục hai") == 1 and ours.count("ba") == 1


def test_text_is_escaped_never_evaluated(tmp_path):
    path = make_template(tmp_path, "{{ text }}")
    hostile = 'a < b & c > "d" {{ 7*7 }} {% if true %}X{% endif %} {_{ x }_}'
    assert texts(render_docx_template(path, {"text": hostile})) == [hostile]


def test_line_ends_and_tabs_become_word_breaks_and_tabs(tmp_path):
    path = make_template(tmp_path, "{{ text }}", "{{ items | join('\\n') }}")
    with zipfile.ZipFile(io.BytesIO(render_docx_template(path, {"text": "a\tb", "items": ["<x>", "y"]}))) as z:
        xml = z.read("word/document.xml").decode()
    assert "a</w:t><w:tab/>" in xml and "&lt;x&gt;</w:t><w:br/>" in xml


def test_unchanged_parts_are_copied_byte_for_byte(tmp_path):
    path = make_template(tmp_path, "{{ text }}")
    with zipfile.ZipFile(path) as before, \
            zipfile.ZipFile(io.BytesIO(render_docx_template(path, {"text": "x"}))) as after:
        assert after.namelist()[0] == "[Content_Types].xml"
        for name in before.namelist():
            if name != "word/document.xml":
                assert after.read(name) == before.read(name), name


def test_an_unsupported_docxtpl_tag_is_refused_naming_it(tmp_path):
    path = make_template(tmp_path, "{% colspan 2 %}")
    with pytest.raises(InputError, match="colspan"):
        render_docx_template(path, {})


def test_a_broken_template_is_an_input_error_naming_the_part(tmp_path):
    path = make_template(tmp_path, "{% for x in %}")
    with pytest.raises(InputError, match="word/document.xml"):
        render_docx_template(path, {})


def test_tags_that_break_the_xml_are_refused(tmp_path):
    path = make_template(tmp_path, "{% if false %}", rows=["{% endif %}"])   # cuts into a table cell
    with pytest.raises(InputError, match="broken XML"):
        render_docx_template(path, {})
