"""Opening .docx packages safely and writing outputs atomically.

Everything that reads a user's .docx goes through `open_package` (a `Docx`:
the package as python-docx opens it, its parts by name in `drafting.opc`). It
checks what the file is before python-docx sees it, so that a broken or hostile
file gets a one-line `InputError` naming the file and the problem, instead of a
traceback, an exhausted machine or a leaked local file.

What is refused, and why:

- Not a zip, a truncated or damaged zip, an empty file, and the formats people
  mistake for .docx (legacy Word 97-2003 .doc, RTF, PDF): a zip reader would
  fail with an unhelpful exception.
- Encrypted (password-protected) documents: Word stores them as an OLE
  container holding an `EncryptionInfo` stream; we cannot read them.
- Macro-enabled documents (.docm/.dotm): refused rather than converted. The
  outputs are .docx, which cannot hold macros, so carrying on would silently
  drop them; and a government draft has no business carrying macros. The
  message asks the user to save the file as .docx, which is a visible choice.
- Templates (.dotx), workbooks, presentations and Strict Open XML documents:
  not what the revision engine understands.
- Zip bombs: the sizes in the zip directory are checked before anything is
  unpacked (Python's zipfile never unpacks more than the declared size, so the
  directory cannot lie about it). Limits, read from the environment on every
  call so that a user can raise them for an unusual file:

  ``DRAFTING_MAX_FILE_BYTES``   size of the .docx file itself (default 256 MiB)
  ``DRAFTING_MAX_PART_BYTES``   unpacked size of one part (default 256 MiB)
  ``DRAFTING_MAX_TOTAL_BYTES``  unpacked size of all parts (default 1 GiB)
  ``DRAFTING_MAX_RATIO``        compression ratio of a part over 1 MiB (default 1000)

  The unpacked sizes are what protect the machine; the ratio only catches what
  honest data never does. Deflate, the method Word uses, tops out near 1030:1,
  reached only by a byte or two repeated (a part of zeros); the most repetitive
  honest XML (a million empty runs or paragraphs) compresses 400 to 690:1. So
  a ratio over 1000:1 means zeros in bulk or another compression method
  (bzip2, LZMA: millions to one), which is how zip bombs are built.
  ``DRAFTING_MAX_PARTS``        number of parts (default 10000)

- Any XML part with a document type declaration (``<!DOCTYPE``). Word never
  writes one; it is how XML external entities (reading a local file into the
  document) and entity expansion bombs ("billion laughs") get in. Our parsers
  are built with ``resolve_entities=False``, ``no_network=True`` and
  ``load_dtd=False``, so they fetch nothing, but they keep unresolved entity
  references in the tree, which would be written back out as broken XML; and
  python-docx's own parser resolves no entities either. Refusing the declaration
  outright, in every XML part, before any parser sees it, is the one rule that
  protects all of them.
- Part names that are not names inside the package: with a `..` segment, an
  absolute path (`/x`, `C:x`) or a backslash. A zip tool would unpack such a
  part outside its folder, and we would copy it into outputs Word and
  LibreOffice cannot open.
- Relationships whose internal target leaves the package (`../../x` past the
  package root): no part can be there.
- Broken XML in any XML part (nesting deeper than libxml2's limit of 256 levels
  included, which no Word document comes near), a package without a main
  document part, or a main document part that is not a WordprocessingML
  document with a body.
"""
from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Union

from lxml import etree

from . import opc
from .errors import InputError
from .legacy import LegacyReport, convert_package, to_docx_bytes
from .oxml.ns import (COMMENTS_REL, CORE_NS, CORE_PROPERTIES_REL, CT_NS, MC_NS, NUMBERING_REL, OFFICE_DOCUMENT_REL,
                      PR_NS, STRICT_OFFICE_DOCUMENT_REL, STYLES_REL, W_NS, WML_COMMENTS, WML_MAIN, WORD_PART_TYPES)

if TYPE_CHECKING:
    import docx.document

CONTENT_TYPES = "[Content_Types].xml"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

