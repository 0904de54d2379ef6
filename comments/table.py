"""The comment-response table: *Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý*.

`build_table` turns a draft and its feedback into a `ResponseTable` holding
every string the page shows, already in the chosen language, so that the
writers (.docx through a docxtpl template staff can restyle in Word, .md and
.html through jinja2 templates, .xlsx through openpyxl) only lay it out and never
decide wording. User text is cleaned once here (NFC, no XML-illegal control
characters) so that every format shows the same text.

User text reaches the templates only as context values, never as template
source, and each writer escapes it for its own format: a delegate who writes
`{{ … }}` or `<b>` sees exactly that in the table.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from drafting.errors import InputError, ProblemList
from drafting.model import CLOSING, DECISION_LABELS, PREAMBLE, Comment, Decision, Draft, Feedback, Section
from drafting.package import write_atomic
from drafting.templates import template_path
from drafting.textrender import render_text
from drafting.text import clean, fold, squash_spaces

from .consolidate import group_comments

FIRST_WORDS = 20   # syllables of a section's opening that a group heading or row quotes

LABELS: dict[str, dict] = {
    "vi": {
        "heading": "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý",
        "title": "Đối với {title}",
        "columns": ("TT", "Nội dung dự thảo", "Chủ thể góp ý", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình"),
        "general": "I. Ý KIẾN CHUNG",
        "section": "Mục {id} — {words}",
        "keyword_section": "{id} — {words}",
        "preamble": "Phần mở đầu",
        "closing": "Phần kết thúc",
        "whole_draft": "Toàn bộ dự thảo",
        "signoff": "CƠ QUAN CHỦ TRÌ SOẠN THẢO",
        "sheet": "Bảng tổng hợp",
        "opening": ("Cơ quan chủ trì soạn thảo đã nhận được {comments} ý kiến góp ý của {delegates} "
                    "đại biểu, cơ quan, đơn vị. Trong đó: tiếp thu {accepted} ý kiến; tiếp thu một phần "
                    "{partly} ý kiến; không tiếp thu, giải trình {not_accepted} ý kiến; ghi nhận {noted} "
                    "ý kiến; chưa xử lý {pending} ý kiến."),
        "decisions": DECISION_LABELS["vi"],
    },
    "en": {
        "heading": "SUMMARY OF COMMENTS RECEIVED, ACCEPTED AND EXPLAINED",
        "title": "On {title}",
        "columns": ("No.", "Draft text", "Commented by", "Comment", "Response"),
        "general": "I. GENERAL COMMENTS",
        "section": "Section {id} — {words}",
        "keyword_section": "{id} — {words}",
        "preamble": "Preamble",
        "closing": "Closing",
        "whole_draft": "The whole draft",
        "signoff": "DRAFTING AGENCY",
        "sheet": "Responses",
        "opening": ("The drafting agency received {comments} comment(s) from {delegates} delegate(s) and "
                    "agencies: {accepted} accepted; {partly} partly accepted; {not_accepted} not accepted, "
                    "with an explanation; {noted} noted; {pending} pending."),
        "decisions": DECISION_LABELS["en"],
    },
}

# Section kinds whose ID already names the unit ("Điều 5", "Chương II").
_KEYWORD_KINDS = ("phần", "chương", "mục", "điều")


@dataclass
class Answer:
    """One decision and its response; a merged row has several only when its
    comments were not all answered alike.

    `rest` is what follows the bold label: ": <response>", or, when the
    response already opens with the label ("Tiếp thu, bỏ quy định …"), the
    remainder after it, so that the cell does not read "Tiếp thu: Tiếp thu, …"."""
    label: str
    response: str
    rest: str


@dataclass
class Said:
    """One comment in a row; `by` names its delegate when the row merges several."""
    by: str | None
    text: str


@dataclass
class Row:
    """One line of the table: a comment, or near-duplicates answered together."""
    number: int
    draft_text: str
    delegates: list[str]
    comments: list[Said]
    answers: list[Answer]
    comment_ids: list[str]


@dataclass
class Group:
    """The rows under one full-width heading: the general comments, or one section's."""
    heading: str
    section_id: str | None       # None for the general comments
    rows: list[Row] = field(default_factory=list)


@dataclass
class ResponseTable:
    """Every string the page shows, already in one language, so that the
    writers and the templates staff restyle only lay it out."""
    lang: str
    heading: str
    title_line: str | None
    meeting_line: str | None
    opening: str
    columns: tuple[str, ...]
    groups: list[Group]
    signoff: str
    agency: str | None
    sheet: str


