"""The feedback sheet: a blank .xlsx for the meeting's secretary, and reading
filled-in sheets (.xlsx, or .csv/.txt as Excel saves them) back into the model.

One row is one comment, in the columns of `COLUMNS`. A comment's edits are
flat: the `Sửa: …` columns of the comment's row hold its first edit, and each
further edit takes a row of its own below, with the comment columns left blank
(or only `TT` repeated). The kind of edit is a word from a drop-down:

| Sửa: cách sửa (vi) | Edit: kind (en) | uses                                   | YAML                     |
| ------------------ | --------------- | -------------------------------------- | ------------------------ |
| thay thế           | replace         | văn bản dự thảo → văn bản mới          | replace + with           |
| xóa                | delete          | văn bản dự thảo                        | delete                   |
| chèn sau / trước   | insert after / before | văn bản mới, at văn bản dự thảo  | insert + after / before  |
| viết lại mục       | rewrite         | văn bản mới (section: tại mục or Mục)  | section + text           |
| thêm mục sau / trước | add after / before | văn bản mới, next to tại mục/Mục | add + after_section / before_section |
| bỏ mục             | remove section  | tại mục or Mục                         | remove_section           |

Left blank, the kind is read from the filled cells: old and new text is a
replacement, old text alone a deletion. Each row becomes the same plain record
as a YAML comment and goes through `records`, so a sheet and the equivalent
YAML give the same model. openpyxl is imported inside the functions that need it
(start-up stays cheap for the commands that do not).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafting.errors import InputError, Problem
from drafting.model import DECISION_LABELS, Decision, Draft
from drafting.outline import first_words
from drafting.outputs import write_atomic
from drafting.package import OLE_MAGIC, check_zip_limits
from drafting.text import clean, fold, squash_spaces

from .records import FileFeedback, Record, build_file_feedback


@dataclass(frozen=True)
class Column:
    key: str            # the YAML field, or an edit part
    vi: str
    en: str
    width: int
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("id", "TT", "No.", 6, ("stt", "số tt", "id", "số")),
    Column("by", "Người góp ý", "Delegate", 22, ("by", "đại biểu")),
    Column("org", "Cơ quan, chức vụ", "Agency, position", 26, ("org", "cơ quan", "chức vụ", "agency", "position")),
    Column("section", "Mục", "Section", 9, ("section", "mục dự thảo")),
    Column("quote", "Trích dẫn", "Quote", 28, ("quote",)),
    Column("text", "Nội dung góp ý", "Comment", 48, ("text", "ý kiến góp ý", "góp ý")),
    Column("decision", "Quyết định", "Decision", 18, ("decision",)),
    Column("response", "Ý kiến tiếp thu, giải trình", "Response", 42, ("response", "tiếp thu, giải trình")),
    Column("same_as", "Trùng ý kiến số", "Same as", 9, ("same_as", "same as")),
    Column("edit", "Sửa: cách sửa", "Edit: kind", 16, ("edit", "edit kind", "cách sửa")),
    Column("edit_section", "Sửa: tại mục", "Edit: section", 9, ("edit section",)),
    Column("edit_find", "Sửa: văn bản dự thảo", "Edit: draft text", 30,
           ("sửa: thay thế", "sửa: văn bản cũ", "edit: old text", "find", "replace")),
    Column("edit_text", "Sửa: văn bản mới", "Edit: new text", 30, ("sửa: bằng", "with", "new text")),
    Column("occurrence", "Sửa: lần xuất hiện", "Edit: occurrence", 9, ("occurrence",)),
    Column("replies", "Trả lời", "Replies", 36, ("replies", "phản hồi")),
)
COMMENT_KEYS = ("id", "by", "org", "section", "quote", "text", "decision", "response", "same_as", "replies")
EDIT_KEYS = ("edit", "edit_section", "edit_find", "edit_text", "occurrence")
TEXT_FORMAT_KEYS = ("id", "section", "same_as", "edit_section", "occurrence")   # "1.10" must stay text

# Edit kinds: (key, vi, en); key = (YAML primary field, position).
EDIT_KINDS: tuple[tuple[tuple[str, str | None], str, str], ...] = (
    (("replace", None), "thay thế", "replace"),
    (("delete", None), "xóa", "delete"),
    (("insert", "after"), "chèn sau", "insert after"),
    (("insert", "before"), "chèn trước", "insert before"),
    (("rewrite", None), "viết lại mục", "rewrite"),
    (("add", "after"), "thêm mục sau", "add after"),
    (("add", "before"), "thêm mục trước", "add before"),
    (("remove_section", None), "bỏ mục", "remove section"),
)
# Which edit cells each kind reads; anything else filled is a mistake worth saying.
_KIND_CELLS = {
    "replace": {"edit_find", "edit_text", "edit_section", "occurrence"},
    "delete": {"edit_find", "edit_section", "occurrence"},
    "insert": {"edit_find", "edit_text", "edit_section", "occurrence"},
    "rewrite": {"edit_text", "edit_section"},
    "add": {"edit_text", "edit_section"},
    "remove_section": {"edit_section"},
}

SHEET_NAMES = {
    "vi": {"comments": "Góp ý", "sections": "Các mục", "info": "Thông tin", "lists": "Danh mục"},
    "en": {"comments": "Comments", "sections": "Sections", "info": "Information", "lists": "Lists"},
}
INFO_FIELDS = (   # (key, vi, en, aliases)
    ("title", "Tiêu đề", "Title", ("tên dự thảo", "title")),
    ("meeting", "Cuộc họp", "Meeting", ("meeting",)),
    ("author", "Người sửa", "Author", ("tác giả", "author")),
    ("date", "Ngày sửa", "Date", ("ngày", "date")),
)
GENERAL_SECTION = {"vi": ("chung", "Ý kiến chung về toàn bộ dự thảo"),
                   "en": ("general", "General comments on the whole draft")}
BLANK_ROWS = 500      # rows that carry the drop-downs and the text format
FIRST_WORDS = 12


def _key(name: str) -> str:
    """Header comparison: NFC, case, tone placement, punctuation and spacing ignored."""
    return squash_spaces(re.sub(r"[^\w\u0300-\u036f]+", " ", fold(clean(name)))).casefold()


_HEADERS = {_key(alias): c.key for c in COLUMNS for alias in (c.vi, c.en, c.key, *c.aliases)}
_EDIT_WORDS = {_key(word): key for key, vi, en in EDIT_KINDS for word in (vi, en)}
_EDIT_WORDS[_key("insert")] = ("insert", "after")
_EDIT_WORDS[_key("add")] = ("add", "after")
_INFO = {_key(alias): key for key, vi, en, aliases in INFO_FIELDS for alias in (vi, en, *aliases)}


# --- writing -----------------------------------------------------------------

def write_sheet(draft: Draft, path: Path, lang: str = "vi") -> None:
    """A blank feedback sheet for `draft`: the comment columns with drop-downs
    for section, decision and edit kind, and the draft's sections to pick from."""
    path = Path(path)
    write_atomic(path, sheet_bytes(draft, lang))