# Limits on what a package may unpack to; generous for real drafts (a 300-page
# directive is a few MB), far below what a zip bomb needs.
LIMITS = {
    "DRAFTING_MAX_FILE_BYTES": 256 * 1024 * 1024,
    "DRAFTING_MAX_FEEDBACK_BYTES": 256 * 1024 * 1024,
    "DRAFTING_MAX_PART_BYTES": 256 * 1024 * 1024,
    "DRAFTING_MAX_TOTAL_BYTES": 1024 * 1024 * 1024,
    "DRAFTING_MAX_RATIO": 1000,
    "DRAFTING_MAX_PARTS": 10_000,
}
# A part smaller than this may compress as well as it likes: it cannot hurt.
RATIO_FLOOR_BYTES = 1024 * 1024

# The parser for every part we read ourselves: no entity substitution, no DTD
# loading, no network, no huge-tree mode (libxml2's depth and size limits stay on).
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_blank_text=False)
DOCTYPE_NEEDLES = tuple("<!DOCTYPE".encode(enc) for enc in
                        ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))


def limit(name: str) -> int:
    """The limit `name` (one of LIMITS), from the environment if set there."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return LIMITS[name]
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(f"environment variable {name}={raw!r} must be a positive whole number")
    return value


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _xml_problem(exc: Exception) -> str:
    """A parser's complaint in our words where libxml2's would mislead (it tells
    the user to switch on XML_PARSE_HUGE, an option of a library they never see)."""
    if "Excessive depth" in str(exc):
        return "its elements are nested more than 256 levels deep, which no Word document is"
    return _one_line(exc)


def read_input(path: str | Path, kind: str = "a .docx file", limit_name: str = "DRAFTING_MAX_FILE_BYTES") -> bytes:
    """The bytes of the user's file `path` (`kind` names what it should be),
    never more than the size limit even if the file grows while being read, and
    never from a device or pipe, which may never end."""
    path = Path(path)
    max_bytes = limit(limit_name)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: is a folder, not {kind}")
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: not a regular file (a device, pipe or socket)")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except PermissionError:
        raise InputError(f"{path}: cannot read: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: the file is over the limit of {max_bytes} bytes ({limit_name})")
    return data


def _refuse_other_formats(path: Path, data: bytes) -> None:
    if not data:
        raise InputError(f"{path}: the file is empty")
    if data.startswith(OLE_MAGIC):
        if ENCRYPTION_INFO in data:
            raise InputError(f"{path}: the document is encrypted (password-protected); save an unprotected copy and try again")
        raise InputError(f"{path}: this is a legacy Word 97-2003 .doc file, not .docx; open it in Word or LibreOffice and save it as .docx")
    head = data[:16].lstrip()
    if head.startswith(b"{\\rtf"):
        raise InputError(f"{path}: this is an RTF file, not .docx; open it in Word or LibreOffice and save it as .docx")
    if head.startswith(b"%PDF"):
        raise InputError(f"{path}: this is a PDF file, not .docx")


def check_zip_limits(path: str | Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a package whose zip directory promises more than the limits allow."""
    max_parts = limit("DRAFTING_MAX_PARTS")
    if len(infos) > max_parts:
        raise InputError(f"{path}: the package has {len(infos)} parts, more than the limit of {max_parts} (DRAFTING_MAX_PARTS)")
    max_part, max_total, max_ratio = (limit("DRAFTING_MAX_PART_BYTES"), limit("DRAFTING_MAX_TOTAL_BYTES"),
                                      limit("DRAFTING_MAX_RATIO"))
    total = 0
    seen: set[str] = set()
    for info in infos:
        _check_part_name(path, info.filename)
        if info.filename in seen:
            raise InputError(f"{path}: the package holds two parts named {info.filename}; refusing an ambiguous package")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise InputError(f"{path}: part {info.filename} is encrypted; save an unprotected copy and try again")
        size = info.file_size
        total += size
        if size > max_part:
            raise InputError(f"{path}: part {info.filename} would unpack to {size} bytes, over the limit of {max_part} (DRAFTING_MAX_PART_BYTES)")
        if size > RATIO_FLOOR_BYTES and size > max_ratio * max(info.compress_size, 1):
            raise InputError(f"{path}: part {info.filename} has a compression ratio of {size // max(info.compress_size, 1)}:1, "
                             f"over the limit of {max_ratio}:1 (DRAFTING_MAX_RATIO); refusing a possible zip bomb")
    if total > max_total:
        raise InputError(f"{path}: the package would unpack to {total} bytes, over the limit of {max_total} (DRAFTING_MAX_TOTAL_BYTES)")