def build_table(draft: Draft, feedback: Feedback, lang: str = "vi") -> ResponseTable:
    """The response table of `feedback` on `draft`, labelled in `lang` ("vi" or "en")."""
    labels = _labels(lang)
    sections = list(draft.walk())
    order = {id(s): i for i, s in enumerate(sections)}
    general = Group(labels["general"], None)
    by_section: dict[int, Group] = {}
    decided: Counter[Decision] = Counter()
    grouped = group_comments(feedback)
    placed = _sections(draft, [comments[0] for comments in grouped])
    for comments, section in zip(grouped, placed):
        answers = _answers(comments)
        decided.update(decision for decision, _ in answers)
        row = _row(comments, answers, section, labels)
        if section is None:
            general.rows.append(row)
        else:
            if id(section) not in by_section:
                by_section[id(section)] = Group(_section_heading(section, labels), section.id)
            by_section[id(section)].rows.append(row)

    groups = ([general] if general.rows else []) + [
        by_section[key] for key in sorted(by_section, key=order.__getitem__)]
    for number, row in enumerate((r for g in groups for r in g.rows), start=1):
        row.number = number

    title = _text(feedback.title or draft.title)
    return ResponseTable(
        lang=lang,
        heading=labels["heading"],
        title_line=labels["title"].format(title=title) if title else None,
        meeting_line=_text(feedback.meeting) or None,
        opening=_opening(feedback, decided, labels),
        columns=labels["columns"],
        groups=groups,
        signoff=labels["signoff"],
        agency=_text(feedback.author).upper() or None,
        sheet=labels["sheet"],
    )


def _labels(lang: str) -> dict:
    try:
        return LABELS[lang]
    except KeyError:
        raise InputError(f"unknown language {lang!r}; choose one of: {', '.join(LABELS)}") from None


def _text(value: str | None) -> str:
    """User text as every format shows it: NFC, without XML-illegal control
    characters, line ends as "\n" (each writer turns them into line breaks)."""
    return clean(value).replace("\r\n", "\n").replace("\r", "\n").strip() if value else ""


def _sections(draft: Draft, comments: list[Comment]) -> list[Section | None]:
    """The section of each comment (None: general); every unknown section is
    reported at once, with the nearest valid IDs."""
    from drafting.sections import nearest_ids

    problems = ProblemList()
    found: list[Section | None] = []
    for c in comments:
        section = None if c.is_general else draft.find(c.section)
        if section is None and not c.is_general:
            near = ", ".join(nearest_ids(c.section, draft.ids))
            problems.add(f"section {c.section} is not in the draft (nearest: {near})", file=c.source, comment=c.id)
        found.append(section)
    problems.raise_if_any()
    return found


def _first_words(section: Section) -> str:
    """The opening words of the section's own text, without its label (which
    may stand alone in the heading paragraph, the words following below).
    Reads only as many paragraphs as the words need: a part's text is long.
    (Draft text is NFC and XML holds no control characters: nothing to clean.)"""
    words: list[str] = []
    heading = section.heading
    for k, p in enumerate(section.paragraphs):
        text = p.text.strip()
        if k == 0 and heading is not None and heading.label and text.startswith(heading.label):
            text = text[len(heading.label):]
        words.extend(text.split())
        if len(words) > FIRST_WORDS:
            return " ".join(words[:FIRST_WORDS]).rstrip(",;:") + " …"
    return " ".join(words)


def _section_heading(section: Section, labels: dict) -> str:
    if section.kind == PREAMBLE:
        return labels["preamble"]
    if section.kind == CLOSING:
        return labels["closing"]
    form = labels["keyword_section"] if section.kind in _KEYWORD_KINDS else labels["section"]
    return form.format(id=section.id, words=_first_words(section))


def _answers(comments: list[Comment]) -> list[tuple[Decision, str]]:
    """Each comment's (decision, response). Comments grouped together are
    answered together: one left pending without a response takes the answer of
    the first answered comment of its group, rather than showing as pending."""
    given = [(c.decision, _text(c.response)) for c in comments]
    shared = next((a for a in given if a != (Decision.PENDING, "")), None)
    return [shared if shared and a == (Decision.PENDING, "") else a for a in given]


def _row(comments: list[Comment], answers: list[tuple[Decision, str]], section: Section | None,
         labels: dict) -> Row:
    quotes = _unique(_text(c.quote) for c in comments)
    if quotes:
        draft_text = "\n".join(quotes)
    elif section is None:
        draft_text = labels["whole_draft"]
    else:
        draft_text = _first_words(section)
    merged = len(comments) > 1
    return Row(number=0, draft_text=draft_text, delegates=_unique(_text(c.delegate) for c in comments),
               comments=[Said(_text(c.by) if merged else None, _text(c.text)) for c in comments],
               answers=[_answer(labels["decisions"][d], response) for d, response in _unique(answers)],
               comment_ids=[c.id for c in comments])


def _answer(label: str, response: str) -> Answer:
    head, tail = response[:len(label)], response[len(label):]
    if fold(head) == fold(label) and not tail[:1].isalpha():
        return Answer(label, response, tail)
    return Answer(label, response, f": {response}" if response else "")


def _unique(items) -> list:
    """Non-empty items in first-seen order, each once."""
    return list(dict.fromkeys(i for i in items if i))


