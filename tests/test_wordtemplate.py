"""Word templates rendered by docxtpl with the project's escaping environment
(drafting.wordtemplate): values are text, whatever they hold."""
from __future__ import annotations

import io

import docx
import pytest

from drafting.errors import InputError
from drafting.wordtemplate import render_word_template, to_bytes

HOSTILE = "a < b && c > d ]]> <w:p/> &amp; {{ x }} {% if true %}Y{% endif %} {# c #} {_{ z }_} {_% w %_}"


def make_template(tmp_path, *paragraphs: str, rows: list[str] | None = None):
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


def rendered(path, context) -> docx.Document:
    return docx.Document(io.BytesIO(to_bytes(render_word_template(path, context))))


def test_markup_and_template_syntax_in_values_render_as_literal_text(tmp_path):
    path = make_template(tmp_path, "Trước {{ value }} sau")
    assert rendered(path, {"value": HOSTILE}).paragraphs[0].text == f"Trước {HOSTILE} sau"


def test_line_breaks_and_tabs_become_words_own(tmp_path):
    document = rendered(make_template(tmp_path, "{{ value }}"), {"value": "một\nhai\tba"})
    paragraph = document.paragraphs[0]
    assert paragraph.text == "một\nhai\tba"
    assert len(paragraph._p.xpath(".//w:br")) == 1 and len(paragraph._p.xpath(".//w:tab")) == 1


def test_none_renders_as_nothing(tmp_path):
    assert rendered(make_template(tmp_path, "[{{ value }}]"), {"value": None}).paragraphs[0].text == "[]"


def test_row_and_paragraph_tags_are_docxtpls(tmp_path):
    path = make_template(tmp_path, "{%p for x in items %}", "Mục {{ x }}", "{%p endfor %}",
                         rows=["{%tr for x in items %}", "{{ x }}", "{%tr endfor %}"])
    document = rendered(path, {"items": ["<1>", "{{2}}"]})
    assert [p.text for p in document.paragraphs] == ["Mục <1>", "Mục {{2}}"]
    assert [row.cells[0].text for row in document.tables[0].rows] == ["<1>", "{{2}}"]


def test_a_template_whose_tags_break_the_xml_is_refused_naming_it(tmp_path):
    path = make_template(tmp_path, "{%p if x %}", "Một", rows=["{%p endif %}"])
    with pytest.raises(InputError, match="template.docx: the template's tags make broken XML"):
        render_word_template(path, {"x": False})


def test_a_template_syntax_error_is_an_input_error_naming_the_file(tmp_path):
    with pytest.raises(InputError, match="template.docx: broken template"):
        render_word_template(make_template(tmp_path, "{% if %}"), {})
