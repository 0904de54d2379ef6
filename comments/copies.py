"""A delegate's marked copy of the draft, read in its accepted view and aligned
paragraph by paragraph with the draft (`drafting.align`): who marked it, its
own Word comments, and where each of its paragraphs lands in the draft."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from drafting.align import Pair, align_paragraphs
from drafting.errors import InputError
from drafting.model import Comment, Draft, Paragraph, Section
from drafting.oxml.ns import COMMENTS_EXTENDED_REL, COMMENTS_REL, W14_NS, W15_NS, w
from drafting.oxml.revision import tokenize
from drafting.oxml.text import W_P, paragraph_text
from drafting.package import Docx, open_package
from drafting.reader import draft_from_document
from drafting.text import clean

MIN_SHARED = 0.5      # share of their words a copy and the draft must have in common (`shared_share`)
INSERTED = (w("ins"), w("moveTo"))
DELETED = (w("del"), w("moveFrom"))


@dataclass(frozen=True)
class Who:
    author: str
    date: str | None = None


@dataclass
class WordComment:
    id: str
    who: Who
    initials: str | None
    text: str
    parent: str | None = None       # the id of the comment this one replies to (Word's threads)
    done: bool = False              # resolved in Word


def _threads(document) -> tuple[dict[str, str], set[str]]:
    """Word's threads (`commentsExtended.xml`, keyed by the w14:paraId of each
    comment's last paragraph): each reply's parent, and the resolved comments."""
    root = document.related_root(COMMENTS_EXTENDED_REL)
    parents: dict[str, str] = {}
    done: set[str] = set()
    for ex in (root.iter(f"{{{W15_NS}}}commentEx") if root is not None else ()):
        para = ex.get(f"{{{W15_NS}}}paraId")
        if ex.get(f"{{{W15_NS}}}paraIdParent"):
            parents[para] = ex.get(f"{{{W15_NS}}}paraIdParent")
        if ex.get(f"{{{W15_NS}}}done") in ("1", "true", "on"):
            done.add(para)
    return parents, done


@dataclass
class Found:
    """A comment found in a copy: its sort key (copy position, 0 for a Word
    comment, 1 for a proposed edit) and the draft text it is about (draft
    paragraph → [start, end)), by which a Word comment meets its author's edits."""
    key: tuple
    comment: Comment
    where: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass
class MarkedCopy:
    """One marked copy aligned with the draft. `paragraphs` are the copy's
    paragraphs that still stand (a paragraph deleted with tracking on stays in
    the file, empty, with its mark deleted; it is left out), and the copy side
    of `pairs` indexes them."""
    path: Path
    document: Docx                              # the copy
    paragraphs: list[Paragraph]
    pairs: list[Pair]
    reviewer: Who                              # who made the edits no tracked change names
    known: set[tuple[str, str | None]]          # (author, date) of revisions already in the draft
    draft_of: dict[int, int] = field(default_factory=dict)     # copy paragraph → draft paragraph
    deleted_of: dict[object, int] = field(default_factory=dict)  # a paragraph deleted with tracking → the draft's
    step_of: dict[int, int] = field(default_factory=dict)      # copy paragraph → position in `pairs`

    def __post_init__(self) -> None:
        for step, (i, j) in enumerate(self.pairs):
            if j is not None:
                self.step_of[j] = step
                if i is not None:
                    self.draft_of[j] = i


def open_copy(draft: Draft, draft_path: Path, path: Path, known_revisions: set,
               known_comments: set) -> MarkedCopy:
    document = open_package(path)
    marked = draft_from_document(document, path)
    paragraphs = [p for p in marked.paragraphs if p.text.strip() or not _mark_deleted(p.element)]
    aligned = align_paragraphs([p.text for p in draft.paragraphs], [p.text for p in paragraphs])
    share = shared_share([p.text for p in draft.paragraphs], [p.text for p in paragraphs], aligned)
    if share < MIN_SHARED:
        raise InputError(f"{path}: not a version of {draft_path.name}: only {share:.0%} of the words of the "
                         f"longer of the two are in paragraphs they share, in order (at least {MIN_SHARED:.0%} "
                         "expected)")
    pairs = _pair_gaps(aligned)
    reviewer = _reviewer(document, draft.document, path, known_revisions, known_comments)
    copy = MarkedCopy(path, document, paragraphs, pairs, reviewer, known_revisions)
    standing = {id(p) for p in paragraphs}
    copy.deleted_of = _deleted_paragraphs(draft, [p for p in marked.paragraphs if id(p) not in standing], pairs)
    return copy


