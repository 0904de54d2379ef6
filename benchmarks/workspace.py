"""The workspace target of DESIGN.md §8: save a decision and get the section's
redline preview, 20 concurrent clients over loopback, p95 ≤ 150 ms.

    .venv/bin/python benchmarks/workspace.py [--quick] [--clients 20] [--seconds 30]

A real `drafting serve` process (SQLite in a temporary folder, or `--db URL`)
gets the benchmark draft and its feedback through the API; then
`drafting.workspace.loadtest.run_load` drives it. `benchmarks/run.py` can call
`measure(draft, feedback)` on its own workload.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_P95 = 0.150


def measure(draft: Path, feedback: Path, *, clients: int = 20, seconds: float = 30.0, db: str | None = None):
    """A `LoadReport` of `clients` deciding comments of `draft` for `seconds`."""
    from drafting.workspace.loadtest import run_load
    from drafting.workspace.pagetiming import PASSWORD, USER, served_dossier

    with served_dossier(draft, feedback, db) as (url, dossier):
        return run_load(url, dossier, USER, PASSWORD, clients=clients, seconds=seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the 600-paragraph workload")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--db", default=None, help="a postgresql:// URL instead of SQLite")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import run

    params = run.QUICK if args.quick else run.FULL
    work = run.workload(("quick" if args.quick else "full") + "-1x", params, False, False)
    report = measure(work.draft, work.feedback, clients=args.clients, seconds=args.seconds, db=args.db)
    verdict = "ok" if report.p95 <= TARGET_P95 and not report.lost_updates else "FAILS"
    print(f"workspace save + preview: {report.summary()}; target p95 ≤ {TARGET_P95 * 1000:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
