"""SOURCE.yaml → a new draft Chỉ thị through the Word template `directive.docx`.

A clerk writes the header fields and the body as plain text, one paragraph a
line, with the labels typed as they always type them (`I. …`, `1. …`, `a) …`,
`- …`). The renderer only decides how each line looks (its level's paragraph
style); it never changes a character of the text, so the draft it writes reads
back (`drafting outline`) with exactly the labels and text the clerk typed.

    issuer: [ỦY BAN NHÂN DÂN, TỈNH NGHỆ AN]    # lines of the issuing body
    number: "     /CT-UBND"                     # after "Số: "
    place: Nghệ An
    date: 2021-02                               # YYYY-MM-DD, or YYYY-MM / YYYY for a draft
    subject: |-                                 # line breaks are kept, to balance its lines
      Về việc …
    draft_mark: DỰ THẢO                         # optional, boxed at the top right of page 1
    body: |
      Opening paragraphs …
      I. MỤC TIÊU, YÊU CẦU
      1. Đẩy mạnh …
      a) …
      - …
    recipients: [Như trên;, "Lưu: VT, TĐKT."]   # the template adds each "- "
    signer:
      authority: TM. ỦY BAN NHÂN DÂN
      signing_for: KT. CHỦ TỊCH                 # optional
      title: PHÓ CHỦ TỊCH THƯỜNG TRỰC
      name: Lê Hồng Vinh

Inline `**bold**`, `*italic*` and `***both***` set their text (the marks
vanish); lines `| … | … |` make a bordered table, the first row its header
(a `|---|---|` line under it, as in Markdown, is optional).

Levels: a Roman label is a part heading (bold caps); an Arabic label (`1.`,
`1.2.`) is an item, set bold as a title when its text ends without punctuation
(`.` `,` `;` `:` `!` `?` `…`): `1. Đẩy mạnh công tác tuyên truyền` is a title,
`1. Các sở, ngành triển khai … .` and `1. Các sở, ban, ngành:` are not. The clerk
controls it with the final mark, and a forgotten period shows up in bold at
once. A letter label is a point (never bold); a dash is a
bullet; anything else is a plain paragraph. Labels must run on (`1.` then `2.`,
`a)` then `b)` in Vietnamese letter order) or the render stops with a one-line
error naming the file and line.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, ProblemList
from .labels import VI_LETTERS, Label, format_value, is_bullet, ordinal, parse_label
from .outputs import write_atomic
from .package import read_input
from .templates import template_path
from .text import has_control_chars, nfc

TEMPLATE = "directive.docx"
TITLE_ENDINGS = ".,;:!?…"
BLANK_DAY = " " * 6          # "ngày       tháng 02 năm 2021": the day is filled in at signing

FIELDS = ("issuer", "number", "place", "date", "subject", "draft_mark", "body", "recipients", "signer")
SIGNER_FIELDS = ("authority", "signing_for", "title", "name")


@dataclass
class Signer:
    authority: str                   # "TM. ỦY BAN NHÂN DÂN"
    title: str                       # "PHÓ CHỦ TỊCH THƯỜNG TRỰC"
    name: str                        # "Lê Hồng Vinh"
    signing_for: str | None = None   # "KT. CHỦ TỊCH"


@dataclass
class Span:
    """A stretch of a paragraph's text and how it is set (`**bold**`, `*italic*`)."""
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class BodyParagraph:
    kind: str                        # part | item_title | item | point | bullet | plain | table
                                     # (a plain last paragraph renders as "last": kept with the signature)
    text: str                        # as typed, label included, without the `*` marks of bold and italic
    label: str | None = None         # the structural label as typed ("II.", "1.", "a)")
    spans: list[Span] = field(default_factory=list)   # the text, stretch by stretch
    header: list[str] = field(default_factory=list)   # a table: its first row
    rows: list[list[str]] = field(default_factory=list)   # a table: the rows below it


