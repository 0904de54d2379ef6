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
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_P95 = 0.150
USER, PASSWORD = "bench", "benchmark-password"


def measure(draft: Path, feedback: Path, *, clients: int = 20, seconds: float = 30.0, db: str | None = None):
    """A `LoadReport` of `clients` deciding comments of `draft` for `seconds`."""
    import httpx

    from drafting.workspace.loadtest import run_load

    with tempfile.TemporaryDirectory(prefix="drafting-bench-") as data:
        where = ["--data", data] + (["--db", db] if db else [])
        subprocess.run([sys.executable, "-m", "drafting", "users", "add", USER, "--role", "editor", *where],
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)
        server = subprocess.Popen([sys.executable, "-m", "drafting", "serve", "--port", "0", *where],
                                  stdout=subprocess.PIPE, text=True)
        try:
            line = ""
            while "http://" not in line:
                line = server.stdout.readline()
                if not line:
                    raise RuntimeError("drafting serve did not start")
            url = "http://" + line.split("http://", 1)[1].split("/", 1)[0]
            with httpx.Client(base_url=url, timeout=600) as client:
                csrf = client.post("/api/login", json={"name": USER, "password": PASSWORD}).json()["csrf"]
                client.headers["X-CSRF-Token"] = csrf
                made = client.post("/api/dossiers", files={"file": (draft.name, draft.read_bytes())})
                made.raise_for_status()
                dossier = made.json()["id"]
                client.post(f"/api/dossiers/{dossier}/imports",
                            files=[("files", (feedback.name, feedback.read_bytes()))]).raise_for_status()
            return run_load(url, dossier, USER, PASSWORD, clients=clients, seconds=seconds)
        finally:
            server.terminate()
            server.wait(30)


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