def sheet_bytes(draft: Draft, lang: str = "vi") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    names = SHEET_NAMES[lang]
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    workbook = Workbook()

    sheet = workbook.active
    sheet.title = names["comments"]
    for col, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col, value=getattr(column, lang))
        cell.font, cell.fill, cell.alignment = bold, header_fill, wrap
        dim = sheet.column_dimensions[get_column_letter(col)]
        dim.width = column.width
        dim.alignment = wrap
        if column.key in TEXT_FORMAT_KEYS:
            dim.number_format = "@"
    sheet.freeze_panes = "A2"

    sections = workbook.create_sheet(names["sections"])
    sections.append([COLUMNS[3].vi if lang == "vi" else COLUMNS[3].en,
                     "Nội dung (những chữ đầu)" if lang == "vi" else "Text (first words)"])
    sections.append(list(GENERAL_SECTION[lang]))
    for section in draft.walk():
        first_line = section.text.split("\n", 1)[0] if section.text else ""
        sections.append([section.id, first_words(first_line, FIRST_WORDS)])
    for cell in sections[1]:
        cell.font, cell.fill = bold, header_fill
    sections.column_dimensions["A"].width = 12
    sections.column_dimensions["B"].width = 90
    sections.freeze_panes = "A2"

    info = workbook.create_sheet(names["info"])
    values = {"title": draft.title}
    for key, vi, en, _ in INFO_FIELDS:
        info.append([vi if lang == "vi" else en, values.get(key)])
        info.cell(row=info.max_row, column=1).font = bold
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 90

    lists = workbook.create_sheet(names["lists"])
    decisions = [DECISION_LABELS[lang][d] for d in Decision]
    kinds = [vi if lang == "vi" else en for _, vi, en in EDIT_KINDS]
    lists.append([COLUMNS[6].vi if lang == "vi" else COLUMNS[6].en, COLUMNS[9].vi if lang == "vi" else COLUMNS[9].en])
    for row in range(max(len(decisions), len(kinds))):
        lists.append([decisions[row] if row < len(decisions) else None, kinds[row] if row < len(kinds) else None])
    for cell in lists[1]:
        cell.font, cell.fill = bold, header_fill
    lists.column_dimensions["A"].width = 28
    lists.column_dimensions["B"].width = 18

    def validation(formula: str, column_key: str, strict: bool) -> None:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                            errorStyle="stop" if strict else "warning", showErrorMessage=True)
        col = get_column_letter(next(i for i, c in enumerate(COLUMNS, start=1) if c.key == column_key))
        dv.add(f"{col}2:{col}{BLANK_ROWS + 1}")
        sheet.add_data_validation(dv)

    section_range = f"{quote_sheetname(names['sections'])}!$A$2:$A${sections.max_row}"
    validation(section_range, "section", strict=False)     # "i.2.a" typed by hand is fine too
    validation(section_range, "edit_section", strict=False)
    validation(f"{quote_sheetname(names['lists'])}!$A$2:$A${len(decisions) + 1}", "decision", strict=False)
    validation(f"{quote_sheetname(names['lists'])}!$B$2:$B${len(kinds) + 1}", "edit", strict=False)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------

