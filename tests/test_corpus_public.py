"""Every file of `../shared/corpus/public/` (320 .docx files from other projects'
test suites: Word, LibreOffice, Google Docs, pandoc, docx4j and more) through
the four jobs a user meets, each checked by an independent reader:

1. outline: the file opens and outlines, or is refused with one line (only the
   refusals listed in REFUSED, each with its reason);
2. self-compare: the file compared with itself has no change;
3. a word-change compare: against a copy with one word changed (by python-docx),
   exactly that change; the redline reads as the original rejected and as the
   copy accepted, in pandoc (`verify`) and in LibreOffice, for every file;
4. a one-edit revise: the tracked draft verifies (structure, pandoc's
   reject-all = original, accept-all = clean copy) for every file, and reads
   the same way in LibreOffice for a sample (every LO_SAMPLE_EVERY-th file,
   the PANDOC_BLIND ones and the few pandoc cannot read at all); the clean
   copy has the new word;
and no input file is ever modified.

Failures that are LibreOffice's own (it recomputes fields once it has accepted
or rejected changes, loses the revisions of a drop cap, ...) are listed in
LO_EXCEPTIONS with the reason; pandoc checks those files.

Time, measured on two shared cores: about four and a half minutes in all (the
four jobs and pandoc for every file, two and a half; LibreOffice, one process
per view reading all the files of that view at 0.2-0.5 s a file, the four
views of the compares and of the revision sample, two).

Files with no word that occurs once (an image, an empty form) skip jobs 3-4;
their number is checked to stay small.
"""
from __future__ import annotations

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from drafting.compare import compare
from drafting.errors import InputError
from drafting.model import Comment, Decision, Edit, EditKind, Feedback
from drafting.oxml.ns import W_NS
from drafting.outline import outline_text
from drafting.package import open_package
from drafting.reader import read_draft
from drafting.revise import revise
from drafting.text import find_all
from drafting.verify import ToolError, normalise_text, pandoc_text, verify
from support.libreoffice import UNLOADABLE, review

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ROOT.parent / "shared" / "corpus" / "public"

STRICT = ("Strict Open XML is refused by design, with a message asking to save the file as a Word Document "
          "(.docx); LibreOffice opens it, so this is a refusal of ours, not of a broken file")
# file → (words of the one-line refusal, why it is refused)
REFUSED = {
    "mammoth__tests_test-data_strict-format.docx": ("strict open xml", STRICT),
    "pandoc__test_command_7691.docx": ("strict open xml", STRICT),
}
# file → why pandoc's text cannot judge it (LibreOffice reads these instead)
PANDOC_BLIND = {
    "pandoc__test_command_11113.docx": "pandoc 2.17 shows no text of alternate content inside runs (Word 365's "
                                       "emoji; pandoc issue 11113), so the original reads without them",
}
# LibreOffice's own quirks: file → (the checks it fails, why); pandoc reads these right.
FIELDS = ("LibreOffice recomputes field results (a cross-reference to a missing bookmark, a page number, a "
          "document statistic) once it has accepted or rejected changes, so those views show other field "
          "results than the untouched file")
LO_EXCEPTIONS = {
    "docx4j__docs_developer_rFonts.docx": (("compare reject", "revise reject"), FIELDS),
    "docx4j__docs_headers_footers.docx": (("compare reject", "revise reject"), FIELDS),
    "docx4j__docx4j-samples-docx4j_sample-docs_DOCPROP_builtin.docx": (("compare reject", "revise reject"), FIELDS),
    "docx4j__docx4j-samples-docx4j_sample-docs_databinding_WordAddIn_walkthrough.docx":
        (("compare reject", "revise reject"), FIELDS),
    "pandoc__test_docx_golden_image.docx": (("compare accept", "compare reject", "revise accept", "revise reject"),
                                            FIELDS),
    "pandoc__test_docx_drop_cap.docx": (("compare accept", "compare reject", "revise accept", "revise reject"),
                                        "LibreOffice turns a drop-cap frame paragraph into a property of the "
                                        "next paragraph and keeps both sides of a change made in it"),
    **{name: (("original unreadable",), "LibreOffice cannot open the original (a template with ${…} "
                                        "placeholders, alternate content it does not take); it opens our outputs")
       for name in ("docx4j__docx4j-samples-docx4j_sample-docs_unmarshallFromTemplateExample.docx",
                    "docx4j__docx4j-core-tests_src_test_resources_2010_2010-mcAlternateContent.docx",
                    "docx4j__docx4j-samples-docx4j_sample-docs_2010_2010-mcAlternateContent.docx")},
    **{name: (("revise accept",), "LibreOffice hides the text of an OpenDoPE condition content control in the "
                                  "untouched file and shows it only in the tracked copy accepted")
       for name in ("docx4j__docx4j-core-tests_src_test_resources_OpenDoPE_invoice.docx",
                    "docx4j__docx4j-samples-docx4j_sample-docs_databinding_invoice.docx",
                    "docx4j__docx4j-samples-docx4j_sample-docs_databinding_invoice_Saxon_XPath2.docx")},
}
LO_SAMPLE_EVERY = 4
NEW_WORD, EDIT_WORD = "THAYĐỔI", "THAYTHẾ"
MAX_WITHOUT_WORD = 60         # of 320: 32 have no text at all, others repeat every word


