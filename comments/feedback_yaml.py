"""The YAML feedback file (DESIGN.md §3): reading it safely, writing it back.

Reading builds plain Python values: a file written as `key: value` lines and
`- ` items (as yaml.safe_dump and `dump_feedback` write it, and most clerks
type it) is read line by line (`_plain_block`), anything else from the YAML
parser's events (`yaml_parser`, libyaml when available, imported only then).
The values:
- every scalar stays text (only an empty value or `null`/`~` is None), so that a
  section `1.10` is not the number 1.1, a delegate named `No` is not False and
  `2021-02-05` is not a date object;
- aliases are refused: a feedback file has no use for them, and expanded they
  are the "billion laughs" bomb;
- a mapping with the same key twice is an error, not a silent overwrite;
- files over DRAFTING_MAX_FEEDBACK_BYTES are refused before parsing (`drafting.package.read_input`).
"""
from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from drafting.errors import InputError, Problem
from drafting.model import Comment, Edit, EditKind, Feedback

from .records import FileFeedback, Record, build_file_feedback

MAX_DEPTH = 20        # the format nests four levels deep; more is an attack or a mistake

_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects
    (reference counting still frees them); loading stays linear in file size."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_yaml(path: Path, data: bytes) -> tuple[FileFeedback, list[Problem]]:
    """One YAML feedback file's comments and the problems found in them.
    Call it with the cyclic garbage collector paused (`gc_paused`): a large file
    makes millions of objects, and collections triggered by their creation make
    loading quadratic."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    document = _plain_block(text)
    if document is None:
        from .yaml_parser import compose    # any other YAML: the parser (imported only then)

        document = compose(path, text)
    if document is None:
        raise InputError(f"{path}: the file is empty; expected `comments:` with a list of comments")

    value, lines = document
    if isinstance(value, list):          # a bare list of comments is accepted too
        top, comments = {}, value
    elif isinstance(value, dict):
        top = {k: v for k, v in value.items() if k != "comments"}
        comments = value.get("comments")
        if comments is None:
            raise InputError(f"{path}: no `comments:` list in the file")
        if not isinstance(comments, list):
            raise InputError(f"{path}: `comments` must be a list of comments (each starting with `- `)")
    else:
        raise InputError(f"{path}: expected a mapping with `comments:`, not a single value")
    records = [Record(c, f"{path}:{lines[i]}" if i < len(lines) else str(path)) for i, c in enumerate(comments)]
    return build_file_feedback(path, top, records)


# The plain block subset, read line by line. Conservative: what it does not
# accept goes to the YAML parser, so it only has to agree with YAML on what it
# accepts. Only printable characters (no tab, no line break but "\n", no byte
# order mark); every line blank or `key:`, `key: value`, `- key: value` (a
# mapping as a sequence item), indented by spaces; a key a short identifier
# that is not `null`; a value on one line, plain (no `:`, `#` or brackets, not
# starting with an indicator, no trailing space) or in single quotes.
_BLOCK_LINE = re.compile(r"""(?:(\ *)(-\ )?([A-Za-z_][A-Za-z0-9_]{0,63}):
                                (?:\ ('.*' | [^\s\-?:,\[\]{}\#&*!|>'"%@`][^:\#\[\]{}]*(?<!\ )))?)?""", re.X)


def _plain_block(text: str) -> tuple[dict[str, Any], list[int]] | None:
    """The document's value and the line of each comment, if `text` is plain
    block YAML; else None. Several times faster than building the values from
    the parser's events, whose Python objects cost more than the parsing."""
    if not text.replace("\n", " ").isprintable():
        return None
    blocks = _Blocks()
    mapping, column_of_keys = blocks.root, 0        # where the previous line's key went
    null_words = _NULL_WORDS
    for number, match in enumerate(map(_BLOCK_LINE.fullmatch, text.split("\n")), start=1):
        if match is None:
            return None
        indent, dash, key, value = match.groups()
        if key is None:                             # a blank line
            continue
        if dash or len(indent) != column_of_keys or blocks.pending is not None:
            found = blocks.enter(number, len(indent), dash is not None)
            if found is None:
                return None
            mapping, column_of_keys = found
        if key in mapping or key in null_words:
            return None
        if value is None:
            blocks.pending = (mapping, key, column_of_keys)
        elif value[0] != "'":
            mapping[key] = None if value in null_words else value
        elif "'" in value[1:-1].replace("''", ""):
            return None
        else:
            mapping[key] = value[1:-1].replace("''", "'")
    blocks.close()
    return (blocks.root, blocks.lines) if blocks.root else None


class _Blocks:
    """The open block collections of `_plain_block` and what changes them: a
    line that opens a `key:`'s value, starts a sequence item or goes back out."""

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}
        self.open: list[tuple[int, Any]] = [(0, self.root)]    # (column, collection), innermost last
        self.pending: tuple[dict[str, Any], str, int] | None = None   # a `key:` whose value is below it
        self.comments: Any = ()                    # the list of comments, once open
        self.lines: list[int] = []

    def enter(self, number: int, column: int, dash: bool) -> tuple[dict[str, Any], int] | None:
        """The mapping that takes the key of line `number`, and its column;
        None when the line does not fit the blocks as plain YAML would."""
        if self.pending is not None and not self._settle(column, dash):
            return None
        open_ = self.open
        open_column, collection = open_[-1]
        while open_column > column or (open_column == column and not dash and collection.__class__ is list):
            open_.pop()
            open_column, collection = open_[-1]
        if open_column != column or (collection.__class__ is list) != dash:
            return None
        if not dash:
            return collection, column
        if len(open_) >= MAX_DEPTH:
            return None
        collection.append(item := {})
        open_.append((column + 2, item))
        if collection is self.comments:
            self.lines.append(number)
        return item, column + 2

    def close(self) -> None:
        """At the end of the text, a pending key has no value: null."""
        if self.pending is not None:
            mapping, key, _ = self.pending
            mapping[key] = None

    def _settle(self, column: int, dash: bool) -> bool:
        """Give the pending key its value: the block that the line at `column`
        opens, or null. False when that block would nest too deep."""
        mapping, key, key_column = self.pending
        self.pending = None
        if not (column > key_column or (dash and column == key_column)):
            mapping[key] = None
            return True
        if len(self.open) >= MAX_DEPTH:
            return False
        block: Any = [] if dash else {}
        mapping[key] = block
        self.open.append((column, block))
        if mapping is self.root and key == "comments" and dash:
            self.comments = block
        return True


def dump_feedback(feedback: Feedback) -> str:
    """`feedback` in the YAML format that `read_feedback` reads back to the same model."""
    with gc_paused():
        return _dump(feedback)


def _dump(feedback: Feedback) -> str:
    top: dict[str, Any] = {}
    for key in ("title", "meeting", "author", "date"):
        if getattr(feedback, key):
            top[key] = getattr(feedback, key)
    top["comments"] = [comment_dict(c) for c in feedback.comments]
    from .yaml_parser import dump

    return dump(top)


def comment_dict(c: Comment) -> dict[str, Any]:
    """The plain §3 mapping of one comment (what YAML holds; the workspace stores it too)."""
    out: dict[str, Any] = {"id": c.id, "by": c.by}
    for key in ("org", "section", "quote", "text"):
        if getattr(c, key) is not None:
            out[key] = getattr(c, key)
    out["decision"] = c.decision.value
    for key in ("response", "same_as"):
        if getattr(c, key) is not None:
            out[key] = getattr(c, key)
    if c.edits:
        out["edits"] = [_edit_dict(e) for e in c.edits]
    for key in ("initials", "date"):
        if getattr(c, key) is not None:
            out[key] = getattr(c, key)
    return out


def _edit_dict(e: Edit) -> dict[str, Any]:
    out: dict[str, Any]
    if e.kind is EditKind.REPLACE:
        out = {"replace": e.target, "with": e.text}
    elif e.kind is EditKind.DELETE:
        out = {"delete": e.target}
    elif e.kind is EditKind.INSERT:
        out = {"insert": e.text, e.position or "after": e.target}
    elif e.kind is EditKind.REWRITE:
        return {"section": e.section, "text": e.text}
    elif e.kind is EditKind.ADD:
        return {"add": e.text, f"{e.position or 'after'}_section": e.section}
    else:
        return {"remove_section": e.section}
    if e.section is not None:
        out["section"] = e.section
    if e.occurrence is not None:
        out["occurrence"] = e.occurrence
    return out
