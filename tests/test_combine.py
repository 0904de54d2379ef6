"""`drafting combine`: several delegates' copies merged into one tracked document."""
import os
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from drafting.cli import cli
from drafting.combine import combine, combine_files
from drafting.verify import verify
from support.docs import make_docx
from support.libreoffice import review, uno_python
from support.revision_helpers import document_xml, pandoc_plain
from test_anchors import ROUND_1

LO_EDIT = Path(__file__).parent / "support" / "lo_edit.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def draft(tmp_path):
    return make_docx(tmp_path / "draft.docx", ROUND_1)


def lo_copy(draft: Path, path: Path, author: str, *replacements: tuple[str, str]) -> Path:
    """A copy edited in LibreOffice with change tracking on, by `author`."""
    subprocess.run([uno_python(), str(LO_EDIT), str(draft), str(path), author,
                    *(f"{old}=>{new}" for old, new in replacements)], check=True, timeout=180)
    return path


def plain_copy(draft: Path, path: Path, editor: str, *replacements: tuple[str, str],
               added: tuple[str, ...] = (), comment: tuple[int, str] | None = None,
               removed: int | None = None) -> Path:
    """A copy edited by python-docx without tracking: text replaced in the runs,
    paragraphs added at the end, a Word comment on paragraph k, paragraph k removed."""
    document = docx.Document(draft)
    if removed is not None:
        p = document.paragraphs[removed]._p
        p.getparent().remove(p)
    for old, new in replacements:
        hits = [r for p in document.paragraphs for r in p.runs if old in r.text]
        assert len(hits) == 1, old
        hits[0].text = hits[0].text.replace(old, new)
    for text in added:
        document.add_paragraph(text)
    if comment is not None:
        k, text = comment
        document.add_comment(document.paragraphs[k].runs, text=text, author=editor, initials="".join(
            w[0] for w in editor.split()))
    document.core_properties.last_modified_by = editor
    document.save(path)
    return path


def expected(*replacements: tuple[str, str], added: tuple[str, ...] = ()) -> list[str]:
    """The draft's paragraphs with the replacements made by plain string operations."""
    texts = list(ROUND_1)
    for old, new in replacements:
        texts = [t.replace(old, new) for t in texts]
    return [t for t in texts if t] + list(added)


def pandoc_lines(pandoc, path: Path, mode: str) -> list[str]:
    return [" ".join(block.split()) for block in pandoc_plain(pandoc, path, mode).split("\n\n") if block.strip()]


MAI = (("chỉ đạo thực hiện tốt", "lãnh đạo, chỉ đạo thực hiện thật tốt"), ("theo dõi", "theo dõi, đôn đốc"))
AN = (("theo năm", "hằng năm"),)


@pytest.fixture
def two_copies(draft, tmp_path, soffice):
    return [lo_copy(draft, tmp_path / "mai.docx", "Trần Thị Mai", *MAI),
            plain_copy(draft, tmp_path / "an.docx", "Lê Văn An", *AN, added=("4. Điều khoản thi hành.",),
                       comment=(7, "Cần thêm thời hạn báo cáo."))]


def test_each_copys_revisions_keep_their_authors(draft, two_copies):
    result = combine(draft, two_copies)
    assert result.conflicts == [] and result.compared == [two_copies[1]]
    root = document_xml_bytes(result.tracked)
    authors = {el.get(f"{W}author") for el in root.iter(f"{W}ins", f"{W}del")}
    assert authors == {"Trần Thị Mai", "Lê Văn An"}
    mai_dates = {el.get(f"{W}date") for el in document_xml(two_copies[0]).iter(f"{W}ins", f"{W}del")}
    assert mai_dates <= {el.get(f"{W}date") for el in root.iter(f"{W}ins", f"{W}del")
                         if el.get(f"{W}author") == "Trần Thị Mai"}


