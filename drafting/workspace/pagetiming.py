"""How long the workspace's pages take to render, measured over HTTP against a
real `drafting serve` on loopback (the §9 target: no page over 300 ms for the
300-page, 1,000-comment benchmark dossier). Used by `benchmarks/workspace_pages.py`.
"""
from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

TARGET = 0.300
USER, PASSWORD = "pages-bench", "benchmark-password"
PAGES = ("/dossiers", "/dossiers/{id}", "/dossiers/{id}?pending=true", "/dossiers/{id}/table",
         "/dossiers/{id}/changes", "/dossiers/{id}/files")


@dataclass
class PageTimes:
    """Seconds per request of each page, after one warm-up request each."""
    samples: dict[str, list[float]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    first: dict[str, float] = field(default_factory=dict)     # the warm-up request (cold caches)
    saves: list[float] = field(default_factory=list)          # a page's save + its section's preview, one client

    def median(self, page: str) -> float:
        return statistics.median(self.samples[page])

    def worst(self) -> float:
        return max(self.median(page) for page in self.samples)

    def summary(self) -> str:
        lines = [f"  {page:<32} median {self.median(page) * 1000:6.0f} ms  max {max(self.samples[page]) * 1000:6.0f} ms"
                 f"  first {self.first[page] * 1000:6.0f} ms  {self.sizes[page] // 1024} KiB" for page in self.samples]
        verdict = "ok" if self.worst() <= TARGET else "FAILS"
        if self.saves:
            lines.append(f"  save + section preview (one client): median {statistics.median(self.saves) * 1000:.0f} ms, "
                         f"max {max(self.saves) * 1000:.0f} ms over {len(self.saves)} saves")
        return "\n".join(lines + [f"slowest page median {self.worst() * 1000:.0f} ms; target ≤ {TARGET * 1000:.0f} ms: {verdict}"])


@contextlib.contextmanager
def served_dossier(draft: Path, feedback: Path, db: str | None = None) -> Iterator[tuple[str, int]]:
    """A fresh `drafting serve` with a dossier of `draft` and the comments of
    `feedback`, for an editor `USER`: its base URL and the dossier's id (the
    page timings and the load benchmark both measure one)."""
    import httpx

    with tempfile.TemporaryDirectory(prefix="drafting-pages-") as data:
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
                client.headers["X-CSRF-Token"] = client.post(
                    "/api/login", json={"name": USER, "password": PASSWORD}).json()["csrf"]
                made = client.post("/api/dossiers", files={"file": (draft.name, draft.read_bytes())})
                made.raise_for_status()
                dossier = made.json()["id"]
                client.post(f"/api/dossiers/{dossier}/imports",
                            files=[("files", (feedback.name, feedback.read_bytes()))]).raise_for_status()
            yield url, dossier
        finally:
            server.terminate()
            server.wait(30)


def page_times(url: str, dossier: int, repeats: int = 5, user: str = USER, password: str = PASSWORD) -> PageTimes:
    """Each page of the dossier fetched `repeats` times by a signed-in client."""
    import httpx

    times = PageTimes()
    with httpx.Client(base_url=url, timeout=600) as client:
        client.post("/api/login", json={"name": user, "password": password}).raise_for_status()
        for pattern in PAGES:
            page = pattern.format(id=dossier)
            start = time.perf_counter()
            client.get(page).raise_for_status()         # warm-up: the draft read into the cache
            times.first[pattern] = time.perf_counter() - start
            samples = []
            for _ in range(repeats):
                start = time.perf_counter()
                answer = client.get(page)
                samples.append(time.perf_counter() - start)
                answer.raise_for_status()
            times.samples[pattern] = samples
            times.sizes[pattern] = len(answer.content)
        times.saves = save_times(client, dossier, repeats)
    return times


def save_times(client, dossier: int, count: int) -> list[float]:
    """What a page does on "Lưu": PUT the comment, then GET its section's preview."""
    client.headers["X-CSRF-Token"] = client.get("/api/me").json()["csrf"]
    comments = [c for c in client.get(f"/api/dossiers/{dossier}/comments").json() if c.get("section") and not c["edits"]][:count]
    out = []
    for n, comment in enumerate(comments):
        start = time.perf_counter()
        saved = client.put(f"/api/dossiers/{dossier}/comments/{comment['key']}",
                           json={"version": comment["version"], "decision": "noted", "response": f"Ghi nhận ({n})."})
        saved.raise_for_status()
        client.get(f"/api/dossiers/{dossier}/sections/{comment['section']}/preview").raise_for_status()
        out.append(time.perf_counter() - start)
    return out
