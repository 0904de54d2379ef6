"""Performance targets of DESIGN.md §8, measured as ratios in one run.

    .venv/bin/python benchmarks/run.py [--quick] [--reps N] [--check] [--profile]

Every measure times WHOLE PROCESSES (start-up included), ours and its baseline
run alternately in the same run (after one warm-up each), median of the
repetitions. The targets are judged on CPU time (user + system, the process's
waited-for children included, from `os.wait4`), so that work moved to other
processes or cores gains nothing; compare against Docxodus on wall time, as
DESIGN.md §8 states; peak memory is each child's own `ru_maxrss`. The workload
(a ~300-page directive-like draft, 1,000 comments, 300 edits, a copy with 50
word edits, a 4× draft and a 10× feedback) is generated deterministically into
benchmarks/work/ (git-ignored) and reused while the generator is unchanged.

The compare baseline is python-redlines' Docxodus engine, run from its own venv
(benchmarks/work/redlines-venv, made by `--setup-redlines`, or $REDLINES_PYTHON).
Whatever is unavailable (the compare command, python-redlines, pandoc) is
skipped with a note. Exit code 0, unless --check and a target FAILS.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
REDLINES_VENV = WORK / "redlines-venv"
SEED = 20210205

FULL = {"paragraphs": 3000, "comments": 1000, "edits": 300, "word_edits": 50}
QUICK = {"paragraphs": 600, "comments": 200, "edits": 60, "word_edits": 50}
SCALE = 4               # the document, for the scaling rows
COMMENT_SCALE = 10      # the comments (same draft, same edits)


def _ensure_project_python() -> None:
    """Re-run under the project's venv when `drafting` is not importable here."""
    try:
        import drafting  # noqa: F401
        import docx  # noqa: F401
    except ImportError:
        venv_python = ROOT / ".venv" / "bin" / "python"
        if venv_python.exists() and Path(sys.executable).resolve() != venv_python.resolve():
            os.execv(str(venv_python), [str(venv_python), *sys.argv])
        raise SystemExit("run this with the project's venv: .venv/bin/python benchmarks/run.py")


# ---------------------------------------------------------------- processes

@dataclass
class Sample:
    wall: float
    maxrss_kb: int
    cpu: float = 0.0        # user + system seconds of the process


@dataclass
class Timing:
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def mem_mb(self) -> float:
        return statistics.median(s.maxrss_kb for s in self.samples) / 1024


class CommandFailed(RuntimeError):
    pass


# A tiny launcher between us and the measured process: the kernel starts a
# child's peak-RSS count from its parent's memory (vfork/exec keeps the parent's
# high-water mark), so measuring children of this big process directly would
# report our own size. The launcher is small (python -I -S, posix_spawn only);
# it times its child itself, so its own start-up is not counted either.
LAUNCHER = """\
import os, sys, time
fa = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0), (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
t = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ, file_actions=fa)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t
cpu = usage.ru_utime + usage.ru_stime
os.write(int(sys.argv[1]), b"%r %d %d %r" % (wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status), cpu))
"""


def run_once(cmd: list[str], before=None) -> Sample:
    """Run `cmd` as a fresh process; its wall time and its own peak RSS."""
    if before is not None:
        before()
    read_fd, write_fd = os.pipe()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", LAUNCHER, str(write_fd), *cmd],
                                stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL, pass_fds=(write_fd,))
        os.close(write_fd)
        with os.fdopen(read_fd, "rb") as report:
            data = report.read().split()
        proc.wait()
        if proc.returncode != 0 or len(data) != 4 or int(data[2]) != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-5:]
            code = data[2].decode() if len(data) == 4 else proc.returncode
            raise CommandFailed(f"exit {code}: {' '.join(map(str, cmd))}\n    " + "\n    ".join(tail))
    return Sample(float(data[0]), int(data[1]), float(data[3]))


def alternate(a: list[str], b: list[str], reps: int, before_a=None, before_b=None) -> tuple[Timing, Timing]:
    """One warm-up each, then `reps` rounds of a and b, the order flipping each round."""
    run_once(a, before_a)
    run_once(b, before_b)
    ta, tb = Timing(), Timing()
    for i in range(reps):
        if i % 2 == 0:
            ta.samples.append(run_once(a, before_a))
            tb.samples.append(run_once(b, before_b))
        else:
            tb.samples.append(run_once(b, before_b))
            ta.samples.append(run_once(a, before_a))
    return ta, tb


# ---------------------------------------------------------------- workload

@dataclass
class Workload:
    name: str
    draft: Path
    feedback: Path
    edited: Path
    info: dict


