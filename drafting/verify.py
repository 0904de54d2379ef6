"""Checking a tracked document with readers the revision engine did not write.

Word and LibreOffice open almost anything without complaint, and silently drop
or "repair" what they do not like; so "it opens" proves little. `verify` checks
what they forgive (see `structure_problems`) and then the two text invariants
of DESIGN §5, read by pandoc, an independent reader:

- reject-all of the tracked document gives the original's text, and
- accept-all of the tracked document gives the clean document's text.

Both sides of each comparison are read the same way: the original with its own
revisions rejected, the clean document with its revisions accepted. For a draft
without revisions this is just its text; for a draft that already carried
revisions it is what reject-all/accept-all of the tracked copy must give, since
those also reject/accept the revisions that were there before.

The helpers `pandoc_text`, `soffice_convert` and `libreoffice_change_count`
are the independent readers the tests use everywhere.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import InputError
from .oxml.ns import COMMENTS_REL, ODF_TEXT_NS, STORY_RELS, W_NS, w
from .package import open_package, parse_part_xml

# Elements that are a revision: each must carry a w:id unique among revisions
# and (all but tblGridChange, whose schema type has no author) a w:author.
TEXT_REVISIONS = {w("ins"): "insertions", w("del"): "deletions", w("moveFrom"): "moves", w("moveTo"): "moves"}
PROPERTY_REVISIONS = {w(t) for t in ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange",
                                     "trPrChange", "tcPrChange", "tblGridChange", "numberingChange",
                                     "cellIns", "cellDel", "cellMerge")}
REVISIONS = set(TEXT_REVISIONS) | PROPERTY_REVISIONS
NO_AUTHOR = {w("tblGridChange")}
REMOVED = (w("del"), w("moveFrom"))

PANDOC_TIMEOUT = 120
SOFFICE_TIMEOUT = 180


class ToolError(RuntimeError):
    """An external reader (pandoc, LibreOffice) is missing or failed."""


@dataclass
class VerifyReport:
    """What `verify` found. Counts are of text revisions at run level; the
    revisions of paragraph marks, table rows and properties are `other_revisions`."""

    path: Path
    problems: list[str] = field(default_factory=list)
    insertions: int = 0
    deletions: int = 0
    moves: int = 0
    other_revisions: int = 0
    comments: int = 0
    skipped: list[str] = field(default_factory=list)   # checks not run, and why

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> int:
        """Run-level text revisions: what `expected_changes` is compared with."""
        return self.insertions + self.deletions + self.moves

    def summary(self) -> str:
        return f"{self.insertions} insertions, {self.deletions} deletions, {self.comments} comments"


def verify(tracked: Path, original: Path | None = None, clean: Path | None = None,
           expected_changes: int | None = None, require_pandoc: bool = False) -> VerifyReport:
    """Check the tracked document's structure (the flaws `original` had already
    aside) and, when `original`/`clean` are given, its reject-all/accept-all text.

    `expected_changes` is compared with `VerifyReport.changes`, the number of
    run-level w:ins/w:del/w:moveFrom/w:moveTo elements (a replacement is two;
    paragraph-mark and row revisions are not counted). Without pandoc the text
    checks are listed in `skipped`, or, with `require_pandoc`, reported as a
    problem. A file that cannot be read safely is reported as a problem, not
    raised, so that the report is always complete."""
    tracked = Path(tracked)
    report = VerifyReport(tracked)
    try:
        stories, comments = _read_stories(tracked)
    except InputError as exc:
        report.problems.extend(str(p) for p in exc.problems)
        return report
    _count(report, stories, comments)
    inherited = _inherited_problems(original)
    report.problems.extend(f"{tracked}: {p}" for p in structure_problems(stories, comments) if p not in inherited)
    if expected_changes is not None and expected_changes != report.changes:
        report.problems.append(f"{tracked}: {report.changes} text revisions, expected {expected_changes}")
    comparisons = [(original, "reject", "reject-all", "the original"), (clean, "accept", "accept-all", "the clean document")]
    joins = any(_MARK_REVISIONS(root) for root in stories.values())
    for other, mode, view, what in comparisons:
        if other is not None:
            _compare_text(report, Path(other), mode, view, what, require_pandoc, joins)
    return report


# A paragraph mark inserted or deleted (w:pPr/w:rPr/w:ins|w:del): accepting or
# rejecting it joins two paragraphs.
_MARK_REVISIONS = etree.XPath(".//w:pPr/w:rPr/*[self::w:ins or self::w:del]",
                              namespaces={"w": W_NS})


# ---------------------------------------------------------------- structure

def _inherited_problems(original: Path | None) -> set[str]:
    """The structure flaws the original already had (a duplicate revision id, an
    unreferenced comment, a w:t in a w:del, as some generators write them): the
    tracked copy keeps them but did not make them, so they are not its problems."""
    if original is None:
        return set()
    try:
        return set(structure_problems(*_read_stories(Path(original))))
    except InputError:
        return set()       # reported by the text comparison, which reads it too


def _read_stories(path: Path) -> tuple[dict[str, etree._Element], etree._Element | None]:
    """The story parts (main, headers, footers, notes, comments) by name, and the comments part."""
    document = open_package(path, read_only=True)     # its runs are what `structure_problems` judges
    package = document.package
    stories = {document.main: document.element}
    comments = None
    for rel in package.relationships(document.main):
        if rel.reltype in STORY_RELS and not rel.is_external:
            name = package.target(rel)
            stories[name] = package.peek(name)
            if rel.reltype == COMMENTS_REL:
                comments = stories[name]
    return stories, comments


def _count(report: VerifyReport, stories: dict[str, etree._Element], comments: etree._Element | None) -> None:
    for root in stories.values():
        for el in root.iter(*REVISIONS):
            if el.tag in TEXT_REVISIONS and not _in_properties(el):
                setattr(report, TEXT_REVISIONS[el.tag], getattr(report, TEXT_REVISIONS[el.tag]) + 1)
            else:
                report.other_revisions += 1
    report.comments = 0 if comments is None else len(comments.findall(w("comment")))


def _in_properties(el: etree._Element) -> bool:
    """True for the revision of a paragraph mark or table row (w:rPr/w:ins, w:trPr/w:del)."""
    parent = el.getparent()
    return parent is not None and parent.tag.endswith("Pr")


def structure_problems(stories: dict[str, etree._Element], comments: etree._Element | None) -> list[str]:
    """What Word repairs or LibreOffice silently drops: revision ids and authors,
    deleted text markup, nested revisions, comment ranges and references."""
    problems: list[str] = []
    ids: Counter[str] = Counter()
    for part, root in stories.items():
        for el in root.iter(*REVISIONS):
            name = etree.QName(el).localname
            rid = el.get(w("id"))
            if rid is None:
                problems.append(f"{part}: w:{name} has no w:id")
            else:
                ids[rid] += 1
            if el.tag not in NO_AUTHOR and not el.get(w("author")):
                problems.append(f"{part}: w:{name} id={rid} has no w:author")
            if el.tag in (w("ins"), w("del"), w("moveTo"), w("moveFrom")) and _nested_in_same(el):
                problems.append(f"{part}: w:{name} id={rid} is nested inside another w:{name}")
        for t in root.iter(w("t"), w("instrText")):
            if _inside(t, REMOVED):
                right = "w:delText" if t.tag == w("t") else "w:delInstrText"
                problems.append(f"{part}: w:{etree.QName(t).localname} inside w:del "
                                f"(should be {right}): {(t.text or '')[:40]!r}")
        for t in root.iter(w("delText"), w("delInstrText")):
            if not _inside(t, REMOVED):
                problems.append(f"{part}: w:{etree.QName(t).localname} outside w:del: {(t.text or '')[:40]!r}")
    problems.extend(f"revision id {rid} is used {n} times; revision ids must be unique"
                    for rid, n in sorted(ids.items()) if n > 1)
    problems.extend(_comment_problems(stories, comments))
    return problems


def _inside(el: etree._Element, tags: tuple[str, ...]) -> bool:
    return any(a.tag in tags for a in el.iterancestors())


def _nested_in_same(el: etree._Element) -> bool:
    """A w:ins inside a w:ins (or del in del...), not counting a text box's own
    paragraphs, which are a story of their own inside the run that anchors them,
    nor a mark in run properties (`w:rPr/w:del` says a mark is deleted; it holds
    no content, so a deleted run may carry one)."""
    for ancestor in el.iterancestors():
        if ancestor.tag in (w("txbxContent"), w("rPr")):
            return False
        if ancestor.tag == el.tag:
            return True
    return False


def _comment_problems(stories: dict[str, etree._Element], comments: etree._Element | None) -> list[str]:
    marks: dict[str, Counter[str]] = {tag: Counter() for tag in ("commentRangeStart", "commentRangeEnd", "commentReference")}
    missing: Counter[str] = Counter()
    for root in stories.values():
        for tag, counter in marks.items():
            for el in root.iter(w(tag)):
                if el.get(w("id")) is None:
                    missing[tag] += 1
                else:
                    counter[el.get(w("id"))] += 1
    defined = Counter(c.get(w("id")) for c in comments.iter(w("comment"))) if comments is not None else Counter()
    missing["comment"] = defined.pop(None, 0)
    starts, ends, refs = (set(marks[t]) for t in ("commentRangeStart", "commentRangeEnd", "commentReference"))
    problems = [f"{n} {tag} element(s) without w:id" for tag, n in missing.items() if n]
    problems += [f"comment id {i} is defined {n} times in the comments part" for i, n in sorted(defined.items()) if n > 1]
    for tag, counter in marks.items():
        problems += [f"{tag} id={i} occurs {n} times" for i, n in sorted(counter.items()) if n > 1]
    problems += [f"commentRangeStart id={i} has no commentRangeEnd" for i in sorted(starts - ends)]
    problems += [f"commentRangeEnd id={i} has no commentRangeStart" for i in sorted(ends - starts)]
    problems += [f"commentReference id={i} has no comment in the comments part" for i in sorted(refs - set(defined))]
    problems += [f"comment range id={i} has no comment in the comments part" for i in sorted((starts | ends) - set(defined) - refs)]
    problems += [f"comment id={i} is never referenced (no commentReference)" for i in sorted(set(defined) - refs)]
    return problems


# ---------------------------------------------------------------- text

def normalise_text(text: str) -> str:
    """NFC, no trailing whitespace on any line, no leading/trailing blank lines:
    the differences that carry no meaning between two renderings of a text."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).splitlines()]
    return "\n".join(lines).strip("\n")


