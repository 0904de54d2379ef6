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

import re
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from drafting.errors import InputError, ProblemList
from drafting.model import CLOSING, DECISION_LABELS, PREAMBLE, Comment, Decision, Draft, Feedback, Section
from drafting.outputs import write_atomic
from drafting.templates import template_path
from drafting.textrender import render_text
from drafting.text import clean, fold, squash_spaces

from .consolidate import group_comments

FIRST_WORDS = 20   # syllables of a section's heading that a group heading quotes
MAX_SENTENCE_WORDS = 80   # a quoted sentence longer than this is cut with "…"

# What a response may already open with for its decision (the label, or part
# of it), by language: dropped so that the cell starts with the label once.
_DECISION_OPENINGS: dict[str, dict[Decision, tuple[str, ...]]] = {
    "vi": {
        Decision.ACCEPTED: ("tiếp thu",),
        Decision.PARTLY_ACCEPTED: ("tiếp thu một phần", "tiếp thu"),
        Decision.NOT_ACCEPTED: ("không tiếp thu, giải trình", "không tiếp thu", "giải trình"),
        Decision.NOTED: ("ghi nhận",),
        Decision.PENDING: ("chưa xử lý",),
    },
    "en": {
        Decision.ACCEPTED: ("accepted",),
        Decision.PARTLY_ACCEPTED: ("partly accepted", "accepted"),
        Decision.NOT_ACCEPTED: ("not accepted, explained", "not accepted", "explained"),
        Decision.NOTED: ("noted",),
        Decision.PENDING: ("pending",),
    },
}

LABELS: dict[str, dict] = {
    "vi": {
        "heading": "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý",
        "title": "Đối với {title}",
        "draft": "dự thảo",
        "document": "văn bản",
        "columns": ("TT", "Nội dung dự thảo", "Chủ thể góp ý", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình"),
        "general": "I. Ý KIẾN CHUNG",
        "whole_draft": "Toàn bộ dự thảo",
        "signoff": "CƠ QUAN CHỦ TRÌ SOẠN THẢO",
        "sheet": "Bảng tổng hợp",
        "opening": ("Cơ quan chủ trì soạn thảo đã nhận được {comments} ý kiến góp ý của {delegates} "
                    "đại biểu, cơ quan, đơn vị. Trong đó: tiếp thu {accepted} ý kiến; tiếp thu một phần "
                    "{partly} ý kiến; không tiếp thu, giải trình {not_accepted} ý kiến; ghi nhận {noted} "
                    "ý kiến; chưa xử lý {pending} ý kiến."),
        "decisions": DECISION_LABELS["vi"],
        "openings": _DECISION_OPENINGS["vi"],
    },
    "en": {
        "heading": "SUMMARY OF COMMENTS RECEIVED, ACCEPTED AND EXPLAINED",
        "title": "On {title}",
        "draft": "the draft",
        "document": "document",
        "columns": ("No.", "Draft text", "Commented by", "Comment", "Response"),
        "general": "I. GENERAL COMMENTS",
        "whole_draft": "The whole draft",
        "signoff": "DRAFTING AGENCY",
        "sheet": "Responses",
        "opening": ("The drafting agency received {comments} comment(s) from {delegates} delegate(s) and "
                    "agencies: {accepted} accepted; {partly} partly accepted; {not_accepted} not accepted, "
                    "with an explanation; {noted} noted; {pending} pending."),
        "decisions": DECISION_LABELS["en"],
        "openings": _DECISION_OPENINGS["en"],
    },
}

# Words that name a document's type in its header ("CHỈ THỊ" above "Về việc …").
_DOCUMENT_TYPES = ("chỉ thị", "quyết định", "nghị quyết", "kế hoạch", "thông báo", "báo cáo", "quy chế",
                   "quy định", "tờ trình", "công văn", "hướng dẫn", "chương trình", "đề án", "nghị định",
                   "thông tư", "luật")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9])")


@dataclass
class Answer:
    """One decision and its response; a merged row has several only when its
    comments were not all answered alike.

    `rest` is what follows the bold label: ": <response>", or, when the
    response already opens with the label or part of it ("Tiếp thu, bỏ quy
    định …", "Giải trình: …"), the remainder after it, so that the cell shows
    the label once."""
    label: str
    response: str
    rest: str


@dataclass
class Said:
    """One comment in a row; `by` names its delegate when the row merges
    several; `replies` ("Ban TĐKT (05/02/2021): …") follow it in its thread."""
    by: str | None
    text: str
    replies: list[str] = field(default_factory=list)


