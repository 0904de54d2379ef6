"""The parts of an opened .docx, by name, over python-docx's package.

python-docx holds the package (`docx.opc.package.OpcPackage`: parts, their
relationships, content types, and the zip it is saved to); this module gives
the engine what it needs of it in the engine's terms: a part by its name, its
live lxml tree (`part.element`, changed in place and saved by python-docx),
the parts it relates to, and new parts and relationships. `load` is
python-docx's `OpcPackage.open` with one difference: the WordprocessingML
parts python-docx keeps as bytes (notes, the newer comment parts) get a part
class of ours, `LazyXmlPart`, so that the engine can read and change them as
trees too, while one it only read is saved as the very bytes it came as.
"""
from __future__ import annotations

import io
from typing import Iterator

from docx.opc.oxml import serialize_part_xml
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.opc.pkgreader import PackageReader
from docx.oxml.parser import parse_xml
from docx.package import Package as DocxPackage
from lxml import etree

from .oxml.ns import COMMENT_PART_TYPES, THEME, WML

# Read as trees although python-docx keeps them as bytes: revisions and comments live
# there, and the theme names the fonts legacy text is recognised by.
LAZY_TYPES = frozenset((WML + "footnotes+xml", WML + "endnotes+xml", *COMMENT_PART_TYPES, THEME))


class BrokenPart(Exception):
    """An XML part python-docx's parser could not parse."""

    def __init__(self, name: str, cause: Exception):
        super().__init__(f"{name}: {cause}")
        self.name, self.cause = name, cause


class LazyXmlPart(Part):
    """An XML part parsed (by python-docx's parser) when first read; saved from
    its tree once asked for it to change (`element`), else as it was loaded."""

    def __init__(self, partname: PackURI, content_type: str, blob: bytes | None = None, package=None):
        super().__init__(partname, content_type, blob, package)
        self._tree: etree._Element | None = None
        self._changing = False

    def tree(self) -> etree._Element:
        """The part's tree, for reading."""
        if self._tree is None:
            try:
                self._tree = parse_xml(super().blob)
            except etree.XMLSyntaxError as exc:
                raise BrokenPart(part_name(self), exc) from None
        return self._tree

    @property
    def element(self) -> etree._Element:
        """The part's tree, for changing: the part is saved from it."""
        tree = self.tree()
        self._changing = True
        return tree

    @property
    def blob(self) -> bytes:
        return serialize_part_xml(self._tree) if self._changing else super().blob


def _part(partname: PackURI, content_type: str, reltype: str, blob: bytes, package) -> Part:
    """python-docx's part factory, with `LAZY_TYPES` read as `LazyXmlPart`s."""
    if content_type in LAZY_TYPES:
        return LazyXmlPart.load(partname, content_type, blob, package)
    try:
        return PartFactory(partname, content_type, reltype, blob, package)
    except etree.XMLSyntaxError as exc:
        raise BrokenPart(str(partname).lstrip("/"), exc) from None


def load(data: bytes) -> DocxPackage:
    """The package of .docx bytes, as python-docx's `OpcPackage.open` reads it."""
    package = DocxPackage()
    Unmarshaller.unmarshal(PackageReader.from_file(io.BytesIO(data)), package, _part)
    return package


def part_name(part: Part) -> str:
    """A part's name as the zip knows it (`word/document.xml`)."""
    return str(part.partname).lstrip("/")