def _stamp(params: dict) -> str:
    h = hashlib.sha256((HERE / "workload.py").read_bytes())
    h.update(json.dumps(params, sort_keys=True).encode())
    return h.hexdigest()


def workload(name: str, params: dict, regen: bool, count_pages: bool) -> Workload:
    import workload as gen

    folder = WORK / name
    stamp_file = folder / "stamp.json"
    stamp = _stamp(params)
    w = Workload(name, folder / "draft.docx", folder / "feedback.yaml", folder / "draft-edited.docx", {})
    if not regen and stamp_file.exists():
        saved = json.loads(stamp_file.read_text())
        if saved.get("stamp") == stamp and all(p.exists() for p in (w.draft, w.feedback, w.edited)):
            w.info = saved["info"]
            if count_pages and "pages" not in w.info:
                w.info["pages"] = _pages(w.draft)
                stamp_file.write_text(json.dumps({"stamp": stamp, "info": w.info}, ensure_ascii=False))
            return w
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    t = time.perf_counter()
    info = gen.make_draft(w.draft, params["paragraphs"], SEED)
    info.update(gen.make_feedback(w.draft, w.feedback, params["comments"], params["edits"], SEED))
    info["word_edits"] = len(gen.make_edited_copy(w.draft, w.edited, params["word_edits"], SEED))
    info["bytes"] = w.draft.stat().st_size
    if count_pages:
        info["pages"] = _pages(w.draft)
    print(f"  generated {name} in {time.perf_counter() - t:.1f} s: {_describe(info)}", flush=True)
    w.info = info
    stamp_file.write_text(json.dumps({"stamp": stamp, "info": info}, ensure_ascii=False))
    return w


def _describe(info: dict) -> str:
    pages = f", {info['pages']} pages" if "pages" in info else ""
    return (f"{info['paragraphs']} paragraphs{pages}, {info['sections']} sections, {info['tables']} tables, "
            f"{info['bytes'] // 1024} KiB; {info['comments']} comments, {info['edits']} edits; "
            f"compare copy: {info['word_edits']} word edits")


