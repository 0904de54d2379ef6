"""Tracked revisions: the only module that writes `w:ins` / `w:del`.

A paragraph is revised by diffing its accepted-view text (`text_pieces`, the
toolkit's single definition of paragraph text) against the wanted text, word by
word, and mapping each change back onto the runs: runs are split at the change
boundaries so that untouched text keeps its runs and formatting, deleted text is
wrapped in `w:del` (its `w:t` become `w:delText`, its `w:rPr` stays), inserted
text becomes a `w:ins` run carrying the formatting of the text it joins, by
one rule whatever side of a space the diff puts it: the formatting of the first
letter or digit it replaces, else of the nearest letter or digit before it in
the paragraph, else of the nearest after it (spaces and punctuation, whose
formatting nobody sees, never decide).

Structural rules kept here so that every reader (Word, LibreOffice, pandoc)
sees the same document:
- revisions never nest in their own kind: text inside an existing `w:ins` is
  deleted with a `w:del` inside that `w:ins` (as Word does); a new insertion
  next to such text splits the existing `w:ins` and goes between the halves;
- text inside an existing `w:del` is invisible and never touched;
- a complex field whose `begin` and `end` runs are siblings is atomic: a change
  touching its result replaces the whole result, and a deletion covering the
  whole result deletes the field with its instruction, so no reader is left
  with half a field;
- every revision element gets a fresh `w:id`, the author and the date.
"""
from __future__ import annotations

import bisect
import copy
import re
import unicodedata
from dataclasses import dataclass, field
from diff_match_patch import diff_match_patch

from .ns import M_NS, MC_NS, XML_NS, w
from .text import (W_BR, W_CR, W_FLDCHAR, W_INSTR, W_NBH, W_P, W_R, W_T, W_TAB, W_TBL, W_TR, paragraph_text,
                   text_pieces)
from .text import is_hidden as _hidden  # the same "not visible" test text_pieces uses

W_INS = w("ins")
W_DEL = w("del")
W_MOVE_TO = w("moveTo")
W_MOVE_FROM = w("moveFrom")
W_DEL_TEXT = w("delText")
W_DEL_INSTR = w("delInstrText")
W_PPR = w("pPr")
W_RPR = w("rPr")
W_SECTPR = w("sectPr")
W_PPR_CHANGE = w("pPrChange")
W_RPR_CHANGE = w("rPrChange")
W_HYPERLINK = w("hyperlink")
W_SDT_CONTENT = w("sdtContent")
W_TXBX = w("txbxContent")
W_TRPR = w("trPr")
W_TBLPREX = w("tblPrEx")
W_TRPR_CHANGE = w("trPrChange")
M_R = f"{{{M_NS}}}r"
XML_SPACE = f"{{{XML_NS}}}space"

# Revision elements that carry their own w:id (copies of them need fresh ids).
REVISION_TAGS = frozenset(w(t) for t in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
    "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange",
    "cellIns", "cellDel", "cellMerge",
))
# Run containers an insertion may be placed in (or step out of).
_CONTAINERS = frozenset(w(t) for t in (
    "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo", "sdtContent",
))
# Existing revisions that hold visible text: our own w:ins never goes inside them.
_TRACKED = frozenset({W_INS, W_MOVE_TO})
# Markup that may sit between deleted runs inside one w:del (schema allows it).
_TRANSPARENT = frozenset(w(t) for t in ("proofErr", "bookmarkStart", "bookmarkEnd"))
# Paragraph-mark revision markers, in schema order at the start of the mark's w:rPr.
_MARK_TAGS = (W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO)
# Formatting that makes a run look like a link; dropped when inserted text
# joins link text from outside the link.
_LINK_LOOK = frozenset(w(t) for t in ("rStyle", "color", "u"))


@dataclass
class RevisionContext:
    """Author, date and the `w:id` allocator shared by every revision of one
    output document (ids must be unique across the whole document)."""

    author: str
    date: str
    next_id: int = 1
    # Paragraphs deleted through this context: a deleted last paragraph is
    # compensated on the mark of the paragraph before it, and needs to know
    # which of the following paragraphs are going too.
    deleted_paragraphs: set = field(default_factory=set, repr=False)

    def allocate(self) -> str:
        value = self.next_id
        self.next_id += 1
        return str(value)

    def stamp(self, el) -> None:
        """Give a revision element a fresh id and this context's author and date."""
        el.set(w("id"), self.allocate())
        el.set(w("author"), self.author)
        if self.date:
            el.set(w("date"), self.date)
        else:
            el.attrib.pop(w("date"), None)

    def new_revision(self, maker, tag: str):
        el = maker.makeelement(tag)
        self.stamp(el)
        return el


@dataclass
class Hunk:
    """One change of a paragraph: `old` text at offset `start` became `new`;
    `elements` are the `w:del` / `w:ins` elements that carry it, in order."""

    start: int
    old: str
    new: str
    elements: list


# --------------------------------------------------------------------------- diff

_TOKEN = re.compile(r"[\w\u0300-\u036f]+|[^\S\n\t]+|.", re.DOTALL)


