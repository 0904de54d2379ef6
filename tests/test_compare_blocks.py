"""`compare` tells identical blocks (and formatting-only changes) by their
canonical XML: the same block is the same bytes whatever the document declares
around it, and different content is different bytes. NEW's blocks with the XML
of one of OLD's take its key, unless they show objects."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
from lxml import etree

from drafting.compare import compare
from drafting.versions import block_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def block(content: str, extra: str = 'xmlns:x="urn:a"', prefix: str = "w"):
    root = etree.fromstring(f'<{prefix}:document xmlns:{prefix}="{W}" {extra}>'
                            f'<{prefix}:body>{content}</{prefix}:body></{prefix}:document>')
    return root[0][0]


def test_a_block_reads_the_same_whatever_else_the_document_declares():
    old = block('<w:p><x:mark/></w:p>')
    new = block('<w:p><x:mark/></w:p>', extra='xmlns:x="urn:a" xmlns:y="urn:y" xmlns:v="urn:v"')
    assert block_xml(old) == block_xml(new)


def test_a_prefix_bound_to_another_namespace_makes_blocks_differ():
    assert block_xml(block('<w:p><x:mark/></w:p>')) != block_xml(block('<w:p><x:mark/></w:p>', extra='xmlns:x="urn:b"'))


def test_markup_inside_text_and_comments_is_content():
    a = block('<w:p><w:r><w:t>a &lt;w:p&gt; b</w:t></w:r><!-- </w:p><w:p> --></w:p>')
    b = block('<w:p><w:r><w:t>a &lt;w:p&gt; c</w:t></w:r><!-- </w:p><w:p> --></w:p>')
    assert block_xml(a) != block_xml(b)


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
