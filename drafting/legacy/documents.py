"""The conversion applied to a whole opened document: a python-docx `Document`
(`convert_document`) or the package layer's `Docx` (`convert_package`).

Both hand `convert_legacy_parts` the roots of the story parts, the styles,
numbering and theme parts, after a look at the trees for a legacy font name.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..oxml.ns import A_NS, THEME as THEME_TYPE, W_NS, WML
from .convert import convert_legacy_parts
from .report import LegacyReport, record

STORY_TYPES = tuple(WML + t for t in ("document.main+xml", "header+xml", "footer+xml", "footnotes+xml",
                                      "endnotes+xml", "comments+xml"))
STYLES_TYPE, NUMBERING_TYPE = WML + "styles+xml", WML + "numbering+xml"
# Whether a part names a legacy font where fonts are named: run fonts (in runs,
# styles, defaults, numbering) and the theme's. A few ms on a 300-page draft,
# so every document opened is looked at.
_LEGACY = "[starts-with(translate(., 'VNI', 'vni'), '.vn') or starts-with(translate(., 'VNI', 'vni'), 'vni-')]"
_NAMES_LEGACY_FONT = etree.XPath(
    f"boolean(//w:rFonts/@*{_LEGACY} | //a:latin/@typeface{_LEGACY} | //a:ea/@typeface{_LEGACY}"
    f" | //a:cs/@typeface{_LEGACY})", namespaces={"w": W_NS, "a": A_NS})


def convert_package(document, path: Path | None = None) -> LegacyReport:
    """Convert the legacy text of a `drafting.package.Docx` in place (the parts
    changed are saved from their trees); the report is also recorded for
    `collect_reports`. `open_package` calls it for every package: one without
    a legacy font costs a look at its font names."""
    package = document.package
    path = path if path is not None else document.path
    stories = package.parts_of_type(STORY_TYPES)
    others = {t: package.parts_of_type((t,)) for t in (STYLES_TYPE, NUMBERING_TYPE, THEME_TYPE)}
    if not any(_NAMES_LEGACY_FONT(package.peek(name)) for name in [*stories, *(n for f in others.values() for n in f)]):
        return LegacyReport(path=path)

    def first(content_type: str):
        found = others[content_type]
        return package.root(found[0]) if found else None

    report = convert_legacy_parts({name: package.root(name) for name in stories}, first(STYLES_TYPE),
                                  first(THEME_TYPE), first(NUMBERING_TYPE), path=path)
    return record(report)


def convert_document(doc, path: Path | None = None) -> LegacyReport:
    """Convert the legacy text of a python-docx `Document` in place.

    python-docx gives most parts as `XmlPart`s, whose `.element` is the live
    tree; the parts it has no class for (footnotes and endnotes in 1.2) are
    plain `Part`s holding bytes: those are parsed here and, when anything was
    converted, given back their new bytes (`Part._blob`, which `Part.blob`
    returns and the package saves)."""
    from docx.opc.oxml import serialize_part_xml
    from docx.opc.part import XmlPart

    from ..package import XML_PARSER

    roots: dict[str, etree._Element] = {}
    plain: dict[str, object] = {}
    others: dict[str, etree._Element] = {}
    for part in doc.part.package.iter_parts():
        if part.content_type not in (*STORY_TYPES, STYLES_TYPE, NUMBERING_TYPE, THEME_TYPE):
            continue
        if isinstance(part, XmlPart):
            root = part.element
        else:
            root = etree.fromstring(part.blob, XML_PARSER)
            plain[str(part.partname)] = (part, root)
        if part.content_type in STORY_TYPES:
            roots[str(part.partname)] = root
        else:
            others.setdefault(part.content_type, root)
    if not any(_NAMES_LEGACY_FONT(root) for root in [*roots.values(), *others.values()]):
        return LegacyReport(path=path)
    report = convert_legacy_parts(roots, others.get(STYLES_TYPE), others.get(THEME_TYPE),
                                  others.get(NUMBERING_TYPE), path=path)
    if report.runs:
        for part, root in plain.values():
            part._blob = serialize_part_xml(root)
    return record(report)


def convert_file(source: str | Path, output: str | Path) -> LegacyReport:
    """`drafting convert`: write the Unicode .docx of the legacy draft `source`
    (TCVN3/VNI text, or a .doc/.rtf/.odt file) to `output`, atomically; what
    was converted. The conversion itself happens where every file is opened
    (`drafting.package.open_package`), so the copy is what every command reads."""
    from ..errors import InputError
    from ..outputs import write_atomic
    from ..package import open_package
    from .report import collect_reports

    source, output = Path(source), Path(output)
    if output.suffix.lower() != ".docx":
        raise InputError(f"{output}: the converted copy is a .docx file; name the output .docx")
    if output.exists() and output.resolve() == source.resolve():
        raise InputError(f"{output}: the output would overwrite the input; choose another name")
    with collect_reports() as reports:
        document = open_package(source)
    write_atomic(output, document.to_bytes())
    merged = LegacyReport(path=source)
    for report in reports:
        merged.paragraphs.update(report.paragraphs)
        merged.runs.update(report.runs)
        merged.encodings.update(report.encodings)
        merged.source_format = merged.source_format or report.source_format
    return merged
