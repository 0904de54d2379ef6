"""Writing a command's outputs as one set: the whole earlier set replaced, or left exactly as it was.

A command with several outputs (`revise`: tracked and clean drafts, table,
summaries) must never leave a mix of this run's files and an earlier run's, nor
a half-written file, nor temporary files, whatever stops it: a full disk, a
refused rename, Ctrl-C, SIGTERM or kill -9. The protocol, per output folder:

1. **Lock** the folder (`fcntl.flock` on the folder itself, so nothing is left
   in it): two runs into one folder take turns instead of mixing their files.
   The kernel drops the lock when a process dies, also by kill -9.
2. **Recover** what an earlier run of ours left (see below), under the lock.
3. **Stage**: every new output is written in full, and fsynced, into a hidden
   folder `.drafting-<token>.new/new/` in the output folder (same file system,
   so renames are atomic), under its final name.
4. **Commit**: one rename, `.drafting-<token>.new` → `.drafting-<token>.commit`,
   then an fsync of the folder. Before it, the new set does not exist (a stop
   leaves the earlier set untouched and the staging folder is removed, now or
   by the next run); after it, the new set is the outcome.
5. **Install**: each staged file is renamed onto its output; the file it
   replaces is first hard-linked into the commit folder's `old/` (kept for
   step 6, the output never missing meanwhile). Then the commit folder goes.
6. **Undo on error**: if a rename fails (an OSError), the replaced files are
   put back, this run's new outputs removed, and the commit folder removed
   after renaming it back to `.new` (so a kill -9 during the undo still ends in
   one whole set: the new one, rolled forward by the next run).

An interrupt (KeyboardInterrupt, SIGTERM as the CLI maps it) that arrives
during step 5 is held until the installing is finished, then raised: the set is
whole. After kill -9 during step 5, the folder holds a `.commit` folder and the
next run into the folder (any command of ours writing there) completes the
renames first (step 2), so it ends as the whole new set; a reader looking at
the folder in between sees each output whole (old or new), never a partial file.
Step 2 also removes stale `.new` folders, and the `.<name>.<hex>.tmp`/`.old`
files of the earlier protocol (an `.old` whose output is missing is put back).

The set guarantee holds per folder: outputs in several folders (`compare -o
a/x.docx --summary b/x.md`) are committed folder after folder, all folders
locked first, in a fixed order (no deadlock between two runs).
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import Iterator

from .errors import InputError

STAGING, COMMITTED = ".new", ".commit"
PREFIX = ".drafting-"
NEW, OLD = "new", "old"         # in a staging folder: the new outputs, the ones they replace
# A file system that cannot lock (some network mounts): the set is still
# committed as one, only two runs at once into such a folder are not kept apart.
UNLOCKABLE = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL}
# Temporary and backup files of the protocol before this one.
LEGACY = re.compile(r"^\.(?P<name>.+)\.[0-9a-f]{16}\.(?P<kind>tmp|old)$")


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write one output: `path` is either as it was or complete, never partial
    (a set of one, see `write_outputs`)."""
    write_outputs({Path(path): data})


def write_outputs(outputs: dict[Path, bytes | str]) -> None:
    """Write several outputs as one set, all or nothing (the module's protocol).

    A write that fails with an OSError (permission, full disk, missing folder)
    raises an InputError naming the file: the user's environment, not our fault."""
    items = [(Path(path), data.encode("utf-8") if isinstance(data, str) else data)
             for path, data in outputs.items()]
    folders: dict[Path, list[tuple[Path, bytes]]] = {}
    for path, data in items:
        folders.setdefault(path.parent, []).append((path, data))
    with contextlib.ExitStack() as locks:
        for folder in sorted(folders, key=lambda f: str(f.resolve())):
            locks.enter_context(_locked(folder))
            _recover(folder)
        for folder, files in folders.items():
            _write_set(folder, files)