def tokenize(text: str) -> list[str]:
    """Words (a Vietnamese syllable is a word; digits too), runs of spaces, and
    single other characters; "\\n" and "\\t" are tokens of their own.
    The tokens concatenate back to `text`."""
    return _TOKEN.findall(text)


def _code_char(code: int) -> str:
    """The code'th character of the token alphabet, skipping surrogates."""
    code += 1
    if code >= 0xD800:
        code += 0x800
    return chr(code)


@dataclass
class _Edit:
    start: int
    end: int
    text: str


def _unchanged_ends(dmp: diff_match_patch, old: str, new: str) -> tuple[int, int]:
    """Lengths of a prefix and a suffix `old` and `new` share, each ending at a
    token boundary of both (a space before, no space after): the diff needs
    only what lies between, and a long paragraph with one changed word need
    not be tokenised whole."""
    limit = min(len(old), len(new))

    def boundary(a: str, b: str, at_a: int, at_b: int) -> bool:
        return (0 < at_a < len(a) and 0 < at_b < len(b) and a[at_a - 1].isspace() and b[at_b - 1].isspace()
                and not a[at_a].isspace() and not b[at_b].isspace())

    prefix = dmp.diff_commonPrefix(old, new)
    while prefix > 0 and not boundary(old, new, prefix, prefix):
        prefix -= 1
    suffix = min(dmp.diff_commonSuffix(old, new), limit - prefix)
    while suffix > 0 and not boundary(old, new, len(old) - suffix, len(new) - suffix):
        suffix -= 1
    return prefix, suffix


def diff_edits(old: str, new: str) -> list[_Edit]:
    """Word-level edits turning `old` into `new`, as replacements of old ranges.

    Tokens are mapped to single characters (diff-match-patch's lines-to-chars
    trick applied to tokens), so the diff and its semantic cleanup work on whole
    words and never split a syllable.
    """
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    prefix, suffix = _unchanged_ends(dmp, old, new)
    old_tokens = tokenize(old[prefix:len(old) - suffix])
    new_tokens = tokenize(new[prefix:len(new) - suffix])
    alphabet = {token: _code_char(k) for k, token in enumerate(dict.fromkeys(old_tokens + new_tokens))}
    decode = {ch: token for token, ch in alphabet.items()}

    def encode(tokens: list[str]) -> str:
        return "".join(map(alphabet.__getitem__, tokens))

    def text_of(chars: str) -> str:
        return "".join(map(decode.__getitem__, chars))

    diffs = dmp.diff_main(encode(old_tokens), encode(new_tokens), False)
    dmp.diff_cleanupSemantic(diffs)
    edits: list[_Edit] = []
    offset = prefix
    current: _Edit | None = None
    for op, chars in diffs:
        text = text_of(chars)
        if op == dmp.DIFF_EQUAL:
            if current is not None:
                edits.append(current)
                current = None
            offset += len(text)
            continue
        if current is None:
            current = _Edit(offset, offset, "")
        if op == dmp.DIFF_DELETE:
            offset += len(text)
            current.end = offset
        else:
            current.text += text
    if current is not None:
        edits.append(current)
    return edits


# ------------------------------------------------------------------ run surgery

def _preserve(t) -> None:
    """Keep leading/trailing spaces of a w:t / w:delText when Word reads it."""
    if t.text and (t.text[0].isspace() or t.text[-1].isspace()):
        t.set(XML_SPACE, "preserve")


def _has_visible_text(el) -> bool:
    return el.tag not in (W_DEL, W_MOVE_FROM) and bool(text_pieces(el))


def _visible_after(el) -> bool:
    return any(_has_visible_text(sib) for sib in el.itersiblings())


def _in_text_box(el, stop) -> bool:
    """Text of a text box anchored in a deleted run is its own story, not deleted text."""
    parent = el.getparent()
    while parent is not stop:
        if parent.tag == W_TXBX:
            return True
        parent = parent.getparent()
    return False


def _container_of(parent):
    """The element that stands for `parent` among its own siblings (an inline
    content control is entered through its w:sdtContent)."""
    return parent.getparent() if parent.tag == W_SDT_CONTENT else parent


def _follows(el, later) -> bool:
    return any(sib is later for sib in el.itersiblings())


@dataclass
class _Field:
    """A complex field whose begin and end runs are siblings, and the span
    [start, end) of its result in the paragraph text."""

    begin_run: object
    end_run: object
    start: int
    end: int

    def runs(self) -> list:
        out = [self.begin_run]
        for sib in self.begin_run.itersiblings():
            out.append(sib)
            if sib is self.end_run:
                break
        return out