def _deleted_paragraphs(draft: Draft, deleted: list[Paragraph], pairs: list[Pair]) -> dict[object, int]:
    """The draft paragraph each paragraph deleted with tracking was: a removed
    one with the deleted text, in order."""
    removed = [i for i, j in pairs if j is None]
    found: dict[object, int] = {}
    for p in deleted:
        text = clean("".join(t.text or "" for t in p.element.iter(w("delText")))).strip()
        i = next((i for i in removed if draft.paragraphs[i].text.strip() == text), None)
        if i is not None:
            removed.remove(i)
            found[p.element] = i
    return found


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


def shared_share(draft: list[str], copy: list[str], pairs: list[Pair]) -> float:
    """How much text a copy has in common with the draft: the words (with
    repeats) that aligned paragraphs share, over the words of the longer of
    the two. Counting words alone would take a different document of the same
    kind for a version: a directive's syllables are every directive's."""
    common = sum(sum((_word_counts(draft[i]) & _word_counts(copy[j])).values())
                 for i, j in pairs if i is not None and j is not None)
    longer = max(sum(sum(_word_counts(t).values()) for t in texts) for texts in (draft, copy))
    return common / longer if longer else 1.0


def _reviewer(document, draft_document, path: Path, known_revisions: set, known_comments: set) -> Who:
    """Who marked the copy: the author of most of its own tracked changes and
    comments; else the last editor Word recorded, when not the draft's; else
    the file's name."""
    authors: Counter[str] = Counter()
    for el in body(document).iter(*INSERTED, *DELETED):
        who = who_of(el)
        if who.author and (who.author, who.date) not in known_revisions:
            authors[who.author] += 1
    for c in word_comments(document):
        if c.who.author and (c.who.author, c.text) not in known_comments:
            authors[c.who.author] += 1
    if authors:
        return Who(authors.most_common(1)[0][0])
    editor = clean(document.core_property("lastModifiedBy")).strip()
    if editor and editor != draft_document.core_property("lastModifiedBy").strip():
        return Who(editor)
    return Who(path.stem)


def body(document: Docx):
    return document.element.find(w("body"))


def who_of(el) -> Who:
    return Who(clean(el.get(w("author")) or "").strip(), iso_date(el.get(w("date"))))


def iso_date(value: str | None) -> str | None:
    """A Word timestamp (`2021-02-03T10:00:00Z`) as ISO 8601 that any Python reads back."""
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def revision_keys(document) -> set[tuple[str, str | None]]:
    return {(who.author, who.date) for who in map(who_of, body(document).iter(*INSERTED, *DELETED))}


def section_of(draft: Draft, copy: MarkedCopy, j: int) -> Section | None:
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


def word_comments(document) -> list[WordComment]:
    """The comments of the document's comments part (none when it has no such
    part), each with the comment it replies to and whether it is resolved."""
    root = document.related_root(COMMENTS_REL)
    if root is None:
        return []
    parents, done = _threads(document)
    found = []
    by_para: dict[str, str] = {}
    for el in root.iter(w("comment")):
        paragraphs = list(el.iter(W_P))
        text = clean("\n".join(paragraph_text(p) for p in paragraphs)).strip()
        initials = clean(el.get(w("initials")) or "").strip() or None
        para = paragraphs[-1].get(f"{{{W14_NS}}}paraId") if paragraphs else None
        comment = WordComment(el.get(w("id")) or "", who_of(el), initials, text, parents.get(para), para in done)
        found.append(comment)
        if para:
            by_para[para] = comment.id
    for comment in found:
        comment.parent = by_para.get(comment.parent) if comment.parent else None
    return found
