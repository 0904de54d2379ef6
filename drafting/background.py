"""Work handed to a forked child process, so that a second core shares a job.

`revise` writes five outputs; the response table needs only the feedback and
the draft as read, so a child builds it while the parent revises. `fork` gives
the child the parent's memory as it stands (nothing is pickled on the way in);
the result comes back pickled through a pipe, and so does an exception (the
child's traceback attached as a note, shown with `--debug`). Where there is no
`fork` (Windows), or the environment sets DRAFTING_NO_FORK, the work runs in
the parent when its result is asked for: same result, one core.
"""
from __future__ import annotations

import os
import pickle
import signal
from typing import Any, Callable


class Background:
    """`work()` running in a child process from construction on."""

    def __init__(self, work: Callable[[], Any]):
        self._work = work
        self._pid: int | None = None
        if hasattr(os, "fork") and not os.environ.get("DRAFTING_NO_FORK"):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                _run_child(work, write)
            os.close(write)
            self._pid, self._read = pid, read

    def result(self) -> Any:
        """The work's result, waiting for the child; its exception is raised here."""
        if self._pid is None:
            return self._work()
        with os.fdopen(self._read, "rb") as source:
            data = source.read()
        os.waitpid(self._pid, 0)
        self._pid = None
        if not data:
            raise RuntimeError("the background process ended without a result")
        done, value = pickle.loads(data)
        if not done:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child if it still runs (the parent failed or was interrupted)."""
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            os.close(self._read)
            self._pid = None


def _run_child(work: Callable[[], Any], write: int) -> None:
    """In the child: run, send the outcome, and leave without running the
    parent's exit handlers or flushing its buffers (`os._exit`)."""
    import traceback

    try:
        try:
            payload = pickle.dumps((True, work()))
        except BaseException as exc:     # the parent decides what it means
            exc.add_note("in the background process:\n" + traceback.format_exc())
            try:
                payload = pickle.dumps((False, exc))
            except Exception:
                payload = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(write, "wb") as out:
            out.write(payload)
    finally:
        os._exit(0)
