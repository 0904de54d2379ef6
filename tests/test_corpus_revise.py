"""Real Word files: revising with no edits changes nothing, and a real edit
leaves every part other than the body untouched."""
import zipfile

from lxml import etree

from drafting.model import Feedback
from drafting.package import XML_PARSER
from drafting.revise import revise
from drafting.verify import pandoc_text


def canonical_parts(data: bytes) -> dict[str, object]:
    """Each part of a package, XML parts in canonical form (serialisation details
    aside), and the content types as the type each part actually gets."""
    import io
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            raw = zf.read(name)
            if name.endswith(".xml") or name.endswith(".rels"):
                raw = etree.tostring(etree.fromstring(raw, XML_PARSER), method="c14n")
            parts[name] = raw
        types = etree.fromstring(zf.read("[Content_Types].xml"), XML_PARSER)
        defaults = {e.get("Extension").lower(): e.get("ContentType") for e in types if e.get("Extension")}
        overrides = {e.get("PartName").lstrip("/"): e.get("ContentType") for e in types if e.get("PartName")}
        parts["[Content_Types].xml"] = {
            name: overrides.get(name, defaults.get(name.rsplit(".", 1)[-1].lower()))
            for name in zf.namelist() if not name.endswith("/") and name != "[Content_Types].xml"}
    return parts


def corpus_files(corpus):
    return sorted(corpus.rglob("*.docx"))


def test_revising_with_no_feedback_changes_no_part(corpus):
    for path in corpus_files(corpus):
        result = revise(path, Feedback())
        original = canonical_parts(path.read_bytes())
        tracked = canonical_parts(result.tracked)
        assert set(tracked) == set(original), path.name
        changed = [name for name in original if tracked[name] != original[name]]
        assert changed == [], f"{path.name}: {changed}"


def test_clean_copy_of_an_unrevised_corpus_file_reads_as_its_accepted_text(corpus, pandoc, tmp_path):
    for path in corpus_files(corpus)[:25]:
        clean = tmp_path / f"{path.stem}.clean.docx"
        clean.write_bytes(revise(path, Feedback()).clean)
        assert pandoc_text(clean) == pandoc_text(path, "accept"), path.name


def a_unique_word(draft):
    """A word of the body that occurs exactly once in the document."""
    from drafting.text import find_all
    for paragraph in draft.paragraphs:
        for word in paragraph.text.split():
            if word.isalpha() and len(word) > 3 and \
                    sum(len(find_all(p.text, word)) for p in draft.paragraphs) == 1:
                return word
    return None


COMMENT_PARTS = {"word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels",
                 "[Content_Types].xml"}


def test_a_real_edit_changes_only_the_body_and_adds_its_comment(corpus, pandoc, tmp_path):
    from drafting.model import Comment, Decision, Edit, EditKind
    from drafting.reader import read_draft
    from drafting.verify import verify

    revised = 0
    for path in corpus_files(corpus):
        word = a_unique_word(read_draft(path))
        if word is None:
            continue
        feedback = Feedback(comments=[Comment(id="1", by="Tester", text="sửa", decision=Decision.ACCEPTED,
                                              response="ok", edits=[Edit(EditKind.REPLACE, target=word,
                                                                         text="THAYTHẾ")])])
        result = revise(path, feedback, author="Tester", date="2021-02-05")
        original = canonical_parts(path.read_bytes())
        tracked = canonical_parts(result.tracked)
        changed = {name for name in tracked if tracked.get(name) != original.get(name)}
        assert changed <= COMMENT_PARTS, f"{path.name}: {changed - COMMENT_PARTS}"
        out = tmp_path / f"{path.stem}.tracked.docx"
        clean = tmp_path / f"{path.stem}.clean.docx"
        out.write_bytes(result.tracked)
        clean.write_bytes(result.clean)
        report = verify(out, original=path, clean=clean, require_pandoc=True)
        assert report.ok, report.problems
        assert "THAYTHẾ" in pandoc_text(clean)
        revised += 1
    assert revised >= 20
