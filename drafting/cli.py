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
LANG = click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
                    help="Language of labels and messages (Vietnamese or English).")


def _lang_of(args) -> str:
    """The language asked for on the command line (`--lang en`), for messages
    printed after the command has ended, however it ended."""
    args = list(args)
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "vi"
        if arg.startswith("--lang="):
            return "en" if arg == "--lang=en" else "vi"
    return "vi"


def _iso_date(value: str | None) -> str | None:
    """A `--date` typed day first (05/02/2021) as ISO; anything else as given,
    for the library to accept or name."""
    from .dates import parse_date

    return (parse_date(value) or value) if value else value


def _say(lang: str, vi: str, en: str) -> None:
    click.echo(vi if lang == "vi" else en)


def warn(problems, lang: str) -> None:
    """Warnings: on stderr, one line each; the command still succeeds (exit 0)."""
    for problem in problems:
        text = problem.text(lang) if hasattr(problem, "text") else str(problem)
        click.echo(f"{'cảnh báo' if lang == 'vi' else 'warning'}: {_one_line(text)}", err=True)


def _overwrites(paths, lang: str) -> list[str]:
    """Outputs that exist before a command writes them: said, not refused."""
    return [(f"ghi đè {p}" if lang == "vi" else f"overwriting {p}") for p in paths if Path(p).exists()]


def _one_line(problem: object) -> str:
    """A problem on one short line, whatever line breaks a parser put in its
    message or however long a value it quotes."""
    text = " ".join(line.strip() for line in str(problem).splitlines() if line.strip())
    return text if len(text) <= MAX_PROBLEM_CHARS else text[:MAX_PROBLEM_CHARS - 1] + "…"


class _Interrupted(Exception):
    """Ctrl-C inside a command, carried past click, which would turn it into a
    blank line and "Aborted!"."""