def _compare_text(report: VerifyReport, other: Path, mode: str, view: str, what: str, require_pandoc: bool,
                  joins: bool = False) -> None:
    """Report where pandoc's `view` of the tracked document and of `other` differ.
    pandoc joins the two paragraphs of a removed paragraph mark with a space
    that Word and LibreOffice do not show ("split" + "Paragraph." reads "split
    Paragraph."), so where the tracked document has such `joins` the texts
    are compared without their whitespace."""
    if shutil.which("pandoc") is None:
        message = f"pandoc is not installed: cannot check that {view} of {report.path} gives the text of {what}"
        (report.problems if require_pandoc else report.skipped).append(message)
        return
    try:
        open_package(other, read_only=True)  # never hand pandoc a file we would refuse
        got = normalise_text("\n".join(pandoc_paragraphs(report.path, mode)))
        want = normalise_text("\n".join(pandoc_paragraphs(other, mode)))
    except InputError as exc:
        report.problems.extend(str(p) for p in exc.problems)
        return
    except ToolError as exc:
        report.problems.append(str(exc))
        return
    if got != want and not (joins and "".join(got.split()) == "".join(want.split())):
        report.problems.append(f"{report.path}: {view} differs from {what} {other}: {first_difference(got, want)}")


def first_difference(got: str, want: str) -> str:
    """Where two texts part, in one line: the line number and both versions."""
    got_lines, want_lines = got.split("\n"), want.split("\n")
    for number, (a, b) in enumerate(zip(got_lines, want_lines), start=1):
        if a != b:
            start = max(0, next(i for i, (x, y) in enumerate(zip(a + "\0", b + "\1")) if x != y) - 20)
            return f"line {number}: {a[start:start + 70]!r} instead of {b[start:start + 70]!r}"
    number = min(len(got_lines), len(want_lines)) + 1
    if len(got_lines) > len(want_lines):
        return f"line {number}: extra text {got_lines[number - 1][:70]!r}"
    return f"line {number}: missing text {want_lines[number - 1][:70]!r}"


