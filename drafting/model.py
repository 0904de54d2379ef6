"""The neutral model every reader fills and every writer consumes.

Document side: a `Draft` is a list of `Paragraph`s (each keeping a handle on its
`w:p` element, so that the revision engine can change it in place) and a tree of
`Section`s. Feedback side: `Feedback` holds `Comment`s with their `Edit`s. The
`comments` package builds feedback from YAML, sheets and Word files; the
`drafting` package never imports it.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .errors import InputError
from .ids import CLOSING, GENERAL, PREAMBLE, canonical_id, reference_id

DEFAULT_AUTHOR = "drafting"     # of revisions, when the feedback names none


@dataclass(eq=False, slots=True)
class Paragraph:
    index: int                 # position among the document's paragraphs (body order)
    text: str                  # NFC text of the accepted view, typed label included
    element: Any = field(repr=False)   # the lxml `w:p` element
    label: str | None = None   # the structural label (typed or rendered by Word numbering)
    auto_label: bool = False   # True when the label comes from `w:numPr`, not from the text
    bullet: bool = False
    in_table: bool = False
    style: str | None = None
    section: "Section | None" = field(default=None, repr=False)


@dataclass(eq=False)
class Section:
    id: str                    # "I.2.a", "Điều 5", "preamble", "closing"
    label: str                 # as shown: "I.", "2.", "a)", "Điều 5."; "" for preamble/closing
    level: int                 # 0 for preamble/closing and top-level sections
    kind: str                  # "roman", "arabic", "letter", "phần", "chương", "mục", "điều", "preamble", "closing"
    value: str                 # the label's value: "I", "2", "a", "5"
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    parent: "Section | None" = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The section's own paragraphs (not its children's) joined by newlines."""
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def heading(self) -> Paragraph | None:
        return self.paragraphs[0] if self.paragraphs and self.kind not in (PREAMBLE, CLOSING) else None

    def walk(self) -> Iterator["Section"]:
        yield self
        for child in self.children:
            yield from child.walk()

    def last_paragraph(self) -> Paragraph | None:
        """The last paragraph of the section including its descendants."""
        for section in reversed(list(self.walk())):
            if section.paragraphs:
                return section.paragraphs[-1]
        return None

    def all_paragraphs(self) -> list[Paragraph]:
        return [p for s in self.walk() for p in s.paragraphs]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "level": self.level,
            "text": self.text,
            "children": [c.to_json() for c in self.children],
        }


@dataclass(eq=False)
class Draft:
    path: Path | None
    document: Any = field(repr=False)          # the opened package (`drafting.package.Docx`), if any
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)   # top level, preamble first, closing last
    title: str | None = None
    _index: dict | None = field(default=None, repr=False)   # canonical ID → section, built on first find

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.walk()]

    def find(self, section_id: str) -> Section | None:
        """The section with this ID, accepting spaced and lower-case forms and
        the Vietnamese reference ("điểm a khoản 1 Mục II", "Mục II.1.a")."""
        if self._index is None:
            self._index = {}
            for section in self.walk():
                self._index.setdefault(canonical_id(section.id), section)
        found = self._index.get(canonical_id(section_id))
        if found is None and (as_id := reference_id(section_id)) is not None:
            found = self._index.get(canonical_id(as_id))
        return found

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


class Decision(str, enum.Enum):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly-accepted"
    NOT_ACCEPTED = "not-accepted"
    NOTED = "noted"
    PENDING = "pending"

    @property
    def allows_edits(self) -> bool:
        return self in (Decision.ACCEPTED, Decision.PARTLY_ACCEPTED)

    def label(self, lang: str = "vi") -> str:
        return DECISION_LABELS[lang][self]


DECISION_LABELS = {
    "vi": {
        Decision.ACCEPTED: "Tiếp thu",
        Decision.PARTLY_ACCEPTED: "Tiếp thu một phần",
        Decision.NOT_ACCEPTED: "Không tiếp thu, giải trình",
        Decision.NOTED: "Ghi nhận",
        Decision.PENDING: "Chưa xử lý",
    },
    "en": {
        Decision.ACCEPTED: "Accepted",
        Decision.PARTLY_ACCEPTED: "Partly accepted",
        Decision.NOT_ACCEPTED: "Not accepted, explained",
        Decision.NOTED: "Noted",
        Decision.PENDING: "Pending",
    },
}