class _ParagraphEditor:
    """Applies edits to one paragraph, right to left: every split keeps the
    left part in the original node, so offsets left of the current edit keep
    pointing at the nodes `text_pieces` returned at the start."""

    def __init__(self, paragraph, ctx: RevisionContext):
        self.p = paragraph
        self.ctx = ctx
        self.pieces = text_pieces(paragraph)
        self.starts: list[int] = []
        offset = 0
        for _, text in self.pieces:
            self.starts.append(offset)
            offset += len(text)
        self.text = "".join(t for _, t in self.pieces)
        self.fields = self._find_fields()

    # -- locating

    def _find_fields(self) -> list[_Field]:
        lengths = {node: len(text) for node, text in self.pieces}
        fields: list[_Field] = []
        offset = depth = begin_offset = 0
        begin = None
        for el in self.p.iter(W_FLDCHAR, W_T, W_TAB, W_BR, W_CR, W_NBH):
            if el.tag != W_FLDCHAR:
                offset += lengths.get(el, 0)
                continue
            if _hidden(el, self.p):
                continue
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                if depth == 0:
                    begin, begin_offset = el, offset
                depth += 1
            elif kind == "end" and depth:
                depth -= 1
                if depth == 0 and begin.getparent().getparent() is el.getparent().getparent():
                    fields.append(_Field(begin.getparent(), el.getparent(), begin_offset, offset))
        return fields

    def _index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def _split_text(self, offset: int):
        """Make a node boundary at `offset`; return the node that starts there."""
        i = self._index(offset)
        node, start = self.pieces[i][0], self.starts[i]
        if offset == start:
            return node
        right = node.makeelement(W_T)
        right.text = node.text[offset - start:]
        node.text = node.text[:offset - start]
        _preserve(node)
        _preserve(right)
        node.addnext(right)
        return right

    def _split_run_before(self, node) -> None:
        """Move `node` and what follows it in its run into a new run with the
        same properties, placed right after."""
        run = node.getparent()
        prev = node.getprevious()
        if prev is None or prev.tag == W_RPR:
            return
        new_run = run.makeelement(run.tag, dict(run.attrib))
        rpr = run.find(W_RPR)
        if rpr is not None:
            new_run.append(self._copy(rpr))
        for el in [node, *node.itersiblings()]:
            new_run.append(el)
        run.addnext(new_run)

    def _cut_before(self, offset: int):
        """A run boundary at `offset`; the node starting there."""
        node = self._split_text(offset)
        self._split_run_before(node)
        return node

    def _cut_after(self, offset: int):
        """A run boundary right after the character at `offset`; the node
        holding that character (what follows it in the run moves out, so an
        image after deleted text is not deleted with it)."""
        i = self._index(offset)
        node = self.pieces[i][0]
        if node.tag == W_T and offset + 1 - self.starts[i] < len(node.text):
            self._split_text(offset + 1)
        following = node.getnext()
        if following is not None:
            self._split_run_before(following)
        return node

    def _copy(self, rpr):
        """A copy of run properties; a recorded formatting change in them gets a
        fresh id (ids stay unique)."""
        dup = copy.deepcopy(rpr)
        change = dup.find(W_RPR_CHANGE)
        if change is not None:
            change.set(w("id"), self.ctx.allocate())
        return dup

    # -- deleting

    def _field_runs_within(self, start: int, end: int) -> list:
        out = []
        for f in self.fields:
            if start <= f.start and f.end <= end and (f.start < f.end or start < f.start < end):
                out.extend(f.runs())
        return out

    def delete_runs(self, runs: list) -> list:
        """Wrap `runs` (in document order; sibling groups of them) in w:del;
        return the w:del elements."""
        return self.wrap_runs(runs, W_DEL)

    def wrap_runs(self, runs: list, tag: str) -> list:
        """Wrap `runs` (in document order; sibling groups of them) in `tag`
        (w:del or w:ins); return the wrappers. The text boxes the runs anchor
        are stories of their own: their content gets the same revision, so
        that deleting (or inserting) a text box deletes (inserts) its text."""
        wanted = set(runs)
        ordered = list(dict.fromkeys(runs))
        groups: list[list] = []
        for run in ordered:
            if groups and self._joins(groups[-1][-1], run, wanted):
                groups[-1].append(run)
            else:
                groups.append([run])
        wrappers = []
        for group in groups:
            first, last = group[0], group[-1]
            members = [first]
            for sib in first.itersiblings():
                if members[-1] is last:
                    break
                members.append(sib)
            wrapper = self.ctx.new_revision(self.p, tag)
            first.addprevious(wrapper)
            for el in members:
                wrapper.append(el)
            if tag == W_DEL:
                for t in wrapper.iter(W_T, W_INSTR):
                    if not _in_text_box(t, wrapper):
                        t.tag = W_DEL_TEXT if t.tag == W_T else W_DEL_INSTR
            for story in _outer_text_boxes(wrapper):
                mark_story(story, tag, self.ctx)
            wrappers.append(wrapper)
        return wrappers

    @staticmethod
    def _joins(prev, run, wanted: set) -> bool:
        if run.getparent() is not prev.getparent():
            return False
        for sib in prev.itersiblings():
            if sib is run:
                return True
            if sib not in wanted and sib.tag not in _TRANSPARENT:
                return False
        return False

    # -- inserting

    def _inserted(self, text: str, rpr):
        ins = self.ctx.new_revision(self.p, W_INS)
        run = ins.makeelement(W_R)
        ins.append(run)
        if rpr is not None:
            run.append(rpr)
        for part in re.split(r"([\t\n])", text):
            if part == "\t":
                run.append(run.makeelement(W_TAB))
            elif part == "\n":
                run.append(run.makeelement(W_BR))
            elif part:
                t = run.makeelement(W_T)
                t.text = part
                _preserve(t)
                run.append(t)
        return ins

    def _formatting_run(self, start: int, end: int):
        """The run whose formatting text inserted over [start, end) takes (the
        rule of the module docstring): that of the first letter or digit it
        replaces, else of the nearest before it, else after it; None without any."""
        text = self.text
        k = next((k for k in range(start, end) if text[k].isalnum()), None)
        if k is None:
            k = next((k for k in range(start - 1, -1, -1) if text[k].isalnum()), None)
        if k is None:
            k = next((k for k in range(end, len(text)) if text[k].isalnum()), None)
        return self.pieces[self._index(k)][0].getparent() if k is not None else None

    def _inserted_rpr(self, run, left_link: bool):
        """The formatting of the run the insertion joins, without its own
        revision history; without the link look if the text stays out of the link."""
        source = run.find(W_RPR) if run is not None else self._mark_rpr()
        if source is None:
            return None
        rpr = copy.deepcopy(source)
        drop = {W_RPR_CHANGE, *_MARK_TAGS} | (_LINK_LOOK if left_link else set())
        for child in list(rpr):
            if child.tag in drop:
                rpr.remove(child)
        return rpr

    def _mark_rpr(self):
        ppr = self.p.find(W_PPR)
        return ppr.find(W_RPR) if ppr is not None else None

    def _split_tracked_after(self, tracked, el) -> None:
        """Split an existing w:ins/w:moveTo after `el` so that something can go
        between the halves; the right half is the same revision with a new id."""
        right = tracked.makeelement(tracked.tag, dict(tracked.attrib))
        right.set(w("id"), self.ctx.allocate())
        for sib in list(el.itersiblings()):
            right.append(sib)
        tracked.addnext(right)

    def _past_field_end(self, el, offset: int):
        for f in self.fields:
            if f.start < f.end == offset and f.end_run.getparent() is el.getparent() and _follows(el, f.end_run):
                return f.end_run
        return el

    def _anchor_after(self, el, offset: int, leave_containers: bool) -> tuple[object, bool]:
        """Where text inserted at `offset`, just after `el`, goes (after the
        returned element): out of existing insertions always, out of links and
        other containers when `el` ends their visible text, past the end of a
        field whose result ends here. Also says whether a link was left."""
        left_link = False
        while True:
            el = self._past_field_end(el, offset)
            parent = el.getparent()
            if parent is self.p:
                return el, left_link
            if parent.tag in _TRACKED:
                if _visible_after(el):
                    self._split_tracked_after(parent, el)
                el = parent
            elif leave_containers and parent.tag in _CONTAINERS and not _visible_after(el):
                left_link |= parent.tag == W_HYPERLINK
                el = _container_of(parent)
            else:
                return el, left_link

    def _anchor_before_start(self, el) -> tuple[object, bool]:
        """Where text inserted at the paragraph start goes (before the returned
        element): before every container and field that holds the first text."""
        left_link = False
        while True:
            for f in self.fields:
                if f.start == 0 and f.begin_run.getparent() is el.getparent() and _follows(f.begin_run, el):
                    el = f.begin_run
            parent = el.getparent()
            if parent is self.p:
                return el, left_link
            left_link |= parent.tag == W_HYPERLINK
            el = _container_of(parent)

    # -- edits

    def widen_over_fields(self, edits: list[_Edit]) -> list[_Edit]:
        """Edits touching part of an atomic field's result are widened to the
        whole result (the untouched part is deleted and inserted again)."""
        spans = [_Edit(f.start, f.end, "") for f in self.fields if f.start < f.end]
        if not spans:
            return edits
        items = sorted([(e.start, e.end, False, e) for e in edits] + [(s.start, s.end, True, s) for s in spans],
                       key=lambda x: (x[0], x[1]))
        groups: list[list] = []
        for item in items:
            if groups and item[0] < max(x[1] for x in groups[-1]):
                groups[-1].append(item)
            else:
                groups.append([item])
        out = []
        for group in groups:
            own = [x[3] for x in group if not x[2]]
            if not own:
                continue
            if len(group) == 1:
                out.append(own[0])
                continue
            start, end = group[0][0], max(x[1] for x in group)
            text, cursor = [], start
            for e in own:
                text += [self.text[cursor:e.start], e.text]
                cursor = e.end
            text.append(self.text[cursor:end])
            out.append(_Edit(start, end, "".join(text)))
        return out

    def apply(self, edit: _Edit) -> Hunk:
        s, e = edit.start, edit.end
        elements: list = []
        anchor = join_run = None
        if e > s:
            self._cut_after(e - 1)
            first = self._cut_before(s)
            runs = [first.getparent()]
            runs += [self.pieces[i][0].getparent()
                     for i in range(self._index(s) + 1, bisect.bisect_left(self.starts, e))]
            field_runs = self._field_runs_within(s, e)
            if field_runs:
                wanted = set(runs + field_runs)
                runs = [r for r in self.p.iter(W_R) if r in wanted]
            join_run = runs[0]
            elements = self.delete_runs(runs)
        if edit.text:
            if elements:
                anchor, left_link = self._anchor_after(elements[-1], e, leave_containers=False)
                place = anchor.addnext
            elif s > 0:
                join_run = self._cut_after(s - 1).getparent()
                anchor, left_link = self._anchor_after(join_run, s, leave_containers=True)
                place = anchor.addnext
            elif self.pieces:
                join_run = self.pieces[0][0].getparent()
                anchor, left_link = self._anchor_before_start(join_run)
                place = anchor.addprevious
            else:
                left_link, place = False, self.p.append
            source = self._formatting_run(s, e)
            if source is not None and source is not join_run:
                link = next(source.iterancestors(W_HYPERLINK), None)
                left_link = link is not None and link not in anchor.iterancestors() if anchor is not None else False
                join_run = source
            ins = self._inserted(edit.text, self._inserted_rpr(join_run, left_link))
            place(ins)
            elements.append(ins)
        return Hunk(start=s, old=self.text[s:e], new=edit.text, elements=elements)