class NoticeCommand(click.Command):
    """A command that says on stderr what legacy input it read converted
    (TCVN3/VNI text, a .doc through LibreOffice), one line per file, in the
    command's --lang; `convert` says it on stdout instead."""

    def invoke(self, ctx):
        from .legacy import collect_reports

        with collect_reports() as reports:
            try:
                return super().invoke(ctx)
            finally:
                if ctx.info_name != "convert":
                    lang = ctx.params.get("lang") or "vi"
                    notices = [r.notice(lang, revising=ctx.info_name == "revise") for r in reports]
                    for line in dict.fromkeys(notices):
                        click.echo(line, err=True)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the process is (by the console command's handler)
    as Ctrl-C is: every `finally` and every clean-up of an interrupt runs."""


class DraftingGroup(click.Group):
    command_class = NoticeCommand
    group_class = type              # subgroups (`comments`) are DraftingGroups too, with notices

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise _Interrupted(exc) from None

    def main(self, *args, standalone_mode=True, **kwargs):
        debug = "--debug" in sys.argv
        given = kwargs.get("args", args[0] if args else None)
        lang = _lang_of(sys.argv[1:] if given is None else given)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
            if isinstance(result, int):      # ctx.exit(n) returns n when not standalone
                sys.exit(result)
            return result
        except InputError as exc:
            for problem in exc.problems:
                click.echo(f"{'lỗi' if lang == 'vi' else 'error'}: {_one_line(problem.text(lang))}", err=True)
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
    """Turn a meeting's feedback on a draft into the revised draft.

    \b
    Example:
      drafting outline du-thao.docx
      drafting comments sheet du-thao.docx -o gop-y.xlsx
      drafting revise du-thao.docx gop-y.xlsx --out ket-qua
    """


@cli.command()
@click.argument("draft", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the section tree as JSON.")
@LANG
def outline(draft: Path, as_json: bool, lang: str) -> None:
    """Print the section tree of DRAFT (the IDs feedback uses in `section:`).

    \b
    Example:
      drafting outline du-thao.docx
      drafting outline du-thao.docx --json > muc.json
    """
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
@LANG
def verify(tracked: Path, original: Path | None, clean: Path | None, lang: str) -> None:
    """Check a tracked document's revisions, comments and reject/accept text.

    \b
    Example:
      drafting verify out/du-thao.tracked.docx --original du-thao.docx --clean out/du-thao.clean.docx
    """
    from .verify import verify as verify_document

    # Asking for a text comparison without pandoc installed is a failure, not a skip.
    report = verify_document(tracked, original=original, clean=clean, require_pandoc=True)
    if not report.ok:
        raise InputError(*report.problems)
    _say(lang, f"đạt: {report.summary()}", f"ok: {report.summary()}")


@cli.command()
@click.argument("draft", type=click.Path(path_type=Path))
@click.argument("feedback", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True, help="Folder for the outputs.")
@click.option("--author", help="Author of the tracked changes (default: the feedback file's, else 'drafting').")
@click.option("--date", callback=lambda ctx, param, value: _iso_date(value),
              help="Date of the revisions: 05/02/2021 or ISO 8601 (default: the feedback file's, else now).")
@click.option("--keep-labels", is_flag=True, help="Do not renumber typed labels after sections are added or removed.")
@LANG
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), help="Folder overriding the built-in templates.")
def revise(draft: Path, feedback: tuple[Path, ...], out_dir: Path, author: str | None, date: str | None,
           keep_labels: bool, lang: str, templates_dir: Path | None) -> None:
    """Apply FEEDBACK to DRAFT: tracked and clean drafts, change summary, response table.

    FEEDBACK is YAML or a filled-in sheet (.xlsx/.csv); docs/feedback.md lists its fields.

    \b
    Example:
      drafting revise du-thao.docx gop-y.xlsx --out ket-qua
    """
    from comments.check import skipped_proposals
    from comments.workflow import output_paths, revise_files

    existing = _overwrites(output_paths(Path(draft), Path(out_dir)).values(), lang)
    outputs = revise_files(draft, list(feedback), out_dir, author=author, date=date,
                           keep_labels=keep_labels, lang=lang, templates_dir=templates_dir)
    feedback_read = outputs.revision.feedback
    warn(feedback_read.warnings + skipped_proposals(feedback_read) + existing, lang)
    for path in outputs.paths.values():
        _say(lang, f"đã ghi {path}", f"wrote {path}")
    _say(lang, f"{len(outputs.revision.changes)} thay đổi", f"{len(outputs.revision.changes)} changes")


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The redline .docx to write.")
@click.option("--author", help="Author of the tracked changes (default: 'drafting').")
@click.option("--date", callback=lambda ctx, param, value: _iso_date(value),
              help="Date of the revisions: 05/02/2021 or ISO 8601 (default: now).")
@click.option("--summary", type=click.Path(path_type=Path), help="Also write the change summary (.md).")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Also write the changes as JSON.")
@LANG
def compare(old: Path, new: Path, output: Path, author: str | None, date: str | None,
            summary: Path | None, json_path: Path | None, lang: str) -> None:
    """Write the redline OLD → NEW: NEW's differences as tracked changes in OLD.

    \b
    Example:
      drafting compare du-thao-v1.docx du-thao-v2.docx -o so-sanh.docx --summary so-sanh.md
    """
    from .changes import revision_count
    from .compare import compare_files

    result = compare_files(old, new, output, author=author, date=date, summary=summary, json_path=json_path)
    for path in (output, summary, json_path):
        if path is not None:
            _say(lang, f"đã ghi {path}", f"wrote {path}")
    if result.identical:
        _say(lang, "không có khác biệt", "no differences")
    else:
        _say(lang, f"{len(result.changes)} thay đổi, {revision_count(result.changes)} sửa đổi theo dõi",
             f"{len(result.changes)} changes, {revision_count(result.changes)} revisions")
        click.echo(result.stats.summary())


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("demo-output"),
              show_default=True, help="Folder for the outputs.")
@click.option("--pdf", is_flag=True, help="Also PDF previews of the tracked draft and the table (LibreOffice).")
@LANG
def demo(out_dir: Path, pdf: bool, lang: str) -> None:
    """Run the embedded example (the Nghệ An directive meeting) end to end.

    \b
    Example:
      drafting demo --out demo-output --pdf
    """
    from comments.demo import run_demo

    result = run_demo(out_dir, pdf=pdf, lang=lang)
    _say(lang, f"dự thảo: {result.draft}", f"draft: {result.draft}")
    for path in result.written:
        _say(lang, f"đã ghi {path}", f"wrote {path}")
    click.echo(result.summary(lang))


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("feedback", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The carried feedback .yaml to write.")
@click.option("--round", "round_", type=click.IntRange(min=1), default=1, show_default=True,
              help="The round OLD was the draft of (for comments that name none).")
def carry(old: Path, feedback: tuple[Path, ...], new: Path, output: Path, round_: int) -> None:
    """Carry the comments of FEEDBACK on OLD to the next round's draft NEW, anchors found again."""
    from comments.carry import carry_files

    result = carry_files(old, list(feedback), new, output, round_=round_)
    click.echo(f"wrote {output}: {result.summary()}")
    for comment in result.orphaned:
        click.echo(f"orphaned: comment {comment.id} ({comment.by}): {comment.anchor.reason}")
    for line in result.dropped_edits:
        click.echo(f"dropped: {line}")


@cli.command()
@click.argument("draft", type=click.Path(path_type=Path))
@click.argument("copies", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The combined .docx to write.")
def combine(draft: Path, copies: tuple[Path, ...], output: Path) -> None:
    """Merge the delegates' COPIES of DRAFT into one tracked document; list the conflicts."""
    from .combine import combine_files

    result = combine_files(draft, list(copies), output)
    click.echo(f"wrote {output}: {len(copies)} copies, {result.revisions} revisions, {result.comments} comments, "
               f"{len(result.conflicts)} conflicts, {len(result.left_out)} left out")
    for path in result.compared:
        click.echo(f"compared: {path} had no tracked changes; its edits were found by comparing it with the draft")
    for line in result.overlaps:
        click.echo(f"overlap: {line}")
    for line in result.conflicts:
        click.echo(f"conflict: {line}")
    for line in result.left_out:
        click.echo(f"left out: {line}")


@cli.group()
def comments() -> None:
    """Feedback: blank sheets, collecting, checking.

    \b
    Example:
      drafting comments sheet du-thao.docx -o gop-y.xlsx
      drafting comments check du-thao.docx gop-y.xlsx
    """


@comments.command("sheet")
@click.argument("draft", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .xlsx to write.")
@LANG
def comments_sheet(draft: Path, output: Path, lang: str) -> None:
    """Write a blank feedback sheet listing DRAFT's sections.

    \b
    Example:
      drafting comments sheet du-thao.docx -o gop-y.xlsx
    """
    from comments.sheet import write_sheet
    from .reader import read_draft

    existing = _overwrites([output], lang)
    write_sheet(read_draft(draft), output, lang=lang)
    warn(existing, lang)
    _say(lang, f"đã ghi {output}", f"wrote {output}")


@comments.command("collect")
@click.argument("draft", type=click.Path(path_type=Path))
@click.argument("marked", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The feedback .yaml to write.")
@LANG
def comments_collect(draft: Path, marked: tuple[Path, ...], output: Path, lang: str) -> None:
    """Collect the Word comments and edits of delegates' MARKED copies of DRAFT as pending feedback.

    \b
    Example:
      drafting comments collect du-thao.docx ban-cua-so-noi-vu.docx ban-cua-so-tai-chinh.docx -o gop-y.yaml
    """
    from comments.collect import write_collected

    existing = _overwrites([output], lang)
    feedback = write_collected(draft, list(marked), output)
    warn(existing, lang)
    edits = sum(1 for c in feedback.comments if c.edits)
    replies = sum(len(c.replies) for c in feedback.comments)
    _say(lang, f"đã ghi {output}: {len(feedback.comments)} ý kiến ({edits} có sửa đổi đề xuất"
               f"{f', {replies} trả lời' if replies else ''}) từ {len(marked)} bản",
         f"wrote {output}: {len(feedback.comments)} comments ({edits} with proposed edits"
         f"{f', {replies} replies' if replies else ''}) from {len(marked)} copies")


@comments.command("check")
@click.argument("draft", type=click.Path(path_type=Path))
@click.argument("feedback", nargs=-1, required=True, type=click.Path(path_type=Path))
@LANG
def comments_check(draft: Path, feedback: tuple[Path, ...], lang: str) -> None:
    """Validate FEEDBACK against DRAFT: problems, pending, near-duplicates, counts.

    \b
    Example:
      drafting comments check du-thao.docx gop-y.xlsx
    """
    from comments.check import check, format_report
    from comments.intake import read_feedback
    from .reader import read_draft

    feedback_read = read_feedback(list(feedback))
    warn(feedback_read.warnings, lang)
    report = check(read_draft(draft), feedback_read)
    click.echo(format_report(report, lang=lang))
    if not report.ok:
        sys.exit(2)


@cli.command("render")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .docx to write.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), help="Folder overriding the built-in templates.")
@LANG
def render_command(source: Path, output: Path, templates_dir: Path | None, lang: str) -> None:
    """Render a new draft from SOURCE.yaml through the directive template.

    docs/feedback.md describes SOURCE.yaml (header fields and the body).

    \b
    Example:
      drafting render examples/thi-dua-khen-thuong/source.yaml -o du-thao.docx
    """
    from .render import render

    existing = _overwrites([output], lang)
    written = render(source, output, templates_dir)
    warn(existing, lang)
    _say(lang, f"đã ghi {written}", f"wrote {written}")


@cli.command()
@click.argument("draft", type=click.Path(path_type=Path))
@click.argument("feedback", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The table to write: .docx, .xlsx, .md or .html.")
@LANG
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), help="Folder overriding the built-in templates.")
def table(draft: Path, feedback: tuple[Path, ...], output: Path, lang: str, templates_dir: Path | None) -> None:
    """Write the comment-response table of FEEDBACK on DRAFT.

    \b
    Example:
      drafting table du-thao.docx gop-y.xlsx -o ket-qua/bang-tong-hop.docx
    """
    from comments.intake import read_feedback
    from comments.table import build_table, write_table
    from .reader import read_draft

    feedback_read = read_feedback(list(feedback))
    existing = _overwrites([output], lang)
    write_table(build_table(read_draft(draft), feedback_read, lang=lang), output, templates_dir)
    warn(feedback_read.warnings + existing, lang)
    _say(lang, f"đã ghi {output}", f"wrote {output}")


@cli.command("convert")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The Unicode .docx to write.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def convert_command(source: Path, output: Path, lang: str) -> None:
    """Convert a legacy draft (TCVN3/VNI fonts; .doc, .rtf, .odt) to a Unicode .docx."""
    from .legacy import convert_file

    report = convert_file(source, output)
    click.echo(f"wrote {output}")
    click.echo(report.notice(lang) if report else
               ("không có gì để chuyển: không có văn bản TCVN3 hay VNI" if lang == "vi"
                else "nothing to convert: no TCVN3 or VNI text"))


from .workspace.cli import serve, users  # noqa: E402  (the review workspace, §9)
cli.add_command(serve)
cli.add_command(users)


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
