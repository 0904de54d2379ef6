"""Build `directive.docx`, the docxtpl Word template for a Chỉ thị.

The template is a source asset: office staff open it in Word and restyle it
(fonts, spacing, the named paragraph styles `CT …`), and `drafting render` fills
it. This script is how the first version was made and how it can be remade from
scratch, with the project's environment (python-docx and `drafting` importable):

    .venv/bin/python templates/directive/build_templates.py

The output is byte-for-byte reproducible, so git only sees a change when the
layout changes.

Layout (Decree 30/2020/NĐ-CP, Appendix I; DESIGN.md §7): A4 portrait, margins
top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; page numbers centred
in the top margin from page 2 (first page has its own header); a borderless
two-column header table; `CHỈ THỊ` and the subject centred bold 14 pt with a short
rule; body 14 pt justified with a 1.27 cm first-line indent and 6 pt after; a
borderless two-column closing table (Nơi nhận | signature block).

User text only ever enters through `{{ … }}` placeholders, which `drafting.render`
fills with autoescape on, so a clerk's `{{`, `<` or `&` is printed, never run.

Rules (the short horizontal lines under the issuing body, the motto and the
subject) are top borders of small empty paragraphs with left/right indents: they
stay put when the text above changes, survive Word and LibreOffice alike, and
staff can lengthen one by dragging its indents.
"""
from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, Twips

from drafting.render import reproducible_zip

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"

PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
HEADER_DISTANCE = Mm(10)
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT          # 165 mm

# Header table: issuing body | national motto. Closing table: Nơi nhận | signature.
HEAD_LEFT, HEAD_RIGHT = Cm(6.3), TEXT_W - Cm(6.3)
CLOSE_LEFT, CLOSE_RIGHT = Cm(8.0), TEXT_W - Cm(8.0)
CELL_MARGIN = Twips(108)                               # Word's default left/right cell margin

# Rule lengths. The motto's rule is as long as `Độc lập - Tự do - Hạnh phúc` set
# in 13 pt bold Times New Roman (measured on the rendered page); the issuing
# body's and the subject's are within Decree 30's "1/3 to 1/2 of the line".
RULE_ISSUER = Cm(2.2)
RULE_MOTTO = Cm(5.6)
RULE_SUBJECT = Cm(4.5)

FIRST_LINE_INDENT = Cm(1.27)
BODY_SIZE = Pt(14)


# --- low-level helpers ---------------------------------------------------------

