"""From plain records (what YAML or a sheet row holds) to the feedback model.

Every input format is first turned into the same plain shape — the YAML format
of DESIGN.md §3: a mapping with `title`, `meeting`, `author`, `date` and a list
of comment mappings whose values are strings, None, lists or mappings — and then
built into the model here, so that a sheet and the equivalent YAML cannot drift
apart. Validation collects every problem of a file before raising, so a clerk
fixes a file in one pass instead of one error per run.

Text: every string is NFC (`drafting.text.clean`). Control characters that XML
cannot hold are stripped rather than refused: they come from copy-paste out of
other programs, carry no meaning, and would make the output .docx invalid.
Line breaks are normalised to "\\n".
"""
from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafting.dates import parse_date
from drafting.errors import Problem
from drafting.model import Anchor, Comment, Decision, DECISION_LABELS, Edit, EditKind, Feedback, Reply
from drafting.text import clean, fold, squash_spaces

TOP_FIELDS = ("title", "meeting", "author", "date", "comments")
COMMENT_FIELDS = ("id", "by", "org", "section", "quote", "text", "decision", "response",
                  "same_as", "edits", "initials", "date", "replies", "resolved", "round", "anchor")
REPLY_FIELDS = ("by", "text", "date")
EDIT_SHAPES = ("replace + with", "delete", "insert + after|before", "text (+ section)",
               "add + after_section|before_section|after|before", "remove_section")
GENERAL_WORDS = ("general", "chung", "ý kiến chung")
_TOP_FIELD_SET, _COMMENT_FIELD_SET = frozenset(TOP_FIELDS), frozenset(COMMENT_FIELDS)   # for membership tests

# Decision words: the canonical English values, their spaced forms, the labels of
# every language (so that the sheet's drop-down words read back) and the short
# Vietnamese words of DESIGN.md §3.
_DECISION_WORDS: dict[str, Decision] = {}


@functools.lru_cache(maxsize=4096)   # the same few words on every comment
def _word_key(word: str) -> str:
    """A decision word with case, spacing, `-`/`_` and diacritics folded away:
    "KHÔNG TIẾP THU", "khong tiep thu" and "không-tiếp-thu" are one word (a
    clerk typing without a Vietnamese keyboard drops the marks)."""
    text = fold(squash_spaces(clean(word).replace("-", " ").replace("_", " "))).casefold()
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return bare.replace("đ", "d")


for _decision in Decision:
    _DECISION_WORDS[_word_key(_decision.value)] = _decision
    for _labels in DECISION_LABELS.values():
        _DECISION_WORDS[_word_key(_labels[_decision])] = _decision
for _word, _decision in {
    "tiếp thu": Decision.ACCEPTED,
    "tiếp thu một phần": Decision.PARTLY_ACCEPTED,
    "không tiếp thu": Decision.NOT_ACCEPTED,
    "ghi nhận": Decision.NOTED,
    "chưa xử lý": Decision.PENDING,
    "not accepted": Decision.NOT_ACCEPTED,
    "partly accepted": Decision.PARTLY_ACCEPTED,
}.items():
    _DECISION_WORDS[_word_key(_word)] = _decision

VALID_DECISIONS = ("accepted | partly-accepted | not-accepted | noted | pending, "
                   "or tiếp thu | tiếp thu một phần | không tiếp thu | ghi nhận | chưa xử lý")
VALID_DECISIONS_VI = ("tiếp thu | tiếp thu một phần | không tiếp thu | ghi nhận | chưa xử lý "
                      "(hoặc accepted | partly-accepted | not-accepted | noted | pending)")


def parse_decision(word: str) -> Decision | None:
    """The decision a word names (any case, with or without diacritics, `-`/`_`/space), or None."""
    return _DECISION_WORDS.get(_word_key(word))


_GENERAL_KEYS = {_word_key(w) for w in GENERAL_WORDS}


def is_general(section: str) -> bool:
    """True for the words that mean "the whole document" (`general`, `chung`)."""
    return _word_key(section) in _GENERAL_KEYS


@dataclass
class Record:
    """One comment as read, with where it came from for messages: a YAML file
    and line ("feedback.yaml:12"), or a sheet (its path) with the row and the
    header of the column each field was read from."""
    data: Any
    where: str                 # "feedback.yaml:12", "feedback.xlsx"
    row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)    # field → column header as written

    @property
    def place(self) -> str:
        """Where the record is, for "also at …"."""
        return self.where if self.row is None else f"{self.where}: row {self.row}"


