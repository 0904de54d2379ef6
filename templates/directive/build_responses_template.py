"""Build `responses.docx`, the Word template of the comment-response table.

The committed .docx is the source asset: office staff restyle it in Word (fonts,
widths, the sign-off) and `drafting table` fills it through docxtpl. This script
documents how it was made and rebuilds it from scratch:

    .venv/bin/python templates/directive/build_responses_template.py

Layout (DESIGN.md §6): A4 landscape, Times New Roman 13; the title, `Đối với …`,
the meeting line and the opening paragraph; a five-column bordered table whose
header row repeats on every page (`w:tblHeader`), group rows merged across the
full width (`w:gridSpan`) in bold, the decision label in bold at the start of
the response cell; a sign-off block at the right. Every wording comes from the
context (`comments.table.LABELS`), so the one template serves both languages.

Paragraph styles `Table Text` and `Table Heading` carry the table's spacing so
that staff can change it in one place.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.shared import Pt

OUT = Path(__file__).resolve().parent / "responses.docx"
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

# A4 landscape in twentieths of a point, 20 mm margins.
PAGE_W, PAGE_H, MARGIN = 16838, 11906, 1134
TEXT_W = PAGE_W - 2 * MARGIN                       # 14570
COLUMNS = (700, 3200, 2700, 4000, 3970)            # TT, draft text, delegate, comment, response
assert sum(COLUMNS) == TEXT_W
FONT = "Times New Roman"


def run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, style: str | None = None, align: str | None = None, keep_next: bool = False,
         first_line: int | None = None, before: int | None = None, after: int | None = None) -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if before is not None or after is not None:
        ppr += f'<w:spacing w:before="{before or 0}" w:after="{after or 0}"/>'
    if first_line is not None:
        ppr += f'<w:ind w:firstLine="{first_line}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def tag(text: str, style: str | None = None) -> str:
    """A paragraph holding only a docxtpl tag (`{%p …%}`): it vanishes on rendering."""
    return para(run(text), style=style)


def cell(width: int, *paragraphs: str, span: int = 1, valign: str = "top") -> str:
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}<w:vAlign w:val="{valign}"/></w:tcPr>'
            f"{''.join(paragraphs)}</w:tc>")


def row(*cells: str, header: bool = False, cant_split: bool = False) -> str:
    props = ("<w:cantSplit/>" if cant_split or header else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr>{'<w:trPr>' + props + '</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def full_row(text: str, *, bold: bool = False) -> str:
    """A row with one cell across the table: a group heading, or a `{%tr …%}` tag."""
    return row(cell(TEXT_W, para(run(text, bold=bold), style="TableText", keep_next=bold), span=len(COLUMNS)),
               cant_split=True)


def response_table() -> str:
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in COLUMNS)
    header = row(*(cell(w, para(run(f"{{{{ columns[{i}] }}}}"), style="TableHeading"), valign="center")
                   for i, w in enumerate(COLUMNS)), header=True)
    data = row(
        cell(COLUMNS[0], para(run("{{ row.number }}"), style="TableText", align="center")),
        cell(COLUMNS[1], para(run("{{ row.draft_text }}"), style="TableText")),
        cell(COLUMNS[2], para(run('{{ row.delegates | join("\\n") }}'), style="TableText")),
        cell(COLUMNS[3],
             tag("{%p for said in row.comments %}", "TableText"),
             para(run("{% if said.by %}{{ said.by }}: {% endif %}", italic=True), run("{{ said.text }}"),
                  style="TableText"),
             tag("{%p for reply in said.replies %}", "TableText"),
             para(run("– {{ reply }}", italic=True), style="TableText"),
             tag("{%p endfor %}", "TableText"),
             tag("{%p endfor %}", "TableText")),
        cell(COLUMNS[4],
             tag("{%p for answer in row.answers %}", "TableText"),
             para(run("{{ answer.label }}", bold=True),
                  run("{{ answer.rest }}"), style="TableText"),
             tag("{%p endfor %}", "TableText")),
    )
    return (f"<w:tbl {NS}><w:tblPr><w:tblW w:w=\"{TEXT_W}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
            f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
            '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            'w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
            f"{header}"
            f"{full_row('{%tr for group in groups %}')}"
            f"{full_row('{{ group.heading }}', bold=True)}"
            f"{full_row('{%tr for row in group.rows %}')}"
            f"{data}"
            f"{full_row('{%tr endfor %}')}"
            f"{full_row('{%tr endfor %}')}"
            "</w:tbl>")


def signoff_table() -> str:
    """A borderless two-column table: the sign-off centred in the right half."""
    half = TEXT_W // 2
    right = cell(half,
                 para(run("{{ signoff }}", bold=True), align="center", before=240),
                 tag("{%p if agency %}"),
                 para(run("{{ agency }}", bold=True), align="center"),
                 tag("{%p endif %}"))
    return (f'<w:tbl {NS}><w:tblPr><w:tblW w:w="{TEXT_W}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>'
            '<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{half}"/></w:tblGrid>'
            f"{row(cell(half, para('')), right, cant_split=True)}</w:tbl>")


def set_fonts(document) -> None:
    """Times New Roman 13 for every script, Vietnamese proofing, in the defaults and Normal."""
    styles = document.styles.element
    rpr = styles.find(".//{*}docDefaults/{*}rPrDefault/{*}rPr")
    for child in list(rpr):
        rpr.remove(child)
    rpr.append(parse_xml(f'<w:rFonts {NS} w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'))
    rpr.append(parse_xml(f'<w:sz {NS} w:val="26"/>'))
    rpr.append(parse_xml(f'<w:szCs {NS} w:val="26"/>'))
    rpr.append(parse_xml(f'<w:lang {NS} w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>'))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def add_table_styles(document) -> None:
    text = document.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = document.styles["Normal"]
    text.paragraph_format.space_before = Pt(2)
    text.paragraph_format.space_after = Pt(2)
    heading = document.styles.add_style("Table Heading", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = text
    heading.font.bold = True
    heading.paragraph_format.alignment = 1      # centre
    heading.paragraph_format.keep_with_next = True


def set_page(document) -> None:
    """A4 landscape, 20 mm margins, page number centred at the top from page 2."""
    section = document.sections[0]
    sectpr = section._sectPr
    for tag_name in ("pgSz", "pgMar"):
        old = sectpr.find(f"{{*}}{tag_name}")
        if old is not None:
            sectpr.remove(old)
    sectpr.insert(0, parse_xml(f'<w:pgMar {NS} w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" '
                               f'w:left="{MARGIN}" w:header="567" w:footer="567" w:gutter="0"/>'))
    sectpr.insert(0, parse_xml(f'<w:pgSz {NS} w:w="{PAGE_W}" w:h="{PAGE_H}" w:orient="landscape"/>'))
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = 1
    header._p.append(parse_xml(f'<w:fldSimple {NS} w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple>'))


def build(path: Path = OUT) -> Path:
    document = docx.Document()
    set_fonts(document)
    add_table_styles(document)
    set_page(document)
    body = document.element.body
    for p in body.findall("{*}p"):
        body.remove(p)
    parts = [
        para(run("{{ heading }}", bold=True), align="center"),
        tag("{%p if title_line %}"),
        para(run("{{ title_line }}", bold=True), align="center"),
        tag("{%p endif %}"),
        tag("{%p if meeting_line %}"),
        para(run("{{ meeting_line }}", italic=True), align="center"),
        tag("{%p endif %}"),
        para(run("{{ opening }}"), align="both", first_line=567, before=240, after=120),
        response_table(),
        para(""),
        signoff_table(),
        para(""),
    ]
    sectpr = body.find("{*}sectPr")
    for xml in parts:
        element = parse_xml(xml if xml.startswith("<w:tbl") else xml.replace("<w:p>", f"<w:p {NS}>", 1))
        sectpr.addprevious(element)
    document.core_properties.title = "Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý"
    document.core_properties.author = "drafting"
    document.save(path)
    return path


if __name__ == "__main__":
    print(build())
