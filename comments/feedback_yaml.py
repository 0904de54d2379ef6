"""The YAML feedback file (DESIGN.md §3): reading it safely, writing it back.

Reading composes the YAML node graph with libyaml when available (100,000
comments in a few seconds) and builds plain Python values from it ourselves:
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
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import yaml

from drafting.errors import InputError, Problem
from drafting.model import Comment, Edit, EditKind, Feedback

from .records import FileFeedback, Record, build_file_feedback

MAX_DEPTH = 20        # the format nests four levels deep; more is an attack or a mistake

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


class _TextLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Composes nodes; resolves no implicit type except null (and fast: this
    runs once per scalar)."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return _NULL if implicit[0] and value in _NULL_WORDS else _STR
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


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


class _Refused(Exception):
    def __init__(self, message: str, node: yaml.Node):
        super().__init__(message)
        self.line = node.start_mark.line + 1


def read_yaml(path: Path, data: bytes) -> tuple[FileFeedback, list[Problem]]:
    """One YAML feedback file's comments and the problems found in them.
    Call it with the cyclic garbage collector paused (`gc_paused`): a large file
    makes millions of objects, and collections triggered by their creation make
    loading quadratic."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    loader = _TextLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{path}: invalid YAML{at}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: invalid YAML: {exc}") from None
    except RecursionError:
        raise InputError(f"{path}: the YAML is nested too deeply") from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError(f"{path}: the file is empty; expected `comments:` with a list of comments")
    try:
        value = _plain(node, set(), 0)
    except _Refused as exc:
        raise InputError(f"{path}:{exc.line}: {exc}") from None

    lines = _comment_lines(node)
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


def _plain(node: yaml.Node, seen: set[int], depth: int) -> Any:
    """Plain Python values for `node`; each node may be reached once (no aliases)."""
    if depth > MAX_DEPTH:
        raise _Refused(f"the YAML is nested more than {MAX_DEPTH} levels deep", node)
    if id(node) in seen:
        raise _Refused("YAML aliases (*name) are not allowed in a feedback file; write the text out", node)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == _NULL else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, seen, depth + 1) for item in node.value]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _plain(key_node, seen, depth + 1)
        if not isinstance(key, str):
            raise _Refused(f"a field name must be text, not {key!r}", key_node)
        if key == "<<":
            raise _Refused("YAML merge keys (<<) are not allowed in a feedback file", key_node)
        if key in result:
            raise _Refused(f"field `{key}` is given twice in the same mapping", key_node)
        result[key] = _plain(value_node, seen, depth + 1)
    return result


def _comment_lines(node: yaml.Node) -> list[int]:
    """The 1-based line of each comment, for messages."""
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "comments"), None)
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style for multi-line text, which a clerk can edit."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and not value.startswith((" ", "\t")) and value == value.rstrip(" \t"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump_feedback(feedback: Feedback) -> str:
    """`feedback` in the YAML format that `read_feedback` reads back to the same model."""
    with gc_paused():
        return _dump(feedback)


def _dump(feedback: Feedback) -> str:
    top: dict[str, Any] = {}
    for key in ("title", "meeting", "author", "date"):
        if getattr(feedback, key):
            top[key] = getattr(feedback, key)
    top["comments"] = [_comment_dict(c) for c in feedback.comments]
    return yaml.dump(top, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def _comment_dict(c: Comment) -> dict[str, Any]:
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
