"""The differences between a marked copy and the draft as proposed edits:
pending comments by whoever made each change (the tracked change's author,
else the copy's reviewer), written against the draft's text with just enough
context to occur once in the section."""
from __future__ import annotations

from dataclasses import dataclass

from drafting.align import Pair
from drafting.labels import Label, parse_label
from drafting.model import CLOSING, PREAMBLE, Comment, Draft, Edit, EditKind, Paragraph, Section
from drafting.oxml.ns import w
from drafting.oxml.revision import diff_edits, tokenize     # the revision engine's word-level diff
from drafting.oxml.text import ancestor_within, text_pieces
from drafting.outline import first_words
from drafting.text import find_all

from .copies import DELETED, INSERTED, Found, MarkedCopy, Who, who_of

EDIT_TEXT = "Đề xuất sửa trực tiếp trên dự thảo"
# Where the planner's spacing of deleted and inserted words is plain (a subset of the
# characters it treats as closing and of those after which it adds a space).
_AFTER_DELETION = " ,.;:!?)"
_BEFORE_INSERTION = ",.;:!?)"


@dataclass
class _Hunk:
    """A change of one draft paragraph: text[start:end] became `new`."""
    start: int
    end: int
    new: str
    who: Who


def proposals(draft: Draft, copy: MarkedCopy) -> list[Found]:
    """The differences between the copy and the draft as pending comments with edits,
    each with its sort key (position, 1) and the draft text it changes."""
    found: list[Found] = []
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
        where = {p.index: (0, len(p.text)) for p in section.all_paragraphs()}
        found.append(Found((step, 1), _proposal(copy.reviewer, section, [edit], [f"bỏ mục {section.id}"], copy),
                           where))
    return found


def _proposal(who: Who, section: Section | None, edits: list[Edit], said: list[str], copy: MarkedCopy,
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


def _modified(paragraph: Paragraph, changed: Paragraph, copy: MarkedCopy, step: int) -> list[Found]:
    """One comment per author of the changes made to one paragraph."""
    marks = _revision_marks(changed.element, copy.known)
    by_author: dict[str, list[_Hunk]] = {}
    delta = 0
    for e in diff_edits(paragraph.text, changed.text):
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
        found.append(Found((step, 1), comment, {paragraph.index: (hunks[0].start, hunks[-1].end)}))
    return found


def _revision_marks(p, known: set) -> list[tuple[int, int, Who]]:
    """Who changed what in a copy paragraph: (start, end, who) over its accepted
    text for each tracked insertion, and (at, at, who) where a tracked deletion
    was; a tracked paragraph mark covers the whole paragraph."""
    pieces = dict(text_pieces(p))
    marks: list[tuple[int, int, Who]] = []
    mark_who: list[Who] = []
    at = 0
    ppr = p.find(w("pPr"))
    for el in p.iter():
        if el in pieces:
            revision = ancestor_within(el, p, INSERTED)
            if revision is not None:
                marks.append((at, at + len(pieces[el]), who_of(revision)))
            at += len(pieces[el])
        elif el.tag in DELETED or el.tag in INSERTED:
            if ppr is not None and ppr in el.iterancestors():
                mark_who.append(who_of(el))           # the paragraph mark itself
            elif el.tag in DELETED:
                marks.append((at, at, who_of(el)))
    marks.extend((0, at, who) for who in mark_who)
    return [(s, t, who) for s, t, who in marks if who.author and (who.author, who.date) not in known]


def _removed_run(draft: Draft, copy: MarkedCopy, run: list[tuple[int, Pair]], covered: set[int]) -> list[Found]:
    """Paragraphs the copy removed (outside wholly removed sections): their text
    deleted, one comment per section."""
    by_section: dict[int, tuple[int, Section, list[Paragraph]]] = {}
    for step, (i, _) in run:
        paragraph = draft.paragraphs[i]
        if i in covered or not paragraph.text.strip():
            continue
        by_section.setdefault(id(paragraph.section), (step, paragraph.section, []))[2].append(paragraph)
    deleted_by = {i: el for el, i in copy.deleted_of.items()}      # draft paragraph → the copy's, deleted tracked
    found = []
    for step, section, paragraphs in by_section.values():
        edits, said = [], []
        for paragraph in paragraphs:
            more_edits, more_said = _Locator(paragraph).edits([_Hunk(0, len(paragraph.text), "", copy.reviewer)])
            edits += more_edits
            said += more_said
        marks = (who_of(d) for p in paragraphs if p.index in deleted_by for d in deleted_by[p.index].iter(*DELETED))
        who = next((m for m in marks if m.author and (m.author, m.date) not in copy.known), copy.reviewer)
        where = {p.index: (0, len(p.text)) for p in paragraphs}
        found.append(Found((step, 1), _proposal(who, section, edits, said, copy, quote=paragraphs[0].text), where))
    return found


def _added_run(draft: Draft, copy: MarkedCopy, run: list[tuple[int, Pair]]) -> list[Found]:
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
    if position == "after" and before is not None and before.section is anchor and anchor.last_paragraph() is not before:
        edit.target = _words_naming(before)        # in the middle of the section: after its paragraph
    where = f"sau đoạn “{first_words(before.text)}”" if before is not None else \
        f"trước đoạn “{first_words(after.text)}”" if after is not None else "vào văn bản"
    return [Found((first, 1), _proposal(who, anchor, [edit], [f"bổ sung {where}: “{text}”"], copy))]


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


def _words_naming(paragraph: Paragraph) -> str:
    """The fewest last words of a paragraph (three at least, to be read) that
    no other paragraph of its section holds."""
    words = paragraph.text.split()
    others = [p.text for p in paragraph.section.paragraphs if p is not paragraph]
    for k in range(min(3, len(words)), len(words) + 1):
        tail = " ".join(words[-k:])
        if not any(find_all(text, tail) for text in others) and len(find_all(paragraph.text, tail)) == 1:
            return tail
    return paragraph.text.strip()


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
