"""`drafting compare OLD NEW`: the redline of two versions edited by hand.

Staff often revise a draft without Track Changes; the redline shows what they
did as real Word revisions, written by the same engine as `revise`
(`oxml.revision`), so it obeys the same invariants (DESIGN §5): rejecting all
gives OLD's text, accepting all gives NEW's.

How:
- The redline is OLD's package changed in place, so OLD's styles, numbering,
  headers, footers and section layout survive untouched.
- The blocks (paragraphs and tables) of each container (the body, a table
  cell, a footnote) are aligned in order with `align_paragraphs` on a key per
  block: the paragraph's text (`text_pieces`, the toolkit's one definition)
  plus a description of the objects it holds (images, equations, text boxes,
  note references), so that a changed image is a changed paragraph. Blocks
  with identical keys are skipped after a string comparison: no diff, no XML
  surgery, which is what keeps a 300-page compare with a few dozen edits
  fast; their canonical XML tells the identical ones from formatting-only
  changes.
- Aligned paragraphs get a word-level diff (`revise_paragraph`); an image
  that changed (as many objects on both sides, the image in a run of its own)
  is replaced on its own, its run deleted and NEW's inserted. When other
  objects differ (equations, text boxes, a different number of objects), or
  when a word diff would put text on the wrong side of an object, the
  paragraph's content is replaced as a whole (one deletion, one insertion)
  instead: correct, if coarse.
- Paragraphs found only in NEW are copied from NEW with their own formatting
  (relationships such as images and links carried over, notes copied) and
  marked inserted; paragraphs only in OLD are marked deleted.
- Aligned tables have their rows aligned the same way: rows only in OLD/NEW
  become row revisions (w:trPr/w:del|w:ins, content too); aligned rows with the
  same number of cells are compared cell by cell, recursively; rows whose cell
  layout changed are replaced (deleted and inserted).
- Footnotes and endnotes follow their references: the notes of references
  that stayed are compared like any container; a note whose reference is
  inserted is copied from NEW, one whose reference is deleted is deleted.

Choices:
- Formatting-only changes (same text and objects, different paragraph or run
  formatting) are NOT tracked: Word's property revisions (rPrChange,
  pPrChange) record old formatting that pandoc and LibreOffice read unevenly,
  and a redline is read for its words. They are reported in the summary, kind
  "format", with no revision (they count 0 in `revisions`), naming the
  properties that changed (bold, italic, size, style…: `versions.PROPERTY_NAMES`);
  markup alone (run splits, rsids, namespace prefixes) is no change.
- Identical documents: no revisions; the redline (OLD as re-saved) and the
  summaries are still written, so that a script always finds its outputs; the
  command says "no differences" and exits 0.
- Headers and footers are compared like the body, each pair once: paired by
  where the section properties name them (the k-th section's default, first
  or even header); a header only one version has is left as OLD has it.
- The text of a comment both versions have is compared the same way (the
  comments aligned by author and text); comments added or removed in NEW are
  not carried over: OLD's comments stay OLD's.
"""
from __future__ import annotations

import copy
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .align import align_paragraphs
from .errors import InputError
from .importing import Importer
from .model import DEFAULT_AUTHOR, Change, revision_date
from .oxml import revision
from .oxml.accept import accept_all, reject_all
from .oxml.ns import COMMENTS_REL, FOOTER_REL, HEADER_REL, w
from .oxml.text import W_P, W_R, W_TBL, W_TC, W_TR, text_pieces
from .outputs import write_outputs
from .package import Docx, Source, open_package
from .versions import (NOTE_REFS, W_DEL, W_RPR, Block, Version, block_elements, block_xml, body, formatting_changes,
                       note_refs, object_elements, story_parts)

IMAGE_TAGS = (w("drawing"), w("pict"))

@dataclass
class CompareStats:
    """What the compare found, block by block (paragraphs of notes included)."""
    paragraphs_old: int = 0
    paragraphs_new: int = 0
    identical: int = 0
    modified: int = 0
    replaced: int = 0          # modified paragraphs whose content was replaced whole
    inserted: int = 0          # paragraphs
    deleted: int = 0
    rows_inserted: int = 0
    rows_deleted: int = 0
    formatting_only: int = 0

    def summary(self) -> str:
        return (f"{self.paragraphs_old} → {self.paragraphs_new} paragraphs: {self.identical} identical, "
                f"{self.modified} modified ({self.replaced} replaced whole), {self.inserted} inserted, "
                f"{self.deleted} deleted; {self.rows_inserted} rows inserted, {self.rows_deleted} deleted; "
                f"{self.formatting_only} formatting-only")


