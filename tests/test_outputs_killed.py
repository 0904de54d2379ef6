"""Outputs as one set when a real `drafting revise` process is stopped: SIGTERM
or kill -9 at every step of writing, and two runs into one folder at once.

The child is the real console command; the test only slows it down where it
writes: a wrapper (test code, run as the child's `-c` program) reports each
file-system call on the output folder (mkdir, fsync, rename, replace, link)
on stdout before making it, and the test kills the child after the n-th
report, for every n. The library has no test hook. After each kill the folder
must hold the earlier run's whole set or this run's whole set: at once after
SIGTERM, and after kill -9 once the folder is settled (`recover_outputs`, what
the next run does first); and never a hidden file of ours afterwards.
"""
from __future__ import annotations

import io
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from comments.workflow import SUFFIXES
from drafting.outputs import recover_outputs
from support.docs import make_docx

ROOT = Path(__file__).resolve().parents[1]

# The child: the console command, each file-system call on the --out folder announced first.
CALLS = ("mkdir", "fsync", "rename", "replace", "link")
WRAPPER = r"""
import os, sys, time
CALLS = %r
out = os.path.realpath(sys.argv.pop(1))
def announce(name, real):
    def call(*args, **kwargs):
        target = args[0]
        if isinstance(target, int):
            target = os.readlink(f"/proc/self/fd/{target}")
        if os.path.realpath(os.fspath(target)).startswith(out):
            sys.stdout.write(f"{name}\n"); sys.stdout.flush()
            time.sleep(0.01)
        return real(*args, **kwargs)
    return call
for name in CALLS:
    setattr(os, name, announce(name, getattr(os, name)))
sys.argv[0] = "drafting"
from drafting.cli import main
main()
""" % (CALLS,)
PARAGRAPHS = ["CHỈ THỊ", "I. MỤC TIÊU, YÊU CẦU", "1. Các đơn vị báo cáo kết quả hằng năm.", "Nơi nhận:"]


def feedback_file(path: Path, word: str) -> Path:
    comment = {"id": 1, "by": "Võ Văn Dũng", "section": "I.1", "text": f"Báo cáo {word}.", "decision": "accepted",
               "response": "Tiếp thu.", "edits": [{"replace": "hằng năm", "with": word}]}
    path.write_text(yaml.safe_dump({"date": "2021-02-05", "comments": [comment]}, allow_unicode=True),
                    encoding="utf-8")
    return path


@pytest.fixture
def job(tmp_path):
    """A draft, two feedback files ("QUARTERLY", "MONTHLY") and an out folder holding the first one's set."""
    draft = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    old, new = feedback_file(tmp_path / "old.yaml", "QUARTERLY"), feedback_file(tmp_path / "new.yaml", "MONTHLY")
    out = tmp_path / "out"
    assert run(draft, old, out).returncode == 0
    return draft, new, out, {draft: draft.read_bytes(), new: new.read_bytes()}


def command(draft: Path, feedback: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", WRAPPER, str(out), "revise", str(draft), str(feedback), "--out", str(out)]


def run(draft: Path, feedback: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command(draft, feedback, out), capture_output=True, text=True, cwd=ROOT)


def text_of(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix != ".docx":
        return data.decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))


def which_set(out: Path, draft: Path) -> str:
    """"old" or "new": the run every output of the folder comes from (all the same one)."""
    runs = set()
    for suffix in SUFFIXES:
        text = text_of(out / f"{draft.stem}.{suffix}")
        runs.add({(True, False): "old", (False, True): "new"}.get(("QUARTERLY" in text, "MONTHLY" in text), "?"))
    assert len(runs) == 1 and runs != {"?"}, f"a mixed or broken set: {runs}"
    return runs.pop()


def steps(draft, feedback, out) -> int:
    """How many announced file-system calls a whole run makes."""
    result = run(draft, feedback, out)
    assert result.returncode == 0, result.stderr
    return sum(1 for line in result.stdout.splitlines() if line in CALLS)


def stop_after(draft, feedback, out, n: int, sig: int) -> subprocess.CompletedProcess:
    """Start a run and send `sig` once it has announced its n-th file-system call."""
    child = subprocess.Popen(command(draft, feedback, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, cwd=ROOT)
    seen = 0
    while seen < n and (line := child.stdout.readline()):
        seen += line.rstrip("\n") in CALLS
    child.send_signal(sig)
    rest, err = child.communicate(timeout=60)
    return subprocess.CompletedProcess(child.args, child.returncode, rest, err)


def hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def test_every_step_of_a_run_is_announced(job):
    draft, new, out, _ = job
    assert steps(draft, new, out) >= 2 * len(SUFFIXES) + 3   # a file each, the commit, the renames


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_run_stopped_at_any_step_leaves_one_whole_set(job, sig, tmp_path):
    draft, new, out, originals = job
    total = steps(draft, new, out)
    assert run(draft, feedback_file(tmp_path / "again.yaml", "QUARTERLY"), out).returncode == 0
    old_set = {p.name: p.read_bytes() for p in out.iterdir()}
    outcomes = []
    for n in range(1, total + 1):
        for name, data in old_set.items():           # back to the old set for each try
            (out / name).write_bytes(data)
        child = stop_after(draft, new, out, n, sig)
        if sig == signal.SIGTERM:
            assert child.returncode in (0, 143), child.stderr
            assert "Traceback" not in child.stderr
            assert hidden(out) == [], f"step {n}"
            assert which_set(out, draft) in ("old", "new")
        recover_outputs(out)
        assert hidden(out) == [], f"step {n}"
        outcomes.append(which_set(out, draft))
        for path, data in originals.items():
            assert path.read_bytes() == data
    # Stopped before the commit the old set stays; stopped after it the new one is whole.
    assert outcomes[0] == "old" and outcomes[-1] == "new"
    assert outcomes == sorted(outcomes, key=["old", "new"].index), outcomes


def test_a_terminated_run_says_so_in_one_line_and_exits_143(job):
    draft, new, out, _ = job
    child = stop_after(draft, new, out, 2, signal.SIGTERM)
    assert child.returncode == 143
    assert child.stderr.strip().splitlines() == ["terminated; no output was left half-written"]


def test_two_runs_into_one_folder_at_once_leave_one_whole_set(job, tmp_path):
    draft, new, out, _ = job
    other = feedback_file(tmp_path / "other.yaml", "QUARTERLY")
    for _ in range(3):
        children = [subprocess.Popen(command(draft, fb, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, cwd=ROOT) for fb in (new, other)]
        for child in children:
            _, err = child.communicate(timeout=120)
            assert child.returncode == 0, err
        assert hidden(out) == []
        which_set(out, draft)


def test_stale_files_of_an_earlier_writer_are_cleaned_and_a_lost_output_put_back(job):
    draft, new, out, _ = job
    tracked = out / f"{draft.stem}.tracked.docx"
    kept = tracked.read_bytes()
    tracked.rename(out / f".{tracked.name}.0123456789abcdef.old")
    (out / f".{draft.stem}.clean.docx.fedcba9876543210.tmp").write_bytes(b"half")
    (out / ".drafting-00aa00aa00aa00aa.new").mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    recover_outputs(out)
    assert hidden(out) == []
    assert tracked.read_bytes() == kept
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