@dataclass
class RenderSource:
    issuer: list[str]
    number: str
    place: str
    day: str                         # "05", or blank for a draft
    month: str                       # "02" / "3" … per Decree 30, or blank
    year: str
    subject: str
    body: list[BodyParagraph]
    recipients: list[str]
    signer: Signer
    draft_mark: str | None = None

    def context(self) -> dict[str, Any]:
        """The docxtpl context: plain strings only, escaped by the renderer."""
        return {
            "issuer": self.issuer,
            "number": self.number,
            "place": self.place,
            "day": self.day,
            "month": self.month,
            "year": self.year,
            "subject": self.subject,
            "draft_mark": self.draft_mark,
            "body": [{"kind": "last" if p is self.body[-1] and p.kind == "plain" else p.kind,
                      "text": p.text, "label": p.label, "header": p.header, "rows": p.rows,
                      "spans": [{"text": s.text, "bold": s.bold, "italic": s.italic} for s in p.spans]}
                     for p in self.body],
            "recipients": self.recipients,
            "signer": {
                "authority": self.signer.authority,
                "signing_for": self.signer.signing_for,
                "title": self.signer.title,
                "name": self.signer.name,
            },
        }


# --- loading -----------------------------------------------------------------

def load_source(path: str | Path) -> RenderSource:
    """Read and validate SOURCE.yaml; every problem is reported, one line each."""
    from .yamlload import YamlProblem, load

    path = Path(path)
    try:
        raw = read_input(path, "a SOURCE.yaml file").decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    try:
        loaded = load(raw)
    except YamlProblem as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise InputError(f"{path}: {where}{'not valid YAML: ' if exc.syntax else ''}{exc}") from None
    return parse_source(loaded.value, origin=path, body_first_line=_body_first_line(loaded.node))


def _body_first_line(node) -> int | None:
    """The file line of the body's first line when it is a `|` block, so that
    messages point at the line to fix; None when lines cannot be mapped."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value == "body" and isinstance(value, yaml.ScalarNode) and value.style == "|":
            return value.start_mark.line + 2
    return None


def parse_source(data: Any, origin: str | Path = "<source>", body_first_line: int | None = None) -> RenderSource:
    """Validate an already-parsed SOURCE mapping (see the module docstring)."""
    problems = ProblemList()

    def bad(message: str) -> None:
        problems.add(message, file=origin)

    if not isinstance(data, dict):
        raise InputError(f"{origin}: the source must be a mapping of header fields and body, not {type(data).__name__}")
    for key in data:
        if key not in FIELDS:
            bad(f"unknown field {key!r} (known: {', '.join(FIELDS)})")

    def text(value: Any, name: str, required: bool = True) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                bad(f"field {name} is missing")
            return None
        if isinstance(value, dict) and len(value) == 1:
            bad(f"field {name} must be text; put it in quotes (YAML reads `{next(iter(value))}: …` as a mapping)")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            bad(f"field {name} must be text, not {type(value).__name__}")
            return None
        value = nfc(str(value)).strip("\n")
        if has_control_chars(value):
            bad(f"field {name} holds a control character")
            return None
        return value

    def text_list(value: Any, name: str) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            bad(f"field {name} is missing" if not value else f"field {name} must be a list of lines")
            return []
        items = [text(v, f"{name}[{i + 1}]") for i, v in enumerate(value)]
        return [v for v in items if v is not None]

    issuer = text_list(data.get("issuer"), "issuer")
    number = text(data.get("number"), "number")
    place = text(data.get("place"), "place")
    day, month, year = _date_parts(data.get("date"), bad)
    subject = text(data.get("subject"), "subject")
    draft_mark = text(data.get("draft_mark"), "draft_mark", required=False)
    recipients = text_list(data.get("recipients"), "recipients")
    for i, entry in enumerate(recipients, 1):
        if entry.lstrip().startswith(("-", "+", "•")):
            bad(f"field recipients[{i}] starts with a dash; write the entry alone, the template adds \"- \"")

    signer_data = data.get("signer")
    if not isinstance(signer_data, dict):
        bad("field signer is missing (authority, title, name; optional signing_for)"
            if signer_data is None else "field signer must be a mapping (authority, title, name, signing_for)")
        signer_data = {}
    for key in signer_data:
        if key not in SIGNER_FIELDS:
            bad(f"unknown field signer.{key} (known: {', '.join(SIGNER_FIELDS)})")
    signer = Signer(
        authority=text(signer_data.get("authority"), "signer.authority") or "",
        title=text(signer_data.get("title"), "signer.title") or "",
        name=text(signer_data.get("name"), "signer.name") or "",
        signing_for=text(signer_data.get("signing_for"), "signer.signing_for", required=False),
    )

    body_text = data.get("body")
    body: list[BodyParagraph] = []
    if body_text is None or (isinstance(body_text, str) and not body_text.strip()):
        bad("field body is missing")
    elif not isinstance(body_text, str):
        bad("field body must be text (a `body: |` block, one paragraph a line)")
    else:
        body = parse_body(body_text, origin, body_first_line, problems)

    problems.raise_if_any()
    return RenderSource(issuer=issuer, number=number, place=place, day=day, month=month, year=year,
                        subject=subject, body=body, recipients=recipients, signer=signer,
                        draft_mark=draft_mark)


def _date_parts(value: Any, bad) -> tuple[str, str, str]:
    """Day, month and year as Decree 30 writes them: a leading zero on days below
    10 and on months 1 and 2; a draft may leave the day (and month) blank."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        year, month, day = value.year, value.month, value.day
    elif isinstance(value, (int, str)) and not isinstance(value, bool):
        parts = str(value).strip().split("-")
        try:
            numbers = [int(p) for p in parts]
            if len(numbers) == 3:
                dt.date(*numbers)
        except ValueError:
            numbers = []
        if not 1 <= len(numbers) <= 3 or (len(numbers) > 1 and not 1 <= numbers[1] <= 12):
            bad(f"field date must be YYYY-MM-DD, YYYY-MM or YYYY, not {value!r}")
            return "", "", ""
        year, month, day = (numbers + [None, None])[:3]
    else:
        bad("field date is missing" if value is None else f"field date must be a date, not {value!r}")
        return "", "", ""
    day_text = f"{day:02d}" if day else BLANK_DAY
    month_text = (f"{month:02d}" if month < 3 else str(month)) if month else BLANK_DAY
    return day_text, month_text, str(year)


