"""The whole `revise` job: feedback files in, the five outputs of DESIGN.md §1 out.

It sits on the feedback side because it needs both halves: the document side
(`drafting.revise`) for the tracked and clean drafts and the change summaries,
and this package for reading feedback and the response table. All outputs are
produced in memory first and written together, so a failing run writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from drafting.background import Background
from drafting.changes import changes_json, changes_markdown, prepare_markdown
from drafting.errors import InputError
from drafting.package import write_outputs
from drafting.reader import open_draft
from drafting.revise import Revision, revise

from .intake import read_feedback

SUFFIXES = ("tracked.docx", "clean.docx", "responses.docx", "changes.md", "changes.json")


@dataclass
class RevisionOutputs:
    revision: Revision
    paths: dict[str, Path]       # suffix → written path


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
    # A second core reads the feedback while this one opens the draft; the
    # feedback's problems are reported first, as if it had been read first.
    reading = Background(lambda _: read_feedback(list(feedback_paths)))
    try:
        opened = open_draft(draft)
    except InputError:
        reading.result()
        raise
    feedback = reading.result()

    def aside(changes_inbox) -> tuple[bytes, str]:
        """A second core's share: the response table (from the draft as read,
        not as revised), then the summary of the changes it is sent."""
        from .table import build_table, render_table

        table = render_table(build_table(opened, feedback, lang), "docx", templates_dir)
        prepare_markdown(templates_dir)     # while the parent still revises
        summary = changes_markdown(changes_inbox(), draft.name, feedback.title, lang, templates_dir,
                                   feedback=feedback)   # rounds: earlier comments touched
        return table, summary

    task = Background(aside, takes_input=True)
    try:
        result = revise(opened, feedback, author=author, date=date, keep_labels=keep_labels, lang=lang)
        task.send([replace(change, elements=[]) for change in result.changes])   # XML stays here
        tracked = result.tracked        # written while the children summarise and accept
        table, summary = task.result()
    finally:
        task.cancel()
    contents = {
        paths["tracked.docx"]: tracked,
        paths["clean.docx"]: result.clean,
        paths["responses.docx"]: table,
        paths["changes.md"]: summary,
        paths["changes.json"]: changes_json(result.changes, feedback),
    }
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
    return RevisionOutputs(result, paths)
