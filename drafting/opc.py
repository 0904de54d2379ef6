"""A lean Open Packaging (OPC) container: the zip of a .docx, its parts,
content types and relationships, read and written with lxml and zlib alone.

Why not python-docx's package: importing it costs more than the whole revision
of a short draft, and it re-compresses every part on save. Here a part that
was never parsed is written back as the very bytes it was read as (its
compressed data copied, not even inflated again), and a parsed part is
serialised once. Checking what a user's file may contain is not this module's
business: `drafting.package.open_package` checks the package and hands this
class a `parse` function that checks every part it parses.
"""
from __future__ import annotations

import copy
import struct
import zipfile
import zlib
from pathlib import PurePosixPath
from typing import Callable, Iterator

from lxml import etree

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "[Content_Types].xml"
# Outputs are written fast rather than small: level 1 deflates a 300-page
# document.xml three times faster than the default 6, for a file about 1.7 ×
# the size (a few hundred KB); unchanged parts keep their original compression.
COMPRESS_LEVEL = 1

_LOCAL_HEADER = struct.Struct("<4s5H3I2H")
_CENTRAL_HEADER = struct.Struct("<4s6H3I5H2I")
_END_RECORD = struct.Struct("<4s4H2IH")
_UTF8_NAMES = 0x800
_DOS_EPOCH = (0, (1 << 5) | 1)          # 1980-01-01 00:00: outputs do not depend on the clock


class Package:
    """The parts of one package, in their zip order.

    `root(name)` gives a part's live lxml tree to change in place; the part is
    then written from its tree. `peek(name)` gives the tree for reading only:
    the part is written as it was read, so a part nobody changes is copied,
    compressed bytes and all, at no cost."""

    def __init__(self, data: bytes, infos: list[zipfile.ZipInfo], read: Callable[[str], bytes],
                 parse: Callable[[str, bytes], etree._Element]):
        self._data = data                                   # the zip, for copying compressed parts
        self._infos = {info.filename: info for info in infos if not info.filename.endswith("/")}
        self._names = list(self._infos)
        self._read, self._parse = read, parse
        self._blobs: dict[str, bytes] = {}                  # inflated, replaced or added parts
        self._roots: dict[str, etree._Element] = {}         # parsed parts
        self._changed: set[str] = set()                     # parts written from their tree or blob
        self._shared: set[str] = set()                      # trees shared with a copy (see `copy`)

    def copy(self) -> "Package":
        """An independent copy. Changed trees are copied now; trees only read so
        far are shared until either package asks to change them (`root`)."""
        other = Package.__new__(Package)
        other._data, other._infos, other._read, other._parse = self._data, self._infos, self._read, self._parse
        other._names, other._blobs, other._changed = list(self._names), dict(self._blobs), set(self._changed)
        other._roots = {name: copy.deepcopy(root) if name in self._changed else root
                        for name, root in self._roots.items()}
        self._shared = other._shared = {name for name in self._roots if name not in self._changed}
        return other

    # -- parts -----------------------------------------------------------------
    def __contains__(self, name: str) -> bool:
        return name in self._names

    def blob(self, name: str) -> bytes:
        """The part's bytes as they are now."""
        if name in self._roots and name in self._changed:
            return serialise(self._roots[name])
        if name not in self._blobs:
            self._blobs[name] = self._read(name)
        return self._blobs[name]

    def parsed(self, name: str) -> bool:
        return name in self._roots

    def peek(self, name: str) -> etree._Element:
        """The part's XML tree for reading, parsed (and checked) on first use."""
        if name not in self._roots:
            self._roots[name] = self._parse(name, self.blob(name))
        return self._roots[name]

    def root(self, name: str) -> etree._Element:
        """The part's XML tree for changing: the part will be written from it."""
        root = self.peek(name)
        if name in self._shared:
            root = self._roots[name] = copy.deepcopy(root)
            self._shared = self._shared - {name}
        self._changed.add(name)
        return root

    def replace_blob(self, name: str, data: bytes) -> None:
        """Give the part new bytes (its tree, if parsed, is forgotten)."""
        self._roots.pop(name, None)
        self._blobs[name] = data
        self._changed.add(name)

    def add_part(self, name: str, content_type: str, root: etree._Element) -> None:
        self._names.append(name)
        self._roots[name] = root
        self._changed.add(name)
        self._override(name, content_type)

    def add_blob_part(self, name: str, content_type: str, data: bytes) -> None:
        """A part given as bytes (an image, an embedded file); typed by an
        override unless its extension's default type already says so."""
        default = self.content_type(name)
        self._names.append(name)
        self._blobs[name] = data
        self._changed.add(name)
        if default != content_type:
            self._override(name, content_type)

    def drop_part(self, name: str) -> None:
        self._names.remove(name)
        self._roots.pop(name, None)
        self._blobs.pop(name, None)
        self._changed.discard(name)
        types = self.root(CONTENT_TYPES)
        for el in types.findall(f"{{{CT_NS}}}Override"):
            if el.get("PartName", "").lstrip("/") == name:
                types.remove(el)
        rels = rels_name(name)
        if rels in self._names:
            self.drop_part(rels)

    # -- content types ---------------------------------------------------------
    def content_type(self, name: str) -> str:
        types = self.peek(CONTENT_TYPES)
        for el in types.iterfind(f"{{{CT_NS}}}Override"):
            if el.get("PartName", "").lstrip("/").lower() == name.lower():
                return el.get("ContentType", "")
        extension = PurePosixPath(name).suffix.lstrip(".").lower()
        for el in types.iterfind(f"{{{CT_NS}}}Default"):
            if el.get("Extension", "").lower() == extension:
                return el.get("ContentType", "")
        return ""

    def parts_of_type(self, content_types: tuple[str, ...]) -> list[str]:
        return [name for name in self._names if self.content_type(name) in content_types]

    def _override(self, name: str, content_type: str) -> None:
        types = self.root(CONTENT_TYPES)
        types.append(types.makeelement(f"{{{CT_NS}}}Override", {"PartName": f"/{name}", "ContentType": content_type}))

    # -- relationships ---------------------------------------------------------
    def relationships(self, source: str) -> list[etree._Element]:
        name = rels_name(source)
        return list(self.peek(name).iterfind(f"{{{PR_NS}}}Relationship")) if name in self._names else []

    def related(self, source: str, reltype: str) -> str | None:
        """The name of the first internal part `source` relates to by `reltype`."""
        for rel in self.relationships(source):
            if rel.get("Type") == reltype and rel.get("TargetMode") != "External":
                name = target_name(source, rel.get("Target", ""))
                if name in self._names:
                    return name
        return None

    def relationship(self, source: str, rid: str) -> etree._Element | None:
        """`source`'s relationship with id `rid` (Type, Target, TargetMode), if any."""
        return next((rel for rel in self.relationships(source) if rel.get("Id") == rid), None)

    def relate(self, source: str, reltype: str, target: str, *, external: bool = False,
               rid: str | None = None) -> str:
        """Add a relationship from `source` to the part `target` (or to the
        address `target`, `external`), under `rid` or a free id; its id."""
        name = rels_name(source)
        if name not in self._names:
            self.add_part(name, "application/vnd.openxmlformats-package.relationships+xml",
                          etree.Element(f"{{{PR_NS}}}Relationships", nsmap={None: PR_NS}))
        rels = self.root(name)
        if rid is None:
            taken = {rel.get("Id") for rel in rels}
            n = len(taken) + 1
            while f"rId{n}" in taken:
                n += 1
            rid = f"rId{n}"
        attrib = {"Id": rid, "Type": reltype, "Target": target if external else _relative(source, target)}
        if external:
            attrib["TargetMode"] = "External"
        rels.append(rels.makeelement(f"{{{PR_NS}}}Relationship", attrib))
        return rid

    def unrelate(self, source: str, reltypes: tuple[str, ...]) -> list[str]:
        """Drop `source`'s relationships of these types; the internal targets they named."""
        dropped = []
        for rel in self.relationships(source):
            if rel.get("Type") in reltypes:
                self.root(rels_name(source))
                rel.getparent().remove(rel)
                if rel.get("TargetMode") != "External":
                    dropped.append(target_name(source, rel.get("Target", "")))
        return dropped

    # -- writing ---------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The package as .docx bytes: parsed parts serialised, the others copied."""
        return write_zip(self._entries())

    def _entries(self) -> Iterator[tuple[str, bytes, int, int, int]]:
        names = sorted(self._names, key=lambda n: n != CONTENT_TYPES)     # content types first, as Word does
        for name in names:
            info = self._infos.get(name)
            raw = self._raw(info) if name not in self._changed and info is not None else None
            if raw is None:
                yield (name, *deflate(self.blob(name)))
            else:
                yield name, raw, info.CRC, info.file_size, info.compress_type

    def _raw(self, info: zipfile.ZipInfo) -> bytes | None:
        """A part's data as stored in the zip (compressed), behind its local
        header; None when that header does not name the part (a damaged or
        crafted zip: the part is then inflated, checked and compressed again)."""
        start = info.header_offset
        header = _LOCAL_HEADER.unpack_from(self._data, start) if start + _LOCAL_HEADER.size <= len(self._data) else None
        if header is None or header[0] != b"PK\x03\x04" or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return None
        name_at = start + _LOCAL_HEADER.size
        if self._data[name_at:name_at + header[9]] != info.orig_filename.encode("utf-8" if info.flag_bits & _UTF8_NAMES else "cp437"):
            return None
        data_at = name_at + header[9] + header[10]
        data = self._data[data_at:data_at + info.compress_size]
        return data if len(data) == info.compress_size else None