def _set_fonts(rpr, name: str = FONT) -> None:
    """Point every script slot at `name` and drop theme fonts, which would win."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _border(side: str, size_eighths: int = 6) -> OxmlElement:
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size_eighths))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), "000000")
    return el


_PBDR_SUCCESSORS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def _add_paragraph_border(paragraph, element) -> None:
    """Insert w:pBdr where the schema wants it (Word rejects it out of order)."""
    paragraph._p.get_or_add_pPr().insert_element_before(element, *_PBDR_SUCCESSORS)


def _format(paragraph, *, size: Pt | None = None, bold: bool = False, italic: bool = False,
            caps: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER, before: Pt = Pt(0),
            after: Pt = Pt(0), first_line=None, keep_next: bool = False) -> None:
    """Direct formatting for the fixed parts (header, title, closing): single
    spacing, no indent unless asked, and the paragraph mark formatted like its
    run so that an empty line has the right height."""
    pf = paragraph.paragraph_format
    pf.alignment = align
    pf.space_before, pf.space_after = before, after
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.first_line_indent = first_line if first_line is not None else Cm(0)
    pf.keep_with_next = keep_next or None
    for run in paragraph.runs:
        _run_format(run, size=size, bold=bold, italic=italic, caps=caps)
    if size is not None:
        ppr = paragraph._p.get_or_add_pPr()
        mark = ppr.find(qn("w:rPr"))
        if mark is None:
            mark = ppr.insert_element_before(OxmlElement("w:rPr"), "w:sectPr", "w:pPrChange")
        for tag in ("w:sz", "w:szCs"):
            el = OxmlElement(tag)
            el.set(qn("w:val"), str(int(size.pt * 2)))
            mark.append(el)


def _run_format(run, *, size=None, bold=False, italic=False, caps=False) -> None:
    font = run.font
    if size is not None:
        font.size = size
    font.bold = bold or None
    font.italic = italic or None
    font.all_caps = caps or None


def _para(container, text: str = "", **fmt):
    paragraph = container.add_paragraph()
    if text:
        paragraph.add_run(text)
    _format(paragraph, **fmt)
    return paragraph


def _tag(container, tag: str):
    """A paragraph that holds only a docxtpl `{%p … %}` tag (removed on render)."""
    paragraph = container.add_paragraph()
    paragraph.add_run(tag)
    return paragraph


def _rule(container, length, width) -> None:
    """A centred horizontal rule `length` long inside a box `width` wide."""
    paragraph = container.add_paragraph()
    _format(paragraph, size=Pt(2), before=Pt(3))     # clear of the descenders above
    side = Emu(max(0, int((width - length) / 2)))
    pf = paragraph.paragraph_format
    pf.left_indent = pf.right_indent = side
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(2)
    bdr = OxmlElement("w:pBdr")
    bdr.append(_border("top"))
    _add_paragraph_border(paragraph, bdr)


def _borderless_table(document, widths) -> "docx.table.Table":
    table = document.add_table(rows=1, cols=len(widths))
    tbl = table._tbl
    tblpr = tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    table.autofit = False
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(sum(widths) / 635)))
    for col, width in zip(table.columns, widths):
        col.width = width
    for cell, width in zip(table.rows[0].cells, widths):
        cell.width = width
    return table


def _cell(table, row: int, col: int):
    """The cell, emptied of the paragraph Word puts in every new cell (we add our own)."""
    cell = table.cell(row, col)
    for p in list(cell._tc.findall(qn("w:p"))):
        cell._tc.remove(p)
    return cell


def _page_field(paragraph) -> None:
    """A PAGE field as Word writes it (begin / instrText / separate / result / end)."""
    def run_with(child):
        run = paragraph.add_run()
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run("2")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


# --- document parts ------------------------------------------------------------

def _styles(document) -> None:
    """Defaults (Times New Roman 14, Vietnamese, black, no spacing) and one named
    paragraph style per body level, so staff restyle a level in one place."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), "28")
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "000000")
    rpr.find(qn("w:sz")).addprevious(color)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    normal = styles["Normal"]
    normal.font.name = FONT
    _set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = BODY_SIZE

    def body_style(name: str, base, **font):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = base
        style.quick_style = True
        for key, value in font.items():
            setattr(style.font, key, value)
        return style

    body = body_style("CT Body", normal)
    body.font.size = BODY_SIZE
    pf = body.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = FIRST_LINE_INDENT
    pf.space_before, pf.space_after = Pt(0), Pt(6)
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = 1.1
    pf.widow_control = True

    body_style("CT Part", body, bold=True, all_caps=True).paragraph_format.keep_with_next = True
    body_style("CT Item Title", body, bold=True).paragraph_format.keep_with_next = True
    body_style("CT Item", body)
    body_style("CT Point", body)
    body_style("CT Bullet", body)
    # The body's last paragraph goes with the signature block: a page holding
    # the signature and nothing of the text cannot be told apart from a forgery.
    body_style("CT Body Last", body).paragraph_format.keep_with_next = True
    cells = body_style("CT Table", normal)      # a cell of a table typed in the source
    cells.font.size = Pt(13)
    cells.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cells.paragraph_format.space_before = cells.paragraph_format.space_after = Pt(2)


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE
    section.different_first_page_header_footer = True

    header = section.header
    header.is_linked_to_previous = False
    number = header.paragraphs[0]
    _page_field(number)
    _format(number, size=Pt(14))

    first = section.first_page_header
    first.is_linked_to_previous = False
    first._element.remove(first.paragraphs[0]._p)
    _tag(first, "{%p if draft_mark %}")
    mark = _para(first, "{{ draft_mark }}", size=Pt(13), bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    box = OxmlElement("w:bdr")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "2"), ("w:color", "000000")):
        box.set(qn(key), value)
    mark.runs[0]._r.get_or_add_rPr().append(box)
    _tag(first, "{%p else %}")
    _para(first, size=Pt(2))
    _tag(first, "{%p endif %}")


def _header_block(document) -> None:
    table = _borderless_table(document, [HEAD_LEFT, HEAD_RIGHT])
    table.add_row()
    inner_left, inner_right = HEAD_LEFT - 2 * CELL_MARGIN, HEAD_RIGHT - 2 * CELL_MARGIN

    left = _cell(table, 0, 0)
    _tag(left, "{%p for line in issuer %}")
    _para(left, "{{ line }}", size=Pt(13), bold=True, caps=True)
    _tag(left, "{%p endfor %}")
    _rule(left, RULE_ISSUER, inner_left)

    right = _cell(table, 0, 1)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=Pt(13), bold=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=Pt(13), bold=True)
    _rule(right, RULE_MOTTO, inner_right)

    _para(_cell(table, 1, 0), "Số: {{ number }}", size=Pt(13), before=Pt(6))
    _para(_cell(table, 1, 1), "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}",
          size=Pt(14), italic=True, before=Pt(6))
    for row in table.rows:
        for cell, width in zip(row.cells, (HEAD_LEFT, HEAD_RIGHT)):
            cell.width = width


