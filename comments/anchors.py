"""Anchors that survive edits: finding a comment's text again in the next round's draft.

A comment's anchor is stored as W3C Web Annotation selectors
(`drafting.model.Anchor`): its section, the quoted text with 32 characters of
context each side (TextQuoteSelector) and its offsets in the section's text
(TextPositionSelector). The revised draft of one round is the draft of the
next; `Relocator.find` looks for each anchor there:
1. where its paragraph went: the two drafts are aligned paragraph by paragraph
   (`drafting.align`, the alignment `compare` uses, so a draft edited by hand in
   Word is followed as well as our own clean output), which also gives the
   section's new ID when it was renumbered or moved;
2. exactly, in that section (several occurrences: the one whose context and
   position agree best with the selectors);
3. fuzzily: diff-match-patch's `match_main` near the old position, accepted
   only when the text found is close enough to the quote (`FUZZY_MAX`);
4. exactly once anywhere in the draft, for a long quote whose paragraph moved;
5. else the anchor is orphaned, with the reason.
"""
from __future__ import annotations

from dataclasses import replace

from diff_match_patch import diff_match_patch

from drafting.align import align_paragraphs, similarity
from drafting.model import Anchor, Comment, Draft, Paragraph, Section
from drafting.text import find_all

CONTEXT = 32          # characters of prefix and suffix, as the W3C selectors are usually cut
MATCH_THRESHOLD = 0.4  # match_main's threshold: 0 only a perfect match, 1 anything
FUZZY_MAX = 0.35       # edit distance of the text found, as a share of the quote's length
SHARED_WORDS = 0.5     # word overlap (`drafting.align.similarity`) a fuzzy match needs with the quote
MIN_CONTEXT = 8        # characters of context that must agree where the quote's paragraph was not followed
MIN_MOVED = 16         # shortest quote looked for in the whole draft when its paragraph moved

EXACT, FUZZY, ORPHANED = "exact", "fuzzy", "orphaned"


def anchor_at(section: Section, start: int, end: int) -> Anchor:
    """The selectors of `section.text[start:end]`."""
    text = section.text
    return Anchor(section=section.id, exact=text[start:end], prefix=text[max(0, start - CONTEXT):start],
                  suffix=text[end:end + CONTEXT], start=start, end=end)


def make_anchor(draft: Draft, comment: Comment) -> Anchor | None:
    """The anchor of `comment` in `draft`: its quote's selectors, or the section
    alone when it quotes nothing; None for a general comment or an unknown
    section. A quote found several times is taken at the first occurrence, as
    `comments check` reads it."""
    if comment.is_general:
        return None
    section = draft.find(comment.section or "")
    if section is None:
        return None
    if comment.quote:
        hits = find_all(section.text, comment.quote)
        if hits:
            return anchor_at(section, *hits[0])
    return Anchor(section=section.id)


