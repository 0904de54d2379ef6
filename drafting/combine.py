"""`drafting combine DRAFT COPY… -o combined.docx`: several delegates' copies in one tracked document.

As Word's Combine does, every copy's changes land in one copy of DRAFT, each
revision and comment keeping its author and date:
- a copy with tracked changes (its reject-all view is DRAFT) is read as it is:
  each `w:ins`/`w:del` becomes a change of DRAFT's text by its own author;
- a copy edited without tracking (or whose reject-all view is not DRAFT) is
  compared with DRAFT first by the compare engine (`drafting.compare`), its
  changes attributed to the copy's last editor (else the file's name);
- the changes are then written into DRAFT's own package by the revision
  engine, paragraph by paragraph: word-level spans (`oxml.revision.revise_spans`),
  whole paragraphs inserted (copied with their formatting) or deleted;
- the copies' Word comments are added with their authors, dates and initials,
  on the draft paragraph the commented paragraph lines up with (`drafting.align`):
  on the commented words when they occur once there, else on the whole
  paragraph; comments the draft itself holds are not added again.
Overlapping changes of different copies: insertions at one place are all kept
(in the order the copies are given); deletions that overlap are kept as one
deletion; anything else (two different rewrites of the same words, an edit in
a paragraph another copy deleted) is a conflict: the change of the copy given
first is kept, the other is left out and listed, one line each. So with no
conflicts, accepting all gives DRAFT with every delegate's changes, and
rejecting all gives DRAFT.
"""
from __future__ import annotations

import copy as copying
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .align import align_paragraphs
from .errors import InputError
from .oxml import revision
from .oxml.accept import accept_all
from .oxml.ns import COMMENTS_REL, M_NS, R_NS, w
from .oxml.text import SKIPPED, W_BR, W_CR, W_FLDCHAR, W_NBH, W_P, W_T, W_TAB, ancestor_within, field_step, \
    iter_block_paragraphs, paragraph_text, text_pieces
from .oxml.wordcomments import add_comment
from .outputs import write_outputs
from .package import Docx, open_package
from .reader import draft_from_document
from .text import find_all

