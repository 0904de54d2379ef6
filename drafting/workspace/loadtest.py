"""A bounded load test of a running workspace over HTTP: concurrent clients
deciding comments (save, then the section's preview), checked for lost updates.

Each client signs in, then until the deadline picks one of a few comments (so
that clients collide), reads it, saves a response naming itself (and, every
few saves, a changed decision), and asks for the section's redline. Afterwards every comment's version must equal its
starting version plus the saves the server accepted, and its response must be
the one of the save that got the highest version: no update lost, every stale
save answered 409. Used by the tests (a few seconds) and by `benchmarks/workspace.py`.
"""
from __future__ import annotations

import contextlib
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Iterator


@dataclass
class LoadReport:
    clients: int
    seconds: float
    saves: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    lost_updates: int = 0
    latencies: list[float] = field(default_factory=list)     # save + preview, seconds

    @property
    def p95(self) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=20)[-1]

    def summary(self) -> str:
        errors = f" (first: {self.errors[0]})" if self.errors else ""
        return (f"{self.clients} clients, {self.seconds:.0f} s: {self.saves} saves, {self.conflicts} conflicts (409), "
                f"{self.lost_updates} lost updates, {len(self.errors)} errors{errors}; "
                f"save + preview p95 {self.p95 * 1000:.0f} ms, median "
                f"{statistics.median(self.latencies) * 1000 if self.latencies else 0:.0f} ms")


# A decision's counterpart, keeping whether the comment may carry edits.
OTHER_DECISION = {"accepted": "partly-accepted", "partly-accepted": "accepted", "noted": "not-accepted",
                  "not-accepted": "noted"}


def run_load(base_url: str, dossier_id: int, name: str, password: str, *, clients: int = 20,
             seconds: float = 5.0, hot_comments: int = 5, decide_every: int = 3, seed: int = 1) -> LoadReport:
    """Every save writes a response; every `decide_every`-th also changes the decision."""
    import httpx

    report = LoadReport(clients, seconds)
    lock = threading.Lock()

    @contextlib.contextmanager
    def session() -> Iterator[httpx.Client]:
        with httpx.Client(base_url=base_url, timeout=120) as client:
            answer = client.post("/api/login", json={"name": name, "password": password})
            answer.raise_for_status()
            client.headers["X-CSRF-Token"] = answer.json()["csrf"]
            yield client

    with session() as first:
        comments = [c for c in first.get(f"/api/dossiers/{dossier_id}/comments").json() if c.get("section")]
    hot = random.Random(seed).sample(comments, min(hot_comments, len(comments)))
    start_version = {c["key"]: c["version"] for c in hot}
    accepted: dict[int, list[tuple[int, str]]] = {c["key"]: [] for c in hot}   # (new version, response)
    ready = threading.Barrier(clients + 1)     # the clock starts when all have signed in
    deadline = 0.0

    def work(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        with session() as client:
            ready.wait()
            ready.wait()
            step = 0
            while time.monotonic() < deadline:
                comment = rng.choice(hot)
                url = f"/api/dossiers/{dossier_id}/comments/{comment['key']}"
                current = client.get(url).json()
                step += 1
                response = f"Client {k}, lần {step}."
                change = {"version": current["version"], "response": response}
                if step % decide_every == 0:
                    change["decision"] = OTHER_DECISION.get(current["decision"]) or (
                        "accepted" if current["edits"] else "noted")
                began = time.perf_counter()
                saved = client.put(url, json=change)
                preview = client.get(f"/api/dossiers/{dossier_id}/sections/{comment['section']}/preview")
                spent = time.perf_counter() - began
                with lock:
                    report.latencies.append(spent)
                    if saved.status_code == 200:
                        report.saves += 1
                        accepted[comment["key"]].append((saved.json()["version"], response))
                    elif saved.status_code == 409:
                        report.conflicts += 1
                        if saved.json()["current"]["version"] <= current["version"]:
                            report.errors.append(f"409 without a newer version on {url}")
                    else:
                        report.errors.append(f"save {saved.status_code}: {saved.text[:200]}")
                    if preview.status_code != 200:
                        report.errors.append(f"preview {preview.status_code}: {preview.text[:200]}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    ready.wait()
    deadline = time.monotonic() + seconds
    ready.wait()
    for t in threads:
        t.join()
    with session() as last:
        for key, saves in accepted.items():
            final = last.get(f"/api/dossiers/{dossier_id}/comments/{key}").json()
            versions = sorted(v for v, _ in saves)
            expected_versions = list(range(start_version[key] + 1, start_version[key] + 1 + len(saves)))
            if final["version"] != start_version[key] + len(saves) or versions != expected_versions:
                report.lost_updates += 1
            elif saves and final.get("response") != max(saves)[1]:
                report.lost_updates += 1
    return report