def test_accept_all_gives_every_delegates_changes_and_reject_all_the_draft(draft, two_copies, tmp_path, pandoc):
    out = combine_files(draft, two_copies, tmp_path / "combined.docx")
    assert out.conflicts == []
    combined = tmp_path / "combined.docx"
    assert pandoc_lines(pandoc, combined, "accept") == expected(*MAI, *AN, added=("4. Điều khoản thi hành.",))
    assert pandoc_lines(pandoc, combined, "reject") == pandoc_lines(pandoc, draft, "accept")
    report = verify(combined, original=draft, require_pandoc=True)
    assert report.ok, report.problems


def test_libreoffice_reads_the_same_accept_and_reject(draft, two_copies, tmp_path):
    combined = tmp_path / "combined.docx"
    combine_files(draft, two_copies, combined)
    (accepted,), _ = review("accept", [combined], tmp_path)
    (rejected,), counts = review("reject", [combined], tmp_path)
    assert accepted == expected(*MAI, *AN, added=("4. Điều khoản thi hành.",))
    assert rejected == ROUND_1
    assert counts[0] > 0


def test_the_copies_word_comments_come_along_with_their_author(draft, two_copies):
    result = combine(draft, two_copies)
    assert result.comments == 1
    import io
    import zipfile
    comments = zipfile.ZipFile(io.BytesIO(result.tracked)).read("word/comments.xml").decode()
    assert "Cần thêm thời hạn báo cáo." in comments and 'w:author="Lê Văn An"' in comments


def test_a_comment_sits_on_the_words_its_delegate_commented(draft, tmp_path, pandoc):
    document = docx.Document(draft)
    runs = document.paragraphs[7].runs
    runs[0].text = "Giao Sở Nội vụ"
    document.paragraphs[7].add_run(" theo dõi việc thực hiện Chỉ thị này.")
    document.add_comment(runs[0], text="Giao thêm Văn phòng UBND tỉnh.", author="Lê Văn An", initials="LVA")
    document.save(tmp_path / "commented.docx")
    combined = tmp_path / "combined.docx"
    combine_files(draft, [tmp_path / "commented.docx"], combined)
    root = document_xml(combined)
    p = [p for p in root.iter(f"{W}p") if p.find(f".//{W}commentRangeStart") is not None][0]
    inside, text = False, []
    for el in p.iter():
        if el.tag == f"{W}commentRangeStart":
            inside = True
        elif el.tag == f"{W}commentRangeEnd":
            inside = False
        elif el.tag == f"{W}t" and inside:
            text.append(el.text)
    assert "".join(text) == "Giao Sở Nội vụ"
    assert pandoc_lines(pandoc, combined, "accept") == ROUND_1


def test_insertions_at_one_place_by_two_delegates_are_both_kept(draft, tmp_path, pandoc):
    first = plain_copy(draft, tmp_path / "a.docx", "An", ("toàn tỉnh.", "toàn tỉnh và cả nước."))
    second = plain_copy(draft, tmp_path / "b.docx", "Bình", ("toàn tỉnh.", "toàn tỉnh, hiệu quả."))
    combined = tmp_path / "combined.docx"
    result = combine_files(draft, [first, second], combined)
    assert result.conflicts == [] and len(result.overlaps) == 1
    accepted = pandoc_lines(pandoc, combined, "accept")
    assert "trong toàn tỉnh và cả nước, hiệu quả." in accepted[3]
    assert pandoc_lines(pandoc, combined, "reject") == ROUND_1


def test_two_different_rewrites_of_the_same_words_are_a_conflict_and_the_first_copy_wins(draft, tmp_path, pandoc):
    first = plain_copy(draft, tmp_path / "a.docx", "An", ("theo năm", "hằng năm"))
    second = plain_copy(draft, tmp_path / "b.docx", "Bình", ("theo năm", "mỗi năm"))
    combined = tmp_path / "combined.docx"
    result = combine_files(draft, [first, second], combined)
    assert len(result.conflicts) == 1 and "Bình" in result.conflicts[0] and "An" in result.conflicts[0]
    assert pandoc_lines(pandoc, combined, "accept") == expected(("theo năm", "hằng năm"))
    assert pandoc_lines(pandoc, combined, "reject") == ROUND_1