def recover_outputs(folder: str | Path) -> None:
    """Finish or remove what a stopped run of ours left in `folder` (step 2 of
    the protocol), under the folder's lock: for a reader that wants the folder
    settled (whole new set, or whole old set) without writing anything."""
    with _locked(Path(folder)):
        _recover(Path(folder))


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """The folder locked against other runs (of this or another process) while inside."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise InputError(f"{folder}: cannot write into the folder ({exc.strerror or exc}); nothing was written") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            if exc.errno not in UNLOCKABLE:
                raise InputError(f"{folder}: cannot lock the folder ({exc.strerror or exc}); nothing was written") from None
        yield
    finally:
        os.close(fd)      # closing the last descriptor releases the lock


def _recover(folder: Path) -> None:
    """Finish or remove what an earlier run of ours left in `folder` (the lock held)."""
    try:
        entries = sorted(os.listdir(folder))
    except OSError:
        return
    for name in entries:
        path = folder / name
        if name.startswith(PREFIX) and name.endswith(COMMITTED):
            try:
                _install(folder, path, done=[])
            except OSError as exc:
                raise InputError(f"{folder}: cannot finish the outputs an interrupted run committed "
                                 f"({exc.strerror or exc}); nothing was written") from None
            _remove_tree(path)
        elif name.startswith(PREFIX) and name.endswith(STAGING):
            _remove_tree(path)
        elif (legacy := LEGACY.match(name)) is not None:
            target = folder / legacy["name"]
            if legacy["kind"] == "old" and not os.path.lexists(target):
                with contextlib.suppress(OSError):
                    os.replace(path, target)
                    continue
            _remove(path)


def _write_set(folder: Path, files: list[tuple[Path, bytes]]) -> None:
    token = secrets.token_hex(8)
    staging, committed = folder / f"{PREFIX}{token}{STAGING}", folder / f"{PREFIX}{token}{COMMITTED}"
    current = files[0][0]
    try:
        for path, _ in files:
            current = path
            if os.path.isdir(path) and not os.path.islink(path):
                raise IsADirectoryError(21, "is a folder", str(path))
        current = folder
        os.mkdir(staging)
        os.mkdir(staging / NEW)
        for path, data in files:
            current = path
            _write_file(staging / NEW / path.name, data)
        _fsync_dir(staging / NEW)
        current = folder
        os.rename(staging, committed)           # the commit point
    except BaseException as exc:
        _remove_tree(staging)
        if isinstance(exc, OSError):
            raise _write_error(current, exc) from None
        raise
    done: list[tuple[Path, bool]] = []
    held: BaseException | None = None
    while True:
        try:
            _install(folder, committed, done)
            break
        except (KeyboardInterrupt, SystemExit) as exc:   # the set is committed: finish it first
            held = exc
        except OSError as exc:
            _undo(folder, committed, staging, done)
            raise _write_error(Path(exc.filename) if exc.filename else folder, exc) from None
    _remove_tree(committed)
    if held is not None:
        raise held


def _install(folder: Path, committed: Path, done: list[tuple[Path, bool]]) -> None:
    """Rename the committed files onto their outputs (those not yet done), keeping
    a link to each file replaced; `done` collects (output, whether it replaced one)."""
    _fsync_dir(folder)                           # the commit on disk before any output changes
    old = committed / OLD
    for name in sorted(os.listdir(committed / NEW)):
        target = folder / name
        replaced = os.path.lexists(target)
        if replaced:
            os.makedirs(old, exist_ok=True)
            keep = old / name
            if not os.path.lexists(keep):
                try:
                    os.link(target, keep, follow_symlinks=False)
                except OSError:                  # no hard links here: copy instead
                    shutil.copy2(target, keep, follow_symlinks=False)
        os.replace(committed / NEW / name, target)
        done.append((target, replaced))
    _fsync_dir(folder)


def _undo(folder: Path, committed: Path, staging: Path, done: list[tuple[Path, bool]]) -> None:
    """Put the outputs back as they were before this run's install began."""
    with contextlib.suppress(OSError):
        os.rename(committed, staging)            # no longer committed: the next run drops it
        _fsync_dir(folder)
    base = staging if os.path.isdir(staging) else committed
    for target, replaced in reversed(done):
        with contextlib.suppress(OSError):
            if replaced:
                os.replace(base / OLD / target.name, target)
            else:
                os.unlink(target)
    _remove_tree(staging)
    _remove_tree(committed)


def _write_file(path: Path, data: bytes) -> None:
    """`data` in a new file, on disk, created with the permissions any new file of
    this process gets (mode 0o666 less the umask)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_error(path: Path, exc: OSError) -> InputError:
    return InputError(f"{path}: cannot write the file ({exc.strerror or exc}); nothing was written")


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _remove(path: str | Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
