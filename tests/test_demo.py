"""`drafting demo`: the embedded example end to end, also from an installed wheel."""
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from comments.demo import run_demo
from drafting.cli import cli
from drafting.verify import libreoffice_change_count, verify

ROOT = Path(__file__).resolve().parent.parent


def test_demo_writes_every_output_and_they_verify(tmp_path, pandoc):
    result = run_demo(tmp_path / "out")
    paths = result.outputs.paths
    assert all(p.exists() for p in paths.values())
    report = verify(paths["tracked.docx"], original=result.draft, clean=paths["clean.docx"], require_pandoc=True)
    assert report.ok, report.problems


def test_libreoffice_lists_as_many_changes_as_the_demo_summary(tmp_path, soffice):
    result = run_demo(tmp_path / "out")
    summary = json.loads(result.outputs.paths["changes.json"].read_text(encoding="utf-8"))
    assert libreoffice_change_count(result.outputs.paths["tracked.docx"]) == summary["revisions"]


def test_demo_changes_cite_the_meeting_comments(tmp_path):
    result = run_demo(tmp_path / "out")
    changes = json.loads(result.outputs.paths["changes.json"].read_text(encoding="utf-8"))["changes"]
    cited = {cid for change in changes for cid in change["comments"]}
    accepted = {c.id for c in result.outputs.revision.feedback.comments if c.decision.allows_edits and c.edits}
    assert cited == accepted


def test_demo_prints_where_the_outputs_are_and_a_summary(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"đã ghi {out / 'du-thao-chi-thi.tracked.docx'}" in result.output
    assert "Tiếp thu:" in result.output and "Thay đổi theo mục:" in result.output


def test_demo_runs_from_an_installed_wheel_in_another_folder(tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(ROOT)],
                   check=True, capture_output=True)
    assert (site / "drafting" / "templates" / "directive" / "directive.docx").is_file()
    assert (site / "drafting" / "examples" / "thi-dua-khen-thuong" / "source.yaml").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import drafting; print(drafting.__file__)"], cwd=elsewhere,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site))
    run = subprocess.run([sys.executable, "-m", "drafting", "demo"], cwd=elsewhere, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (elsewhere / "demo-output" / "du-thao-chi-thi.responses.docx").exists()


def test_demo_second_round_carries_the_first_meetings_comments_onto_the_revised_draft(tmp_path, pandoc):
    result = run_demo(tmp_path / "out")
    second = result.round2
    assert second.carried.found["orphaned"] == 0 and sum(second.carried.found.values()) > 0
    comments = second.outputs.revision.feedback.comments
    assert {c.round for c in comments if c.anchor is not None} == {1}
    assert {c.id for c in comments if c.round == 2} == {"14", "15", "16", "17", "18", "19"}
    paths = second.outputs.paths
    report = verify(paths["tracked.docx"], original=second.draft, clean=paths["clean.docx"], require_pandoc=True)
    assert report.ok, report.problems


def test_demo_second_round_summary_lists_the_first_rounds_comments_its_changes_touch(tmp_path):
    result = run_demo(tmp_path / "out")
    changes = json.loads(result.round2.outputs.paths["changes.json"].read_text(encoding="utf-8"))["changes"]
    touched = {c["section"]: c.get("earlier_comments") for c in changes if c["comments"] == ["14"]}
    assert touched == {"II.3.b": ["6"]}
    first = json.loads(result.outputs.paths["changes.json"].read_text(encoding="utf-8"))["changes"]
    assert not any("earlier_comments" in c for c in first)
