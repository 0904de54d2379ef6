"""Render time of the workspace's pages for the benchmark dossier (DESIGN.md §9: ≤ 300 ms).

    .venv/bin/python benchmarks/workspace_pages.py [--quick] [--repeats N]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the 600-paragraph workload")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import run

    from drafting.workspace.pagetiming import page_times, served_dossier

    params = run.QUICK if args.quick else run.FULL
    work = run.workload(("quick" if args.quick else "full") + "-1x", params, False, False)
    with served_dossier(work.draft, work.feedback) as (url, dossier):
        times = page_times(url, dossier, args.repeats)
    print(f"workspace pages ({work.draft.name}, {params['comments']} comments):")
    print(times.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