def revise_paragraph(p, new_text: str, ctx: RevisionContext) -> list[Hunk]:
    """Turn paragraph `p` (in place) into one whose accepted text is `new_text`,
    with word-level tracked changes; the hunks in document order.

    Texts are compared in NFC: a paragraph stored decomposed (NFD, as text
    pasted from old tools often is) gets the same word-level changes as a
    composed one, and no change where only the normal form differs; the
    hunks' offsets and old text are in NFC too (as the reader gives the text)."""
    new_text = unicodedata.normalize("NFC", new_text)
    if unicodedata.normalize("NFC", paragraph_text(p)) == new_text:
        return []
    _resolve_run_alternates(p)
    forms = _Forms(paragraph_text(p))
    edits = forms.raw_edits(diff_edits(forms.nfc, new_text))
    _simple_fields_to_complex(p, edits)
    editor = _ParagraphEditor(p, ctx)
    edits = editor.widen_over_fields(edits)
    hunks = [forms.hunk_in_nfc(editor.apply(edit)) for edit in reversed(edits)]
    hunks.reverse()
    _renumber([el for hunk in hunks for el in hunk.elements])
    return hunks


def revise_spans(p, spans: list[tuple[int, int, str, str, str | None]], ctx: RevisionContext) -> list[Hunk]:
    """Tracked changes by several authors on one paragraph (`drafting combine`):
    each span (start, end, new text, author, date) on the paragraph's text, the
    spans not overlapping; insertions at one offset keep the order given."""
    editor = _ParagraphEditor(p, ctx)
    hunks = []
    for start, end, text, author, date in reversed(sorted(spans, key=lambda s: (s[0], s[1]))):
        ctx.author, ctx.date = author, date or ""
        hunks.append(editor.apply(_Edit(start, end, text)))
    hunks.reverse()
    _renumber([el for hunk in hunks for el in hunk.elements])
    return hunks


