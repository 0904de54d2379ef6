"""The `drafting` command: a thin shell over the library.

Each command parses options and calls one library function. Errors: an
`InputError` prints its problems, one line each, and exits 2; anything else is
an internal fault, exit 1, with a traceback only under `--debug`.
"""
from __future__ import annotations

import signal
import sys
import traceback
from pathlib import Path

import click

from .errors import InputError


MAX_PROBLEM_CHARS = 500


def _one_line(problem: object) -> str:
    """A problem on one short line, whatever line breaks a parser put in its
    message or however long a value it quotes."""
    text = " ".join(line.strip() for line in str(problem).splitlines() if line.strip())
    return text if len(text) <= MAX_PROBLEM_CHARS else text[:MAX_PROBLEM_CHARS - 1] + "…"


class _Interrupted(Exception):
    """Ctrl-C inside a command, carried past click, which would turn it into a
    blank line and "Aborted!"."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the process is (by the console command's handler)
    as Ctrl-C is: every `finally` and every clean-up of an interrupt runs."""


class DraftingGroup(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise _Interrupted(exc) from None

    def main(self, *args, standalone_mode=True, **kwargs):
        debug = "--debug" in sys.argv
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
            if isinstance(result, int):      # ctx.exit(n) returns n when not standalone
                sys.exit(result)
            return result
        except InputError as exc:
            for problem in exc.problems:
                click.echo(f"error: {_one_line(problem)}", err=True)
            sys.exit(2)
        except click.exceptions.Abort:
            click.echo("aborted", err=True)
            sys.exit(130)
        except click.ClickException as exc:
            exc.show()
            sys.exit(2 if exc.exit_code in (1, 2) else exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except (KeyboardInterrupt, _Interrupted) as exc:
            terminated = isinstance(exc, Terminated) or (exc.args and isinstance(exc.args[0], Terminated))
            # write_outputs leaves the outputs all new or all as they were, never a mix
            click.echo(f"{'terminated' if terminated else 'interrupted'}; no output was left half-written", err=True)
            sys.exit(143 if terminated else 130)
        except Exception as exc:  # internal fault
            if debug:
                traceback.print_exc()
            else:
                click.echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
            sys.exit(1)


@click.group(cls=DraftingGroup)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.version_option(package_name="drafting")
def cli(debug: bool) -> None:
    """Turn a meeting's feedback on a draft into the revised draft."""


@cli.command()
@click.argument("draft", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the section tree as JSON.")
def outline(draft: Path, as_json: bool) -> None:
    """Print the section tree of DRAFT."""
    from .reader import read_draft
    from .outline import outline_json, outline_text

    doc = read_draft(draft)
    if as_json:
        import json

        click.echo(json.dumps(outline_json(doc), ensure_ascii=False, indent=2))
    else:
        click.echo(outline_text(doc))


@cli.command()
@click.argument("tracked", type=click.Path(path_type=Path))
@click.option("--original", type=click.Path(path_type=Path), help="The draft: reject-all must give its text.")
@click.option("--clean", type=click.Path(path_type=Path), help="The clean copy: accept-all must give its text.")
def verify(tracked: Path, original: Path | None, clean: Path | None) -> None:
    """Check a tracked document's revisions, comments and reject/accept text."""
    from .verify import verify as verify_document

    # Asking for a text comparison without pandoc installed is a failure, not a skip.
    report = verify_document(tracked, original=original, clean=clean, require_pandoc=True)
    if not report.ok:
        raise InputError(*report.problems)
    click.echo(f"ok: {report.summary()}")


@cli.command()
@click.argument("draft", type=click.Path(path_type=Path))
@click.argument("feedback", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True, help="Folder for the outputs.")
@click.option("--author", help="Author of the tracked changes (default: the feedback file's, else 'drafting').")
@click.option("--date", help="Date of the revisions, ISO 8601 (default: the feedback file's, else now).")
@click.option("--keep-labels", is_flag=True, help="Do not renumber typed labels after sections are added or removed.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), help="Folder overriding the built-in templates.")
def revise(draft: Path, feedback: tuple[Path, ...], out_dir: Path, author: str | None, date: str | None,
           keep_labels: bool, lang: str, templates_dir: Path | None) -> None:
    """Apply FEEDBACK to DRAFT: tracked and clean drafts, change summary, response table."""
    from comments.workflow import revise_files

    outputs = revise_files(draft, list(feedback), out_dir, author=author, date=date,
                           keep_labels=keep_labels, lang=lang, templates_dir=templates_dir)
    for path in outputs.paths.values():
        click.echo(f"wrote {path}")
    click.echo(f"{len(outputs.revision.changes)} changes")


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The redline .docx to write.")
@click.option("--author", help="Author of the tracked changes (default: 'drafting').")
@click.option("--date", help="Date of the revisions, ISO 8601 (default: now).")
@click.option("--summary", type=click.Path(path_type=Path), help="Also write the change summary (.md).")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Also write the changes as JSON.")
def compare(old: Path, new: Path, output: Path, author: str | None, date: str | None,
            summary: Path | None, json_path: Path | None) -> None:
    """Write the redline OLD → NEW: NEW's differences as tracked changes in OLD."""
    from .changes import revision_count
    from .compare import compare_files

    result = compare_files(old, new, output, author=author, date=date, summary=summary, json_path=json_path)
    for path in (output, summary, json_path):
        if path is not None:
            click.echo(f"wrote {path}")
    if result.identical:
        click.echo("no differences")
    else:
        click.echo(f"{len(result.changes)} changes, {revision_count(result.changes)} revisions")
        click.echo(result.stats.summary())


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("demo-output"),
              show_default=True, help="Folder for the outputs.")
@click.option("--pdf", is_flag=True, help="Also PDF previews of the tracked draft and the table (LibreOffice).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def demo(out_dir: Path, pdf: bool, lang: str) -> None:
    """Run the embedded example (the Nghệ An directive meeting) end to end."""
    from comments.demo import run_demo

    result = run_demo(out_dir, pdf=pdf, lang=lang)
    click.echo(f"draft: {result.draft}")
    for path in [*result.outputs.paths.values(), *result.pdfs]:
        click.echo(f"wrote {path}")
    click.echo(result.summary(lang))


@cli.group()
def comments() -> None:
    """Feedback: blank sheets, collecting, checking."""


@comments.command("sheet")
@click.argument("draft", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .xlsx to write.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def comments_sheet(draft: Path, output: Path, lang: str) -> None:
    """Write a blank feedback sheet listing DRAFT's sections."""
    from comments.sheet import write_sheet
    from .reader import read_draft

    write_sheet(read_draft(draft), output, lang=lang)
    click.echo(f"wrote {output}")


@comments.command("collect")
@click.argument("draft", type=click.Path(path_type=Path))
@click.argument("marked", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The feedback .yaml to write.")
def comments_collect(draft: Path, marked: tuple[Path, ...], output: Path) -> None:
    """Collect the Word comments and edits of delegates' MARKED copies of DRAFT as pending feedback."""
    from comments.collect import write_collected

    feedback = write_collected(draft, list(marked), output)
    edits = sum(1 for c in feedback.comments if c.edits)
    click.echo(f"wrote {output}: {len(feedback.comments)} comments ({edits} with proposed edits) "
               f"from {len(marked)} copies")


@comments.command("check")
@click.argument("draft", type=click.Path(path_type=Path))
@click.argument("feedback", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def comments_check(draft: Path, feedback: tuple[Path, ...], lang: str) -> None:
    """Validate FEEDBACK against DRAFT: problems, pending, near-duplicates, counts."""
    from comments.check import check, format_report
    from comments.intake import read_feedback
    from .reader import read_draft

    report = check(read_draft(draft), read_feedback(list(feedback)))
    click.echo(format_report(report, lang=lang))
    if not report.ok:
        sys.exit(2)


@cli.command("render")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .docx to write.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), help="Folder overriding the built-in templates.")
def render_command(source: Path, output: Path, templates_dir: Path | None) -> None:
    """Render a new draft from SOURCE.yaml through the directive template."""
    from .render import render

    click.echo(f"wrote {render(source, output, templates_dir)}")


@cli.command()
@click.argument("draft", type=click.Path(path_type=Path))
@click.argument("feedback", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The table to write: .docx, .xlsx, .md or .html.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), help="Folder overriding the built-in templates.")
def table(draft: Path, feedback: tuple[Path, ...], output: Path, lang: str, templates_dir: Path | None) -> None:
    """Write the comment-response table of FEEDBACK on DRAFT."""
    from comments.intake import read_feedback
    from comments.table import build_table, write_table
    from .reader import read_draft

    write_table(build_table(read_draft(draft), read_feedback(list(feedback)), lang=lang), output, templates_dir)
    click.echo(f"wrote {output}")


def _terminate(signum, frame) -> None:
    raise Terminated()


def main() -> None:
    """The console command. SIGTERM (a service manager stopping it, `kill`) is
    handled like Ctrl-C: the command stops where it is, its outputs are left
    whole (all new or as they were) and it exits 143. The handler is installed
    here, for the console command only, and the one before it restored: the
    library never touches signal handlers."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        cli(prog_name="drafting")
    finally:
        signal.signal(signal.SIGTERM, previous)