class Package:
    """The parts of one python-docx package, by name. A part's tree
    (`root`) is the part itself: change it in place and `to_bytes` saves it."""

    def __init__(self, package: DocxPackage):
        self.opc = package
        self._parts: dict[str, Part] = {part_name(p): p for p in package.iter_parts()}

    # -- parts -----------------------------------------------------------------
    def __contains__(self, name: str) -> bool:
        return name in self._parts

    def part(self, name: str) -> Part:
        return self._parts[name]

    def names(self) -> list[str]:
        return list(self._parts)

    def blob(self, name: str) -> bytes:
        """The part's bytes as they are now (an XML part serialised from its tree)."""
        return self._parts[name].blob

    def root(self, name: str) -> etree._Element:
        """The XML part's live tree, to change: the part is saved from it."""
        part = self._parts[name]
        if not self.is_xml(name):
            raise TypeError(f"part {name} ({part.content_type}) is not an XML part")
        return part.element

    def peek(self, name: str) -> etree._Element:
        """The XML part's tree, to read only (a part only read is saved as it came)."""
        part = self._parts[name]
        return part.tree() if isinstance(part, LazyXmlPart) else self.root(name)

    def is_xml(self, name: str) -> bool:
        return isinstance(self._parts[name], (XmlPart, LazyXmlPart))

    def content_type(self, name: str) -> str:
        return self._parts[name].content_type

    def parts_of_type(self, content_types: tuple[str, ...]) -> list[str]:
        return [name for name, part in self._parts.items() if part.content_type in content_types]

    def add_part(self, name: str, content_type: str, root: etree._Element) -> None:
        """A new XML part; it is saved once a relationship names it."""
        self._parts[name] = XmlPart(PackURI("/" + name), content_type, root, self.opc)

    def add_blob_part(self, name: str, content_type: str, data: bytes) -> None:
        """A new part given as bytes (an image, an embedded file)."""
        self._parts[name] = Part(PackURI("/" + name), content_type, data, self.opc)

    def free_name(self, name: str) -> str:
        """`name`, or `name` with a number before its extension, not taken by a part."""
        candidate, n = name, 1
        stem, dot, ext = name.rpartition(".")
        while candidate in self._parts:
            candidate, n = f"{stem}{n}{dot}{ext}", n + 1
        return candidate

    # -- relationships ---------------------------------------------------------
    def _source(self, source: str):
        """The part named `source`, or the package itself for "" (package relationships)."""
        return self.opc if source == "" else self._parts[source]

    def relationships(self, source: str) -> Iterator:
        """`source`'s relationships (python-docx's: `reltype`, `rId`, `is_external`,
        `target_ref`, `target_part`)."""
        return iter(list(self._source(source).rels.values()))

    def relationship(self, source: str, rid: str):
        """`source`'s relationship with id `rid`, if any."""
        return self._source(source).rels.get(rid)

    def target(self, rel) -> str | None:
        """The name of the part an internal relationship targets."""
        return None if rel.is_external else part_name(rel.target_part)

    def related(self, source: str, reltype: str) -> str | None:
        """The name of the first internal part `source` relates to by `reltype`."""
        for rel in self.relationships(source):
            if rel.reltype == reltype and not rel.is_external:
                return part_name(rel.target_part)
        return None

    def relate(self, source: str, reltype: str, target: str, *, external: bool = False,
               rid: str | None = None) -> str:
        """Relate `source` to the part `target` (or to the address `target`,
        `external`), under `rid` or a free id; the relationship's id."""
        rels = self._source(source).rels
        goal = target if external else self._parts[target]
        if rid is not None and rid not in rels:
            return rels.add_relationship(reltype, goal, rid, external).rId
        if external:
            return rels.get_or_add_ext_rel(reltype, target)
        return rels.get_or_add(reltype, goal).rId

    def unrelate(self, source: str, reltypes: tuple[str, ...]) -> list[str]:
        """Drop `source`'s relationships of these types (a part no relationship
        names any more is not saved); the names of the parts they named."""
        rels = self._source(source).rels
        dropped = []
        for rel in list(rels.values()):
            if rel.reltype in reltypes:
                del rels[rel.rId]
                rels.related_parts.pop(rel.rId, None)
                if not rel.is_external:
                    dropped.append(part_name(rel.target_part))
        return dropped

    # -- writing ---------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The package as .docx bytes, saved by python-docx."""
        out = io.BytesIO()
        self.opc.save(out)
        return out.getvalue()