def text_runs(p, start: int, end: int, ctx: RevisionContext) -> tuple:
    """The first and last run holding the paragraph's text [start, end), split
    at both ends, so that a comment can be anchored on exactly that text."""
    editor = _ParagraphEditor(p, ctx)
    last = editor._cut_after(end - 1)
    first = editor._cut_before(start)
    same = editor._index(start) == editor._index(end - 1)
    return first.getparent(), (first if same else last).getparent()


def replace_object_run(p, run, new_run, ctx: RevisionContext) -> list:
    """Replace `run` of paragraph `p` (a run holding an object, such as an
    image) by `new_run` as a tracked deletion followed by a tracked insertion;
    the revision elements."""
    editor = _ParagraphEditor(p, ctx)
    deleted = editor.wrap_runs([run], W_DEL)
    deleted[-1].addnext(new_run)
    return deleted + editor.wrap_runs([new_run], W_INS)


class _Forms:
    """A paragraph's stored text and its NFC form, with offsets mapped between
    them at the boundaries of characters with their combining marks (the text
    is normalised one such cluster at a time; where that does not give the NFC
    of the whole, which no Latin script does, the stored text is used as is)."""

    def __init__(self, raw: str):
        self.raw = raw
        self.nfc = unicodedata.normalize("NFC", raw)
        self.to_raw: dict[int, int] = {}
        self.to_nfc: dict[int, int] = {}
        if self.nfc == raw:
            return
        n, pieces = 0, []
        starts = [i for i, ch in enumerate(raw) if i == 0 or not unicodedata.combining(ch)] + [len(raw)]
        for a, b in zip(starts, starts[1:]):
            self.to_raw[n], self.to_nfc[a] = a, n
            pieces.append(unicodedata.normalize("NFC", raw[a:b]))
            n += len(pieces[-1])
        self.to_raw[n], self.to_nfc[len(raw)] = len(raw), n
        if "".join(pieces) != self.nfc:
            self.nfc, self.to_raw, self.to_nfc = raw, {}, {}
        self.boundaries = sorted(self.to_raw)

    def raw_edits(self, edits: list[_Edit]) -> list[_Edit]:
        """NFC-offset edits as edits of the stored text, widened to whole clusters."""
        if not self.to_raw:
            return edits
        out = []
        for e in edits:
            start = self.boundaries[bisect.bisect_right(self.boundaries, e.start) - 1]
            end = self.boundaries[bisect.bisect_left(self.boundaries, e.end)]
            text = self.nfc[start:e.start] + e.text + self.nfc[e.end:end]
            out.append(_Edit(self.to_raw[start], self.to_raw[end], text))
        return out

    def hunk_in_nfc(self, hunk: Hunk) -> Hunk:
        if not self.to_nfc:
            return hunk
        hunk.start, hunk.old = self.to_nfc[hunk.start], unicodedata.normalize("NFC", hunk.old)
        return hunk