class Relocator:
    """Finds anchors of the draft `old` again in the draft `new`."""

    def __init__(self, old: Draft, new: Draft):
        self.old, self.new = old, new
        self.new_of: dict[int, int] = {}           # old paragraph index → new paragraph index
        for i, j in align_paragraphs([p.text for p in old.paragraphs], [p.text for p in new.paragraphs]):
            if i is not None and j is not None:
                self.new_of[i] = j
        self.offset: dict[int, int] = {}            # id(paragraph) → its start in its section's text
        for draft in (old, new):
            for section in draft.walk():
                at = 0
                for p in section.paragraphs:
                    self.offset[id(p)] = at
                    at += len(p.text) + 1
        self.dmp = diff_match_patch()
        self.dmp.Match_Threshold = MATCH_THRESHOLD
        self.dmp.Diff_Timeout = 0

    # -- sections

    def section(self, old_section: Section) -> Section | None:
        """Where `old_section` is in the new draft: the section of its heading's
        paragraph there, else of most of its own paragraphs; None when none is left."""
        votes: dict[int, tuple[int, Section]] = {}
        for rank, p in enumerate(old_section.paragraphs):
            j = self.new_of.get(p.index)
            target = self.new.paragraphs[j].section if j is not None else None
            if target is None:
                continue
            if rank == 0 and old_section.heading is not None:
                return target
            count, _ = votes.get(id(target), (0, target))
            votes[id(target)] = (count + 1, target)
        if not votes:
            return None
        return max(votes.values(), key=lambda v: v[0])[1]

    # -- anchors

    def find(self, anchor: Anchor) -> Anchor:
        """The anchor as found in the new draft, with `found`, `moved_from` and
        `reason` filled; its selectors describe the new draft's text."""
        old_section = self.old.find(anchor.section)
        if old_section is None:
            return _orphan(anchor, f"section {anchor.section} is not in the earlier draft")
        if anchor.exact is None:
            target = self.section(old_section)
            if target is None:
                return _orphan(anchor, f"section {anchor.section} was removed")
            return self._found(Anchor(section=target.id), EXACT, old_section)
        target, loc, span = self._expected(old_section, anchor)
        if target is not None:
            hit = self._exact(target, anchor, loc) or self._fuzzy(target, anchor, loc, span)
            if hit is not None:
                return self._found(anchor_at(target, *hit[:2]), hit[2], old_section)
        moved = self._anywhere(anchor)
        if moved is not None:
            return self._found(moved, EXACT, old_section)
        if target is None:
            return _orphan(anchor, f"section {anchor.section} was removed")
        where = f"section {target.id}" + (f" (was {anchor.section})" if target.id != anchor.section else "")
        return _orphan(anchor, f"the quoted text is no longer in {where}")

    def _found(self, anchor: Anchor, how: str, old_section: Section) -> Anchor:
        anchor.found = how
        anchor.moved_from = old_section.id if anchor.section != old_section.id else None
        return anchor

    def _expected(self, old_section: Section, anchor: Anchor) -> tuple[Section | None, int, tuple[int, int] | None]:
        """The new section to look in, the expected offset of the quote there and
        the span of the paragraph that became the quote's (None when it is gone):
        from the paragraph that held the quote's start, else from the section."""
        start = min(anchor.start or 0, max(0, len(old_section.text) - 1))
        paragraph = _paragraph_at(old_section, start, self.offset)
        if paragraph is not None:
            j = self.new_of.get(paragraph.index)
            if j is not None:
                new_p = self.new.paragraphs[j]
                if new_p.section is not None:
                    within, at = start - self.offset[id(paragraph)], self.offset[id(new_p)]
                    return new_p.section, at + min(within, len(new_p.text)), (at, at + len(new_p.text))
        target = self.section(old_section)
        if target is None:
            return None, 0, None
        scale = len(target.text) / max(1, len(old_section.text))
        return target, int(start * scale), None

    def _exact(self, target: Section, anchor: Anchor, loc: int) -> tuple[int, int, str] | None:
        hits = find_all(target.text, anchor.exact)
        if not hits:
            return None
        text = target.text

        def agreement(hit: tuple[int, int]) -> tuple[int, int]:
            start, end = hit
            before = _common_suffix(text[max(0, start - CONTEXT):start], anchor.prefix)
            after = _common_prefix(text[end:end + CONTEXT], anchor.suffix)
            return before + after, -abs(start - loc)

        start, end = max(hits, key=agreement)
        return start, end, EXACT

    def _fuzzy(self, target: Section, anchor: Anchor, loc: int,
               span: tuple[int, int] | None) -> tuple[int, int, str] | None:
        """match_main for the quote's start near `loc`, within the quote's paragraph
        when it is known; its end is the word end that makes the span read closest
        to the quote. Kept only when that span is close enough to the quote, shares
        at least half its words, stays within one paragraph as the quote did, and,
        when the paragraph itself was not followed, agrees with the quote's context."""
        text, exact = target.text, anchor.exact
        low, high = span or (0, len(text))
        if not text[low:high].strip() or not exact.strip():
            return None
        start = self.dmp.match_main(text[low:high], exact, loc - low)
        if start < 0:
            return None
        start += low
        start = _whole_words(text, start, start)[0]
        first, last = start + len(exact) // 2, min(high, start + 2 * len(exact))
        ends = [e for e in range(max(first, start + 1), last + 1)
                if e == len(text) or not (text[e - 1].isalnum() and text[e].isalnum())]
        best: tuple[int, int] | None = None
        for end in ends:
            found = text[start:end]
            if "\n" in found and "\n" not in exact:
                break
            distance = self.dmp.diff_levenshtein(self.dmp.diff_main(exact, found, False))
            if best is None or distance < best[0]:
                best = (distance, end)
        if best is None or best[0] > FUZZY_MAX * len(exact):
            return None
        start, end = _whole_words(text, start, best[1])
        if end <= start or similarity(exact, text[start:end]) < SHARED_WORDS:
            return None
        if span is None and max(_common_suffix(text[max(0, start - CONTEXT):start], anchor.prefix),
                                _common_prefix(text[end:end + CONTEXT], anchor.suffix)) < MIN_CONTEXT:
            return None
        return start, end, FUZZY

    def _anywhere(self, anchor: Anchor) -> Anchor | None:
        """A long quote that occurs exactly once in the whole new draft (its
        paragraph moved to a place the alignment does not pair)."""
        if len(anchor.exact) < MIN_MOVED:
            return None
        found = [(s, hit) for s in self.new.walk() for hit in find_all(s.text, anchor.exact)]
        if len(found) != 1:
            return None
        section, (start, end) = found[0]
        return anchor_at(section, start, end)


def _orphan(anchor: Anchor, reason: str) -> Anchor:
    return replace(anchor, found=ORPHANED, moved_from=None, reason=reason)


def _paragraph_at(section: Section, offset: int, starts: dict[int, int]) -> Paragraph | None:
    found = None
    for p in section.paragraphs:
        if starts[id(p)] <= offset:
            found = p
    return found


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so that it neither starts nor ends inside a word, then drop
    the spaces at its ends."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
