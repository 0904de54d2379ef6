"""Builders and checks for the revision-engine tests.

Documents are made with python-docx in a few lines each; the checks read them
back the way the project's contract does: our own accept/reject, pandoc, and a
structural lint of what Word is strict about.
"""
from __future__ import annotations

import copy
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from drafting.oxml.accept import accept_all, reject_all
from drafting.oxml.ns import w
from drafting.oxml.revision import REVISION_TAGS, RevisionContext
from drafting.oxml.text import iter_block_paragraphs, paragraph_text

AUTHOR = "Ban Thi đua - Khen thưởng tỉnh"
DATE = "2021-02-05T00:00:00Z"


def context(document) -> RevisionContext:
    """A context for a python-docx document, above the ids its body already uses."""
    ids = [int(v) for v in document.element.xpath(".//@w:id") if v.lstrip("-").isdigit()]
    return RevisionContext(AUTHOR, DATE, next_id=max(ids, default=0) + 1)


def paragraph(runs: list, document=None):
    """A paragraph (lxml w:p) made of `runs`: text, or (text, {"bold": True, …})."""
    document = document if document is not None else Document()
    p = document.add_paragraph()
    for run in runs:
        text, fmt = (run, {}) if isinstance(run, str) else run
        r = p.add_run(text)
        for name, value in fmt.items():
            setattr(r if hasattr(r, name) else r.font, name, value)
    return p._p


def xml_paragraph(inner: str, document=None):
    """A paragraph from raw run-level XML (`w:` prefix), appended to a document body."""
    document = document if document is not None else Document()
    p = parse_xml(f"<w:p {nsdecls('w', 'r')}>{inner}</w:p>")
    document.element.body.sectPr.addprevious(p)
    return p


def body_paragraphs(root) -> list:
    body = root.find(w("body")) if root.tag == w("document") else root
    return [p for p, _, _ in iter_block_paragraphs(body)]


def texts(root) -> list[str]:
    return [paragraph_text(p) for p in body_paragraphs(root)]


def accepted(el):
    """A copy of `el` with every change accepted."""
    dup = copy.deepcopy(el)
    accept_all(dup)
    return dup


def rejected(el):
    dup = copy.deepcopy(el)
    reject_all(dup)
    return dup


def accepted_text(p) -> str:
    return paragraph_text(accepted(p))


def rejected_text(p) -> str:
    return paragraph_text(rejected(p))


def tags(elements) -> list[str]:
    return [etree.QName(el).localname for el in elements]


def descendants(el, tag: str) -> list:
    return list(el.iter(w(tag)))


def structure_problems(root) -> list[str]:
    """What Word rejects or repairs: duplicate revision ids, revisions without
    author, w:t inside a deletion, w:delText outside one, ins in ins, del in del,
    unmatched comment ranges."""
    out = []
    ids = Counter(el.get(w("id")) for el in root.iter(*REVISION_TAGS))
    out += [f"duplicate revision id {i}" for i, n in ids.items() if n > 1]
    for el in root.iter(w("ins"), w("del")):
        if not el.get(w("author")) or not el.get(w("date")):
            out.append(f"{etree.QName(el).localname} {el.get(w('id'))} without author/date")
        if el.getparent().tag == el.tag or any(a.tag == el.tag for a in el.iterancestors()):
            out.append(f"nested {etree.QName(el).localname} {el.get(w('id'))}")
    deleted = (w("del"), w("moveFrom"))
    for t in root.iter(w("t")):
        if any(a.tag in deleted for a in t.iterancestors()) and not any(
                a.tag == w("txbxContent") for a in t.iterancestors()):
            out.append(f"w:t inside w:del: {t.text!r}")
    for t in root.iter(w("delText")):
        if not any(a.tag in deleted for a in t.iterancestors()):
            out.append(f"w:delText outside w:del: {t.text!r}")
    starts = {e.get(w("id")) for e in root.iter(w("commentRangeStart"))}
    ends = {e.get(w("id")) for e in root.iter(w("commentRangeEnd"))}
    refs = {e.get(w("id")) for e in root.iter(w("commentReference"))}
    if not starts == ends == refs:
        out.append(f"comment marks do not match: {starts} {ends} {refs}")
    return out


def save(document, folder: Path, name: str) -> Path:
    path = folder / f"{name}.docx"
    document.save(str(path))
    return path


def plain_document(paragraph_texts: list[str]):
    """The intended document, written the plain way (one run per paragraph)."""
    document = Document()
    for text in paragraph_texts:
        document.add_paragraph(text)
    return document


def pandoc_plain(pandoc: str, path: Path, track_changes: str = "accept") -> str:
    result = subprocess.run(
        [pandoc, f"--track-changes={track_changes}", str(path), "-t", "plain", "--wrap=none"],
        check=True, capture_output=True, text=True)
    return result.stdout


def document_xml(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def libreoffice_changes(soffice: str, path: Path, workdir: Path) -> int:
    """Convert with headless LibreOffice (private profile) to ODT and count the
    tracked changes it read; fails if the document does not convert."""
    profile = workdir / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "odt", "--outdir", str(workdir), str(path)],
        check=True, capture_output=True, timeout=180)
    odt = workdir / (path.stem + ".odt")
    with zipfile.ZipFile(odt) as z:
        content = etree.fromstring(z.read("content.xml"))
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    return len(content.xpath("//text:tracked-changes/text:changed-region", namespaces=ns))


