"""Typed labels stay consecutive after sections are added or removed.

`1, 2, 3` with `2` removed must read `1, 2` and a section added after `2` must
push `3` to `4`. Each relabel becomes an ordinary text change of the label's
value, attributed to the comment whose edit shifted it. Labels that were out of
sequence in the draft itself, with no edit shifting them, are left as the
drafters wrote them. Word auto-numbered lists renumber themselves: a typed label
in added text there is dropped, and the new paragraph joins the list.
"""
from __future__ import annotations

from .edits import Addition, Plan, Span
from .labels import format_value, ordinal, parse_label
from .model import CLOSING, PREAMBLE, Comment, Draft, Edit, Section


def renumber(draft: Draft, plan: Plan, keep_labels: bool = False) -> None:
    """Add relabel spans to `plan` and settle the labels of its additions.

    With `keep_labels`, typed labels stay as the draft and the feedback typed
    them; a typed label added to a Word-numbered list is dropped either way."""
    removed = {id(s) for r in plan.removals for s in r.section.walk()}
    groups: dict[int, tuple[Section | None, list[Section]]] = {
        0: (None, [s for s in draft.sections if s.kind not in (PREAMBLE, CLOSING)])}
    for section in draft.walk():
        if section.children:
            groups[id(section)] = (section, section.children)
    for parent, children in groups.values():
        additions = [a for a in plan.additions if a.label is not None and a.parent is parent]
        if any(id(c) in removed for c in children) or additions:
            _renumber_group(parent, children, additions, removed, plan, keep_labels)


def _renumber_group(parent, children, additions, removed, plan: Plan, keep_labels: bool) -> None:
    entries = _final_order(children, additions)
    auto = any(isinstance(e, Section) and e.heading is not None and e.heading.auto_label for e in entries)
    if keep_labels and not auto:
        for addition in additions:
            _settle_addition(addition, parent, ordinal(addition.label), auto=False)
        return
    first = next((e for e in entries if isinstance(e, Section)), None)
    previous = ordinal(parse_label(first.label + " ")) - 1 if first is not None else 0
    cause: tuple[Comment, Edit] | None = None
    for entry in entries:
        if isinstance(entry, Section) and id(entry) in removed:
            cause = _removal_cause(plan, entry)
            continue
        expected = previous + 1
        if isinstance(entry, Addition):
            cause = (entry.comment, entry.edit)
            _settle_addition(entry, parent, expected, auto)
            previous = expected
            continue
        label = parse_label(entry.label + " ")
        current = ordinal(label)
        if not auto and current != expected and cause is not None:
            _relabel(entry, format_value(label, expected), cause, plan)
            previous = expected
        else:
            previous = expected if auto else current


def _final_order(children: list[Section], additions: list[Addition]) -> list:
    entries: list = list(children)
    for addition in additions:
        if addition.anchor in entries:
            at = entries.index(addition.anchor)
            if addition.before:
                entries.insert(at, addition)
            else:
                at += 1
                while at < len(entries) and isinstance(entries[at], Addition) and entries[at].anchor is addition.anchor:
                    at += 1
                entries.insert(at, addition)
        else:                      # a child appended to its parent section
            entries.append(addition)
    return entries


def _removal_cause(plan: Plan, section: Section) -> tuple[Comment, Edit]:
    for removal in plan.removals:
        if any(s is section for s in removal.section.walk()):
            return removal.comment, removal.edit
    raise LookupError(section.id)


def _settle_addition(addition: Addition, parent: Section | None, n: int, auto: bool) -> None:
    """Give a new section its place: the ID it will have at position `n`, and
    its typed label set to `n` (a placeholder until now), or dropped where Word
    numbers the list."""
    label = addition.label
    value = format_value(label, n)
    if label.kind == "arabic" and parent is not None and parent.kind == "arabic" and "." in label.value:
        value = f"{parent.value}.{value.rsplit('.', 1)[-1]}"
    text = addition.texts[0]
    if auto:
        addition.texts[0] = text[label.end:].lstrip()
    else:
        at = text.rfind(label.value, 0, label.end)
        addition.texts[0] = text[:at] + value + text[at + len(label.value):]
    if label.kind in ("roman", "arabic", "letter"):
        part = value.rsplit(".", 1)[-1] if parent is not None and parent.kind == "arabic" else value
    else:
        part = f"{label.kind.capitalize()} {value}"
    addition.new_id = part if parent is None or label.kind == "điều" else f"{parent.id}.{part}"


def _relabel(section: Section, value: str, cause: tuple[Comment, Edit], plan: Plan) -> None:
    """Change the value inside the section's typed label, merging with a rewrite
    of the same heading if there is one."""
    paragraph = section.heading
    label = parse_label(paragraph.text)
    at = paragraph.text.rfind(label.value, 0, label.end)
    for span in plan.spans:
        if span.paragraph is paragraph and span.start <= at < span.end:
            new_label = parse_label(span.new)
            if new_label is not None:
                k = span.new.rfind(new_label.value, 0, new_label.end)
                span.new = span.new[:k] + value + span.new[k + len(new_label.value):]
            return
    comment, edit = cause
    plan.spans.append(Span(paragraph, at, at + len(label.value), value, comment, edit, relabel=True))