@dataclass
class Result:
    path: Path
    refused: str | None = None
    self_changes: int = 0
    word: str | None = None
    copy: Path | None = None                        # the copy with one word changed
    redline: Path | None = None
    compare_changes: list = field(default_factory=list)
    tracked: Path | None = None
    clean: Path | None = None
    problems: list[str] = field(default_factory=list)
    digest: str = ""
    pandoc_reads: bool = True                       # False: pandoc cannot read the file at all

    @property
    def for_libreoffice(self) -> bool:
        """Judged by LibreOffice rather than pandoc."""
        return self.path.name in PANDOC_BLIND or not self.pandoc_reads


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unique_words(draft) -> list[str]:
    """Words of the body that occur exactly once in it, longest first."""
    counts: dict[str, int] = {}
    for paragraph in draft.paragraphs:
        for word in re.findall(r"\w+", paragraph.text):
            counts[word] = counts.get(word, 0) + 1
    once = [w for w, n in counts.items() if n == 1]
    texts = [p.text for p in draft.paragraphs]
    return [w for w in sorted(once, key=len, reverse=True)[:20]
            if sum(len(find_all(t, w)) for t in texts) == 1]


def changed_copy(path: Path, word: str, out: Path) -> bool:
    """A copy of `path`, saved by python-docx, with `word` changed to NEW_WORD in
    a plain run of the body (not in a field, a text box, a revision or a
    content control, where a user's edit would be another story)."""
    document = open_package(path)
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    plain = {f"{{{W_NS}}}{t}" for t in ("p", "r", "hyperlink", "body", "tbl", "tr", "tc", "smartTag")}
    for t in document.element.iter(f"{{{W_NS}}}t"):
        if t.text and pattern.search(t.text) and all(a.tag in plain for a in t.iterancestors()
                                                     if a.tag != f"{{{W_NS}}}document"):
            t.text = pattern.sub(NEW_WORD, t.text, count=1)
            out.write_bytes(document.to_bytes())
            return True
    return False


def run_jobs(path: Path, out: Path) -> Result:
    result = Result(path, digest=digest(path))
    try:
        draft = read_draft(path)
        outline_text(draft)
    except InputError as exc:
        result.refused = str(exc)
        return result
    result.self_changes = len(compare(path, path).changes)
    stem = out / path.stem
    for word in unique_words(draft):
        if changed_copy(path, word, Path(f"{stem}.copy.docx")):
            result.word, result.copy = word, Path(f"{stem}.copy.docx")
            break
    if result.word is None:
        return result
    comparison = compare(path, result.copy, author="Tester", date="2021-02-05")
    result.redline = Path(f"{stem}.redline.docx")
    result.redline.write_bytes(comparison.tracked)
    result.compare_changes = [(c.kind, c.before, c.after) for c in comparison.changes]
    try:
        pandoc_text(path)
    except ToolError:
        result.pandoc_reads = False
    blind = result.for_libreoffice
    texts = {} if blind else {"original": path, "clean": result.copy}
    result.problems += verify(result.redline, **texts, require_pandoc=True).problems
    feedback = Feedback(comments=[Comment(id="1", by="Tester", text="sửa", decision=Decision.ACCEPTED, response="ok",
                                          edits=[Edit(EditKind.REPLACE, target=result.word, text=EDIT_WORD)])])
    revision = revise(path, feedback, author="Tester", date="2021-02-05")
    result.tracked, result.clean = Path(f"{stem}.tracked.docx"), Path(f"{stem}.clean.docx")
    result.tracked.write_bytes(revision.tracked)
    result.clean.write_bytes(revision.clean)
    texts = {} if blind else {"original": path, "clean": result.clean}
    result.problems += verify(result.tracked, **texts, require_pandoc=True).problems
    # where pandoc shows the word at all (not in a text box, a content control it skips, the metadata)
    if not blind and result.word in pandoc_text(path) and EDIT_WORD not in normalise_text(pandoc_text(result.clean)):
        result.problems.append(f"{result.clean}: the clean copy lacks {EDIT_WORD}")
    return result


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> list[Result]:
    if not PUBLIC.is_dir():
        pytest.skip("../shared/corpus/public is not present")
    from support.tools import require_tool
    require_tool("pandoc")
    out = tmp_path_factory.mktemp("public")
    files = sorted(PUBLIC.glob("*.docx"))
    with ThreadPoolExecutor(2) as pool:          # pandoc runs while the other thread revises
        return list(pool.map(lambda path: run_jobs(path, out), files))