def _opening(feedback: Feedback, count: Counter[Decision], labels: dict) -> str:
    delegates = {squash_spaces(_text(c.by)).casefold() for c in feedback.comments}
    return labels["opening"].format(
        comments=len(feedback.comments), delegates=len(delegates),
        accepted=count[Decision.ACCEPTED], partly=count[Decision.PARTLY_ACCEPTED],
        not_accepted=count[Decision.NOT_ACCEPTED], noted=count[Decision.NOTED],
        pending=count[Decision.PENDING])


# ---------------------------------------------------------------- writers

FORMATS = ("docx", "xlsx", "md", "html")


def write_table(table: ResponseTable, path: str | Path, templates_dir: str | Path | None = None) -> None:
    """Write `table` to `path` in the format its suffix names, atomically."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"{path}: unknown table format {path.suffix or '(no suffix)'}; "
                         f"use one of: {', '.join('.' + f for f in FORMATS)}")
    write_atomic(path, render_table(table, fmt, templates_dir))


def render_table(table: ResponseTable, fmt: str, templates_dir: str | Path | None = None) -> bytes:
    """The bytes of `table` as `fmt` ("docx", "xlsx", "md" or "html"); separate
    from `write_table` so that `revise` can write all its outputs at once."""
    if fmt == "docx":
        return _render_docx(table, templates_dir)
    if fmt == "xlsx":
        return _render_xlsx(table)
    if fmt in ("md", "html"):
        return render_text(f"responses.{fmt}.j2", asdict(table), fmt, templates_dir).encode("utf-8")
    raise InputError(f"unknown table format {fmt!r}; use one of: {', '.join(FORMATS)}")


def _render_docx(table: ResponseTable, templates_dir: str | Path | None) -> bytes:
    from drafting.wordtemplate import render_word_template, to_bytes

    context = {f.name: getattr(table, f.name) for f in fields(table)}
    return to_bytes(render_word_template(template_path("responses.docx", templates_dir), context))


def _render_xlsx(table: ResponseTable) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Border, Font, Side

    font = Font(name="Times New Roman", size=13)
    bold = Font(name="Times New Roman", size=13, bold=True)
    italic = Font(name="Times New Roman", size=13, italic=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_top = Alignment(wrap_text=True, vertical="top")
    centred = Alignment(wrap_text=True, horizontal="center", vertical="center")
    plain_run = InlineFont(rFont="Times New Roman", sz=13)
    bold_run = InlineFont(rFont="Times New Roman", sz=13, b=True)
    italic_run = InlineFont(rFont="Times New Roman", sz=13, i=True)
    widths = (6, 34, 28, 44, 44)

    book = Workbook()
    sheet = book.active
    sheet.title = table.sheet
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(64 + col)].width = width

    def put(row: int, col: int, value, style=font, align=wrap_top, border=None):
        cell = sheet.cell(row=row, column=col, value=value)
        if isinstance(value, str):
            cell.data_type = "s"    # never a formula or an error code, whatever it starts with
        cell.font, cell.alignment = style, align
        if border:
            cell.border = border
        return cell

    def line(row: int, value: str, style, align, last_col: int = 5, first_col: int = 1) -> int:
        put(row, first_col, value, style, align)
        sheet.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=last_col)
        return row + 1

    row = line(1, table.heading, bold, centred)
    if table.title_line:
        row = line(row, table.title_line, bold, centred)
    if table.meeting_line:
        row = line(row, table.meeting_line, italic, centred)
    put(row, 1, table.opening, font, Alignment(wrap_text=True, horizontal="justify", vertical="top"))
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    sheet.row_dimensions[row].height = 18 * (len(table.opening) // sum(widths) + 2)  # merged cells do not autofit
    row += 2

    header = row
    for col, label in enumerate(table.columns, start=1):
        put(header, col, label, bold, centred, box)
    row += 1
    for group in table.groups:
        for col in range(1, 6):
            put(row, col, group.heading if col == 1 else None, bold, wrap_top, box)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        row += 1
        for item in group.rows:
            put(row, 1, item.number, font, Alignment(horizontal="center", vertical="top"), box)
            put(row, 2, item.draft_text, border=box)
            put(row, 3, "\n".join(item.delegates), border=box)
            said = CellRichText()
            for i, c in enumerate(item.comments):
                lead = "\n" if i else ""
                if c.by:
                    said.append(TextBlock(italic_run, f"{lead}{c.by}: "))
                    lead = ""
                said.append(TextBlock(plain_run, lead + c.text))
            put(row, 4, said, border=box)
            response = CellRichText()
            for i, answer in enumerate(item.answers):
                response.append(TextBlock(bold_run, ("\n" if i else "") + answer.label))
                if answer.rest:
                    response.append(TextBlock(plain_run, answer.rest))
            put(row, 5, response, border=box)
            row += 1

    row += 1
    row = line(row, table.signoff, bold, centred, first_col=4)
    if table.agency:
        line(row, table.agency, bold, centred, first_col=4)

    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
