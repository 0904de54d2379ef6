"""Copies of NEW's elements that can live in OLD's package, for `compare`."""
from __future__ import annotations

import copy
import hashlib

from .oxml import revision
from .oxml.accept import accept_all
from .oxml.ns import R_NS, w
from .versions import NOTE_REFS, Notes, Version

COMMENT_MARKS = (w("commentRangeStart"), w("commentRangeEnd"), w("commentReference"))
BOOKMARKS = (w("bookmarkStart"), w("bookmarkEnd"))

class Importer:
    """Copies of NEW's elements that can live in OLD's package: NEW's own
    revisions accepted (NEW is compared as it reads), comment marks dropped
    (its comments are not carried over), bookmarks renumbered, relationships
    (images, links, embedded parts) re-created in OLD, notes copied."""

    def __init__(self, old: Version, new: Version, ctx: revision.RevisionContext):
        self.old, self.new, self.ctx = old, new, ctx
        self.rids: dict[tuple[str, str, str], str] = {}     # (OLD's part, NEW's part, NEW's id) → OLD's id
        self.parts: dict[object, object] = {}
        self._blobs: dict[bytes, str] | None = None
        self.bookmark_names = {b.get(w("name")) for b in old.document.element.iter(w("bookmarkStart"))}

    def copy(self, el):
        dup = copy.deepcopy(el)
        accept_all(dup)
        for mark in list(dup.iter(*COMMENT_MARKS)):
            mark.getparent().remove(mark)
        self._bookmarks(dup)
        for node in dup.iter():
            for attr, value in node.attrib.items():
                if attr.startswith(f"{{{R_NS}}}"):
                    node.set(attr, self._rid(value))
        for ref in dup.iter(*NOTE_REFS):
            self._note(ref)
        return dup

    def _bookmarks(self, el) -> None:
        """Fresh ids; a name OLD already uses is dropped (with its end)."""
        ids: dict[str, str | None] = {}
        for mark in list(el.iter(*BOOKMARKS)):
            old_id = mark.get(w("id"))
            if mark.tag == w("bookmarkStart"):
                name = mark.get(w("name"))
                ids[old_id] = None if name in self.bookmark_names else self.ctx.allocate()
                self.bookmark_names.add(name)
            new_id = ids.get(old_id)
            if new_id is None:
                mark.getparent().remove(mark)
            else:
                mark.set(w("id"), new_id)

    def _rid(self, rid: str) -> str:
        """OLD's id for the relationship NEW's `rid` names (both of the parts
        being compared, `Version.part`), made on first use."""
        key = (self.old.part, self.new.part, rid)
        if key not in self.rids:
            new, old = self.new.package, self.old.package
            rel = new.relationship(self.new.part, rid)
            if rel is None:
                return rid
            if rel.is_external:
                self.rids[key] = old.relate(self.old.part, rel.reltype, rel.target_ref, external=True)
            else:
                self.rids[key] = old.relate(self.old.part, rel.reltype, self.part(new.target(rel)))
        return self.rids[key]

    def part(self, name: str) -> str:
        """The name in OLD of NEW's part `name`: OLD's part of that name if it
        holds the same bytes, or (not XML: an image, an embedded file) OLD's
        part of any name holding the same bytes, so that an image both versions
        share stays one part; else a copy under a free name, with the parts it
        relates to (relationship ids kept: its XML names them)."""
        if name in self.parts:
            return self.parts[name]
        new, old = self.new.package, self.old.package
        data = new.blob(name)
        same = name if name in old and old.blob(name) == data else \
            None if new.is_xml(name) else self._old_blobs().get(hashlib.sha256(data).digest())
        if same is not None:
            self.parts[name] = same
            return same
        copy_name = old.free_name(name)
        if new.is_xml(name):
            old.add_part(copy_name, new.content_type(name), copy.deepcopy(new.peek(name)))
        else:
            old.add_blob_part(copy_name, new.content_type(name), data)
            self._old_blobs().setdefault(hashlib.sha256(data).digest(), copy_name)
        self.parts[name] = copy_name
        for rel in new.relationships(name):
            target = rel.target_ref if rel.is_external else self.part(new.target(rel))
            old.relate(copy_name, rel.reltype, target, external=rel.is_external, rid=rel.rId)
        return copy_name

    def _old_blobs(self) -> dict[bytes, str]:
        """OLD's parts that are not XML, by the digest of their bytes (read once)."""
        if self._blobs is None:
            old = self.old.package
            self._blobs = {}
            for name in old.names():
                if not old.is_xml(name):
                    self._blobs.setdefault(hashlib.sha256(old.blob(name)).digest(), name)
        return self._blobs

    def _note(self, ref) -> None:
        reltype = NOTE_REFS[ref.tag]
        source, target = self.new.notes[reltype], self.old.notes[reltype]
        note = source.by_id.get(ref.get(w("id"))) if source is not None else None
        if note is None:
            return   # a dangling reference in NEW stays as it is
        if target is None:
            target = self.old.notes[reltype] = self._adopt(source, reltype)
        saved = self.old.part, self.new.part
        self.old.part, self.new.part = target.name, source.name     # the note's relationships are its part's
        try:
            dup = self.copy(note)
        finally:
            self.old.part, self.new.part = saved
        revision.mark_story(dup, w("ins"), self.ctx)
        ref.set(w("id"), target.add(dup))

    def _adopt(self, other: Notes, reltype: str) -> Notes:
        """A notes part for OLD, which had none: NEW's, with its separators and
        without its notes."""
        document = self.old.document
        name = self.part(other.name)
        root = document.package.root(name)
        for note in list(root):
            if note.get(w("type")) in (None, "normal"):
                root.remove(note)
        document.package.relate(document.main, reltype, name)
        return Notes(document.package, name, changing=True)
