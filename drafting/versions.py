"""The two versions `compare` reads: each one's blocks (paragraphs and tables)
with their comparison keys and canonical XML, the objects a paragraph shows,
its sections, and its footnotes and endnotes."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from .oxml.ns import ENDNOTES_REL, FOOTNOTES_REL, HEADER_REL, M_NS, MC_NS, R_NS, w
from .oxml.text import (W_P, W_TBL, W_TC, W_TR, ancestor_within, iter_block_paragraphs, paragraph_text,
                        paragraph_texts, text_pieces)
from .package import Docx
from .reader import draft_from_document
from .text import nfc

W_PPR, W_RPR, W_TXBX = w("pPr"), w("rPr"), w("txbxContent")
W_DEL, W_MOVE_FROM = w("del"), w("moveFrom")
W_FOOTNOTE_REF, W_ENDNOTE_REF = w("footnoteReference"), w("endnoteReference")
NOTE_REFS = {W_FOOTNOTE_REF: FOOTNOTES_REL, W_ENDNOTE_REF: ENDNOTES_REL}     # reference → its notes part
# Run content that is not text but shows: each is one object of a paragraph's key.
OBJECT_TAGS = (w("drawing"), w("pict"), w("object"), w("sym"), W_FOOTNOTE_REF, W_ENDNOTE_REF,
               f"{{{M_NS}}}oMath")
NOT_ACCEPTED = frozenset({W_DEL, W_MOVE_FROM, f"{{{MC_NS}}}Fallback"})
OBJECT_TEXT = (w("t"), f"{{{M_NS}}}t")


@dataclass
class Block:
    """A paragraph or table of one version: its XML (`block_xml`: two blocks
    with the same bytes are the same in every respect) and its comparison key."""
    el: object
    xml: bytes
    key: str


def block_elements(container) -> list:
    """The blocks of a container: its paragraphs and tables (not those of a content control)."""
    return [el for el in container if el.tag in (W_P, W_TBL)]


def block_xml(el) -> bytes:
    """A block's XML such that equal bytes mean equal blocks: exclusive
    canonical XML, which declares only the namespaces the block uses, so that
    what the two documents declare around it does not count."""
    return etree.tostring(el, method="c14n", exclusive=True)


class Version:
    """One version: its document part, its notes, the keys of its blocks, the
    section (DESIGN §2) of each body paragraph, read on first use. OLD (`old`)
    is read at once and revised in place; NEW is only read."""

    def __init__(self, document: Docx, old: bool):
        self.document = document
        self.package = document.package
        self.part = document.main       # the part being compared: the one relationship ids belong to
        self._blob_hashes: dict[tuple[str, str], str] = {}
        self._texts: dict[object, str] = {}     # the reader's paragraph texts, once read
        self._keys: dict[object, str] = {}      # paragraph keys read in bulk (`_read`)
        self.notes = {rel: Notes.of(document, rel, changing=old) for rel in NOTE_REFS.values()}
        if old:
            self.sections   # the reader's paragraph texts then serve as keys too

    @cached_property
    def sections(self) -> dict[object, str]:
        draft = draft_from_document(self.document)
        self._draft = draft                 # keeps the paragraph elements (the keys) alive
        self._texts = {p.element: p.text for p in draft.paragraphs}
        return {p.element: p.section.id for p in draft.paragraphs}

    def blocks(self, container, elements: list, xml: list[bytes],
               known: dict[bytes, str] | None = None) -> list[Block]:
        """The blocks of `container` (`elements`) with their XML (`block_xml`)
        and keys; a block whose XML is in `known` (the other version's blocks)
        takes its key from there."""
        keys = [known.get(x) for x in xml] if known else [None] * len(elements)
        self._read(container, [el for el, key in zip(elements, keys) if key is None])
        return [Block(el, x, key if key is not None else self.key(el)) for el, x, key in zip(elements, xml, keys)]

    def _read(self, container, blocks: list) -> None:
        """The keys of the paragraphs of `blocks` (of `container`; their
        tables' too), in bulk: texts from the reader or `_paragraph_texts`,
        objects described only for the few paragraphs holding any. Read afresh
        on every call: a container read again (a note referred to twice) may
        have been revised since."""
        paragraphs = [p for p, _, _ in iter_block_paragraphs(blocks)]
        if not paragraphs:
            return
        unread = [p for p in paragraphs if p not in self._texts]
        # Every part is parsed without blank text (`open_package`), as `paragraph_texts` needs.
        texts = dict(zip(unread, map(nfc, paragraph_texts(container, unread)))) if unread else {}
        holders = {p for el in container.iter(OBJECT_TAGS) for p in el.iterancestors(W_P)}
        for p in paragraphs:
            text = texts[p] if p in texts else self._texts[p]
            self._keys[p] = self._paragraph_key(p, text) if p in holders else text

    def key(self, el) -> str:
        """Text (NFC: the same text however it was typed) and objects of a
        paragraph; of a table, its rows' keys."""
        if el.tag == W_P:
            key = self._keys.get(el)
            return key if key is not None else self._paragraph_key(el, nfc(paragraph_text(el)))
        return "\x00table\x00" + "\x1e".join(self.row_key(tr) for tr in el.iter(W_TR) if tr.getparent() is el)

    def _paragraph_key(self, p, text: str) -> str:
        objects = self.objects(p)
        return text if not objects else text + "\ufffc" + "\x1f".join(f"{at}:{d}" for at, d in objects)

    def row_key(self, tr) -> str:
        return "\x1f".join("\n".join(self.key(b) for b in tc if b.tag in (W_P, W_TBL)) for tc in tr.findall(W_TC))

    def objects(self, p) -> list[tuple[int, str]]:
        """(text offset, description) of each object the paragraph shows, in order."""
        found = object_elements(p)
        if not found:
            return []
        offsets, at = {}, 0
        pieces = dict(text_pieces(p))
        for el in p.iter():
            if el in pieces:
                at += len(pieces[el])
            offsets[el] = at
        return [(offsets[el], self.describe(el)) for el in found]

    def describe(self, el) -> str:
        """What an object is, independent of the package it sits in: its kind,
        its text (equations, text boxes), the content of the parts it refers
        to (an image's bytes). Note references are just references: the notes
        are compared on their own."""
        name = etree.QName(el).localname
        if el.tag in NOTE_REFS:
            return name
        texts = "".join(t.text or "" for t in el.iter(OBJECT_TEXT) if ancestor_within(t, el, NOT_ACCEPTED) is None)
        shape = "".join(etree.QName(d).localname for d in el.iter() if d.tag.startswith(f"{{{M_NS}}}"))
        blobs = ",".join(self._blob_hash(value) for d in el.iter() for attr, value in d.attrib.items()
                         if attr.startswith(f"{{{R_NS}}}"))
        return f"{name}[{texts}|{shape}|{blobs}]"

    def _blob_hash(self, rid: str) -> str:
        if (self.part, rid) not in self._blob_hashes:
            rel = self.package.relationship(self.part, rid)
            if rel is None:
                digest = "?"
            elif rel.is_external:
                digest = rel.target_ref
            else:
                digest = hashlib.sha1(self.package.blob(self.package.target(rel))).hexdigest()[:16]
            self._blob_hashes[(self.part, rid)] = digest
        return self._blob_hashes[(self.part, rid)]


def object_elements(p) -> list:
    """The objects the paragraph shows (`OBJECT_TAGS`), in order."""
    return [el for el in p.iter(OBJECT_TAGS) if shown_object(el, p)]


def shown_object(el, p) -> bool:
    """An object of `p` itself: not deleted, not a fallback copy, not inside
    another object (a picture in a text box is part of the text box)."""
    for ancestor in el.iterancestors():
        if ancestor is p:
            return True
        if ancestor.tag in NOT_ACCEPTED or ancestor.tag in OBJECT_TAGS or ancestor.tag == W_TXBX:
            return False
    return False


# What a property element of w:pPr / w:rPr is called in a summary (by local
# name, whatever prefix the document binds WordprocessingML to); others by their own name.
PROPERTY_NAMES = {
    "b": "bold", "bCs": "bold", "i": "italic", "iCs": "italic", "u": "underline", "sz": "size",
    "szCs": "size", "rFonts": "font", "color": "color", "highlight": "highlight", "shd": "shading",
    "strike": "strike", "dstrike": "strike", "rStyle": "style", "pStyle": "style", "vertAlign": "position",
    "caps": "caps", "smallCaps": "caps", "jc": "alignment", "ind": "indentation", "spacing": "spacing",
    "numPr": "numbering", "lang": "language",
}
# Not formatting: revision marks of formatting, the paragraph mark's own run
# properties (invisible), and editing session ids.
_NOT_FORMATTING = frozenset({"pPrChange", "rPrChange", "rPr", "sectPr"})


def _described(el) -> tuple:
    """An element as local names and values, without prefixes or rsid attributes."""
    attrs = tuple(sorted((etree.QName(k).localname, v) for k, v in el.attrib.items()
                         if not etree.QName(k).localname.startswith("rsid")))
    return etree.QName(el).localname, attrs, tuple(_described(c) for c in el if isinstance(c.tag, str))


def _properties(props, skip: frozenset = frozenset()) -> dict[str, tuple]:
    """A pPr's or rPr's properties by summary name."""
    found: dict[str, tuple] = {}
    for child in (props if props is not None else ()):
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name not in skip:
            key = PROPERTY_NAMES.get(name, name)
            found[key] = found.get(key, ()) + (_described(child),)
    return found


def formatting(p) -> tuple[dict[str, tuple], list[dict[str, tuple]]]:
    """A paragraph's formatting: its paragraph properties, and the run
    properties of each character of its text (Word splits runs at will)."""
    run_props: list[dict[str, tuple]] = []
    seen: dict[object, dict[str, tuple]] = {}
    for node, text in text_pieces(p):
        run = node.getparent()
        if run not in seen:
            seen[run] = _properties(run.find(W_RPR) if run is not None else None, _NOT_FORMATTING)
        run_props.extend([seen[run]] * len(text))
    return _properties(p.find(W_PPR), _NOT_FORMATTING), run_props


def formatting_changes(p, new_p) -> list[str]:
    """The names of the properties that differ between two paragraphs of the
    same text (`PROPERTY_NAMES`), in a stable order; none when only the markup differs."""
    (ppr, runs), (new_ppr, new_runs) = formatting(p), formatting(new_p)
    changed = {k for k in ppr.keys() | new_ppr.keys() if ppr.get(k) != new_ppr.get(k)}
    for a, b in zip(runs, new_runs):
        if a is not b and a != b:
            changed.update(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    return sorted(changed)


# -------------------------------------------------------------------- notes

class Notes:
    """The footnotes or endnotes part of one version (`name` in its package)."""

    def __init__(self, package, name: str, changing: bool):
        self.package, self.name = package, name
        self.root = package.root(name) if changing else package.peek(name)
        self.by_id = {n.get(w("id")): n for n in self.root}

    @classmethod
    def of(cls, document: Docx, reltype: str, changing: bool) -> "Notes | None":
        name = document.package.related(document.main, reltype)
        return cls(document.package, name, changing) if name is not None else None

    def add(self, note) -> str:
        """Append a note (from the other version) under a fresh id; the id."""
        number = max((int(i) for i in self.by_id if i and i.lstrip("-").isdigit()), default=0) + 1
        note.set(w("id"), str(number))
        self.root.append(note)
        self.by_id[str(number)] = note
        return str(number)


def body(document: Docx):
    return document.element.find(w("body"))


def story_parts(document: Docx, reltype: str) -> dict[tuple[int, str], str]:
    """The header (or footer) parts of a document by where the section
    properties name them: (k-th section, w:type) → part name."""
    tag = w("headerReference") if reltype == HEADER_REL else w("footerReference")
    found: dict[tuple[int, str], str] = {}
    for k, sect in enumerate(body(document).iter(w("sectPr"))):
        for ref in sect.iter(tag):
            rel = document.package.relationship(document.main, ref.get(f"{{{R_NS}}}id") or "")
            if rel is not None and not rel.is_external and rel.reltype == reltype:
                found.setdefault((k, ref.get(w("type")) or "default"), document.package.target(rel))
    return found


def note_refs(el) -> list:
    """The note references shown in `el` (not deleted), in order."""
    return [r for r in el.iter(*NOTE_REFS) if ancestor_within(r, el, NOT_ACCEPTED) is None]
