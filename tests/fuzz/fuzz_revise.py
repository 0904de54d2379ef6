"""Coverage-guided fuzzing of `drafting outline` and `drafting revise` with atheris.

The same contract as tests/test_fuzz.py, for runs of hours instead of seconds:
whatever the input, the CLI exits 0 with outputs whose revision structure
`verify` accepts (no problem the draft did not already have), or exits 2 with
`error:` lines; never exit 1, never a traceback. A violation raises, and atheris
saves the input as crash-<hash> in the working folder.

The first byte of an input picks the target, the rest is its data:
  0 (even): the rest is word/document.xml of the seed draft; outline + revise
  1 (odd):  the rest is a feedback YAML file; revise of the seed draft
See README.md in this folder for how to run it. pytest does not collect it (the
name does not match test_*.py).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))

with atheris.instrument_imports(include=["drafting", "comments"]):
    from click.testing import CliRunner

    # The commands import these lazily; import them here so that they are instrumented.
    import comments.intake, comments.table, comments.workflow  # noqa: E401, F401
    import drafting.outline, drafting.reader, drafting.revise, drafting.verify  # noqa: E401, F401
    from drafting.cli import cli

import test_fuzz as contract  # noqa: E402  (seed draft, feedback, invariant checks)

WORK = Path(tempfile.mkdtemp(prefix="fuzz-revise-"))


def run(args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_input(data: bytes) -> None:
    if not data:
        return
    folder = Path(tempfile.mkdtemp(dir=WORK))
    try:
        draft = folder / "draft.docx"
        if data[0] % 2 == 0:
            draft.write_bytes(contract.repackage(data[1:]))
            contract.assert_clean_exit(run(["outline", draft]))
            feedback = contract.write_feedback(folder, contract.FEEDBACK_FOR_DOCUMENTS[data[0] // 2 % 5])
        else:
            draft.write_bytes(contract.SEED)
            feedback = folder / "feedback.yaml"
            feedback.write_bytes(data[1:])
        contract.check_revise(folder, draft, feedback)
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def write_seeds(corpus: Path) -> None:
    """Seed inputs: the seed document.xml, and the feedback the tests use."""
    import yaml

    corpus.mkdir(parents=True, exist_ok=True)
    for i in range(5):
        (corpus / f"document-{i}").write_bytes(bytes([2 * i]) + contract.SEED_XML)
    for i, listed in enumerate(contract.FEEDBACK_FOR_DOCUMENTS):
        text = yaml.safe_dump({"date": "2021-02-05", "comments": listed}, allow_unicode=True)
        (corpus / f"feedback-{i}").write_bytes(b"\x01" + text.encode("utf-8"))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--seeds":
        write_seeds(Path(sys.argv[2]))
        return
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