def _check_part_name(path: str | Path, name: str) -> None:
    """Refuse a zip entry whose name is not a name inside the package."""
    problem = None
    if "\\" in name:
        problem = "a backslash"
    elif name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        problem = "an absolute path"
    elif ".." in name.split("/"):
        problem = "a '..' segment that leaves the package"
    if problem is not None:
        raise InputError(f"{path}: the package holds a part named {name!r}, with {problem}; "
                         "refusing a package whose parts would be stored outside it")


def _check_relationship_targets(path: str | Path, rels_name: str, rels: etree._Element) -> None:
    """Refuse an internal relationship whose target climbs above the package root."""
    source_dir = PurePosixPath(rels_name).parent.parent        # word/_rels/x.rels → word
    for rel in rels.iter(f"{{{PR_NS}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or target.startswith("/"):
            continue
        depth = len(source_dir.parts) if str(source_dir) != "." else 0
        for segment in target.split("/"):
            depth += -1 if segment == ".." else 0 if segment in ("", ".") else 1
            if depth < 0:
                raise InputError(f"{path}: relationship {rel.get('Id')} of {rels_name} targets {target!r}, "
                                 "outside the package; refusing the file")


def read_part(path: str | Path, zf: zipfile.ZipFile, name: str) -> bytes:
    """The unpacked bytes of part `name`, or an InputError if the zip data is damaged."""
    try:
        return zf.read(name)
    except KeyError:
        raise InputError(f"{path}: broken package: part {name} is missing") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError) as exc:
        raise InputError(f"{path}: damaged package: cannot unpack part {name} ({_one_line(exc)})") from None


def parse_part_xml(path: str | Path, name: str, data: bytes, parser=XML_PARSER) -> etree._Element:
    """Part `name`'s XML root, parsed without entities, DTDs or network access;
    an InputError for broken XML or any document type declaration."""
    if _has_doctype(data):
        raise _doctype_error(path, name)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: broken XML in part {name}: {_xml_problem(exc)}") from None
    if root.getroottree().docinfo.doctype:  # declared in an encoding the byte check cannot see
        raise _doctype_error(path, name)
    return root


def _doctype_error(path: str | Path, name: str) -> InputError:
    return InputError(f"{path}: part {name} contains a document type declaration (<!DOCTYPE>), which Word never "
                      "writes and which can be used to read local files; refusing the file")


def _package_structure(path: Path, zf: zipfile.ZipFile) -> tuple[list[str], str, str]:
    """The names of the XML parts, the main part and its content type, after
    checking the content types and the package relationships."""
    names = set(zf.namelist())
    if CONTENT_TYPES not in names:
        raise InputError(f"{path}: not a .docx file (no [Content_Types].xml in the package)")
    types = parse_part_xml(path, CONTENT_TYPES, read_part(path, zf, CONTENT_TYPES))
    defaults = {el.get("Extension", "").lower(): el.get("ContentType", "") for el in types.iter(f"{{{CT_NS}}}Default")}
    overrides = {el.get("PartName", "").lstrip("/").lower(): el.get("ContentType", "") for el in types.iter(f"{{{CT_NS}}}Override")}

    def content_type(name: str) -> str:
        return overrides.get(name.lower()) or defaults.get(PurePosixPath(name).suffix.lstrip(".").lower(), "")

    xml_parts = [name for name in sorted(names - {CONTENT_TYPES}) if not name.endswith("/") and
                 (name.lower().endswith((".xml", ".rels")) or content_type(name).endswith("xml"))]
    for name in xml_parts:
        if name.endswith(".rels"):
            _check_relationship_targets(path, name, parse_part_xml(path, name, read_part(path, zf, name)))
    rels = "_rels/.rels"
    main = main_part_name(path, parse_part_xml(path, rels, read_part(path, zf, rels)) if rels in names else None)
    if main not in names:
        raise InputError(f"{path}: broken package: the main document part {main} is missing")
    return xml_parts, main, content_type(main)