def test_rewording_text_another_delegate_deleted_is_a_conflict(draft, tmp_path, soffice, pandoc):
    gone = ROUND_1[5]
    first = lo_copy(draft, tmp_path / "a.docx", "An", (gone, ""))
    second = plain_copy(draft, tmp_path / "b.docx", "Bình", ("theo năm", "hằng năm"))
    combined = tmp_path / "combined.docx"
    result = combine_files(draft, [first, second], combined)
    assert len(result.conflicts) == 1 and "Bình's replacing «theo» with «hằng» was left out; An is deleting" \
        in result.conflicts[0]
    assert gone not in pandoc_lines(pandoc, combined, "accept")
    assert pandoc_lines(pandoc, combined, "reject") == ROUND_1


def test_an_edit_in_a_paragraph_another_delegate_removed_is_a_conflict(draft, tmp_path, pandoc):
    first = plain_copy(draft, tmp_path / "a.docx", "An", removed=5)
    second = plain_copy(draft, tmp_path / "b.docx", "Bình", ("theo năm", "hằng năm"))
    combined = tmp_path / "combined.docx"
    result = combine_files(draft, [first, second], combined)
    assert len(result.conflicts) == 1 and "An deleted the paragraph" in result.conflicts[0]
    assert pandoc_lines(pandoc, combined, "accept") == ROUND_1[:5] + ROUND_1[6:]
    assert pandoc_lines(pandoc, combined, "reject") == ROUND_1


def test_cli_combine_lists_conflicts_one_line_each_and_exits_0(draft, tmp_path):
    first = plain_copy(draft, tmp_path / "a.docx", "An", ("theo năm", "hằng năm"))
    second = plain_copy(draft, tmp_path / "b.docx", "Bình", ("theo năm", "mỗi năm"))
    out = tmp_path / "combined.docx"
    run = CliRunner().invoke(cli, ["combine", str(draft), str(first), str(second), "-o", str(out)])
    assert run.exit_code == 0, run.output
    conflicts = [line for line in run.output.splitlines() if line.startswith("conflict: ")]
    assert len(conflicts) == 1 and out.exists()


def test_cli_combine_refuses_a_draft_with_tracked_changes(draft, tmp_path, soffice):
    tracked = lo_copy(draft, tmp_path / "tracked.docx", "An", ("theo năm", "hằng năm"))
    run = CliRunner().invoke(cli, ["combine", str(tracked), str(draft), "-o", str(tmp_path / "out.docx")])
    assert run.exit_code == 2 and "tracked changes" in run.output
    assert not (tmp_path / "out.docx").exists()


def test_cli_combine_refuses_a_copy_that_is_another_document(draft, tmp_path):
    other = make_docx(tmp_path / "other.docx", ["Biên bản họp chi bộ.", "Nội dung: kiểm điểm cuối năm."])
    run = CliRunner().invoke(cli, ["combine", str(draft), str(other), "-o", str(tmp_path / "out.docx")])
    assert run.exit_code == 2 and "other.docx: shares too few words with the draft" in run.output
    assert not (tmp_path / "out.docx").exists()


