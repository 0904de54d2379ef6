"""The `drafting` command: a thin shell over the library.

Each command parses options and calls one library function. Errors: an
`InputError` prints its problems, one line each, and exits 2; anything else is
an internal fault, exit 1, with a traceback only under `--debug`.
"""
from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from .errors import InputError


class DraftingGroup(click.Group):
    def main(self, *args, standalone_mode=True, **kwargs):
        debug = "--debug" in sys.argv
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
            sys.exit(2)
        except click.exceptions.Abort:
            click.echo("aborted", err=True)
            sys.exit(130)
        except click.ClickException as exc:
            exc.show()
            sys.exit(2 if exc.exit_code in (1, 2) else exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was written", err=True)
            sys.exit(130)
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


def main() -> None:
    cli(prog_name="drafting")
