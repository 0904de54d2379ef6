"""Legacy files made by LibreOffice: the letters of both charts in TCVN3 and VNI
fonts (flat ODF converted to .docx, .doc, .rtf and .odt), and the example as a
Word 97-2003 .doc, revised end to end. LibreOffice runs are few: the files are
made once for the module."""
import hashlib
import shutil

import pytest
from click.testing import CliRunner

from comments.workflow import revise_files
from support.tools import require_tool
from drafting.cli import cli
from drafting.errors import InputError
from drafting.legacy import to_docx_bytes
from drafting.package import open_package
from drafting.reader import read_draft
from drafting.templates import example_dir
from drafting.verify import pandoc_text
from support.legacy_docs import LETTERS, LOWER, encode_tcvn3, encode_vni, fodt, soffice_convert, w

EXAMPLE = example_dir()
UPPER = [c for c in LETTERS if c.isupper()]
# (font, Unicode text, as typed in that font)
PARAGRAPHS = [
    (".VnTime", " ".join(LOWER), encode_tcvn3(" ".join(LOWER))),
    (".VnTimeH", " ".join(UPPER), encode_tcvn3(" ".join(UPPER), capitals=True)),
    (".VnTime", "Ă Â Ê Ô Ơ Ư Đ", encode_tcvn3("Ă Â Ê Ô Ơ Ư Đ")),
    ("VNI-Times", " ".join(LETTERS), encode_vni(" ".join(LETTERS))),
    (".VnTime", "Chỉ thị số 12/CT-UBND ngày 05/02/2021 (50%)", encode_tcvn3("Chỉ thị số 12/CT-UBND ngày 05/02/2021 (50%)")),
    ("Times New Roman", "Ký hiệu ¸ µ § giữ nguyên", "Ký hiệu ¸ µ § giữ nguyên"),
]
TEXTS = [text for _, text, _ in PARAGRAPHS]
NOTE = "Ghi chú: Điều 5 Nghị định số 91/2017/NĐ-CP"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    require_tool("soffice")
    folder = tmp_path_factory.mktemp("lo")
    source = folder / "letters.fodt"
    source.write_text(fodt([(font, typed) for font, _, typed in PARAGRAPHS]), encoding="utf-8")
    example = shutil.copy(EXAMPLE / "du-thao-chi-thi.docx", folder / "du-thao-chi-thi.docx")
    notes = folder / "notes.fodt"
    notes.write_text(fodt([(".VnTime", encode_tcvn3("Thân bài"))], notes=[
        ("footnote", ".VnTime", encode_tcvn3(NOTE)), ("endnote", "VNI-Times", encode_vni(NOTE))]), encoding="utf-8")
    files = dict(zip(("docx", "notes.docx"), soffice_convert([source, notes], "docx", folder)))
    files["doc"], files["example.doc"] = soffice_convert([source, example], "doc", folder)
    files["rtf"] = soffice_convert([source], "rtf", folder)[0]
    files["odt"] = soffice_convert([source], "odt", folder)[0]
    return files


def test_a_libreoffice_docx_in_legacy_fonts_reads_as_every_letter(made):
    assert [p.text for p in read_draft(made["docx"]).paragraphs] == TEXTS



@pytest.mark.parametrize("kind", ["doc", "rtf", "odt"])
def test_doc_rtf_and_odt_files_read_as_every_letter(made, kind):
    assert [p.text for p in read_draft(made[kind]).paragraphs] == TEXTS


def _notes(document_parts) -> dict[str, str]:
    return {name.rsplit("/", 1)[-1]: root.xpath("string()").strip() for name, root in document_parts}


def test_footnotes_and_endnotes_are_converted(made):
    document = open_package(made["notes.docx"])
    parts = [(n, document.package.peek(n)) for n in document.text_parts() if "notes" in n]
    notes = _notes(parts)
    assert notes["footnotes.xml"].endswith(NOTE) and notes["endnotes.xml"].endswith(NOTE)
    assert document.legacy.paragraphs == {".VnTime": 2, "VNI-Times": 1}


def test_a_python_docx_document_gets_its_footnotes_converted_as_bytes(made, tmp_path):
    import docx
    from lxml import etree

    from drafting.legacy import convert_document

    document = docx.Document(str(made["notes.docx"]))
    report = convert_document(document)
    assert document.paragraphs[0].text == "Thân bài" and report.paragraphs["VNI-Times"] == 1
    document.save(str(tmp_path / "saved.docx"))
    saved = docx.Document(str(tmp_path / "saved.docx"))
    parts = [(str(p.partname), etree.fromstring(p.blob)) for p in saved.part.package.iter_parts()
             if str(p.partname).endswith("notes.xml")]
    notes = _notes(parts)
    assert notes["footnotes.xml"].endswith(NOTE) and notes["endnotes.xml"].endswith(NOTE)


