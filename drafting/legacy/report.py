"""What a legacy conversion did, and the one-line notice that says so.

The library returns the report (on the opened document); a command line or a
server that wants every report of a call, whichever function opened the files,
collects them with `collect_reports()` (a context variable: each thread or
task sees only its own).
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

_WORDS = {
    "vi": {"paragraph": "đoạn", "paragraphs": "đoạn", "converted": "đã chuyển mã", "from": "đã chuyển {fmt} → .docx bằng LibreOffice",
           "revising": "các thay đổi được theo dõi so với văn bản đã chuyển mã"},
    "en": {"paragraph": "paragraph", "paragraphs": "paragraphs", "converted": "converted", "from": "converted {fmt} → .docx with LibreOffice",
           "revising": "the tracked changes are against the converted text"},
}


@dataclass
class LegacyReport:
    """The legacy text found in one document, counted by font."""
    path: Path | None = None
    paragraphs: Counter = field(default_factory=Counter)     # font → paragraphs with text converted
    runs: Counter = field(default_factory=Counter)           # font → runs converted
    encodings: dict[str, str] = field(default_factory=dict)  # font → "TCVN3" / "VNI"
    source_format: str | None = None                         # ".doc", ".rtf", ".odt": LibreOffice converted the file

    def __bool__(self) -> bool:
        return bool(self.runs) or self.source_format is not None

    def add(self, font: str, encoding: str, paragraph_is_new: bool) -> None:
        self.runs[font] += 1
        self.paragraphs[font] += paragraph_is_new
        self.encodings[font] = encoding

    def notice(self, lang: str = "vi", revising: bool = False) -> str:
        """One line: "du-thao.docx: đã chuyển mã TCVN3 → Unicode: 312 đoạn (.VnTime), 4 đoạn (.VnTimeH)"."""
        words = _WORDS[lang]
        parts = [words["from"].format(fmt=self.source_format)] if self.source_format else []
        for encoding in ("TCVN3", "VNI"):
            fonts = [f for f in sorted(self.runs) if self.encodings[f] == encoding]
            if fonts:
                counts = ", ".join(f"{self.paragraphs[f]} {words['paragraph' if self.paragraphs[f] == 1 else 'paragraphs']} "
                                   f"({f})" for f in fonts)
                parts.append(f"{words['converted']} {encoding} → Unicode: {counts}")
        if revising and self.runs:
            parts.append(words["revising"])
        line = "; ".join(parts)
        return f"{self.path.name}: {line}" if self.path is not None else line


_REPORTS: ContextVar[list[LegacyReport] | None] = ContextVar("drafting_legacy_reports", default=None)


@contextmanager
def collect_reports() -> Iterator[list[LegacyReport]]:
    """Within the block, every non-empty report made in this context is appended to the list."""
    reports: list[LegacyReport] = []
    token = _REPORTS.set(reports)
    try:
        yield reports
    finally:
        _REPORTS.reset(token)


def record(report: LegacyReport) -> LegacyReport:
    reports = _REPORTS.get()
    if report and reports is not None:
        reports.append(report)
    return report