def parse_body(body: str, origin: str | Path, first_line: int | None, problems: ProblemList) -> list[BodyParagraph]:
    """Classify each non-blank line by its label and check that labels run on;
    lines `| … | … |` in a row make a table (a `|---|` line under the first
    makes it the header, as in Markdown).

    Leading/trailing spaces of a line and blank lines are layout, not text; the
    rest is kept as typed (NFC, as everywhere in the toolkit), but for the `*`
    marks of bold and italic.
    """
    paragraphs: list[BodyParagraph] = []
    checker = _SequenceChecker()
    table: BodyParagraph | None = None
    for index, raw in enumerate(body.splitlines()):
        line_no = first_line + index if first_line is not None else index + 1
        where = f"line {line_no}" if first_line is not None else f"body line {line_no}"
        line = nfc(raw.strip())
        if has_control_chars(line):
            problems.add(f"{where}: holds a control character", file=origin)
            continue
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            table = _table_line(line, table, paragraphs, where, origin, problems)
            continue
        table = None
        if not line:
            continue
        spans = parse_spans(line)
        text = "".join(s.text for s in spans)
        label = None if is_bullet(text) else parse_label(text)
        if label is not None:
            message = checker.check(label)
            if message:
                problems.add(f"{where}: {message}", file=origin)
        paragraphs.append(BodyParagraph(_kind(text, label), text, label.text if label else None, spans))
    if not paragraphs:
        problems.add("field body has no text", file=origin)
    return paragraphs


_TABLE_RULE = re.compile(r"\|(\s*:?-{3,}:?\s*\|)+")


def _table_line(line: str, table: BodyParagraph | None, paragraphs: list[BodyParagraph], where: str,
                origin: str | Path, problems: ProblemList) -> BodyParagraph:
    """Add one `| … |` line to the table it continues (or a new one); returns the table."""
    cells = [nfc(c.strip()) for c in line[1:-1].split("|")]
    if table is None:
        table = BodyParagraph("table", " | ".join(cells), header=cells)
        paragraphs.append(table)
        return table
    if _TABLE_RULE.fullmatch(line.replace(" ", "")) and not table.rows:
        return table
    if len(cells) != len(table.header):
        problems.add(f"{where}: the table row has {len(cells)} cells, its first row {len(table.header)}",
                     file=origin)
        return table
    table.rows.append(cells)
    return table


# `**bold**`, `*italic*`, `***both***`: marks that open after a space or the
# line's start and close before a space, punctuation or the end, around text
# that neither starts nor ends with a space.
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*])\1(?![\w*])")