def _title_block(document) -> None:
    _para(document, "CHỈ THỊ", size=Pt(14), bold=True, before=Pt(18), keep_next=True)
    subject = _para(document, "{{ subject }}", size=Pt(14), bold=True, keep_next=True)
    subject.paragraph_format.left_indent = subject.paragraph_format.right_indent = Cm(1)
    _rule(document, RULE_SUBJECT, TEXT_W)
    _para(document, size=Pt(6), after=Pt(6))


def _source_table(document) -> None:
    """A table typed in the source (`| … | … |` lines): bordered, the first row
    bold and repeated on every page, as many columns as the source has (docxtpl's
    `{%tc %}` column loop; its own table fix sets the grid)."""
    table = document.add_table(rows=4, cols=3)
    table.style = document.styles["Table Grid"]
    header, open_rows, body, close_rows = table.rows
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row, texts, bold in ((header, ("{%tc for cell in para.header %}", "{{ cell }}", "{%tc endfor %}"), True),
                             (body, ("{%tc for cell in row %}", "{{ cell }}", "{%tc endfor %}"), None)):
        for cell, text in zip(row.cells, texts):
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles["CT Table"]
            paragraph.add_run(text).bold = bold
    for row, text in ((open_rows, "{%tr for row in para.rows %}"), (close_rows, "{%tr endfor %}")):
        row.cells[0].paragraphs[0].add_run(text)


def _body(document) -> None:
    """One loop over the body's paragraphs, one branch per level; each branch is
    a single paragraph in that level's style holding the paragraph's text as
    docxtpl rich text (its bold and italic stretches, escaped by the renderer),
    and a table branch for the source's tables."""
    _tag(document, "{%p for para in body %}")
    branches = [
        ("part", "CT Part"),
        ("item_title", "CT Item Title"),
        ("item", "CT Item"),
        ("point", "CT Point"),
        ("bullet", "CT Bullet"),
        ("last", "CT Body Last"),
    ]
    for i, (kind, style) in enumerate(branches):
        keyword = "if" if i == 0 else "elif"
        _tag(document, f'{{%p {keyword} para.kind == "{kind}" %}}')
        document.add_paragraph("{{r para.rich }}", style=style)
    _tag(document, '{%p elif para.kind == "table" %}')
    _source_table(document)
    _tag(document, "{%p else %}")
    document.add_paragraph("{{r para.rich }}", style="CT Body")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")


def _closing(document) -> None:
    table = _borderless_table(document, [CLOSE_LEFT, CLOSE_RIGHT])
    # The signature block never breaks across pages (the signer's name alone on
    # a page, away from the title, is what a clerk must never sign).
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left = _cell(table, 0, 0)
    _para(left, "Nơi nhận:", size=Pt(12), bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT,
          before=Pt(6))
    _tag(left, "{%p for entry in recipients %}")
    _para(left, "- {{ entry }}", size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    _tag(left, "{%p endfor %}")

    right = _cell(table, 0, 1)
    _para(right, "{{ signer.authority }}", size=Pt(14), bold=True, caps=True, before=Pt(6))
    _tag(right, "{%p if signer.signing_for %}")
    _para(right, "{{ signer.signing_for }}", size=Pt(14), bold=True, caps=True)
    _tag(right, "{%p endif %}")
    _para(right, "{{ signer.title }}", size=Pt(14), bold=True, caps=True)
    for _ in range(4):                      # room for the signature and the seal
        _para(right, size=Pt(14))
    _para(right, "{{ signer.name }}", size=Pt(14), bold=True)
    _para(document, size=Pt(2))             # Word wants a paragraph after a final table


def build(out: Path = HERE / "directive.docx") -> Path:
    document = docx.Document()
    _styles(document)
    _page_setup(document)
    _header_block(document)
    _title_block(document)
    _body(document)
    _closing(document)
    props = document.core_properties
    props.title = "Chỉ thị (mẫu)"
    props.author = "drafting"
    props.comments = "Mẫu Chỉ thị theo Nghị định 30/2020/NĐ-CP; điền bằng `drafting render`."
    buf = io.BytesIO()
    document.save(buf)
    out.write_bytes(reproducible_zip(buf.getvalue()))
    return out


if __name__ == "__main__":
    print(build())