def pandoc_paragraphs(path: Path, track_changes: str | None = None) -> list[str]:
    """The text of each non-empty paragraph pandoc reads (body, lists, table
    cells, in order), without the numbers pandoc gives list items.

    `verify` compares these rather than pandoc's plain rendering: pandoc 2.17
    numbers list items itself and, rejecting an inserted paragraph of a Word
    list, leaves an empty item behind (LibreOffice and the OOXML rules merge it
    away); typed labels are text and are still compared."""
    import json

    paragraphs: list[str] = []

    def inline_text(node) -> str:
        if isinstance(node, list):
            return "".join(inline_text(n) for n in node)
        if not isinstance(node, dict):
            return ""
        kind, content = node.get("t"), node.get("c")
        if kind in ("Space", "SoftBreak"):
            return " "
        if kind == "LineBreak":
            return "\n"
        if kind == "Str":
            return content
        if kind in ("Code", "Math", "RawInline"):
            return content[-1]
        return inline_text(content)

    def walk(node) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            if node.get("t") in ("Para", "Plain"):
                paragraphs.append(inline_text(node["c"]))
            elif node.get("t") == "Header":
                paragraphs.append(inline_text(node["c"][2]))
            else:
                walk(node.get("c"))

    walk(json.loads(_pandoc(path, "json", track_changes))["blocks"])
    return [p for p in (p.strip() for p in paragraphs) if p]


