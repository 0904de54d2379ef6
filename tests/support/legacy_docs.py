"""Legacy (TCVN3, VNI) documents for the tests: the Vietnamese letters, an
encoder (the inverse of the project's charts, used only here), legacy copies of
a .docx made with python-docx, and flat ODF that LibreOffice turns into .docx/.doc.
"""
from __future__ import annotations

import copy
import subprocess
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from drafting.legacy import tcvn3, vni

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# The 67 lower-case Vietnamese letters that are not ASCII (the 12 vowels with
# each of the 5 tone marks, ă â ê ô ơ ư, đ), and their capitals: 134.
_VOWELS = ["a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u", "u\u031b", "y"]
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
LOWER = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES if (v + t).isascii() is False] + ["đ"]
LETTERS = LOWER + [c.upper() for c in LOWER]

_TCVN3 = {letter: bytes([code]).decode("cp1252") for code, letter in tcvn3.CHART.items()}
_TCVN3_CODES = set(_TCVN3.values())
_VNI = {letter: s for s, letter in vni.CHART.items()
        if s == (s.upper() if letter.isupper() else s.lower())}
_VNI_CODES = {c for s in vni.CHART for c in s if not c.isascii()}


def needs_capitals_font(char: str) -> bool:
    """A capital TCVN3 writes only in a capitals font (`.VnTimeH`)."""
    return char.isupper() and not char.isascii() and char not in _TCVN3


def encode_tcvn3(text: str, capitals: bool = False) -> str:
    """`text` as Word keeps it in a TCVN3 font (a capitals font: lower-case codes)."""
    out = []
    for char in (text.lower() if capitals else text):
        if char in _TCVN3:
            out.append(_TCVN3[char])
        elif char.isascii() or (char not in _TCVN3_CODES and not char.isalpha()):
            out.append(char)
        else:
            raise ValueError(f"{char!r} has no TCVN3 code in this font")
    return "".join(out)


def encode_vni(text: str) -> str:
    out = []
    for char in text:
        if char in _VNI:
            out.append(_VNI[char])
        elif char.isascii() or (char not in _VNI_CODES and not char.isalpha()):
            out.append(char)
        else:
            raise ValueError(f"{char!r} has no VNI spelling")
    return "".join(out)


def _set_fonts(rpr: etree._Element, font: str) -> None:
    rfonts = rpr.find(w("rFonts"))
    if rfonts is None:
        rfonts = etree.Element(w("rFonts"))
        rpr.insert(0, rfonts)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(w(attr), font)


def _rpr(run: etree._Element) -> etree._Element:
    rpr = run.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(run, w("rPr"))
        run.insert(0, rpr)
    return rpr


def _chunks(text: str) -> list[tuple[str, bool]]:
    """`text` cut where it needs the capitals font and where it does not."""
    chunks: list[tuple[str, bool]] = []
    for char in text:
        capitals = needs_capitals_font(char)
        if chunks and chunks[-1][1] == capitals:
            chunks[-1] = (chunks[-1][0] + char, capitals)
        else:
            chunks.append((char, capitals))
    return chunks


def _tcvn3_run(run: etree._Element) -> None:
    """Encode one run; a run that needs a capitals font is all capitals in it
    (when its text is all capitals) or is cut into runs of each font."""
    texts = [el for el in run if el.tag in (w("t"), w("delText"))]
    whole = "".join(el.text or "" for el in texts)
    if not any(map(needs_capitals_font, whole)):
        for el in texts:
            el.text = encode_tcvn3(el.text or "")
        return
    if whole == whole.upper():
        for el in texts:
            el.text = encode_tcvn3(el.text or "", capitals=True)
        _set_fonts(_rpr(run), ".VnTimeH")
        return
    assert len(texts) == 1, "a mixed-case run with several texts"
    parent, at = run.getparent(), run.getparent().index(run)
    for offset, (chunk, capitals) in enumerate(_chunks(whole)):
        piece = copy.deepcopy(run)
        el = piece.find(texts[0].tag)
        el.text = encode_tcvn3(chunk, capitals)
        el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if capitals:
            _set_fonts(_rpr(piece), ".VnTimeH")
        parent.insert(at + offset, piece)
    parent.remove(run)


def _vni_run(run: etree._Element) -> None:
    for el in run:
        if el.tag in (w("t"), w("delText")):
            el.text = encode_vni(el.text or "")
    _set_fonts(_rpr(run), "VNI-Times")


STORIES = ("document.main+xml", "header+xml", "footer+xml", "footnotes+xml", "endnotes+xml", "comments+xml")


def legacy_copy(source: Path, target: Path, encoding: str) -> Path:
    """A copy of the .docx `source` in TCVN3 (fonts `.VnTime` from the styles
    and document defaults, `.VnTimeH` set on the runs of capitals) or VNI
    (`VNI-Times` set on every run), made with python-docx."""
    import docx

    document = docx.Document(str(source))
    for part in document.part.package.iter_parts():
        if not hasattr(part, "element"):
            continue
        if part.content_type.endswith("styles+xml") and encoding == "TCVN3":
            for rpr in part.element.iter(w("rPr")):
                if rpr.find(w("rFonts")) is not None or rpr.getparent().tag == w("rPrDefault"):
                    _set_fonts(rpr, ".VnTime")
        if part.content_type.endswith(STORIES):
            for run in list(part.element.iter(w("r"))):
                (_tcvn3_run if encoding == "TCVN3" else _vni_run)(run)
    document.save(str(target))
    return target


def fodt(paragraphs: list[tuple[str, str]], notes: list[tuple[str, str, str]] = ()) -> str:
    """A flat ODF text document of (font, text) paragraphs; the last one
    carries the (class, font, text) notes: footnotes, endnotes."""
    fonts = sorted({font for font, _ in paragraphs} | {font for _, font, _ in notes})
    faces = "".join(f"<style:font-face style:name={quoteattr(f)} svg:font-family={quoteattr(repr(f))}/>" for f in fonts)
    styles = "".join(f'<style:style style:name="F{i}" style:family="paragraph"><style:text-properties '
                     f'style:font-name={quoteattr(f)}/></style:style>' for i, f in enumerate(fonts))
    marks = "".join(f'<text:note text:note-class="{kind}"><text:note-citation>{n}</text:note-citation><text:note-body>'
                    f'<text:p text:style-name="F{fonts.index(font)}">{escape(text)}</text:p></text:note-body></text:note>'
                    for n, (kind, font, text) in enumerate(notes, 1))
    body = "".join(f'<text:p text:style-name="F{fonts.index(font)}">{escape(text)}{marks if i == len(paragraphs) - 1 else ""}'
                   '</text:p>' for i, (font, text) in enumerate(paragraphs))
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
            'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
            'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
            'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">'
            f"<office:font-face-decls>{faces}</office:font-face-decls>"
            f"<office:automatic-styles>{styles}</office:automatic-styles>"
            f"<office:body><office:text>{body}</office:text></office:body></office:document>")


def soffice_convert(sources: list[Path], fmt: str, out_dir: Path) -> list[Path]:
    """Each source converted by LibreOffice to `fmt`, in one run."""
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(out_dir / 'lo-profile').as_uri()}",
                    "--convert-to", fmt, "--outdir", str(out_dir), *map(str, sources)],
                   check=True, capture_output=True, timeout=300)
    return [out_dir / f"{s.stem}.{fmt.split(':')[0]}" for s in sources]
