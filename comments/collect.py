"""`drafting comments collect`: feedback from the delegates' marked-up copies of the draft.

Delegates send the draft back with Word comments and edits, tracked or not.
Each copy is read in its accepted view (tracked insertions in, deletions out)
and aligned paragraph by paragraph with the draft (`drafting.align`), so that
everything found in the copy lands on the draft's own sections and text:
- a Word comment becomes a Comment: author, initials, date and text; its
  anchored text is the `quote` (the part in the anchor's first paragraph,
  because a quote is matched within one paragraph, and only when it occurs in
  the draft's section); `section` is the draft section of that paragraph;
- every difference between the copy's text and the draft's becomes proposed
  edits of a pending comment (one per changed paragraph or run of added or
  removed paragraphs) by whoever made it: the author of the tracked change,
  else the copy's reviewer. Edits are written against the draft's text with
  just enough context to occur once in the section, and accepting them all
  reproduces the copy's text.
Comments already in the draft itself are not collected again. Ids run 1, 2, …
by file order, then document order, so the same inputs give the same ids.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from drafting.align import Pair, align_paragraphs
from drafting.errors import InputError
from drafting.labels import Label, parse_label
from drafting.model import CLOSING, PREAMBLE, Comment, Draft, Edit, EditKind, Feedback, Paragraph, Section
from drafting.oxml.ns import w
from drafting.oxml.revision import _diff_edits  # the word-level diff of the revision engine
from drafting.oxml.revision import tokenize
from drafting.oxml.text import W_BR, W_CR, W_NBH, W_P, W_T, W_TAB, ancestor_within, paragraph_text, text_pieces
from drafting.outline import first_words
from drafting.oxml.ns import COMMENTS_REL
from drafting.package import Docx, open_package, write_atomic
from drafting.reader import draft_from_document, open_draft
from drafting.text import clean, find_all

from .feedback_yaml import dump_feedback

EDIT_TEXT = "Đề xuất sửa trực tiếp trên dự thảo"
MIN_SHARED = 0.5      # share of a copy's words that must be the draft's for it to be a version of it

_INSERTED = (w("ins"), w("moveTo"))
_DELETED = (w("del"), w("moveFrom"))
_RANGE_START, _RANGE_END, _REFERENCE = w("commentRangeStart"), w("commentRangeEnd"), w("commentReference")
_TEXT_TAGS = (W_T, W_TAB, W_BR, W_CR, W_NBH)
# Where the planner's spacing of deleted and inserted words is plain (a subset of the
# characters it treats as closing and of those after which it adds a space).
_AFTER_DELETION = " ,.;:!?)"
_BEFORE_INSERTION = ",.;:!?)"


@dataclass(frozen=True)
class _Who:
    author: str
    date: str | None = None


@dataclass
class _WordComment:
    id: str
    who: _Who
    initials: str | None
    text: str


@dataclass
class _Anchor:
    """Where a Word comment sits in the copy: the paragraph of its first mark
    and the anchored text of each paragraph it covers."""
    paragraph: int | None = None
    parts: dict[int, list[str]] = field(default_factory=dict)


@dataclass
class _Copy:
    """One marked copy aligned with the draft. `paragraphs` are the copy's
    paragraphs that still stand (a paragraph deleted with tracking on stays in
    the file, empty, with its mark deleted; it is left out), and the copy side
    of `pairs` indexes them."""
    path: Path
    document: Docx                              # the copy
    paragraphs: list[Paragraph]
    pairs: list[Pair]
    reviewer: _Who                              # who made the edits no tracked change names
    known: set[tuple[str, str | None]]          # (author, date) of revisions already in the draft
    draft_of: dict[int, int] = field(default_factory=dict)     # copy paragraph → draft paragraph
    step_of: dict[int, int] = field(default_factory=dict)      # copy paragraph → position in `pairs`

    def __post_init__(self) -> None:
        for step, (i, j) in enumerate(self.pairs):
            if j is not None:
                self.step_of[j] = step
                if i is not None:
                    self.draft_of[j] = i


def write_collected(draft_path: str | Path, marked_paths: list[Path], output: str | Path) -> Feedback:
    """Collect the feedback of `marked_paths` and write it as YAML to `output`, atomically."""
    output = Path(output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        # which also keeps the output from overwriting a .docx given as input
        raise InputError(f"{output}: the collected feedback is written as YAML; name the output .yaml")
    feedback = collect(draft_path, marked_paths)
    write_atomic(output, dump_feedback(feedback))
    return feedback


def collect(draft_path: str | Path, marked_paths: list[Path]) -> Feedback:
    """The comments and proposed edits of every marked copy, as pending feedback on the draft."""
    if not marked_paths:
        raise InputError("no marked copy given")
    draft = open_draft(draft_path)
    known_comments = {(c.who.author, c.text) for c in _word_comments(draft.document)}
    known_revisions = _revision_keys(draft.document)
    comments: list[Comment] = []
    for path in map(Path, marked_paths):
        copy = _open_copy(draft, Path(draft_path), path, known_revisions, known_comments)
        found = _comments_of(draft, copy, known_comments) + _proposals(draft, copy)
        found.sort(key=lambda item: item[0])      # stable: a comment before an edit of its paragraph
        comments.extend(comment for _, comment in found)
    for number, comment in enumerate(comments, start=1):
        comment.id = str(number)
    return Feedback(comments=comments, title=draft.title, sources=list(map(Path, marked_paths)))


# ----------------------------------------------------------------------- the copy

def _open_copy(draft: Draft, draft_path: Path, path: Path, known_revisions: set,
               known_comments: set) -> _Copy:
    document = open_package(path)
    marked = draft_from_document(document, path)
    share = _shared_words(draft.text, marked.text)
    if share < MIN_SHARED:
        raise InputError(f"{path}: not a version of {draft_path.name}: only {share:.0%} of its words "
                         "are the draft's")
    paragraphs = [p for p in marked.paragraphs if p.text.strip() or not _mark_deleted(p.element)]
    pairs = _pair_gaps(align_paragraphs([p.text for p in draft.paragraphs], [p.text for p in paragraphs]))
    reviewer = _reviewer(document, draft.document, path, known_revisions, known_comments)
    return _Copy(path, document, paragraphs, pairs, reviewer, known_revisions)


def _mark_deleted(p) -> bool:
    return p.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None


def _pair_gaps(pairs: list[Pair]) -> list[Pair]:
    """Between two aligned paragraphs, pair the removed and added ones in order.

    The alignment keeps a rewritten paragraph apart from the one it replaces,
    but here that would become a deletion plus an `add`, which the feedback
    format can only place at a section's end; rewriting the paragraph in place
    is exact.
    """
    out: list[Pair] = []
    removed: list[int] = []
    added: list[int] = []

    def flush() -> None:
        n = min(len(removed), len(added))
        out.extend(zip(removed[:n], added[:n]))
        out.extend((i, None) for i in removed[n:])
        out.extend((None, j) for j in added[n:])
        removed.clear()
        added.clear()

    for i, j in pairs:
        if i is None:
            added.append(j)
        elif j is None:
            removed.append(i)
        else:
            flush()
            out.append((i, j))
    flush()
    return out


def _word_counts(text: str) -> Counter:
    return Counter(t.casefold() for t in tokenize(text) if t[0].isalnum())


def _shared_words(draft_text: str, copy_text: str) -> float:
    """The share of the copy's words (with repeats) that the draft also has."""
    mine = _word_counts(copy_text)
    total = sum(mine.values())
    return sum((mine & _word_counts(draft_text)).values()) / total if total else 0.0