def _pages(docx: Path) -> int | str:
    """Page count through LibreOffice (PDF export), or '?' when unavailable."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return "?"
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                           capture_output=True, timeout=600)
        pdf = Path(tmp) / (docx.stem + ".pdf")
        if r.returncode != 0 or not pdf.exists():
            return "?"
        import re
        return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


# ---------------------------------------------------------------- commands

def drafting_cmd() -> list[str]:
    script = Path(sys.executable).parent / "drafting"
    return [str(script)] if script.exists() else [sys.executable, "-m", "drafting"]


def docx_open_cmd(path: Path) -> list[str]:
    return [sys.executable, "-c", "import sys, docx; docx.Document(sys.argv[1])", str(path)]


def docx_save_cmd(path: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", "import sys, docx; docx.Document(sys.argv[1]).save(sys.argv[2])",
            str(path), str(out)]


REDLINES_SCRIPT = """\
import sys
from pathlib import Path
from python_redlines import DocxodusEngine
out, _, _ = DocxodusEngine().run_redline("bench", sys.argv[1], sys.argv[2])
Path(sys.argv[3]).write_bytes(out)
"""


def redlines_python() -> Path | None:
    env = os.environ.get("REDLINES_PYTHON")
    candidate = Path(env) if env else REDLINES_VENV / "bin" / "python"
    if not candidate.exists():
        return None
    r = subprocess.run([str(candidate), "-c", "from python_redlines import DocxodusEngine; DocxodusEngine()"],
                       capture_output=True, text=True)
    return candidate if r.returncode == 0 else None


def setup_redlines() -> None:
    print(f"creating {REDLINES_VENV} with python-redlines[all] …", flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(REDLINES_VENV)], check=True)
    subprocess.run([str(REDLINES_VENV / "bin" / "pip"), "install", "-q", "python-redlines[all]"], check=True)


def has_compare() -> bool:
    r = subprocess.run([*drafting_cmd(), "compare", "--help"], capture_output=True)
    return r.returncode == 0


def pandoc_plain(path: Path, track: str | None = None) -> str:
    cmd = ["pandoc", str(path), "-t", "plain", "--wrap=none"]
    if track:
        cmd.insert(1, f"--track-changes={track}")
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def first_difference(a: str, b: str) -> str:
    wa, wb = a.split(), b.split()
    for i, (x, y) in enumerate(zip(wa, wb)):
        if x != y:
            return f"word {i}: {' '.join(wa[max(0, i - 4):i + 5])!r} vs {' '.join(wb[max(0, i - 4):i + 5])!r}"
    if len(wa) != len(wb):
        return f"lengths differ: {len(wa)} vs {len(wb)} words"
    return "whitespace only"


# ---------------------------------------------------------------- the table

@dataclass
class Row:
    measure: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    ok: bool | None        # None: skipped / informational
    other_ratio: float | None = None   # the same ratio on the other clock (wall where CPU is judged, and back)

    @property
    def result(self) -> str:
        return "skip" if self.ok is None else ("PASS" if self.ok else "FAIL")


def print_table(rows: list[Row]) -> None:
    header = ("measure", "ours", "baseline", "ratio", "target", "result", "other ratio")
    cells = [header] + [(r.measure, r.ours, r.baseline, "—" if r.ratio is None else f"{r.ratio:.2f}",
                         r.target, r.result, "" if r.other_ratio is None else f"{r.other_ratio:.2f}") for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print()
    for n, c in enumerate(cells):
        print("  ".join(x.ljust(w) for x, w in zip(c, widths)).rstrip())
        if n == 0:
            print(line)


def secs(t: float) -> str:
    return f"{t * 1000:.0f} ms" if t < 1 else f"{t:.2f} s"


# ---------------------------------------------------------------- profiling

def profile(name: str, args: list[str], top: int = 25) -> None:
    """cProfile one whole `drafting` run; print the top functions by cumulative time."""
    import pstats

    out = WORK / "profiles" / f"{name}.prof"
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "drafting", *args]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    print(f"\n=== profile of {name}: {out.relative_to(ROOT)} (top {top} by cumulative time) ===")
    stats = pstats.Stats(str(out))
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(12)


# ---------------------------------------------------------------- main

def _byte_compile_project() -> None:
    """Compile the project's modules as `pip install` does for an installed
    package: with PYTHONDONTWRITEBYTECODE set (as on this machine), an editable
    checkout would otherwise be compiled from source in every measured process,
    which no installed copy ever is. python-docx, the baseline, is compiled."""
    import compileall

    for package in ("drafting", "comments"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
    print("project byte-compiled, as an installed package is", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a smaller workload (600 paragraphs) for a fast check")
    ap.add_argument("--reps", type=int, default=None, help="timed repetitions per measure (default 5, quick 3)")
    ap.add_argument("--check", action="store_true", help="exit 1 when any target FAILS")
    ap.add_argument("--profile", action="store_true", help="cProfile the command of every FAILED target")
    ap.add_argument("--regen", action="store_true", help="regenerate the workload even if cached")
    ap.add_argument("--count-pages", action="store_true", help="count the draft's pages with LibreOffice")
    ap.add_argument("--setup-redlines", action="store_true",
                    help=f"pip install python-redlines[all] into {REDLINES_VENV.relative_to(ROOT)} first")
    ap.add_argument("--no-compare", action="store_true", help="skip the compare measures")
    ap.add_argument("--no-workspace", action="store_true", help="skip the workspace load measure")
    args = ap.parse_args(argv)
    _ensure_project_python()
    sys.path.insert(0, str(HERE))

    reps = args.reps or (3 if args.quick else 5)
    params = QUICK if args.quick else FULL
    big = {**params, **{k: params[k] * SCALE for k in ("paragraphs", "comments", "edits")}}
    many = {**params, "comments": params["comments"] * COMMENT_SCALE}
    prefix = "quick" if args.quick else "full"
    WORK.mkdir(exist_ok=True)
    if args.setup_redlines:
        setup_redlines()

    print(f"workload ({prefix}, seed {SEED}):", flush=True)
    one = workload(f"{prefix}-1x", params, args.regen, args.count_pages)
    four = workload(f"{prefix}-{SCALE}x", big, args.regen, args.count_pages)
    chatty = workload(f"{prefix}-{COMMENT_SCALE}x-comments", many, args.regen, False)
    for w in (one, four, chatty):
        print(f"  {w.name}: {_describe(w.info)}")
    print(f"python {sys.version.split()[0]}, {reps} reps, medians of whole processes, ratios of CPU time "
          "(compare: wall)", flush=True)
    load = os.getloadavg()[0]
    if load > 0.5:
        print(f"warning: load average {load:.2f} before the run — other processes share the CPUs; "
              "the CPU-time ratios the targets are judged on hold steadier than wall time", flush=True)

    _byte_compile_project()
    drafting = drafting_cmd()
    scratch = Path(tempfile.mkdtemp(prefix="drafting-bench-"))
    rows: list[Row] = []
    failed: dict[str, list[str]] = {}    # measure → drafting args to profile
    notes: list[str] = []

    def fresh(folder: Path):
        return lambda: shutil.rmtree(folder, ignore_errors=True)

    def outline_args(w):
        return ["outline", str(w.draft)]

    def revise_args(w):
        return ["revise", str(w.draft), str(w.feedback), "--out", str(scratch / f"revise-{w.name}")]

    t: dict[str, Timing] = {}            # timings kept for the rows that combine them

    def step(name: str, measure) -> None:
        """Run one measure; a failing command costs its row, not the whole run."""
        try:
            measure()
        except CommandFailed as exc:
            notes.append(f"{name}: a command failed — {exc}")
            rows.append(Row(name, "ERROR", "", None, "", False))

    def outline_vs_open():      # (a) outline vs a process that imports python-docx and opens the draft
        print("measuring outline …", flush=True)
        t["outline1"], t["open1"] = alternate([*drafting, *outline_args(one)], docx_open_cmd(one.draft), reps)
        ours, base = t["outline1"], t["open1"]
        ratio = ours.cpu / base.cpu
        rows.append(Row("outline (1x)", secs(ours.cpu), f"{secs(base.cpu)} docx open", ratio, "≤ 1.50",
                        ratio <= 1.5, ours.wall / base.wall))
        if ratio > 1.5:
            failed["outline"] = outline_args(one)

    def revise_vs_save():       # (b) revise vs python-docx open + save
        print("measuring revise …", flush=True)
        t["revise1"], save = alternate([*drafting, *revise_args(one)],
                                       docx_save_cmd(one.draft, scratch / "saved.docx"),
                                       reps, before_a=fresh(scratch / f"revise-{one.name}"))
        ours = t["revise1"]
        ratio = ours.cpu / save.cpu
        rows.append(Row("revise, 5 outputs (1x)", secs(ours.cpu), f"{secs(save.cpu)} docx open+save", ratio,
                        "≤ 3.00", ratio <= 3, ours.wall / save.wall))
        if ratio > 3:
            failed["revise"] = revise_args(one)
        changes = json.loads((scratch / f"revise-{one.name}" / "draft.changes.json").read_text("utf-8"))
        notes.append(f"revise (1x) recorded {len(changes.get('changes', changes))} changes "
                     f"for {one.info['edits']} edits")

    def scaling(command: str, args_of, large: Workload, factor: str, target: float) -> None:   # (c) alternately
        print(f"measuring {command} scaling ({factor}) …", flush=True)
        big, small = alternate([*drafting, *args_of(large)], [*drafting, *args_of(one)], reps,
                               before_a=fresh(scratch / f"revise-{large.name}"),
                               before_b=fresh(scratch / f"revise-{one.name}"))
        t[f"{command}-{large.name}"] = big
        ratio = big.cpu / small.cpu
        rows.append(Row(f"scaling: {command} {factor} / 1x", secs(big.cpu), secs(small.cpu), ratio,
                        f"≤ {target:.2f}", ratio <= target, big.wall / small.wall))
        if ratio > target:
            failed[f"{command}-{large.name}"] = args_of(large)

    def memory() -> None:       # (d) peak RSS of revise vs python-docx open, both 1x, fresh processes
        if "revise1" not in t or "open1" not in t:
            notes.append("peak memory: skipped — its revise or open measure failed")
            return
        ours, base = t["revise1"].mem_mb, t["open1"].mem_mb
        rows.append(Row("peak memory: revise (1x)", f"{ours:.0f} MB", f"{base:.0f} MB docx open",
                        ours / base, "≤ 3.00", ours / base <= 3))
        if ours / base > 3:
            failed.setdefault("revise", revise_args(one))
        if f"revise-{four.name}" in t:
            big = t[f"revise-{four.name}"].mem_mb
            rows.append(Row(f"  (info) revise {SCALE}x memory", f"{big:.0f} MB", f"{base:.0f} MB docx open 1x",
                            big / base, "—", None))

    def compare() -> None:      # (e) compare vs python-redlines' Docxodus engine, and exactness
        red_py = redlines_python()
        base_out = scratch / "redline-docxodus.docx"
        base_cmd = None if red_py is None else [str(red_py), "-c", REDLINES_SCRIPT, str(one.draft),
                                                str(one.edited), str(base_out)]
        if red_py is None:
            notes.append("compare baseline: skipped — python-redlines not installed "
                         "(run with --setup-redlines, or set REDLINES_PYTHON)")
        if not has_compare():
            notes.append("compare: skipped — `drafting compare` is not available yet")
            baseline = "n/a"
            if base_cmd is not None:
                print("measuring the compare baseline alone …", flush=True)
                run_once(base_cmd)
                base = Timing([run_once(base_cmd) for _ in range(reps)])
                baseline = f"{secs(base.wall)} Docxodus (cpu {secs(base.cpu)})"
            rows.append(Row("compare (1x, 50 word edits)", "n/a", baseline, None, "≥ 10× faster", None))
        else:
            print("measuring compare …", flush=True)
            ours_out = scratch / "redline-ours.docx"
            ours_cmd = [*drafting, "compare", str(one.draft), str(one.edited), "-o", str(ours_out)]
            if base_cmd is None:
                ours = Timing([run_once(ours_cmd) for _ in range(reps)])
                rows.append(Row("compare (1x, 50 word edits)", secs(ours.wall), "n/a", None, "≥ 10× faster", None))
            else:
                ours, base = alternate(ours_cmd, base_cmd, reps)
                speedup = base.wall / ours.wall
                rows.append(Row("compare (1x): Docxodus ÷ ours", secs(ours.wall), f"{secs(base.wall)} Docxodus",
                                speedup, "≥ 10 (× faster)", speedup >= 10, base.cpu / ours.cpu))
                if speedup < 10:
                    failed["compare"] = ["compare", str(one.draft), str(one.edited), "-o",
                                         str(scratch / "redline-prof.docx")]
        if not shutil.which("pandoc"):
            notes.append("compare accept/reject check: skipped — pandoc not installed")
            return
        old_text, new_text = pandoc_plain(one.draft), pandoc_plain(one.edited)
        for label, out in (("ours", scratch / "redline-ours.docx"), ("Docxodus", base_out)):
            if not out.exists():
                continue
            acc, rej = pandoc_plain(out, "accept"), pandoc_plain(out, "reject")
            ok = acc == new_text and rej == old_text
            if label == "ours":
                rows.append(Row("compare accept=NEW, reject=OLD", "exact" if ok else "DIFFERS",
                                "pandoc", None, "exact", ok))
            else:
                notes.append(f"Docxodus redline, accept = NEW and reject = OLD under pandoc: "
                             f"{'exact' if ok else 'no'}")
            if acc != new_text:
                notes.append(f"compare ({label}) accept ≠ NEW: {first_difference(acc, new_text)}")
            if rej != old_text:
                notes.append(f"compare ({label}) reject ≠ OLD: {first_difference(rej, old_text)}")

    def workspace() -> None:    # (f) the workspace: save + section preview, 20 clients on loopback
        print("measuring the workspace (20 clients, 30 s) …", flush=True)
        from workspace import TARGET_P95, measure

        report = measure(one.draft, one.feedback, clients=20, seconds=10.0 if args.quick else 30.0)
        ok = report.p95 <= TARGET_P95 and not report.lost_updates and not report.errors
        rows.append(Row("workspace save + preview p95, 20 clients", f"{report.p95 * 1000:.0f} ms",
                        f"{report.saves} saves, {report.conflicts} × 409, {report.lost_updates} lost", None,
                        f"≤ {TARGET_P95 * 1000:.0f} ms", ok))
        notes.append(f"workspace: {report.summary()}")

    try:
        step("outline (1x)", outline_vs_open)
        step("revise, 5 outputs (1x)", revise_vs_save)
        step(f"scaling: outline {SCALE}x", lambda: scaling("outline", outline_args, four, f"{SCALE}x document", 4.5))
        step(f"scaling: revise {SCALE}x", lambda: scaling("revise", revise_args, four, f"{SCALE}x document", 4.5))
        step(f"scaling: revise {COMMENT_SCALE}x comments",
             lambda: scaling("revise", revise_args, chatty, f"{COMMENT_SCALE}x comments", 12))
        memory()
        if args.no_compare:
            notes.append("compare: skipped (--no-compare)")
        else:
            step("compare (1x)", compare)
        if args.no_workspace:
            notes.append("workspace: skipped (--no-workspace)")
        else:
            workspace()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print_table(rows)
    for note in notes:
        print(f"note: {note}")
    if args.profile:
        for name, dargs in failed.items():
            scratch.mkdir(exist_ok=True)
            profile(name, dargs)
            shutil.rmtree(scratch, ignore_errors=True)
    elif failed:
        print(f"(run with --profile to cProfile the failing commands: {', '.join(failed)})")
    any_fail = any(r.ok is False for r in rows)
    return 1 if (args.check and any_fail) else 0


if __name__ == "__main__":
    sys.exit(main())