def test_a_docx_is_not_converted_by_libreoffice(made):
    assert to_docx_bytes(made["docx"]) is None


def test_the_fonts_become_times_new_roman(made):
    document = open_package(made["doc"])
    fonts = {el.get(w("hAnsi")) for el in document.element.iter(w("rFonts"))}
    assert fonts == {"Times New Roman"}


@pytest.fixture(scope="module")
def doc_revision(made, tmp_path_factory):
    out = tmp_path_factory.mktemp("doc-out")
    before = hashlib.sha256(made["example.doc"].read_bytes()).digest()
    result = CliRunner().invoke(cli, ["revise", str(made["example.doc"]), str(EXAMPLE / "feedback.yaml"),
                                      "--out", str(out)])
    return result, out, before


def test_a_doc_draft_revises_end_to_end(doc_revision):
    result, out, _ = doc_revision
    assert result.exit_code == 0, result.output + result.stderr
    assert "du-thao-chi-thi.doc: đã chuyển .doc → .docx bằng LibreOffice" in result.stderr.splitlines()
    assert {"du-thao-chi-thi.clean.docx", "du-thao-chi-thi.tracked.docx"} <= {p.name for p in out.iterdir()}


def test_the_doc_drafts_tracked_copy_accepts_to_its_clean_copy(doc_revision):
    require_tool("pandoc")
    _, out, _ = doc_revision
    tracked, clean = out / "du-thao-chi-thi.tracked.docx", out / "du-thao-chi-thi.clean.docx"
    assert pandoc_text(tracked, "accept") == pandoc_text(clean)
    assert pandoc_text(tracked, "accept") != pandoc_text(tracked, "reject")


def test_the_doc_drafts_clean_copy_has_the_unicode_examples_revised_text(doc_revision, tmp_path):
    require_tool("pandoc")
    _, out, _ = doc_revision
    unicode = revise_files(EXAMPLE / "du-thao-chi-thi.docx", [EXAMPLE / "feedback.yaml"], tmp_path)
    ours = read_draft(out / "du-thao-chi-thi.clean.docx")
    theirs = read_draft(unicode.paths["clean.docx"])
    assert ours.ids == theirs.ids
    assert [p.text for p in ours.paragraphs] == [p.text for p in theirs.paragraphs]


def test_the_doc_input_is_never_modified(doc_revision, made):
    _, _, before = doc_revision
    assert hashlib.sha256(made["example.doc"].read_bytes()).digest() == before


def test_a_docs_own_tracked_changes_and_comments_are_kept(doc_revision, tmp_path):
    _, out, _ = doc_revision
    tracked = out / "du-thao-chi-thi.tracked.docx"
    (doc,) = soffice_convert([tracked], "doc", tmp_path)
    original, converted = open_package(tracked), open_package(doc)

    def count(document, tag):
        return sum(1 for name in document.text_parts() for _ in document.package.peek(name).iter(w(tag)))

    assert count(converted, "ins") > 0 and count(converted, "del") > 0
    assert count(converted, "comment") == count(original, "comment")


def test_drafting_convert_says_it_converted_a_doc(made, tmp_path):
    result = CliRunner().invoke(cli, ["convert", str(made["doc"]), "-o", str(tmp_path / "out.docx"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith(
        "letters.doc: converted .doc → .docx with LibreOffice; converted TCVN3 → Unicode: ")
    assert [p.text for p in read_draft(tmp_path / "out.docx").paragraphs] == TEXTS


def test_a_missing_libreoffice_is_a_one_line_error_naming_it(made, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(InputError) as error:
        read_draft(made["doc"])
    (problem,) = map(str, error.value.problems)
    assert "needs LibreOffice (soffice), which is not installed" in problem and "\n" not in problem


def test_the_cli_exits_2_when_libreoffice_is_missing(made, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(cli, ["outline", str(made["doc"]), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "LibreOffice" in result.stderr


def test_a_conversion_over_the_time_limit_is_a_one_line_error(made, monkeypatch):
    monkeypatch.setenv("DRAFTING_LIBREOFFICE_TIMEOUT", "0.01")
    with pytest.raises(InputError) as error:
        read_draft(made["rtf"])
    assert "took more than" in str(error.value) and "letters.rtf" in str(error.value)