def _check_root(path: str | Path, name: str, root: etree._Element) -> None:
    if root.getroottree().docinfo.doctype:  # declared in an encoding the byte check cannot see
        raise _doctype_error(path, name)
    if root.tag.startswith(f"{{{W_NS}}}"):
        _check_run_content(path, name, root)


def main_part_name(path: str | Path, package_rels: etree._Element | None) -> str:
    """The name of the main document part, from the package relationships."""
    if package_rels is None:
        raise InputError(f"{path}: broken package: no package relationships (_rels/.rels)")
    for rel in package_rels.iter(f"{{{PR_NS}}}Relationship"):
        if rel.get("Type") == STRICT_OFFICE_DOCUMENT_REL:
            raise InputError(f"{path}: this is a Strict Open XML document, which is not supported; "
                             "save it in Word as \"Word Document (*.docx)\"")
        if rel.get("Type") == OFFICE_DOCUMENT_REL and rel.get("TargetMode") != "External":
            return rel.get("Target", "").lstrip("/")
    raise InputError(f"{path}: broken package: no main document part (no officeDocument relationship)")


def _check_main_part(path: Path, name: str, ctype: str, root: etree._Element | None) -> None:
    _check_main_type(path, ctype)
    if root is None or root.tag != f"{{{W_NS}}}document":
        raise InputError(f"{path}: broken package: the main part {name} is not a WordprocessingML document")
    if root.find(f"{{{W_NS}}}body") is None:
        raise InputError(f"{path}: broken package: the document part {name} has no body")


def _check_main_type(path: Path, ctype: str) -> None:
    if "macroEnabled" in ctype:
        raise InputError(f"{path}: macro-enabled Word documents (.docm) are not supported, because the outputs "
                         "cannot carry macros; save it as a Word Document (.docx) and try again")
    if ctype != WML_MAIN:
        if "wordprocessingml.template" in ctype:
            problem = "this is a Word template (.dotx); save it as a Word Document (.docx)"
        elif "spreadsheetml" in ctype:
            problem = "this is an Excel workbook, not a Word document"
        elif "presentationml" in ctype:
            problem = "this is a PowerPoint presentation, not a Word document"
        else:
            problem = f"not a Word document (main part content type {ctype or 'missing'!r})"
        raise InputError(f"{path}: {problem}")


# Text lives only in runs, and a run never holds a tracked change (a w:ins in a
# w:rPr is a property revision, a child of the w:rPr, not of the w:r). Word
# calls a file that breaks either rule corrupt; the reader and the revision
# engine rely on both.
RUN_TEXT = tuple(f"{{{W_NS}}}{t}" for t in ("t", "delText", "instrText", "delInstrText"))
TEXT_REVISIONS = tuple(f"{{{W_NS}}}{t}" for t in ("ins", "del", "moveFrom", "moveTo"))
W_R = f"{{{W_NS}}}r"
W_PREFIX = f"{{{W_NS}}}"
# The WordprocessingML elements a run may sit in (ECMA-376 EG_PContent and the
# groups it includes); parents from other namespaces (math, markup compatibility)
# are left alone.
RUN_PARENTS = {f"{{{W_NS}}}{t}" for t in ("p", "hyperlink", "ins", "del", "moveFrom", "moveTo", "smartTag",
                                           "customXml", "sdtContent", "fldSimple", "bdo", "dir", "rt", "rubyBase")}