@dataclass
class Comparison:
    tracked: bytes
    changes: list[Change]
    stats: CompareStats

    @property
    def identical(self) -> bool:
        return not self.changes


def compare(old: Source, new: Source, *, author: str | None = None,
            date: str | None = None) -> Comparison:
    """The redline of OLD → NEW: OLD's package with NEW's changes as tracked
    revisions by `author` at `date` (default: "drafting", now)."""
    old_doc = open_package(old)
    changes, stats = track_differences(old_doc, open_package(new), author=author, date=date)
    return Comparison(old_doc.to_bytes(), changes, stats)


def track_differences(old_doc: Docx, new_doc: Docx, *, author: str | None = None,
                      date: str | None = None) -> tuple[list[Change], CompareStats]:
    """Write NEW's differences into the opened OLD (changed in place) as tracked
    revisions by `author` at `date`; the changes and what the compare found."""
    comparer = _Comparer(old_doc, new_doc, author or DEFAULT_AUTHOR, revision_date(date))
    comparer.run()
    return comparer.changes, comparer.stats


def compare_files(old: Path, new: Path, output: Path, *, author: str | None = None,
                  date: str | None = None, summary: Path | None = None,
                  json_path: Path | None = None) -> Comparison:
    """Compare and write the redline (and the summaries asked for), all or nothing."""
    from .changes import changes_json, changes_markdown

    outputs = [p for p in (output, summary, json_path) if p is not None]
    for path in outputs:
        if any(_same_file(path, source) for source in (old, new)):
            raise InputError(f"{path}: the output would overwrite an input; choose another name")
    if len(set(p.resolve() for p in outputs)) < len(outputs):
        raise InputError(f"{output}: two outputs have the same name")
    result = compare(old, new, author=author, date=date)
    contents: dict[Path, bytes | str] = {output: result.tracked}
    if summary is not None:
        contents[summary] = changes_markdown(result.changes, Path(old).name, f"{Path(old).name} → {Path(new).name}")
    if json_path is not None:
        contents[json_path] = changes_json(result.changes)
    write_outputs(contents)
    return result


def _same_file(a: Path, b: Path) -> bool:
    a, b = Path(a), Path(b)
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