@dataclass
class FileFeedback:
    """The comments of one file, before merging with other files."""
    path: Path
    comments: list[Comment] = field(default_factory=list)
    title: str | None = None
    meeting: str | None = None
    author: str | None = None
    date: str | None = None


def build_file_feedback(path: Path, top: dict[str, Any], records: list[Record],
                        top_where: str | None = None) -> tuple[FileFeedback, list[Problem]]:
    """The model for one file's plain content, with every problem found.

    `top` holds the file-level fields (without `comments`), `records` the
    comments in file order.
    """
    problems: list[Problem] = []
    where = top_where or str(path)
    result = FileFeedback(path)
    for key in ("title", "meeting", "author"):
        value = top.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(Problem(f"`{key}` must be text, not {_kind(value)}", file=where,
                                    vi=f"`{key}` phải là văn bản, không phải {_kind(value, 'vi')}"))
        elif value is not None:
            setattr(result, key, _text(value) or None)

    def top_problem(message: str, vi: str | None = None, key: str | None = None) -> None:
        problems.append(Problem(message, file=where, vi=vi))

    if top.get("date") is not None:
        result.date = _date(top["date"], top_problem)
    unknown = [k for k in top if k not in _TOP_FIELD_SET]
    if unknown:
        problems.append(Problem(f"unknown field {_names(unknown)}; expected one of: {', '.join(TOP_FIELDS)}",
                                file=where, vi=f"trường không có trong mẫu: {_names(unknown)}; "
                                               f"các trường hợp lệ: {', '.join(TOP_FIELDS)}"))

    seen: dict[str, str] = {}
    for position, record in enumerate(records, start=1):
        comment = _comment(record, position, path, problems)
        if comment is None:
            continue
        if comment.id in seen:
            problems.append(Problem(f"duplicate id {comment.id} (also at {seen[comment.id]})",
                                    file=record.where, row=record.row, column=record.columns.get("id"),
                                    comment=comment.id, section=comment.section,
                                    vi=f"số ý kiến {comment.id} bị trùng (đã có tại {seen[comment.id]})"))
        else:
            seen[comment.id] = record.place
        result.comments.append(comment)
    return result, problems


