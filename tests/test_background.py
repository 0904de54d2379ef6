"""Work done in a forked child (`drafting.background`): same results, same errors."""
from __future__ import annotations

import os

import pytest

from drafting.background import Background
from drafting.errors import InputError, Problem


def test_the_result_comes_back_from_the_child():
    parent = os.getpid()
    assert Background(lambda _: (os.getpid() != parent, "kết quả")).result() == (hasattr(os, "fork"), "kết quả")


def test_the_child_receives_what_the_parent_sends_later():
    task = Background(lambda inbox: ["nhận", *inbox()], takes_input=True)
    task.send(["một", "hai"] * 50_000)      # more than a pipe holds at once
    assert task.result() == ["nhận", *["một", "hai"] * 50_000]


def test_a_child_waiting_for_what_never_comes_gets_an_error_not_a_hang():
    with pytest.raises(EOFError):
        Background(lambda inbox: inbox(), takes_input=True).result()


def test_sending_to_a_child_that_failed_reports_the_childs_error():
    task = Background(lambda inbox: 1 / 0, takes_input=True)
    task.send(["x"] * 100_000)
    with pytest.raises(ZeroDivisionError):
        task.result()


def test_an_input_error_comes_back_with_each_of_its_problems():
    def fails(_):
        raise InputError(Problem("section II.9 is not in the draft", file="f.yaml", comment="3"), "second")

    with pytest.raises(InputError) as caught:
        Background(fails).result()
    assert [str(p) for p in caught.value.problems] == ["f.yaml: comment 3: section II.9 is not in the draft",
                                                       "second"]


def test_an_internal_fault_comes_back_as_itself():
    with pytest.raises(ZeroDivisionError):
        Background(lambda _: 1 / 0).result()


def test_without_fork_work_that_takes_input_runs_when_asked(monkeypatch):
    monkeypatch.setenv("DRAFTING_NO_FORK", "1")
    parent = os.getpid()
    task = Background(lambda inbox: (os.getpid(), inbox()), takes_input=True)
    task.send("sau")
    assert task.result() == (parent, "sau")


def test_without_fork_other_work_sees_memory_as_a_child_would(monkeypatch):
    monkeypatch.setenv("DRAFTING_NO_FORK", "1")
    state = ["lúc tạo"]
    task = Background(lambda _: list(state))
    state[0] = "sau đó"
    assert task.result() == ["lúc tạo"]


def test_with_fork_the_child_sees_memory_as_it_was_at_the_fork():
    state = ["lúc tạo"]
    task = Background(lambda _: list(state))
    state[0] = "sau đó"
    assert task.result() == ["lúc tạo"]


def test_a_cancelled_child_leaves_no_process_behind():
    task = Background(lambda _: __import__("time").sleep(30))
    task.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_revise_writes_the_same_outputs_with_and_without_a_child(tmp_path, monkeypatch):
    from pathlib import Path

    from comments.workflow import revise_files

    example = Path(__file__).resolve().parent.parent / "examples" / "thi-dua-khen-thuong"
    args = (example / "du-thao-chi-thi.docx", [example / "feedback.yaml"])
    forked = revise_files(*args, tmp_path / "forked", date="2021-02-03")
    monkeypatch.setenv("DRAFTING_NO_FORK", "1")
    alone = revise_files(*args, tmp_path / "alone", date="2021-02-03")
    for suffix, path in forked.paths.items():
        assert path.read_bytes() == alone.paths[suffix].read_bytes(), suffix
