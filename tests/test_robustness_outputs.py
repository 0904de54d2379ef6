"""Writing outputs when the disk, the permissions or the user get in the way.

DESIGN.md §5.5: inputs are never written; outputs are written atomically; a
failed run leaves no partial output. Here the writing fails part-way through a
run: the output folder is read-only, the disk fills up, a rename is refused, or
the user presses Ctrl-C while a file is being written. Whatever happens, the
folder holds no temporary file, no half-written output and none of this run's
outputs; outputs of an earlier run are left as they were; the inputs are
untouched; the CLI exits 2 (disk, permission) or 130 (interrupt) with one line.

Tests run as root in CI, where a read-only folder does not stop anyone, so the
failures are simulated at the system calls that would fail: `os.open`
(creating the temporary file), the file's `write`, `os.fsync` and `os.replace`.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from comments.workflow import SUFFIXES, revise_files
from drafting.cli import cli
from drafting.errors import InputError
from support.docs import make_docx

PARAGRAPHS = [
    "CHỈ THỊ",
    "I. MỤC TIÊU, YÊU CẦU",
    "1. Công tác thi đua phải thiết thực, tránh chung chung, hình thức.",
    "2. Các đơn vị báo cáo kết quả hằng năm.",
    "Nơi nhận:",
]
COMMENTS = [
    {"id": 1, "by": "Võ Văn Dũng", "section": "I.2", "text": "Báo cáo theo quý.", "decision": "accepted",
     "response": "Tiếp thu.", "edits": [{"replace": "hằng năm", "with": "hằng quý"}]},
]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def inputs(tmp_path):
    """A draft and its feedback in `tmp_path/in`, and their bytes, to check they stay untouched."""
    folder = tmp_path / "in"
    folder.mkdir()
    draft = make_docx(folder / "draft.docx", PARAGRAPHS)
    feedback = folder / "feedback.yaml"
    feedback.write_text(yaml.safe_dump({"date": "2021-02-05", "comments": COMMENTS}, allow_unicode=True),
                        encoding="utf-8")
    return draft, feedback, {draft: draft.read_bytes(), feedback: feedback.read_bytes()}


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def assert_untouched(originals: dict[Path, bytes]) -> None:
    for path, data in originals.items():
        assert path.read_bytes() == data, f"{path} was modified"


def invoke_revise(draft, feedback, out_dir):
    return CliRunner().invoke(cli, ["revise", str(draft), str(feedback), "--out", str(out_dir)])


def assert_one_line_exit(result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# ------------------------------------------------------------ failure injection

class _FailingFile:
    """A file whose `write` writes half its data and then raises `exc`, as a
    disk filling up mid-write (or a Ctrl-C mid-write) would."""

    def __init__(self, real, exc: BaseException):
        self._real, self._exc = real, exc

    def write(self, data):
        self._real.write(data[: len(data) // 2])
        self._real.flush()
        raise self._exc

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._real.close()
        return False


def _fd_path(fd: int) -> Path:
    return Path(os.readlink(f"/proc/self/fd/{fd}"))


def _staged(path: Path, folder: Path, target: str) -> bool:
    """Whether `path` is output `target` of `folder` being staged (in a hidden folder of `folder`)."""
    staging = path.parent.parent
    return staging.parent == folder and staging.name.startswith(".") and path.name == target


def fail_writing(monkeypatch, folder: Path, target: str, exc: BaseException) -> None:
    """Make writing the temporary file of output `target` in `folder` fail with `exc` after half the data."""
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        fh = real_fdopen(fd, *args, **kwargs)
        path = _fd_path(fd)
        if _staged(path, folder, target):
            return _FailingFile(fh, exc)
        return fh

    monkeypatch.setattr(os, "fdopen", fdopen)


def fail_fsync(monkeypatch, folder: Path, target: str) -> None:
    """ENOSPC reported at fsync, as delayed allocation and network filesystems do."""
    real_fsync = os.fsync

    def fsync(fd):
        path = _fd_path(fd)
        if _staged(path, folder, target):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def fail_rename(monkeypatch, folder: Path, target: str) -> None:
    """Renaming the temporary file onto output `target` is refused (once)."""
    real_replace = os.replace
    failed = []

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == folder / target and _staged(Path(src), folder, target) and not failed:
            failed.append(dst)
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


@pytest.fixture
def read_only(monkeypatch):
    """Make a folder unwritable: chmod where that stops us, else (root) refuse
    creating files in it the way the kernel would."""
    made: list[tuple[Path, int]] = []

    def make(folder: Path) -> None:
        if not IS_ROOT:
            made.append((folder, folder.stat().st_mode))
            folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
            return
        real_open = os.open

        real_mkdir = os.mkdir

        def create(path, flags, *args, **kwargs):
            if flags & os.O_CREAT and Path(path).parent == folder:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_open(path, flags, *args, **kwargs)

        def mkdir(path, *args, **kwargs):
            if folder in Path(path).parents:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_mkdir(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", create)
        monkeypatch.setattr(os, "mkdir", mkdir)

    yield make
    for folder, mode in made:
        folder.chmod(mode)


def output(draft: Path, suffix: str) -> str:
    return f"{draft.stem}.{suffix}"


# ------------------------------------------------------------ a read-only folder

def test_a_read_only_out_folder_is_bad_input_and_nothing_is_written(inputs, out, read_only):
    draft, feedback, originals = inputs
    read_only(out)
    with pytest.raises(InputError) as raised:
        revise_files(draft, [feedback], out)
    assert len(raised.value.problems) == 1
    assert str(out) in str(raised.value) and "permission" in str(raised.value).lower()
    assert names(out) == set()
    assert_untouched(originals)


def test_a_read_only_out_folder_exits_2_through_the_cli(inputs, out, read_only):
    draft, feedback, originals = inputs
    read_only(out)
    line = assert_one_line_exit(invoke_revise(draft, feedback, out), 2)
    assert str(out) in line
    assert names(out) == set()
    assert_untouched(originals)


def test_an_out_folder_below_a_file_exits_2(inputs, tmp_path):
    draft, feedback, originals = inputs
    (tmp_path / "file").write_text("x")
    line = assert_one_line_exit(invoke_revise(draft, feedback, tmp_path / "file" / "out"), 2)
    assert "file" in line
    assert_untouched(originals)


# ------------------------------------------------------------ a full disk

@pytest.mark.parametrize("failing", SUFFIXES)
def test_a_full_disk_mid_write_leaves_no_output_and_no_temporary_file(inputs, out, monkeypatch, failing):
    draft, feedback, originals = inputs
    fail_writing(monkeypatch, out, output(draft, failing), OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(InputError) as raised:
        revise_files(draft, [feedback], out)
    assert os.strerror(errno.ENOSPC) in str(raised.value)
    assert names(out) == set()
    assert_untouched(originals)


def test_a_full_disk_exits_2_with_one_line(inputs, out, monkeypatch):
    draft, feedback, originals = inputs
    fail_writing(monkeypatch, out, output(draft, "changes.md"), OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    line = assert_one_line_exit(invoke_revise(draft, feedback, out), 2)
    assert os.strerror(errno.ENOSPC) in line
    assert names(out) == set()
    assert_untouched(originals)


def test_a_full_disk_reported_at_fsync_leaves_no_output(inputs, out, monkeypatch):
    draft, feedback, originals = inputs
    fail_fsync(monkeypatch, out, output(draft, "responses.docx"))
    assert_one_line_exit(invoke_revise(draft, feedback, out), 2)
    assert names(out) == set()
    assert_untouched(originals)


def test_a_refused_rename_leaves_no_output_and_no_temporary_file(inputs, out, monkeypatch):
    draft, feedback, originals = inputs
    fail_rename(monkeypatch, out, output(draft, "changes.md"))
    line = assert_one_line_exit(invoke_revise(draft, feedback, out), 2)
    assert "permission denied" in line.lower()
    assert names(out) == set()
    assert_untouched(originals)


# ------------------------------------------------------------ an interrupt

@pytest.mark.parametrize("failing", ["tracked.docx", "responses.docx", "changes.json"])
def test_an_interrupt_mid_write_leaves_no_output_and_no_temporary_file(inputs, out, monkeypatch, failing):
    draft, feedback, originals = inputs
    fail_writing(monkeypatch, out, output(draft, failing), KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        revise_files(draft, [feedback], out)
    assert names(out) == set()
    assert_untouched(originals)


def test_an_interrupt_mid_write_exits_130_with_one_line(inputs, out, monkeypatch):
    draft, feedback, originals = inputs
    fail_writing(monkeypatch, out, output(draft, "clean.docx"), KeyboardInterrupt())
    line = assert_one_line_exit(invoke_revise(draft, feedback, out), 130)
    assert "interrupted" in line
    assert names(out) == set()
    assert_untouched(originals)


# ------------------------------------------------------------ a folder that already holds outputs

@pytest.fixture
def earlier_run(inputs, out):
    """The folder after a successful run, plus a file of the user's own."""
    draft, feedback, _ = inputs
    revise_files(draft, [feedback], out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    return {p: p.read_bytes() for p in out.iterdir()}


@pytest.mark.parametrize("failing", ["clean.docx", "changes.json"])
def test_a_failed_rerun_leaves_the_earlier_outputs_as_they_were(inputs, out, earlier_run, monkeypatch, failing):
    draft, feedback, _ = inputs
    feedback.write_text(feedback.read_text(encoding="utf-8").replace("hằng quý", "hằng tháng"), encoding="utf-8")
    fail_writing(monkeypatch, out, output(draft, failing), OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert_one_line_exit(invoke_revise(draft, feedback, out), 2)
    assert {p: p.read_bytes() for p in out.iterdir()} == earlier_run


def test_an_interrupted_rerun_leaves_the_earlier_outputs_as_they_were(inputs, out, earlier_run, monkeypatch):
    draft, feedback, _ = inputs
    fail_writing(monkeypatch, out, output(draft, "changes.md"), KeyboardInterrupt())
    assert_one_line_exit(invoke_revise(draft, feedback, out), 130)
    assert {p: p.read_bytes() for p in out.iterdir()} == earlier_run


def test_a_rerun_whose_rename_is_refused_leaves_the_earlier_outputs_as_they_were(inputs, out, earlier_run,
                                                                                  monkeypatch):
    draft, feedback, _ = inputs
    fail_rename(monkeypatch, out, output(draft, "changes.json"))
    assert_one_line_exit(invoke_revise(draft, feedback, out), 2)
    assert {p: p.read_bytes() for p in out.iterdir()} == earlier_run


def test_a_successful_rerun_replaces_the_outputs_and_keeps_other_files(inputs, out, earlier_run):
    draft, feedback, _ = inputs
    result = invoke_revise(draft, feedback, out)
    assert result.exit_code == 0, result.output
    assert names(out) == {p.name for p in earlier_run}
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


# ------------------------------------------------------------ the single-output commands

@pytest.fixture
def single_output_commands(inputs, out):
    draft, feedback, _ = inputs
    return {
        "table": (["table", str(draft), str(feedback), "-o", str(out / "table.docx")], "table.docx"),
        "sheet": (["comments", "sheet", str(draft), "-o", str(out / "sheet.xlsx")], "sheet.xlsx"),
    }


@pytest.mark.parametrize("command", ["table", "sheet"])
def test_a_single_output_command_in_a_read_only_folder_exits_2(inputs, out, read_only, single_output_commands,
                                                              command):
    args, _ = single_output_commands[command]
    read_only(out)
    line = assert_one_line_exit(CliRunner().invoke(cli, args), 2)
    assert str(out) in line
    assert names(out) == set()
    assert_untouched(inputs[2])


@pytest.mark.parametrize("command", ["table", "sheet"])
def test_a_single_output_command_on_a_full_disk_exits_2(inputs, out, monkeypatch, single_output_commands, command):
    args, target = single_output_commands[command]
    fail_writing(monkeypatch, out, target, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert_one_line_exit(CliRunner().invoke(cli, args), 2)
    assert names(out) == set()
    assert_untouched(inputs[2])


@pytest.mark.parametrize("command", ["table", "sheet"])
def test_a_single_output_command_interrupted_mid_write_exits_130(inputs, out, monkeypatch, single_output_commands,
                                                                command):
    args, target = single_output_commands[command]
    fail_writing(monkeypatch, out, target, KeyboardInterrupt())
    assert_one_line_exit(CliRunner().invoke(cli, args), 130)
    assert names(out) == set()


# ------------------------------------------------------------ what a successful write leaves

def test_outputs_get_the_permissions_of_any_new_file_not_owner_only(inputs, out):
    draft, feedback, _ = inputs
    mask = os.umask(0o022)
    os.umask(mask)
    outputs = revise_files(draft, [feedback], out)
    for path in outputs.paths.values():
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path
    assert names(out) == {p.name for p in outputs.paths.values()}


def test_outputs_named_like_the_staging_folders_parts_are_written(out):
    from drafting.outputs import write_outputs

    write_outputs({out / "old": b"1", out / "new": b"2"})
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {"old": b"1", "new": b"2"}
