"""Property: for random word-level edits, insertions and removals on random
paragraphs of real drafts, rejecting every revision gives the original text and
accepting every revision gives the intended text (computed here by plain string
operations, independently of the revision engine)."""
import io
import os

import docx
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from support.tools import CORPUS
from drafting.model import Comment, Decision, Edit, EditKind, Feedback
from drafting.oxml.accept import accept_all, reject_all
from drafting.oxml.text import iter_block_paragraphs, paragraph_text
from drafting.oxml.ns import w
from drafting.reader import read_draft
from drafting.revise import revise
from drafting.templates import example_dir
from drafting.text import find_all
from drafting.verify import verify

DRAFTS = [example_dir() / "du-thao-chi-thi.docx"] + sorted((CORPUS / "wmlcomparer").rglob("*.docx"))[:30]
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "40"))


def body_texts(data: bytes, view) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    body = document.part.element.find(w("body"))
    view(body)
    return [paragraph_text(p) for p, _, _ in iter_block_paragraphs(body)]


def unique_words(section, paragraph):
    """Words of `paragraph` that occur exactly once in its section's own text."""
    words = [word for word in paragraph.text.split() if word.isalpha()]
    return [word for word in dict.fromkeys(words)
            if sum(len(find_all(p.text, word)) for p in section.paragraphs) == 1]


@st.composite
def scenario(draw):
    path = draw(st.sampled_from([p for p in DRAFTS if p.exists()]))
    draft = read_draft(path)
    sections = [s for s in draft.walk() if s.kind not in ("preamble", "closing")]
    if sections and draw(st.booleans()):
        section = draw(st.sampled_from(sections))
        edit = draw(st.sampled_from([Edit(EditKind.REMOVE_SECTION),
                                     Edit(EditKind.ADD, text="Đoạn mới thêm.", position="after")]))
        edit.section = section.id
        return path, draft, [Comment(id="1", by="Tester", text="t", section=section.id,
                                     decision=Decision.ACCEPTED, response="ok", edits=[edit])]
    candidates = [p for p in draft.paragraphs if p.section is not None and not p.in_table and
                  unique_words(p.section, p)]
    if not candidates:
        return path, draft, []
    chosen = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=4, unique_by=id))
    comments = []
    for k, paragraph in enumerate(chosen, 1):
        word = draw(st.sampled_from(unique_words(paragraph.section, paragraph)))
        kind = draw(st.sampled_from(["replace", "delete", "insert"]))
        edit = {"replace": Edit(EditKind.REPLACE, target=word, text=word.upper() + "X"),
                "delete": Edit(EditKind.DELETE, target=word),
                "insert": Edit(EditKind.INSERT, target=word, text="mới", position="after")}[kind]
        comments.append(Comment(id=str(k), by="Tester", text="t", section=paragraph.section.id,
                                decision=Decision.ACCEPTED, response="ok", edits=[edit]))
    return path, draft, comments


def intended(draft, comments) -> list[str]:
    """The draft's paragraph texts with each edit applied by plain string operations."""
    texts = {id(p): p.text for p in draft.paragraphs}
    for comment in comments:
        edit = comment.edits[0]
        if edit.kind is EditKind.REMOVE_SECTION:
            gone = {id(p) for p in draft.find(edit.section).all_paragraphs()}
            return [p.text for p in draft.paragraphs if id(p) not in gone]
        if edit.kind is EditKind.ADD:
            last = draft.find(edit.section).last_paragraph()
            at = draft.paragraphs.index(last) + 1
            return [p.text for p in draft.paragraphs[:at]] + [edit.text] + [p.text for p in draft.paragraphs[at:]]
        section = draft.find(comment.section)
        (paragraph, start, end), = [(p, s, e) for p in section.paragraphs for s, e in find_all(p.text, edit.target)]
        text = texts[id(paragraph)]
        if edit.kind is EditKind.REPLACE:
            text = text[:start] + edit.text + text[end:]
        elif edit.kind is EditKind.DELETE:
            before, after = text[:start], text[end:]
            if before.endswith(" ") and (after == "" or after[0] in " ,.;:)!?…"):
                before = before[:-1]
            elif (before == "" or before.endswith(" ")) and after.startswith(" "):
                after = after[1:]
            text = before + after
        else:
            text = text[:end] + " mới" + (" " if end < len(text) and text[end].isalnum() else "") + text[end:]
        texts[id(paragraph)] = text
    return [texts[id(p)] for p in draft.paragraphs]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenario())
def test_reject_gives_the_original_and_accept_the_intended_text(case):
    path, draft, comments = case
    event(f"{len(comments)} edits")
    result = revise(path, Feedback(comments=comments), author="Tester", date="2021-02-05", keep_labels=True)
    original = [p.text for p in draft.paragraphs]
    assert body_texts(result.tracked, reject_all) == original
    assert body_texts(result.tracked, accept_all) == intended(draft, comments)


@settings(max_examples=max(EXAMPLES // 5, 4), deadline=None, suppress_health_check=list(HealthCheck))
@given(case=scenario())
def test_pandoc_agrees_on_random_revisions(case, pandoc, tmp_path_factory):
    path, _, comments = case
    result = revise(path, Feedback(comments=comments), author="Tester", date="2021-02-05", keep_labels=True)
    out = tmp_path_factory.mktemp("property")
    tracked, clean = out / "tracked.docx", out / "clean.docx"
    tracked.write_bytes(result.tracked)
    clean.write_bytes(result.clean)
    report = verify(tracked, original=path, clean=clean, require_pandoc=True)
    assert report.ok, report.problems