def read_xlsx(path: Path, data: bytes) -> tuple[FileFeedback, list[Problem]]:
    """The comments of a filled-in .xlsx sheet."""
    from openpyxl import load_workbook

    if data.startswith(OLE_MAGIC):
        raise InputError(f"{path}: this is a legacy Excel 97-2003 file or an encrypted workbook, not .xlsx; "
                         "save an unprotected copy as .xlsx")
    try:
        check_zip_limits(path, zipfile.ZipFile(io.BytesIO(data)).infolist())
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except InputError:
        raise
    except Exception as exc:   # openpyxl raises many kinds on damaged files; each is "unreadable"
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: cannot read the spreadsheet ({reason}); save it again as .xlsx") from None
    try:
        by_name = {_key(ws.title): ws for ws in workbook.worksheets}
        comments = next((by_name[_key(n["comments"])] for n in SHEET_NAMES.values()
                         if _key(n["comments"]) in by_name), workbook.worksheets[0])
        rows = [list(row) for row in comments.iter_rows(values_only=True)]
        info = next((by_name[_key(n["info"])] for n in SHEET_NAMES.values() if _key(n["info"]) in by_name), None)
        info_rows = [list(row) for row in info.iter_rows(values_only=True)] if info is not None else []
        _refuse_formulas_without_values(path, data, comments.title, rows)
    finally:
        workbook.close()
    top, problems = _read_info(path, info_rows)
    feedback, row_problems = _from_rows(path, rows, top)
    return feedback, problems + row_problems


