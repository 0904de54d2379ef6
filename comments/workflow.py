"""The whole `revise` job: feedback files in, the five outputs of DESIGN.md §1 out.

It sits on the feedback side because it needs both halves: the document side
(`drafting.revise`) for the tracked and clean drafts and the change summaries,
and this package for reading feedback and the response table. All outputs are
produced in memory first and written together, so a failing run writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafting.changes import changes_json, changes_markdown
from drafting.errors import InputError
from drafting.model import Feedback
from drafting.outputs import write_outputs
from drafting.package import Source
from drafting.reader import open_draft
from drafting.revise import Revision, checked_plan, revise_in_place

from .intake import read_feedback
from .table import ResponseTable, build_table, render_table

SUFFIXES = ("tracked.docx", "clean.docx", "responses.docx", "changes.md", "changes.json")


@dataclass
class RevisionOutputs:
    revision: Revision
    paths: dict[str, Path]       # suffix → written path


@dataclass
class Outputs:
    """The five outputs of DESIGN.md §1 in memory, by suffix, with the revision
    and the response table they came from (to render it in other formats)."""
    revision: Revision
    table: ResponseTable
    files: dict[str, bytes | str]


def revision_outputs(draft: Source, feedback: Feedback, *, name: str, author: str | None = None,
                     date: str | None = None, keep_labels: bool = False, lang: str = "vi",
                     templates_dir: str | Path | None = None) -> Outputs:
    """Validate, revise and render, in memory: what `revise_files` writes and the
    workspace exports. `name` is the draft's file name, for the summary."""
    opened = open_draft(draft)
    plan = checked_plan(opened, feedback)
    table = build_table(opened, feedback, lang)          # the draft as read, before revising
    responses = render_table(table, "docx", templates_dir)
    result = revise_in_place(opened, feedback, plan=plan, author=author, date=date, keep_labels=keep_labels,
                             lang=lang)
    return Outputs(result, table, {
        "tracked.docx": result.tracked,
        "clean.docx": result.clean,
        "responses.docx": responses,
        "changes.md": changes_markdown(result.changes, name, feedback.title, lang, templates_dir,
                                       feedback=feedback),    # rounds: the earlier comments touched
        "changes.json": changes_json(result.changes, feedback),
    })


def output_paths(draft: Path, out_dir: Path) -> dict[str, Path]:
    return {suffix: out_dir / f"{draft.stem}.{suffix}" for suffix in SUFFIXES}


def revise_files(draft: str | Path, feedback_paths: list[Path], out_dir: str | Path, *,
                 author: str | None = None, date: str | None = None, keep_labels: bool = False,
                 lang: str = "vi", templates_dir: str | Path | None = None) -> RevisionOutputs:
    """Read, validate, revise and write; nothing is written when anything fails."""
    draft, out_dir = Path(draft), Path(out_dir)
    paths = output_paths(draft, out_dir)
    inputs = {p.resolve() for p in [draft, *map(Path, feedback_paths)]}
    for path in paths.values():
        if path.resolve() in inputs:
            raise InputError(f"{path}: the output would overwrite an input; choose another --out folder")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: --out is a file, not a folder")
    outputs = revision_outputs(draft, read_feedback(list(feedback_paths)), name=draft.name, author=author,
                               date=date, keep_labels=keep_labels, lang=lang, templates_dir=templates_dir)
    contents = {paths[suffix]: data for suffix, data in outputs.files.items()}
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out_dir}: cannot create the output folder: {exc.strerror}") from None
    try:
        write_outputs(contents)
    except BaseException:
        if created and not any(out_dir.iterdir()):
            out_dir.rmdir()
        raise
    return RevisionOutputs(outputs.revision, paths)