def _reviewer(document, draft_document, path: Path, known_revisions: set, known_comments: set) -> _Who:
    """Who marked the copy: the author of most of its own tracked changes and
    comments; else the last editor Word recorded, when not the draft's; else
    the file's name."""
    authors: Counter[str] = Counter()
    for el in _body(document).iter(*_INSERTED, *_DELETED):
        who = _who(el)
        if who.author and (who.author, who.date) not in known_revisions:
            authors[who.author] += 1
    for c in _word_comments(document):
        if c.who.author and (c.who.author, c.text) not in known_comments:
            authors[c.who.author] += 1
    if authors:
        return _Who(authors.most_common(1)[0][0])
    editor = clean(document.core_property("lastModifiedBy")).strip()
    if editor and editor != draft_document.core_property("lastModifiedBy").strip():
        return _Who(editor)
    return _Who(path.stem)


def _body(document: Docx):
    return document.element.find(w("body"))


def _who(el) -> _Who:
    return _Who(clean(el.get(w("author")) or "").strip(), _iso(el.get(w("date"))))


def _iso(value: str | None) -> str | None:
    """A Word timestamp (`2021-02-03T10:00:00Z`) as ISO 8601 that any Python reads back."""
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _revision_keys(document) -> set[tuple[str, str | None]]:
    return {(who.author, who.date) for who in map(_who, _body(document).iter(*_INSERTED, *_DELETED))}


