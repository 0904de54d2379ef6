"""`drafting carry OLD FEEDBACK… NEW -o carried.yaml`: the comments of one round, carried to the next.

The revised draft of round N is the draft of round N+1. Every comment of
round N comes along with its id, decision and response, its `round` (N when it
had none), and its anchor found again in NEW (`comments.anchors`): its section
becomes the section's ID in NEW, its quote the text found there. An accepted
comment whose quoted text its own edit replaced is anchored on the text the
edit wrote (`edited`). A comment whose text is gone is kept, marked orphaned
with the reason, and its quote dropped (it is no longer in the draft), so that
the carried file passes `comments check` against NEW. The earlier meeting's
name, author and date are not carried: the new round's feedback gives its own.

Edits: those of decided comments are already in NEW (it is their result) and
are not carried; a pending comment keeps the proposed edits whose text still
occurs in its section in NEW, the others are dropped and reported.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from drafting.errors import InputError
from drafting.model import Anchor, Comment, Decision, Draft, EditKind, Feedback
from drafting.outputs import write_atomic
from drafting.reader import read_draft
from drafting.text import find_all, fold

from .anchors import EXACT, FUZZY, ORPHANED, Relocator, anchor_at, make_anchor
from .feedback_yaml import dump_feedback
from .intake import read_feedback

_TARGETED = (EditKind.REPLACE, EditKind.DELETE, EditKind.INSERT)
_WRITING = (EditKind.REPLACE, EditKind.INSERT, EditKind.REWRITE)
EDITED = "edited"     # the quote was replaced by the comment's own accepted edit: anchored on the new text


@dataclass
class Carried:
    """The carried feedback and what happened to each anchor."""
    feedback: Feedback
    found: Counter = field(default_factory=Counter)        # exact / fuzzy / orphaned → number of comments
    dropped_edits: list[str] = field(default_factory=list)  # one line per proposed edit left behind

    @property
    def orphaned(self) -> list[Comment]:
        return [c for c in self.feedback.comments if c.anchor is not None and c.anchor.found == ORPHANED]

    def summary(self) -> str:
        return (f"{len(self.feedback.comments)} comments: {self.found[EXACT]} found exactly, "
                f"{self.found[FUZZY]} fuzzily, {self.found[EDITED]} on the text their edit wrote, "
                f"{self.found[ORPHANED]} orphaned")


def carry(old: Draft, feedback: Feedback, new: Draft, *, round_: int = 1) -> Carried:
    """`feedback` on `old`, carried onto `new`. Comments without a round are of
    round `round_` (the round `old` was the draft of)."""
    relocator = Relocator(old, new)
    # Meeting, author and date were the earlier round's: the new round's feedback gives its own.
    result = Carried(Feedback(title=feedback.title))
    for comment in feedback.comments:
        carried = replace(comment, round=comment.round or round_, source=None, edits=[])
        anchor = _anchor(old, comment)
        if anchor is not None:
            found = anchor if anchor.found == ORPHANED else relocator.find(anchor)
            if found.found == ORPHANED and comment.decision.allows_edits:
                found = _on_its_edit(relocator, comment) or found
                if found.found == ORPHANED and _deleted_by_its_edit(comment, anchor):
                    found.reason = "its own accepted edit deleted the quoted text"
            carried.anchor = found
            result.found[found.found] += 1
            if found.found == ORPHANED:     # it stays on its section while that is still there
                old_section = old.find(comment.section or "")
                target = relocator.section(old_section) if old_section is not None else None
                carried.section, carried.quote = (target.id if target is not None else None), None
            else:
                carried.section = found.section
                carried.quote = found.exact if comment.quote else None
        if comment.decision is Decision.PENDING and comment.edits:
            carried.edits = _still_applicable(comment, carried, new, result.dropped_edits)
        result.feedback.comments.append(carried)
    return result


def carry_files(old_path: Path, feedback_paths: list[Path], new_path: Path, output: Path,
                *, round_: int = 1) -> Carried:
    """Read the drafts and the feedback, carry, and write the carried feedback as YAML, atomically."""
    output = Path(output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"{output}: the carried feedback is written as YAML; name the output .yaml")
    if output.exists() and any(output.resolve() == Path(p).resolve() for p in feedback_paths):
        raise InputError(f"{output}: the output would overwrite an input; choose another name")
    result = carry(read_draft(old_path), read_feedback(list(feedback_paths)), read_draft(new_path),
                   round_=round_)
    write_atomic(output, dump_feedback(result.feedback))
    return result


def _anchor(old: Draft, comment: Comment) -> Anchor | None:
    """The comment's stored anchor while it still describes `old` (it was
    carried into it), else one made from its section and quote."""
    stored = comment.anchor
    if stored is not None and stored.found == ORPHANED:
        return stored
    if stored is not None and stored.section == comment.section:
        section = old.find(stored.section)
        if section is not None and (stored.exact is None or (
                stored.start is not None and section.text[stored.start:stored.end] == stored.exact)):
            return replace(stored, found=None, moved_from=None, reason=None)
    return make_anchor(old, comment)


def _on_its_edit(relocator: Relocator, comment: Comment) -> Anchor | None:
    """For an accepted comment whose quoted text its own edit replaced: the
    anchor on the text the edit wrote, when that occurs once in its section."""
    for edit in comment.edits:
        old_section = relocator.old.find(edit.section or comment.section or "")
        target = relocator.section(old_section) if edit.kind in _WRITING and old_section is not None else None
        hits = find_all(target.text, edit.text or "") if target is not None else []
        if len(hits) == 1:
            anchor = anchor_at(target, *hits[0])
            anchor.found = EDITED
            anchor.moved_from = old_section.id if target.id != old_section.id else None
            return anchor
    return None


def _deleted_by_its_edit(comment: Comment, anchor: Anchor) -> bool:
    quote = fold(anchor.exact or "").casefold()
    for edit in comment.edits:
        removed = edit.kind is EditKind.DELETE or (edit.kind is EditKind.REPLACE and not (edit.text or "").strip())
        target = fold(edit.target or "").casefold()
        if removed and quote and target and (quote in target or target in quote):
            return True
    return False


def _still_applicable(comment: Comment, carried: Comment, new: Draft, dropped: list[str]) -> list:
    kept = []
    for edit in comment.edits:
        section_id = edit.section if edit.section and edit.section != comment.section else carried.section
        section = new.find(section_id or "")
        text_ok = edit.kind not in _TARGETED or (section is not None and find_all(section.text, edit.target or ""))
        if section is not None and text_ok:
            kept.append(replace(edit, section=edit.section and section.id))
        else:
            dropped.append(f"comment {comment.id}, edit {edit.index}: its text is no longer in "
                           f"section {section_id or comment.section}")
    return kept