def pandoc_text(path: Path, track_changes: str | None = None) -> str:
    """The plain text pandoc reads from a .docx, with tracked changes accepted,
    rejected or (None) pandoc's default, which is accept."""
    return _pandoc(path, "plain", track_changes)


def _pandoc(path: Path, to: str, track_changes: str | None) -> str:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise ToolError("pandoc is not installed")
    cmd = [pandoc, "--from=docx", f"--to={to}", "--wrap=none"]
    if track_changes is not None:
        if track_changes not in ("accept", "reject", "all"):
            raise ValueError(f"track_changes must be accept, reject or all, not {track_changes!r}")
        cmd.append(f"--track-changes={track_changes}")
    try:
        proc = subprocess.run(cmd + [str(path)], capture_output=True, timeout=PANDOC_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ToolError(f"pandoc took more than {PANDOC_TIMEOUT} s to read {path}") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ToolError(f"pandoc cannot read {path}: {detail[0] if detail else f'exit {proc.returncode}'}")
    return proc.stdout.decode("utf-8")


def soffice_convert(path: Path, fmt: str, outdir: Path, timeout: float = SOFFICE_TIMEOUT) -> Path:
    """Convert `path` with headless LibreOffice (`fmt` as for --convert-to, e.g.
    "odt", "pdf", "txt:Text (encoded):UTF8") into `outdir`; the output's path.

    Each call gets its own throw-away profile, so conversions can run in
    parallel and never touch the user's LibreOffice settings; soffice runs in
    its own process group, which is killed on timeout."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise ToolError("LibreOffice (soffice) is not installed")
    path, outdir = Path(path).resolve(), Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="drafting-lo-profile-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--nodefault", "--convert-to", fmt, "--outdir", str(outdir), str(path)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ToolError(f"LibreOffice took more than {timeout} s to convert {path}") from None
    result = outdir / f"{path.stem}.{fmt.split(':')[0]}"
    if proc.returncode != 0 or not result.is_file():
        detail = (err or out).decode("utf-8", "replace").strip().splitlines()
        raise ToolError(f"LibreOffice could not convert {path} to {fmt}: {detail[-1] if detail else f'exit {proc.returncode}'}")
    return result


def libreoffice_change_count(path: Path) -> int:
    """How many tracked changes LibreOffice sees in `path`: the
    <text:changed-region> elements of the document converted to .odt."""
    with tempfile.TemporaryDirectory(prefix="drafting-lo-") as tmp:
        odt = soffice_convert(path, "odt", Path(tmp))
        with zipfile.ZipFile(odt) as zf:
            content = parse_part_xml(odt, "content.xml", zf.read("content.xml"))
    return sum(1 for _ in content.iter(f"{{{ODF_TEXT_NS}}}changed-region"))