def _section_of(draft: Draft, copy: _Copy, j: int) -> Section | None:
    """The draft section a copy paragraph belongs to: its aligned paragraph's,
    else (an added paragraph) that of the nearest draft paragraph before it,
    else after it."""
    i = copy.draft_of.get(j)
    if i is not None:
        return draft.paragraphs[i].section
    step = copy.step_of[j]
    before = (i for i, _ in reversed(copy.pairs[:step]) if i is not None)
    after = (i for i, _ in copy.pairs[step:] if i is not None)
    i = next(before, None)
    if i is None:
        i = next(after, None)
    return draft.paragraphs[i].section if i is not None else None


# ------------------------------------------------------------------ Word comments

def _word_comments(document) -> list[_WordComment]:
    """The comments of the document's comments part (none when it has no such part)."""
    root = document.related_root(COMMENTS_REL)
    if root is None:
        return []
    found = []
    for el in root.iter(w("comment")):
        text = clean("\n".join(paragraph_text(p) for p in el.iter(W_P))).strip()
        initials = clean(el.get(w("initials")) or "").strip() or None
        found.append(_WordComment(el.get(w("id")) or "", _who(el), initials, text))
    return found


def _anchors(document, paragraphs: list[Paragraph]) -> dict[str, _Anchor]:
    """Each comment id's anchor (paragraphs as positions in `paragraphs`), from
    the range marks and references of the body."""
    pieces = {node: (k, text) for k, p in enumerate(paragraphs) for node, text in text_pieces(p.element)}
    paragraph_of = {p.element: k for k, p in enumerate(paragraphs)}
    anchors: dict[str, _Anchor] = {}
    open_ids: list[str] = []
    for el in _body(document).iter(_RANGE_START, _RANGE_END, _REFERENCE, *_TEXT_TAGS):
        if el.tag in (_RANGE_START, _RANGE_END, _REFERENCE):
            cid = el.get(w("id")) or ""
            anchor = anchors.setdefault(cid, _Anchor())
            if anchor.paragraph is None:
                anchor.paragraph = _enclosing(el, paragraph_of)
            if el.tag == _RANGE_START and cid not in open_ids:
                open_ids.append(cid)
            elif el.tag == _RANGE_END and cid in open_ids:
                open_ids.remove(cid)
        elif el in pieces and open_ids:
            j, text = pieces[el]
            for cid in open_ids:
                anchors[cid].parts.setdefault(j, []).append(text)
    return anchors


def _enclosing(el, paragraph_of: dict) -> int | None:
    while el is not None:
        if el in paragraph_of:
            return paragraph_of[el]
        el = el.getparent()
    return None