_RUN_ALTERNATES = f"{{{MC_NS}}}AlternateContent"
_FALLBACK = f"{{{MC_NS}}}Fallback"


def _resolve_run_alternates(p) -> None:
    """Replace the alternate content held in the runs of a paragraph about to be
    edited (Word 365's emoji: mc:Choice w16se:symEx, mc:Fallback w:t) by its
    fallback, the text every reader shows: a tracked change can then split,
    delete or follow that text like any other (a w:del cannot sit inside
    mc:AlternateContent). Alternate content in run properties stays."""
    for content in [el for el in p.iter(_RUN_ALTERNATES) if el.getparent().tag == W_R]:
        fallback = content.find(_FALLBACK)
        for child in (list(fallback) if fallback is not None else []):
            content.addprevious(child)
        content.getparent().remove(content)


_FLD_SIMPLE = w("fldSimple")


def _simple_fields_to_complex(p, edits: list[_Edit]) -> None:
    """Rewrite the simple fields (w:fldSimple) of paragraph `p` that `edits`
    touch as the equivalent complex fields (begin, instruction, separate,
    result, end), which Word and LibreOffice read the same. A tracked change
    cannot sit inside a w:fldSimple, nor wrap one; an edit touching a complex
    field's result is widened to the whole field, deleted and inserted as text
    (see `widen_over_fields`), so that accepting it shows the new text and no
    field update can bring the old result back. Fields no edit touches stay as
    they are (the text does not move: instructions and field marks have none)."""
    spans: dict = {}
    offset = 0
    for node, text in text_pieces(p):
        field_el = next(node.iterancestors(_FLD_SIMPLE), None)
        if field_el is not None:
            start, _ = spans.get(field_el, (offset, offset))
            spans[field_el] = (start, offset + len(text))
        offset += len(text)
    touched = [f for f, (start, end) in spans.items() if any(e.start <= end and e.end >= start for e in edits)]
    for field_el in touched:
        runs = [r for r in field_el if r.tag == W_R]
        rpr = runs[0].find(W_RPR) if runs else None

        def run_with(child):
            run = field_el.makeelement(W_R, {})
            if rpr is not None:
                run.append(copy.deepcopy(rpr))
            run.append(child)
            return run

        begin = field_el.makeelement(W_FLDCHAR, {w("fldCharType"): "begin"})
        for name in ("fldLock", "dirty"):
            if field_el.get(w(name)) is not None:
                begin.set(w(name), field_el.get(w(name)))
        data = field_el.find(w("fldData"))
        if data is not None:
            begin.append(data)
        instr = field_el.makeelement(W_INSTR, {})
        instr.text = field_el.get(w("instr"), "")
        _preserve(instr)
        parts = [run_with(begin), run_with(instr),
                 run_with(field_el.makeelement(W_FLDCHAR, {w("fldCharType"): "separate"})),
                 *list(field_el), run_with(field_el.makeelement(W_FLDCHAR, {w("fldCharType"): "end"}))]
        for part in parts:
            field_el.addprevious(part)
        field_el.getparent().remove(field_el)


def _renumber(elements: list) -> None:
    """Edits are applied right to left; give their ids back in reading order
    (readers list revisions by id)."""
    ids = sorted(int(el.get(w("id"))) for el in elements)
    for el, value in zip(elements, ids):
        el.set(w("id"), str(value))


# ------------------------------------------------------------- paragraph marks

def _mark_rpr_of(p):
    """The paragraph mark's w:rPr, created in schema position if missing."""
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = p.makeelement(W_PPR)
        p.insert(0, ppr)
    rpr = ppr.find(W_RPR)
    if rpr is None:
        rpr = ppr.makeelement(W_RPR)
        later = [c for c in ppr if c.tag in (W_SECTPR, W_PPR_CHANGE)]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    return rpr