W_INS, W_DEL, W_MOVE_TO, W_MOVE_FROM = w("ins"), w("del"), w("moveTo"), w("moveFrom")
W_DEL_TEXT = w("delText")
_INSERTED, _DELETED = (W_INS, W_MOVE_TO), (W_DEL, W_MOVE_FROM)
_HIDDEN = SKIPPED - {W_DEL, W_MOVE_FROM, W_DEL_TEXT}      # not text in either view
_PIECES = (W_T, W_DEL_TEXT, W_TAB, W_BR, W_CR, W_NBH, W_FLDCHAR)
_MARKS = tuple(w(t) for t in ("commentRangeStart", "commentRangeEnd", "bookmarkStart", "bookmarkEnd"))
_OBJECTS = tuple(w(t) for t in ("drawing", "pict", "object", "commentReference"))
# Changed content the text spans cannot carry: objects, equations, notes.
_NOT_TEXT = tuple(w(t) for t in ("drawing", "pict", "object", "footnoteReference", "endnoteReference")) + (
    f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara")
_ROW_CHANGE = (w("ins"), w("del"))
MIN_SHARED = 0.5      # words a copy and the draft must share (`_shared_words`) for it to be a copy of it


@dataclass
class Span:
    """One change of a draft paragraph's text by one author: [start, end) became `text`."""
    start: int
    end: int
    text: str
    author: str
    date: str | None

    def describe(self, old: str) -> str:
        if self.start == self.end:
            return f"inserting {_quote(self.text)}"
        if not self.text:
            return f"deleting {_quote(old[self.start:self.end])}"
        return f"replacing {_quote(old[self.start:self.end])} with {_quote(self.text)}"


@dataclass
class _Reading:
    """One copy's changes, per draft paragraph index."""
    author: str
    spans: dict[int, list[Span]] = field(default_factory=dict)
    deleted: dict[int, tuple[str, str | None]] = field(default_factory=dict)   # index → (author, date)
    joined: dict[int, tuple[str, str | None]] = field(default_factory=dict)    # mark deleted: joins the next
    added: dict[int, list] = field(default_factory=dict)      # index → new paragraphs before it (len: at the end)
    left_out: list[tuple[int, str]] = field(default_factory=list)   # (index, what) changes not combined


@dataclass
class Combination:
    tracked: bytes
    conflicts: list[str] = field(default_factory=list)    # changes left out, one line each
    overlaps: list[str] = field(default_factory=list)     # overlapping changes kept together
    compared: list[Path] = field(default_factory=list)    # copies edited without tracking
    left_out: list[str] = field(default_factory=list)     # changes the combine cannot carry (rows, objects, notes)
    revisions: int = 0                  # w:ins / w:del elements written (paragraph marks included)
    comments: int = 0


def combine(draft_path: str | Path, copy_paths: list[Path]) -> Combination:
    """DRAFT with every copy's tracked changes and comments, conflicts listed."""
    if not copy_paths:
        raise InputError("no copy given: name the delegates' copies after the draft")
    base = open_package(draft_path)
    body = base.element.find(w("body"))
    if any(True for _ in body.iter(*_INSERTED, *_DELETED)):
        raise InputError(f"{draft_path}: the draft has tracked changes; accept or reject them before combining")
    paragraphs = [p for p, _, _ in iter_block_paragraphs(body)]
    texts = [paragraph_text(p) for p in paragraphs]
    sections = {id(p.element): p.section.id for p in draft_from_document(base).paragraphs if p.section}
    result = Combination(b"")
    readings: list[_Reading] = []
    copies: list[Docx] = []
    for path in map(Path, copy_paths):
        document = open_package(path)
        copies.append(document)
        readings.append(_reading_of(base, texts, Path(draft_path), path, document, result))

    ctx = revision.RevisionContext(author="", date="", next_id=base.top_id() + 1)
    where = [f"section {sections.get(id(p), '?')}, paragraph {i + 1}" for i, p in enumerate(paragraphs)]
    result.left_out += [f"{where[min(i, len(where) - 1)]}: {r.author}'s change of {what} was left out"
                        for r in readings for i, what in r.left_out]
    result.comments = _add_comments(base, paragraphs, texts, copies, ctx)   # on the draft's text, before the spans
    deleted = _apply_text(paragraphs, texts, readings, ctx, result, where)
    _apply_added(paragraphs, readings, ctx, result)
    for i, (author, date) in deleted.items():
        ctx.author, ctx.date = author, date or ""
        revision.delete_paragraph(paragraphs[i], ctx)
    for reading in readings:              # paragraph marks deleted: the paragraph joins the next
        for i, (author, date) in reading.joined.items():
            ctx.author, ctx.date = author, date or ""
            revision.mark_paragraph(paragraphs[i], W_DEL, ctx)
    result.revisions = sum(1 for _ in body.iter(*_INSERTED, *_DELETED))
    result.tracked = base.to_bytes()
    return result


def combine_files(draft_path: Path, copy_paths: list[Path], output: Path) -> Combination:
    """Combine and write `output` atomically; never over an input."""
    output = Path(output)
    if output.suffix.lower() != ".docx":
        raise InputError(f"{output}: the combined document is a .docx; name the output .docx")
    for source in [draft_path, *copy_paths]:
        if output.exists() and output.resolve() == Path(source).resolve():
            raise InputError(f"{output}: the output would overwrite an input; choose another name")
    result = combine(draft_path, copy_paths)
    write_outputs({output: result.tracked})
    return result


# ------------------------------------------------------------------ reading a copy

def _reading_of(base: Docx, texts: list[str], draft_path: Path, path: Path, document: Docx,
                result: Combination) -> _Reading:
    """One copy's changes: its own tracked changes when its reject-all view is
    the draft, else those the compare engine finds against the draft."""
    copy_text = "\n".join(paragraph_text(q) for q, _, _ in iter_block_paragraphs(document.element.find(w("body"))))
    if _shared_words("\n".join(texts), copy_text) < MIN_SHARED:
        raise InputError(f"{path}: shares too few words with the draft {draft_path.name} "
                         "to be a delegate's copy of it")
    author = _reviewer(document, base, path)
    tracked = document
    reading = _read(document, texts, author) if next(document.element.iter(*_INSERTED, *_DELETED), None) \
        is not None else None
    if reading is None:              # edited without tracking: compare it with the draft first
        tracked = open_package(base.to_bytes())
        _compare(tracked, document, author)
        reading = _read(tracked, texts, author)
        result.compared.append(path)
        if reading is None:
            raise InputError(f"{path}: its paragraphs could not be lined up with the draft's")
    result.left_out += [f"{path.name}: {what}" for what in _other_parts(tracked)]
    return reading


def _shared_words(draft_text: str, copy_text: str) -> float:
    """How much of one text's words (with repeats) the other keeps, the larger
    of the two ways: a delegate's copy keeps most of the draft's words, or adds
    to a short draft; another document does neither."""
    def words(text: str) -> Counter:
        return Counter(t.casefold() for t in revision.tokenize(text) if t[0].isalnum())

    draft, mine = words(draft_text), words(copy_text)
    common = sum((draft & mine).values())
    return max(common / sum(side.values()) if side else 1.0 for side in (draft, mine))


def _reviewer(document: Docx, base: Docx, path: Path) -> str:
    """Who edited an untracked copy: its last editor, when not the draft's; else the file's name."""
    editor = document.core_property("lastModifiedBy").strip()
    return editor if editor and editor != base.core_property("lastModifiedBy").strip() else path.stem


def _compare(tracked: Docx, copy_doc: Docx, author: str) -> None:
    """The copy's differences from the draft as revisions by `author`, in `tracked`."""
    from .compare import track_differences

    track_differences(tracked, copy_doc, author=author, date=copy_doc.core_property("modified").strip() or None)


def _pieces(p) -> list[tuple[str, str, tuple[str, str | None] | None]]:
    """(kind, text, (author, date)) of the paragraph's text in both views:
    kind "=" in both, "+" inserted, "-" deleted; as `text_pieces` reads text."""
    pieces = []
    in_instruction: list[bool] = []
    hiding = False
    for el in p.iter(_PIECES):
        if ancestor_within(el, p, _HIDDEN) is not None:
            continue
        if el.tag == W_FLDCHAR:
            hiding = field_step(in_instruction, el)
            continue
        if hiding:
            continue
        if el.tag in (W_T, W_DEL_TEXT):
            text = el.text or ""
        elif el.tag == W_TAB:
            text = "\t"
        elif el.tag == W_NBH:
            text = "\u2011"
        elif el.get(w("type")) in (None, "textWrapping"):
            text = "\n"
        else:
            continue
        change = ancestor_within(el, p, _INSERTED + _DELETED)
        if not text:
            continue
        if change is None:
            pieces.append(("=", text, None))
        else:
            kind = "+" if change.tag in _INSERTED else "-"
            pieces.append((kind, text, (change.get(w("author")) or "", change.get(w("date")))))
    return pieces


def _mark(p, tags) -> tuple[str, str | None] | None:
    ppr = p.find(w("pPr"))
    rpr = ppr.find(w("rPr")) if ppr is not None else None
    marker = next((c for c in rpr if c.tag in tags), None) if rpr is not None else None
    return (marker.get(w("author")) or "", marker.get(w("date"))) if marker is not None else None


def _read(document: Docx, texts: list[str], author: str) -> _Reading | None:
    """The copy's tracked changes per draft paragraph; None when its reject-all
    view is not the draft's text, paragraph for paragraph."""
    reading = _Reading(author)
    i, pending, split = 0, [], False
    for q, _, _ in iter_block_paragraphs(document.element.find(w("body"))):
        pieces, other = _pieces(q), _not_text_change(q)
        rejected = "".join(t for k, t, _ in pieces if k != "+")
        accepted = "".join(t for k, t, _ in pieces if k != "-")
        inserted_mark = _mark(q, _INSERTED)
        blank_draft = i < len(texts) and texts[i] == ""
        if not rejected and inserted_mark and _keeps_draft_content(q):
            split = True                 # the draft's paragraph was split here: not combined
            continue
        if not rejected and (inserted_mark or (accepted and not blank_draft)):
            if other:
                reading.left_out.append((i, other))
            else:
                pending.append(q)        # a paragraph the copy added
            continue
        if i >= len(texts) or rejected != texts[i]:
            return None
        if pending:
            reading.added[i], pending = pending, []
        deleted_mark = _mark(q, _DELETED)
        if split or other:
            reading.left_out.append((i, other or "a paragraph split in two"))
            split = False
        elif deleted_mark and rejected and not accepted:
            reading.deleted[i] = deleted_mark
        else:
            if deleted_mark:
                reading.joined[i] = deleted_mark
            spans = _spans(pieces)
            if spans:
                reading.spans[i] = spans
        i += 1
    if i != len(texts):
        return None
    if pending:
        reading.added[len(texts)] = pending
    return reading


def _keeps_draft_content(q) -> bool:
    """Whether the paragraph holds runs that are not inserted (the draft's own)."""
    return any(ancestor_within(r, q, _INSERTED + (w("pPr"),)) is None for r in q.iter(w("r")))


def _not_text_change(q) -> str | None:
    """What in the paragraph changed that is not text (a table row, an image,
    an equation, a note), or None."""
    row = next(q.iterancestors(w("tr")), None)
    trpr = row.find(w("trPr")) if row is not None else None
    if trpr is not None and any(c.tag in _ROW_CHANGE for c in trpr):
        return "a table row"
    for change in q.iter(*_INSERTED, *_DELETED):
        if next(change.iter(*_NOT_TEXT), None) is not None or \
                next(change.iterancestors(f"{{{M_NS}}}oMath"), None) is not None:
            return "an image, equation or note reference"
    return None


def _other_parts(document: Docx) -> list[str]:
    """Tracked changes outside the body (notes, headers, footers): not combined."""
    return [f"tracked changes in {name} were left out" for name in document.text_parts()
            if name != document.main and next(document.package.root(name).iter(*_INSERTED, *_DELETED), None)
            is not None]


def _spans(pieces) -> list[Span]:
    """Changes as spans on the rejected text; a deletion followed by an
    insertion of the same author is one replacement."""
    spans: list[Span] = []
    at = 0
    for kind, text, who in pieces:
        if kind == "=":
            at += len(text)
            continue
        author, date = who
        last = spans[-1] if spans else None
        joins = last is not None and last.author == author and last.end == at
        if kind == "-":
            if joins and not last.text:
                last.end += len(text)
            else:
                spans.append(Span(at, at + len(text), "", author, date))
            at += len(text)
        elif joins:
            last.text += text
        else:
            spans.append(Span(at, at, text, author, date))
    return spans


# ------------------------------------------------------------------ writing

def _apply_text(paragraphs, texts, readings: list[_Reading], ctx, result: Combination,
                where: list[str]) -> dict[int, tuple[str, str | None]]:
    """Write every copy's spans, copy order first; returns the paragraphs to delete."""
    deleted: dict[int, tuple[str, str | None]] = {}
    for i, p in enumerate(paragraphs):
        kept: list[Span] = []
        deleter: str | None = None
        for reading in readings:
            if i in reading.deleted:
                if kept:
                    result.conflicts.append(f"{where[i]}: {reading.author}'s deleting the paragraph was left out; "
                                            f"{kept[0].author} changed it")
                elif deleter is None:
                    deleter, deleted[i] = reading.author, reading.deleted[i]
                continue
            for span in reading.spans.get(i, []):
                if deleter is not None:
                    result.conflicts.append(f"{where[i]}: {span.author}'s {span.describe(texts[i])} was left out; "
                                            f"{deleter} deleted the paragraph")
                    continue
                kept.extend(_fit(span, kept, texts[i], where[i], result))
        if kept:
            revision.revise_spans(p, [(s.start, s.end, s.text, s.author, s.date) for s in kept], ctx)
    return deleted


def _fit(span: Span, kept: list[Span], old: str, where: str, result: Combination) -> list[Span]:
    """`span` as it can join the spans kept so far: whole, trimmed (a deletion
    overlapping deletions), or not at all (a conflict, listed)."""
    pieces = [span]
    for other in kept:
        if other.author == span.author and (other.start, other.end, other.text) != (span.start, span.end, span.text):
            continue                            # one author's own spans never overlap
        next_pieces = []
        for piece in pieces:
            same = (other.start, other.end, other.text) == (piece.start, piece.end, piece.text)
            both_insert = piece.start == piece.end == other.start == other.end
            overlap = (piece.start < other.end and other.start < piece.end) or \
                (piece.start == piece.end and other.start < piece.start < other.end) or \
                (other.start == other.end and piece.start < other.start < piece.end)
            if same:
                result.overlaps.append(f"{where}: {piece.author} and {other.author} made the same change "
                                       f"({piece.describe(old)}); kept once")
                return []
            if both_insert:
                result.overlaps.append(f"{where}: {other.author} and {piece.author} both inserted at one place; "
                                       "both kept")
                next_pieces.append(piece)
            elif not overlap:
                next_pieces.append(piece)
            elif not piece.text and not other.text and other.start < other.end:
                result.overlaps.append(f"{where}: {other.author} and {piece.author} deleted overlapping text; "
                                       "kept as one deletion")
                if piece.start < other.start:
                    next_pieces.append(Span(piece.start, other.start, "", piece.author, piece.date))
                if other.end < piece.end:
                    next_pieces.append(Span(other.end, piece.end, "", piece.author, piece.date))
            else:
                result.conflicts.append(f"{where}: {piece.author}'s {piece.describe(old)} was left out; "
                                        f"{other.author} is {other.describe(old)}")
                return []
        pieces = next_pieces
    return pieces


def _apply_added(paragraphs, readings: list[_Reading], ctx, result: Combination) -> None:
    """The copies' new paragraphs, each before the draft paragraph it preceded
    in its copy (after the last one at the end), in copy order."""
    for i in sorted({i for r in readings for i in r.added}):
        ref, before = (paragraphs[i], True) if i < len(paragraphs) else (paragraphs[-1], False)
        for reading in readings:
            for q in reading.added.get(i, []):
                new_p = _plain_copy(q)
                who = _first_author(q) or (reading.author, None)
                ctx.author, ctx.date = who[0], who[1] or ""
                revision.insert_paragraph_copy(ref, new_p, ctx, before=before)
                if not before:
                    ref = new_p


def _first_author(q) -> tuple[str, str | None] | None:
    change = next(q.iter(*_INSERTED), None)
    return (change.get(w("author")) or "", change.get(w("date"))) if change is not None else None


def _plain_copy(q):
    """A detached copy of a copy's paragraph with its changes accepted and
    nothing that points into the copy's package (images, links' targets,
    comment and bookmark marks)."""
    p = copying.deepcopy(q)
    accept_all(p)
    for el in list(p.iter(*_MARKS, *_OBJECTS)):
        run = el.getparent()
        run.remove(el)
    for el in list(p.iter()):
        for name in [a for a in el.attrib if a.startswith(f"{{{R_NS}}}")]:
            del el.attrib[name]
    return p


def _add_comments(base: Docx, paragraphs, texts: list[str], copies: list[Docx], ctx) -> int:
    """Each copy's Word comments, on the draft paragraph their paragraph lines up with."""
    known = {(c.get(w("author")), _comment_text(c)) for c in _comments(base)}
    added = 0
    for document in copies:
        found = _comments(document)
        if not found:
            continue
        copy_paragraphs = [q for q, _, _ in iter_block_paragraphs(document.element.find(w("body")))]
        to_draft: dict[int, int] = {}
        last = 0
        pairs = align_paragraphs(texts, [paragraph_text(q) for q in copy_paragraphs])
        for i, j in pairs:
            if i is not None:
                last = i
            if j is not None:
                to_draft[j] = i if i is not None else min(last, len(paragraphs) - 1)
        position = {id(q): j for j, q in enumerate(copy_paragraphs)}
        starts = {el.get(w("id")): el for el in document.element.iter(w("commentRangeStart"), w("commentReference"))}
        for c in found:
            key = (c.get(w("author")), _comment_text(c))
            mark = starts.get(c.get(w("id")))
            q = next(mark.iterancestors(W_P), None) if mark is not None else None
            if key in known or q is None or id(q) not in position:
                continue
            i = to_draft.get(position[id(q)], 0)
            first = last = paragraphs[i]
            hits = find_all(texts[i], _commented_text(q, c.get(w("id"))))
            if len(hits) == 1:
                first, last = revision.text_runs(paragraphs[i], *hits[0], ctx)
            add_comment(base.comments_root(), first, last, _comment_text(c), c.get(w("author")) or "",
                        c.get(w("initials")) or "", c.get(w("date")) or "")
            known.add(key)
            added += 1
    return added


def _commented_text(q, comment_id: str) -> str:
    """The text of paragraph `q` between the comment's range marks (to its end
    when the range goes on into the next paragraph); "" without a start mark."""
    nodes = dict(text_pieces(q))
    text, start, end = [], None, None
    for el in q.iter():
        if el.tag == w("commentRangeStart") and el.get(w("id")) == comment_id:
            start = len("".join(text))
        elif el.tag == w("commentRangeEnd") and el.get(w("id")) == comment_id:
            end = len("".join(text))
        elif el in nodes:
            text.append(nodes[el])
    whole = "".join(text)
    return whole[start:end].strip() if start is not None else ""


def _comments(document: Docx) -> list:
    name = document.package.related(document.main, COMMENTS_REL)
    return list(document.package.root(name).iterfind(w("comment"))) if name else []


def _comment_text(c) -> str:
    return "\n".join(paragraph_text(p) for p in c.iter(W_P))


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"«{text if len(text) <= limit else text[:limit - 1] + '…'}»"