def document_xml_bytes(data: bytes):
    import io
    import zipfile

    from lxml import etree
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def test_wmlcomparer_pairs_combined_reject_to_old_and_accept_to_new_unless_left_out(corpus, tmp_path, pandoc, capsys):
    """Each pair's NEW, edited without tracking, combined onto OLD: rejecting
    all gives OLD; accepting all gives NEW whenever nothing was reported left out."""
    import csv

    from drafting.errors import InputError
    complete = reported = refused = 0
    with open(corpus / "pairs.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            old, new, out = corpus / row["old"], corpus / row["new"], tmp_path / f"{row['id']}.docx"
            try:
                result = combine_files(old, [new], out)
            except InputError:
                refused += 1
                continue
            assert pandoc_plain(pandoc, out, "reject") == pandoc_plain(pandoc, old, "accept"), row["id"]
            if result.left_out:
                reported += 1
            else:
                assert pandoc_plain(pandoc, out, "accept") == pandoc_plain(pandoc, new, "accept"), row["id"]
                complete += 1
    assert complete > reported + refused
    with capsys.disabled():
        print(f"\ncombine on corpus pairs: {complete} complete, {reported} with changes reported left out, "
              f"{refused} refused")


# ------------------------------------------------ property: delegates' edits that do not overlap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.oxml.accept import accept_all, reject_all
from drafting.oxml.text import iter_block_paragraphs, paragraph_text
from test_anchors import WORDS


@st.composite
def delegates_edits(draw):
    """A draft of word paragraphs and 2–3 delegates' edits that no other
    delegate's touch: words (and the words next to them) replaced, deleted or
    followed by a new word; whole paragraphs removed; paragraphs added at the end."""
    paragraphs = [[draw(st.sampled_from(WORDS)) for _ in range(draw(st.integers(4, 12)))]
                  for _ in range(draw(st.integers(2, 5)))]
    slots = [(k, i) for k, p in enumerate(paragraphs) for i in range(len(p))]
    taken: set = set()
    dropped = 0
    edits = []
    for _ in range(draw(st.integers(2, 3))):
        mine = []
        for _ in range(draw(st.integers(1, 4))):
            k, i = draw(st.sampled_from(slots))
            kind = draw(st.sampled_from(["replace", "delete", "insert", "replace", "drop", "add"]))
            if kind == "add":
                mine.append((None, None, "add", " ".join(draw(st.sampled_from(WORDS)) for _ in range(3))))
                continue
            if kind == "drop":
                if dropped + 2 > len(paragraphs) or any((k, j) in taken for j in range(len(paragraphs[k]))):
                    continue
                taken.update((k, j) for j in range(len(paragraphs[k])))
                dropped += 1
                mine.append((k, None, "drop", None))
                continue
            if any((k, j) in taken for j in (i - 1, i, i + 1)):
                continue
            taken.add((k, i))
            word = draw(st.sampled_from([w for w in WORDS if w != paragraphs[k][i]]))
            mine.append((k, i, kind, word))
        edits.append(mine)
    return paragraphs, edits


def apply_words(paragraphs, edits):
    """The paragraphs' text after every delegate's edits, by list operations."""
    out = [list(p) for p in paragraphs]
    words = [e for mine in edits for e in mine if e[2] not in ("drop", "add")]
    for k, i, kind, word in sorted(words, key=lambda e: (e[0], -e[1])):
        if kind == "replace":
            out[k][i] = word
        elif kind == "delete":
            del out[k][i]
        else:
            out[k].insert(i + 1, word)
    gone = {e[0] for mine in edits for e in mine if e[2] == "drop"}
    added = [e[3] for mine in edits for e in mine if e[2] == "add"]
    return [" ".join(p) for k, p in enumerate(out) if k not in gone] + added


def body_texts(data: bytes, view) -> list[str]:
    root = document_xml_bytes(data)
    body = root.find(f"{W}body")
    view(body)
    return [paragraph_text(p) for p, _, _ in iter_block_paragraphs(body)]


@settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "40")), deadline=None, derandomize=True,
          database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=delegates_edits())
def test_delegates_edits_that_do_not_overlap_all_come_through_and_reject_gives_the_draft(tmp_path, case):
    paragraphs, edits = case
    draft = make_docx(tmp_path / "draft.docx", [" ".join(p) for p in paragraphs])
    copies = []
    for n, mine in enumerate(edits):
        copy = make_docx(tmp_path / f"copy{n}.docx", apply_words(paragraphs, [mine]))
        document = docx.Document(copy)
        document.core_properties.last_modified_by = f"Đại biểu {n + 1}"
        document.save(copy)
        copies.append(copy)
    result = combine(draft, copies)
    assert result.conflicts == [] and result.left_out == []
    assert body_texts(result.tracked, accept_all) == apply_words(paragraphs, edits)
    assert body_texts(result.tracked, reject_all) == [" ".join(p) for p in paragraphs]