class EditKind(str, enum.Enum):
    REPLACE = "replace"
    DELETE = "delete"
    INSERT = "insert"
    REWRITE = "rewrite"          # `section:` + `text:` — new text of the section's first paragraph
    ADD = "add"                  # new paragraphs / sections after or before a section
    REMOVE_SECTION = "remove_section"


@dataclass
class Edit:
    kind: EditKind
    section: str | None = None        # target section (defaults to the comment's)
    target: str | None = None         # replace/delete: the text; insert: the anchor text
    text: str | None = None           # replace: new text; insert/rewrite/add: the text
    position: str | None = None       # insert: "after"/"before"; add: "after"/"before"
    occurrence: int | None = None     # 1-based pick among several matches
    index: int = 0                    # position within its comment (for messages)


@dataclass
class Reply:
    """An answer in a comment's thread (a Word reply, or typed in the feedback)."""
    by: str
    text: str
    date: str | None = None           # ISO date or datetime


@dataclass
class Anchor:
    """Where a comment points, as W3C Web Annotation selectors do, so that it can
    be found again in the next round's draft: the section, a TextQuoteSelector
    (`exact` with up to 32 characters of `prefix` and `suffix`) and a
    TextPositionSelector (`start`/`end`, offsets in the section's text).
    Carrying fills `found` (exact | fuzzy | edited | orphaned), `moved_from` (the
    section's ID in the earlier draft, when it changed) and `reason` (why orphaned)."""
    section: str
    exact: str | None = None          # None: the comment is on the whole section
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    found: str | None = None
    moved_from: str | None = None
    reason: str | None = None


@dataclass
class Comment:
    id: str
    by: str
    text: str
    org: str | None = None
    section: str | None = None        # None or "general": the whole document
    quote: str | None = None
    decision: Decision = Decision.PENDING
    response: str | None = None
    edits: list[Edit] = field(default_factory=list)
    same_as: str | None = None        # id of the comment this one duplicates (answered together)
    initials: str | None = None
    date: str | None = None
    source: str | None = None         # file the comment came from
    replies: list[Reply] = field(default_factory=list)
    round: int | None = None          # the round of drafting the comment was made in (1, 2, …)
    anchor: Anchor | None = None      # its selectors, once carried from an earlier round
    resolved: bool = False            # marked done in Word (w15:done)

    @property
    def is_general(self) -> bool:
        return self.section is None or self.section.lower() == GENERAL

    @property
    def delegate(self) -> str:
        return f"{self.by} ({self.org})" if self.org else self.by


@dataclass
class Feedback:
    comments: list[Comment] = field(default_factory=list)
    title: str | None = None
    meeting: str | None = None
    author: str | None = None
    date: str | None = None           # ISO date or datetime of the revisions
    sources: list[Path] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)   # `drafting.errors.Problem`s worth saying, not errors

    def comment(self, comment_id: str) -> Comment | None:
        for c in self.comments:
            if c.id == str(comment_id):
                return c
        return None


@dataclass
class Change:
    """One contiguous change in a revised or compared draft, for the summaries."""
    section: str
    kind: str                 # replace | delete | insert | add | remove | relabel | format
    before: str
    after: str
    comments: list[str]
    elements: list = field(default_factory=list, repr=False)   # the revision elements written
    order: tuple = field(default=(0, 0), repr=False)           # position in the draft, for sorting
    properties: list[str] = field(default_factory=list)        # kind "format": what changed (bold, size…)

    def to_json(self) -> dict:
        data = {"section": self.section, "kind": self.kind, "before": self.before,
                "after": self.after, "comments": self.comments}
        if self.properties:
            data["properties"] = self.properties
        return data


def revision_date(value: str | dt.date | None) -> str:
    """ISO 8601 in UTC as Word writes `w:date`; a bare date is midnight; None is now."""
    if value is None:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00Z"
    text = str(value).strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"date {text!r} is not an ISO date (YYYY-MM-DD)") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc)
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")