@dataclass
class Row:
    """One line of the table: a comment, or near-duplicates answered together.
    `number` is the comment number a clerk cites (the comment ids, "6, 7" for a
    merged row), the same as in the tracked draft's Word comments and the summary."""
    number: str
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
        row = _row(draft, comments, answers, section, labels)
        if section is None:
            general.rows.append(row)
        else:
            if id(section) not in by_section:
                by_section[id(section)] = Group(_section_heading(section, lang), section.id)
            by_section[id(section)].rows.append(row)

    groups = ([general] if general.rows else []) + [
        by_section[key] for key in sorted(by_section, key=order.__getitem__)]
    title = _title(draft, feedback, labels)
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


def _title(draft: Draft, feedback: Feedback, labels: dict) -> str:
    """What follows "Đối với": the document the way the office names it,
    "dự thảo Chỉ thị về việc …", whether the title given is the whole name
    ("Dự thảo Chỉ thị về việc …"), the type and subject ("Chỉ thị về việc …")
    or only the subject line of the draft ("Về việc …")."""
    title = " ".join(_text(feedback.title or draft.title).split())
    if not title:
        return ""
    key = fold(title).casefold()
    draft_word = labels["draft"]
    if key.startswith(fold(draft_word).casefold()) or key.startswith(fold("dự thảo")):
        return draft_word + title[len("dự thảo"):] if key.startswith(fold("dự thảo")) else title
    kind = _document_type(draft)
    if any(key.startswith(fold(t)) for t in _DOCUMENT_TYPES):
        return f"{draft_word} {title}"
    subject = title[0].lower() + title[1:]
    return f"{draft_word} {kind or labels['document']} {subject}"


def _document_type(draft: Draft) -> str | None:
    """The type the draft's header names ("CHỈ THỊ" → "Chỉ thị"), if any."""
    preamble = draft.sections[0] if draft.sections and draft.sections[0].kind == PREAMBLE else None
    for paragraph in preamble.paragraphs if preamble else ():
        words = " ".join(paragraph.text.split())
        if fold(words).casefold() in {fold(t) for t in _DOCUMENT_TYPES}:
            return words[0].upper() + words[1:].lower()
    return None


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
            problems.add(f"section {c.section} is not in the draft (nearest: {near})", file=c.source, comment=c.id,
                         vi=f"dự thảo không có mục {c.section} (gần nhất: {near})")
        found.append(section)
    problems.raise_if_any()
    return found


def _own_text(section: Section, paragraph) -> str:
    """A paragraph's text without the section's label (Draft text is NFC and
    XML holds no control characters: nothing to clean)."""
    text = paragraph.text.strip()
    heading = section.heading
    if paragraph is heading and heading.label and text.startswith(heading.label):
        text = text[len(heading.label):].strip()
    return text


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _cut(sentence: str) -> str:
    words = sentence.split()
    return sentence if len(words) <= MAX_SENTENCE_WORDS else " ".join(words[:MAX_SENTENCE_WORDS]) + " …"


def _body_paragraphs(section: Section) -> list:
    """The section's own paragraphs a row may quote: for the preamble, those
    after the document's header block (issuer, motto, number, date, type and
    subject line), which is scaffolding, not draft text."""
    paragraphs = [p for p in section.paragraphs if p.text.strip()]
    if section.kind != PREAMBLE:
        return paragraphs
    subject = next((i for i, p in enumerate(paragraphs) if fold(p.text.strip()).casefold().startswith(fold("về việc"))),
                   None)
    if subject is not None:
        return paragraphs[subject + 1:]
    return [p for p in paragraphs if len(p.text.split()) >= 12]


def _sentences_with(section: Section, needle: str) -> list[str]:
    """The sentences of `section` that hold `needle` (folded: NFC, spaces, tone
    placement), with the sentences it spans when it crosses one."""
    heading = section.heading
    if heading is not None and heading.label and needle.startswith(heading.label):
        needle = needle[len(heading.label):]        # a quote of the whole paragraph (collect) holds the label
    key = fold(squash_spaces(needle)).casefold()
    if not key:
        return []
    for paragraph in _body_paragraphs(section) or section.paragraphs:
        parts = _sentences(_own_text(section, paragraph))
        folded = [fold(squash_spaces(p)).casefold() for p in parts]
        for i in range(len(parts)):
            for j in range(i, len(parts)):
                if key in " ".join(folded[i:j + 1]):
                    return [_cut(" ".join(parts[i:j + 1]))]
                if len(" ".join(folded[i:j + 1])) > len(key) + 2 * len(folded[i]):
                    break
    return []


def _first_sentence(section: Section) -> str:
    for paragraph in _body_paragraphs(section):
        parts = _sentences(_own_text(section, paragraph))
        if parts:
            return _cut(parts[0])
    return ""