def rels_name(source: str) -> str:
    """The relationships part of part `source` (`word/_rels/document.xml.rels`)."""
    path = PurePosixPath(source)
    return str(path.parent / "_rels" / f"{path.name}.rels").lstrip("./")


def target_name(source: str, target: str) -> str:
    """The part name a relationship of `source` targets (relative or absolute)."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (PurePosixPath(source).parent / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


def _relative(source: str, target: str) -> str:
    """`target`'s name as a relationship of `source` writes it."""
    folder = str(PurePosixPath(source).parent)
    if folder in ("", "."):
        return target
    return target[len(folder) + 1:] if target.startswith(folder + "/") else "/" + target


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def deflate(data: bytes) -> tuple[bytes, int, int, int]:
    """(compressed data, CRC-32, size, method) of a part to write."""
    packer = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data), zipfile.ZIP_DEFLATED


def write_zip(entries) -> bytes:
    """A zip of (name, stored data, CRC-32, size, method) entries. The data is
    already compressed, so unchanged parts are copied without inflating them;
    no data descriptors, no zip64 (the package limits keep far below 4 GB)."""
    out, central = bytearray(), bytearray()
    count = 0
    for name, data, crc, size, method in entries:
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else _UTF8_NAMES
        offset = len(out)
        out += _LOCAL_HEADER.pack(b"PK\x03\x04", 20, flags, method, *_DOS_EPOCH, crc, len(data), size,
                                  len(encoded), 0)
        out += encoded
        out += data
        central += _CENTRAL_HEADER.pack(b"PK\x01\x02", 20, 20, flags, method, *_DOS_EPOCH, crc, len(data), size,
                                        len(encoded), 0, 0, 0, 0, 0, offset)
        central += encoded
        count += 1
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)