def _comment(record: Record, position: int, path: Path, problems: list[Problem]) -> Comment | None:
    data, where = record.data, record.where
    if not isinstance(data, dict):
        problems.append(Problem(f"comment {position} must be a mapping of fields (by, text, …), not {_kind(data)}",
                                file=where, vi=f"ý kiến thứ {position} phải gồm các trường (by, text, …), "
                                               f"không phải {_kind(data, 'vi')}"))
        return None
    cid = data.get("id")
    if isinstance(cid, str) and cid.strip():
        cid = squash_spaces(clean(cid))
    elif cid is None or cid == "":
        cid = str(position)
    else:
        problems.append(Problem(f"`id` must be a number or text, not {_kind(cid)}", file=where, row=record.row,
                                column=record.columns.get("id"),
                                vi=f"`id` phải là số hoặc văn bản, không phải {_kind(cid, 'vi')}"))
        cid = str(position)

    raw_section = data.get("section")
    section = raw_section.strip() if isinstance(raw_section, str) else None
    section = clean(section) if section and not is_general(section) else None

    def problem(message: str, vi: str | None = None, key: str | None = None) -> None:
        problems.append(Problem(message, file=where, comment=cid, section=section, row=record.row,
                                column=record.columns.get(key) if key else None, vi=vi))

    unknown = [k for k in data if k not in _COMMENT_FIELD_SET]
    if unknown:
        problem(f"unknown field {_names(unknown)}; expected one of: {', '.join(COMMENT_FIELDS)}",
                f"trường không có trong mẫu: {_names(unknown)}; các trường hợp lệ: {', '.join(COMMENT_FIELDS)}")
    fields: dict[str, str | None] = {}
    mistyped: set[str] = set()
    for key in ("by", "org", "section", "quote", "text", "decision", "response", "same_as", "initials"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            problem(f"`{key}` must be text, not {_kind(value)}",
                    f"`{key}` phải là văn bản, không phải {_kind(value, 'vi')}", key)
            mistyped.add(key)
            value = None
        fields[key] = _text(value) if value is not None else None
    for key in ("by", "text"):
        if not fields[key] and key not in mistyped:
            problem(f"`{key}` is missing: every comment needs {'its delegate' if key == 'by' else 'its text'}",
                    f"thiếu `{key}`: ý kiến nào cũng cần {'người góp ý' if key == 'by' else 'nội dung góp ý'}",
                    key)

    decision = Decision.PENDING
    if fields["decision"]:
        parsed = parse_decision(fields["decision"])
        if parsed is None:
            problem(f"unknown decision {fields['decision']!r}; use one of: {VALID_DECISIONS}",
                    f"quyết định {fields['decision']!r} không hợp lệ; dùng một trong: {VALID_DECISIONS_VI}",
                    "decision")
        else:
            decision = parsed
    if decision is not Decision.PENDING and not fields["response"]:
        problem(f"`response` is missing: a comment decided as {decision.value} needs the answer to the delegate",
                f"thiếu `response`: ý kiến đã quyết định «{decision.label('vi')}» cần có ý kiến tiếp thu, giải trình",
                "response")

    edits = _edits(data.get("edits"), decision, problem)
    comment = Comment(
        id=cid, by=fields["by"] or "", text=fields["text"] or "", org=fields["org"] or None,
        section=section, quote=fields["quote"] or None, decision=decision,
        response=fields["response"] or None, edits=edits,
        same_as=squash_spaces(fields["same_as"]) if fields["same_as"] else None,
        initials=fields["initials"] or None, source=str(path),
    )
    if data.get("date") is not None:
        comment.date = _date(data["date"], problem)
    comment.replies = _replies(data.get("replies"), problem)
    comment.resolved = isinstance(data.get("resolved"), str) and _word_key(data["resolved"]) in _YES
    comment.round = _whole(data.get("round"), "round", problem)
    comment.anchor = _anchor(data.get("anchor"), problem)
    return comment


_YES = frozenset({"yes", "true", "1", "có", "đã xong"})


def _replies(raw: Any, problem) -> list[Reply]:
    """`replies:` — a list of {by, text, date} (the thread under the comment)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        problem(f"`replies` must be a list of replies (by, text, date), not {_kind(raw)}",
                f"`replies` phải là danh sách trả lời (by, text, date), không phải {_kind(raw, 'vi')}", "replies")
        return []
    replies = []
    for index, item in enumerate(raw, start=1):
        def reply_problem(message: str, vi: str | None = None, key: str | None = None) -> None:
            problem(f"reply {index}: {message}", f"trả lời {index}: {vi or message}", "replies")

        if not isinstance(item, dict):
            reply_problem(f"must be a mapping of by, text and date, not {_kind(item)}",
                          f"phải gồm by, text và date, không phải {_kind(item, 'vi')}")
            continue
        unknown = [k for k in item if k not in REPLY_FIELDS]
        if unknown:
            reply_problem(f"unknown field {_names(unknown)}; expected one of: {', '.join(REPLY_FIELDS)}",
                          f"trường không có trong mẫu: {_names(unknown)}; các trường hợp lệ: {', '.join(REPLY_FIELDS)}")
        values = {}
        for key in ("by", "text"):
            value = item.get(key)
            if value is not None and not isinstance(value, str):
                reply_problem(f"`{key}` must be text, not {_kind(value)}",
                              f"`{key}` phải là văn bản, không phải {_kind(value, 'vi')}")
                value = None
            values[key] = _text(value) if value else ""
        if not values["text"]:
            reply_problem("`text` is missing", "thiếu `text` (nội dung trả lời)")
            continue
        date = _date(item["date"], reply_problem) if item.get("date") is not None else None
        replies.append(Reply(by=values["by"], text=values["text"], date=date))
    return replies


ANCHOR_FIELDS = ("section", "exact", "prefix", "suffix", "start", "end", "found", "moved_from", "reason")


def _whole(value: Any, key: str, problem) -> int | None:
    """A whole number from 0 (YAML gives it as text), or None with a problem."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    problem(f"`{key}` must be a whole number, not {value!r}")
    return None


def _anchor(raw: Any, problem) -> Anchor | None:
    """The `anchor:` mapping `drafting carry` writes (W3C-style selectors); its
    text is kept as written, spaces at the ends included."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("section"), str) \
            or any(k not in ANCHOR_FIELDS for k in raw):
        problem(f"`anchor` must be a mapping of {', '.join(ANCHOR_FIELDS)} with a section")
        return None
    texts = {k: clean(v) for k, v in raw.items() if isinstance(v, str) and k not in ("start", "end")}
    return Anchor(**{k: v for k, v in texts.items() if k not in ("prefix", "suffix")},
                  prefix=texts.get("prefix", ""), suffix=texts.get("suffix", ""),
                  start=_whole(raw.get("start"), "anchor start", problem),
                  end=_whole(raw.get("end"), "anchor end", problem))


def _edits(raw: Any, decision: Decision, problem) -> list[Edit]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problem(f"`edits` must be a list of edits, not {_kind(raw)}",
                f"`edits` phải là danh sách các sửa đổi, không phải {_kind(raw, 'vi')}", "edits")
        return []
    if raw and decision not in (Decision.ACCEPTED, Decision.PARTLY_ACCEPTED, Decision.PENDING):
        problem(f"the comment has edits but its decision is {decision.value}; "
                "only accepted or partly-accepted comments change the draft",
                f"ý kiến có sửa đổi nhưng quyết định là «{decision.label('vi')}»; chỉ ý kiến được tiếp thu "
                "hoặc tiếp thu một phần mới sửa dự thảo", "decision")
        return []
    edits = []
    for index, item in enumerate(raw, start=1):
        edit = _edit(item, index, problem)
        if edit is not None:
            edits.append(edit)
    return edits


# The keys that decide an edit's shape, and those each shape may also carry.
_SHAPES: dict[str, tuple[EditKind, set[str], set[str]]] = {
    # primary key: (kind, required companions (one of, for positions), optional keys)
    "replace": (EditKind.REPLACE, {"with"}, {"section", "occurrence"}),
    "delete": (EditKind.DELETE, set(), {"section", "occurrence"}),
    "insert": (EditKind.INSERT, {"after", "before"}, {"section", "occurrence"}),
    # `add` after a section, or after (before) the paragraph of a section holding some words
    "add": (EditKind.ADD, {"after_section", "before_section", "after", "before"}, {"section"}),
    "remove_section": (EditKind.REMOVE_SECTION, set(), set()),
}


def _edit(item: Any, index: int, problem) -> Edit | None:
    def edit_problem(message: str, vi: str | None = None) -> None:
        problem(f"edit {index}: {message}", f"sửa đổi {index}: {vi or message}", "edits")

    if not isinstance(item, dict):
        edit_problem(f"must be a mapping such as `replace: … with: …`, not {_kind(item)}",
                     f"phải có dạng `replace: … with: …`, không phải {_kind(item, 'vi')}")
        return None
    primaries = [k for k in _SHAPES if k in item]
    if not primaries and "text" in item:       # a rewrite; its section defaults to the comment's
        primaries = ["text"]
    if len(primaries) != 1:
        found = ", ".join(item) or "nothing"
        edit_problem(f"unknown shape ({found}); an edit is one of: {'; '.join(EDIT_SHAPES)}",
                     f"không rõ cách sửa ({found}); một sửa đổi là một trong: {'; '.join(EDIT_SHAPES)}")
        return None
    primary = primaries[0]
    if primary == "text":
        kind, companions, optional = EditKind.REWRITE, set(), {"section"}
    else:
        kind, companions, optional = _SHAPES[primary]
    allowed = {primary} | companions | optional
    extra = [k for k in item if k not in allowed]
    if extra:
        edit_problem(f"unknown field {_names(extra)} for a {kind.value} edit; "
                     f"it takes: {', '.join(sorted(allowed))}")
    values: dict[str, str | None] = {}
    for key in item:
        value = item[key]
        if key == "occurrence":
            continue
        if value is not None and not isinstance(value, str):
            edit_problem(f"`{key}` must be text, not {_kind(value)}")
            return None
        values[key] = clean(value).replace("\r\n", "\n").replace("\r", "\n") if value is not None else None

    edit = Edit(kind=kind, index=index)
    if kind is EditKind.REPLACE:
        if "with" not in item:
            edit_problem("`replace` needs `with` (the new text; empty to delete)",
                         "`replace` cần `with` (văn bản mới; để trống để xóa)")
            return None
        edit.target, edit.text = values["replace"], values["with"] or ""
    elif kind is EditKind.DELETE:
        edit.target = values["delete"]
    elif kind in (EditKind.INSERT, EditKind.ADD):
        given = [k for k in sorted(companions) if k in item]
        if len(given) != 1:
            edit_problem(f"`{primary}` needs exactly one of {' or '.join(f'`{k}`' for k in sorted(companions))}",
                         f"`{primary}` cần đúng một trong {' hoặc '.join(f'`{k}`' for k in sorted(companions))}")
            return None
        edit.position = given[0].split("_")[0]
        edit.text = values[primary]
        if kind is EditKind.INSERT or given[0] in ("after", "before"):
            edit.target = values[given[0]]
        else:
            edit.section = _section_value(values[given[0]])
    elif kind is EditKind.REWRITE:
        edit.text = values["text"]
    if kind is EditKind.REMOVE_SECTION:
        edit.section = _section_value(values["remove_section"])
    elif "section" in values and (kind is not EditKind.ADD or edit.target is not None):
        edit.section = _section_value(values["section"])

    if kind in (EditKind.REPLACE, EditKind.DELETE, EditKind.INSERT) and not (edit.target or "").strip():
        edit_problem(f"the text to {'find' if kind is EditKind.INSERT else kind.value} is empty",
                     "văn bản dự thảo cần tìm đang để trống")
        return None
    if kind in (EditKind.INSERT, EditKind.ADD, EditKind.REWRITE) and not (edit.text or "").strip():
        edit_problem(f"the new text of the {kind.value} edit is empty", "văn bản mới đang để trống")
        return None
    if kind in (EditKind.ADD, EditKind.REMOVE_SECTION) and not edit.section:
        edit_problem(f"the {kind.value} edit needs a section", "sửa đổi này cần ghi mục")
        return None

    if "occurrence" in item and item["occurrence"] is not None:
        occurrence = item["occurrence"]
        if isinstance(occurrence, str) and occurrence.strip().isdigit() and int(occurrence) >= 1:
            edit.occurrence = int(occurrence)
        elif isinstance(occurrence, int) and not isinstance(occurrence, bool) and occurrence >= 1:
            edit.occurrence = occurrence
        else:
            edit_problem(f"`occurrence` must be a whole number from 1, not {occurrence!r}",
                         f"`occurrence` phải là số nguyên từ 1 trở lên, không phải {occurrence!r}")
            return None
    return edit


def _section_value(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _text(value: str) -> str:
    return clean(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _date(value: Any, problem) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    problem(f"`date` must be a date such as 05/02/2021 or 2021-02-05, not {value!r}",
            f"`date` phải là ngày, ví dụ 05/02/2021 hoặc 2021-02-05, không phải {value!r}", "date")
    return None


def _kind(value: Any, lang: str = "en") -> str:
    vi = lang == "vi"
    if isinstance(value, dict):
        return "một bảng trường" if vi else "a mapping"
    if isinstance(value, list):
        return "một danh sách" if vi else "a list"
    if value is None:
        return "giá trị trống" if vi else "empty"
    return f"{type(value).__name__} {value!r}"


def _names(keys: list[Any]) -> str:
    return ", ".join(f"`{k}`" for k in keys)


def to_feedback(files: list[FileFeedback]) -> tuple[Feedback, list[Problem]]:
    """Merge the comments of several files.

    Ids stay as they are when they are unique across the files; otherwise every
    comment is prefixed by its file's stem (`hop-ubnd:3`), and `same_as` marks
    that point inside the same file follow. File-level fields: the first file
    that gives one wins.
    """
    problems: list[Problem] = []
    feedback = Feedback(sources=[f.path for f in files])
    for key in ("title", "meeting", "author", "date"):
        setattr(feedback, key, next((getattr(f, key) for f in files if getattr(f, key)), None))

    all_ids = [c.id for f in files for c in f.comments]
    if len(files) > 1 and len(set(all_ids)) != len(all_ids):
        for f in files:
            own = {c.id for c in f.comments}
            for c in f.comments:
                c.id = f"{f.path.stem}:{c.id}"
                if c.same_as in own:
                    c.same_as = f"{f.path.stem}:{c.same_as}"
        seen: dict[str, str] = {}
        for c in (c for f in files for c in f.comments):
            if c.id in seen and seen[c.id] != c.source:
                problems.append(Problem(f"duplicate id {c.id} across {seen[c.id]} and {c.source}; "
                                        "rename one of the files or renumber its comments",
                                        vi=f"số ý kiến {c.id} trùng giữa {seen[c.id]} và {c.source}; "
                                           "đổi tên một tệp hoặc đánh số lại ý kiến của nó",
                                        file=c.source, comment=c.id, section=c.section))
            seen.setdefault(c.id, c.source or "")
    feedback.comments = [c for f in files for c in f.comments]
    rounds = [c.round for c in feedback.comments if c.round is not None]
    for c in feedback.comments:       # beside carried comments, a new one is of the next round
        if rounds and c.round is None:
            c.round = max(rounds) + 1

    ids = {c.id for c in feedback.comments}
    for c in feedback.comments:
        if c.same_as is None:
            continue
        if c.same_as == c.id:
            problems.append(Problem("`same_as` names the comment itself", vi="`same_as` ghi chính ý kiến này",
                                    file=c.source, comment=c.id,
                                    section=c.section))
        elif c.same_as not in ids:
            problems.append(Problem(f"`same_as` names comment {c.same_as}, which does not exist",
                                    vi=f"`same_as` ghi ý kiến số {c.same_as}, không có ý kiến này",
                                    file=c.source, comment=c.id, section=c.section))
    return feedback, problems