def mark_paragraph(p, tag: str, ctx: RevisionContext):
    """Mark `p`'s paragraph mark inserted or deleted (idempotent); the marker."""
    rpr = _mark_rpr_of(p)
    existing = rpr.find(tag)
    if existing is not None:
        return existing
    marker = ctx.new_revision(p, tag)
    position = sum(1 for c in rpr if c.tag in _MARK_TAGS[:_MARK_TAGS.index(tag)])
    rpr.insert(position, marker)
    return marker


def _mark_is(p, tag: str) -> bool:
    ppr = p.find(W_PPR)
    rpr = ppr.find(W_RPR) if ppr is not None else None
    return rpr is not None and rpr.find(tag) is not None


def _ends_section(p) -> bool:
    ppr = p.find(W_PPR)
    return ppr is not None and ppr.find(W_SECTPR) is not None


def _mark_can_merge(p) -> bool:
    """A paragraph mark can be tracked away only if a paragraph follows in the
    same container (not a table, not the end of a cell or of the body) and the
    mark does not end a section."""
    nxt = p.getnext()
    return nxt is not None and nxt.tag == W_P and not _ends_section(p)


def _clean_ppr(template_p, maker):
    """The template's paragraph properties without its revision history and
    without a section break (which belongs to the template alone)."""
    source = template_p.find(W_PPR) if template_p is not None else None
    ppr = copy.deepcopy(source) if source is not None else maker.makeelement(W_PPR)
    for el in list(ppr):
        if el.tag in (W_SECTPR, W_PPR_CHANGE):
            ppr.remove(el)
    rpr = ppr.find(W_RPR)
    if rpr is not None:
        for el in list(rpr):
            if el.tag in _MARK_TAGS or el.tag == W_RPR_CHANGE:
                rpr.remove(el)
    return ppr


def insert_paragraph(ref_p, text: str, ctx: RevisionContext, before: bool = False, template_p=None):
    """A new tracked paragraph after (or before) `ref_p`, formatted like
    `template_p` (default `ref_p`): its pPr (style, indents, numbering) and the
    rPr of its first run.

    The inserted paragraph mark is normally the new paragraph's own; when the
    new paragraph ends its container (cell, body, before a table) its mark is
    the container's final one, which cannot be tracked, so `ref_p`'s mark is
    marked inserted instead, as Word does.
    """
    template = template_p if template_p is not None else ref_p
    new_p = ref_p.makeelement(W_P)
    new_p.append(_clean_ppr(template, new_p))
    editor = _ParagraphEditor(new_p, ctx)
    first_run = next((r for r in _top_runs(template) if r.tag == W_R), None)
    rpr = editor._inserted_rpr(first_run, left_link=False)
    if text:
        new_p.append(editor._inserted(text, rpr))
    _place_inserted(ref_p, new_p, ctx, before)
    return new_p


def insert_paragraph_copy(ref, p, ctx: RevisionContext, before: bool = False):
    """Insert `p`, a paragraph taken whole from another version of the
    document (a detached copy whose relationships already point into this
    package), after (or before) the block `ref` (a paragraph or a table), or
    into `ref` when it is a container without blocks (an empty note).

    It keeps its own formatting; all its content is marked inserted, and its
    mark too, by the rule of `insert_paragraph`. Its section break, if any,
    is dropped: the section layout stays this document's."""
    ppr = p.find(W_PPR)
    if ppr is not None:
        p.replace(ppr, _clean_ppr(p, p))
    mark_story(p, W_INS, ctx)
    _place_inserted(ref, p, ctx, before)
    return p


def _place_inserted(ref, new_p, ctx: RevisionContext, before: bool) -> None:
    """Put the new paragraph next to `ref` and track its paragraph mark: its
    own when a paragraph follows to merge with on reject; otherwise (it ends
    its container, or a table follows) the mark of the paragraph before it,
    which then merges into it on reject. After a table, or after a paragraph
    that ends a section, the new mark is its own even though it cannot merge
    (nothing else can stand for it)."""
    if ref.tag in (W_P, W_TBL):
        (ref.addprevious if before else ref.addnext)(new_p)
    else:
        ref.append(new_p)
    prev = new_p.getprevious()
    if _mark_can_merge(new_p) or prev is None or prev.tag != W_P or _ends_section(prev):
        mark_paragraph(new_p, W_INS, ctx)
    else:
        mark_paragraph(prev, W_INS, ctx)


def replace_paragraph_content(p, source_p, ctx: RevisionContext) -> list:
    """Replace all of `p`'s content by `source_p`'s (a detached copy from
    another version), as one deletion and one insertion; `p` keeps its
    paragraph properties and mark. For paragraphs whose changes go beyond
    text (an image, an equation, a text box), where a word diff cannot say
    which object is which. Returns the w:del and w:ins elements."""
    editor = _ParagraphEditor(p, ctx)
    created = editor.delete_runs(_top_runs(p))
    created += mark_story(source_p, W_INS, ctx)
    p.extend([child for child in source_p if child.tag != W_PPR])
    return created


# ------------------------------------------------------------------ table rows