def _comments_of(draft: Draft, copy: _Copy, known: set) -> list[tuple[tuple, Comment]]:
    """The copy's own Word comments, each with its sort key (position, 0)."""
    anchors = _anchors(copy.document, copy.paragraphs)
    found = []
    for wc in _word_comments(copy.document):
        if not wc.text or (wc.who.author, wc.text) in known:
            continue            # nothing to answer, or the draft's own comment
        anchor = anchors.get(wc.id, _Anchor())
        quoted = next(((j, "".join(parts).strip()) for j, parts in anchor.parts.items()
                       if "".join(parts).strip()), None)
        j = quoted[0] if quoted else anchor.paragraph
        section = _section_of(draft, copy, j) if j is not None else None
        quote = quoted[1] if quoted else None
        if quote and (section is None or not any(find_all(p.text, quote) for p in section.paragraphs)):
            quote = None        # changed in the copy: the draft has no such text to point at
        comment = Comment(id="", by=wc.who.author or copy.reviewer.author, text=wc.text,
                          section=section.id if section else None, quote=quote,
                          initials=wc.initials, date=wc.who.date, source=str(copy.path))
        found.append(((copy.step_of[j] if j is not None else -1, 0), comment))
    return found


# --------------------------------------------------------------- proposed edits

@dataclass
class _Hunk:
    """A change of one draft paragraph: text[start:end] became `new`."""
    start: int
    end: int
    new: str
    who: _Who


def _proposals(draft: Draft, copy: _Copy) -> list[tuple[tuple, Comment]]:
    """The differences between the copy and the draft as pending comments with edits,
    each with its sort key (position, 1)."""
    found: list[tuple[tuple, Comment]] = []
    removed = {i for i, j in copy.pairs if j is None}
    gone = _removed_sections(draft, removed)
    covered = {p.index for s in gone for p in s.all_paragraphs()}
    run: list[tuple[int, Pair]] = []

    def flush() -> None:
        if run:
            found.extend(_removed_run(draft, copy, run, covered) if run[0][1][1] is None
                         else _added_run(draft, copy, run))
            run.clear()

    for step, (i, j) in enumerate(copy.pairs):
        if i is not None and j is not None and not draft.paragraphs[i].text.strip():
            i = None        # a blank draft paragraph has no words to anchor an edit on: text added
        kind = "both" if i is not None and j is not None else ("removed" if j is None else "added")
        if run and (kind == "both" or (run[0][1][1] is None) != (kind == "removed")):
            flush()
        if kind != "both":
            run.append((step, (i, j)))
        elif draft.paragraphs[i].text != copy.paragraphs[j].text:
            found.extend(_modified(draft.paragraphs[i], copy.paragraphs[j], copy, step))
    flush()
    for section in gone:
        step = min(copy.pairs.index((p.index, None)) for p in section.all_paragraphs())
        edit = Edit(EditKind.REMOVE_SECTION, section=section.id)
        found.append(((step, 1), _proposal(copy.reviewer, section, [edit], [f"bỏ mục {section.id}"], copy)))
    return found


def _proposal(who: _Who, section: Section | None, edits: list[Edit], said: list[str], copy: _Copy,
              quote: str | None = None) -> Comment:
    for index, edit in enumerate(edits, start=1):
        edit.index = index
    return Comment(id="", by=who.author or copy.reviewer.author, text=f"{EDIT_TEXT}: {'; '.join(said)}.",
                   section=section.id if section else None, quote=quote, edits=edits,
                   date=who.date, source=str(copy.path))


def _removed_sections(draft: Draft, removed: set[int]) -> list[Section]:
    """The outermost numbered sections all of whose paragraphs the copy removed."""
    gone: list[Section] = []

    def visit(section: Section) -> None:
        paragraphs = section.all_paragraphs()
        if section.kind not in (PREAMBLE, CLOSING) and paragraphs and all(p.index in removed for p in paragraphs):
            gone.append(section)
            return
        for child in section.children:
            visit(child)

    for top in draft.sections:
        visit(top)
    return gone