class _Comparer:
    """Walks both versions container by container and writes the revisions
    into OLD; collects the changes for the summary, in document order."""

    def __init__(self, old_doc: Docx, new_doc: Docx, author: str, date: str):
        # OLD is read at once (every change names its section); NEW only if a
        # paragraph is inserted (it lands in NEW's section).
        self.old, self.new = Version(old_doc, old=True), Version(new_doc, old=False)
        self.ctx = revision.RevisionContext(author=author, date=date, next_id=old_doc.top_id() + 1)
        self.importer = Importer(self.old, self.new, self.ctx)
        self.both_have_notes = any(self.old.notes[k] is not None and self.new.notes[k] is not None
                                   for k in NOTE_REFS.values())
        self.first_id = self.ctx.next_id     # revisions from here on are this compare's
        self.changes: list[Change] = []
        self.stats = CompareStats()
        self._open: Change | None = None     # the whole-paragraph change the next may extend

    def run(self) -> None:
        self.blocks(body(self.old.document), body(self.new.document), "preamble")
        self._delete_orphaned_notes()
        self._stories()
        self._comments()

    @contextmanager
    def within(self, old_part: str, new_part: str):
        """Compare blocks of these parts: their relationship ids are theirs."""
        saved = self.old.part, self.new.part
        self.old.part, self.new.part = old_part, new_part
        try:
            yield
        finally:
            self.old.part, self.new.part = saved

    def _comments(self) -> None:
        """The text of the comments both versions have (aligned in order by
        author and text), compared like the body, under the section their
        anchor is in. Comments only one version has are left as OLD has them:
        the redline tracks text, and OLD's comments stay OLD's."""
        old_name = self.old.package.related(self.old.document.main, COMMENTS_REL)
        new_name = self.new.package.related(self.new.document.main, COMMENTS_REL)
        if old_name is None or new_name is None:
            return
        old_root, new_root = self.old.package.root(old_name), self.new.package.peek(new_name)
        if block_xml(old_root) == block_xml(new_root):
            return
        olds, news = old_root.findall(w("comment")), new_root.findall(w("comment"))
        marks = body(self.old.document).iter(w("commentRangeStart"), w("commentReference"))
        starts = {m.get(w("id")): m for m in marks}
        with self.within(old_name, new_name):
            for i, j in align_paragraphs([self._comment_key(c, self.old) for c in olds],
                                         [self._comment_key(c, self.new) for c in news]):
                if i is None or j is None:
                    continue
                mark = starts.get(olds[i].get(w("id")))
                p = next(mark.iterancestors(W_P), None) if mark is not None else None
                self.blocks(olds[i], news[j], self.old.sections.get(p, "comments"))

    @staticmethod
    def _comment_key(comment, version: Version) -> str:
        return (comment.get(w("author")) or "") + "\x1f" + "\n".join(version.key(p) for p in comment.iter(W_P))

    def _stories(self) -> None:
        """Headers and footers, paired by where the section properties name
        them (the k-th section's default, first or even one), each compared
        once like the body; the change's section is "header" or "footer"."""
        for reltype, label in ((HEADER_REL, "header"), (FOOTER_REL, "footer")):
            new_parts = story_parts(self.new.document, reltype)
            done: set[str] = set()
            for where, name in story_parts(self.old.document, reltype).items():
                new_name = new_parts.get(where)
                if new_name is None or name in done:
                    continue
                done.add(name)
                old_root, new_root = self.old.package.root(name), self.new.package.peek(new_name)
                if block_xml(old_root) != block_xml(new_root):
                    with self.within(name, new_name):
                        self.blocks(old_root, new_root, label)

    # -- containers

    def blocks(self, old_container, new_container, section: str) -> None:
        """Align and compare the blocks of two containers (body, cell, note)."""
        old_elements, new_elements = block_elements(old_container), block_elements(new_container)
        old_xml, new_xml = list(map(block_xml, old_elements)), list(map(block_xml, new_elements))
        old_blocks = self.old.blocks(old_container, old_elements, old_xml)
        # NEW's blocks with the XML of one of OLD's take its key, unread; not a
        # block with objects: its key describes an image by the bytes its
        # relationship points to, which the same XML in NEW's package may not.
        known = {b.xml: b.key for b in old_blocks if "\ufffc" not in b.key}
        new_blocks = self.new.blocks(new_container, new_elements, new_xml, known)
        self.stats.paragraphs_old += sum(b.el.tag == W_P for b in old_blocks)
        self.stats.paragraphs_new += sum(b.el.tag == W_P for b in new_blocks)
        pairs = _pairings(align_paragraphs([b.key for b in old_blocks], [b.key for b in new_blocks]),
                          old_blocks, new_blocks)
        anchor = None       # the last OLD-side block placed: insertions go after it
        for i, j in pairs:
            a = old_blocks[i] if i is not None else None
            b = new_blocks[j] if j is not None else None
            if a is not None:
                section = self.old.sections.get(a.el, section)
            if a is not None and b is not None:
                self._open = None
                anchor = self.pair(a, b, section)
                continue
            if a is not None:
                self.delete(a.el, section)
                anchor = a.el
            else:
                anchor = self.insert(b.el, anchor, old_container, section)

    def pair(self, a: Block, b: Block, section: str):
        """Compare two aligned blocks of the same kind; the OLD-side element now in place."""
        if a.el.tag == W_TBL:
            if a.xml != b.xml:
                self.table(a.el, b.el, section)
            return a.el
        if a.key == b.key:
            self.stats.identical += 1
            self.notes(a.el, b.el, section)
            if a.xml != b.xml:
                self.formatting(a.el, b.el, section)
            return a.el
        self.stats.modified += 1
        return self.paragraph(a.el, b.el, section)

    def paragraph(self, p, new_p, section: str):
        """A modified paragraph: word-level revisions where the objects allow it."""
        old_objects, new_objects = self.old.objects(p), self.new.objects(new_p)
        new_text = "".join(t for _, t in text_pieces(new_p))
        swaps = self._swappable(p, new_p, old_objects, new_objects)
        if swaps is not None:
            target = copy.deepcopy(p) if old_objects else p
            swapped = self._swap_objects(target, new_p, swaps)
            hunks = revision.revise_paragraph(target, new_text, self.ctx)
            if target is p or self._reads_as(target, self.old.key(p), self.new.key(new_p)):
                if target is not p:
                    p.getparent().replace(p, target)
                for elements in swapped:
                    self.add(Change(section, "replace", "\ufffc", "\ufffc", [], elements))
                for hunk in hunks:
                    kind = "replace" if hunk.old and hunk.new else "delete" if hunk.old else "insert"
                    self.add(Change(section, kind, hunk.old, hunk.new, [], list(hunk.elements)))
                self.notes(target, new_p, section)
                return target
        self.stats.replaced += 1
        old_text = "".join(t for _, t in text_pieces(p))
        elements = revision.replace_paragraph_content(p, self.importer.copy(new_p), self.ctx)
        # An object alone (an image, an equation) reads as U+FFFC, the object replacement character.
        self.add(Change(section, "replace", old_text or "\ufffc", new_text or "\ufffc", [], elements))
        return p

    @staticmethod
    def _swappable(p, new_p, old_objects: list, new_objects: list) -> list[int] | None:
        """Which objects differ, when the paragraph can be revised word by word
        with those objects replaced one for one: as many objects on both sides,
        each differing one an image in a run of its own directly in the
        paragraph (equations and text boxes are tracked only whole); else None."""
        if len(old_objects) != len(new_objects):
            return None
        differ = [k for k, (a, b) in enumerate(zip(old_objects, new_objects)) if a[1] != b[1]]
        if not differ:
            return []
        for el, container in ((e, q) for q in (p, new_p) for k, e in enumerate(object_elements(q)) if k in differ):
            run = el.getparent()
            if el.tag not in IMAGE_TAGS or run.tag != W_R or run.getparent() is not container \
                    or any(c.tag not in (W_RPR, el.tag) for c in run):
                return None
        return differ

    def _swap_objects(self, p, new_p, swaps: list[int]) -> list[list]:
        """Replace the objects `swaps` of `p` by NEW's (tracked); the revision elements of each."""
        olds, news = object_elements(p), object_elements(new_p)
        return [revision.replace_object_run(p, olds[k].getparent(), self.importer.copy(news[k].getparent()), self.ctx)
                for k in swaps]

    def _reads_as(self, p, old_key: str, new_key: str) -> bool:
        """Whether a revised paragraph rejects to `old_key` and accepts to `new_key`
        (objects included: a word diff cannot tell which side of an image text goes)."""
        rejected, accepted = copy.deepcopy(p), copy.deepcopy(p)
        reject_all(rejected)
        accept_all(accepted)
        return self.old.key(rejected) == old_key and self.old.key(accepted) == new_key

    def formatting(self, p, new_p, section: str) -> None:
        """Report a formatting-only change (no revision: see the module
        docstring), naming the properties that changed."""
        changed = formatting_changes(p, new_p)
        if changed:
            self.stats.formatting_only += 1
            text = "".join(t for _, t in text_pieces(p))
            self.add(Change(section, "format", text, text, [], properties=changed))

    def table(self, tbl, new_tbl, section: str) -> None:
        rows = [tr for tr in tbl if tr.tag == W_TR]
        new_rows = [tr for tr in new_tbl if tr.tag == W_TR]
        # Rows are structure: any removed and added rows at one place pair up
        # (the most alike first), and their cells are compared.
        pairs = align_paragraphs([self.old.row_key(tr) for tr in rows], [self.new.row_key(tr) for tr in new_rows],
                                 threshold=0.0)
        anchor = None
        for i, j in pairs:
            tr = rows[i] if i is not None else None
            new_tr = new_rows[j] if j is not None else None
            if tr is not None and new_tr is not None and len(tr.findall(W_TC)) == len(new_tr.findall(W_TC)):
                for tc, new_tc in zip(tr.findall(W_TC), new_tr.findall(W_TC)):
                    self.blocks(tc, new_tc, section)
                anchor = tr
                continue
            if tr is not None:
                self.stats.rows_deleted += 1
                self.add(Change(section, "remove", self._row_text(tr), "", [], revision.delete_row(tr, self.ctx)))
                anchor = tr
            if new_tr is not None:
                self.stats.rows_inserted += 1
                text = self._row_text(new_tr)
                copy_tr = self.importer.copy(new_tr)
                ref, before = (anchor, False) if anchor is not None else (rows[0], True)
                self.add(Change(section, "add", "", text, [], revision.insert_row_copy(ref, copy_tr, self.ctx, before)))
                anchor = copy_tr

    @staticmethod
    def _row_text(tr) -> str:
        return "\t".join("\n".join("".join(t for _, t in text_pieces(p)) for p in tc.iter(W_P))
                         for tc in tr.findall(W_TC))

    # -- whole blocks

    def delete(self, el, section: str) -> None:
        if el.tag == W_P:
            self.stats.deleted += 1
            text = "".join(t for _, t in text_pieces(el))
            self.add(Change(section, "remove", text, "", [], revision.delete_paragraph(el, self.ctx)), merge=True)
        else:
            self.stats.rows_deleted += len(el.findall(W_TR))
            text = "\n".join(self._row_text(tr) for tr in el.findall(W_TR))
            self.add(Change(section, "remove", text, "", [], revision.delete_table(el, self.ctx)), merge=True)

    def insert(self, new_el, anchor, container, section: str):
        """Insert a copy of NEW's block after `anchor` (or first in `container`); the copy."""
        ref, before = (anchor, False) if anchor is not None else (_first_block(container), True)
        dup = self.importer.copy(new_el)
        section = self.new.sections.get(new_el, section)
        if new_el.tag == W_P:
            self.stats.inserted += 1
            text = "".join(t for _, t in text_pieces(new_el))
            revision.insert_paragraph_copy(ref, dup, self.ctx, before)
            self.add(Change(section, "add", "", text, [], [dup]), merge=True)
        else:
            self.stats.rows_inserted += len(dup.findall(W_TR))
            text = "\n".join(self._row_text(tr) for tr in new_el.findall(W_TR))
            self.add(Change(section, "add", "", text, [], revision.insert_table_copy(ref, dup, self.ctx, before)),
                     merge=True)
        return dup

    # -- notes

    def notes(self, p, new_p, section: str) -> None:
        """Compare the notes of references that stayed (in order, per kind)."""
        if not self.both_have_notes:
            return
        old_refs, new_refs = note_refs(p), note_refs(new_p)
        for tag, reltype in NOTE_REFS.items():
            old_notes, new_notes = self.old.notes[reltype], self.new.notes[reltype]
            if old_notes is None or new_notes is None:
                continue
            pairs = zip([r for r in old_refs if r.tag == tag], [r for r in new_refs if r.tag == tag])
            for ref, new_ref in pairs:
                note, new_note = old_notes.by_id.get(ref.get(w("id"))), new_notes.by_id.get(new_ref.get(w("id")))
                if note is not None and new_note is not None:
                    with self.within(old_notes.name, new_notes.name):
                        self.blocks(note, new_note, section)

    def _delete_orphaned_notes(self) -> None:
        """A note whose reference went with deleted text is deleted with it."""
        for ref in body(self.old.document).iter(*NOTE_REFS):
            notes = self.old.notes[NOTE_REFS[ref.tag]]
            deleted = next(ref.iterancestors(W_DEL), None)
            if notes is None or deleted is None or int(deleted.get(w("id"))) < self.first_id:
                continue        # not deleted, or deleted before this compare: not ours to touch
            note = notes.by_id.get(ref.get(w("id")))
            if note is not None:
                revision.mark_story(note, W_DEL, self.ctx)

    # -- summary

    def add(self, change: Change, merge: bool = False) -> None:
        """Record a change; consecutive whole-paragraph additions (removals)
        of one section read as one change, as `revise` reports them."""
        last = self._open
        if merge and last is not None and last.kind == change.kind and last.section == change.section:
            if change.kind == "add":
                last.after += "\n" + change.after
            else:
                last.before += "\n" + change.before
            last.elements.extend(change.elements)
            return
        change.order = (len(self.changes), 0)
        self.changes.append(change)
        self._open = change if merge else None