def mark_row(tr, tag: str, ctx: RevisionContext):
    """Mark table row `tr` inserted or deleted (w:trPr/w:ins|w:del, idempotent);
    the marker. Accepting a deleted row, or rejecting an inserted one, removes it."""
    trpr = tr.find(W_TRPR)
    if trpr is None:
        trpr = tr.makeelement(W_TRPR)
        tr.insert(1 if len(tr) and tr[0].tag == W_TBLPREX else 0, trpr)
    existing = trpr.find(tag)
    if existing is not None:
        return existing
    marker = ctx.new_revision(tr, tag)
    change = trpr.find(W_TRPR_CHANGE)
    (change.addprevious if change is not None else trpr.append)(marker)
    return marker


def delete_row(tr, ctx: RevisionContext) -> list:
    """Delete table row `tr` as a tracked change: the row mark and the content
    of its cells (so readers that ignore row marks still see the text go)."""
    return [mark_row(tr, W_DEL, ctx)] + mark_story(tr, W_DEL, ctx)


def insert_row_copy(ref, tr, ctx: RevisionContext, before: bool = False) -> list:
    """Insert `tr`, a row taken whole from another version (see
    `insert_paragraph_copy`), after (or before) row `ref`; marked inserted
    with all its content."""
    (ref.addprevious if before else ref.addnext)(tr)
    return _mark_row_inserted(tr, ctx)


def delete_table(tbl, ctx: RevisionContext) -> list:
    """Delete a whole table: every row deleted."""
    return [el for tr in tbl.findall(W_TR) for el in delete_row(tr, ctx)]


def insert_table_copy(ref, tbl, ctx: RevisionContext, before: bool = False) -> list:
    """Insert `tbl`, a table taken whole from another version, after (or
    before) the block `ref`: every row inserted."""
    (ref.addprevious if before else ref.addnext)(tbl)
    return [el for tr in tbl.findall(W_TR) for el in _mark_row_inserted(tr, ctx)]


def _mark_row_inserted(tr, ctx: RevisionContext) -> list:
    return [mark_row(tr, W_INS, ctx)] + mark_story(tr, W_INS, ctx)


def mark_story(story, tag: str, ctx: RevisionContext) -> list:
    """Mark the content of every paragraph of `story` (a text box, a note, a
    table row, nested tables included) inserted or deleted, paragraph marks
    aside; the w:ins/w:del elements. Text boxes inside are reached through
    the runs that anchor them."""
    return [el for p in _story_paragraphs(story)
            for el in _ParagraphEditor(p, ctx).wrap_runs(_top_runs(p), tag)]


def _top_runs(p) -> list:
    """The paragraph's visible runs, outermost only (not runs of text boxes,
    which belong to their own paragraphs): its w:r, and the m:r of its
    equations (Word tracks changes in math run by run, inside the equation)."""
    runs = []
    for r in p.iter(W_R, M_R):
        parent = r.getparent()
        while parent is not p and parent.tag not in (W_R, W_DEL, W_MOVE_FROM):
            parent = parent.getparent()
        if parent is p:
            runs.append(r)
    return runs


def _outer_text_boxes(el) -> list:
    """The w:txbxContent elements under `el` that are not inside another one."""
    return [t for t in el.iter(W_TXBX) if _within(t, el)]


def _within(el, root) -> bool:
    """True if `el` is under `root` with no w:txbxContent in between."""
    for ancestor in el.iterancestors():
        if ancestor is root:
            return True
        if ancestor.tag == W_TXBX:
            return False
    return False


def _story_paragraphs(story) -> list:
    """The paragraphs of a story (text box, note, row, paragraph) that are its
    own, not those of text boxes nested in it."""
    return [p for p in story.iter(W_P) if p is story or _within(p, story)]


def delete_paragraph(p, ctx: RevisionContext) -> list:
    """Delete paragraph `p` as a tracked change so that accepting leaves no
    empty paragraph; returns the created elements (w:del wrappers and the
    paragraph-mark markers).

    Its runs (text, images, fields) go into w:del. Its mark is deleted, which
    merges it into the next paragraph on accept. When no paragraph follows
    (end of a cell or the body, before a table) or all that follow are deleted
    too, the mark of the nearest preceding paragraph still standing is deleted
    instead, so its text merges into the surviving final mark.
    """
    ctx.deleted_paragraphs.add(p)
    editor = _ParagraphEditor(p, ctx)
    created = editor.delete_runs(_top_runs(p))
    if _mark_can_merge(p):
        created.append(mark_paragraph(p, W_DEL, ctx))
        tail = p.getnext()
        while tail is not None and tail.tag == W_P and tail in ctx.deleted_paragraphs:
            tail = tail.getnext()
        if tail is not None and tail.tag == W_P:
            return created
    prev = p.getprevious()
    while prev is not None and prev.tag == W_P and _mark_is(prev, W_DEL):
        prev = prev.getprevious()
    if prev is not None and prev.tag == W_P and not _ends_section(prev):
        created.append(mark_paragraph(prev, W_DEL, ctx))
    return created