def _modified(paragraph: Paragraph, changed: Paragraph, copy: _Copy, step: int) -> list[tuple[tuple, Comment]]:
    """One comment per author of the changes made to one paragraph."""
    marks = _revision_marks(changed.element, copy.known)
    by_author: dict[str, list[_Hunk]] = {}
    delta = 0
    for e in _diff_edits(paragraph.text, changed.text):
        start = e.start + delta                # where the change sits in the copy's text
        end = start + len(e.text)
        delta += len(e.text) - (e.end - e.start)
        if not (paragraph.text[e.start:e.end] + e.text).strip():
            continue                           # spacing only: nothing a delegate meant to propose
        who = next((m for s, t, m in marks if (start <= s <= end if s == t else s < end and t > start)),
                   copy.reviewer)
        by_author.setdefault(who.author, []).append(_Hunk(e.start, e.end, e.text, who))
    locator = _Locator(paragraph)
    found = []
    for hunks in by_author.values():         # empty when only spacing changed
        edits, said = locator.edits(hunks)
        comment = _proposal(hunks[0].who, paragraph.section, edits, said, copy, quote=paragraph.text)
        found.append(((step, 1), comment))
    return found


def _revision_marks(p, known: set) -> list[tuple[int, int, _Who]]:
    """Who changed what in a copy paragraph: (start, end, who) over its accepted
    text for each tracked insertion, and (at, at, who) where a tracked deletion
    was; a tracked paragraph mark covers the whole paragraph."""
    pieces = dict(text_pieces(p))
    marks: list[tuple[int, int, _Who]] = []
    mark_who: list[_Who] = []
    at = 0
    ppr = p.find(w("pPr"))
    for el in p.iter():
        if el in pieces:
            revision = ancestor_within(el, p, _INSERTED)
            if revision is not None:
                marks.append((at, at + len(pieces[el]), _who(revision)))
            at += len(pieces[el])
        elif el.tag in _DELETED or el.tag in _INSERTED:
            if ppr is not None and ppr in el.iterancestors():
                mark_who.append(_who(el))           # the paragraph mark itself
            elif el.tag in _DELETED:
                marks.append((at, at, _who(el)))
    marks.extend((0, at, who) for who in mark_who)
    return [(s, t, who) for s, t, who in marks if who.author and (who.author, who.date) not in known]


def _removed_run(draft: Draft, copy: _Copy, run: list[tuple[int, Pair]], covered: set[int]) -> list[tuple[tuple, Comment]]:
    """Paragraphs the copy removed (outside wholly removed sections): their text
    deleted, one comment per section."""
    by_section: dict[int, tuple[int, Section, list[Paragraph]]] = {}
    for step, (i, _) in run:
        paragraph = draft.paragraphs[i]
        if i in covered or not paragraph.text.strip():
            continue
        by_section.setdefault(id(paragraph.section), (step, paragraph.section, []))[2].append(paragraph)
    found = []
    for step, section, paragraphs in by_section.values():
        edits, said = [], []
        for paragraph in paragraphs:
            more_edits, more_said = _Locator(paragraph).edits([_Hunk(0, len(paragraph.text), "", copy.reviewer)])
            edits += more_edits
            said += more_said
        found.append(((step, 1), _proposal(copy.reviewer, section, edits, said, copy, quote=paragraphs[0].text)))
    return found


