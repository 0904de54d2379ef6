"""accept_all / reject_all on WordprocessingML trees."""
from __future__ import annotations

import copy
from pathlib import Path

from docx import Document

from drafting.oxml.accept import accept_all, reject_all
from drafting.oxml.ns import w
from drafting.oxml.text import paragraph_text
from support.revision_helpers import pandoc_plain, save, texts, xml_paragraph

REV = 'w:author="A" w:date="2021-02-01T00:00:00Z"'


def both(inner: str):
    """(accepted w:p, rejected w:p) of one paragraph made from `inner`."""
    p = xml_paragraph(inner)
    a, r = copy.deepcopy(p), copy.deepcopy(p)
    accept_all(a)
    reject_all(r)
    return a, r


def test_accept_keeps_inserted_text_and_drops_deleted_text():
    a, r = both(f'<w:ins w:id="1" {REV}><w:r><w:t>mới</w:t></w:r></w:ins>'
                f'<w:del w:id="2" {REV}><w:r><w:delText>cũ</w:delText></w:r></w:del>')
    assert paragraph_text(a) == "mới" and a.find(w("ins")) is None and a.find(w("del")) is None
    assert paragraph_text(r) == "cũ" and r.find(f".//{w('delText')}") is None


def test_deletion_nested_in_an_insertion_goes_either_way():
    a, r = both(f'<w:ins w:id="1" {REV}><w:r><w:t>giữ </w:t></w:r>'
                f'<w:del w:id="2" {REV}><w:r><w:delText>bỏ</w:delText></w:r></w:del></w:ins>')
    assert paragraph_text(a) == "giữ "
    assert paragraph_text(r) == ""


def test_moved_text_is_kept_at_its_destination_on_accept_and_its_origin_on_reject():
    a, r = both(f'<w:moveFrom w:id="1" {REV}><w:r><w:t>A</w:t></w:r></w:moveFrom>'
                f'<w:r><w:t>-</w:t></w:r><w:moveTo w:id="2" {REV}><w:r><w:t>A</w:t></w:r></w:moveTo>')
    assert paragraph_text(a) == "-A" and paragraph_text(r) == "A-"


def test_formatting_change_is_kept_on_accept_and_rolled_back_on_reject():
    a, r = both(f'<w:r><w:rPr><w:b/><w:rPrChange w:id="1" {REV}><w:rPr><w:i/></w:rPr></w:rPrChange>'
                '</w:rPr><w:t>x</w:t></w:r>')
    assert [c.tag for c in a.find(f"{w('r')}/{w('rPr')}")] == [w("b")]
    assert [c.tag for c in r.find(f"{w('r')}/{w('rPr')}")] == [w("i")]


def test_paragraph_property_change_rolls_back_but_keeps_the_mark_formatting():
    _, r = both(f'<w:pPr><w:jc w:val="center"/><w:rPr><w:b/></w:rPr>'
                f'<w:pPrChange w:id="1" {REV}><w:pPr><w:jc w:val="left"/></w:pPr></w:pPrChange></w:pPr>'
                '<w:r><w:t>x</w:t></w:r>')
    assert [c.tag for c in r.find(w("pPr"))] == [w("jc"), w("rPr")]
    assert r.find(f"{w('pPr')}/{w('jc')}").get(w("val")) == "left"


def test_deleted_paragraph_mark_joins_the_paragraph_to_the_next_which_keeps_its_properties():
    document = Document()
    xml_paragraph(f'<w:pPr><w:jc w:val="center"/><w:rPr><w:del w:id="1" {REV}/></w:rPr></w:pPr>'
                  '<w:r><w:t xml:space="preserve">đầu </w:t></w:r>', document)
    xml_paragraph('<w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t>cuối</w:t></w:r>', document)
    root = document.element
    rejected = copy.deepcopy(root)
    accept_all(root)
    reject_all(rejected)
    assert texts(root) == ["đầu cuối"]
    assert root.find(f".//{w('jc')}").get(w("val")) == "right"
    assert texts(rejected) == ["đầu ", "cuối"]


def test_inserted_paragraph_mark_is_joined_on_reject():
    document = Document()
    xml_paragraph(f'<w:pPr><w:rPr><w:ins w:id="1" {REV}/></w:rPr></w:pPr>'
                  f'<w:ins w:id="2" {REV}><w:r><w:t>mới</w:t></w:r></w:ins>', document)
    xml_paragraph('<w:r><w:t>cũ</w:t></w:r>', document)
    root = document.element
    reject_all(root)
    assert texts(root) == ["cũ"]


def test_tracked_rows_follow_their_revision():
    document = Document()
    table = document.add_table(rows=3, cols=1)
    for k, text in enumerate(("giữ", "mới", "cũ")):
        table.cell(k, 0).text = text
    rows = table._tbl.findall(w("tr"))
    for row, tag in ((rows[1], "ins"), (rows[2], "del")):
        trpr = row.get_or_add_trPr()
        trpr.append(trpr.makeelement(w(tag), {w("id"): str(len(tag)), w("author"): "A"}))
    accepted, rejected = copy.deepcopy(document.element), copy.deepcopy(document.element)
    accept_all(accepted)
    reject_all(rejected)
    assert texts(accepted) == ["giữ", "mới"]
    assert texts(rejected) == ["giữ", "cũ"]


def test_accept_and_reject_agree_with_pandoc_on_word_made_revisions(corpus, pandoc, tmp_path: Path):
    for name in ("WC053-Text-in-Cell-Mod.docx", "WC057-Table-Merged-Cell-Mod.docx"):
        for mode, transform in (("accept", accept_all), ("reject", reject_all)):
            document = Document(str(corpus / "WC" / name))
            transform(document.element)
            ours = save(document, tmp_path, f"{mode}-{Path(name).stem}")
            assert pandoc_plain(pandoc, ours) == pandoc_plain(pandoc, corpus / "WC" / name, mode)
