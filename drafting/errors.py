"""Errors that reach the user as one line each.

`InputError` is the user's fault (exit 2): it names the file, the comment and the
section so that a clerk can find the line to fix without reading a traceback.
Anything else that escapes is an internal fault (exit 1).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Problem:
    """One thing wrong, and where: the file (for YAML `path:line`), a sheet's
    row and column header, the comment and the section. `vi` is the message in
    Vietnamese where one is written; `text(lang)` says it all in one language."""
    message: str
    file: str | Path | None = None
    comment: str | None = None
    section: str | None = None
    row: int | None = None        # a sheet's row, as the spreadsheet numbers it
    column: str | None = None     # a sheet's column header, as written in the sheet
    vi: str | None = None

    def text(self, lang: str = "en") -> str:
        vi = lang == "vi"
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.row is not None:
            place = f"Dòng {self.row}" if vi else f"row {self.row}"
            if self.column:
                place += f", cột «{self.column}»" if vi else f", column «{self.column}»"
            where.append(place)
        if self.comment is not None:
            where.append(f"ý kiến {self.comment}" if vi else f"comment {self.comment}")
        if self.section is not None:
            where.append(f"mục {self.section}" if vi else f"section {self.section}")
        message = self.vi if vi and self.vi else self.message
        return (": ".join(where) + ": " if where else "") + message

    def __str__(self) -> str:
        return self.text("en")


class InputError(Exception):
    """Bad input or usage: one or more problems, each printed on its own line."""

    def __init__(self, *problems: Problem | str, file: str | Path | None = None,
                 comment: str | None = None, section: str | None = None, vi: str | None = None):
        self.problems: list[Problem] = [
            p if isinstance(p, Problem) else Problem(p, file=file, comment=comment, section=section, vi=vi)
            for p in problems
        ]
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class ProblemList:
    """Collects problems so that a run can report all of them at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, **where) -> None:
        self.problems.append(Problem(message, **where))

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(*self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)