def _added_run(draft: Draft, copy: _Copy, run: list[tuple[int, Pair]]) -> list[tuple[tuple, Comment]]:
    """Paragraphs the copy added, as one `add` placed as near their place as the format allows."""
    added = [copy.paragraphs[j] for _, (_, j) in run]
    texts = [p.text.strip() for p in added if p.text.strip()]
    if not texts:
        return []
    first, last = run[0][0], run[-1][0]
    before = next((draft.paragraphs[i] for i, _ in reversed(copy.pairs[:first]) if i is not None), None)
    after = next((draft.paragraphs[i] for i, _ in copy.pairs[last + 1:] if i is not None), None)
    anchor, position = _add_anchor(draft, before, after, parse_label(texts[0]))
    who = next((m for p in added for _, _, m in _revision_marks(p.element, copy.known)), copy.reviewer)
    text = "\n\n".join(texts)
    edit = Edit(EditKind.ADD, section=anchor.id, text=text, position=position)
    where = f"sau đoạn “{first_words(before.text)}”" if before is not None else \
        f"trước đoạn “{first_words(after.text)}”" if after is not None else "vào văn bản"
    return [((first, 1), _proposal(who, anchor, [edit], [f"bổ sung {where}: “{text}”"], copy))]


def _add_anchor(draft: Draft, before: Paragraph | None, after: Paragraph | None,
                label: Label | None) -> tuple[Section, str]:
    """The section to add after (or before) so that new paragraphs land where
    the copy has them: after a section that ends just before them (one whose
    rank admits a labelled first paragraph), else before the section whose
    heading follows them, else at the end of the section they were written in."""
    if before is not None:
        section: Section | None = before.section
        while section is not None and section.last_paragraph() is before:
            if label is None or section.kind in (PREAMBLE, CLOSING) or _rank(section) <= label.rank:
                return section, "after"
            section = section.parent
    if after is not None and after.section.heading is after and (label is None or _rank(after.section) == label.rank):
        return after.section, "before"
    if before is not None:
        return before.section, "after"
    return (after.section if after is not None else draft.sections[0]), "before"


def _rank(section: Section) -> int:
    label = parse_label(section.label + " ")
    return label.rank if label is not None else -1


