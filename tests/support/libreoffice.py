"""LibreOffice as an independent reader of tracked changes, through UNO.

The UNO scripts run with the system Python that has Debian's python3-uno; a
test that uses them asks for the `soffice` fixture and `uno_python()`, which
skips locally and fails under CI=true when either is missing.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
UNLOADABLE = "(LibreOffice could not load this file)"      # how lo_review.py reads a file it cannot open
SYSTEM_PYTHON = "/usr/bin/python3"


def uno_python() -> str:
    ok = Path(SYSTEM_PYTHON).exists() and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail("python3-uno is required under CI=true but /usr/bin/python3 cannot import uno")
        pytest.skip("python3-uno not installed")
    return SYSTEM_PYTHON


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))


def _visible(line: str) -> str:
    """The line without zero-width characters, which LibreOffice puts in some
    empty paragraphs (e.g. one holding only a bookmark) and nobody can see."""
    return line.translate(_ZERO_WIDTH)


def review(mode: str, paths: list[Path], tmp: Path) -> tuple[list[list[str]], list[int]]:
    """Each document's paragraphs after LibreOffice accepts ("accept") or rejects
    ("reject") every change, or as it stands ("none"); and the number of tracked
    changes LibreOffice counted in each."""
    out = tmp / f"lo-{mode}.txt"
    run = subprocess.run([uno_python(), str(HERE / "lo_review.py"), mode, str(out), *map(str, paths)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    texts = [[line for line in map(_visible, doc.split("\n")) if line.strip()]
             for doc in out.read_text(encoding="utf-8").split("\f")[:-1]]
    return texts, [int(n) for n in run.stdout.split()]


def review_stories(mode: str, paths: list[Path], tmp: Path) -> list[list[str]]:
    """Each document's header and footer texts ("header: …", "footer: …")
    after LibreOffice accepts ("accept") or rejects ("reject") every change."""
    import json

    out = tmp / f"lo-stories-{mode}.json"
    run = subprocess.run([uno_python(), str(HERE / "lo_stories.py"), mode, str(out), *map(str, paths)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(out.read_text(encoding="utf-8"))