def _first_block(container):
    """The first paragraph or table of `container`; the container itself when
    it has none (a note emptied by its author)."""
    return next((el for el in container if el.tag in (W_P, W_TBL)), container)


def _pairings(pairs: list, old: list[Block], new: list[Block]) -> list:
    """The aligner's pairs, adjusted for blocks: a paragraph never pairs with a
    table; the last paragraphs of both containers pair when both changed (the
    container's final paragraph mark cannot be tracked, so it must stay); and
    a paragraph removed and one added at the same place, with nothing else
    changed around them, are one paragraph rewritten, not a deletion and an
    insertion."""
    split: list = []
    for i, j in pairs:
        if i is not None and j is not None and old[i].el.tag != new[j].el.tag:
            split += [(i, None), (None, j)]
        else:
            split.append((i, j))
    last = (len(old) - 1, len(new) - 1)
    if old and new and old[-1].el.tag == new[-1].el.tag == W_P \
            and (last[0], None) in split and (None, last[1]) in split:
        split = [pair for pair in split if pair not in ((last[0], None), (None, last[1]))] + [last]
    out = []
    k = 0
    while k < len(split):
        i, j = split[k]
        if j is None and k + 1 < len(split) and split[k + 1][0] is None \
                and old[i].el.tag == new[split[k + 1][1]].el.tag \
                and (k == 0 or None not in split[k - 1]) and (k + 2 >= len(split) or None not in split[k + 2]):
            out.append((i, split[k + 1][1]))
            k += 2
            continue
        out.append((i, j))
        k += 1
    return out