def _refuse_formulas_without_values(path: Path, data: bytes, title: str, rows: list[list[Any]]) -> None:
    """A formula whose value the file does not hold (a generator wrote the
    formula, no spreadsheet program ever calculated it) reads as an empty cell,
    which would silently turn a replacement into a deletion: refuse it, naming
    the cell."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for r, row in enumerate(formulas[title].iter_rows(values_only=True)):
            for c, raw in enumerate(row):
                if isinstance(raw, str) and raw.startswith("=") and (
                        r >= len(rows) or c >= len(rows[r]) or rows[r][c] is None):
                    raise InputError(f"{path}: cell {get_column_letter(c + 1)}{r + 1} of sheet {title!r} holds the "
                                     f"formula {raw} but no value for it; open the file in Excel or LibreOffice "
                                     "and save it (or type the text instead of a formula)")
    finally:
        formulas.close()


def read_csv(path: Path, data: bytes) -> tuple[FileFeedback, list[Problem]]:
    """The comments of a .csv/.txt sheet: UTF-8 (with or without BOM) or UTF-16
    with BOM (Excel's "Unicode text"); comma, semicolon or tab separated."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: damaged UTF-16 text (byte {exc.start}); save the file again") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); in Excel save as "
                             "\"CSV UTF-8\" or \"Unicode Text\"") from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(("\t", ",", ";"), key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"{path}: cannot read the CSV: {exc}") from None
    return _from_rows(path, rows, {})


def _read_info(path: Path, rows: list[list[Any]]) -> tuple[dict[str, Any], list[Problem]]:
    top: dict[str, Any] = {}
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=1):
        label = _cell(row[0]) if row else None
        value = _cell(row[1]) if len(row) > 1 else None
        if not label:
            continue
        key = _INFO.get(_key(label))
        if key is None:
            known = ", ".join(vi for _, vi, _, _ in INFO_FIELDS)
            problems.append(Problem(f"unknown field {label!r} in the information sheet; expected one of: {known}",
                                    file=f"{path}:{number}"))
        elif value:
            top[key] = value
    return top, problems


def _from_rows(path: Path, rows: list[list[Any]], top: dict[str, Any]) -> tuple[FileFeedback, list[Problem]]:
    problems: list[Problem] = []
    header_at = next((i for i, row in enumerate(rows) if any(_cell(v) for v in row)), None)
    if header_at is None:
        raise InputError(f"{path}: the sheet is empty; expected a header row ({', '.join(c.vi for c in COLUMNS[:6])}, …)",
                         vi=f"{path}: bảng tính trống; cần một dòng tiêu đề ({', '.join(c.vi for c in COLUMNS[:6])}, …)")
    keys: list[str | None] = []
    headers: dict[str, str] = {}          # field → the header as the sheet writes it, for messages
    for col, name in enumerate(rows[header_at], start=1):
        name = _cell(name)
        if not name:
            keys.append(None)
            continue
        key = _HEADERS.get(_key(name))
        if key is None:
            raise InputError(f"{path}: unknown column {name!r} (column {_column_letter(col)}); expected: "
                             + ", ".join(c.vi for c in COLUMNS) + " (or their English names)",
                             vi=f"{path}: cột {_column_letter(col)} «{name}» không có trong mẫu; các cột hợp lệ: "
                                + ", ".join(c.vi for c in COLUMNS) + " (hoặc tên tiếng Anh)")
        if key in keys:
            raise InputError(f"{path}: column {name!r} (column {_column_letter(col)}) repeats an earlier column",
                             vi=f"{path}: cột {_column_letter(col)} «{name}» lặp lại một cột đã có")
        keys.append(key)
        headers[key] = name
    if "edit" in headers:                   # an edit's problems name the edit-kind column
        headers["edits"] = headers["edit"]

    records: list[Record] = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        values: dict[str, str] = {}
        for col, raw in enumerate(row):
            value = _cell(raw, keep_spaces=True)
            if value is None:
                continue
            key = keys[col] if col < len(keys) else None
            if key is None:
                raise InputError(f"{path}:{number}: column {_column_letter(col + 1)} has data but no header",
                                 vi=f"{path}: Dòng {number}, cột {_column_letter(col + 1)} có dữ liệu nhưng không có "
                                    "tiêu đề cột")
            values[key] = value
        if not values:
            continue
        where = str(path)
        comment_values = {k: values[k].strip() for k in COMMENT_KEYS if k in values and values[k].strip()}
        edit_values = {k: values[k] for k in EDIT_KEYS if k in values}
        continues = (records and not (set(comment_values) - {"id"}) and edit_values
                     and comment_values.get("id", records[-1].data.get("id")) == records[-1].data.get("id"))
        if continues:
            record = records[-1]
        else:
            if "replies" in comment_values:
                comment_values["replies"] = _replies(comment_values["replies"])
            record = Record(dict(comment_values), where, row=number, columns=headers)
            records.append(record)
        if edit_values:
            section = record.data.get("section")
            edit = _edit_record(edit_values, section, problems, path, number, headers, record.data.get("id"))
            if edit is not None:
                record.data.setdefault("edits", []).append(edit)
    feedback, record_problems = build_file_feedback(path, top, records, top_where=str(path))
    return feedback, problems + record_problems


