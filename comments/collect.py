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
  reproduces the copy's text;
- a Word comment on text its author then changed keeps its section and its
  quote (the draft's text) and carries those edits: one item, not two.
A copy that has little text in common with the draft (`copies.shared_share`, under
half) is another document, refused with the share measured.
Comments already in the draft itself are not collected again. Ids run 1, 2, …
by file order, then document order, so the same inputs give the same ids.
"""
from __future__ import annotations

from pathlib import Path

from drafting.errors import InputError
from drafting.model import Comment, Feedback
from drafting.outputs import write_atomic
from drafting.reader import open_draft

from .copies import Found, open_copy, revision_keys, word_comments
from .feedback_yaml import dump_feedback
from .proposals import proposals
from .word_comments import comments_of


def write_collected(draft_path: str | Path, marked_paths: list[Path], output: str | Path) -> Feedback:
    """Collect the feedback of `marked_paths` and write it as YAML to `output`, atomically."""
    output = Path(output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        # which also keeps the output from overwriting a .docx given as input
        raise InputError(f"{output}: the collected feedback is written as YAML; name the output .yaml")
    feedback = collect(draft_path, marked_paths)
    write_atomic(output, dump_feedback(feedback))
    return feedback


def _linked(word: list[Found], edits: list[Found]) -> list[Found]:
    """A Word comment and the edits its author made to the text it is about
    (the same draft paragraph, spans that meet) are one item: the comment,
    carrying those edits."""
    kept = []
    for proposal in edits:
        comment = next((c for c in word if c.comment.by == proposal.comment.by and _meet(c.where, proposal.where)),
                       None)
        if comment is None:
            kept.append(proposal)
        else:
            for edit in proposal.comment.edits:
                edit.index = len(comment.comment.edits) + 1
                comment.comment.edits.append(edit)
    return word + kept


def _meet(a: dict[int, tuple[int, int]], b: dict[int, tuple[int, int]]) -> bool:
    return any(i in b and a[i][0] <= b[i][1] and b[i][0] <= a[i][1] for i in a)


def collect(draft_path: str | Path, marked_paths: list[Path]) -> Feedback:
    """The comments and proposed edits of every marked copy, as pending feedback on the draft."""
    if not marked_paths:
        raise InputError("no marked copy given")
    draft = open_draft(draft_path)
    known_comments = {(c.who.author, c.text) for c in word_comments(draft.document)}
    known_revisions = revision_keys(draft.document)
    comments: list[Comment] = []
    for path in map(Path, marked_paths):
        copy = open_copy(draft, Path(draft_path), path, known_revisions, known_comments)
        found = _linked(comments_of(draft, copy, known_comments), proposals(draft, copy))
        found.sort(key=lambda item: item.key)      # stable: a comment before an edit of its paragraph
        comments.extend(item.comment for item in found)
    for number, comment in enumerate(comments, start=1):
        comment.id = str(number)
    return Feedback(comments=comments, title=draft.title, sources=list(map(Path, marked_paths)))
