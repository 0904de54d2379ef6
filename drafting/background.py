"""Work handed to a forked child process, so that a second core shares a job.

`revise` writes five outputs; the response table needs only the feedback and
the draft as read, so a child builds it while the parent revises, then
summarises the changes the parent sends it. `fork` gives the child the
parent's memory as it stands (nothing is pickled on the way in); what the
parent sends later, and the result, go through pipes, pickled, and so does an
exception (the child's traceback attached as a note, shown with `--debug`).
Where there is no `fork` (Windows), or the environment sets DRAFTING_NO_FORK,
the work runs in the parent: at once, seeing the memory a child would have
seen; or, work that waits for what the parent sends (`takes_input`), when its
result is asked for. Same results, one core.
"""
from __future__ import annotations

import os
import pickle
import signal
from typing import Any, Callable

# The pipe ends the parent holds for its live children. A child forked later
# closes them, else it would keep a sibling's input open (no end of file for
# that sibling while this child lives).
_PARENT_ENDS: set[int] = set()


class Background:
    """`work(inbox)` running in a child process from construction on; `inbox()`
    waits for what the parent `send`s (only work that `takes_input` calls it)."""

    def __init__(self, work: Callable[[Callable[[], Any]], Any], *, takes_input: bool = False):
        self._work = work
        self._pid: int | None = None
        self._sent: Any = None
        self._outbox: int | None = None
        self._done: tuple[bool, Any] | None = None     # without fork: the outcome of work run at once
        if not hasattr(os, "fork") or os.environ.get("DRAFTING_NO_FORK"):
            if not takes_input:
                try:
                    self._done = (True, work(lambda: None))
                except Exception as exc:       # raised when the result is asked for, as from a child
                    self._done = (False, exc)
        else:
            read, write = os.pipe()
            inbox_read, self._outbox = os.pipe()
            pid = os.fork()
            if pid == 0:
                for end in (read, self._outbox, *_PARENT_ENDS):
                    os.close(end)
                _run_child(work, inbox_read, write)
            os.close(write)
            os.close(inbox_read)
            self._pid, self._read = pid, read
            _PARENT_ENDS.update((read, self._outbox))

    def send(self, value: Any) -> None:
        """Give the child's `inbox()` its value (once)."""
        if self._pid is None:
            self._sent = value
            return
        try:
            with os.fdopen(self._outbox, "wb") as out:
                _PARENT_ENDS.discard(self._outbox)
                self._outbox = None
                out.write(pickle.dumps(value))
        except BrokenPipeError:     # the child ended without reading: its result says why
            pass

    def result(self) -> Any:
        """The work's result, waiting for the child; its exception is raised here."""
        if self._pid is None:
            if self._done is None:
                return self._work(lambda: self._sent)
            done, value = self._done
            if not done:
                raise value
            return value
        self._close_outbox()        # nothing more to send: an `inbox()` still waiting gets EOF
        _PARENT_ENDS.discard(self._read)
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
            _PARENT_ENDS.discard(self._read)
            os.close(self._read)
            self._close_outbox()
            self._pid = None

    def __del__(self):
        self.cancel()       # never leave a child behind, even one nobody asked for

    def _close_outbox(self) -> None:
        if self._outbox is not None:
            _PARENT_ENDS.discard(self._outbox)
            os.close(self._outbox)
            self._outbox = None


def _run_child(work: Callable[[Callable[[], Any]], Any], inbox: int, write: int) -> None:
    """In the child: run, send the outcome, and leave without running the
    parent's exit handlers or flushing its buffers (`os._exit`)."""
    import traceback

    def receive() -> Any:
        with os.fdopen(inbox, "rb") as source:
            return pickle.loads(source.read())

    try:
        try:
            payload = pickle.dumps((True, work(receive)))
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