def _edit_record(values: dict[str, str], comment_section: str | None, problems: list[Problem],
                 path: Path, row: int, headers: dict[str, str], cid: str | None) -> dict[str, Any] | None:
    """The YAML-shaped edit for the `Sửa: …` cells of one row."""
    def problem(message: str, vi: str, key: str) -> None:
        problems.append(Problem(message, file=str(path), row=row, column=headers.get(key), comment=cid,
                                section=comment_section, vi=vi))

    word = values.get("edit", "").strip()
    kinds = ", ".join(vi for _, vi, _ in EDIT_KINDS)
    if word:
        kind = _EDIT_WORDS.get(_key(word))
        if kind is None:
            problem(f"unknown edit kind {word!r}; use one of: {kinds}",
                    f"cách sửa {word!r} không hợp lệ; dùng một trong: {kinds}", "edit")
            return None
    elif "edit_find" in values:
        kind = ("replace", None) if "edit_text" in values else ("delete", None)
    else:
        problem("the row has edit cells but no edit kind (Sửa: cách sửa)",
                "dòng có ô sửa đổi nhưng chưa chọn cách sửa", "edit")
        return None
    primary, position = kind
    unused = [c for c in COLUMNS if c.key in values and c.key != "edit" and c.key not in _KIND_CELLS[primary]]
    if unused:
        names = ", ".join(headers.get(c.key, c.vi) for c in unused)
        problem(f"{', '.join(c.vi for c in unused)} is not used by a {word or primary} edit; clear it or change the kind",
                f"cách sửa «{word or primary}» không dùng ô {names}; xóa ô đó hoặc đổi cách sửa", unused[0].key)
        return None
    find, new = values.get("edit_find"), values.get("edit_text")
    section = values.get("edit_section", "").strip() or None
    if primary in ("rewrite", "add", "remove_section"):
        section = section or comment_section
    edit: dict[str, Any]
    if primary == "replace":
        edit = {"replace": find, "with": new or ""}
    elif primary == "delete":
        edit = {"delete": find}
    elif primary == "insert":
        edit = {"insert": new, position: find}
    elif primary == "rewrite":
        return {"section": section, "text": new}
    elif primary == "add":
        return {"add": new, f"{position}_section": section}
    else:
        return {"remove_section": section}
    if section:
        edit["section"] = section
    if values.get("occurrence", "").strip():
        edit["occurrence"] = values["occurrence"].strip()
    return edit


def _replies(cell: str) -> list[dict[str, str]]:
    """The `Trả lời` cell: one reply a line, "Name: text" (or the text alone)."""
    replies = []
    for line in cell.splitlines():
        by, sep, text = line.partition(": ")
        if line.strip():
            replies.append({"by": by.strip(), "text": text.strip()} if sep and len(by) <= 80 else {"text": line.strip()})
    return replies


def _cell(value: Any, keep_spaces: bool = False) -> str | None:
    """A cell's value as text, None when empty: numbers as typed (1, not 1.0)."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    if not text.strip():
        return None
    return text if keep_spaces else text.strip()


def _column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