class _Locator:
    """Edits of one draft paragraph, written with just enough of the paragraph's
    words around them to occur once in its section."""

    def __init__(self, paragraph: Paragraph):
        self.paragraph = paragraph
        self.text = paragraph.text
        self.words: list[tuple[int, int]] = []
        at = 0
        for token in tokenize(self.text):
            if token[0].isalnum():
                self.words.append((at, at + len(token)))
            at += len(token)

    def edits(self, hunks: list[_Hunk]) -> tuple[list[Edit], list[str]]:
        """Edits for `hunks` (in paragraph order), and a short account of each
        for the comment's text. Hunks whose edits would touch each other are
        merged, because the planner refuses overlapping edits."""
        spans = [(h.start, h.end, h.new) for h in hunks]
        while True:
            located = [self._edit(*span) for span in spans]
            k = next((k for k in range(len(spans) - 1) if located[k + 1][1] <= located[k][2] + 1), None)
            if k is None:
                break
            (s, e, new), (s2, e2, new2) = spans[k], spans[k + 1]
            spans[k:k + 2] = [(s, e2, new + self.text[e:s2] + new2)]
        return [edit for edit, _, _ in located], [self._said(*span) for span in spans]

    def _said(self, start: int, end: int, new: str) -> str:
        old, new = self.text[start:end].strip(), new.strip()
        if not old:
            return f"thêm “{new}”"
        if not new:
            return f"bỏ “{old}”"
        return f"thay “{old}” bằng “{new}”"

    def _edit(self, start: int, end: int, new: str) -> tuple[Edit, int, int]:
        """The edit for text[start:end] → new, and the range of the draft text it touches."""
        text = self.text
        short = self._short_edit(start, end, new)
        if short is not None:
            return short
        while start < end and new[:1] == text[start] and text[start].isspace():
            start, new = start + 1, new[1:]
        while start < end and new[-1:] == text[end - 1] and text[end - 1].isspace():
            end, new = end - 1, new[:-1]
        left = True
        while not (start < end and not text[start].isspace() and not text[end - 1].isspace()
                   and self._unique(start, end)):
            s, e = self._wider_left(start), self._wider_right(end)
            if s is None and e is None:
                break
            if (left and s is not None) or e is None:
                new, start = text[s:start] + new, s
            else:
                new, end = new + text[end:e], e
            left = not left
        edit = Edit(EditKind.REPLACE, target=text[start:end], text=new)
        hits = self._hits(start, end)
        if len(hits) > 1 and (self.paragraph, start, end) in hits:
            edit.occurrence = hits.index((self.paragraph, start, end)) + 1   # a repeated paragraph
        return edit, start, end

    def _short_edit(self, start: int, end: int, new: str) -> tuple[Edit, int, int] | None:
        """A `delete` or `insert` of whole words, when the planner (which takes
        a neighbouring space along with deleted words and puts one around
        inserted words) gives exactly the copy's text; else None, and the change
        is written as a `replace`, which is exact."""
        text = self.text
        wanted = text[:start] + new + text[end:]
        if not new.strip():
            s, e = _strip(text, start, end)
            if s == 0 and e == len(text):       # the whole paragraph: nothing around to adjust
                result, touched = "", (s, e)
            elif not _words_only(text[s:e]):
                return None
            elif s > 0 and text[s - 1] == " " and (e == len(text) or text[e] in _AFTER_DELETION):
                result, touched = text[:s - 1] + text[e:], (s - 1, e)
            elif s == 0 and text[e:e + 1] == " ":
                result, touched = text[e + 1:], (s, e + 1)
            else:
                return None
            if result == wanted and self._unique(s, e):
                return Edit(EditKind.DELETE, target=text[s:e]), *touched
            return None
        core = new.strip()
        if start != end or not _words_only(core):
            return None
        at = start
        while at > 0 and text[at - 1].isspace():
            at -= 1
        if (at > 0 and (text[at - 1].isalnum() or text[at - 1] in _BEFORE_INSERTION)
                and (at == len(text) or not text[at].isalnum())
                and text[:at] + " " + core + text[at:] == wanted):
            s = self._context(at, left=True)
            if s is not None:
                return Edit(EditKind.INSERT, target=text[s:at], text=core, position="after"), at, at
        at = start
        while at < len(text) and text[at].isspace():
            at += 1
        if (at < len(text) and text[at].isalnum() and (at == 0 or text[at - 1].isspace())
                and text[:at] + core + " " + text[at:] == wanted):
            e = self._context(at, left=False)
            if e is not None:
                return Edit(EditKind.INSERT, target=text[at:e], text=core, position="before"), at, at
        return None

    def _context(self, at: int, left: bool) -> int | None:
        """The far end of the fewest whole words before (or after) `at` that occur once in the section."""
        edge: int | None = at
        while True:
            edge = self._wider_left(edge) if left else self._wider_right(edge)
            if edge is None:
                return None
            if self._unique(edge, at) if left else self._unique(at, edge):
                return edge

    def _wider_left(self, start: int) -> int | None:
        """Where the target starts when it takes in the next word on the left."""
        starts = [s for s, e in self.words if e <= start]
        if starts:
            return starts[-1]
        return 0 if start > 0 else None

    def _wider_right(self, end: int) -> int | None:
        ends = [e for s, e in self.words if s >= end]
        if ends:
            return ends[0]
        return len(self.text) if end < len(self.text) else None

    def _hits(self, start: int, end: int) -> list[tuple[Paragraph, int, int]]:
        target = self.text[start:end]
        return [(p, s, e) for p in self.paragraph.section.paragraphs for s, e in find_all(p.text, target)]

    def _unique(self, start: int, end: int) -> bool:
        return self._hits(start, end) == [(self.paragraph, start, end)]


def _words_only(text: str) -> bool:
    """Starts and ends with a letter or digit (words, not punctuation, at both edges)."""
    return bool(text) and text[0].isalnum() and text[-1].isalnum()


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
