"""Reading feedback files into one `Feedback`: YAML, .xlsx or .csv, by suffix.

All files are read and every problem of every file is collected before one
`InputError` is raised, one line per problem naming file, comment and section.
"""
from __future__ import annotations

from pathlib import Path

from drafting.errors import InputError, Problem
from drafting.model import Feedback
from drafting.package import read_input

from .feedback_yaml import dump_feedback, read_yaml
from .records import FileFeedback, to_feedback

__all__ = ["read_feedback", "dump_feedback", "SUFFIXES"]

SUFFIXES = (".yaml", ".yml", ".xlsx", ".csv", ".tsv", ".txt")


def read_feedback(paths: list[Path]) -> Feedback:
    """The merged feedback of `paths`, or an InputError listing every problem."""
    if not paths:
        raise InputError("no feedback file given")
    files: list[FileFeedback] = []
    problems: list[Problem] = []
    for path in map(Path, paths):
        try:
            file_feedback, file_problems = _read_one(path)
        except InputError as exc:      # the file as a whole is unreadable; go on with the others
            problems.extend(exc.problems)
            continue
        files.append(file_feedback)
        problems.extend(file_problems)
    feedback, merge_problems = to_feedback(files)
    problems.extend(merge_problems)
    if problems:
        raise InputError(*problems)
    feedback.warnings = [Problem("the file holds no comments", file=f.path, vi="tệp không có ý kiến nào")
                         for f in files if not f.comments]
    return feedback


def _read_one(path: Path) -> tuple[FileFeedback, list[Problem]]:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError(f"{path}: legacy Excel 97-2003 .xls files are not read; "
                         "open it in Excel or LibreOffice and save it as .xlsx")
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: unknown feedback file type {suffix or '(no suffix)'}; "
                         f"expected one of: {', '.join(SUFFIXES)}")
    data = read_input(path, "a feedback file", "DRAFTING_MAX_FEEDBACK_BYTES")
    if suffix in (".yaml", ".yml"):
        return read_yaml(path, data)
    from .sheet import read_csv, read_xlsx  # the sheet side imports openpyxl lazily
    if suffix == ".xlsx":
        return read_xlsx(path, data)
    return read_csv(path, data)