def _draft_text(draft: Draft, comments: list[Comment], section: Section | None, labels: dict) -> str:
    """"Nội dung dự thảo": the draft sentence(s) the comments' quotes and edits
    (on their own section) touch, else the section's first sentence; a quote
    not found in the draft is shown as given."""
    found: list[str] = []
    for c in comments:
        targets = [e.target for e in c.edits if e.target and (e.section is None or draft.find(e.section) is section)]
        for needle in [c.quote, *targets]:
            if needle:
                quoted = _sentences_with(section, _text(needle)) if section is not None else []
                found.extend(quoted or ([_text(needle)] if needle is c.quote else []))
    if found:
        return "\n".join(_unique(found))
    return (_first_sentence(section) if section is not None else "") or labels["whole_draft"]


def _heading_words(section: Section) -> str:
    """The section's heading: its first paragraph without the label (the one
    below when the label stands alone), cut to its first words; never the
    paragraphs after it run together."""
    text = next((t for t in (_own_text(section, p) for p in section.paragraphs[:2]) if t), "")
    words = text.split()
    if len(words) > FIRST_WORDS:
        return " ".join(words[:FIRST_WORDS]).rstrip(",;:") + " …"
    return " ".join(words)


def _section_heading(section: Section, lang: str) -> str:
    """A group row: the reference the office writes ("Khoản 1 Mục II") and the
    section's heading, "Khoản 1 Mục II. Đổi mới nội dung, hình thức …"."""
    from drafting.ids import reference

    cited = reference(section.id, lang)
    cited = cited[:1].upper() + cited[1:]
    words = _heading_words(section) if section.kind not in (PREAMBLE, CLOSING) else ""
    return f"{cited}. {words}" if words else cited


def _answers(comments: list[Comment]) -> list[tuple[Decision, str]]:
    """Each comment's (decision, response). Comments grouped together are
    answered together: one left pending without a response takes the answer of
    the first answered comment of its group, rather than showing as pending."""
    given = [(c.decision, _text(c.response)) for c in comments]
    shared = next((a for a in given if a != (Decision.PENDING, "")), None)
    return [shared if shared and a == (Decision.PENDING, "") else a for a in given]


def _row(draft: Draft, comments: list[Comment], answers: list[tuple[Decision, str]], section: Section | None,
         labels: dict) -> Row:
    merged = len(comments) > 1
    return Row(number=", ".join(c.id for c in comments), draft_text=_draft_text(draft, comments, section, labels),
               delegates=_unique(_text(c.delegate) for c in comments),
               comments=[Said(_text(c.by) if merged else None, _text(c.text), _replies(c)) for c in comments],
               answers=[_answer(labels["decisions"][d], labels["openings"][d], response)
                        for d, response in _unique(answers)],
               comment_ids=[c.id for c in comments])


def _replies(comment: Comment) -> list[str]:
    from drafting.dates import display_date

    out = []
    for reply in comment.replies:
        when = f" ({display_date(reply.date)})" if reply.date else ""
        out.append(f"{_text(reply.by)}{when}: {_text(reply.text)}")
    return out


def _answer(label: str, openings: tuple[str, ...], response: str) -> Answer:
    """The label once, then the response without the label (or the part of it)
    it already opens with: "Tiếp thu, đã bổ sung" → **Tiếp thu**, đã bổ sung;
    "Giải trình: …" and "Không tiếp thu, giải trình: Không tiếp thu: …" under
    the label "Không tiếp thu, giải trình" → **Không tiếp thu, giải trình**: …"""
    rest, dropped, first_tail = response, 0, ""
    while True:
        key = fold(rest).casefold()
        opening = next((o for o in openings + (label,)
                        if key.startswith(fold(o).casefold()) and not rest[len(o):len(o) + 1].isalpha()), None)
        if opening is None:
            break
        rest, dropped = rest[len(opening):], dropped + 1
        if not rest.strip(" :,.;-–"):
            break
        if dropped == 1:
            first_tail = rest
        rest = rest.lstrip(" :,.;-–")
    if not dropped:
        return Answer(label, response, f": {response}" if response else "")
    if dropped == 1:                                # the response went on from the label: keep its words
        return Answer(label, response, first_tail if rest.strip(" :,.;-–") else rest.strip(" :-–"))
    return Answer(label, response, f": {rest}" if rest.strip(" :,.;-–") else "")


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
    """Write `table` to `path` in the format its suffix names, atomically;
    the folder is created when missing (as `revise --out` does), once the
    table has rendered."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"{path}: unknown table format {path.suffix or '(no suffix)'}; "
                         f"use one of: {', '.join('.' + f for f in FORMATS)}",
                         vi=f"{path}: không có định dạng bảng {path.suffix or '(không có đuôi)'}; "
                            f"dùng một trong: {', '.join('.' + f for f in FORMATS)}")
    data = render_table(table, fmt, templates_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path.parent}: cannot create the output folder: {exc.strerror}",
                         vi=f"{path.parent}: không tạo được thư mục: {exc.strerror}") from None
    write_atomic(path, data)


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
                for reply in c.replies:
                    said.append(TextBlock(italic_run, f"\n– {reply}"))
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
