"""The YAML feedback file (DESIGN.md §3): reading it safely, writing it back.

Reading goes through the project's one YAML loader (`drafting.yamlload`: PyYAML's
CSafeLoader with its guards; every scalar stays text), then through the same
record checks as a sheet (`records`). Files over DRAFTING_MAX_FEEDBACK_BYTES are
refused before parsing (`drafting.package.read_input`).
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from drafting.errors import InputError, Problem
from drafting.model import Comment, Edit, EditKind, Feedback
from drafting.yamlload import YamlProblem, load

from .records import FileFeedback, Record, build_file_feedback


def read_yaml(path: Path, data: bytes) -> tuple[FileFeedback, list[Problem]]:
    """One YAML feedback file's comments and the problems found in them."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8",
                         vi=f"{path}: không phải văn bản UTF-8 (byte {exc.start}); hãy lưu tệp dạng UTF-8") from None
    try:
        loaded = load(text)
    except YamlProblem as exc:
        if exc.syntax:
            at, vi_at = (f" at line {exc.line}, column {exc.column}", f" ở dòng {exc.line}, cột {exc.column}") \
                if exc.line else ("", "")
            raise InputError(f"{path}: invalid YAML{at}: {exc}", vi=f"{path}: YAML không hợp lệ{vi_at}: {exc}") from None
        raise InputError(f"{path}:{exc.line}: {exc}", vi=f"{path}:{exc.line}: {exc.vi}") from None
    value = loaded.value
    if value is None:
        raise InputError(f"{path}: the file is empty; expected `comments:` with a list of comments",
                         vi=f"{path}: tệp trống; cần `comments:` với danh sách ý kiến")
    if isinstance(value, list):          # a bare list of comments is accepted too
        top, comments, lines = {}, value, loaded.item_lines(None)
    elif isinstance(value, dict):
        top = {k: v for k, v in value.items() if k != "comments"}
        comments = value.get("comments")
        if comments is None:
            raise InputError(f"{path}: no `comments:` list in the file",
                             vi=f"{path}: tệp không có danh sách `comments:`")
        if not isinstance(comments, list):
            raise InputError(f"{path}: `comments` must be a list of comments (each starting with `- `)",
                             vi=f"{path}: `comments` phải là danh sách ý kiến (mỗi ý kiến bắt đầu bằng `- `)")
        lines = loaded.item_lines("comments")
    else:
        raise InputError(f"{path}: expected a mapping with `comments:`, not a single value",
                         vi=f"{path}: cần các trường và `comments:`, không phải một giá trị đơn")
    records = [Record(c, f"{path}:{lines[i]}" if i < len(lines) else str(path)) for i, c in enumerate(comments)]
    return build_file_feedback(path, top, records)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """CSafeDumper (SafeDumper without libyaml) writing multi-line text as `|`
    blocks, which a clerk can edit."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and not value.startswith((" ", "\t")) and value == value.rstrip(" \t"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump_feedback(feedback: Feedback) -> str:
    """`feedback` in the YAML format that `read_feedback` reads back to the same model."""
    top: dict[str, Any] = {}
    for key in ("title", "meeting", "author", "date"):
        if getattr(feedback, key):
            top[key] = getattr(feedback, key)
    top["comments"] = [comment_dict(c) for c in feedback.comments]
    return yaml.dump(top, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


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
    for key in ("initials", "date", "round"):
        if getattr(c, key) is not None:
            out[key] = getattr(c, key)
    if c.replies:
        out["replies"] = [{k: v for k, v in (("by", r.by), ("text", r.text), ("date", r.date)) if v is not None}
                          for r in c.replies]
    if c.resolved:
        out["resolved"] = "yes"
    if c.anchor is not None:
        out["anchor"] = {k: v for k, v in dataclasses.asdict(c.anchor).items() if v not in (None, "")}
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
        return {"section": e.section, "text": e.text} if e.section else {"text": e.text}
    elif e.kind is EditKind.ADD and e.target is not None:
        out = {"add": e.text, e.position or "after": e.target}
    elif e.kind is EditKind.ADD:
        return {"add": e.text, f"{e.position or 'after'}_section": e.section}
    else:
        return {"remove_section": e.section}
    if e.section is not None:
        out["section"] = e.section
    if e.occurrence is not None:
        out["occurrence"] = e.occurrence
    return out