# Run content may be alternate content (Word 365 writes an emoji as
# w:r/mc:AlternateContent/mc:Choice/w16se:symEx with a mc:Fallback holding its w:t).
MC_BRANCHES = {f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"}


def _in_run_branch(el: etree._Element) -> bool:
    """Whether run text `el` sits in a branch of alternate content directly in a run."""
    branch = el.getparent()
    if branch.tag not in MC_BRANCHES:
        return branch.tag == W_R
    content = branch.getparent()
    return content is not None and content.getparent() is not None and content.getparent().tag == W_R


def _check_run_content(path: str | Path, name: str, root: etree._Element) -> None:
    """Refuse the part if any run, run text or tracked change breaks the rules
    above. The hot path collects only the set of parent tags (a few ms on a
    300-page draft); the element to name is looked for only when one is wrong."""
    run_parents = {el.getparent().tag for el in root.iter(W_R)}
    text_parents = {el.getparent().tag for el in root.iter(*RUN_TEXT)}
    revision_parents = {el.getparent().tag for el in root.iter(*TEXT_REVISIONS)}
    if all(not t.startswith(W_PREFIX) for t in run_parents - RUN_PARENTS) \
            and text_parents <= {W_R, *MC_BRANCHES} and W_R not in revision_parents \
            and (not text_parents & MC_BRANCHES or all(_in_run_branch(el) for el in root.iter(*RUN_TEXT))):
        return
    for el in root.iter(W_R, *RUN_TEXT, *TEXT_REVISIONS):
        tag, parent = etree.QName(el).localname, el.getparent().tag
        if parent in MC_BRANCHES and el.tag in RUN_TEXT and _in_run_branch(el):
            continue
        if el.tag == W_R:
            if parent not in RUN_PARENTS and parent.startswith(W_PREFIX):
                raise InputError(f"{path}: broken document: part {name} has a run (w:r) "
                                 f"inside w:{etree.QName(parent).localname}")
        elif el.tag in TEXT_REVISIONS:
            if parent == W_R:
                raise InputError(f"{path}: broken document: part {name} has a tracked change (w:{tag}) inside a run")
        elif parent != W_R:
            raise InputError(f"{path}: broken document: part {name} has text (w:{tag}) outside a run, "
                             f"inside w:{etree.QName(parent).localname}")


def _checked_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    """The package as an open zip, after the checks that need no parsing."""
    _refuse_other_formats(path, data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise InputError(f"{path}: not a .docx file (not a valid zip package, or truncated: {_one_line(exc)})") from None
    check_zip_limits(path, infos)
    return zf


Source = Union[str, Path, bytes, "docx.document.Document"]


class Docx:
    """An opened .docx: the python-docx `Document` and its package's parts by
    name (`package`, a `drafting.opc.Package`). Its trees are live:
    `to_bytes` saves them, through python-docx."""

    def __init__(self, package: opc.Package, path: Path | None = None):
        self.package, self.path = package, path
        self.main = opc.part_name(package.opc.main_document_part)
        self.legacy: LegacyReport | None = None      # what was converted from TCVN3/VNI, if anything

    @property
    def document(self) -> "docx.document.Document":
        """The python-docx Document, to go on with python-docx."""
        return self.package.opc.main_document_part.document

    @property
    def element(self) -> etree._Element:
        """The main document part's root (`w:document`)."""
        return self.package.root(self.main)

    def related_root(self, reltype: str) -> etree._Element | None:
        """The root of a part the main part relates to, for reading."""
        name = self.package.related(self.main, reltype)
        return self.package.peek(name) if name is not None else None

    def numbering_roots(self) -> tuple[etree._Element | None, etree._Element | None]:
        """The numbering part's root and the styles part's (either None when absent)."""
        return self.related_root(NUMBERING_REL), self.related_root(STYLES_REL)

    def core_property(self, name: str) -> str:
        """A core (Dublin Core) property's text, such as `lastModifiedBy`; "" when
        absent (read without python-docx's `core_properties`, which adds the part)."""
        part = self.package.related("", CORE_PROPERTIES_REL)
        if part is None:
            return ""
        el = self.package.peek(part).find(f"{{{CORE_NS}}}{name}")
        return (el.text or "") if el is not None else ""

    def text_parts(self) -> list[str]:
        """Every WordprocessingML part: where revisions, comments and their ids live."""
        return self.package.parts_of_type(WORD_PART_TYPES)

    def top_id(self) -> int:
        """The largest numeric `w:id` of the WordprocessingML parts (revisions,
        comments and bookmarks): new ones start above it."""
        values = (v for name in self.text_parts() for v in _W_IDS(self.package.peek(name)))
        return max((int(v) for v in values if v.lstrip("-").isdigit()), default=0)

    def comments_root(self) -> etree._Element:
        """The comments part's root (`w:comments`), added to the package when absent."""
        from docx.opc.packuri import PackURI
        from docx.parts.comments import CommentsPart

        name = self.package.related(self.main, COMMENTS_REL)
        if name is None:
            part = CommentsPart.default(self.package.opc)
            name = self.package.free_name(opc.part_name(part))
            part.partname = PackURI("/" + name)
            self.package.add_part(name, WML_COMMENTS, part.element)
            self.package.relate(self.main, COMMENTS_REL, name)
        return self.package.root(name)

    def drop_related(self, reltypes: tuple[str, ...]) -> None:
        """Remove the main part's relationships of these types (their parts go with them)."""
        self.package.unrelate(self.main, reltypes)

    def to_bytes(self) -> bytes:
        return self.package.to_bytes()


_W_IDS = etree.XPath(".//@w:id", namespaces={"w": W_NS})


def source_bytes(source: Source) -> tuple[Path, bytes]:
    """The name to report and the bytes of a .docx given as a path, as bytes or
    as a python-docx Document (saved, so that it is checked like a file)."""
    if isinstance(source, (str, Path)):
        return Path(source), read_input(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return Path("<bytes>"), bytes(source)
    save = getattr(source, "save", None)
    if save is None:
        raise TypeError(f"expected a path, bytes or a python-docx Document, not {type(source).__name__}")
    out = io.BytesIO()
    save(out)
    return Path("<document>"), out.getvalue()


def open_package(source: Source, *, read_only: bool = False) -> Docx:
    """The .docx `source` (a path, bytes or a python-docx Document) opened by
    python-docx, or an InputError naming the problem.

    Checked before python-docx sees it: the zip (limits, content types, main
    part) and every XML part's bytes (no DOCTYPE); then, in the parsed parts,
    the main part and, unless `read_only` (outline, tables, sheets: nothing is
    written), the runs of every WordprocessingML part (the revision engine
    relies on the rules)."""
    return _open(*source_bytes(source), read_only=read_only)


def read_package_bytes(path: str | Path) -> bytes:
    """The file's bytes, after the checks of `open_package` (for a caller that
    hands the file to another reader: docxtpl, pandoc)."""
    path, data = source_bytes(path)
    _open(path, data, read_only=True)
    return data


def _open(path: Path, data: bytes, read_only: bool) -> Docx:
    data = to_docx_bytes(path, data) or data       # a .doc/.rtf/.odt: the .docx LibreOffice makes of it
    zf = _checked_zip(path, data)
    xml_parts, main, main_type = _package_structure(path, zf)
    _check_main_type(path, main_type)
    for name in xml_parts:
        if _has_doctype(read_part(path, zf, name)):
            raise _doctype_error(path, name)
    try:
        package = opc.Package(opc.load(data))
    except opc.BrokenPart as exc:
        raise InputError(f"{path}: broken XML in part {exc.name}: {_xml_problem(exc.cause)}") from None
    except KeyError as exc:
        raise InputError(f"{path}: broken package: {_one_line(exc.args[0] if exc.args else exc)}") from None
    except (ValueError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise InputError(f"{path}: damaged package: {_one_line(exc)}") from None
    document = Docx(package, path)
    _check_main_part(path, main, main_type, document.element)
    if not read_only:
        for name in document.text_parts():
            _check_root(path, name, package.peek(name))
    document.legacy = convert_package(document)      # TCVN3/VNI text as Unicode (DESIGN §10)
    return document


def _has_doctype(data: bytes) -> bool:
    """Whether the XML bytes declare a document type. In any encoding that is a
    superset of ASCII (UTF-8 and the legacy ones) the declaration has the same
    bytes; only UTF-16/32 text, which starts with a byte-order mark or a NUL,
    needs the other needles."""
    head = data[:4]
    if b"\x00" in head or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return any(needle in data for needle in DOCTYPE_NEEDLES)
    return DOCTYPE_NEEDLES[0] in data