def parse_spans(line: str) -> list[Span]:
    """The line's text as plain, bold and italic stretches."""
    spans: list[Span] = []
    at = 0
    for match in _EMPHASIS.finditer(line):
        if match.start() > at:
            spans.append(Span(line[at:match.start()]))
        marks = len(match.group(1))
        spans.append(Span(match.group(2), bold=marks >= 2, italic=marks != 2))
        at = match.end()
    if at < len(line) or not spans:
        spans.append(Span(line[at:]))
    return spans


def _kind(line: str, label: Label | None) -> str:
    if label is None:
        return "bullet" if is_bullet(line) else "plain"
    if label.kind in ("roman", "phần", "chương", "mục"):
        return "part"
    if label.kind == "letter":
        return "point"
    titled = not line.rstrip().endswith(tuple(TITLE_ENDINGS))
    return "item_title" if titled else "item"


class _SequenceChecker:
    """Siblings must run on from the first value (`I.`, `1.`, `a)`); nesting is
    by rank as in the reader, `Điều` is numbered through the whole document."""

    def __init__(self) -> None:
        self.stack: list[Label] = []
        self.last_article: Label | None = None

    def check(self, label: Label) -> str | None:
        if label.kind == "điều":
            previous, self.last_article = self.last_article, label
            self.stack = [l for l in self.stack if l.rank < label.rank] + [label]
            return _expect(label, previous)
        previous = None
        while self.stack and self.stack[-1].rank >= label.rank:
            popped = self.stack.pop()
            if popped.rank == label.rank and popped.kind == label.kind:
                previous = popped
        parent = self.stack[-1] if self.stack else None
        self.stack.append(label)
        if label.kind == "arabic" and "." in label.value:
            prefix = label.value.rsplit(".", 1)[0]
            if parent is None or parent.kind != "arabic" or parent.value != prefix:
                above = f"`{parent.text}`" if parent is not None and parent.kind == "arabic" else "no item"
                return f"label `{label.text}` follows {above}; expected it under item `{prefix}.`"
        if label.kind == "letter" and label.value not in VI_LETTERS:
            return f"label `{label.text}`: `{label.value}` is not in the Vietnamese point sequence ({', '.join(VI_LETTERS)})"
        return _expect(label, previous)


def _expect(label: Label, previous: Label | None) -> str | None:
    wanted = ordinal(previous) + 1 if previous is not None else 1
    if ordinal(label) == wanted:
        return None
    expected = label.text.replace(label.value, format_value(label, wanted), 1)
    if previous is None:
        return f"label `{label.text}` opens its level; expected `{expected}`"
    return f"label `{label.text}` follows `{previous.text}`; expected `{expected}`"


# --- rendering ---------------------------------------------------------------

def render(source: str | Path | dict | RenderSource, out: str | Path,
           templates_dir: str | Path | None = None) -> Path:
    """Render `source` (SOURCE.yaml, its parsed mapping, or a RenderSource) to the
    .docx `out` through the directive template; returns `out`.

    Nothing is written unless the whole render succeeds (atomic write)."""
    out = Path(out)
    if isinstance(source, RenderSource):
        src = source
    elif isinstance(source, dict):
        src = parse_source(source)
    else:
        src = load_source(source)
    if out.suffix.lower() != ".docx":
        raise InputError(f"{out}: the output must be a .docx file")
    if not out.parent.is_dir():
        raise InputError(f"{out}: the folder {out.parent} does not exist")
    template = template_path(TEMPLATE, templates_dir)
    write_atomic(out, render_bytes(src, template))
    return out


def render_bytes(src: RenderSource, template: Path) -> bytes:
    """The rendered .docx as bytes. Template faults (a staff edit that broke a
    `{% %}` tag) are the user's to fix, so they are InputErrors naming the file."""
    from .wordtemplate import render_word_template, to_bytes

    from docxtpl import RichText

    context = src.context()
    for entry in context["body"]:        # each paragraph as runs: plain, bold, italic
        entry["rich"] = RichText()
        for span in entry["spans"]:
            entry["rich"].add(span["text"], bold=span["bold"], italic=span["italic"])
    tpl = render_word_template(template, context)
    props = tpl.docx.core_properties
    props.title = props.subject = " ".join(src.subject.split())
    props.author = " ".join(src.issuer)
    return reproducible_zip(to_bytes(tpl))


def reproducible_zip(data: bytes) -> bytes:
    """The same package with every entry dated 1980-01-01, so that rendering the
    same source twice gives the same bytes (committed drafts and templates do
    not change in git unless their content does)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
