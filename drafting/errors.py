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
    message: str
    file: str | Path | None = None
    comment: str | None = None
    section: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.comment is not None:
            where.append(f"comment {self.comment}")
        if self.section is not None:
            where.append(f"section {self.section}")
        return (": ".join(where) + ": " if where else "") + self.message


class InputError(Exception):
    """Bad input or usage: one or more problems, each printed on its own line."""

    def __init__(self, *problems: Problem | str, file: str | Path | None = None,
                 comment: str | None = None, section: str | None = None):
        self.problems: list[Problem] = [
            p if isinstance(p, Problem) else Problem(p, file=file, comment=comment, section=section)
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
