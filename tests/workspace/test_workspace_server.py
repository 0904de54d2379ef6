"""`drafting serve` as a real process on 127.0.0.1, on SQLite and PostgreSQL:
the CLI's accounts, the README's demo, a bounded load test, and a kill -9."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from support.workspace import DOCX, PASSWORD

from drafting.workspace.loadtest import run_load

DRAFTING = [sys.executable, "-m", "drafting"]
LOAD_SECONDS = float(os.environ.get("DRAFTING_LOAD_SECONDS", "5"))


def drafting(*args: str, stdin: str | None = None, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*DRAFTING, *args, "--data", str(data)], input=stdin, capture_output=True, text=True,
                          timeout=120)


class Server:
    def __init__(self, db_url: str, data: Path, *extra: str):
        data.mkdir(parents=True, exist_ok=True)
        self.log = (data / "serve.log").open("a+")       # a file: a full pipe would stall the server
        self.proc = subprocess.Popen([*DRAFTING, "serve", "--db", db_url, "--data", str(data), "--port", "0", *extra],
                                     stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.lines = []
        while True:
            line = self.proc.stdout.readline()
            if not line:
                self.log.seek(0)
                raise AssertionError(f"serve ended: {self.log.read()}")
            self.lines.append(line)
            if "http://" in line:
                break
        self.url = line.split("http://", 1)[1].split("/", 1)[0]
        self.url = "http://" + self.url

    def stop(self, sig=signal.SIGINT) -> int:
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(30)
        finally:
            self.proc.stdout.close()
            self.log.close()


@pytest.fixture
def account(db_url, tmp_path):
    added = subprocess.run([*DRAFTING, "users", "add", "an", "--role", "editor", "--db", db_url],
                           input=PASSWORD + "\n", capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    return "an"


@pytest.fixture
def server(db_url, tmp_path, account):
    running = Server(db_url, tmp_path / "data")
    yield running
    running.stop()


@contextlib.contextmanager
def _client(base: str, name: str = "an", password: str = PASSWORD):
    with httpx.Client(base_url=base, timeout=120) as client:
        answer = client.post("/api/login", json={"name": name, "password": password})
        assert answer.status_code == 200, answer.text
        client.headers["X-CSRF-Token"] = answer.json()["csrf"]
        yield client


def _example_dossier(client, example_draft, example_feedback) -> int:
    made = client.post("/api/dossiers", files={"file": (example_draft.name, example_draft.read_bytes(), DOCX)})
    assert made.status_code == 201, made.text
    dossier = made.json()["id"]
    imported = client.post(f"/api/dossiers/{dossier}/imports",
                           files=[("files", (example_feedback.name, example_feedback.read_bytes(), "text/yaml"))])
    assert imported.status_code == 200, imported.text
    return dossier


def test_users_add_list_passwd_and_disable(tmp_path):
    data = tmp_path / "data"
    assert drafting("users", "add", "binh", "--role", "reviewer", stdin="mật khẩu dài\n", data=data).returncode == 0
    assert drafting("users", "add", "binh", "--role", "editor", stdin="mật khẩu dài\n", data=data).returncode == 2
    assert drafting("users", "add", "x", "--role", "editor", stdin="short\n", data=data).returncode == 2
    assert drafting("users", "list", data=data).stdout.split() == ["binh", "reviewer"]
    assert drafting("users", "passwd", "binh", stdin="mật khẩu mới dài\n", data=data).returncode == 0
    assert drafting("users", "disable", "binh", data=data).returncode == 0
    assert drafting("users", "list", data=data).stdout.split() == ["binh", "reviewer", "disabled"]


def test_ctrl_c_stops_serve_cleanly(db_url, tmp_path, account):
    running = Server(db_url, tmp_path / "data")
    assert httpx.get(running.url + "/api/docs").status_code == 200
    assert running.stop(signal.SIGINT) == 0


def test_serve_answers_the_api_on_loopback(server, example_draft, example_feedback):
    assert server.url.startswith("http://127.0.0.1:")
    with _client(server.url) as client:
        dossier = _example_dossier(client, example_draft, example_feedback)
        assert client.get("/api/dossiers").json()[0]["id"] == dossier
        assert "/api/dossiers" in client.get("/api/docs").text


def test_a_disabled_account_cannot_sign_in(server, db_url):
    with _client(server.url) as client:
        assert client.get("/api/me").status_code == 200
        subprocess.run([*DRAFTING, "users", "disable", "an", "--db", db_url], check=True, capture_output=True,
                       timeout=120)
        assert client.get("/api/me").status_code == 401
        assert client.post("/api/login", json={"name": "an", "password": PASSWORD}).status_code == 401


def test_the_readme_demo_starts_with_user_demo_and_the_example_dossier(db_url, tmp_path):
    demo = Server(db_url, tmp_path / "data", "--demo")
    try:
        said = "".join(demo.lines)
        password = said.split("password ", 1)[1].split()[0]
        with _client(demo.url, "demo", password) as client:
            (dossier,) = client.get("/api/dossiers").json()
            summary = client.get(f"/api/dossiers/{dossier['id']}").json()
            assert summary["comments"] > 0 and summary["draft"]["name"] == "du-thao-chi-thi.docx"
    finally:
        demo.stop()


def test_concurrent_clients_lose_no_update_and_every_stale_save_is_a_409(server, example_draft, example_feedback):
    with _client(server.url) as client:
        dossier = _example_dossier(client, example_draft, example_feedback)
    report = run_load(server.url, dossier, "an", PASSWORD, clients=20, seconds=LOAD_SECONDS)
    print(report.summary())
    assert report.errors == [] and report.lost_updates == 0
    assert report.saves > 0 and report.conflicts > 0


def test_kill_9_during_saves_loses_no_committed_decision(db_url, tmp_path, account, example_draft,
                                                        example_feedback):
    data = tmp_path / "data"
    first = Server(db_url, data)
    with _client(first.url) as client:
        dossier = _example_dossier(client, example_draft, example_feedback)
        keys = [c["key"] for c in client.get(f"/api/dossiers/{dossier}/comments").json()]
    committed: dict[int, tuple[int, str]] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def save(k: int) -> None:
        with _client(first.url) as c:
            n = 0
            while not stop.is_set():
                key = keys[(k + n) % len(keys)]
                n += 1
                try:
                    current = c.get(f"/api/dossiers/{dossier}/comments/{key}").json()
                    text = f"Lưu {k}-{n}"
                    answer = c.put(f"/api/dossiers/{dossier}/comments/{key}",
                                   json={"version": current["version"], "response": text})
                except httpx.HTTPError:
                    return
                if answer.status_code == 200:
                    with lock:
                        if answer.json()["version"] > committed.get(key, (0, ""))[0]:
                            committed[key] = (answer.json()["version"], text)

    workers = [threading.Thread(target=save, args=(k,)) for k in range(6)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 30
    while len(committed) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.stop(signal.SIGKILL) == -signal.SIGKILL
    stop.set()
    for w in workers:
        w.join()
    assert committed
    second = Server(db_url, data)
    try:
        with _client(second.url) as client:
            for key, (version, text) in committed.items():
                now = client.get(f"/api/dossiers/{dossier}/comments/{key}").json()
                assert now["version"] >= version
                if now["version"] == version:
                    assert now["response"] == text
            assert client.get(f"/api/dossiers/{dossier}/problems").status_code == 200
    finally:
        second.stop()
    if db_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
