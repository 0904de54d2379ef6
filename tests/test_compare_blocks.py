"""`compare` tells identical blocks (and formatting-only changes) by their XML,
cut from one serialisation of each container: the cut must give each block's
bytes exactly, whatever the container holds, or not be used. NEW's blocks with
the XML of one of OLD's take its key, unless they show objects."""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import docx
from lxml import etree

from drafting.compare import _blocks_xml, _cut_blocks, compare
from drafting.oxml.text import W_P, W_TBL

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
V = "urn:schemas-microsoft-com:vml"


def body(content: str, prefix: str = "w", extra: str = 'xmlns:x="urn:a"'):
    root = etree.fromstring(f'<{prefix}:document xmlns:{prefix}="{W}" xmlns:v="{V}" {extra}>'
                            f'<{prefix}:body>{content}</{prefix}:body></{prefix}:document>')
    return root[0]


def blocks(container) -> list:
    return [el for el in container if el.tag in (W_P, W_TBL)]


def alone(el) -> bytes:
    """The block serialised by itself, without the namespace declarations
    copied onto it from the document's root."""
    xml = etree.tostring(el, encoding="utf-8")
    head = xml.index(b">")
    return re.sub(rb' xmlns:\w+="[^"]*"', b"", xml[:head]) + xml[head:]


TRICKY = (
    '<w:p><w:r><w:t>a &lt;w:p&gt; b</w:t></w:r><!-- </w:p><w:p> --></w:p>'
    '<w:bookmarkStart w:id="0" w:name="x"/>'
    '<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>in a control</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    '<w:tbl><w:tr><w:tc><w:p/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>'
    '<w:p w:rsidR="00A1"/>'
    '<w:p><w:pPr><w:jc w:val="right"/></w:pPr><?pi <w:p>?><w:r><w:pict><v:textbox><w:txbxContent>'
    '<w:p><w:r><w:t>in a text box</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></w:r></w:p>'
    '<w:customXml><w:p/></w:customXml>'
    '<w:sectPr/>')


def test_each_block_is_cut_exactly_as_it_serialises_alone():
    container = body(TRICKY)
    assert len(blocks(container)) == 4
    assert _cut_blocks(container, 4) == [alone(el) for el in blocks(container)]


def test_blocks_are_not_cut_under_another_prefix():
    assert _cut_blocks(body("<ns0:p/><ns0:p/>", prefix="ns0"), 2) is None


def test_a_prefix_bound_alike_lets_blocks_be_compared_by_their_cut_bytes():
    old, new = body('<w:p><x:mark/></w:p>'), body('<w:p><x:mark/></w:p>', extra='xmlns:x="urn:a" xmlns:y="urn:y"')
    assert _blocks_xml(old, blocks(old), new, blocks(new)) == ([b"<w:p><x:mark/></w:p>"], [b"<w:p><x:mark/></w:p>"])


def test_a_prefix_bound_to_another_namespace_makes_blocks_serialise_alone():
    old, new = body('<w:p><x:mark/></w:p>'), body('<w:p><x:mark/></w:p>', extra='xmlns:x="urn:b"')
    old_xml, new_xml = _blocks_xml(old, blocks(old), new, blocks(new))
    assert old_xml != new_xml


def png(red: int) -> bytes:
    """A 1×1 PNG of the given red."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes([0, red, 0, 0]))) + chunk(b"IEND", b""))


def test_an_image_changed_under_the_same_xml_is_a_changed_paragraph(tmp_path):
    paths = []
    for name, red in (("old", 0), ("new", 255)):
        document = docx.Document()
        document.add_paragraph("Trước hình.")
        document.add_picture(io.BytesIO(png(red)))
        document.save(tmp_path / f"{name}.docx")
        paths.append(tmp_path / f"{name}.docx")
    old_xml, new_xml = (zipfile.ZipFile(p).read("word/document.xml") for p in paths)
    assert old_xml == new_xml
    assert [(c.kind, c.before, c.after) for c in compare(*paths).changes] == [("replace", "\ufffc", "\ufffc")]


def test_a_note_part_written_with_blank_text_reads_as_the_same_text(corpus, tmp_path):
    """Notes parts are parsed with their blank text (indentation between
    elements), which the document part's fast text reading may not meet."""
    old = corpus / "WC" / "WC063-Footnote.docx"
    new = tmp_path / "indented-notes.docx"
    with zipfile.ZipFile(old) as source, zipfile.ZipFile(new, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/footnotes.xml":
                root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
            target.writestr(info, data)
    result = compare(old, new)
    assert result.stats.modified == 0 and result.stats.identical == result.stats.paragraphs_old


def test_blocks_are_not_cut_when_wordprocessingml_may_have_another_prefix_or_w_another_namespace():
    assert _cut_blocks(body('<w:p/><ww:p/>', extra=f'xmlns:ww="{W}"'), 2) is None
    assert _cut_blocks(body(f'<w:p/><w:p><x:r xmlns:ww="{W}"><ww:p/></x:r></w:p>'), 2) is None
    assert _cut_blocks(body('<w:p/><w:p><w:r xmlns:w="urn:z"><w:p/></w:r></w:p>'), 2) is None


def test_blocks_are_cut_with_other_namespaces_declared_inside():
    container = body('<w:p><w:r><a:graphic xmlns:a="urn:drawing"/></w:r></w:p><w:p/>')
    assert _cut_blocks(container, 2) == [alone(el) for el in blocks(container)]