def opened(results: list[Result]) -> list[Result]:
    return [r for r in results if r.refused is None]


def with_word(results: list[Result]) -> list[Result]:
    return [r for r in opened(results) if r.word is not None]


def test_every_file_outlines_or_is_refused_in_one_line_for_a_listed_reason(results):
    refused = {r.path.name: r.refused for r in results if r.refused is not None}
    assert set(refused) == set(REFUSED), refused
    for name, message in refused.items():
        assert "\n" not in message and name in message and REFUSED[name][0] in message.lower(), message
    assert len(results) >= 300


def test_every_file_compared_with_itself_has_no_change(results):
    assert {r.path.name: r.self_changes for r in opened(results) if r.self_changes} == {}


def test_most_files_have_a_word_to_change(results):
    assert len(opened(results)) - len(with_word(results)) <= MAX_WITHOUT_WORD


def test_a_one_word_change_compares_as_exactly_that_change(results):
    wrong = {r.path.name: r.compare_changes for r in with_word(results)
             if r.compare_changes != [("replace", r.word, NEW_WORD)]}
    assert wrong == {}


def test_every_redline_and_tracked_draft_verifies_in_pandoc(results):
    assert {r.path.name: r.problems for r in with_word(results) if r.problems} == {}


def test_pandoc_reads_nearly_every_file(results):
    assert len([r for r in opened(results) if not r.pandoc_reads]) <= 5


def test_no_input_file_is_modified(results):
    assert [r.path.name for r in results if digest(r.path) != r.digest] == []


def lo_sample(results: list[Result]) -> list[Result]:
    chosen = with_word(results)
    return [r for i, r in enumerate(chosen) if i % LO_SAMPLE_EVERY == 0 or r.for_libreoffice]


def unexplained(failures: dict[str, set[str]]) -> dict[str, set[str]]:
    """The failures LO_EXCEPTIONS does not explain."""
    left = {name: checks - set(LO_EXCEPTIONS.get(name, ("", ""))[0]) for name, checks in failures.items()}
    return {name: checks for name, checks in left.items() if checks}


def test_word_change_redlines_read_as_the_copy_accepted_and_the_original_rejected_in_libreoffice(
        results, soffice, tmp_path):
    chosen = with_word(results)
    accepted, _ = review("accept", [r.redline for r in chosen], tmp_path)
    rejected, _ = review("reject", [r.redline for r in chosen], tmp_path)
    # each side read as its view (a file may carry revisions of its own, which accept/reject also decide)
    copies, _ = review("accept", [r.copy for r in chosen], tmp_path)
    originals, _ = review("reject", [r.path for r in chosen], tmp_path)
    failures: dict[str, set[str]] = {}
    for r, a, j, c, o in zip(chosen, accepted, rejected, copies, originals):
        if o == [UNLOADABLE]:
            failures.setdefault(r.path.name, set()).add("original unreadable")
            continue
        if a != c:
            failures.setdefault(r.path.name, set()).add("compare accept")
        if j != o:
            failures.setdefault(r.path.name, set()).add("compare reject")
    assert unexplained(failures) == {}


def test_one_edit_revisions_read_as_the_clean_copy_accepted_and_the_original_rejected_in_libreoffice(
        results, soffice, tmp_path):
    sample = lo_sample(results)
    accepted, _ = review("accept", [r.tracked for r in sample], tmp_path)
    rejected, _ = review("reject", [r.tracked for r in sample], tmp_path)
    cleans, _ = review("none", [r.clean for r in sample], tmp_path)
    originals, _ = review("reject", [r.path for r in sample], tmp_path)
    failures: dict[str, set[str]] = {}
    for r, a, j, c, o in zip(sample, accepted, rejected, cleans, originals):
        if o == [UNLOADABLE]:
            failures.setdefault(r.path.name, set()).add("original unreadable")
            continue
        if a != c:
            failures.setdefault(r.path.name, set()).add("revise accept")
        if j != o:
            failures.setdefault(r.path.name, set()).add("revise reject")
    assert unexplained(failures) == {}
    assert len(sample) >= 50
