"""Feedback YAML through the YAML parser (libyaml when available): any file
the line reader of `feedback_yaml` does not take, and writing files back.
Imported only then: a plain file needs no YAML library at all.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import yaml
from yaml.composer import ComposerError
from yaml.events import (AliasEvent, DocumentEndEvent, Event, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent, StreamEndEvent)

from drafting.errors import InputError

from .feedback_yaml import _NULL_WORDS, MAX_DEPTH

_Parser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)    # only its events are used
_NULL = "tag:yaml.org,2002:null"
_NO_KEY = object()    # a mapping awaits its next key


class _Refused(Exception):
    def __init__(self, message: str, mark: yaml.Mark):
        super().__init__(message)
        self.line = mark.line + 1


def compose(path: Path, text: str) -> tuple[Any, list[int]] | None:
    """The document's value and the line of each comment (None: no document),
    or an InputError naming the line: YAML's own errors, or what the format refuses."""
    try:
        return _compose(text)
    except _Refused as exc:
        raise InputError(f"{path}:{exc.line}: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{path}: invalid YAML{at}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: invalid YAML: {exc}") from None


def _compose(text: str) -> tuple[Any, list[int]] | None:
    parser = _Parser(text)
    try:
        return _Composer(parser.get_event).document()
    finally:
        parser.dispose()


class _Composer:
    """Plain values from a stream of YAML events, checked as they come.

    What is wrong with the YAML itself (syntax, an undefined alias, a second
    document) is raised at once, as YAML's own composer would; what the format
    refuses (aliases, deep nesting, odd keys) is raised after the whole document
    has parsed, so that a file with both reports its syntax error first.
    """

    def __init__(self, get_event: Callable[[], Event]):
        self.get_event = get_event
        self.anchors: dict[str, yaml.Mark] = {}       # anchor name -> start of the node it names
        self.refusal: _Refused | None = None

    def document(self) -> tuple[Any, list[int]] | None:
        """The document's value and the 1-based line of each comment (for
        messages); None when the stream holds no document."""
        self.get_event()                               # stream start
        start = self.get_event()
        if start.__class__ is StreamEndEvent:
            return None
        document = self._values()
        if self.refusal is not None:
            self._skip_to_document_end()
        after = self.get_event()
        if after.__class__ is not StreamEndEvent:
            raise ComposerError("expected a single document in the stream", start.start_mark,
                                "but found another document", after.start_mark)
        if self.refusal is not None:
            raise self.refusal
        return document

    def _values(self) -> tuple[Any, list[int]]:
        """The plain value of the document's root node, and the line of each
        comment; stops at the first refusal. One loop with local state: it runs
        once per event, tens of thousands of times for a large file."""
        get_event = self.get_event
        outer: list[tuple[Any, Any, Event]] = []    # enclosing collections: (collection, its awaited key, start)
        top: Any = None             # the innermost open collection
        key: Any = _NO_KEY          # the key in `top` that awaits its value (_NO_KEY: none)
        start: Event | None = None  # the event that opened `top`
        comments: Any = ()          # the list of comments once open (never an open collection before)
        lines: list[int] = []
        while True:
            event = get_event()
            kind = event.__class__
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                value, node = top, start
                top, key, start = outer.pop() if outer else (None, _NO_KEY, None)
            else:
                node = event
                if kind is AliasEvent:
                    self._alias(event, len(outer) + (top is not None))
                    return None, lines
                if event.anchor is not None:
                    self._anchor(event)
                if len(outer) + (top is not None) > MAX_DEPTH:
                    self.refusal = _Refused(f"the YAML is nested more than {MAX_DEPTH} levels deep", event.start_mark)
                    return None, lines
                if top is comments:
                    lines.append(event.start_mark.line + 1)
                if kind is ScalarEvent:
                    value = event.value
                    if (value in _NULL_WORDS or event.tag is not None) and _is_null(event):
                        value = None
                else:
                    value = {} if kind is MappingStartEvent else []
                    if kind is SequenceStartEvent and comments == () and (
                            top is None or key == "comments" and not outer):
                        comments = value
                    if top is not None:
                        outer.append((top, key, start))
                    top, key, start = value, _NO_KEY, event
                    continue
            if top is None:
                self.get_event()                       # document end
                return value, lines
            if top.__class__ is list:
                top.append(value)
            elif key is _NO_KEY:
                self.refusal = _key_refusal(value, top, node.start_mark)
                if self.refusal is not None:
                    return None, lines
                key = value
            else:
                top[key] = value
                key = _NO_KEY

    def _alias(self, event: AliasEvent, depth: int) -> None:
        mark = self.anchors.get(event.anchor)
        if mark is None:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)
        if depth > MAX_DEPTH:
            self.refusal = _Refused(f"the YAML is nested more than {MAX_DEPTH} levels deep", mark)
        else:
            self.refusal = _Refused("YAML aliases (*name) are not allowed in a feedback file; write the text out",
                                    mark)

    def _anchor(self, event: Event) -> None:
        first = self.anchors.get(event.anchor)
        if first is not None:
            raise ComposerError("found duplicate anchor; first occurrence", first,
                                "second occurrence", event.start_mark)
        self.anchors[event.anchor] = event.start_mark

    def _skip_to_document_end(self) -> None:
        """Read the rest of a refused document for what YAML itself would raise."""
        while True:
            event = self.get_event()
            kind = event.__class__
            if kind is DocumentEndEvent:
                return
            if kind is AliasEvent:
                if event.anchor not in self.anchors:
                    raise ComposerError(None, None, "found undefined alias", event.start_mark)
            elif kind is not MappingEndEvent and kind is not SequenceEndEvent and event.anchor is not None:
                self._anchor(event)


def _is_null(event: ScalarEvent) -> bool:
    """Only null resolves implicitly: a plain empty value, `~` or `null`; or a `!!null` tag."""
    if event.tag is None or event.tag == "!":
        return event.implicit[0] and event.value in _NULL_WORDS
    return event.tag == _NULL


def _key_refusal(key: Any, mapping: dict[str, Any], mark: yaml.Mark) -> _Refused | None:
    if not isinstance(key, str):
        return _Refused(f"a field name must be text, not {key!r}", mark)
    if key == "<<":
        return _Refused("YAML merge keys (<<) are not allowed in a feedback file", mark)
    if key in mapping:
        return _Refused(f"field `{key}` is given twice in the same mapping", mark)
    return None


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style for multi-line text, which a clerk can edit."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and not value.startswith((" ", "\t")) and value == value.rstrip(" \t"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
